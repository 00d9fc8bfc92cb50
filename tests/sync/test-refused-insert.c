/* test-refused-insert.c: a new record the server refuses leaves the device as
 * if it had never been made — with what was recorded on it, which the server
 * refuses with it — while the device's other changes of the same sync stand
 *
 * A real fieldcheck-server on 127.0.0.1 and two devices of one district
 * (sync-test-util.h) driven through fieldcheck-cli.
 */

#include "config.h"

#include "sync-test-util.h"

static gint64
count_row (const char *db,
           const char *table,
           const char *id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM %s WHERE id = '%s'", table, id);

  return test_db_count (db, sql);
}

static gint64
refused_ops_of (const char *db,
                const char *id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM op_log o JOIN sync_refusal r "
                                          "ON r.op_id = o.op_id AND r.direction = 'push' "
                                          "WHERE o.row_id = '%s' AND o.acked = 2", id);

  return test_db_count (db, sql);
}

/* The inspector, on device a, makes a facility (only admins may), a hazard at
 * it, and moves that hazard on; records a person (only admins may); and
 * measures for the district's hazard (allowed). After the sync only the
 * measures are anywhere: the refused rows are gone from a, their ops kept
 * refused with the reasons, and a equals the server table by table. */
static void
test_refused_new_rows_leave_the_device (TestSyncDistrict *d,
                                        gconstpointer     data)
{
  g_autofree char *server_db = test_server_db (&d->server);
  g_autofree char *facility = NULL, *hazard = NULL, *person = NULL, *measures = NULL;
  g_autofree char *measures_sql = g_strdup_printf ("SELECT measures FROM hazard WHERE id = '%s'", d->hazard);
  g_auto(TestRun) run = { 0 };

  g_free (test_cli_line (d->a, "login", "insp", NULL));
  facility = test_cli_line (d->a, "put", "facility", "name=未登记的养老院", "type=elderly_care",
                            "town=汉丰街道", NULL);
  hazard = test_cli_line (d->a, "hazard", "record", "--facility", facility, "--category", "gas",
                          "--description", "疏散通道堵塞", NULL);
  g_free (test_cli_line (d->a, "put", "hazard", hazard, "measures=清理通道", NULL));
  person = test_cli_line (d->a, "put", "person", "name=临时工", "roles=inspector", NULL);
  g_free (test_cli_line (d->a, "put", "hazard", d->hazard, "measures=更换金属软管", NULL));
  g_assert_cmpint (count_row (d->a, "facility", facility), ==, 1);
  g_assert_cmpint (count_row (d->a, "hazard", hazard), ==, 1);
  g_assert_cmpint (count_row (d->a, "person", person), ==, 1);

  test_cli (&run, d->a, "sync", NULL);
  g_test_message ("%s%s", run.out, run.err);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_null (strstr (run.out, "rejected\t0\n"));

  /* Gone from the device, as from the server. */
  g_assert_cmpint (count_row (d->a, "facility", facility), ==, 0);
  g_assert_cmpint (count_row (d->a, "hazard", hazard), ==, 0);
  g_assert_cmpint (count_row (d->a, "person", person), ==, 0);
  g_assert_cmpint (count_row (server_db, "facility", facility), ==, 0);
  g_assert_cmpint (count_row (server_db, "person", person), ==, 0);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM field_clock WHERE row_id IN ('%s', '%s', '%s')",
                                            facility, hazard, person);

    g_assert_cmpint (test_db_count (d->a, sql), ==, 0);
  }
  /* The refused changes are still there to read, with the server's reasons. */
  g_assert_cmpint (refused_ops_of (d->a, facility), ==, 1);
  g_assert_cmpint (refused_ops_of (d->a, person), ==, 1);
  g_assert_cmpint (refused_ops_of (d->a, hazard), >=, 2);
  /* The allowed change of the same sync stands. */
  measures = test_dump_line (server_db, measures_sql);
  g_assert_cmpstr (measures, ==, "更换金属软管");

  /* The guard against deletes, lifted for the removal, is back. */
  g_assert_cmpint (test_db_count (d->a, "SELECT count (*) FROM sqlite_master WHERE type = 'trigger' "
                                        "AND name IN ('fc_guard_delete_facility', 'fc_guard_delete_hazard', "
                                        "'fc_guard_delete_hazard_event', 'fc_guard_delete_person')"), ==, 4);
  test_assert_converged (server_db, d->a);
  test_assert_invariants (server_db, d->a);
  test_sync (d->b);
  test_assert_converged (server_db, d->b);

  /* Nothing is left to send or to undo: another sync changes nothing. */
  test_cli (&run, d->a, "sync", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "pushed\t0\n"));
  test_assert_converged (server_db, d->a);
}

/* An admin on device a makes a facility the server takes; the inspector then
 * renames it, which the server refuses (not assigned): only the name goes
 * back, and the facility stays, since the server holds it. */
static void
test_a_refused_change_of_a_known_row_keeps_the_row (TestSyncDistrict *d,
                                                    gconstpointer     data)
{
  g_autofree char *server_db = test_server_db (&d->server);
  g_autofree char *facility = NULL, *name = NULL;
  g_autofree char *name_sql = NULL;

  g_free (test_cli_line (d->a, "login", "admin", NULL));
  facility = test_cli_line (d->a, "put", "facility", "name=夕阳红敬老院", "type=elderly_care",
                            "town=汉丰街道", NULL);
  test_sync (d->a);
  g_free (test_cli_line (d->a, "login", "insp", NULL));
  g_free (test_cli_line (d->a, "put", "facility", facility, "name=改名", NULL));
  test_sync (d->a);

  name_sql = g_strdup_printf ("SELECT name FROM facility WHERE id = '%s'", facility);
  name = test_dump_line (d->a, name_sql);
  g_assert_cmpstr (name, ==, "夕阳红敬老院");
  g_assert_cmpint (refused_ops_of (d->a, facility), ==, 1);
  test_assert_converged (server_db, d->a);
  test_assert_invariants (server_db, d->a);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/refused-insert/refused-new-rows-leave-the-device", TestSyncDistrict, "refused-new",
              test_sync_district_setup, test_refused_new_rows_leave_the_device, test_sync_district_teardown);
  g_test_add ("/refused-insert/a-refused-change-of-a-known-row-keeps-the-row", TestSyncDistrict,
              "refused-known", test_sync_district_setup, test_a_refused_change_of_a_known_row_keeps_the_row,
              test_sync_district_teardown);
  return g_test_run ();
}
