/* fc-sync-client.c: a device talking to the district server
 *
 * One sync: read the server's clock (the HLC's offset), push the outbox in
 * batches and mark what the receipt acknowledged or rejected, then pull the
 * feed page by page. Every step commits before the next starts, so a sync cut
 * off anywhere resumes where it stopped: an op whose receipt was lost is sent
 * again and the server answers "duplicate"; a page whose apply was lost is
 * pulled again from the stored cursor and its ops are duplicates here.
 *
 * TLS certificates are always verified; a public key can be pinned
 * (CURLOPT_PINNEDPUBLICKEY). Plain http is accepted only for a server on the
 * loopback address, for tests and a server on the same machine.
 */

#include "config.h"

#include <curl/curl.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "fc-error.h"
#include "fc-oplog.h"
#include "fc-store-write.h"
#include "fc-sync-changeset.h"
#include "fc-sync-client-private.h"
#include "fc-sync-gzip.h"
#include "fc-sync-protocol.h"
#include "fc-sync-verifiers.h"

#define MAX_RESPONSE_BYTES (FC_SYNC_MAX_CHANGESET_BYTES + 1024 * 1024)
#define PULL_PAGE          500

G_DEFINE_QUARK (fc-sync-error-quark, fc_sync_error)

struct _FcSyncClient
{
  FcStore *store;
  CURL    *curl;
  char    *server;
  char    *credential;
  char    *pinned_key;
  char    *ca_file;
  guint    batch;
  gint64   retry_after_s;
  char    *note;

  FcSyncProgressFunc progress_func;
  gpointer           progress_data;
};

typedef struct
{
  long        status;
  GByteArray *body;
  gboolean    too_large;
} Reply;

static void
reply_clear (Reply *reply)
{
  g_clear_pointer (&reply->body, g_byte_array_unref);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Reply, reply_clear)

/**
 * fc_sync_error_is_transient:
 * @error: an error of a sync
 *
 * Returns: whether trying again later, with backoff, can succeed
 */
gboolean
fc_sync_error_is_transient (const GError *error)
{
  return error->domain == FC_SYNC_ERROR &&
         (error->code == FC_SYNC_ERROR_NETWORK || error->code == FC_SYNC_ERROR_RATE_LIMITED ||
          error->code == FC_SYNC_ERROR_SERVER);
}

static gboolean
curl_ready (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    g_once_init_leave (&done, curl_global_init (CURL_GLOBAL_DEFAULT) == CURLE_OK ? 1 : 2);
  return done == 1;
}

static gboolean
check_server_url (const char  *url,
                  GError     **error)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *scheme, *host;

  if (uri == NULL || (scheme = g_uri_get_scheme (uri)) == NULL ||
      (host = g_uri_get_host (uri)) == NULL)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                   _("“%s” is not a server address; write it as https://server.example"), url);
      return FALSE;
    }
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;
  if (g_ascii_strcasecmp (scheme, "http") == 0 &&
      (g_str_equal (host, "127.0.0.1") || g_str_equal (host, "::1") ||
       g_ascii_strcasecmp (host, "localhost") == 0))
    return TRUE;
  g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
               _("The server must be reached over https; plain http is only for this machine"));
  return FALSE;
}

/* "sha256//" and the base64 of a 32-byte digest, as curl pins a public key. */
static gboolean
valid_pin (const char *pin)
{
  const char *digest64 = pin + strlen ("sha256//");
  g_autofree guchar *digest = NULL;
  gsize length = 0;

  if (!g_str_has_prefix (pin, "sha256//") || strlen (digest64) != 44 ||
      strspn (digest64, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=") != 44 ||
      strchr (digest64, '=') != digest64 + 43)
    return FALSE;
  digest = g_base64_decode (digest64, &length);
  return length == 32;
}

/**
 * fc_sync_trust_check:
 * @pin: (nullable): pinned public keys, `sha256//BASE64`, several joined by `;`
 * @ca_file: (nullable): the district's certificate authority, PEM
 * @error: return location for an error a person can act on
 *
 * Checks what an enrolment is to trust before it is kept: every pin must be
 * a SHA-256 pin and the CA file must be readable and hold a certificate.
 * Reads @ca_file: not for the main loop.
 */
gboolean
fc_sync_trust_check (const char  *pin,
                     const char  *ca_file,
                     GError     **error)
{
  g_autofree char *pem = NULL;
  g_autoptr(GError) local_error = NULL;

  if (pin != NULL)
    {
      g_auto(GStrv) pins = g_strsplit (pin, ";", -1);

      for (guint i = 0; pins[i] != NULL; i++)
        if (!valid_pin (g_strstrip (pins[i])))
          {
            g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                         _("“%s” is not a pinned public key; write it as sha256// followed by "
                           "the 44 characters the bureau gives"), pins[i]);
            return FALSE;
          }
    }
  if (ca_file == NULL)
    return TRUE;
  if (!g_file_get_contents (ca_file, &pem, NULL, &local_error))
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                   _("The certificate authority file cannot be read: %s"), local_error->message);
      return FALSE;
    }
  if (strstr (pem, "-----BEGIN CERTIFICATE-----") == NULL)
    {
      g_autofree char *name = g_filename_display_basename (ca_file);

      g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                   _("“%s” holds no certificate; choose the district's CA file (PEM)"), name);
      return FALSE;
    }
  return TRUE;
}

