/* fc-walk.c: an inspection as the team walks it
 *
 * A walk is a snapshot read in one go: the items of the template the
 * inspection is pinned to, each with its latest answer (the revision no
 * other revision supersedes), the members, the section owners and the
 * facility's equipment. Moving from item to item reads nothing from the
 * disk; an answer produces a fresh snapshot.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "fc-error.h"
#include "fc-i18n.h"
#include "fc-queries.h"
#include "fc-walk.h"

struct _FcWalk
{
  gatomicrefcount  ref_count;
  char            *inspection_id;
  char            *facility_id;
  char            *facility_name;
  char            *facility_type;
  char            *template_title_zh;
  char            *template_title_en;
  char            *template_version;
  char            *kind;
  char            *started_at;
  char            *finished_at;
  char            *section_owner[FC_N_CATEGORIES];
  GHashTable      *people;      /* person id -> name, for members and owners */
  GPtrArray       *items;       /* of FcWalkItem* */
  GPtrArray       *equipment;   /* of FcWalkEquipment* */
};

static const char * const method_names[] = { "look", "test", "ask", "measure", "documents" };
static const char * const answer_type_names[] = { "pass_fail_na", "number", "text", "choice" };
static const char * const verification_names[] = { "verified", "partly", "unverified" };

static guint
index_of (const char * const *names,
          guint               n_names,
          const char         *name)
{
  for (guint i = 0; i < n_names; i++)
    if (g_strcmp0 (names[i], name) == 0)
      return i;
  return 0;
}

/**
 * fc_walk_item_free:
 * @item: (nullable): an item of fc_walk_item_load()
 */
void
fc_walk_item_free (FcWalkItem *item)
{
  if (item == NULL)
    return;
  g_free (item->item_id);
  g_free (item->code);
  g_free (item->content_zh);
  g_free (item->content_en);
  g_free (item->standard_zh);
  g_free (item->standard_en);
  g_free (item->unit);
  g_strfreev (item->choice_codes);
  g_strfreev (item->choice_labels_zh);
  g_strfreev (item->choice_labels_en);
  g_strfreev (item->equipment_kinds);
  g_free (item->major_standard);
  g_free (item->major_standard_version);
  g_free (item->major_clause);
  g_free (item->result_id);
  g_free (item->answer);
  g_free (item->note);
  g_free (item->author_id);
  g_free (item->recorded_at);
  g_free (item->hazard_id);
  g_free (item);
}

static void
fc_walk_equipment_free (FcWalkEquipment *equipment)
{
  g_free (equipment->id);
  g_free (equipment->kind);
  g_free (equipment->name);
  g_free (equipment->location);
  g_free (equipment->tag_code);
  g_free (equipment->expires_on);
  g_free (equipment);
}

FcWalk *
fc_walk_ref (FcWalk *walk)
{
  g_return_val_if_fail (walk != NULL, NULL);
  g_atomic_ref_count_inc (&walk->ref_count);
  return walk;
}

void
fc_walk_unref (FcWalk *walk)
{
  g_return_if_fail (walk != NULL);

  if (!g_atomic_ref_count_dec (&walk->ref_count))
    return;
  g_free (walk->inspection_id);
  g_free (walk->facility_id);
  g_free (walk->facility_name);
  g_free (walk->facility_type);
  g_free (walk->template_title_zh);
  g_free (walk->template_title_en);
  g_free (walk->template_version);
  g_free (walk->kind);
  g_free (walk->started_at);
  g_free (walk->finished_at);
  for (guint i = 0; i < FC_N_CATEGORIES; i++)
    g_free (walk->section_owner[i]);
  g_clear_pointer (&walk->people, g_hash_table_unref);
  g_clear_pointer (&walk->items, g_ptr_array_unref);
  g_clear_pointer (&walk->equipment, g_ptr_array_unref);
  g_free (walk);
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           col)
{
  if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, col));
}

