/* fcs-audit.c: the append-only audit log
 *
 * Every op the server receives (applied, conflicting, duplicate, rejected) and
 * every administrative action gets one entry, written in the same transaction
 * as what it records. Triggers refuse updates and deletes, and each entry
 * holds the SHA-256 of the previous entry's hash and its own content, so an
 * edit made around SQLite shows up in fcs_audit_verify().
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "fc-error.h"
#include "fcs-audit.h"

static const char schema[] =
  "CREATE TABLE IF NOT EXISTS fcs_audit ("
  "  seq        INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  at         INTEGER NOT NULL,"
  "  kind       TEXT NOT NULL,"
  "  actor      TEXT,"
  "  user_id    TEXT,"
  "  op_id      TEXT,"
  "  device_seq INTEGER,"
  "  tbl        TEXT,"
  "  row_id     TEXT,"
  "  outcome    TEXT NOT NULL,"
  "  code       TEXT,"
  "  message    TEXT,"
  "  hash       TEXT NOT NULL);"
  "CREATE TRIGGER IF NOT EXISTS fcs_audit_no_update BEFORE UPDATE ON fcs_audit BEGIN "
  "  SELECT RAISE (ABORT, 'fieldcheck-server: the audit log is append-only'); END;"
  "CREATE TRIGGER IF NOT EXISTS fcs_audit_no_delete BEFORE DELETE ON fcs_audit BEGIN "
  "  SELECT RAISE (ABORT, 'fieldcheck-server: the audit log is append-only'); END;";

gboolean
fcs_audit_create (FcStore  *store,
                  GError  **error)
{
  return fc_store_exec (store, schema, error);
}

static void
update (crypto_hash_sha256_state *sum,
        const char               *text,
        gsize                     len)
{
  crypto_hash_sha256_update (sum, (const unsigned char *) text, len);
}

/* One audit entry is hashed per pushed op: libsodium's SHA-256 on the stack,
 * without GChecksum's allocation and hex string, and with the same bytes. */
