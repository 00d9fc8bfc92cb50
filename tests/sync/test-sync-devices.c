/* test-sync-devices.c: two tablets, one district server, edits made offline
 *
 * Every scenario runs the real fieldcheck-server on 127.0.0.1 and drives the
 * devices with fieldcheck-cli, then checks the invariants of DESIGN.md on the
 * SQLite files.
 */

#include "config.h"

#include "sync-test-util.h"

typedef TestSyncDistrict District;

/* Both devices and the server hold the same rows, and every invariant holds. */
static void
assert_district_sound (District *d)
{
  g_autofree char *server_db = test_server_db (&d->server);

  test_sync (d->a);
  test_sync (d->b);
  test_sync (d->a);
  test_assert_converged (server_db, d->a);
  test_assert_converged (server_db, d->b);
  test_assert_invariants (server_db, d->a);
  test_assert_invariants (server_db, d->b);
}

static char *
hazard_field (const char *db,
              const char *id,
              const char *field)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM hazard WHERE id = '%s'", field, id);
  char *text = test_dump (db, sql);

  return g_strchomp (text);
}

static void
test_devices_disjoint_edits_both_survive (District      *d,
                                          gconstpointer  data)
{
  g_autofree char *out = NULL;

  /* Offline: a sets the measures, b the location. */
  g_free (test_cli_line (d->a, "put", "hazard", d->hazard, "measures=更换金属软管", NULL));
  g_free (test_cli_line (d->b, "put", "hazard", d->hazard, "location=一楼厨房", NULL));
  test_sync (d->a);
  test_sync (d->b);
  test_sync (d->a);

  for (const char *const *db = (const char *[]) { d->a, d->b, NULL }; *db; db++)
    {
      g_autofree char *measures = hazard_field (*db, d->hazard, "measures");
      g_autofree char *location = hazard_field (*db, d->hazard, "location");

      g_assert_cmpstr (measures, ==, "更换金属软管");
      g_assert_cmpstr (location, ==, "一楼厨房");
      g_assert_cmpint (test_db_count (*db, "SELECT count (*) FROM conflict"), ==, 0);
    }
  assert_district_sound (d);
}

static void
test_devices_same_field_race_is_a_conflict_on_both (District      *d,
                                                    gconstpointer  data)
{
  g_autofree char *server_db = test_server_db (&d->server);
  g_autofree char *on_a = NULL;
  g_autofree char *on_b = NULL;

  g_free (test_cli_line (d->a, "put", "hazard", d->hazard, "responsible_party=区民政局", NULL));
  g_free (test_cli_line (d->b, "put", "hazard", d->hazard, "responsible_party=阳光养老院", NULL));
  test_sync (d->a);
  test_sync (d->b);
  test_sync (d->a);

  on_a = hazard_field (d->a, d->hazard, "responsible_party");
  on_b = hazard_field (d->b, d->hazard, "responsible_party");
  g_assert_cmpstr (on_a, ==, on_b);
  for (const char *const *db = (const char *[]) { d->a, d->b, server_db, NULL }; *db; db++)
    {
      g_autofree char *conflict = test_dump (*db, "SELECT field, kept_value, other_value "
                                                  "FROM conflict WHERE resolved = 0");

      g_test_message ("conflicts of %s", *db);
      g_assert_cmpint (test_db_count (*db, "SELECT count (*) FROM conflict"), ==, 1);
      g_assert_true (g_str_has_prefix (conflict, "responsible_party|"));
      /* Neither value is lost: the loser is kept beside the winner. */
      g_assert_nonnull (strstr (conflict, "区民政局"));
      g_assert_nonnull (strstr (conflict, "阳光养老院"));
    }
  assert_district_sound (d);
}

static void
test_devices_hazard_moves_reach_the_other_device (District      *d,
                                                  gconstpointer  data)
{
  g_autofree char *status = NULL;
  g_autofree char *who = NULL;

  g_free (test_cli_line (d->b, "hazard", "move", d->hazard, "start_rectification", NULL));
  test_sync (d->b);
  test_sync (d->a);
  status = hazard_field (d->a, d->hazard, "status");
  g_assert_cmpstr (status, ==, "rectifying");
  g_assert_cmpint (test_db_count (d->a, "SELECT count (*) FROM hazard_event"), ==, 2);
  assert_district_sound (d);
}

