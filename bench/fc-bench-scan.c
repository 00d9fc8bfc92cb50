/* fc-bench-scan.c: from a camera frame holding a tag to the equipment page on screen
 *
 * The real window on the demo district, its scan page fed by an appsrc in
 * place of the camera (FIELDCHECK_CAMERA_SOURCE): blank 720p frames at 30 fps,
 * then frames holding a tag. The time runs from pushing the first frame with
 * the tag to the first frame the window paints with the equipment page, and
 * is printed against the aim (150 ms) and against the floor measured in the
 * same run: one libzbar pass over the same frame.
 *
 * Run it under a display: xvfb-run -a fc-bench-scan [ROUNDS]; FC_BENCH_VERBOSE=1
 * prints each round's time to the code being read and to the paint. Under Xvfb
 * without a GPU, GSK_RENDERER=cairo paints faster than GL on llvmpipe.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gst/app/gstappsrc.h>

#include "fc-application.h"
#include "fc-camera-private.h"
#include "fc-demo.h"
#include "fc-scan-page.h"
#include "fc-tag.h"
#include "fc-tag-decode.h"
#include "fc-window.h"

#define WIDTH 1280
#define HEIGHT 720
#define FRAME_US (G_USEC_PER_SEC / 30)
#define AIM_MS 150.0
#define SOURCE "appsrc name=src is-live=true format=time do-timestamp=true " \
               "caps=video/x-raw,format=GRAY8,width=1280,height=720,framerate=30/1"

typedef struct
{
  GtkApplication *app;
  guint           rounds;
  GArray         *latencies;   /* ms */
  guint8         *blank;
  guint8         *tagged;
  gboolean        failed;
} Bench;

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
iterate_for (gint64 us)
{
  gint64 until = g_get_monotonic_time () + us;

  while (g_get_monotonic_time () < until)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (200);
}

static gboolean
wait_for (gboolean (*done) (gpointer), gpointer data, double seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (!done (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (200);
    }
  return TRUE;
}

static gboolean
loaded (gpointer data)
{
  return g_strcmp0 (fc_window_get_state (data), "list") == 0 && fc_window_get_pending (data) == 0;
}

static gboolean
previewing (gpointer data)
{
  return g_strcmp0 (fc_scan_page_get_state (data), "preview") == 0;
}

static void
push (GstElement   *src,
      const guint8 *pixels)
{
  gst_app_src_push_buffer (GST_APP_SRC (src), gst_buffer_new_memdup (pixels, (gsize) WIDTH * HEIGHT));
}

typedef struct
{
  FcWindow *window;
  gint64    shown_at;
  gint64    read_at;
  gint64    page_at;
} Paint;

static void
on_code_read_cb (FcCamera   *camera,
                 const char *text,
                 guint64     frame,
                 Paint      *paint)
{
  if (paint->read_at == 0)
    paint->read_at = g_get_monotonic_time ();
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   Paint         *paint)
{
  if (paint->shown_at == 0 && g_strcmp0 (fc_window_get_page (paint->window), "equipment") == 0)
    paint->shown_at = g_get_monotonic_time ();
}

static gboolean
painted (gpointer data)
{
  return ((Paint *) data)->shown_at != 0;
}

static double
one_round (Bench    *bench,
           FcWindow *window)
{
  FcScanPage *scan = FC_SCAN_PAGE (fc_window_get_page_widget (window, "scan"));
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_autoptr(GstElement) src = NULL;
  Paint paint = { window, 0 };
  gulong handler;
  gint64 start, next;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.scan", NULL);
  if (!wait_for (previewing, scan, 10) || fc_scan_page_get_camera (scan) == NULL)
    return -1;
  src = _fc_camera_get_element (fc_scan_page_get_camera (scan), "src");
  /* Half a second of an empty view, as when the camera is raised towards the tag. */
  for (guint i = 0; i < 15; i++)
    {
      push (src, bench->blank);
      iterate_for (FRAME_US);
    }

  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), &paint);
  g_signal_connect (fc_scan_page_get_camera (scan), "code-read", G_CALLBACK (on_code_read_cb), &paint);
  start = g_get_monotonic_time ();
  next = start;
  while (paint.shown_at == 0 && g_get_monotonic_time () - start < 5 * G_USEC_PER_SEC)
    {
      if (g_get_monotonic_time () >= next && g_strcmp0 (fc_window_get_page (window), "scan") == 0)
        {
          push (src, bench->tagged);
          next += FRAME_US;
        }
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (200);
    }
  wait_for (painted, &paint, 1);
  if (g_getenv ("FC_BENCH_VERBOSE"))
    fprintf (stderr, "read %.1f ms, painted %.1f ms\n", (paint.read_at - start) / 1000.0,
             (paint.shown_at - start) / 1000.0);
  g_signal_handler_disconnect (clock, handler);
  return paint.shown_at != 0 ? (paint.shown_at - start) / 1000.0 : -1;
}

