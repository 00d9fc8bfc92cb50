/* test-cli-ledger.c: the ledger, report, look-back, whistle and measures commands of fieldcheck-cli */

#include "config.h"

#include <string.h>

#include "fc-store.h"
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

static char *demo_db;

static void
cli (Run        *run,
     const char *first,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  va_list args;
  const char *arg;
  int wait_status = 0;

  g_ptr_array_add (argv, (gpointer) CLI_PATH);
  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, demo_db);
  g_ptr_array_add (argv, (gpointer) "--today");
  g_ptr_array_add (argv, (gpointer) "2026-11-29");
  g_ptr_array_add (argv, (gpointer) first);
  va_start (args, first);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &run->out, &run->err, &wait_status, &error));
  g_assert_no_error (error);
  run->status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : 128;
  if (run->status != 0)
    g_test_message ("stderr: %s", run->err);
}

/* Signs in as the person with this login, as the office's device would. */
static void
sign_in (const char *login)
{
  g_autoptr(FcStore) store = fc_store_open (demo_db, NULL);
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM person WHERE login = '%s'", login);
  g_autofree char *id = test_text (store, sql);

  g_assert_nonnull (id);
  fc_store_set_user (store, id);
}

static guint
lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p; p++)
    n += *p == '\n';
  return n;
}

static void
test_cli_ledger_filters_and_prints_tsv (void)
{
  g_auto(Run) all = { 0 };
  g_auto(Run) overdue = { 0 };
  g_auto(Run) major = { 0 };
  g_autoptr(FcStore) store = fc_store_open (demo_db, NULL);
  gint64 hazards = test_count (store, "SELECT count (*) FROM hazard");
  gint64 majors = test_count (store, "SELECT count (*) FROM hazard WHERE level = 'major'");
  gint64 late = test_count (store, "SELECT count (*) FROM hazard WHERE deadline < '2026-11-29' "
                                   "AND status IN ('open', 'rectifying', 'reopened')");

  cli (&all, "ledger", NULL);
  cli (&overdue, "ledger", "--overdue", NULL);
  cli (&major, "ledger", "--level", "major", "--sort", "facility", NULL);
  g_assert_cmpint (all.status, ==, 0);
  g_assert_true (g_str_has_prefix (all.out, "id\tfacility_name\t"));
  g_assert_cmpuint (lines (all.out), ==, hazards + 1);
  g_assert_cmpuint (lines (overdue.out), ==, late + 1);
  g_assert_cmpuint (lines (major.out), ==, majors + 1);
}

static void
test_cli_ledger_writes_excel_and_csv (void)
{
  g_autofree char *xlsx = test_scratch_path ("cli.xlsx");
  g_autofree char *csv = test_scratch_path ("cli.csv");
  g_auto(Run) a = { 0 };
  g_auto(Run) b = { 0 };
  g_autofree char *contents = NULL;
  gsize length;

  cli (&a, "ledger", "--format", "xlsx", "--out", xlsx, NULL);
  cli (&b, "ledger", "--out", csv, "--town", "青岚镇", NULL);
  g_assert_cmpint (a.status, ==, 0);
  g_assert_cmpint (b.status, ==, 0);
  g_assert_true (g_file_get_contents (xlsx, &contents, &length, NULL));
  g_assert_cmpmem (contents, 2, "PK", 2);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (csv, &contents, &length, NULL));
  g_assert_true (g_str_has_prefix (contents, "\xEF\xBB\xBF序号,机构名称,所属镇街,"));
  g_assert_nonnull (strstr (contents, "青岚镇"));
  g_assert_null (strstr (contents, "云枫街道"));
}

