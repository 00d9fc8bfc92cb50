/* fcs-storage-sqlite.c: the server's store on SQLite
 *
 * DATA/server.db is an FcStore: the same schema, the same write API and the
 * same merge (fc_store_apply_remote) as a device. Beside the syncable tables
 * the server keeps its own tables, prefixed fcs_ and never synced: devices,
 * password verifiers, enrolment tokens, the receipts of refused ops (an
 * applied op's is its op-log entry), quarantined ops and the audit log. They
 * live in the same file on purpose: SQLite commits a transaction across
 * attached files atomically only in rollback-journal mode, and in WAL mode a
 * crash could keep an applied op without its receipt and audit entry. One
 * file keeps the batch, its receipts and its audit in one atomic commit.
 *
 * One writer: a mutex serialises every call on the one connection, so the
 * op-log's seq (the pull cursor) is assigned in commit order.
 *
 * The write-ahead log is copied back into the database by a thread of its
 * own, on its own connection, instead of by whichever push happened to
 * commit the thousandth page: that push held the writer's lock meanwhile,
 * and every device waiting behind it waited too.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-checklist-import.h"
#include "fc-error.h"
#include "fc-oplog.h"
#include "fc-queries.h"
#include "fc-store-write.h"
#include "fc-types.h"
#include "fcs-audit.h"
#include "fcs-authorize.h"
#include "fcs-error.h"
#include "fcs-secrets.h"
#include "fcs-storage.h"

#define SERVER_SCHEMA_VERSION "1"
#define CHECKPOINT_PAGES      1000

typedef struct
{
  FcsStorage  parent;
  GMutex      lock;
  FcStore    *store;

  GThread    *checkpointer;
  GMutex      checkpoint_lock;
  GCond       checkpoint_cond;
  gboolean    checkpoint_wanted;
  gboolean    checkpoint_stop;
} SqliteStorage;

static const char server_schema[] =
  "CREATE TABLE IF NOT EXISTS fcs_device ("
  "  id              TEXT PRIMARY KEY,"
  "  name            TEXT,"
  "  user_id         TEXT,"
  "  credential_hash TEXT NOT NULL,"
  "  enrolled_at     INTEGER NOT NULL,"
  "  revoked_at      INTEGER,"
  "  last_seen       INTEGER);"
  "CREATE TABLE IF NOT EXISTS fcs_credential ("
  "  person_id  TEXT PRIMARY KEY,"
  "  verifier   TEXT NOT NULL,"
  "  updated_at INTEGER NOT NULL);"
  "CREATE TABLE IF NOT EXISTS fcs_enroll_token ("
  "  token_hash TEXT PRIMARY KEY,"
  "  user_id    TEXT,"
  "  created_at INTEGER NOT NULL,"
  "  expires_at INTEGER NOT NULL,"
  "  used_at    INTEGER,"
  "  device_id  TEXT);"
  "CREATE TABLE IF NOT EXISTS fcs_receipt ("
  "  device_id  TEXT NOT NULL,"
  "  device_seq INTEGER NOT NULL,"
  "  op_id      TEXT NOT NULL,"
  "  outcome    TEXT NOT NULL,"
  "  code       TEXT,"
  "  message    TEXT,"
  "  at         INTEGER NOT NULL,"
  "  PRIMARY KEY (device_id, device_seq)) WITHOUT ROWID;"
  "CREATE TABLE IF NOT EXISTS fcs_quarantine ("
  "  op_id      TEXT PRIMARY KEY,"
  "  device_id  TEXT NOT NULL,"
  "  device_seq INTEGER NOT NULL,"
  "  op         TEXT NOT NULL,"
  "  code       TEXT NOT NULL,"
  "  message    TEXT NOT NULL,"
  "  at         INTEGER NOT NULL);";

gint64
fcs_now_ms (void)
{
  return g_get_real_time () / 1000;
}

void
fcs_device_free (FcsDevice *device)
{
  if (device == NULL)
    return;
  g_free (device->id);
  g_free (device->name);
  g_free (device->user_id);
  g_free (device);
}

void
fcs_storage_free (FcsStorage *storage)
{
  if (storage != NULL)
    storage->klass->free (storage);
}

static gboolean
step_done (FcStore       *store,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      fc_store_set_sqlite_error (store, error, _("Database error"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
audit_admin (SqliteStorage  *self,
             const char     *actor,
             const char     *action,
             const char     *subject,
             const char     *detail,
             GError        **error)
{
  FcsAuditEntry entry = {
    .kind = "admin", .actor = actor, .outcome = action, .row_id = subject, .message = detail,
  };

  return fcs_audit_append (self->store, &entry, error);
}

/* Runs @body in one transaction under the writer lock. */
#define LOCKED_TXN(self, error, ok, body)                  \
  G_STMT_START {                                           \
    g_mutex_lock (&(self)->lock);                          \
    (ok) = fc_store_begin ((self)->store, (error));        \
    if (ok)                                                \
      {                                                    \
        body;                                              \
        if (ok)                                            \
          (ok) = fc_store_commit ((self)->store, (error)); \
        else                                               \
          fc_store_rollback ((self)->store);               \
      }                                                    \
    g_mutex_unlock (&(self)->lock);                        \
  } G_STMT_END

/* ---- devices ---- */

