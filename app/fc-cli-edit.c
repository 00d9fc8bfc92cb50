/* fc-cli-edit.c: fieldcheck-cli commands that change records, for scripts and tests
 *
 * Every change goes through the write API, as on the tablet: `put` writes any
 * syncable row, `hazard` records and moves hazards through the state machine,
 * `login` chooses who acts, with a password once the device keeps the
 * server's verifiers. `outbox` and `conflicts` show what waits for the
 * server and what needs a person.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "fc-cli.h"
#include "fc-error.h"
#include "fc-hazards.h"
#include "fc-queries.h"
#include "fc-sign-in.h"
#include "fc-store-write.h"

/* "field=text" sets text; "field:=JSON" sets a number, true/false or null. */
static gboolean
set_field (FcOp        *op,
           const char  *arg,
           GError     **error)
{
  const char *eq = strchr (arg, '=');
  g_autofree char *name = NULL;
  g_autoptr(JsonNode) value = NULL;

  if (eq == NULL || eq == arg)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                   _("“%s” is not field=value or field:=JSON"), arg);
      return FALSE;
    }
  if (eq[-1] == ':')
    {
      name = g_strndup (arg, eq - 1 - arg);
      value = json_from_string (eq + 1, NULL);
      if (value == NULL || !(JSON_NODE_HOLDS_VALUE (value) || JSON_NODE_HOLDS_NULL (value)))
        {
          g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                       _("The value of “%s” is not a JSON number, true, false, null or string"), name);
          return FALSE;
        }
      json_object_set_member (op->fields, name, g_steal_pointer (&value));
      return TRUE;
    }
  name = g_strndup (arg, eq - arg);
  fc_op_set_string (op, name, eq + 1);
  return TRUE;
}

static gboolean
row_exists (FcStore    *store,
            const char *table,
            const char *id)
{
  g_autofree char *sql = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (id == NULL || !fc_store_is_syncable_table (store, table))
    return FALSE;
  sql = g_strdup_printf ("SELECT 1 FROM %s WHERE id = ?", table);
  stmt = fc_store_prepare (store, sql, NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

static int
cmd_put (FcCliOptions  *options,
         int            argc,
         char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = NULL;
  g_autoptr(FcOp) op = NULL;
  const char *table, *id = NULL;
  int first = 2;

  if (argc < 3)
    return fc_cli_usage (_("usage: fieldcheck-cli put TABLE [ID] field=value… field:=JSON…"));
  table = argv[1];
  if (strchr (argv[2], '=') == NULL)
    {
      id = argv[2];
      first = 3;
    }
  store = fc_cli_open_store (options, &error);
  if (store == NULL)
    return fc_cli_fail (error);

  op = row_exists (store, table, id) ? fc_op_new_update (table, id) : fc_op_new_insert (table, id);
  for (int i = first; i < argc; i++)
    if (!set_field (op, argv[i], &error))
      return fc_cli_fail (error);
  if (!fc_store_write (store, op, &error))
    return fc_cli_fail (error);
  g_print ("%s\n", op->row_id);
  return 0;
}

/* One line of standard input; on a terminal asked for, without echo. */
static char *
read_password (GError **error)
{
  struct termios saved, quiet;
  gboolean terminal = isatty (STDIN_FILENO) && tcgetattr (STDIN_FILENO, &saved) == 0;
  char line[1024];
  char *got;
  gsize len;

  if (terminal)
    {
      g_printerr ("%s", _("Password: "));
      quiet = saved;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
    }
  got = fgets (line, sizeof line, stdin);
  if (terminal)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
      g_printerr ("\n");
    }
  if (got == NULL)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                   _("This device requires a password; give it on standard input"));
      return NULL;
    }
  len = strlen (line);
  while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
    line[--len] = '\0';
  got = g_strdup (line);
  memset (line, 0, sizeof line);
  return got;
}

