/* fc-cli.c: fieldcheck-cli, the core without a screen
 *
 * Output is tab-separated by default and JSON with --json. Success exits 0;
 * any failure prints one line on stderr and exits non-zero. The commands live
 * in groups, one file each (fc-cli-*.c).
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-cli.h"
#include "fc-i18n.h"

static char *
default_db_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "fieldcheck", "fieldcheck.db", NULL);
}

/* Each group's table ends with an empty entry. */
static const FcCliCommand *const groups[] = {
  fc_cli_store_commands,
  fc_cli_equipment_commands,
  fc_cli_photo_commands,
  fc_cli_edit_commands,
  fc_cli_sync_commands,
  fc_cli_ledger_commands,
};

static char *
summary_text (void)
{
  GString *text = g_string_new (_("Commands:"));

  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    for (const FcCliCommand *c = groups[g]; c->name != NULL; c++)
      g_string_append_printf (text, "\n  %-16s %s", c->name, _(c->help));
  return g_string_free (text, FALSE);
}

static const FcCliCommand *
find_command (const char *name)
{
  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    for (const FcCliCommand *c = groups[g]; c->name != NULL; c++)
      if (g_str_equal (c->name, name))
        return c;
  return NULL;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  FcCliOptions options = { .seed = 2026 };
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &options.db, N_("The database file"), N_("PATH") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &options.json, N_("Print JSON instead of tab-separated text"), NULL },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &options.demo, N_("With init: fill a demo district"), NULL },
    { "today", 0, 0, G_OPTION_ARG_STRING, &options.today, N_("The day to judge deadlines on"), N_("YYYY-MM-DD") },
    { "seed", 0, 0, G_OPTION_ARG_INT, &options.seed, N_("With init --demo: the demo's seed"), N_("N") },
    { NULL }
  };
  const FcCliCommand *command;
  int status = FC_CLI_EXIT_USAGE;

  fc_i18n_init ();

  context = g_option_context_new (_("COMMAND [ARGUMENTS…]"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  summary = summary_text ();
  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* A command's own options stay in argv for the command to parse. */
  g_option_context_set_ignore_unknown_options (context, TRUE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("fieldcheck-cli: %s\n", error->message);
      return FC_CLI_EXIT_USAGE;
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
  command = find_command (argv[1]);
  if (command != NULL)
    {
      status = command->run (&options, argc - 1, argv + 1);
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
