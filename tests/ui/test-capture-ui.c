/* test-capture-ui.c: photos taken with the camera, and the settings that shape
 * them and the hazards' deadlines, through the real window on a real store
 * file. The camera is a videotestsrc (FIELDCHECK_CAMERA_SOURCE), as on a
 * machine without one it is a device that is not there. */

#include "config.h"

#include <string.h>

#include "fc-application.h"
#include "fc-capture-window.h"
#include "fc-demo.h"
#include "fc-hazard-dialog.h"
#include "fc-hazard-page.h"
#include "fc-hazards.h"
#include "fc-item-page.h"
#include "fc-photos.h"
#include "fc-preferences.h"
#include "fc-start-page.h"
#include "fc-whistle-page.h"
#include "../core/test-inspection-util.h"
#include "../core/test-photo-util.h"
#include "ui-walk-util.h"

/* 1280 × 720 frames: larger than the longest edge the tests allow. */
/* A moving ball: stills taken at different frames are different bytes (the same bytes
 * twice are refused as a duplicate, and every start of the camera begins at frame 1). */
#define CAMERA "videotestsrc is-live=true pattern=ball ! video/x-raw,width=1280,height=720,framerate=15/1"
#define NO_CAMERA "v4l2src device=/dev/fc-test-no-camera"

typedef struct
{
  GtkApplication *app;
  char           *db;
  char           *jpeg;
  char           *photo_id;
  char           *hazard_id;
  char           *deadlines[2];   /* the dialog's default before and after the setting changed */
  char           *expected[2];
  guint           before_shown;
  gboolean        done;
} Capture;

static FcCaptureWindow *
find_capture (void)
{
  return ui_find_toplevel (FC_TYPE_CAPTURE_WINDOW);
}

static gboolean
capture_settled (gpointer data)
{
  FcCaptureWindow *capture = find_capture ();

  return capture != NULL && g_strcmp0 (fc_capture_window_get_state (capture), "starting") != 0;
}

static gboolean
capture_taken (gpointer data)
{
  FcCaptureWindow *capture = data;

  return fc_capture_window_get_n_taken (capture) > 0 || fc_capture_window_get_error (capture) != NULL;
}

static gboolean
capture_gone (gpointer data)
{
  return find_capture () == NULL;
}

static gboolean
strip_has_photos (gpointer data)
{
  return !fc_photo_strip_is_loading (data) && fc_photo_strip_get_n_photos (data) > 0;
}

typedef struct
{
  FcCaptureWindow *capture;
  guint64          frame;
} FrameWait;

static gboolean
preview_reached (gpointer data)
{
  FrameWait *wait = data;
  FcCamera *camera = fc_capture_window_get_camera (wait->capture);
  g_autoptr(FcCameraFrame) frame = camera ? fc_camera_get_preview (camera) : NULL;

  return frame != NULL && frame->number >= wait->frame;
}

/* Waits for the camera's @frame-th frame, so the next still is not the first one again. */
static void
wait_for_frame (FcCaptureWindow *capture,
                guint64          frame)
{
  FrameWait wait = { capture, frame };

  g_assert_true (ui_wait_until (preview_reached, &wait, 20));
}

/* Opens the capture window from @strip's own action and takes one photo. */
static char *
take_photo (FcWindow     *window,
            FcPhotoStrip *strip)
{
  FcCaptureWindow *capture;
  guint before = fc_photo_strip_get_n_photos (strip);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (strip), "strip.take-photo", NULL));
  g_assert_true (ui_wait_until (capture_settled, NULL, 20));
  capture = find_capture ();
  g_assert_cmpstr (fc_capture_window_get_error (capture), ==, NULL);
  g_assert_cmpstr (fc_capture_window_get_state (capture), ==, "preview");
  wait_for_frame (capture, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (capture), "capture.shutter", NULL));
  g_assert_true (ui_wait_until (capture_taken, capture, 20));
  g_assert_cmpstr (fc_capture_window_get_error (capture), ==, NULL);
  g_assert_cmpuint (fc_capture_window_get_n_taken (capture), ==, 1);
  gtk_window_close (GTK_WINDOW (capture));
  g_assert_true (ui_wait_until (capture_gone, NULL, 5));
  ui_settle (window);
  g_assert_true (ui_wait_until (ui_strip_loaded, strip, 10));
  g_assert_cmpuint (fc_photo_strip_get_n_photos (strip), ==, before + 1);
  return g_strdup (fc_photo_strip_get_photo_id (strip, fc_photo_strip_get_n_photos (strip) - 1));
}

static void
finish (Capture  *capture,
        FcWindow *window)
{
  capture->done = TRUE;
  gtk_window_destroy (GTK_WINDOW (window));
  g_application_quit (G_APPLICATION (capture->app));
}

static void
run_app (Capture     *capture,
         GSourceFunc  drive)
{
  g_autoptr(FcApplication) app = fc_application_new ();
  char *argv[4] = { (char *) "fieldcheck", (char *) "--db", capture->db, NULL };

  capture->app = GTK_APPLICATION (app);
  g_timeout_add (50, drive, capture);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 3, argv), ==, 0);
  g_assert_true (capture->done);
}

static char *
walk_district (const char *name)
{
  g_autoptr(TestDistrict) district = test_district_new (name);

  return g_strdup (fc_store_get_path (district->store));
}

/* Taking a photo of a failed item */

