/* test-photos-ui.c: photos in the walk, through the window on a real store
 * file — a photo added to a failed item shows in the strip once, a file that
 * is not a photo stores nothing, the viewer opens it, an arrow drawn on it is
 * saved as an annotation revision and the photo's bytes stay as they were */

#include "config.h"

#include <string.h>

#include "fc-application.h"
#include "fc-item-page.h"
#include "fc-photo-viewer.h"
#include "fc-photos.h"
#include "fc-start-page.h"
#include "../core/test-inspection-util.h"
#include "../core/test-photo-util.h"
#include "ui-walk-util.h"

typedef struct
{
  GtkApplication *app;
  char           *db;
  char           *jpeg;
  char           *text;
  char           *sha;
  char           *photo_id;
  gboolean        done;
} Photos;

static FcPhotoViewer *
find_viewer (void)
{
  return ui_find_toplevel (FC_TYPE_PHOTO_VIEWER);
}

static gboolean
viewer_ready (gpointer data)
{
  FcPhotoViewer *viewer = find_viewer ();

  return viewer != NULL && !fc_photo_viewer_is_loading (viewer) &&
         gtk_widget_get_width (GTK_WIDGET (fc_photo_viewer_get_editor (viewer))) > 100;
}

static gboolean
viewer_gone (gpointer data)
{
  return find_viewer () == NULL;
}

static gboolean
drive (gpointer user_data)
{
  Photos *photos = user_data;
  FcWindow *window = FC_WINDOW (gtk_application_get_active_window (photos->app));
  FcItemPage *page;
  FcPhotoStrip *strip;
  FcPhotoViewer *viewer;
  FcAnnotationEditor *editor;
  double width, height;

  if (window == NULL)
    return G_SOURCE_CONTINUE;
  page = ui_start_walk (window);
  strip = fc_item_page_get_photo_strip (page);
  g_assert_true (ui_wait_until (ui_strip_loaded, strip, 10));
  g_assert_cmpuint (fc_photo_strip_get_n_photos (strip), ==, 0);

  /* The item fails; its answer takes the photo, once, however often it is added. */
  ui_activate (window, "win.answer", g_variant_new_string ("fail"));
  ui_activate (window, "win.add-photo-from", g_variant_new_string (photos->jpeg));
  g_assert_true (ui_wait_until (ui_strip_loaded, strip, 10));
  g_assert_cmpuint (fc_photo_strip_get_n_photos (strip), ==, 1);
  ui_activate (window, "win.add-photo-from", g_variant_new_string (photos->jpeg));
  ui_activate (window, "win.add-photo-from", g_variant_new_string (photos->text));
  g_assert_true (ui_wait_until (ui_strip_loaded, strip, 10));
  g_assert_cmpuint (fc_photo_strip_get_n_photos (strip), ==, 1);
  photos->photo_id = g_strdup (fc_photo_strip_get_photo_id (strip, 0));

  /* The viewer; an arrow from the upper left to the middle, saved. */
  ui_activate (window, "win.open-photo", g_variant_new_string (photos->photo_id));
  g_assert_true (ui_wait_until (viewer_ready, NULL, 10));
  viewer = find_viewer ();
  g_assert_cmpstr (fc_photo_viewer_get_photo_id (viewer), ==, photos->photo_id);
  editor = fc_photo_viewer_get_editor (viewer);
  fc_photo_viewer_set_drawing (viewer, TRUE);
  g_assert_cmpint (fc_annotation_editor_get_tool (editor), ==, FC_ANNOTATION_TOOL_ARROW);
  width = gtk_widget_get_width (GTK_WIDGET (editor));
  height = gtk_widget_get_height (GTK_WIDGET (editor));
  {
    const double arrow[] = { width * 0.3, height * 0.3, width * 0.45, height * 0.4, width * 0.5, height * 0.5 };

    fc_annotation_editor_drag (editor, arrow, G_N_ELEMENTS (arrow) / 2);
  }
  g_assert_true (fc_annotation_editor_get_modified (editor));
  g_assert_cmpuint (fc_annotation_editor_get_layer (editor)->shapes->len, ==, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.save", NULL));
  ui_settle (window);
  g_assert_false (fc_annotation_editor_get_modified (editor));

  /* Zoom by the wheel's steps stays within its bounds. */
  fc_annotation_editor_set_zoom (editor, 20);
  g_assert_cmpfloat (fc_annotation_editor_get_zoom (editor), ==, 8);
  fc_annotation_editor_set_zoom (editor, 0.1);
  g_assert_cmpfloat (fc_annotation_editor_get_zoom (editor), ==, 1);

  gtk_window_close (GTK_WINDOW (viewer));
  g_assert_true (ui_wait_until (viewer_gone, NULL, 5));

  photos->done = TRUE;
  gtk_window_destroy (GTK_WINDOW (window));
  g_application_quit (G_APPLICATION (photos->app));
  return G_SOURCE_REMOVE;
}

static void
test_photo_added_shown_annotated_and_kept_once (void)
{
  g_autoptr(FcApplication) app = fc_application_new ();
  Photos photos = { 0 };
  g_autoptr(FcStore) store = NULL;
  g_autoptr(GBytes) jpeg = test_jpeg_simple (640, 480, 7);
  g_autoptr(GBytes) stored = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *layer = NULL;
  g_autoptr(GError) error = NULL;
  char *argv[4] = { (char *) "fieldcheck", (char *) "--db", NULL, NULL };

  {
    g_autoptr(TestDistrict) district = test_district_new ("photos-ui/photos.db");

    photos.db = g_strdup (fc_store_get_path (district->store));
  }
  photos.jpeg = test_scratch_path ("panel.jpg");
  photos.text = test_scratch_path ("notes.jpg");
  g_assert_true (g_file_set_contents (photos.jpeg, g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg),
                                      NULL));
  g_assert_true (g_file_set_contents (photos.text, "not a photo at all", -1, NULL));
  photos.sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, jpeg);
  photos.app = GTK_APPLICATION (app);
  argv[2] = photos.db;
  g_timeout_add (50, drive, &photos);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 3, argv), ==, 0);
  g_assert_true (photos.done);

  store = fc_store_open (photos.db, NULL);
  g_assert_nonnull (store);
  sql = g_strdup_printf ("SELECT count (*) FROM photo WHERE sha256 = '%s' AND attached_kind = 'result'"
                         " AND purpose = 'defect'", photos.sha);
  g_assert_cmpint (test_count (store, sql), ==, 1);
  g_assert_cmpint (test_count (store, "SELECT count (*) FROM photo"), ==, 1);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count (*) FROM photo_annotation WHERE photo_id = '%s'", photos.photo_id);
  g_assert_cmpint (test_count (store, sql), ==, 1);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT layer FROM photo_annotation WHERE photo_id = '%s'", photos.photo_id);
  layer = test_text (store, sql);
  g_assert_nonnull (strstr (layer, "arrow"));

  /* The original is byte for byte what was imported. */
  stored = fc_photos_load (store, photos.photo_id, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (stored, jpeg));
  test_assert_photos_verify_clean (photos.db, 1);

  g_free (photos.db);
  g_free (photos.jpeg);
  g_free (photos.text);
  g_free (photos.sha);
  g_free (photos.photo_id);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/photos/added-shown-annotated-and-kept-once",
                   test_photo_added_shown_annotated_and_kept_once);
  return g_test_run ();
}
