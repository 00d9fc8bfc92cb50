/* fc-screenshot-tour.c: opens every page of the walk on a demo store and saves
 * each as a PNG, for people to look at (tests/screenshots.sh runs it; it is
 * not a test and asserts nothing about pixels). An empty DB is filled with the
 * demo district first.
 *
 *   fc-screenshot-tour DB OUT-DIR WIDTH HEIGHT
 */

#include "config.h"

#include <glib/gstdio.h>

#include "fc-application.h"
#include "fc-capture-window.h"
#include "fc-demo-photos.h"
#include "fc-demo.h"
#include "fc-equipment-editor.h"
#include "fc-equipment-register.h"
#include "fc-facilities-page.h"
#include "fc-facility-item.h"
#include "fc-finish-page.h"
#include "fc-hazard-page.h"
#include "fc-i18n.h"
#include "fc-item-page.h"
#include "fc-label-sheet-dialog.h"
#include "fc-ledger-item.h"
#include "fc-ledger-page.h"
#include "fc-photo-viewer.h"
#include "fc-photos.h"
#include "fc-preferences.h"
#include "fc-sign-in-dialog.h"
#include "fc-start-page.h"
#include "fc-tag.h"
#include "fc-window-sign-in.h"
#include "ui-util.h"

typedef struct
{
  GtkApplication *app;
  const char     *out;
  const char     *db;
  int             width;
  int             height;
  guint           shot;
  char           *evidence_id;
} Tour;

static void
pause_frames (double seconds)
{
  gint64 until = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

static void
save (Tour       *tour,
      GtkWidget  *widget,
      const char *name)
{
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;

  pause_frames (0.6);
  texture = ui_snapshot (widget);
  if (texture == NULL)
    return;
  file = g_strdup_printf ("%02u-%s.png", ++tour->shot, name);
  path = g_build_filename (tour->out, file, NULL);
  gdk_texture_save_to_png (texture, path);
  g_print ("%s\n", path);
}

static FcPhotoViewer *
find_viewer (void)
{
  g_autoptr(GList) windows = gtk_window_list_toplevels ();

  for (GList *l = windows; l != NULL; l = l->next)
    if (FC_IS_PHOTO_VIEWER (l->data))
      return l->data;
  return NULL;
}

static gboolean
viewer_ready (gpointer data)
{
  FcPhotoViewer *viewer = find_viewer ();

  return viewer != NULL && !fc_photo_viewer_is_loading (viewer);
}

static gboolean
strip_ready (gpointer data)
{
  return !fc_photo_strip_is_loading (data) && fc_photo_strip_get_n_photos (data) > 0;
}

/* A photo on the failed item: the strip, the viewer, the drawing tools. */
static void
photos (Tour     *tour,
        FcWindow *window)
{
  FcPhotoStrip *strip = fc_item_page_get_photo_strip (FC_ITEM_PAGE (fc_window_get_page_widget (window,
                                                                                                 "item")));
  g_autoptr(GBytes) jpeg = fc_demo_photo_jpeg (0, NULL);
  g_autofree char *path = g_build_filename (tour->out, "panel.jpg", NULL);
  FcPhotoViewer *viewer;
  FcAnnotationEditor *editor;
  double w, h;

  if (jpeg == NULL || !g_file_set_contents (path, g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg), NULL))
    return;
  ui_activate (window, "win.add-photo-from", g_variant_new_string (path));
  g_unlink (path);
  if (!ui_wait_until (strip_ready, strip, 10))
    return;
  gtk_widget_grab_focus (GTK_WIDGET (strip));
  save (tour, GTK_WIDGET (window), "item-photos");

  ui_activate (window, "win.open-photo", g_variant_new_string (fc_photo_strip_get_photo_id (strip, 0)));
  if (!ui_wait_until (viewer_ready, NULL, 10))
    return;
  viewer = find_viewer ();
  save (tour, GTK_WIDGET (viewer), "photo-viewer");

  fc_photo_viewer_set_drawing (viewer, TRUE);
  pause_frames (0.5);
  editor = fc_photo_viewer_get_editor (viewer);
  w = gtk_widget_get_width (GTK_WIDGET (editor));
  h = gtk_widget_get_height (GTK_WIDGET (editor));
  {
    const double arrow[] = { w * 0.3, h * 0.42, w * 0.52, h * 0.55 };
    const double circle[] = { w * 0.58, h * 0.57, w * 0.64, h * 0.62 };
    const double label[] = { w * 0.2, h * 0.41 };

    fc_annotation_editor_drag (editor, arrow, 2);
    fc_annotation_editor_set_tool (editor, FC_ANNOTATION_TOOL_CIRCLE);
    fc_annotation_editor_drag (editor, circle, 2);
    fc_annotation_editor_set_tool (editor, FC_ANNOTATION_TOOL_TEXT);
    /* A label is the inspector's own words, in their language. */
    fc_annotation_editor_set_label (editor, fc_i18n_prefers_chinese () ? "线头裸露" : "bare wire");
    fc_annotation_editor_drag (editor, label, 1);
  }
  save (tour, GTK_WIDGET (viewer), "annotation-editor");
  gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.save", NULL);
  ui_settle (window);
  gtk_window_destroy (GTK_WINDOW (viewer));
  pause_frames (0.3);
}