static gboolean
drive_capture (gpointer user_data)
{
  Capture *capture = user_data;
  FcWindow *window = FC_WINDOW (gtk_application_get_active_window (capture->app));
  FcPhotoStrip *strip;

  if (window == NULL)
    return G_SOURCE_CONTINUE;
  strip = fc_item_page_get_photo_strip (ui_start_walk (window));
  g_assert_true (ui_wait_until (ui_strip_loaded, strip, 10));
  g_assert_cmpuint (fc_photo_strip_get_n_photos (strip), ==, 0);

  ui_activate (window, "win.answer", g_variant_new_string ("fail"));
  capture->photo_id = take_photo (window, strip);

  /* Closed as the shutter is pressed: the photo is kept and shown, then the window goes. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (strip), "strip.take-photo", NULL));
  g_assert_true (ui_wait_until (capture_settled, NULL, 20));
  g_assert_cmpstr (fc_capture_window_get_state (find_capture ()), ==, "preview");
  wait_for_frame (find_capture (), 6);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (find_capture ()), "capture.shutter", NULL));
  gtk_window_close (GTK_WINDOW (find_capture ()));
  g_assert_true (ui_wait_until (capture_gone, NULL, 20));
  ui_settle (window);
  g_assert_true (ui_wait_until (ui_strip_loaded, strip, 10));
  g_assert_cmpuint (fc_photo_strip_get_n_photos (strip), ==, 2);
  finish (capture, window);
  return G_SOURCE_REMOVE;
}

static void
test_capture_keeps_a_scaled_jpeg_on_the_answer (void)
{
  Capture capture = { 0 };
  GSettings *settings = fc_settings_get ();
  g_autoptr(FcStore) store = NULL;
  g_autoptr(JsonObject) photo = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *bytes = NULL;
  g_autofree char *actual = NULL;
  g_autofree char *sql = NULL;
  gsize size = 0;

  g_assert_nonnull (settings);
  g_assert_true (g_settings_set_int (settings, "photo-max-edge", 640));
  g_assert_true (g_settings_set_int (settings, "photo-jpeg-quality", 70));
  g_assert_true (g_settings_set_boolean (settings, "store-photo-location", TRUE));
  g_setenv ("FIELDCHECK_CAMERA_SOURCE", CAMERA, TRUE);
  capture.db = walk_district ("capture-ui/capture.db");
  run_app (&capture, drive_capture);
  g_unsetenv ("FIELDCHECK_CAMERA_SOURCE");

  store = fc_store_open (capture.db, &error);
  g_assert_no_error (error);
  photo = fc_photos_get (store, capture.photo_id, &error);
  g_assert_no_error (error);
  /* Attached to the failed answer, as its defect. */
  sql = g_strdup_printf ("SELECT count (*) FROM photo p JOIN result r ON r.id = p.attached_id"
                         " WHERE p.id = '%s' AND p.attached_kind = 'result' AND p.purpose = 'defect'"
                         " AND r.answer = 'fail'", capture.photo_id);
  g_assert_cmpint (test_count (store, sql), ==, 1);
  g_assert_cmpint (test_count (store, "SELECT count (*) FROM photo"), ==, 2);
  /* 1280 × 720 from the camera, kept at the longest edge the settings allow. */
  g_assert_cmpstr (json_object_get_string_member (photo, "mime"), ==, "image/jpeg");
  g_assert_cmpint (json_object_get_int_member (photo, "width"), ==, 640);
  g_assert_cmpint (json_object_get_int_member (photo, "height"), ==, 360);
  g_assert_nonnull (json_object_get_string_member (photo, "taken_at"));
  g_assert_true (g_str_has_suffix (json_object_get_string_member (photo, "taken_at"), "Z"));
  /* No location portal answers on the test's bus: none is made up, though the setting allows one. */
  g_assert_true (json_object_get_null_member (photo, "latitude"));
  /* The file is there under its name, and its bytes are what the name promises. */
  path = fc_photos_path (store, json_object_get_string_member (photo, "sha256"));
  g_assert_true (g_file_get_contents (path, &bytes, &size, NULL));
  actual = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) bytes, size);
  g_assert_cmpstr (actual, ==, json_object_get_string_member (photo, "sha256"));
  g_assert_cmpint (json_object_get_int_member (photo, "size"), ==, (gint64) size);
  test_assert_photos_verify_clean (capture.db, 2);

  g_settings_reset (settings, "photo-max-edge");
  g_settings_reset (settings, "photo-jpeg-quality");
  g_settings_reset (settings, "store-photo-location");
  g_free (capture.db);
  g_free (capture.photo_id);
}

/* A still as the JPEG kept: scaled down to the longest edge, never up, at the quality asked */

static FcCameraFrame *
noisy_frame (guint width,
             guint height)
{
  FcCameraFrame *frame = g_new0 (FcCameraFrame, 1);
  guint stride = width * 3 + 4;   /* rows padded, as a camera's may be */
  guint8 *pixels = g_malloc ((gsize) stride * height);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  for (gsize i = 0; i < (gsize) stride * height; i++)
    pixels[i] = (guint8) g_rand_int_range (rand, 0, 256);
  frame->format = FC_CAMERA_FORMAT_RGB;
  frame->width = width;
  frame->height = height;
  frame->stride = stride;
  frame->pixels = g_bytes_new_take (pixels, (gsize) stride * height);
  return frame;
}

static GdkPixbuf *
decode (GBytes *jpeg)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new_with_type ("jpeg", NULL);

  g_assert_true (gdk_pixbuf_loader_write_bytes (loader, jpeg, NULL));
  g_assert_true (gdk_pixbuf_loader_close (loader, NULL));
  return g_object_ref (gdk_pixbuf_loader_get_pixbuf (loader));
}

