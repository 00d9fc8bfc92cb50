/* test-sign-in-refresh.c: a sync whose last step, refreshing who may sign in
 * (GET /api/v1/verifiers), fails still stands — what was sent and received
 * stays synced, the device keeps the list it had, and the outcome says why —
 * unless the server refused the device itself
 *
 * A real fieldcheck-server on 127.0.0.1 and a device driven through
 * fieldcheck-cli; between them the relay of test-relay.h, which sends the
 * verifiers request where an older server would answer 404, cuts its answer
 * off, or revokes the device just before it.
 */

#include "config.h"

#include "sync-test-util.h"
#include "test-relay.h"

#define NOTE "Sign-in data could not be refreshed"

typedef struct
{
  TestServer  server;
  TestRelay   relay;
  char       *db;
} Refresh;

/* A server, a device enrolled through the relay and synced once (so it keeps
 * the three people's verifiers), and the manager disabled on the server since. */
static void
refresh_setup (Refresh       *r,
               gconstpointer  data)
{
  test_server_init (&r->server, data, NULL);
  test_relay_start (&r->relay, r->server.port);
  g_free (r->server.url);
  r->server.url = g_strdup (r->relay.url);
  r->db = test_device_new (&r->server, "tablet");
  g_assert_cmpint (test_db_count (r->db, "SELECT count (*) FROM sign_in_verifier"), ==, 3);
  test_admin_ok (&r->server, "user", "disable", "mgr", NULL);
}

static void
refresh_teardown (Refresh       *r,
                  gconstpointer  data)
{
  test_relay_stop (&r->relay);
  test_server_clear (&r->server);
  g_free (r->db);
}

/* The admin, without a password yet, records a facility: one op waits. */
static char *
record_facility (Refresh *r)
{
  g_free (test_cli_line (r->db, "login", "--no-password", "admin", NULL));
  return test_cli_line (r->db, "put", "facility", "name=阳光养老院", "type=elderly_care", "town=汉丰街道", NULL);
}

static gint64
waiting (const char *db)
{
  return test_db_count (db, "SELECT count (*) FROM op_log WHERE origin = 'local' AND acked = 0");
}

static gint64
manager_disabled_here (const char *db)
{
  return test_db_count (db, "SELECT disabled FROM sign_in_verifier WHERE login = 'mgr'");
}

static char *
kept_note (const char *db)
{
  return test_dump_line (db, "SELECT value FROM meta WHERE key = 'sync_sign_in_note'");
}

/* The sync went through with the note on stderr: the facility reached the
 * server once, nothing waits, and the device kept the list it had. */
static void
assert_sync_stood (Refresh       *r,
                   const TestRun *run,
                   const char    *facility,
                   const char    *reason)
{
  g_autofree char *server_db = test_server_db (&r->server);
  g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM facility WHERE id = '%s'", facility);
  g_autofree char *note = kept_note (r->db);

  g_test_message ("%s", run->err);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_nonnull (strstr (run->out, "applied\t1\n"));
  g_assert_nonnull (strstr (run->err, NOTE));
  g_assert_nonnull (strstr (run->err, reason));
  g_assert_cmpint (waiting (r->db), ==, 0);
  g_assert_cmpint (test_db_count (server_db, sql), ==, 1);
  g_assert_cmpint (manager_disabled_here (r->db), ==, 0);
  g_assert_cmpint (test_db_count (r->db, "SELECT count (*) FROM sign_in_verifier"), ==, 3);
  g_assert_nonnull (strstr (note, NOTE));
  g_assert_nonnull (strstr (note, reason));
  test_assert_invariants (server_db, r->db);
}

