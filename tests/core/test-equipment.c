/* test-equipment.c: the equipment register and what a scanned tag names */

#include "config.h"

#include <string.h>

#include "fc-checklist-import.h"
#include "fc-equipment.h"
#include "fc-error.h"
#include "fc-store-write.h"
#include "fc-tag.h"
#include "test-util.h"

#define DISTRICT "500154"

typedef struct
{
  FcStore *store;
  char    *home;    /* a facility */
  char    *other;   /* another facility */
  char    *extinguisher;
} Fixture;

static char *
add_facility (FcStore    *store,
              const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcOp) op = fc_op_new_insert ("facility", NULL);

  fc_op_set_string (op, "type", "elderly_care");
  fc_op_set_string (op, "name", name);
  fc_op_set_string (op, "town", "汉丰街道");
  g_assert_true (fc_store_write (store, op, &error));
  g_assert_no_error (error);
  return g_strdup (op->row_id);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  /* A fixture's address can repeat from one test to the next; a counter cannot. */
  static guint n_stores = 0;
  g_autofree char *name = g_strdup_printf ("equipment-%u.db", n_stores++);
  g_autofree char *path = test_scratch_path (name);
  FcEquipmentRecord record = { 0 };

  f->store = fc_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (fc_equipment_set_district (f->store, DISTRICT, &error));
  f->home = add_facility (f->store, "临江乐龄康养中心");
  f->other = add_facility (f->store, "南山儿童福利院");
  record = (FcEquipmentRecord) { .facility_id = f->home, .kind = "extinguisher",
                                 .name = "干粉灭火器", .location = "一楼走廊",
                                 .tag_code = "001003", .expires_on = "2027-06-30" };
  f->extinguisher = fc_equipment_add (f->store, &record, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->extinguisher);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_free (f->home);
  g_free (f->other);
  g_free (f->extinguisher);
  g_assert_finalize_object (f->store);
}

static void
test_equipment_changes_go_through_the_op_log (Fixture       *f,
                                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *rename[] = { "name", "ABC干粉灭火器", "location", "", NULL };
  g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM op_log WHERE tbl = 'equipment'"
                                          " AND row_id = '%s'", f->extinguisher);
  g_autofree char *location = NULL;

  g_assert_cmpint (test_count (f->store, sql), ==, 1);
  g_assert_true (fc_equipment_edit (f->store, f->extinguisher, rename, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_count (f->store, sql), ==, 2);
  g_assert_true (fc_equipment_retire (f->store, f->extinguisher, &error));
  g_assert_cmpint (test_count (f->store, sql), ==, 3);
  /* Retiring twice changes nothing more. */
  g_assert_true (fc_equipment_retire (f->store, f->extinguisher, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_count (f->store, sql), ==, 3);
  location = test_text (f->store, "SELECT coalesce (location, 'cleared') FROM equipment");
  g_assert_cmpstr (location, ==, "cleared");
}

static void
test_equipment_list_hides_retired_unless_asked (Fixture       *f,
                                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) before = NULL;
  g_autoptr(JsonArray) after = NULL;
  g_autoptr(JsonArray) all = NULL;
  g_autoptr(JsonArray) other = NULL;

  before = fc_equipment_list (f->store, f->home, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (before), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (before, 0),
                                                  "facility_name"), ==, "临江乐龄康养中心");
  g_assert_true (fc_equipment_retire (f->store, f->extinguisher, &error));
  after = fc_equipment_list (f->store, f->home, FALSE, &error);
  all = fc_equipment_list (f->store, f->home, TRUE, &error);
  other = fc_equipment_list (f->store, f->other, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (after), ==, 0);
  g_assert_cmpuint (json_array_get_length (all), ==, 1);
  g_assert_cmpuint (json_array_get_length (other), ==, 0);
  g_assert_null (fc_equipment_list (f->store, "no-such-facility", FALSE, &error));
  g_assert_error (error, FC_ERROR, FC_ERROR_NOT_FOUND);
}