static gboolean
sqlite_enroll (FcsStorage  *storage,
               const char  *token_hash,
               const char  *device_id,
               const char  *name,
               const char  *credential_hash,
               GError     **error)
{
  SqliteStorage *self = (SqliteStorage *) storage;
  gboolean ok;

  LOCKED_TXN (self, error, ok, {
    g_autoptr(sqlite3_stmt) take = NULL;
    g_autoptr(sqlite3_stmt) known = NULL;
    g_autoptr(sqlite3_stmt) add = NULL;
    g_autofree char *user_id = NULL;
    gint64 now = fcs_now_ms ();

    /* Single use: the token is spent in the same transaction that enrols. */
    take = fc_store_prepare (self->store, "UPDATE fcs_enroll_token SET used_at = ?2, device_id = ?3 "
                                          "WHERE token_hash = ?1 AND used_at IS NULL "
                                          "AND expires_at > ?2 RETURNING user_id", error);
    ok = take != NULL;
    if (ok)
      {
        sqlite3_bind_text (take, 1, token_hash, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (take, 2, now);
        sqlite3_bind_text (take, 3, device_id, -1, SQLITE_STATIC);
        if (sqlite3_step (take) != SQLITE_ROW)
          {
            g_set_error (error, FCS_ERROR, FCS_ERROR_TOKEN_REFUSED,
                         _("The enrolment token is unknown, used or expired; "
                           "ask for a new one with “fieldcheck-server enroll-token”"));
            ok = FALSE;
          }
        else if (sqlite3_column_type (take, 0) != SQLITE_NULL)
          user_id = g_strdup ((const char *) sqlite3_column_text (take, 0));
      }
    if (ok)
      {
        sqlite3_reset (take);
        known = fc_store_prepare (self->store, "SELECT 1 FROM fcs_device WHERE id = ?", error);
        ok = known != NULL;
      }
    if (ok)
      {
        sqlite3_bind_text (known, 1, device_id, -1, SQLITE_STATIC);
        if (sqlite3_step (known) == SQLITE_ROW)
          {
            g_set_error (error, FCS_ERROR, FCS_ERROR_TOKEN_REFUSED,
                         _("A device with this identity is already enrolled; "
                           "a device is enrolled once"));
            ok = FALSE;
          }
      }
    if (ok)
      {
        add = fc_store_prepare (self->store, "INSERT INTO fcs_device (id, name, user_id, "
                                             "credential_hash, enrolled_at) VALUES (?, ?, ?, ?, ?)",
                                error);
        ok = add != NULL;
      }
    if (ok)
      {
        sqlite3_bind_text (add, 1, device_id, -1, SQLITE_STATIC);
        sqlite3_bind_text (add, 2, name, -1, SQLITE_STATIC);
        sqlite3_bind_text (add, 3, user_id, -1, SQLITE_STATIC);
        sqlite3_bind_text (add, 4, credential_hash, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (add, 5, now);
        ok = step_done (self->store, add, error) &&
             audit_admin (self, device_id, "enroll", device_id, name, error);
      }
  });
  return ok;
}

static FcsDevice *
sqlite_authenticate (FcsStorage  *storage,
                     const char  *device_id,
                     const char  *credential_hash,
                     GError     **error)
{
  SqliteStorage *self = (SqliteStorage *) storage;
  g_autoptr(FcsDevice) device = NULL;
  g_autofree char *stored_hash = NULL;

  g_mutex_lock (&self->lock);
  {
    g_autoptr(FcCachedStmt) stmt = fc_store_cached (self->store, "SELECT name, user_id, "
                                                                  "credential_hash, revoked_at IS NOT NULL "
                                                                  "FROM fcs_device WHERE id = ?", NULL);

    if (stmt != NULL)
      {
        sqlite3_bind_text (stmt, 1, device_id, -1, SQLITE_STATIC);
        if (sqlite3_step (stmt) == SQLITE_ROW)
          {
            device = g_new0 (FcsDevice, 1);
            device->id = g_strdup (device_id);
            device->name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
            device->user_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
            stored_hash = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
            device->revoked = sqlite3_column_int (stmt, 3);
          }
      }
  }
  g_mutex_unlock (&self->lock);

  /* A NULL hash is the administrator's own import, trusted by who runs it. */
  if (device == NULL ||
      (credential_hash != NULL && !fcs_secret_hash_equal (stored_hash, credential_hash)))
    {
      g_set_error (error, FCS_ERROR, FCS_ERROR_DEVICE_UNKNOWN,
                   _("This device is not enrolled with the server, or its credential is wrong; "
                     "enrol it again with a new token"));
      return NULL;
    }
  if (device->revoked)
    {
      g_set_error (error, FCS_ERROR, FCS_ERROR_DEVICE_REVOKED,
                   _("This device was revoked by the bureau; it can no longer sync"));
      return NULL;
    }
  return g_steal_pointer (&device);
}

/* ---- push ---- */

/* What one batch carries from op to op, inside its transaction. */
typedef struct
{
  SqliteStorage  *self;
  const char     *via;
  /* rows whose insert was refused, hazards with a refused event */
  GHashTable     *refused_inserts;
  GHashTable     *refused_events_of;
  FcSyncReceipt  *receipt;
  FcsAuthCache   *auth;
  FcsAuditChain   audit;
} Batch;

/* An op depends on a refused one only when it cannot stand without it: it
 * changes or names a row whose insert was refused (a hazard event of a
 * refused hazard, a result of a refused inspection; row ids are UUIDs, so a
 * match by value is a reference), or it is a hazard event that follows a
 * refused event of the same hazard. A refused field update leaves the row,
 * and later independent changes of it, alone. */
static gboolean
depends_on_rejected (Batch       *batch,
                     const FcOp  *op)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;
  const char *hazard_id = fc_op_get_string (op, "hazard_id");

  if (g_str_equal (op->table, "hazard_event") && hazard_id != NULL &&
      g_hash_table_contains (batch->refused_events_of, hazard_id))
    return TRUE;
  if (g_hash_table_size (batch->refused_inserts) == 0)
    return FALSE;
  if (g_hash_table_contains (batch->refused_inserts, op->row_id))
    return TRUE;
  json_object_iter_init (&iter, op->fields);
  while (json_object_iter_next (&iter, &name, &value))
    if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING &&
        g_hash_table_contains (batch->refused_inserts, json_node_get_string (value)))
      return TRUE;
  return FALSE;
}

