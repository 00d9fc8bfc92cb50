/* test-sync-server.c: the protocol at the socket — limits, malformed input,
 * replays, cut connections, a killed server, paging */

#include "config.h"

#include <curl/curl.h>
#include <gio/gio.h>

#include "fc-store-write.h"
#include "fc-sync-changeset.h"
#include "fc-sync-gzip.h"
#include "fc-sync-protocol.h"
#include "sync-test-util.h"

typedef struct
{
  long    status;
  char   *body;
  gint64  retry_after;
} Http;

static void
http_clear (Http *http)
{
  g_clear_pointer (&http->body, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Http, http_clear)

static size_t
collect (char   *data,
         size_t  size,
         size_t  n,
         void   *user_data)
{
  g_string_append_len (user_data, data, (gssize) (size * n));
  return size * n;
}

/* One request with libcurl; @auth is the credential, @encoding the Content-Encoding. */
static void
http (Http         *out,
      TestServer   *server,
      const char   *method,
      const char   *path,
      const char   *auth,
      const char   *encoding,
      GBytes       *body)
{
  g_autofree char *url = g_strconcat (server->url, path, NULL);
  g_autofree char *auth_header = auth ? g_strconcat ("Authorization: Bearer ", auth, NULL) : NULL;
  g_autofree char *encoding_header = encoding ? g_strconcat ("Content-Encoding: ", encoding, NULL) : NULL;
  GString *text = g_string_new (NULL);
  struct curl_slist *headers = NULL;
  struct curl_header *retry = NULL;
  CURL *curl = curl_easy_init ();

  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, text);
  if (auth_header)
    headers = curl_slist_append (headers, auth_header);
  if (encoding_header)
    headers = curl_slist_append (headers, encoding_header);
  headers = curl_slist_append (headers, "Expect:");
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
  if (body != NULL)
    {
      curl_easy_setopt (curl, CURLOPT_POSTFIELDS, g_bytes_get_data (body, NULL));
      curl_easy_setopt (curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) g_bytes_get_size (body));
    }
  curl_easy_setopt (curl, CURLOPT_CUSTOMREQUEST, method);
  g_assert_cmpint (curl_easy_perform (curl), ==, CURLE_OK);
  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &out->status);
  out->retry_after = 0;
  if (curl_easy_header (curl, "Retry-After", 0, CURLH_HEADER, -1, &retry) == CURLHE_OK)
    out->retry_after = g_ascii_strtoll (retry->value, NULL, 10);
  curl_slist_free_all (headers);
  curl_easy_cleanup (curl);
  g_free (out->body);
  out->body = g_string_free (text, FALSE);
}

static char *
error_code (const char *body)
{
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;

  if (!fc_sync_error_parse (body, strlen (body), &code, &message))
    return g_strdup ("(not an error body)");
  g_assert_cmpstr (message, !=, "");
  return g_steal_pointer (&code);
}

typedef struct
{
  TestServer  server;
  char       *db;          /* an enrolled device */
  char       *device_id;
  char       *credential;
} Fixture;

static char *
meta (const char *db,
      const char *key)
{
  g_autofree char *sql = g_strdup_printf ("SELECT value FROM meta WHERE key = '%s'", key);
  char *text = test_dump (db, sql);

  return g_strchomp (text);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  static char *rate_limited[] = { (char *) "--rate", (char *) "1", (char *) "--burst",
                                  (char *) "2", NULL };

  test_server_init (&f->server, data, g_str_has_prefix (data, "rate") ? rate_limited : NULL);
  f->db = test_device_new (&f->server, data);
  f->device_id = meta (f->db, "device_id");
  f->credential = meta (f->db, "sync_credential");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  test_server_clear (&f->server);
  g_free (f->db);
  g_free (f->device_id);
  g_free (f->credential);
}

