/* fc-equipment.c: the equipment register of each facility, and what a scanned tag names
 *
 * Every change is an op through fc_store_write(). A tag code is used once in
 * the district; the store holds one district, whose code lives in the meta
 * table (a device learns it when it is enrolled). Retired equipment keeps its
 * tag, so scanning a tag left on a wall says what it was.
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "fc-equipment.h"
#include "fc-error.h"
#include "fc-queries.h"
#include "fc-store-write.h"

#define DISTRICT_KEY "district_code"

typedef struct
{
  const char *kind;
  const char *label;
} Kind;

/* The wire names the checklists' equipment_kinds use. */
static const Kind kinds[] = {
  { "extinguisher", N_("Fire extinguisher") },
  { "hydrant", N_("Fire hydrant") },
  { "alarm_panel", N_("Fire alarm panel") },
  { "emergency_light", N_("Emergency light") },
  { "exit_sign", N_("Exit sign") },
  { "fire_door", N_("Fire door") },
  { "gas_valve", N_("Gas shut-off valve") },
  { "gas_alarm", N_("Gas alarm") },
  { "stove", N_("Gas stove") },
  { "distribution_board", N_("Distribution board") },
  { "cable_run", N_("Cable run") },
  { "ebike_charger", N_("E-bike charging point") },
  { "drain", N_("Drain") },
  { "pump", N_("Pump") },
  { "lift", N_("Lift") },
  { "other", N_("Other equipment") },
};

/* Fields that `edit` may change, and whether they may be cleared. */
static const struct { const char *field; gboolean nullable; } editable[] = {
  { "facility_id", FALSE },
  { "kind", FALSE },
  { "name", FALSE },
  { "location", TRUE },
  { "tag_code", TRUE },
  { "installed_on", TRUE },
  { "last_serviced_on", TRUE },
  { "expires_on", TRUE },
};

#define ROW_COLUMNS \
  "e.id, e.facility_id, f.name AS facility_name, e.kind, e.name, e.location, e.tag_code," \
  " e.installed_on, e.last_serviced_on, e.expires_on, e.retired, e.retired_reason, e.retired_on"

/**
 * fc_equipment_kinds:
 *
 * Returns: (transfer none): the wire names of the kinds of equipment, %NULL-terminated
 */
const char *const *
fc_equipment_kinds (void)
{
  static const char *names[G_N_ELEMENTS (kinds) + 1];

  if (names[0] == NULL)
    for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
      names[i] = kinds[i].kind;
  return names;
}

gboolean
fc_equipment_kind_is_known (const char *kind)
{
  return fc_equipment_kind_label (kind) != NULL;
}

/**
 * fc_equipment_kind_label:
 * @kind: a wire name
 *
 * Returns: (nullable): the kind for people, translated; %NULL for an unknown kind
 */
const char *
fc_equipment_kind_label (const char *kind)
{
  for (guint i = 0; kind != NULL && i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kinds[i].kind, kind))
      return _(kinds[i].label);
  return NULL;
}

/**
 * fc_equipment_get_district:
 * @store: the store
 * @error: set with %FC_ERROR_NOT_FOUND when the district code is not set
 *
 * Returns: (transfer full): the 6-digit code of the district this store keeps
 */
char *
fc_equipment_get_district (FcStore  *store,
                           GError  **error)
{
  g_autofree char *district = NULL;

  g_return_val_if_fail (FC_IS_STORE (store), NULL);

  district = fc_store_get_meta (store, DISTRICT_KEY);
  if (!fc_tag_district_is_valid (district))
    {
      g_set_error (error, FC_ERROR, FC_ERROR_NOT_FOUND,
                   _("This database has no district code yet, so it cannot make or read tags; "
                     "set the district’s 6-digit administrative division code first"));
      return NULL;
    }
  return g_steal_pointer (&district);
}

/**
 * fc_equipment_set_district:
 * @store: the store
 * @district: the 6-digit administrative division code (GB/T 2260)
 * @error: set with %FC_ERROR_INVALID for anything else
 *
 * Returns: %TRUE when saved
 */