/**
 * fc_sync_trust_set:
 * @store: the device's store
 * @pin: (nullable): pinned public keys, or %NULL for none
 * @ca_file: (nullable): the CA file, or %NULL for the system's authorities
 * @error: return location for an error
 *
 * Keeps exactly the trust given for the next requests: %NULL removes a pin
 * or CA file kept before.
 */
gboolean
fc_sync_trust_set (FcStore     *store,
                   const char  *pin,
                   const char  *ca_file,
                   GError     **error)
{
  g_return_val_if_fail (FC_IS_STORE (store), FALSE);

  return fc_store_set_meta (store, FC_SYNC_META_PINNED_KEY, pin, error) &&
         fc_store_set_meta (store, FC_SYNC_META_CA_FILE, ca_file, error);
}

static size_t
collect_body (char   *data,
              size_t  size,
              size_t  nmemb,
              void   *user_data)
{
  Reply *reply = user_data;
  size_t n = size * nmemb;

  if (reply->body->len + n > MAX_RESPONSE_BYTES)
    {
      reply->too_large = TRUE;
      return 0;   /* aborts the transfer */
    }
  g_byte_array_append (reply->body, (const guint8 *) data, (guint) n);
  return n;
}

static void
set_error_from_reply (FcSyncClient  *self,
                      const Reply   *reply,
                      GError       **error)
{
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;
  FcSyncErrorCode kind;

  if (!fc_sync_error_parse ((const char *) reply->body->data, reply->body->len, &code, &message))
    {
      code = g_strdup ("unknown");
      message = g_strdup_printf (_("The server answered with status %ld"), reply->status);
    }
  if (reply->status == 429)
    kind = FC_SYNC_ERROR_RATE_LIMITED;
  else if (reply->status >= 500)
    kind = FC_SYNC_ERROR_SERVER;
  else if (reply->status == 401 || reply->status == 403)
    kind = FC_SYNC_ERROR_UNAUTHORIZED;
  else
    kind = FC_SYNC_ERROR_REFUSED;
  /* The server's sentence reaches the user; the code is for the log. */
  g_set_error (error, FC_SYNC_ERROR, kind, "%s (%s)", message, code);
}