/* @n people written on the device by the admin, returned as the changeset of its outbox. */
static GBytes *
outbox_of (Fixture *f,
           guint    n)
{
  g_autoptr(FcStore) store = fc_store_open (f->db, NULL);
  g_autofree char *admin = test_dump (f->db, "SELECT id FROM person WHERE login = 'admin'");
  GBytes *bytes;
  guint count = 0;

  g_assert_nonnull (store);
  fc_store_set_user (store, g_strchomp (admin));
  g_assert_true (fc_store_begin (store, NULL));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FcOp) op = fc_op_new_insert ("person", NULL);
      g_autofree char *name = g_strdup_printf ("检查员 %u", i);

      fc_op_set_string (op, "name", name);
      fc_op_set_string (op, "roles", "inspector");
      g_assert_true (fc_store_write (store, op, NULL));
    }
  g_assert_true (fc_store_commit (store, NULL));
  bytes = fc_sync_changeset_from_outbox (store, FC_SYNC_MAX_OPS, &count, NULL);
  g_assert_cmpuint (count, >=, MIN (n, FC_SYNC_MAX_OPS));
  return bytes;
}

static gint64
server_ops (Fixture *f)
{
  g_autofree char *db = test_server_db (&f->server);

  return test_db_count (db, "SELECT count (*) FROM op_log");
}

static void
assert_still_serving (TestServer *server)
{
  g_auto(Http) h = { 0 };

  http (&h, server, "GET", "/api/v1/time", NULL, NULL, NULL);
  g_assert_cmpint (h.status, ==, 200);
  g_assert_nonnull (strstr (h.body, "server_time"));
}

static void
test_server_time_answers_without_credential (Fixture       *f,
                                             gconstpointer  data)
{
  g_auto(Http) h = { 0 };
  gint64 now = g_get_real_time () / 1000;
  g_autoptr(JsonNode) node = NULL;

  http (&h, &f->server, "GET", "/api/v1/time", NULL, NULL, NULL);
  g_assert_cmpint (h.status, ==, 200);
  node = json_from_string (h.body, NULL);
  g_assert_nonnull (node);
  g_assert_cmpint (ABS (json_object_get_int_member (json_node_get_object (node), "server_time") - now),
                   <, 60000);
}

typedef struct
{
  const char *name;
  const char *method;
  const char *path;
  gboolean    with_credential;
  const char *encoding;
  GBytes     *body;
  long        status;
  const char *code;
} Bad;