static void
test_still_becomes_a_jpeg_of_the_settings_size_and_quality (void)
{
  g_autoptr(FcCameraFrame) large = noisy_frame (1920, 1080);
  g_autoptr(FcCameraFrame) small = noisy_frame (320, 240);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) low = fc_camera_frame_to_jpeg (large, 1280, 50, &error);
  g_autoptr(GBytes) high = fc_camera_frame_to_jpeg (large, 1280, 95, &error);
  g_autoptr(GBytes) kept = fc_camera_frame_to_jpeg (small, 1280, 90, &error);
  g_autoptr(GdkPixbuf) low_pixbuf = NULL;
  g_autoptr(GdkPixbuf) kept_pixbuf = NULL;

  g_assert_no_error (error);
  low_pixbuf = decode (low);
  g_assert_cmpint (gdk_pixbuf_get_width (low_pixbuf), ==, 1280);
  g_assert_cmpint (gdk_pixbuf_get_height (low_pixbuf), ==, 720);
  g_assert_cmpuint (g_bytes_get_size (low), <, g_bytes_get_size (high));
  kept_pixbuf = decode (kept);
  g_assert_cmpint (gdk_pixbuf_get_width (kept_pixbuf), ==, 320);
  g_assert_cmpint (gdk_pixbuf_get_height (kept_pixbuf), ==, 240);
}

/* Without a camera */

static gboolean
drive_no_camera (gpointer user_data)
{
  Capture *capture = user_data;
  FcWindow *window = FC_WINDOW (gtk_application_get_active_window (capture->app));
  FcPhotoStrip *strip;
  FcCaptureWindow *capture_window;
  AdwStatusPage *status;

  if (window == NULL)
    return G_SOURCE_CONTINUE;
  strip = fc_item_page_get_photo_strip (ui_start_walk (window));
  ui_activate (window, "win.answer", g_variant_new_string ("fail"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (strip), "strip.take-photo", NULL));
  g_assert_true (ui_wait_until (capture_settled, NULL, 20));
  capture_window = find_capture ();
  g_assert_cmpstr (fc_capture_window_get_state (capture_window), ==, "no-camera");
  g_assert_nonnull (fc_capture_window_get_error (capture_window));
  /* The window says so, and where photos can still come from. */
  status = ADW_STATUS_PAGE (gtk_widget_get_template_child (GTK_WIDGET (capture_window),
                                                           FC_TYPE_CAPTURE_WINDOW, "no_camera_page"));
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (status)));
  g_assert_nonnull (status);
  g_assert_cmpstr (adw_status_page_get_title (status), ==, "No Camera");
  g_assert_nonnull (strstr (adw_status_page_get_description (status), "Add Photo"));
  gtk_widget_activate_action (GTK_WIDGET (capture_window), "capture.shutter", NULL);
  ui_settle (window);
  g_assert_cmpuint (fc_capture_window_get_n_taken (capture_window), ==, 0);
  gtk_window_close (GTK_WINDOW (capture_window));
  g_assert_true (ui_wait_until (capture_gone, NULL, 5));

  /* A file still goes in. */
  ui_activate (window, "win.add-photo-from", g_variant_new_string (capture->jpeg));
  g_assert_true (ui_wait_until (strip_has_photos, strip, 10));
  g_assert_cmpuint (fc_photo_strip_get_n_photos (strip), ==, 1);
  finish (capture, window);
  return G_SOURCE_REMOVE;
}

static void
test_no_camera_says_so_and_import_still_works (void)
{
  Capture capture = { 0 };
  g_autoptr(GBytes) jpeg = test_jpeg_simple (320, 240, 3);
  g_autoptr(FcStore) store = NULL;

  g_setenv ("FIELDCHECK_CAMERA_SOURCE", NO_CAMERA, TRUE);
  capture.db = walk_district ("capture-ui/no-camera.db");
  capture.jpeg = test_scratch_path ("capture-ui/panel.jpg");
  g_assert_true (g_file_set_contents (capture.jpeg, g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg),
                                      NULL));
  run_app (&capture, drive_no_camera);
  g_unsetenv ("FIELDCHECK_CAMERA_SOURCE");

  store = fc_store_open (capture.db, NULL);
  g_assert_cmpint (test_count (store, "SELECT count (*) FROM photo"), ==, 1);
  g_free (capture.db);
  g_free (capture.jpeg);
}

/* The deadline a new hazard is given */

static gboolean
hazard_dialog_open (gpointer data)
{
  return fc_window_get_hazard_dialog (data) != NULL;
}

static char *
default_deadline (FcWindow *window)
{
  GtkWindow *dialog;
  FcFindingHazard finding;

  ui_activate (window, "win.record-hazard", NULL);
  g_assert_true (ui_wait_until (hazard_dialog_open, window, 5));
  dialog = fc_window_get_hazard_dialog (window);
  fc_hazard_dialog_get_finding (FC_HAZARD_DIALOG (dialog), &finding);
  return g_strdup (finding.deadline);
}

static char *
days_from_today (guint days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) due = g_date_time_add_days (now, (int) days);

  return g_date_time_format (due, "%Y-%m-%d");
}

static gboolean
drive_deadline (gpointer user_data)
{
  Capture *capture = user_data;
  FcWindow *window = FC_WINDOW (gtk_application_get_active_window (capture->app));
  GSettings *settings = fc_settings_get ();
  FcFindingHazard finding;
  gboolean major;

  if (window == NULL)
    return G_SOURCE_CONTINUE;
  ui_start_walk (window);
  ui_activate (window, "win.answer", g_variant_new_string ("fail"));

  capture->deadlines[0] = default_deadline (window);
  fc_hazard_dialog_get_finding (FC_HAZARD_DIALOG (fc_window_get_hazard_dialog (window)), &finding);
  major = finding.level == FC_HAZARD_LEVEL_MAJOR;
  capture->expected[0] = days_from_today (major ? 90 : 30);

  /* The settings page's rows write these keys; the next dialog reads them. */
  g_assert_true (g_settings_set_int (settings, major ? "major-deadline-days" : "general-deadline-days", 12));
  capture->deadlines[1] = default_deadline (window);
  capture->expected[1] = days_from_today (12);
  gtk_window_destroy (fc_window_get_hazard_dialog (window));
  finish (capture, window);
  return G_SOURCE_REMOVE;
}

