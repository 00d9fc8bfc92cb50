/* fc-queries.c: read queries shared by the CLI, the app and the reports
 *
 * Rows come back as JSON objects named by their columns, which the CLI prints
 * as TSV or JSON and the app reads by name.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-error.h"
#include "fc-queries.h"

static void
add_column (JsonObject   *row,
            sqlite3_stmt *stmt,
            int           col)
{
  const char *name = sqlite3_column_name (stmt, col);

  switch (sqlite3_column_type (stmt, col))
    {
    case SQLITE_INTEGER:
      json_object_set_int_member (row, name, sqlite3_column_int64 (stmt, col));
      break;
    case SQLITE_FLOAT:
      json_object_set_double_member (row, name, sqlite3_column_double (stmt, col));
      break;
    case SQLITE_NULL:
      json_object_set_null_member (row, name);
      break;
    default:
      json_object_set_string_member (row, name, (const char *) sqlite3_column_text (stmt, col));
    }
}

/**
 * fc_query_rows:
 * @store: the store
 * @sql: one SELECT
 * @params: (nullable) (array zero-terminated=1): text parameters, bound in order
 * @error: return location for an error
 *
 * Returns: (transfer full): one object per row, or %NULL
 */
JsonArray *
fc_query_rows (FcStore      *store,
               const char   *sql,
               const char  **params,
               GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = fc_store_prepare (store, sql, error);
  g_autoptr(JsonArray) rows = json_array_new ();
  int rc;

  if (stmt == NULL)
    return NULL;
  for (int i = 0; params != NULL && params[i] != NULL; i++)
    sqlite3_bind_text (stmt, i + 1, params[i], -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonObject *row = json_object_new ();

      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        add_column (row, stmt, c);
      json_array_add_object_element (rows, row);
    }
  if (rc != SQLITE_DONE)
    {
      fc_store_set_sqlite_error (store, error, _("Cannot read the database"));
      return NULL;
    }
  return g_steal_pointer (&rows);
}

/* "Not closed" is written as the partial index hazard_open_by_facility says it. */
#define NOT_CLOSED "status <> 'closed'"
#define UNFINISHED_STATUSES "('open', 'rectifying', 'reopened')"

/**
 * fc_queries_facilities:
 * @store: the store
 * @user_id: (nullable): the signed-in person; their facilities come first
 * @today: YYYY-MM-DD, for overdue hazards
 * @error: return location for an error
 *
 * Returns: (transfer full): facilities with open hazards by level, overdue
 *   hazards and the last inspection
 */
JsonArray *
fc_queries_facilities (FcStore     *store,
                       const char  *user_id,
                       const char  *today,
                       GError     **error)
{
  const char *params[] = { user_id ? user_id : "", user_id ? user_id : "", user_id ? user_id : "",
                           today, NULL };

  return fc_query_rows (store,
    "WITH open_h AS ("
    "  SELECT facility_id,"
    "    sum (level = 'major') AS open_major,"
    "    sum (level = 'general') AS open_general,"
    "    sum (status IN " UNFINISHED_STATUSES " AND deadline < ?4) AS overdue"
    "  FROM hazard WHERE " NOT_CLOSED " GROUP BY facility_id),"
    " last_i AS (SELECT facility_id, max (started_at) AS last_inspection"
    "  FROM inspection GROUP BY facility_id)"
    " SELECT f.id, f.name, f.type, f.town, f.beds,"
    "  coalesce (h.open_major, 0) AS open_major,"
    "  coalesce (h.open_general, 0) AS open_general,"
    "  coalesce (h.overdue, 0) AS overdue,"
    "  i.last_inspection,"
    "  (f.area_leader_id = ?1 OR f.point_cadre_id = ?2 OR EXISTS (SELECT 1 FROM assignment a"
    "    WHERE a.facility_id = f.id AND a.person_id = ?3 AND a.retired = 0)) AS mine"
    " FROM facility f"
    " LEFT JOIN open_h h ON h.facility_id = f.id"
    " LEFT JOIN last_i i ON i.facility_id = f.id"
    " WHERE f.retired = 0"
    " ORDER BY mine DESC, f.town, f.name",
    params, error);
}