static GBytes *
text_bytes (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

static void
test_server_bad_requests_get_4xx_and_the_server_keeps_serving (Fixture       *f,
                                                               gconstpointer  data)
{
  g_autoptr(GString) deep = g_string_new ("{\"format\":1,\"device\":\"d\",\"ops\":");
  g_autofree char *big = g_malloc0 (9 * 1024 * 1024);
  g_autofree char *zeros = g_malloc0 (FC_SYNC_MAX_CHANGESET_BYTES + 1024);
  g_autoptr(GBytes) zero_bytes = g_bytes_new_static (zeros, FC_SYNC_MAX_CHANGESET_BYTES + 1024);
  g_autofree char *other = g_strdup ("{\"format\":1,\"device\":\"someone-else\",\"ops\":[]}");

  for (int i = 0; i < 5000; i++)
    g_string_append_c (deep, '[');
  memset (big, ' ', 9 * 1024 * 1024);

  {
    Bad bad[] = {
      { "no credential", "POST", "/api/v1/push", FALSE, NULL, text_bytes ("{}"), 401, "no_credential" },
      { "garbage", "POST", "/api/v1/push", TRUE, NULL, text_bytes ("\x01\x02garbage\xff"), 400, "invalid_changeset" },
      { "empty body", "POST", "/api/v1/push", TRUE, NULL, NULL, 400, "invalid_changeset" },
      { "truncated", "POST", "/api/v1/push", TRUE, NULL, text_bytes ("{\"format\":1,\"device\":"), 400, "invalid_changeset" },
      { "nested deep", "POST", "/api/v1/push", TRUE, NULL, text_bytes (deep->str), 400, "invalid_changeset" },
      { "not gzip", "POST", "/api/v1/push", TRUE, "gzip", text_bytes ("plain text"), 400, "invalid_changeset" },
      { "gzip bomb", "POST", "/api/v1/push", TRUE, "gzip", fc_sync_gzip_compress (zero_bytes), 400, "invalid_changeset" },
      { "unknown encoding", "POST", "/api/v1/push", TRUE, "br", text_bytes ("{}"), 415, "unsupported_encoding" },
      { "oversized", "POST", "/api/v1/push", TRUE, NULL, g_bytes_new_static (big, 9 * 1024 * 1024), 413, "too_large" },
      { "another device's changeset", "POST", "/api/v1/push", TRUE, NULL, text_bytes (other), 403, "device_mismatch" },
      { "unknown address", "GET", "/api/v1/nothing", TRUE, NULL, NULL, 404, "not_found" },
      { "wrong method", "GET", "/api/v1/push", TRUE, NULL, NULL, 405, "method_not_allowed" },
      { "negative cursor", "GET", "/api/v1/pull?cursor=-1", TRUE, NULL, NULL, 400, "invalid_cursor" },
      { "limit too large", "GET", "/api/v1/pull?cursor=0&limit=100000", TRUE, NULL, NULL, 400, "invalid_cursor" },
      { "enroll garbage", "POST", "/api/v1/enroll", FALSE, NULL, text_bytes ("[[[["), 400, "invalid" },
      { "enroll bad token", "POST", "/api/v1/enroll", FALSE, NULL,
        text_bytes ("{\"token\":\"nope\",\"device\":\"x\"}"), 403, "token_refused" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_auto(Http) h = { 0 };
        g_autofree char *code = NULL;

        g_test_message ("%s", bad[i].name);
        http (&h, &f->server, bad[i].method, bad[i].path,
              bad[i].with_credential ? f->credential : NULL, bad[i].encoding, bad[i].body);
        g_assert_cmpint (h.status, ==, bad[i].status);
        code = error_code (h.body);
        g_assert_cmpstr (code, ==, bad[i].code);
        assert_still_serving (&f->server);
        g_clear_pointer (&bad[i].body, g_bytes_unref);
      }
  }
  {
    g_auto(Http) h = { 0 };
    g_autofree char *wrong = g_strdup_printf ("%s.%064d", f->device_id, 0);
    g_autofree char *code = NULL;

    http (&h, &f->server, "GET", "/api/v1/pull", wrong, NULL, NULL);
    g_assert_cmpint (h.status, ==, 401);
    code = error_code (h.body);
    g_assert_cmpstr (code, ==, "device_unknown");
  }
}

static void
test_server_replayed_push_has_no_second_effect (Fixture       *f,
                                                gconstpointer  data)
{
  g_autoptr(GBytes) body = outbox_of (f, 20);
  g_autofree char *server_db = test_server_db (&f->server);
  gint64 before = server_ops (f);
  g_autofree char *people = NULL;

  for (int round = 0; round < 3; round++)
    {
      g_auto(Http) h = { 0 };
      g_autoptr(FcSyncReceipt) receipt = NULL;

      http (&h, &f->server, "POST", "/api/v1/push", f->credential, NULL, body);
      g_assert_cmpint (h.status, ==, 200);
      receipt = fc_sync_receipt_parse (h.body, strlen (h.body), NULL);
      g_assert_nonnull (receipt);
      g_assert_cmpuint (fc_sync_receipt_count (receipt, FC_SYNC_OUTCOME_APPLIED), ==, round == 0 ? 20 : 0);
      g_assert_cmpuint (fc_sync_receipt_count (receipt, FC_SYNC_OUTCOME_DUPLICATE), ==, round == 0 ? 0 : 20);
      g_assert_cmpint (server_ops (f), ==, before + 20);
    }
  g_assert_cmpint (test_db_count (server_db, "SELECT count (*) FROM person WHERE name LIKE '检查员 %'"), ==, 20);
  g_assert_cmpint (test_db_count (server_db, "SELECT count (*) FROM fcs_audit WHERE outcome = 'duplicate'"),
                   ==, 40);
}

/* Sends the headers and part of the body, then closes the connection. */
static void
send_cut_off (TestServer *server,
              const char *credential,
              GBytes     *body,
              gsize       cut)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autofree char *head = NULL;
  GOutputStream *out;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", (guint16) server->port, NULL, NULL);
  g_assert_nonnull (connection);
  out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  head = g_strdup_printf ("POST /api/v1/push HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          "Authorization: Bearer %s\r\nContent-Type: application/json\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n",
                          credential, g_bytes_get_size (body));
  g_assert_true (g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL));
  g_assert_true (g_output_stream_write_all (out, g_bytes_get_data (body, NULL), cut, NULL, NULL, NULL));
  g_assert_true (g_io_stream_close (G_IO_STREAM (connection), NULL, NULL));
}