static char *
entry_hash (const char *previous,
            gint64      at,
            const char *const fields[9],
            gint64      device_seq)
{
  crypto_hash_sha256_state sum;
  guint8 digest[crypto_hash_sha256_BYTES];
  char *hex = g_malloc (2 * crypto_hash_sha256_BYTES + 1);
  char numbers[48];

  g_snprintf (numbers, sizeof numbers, "%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT, at, device_seq);

  crypto_hash_sha256_init (&sum);
  update (&sum, previous ? previous : "", previous ? strlen (previous) : 0);
  update (&sum, "\x1e", 1);
  update (&sum, numbers, strlen (numbers));
  for (guint i = 0; i < 9; i++)
    {
      /* A separator that cannot occur in text keeps ("ab", "c") apart from ("a", "bc"). */
      update (&sum, "\x1f", 1);
      if (fields[i] != NULL)
        update (&sum, fields[i], strlen (fields[i]));
      else
        update (&sum, "", 1);
    }
  crypto_hash_sha256_final (&sum, digest);
  for (guint i = 0; i < sizeof digest; i++)
    {
      hex[2 * i] = "0123456789abcdef"[digest[i] >> 4];
      hex[2 * i + 1] = "0123456789abcdef"[digest[i] & 0xf];
    }
  hex[2 * crypto_hash_sha256_BYTES] = '\0';
  return hex;
}

static char *
last_hash (FcStore *store)
{
  g_autoptr(FcCachedStmt) stmt = fc_store_cached (store, "SELECT hash FROM fcs_audit "
                                                          "ORDER BY seq DESC LIMIT 1", NULL);

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/**
 * fcs_audit_append_chained:
 * @store: the server's store, inside the transaction of what is recorded
 * @chain: the chain's head for this transaction, zero-initialised before the
 *   first entry and cleared with fcs_audit_chain_clear() after the last
 * @entry: what happened
 * @error: return location for an error
 *
 * Appends like fcs_audit_append(), but reads the previous hash only once per
 * transaction: a batch of thousands of ops writes thousands of entries.
 */
gboolean
fcs_audit_append_chained (FcStore              *store,
                          FcsAuditChain        *chain,
                          const FcsAuditEntry  *entry,
                          GError              **error)
{
  const char *const fields[9] = {
    entry->kind, entry->actor, entry->user_id, entry->op_id, entry->table, entry->row_id,
    entry->outcome, entry->code, entry->message,
  };
  gint64 at = g_get_real_time () / 1000;
  g_autofree char *hash = NULL;
  g_autoptr(FcCachedStmt) stmt = NULL;

  if (!chain->loaded)
    {
      g_free (chain->last_hash);
      chain->last_hash = last_hash (store);
      chain->loaded = TRUE;
    }
  hash = entry_hash (chain->last_hash, at, fields, entry->device_seq);
  stmt = fc_store_cached (store, "INSERT INTO fcs_audit (at, kind, actor, user_id, op_id, "
                                 "tbl, row_id, outcome, code, message, device_seq, hash) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, at);
  for (guint i = 0; i < 9; i++)
    sqlite3_bind_text (stmt, 2 + i, fields[i], -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 11, entry->device_seq);
  sqlite3_bind_text (stmt, 12, hash, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      fc_store_set_sqlite_error (store, error, _("Could not write the audit log"));
      /* What the failed insert left is unknown: read the head again next time. */
      chain->loaded = FALSE;
      return FALSE;
    }
  g_free (chain->last_hash);
  chain->last_hash = g_steal_pointer (&hash);
  return TRUE;
}

void
fcs_audit_chain_clear (FcsAuditChain *chain)
{
  g_clear_pointer (&chain->last_hash, g_free);
  chain->loaded = FALSE;
}

/**
 * fcs_audit_append:
 * @store: the server's store, inside the transaction of what is recorded
 * @entry: what happened
 * @error: return location for an error
 */
gboolean
fcs_audit_append (FcStore              *store,
                  const FcsAuditEntry  *entry,
                  GError              **error)
{
  FcsAuditChain chain = { 0 };
  gboolean ok = fcs_audit_append_chained (store, &chain, entry, error);

  fcs_audit_chain_clear (&chain);
  return ok;
}

/**
 * fcs_audit_verify:
 * @store: the server's store
 * @n_entries: (out): how many entries the log holds
 * @first_broken: (out): the first entry whose hash does not match, 0 when none
 * @error: return location for an error
 */
gboolean
fcs_audit_verify (FcStore  *store,
                  gint64   *n_entries,
                  gint64   *first_broken,
                  GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *previous = NULL;
  int rc;

  *n_entries = 0;
  *first_broken = 0;
  stmt = fc_store_prepare (store, "SELECT seq, at, kind, actor, user_id, op_id, tbl, row_id, "
                                  "outcome, code, message, device_seq, hash FROM fcs_audit "
                                  "ORDER BY seq", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *fields[9];
      g_autofree char *expected = NULL;

      for (guint i = 0; i < 9; i++)
        fields[i] = (const char *) sqlite3_column_text (stmt, 2 + i);
      expected = entry_hash (previous, sqlite3_column_int64 (stmt, 1), fields,
                             sqlite3_column_int64 (stmt, 11));
      if (*first_broken == 0 && g_strcmp0 (expected, (const char *) sqlite3_column_text (stmt, 12)) != 0)
        *first_broken = sqlite3_column_int64 (stmt, 0);
      g_free (previous);
      previous = g_strdup ((const char *) sqlite3_column_text (stmt, 12));
      (*n_entries)++;
    }
  if (rc != SQLITE_DONE)
    {
      fc_store_set_sqlite_error (store, error, _("Could not read the audit log"));
      return FALSE;
    }
  return TRUE;
}
