/* test-sign-in-sync.c: people sign in on the device against verifiers synced
 * from a real fieldcheck-server, also with the server stopped, and lose that
 * once the server disables them
 */

#include "config.h"

#include <gio/gio.h>

#include "fc-store.h"
#include "fc-sync-verifiers.h"
#include "sync-test-util.h"

#define PASSWORD_ZHANG "张-inspects-2026"
#define PASSWORD_LI    "li-staff-2026!"
#define PASSWORD_WANG  "wang-inspector-9"

/* A command fed @input on standard input. */
static void
test_spawn_input (TestRun            *run,
                  const char         *input,
                  const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;

  test_run_clear (run);
  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                     G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, input, NULL, &run->out, &run->err, &error));
  g_assert_no_error (error);
  run->status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : 128;
}

static void
add_user (TestServer *server,
          const char *login,
          const char *roles,
          const char *password)
{
  g_auto(TestRun) run = { 0 };
  const char *argv[] = {
    SERVER_PATH, "user", "add", "--data", server->data, login, "--roles", roles,
    "--password-stdin", NULL
  };
  g_autofree char *input = g_strconcat (password, "\n", NULL);

  test_spawn_input (&run, input, argv);
  g_assert_cmpint (run.status, ==, 0);
}

/* fieldcheck-cli login USER with the password on standard input. */
static void
sign_in (TestRun    *run,
         const char *db,
         const char *login,
         const char *password)
{
  const char *argv[] = { CLI_PATH, "--db", db, "login", login, NULL };
  g_autofree char *input = g_strconcat (password, "\n", NULL);

  test_spawn_input (run, input, argv);
}

static char *
enroll (TestServer *server,
        const char *name,
        const char *user)
{
  g_auto(TestRun) run = { 0 };
  char *db = g_strconcat (server->data, "-", name, ".db", NULL);
  g_autofree char *token = NULL;

  if (user != NULL)
    test_admin (&run, server, "enroll-token", "--user", user, NULL);
  else
    test_admin (&run, server, "enroll-token", NULL);
  g_assert_cmpint (run.status, ==, 0);
  token = g_strndup (run.out + 6, strcspn (run.out + 6, "\n"));
  test_cli (&run, db, "enroll", "--server", server->url, "--token", token, NULL);
  g_assert_cmpint (run.status, ==, 0);
  return db;
}

static char *
person_id (TestServer *server,
           const char *login)
{
  g_autofree char *db = test_server_db (server);
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM person WHERE login = '%s'", login);

  return g_strchomp (test_dump (db, sql));
}

static void
test_sign_in_follows_the_server (void)
{
  TestServer server = { 0 };
  g_auto(TestRun) run = { 0 };
  g_autofree char *office = NULL, *tablet = NULL, *facility = NULL, *zhang = NULL;
  g_autofree char *logins = NULL, *user = NULL, *server_db = NULL;

  test_server_init (&server, "sign-in", NULL);
  /* The office device sees the whole district. Before anyone has a password
   * its admin acts without one, and records a facility. */
  office = enroll (&server, "office", NULL);
  test_sync (office);
  test_cli (&run, office, "login", "--no-password", "admin", NULL);
  g_assert_cmpint (run.status, ==, 0);
  test_cli (&run, office, "put", "facility", "name=阳光养老院", "type=elderly_care", "town=汉丰街道", NULL);
  g_assert_cmpint (run.status, ==, 0);
  facility = g_strdup (g_strchomp (run.out));

  add_user (&server, "zhang", "inspector", PASSWORD_ZHANG);
  add_user (&server, "li", "staff", PASSWORD_LI);
  add_user (&server, "wang", "inspector", PASSWORD_WANG);
  zhang = person_id (&server, "zhang");

  /* The facility is pushed; then the device keeps verifiers, and the admin,
   * who has no password, acts no more. */
  test_sync (office);
  g_assert_cmpint (test_db_count (office, "SELECT count (*) FROM sign_in_verifier"), ==, 6);
  g_assert_cmpint (test_db_count (office, "SELECT count (*) FROM sign_in_verifier "
                                          "WHERE verifier LIKE '$argon2id$%'"), ==, 3);
  user = test_dump (office, "SELECT value FROM meta WHERE key = 'user_id'");
  g_assert_cmpstr (g_strchomp (user), ==, "");
  test_cli (&run, office, "login", "--no-password", "admin", NULL);
  g_assert_cmpint (run.status, !=, 0);

  /* zhang's tablet: zhang, the people who share a facility with zhang, and the
   * bureau (staff, leaders, admins); wang, assigned nowhere, is not there until
   * assigned to zhang's facility. */
  test_admin (&run, &server, "assign", "zhang", facility, "inspector", NULL);
  g_assert_cmpint (run.status, ==, 0);
  tablet = enroll (&server, "tablet", "zhang");
  test_sync (tablet);
  logins = test_dump (tablet, "SELECT login FROM sign_in_verifier ORDER BY login");
  g_assert_cmpstr (logins, ==, "admin\ninsp\nli\nzhang\n");
  test_admin (&run, &server, "assign", "wang", facility, "inspector", NULL);
  g_assert_cmpint (run.status, ==, 0);
  test_sync (tablet);
  g_free (logins);
  logins = test_dump (tablet, "SELECT login FROM sign_in_verifier ORDER BY login");
  g_assert_cmpstr (logins, ==, "admin\ninsp\nli\nwang\nzhang\n");

  /* Offline: the server is stopped, and zhang signs in on the tablet. */
  test_server_signal (&server, SIGTERM);
  sign_in (&run, tablet, "zhang", "wrong password");
  g_assert_cmpint (run.status, !=, 0);
  g_assert_nonnull (strstr (run.err, "login or the password is wrong"));
  sign_in (&run, tablet, "zhang", PASSWORD_ZHANG);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (g_strchomp (run.out), ==, zhang);
  test_cli (&run, tablet, "login", "--no-password", "zhang", NULL);
  g_assert_cmpint (run.status, ==, 2 /* usage */);

  /* What zhang records offline carries zhang; the verifiers never become ops. */
  test_cli (&run, tablet, "hazard", "record", "--facility", facility, "--category", "gas",
            "--description", "厨房燃气软管老化", NULL);
  g_assert_cmpint (run.status, ==, 0);

  /* Back online, what zhang recorded reaches the server; then the server
   * disables zhang, and the next sync signs zhang out. */
  test_server_start (&server);
  test_device_retarget (tablet, &server);
  test_sync (tablet);
  test_admin (&run, &server, "user", "disable", "zhang", NULL);
  g_assert_cmpint (run.status, ==, 0);
  test_sync (tablet);
  g_free (user);
  user = test_dump (tablet, "SELECT value FROM meta WHERE key = 'user_id'");
  g_assert_cmpstr (g_strchomp (user), ==, "");
  g_assert_cmpint (test_db_count (tablet, "SELECT count (*) FROM sign_in_verifier "
                                          "WHERE login = 'zhang' AND disabled = 1 "
                                          "AND verifier IS NULL"), ==, 1);
  sign_in (&run, tablet, "zhang", PASSWORD_ZHANG);
  g_assert_cmpint (run.status, !=, 0);
  g_assert_nonnull (strstr (run.err, "disabled"));
  /* Others still can. */
  sign_in (&run, tablet, "li", PASSWORD_LI);
  g_assert_cmpint (run.status, ==, 0);

  server_db = test_server_db (&server);
  g_assert_cmpint (test_db_count (tablet, "SELECT count (*) FROM op_log WHERE tbl = 'sign_in_verifier'"),
                   ==, 0);
  g_assert_cmpint (test_db_count (server_db, "SELECT count (*) FROM op_log "
                                             "WHERE tbl = 'sign_in_verifier'"), ==, 0);
  g_assert_cmpint (test_db_count (server_db, "SELECT count (*) FROM hazard "
                                             "WHERE description = '厨房燃气软管老化'"), ==, 1);
  test_server_clear (&server);
}

