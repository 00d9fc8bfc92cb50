/* fc-cli-ledger.c: fieldcheck-cli commands of the rectification ledger and its closed loop:
 * the ledger and its exports, the weekly and monthly reports, look-back rounds,
 * whistle-blower reports, rectification plans and third-party acceptance */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fc-cli.h"
#include "fc-error.h"
#include "fc-hazard-measures.h"
#include "fc-hazards.h"
#include "fc-ledger-export.h"
#include "fc-lookback.h"
#include "fc-report-periodic.h"
#include "fc-whistle.h"

static gboolean
parse (GOptionEntry  *entries,
       const char    *parameters,
       int           *argc,
       char        ***argv,
       GError       **error)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameters);

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_help_enabled (context, TRUE);
  return g_option_context_parse (context, argc, argv, error);
}

/* "major,general" -> bits of the enumeration, by its wire names */
static gboolean
parse_mask (const char   *list,
            guint        *mask,
            guint         n,
            gboolean    (*from_string) (const char *, int *),
            const char   *what,
            GError      **error)
{
  g_auto(GStrv) names = NULL;

  *mask = 0;
  if (list == NULL)
    return TRUE;
  names = g_strsplit (list, ",", -1);
  for (guint i = 0; names[i] != NULL; i++)
    {
      int value;

      if (!from_string (g_strstrip (names[i]), &value) || value < 0 || (guint) value >= n)
        {
          g_set_error (error, FC_ERROR, FC_ERROR_INVALID, _("“%s” is not a %s"), names[i], what);
          return FALSE;
        }
      *mask |= 1u << value;
    }
  return TRUE;
}

static gboolean
level_from (const char *s,
            int        *out)
{
  return fc_hazard_level_from_string (s, (FcHazardLevel *) out);
}

static gboolean
status_from (const char *s,
             int        *out)
{
  return fc_hazard_status_from_string (s, (FcHazardStatus *) out);
}

static gboolean
category_from (const char *s,
               int        *out)
{
  return fc_category_from_string (s, (FcCategory *) out);
}

/* A person named by id or login; NULL stays NULL. */
static gboolean
resolve_person (FcStore     *store,
                const char  *name,
                char       **out,
                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  *out = NULL;
  if (name == NULL)
    return TRUE;
  stmt = fc_store_prepare (store, "SELECT id FROM person WHERE id = ?1 OR login = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_NOT_FOUND, _("There is no person “%s”"), name);
      return FALSE;
    }
  *out = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  return TRUE;
}

