/* test-write-api.c: every change goes through the one write API and leaves an op */

#include "config.h"

#include <string.h>

#include "fc-error.h"
#include "fc-store-write.h"
#include "test-util.h"

static FcStore *
new_store (const char *name)
{
  g_autofree char *path = test_scratch_path (name);
  g_autoptr(GError) error = NULL;
  FcStore *store = fc_store_open (path, &error);

  g_assert_no_error (error);
  fc_store_set_user (store, "user-1");
  return store;
}

static char *
add_person (FcStore    *store,
            const char *name)
{
  g_autoptr(FcOp) op = fc_op_new_insert ("person", NULL);
  g_autoptr(GError) error = NULL;

  fc_op_set_string (op, "name", name);
  fc_op_set_string (op, "roles", "inspector");
  g_assert_true (fc_store_write (store, op, &error));
  g_assert_no_error (error);
  return g_strdup (op->row_id);
}

static void
test_write_records_row_and_op_together (void)
{
  g_autoptr(FcStore) store = new_store ("write.db");
  g_autofree char *id = add_person (store, "陈建华");
  g_autofree char *sql = g_strdup_printf ("SELECT fields FROM op_log WHERE row_id = '%s'", id);
  g_autofree char *fields = test_text (store, sql);
  g_autofree char *user = test_text (store, "SELECT user_id FROM op_log");

  g_assert_cmpint (test_count (store, "SELECT count (*) FROM person"), ==, 1);
  g_assert_cmpint (test_count (store, "SELECT count (*) FROM op_log"), ==, 1);
  g_assert_nonnull (strstr (fields, "陈建华"));
  g_assert_cmpstr (user, ==, "user-1");
  g_assert_cmpint (test_count (store, "SELECT device_seq FROM op_log"), ==, 1);
  g_assert_cmpint (test_count (store, "SELECT hlc > 0 FROM op_log"), ==, 1);
  g_assert_cmpint (test_count (store, "SELECT acked FROM op_log"), ==, 0);
}

static void
test_write_update_carries_base_version (void)
{
  g_autoptr(FcStore) store = new_store ("base.db");
  g_autofree char *id = add_person (store, "李晓燕");
  g_autoptr(FcOp) update = fc_op_new_update ("person", id);
  gint64 insert_hlc = test_count (store, "SELECT hlc FROM op_log WHERE kind = 'insert'");

  fc_op_set_string (update, "phone", "13800000000");
  g_assert_true (fc_store_write (store, update, NULL));
  g_assert_cmpint ((gint64) update->base_hlc, ==, insert_hlc);
  g_assert_cmpint ((gint64) update->hlc, >, insert_hlc);
  g_assert_cmpint (update->device_seq, ==, 2);
}

typedef struct
{
  const char *name;
  const char *sql;
} RawWrite;

static void
test_write_around_the_api_is_refused (void)
{
  g_autoptr(FcStore) store = new_store ("raw.db");
  g_autofree char *id = add_person (store, "王志强");
  g_autofree char *update = g_strdup_printf ("UPDATE person SET name = 'x' WHERE id = '%s'", id);
  g_autofree char *delete = g_strdup_printf ("DELETE FROM person WHERE id = '%s'", id);
  const RawWrite raw[] = {
    { "insert", "INSERT INTO person (id, name) VALUES ('raw', 'sneaky')" },
    { "update", update },
    { "delete", delete },
    { "insert into another table", "INSERT INTO team (id, name) VALUES ('t', 'x')" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (raw); i++)
    {
      char *message = NULL;

      g_test_message ("%s", raw[i].name);
      g_assert_cmpint (sqlite3_exec (fc_store_get_db (store), raw[i].sql, NULL, NULL, &message),
                       !=, SQLITE_OK);
      g_assert_nonnull (strstr (message, "fieldcheck:"));
      sqlite3_free (message);
    }
  g_assert_cmpint (test_count (store, "SELECT count (*) FROM person WHERE name = '王志强'"), ==, 1);
  g_assert_cmpint (test_count (store, "SELECT count (*) FROM op_log"), ==, 1);
}

static void
test_write_from_another_connection_is_refused (void)
{
  g_autoptr(FcStore) store = new_store ("other-conn.db");
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (fc_store_get_path (store), &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO person (id, name) VALUES ('raw', 'x')",
                                 NULL, NULL, &message), !=, SQLITE_OK);
  g_assert_nonnull (message);
  sqlite3_free (message);
  sqlite3_close (db);
  g_assert_cmpint (test_count (store, "SELECT count (*) FROM person"), ==, 0);
}