static void
test_server_push_cut_off_mid_request_is_applied_once_on_retry (Fixture       *f,
                                                               gconstpointer  data)
{
  g_autoptr(GBytes) body = outbox_of (f, 50);
  gint64 before = server_ops (f);
  gsize len = g_bytes_get_size (body);
  const gsize cuts[] = { 0, 1, len / 3, len / 2, len - 1 };

  for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
    send_cut_off (&f->server, f->credential, body, cuts[i]);
  assert_still_serving (&f->server);
  g_assert_cmpint (server_ops (f), ==, before);

  /* The device's next sync sends the whole outbox; it lands once. */
  test_sync (f->db);
  test_sync (f->db);
  g_assert_cmpint (server_ops (f), ==, before + 50);
  {
    g_autofree char *server_db = test_server_db (&f->server);

    test_assert_converged (server_db, f->db);
    test_assert_invariants (server_db, f->db);
  }
}

static void
test_server_killed_mid_push_loses_nothing_and_doubles_nothing (Fixture       *f,
                                                               gconstpointer  data)
{
  g_autoptr(GBytes) ignored = outbox_of (f, 4000);
  g_autofree char *server_db = test_server_db (&f->server);
  g_autoptr(GSubprocess) sync = NULL;
  g_autoptr(GError) error = NULL;
  gint64 before = server_ops (f);
  g_autofree char *listen = NULL;
  int killed;

  /* The device syncs in small batches, retrying with backoff through the outage. */
  sync = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, CLI_PATH, "--db", f->db,
                           "sync", "--batch", "200", "--retries", "30", "--backoff-ms", "50", NULL);
  g_assert_no_error (error);
  /* Kill the server with the push under way: some batches in, more coming. */
  for (int i = 0; i < 2000 && server_ops (f) < before + 1000; i++)
    g_usleep (2000);
  killed = test_server_signal (&f->server, SIGKILL);
  g_assert_true (WIFSIGNALED (killed));
  g_test_message ("killed at %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT " ops",
                  server_ops (f) - before, (gint64) 4000);
  g_assert_cmpint (server_ops (f), <, before + 4000);

  /* The same address again, so the device's retries find it. */
  listen = g_strdup_printf ("127.0.0.1:%u", f->server.port);
  g_usleep (100000);
  {
    g_autoptr(GPtrArray) argv = g_ptr_array_new ();
    g_autoptr(GSubprocess) server = NULL;
    g_autoptr(GInputStream) out = NULL;
    char line[128] = "";
    gssize n;

    server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, SERVER_PATH, "serve",
                               "--data", f->server.data, "--listen", listen, NULL);
    g_assert_no_error (error);
    out = g_object_ref (g_subprocess_get_stdout_pipe (server));
    n = g_input_stream_read (out, line, sizeof line - 1, NULL, NULL);
    g_assert_cmpint (n, >, 0);
    g_assert_true (g_str_has_prefix (line, "listening on"));

    g_assert_true (g_subprocess_wait_check (sync, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (server_ops (f), ==, before + 4000);
    test_sync (f->db);
    test_assert_converged (server_db, f->db);
    test_assert_invariants (server_db, f->db);
    g_subprocess_send_signal (server, SIGTERM);
    g_assert_true (g_subprocess_wait (server, NULL, NULL));
  }
}