static void
test_cli_ledger_refuses_what_it_cannot_do (void)
{
  const char *const cases[][4] = {
    { "ledger", "--format", "pdf", NULL },
    { "ledger", "--format", "xlsx", NULL },
    { "ledger", "--level", "huge", NULL },
    { "ledger", "--sort", "colour", NULL },
    { "report", "daily", "--pdf", "x.pdf" },
    { "lookback", "now", NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = { 0 };

      cli (&run, cases[i][0], cases[i][1], cases[i][2], cases[i][3], NULL);
      g_assert_cmpint (run.status, !=, 0);
      g_assert_true (g_str_has_prefix (run.err, "fieldcheck-cli: "));
      g_assert_cmpuint (lines (run.err), ==, 1);
    }
}

static void
test_cli_report_writes_a_pdf (void)
{
  g_autofree char *pdf = test_scratch_path ("weekly.pdf");
  g_auto(Run) run = { 0 };
  g_autofree char *contents = NULL;
  gsize length;

  cli (&run, "report", "weekly", "--pdf", pdf, "--date", "2026-11-27", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_file_get_contents (pdf, &contents, &length, NULL));
  g_assert_cmpmem (contents, 5, "%PDF-", 5);
}

static void
test_cli_closed_loop_as_the_office_runs_it (void)
{
  g_auto(Run) schedule = { 0 };
  g_auto(Run) list = { 0 };
  g_auto(Run) record = { 0 };
  g_auto(Run) triage = { 0 };
  g_auto(Run) measures = { 0 };
  g_auto(Run) refused = { 0 };
  g_autofree char *facility = NULL;
  g_autofree char *hazard = NULL;
  g_autofree char *report = NULL;

  {
    g_autoptr(FcStore) store = fc_store_open (demo_db, NULL);

    facility = test_text (store, "SELECT id FROM facility ORDER BY name LIMIT 1");
  }
  sign_in ("staff1");
  cli (&schedule, "lookback", "schedule", "--share", "0.2", "--seed", "3", NULL);
  g_assert_cmpint (schedule.status, ==, 0);
  g_assert_true (g_str_has_prefix (schedule.out, "major\t"));
  cli (&list, "lookback", "list", "--pending", NULL);
  g_assert_cmpint (list.status, ==, 0);
  g_assert_cmpuint (lines (list.out), >, 1);

  cli (&record, "whistle", "record", "--channel", "phone", "--anonymous", "--facility", facility,
       "--description", "楼梯间有电动自行车充电", NULL);
  g_assert_cmpint (record.status, ==, 0);
  report = g_strstrip (g_strdup (record.out));
  cli (&triage, "whistle", "triage", report, "--category", "electrical", "--level", "general", NULL);
  g_assert_cmpint (triage.status, ==, 0);
  hazard = g_strstrip (g_strdup (triage.out));
  cli (&measures, "measures", hazard, "funds=3000", "measures=清出车辆，设集中充电点", NULL);
  g_assert_cmpint (measures.status, ==, 0);

  /* An inspector does not decide on reports; the sentence says who does. */
  sign_in ("inspector1");
  cli (&refused, "whistle", "dismiss", report, "--reason", "重复", NULL);
  g_assert_cmpint (refused.status, ==, 1);
  g_assert_nonnull (strstr (refused.err, "bureau"));
}

int
main (int    argc,
      char **argv)
{
  g_auto(Run) init = { 0 };

  g_test_init (&argc, &argv, NULL);
  demo_db = test_scratch_path ("cli-ledger.db");
  cli (&init, "init", "--demo", NULL);
  g_assert_cmpint (init.status, ==, 0);

  g_test_add_func ("/cli-ledger/filters-and-prints-tsv", test_cli_ledger_filters_and_prints_tsv);
  g_test_add_func ("/cli-ledger/writes-excel-and-csv", test_cli_ledger_writes_excel_and_csv);
  g_test_add_func ("/cli-ledger/refuses-what-it-cannot-do", test_cli_ledger_refuses_what_it_cannot_do);
  g_test_add_func ("/cli-ledger/report-writes-a-pdf", test_cli_report_writes_a_pdf);
  g_test_add_func ("/cli-ledger/closed-loop-as-the-office-runs-it",
                   test_cli_closed_loop_as_the_office_runs_it);
  return g_test_run ();
}
