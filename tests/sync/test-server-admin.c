/* test-server-admin.c: the district server's admin commands on real data folders
 *
 * conflicts list|resolve against a real server and two devices; the facility
 * import from the bureau's CSV; the district's ledger and reports, read back
 * by tools that are not ours (tests/core/read-ledger.py, pdftotext, pdftoppm).
 */

#include "config.h"

#include <json-glib/json-glib.h>

#include "fc-conflicts.h"
#include "sync-test-util.h"

typedef TestSyncDistrict District;

#define assert_dump(db, sql, expected)                      \
  G_STMT_START {                                            \
    g_autofree char *_v = test_dump_line (db, sql);         \
    g_assert_cmpstr (_v, ==, expected);                     \
  } G_STMT_END

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

/* a and b set the responsible party offline, b later: a conflict everywhere. */
static void
race_on_responsible_party (District *d)
{
  g_free (test_cli_line (d->a, "put", "hazard", d->hazard, "responsible_party=区民政局", NULL));
  g_usleep (20 * 1000);
  g_free (test_cli_line (d->b, "put", "hazard", d->hazard, "responsible_party=阳光养老院", NULL));
  test_sync (d->a);
  test_sync (d->b);
  test_sync (d->a);
}

static JsonArray *
conflicts_json (District   *d,
                const char *extra)
{
  g_auto(TestRun) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();

  test_admin (&run, &d->server, "conflicts", "list", "--json", extra, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, NULL));
  return json_array_ref (json_node_get_array (json_parser_get_root (parser)));
}

