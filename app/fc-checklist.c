/* fc-checklist.c: checklist template files — parse, validate, hold in memory
 *
 * A template is refused as a whole at its first fault, and the message says where: the file,
 * the item (by code, or by position when the code itself is at fault) and the field, so that
 * whoever edits the file can go straight to the line. Unknown keys are refused too: in a
 * hand-edited file they are almost always typos of optional keys, which would otherwise be
 * silently ignored.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "fc-checklist.h"
#include "fc-error.h"

#define FORMAT_VERSION 1

static const char * const method_names[] = {
  "look", "test", "ask", "measure", "documents",
};

static const char * const answer_type_names[] = {
  "pass_fail_na", "number", "text", "choice",
};

static const char * const verification_names[] = {
  "verified", "partly", "unverified",
};

static const char * const standard_codes[] = {
  "YL", "ET", "JS", "JZ", NULL,
};

static const char * const template_keys[] = {
  "format", "code", "version", "title", "institution_types", "items", NULL,
};

static const char * const item_keys[] = {
  "code", "category", "content", "standard", "method", "responsible_role", "answer",
  "equipment_kinds", "photo_on_fail", "major", NULL,
};

static const char * const text_keys[] = { "zh_CN", "en", NULL };

static const char * const choice_keys[] = { "code", "label", NULL };

static const char * const major_keys[] = {
  "standard", "standard_version", "clause", "verification", "source", "expert_judgement", NULL,
};

static const char * const answer_keys_simple[] = { "type", NULL };
static const char * const answer_keys_number[] = { "type", "min", "max", "unit", NULL };
static const char * const answer_keys_choice[] = { "type", "choices", NULL };

/* Where the parser is, for error messages. */
typedef struct
{
  const char  *name;  /* the file name */
  char        *item;  /* "item GEN-FE-01" or "item #3"; NULL outside the items */
  GError     **error;
} Parse;

/* Free functions */

static void
fc_text_clear (FcText *text)
{
  g_clear_pointer (&text->zh_CN, g_free);
  g_clear_pointer (&text->en, g_free);
}

static void
fc_choice_free (FcChoice *choice)
{
  g_free (choice->code);
  fc_text_clear (&choice->label);
  g_free (choice);
}

static void
fc_major_criterion_free (FcMajorCriterion *major)
{
  g_free (major->standard);
  g_free (major->standard_version);
  g_free (major->clause);
  g_free (major->source);
  g_free (major);
}

static void
fc_checklist_item_free (FcChecklistItem *item)
{
  g_free (item->code);
  fc_text_clear (&item->content);
  fc_text_clear (&item->standard);
  g_free (item->unit);
  g_clear_pointer (&item->choices, g_ptr_array_unref);
  g_strfreev (item->equipment_kinds);
  g_clear_pointer (&item->major, fc_major_criterion_free);
  g_free (item);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcChoice, fc_choice_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcMajorCriterion, fc_major_criterion_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcChecklistItem, fc_checklist_item_free)

/**
 * fc_checklist_free:
 * @checklist: (nullable): a checklist
 *
 * Frees @checklist and everything it holds.
 */
void
fc_checklist_free (FcChecklist *checklist)
{
  if (checklist == NULL)
    return;

  g_free (checklist->code);
  g_free (checklist->version);
  fc_text_clear (&checklist->title);
  g_clear_pointer (&checklist->items, g_ptr_array_unref);
  g_free (checklist);
}

/* Error reporting */

static gboolean fail (Parse      *parse,
                      const char *format,
                      ...) G_GNUC_PRINTF (2, 3);

/* Sets the error and returns FALSE, so that callers can `return fail (…)`. */
static gboolean
fail (Parse      *parse,
      const char *format,
      ...)
{
  g_autofree char *problem = NULL;
  va_list args;

  va_start (args, format);
  problem = g_strdup_vprintf (format, args);
  va_end (args);

  if (parse->item != NULL)
    g_set_error (parse->error, FC_ERROR, FC_ERROR_INVALID,
                 /* Translators: "<file name>: <item>: <problem>", e.g.
                  * "general.json: item GEN-GAS-03: field “standard.en” is missing" */
                 _("%s: %s: %s"), parse->name, parse->item, problem);
  else
    g_set_error (parse->error, FC_ERROR, FC_ERROR_INVALID,
                 /* Translators: "<file name>: <problem>" */
                 _("%s: %s"), parse->name, problem);
  return FALSE;
}