static int
cmd_ledger (FcCliOptions  *options,
            int            argc,
            char         **argv)
{
  static const char *const columns[] = {
    "id", "facility_name", "town", "category", "level", "status", "deadline", "overdue",
    "description", NULL
  };
  g_autofree char *format = NULL, *out = NULL, *facility = NULL, *levels = NULL;
  g_autofree char *statuses = NULL, *categories = NULL, *town = NULL, *area_leader = NULL;
  g_autofree char *department = NULL, *cadre = NULL, *search = NULL, *since = NULL;
  g_autofree char *until = NULL, *sort = NULL, *title = NULL;
  g_autofree char *leader_id = NULL, *cadre_id = NULL;
  gboolean overdue = FALSE, supervised = FALSE, descending = FALSE;
  int limit = 0, offset = 0;
  GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("xlsx, csv, or tsv on standard output"), N_("FORMAT") },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, N_("The file to write"), N_("FILE") },
    { "facility", 0, 0, G_OPTION_ARG_STRING, &facility, N_("One institution's ledger"), N_("ID") },
    { "level", 0, 0, G_OPTION_ARG_STRING, &levels, N_("major, general"), N_("LIST") },
    { "status", 0, 0, G_OPTION_ARG_STRING, &statuses, N_("open, rectifying, awaiting_acceptance, closed, reopened"), N_("LIST") },
    { "category", 0, 0, G_OPTION_ARG_STRING, &categories, N_("fire_exit, gas, electrical, building, drainage, other"), N_("LIST") },
    { "town", 0, 0, G_OPTION_ARG_STRING, &town, N_("Town or street"), N_("NAME") },
    { "area-leader", 0, 0, G_OPTION_ARG_STRING, &area_leader, N_("Area leader, by id or login"), N_("PERSON") },
    { "line-department", 0, 0, G_OPTION_ARG_STRING, &department, N_("Line department"), N_("NAME") },
    { "point-cadre", 0, 0, G_OPTION_ARG_STRING, &cadre, N_("Point cadre, by id or login"), N_("PERSON") },
    { "overdue", 0, 0, G_OPTION_ARG_NONE, &overdue, N_("Only overdue hazards"), NULL },
    { "supervised", 0, 0, G_OPTION_ARG_NONE, &supervised, N_("Only hazards under listed supervision"), NULL },
    { "search", 0, 0, G_OPTION_ARG_STRING, &search, N_("Words to find"), N_("TEXT") },
    { "since", 0, 0, G_OPTION_ARG_STRING, &since, N_("Found on or after this day"), N_("YYYY-MM-DD") },
    { "until", 0, 0, G_OPTION_ARG_STRING, &until, N_("Found on or before this day"), N_("YYYY-MM-DD") },
    { "sort", 0, 0, G_OPTION_ARG_STRING, &sort, N_("deadline, found or facility"), N_("ORDER") },
    { "desc", 0, 0, G_OPTION_ARG_NONE, &descending, N_("Latest first"), NULL },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("At most this many rows"), N_("N") },
    { "offset", 0, 0, G_OPTION_ARG_INT, &offset, N_("Skip this many rows"), N_("N") },
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, N_("The title printed on the Excel pages"), N_("TEXT") },
    { NULL }
  };
  FcLedgerFilter filter = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = NULL;
  g_autoptr(FcLedger) ledger = NULL;

  if (!parse (entries, NULL, &argc, &argv, &error))
    return fc_cli_fail (error);
  if (argc != 1 || limit < 0 || offset < 0)
    return fc_cli_usage (_("usage: fieldcheck-cli ledger [--format xlsx|csv --out FILE] "
                           "[--facility ID] [filters…]"));
  if (format == NULL)
    format = g_strdup (out ? (g_str_has_suffix (out, ".csv") ? "csv" : "xlsx") : "tsv");
  if (!g_str_equal (format, "tsv") && !g_str_equal (format, "xlsx") && !g_str_equal (format, "csv"))
    return fc_cli_usage (_("The format is xlsx, csv or tsv"));
  if (!g_str_equal (format, "tsv") && out == NULL)
    return fc_cli_usage (_("Name the file to write with --out FILE"));

  store = fc_cli_open_store (options, &error);
  if (store == NULL ||
      !parse_mask (levels, &filter.levels, FC_N_HAZARD_LEVELS, level_from, _("hazard level"), &error) ||
      !parse_mask (statuses, &filter.statuses, FC_N_HAZARD_STATUSES, status_from, _("hazard status"), &error) ||
      !parse_mask (categories, &filter.categories, FC_N_CATEGORIES, category_from, _("hazard category"), &error) ||
      !resolve_person (store, area_leader, &leader_id, &error) ||
      !resolve_person (store, cadre, &cadre_id, &error))
    return fc_cli_fail (error);
  filter.facility_id = facility;
  filter.town = town;
  filter.area_leader_id = leader_id;
  filter.line_department = department;
  filter.point_cadre_id = cadre_id;
  filter.overdue_only = overdue;
  filter.supervised_only = supervised;
  filter.search = search;
  filter.found_since = since;
  filter.found_until = until;
  filter.today = options->today;
  filter.descending = descending;
  filter.limit = (guint) limit;
  filter.offset = (guint) offset;
  if (sort == NULL || g_str_equal (sort, "deadline"))
    filter.sort = FC_LEDGER_SORT_DEADLINE;
  else if (g_str_equal (sort, "found"))
    filter.sort = FC_LEDGER_SORT_FOUND;
  else if (g_str_equal (sort, "facility"))
    filter.sort = FC_LEDGER_SORT_FACILITY;
  else
    return fc_cli_usage (_("Sort by deadline, found or facility"));

  ledger = fc_ledger_query (store, &filter, &error);
  if (ledger == NULL)
    return fc_cli_fail (error);

  if (g_str_equal (format, "tsv"))
    {
      g_autoptr(JsonArray) rows = fc_ledger_to_json (ledger);

      fc_cli_print_rows (options, rows, columns);
      return 0;
    }
  if (title == NULL)
    title = g_strdup (_("Rectification ledger of safety hazards"));
  if (g_str_equal (format, "csv") ? !fc_ledger_export_csv (ledger, out, &error)
                                  : !fc_ledger_export_xlsx (ledger, out, title, &error))
    return fc_cli_fail (error);
  g_print ("%s\t%u\n", out, ledger->len);
  return 0;
}

