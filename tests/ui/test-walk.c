/* test-walk.c: a whole inspection driven through the window's actions on a real
 * store file — start with a team, answer a category, fail an item, record a
 * hazard, finish, sign, export the PDF — then what the store holds; and every
 * item visited forth and back, its page's controls big enough for a finger */

#include "config.h"

#include <math.h>
#include <string.h>

#include "fc-application.h"
#include "fc-facilities-page.h"
#include "fc-finish-page.h"
#include "fc-hazard-dialog.h"
#include "fc-item-page.h"
#include "fc-start-page.h"
#include "../core/test-inspection-util.h"
#include "ui-targets.h"
#include "ui-util.h"

typedef struct
{
  GtkApplication *app;
  char           *db;
  char           *pdf;
  gboolean        done;
  guint           answered;
  char           *failed_item;
} Walk;

static gboolean
dialog_open (gpointer data)
{
  return fc_window_get_hazard_dialog (data) != NULL;
}

static gboolean
has_action (GtkWidget  *widget,
            const char *action,
            const char *target)
{
  GVariant *value;

  if (widget == NULL || !GTK_IS_ACTIONABLE (widget) ||
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) != 0)
    return FALSE;
  value = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (widget));
  return target == NULL || (value != NULL && g_strcmp0 (g_variant_get_string (value, NULL), target) == 0);
}

static GtkWidget *
find_actionable (GtkWidget  *root,
                 const char *action,
                 const char *target)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (gtk_widget_get_mapped (child) && has_action (child, action, target))
        return child;
      if ((found = find_actionable (child, action, target)) != NULL)
        return found;
    }
  return NULL;
}

static const FcWalkItem *
current_item (FcWindow *window)
{
  return fc_walk_get_item (fc_window_get_walk (window), (guint) fc_window_get_current (window));
}

static void
answer_current (FcWindow *window,
                Walk     *walk,
                gboolean  fail)
{
  FcItemPage *page = FC_ITEM_PAGE (fc_window_get_page_widget (window, "item"));
  const FcWalkItem *item = current_item (window);
  int before = fc_window_get_current (window);

  switch (item->answer_type)
    {
    case FC_ANSWER_NUMBER:
      fc_item_page_set_number_text (page, !isnan (item->min) ? "99" : "1");
      ui_activate (window, "win.answer-number", NULL);
      break;
    case FC_ANSWER_CHOICE:
      ui_activate (window, "win.answer", g_variant_new_string (item->choice_codes[0]));
      break;
    case FC_ANSWER_TEXT:
      ui_activate (window, "win.answer", g_variant_new_string ("na"));
      break;
    case FC_ANSWER_PASS_FAIL_NA:
    default:
      if (fail)
        {
          fc_item_page_set_note (page, "配电箱门缺失，线头裸露");
          walk->failed_item = g_strdup (item->item_id);
        }
      ui_activate (window, "win.answer", g_variant_new_string (fail ? "fail" : "pass"));
      if (fail)
        {
          /* The answer given is said to a screen reader, not only shown in colour. */
          gtk_test_accessible_assert_state (find_actionable (GTK_WIDGET (page), "win.answer", "fail"),
                                            GTK_ACCESSIBLE_STATE_PRESSED, GTK_ACCESSIBLE_TRISTATE_TRUE);
          gtk_test_accessible_assert_state (find_actionable (GTK_WIDGET (page), "win.answer", "pass"),
                                            GTK_ACCESSIBLE_STATE_PRESSED, GTK_ACCESSIBLE_TRISTATE_FALSE);
        }
    }
  walk->answered++;
  g_assert_nonnull (fc_walk_get_item (fc_window_get_walk (window), (guint) before)->result_id);
}

