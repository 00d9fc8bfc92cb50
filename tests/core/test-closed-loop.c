/* test-closed-loop.c: rectification plans, third-party acceptance, look-back and
 * whistle-blower reports — each guard, and one hazard taken around the whole loop */

#include "config.h"

#include <string.h>

#include "fc-error.h"
#include "fc-hazard-measures.h"
#include "fc-ledger.h"
#include "fc-lookback.h"
#include "fc-whistle.h"
#include "test-district.h"

static void
fixture_setup (District      *d,
               gconstpointer  data)
{
  g_autofree char *name = g_strconcat (data, ".db", NULL);

  g_strdelimit (name, "/", '-');
  district_setup (d, name);
}

static void
fixture_teardown (District      *d,
                  gconstpointer  data)
{
  district_teardown (d);
}

static char *
value_of (District   *d,
          const char *table,
          const char *field,
          const char *id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s WHERE id = '%s'", field, table, id);

  return test_text (d->store, sql);
}

#define assert_value(d, table, field, id, expected)        \
  G_STMT_START {                                           \
    g_autofree char *_v = value_of (d, table, field, id);  \
    g_assert_cmpstr (_v, ==, expected);                    \
  } G_STMT_END

/* ---- the rectification plan (五落实) ---- */

typedef struct
{
  const char      *name;
  FcHazardStatus   status;
  FcRoles          roles;
  gboolean         assigned;
  gboolean         sets_deadline;
  gboolean         allowed;
  FcHazardRefusal  refusal;
} MeasuresCase;

static const MeasuresCase measures_cases[] = {
  { "the facility's manager records its plan", FC_HAZARD_RECTIFYING,
    FC_ROLE_FACILITY_MANAGER, TRUE, FALSE, TRUE, 0 },
  { "bureau staff record a plan anywhere", FC_HAZARD_OPEN, FC_ROLE_STAFF, FALSE, FALSE, TRUE, 0 },
  { "bureau staff move the deadline", FC_HAZARD_REOPENED, FC_ROLE_STAFF, FALSE, TRUE, TRUE, 0 },
  { "a leader moves the deadline", FC_HAZARD_AWAITING_ACCEPTANCE, FC_ROLE_LEADER, FALSE, TRUE,
    TRUE, 0 },
  { "a manager of another facility may not", FC_HAZARD_OPEN, FC_ROLE_FACILITY_MANAGER, FALSE,
    FALSE, FALSE, FC_HAZARD_REFUSED_NOT_ASSIGNED },
  { "a facility manager may not move the deadline", FC_HAZARD_RECTIFYING,
    FC_ROLE_FACILITY_MANAGER, TRUE, TRUE, FALSE, FC_HAZARD_REFUSED_ROLE },
  { "an inspector does not write the facility's plan", FC_HAZARD_OPEN, FC_ROLE_INSPECTOR, TRUE,
    FALSE, FALSE, FC_HAZARD_REFUSED_ROLE },
  { "a verifier does not either", FC_HAZARD_AWAITING_ACCEPTANCE, FC_ROLE_VERIFIER, TRUE, FALSE,
    FALSE, FC_HAZARD_REFUSED_ROLE },
  { "a closed-out hazard's plan is history", FC_HAZARD_CLOSED, FC_ROLE_STAFF, TRUE, FALSE, FALSE,
    FC_HAZARD_REFUSED_WRONG_STATE },
};

static void
test_measures_each_guard_decides (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (measures_cases); i++)
    {
      const MeasuresCase *c = &measures_cases[i];
      FcActor actor = { "someone", c->roles };
      FcHazardRefusal why = -1;
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", c->name);
      g_assert_cmpint (fc_hazard_measures_check (c->status, &actor, c->assigned, c->sets_deadline,
                                                 &why, &error), ==, c->allowed);
      if (c->allowed)
        g_assert_no_error (error);
      else
        {
          g_assert_error (error, FC_ERROR, FC_ERROR_GUARD);
          g_assert_cmpint (why, ==, c->refusal);
        }
    }
}

static void
test_measures_need_someone_signed_in (void)
{
  FcActor nobody = { NULL, FC_ROLE_ADMIN };
  FcHazardRefusal why = -1;

  g_assert_false (fc_hazard_measures_check (FC_HAZARD_OPEN, &nobody, TRUE, FALSE, &why, NULL));
  g_assert_cmpint (why, ==, FC_HAZARD_REFUSED_NO_ACTOR);
}

static void
test_measures_recorded_by_facility_change_only_the_plan (District      *d,
                                                         gconstpointer  data)
{
  FcHazardMeasures plan = {
    .responsible_person = "刘国平", .measures = "拆除彩钢板，清理通道", .funds = "12000.5",
    .plan = "疏散预案已修订", .interim_controls = "设置警戒，暂停使用",
  };
  gint64 ops = test_count (d->store, "SELECT count (*) FROM op_log");
  g_autoptr(GError) error = NULL;

  fc_store_set_user (d->store, d->manager1);
  g_assert_true (fc_hazards_record_measures (d->store, d->h_overdue, &plan, &error));
  g_assert_no_error (error);
  assert_value (d, "hazard", "responsible_person", d->h_overdue, "刘国平");
  assert_value (d, "hazard", "measures", d->h_overdue, "拆除彩钢板，清理通道");
  assert_value (d, "hazard", "funds", d->h_overdue, "12000.5");
  assert_value (d, "hazard", "plan", d->h_overdue, "疏散预案已修订");
  assert_value (d, "hazard", "interim_controls", d->h_overdue, "设置警戒，暂停使用");
  assert_value (d, "hazard", "responsible_party", d->h_overdue, "机构负责人");
  assert_value (d, "hazard", "status", d->h_overdue, "open");
  assert_value (d, "hazard", "deadline", d->h_overdue, "2026-10-01");
  g_assert_cmpint (test_count (d->store, "SELECT count (*) FROM op_log"), ==, ops + 1);
}