static gboolean
capture_ready (gpointer data)
{
  FcCaptureWindow *capture = ui_find_toplevel (FC_TYPE_CAPTURE_WINDOW);

  return capture != NULL && g_strcmp0 (fc_capture_window_get_state (capture), "starting") != 0;
}

static gboolean
capture_taken (gpointer data)
{
  return fc_capture_window_get_n_taken (data) > 0 || fc_capture_window_get_error (data) != NULL;
}

/* The capture window from the failed item's strip, before and after a photo is taken. */
static void
capture_shots (Tour     *tour,
               FcWindow *window)
{
  FcPhotoStrip *strip = fc_item_page_get_photo_strip (FC_ITEM_PAGE (fc_window_get_page_widget (window,
                                                                                                 "item")));
  FcCaptureWindow *capture;

  g_setenv ("FIELDCHECK_CAMERA_SOURCE", "videotestsrc is-live=true pattern=smpte", TRUE);
  gtk_widget_activate_action (GTK_WIDGET (strip), "strip.take-photo", NULL);
  if (ui_wait_until (capture_ready, NULL, 20))
    {
      capture = ui_find_toplevel (FC_TYPE_CAPTURE_WINDOW);
      save (tour, GTK_WIDGET (capture), "capture");
      gtk_widget_activate_action (GTK_WIDGET (capture), "capture.shutter", NULL);
      if (ui_wait_until (capture_taken, capture, 20))
        save (tour, GTK_WIDGET (capture), "capture-taken");
      gtk_window_destroy (GTK_WINDOW (capture));
    }
  g_setenv ("FIELDCHECK_CAMERA_SOURCE", "v4l2src device=/dev/fc-no-camera", TRUE);
  gtk_widget_activate_action (GTK_WIDGET (strip), "strip.take-photo", NULL);
  if (ui_wait_until (capture_ready, NULL, 20))
    {
      capture = ui_find_toplevel (FC_TYPE_CAPTURE_WINDOW);
      save (tour, GTK_WIDGET (capture), "capture-no-camera");
      gtk_window_destroy (GTK_WINDOW (capture));
    }
  g_unsetenv ("FIELDCHECK_CAMERA_SOURCE");
  ui_settle (window);
}

/* Each page of the preferences. */
static void
preferences_shots (Tour     *tour,
                   FcWindow *window)
{
  FcPreferences *preferences;
  static const char *const pages[] = { "photos", "hazards", "general" };

  g_action_group_activate_action (G_ACTION_GROUP (tour->app), "preferences", NULL);
  preferences = ui_find_toplevel (FC_TYPE_PREFERENCES);
  if (preferences == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *name = g_strdup_printf ("preferences-%s", pages[i]);

      adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences), pages[i]);
      save (tour, GTK_WIDGET (preferences), name);
    }
  gtk_window_destroy (GTK_WINDOW (preferences));
  pause_frames (0.3);
}

