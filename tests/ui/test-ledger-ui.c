/* test-ledger-ui.c: the ledger and the hazard page driven through the window on a
 * demo district — the overdue major hazards against fc_ledger, one institution's
 * ledger, a hazard opened from the list, a legal step and a refused one (its
 * sentence shown, the store unchanged), the CSV export, and a look-back round
 * whose rebound reopens the hazard just closed out, and whistle-blower reports
 * recorded, made a hazard, refused a dismissal without a reason, commended */

#include "config.h"

#include <string.h>

#include "fc-application.h"
#include "fc-demo.h"
#include "fc-hazard-measures.h"
#include "fc-hazard-page.h"
#include "fc-ledger-export.h"
#include "fc-ledger-item.h"
#include "fc-ledger-page.h"
#include "fc-ledger.h"
#include "fc-lookback-page.h"
#include "fc-whistle-page.h"
#include "../core/test-util.h"
#include "ui-targets.h"
#include "ui-util.h"

typedef struct
{
  GtkApplication *app;
  char           *db;
  char           *csv;
  char           *today;
  char           *accept_id;    /* awaiting acceptance: the leader accepts it */
  char           *reject_id;    /* awaiting acceptance: rejected without a reason */
  gboolean        done;
} LedgerUi;

static GtkWidget *
find_descendant (GtkWidget  *widget,
                 const char *css_class)
{
  if (gtk_widget_has_css_class (widget, css_class))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, css_class);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static FcStore *
open_store (LedgerUi *ui)
{
  g_autoptr(GError) error = NULL;
  FcStore *store = fc_store_open (ui->db, &error);

  g_assert_no_error (error);
  return store;
}

static gint64
count_in_store (LedgerUi   *ui,
                const char *facility_id,
                guint       levels,
                gboolean    overdue_only)
{
  g_autoptr(FcStore) store = open_store (ui);
  g_autoptr(GError) error = NULL;
  FcLedgerFilter filter = { 0 };
  gint64 count;

  filter.facility_id = facility_id;
  filter.levels = levels;
  filter.overdue_only = overdue_only;
  filter.today = ui->today;
  count = fc_ledger_count (store, &filter, &error);
  g_assert_no_error (error);
  return count;
}

static char *
status_in_store (LedgerUi   *ui,
                 const char *hazard_id,
                 gint64     *events)
{
  g_autoptr(FcStore) store = open_store (ui);
  g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM hazard_event WHERE hazard_id = '%s'",
                                          hazard_id);
  g_autoptr(sqlite3_stmt) stmt = fc_store_prepare (store, "SELECT status FROM hazard WHERE id = ?", NULL);

  *events = test_count (store, sql);
  g_assert_nonnull (stmt);
  sqlite3_bind_text (stmt, 1, hazard_id, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static void
apply_step (FcHazardPage *page,
            FcWindow     *window,
            const char   *step,
            const char   *note)
{
  GVariantBuilder fields;

  g_variant_builder_init (&fields, G_VARIANT_TYPE ("a{ss}"));
  if (note != NULL)
    g_variant_builder_add (&fields, "{ss}", "note", note);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "hazard.apply", "(sa{ss})", step, &fields));
  ui_settle (window);
}