gboolean
fc_equipment_set_district (FcStore     *store,
                           const char  *district,
                           GError     **error)
{
  g_return_val_if_fail (FC_IS_STORE (store), FALSE);
  g_return_val_if_fail (district != NULL, FALSE);

  if (!fc_tag_district_is_valid (district))
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                   _("“%s” is not a district code: use the 6-digit administrative division code"),
                   district);
      return FALSE;
    }
  return fc_store_set_meta (store, DISTRICT_KEY, district, error);
}

static gboolean
check_date (const char  *field,
            const char  *value,
            GError     **error)
{
  guint y, m, d;
  char end;

  if (value == NULL)
    return TRUE;
  if (sscanf (value, "%4u-%2u-%2u%c", &y, &m, &d, &end) == 3 && strlen (value) == 10 &&
      g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return TRUE;
  g_set_error (error, FC_ERROR, FC_ERROR_INVALID, _("%s: “%s” is not a date; write YYYY-MM-DD"),
               field, value);
  return FALSE;
}

static gboolean
check_facility (FcStore     *store,
                const char  *facility_id,
                GError     **error)
{
  const char *params[] = { facility_id, NULL };
  g_autoptr(JsonArray) rows = fc_query_rows (store,
    "SELECT 1 FROM facility WHERE id = ? AND retired = 0", params, error);

  if (rows == NULL)
    return FALSE;
  if (json_array_get_length (rows) == 0)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_NOT_FOUND, _("There is no facility “%s”"),
                   facility_id);
      return FALSE;
    }
  return TRUE;
}

/* A tag code is on one piece of equipment in the district, retired or not. */
static gboolean
check_tag_free (FcStore     *store,
                const char  *tag_code,
                const char  *equipment_id,
                GError     **error)
{
  const char *params[] = { tag_code, equipment_id ? equipment_id : "", NULL };
  g_autoptr(JsonArray) rows = fc_query_rows (store,
    "SELECT e.name, f.name AS facility_name FROM equipment e"
    " JOIN facility f ON f.id = e.facility_id WHERE e.tag_code = ? AND e.id <> ?",
    params, error);
  JsonObject *row;

  if (rows == NULL)
    return FALSE;
  if (json_array_get_length (rows) == 0)
    return TRUE;
  row = json_array_get_object_element (rows, 0);
  g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
               _("The tag %s is already on “%s” at %s; a tag code is used once in the district"),
               tag_code, json_object_get_string_member (row, "name"),
               json_object_get_string_member (row, "facility_name"));
  return FALSE;
}

static gboolean
write_checked (FcStore     *store,
               FcOp        *op,
               const char  *tag_code,
               const char  *equipment_id,
               GError     **error)
{
  /* The check and the write share a transaction: no other write slips between. */
  if (!fc_store_begin (store, error))
    return FALSE;
  if ((tag_code != NULL && !check_tag_free (store, tag_code, equipment_id, error)) ||
      !fc_store_write (store, op, error))
    {
      fc_store_rollback (store);
      return FALSE;
    }
  return fc_store_commit (store, error);
}

static gboolean
check_required (const char  *field,
                const char  *value,
                GError     **error)
{
  if (value != NULL && *value != '\0')
    return TRUE;
  g_set_error (error, FC_ERROR, FC_ERROR_INVALID, _("Equipment needs a %s"), field);
  return FALSE;
}

static gboolean
check_kind (const char  *kind,
            GError     **error)
{
  g_autofree char *known = NULL;

  if (fc_equipment_kind_is_known (kind))
    return TRUE;
  known = g_strjoinv (", ", (char **) fc_equipment_kinds ());
  g_set_error (error, FC_ERROR, FC_ERROR_INVALID, _("“%s” is not a kind of equipment; use one of: %s"),
               kind, known);
  return FALSE;
}

/**
 * fc_equipment_add:
 * @store: the store
 * @record: the new equipment
 * @error: %FC_ERROR_NOT_FOUND for an unknown facility, %FC_ERROR_INVALID for a
 *   bad field or a tag code already in use
 *
 * Returns: (transfer full): the new equipment's id, or %NULL
 */
