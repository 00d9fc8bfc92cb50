/* fc-check.c: integrity and invariants of a store
 *
 * Each invariant is a query that returns the offending rows, described in a
 * sentence; an empty list means the store is sound.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-check.h"
#include "fc-error.h"

typedef struct
{
  const char *what;
  const char *sql;
} FcInvariant;

static const FcInvariant invariants[] = {
  { N_("Row with no op in the change log"),
    "SELECT 'facility ' || id FROM facility WHERE id NOT IN (SELECT row_id FROM op_log WHERE tbl = 'facility')"
    " UNION ALL SELECT 'hazard ' || id FROM hazard WHERE id NOT IN (SELECT row_id FROM op_log WHERE tbl = 'hazard')"
    " UNION ALL SELECT 'result ' || id FROM result WHERE id NOT IN (SELECT row_id FROM op_log WHERE tbl = 'result')"
    " UNION ALL SELECT 'person ' || id FROM person WHERE id NOT IN (SELECT row_id FROM op_log WHERE tbl = 'person')"
    " UNION ALL SELECT 'equipment ' || id FROM equipment WHERE id NOT IN (SELECT row_id FROM op_log WHERE tbl = 'equipment')"
    " UNION ALL SELECT 'inspection ' || id FROM inspection WHERE id NOT IN (SELECT row_id FROM op_log WHERE tbl = 'inspection')" },
  { N_("Hazard with an unknown status or level"),
    "SELECT id FROM hazard WHERE status NOT IN ('open', 'rectifying', 'awaiting_acceptance', 'closed', 'reopened')"
    " OR level NOT IN ('general', 'major')" },
  { N_("Hazard whose status differs from its last event"),
    "SELECT h.id FROM hazard h WHERE h.status IS NOT (SELECT e.to_status FROM hazard_event e"
    " WHERE e.hazard_id = h.id AND e.id NOT IN (SELECT o.row_id FROM sync_refusal r"
    " JOIN op_log o ON o.op_id = r.op_id WHERE r.direction = 'push' AND o.tbl = 'hazard_event')"
    " ORDER BY e.at DESC, e.id DESC LIMIT 1)" },
  { N_("Closed-out hazard with no acceptance"),
    "SELECT id FROM hazard WHERE status = 'closed' AND (verifier_id IS NULL OR closed_at IS NULL)" },
  { N_("Closed-out major hazard with no listed supervision"),
    "SELECT id FROM hazard WHERE status = 'closed' AND level = 'major' AND supervising_leader_id IS NULL" },
  { N_("Hazard accepted by the person who rectified it"),
    "SELECT id FROM hazard WHERE status = 'closed' AND verifier_id = rectified_by" },
  { N_("Result revision that supersedes an answer to another item"),
    "SELECT r.id FROM result r JOIN result s ON s.id = r.supersedes"
    " WHERE s.inspection_id IS NOT r.inspection_id OR s.item_id IS NOT r.item_id" },
  { N_("Inspection on a template that does not cover the facility's type"),
    "SELECT i.id FROM inspection i JOIN facility f ON f.id = i.facility_id"
    " JOIN checklist_template t ON t.id = i.template_id"
    " WHERE ',' || t.institution_types || ',' NOT LIKE '%,' || f.type || ',%'" },
  { N_("Field clock for a row that does not exist"),
    "SELECT c.tbl || ' ' || c.row_id FROM field_clock c WHERE c.tbl = 'hazard'"
    " AND c.row_id NOT IN (SELECT id FROM hazard)" },
  { N_("Change log whose clock goes backwards"),
    "SELECT seq FROM (SELECT seq, clock, lag (clock) OVER (ORDER BY seq) AS previous FROM op_log)"
    " WHERE clock < previous" },
  { N_("Two ops with the same device sequence"),
    "SELECT device_id || ' ' || device_seq FROM op_log GROUP BY device_id, device_seq HAVING count (*) > 1" },
};

static gboolean
collect (FcStore     *store,
         const char  *what,
         const char  *sql,
         GPtrArray   *problems,
         GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = fc_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (problems, g_strdup_printf ("%s: %s", what,
                                                (const char *) sqlite3_column_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    {
      fc_store_set_sqlite_error (store, error, what);
      return FALSE;
    }
  return TRUE;
}

/**
 * fc_store_check:
 * @store: the store
 * @error: set when the checks themselves cannot run
 *
 * Runs SQLite's integrity and foreign-key checks and the invariants of the
 * data model.
 *
 * Returns: (transfer full) (element-type utf8): one sentence per problem
 */
GPtrArray *
fc_store_check (FcStore  *store,
                GError  **error)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(sqlite3_stmt) integrity = NULL;
  int rc;

  integrity = fc_store_prepare (store, "PRAGMA integrity_check", error);
  if (integrity == NULL)
    return NULL;
  while ((rc = sqlite3_step (integrity)) == SQLITE_ROW)
    {
      const char *line = (const char *) sqlite3_column_text (integrity, 0);

      if (g_strcmp0 (line, "ok") != 0)
        g_ptr_array_add (problems, g_strdup_printf (_("Integrity: %s"), line));
    }
  if (rc != SQLITE_DONE)
    {
      g_ptr_array_add (problems, g_strdup_printf (_("Integrity: %s"),
                                                  sqlite3_errmsg (fc_store_get_db (store))));
      return g_steal_pointer (&problems);
    }

  if (!collect (store, _("Broken reference"),
                "SELECT \"table\" || ' row ' || coalesce (rowid, '?') || ' -> ' || parent FROM pragma_foreign_key_check",
                problems, error))
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (invariants); i++)
    if (!collect (store, g_dgettext (GETTEXT_PACKAGE, invariants[i].what), invariants[i].sql,
                  problems, error))
      return NULL;

  return g_steal_pointer (&problems);
}
