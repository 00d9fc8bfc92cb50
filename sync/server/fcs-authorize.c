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
 *
 * A batch of thousands of ops asks the same questions again and again (this
 * user's roles, this inspection's facility, whether the user holds it), so a
 * cache answers them for the length of one transaction. It forgets what an
 * applied op may have changed: the users when a person changes, who holds
 * what when an assignment or a facility changes, and every row's facility
 * when a row it followed changes. Only found facilities are kept; a row not
 * yet on the server may arrive later in the same batch.
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
  { "lookback", "facility_id", "facility" },
  { "whistle_report", "facility_id", "facility" },
  { "whistle_action", "report_id", "whistle_report" },
  { "photo", "attached_id", NULL },   /* the parent depends on attached_kind */
};

struct _FcsAuthCache
{
  GHashTable *users;   /* user id -> User */
  GHashTable *held;    /* "user\x1ffacility" -> GINT_TO_POINTER (1 + held) */
  GHashTable *rows;    /* "table\x1fid" -> facility id */
};

typedef enum
{
  USER_ACTIVE,
  USER_UNKNOWN,
  USER_DISABLED,
} UserState;

typedef struct
{
  UserState state;
  FcRoles   roles;
} User;

FcsAuthCache *
fcs_auth_cache_new (void)
{
  FcsAuthCache *cache = g_new0 (FcsAuthCache, 1);

  cache->users = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  cache->held = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  cache->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return cache;
}

void
fcs_auth_cache_free (FcsAuthCache *cache)
{
  if (cache == NULL)
    return;
  g_hash_table_unref (cache->users);
  g_hash_table_unref (cache->held);
  g_hash_table_unref (cache->rows);
  g_free (cache);
}

static char *
pair_key (const char *a,
          const char *b)
{
  return g_strconcat (a, "\x1f", b, NULL);
}

/**
 * fcs_auth_cache_applied:
 * @cache: (nullable): a cache
 * @op: an op just applied to the store the cache answers for
 *
 * Forgets what @op may have changed.
 */
void
fcs_auth_cache_applied (FcsAuthCache *cache,
                        const FcOp   *op)
{
  g_autofree char *key = NULL;

  if (cache == NULL)
    return;
  if (g_str_equal (op->table, "person"))
    g_hash_table_remove_all (cache->users);
  if (g_str_equal (op->table, "assignment") || g_str_equal (op->table, "facility"))
    g_hash_table_remove_all (cache->held);
  /* Every step of a followed chain is kept, so a row that some answer went
   * through is in the cache. */
  key = pair_key (op->table, op->row_id);
  if (g_hash_table_contains (cache->rows, key))
    g_hash_table_remove_all (cache->rows);
}

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
facility_of_row (FcStore      *store,
                 FcsAuthCache *cache,
                 const char   *table,
                 const char   *id,
                 guint         depth)
{
  const Scope *scope;
  g_autofree char *key = NULL;
  g_autofree char *parent_id = NULL;
  g_autofree char *kind = NULL;
  const char *parent;
  char *found = NULL;

  if (id == NULL || depth > 4)
    return NULL;
  if (cache != NULL)
    {
      const char *hit;

      key = pair_key (table, id);
      if ((hit = g_hash_table_lookup (cache->rows, key)) != NULL)
        return g_strdup (hit);
    }
  if (g_str_equal (table, "facility"))
    found = stored_text (store, "facility", "id", id);
  else if ((scope = scope_of (table)) != NULL)
    {
      parent = scope->parent;
      if (parent == NULL)
        {
          kind = stored_text (store, table, "attached_kind", id);
          parent = photo_parent (kind);
        }
      parent_id = stored_text (store, table, scope->column, id);
      if (parent != NULL && parent_id != NULL)
        found = facility_of_row (store, cache, parent, parent_id, depth + 1);
    }
  if (cache != NULL && found != NULL)
    g_hash_table_insert (cache->rows, g_steal_pointer (&key), g_strdup (found));
  return found;
}

static gboolean
user_holds_facility (FcStore      *store,
                     FcsAuthCache *cache,
                     const char   *user_id,
                     const char   *facility_id)
{
  g_autoptr(FcCachedStmt) stmt = NULL;
  g_autofree char *key = NULL;
  gpointer hit;
  gboolean held;

  if (cache != NULL)
    {
      key = pair_key (user_id, facility_id);
      if ((hit = g_hash_table_lookup (cache->held, key)) != NULL)
        return GPOINTER_TO_INT (hit) - 1;
    }
  stmt = fc_store_cached (store, "SELECT 1 FROM assignment WHERE person_id = ?1 AND facility_id = ?2 "
                                 "AND retired = 0 UNION ALL SELECT 1 FROM facility WHERE id = ?2 "
                                 "AND area_leader_id = ?1", NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, user_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, facility_id, -1, SQLITE_STATIC);
  held = sqlite3_step (stmt) == SQLITE_ROW;
  if (cache != NULL)
    g_hash_table_insert (cache->held, g_steal_pointer (&key), GINT_TO_POINTER (1 + held));
  return held;
}