static char *
field_path (const char *prefix,
            const char *member)
{
  if (prefix == NULL)
    return g_strdup (member);
  return g_strconcat (prefix, ".", member, NULL);
}

static gboolean
is_blank (const char *str)
{
  for (; *str != '\0'; str++)
    if (!g_ascii_isspace (*str))
      return FALSE;
  return TRUE;
}

/* Lowercase identifiers: template codes and equipment kinds */
static gboolean
is_wire_name (const char *str)
{
  if (*str == '\0')
    return FALSE;
  for (; *str != '\0'; str++)
    if (!g_ascii_islower (*str) && !g_ascii_isdigit (*str) && *str != '_')
      return FALSE;
  return TRUE;
}

/* Item and choice codes end up in QR payloads, reports and ledger exports: keep them plain. */
static gboolean
is_item_code (const char *str)
{
  gsize len = strlen (str);

  if (len == 0 || len > 32)
    return FALSE;
  for (; *str != '\0'; str++)
    if (!g_ascii_isalnum (*str) && *str != '_' && *str != '-')
      return FALSE;
  return TRUE;
}

static gboolean
lookup_name (const char * const *names,
             guint               n_names,
             const char         *str,
             guint              *out)
{
  for (guint i = 0; i < n_names; i++)
    if (g_str_equal (names[i], str))
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

/* Typed access to members. Each returns FALSE with the error set. */

static gboolean
check_keys (Parse              *parse,
            JsonObject         *object,
            const char         *prefix,
            const char * const *allowed)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (const GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      {
        g_autofree char *path = field_path (prefix, l->data);

        return fail (parse, _("field “%s” is unknown"), path);
      }
  return TRUE;
}

static gboolean
get_member (Parse       *parse,
            JsonObject  *object,
            const char  *prefix,
            const char  *member,
            gboolean     required,
            JsonNode   **out)
{
  *out = json_object_get_member (object, member);
  if (*out == NULL && required)
    {
      g_autofree char *path = field_path (prefix, member);

      return fail (parse, _("field “%s” is missing"), path);
    }
  return TRUE;
}

static gboolean
node_is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
node_is_number (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node)
         && (json_node_get_value_type (node) == G_TYPE_INT64
             || json_node_get_value_type (node) == G_TYPE_DOUBLE);
}

/* A string that must not be blank; *out stays NULL when an optional one is absent. */
static gboolean
get_string (Parse       *parse,
            JsonObject  *object,
            const char  *prefix,
            const char  *member,
            gboolean     required,
            char       **out)
{
  g_autofree char *path = field_path (prefix, member);
  JsonNode *node;

  if (!get_member (parse, object, prefix, member, required, &node))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!node_is_string (node))
    return fail (parse, _("field “%s” must be a string"), path);
  if (is_blank (json_node_get_string (node)))
    return fail (parse, _("field “%s” is empty"), path);

  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
get_object (Parse       *parse,
            JsonObject  *object,
            const char  *prefix,
            const char  *member,
            gboolean     required,
            JsonObject **out)
{
  JsonNode *node;

  *out = NULL;
  if (!get_member (parse, object, prefix, member, required, &node))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *path = field_path (prefix, member);

      return fail (parse, _("field “%s” must be an object"), path);
    }
  *out = json_node_get_object (node);
  return TRUE;
}

/* A non-empty array; *out stays NULL when an optional one is absent. */
static gboolean
get_array (Parse       *parse,
           JsonObject  *object,
           const char  *prefix,
           const char  *member,
           gboolean     required,
           JsonArray  **out)
{
  g_autofree char *path = field_path (prefix, member);
  JsonNode *node;

  *out = NULL;
  if (!get_member (parse, object, prefix, member, required, &node))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (parse, _("field “%s” must be a list"), path);
  if (json_array_get_length (json_node_get_array (node)) == 0)
    return fail (parse, _("field “%s” is an empty list"), path);

  *out = json_node_get_array (node);
  return TRUE;
}

