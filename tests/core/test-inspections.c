/* test-inspections.c: starting an inspection, answering, revisions, the walk,
 * hazards from failures, finishing, sign-offs and the resume point */

#include "config.h"

#include <math.h>

#include "fc-blobs.h"
#include "fc-error.h"
#include "fc-hazards.h"
#include "fc-photos.h"
#include "fc-walk.h"
#include "test-inspection-util.h"

static int
find_item (FcWalk     *walk,
           const char *code)
{
  for (guint i = 0; i < fc_walk_get_n_items (walk); i++)
    if (g_str_equal (fc_walk_get_item (walk, i)->code, code))
      return (int) i;
  g_assert_not_reached ();
  return -1;
}

static const FcWalkItem *
item_by_code (FcWalk     *walk,
              const char *code)
{
  return fc_walk_get_item (walk, (guint) find_item (walk, code));
}

static char *
answer_item (TestDistrict *district,
             const char   *inspection_id,
             const char   *item_id,
             const char   *value,
             const char   *note,
             GError      **error)
{
  FcAnswer answer = { inspection_id, item_id, value, FALSE, 0, note, NULL };

  return fc_inspection_answer (district->store, &answer, error);
}

static void
test_start_pins_the_template_and_the_team (void)
{
  g_autoptr(TestDistrict) district = test_district_new ("start.db");
  g_autofree char *id = test_start_inspection (district, district->elderly_template);
  g_autoptr(FcWalk) walk = fc_walk_load (district->store, id, NULL);
  g_autofree char *open = fc_inspection_open_for (district->store, TEST_FACILITY, NULL);

  g_assert_nonnull (walk);
  g_assert_cmpstr (open, ==, id);
  g_assert_cmpuint (fc_walk_get_n_items (walk), ==,
                    test_count (district->store, "SELECT count (*) FROM checklist_item i"
                                " JOIN checklist_template t ON t.id = i.template_id"
                                " WHERE t.code = 'elderly_care'"));
  g_assert_cmpstr (fc_walk_get_template_version (walk), ==, "2026.1");
  g_assert_cmpstr (fc_walk_get_kind (walk), ==, "joint_diagnosis");
  g_assert_false (fc_walk_is_finished (walk));
  g_assert_cmpstr (fc_walk_get_section_owner (walk, FC_CATEGORY_FIRE_EXIT), ==, TEST_FIRE);
  g_assert_cmpstr (fc_walk_get_section_owner (walk, FC_CATEGORY_DRAINAGE), ==, TEST_STAFF);
  g_assert_null (fc_walk_get_section_owner (walk, FC_CATEGORY_GAS));
  g_assert_cmpstr (fc_walk_get_person_name (walk, TEST_FIRE), ==, "陈志强");
  g_assert_cmpint (test_count (district->store, "SELECT count (*) FROM inspection_member"), ==, 2);
  g_assert_cmpint (test_count (district->store, "SELECT count (*) FROM inspection_member"
                               " WHERE role = 'expert' AND expert_domain = 'fire'"), ==, 1);
  g_assert_cmpint (test_count (district->store, "SELECT count (*) FROM section_owner"), ==, 3);
  /* Each row went through the write API. */
  g_assert_cmpint (test_count (district->store, "SELECT count (*) FROM op_log WHERE tbl IN"
                               " ('inspection', 'inspection_member', 'section_owner')"), ==, 6);
}

static void
test_templates_offered_are_the_special_then_the_general (void)
{
  g_autoptr(TestDistrict) district = test_district_new ("templates.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) rows = fc_inspection_templates_for (district->store, TEST_FACILITY, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (rows), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 0), "code"),
                   ==, "elderly_care");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (rows, 0), "major"), >, 0);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 1), "code"),
                   ==, "general");
}

typedef struct
{
  const char *name;
  gboolean    no_members;
  gboolean    child_template;
  gboolean    owner_outside;
  gboolean    duplicate_member;
  gboolean    unknown_person;
  gboolean    already_open;
  const char *message_part;
} StartRefusal;