static void
test_equipment_retire_records_the_reason_in_one_op (Fixture       *f,
                                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *ops = g_strdup_printf ("SELECT count (*) FROM op_log WHERE tbl = 'equipment'"
                                          " AND row_id = '%s'", f->extinguisher);
  g_autofree char *retire_op = g_strdup_printf ("SELECT count (*) FROM op_log WHERE tbl = 'equipment'"
                                                " AND row_id = '%s' AND fields LIKE '%%retired_reason%%'"
                                                " AND fields LIKE '%%retired_on%%'", f->extinguisher);

  g_assert_true (fc_equipment_retire_because (f->store, f->extinguisher, "  换成了新的 ABC 灭火器 ",
                                              &error));
  g_assert_no_error (error);
  row = fc_equipment_get (f->store, f->extinguisher, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (row, "retired"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (row, "retired_reason"), ==, "换成了新的 ABC 灭火器");
  g_assert_cmpstr (json_object_get_string_member (row, "retired_on"), ==, today);
  g_assert_cmpint (test_count (f->store, ops), ==, 2);
  g_assert_cmpint (test_count (f->store, retire_op), ==, 1);

  /* A second retirement keeps the first reason and writes nothing. */
  g_assert_true (fc_equipment_retire_because (f->store, f->extinguisher, "another reason", &error));
  g_assert_no_error (error);
  g_clear_pointer (&row, json_object_unref);
  row = fc_equipment_get (f->store, f->extinguisher, &error);
  g_assert_cmpstr (json_object_get_string_member (row, "retired_reason"), ==, "换成了新的 ABC 灭火器");
  g_assert_cmpint (test_count (f->store, ops), ==, 2);
  g_assert_false (fc_equipment_retire_because (f->store, "no-such-equipment", "gone", &error));
  g_assert_error (error, FC_ERROR, FC_ERROR_NOT_FOUND);
}

typedef struct
{
  const char *name;
  const char *facility;  /* "home", "other" or an id */
  const char *kind;
  const char *equipment_name;
  const char *tag;
  const char *date;
  int         code;      /* -1: added */
} AddCase;

static const AddCase add_cases[] = {
  { "plain", "home", "pump", "排涝水泵", NULL, NULL, -1 },
  { "tag-in-lower-case-is-stored-upper", "other", "drain", "屋面排水口", "ab12", "2027-01-31", -1 },
  { "tag-used-in-another-facility", "other", "pump", "水泵", "001003", NULL, FC_ERROR_INVALID },
  { "tag-too-long", "home", "pump", "水泵", "ABCDEFGHIJKLM", NULL, FC_ERROR_INVALID },
  { "unknown-kind", "home", "toaster", "烤面包机", NULL, NULL, FC_ERROR_INVALID },
  { "no-name", "home", "pump", "", NULL, NULL, FC_ERROR_INVALID },
  { "not-a-date", "home", "pump", "水泵", NULL, "2027-02-30", FC_ERROR_INVALID },
  { "date-with-time", "home", "pump", "水泵", NULL, "2027-02-01T08:00", FC_ERROR_INVALID },
  { "unknown-facility", "no-such-facility", "pump", "水泵", NULL, NULL, FC_ERROR_NOT_FOUND },
};

static void
test_equipment_add_cases (Fixture       *f,
                          gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (add_cases); i++)
    {
      const AddCase *c = &add_cases[i];
      g_autoptr(GError) error = NULL;
      g_autofree char *id = NULL;
      const char *facility = g_str_equal (c->facility, "home") ? f->home :
                             g_str_equal (c->facility, "other") ? f->other : c->facility;
      FcEquipmentRecord record = { .facility_id = facility, .kind = c->kind,
                                   .name = c->equipment_name, .tag_code = c->tag,
                                   .expires_on = c->date };
      gint64 ops = test_count (f->store, "SELECT count (*) FROM op_log");

      g_test_message ("case %s", c->name);
      id = fc_equipment_add (f->store, &record, &error);
      if (c->code >= 0)
        {
          g_assert_error (error, FC_ERROR, c->code);
          g_assert_null (id);
          /* A refused change leaves no trace. */
          g_assert_cmpint (test_count (f->store, "SELECT count (*) FROM op_log"), ==, ops);
          continue;
        }
      g_assert_no_error (error);
      g_assert_nonnull (id);
      if (c->tag != NULL)
        {
          g_autoptr(JsonObject) row = fc_equipment_find_by_tag (f->store, "AB12", &error);

          g_assert_no_error (error);
          g_assert_cmpstr (json_object_get_string_member (row, "id"), ==, id);
          g_assert_cmpstr (json_object_get_string_member (row, "tag_code"), ==, "AB12");
        }
    }
}

