/* fc-op.c: ops and their JSON form */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fc-error.h"
#include "fc-ids.h"
#include "fc-op.h"

#define MAX_NAME_LEN 64

static FcOp *
op_new (const char *table,
        const char *row_id,
        FcOpKind    kind)
{
  FcOp *op = g_new0 (FcOp, 1);

  op->table = g_strdup (table);
  op->row_id = row_id ? g_strdup (row_id) : fc_id_new ();
  op->fresh_row = row_id == NULL;
  op->kind = kind;
  op->fields = json_object_new ();
  return op;
}

/**
 * fc_op_new_insert:
 * @table: a syncable table
 * @row_id: (nullable): the new row's UUID, or %NULL for a fresh one
 *
 * Returns: (transfer full): an op to fill with fields and hand to fc_store_write()
 */
FcOp *
fc_op_new_insert (const char *table,
                  const char *row_id)
{
  g_return_val_if_fail (table != NULL, NULL);
  return op_new (table, row_id, FC_OP_INSERT);
}

/**
 * fc_op_new_update:
 * @table: a syncable table
 * @row_id: the row to change
 *
 * Returns: (transfer full): an op to fill with the changed fields only
 */
FcOp *
fc_op_new_update (const char *table,
                  const char *row_id)
{
  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (row_id != NULL, NULL);
  return op_new (table, row_id, FC_OP_UPDATE);
}

void
fc_op_free (FcOp *op)
{
  if (op == NULL)
    return;
  g_free (op->op_id);
  g_free (op->device_id);
  g_free (op->user_id);
  g_free (op->table);
  g_free (op->row_id);
  g_clear_pointer (&op->fields, json_object_unref);
  g_free (op);
}

void
fc_op_set_string (FcOp       *op,
                  const char *field,
                  const char *value)
{
  g_return_if_fail (op != NULL && field != NULL);

  if (value == NULL)
    json_object_set_null_member (op->fields, field);
  else
    json_object_set_string_member (op->fields, field, value);
}

void
fc_op_set_int (FcOp       *op,
               const char *field,
               gint64      value)
{
  g_return_if_fail (op != NULL && field != NULL);
  json_object_set_int_member (op->fields, field, value);
}

void
fc_op_set_double (FcOp       *op,
                  const char *field,
                  double      value)
{
  g_return_if_fail (op != NULL && field != NULL);
  json_object_set_double_member (op->fields, field, value);
}

void
fc_op_set_null (FcOp       *op,
                const char *field)
{
  g_return_if_fail (op != NULL && field != NULL);
  json_object_set_null_member (op->fields, field);
}

gboolean
fc_op_has_field (const FcOp *op,
                 const char *field)
{
  return json_object_has_member (op->fields, field);
}

/* Returns: (nullable): the field as a string when it is one */
const char *
fc_op_get_string (const FcOp *op,
                  const char *field)
{
  JsonNode *node = json_object_get_member (op->fields, field);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

const char *
fc_op_kind_to_string (FcOpKind kind)
{
  return kind == FC_OP_INSERT ? "insert" : "update";
}

JsonNode *
fc_op_to_json (const FcOp *op)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "op");
  json_builder_add_string_value (b, op->op_id);
  json_builder_set_member_name (b, "device");
  json_builder_add_string_value (b, op->device_id);
  json_builder_set_member_name (b, "seq");
  json_builder_add_int_value (b, op->device_seq);
  json_builder_set_member_name (b, "user");
  if (op->user_id != NULL)
    json_builder_add_string_value (b, op->user_id);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "table");
  json_builder_add_string_value (b, op->table);
  json_builder_set_member_name (b, "row");
  json_builder_add_string_value (b, op->row_id);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, fc_op_kind_to_string (op->kind));
  json_builder_set_member_name (b, "base");
  json_builder_add_int_value (b, (gint64) op->base_hlc);
  json_builder_set_member_name (b, "hlc");
  json_builder_add_int_value (b, (gint64) op->hlc);
  json_builder_set_member_name (b, "fields");
  json_builder_add_value (b, json_node_init_object (json_node_alloc (), op->fields));
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static gboolean
is_plain_name (const char *s)
{
  if (s == NULL || *s == '\0' || strlen (s) > MAX_NAME_LEN)
    return FALSE;
  for (const char *p = s; *p; p++)
    if (!(g_ascii_isalnum (*p) || *p == '_' || *p == '-'))
      return FALSE;
  return TRUE;
}

static const char *
member_string (JsonObject *o,
               const char *name)
{
  JsonNode *node = json_object_get_member (o, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
member_int (JsonObject *o,
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
 * fc_op_from_json:
 * @node: an op as produced by fc_op_to_json()
 * @error: set with %FC_ERROR_INVALID naming the bad member
 *
 * Returns: (transfer full): the op, or %NULL
 */
FcOp *
fc_op_from_json (JsonNode  *node,
                 GError   **error)
{
  g_autoptr(FcOp) op = NULL;
  JsonObject *o;
  JsonNode *fields;
  const char *kind;
  gint64 seq, base, hlc;
  g_autoptr(GList) members = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID, _("An op is not a JSON object"));
      return NULL;
    }
  o = json_node_get_object (node);

#define BAD(member)                                                                 \
  G_STMT_START {                                                                    \
    g_set_error (error, FC_ERROR, FC_ERROR_INVALID,                                 \
                 _("An op has a missing or malformed “%s”"), member);               \
    return NULL;                                                                    \
  } G_STMT_END

  if (!is_plain_name (member_string (o, "table"))) BAD ("table");
  if (!is_plain_name (member_string (o, "row"))) BAD ("row");
  if (!is_plain_name (member_string (o, "op"))) BAD ("op");
  if (!is_plain_name (member_string (o, "device"))) BAD ("device");
  if (!member_int (o, "seq", &seq)) BAD ("seq");
  if (!member_int (o, "base", &base)) BAD ("base");
  if (!member_int (o, "hlc", &hlc)) BAD ("hlc");
  kind = member_string (o, "kind");
  if (g_strcmp0 (kind, "insert") != 0 && g_strcmp0 (kind, "update") != 0) BAD ("kind");
  fields = json_object_get_member (o, "fields");
  if (fields == NULL || !JSON_NODE_HOLDS_OBJECT (fields)) BAD ("fields");

  members = json_object_get_members (json_node_get_object (fields));
  for (GList *l = members; l; l = l->next)
    {
      JsonNode *value = json_object_get_member (json_node_get_object (fields), l->data);

      if (!is_plain_name (l->data) || g_str_equal (l->data, "id"))
        BAD ("fields");
      if (!JSON_NODE_HOLDS_VALUE (value) && !JSON_NODE_HOLDS_NULL (value))
        BAD ("fields");
    }
#undef BAD

  op = g_new0 (FcOp, 1);
  op->op_id = g_strdup (member_string (o, "op"));
  op->device_id = g_strdup (member_string (o, "device"));
  op->device_seq = seq;
  op->user_id = g_strdup (member_string (o, "user"));
  op->table = g_strdup (member_string (o, "table"));
  op->row_id = g_strdup (member_string (o, "row"));
  op->kind = g_str_equal (kind, "insert") ? FC_OP_INSERT : FC_OP_UPDATE;
  op->fields = json_object_ref (json_node_get_object (fields));
  op->base_hlc = (FcHlc) base;
  op->hlc = (FcHlc) hlc;
  return g_steal_pointer (&op);
}