static gboolean
drive (gpointer user_data)
{
  Walk *walk = user_data;
  FcWindow *window = FC_WINDOW (gtk_application_get_active_window (walk->app));
  FcStartPage *start;
  FcFinishPage *finish;
  GtkWindow *dialog;
  FcWalkProgress progress;
  int first;
  static const double stroke[] = { 20, 100, 60, 40, 120, 120, 200, 50, 260, 110 };

  if (window == NULL)
    return G_SOURCE_CONTINUE;
  g_assert_true (ui_wait_until (ui_facilities_listed, window, 30));

  /* The facility, then a new inspection with a team of three. */
  g_signal_emit_by_name (fc_window_get_page_widget (window, "list"), "activated", TEST_FACILITY);
  ui_settle (window);
  g_assert_cmpstr (fc_window_get_page (window), ==, "facility");
  ui_activate (window, "win.new-inspection", NULL);
  g_assert_cmpstr (fc_window_get_page (window), ==, "start");
  start = FC_START_PAGE (fc_window_get_page_widget (window, "start"));
  fc_start_page_select_member (start, TEST_FIRE, TRUE);
  fc_start_page_select_member (start, TEST_STAFF, TRUE);
  ui_activate (window, "win.start-inspection", NULL);
  g_assert_cmpstr (fc_window_get_page (window), ==, "item");
  g_assert_nonnull (fc_window_get_walk (window));

  /* Every item of the electrical category; the first one fails. */
  ui_activate (window, "win.show-category", g_variant_new_uint32 (FC_CATEGORY_ELECTRICAL));
  first = fc_window_get_current (window);
  g_assert_cmpint (current_item (window)->category, ==, FC_CATEGORY_ELECTRICAL);
  while (fc_window_get_current (window) >= 0 && current_item (window)->category == FC_CATEGORY_ELECTRICAL)
    {
      int before = fc_window_get_current (window);
      gboolean fail = before == first;

      answer_current (window, walk, fail);
      if (fail)
        {
          ui_activate (window, "win.record-hazard", NULL);
          g_assert_true (ui_wait_until (dialog_open, window, 5));
          dialog = fc_window_get_hazard_dialog (window);
          fc_hazard_dialog_set_description (FC_HAZARD_DIALOG (dialog), "一楼配电箱无箱门，线头裸露");
          g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "hazard.record", NULL));
          ui_settle (window);
          g_assert_null (fc_window_get_hazard_dialog (window));
          g_assert_nonnull (current_item (window)->hazard_id);
        }
      /* A pass moves on by itself; anything else stays for a note. */
      if (fc_window_get_current (window) == before)
        {
          if ((guint) before + 1 >= fc_walk_get_n_items (fc_window_get_walk (window)))
            break;
          ui_activate (window, "win.next", NULL);
        }
    }
  progress = fc_walk_get_progress (fc_window_get_walk (window), FC_CATEGORY_ELECTRICAL);
  g_assert_cmpuint (progress.answered, ==, progress.total);
  g_assert_cmpuint (progress.failures, ==, 1);
  g_assert_cmpuint (walk->answered, ==, progress.total);

  /* Finish, two signatures, the report. */
  ui_activate (window, "win.show-finish", NULL);
  g_assert_cmpstr (fc_window_get_page (window), ==, "finish");
  ui_activate (window, "win.finish", NULL);
  g_assert_true (fc_walk_is_finished (fc_window_get_walk (window)));
  finish = FC_FINISH_PAGE (fc_window_get_page_widget (window, "finish"));
  fc_finish_page_select_signer (finish, 1);
  fc_signature_pad_add_stroke (fc_finish_page_get_pad (finish), stroke, G_N_ELEMENTS (stroke) / 2);
  ui_activate (window, "win.sign", NULL);
  fc_finish_page_select_signer (finish, 3);
  fc_finish_page_set_representative (finish, "刘海燕");
  fc_signature_pad_add_stroke (fc_finish_page_get_pad (finish), stroke, G_N_ELEMENTS (stroke) / 2);
  ui_activate (window, "win.sign", NULL);
  ui_activate (window, "win.export-report-to", g_variant_new_string (walk->pdf));

  walk->done = TRUE;
  gtk_window_destroy (GTK_WINDOW (window));
  g_application_quit (G_APPLICATION (walk->app));
  return G_SOURCE_REMOVE;
}