/* The strings of a list of strings, checked for blanks and repeats. */
static gboolean
get_string_list (Parse       *parse,
                 JsonObject  *object,
                 const char  *prefix,
                 const char  *member,
                 gboolean     required,
                 GStrv       *out)
{
  g_autofree char *path = field_path (prefix, member);
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonArray *array;
  guint length;

  *out = NULL;
  if (!get_array (parse, object, prefix, member, required, &array))
    return FALSE;
  if (array == NULL)
    return TRUE;

  builder = g_strv_builder_new ();
  length = json_array_get_length (array);
  for (guint i = 0; i < length; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      const char *str;

      if (!node_is_string (node))
        return fail (parse, _("field “%s” must be a list of strings"), path);
      str = json_node_get_string (node);
      if (is_blank (str))
        return fail (parse, _("field “%s” holds an empty string"), path);
      for (guint j = 0; j < i; j++)
        if (g_strcmp0 (str, json_array_get_string_element (array, j)) == 0)
          return fail (parse, _("field “%s” names “%s” twice"), path, str);
      g_strv_builder_add (builder, str);
    }

  *out = g_strv_builder_end (builder);
  return TRUE;
}

static gboolean
get_boolean (Parse      *parse,
             JsonObject *object,
             const char *prefix,
             const char *member,
             gboolean   *out)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      g_autofree char *path = field_path (prefix, member);

      return fail (parse, _("field “%s” must be true or false"), path);
    }
  *out = json_node_get_boolean (node);
  return TRUE;
}

/* An optional number, NAN when absent. */
static gboolean
get_number (Parse      *parse,
            JsonObject *object,
            const char *prefix,
            const char *member,
            double     *out)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NAN;
  if (node == NULL)
    return TRUE;
  if (!node_is_number (node))
    {
      g_autofree char *path = field_path (prefix, member);

      return fail (parse, _("field “%s” must be a number"), path);
    }
  *out = json_node_get_double (node);
  return TRUE;
}

/* A bilingual text: both languages present and not blank, nothing else. */
static gboolean
get_text (Parse      *parse,
          JsonObject *object,
          const char *prefix,
          const char *member,
          FcText     *out)
{
  g_autofree char *path = field_path (prefix, member);
  JsonObject *text;

  if (!get_object (parse, object, prefix, member, TRUE, &text))
    return FALSE;
  if (!check_keys (parse, text, path, text_keys))
    return FALSE;
  return get_string (parse, text, path, "zh_CN", TRUE, &out->zh_CN)
         && get_string (parse, text, path, "en", TRUE, &out->en);
}

/* The parts of an item */

static gboolean
parse_methods (Parse      *parse,
               JsonObject *object,
               FcMethods  *out)
{
  g_auto(GStrv) names = NULL;

  *out = 0;
  if (!get_string_list (parse, object, NULL, "method", TRUE, &names))
    return FALSE;

  for (guint i = 0; names[i] != NULL; i++)
    {
      guint index;

      if (!lookup_name (method_names, G_N_ELEMENTS (method_names), names[i], &index))
        return fail (parse,
                     _("field “%s”: “%s” is not a method (look, test, ask, measure, documents)"),
                     "method", names[i]);
      *out |= 1 << index;
    }
  return TRUE;
}

static gboolean
parse_role (Parse      *parse,
            JsonObject *object,
            FcRoles    *out)
{
  g_autofree char *name = NULL;
  g_autoptr(GError) local_error = NULL;
  FcRoles roles;

  if (!get_string (parse, object, NULL, "responsible_role", TRUE, &name))
    return FALSE;

  roles = fc_roles_from_string (name, &local_error);
  if (local_error != NULL)
    return fail (parse, _("field “%s”: “%s” is not a role"), "responsible_role", name);
  if (roles == 0 || (roles & (roles - 1)) != 0)
    return fail (parse, _("field “%s” must name exactly one role"), "responsible_role");

  *out = roles;
  return TRUE;
}

