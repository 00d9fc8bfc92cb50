/* test-checklist.c: checklist templates — the shipped files and the validator
 *
 * The shipped templates are read from SOURCE_CHECKLIST_DIR (config.h), so a broken or
 * weakened template file fails here before it reaches a device.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "fc-checklist.h"
#include "fc-error.h"

/* The data requirement is 12 items per category in the general template. */
#define MIN_GENERAL_ITEMS_PER_CATEGORY 12
#define MIN_SPECIAL_ITEMS 12

typedef struct
{
  const char     *template_code;
  FcFacilityType  type;
  const char     *standard;
  const char     *standard_version;
} SpecialTemplate;

static const SpecialTemplate special_templates[] = {
  { "elderly_care", FC_FACILITY_ELDERLY_CARE, "YL", "民政部办公厅 2023-11-27" },
  { "child_welfare", FC_FACILITY_CHILD_WELFARE, "ET", "民办发〔2024〕14号" },
  { "mental_health", FC_FACILITY_MENTAL_HEALTH, "JS", "民办发〔2025〕1号" },
  { "rescue_station", FC_FACILITY_RESCUE_STATION, "JZ", "民政部办公厅 2025-05" },
};

#define UNKNOWN_CLAUSE "条款序号待核"

/* Every major-hazard criterion of the hazard-standards reference (§3), with the mark it
 * carries there: [V] verified, [P] partly, (unverified). A criterion whose topic is verified
 * but whose wording or number is inferred is [P]. Nothing here may be upgraded without a
 * source that verifies it. */
typedef struct
{
  const char     *item_code;
  FcVerification  verification;
  const char     *clause;
} ExpectedCriterion;

#define V FC_VERIFICATION_VERIFIED
#define P FC_VERIFICATION_PARTLY
#define U FC_VERIFICATION_UNVERIFIED

static const ExpectedCriterion expected_yl[] = {
  { "YL-4-1", V, "第四条（一）" },
  { "YL-4-2", V, "第四条（二）" },
  { "YL-4-3", V, "第四条（三）" },
  { "YL-4-4", V, "第四条（四）" },
  { "YL-5-1", V, "第五条（一）" },
  { "YL-5-2", V, "第五条（二）" },
  { "YL-5-3", V, "第五条（三）" },
  { "YL-U-01", U, UNKNOWN_CLAUSE },
  { "YL-U-02", U, UNKNOWN_CLAUSE },
  { "YL-U-03", U, UNKNOWN_CLAUSE },
  { "YL-U-04", U, UNKNOWN_CLAUSE },
  { "YL-U-05", U, UNKNOWN_CLAUSE },
  { "YL-U-06", U, UNKNOWN_CLAUSE },
  { "YL-U-07", U, UNKNOWN_CLAUSE },
  { "YL-U-08", U, UNKNOWN_CLAUSE },
  { "YL-U-09", U, UNKNOWN_CLAUSE },
  { "YL-U-10", U, UNKNOWN_CLAUSE },
  { "YL-U-11", U, UNKNOWN_CLAUSE },
  { "YL-U-12", U, UNKNOWN_CLAUSE },
  { "YL-U-13", U, UNKNOWN_CLAUSE },
  { "YL-U-14", U, UNKNOWN_CLAUSE },
  { "YL-U-15", U, UNKNOWN_CLAUSE },
};

static const ExpectedCriterion expected_et[] = {
  /* [V] for the opening words, [P] for the rest of the sentence */
  { "ET-3-1", P, "第三条（一）" },
  { "ET-Q-1", V, UNKNOWN_CLAUSE },
  /* The candidate topics of §3.2 and §3.5 */
  { "ET-U-01", U, UNKNOWN_CLAUSE },
  { "ET-U-02", U, UNKNOWN_CLAUSE },
  { "ET-U-03", U, UNKNOWN_CLAUSE },
  { "ET-U-04", U, UNKNOWN_CLAUSE },
  { "ET-U-05", U, UNKNOWN_CLAUSE },
  { "ET-U-06", U, UNKNOWN_CLAUSE },
  { "ET-U-07", U, UNKNOWN_CLAUSE },
  { "ET-U-08", U, UNKNOWN_CLAUSE },
  { "ET-U-09", U, UNKNOWN_CLAUSE },
  { "ET-U-10", U, UNKNOWN_CLAUSE },
  { "ET-U-11", U, UNKNOWN_CLAUSE },
  { "ET-U-12", U, UNKNOWN_CLAUSE },
  { "ET-U-13", U, UNKNOWN_CLAUSE },
  { "ET-U-14", U, UNKNOWN_CLAUSE },
  { "ET-U-15", U, UNKNOWN_CLAUSE },
  { "ET-U-16", U, UNKNOWN_CLAUSE },
};

static const ExpectedCriterion expected_js[] = {
  /* Topic [V], position within the standard [P] */
  { "JS-F-1", P, UNKNOWN_CLAUSE },
  { "JS-Q-1", P, UNKNOWN_CLAUSE },
  { "JS-M-1", P, UNKNOWN_CLAUSE },
  /* The candidate topics of §3.3 and §3.5 */
  { "JS-U-01", U, UNKNOWN_CLAUSE },
  { "JS-U-02", U, UNKNOWN_CLAUSE },
  { "JS-U-03", U, UNKNOWN_CLAUSE },
  { "JS-U-04", U, UNKNOWN_CLAUSE },
  { "JS-U-05", U, UNKNOWN_CLAUSE },
  { "JS-U-06", U, UNKNOWN_CLAUSE },
  { "JS-U-07", U, UNKNOWN_CLAUSE },
  { "JS-U-08", U, UNKNOWN_CLAUSE },
  { "JS-U-09", U, UNKNOWN_CLAUSE },
  { "JS-U-10", U, UNKNOWN_CLAUSE },
  { "JS-U-11", U, UNKNOWN_CLAUSE },
};

