/* fc-cli.c: fieldcheck-cli, the core without a screen
 *
 * Output is tab-separated by default and JSON with --json. Success exits 0;
 * any failure prints one line on stderr and exits non-zero.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "fc-check.h"
#include "fc-checklist-import.h"
#include "fc-demo.h"
#include "fc-error.h"
#include "fc-hazards.h"
#include "fc-i18n.h"
#include "fc-queries.h"
#include "fc-store.h"

#define EXIT_USAGE 2

typedef struct
{
  char     *db;
  gboolean  json;
  gboolean  demo;
  char     *today;
  int       seed;
} CliOptions;

typedef int (*CliCommand) (CliOptions *options,
                           int         argc,
                           char      **argv);

static char *
default_db_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "fieldcheck", "fieldcheck.db", NULL);
}

static int
fail (GError *error)
{
  g_printerr ("fieldcheck-cli: %s\n", error->message);
  return 1;
}

static FcStore *
open_store (CliOptions  *options,
            GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (options->db);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_FAILED, _("Cannot create the folder “%s”"), dir);
      return NULL;
    }
  return fc_store_open (options->db, error);
}

static void
print_value (JsonNode *node)
{
  g_autofree char *text = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      /* A tab or newline inside a field would break the row. */
      text = g_strdup (json_node_get_string (node));
      g_strdelimit (text, "\t\n\r", ' ');
    }
  else
    text = json_to_string (node, FALSE);
  g_print ("%s", text);
}

static void
print_rows (CliOptions *options,
            JsonArray  *rows,
            const char *const *columns)
{
  if (options->json)
    {
      g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), rows);
      g_autofree char *text = json_to_string (node, TRUE);

      g_print ("%s\n", text);
      return;
    }

  for (guint c = 0; columns[c] != NULL; c++)
    g_print ("%s%s", c ? "\t" : "", columns[c]);
  g_print ("\n");
  for (guint r = 0; r < json_array_get_length (rows); r++)
    {
      JsonObject *row = json_array_get_object_element (rows, r);

      for (guint c = 0; columns[c] != NULL; c++)
        {
          if (c)
            g_print ("\t");
          print_value (json_object_get_member (row, columns[c]));
        }
      g_print ("\n");
    }
}

static int
cmd_init (CliOptions  *options,
          int          argc,
          char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = open_store (options, &error);
  g_autoptr(GPtrArray) checklists = NULL;
  g_autoptr(sqlite3_stmt) count = NULL;
  FcDemoSummary summary;

  if (store == NULL)
    return fail (error);

  if (!options->demo)
    {
      checklists = fc_checklists_load_builtin (&error);
      if (checklists == NULL)
        return fail (error);
      for (guint i = 0; i < checklists->len; i++)
        {
          g_autofree char *id = fc_store_import_checklist (store, checklists->pdata[i], &error);

          if (id == NULL)
            return fail (error);
        }
      g_print ("%s\t%s\n", fc_store_get_path (store), fc_store_get_device_id (store));
      return 0;
    }

  count = fc_store_prepare (store, "SELECT count (*) FROM facility", &error);
  if (count == NULL)
    return fail (error);
  sqlite3_step (count);
  if (sqlite3_column_int (count, 0) > 0)
    {
      g_printerr ("fieldcheck-cli: %s\n",
                  _("The database already holds facilities; the demo district goes into a new database"));
      return 1;
    }

  if (!fc_demo_generate (store, options->today, (guint32) options->seed, &summary, &error))
    return fail (error);
  g_print ("facilities\t%u\npeople\t%u\nequipment\t%u\ninspections\t%u\nresults\t%u\n"
           "hazards\t%u\nmajor\t%u\nclosed\t%u\n",
           summary.facilities, summary.people, summary.equipment, summary.inspections,
           summary.results, summary.hazards, summary.hazards_major, summary.hazards_closed);
  return 0;
}

static int
cmd_facilities (CliOptions  *options,
                int          argc,
                char       **argv)
{
  static const char *const columns[] = {
    "id", "name", "type", "town", "beds", "open_major", "open_general", "overdue",
    "last_inspection", NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = open_store (options, &error);
  g_autoptr(JsonArray) rows = NULL;

  if (store == NULL)
    return fail (error);
  rows = fc_queries_facilities (store, fc_store_get_user (store), options->today, &error);
  if (rows == NULL)
    return fail (error);
  print_rows (options, rows, columns);
  return 0;
}

static int
cmd_templates (CliOptions  *options,
               int          argc,
               char       **argv)
{
  static const char *const columns[] = {
    "code", "version", "title_zh", "fire_exit", "gas", "electrical", "building", "drainage",
    "other", "items", "major", "major_unverified", NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = open_store (options, &error);
  g_autoptr(JsonArray) rows = NULL;

  if (store == NULL)
    return fail (error);
  rows = fc_queries_templates (store, &error);
  if (rows == NULL)
    return fail (error);
  print_rows (options, rows, columns);
  return 0;
}

static int
cmd_show (CliOptions  *options,
          int          argc,
          char       **argv)
{
  static const char *const fields[] = {
    "id", "name", "type", "town", "address", "beds", "legal_rep", "legal_rep_phone",
    "safety_officer", "safety_officer_phone", "area_leader", "line_department", "point_cadre",
    "equipment_count", "inspections", NULL
  };
  static const char *const hazard_columns[] = {
    "id", "category", "level", "status", "deadline", "overdue", "description", NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = NULL;
  g_autoptr(JsonObject) facility = NULL;

  if (argc != 2 || !g_str_equal (argv[0], "facility"))
    {
      g_printerr ("fieldcheck-cli: %s\n", _("usage: fieldcheck-cli show facility ID"));
      return EXIT_USAGE;
    }
  store = open_store (options, &error);
  if (store == NULL)
    return fail (error);
  facility = fc_queries_facility (store, argv[1], options->today, &error);
  if (facility == NULL)
    return fail (error);

  if (options->json)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), facility);
      g_autofree char *text = json_to_string (node, TRUE);

      g_print ("%s\n", text);
      return 0;
    }
  for (guint i = 0; fields[i] != NULL; i++)
    {
      g_print ("%s\t", fields[i]);
      print_value (json_object_get_member (facility, fields[i]));
      g_print ("\n");
    }
  g_print ("\n");
  print_rows (options, json_object_get_array_member (facility, "open_hazards"), hazard_columns);
  return 0;
}