static FcChoice *
parse_choice (Parse      *parse,
              JsonNode   *node,
              const char *path,
              GHashTable *seen)
{
  g_autoptr(FcChoice) choice = g_new0 (FcChoice, 1);
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (parse, _("field “%s” must be an object"), path);
      return NULL;
    }
  object = json_node_get_object (node);

  if (!check_keys (parse, object, path, choice_keys)
      || !get_string (parse, object, path, "code", TRUE, &choice->code))
    return NULL;
  if (!is_item_code (choice->code))
    {
      fail (parse, _("field “%s.code”: “%s” may hold only letters, digits, “-” and “_”"),
            path, choice->code);
      return NULL;
    }
  if (g_hash_table_contains (seen, choice->code))
    {
      fail (parse, _("field “%s.code”: “%s” is already used by another choice"),
            path, choice->code);
      return NULL;
    }
  if (!get_text (parse, object, path, "label", &choice->label))
    return NULL;

  g_hash_table_add (seen, choice->code);
  return g_steal_pointer (&choice);
}

static gboolean
parse_answer (Parse           *parse,
              JsonObject      *item_object,
              FcChecklistItem *item)
{
  static const char * const *allowed[] = {
    [FC_ANSWER_PASS_FAIL_NA] = answer_keys_simple,
    [FC_ANSWER_NUMBER] = answer_keys_number,
    [FC_ANSWER_TEXT] = answer_keys_simple,
    [FC_ANSWER_CHOICE] = answer_keys_choice,
  };
  g_autofree char *type = NULL;
  JsonObject *answer;
  guint index;

  item->min = NAN;
  item->max = NAN;

  if (!get_object (parse, item_object, NULL, "answer", TRUE, &answer)
      || !get_string (parse, answer, "answer", "type", TRUE, &type))
    return FALSE;
  if (!lookup_name (answer_type_names, G_N_ELEMENTS (answer_type_names), type, &index))
    return fail (parse,
                 _("field “%s”: “%s” is not an answer type (pass_fail_na, number, text, choice)"),
                 "answer.type", type);
  item->answer_type = index;

  if (!check_keys (parse, answer, "answer", allowed[item->answer_type]))
    return FALSE;

  if (item->answer_type == FC_ANSWER_NUMBER)
    {
      if (!get_number (parse, answer, "answer", "min", &item->min)
          || !get_number (parse, answer, "answer", "max", &item->max)
          || !get_string (parse, answer, "answer", "unit", FALSE, &item->unit))
        return FALSE;
      if (!isnan (item->min) && !isnan (item->max) && item->min > item->max)
        return fail (parse, _("field “%s” (%g) is greater than field “%s” (%g)"),
                     "answer.min", item->min, "answer.max", item->max);
    }
  else if (item->answer_type == FC_ANSWER_CHOICE)
    {
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
      JsonArray *choices;
      guint length;

      if (!get_array (parse, answer, "answer", "choices", TRUE, &choices))
        return FALSE;
      length = json_array_get_length (choices);
      if (length < 2)
        return fail (parse, _("field “%s” needs at least two choices"), "answer.choices");

      item->choices = g_ptr_array_new_with_free_func ((GDestroyNotify) fc_choice_free);
      for (guint i = 0; i < length; i++)
        {
          g_autofree char *path = g_strdup_printf ("answer.choices[%u]", i);
          FcChoice *choice = parse_choice (parse, json_array_get_element (choices, i), path, seen);

          if (choice == NULL)
            return FALSE;
          g_ptr_array_add (item->choices, choice);
        }
    }

  return TRUE;
}