/**
 * fc_queries_facility:
 * @store: the store
 * @facility_id: the facility
 * @today: YYYY-MM-DD
 * @error: set with %FC_ERROR_NOT_FOUND when there is no such facility
 *
 * Returns: (transfer full): the facility with its responsibility grid, counts,
 *   equipment and open hazards
 */
JsonObject *
fc_queries_facility (FcStore     *store,
                     const char  *facility_id,
                     const char  *today,
                     GError     **error)
{
  const char *id[] = { facility_id, NULL };
  const char *id_today[] = { facility_id, today, NULL };
  g_autoptr(JsonArray) rows = NULL;
  g_autoptr(JsonObject) facility = NULL;
  JsonArray *equipment, *hazards;

  rows = fc_query_rows (store,
    "SELECT f.*, al.name AS area_leader, pc.name AS point_cadre,"
    " (SELECT count (*) FROM equipment e WHERE e.facility_id = f.id AND e.retired = 0) AS equipment_count,"
    " (SELECT count (*) FROM inspection i WHERE i.facility_id = f.id) AS inspections"
    " FROM facility f LEFT JOIN person al ON al.id = f.area_leader_id"
    " LEFT JOIN person pc ON pc.id = f.point_cadre_id WHERE f.id = ?1",
    id, error);
  if (rows == NULL)
    return NULL;
  if (json_array_get_length (rows) == 0)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_NOT_FOUND, _("There is no facility %s"), facility_id);
      return NULL;
    }
  facility = json_object_ref (json_array_get_object_element (rows, 0));

  equipment = fc_query_rows (store,
    "SELECT id, kind, name, location, tag_code, expires_on FROM equipment"
    " WHERE facility_id = ?1 AND retired = 0 ORDER BY kind, name", id, error);
  if (equipment == NULL)
    return NULL;
  json_object_set_array_member (facility, "equipment", equipment);

  hazards = fc_query_rows (store,
    "SELECT id, category, level, status, description, deadline,"
    " (status IN " UNFINISHED_STATUSES " AND deadline < ?2) AS overdue"
    " FROM hazard WHERE facility_id = ?1 AND " NOT_CLOSED
    " ORDER BY level = 'major' DESC, deadline", id_today, error);
  if (hazards == NULL)
    return NULL;
  json_object_set_array_member (facility, "open_hazards", hazards);

  return g_steal_pointer (&facility);
}

/**
 * fc_queries_templates:
 * @store: the store
 * @error: return location for an error
 *
 * Returns: (transfer full): per template: items in each category and major items
 */
JsonArray *
fc_queries_templates (FcStore  *store,
                      GError  **error)
{
  return fc_query_rows (store,
    "SELECT t.id, t.code, t.version, t.title_zh, t.title_en,"
    " sum (i.category = 'fire_exit') AS fire_exit,"
    " sum (i.category = 'gas') AS gas,"
    " sum (i.category = 'electrical') AS electrical,"
    " sum (i.category = 'building') AS building,"
    " sum (i.category = 'drainage') AS drainage,"
    " sum (i.category = 'other') AS other,"
    " count (i.id) AS items,"
    " sum (i.major_standard IS NOT NULL) AS major,"
    " sum (i.major_verification = 'unverified') AS major_unverified"
    " FROM checklist_template t LEFT JOIN checklist_item i ON i.template_id = t.id"
    " GROUP BY t.id ORDER BY t.code, t.version",
    NULL, error);
}

/**
 * fc_queries_hazard:
 * @store: the store
 * @hazard_id: the hazard
 * @today: YYYY-MM-DD, the day overdue is judged on
 * @error: return location for an error
 *
 * Returns: (transfer full): the whole record of one hazard — its facility and
 *   responsibility grid, the five must-haves, supervision and acceptance with
 *   the people's names, whether it is overdue — with its "events" (every
 *   transition: who, role, when, note, evidence) oldest first and its "photos"
 */