static int
cmd_check (CliOptions  *options,
           int          argc,
           char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = open_store (options, &error);
  g_autoptr(GPtrArray) problems = NULL;

  if (store == NULL)
    return fail (error);
  problems = fc_store_check (store, &error);
  if (problems == NULL)
    return fail (error);

  if (options->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "ok");
      json_builder_add_boolean_value (b, problems->len == 0);
      json_builder_set_member_name (b, "problems");
      json_builder_begin_array (b);
      for (guint i = 0; i < problems->len; i++)
        json_builder_add_string_value (b, problems->pdata[i]);
      json_builder_end_array (b);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      text = json_to_string (root, TRUE);
      g_print ("%s\n", text);
    }
  else
    for (guint i = 0; i < problems->len; i++)
      g_print ("%s\n", (const char *) problems->pdata[i]);

  if (problems->len > 0)
    {
      g_printerr ("fieldcheck-cli: %s\n",
                  g_dngettext (GETTEXT_PACKAGE, "the check found %u problem",
                               "the check found %u problems", problems->len));
      return 1;
    }
  if (!options->json)
    g_print ("ok\n");
  return 0;
}

static int
cmd_check_template (CliOptions  *options,
                    int          argc,
                    char       **argv)
{
  int status = 0;

  if (argc == 0)
    {
      g_printerr ("fieldcheck-cli: %s\n", _("usage: fieldcheck-cli check-template FILE…"));
      return EXIT_USAGE;
    }
  for (int i = 0; i < argc; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FcChecklist) checklist = fc_checklist_load_file (argv[i], &error);

      if (checklist == NULL)
        {
          g_printerr ("fieldcheck-cli: %s\n", error->message);
          status = 1;
          continue;
        }
      g_print ("%s\t%s\t%s\t%u\n", argv[i], checklist->code, checklist->version,
               checklist->items->len);
    }
  return status;
}

static const struct
{
  const char *name;
  CliCommand  run;
  const char *help;
} commands[] = {
  { "init", cmd_init, N_("Create the database (with --demo: a demo district)") },
  { "facilities", cmd_facilities, N_("List facilities with open and overdue hazards") },
  { "templates", cmd_templates, N_("List checklist templates with items per category") },
  { "show", cmd_show, N_("show facility ID: one facility, its equipment and open hazards") },
  { "check", cmd_check, N_("Check integrity and the invariants of the data") },
  { "check-template", cmd_check_template, N_("check-template FILE…: validate checklist template files") },
};

static char *
summary_text (void)
{
  GString *text = g_string_new (_("Commands:"));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (text, "\n  %-16s %s", commands[i].name, _(commands[i].help));
  return g_string_free (text, FALSE);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  CliOptions options = { .seed = 2026 };
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &options.db, N_("The database file"), N_("PATH") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &options.json, N_("Print JSON instead of tab-separated text"), NULL },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &options.demo, N_("With init: fill a demo district"), NULL },
    { "today", 0, 0, G_OPTION_ARG_STRING, &options.today, N_("The day to judge deadlines on"), N_("YYYY-MM-DD") },
    { "seed", 0, 0, G_OPTION_ARG_INT, &options.seed, N_("With init --demo: the demo's seed"), N_("N") },
    { NULL }
  };
  int status = EXIT_USAGE;

  fc_i18n_init ();

  context = g_option_context_new (_("COMMAND [ARGUMENTS…]"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  summary = summary_text ();
  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("fieldcheck-cli: %s\n", error->message);
      return EXIT_USAGE;
    }
  if (options.db == NULL)
    options.db = default_db_path ();
  if (options.today == NULL)
    options.today = g_date_time_format (now, "%Y-%m-%d");

  if (argc < 2)
    {
      g_printerr ("fieldcheck-cli: %s\n", _("name a command; see --help"));
      goto out;
    }
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      {
        status = commands[i].run (&options, argc - 2, argv + 2);
        goto out;
      }
  g_printerr ("fieldcheck-cli: ");
  g_printerr (_("“%s” is not a command; see --help"), argv[1]);
  g_printerr ("\n");

out:
  g_free (options.db);
  g_free (options.today);
  return status;
}