static void
test_walk_a_whole_inspection_through_the_window (void)
{
  g_autoptr(FcApplication) app = fc_application_new ();
  Walk walk = { 0 };
  g_autoptr(FcStore) store = NULL;
  g_autofree char *pdf_text = NULL;
  g_autofree char *sql = NULL;
  char *argv[4] = { (char *) "fieldcheck", (char *) "--db", NULL, NULL };

  {
    g_autoptr(TestDistrict) district = test_district_new ("walk.db");

    walk.db = g_strdup (fc_store_get_path (district->store));
  }
  walk.pdf = test_scratch_path ("walk-report.pdf");
  walk.app = GTK_APPLICATION (app);
  argv[2] = walk.db;
  g_timeout_add (50, drive, &walk);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 3, argv), ==, 0);
  g_assert_true (walk.done);

  store = fc_store_open (walk.db, NULL);
  g_assert_nonnull (store);
  g_assert_cmpint (test_count (store, "SELECT count (*) FROM inspection WHERE finished_at IS NOT NULL"
                               " AND kind = 'joint_diagnosis'"), ==, 1);
  g_assert_cmpint (test_count (store, "SELECT count (*) FROM inspection_member"), ==, 3);
  g_assert_cmpint (test_count (store, "SELECT count (*) FROM section_owner WHERE category = 'electrical'"
                               " AND person_id = '" TEST_FIRE "'"), ==, 1);
  g_assert_cmpint (test_count (store, "SELECT count (DISTINCT r.item_id) FROM result r"
                               " JOIN checklist_item c ON c.id = r.item_id WHERE c.category = 'electrical'"),
                   ==, walk.answered);
  g_assert_cmpint (test_count (store, "SELECT count (*) FROM result WHERE answer = 'fail'"), ==, 1);
  sql = g_strdup_printf ("SELECT count (*) FROM hazard h JOIN result r ON r.id = h.result_id"
                         " WHERE r.item_id = '%s' AND r.answer = 'fail' AND r.note IS NOT NULL"
                         " AND h.description = '一楼配电箱无箱门，线头裸露' AND h.status = 'open'",
                         walk.failed_item);
  g_assert_cmpint (test_count (store, sql), ==, 1);
  g_assert_cmpint (test_count (store, "SELECT count (*) FROM signoff WHERE signer_role = 'team_member'"
                               " AND person_id IS NOT NULL"), ==, 1);
  g_assert_cmpint (test_count (store, "SELECT count (*) FROM signoff WHERE"
                               " signer_role = 'facility_representative' AND signer_name = '刘海燕'"), ==, 1);
  g_assert_cmpint (test_count (store, "SELECT count (*) FROM photo WHERE purpose = 'signature'"), ==, 2);
  /* Signatures live in the photo store, each file whole. The two pads draw
   * the same strokes, but their size follows the page's layout at the time,
   * so they are one file or two. */
  test_assert_photos_verify_clean (walk.db, (guint) test_count (store, "SELECT count (DISTINCT sha256) "
                                                                "FROM photo WHERE purpose = 'signature'"));
  g_assert_cmpint (test_count (store, "SELECT count (*) FROM op_log WHERE tbl = 'result'"), ==, walk.answered);

  g_assert_true (g_file_test (walk.pdf, G_FILE_TEST_IS_REGULAR));
  {
    const char *pdftotext[] = { "pdftotext", "-enc", "UTF-8", walk.pdf, "-", NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) pdftotext, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 &pdf_text, NULL, NULL, NULL));
  }
  g_assert_nonnull (strstr (pdf_text, "临江福寿敬老院"));
  g_assert_nonnull (strstr (pdf_text, "刘海燕"));

  g_free (walk.db);
  g_free (walk.pdf);
  g_free (walk.failed_item);
}

/* The widgets under @root that carry @css_class, found by walking the tree. */
static void
collect_with_class (GtkWidget  *root,
                    const char *css_class,
                    GPtrArray  *found)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (gtk_widget_has_css_class (child, css_class))
        g_ptr_array_add (found, child);
      collect_with_class (child, css_class, found);
    }
}

static guint
count_rows (GtkWidget *root)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += ADW_IS_ACTION_ROW (child) ? 1 : count_rows (child);
  return n;
}

/* The item page's one preferences group: the equipment here. */
static GtkWidget *
find_equipment_list (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (ADW_IS_PREFERENCES_GROUP (child))
        return child;
      if ((found = find_equipment_list (child)) != NULL)
        return found;
    }
  return NULL;
}

/* Tab reaches every control of the item page, and the arrows move between the answers. */
static void
assert_keyboard_reaches_the_item_page (FcWindow *window)
{
  static const struct { const char *action, *target; } wanted[] = {
    { "win.answer", "pass" }, { "win.answer", "fail" }, { "win.answer", "na" },
    { "win.previous", NULL }, { "win.next", NULL }, { "win.next-unanswered", NULL },
  };
  gboolean seen[G_N_ELEMENTS (wanted)] = { FALSE };
  gboolean note_seen = FALSE;
  GtkWidget *pass = NULL, *focus;

  for (guint step = 0; step < 300; step++)
    {
      if (!gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD))
        gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD);
      focus = gtk_root_get_focus (GTK_ROOT (window));
      for (guint i = 0; i < G_N_ELEMENTS (wanted); i++)
        seen[i] |= has_action (focus, wanted[i].action, wanted[i].target);
      if (has_action (focus, "win.answer", "pass"))
        pass = focus;
      note_seen |= focus != NULL && gtk_widget_get_ancestor (focus, GTK_TYPE_ENTRY) != NULL &&
                   gtk_widget_get_ancestor (focus, GTK_TYPE_ACTION_BAR) == NULL;
    }
  for (guint i = 0; i < G_N_ELEMENTS (wanted); i++)
    {
      g_test_message ("Tab reaches %s %s", wanted[i].action, wanted[i].target ? wanted[i].target : "");
      g_assert_true (seen[i]);
    }
  g_assert_true (note_seen);

  gtk_widget_grab_focus (pass);
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_RIGHT));
  g_assert_true (has_action (gtk_root_get_focus (GTK_ROOT (window)), "win.answer", "fail"));
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_RIGHT));
  g_assert_true (has_action (gtk_root_get_focus (GTK_ROOT (window)), "win.answer", "na"));
}

