/* fc-store-write.c: every change to a syncable table goes through here
 *
 * A local change is stamped (op id, device, sequence, user, base HLC, HLC) and
 * then merged exactly like a remote op, so the device and the server run the
 * same code. The row, its field clocks and the op-log entry are written in one
 * transaction.
 *
 * Merge rules: insert-only tables never change after the insert; mutable fields
 * merge one by one, the last writer by (HLC, device id) wins, and a write that
 * did not see the write it races with is recorded in `conflict`. A hazard
 * moves only by a hazard event, which the state machine checks against this
 * store's own state of the hazard before anything is written.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fc-error.h"
#include "fc-hazards.h"
#include "fc-ids.h"
#include "fc-oplog.h"
#include "fc-sign-in.h"
#include "fc-store-private.h"
#include "fc-store-write.h"
#include "fc-whistle.h"

typedef struct
{
  FcHlc  hlc;
  char  *device_id;
} FieldClock;

/* The field of the clock an insert of a mutable row leaves: one row of
 * field_clock instead of one per field. Stores written before it have the
 * per-field rows, which read the same. */
#define INSERT_CLOCK "*"

static void
bind_json_value (sqlite3_stmt *stmt,
                 int           index,
                 JsonNode     *value)
{
  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    {
      sqlite3_bind_null (stmt, index);
      return;
    }
  switch (json_node_get_value_type (value))
    {
    case G_TYPE_STRING:
      sqlite3_bind_text (stmt, index, json_node_get_string (value), -1, SQLITE_TRANSIENT);
      break;
    case G_TYPE_INT64:
      sqlite3_bind_int64 (stmt, index, json_node_get_int (value));
      break;
    case G_TYPE_DOUBLE:
      sqlite3_bind_double (stmt, index, json_node_get_double (value));
      break;
    case G_TYPE_BOOLEAN:
      sqlite3_bind_int (stmt, index, json_node_get_boolean (value));
      break;
    default:
      sqlite3_bind_null (stmt, index);
    }
}

static char *
column_as_text (sqlite3_stmt *stmt,
                int           col)
{
  if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, col));
}

static char *
json_value_as_text (JsonNode *value)
{
  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return NULL;
  if (json_node_get_value_type (value) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (value));
  return json_to_string (value, FALSE);
}

static gboolean
check_fields (FcStore     *self,
              const FcOp  *op,
              GError     **error)
{
  JsonObjectIter iter;
  const char *name;

  if (!fc_store_is_syncable_table (self, op->table))
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                   _("“%s” is not a table that can be changed"), op->table);
      return FALSE;
    }

  if (json_object_get_size (op->fields) == 0)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID, _("A change to %s names no field"),
                   op->table);
      return FALSE;
    }
  json_object_iter_init (&iter, op->fields);
  while (json_object_iter_next (&iter, &name, NULL))
    if (g_str_equal (name, "id") || !fc_store_has_column (self, op->table, name))
      {
        g_set_error (error, FC_ERROR, FC_ERROR_INVALID, _("%s has no field “%s”"),
                     op->table, name);
        return FALSE;
      }
  return TRUE;
}

static gboolean
row_exists (FcStore     *self,
            const FcOp  *op,
            gboolean    *out_exists,
            GError     **error)
{
  g_autoptr(FcCachedStmt) stmt = NULL;
  char sql[128];
  int rc;

  /* A syncable table's name (check_fields()): short, and a hot path. */
  g_snprintf (sql, sizeof sql, "SELECT 1 FROM %s WHERE id = ?", op->table);
  stmt = fc_store_cached (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, op->row_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      fc_store_set_sqlite_error (self, error, _("Database error"));
      return FALSE;
    }
  *out_exists = rc == SQLITE_ROW;
  return TRUE;
}

