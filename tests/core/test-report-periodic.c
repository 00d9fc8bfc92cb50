/* test-report-periodic.c: the weekly dispatch and monthly bulletin say what the store holds
 *
 * The figures are checked against SQL counts of their own; the PDF is read
 * back with pdftotext (poppler-utils) and must carry them, every major hazard
 * still open, every overdue institution, every town and every area leader.
 */

#include "config.h"

#include <cairo.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "fc-error.h"
#include "fc-report-periodic.h"
#include "test-district.h"

static District district;

static guint
count (const char *sql)
{
  return (guint) test_count (district.store, sql);
}

static char *
squeeze (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

static char *
pdf_text (const char *pdf)
{
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  const char *argv[] = { pdftotext, "-enc", "UTF-8", pdf, "-", NULL };
  g_autofree char *out = NULL;
  int status = 0;

  if (pdftotext == NULL)
    return NULL;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                               &out, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return squeeze (out);
}

#define assert_in_pdf(text, needle)                                    \
  G_STMT_START {                                                       \
    g_autofree char *_n = squeeze (needle);                            \
    if (strstr (text, _n) == NULL)                                     \
      g_test_message ("missing from the PDF: %s", needle);             \
    g_assert_nonnull (strstr (text, _n));                              \
  } G_STMT_END

static void
test_report_weekly_figures_match_the_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcPeriodicFigures) f = fc_report_periodic_figures (district.store, FC_REPORT_WEEKLY,
                                                                 DISTRICT_TODAY, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (f->start, ==, "2026-11-23");   /* the Monday */
  g_assert_cmpstr (f->end, ==, DISTRICT_TODAY);
  g_assert_cmpuint (f->found, ==, count ("SELECT count (*) FROM hazard"));
  g_assert_cmpuint (f->rectified, ==, count ("SELECT count (*) FROM hazard WHERE status = 'closed'"));
  g_assert_cmpuint (f->open, ==, count ("SELECT count (*) FROM hazard WHERE status <> 'closed'"));
  g_assert_cmpuint (f->overdue, ==, 2);
  g_assert_cmpuint (f->found_in_period, ==, count ("SELECT count (*) FROM hazard "
                                                   "WHERE found_at >= '2026-11-23'"));
  g_assert_cmpuint (f->major_found, ==, 3);
  g_assert_cmpuint (f->major_rectified, ==, 1);
  g_assert_cmpuint (f->whistle_received, ==, 1);
  g_assert_cmpuint (f->whistle_triaged, ==, 1);
  /* Majors still open, or closed out in the period: not h_major_closed (09-01). */
  g_assert_cmpuint (f->majors->len, ==, 2);
  g_assert_cmpuint (f->overdue_list->len, ==, 2);
  g_assert_cmpstr (f->overdue_list->rows[0].id, ==, district.h_reopened);
  g_assert_cmpuint (json_array_get_length (f->by_town), ==, 2);
  g_assert_cmpuint (json_array_get_length (f->by_area_leader), ==, 2);
}

static void
test_report_monthly_period_starts_on_the_first (void)
{
  g_autoptr(FcPeriodicFigures) f = fc_report_periodic_figures (district.store, FC_REPORT_MONTHLY,
                                                                 "2026-09-15", NULL);

  g_assert_cmpstr (f->start, ==, "2026-09-01");
  g_assert_cmpstr (f->end, ==, "2026-09-15");
  /* Found by then: everything but what was found after 09-15. */
  g_assert_cmpuint (f->found, ==, count ("SELECT count (*) FROM hazard "
                                         "WHERE substr (found_at, 1, 10) <= '2026-09-15'"));
  g_assert_cmpuint (f->rectified_in_period, ==, 1);   /* h_major_closed on 09-01 */
  g_assert_cmpuint (f->majors->len, >=, 1);
}

