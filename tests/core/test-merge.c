/* test-merge.c: the merge of ops between stores — the same code on device and server */

#include "config.h"

#include <string.h>

#include "fc-error.h"
#include "fc-hazards.h"
#include "fc-oplog.h"
#include "fc-store-write.h"
#include "test-util.h"

typedef struct
{
  gint64   wall_a;
  gint64   wall_b;
  FcStore *a;
  FcStore *b;
  gint64   a_sent;   /* op-log position already copied from a to b */
  gint64   b_sent;
} Pair;

static void
pair_setup (Pair          *pair,
            gconstpointer  data)
{
  const char *name = data;
  g_autofree char *a_name = g_strconcat (name, "-a.db", NULL);
  g_autofree char *b_name = g_strconcat (name, "-b.db", NULL);
  g_autofree char *a_path = test_scratch_path (a_name);
  g_autofree char *b_path = test_scratch_path (b_name);

  pair->wall_a = 1800000000000;
  pair->wall_b = 1800000000000;
  pair->a = fc_store_open_full (a_path, test_fixed_wall, &pair->wall_a, NULL);
  pair->b = fc_store_open_full (b_path, test_fixed_wall, &pair->wall_b, NULL);
  g_assert_nonnull (pair->a);
  g_assert_nonnull (pair->b);
  g_assert_true (fc_store_exec (pair->a, "PRAGMA foreign_keys = OFF", NULL));
  g_assert_true (fc_store_exec (pair->b, "PRAGMA foreign_keys = OFF", NULL));
  pair->a_sent = pair->b_sent = 0;
}

static void
pair_teardown (Pair          *pair,
               gconstpointer  data)
{
  g_clear_object (&pair->a);
  g_clear_object (&pair->b);
}

static char *
value_of (FcStore    *store,
          const char *table,
          const char *field,
          const char *id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s WHERE id = '%s'", field, table, id);

  return test_text (store, sql);
}

#define assert_value(store, table, field, id, expected)     \
  G_STMT_START {                                           \
    g_autofree char *_v = value_of (store, table, field, id); \
    g_assert_cmpstr (_v, ==, expected);                    \
  } G_STMT_END

static char *
add (FcStore    *store,
     const char *table,
     const char *field,
     const char *value)
{
  g_autoptr(FcOp) op = fc_op_new_insert (table, NULL);

  fc_op_set_string (op, field, value);
  if (g_str_equal (table, "person"))
    fc_op_set_string (op, "roles", "inspector");
  g_assert_true (fc_store_write (store, op, NULL));
  return g_strdup (op->row_id);
}

static void
set (FcStore    *store,
     const char *table,
     const char *id,
     const char *field,
     const char *value)
{
  g_autoptr(FcOp) op = fc_op_new_update (table, id);
  g_autoptr(GError) error = NULL;

  fc_op_set_string (op, field, value);
  g_assert_true (fc_store_write (store, op, &error));
  g_assert_no_error (error);
}

static void
test_merge_ops_converge_and_apply_once (Pair          *pair,
                                        gconstpointer  data)
{
  g_autofree char *id = add (pair->a, "person", "name", "彭德明");
  g_autoptr(GPtrArray) ops = NULL;
  FcApplyResult result;

  set (pair->a, "person", id, "phone", "13911112222");
  g_assert_cmpuint (test_copy_ops (pair->a, pair->b, &pair->a_sent), ==, 0);
  assert_value (pair->b, "person", "phone", id, "13911112222");

  /* The same ops arrive again (a retried upload): no second effect. */
  ops = fc_oplog_read (pair->a, 0, 100, FALSE, NULL, NULL);
  g_assert_true (fc_store_apply_remote (pair->b, ops->pdata[0], &result, NULL));
  g_assert_cmpint (result, ==, FC_APPLY_DUPLICATE);
  g_assert_cmpint (test_count (pair->b, "SELECT count (*) FROM op_log"), ==, 2);
  g_assert_cmpint (test_count (pair->b, "SELECT count (*) FROM person"), ==, 1);
  g_assert_cmpint (test_count (pair->b, "SELECT count (*) FROM op_log WHERE origin = 'remote'"), ==, 2);
}