static gboolean
is_duplicate (FcStore     *self,
              const FcOp  *op,
              gboolean    *out_duplicate,
              GError     **error)
{
  g_autoptr(FcCachedStmt) stmt = NULL;

  /* Two probes of unique indexes; the OR of both cost a row set per op. */
  stmt = fc_store_cached (self, "SELECT 1 FROM op_log WHERE op_id = ? UNION ALL "
                                 "SELECT 1 FROM op_log WHERE device_id = ? AND device_seq = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, op->op_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, op->device_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, op->device_seq);
  *out_duplicate = sqlite3_step (stmt) == SQLITE_ROW;
  return TRUE;
}

static gboolean
write_clock (FcStore     *self,
             const FcOp  *op,
             const char  *field,
             GError     **error)
{
  g_autoptr(FcCachedStmt) stmt = NULL;

  stmt = fc_store_cached (self, "INSERT INTO field_clock (tbl, row_id, field, hlc, device_id, op_id) "
                                 "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET "
                                 "hlc = excluded.hlc, device_id = excluded.device_id, "
                                 "op_id = excluded.op_id", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, op->table, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, op->row_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, field, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, (gint64) op->hlc);
  sqlite3_bind_text (stmt, 5, op->device_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, op->op_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      fc_store_set_sqlite_error (self, error, _("Could not record a change"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
insert_row (FcStore     *self,
            const FcOp  *op,
            GError     **error)
{
  g_autoptr(GList) members = json_object_get_members (op->fields);
  g_autoptr(GString) sql = g_string_sized_new (256);
  g_autoptr(FcCachedStmt) stmt = NULL;
  int n = 1;

  g_string_append (sql, "INSERT INTO ");
  g_string_append (sql, op->table);
  g_string_append (sql, " (id");
  for (GList *l = members; l; l = l->next)
    {
      g_string_append (sql, ", ");
      g_string_append (sql, l->data);
    }
  g_string_append (sql, ") VALUES (?");
  for (GList *l = members; l; l = l->next)
    g_string_append (sql, ", ?");
  g_string_append (sql, ")");

  stmt = fc_store_cached (self, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, n++, op->row_id, -1, SQLITE_STATIC);
  for (GList *l = members; l; l = l->next)
    bind_json_value (stmt, n++, json_object_get_member (op->fields, l->data));
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      fc_store_set_sqlite_error (self, error, _("Could not save"));
      return FALSE;
    }

  /* Insert-only rows never merge a field, so they need no field clocks. A
   * mutable row gets one for the whole insert, which stands for each field
   * the insert set until a later write of the field has its own
   * (read_clock()). */
  if (fc_store_is_insert_only (op->table))
    return TRUE;
  return write_clock (self, op, INSERT_CLOCK, error);
}

static gboolean
record_conflict (FcStore     *self,
                 const FcOp  *op,
                 const char  *field,
                 const char  *stored_value,
                 const char  *stored_op,
                 gboolean     op_wins,
                 GError     **error)
{
  g_autoptr(FcCachedStmt) stmt = NULL;
  g_autofree char *op_value = json_value_as_text (json_object_get_member (op->fields, field));

  if (g_strcmp0 (op_value, stored_value) == 0)
    return TRUE;

  stmt = fc_store_cached (self, "INSERT INTO conflict (tbl, row_id, field, kept_value, kept_op, "
                                 "other_value, other_op, detected_hlc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, op->table, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, op->row_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, field, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, op_wins ? op_value : stored_value, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, op_wins ? op->op_id : stored_op, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, op_wins ? stored_value : op_value, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, op_wins ? stored_op : op->op_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 8, (gint64) op->hlc);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      fc_store_set_sqlite_error (self, error, _("Could not record a conflict"));
      return FALSE;
    }
  self->conflicts_recorded++;
  return TRUE;
}

/* Who last wrote @field of the op's row: its own clock, or else the insert's
 * clock when the insert set the field (its op-log entry names it). A field
 * nobody wrote has no clock: the statement returned holds no row. */
static sqlite3_stmt *
read_clock (FcStore     *self,
            const FcOp  *op,
            const char  *field,
            GError     **error)
{
  g_autofree char *path = NULL;
  sqlite3_stmt *clock;

  clock = fc_store_cached (self, "SELECT hlc, device_id, op_id FROM field_clock "
                                  "WHERE tbl = ? AND row_id = ? AND field = ?", error);
  if (clock == NULL)
    return NULL;
  sqlite3_bind_text (clock, 1, op->table, -1, SQLITE_STATIC);
  sqlite3_bind_text (clock, 2, op->row_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (clock, 3, field, -1, SQLITE_STATIC);
  if (sqlite3_step (clock) == SQLITE_ROW)
    return clock;
  fc_cached_stmt_release (clock);

  path = g_strdup_printf ("$.\"%s\"", field);
  clock = fc_store_cached (self, "SELECT c.hlc, c.device_id, c.op_id FROM field_clock c "
                                  "JOIN op_log o ON o.op_id = c.op_id "
                                  "WHERE c.tbl = ? AND c.row_id = ? AND c.field = '" INSERT_CLOCK "' "
                                  "AND json_type (o.fields, ?) IS NOT NULL", error);
  if (clock == NULL)
    return NULL;
  sqlite3_bind_text (clock, 1, op->table, -1, SQLITE_STATIC);
  sqlite3_bind_text (clock, 2, op->row_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (clock, 3, path, -1, SQLITE_TRANSIENT);
  sqlite3_step (clock);
  return clock;
}

static gboolean
merge_field (FcStore     *self,
             const FcOp  *op,
             const char  *field,
             GError     **error)
{
  g_autoptr(FcCachedStmt) clock = NULL;
  g_autoptr(FcCachedStmt) current = NULL;
  g_autoptr(FcCachedStmt) update = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *stored_value = NULL;
  g_autofree char *stored_device = NULL;
  g_autofree char *stored_op = NULL;
  gboolean has_clock;
  FcHlc stored_hlc = 0;
  gboolean op_wins = TRUE;

  clock = read_clock (self, op, field, error);
  if (clock == NULL)
    return FALSE;
  has_clock = sqlite3_data_count (clock) > 0;
  if (has_clock)
    {
      int cmp;

      stored_hlc = (FcHlc) sqlite3_column_int64 (clock, 0);
      stored_device = column_as_text (clock, 1);
      stored_op = column_as_text (clock, 2);
      cmp = stored_hlc < op->hlc ? -1 : stored_hlc > op->hlc ? 1 :
            g_strcmp0 (stored_device, op->device_id);
      op_wins = cmp < 0;
    }

  if (has_clock && g_strcmp0 (stored_device, op->device_id) != 0 && stored_hlc > op->base_hlc)
    {
      /* Neither write saw the other: keep the winner, record both for a person. */
      sql = g_strdup_printf ("SELECT %s FROM %s WHERE id = ?", field, op->table);
      current = fc_store_cached (self, sql, error);
      if (current == NULL)
        return FALSE;
      sqlite3_bind_text (current, 1, op->row_id, -1, SQLITE_STATIC);
      if (sqlite3_step (current) == SQLITE_ROW)
        stored_value = column_as_text (current, 0);
      if (!record_conflict (self, op, field, stored_value, stored_op, op_wins, error))
        return FALSE;
      g_clear_pointer (&sql, g_free);
    }

  if (!op_wins)
    return TRUE;

  sql = g_strdup_printf ("UPDATE %s SET %s = ? WHERE id = ?", op->table, field);
  update = fc_store_cached (self, sql, error);
  if (update == NULL)
    return FALSE;
  bind_json_value (update, 1, json_object_get_member (op->fields, field));
  sqlite3_bind_text (update, 2, op->row_id, -1, SQLITE_STATIC);
  if (sqlite3_step (update) != SQLITE_DONE)
    {
      fc_store_set_sqlite_error (self, error, _("Could not save"));
      return FALSE;
    }
  return write_clock (self, op, field, error);
}

static void
append_field_json (JsonObject  *object,
                   const char  *name,
                   JsonNode    *value,
                   gpointer     data)
{
  GString *out = data;

  if (out->len > 1)
    g_string_append_c (out, ',');
  fc_oplog_append_json_string (out, name);
  g_string_append_c (out, ':');
  if (JSON_NODE_HOLDS_NULL (value))
    {
      g_string_append (out, "null");
      return;
    }
  switch (json_node_get_value_type (value))
    {
    case G_TYPE_STRING:
      fc_oplog_append_json_string (out, json_node_get_string (value));
      break;
    case G_TYPE_INT64:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (value));
      break;
    case G_TYPE_BOOLEAN:
      g_string_append (out, json_node_get_boolean (value) ? "true" : "false");
      break;
    case G_TYPE_DOUBLE:
      {
        char number[G_ASCII_DTOSTR_BUF_SIZE];

        /* Enough digits to read back the same double, and a point so it reads back as one. */
        g_ascii_formatd (number, sizeof number, "%.17g", json_node_get_double (value));
        g_string_append (out, number);
        if (strpbrk (number, ".eEn") == NULL)
          g_string_append (out, ".0");
      }
      break;
    default:
      g_string_append (out, "null");
    }
}

/* The op's fields as the op-log keeps them: a flat JSON object of scalars,
 * written directly; json-glib's generator cost a fifth of a merge. */
static char *
fields_to_json (JsonObject *fields)
{
  GString *out = g_string_sized_new (256);

  g_string_append_c (out, '{');
  json_object_foreach_member (fields, append_field_json, out);
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

static gboolean
append_op_log (FcStore     *self,
               const FcOp  *op,
               gboolean     local,
               GError     **error)
{
  g_autoptr(FcCachedStmt) stmt = NULL;
  g_autofree char *fields_json = fields_to_json (op->fields);

  stmt = fc_store_cached (self, "INSERT INTO op_log (op_id, device_id, device_seq, user_id, tbl, "
                                 "row_id, kind, fields, base_hlc, hlc, clock, origin, acked) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, op->op_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, op->device_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, op->device_seq);
  sqlite3_bind_text (stmt, 4, op->user_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, op->table, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, op->row_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, fc_op_kind_to_string (op->kind), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, fields_json, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 9, (gint64) op->base_hlc);
  sqlite3_bind_int64 (stmt, 10, (gint64) op->hlc);
  sqlite3_bind_int64 (stmt, 11, (gint64) self->clock.last);
  sqlite3_bind_text (stmt, 12, local ? "local" : "remote", -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 13, local ? 0 : 1);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      fc_store_set_sqlite_error (self, error, _("Could not record a change"));
      return FALSE;
    }
  return TRUE;
}

/* Writes fields that an op changes as a consequence (a hazard event moves its
 * hazard), stamped with that op's clock; the op-log holds only the op. */
static gboolean
apply_effects (FcStore     *self,
               const FcOp  *op,
               const char  *table,
               const char  *row_id,
               JsonObject  *effects,
               GError     **error)
{
  g_autoptr(GList) members = json_object_get_members (effects);
  FcOp target = *op;

  target.table = (char *) table;
  target.row_id = (char *) row_id;
  for (GList *l = members; l; l = l->next)
    {
      g_autofree char *sql = g_strdup_printf ("UPDATE %s SET %s = ? WHERE id = ?", table,
                                              (const char *) l->data);
      g_autoptr(FcCachedStmt) update = fc_store_cached (self, sql, error);

      if (update == NULL)
        return FALSE;
      bind_json_value (update, 1, json_object_get_member (effects, l->data));
      sqlite3_bind_text (update, 2, row_id, -1, SQLITE_STATIC);
      if (sqlite3_step (update) != SQLITE_DONE)
        {
          fc_store_set_sqlite_error (self, error, _("Could not save"));
          return FALSE;
        }
      if (!write_clock (self, &target, l->data, error))
        return FALSE;
    }
  return TRUE;
}

/* Merges one stamped op into the store; the caller holds the transaction. */
static gboolean
apply_op (FcStore        *self,
          const FcOp     *op,
          gboolean        local,
          FcApplyResult  *result,
          GError        **error)
{
  g_autoptr(GList) members = NULL;
  g_autoptr(JsonObject) effects = NULL;
  gboolean duplicate = FALSE;
  gboolean exists = FALSE;
  gboolean ok = TRUE;

  /* A local op is new by construction: fresh id, next sequence number. */
  if (!check_fields (self, op, error) || (!local && !is_duplicate (self, op, &duplicate, error)))
    return FALSE;
  if (duplicate)
    {
      *result = FC_APPLY_DUPLICATE;
      return TRUE;
    }

  if (!(local && op->fresh_row) && !row_exists (self, op, &exists, error))
    return FALSE;
  if (op->kind == FC_OP_UPDATE && !exists)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_NOT_FOUND, _("%s %s does not exist"),
                   op->table, op->row_id);
      return FALSE;
    }
  if (exists && fc_store_is_insert_only (op->table))
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                   _("%s %s is already recorded and never changes; record a new revision"),
                   op->table, op->row_id);
      return FALSE;
    }

  if (g_str_equal (op->table, "hazard") && !fc_hazards_check_op (self, op, exists, error))
    return FALSE;
  if (g_str_equal (op->table, "hazard_event") &&
      (effects = fc_hazards_event_effects (self, op, error)) == NULL)
    return FALSE;
  if (g_str_equal (op->table, "whistle_action") && !fc_whistle_check_action_op (self, op, error))
    return FALSE;

  self->op_context = g_strdup (op->op_id);
  if (!exists)
    ok = insert_row (self, op, error);
  else
    {
      members = json_object_get_members (op->fields);
      for (GList *l = members; ok && l; l = l->next)
        ok = merge_field (self, op, l->data, error);
    }
  if (ok && effects != NULL)
    ok = apply_effects (self, op, "hazard", fc_op_get_string (op, "hazard_id"), effects, error);
  g_clear_pointer (&self->op_context, g_free);

  if (!ok || !append_op_log (self, op, local, error))
    return FALSE;
  *result = FC_APPLY_APPLIED;
  return TRUE;
}

static FcHlc
row_base_hlc (FcStore    *self,
              const FcOp *op)
{
  g_autoptr(FcCachedStmt) stmt = NULL;

  stmt = fc_store_cached (self, "SELECT max (hlc) FROM field_clock WHERE tbl = ? AND row_id = ?",
                           NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, op->table, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, op->row_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return (FcHlc) sqlite3_column_int64 (stmt, 0);
}

/* A remote op merged straight into the caller's transaction, without a
 * savepoint of its own: a savepoint copies each page the op touches into its
 * journal first, a tenth of the server's CPU time per pushed op. Almost every
 * refusal comes before the first write; one that comes after leaves the
 * transaction spoiled, and the caller rolls it back (fc_store_merge_spoiled()). */
static gboolean
merge_unguarded (FcStore        *self,
                 FcOp           *op,
                 FcApplyResult  *result,
                 GError        **error)
{
  FcHlcClock clock = self->clock;
  sqlite3_int64 changes = sqlite3_total_changes64 (self->db);

  if (fc_hlc_receive (&self->clock, op->hlc, error) && apply_op (self, op, FALSE, result, error))
    return TRUE;
  self->clock = clock;
  if (sqlite3_total_changes64 (self->db) != changes)
    self->merge_spoiled = TRUE;
  return FALSE;
}

static gboolean
run_in_transaction (FcStore        *self,
                    FcOp           *op,
                    gboolean        local,
                    FcApplyResult  *result,
                    GError        **error)
{
  if (local && self->user_id == NULL && fc_sign_in_has_verifiers (self))
    {
      g_set_error_literal (error, FC_ERROR, FC_ERROR_GUARD,
                           _("Sign in first: on this device every change is made by a signed-in person"));
      return FALSE;
    }
  if (!local && self->txn_depth > 0 && !self->merge_savepoints)
    return merge_unguarded (self, op, result, error);
  if (!fc_store_begin (self, error))
    return FALSE;

  if (local)
    {
      g_free (op->op_id);
      op->op_id = fc_id_new ();
      g_free (op->device_id);
      op->device_id = g_strdup (self->device_id);
      g_free (op->user_id);
      op->user_id = g_strdup (self->user_id);
      op->device_seq = ++self->device_seq;
      op->base_hlc = op->kind == FC_OP_INSERT ? 0 : row_base_hlc (self, op);
      op->hlc = fc_hlc_now (&self->clock);
    }

  if ((!local && !fc_hlc_receive (&self->clock, op->hlc, error)) ||
      !apply_op (self, op, local, result, error))
    {
      fc_store_rollback (self);
      return FALSE;
    }
  return fc_store_commit (self, error);
}

/**
 * fc_store_write:
 * @store: the store
 * @op: a change made on this device; it is stamped in place
 * @error: return location for an error
 *
 * Writes the change and its op in one transaction: the store's own one when
 * none is open, the caller's (fc_store_begin()) otherwise. On failure nothing
 * of the change remains.
 *
 * Returns: %TRUE when the change is committed (or is part of the open transaction)
 */
gboolean
fc_store_write (FcStore  *store,
                FcOp     *op,
                GError  **error)
{
  FcApplyResult result;

  g_return_val_if_fail (FC_IS_STORE (store), FALSE);
  g_return_val_if_fail (op != NULL, FALSE);

  return run_in_transaction (store, op, TRUE, &result, error);
}

/**
 * fc_store_apply_remote:
 * @store: the store
 * @op: an op made on another device, as received
 * @result: (out): whether it was applied or had been applied before
 * @error: return location for an error
 *
 * Merges an op from another device or the server with the same rules as a
 * local write. An op whose HLC is too far ahead, that breaks a guard, or that
 * names an unknown table or field is refused and changes nothing.
 */
gboolean
fc_store_apply_remote (FcStore        *store,
                       FcOp           *op,
                       FcApplyResult  *result,
                       GError        **error)
{
  g_return_val_if_fail (FC_IS_STORE (store), FALSE);
  g_return_val_if_fail (op != NULL && op->op_id != NULL && op->device_id != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  return run_in_transaction (store, op, FALSE, result, error);
}

/* ---- undoing an op the server refused ---- */

/* The ops that still stand: a local op the server refused (acked 2) does not. */
#define STANDING "NOT (origin = 'local' AND acked = 2)"

/* Sets @field of the row to what the latest standing op wrote to it, by
 * (HLC, device), or to @initial (an SQL literal; %NULL: the column's
 * default) when no standing op did. */
static char *
column_default (FcStore    *self,
                const char *table,
                const char *field)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *text;

  stmt = fc_store_prepare (self, "SELECT dflt_value FROM pragma_table_info (?) WHERE name = ?", NULL);
  if (stmt == NULL)
    return g_strdup ("NULL");
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, field, -1, SQLITE_STATIC);
  /* A plain literal of the schema; an expression such as a time would not
   * be the state before. */
  if (sqlite3_step (stmt) != SQLITE_ROW || (text = (const char *) sqlite3_column_text (stmt, 0)) == NULL ||
      strchr (text, '(') != NULL)
    return g_strdup ("NULL");
  return g_strdup (text);
}

static gboolean
recompute_field (FcStore     *self,
                 const char  *table,
                 const char  *row_id,
                 const char  *field,
                 const char  *initial,
                 GError     **error)
{
  g_autofree char *path = g_strdup_printf ("$.\"%s\"", field);
  g_autofree char *sql = NULL;
  g_autoptr(sqlite3_stmt) latest = NULL;
  g_autoptr(sqlite3_stmt) update = NULL;
  int rc;

  latest = fc_store_prepare (self, "SELECT op_id, device_id, hlc, json_extract (fields, ?1) "
                                   "FROM op_log WHERE tbl = ?2 AND row_id = ?3 AND " STANDING " "
                                   "AND json_type (fields, ?1) IS NOT NULL "
                                   "ORDER BY hlc DESC, device_id DESC LIMIT 1", error);
  if (latest == NULL)
    return FALSE;
  sqlite3_bind_text (latest, 1, path, -1, SQLITE_STATIC);
  sqlite3_bind_text (latest, 2, table, -1, SQLITE_STATIC);
  sqlite3_bind_text (latest, 3, row_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (latest);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      fc_store_set_sqlite_error (self, error, _("Cannot read the change log"));
      return FALSE;
    }

  if (rc == SQLITE_ROW)
    sql = g_strdup_printf ("UPDATE %s SET %s = ? WHERE id = ?", table, field);
  else
    {
      g_autofree char *fallback = initial ? g_strdup (initial) : column_default (self, table, field);

      sql = g_strdup_printf ("UPDATE %s SET %s = %s WHERE id = ?", table, field, fallback);
    }
  update = fc_store_prepare (self, sql, error);
  if (update == NULL)
    return FALSE;
  if (rc == SQLITE_ROW)
    {
      sqlite3_bind_value (update, 1, sqlite3_column_value (latest, 3));
      sqlite3_bind_text (update, 2, row_id, -1, SQLITE_STATIC);
    }
  else
    sqlite3_bind_text (update, 1, row_id, -1, SQLITE_STATIC);
  if (sqlite3_step (update) != SQLITE_DONE)
    {
      fc_store_set_sqlite_error (self, error, _("Could not save"));
      return FALSE;
    }

  if (rc == SQLITE_ROW)
    {
      FcOp writer = {
        .table = (char *) table, .row_id = (char *) row_id,
        .op_id = (char *) sqlite3_column_text (latest, 0),
        .device_id = (char *) sqlite3_column_text (latest, 1),
        .hlc = (FcHlc) sqlite3_column_int64 (latest, 2),
      };

      return write_clock (self, &writer, field, error);
    }
  else
    {
      g_autoptr(FcCachedStmt) forget = fc_store_cached (self, "DELETE FROM field_clock WHERE tbl = ? "
                                                              "AND row_id = ? AND field = ?", error);

      if (forget == NULL)
        return FALSE;
      sqlite3_bind_text (forget, 1, table, -1, SQLITE_STATIC);
      sqlite3_bind_text (forget, 2, row_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (forget, 3, field, -1, SQLITE_STATIC);
      if (sqlite3_step (forget) != SQLITE_DONE)
        {
          fc_store_set_sqlite_error (self, error, _("Could not save"));
          return FALSE;
        }
      return TRUE;
    }
}

/* The fields only hazard events change (fc-hazards.c), as a new hazard has them. */
static const struct { const char *name; const char *initial; } hazard_lifecycle[] = {
  { "status", "'open'" }, { "status_note", "NULL" }, { "rectified_by", "NULL" },
  { "verifier_id", "NULL" }, { "verifier_org", "NULL" }, { "accepted_at", "NULL" },
  { "acceptance_outcome", "NULL" }, { "closed_at", "NULL" }, { "reopen_count", "0" },
};

static FcOp *
op_from_row (sqlite3_stmt  *stmt,
             GError       **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(FcOp) op = g_new0 (FcOp, 1);

  op->op_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  op->device_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  op->device_seq = sqlite3_column_int64 (stmt, 2);
  op->user_id = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  op->table = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  op->row_id = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
  op->kind = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 6), "insert") == 0
             ? FC_OP_INSERT : FC_OP_UPDATE;
  op->base_hlc = (FcHlc) sqlite3_column_int64 (stmt, 8);
  op->hlc = (FcHlc) sqlite3_column_int64 (stmt, 9);
  if (!json_parser_load_from_data (parser, (const char *) sqlite3_column_text (stmt, 7), -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, FC_ERROR, FC_ERROR_CORRUPT, _("Op %s in the change log is damaged"),
                   op->op_id);
      return NULL;
    }
  op->fields = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
  return g_steal_pointer (&op);
}

#define OP_COLUMNS "op_id, device_id, device_seq, user_id, tbl, row_id, kind, fields, base_hlc, hlc"

/* The hazard's status and the rest of its lifecycle, replayed from the start
 * through its standing events in the order this store applied them. An event
 * the state machine no longer allows after the replay moves nothing here; the
 * server decides it. */
static gboolean
recompute_hazard (FcStore     *self,
                  const char  *hazard_id,
                  GError     **error)
{
  g_autoptr(sqlite3_stmt) events = NULL;
  int rc;

  /* As its own insert left them, or as a new hazard has them. */
  for (guint i = 0; i < G_N_ELEMENTS (hazard_lifecycle); i++)
    if (!recompute_field (self, "hazard", hazard_id, hazard_lifecycle[i].name,
                          hazard_lifecycle[i].initial, error))
      return FALSE;

  events = fc_store_prepare (self, "SELECT " OP_COLUMNS " FROM op_log WHERE tbl = 'hazard_event' "
                                   "AND " STANDING " AND row_id IN (SELECT id FROM hazard_event "
                                   "WHERE hazard_id = ?) ORDER BY seq", error);
  if (events == NULL)
    return FALSE;
  sqlite3_bind_text (events, 1, hazard_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (events)) == SQLITE_ROW)
    {
      g_autoptr(FcOp) event = op_from_row (events, error);
      g_autoptr(JsonObject) effects = NULL;
      g_autoptr(GError) refusal = NULL;

      if (event == NULL)
        return FALSE;
      effects = fc_hazards_event_effects (self, event, &refusal);
      if (effects == NULL)
        {
          if (refusal->domain == FC_ERROR &&
              (refusal->code == FC_ERROR_GUARD || refusal->code == FC_ERROR_INVALID))
            continue;
          g_propagate_error (error, g_steal_pointer (&refusal));
          return FALSE;
        }
      if (!apply_effects (self, event, "hazard", hazard_id, effects, error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    {
      fc_store_set_sqlite_error (self, error, _("Cannot read the change log"));
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  char *table;
  char *row_id;
} RowRef;

static void
row_ref_free (RowRef *row)
{
  g_free (row->table);
  g_free (row->row_id);
  g_free (row);
}

/* Whether the server holds anything of the row: an op of it that the server
 * acknowledged or sent. Such a row stays; a row whose every op the server
 * refused or has not seen yet (and will refuse, its parent missing there)
 * exists on this device only. */
static gboolean
row_known_to_server (FcStore     *self,
                     const char  *table,
                     const char  *row_id,
                     gboolean    *out_known,
                     GError     **error)
{
  g_autoptr(FcCachedStmt) stmt = NULL;
  int rc;

  stmt = fc_store_cached (self, "SELECT 1 FROM op_log WHERE tbl = ? AND row_id = ? "
                                "AND (origin <> 'local' OR acked = 1) LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, row_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      fc_store_set_sqlite_error (self, error, _("Cannot read the change log"));
      return FALSE;
    }
  *out_known = rc == SQLITE_ROW;
  return TRUE;
}

/* Adds the row, after every row that refers to it (children first), to
 * @rows; *@out_kept is set when one of them must stay, and then none goes. */
static gboolean
collect_removable (FcStore     *self,
                   const char  *table,
                   const char  *row_id,
                   GPtrArray   *rows,
                   GHashTable  *seen,
                   gboolean    *out_kept,
                   GError     **error)
{
  g_autoptr(sqlite3_stmt) refs = NULL;
  g_autofree char *key = g_strconcat (table, "/", row_id, NULL);
  gboolean known = FALSE;
  RowRef *row;
  int rc;

  if (*out_kept || !g_hash_table_add (seen, g_steal_pointer (&key)))
    return TRUE;
  if (!fc_store_is_syncable_table (self, table))
    {
      *out_kept = TRUE;
      return TRUE;
    }
  if (!row_known_to_server (self, table, row_id, &known, error))
    return FALSE;
  if (known)
    {
      *out_kept = TRUE;
      return TRUE;
    }

  refs = fc_store_prepare (self, "SELECT m.name, f.\"from\" FROM sqlite_master m, "
                                 "pragma_foreign_key_list (m.name) f "
                                 "WHERE m.type = 'table' AND f.\"table\" = ?", error);
  if (refs == NULL)
    return FALSE;
  sqlite3_bind_text (refs, 1, table, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (refs)) == SQLITE_ROW)
    {
      const char *child_table = (const char *) sqlite3_column_text (refs, 0);
      g_autofree char *sql = g_strdup_printf ("SELECT id FROM %s WHERE %s = ?", child_table,
                                              (const char *) sqlite3_column_text (refs, 1));
      g_autoptr(sqlite3_stmt) children = fc_store_prepare (self, sql, error);
      int crc;

      if (children == NULL)
        return FALSE;
      sqlite3_bind_text (children, 1, row_id, -1, SQLITE_STATIC);
      while ((crc = sqlite3_step (children)) == SQLITE_ROW)
        if (!collect_removable (self, child_table, (const char *) sqlite3_column_text (children, 0),
                                rows, seen, out_kept, error))
          return FALSE;
      if (crc != SQLITE_DONE)
        {
          fc_store_set_sqlite_error (self, error, _("Database error"));
          return FALSE;
        }
    }
  if (rc != SQLITE_DONE)
    {
      fc_store_set_sqlite_error (self, error, _("Database error"));
      return FALSE;
    }
  row = g_new0 (RowRef, 1);
  row->table = g_strdup (table);
  row->row_id = g_strdup (row_id);
  g_ptr_array_add (rows, row);
  return TRUE;
}

/* Rows are never deleted (fc-store.c guards every syncable table): the one
 * exception, a row the server refused to create, lifts its table's guard for
 * its own DELETE and puts it back, inside the undo's transaction. */
static gboolean
delete_refused (FcStore     *self,
                const RowRef *row,
                GError     **error)
{
  g_autofree char *guard = g_strdup_printf ("fc_guard_delete_%s", row->table);
  g_autofree char *drop = g_strdup_printf ("DROP TRIGGER %s", guard);
  g_autofree char *sql = g_strdup_printf ("DELETE FROM %s WHERE id = ?", row->table);
  g_autofree char *guard_sql = NULL;
  g_autoptr(sqlite3_stmt) read = NULL;
  g_autoptr(sqlite3_stmt) remove = NULL;
  g_autoptr(FcCachedStmt) clocks = NULL;

  read = fc_store_prepare (self, "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", error);
  if (read == NULL)
    return FALSE;
  sqlite3_bind_text (read, 1, guard, -1, SQLITE_STATIC);
  if (sqlite3_step (read) == SQLITE_ROW)
    guard_sql = g_strdup ((const char *) sqlite3_column_text (read, 0));
  g_clear_pointer (&read, sqlite3_finalize);

  clocks = fc_store_cached (self, "DELETE FROM field_clock WHERE tbl = ? AND row_id = ?", error);
  if (clocks == NULL)
    return FALSE;
  sqlite3_bind_text (clocks, 1, row->table, -1, SQLITE_STATIC);
  sqlite3_bind_text (clocks, 2, row->row_id, -1, SQLITE_STATIC);
  if (sqlite3_step (clocks) != SQLITE_DONE)
    {
      fc_store_set_sqlite_error (self, error, _("Could not save"));
      return FALSE;
    }
  g_clear_pointer (&clocks, fc_cached_stmt_release);

  if (guard_sql != NULL && !fc_store_exec (self, drop, error))
    return FALSE;
  remove = fc_store_prepare (self, sql, error);
  if (remove == NULL)
    return FALSE;
  sqlite3_bind_text (remove, 1, row->row_id, -1, SQLITE_STATIC);
  if (sqlite3_step (remove) != SQLITE_DONE)
    {
      fc_store_set_sqlite_error (self, error, _("Could not save"));
      return FALSE;
    }
  g_clear_pointer (&remove, sqlite3_finalize);
  return guard_sql == NULL || fc_store_exec (self, guard_sql, error);
}

/* A refused insert of a mutable row: the row goes, as if never made, with the
 * rows that refer to it, which the server refused with it or will refuse.
 * Their ops stay in the op-log, refused or waiting, for the user to see. A
 * row the server knows stays. */
static gboolean
remove_refused_row (FcStore     *self,
                    const FcOp  *op,
                    gboolean    *out_removed,
                    GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_ref_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean kept = FALSE;

  *out_removed = FALSE;
  if (!collect_removable (self, op->table, op->row_id, rows, seen, &kept, error))
    return FALSE;
  if (kept)
    return TRUE;
  for (guint i = 0; i < rows->len; i++)
    if (!delete_refused (self, rows->pdata[i], error))
      return FALSE;
  *out_removed = TRUE;
  return TRUE;
}

static gboolean
undo_refused (FcStore     *self,
              const char  *op_id,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(FcOp) op = NULL;
  g_autoptr(GList) members = NULL;
  gboolean exists = FALSE;
  gboolean removed = FALSE;

  stmt = fc_store_prepare (self, "SELECT " OP_COLUMNS " FROM op_log WHERE op_id = ? "
                                 "AND origin = 'local' AND acked = 2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, op_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return TRUE;
  if ((op = op_from_row (stmt, error)) == NULL)
    return FALSE;
  /* No statement may be running while a guard is lifted (delete_refused()). */
  sqlite3_reset (stmt);

  /* A refused insert-only row stays, marked by its refused op; what it moved
   * is recomputed without it. */
  if (g_str_equal (op->table, "hazard_event"))
    {
      const char *hazard_id = fc_op_get_string (op, "hazard_id");
      FcOp hazard = { .table = (char *) "hazard", .row_id = (char *) hazard_id };

      if (hazard_id == NULL)
        return TRUE;
      if (!row_exists (self, &hazard, &exists, error))
        return FALSE;
      /* A hazard gone with its refused insert has no status to recompute. */
      return !exists || recompute_hazard (self, hazard_id, error);
    }
  if (fc_store_is_insert_only (op->table))
    return TRUE;
  if (!row_exists (self, op, &exists, error))
    return FALSE;
  /* Gone already, with a refused row it referred to. */
  if (!exists)
    return TRUE;
  /* A row the server knows, from another device too, stays as it is. */
  if (op->kind == FC_OP_INSERT)
    return remove_refused_row (self, op, &removed, error);

  members = json_object_get_members (op->fields);
  for (GList *l = members; l; l = l->next)
    {
      g_autoptr(FcCachedStmt) clock = NULL;
      gboolean written_by_op;

      if (!fc_store_has_column (self, op->table, l->data))
        continue;
      clock = fc_store_cached (self, "SELECT 1 FROM field_clock WHERE tbl = ? AND row_id = ? "
                                     "AND field = ? AND op_id = ?", error);
      if (clock == NULL)
        return FALSE;
      sqlite3_bind_text (clock, 1, op->table, -1, SQLITE_STATIC);
      sqlite3_bind_text (clock, 2, op->row_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (clock, 3, l->data, -1, SQLITE_STATIC);
      sqlite3_bind_text (clock, 4, op->op_id, -1, SQLITE_STATIC);
      written_by_op = sqlite3_step (clock) == SQLITE_ROW;
      sqlite3_reset (clock);
      /* A later write won the field already; the refused one left no trace there. */
      if (written_by_op && !recompute_field (self, op->table, op->row_id, l->data, NULL, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * fc_store_undo_refused:
 * @store: the store
 * @op_id: a local op the server refused, already marked so (acked = 2)
 * @error: return location for an error
 *
 * Takes back the local effect of an op the server refused: each field it set
 * goes back to the latest standing write of that field (or the row's state
 * before it), a refused hazard event no longer counts in its hazard's
 * status, and a refused new row (of a table whose rows change) is removed
 * with the rows that refer to it, unless the server knows one of them. The
 * op itself stays in the op-log, refused, for the user to see.
 */
gboolean
fc_store_undo_refused (FcStore     *store,
                       const char  *op_id,
                       GError     **error)
{
  gboolean ok;

  g_return_val_if_fail (FC_IS_STORE (store), FALSE);
  g_return_val_if_fail (op_id != NULL, FALSE);

  if (!fc_store_begin (store, error))
    return FALSE;
  store->op_context = g_strdup (op_id);
  ok = undo_refused (store, op_id, error);
  g_clear_pointer (&store->op_context, g_free);
  if (!ok)
    {
      fc_store_rollback (store);
      return FALSE;
    }
  return fc_store_commit (store, error);
}

/**
 * fc_store_set_merge_savepoints:
 * @store: the store
 * @savepoints: %FALSE to merge remote ops inside an open transaction without
 *   a savepoint each
 *
 * For a caller that applies many remote ops in one transaction and can roll
 * all of it back and apply it again: without savepoints a refused op that had
 * already written something spoils the transaction (see
 * fc_store_merge_spoiled()), and the caller must roll it back and apply the
 * ops again with savepoints. Each call clears that mark; savepoints stay
 * off until turned on again.
 */
void
fc_store_set_merge_savepoints (FcStore  *store,
                               gboolean  savepoints)
{
  g_return_if_fail (FC_IS_STORE (store));

  store->merge_savepoints = savepoints;
  store->merge_spoiled = FALSE;
}

/**
 * fc_store_merge_spoiled:
 * @store: the store
 *
 * Returns: %TRUE when an op refused while merges had no savepoints left part
 *   of its writes in the open transaction, which must be rolled back
 */
gboolean
fc_store_merge_spoiled (FcStore *store)
{
  g_return_val_if_fail (FC_IS_STORE (store), FALSE);
  return store->merge_spoiled;
}

/**
 * fc_store_get_conflicts_recorded:
 * @store: the store
 *
 * A counter of the conflicts this store object has recorded since it was
 * opened: an op that succeeded recorded one when the counter moved during its
 * merge. Cheaper than reading the conflict table after every op of a batch.
 *
 * Returns: the counter
 */
guint64
fc_store_get_conflicts_recorded (FcStore *store)
{
  g_return_val_if_fail (FC_IS_STORE (store), 0);
  return store->conflicts_recorded;
}

gint64
fc_store_count_conflicts (FcStore  *store,
                          gboolean  unresolved_only)
{
  g_autoptr(FcCachedStmt) stmt = NULL;

  g_return_val_if_fail (FC_IS_STORE (store), -1);

  stmt = fc_store_cached (store, unresolved_only ?
                                  "SELECT count (*) FROM conflict WHERE resolved = 0" :
                                  "SELECT count (*) FROM conflict", NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return -1;
  return sqlite3_column_int64 (stmt, 0);
}