static void
test_measures_refusals_change_nothing (District      *d,
                                       gconstpointer  data)
{
  const struct
  {
    const char *name;
    const char *as;
    const char *hazard;
    const char *field;
    const char *value;
    int         code;
  } refusals[] = {
    { "another facility's manager", d->manager2, d->h_overdue, "measures", "x", FC_ERROR_GUARD },
    { "a manager moving the deadline", d->manager1, d->h_overdue, "deadline", "2027-01-01",
      FC_ERROR_GUARD },
    { "funds that are not an amount", d->manager1, d->h_overdue, "funds", "一万", FC_ERROR_INVALID },
    { "negative funds", d->manager1, d->h_overdue, "funds", "-5", FC_ERROR_INVALID },
    { "a deadline that is not a day", d->staff, d->h_overdue, "deadline", "2027-02-30",
      FC_ERROR_INVALID },
    { "no deadline at all", d->staff, d->h_overdue, "deadline", "", FC_ERROR_INVALID },
    { "a closed-out hazard", d->staff, d->h_closed, "measures", "x", FC_ERROR_GUARD },
    { "a field that is not part of the plan", d->staff, d->h_overdue, "status", "closed",
      FC_ERROR_INVALID },
  };
  gint64 ops = test_count (d->store, "SELECT count (*) FROM op_log");

  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      FcHazardMeasures plan = { 0 };
      g_autoptr(GError) error = NULL;
      g_autofree char *before = value_of (d, "hazard", "measures", refusals[i].hazard);

      g_test_message ("%s", refusals[i].name);
      fc_store_set_user (d->store, refusals[i].as);
      if (fc_hazard_measures_set (&plan, refusals[i].field, refusals[i].value, &error))
        g_assert_false (fc_hazards_record_measures (d->store, refusals[i].hazard, &plan, &error));
      g_assert_error (error, FC_ERROR, refusals[i].code);
      g_assert_cmpuint (strlen (error->message), >, 10);
      assert_value (d, "hazard", "measures", refusals[i].hazard, before);
    }
  g_assert_cmpint (test_count (d->store, "SELECT count (*) FROM op_log"), ==, ops);
}

static void
test_measures_bureau_moves_the_deadline (District      *d,
                                         gconstpointer  data)
{
  FcHazardMeasures plan = { .deadline = "2026-12-15" };
  FcLedgerFilter overdue = { .today = DISTRICT_TODAY, .overdue_only = TRUE };
  g_autoptr(FcLedger) ledger = NULL;

  fc_store_set_user (d->store, d->staff);
  g_assert_true (fc_hazards_record_measures (d->store, d->h_overdue, &plan, NULL));
  assert_value (d, "hazard", "deadline", d->h_overdue, "2026-12-15");
  ledger = fc_ledger_query (d->store, &overdue, NULL);
  g_assert_cmpuint (ledger->len, ==, 1);
  g_assert_cmpstr (ledger->rows[0].id, ==, d->h_reopened);
}

static void
test_measures_are_checked_when_merged_from_elsewhere (District      *d,
                                                      gconstpointer  data)
{
  g_autoptr(FcOp) forged = fc_op_new_update ("hazard", d->h_overdue);
  g_autoptr(GError) error = NULL;
  FcApplyResult result;

  fc_op_set_string (forged, "measures", "改为不整改");
  forged->op_id = g_uuid_string_random ();
  forged->device_id = g_strdup ("another-tablet");
  forged->device_seq = 1;
  forged->user_id = g_strdup (d->manager2);
  forged->hlc = FC_HLC_MAKE (d->wall, 5);
  g_assert_false (fc_store_apply_remote (d->store, forged, &result, &error));
  g_assert_error (error, FC_ERROR, FC_ERROR_GUARD);
  assert_value (d, "hazard", "measures", d->h_overdue, "清理杂物");
}

/* ---- acceptance and rejection ---- */

static void
test_acceptance_names_the_third_party_organisation (District      *d,
                                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fc_store_set_user (d->store, d->third_party);
  g_assert_true (fc_hazards_transition_full (d->store, d->h_awaiting, FC_HAZARD_ACTION_ACCEPT,
                                             "复核合格", NULL, "重庆市安全评价中心", NULL, &error));
  g_assert_no_error (error);
  assert_value (d, "hazard", "status", d->h_awaiting, "closed");
  assert_value (d, "hazard", "verifier_org", d->h_awaiting, "重庆市安全评价中心");
  assert_value (d, "hazard", "verifier_id", d->h_awaiting, d->third_party);
  g_assert_cmpint (test_count (d->store, "SELECT count (*) FROM hazard_event WHERE "
                                         "verifier_org = '重庆市安全评价中心'"), ==, 1);
}

static void
test_acceptance_defaults_to_the_verifiers_organisation (District      *d,
                                                        gconstpointer  data)
{
  fc_store_set_user (d->store, d->third_party);
  g_assert_true (fc_hazards_transition (d->store, d->h_awaiting, FC_HAZARD_ACTION_ACCEPT, NULL,
                                        NULL, NULL));
  assert_value (d, "hazard", "verifier_org", d->h_awaiting, "渝安安全技术评价有限公司");
}