static void
test_server_pull_pages_never_skip_or_repeat (Fixture       *f,
                                             gconstpointer  data)
{
  g_autofree char *server_db = test_server_db (&f->server);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GString) order = g_string_new (NULL);
  g_autofree char *expected = NULL;
  gint64 cursor = 0, head = 1;
  guint pages = 0;

  test_sync (f->db);
  while (cursor < head)
    {
      g_auto(Http) h = { 0 };
      g_autofree char *path = g_strdup_printf ("/api/v1/pull?cursor=%" G_GINT64_FORMAT "&limit=7", cursor);
      g_autoptr(FcSyncPage) page = NULL;

      /* Another device commits while the pages are read. */
      if (pages++ % 5 == 0)
        {
          g_auto(TestRun) run = { 0 };
          g_autofree char *name = g_strdup_printf ("name=页 %u", pages);

          test_cli (&run, f->db, "login", "admin", NULL);
          test_cli (&run, f->db, "put", "person", name, "roles=staff", NULL);
          g_assert_cmpint (run.status, ==, 0);
          test_sync (f->db);
        }
      http (&h, &f->server, "GET", path, f->credential, NULL, NULL);
      g_assert_cmpint (h.status, ==, 200);
      page = fc_sync_page_parse (h.body, strlen (h.body), NULL);
      g_assert_nonnull (page);
      g_assert_cmpint (page->next_cursor, >, cursor);
      g_assert_cmpuint (page->ops->len, <=, 7);
      for (guint i = 0; i < page->ops->len; i++)
        {
          FcOp *op = page->ops->pdata[i];

          g_assert_true (g_hash_table_add (seen, g_strdup (op->op_id)));
          g_string_append_printf (order, "%s\n", op->op_id);
        }
      cursor = page->next_cursor;
      head = page->head;
    }
  expected = test_dump (server_db, "SELECT op_id FROM op_log ORDER BY seq");
  g_assert_cmpstr (order->str, ==, expected);
}

static void
test_server_rate_limit_answers_429_with_retry_after (Fixture       *f,
                                                     gconstpointer  data)
{
  long statuses[4];
  gint64 retry_after = 0;

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_auto(Http) h = { 0 };

      http (&h, &f->server, "GET", "/api/v1/pull?cursor=0&limit=1", f->credential, NULL, NULL);
      statuses[i] = h.status;
      if (h.status == 429)
        {
          g_autofree char *code = error_code (h.body);

          g_assert_cmpstr (code, ==, "rate_limited");
          retry_after = h.retry_after;
        }
    }
  g_assert_cmpint (statuses[3], ==, 429);
  g_assert_cmpint (retry_after, >=, 1);
  assert_still_serving (&f->server);
}

static void
test_server_enroll_token_is_single_use (Fixture       *f,
                                        gconstpointer  data)
{
  g_auto(TestRun) run = { 0 };
  g_autofree char *token = NULL;
  g_autofree char *other = test_scratch_path ("other.db");
  g_autofree char *third = test_scratch_path ("third.db");

  test_admin (&run, &f->server, "enroll-token", "--ttl", "5", NULL);
  token = g_strndup (run.out + 6, strcspn (run.out + 6, "\n"));
  test_cli (&run, other, "enroll", "--server", f->server.url, "--token", token, NULL);
  g_assert_cmpint (run.status, ==, 0);
  test_cli (&run, third, "enroll", "--server", f->server.url, "--token", token, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "token_refused"));
  /* Only a hash of the token and of the credential is kept. */
  {
    g_autofree char *db = test_server_db (&f->server);
    g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM fcs_enroll_token WHERE token_hash = '%s'",
                                            token);

    g_assert_cmpint (test_db_count (db, sql), ==, 0);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  curl_global_init (CURL_GLOBAL_DEFAULT);
#define ADD(path, fn) g_test_add ("/server/" path, Fixture, path, fixture_setup, fn, fixture_teardown)
  ADD ("time-answers-without-credential", test_server_time_answers_without_credential);
  ADD ("bad-requests-get-4xx-and-the-server-keeps-serving", test_server_bad_requests_get_4xx_and_the_server_keeps_serving);
  ADD ("replayed-push-has-no-second-effect", test_server_replayed_push_has_no_second_effect);
  ADD ("push-cut-off-mid-request-is-applied-once-on-retry", test_server_push_cut_off_mid_request_is_applied_once_on_retry);
  ADD ("killed-mid-push-loses-nothing-and-doubles-nothing", test_server_killed_mid_push_loses_nothing_and_doubles_nothing);
  ADD ("pull-pages-never-skip-or-repeat", test_server_pull_pages_never_skip_or_repeat);
  ADD ("rate-limit-answers-429-with-retry-after", test_server_rate_limit_answers_429_with_retry_after);
  ADD ("enroll-token-is-single-use", test_server_enroll_token_is_single_use);
#undef ADD
  return g_test_run ();
}
