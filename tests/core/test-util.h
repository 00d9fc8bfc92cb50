/* test-util.h: scratch folders and stores for the core tests */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>

#include "fc-oplog.h"
#include "fc-store.h"
#include "fc-store-write.h"

static inline char *
test_scratch_path (const char *name)
{
  static char *dir = NULL;

  if (dir == NULL)
    {
      g_autoptr(GError) error = NULL;

      dir = g_dir_make_tmp ("fieldcheck-test-XXXXXX", &error);
      g_assert_no_error (error);
    }
  return g_build_filename (dir, name, NULL);
}

static inline gint64
test_fixed_wall (gpointer user_data)
{
  return *(gint64 *) user_data;
}

static inline gint64
test_count (FcStore    *store,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (fc_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static inline char *
test_text (FcStore    *store,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (fc_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return text;
}

/* Applies to @to every op logged in @from since @sent, as a sync would, and
 * moves @sent on; returns how many @to refused. */
static inline guint
test_copy_ops (FcStore *from,
               FcStore *to,
               gint64  *sent)
{
  g_autoptr(GPtrArray) ops = fc_oplog_read (from, *sent, 100000, FALSE, sent, NULL);
  guint refused = 0;

  g_assert_nonnull (ops);
  for (guint i = 0; i < ops->len; i++)
    {
      FcApplyResult result;
      g_autoptr(GError) error = NULL;

      if (!fc_store_apply_remote (to, ops->pdata[i], &result, &error))
        {
          g_test_message ("refused: %s", error->message);
          refused++;
        }
    }
  return refused;
}