static void
test_conflicts_list_shows_both_writes_with_who_and_when (District      *d,
                                                         gconstpointer  data)
{
  g_auto(TestRun) run = { 0 };
  g_autoptr(JsonArray) rows = NULL;
  g_autofree char *device_a = test_dump_line (d->a, "SELECT value FROM meta WHERE key = 'device_id'");
  g_autofree char *device_b = test_dump_line (d->b, "SELECT value FROM meta WHERE key = 'device_id'");
  g_auto(GStrv) lines = NULL;
  JsonObject *row;

  race_on_responsible_party (d);
  rows = conflicts_json (d, NULL);
  g_assert_cmpuint (json_array_get_length (rows), ==, 1);
  row = json_array_get_object_element (rows, 0);
  g_assert_cmpstr (json_object_get_string_member (row, "table"), ==, "hazard");
  g_assert_cmpstr (json_object_get_string_member (row, "row"), ==, d->hazard);
  g_assert_cmpstr (json_object_get_string_member (row, "field"), ==, "responsible_party");
  g_assert_cmpstr (json_object_get_string_member (row, "state"), ==, "unresolved");
  /* The later write is ours (kept); the earlier is theirs — each with its device and user. */
  g_assert_cmpstr (json_object_get_string_member (row, "ours_value"), ==, "阳光养老院");
  g_assert_cmpstr (json_object_get_string_member (row, "ours_device"), ==, device_b);
  g_assert_cmpstr (json_object_get_string_member (row, "ours_user"), ==, "mgr");
  g_assert_cmpstr (json_object_get_string_member (row, "theirs_value"), ==, "区民政局");
  g_assert_cmpstr (json_object_get_string_member (row, "theirs_device"), ==, device_a);
  g_assert_cmpstr (json_object_get_string_member (row, "theirs_user"), ==, "insp");
  g_assert_true (g_regex_match_simple ("^20\\d\\d-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} #\\d+$",
                                       json_object_get_string_member (row, "theirs_hlc"), 0, 0));

  /* The table an admin reads: a header and one line per conflict. */
  test_admin (&run, &d->server, "conflicts", "list", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "id\ttable\trow\tfield\tours_value\tours_hlc\t"));
  g_assert_nonnull (strstr (run.out, "\t区民政局\t"));
  g_assert_nonnull (strstr (run.out, "\t阳光养老院\t"));
  lines = g_strsplit (g_strchomp (run.out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
}

static void
assert_device_settled (const char *db,
                       const char *hazard,
                       const char *value)
{
  g_autofree char *sql = g_strdup_printf ("SELECT responsible_party FROM hazard WHERE id = '%s'",
                                          hazard);
  g_autofree char *on_device = test_dump_line (db, sql);
  g_autoptr(FcStore) store = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;

  g_assert_cmpstr (on_device, ==, value);
  store = fc_store_open (db, NULL);
  g_assert_nonnull (store);
  conflicts = fc_conflicts_list (store, TRUE, NULL);
  g_assert_cmpuint (conflicts->len, ==, 1);
  g_assert_true (((FcConflict *) conflicts->pdata[0])->superseded);
}

static void
test_conflicts_resolve_reaches_both_devices_and_is_audited (District      *d,
                                                            gconstpointer  data)
{
  g_auto(TestRun) run = { 0 };
  g_autofree char *server_db = test_server_db (&d->server);
  g_autoptr(JsonArray) rows = NULL;
  g_autofree char *id = NULL;
  g_autofree char *audit = NULL;
  g_autofree char *who = NULL;

  race_on_responsible_party (d);
  rows = conflicts_json (d, NULL);
  id = g_strdup_printf ("%" G_GINT64_FORMAT,
                        json_object_get_int_member (json_array_get_object_element (rows, 0), "id"));

  /* The earlier value was right: keep theirs, decided by the admin user. */
  test_admin (&run, &d->server, "conflicts", "resolve", id, "--keep", "theirs", "--user", "admin",
              NULL);
  g_assert_cmpint (run.status, ==, 0);
  assert_dump (server_db, "SELECT responsible_party FROM hazard", "区民政局");
  g_assert_cmpint (test_db_count (server_db, "SELECT count (*) FROM conflict WHERE resolved = 0"),
                   ==, 0);
  who = test_dump_line (server_db, "SELECT p.login FROM op_log o JOIN person p ON p.id = o.user_id "
                                   "ORDER BY o.seq DESC LIMIT 1");
  g_assert_cmpstr (who, ==, "admin");
  audit = test_dump_line (server_db, "SELECT kind, outcome, row_id, message FROM fcs_audit "
                                     "WHERE outcome = 'conflict_resolve'");
  g_assert_true (g_str_has_prefix (audit, "admin|conflict_resolve|"));
  g_assert_nonnull (strstr (audit, d->hazard));
  g_assert_nonnull (strstr (audit, "hazard.responsible_party = 区民政局"));
  test_admin (&run, &d->server, "status", NULL);
  g_assert_cmpint (run.status, ==, 0);

  /* Resolved once: a second resolution is refused. */
  test_admin (&run, &d->server, "conflicts", "resolve", id, "--keep", "ours", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "already resolved"));

  /* The choice reaches both devices, which see their own conflict settled. */
  test_sync (d->a);
  test_sync (d->b);
  assert_device_settled (d->a, d->hazard, "区民政局");
  assert_device_settled (d->b, d->hazard, "区民政局");
  test_assert_converged (server_db, d->a);
  test_assert_converged (server_db, d->b);
  test_assert_invariants (server_db, d->a);
  test_assert_invariants (server_db, d->b);
}

static void
test_conflicts_resolve_refused_by_a_guard_changes_nothing (District      *d,
                                                           gconstpointer  data)
{
  g_auto(TestRun) run = { 0 };
  g_autofree char *server_db = test_server_db (&d->server);
  g_autoptr(JsonArray) rows = NULL;
  g_autofree char *id = NULL;
  gint64 ops, audits;

  race_on_responsible_party (d);
  rows = conflicts_json (d, NULL);
  id = g_strdup_printf ("%" G_GINT64_FORMAT,
                        json_object_get_int_member (json_array_get_object_element (rows, 0), "id"));
  ops = test_db_count (server_db, "SELECT count (*) FROM op_log");
  audits = test_db_count (server_db, "SELECT count (*) FROM fcs_audit");

  /* A hazard's plan is written by someone with a role for it: nobody is refused. */
  test_admin (&run, &d->server, "conflicts", "resolve", id, "--keep", "一个新的责任主体", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "--user LOGIN"));
  test_admin (&run, &d->server, "conflicts", "resolve", id, "--keep", "ours", "--user", "nobody",
              NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "nobody"));
  test_admin (&run, &d->server, "conflicts", "resolve", "999", "--keep", "ours", NULL);
  g_assert_cmpint (run.status, ==, 1);

  g_assert_cmpint (test_db_count (server_db, "SELECT count (*) FROM op_log"), ==, ops);
  g_assert_cmpint (test_db_count (server_db, "SELECT count (*) FROM fcs_audit"), ==, audits);
  g_assert_cmpint (test_db_count (server_db, "SELECT count (*) FROM conflict WHERE resolved = 0"),
                   ==, 1);

  /* A value that is neither side, by a staff member: written as typed. */
  test_admin (&run, &d->server, "conflicts", "resolve", id, "--keep", "区民政局与机构共同负责",
              "--user", "insp", NULL);
  g_assert_cmpint (run.status, ==, 0);
  test_sync (d->b);
  assert_dump (d->b, "SELECT responsible_party FROM hazard", "区民政局与机构共同负责");
}

