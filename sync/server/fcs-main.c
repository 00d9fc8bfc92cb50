/* fcs-main.c: fieldcheck-server — the district server and its admin subcommands */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-i18n.h"
#include "fcs-commands.h"

static const struct
{
  const char *name;
  FcsCommand  run;
  const char *help;
} commands[] = {
  { "init", fcs_cmd_init, N_("init --data DIR [--demo]: create a server's data folder") },
  { "serve", fcs_cmd_serve, N_("serve --data DIR --listen ADDRESS:PORT: answer devices") },
  { "user", fcs_cmd_user, N_("user add LOGIN --roles R… | list | disable LOGIN") },
  { "assign", fcs_cmd_assign, N_("assign USER FACILITY ROLE: give a user a facility") },
  { "enroll-token", fcs_cmd_enroll_token, N_("enroll-token [--user LOGIN]: a one-time token and its QR code") },
  { "devices", fcs_cmd_devices, N_("devices list | revoke DEVICE") },
  { "status", fcs_cmd_status, N_("status: counts, and whether the audit log is intact") },
  { "import", fcs_cmd_import, N_("import FILE: apply a changeset bundle carried by hand") },
  { "import-facilities", fcs_cmd_import_facilities, N_("import-facilities FILE.csv: add or update the district's facilities") },
  { "conflicts", fcs_cmd_conflicts, N_("conflicts list | resolve ID --keep ours|theirs|VALUE") },
  { "ledger", fcs_cmd_ledger, N_("ledger --format xlsx|csv --out FILE [--facility ID]: the district's ledger") },
  { "report", fcs_cmd_report, N_("report weekly|monthly --pdf FILE [--date DAY]: weekly dispatch, monthly bulletin") },
};

static char *
summary_text (void)
{
  GString *text = g_string_new (_("Commands:"));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (text, "\n  %-18s %s", commands[i].name, _(commands[i].help));
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
  FcsOptions options = { .seed = 2026, .ttl_minutes = 15, .rate = -1 };
  GOptionEntry entries[] = {
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &options.data, N_("The server's data folder"), N_("DIR") },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &options.listen, N_("Where to listen; port 0 picks a free one"), N_("ADDRESS:PORT") },
    { "threads", 0, 0, G_OPTION_ARG_INT, &options.threads, N_("HTTP worker threads"), N_("N") },
    { "rate", 0, 0, G_OPTION_ARG_DOUBLE, &options.rate, N_("Requests per second per device; 0 for no limit"), N_("N") },
    { "burst", 0, 0, G_OPTION_ARG_DOUBLE, &options.burst, N_("Requests a device may make at once"), N_("N") },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &options.tls_cert, N_("TLS certificate (PEM)"), N_("FILE") },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &options.tls_key, N_("TLS private key (PEM)"), N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &options.json, N_("Print JSON instead of tab-separated text"), NULL },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &options.demo, N_("With init: fill a demo district"), NULL },
    { "today", 0, 0, G_OPTION_ARG_STRING, &options.today, N_("With init --demo: the demo's today"), N_("YYYY-MM-DD") },
    { "seed", 0, 0, G_OPTION_ARG_INT, &options.seed, N_("With init --demo: the demo's seed"), N_("N") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &options.name, N_("With user add: the person's name"), N_("NAME") },
    { "roles", 0, 0, G_OPTION_ARG_STRING, &options.roles, N_("With user add: comma list of roles"), N_("ROLES") },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &options.password_stdin, N_("With user add: read the password from standard input"), NULL },
    { "user", 0, 0, G_OPTION_ARG_STRING, &options.user, N_("With enroll-token: the user whose facilities the device sees; with conflicts resolve and import-facilities: who makes the change"), N_("LOGIN") },
    { "ttl", 0, 0, G_OPTION_ARG_INT, &options.ttl_minutes, N_("With enroll-token: minutes the token lives"), N_("MINUTES") },
    { "server", 0, 0, G_OPTION_ARG_STRING, &options.server_url, N_("With enroll-token: the address devices reach"), N_("URL") },
    { "png", 0, 0, G_OPTION_ARG_FILENAME, &options.png, N_("With enroll-token: also write the QR code as a PNG"), N_("FILE") },
    { "keep", 0, 0, G_OPTION_ARG_STRING, &options.keep, N_("With conflicts resolve: ours, theirs, or the value to keep"), N_("VALUE") },
    { "all", 0, 0, G_OPTION_ARG_NONE, &options.all, N_("With conflicts list: resolved ones too"), NULL },
    { "format", 0, 0, G_OPTION_ARG_STRING, &options.format, N_("With ledger: xlsx or csv"), N_("FORMAT") },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &options.out, N_("With ledger: the file to write"), N_("FILE") },
    { "facility", 0, 0, G_OPTION_ARG_STRING, &options.facility, N_("With ledger: one institution's ledger"), N_("ID") },
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &options.pdf, N_("With report: the PDF to write"), N_("FILE") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &options.date, N_("With report: the report's day; the period ends on it"), N_("YYYY-MM-DD") },
    { NULL }
  };
  int status = 2;

  fc_i18n_init ();

  context = g_option_context_new (_("COMMAND [ARGUMENTS…]"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  summary = summary_text ();
  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fcs_fail (error) + 1;
  if (options.today == NULL)
    options.today = g_date_time_format (now, "%Y-%m-%d");

  if (argc < 2)
    status = fcs_usage (_("name a command; see --help"));
  else
    {
      guint i;

      for (i = 0; i < G_N_ELEMENTS (commands); i++)
        if (g_str_equal (argv[1], commands[i].name))
          {
            status = commands[i].run (&options, argc - 2, argv + 2);
            break;
          }
      if (i == G_N_ELEMENTS (commands))
        status = fcs_usage (_("that is not a command; see --help"));
    }

  g_free (options.data);
  g_free (options.listen);
  g_free (options.tls_cert);
  g_free (options.tls_key);
  g_free (options.today);
  g_free (options.name);
  g_free (options.roles);
  g_free (options.user);
  g_free (options.server_url);
  g_free (options.png);
  g_free (options.keep);
  g_free (options.format);
  g_free (options.out);
  g_free (options.facility);
  g_free (options.pdf);
  g_free (options.date);
  return status;
}