char *
fc_equipment_add (FcStore                  *store,
                  const FcEquipmentRecord  *record,
                  GError                  **error)
{
  g_autoptr(FcOp) op = NULL;
  g_autofree char *tag = NULL;

  g_return_val_if_fail (FC_IS_STORE (store), NULL);
  g_return_val_if_fail (record != NULL, NULL);

  if (!check_required ("facility", record->facility_id, error) ||
      !check_required ("kind", record->kind, error) ||
      !check_required ("name", record->name, error) ||
      !check_kind (record->kind, error) ||
      !check_date ("installed_on", record->installed_on, error) ||
      !check_date ("last_serviced_on", record->last_serviced_on, error) ||
      !check_date ("expires_on", record->expires_on, error) ||
      !check_facility (store, record->facility_id, error))
    return NULL;
  if (record->tag_code != NULL && (tag = fc_tag_normalize_code (record->tag_code, error)) == NULL)
    return NULL;

  op = fc_op_new_insert ("equipment", NULL);
  fc_op_set_string (op, "facility_id", record->facility_id);
  fc_op_set_string (op, "kind", record->kind);
  fc_op_set_string (op, "name", record->name);
  if (record->location != NULL)
    fc_op_set_string (op, "location", record->location);
  if (tag != NULL)
    fc_op_set_string (op, "tag_code", tag);
  if (record->installed_on != NULL)
    fc_op_set_string (op, "installed_on", record->installed_on);
  if (record->last_serviced_on != NULL)
    fc_op_set_string (op, "last_serviced_on", record->last_serviced_on);
  if (record->expires_on != NULL)
    fc_op_set_string (op, "expires_on", record->expires_on);
  if (!write_checked (store, op, tag, NULL, error))
    return NULL;
  return g_strdup (op->row_id);
}

static gboolean
check_exists (FcStore     *store,
              const char  *equipment_id,
              gboolean    *retired,
              GError     **error)
{
  g_autoptr(JsonObject) row = fc_equipment_get (store, equipment_id, error);

  if (row == NULL)
    return FALSE;
  if (retired != NULL)
    *retired = json_object_get_int_member (row, "retired") != 0;
  return TRUE;
}

/**
 * fc_equipment_edit:
 * @store: the store
 * @equipment_id: the equipment
 * @changes: (array zero-terminated=1): field, value, field, value, …; an empty
 *   value clears location, tag_code and the dates
 * @error: %FC_ERROR_NOT_FOUND for unknown equipment or facility,
 *   %FC_ERROR_INVALID for a field that cannot be edited or a bad value
 *
 * Changes the fields in one op.
 *
 * Returns: %TRUE when saved
 */
gboolean
fc_equipment_edit (FcStore            *store,
                   const char         *equipment_id,
                   const char *const  *changes,
                   GError            **error)
{
  g_autoptr(FcOp) op = NULL;
  g_autofree char *tag = NULL;
  gboolean any = FALSE;

  g_return_val_if_fail (FC_IS_STORE (store), FALSE);
  g_return_val_if_fail (equipment_id != NULL, FALSE);
  g_return_val_if_fail (changes != NULL, FALSE);

  if (!check_exists (store, equipment_id, NULL, error))
    return FALSE;
  op = fc_op_new_update ("equipment", equipment_id);
  for (guint i = 0; changes[i] != NULL; i += 2)
    {
      const char *field = changes[i], *value = changes[i + 1];
      gboolean known = FALSE, nullable = FALSE;

      g_return_val_if_fail (value != NULL, FALSE);
      for (guint f = 0; f < G_N_ELEMENTS (editable); f++)
        if (g_str_equal (editable[f].field, field))
          {
            known = TRUE;
            nullable = editable[f].nullable;
          }
      if (!known)
        {
          g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                       _("“%s” is not a field of equipment that can be edited"), field);
          return FALSE;
        }
      if (*value == '\0' && !nullable)
        return check_required (field, value, error);
      any = TRUE;
      if (*value == '\0')
        {
          fc_op_set_null (op, field);
          continue;
        }
      if ((g_str_equal (field, "kind") && !check_kind (value, error)) ||
          (g_str_has_suffix (field, "_on") && !check_date (field, value, error)) ||
          (g_str_equal (field, "facility_id") && !check_facility (store, value, error)))
        return FALSE;
      if (g_str_equal (field, "tag_code"))
        {
          g_clear_pointer (&tag, g_free);
          if ((tag = fc_tag_normalize_code (value, error)) == NULL)
            return FALSE;
          value = tag;
        }
      fc_op_set_string (op, field, value);
    }
  if (!any)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID, _("Name at least one field to change"));
      return FALSE;
    }
  return write_checked (store, op, tag, equipment_id, error);
}

