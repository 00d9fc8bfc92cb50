/* fc-conflicts.c: concurrent writes to one field, kept for a person to resolve
 *
 * The merge (fc-store-write.c) keeps the later writer by (HLC, device) and
 * records both values in `conflict` when neither write saw the other. A person
 * resolves it by choosing a value, which is written as a new op through the
 * write API: it is newer than both sides and has seen them, so it wins on
 * every store it reaches, and there it shows the conflict as superseded.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fc-conflicts.h"
#include "fc-error.h"
#include "fc-op.h"
#include "fc-store-write.h"

static void
side_copy (FcConflictSide       *to,
           const FcConflictSide *from)
{
  to->value = g_strdup (from->value);
  to->op_id = g_strdup (from->op_id);
  to->hlc = from->hlc;
  to->device_id = g_strdup (from->device_id);
  to->user_id = g_strdup (from->user_id);
  to->user_name = g_strdup (from->user_name);
}

static void
side_clear (FcConflictSide *side)
{
  g_clear_pointer (&side->value, g_free);
  g_clear_pointer (&side->op_id, g_free);
  g_clear_pointer (&side->device_id, g_free);
  g_clear_pointer (&side->user_id, g_free);
  g_clear_pointer (&side->user_name, g_free);
}

/**
 * fc_conflict_copy:
 * @conflict: a conflict
 *
 * Returns: (transfer full): a deep copy of @conflict
 */
FcConflict *
fc_conflict_copy (const FcConflict *conflict)
{
  FcConflict *copy;

  g_return_val_if_fail (conflict != NULL, NULL);

  copy = g_new0 (FcConflict, 1);
  copy->id = conflict->id;
  copy->table = g_strdup (conflict->table);
  copy->row_id = g_strdup (conflict->row_id);
  copy->field = g_strdup (conflict->field);
  side_copy (&copy->kept, &conflict->kept);
  side_copy (&copy->other, &conflict->other);
  copy->detected_hlc = conflict->detected_hlc;
  copy->resolved = conflict->resolved;
  copy->superseded = conflict->superseded;
  return copy;
}

/**
 * fc_conflict_free:
 * @conflict: (nullable): a conflict
 */
void
fc_conflict_free (FcConflict *conflict)
{
  if (conflict == NULL)
    return;
  g_free (conflict->table);
  g_free (conflict->row_id);
  g_free (conflict->field);
  side_clear (&conflict->kept);
  side_clear (&conflict->other);
  g_free (conflict);
}

G_DEFINE_BOXED_TYPE (FcConflict, fc_conflict, fc_conflict_copy, fc_conflict_free)

/* The two sides' ops may be missing from the op-log (a store restored from a
 * copy); the conflict is still listed, with what is known. A later write
 * supersedes the conflict when it is neither side and its base covers both. */
#define SELECT_CONFLICTS                                                                  \
  "SELECT c.id, c.tbl, c.row_id, c.field, c.detected_hlc, c.resolved, "                   \
  "       c.kept_value, c.kept_op, ko.hlc, ko.device_id, ko.user_id, kp.name, "           \
  "       c.other_value, c.other_op, oo.hlc, oo.device_id, oo.user_id, op.name, "         \
  "       (fc.op_id IS NOT NULL AND fc.op_id NOT IN (c.kept_op, c.other_op) "             \
  "        AND coalesce (wo.base_hlc, 0) >= max (coalesce (ko.hlc, 0), coalesce (oo.hlc, 0))) " \
  "FROM conflict c "                                                                      \
  "LEFT JOIN op_log ko ON ko.op_id = c.kept_op "                                          \
  "LEFT JOIN person kp ON kp.id = ko.user_id "                                            \
  "LEFT JOIN op_log oo ON oo.op_id = c.other_op "                                         \
  "LEFT JOIN person op ON op.id = oo.user_id "                                            \
  "LEFT JOIN field_clock fc ON fc.tbl = c.tbl AND fc.row_id = c.row_id AND fc.field = c.field " \
  "LEFT JOIN op_log wo ON wo.op_id = fc.op_id "

static char *
column_text (sqlite3_stmt *stmt,
             int           col)
{
  if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, col));
}