static const StartRefusal start_refusals[] = {
  { "a team of nobody", TRUE, FALSE, FALSE, FALSE, FALSE, FALSE, "at least one member" },
  { "a checklist for another kind of facility", FALSE, TRUE, FALSE, FALSE, FALSE, FALSE, "covers this kind" },
  { "a section given to someone outside the team", FALSE, FALSE, TRUE, FALSE, FALSE, FALSE, "outside the team" },
  { "the same person twice", FALSE, FALSE, FALSE, TRUE, FALSE, FALSE, "twice" },
  { "a person not on the roster", FALSE, FALSE, FALSE, FALSE, TRUE, FALSE, "roster" },
  { "a second inspection of a facility in progress", FALSE, FALSE, FALSE, FALSE, FALSE, TRUE, "in progress" },
};

static void
test_start_refuses_what_cannot_be_walked (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (start_refusals); i++)
    {
      const StartRefusal *c = &start_refusals[i];
      g_autofree char *db = g_strdup_printf ("refuse-%u.db", i);
      g_autoptr(TestDistrict) district = test_district_new (db);
      FcInspectionMember members[2] = {
        { TEST_FIRE, "expert", "fire" },
        { c->duplicate_member ? TEST_FIRE : c->unknown_person ? "no-such-person" : TEST_STAFF,
          "staff", NULL },
      };
      FcInspectionStart start = {
        .facility_id = TEST_FACILITY,
        .template_id = c->child_template ? district->child_template : district->elderly_template,
        .kind = FC_INSPECTION_ROUTINE,
        .members = members,
        .n_members = c->no_members ? 0 : 2,
      };
      g_autoptr(GError) error = NULL;
      g_autofree char *id = NULL;
      gint64 before;

      g_test_message ("%s", c->name);
      if (c->owner_outside)
        start.section_owners[FC_CATEGORY_GAS] = TEST_OUTSIDER;
      if (c->already_open)
        g_free (test_start_inspection (district, district->general_template));
      before = test_count (district->store, "SELECT count (*) FROM op_log");
      id = fc_inspection_start (district->store, &start, &error);
      g_assert_null (id);
      g_assert_error (error, FC_ERROR, FC_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, c->message_part));
      g_assert_cmpint (test_count (district->store, "SELECT count (*) FROM op_log"), ==, before);
    }
}

static void
test_changed_answer_is_a_new_revision_that_supersedes (void)
{
  g_autoptr(TestDistrict) district = test_district_new ("revision.db");
  g_autofree char *id = test_start_inspection (district, district->general_template);
  g_autoptr(FcWalk) before = fc_walk_load (district->store, id, NULL);
  g_autoptr(FcWalk) after = NULL;
  const FcWalkItem *item = item_by_code (before, "GEN-FE-01");
  g_autoptr(GError) error = NULL;
  g_autofree char *first = answer_item (district, id, item->item_id, "pass", NULL, &error);
  g_autofree char *second = answer_item (district, id, item->item_id, "fail", "轮椅堵塞通道", &error);
  g_autofree char *again = answer_item (district, id, item->item_id, "fail", "轮椅堵塞通道", &error);
  g_autofree char *sql = g_strdup_printf ("SELECT supersedes FROM result WHERE id = '%s'", second);
  g_autofree char *supersedes = test_text (district->store, sql);
  const FcWalkItem *latest;

  g_assert_no_error (error);
  g_assert_cmpstr (first, !=, second);
  g_assert_cmpstr (supersedes, ==, first);
  /* The same answer again is not a new revision. */
  g_assert_cmpstr (again, ==, second);
  g_assert_cmpint (test_count (district->store, "SELECT count (*) FROM result"), ==, 2);

  after = fc_walk_load (district->store, id, NULL);
  latest = item_by_code (after, "GEN-FE-01");
  g_assert_cmpstr (latest->result_id, ==, second);
  g_assert_cmpstr (latest->answer, ==, "fail");
  g_assert_cmpstr (latest->note, ==, "轮椅堵塞通道");
  g_assert_cmpstr (latest->author_id, ==, TEST_INSPECTOR);
  g_assert_cmpuint (latest->revisions, ==, 2);
  g_assert_true (fc_walk_item_is_failed (latest));
}