static const ExpectedCriterion expected_jz[] = {
  { "JZ-F-1", P, "第（一）项（条号待核）" },
  { "JZ-F-3", P, "第（三）项（条号待核）" },
  { "JZ-F-5", P, "第（五）项（条号待核）" },
  { "JZ-F-6", P, "第（六）项（条号待核）" },
  { "JZ-F-7", P, "第（七）项（条号待核）" },
  /* The guesses for items (二) and (四), and the candidate topics of §3.5 */
  { "JZ-U-01", U, UNKNOWN_CLAUSE },
  { "JZ-U-02", U, UNKNOWN_CLAUSE },
  { "JZ-U-03", U, UNKNOWN_CLAUSE },
  { "JZ-U-04", U, UNKNOWN_CLAUSE },
  { "JZ-U-05", U, UNKNOWN_CLAUSE },
  { "JZ-U-06", U, UNKNOWN_CLAUSE },
  { "JZ-U-07", U, UNKNOWN_CLAUSE },
  { "JZ-U-08", U, UNKNOWN_CLAUSE },
  { "JZ-U-09", U, UNKNOWN_CLAUSE },
};

#undef V
#undef P
#undef U

typedef struct
{
  const ExpectedCriterion *criteria;
  guint                    n_criteria;
} ExpectedCriteria;

/* In the order of special_templates */
static const ExpectedCriteria expected_criteria[] = {
  { expected_yl, G_N_ELEMENTS (expected_yl) },
  { expected_et, G_N_ELEMENTS (expected_et) },
  { expected_js, G_N_ELEMENTS (expected_js) },
  { expected_jz, G_N_ELEMENTS (expected_jz) },
};

static const char * const known_equipment_kinds[] = {
  "extinguisher", "hydrant", "alarm_panel", "sprinkler", "emergency_light", "exit_sign",
  "fire_door", "gas_valve", "gas_alarm", "gas_cylinder", "stove", "distribution_board",
  "cable_run", "socket", "heater", "ebike_charger", "lift", "boiler", "drain", "pump",
  "flood_barrier", NULL,
};

/* Helpers */

static GPtrArray *
load_shipped (void)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *checklists = fc_checklist_load_dir (SOURCE_CHECKLIST_DIR, &error);

  g_assert_no_error (error);
  g_assert_nonnull (checklists);
  return checklists;
}

/* A missing template ends the test here, so callers never see NULL. */
static const FcChecklist *
get_checklist (GPtrArray  *checklists,
               const char *code)
{
  for (guint i = 0; i < checklists->len; i++)
    {
      const FcChecklist *checklist = g_ptr_array_index (checklists, i);

      if (g_str_equal (checklist->code, code))
        return checklist;
    }
  g_error ("no shipped template has the code “%s”", code);
}

static gboolean
has_han (const char *str)
{
  for (const char *p = str; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_get_script (g_utf8_get_char (p)) == G_UNICODE_SCRIPT_HAN)
      return TRUE;
  return FALSE;
}

/* Both languages present, and each in its own language: a swapped or untranslated text
 * shows up as Chinese in the English field or as no Chinese in the zh_CN one. */
static void
assert_bilingual (const FcText *text,
                  const char   *where)
{
  gboolean ok = text->zh_CN != NULL && text->en != NULL
                && g_utf8_validate (text->zh_CN, -1, NULL)
                && g_utf8_validate (text->en, -1, NULL)
                && has_han (text->zh_CN)
                && *text->en != '\0' && !has_han (text->en);

  if (!ok)
    g_test_message ("%s: “%s” / “%s”", where, text->zh_CN, text->en);
  g_assert_true (ok);
}

/* "<code>: <mark> <standard> <clause> <version>", so that a failed comparison says which
 * criterion is wrong and how. */
static char *
describe_major (const char            *code,
                const FcChecklistItem *item)
{
  if (item == NULL)
    return g_strdup_printf ("%s: no such item", code);
  if (item->major == NULL)
    return g_strdup_printf ("%s: not a major item", code);
  return g_strdup_printf ("%s: %s %s %s %s", code,
                          fc_verification_to_string (item->major->verification),
                          item->major->standard, item->major->clause,
                          item->major->standard_version);
}

static const ExpectedCriterion *
find_expected (guint       template_index,
               const char *item_code)
{
  const ExpectedCriteria *expected = &expected_criteria[template_index];

  for (guint i = 0; i < expected->n_criteria; i++)
    if (g_str_equal (expected->criteria[i].item_code, item_code))
      return &expected->criteria[i];
  return NULL;
}

/* Shipped templates */

static void
test_shipped_templates_all_load (void)
{
  g_autoptr(GPtrArray) checklists = load_shipped ();

  g_assert_cmpuint (checklists->len, ==, 1 + G_N_ELEMENTS (special_templates));
  g_assert_cmpstr (get_checklist (checklists, "general")->code, ==, "general");
  for (guint i = 0; i < G_N_ELEMENTS (special_templates); i++)
    {
      const char *code = special_templates[i].template_code;

      g_assert_cmpstr (get_checklist (checklists, code)->code, ==, code);
    }
}

static void
test_general_covers_every_category (void)
{
  g_autoptr(GPtrArray) checklists = load_shipped ();
  const FcChecklist *general = get_checklist (checklists, "general");

  for (FcCategory category = 0; category < FC_N_CATEGORIES; category++)
    {
      guint count = fc_checklist_count_category (general, category);

      if (count < MIN_GENERAL_ITEMS_PER_CATEGORY)
        g_test_message ("category %s has %u items", fc_category_to_string (category), count);
      g_assert_cmpuint (count, >=, MIN_GENERAL_ITEMS_PER_CATEGORY);
    }
}