static void
test_rejection_keeps_the_reason_for_the_ledger (District      *d,
                                                gconstpointer  data)
{
  FcLedgerFilter filter = { .today = DISTRICT_TODAY, .categories = 1 << FC_CATEGORY_GAS };
  g_autoptr(FcLedger) ledger = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  fc_store_set_user (d->store, d->third_party);
  g_assert_false (fc_hazards_transition (d->store, d->h_awaiting, FC_HAZARD_ACTION_REJECT, "",
                                         NULL, &error));
  g_assert_error (error, FC_ERROR, FC_ERROR_GUARD);
  g_assert_true (fc_hazards_transition (d->store, d->h_awaiting, FC_HAZARD_ACTION_REJECT,
                                        "软管未使用金属波纹管", NULL, NULL));
  assert_value (d, "hazard", "status", d->h_awaiting, "rectifying");
  assert_value (d, "hazard", "acceptance_outcome", d->h_awaiting, "rejected");
  assert_value (d, "hazard", "verifier_org", d->h_awaiting, "渝安安全技术评价有限公司");
  ledger = fc_ledger_query (d->store, &filter, NULL);
  text = fc_ledger_acceptance_text (&ledger->rows[0]);
  g_assert_nonnull (strstr (text, "软管未使用金属波纹管"));
  g_assert_nonnull (strstr (text, "渝安安全技术评价有限公司"));
}

static void
test_verifier_org_changes_only_through_the_workflow (District      *d,
                                                     gconstpointer  data)
{
  g_autoptr(FcOp) op = fc_op_new_update ("hazard", d->h_closed);
  g_autoptr(GError) error = NULL;

  fc_store_set_user (d->store, d->admin);
  fc_op_set_string (op, "verifier_org", "某公司");
  g_assert_false (fc_store_write (d->store, op, &error));
  g_assert_error (error, FC_ERROR, FC_ERROR_GUARD);
  assert_value (d, "hazard", "verifier_org", d->h_closed, "区民政局");
}

/* ---- look-back (回头看) ---- */

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static GPtrArray *
scheduled_ids (FcStore *store)
{
  g_autoptr(JsonArray) rows = fc_lookback_list (store, NULL, NULL, FALSE, NULL);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  g_assert_nonnull (rows);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    g_ptr_array_add (ids, g_strdup (json_object_get_string_member (
                                      json_array_get_object_element (rows, i), "hazard_id")));
  g_ptr_array_sort (ids, compare_ids);
  return ids;
}

static void
add_closed_generals (District *d,
                     guint     n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *h = district_hazard (d, i % 2 ? d->f1 : d->f2, FC_CATEGORY_OTHER,
                                            FC_HAZARD_LEVEL_GENERAL, "食品留样记录不全",
                                            "2026-05-01T09:00:00+08:00", "2026-05-31");

      district_close (d, h, i % 2 ? d->manager1 : d->manager2, "2026-05-20T09:00:00+08:00");
    }
}

static void
test_lookback_takes_every_major_and_a_share_of_general (District      *d,
                                                        gconstpointer  data)
{
  FcLookbackPlan plan = { .day = "2026-11-29", .general_share = 0.25, .seed = 7 };
  FcLookbackSummary summary;
  g_autoptr(GError) error = NULL;

  add_closed_generals (d, 39);   /* with h_closed: 40 general close-outs */
  fc_store_set_user (d->store, d->staff);
  g_assert_true (fc_lookback_schedule (d->store, &plan, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.major, ==, 1);             /* h_major_closed */
  g_assert_cmpuint (summary.general_candidates, ==, 40);
  g_assert_cmpuint (summary.sampled, ==, 10);
  g_assert_cmpint (test_count (d->store, "SELECT count (*) FROM lookback WHERE reason = 'major'"),
                   ==, 1);
  g_assert_cmpint (test_count (d->store, "SELECT count (*) FROM lookback WHERE reason = 'sampled'"),
                   ==, 10);
  g_assert_cmpint (test_count (d->store, "SELECT count (*) FROM lookback "
                                         "WHERE due_on = '2026-12-29' AND outcome = 'pending'"),
                   ==, 11);

  /* The next round re-checks none of these close-outs again. */
  g_assert_true (fc_lookback_schedule (d->store, &plan, &summary, NULL));
  g_assert_cmpuint (summary.major, ==, 0);
  g_assert_cmpuint (summary.general_candidates, ==, 30);
}

static void
test_lookback_only_close_outs_since_a_day (District      *d,
                                           gconstpointer  data)
{
  FcLookbackPlan plan = { .day = "2026-11-29", .closed_since = "2026-08-01", .general_share = 1 };
  FcLookbackSummary summary;

  fc_store_set_user (d->store, d->leader1);
  g_assert_true (fc_lookback_schedule (d->store, &plan, &summary, NULL));
  /* h_closed (08-20) and h_major_closed (09-01); h_reopened is not closed. */
  g_assert_cmpuint (summary.major, ==, 1);
  g_assert_cmpuint (summary.sampled, ==, 1);
}

static void
test_lookback_pick_depends_only_on_seed_and_day (District      *d,
                                                 gconstpointer  data)
{
  g_autofree char *same_path = test_scratch_path ("lookback-same.db");
  g_autofree char *other_path = test_scratch_path ("lookback-other.db");
  g_autofree char *copy_same = g_strdup_printf ("VACUUM INTO '%s'", same_path);
  g_autofree char *copy_other = g_strdup_printf ("VACUUM INTO '%s'", other_path);
  FcLookbackPlan plan = { .day = "2026-11-29", .general_share = 0.25, .seed = 7 };
  FcLookbackPlan reseeded = { .day = "2026-11-29", .general_share = 0.25, .seed = 8 };
  g_autoptr(FcStore) same = NULL;
  g_autoptr(FcStore) other = NULL;
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GPtrArray) different = NULL;
  gboolean identical = TRUE;

  add_closed_generals (d, 39);
  fc_store_set_user (d->store, d->staff);
  g_assert_true (fc_store_exec (d->store, copy_same, NULL));
  g_assert_true (fc_store_exec (d->store, copy_other, NULL));
  same = fc_store_open_full (same_path, test_fixed_wall, &d->wall, NULL);
  other = fc_store_open_full (other_path, test_fixed_wall, &d->wall, NULL);
  g_assert_nonnull (same);
  g_assert_nonnull (other);

  g_assert_true (fc_lookback_schedule (d->store, &plan, NULL, NULL));
  g_assert_true (fc_lookback_schedule (same, &plan, NULL, NULL));
  g_assert_true (fc_lookback_schedule (other, &reseeded, NULL, NULL));
  first = scheduled_ids (d->store);
  again = scheduled_ids (same);
  different = scheduled_ids (other);

  g_assert_cmpuint (first->len, ==, 11);
  g_assert_cmpuint (again->len, ==, 11);
  g_assert_cmpuint (different->len, ==, 11);
  for (guint i = 0; i < first->len; i++)
    {
      g_assert_cmpstr (first->pdata[i], ==, again->pdata[i]);
      identical &= g_str_equal (first->pdata[i], different->pdata[i]);
    }
  /* Ten of forty picked the same way by another seed: about one chance in 10^9. */
  g_assert_false (identical);
}