typedef struct
{
  const char *code;         /* an item of the general template */
  const char *answer;
  gboolean    has_number;
  double      number;
  const char *expect;       /* the stored verdict, or NULL when refused */
} AnswerCase;

static const AnswerCase answer_cases[] = {
  { "GEN-FE-01", "pass", FALSE, 0, "pass" },
  { "GEN-FE-01", "fail", FALSE, 0, "fail" },
  { "GEN-FE-01", "na", FALSE, 0, "na" },
  { "GEN-FE-01", "maybe", FALSE, 0, NULL },
  { "GEN-FE-01", NULL, FALSE, 0, NULL },
  /* Running pressure at the hydrant outlet, 0.25 to 0.50 MPa. */
  { "GEN-FE-10", NULL, TRUE, 0.30, "pass" },
  { "GEN-FE-10", NULL, TRUE, 0.25, "pass" },
  { "GEN-FE-10", NULL, TRUE, 0.50, "pass" },
  { "GEN-FE-10", NULL, TRUE, 0.21, "fail" },
  { "GEN-FE-10", NULL, TRUE, 0.62, "fail" },
  { "GEN-FE-10", "pass", TRUE, 0.62, "fail" },
  { "GEN-FE-10", NULL, FALSE, 0, NULL },
  { "GEN-FE-10", NULL, TRUE, NAN, NULL },
  { "GEN-FE-10", "na", FALSE, 0, "na" },
  /* The kind of gas in use: a choice. */
  { "GEN-GAS-01", "lpg", FALSE, 0, "lpg" },
  { "GEN-GAS-01", "coal", FALSE, 0, NULL },
  /* Building particulars: a text. */
  { "GEN-BLD-01", "1998 年建成，砖混三层", FALSE, 0, "1998 年建成，砖混三层" },
  { "GEN-BLD-01", "   ", FALSE, 0, NULL },
};

static void
test_answers_are_checked_against_the_item (void)
{
  g_autoptr(TestDistrict) district = test_district_new ("checked.db");
  g_autofree char *id = test_start_inspection (district, district->general_template);
  g_autoptr(FcWalk) walk = fc_walk_load (district->store, id, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (answer_cases); i++)
    {
      const AnswerCase *c = &answer_cases[i];
      const FcWalkItem *item = item_by_code (walk, c->code);
      FcAnswer answer = { id, item->item_id, c->answer, c->has_number, c->number, NULL, NULL };
      g_autoptr(GError) error = NULL;
      g_autofree char *result = NULL;

      g_test_message ("%s %s %g", c->code, c->answer ? c->answer : "(none)", c->number);
      result = fc_inspection_answer (district->store, &answer, &error);
      if (c->expect == NULL)
        {
          g_assert_null (result);
          g_assert_error (error, FC_ERROR, FC_ERROR_INVALID);
        }
      else
        {
          g_autofree char *sql = g_strdup_printf ("SELECT answer FROM result WHERE id = '%s'", result);
          g_autofree char *stored = NULL;

          g_assert_no_error (error);
          stored = test_text (district->store, sql);
          g_assert_cmpstr (stored, ==, c->expect);
        }
    }
}

