/* test-sync-tls.c: a device talks to the district server over https, to that
 * server and no other
 *
 * A real `fieldcheck-server serve --tls-cert --tls-key` on 127.0.0.1 and
 * devices driven through fieldcheck-cli. The certificates are made for the run
 * with the openssl tool: a district CA, a server certificate it issued for
 * 127.0.0.1 and localhost, a second one for the same names on another key, one
 * it issued for another host, and an unrelated self-signed one.
 */

#include "config.h"

#include "sync-test-util.h"
#include "test-certs.h"

#define TRUST_REFUSAL "The server is not the one this device trusts"

static struct
{
  char         *ca;         /* the district's CA, which enrolled devices trust */
  TestIdentity  server;     /* from the CA, for 127.0.0.1 and localhost */
  TestIdentity  rekeyed;    /* from the CA, the same names, another key */
  TestIdentity  elsewhere;  /* from the CA, for district.example */
  TestIdentity  stranger;   /* self-signed, for 127.0.0.1 and localhost */
  char         *pin;        /* sha256//… of the server's public key */
  char         *wrong_pin;  /* sha256//… of the stranger's */
} certs;

static void
certs_make (void)
{
  g_autofree char *ca_key = NULL;

  certs.ca = test_ca_new ("tls", &ca_key);
  test_identity_from_ca (&certs.server, "tls", "server", certs.ca, ca_key, NULL);
  test_identity_from_ca (&certs.rekeyed, "tls", "rekeyed", certs.ca, ca_key, NULL);
  test_identity_from_ca (&certs.elsewhere, "tls", "elsewhere", certs.ca, ca_key, "DNS:district.example");

  certs.stranger.key = test_cert_path ("tls", "stranger.key");
  certs.stranger.cert = test_cert_path ("tls", "stranger.pem");
  test_openssl ("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", certs.stranger.key, "-out", certs.stranger.cert, "-days", "2",
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", NULL);

  certs.pin = test_pin_of (&certs.server);
  certs.wrong_pin = test_pin_of (&certs.stranger);
  g_assert_cmpstr (certs.pin, !=, certs.wrong_pin);
}

/* Serves https with @id; the options live as long as the server. */
static void
serve_as (TestServer         *server,
          const TestIdentity *id)
{
  g_strfreev (server->extra);
  server->extra = g_new0 (char *, 5);
  server->extra[0] = g_strdup ("--tls-cert");
  server->extra[1] = g_strdup (id->cert);
  server->extra[2] = g_strdup ("--tls-key");
  server->extra[3] = g_strdup (id->key);
}

static void
https_url (TestServer *server)
{
  g_free (server->url);
  server->url = g_strdup_printf ("https://127.0.0.1:%u", server->port);
}

static void
tls_server_init (TestServer         *server,
                 const char         *name,
                 const TestIdentity *id)
{
  memset (server, 0, sizeof *server);
  serve_as (server, id);
  test_server_init (server, name, server->extra);
  https_url (server);
}

/* The same data folder served again with @id, on a new port. */
static void
tls_server_restart (TestServer         *server,
                    const TestIdentity *id)
{
  test_server_signal (server, SIGTERM);
  serve_as (server, id);
  test_server_start (server);
  https_url (server);
}

static void
tls_server_clear (TestServer *server)
{
  test_server_clear (server);
  g_clear_pointer (&server->extra, g_strfreev);
}

/* fieldcheck-cli enroll at @url with --ca @ca and --pin @pin when not NULL. */
static char *
enroll (TestRun    *run,
        TestServer *server,
        const char *url,
        const char *name,
        const char *ca,
        const char *pin)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *token = NULL;
  char *db = g_strconcat (server->data, "-", name, ".db", NULL);

  test_admin (run, server, "enroll-token", NULL);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_true (g_str_has_prefix (run->out, "token\t"));
  token = g_strndup (run->out + 6, strcspn (run->out + 6, "\n"));

  g_ptr_array_add (argv, (gpointer) CLI_PATH);
  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, db);
  g_ptr_array_add (argv, (gpointer) "enroll");
  g_ptr_array_add (argv, (gpointer) "--server");
  g_ptr_array_add (argv, (gpointer) url);
  g_ptr_array_add (argv, (gpointer) "--token");
  g_ptr_array_add (argv, token);
  if (ca != NULL)
    {
      g_ptr_array_add (argv, (gpointer) "--ca");
      g_ptr_array_add (argv, (gpointer) ca);
    }
  if (pin != NULL)
    {
      g_ptr_array_add (argv, (gpointer) "--pin");
      g_ptr_array_add (argv, (gpointer) pin);
    }
  test_spawn (run, argv);
  return db;
}

/* A device that trusts the district's CA (and pins @pin), enrolled and synced. */
static char *
trusting_device (TestServer *server,
                 const char *name,
                 const char *pin)
{
  g_auto(TestRun) run = { 0 };
  char *db = enroll (&run, server, server->url, name, certs.ca, pin);

  g_assert_cmpint (run.status, ==, 0);
  test_sync (db);
  return db;
}