static void
check_ledger (LedgerUi *ui,
              FcWindow *window)
{
  FcLedgerPage *ledger = FC_LEDGER_PAGE (fc_window_get_page_widget (window, "ledger"));
  GListModel *rows = fc_ledger_page_get_rows (ledger);
  gint64 expected = count_in_store (ui, NULL, 1u << FC_HAZARD_LEVEL_MAJOR, TRUE);
  gint64 district = count_in_store (ui, NULL, 0, FALSE);

  ui_activate (window, "win.ledger", NULL);
  g_assert_cmpstr (fc_window_get_page (window), ==, "ledger");
  g_assert_cmpint (fc_ledger_page_get_total (ledger), ==, district);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, MIN (district, 200));
  ui_assert_touch_targets (GTK_WIDGET (ledger), "the ledger");

  /* Overdue major hazards, as a person picks them in the filters. */
  fc_ledger_page_set_level (ledger, FC_HAZARD_LEVEL_MAJOR);
  ui_settle (window);
  fc_ledger_page_set_overdue_only (ledger, TRUE);
  ui_settle (window);
  g_assert_cmpint (expected, >, 0);
  g_assert_cmpint (fc_ledger_page_get_total (ledger), ==, expected);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, MIN (expected, 200));
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(FcLedgerItem) item = g_list_model_get_item (rows, i);

      g_assert_cmpint (fc_ledger_item_get_level (item), ==, FC_HAZARD_LEVEL_MAJOR);
      g_assert_true (fc_ledger_item_get_overdue (item));
      if (i > 0)
        {
          g_autoptr(FcLedgerItem) before = g_list_model_get_item (rows, i - 1);

          g_assert_cmpstr (fc_ledger_item_get_deadline (before), <=, fc_ledger_item_get_deadline (item));
        }
    }
}

static void
check_export (LedgerUi *ui,
              FcWindow *window)
{
  FcLedgerPage *ledger = FC_LEDGER_PAGE (fc_window_get_page_widget (window, "ledger"));
  g_autoptr(FcLedgerItem) first = g_list_model_get_item (fc_ledger_page_get_rows (ledger), 0);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  guint n_lines = 0;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ledger), "ledger.export-to", "(ss)", "csv", ui->csv));
  ui_settle (window);
  g_assert_true (g_file_get_contents (ui->csv, &text, NULL, &error));
  g_assert_no_error (error);
  /* Excel's byte order mark, the bureau's Chinese headers, the rows on screen. */
  g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBF"));
  g_assert_true (g_str_has_prefix (text + 3, fc_ledger_export_headers ()[0]));
  g_assert_nonnull (strstr (text, fc_ledger_export_headers ()[1]));
  g_assert_nonnull (strstr (text, fc_ledger_item_get_description (first)));
  lines = g_strsplit (text, "\r\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0')
      n_lines++;
  /* A header and one line a hazard (descriptions have no line breaks in the demo). */
  g_assert_cmpuint (n_lines, ==, fc_ledger_page_get_total (ledger) + 1);
}

static void
check_hazard_steps (LedgerUi *ui,
                    FcWindow *window)
{
  FcLedgerPage *ledger = FC_LEDGER_PAGE (fc_window_get_page_widget (window, "ledger"));
  FcHazardPage *page = FC_HAZARD_PAGE (fc_window_get_page_widget (window, "hazard"));
  g_autoptr(FcLedgerItem) first = g_list_model_get_item (fc_ledger_page_get_rows (ledger), 0);
  GtkWidget *list = find_descendant (GTK_WIDGET (ledger), "ledger-list");
  AdwMessageDialog *dialog;
  g_autofree char *status = NULL;
  g_autofree char *status_after = NULL;
  gint64 events, events_after;
  guint shown_events;

  /* Opened from the ledger's list. */
  g_assert_true (GTK_IS_LIST_VIEW (list));
  g_signal_emit_by_name (list, "activate", 0);
  ui_settle (window);
  g_assert_cmpstr (fc_window_get_page (window), ==, "hazard");
  g_assert_cmpstr (fc_hazard_page_get_id (page), ==, fc_ledger_item_get_id (first));
  status = status_in_store (ui, fc_ledger_item_get_id (first), &events);
  g_assert_cmpuint (fc_hazard_page_get_n_events (page), ==, events);

  /* A legal step: the leader accepts a rectification someone else made. */
  ui_activate (window, "win.open-hazard", g_variant_new_string (ui->accept_id));
  g_assert_cmpint (fc_hazard_page_get_status (page), ==, FC_HAZARD_AWAITING_ACCEPTANCE);
  g_assert_true (fc_hazard_page_offers (page, "accept"));
  g_assert_true (fc_hazard_page_offers (page, "reject"));
  g_assert_false (fc_hazard_page_offers (page, "start_rectification"));
  shown_events = fc_hazard_page_get_n_events (page);
  apply_step (page, window, "accept", "现场核查整改到位");
  g_assert_null (fc_hazard_page_get_refusal (page));
  g_assert_cmpint (fc_hazard_page_get_status (page), ==, FC_HAZARD_CLOSED);
  g_assert_cmpuint (fc_hazard_page_get_n_events (page), ==, shown_events + 1);
  g_clear_pointer (&status, g_free);
  status = status_in_store (ui, ui->accept_id, &events);
  g_assert_cmpstr (status, ==, "closed");
  g_assert_cmpint (events, ==, shown_events + 1);

  /* A refused step: a rejection without a reason. */
  ui_activate (window, "win.open-hazard", g_variant_new_string (ui->reject_id));
  g_clear_pointer (&status, g_free);
  status = status_in_store (ui, ui->reject_id, &events);
  apply_step (page, window, "reject", NULL);
  g_assert_cmpstr (fc_hazard_page_get_refusal (page), ==, "Say why the rectification is not accepted");
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==, "Say why the rectification is not accepted");
  gtk_window_destroy (GTK_WINDOW (dialog));
  status_after = status_in_store (ui, ui->reject_id, &events_after);
  g_assert_cmpstr (status_after, ==, status);
  g_assert_cmpint (events_after, ==, events);
  g_assert_cmpint (fc_hazard_page_get_status (page), ==, FC_HAZARD_AWAITING_ACCEPTANCE);

  ui_activate (window, "win.hazard-back", NULL);
  g_assert_cmpstr (fc_window_get_page (window), ==, "ledger");
}