static void
test_walk_counts_progress_and_finds_the_next_unanswered (void)
{
  g_autoptr(TestDistrict) district = test_district_new ("progress.db");
  g_autofree char *id = test_start_inspection (district, district->general_template);
  g_autoptr(FcWalk) walk = NULL;
  FcWalkProgress fire, all;
  int first_fire, next;

  test_answer_category (district, id, FC_CATEGORY_FIRE_EXIT, TRUE);
  walk = fc_walk_load (district->store, id, NULL);
  fire = fc_walk_get_progress (walk, FC_CATEGORY_FIRE_EXIT);
  all = fc_walk_get_progress (walk, -1);

  g_assert_cmpuint (fire.total, ==, 20);
  g_assert_cmpuint (fire.answered, ==, 20);
  g_assert_cmpuint (fire.failures, ==, 1);
  g_assert_cmpuint (all.total, ==, fc_walk_get_n_items (walk));
  g_assert_cmpuint (all.answered, ==, 20);
  g_assert_cmpuint (fc_walk_get_progress (walk, FC_CATEGORY_GAS).answered, ==, 0);

  /* From the first fire item, the next unanswered is the first item of the next category. */
  first_fire = fc_walk_first_in_category (walk, FC_CATEGORY_FIRE_EXIT);
  next = fc_walk_next_unanswered (walk, first_fire);
  g_assert_cmpint (next, >=, 0);
  g_assert_cmpint (fc_walk_get_item (walk, (guint) next)->category, !=, FC_CATEGORY_FIRE_EXIT);
  g_assert_null (fc_walk_get_item (walk, (guint) next)->result_id);
  /* From the last item it wraps around to the top. */
  g_assert_cmpint (fc_walk_next_unanswered (walk, (int) fc_walk_get_n_items (walk) - 1), ==, next);
}

static void
test_walk_shows_the_equipment_the_item_applies_to (void)
{
  g_autoptr(TestDistrict) district = test_district_new ("equipment.db");
  g_autofree char *id = test_start_inspection (district, district->general_template);
  g_autoptr(FcWalk) walk = fc_walk_load (district->store, id, NULL);
  g_autoptr(GPtrArray) for_hydrant = fc_walk_equipment_for_item (walk, item_by_code (walk, "GEN-FE-10"));
  g_autoptr(GPtrArray) for_routes = fc_walk_equipment_for_item (walk, item_by_code (walk, "GEN-FE-01"));

  g_assert_cmpuint (for_hydrant->len, ==, 1);
  g_assert_cmpstr (((FcWalkEquipment *) g_ptr_array_index (for_hydrant, 0))->id, ==, TEST_HYDRANT);
  g_assert_cmpuint (for_routes->len, ==, 0);
}

static const FcWalkItem *
first_item (FcWalk   *walk,
            gboolean  major)
{
  for (guint i = 0; i < fc_walk_get_n_items (walk); i++)
    if ((fc_walk_get_item (walk, i)->major_standard != NULL) == major &&
        fc_walk_get_item (walk, i)->answer_type == FC_ANSWER_PASS_FAIL_NA)
      return fc_walk_get_item (walk, i);
  g_assert_not_reached ();
  return NULL;
}

typedef struct
{
  const char    *name;
  gboolean       major_item;
  gboolean       fail_first;
  FcHazardLevel  level;
  const char    *reason;
  const char    *expect_deadline;  /* NULL when refused */
} HazardCase;

static const HazardCase hazard_cases[] = {
  { "major item at the suggested level", TRUE, TRUE, FC_HAZARD_LEVEL_MAJOR, NULL, "2027-02-27" },
  { "major item lowered without a reason", TRUE, TRUE, FC_HAZARD_LEVEL_GENERAL, NULL, NULL },
  { "major item lowered with a reason", TRUE, TRUE, FC_HAZARD_LEVEL_GENERAL, "已现场整改一半", "2026-12-29" },
  { "general item at the suggested level", FALSE, TRUE, FC_HAZARD_LEVEL_GENERAL, NULL, "2026-12-29" },
  { "general item raised without a reason", FALSE, TRUE, FC_HAZARD_LEVEL_MAJOR, "  ", NULL },
  { "an item that passed", FALSE, FALSE, FC_HAZARD_LEVEL_GENERAL, NULL, NULL },
};

