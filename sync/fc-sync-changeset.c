/* fc-sync-changeset.c: a batch of ops as it travels
 *
 * Parsing is defensive: whatever arrives is bounded in size, nesting, op count
 * and field length before json-glib sees it, and every op is checked for shape
 * (fc_op_from_json) before anything is applied.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fc-error.h"
#include "fc-oplog.h"
#include "fc-sync-changeset.h"
#include "fc-sync-json.h"

/**
 * fc_sync_changeset_from_outbox:
 * @store: the device's store
 * @max_ops: at most this many ops
 * @n_ops: (out) (optional): how many ops the changeset holds
 * @error: return location for an error
 *
 * Returns: (transfer full): the unacknowledged local ops as a changeset
 */
GBytes *
fc_sync_changeset_from_outbox (FcStore  *store,
                               guint     max_ops,
                               guint    *n_ops,
                               GError  **error)
{
  g_autoptr(GString) text = g_string_sized_new (64 * 1024);
  guint n = 0;

  /* The same text as fc_sync_changeset_to_bytes(), with each op's fields as logged. */
  g_string_append_printf (text, "{\"format\":%d,\"device\":", FC_SYNC_CHANGESET_FORMAT);
  fc_oplog_append_json_string (text, fc_store_get_device_id (store));
  g_string_append (text, ",\"ops\":[");
  if (!fc_oplog_read_json (store, 0, MIN (max_ops, FC_SYNC_MAX_OPS), TRUE, NULL, NULL, text, &n,
                           NULL, error))
    return NULL;
  g_string_append (text, "]}");
  if (n_ops != NULL)
    *n_ops = n;
  return g_string_free_to_bytes (g_steal_pointer (&text));
}

/**
 * fc_sync_changeset_to_bytes:
 * @device_id: the device that made the ops
 * @ops: (element-type FcOp): its ops, in its order
 *
 * Returns: (transfer full): the changeset as it travels
 */
GBytes *
fc_sync_changeset_to_bytes (const char *device_id,
                            GPtrArray  *ops)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  gsize len;
  char *text;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_int_value (b, FC_SYNC_CHANGESET_FORMAT);
  json_builder_set_member_name (b, "device");
  json_builder_add_string_value (b, device_id);
  json_builder_set_member_name (b, "ops");
  json_builder_begin_array (b);
  for (guint i = 0; i < ops->len; i++)
    json_builder_add_value (b, fc_op_to_json (ops->pdata[i]));
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, &len);
  return g_bytes_new_take (text, len);
}

/* Deepest nesting of objects and arrays, outside strings; stops early past the limit. */
static guint
json_depth (const char *data,
            gsize       len)
{
  guint depth = 0, deepest = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        {
          /* Not MAX (deepest, ++depth): the macro would count the bracket twice. */
          depth++;
          deepest = MAX (deepest, depth);
          if (deepest > FC_SYNC_MAX_JSON_DEPTH)
            return deepest;
        }
      else if ((c == '}' || c == ']') && depth > 0)
        depth--;
    }
  return deepest;
}

static gboolean
fields_within_limits (JsonObject *fields)
{
  g_autoptr(GList) members = json_object_get_members (fields);

  for (GList *l = members; l; l = l->next)
    {
      JsonNode *value = json_object_get_member (fields, l->data);

      if (json_node_get_value_type (value) == G_TYPE_STRING &&
          strlen (json_node_get_string (value)) > FC_SYNC_MAX_FIELD_BYTES)
        return FALSE;
    }
  return TRUE;
}

/**
 * fc_sync_json_check_limits:
 * @data: JSON text as received
 * @len: its length
 * @what: what it is, for the message (“The changeset”)
 * @error: set with %FC_ERROR_INVALID when it is too large, too deep or not UTF-8
 *
 * The checks that run before a parser sees anything received.
 */
gboolean
fc_sync_json_check_limits (const char  *data,
                           gsize        len,
                           const char  *what,
                           GError     **error)
{
  if (data == NULL || len == 0)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID, _("%s is empty"), what);
      return FALSE;
    }
  if (len > FC_SYNC_MAX_CHANGESET_BYTES)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                   _("%s is %lu bytes; at most %d are accepted"),
                   what, (unsigned long) len, FC_SYNC_MAX_CHANGESET_BYTES);
      return FALSE;
    }
  if (json_depth (data, len) > FC_SYNC_MAX_JSON_DEPTH)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID, _("%s is nested too deeply"), what);
      return FALSE;
    }
  if (!g_utf8_validate_len (data, len, NULL))
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID, _("%s is not UTF-8 text"), what);
      return FALSE;
    }
  return TRUE;
}

static gboolean
not_json (FcJsonScan  *s,
          const char  *data,
          GError     **error)
{
  g_set_error (error, FC_ERROR, FC_ERROR_INVALID, _("The changeset is not valid JSON (at byte %lu)"),
               (unsigned long) (s->p - data));
  return FALSE;
}