static void
read_side (sqlite3_stmt   *stmt,
           int             col,
           FcConflictSide *side)
{
  side->value = column_text (stmt, col);
  side->op_id = column_text (stmt, col + 1);
  side->hlc = (FcHlc) sqlite3_column_int64 (stmt, col + 2);
  side->device_id = column_text (stmt, col + 3);
  side->user_id = column_text (stmt, col + 4);
  side->user_name = column_text (stmt, col + 5);
}

static FcConflict *
read_conflict (sqlite3_stmt *stmt)
{
  FcConflict *conflict = g_new0 (FcConflict, 1);

  conflict->id = sqlite3_column_int64 (stmt, 0);
  conflict->table = column_text (stmt, 1);
  conflict->row_id = column_text (stmt, 2);
  conflict->field = column_text (stmt, 3);
  conflict->detected_hlc = (FcHlc) sqlite3_column_int64 (stmt, 4);
  conflict->resolved = sqlite3_column_int (stmt, 5) != 0;
  read_side (stmt, 6, &conflict->kept);
  read_side (stmt, 12, &conflict->other);
  conflict->superseded = sqlite3_column_int (stmt, 18) != 0;
  return conflict;
}

/**
 * fc_conflicts_list:
 * @store: the store
 * @unresolved_only: leave out the conflicts a person resolved here
 * @error: return location for an error
 *
 * The conflicts this store recorded, oldest first, each with both values and
 * the HLC, device and user of the write that made each.
 *
 * Returns: (transfer full) (element-type FcConflict): the conflicts, or %NULL on error
 */
GPtrArray *
fc_conflicts_list (FcStore   *store,
                   gboolean   unresolved_only,
                   GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  int rc;

  g_return_val_if_fail (FC_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = fc_store_prepare (store, unresolved_only
                                  ? SELECT_CONFLICTS "WHERE c.resolved = 0 ORDER BY c.id"
                                  : SELECT_CONFLICTS "ORDER BY c.id", error);
  if (stmt == NULL)
    return NULL;
  conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) fc_conflict_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (conflicts, read_conflict (stmt));
  if (rc != SQLITE_DONE)
    {
      fc_store_set_sqlite_error (store, error, _("Could not read the conflicts"));
      return NULL;
    }
  return g_steal_pointer (&conflicts);
}

/**
 * fc_conflicts_count_open:
 * @store: the store
 * @error: return location for an error
 *
 * The conflicts that still wait for a person here: not resolved here, and
 * not settled since by a write that saw both values (a resolution made on
 * the server or another device). What a badge on the sync page counts.
 *
 * Returns: how many, or 0 with @error set
 */
guint
fc_conflicts_count_open (FcStore  *store,
                         GError  **error)
{
  g_autoptr(GPtrArray) conflicts = fc_conflicts_list (store, TRUE, error);
  guint open = 0;

  if (conflicts == NULL)
    return 0;
  for (guint i = 0; i < conflicts->len; i++)
    if (!((FcConflict *) conflicts->pdata[i])->superseded)
      open++;
  return open;
}

/**
 * fc_conflicts_get:
 * @store: the store
 * @conflict_id: the conflict's id
 * @error: return location for an error; %FC_ERROR_NOT_FOUND for an unknown id
 *
 * Returns: (transfer full): the conflict, or %NULL
 */
FcConflict *
fc_conflicts_get (FcStore  *store,
                  gint64    conflict_id,
                  GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (FC_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = fc_store_prepare (store, SELECT_CONFLICTS "WHERE c.id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, conflict_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return read_conflict (stmt);
  if (rc == SQLITE_DONE)
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, conflict_id);

      g_set_error (error, FC_ERROR, FC_ERROR_NOT_FOUND, _("There is no conflict %s"), id);
    }
  else
    fc_store_set_sqlite_error (store, error, _("Could not read the conflicts"));
  return NULL;
}