static gboolean
parse_equipment_kinds (Parse           *parse,
                       JsonObject      *object,
                       FcChecklistItem *item)
{
  if (!get_string_list (parse, object, NULL, "equipment_kinds", FALSE, &item->equipment_kinds))
    return FALSE;

  for (guint i = 0; item->equipment_kinds != NULL && item->equipment_kinds[i] != NULL; i++)
    if (!is_wire_name (item->equipment_kinds[i]))
      return fail (parse,
                   _("field “%s”: “%s” is not an equipment kind "
                     "(lowercase letters, digits and “_”)"),
                   "equipment_kinds", item->equipment_kinds[i]);
  return TRUE;
}

static gboolean
parse_major (Parse           *parse,
             JsonObject      *item_object,
             FcChecklistItem *item)
{
  g_autoptr(FcMajorCriterion) major = NULL;
  g_autofree char *verification = NULL;
  JsonObject *object;
  guint index;

  if (!get_object (parse, item_object, NULL, "major", FALSE, &object))
    return FALSE;
  if (object == NULL)
    return TRUE;

  /* A major hazard is raised when the item fails, so the item must be able to fail. */
  if (item->answer_type != FC_ANSWER_PASS_FAIL_NA && item->answer_type != FC_ANSWER_NUMBER)
    return fail (parse, _("field “%s” needs an answer of type pass_fail_na or number"), "major");

  major = g_new0 (FcMajorCriterion, 1);
  if (!check_keys (parse, object, "major", major_keys)
      || !get_string (parse, object, "major", "standard", TRUE, &major->standard))
    return FALSE;
  if (!g_strv_contains (standard_codes, major->standard))
    return fail (parse, _("field “%s”: “%s” is not a judgment standard (YL, ET, JS, JZ)"),
                 "major.standard", major->standard);

  if (!get_string (parse, object, "major", "standard_version", TRUE, &major->standard_version)
      || !get_string (parse, object, "major", "clause", TRUE, &major->clause)
      || !get_string (parse, object, "major", "verification", TRUE, &verification))
    return FALSE;
  if (!lookup_name (verification_names, G_N_ELEMENTS (verification_names), verification, &index))
    return fail (parse,
                 _("field “%s”: “%s” is not a verification mark (verified, partly, unverified)"),
                 "major.verification", verification);
  major->verification = index;

  if (!get_string (parse, object, "major", "source", TRUE, &major->source)
      || !get_boolean (parse, object, "major", "expert_judgement", &major->expert_judgement))
    return FALSE;

  item->major = g_steal_pointer (&major);
  return TRUE;
}

/* Returns the item, or NULL with the error set. @codes maps the codes seen so far to their
 * 1-based position. */
static FcChecklistItem *
parse_item (Parse      *parse,
            JsonNode   *node,
            guint       position,
            GHashTable *codes)
{
  g_autoptr(FcChecklistItem) item = g_new0 (FcChecklistItem, 1);
  g_autofree char *category = NULL;
  JsonObject *object;
  JsonNode *code_node;
  gpointer other;

  g_clear_pointer (&parse->item, g_free);
  parse->item = g_strdup_printf (_("item #%u"), position);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (parse, _("an item must be an object"));
      return NULL;
    }
  object = json_node_get_object (node);

  /* Name the item by its code in every later message, as soon as the code looks usable. */
  code_node = json_object_get_member (object, "code");
  if (code_node != NULL && node_is_string (code_node)
      && is_item_code (json_node_get_string (code_node)))
    {
      g_free (parse->item);
      parse->item = g_strdup_printf (_("item %s"), json_node_get_string (code_node));
    }

  if (!check_keys (parse, object, NULL, item_keys)
      || !get_string (parse, object, NULL, "code", TRUE, &item->code))
    return NULL;
  if (!is_item_code (item->code))
    {
      fail (parse, _("field “%s”: “%s” may hold only letters, digits, “-” and “_” (at most 32)"),
            "code", item->code);
      return NULL;
    }
  if (g_hash_table_lookup_extended (codes, item->code, NULL, &other))
    {
      fail (parse, _("field “%s”: “%s” is already used by item #%u"),
            "code", item->code, GPOINTER_TO_UINT (other));
      return NULL;
    }

  if (!get_string (parse, object, NULL, "category", TRUE, &category))
    return NULL;
  if (!fc_category_from_string (category, &item->category))
    {
      fail (parse,
            _("field “%s”: “%s” is not a category "
              "(fire_exit, gas, electrical, building, drainage, other)"),
            "category", category);
      return NULL;
    }

  if (!get_text (parse, object, NULL, "content", &item->content)
      || !get_text (parse, object, NULL, "standard", &item->standard)
      || !parse_methods (parse, object, &item->methods)
      || !parse_role (parse, object, &item->responsible_role)
      || !parse_answer (parse, object, item)
      || !parse_equipment_kinds (parse, object, item)
      || !get_boolean (parse, object, NULL, "photo_on_fail", &item->photo_on_fail)
      || !parse_major (parse, object, item))
    return NULL;

  if (item->photo_on_fail
      && item->answer_type != FC_ANSWER_PASS_FAIL_NA && item->answer_type != FC_ANSWER_NUMBER)
    {
      fail (parse, _("field “%s” needs an answer of type pass_fail_na or number"),
            "photo_on_fail");
      return NULL;
    }

  g_hash_table_insert (codes, item->code, GUINT_TO_POINTER (position));
  return g_steal_pointer (&item);
}