static void
test_deadline_setting_gives_the_dialog_its_default (void)
{
  Capture capture = { 0 };
  GSettings *settings = fc_settings_get ();

  capture.db = walk_district ("capture-ui/deadline.db");
  run_app (&capture, drive_deadline);
  g_assert_cmpstr (capture.deadlines[0], ==, capture.expected[0]);
  g_assert_cmpstr (capture.deadlines[1], ==, capture.expected[1]);
  g_assert_cmpstr (capture.deadlines[0], !=, capture.deadlines[1]);

  g_settings_reset (settings, "general-deadline-days");
  g_settings_reset (settings, "major-deadline-days");
  for (guint i = 0; i < 2; i++)
    {
      g_free (capture.deadlines[i]);
      g_free (capture.expected[i]);
    }
  g_free (capture.db);
}

/* A whistle-blower's report made a hazard without a deadline gets the settings' default */

static void
apply_report (FcWindow      *window,
              GtkWidget     *page,
              const char    *step,
              const char    *const *fields)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a{ss}"));

  for (guint i = 0; fields[i] != NULL; i += 2)
    g_variant_builder_add (&builder, "{ss}", fields[i], fields[i + 1]);
  g_assert_true (gtk_widget_activate_action (page, "whistle.apply", "(sa{ss})", step, &builder));
  ui_settle (window);
}

static gboolean
drive_whistle (gpointer user_data)
{
  Capture *capture = user_data;
  FcWindow *window = FC_WINDOW (gtk_application_get_active_window (capture->app));
  GtkWidget *page;
  g_autoptr(FcStore) store = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *facility_id = NULL;
  g_autofree char *report_id = NULL;

  if (window == NULL)
    return G_SOURCE_CONTINUE;
  g_assert_true (ui_wait_until (ui_facilities_listed, window, 30));
  store = fc_store_open (capture->db, NULL);
  stmt = fc_store_prepare (store, "SELECT id FROM facility ORDER BY id LIMIT 1", NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  facility_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  g_clear_pointer (&stmt, sqlite3_finalize);

  ui_activate (window, "win.whistle", NULL);
  page = fc_window_get_page_widget (window, "whistle");
  {
    const char *record[] = { "channel", "phone", "anonymous", "1", "facility_id", facility_id,
                             "description", "楼道堆放杂物堵塞疏散通道", NULL };

    apply_report (window, page, "record", record);
  }
  stmt = fc_store_prepare (store, "SELECT id FROM whistle_report ORDER BY id DESC LIMIT 1", NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  report_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  g_clear_pointer (&stmt, sqlite3_finalize);
  {
    const char *triage[] = { "id", report_id, "category", "fire_exit", "level", "major",
                             "description", "楼道堆放杂物堵塞疏散通道", "deadline", "", NULL };

    apply_report (window, page, "triage", triage);
  }
  g_assert_null (fc_whistle_page_get_refusal (FC_WHISTLE_PAGE (page)));
  stmt = fc_store_prepare (store, "SELECT deadline FROM hazard WHERE source = 'whistleblower'"
                                  " AND description = '楼道堆放杂物堵塞疏散通道'", NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  capture->deadlines[0] = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  finish (capture, window);
  return G_SOURCE_REMOVE;
}

static void
test_whistle_triage_takes_the_deadline_setting (void)
{
  Capture capture = { 0 };
  GSettings *settings = fc_settings_get ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *expected = days_from_today (45);

  capture.db = test_scratch_path ("capture-ui/whistle.db");
  {
    g_autofree char *dir = g_path_get_dirname (capture.db);
    g_autoptr(FcStore) store = NULL;
    g_autoptr(sqlite3_stmt) stmt = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
    store = fc_store_open (capture.db, &error);
    g_assert_no_error (error);
    g_assert_true (fc_demo_generate (store, today, 2026, NULL, &error));
    g_assert_no_error (error);
    stmt = fc_store_prepare (store, "SELECT id FROM person WHERE login = 'leader1'", NULL);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    fc_store_set_user (store, (const char *) sqlite3_column_text (stmt, 0));
  }
  g_assert_true (g_settings_set_int (settings, "major-deadline-days", 45));
  run_app (&capture, drive_whistle);
  g_settings_reset (settings, "major-deadline-days");
  g_assert_cmpstr (capture.deadlines[0], ==, expected);
  g_free (capture.deadlines[0]);
  g_free (capture.db);
}

/* The settings page writes what its rows show */

static gboolean
drive_preferences (gpointer user_data)
{
  Capture *capture = user_data;
  FcWindow *window = FC_WINDOW (gtk_application_get_active_window (capture->app));
  GSettings *settings = fc_settings_get ();
  g_autoptr(GList) windows = NULL;
  FcPreferences *preferences = NULL;

  if (window == NULL)
    return G_SOURCE_CONTINUE;
  g_assert_true (ui_wait_until (ui_facilities_listed, window, 30));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (capture->app), "preferences"));
  g_action_group_activate_action (G_ACTION_GROUP (capture->app), "preferences", NULL);
  windows = gtk_window_list_toplevels ();
  for (GList *l = windows; l != NULL; l = l->next)
    if (FC_IS_PREFERENCES (l->data))
      preferences = l->data;
  g_assert_nonnull (preferences);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (preferences)));
  {
    g_auto(GStrv) accels = gtk_application_get_accels_for_action (capture->app, "app.preferences");

    g_assert_cmpstr (accels[0], ==, "<Control>comma");
  }
  g_assert_cmpint (g_settings_get_int (settings, "general-deadline-days"), ==, 30);

  /* The rows show the keys and write them as they change; the share is shown in percent. */
  {
    GtkSpinButton *days = GTK_SPIN_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (preferences),
                                                                          FC_TYPE_PREFERENCES,
                                                                          "general_days_spin"));
    GtkSpinButton *share = GTK_SPIN_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (preferences),
                                                                           FC_TYPE_PREFERENCES,
                                                                           "share_spin"));
    GtkSpinButton *edge = GTK_SPIN_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (preferences),
                                                                          FC_TYPE_PREFERENCES,
                                                                          "max_edge_spin"));

    g_assert_cmpfloat (gtk_spin_button_get_value (days), ==, 30);
    g_assert_cmpfloat (gtk_spin_button_get_value (share), ==, 20);
    g_assert_cmpfloat (gtk_spin_button_get_value (edge), ==, 2560);
    gtk_spin_button_set_value (days, 21);
    gtk_spin_button_set_value (share, 50);
    gtk_spin_button_set_value (edge, 100000);
    g_assert_cmpint (g_settings_get_int (settings, "general-deadline-days"), ==, 21);
    g_assert_cmpint (fc_settings_get_deadline_days (FALSE), ==, 21);
    g_assert_cmpfloat (fc_settings_get_look_back_share (), ==, 0.5);
    /* Held to the key's range. */
    g_assert_cmpint (g_settings_get_int (settings, "photo-max-edge"), ==, 8192);
    g_settings_reset (settings, "general-deadline-days");
    g_settings_reset (settings, "look-back-general-share");
    g_settings_reset (settings, "photo-max-edge");
  }
  gtk_window_destroy (GTK_WINDOW (preferences));
  finish (capture, window);
  return G_SOURCE_REMOVE;
}

