/* test-cli.c: fieldcheck-cli as a script would use it */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "test-util.h"

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
cli (Run        *run,
     const char *db,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  va_list args;
  const char *arg;
  int wait_status = 0;

  g_ptr_array_add (argv, (gpointer) CLI_PATH);
  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, (gpointer) db);
  g_ptr_array_add (argv, (gpointer) "--today");
  g_ptr_array_add (argv, (gpointer) "2026-11-29");
  va_start (args, db);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &run->out, &run->err, &wait_status, &error));
  g_assert_no_error (error);
  run->status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : 128;
}

static char *demo_db;

static void
test_cli_facilities_lists_the_district_as_tsv (void)
{
  g_auto(Run) run = { 0 };
  g_auto(GStrv) lines = NULL;

  cli (&run, demo_db, "facilities", NULL);
  g_assert_cmpint (run.status, ==, 0);
  lines = g_strsplit (run.out, "\n", -1);
  g_assert_true (g_str_has_prefix (lines[0], "id\tname\ttype\ttown"));
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 72 + 1);
  for (guint i = 1; i < 73; i++)
    {
      g_auto(GStrv) cells = g_strsplit (lines[i], "\t", -1);

      g_assert_cmpuint (g_strv_length (cells), ==, 9);
    }
}

static void
test_cli_facilities_json_parses (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *rows;

  cli (&run, demo_db, "--json", "facilities", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, NULL));
  rows = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (rows), ==, 72);
  g_assert_true (json_object_has_member (json_array_get_object_element (rows, 0), "open_major"));
}

static void
test_cli_templates_count_items_per_category (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *rows;
  gboolean saw_general = FALSE;

  cli (&run, demo_db, "--json", "templates", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, NULL));
  rows = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (rows), ==, 5);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *t = json_array_get_object_element (rows, i);

      if (g_str_equal (json_object_get_string_member (t, "code"), "general"))
        {
          static const char *const categories[] = {
            "fire_exit", "gas", "electrical", "building", "drainage", "other",
          };

          saw_general = TRUE;
          for (guint c = 0; c < G_N_ELEMENTS (categories); c++)
            g_assert_cmpint (json_object_get_int_member (t, categories[c]), >=, 10);
        }
    }
  g_assert_true (saw_general);
}

static void
test_cli_show_facility_gives_grid_and_hazards (void)
{
  g_auto(Run) list = { 0 };
  g_auto(Run) run = { 0 };
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) first = NULL;

  cli (&list, demo_db, "facilities", NULL);
  lines = g_strsplit (list.out, "\n", 3);
  first = g_strsplit (lines[1], "\t", 2);
  cli (&run, demo_db, "show", "facility", first[0], NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "area_leader\t"));
  g_assert_nonnull (strstr (run.out, "line_department\t"));
  g_assert_nonnull (strstr (run.out, "point_cadre\t"));
  g_assert_nonnull (strstr (run.out, "\nid\tcategory\tlevel\tstatus"));
}

static void
test_cli_check_passes_on_the_demo (void)
{
  g_auto(Run) run = { 0 };

  cli (&run, demo_db, "check", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "ok\n");
}

typedef struct
{
  const char *name;
  const char *args[4];
  int         status;
  const char *stderr_has;
} Failure;

static void
test_cli_failures_are_one_clear_line (void)
{
  g_autofree char *text_file = test_scratch_path ("not-a-db.txt");
  const Failure failures[] = {
    { "unknown command", { "frobnicate", NULL }, 2, "not a command" },
    { "no command", { NULL }, 2, "command" },
    { "unknown facility", { "show", "facility", "nope", NULL }, 1, "no facility" },
    { "show without a kind", { "show", NULL }, 2, "usage" },
    { "demo into a full database", { "init", "--demo", NULL }, 1, "already holds" },
  };

  g_assert_true (g_file_set_contents (text_file, "hello\n", -1, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (failures); i++)
    {
      g_auto(Run) run = { 0 };

      g_test_message ("%s", failures[i].name);
      cli (&run, demo_db, failures[i].args[0], failures[i].args[1], failures[i].args[2], NULL);
      g_assert_cmpint (run.status, ==, failures[i].status);
      g_assert_nonnull (strstr (run.err, failures[i].stderr_has));
      g_assert_true (g_str_has_prefix (run.err, "fieldcheck-cli: "));
      g_assert_cmpuint (strchr (run.err, '\n') - run.err, ==, strlen (run.err) - 1);
    }

  {
    g_auto(Run) run = { 0 };

    cli (&run, text_file, "facilities", NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "not a Fieldcheck database"));
  }
}

