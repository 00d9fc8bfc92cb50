/* test-hazard-workflow.c: every transition and every guard of the hazard state machine */

#include "config.h"

#include <string.h>

#include "fc-error.h"
#include "fc-hazard-workflow.h"

#define ALL_STATUSES FC_N_HAZARD_STATUSES

typedef struct
{
  const char      *name;
  FcHazardStatus   from;
  FcHazardAction   action;
  FcHazardStatus   to;
  FcRoles          roles;
} Allowed;

/* The legal moves, each by a role that may make it, with every guard satisfied. */
static const Allowed allowed[] = {
  { "facility starts rectifying an open hazard", FC_HAZARD_OPEN,
    FC_HAZARD_ACTION_START_RECTIFICATION, FC_HAZARD_RECTIFYING, FC_ROLE_FACILITY_MANAGER },
  { "staff start rectifying a reopened hazard", FC_HAZARD_REOPENED,
    FC_HAZARD_ACTION_START_RECTIFICATION, FC_HAZARD_RECTIFYING, FC_ROLE_STAFF },
  { "facility submits for acceptance", FC_HAZARD_RECTIFYING,
    FC_HAZARD_ACTION_SUBMIT_FOR_ACCEPTANCE, FC_HAZARD_AWAITING_ACCEPTANCE, FC_ROLE_FACILITY_MANAGER },
  { "verifier accepts and closes out", FC_HAZARD_AWAITING_ACCEPTANCE,
    FC_HAZARD_ACTION_ACCEPT, FC_HAZARD_CLOSED, FC_ROLE_VERIFIER },
  { "verifier rejects back to rectifying", FC_HAZARD_AWAITING_ACCEPTANCE,
    FC_HAZARD_ACTION_REJECT, FC_HAZARD_RECTIFYING, FC_ROLE_VERIFIER },
  { "look-back inspector reopens", FC_HAZARD_CLOSED,
    FC_HAZARD_ACTION_REOPEN, FC_HAZARD_REOPENED, FC_ROLE_INSPECTOR },
};

static FcHazardFacts
good_facts (FcHazardStatus status)
{
  FcHazardFacts facts = {
    .status = status,
    .level = FC_HAZARD_LEVEL_MAJOR,
    .rectified_by = "rectifier",
    .supervised = TRUE,
    .after_photos = 2,
  };
  return facts;
}

static void
test_hazard_every_legal_move_is_allowed (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (allowed); i++)
    {
      FcHazardFacts facts = good_facts (allowed[i].from);
      FcActor actor = { "actor", allowed[i].roles };
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", allowed[i].name);
      g_assert_true (fc_hazard_check (&facts, allowed[i].action, &actor, "note", NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpint (fc_hazard_action_target (allowed[i].action), ==, allowed[i].to);
    }
}

static gboolean
is_allowed_move (FcHazardStatus from,
                 FcHazardAction action)
{
  for (guint i = 0; i < G_N_ELEMENTS (allowed); i++)
    if (allowed[i].from == from && allowed[i].action == action)
      return TRUE;
  return FALSE;
}

static void
test_hazard_every_other_move_is_refused_as_wrong_state (void)
{
  guint refused = 0;

  for (FcHazardStatus from = 0; from < ALL_STATUSES; from++)
    for (FcHazardAction action = 0; action < FC_N_HAZARD_ACTIONS; action++)
      {
        FcHazardFacts facts = good_facts (from);
        FcActor actor = { "actor", fc_hazard_action_roles (action) };
        FcHazardRefusal why;
        g_autoptr(GError) error = NULL;

        if (is_allowed_move (from, action))
          continue;
        g_assert_false (fc_hazard_check (&facts, action, &actor, "note", &why, &error));
        g_assert_error (error, FC_ERROR, FC_ERROR_GUARD);
        g_assert_cmpint (why, ==, FC_HAZARD_REFUSED_WRONG_STATE);
        refused++;
      }
  g_assert_cmpuint (refused, ==, ALL_STATUSES * FC_N_HAZARD_ACTIONS - G_N_ELEMENTS (allowed));
}

static void
test_hazard_only_listed_roles_may_move (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (allowed); i++)
    for (int r = 0; r < FC_N_ROLES; r++)
      {
        FcRoles role = 1 << r;
        FcHazardFacts facts = good_facts (allowed[i].from);
        FcActor actor = { "actor", role };
        gboolean may = (fc_hazard_action_roles (allowed[i].action) & role) != 0;
        FcHazardRefusal why = -1;
        g_autoptr(GError) error = NULL;

        g_assert_cmpint (fc_hazard_check (&facts, allowed[i].action, &actor, "note", &why, &error),
                         ==, may);
        if (!may)
          g_assert_cmpint (why, ==, FC_HAZARD_REFUSED_ROLE);
      }
}