static int
cmd_report (FcCliOptions  *options,
            int            argc,
            char         **argv)
{
  g_autofree char *pdf = NULL, *date = NULL;
  GOptionEntry entries[] = {
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &pdf, N_("The PDF to write"), N_("FILE") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("The report's day; the period ends on it"), N_("YYYY-MM-DD") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = NULL;
  FcReportPeriod period;

  if (!parse (entries, NULL, &argc, &argv, &error))
    return fc_cli_fail (error);
  if (argc != 2 || pdf == NULL || (!g_str_equal (argv[1], "weekly") && !g_str_equal (argv[1], "monthly")))
    return fc_cli_usage (_("usage: fieldcheck-cli report weekly|monthly --pdf FILE [--date DAY]"));
  period = g_str_equal (argv[1], "weekly") ? FC_REPORT_WEEKLY : FC_REPORT_MONTHLY;
  store = fc_cli_open_store (options, &error);
  if (store == NULL ||
      !fc_report_periodic_write (store, period, date ? date : options->today, pdf, &error))
    return fc_cli_fail (error);
  g_print ("%s\n", pdf);
  return 0;
}

static int
cmd_lookback (FcCliOptions  *options,
              int            argc,
              char         **argv)
{
  static const char *const columns[] = {
    "id", "round", "reason", "due_on", "outcome", "facility_name", "town", "level", "status",
    "reopen_count", "description", NULL
  };
  g_autofree char *date = NULL, *since = NULL, *round = NULL, *facility = NULL, *note = NULL;
  double share = 0.2;
  int seed = 0, due_days = 0;
  gboolean pending = FALSE;
  GOptionEntry entries[] = {
    { "share", 0, 0, G_OPTION_ARG_DOUBLE, &share, N_("schedule: the share of general hazards, 0 to 1"), N_("SHARE") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("schedule: the round's day"), N_("YYYY-MM-DD") },
    { "since", 0, 0, G_OPTION_ARG_STRING, &since, N_("schedule: close-outs on or after this day"), N_("YYYY-MM-DD") },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, N_("schedule: picks the same hazards for the same seed and day"), N_("N") },
    { "due-days", 0, 0, G_OPTION_ARG_INT, &due_days, N_("schedule: days until the re-checks are due"), N_("N") },
    { "round", 0, 0, G_OPTION_ARG_STRING, &round, N_("list: one round"), N_("YYYY-MM-DD") },
    { "facility", 0, 0, G_OPTION_ARG_STRING, &facility, N_("list: one institution"), N_("ID") },
    { "pending", 0, 0, G_OPTION_ARG_NONE, &pending, N_("list: only re-checks not yet recorded"), NULL },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("record: what the re-check found"), N_("TEXT") },
    { NULL }
  };
  const char *usage = _("usage: fieldcheck-cli lookback schedule [--share 0.2] [--date DAY] "
                        "| list [--round DAY] [--pending] | record ID held|rebound [--note TEXT]");
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = NULL;

  if (!parse (entries, NULL, &argc, &argv, &error))
    return fc_cli_fail (error);
  if (argc < 2 || seed < 0 || due_days < 0)
    return fc_cli_usage (usage);
  store = fc_cli_open_store (options, &error);
  if (store == NULL)
    return fc_cli_fail (error);

  if (g_str_equal (argv[1], "schedule") && argc == 2)
    {
      FcLookbackPlan plan = {
        .day = date ? date : options->today, .closed_since = since, .general_share = share,
        .seed = (guint32) seed, .due_days = (guint) due_days,
      };
      FcLookbackSummary summary;

      if (!fc_lookback_schedule (store, &plan, &summary, &error))
        return fc_cli_fail (error);
      g_print ("major\t%u\nsampled\t%u\ngeneral_candidates\t%u\n", summary.major, summary.sampled,
               summary.general_candidates);
      return 0;
    }
  if (g_str_equal (argv[1], "list") && argc == 2)
    {
      g_autoptr(JsonArray) rows = fc_lookback_list (store, round, facility, pending, &error);

      if (rows == NULL)
        return fc_cli_fail (error);
      fc_cli_print_rows (options, rows, columns);
      return 0;
    }
  if (g_str_equal (argv[1], "record") && argc == 4 &&
      (g_str_equal (argv[3], "held") || g_str_equal (argv[3], "rebound")))
    {
      if (!fc_lookback_record (store, argv[2], g_str_equal (argv[3], "held") ? FC_LOOKBACK_HELD
                                                                           : FC_LOOKBACK_REBOUND,
                               note, NULL, NULL, &error))
        return fc_cli_fail (error);
      g_print ("%s\t%s\n", argv[2], argv[3]);
      return 0;
    }
  return fc_cli_usage (usage);
}