static void
test_write_insert_only_rows_never_change (void)
{
  g_autoptr(FcStore) store = new_store ("insert-only.db");
  g_autoptr(FcOp) insert = fc_op_new_insert ("result", NULL);
  g_autoptr(FcOp) update = NULL;
  g_autoptr(FcOp) again = NULL;
  g_autoptr(GError) error = NULL;

  fc_op_set_string (insert, "inspection_id", "i");
  fc_op_set_string (insert, "item_id", "GEN-FE-01");
  fc_op_set_string (insert, "answer", "pass");
  fc_op_set_string (insert, "recorded_at", "2026-11-29T10:00:00+08:00");
  g_assert_true (fc_store_exec (store, "PRAGMA foreign_keys = OFF", NULL));
  g_assert_true (fc_store_write (store, insert, &error));
  g_assert_no_error (error);

  update = fc_op_new_update ("result", insert->row_id);
  fc_op_set_string (update, "note", "rewritten history");
  g_assert_false (fc_store_write (store, update, &error));
  g_assert_error (error, FC_ERROR, FC_ERROR_INVALID);
  g_clear_error (&error);

  again = fc_op_new_insert ("result", insert->row_id);
  fc_op_set_string (again, "note", "x");
  g_assert_false (fc_store_write (store, again, &error));
  g_assert_error (error, FC_ERROR, FC_ERROR_INVALID);
  g_assert_cmpint (test_count (store, "SELECT count (*) FROM op_log"), ==, 1);
}

static void
test_write_unknown_table_or_field_is_refused (void)
{
  g_autoptr(FcStore) store = new_store ("unknown.db");
  g_autoptr(FcOp) bad_table = fc_op_new_insert ("op_log", NULL);
  g_autoptr(FcOp) bad_field = fc_op_new_insert ("person", NULL);
  g_autoptr(FcOp) injection = fc_op_new_insert ("person", NULL);
  g_autoptr(GError) error = NULL;

  fc_op_set_string (bad_table, "tbl", "x");
  g_assert_false (fc_store_write (store, bad_table, &error));
  g_assert_error (error, FC_ERROR, FC_ERROR_INVALID);
  g_clear_error (&error);

  fc_op_set_string (bad_field, "name", "x");
  fc_op_set_string (bad_field, "shoe_size", "42");
  g_assert_false (fc_store_write (store, bad_field, &error));
  g_assert_error (error, FC_ERROR, FC_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "shoe_size"));
  g_clear_error (&error);

  fc_op_set_string (injection, "name) VALUES ('a'); DROP TABLE person; --", "x");
  g_assert_false (fc_store_write (store, injection, &error));
  g_assert_error (error, FC_ERROR, FC_ERROR_INVALID);
  g_assert_cmpint (test_count (store, "SELECT count (*) FROM op_log"), ==, 0);
}