static gboolean
parse_institution_types (Parse       *parse,
                         JsonObject  *object,
                         guint       *out)
{
  g_auto(GStrv) names = NULL;

  *out = 0;
  if (!get_string_list (parse, object, NULL, "institution_types", TRUE, &names))
    return FALSE;

  for (guint i = 0; names[i] != NULL; i++)
    {
      FcFacilityType type;

      if (!fc_facility_type_from_string (names[i], &type))
        return fail (parse,
                     _("field “%s”: “%s” is not an institution type (elderly_care, "
                       "child_welfare, mental_health, rescue_station, other)"),
                     "institution_types", names[i]);
      *out |= 1u << type;
    }
  return TRUE;
}

static FcChecklist *
parse_template (Parse      *parse,
                JsonObject *object)
{
  g_autoptr(FcChecklist) checklist = g_new0 (FcChecklist, 1);
  g_autoptr(GHashTable) codes = g_hash_table_new (g_str_hash, g_str_equal);
  JsonNode *format;
  JsonArray *items;
  guint length;

  /* The format comes first: a newer file is refused as newer, not for its new keys. */
  if (!get_member (parse, object, NULL, "format", TRUE, &format))
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (format) || json_node_get_value_type (format) != G_TYPE_INT64)
    {
      fail (parse, _("field “%s” must be a whole number"), "format");
      return NULL;
    }
  if (json_node_get_int (format) != FORMAT_VERSION)
    {
      g_autofree char *found = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (format));

      fail (parse, _("field “%s” is %s, but this version of Fieldcheck reads format %d only"),
            "format", found, FORMAT_VERSION);
      return NULL;
    }

  if (!check_keys (parse, object, NULL, template_keys)
      || !get_string (parse, object, NULL, "code", TRUE, &checklist->code))
    return NULL;
  if (!is_wire_name (checklist->code))
    {
      fail (parse, _("field “%s”: “%s” may hold only lowercase letters, digits and “_”"),
            "code", checklist->code);
      return NULL;
    }
  if (!get_string (parse, object, NULL, "version", TRUE, &checklist->version)
      || !get_text (parse, object, NULL, "title", &checklist->title)
      || !parse_institution_types (parse, object, &checklist->institution_types)
      || !get_array (parse, object, NULL, "items", TRUE, &items))
    return NULL;

  length = json_array_get_length (items);
  checklist->items = g_ptr_array_new_full (length, (GDestroyNotify) fc_checklist_item_free);
  for (guint i = 0; i < length; i++)
    {
      FcChecklistItem *item = parse_item (parse, json_array_get_element (items, i), i + 1, codes);

      if (item == NULL)
        return NULL;
      g_ptr_array_add (checklist->items, item);
    }

  return g_steal_pointer (&checklist);
}