static void
test_preferences_rows_write_their_keys (void)
{
  Capture capture = { 0 };

  capture.db = walk_district ("capture-ui/preferences.db");
  run_app (&capture, drive_preferences);
  g_free (capture.db);
}

/* Acceptance on the evidence of after-photos */

static gboolean
hazard_loaded (gpointer data)
{
  FcHazardPage *page = data;

  return fc_hazard_page_get_n_events (page) > 0 &&
         !fc_photo_strip_is_loading (fc_hazard_page_get_after_strip (page)) &&
         !fc_photo_strip_is_loading (fc_hazard_page_get_before_strip (page));
}

static void
apply_accept (FcWindow     *window,
              FcHazardPage *page)
{
  g_auto(GVariantBuilder) fields = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a{ss}"));

  g_variant_builder_add (&fields, "{ss}", "note", "现场复核，整改到位");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "hazard.apply", "(sa{ss})", "accept",
                                             &fields));
  ui_settle (window);
}

static gboolean
drive_acceptance (gpointer user_data)
{
  Capture *capture = user_data;
  FcWindow *window = FC_WINDOW (gtk_application_get_active_window (capture->app));
  FcHazardPage *page;
  FcPhotoStrip *after;

  if (window == NULL)
    return G_SOURCE_CONTINUE;
  g_assert_true (ui_wait_until (ui_facilities_listed, window, 30));
  ui_activate (window, "win.open-hazard", g_variant_new_string (capture->hazard_id));
  page = FC_HAZARD_PAGE (fc_window_get_page_widget (window, "hazard"));
  g_assert_nonnull (page);
  g_assert_true (ui_wait_until (hazard_loaded, page, 10));
  g_assert_cmpint (fc_hazard_page_get_status (page), ==, FC_HAZARD_AWAITING_ACCEPTANCE);
  after = fc_hazard_page_get_after_strip (page);
  g_assert_cmpuint (fc_photo_strip_get_n_photos (after), ==, 0);
  capture->before_shown = fc_photo_strip_get_n_photos (fc_hazard_page_get_before_strip (page));

  /* No after-photo: the guard refuses, and says why. */
  g_assert_true (fc_hazard_page_offers (page, "accept"));
  apply_accept (window, page);
  g_assert_cmpstr (fc_hazard_page_get_refusal (page), ==,
                   "Acceptance needs at least one photo taken after rectification");
  g_assert_cmpint (fc_hazard_page_get_status (page), ==, FC_HAZARD_AWAITING_ACCEPTANCE);
  {
    g_autoptr(GList) windows = gtk_window_list_toplevels ();

    for (GList *l = windows; l != NULL; l = l->next)
      if (ADW_IS_MESSAGE_DIALOG (l->data))
        gtk_window_destroy (l->data);
  }

  /* The verifier photographs the repair from the after strip; acceptance takes it. */
  capture->photo_id = take_photo (window, after);
  apply_accept (window, page);
  g_assert_null (fc_hazard_page_get_refusal (page));
  g_assert_cmpint (fc_hazard_page_get_status (page), ==, FC_HAZARD_CLOSED);
  g_assert_true (ui_wait_until (ui_strip_loaded, after, 10));
  g_assert_cmpuint (fc_photo_strip_get_n_photos (after), ==, 1);
  finish (capture, window);
  return G_SOURCE_REMOVE;
}