static void
test_report_bad_day_is_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = test_scratch_path ("never.pdf");

  g_assert_false (fc_report_periodic_write (district.store, FC_REPORT_WEEKLY, "29/11/2026", path,
                                            &error));
  g_assert_error (error, FC_ERROR, FC_ERROR_INVALID);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_report_pdf_carries_the_figures (gconstpointer data)
{
  FcReportPeriod period = GPOINTER_TO_INT (data);
  g_autofree char *path = test_scratch_path (period == FC_REPORT_WEEKLY ? "weekly.pdf" : "monthly.pdf");
  g_autoptr(GError) error = NULL;
  g_autoptr(FcPeriodicFigures) f = NULL;
  g_autofree char *text = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *rate = NULL;
  guint found = count ("SELECT count (*) FROM hazard");
  guint closed = count ("SELECT count (*) FROM hazard WHERE status = 'closed'");

  g_assert_true (fc_report_periodic_write (district.store, period, DISTRICT_TODAY, path, &error));
  g_assert_no_error (error);
  text = pdf_text (path);
  if (text == NULL)
    {
      g_test_skip ("pdftotext (poppler-utils) is not installed");
      return;
    }
  f = fc_report_periodic_figures (district.store, period, DISTRICT_TODAY, NULL);

  rate = g_strdup_printf ("%.1f%%", 100.0 * closed / found);
  summary = g_strdup_printf ("Hazards found: %u; rectified and closed out: %u; rectification rate %s.",
                             found, closed, rate);
  assert_in_pdf (text, summary);
  assert_in_pdf (text, period == FC_REPORT_WEEKLY ? "Period: 2026-11-23 to 2026-11-29"
                                                  : "Period: 2026-11-01 to 2026-11-29");
  for (guint i = 0; i < f->majors->len; i++)
    assert_in_pdf (text, f->majors->rows[i].description);
  assert_in_pdf (text, "火灾自动报警系统停用");
  assert_in_pdf (text, "青岚福寿敬老院");   /* overdue: h_overdue */
  assert_in_pdf (text, "云枫儿童福利院");   /* overdue: h_reopened */
  assert_in_pdf (text, "青岚镇");
  assert_in_pdf (text, "云枫街道");
  assert_in_pdf (text, "陈建华");
  assert_in_pdf (text, "李晓燕");
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  district_setup (&district, "periodic.db");
  {
    FcHazardRecord record = {
      .facility_id = district.f1, .source = "whistleblower", .category = FC_CATEGORY_ELECTRICAL,
      .level = FC_HAZARD_LEVEL_GENERAL, .description = "楼梯间电动自行车充电",
      .found_at = "2026-11-25T20:00:00+08:00",
    };
    g_autoptr(FcOp) report = fc_op_new_insert ("whistle_report", NULL);
    g_autoptr(FcOp) action = fc_op_new_insert ("whistle_action", NULL);
    g_autofree char *hazard = NULL;

    fc_store_set_user (district.store, district.staff);
    fc_op_set_string (report, "received_at", "2026-11-25T20:00:00+08:00");
    fc_op_set_string (report, "channel", "phone");
    fc_op_set_int (report, "anonymous", 1);
    fc_op_set_string (report, "facility_id", district.f1);
    fc_op_set_string (report, "description", "楼梯间电动自行车充电");
    g_assert_true (fc_store_write (district.store, report, NULL));
    hazard = fc_hazards_record (district.store, &record, NULL);
    g_assert_nonnull (hazard);
    fc_op_set_string (action, "report_id", report->row_id);
    fc_op_set_string (action, "action", "triage");
    fc_op_set_string (action, "hazard_id", hazard);
    fc_op_set_string (action, "actor_id", district.staff);
    fc_op_set_string (action, "actor_role", "staff");
    fc_op_set_string (action, "at", "2026-11-26T09:00:00+08:00");
    g_assert_true (fc_store_write (district.store, action, NULL));
  }

  g_test_add_func ("/report/weekly-figures-match-the-store", test_report_weekly_figures_match_the_store);
  g_test_add_func ("/report/monthly-period-starts-on-the-first",
                   test_report_monthly_period_starts_on_the_first);
  g_test_add_func ("/report/bad-day-is-refused", test_report_bad_day_is_refused);
  g_test_add_data_func ("/report/weekly-pdf-carries-the-figures",
                        GINT_TO_POINTER (FC_REPORT_WEEKLY), test_report_pdf_carries_the_figures);
  g_test_add_data_func ("/report/monthly-pdf-carries-the-figures",
                        GINT_TO_POINTER (FC_REPORT_MONTHLY), test_report_pdf_carries_the_figures);
  status = g_test_run ();
  district_teardown (&district);

  /* Hand back the font caches, so that the leak checker sees only our own memory. */
  pango_cairo_font_map_set_default (NULL);
  cairo_debug_reset_static_data ();
  return status;
}
