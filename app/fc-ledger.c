/* fc-ledger.c: the rectification ledger (隐患整改台账)
 *
 * The district's ledger and each institution's are the same query with a
 * different filter. Rows come back as plain structs whose strings live in one
 * string chunk: ten years of a district (30,000 hazards) fit in a few
 * allocations, which keeps filtering and sorting the whole ledger close to
 * what SQLite itself needs for the same rows (bench/fc-bench-ledger.c).
 *
 * Filters on enumerations are written into the SQL as their wire names, which
 * are fixed strings, so that the partial indexes of migration 0004 apply;
 * everything a user types is bound as a parameter.
 *
 * The ledger page shows one page of rows and the counts of the whole
 * selection. The counts read no facility rows (a filter on the grid is a
 * set of facility ids), so a count by the grid comes from an index alone,
 * and the overdue ones are counted through the status index, which holds
 * only the unfinished hazards' few ranges; the page walks the deadline
 * index and stops at its last row.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-error.h"
#include "fc-ledger.h"

enum
{
  COL_ID, COL_FACILITY_ID, COL_FACILITY_NAME, COL_TOWN, COL_AREA_LEADER, COL_LINE_DEPARTMENT,
  COL_POINT_CADRE, COL_CATEGORY, COL_LEVEL, COL_STATUS, COL_DESCRIPTION, COL_LOCATION,
  COL_CRITERION, COL_SOURCE, COL_INSPECTION_KIND, COL_FOUND_AT, COL_RESPONSIBLE_PARTY,
  COL_RESPONSIBLE_PERSON, COL_MEASURES, COL_FUNDS, COL_DEADLINE, COL_PLAN, COL_INTERIM_CONTROLS,
  COL_SUPERVISING_LEADER, COL_LEAD_DEPARTMENT, COL_SUPERVISED_AT, COL_STATUS_NOTE, COL_VERIFIER,
  COL_VERIFIER_ORG, COL_ACCEPTED_AT, COL_ACCEPTANCE_OUTCOME, COL_CLOSED_AT, COL_REOPEN_COUNT,
  COL_OVERDUE, COL_DAYS_OVERDUE,
};

#define UNFINISHED "h.status IN ('open', 'rectifying', 'reopened')"

static void
append_mask (GString    *sql,
             const char *column,
             guint       mask,
             guint       n,
             const char *(*to_string) (int))
{
  guint bits = 0;

  if (mask == 0)
    return;
  for (guint i = 0; i < n; i++)
    bits += (mask >> i) & 1;
  if (bits == 1)
    {
      for (guint i = 0; i < n; i++)
        if (mask & (1u << i))
          g_string_append_printf (sql, " AND %s = '%s'", column, to_string ((int) i));
      return;
    }
  g_string_append_printf (sql, " AND %s IN (", column);
  bits = 0;
  for (guint i = 0; i < n; i++)
    if (mask & (1u << i))
      g_string_append_printf (sql, "%s'%s'", bits++ ? ", " : "", to_string ((int) i));
  if (bits == 0)
    g_string_append (sql, "NULL");
  g_string_append (sql, ")");
}

static const char *
level_wire (int i)
{
  return fc_hazard_level_to_string ((FcHazardLevel) i);
}

static const char *
status_wire (int i)
{
  return fc_hazard_status_to_string ((FcHazardStatus) i);
}

static const char *
category_wire (int i)
{
  return fc_category_to_string ((FcCategory) i);
}

/* Appends " AND <condition> ?N" with the value as parameter N. */
static void
bind_next (GString    *sql,
           GPtrArray  *params,
           const char *condition,
           const char *value)
{
  g_ptr_array_add (params, (gpointer) value);
  g_string_append_printf (sql, " AND %s ?%u", condition, params->len);
}

/* Appends " AND h.facility_id IN (SELECT id FROM facility WHERE <column> ?N)". */
static void
bind_facility (GString    *sql,
               GPtrArray  *params,
               const char *condition,
               const char *value)
{
  g_ptr_array_add (params, (gpointer) value);
  g_string_append_printf (sql, " AND h.facility_id IN (SELECT id FROM facility WHERE %s ?%u)",
                          condition, params->len);
}