static void
test_cli_check_template_names_file_item_and_field (void)
{
  g_autofree char *good = g_build_filename (SOURCE_CHECKLIST_DIR, "general.json", NULL);
  g_autofree char *bad = test_scratch_path ("bad-template.json");
  g_auto(Run) ok = { 0 };
  g_auto(Run) refused = { 0 };
  const char *bad_json =
    "{\"format\": 1, \"code\": \"x\", \"version\": \"1\","
    " \"title\": {\"zh_CN\": \"测试\", \"en\": \"Test\"}, \"institution_types\": [\"other\"],"
    " \"items\": [{\"code\": \"X-1\", \"category\": \"fire_exit\","
    " \"content\": {\"zh_CN\": \"内容\", \"en\": \"Content\"},"
    " \"standard\": {\"zh_CN\": \"标准\"},"
    " \"method\": [\"look\"], \"responsible_role\": \"inspector\","
    " \"answer\": {\"type\": \"pass_fail_na\"}}]}";

  g_assert_true (g_file_set_contents (bad, bad_json, -1, NULL));
  cli (&ok, demo_db, "check-template", good, NULL);
  g_assert_cmpint (ok.status, ==, 0);
  g_assert_nonnull (strstr (ok.out, "\tgeneral\t"));

  cli (&refused, demo_db, "check-template", bad, NULL);
  g_assert_cmpint (refused.status, ==, 1);
  g_assert_nonnull (strstr (refused.err, "bad-template.json"));
  g_assert_nonnull (strstr (refused.err, "X-1"));
  g_assert_nonnull (strstr (refused.err, "standard.en"));
}

static void
test_cli_check_counts_the_problems_it_found (void)
{
  g_autofree char *db = test_scratch_path ("cli-broken.db");
  g_auto(Run) init = { 0 };
  g_auto(Run) run = { 0 };
  sqlite3 *raw = NULL;

  cli (&init, db, "init", NULL);
  g_assert_cmpint (init.status, ==, 0);
  /* A foreign key pointing nowhere, written with the checks off, as a damaged copy would hold it. */
  g_assert_cmpint (sqlite3_open (db, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (raw, "PRAGMA foreign_keys = OFF; DROP TRIGGER fc_guard_insert_assignment; "
                                      "INSERT INTO assignment (id, person_id, facility_id, role) "
                                      "VALUES ('a', 'nobody', 'nowhere', 'staff')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (raw);

  cli (&run, db, "check", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "the check found 2 problems"));
  g_assert_nonnull (strstr (run.out, "assignment"));
}

int
main (int    argc,
      char **argv)
{
  g_auto(Run) init = { 0 };

  g_test_init (&argc, &argv, NULL);
  demo_db = test_scratch_path ("cli-demo.db");
  cli (&init, demo_db, "init", "--demo", NULL);
  g_assert_cmpint (init.status, ==, 0);
  g_assert_nonnull (strstr (init.out, "facilities\t72"));

  g_test_add_func ("/cli/facilities-lists-the-district-as-tsv", test_cli_facilities_lists_the_district_as_tsv);
  g_test_add_func ("/cli/facilities-json-parses", test_cli_facilities_json_parses);
  g_test_add_func ("/cli/templates-count-items-per-category", test_cli_templates_count_items_per_category);
  g_test_add_func ("/cli/show-facility-gives-grid-and-hazards", test_cli_show_facility_gives_grid_and_hazards);
  g_test_add_func ("/cli/check-passes-on-the-demo", test_cli_check_passes_on_the_demo);
  g_test_add_func ("/cli/failures-are-one-clear-line", test_cli_failures_are_one_clear_line);
  g_test_add_func ("/cli/check-template-names-file-item-and-field", test_cli_check_template_names_file_item_and_field);
  g_test_add_func ("/cli/check-counts-the-problems-it-found", test_cli_check_counts_the_problems_it_found);
  return g_test_run ();
}