/* The server's answer replaces the list whole; a malformed one changes nothing. */
static void
test_verifiers_are_replaced_whole_or_not_at_all (void)
{
  static const char first[] =
    "{\"verifiers\": [{\"person\": \"p1\", \"login\": \"a\", \"name\": \"A\", \"disabled\": false,"
    " \"verifier\": \"$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g\"},"
    " {\"person\": \"p2\", \"login\": \"b\", \"name\": \"B\", \"disabled\": false,"
    " \"verifier\": \"$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g\"}]}";
  static const char second[] =
    "{\"verifiers\": [{\"person\": \"p1\", \"login\": \"a\", \"name\": \"A\", \"disabled\": false,"
    " \"verifier\": \"$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g\"}]}";
  static const char *const malformed[] = {
    "not json",
    "{\"verifiers\": {}}",
    "{\"verifiers\": [{\"person\": \"p1\", \"login\": \"a\", \"disabled\": false, \"verifier\": \"plain\"}]}",
    "{\"verifiers\": [{\"person\": \"\", \"login\": \"a\", \"disabled\": false, \"verifier\": null}]}",
    "{\"verifiers\": [{\"person\": \"p1\", \"login\": \"a\", \"verifier\": null}]}",
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *path = test_scratch_path ("keep.db");
  g_autoptr(FcStore) store = fc_store_open (path, &error);
  g_autofree char *user = NULL;

  g_assert_no_error (error);
  fc_store_set_user (store, "p2");
  g_assert_true (fc_sync_verifiers_keep (store, first, sizeof first - 1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_count (store, "SELECT count (*) FROM sign_in_verifier"), ==, 2);
  g_assert_true (fc_sync_verifiers_keep (store, second, sizeof second - 1, &error));
  g_assert_cmpint (test_count (store, "SELECT count (*) FROM sign_in_verifier"), ==, 1);
  /* p2 is gone from the server's list: nobody acts. */
  user = test_text (store, "SELECT value FROM meta WHERE key = 'user_id'");
  g_assert_cmpstr (user, ==, "");
  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_assert_false (fc_sync_verifiers_keep (store, malformed[i], strlen (malformed[i]), &error));
      g_assert_error (error, FC_SYNC_ERROR, FC_SYNC_ERROR_PROTOCOL);
      g_clear_error (&error);
      g_assert_cmpint (test_count (store, "SELECT count (*) FROM sign_in_verifier"), ==, 1);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sign-in-sync/verifiers-are-replaced-whole-or-not-at-all",
                   test_verifiers_are_replaced_whole_or_not_at_all);
  g_test_add_func ("/sign-in-sync/sign-in-follows-the-server", test_sign_in_follows_the_server);

  return g_test_run ();
}