static void
test_general_applies_to_every_institution_type (void)
{
  g_autoptr(GPtrArray) checklists = load_shipped ();
  const FcChecklist *general = get_checklist (checklists, "general");

  g_assert_cmpuint (general->institution_types, ==, (1u << FC_N_FACILITY_TYPES) - 1);
}

static void
test_general_has_no_major_items (void)
{
  g_autoptr(GPtrArray) checklists = load_shipped ();
  const FcChecklist *general = get_checklist (checklists, "general");

  for (guint i = 0; i < general->items->len; i++)
    {
      const FcChecklistItem *item = g_ptr_array_index (general->items, i);
      g_autofree char *description = describe_major (item->code, item);
      g_autofree char *expected = g_strdup_printf ("%s: not a major item", item->code);

      g_assert_cmpstr (description, ==, expected);
    }
}

static void
test_special_templates_apply_to_their_type (void)
{
  g_autoptr(GPtrArray) checklists = load_shipped ();

  for (guint i = 0; i < G_N_ELEMENTS (special_templates); i++)
    {
      const FcChecklist *checklist = get_checklist (checklists,
                                                    special_templates[i].template_code);

      g_assert_cmpuint (checklist->institution_types, ==, 1u << special_templates[i].type);
      g_assert_cmpuint (checklist->items->len, >=, MIN_SPECIAL_ITEMS);
    }
}

static void
test_every_text_is_bilingual (void)
{
  g_autoptr(GPtrArray) checklists = load_shipped ();

  for (guint c = 0; c < checklists->len; c++)
    {
      const FcChecklist *checklist = g_ptr_array_index (checklists, c);

      assert_bilingual (&checklist->title, checklist->code);
      for (guint i = 0; i < checklist->items->len; i++)
        {
          const FcChecklistItem *item = g_ptr_array_index (checklist->items, i);

          assert_bilingual (&item->content, item->code);
          assert_bilingual (&item->standard, item->code);
          for (guint k = 0; item->choices != NULL && k < item->choices->len; k++)
            {
              const FcChoice *choice = g_ptr_array_index (item->choices, k);

              assert_bilingual (&choice->label, item->code);
            }
        }
    }
}

static void
test_criteria_carry_their_verification_mark (void)
{
  g_autoptr(GPtrArray) checklists = load_shipped ();

  for (guint t = 0; t < G_N_ELEMENTS (special_templates); t++)
    {
      const SpecialTemplate *special = &special_templates[t];
      const FcChecklist *checklist = get_checklist (checklists, special->template_code);

      for (guint i = 0; i < expected_criteria[t].n_criteria; i++)
        {
          const ExpectedCriterion *expected = &expected_criteria[t].criteria[i];
          const FcChecklistItem *item = fc_checklist_find_item (checklist, expected->item_code);
          g_autofree char *actual = describe_major (expected->item_code, item);
          const char *mark = fc_verification_to_string (expected->verification);
          g_autofree char *wanted = g_strdup_printf ("%s: %s %s %s %s", expected->item_code, mark,
                                                     special->standard, expected->clause,
                                                     special->standard_version);

          g_assert_cmpstr (actual, ==, wanted);
          g_assert_true (g_str_has_prefix (item->major->source, "S"));
        }
    }
}

/* A major item that is not in the expected tables is a criterion nobody has checked
 * against the reference, or one whose mark was changed behind the table's back. */
static void
test_no_major_item_outside_the_expected_criteria (void)
{
  g_autoptr(GPtrArray) checklists = load_shipped ();

  for (guint t = 0; t < G_N_ELEMENTS (special_templates); t++)
    {
      const FcChecklist *checklist = get_checklist (checklists,
                                                    special_templates[t].template_code);
      guint n_major = 0;

      for (guint i = 0; i < checklist->items->len; i++)
        {
          const FcChecklistItem *item = g_ptr_array_index (checklist->items, i);

          if (item->major == NULL)
            continue;
          if (find_expected (t, item->code) == NULL)
            g_test_message ("%s: major item %s is not in the expected criteria",
                            checklist->code, item->code);
          g_assert_nonnull (find_expected (t, item->code));
          g_assert_cmpstr (item->major->standard, ==, special_templates[t].standard);
          n_major++;
        }
      g_assert_cmpuint (n_major, ==, expected_criteria[t].n_criteria);
    }
}

static void
test_major_items_can_fail (void)
{
  g_autoptr(GPtrArray) checklists = load_shipped ();

  for (guint c = 0; c < checklists->len; c++)
    {
      const FcChecklist *checklist = g_ptr_array_index (checklists, c);

      for (guint i = 0; i < checklist->items->len; i++)
        {
          const FcChecklistItem *item = g_ptr_array_index (checklist->items, i);

          if (item->major == NULL)
            continue;
          if (item->answer_type != FC_ANSWER_PASS_FAIL_NA)
            g_test_message ("major item %s has a %s answer", item->code,
                            fc_answer_type_to_string (item->answer_type));
          g_assert_cmpint (item->answer_type, ==, FC_ANSWER_PASS_FAIL_NA);
        }
    }
}

static void
test_equipment_kinds_are_known (void)
{
  g_autoptr(GPtrArray) checklists = load_shipped ();

  for (guint c = 0; c < checklists->len; c++)
    {
      const FcChecklist *checklist = g_ptr_array_index (checklists, c);

      for (guint i = 0; i < checklist->items->len; i++)
        {
          const FcChecklistItem *item = g_ptr_array_index (checklist->items, i);

          for (guint k = 0; item->equipment_kinds != NULL && item->equipment_kinds[k]; k++)
            {
              gboolean known = g_strv_contains (known_equipment_kinds, item->equipment_kinds[k]);

              if (!known)
                g_test_message ("item %s: unknown equipment kind “%s”",
                                item->code, item->equipment_kinds[k]);
              g_assert_true (known);
            }
        }
    }
}