static void
check_facility_ledger (LedgerUi *ui,
                       FcWindow *window)
{
  FcLedgerPage *ledger = FC_LEDGER_PAGE (fc_window_get_page_widget (window, "ledger"));
  g_autoptr(FcStore) store = open_store (ui);
  g_autoptr(sqlite3_stmt) stmt = fc_store_prepare (store, "SELECT facility_id FROM hazard WHERE id = ?", NULL);
  g_autofree char *facility_id = NULL;

  sqlite3_bind_text (stmt, 1, ui->reject_id, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  facility_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));

  g_signal_emit_by_name (fc_window_get_page_widget (window, "list"), "activated", facility_id);
  ui_settle (window);
  g_assert_cmpstr (fc_window_get_page (window), ==, "facility");
  ui_activate (window, "win.facility-ledger", NULL);
  g_assert_cmpstr (fc_window_get_page (window), ==, "ledger");
  g_assert_cmpstr (fc_ledger_page_get_facility_id (ledger), ==, facility_id);
  /* The filters stay as they were: overdue major hazards of this institution. */
  g_assert_cmpint (fc_ledger_page_get_total (ledger), ==,
                   count_in_store (ui, facility_id, 1u << FC_HAZARD_LEVEL_MAJOR, TRUE));
  fc_ledger_page_set_level (ledger, -1);
  fc_ledger_page_set_overdue_only (ledger, FALSE);
  ui_settle (window);
  g_assert_cmpint (fc_ledger_page_get_total (ledger), ==, count_in_store (ui, facility_id, 0, FALSE));

  /* From the facility's open hazards to the hazard and back. */
  ui_activate (window, "win.open-hazard", g_variant_new_string (ui->reject_id));
  g_assert_cmpstr (fc_window_get_page (window), ==, "hazard");
}

static gint64
count_sql (LedgerUi   *ui,
           const char *sql)
{
  g_autoptr(FcStore) store = open_store (ui);

  return test_count (store, sql);
}