/**
 * fc_sync_changeset_parse:
 * @bytes: a changeset as received
 * @error: set with %FC_ERROR_INVALID and what is wrong with it
 *
 * Returns: (transfer full): the changeset, or %NULL when anything in it is malformed
 */
FcSyncChangeset *
fc_sync_changeset_parse (GBytes  *bytes,
                         GError **error)
{
  g_autoptr(FcSyncChangeset) changeset = NULL;
  g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify) fc_op_free);
  g_autoptr(GError) op_error = NULL;
  g_autofree char *device = NULL;
  gboolean format_ok = FALSE, ops_seen = FALSE, first = TRUE;
  guint n_elements = 0, first_bad = 0;
  FcJsonScan s;
  const char *data;
  gsize len;

  data = g_bytes_get_data (bytes, &len);
  if (!fc_sync_json_check_limits (data, len, _("The changeset"), error))
    return NULL;

  /* The whole text is read before anything in it is judged, so that a
   * malformed text is always reported as such. */
  fc_json_scan_init (&s, data, len);
  if (!fc_json_scan_peek (&s, '{'))
    {
      if (fc_json_scan_skip (&s) && fc_json_scan_finish (&s))
        g_set_error (error, FC_ERROR, FC_ERROR_INVALID, _("The changeset is not a JSON object"));
      else
        not_json (&s, data, error);
      return NULL;
    }
  s.p++;
  while (fc_json_scan_next (&s, '}', &first))
    {
      g_autofree char *key = fc_json_scan_key (&s);
      gboolean compound, first_op = TRUE;

      if (key == NULL)
        break;
      if (g_str_equal (key, "format"))
        {
          g_autoptr(JsonNode) format = fc_json_scan_scalar (&s, &compound);

          format_ok = format != NULL && json_node_get_value_type (format) == G_TYPE_INT64 &&
                      json_node_get_int (format) == FC_SYNC_CHANGESET_FORMAT;
        }
      else if (g_str_equal (key, "device"))
        {
          g_autoptr(JsonNode) node = fc_json_scan_scalar (&s, &compound);

          g_clear_pointer (&device, g_free);
          if (node != NULL && json_node_get_value_type (node) == G_TYPE_STRING)
            device = json_node_dup_string (node);
        }
      else if (g_str_equal (key, "ops") && fc_json_scan_peek (&s, '['))
        {
          ops_seen = TRUE;
          n_elements = first_bad = 0;
          g_ptr_array_set_size (ops, 0);
          g_clear_error (&op_error);
          fc_json_scan_begin (&s, '[');
          while (fc_json_scan_next (&s, ']', &first_op))
            {
              FcOp *op;

              if (++n_elements > FC_SYNC_MAX_OPS || op_error != NULL)
                {
                  fc_json_scan_skip (&s);
                  continue;
                }
              op = fc_json_scan_op (&s, &op_error);
              if (op != NULL)
                g_ptr_array_add (ops, op);
              else if (op_error != NULL)
                first_bad = n_elements;
            }
        }
      else
        {
          ops_seen &= !g_str_equal (key, "ops");
          fc_json_scan_skip (&s);
        }
    }
  if (!fc_json_scan_finish (&s))
    {
      not_json (&s, data, error);
      return NULL;
    }

  if (!format_ok)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                   _("The changeset is not of format %d; update Fieldcheck on both ends"),
                   FC_SYNC_CHANGESET_FORMAT);
      return NULL;
    }
  if (device == NULL || !ops_seen)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID, _("The changeset has no device or no ops"));
      return NULL;
    }
  if (n_elements > FC_SYNC_MAX_OPS)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                   _("The changeset holds %u ops; at most %d are accepted at once"),
                   n_elements, FC_SYNC_MAX_OPS);
      return NULL;
    }
  for (guint i = 0; i < ops->len; i++)
    {
      FcOp *op = ops->pdata[i];

      if (g_strcmp0 (op->device_id, device) != 0 || !fields_within_limits (op->fields))
        {
          g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                       _("Op %u of the changeset is from another device or has an oversized field"),
                       i + 1);
          return NULL;
        }
    }
  if (op_error != NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&op_error), _("Op %u of the changeset: "),
                                  first_bad);
      return NULL;
    }

  changeset = g_new0 (FcSyncChangeset, 1);
  changeset->device_id = g_steal_pointer (&device);
  changeset->ops = g_steal_pointer (&ops);
  return g_steal_pointer (&changeset);
}

void
fc_sync_changeset_free (FcSyncChangeset *changeset)
{
  if (changeset == NULL)
    return;
  g_free (changeset->device_id);
  g_clear_pointer (&changeset->ops, g_ptr_array_unref);
  g_free (changeset);
}