static void
parse_answer_spec (FcWalkItem *item,
                   const char *spec)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;

  item->min = NAN;
  item->max = NAN;
  if (spec == NULL || !json_parser_load_from_data (parser, spec, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return;
  object = json_node_get_object (json_parser_get_root (parser));
  if (json_object_has_member (object, "min"))
    item->min = json_object_get_double_member (object, "min");
  if (json_object_has_member (object, "max"))
    item->max = json_object_get_double_member (object, "max");
  item->unit = g_strdup (json_object_get_string_member_with_default (object, "unit", NULL));
  if (json_object_has_member (object, "choices"))
    {
      JsonArray *choices = json_object_get_array_member (object, "choices");
      guint n = json_array_get_length (choices);

      item->choice_codes = g_new0 (char *, n + 1);
      item->choice_labels_zh = g_new0 (char *, n + 1);
      item->choice_labels_en = g_new0 (char *, n + 1);
      for (guint i = 0; i < n; i++)
        {
          JsonObject *choice = json_array_get_object_element (choices, i);

          item->choice_codes[i] = g_strdup (json_object_get_string_member (choice, "code"));
          item->choice_labels_zh[i] = g_strdup (json_object_get_string_member (choice, "zh_CN"));
          item->choice_labels_en[i] = g_strdup (json_object_get_string_member (choice, "en"));
        }
    }
}

static FcMethods
parse_methods (const char *list)
{
  g_auto(GStrv) names = g_strsplit (list ? list : "", ",", -1);
  FcMethods methods = 0;

  for (guint i = 0; names[i] != NULL; i++)
    for (guint m = 0; m < G_N_ELEMENTS (method_names); m++)
      if (g_str_equal (names[i], method_names[m]))
        methods |= 1 << m;
  return methods;
}

#define ITEMS_SQL \
  "SELECT c.id, c.code, c.category, c.content_zh, c.content_en, c.standard_zh, c.standard_en," \
  " c.methods, c.responsible_role, c.answer_type, c.answer_spec, c.equipment_kinds," \
  " c.photo_on_fail, c.major_standard, c.major_standard_version, c.major_clause," \
  " c.major_verification, c.expert_judgement," \
  " r.id, r.answer, r.value_number, r.note, r.author_id, r.recorded_at," \
  " (SELECT count (*) FROM result x WHERE x.inspection_id = ?1 AND x.item_id = c.id)" \
  " FROM checklist_item c" \
  " LEFT JOIN result r ON r.id = (SELECT x.id FROM result x" \
  "   WHERE x.inspection_id = ?1 AND x.item_id = c.id AND NOT EXISTS (SELECT 1 FROM result s" \
  "     WHERE s.inspection_id = ?1 AND s.item_id = c.id AND s.supersedes = x.id)" \
  "   ORDER BY x.recorded_at DESC, x.id DESC LIMIT 1)" \
  " WHERE c.template_id = ?2 AND (?3 IS NULL OR c.id = ?3) ORDER BY c.position"

static gboolean
load_items (GPtrArray   *items,
            FcStore     *store,
            const char  *inspection_id,
            const char  *template_id,
            const char  *item_id,
            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = fc_store_prepare (store, ITEMS_SQL, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, inspection_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, template_id, -1, SQLITE_STATIC);
  if (item_id != NULL)
    sqlite3_bind_text (stmt, 3, item_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FcWalkItem *item = g_new0 (FcWalkItem, 1);
      const char *kinds = (const char *) sqlite3_column_text (stmt, 11);

      item->index = items->len;
      item->item_id = column_dup (stmt, 0);
      item->code = column_dup (stmt, 1);
      fc_category_from_string ((const char *) sqlite3_column_text (stmt, 2), &item->category);
      item->content_zh = column_dup (stmt, 3);
      item->content_en = column_dup (stmt, 4);
      item->standard_zh = column_dup (stmt, 5);
      item->standard_en = column_dup (stmt, 6);
      item->methods = parse_methods ((const char *) sqlite3_column_text (stmt, 7));
      item->responsible_role = fc_roles_from_string ((const char *) sqlite3_column_text (stmt, 8), NULL);
      item->answer_type = index_of (answer_type_names, G_N_ELEMENTS (answer_type_names),
                                    (const char *) sqlite3_column_text (stmt, 9));
      parse_answer_spec (item, (const char *) sqlite3_column_text (stmt, 10));
      item->equipment_kinds = kinds && *kinds ? g_strsplit (kinds, ",", -1) : NULL;
      item->photo_on_fail = sqlite3_column_int (stmt, 12);
      item->major_standard = column_dup (stmt, 13);
      item->major_standard_version = column_dup (stmt, 14);
      item->major_clause = column_dup (stmt, 15);
      item->major_verification = index_of (verification_names, G_N_ELEMENTS (verification_names),
                                           (const char *) sqlite3_column_text (stmt, 16));
      item->expert_judgement = sqlite3_column_int (stmt, 17);
      item->result_id = column_dup (stmt, 18);
      item->answer = column_dup (stmt, 19);
      item->has_number = sqlite3_column_type (stmt, 20) != SQLITE_NULL;
      item->number = sqlite3_column_double (stmt, 20);
      item->note = column_dup (stmt, 21);
      item->author_id = column_dup (stmt, 22);
      item->recorded_at = column_dup (stmt, 23);
      item->revisions = (guint) sqlite3_column_int (stmt, 24);
      g_ptr_array_add (items, item);
    }
  if (rc != SQLITE_DONE)
    {
      fc_store_set_sqlite_error (store, error, _("Cannot read the checklist of the inspection"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
load_hazards (FcWalk      *walk,
              FcStore     *store,
              GError     **error)
{
  const char *params[] = { walk->facility_id, walk->inspection_id, NULL };
  g_autoptr(JsonArray) rows = NULL;
  g_autoptr(GHashTable) by_item = g_hash_table_new (g_str_hash, g_str_equal);

  rows = fc_query_rows (store, "SELECT id, item_id FROM hazard WHERE facility_id = ?1"
                               " AND inspection_id = ?2 AND item_id IS NOT NULL"
                               " ORDER BY found_at", params, error);
  if (rows == NULL)
    return FALSE;
  for (guint i = 0; i < walk->items->len; i++)
    {
      FcWalkItem *item = g_ptr_array_index (walk->items, i);

      g_hash_table_insert (by_item, item->item_id, item);
    }
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      FcWalkItem *item = g_hash_table_lookup (by_item, json_object_get_string_member (row, "item_id"));

      if (item != NULL)
        {
          g_free (item->hazard_id);
          item->hazard_id = g_strdup (json_object_get_string_member (row, "id"));
        }
    }
  return TRUE;
}

static gboolean
load_team (FcWalk      *walk,
           FcStore     *store,
           GError     **error)
{
  const char *params[] = { walk->inspection_id, NULL };
  g_autoptr(JsonArray) owners = NULL;
  g_autoptr(JsonArray) people = NULL;

  owners = fc_query_rows (store, "SELECT category, person_id FROM section_owner"
                                 " WHERE inspection_id = ?1", params, error);
  if (owners == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (owners); i++)
    {
      JsonObject *row = json_array_get_object_element (owners, i);
      FcCategory category;

      if (fc_category_from_string (json_object_get_string_member (row, "category"), &category))
        {
          g_free (walk->section_owner[category]);
          walk->section_owner[category] = g_strdup (json_object_get_string_member (row, "person_id"));
        }
    }

  people = fc_query_rows (store, "SELECT p.id, p.name FROM person p WHERE p.id IN"
                                 " (SELECT person_id FROM inspection_member WHERE inspection_id = ?1"
                                 "  UNION SELECT person_id FROM section_owner WHERE inspection_id = ?1"
                                 "  UNION SELECT author_id FROM result WHERE inspection_id = ?1)",
                          params, error);
  if (people == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (people); i++)
    {
      JsonObject *row = json_array_get_object_element (people, i);

      g_hash_table_insert (walk->people, g_strdup (json_object_get_string_member (row, "id")),
                           g_strdup (json_object_get_string_member (row, "name")));
    }
  return TRUE;
}

static gboolean
load_equipment (FcWalk      *walk,
                FcStore     *store,
                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = fc_store_prepare (store, "SELECT id, kind, name, location, tag_code, expires_on"
                                  " FROM equipment WHERE facility_id = ? AND retired = 0"
                                  " ORDER BY kind, name", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, walk->facility_id, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      FcWalkEquipment *equipment = g_new0 (FcWalkEquipment, 1);

      equipment->id = column_dup (stmt, 0);
      equipment->kind = column_dup (stmt, 1);
      equipment->name = column_dup (stmt, 2);
      equipment->location = column_dup (stmt, 3);
      equipment->tag_code = column_dup (stmt, 4);
      equipment->expires_on = column_dup (stmt, 5);
      g_ptr_array_add (walk->equipment, equipment);
    }
  return TRUE;
}

/**
 * fc_walk_load:
 * @store: the store
 * @inspection_id: an inspection
 * @error: set with %FC_ERROR_NOT_FOUND when there is no such inspection
 *
 * Reads the inspection with every item of its pinned template and each
 * item's latest answer.
 *
 * Returns: (transfer full): the walk, or %NULL
 */
FcWalk *
fc_walk_load (FcStore     *store,
              const char  *inspection_id,
              GError     **error)
{
  g_autoptr(FcWalk) walk = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *template_id = NULL;

  g_return_val_if_fail (FC_IS_STORE (store), NULL);
  g_return_val_if_fail (inspection_id != NULL, NULL);

  stmt = fc_store_prepare (store, "SELECT i.facility_id, f.name, f.type, i.template_id,"
                                  " t.title_zh, t.title_en, t.version, i.kind, i.started_at,"
                                  " i.finished_at FROM inspection i"
                                  " JOIN facility f ON f.id = i.facility_id"
                                  " JOIN checklist_template t ON t.id = i.template_id"
                                  " WHERE i.id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, inspection_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_NOT_FOUND,
                   _("The inspection is not on this device; sync, then open it again"));
      return NULL;
    }

  walk = g_new0 (FcWalk, 1);
  g_atomic_ref_count_init (&walk->ref_count);
  walk->inspection_id = g_strdup (inspection_id);
  walk->facility_id = column_dup (stmt, 0);
  walk->facility_name = column_dup (stmt, 1);
  walk->facility_type = column_dup (stmt, 2);
  template_id = column_dup (stmt, 3);
  walk->template_title_zh = column_dup (stmt, 4);
  walk->template_title_en = column_dup (stmt, 5);
  walk->template_version = column_dup (stmt, 6);
  walk->kind = column_dup (stmt, 7);
  walk->started_at = column_dup (stmt, 8);
  walk->finished_at = column_dup (stmt, 9);
  walk->people = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  walk->items = g_ptr_array_new_with_free_func ((GDestroyNotify) fc_walk_item_free);
  walk->equipment = g_ptr_array_new_with_free_func ((GDestroyNotify) fc_walk_equipment_free);

  if (!load_items (walk->items, store, inspection_id, template_id, NULL, error) ||
      !load_hazards (walk, store, error) ||
      !load_team (walk, store, error) ||
      !load_equipment (walk, store, error))
    return NULL;
  return g_steal_pointer (&walk);
}

/**
 * fc_walk_item_load:
 * @store: the store
 * @inspection_id: an inspection
 * @item_id: an item of the template @inspection_id is pinned to
 * @error: set with %FC_ERROR_NOT_FOUND when the item is not on that template
 *
 * Reads one item with its latest answer, as fc_walk_load() would.
 *
 * Returns: (transfer full): the item, or %NULL
 */
FcWalkItem *
fc_walk_item_load (FcStore     *store,
                   const char  *inspection_id,
                   const char  *item_id,
                   GError     **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) fc_walk_item_free);
  g_autofree char *template_id = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (FC_IS_STORE (store), NULL);
  g_return_val_if_fail (inspection_id != NULL && item_id != NULL, NULL);

  stmt = fc_store_prepare (store, "SELECT template_id FROM inspection WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, inspection_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    template_id = column_dup (stmt, 0);
  if (template_id == NULL ||
      !load_items (items, store, inspection_id, template_id, item_id, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, FC_ERROR, FC_ERROR_NOT_FOUND,
                     _("The inspection is not on this device; sync, then open it again"));
      return NULL;
    }
  if (items->len == 0)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_NOT_FOUND,
                   _("The item is not on the checklist this inspection uses"));
      return NULL;
    }
  return g_ptr_array_steal_index (items, 0);
}