/**
 * fc_ledger_sql:
 * @filter: which rows
 * @count_only: count the rows instead of selecting them
 * @params: (element-type utf8): receives the text parameters, bound as ?1, ?2, …
 *
 * The ledger's query, for the benchmark to run against bare SQLite.
 *
 * Returns: (transfer full): the SQL
 */
char *
fc_ledger_sql (const FcLedgerFilter *filter,
               gboolean              count_only,
               GPtrArray            *params)
{
  GString *sql = g_string_new (NULL);
  const char *dir = filter->descending ? " DESC" : "";

  g_ptr_array_add (params, (gpointer) (filter->today ? filter->today : "9999-12-31"));
  if (count_only)
    g_string_append (sql, "SELECT count (*)");
  else
    g_string_append (sql,
      "SELECT h.id, h.facility_id, f.name, f.town, al.name, f.line_department, pc.name,"
      " h.category, h.level, h.status, h.description, h.location, h.criterion, h.source,"
      " i.kind, h.found_at, h.responsible_party, h.responsible_person, h.measures, h.funds,"
      " h.deadline, h.plan, h.interim_controls, sl.name, h.lead_department, h.supervised_at,"
      " h.status_note, v.name, h.verifier_org, h.accepted_at, h.acceptance_outcome, h.closed_at,"
      " h.reopen_count, (" UNFINISHED " AND h.deadline < ?1),"
      " CAST (julianday (?1) - julianday (h.deadline) AS INTEGER)");
  /* Hazards lead the join: with the district sorted by deadline, walking
   * hazard_deadline gives the rows in order and a page stops early, where
   * the planner's own choice (facilities first, then a sort of every row)
   * read the whole ledger for one page. A filter on the status or the
   * level selects a tenth or a fiftieth of the ledger: its own index reads
   * only those rows and sorts them, where the deadline index would step
   * over ten years of closed-out hazards to fill a page. */
  if (count_only && filter->facility_id == NULL && (filter->statuses != 0 || filter->overdue_only))
    g_string_append (sql, " FROM hazard h INDEXED BY hazard_status_deadline");
  else if (!count_only && filter->sort == FC_LEDGER_SORT_DEADLINE && filter->facility_id == NULL)
    {
      if (filter->statuses != 0 || filter->overdue_only)
        g_string_append (sql, " FROM hazard h INDEXED BY hazard_status_deadline");
      else if (filter->levels == 1u << FC_HAZARD_LEVEL_MAJOR)
        g_string_append (sql, " FROM hazard h INDEXED BY hazard_major_deadline");
      else
        g_string_append (sql, " FROM hazard h INDEXED BY hazard_deadline");
    }
  else
    g_string_append (sql, " FROM hazard h");
  if (!count_only)
    g_string_append (sql,
      " CROSS JOIN facility f ON f.id = h.facility_id"
      " LEFT JOIN person al ON al.id = f.area_leader_id"
      " LEFT JOIN person pc ON pc.id = f.point_cadre_id"
      " LEFT JOIN person sl ON sl.id = h.supervising_leader_id"
      " LEFT JOIN person v ON v.id = h.verifier_id"
      " LEFT JOIN inspection i ON i.id = h.inspection_id");
  g_string_append (sql, " WHERE 1");

  if (filter->facility_id != NULL)
    bind_next (sql, params, "h.facility_id =", filter->facility_id);
  append_mask (sql, "h.level", filter->levels, FC_N_HAZARD_LEVELS, level_wire);
  append_mask (sql, "h.status", filter->statuses, FC_N_HAZARD_STATUSES, status_wire);
  append_mask (sql, "h.category", filter->categories, FC_N_CATEGORIES, category_wire);
  if (filter->town != NULL)
    bind_facility (sql, params, "town =", filter->town);
  if (filter->area_leader_id != NULL)
    bind_facility (sql, params, "area_leader_id =", filter->area_leader_id);
  if (filter->line_department != NULL)
    bind_facility (sql, params, "line_department =", filter->line_department);
  if (filter->point_cadre_id != NULL)
    bind_facility (sql, params, "point_cadre_id =", filter->point_cadre_id);
  if (filter->overdue_only)
    g_string_append (sql, " AND " UNFINISHED " AND h.deadline < ?1");
  if (filter->supervised_only)
    g_string_append (sql, " AND h.supervising_leader_id IS NOT NULL");
  if (filter->found_since != NULL)
    bind_next (sql, params, "substr (h.found_at, 1, 10) >=", filter->found_since);
  if (filter->found_until != NULL)
    bind_next (sql, params, "substr (h.found_at, 1, 10) <=", filter->found_until);
  if (filter->search != NULL && *filter->search != '\0')
    {
      guint n;

      g_ptr_array_add (params, (gpointer) filter->search);
      n = params->len;
      g_string_append_printf (sql,
        " AND (instr (lower (h.description), lower (?%1$u)) > 0"
        " OR instr (lower (coalesce (h.location, '')), lower (?%1$u)) > 0"
        " OR instr (lower (coalesce (h.measures, '')), lower (?%1$u)) > 0"
        " OR instr (lower (coalesce (h.criterion, '')), lower (?%1$u)) > 0"
        " OR h.facility_id IN (SELECT id FROM facility WHERE instr (lower (name), lower (?%1$u)) > 0))",
        n);
    }

  if (count_only)
    return g_string_free (sql, FALSE);

  switch (filter->sort)
    {
    case FC_LEDGER_SORT_FOUND:
      g_string_append_printf (sql, " ORDER BY h.found_at%s, h.id%s", dir, dir);
      break;
    case FC_LEDGER_SORT_FACILITY:
      g_string_append_printf (sql, " ORDER BY f.town%1$s, f.name%1$s, h.deadline%1$s, h.id%1$s", dir);
      break;
    case FC_LEDGER_SORT_DEADLINE:
    default:
      g_string_append_printf (sql, " ORDER BY h.deadline%1$s, h.found_at%1$s, h.id%1$s", dir);
    }
  if (filter->limit > 0 || filter->offset > 0)
    g_string_append_printf (sql, " LIMIT %d OFFSET %u",
                            filter->limit > 0 ? (int) filter->limit : -1, filter->offset);
  return g_string_free (sql, FALSE);
}