static void
test_lookback_schedule_refusals (District      *d,
                                 gconstpointer  data)
{
  const struct
  {
    const char     *name;
    const char     *as;
    FcLookbackPlan  plan;
    int             code;
  } refusals[] = {
    { "a share above one", d->staff, { .day = "2026-11-29", .general_share = 1.5 }, FC_ERROR_INVALID },
    { "a negative share", d->staff, { .day = "2026-11-29", .general_share = -0.1 }, FC_ERROR_INVALID },
    { "a day that is not one", d->staff, { .day = "2026-13-01" }, FC_ERROR_INVALID },
    { "a facility manager", d->manager1, { .day = "2026-11-29" }, FC_ERROR_GUARD },
    { "an inspector", d->inspector, { .day = "2026-11-29" }, FC_ERROR_GUARD },
  };

  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", refusals[i].name);
      fc_store_set_user (d->store, refusals[i].as);
      g_assert_false (fc_lookback_schedule (d->store, &refusals[i].plan, NULL, &error));
      g_assert_error (error, FC_ERROR, refusals[i].code);
    }
  g_assert_cmpint (test_count (d->store, "SELECT count (*) FROM lookback"), ==, 0);
}

static char *
scheduled_for (District   *d,
               const char *hazard)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM lookback WHERE hazard_id = '%s'", hazard);

  return test_text (d->store, sql);
}

static void
test_lookback_results_are_recorded_once (District      *d,
                                         gconstpointer  data)
{
  FcLookbackPlan plan = { .day = "2026-11-29", .general_share = 1 };
  g_autofree char *held = NULL;
  g_autofree char *rebound = NULL;
  g_autoptr(JsonArray) pending = NULL;
  g_autoptr(GError) error = NULL;

  fc_store_set_user (d->store, d->staff);
  g_assert_true (fc_lookback_schedule (d->store, &plan, NULL, NULL));
  held = scheduled_for (d, d->h_closed);
  rebound = scheduled_for (d, d->h_major_closed);
  g_assert_nonnull (held);
  g_assert_nonnull (rebound);

  fc_store_set_user (d->store, d->manager2);
  g_assert_false (fc_lookback_record (d->store, held, FC_LOOKBACK_HELD, NULL, NULL, NULL, &error));
  g_assert_error (error, FC_ERROR, FC_ERROR_GUARD);
  g_clear_error (&error);

  fc_store_set_user (d->store, d->inspector);
  g_assert_true (fc_lookback_record (d->store, held, FC_LOOKBACK_HELD, "未反弹", NULL, NULL, &error));
  g_assert_no_error (error);
  assert_value (d, "lookback", "outcome", held, "held");
  assert_value (d, "hazard", "status", d->h_closed, "closed");
  g_assert_false (fc_lookback_record (d->store, held, FC_LOOKBACK_REBOUND, "又坏了", NULL, NULL,
                                      &error));
  g_assert_error (error, FC_ERROR, FC_ERROR_GUARD);
  g_clear_error (&error);

  g_assert_false (fc_lookback_record (d->store, rebound, FC_LOOKBACK_REBOUND, "", NULL, NULL,
                                      &error));
  g_assert_error (error, FC_ERROR, FC_ERROR_GUARD);
  g_clear_error (&error);
  assert_value (d, "lookback", "outcome", rebound, "pending");

  pending = fc_lookback_list (d->store, "2026-11-29", NULL, TRUE, NULL);
  g_assert_cmpuint (json_array_get_length (pending), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (pending, 0), "id"),
                   ==, rebound);
}