static void
test_write_failure_leaves_nothing_and_rewinds_sequence (void)
{
  g_autoptr(FcStore) store = new_store ("failure.db");
  g_autoptr(FcOp) missing_name = fc_op_new_insert ("person", NULL);
  g_autoptr(FcOp) ok = NULL;
  g_autoptr(GError) error = NULL;

  fc_op_set_string (missing_name, "phone", "1");   /* name is NOT NULL */
  g_assert_false (fc_store_write (store, missing_name, &error));
  g_assert_nonnull (error);
  g_assert_cmpint (test_count (store, "SELECT count (*) FROM person"), ==, 0);
  g_assert_cmpint (test_count (store, "SELECT count (*) FROM op_log"), ==, 0);

  ok = fc_op_new_insert ("person", NULL);
  fc_op_set_string (ok, "name", "x");
  g_assert_true (fc_store_write (store, ok, NULL));
  g_assert_cmpint (ok->device_seq, ==, 1);
}

static void
test_write_inside_transaction_failure_keeps_earlier_changes (void)
{
  g_autoptr(FcStore) store = new_store ("savepoint.db");
  g_autoptr(FcOp) first = fc_op_new_insert ("person", NULL);
  g_autoptr(FcOp) bad = fc_op_new_insert ("person", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (fc_store_begin (store, NULL));
  fc_op_set_string (first, "name", "kept");
  g_assert_true (fc_store_write (store, first, NULL));
  fc_op_set_string (bad, "phone", "no name");
  g_assert_false (fc_store_write (store, bad, &error));
  g_assert_true (fc_store_commit (store, NULL));

  g_assert_cmpint (test_count (store, "SELECT count (*) FROM person"), ==, 1);
  g_assert_cmpint (test_count (store, "SELECT count (*) FROM op_log"), ==, 1);
}

static void
test_write_rollback_leaves_nothing (void)
{
  g_autoptr(FcStore) store = new_store ("rollback.db");
  g_autoptr(FcOp) op = fc_op_new_insert ("person", NULL);
  g_autoptr(FcOp) after = fc_op_new_insert ("person", NULL);

  g_assert_true (fc_store_begin (store, NULL));
  fc_op_set_string (op, "name", "gone");
  g_assert_true (fc_store_write (store, op, NULL));
  fc_store_rollback (store);
  g_assert_cmpint (test_count (store, "SELECT count (*) FROM person"), ==, 0);

  fc_op_set_string (after, "name", "next");
  g_assert_true (fc_store_write (store, after, NULL));
  g_assert_cmpint (after->device_seq, ==, 1);
}

static void
test_write_sequence_and_clock_survive_restart (void)
{
  g_autofree char *path = test_scratch_path ("restart.db");
  gint64 wall = 1800000000000;
  FcHlc last_hlc;

  {
    g_autoptr(FcStore) store = fc_store_open_full (path, test_fixed_wall, &wall, NULL);

    for (int i = 0; i < 3; i++)
      {
        g_autoptr(FcOp) op = fc_op_new_insert ("person", NULL);

        fc_op_set_string (op, "name", "p");
        g_assert_true (fc_store_write (store, op, NULL));
        last_hlc = op->hlc;
      }
  }
  /* The clock is set back an hour before the restart. */
  wall -= 3600 * 1000;
  {
    g_autoptr(FcStore) store = fc_store_open_full (path, test_fixed_wall, &wall, NULL);
    g_autoptr(FcOp) op = fc_op_new_insert ("person", NULL);

    fc_op_set_string (op, "name", "p");
    g_assert_true (fc_store_write (store, op, NULL));
    g_assert_cmpint (op->device_seq, ==, 4);
    g_assert_cmpuint (op->hlc, >, last_hlc);
  }
}

/* The app and fieldcheck-cli (or the app's sync thread) each open the same
 * store: the file, not a connection's memory, numbers the device's ops. The
 * CLI's clock runs an hour behind the app's; the ops still stamp in order. */
static void
test_write_two_connections_share_sequence_and_clock (void)
{
  g_autofree char *path = test_scratch_path ("two-connections.db");
  gint64 app_wall = 1800000000000;
  gint64 cli_wall = app_wall - 3600 * 1000;
  g_autoptr(FcStore) app = fc_store_open_full (path, test_fixed_wall, &app_wall, NULL);
  g_autoptr(FcStore) cli = fc_store_open_full (path, test_fixed_wall, &cli_wall, NULL);
  FcHlc last = 0;

  g_assert_cmpstr (fc_store_get_device_id (app), ==, fc_store_get_device_id (cli));
  for (int i = 0; i < 6; i++)
    {
      FcStore *writer = i % 3 == 0 ? cli : app;
      g_autoptr(FcOp) op = fc_op_new_insert ("person", NULL);
      g_autoptr(GError) error = NULL;

      fc_op_set_string (op, "name", "p");
      g_assert_true (fc_store_write (writer, op, &error));
      g_assert_no_error (error);
      g_assert_cmpint (op->device_seq, ==, i + 1);
      g_assert_cmpuint (op->hlc, >, last);
      last = op->hlc;
    }

  g_assert_cmpint (test_count (app, "SELECT count (*) FROM op_log"), ==, 6);
  g_assert_cmpint (test_count (app, "SELECT max (device_seq) - min (device_seq) + 1 FROM op_log"), ==, 6);
  g_assert_cmpint (test_count (app, "SELECT count (*) FROM op_log a JOIN op_log b ON b.seq = a.seq + 1 "
                                    "WHERE b.hlc <= a.hlc OR b.clock < a.clock"), ==, 0);
}

static void
test_write_disk_full_is_clear_and_loses_nothing (void)
{
  g_autoptr(FcStore) store = new_store ("full.db");
  g_autofree char *keep = add_person (store, "committed before the disk filled");
  g_autoptr(GError) error = NULL;
  gint64 pages = test_count (store, "PRAGMA page_count");
  g_autofree char *limit = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT, pages);
  g_autofree char *big = g_strnfill (64 * 1024, 'x');
  gboolean failed = FALSE;

  g_assert_true (fc_store_exec (store, limit, NULL));
  for (int i = 0; i < 50 && !failed; i++)
    {
      g_autoptr(FcOp) op = fc_op_new_insert ("person", NULL);

      fc_op_set_string (op, "name", big);
      failed = !fc_store_write (store, op, &error);
    }
  g_assert_true (failed);
  g_assert_error (error, FC_ERROR, FC_ERROR_DISK_FULL);
  g_assert_cmpint (test_count (store, "SELECT count (*) FROM person WHERE name LIKE 'committed%'"), ==, 1);
  g_assert_cmpint (test_count (store, "SELECT count (*) FROM person"), ==,
                   test_count (store, "SELECT count (*) FROM op_log"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/write/records-row-and-op-together", test_write_records_row_and_op_together);
  g_test_add_func ("/write/update-carries-base-version", test_write_update_carries_base_version);
  g_test_add_func ("/write/around-the-api-is-refused", test_write_around_the_api_is_refused);
  g_test_add_func ("/write/from-another-connection-is-refused", test_write_from_another_connection_is_refused);
  g_test_add_func ("/write/insert-only-rows-never-change", test_write_insert_only_rows_never_change);
  g_test_add_func ("/write/unknown-table-or-field-is-refused", test_write_unknown_table_or_field_is_refused);
  g_test_add_func ("/write/failure-leaves-nothing", test_write_failure_leaves_nothing_and_rewinds_sequence);
  g_test_add_func ("/write/inside-transaction-failure-keeps-earlier", test_write_inside_transaction_failure_keeps_earlier_changes);
  g_test_add_func ("/write/rollback-leaves-nothing", test_write_rollback_leaves_nothing);
  g_test_add_func ("/write/sequence-and-clock-survive-restart", test_write_sequence_and_clock_survive_restart);
  g_test_add_func ("/write/two-connections-share-sequence-and-clock",
                   test_write_two_connections_share_sequence_and_clock);
  g_test_add_func ("/write/disk-full-is-clear-and-loses-nothing", test_write_disk_full_is_clear_and_loses_nothing);
  return g_test_run ();
}