static int
cmd_whistle (FcCliOptions  *options,
             int            argc,
             char         **argv)
{
  static const char *const columns[] = {
    "id", "received_at", "channel", "reporter_name", "facility_name", "status", "hazard_id",
    "commended", "description", NULL
  };
  g_autofree char *channel = NULL, *name = NULL, *contact = NULL, *facility = NULL;
  g_autofree char *description = NULL, *location = NULL, *received = NULL, *status = NULL;
  g_autofree char *category = NULL, *level = NULL, *deadline = NULL, *reason = NULL;
  gboolean anonymous = FALSE, commended = FALSE;
  GOptionEntry entries[] = {
    { "channel", 0, 0, G_OPTION_ARG_STRING, &channel, N_("record: phone, email, online or in_person"), N_("CHANNEL") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("record: the reporter's name"), N_("NAME") },
    { "anonymous", 0, 0, G_OPTION_ARG_NONE, &anonymous, N_("record: the reporter stays anonymous"), NULL },
    { "contact", 0, 0, G_OPTION_ARG_STRING, &contact, N_("record: how to reach the reporter"), N_("TEXT") },
    { "facility", 0, 0, G_OPTION_ARG_STRING, &facility, N_("record, list: the institution"), N_("ID") },
    { "description", 0, 0, G_OPTION_ARG_STRING, &description, N_("record, triage: what was reported"), N_("TEXT") },
    { "location", 0, 0, G_OPTION_ARG_STRING, &location, N_("record: where in the institution"), N_("TEXT") },
    { "received", 0, 0, G_OPTION_ARG_STRING, &received, N_("record: when it was received"), N_("ISO-8601") },
    { "status", 0, 0, G_OPTION_ARG_STRING, &status, N_("list: new, triaged or dismissed"), N_("STATUS") },
    { "commended", 0, 0, G_OPTION_ARG_NONE, &commended, N_("list: only commended reports"), NULL },
    { "category", 0, 0, G_OPTION_ARG_STRING, &category, N_("triage: the hazard's category"), N_("CATEGORY") },
    { "level", 0, 0, G_OPTION_ARG_STRING, &level, N_("triage: general or major"), N_("LEVEL") },
    { "deadline", 0, 0, G_OPTION_ARG_STRING, &deadline, N_("triage: the rectification deadline"), N_("YYYY-MM-DD") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("dismiss: why; commend: the wording"), N_("TEXT") },
    { NULL }
  };
  const char *usage = _("usage: fieldcheck-cli whistle record --channel C --facility ID "
                        "--description TEXT (--name NAME|--anonymous) | list | triage ID "
                        "--category C --level L | dismiss ID --reason TEXT | commend ID");
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = NULL;

  if (!parse (entries, NULL, &argc, &argv, &error))
    return fc_cli_fail (error);
  if (argc < 2)
    return fc_cli_usage (usage);
  store = fc_cli_open_store (options, &error);
  if (store == NULL)
    return fc_cli_fail (error);

  if (g_str_equal (argv[1], "record") && argc == 2)
    {
      FcWhistleReport report = {
        .anonymous = anonymous, .reporter_name = name, .reporter_contact = contact,
        .facility_id = facility, .description = description ? description : "",
        .location = location, .received_at = received,
      };
      g_autofree char *id = NULL;

      if (!fc_whistle_channel_from_string (channel, &report.channel))
        return fc_cli_usage (_("The channel is phone, email, online or in_person"));
      id = fc_whistle_record (store, &report, &error);
      if (id == NULL)
        return fc_cli_fail (error);
      g_print ("%s\n", id);
      return 0;
    }
  if (g_str_equal (argv[1], "list") && argc == 2)
    {
      FcWhistleFilter filter = { .status = status, .facility_id = facility,
                                 .commended_only = commended };
      g_autoptr(JsonArray) rows = fc_whistle_list (store, &filter, &error);

      if (rows == NULL)
        return fc_cli_fail (error);
      fc_cli_print_rows (options, rows, columns);
      return 0;
    }
  if (g_str_equal (argv[1], "triage") && argc == 3)
    {
      FcCategory c;
      FcHazardLevel l;
      g_autofree char *hazard = NULL;

      if (!fc_category_from_string (category, &c) || !fc_hazard_level_from_string (level, &l))
        return fc_cli_usage (_("Triage names the hazard's --category and --level"));
      hazard = fc_whistle_triage (store, argv[2], c, l, description, deadline, &error);
      if (hazard == NULL)
        return fc_cli_fail (error);
      g_print ("%s\n", hazard);
      return 0;
    }
  if (g_str_equal (argv[1], "dismiss") && argc == 3)
    {
      if (!fc_whistle_dismiss (store, argv[2], reason, &error))
        return fc_cli_fail (error);
      g_print ("%s\tdismissed\n", argv[2]);
      return 0;
    }
  if (g_str_equal (argv[1], "commend") && argc == 3)
    {
      if (!fc_whistle_commend (store, argv[2], reason, &error))
        return fc_cli_fail (error);
      g_print ("%s\tcommended\n", argv[2]);
      return 0;
    }
  return fc_cli_usage (usage);
}

