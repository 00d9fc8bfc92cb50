/* fc-store.c: open, check and migrate the SQLite store
 *
 * A file that is not a Fieldcheck database, or is damaged, or was written by a
 * newer version, is refused before anything is written to it: the checks below
 * run on a connection that has not yet changed the journal mode or the schema.
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "fc-core-resources.h"
#include "fc-error.h"
#include "fc-store-private.h"

#define MIGRATIONS_PATH "/org/fieldcheck/Fieldcheck/migrations"

/* Tables written only through the write API; order is the order of creation. */
static const char *const syncable_tables[] = {
  "person", "facility", "assignment", "team", "team_member", "equipment",
  "checklist_template", "checklist_item", "inspection", "inspection_member",
  "section_owner", "signoff", "result", "hazard", "hazard_event", "photo",
  "photo_annotation", "lookback", "whistle_report", "whistle_action",
};

static const char *const insert_only_tables[] = {
  "signoff", "result", "hazard_event", "photo", "photo_annotation", "whistle_report",
  "whistle_action",
};

G_DEFINE_FINAL_TYPE (FcStore, fc_store, G_TYPE_OBJECT)

static gsize sqlite_configured;

static void
fc_store_finalize (GObject *object)
{
  FcStore *self = FC_STORE (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_clear_pointer (&self->columns, g_hash_table_unref);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->device_id, g_free);
  g_clear_pointer (&self->user_id, g_free);
  g_clear_pointer (&self->op_context, g_free);

  G_OBJECT_CLASS (fc_store_parent_class)->finalize (object);
}

static void
fc_store_class_init (FcStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fc_store_finalize;
}

/* The statement cache's keys are SQL texts of a hundred bytes and more, looked
 * up a dozen times per merged op: g_str_hash(), a byte at a time, was a
 * twentieth of a merge. This one reads eight bytes at a time. */
static guint
statement_hash (gconstpointer key)
{
  const char *s = key;
  gsize len = strlen (s);
  guint64 h = len * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  guint64 w;

  for (; len >= 8; s += 8, len -= 8)
    {
      memcpy (&w, s, 8);
      h = (h ^ w) * G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
      h ^= h >> 29;
    }
  w = 0;
  memcpy (&w, s, len);
  h = (h ^ w) * G_GUINT64_CONSTANT (0xc4ceb9fe1a85ec53);
  return (guint) (h ^ (h >> 32));
}

static void
fc_store_init (FcStore *self)
{
  self->columns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_hash_table_unref);
  self->statements = g_hash_table_new_full (statement_hash, g_str_equal, g_free,
                                            (GDestroyNotify) sqlite3_finalize);
  self->merge_savepoints = TRUE;
}

void
fc_store_set_sqlite_error (FcStore     *self,
                           GError     **error,
                           const char  *what)
{
  int code = sqlite3_extended_errcode (self->db);
  int fc_code;

  switch (code & 0xff)
    {
    case SQLITE_FULL:
      fc_code = FC_ERROR_DISK_FULL;
      break;
    case SQLITE_CORRUPT:
      fc_code = FC_ERROR_CORRUPT;
      break;
    case SQLITE_NOTADB:
      fc_code = FC_ERROR_NOT_A_STORE;
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      fc_code = FC_ERROR_BUSY;
      break;
    case SQLITE_CONSTRAINT:
      /* The change itself is wrong (a duplicate login, a missing parent), not the store. */
      fc_code = FC_ERROR_INVALID;
      break;
    default:
      fc_code = FC_ERROR_FAILED;
    }

  if (fc_code == FC_ERROR_DISK_FULL)
    g_set_error (error, FC_ERROR, fc_code,
                 _("The disk is full; nothing was saved. Free some space and try again."));
  else
    g_set_error (error, FC_ERROR, fc_code, "%s: %s", what, sqlite3_errmsg (self->db));
}

gboolean
fc_store_exec (FcStore     *self,
               const char  *sql,
               GError     **error)
{
  g_return_val_if_fail (FC_IS_STORE (self), FALSE);

  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      fc_store_set_sqlite_error (self, error, _("Database error"));
      return FALSE;
    }
  return TRUE;
}