static double
zbar_floor (const guint8 *grey)
{
  g_autoptr(FcTagDecoder) decoder = fc_tag_decoder_new ();
  double best = G_MAXDOUBLE;

  for (guint i = 0; i < 20; i++)
    {
      gint64 t0 = g_get_monotonic_time ();
      g_auto(GStrv) texts = fc_tag_decoder_scan (decoder, grey, WIDTH, HEIGHT, WIDTH);

      g_assert (texts != NULL);
      best = MIN (best, (g_get_monotonic_time () - t0) / 1000.0);
    }
  return best;
}

static gboolean
drive (gpointer data)
{
  Bench *bench = data;
  GtkWindow *active = gtk_application_get_active_window (bench->app);
  FcWindow *window;

  if (active == NULL)
    return G_SOURCE_CONTINUE;
  window = FC_WINDOW (active);
  if (!wait_for (loaded, window, 60))
    {
      fprintf (stderr, "the window did not load the district\n");
      bench->failed = TRUE;
    }
  for (guint i = 0; !bench->failed && i < bench->rounds; i++)
    {
      double ms = one_round (bench, window);

      if (ms < 0)
        {
          fprintf (stderr, "round %u: the equipment page never opened\n", i + 1);
          bench->failed = TRUE;
          break;
        }
      g_array_append_val (bench->latencies, ms);
    }
  gtk_window_destroy (active);
  g_application_quit (G_APPLICATION (bench->app));
  return G_SOURCE_REMOVE;
}

static void
render (Bench      *bench,
        const char *payload)
{
  g_autoptr(QRcode) qr = fc_tag_encode_qr (payload, NULL);
  g_autofree guint8 *grey = NULL;
  guint side;

  g_assert (qr != NULL);
  /* About what a tag of 20 mm gives at a hand's length from a 720p camera. */
  grey = fc_tag_qr_to_grey (qr, 6, 4, &side);
  bench->blank = g_malloc ((gsize) WIDTH * HEIGHT);
  memset (bench->blank, 0xc8, (gsize) WIDTH * HEIGHT);
  bench->tagged = g_memdup2 (bench->blank, (gsize) WIDTH * HEIGHT);
  for (guint y = 0; y < side; y++)
    memcpy (bench->tagged + (gsize) (200 + y) * WIDTH + 500, grey + (gsize) y * side, side);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = g_dir_make_tmp ("fc-bench-scan-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "demo.db", NULL);
  g_autofree char *code = NULL;
  g_autofree char *payload = NULL;
  g_autoptr(FcApplication) app = NULL;
  Bench bench = { 0 };
  char *app_argv[] = { (char *) "fieldcheck", (char *) "--db", db, NULL };
  double floor_ms, median_ms, p90_ms;

  bench.rounds = argc > 1 ? (guint) atoi (argv[1]) : 20;
  bench.latencies = g_array_new (FALSE, FALSE, sizeof (double));
  g_setenv ("FIELDCHECK_CAMERA_SOURCE", SOURCE, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", FALSE);
  gst_init (&argc, &argv);
  {
    g_autoptr(FcStore) store = fc_store_open (db, NULL);
    sqlite3_stmt *stmt = NULL;

    if (store == NULL || !fc_demo_generate (store, "2026-11-29", 2026, NULL, NULL))
      return 1;
    sqlite3_prepare_v2 (fc_store_get_db (store), "SELECT tag_code FROM equipment WHERE tag_code IS NOT NULL"
                        " AND retired = 0 ORDER BY tag_code LIMIT 1", -1, &stmt, NULL);
    if (sqlite3_step (stmt) == SQLITE_ROW)
      code = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    sqlite3_finalize (stmt);
  }
  payload = fc_tag_format (FC_DEMO_DISTRICT, code, NULL);
  render (&bench, payload);
  floor_ms = zbar_floor (bench.tagged);

  app = fc_application_new ();
  bench.app = GTK_APPLICATION (app);
  g_timeout_add (50, drive, &bench);
  g_application_run (G_APPLICATION (app), 3, app_argv);
  if (bench.failed || bench.latencies->len == 0)
    return 1;

  qsort (bench.latencies->data, bench.latencies->len, sizeof (double), compare_doubles);
  median_ms = g_array_index (bench.latencies, double, bench.latencies->len / 2);
  p90_ms = g_array_index (bench.latencies, double, bench.latencies->len * 9 / 10);
  printf ("frame with a tag → equipment page painted, %u rounds, %d×%d frames at 30 fps\n",
          bench.latencies->len, WIDTH, HEIGHT);
  printf ("  median %.1f ms, p90 %.1f ms, worst %.1f ms\n", median_ms, p90_ms,
          g_array_index (bench.latencies, double, bench.latencies->len - 1));
  printf ("  median / aim (%.0f ms): %.2f×   p90 / aim: %.2f×\n", AIM_MS, median_ms / AIM_MS, p90_ms / AIM_MS);
  printf ("  floor: one libzbar pass over the same frame, %.2f ms; median / floor: %.1f×\n",
          floor_ms, median_ms / floor_ms);
  g_array_unref (bench.latencies);
  g_free (bench.blank);
  g_free (bench.tagged);
  return 0;
}