static void
test_lookback_of_a_hazard_reopened_since_no_longer_applies (District      *d,
                                                            gconstpointer  data)
{
  FcLookbackPlan plan = { .day = "2026-11-29", .general_share = 1 };
  g_autofree char *id = NULL;
  g_autoptr(GError) error = NULL;

  fc_store_set_user (d->store, d->staff);
  g_assert_true (fc_lookback_schedule (d->store, &plan, NULL, NULL));
  id = scheduled_for (d, d->h_closed);
  district_move (d, d->verifier, d->h_closed, FC_HAZARD_ACTION_REOPEN, "群众反映",
                 "2026-11-29T09:00:00+08:00");
  fc_store_set_user (d->store, d->inspector);
  g_assert_false (fc_lookback_record (d->store, id, FC_LOOKBACK_HELD, NULL, NULL, NULL, &error));
  g_assert_error (error, FC_ERROR, FC_ERROR_GUARD);
  assert_value (d, "hazard", "reopen_count", d->h_closed, "1");
}

/* ---- whistle-blower reports (安全吹哨人) ---- */

static char *
report (District   *d,
        gboolean    anonymous,
        const char *name)
{
  FcWhistleReport r = {
    .channel = FC_WHISTLE_PHONE, .anonymous = anonymous, .reporter_name = name,
    .reporter_contact = "13800000000", .facility_id = d->f1,
    .description = "楼梯间有电动自行车充电", .location = "一楼楼梯间",
    .received_at = "2026-11-25T20:15:00+08:00",
  };
  g_autoptr(GError) error = NULL;
  char *id;

  fc_store_set_user (d->store, d->staff);
  id = fc_whistle_record (d->store, &r, &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);
  return id;
}

static void
test_whistle_triage_makes_a_hazard_found_when_reported (District      *d,
                                                        gconstpointer  data)
{
  g_autofree char *id = report (d, FALSE, "陈小琴");
  g_autofree char *hazard = NULL;
  g_autoptr(JsonArray) rows = NULL;
  JsonObject *row;
  FcLedgerFilter filter = { .today = DISTRICT_TODAY, .search = "电动自行车" };
  g_autoptr(FcLedger) ledger = NULL;
  g_autoptr(GError) error = NULL;

  fc_store_set_user (d->store, d->staff);
  hazard = fc_whistle_triage (d->store, id, FC_CATEGORY_ELECTRICAL, FC_HAZARD_LEVEL_GENERAL, NULL,
                              NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (hazard);
  assert_value (d, "hazard", "source", hazard, "whistleblower");
  assert_value (d, "hazard", "facility_id", hazard, d->f1);
  assert_value (d, "hazard", "found_at", hazard, "2026-11-25T20:15:00+08:00");
  assert_value (d, "hazard", "deadline", hazard, "2026-12-25");
  assert_value (d, "hazard", "status", hazard, "open");

  rows = fc_whistle_list (d->store, NULL, NULL);
  g_assert_cmpuint (json_array_get_length (rows), ==, 1);
  row = json_array_get_object_element (rows, 0);
  g_assert_cmpstr (json_object_get_string_member (row, "status"), ==, "triaged");
  g_assert_cmpstr (json_object_get_string_member (row, "hazard_id"), ==, hazard);
  g_assert_cmpstr (json_object_get_string_member (row, "reporter_name"), ==, "陈小琴");

  ledger = fc_ledger_query (d->store, &filter, NULL);
  g_assert_cmpuint (ledger->len, ==, 1);
  g_assert_cmpstr (fc_ledger_source_label (&ledger->rows[0]), ==, "Whistle-blower report");

  g_assert_true (fc_whistle_commend (d->store, id, "全区通报表扬", &error));
  g_assert_no_error (error);
  g_clear_pointer (&rows, json_array_unref);
  {
    FcWhistleFilter commended = { .commended_only = TRUE };

    rows = fc_whistle_list (d->store, &commended, NULL);
  }
  g_assert_cmpuint (json_array_get_length (rows), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 0),
                                                  "commendation"), ==, "全区通报表扬");
}

static void
test_whistle_anonymous_report_keeps_no_name (District      *d,
                                             gconstpointer  data)
{
  g_autofree char *id = report (d, TRUE, "不应保存的名字");

  assert_value (d, "whistle_report", "reporter_name", id, NULL);
  assert_value (d, "whistle_report", "anonymous", id, "1");
}

typedef enum { NEW_NAMED, NEW_ANONYMOUS, TRIAGED, DISMISSED, COMMENDED } Prior;
typedef enum { DO_TRIAGE, DO_DISMISS, DO_COMMEND } Decision;