static char *
lookback_of (LedgerUi   *ui,
             const char *hazard_id)
{
  g_autoptr(FcStore) store = open_store (ui);
  g_autoptr(sqlite3_stmt) stmt = fc_store_prepare (store, "SELECT id FROM lookback WHERE hazard_id = ?", NULL);

  sqlite3_bind_text (stmt, 1, hazard_id, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static void
check_lookback (LedgerUi *ui,
                FcWindow *window)
{
  FcLookbackPage *page = FC_LOOKBACK_PAGE (fc_window_get_page_widget (window, "lookback"));
  AdwMessageDialog *dialog;
  g_autofree char *lookback_id = NULL;
  g_autofree char *status = NULL;
  g_autofree char *sql = NULL;
  gint64 events, events_after;

  ui_activate (window, "win.lookback", NULL);
  g_assert_cmpstr (fc_window_get_page (window), ==, "lookback");
  g_assert_cmpuint (fc_lookback_page_get_n_shown (page), ==, 0);

  /* Every closed-out hazard, the one accepted above among them. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "lookback.schedule-share", "d", 1.0));
  ui_settle (window);
  g_assert_cmpint (fc_lookback_page_get_n_shown (page), >, 0);
  g_assert_cmpint (fc_lookback_page_get_n_shown (page), ==,
                   count_sql (ui, "SELECT count (*) FROM lookback WHERE outcome = 'pending'"));
  lookback_id = lookback_of (ui, ui->accept_id);

  /* A rebound without what was found is refused; the hazard stays closed. */
  status = status_in_store (ui, ui->accept_id, &events);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "lookback.record", "(sbs)",
                                             lookback_id, TRUE, ""));
  ui_settle (window);
  g_assert_cmpstr (fc_lookback_page_get_refusal (page), ==, "Say what the look-back found");
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_clear_pointer (&status, g_free);
  status = status_in_store (ui, ui->accept_id, &events_after);
  g_assert_cmpstr (status, ==, "closed");
  g_assert_cmpint (events_after, ==, events);

  /* With it, the hazard is reopened and the rebound counted. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "lookback.record", "(sbs)",
                                             lookback_id, TRUE, "排水口再次堵塞"));
  ui_settle (window);
  g_assert_null (fc_lookback_page_get_refusal (page));
  g_clear_pointer (&status, g_free);
  status = status_in_store (ui, ui->accept_id, &events_after);
  g_assert_cmpstr (status, ==, "reopened");
  g_assert_cmpint (events_after, ==, events + 1);
  sql = g_strdup_printf ("SELECT count (*) FROM hazard h JOIN lookback l ON l.hazard_id = h.id"
                         " WHERE h.id = '%s' AND h.reopen_count = 1 AND l.outcome = 'rebound'", ui->accept_id);
  g_assert_cmpint (count_sql (ui, sql), ==, 1);
  g_assert_cmpint (fc_lookback_page_get_n_shown (page), ==,
                   count_sql (ui, "SELECT count (*) FROM lookback WHERE outcome = 'pending'"));
}

static void
apply_report_step (FcWhistlePage *page,
                   FcWindow      *window,
                   const char    *step,
                   const char    *const *fields)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  for (guint i = 0; fields[i] != NULL; i += 2)
    g_variant_builder_add (&builder, "{ss}", fields[i], fields[i + 1]);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "whistle.apply", "(sa{ss})", step, &builder));
  ui_settle (window);
}

static void
check_whistle (LedgerUi *ui,
               FcWindow *window)
{
  FcWhistlePage *page = FC_WHISTLE_PAGE (fc_window_get_page_widget (window, "whistle"));
  g_autoptr(FcStore) store = open_store (ui);
  g_autoptr(sqlite3_stmt) stmt = fc_store_prepare (store, "SELECT facility_id FROM hazard WHERE id = ?", NULL);
  g_autofree char *facility_id = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  AdwMessageDialog *dialog;
  gint64 hazards = count_sql (ui, "SELECT count (*) FROM hazard");

  sqlite3_bind_text (stmt, 1, ui->reject_id, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  facility_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  /* Ends the read, so the next ones see what the window writes. */
  sqlite3_reset (stmt);

  ui_activate (window, "win.whistle", NULL);
  g_assert_cmpstr (fc_window_get_page (window), ==, "whistle");
  g_assert_cmpuint (fc_whistle_page_get_n_shown (page), ==, 0);

  {
    const char *anonymous[] = { "channel", "phone", "anonymous", "1", "facility_id", facility_id,
                                "description", "夜间安全出口被锁闭", "location", "一楼东侧", NULL };
    const char *named[] = { "channel", "in_person", "anonymous", "0", "reporter_name", "王建国",
                            "facility_id", facility_id, "description", "厨房燃气软管老化", NULL };

    apply_report_step (page, window, "record", anonymous);
    apply_report_step (page, window, "record", named);
  }
  g_assert_null (fc_whistle_page_get_refusal (page));
  g_assert_cmpuint (fc_whistle_page_get_n_shown (page), ==, 2);
  g_assert_cmpint (count_sql (ui, "SELECT count (*) FROM whistle_report WHERE anonymous = 1"
                               " AND reporter_name IS NULL AND channel = 'phone'"), ==, 1);
  {
    g_autoptr(sqlite3_stmt) ids = fc_store_prepare (store, "SELECT id FROM whistle_report ORDER BY"
                                                           " anonymous DESC", NULL);

    g_assert_cmpint (sqlite3_step (ids), ==, SQLITE_ROW);
    first = g_strdup ((const char *) sqlite3_column_text (ids, 0));
    g_assert_cmpint (sqlite3_step (ids), ==, SQLITE_ROW);
    second = g_strdup ((const char *) sqlite3_column_text (ids, 0));
  }

  /* The named report becomes a major hazard in the ledger. */
  {
    const char *triage[] = { "id", second, "category", "gas", "level", "major",
                             "description", "厨房燃气软管老化开裂", "deadline", "", NULL };

    apply_report_step (page, window, "triage", triage);
  }
  g_assert_null (fc_whistle_page_get_refusal (page));
  g_assert_cmpint (count_sql (ui, "SELECT count (*) FROM hazard"), ==, hazards + 1);
  g_assert_cmpint (count_sql (ui, "SELECT count (*) FROM hazard WHERE source = 'whistleblower'"
                               " AND level = 'major' AND category = 'gas'"), ==, 1);

  /* A dismissal needs its reason; the report stays undecided. The named reporter is commended. */
  {
    const char *dismiss[] = { "id", first, "reason", "", NULL };
    const char *commend[] = { "id", second, "reason", "及时报告重大隐患", NULL };

    apply_report_step (page, window, "dismiss", dismiss);
    g_assert_cmpstr (fc_whistle_page_get_refusal (page), ==, "Say why the report is dismissed");
    dialog = find_message_dialog ();
    g_assert_nonnull (dialog);
    gtk_window_destroy (GTK_WINDOW (dialog));
    g_assert_cmpint (count_sql (ui, "SELECT count (*) FROM whistle_action WHERE action = 'dismiss'"), ==, 0);

    apply_report_step (page, window, "commend", commend);
    g_assert_null (fc_whistle_page_get_refusal (page));
    g_assert_cmpint (count_sql (ui, "SELECT count (*) FROM whistle_action WHERE action = 'commend'"), ==, 1);
  }
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   gint64        *painted_at)
{
  *painted_at = g_get_monotonic_time ();
}