static void
remember_refused (Batch       *batch,
                  const FcOp  *op)
{
  const char *hazard_id;

  if (op->kind == FC_OP_INSERT)
    g_hash_table_add (batch->refused_inserts, g_strdup (op->row_id));
  if (g_str_equal (op->table, "hazard_event") &&
      (hazard_id = fc_op_get_string (op, "hazard_id")) != NULL)
    g_hash_table_add (batch->refused_events_of, g_strdup (hazard_id));
}

static gint64
feed_head (FcStore *store)
{
  g_autoptr(FcCachedStmt) stmt = fc_store_cached (store, "SELECT coalesce (max (seq), 0) FROM op_log",
                                                  NULL);

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return sqlite3_column_int64 (stmt, 0);
}

/* Infrastructure faults abort the batch; anything else refuses only the op. */
static gboolean
is_server_fault (const GError *error)
{
  if (error->domain == FCS_ERROR)
    return error->code == FCS_ERROR_FAILED;
  return error->domain == FC_ERROR &&
         (error->code == FC_ERROR_DISK_FULL || error->code == FC_ERROR_BUSY ||
          error->code == FC_ERROR_CORRUPT);
}

static gboolean
quarantine (SqliteStorage  *self,
            const FcOp     *op,
            const char     *code,
            const char     *message,
            GError        **error)
{
  g_autoptr(FcCachedStmt) stmt = NULL;
  g_autoptr(JsonNode) node = fc_op_to_json (op);
  g_autofree char *text = json_to_string (node, FALSE);

  stmt = fc_store_cached (self->store, "INSERT OR IGNORE INTO fcs_quarantine (op_id, device_id, "
                                       "device_seq, op, code, message, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                          error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, op->op_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, op->device_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, op->device_seq);
  sqlite3_bind_text (stmt, 4, text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, code, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, message, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, fcs_now_ms ());
  return step_done (self->store, stmt, error);
}

static gboolean
store_receipt (SqliteStorage  *self,
               const FcOp     *op,
               const char     *outcome,
               const char     *code,
               const char     *message,
               GError        **error)
{
  g_autoptr(FcCachedStmt) stmt = NULL;

  stmt = fc_store_cached (self->store, "INSERT OR IGNORE INTO fcs_receipt (device_id, device_seq, "
                                       "op_id, outcome, code, message, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                          error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, op->device_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, op->device_seq);
  sqlite3_bind_text (stmt, 3, op->op_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, outcome, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, code, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, message, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, fcs_now_ms ());
  return step_done (self->store, stmt, error);
}

static gboolean
audit_op (Batch       *batch,
          const FcOp  *op,
          const char  *outcome,
          const char  *code,
          const char  *message,
          GError     **error)
{
  FcsAuditEntry entry = {
    .kind = "op", .actor = batch->via, .user_id = op->user_id, .op_id = op->op_id,
    .device_seq = op->device_seq, .table = op->table, .row_id = op->row_id,
    .outcome = outcome, .code = code, .message = message,
  };

  return fcs_audit_append_chained (batch->self->store, &batch->audit, &entry, error);
}

/* The first answer to the op's (device, seq), if there was one: an applied op
 * is in the op-log (unique on device and sequence), a refused one has its
 * receipt. Servers before receipts were kept for refusals only stored one
 * for every op; either answers the same. */
static gboolean
replayed (Batch       *batch,
          const FcOp  *op,
          gboolean    *out_replayed,
          GError     **error)
{
  g_autoptr(FcCachedStmt) stmt = NULL;
  const char *op_id, *outcome, *code, *message;

  *out_replayed = FALSE;
  stmt = fc_store_cached (batch->self->store, "SELECT op_id, 'applied', NULL, NULL FROM op_log "
                                              "WHERE device_id = ?1 AND device_seq = ?2 UNION ALL "
                                              "SELECT op_id, outcome, code, message FROM fcs_receipt "
                                              "WHERE device_id = ?1 AND device_seq = ?2 LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, op->device_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, op->device_seq);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return TRUE;

  *out_replayed = TRUE;
  op_id = (const char *) sqlite3_column_text (stmt, 0);
  outcome = (const char *) sqlite3_column_text (stmt, 1);
  code = (const char *) sqlite3_column_text (stmt, 2);
  message = (const char *) sqlite3_column_text (stmt, 3);
  if (g_strcmp0 (op_id, op->op_id) != 0)
    {
      g_autofree char *sentence =
        g_strdup_printf (_("Sequence number %ld of this device was already used by another change; "
                           "the device's change log is damaged"), (long) op->device_seq);

      fc_sync_receipt_add (batch->receipt, op->op_id, op->device_seq, FC_SYNC_OUTCOME_REJECTED,
                           fcs_error_code_name (FCS_ERROR_SEQ_REUSED), sentence);
      return audit_op (batch, op, "rejected", fcs_error_code_name (FCS_ERROR_SEQ_REUSED),
                       sentence, error);
    }
  /* The same answer as the first time: a rejection stays a rejection. */
  if (g_strcmp0 (outcome, "rejected") == 0)
    fc_sync_receipt_add (batch->receipt, op->op_id, op->device_seq, FC_SYNC_OUTCOME_REJECTED, code,
                         message);
  else
    fc_sync_receipt_add (batch->receipt, op->op_id, op->device_seq, FC_SYNC_OUTCOME_DUPLICATE,
                         NULL, NULL);
  return audit_op (batch, op, "duplicate", code, NULL, error);
}

static gboolean
push_one (Batch       *batch,
          FcOp        *op,
          GError     **error)
{
  SqliteStorage *self = batch->self;
  g_autoptr(GError) refusal = NULL;
  gboolean was_replayed = FALSE;
  FcApplyResult result = FC_APPLY_APPLIED;
  guint64 conflicts = fc_store_get_conflicts_recorded (self->store);
  const char *outcome;

  if (!replayed (batch, op, &was_replayed, error))
    return FALSE;
  if (was_replayed)
    return TRUE;

  if (depends_on_rejected (batch, op))
    g_set_error (&refusal, FCS_ERROR, FCS_ERROR_DEPENDS_ON_REJECTED,
                 _("An earlier change in the same batch that this one builds on was refused"));
  else if (fcs_authorize_op (self->store, batch->auth, op, &refusal) &&
           fc_store_apply_remote (self->store, op, &result, &refusal))
    {
      outcome = result == FC_APPLY_DUPLICATE ? "duplicate"
                : fc_store_get_conflicts_recorded (self->store) != conflicts ? "conflict" : "applied";
      if (result == FC_APPLY_APPLIED)
        fcs_auth_cache_applied (batch->auth, op);
      fc_sync_receipt_add (batch->receipt, op->op_id, op->device_seq,
                           result == FC_APPLY_DUPLICATE ? FC_SYNC_OUTCOME_DUPLICATE
                                                        : FC_SYNC_OUTCOME_APPLIED,
                           NULL, NULL);
      /* No receipt: the op-log's entry answers a replay (replayed()). */
      return audit_op (batch, op, outcome, NULL, NULL, error);
    }

  g_assert (refusal != NULL);
  /* Refused after a write, with no savepoint: the batch starts again with them. */
  if (fc_store_merge_spoiled (self->store))
    return FALSE;
  if (is_server_fault (refusal))
    {
      g_propagate_error (error, g_steal_pointer (&refusal));
      return FALSE;
    }
  remember_refused (batch, op);
  fc_sync_receipt_add (batch->receipt, op->op_id, op->device_seq, FC_SYNC_OUTCOME_REJECTED,
                       fcs_error_wire_name (refusal), refusal->message);
  return quarantine (self, op, fcs_error_wire_name (refusal), refusal->message, error) &&
         store_receipt (self, op, "rejected", fcs_error_wire_name (refusal), refusal->message,
                        error) &&
         audit_op (batch, op, "rejected", fcs_error_wire_name (refusal), refusal->message, error);
}

/* One try at the batch. Without savepoints (@guarded FALSE) an op refused
 * after it wrote something leaves *@spoiled set and nothing applied. */
static FcSyncReceipt *
apply_batch (SqliteStorage    *self,
             const FcsDevice  *device,
             FcSyncChangeset  *changeset,
             const char       *actor,
             gboolean          guarded,
             gboolean         *spoiled,
             GError          **error)
{
  g_autoptr(FcSyncReceipt) receipt = fc_sync_receipt_new ();
  g_autoptr(GHashTable) refused_inserts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) refused_events_of = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(FcsAuthCache) auth = fcs_auth_cache_new ();
  Batch batch = {
    .self = self, .via = actor, .refused_inserts = refused_inserts,
    .refused_events_of = refused_events_of, .receipt = receipt, .auth = auth,
  };
  gboolean ok;

  *spoiled = FALSE;
  LOCKED_TXN (self, error, ok, {
    g_autoptr(FcCachedStmt) seen = NULL;

    fc_store_set_merge_savepoints (self->store, guarded);
    for (guint i = 0; ok && i < changeset->ops->len; i++)
      ok = push_one (&batch, changeset->ops->pdata[i], error);
    *spoiled = fc_store_merge_spoiled (self->store);
    fc_store_set_merge_savepoints (self->store, TRUE);
    if (ok && (seen = fc_store_cached (self->store, "UPDATE fcs_device SET last_seen = ? WHERE id = ?",
                                       error)) != NULL)
      {
        sqlite3_bind_int64 (seen, 1, fcs_now_ms ());
        sqlite3_bind_text (seen, 2, device->id, -1, SQLITE_STATIC);
        ok = step_done (self->store, seen, error);
      }
    else
      ok = FALSE;
    receipt->head = feed_head (self->store);
  });
  fcs_audit_chain_clear (&batch.audit);
  if (!ok)
    return NULL;
  receipt->server_time_ms = fcs_now_ms ();
  return g_steal_pointer (&receipt);
}

static FcSyncReceipt *
sqlite_push (FcsStorage       *storage,
             const FcsDevice  *device,
             FcSyncChangeset  *changeset,
             const char       *via,
             GError          **error)
{
  SqliteStorage *self = (SqliteStorage *) storage;
  g_autofree char *actor = g_strdup_printf ("%s:%s", via, device->id);
  FcSyncReceipt *receipt;
  gboolean spoiled = FALSE;

  /* A savepoint per op cost a tenth of the server's CPU time of a push; the
   * rare batch whose refused op had written something is rolled back and
   * applied again with them. */
  receipt = apply_batch (self, device, changeset, actor, FALSE, &spoiled, error);
  if (receipt == NULL && spoiled)
    receipt = apply_batch (self, device, changeset, actor, TRUE, &spoiled, error);
  return receipt;
}

/* ---- pull ---- */

typedef struct
{
  FcStore      *store;
  FcsAuthCache *auth;
  const char   *user_id;
} Visibility;

static gboolean
visible (const char *table,
         const char *row_id,
         gpointer    data)
{
  Visibility *v = data;

  return fcs_authorize_visible (v->store, v->auth, v->user_id, table, row_id);
}

static GString *
sqlite_pull (FcsStorage       *storage,
             const FcsDevice  *device,
             gint64            cursor,
             guint             limit,
             gint64           *next_cursor,
             gint64           *head,
             GError          **error)
{
  SqliteStorage *self = (SqliteStorage *) storage;
  g_autoptr(FcsAuthCache) auth = fcs_auth_cache_new ();
  g_autoptr(GString) page = g_string_sized_new (limit * 512);
  Visibility v = { self->store, auth, device->user_id };
  gint64 last = cursor;
  gboolean ok;
  guint n;

  /* Ops the device may not see are left out, but the cursor passes them:
   * the next page starts after the last op read, seen or not. */
  g_mutex_lock (&self->lock);
  ok = fc_oplog_read_json (self->store, cursor, limit, FALSE, device->user_id ? visible : NULL, &v,
                           page, &n, &last, error);
  if (ok)
    *head = feed_head (self->store);
  g_mutex_unlock (&self->lock);
  if (!ok)
    return NULL;
  *next_cursor = last;
  return g_steal_pointer (&page);
}

/* ---- administration ---- */

/* A person by login or id; NULL with @error when there is none. */
static char *
resolve_user (SqliteStorage  *self,
              const char     *user,
              GError        **error)
{
  g_autoptr(FcCachedStmt) stmt = fc_store_cached (self->store, "SELECT id FROM person WHERE "
                                                               "login = ?1 OR id = ?1", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, user, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, FCS_ERROR, FCS_ERROR_NOT_FOUND,
                   _("There is no user “%s”; see “fieldcheck-server user list”"), user);
      return NULL;
    }
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static char *
sqlite_user_add (FcsStorage  *storage,
                 const char  *actor,
                 const char  *login,
                 const char  *name,
                 const char  *roles,
                 const char  *verifier,
                 GError     **error)
{
  SqliteStorage *self = (SqliteStorage *) storage;
  g_autoptr(FcOp) op = fc_op_new_insert ("person", NULL);
  g_autofree char *canonical = NULL;
  FcRoles parsed;
  gboolean ok;

  parsed = fc_roles_from_string (roles, error);
  if (parsed == 0)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, FCS_ERROR, FCS_ERROR_INVALID, _("Name at least one role"));
      return NULL;
    }
  canonical = fc_roles_to_string (parsed);

  LOCKED_TXN (self, error, ok, {
    g_autofree char *existing = resolve_user (self, login, NULL);
    g_autoptr(sqlite3_stmt) cred = NULL;

    if (existing != NULL)
      {
        g_set_error (error, FCS_ERROR, FCS_ERROR_INVALID, _("There is already a user “%s”"), login);
        ok = FALSE;
      }
    if (ok)
      {
        fc_op_set_string (op, "name", name);
        fc_op_set_string (op, "login", login);
        fc_op_set_string (op, "roles", canonical);
        fc_op_set_int (op, "disabled", 0);
        ok = fc_store_write (self->store, op, error);
      }
    if (ok && verifier != NULL)
      {
        cred = fc_store_prepare (self->store, "INSERT INTO fcs_credential (person_id, verifier, "
                                              "updated_at) VALUES (?, ?, ?)", error);
        ok = cred != NULL;
        if (ok)
          {
            sqlite3_bind_text (cred, 1, op->row_id, -1, SQLITE_STATIC);
            sqlite3_bind_text (cred, 2, verifier, -1, SQLITE_STATIC);
            sqlite3_bind_int64 (cred, 3, fcs_now_ms ());
            ok = step_done (self->store, cred, error);
          }
      }
    if (ok)
      ok = audit_admin (self, actor, "user_add", op->row_id, login, error);
  });
  return ok ? g_strdup (op->row_id) : NULL;
}