static int
cmd_login (FcCliOptions  *options,
           int            argc,
           char         **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = NULL;
  g_autoptr(sqlite3_stmt) find = NULL;
  g_autofree char *person_id = NULL;
  g_autofree char *password = NULL;
  gboolean no_password = FALSE;
  GOptionEntry entries[] = {
    { "no-password", 0, 0, G_OPTION_ARG_NONE, &no_password,
      N_("Act without a password: only on a store that keeps no verifiers (the demo, tests)"), NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fc_cli_fail (error);
  if (argc != 2)
    return fc_cli_usage (_("usage: fieldcheck-cli login USER [--no-password] "
                           "(the password on standard input when the device keeps verifiers)"));
  store = fc_cli_open_store (options, &error);
  if (store == NULL)
    return fc_cli_fail (error);

  if (fc_sign_in_has_verifiers (store))
    {
      if (no_password)
        return fc_cli_usage (_("This device keeps the server's verifiers: "
                               "signing in needs a password"));
      password = read_password (&error);
      if (password != NULL)
        person_id = fc_sign_in_verify (store, argv[1], password, &error);
      if (password != NULL)
        memset (password, 0, strlen (password));
      if (person_id == NULL)
        return fc_cli_fail (error);
      fc_store_set_user (store, person_id);
      g_print ("%s\n", fc_store_get_user (store));
      return 0;
    }

  find = fc_store_prepare (store, "SELECT id FROM person WHERE (id = ?1 OR login = ?1) "
                                  "AND disabled = 0", &error);
  if (find == NULL)
    return fc_cli_fail (error);
  sqlite3_bind_text (find, 1, argv[1], -1, SQLITE_STATIC);
  if (sqlite3_step (find) == SQLITE_ROW)
    fc_store_set_user (store, (const char *) sqlite3_column_text (find, 0));
  else
    {
      /* Before the first sync the people are not here yet; ids are still accepted. */
      g_printerr ("fieldcheck-cli: %s\n",
                  _("No such person in this store yet; acting under the id given"));
      fc_store_set_user (store, argv[1]);
    }
  g_print ("%s\n", fc_store_get_user (store));
  return 0;
}

static int
hazard_record (FcCliOptions  *options,
               int            argc,
               char         **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = NULL;
  g_autofree char *id = NULL, *facility = NULL, *category = NULL, *level = NULL;
  g_autofree char *description = NULL, *location = NULL, *found_at = NULL, *deadline = NULL;
  g_autofree char *new_id = NULL;
  FcHazardRecord record = { 0 };
  GOptionEntry entries[] = {
    { "id", 0, 0, G_OPTION_ARG_STRING, &id, N_("The hazard's id; a fresh one if none"), N_("ID") },
    { "facility", 0, 0, G_OPTION_ARG_STRING, &facility, N_("The facility"), N_("ID") },
    { "category", 0, 0, G_OPTION_ARG_STRING, &category, N_("fire_exit, gas, electrical, building, drainage or other"), N_("CATEGORY") },
    { "level", 0, 0, G_OPTION_ARG_STRING, &level, N_("general or major"), N_("LEVEL") },
    { "description", 0, 0, G_OPTION_ARG_STRING, &description, N_("What was found"), N_("TEXT") },
    { "location", 0, 0, G_OPTION_ARG_STRING, &location, N_("Where in the facility"), N_("TEXT") },
    { "found-at", 0, 0, G_OPTION_ARG_STRING, &found_at, N_("When it was found"), N_("ISO-8601") },
    { "deadline", 0, 0, G_OPTION_ARG_STRING, &deadline, N_("Rectification deadline"), N_("YYYY-MM-DD") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fc_cli_fail (error);
  if (argc != 1 || facility == NULL || description == NULL)
    return fc_cli_usage (_("usage: fieldcheck-cli hazard record --facility ID --description TEXT "
                           "[--category C] [--level general|major] [--id ID] …"));
  if (!fc_category_from_string (category ? category : "other", &record.category) ||
      !fc_hazard_level_from_string (level ? level : "general", &record.level))
    return fc_cli_usage (_("The category or the level is not one Fieldcheck knows"));

  store = fc_cli_open_store (options, &error);
  if (store == NULL)
    return fc_cli_fail (error);
  record.id = id;
  record.facility_id = facility;
  record.source = "inspection";
  record.description = description;
  record.location = location;
  record.found_at = found_at;
  record.deadline = deadline;
  new_id = fc_hazards_record (store, &record, &error);
  if (new_id == NULL)
    return fc_cli_fail (error);
  g_print ("%s\n", new_id);
  return 0;
}

static int
hazard_move (FcCliOptions  *options,
             int            argc,
             char         **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = NULL;
  g_autofree char *note = NULL, *evidence = NULL;
  FcHazardAction action;
  GOptionEntry entries[] = {
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("A note; the reason of a rejection or a reopening"), N_("TEXT") },
    { "evidence", 0, 0, G_OPTION_ARG_STRING, &evidence, N_("Comma list of photo ids"), N_("IDS") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fc_cli_fail (error);
  if (argc != 3 || !fc_hazard_action_from_string (argv[2], &action))
    return fc_cli_usage (_("usage: fieldcheck-cli hazard move ID ACTION [--note TEXT]; ACTION is "
                           "start_rectification, submit_for_acceptance, accept, reject or reopen"));
  store = fc_cli_open_store (options, &error);
  if (store == NULL)
    return fc_cli_fail (error);
  if (!fc_hazards_transition (store, argv[1], action, note, evidence, &error))
    return fc_cli_fail (error);
  return 0;
}

static int
cmd_hazard (FcCliOptions  *options,
            int            argc,
            char         **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "record"))
    return hazard_record (options, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "move"))
    return hazard_move (options, argc - 1, argv + 1);
  return fc_cli_usage (_("usage: fieldcheck-cli hazard record …|move ID ACTION …"));
}

static int
list (FcCliOptions       *options,
      const char         *sql,
      const char *const  *columns)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = fc_cli_open_store (options, &error);
  g_autoptr(JsonArray) rows = NULL;

  if (store == NULL)
    return fc_cli_fail (error);
  rows = fc_query_rows (store, sql, NULL, &error);
  if (rows == NULL)
    return fc_cli_fail (error);
  fc_cli_print_rows (options, rows, columns);
  return 0;
}

static int
cmd_outbox (FcCliOptions  *options,
            int            argc,
            char         **argv)
{
  static const char *const columns[] = {
    "seq", "op", "table", "row", "kind", "state", "code", "reason", NULL
  };

  return list (options,
               "SELECT o.device_seq AS seq, o.op_id AS op, o.tbl AS \"table\", o.row_id AS row, "
               "o.kind, CASE o.acked WHEN 0 THEN 'waiting' ELSE 'rejected' END AS state, "
               "r.code, r.message AS reason FROM op_log o "
               "LEFT JOIN sync_refusal r ON r.op_id = o.op_id "
               "WHERE o.origin = 'local' AND o.acked <> 1 ORDER BY o.seq",
               columns);
}

static int
cmd_conflicts (FcCliOptions  *options,
               int            argc,
               char         **argv)
{
  static const char *const columns[] = {
    "id", "table", "row", "field", "kept_value", "other_value", NULL
  };

  return list (options,
               "SELECT id, tbl AS \"table\", row_id AS row, field, kept_value, other_value "
               "FROM conflict WHERE resolved = 0 ORDER BY id",
               columns);
}

const FcCliCommand fc_cli_edit_commands[] = {
  { "put", cmd_put, N_("put TABLE [ID] field=value…: insert or update a row through the write API") },
  { "login", cmd_login, N_("login USER: act as this person from now on; with the password on "
                           "standard input once the device keeps the server's verifiers "
                           "(--no-password only where it keeps none)") },
  { "hazard", cmd_hazard, N_("hazard record …|move ID ACTION: record a hazard, move it") },
  { "outbox", cmd_outbox, N_("List changes waiting for the server, and those it rejected") },
  { "conflicts", cmd_conflicts, N_("List concurrent changes that a person must resolve") },
  { NULL }
};