/* One request; a non-2xx status is an error carrying the server's sentence. */
static gboolean
request (FcSyncClient  *self,
         const char    *method,
         const char    *path,
         GBytes        *body,
         gboolean       gzipped,
         Reply         *reply,
         GError       **error)
{
  g_autofree char *url = g_strconcat (self->server, path, NULL);
  g_autofree char *auth = NULL;
  struct curl_slist *headers = NULL;
  struct curl_header *retry = NULL;
  char curl_error[CURL_ERROR_SIZE] = "";
  CURLcode rc;

  reply->body = g_byte_array_new ();
  reply->status = 0;
  self->retry_after_s = 0;

  curl_easy_reset (self->curl);
  curl_easy_setopt (self->curl, CURLOPT_URL, url);
  curl_easy_setopt (self->curl, CURLOPT_PROTOCOLS_STR, "https,http");
  curl_easy_setopt (self->curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt (self->curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (self->curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (self->pinned_key != NULL)
    curl_easy_setopt (self->curl, CURLOPT_PINNEDPUBLICKEY, self->pinned_key);
  if (self->ca_file != NULL)
    curl_easy_setopt (self->curl, CURLOPT_CAINFO, self->ca_file);
  curl_easy_setopt (self->curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (self->curl, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt (self->curl, CURLOPT_TIMEOUT, 120L);
  curl_easy_setopt (self->curl, CURLOPT_ERRORBUFFER, curl_error);
  curl_easy_setopt (self->curl, CURLOPT_WRITEFUNCTION, collect_body);
  curl_easy_setopt (self->curl, CURLOPT_WRITEDATA, reply);
  curl_easy_setopt (self->curl, CURLOPT_USERAGENT, "Fieldcheck/" PACKAGE_VERSION);

  headers = curl_slist_append (headers, "Accept: application/json");
  if (self->credential != NULL)
    {
      auth = g_strconcat ("Authorization: Bearer ", self->credential, NULL);
      headers = curl_slist_append (headers, auth);
    }
  if (body != NULL)
    {
      headers = curl_slist_append (headers, "Content-Type: application/json");
      if (gzipped)
        headers = curl_slist_append (headers, "Content-Encoding: gzip");
      curl_easy_setopt (self->curl, CURLOPT_POST, 1L);
      curl_easy_setopt (self->curl, CURLOPT_POSTFIELDS, g_bytes_get_data (body, NULL));
      curl_easy_setopt (self->curl, CURLOPT_POSTFIELDSIZE_LARGE,
                        (curl_off_t) g_bytes_get_size (body));
    }
  else
    curl_easy_setopt (self->curl, CURLOPT_CUSTOMREQUEST, method);
  curl_easy_setopt (self->curl, CURLOPT_HTTPHEADER, headers);

  rc = curl_easy_perform (self->curl);
  curl_slist_free_all (headers);
  curl_easy_setopt (self->curl, CURLOPT_HTTPHEADER, NULL);

  if (rc != CURLE_OK)
    {
      if (rc == CURLE_SSL_PINNEDPUBKEYNOTMATCH || rc == CURLE_PEER_FAILED_VERIFICATION ||
          rc == CURLE_SSL_CACERT_BADFILE)
        g_set_error (error, FC_SYNC_ERROR, FC_SYNC_ERROR_TLS,
                     _("The server is not the one this device trusts (%s); nothing was sent"),
                     *curl_error ? curl_error : curl_easy_strerror (rc));
      else if (reply->too_large)
        g_set_error (error, FC_SYNC_ERROR, FC_SYNC_ERROR_PROTOCOL,
                     _("The server's answer is larger than a device accepts"));
      /* What a TLS port does to plain http: it closes without a word. */
      else if (rc == CURLE_GOT_NOTHING && g_str_has_prefix (url, "http://"))
        g_set_error (error, FC_SYNC_ERROR, FC_SYNC_ERROR_NETWORK,
                     _("The server closed the connection without answering; if it serves "
                       "https, its address must begin with https://"));
      else
        g_set_error (error, FC_SYNC_ERROR, FC_SYNC_ERROR_NETWORK,
                     _("Cannot reach the server: %s"),
                     *curl_error ? curl_error : curl_easy_strerror (rc));
      return FALSE;
    }

  curl_easy_getinfo (self->curl, CURLINFO_RESPONSE_CODE, &reply->status);
  if (curl_easy_header (self->curl, "Retry-After", 0, CURLH_HEADER, -1, &retry) == CURLHE_OK)
    self->retry_after_s = g_ascii_strtoll (retry->value, NULL, 10);
  if (reply->status < 200 || reply->status >= 300)
    {
      set_error_from_reply (self, reply, error);
      return FALSE;
    }
  return TRUE;
}

/* The body of a GET, for the other requests of a sync (fc-sync-verifiers.c). */
GBytes *
fc_sync_client_get (FcSyncClient  *self,
                    const char    *path,
                    GError       **error)
{
  g_auto(Reply) reply = { 0 };

  if (!request (self, "GET", path, NULL, FALSE, &reply, error))
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&reply.body));
}

static FcSyncClient *
client_new (FcStore     *store,
            const char  *server,
            GError     **error)
{
  FcSyncClient *self;

  if (!curl_ready ())
    {
      g_set_error (error, FC_SYNC_ERROR, FC_SYNC_ERROR_NETWORK, _("The network library could not start"));
      return NULL;
    }
  self = g_new0 (FcSyncClient, 1);
  self->store = g_object_ref (store);
  self->curl = curl_easy_init ();
  self->server = g_strdup (server);
  /* "https://host/" and "https://host" name the same server. */
  while (g_str_has_suffix (self->server, "/"))
    self->server[strlen (self->server) - 1] = '\0';
  self->pinned_key = fc_store_get_meta (store, FC_SYNC_META_PINNED_KEY);
  self->ca_file = fc_store_get_meta (store, FC_SYNC_META_CA_FILE);
  self->batch = FC_SYNC_DEFAULT_BATCH;
  return self;
}

void
fc_sync_client_free (FcSyncClient *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->store);
  g_clear_pointer (&self->curl, curl_easy_cleanup);
  g_free (self->server);
  if (self->credential != NULL)
    memset (self->credential, 0, strlen (self->credential));
  g_free (self->credential);
  g_free (self->pinned_key);
  g_free (self->ca_file);
  g_free (self->note);
  g_free (self);
}

/**
 * fc_sync_client_enroll:
 * @store: the device's store
 * @server_url: the server, https (or http on the loopback address)
 * @token: the one-time enrolment token
 * @device_name: (nullable): how the bureau will see this device
 * @error: return location for an error
 *
 * Exchanges the token for this device's credential and keeps the credential
 * and the server's address in the store.
 */
gboolean
fc_sync_client_enroll (FcStore     *store,
                       const char  *server_url,
                       const char  *token,
                       const char  *device_name,
                       GError     **error)
{
  g_autoptr(FcSyncClient) self = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GBytes) body = NULL;
  g_auto(Reply) reply = { 0 };
  const char *credential;
  JsonNode *answer;
  char *text;

  g_return_val_if_fail (FC_IS_STORE (store), FALSE);

  if (!check_server_url (server_url, error) || (self = client_new (store, server_url, error)) == NULL)
    return FALSE;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "token");
  json_builder_add_string_value (b, token);
  json_builder_set_member_name (b, "device");
  json_builder_add_string_value (b, fc_store_get_device_id (store));
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, device_name ? device_name : g_get_host_name ());
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  text = json_to_string (root, FALSE);
  body = g_bytes_new_take (text, strlen (text));

  if (!request (self, "POST", FC_SYNC_API_PREFIX "/enroll", body, FALSE, &reply, error))
    return FALSE;
  if (!json_parser_load_from_data (parser, (const char *) reply.body->data, reply.body->len, NULL) ||
      (answer = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (answer) ||
      (credential = json_object_get_string_member_with_default (json_node_get_object (answer),
                                                                "credential", NULL)) == NULL)
    {
      g_set_error (error, FC_SYNC_ERROR, FC_SYNC_ERROR_PROTOCOL,
                   _("The server's answer to the enrolment is malformed"));
      return FALSE;
    }

  if (!fc_store_begin (store, error))
    return FALSE;
  if (!fc_store_set_meta (store, FC_SYNC_META_SERVER, self->server, error) ||
      !fc_store_set_meta (store, FC_SYNC_META_CREDENTIAL, credential, error) ||
      !fc_store_set_meta (store, FC_SYNC_META_CURSOR, "0", error) ||
      !fc_store_commit (store, error))
    {
      fc_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

/**
 * fc_sync_client_new:
 * @store: an enrolled device's store
 * @error: set with %FC_SYNC_ERROR_UNAUTHORIZED when the device is not enrolled
 *
 * Returns: (transfer full): a client for the server the device enrolled with
 */
FcSyncClient *
fc_sync_client_new (FcStore  *store,
                    GError  **error)
{
  g_autofree char *server = NULL;
  FcSyncClient *self;

  g_return_val_if_fail (FC_IS_STORE (store), NULL);

  server = fc_store_get_meta (store, FC_SYNC_META_SERVER);
  if (server == NULL)
    {
      g_set_error (error, FC_SYNC_ERROR, FC_SYNC_ERROR_UNAUTHORIZED,
                   _("This device is not enrolled with a server; enrol it with a token first"));
      return NULL;
    }
  self = client_new (store, server, error);
  if (self != NULL)
    self->credential = fc_store_get_meta (store, FC_SYNC_META_CREDENTIAL);
  return self;
}

void
fc_sync_client_set_batch_size (FcSyncClient *self,
                               guint         max_ops)
{
  self->batch = CLAMP (max_ops, 1, FC_SYNC_MAX_OPS);
}

/* Returns: the seconds the server asked to wait with its last answer, or 0 */
gint64
fc_sync_client_get_retry_after (FcSyncClient *self)
{
  return self->retry_after_s;
}

/* Returns: (nullable): what the last sync that worked could not do, in a sentence, or %NULL */
const char *
fc_sync_client_get_note (FcSyncClient *self)
{
  return self->note;
}

/**
 * fc_sync_client_set_progress_func:
 * @client: the client
 * @func: (nullable): called on the thread that syncs, after each batch sent and page received
 * @user_data: for @func
 */
void
fc_sync_client_set_progress_func (FcSyncClient       *self,
                                  FcSyncProgressFunc  func,
                                  gpointer            user_data)
{
  self->progress_func = func;
  self->progress_data = user_data;
}

static void
report (FcSyncClient *self,
        FcSyncPhase   phase,
        guint64       done,
        guint64       total,
        double        fraction)
{
  FcSyncProgress progress = { phase, done, total, CLAMP (fraction, -1.0, 1.0) };

  if (self->progress_func != NULL)
    self->progress_func (&progress, self->progress_data);
}

/* Server time minus local time; a device offline for days keeps the last one. */
static gboolean
store_offset (FcSyncClient  *self,
              gint64         server_ms,
              gint64         sent_ms,
              GError       **error)
{
  FcHlcClock *clock = fc_store_get_clock (self->store);
  gint64 now_ms = clock->wall (clock->wall_data);
  gint64 offset = server_ms - (sent_ms + now_ms) / 2;
  char text[32];

  clock->offset_ms = offset;
  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, offset);
  return fc_store_set_meta (self->store, FC_SYNC_META_OFFSET, text, error);
}

/**
 * fc_sync_client_update_time:
 * @client: the client
 * @error: return location for an error
 *
 * Reads the server's clock; the device's HLC runs on it from now on.
 */
gboolean
fc_sync_client_update_time (FcSyncClient  *self,
                            GError       **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_auto(Reply) reply = { 0 };
  FcHlcClock *clock = fc_store_get_clock (self->store);
  gint64 sent = clock->wall (clock->wall_data);
  JsonNode *root;
  JsonNode *time;

  if (!request (self, "GET", FC_SYNC_API_PREFIX "/time", NULL, FALSE, &reply, error))
    return FALSE;
  if (!json_parser_load_from_data (parser, (const char *) reply.body->data, reply.body->len, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (time = json_object_get_member (json_node_get_object (root), "server_time")) == NULL ||
      json_node_get_value_type (time) != G_TYPE_INT64)
    {
      g_set_error (error, FC_SYNC_ERROR, FC_SYNC_ERROR_PROTOCOL, _("The server's clock is unreadable"));
      return FALSE;
    }
  return store_offset (self, json_node_get_int (time), sent, error);
}

static gboolean
mark (FcSyncClient        *self,
      FcSyncReceiptEntry  *entry,
      GError             **error)
{
  g_autoptr(FcCachedStmt) ack = NULL;
  g_autoptr(FcCachedStmt) refusal = NULL;
  gboolean rejected = entry->outcome == FC_SYNC_OUTCOME_REJECTED;

  ack = fc_store_cached (self->store, "UPDATE op_log SET acked = ? WHERE op_id = ? "
                                      "AND origin = 'local' AND acked = 0", error);
  if (ack == NULL)
    return FALSE;
  sqlite3_bind_int (ack, 1, rejected ? 2 : 1);
  sqlite3_bind_text (ack, 2, entry->op_id, -1, SQLITE_STATIC);
  if (sqlite3_step (ack) != SQLITE_DONE)
    {
      fc_store_set_sqlite_error (self->store, error, _("Could not record the server's receipt"));
      return FALSE;
    }
  if (!rejected || sqlite3_changes (fc_store_get_db (self->store)) == 0)
    return TRUE;

  refusal = fc_store_cached (self->store, "INSERT OR REPLACE INTO sync_refusal (op_id, direction, "
                                          "code, message, at) VALUES (?, 'push', ?, ?, ?)", error);
  if (refusal == NULL)
    return FALSE;
  sqlite3_bind_text (refusal, 1, entry->op_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (refusal, 2, entry->code, -1, SQLITE_STATIC);
  sqlite3_bind_text (refusal, 3, entry->message, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (refusal, 4, g_get_real_time () / 1000);
  if (sqlite3_step (refusal) != SQLITE_DONE)
    {
      fc_store_set_sqlite_error (self->store, error, _("Could not record the server's receipt"));
      return FALSE;
    }
  return TRUE;
}

static gint
by_clock (gconstpointer a,
          gconstpointer b)
{
  const FcOp *x = *(FcOp **) a;
  const FcOp *y = *(FcOp **) b;

  if (x->hlc != y->hlc)
    return x->hlc < y->hlc ? -1 : 1;
  return g_strcmp0 (x->device_id, y->device_id);
}

static gboolean
forget_parked (FcSyncClient  *self,
               const char    *op_id,
               GError       **error)
{
  g_autoptr(FcCachedStmt) stmt = NULL;

  stmt = fc_store_cached (self->store, "DELETE FROM sync_refusal WHERE op_id = ? "
                                       "AND direction = 'pull'", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, op_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      fc_store_set_sqlite_error (self->store, error, _("Could not record a change"));
      return FALSE;
    }
  return TRUE;
}

/* The server's ops this store could not apply when they arrived are kept
 * (sync_refusal, direction pull) and tried again, in HLC order, whenever what
 * they need may have changed: after a pull and after an undo. An op that goes
 * in leaves the list; one that applied lets the others try once more. */
static gboolean
reapply_parked (FcSyncClient  *self,
                FcSyncStats   *stats,
                GError       **error)
{
  gboolean progress = TRUE;

  while (progress)
    {
      g_autoptr(GPtrArray) parked = g_ptr_array_new_with_free_func ((GDestroyNotify) fc_op_free);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(sqlite3_stmt) stmt = NULL;
      int rc;

      progress = FALSE;
      stmt = fc_store_prepare (self->store, "SELECT op FROM sync_refusal WHERE direction = 'pull' "
                                            "AND op IS NOT NULL", error);
      if (stmt == NULL)
        return FALSE;
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          FcOp *op;

          /* A kept op that no longer reads is left for the user to see. */
          if (!json_parser_load_from_data (parser, (const char *) sqlite3_column_text (stmt, 0), -1,
                                           NULL) ||
              (op = fc_op_from_json (json_parser_get_root (parser), NULL)) == NULL)
            continue;
          g_ptr_array_add (parked, op);
        }
      if (rc != SQLITE_DONE)
        {
          fc_store_set_sqlite_error (self->store, error, _("Cannot read the change log"));
          return FALSE;
        }
      g_ptr_array_sort (parked, by_clock);

      for (guint i = 0; i < parked->len; i++)
        {
          FcOp *op = parked->pdata[i];
          g_autoptr(GError) refusal = NULL;
          FcApplyResult result;

          if (!fc_store_apply_remote (self->store, op, &result, &refusal))
            {
              if (refusal->domain == FC_ERROR &&
                  (refusal->code == FC_ERROR_DISK_FULL || refusal->code == FC_ERROR_BUSY ||
                   refusal->code == FC_ERROR_CORRUPT || refusal->code == FC_ERROR_FAILED))
                {
                  g_propagate_error (error, g_steal_pointer (&refusal));
                  return FALSE;
                }
              continue;
            }
          if (!forget_parked (self, op->op_id, error))
            return FALSE;
          if (result == FC_APPLY_APPLIED)
            {
              stats->pulled++;
              progress = TRUE;
            }
        }
    }
  return TRUE;
}

/**
 * fc_sync_client_push:
 * @client: the client
 * @stats: (inout): counts to add to
 * @error: return location for an error
 *
 * Sends the outbox in batches until it is empty. Each receipt is recorded in
 * its own transaction: acknowledged ops leave the outbox, rejected ones keep
 * the server's reason.
 */
gboolean
fc_sync_client_push (FcSyncClient  *self,
                     FcSyncStats   *stats,
                     GError       **error)
{
  guint64 sent = 0, waiting = 0;

  if (self->progress_func != NULL)
    {
      waiting = (guint64) MAX (fc_oplog_count_outbox (self->store), 0);
      report (self, FC_SYNC_PHASE_SENDING, 0, waiting, waiting > 0 ? 0.0 : -1.0);
    }
  for (;;)
    {
      g_autoptr(GBytes) changeset = NULL;
      g_autoptr(GBytes) gzipped = NULL;
      g_autoptr(FcSyncReceipt) receipt = NULL;
      g_autoptr(GPtrArray) refused = NULL;
      g_auto(Reply) reply = { 0 };
      guint n = 0, marked = 0;

      changeset = fc_sync_changeset_from_outbox (self->store, self->batch, &n, error);
      if (changeset == NULL)
        return FALSE;
      if (n == 0)
        return TRUE;
      gzipped = fc_sync_gzip_compress (changeset);
      if (!request (self, "POST", FC_SYNC_API_PREFIX "/push", gzipped, TRUE, &reply, error))
        return FALSE;
      receipt = fc_sync_receipt_parse ((const char *) reply.body->data, reply.body->len, NULL);
      if (receipt == NULL)
        {
          g_set_error (error, FC_SYNC_ERROR, FC_SYNC_ERROR_PROTOCOL,
                       _("The server's receipt is malformed; the changes stay in the outbox"));
          return FALSE;
        }

      if (!fc_store_begin (self->store, error))
        return FALSE;
      refused = g_ptr_array_new ();
      for (guint i = 0; i < receipt->entries->len; i++)
        {
          FcSyncReceiptEntry *entry = receipt->entries->pdata[i];

          if (!mark (self, entry, error))
            {
              fc_store_rollback (self->store);
              return FALSE;
            }
          if (sqlite3_changes (fc_store_get_db (self->store)) == 0)
            continue;
          marked++;
          if (entry->outcome == FC_SYNC_OUTCOME_REJECTED)
            g_ptr_array_add (refused, entry->op_id);
        }
      /* Every refusal of the receipt is marked before any is undone, so that
       * no undo replays a change the same receipt refused. What the undone
       * state lets in again of the server's ops goes in too. */
      for (guint i = 0; i < refused->len; i++)
        if (!fc_store_undo_refused (self->store, refused->pdata[i], error))
          {
            fc_store_rollback (self->store);
            return FALSE;
          }
      if ((refused->len > 0 && !reapply_parked (self, stats, error)) ||
          !fc_store_commit (self->store, error))
        {
          fc_store_rollback (self->store);
          return FALSE;
        }

      stats->pushed += n;
      stats->applied += fc_sync_receipt_count (receipt, FC_SYNC_OUTCOME_APPLIED);
      stats->duplicate += fc_sync_receipt_count (receipt, FC_SYNC_OUTCOME_DUPLICATE);
      stats->rejected += fc_sync_receipt_count (receipt, FC_SYNC_OUTCOME_REJECTED);
      /* Changes made while it sends are sent too: the total grows with them. */
      sent += n;
      waiting = MAX (waiting, sent);
      report (self, FC_SYNC_PHASE_SENDING, sent, waiting, (double) sent / (double) waiting);
      /* A receipt that settles none of what was sent would loop forever. */
      if (marked == 0)
        {
          g_set_error (error, FC_SYNC_ERROR, FC_SYNC_ERROR_PROTOCOL,
                       _("The server's receipt answers none of the changes sent"));
          return FALSE;
        }
    }
}

static gboolean
keep_pull_refusal (FcSyncClient  *self,
                   FcOp          *op,
                   const GError  *refusal,
                   GError       **error)
{
  g_autoptr(FcCachedStmt) stmt = NULL;
  g_autoptr(JsonNode) node = fc_op_to_json (op);
  g_autofree char *text = json_to_string (node, FALSE);

  stmt = fc_store_cached (self->store, "INSERT OR REPLACE INTO sync_refusal (op_id, direction, code, "
                                       "message, op, at) VALUES (?, 'pull', ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, op->op_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, refusal->code == FC_ERROR_GUARD ? "guard" : "not_applicable", -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, refusal->message, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, text, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, g_get_real_time () / 1000);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      fc_store_set_sqlite_error (self->store, error, _("Could not record a change"));
      return FALSE;
    }
  return TRUE;
}

/* One try at a page; see apply_page(). */
static gboolean
apply_page_once (FcSyncClient  *self,
                 FcSyncPage    *page,
                 FcSyncStats   *stats,
                 gboolean       guarded,
                 gboolean      *spoiled,
                 GError       **error)
{
  char cursor[32];

  *spoiled = FALSE;
  if (!fc_store_begin (self->store, error))
    return FALSE;
  fc_store_set_merge_savepoints (self->store, guarded);
  for (guint i = 0; i < page->ops->len; i++)
    {
      g_autoptr(GError) refusal = NULL;
      FcApplyResult result;

      if (fc_store_apply_remote (self->store, page->ops->pdata[i], &result, &refusal))
        {
          stats->pulled += result == FC_APPLY_APPLIED;
          continue;
        }
      if (fc_store_merge_spoiled (self->store))
        {
          fc_store_rollback (self->store);
          *spoiled = TRUE;
          return FALSE;
        }
      /* The server holds it, so it stays there; an op this store cannot take
       * yet is kept with the reason and the feed moves on. */
      if (refusal->domain == FC_ERROR &&
          (refusal->code == FC_ERROR_DISK_FULL || refusal->code == FC_ERROR_BUSY ||
           refusal->code == FC_ERROR_CORRUPT || refusal->code == FC_ERROR_FAILED))
        {
          fc_store_rollback (self->store);
          g_propagate_error (error, g_steal_pointer (&refusal));
          return FALSE;
        }
      if (!keep_pull_refusal (self, page->ops->pdata[i], refusal, error))
        {
          fc_store_rollback (self->store);
          return FALSE;
        }
      stats->pull_refused++;
    }
  g_snprintf (cursor, sizeof cursor, "%" G_GINT64_FORMAT, page->next_cursor);
  if (!fc_store_set_meta (self->store, FC_SYNC_META_CURSOR, cursor, error) ||
      !fc_store_commit (self->store, error))
    {
      fc_store_rollback (self->store);
      return FALSE;
    }
  stats->cursor = page->next_cursor;
  return TRUE;
}

/* Applies one page and moves the cursor, in one transaction. The ops go in
 * without a savepoint each (fc_store_set_merge_savepoints()); the rare page
 * with an op refused after it wrote something is rolled back and applied
 * again with them. */
static gboolean
apply_page (FcSyncClient  *self,
            FcSyncPage    *page,
            FcSyncStats   *stats,
            GError       **error)
{
  FcSyncStats before = *stats;
  gboolean spoiled = FALSE;
  gboolean ok;

  ok = apply_page_once (self, page, stats, FALSE, &spoiled, error);
  fc_store_set_merge_savepoints (self->store, TRUE);
  if (ok || !spoiled)
    return ok;
  *stats = before;
  return apply_page_once (self, page, stats, TRUE, &spoiled, error);
}

/**
 * fc_sync_client_pull:
 * @client: the client
 * @stats: (inout): counts to add to
 * @error: return location for an error
 *
 * Pulls the server's feed from the stored cursor to its head.
 */
gboolean
fc_sync_client_pull (FcSyncClient  *self,
                     FcSyncStats   *stats,
                     GError       **error)
{
  g_autofree char *stored = fc_store_get_meta (self->store, FC_SYNC_META_CURSOR);
  gint64 cursor = stored ? g_ascii_strtoll (stored, NULL, 10) : 0;
  gint64 first = cursor;
  guint pulled_before = stats->pulled;

  report (self, FC_SYNC_PHASE_RECEIVING, 0, 0, -1.0);
  for (;;)
    {
      g_autofree char *path = g_strdup_printf (FC_SYNC_API_PREFIX "/pull?cursor=%" G_GINT64_FORMAT
                                               "&limit=%d", cursor, PULL_PAGE);
      g_autoptr(FcSyncPage) page = NULL;
      g_autoptr(GError) local_error = NULL;
      g_auto(Reply) reply = { 0 };

      if (!request (self, "GET", path, NULL, FALSE, &reply, error))
        return FALSE;
      page = fc_sync_page_parse ((const char *) reply.body->data, reply.body->len, &local_error);
      if (page == NULL)
        {
          g_set_error (error, FC_SYNC_ERROR, FC_SYNC_ERROR_PROTOCOL,
                       _("The server's pull page is malformed: %s"), local_error->message);
          return FALSE;
        }
      /* The cursor only moves forward (and must move while there is more). */
      if (page->next_cursor < cursor || (page->next_cursor == cursor && page->head > cursor))
        {
          g_set_error (error, FC_SYNC_ERROR, FC_SYNC_ERROR_PROTOCOL,
                       _("The server's feed went backwards; nothing was applied"));
          return FALSE;
        }
      if (!apply_page (self, page, stats, error))
        return FALSE;
      cursor = page->next_cursor;
      /* The feed's positions count ops this device may not see, and its own
       * come back as duplicates: the fraction is of the feed, the count of
       * what others changed here. */
      report (self, FC_SYNC_PHASE_RECEIVING, stats->pulled - pulled_before, 0,
              page->head > first ? (double) (cursor - first) / (double) (page->head - first) : 1.0);
      if (cursor >= page->head)
        break;
    }

  if (!fc_store_begin (self->store, error))
    return FALSE;
  if (!reapply_parked (self, stats, error) || !fc_store_commit (self->store, error))
    {
      fc_store_rollback (self->store);
      return FALSE;
    }
  return TRUE;
}

/**
 * fc_sync_client_sync:
 * @client: the client
 * @stats: (out caller-allocates): what happened
 * @error: return location for an error; see fc_sync_error_is_transient()
 *
 * One whole sync: the server's time, push, pull, then who may sign in. When
 * only the last step fails, short of a refusal of the device, the sync stands:
 * @stats says sign_in_stale, fc_sync_client_get_note() says why, and the
 * store keeps the sentence (%FC_SYNC_META_SIGN_IN_NOTE) until a sync refreshes
 * the list.
 */
gboolean
fc_sync_client_sync (FcSyncClient  *self,
                     FcSyncStats   *stats,
                     GError       **error)
{
  g_autoptr(GError) refresh_error = NULL;
  char now[32];

  memset (stats, 0, sizeof *stats);
  g_clear_pointer (&self->note, g_free);
  if (!fc_sync_client_update_time (self, error) ||
      !fc_sync_client_push (self, stats, error) ||
      !fc_sync_client_pull (self, stats, error))
    return FALSE;
  /* What was sent and received is committed by now. An older server without
   * the list, or one failing for a moment, leaves the device with the list of
   * the sync before, and the sync stands; a revoked device is refused. */
  if (!fc_sync_verifiers_update (self, self->store, &refresh_error))
    {
      if (refresh_error->domain != FC_SYNC_ERROR ||
          refresh_error->code == FC_SYNC_ERROR_UNAUTHORIZED)
        {
          g_propagate_error (error, g_steal_pointer (&refresh_error));
          return FALSE;
        }
      g_message ("verifiers not refreshed: %s", refresh_error->message);
      stats->sign_in_stale = TRUE;
      /* Translators: %s is the reason, a sentence of the server or the network */
      self->note = g_strdup_printf (_("Sign-in data could not be refreshed: %s. People sign in "
                                      "with what the sync before brought."),
                                    refresh_error->message);
    }
  g_snprintf (now, sizeof now, "%" G_GINT64_FORMAT, g_get_real_time () / 1000);
  return fc_store_set_meta (self->store, FC_SYNC_META_SIGN_IN_NOTE, self->note, error) &&
         fc_store_set_meta (self->store, FC_SYNC_META_LAST_SYNC, now, error);
}