static gboolean
drive_moves (gpointer user_data)
{
  Walk *walk = user_data;
  FcWindow *window = FC_WINDOW (gtk_application_get_active_window (walk->app));
  GtkWidget *overview, *item_page, *equipment;
  guint n, categories_seen = 0;
  int last_category = -1;

  if (window == NULL)
    return G_SOURCE_CONTINUE;
  g_assert_true (ui_wait_until (ui_facilities_listed, window, 30));
  ui_assert_touch_targets (fc_window_get_page_widget (window, "list"), "the facility list");
  g_signal_emit_by_name (fc_window_get_page_widget (window, "list"), "activated", TEST_FACILITY);
  ui_settle (window);
  ui_activate (window, "win.new-inspection", NULL);
  ui_activate (window, "win.start-inspection", NULL);
  overview = fc_window_get_page_widget (window, "overview");
  item_page = fc_window_get_page_widget (window, "item");
  equipment = find_equipment_list (item_page);
  g_assert_nonnull (equipment);
  n = fc_walk_get_n_items (fc_window_get_walk (window));

  /* Forward through every item, then back to the first: the page is reused,
   * so what it keeps from the previous item must still be right. */
  ui_activate (window, "win.show-category", g_variant_new_uint32 (current_item (window)->category));
  while (fc_window_get_current (window) > 0)
    ui_activate (window, "win.previous", NULL);
  for (guint step = 0; step < 2 * n - 1; step++)
    {
      const FcWalkItem *item = current_item (window);
      g_autoptr(GPtrArray) marked = g_ptr_array_new ();
      g_autoptr(GPtrArray) expected = fc_walk_equipment_for_item (fc_window_get_walk (window), item);

      collect_with_class (overview, "current-category", marked);
      g_assert_cmpuint (marked->len, ==, 1);
      g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (marked->pdata[0])), ==,
                       fc_category_label (item->category));
      g_assert_cmpuint (gtk_widget_get_visible (equipment) ? count_rows (equipment) : 0, ==, expected->len);
      ui_assert_touch_targets (item_page, item->code);
      if ((int) item->category != last_category)
        categories_seen++;
      last_category = (int) item->category;
      ui_activate (window, step < n - 1 ? "win.next" : "win.previous", NULL);
    }
  g_assert_cmpint (fc_window_get_current (window), ==, 0);
  g_assert_cmpuint (categories_seen, >, 2);
  ui_assert_touch_targets (overview, "the overview");
  g_assert_cmpint (current_item (window)->answer_type, ==, FC_ANSWER_PASS_FAIL_NA);
  assert_keyboard_reaches_the_item_page (window);

  walk->done = TRUE;
  gtk_window_destroy (GTK_WINDOW (window));
  g_application_quit (G_APPLICATION (walk->app));
  return G_SOURCE_REMOVE;
}

static void
test_walk_moving_between_items_keeps_the_marks_and_equipment_true (void)
{
  g_autoptr(FcApplication) app = fc_application_new ();
  g_autoptr(TestDistrict) district = test_district_new ("walk-moves.db");
  g_autofree char *db = g_strdup (fc_store_get_path (district->store));
  char *argv[4] = { (char *) "fieldcheck", (char *) "--db", db, NULL };
  Walk walk = { GTK_APPLICATION (app) };

  g_clear_pointer (&district, test_district_free);
  g_timeout_add (50, drive_moves, &walk);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 3, argv), ==, 0);
  g_assert_true (walk.done);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/walk/a-whole-inspection-through-the-window",
                   test_walk_a_whole_inspection_through_the_window);
  g_test_add_func ("/walk/moving-between-items-keeps-the-marks-and-equipment-true",
                   test_walk_moving_between_items_keeps_the_marks_and_equipment_true);
  return g_test_run ();
}