/**
 * fc_equipment_retire:
 * @store: the store
 * @equipment_id: the equipment
 * @error: %FC_ERROR_NOT_FOUND for unknown equipment
 *
 * Retires the equipment without a reason; see fc_equipment_retire_because().
 *
 * Returns: %TRUE when it is retired (also when it already was)
 */
gboolean
fc_equipment_retire (FcStore     *store,
                     const char  *equipment_id,
                     GError     **error)
{
  return fc_equipment_retire_because (store, equipment_id, NULL, error);
}

/**
 * fc_equipment_retire_because:
 * @store: the store
 * @equipment_id: the equipment
 * @reason: (nullable): why it leaves the register (replaced, removed, condemned…)
 * @error: %FC_ERROR_NOT_FOUND for unknown equipment
 *
 * Takes the equipment out of the register, in one op that also records the
 * reason and today's date. Nothing is deleted: its results and hazards keep
 * pointing at it, and its tag still resolves to it. Equipment that is already
 * retired keeps the reason it was retired for.
 *
 * Returns: %TRUE when it is retired (also when it already was)
 */
gboolean
fc_equipment_retire_because (FcStore     *store,
                             const char  *equipment_id,
                             const char  *reason,
                             GError     **error)
{
  g_autoptr(FcOp) op = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *today = NULL;
  g_autofree char *trimmed = NULL;
  gboolean retired = FALSE;

  g_return_val_if_fail (FC_IS_STORE (store), FALSE);
  g_return_val_if_fail (equipment_id != NULL, FALSE);

  if (!check_exists (store, equipment_id, &retired, error))
    return FALSE;
  if (retired)
    return TRUE;
  now = g_date_time_new_now_local ();
  today = g_date_time_format (now, "%Y-%m-%d");
  trimmed = g_strstrip (g_strdup (reason ? reason : ""));
  op = fc_op_new_update ("equipment", equipment_id);
  fc_op_set_int (op, "retired", 1);
  fc_op_set_string (op, "retired_on", today);
  if (*trimmed != '\0')
    fc_op_set_string (op, "retired_reason", trimmed);
  return fc_store_write (store, op, error);
}

/**
 * fc_equipment_return_to_service:
 * @store: the store
 * @equipment_id: the equipment
 * @error: %FC_ERROR_NOT_FOUND for unknown equipment
 *
 * Puts retired equipment back in the register (retired by mistake, or
 * repaired and re-installed), in one op that also clears the day and the
 * reason it was retired; the op-log keeps both.
 *
 * Returns: %TRUE when it is in service (also when it already was)
 */
gboolean
fc_equipment_return_to_service (FcStore     *store,
                                const char  *equipment_id,
                                GError     **error)
{
  g_autoptr(FcOp) op = NULL;
  gboolean retired = FALSE;

  g_return_val_if_fail (FC_IS_STORE (store), FALSE);
  g_return_val_if_fail (equipment_id != NULL, FALSE);

  if (!check_exists (store, equipment_id, &retired, error))
    return FALSE;
  if (!retired)
    return TRUE;
  op = fc_op_new_update ("equipment", equipment_id);
  fc_op_set_int (op, "retired", 0);
  fc_op_set_null (op, "retired_on");
  fc_op_set_null (op, "retired_reason");
  return fc_store_write (store, op, error);
}

/**
 * fc_equipment_list:
 * @store: the store
 * @facility_id: the facility
 * @with_retired: also list retired equipment
 * @error: %FC_ERROR_NOT_FOUND for an unknown facility
 *
 * Returns: (transfer full): the facility's equipment, tagged first by tag code
 */
