/* fc-cli-store.c: fieldcheck-cli commands on the store itself: create, list, show, check */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-check.h"
#include "fc-checklist-import.h"
#include "fc-cli.h"
#include "fc-demo.h"
#include "fc-error.h"
#include "fc-queries.h"

static int
cmd_init (FcCliOptions  *options,
          int          argc,
          char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = fc_cli_open_store (options, &error);
  g_autoptr(GPtrArray) checklists = NULL;
  g_autoptr(sqlite3_stmt) count = NULL;
  FcDemoSummary summary;

  if (store == NULL)
    return fc_cli_fail (error);

  if (!options->demo)
    {
      checklists = fc_checklists_load_builtin (&error);
      if (checklists == NULL)
        return fc_cli_fail (error);
      for (guint i = 0; i < checklists->len; i++)
        {
          g_autofree char *id = fc_store_import_checklist (store, checklists->pdata[i], &error);

          if (id == NULL)
            return fc_cli_fail (error);
        }
      g_print ("%s\t%s\n", fc_store_get_path (store), fc_store_get_device_id (store));
      return 0;
    }

  count = fc_store_prepare (store, "SELECT count (*) FROM facility", &error);
  if (count == NULL)
    return fc_cli_fail (error);
  sqlite3_step (count);
  if (sqlite3_column_int (count, 0) > 0)
    {
      g_printerr ("fieldcheck-cli: %s\n",
                  _("The database already holds facilities; the demo district goes into a new database"));
      return 1;
    }

  if (!fc_demo_generate (store, options->today, (guint32) options->seed, &summary, &error))
    return fc_cli_fail (error);
  g_print ("facilities\t%u\npeople\t%u\nequipment\t%u\ninspections\t%u\nresults\t%u\n"
           "hazards\t%u\nmajor\t%u\nclosed\t%u\n",
           summary.facilities, summary.people, summary.equipment, summary.inspections,
           summary.results, summary.hazards, summary.hazards_major, summary.hazards_closed);
  return 0;
}

static int
cmd_facilities (FcCliOptions  *options,
                int          argc,
                char       **argv)
{
  static const char *const columns[] = {
    "id", "name", "type", "town", "beds", "open_major", "open_general", "overdue",
    "last_inspection", NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = fc_cli_open_store (options, &error);
  g_autoptr(JsonArray) rows = NULL;

  if (store == NULL)
    return fc_cli_fail (error);
  rows = fc_queries_facilities (store, fc_store_get_user (store), options->today, &error);
  if (rows == NULL)
    return fc_cli_fail (error);
  fc_cli_print_rows (options, rows, columns);
  return 0;
}

static int
cmd_templates (FcCliOptions  *options,
               int          argc,
               char       **argv)
{
  static const char *const columns[] = {
    "code", "version", "title_zh", "fire_exit", "gas", "electrical", "building", "drainage",
    "other", "items", "major", "major_unverified", NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = fc_cli_open_store (options, &error);
  g_autoptr(JsonArray) rows = NULL;

  if (store == NULL)
    return fc_cli_fail (error);
  rows = fc_queries_templates (store, &error);
  if (rows == NULL)
    return fc_cli_fail (error);
  fc_cli_print_rows (options, rows, columns);
  return 0;
}

static int
cmd_show (FcCliOptions  *options,
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

  if (argc != 3 || !g_str_equal (argv[1], "facility"))
    return fc_cli_usage (_("usage: fieldcheck-cli show facility ID"));
  store = fc_cli_open_store (options, &error);
  if (store == NULL)
    return fc_cli_fail (error);
  facility = fc_queries_facility (store, argv[2], options->today, &error);
  if (facility == NULL)
    return fc_cli_fail (error);

  if (options->json)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), facility);

      fc_cli_print_json (node);
      return 0;
    }
  for (guint i = 0; fields[i] != NULL; i++)
    {
      g_print ("%s\t", fields[i]);
      fc_cli_print_value (json_object_get_member (facility, fields[i]));
      g_print ("\n");
    }
  g_print ("\n");
  fc_cli_print_rows (options, json_object_get_array_member (facility, "open_hazards"), hazard_columns);
  return 0;
}

static int
cmd_check (FcCliOptions  *options,
           int          argc,
           char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = fc_cli_open_store (options, &error);
  g_autoptr(GPtrArray) problems = NULL;

  if (store == NULL)
    return fc_cli_fail (error);
  problems = fc_store_check (store, &error);
  if (problems == NULL)
    return fc_cli_fail (error);

  if (options->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

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
      fc_cli_print_json (root);
    }
  else
    for (guint i = 0; i < problems->len; i++)
      g_print ("%s\n", (const char *) problems->pdata[i]);

  if (problems->len > 0)
    {
      g_printerr ("fieldcheck-cli: ");
      g_printerr (g_dngettext (GETTEXT_PACKAGE, "the check found %u problem",
                               "the check found %u problems", problems->len),
                  problems->len);
      g_printerr ("\n");
      return 1;
    }
  if (!options->json)
    g_print ("ok\n");
  return 0;
}

static int
cmd_check_template (FcCliOptions  *options,
                    int          argc,
                    char       **argv)
{
  int status = 0;

  if (argc < 2)
    return fc_cli_usage (_("usage: fieldcheck-cli check-template FILE…"));
  for (int i = 1; i < argc; i++)
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

const FcCliCommand fc_cli_store_commands[] = {
  { "init", cmd_init, N_("Create the database (with --demo: a demo district)") },
  { "facilities", cmd_facilities, N_("List facilities with open and overdue hazards") },
  { "templates", cmd_templates, N_("List checklist templates with items per category") },
  { "show", cmd_show, N_("show facility ID: one facility, its equipment and open hazards") },
  { "check", cmd_check, N_("Check integrity and the invariants of the data") },
  { "check-template", cmd_check_template, N_("check-template FILE…: validate checklist template files") },
  { NULL }
};