static void
test_number_items_have_a_limit_and_a_unit (void)
{
  g_autoptr(GPtrArray) checklists = load_shipped ();

  for (guint c = 0; c < checklists->len; c++)
    {
      const FcChecklist *checklist = g_ptr_array_index (checklists, c);

      for (guint i = 0; i < checklist->items->len; i++)
        {
          const FcChecklistItem *item = g_ptr_array_index (checklist->items, i);

          if (item->answer_type != FC_ANSWER_NUMBER)
            continue;
          if ((isnan (item->min) && isnan (item->max)) || item->unit == NULL)
            g_test_message ("number item %s lacks a limit or a unit", item->code);
          g_assert_true (!isnan (item->min) || !isnan (item->max));
          g_assert_nonnull (item->unit);
        }
    }
}

/* Parsing */

#define HEAD \
  "{\"format\": 1, \"code\": \"test\", \"version\": \"1\", " \
  "\"title\": {\"zh_CN\": \"测试清单\", \"en\": \"Test checklist\"}, " \
  "\"institution_types\": [\"other\"], \"items\": ["
#define TAIL "]}"
#define CONTENT "\"content\": {\"zh_CN\": \"连接软管\", \"en\": \"Hoses\"}"
#define STANDARD "\"standard\": {\"zh_CN\": \"无老化\", \"en\": \"Not aged.\"}"
#define METHOD "\"method\": [\"look\"]"
#define ROLE "\"responsible_role\": \"expert\""
#define PASS_FAIL "\"answer\": {\"type\": \"pass_fail_na\"}"
/* An item with everything but the code and the category */
#define BODY CONTENT ", " STANDARD ", " METHOD ", " ROLE
#define GOOD_ITEM(code) \
  "{\"code\": \"" code "\", \"category\": \"gas\", " BODY ", " PASS_FAIL "}"
#define MAJOR(verification, clause) \
  "\"major\": {\"standard\": \"YL\", \"standard_version\": \"民政部办公厅 2023-11-27\", " \
  "\"clause\": \"" clause "\", \"verification\": \"" verification "\", \"source\": \"S1\"}"

static void
test_valid_template_gives_every_field (void)
{
  static const char data[] =
    "{\"format\": 1, \"code\": \"sample\", \"version\": \"2026.1\",\n"
    " \"title\": {\"zh_CN\": \"样例清单\", \"en\": \"Sample checklist\"},\n"
    " \"institution_types\": [\"elderly_care\", \"rescue_station\"],\n"
    " \"items\": [\n"
    "  {\"code\": \"S-01\", \"category\": \"fire_exit\", " CONTENT ", " STANDARD ",\n"
    "   \"method\": [\"measure\", \"look\"], \"responsible_role\": \"expert\",\n"
    "   \"answer\": {\"type\": \"number\", \"min\": 0.05, \"unit\": \"MPa\"},\n"
    "   \"equipment_kinds\": [\"sprinkler\", \"pump\"], \"photo_on_fail\": true},\n"
    "  {\"code\": \"S-02\", \"category\": \"building\", " BODY ",\n"
    "   \"answer\": {\"type\": \"choice\", \"choices\": [\n"
    "     {\"code\": \"a\", \"label\": {\"zh_CN\": \"A级\", \"en\": \"Grade A\"}},\n"
    "     {\"code\": \"d\", \"label\": {\"zh_CN\": \"D级\", \"en\": \"Grade D\"}}]}},\n"
    "  {\"code\": \"YL-4-1\", \"category\": \"building\", " BODY ", " PASS_FAIL ",\n"
    "   \"major\": {\"standard\": \"YL\", \"standard_version\": \"民政部办公厅 2023-11-27\",\n"
    "     \"clause\": \"第四条（一）\", \"verification\": \"verified\", \"source\": \"S1\",\n"
    "     \"expert_judgement\": true}},\n"
    "  {\"code\": \"S-04\", \"category\": \"other\", " BODY ", \"answer\": {\"type\": \"text\"}}\n"
    " ]}\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(FcChecklist) checklist = NULL;
  g_autofree char *methods = NULL;
  const FcChecklistItem *item;
  const FcChoice *choice;

  checklist = fc_checklist_load_data (data, -1, "sample.json", &error);
  g_assert_no_error (error);
  g_assert_nonnull (checklist);

  g_assert_cmpstr (checklist->code, ==, "sample");
  g_assert_cmpstr (checklist->version, ==, "2026.1");
  g_assert_cmpstr (checklist->title.zh_CN, ==, "样例清单");
  g_assert_cmpstr (checklist->title.en, ==, "Sample checklist");
  g_assert_cmpuint (checklist->institution_types, ==,
                    (1u << FC_FACILITY_ELDERLY_CARE) | (1u << FC_FACILITY_RESCUE_STATION));
  g_assert_cmpuint (checklist->items->len, ==, 4);

  item = g_ptr_array_index (checklist->items, 0);
  g_assert_cmpstr (item->code, ==, "S-01");
  g_assert_cmpint (item->category, ==, FC_CATEGORY_FIRE_EXIT);
  g_assert_cmpstr (item->content.zh_CN, ==, "连接软管");
  g_assert_cmpstr (item->standard.en, ==, "Not aged.");
  g_assert_cmpint (item->methods, ==, FC_METHOD_MEASURE | FC_METHOD_LOOK);
  methods = fc_methods_to_string (item->methods);
  g_assert_cmpstr (methods, ==, "look,measure");
  g_assert_cmpint (item->responsible_role, ==, FC_ROLE_EXPERT);
  g_assert_cmpint (item->answer_type, ==, FC_ANSWER_NUMBER);
  g_assert_cmpfloat_with_epsilon (item->min, 0.05, 1e-12);
  g_assert_true (isnan (item->max));
  g_assert_cmpstr (item->unit, ==, "MPa");
  g_assert_cmpstrv (item->equipment_kinds, ((const char * const[]) { "sprinkler", "pump", NULL }));
  g_assert_true (item->photo_on_fail);
  g_assert_null (item->major);
  g_assert_null (item->choices);

  item = g_ptr_array_index (checklist->items, 1);
  g_assert_cmpint (item->answer_type, ==, FC_ANSWER_CHOICE);
  g_assert_true (isnan (item->min) && isnan (item->max));
  g_assert_cmpuint (item->choices->len, ==, 2);
  choice = g_ptr_array_index (item->choices, 1);
  g_assert_cmpstr (choice->code, ==, "d");
  g_assert_cmpstr (choice->label.zh_CN, ==, "D级");
  g_assert_cmpstr (choice->label.en, ==, "Grade D");
  g_assert_null (item->equipment_kinds);
  g_assert_false (item->photo_on_fail);

  item = fc_checklist_find_item (checklist, "YL-4-1");
  g_assert_true (item == g_ptr_array_index (checklist->items, 2));
  g_assert_nonnull (item->major);
  g_assert_cmpstr (item->major->standard, ==, "YL");
  g_assert_cmpstr (item->major->standard_version, ==, "民政部办公厅 2023-11-27");
  g_assert_cmpstr (item->major->clause, ==, "第四条（一）");
  g_assert_cmpint (item->major->verification, ==, FC_VERIFICATION_VERIFIED);
  g_assert_cmpstr (item->major->source, ==, "S1");
  g_assert_true (item->major->expert_judgement);

  item = g_ptr_array_index (checklist->items, 3);
  g_assert_cmpint (item->answer_type, ==, FC_ANSWER_TEXT);

  g_assert_null (fc_checklist_find_item (checklist, "S-99"));
  g_assert_cmpuint (fc_checklist_count_category (checklist, FC_CATEGORY_BUILDING), ==, 2);
  g_assert_cmpuint (fc_checklist_count_category (checklist, FC_CATEGORY_GAS), ==, 0);
}