sqlite3_stmt *
fc_store_prepare (FcStore     *self,
                  const char  *sql,
                  GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (FC_IS_STORE (self), NULL);

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      fc_store_set_sqlite_error (self, error, _("Database error"));
      return NULL;
    }
  return stmt;
}

/**
 * fc_store_cached:
 * @self: the store
 * @sql: one statement
 * @error: return location for an error
 *
 * Like fc_store_prepare(), but the statement is kept for the next call with
 * the same text. Hold it in a g_autoptr(FcCachedStmt), which resets it.
 *
 * Returns: (transfer none): the statement, or %NULL
 */
sqlite3_stmt *
fc_store_cached (FcStore     *self,
                 const char  *sql,
                 GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (FC_IS_STORE (self), NULL);

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    return stmt;
  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      fc_store_set_sqlite_error (self, error, _("Database error"));
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

static gboolean
step_cached (FcStore     *self,
             const char  *sql,
             GError     **error)
{
  g_autoptr(FcCachedStmt) stmt = fc_store_cached (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      fc_store_set_sqlite_error (self, error, _("Database error"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
query_int (FcStore     *self,
           const char  *sql,
           gint64      *out,
           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = fc_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      fc_store_set_sqlite_error (self, error, _("Database error"));
      return FALSE;
    }
  *out = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

char *
fc_store_get_meta (FcStore    *self,
                   const char *key)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (FC_IS_STORE (self), NULL);

  stmt = fc_store_prepare (self, "SELECT value FROM meta WHERE key = ?", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/**
 * fc_store_set_meta:
 * @self: the store
 * @key: the setting
 * @value: (nullable): its new value; %NULL removes the setting
 * @error: return location for an error
 *
 * Keeps one of the device's own settings (never synced).
 *
 * Returns: %TRUE when it is saved
 */
gboolean
fc_store_set_meta (FcStore     *self,
                   const char  *key,
                   const char  *value,
                   GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (FC_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (value == NULL)
    stmt = fc_store_prepare (self, "DELETE FROM meta WHERE key = ?", error);
  else
    stmt = fc_store_prepare (self, "INSERT INTO meta (key, value) VALUES (?, ?) "
                                   "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (value != NULL)
    sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      fc_store_set_sqlite_error (self, error, _("Could not save a setting"));
      return FALSE;
    }
  return TRUE;
}

/* g_ptr_array_sort() passes pointers to the elements. */
static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static GPtrArray *
list_migrations (void)
{
  g_auto(GStrv) names = g_resource_enumerate_children (fc_core_get_resource (), MIGRATIONS_PATH,
                                                       G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  GPtrArray *sorted = g_ptr_array_new_with_free_func (g_free);

  g_assert (names != NULL);
  for (guint i = 0; names[i] != NULL; i++)
    if (g_str_has_suffix (names[i], ".sql"))
      g_ptr_array_add (sorted, g_strdup (names[i]));
  g_ptr_array_sort (sorted, compare_names);
  return sorted;
}

/**
 * fc_store_schema_version:
 *
 * Returns: the schema version this build writes, the number of migrations
 */
int
fc_store_schema_version (void)
{
  g_autoptr(GPtrArray) migrations = list_migrations ();

  return (int) migrations->len;
}

static void
op_context_func (sqlite3_context  *ctx,
                 int               argc,
                 sqlite3_value   **argv)
{
  FcStore *self = sqlite3_user_data (ctx);

  if (self->op_context != NULL)
    sqlite3_result_text (ctx, self->op_context, -1, SQLITE_TRANSIENT);
  else
    sqlite3_result_null (ctx);
}

static gboolean
install_write_guards (FcStore  *self,
                      GError  **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (syncable_tables); i++)
    {
      const char *t = syncable_tables[i];
      g_autofree char *sql = NULL;

      sql = g_strdup_printf (
        "CREATE TRIGGER IF NOT EXISTS fc_guard_insert_%1$s BEFORE INSERT ON %1$s "
        "WHEN fc_op_context () IS NULL BEGIN "
        "SELECT RAISE (ABORT, 'fieldcheck: %1$s is written only through the write API'); END;"
        "CREATE TRIGGER IF NOT EXISTS fc_guard_update_%1$s BEFORE UPDATE ON %1$s "
        "WHEN fc_op_context () IS NULL OR %2$d BEGIN "
        "SELECT RAISE (ABORT, 'fieldcheck: %1$s rows are updated only through the write API; "
        "insert-only rows never change'); END;"
        "CREATE TRIGGER IF NOT EXISTS fc_guard_delete_%1$s BEFORE DELETE ON %1$s BEGIN "
        "SELECT RAISE (ABORT, 'fieldcheck: %1$s rows are never deleted'); END;",
        t, fc_store_is_insert_only (t) ? 1 : 0);
      if (!fc_store_exec (self, sql, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
migrate (FcStore  *self,
         gint64    from_version,
         GError  **error)
{
  g_autoptr(GPtrArray) migrations = list_migrations ();
  g_autofree char *set_version = NULL;

  if (from_version == (gint64) migrations->len)
    return TRUE;

  if (!fc_store_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  for (guint v = (guint) from_version; v < migrations->len; v++)
    {
      g_autofree char *path = g_build_path ("/", MIGRATIONS_PATH, migrations->pdata[v], NULL);
      g_autoptr(GBytes) sql = g_resource_lookup_data (fc_core_get_resource (), path,
                                                      G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
      g_autofree char *text = g_strndup (g_bytes_get_data (sql, NULL), g_bytes_get_size (sql));

      if (!fc_store_exec (self, text, error))
        {
          g_prefix_error (error, _("Could not upgrade the database to version %u: "), v + 1);
          fc_store_rollback (self);
          return FALSE;
        }
    }

  set_version = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %u;",
                                  FC_STORE_APPLICATION_ID, migrations->len);
  if (!install_write_guards (self, error) ||
      !fc_store_exec (self, set_version, error) ||
      !fc_store_exec (self, "COMMIT", error))
    {
      fc_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}

static gboolean
load_columns (FcStore  *self,
              GError  **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (syncable_tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("PRAGMA table_info (%s)", syncable_tables[i]);
      g_autoptr(sqlite3_stmt) stmt = fc_store_prepare (self, sql, error);
      GHashTable *columns;

      if (stmt == NULL)
        return FALSE;
      columns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_hash_table_add (columns, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
      g_hash_table_insert (self->columns, g_strdup (syncable_tables[i]), columns);
    }
  return TRUE;
}

/* The sequence and the clock are derived from the op-log, which is written in
 * the same transaction as every change: they survive any crash with it. */
static gboolean
load_identity (FcStore  *self,
               GError  **error)
{
  g_autofree char *device_id = fc_store_get_meta (self, "device_id");
  g_autofree char *offset = NULL;
  g_autoptr(sqlite3_stmt) seq = NULL;
  g_autoptr(sqlite3_stmt) hlc = NULL;

  if (device_id == NULL)
    {
      device_id = g_uuid_string_random ();
      if (!fc_store_set_meta (self, "device_id", device_id, error))
        return FALSE;
    }
  self->device_id = g_steal_pointer (&device_id);

  seq = fc_store_prepare (self, "SELECT coalesce (max (device_seq), 0) FROM op_log "
                                "WHERE device_id = ?", error);
  hlc = fc_store_prepare (self, "SELECT coalesce ((SELECT clock FROM op_log "
                                "ORDER BY seq DESC LIMIT 1), 0)", error);
  if (seq == NULL || hlc == NULL)
    return FALSE;
  sqlite3_bind_text (seq, 1, self->device_id, -1, SQLITE_STATIC);
  if (sqlite3_step (seq) != SQLITE_ROW || sqlite3_step (hlc) != SQLITE_ROW)
    {
      fc_store_set_sqlite_error (self, error, _("Cannot read the change log"));
      return FALSE;
    }
  self->device_seq = sqlite3_column_int64 (seq, 0);
  fc_hlc_clock_init (&self->clock, (FcHlc) sqlite3_column_int64 (hlc, 0),
                     self->wall, self->wall_data);
  /* The server's clock minus ours, measured at the last sync. */
  offset = fc_store_get_meta (self, "clock_offset_ms");
  if (offset != NULL)
    self->clock.offset_ms = g_ascii_strtoll (offset, NULL, 10);

  self->user_id = fc_store_get_meta (self, "user_id");
  if (self->user_id != NULL && *self->user_id == '\0')
    g_clear_pointer (&self->user_id, g_free);
  return TRUE;
}

/* Reads the first bytes without opening the file for writing. */
static gboolean
check_file_header (const char  *path,
                   gboolean    *out_empty,
                   GError     **error)
{
  static const char magic[16] = "SQLite format 3";
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GError) local_error = NULL;
  char header[16];
  gsize n = 0;

  in = g_file_read (file, NULL, &local_error);
  if (in == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        {
          *out_empty = TRUE;
          return TRUE;
        }
      g_set_error (error, FC_ERROR, FC_ERROR_FAILED, _("Cannot open “%s”: %s"),
                   path, local_error->message);
      return FALSE;
    }

  if (!g_input_stream_read_all (G_INPUT_STREAM (in), header, sizeof header, &n, NULL, &local_error))
    {
      g_set_error (error, FC_ERROR, FC_ERROR_FAILED, _("Cannot read “%s”: %s"),
                   path, local_error->message);
      return FALSE;
    }

  *out_empty = n == 0;
  if (n > 0 && (n < sizeof header || memcmp (header, magic, sizeof magic) != 0))
    {
      g_set_error (error, FC_ERROR, FC_ERROR_NOT_A_STORE,
                   _("“%s” is not a Fieldcheck database; it was left untouched"), path);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_identity (FcStore     *self,
                gboolean     new_file,
                gint64      *out_version,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gint64 app_id = 0;
  gint64 version = 0;
  gint64 n_tables = 0;

  if (!query_int (self, "PRAGMA application_id", &app_id, &local_error) ||
      !query_int (self, "PRAGMA user_version", &version, &local_error) ||
      !query_int (self, "SELECT count(*) FROM sqlite_schema", &n_tables, &local_error))
    {
      g_set_error (error, FC_ERROR, FC_ERROR_CORRUPT,
                   _("“%s” is damaged and cannot be opened; it was left untouched (%s)"),
                   self->path, local_error->message);
      return FALSE;
    }

  if (app_id != FC_STORE_APPLICATION_ID && !(app_id == 0 && n_tables == 0))
    {
      g_set_error (error, FC_ERROR, FC_ERROR_NOT_A_STORE,
                   _("“%s” is an SQLite database of another program, not Fieldcheck; "
                     "it was left untouched"), self->path);
      return FALSE;
    }

  if (version > fc_store_schema_version ())
    {
      g_set_error (error, FC_ERROR, FC_ERROR_TOO_NEW,
                   _("“%s” was written by a newer Fieldcheck (database version %ld, "
                     "this one reads up to %d); update Fieldcheck to open it"),
                   self->path, (long) version, fc_store_schema_version ());
      return FALSE;
    }

  *out_version = version;
  return TRUE;
}

/**
 * fc_store_open_full:
 * @path: the database file; created when it does not exist or is empty
 * @wall: (nullable): the wall clock for the HLC, %NULL for the system clock
 * @wall_data: data for @wall
 * @error: return location for an error
 *
 * Opens the store, refusing files that are not Fieldcheck databases, damaged
 * files and files of a newer schema without writing to them, then brings an
 * older schema up to date.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
FcStore *
fc_store_open_full (const char   *path,
                    FcWallClock   wall,
                    gpointer      wall_data,
                    GError      **error)
{
  g_autoptr(FcStore) self = NULL;
  gboolean empty = FALSE;
  gint64 version = 0;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;

  g_return_val_if_fail (path != NULL, NULL);

  /* SQLite counts its memory under a global mutex unless told not to, before
   * its first use: a merged op makes over a hundred allocations. Nothing here
   * reads the counters; a process that already used SQLite keeps them. */
  if (g_once_init_enter (&sqlite_configured))
    {
      sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
      g_once_init_leave (&sqlite_configured, 1);
    }

  if (!check_file_header (path, &empty, error))
    return NULL;
  if (empty)
    flags |= SQLITE_OPEN_CREATE;

  self = g_object_new (FC_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  self->wall = wall;
  self->wall_data = wall_data;

  if (sqlite3_open_v2 (path, &self->db, flags, NULL) != SQLITE_OK)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_FAILED, _("Cannot open “%s”: %s"), path,
                   self->db ? sqlite3_errmsg (self->db) : g_strerror (ENOMEM));
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, 5000);
  sqlite3_create_function (self->db, "fc_op_context", 0, SQLITE_UTF8 | SQLITE_INNOCUOUS,
                           self, op_context_func, NULL, NULL);

  if (!check_identity (self, empty, &version, error))
    return NULL;

  if (!fc_store_exec (self, "PRAGMA journal_mode = WAL", error) ||
      !fc_store_exec (self, "PRAGMA synchronous = FULL", error) ||
      /* Every write runs in a savepoint; its sub-journal in a temporary file
       * cost half the time of a merge (measured by bench/fc-bench-sync). */
      !fc_store_exec (self, "PRAGMA temp_store = MEMORY", error) ||
      !fc_store_exec (self, "PRAGMA foreign_keys = ON", error))
    return NULL;

  if (!migrate (self, version, error) ||
      !load_columns (self, error) ||
      !load_identity (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * fc_store_open:
 * @path: the database file
 * @error: return location for an error
 *
 * Returns: (transfer full): the store on the system clock, or %NULL
 */
FcStore *
fc_store_open (const char  *path,
               GError     **error)
{
  return fc_store_open_full (path, NULL, NULL, error);
}

sqlite3 *
fc_store_get_db (FcStore *self)
{
  g_return_val_if_fail (FC_IS_STORE (self), NULL);
  return self->db;
}

const char *
fc_store_get_path (FcStore *self)
{
  g_return_val_if_fail (FC_IS_STORE (self), NULL);
  return self->path;
}

const char *
fc_store_get_device_id (FcStore *self)
{
  g_return_val_if_fail (FC_IS_STORE (self), NULL);
  return self->device_id;
}

FcHlcClock *
fc_store_get_clock (FcStore *self)
{
  g_return_val_if_fail (FC_IS_STORE (self), NULL);
  return &self->clock;
}

const char *
fc_store_get_user (FcStore *self)
{
  g_return_val_if_fail (FC_IS_STORE (self), NULL);
  return self->user_id;
}

/**
 * fc_store_set_user:
 * @self: the store
 * @user_id: (nullable): the person acting on this device from now on
 *
 * Every op records the acting user. The choice is remembered in the store.
 */
void
fc_store_set_user (FcStore    *self,
                   const char *user_id)
{
  g_return_if_fail (FC_IS_STORE (self));

  g_free (self->user_id);
  self->user_id = g_strdup (user_id);
  fc_store_set_meta (self, "user_id", user_id ? user_id : "", NULL);
}

/* Another connection to the same file (the CLI while the app is open, the
 * sync thread's own) may have logged ops since this one last wrote. Under the
 * write lock of BEGIN IMMEDIATE the file is the truth: the next sequence
 * follows the last one logged for this device, and the clock never runs
 * behind the last one persisted. */
static gboolean
catch_up_with_file (FcStore  *self,
                    GError  **error)
{
  g_autoptr(FcCachedStmt) seq = NULL;
  g_autoptr(FcCachedStmt) hlc = NULL;
  FcHlc persisted;

  seq = fc_store_cached (self, "SELECT coalesce (max (device_seq), 0) FROM op_log "
                               "WHERE device_id = ?", error);
  if (seq == NULL)
    return FALSE;
  sqlite3_bind_text (seq, 1, self->device_id, -1, SQLITE_STATIC);
  if (sqlite3_step (seq) != SQLITE_ROW)
    {
      fc_store_set_sqlite_error (self, error, _("Cannot read the change log"));
      return FALSE;
    }
  self->device_seq = MAX (self->device_seq, sqlite3_column_int64 (seq, 0));
  sqlite3_reset (seq);

  hlc = fc_store_cached (self, "SELECT coalesce ((SELECT clock FROM op_log "
                               "ORDER BY seq DESC LIMIT 1), 0)", error);
  if (hlc == NULL)
    return FALSE;
  if (sqlite3_step (hlc) != SQLITE_ROW)
    {
      fc_store_set_sqlite_error (self, error, _("Cannot read the change log"));
      return FALSE;
    }
  persisted = (FcHlc) sqlite3_column_int64 (hlc, 0);
  self->clock.last = MAX (self->clock.last, persisted);
  return TRUE;
}

/**
 * fc_store_begin:
 * @self: the store
 * @error: return location for an error
 *
 * Opens a transaction, or a savepoint inside the one already open, so that
 * functions which group their writes can call each other.
 */
gboolean
fc_store_begin (FcStore  *self,
                GError  **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (FC_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->txn_depth < FC_STORE_MAX_TXN_DEPTH, FALSE);

  sql = self->txn_depth == 0 ? g_strdup ("BEGIN IMMEDIATE")
                             : g_strdup_printf ("SAVEPOINT fc_level_%d", self->txn_depth);
  if (!step_cached (self, sql, error))
    return FALSE;
  if (self->txn_depth == 0 && !catch_up_with_file (self, error))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  self->txn_clock[self->txn_depth] = self->clock;
  self->txn_device_seq[self->txn_depth] = self->device_seq;
  self->txn_depth++;
  return TRUE;
}

gboolean
fc_store_commit (FcStore  *self,
                 GError  **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (FC_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->txn_depth > 0, FALSE);

  sql = self->txn_depth == 1 ? g_strdup ("COMMIT")
                             : g_strdup_printf ("RELEASE fc_level_%d", self->txn_depth - 1);
  if (!step_cached (self, sql, error))
    {
      fc_store_rollback (self);
      return FALSE;
    }
  self->txn_depth--;
  return TRUE;
}

/**
 * fc_store_rollback:
 * @self: the store
 *
 * Undoes the innermost open transaction or savepoint, and rewinds the
 * in-memory clock and sequence with it.
 */
void
fc_store_rollback (FcStore *self)
{
  g_autofree char *sql = NULL;

  g_return_if_fail (FC_IS_STORE (self));

  if (self->txn_depth == 0)
    {
      if (!sqlite3_get_autocommit (self->db))
        sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return;
    }

  self->txn_depth--;
  self->clock = self->txn_clock[self->txn_depth];
  self->device_seq = self->txn_device_seq[self->txn_depth];
  if (self->txn_depth == 0)
    sql = g_strdup ("ROLLBACK");
  else
    sql = g_strdup_printf ("ROLLBACK TO fc_level_%1$d; RELEASE fc_level_%1$d", self->txn_depth);
  /* A failed COMMIT may already have ended the transaction. */
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, sql, NULL, NULL, NULL);
}

gboolean
fc_store_is_syncable_table (FcStore    *self,
                            const char *table)
{
  g_return_val_if_fail (FC_IS_STORE (self), FALSE);
  return table != NULL && g_hash_table_contains (self->columns, table);
}

gboolean
fc_store_has_column (FcStore    *self,
                     const char *table,
                     const char *column)
{
  GHashTable *columns;

  g_return_val_if_fail (FC_IS_STORE (self), FALSE);

  columns = g_hash_table_lookup (self->columns, table);
  return columns != NULL && column != NULL && g_hash_table_contains (columns, column);
}

gboolean
fc_store_is_insert_only (const char *table)
{
  for (guint i = 0; i < G_N_ELEMENTS (insert_only_tables); i++)
    if (g_strcmp0 (insert_only_tables[i], table) == 0)
      return TRUE;
  return FALSE;
}