static void
test_acceptance_takes_after_photos_from_the_hazard_page (void)
{
  Capture capture = { 0 };
  g_autoptr(FcStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) pairs = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *sql = NULL;
  g_autofree char *evidence = NULL;
  guint befores = 0;

  capture.db = test_scratch_path ("capture-ui/acceptance.db");
  {
    g_autofree char *dir = g_path_get_dirname (capture.db);
    g_autoptr(sqlite3_stmt) stmt = NULL;

    g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
    store = fc_store_open (capture.db, &error);
    g_assert_no_error (error);
    g_assert_true (fc_demo_generate (store, today, 2026, NULL, &error));
    g_assert_no_error (error);
    /* A rectification submitted by staff, with no photo after it yet. */
    stmt = fc_store_prepare (store, "SELECT id FROM hazard WHERE status = 'rectifying' AND level = 'general'"
                                    " AND NOT EXISTS (SELECT 1 FROM photo WHERE attached_id = hazard.id"
                                    " AND purpose = 'after') ORDER BY id LIMIT 1", NULL);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    capture.hazard_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    g_clear_pointer (&stmt, sqlite3_finalize);
    stmt = fc_store_prepare (store, "SELECT id FROM person WHERE login = 'staff1'", NULL);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    fc_store_set_user (store, (const char *) sqlite3_column_text (stmt, 0));
    g_clear_pointer (&stmt, sqlite3_finalize);
    g_assert_true (fc_hazards_transition (store, capture.hazard_id, FC_HAZARD_ACTION_SUBMIT_FOR_ACCEPTANCE,
                                          NULL, NULL, &error));
    g_assert_no_error (error);
    stmt = fc_store_prepare (store, "SELECT id FROM person WHERE login = 'verifier1'", NULL);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    fc_store_set_user (store, (const char *) sqlite3_column_text (stmt, 0));
    g_clear_object (&store);
  }

  g_setenv ("FIELDCHECK_CAMERA_SOURCE", CAMERA, TRUE);
  run_app (&capture, drive_acceptance);
  g_unsetenv ("FIELDCHECK_CAMERA_SOURCE");

  store = fc_store_open (capture.db, &error);
  g_assert_no_error (error);
  /* The photo is the acceptance's, after rectification, and the event names it as evidence. */
  sql = g_strdup_printf ("SELECT count (*) FROM photo WHERE id = '%s' AND attached_kind = 'acceptance'"
                         " AND attached_id = '%s' AND purpose = 'after'", capture.photo_id, capture.hazard_id);
  g_assert_cmpint (test_count (store, sql), ==, 1);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT evidence FROM hazard_event WHERE hazard_id = '%s' AND action = 'accept'",
                         capture.hazard_id);
  evidence = test_text (store, sql);
  g_assert_cmpstr (evidence, ==, capture.photo_id);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count (*) FROM hazard WHERE id = '%s' AND status = 'closed'", capture.hazard_id);
  g_assert_cmpint (test_count (store, sql), ==, 1);
  /* The before strip showed the defect's side of the pairs. */
  pairs = fc_photos_rectification_pairs (store, capture.hazard_id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < json_array_get_length (pairs); i++)
    if (!json_object_get_null_member (json_array_get_object_element (pairs, i), "before"))
      befores++;
  g_assert_cmpuint (capture.before_shown, ==, befores);

  g_free (capture.db);
  g_free (capture.hazard_id);
  g_free (capture.photo_id);
}

/* The device's location, from the desktop's location portal
 *
 * The real xdg-desktop-portal (and the geoclue behind it) cannot run here, so
 * a fake org.freedesktop.portal.Desktop stands in for it on the test's private
 * session bus: it speaks the Location interface as the portal documents it
 * (CreateSession, Start, the request's Response, LocationUpdated, the
 * session's Close) and either gives one fix or refuses. */

#define FIX_LATITUDE  31.2304
#define FIX_LONGITUDE 121.4737
#define FIX_ACCURACY  12.0

static const char fake_portal_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.portal.Location'>"
  "    <method name='CreateSession'>"
  "      <arg type='a{sv}' name='options' direction='in'/>"
  "      <arg type='o' name='handle' direction='out'/>"
  "    </method>"
  "    <method name='Start'>"
  "      <arg type='o' name='session_handle' direction='in'/>"
  "      <arg type='s' name='parent_window' direction='in'/>"
  "      <arg type='a{sv}' name='options' direction='in'/>"
  "      <arg type='o' name='handle' direction='out'/>"
  "    </method>"
  "    <signal name='LocationUpdated'>"
  "      <arg type='o' name='session_handle'/>"
  "      <arg type='a{sv}' name='location'/>"
  "    </signal>"
  "    <property name='version' type='u' access='read'/>"
  "  </interface>"
  "  <interface name='org.freedesktop.portal.Session'>"
  "    <method name='Close'/>"
  "    <signal name='Closed'>"
  "      <arg type='a{sv}' name='details'/>"
  "    </signal>"
  "  </interface>"
  "</node>";

typedef struct
{
  GDBusConnection *bus;
  GDBusNodeInfo   *info;
  guint            owner_id;
  guint            object_id;
  guint            session_id;
  gboolean         refuse;
  guint            n_sessions;
  guint            n_closed;
  guint32          accuracy;
  char            *session_path;
} FakePortal;

static char *
fake_portal_path (const char *sender,
                  const char *kind,
                  GVariant   *options,
                  const char *key)
{
  g_autofree char *name = g_strdup (sender + 1);
  const char *token = "t";

  g_variant_lookup (options, key, "&s", &token);
  g_strdelimit (name, ".", '_');
  return g_strdup_printf ("/org/freedesktop/portal/desktop/%s/%s/%s", kind, name, token);
}