static void
test_equipment_edit_refuses_what_breaks_the_register (Fixture       *f,
                                                      gconstpointer  data)
{
  static const struct { const char *name; const char *field; const char *value; int code; } cases[] = {
    { "tag-of-other-equipment", "tag_code", "b7", FC_ERROR_INVALID },
    { "clear-the-name", "name", "", FC_ERROR_INVALID },
    { "id-is-not-editable", "retired", "0", FC_ERROR_INVALID },
    { "unknown-field", "colour", "red", FC_ERROR_INVALID },
    { "move-to-unknown-facility", "facility_id", "no-such-facility", FC_ERROR_NOT_FOUND },
    { "bad-date", "last_serviced_on", "yesterday", FC_ERROR_INVALID },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *second = NULL;
  FcEquipmentRecord record = { .facility_id = f->other, .kind = "gas_valve",
                               .name = "燃气紧急切断阀", .tag_code = "B7" };
  const char *keep_own_tag[] = { "tag_code", "001003", NULL };
  const char *move[] = { "facility_id", NULL, "tag_code", "", NULL };

  second = fc_equipment_add (f->store, &record, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) case_error = NULL;
      const char *changes[] = { cases[i].field, cases[i].value, NULL };

      g_test_message ("case %s", cases[i].name);
      g_assert_false (fc_equipment_edit (f->store, f->extinguisher, changes, &case_error));
      g_assert_error (case_error, FC_ERROR, cases[i].code);
    }
  /* Its own tag is no clash; moving it and dropping its tag is fine. */
  g_assert_true (fc_equipment_edit (f->store, f->extinguisher, keep_own_tag, &error));
  g_assert_no_error (error);
  move[1] = f->other;
  g_assert_true (fc_equipment_edit (f->store, f->extinguisher, move, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_count (f->store, "SELECT count (*) FROM equipment WHERE tag_code IS NULL"),
                   ==, 1);
  g_assert_false (fc_equipment_edit (f->store, "no-such-equipment", keep_own_tag, &error));
  g_assert_error (error, FC_ERROR, FC_ERROR_NOT_FOUND);
}

typedef struct
{
  const char     *name;
  const char     *district;  /* NULL: the text is given as is */
  const char     *code;
  const char     *text;
  gboolean        in_other_facility;
  int             error_code;  /* -1: resolves */
  FcTagMatchKind  kind;
} ResolveCase;

static const ResolveCase resolve_cases[] = {
  { "own-equipment", DISTRICT, "001003", NULL, FALSE, -1, FC_TAG_MATCH_EQUIPMENT },
  { "lower-case-wedge-scan", NULL, NULL, "fc1:500154:001003:8\n", FALSE, -1, FC_TAG_MATCH_EQUIPMENT },
  { "other-facility", DISTRICT, "001003", NULL, TRUE, -1, FC_TAG_MATCH_OTHER_FACILITY },
  { "other-district", "110105", "001003", NULL, FALSE, -1, FC_TAG_MATCH_OTHER_DISTRICT },
  { "unknown-tag", DISTRICT, "009999", NULL, FALSE, -1, FC_TAG_MATCH_UNKNOWN },
  { "foreign", NULL, NULL, "https://example.org/", FALSE, FC_ERROR_TAG_FOREIGN, 0 },
  { "misread", NULL, NULL, "FC1:500154:001003:9", FALSE, FC_ERROR_TAG_CHECK, 0 },
  { "damaged", NULL, NULL, "FC1:500154:001003", FALSE, FC_ERROR_TAG_MALFORMED, 0 },
  { "newer", NULL, NULL, "FC2:500154:001003:8", FALSE, FC_ERROR_TAG_VERSION, 0 },
};

static void
test_equipment_resolve_tag_cases (Fixture       *f,
                                  gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (resolve_cases); i++)
    {
      const ResolveCase *c = &resolve_cases[i];
      g_autoptr(GError) error = NULL;
      g_autofree char *text = c->district ? fc_tag_format (c->district, c->code, NULL)
                                          : g_strdup (c->text);
      g_auto(FcTagMatch) match = { 0 };
      gboolean ok;

      g_test_message ("case %s", c->name);
      ok = fc_equipment_resolve_tag (f->store, text, c->in_other_facility ? f->other : f->home,
                                     &match, &error);
      if (c->error_code >= 0)
        {
          g_assert_false (ok);
          g_assert_error (error, FC_ERROR, c->error_code);
          continue;
        }
      g_assert_no_error (error);
      g_assert_true (ok);
      g_assert_cmpint (match.kind, ==, c->kind);
      if (c->kind == FC_TAG_MATCH_EQUIPMENT || c->kind == FC_TAG_MATCH_OTHER_FACILITY)
        g_assert_cmpstr (json_object_get_string_member (match.equipment, "id"), ==,
                         f->extinguisher);
      else
        g_assert_null (match.equipment);
    }
}