const char *
fc_walk_get_inspection_id (FcWalk *walk)
{
  return walk->inspection_id;
}

const char *
fc_walk_get_facility_id (FcWalk *walk)
{
  return walk->facility_id;
}

const char *
fc_walk_get_facility_name (FcWalk *walk)
{
  return walk->facility_name;
}

const char *
fc_walk_get_template_title (FcWalk *walk)
{
  return fc_i18n_prefers_chinese () ? walk->template_title_zh : walk->template_title_en;
}

const char *
fc_walk_get_template_version (FcWalk *walk)
{
  return walk->template_version;
}

const char *
fc_walk_get_kind (FcWalk *walk)
{
  return walk->kind;
}

const char *
fc_walk_get_started_at (FcWalk *walk)
{
  return walk->started_at;
}

const char *
fc_walk_get_finished_at (FcWalk *walk)
{
  return walk->finished_at;
}

gboolean
fc_walk_is_finished (FcWalk *walk)
{
  return walk->finished_at != NULL;
}

/* Returns: (nullable): the person who walks @category */
const char *
fc_walk_get_section_owner (FcWalk     *walk,
                           FcCategory  category)
{
  g_return_val_if_fail ((guint) category < FC_N_CATEGORIES, NULL);
  return walk->section_owner[category];
}