/* Once the pages have loaded and their transitions and toasts ended, nothing
 * on screen moves, so the window stops painting: a loading spinner left
 * spinning on a page its stack no longer shows kept it painting at 60 Hz, and
 * every move then waited for the next frame of that clock. */
static void
check_frame_clock_rests (FcWindow *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  gint64 start = g_get_monotonic_time ();
  gint64 painted_at = start;
  gulong handler;

  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), &painted_at);
  while (g_get_monotonic_time () - painted_at < 400 * 1000 &&
         g_get_monotonic_time () - start < 10 * G_USEC_PER_SEC)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_signal_handler_disconnect (clock, handler);
  g_assert_cmpint (g_get_monotonic_time () - painted_at, >=, 400 * 1000);
}

static gboolean
drive (gpointer user_data)
{
  LedgerUi *ui = user_data;
  FcWindow *window = FC_WINDOW (gtk_application_get_active_window (ui->app));

  if (window == NULL)
    return G_SOURCE_CONTINUE;
  g_assert_true (ui_wait_until (ui_facilities_listed, window, 60));
  ui_settle (window);

  check_ledger (ui, window);
  check_export (ui, window);
  check_hazard_steps (ui, window);
  check_lookback (ui, window);
  check_whistle (ui, window);
  check_facility_ledger (ui, window);
  check_frame_clock_rests (window);

  ui->done = TRUE;
  gtk_window_destroy (GTK_WINDOW (window));
  g_application_quit (G_APPLICATION (ui->app));
  return G_SOURCE_REMOVE;
}