static void
test_error_names_file_item_and_field (void)
{
  static const char data[] =
    HEAD "{\"code\": \"GEN-GAS-03\", \"category\": \"gas\", " CONTENT ", "
    "\"standard\": {\"zh_CN\": \"无老化\"}, " METHOD ", " ROLE ", " PASS_FAIL "}" TAIL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcChecklist) checklist = NULL;

  checklist = fc_checklist_load_data (data, -1, "general.json", &error);
  g_assert_error (error, FC_ERROR, FC_ERROR_INVALID);
  g_assert_null (checklist);
  g_assert_cmpstr (error->message, ==,
                   "general.json: item GEN-GAS-03: field “standard.en” is missing");
}

typedef struct
{
  const char *name;
  const char *data;
  const char *item;   /* how the message names the item, NULL outside the items */
  const char *field;  /* the field the message names, NULL when there is none */
} BadTemplate;

static const BadTemplate bad_templates[] = {
  { "missing-field",
    HEAD "{\"code\": \"GEN-GAS-03\", \"category\": \"gas\", " CONTENT ", "
    "\"standard\": {\"zh_CN\": \"无老化\"}, " METHOD ", " ROLE ", " PASS_FAIL "}" TAIL,
    "item GEN-GAS-03", "standard.en" },
  { "missing-code",
    HEAD GOOD_ITEM ("GEN-GAS-01") ", {\"category\": \"gas\", " BODY ", " PASS_FAIL "}" TAIL,
    "item #2", "code" },
  { "unknown-category",
    HEAD "{\"code\": \"GEN-GAS-03\", \"category\": \"gass\", " BODY ", " PASS_FAIL "}" TAIL,
    "item GEN-GAS-03", "category" },
  { "unknown-role",
    HEAD "{\"code\": \"GEN-GAS-03\", \"category\": \"gas\", " CONTENT ", " STANDARD ", "
    METHOD ", \"responsible_role\": \"inspectr\", " PASS_FAIL "}" TAIL,
    "item GEN-GAS-03", "responsible_role" },
  { "two-roles",
    HEAD "{\"code\": \"GEN-GAS-03\", \"category\": \"gas\", " CONTENT ", " STANDARD ", "
    METHOD ", \"responsible_role\": \"inspector,expert\", " PASS_FAIL "}" TAIL,
    "item GEN-GAS-03", "responsible_role" },
  { "repeated-item-code",
    HEAD GOOD_ITEM ("GEN-GAS-03") ", " GOOD_ITEM ("GEN-GAS-03") TAIL,
    "item GEN-GAS-03", "code" },
  { "min-above-max",
    HEAD "{\"code\": \"GEN-GAS-04\", \"category\": \"gas\", " BODY ", "
    "\"answer\": {\"type\": \"number\", \"min\": 2, \"max\": 1.5, \"unit\": \"m\"}}" TAIL,
    "item GEN-GAS-04", "answer.min" },
  { "limit-not-a-number",
    HEAD "{\"code\": \"GEN-GAS-04\", \"category\": \"gas\", " BODY ", "
    "\"answer\": {\"type\": \"number\", \"max\": \"2\"}}" TAIL,
    "item GEN-GAS-04", "answer.max" },
  { "choice-with-one-option",
    HEAD "{\"code\": \"GEN-GAS-01\", \"category\": \"gas\", " BODY ", "
    "\"answer\": {\"type\": \"choice\", \"choices\": ["
    "{\"code\": \"lpg\", \"label\": {\"zh_CN\": \"液化气\", \"en\": \"LPG\"}}]}}" TAIL,
    "item GEN-GAS-01", "answer.choices" },
  { "choice-without-code",
    HEAD "{\"code\": \"GEN-GAS-01\", \"category\": \"gas\", " BODY ", "
    "\"answer\": {\"type\": \"choice\", \"choices\": ["
    "{\"label\": {\"zh_CN\": \"天然气\", \"en\": \"Natural gas\"}}, "
    "{\"code\": \"lpg\", \"label\": {\"zh_CN\": \"液化气\", \"en\": \"LPG\"}}]}}" TAIL,
    "item GEN-GAS-01", "answer.choices[0].code" },
  { "repeated-choice-code",
    HEAD "{\"code\": \"GEN-GAS-01\", \"category\": \"gas\", " BODY ", "
    "\"answer\": {\"type\": \"choice\", \"choices\": ["
    "{\"code\": \"lpg\", \"label\": {\"zh_CN\": \"天然气\", \"en\": \"Natural gas\"}}, "
    "{\"code\": \"lpg\", \"label\": {\"zh_CN\": \"液化气\", \"en\": \"LPG\"}}]}}" TAIL,
    "item GEN-GAS-01", "answer.choices[1].code" },
  { "unknown-answer-type",
    HEAD "{\"code\": \"GEN-GAS-03\", \"category\": \"gas\", " BODY ", "
    "\"answer\": {\"type\": \"yes_no\"}}" TAIL,
    "item GEN-GAS-03", "answer.type" },
  { "unknown-item-key",
    HEAD "{\"code\": \"GEN-GAS-03\", \"category\": \"gas\", " BODY ", " PASS_FAIL ", "
    "\"photo_on_fial\": true}" TAIL,
    "item GEN-GAS-03", "photo_on_fial" },
  { "unknown-answer-key",
    HEAD "{\"code\": \"GEN-GAS-04\", \"category\": \"gas\", " BODY ", "
    "\"answer\": {\"type\": \"number\", \"mni\": 0}}" TAIL,
    "item GEN-GAS-04", "answer.mni" },
  { "limit-on-pass-fail-answer",
    HEAD "{\"code\": \"GEN-GAS-03\", \"category\": \"gas\", " BODY ", "
    "\"answer\": {\"type\": \"pass_fail_na\", \"max\": 2}}" TAIL,
    "item GEN-GAS-03", "answer.max" },
  { "unknown-text-key",
    HEAD "{\"code\": \"GEN-GAS-03\", \"category\": \"gas\", " CONTENT ", "
    "\"standard\": {\"zh_CN\": \"无老化\", \"en\": \"Not aged.\", \"zh_TW\": \"無老化\"}, "
    METHOD ", " ROLE ", " PASS_FAIL "}" TAIL,
    "item GEN-GAS-03", "standard.zh_TW" },
  { "unknown-verification",
    HEAD "{\"code\": \"YL-4-1\", \"category\": \"building\", " BODY ", " PASS_FAIL ", "
    MAJOR ("checked", "第四条（一）") "}" TAIL,
    "item YL-4-1", "major.verification" },
  { "unknown-standard",
    HEAD "{\"code\": \"YL-4-1\", \"category\": \"building\", " BODY ", " PASS_FAIL ", "
    "\"major\": {\"standard\": \"GB\", \"standard_version\": \"v\", \"clause\": \"一\", "
    "\"verification\": \"verified\", \"source\": \"S1\"}}" TAIL,
    "item YL-4-1", "major.standard" },
  { "empty-clause",
    HEAD "{\"code\": \"YL-4-1\", \"category\": \"building\", " BODY ", " PASS_FAIL ", "
    MAJOR ("verified", "") "}" TAIL,
    "item YL-4-1", "major.clause" },
  { "missing-standard-version",
    HEAD "{\"code\": \"YL-4-1\", \"category\": \"building\", " BODY ", " PASS_FAIL ", "
    "\"major\": {\"standard\": \"YL\", \"clause\": \"第四条（一）\", "
    "\"verification\": \"verified\", \"source\": \"S1\"}}" TAIL,
    "item YL-4-1", "major.standard_version" },
  { "major-on-text-answer",
    HEAD "{\"code\": \"YL-4-1\", \"category\": \"building\", " BODY ", "
    "\"answer\": {\"type\": \"text\"}, " MAJOR ("verified", "第四条（一）") "}" TAIL,
    "item YL-4-1", "major" },
  { "empty-zh_CN",
    HEAD "{\"code\": \"GEN-GAS-03\", \"category\": \"gas\", "
    "\"content\": {\"zh_CN\": \"\", \"en\": \"Hoses\"}, " STANDARD ", " METHOD ", " ROLE ", "
    PASS_FAIL "}" TAIL,
    "item GEN-GAS-03", "content.zh_CN" },
  { "blank-en",
    HEAD "{\"code\": \"GEN-GAS-03\", \"category\": \"gas\", "
    "\"content\": {\"zh_CN\": \"连接软管\", \"en\": \"  \"}, " STANDARD ", " METHOD ", " ROLE ", "
    PASS_FAIL "}" TAIL,
    "item GEN-GAS-03", "content.en" },
  { "no-method",
    HEAD "{\"code\": \"GEN-GAS-03\", \"category\": \"gas\", " CONTENT ", " STANDARD ", "
    "\"method\": [], " ROLE ", " PASS_FAIL "}" TAIL,
    "item GEN-GAS-03", "method" },
  { "unknown-method",
    HEAD "{\"code\": \"GEN-GAS-03\", \"category\": \"gas\", " CONTENT ", " STANDARD ", "
    "\"method\": [\"look\", \"sniff\"], " ROLE ", " PASS_FAIL "}" TAIL,
    "item GEN-GAS-03", "method" },
  { "photo-on-fail-not-boolean",
    HEAD "{\"code\": \"GEN-GAS-03\", \"category\": \"gas\", " BODY ", " PASS_FAIL ", "
    "\"photo_on_fail\": \"yes\"}" TAIL,
    "item GEN-GAS-03", "photo_on_fail" },
  { "malformed-equipment-kind",
    HEAD "{\"code\": \"GEN-GAS-03\", \"category\": \"gas\", " BODY ", " PASS_FAIL ", "
    "\"equipment_kinds\": [\"Gas Valve\"]}" TAIL,
    "item GEN-GAS-03", "equipment_kinds" },
  { "item-not-an-object",
    HEAD GOOD_ITEM ("GEN-GAS-01") ", \"GEN-GAS-02\"" TAIL,
    "item #2", NULL },
  { "newer-format",
    "{\"format\": 2, \"code\": \"test\"}",
    NULL, "format" },
  { "unknown-institution-type",
    "{\"format\": 1, \"code\": \"test\", \"version\": \"1\", "
    "\"title\": {\"zh_CN\": \"测试清单\", \"en\": \"Test checklist\"}, "
    "\"institution_types\": [\"nursing_home\"], \"items\": [" GOOD_ITEM ("GEN-GAS-01") "]}",
    NULL, "institution_types" },
  { "unknown-template-key",
    "{\"format\": 1, \"code\": \"test\", \"version\": \"1\", "
    "\"title\": {\"zh_CN\": \"测试清单\", \"en\": \"Test checklist\"}, "
    "\"institution_types\": [\"other\"], \"itmes\": [" GOOD_ITEM ("GEN-GAS-01") "]}",
    NULL, "itmes" },
  { "no-items",
    HEAD TAIL,
    NULL, "items" },
  { "repeated-json-key",
    HEAD "{\"code\": \"GEN-GAS-03\", \"category\": \"gas\", \"category\": \"electrical\", "
    BODY ", " PASS_FAIL "}" TAIL,
    NULL, "category" },
  { "not-json",
    "这不是 JSON",
    NULL, NULL },
  { "truncated-json",
    HEAD "{\"code\": \"GEN-GAS-03\", \"category\": \"ga",
    NULL, NULL },
  { "empty-file",
    "",
    NULL, NULL },
  { "not-an-object",
    "[" GOOD_ITEM ("GEN-GAS-01") "]",
    NULL, NULL },
};

