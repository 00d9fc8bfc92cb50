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
#include "fc-sync-json.h"
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

/* A member that must be a whole number of at least 0. */
static gboolean
scan_count (FcJsonScan *s,
            gint64     *out)
{
  gboolean compound;
  g_autoptr(JsonNode) node = fc_json_scan_scalar (s, &compound);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (node);
  return *out >= 0;
}

/* @value's string into @out when it is one; NULL otherwise (json-glib's
 * get_string_member_with_default() gave the default for other types too). */
static void
set_str_dup (char     **out,
             JsonNode  *value)
{
  g_free (*out);
  *out = value != NULL && json_node_get_value_type (value) == G_TYPE_STRING
         ? json_node_dup_string (value) : NULL;
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
  g_autoptr(FcSyncReceipt) receipt = fc_sync_receipt_new ();
  /* Entries by outcome, put in the receipt once the whole text has been read. */
  GPtrArray *lists[G_N_ELEMENTS (outcome_names)] = { NULL };
  FcSyncReceipt *result = NULL;
  gboolean time_ok = FALSE, head_ok = FALSE, bad = FALSE, first = TRUE;
  FcJsonScan s;

  if (!fc_sync_json_check_limits (data, len, _("The receipt"), error))
    return NULL;
  fc_json_scan_init (&s, data, len);
  if (!fc_json_scan_begin (&s, '{'))
    goto not_object;
  while (fc_json_scan_next (&s, '}', &first))
    {
      g_autofree char *key = fc_json_scan_key (&s);
      gboolean compound, first_entry = TRUE;
      guint k;

      if (key == NULL)
        break;
      if (g_str_equal (key, "server_time"))
        time_ok = scan_count (&s, &receipt->server_time_ms);
      else if (g_str_equal (key, "head"))
        head_ok = scan_count (&s, &receipt->head);
      else
        {
          for (k = 0; k < G_N_ELEMENTS (outcome_names); k++)
            if (g_str_equal (key, outcome_names[k]))
              break;
          if (k == G_N_ELEMENTS (outcome_names))
            {
              fc_json_scan_skip (&s);
              continue;
            }
          g_clear_pointer (&lists[k], g_ptr_array_unref);
          lists[k] = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
          if (!fc_json_scan_peek (&s, '['))
            {
              g_clear_pointer (&lists[k], g_ptr_array_unref);
              fc_json_scan_skip (&s);
              continue;
            }
          fc_json_scan_begin (&s, '[');
          while (fc_json_scan_next (&s, ']', &first_entry))
            {
              g_autofree char *op = NULL;
              g_autofree char *code = NULL;
              g_autofree char *message = NULL;
              gboolean first_member = TRUE, seq_ok = FALSE;
              FcSyncReceiptEntry *entry;
              gint64 seq = 0;

              if (!fc_json_scan_peek (&s, '{'))
                {
                  bad = TRUE;
                  fc_json_scan_skip (&s);
                  continue;
                }
              fc_json_scan_begin (&s, '{');
              while (fc_json_scan_next (&s, '}', &first_member))
                {
                  g_autofree char *name = fc_json_scan_key (&s);
                  g_autoptr(JsonNode) value = NULL;

                  if (name == NULL)
                    break;
                  if (g_str_equal (name, "seq"))
                    {
                      seq_ok = scan_count (&s, &seq);
                      continue;
                    }
                  value = fc_json_scan_scalar (&s, &compound);
                  if (g_str_equal (name, "op"))
                    set_str_dup (&op, value);
                  else if (g_str_equal (name, "code"))
                    set_str_dup (&code, value);
                  else if (g_str_equal (name, "message"))
                    set_str_dup (&message, value);
                }
              if (op == NULL || !seq_ok)
                {
                  bad = TRUE;
                  continue;
                }
              entry = g_new0 (FcSyncReceiptEntry, 1);
              entry->op_id = g_steal_pointer (&op);
              entry->device_seq = seq;
              entry->outcome = (FcSyncOutcome) k;
              entry->code = code ? g_steal_pointer (&code) : g_strdup ("rejected");
              entry->message = message ? g_steal_pointer (&message) : g_strdup ("");
              g_ptr_array_add (lists[k], entry);
            }
        }
    }
  if (!fc_json_scan_finish (&s))
    goto not_object;
  if (!time_ok || !head_ok || bad)
    goto malformed;
  for (guint k = 0; k < G_N_ELEMENTS (outcome_names); k++)
    if (lists[k] == NULL)
      goto malformed;
  for (guint k = 0; k < G_N_ELEMENTS (outcome_names); k++)
    g_ptr_array_extend_and_steal (receipt->entries, g_steal_pointer (&lists[k]));
  result = g_steal_pointer (&receipt);
  goto out;

not_object:
  g_set_error (error, FC_ERROR, FC_ERROR_INVALID, _("%s from the server is not a JSON object"),
               _("The receipt"));
  goto out;
malformed:
  g_set_error (error, FC_ERROR, FC_ERROR_INVALID, _("The server's receipt is malformed"));
out:
  for (guint k = 0; k < G_N_ELEMENTS (outcome_names); k++)
    g_clear_pointer (&lists[k], g_ptr_array_unref);
  return result;
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
  g_autoptr(FcSyncPage) page = g_new0 (FcSyncPage, 1);
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(GError) op_error = NULL;
  gboolean next_ok = FALSE, head_ok = FALSE, time_ok = FALSE, first = TRUE;
  guint n_elements = 0;
  FcJsonScan s;

  if (!fc_sync_json_check_limits (data, len, _("The pull page"), error))
    return NULL;
  fc_json_scan_init (&s, data, len);
  if (!fc_json_scan_begin (&s, '{'))
    goto not_object;
  while (fc_json_scan_next (&s, '}', &first))
    {
      g_autofree char *key = fc_json_scan_key (&s);
      gboolean first_op = TRUE;

      if (key == NULL)
        break;
      if (g_str_equal (key, "next_cursor"))
        next_ok = scan_count (&s, &page->next_cursor);
      else if (g_str_equal (key, "head"))
        head_ok = scan_count (&s, &page->head);
      else if (g_str_equal (key, "server_time"))
        time_ok = scan_count (&s, &page->server_time_ms);
      else if (g_str_equal (key, "ops") && fc_json_scan_peek (&s, '['))
        {
          g_clear_pointer (&ops, g_ptr_array_unref);
          g_clear_error (&op_error);
          ops = g_ptr_array_new_with_free_func ((GDestroyNotify) fc_op_free);
          n_elements = 0;
          fc_json_scan_begin (&s, '[');
          while (fc_json_scan_next (&s, ']', &first_op))
            {
              FcOp *op;

              if (++n_elements > FC_SYNC_PULL_MAX_LIMIT || op_error != NULL)
                {
                  fc_json_scan_skip (&s);
                  continue;
                }
              op = fc_json_scan_op (&s, &op_error);
              if (op != NULL)
                g_ptr_array_add (ops, op);
            }
        }
      else
        {
          if (g_str_equal (key, "ops"))
            g_clear_pointer (&ops, g_ptr_array_unref);
          fc_json_scan_skip (&s);
        }
    }
  if (!fc_json_scan_finish (&s))
    goto not_object;
  if (ops == NULL || !next_ok || !head_ok || !time_ok)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID, _("The server's pull page is malformed"));
      return NULL;
    }
  if (n_elements > FC_SYNC_PULL_MAX_LIMIT)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID, _("The server's pull page holds too many ops"));
      return NULL;
    }
  if (op_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&op_error));
      return NULL;
    }
  page->ops = g_steal_pointer (&ops);
  return g_steal_pointer (&page);

not_object:
  g_set_error (error, FC_ERROR, FC_ERROR_INVALID, _("%s from the server is not a JSON object"),
               _("The pull page"));
  return NULL;
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
