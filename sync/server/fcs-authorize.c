/* fcs-authorize.c: authorisation of every op against the server's own rows
 *
 * The rule (schemas/sync-protocol.md, "Authorisation"):
 *
 * - the op's user exists on the server and is not disabled;
 * - district tables (people, assignments, teams, checklists, new facilities)
 *   are written by admins only;
 * - a facility-scoped row is written by an admin, by the facility's area
 *   leader, or by a person assigned to that facility. The facility is found
 *   from the server's stored row *and* from what the op names, and both must
 *   pass, so an op cannot move a row out of, or into, a facility its user does
 *   not hold (OWASP API1, broken object-level authorisation).
 *
 * What the device claims about roles or facilities is never believed.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-types.h"
#include "fcs-authorize.h"
#include "fcs-error.h"

/* How a facility-scoped row reaches its facility. */
typedef struct
{
  const char *table;
  const char *column;   /* the column naming the parent */
  const char *parent;   /* the parent's table */
} Scope;

static const Scope scopes[] = {
  { "equipment", "facility_id", "facility" },
  { "inspection", "facility_id", "facility" },
  { "hazard", "facility_id", "facility" },
  { "inspection_member", "inspection_id", "inspection" },
  { "section_owner", "inspection_id", "inspection" },
  { "signoff", "inspection_id", "inspection" },
  { "result", "inspection_id", "inspection" },
  { "hazard_event", "hazard_id", "hazard" },
  { "photo", "attached_id", NULL },   /* the parent depends on attached_kind */
};

static const char *const district_tables[] = {
  "person", "assignment", "team", "team_member", "checklist_template", "checklist_item",
};

gboolean
fcs_authorize_is_district_table (const char *table)
{
  for (guint i = 0; i < G_N_ELEMENTS (district_tables); i++)
    if (g_strcmp0 (district_tables[i], table) == 0)
      return TRUE;
  return FALSE;
}

static const Scope *
scope_of (const char *table)
{
  for (guint i = 0; i < G_N_ELEMENTS (scopes); i++)
    if (g_str_equal (scopes[i].table, table))
      return &scopes[i];
  return NULL;
}

static const char *
photo_parent (const char *attached_kind)
{
  static const char *const kinds[][2] = {
    { "result", "result" }, { "hazard", "hazard" }, { "acceptance", "hazard" },
    { "signoff", "signoff" }, { "equipment", "equipment" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kinds[i][0], attached_kind) == 0)
      return kinds[i][1];
  return NULL;
}

/* One column of a stored row; NULL when the row or the value is absent. The
 * table and column names come from the tables above, never from the op. */