/* Returns: (nullable): the name of a member, owner or author of the inspection */
const char *
fc_walk_get_person_name (FcWalk     *walk,
                         const char *person_id)
{
  return person_id ? g_hash_table_lookup (walk->people, person_id) : NULL;
}

guint
fc_walk_get_n_items (FcWalk *walk)
{
  return walk->items->len;
}

const FcWalkItem *
fc_walk_get_item (FcWalk *walk,
                  guint   index)
{
  g_return_val_if_fail (index < walk->items->len, NULL);
  return g_ptr_array_index (walk->items, index);
}

/* Returns: the item's index, or -1 */
int
fc_walk_find_item (FcWalk     *walk,
                   const char *item_id)
{
  for (guint i = 0; item_id != NULL && i < walk->items->len; i++)
    if (g_str_equal (((FcWalkItem *) g_ptr_array_index (walk->items, i))->item_id, item_id))
      return (int) i;
  return -1;
}

/* Returns: the first unanswered item of @category, else its first item, else -1 */
int
fc_walk_first_in_category (FcWalk     *walk,
                           FcCategory  category)
{
  int first = -1;

  for (guint i = 0; i < walk->items->len; i++)
    {
      const FcWalkItem *item = g_ptr_array_index (walk->items, i);

      if (item->category != category)
        continue;
      if (first < 0)
        first = (int) i;
      if (item->result_id == NULL)
        return (int) i;
    }
  return first;
}

