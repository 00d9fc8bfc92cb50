/* fc-oplog.c: reading the op-log */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-error.h"
#include "fc-oplog.h"

/* Both readers' query; it takes the sequence number to read after, then the limit. */
static const char *
read_sql (gboolean unacked_local_only)
{
  return unacked_local_only
         ? "SELECT seq, op_id, device_id, device_seq, user_id, tbl, row_id, kind, "
           "fields, base_hlc, hlc FROM op_log WHERE seq > ? "
           "AND origin = 'local' AND acked = 0 ORDER BY seq LIMIT ?"
         : "SELECT seq, op_id, device_id, device_seq, user_id, tbl, row_id, kind, "
           "fields, base_hlc, hlc FROM op_log WHERE seq > ? ORDER BY seq LIMIT ?";
}

/**
 * fc_oplog_read:
 * @store: the store
 * @after_seq: read ops logged after this local sequence number
 * @limit: at most this many
 * @unacked_local_only: only this device's ops the server has not acknowledged
 * @last_seq: (out) (optional): the local sequence number of the last op read
 * @error: return location for an error
 *
 * Returns: (transfer full) (element-type FcOp): ops in the order they were logged
 */
GPtrArray *
fc_oplog_read (FcStore   *store,
               gint64     after_seq,
               guint      limit,
               gboolean   unacked_local_only,
               gint64    *last_seq,
               GError   **error)
{
  g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify) fc_op_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  int rc;

  stmt = fc_store_prepare (store, read_sql (unacked_local_only), error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, after_seq);
  sqlite3_bind_int64 (stmt, 2, limit);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FcOp *op = g_new0 (FcOp, 1);

      if (last_seq != NULL)
        *last_seq = sqlite3_column_int64 (stmt, 0);
      op->op_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      op->device_id = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      op->device_seq = sqlite3_column_int64 (stmt, 3);
      op->user_id = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      op->table = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      op->row_id = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
      op->kind = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 7), "insert") == 0
                 ? FC_OP_INSERT : FC_OP_UPDATE;
      op->base_hlc = (FcHlc) sqlite3_column_int64 (stmt, 9);
      op->hlc = (FcHlc) sqlite3_column_int64 (stmt, 10);
      g_ptr_array_add (ops, op);

      if (!json_parser_load_from_data (parser, (const char *) sqlite3_column_text (stmt, 8), -1, error) ||
          !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        {
          g_clear_error (error);
          g_set_error (error, FC_ERROR, FC_ERROR_CORRUPT, _("Op %s in the change log is damaged"),
                       op->op_id);
          return NULL;
        }
      op->fields = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
    }
  if (rc != SQLITE_DONE)
    {
      fc_store_set_sqlite_error (store, error, _("Cannot read the change log"));
      return NULL;
    }
  return g_steal_pointer (&ops);
}

/**
 * fc_oplog_append_json_string:
 * @out: where to append
 * @text: (nullable): UTF-8 text, or %NULL for JSON null
 *
 * Appends @text as a JSON string literal.
 */
void
fc_oplog_append_json_string (GString    *out,
                             const char *text)
{
  const char *run;

  if (text == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  g_string_append_c (out, '"');
  for (run = text; *text; text++)
    {
      guchar c = (guchar) *text;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;
      g_string_append_len (out, run, text - run);
      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default: g_string_append_printf (out, "\\u%04x", c);
        }
      run = text + 1;
    }
  g_string_append_len (out, run, text - run);
  g_string_append_c (out, '"');
}

/**
 * fc_oplog_read_json:
 * @store: the store
 * @after_seq: read ops logged after this local sequence number
 * @limit: read at most this many
 * @unacked_local_only: only this device's ops the server has not acknowledged
 * @filter: (nullable): which of the ops read go into @out
 * @filter_data: its data
 * @out: where each op goes as the JSON object of fc_op_to_json(), separated by commas
 * @n_ops: (out): how many ops went into @out
 * @last_seq: (out) (optional): the local sequence number of the last op read,
 *   whether it went into @out or not
 * @error: return location for an error
 *
 * Like fc_oplog_read(), for ops that only travel: the fields go out as they
 * were logged, never parsed and written again.
 */
gboolean
fc_oplog_read_json (FcStore        *store,
                    gint64          after_seq,
                    guint           limit,
                    gboolean        unacked_local_only,
                    FcOplogFilter   filter,
                    gpointer        filter_data,
                    GString        *out,
                    guint          *n_ops,
                    gint64         *last_seq,
                    GError        **error)
{
  g_autoptr(FcCachedStmt) stmt = NULL;
  int rc;

  *n_ops = 0;
  stmt = fc_store_cached (store, read_sql (unacked_local_only), error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, after_seq);
  sqlite3_bind_int64 (stmt, 2, limit);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *table = (const char *) sqlite3_column_text (stmt, 5);
      const char *row_id = (const char *) sqlite3_column_text (stmt, 6);
      const char *fields = (const char *) sqlite3_column_text (stmt, 8);
      int fields_len = sqlite3_column_bytes (stmt, 8);

      if (last_seq != NULL)
        *last_seq = sqlite3_column_int64 (stmt, 0);
      if (filter != NULL && !filter (table, row_id, filter_data))
        continue;
      /* Written by the write API from a JSON object; a row that is not one is damaged. */
      if (fields == NULL || fields_len < 2 || fields[0] != '{' || fields[fields_len - 1] != '}')
        {
          g_set_error (error, FC_ERROR, FC_ERROR_CORRUPT, _("Op %s in the change log is damaged"),
                       (const char *) sqlite3_column_text (stmt, 1));
          return FALSE;
        }
      if ((*n_ops)++ > 0)
        g_string_append_c (out, ',');
      g_string_append (out, "{\"op\":");
      fc_oplog_append_json_string (out, (const char *) sqlite3_column_text (stmt, 1));
      g_string_append (out, ",\"device\":");
      fc_oplog_append_json_string (out, (const char *) sqlite3_column_text (stmt, 2));
      g_string_append_printf (out, ",\"seq\":%" G_GINT64_FORMAT ",\"user\":",
                              (gint64) sqlite3_column_int64 (stmt, 3));
      fc_oplog_append_json_string (out, (const char *) sqlite3_column_text (stmt, 4));
      g_string_append (out, ",\"table\":");
      fc_oplog_append_json_string (out, table);
      g_string_append (out, ",\"row\":");
      fc_oplog_append_json_string (out, row_id);
      g_string_append (out, g_strcmp0 ((const char *) sqlite3_column_text (stmt, 7), "insert") == 0
                            ? ",\"kind\":\"insert\"" : ",\"kind\":\"update\"");
      g_string_append_printf (out, ",\"base\":%" G_GINT64_FORMAT ",\"hlc\":%" G_GINT64_FORMAT
                              ",\"fields\":", (gint64) sqlite3_column_int64 (stmt, 9),
                              (gint64) sqlite3_column_int64 (stmt, 10));
      g_string_append_len (out, fields, fields_len);
      g_string_append_c (out, '}');
    }
  if (rc != SQLITE_DONE)
    {
      fc_store_set_sqlite_error (store, error, _("Cannot read the change log"));
      return FALSE;
    }
  return TRUE;
}

/**
 * fc_oplog_count_outbox:
 * @store: the store
 *
 * Returns: how many of this device's ops wait for the server's acknowledgement
 */
gint64
fc_oplog_count_outbox (FcStore *store)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = fc_store_prepare (store, "SELECT count (*) FROM op_log WHERE origin = 'local' AND acked = 0",
                           NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return -1;
  return sqlite3_column_int64 (stmt, 0);
}