static gboolean
sqlite_user_disable (FcsStorage  *storage,
                     const char  *actor,
                     const char  *user,
                     GError     **error)
{
  SqliteStorage *self = (SqliteStorage *) storage;
  gboolean ok;

  LOCKED_TXN (self, error, ok, {
    g_autofree char *id = resolve_user (self, user, error);
    g_autoptr(FcOp) op = NULL;

    ok = id != NULL;
    if (ok)
      {
        op = fc_op_new_update ("person", id);
        fc_op_set_int (op, "disabled", 1);
        ok = fc_store_write (self->store, op, error) &&
             audit_admin (self, actor, "user_disable", id, user, error);
      }
  });
  return ok;
}

static JsonArray *
sqlite_user_list (FcsStorage  *storage,
                  GError     **error)
{
  SqliteStorage *self = (SqliteStorage *) storage;
  JsonArray *rows;

  g_mutex_lock (&self->lock);
  rows = fc_query_rows (self->store,
                        "SELECT p.id, p.login, p.name, p.roles, p.disabled, "
                        "(SELECT count (*) FROM fcs_credential c WHERE c.person_id = p.id) AS password, "
                        "(SELECT group_concat (a.facility_id || ':' || a.role) FROM assignment a "
                        " WHERE a.person_id = p.id AND a.retired = 0) AS facilities "
                        "FROM person p ORDER BY p.login, p.name", NULL, error);
  g_mutex_unlock (&self->lock);
  return rows;
}