/**
 * fc_walk_next_unanswered:
 * @walk: the walk
 * @after: an index, or -1 to start at the top
 *
 * Looks forward from @after, then wraps around to the top.
 *
 * Returns: the index of the next unanswered item, or -1 when all are answered
 */
int
fc_walk_next_unanswered (FcWalk *walk,
                         int     after)
{
  guint n = walk->items->len;

  for (guint step = 1; step <= n; step++)
    {
      guint i = (guint) ((after + (int) step) % (int) n + (int) n) % n;
      const FcWalkItem *item = g_ptr_array_index (walk->items, i);

      if (item->result_id == NULL)
        return (int) i;
    }
  return -1;
}

/**
 * fc_walk_item_is_failed:
 * @item: an item
 *
 * Returns: whether the latest answer is a fail (“fail”, or a reading out of limits)
 */
gboolean
fc_walk_item_is_failed (const FcWalkItem *item)
{
  return g_strcmp0 (item->answer, "fail") == 0;
}

/**
 * fc_walk_get_progress:
 * @walk: the walk
 * @category: a #FcCategory, or -1 for the whole walk
 *
 * Returns: answered, total and failed items
 */
FcWalkProgress
fc_walk_get_progress (FcWalk *walk,
                      int     category)
{
  FcWalkProgress progress = { 0 };

  for (guint i = 0; i < walk->items->len; i++)
    {
      const FcWalkItem *item = g_ptr_array_index (walk->items, i);

      if (category >= 0 && (int) item->category != category)
        continue;
      progress.total++;
      progress.answered += item->result_id != NULL;
      progress.failures += fc_walk_item_is_failed (item);
    }
  return progress;
}