/* The value as one side's op wrote it, with its JSON type; NULL if unknown. */
static JsonNode *
side_node (FcStore    *store,
           const char *op_id,
           const char *field)
{
  g_autoptr(sqlite3_stmt) stmt = fc_store_prepare (store, "SELECT fields FROM op_log WHERE op_id = ?",
                                                   NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (stmt == NULL || op_id == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, op_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW ||
      !json_parser_load_from_data (parser, (const char *) sqlite3_column_text (stmt, 0), -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root) || !json_object_has_member (json_node_get_object (root), field))
    return NULL;
  return json_node_copy (json_object_get_member (json_node_get_object (root), field));
}

/* A value a person typed, given the type of the field's column. */
static JsonNode *
typed_node (FcStore     *store,
            const char  *table,
            const char  *field,
            const char  *text,
            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *type = NULL;
  JsonNode *node = json_node_alloc ();

  stmt = fc_store_prepare (store, "SELECT upper (type) FROM pragma_table_info (?) WHERE name = ?",
                           NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, field, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        type = column_text (stmt, 0);
    }

  if (type != NULL && strstr (type, "INT") != NULL)
    {
      gint64 number;

      if (!g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &number, NULL))
        {
          g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                       _("“%s” is not a whole number, which the field %s holds"), text, field);
          json_node_unref (node);
          return NULL;
        }
      return json_node_init_int (node, number);
    }
  if (type != NULL && (strstr (type, "REAL") != NULL || strstr (type, "NUM") != NULL))
    {
      char *end = NULL;
      double number = g_ascii_strtod (text, &end);

      if (*text == '\0' || end == NULL || *end != '\0')
        {
          g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                       _("“%s” is not a number, which the field %s holds"), text, field);
          json_node_unref (node);
          return NULL;
        }
      return json_node_init_double (node, number);
    }
  return json_node_init_string (node, text);
}

static gboolean
mark_resolved (FcStore           *store,
               const FcConflict  *conflict,
               GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = fc_store_prepare (store, "UPDATE conflict SET resolved = 1 WHERE tbl = ? AND row_id = ? "
                                  "AND field = ? AND resolved = 0", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, conflict->table, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, conflict->row_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, conflict->field, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      fc_store_set_sqlite_error (store, error, _("Could not mark the conflict resolved"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
resolve_in_transaction (FcStore     *store,
                        gint64       conflict_id,
                        const char  *chosen_value,
                        GError     **error)
{
  g_autoptr(FcConflict) conflict = fc_conflicts_get (store, conflict_id, error);
  g_autoptr(FcOp) op = NULL;
  JsonNode *value = NULL;

  if (conflict == NULL)
    return FALSE;
  if (conflict->resolved)
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, conflict_id);

      g_set_error (error, FC_ERROR, FC_ERROR_INVALID, _("Conflict %s is already resolved"), id);
      return FALSE;
    }

  if (chosen_value == NULL)
    value = json_node_init_null (json_node_alloc ());
  else if (g_strcmp0 (chosen_value, conflict->kept.value) == 0)
    value = side_node (store, conflict->kept.op_id, conflict->field);
  else if (g_strcmp0 (chosen_value, conflict->other.value) == 0)
    value = side_node (store, conflict->other.op_id, conflict->field);
  if (value == NULL &&
      (value = typed_node (store, conflict->table, conflict->field, chosen_value, error)) == NULL)
    return FALSE;

  op = fc_op_new_update (conflict->table, conflict->row_id);
  json_object_set_member (op->fields, conflict->field, value);
  return fc_store_write (store, op, error) && mark_resolved (store, conflict, error);
}

/**
 * fc_conflicts_resolve:
 * @store: the store, with the person who resolves signed in (fc_store_set_user())
 * @conflict_id: the conflict's id
 * @chosen_value: (nullable): the value the field keeps: one of the two sides'
 *   values or another one a person typed; %NULL clears the field
 * @error: return location for an error
 *
 * Writes @chosen_value to the conflict's field as a new op through the write
 * API, so that it syncs like any change and settles the field on every store,
 * and marks resolved every unresolved conflict of that field here. A side's
 * value keeps the type that side wrote; a typed value takes the column's type.
 * The write is checked like any other (a hazard's plan by its guards): on
 * refusal nothing changes.
 *
 * Returns: %TRUE when the choice is written
 */
gboolean
fc_conflicts_resolve (FcStore     *store,
                      gint64       conflict_id,
                      const char  *chosen_value,
                      GError     **error)
{
  g_return_val_if_fail (FC_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!fc_store_begin (store, error))
    return FALSE;
  if (!resolve_in_transaction (store, conflict_id, chosen_value, error))
    {
      fc_store_rollback (store);
      return FALSE;
    }
  return fc_store_commit (store, error);
}