static void
test_merge_different_fields_both_kept_without_conflict (Pair          *pair,
                                                        gconstpointer  data)
{
  g_autofree char *id = add (pair->a, "person", "name", "周春梅");

  test_copy_ops (pair->a, pair->b, &pair->a_sent);
  set (pair->a, "person", id, "phone", "1");
  set (pair->b, "person", id, "organisation", "区民政局");
  test_copy_ops (pair->a, pair->b, &pair->a_sent);
  test_copy_ops (pair->b, pair->a, &pair->b_sent);

  for (FcStore **s = (FcStore *[]) { pair->a, pair->b, NULL }; *s; s++)
    {
      g_autofree char *phone = value_of (*s, "person", "phone", id);
      g_autofree char *org = value_of (*s, "person", "organisation", id);

      g_assert_cmpstr (phone, ==, "1");
      g_assert_cmpstr (org, ==, "区民政局");
      g_assert_cmpint (fc_store_count_conflicts (*s, TRUE), ==, 0);
    }
}

static void
test_merge_concurrent_field_write_is_a_recorded_conflict (Pair          *pair,
                                                          gconstpointer  data)
{
  g_autofree char *id = add (pair->a, "person", "name", "吴家俊");
  g_autofree char *on_a = NULL;
  g_autofree char *on_b = NULL;

  test_copy_ops (pair->a, pair->b, &pair->a_sent);
  set (pair->a, "person", id, "phone", "from-a");
  pair->wall_b += 5000;   /* b writes later */
  set (pair->b, "person", id, "phone", "from-b");
  test_copy_ops (pair->a, pair->b, &pair->a_sent);
  test_copy_ops (pair->b, pair->a, &pair->b_sent);

  on_a = value_of (pair->a, "person", "phone", id);
  on_b = value_of (pair->b, "person", "phone", id);
  g_assert_cmpstr (on_a, ==, "from-b");
  g_assert_cmpstr (on_b, ==, "from-b");
  g_assert_cmpint (fc_store_count_conflicts (pair->a, TRUE), ==, 1);
  g_assert_cmpint (fc_store_count_conflicts (pair->b, TRUE), ==, 1);
  {
    g_autofree char *other = test_text (pair->a, "SELECT other_value FROM conflict");

    g_assert_cmpstr (other, ==, "from-a");
  }
}

static void
test_merge_later_write_that_saw_the_earlier_is_no_conflict (Pair          *pair,
                                                            gconstpointer  data)
{
  g_autofree char *id = add (pair->a, "person", "name", "徐秀英");

  set (pair->a, "person", id, "phone", "first");
  test_copy_ops (pair->a, pair->b, &pair->a_sent);
  pair->wall_b += 1000;
  set (pair->b, "person", id, "phone", "second");
  test_copy_ops (pair->b, pair->a, &pair->b_sent);

  assert_value (pair->a, "person", "phone", id, "second");
  g_assert_cmpint (fc_store_count_conflicts (pair->a, TRUE), ==, 0);
}