static void
fake_session_call (GDBusConnection       *bus,
                   const char            *sender,
                   const char            *path,
                   const char            *interface,
                   const char            *method,
                   GVariant              *parameters,
                   GDBusMethodInvocation *invocation,
                   gpointer               user_data)
{
  FakePortal *portal = user_data;

  portal->n_closed++;
  g_dbus_connection_unregister_object (bus, portal->session_id);
  portal->session_id = 0;
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static const GDBusInterfaceVTable fake_session_vtable = { fake_session_call, NULL, NULL, { 0 } };

static void
fake_portal_call (GDBusConnection       *bus,
                  const char            *sender,
                  const char            *path,
                  const char            *interface,
                  const char            *method,
                  GVariant              *parameters,
                  GDBusMethodInvocation *invocation,
                  gpointer               user_data)
{
  FakePortal *portal = user_data;
  g_autoptr(GVariant) options = NULL;
  g_autofree char *request = NULL;
  const char *session = NULL;
  GVariantBuilder location;

  if (g_str_equal (method, "CreateSession"))
    {
      g_variant_get (parameters, "(@a{sv})", &options);
      portal->n_sessions++;
      portal->accuracy = 0;
      g_variant_lookup (options, "accuracy", "u", &portal->accuracy);
      g_free (portal->session_path);
      portal->session_path = fake_portal_path (sender, "session", options, "session_handle_token");
      portal->session_id = g_dbus_connection_register_object (bus, portal->session_path,
                                                              portal->info->interfaces[1],
                                                              &fake_session_vtable, portal,
                                                              NULL, NULL);
      g_dbus_method_invocation_return_value (invocation,
                                             g_variant_new ("(o)", portal->session_path));
      return;
    }

  g_variant_get (parameters, "(&o&s@a{sv})", &session, NULL, &options);
  g_assert_cmpstr (session, ==, portal->session_path);
  request = fake_portal_path (sender, "request", options, "handle_token");
  g_dbus_method_invocation_return_value (invocation, g_variant_new ("(o)", request));
  /* The person said no (1), or yes and the first fix follows. */
  g_dbus_connection_emit_signal (bus, sender, request, "org.freedesktop.portal.Request", "Response",
                                 g_variant_new ("(u@a{sv})", portal->refuse ? 1 : 0,
                                                g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0)),
                                 NULL);
  if (portal->refuse)
    return;
  g_variant_builder_init (&location, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&location, "{sv}", "Latitude", g_variant_new_double (FIX_LATITUDE));
  g_variant_builder_add (&location, "{sv}", "Longitude", g_variant_new_double (FIX_LONGITUDE));
  g_variant_builder_add (&location, "{sv}", "Accuracy", g_variant_new_double (FIX_ACCURACY));
  g_variant_builder_add (&location, "{sv}", "Timestamp",
                         g_variant_new ("(tt)", (guint64) (g_get_real_time () / G_USEC_PER_SEC),
                                        (guint64) 0));
  g_dbus_connection_emit_signal (bus, sender, "/org/freedesktop/portal/desktop",
                                 "org.freedesktop.portal.Location", "LocationUpdated",
                                 g_variant_new ("(oa{sv})", session, &location), NULL);
}

static const GDBusInterfaceVTable fake_portal_vtable = { fake_portal_call, NULL, NULL, { 0 } };

static gboolean
fake_portal_owned (gpointer data)
{
  FakePortal *portal = data;
  g_autoptr(GVariant) reply = NULL;
  gboolean owned = FALSE;

  reply = g_dbus_connection_call_sync (portal->bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", "org.freedesktop.portal.Desktop"),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);
  return owned;
}

static FakePortal *
fake_portal_new (gboolean refuse)
{
  FakePortal *portal = g_new0 (FakePortal, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);

  g_assert_no_error (error);
  portal->refuse = refuse;
  portal->bus = g_dbus_connection_new_for_address_sync (address,
                                                        G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                        G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                        NULL, NULL, &error);
  g_assert_no_error (error);
  portal->info = g_dbus_node_info_new_for_xml (fake_portal_xml, &error);
  g_assert_no_error (error);
  portal->object_id = g_dbus_connection_register_object (portal->bus, "/org/freedesktop/portal/desktop",
                                                         portal->info->interfaces[0],
                                                         &fake_portal_vtable, portal, NULL, &error);
  g_assert_no_error (error);
  portal->owner_id = g_bus_own_name_on_connection (portal->bus, "org.freedesktop.portal.Desktop",
                                                   G_BUS_NAME_OWNER_FLAGS_NONE, NULL, NULL, NULL, NULL);
  g_assert_true (ui_wait_until (fake_portal_owned, portal, 10));
  return portal;
}

static void
fake_portal_free (FakePortal *portal)
{
  g_bus_unown_name (portal->owner_id);
  if (portal->session_id != 0)
    g_dbus_connection_unregister_object (portal->bus, portal->session_id);
  g_dbus_connection_unregister_object (portal->bus, portal->object_id);
  g_dbus_connection_close_sync (portal->bus, NULL, NULL);
  g_object_unref (portal->bus);
  g_dbus_node_info_unref (portal->info);
  g_free (portal->session_path);
  g_free (portal);
}

static gboolean
find_shown_label (GtkWidget  *widget,
                  const char *text)
{
  if (!gtk_widget_get_mapped (widget))
    return FALSE;
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (find_shown_label (child, text))
      return TRUE;
  return FALSE;
}

static gboolean
location_settled (gpointer data)
{
  FcLocation *location = fc_capture_window_get_location (data);

  return location != NULL && fc_location_get_state (location) != FC_LOCATION_WAITING;
}

typedef struct
{
  Capture         capture;
  FakePortal     *portal;
  const char     *line;        /* the location line the window shows, or NULL for none */
} LocationCapture;

static gboolean
portal_closed (gpointer data)
{
  FakePortal *portal = data;

  return portal->n_closed == portal->n_sessions;
}

static gboolean
drive_location (gpointer user_data)
{
  LocationCapture *lc = user_data;
  FcWindow *window = FC_WINDOW (gtk_application_get_active_window (lc->capture.app));
  FcPhotoStrip *strip;
  FcCaptureWindow *capture;

  if (window == NULL)
    return G_SOURCE_CONTINUE;
  strip = fc_item_page_get_photo_strip (ui_start_walk (window));
  g_assert_true (ui_wait_until (ui_strip_loaded, strip, 10));
  ui_activate (window, "win.answer", g_variant_new_string ("fail"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (strip), "strip.take-photo", NULL));
  g_assert_true (ui_wait_until (capture_settled, NULL, 20));
  capture = find_capture ();
  g_assert_cmpstr (fc_capture_window_get_state (capture), ==, "preview");
  if (lc->line != NULL)
    g_assert_true (ui_wait_until (location_settled, capture, 10));
  else
    g_assert_null (fc_capture_window_get_location (capture));
  ui_settle (window);
  if (lc->line != NULL)
    g_assert_true (find_shown_label (GTK_WIDGET (capture), lc->line));
  g_assert_false (find_shown_label (GTK_WIDGET (capture), "Location unavailable") &&
                  g_strcmp0 (lc->line, "Location unavailable") != 0);
  /* Whatever the portal said, the shutter works. */
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (capture)));
  wait_for_frame (capture, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (capture), "capture.shutter", NULL));
  g_assert_true (ui_wait_until (capture_taken, capture, 20));
  g_assert_cmpstr (fc_capture_window_get_error (capture), ==, NULL);
  gtk_window_close (GTK_WINDOW (capture));
  g_assert_true (ui_wait_until (capture_gone, NULL, 5));
  /* The window closed its session with the portal as it went. */
  g_assert_true (ui_wait_until (portal_closed, lc->portal, 10));
  ui_settle (window);
  g_assert_true (ui_wait_until (strip_has_photos, strip, 10));
  lc->capture.photo_id = g_strdup (fc_photo_strip_get_photo_id (strip, 0));
  finish (&lc->capture, window);
  return G_SOURCE_REMOVE;
}