static void
test_hazard_role_table_matches_design (void)
{
  g_assert_true (fc_hazard_action_roles (FC_HAZARD_ACTION_ACCEPT) & FC_ROLE_VERIFIER);
  g_assert_false (fc_hazard_action_roles (FC_HAZARD_ACTION_ACCEPT) & FC_ROLE_FACILITY_MANAGER);
  g_assert_false (fc_hazard_action_roles (FC_HAZARD_ACTION_ACCEPT) & FC_ROLE_ADMIN);
  g_assert_true (fc_hazard_action_roles (FC_HAZARD_ACTION_SUBMIT_FOR_ACCEPTANCE) & FC_ROLE_FACILITY_MANAGER);
  g_assert_false (fc_hazard_action_roles (FC_HAZARD_ACTION_SUBMIT_FOR_ACCEPTANCE) & FC_ROLE_VERIFIER);
}

typedef struct
{
  const char      *name;
  FcHazardAction   action;
  FcHazardFacts    facts;
  const char      *actor;
  FcRoles          roles;
  const char      *note;
  FcHazardRefusal  expected;
} Guard;

static const Guard guards[] = {
  { "verifier may not accept their own rectification", FC_HAZARD_ACTION_ACCEPT,
    { FC_HAZARD_AWAITING_ACCEPTANCE, FC_HAZARD_LEVEL_GENERAL, "p1", FALSE, 1 },
    "p1", FC_ROLE_VERIFIER, NULL, FC_HAZARD_REFUSED_VERIFIER_IS_RECTIFIER },
  { "verifier may not reject their own rectification", FC_HAZARD_ACTION_REJECT,
    { FC_HAZARD_AWAITING_ACCEPTANCE, FC_HAZARD_LEVEL_GENERAL, "p1", FALSE, 1 },
    "p1", FC_ROLE_VERIFIER | FC_ROLE_FACILITY_MANAGER, "no", FC_HAZARD_REFUSED_VERIFIER_IS_RECTIFIER },
  { "acceptance needs after-photos", FC_HAZARD_ACTION_ACCEPT,
    { FC_HAZARD_AWAITING_ACCEPTANCE, FC_HAZARD_LEVEL_GENERAL, "p1", FALSE, 0 },
    "p2", FC_ROLE_VERIFIER, NULL, FC_HAZARD_REFUSED_NO_AFTER_PHOTOS },
  { "major hazard needs listed supervision to close", FC_HAZARD_ACTION_ACCEPT,
    { FC_HAZARD_AWAITING_ACCEPTANCE, FC_HAZARD_LEVEL_MAJOR, "p1", FALSE, 3 },
    "p2", FC_ROLE_VERIFIER, NULL, FC_HAZARD_REFUSED_NOT_SUPERVISED },
  { "rejection needs a reason", FC_HAZARD_ACTION_REJECT,
    { FC_HAZARD_AWAITING_ACCEPTANCE, FC_HAZARD_LEVEL_GENERAL, "p1", FALSE, 1 },
    "p2", FC_ROLE_VERIFIER, "", FC_HAZARD_REFUSED_NO_REASON },
  { "reopening needs what the look-back found", FC_HAZARD_ACTION_REOPEN,
    { FC_HAZARD_CLOSED, FC_HAZARD_LEVEL_GENERAL, "p1", FALSE, 1 },
    "p2", FC_ROLE_INSPECTOR, NULL, FC_HAZARD_REFUSED_NO_REASON },
  { "an anonymous actor may do nothing", FC_HAZARD_ACTION_START_RECTIFICATION,
    { FC_HAZARD_OPEN, FC_HAZARD_LEVEL_GENERAL, NULL, FALSE, 0 },
    NULL, FC_ROLE_ADMIN, NULL, FC_HAZARD_REFUSED_NO_ACTOR },
  { "a move made offline after someone else moved it", FC_HAZARD_ACTION_SUBMIT_FOR_ACCEPTANCE,
    { FC_HAZARD_CLOSED, FC_HAZARD_LEVEL_GENERAL, "p1", FALSE, 1 },
    "p1", FC_ROLE_FACILITY_MANAGER, NULL, FC_HAZARD_REFUSED_WRONG_STATE },
};

static void
test_hazard_each_guard_refuses_with_its_reason (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (guards); i++)
    {
      FcActor actor = { guards[i].actor, guards[i].roles };
      FcHazardRefusal why = -1;
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", guards[i].name);
      g_assert_false (fc_hazard_check (&guards[i].facts, guards[i].action, &actor,
                                       guards[i].note, &why, &error));
      g_assert_error (error, FC_ERROR, FC_ERROR_GUARD);
      g_assert_nonnull (error->message);
      g_assert_cmpuint (strlen (error->message), >, 10);
      g_assert_cmpint (why, ==, guards[i].expected);
    }
}