static void
test_merge_insert_leaves_one_clock_that_stands_for_its_fields (Pair          *pair,
                                                               gconstpointer  data)
{
  g_autofree char *id = add (pair->a, "person", "name", "邓丽华");
  g_autofree char *b_op = NULL;

  g_assert_cmpint (test_count (pair->a, "SELECT count (*) FROM field_clock"), ==, 1);
  g_assert_cmpint (test_count (pair->a, "SELECT count (*) FROM field_clock WHERE field = '*'"), ==, 1);
  test_copy_ops (pair->a, pair->b, &pair->a_sent);
  g_assert_cmpint (test_count (pair->b, "SELECT count (*) FROM field_clock WHERE field = '*'"), ==, 1);

  /* b saw the insert: its update of a field the insert set is no conflict,
   * and from then on the field has a clock of its own. */
  pair->wall_b += 1000;
  set (pair->b, "person", id, "name", "邓丽华（改）");
  test_copy_ops (pair->b, pair->a, &pair->b_sent);
  assert_value (pair->a, "person", "name", id, "邓丽华（改）");
  g_assert_cmpint (fc_store_count_conflicts (pair->a, FALSE), ==, 0);
  b_op = test_text (pair->b, "SELECT op_id FROM op_log WHERE kind = 'update'");
  {
    g_autofree char *clock = test_text (pair->a, "SELECT op_id FROM field_clock WHERE field = 'name'");

    g_assert_cmpstr (clock, ==, b_op);
  }

  /* Both write another field the insert set, neither seeing the other: a conflict. */
  pair->wall_a += 2000;
  pair->wall_b += 2000;
  set (pair->a, "person", id, "roles", "staff");
  set (pair->b, "person", id, "roles", "expert");
  test_copy_ops (pair->a, pair->b, &pair->a_sent);
  test_copy_ops (pair->b, pair->a, &pair->b_sent);
  for (FcStore **s = (FcStore *[]) { pair->a, pair->b, NULL }; *s; s++)
    {
      g_assert_cmpint (fc_store_count_conflicts (*s, FALSE), ==, 1);
      g_assert_cmpint (test_count (*s, "SELECT count (*) FROM conflict WHERE field = 'roles'"), ==, 1);
    }
  assert_value (pair->a, "person", "roles", id, "expert");
  assert_value (pair->b, "person", "roles", id, "expert");
}

/* Two stores insert the same row (ids derived from a name are the same
 * everywhere) before either saw the other: each field both inserts set is a
 * conflict, as it was when an insert left a clock per field; a field only one
 * of them set is not, and both stores end the same. */
static void
test_merge_concurrent_inserts_of_one_row_conflict_field_by_field (Pair          *pair,
                                                                  gconstpointer  data)
{
  g_autoptr(FcOp) on_a = fc_op_new_insert ("person", "shared-person");
  g_autoptr(FcOp) on_b = fc_op_new_insert ("person", "shared-person");

  fc_op_set_string (on_a, "name", "from-a");
  fc_op_set_string (on_a, "roles", "inspector");
  g_assert_true (fc_store_write (pair->a, on_a, NULL));
  pair->wall_b += 1000;
  fc_op_set_string (on_b, "name", "from-b");
  fc_op_set_string (on_b, "roles", "inspector");
  fc_op_set_string (on_b, "phone", "13700000000");
  g_assert_true (fc_store_write (pair->b, on_b, NULL));

  test_copy_ops (pair->a, pair->b, &pair->a_sent);
  test_copy_ops (pair->b, pair->a, &pair->b_sent);

  for (FcStore **s = (FcStore *[]) { pair->a, pair->b, NULL }; *s; s++)
    {
      assert_value (*s, "person", "name", "shared-person", "from-b");
      assert_value (*s, "person", "phone", "shared-person", "13700000000");
      /* roles: the same value on both sides, nothing for a person to decide */
      g_assert_cmpint (fc_store_count_conflicts (*s, FALSE), ==, 1);
      g_assert_cmpint (test_count (*s, "SELECT count (*) FROM conflict WHERE field = 'name' "
                                       "AND kept_value = 'from-b' AND other_value = 'from-a'"), ==, 1);
    }
}

/* Without a savepoint per op (a batch or a pull page), a refusal before the
 * op's first write leaves the transaction usable; one after it spoils the
 * transaction, and the HLC is as before the op either way. */
