/* fc-bench-photos-ui.c: resident memory of a hazard page showing many photos
 *
 *   fc-bench-photos-ui [PHOTOS]
 *
 * Imports PHOTOS (200) distinct 1600 × 1200 JPEGs onto one hazard of a demo
 * store, as photos before rectification, then, in a window, measures the
 * resident memory (VmRSS) with the window drawn and the hazard page empty —
 * the floor — and again once the page has shown the hazard and its evidence
 * strips have loaded and drawn every thumbnail. Prints both, their ratio, the
 * memory per photo and how long the page took to load. Run under a display
 * (xvfb-run -a -s "-screen 0 1280x800x24").
 */

#include "config.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "fc-demo.h"
#include "fc-hazard-page.h"
#include "fc-photo-decode.h"
#include "fc-photo-strip.h"
#include "fc-photos.h"
#include "fc-store-service.h"

static gint64
rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");
  return line != NULL ? g_ascii_strtoll (line + 6, NULL, 10) : -1;
}

static GBytes *
make_photo (guint i)
{
  const guint w = 1600, h = 1200;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) w, (int) h);
  cairo_t *cr = cairo_create (surface);
  g_autoptr(FcPixels) pixels = fc_pixels_new (w, h);
  g_autoptr(GRand) rand = g_rand_new_with_seed (i);
  const guint8 *data;
  int stride;

  for (guint r = 0; r < 24; r++)
    {
      cairo_set_source_rgb (cr, g_rand_double (rand), g_rand_double (rand), g_rand_double (rand));
      cairo_rectangle (cr, g_rand_double_range (rand, 0, w), g_rand_double_range (rand, 0, h),
                       g_rand_double_range (rand, 100, 900), g_rand_double_range (rand, 100, 700));
      cairo_fill (cr);
    }
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (guint y = 0; y < h; y++)
    for (guint x = 0; x < w; x++)
      {
        guint32 argb = *(const guint32 *) (data + y * stride + x * 4);
        guint8 *rgb = pixels->data + ((gsize) y * w + x) * 3;

        rgb[0] = (argb >> 16) & 0xff;
        rgb[1] = (argb >> 8) & 0xff;
        rgb[2] = argb & 0xff;
      }
  cairo_surface_destroy (surface);
  return fc_pixels_encode_jpeg (pixels, 85, NULL);
}

static char *
prepare_store (const char *dir,
               guint       n)
{
  g_autofree char *path = g_build_filename (dir, "bench.db", NULL);
  g_autoptr(FcStore) store = fc_store_open (path, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  char *hazard = NULL;

  if (store == NULL || !fc_demo_generate (store, "2026-11-29", 2026, NULL, &error))
    g_error ("Cannot make the demo store: %s", error ? error->message : "");
  stmt = fc_store_prepare (store, "SELECT id FROM hazard ORDER BY id LIMIT 1", NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    g_error ("The demo store has no hazard");
  hazard = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GBytes) jpeg = make_photo (i + 1);
      FcPhotoTarget target = { "hazard", hazard, "before" };
      g_autofree char *id = fc_photos_import (store, jpeg, &target, &error);

      if (id == NULL)
        g_error ("Cannot import photo %u: %s", i, error->message);
    }
  return hazard;
}

static gboolean
page_done (FcHazardPage *page,
           guint         n)
{
  FcPhotoStrip *before = fc_hazard_page_get_before_strip (page);

  return fc_hazard_page_get_n_events (page) > 0 && !fc_photo_strip_is_loading (before) &&
         fc_photo_strip_get_n_photos (before) >= n &&
         !fc_photo_strip_is_loading (fc_hazard_page_get_after_strip (page));
}

/* Lets the main loop run for @ms, drawing frames. */
static void
run_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* In a fresh process, so the memory of making the store does not count. */
static int
measure (const char *db,
         const char *hazard,
         guint       n)
{
  g_autoptr(FcStoreService) service = NULL;
  GtkWidget *window, *overlay;
  FcHazardPage *page;
  FcPhotoStrip *strip;
  gint64 rss_before, rss_window, rss_strip, start, loaded;

  gtk_init ();
  adw_init ();
  rss_before = rss_kb ();
  service = fc_store_service_new (db, FALSE);
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  /* The page in a toast overlay, as the window holds it. */
  overlay = adw_toast_overlay_new ();
  page = g_object_new (FC_TYPE_HAZARD_PAGE, NULL);
  fc_hazard_page_set_service (page, service);
  strip = fc_hazard_page_get_before_strip (page);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (page));
  gtk_window_set_child (GTK_WINDOW (window), overlay);
  gtk_window_present (GTK_WINDOW (window));
  run_for (1500);
  rss_window = rss_kb ();

  start = g_get_monotonic_time ();
  fc_hazard_page_show (page, hazard);
  while (!page_done (page, n))
    g_main_context_iteration (NULL, TRUE);
  loaded = g_get_monotonic_time ();
  run_for (1500);
  rss_strip = rss_kb ();

  g_print ("photos shown:                %u\n", fc_photo_strip_get_n_photos (strip));
  g_print ("hazard page loaded in:       %.0f ms\n", (loaded - start) / 1000.0);
  g_print ("RSS, GTK initialised:        %.1f MB\n", rss_before / 1024.0);
  g_print ("RSS, window, empty page:     %.1f MB\n", rss_window / 1024.0);
  g_print ("RSS, hazard page, %u photos: %.1f MB\n", fc_photo_strip_get_n_photos (strip),
           rss_strip / 1024.0);
  g_print ("ratio to the window alone:   %.2f×\n", (double) rss_strip / rss_window);
  g_print ("per photo:                   %.0f KB\n",
           (double) (rss_strip - rss_window) / fc_photo_strip_get_n_photos (strip));
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

int
main (int    argc,
      char **argv)
{
  guint n = argc > 1 ? (guint) atoi (argv[1]) : 200;
  g_autofree char *dir = NULL;
  g_autofree char *hazard = NULL;
  g_autofree char *db = NULL;
  g_autofree char *count = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  if (argc == 5 && g_str_equal (argv[1], "--measure"))
    return measure (argv[2], argv[3], (guint) atoi (argv[4]));

  dir = g_dir_make_tmp ("fc-bench-photos-ui-XXXXXX", NULL);
  g_print ("Importing %u photos of 1600 × 1200…\n", n);
  hazard = prepare_store (dir, n);
  db = g_build_filename (dir, "bench.db", NULL);
  count = g_strdup_printf ("%u", n);
  {
    const char *child[] = { argv[0], "--measure", db, hazard, count, NULL };

    if (!g_spawn_sync (NULL, (char **) child, NULL, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL, NULL,
                       NULL, &status, &error))
      g_error ("%s", error->message);
  }
  return g_spawn_check_wait_status (status, NULL) ? 0 : 1;
}