static void
test_hazard_from_a_failed_item_suggests_its_level (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (hazard_cases); i++)
    {
      const HazardCase *c = &hazard_cases[i];
      g_autofree char *db = g_strdup_printf ("hazard-%u.db", i);
      g_autoptr(TestDistrict) district = test_district_new (db);
      g_autofree char *id = test_start_inspection (district, district->elderly_template);
      g_autoptr(FcWalk) walk = fc_walk_load (district->store, id, NULL);
      const FcWalkItem *item = first_item (walk, c->major_item);
      g_autofree char *result = answer_item (district, id, item->item_id,
                                             c->fail_first ? "fail" : "pass", NULL, NULL);
      FcFindingHazard finding = {
        .inspection_id = id,
        .item_id = item->item_id,
        .location = "二楼东侧",
        .level = c->level,
        .level_reason = c->reason,
        .expert_judgement = item->expert_judgement,
        .responsible_party = "机构负责人",
        .measures = "立即清理",
      };
      g_autoptr(GError) error = NULL;
      g_autofree char *hazard = NULL;

      g_test_message ("%s", c->name);
      g_assert_nonnull (result);
      g_assert_cmpint (fc_inspection_suggested_level (item), ==,
                       c->major_item ? FC_HAZARD_LEVEL_MAJOR : FC_HAZARD_LEVEL_GENERAL);
      hazard = fc_inspection_record_hazard (district->store, &finding, &error);
      if (c->expect_deadline == NULL)
        {
          g_assert_null (hazard);
          g_assert_error (error, FC_ERROR, FC_ERROR_INVALID);
          g_assert_cmpint (test_count (district->store, "SELECT count (*) FROM hazard"), ==, 0);
        }
      else
        {
          g_autofree char *sql = g_strdup_printf ("SELECT deadline || '|' || level || '|' ||"
                                                  " coalesce (level_reason, '') || '|' ||"
                                                  " coalesce (criterion, '') || '|' || result_id ||"
                                                  " '|' || category FROM hazard WHERE id = '%s'",
                                                  hazard);
          g_autofree char *row = test_text (district->store, sql);
          g_autofree char *criterion = fc_walk_item_criterion (item);
          g_autofree char *expect = g_strdup_printf ("%s|%s|%s|%s|%s|%s", c->expect_deadline,
                                                     fc_hazard_level_to_string (c->level),
                                                     c->reason ? c->reason : "",
                                                     criterion ? criterion : "", result,
                                                     fc_category_to_string (item->category));
          g_autoptr(FcWalk) after = fc_walk_load (district->store, id, NULL);

          g_assert_no_error (error);
          g_assert_cmpstr (row, ==, expect);
          g_assert_cmpstr (fc_walk_get_item (after, item->index)->hazard_id, ==, hazard);
        }
    }
}

static void
test_finish_summarises_and_freezes_the_answers (void)
{
  g_autoptr(TestDistrict) district = test_district_new ("finish.db");
  g_autofree char *id = test_start_inspection (district, district->general_template);
  g_autoptr(FcWalk) walk = NULL;
  g_autoptr(JsonObject) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *late = NULL;
  g_autofree char *open = NULL;

  test_answer_category (district, id, FC_CATEGORY_FIRE_EXIT, TRUE);
  g_assert_true (fc_inspection_finish (district->store, id, &error));
  g_assert_no_error (error);

  summary = fc_inspection_summary (district->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (summary, "answered"), ==, 20);
  g_assert_cmpint (json_object_get_int_member (summary, "fail"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (summary, "total"), ==, 101);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (summary, "unanswered")),
                    ==, 81);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (summary, "members")), ==, 2);
  g_assert_nonnull (json_object_get_string_member (summary, "finished_at"));

  walk = fc_walk_load (district->store, id, NULL);
  late = answer_item (district, id, fc_walk_get_item (walk, 30)->item_id, "pass", NULL, &error);
  g_assert_null (late);
  g_assert_error (error, FC_ERROR, FC_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (fc_inspection_finish (district->store, id, &error));
  g_assert_error (error, FC_ERROR, FC_ERROR_INVALID);
  open = fc_inspection_open_for (district->store, TEST_FACILITY, NULL);
  g_assert_null (open);
}