/* The admin, who has no password yet, records a facility: one op in the outbox. */
static char *
record_facility (const char *db,
                 const char *name)
{
  g_auto(TestRun) run = { 0 };
  g_autofree char *field = g_strconcat ("name=", name, NULL);

  test_cli (&run, db, "login", "--no-password", "admin", NULL);
  g_assert_cmpint (run.status, ==, 0);
  test_cli (&run, db, "put", "facility", field, "type=elderly_care", "town=汉丰街道", NULL);
  g_assert_cmpint (run.status, ==, 0);
  return g_strdup (g_strchomp (run.out));
}

static gint64
waiting (const char *db)
{
  return test_db_count (db, "SELECT count (*) FROM op_log WHERE origin = 'local' AND acked = 0");
}

static gint64
acked (const char *db)
{
  return test_db_count (db, "SELECT count (*) FROM op_log WHERE origin = 'local' AND acked = 1");
}

static gint64
server_has_facility (TestServer *server,
                     const char *facility)
{
  g_autofree char *server_db = test_server_db (server);
  g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM facility WHERE id = '%s'", facility);

  return test_db_count (server_db, sql);
}

static char *
meta (const char *db,
      const char *key)
{
  g_autofree char *sql = g_strdup_printf ("SELECT value FROM meta WHERE key = '%s'", key);

  return g_strchomp (test_dump (db, sql));
}

/* Refused as the wrong server, in a sentence that says so, not as a network failure. */
static void
assert_refused_as_untrusted (const TestRun *run,
                             const char    *detail)
{
  g_assert_cmpint (run->status, !=, 0);
  g_assert_nonnull (strstr (run->err, TRUST_REFUSAL));
  g_assert_nonnull (strstr (run->err, "nothing was sent"));
  g_assert_nonnull (strstr (run->err, detail));
  g_assert_null (strstr (run->err, "Cannot reach the server"));
}

static void
test_trusted_ca_enrolls_and_syncs (void)
{
  g_auto(TestRun) run = { 0 };
  TestServer server;
  g_autofree char *db = NULL, *facility = NULL, *server_db = NULL, *stored = NULL;

  tls_server_init (&server, "trusted", &certs.server);
  db = trusting_device (&server, "tablet", NULL);
  stored = meta (db, "sync_server");
  g_assert_true (g_str_has_prefix (stored, "https://"));

  facility = record_facility (db, "阳光养老院");
  g_assert_cmpint (waiting (db), >, 0);
  test_cli (&run, db, "sync", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "applied\t"));
  g_assert_null (strstr (run.out, "applied\t0\n"));

  g_assert_cmpint (server_has_facility (&server, facility), ==, 1);
  server_db = test_server_db (&server);
  test_assert_invariants (server_db, db);
  tls_server_clear (&server);
}

static void
test_untrusted_certificate_is_refused_and_nothing_is_lost (void)
{
  g_auto(TestRun) run = { 0 };
  TestServer server;
  g_autofree char *db = NULL, *stranger_db = NULL, *facility = NULL, *server_db = NULL;
  g_autofree char *credential = NULL;
  gint64 outbox, acked_before;

  tls_server_init (&server, "untrusted", &certs.server);

  /* A device told nothing about the district's CA does not enrol. */
  stranger_db = enroll (&run, &server, server.url, "untold", NULL, NULL);
  assert_refused_as_untrusted (&run, "certificate");
  credential = meta (stranger_db, "sync_credential");
  g_assert_cmpstr (credential, ==, "");

  /* An enrolled device with a change waiting meets a server whose
   * certificate no one it trusts has issued. */
  db = trusting_device (&server, "tablet", NULL);
  facility = record_facility (db, "汉丰敬老院");
  outbox = waiting (db);
  acked_before = acked (db);
  g_assert_cmpint (outbox, >, 0);
  tls_server_restart (&server, &certs.stranger);
  test_device_retarget (db, &server);

  test_cli (&run, db, "sync", "--retries", "2", "--backoff-ms", "1", NULL);
  assert_refused_as_untrusted (&run, "certificate");
  g_assert_null (strstr (run.err, "trying again"));
  g_assert_cmpint (waiting (db), ==, outbox);
  g_assert_cmpint (acked (db), ==, acked_before);
  g_assert_cmpint (server_has_facility (&server, facility), ==, 0);

  /* The district's own certificate back, the change goes through. */
  tls_server_restart (&server, &certs.server);
  test_device_retarget (db, &server);
  test_sync (db);
  g_assert_cmpint (server_has_facility (&server, facility), ==, 1);
  server_db = test_server_db (&server);
  test_assert_invariants (server_db, db);
  tls_server_clear (&server);
}