/* The tablet resolves side by side at its next sync; the server sees its own
 * record of the conflict settled by that choice. */
static void
test_conflicts_resolved_on_a_tablet_is_superseded_on_the_server (District      *d,
                                                                 gconstpointer  data)
{
  g_autofree char *server_db = test_server_db (&d->server);
  g_autofree char *insp = test_dump_line (server_db, "SELECT id FROM person WHERE login = 'insp'");
  g_autoptr(JsonArray) rows = NULL;

  race_on_responsible_party (d);
  {
    g_autoptr(FcStore) store = fc_store_open (d->a, NULL);
    g_autoptr(GPtrArray) conflicts = fc_conflicts_list (store, TRUE, NULL);
    g_autoptr(GError) error = NULL;
    FcConflict *conflict;

    g_assert_cmpuint (conflicts->len, ==, 1);
    conflict = conflicts->pdata[0];
    fc_store_set_user (store, insp);
    g_assert_true (fc_conflicts_resolve (store, conflict->id, conflict->other.value, &error));
    g_assert_no_error (error);
  }
  test_sync (d->a);

  rows = conflicts_json (d, NULL);
  g_assert_cmpuint (json_array_get_length (rows), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 0), "state"),
                   ==, "superseded");
  assert_dump (server_db, "SELECT responsible_party FROM hazard", "区民政局");
  test_sync (d->b);
  assert_device_settled (d->b, d->hazard, "区民政局");
}

/* ---- import-facilities ---- */

static char *
write_file (const char *name,
            const char *contents,
            gssize      length)
{
  char *path = test_scratch_path (name);

  g_assert_true (g_file_set_contents (path, contents, length, NULL));
  return path;
}