static int
cmd_measures (FcCliOptions  *options,
              int            argc,
              char         **argv)
{
  FcHazardMeasures plan = { 0 };
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = NULL;

  if (argc < 3)
    return fc_cli_usage (_("usage: fieldcheck-cli measures HAZARD field=value… (responsible_party, "
                           "responsible_person, measures, funds, deadline, plan, interim_controls)"));
  for (int i = 2; i < argc; i++)
    {
      const char *eq = strchr (argv[i], '=');
      g_autofree char *field = NULL;

      if (eq == NULL || eq == argv[i])
        return fc_cli_usage (_("Write each change as field=value"));
      field = g_strndup (argv[i], (gsize) (eq - argv[i]));
      g_ptr_array_add (values, g_strdup (eq + 1));
      if (!fc_hazard_measures_set (&plan, field, g_ptr_array_index (values, values->len - 1),
                                   &error))
        return fc_cli_fail (error);
    }
  store = fc_cli_open_store (options, &error);
  if (store == NULL || !fc_hazards_record_measures (store, argv[1], &plan, &error))
    return fc_cli_fail (error);
  g_print ("%s\n", argv[1]);
  return 0;
}

static int
cmd_accept (FcCliOptions  *options,
            int            argc,
            char         **argv)
{
  g_autofree char *org = NULL, *note = NULL, *evidence = NULL;
  gboolean reject = FALSE;
  GOptionEntry entries[] = {
    { "org", 0, 0, G_OPTION_ARG_STRING, &org, N_("The organisation that judged, such as a third party"), N_("NAME") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("A note; the reason of a rejection"), N_("TEXT") },
    { "evidence", 0, 0, G_OPTION_ARG_STRING, &evidence, N_("Comma list of photo ids"), N_("IDS") },
    { "reject", 0, 0, G_OPTION_ARG_NONE, &reject, N_("Reject the rectification instead"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = NULL;

  if (!parse (entries, NULL, &argc, &argv, &error))
    return fc_cli_fail (error);
  if (argc != 2)
    return fc_cli_usage (_("usage: fieldcheck-cli accept HAZARD [--org NAME] [--note TEXT] "
                           "[--reject --note REASON]"));
  store = fc_cli_open_store (options, &error);
  if (store == NULL ||
      !fc_hazards_transition_full (store, argv[1], reject ? FC_HAZARD_ACTION_REJECT
                                                          : FC_HAZARD_ACTION_ACCEPT,
                                   note, evidence, org, NULL, &error))
    return fc_cli_fail (error);
  g_print ("%s\t%s\n", argv[1], reject ? "rejected" : "accepted");
  return 0;
}

const FcCliCommand fc_cli_ledger_commands[] = {
  { "ledger", cmd_ledger, N_("ledger [--format xlsx|csv --out FILE] [--facility ID] [filters…]: the rectification ledger") },
  { "report", cmd_report, N_("report weekly|monthly --pdf FILE [--date DAY]: weekly dispatch, monthly bulletin") },
  { "lookback", cmd_lookback, N_("lookback schedule|list|record …: look-back re-checks of closed hazards") },
  { "whistle", cmd_whistle, N_("whistle record|list|triage|dismiss|commend …: whistle-blower reports") },
  { "measures", cmd_measures, N_("measures HAZARD field=value…: record the rectification plan") },
  { "accept", cmd_accept, N_("accept HAZARD [--org NAME] [--reject --note REASON]: judge a rectification") },
  { NULL }
};