static gboolean
user_active (FcStore      *store,
             UserState     state,
             const char   *user_id,
             GError      **error)
{
  if (state == USER_UNKNOWN)
    g_set_error (error, FCS_ERROR, FCS_ERROR_UNKNOWN_USER,
                 _("The user %s is not known to the server; ask the bureau to add them"), user_id);
  else if (state == USER_DISABLED)
    {
      g_autofree char *name = stored_text (store, "person", "name", user_id);

      g_set_error (error, FCS_ERROR, FCS_ERROR_USER_DISABLED,
                   _("The user %s is disabled on the server; their changes are not accepted"),
                   name ? name : user_id);
    }
  return state == USER_ACTIVE;
}

static gboolean
load_user (FcStore       *store,
           FcsAuthCache  *cache,
           const char    *user_id,
           FcRoles       *roles,
           GError       **error)
{
  g_autoptr(FcCachedStmt) stmt = NULL;
  User user = { 0 };
  User *hit;

  if (user_id == NULL)
    {
      g_set_error (error, FCS_ERROR, FCS_ERROR_UNKNOWN_USER,
                   _("The change names no user; sign in on the device and make it again"));
      return FALSE;
    }
  if (cache != NULL && (hit = g_hash_table_lookup (cache->users, user_id)) != NULL)
    {
      *roles = hit->roles;
      return user_active (store, hit->state, user_id, error);
    }
  stmt = fc_store_cached (store, "SELECT roles, disabled FROM person WHERE id = ?", NULL);
  if (stmt == NULL)
    {
      g_set_error (error, FCS_ERROR, FCS_ERROR_FAILED, _("The server cannot read its users"));
      return FALSE;
    }
  sqlite3_bind_text (stmt, 1, user_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    user.state = USER_UNKNOWN;
  else if (sqlite3_column_int (stmt, 1) != 0)
    user.state = USER_DISABLED;
  else
    user.roles = fc_roles_from_string ((const char *) sqlite3_column_text (stmt, 0), NULL);
  if (cache != NULL)
    g_hash_table_insert (cache->users, g_strdup (user_id), g_memdup2 (&user, sizeof user));
  *roles = user.roles;
  return user_active (store, user.state, user_id, error);
}

/* Adds the facility the op names through its own fields. */
static gboolean
named_facility (FcStore      *store,
                FcsAuthCache *cache,
                const FcOp   *op,
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
    facility = facility_of_row (store, cache, parent, parent_id, 0);
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
 * @cache: (nullable): answers kept for this transaction
 * @op: an op as received
 * @error: set in %FCS_ERROR with the reason, a sentence for the device's user
 *
 * Returns: %TRUE when the op's user may make the change
 */
gboolean
fcs_authorize_op (FcStore       *store,
                  FcsAuthCache  *cache,
                  const FcOp    *op,
                  GError       **error)
{
  g_autoptr(GPtrArray) facilities = g_ptr_array_new_with_free_func (g_free);
  const Scope *scope;
  FcRoles roles = 0;

  if (!load_user (store, cache, op->user_id, &roles, error))
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
      char *stored = facility_of_row (store, cache, op->table, op->row_id, 0);

      if (stored != NULL)
        g_ptr_array_add (facilities, stored);
      if (!named_facility (store, cache, op, scope, facilities, error))
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
    if (!user_holds_facility (store, cache, op->user_id, facilities->pdata[i]))
      {
        g_autofree char *name = stored_text (store, "facility", "name", facilities->pdata[i]);
        g_autofree char *person = stored_text (store, "person", "name", op->user_id);

        g_set_error (error, FCS_ERROR, FCS_ERROR_NOT_ASSIGNED,
                     _("%s is not assigned to %s; the change was refused"),
                     person ? person : op->user_id,
                     name ? name : (const char *) facilities->pdata[i]);
        return FALSE;
      }
  return TRUE;
}

/**
 * fcs_authorize_visible:
 * @store: the server's store
 * @cache: (nullable): answers kept for this read
 * @user_id: (nullable): the user a device was enrolled for; %NULL for an
 *   office device that sees the whole district
 * @table: the table of an op of the feed
 * @row_id: its row
 *
 * Returns: whether a device enrolled for @user_id receives the op when it pulls
 */
gboolean
fcs_authorize_visible (FcStore      *store,
                       FcsAuthCache *cache,
                       const char   *user_id,
                       const char   *table,
                       const char   *row_id)
{
  g_autofree char *facility = NULL;
  FcRoles roles = 0;

  if (user_id == NULL)
    return TRUE;
  if (!load_user (store, cache, user_id, &roles, NULL))
    return FALSE;
  if ((roles & FC_ROLE_ADMIN) || fcs_authorize_is_district_table (table))
    return TRUE;
  facility = g_str_equal (table, "facility") ? g_strdup (row_id)
                                             : facility_of_row (store, cache, table, row_id, 0);
  return facility != NULL && user_holds_facility (store, cache, user_id, facility);
}