/* JsonParser keeps the last of two equal keys in an object without a word. A repeated key in a
 * template is an editing mistake (a pasted line), so the parser's signals are used to spot it. */
typedef struct
{
  GHashTable *members_by_object;  /* JsonObject* → set of member names */
  char       *repeated;           /* the first repeated key */
  guint       line;               /* and its line */
} RepeatWatch;

static void
on_object_member (JsonParser  *parser,
                  JsonObject  *object,
                  const char  *member,
                  RepeatWatch *watch)
{
  GHashTable *names = g_hash_table_lookup (watch->members_by_object, object);

  if (names == NULL)
    {
      names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_insert (watch->members_by_object, object, names);
    }
  if (!g_hash_table_add (names, g_strdup (member)) && watch->repeated == NULL)
    {
      watch->repeated = g_strdup (member);
      watch->line = json_parser_get_current_line (parser);
    }
}

/**
 * fc_checklist_load_data:
 * @data: the JSON text of a template
 * @length: the length of @data in bytes, or -1 when it is nul-terminated
 * @name_for_errors: how error messages name the template, usually its file name
 * @error: return location for a #GError
 *
 * Parses and validates a checklist template; the format is described in
 * `schemas/checklists/FORMAT.md`. A template that is not valid JSON or breaks a rule of the
 * format is refused with %FC_ERROR_INVALID and a message naming @name_for_errors, the item
 * and the field at fault.
 *
 * Returns: (transfer full) (nullable): the checklist, or %NULL with @error set
 */
FcChecklist *
fc_checklist_load_data (const char  *data,
                        gssize       length,
                        const char  *name_for_errors,
                        GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) json_error = NULL;
  g_autoptr(GHashTable) members_by_object = NULL;
  g_autofree char *repeated = NULL;
  RepeatWatch watch = { NULL, NULL, 0 };
  Parse parse = { name_for_errors, NULL, error };
  FcChecklist *checklist;
  JsonNode *root;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (name_for_errors != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  members_by_object = g_hash_table_new_full (NULL, NULL, NULL,
                                             (GDestroyNotify) g_hash_table_unref);
  watch.members_by_object = members_by_object;

  parser = json_parser_new_immutable ();
  g_signal_connect (parser, "object-member", G_CALLBACK (on_object_member), &watch);

  json_parser_load_from_data (parser, data, length, &json_error);
  repeated = g_steal_pointer (&watch.repeated);

  if (json_error != NULL)
    {
      const char *message = json_error->message;

      /* json-glib names in-memory data "<data>"; the caller's name says more. */
      if (g_str_has_prefix (message, "<data>:"))
        message += strlen ("<data>:");
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                   _("%s: not valid JSON: %s"), name_for_errors, message);
      return NULL;
    }

  if (repeated != NULL)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                   _("%s: line %u: field “%s” appears twice in the same object"),
                   name_for_errors, watch.line, repeated);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                   _("%s: not valid JSON: the file is empty"), name_for_errors);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                   _("%s: a template must be a JSON object"), name_for_errors);
      return NULL;
    }

  checklist = parse_template (&parse, json_node_get_object (root));
  g_free (parse.item);
  return checklist;
}

/**
 * fc_checklist_load_file:
 * @path: the path of a template file
 * @error: return location for a #GError
 *
 * Reads and validates the template at @path, like fc_checklist_load_data(); messages
 * name the file by its base name. A file that cannot be read gives a #G_FILE_ERROR.
 *
 * Returns: (transfer full) (nullable): the checklist, or %NULL with @error set
 */