static char *
sqlite_assign (FcsStorage  *storage,
               const char  *actor,
               const char  *user,
               const char  *facility,
               const char  *role,
               GError     **error)
{
  SqliteStorage *self = (SqliteStorage *) storage;
  g_autoptr(FcOp) op = fc_op_new_insert ("assignment", NULL);
  FcRoles parsed = fc_roles_from_string (role, error);
  gboolean ok;

  if (parsed == 0 || (parsed & (parsed - 1)) != 0)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, FCS_ERROR, FCS_ERROR_INVALID, _("Name exactly one role"));
      return NULL;
    }

  LOCKED_TXN (self, error, ok, {
    g_autofree char *person_id = resolve_user (self, user, error);
    g_autofree char *facility_id = NULL;
    g_autoptr(FcCachedStmt) find = NULL;

    ok = person_id != NULL;
    if (ok)
      {
        find = fc_store_cached (self->store, "SELECT id FROM facility WHERE id = ?1 OR name = ?1",
                                error);
        ok = find != NULL;
      }
    if (ok)
      {
        sqlite3_bind_text (find, 1, facility, -1, SQLITE_STATIC);
        if (sqlite3_step (find) == SQLITE_ROW)
          facility_id = g_strdup ((const char *) sqlite3_column_text (find, 0));
        else
          {
            g_set_error (error, FCS_ERROR, FCS_ERROR_NOT_FOUND,
                         _("There is no facility “%s” on the server"), facility);
            ok = FALSE;
          }
      }
    if (ok)
      {
        fc_op_set_string (op, "person_id", person_id);
        fc_op_set_string (op, "facility_id", facility_id);
        fc_op_set_string (op, "role", fc_role_to_string (parsed));
        fc_op_set_int (op, "retired", 0);
        ok = fc_store_write (self->store, op, error) &&
             audit_admin (self, actor, "assign", person_id, facility_id, error);
      }
  });
  return ok ? g_strdup (op->row_id) : NULL;
}