JsonObject *
fc_queries_hazard (FcStore     *store,
                   const char  *hazard_id,
                   const char  *today,
                   GError     **error)
{
  const char *id[] = { hazard_id, NULL };
  const char *id_today[] = { hazard_id, today, NULL };
  g_autoptr(JsonArray) rows = NULL;
  g_autoptr(JsonObject) hazard = NULL;
  JsonArray *events, *photos;

  g_return_val_if_fail (FC_IS_STORE (store), NULL);
  g_return_val_if_fail (hazard_id != NULL && today != NULL, NULL);

  rows = fc_query_rows (store,
    "SELECT h.*, f.name AS facility_name, f.town, f.line_department,"
    " al.name AS area_leader, pc.name AS point_cadre, sl.name AS supervising_leader,"
    " v.name AS verifier, rb.name AS rectified_by_name, fb.name AS found_by_name,"
    " (h.status IN " UNFINISHED_STATUSES " AND h.deadline < ?2) AS overdue,"
    " CAST (julianday (?2) - julianday (h.deadline) AS INTEGER) AS days_past_deadline"
    " FROM hazard h JOIN facility f ON f.id = h.facility_id"
    " LEFT JOIN person al ON al.id = f.area_leader_id"
    " LEFT JOIN person pc ON pc.id = f.point_cadre_id"
    " LEFT JOIN person sl ON sl.id = h.supervising_leader_id"
    " LEFT JOIN person v ON v.id = h.verifier_id"
    " LEFT JOIN person rb ON rb.id = h.rectified_by"
    " LEFT JOIN person fb ON fb.id = h.found_by"
    " WHERE h.id = ?1", id_today, error);
  if (rows == NULL)
    return NULL;
  if (json_array_get_length (rows) == 0)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_NOT_FOUND,
                   _("There is no hazard %s; it may not have synced to this device yet"), hazard_id);
      return NULL;
    }
  hazard = json_object_ref (json_array_get_object_element (rows, 0));

  events = fc_query_rows (store,
    "SELECT e.id, e.action, e.from_status, e.to_status, e.actor_id, p.name AS actor,"
    " e.actor_role, e.at, e.note, e.evidence"
    " FROM hazard_event e LEFT JOIN person p ON p.id = e.actor_id"
    " WHERE e.hazard_id = ?1 AND e.id NOT IN (SELECT o.row_id FROM sync_refusal r"
    " JOIN op_log o ON o.op_id = r.op_id WHERE r.direction = 'push' AND o.tbl = 'hazard_event')"
    " ORDER BY e.at, e.rowid", id, error);
  if (events == NULL)
    return NULL;
  json_object_set_array_member (hazard, "events", events);

  photos = fc_query_rows (store,
    "SELECT id, purpose, taken_at, attached_kind FROM photo"
    " WHERE attached_id = ?1 AND attached_kind IN ('hazard', 'acceptance')"
    " ORDER BY taken_at, id", id, error);
  if (photos == NULL)
    return NULL;
  json_object_set_array_member (hazard, "photos", photos);

  return g_steal_pointer (&hazard);
}

/**
 * fc_queries_ledger_choices:
 * @store: the store
 * @error: return location for an error
 *
 * Returns: (transfer full): what the ledger's filters offer: "towns" and
 *   "line_departments" (rows with a name), "area_leaders" and "point_cadres"
 *   (rows with an id and a name), each in order
 */
JsonObject *
fc_queries_ledger_choices (FcStore  *store,
                           GError  **error)
{
  g_autoptr(JsonObject) choices = json_object_new ();
  static const struct
  {
    const char *member;
    const char *sql;
  } lists[] = {
    { "towns", "SELECT DISTINCT town AS name FROM facility WHERE retired = 0 ORDER BY town" },
    { "line_departments", "SELECT DISTINCT line_department AS name FROM facility"
                          " WHERE retired = 0 AND line_department IS NOT NULL ORDER BY 1" },
    { "area_leaders", "SELECT DISTINCT p.id, p.name FROM facility f JOIN person p"
                      " ON p.id = f.area_leader_id WHERE f.retired = 0 ORDER BY p.name, p.id" },
    { "point_cadres", "SELECT DISTINCT p.id, p.name FROM facility f JOIN person p"
                      " ON p.id = f.point_cadre_id WHERE f.retired = 0 ORDER BY p.name, p.id" },
  };

  g_return_val_if_fail (FC_IS_STORE (store), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      JsonArray *rows = fc_query_rows (store, lists[i].sql, NULL, error);

      if (rows == NULL)
        return NULL;
      json_object_set_array_member (choices, lists[i].member, rows);
    }
  return g_steal_pointer (&choices);
}