FcChecklist *
fc_checklist_load_file (const char  *path,
                        GError     **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;

  name = g_path_get_basename (path);
  return fc_checklist_load_data (contents, length, name, error);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * fc_checklist_load_dir:
 * @dir: a directory of template files
 * @error: return location for a #GError
 *
 * Loads every `*.json` file in @dir, in the byte order of their names. Loading stops at the
 * first file that is refused, and at a second file with the code of an earlier one.
 *
 * Returns: (transfer container) (element-type FcChecklist) (nullable): the checklists, in
 *   file-name order, or %NULL with @error set
 */
GPtrArray *
fc_checklist_load_dir (const char  *dir,
                       GError     **error)
{
  g_autoptr(GDir) handle = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) checklists = NULL;
  g_autoptr(GHashTable) files_by_code = NULL;
  const char *name;

  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  handle = g_dir_open (dir, 0, error);
  if (handle == NULL)
    return NULL;

  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (handle)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  checklists = g_ptr_array_new_with_free_func ((GDestroyNotify) fc_checklist_free);
  files_by_code = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, names->pdata[i], NULL);
      FcChecklist *checklist = fc_checklist_load_file (path, error);
      const char *other;

      if (checklist == NULL)
        return NULL;
      g_ptr_array_add (checklists, checklist);

      other = g_hash_table_lookup (files_by_code, checklist->code);
      if (other != NULL)
        {
          g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                       _("%s: template code “%s” is already used by %s"),
                       (const char *) names->pdata[i], checklist->code, other);
          return NULL;
        }
      g_hash_table_insert (files_by_code, checklist->code, names->pdata[i]);
    }

  return g_steal_pointer (&checklists);
}

/**
 * fc_checklist_count_category:
 * @checklist: a checklist
 * @category: a category
 *
 * Returns: how many items of @checklist are in @category
 */
guint
fc_checklist_count_category (const FcChecklist *checklist,
                             FcCategory         category)
{
  guint count = 0;

  g_return_val_if_fail (checklist != NULL, 0);
  g_return_val_if_fail ((guint) category < FC_N_CATEGORIES, 0);

  for (guint i = 0; i < checklist->items->len; i++)
    {
      const FcChecklistItem *item = g_ptr_array_index (checklist->items, i);

      if (item->category == category)
        count++;
    }
  return count;
}

/**
 * fc_checklist_find_item:
 * @checklist: a checklist
 * @code: an item code
 *
 * Returns: (transfer none) (nullable): the item of @checklist with @code, or %NULL
 */
const FcChecklistItem *
fc_checklist_find_item (const FcChecklist *checklist,
                        const char        *code)
{
  g_return_val_if_fail (checklist != NULL, NULL);
  g_return_val_if_fail (code != NULL, NULL);

  for (guint i = 0; i < checklist->items->len; i++)
    {
      const FcChecklistItem *item = g_ptr_array_index (checklist->items, i);

      if (g_str_equal (item->code, code))
        return item;
    }
  return NULL;
}

/**
 * fc_method_to_string:
 * @method: a single method
 *
 * Returns: the wire name of @method, e.g. "look"
 */
const char *
fc_method_to_string (FcMethods method)
{
  for (guint i = 0; i < G_N_ELEMENTS (method_names); i++)
    if (method == (FcMethods) (1 << i))
      return method_names[i];

  g_return_val_if_reached (NULL);
}

/**
 * fc_methods_to_string:
 * @methods: a set of methods
 *
 * Returns: (transfer full): the wire names of @methods, comma-separated in the order of
 *   #FcMethods, e.g. "look,test"; empty for an empty set
 */
char *
fc_methods_to_string (FcMethods methods)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (method_names); i++)
    if (methods & (1 << i))
      {
        if (out->len > 0)
          g_string_append_c (out, ',');
        g_string_append (out, method_names[i]);
      }
  return g_string_free (out, FALSE);
}

/**
 * fc_answer_type_to_string:
 * @type: an answer type
 *
 * Returns: the wire name of @type, e.g. "pass_fail_na"
 */
const char *
fc_answer_type_to_string (FcAnswerType type)
{
  g_return_val_if_fail ((guint) type < G_N_ELEMENTS (answer_type_names), NULL);
  return answer_type_names[type];
}

/**
 * fc_verification_to_string:
 * @verification: a verification mark
 *
 * Returns: the wire name of @verification, e.g. "partly"
 */
const char *
fc_verification_to_string (FcVerification verification)
{
  g_return_val_if_fail ((guint) verification < G_N_ELEMENTS (verification_names), NULL);
  return verification_names[verification];
}