static void
test_merge_without_savepoints_a_refusal_midway_spoils_the_transaction (Pair          *pair,
                                                                        gconstpointer  data)
{
  g_autoptr(FcOp) first = fc_op_new_insert ("person", NULL);
  g_autoptr(FcOp) second = fc_op_new_insert ("person", NULL);
  g_autoptr(FcOp) missing = NULL;
  g_autoptr(FcOp) clash = NULL;
  g_autoptr(GError) error = NULL;
  FcApplyResult result;
  FcHlc before;

  fc_op_set_string (first, "name", "甲");
  fc_op_set_string (first, "login", "jia");
  fc_op_set_string (second, "name", "乙");
  fc_op_set_string (second, "login", "yi");
  g_assert_true (fc_store_write (pair->a, first, NULL));
  g_assert_true (fc_store_write (pair->a, second, NULL));
  test_copy_ops (pair->a, pair->b, &pair->a_sent);
  pair->wall_a += 1000;
  missing = fc_op_new_update ("person", "no-such-person");
  fc_op_set_string (missing, "name", "x");
  clash = fc_op_new_update ("person", second->row_id);
  fc_op_set_string (clash, "name", "乙（改）");
  fc_op_set_string (clash, "login", "jia");
  missing->op_id = g_uuid_string_random ();
  missing->device_id = g_strdup ("another-device");
  missing->device_seq = 1;
  missing->hlc = FC_HLC_MAKE (pair->wall_a, 0);
  clash->op_id = g_uuid_string_random ();
  clash->device_id = g_strdup ("another-device");
  clash->device_seq = 2;
  clash->hlc = FC_HLC_MAKE (pair->wall_a, 1);

  g_assert_true (fc_store_begin (pair->b, NULL));
  fc_store_set_merge_savepoints (pair->b, FALSE);
  before = fc_store_get_clock (pair->b)->last;
  g_assert_false (fc_store_apply_remote (pair->b, missing, &result, &error));
  g_assert_error (error, FC_ERROR, FC_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (fc_store_merge_spoiled (pair->b));
  g_assert_cmpuint (fc_store_get_clock (pair->b)->last, ==, before);

  g_assert_false (fc_store_apply_remote (pair->b, clash, &result, &error));
  g_assert_error (error, FC_ERROR, FC_ERROR_INVALID);
  g_assert_true (fc_store_merge_spoiled (pair->b));
  g_assert_cmpuint (fc_store_get_clock (pair->b)->last, ==, before);
  fc_store_rollback (pair->b);
  fc_store_set_merge_savepoints (pair->b, TRUE);
  g_assert_false (fc_store_merge_spoiled (pair->b));

  /* With savepoints (the default) the same op leaves nothing and spoils nothing. */
  g_clear_error (&error);
  g_assert_true (fc_store_begin (pair->b, NULL));
  g_assert_false (fc_store_apply_remote (pair->b, clash, &result, &error));
  g_assert_false (fc_store_merge_spoiled (pair->b));
  g_assert_true (fc_store_commit (pair->b, NULL));
  assert_value (pair->b, "person", "name", second->row_id, "乙");
  assert_value (pair->b, "person", "login", second->row_id, "yi");
  g_assert_cmpint (test_count (pair->b, "SELECT count (*) FROM op_log"), ==, 2);
}

static void
test_merge_remote_stamp_too_far_ahead_is_refused (Pair          *pair,
                                                  gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  FcApplyResult result;
  g_autoptr(GError) error = NULL;

  pair->wall_a += 24 * 3600 * 1000;   /* a's clock is a day fast */
  id = add (pair->a, "person", "name", "x");
  ops = fc_oplog_read (pair->a, 0, 10, FALSE, NULL, NULL);
  g_assert_false (fc_store_apply_remote (pair->b, ops->pdata[0], &result, &error));
  g_assert_error (error, FC_ERROR, FC_ERROR_CLOCK_AHEAD);
  g_assert_cmpint (test_count (pair->b, "SELECT count (*) FROM person"), ==, 0);
  g_assert_cmpint (test_count (pair->b, "SELECT count (*) FROM op_log"), ==, 0);
}

static char *
add_person_with_roles (FcStore    *store,
                       const char *roles)
{
  g_autoptr(FcOp) op = fc_op_new_insert ("person", NULL);

  fc_op_set_string (op, "name", roles);
  fc_op_set_string (op, "roles", roles);
  g_assert_true (fc_store_write (store, op, NULL));
  return g_strdup (op->row_id);
}

static void
test_merge_hazard_move_after_another_is_refused_with_reason (Pair          *pair,
                                                             gconstpointer  data)
{
  g_autofree char *manager = add_person_with_roles (pair->a, "facility_manager");
  g_autofree char *staff = add_person_with_roles (pair->a, "staff");
  g_autofree char *hazard = NULL;
  FcHazardRecord record = {
    .facility_id = "f", .category = FC_CATEGORY_GAS, .description = "软管老化",
    .level = FC_HAZARD_LEVEL_GENERAL, .found_at = "2026-11-01T10:00:00+08:00",
  };
  g_autoptr(GError) error = NULL;

  fc_store_set_user (pair->a, staff);
  hazard = fc_hazards_record (pair->a, &record, &error);
  g_assert_no_error (error);
  test_copy_ops (pair->a, pair->b, &pair->a_sent);

  /* Both start rectification offline: the first to reach the other store wins. */
  fc_store_set_user (pair->a, manager);
  g_assert_true (fc_hazards_transition (pair->a, hazard, FC_HAZARD_ACTION_START_RECTIFICATION,
                                        NULL, NULL, NULL));
  g_assert_true (fc_hazards_transition (pair->a, hazard, FC_HAZARD_ACTION_SUBMIT_FOR_ACCEPTANCE,
                                        NULL, NULL, NULL));
  fc_store_set_user (pair->b, staff);
  g_assert_true (fc_hazards_transition (pair->b, hazard, FC_HAZARD_ACTION_START_RECTIFICATION,
                                        NULL, NULL, NULL));
  g_assert_cmpuint (test_copy_ops (pair->b, pair->a, &pair->b_sent), ==, 1);

  assert_value (pair->a, "hazard", "status", hazard, "awaiting_acceptance");
  /* The refused move left no trace: no event, no op. */
  g_assert_cmpint (test_count (pair->a, "SELECT count (*) FROM hazard_event"), ==, 3);
  g_assert_cmpint (test_count (pair->a, "SELECT count (*) FROM op_log WHERE tbl = 'hazard_event'"), ==, 3);
}

static void
test_merge_role_is_checked_on_the_receiving_store (Pair          *pair,
                                                   gconstpointer  data)
{
  g_autofree char *inspector = add_person_with_roles (pair->a, "inspector");
  g_autofree char *hazard = NULL;
  FcHazardRecord record = {
    .facility_id = "f", .category = FC_CATEGORY_GAS, .description = "x",
    .level = FC_HAZARD_LEVEL_GENERAL, .found_at = "2026-11-01",
  };
  g_autoptr(FcOp) forged = NULL;
  FcApplyResult result;
  g_autoptr(GError) error = NULL;

  fc_store_set_user (pair->a, inspector);
  hazard = fc_hazards_record (pair->a, &record, NULL);
  g_assert_nonnull (hazard);
  test_copy_ops (pair->a, pair->b, &pair->a_sent);

  /* An op from a device that skipped its own checks: an inspector starting rectification. */
  forged = fc_op_new_insert ("hazard_event", NULL);
  fc_op_set_string (forged, "hazard_id", hazard);
  fc_op_set_string (forged, "action", "start_rectification");
  fc_op_set_string (forged, "to_status", "rectifying");
  fc_op_set_string (forged, "actor_role", "inspector");
  fc_op_set_string (forged, "at", "2026-11-02");
  forged->op_id = g_uuid_string_random ();
  forged->device_id = g_strdup ("rogue-device");
  forged->device_seq = 1;
  forged->user_id = g_strdup (inspector);
  forged->hlc = FC_HLC_MAKE (pair->wall_b, 0);
  g_assert_false (fc_store_apply_remote (pair->b, forged, &result, &error));
  g_assert_error (error, FC_ERROR, FC_ERROR_GUARD);
  assert_value (pair->b, "hazard", "status", hazard, "open");
}

static void
test_merge_status_is_not_writable_as_a_field (Pair          *pair,
                                               gconstpointer  data)
{
  g_autofree char *staff = add_person_with_roles (pair->a, "staff");
  g_autofree char *hazard = NULL;
  FcHazardRecord record = {
    .facility_id = "f", .category = FC_CATEGORY_GAS, .description = "x",
    .level = FC_HAZARD_LEVEL_GENERAL, .found_at = "2026-11-01",
  };
  g_autoptr(FcOp) op = NULL;
  g_autoptr(GError) error = NULL;

  fc_store_set_user (pair->a, staff);
  hazard = fc_hazards_record (pair->a, &record, NULL);
  op = fc_op_new_update ("hazard", hazard);
  fc_op_set_string (op, "status", "closed");
  g_assert_false (fc_store_write (pair->a, op, &error));
  g_assert_error (error, FC_ERROR, FC_ERROR_GUARD);
  assert_value (pair->a, "hazard", "status", hazard, "open");
}

/* The server refused A's change of two fields of a person: each field goes
 * back to the latest write that stands (here B's, pulled earlier), or to what
 * the row had before (nothing), and the refused op stays in A's log. */
static void
test_merge_refused_update_is_undone_field_by_field (Pair          *pair,
                                                   gconstpointer  data)
{
  g_autofree char *id = add (pair->a, "person", "name", "彭德明");
  g_autoptr(FcOp) refused = fc_op_new_update ("person", id);
  g_autoptr(GError) error = NULL;
  g_autofree char *mark = NULL;
  g_autofree char *clock = NULL;
  g_autofree char *b_op = NULL;

  test_copy_ops (pair->a, pair->b, &pair->a_sent);
  pair->wall_b += 1000;
  set (pair->b, "person", id, "phone", "13800000002");
  g_assert_cmpuint (test_copy_ops (pair->b, pair->a, &pair->b_sent), ==, 0);

  pair->wall_a += 2000;
  fc_op_set_string (refused, "phone", "13800000003");
  fc_op_set_string (refused, "organisation", "康宁养老院");
  g_assert_true (fc_store_write (pair->a, refused, &error));
  assert_value (pair->a, "person", "phone", id, "13800000003");

  mark = g_strdup_printf ("UPDATE op_log SET acked = 2 WHERE op_id = '%s'", refused->op_id);
  g_assert_true (fc_store_exec (pair->a, mark, NULL));
  g_assert_true (fc_store_undo_refused (pair->a, refused->op_id, &error));
  g_assert_no_error (error);

  assert_value (pair->a, "person", "phone", id, "13800000002");
  g_assert_cmpint (test_count (pair->a, "SELECT organisation IS NULL FROM person"), ==, 1);
  assert_value (pair->a, "person", "name", id, "彭德明");
  clock = test_text (pair->a, "SELECT op_id FROM field_clock WHERE field = 'phone'");
  b_op = test_text (pair->b, "SELECT op_id FROM op_log WHERE kind = 'update'");
  g_assert_cmpstr (clock, ==, b_op);
  g_assert_cmpint (test_count (pair->a, "SELECT count (*) FROM field_clock "
                                        "WHERE field = 'organisation'"), ==, 0);
  g_assert_cmpint (test_count (pair->a, "SELECT count (*) FROM op_log WHERE acked = 2"), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add ("/merge/" path, Pair, path, pair_setup, fn, pair_teardown)
  ADD ("ops-converge-and-apply-once", test_merge_ops_converge_and_apply_once);
  ADD ("different-fields-both-kept", test_merge_different_fields_both_kept_without_conflict);
  ADD ("concurrent-field-write-is-a-recorded-conflict", test_merge_concurrent_field_write_is_a_recorded_conflict);
  ADD ("later-write-that-saw-earlier-is-no-conflict", test_merge_later_write_that_saw_the_earlier_is_no_conflict);
  ADD ("insert-leaves-one-clock-that-stands-for-its-fields",
       test_merge_insert_leaves_one_clock_that_stands_for_its_fields);
  ADD ("concurrent-inserts-of-one-row-conflict-field-by-field",
       test_merge_concurrent_inserts_of_one_row_conflict_field_by_field);
  ADD ("without-savepoints-a-refusal-midway-spoils-the-transaction",
       test_merge_without_savepoints_a_refusal_midway_spoils_the_transaction);
  ADD ("remote-stamp-too-far-ahead-is-refused", test_merge_remote_stamp_too_far_ahead_is_refused);
  ADD ("hazard-move-after-another-is-refused", test_merge_hazard_move_after_another_is_refused_with_reason);
  ADD ("role-is-checked-on-the-receiving-store", test_merge_role_is_checked_on_the_receiving_store);
  ADD ("status-is-not-writable-as-a-field", test_merge_status_is_not_writable_as_a_field);
  ADD ("refused-update-is-undone-field-by-field", test_merge_refused_update_is_undone_field_by_field);
#undef ADD
  return g_test_run ();
}