static sqlite3_stmt *
prepare (FcStore               *store,
         const FcLedgerFilter  *filter,
         gboolean               count_only,
         GError               **error)
{
  g_autoptr(GPtrArray) params = g_ptr_array_new ();
  g_autofree char *sql = fc_ledger_sql (filter, count_only, params);
  /* Not the store's statement cache: every page and search is a new text. */
  sqlite3_stmt *stmt = fc_store_prepare (store, sql, error);

  if (stmt == NULL)
    return NULL;
  for (guint i = 0; i < params->len; i++)
    sqlite3_bind_text (stmt, (int) i + 1, params->pdata[i], -1, SQLITE_TRANSIENT);
  return stmt;
}

static const char *
text (FcLedger     *ledger,
      sqlite3_stmt *stmt,
      int           col)
{
  const char *value = (const char *) sqlite3_column_text (stmt, col);

  return value ? g_string_chunk_insert_const (ledger->strings, value) : NULL;
}

/**
 * fc_ledger_query:
 * @store: the store
 * @filter: which rows, in which order; @filter->today is required
 * @error: return location for an error
 *
 * Returns: (transfer full): the ledger's rows, or %NULL
 */
FcLedger *
fc_ledger_query (FcStore               *store,
                 const FcLedgerFilter  *filter,
                 GError               **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(FcLedger) ledger = NULL;
  int rc;

  g_return_val_if_fail (FC_IS_STORE (store), NULL);
  g_return_val_if_fail (filter != NULL && filter->today != NULL, NULL);

  stmt = prepare (store, filter, FALSE, error);
  if (stmt == NULL)
    return NULL;

  ledger = g_new0 (FcLedger, 1);
  ledger->array = g_array_sized_new (FALSE, TRUE, sizeof (FcLedgerRow), 256);
  ledger->strings = g_string_chunk_new (64 * 1024);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FcLedgerRow row = { 0 };

      row.id = text (ledger, stmt, COL_ID);
      row.facility_id = text (ledger, stmt, COL_FACILITY_ID);
      row.facility_name = text (ledger, stmt, COL_FACILITY_NAME);
      row.town = text (ledger, stmt, COL_TOWN);
      row.area_leader = text (ledger, stmt, COL_AREA_LEADER);
      row.line_department = text (ledger, stmt, COL_LINE_DEPARTMENT);
      row.point_cadre = text (ledger, stmt, COL_POINT_CADRE);
      fc_category_from_string ((const char *) sqlite3_column_text (stmt, COL_CATEGORY), &row.category);
      fc_hazard_level_from_string ((const char *) sqlite3_column_text (stmt, COL_LEVEL), &row.level);
      fc_hazard_status_from_string ((const char *) sqlite3_column_text (stmt, COL_STATUS), &row.status);
      row.description = text (ledger, stmt, COL_DESCRIPTION);
      row.location = text (ledger, stmt, COL_LOCATION);
      row.criterion = text (ledger, stmt, COL_CRITERION);
      row.source = text (ledger, stmt, COL_SOURCE);
      row.inspection_kind = text (ledger, stmt, COL_INSPECTION_KIND);
      row.found_at = text (ledger, stmt, COL_FOUND_AT);
      row.responsible_party = text (ledger, stmt, COL_RESPONSIBLE_PARTY);
      row.responsible_person = text (ledger, stmt, COL_RESPONSIBLE_PERSON);
      row.measures = text (ledger, stmt, COL_MEASURES);
      row.has_funds = sqlite3_column_type (stmt, COL_FUNDS) != SQLITE_NULL;
      row.funds = sqlite3_column_double (stmt, COL_FUNDS);
      row.deadline = text (ledger, stmt, COL_DEADLINE);
      row.plan = text (ledger, stmt, COL_PLAN);
      row.interim_controls = text (ledger, stmt, COL_INTERIM_CONTROLS);
      row.supervising_leader = text (ledger, stmt, COL_SUPERVISING_LEADER);
      row.lead_department = text (ledger, stmt, COL_LEAD_DEPARTMENT);
      row.supervised_at = text (ledger, stmt, COL_SUPERVISED_AT);
      row.status_note = text (ledger, stmt, COL_STATUS_NOTE);
      row.verifier = text (ledger, stmt, COL_VERIFIER);
      row.verifier_org = text (ledger, stmt, COL_VERIFIER_ORG);
      row.accepted_at = text (ledger, stmt, COL_ACCEPTED_AT);
      row.acceptance_outcome = text (ledger, stmt, COL_ACCEPTANCE_OUTCOME);
      row.closed_at = text (ledger, stmt, COL_CLOSED_AT);
      row.reopen_count = (guint) sqlite3_column_int (stmt, COL_REOPEN_COUNT);
      row.overdue = sqlite3_column_int (stmt, COL_OVERDUE);
      row.days_overdue = row.overdue ? (guint) sqlite3_column_int (stmt, COL_DAYS_OVERDUE) : 0;
      g_array_append_val (ledger->array, row);
    }
  if (rc != SQLITE_DONE)
    {
      fc_store_set_sqlite_error (store, error, _("Cannot read the ledger"));
      return NULL;
    }
  ledger->rows = (FcLedgerRow *) (gpointer) ledger->array->data;
  ledger->len = ledger->array->len;
  return g_steal_pointer (&ledger);
}

