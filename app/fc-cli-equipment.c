/* fc-cli-equipment.c: fieldcheck-cli commands on equipment and its QR tags:
 * the register, label sheets, scanning a photo, the district code
 *
 * `scan` exits with a status for each outcome, so a script can tell them apart:
 * 0 known equipment, 3 no QR code in the image, 4 a tag of another facility,
 * 5 a tag of another district, 6 an unknown tag, 7 a QR code that is not a
 * Fieldcheck tag, 8 a damaged tag; 1 and 2 are failures and usage as for every
 * command.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "fc-cli.h"
#include "fc-equipment.h"
#include "fc-error.h"
#include "fc-queries.h"
#include "fc-tag-decode.h"
#include "fc-tag-sheet.h"

enum
{
  SCAN_EXIT_EQUIPMENT = 0,
  SCAN_EXIT_NO_CODE = 3,
  SCAN_EXIT_OTHER_FACILITY = 4,
  SCAN_EXIT_OTHER_DISTRICT = 5,
  SCAN_EXIT_UNKNOWN_TAG = 6,
  SCAN_EXIT_FOREIGN = 7,
  SCAN_EXIT_DAMAGED = 8,
};

static const char *const equipment_columns[] = {
  "id", "kind", "name", "location", "tag_code", "installed_on", "last_serviced_on", "expires_on",
  "retired", "retired_on", "retired_reason", NULL
};

static gboolean
parse_options (GOptionEntry  *entries,
               int           *argc,
               char        ***argv,
               GError       **error)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);

  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  return g_option_context_parse (context, argc, argv, error);
}

static int
cmd_district (FcCliOptions  *options,
              int            argc,
              char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = NULL;
  g_autofree char *district = NULL;

  if (argc > 2)
    return fc_cli_usage (_("usage: fieldcheck-cli district [CODE]"));
  store = fc_cli_open_store (options, &error);
  if (store == NULL)
    return fc_cli_fail (error);
  if (argc == 2 && !fc_equipment_set_district (store, argv[1], &error))
    return fc_cli_fail (error);
  district = fc_equipment_get_district (store, &error);
  if (district == NULL)
    return fc_cli_fail (error);
  g_print ("%s\n", district);
  return 0;
}

static int
equipment_usage (void)
{
  return fc_cli_usage (_("usage: fieldcheck-cli equipment list --facility ID [--all]\n"
                         "       fieldcheck-cli equipment add --facility ID --kind KIND --name NAME "
                         "[--location TEXT] [--tag CODE] [--installed DATE] [--serviced DATE] "
                         "[--expires DATE]\n"
                         "       fieldcheck-cli equipment edit ID FIELD=VALUE…\n"
                         "       fieldcheck-cli equipment retire ID [--reason TEXT]\n"
                         "       fieldcheck-cli equipment return ID\n"
                         "       fieldcheck-cli equipment kinds"));
}

static int
equipment_list (FcCliOptions  *options,
                int            argc,
                char         **argv)
{
  g_autofree char *facility = NULL;
  gboolean all = FALSE;
  GOptionEntry entries[] = {
    { "facility", 0, 0, G_OPTION_ARG_STRING, &facility, NULL, NULL },
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, NULL, NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = NULL;
  g_autoptr(JsonArray) rows = NULL;

  if (!parse_options (entries, &argc, &argv, &error) || facility == NULL || argc != 1)
    return equipment_usage ();
  store = fc_cli_open_store (options, &error);
  if (store == NULL)
    return fc_cli_fail (error);
  rows = fc_equipment_list (store, facility, all, &error);
  if (rows == NULL)
    return fc_cli_fail (error);
  fc_cli_print_rows (options, rows, equipment_columns);
  return 0;
}

static int
equipment_add (FcCliOptions  *options,
               int            argc,
               char         **argv)
{
  g_autofree char *facility = NULL, *kind = NULL, *name = NULL, *location = NULL, *tag = NULL;
  g_autofree char *installed = NULL, *serviced = NULL, *expires = NULL;
  GOptionEntry entries[] = {
    { "facility", 0, 0, G_OPTION_ARG_STRING, &facility, NULL, NULL },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, NULL, NULL },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, NULL, NULL },
    { "location", 0, 0, G_OPTION_ARG_STRING, &location, NULL, NULL },
    { "tag", 0, 0, G_OPTION_ARG_STRING, &tag, NULL, NULL },
    { "installed", 0, 0, G_OPTION_ARG_STRING, &installed, NULL, NULL },
    { "serviced", 0, 0, G_OPTION_ARG_STRING, &serviced, NULL, NULL },
    { "expires", 0, 0, G_OPTION_ARG_STRING, &expires, NULL, NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = NULL;
  g_autofree char *id = NULL;
  FcEquipmentRecord record;

  if (!parse_options (entries, &argc, &argv, &error) || facility == NULL || kind == NULL ||
      name == NULL || argc != 1)
    return equipment_usage ();
  store = fc_cli_open_store (options, &error);
  if (store == NULL)
    return fc_cli_fail (error);
  record = (FcEquipmentRecord) {
    .facility_id = facility, .kind = kind, .name = name, .location = location,
    .tag_code = tag, .installed_on = installed, .last_serviced_on = serviced,
    .expires_on = expires,
  };
  id = fc_equipment_add (store, &record, &error);
  if (id == NULL)
    return fc_cli_fail (error);
  g_print ("%s\n", id);
  return 0;
}

static int
equipment_edit (FcCliOptions  *options,
                int            argc,
                char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = NULL;
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func (g_free);

  if (argc < 3)
    return equipment_usage ();
  for (int i = 2; i < argc; i++)
    {
      const char *eq = strchr (argv[i], '=');

      if (eq == NULL || eq == argv[i])
        return equipment_usage ();
      g_ptr_array_add (changes, g_strndup (argv[i], (gsize) (eq - argv[i])));
      g_ptr_array_add (changes, g_strdup (eq + 1));
    }
  g_ptr_array_add (changes, NULL);
  store = fc_cli_open_store (options, &error);
  if (store == NULL)
    return fc_cli_fail (error);
  if (!fc_equipment_edit (store, argv[1], (const char *const *) changes->pdata, &error))
    return fc_cli_fail (error);
  return 0;
}

static int
equipment_retire (FcCliOptions  *options,
                  int            argc,
                  char         **argv)
{
  g_autofree char *reason = NULL;
  GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, NULL, NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = NULL;

  if (!parse_options (entries, &argc, &argv, &error) || argc != 2)
    return equipment_usage ();
  store = fc_cli_open_store (options, &error);
  if (store == NULL)
    return fc_cli_fail (error);
  if (!fc_equipment_retire_because (store, argv[1], reason, &error))
    return fc_cli_fail (error);
  return 0;
}

static int
equipment_return (FcCliOptions  *options,
                  int            argc,
                  char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = NULL;

  if (argc != 2)
    return equipment_usage ();
  store = fc_cli_open_store (options, &error);
  if (store == NULL)
    return fc_cli_fail (error);
  if (!fc_equipment_return_to_service (store, argv[1], &error))
    return fc_cli_fail (error);
  return 0;
}

static int
equipment_kinds (FcCliOptions  *options,
                 int            argc,
                 char         **argv)
{
  for (const char *const *k = fc_equipment_kinds (); *k != NULL; k++)
    g_print ("%s\t%s\n", *k, fc_equipment_kind_label (*k));
  return 0;
}

static int
cmd_equipment (FcCliOptions  *options,
               int            argc,
               char         **argv)
{
  static const FcCliCommand subcommands[] = {
    { "list", equipment_list, NULL },
    { "add", equipment_add, NULL },
    { "edit", equipment_edit, NULL },
    { "retire", equipment_retire, NULL },
    { "return", equipment_return, NULL },
    { "kinds", equipment_kinds, NULL },
  };

  if (argc < 2)
    return equipment_usage ();
  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    if (g_str_equal (argv[1], subcommands[i].name))
      return subcommands[i].run (options, argc - 1, argv + 1);
  return equipment_usage ();
}

static int
cmd_tags (FcCliOptions  *options,
          int            argc,
          char         **argv)
{
  g_autofree char *facility = NULL, *pdf = NULL, *grid = NULL, *label = NULL;
  GOptionEntry entries[] = {
    { "facility", 0, 0, G_OPTION_ARG_STRING, &facility, NULL, NULL },
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &pdf, NULL, NULL },
    { "grid", 0, 0, G_OPTION_ARG_STRING, &grid, NULL, NULL },
    { "label", 0, 0, G_OPTION_ARG_STRING, &label, NULL, NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  FcTagSheetLayout layout;
  guint untagged = 0, per_page;
  gboolean ok;

  if (!parse_options (entries, &argc, &argv, &error) || facility == NULL || pdf == NULL ||
      argc != 1)
    return fc_cli_usage (_("usage: fieldcheck-cli tags --facility ID --pdf FILE [--grid 3x8] "
                           "[--label 70x37]"));
  if (!fc_tag_sheet_layout_init (&layout, grid, label, &error))
    return fc_cli_fail (error);
  store = fc_cli_open_store (options, &error);
  if (store == NULL)
    return fc_cli_fail (error);
  labels = fc_tag_sheet_labels_for_facility (store, facility, &untagged, &error);
  if (labels == NULL)
    return fc_cli_fail (error);
  if (labels->len == 0)
    {
      g_printerr ("fieldcheck-cli: %s\n",
                  _("No equipment of this facility has a tag code; give it one with "
                    "“equipment edit ID tag_code=CODE”"));
      return 1;
    }
  ok = fc_tag_sheet_write_pdf (pdf, &layout, labels, &error);
  fc_tag_sheet_release_fonts ();
  if (!ok)
    return fc_cli_fail (error);
  per_page = fc_tag_sheet_labels_per_page (&layout);
  g_print ("%s\t%u\t%u\n", pdf, labels->len, (labels->len + per_page - 1) / per_page);
  if (untagged > 0)
    {
      g_printerr ("fieldcheck-cli: ");
      g_printerr (g_dngettext (GETTEXT_PACKAGE,
                               "%u piece of equipment has no tag code and got no label",
                               "%u pieces of equipment have no tag code and got no label",
                               untagged), untagged);
      g_printerr ("\n");
    }
  return 0;
}

static const char *
match_kind_name (FcTagMatchKind kind)
{
  switch (kind)
    {
    case FC_TAG_MATCH_EQUIPMENT:
      return "equipment";
    case FC_TAG_MATCH_OTHER_FACILITY:
      return "other_facility";
    case FC_TAG_MATCH_OTHER_DISTRICT:
      return "other_district";
    case FC_TAG_MATCH_UNKNOWN:
    default:
      return "unknown_tag";
    }
}

static void
print_scan (FcCliOptions *options,
            const char   *text,
            const char   *outcome,
            JsonObject   *equipment,
            JsonArray    *hazards)
{
  static const char *const fields[] = {
    "id", "facility_id", "facility_name", "kind", "name", "location", "tag_code", "installed_on",
    "last_serviced_on", "expires_on", "retired", NULL
  };
  static const char *const hazard_columns[] = {
    "id", "level", "status", "deadline", "description", NULL
  };
  g_autoptr(JsonNode) text_node = json_node_init_string (json_node_alloc (), text);

  if (options->json)
    {
      g_autoptr(JsonObject) root = json_object_new ();
      g_autoptr(JsonNode) node = NULL;

      json_object_set_string_member (root, "outcome", outcome);
      json_object_set_string_member (root, "text", text);
      if (equipment != NULL)
        json_object_set_object_member (root, "equipment", json_object_ref (equipment));
      if (hazards != NULL)
        json_object_set_array_member (root, "open_hazards", json_array_ref (hazards));
      node = json_node_init_object (json_node_alloc (), root);
      fc_cli_print_json (node);
      return;
    }
  g_print ("outcome\t%s\n", outcome);
  g_print ("text\t");
  fc_cli_print_value (text_node);
  g_print ("\n");
  for (guint i = 0; equipment != NULL && fields[i] != NULL; i++)
    {
      g_print ("%s\t", fields[i]);
      fc_cli_print_value (json_object_get_member (equipment, fields[i]));
      g_print ("\n");
    }
  if (hazards != NULL && json_array_get_length (hazards) > 0)
    {
      g_print ("\n");
      fc_cli_print_rows (options, hazards, hazard_columns);
    }
}

static int
scan_one (FcCliOptions *options,
          FcStore      *store,
          const char   *text,
          const char   *facility)
{
  g_autoptr(GError) error = NULL;
  g_auto(FcTagMatch) match = { 0 };
  g_autoptr(JsonArray) hazards = NULL;
  g_autofree char *district = NULL;

  if (!fc_equipment_resolve_tag (store, text, facility, &match, &error))
    {
      gboolean foreign = g_error_matches (error, FC_ERROR, FC_ERROR_TAG_FOREIGN);

      if (!foreign && !g_error_matches (error, FC_ERROR, FC_ERROR_TAG_MALFORMED) &&
          !g_error_matches (error, FC_ERROR, FC_ERROR_TAG_CHECK) &&
          !g_error_matches (error, FC_ERROR, FC_ERROR_TAG_VERSION))
        return fc_cli_fail (error);
      print_scan (options, text, foreign ? "foreign" : "damaged", NULL, NULL);
      g_printerr ("fieldcheck-cli: %s\n", error->message);
      return foreign ? SCAN_EXIT_FOREIGN : SCAN_EXIT_DAMAGED;
    }

  if (match.equipment != NULL)
    {
      const char *params[] = { json_object_get_string_member (match.equipment, "id"), NULL };

      hazards = fc_query_rows (store,
        "SELECT id, level, status, deadline, description FROM hazard"
        " WHERE equipment_id = ? AND status <> 'closed' ORDER BY deadline", params, &error);
      if (hazards == NULL)
        return fc_cli_fail (error);
    }
  print_scan (options, text, match_kind_name (match.kind), match.equipment, hazards);

  switch (match.kind)
    {
    case FC_TAG_MATCH_EQUIPMENT:
      if (json_object_get_int_member (match.equipment, "retired"))
        g_printerr ("fieldcheck-cli: %s\n", _("This equipment was retired from the register"));
      return SCAN_EXIT_EQUIPMENT;
    case FC_TAG_MATCH_OTHER_FACILITY:
      g_printerr ("fieldcheck-cli: ");
      g_printerr (_("Warning: tag %s belongs to “%s” at %s, not to the facility being inspected"),
                  match.tag.code, json_object_get_string_member (match.equipment, "name"),
                  json_object_get_string_member (match.equipment, "facility_name"));
      g_printerr ("\n");
      return SCAN_EXIT_OTHER_FACILITY;
    case FC_TAG_MATCH_OTHER_DISTRICT:
      district = fc_equipment_get_district (store, NULL);
      g_printerr ("fieldcheck-cli: ");
      g_printerr (_("Tag %s is from district %s, not from this district (%s); another bureau "
                    "keeps its equipment"), match.tag.code, match.tag.district, district);
      g_printerr ("\n");
      return SCAN_EXIT_OTHER_DISTRICT;
    case FC_TAG_MATCH_UNKNOWN:
    default:
      g_printerr ("fieldcheck-cli: ");
      g_printerr (_("Unknown tag %s: no equipment carries it. Register it with "
                    "“equipment add --facility ID --kind KIND --name NAME --tag %s”"),
                  match.tag.code, match.tag.code);
      g_printerr ("\n");
      return SCAN_EXIT_UNKNOWN_TAG;
    }
}

static int
cmd_scan (FcCliOptions  *options,
          int            argc,
          char         **argv)
{
  g_autofree char *facility = NULL;
  GOptionEntry entries[] = {
    { "facility", 0, 0, G_OPTION_ARG_STRING, &facility, NULL, NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = NULL;
  g_auto(GStrv) texts = NULL;
  int best = G_MAXINT;

  if (!parse_options (entries, &argc, &argv, &error) || argc != 2)
    return fc_cli_usage (_("usage: fieldcheck-cli scan IMAGE [--facility ID]"));
  store = fc_cli_open_store (options, &error);
  if (store == NULL)
    return fc_cli_fail (error);
  texts = fc_tag_decode_file (argv[1], &error);
  if (texts == NULL)
    {
      if (g_error_matches (error, FC_ERROR, FC_ERROR_NOT_FOUND))
        {
          g_printerr ("fieldcheck-cli: %s\n", error->message);
          return SCAN_EXIT_NO_CODE;
        }
      return fc_cli_fail (error);
    }
  /* A photo may hold several codes: each is reported, and the best outcome is the status. */
  for (guint i = 0; texts[i] != NULL; i++)
    {
      int status;

      if (i > 0 && !options->json)
        g_print ("\n");
      status = scan_one (options, store, texts[i], facility);
      best = MIN (best, status);
    }
  return best;
}

const FcCliCommand fc_cli_equipment_commands[] = {
  { "equipment", cmd_equipment, N_("List, add, edit and retire a facility’s equipment (equipment list|add|edit|retire|return|kinds)") },
  { "tags", cmd_tags, N_("tags --facility ID --pdf FILE: print A4 sheets of QR tag labels") },
  { "scan", cmd_scan, N_("scan IMAGE [--facility ID]: read a QR tag from a photo and name its equipment") },
  { "district", cmd_district, N_("district [CODE]: show or set the district’s code, which every tag names") },
  { NULL }
};