static JsonObject *
capture_with_portal (gboolean     store_location,
                     gboolean     refuse,
                     const char  *line,
                     const char  *db,
                     FakePortal **out_portal)
{
  LocationCapture lc = { { 0 } };
  GSettings *settings = fc_settings_get ();
  g_autoptr(FcStore) store = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *photo;

  g_assert_true (g_settings_set_boolean (settings, "store-photo-location", store_location));
  g_setenv ("FIELDCHECK_CAMERA_SOURCE", CAMERA, TRUE);
  lc.portal = fake_portal_new (refuse);
  lc.line = line;
  lc.capture.db = walk_district (db);
  run_app (&lc.capture, drive_location);
  g_unsetenv ("FIELDCHECK_CAMERA_SOURCE");
  g_settings_reset (settings, "store-photo-location");

  store = fc_store_open (lc.capture.db, &error);
  g_assert_no_error (error);
  photo = fc_photos_get (store, lc.capture.photo_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (photo);
  *out_portal = lc.portal;
  g_free (lc.capture.db);
  g_free (lc.capture.photo_id);
  return photo;
}

static void
test_capture_keeps_the_portals_fix_when_the_setting_allows (void)
{
  FakePortal *portal = NULL;
  g_autoptr(JsonObject) photo = capture_with_portal (TRUE, FALSE, "Location ±12 m",
                                                     "capture-ui/location.db", &portal);

  /* Asked once, at the finest accuracy, and closed with the window. */
  g_assert_cmpuint (portal->n_sessions, ==, 1);
  g_assert_cmpuint (portal->accuracy, ==, 5);
  g_assert_cmpuint (portal->n_closed, ==, 1);
  g_assert_false (json_object_get_null_member (photo, "latitude"));
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (photo, "latitude"), FIX_LATITUDE, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (photo, "longitude"), FIX_LONGITUDE, 1e-9);
  fake_portal_free (portal);
}

static void
test_capture_asks_no_location_when_the_setting_forbids (void)
{
  FakePortal *portal = NULL;
  g_autoptr(JsonObject) photo = capture_with_portal (FALSE, FALSE, NULL,
                                                     "capture-ui/no-location.db", &portal);

  /* The portal is never asked, and the photo holds no place. */
  g_assert_cmpuint (portal->n_sessions, ==, 0);
  g_assert_true (json_object_get_null_member (photo, "latitude"));
  g_assert_true (json_object_get_null_member (photo, "longitude"));
  fake_portal_free (portal);
}

static void
test_capture_without_a_fix_when_the_portal_refuses (void)
{
  FakePortal *portal = NULL;
  g_autoptr(JsonObject) photo = capture_with_portal (TRUE, TRUE, "Location unavailable",
                                                     "capture-ui/refused.db", &portal);

  g_assert_cmpuint (portal->n_sessions, ==, 1);
  g_assert_cmpuint (portal->n_closed, ==, 1);
  g_assert_true (json_object_get_null_member (photo, "latitude"));
  g_assert_true (json_object_get_null_member (photo, "longitude"));
  fake_portal_free (portal);
}

int
main (int    argc,
      char **argv)
{
  GTestDBus *bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));
  int status;

  /* A private session bus: no portal of the machine's answers, only the fake one
   * a test puts there. Bringing it up unsets DISPLAY, which Xvfb gave us. */
  g_test_dbus_up (bus);
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/capture-ui/capture-keeps-a-scaled-jpeg-on-the-answer",
                   test_capture_keeps_a_scaled_jpeg_on_the_answer);
  g_test_add_func ("/capture-ui/still-becomes-a-jpeg-of-the-settings-size-and-quality",
                   test_still_becomes_a_jpeg_of_the_settings_size_and_quality);
  g_test_add_func ("/capture-ui/no-camera-says-so-and-import-still-works",
                   test_no_camera_says_so_and_import_still_works);
  g_test_add_func ("/capture-ui/deadline-setting-gives-the-dialog-its-default",
                   test_deadline_setting_gives_the_dialog_its_default);
  g_test_add_func ("/capture-ui/whistle-triage-takes-the-deadline-setting",
                   test_whistle_triage_takes_the_deadline_setting);
  g_test_add_func ("/capture-ui/preferences-rows-write-their-keys",
                   test_preferences_rows_write_their_keys);
  g_test_add_func ("/capture-ui/acceptance-takes-after-photos-from-the-hazard-page",
                   test_acceptance_takes_after_photos_from_the_hazard_page);
  g_test_add_func ("/capture-ui/capture-keeps-the-portals-fix-when-the-setting-allows",
                   test_capture_keeps_the_portals_fix_when_the_setting_allows);
  g_test_add_func ("/capture-ui/capture-asks-no-location-when-the-setting-forbids",
                   test_capture_asks_no_location_when_the_setting_forbids);
  g_test_add_func ("/capture-ui/capture-without-a-fix-when-the-portal-refuses",
                   test_capture_without_a_fix_when_the_portal_refuses);
  status = g_test_run ();
  /* Not g_test_dbus_down(): something in the process (GTK or the application,
   * not tracked down) still holds the session bus, and down() would wait for it in vain. */
  g_test_dbus_stop (bus);
  return status;
}