static void
test_bad_template_is_refused (gconstpointer data)
{
  const BadTemplate *bad = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcChecklist) checklist = NULL;
  g_autofree char *prefix = NULL;

  checklist = fc_checklist_load_data (bad->data, -1, "bad.json", &error);
  g_assert_null (checklist);
  g_assert_error (error, FC_ERROR, FC_ERROR_INVALID);
  g_test_message ("%s", error->message);

  if (bad->item != NULL)
    prefix = g_strdup_printf ("bad.json: %s: ", bad->item);
  else
    prefix = g_strdup ("bad.json: ");
  g_assert_true (g_str_has_prefix (error->message, prefix));

  if (bad->field != NULL)
    {
      g_autofree char *quoted = g_strdup_printf ("“%s”", bad->field);

      g_assert_nonnull (strstr (error->message, quoted));
    }
}

static void
test_valid_good_item_macro_parses (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcChecklist) checklist = NULL;

  /* The bad cases above are small edits of this; it must itself be good. */
  checklist = fc_checklist_load_data (HEAD GOOD_ITEM ("GEN-GAS-01") ", {\"code\": \"YL-4-1\", "
                                      "\"category\": \"building\", " BODY ", " PASS_FAIL ", "
                                      MAJOR ("partly", "第四条（一）") "}" TAIL,
                                      -1, "good.json", &error);
  g_assert_no_error (error);
  g_assert_nonnull (checklist);
  g_assert_cmpuint (checklist->items->len, ==, 2);
}