static gboolean
count_rows (FcStore               *store,
            const FcLedgerFilter  *filter,
            gint64                *count,
            GError               **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (store, filter, TRUE, error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      fc_store_set_sqlite_error (store, error, _("Cannot read the ledger"));
      return FALSE;
    }
  *count = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

/**
 * fc_ledger_counts:
 * @store: the store
 * @filter: which rows; its order, offset and limit are ignored
 * @total: (out) (optional): how many rows the filter selects
 * @overdue: (out) (optional): how many of them are overdue on @filter->today
 * @error: return location for an error
 *
 * Counts the whole selection and its overdue rows, for a page of it on screen.
 *
 * Returns: %FALSE on error
 */
gboolean
fc_ledger_counts (FcStore               *store,
                  const FcLedgerFilter  *filter,
                  gint64                *total,
                  gint64                *overdue,
                  GError               **error)
{
  FcLedgerFilter late;
  gint64 all;

  g_return_val_if_fail (FC_IS_STORE (store), FALSE);
  g_return_val_if_fail (filter != NULL, FALSE);

  if (!count_rows (store, filter, &all, error))
    return FALSE;
  if (total != NULL)
    *total = all;
  if (overdue == NULL)
    return TRUE;
  if (filter->overdue_only)
    {
      *overdue = all;
      return TRUE;
    }
  late = *filter;
  late.overdue_only = TRUE;
  return count_rows (store, &late, overdue, error);
}

/**
 * fc_ledger_count:
 * @store: the store
 * @filter: which rows; its order, offset and limit are ignored
 * @error: return location for an error
 *
 * Returns: how many rows the filter selects, for paging; -1 on error
 */
gint64
fc_ledger_count (FcStore               *store,
                 const FcLedgerFilter  *filter,
                 GError               **error)
{
  gint64 total = -1;

  if (!fc_ledger_counts (store, filter, &total, NULL, error))
    return -1;
  return total;
}

/**
 * fc_ledger_free:
 * @ledger: (nullable): a ledger from fc_ledger_query()
 *
 * Frees the rows and their strings.
 */
void
fc_ledger_free (FcLedger *ledger)
{
  if (ledger == NULL)
    return;
  g_array_unref (ledger->array);
  g_string_chunk_free (ledger->strings);
  g_free (ledger);
}

/**
 * fc_ledger_source_label:
 * @row: a ledger row
 *
 * Returns: how the hazard was found (发现方式): the kind of inspection, a
 *   whistle-blower report or a look-back
 */
const char *
fc_ledger_source_label (const FcLedgerRow *row)
{
  FcInspectionKind kind;

  if (g_strcmp0 (row->source, "whistleblower") == 0)
    return _("Whistle-blower report");
  if (g_strcmp0 (row->source, "look_back") == 0)
    return fc_inspection_kind_label (FC_INSPECTION_LOOK_BACK);
  if (row->inspection_kind != NULL && fc_inspection_kind_from_string (row->inspection_kind, &kind))
    return fc_inspection_kind_label (kind);
  return _("Inspection");
}

/**
 * fc_ledger_progress_text:
 * @row: a ledger row
 *
 * Returns: (transfer full): the progress (整改进度): the status, and how many
 *   days overdue
 */
char *
fc_ledger_progress_text (const FcLedgerRow *row)
{
  const char *status = fc_hazard_status_label (row->status);

  if (row->overdue)
    /* Translators: a hazard's status, then how late its rectification is */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, overdue by %u day",
                                         "%s, overdue by %u days", row->days_overdue),
                            status, row->days_overdue);
  return g_strdup (status);
}