/* A hazard awaiting acceptance with photos after rectification; the demo keeps
 * none before it, so one of the defect is added for the pair to have two halves.
 * Before the app opens the store: a second writer would upset its op sequence. */
static char *
prepare_evidence (const char *db)
{
  g_autoptr(FcStore) store = fc_store_open (db, NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autoptr(GBytes) jpeg = fc_demo_photo_jpeg (0, NULL);
  g_autofree char *photo_id = NULL;
  char *id;

  if (store == NULL || !fc_demo_generate (store, today, 2026, NULL, NULL))
    return NULL;
  stmt = fc_store_prepare (store, "SELECT h.id FROM hazard h WHERE h.status = 'awaiting_acceptance'"
                                  " AND EXISTS (SELECT 1 FROM photo p WHERE p.attached_id = h.id"
                                  " AND p.purpose = 'after') ORDER BY h.id LIMIT 1", NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  if (jpeg != NULL)
    {
      FcPhotoTarget before = { "hazard", id, "before" };

      photo_id = fc_photos_import (store, jpeg, &before, NULL);
    }
  return id;
}

/* That hazard, scrolled to its before/after evidence. */
static void
evidence_shots (Tour     *tour,
                FcWindow *window)
{
  GtkWidget *page;
  GtkWidget *group;
  GtkWidget *scroller;
  graphene_point_t point;

  if (tour->evidence_id == NULL)
    return;
  ui_activate (window, "win.open-hazard", g_variant_new_string (tour->evidence_id));
  pause_frames (0.5);
  page = fc_window_get_page_widget (window, "hazard");
  group = (GtkWidget *) gtk_widget_get_template_child (page, FC_TYPE_HAZARD_PAGE, "photos_group");
  scroller = (GtkWidget *) gtk_widget_get_template_child (page, FC_TYPE_HAZARD_PAGE, "scroller");
  if (group != NULL && scroller != NULL &&
      gtk_widget_compute_point (group, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller)),
                                &GRAPHENE_POINT_INIT (0, 0), &point))
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller)),
                              point.y - 12);
  save (tour, GTK_WIDGET (window), "hazard-evidence");
}

static gboolean
listed (gpointer data)
{
  return g_strcmp0 (fc_window_get_state (data), "list") == 0;
}

static GtkWindow *
find_toplevel (GType type)
{
  g_autoptr(GList) windows = gtk_window_list_toplevels ();

  for (GList *l = windows; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type))
      return l->data;
  return NULL;
}

/* The facility's equipment register: the list with one expired piece and a
 * long Chinese name, the editor new and filled in, the retire question, and
 * the label sheet dialog for print and for PDF. */