static void
test_import_facilities_adds_then_updates_without_duplicates (void)
{
  TestServer server = { 0 };
  g_auto(TestRun) run = { 0 };
  g_autofree char *db = NULL;
  g_autofree char *first = NULL;
  g_autofree char *again = NULL;
  g_autofree char *facility = NULL;
  /* As Excel saves "CSV UTF-8": a byte order mark, CRLF, Chinese headers,
   * quotes around a cell with a comma and around one with a line break, and
   * a row of empty cells at the end. */
  const char sheet[] =
    "\xef\xbb\xbf" "机构名称,机构类型,所属镇街,地址,床位数,包片领导,包线科室,包点干部\r\n"
    "新城养老院,养老机构,汉丰街道,\"滨湖路 1 号, 东楼\",120,wang,养老服务科,李卫东\r\n"
    "\"希望\"\"儿童\"\"之家\",child_welfare,丰乐街道,\"两行\r\n的地址\",,,,\r\n"
    "\r\n"
    "城南救助站,救助管理站,丰乐街道,,,,,\r\n"
    ",,,,,,,\r\n";
  /* A later version of the sheet, in English headers, columns in another order. */
  const char updated[] =
    "town,name,type,beds,point_cadre\n"
    "汉丰街道,新城养老院,elderly_care,150,wang\n"
    "丰乐街道,城南救助站,rescue_station,,\n";

  server.data = test_scratch_path ("import-facilities");
  db = test_server_db (&server);
  test_admin (&run, &server, "init", NULL);
  g_assert_cmpint (run.status, ==, 0);
  test_admin (&run, &server, "user", "add", "wang", "--name", "王建国", "--roles", "leader", NULL);
  g_assert_cmpint (run.status, ==, 0);
  test_admin (&run, &server, "user", "add", "li", "--name", "李卫东", "--roles", "staff", NULL);
  g_assert_cmpint (run.status, ==, 0);

  first = write_file ("facilities.csv", sheet, sizeof sheet - 1);
  test_admin (&run, &server, "import-facilities", first, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "added\t3\nupdated\t0\nunchanged\t0\n");
  facility = test_dump_line (db, "SELECT f.type || '|' || f.address || '|' || f.beds || '|' || a.login "
                                 "|| '|' || f.line_department || '|' || c.name FROM facility f "
                                 "JOIN person a ON a.id = f.area_leader_id "
                                 "JOIN person c ON c.id = f.point_cadre_id WHERE f.name = '新城养老院'");
  g_assert_cmpstr (facility, ==, "elderly_care|滨湖路 1 号, 东楼|120|wang|养老服务科|李卫东");
  assert_dump (db, "SELECT type || '|' || address FROM facility WHERE name = '希望\"儿童\"之家'",
               "child_welfare|两行\r\n的地址");
  assert_dump (db, "SELECT type FROM facility WHERE name = '城南救助站'", "rescue_station");

  /* The same file again changes nothing and writes nothing. */
  {
    gint64 ops = test_db_count (db, "SELECT count (*) FROM op_log");

    test_admin (&run, &server, "import-facilities", first, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "added\t0\nupdated\t0\nunchanged\t3\n");
    g_assert_cmpint (test_db_count (db, "SELECT count (*) FROM op_log"), ==, ops);
  }

  /* A new version updates by name and town; empty cells leave values alone. */
  again = write_file ("facilities-v2.csv", updated, -1);
  test_admin (&run, &server, "import-facilities", again, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "added\t0\nupdated\t1\nunchanged\t1\n");
  g_assert_cmpint (test_db_count (db, "SELECT count (*) FROM facility"), ==, 3);
  assert_dump (db, "SELECT f.beds || '|' || f.address || '|' || c.login "
                   "FROM facility f JOIN person c ON c.id = f.point_cadre_id "
                   "WHERE f.name = '新城养老院'", "150|滨湖路 1 号, 东楼|wang");

  /* Each import is an admin action in the audit log, whose chain holds. */
  g_assert_cmpint (test_db_count (db, "SELECT count (*) FROM fcs_audit "
                                      "WHERE kind = 'admin' AND outcome = 'import_facilities'"), ==, 3);
  assert_dump (db, "SELECT message FROM fcs_audit ORDER BY rowid DESC LIMIT 1",
               "added 0, updated 1, unchanged 1");
  test_admin (&run, &server, "status", NULL);
  g_assert_cmpint (run.status, ==, 0);
  test_server_clear (&server);
}