/**
 * fc_walk_equipment_for_item:
 * @walk: the walk
 * @item: an item
 *
 * Returns: (transfer container) (element-type FcWalkEquipment): the facility's
 *   equipment of the kinds @item applies to
 */
GPtrArray *
fc_walk_equipment_for_item (FcWalk           *walk,
                            const FcWalkItem *item)
{
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; item->equipment_kinds != NULL && i < walk->equipment->len; i++)
    {
      FcWalkEquipment *equipment = g_ptr_array_index (walk->equipment, i);

      if (g_strv_contains ((const char * const *) item->equipment_kinds, equipment->kind))
        g_ptr_array_add (out, equipment);
    }
  return out;
}

const char *
fc_walk_item_content (const FcWalkItem *item)
{
  return fc_i18n_prefers_chinese () ? item->content_zh : item->content_en;
}

const char *
fc_walk_item_standard (const FcWalkItem *item)
{
  return fc_i18n_prefers_chinese () ? item->standard_zh : item->standard_en;
}

/**
 * fc_walk_item_answer_label:
 * @item: an item
 *
 * Returns: (transfer full) (nullable): the latest answer as people read it,
 *   e.g. “Fail”, “0.21 MPa (fail)”, a choice's label; %NULL when unanswered
 */
char *
fc_walk_item_answer_label (const FcWalkItem *item)
{
  if (item->answer == NULL)
    return NULL;

  if (g_str_equal (item->answer, "na"))
    /* Translators: an answer: the checklist item does not apply (不适用) */
    return g_strdup (_("Not applicable"));

  switch (item->answer_type)
    {
    case FC_ANSWER_NUMBER:
      if (item->has_number)
        return g_strdup_printf (fc_walk_item_is_failed (item) ?
                                /* Translators: a reading and its unit, out of limits */
                                _("%g %s (out of limits)") :
                                /* Translators: a reading and its unit, within limits */
                                _("%g %s (within limits)"),
                                item->number, item->unit ? item->unit : "");
      break;
    case FC_ANSWER_CHOICE:
      for (guint i = 0; item->choice_codes && item->choice_codes[i]; i++)
        if (g_str_equal (item->choice_codes[i], item->answer))
          return g_strdup (fc_i18n_prefers_chinese () ? item->choice_labels_zh[i]
                                                      : item->choice_labels_en[i]);
      break;
    case FC_ANSWER_TEXT:
      return g_strdup (item->answer);
    case FC_ANSWER_PASS_FAIL_NA:
    default:
      break;
    }

  if (g_str_equal (item->answer, "pass"))
    /* Translators: an answer: the item meets its standard (符合) */
    return g_strdup (_("Pass"));
  if (g_str_equal (item->answer, "fail"))
    /* Translators: an answer: the item does not meet its standard (不符合) */
    return g_strdup (_("Fail"));
  return g_strdup (item->answer);
}

/**
 * fc_walk_item_criterion:
 * @item: an item
 *
 * Returns: (transfer full) (nullable): the major-hazard criterion, e.g.
 *   “YL 第四条（二）”; %NULL for an item that is not a major-hazard item
 */
char *
fc_walk_item_criterion (const FcWalkItem *item)
{
  if (item->major_standard == NULL)
    return NULL;
  return g_strdup_printf ("%s %s", item->major_standard,
                          item->major_clause ? item->major_clause : "");
}