static char *
stored_text (FcStore    *store,
             const char *table,
             const char *column,
             const char *id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s WHERE id = ?", column, table);
  g_autoptr(FcCachedStmt) stmt = fc_store_cached (store, sql, NULL);

  if (stmt == NULL || id == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_type (stmt, 0) == SQLITE_NULL)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/* The facility a stored row belongs to, following parents; NULL when unknown. */
static char *
facility_of_row (FcStore    *store,
                 const char *table,
                 const char *id,
                 guint       depth)
{
  const Scope *scope;
  g_autofree char *parent_id = NULL;
  g_autofree char *kind = NULL;
  const char *parent;

  if (id == NULL || depth > 4)
    return NULL;
  if (g_str_equal (table, "facility"))
    {
      g_autofree char *found = stored_text (store, "facility", "id", id);

      return g_steal_pointer (&found);
    }
  scope = scope_of (table);
  if (scope == NULL)
    return NULL;
  parent = scope->parent;
  if (parent == NULL)
    {
      kind = stored_text (store, table, "attached_kind", id);
      parent = photo_parent (kind);
    }
  parent_id = stored_text (store, table, scope->column, id);
  if (parent == NULL || parent_id == NULL)
    return NULL;
  return facility_of_row (store, parent, parent_id, depth + 1);
}

static gboolean
user_holds_facility (FcStore    *store,
                     const char *user_id,
                     const char *facility_id)
{
  g_autoptr(FcCachedStmt) stmt = NULL;

  stmt = fc_store_cached (store, "SELECT 1 FROM assignment WHERE person_id = ?1 AND facility_id = ?2 "
                                 "AND retired = 0 UNION ALL SELECT 1 FROM facility WHERE id = ?2 "
                                 "AND area_leader_id = ?1", NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, user_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, facility_id, -1, SQLITE_STATIC);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

static gboolean
load_user (FcStore     *store,
           const char  *user_id,
           FcRoles     *roles,
           GError     **error)
{
  g_autoptr(FcCachedStmt) stmt = NULL;

  if (user_id == NULL)
    {
      g_set_error (error, FCS_ERROR, FCS_ERROR_UNKNOWN_USER,
                   _("The change names no user; sign in on the device and make it again"));
      return FALSE;
    }
  stmt = fc_store_cached (store, "SELECT roles, disabled FROM person WHERE id = ?", NULL);
  if (stmt == NULL)
    {
      g_set_error (error, FCS_ERROR, FCS_ERROR_FAILED, _("The server cannot read its users"));
      return FALSE;
    }
  sqlite3_bind_text (stmt, 1, user_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, FCS_ERROR, FCS_ERROR_UNKNOWN_USER,
                   _("The user %s is not known to the server; ask the bureau to add them"), user_id);
      return FALSE;
    }
  if (sqlite3_column_int (stmt, 1) != 0)
    {
      g_set_error (error, FCS_ERROR, FCS_ERROR_USER_DISABLED,
                   _("The user %s is disabled on the server; their changes are not accepted"),
                   user_id);
      return FALSE;
    }
  *roles = fc_roles_from_string ((const char *) sqlite3_column_text (stmt, 0), NULL);
  return TRUE;
}

/* Adds the facility the op names through its own fields. */
static gboolean
named_facility (FcStore     *store,
                const FcOp  *op,
                const Scope *scope,
                GPtrArray   *facilities,
                GError     **error)
{
  const char *parent = scope->parent;
  const char *parent_id = fc_op_get_string (op, scope->column);
  gboolean names_kind = parent == NULL && fc_op_has_field (op, "attached_kind");
  g_autofree char *stored_kind = NULL;
  g_autofree char *stored_parent = NULL;
  char *facility = NULL;

  /* An update that leaves the parent alone keeps the stored one, checked already. */
  if (op->kind == FC_OP_UPDATE && !fc_op_has_field (op, scope->column) && !names_kind)
    return TRUE;

  if (parent == NULL)
    {
      stored_kind = stored_text (store, op->table, "attached_kind", op->row_id);
      parent = photo_parent (names_kind ? fc_op_get_string (op, "attached_kind") : stored_kind);
      if (!fc_op_has_field (op, scope->column))
        parent_id = stored_parent = stored_text (store, op->table, scope->column, op->row_id);
    }
  if (parent != NULL && parent_id != NULL)
    facility = facility_of_row (store, parent, parent_id, 0);
  if (facility == NULL)
    {
      g_set_error (error, FCS_ERROR, FCS_ERROR_UNKNOWN_PARENT,
                   _("The record this %s belongs to is not on the server"), op->table);
      return FALSE;
    }
  g_ptr_array_add (facilities, facility);
  return TRUE;
}

/**
 * fcs_authorize_op:
 * @store: the server's store, in the batch's transaction
 * @op: an op as received
 * @error: set in %FCS_ERROR with the reason, a sentence for the device's user
 *
 * Returns: %TRUE when the op's user may make the change
 */
gboolean
fcs_authorize_op (FcStore     *store,
                  const FcOp  *op,
                  GError     **error)
{
  g_autoptr(GPtrArray) facilities = g_ptr_array_new_with_free_func (g_free);
  const Scope *scope;
  FcRoles roles = 0;

  if (!load_user (store, op->user_id, &roles, error))
    return FALSE;
  if (roles & FC_ROLE_ADMIN)
    return TRUE;

  if (fcs_authorize_is_district_table (op->table) ||
      (g_str_equal (op->table, "facility") && op->kind == FC_OP_INSERT))
    {
      g_set_error (error, FCS_ERROR, FCS_ERROR_ADMIN_ONLY,
                   _("Only an administrator may change %s records"), op->table);
      return FALSE;
    }

  if (g_str_equal (op->table, "facility"))
    g_ptr_array_add (facilities, g_strdup (op->row_id));
  else if ((scope = scope_of (op->table)) != NULL)
    {
      char *stored = facility_of_row (store, op->table, op->row_id, 0);

      if (stored != NULL)
        g_ptr_array_add (facilities, stored);
      if (!named_facility (store, op, scope, facilities, error))
        return FALSE;
    }
  else
    {
      g_set_error (error, FCS_ERROR, FCS_ERROR_ADMIN_ONLY,
                   _("Only an administrator may change %s records"), op->table);
      return FALSE;
    }

  if (facilities->len == 0)
    {
      g_set_error (error, FCS_ERROR, FCS_ERROR_UNKNOWN_PARENT,
                   _("The %s record %s is not on the server"), op->table, op->row_id);
      return FALSE;
    }
  for (guint i = 0; i < facilities->len; i++)
    if (!user_holds_facility (store, op->user_id, facilities->pdata[i]))
      {
        g_autofree char *name = stored_text (store, "facility", "name", facilities->pdata[i]);

        g_set_error (error, FCS_ERROR, FCS_ERROR_NOT_ASSIGNED,
                     _("%s is not assigned to %s; the change was refused"),
                     op->user_id, name ? name : (const char *) facilities->pdata[i]);
        return FALSE;
      }
  return TRUE;
}

/**
 * fcs_authorize_visible:
 * @store: the server's store
 * @user_id: (nullable): the user a device was enrolled for; %NULL for an
 *   office device that sees the whole district
 * @op: an op of the feed
 *
 * Returns: whether a device enrolled for @user_id receives @op when it pulls
 */
gboolean
fcs_authorize_visible (FcStore    *store,
                       const char *user_id,
                       const FcOp *op)
{
  g_autofree char *facility = NULL;
  FcRoles roles = 0;

  if (user_id == NULL)
    return TRUE;
  if (!load_user (store, user_id, &roles, NULL))
    return FALSE;
  if ((roles & FC_ROLE_ADMIN) || fcs_authorize_is_district_table (op->table))
    return TRUE;
  facility = g_str_equal (op->table, "facility") ? g_strdup (op->row_id)
                                                  : facility_of_row (store, op->table, op->row_id, 0);
  return facility != NULL && user_holds_facility (store, user_id, facility);
}