static void
equipment_shots (Tour     *tour,
                 FcWindow *window)
{
  FcEquipmentRegister *page;
  FcEquipmentEditor *editor;
  GtkWindow *dialog;

  ui_activate (window, "win.equipment", NULL);
  page = FC_EQUIPMENT_REGISTER (fc_window_get_page_widget (window, "equipment-list"));
  ui_activate (window, "win.add-equipment", NULL);
  editor = FC_EQUIPMENT_EDITOR (find_toplevel (FC_TYPE_EQUIPMENT_EDITOR));
  if (editor == NULL)
    return;
  fc_equipment_editor_set_kind (editor, "distribution_board");
  gtk_editable_set_text (fc_equipment_editor_get_field (editor, "name"),
                         "综合楼一层东侧配电间低压总配电柜（含双电源自动切换装置及配套电涌保护器）");
  gtk_editable_set_text (fc_equipment_editor_get_field (editor, "location"), "综合楼一层东侧配电间");
  gtk_editable_set_text (fc_equipment_editor_get_field (editor, "tag_code"), "ZT0001");
  gtk_editable_set_text (fc_equipment_editor_get_field (editor, "installed_on"), "2015-03-01");
  gtk_editable_set_text (fc_equipment_editor_get_field (editor, "expires_on"), "2025-03-01");
  save (tour, GTK_WIDGET (editor), "equipment-editor");
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL);
  ui_settle (window);
  pause_frames (0.3);
  save (tour, GTK_WIDGET (window), "equipment-register");
  if (fc_equipment_register_get_n_shown (page) > 0)
    {
      g_autofree char *id = g_strdup (json_object_get_string_member (
        fc_equipment_register_get_row (page, 0), "id"));

      ui_activate (window, "win.edit-equipment", g_variant_new_string (id));
      editor = FC_EQUIPMENT_EDITOR (find_toplevel (FC_TYPE_EQUIPMENT_EDITOR));
      if (editor != NULL)
        {
          save (tour, GTK_WIDGET (editor), "equipment-editor-edit");
          gtk_widget_activate_action (GTK_WIDGET (editor), "editor.retire", NULL);
          ui_settle (window);
          pause_frames (0.3);
          dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
          if (dialog != NULL)
            {
              GtkEditable *reason = g_object_get_data (G_OBJECT (dialog), "fc-reason");

              gtk_editable_set_text (reason, fc_i18n_prefers_chinese () ? "压力不足，已换新" : "pressure lost, replaced");
              save (tour, GTK_WIDGET (dialog), "equipment-retire");
              adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "retire");
              gtk_window_destroy (dialog);
              ui_settle (window);
            }
          ui_activate (window, "win.edit-equipment", g_variant_new_string (id));
          editor = FC_EQUIPMENT_EDITOR (find_toplevel (FC_TYPE_EQUIPMENT_EDITOR));
          if (editor != NULL)
            {
              save (tour, GTK_WIDGET (editor), "equipment-editor-retired");
              gtk_window_destroy (GTK_WINDOW (editor));
              ui_settle (window);
            }
        }
    }
  ui_activate (window, "win.print-labels", NULL);
  dialog = find_toplevel (FC_TYPE_LABEL_SHEET_DIALOG);
  if (dialog != NULL)
    {
      ui_settle (window);
      save (tour, GTK_WIDGET (dialog), "labels-print");
      gtk_window_destroy (dialog);
    }
  ui_activate (window, "win.save-labels", NULL);
  dialog = find_toplevel (FC_TYPE_LABEL_SHEET_DIALOG);
  if (dialog != NULL)
    {
      ui_settle (window);
      fc_label_sheet_dialog_set_grid (FC_LABEL_SHEET_DIALOG (dialog), 3, 9, 70, 37);
      save (tour, GTK_WIDGET (dialog), "labels-pdf-too-many-rows");
      gtk_window_destroy (dialog);
    }
  fc_equipment_register_set_show_retired (page, TRUE);
  ui_settle (window);
  pause_frames (0.3);
  {
    /* Retired equipment is listed last: show the end of the list. */
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (
      GTK_SCROLLED_WINDOW (gtk_widget_get_first_child (GTK_WIDGET (page))));

    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  }
  save (tour, GTK_WIDGET (window), "equipment-register-retired");
}

/* What a scan shows: the camera's page (a test pattern stands in for the
 * camera, then no camera at all), a tag of the facility being inspected with
 * its items, a tag of another facility, and a code that is not a tag. */