static void
test_equipment_retired_tag_still_resolves (Fixture       *f,
                                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = fc_tag_format (DISTRICT, "001003", NULL);
  g_auto(FcTagMatch) match = { 0 };

  g_assert_true (fc_equipment_retire (f->store, f->extinguisher, &error));
  g_assert_true (fc_equipment_resolve_tag (f->store, text, NULL, &match, &error));
  g_assert_no_error (error);
  g_assert_cmpint (match.kind, ==, FC_TAG_MATCH_EQUIPMENT);
  g_assert_cmpint (json_object_get_int_member (match.equipment, "retired"), ==, 1);
}

static void
test_equipment_resolve_needs_a_district (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = test_scratch_path ("no-district.db");
  g_autoptr(FcStore) store = fc_store_open (path, &error);
  g_autofree char *text = fc_tag_format (DISTRICT, "001003", NULL);
  g_auto(FcTagMatch) match = { 0 };

  g_assert_no_error (error);
  g_assert_false (fc_equipment_resolve_tag (store, text, NULL, &match, &error));
  g_assert_error (error, FC_ERROR, FC_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (fc_equipment_set_district (store, "5001", &error));
  g_assert_error (error, FC_ERROR, FC_ERROR_INVALID);
}

static void
test_equipment_kinds_have_labels (void)
{
  const char *const *kinds = fc_equipment_kinds ();

  g_assert_cmpuint (g_strv_length ((char **) kinds), >=, 15);
  for (guint i = 0; kinds[i] != NULL; i++)
    g_assert_nonnull (fc_equipment_kind_label (kinds[i]));
  g_assert_null (fc_equipment_kind_label ("toaster"));
}

static void
test_equipment_overview_shows_hazards_and_items_of_its_kind (Fixture       *f,
                                                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) checklists = fc_checklists_load_builtin (&error);
  g_autoptr(FcOp) open_hazard = fc_op_new_insert ("hazard", NULL);
  g_autoptr(FcOp) elsewhere = fc_op_new_insert ("hazard", NULL);
  g_autoptr(JsonObject) overview = NULL;
  g_autoptr(JsonObject) missing = NULL;
  JsonArray *hazards, *items;

  g_assert_no_error (error);
  for (guint i = 0; i < checklists->len; i++)
    {
      g_autofree char *id = fc_store_import_checklist (f->store, checklists->pdata[i], &error);

      g_assert_no_error (error);
    }
  for (guint i = 0; i < 2; i++)
    {
      FcOp *op = i == 0 ? open_hazard : elsewhere;

      fc_op_set_string (op, "facility_id", f->home);
      fc_op_set_string (op, "source", "inspection");
      fc_op_set_string (op, "category", "fire");
      fc_op_set_string (op, "description", i == 0 ? "压力表指针在红区" : "疏散通道堆放杂物");
      if (i == 0)
        fc_op_set_string (op, "equipment_id", f->extinguisher);
      fc_op_set_string (op, "level", "general");
      fc_op_set_string (op, "status", "open");
      fc_op_set_string (op, "found_at", "2026-04-01T09:00:00Z");
      fc_store_write (f->store, op, &error);
      g_assert_no_error (error);
    }

  overview = fc_equipment_overview (f->store, f->extinguisher, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (overview);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (overview, "equipment"),
                                                  "name"), ==, "干粉灭火器");
  /* Only the hazard recorded against this equipment. */
  hazards = json_object_get_array_member (overview, "hazards");
  g_assert_cmpuint (json_array_get_length (hazards), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (hazards, 0), "id"),
                   ==, open_hazard->row_id);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (overview, "results")), ==, 0);
  /* The elderly-care facility sees the general checklist's extinguisher item,
   * and never the items of checklists for other kinds of facility. */
  items = json_object_get_array_member (overview, "items");
  g_assert_cmpuint (json_array_get_length (items), >=, 1);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      const char *id = json_object_get_string_member (json_array_get_object_element (items, i), "id");
      g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM checklist_item i JOIN checklist_template t"
                                              " ON t.id = i.template_id WHERE i.id = '%s'"
                                              " AND ',' || i.equipment_kinds || ',' LIKE '%%,extinguisher,%%'"
                                              " AND t.institution_types LIKE '%%elderly_care%%'", id);

      g_assert_cmpint (test_count (f->store, sql), ==, 1);
    }

  missing = fc_equipment_overview (f->store, "no-such-equipment", NULL, &error);
  g_assert_null (missing);
  g_assert_error (error, FC_ERROR, FC_ERROR_NOT_FOUND);
}

