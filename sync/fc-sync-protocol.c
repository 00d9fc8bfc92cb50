/* fc-sync-protocol.c: receipts, pull pages and errors as JSON
 *
 * What the client reads from the server is bounded and checked like what the
 * server reads from a device: a server can be wrong, or not the server.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-error.h"
#include "fc-oplog.h"
#include "fc-sync-changeset.h"
#include "fc-sync-protocol.h"

static const char *const outcome_names[] = { "applied", "duplicate", "rejected" };

static void
entry_free (FcSyncReceiptEntry *entry)
{
  g_free (entry->op_id);
  g_free (entry->code);
  g_free (entry->message);
  g_free (entry);
}

FcSyncReceipt *
fc_sync_receipt_new (void)
{
  FcSyncReceipt *receipt = g_new0 (FcSyncReceipt, 1);

  receipt->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  return receipt;
}

void
fc_sync_receipt_free (FcSyncReceipt *receipt)
{
  if (receipt == NULL)
    return;
  g_ptr_array_unref (receipt->entries);
  g_free (receipt);
}

void
fc_sync_receipt_add (FcSyncReceipt *receipt,
                     const char    *op_id,
                     gint64         device_seq,
                     FcSyncOutcome  outcome,
                     const char    *code,
                     const char    *message)
{
  FcSyncReceiptEntry *entry = g_new0 (FcSyncReceiptEntry, 1);

  entry->op_id = g_strdup (op_id);
  entry->device_seq = device_seq;
  entry->outcome = outcome;
  entry->code = g_strdup (code);
  entry->message = g_strdup (message);
  g_ptr_array_add (receipt->entries, entry);
}

guint
fc_sync_receipt_count (FcSyncReceipt *receipt,
                       FcSyncOutcome  outcome)
{
  guint n = 0;

  for (guint i = 0; i < receipt->entries->len; i++)
    n += ((FcSyncReceiptEntry *) receipt->entries->pdata[i])->outcome == outcome;
  return n;
}

static char *
builder_to_text (JsonBuilder *b)
{
  g_autoptr(JsonNode) root = json_builder_get_root (b);

  return json_to_string (root, FALSE);
}

/**
 * fc_sync_receipt_to_json:
 * @receipt: the outcome of a push
 *
 * Returns: (transfer full): `{"applied": [...], "duplicate": [...],
 *   "rejected": [...], "server_time": ms, "head": cursor}`
 */
char *
fc_sync_receipt_to_json (FcSyncReceipt *receipt)
{
  GString *out = g_string_sized_new (128 + receipt->entries->len * 64);

  g_string_append_c (out, '{');
  for (guint o = 0; o < G_N_ELEMENTS (outcome_names); o++)
    {
      gboolean first = TRUE;

      g_string_append_printf (out, "\"%s\":[", outcome_names[o]);
      for (guint i = 0; i < receipt->entries->len; i++)
        {
          FcSyncReceiptEntry *entry = receipt->entries->pdata[i];

          if (entry->outcome != (FcSyncOutcome) o)
            continue;
          g_string_append (out, first ? "{\"op\":" : ",{\"op\":");
          first = FALSE;
          fc_oplog_append_json_string (out, entry->op_id);
          g_string_append_printf (out, ",\"seq\":%" G_GINT64_FORMAT, entry->device_seq);
          if (entry->outcome == FC_SYNC_OUTCOME_REJECTED)
            {
              g_string_append (out, ",\"code\":");
              fc_oplog_append_json_string (out, entry->code);
              g_string_append (out, ",\"message\":");
              fc_oplog_append_json_string (out, entry->message);
            }
          g_string_append_c (out, '}');
        }
      g_string_append (out, "],");
    }
  g_string_append_printf (out, "\"server_time\":%" G_GINT64_FORMAT ",\"head\":%" G_GINT64_FORMAT "}",
                          receipt->server_time_ms, receipt->head);
  return g_string_free (out, FALSE);
}

static JsonObject *
parse_object (JsonParser  *parser,
              const char  *data,
              gsize        len,
              const char  *what,
              GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (!fc_sync_json_check_limits (data, len, what, error))
    return NULL;
  if (!json_parser_load_from_data (parser, data, (gssize) len, &local_error) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID, _("%s from the server is not a JSON object"),
                   what);
      return NULL;
    }
  return json_node_get_object (root);
}

static gboolean
get_int (JsonObject *o,
         const char *name,
         gint64     *out)
{
  JsonNode *node = json_object_get_member (o, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (node);
  return *out >= 0;
}

/**
 * fc_sync_receipt_parse:
 * @data: a receipt as received
 * @len: its length
 * @error: set with %FC_ERROR_INVALID when it is malformed
 *
 * Returns: (transfer full): the receipt, or %NULL
 */
FcSyncReceipt *
fc_sync_receipt_parse (const char  *data,
                       gsize        len,
                       GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(FcSyncReceipt) receipt = fc_sync_receipt_new ();
  JsonObject *o = parse_object (parser, data, len, _("The receipt"), error);

  if (o == NULL)
    return NULL;
  if (!get_int (o, "server_time", &receipt->server_time_ms) || !get_int (o, "head", &receipt->head))
    goto bad;
  for (guint k = 0; k < G_N_ELEMENTS (outcome_names); k++)
    {
      JsonNode *list = json_object_get_member (o, outcome_names[k]);
      JsonArray *array;

      if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
        goto bad;
      array = json_node_get_array (list);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *node = json_array_get_element (array, i);
          JsonObject *e;
          gint64 seq;
          const char *op;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            goto bad;
          e = json_node_get_object (node);
          op = json_object_get_string_member_with_default (e, "op", NULL);
          if (op == NULL || !get_int (e, "seq", &seq))
            goto bad;
          fc_sync_receipt_add (receipt, op, seq, (FcSyncOutcome) k,
                               json_object_get_string_member_with_default (e, "code", "rejected"),
                               json_object_get_string_member_with_default (e, "message", ""));
        }
    }
  return g_steal_pointer (&receipt);

bad:
  g_set_error (error, FC_ERROR, FC_ERROR_INVALID, _("The server's receipt is malformed"));
  return NULL;
}