/* The next sync that gets the list refreshes it and forgets the note. */
static void
assert_refreshed_next_time (Refresh *r)
{
  g_auto(TestRun) run = { 0 };
  g_autofree char *note = NULL;

  test_relay_set_mode (&r->relay, TEST_RELAY_FORWARD);
  test_cli (&run, r->db, "sync", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_null (strstr (run.err, NOTE));
  g_assert_cmpint (manager_disabled_here (r->db), ==, 1);
  note = kept_note (r->db);
  g_assert_cmpstr (note, ==, "");
}

static void
test_an_older_server_without_the_list_leaves_the_sync_standing (Refresh       *r,
                                                                 gconstpointer  data)
{
  g_auto(TestRun) run = { 0 };
  g_autofree char *facility = record_facility (r);
  int asked = g_atomic_int_get (&r->relay.verifiers_asked);

  test_relay_set_mode (&r->relay, TEST_RELAY_OLD_SERVER);
  test_cli (&run, r->db, "sync", NULL);
  g_assert_cmpint (g_atomic_int_get (&r->relay.verifiers_asked), ==, asked + 1);
  /* The real server's sentence for an address it does not serve. */
  assert_sync_stood (r, &run, facility, "(not_found)");

  /* A script reads the same in the JSON outcome. */
  test_cli (&run, r->db, "--json", "sync", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "\"sign_in_stale\": true"));
  g_assert_nonnull (strstr (run.out, "\"note\": \"" NOTE));

  assert_refreshed_next_time (r);
  test_cli (&run, r->db, "--json", "sync", NULL);
  g_assert_nonnull (strstr (run.out, "\"sign_in_stale\": false, \"note\": null}"));
}

static void
test_a_broken_answer_leaves_the_sync_standing_and_is_tried_next_time (Refresh       *r,
                                                                       gconstpointer  data)
{
  g_auto(TestRun) run = { 0 };
  g_autofree char *facility = record_facility (r);

  test_relay_set_mode (&r->relay, TEST_RELAY_BROKEN);
  test_cli (&run, r->db, "sync", NULL);
  assert_sync_stood (r, &run, facility, "Cannot reach the server");
  assert_refreshed_next_time (r);
}

static void
revoke_device (TestRelay *relay,
               gpointer   data)
{
  Refresh *r = data;
  g_autofree char *device = test_dump_line (r->db, "SELECT value FROM meta WHERE key = 'device_id'");

  test_admin_ok (&r->server, "devices", "revoke", device, NULL);
}

/* Revoked between the pull and the list: the sync fails as a refusal does,
 * though what was sent before stays acknowledged. */
static void
test_a_device_revoked_before_the_list_is_refused (Refresh       *r,
                                                  gconstpointer  data)
{
  g_auto(TestRun) run = { 0 };
  g_autofree char *facility = record_facility (r);
  g_autofree char *note = NULL;

  r->relay.hook_data = r;
  r->relay.before_verifiers = revoke_device;
  test_cli (&run, r->db, "sync", NULL);
  g_assert_null (r->relay.before_verifiers);
  g_assert_cmpint (run.status, !=, 0);
  g_assert_null (strstr (run.err, NOTE));
  g_assert_nonnull (strstr (run.err, "revoked"));
  g_assert_cmpint (waiting (r->db), ==, 0);
  g_assert_cmpint (manager_disabled_here (r->db), ==, 0);
  note = kept_note (r->db);
  g_assert_cmpstr (note, ==, "");

  /* And stays refused. */
  test_cli (&run, r->db, "sync", NULL);
  g_assert_cmpint (run.status, !=, 0);
  g_assert_nonnull (strstr (run.err, "revoked"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func, name) \
  g_test_add (path, Refresh, name, refresh_setup, func, refresh_teardown)
  ADD ("/sign-in-refresh/an-older-server-without-the-list-leaves-the-sync-standing",
       test_an_older_server_without_the_list_leaves_the_sync_standing, "refresh-old-server");
  ADD ("/sign-in-refresh/a-broken-answer-leaves-the-sync-standing-and-is-tried-next-time",
       test_a_broken_answer_leaves_the_sync_standing_and_is_tried_next_time, "refresh-broken");
  ADD ("/sign-in-refresh/a-device-revoked-before-the-list-is-refused",
       test_a_device_revoked_before_the_list_is_refused, "refresh-revoked");
#undef ADD
  return g_test_run ();
}