static void
test_signoff_keeps_the_drawn_signature (void)
{
  g_autoptr(TestDistrict) district = test_district_new ("sign/sign.db");
  g_autofree char *id = test_start_inspection (district, district->general_template);
  g_autoptr(GBytes) png = test_signature_png (0);
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, png);
  g_autofree char *dir = fc_blobs_dir (district->store);
  g_autoptr(GBytes) stored = NULL;
  FcSignoff member = { id, TEST_FIRE, "陈志强", FC_SIGNER_TEAM_MEMBER, png };
  FcSignoff representative = { id, NULL, "刘海燕", FC_SIGNER_FACILITY_REPRESENTATIVE, png };
  FcSignoff outsider = { id, TEST_OUTSIDER, "张德明", FC_SIGNER_TEAM_MEMBER, png };
  FcSignoff blank = { id, TEST_STAFF, "李晓燕", FC_SIGNER_TEAM_MEMBER, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *early = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *refused = NULL;
  g_autofree char *unsigned_ = NULL;
  g_autoptr(JsonObject) summary = NULL;

  early = fc_inspection_sign (district->store, &member, &error);
  g_assert_null (early);
  g_assert_error (error, FC_ERROR, FC_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (fc_inspection_finish (district->store, id, NULL));
  first = fc_inspection_sign (district->store, &member, &error);
  g_assert_no_error (error);
  second = fc_inspection_sign (district->store, &representative, &error);
  g_assert_no_error (error);
  refused = fc_inspection_sign (district->store, &outsider, &error);
  g_assert_error (error, FC_ERROR, FC_ERROR_INVALID);
  g_clear_error (&error);
  unsigned_ = fc_inspection_sign (district->store, &blank, &error);
  g_assert_error (error, FC_ERROR, FC_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (refused);
  g_assert_null (unsigned_);

  g_assert_cmpint (test_count (district->store, "SELECT count (*) FROM signoff"), ==, 2);
  g_assert_cmpint (test_count (district->store, "SELECT count (*) FROM signoff WHERE"
                               " signer_role = 'facility_representative' AND person_id IS NULL"), ==, 1);
  g_assert_cmpint (test_count (district->store, "SELECT count (*) FROM photo WHERE"
                               " attached_kind = 'signoff' AND purpose = 'signature'"
                               " AND mime = 'image/png' AND width = 300 AND height = 100"), ==, 2);
  g_assert_cmpint (test_count (district->store, "SELECT count (*) FROM signoff s JOIN photo p"
                               " ON p.attached_id = s.id AND p.sha256 = s.signature_sha"), ==, 2);
  stored = fc_blobs_get (dir, sha, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (stored, png));
  /* One store and one verify for photos and signatures: the same bytes once. */
  test_assert_photos_verify_clean (fc_store_get_path (district->store), 1);

  /* The fire expert, the first member, has signed; the staff member has not. */
  summary = fc_inspection_summary (district->store, id, NULL);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (
                     json_object_get_array_member (summary, "members"), 0), "signed"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (
                     json_object_get_array_member (summary, "members"), 1), "signed"), ==, 0);
}