static void
test_import_facilities_bad_row_imports_nothing (void)
{
  const struct
  {
    const char *name;
    const char *csv;
    const char *where;     /* the line the error names */
    const char *what;      /* and a word of its reason */
  } cases[] = {
    { "unknown type", "name,type,town\nA,elderly_care,X\nB,hospital,Y\n", "line 3", "hospital" },
    { "same facility twice", "name,type,town\nA,elderly_care,X\nA,养老院,X\n", "line 3", "line 2" },
    { "unknown person", "name,type,town,area_leader\nA,elderly_care,X,\nB,other,Y,nobody\n",
      "line 3", "nobody" },
    { "beds not a number", "name,type,town,床位数\nA,elderly_care,X,一百\n", "line 2", "一百" },
    { "empty name", "name,type,town\nA,elderly_care,X\n,other,Y\n", "line 3", "name" },
    { "cells missing", "name,type,town\nA,elderly_care,X\nB,other\n", "line 3", "2" },
    { "unknown column", "name,type,town,colour\nA,elderly_care,X,red\n", "line 1", "colour" },
    { "required column missing", "name,type\nA,elderly_care\n", "line 1", "town" },
    { "quote never closed", "name,type,town\nA,elderly_care,X\n\"B,other,Y\n", "line 3", "quote" },
    { "not UTF-8 (GBK from an old Excel)", "name,type,town\nA,elderly_care,X\n\xd1\xf8\xc0\xcf,other,Y\n",
      "line 3", "UTF-8" },
  };
  TestServer server = { 0 };
  g_auto(TestRun) run = { 0 };
  g_autofree char *db = NULL;
  gint64 ops, audits;

  server.data = test_scratch_path ("import-facilities-bad");
  db = test_server_db (&server);
  test_admin (&run, &server, "init", NULL);
  g_assert_cmpint (run.status, ==, 0);
  ops = test_db_count (db, "SELECT count (*) FROM op_log");
  audits = test_db_count (db, "SELECT count (*) FROM fcs_audit");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = write_file ("bad.csv", cases[i].csv, -1);

      g_test_message ("%s", cases[i].name);
      test_admin (&run, &server, "import-facilities", path, NULL);
      g_assert_cmpint (run.status, ==, 1);
      g_assert_true (g_str_has_prefix (run.err, "fieldcheck-server: bad.csv, "));
      g_assert_nonnull (strstr (run.err, cases[i].where));
      g_assert_nonnull (strstr (run.err, cases[i].what));
      /* Not even the good rows before the bad one. */
      g_assert_cmpint (test_db_count (db, "SELECT count (*) FROM facility"), ==, 0);
      g_assert_cmpint (test_db_count (db, "SELECT count (*) FROM op_log"), ==, ops);
      g_assert_cmpint (test_db_count (db, "SELECT count (*) FROM fcs_audit"), ==, audits);
    }
  test_server_clear (&server);
}

/* ---- the district's exports ---- */

static TestServer demo_server;

static void
demo_server_init (void)
{
  g_auto(TestRun) run = { 0 };

  if (demo_server.data != NULL)
    return;
  demo_server.data = test_scratch_path ("demo-server");
  test_admin (&run, &demo_server, "init", "--demo", "--today", "2026-11-29", NULL);
  g_assert_cmpint (run.status, ==, 0);
}