static void
scan_shots (Tour     *tour,
            FcWindow *window)
{
  g_autoptr(FcStore) store = fc_store_open (tour->db, NULL);
  const char *facility = fc_walk_get_facility_id (fc_window_get_walk (window));
  g_autofree char *own = NULL;
  g_autofree char *other = NULL;
  sqlite3_stmt *stmt = NULL;

  if (store == NULL)
    return;
  sqlite3_prepare_v2 (fc_store_get_db (store),
                      "SELECT (SELECT e.tag_code FROM equipment e WHERE e.facility_id = ?1"
                      "        AND e.tag_code IS NOT NULL AND e.retired = 0 AND EXISTS (SELECT 1 FROM"
                      "        inspection i JOIN checklist_item c ON c.template_id = i.template_id"
                      "        WHERE i.facility_id = ?1 AND i.finished_at IS NULL"
                      "        AND ',' || c.equipment_kinds || ',' LIKE '%,' || e.kind || ',%')"
                      "        ORDER BY e.tag_code LIMIT 1),"
                      " (SELECT tag_code FROM equipment WHERE facility_id <> ?1 AND tag_code IS NOT NULL"
                      "        ORDER BY tag_code LIMIT 1)", -1, &stmt, NULL);
  sqlite3_bind_text (stmt, 1, facility, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      own = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      other = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
    }
  sqlite3_finalize (stmt);

  g_setenv ("FIELDCHECK_CAMERA_SOURCE", "videotestsrc is-live=true pattern=smpte", TRUE);
  ui_activate (window, "win.scan", NULL);
  pause_frames (1.5);
  save (tour, GTK_WIDGET (window), "scan-camera");
  if (own != NULL)
    {
      g_autofree char *text = fc_tag_format (FC_DEMO_DISTRICT, own, NULL);

      /* Leaving the scan page lets the camera go. */
      ui_activate (window, "win.scan-text", g_variant_new_string (text));
      save (tour, GTK_WIDGET (window), "equipment-in-inspection");
    }
  g_setenv ("FIELDCHECK_CAMERA_SOURCE", "v4l2src device=/dev/fc-no-camera", TRUE);
  ui_activate (window, "win.scan", NULL);
  pause_frames (1.0);
  save (tour, GTK_WIDGET (window), "scan-no-camera");
  g_unsetenv ("FIELDCHECK_CAMERA_SOURCE");

  if (other != NULL)
    {
      g_autofree char *text = fc_tag_format (FC_DEMO_DISTRICT, other, NULL);

      ui_activate (window, "win.scan-text", g_variant_new_string (text));
      save (tour, GTK_WIDGET (window), "equipment-other-facility");
    }
  ui_activate (window, "win.scan-text", g_variant_new_string ("https://example.org/menu?table=7"));
  save (tour, GTK_WIDGET (window), "scan-foreign-code");
}

static gboolean
sign_in_checked (gpointer data)
{
  return !fc_sign_in_dialog_is_busy (data);
}

/* The sign-in dialog, as on a device whose last sync brought verifiers (the
 * demo has none; a placeholder verifier that no password matches), empty and
 * after a wrong password. The rows go again afterwards. */
static void
sign_in_shots (Tour     *tour,
               FcWindow *window)
{
  static const char add[] =
    "INSERT OR REPLACE INTO sign_in_verifier SELECT id, login, name, "
    "'$argon2id$v=19$m=65536,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 0 "
    "FROM person WHERE login IS NOT NULL ORDER BY login LIMIT 6";
  sqlite3 *db = NULL;
  GtkWindow *dialog;

  if (sqlite3_open (tour->db, &db) != SQLITE_OK || sqlite3_exec (db, add, NULL, NULL, NULL) != SQLITE_OK)
    g_warning ("no verifiers for the sign-in pictures: %s", sqlite3_errmsg (db));
  ui_activate (window, "win.sign-in", NULL);
  pause_frames (0.5);
  dialog = fc_window_get_sign_in_dialog (window);
  if (dialog != NULL)
    {
      save (tour, GTK_WIDGET (dialog), "sign-in");
      fc_sign_in_dialog_set_login (FC_SIGN_IN_DIALOG (dialog), "inspector1");
      fc_sign_in_dialog_set_password (FC_SIGN_IN_DIALOG (dialog), "not the password");
      gtk_widget_activate_action (GTK_WIDGET (dialog), "sign-in.sign-in", NULL);
      ui_wait_until (sign_in_checked, dialog, 30);
      pause_frames (0.3);
      save (tour, GTK_WIDGET (dialog), "sign-in-wrong");
      gtk_window_set_focus (dialog, NULL);
      gtk_window_destroy (dialog);
    }
  sqlite3_exec (db, "DELETE FROM sign_in_verifier", NULL, NULL, NULL);
  sqlite3_close (db);
}