JsonArray *
fc_equipment_list (FcStore     *store,
                   const char  *facility_id,
                   gboolean     with_retired,
                   GError     **error)
{
  const char *params[] = { facility_id, with_retired ? "1" : "0", NULL };

  g_return_val_if_fail (FC_IS_STORE (store), NULL);
  g_return_val_if_fail (facility_id != NULL, NULL);

  if (!check_facility (store, facility_id, error))
    return NULL;
  return fc_query_rows (store,
    "SELECT " ROW_COLUMNS " FROM equipment e JOIN facility f ON f.id = e.facility_id"
    " WHERE e.facility_id = ?1 AND (e.retired = 0 OR ?2 = '1')"
    " ORDER BY e.tag_code IS NULL, e.tag_code, e.name",
    params, error);
}

static JsonObject *
one_row (FcStore     *store,
         const char  *sql,
         const char  *param,
         GError     **error)
{
  const char *params[] = { param, NULL };
  g_autoptr(JsonArray) rows = fc_query_rows (store, sql, params, error);

  if (rows == NULL || json_array_get_length (rows) == 0)
    return NULL;
  return json_object_ref (json_array_get_object_element (rows, 0));
}

/**
 * fc_equipment_get:
 * @store: the store
 * @equipment_id: the equipment
 * @error: %FC_ERROR_NOT_FOUND when there is none
 *
 * Returns: (transfer full): the equipment with its facility_name, or %NULL
 */
JsonObject *
fc_equipment_get (FcStore     *store,
                  const char  *equipment_id,
                  GError     **error)
{
  GError *local_error = NULL;
  JsonObject *row;

  g_return_val_if_fail (FC_IS_STORE (store), NULL);
  g_return_val_if_fail (equipment_id != NULL, NULL);

  row = one_row (store, "SELECT " ROW_COLUMNS " FROM equipment e"
                 " JOIN facility f ON f.id = e.facility_id WHERE e.id = ?",
                 equipment_id, &local_error);
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  else if (row == NULL)
    g_set_error (error, FC_ERROR, FC_ERROR_NOT_FOUND, _("There is no equipment “%s”"),
                 equipment_id);
  return row;
}

/**
 * fc_equipment_find_by_tag:
 * @store: the store
 * @tag_code: a tag code, in any letter case
 * @error: %FC_ERROR_NOT_FOUND when no equipment carries it
 *
 * Returns: (transfer full): the equipment with its facility_name, or %NULL
 */
JsonObject *
fc_equipment_find_by_tag (FcStore     *store,
                          const char  *tag_code,
                          GError     **error)
{
  g_autofree char *code = NULL;
  GError *local_error = NULL;
  JsonObject *row;

  g_return_val_if_fail (FC_IS_STORE (store), NULL);
  g_return_val_if_fail (tag_code != NULL, NULL);

  code = fc_tag_normalize_code (tag_code, error);
  if (code == NULL)
    return NULL;
  row = one_row (store, "SELECT " ROW_COLUMNS " FROM equipment e"
                 " JOIN facility f ON f.id = e.facility_id WHERE e.tag_code = ?",
                 code, &local_error);
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  else if (row == NULL)
    g_set_error (error, FC_ERROR, FC_ERROR_NOT_FOUND, _("No equipment carries the tag %s"), code);
  return row;
}

void
fc_tag_match_clear (FcTagMatch *match)
{
  g_clear_pointer (&match->equipment, json_object_unref);
}

/**
 * fc_equipment_resolve_tag:
 * @store: the store
 * @text: what a camera, a photo or a wedge scanner read
 * @facility_id: (nullable): the facility being inspected, if any
 * @match: (out caller-allocates): what the tag names; clear it with fc_tag_match_clear()
 * @error: the FC_ERROR_TAG_* codes of fc_tag_parse() for text that is not a
 *   valid tag; %FC_ERROR_NOT_FOUND when the store has no district code
 *
 * Returns: %TRUE when @text is a valid tag; @match says whose
 */