static void
test_signoff_that_cannot_commit_leaves_nothing (void)
{
  g_autoptr(TestDistrict) district = test_district_new ("sign-full/sign.db");
  g_autofree char *id = test_start_inspection (district, district->general_template);
  g_autoptr(GBytes) png = test_signature_png (7);
  g_autoptr(GBytes) garbage = g_bytes_new_static ("not a drawing", 13);
  FcSignoff member = { id, TEST_FIRE, "陈志强", FC_SIGNER_TEAM_MEMBER, png };
  FcSignoff scrawl = { id, TEST_FIRE, "陈志强", FC_SIGNER_TEAM_MEMBER, garbage };
  g_autoptr(GError) error = NULL;
  g_autofree char *full = NULL;
  g_autofree char *damaged = NULL;
  g_autofree char *signed_ = NULL;

  g_assert_true (fc_inspection_finish (district->store, id, NULL));

  g_setenv ("FC_TEST_PHOTOS_HOOK", "fail-before-commit", TRUE);
  full = fc_inspection_sign (district->store, &member, &error);
  g_unsetenv ("FC_TEST_PHOTOS_HOOK");
  g_assert_null (full);
  g_assert_error (error, FC_ERROR, FC_ERROR_DISK_FULL);
  g_clear_error (&error);
  damaged = fc_inspection_sign (district->store, &scrawl, &error);
  g_assert_null (damaged);
  g_assert_error (error, FC_ERROR, FC_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (test_count (district->store, "SELECT count (*) FROM signoff"), ==, 0);
  g_assert_cmpint (test_count (district->store, "SELECT count (*) FROM photo"), ==, 0);
  test_assert_photos_verify_clean (fc_store_get_path (district->store), 0);

  signed_ = fc_inspection_sign (district->store, &member, &error);
  g_assert_no_error (error);
  g_assert_nonnull (signed_);
  test_assert_photos_verify_clean (fc_store_get_path (district->store), 1);
}

static void
test_photos_of_an_item_span_every_revision_of_its_answer (void)
{
  g_autoptr(TestDistrict) district = test_district_new ("item-photos/item.db");
  g_autofree char *id = test_start_inspection (district, district->general_template);
  g_autoptr(FcWalk) walk = fc_walk_load (district->store, id, NULL);
  const char *item = fc_walk_get_item (walk, 3)->item_id;
  const char *other = fc_walk_get_item (walk, 4)->item_id;
  g_autoptr(GBytes) first_bytes = test_signature_png (1);
  g_autoptr(GBytes) second_bytes = test_signature_png (2);
  g_autoptr(GError) error = NULL;
  g_autofree char *failed = answer_item (district, id, item, "fail", NULL, NULL);
  g_autofree char *elsewhere = answer_item (district, id, other, "pass", NULL, NULL);
  g_autofree char *first = NULL;
  g_autofree char *changed = NULL;
  g_autofree char *second = NULL;
  g_autofree char *unrelated = NULL;
  g_autoptr(JsonArray) photos = NULL;
  g_autoptr(JsonArray) latest = NULL;
  FcPhotoTarget target = { "result", NULL, "defect" };

  g_assert_nonnull (failed);
  target.attached_id = failed;
  first = fc_photos_import (district->store, first_bytes, &target, &error);
  g_assert_no_error (error);
  /* The answer changes: a new revision, and a photo on it. */
  changed = answer_item (district, id, item, "fail", "断路器外壳破损", NULL);
  g_assert_nonnull (changed);
  g_assert_cmpstr (changed, !=, failed);
  target.attached_id = changed;
  second = fc_photos_import (district->store, second_bytes, &target, &error);
  g_assert_no_error (error);
  target.attached_id = elsewhere;
  target.purpose = "before";
  unrelated = fc_photos_import (district->store, first_bytes, &target, &error);
  g_assert_no_error (error);

  photos = fc_photos_list_for_item (district->store, id, item, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (photos), ==, 2);
  latest = fc_photos_list (district->store, "result", changed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (latest), ==, 1);
  /* The same bytes on two answers are one file. */
  test_assert_photos_verify_clean (fc_store_get_path (district->store), 2);
}

static void
test_resume_point_follows_each_answer (void)
{
  g_autoptr(TestDistrict) district = test_district_new ("resume.db");
  g_autofree char *id = test_start_inspection (district, district->general_template);
  g_autoptr(FcWalk) walk = fc_walk_load (district->store, id, NULL);
  g_autofree char *resume_inspection = NULL;
  g_autofree char *resume_item = NULL;
  g_autofree char *result = NULL;
  g_autofree char *path = g_strdup (fc_store_get_path (district->store));

  g_assert_true (fc_inspection_get_resume (district->store, &resume_inspection, &resume_item));
  g_assert_cmpstr (resume_inspection, ==, id);
  g_assert_null (resume_item);
  g_clear_pointer (&resume_inspection, g_free);

  result = answer_item (district, id, fc_walk_get_item (walk, 7)->item_id, "pass", NULL, NULL);
  g_assert_nonnull (result);

  /* A new connection sees what was committed, as a restarted app would. */
  g_clear_object (&district->store);
  district->store = fc_store_open (path, NULL);
  g_assert_true (fc_inspection_get_resume (district->store, &resume_inspection, &resume_item));
  g_assert_cmpstr (resume_inspection, ==, id);
  g_assert_cmpstr (resume_item, ==, fc_walk_get_item (walk, 7)->item_id);
}

static char *
put_blob (const char  *dir,
          GBytes      *bytes,
          GError     **error)
{
  g_autoptr(FcBlobsStaged) staged = fc_blobs_stage (dir, bytes, error);

  if (staged == NULL || !fc_blobs_staged_publish (staged, NULL, error))
    return NULL;
  return g_strdup (fc_blobs_staged_sha256 (staged));
}

static void
test_blobs_are_content_addressed_and_checked (void)
{
  g_autofree char *dir = test_scratch_path ("blobs");
  g_autoptr(GBytes) bytes = g_bytes_new_static ("signature", 9);
  g_autoptr(GError) error = NULL;
  g_autofree char *sha = put_blob (dir, bytes, &error);
  g_autofree char *again = put_blob (dir, bytes, &error);
  g_autofree char *path = fc_blobs_path (dir, sha);
  g_autoptr(GBytes) read = NULL;
  g_autoptr(GBytes) damaged = NULL;
  g_autofree char *missing = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "other", -1);
  g_autoptr(GBytes) absent = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (sha, ==, again);
  g_assert_true (fc_blobs_is_sha (sha));
  g_assert_true (g_str_has_prefix (path, dir));
  read = fc_blobs_get (dir, sha, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (read, bytes));

  g_assert_true (g_file_set_contents (path, "tampered", -1, NULL));
  damaged = fc_blobs_get (dir, sha, &error);
  g_assert_null (damaged);
  g_assert_error (error, FC_ERROR, FC_ERROR_CORRUPT);
  g_clear_error (&error);
  absent = fc_blobs_get (dir, missing, &error);
  g_assert_null (absent);
  g_assert_error (error, FC_ERROR, FC_ERROR_NOT_FOUND);
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/inspection/start/pins-the-template-and-the-team",
                   test_start_pins_the_template_and_the_team);
  g_test_add_func ("/inspection/start/offers-the-special-then-the-general-template",
                   test_templates_offered_are_the_special_then_the_general);
  g_test_add_func ("/inspection/start/refuses-what-cannot-be-walked",
                   test_start_refuses_what_cannot_be_walked);
  g_test_add_func ("/inspection/answer/changed-answer-is-a-new-revision",
                   test_changed_answer_is_a_new_revision_that_supersedes);
  g_test_add_func ("/inspection/answer/checked-against-the-item",
                   test_answers_are_checked_against_the_item);
  g_test_add_func ("/inspection/walk/progress-and-next-unanswered",
                   test_walk_counts_progress_and_finds_the_next_unanswered);
  g_test_add_func ("/inspection/walk/equipment-the-item-applies-to",
                   test_walk_shows_the_equipment_the_item_applies_to);
  g_test_add_func ("/inspection/hazard/from-a-failed-item-with-suggested-level",
                   test_hazard_from_a_failed_item_suggests_its_level);
  g_test_add_func ("/inspection/finish/summarises-and-freezes-the-answers",
                   test_finish_summarises_and_freezes_the_answers);
  g_test_add_func ("/inspection/signoff/keeps-the-drawn-signature",
                   test_signoff_keeps_the_drawn_signature);
  g_test_add_func ("/inspection/signoff/that-cannot-commit-leaves-nothing",
                   test_signoff_that_cannot_commit_leaves_nothing);
  g_test_add_func ("/inspection/photos/of-an-item-span-every-revision-of-its-answer",
                   test_photos_of_an_item_span_every_revision_of_its_answer);
  g_test_add_func ("/inspection/resume/follows-each-answer",
                   test_resume_point_follows_each_answer);
  g_test_add_func ("/blobs/content-addressed-and-checked",
                   test_blobs_are_content_addressed_and_checked);
  return g_test_run ();
}