static JsonObject *
read_ledger (const char *kind,
             const char *path)
{
  g_autofree char *python = g_find_program_in_path ("python3");
  const char *script = g_test_get_filename (G_TEST_DIST, "core", "read-ledger.py", NULL);
  const char *argv[] = { python, script, kind, path, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  int status = 0;

  g_assert_nonnull (python);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL,
                               &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* "facility name|description" of every data row, sorted. */
static char *
ledger_pairs (JsonArray *rows)
{
  g_autoptr(GPtrArray) pairs = g_ptr_array_new_with_free_func (g_free);
  GString *text = g_string_new (NULL);

  for (guint r = 1; r < json_array_get_length (rows); r++)
    {
      JsonArray *row = json_array_get_array_element (rows, r);

      g_ptr_array_add (pairs, g_strdup_printf ("%s|%s", json_array_get_string_element (row, 1),
                                               json_array_get_string_element (row, 4)));
    }
  g_ptr_array_sort (pairs, compare_strings);
  for (guint i = 0; i < pairs->len; i++)
    g_string_append_printf (text, "%s\n", (const char *) pairs->pdata[i]);
  return g_string_free (text, FALSE);
}

static char *
server_pairs (const char *db,
              const char *where)
{
  g_autofree char *sql = g_strdup_printf ("SELECT f.name || '|' || h.description FROM hazard h "
                                          "JOIN facility f ON f.id = h.facility_id %s", where);
  g_autofree char *text = test_dump (db, sql);
  g_auto(GStrv) lines = g_strsplit (g_strchomp (text), "\n", -1);
  g_autoptr(GPtrArray) pairs = g_ptr_array_new ();
  GString *out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL && *lines[i] != '\0'; i++)
    g_ptr_array_add (pairs, lines[i]);
  g_ptr_array_sort (pairs, compare_strings);
  for (guint i = 0; i < pairs->len; i++)
    g_string_append_printf (out, "%s\n", (const char *) pairs->pdata[i]);
  return g_string_free (out, FALSE);
}

static void
test_ledger_exports_read_back_match_the_server (void)
{
  g_auto(TestRun) run = { 0 };
  g_autofree char *db = NULL;
  g_autofree char *xlsx = test_scratch_path ("district.xlsx");
  g_autofree char *csv = test_scratch_path ("district.csv");
  g_autofree char *one = test_scratch_path ("one.xlsx");
  g_autofree char *facility = NULL;
  g_autofree char *where = NULL;
  g_autoptr(JsonObject) book = NULL;
  g_autoptr(JsonObject) sheet = NULL;
  g_autoptr(JsonObject) single = NULL;
  gint64 hazards;

  demo_server_init ();
  db = test_server_db (&demo_server);
  hazards = test_db_count (db, "SELECT count (*) FROM hazard");
  g_assert_cmpint (hazards, >, 100);

  test_admin (&run, &demo_server, "ledger", "--format", "xlsx", "--out", xlsx, NULL);
  g_assert_cmpint (run.status, ==, 0);
  book = read_ledger ("xlsx", xlsx);
  {
    JsonArray *rows = json_object_get_array_member (book, "rows");
    JsonArray *header = json_array_get_array_element (rows, 0);
    g_autofree char *in_file = ledger_pairs (rows);
    g_autofree char *on_server = server_pairs (db, "");

    g_assert_cmpuint (json_array_get_length (rows), ==, hazards + 1);
    g_assert_cmpstr (json_array_get_string_element (header, 0), ==, "序号");
    g_assert_cmpstr (json_array_get_string_element (header, 17), ==, "备注");
    g_assert_cmpstr (in_file, ==, on_server);
    g_assert_cmpint (json_object_get_int_member (book, "frozen_rows"), ==, 1);
  }

  test_admin (&run, &demo_server, "ledger", "--format", "csv", "--out", csv, NULL);
  g_assert_cmpint (run.status, ==, 0);
  sheet = read_ledger ("csv", csv);
  {
    g_autofree char *from_csv = ledger_pairs (json_object_get_array_member (sheet, "rows"));
    g_autofree char *from_xlsx = ledger_pairs (json_object_get_array_member (book, "rows"));

    g_assert_cmpstr (from_csv, ==, from_xlsx);
  }

  /* One institution's ledger holds its hazards and no other's. */
  facility = test_dump_line (db, "SELECT facility_id FROM hazard GROUP BY facility_id "
                                 "ORDER BY count (*) DESC, facility_id LIMIT 1");
  test_admin (&run, &demo_server, "ledger", "--out", one, "--facility", facility, NULL);
  g_assert_cmpint (run.status, ==, 0);
  single = read_ledger ("xlsx", one);
  where = g_strdup_printf ("WHERE h.facility_id = '%s'", facility);
  {
    g_autofree char *in_file = ledger_pairs (json_object_get_array_member (single, "rows"));
    g_autofree char *on_server = server_pairs (db, where);

    g_assert_cmpstr (in_file, ==, on_server);
    g_assert_cmpuint (strlen (in_file), >, 0);
  }

  test_admin (&run, &demo_server, "ledger", "--out", one, "--facility", "no-such-facility", NULL);
  g_assert_cmpint (run.status, ==, 1);
  test_admin (&run, &demo_server, "ledger", "--format", "ods", "--out", one, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpint (test_db_count (db, "SELECT count (*) FROM fcs_audit "
                                      "WHERE outcome = 'export_ledger'"), ==, 3);
}

static void
test_reports_render_with_the_servers_figures (void)
{
  g_autofree char *pdftoppm = g_find_program_in_path ("pdftoppm");
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autofree char *db = NULL;
  g_autofree char *found = NULL;
  g_autofree char *closed = NULL;

  if (pdftoppm == NULL || pdftotext == NULL)
    {
      g_test_skip ("pdftoppm or pdftotext is not installed (Debian: poppler-utils)");
      return;
    }
  demo_server_init ();
  db = test_server_db (&demo_server);
  found = test_dump_line (db, "SELECT count (*) FROM hazard");
  closed = test_dump_line (db, "SELECT count (*) FROM hazard WHERE status = 'closed'");

  for (const char *const *period = (const char *[]) { "weekly", "monthly", NULL }; *period; period++)
    {
      g_auto(TestRun) run = { 0 };
      g_autofree char *name = g_strconcat (*period, ".pdf", NULL);
      g_autofree char *pdf = test_scratch_path (name);
      g_autofree char *prefix = g_strconcat (pdf, "-page", NULL);
      g_autofree char *png = g_strconcat (prefix, "-1.png", NULL);
      g_autofree char *text = NULL;
      g_autofree char *image = NULL;
      gsize image_size = 0;
      g_autoptr(GPtrArray) argv = g_ptr_array_new ();

      test_admin (&run, &demo_server, "report", *period, "--pdf", pdf, "--date", "2026-11-29", NULL);
      g_assert_cmpint (run.status, ==, 0);

      g_ptr_array_add (argv, pdftotext);
      g_ptr_array_add (argv, (gpointer) "-l");
      g_ptr_array_add (argv, (gpointer) "1");
      g_ptr_array_add (argv, pdf);
      g_ptr_array_add (argv, (gpointer) "-");
      test_spawn (&run, argv);
      g_assert_cmpint (run.status, ==, 0);
      text = g_steal_pointer (&run.out);
      g_test_message ("%s", text);
      /* The district's totals, as the server's store counts them. */
      g_assert_nonnull (strstr (text, found));
      g_assert_nonnull (strstr (text, closed));
      g_assert_nonnull (strstr (text, "2026-11-29"));

      g_ptr_array_set_size (argv, 0);
      g_ptr_array_add (argv, pdftoppm);
      g_ptr_array_add (argv, (gpointer) "-r");
      g_ptr_array_add (argv, (gpointer) "50");
      g_ptr_array_add (argv, (gpointer) "-png");
      g_ptr_array_add (argv, (gpointer) "-f");
      g_ptr_array_add (argv, (gpointer) "1");
      g_ptr_array_add (argv, (gpointer) "-l");
      g_ptr_array_add (argv, (gpointer) "1");
      g_ptr_array_add (argv, pdf);
      g_ptr_array_add (argv, prefix);
      test_spawn (&run, argv);
      g_assert_cmpint (run.status, ==, 0);
      g_assert_true (g_file_get_contents (png, &image, &image_size, NULL));
      g_assert_true (image_size > 8 && memcmp (image, "\x89PNG", 4) == 0);
      g_assert_cmpuint (image_size, >, 5000);
    }
  g_assert_cmpint (test_db_count (db, "SELECT count (*) FROM fcs_audit "
                                      "WHERE outcome = 'export_report'"), ==, 2);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add ("/server-admin/" path, District, path, test_sync_district_setup, fn, \
                                      test_sync_district_teardown)
  ADD ("conflicts/list-shows-both-writes", test_conflicts_list_shows_both_writes_with_who_and_when);
  ADD ("conflicts/resolve-reaches-both-devices-and-is-audited",
       test_conflicts_resolve_reaches_both_devices_and_is_audited);
  ADD ("conflicts/resolve-refused-changes-nothing",
       test_conflicts_resolve_refused_by_a_guard_changes_nothing);
  ADD ("conflicts/resolved-on-a-tablet-is-superseded-on-the-server",
       test_conflicts_resolved_on_a_tablet_is_superseded_on_the_server);
#undef ADD
  g_test_add_func ("/server-admin/import-facilities/adds-then-updates-without-duplicates",
                   test_import_facilities_adds_then_updates_without_duplicates);
  g_test_add_func ("/server-admin/import-facilities/bad-row-imports-nothing",
                   test_import_facilities_bad_row_imports_nothing);
  g_test_add_func ("/server-admin/ledger/exports-read-back-match-the-server",
                   test_ledger_exports_read_back_match_the_server);
  g_test_add_func ("/server-admin/report/renders-with-the-servers-figures",
                   test_reports_render_with_the_servers_figures);
  status = g_test_run ();
  g_clear_pointer (&demo_server.data, g_free);
  return status;
}