static void
test_devices_unassigned_facility_write_is_refused (District      *d,
                                                   gconstpointer  data)
{
  g_autofree char *server_db = test_server_db (&d->server);
  g_autofree char *who = NULL;
  g_autofree char *other = NULL;
  g_autofree char *outbox = NULL;
  g_autofree char *hazard = NULL;

  /* A second facility, nobody assigned to it. */
  who = test_cli_line (d->a, "login", "admin", NULL);
  other = test_cli_line (d->a, "put", "facility", "name=希望儿童福利院", "type=child_welfare",
                         "town=丰乐街道", NULL);
  test_sync (d->a);
  g_free (who);
  who = test_cli_line (d->a, "login", "insp", NULL);
  hazard = test_cli_line (d->a, "hazard", "record", "--facility", other, "--description", "疏散通道堵塞",
                          NULL);
  test_sync (d->a);

  /* Refused with the reason, visible in the outbox; nothing of it on the server. */
  outbox = test_cli_line (d->a, "outbox", NULL);
  g_assert_nonnull (strstr (outbox, "not_assigned"));
  g_assert_nonnull (strstr (outbox, "depends_on_rejected"));
  g_assert_cmpint (test_db_count (server_db, "SELECT count (*) FROM hazard"), ==, 1);
  g_assert_cmpint (test_db_count (server_db, "SELECT count (*) FROM fcs_quarantine"), ==, 2);
  g_assert_cmpint (test_db_count (server_db, "SELECT count (*) FROM fcs_audit WHERE outcome = 'rejected'"),
                   ==, 2);
}

static void
test_devices_revoked_device_is_refused (District      *d,
                                        gconstpointer  data)
{
  g_auto(TestRun) run = { 0 };
  g_autofree char *device = test_dump (d->b, "SELECT value FROM meta WHERE key = 'device_id'");

  test_admin (&run, &d->server, "devices", "revoke", g_strchomp (device), NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_free (test_cli_line (d->b, "put", "hazard", d->hazard, "location=二楼", NULL));
  test_cli (&run, d->b, "sync", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "revoked"));
  /* The change stays in the outbox; nothing reached the server. */
  g_assert_cmpint (test_db_count (d->b, "SELECT count (*) FROM op_log WHERE origin = 'local' "
                                        "AND acked = 0"), ==, 1);
}

static void
test_devices_bundle_carried_by_hand_is_applied_once (District      *d,
                                                     gconstpointer  data)
{
  g_auto(TestRun) run = { 0 };
  g_autofree char *bundle = test_scratch_path ("bundle.json");

  g_free (test_cli_line (d->b, "put", "hazard", d->hazard, "measures=关闭总阀，更换软管", NULL));
  g_free (test_cli_line (d->b, "export-changes", "--to", bundle, NULL));
  test_admin (&run, &d->server, "import", bundle, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "applied\t1\n"));
  test_admin (&run, &d->server, "import", bundle, NULL);
  g_assert_true (g_str_has_prefix (run.out, "applied\t0\nduplicate\t1\n"));
  /* The tablet's next sync finds its change already there. */
  assert_district_sound (d);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add ("/devices/" path, District, path, test_sync_district_setup, fn, \
                                      test_sync_district_teardown)
  ADD ("disjoint-edits-both-survive", test_devices_disjoint_edits_both_survive);
  ADD ("same-field-race-is-a-conflict-on-both", test_devices_same_field_race_is_a_conflict_on_both);
  ADD ("hazard-moves-reach-the-other-device", test_devices_hazard_moves_reach_the_other_device);
  ADD ("unassigned-facility-write-is-refused", test_devices_unassigned_facility_write_is_refused);
  ADD ("revoked-device-is-refused", test_devices_revoked_device_is_refused);
  ADD ("bundle-carried-by-hand-is-applied-once", test_devices_bundle_carried_by_hand_is_applied_once);
#undef ADD
  return g_test_run ();
}