static char *
day_of (const char *iso)
{
  return iso ? g_strndup (iso, 10) : NULL;
}

/**
 * fc_ledger_acceptance_text:
 * @row: a ledger row
 *
 * Returns: (transfer full): the acceptance (验收情况): outcome, organisation,
 *   verifier and day; the reason of a rejection; empty before any
 */
char *
fc_ledger_acceptance_text (const FcLedgerRow *row)
{
  g_autofree char *day = day_of (row->accepted_at);
  const char *who = row->verifier_org ? row->verifier_org : "";
  const char *sep = row->verifier_org && row->verifier ? " " : "";
  const char *name = row->verifier ? row->verifier : "";

  if (g_strcmp0 (row->acceptance_outcome, "accepted") == 0)
    /* Translators: accepted, organisation and verifier, day */
    return g_strdup_printf (_("Accepted (%s%s%s, %s)"), who, sep, name, day ? day : "");
  if (g_strcmp0 (row->acceptance_outcome, "rejected") == 0)
    /* Translators: rejected, organisation and verifier, the reason */
    return g_strdup_printf (_("Rejected (%s%s%s): %s"), who, sep, name,
                            row->status_note && row->status == FC_HAZARD_RECTIFYING
                            ? row->status_note : "");
  return g_strdup ("");
}

/**
 * fc_ledger_supervision_text:
 * @row: a ledger row
 *
 * Returns: (transfer full): the supervision (督办领导): leader and lead
 *   department of a listed hazard; empty otherwise
 */
