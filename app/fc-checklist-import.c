/* fc-checklist-import.c: the shipped checklist templates, and putting templates into a store
 *
 * Template and item ids are derived from the template's code and version, so
 * every device that imports the same template writes the same rows and sync
 * converges without duplicates.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "fc-checklist-import.h"
#include "fc-core-resources.h"
#include "fc-error.h"
#include "fc-ids.h"
#include "fc-store-write.h"

#define CHECKLISTS_PATH "/org/fieldcheck/Fieldcheck/checklists"

/* g_ptr_array_sort() passes pointers to the elements. */
static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/**
 * fc_checklists_load_builtin:
 * @error: return location for an error
 *
 * Returns: (transfer full) (element-type FcChecklist): the templates compiled
 *   into this build, sorted by file name
 */
GPtrArray *
fc_checklists_load_builtin (GError **error)
{
  g_auto(GStrv) names = g_resource_enumerate_children (fc_core_get_resource (), CHECKLISTS_PATH,
                                                       G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  g_autoptr(GPtrArray) checklists = g_ptr_array_new_with_free_func ((GDestroyNotify) fc_checklist_free);

  if (names == NULL)
    return NULL;
  for (guint i = 0; names[i] != NULL; i++)
    if (g_str_has_suffix (names[i], ".json"))
      g_ptr_array_add (sorted, names[i]);
  g_ptr_array_sort (sorted, compare_names);

  for (guint i = 0; i < sorted->len; i++)
    {
      const char *name = g_ptr_array_index (sorted, i);
      g_autofree char *path = g_build_path ("/", CHECKLISTS_PATH, name, NULL);
      g_autoptr(GBytes) bytes = g_resource_lookup_data (fc_core_get_resource (), path,
                                                        G_RESOURCE_LOOKUP_FLAGS_NONE, error);
      FcChecklist *checklist;

      if (bytes == NULL)
        return NULL;
      checklist = fc_checklist_load_data (g_bytes_get_data (bytes, NULL),
                                          (gssize) g_bytes_get_size (bytes), name, error);
      if (checklist == NULL)
        return NULL;
      g_ptr_array_add (checklists, checklist);
    }
  return g_steal_pointer (&checklists);
}

/**
 * fc_checklist_template_id:
 * @code: the template's code
 * @version: its version
 *
 * Returns: (transfer full): the id every store gives this template version
 */
char *
fc_checklist_template_id (const char *code,
                          const char *version)
{
  g_autofree char *name = g_strdup_printf ("fieldcheck:template:%s:%s", code, version);

  return fc_id_derive (name);
}

static gboolean
template_exists (FcStore    *store,
                 const char *id)
{
  g_autoptr(sqlite3_stmt) stmt = fc_store_prepare (store, "SELECT 1 FROM checklist_template "
                                                          "WHERE id = ?", NULL);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

static char *
answer_spec_json (const FcChecklistItem *item)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  if (item->answer_type != FC_ANSWER_NUMBER && item->answer_type != FC_ANSWER_CHOICE)
    return NULL;

  json_builder_begin_object (b);
  if (item->answer_type == FC_ANSWER_NUMBER)
    {
      if (!isnan (item->min))
        {
          json_builder_set_member_name (b, "min");
          json_builder_add_double_value (b, item->min);
        }
      if (!isnan (item->max))
        {
          json_builder_set_member_name (b, "max");
          json_builder_add_double_value (b, item->max);
        }
      if (item->unit != NULL)
        {
          json_builder_set_member_name (b, "unit");
          json_builder_add_string_value (b, item->unit);
        }
    }
  else
    {
      json_builder_set_member_name (b, "choices");
      json_builder_begin_array (b);
      for (guint i = 0; i < item->choices->len; i++)
        {
          const FcChoice *choice = g_ptr_array_index (item->choices, i);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "code");
          json_builder_add_string_value (b, choice->code);
          json_builder_set_member_name (b, "zh_CN");
          json_builder_add_string_value (b, choice->label.zh_CN);
          json_builder_set_member_name (b, "en");
          json_builder_add_string_value (b, choice->label.en);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

static char *
institution_types_string (guint types)
{
  GString *out = g_string_new (NULL);

  for (guint t = 0; t < FC_N_FACILITY_TYPES; t++)
    if (types & (1u << t))
      {
        if (out->len > 0)
          g_string_append_c (out, ',');
        g_string_append (out, fc_facility_type_to_string ((FcFacilityType) t));
      }
  return g_string_free (out, FALSE);
}

static gboolean
write_item (FcStore               *store,
            const char            *template_id,
            const FcChecklistItem *item,
            guint                  position,
            GError               **error)
{
  g_autofree char *name = g_strdup_printf ("%s:%s", template_id, item->code);
  g_autofree char *id = fc_id_derive (name);
  g_autoptr(FcOp) op = fc_op_new_insert ("checklist_item", id);
  g_autofree char *methods = fc_methods_to_string (item->methods);
  g_autofree char *spec = answer_spec_json (item);
  g_autofree char *kinds = item->equipment_kinds ? g_strjoinv (",", item->equipment_kinds) : NULL;

  fc_op_set_string (op, "template_id", template_id);
  fc_op_set_string (op, "code", item->code);
  fc_op_set_int (op, "position", position);
  fc_op_set_string (op, "category", fc_category_to_string (item->category));
  fc_op_set_string (op, "content_zh", item->content.zh_CN);
  fc_op_set_string (op, "content_en", item->content.en);
  fc_op_set_string (op, "standard_zh", item->standard.zh_CN);
  fc_op_set_string (op, "standard_en", item->standard.en);
  fc_op_set_string (op, "methods", methods);
  fc_op_set_string (op, "responsible_role", fc_role_to_string (item->responsible_role));
  fc_op_set_string (op, "answer_type", fc_answer_type_to_string (item->answer_type));
  fc_op_set_string (op, "answer_spec", spec);
  fc_op_set_string (op, "equipment_kinds", kinds);
  fc_op_set_int (op, "photo_on_fail", item->photo_on_fail);
  if (item->major != NULL)
    {
      fc_op_set_string (op, "major_standard", item->major->standard);
      fc_op_set_string (op, "major_standard_version", item->major->standard_version);
      fc_op_set_string (op, "major_clause", item->major->clause);
      fc_op_set_string (op, "major_verification",
                        fc_verification_to_string (item->major->verification));
      fc_op_set_string (op, "major_source", item->major->source);
      fc_op_set_int (op, "expert_judgement", item->major->expert_judgement);
    }
  return fc_store_write (store, op, error);
}

/**
 * fc_store_import_checklist:
 * @store: the store
 * @checklist: a validated template
 * @error: return location for an error
 *
 * Writes the template and its items through the write API. A template
 * version already in the store is left as it is: versions never change.
 *
 * Returns: (transfer full): the template's id, or %NULL
 */
char *
fc_store_import_checklist (FcStore            *store,
                           const FcChecklist  *checklist,
                           GError            **error)
{
  g_autofree char *id = fc_checklist_template_id (checklist->code, checklist->version);
  g_autoptr(FcOp) op = NULL;
  g_autofree char *types = NULL;

  g_return_val_if_fail (FC_IS_STORE (store), NULL);

  if (template_exists (store, id))
    return g_steal_pointer (&id);

  types = institution_types_string (checklist->institution_types);
  op = fc_op_new_insert ("checklist_template", id);
  fc_op_set_string (op, "code", checklist->code);
  fc_op_set_string (op, "version", checklist->version);
  fc_op_set_string (op, "title_zh", checklist->title.zh_CN);
  fc_op_set_string (op, "title_en", checklist->title.en);
  fc_op_set_string (op, "institution_types", types);

  if (!fc_store_begin (store, error))
    return NULL;
  if (!fc_store_write (store, op, error))
    goto fail;
  for (guint i = 0; i < checklist->items->len; i++)
    if (!write_item (store, id, g_ptr_array_index (checklist->items, i), i, error))
      goto fail;
  if (!fc_store_commit (store, error))
    goto fail;
  return g_steal_pointer (&id);

fail:
  fc_store_rollback (store);
  return NULL;
}
