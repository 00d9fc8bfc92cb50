/* fc-cli-photo.c: fieldcheck-cli commands on photos: import, list, verify */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fc-cli.h"
#include "fc-error.h"
#include "fc-photos.h"

/* Grace period of `verify --reconcile`: a younger file may be another
 * program's import that is about to commit. */
#define RECONCILE_GRACE_SECONDS 600

static gboolean
parse_target (const char  *to,
              char       **kind,
              char       **id)
{
  const char *colon = to != NULL ? strchr (to, ':') : NULL;

  if (colon == NULL || colon == to || colon[1] == '\0')
    return FALSE;
  *kind = g_strndup (to, colon - to);
  *id = g_strdup (colon + 1);
  return fc_photos_is_kind (*kind);
}

static int
photo_usage (void)
{
  return fc_cli_usage (_("usage: fieldcheck-cli photo import --to KIND:ID [--purpose PURPOSE] "
                         "[--location] FILE…\n"
                         "       fieldcheck-cli photo list --to KIND:ID\n"
                         "       fieldcheck-cli photo verify [--reconcile [--grace SECONDS]]\n"
                         "KIND is result, hazard, acceptance or equipment; "
                         "PURPOSE is defect, before or after"));
}

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

static void
add_photo_row (JsonArray  *rows,
               const char *id,
               JsonObject *photo,
               const char *file)
{
  JsonObject *row = json_object_new ();

  json_object_set_string_member (row, "id", id);
  json_object_set_string_member (row, "sha256", json_object_get_string_member (photo, "sha256"));
  json_object_set_int_member (row, "width", json_object_get_int_member (photo, "width"));
  json_object_set_int_member (row, "height", json_object_get_int_member (photo, "height"));
  json_object_set_member (row, "taken_at", json_object_dup_member (photo, "taken_at"));
  json_object_set_string_member (row, "file", file);
  json_array_add_object_element (rows, row);
}

static int
photo_import (FcCliOptions  *options,
              int            argc,
              char         **argv)
{
  static const char *const columns[] = { "id", "sha256", "width", "height", "taken_at", "file", NULL };
  g_autofree char *to = NULL;
  g_autofree char *purpose = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *id = NULL;
  gboolean location = FALSE;
  GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, NULL, NULL },
    { "purpose", 0, 0, G_OPTION_ARG_STRING, &purpose, NULL, NULL },
    { "location", 0, 0, G_OPTION_ARG_NONE, &location, NULL, NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = NULL;
  g_autoptr(JsonArray) rows = json_array_new ();
  FcPhotoTarget target = { 0 };
  guint failed = 0;

  if (!parse_options (entries, &argc, &argv, &error) || argc < 2 ||
      !parse_target (to, &kind, &id) ||
      (purpose != NULL && !fc_photos_is_purpose (purpose)))
    return photo_usage ();

  store = fc_cli_open_store (options, &error);
  if (store == NULL)
    return fc_cli_fail (error);

  target.attached_kind = kind;
  target.attached_id = id;
  /* An acceptance is evidence of the state after rectification. */
  target.purpose = purpose != NULL ? purpose : g_str_equal (kind, "acceptance") ? "after" : "defect";
  target.keep_location = location;

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GError) import_error = NULL;
      g_autofree char *photo_id = fc_photos_import_file (store, argv[i], &target, &import_error);
      g_autoptr(JsonObject) photo = NULL;

      if (photo_id == NULL)
        {
          g_printerr ("fieldcheck-cli: %s: %s\n", argv[i], import_error->message);
          failed++;
          continue;
        }
      photo = fc_photos_get (store, photo_id, &import_error);
      if (photo == NULL)
        return fc_cli_fail (import_error);
      add_photo_row (rows, photo_id, photo, argv[i]);
    }

  fc_cli_print_rows (options, rows, columns);
  if (failed > 0)
    {
      g_printerr ("fieldcheck-cli: ");
      g_printerr (g_dngettext (GETTEXT_PACKAGE, "%u file was not imported",
                               "%u files were not imported", failed), failed);
      g_printerr ("\n");
      return 1;
    }
  return 0;
}