static void
test_hazard_general_closes_without_supervision (void)
{
  FcHazardFacts facts = { FC_HAZARD_AWAITING_ACCEPTANCE, FC_HAZARD_LEVEL_GENERAL, "p1", FALSE, 1 };
  FcActor verifier = { "p2", FC_ROLE_VERIFIER };

  g_assert_true (fc_hazard_check (&facts, FC_HAZARD_ACTION_ACCEPT, &verifier, NULL, NULL, NULL));
}

static void
test_hazard_supervision_is_for_major_hazards_by_leaders (void)
{
  FcActor leader = { "l", FC_ROLE_LEADER };
  FcActor staff = { "s", FC_ROLE_STAFF };
  g_autoptr(GError) error = NULL;

  g_assert_true (fc_hazard_can_supervise (FC_HAZARD_LEVEL_MAJOR, &leader, NULL));
  g_assert_false (fc_hazard_can_supervise (FC_HAZARD_LEVEL_MAJOR, &staff, &error));
  g_assert_error (error, FC_ERROR, FC_ERROR_GUARD);
  g_clear_error (&error);
  g_assert_false (fc_hazard_can_supervise (FC_HAZARD_LEVEL_GENERAL, &leader, &error));
  g_assert_error (error, FC_ERROR, FC_ERROR_GUARD);
}

static void
test_hazard_deadline_defaults_by_level (void)
{
  g_autoptr(GDate) found = g_date_new_dmy (20, G_DATE_DECEMBER, 2026);
  g_autoptr(GDate) general = fc_hazard_default_deadline (FC_HAZARD_LEVEL_GENERAL, found, 30, 90);
  g_autoptr(GDate) major = fc_hazard_default_deadline (FC_HAZARD_LEVEL_MAJOR, found, 30, 90);

  g_assert_cmpint (g_date_days_between (found, general), ==, 30);
  g_assert_cmpint (g_date_days_between (found, major), ==, 90);
  g_assert_cmpint (g_date_get_year (general), ==, 2027);
}

static void
test_hazard_overdue_only_while_unfinished (void)
{
  g_autoptr(GDate) today = g_date_new_dmy (1, G_DATE_MARCH, 2027);

  g_assert_true (fc_hazard_is_overdue (FC_HAZARD_OPEN, "2027-02-28", today));
  g_assert_true (fc_hazard_is_overdue (FC_HAZARD_REOPENED, "2027-02-28", today));
  g_assert_false (fc_hazard_is_overdue (FC_HAZARD_OPEN, "2027-03-01", today));
  g_assert_false (fc_hazard_is_overdue (FC_HAZARD_CLOSED, "2027-01-01", today));
  g_assert_false (fc_hazard_is_overdue (FC_HAZARD_OPEN, "not a date", today));
  g_assert_false (fc_hazard_is_overdue (FC_HAZARD_OPEN, NULL, today));
}

static void
test_hazard_action_names_round_trip (void)
{
  for (FcHazardAction a = 0; a < FC_N_HAZARD_ACTIONS; a++)
    {
      FcHazardAction back;

      g_assert_true (fc_hazard_action_from_string (fc_hazard_action_to_string (a), &back));
      g_assert_cmpint (back, ==, a);
    }
  g_assert_false (fc_hazard_action_from_string ("close", NULL));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/hazard/every-legal-move-is-allowed", test_hazard_every_legal_move_is_allowed);
  g_test_add_func ("/hazard/every-other-move-is-refused", test_hazard_every_other_move_is_refused_as_wrong_state);
  g_test_add_func ("/hazard/only-listed-roles-may-move", test_hazard_only_listed_roles_may_move);
  g_test_add_func ("/hazard/role-table-matches-design", test_hazard_role_table_matches_design);
  g_test_add_func ("/hazard/each-guard-refuses-with-its-reason", test_hazard_each_guard_refuses_with_its_reason);
  g_test_add_func ("/hazard/general-closes-without-supervision", test_hazard_general_closes_without_supervision);
  g_test_add_func ("/hazard/supervision-is-for-major-by-leaders", test_hazard_supervision_is_for_major_hazards_by_leaders);
  g_test_add_func ("/hazard/deadline-defaults-by-level", test_hazard_deadline_defaults_by_level);
  g_test_add_func ("/hazard/overdue-only-while-unfinished", test_hazard_overdue_only_while_unfinished);
  g_test_add_func ("/hazard/action-names-round-trip", test_hazard_action_names_round_trip);
  return g_test_run ();
}