/**
 * fc_sync_page_to_json:
 * @ops: (element-type FcOp): the ops of the page
 * @next_cursor: where the next page starts
 * @head: the newest cursor
 * @server_time_ms: the server's clock
 *
 * Returns: (transfer full): the page as JSON
 */
char *
fc_sync_page_to_json (GPtrArray *ops,
                      gint64     next_cursor,
                      gint64     head,
                      gint64     server_time_ms)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "ops");
  json_builder_begin_array (b);
  for (guint i = 0; i < ops->len; i++)
    json_builder_add_value (b, fc_op_to_json (ops->pdata[i]));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "next_cursor");
  json_builder_add_int_value (b, next_cursor);
  json_builder_set_member_name (b, "head");
  json_builder_add_int_value (b, head);
  json_builder_set_member_name (b, "server_time");
  json_builder_add_int_value (b, server_time_ms);
  json_builder_end_object (b);
  return builder_to_text (b);
}

/**
 * fc_sync_page_wrap_json:
 * @ops_json: (transfer full): the page's ops as JSON objects separated by
 *   commas (fc_oplog_read_json())
 * @next_cursor: where the next page starts
 * @head: the newest cursor
 * @server_time_ms: the server's clock
 *
 * Returns: (transfer full): the page as JSON, the same as fc_sync_page_to_json()
 */
char *
fc_sync_page_wrap_json (GString *ops_json,
                        gint64   next_cursor,
                        gint64   head,
                        gint64   server_time_ms)
{
  g_string_prepend (ops_json, "{\"ops\":[");
  g_string_append_printf (ops_json, "],\"next_cursor\":%" G_GINT64_FORMAT ",\"head\":%" G_GINT64_FORMAT
                          ",\"server_time\":%" G_GINT64_FORMAT "}", next_cursor, head,
                          server_time_ms);
  return g_string_free (ops_json, FALSE);
}

void
fc_sync_page_free (FcSyncPage *page)
{
  if (page == NULL)
    return;
  g_clear_pointer (&page->ops, g_ptr_array_unref);
  g_free (page);
}

/**
 * fc_sync_page_parse:
 * @data: a pull page as received
 * @len: its length
 * @error: set with %FC_ERROR_INVALID when it or one of its ops is malformed
 *
 * Returns: (transfer full): the page, or %NULL
 */
FcSyncPage *
fc_sync_page_parse (const char  *data,
                    gsize        len,
                    GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(FcSyncPage) page = g_new0 (FcSyncPage, 1);
  JsonObject *o = parse_object (parser, data, len, _("The pull page"), error);
  JsonNode *list;
  JsonArray *array;

  if (o == NULL)
    return NULL;
  list = json_object_get_member (o, "ops");
  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list) ||
      !get_int (o, "next_cursor", &page->next_cursor) || !get_int (o, "head", &page->head) ||
      !get_int (o, "server_time", &page->server_time_ms))
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID, _("The server's pull page is malformed"));
      return NULL;
    }
  array = json_node_get_array (list);
  if (json_array_get_length (array) > FC_SYNC_PULL_MAX_LIMIT)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID, _("The server's pull page holds too many ops"));
      return NULL;
    }
  page->ops = g_ptr_array_new_with_free_func ((GDestroyNotify) fc_op_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      FcOp *op = fc_op_from_json (json_array_get_element (array, i), error);

      if (op == NULL)
        return NULL;
      g_ptr_array_add (page->ops, op);
    }
  return g_steal_pointer (&page);
}

/**
 * fc_sync_error_to_json:
 * @code: a stable word for programs
 * @message: a sentence for people
 *
 * Returns: (transfer full): `{"code": …, "message": …}`
 */
char *
fc_sync_error_to_json (const char *code,
                       const char *message)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, code);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  json_builder_end_object (b);
  return builder_to_text (b);
}

/**
 * fc_sync_error_parse:
 * @data: an error body as received
 * @len: its length
 * @code: (out) (transfer full): its code
 * @message: (out) (transfer full): its sentence
 *
 * Returns: %TRUE when @data is an error body
 */
gboolean
fc_sync_error_parse (const char  *data,
                     gsize        len,
                     char       **code,
                     char       **message)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *o = parse_object (parser, data, len, "error", NULL);
  const char *c, *m;

  if (o == NULL)
    return FALSE;
  c = json_object_get_string_member_with_default (o, "code", NULL);
  m = json_object_get_string_member_with_default (o, "message", NULL);
  if (c == NULL || m == NULL)
    return FALSE;
  *code = g_strdup (c);
  *message = g_strdup (m);
  return TRUE;
}