/* Files and directories */

static void
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (handle);
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_assert_cmpint (g_remove (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

#define TEMPLATE_CODED(code) \
  "{\"format\": 1, \"code\": \"" code "\", \"version\": \"1\", " \
  "\"title\": {\"zh_CN\": \"测试清单\", \"en\": \"Test checklist\"}, " \
  "\"institution_types\": [\"other\"], \"items\": [" GOOD_ITEM ("GEN-GAS-01") "]}"

static void
test_load_dir_reads_json_files_in_name_order (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("fc-checklist-XXXXXX", &error);
  g_autoptr(GPtrArray) checklists = NULL;

  g_assert_no_error (error);
  write_file (dir, "b-second.json", TEMPLATE_CODED ("second"));
  write_file (dir, "a-first.json", TEMPLATE_CODED ("first"));
  write_file (dir, "FORMAT.md", "# not a template\n");
  write_file (dir, "c-third.json~", "not read either");

  checklists = fc_checklist_load_dir (dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (checklists);
  g_assert_cmpuint (checklists->len, ==, 2);
  g_assert_cmpstr (((FcChecklist *) g_ptr_array_index (checklists, 0))->code, ==, "first");
  g_assert_cmpstr (((FcChecklist *) g_ptr_array_index (checklists, 1))->code, ==, "second");

  remove_dir (dir);
}

static void
test_load_dir_stops_at_first_bad_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("fc-checklist-XXXXXX", &error);
  g_autoptr(GPtrArray) checklists = NULL;

  g_assert_no_error (error);
  write_file (dir, "a-good.json", TEMPLATE_CODED ("good"));
  write_file (dir, "b-bad.json", HEAD "{\"code\": \"GEN-GAS-03\", \"category\": \"gass\", "
                                 BODY ", " PASS_FAIL "}" TAIL);
  write_file (dir, "c-worse.json", "not JSON");

  checklists = fc_checklist_load_dir (dir, &error);
  g_assert_null (checklists);
  g_assert_error (error, FC_ERROR, FC_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "b-bad.json: item GEN-GAS-03: "));

  remove_dir (dir);
}

static void
test_load_dir_refuses_a_repeated_template_code (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("fc-checklist-XXXXXX", &error);
  g_autoptr(GPtrArray) checklists = NULL;

  g_assert_no_error (error);
  write_file (dir, "general.json", TEMPLATE_CODED ("general"));
  write_file (dir, "general-copy.json", TEMPLATE_CODED ("general"));

  checklists = fc_checklist_load_dir (dir, &error);
  g_assert_null (checklists);
  g_assert_error (error, FC_ERROR, FC_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "general.json: "));
  g_assert_nonnull (strstr (error->message, "general-copy.json"));

  remove_dir (dir);
}