static gboolean
drive (gpointer user_data)
{
  Tour *tour = user_data;
  FcWindow *window = FC_WINDOW (gtk_application_get_active_window (tour->app));
  FcFacilitiesPage *list;
  g_autoptr(FcFacilityItem) first = NULL;
  FcFinishPage *finish;
  GtkWindow *dialog;
  FcWalk *walk;
  FcLedgerPage *ledger;
  static const double stroke[] = { 20, 100, 60, 40, 120, 120, 200, 50, 260, 110 };

  if (window == NULL)
    return G_SOURCE_CONTINUE;
  if (!ui_wait_until (listed, window, 60))
    {
      g_printerr ("the facilities did not load\n");
      g_application_quit (G_APPLICATION (tour->app));
      return G_SOURCE_REMOVE;
    }
  ui_settle (window);
  save (tour, GTK_WIDGET (window), "facilities");
  preferences_shots (tour, window);

  list = FC_FACILITIES_PAGE (fc_window_get_page_widget (window, "list"));
  first = g_list_model_get_item (fc_facilities_page_get_shown (list), 0);
  g_signal_emit_by_name (list, "activated", fc_facility_item_get_id (first));
  ui_settle (window);
  save (tour, GTK_WIDGET (window), "facility");
  equipment_shots (tour, window);

  /* The district's ledger, and the hazard at its top. */
  ui_activate (window, "win.ledger", NULL);
  save (tour, GTK_WIDGET (window), "ledger");
  ledger = FC_LEDGER_PAGE (fc_window_get_page_widget (window, "ledger"));
  if (g_list_model_get_n_items (fc_ledger_page_get_rows (ledger)) > 0)
    {
      g_autoptr(FcLedgerItem) top = g_list_model_get_item (fc_ledger_page_get_rows (ledger), 0);

      ui_activate (window, "win.open-hazard", g_variant_new_string (fc_ledger_item_get_id (top)));
      save (tour, GTK_WIDGET (window), "hazard");
    }
  evidence_shots (tour, window);
  ui_activate (window, "win.lookback", NULL);
  save (tour, GTK_WIDGET (window), "lookback");
  ui_activate (window, "win.whistle", NULL);
  gtk_widget_activate_action (fc_window_get_page_widget (window, "whistle"), "whistle.apply", "(s@a{ss})",
                              "record", g_variant_new_parsed ("{'channel': 'phone', 'anonymous': '1', "
                                                              "'description': '夜间安全出口被锁闭', "
                                                              "'facility_id': %s}",
                                                              fc_facility_item_get_id (first)));
  ui_settle (window);
  save (tour, GTK_WIDGET (window), "whistle");
  /* The demo is not enrolled: the sync page offers enrolment. */
  ui_activate (window, "win.sync", NULL);
  save (tour, GTK_WIDGET (window), "sync");

  ui_activate (window, "win.new-inspection", NULL);
  save (tour, GTK_WIDGET (window), "start");
  ui_activate (window, "win.start-inspection", NULL);
  if (fc_window_get_walk (window) == NULL)
    {
      g_printerr ("the inspection did not start\n");
      g_application_quit (G_APPLICATION (tour->app));
      return G_SOURCE_REMOVE;
    }
  save (tour, GTK_WIDGET (window), "item");

  /* A major-hazard item, failed, with its hazard dialog. */
  walk = fc_window_get_walk (window);
  for (guint i = 0; i < fc_walk_get_n_items (walk); i++)
    if (fc_walk_get_item (walk, i)->major_standard != NULL &&
        fc_walk_get_item (walk, i)->answer_type == FC_ANSWER_PASS_FAIL_NA)
      {
        ui_activate (window, "win.go-to-item", g_variant_new_string (fc_walk_get_item (walk, i)->item_id));
        break;
      }
  save (tour, GTK_WIDGET (window), "item-major");
  ui_activate (window, "win.answer", g_variant_new_string ("fail"));
  save (tour, GTK_WIDGET (window), "item-failed");
  photos (tour, window);
  capture_shots (tour, window);
  ui_activate (window, "win.record-hazard", NULL);
  pause_frames (0.5);
  dialog = fc_window_get_hazard_dialog (window);
  if (dialog != NULL)
    {
      save (tour, GTK_WIDGET (dialog), "hazard-dialog");
      gtk_widget_activate_action (GTK_WIDGET (dialog), "hazard.record", NULL);
      ui_settle (window);
    }

  /* A reading. */
  walk = fc_window_get_walk (window);
  for (guint i = 0; i < fc_walk_get_n_items (walk); i++)
    if (fc_walk_get_item (walk, i)->answer_type == FC_ANSWER_NUMBER)
      {
        ui_activate (window, "win.go-to-item", g_variant_new_string (fc_walk_get_item (walk, i)->item_id));
        save (tour, GTK_WIDGET (window), "item-number");
        break;
      }

  ui_activate (window, "win.next", NULL);
  ui_activate (window, "win.answer", g_variant_new_string ("pass"));
  if (adw_leaflet_get_folded (ADW_LEAFLET (gtk_widget_get_ancestor (fc_window_get_page_widget (window, "overview"),
                                                                    ADW_TYPE_LEAFLET))))
    {
      ui_activate (window, "win.back", NULL);
      save (tour, GTK_WIDGET (window), "overview");
    }
  else
    save (tour, GTK_WIDGET (window), "overview-and-item");

  scan_shots (tour, window);
  ui_activate (window, "win.show-finish", NULL);
  save (tour, GTK_WIDGET (window), "finish-unanswered");
  ui_activate (window, "win.finish", NULL);
  finish = FC_FINISH_PAGE (fc_window_get_page_widget (window, "finish"));
  fc_signature_pad_add_stroke (fc_finish_page_get_pad (finish), stroke, G_N_ELEMENTS (stroke) / 2);
  save (tour, GTK_WIDGET (window), "finish-sign");
  ui_activate (window, "win.sign", NULL);
  save (tour, GTK_WIDGET (window), "finish-signed");

  sign_in_shots (tour, window);

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  save (tour, GTK_WIDGET (window), "finish-dark");
  fc_ledger_page_set_overdue_only (ledger, TRUE);
  ui_activate (window, "win.ledger", NULL);
  save (tour, GTK_WIDGET (window), "ledger-overdue-dark");

  gtk_window_destroy (GTK_WINDOW (window));
  g_application_quit (G_APPLICATION (tour->app));
  return G_SOURCE_REMOVE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(FcApplication) app = NULL;
  char *app_argv[] = { (char *) "fieldcheck", (char *) "--demo", (char *) "--db", NULL, NULL };
  Tour tour = { 0 };

  if (argc != 5)
    {
      g_printerr ("usage: %s DB OUT-DIR WIDTH HEIGHT\n", argv[0]);
      return 2;
    }
  fc_i18n_init ();
  gtk_init ();
  app = fc_application_new ();
  app_argv[3] = argv[1];
  tour.app = GTK_APPLICATION (app);
  tour.out = argv[2];
  tour.db = argv[1];
  tour.width = atoi (argv[3]);
  tour.height = atoi (argv[4]);
  g_mkdir_with_parents (tour.out, 0755);
  {
    /* The window takes its first size from the settings (a memory backend here). */
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);

    g_settings_set_int (settings, "window-width", tour.width);
    g_settings_set_int (settings, "window-height", tour.height);
  }
  if (!g_file_test (tour.db, G_FILE_TEST_EXISTS))
    tour.evidence_id = prepare_evidence (tour.db);
  g_timeout_add (50, drive, &tour);
  return g_application_run (G_APPLICATION (app), 4, app_argv);
}
