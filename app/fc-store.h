/* fc-store.h: the SQLite store of one device or of the server */
#pragma once

#include <glib-object.h>
#include <sqlite3.h>

#include "fc-hlc.h"

G_BEGIN_DECLS

#define FC_TYPE_STORE (fc_store_get_type ())
G_DECLARE_FINAL_TYPE (FcStore, fc_store, FC, STORE, GObject)

/* PRAGMA application_id of a Fieldcheck database: "FCK1". */
#define FC_STORE_APPLICATION_ID 0x46434b31

FcStore     *fc_store_open              (const char   *path,
                                         GError      **error);
FcStore     *fc_store_open_full         (const char   *path,
                                         FcWallClock   wall,
                                         gpointer      wall_data,
                                         GError      **error);
int          fc_store_schema_version    (void);

sqlite3     *fc_store_get_db            (FcStore      *self);
const char  *fc_store_get_path          (FcStore      *self);
const char  *fc_store_get_device_id     (FcStore      *self);
FcHlcClock  *fc_store_get_clock         (FcStore      *self);

const char  *fc_store_get_user          (FcStore      *self);
void         fc_store_set_user          (FcStore      *self,
                                         const char   *user_id);

gboolean     fc_store_begin             (FcStore      *self,
                                         GError      **error);
gboolean     fc_store_commit            (FcStore      *self,
                                         GError      **error);
void         fc_store_rollback          (FcStore      *self);

gboolean     fc_store_exec              (FcStore      *self,
                                         const char   *sql,
                                         GError      **error);
sqlite3_stmt *fc_store_prepare          (FcStore      *self,
                                         const char   *sql,
                                         GError      **error);
sqlite3_stmt *fc_store_cached           (FcStore      *self,
                                         const char   *sql,
                                         GError      **error);
char        *fc_store_get_meta          (FcStore      *self,
                                         const char   *key);
gboolean     fc_store_set_meta          (FcStore      *self,
                                         const char   *key,
                                         const char   *value,
                                         GError      **error);

gboolean     fc_store_is_syncable_table (FcStore      *self,
                                         const char   *table);
gboolean     fc_store_has_column        (FcStore      *self,
                                         const char   *table,
                                         const char   *column);
gboolean     fc_store_is_insert_only    (const char   *table);

void         fc_store_set_sqlite_error  (FcStore      *self,
                                         GError      **error,
                                         const char   *what);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* A statement of the store's cache: reset, not finalized, when it goes out of scope. */
typedef sqlite3_stmt FcCachedStmt;

static inline void
fc_cached_stmt_release (FcCachedStmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcCachedStmt, fc_cached_stmt_release)

G_END_DECLS