static void
test_pinned_key_is_required_and_kept (void)
{
  g_auto(TestRun) run = { 0 };
  TestServer server;
  g_autofree char *pinned = NULL, *wrong = NULL, *unpinned = NULL, *stored = NULL;
  g_autofree char *facility = NULL;
  gint64 outbox;

  tls_server_init (&server, "pinned", &certs.server);

  /* The right pin and the CA: enrolled, and the pin is part of the enrolment. */
  pinned = trusting_device (&server, "pinned", certs.pin);
  stored = meta (pinned, "sync_pinned_key");
  g_assert_cmpstr (stored, ==, certs.pin);

  /* A wrong pin is refused although the CA vouches for the certificate. */
  wrong = enroll (&run, &server, server.url, "wrong-pin", certs.ca, certs.wrong_pin);
  assert_refused_as_untrusted (&run, "pinned public key");

  /* The server comes back with a certificate the CA issued for another key:
   * a device that only trusts the CA follows, the pinned one refuses every
   * later sync and keeps its change. */
  unpinned = trusting_device (&server, "unpinned", NULL);
  facility = record_facility (pinned, "滨江养老院");
  outbox = waiting (pinned);
  tls_server_restart (&server, &certs.rekeyed);
  test_device_retarget (pinned, &server);
  test_device_retarget (unpinned, &server);

  test_sync (unpinned);
  test_cli (&run, pinned, "sync", NULL);
  assert_refused_as_untrusted (&run, "pinned public key");
  test_cli (&run, pinned, "sync", NULL);
  assert_refused_as_untrusted (&run, "pinned public key");
  g_assert_cmpint (waiting (pinned), ==, outbox);
  g_assert_cmpint (server_has_facility (&server, facility), ==, 0);
  g_free (stored);
  stored = meta (pinned, "sync_pinned_key");
  g_assert_cmpstr (stored, ==, certs.pin);
  tls_server_clear (&server);
}

/* An enrolment trusts exactly what it is given: a refused one leaves nothing
 * of its pin behind, so the device can enrol again without it. */
static void
test_refused_enrolment_leaves_no_trust_behind (void)
{
  g_auto(TestRun) run = { 0 };
  g_auto(TestRun) again = { 0 };
  TestServer server;
  g_autofree char *db = NULL, *stored = NULL;

  tls_server_init (&server, "trust", &certs.server);

  db = enroll (&run, &server, server.url, "trust", certs.ca, certs.wrong_pin);
  assert_refused_as_untrusted (&run, "pinned public key");
  stored = meta (db, "sync_pinned_key");
  g_assert_cmpstr (stored, ==, "");
  g_clear_pointer (&stored, g_free);
  stored = meta (db, "sync_credential");
  g_assert_cmpstr (stored, ==, "");

  g_free (enroll (&again, &server, server.url, "trust", certs.ca, NULL));
  g_assert_cmpint (again.status, ==, 0);
  test_sync (db);
  tls_server_clear (&server);
}

static void
test_certificate_for_another_host_is_refused (void)
{
  g_auto(TestRun) run = { 0 };
  TestServer server;
  g_autofree char *db = NULL;

  /* Issued by the trusted CA, but for district.example, not 127.0.0.1. */
  tls_server_init (&server, "elsewhere", &certs.elsewhere);
  db = enroll (&run, &server, server.url, "tablet", certs.ca, NULL);
  assert_refused_as_untrusted (&run, "name");
  tls_server_clear (&server);
}

static void
test_plain_http_to_the_tls_port_fails_clearly (void)
{
  g_auto(TestRun) run = { 0 };
  TestServer server;
  g_autofree char *db = NULL, *plain = NULL, *plain_url = NULL, *facility = NULL;
  g_autofree char *server_db = NULL;

  tls_server_init (&server, "plain", &certs.server);
  db = trusting_device (&server, "tablet", NULL);

  plain_url = g_strdup_printf ("http://127.0.0.1:%u", server.port);
  plain = enroll (&run, &server, plain_url, "plain", certs.ca, NULL);
  g_assert_cmpint (run.status, !=, 0);
  g_assert_nonnull (strstr (run.err, "https://"));

  /* The server still serves https. */
  facility = record_facility (db, "南山养老院");
  test_sync (db);
  g_assert_cmpint (server_has_facility (&server, facility), ==, 1);
  server_db = test_server_db (&server);
  test_assert_invariants (server_db, db);
  tls_server_clear (&server);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  certs_make ();

  g_test_add_func ("/sync/tls/trusted-ca-enrolls-and-syncs", test_trusted_ca_enrolls_and_syncs);
  g_test_add_func ("/sync/tls/untrusted-certificate-is-refused-and-nothing-is-lost",
                   test_untrusted_certificate_is_refused_and_nothing_is_lost);
  g_test_add_func ("/sync/tls/pinned-key-is-required-and-kept", test_pinned_key_is_required_and_kept);
  g_test_add_func ("/sync/tls/refused-enrolment-leaves-no-trust-behind",
                   test_refused_enrolment_leaves_no_trust_behind);
  g_test_add_func ("/sync/tls/certificate-for-another-host-is-refused",
                   test_certificate_for_another_host_is_refused);
  g_test_add_func ("/sync/tls/plain-http-to-the-tls-port-fails-clearly",
                   test_plain_http_to_the_tls_port_fails_clearly);
  return g_test_run ();
}