static void
test_whistle_each_decision_guard_refuses (District      *d,
                                          gconstpointer  data)
{
  const struct
  {
    const char *name;
    Prior       prior;
    const char *as;
    Decision    decision;
    const char *reason;
  } refusals[] = {
    { "a facility manager does not triage", NEW_NAMED, d->manager1, DO_TRIAGE, NULL },
    { "an inspector does not dismiss", NEW_NAMED, d->inspector, DO_DISMISS, "重复" },
    { "a dismissal gives its reason", NEW_NAMED, d->staff, DO_DISMISS, "" },
    { "a report is triaged once", TRIAGED, d->staff, DO_TRIAGE, NULL },
    { "a triaged report is not dismissed", TRIAGED, d->leader1, DO_DISMISS, "重复" },
    { "a dismissed report is not triaged", DISMISSED, d->staff, DO_TRIAGE, NULL },
    { "a new report is not commended", NEW_NAMED, d->staff, DO_COMMEND, NULL },
    { "a dismissed report is not commended", DISMISSED, d->staff, DO_COMMEND, NULL },
    { "an anonymous report names nobody to commend", NEW_ANONYMOUS, d->staff, DO_COMMEND, NULL },
    { "a report is commended once", COMMENDED, d->staff, DO_COMMEND, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autofree char *id = report (d, refusals[i].prior == NEW_ANONYMOUS, "向正阳");
      g_autofree char *hazard = NULL;
      g_autoptr(GError) error = NULL;
      gint64 hazards, actions;
      gboolean ok;

      g_test_message ("%s", refusals[i].name);
      fc_store_set_user (d->store, d->staff);
      if (refusals[i].prior == NEW_ANONYMOUS || refusals[i].prior >= TRIAGED)
        {
          if (refusals[i].prior == DISMISSED)
            g_assert_true (fc_whistle_dismiss (d->store, id, "与已有隐患重复", NULL));
          else
            {
              hazard = fc_whistle_triage (d->store, id, FC_CATEGORY_ELECTRICAL,
                                          FC_HAZARD_LEVEL_GENERAL, NULL, NULL, NULL);
              g_assert_nonnull (hazard);
            }
          if (refusals[i].prior == COMMENDED)
            g_assert_true (fc_whistle_commend (d->store, id, NULL, NULL));
        }
      hazards = test_count (d->store, "SELECT count (*) FROM hazard");
      actions = test_count (d->store, "SELECT count (*) FROM whistle_action");

      fc_store_set_user (d->store, refusals[i].as);
      switch (refusals[i].decision)
        {
        case DO_TRIAGE:
          g_clear_pointer (&hazard, g_free);
          hazard = fc_whistle_triage (d->store, id, FC_CATEGORY_OTHER, FC_HAZARD_LEVEL_GENERAL,
                                      NULL, NULL, &error);
          ok = hazard != NULL;
          break;
        case DO_DISMISS:
          ok = fc_whistle_dismiss (d->store, id, refusals[i].reason, &error);
          break;
        case DO_COMMEND:
        default:
          ok = fc_whistle_commend (d->store, id, NULL, &error);
        }
      g_assert_false (ok);
      g_assert_error (error, FC_ERROR, FC_ERROR_GUARD);
      g_assert_cmpint (test_count (d->store, "SELECT count (*) FROM hazard"), ==, hazards);
      g_assert_cmpint (test_count (d->store, "SELECT count (*) FROM whistle_action"), ==, actions);
    }
}

static void
test_whistle_report_needs_what_it_says_and_who (District      *d,
                                                gconstpointer  data)
{
  const struct
  {
    const char      *name;
    const char      *as;
    FcWhistleReport  report;
    int              code;
  } refusals[] = {
    { "nobody signed in", NULL,
      { .channel = FC_WHISTLE_ONLINE, .anonymous = TRUE, .facility_id = d->f1, .description = "x" },
      FC_ERROR_GUARD },
    { "a named report without a name", d->staff,
      { .channel = FC_WHISTLE_EMAIL, .facility_id = d->f1, .description = "x" }, FC_ERROR_INVALID },
    { "nothing reported", d->staff,
      { .channel = FC_WHISTLE_IN_PERSON, .anonymous = TRUE, .facility_id = d->f1, .description = "" },
      FC_ERROR_INVALID },
    { "no such facility", d->staff,
      { .channel = FC_WHISTLE_PHONE, .anonymous = TRUE, .facility_id = "nowhere", .description = "x" },
      FC_ERROR_NOT_FOUND },
  };

  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *id = NULL;

      g_test_message ("%s", refusals[i].name);
      fc_store_set_user (d->store, refusals[i].as);
      id = fc_whistle_record (d->store, &refusals[i].report, &error);
      g_assert_null (id);
      g_assert_error (error, FC_ERROR, refusals[i].code);
    }
  g_assert_cmpint (test_count (d->store, "SELECT count (*) FROM whistle_report"), ==, 0);
}

static void
test_whistle_second_decision_from_elsewhere_is_refused (District      *d,
                                                        gconstpointer  data)
{
  g_autofree char *id = report (d, FALSE, "彭文彬");
  g_autofree char *hazard = NULL;
  g_autoptr(FcOp) forged = fc_op_new_insert ("whistle_action", NULL);
  g_autoptr(GError) error = NULL;
  FcApplyResult result;

  fc_store_set_user (d->store, d->staff);
  hazard = fc_whistle_triage (d->store, id, FC_CATEGORY_ELECTRICAL, FC_HAZARD_LEVEL_MAJOR, NULL,
                              NULL, NULL);
  g_assert_nonnull (hazard);

  /* Another office dismissed the same report offline. */
  fc_op_set_string (forged, "report_id", id);
  fc_op_set_string (forged, "action", "dismiss");
  fc_op_set_string (forged, "reason", "不属实");
  fc_op_set_string (forged, "actor_id", d->leader1);
  fc_op_set_string (forged, "actor_role", "leader");
  fc_op_set_string (forged, "at", "2026-11-26T09:00:00+08:00");
  forged->op_id = g_uuid_string_random ();
  forged->device_id = g_strdup ("office-2");
  forged->device_seq = 1;
  forged->user_id = g_strdup (d->leader1);
  forged->hlc = FC_HLC_MAKE (d->wall, 9);
  g_assert_false (fc_store_apply_remote (d->store, forged, &result, &error));
  g_assert_error (error, FC_ERROR, FC_ERROR_GUARD);
  g_assert_cmpint (test_count (d->store, "SELECT count (*) FROM whistle_action"), ==, 1);
}