static gboolean
sqlite_token_add (FcsStorage  *storage,
                  const char  *actor,
                  const char  *token_hash,
                  const char  *user,
                  gint64       expires_at_ms,
                  GError     **error)
{
  SqliteStorage *self = (SqliteStorage *) storage;
  gboolean ok;

  LOCKED_TXN (self, error, ok, {
    g_autofree char *user_id = user ? resolve_user (self, user, error) : NULL;
    g_autoptr(sqlite3_stmt) add = NULL;

    ok = user == NULL || user_id != NULL;
    if (ok)
      {
        add = fc_store_prepare (self->store, "INSERT INTO fcs_enroll_token (token_hash, user_id, "
                                             "created_at, expires_at) VALUES (?, ?, ?, ?)", error);
        ok = add != NULL;
      }
    if (ok)
      {
        sqlite3_bind_text (add, 1, token_hash, -1, SQLITE_STATIC);
        sqlite3_bind_text (add, 2, user_id, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (add, 3, fcs_now_ms ());
        sqlite3_bind_int64 (add, 4, expires_at_ms);
        ok = step_done (self->store, add, error) &&
             audit_admin (self, actor, "enroll_token", user_id, NULL, error);
      }
  });
  return ok;
}

static JsonArray *
sqlite_device_list (FcsStorage  *storage,
                    GError     **error)
{
  SqliteStorage *self = (SqliteStorage *) storage;
  JsonArray *rows;

  g_mutex_lock (&self->lock);
  rows = fc_query_rows (self->store,
                        "SELECT d.id, d.name, p.login AS user, "
                        "datetime (d.enrolled_at / 1000, 'unixepoch') AS enrolled, "
                        "datetime (d.last_seen / 1000, 'unixepoch') AS last_seen, "
                        "CASE WHEN d.revoked_at IS NULL THEN 'active' ELSE 'revoked' END AS state "
                        "FROM fcs_device d LEFT JOIN person p ON p.id = d.user_id "
                        "ORDER BY d.enrolled_at", NULL, error);
  g_mutex_unlock (&self->lock);
  return rows;
}

static gboolean
sqlite_device_revoke (FcsStorage  *storage,
                      const char  *actor,
                      const char  *device_id,
                      GError     **error)
{
  SqliteStorage *self = (SqliteStorage *) storage;
  gboolean ok;

  LOCKED_TXN (self, error, ok, {
    g_autoptr(sqlite3_stmt) revoke = fc_store_prepare (self->store, "UPDATE fcs_device SET "
                                                       "revoked_at = ? WHERE id = ? "
                                                       "AND revoked_at IS NULL", error);

    ok = revoke != NULL;
    if (ok)
      {
        sqlite3_bind_int64 (revoke, 1, fcs_now_ms ());
        sqlite3_bind_text (revoke, 2, device_id, -1, SQLITE_STATIC);
        ok = step_done (self->store, revoke, error);
      }
    if (ok && sqlite3_changes (fc_store_get_db (self->store)) == 0)
      {
        g_set_error (error, FCS_ERROR, FCS_ERROR_NOT_FOUND,
                     _("There is no active device “%s”; see “fieldcheck-server devices list”"),
                     device_id);
        ok = FALSE;
      }
    if (ok)
      ok = audit_admin (self, actor, "device_revoke", device_id, NULL, error);
  });
  return ok;
}

static gint64
count (SqliteStorage *self,
       const char    *sql)
{
  g_autoptr(sqlite3_stmt) stmt = fc_store_prepare (self->store, sql, NULL);

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return -1;
  return sqlite3_column_int64 (stmt, 0);
}

static JsonObject *
sqlite_status (FcsStorage  *storage,
               GError     **error)
{
  SqliteStorage *self = (SqliteStorage *) storage;
  static const struct { const char *name; const char *sql; } counts[] = {
    { "ops", "SELECT count (*) FROM op_log" },
    { "head", "SELECT coalesce (max (seq), 0) FROM op_log" },
    { "devices", "SELECT count (*) FROM fcs_device WHERE revoked_at IS NULL" },
    { "devices_revoked", "SELECT count (*) FROM fcs_device WHERE revoked_at IS NOT NULL" },
    { "users", "SELECT count (*) FROM person WHERE disabled = 0" },
    { "facilities", "SELECT count (*) FROM facility" },
    { "hazards_open", "SELECT count (*) FROM hazard WHERE status <> 'closed'" },
    { "conflicts_unresolved", "SELECT count (*) FROM conflict WHERE resolved = 0" },
    { "quarantined", "SELECT count (*) FROM fcs_quarantine" },
  };
  g_autoptr(JsonObject) status = json_object_new ();
  gint64 entries = 0, broken = 0;
  gboolean ok;

  g_mutex_lock (&self->lock);
  json_object_set_string_member (status, "store", fc_store_get_path (self->store));
  json_object_set_string_member (status, "server_device", fc_store_get_device_id (self->store));
  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    json_object_set_int_member (status, counts[i].name, count (self, counts[i].sql));
  ok = fcs_audit_verify (self->store, &entries, &broken, error);
  g_mutex_unlock (&self->lock);
  if (!ok)
    return NULL;
  json_object_set_int_member (status, "audit_entries", entries);
  json_object_set_boolean_member (status, "audit_chain_intact", broken == 0);
  if (broken != 0)
    json_object_set_int_member (status, "audit_first_broken", broken);
  return g_steal_pointer (&status);
}

/* ---- opening ---- */

/* Called by SQLite after each commit, in the writer's thread. */
static int
wal_committed (void       *data,
               sqlite3    *db,
               const char *name,
               int         n_pages)
{
  SqliteStorage *self = data;

  if (n_pages >= CHECKPOINT_PAGES)
    {
      g_mutex_lock (&self->checkpoint_lock);
      self->checkpoint_wanted = TRUE;
      g_cond_signal (&self->checkpoint_cond);
      g_mutex_unlock (&self->checkpoint_lock);
    }
  return SQLITE_OK;
}

static gpointer
checkpoint_thread (gpointer data)
{
  SqliteStorage *self = data;
  g_autofree char *path = g_strdup (fc_store_get_path (self->store));
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    g_warning ("The checkpoint connection to %s failed: %s", path, sqlite3_errmsg (db));
  g_mutex_lock (&self->checkpoint_lock);
  for (;;)
    {
      while (!self->checkpoint_wanted && !self->checkpoint_stop)
        g_cond_wait (&self->checkpoint_cond, &self->checkpoint_lock);
      if (self->checkpoint_stop)
        break;
      self->checkpoint_wanted = FALSE;
      g_mutex_unlock (&self->checkpoint_lock);
      /* Passive: copies what no reader still needs, never waits for the writer. */
      if (db != NULL)
        sqlite3_wal_checkpoint_v2 (db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
      g_mutex_lock (&self->checkpoint_lock);
    }
  g_mutex_unlock (&self->checkpoint_lock);
  sqlite3_close (db);
  return NULL;
}

static void
sqlite_free (FcsStorage *storage)
{
  SqliteStorage *self = (SqliteStorage *) storage;

  g_mutex_lock (&self->checkpoint_lock);
  self->checkpoint_stop = TRUE;
  g_cond_signal (&self->checkpoint_cond);
  g_mutex_unlock (&self->checkpoint_lock);
  g_clear_pointer (&self->checkpointer, g_thread_join);
  /* The last connection to close checkpoints whatever is left. */
  g_clear_object (&self->store);
  g_mutex_clear (&self->checkpoint_lock);
  g_cond_clear (&self->checkpoint_cond);
  g_mutex_clear (&self->lock);
  g_free (self);
}

static const FcsStorageClass sqlite_class = {
  .free = sqlite_free,
  .enroll = sqlite_enroll,
  .authenticate = sqlite_authenticate,
  .push = sqlite_push,
  .pull = sqlite_pull,
  .user_add = sqlite_user_add,
  .user_disable = sqlite_user_disable,
  .user_list = sqlite_user_list,
  .assign = sqlite_assign,
  .token_add = sqlite_token_add,
  .device_list = sqlite_device_list,
  .device_revoke = sqlite_device_revoke,
  .status = sqlite_status,
};

static gboolean
import_checklists (FcStore  *store,
                   GError  **error)
{
  g_autoptr(GPtrArray) checklists = fc_checklists_load_builtin (error);

  if (checklists == NULL)
    return FALSE;
  for (guint i = 0; i < checklists->len; i++)
    {
      g_autofree char *id = fc_store_import_checklist (store, checklists->pdata[i], error);

      if (id == NULL)
        return FALSE;
    }
  return TRUE;
}

/**
 * fcs_storage_sqlite_open:
 * @data_dir: the server's data folder
 * @create: %TRUE to create it (init), %FALSE to open an existing one
 * @error: return location for an error
 *
 * Returns: (transfer full): the storage, or %NULL
 */
FcsStorage *
fcs_storage_sqlite_open (const char  *data_dir,
                         gboolean     create,
                         GError     **error)
{
  g_autofree char *path = g_build_filename (data_dir, "server.db", NULL);
  g_autoptr(FcStore) store = NULL;
  g_autofree char *version = NULL;
  SqliteStorage *self;

  if (create && g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, FCS_ERROR, FCS_ERROR_INVALID,
                   _("“%s” already holds a server; it was left untouched"), data_dir);
      return NULL;
    }
  if (!create && !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, FCS_ERROR, FCS_ERROR_NOT_FOUND,
                   _("“%s” holds no server data; run “fieldcheck-server init --data %s” first"),
                   data_dir, data_dir);
      return NULL;
    }
  if (g_mkdir_with_parents (data_dir, 0700) != 0)
    {
      g_set_error (error, FCS_ERROR, FCS_ERROR_FAILED, _("Cannot create the folder “%s”"), data_dir);
      return NULL;
    }

  store = fc_store_open (path, error);
  if (store == NULL)
    return NULL;
  version = fc_store_get_meta (store, "server_schema");
  if (!create && version == NULL)
    {
      g_set_error (error, FCS_ERROR, FCS_ERROR_INVALID,
                   _("“%s” is a device's database, not a server's"), path);
      return NULL;
    }
  /* The server's indexes grow with the district; a device's default cache of
   * 2 MiB made a batch read its pages back from the file: 15 % of the
   * server's CPU on a push of 100,000 ops, for 16 MiB more at most. */
  if (!fc_store_exec (store, "PRAGMA cache_size = -16384", error) ||
      !fc_store_begin (store, error))
    return NULL;
  if (!fc_store_exec (store, server_schema, error) ||
      !fcs_audit_create (store, error) ||
      (create && !import_checklists (store, error)) ||
      !fc_store_set_meta (store, "server_schema", SERVER_SCHEMA_VERSION, error) ||
      !fc_store_commit (store, error))
    {
      fc_store_rollback (store);
      return NULL;
    }

  self = g_new0 (SqliteStorage, 1);
  self->parent.klass = &sqlite_class;
  g_mutex_init (&self->lock);
  g_mutex_init (&self->checkpoint_lock);
  g_cond_init (&self->checkpoint_cond);
  self->store = g_steal_pointer (&store);
  /* Replaces SQLite's own checkpoint after a commit (wal_autocheckpoint). */
  sqlite3_wal_hook (fc_store_get_db (self->store), wal_committed, self);
  self->checkpointer = g_thread_new ("fcs-checkpoint", checkpoint_thread, self);
  return &self->parent;
}

/**
 * fcs_storage_sqlite_get_store:
 * @storage: a storage from fcs_storage_sqlite_open()
 *
 * For the administrative commands that work on the store itself (the demo
 * district, a check); never while the server runs.
 *
 * Returns: (transfer none): the server's store
 */
FcStore *
fcs_storage_sqlite_get_store (FcsStorage *storage)
{
  g_return_val_if_fail (storage->klass == &sqlite_class, NULL);
  return ((SqliteStorage *) storage)->store;
}