static void
test_load_file_names_the_file_not_the_path (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("fc-checklist-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(FcChecklist) checklist = NULL;

  g_assert_no_error (error);
  write_file (dir, "broken.json", "{\"format\": 1,");
  path = g_build_filename (dir, "broken.json", NULL);

  checklist = fc_checklist_load_file (path, &error);
  g_assert_null (checklist);
  g_assert_error (error, FC_ERROR, FC_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "broken.json: "));
  g_clear_error (&error);

  g_assert_cmpint (g_remove (path), ==, 0);
  checklist = fc_checklist_load_file (path, &error);
  g_assert_null (checklist);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);

  remove_dir (dir);
}

/* Wire names */

static void
test_wire_names_are_stable (void)
{
  g_autofree char *all = NULL;
  g_autofree char *none = NULL;

  g_assert_cmpstr (fc_method_to_string (FC_METHOD_LOOK), ==, "look");
  g_assert_cmpstr (fc_method_to_string (FC_METHOD_TEST), ==, "test");
  g_assert_cmpstr (fc_method_to_string (FC_METHOD_ASK), ==, "ask");
  g_assert_cmpstr (fc_method_to_string (FC_METHOD_MEASURE), ==, "measure");
  g_assert_cmpstr (fc_method_to_string (FC_METHOD_DOCUMENTS), ==, "documents");

  all = fc_methods_to_string (FC_METHOD_DOCUMENTS | FC_METHOD_LOOK | FC_METHOD_TEST
                              | FC_METHOD_ASK | FC_METHOD_MEASURE);
  g_assert_cmpstr (all, ==, "look,test,ask,measure,documents");
  none = fc_methods_to_string (0);
  g_assert_cmpstr (none, ==, "");

  g_assert_cmpstr (fc_answer_type_to_string (FC_ANSWER_PASS_FAIL_NA), ==, "pass_fail_na");
  g_assert_cmpstr (fc_answer_type_to_string (FC_ANSWER_NUMBER), ==, "number");
  g_assert_cmpstr (fc_answer_type_to_string (FC_ANSWER_TEXT), ==, "text");
  g_assert_cmpstr (fc_answer_type_to_string (FC_ANSWER_CHOICE), ==, "choice");

  g_assert_cmpstr (fc_verification_to_string (FC_VERIFICATION_VERIFIED), ==, "verified");
  g_assert_cmpstr (fc_verification_to_string (FC_VERIFICATION_PARTLY), ==, "partly");
  g_assert_cmpstr (fc_verification_to_string (FC_VERIFICATION_UNVERIFIED), ==, "unverified");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/checklist/shipped/all-load", test_shipped_templates_all_load);
  g_test_add_func ("/checklist/shipped/general-covers-every-category",
                   test_general_covers_every_category);
  g_test_add_func ("/checklist/shipped/general-applies-to-every-institution-type",
                   test_general_applies_to_every_institution_type);
  g_test_add_func ("/checklist/shipped/general-has-no-major-items",
                   test_general_has_no_major_items);
  g_test_add_func ("/checklist/shipped/special-templates-apply-to-their-type",
                   test_special_templates_apply_to_their_type);
  g_test_add_func ("/checklist/shipped/every-text-is-bilingual", test_every_text_is_bilingual);
  g_test_add_func ("/checklist/shipped/criteria-carry-their-verification-mark",
                   test_criteria_carry_their_verification_mark);
  g_test_add_func ("/checklist/shipped/no-major-item-outside-the-expected-criteria",
                   test_no_major_item_outside_the_expected_criteria);
  g_test_add_func ("/checklist/shipped/major-items-can-fail", test_major_items_can_fail);
  g_test_add_func ("/checklist/shipped/equipment-kinds-are-known",
                   test_equipment_kinds_are_known);
  g_test_add_func ("/checklist/shipped/number-items-have-a-limit-and-a-unit",
                   test_number_items_have_a_limit_and_a_unit);

  g_test_add_func ("/checklist/parse/valid-template-gives-every-field",
                   test_valid_template_gives_every_field);
  g_test_add_func ("/checklist/parse/base-of-bad-cases-is-valid",
                   test_valid_good_item_macro_parses);
  g_test_add_func ("/checklist/parse/error-names-file-item-and-field",
                   test_error_names_file_item_and_field);
  for (guint i = 0; i < G_N_ELEMENTS (bad_templates); i++)
    {
      g_autofree char *path = g_strdup_printf ("/checklist/parse/refuses/%s",
                                               bad_templates[i].name);

      g_test_add_data_func (path, &bad_templates[i], test_bad_template_is_refused);
    }

  g_test_add_func ("/checklist/load-dir/reads-json-files-in-name-order",
                   test_load_dir_reads_json_files_in_name_order);
  g_test_add_func ("/checklist/load-dir/stops-at-first-bad-file",
                   test_load_dir_stops_at_first_bad_file);
  g_test_add_func ("/checklist/load-dir/refuses-a-repeated-template-code",
                   test_load_dir_refuses_a_repeated_template_code);
  g_test_add_func ("/checklist/load-file/names-the-file-not-the-path",
                   test_load_file_names_the_file_not_the_path);

  g_test_add_func ("/checklist/wire-names-are-stable", test_wire_names_are_stable);

  return g_test_run ();
}