char *
fc_ledger_supervision_text (const FcLedgerRow *row)
{
  if (row->supervising_leader == NULL)
    return g_strdup ("");
  if (row->lead_department == NULL)
    return g_strdup (row->supervising_leader);
  /* Translators: the supervising leader, then the lead department */
  return g_strdup_printf (_("%s (lead: %s)"), row->supervising_leader, row->lead_department);
}

/**
 * fc_ledger_remarks_text:
 * @row: a ledger row
 *
 * Returns: (transfer full): the remarks (备注): location, criterion, interim
 *   controls, reopenings
 */
char *
fc_ledger_remarks_text (const FcLedgerRow *row)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (row->location != NULL)
    g_ptr_array_add (parts, g_strdup_printf (_("Location: %s"), row->location));
  if (row->criterion != NULL)
    g_ptr_array_add (parts, g_strdup_printf (_("Criterion: %s"), row->criterion));
  if (row->interim_controls != NULL)
    g_ptr_array_add (parts, g_strdup_printf (_("Interim controls: %s"), row->interim_controls));
  if (row->reopen_count > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "Reopened %u time after look-back",
                                                          "Reopened %u times after look-back",
                                                          row->reopen_count),
                                             row->reopen_count));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv ("; ", (char **) parts->pdata);
}

static void
set_text (JsonObject *object,
          const char *name,
          const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
  else
    json_object_set_null_member (object, name);
}

/**
 * fc_ledger_row_to_json:
 * @row: a ledger row
 *
 * Returns: (transfer full): the row with wire names, for scripts
 */
JsonObject *
fc_ledger_row_to_json (const FcLedgerRow *row)
{
  JsonObject *o = json_object_new ();

  set_text (o, "id", row->id);
  set_text (o, "facility_id", row->facility_id);
  set_text (o, "facility_name", row->facility_name);
  set_text (o, "town", row->town);
  set_text (o, "area_leader", row->area_leader);
  set_text (o, "line_department", row->line_department);
  set_text (o, "point_cadre", row->point_cadre);
  set_text (o, "category", fc_category_to_string (row->category));
  set_text (o, "level", fc_hazard_level_to_string (row->level));
  set_text (o, "status", fc_hazard_status_to_string (row->status));
  set_text (o, "description", row->description);
  set_text (o, "location", row->location);
  set_text (o, "criterion", row->criterion);
  set_text (o, "source", row->source);
  set_text (o, "inspection_kind", row->inspection_kind);
  set_text (o, "found_at", row->found_at);
  set_text (o, "responsible_party", row->responsible_party);
  set_text (o, "responsible_person", row->responsible_person);
  set_text (o, "measures", row->measures);
  if (row->has_funds)
    json_object_set_double_member (o, "funds", row->funds);
  else
    json_object_set_null_member (o, "funds");
  set_text (o, "deadline", row->deadline);
  set_text (o, "plan", row->plan);
  set_text (o, "interim_controls", row->interim_controls);
  set_text (o, "supervising_leader", row->supervising_leader);
  set_text (o, "lead_department", row->lead_department);
  set_text (o, "supervised_at", row->supervised_at);
  set_text (o, "status_note", row->status_note);
  set_text (o, "verifier", row->verifier);
  set_text (o, "verifier_org", row->verifier_org);
  set_text (o, "accepted_at", row->accepted_at);
  set_text (o, "acceptance_outcome", row->acceptance_outcome);
  set_text (o, "closed_at", row->closed_at);
  json_object_set_int_member (o, "reopen_count", row->reopen_count);
  json_object_set_boolean_member (o, "overdue", row->overdue);
  json_object_set_int_member (o, "days_overdue", row->days_overdue);
  return o;
}

/**
 * fc_ledger_to_json:
 * @ledger: a ledger
 *
 * Returns: (transfer full): one object per row
 */
JsonArray *
fc_ledger_to_json (const FcLedger *ledger)
{
  JsonArray *rows = json_array_sized_new (ledger->len);

  for (guint i = 0; i < ledger->len; i++)
    json_array_add_object_element (rows, fc_ledger_row_to_json (&ledger->rows[i]));
  return rows;
}