static void
test_whistle_reports_never_change (District      *d,
                                   gconstpointer  data)
{
  g_autofree char *id = report (d, FALSE, "邓思远");
  g_autoptr(FcOp) op = fc_op_new_update ("whistle_report", id);
  g_autoptr(GError) error = NULL;

  fc_store_set_user (d->store, d->admin);
  fc_op_set_string (op, "description", "改写后的内容");
  g_assert_false (fc_store_write (d->store, op, &error));
  g_assert_nonnull (error);
  assert_value (d, "whistle_report", "description", id, "楼梯间有电动自行车充电");
}

/* ---- the whole loop ---- */

typedef struct
{
  const char *action;
  const char *from;
  const char *to;
  gsize       actor;      /* offset of the person in District */
  const char *role;
  const char *at;
  const char *note;
  const char *verifier_org;
} Event;

static void
test_hazard_goes_around_the_whole_loop (District      *d,
                                        gconstpointer  data)
{
#define P(field) G_STRUCT_OFFSET (District, field)
  static const Event expected[] = {
    { "record", NULL, "open", P (inspector), "inspector", "2026-10-05T09:30:00+08:00", NULL, NULL },
    { "start_rectification", "open", "rectifying", P (manager1), "facility_manager",
      "2026-10-06T10:00:00+08:00", "已制定整改方案", NULL },
    { "submit_for_acceptance", "rectifying", "awaiting_acceptance", P (manager1),
      "facility_manager", "2026-10-20T15:00:00+08:00", "整改完成，申请验收", NULL },
    { "reject", "awaiting_acceptance", "rectifying", P (third_party), "verifier",
      "2026-10-22T10:00:00+08:00", "防盗网逃生口尺寸不足", "渝安安全技术评价有限公司" },
    { "submit_for_acceptance", "rectifying", "awaiting_acceptance", P (manager1),
      "facility_manager", "2026-10-28T15:00:00+08:00", "逃生口已扩大", NULL },
    { "accept", "awaiting_acceptance", "closed", P (third_party), "verifier",
      "2026-11-02T10:00:00+08:00", "复核合格，同意销号", "渝安安全技术评价有限公司" },
    { "reopen", "closed", "reopened", P (inspector), "inspector", "2026-11-27T10:00:00+08:00",
      "回头看发现防盗网又被封闭", NULL },
    { "start_rectification", "reopened", "rectifying", P (manager1), "facility_manager",
      "2026-11-28T09:00:00+08:00", "再次整改", NULL },
  };
#undef P
  FcHazardRecord record = {
    .facility_id = d->f1, .category = FC_CATEGORY_FIRE_EXIT, .level = FC_HAZARD_LEVEL_MAJOR,
    .description = "安全出口锁闭，窗户防盗网无逃生口", .location = "一楼",
    .criterion = "YL 第四条（三）", .found_at = "2026-10-05T09:30:00+08:00",
  };
  FcHazardMeasures plan = {
    .responsible_party = "青岚福寿敬老院", .responsible_person = "刘国平",
    .measures = "拆除锁具，防盗网开设逃生口", .funds = "8000", .plan = "夜间专人值守",
  };
  FcLookbackPlan round = { .day = "2026-11-20", .general_share = 0, .seed = 1 };
  FcLookbackSummary summary;
  g_autofree char *hazard = NULL;
  g_autofree char *lookback = NULL;
  g_autoptr(sqlite3_stmt) events = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  fc_store_set_user (d->store, d->inspector);
  hazard = fc_hazards_record (d->store, &record, &error);
  g_assert_no_error (error);
  assert_value (d, "hazard", "deadline", hazard, "2027-01-03");

  fc_store_set_user (d->store, d->manager1);
  g_assert_true (fc_hazards_record_measures (d->store, hazard, &plan, &error));
  g_assert_no_error (error);
  district_move (d, d->manager1, hazard, FC_HAZARD_ACTION_START_RECTIFICATION, "已制定整改方案",
                 expected[1].at);
  district_photo (d, hazard);
  district_move (d, d->manager1, hazard, FC_HAZARD_ACTION_SUBMIT_FOR_ACCEPTANCE,
                 "整改完成，申请验收", expected[2].at);
  fc_store_set_user (d->store, d->third_party);
  g_assert_true (fc_hazards_transition_full (d->store, hazard, FC_HAZARD_ACTION_REJECT,
                                             "防盗网逃生口尺寸不足", NULL, NULL, expected[3].at,
                                             &error));
  g_assert_no_error (error);
  district_move (d, d->manager1, hazard, FC_HAZARD_ACTION_SUBMIT_FOR_ACCEPTANCE, "逃生口已扩大",
                 expected[4].at);

  /* A major hazard closes out only under listed supervision. */
  fc_store_set_user (d->store, d->third_party);
  g_assert_false (fc_hazards_transition_at (d->store, hazard, FC_HAZARD_ACTION_ACCEPT, NULL, NULL,
                                            expected[5].at, &error));
  g_assert_error (error, FC_ERROR, FC_ERROR_GUARD);
  g_clear_error (&error);
  district_supervise (d, hazard, d->leader1);
  fc_store_set_user (d->store, d->third_party);
  g_assert_true (fc_hazards_transition_full (d->store, hazard, FC_HAZARD_ACTION_ACCEPT,
                                             "复核合格，同意销号", NULL, NULL, expected[5].at,
                                             &error));
  g_assert_no_error (error);
  assert_value (d, "hazard", "status", hazard, "closed");
  assert_value (d, "hazard", "closed_at", hazard, expected[5].at);

  fc_store_set_user (d->store, d->staff);
  g_assert_true (fc_lookback_schedule (d->store, &round, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.major, ==, 2);   /* this one and h_major_closed */
  lookback = scheduled_for (d, hazard);
  fc_store_set_user (d->store, d->inspector);
  g_assert_true (fc_lookback_record (d->store, lookback, FC_LOOKBACK_REBOUND,
                                     "回头看发现防盗网又被封闭", NULL, expected[6].at, &error));
  g_assert_no_error (error);
  assert_value (d, "lookback", "outcome", lookback, "rebound");
  assert_value (d, "hazard", "status", hazard, "reopened");
  assert_value (d, "hazard", "reopen_count", hazard, "1");
  assert_value (d, "hazard", "closed_at", hazard, NULL);
  district_move (d, d->manager1, hazard, FC_HAZARD_ACTION_START_RECTIFICATION, "再次整改",
                 expected[7].at);

  events = fc_store_prepare (d->store, "SELECT action, from_status, to_status, actor_id, "
                                       "actor_role, at, note, verifier_org FROM hazard_event "
                                       "WHERE hazard_id = ? ORDER BY at", NULL);
  sqlite3_bind_text (events, 1, hazard, -1, SQLITE_STATIC);
  while (sqlite3_step (events) == SQLITE_ROW)
    {
      const Event *e = &expected[n++];

      g_test_message ("event %u: %s", n, e->action);
      g_assert_cmpuint (n, <=, G_N_ELEMENTS (expected));
      g_assert_cmpstr ((const char *) sqlite3_column_text (events, 0), ==, e->action);
      g_assert_cmpstr ((const char *) sqlite3_column_text (events, 1), ==, e->from);
      g_assert_cmpstr ((const char *) sqlite3_column_text (events, 2), ==, e->to);
      g_assert_cmpstr ((const char *) sqlite3_column_text (events, 3), ==,
                       G_STRUCT_MEMBER (char *, d, e->actor));
      g_assert_cmpstr ((const char *) sqlite3_column_text (events, 4), ==, e->role);
      g_assert_cmpstr ((const char *) sqlite3_column_text (events, 5), ==, e->at);
      g_assert_cmpstr ((const char *) sqlite3_column_text (events, 6), ==, e->note);
      g_assert_cmpstr ((const char *) sqlite3_column_text (events, 7), ==, e->verifier_org);
    }
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (expected));

  assert_value (d, "hazard", "status", hazard, "rectifying");
  assert_value (d, "hazard", "funds", hazard, "8000.0");
  assert_value (d, "hazard", "verifier_org", hazard, "渝安安全技术评价有限公司");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/measures/each-guard-decides", test_measures_each_guard_decides);
  g_test_add_func ("/measures/need-someone-signed-in", test_measures_need_someone_signed_in);
#define ADD(path, fn) g_test_add (path, District, path + 1, fixture_setup, fn, fixture_teardown)
  ADD ("/measures/recorded-by-facility-change-only-the-plan",
       test_measures_recorded_by_facility_change_only_the_plan);
  ADD ("/measures/refusals-change-nothing", test_measures_refusals_change_nothing);
  ADD ("/measures/bureau-moves-the-deadline", test_measures_bureau_moves_the_deadline);
  ADD ("/measures/checked-when-merged-from-elsewhere",
       test_measures_are_checked_when_merged_from_elsewhere);
  ADD ("/acceptance/names-the-third-party-organisation",
       test_acceptance_names_the_third_party_organisation);
  ADD ("/acceptance/defaults-to-the-verifiers-organisation",
       test_acceptance_defaults_to_the_verifiers_organisation);
  ADD ("/acceptance/rejection-keeps-the-reason", test_rejection_keeps_the_reason_for_the_ledger);
  ADD ("/acceptance/verifier-org-only-through-the-workflow",
       test_verifier_org_changes_only_through_the_workflow);
  ADD ("/lookback/every-major-and-a-share-of-general",
       test_lookback_takes_every_major_and_a_share_of_general);
  ADD ("/lookback/only-close-outs-since-a-day", test_lookback_only_close_outs_since_a_day);
  ADD ("/lookback/pick-depends-only-on-seed-and-day", test_lookback_pick_depends_only_on_seed_and_day);
  ADD ("/lookback/schedule-refusals", test_lookback_schedule_refusals);
  ADD ("/lookback/results-are-recorded-once", test_lookback_results_are_recorded_once);
  ADD ("/lookback/reopened-since-no-longer-applies",
       test_lookback_of_a_hazard_reopened_since_no_longer_applies);
  ADD ("/whistle/triage-makes-a-hazard-found-when-reported",
       test_whistle_triage_makes_a_hazard_found_when_reported);
  ADD ("/whistle/anonymous-report-keeps-no-name", test_whistle_anonymous_report_keeps_no_name);
  ADD ("/whistle/each-decision-guard-refuses", test_whistle_each_decision_guard_refuses);
  ADD ("/whistle/report-needs-what-and-who", test_whistle_report_needs_what_it_says_and_who);
  ADD ("/whistle/second-decision-from-elsewhere-is-refused",
       test_whistle_second_decision_from_elsewhere_is_refused);
  ADD ("/whistle/reports-never-change", test_whistle_reports_never_change);
  ADD ("/loop/hazard-goes-around-the-whole-loop", test_hazard_goes_around_the_whole_loop);
#undef ADD
  return g_test_run ();
}