static void
test_equipment_return_to_service_clears_the_retirement (Fixture       *f,
                                                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) listed = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autofree char *ops = g_strdup_printf ("SELECT count (*) FROM op_log WHERE tbl = 'equipment'"
                                          " AND row_id = '%s'", f->extinguisher);

  /* Equipment in service stays as it is. */
  g_assert_true (fc_equipment_return_to_service (f->store, f->extinguisher, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_count (f->store, ops), ==, 1);

  g_assert_true (fc_equipment_retire_because (f->store, f->extinguisher, "误操作", &error));
  g_assert_true (fc_equipment_return_to_service (f->store, f->extinguisher, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_count (f->store, ops), ==, 3);
  row = fc_equipment_get (f->store, f->extinguisher, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (row, "retired"), ==, 0);
  g_assert_null (json_object_get_string_member_with_default (row, "retired_on", NULL));
  g_assert_null (json_object_get_string_member_with_default (row, "retired_reason", NULL));
  listed = fc_equipment_list (f->store, f->home, FALSE, &error);
  g_assert_cmpuint (json_array_get_length (listed), ==, 1);

  g_assert_false (fc_equipment_return_to_service (f->store, "no-such-equipment", &error));
  g_assert_error (error, FC_ERROR, FC_ERROR_NOT_FOUND);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) \
  g_test_add ("/equipment/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("changes-go-through-the-op-log", test_equipment_changes_go_through_the_op_log);
  ADD ("list-hides-retired-unless-asked", test_equipment_list_hides_retired_unless_asked);
  ADD ("retire-records-the-reason-in-one-op", test_equipment_retire_records_the_reason_in_one_op);
  ADD ("return-to-service-clears-the-retirement",
       test_equipment_return_to_service_clears_the_retirement);
  ADD ("add-cases", test_equipment_add_cases);
  ADD ("edit-refuses-what-breaks-the-register", test_equipment_edit_refuses_what_breaks_the_register);
  ADD ("resolve-tag-cases", test_equipment_resolve_tag_cases);
  ADD ("retired-tag-still-resolves", test_equipment_retired_tag_still_resolves);
  ADD ("overview-shows-hazards-and-items-of-its-kind",
       test_equipment_overview_shows_hazards_and_items_of_its_kind);
#undef ADD
  g_test_add_func ("/equipment/resolve-needs-a-district", test_equipment_resolve_needs_a_district);
  g_test_add_func ("/equipment/kinds-have-labels", test_equipment_kinds_have_labels);
  return g_test_run ();
}