gboolean
fc_equipment_resolve_tag (FcStore     *store,
                          const char  *text,
                          const char  *facility_id,
                          FcTagMatch  *match,
                          GError     **error)
{
  g_autofree char *district = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *owner;

  g_return_val_if_fail (FC_IS_STORE (store), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (match != NULL, FALSE);

  memset (match, 0, sizeof *match);
  if (!fc_tag_parse (text, &match->tag, error))
    return FALSE;
  district = fc_equipment_get_district (store, error);
  if (district == NULL)
    return FALSE;
  if (!g_str_equal (district, match->tag.district))
    {
      match->kind = FC_TAG_MATCH_OTHER_DISTRICT;
      return TRUE;
    }
  match->equipment = fc_equipment_find_by_tag (store, match->tag.code, &local_error);
  if (match->equipment == NULL)
    {
      if (!g_error_matches (local_error, FC_ERROR, FC_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      match->kind = FC_TAG_MATCH_UNKNOWN;
      return TRUE;
    }
  owner = json_object_get_string_member (match->equipment, "facility_id");
  match->kind = facility_id != NULL && !g_str_equal (facility_id, owner) ?
                FC_TAG_MATCH_OTHER_FACILITY : FC_TAG_MATCH_EQUIPMENT;
  return TRUE;
}

/**
 * fc_equipment_overview:
 * @store: the store
 * @equipment_id: the equipment
 * @template_id: (nullable): the checklist of the inspection under way, or %NULL
 *   for the newest version of every checklist of the facility's type
 * @error: %FC_ERROR_NOT_FOUND for unknown equipment
 *
 * What a scan of its tag shows: the equipment ("equipment", as
 * fc_equipment_get() gives it), its hazards not closed out yet ("hazards",
 * newest first), the latest answers recorded against it ("results", newest
 * first, at most ten, revisions superseded left out) and the checklist items
 * that apply to its kind ("items", in checklist order).
 *
 * Returns: (transfer full): the overview, or %NULL
 */
JsonObject *
fc_equipment_overview (FcStore     *store,
                       const char  *equipment_id,
                       const char  *template_id,
                       GError     **error)
{
  g_autoptr(JsonObject) overview = json_object_new ();
  g_autoptr(JsonObject) equipment = NULL;
  JsonArray *rows;
  const char *by_equipment[] = { equipment_id, NULL };
  const char *items_params[4] = { NULL };

  g_return_val_if_fail (FC_IS_STORE (store), NULL);
  g_return_val_if_fail (equipment_id != NULL, NULL);

  equipment = fc_equipment_get (store, equipment_id, error);
  if (equipment == NULL)
    return NULL;

  rows = fc_query_rows (store,
    "SELECT id, description, level, status, deadline, found_at FROM hazard"
    " WHERE equipment_id = ?1 AND status <> 'closed' ORDER BY found_at DESC, id DESC",
    by_equipment, error);
  if (rows == NULL)
    return NULL;
  json_object_set_array_member (overview, "hazards", rows);

  rows = fc_query_rows (store,
    "SELECT r.id, r.inspection_id, r.answer, r.note, r.recorded_at, i.id AS item_id, i.code,"
    " i.content_zh, i.content_en FROM result r JOIN checklist_item i ON i.id = r.item_id"
    " WHERE r.equipment_id = ?1 AND NOT EXISTS (SELECT 1 FROM result s WHERE s.supersedes = r.id)"
    " ORDER BY r.recorded_at DESC, r.id DESC LIMIT 10",
    by_equipment, error);
  if (rows == NULL)
    return NULL;
  json_object_set_array_member (overview, "results", rows);

  /* Kinds are a comma list: match whole names, so "drain" never finds "drainage". */
  items_params[0] = json_object_get_string_member (equipment, "kind");
  items_params[1] = json_object_get_string_member (equipment, "facility_id");
  items_params[2] = template_id;
  rows = fc_query_rows (store,
    "SELECT i.id, i.code, i.category, i.content_zh, i.content_en FROM checklist_item i"
    " JOIN checklist_template t ON t.id = i.template_id"
    " WHERE ',' || i.equipment_kinds || ',' LIKE '%,' || ?1 || ',%'"
    " AND CASE WHEN ?3 IS NOT NULL THEN t.id = ?3 ELSE"
    "  ',' || t.institution_types || ',' LIKE"
    "   '%,' || (SELECT type FROM facility WHERE id = ?2) || ',%'"
    "  AND t.version = (SELECT max (version) FROM checklist_template u WHERE u.code = t.code) END"
    " ORDER BY t.code, i.position",
    items_params, error);
  if (rows == NULL)
    return NULL;
  json_object_set_array_member (overview, "items", rows);
  json_object_set_object_member (overview, "equipment", g_steal_pointer (&equipment));
  return g_steal_pointer (&overview);
}