/* The demo district, signed in as a bureau leader. */
static void
make_district (LedgerUi *ui)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = NULL;
  g_autoptr(sqlite3_stmt) leader = NULL;
  g_autoptr(sqlite3_stmt) awaiting = NULL;
  g_autoptr(sqlite3_stmt) majors = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, -30);
  g_autofree char *past = g_date_time_format (then, "%Y-%m-%d");

  ui->db = test_scratch_path ("ledger-ui/district.db");
  {
    g_autofree char *dir = g_path_get_dirname (ui->db);

    g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  }
  store = fc_store_open (ui->db, &error);
  g_assert_no_error (error);
  g_assert_true (fc_demo_generate (store, ui->today, 2026, NULL, &error));
  g_assert_no_error (error);

  leader = fc_store_prepare (store, "SELECT id FROM person WHERE login = 'leader1'", NULL);
  g_assert_cmpint (sqlite3_step (leader), ==, SQLITE_ROW);
  fc_store_set_user (store, (const char *) sqlite3_column_text (leader, 0));

  /* The demo's major hazards are all within their deadlines: two slip past theirs. */
  majors = fc_store_prepare (store, "SELECT id FROM hazard WHERE level = 'major'"
                                    " AND status IN ('open', 'rectifying') ORDER BY id LIMIT 2", NULL);
  while (sqlite3_step (majors) == SQLITE_ROW)
    {
      FcHazardMeasures late = { 0 };

      late.deadline = past;
      g_assert_true (fc_hazards_record_measures (store, (const char *) sqlite3_column_text (majors, 0),
                                                 &late, &error));
      g_assert_no_error (error);
    }

  awaiting = fc_store_prepare (store, "SELECT id FROM hazard WHERE status = 'awaiting_acceptance'"
                                      " ORDER BY id LIMIT 2", NULL);
  g_assert_cmpint (sqlite3_step (awaiting), ==, SQLITE_ROW);
  ui->accept_id = g_strdup ((const char *) sqlite3_column_text (awaiting, 0));
  g_assert_cmpint (sqlite3_step (awaiting), ==, SQLITE_ROW);
  ui->reject_id = g_strdup ((const char *) sqlite3_column_text (awaiting, 0));
}

static void
test_ledger_filters_steps_and_export_through_the_window (void)
{
  g_autoptr(FcApplication) app = fc_application_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  LedgerUi ui = { 0 };
  char *argv[4] = { (char *) "fieldcheck", (char *) "--db", NULL, NULL };

  ui.today = g_date_time_format (now, "%Y-%m-%d");
  make_district (&ui);
  ui.csv = test_scratch_path ("ledger-ui/ledger.csv");
  ui.app = GTK_APPLICATION (app);
  argv[2] = ui.db;
  g_timeout_add (50, drive, &ui);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 3, argv), ==, 0);
  g_assert_true (ui.done);

  g_free (ui.db);
  g_free (ui.csv);
  g_free (ui.today);
  g_free (ui.accept_id);
  g_free (ui.reject_id);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ledger-ui/filters-steps-and-export-through-the-window",
                   test_ledger_filters_steps_and_export_through_the_window);
  return g_test_run ();
}