static int
photo_list (FcCliOptions  *options,
            int            argc,
            char         **argv)
{
  static const char *const columns[] = {
    "id", "purpose", "taken_at", "width", "height", "mime", "size", "sha256", NULL
  };
  g_autofree char *to = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *id = NULL;
  GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, NULL, NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = NULL;
  g_autoptr(JsonArray) rows = NULL;

  /* Signatures are listed too, though they are not imported here. */
  if (!parse_options (entries, &argc, &argv, &error) || argc != 1 ||
      (!parse_target (to, &kind, &id) && g_strcmp0 (kind, "signoff") != 0))
    return photo_usage ();

  store = fc_cli_open_store (options, &error);
  if (store == NULL)
    return fc_cli_fail (error);
  rows = fc_photos_list (store, kind, id, &error);
  if (rows == NULL)
    return fc_cli_fail (error);
  fc_cli_print_rows (options, rows, columns);
  return 0;
}

static void
print_verify_json (FcPhotoVerifyReport *report,
                   guint                set_aside)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "ok");
  json_builder_add_boolean_value (b, fc_photo_verify_report_ok (report));
  json_builder_set_member_name (b, "checked");
  json_builder_add_int_value (b, report->checked);
  json_builder_set_member_name (b, "set_aside");
  json_builder_add_int_value (b, set_aside);
  json_builder_set_member_name (b, "problems");
  json_builder_begin_array (b);
  for (guint i = 0; i < report->problems->len; i++)
    {
      FcPhotoProblem *problem = report->problems->pdata[i];

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, fc_photo_problem_kind_to_string (problem->kind));
      json_builder_set_member_name (b, "sha256");
      json_builder_add_string_value (b, problem->sha256);
      json_builder_set_member_name (b, "path");
      json_builder_add_string_value (b, problem->path);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  fc_cli_print_json (root);
}

static int
photo_verify (FcCliOptions  *options,
              int            argc,
              char         **argv)
{
  gboolean reconcile = FALSE;
  int grace = RECONCILE_GRACE_SECONDS;
  GOptionEntry entries[] = {
    { "reconcile", 0, 0, G_OPTION_ARG_NONE, &reconcile, NULL, NULL },
    { "grace", 0, 0, G_OPTION_ARG_INT, &grace, NULL, NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = NULL;
  g_autoptr(FcPhotoVerifyReport) report = NULL;
  guint set_aside = 0;
  guint faults = 0;

  if (!parse_options (entries, &argc, &argv, &error) || argc != 1 || grace < 0)
    return photo_usage ();

  store = fc_cli_open_store (options, &error);
  if (store == NULL)
    return fc_cli_fail (error);
  if (reconcile && !fc_photos_reconcile (store, grace, &set_aside, &error))
    return fc_cli_fail (error);
  report = fc_photos_verify (store, &error);
  if (report == NULL)
    return fc_cli_fail (error);

  for (guint i = 0; i < report->problems->len; i++)
    if (((FcPhotoProblem *) report->problems->pdata[i])->kind != FC_PHOTO_PROBLEM_AWAITING_SYNC)
      faults++;

  if (options->json)
    print_verify_json (report, set_aside);
  else
    {
      for (guint i = 0; i < report->problems->len; i++)
        {
          FcPhotoProblem *problem = report->problems->pdata[i];

          g_print ("%s\t%s\t%s\n", fc_photo_problem_kind_to_string (problem->kind),
                   problem->sha256 ? problem->sha256 : "", problem->path ? problem->path : "");
        }
      if (set_aside > 0)
        {
          g_print (g_dngettext (GETTEXT_PACKAGE,
                                "%u file that no record names was moved to the orphans folder",
                                "%u files that no record names were moved to the orphans folder",
                                set_aside), set_aside);
          g_print ("\n");
        }
    }

  if (faults > 0)
    {
      g_printerr ("fieldcheck-cli: ");
      g_printerr (g_dngettext (GETTEXT_PACKAGE,
                               "%u problem among the stored photos; see the lines above",
                               "%u problems among the stored photos; see the lines above", faults),
                  faults);
      g_printerr ("\n");
      return 1;
    }
  if (!options->json)
    {
      g_print (g_dngettext (GETTEXT_PACKAGE, "%u photo checked: ok", "%u photos checked: ok",
                            report->checked), report->checked);
      g_print ("\n");
    }
  return 0;
}

static int
cmd_photo (FcCliOptions  *options,
           int            argc,
           char         **argv)
{
  if (argc < 2)
    return photo_usage ();
  if (g_str_equal (argv[1], "import"))
    return photo_import (options, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "list"))
    return photo_list (options, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "verify"))
    return photo_verify (options, argc - 1, argv + 1);
  return photo_usage ();
}

const FcCliCommand fc_cli_photo_commands[] = {
  { "photo", cmd_photo, N_("Import, list and verify photos (photo import|list|verify)") },
  { NULL }
};
