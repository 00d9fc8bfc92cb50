/* fc-bench-scan.c: from a camera frame holding a tag to the equipment page on screen
 *
 * The real window on the demo district, its scan page fed by an appsrc in
 * place of the camera (FIELDCHECK_CAMERA_SOURCE): blank 720p frames at 30 fps,
 * then frames holding a tag. The time runs from pushing the first frame with
 * the tag to the first frame the window paints with the equipment page, and
 * is printed against the aim (150 ms) and against the floor measured in the
 * same run: one libzbar pass over the same frame.
 *
 * Run it under a display: xvfb-run -a fc-bench-scan [--db STORE] [ROUNDS];
 * FC_BENCH_VERBOSE=1 prints each round's time to the code being read and to the
 * paint. Under Xvfb without a GPU, GSK_RENDERER=cairo paints faster than GL on
 * llvmpipe.
 *
 * With --db, the window opens a copy of STORE instead of the demo district
 * (STORE itself is only read: the copy is migrated and written). The ten-year
 * store of fc-bench-generate has no equipment, so the copy is given a register
 * first, through the write API: a district code, twelve tagged pieces per
 * facility, and for the piece that is scanned the results of its facility's
 * last inspections recorded against it and a few open hazards, so that every
 * query of the equipment page reads among ten years of rows.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gst/app/gstappsrc.h>

#include "fc-application.h"
#include "fc-camera-private.h"
#include "fc-demo.h"
#include "fc-equipment.h"
#include "fc-hazards.h"
#include "fc-queries.h"
#include "fc-store-write.h"
#include "fc-scan-page.h"
#include "fc-tag.h"
#include "fc-tag-decode.h"
#include "fc-window.h"

#define WIDTH 1280
#define HEIGHT 720
#define FRAME_US (G_USEC_PER_SEC / 30)
#define AIM_MS 150.0
#define BENCH_DISTRICT "500154"
#define PIECES_PER_FACILITY 12
#define SCANNED_RESULTS 400
#define SCANNED_HAZARDS 3
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

/* What the scan job asks of the store: the tag resolved, the equipment page's overview read. */
static double
store_time (const char *db,
            const char *payload)
{
  g_autoptr(FcStore) store = fc_store_open (db, NULL);
  double best = G_MAXDOUBLE;

  for (guint i = 0; store != NULL && i < 5; i++)
    {
      g_auto(FcTagMatch) match = { 0 };
      g_autoptr(JsonObject) overview = NULL;
      gint64 t0 = g_get_monotonic_time ();

      if (!fc_equipment_resolve_tag (store, payload, NULL, &match, NULL) || match.equipment == NULL)
        return -1;
      overview = fc_equipment_overview (store, json_object_get_string_member (match.equipment, "id"),
                                        NULL, NULL);
      if (overview == NULL)
        return -1;
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

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_remove (child);
    }
  if (dir != NULL)
    g_dir_close (dir);
  g_rmdir (path);
}

/* A consistent copy even of a store another process has open in WAL mode. */
static gboolean
copy_store (const char *source,
            const char *dest)
{
  sqlite3 *from = NULL, *to = NULL;
  sqlite3_backup *backup;
  int rc = SQLITE_ERROR;

  if (sqlite3_open_v2 (source, &from, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_open (dest, &to) == SQLITE_OK &&
      (backup = sqlite3_backup_init (to, "main", from, "main")) != NULL)
    {
      sqlite3_backup_step (backup, -1);
      rc = sqlite3_backup_finish (backup);
    }
  if (rc != SQLITE_OK)
    fprintf (stderr, "cannot copy %s: %s\n", source, sqlite3_errmsg (to ? to : from));
  sqlite3_close (from);
  sqlite3_close (to);
  return rc == SQLITE_OK;
}

static gboolean
write_one (FcStore *store,
           FcOp    *op)
{
  g_autoptr(GError) error = NULL;

  if (fc_store_write (store, op, &error))
    return TRUE;
  fprintf (stderr, "cannot prepare the store: %s\n", error->message);
  return FALSE;
}

/* Gives a store without equipment a register; returns the scanned piece's tag code. */
static char *
give_register (FcStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) facilities = NULL;
  g_autoptr(JsonArray) inspections = NULL;
  g_autoptr(JsonArray) items = NULL;
  const char *const *kinds = fc_equipment_kinds ();
  guint n_kinds = g_strv_length ((char **) kinds), tag = 0, results = 0;
  g_autofree char *scanned_id = NULL;
  g_autofree char *scanned_facility = NULL;
  const char *params[2] = { NULL };

  if (!fc_equipment_set_district (store, BENCH_DISTRICT, &error) ||
      (facilities = fc_query_rows (store, "SELECT id FROM facility WHERE retired = 0 ORDER BY id",
                                   NULL, &error)) == NULL ||
      !fc_store_begin (store, &error))
    {
      fprintf (stderr, "cannot prepare the store: %s\n", error->message);
      return NULL;
    }
  for (guint f = 0; f < json_array_get_length (facilities); f++)
    for (guint k = 0; k < PIECES_PER_FACILITY; k++)
      {
        g_autoptr(FcOp) op = fc_op_new_insert ("equipment", NULL);
        const char *kind = kinds[k % n_kinds];
        g_autofree char *code = g_strdup_printf ("T%05u", ++tag);
        g_autofree char *name = g_strdup_printf ("%s %u", fc_equipment_kind_label (kind), k + 1);

        fc_op_set_string (op, "facility_id",
                          json_object_get_string_member (json_array_get_object_element (facilities, f), "id"));
        fc_op_set_string (op, "kind", kind);
        fc_op_set_string (op, "name", name);
        fc_op_set_string (op, "location", "一楼走廊");
        fc_op_set_string (op, "tag_code", code);
        fc_op_set_string (op, "expires_on", "2028-06-30");
        if (!write_one (store, op))
          return NULL;
        if (scanned_id == NULL)
          {
            scanned_id = g_strdup (op->row_id);
            scanned_facility = g_strdup (json_object_get_string_member (json_array_get_object_element (facilities, f), "id"));
          }
      }

  /* The scanned piece (an extinguisher) has a history: answers of past inspections, open hazards. */
  params[0] = scanned_facility;
  inspections = fc_query_rows (store, "SELECT id, started_at FROM inspection WHERE facility_id = ?"
                               " ORDER BY started_at DESC LIMIT 400", params, &error);
  items = fc_query_rows (store, "SELECT id FROM checklist_item"
                         " WHERE ',' || equipment_kinds || ',' LIKE '%,extinguisher,%'", NULL, &error);
  if (inspections == NULL || items == NULL)
    {
      fprintf (stderr, "cannot prepare the store: %s\n", error->message);
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (inspections) && results < SCANNED_RESULTS; i++)
    for (guint j = 0; j < json_array_get_length (items) && results < SCANNED_RESULTS; j++, results++)
      {
        JsonObject *inspection = json_array_get_object_element (inspections, i);
        g_autoptr(FcOp) op = fc_op_new_insert ("result", NULL);

        fc_op_set_string (op, "inspection_id", json_object_get_string_member (inspection, "id"));
        fc_op_set_string (op, "item_id", json_object_get_string_member (json_array_get_object_element (items, j), "id"));
        fc_op_set_string (op, "equipment_id", scanned_id);
        fc_op_set_string (op, "answer", results % 40 ? "pass" : "fail");
        fc_op_set_string (op, "recorded_at", json_object_get_string_member (inspection, "started_at"));
        if (!write_one (store, op))
          return NULL;
      }
  if (!fc_store_commit (store, &error))
    {
      fprintf (stderr, "cannot prepare the store: %s\n", error->message);
      return NULL;
    }
  for (guint h = 0; h < SCANNED_HAZARDS; h++)
    {
      FcHazardRecord record = {
        .facility_id = scanned_facility,
        .category = FC_CATEGORY_FIRE_EXIT,
        .description = "灭火器压力不足",
        .level = FC_HAZARD_LEVEL_GENERAL,
        .equipment_id = scanned_id,
        .found_at = "2026-11-01",
      };
      g_autofree char *id = fc_hazards_record (store, &record, &error);

      if (id == NULL)
        {
          fprintf (stderr, "cannot prepare the store: %s\n", error->message);
          return NULL;
        }
    }
  fprintf (stderr, "prepared: %u pieces of equipment, %u results and %u open hazards on the scanned one\n",
           tag, results, SCANNED_HAZARDS);
  return g_strdup ("T00001");
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = g_dir_make_tmp ("fc-bench-scan-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "store.db", NULL);
  g_autofree char *code = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *district = NULL;
  g_autoptr(FcApplication) app = NULL;
  Bench bench = { 0 };
  char *app_argv[] = { (char *) "fieldcheck", (char *) "--db", db, NULL };
  const char *source = NULL;
  double floor_ms, store_ms, median_ms, p90_ms;
  int status = 1;

  if (argc > 2 && g_str_equal (argv[1], "--db"))
    {
      source = argv[2];
      argc -= 2;
      argv += 2;
    }
  bench.rounds = argc > 1 ? (guint) atoi (argv[1]) : 20;
  bench.latencies = g_array_new (FALSE, FALSE, sizeof (double));
  g_setenv ("FIELDCHECK_CAMERA_SOURCE", SOURCE, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", FALSE);
  gst_init (&argc, &argv);
  if (source != NULL)
    {
      g_autoptr(FcStore) store = NULL;
      g_autoptr(GError) error = NULL;
      gint64 t0 = g_get_monotonic_time ();

      if (!copy_store (source, db))
        goto out;
      store = fc_store_open (db, &error);
      if (store == NULL)
        {
          fprintf (stderr, "cannot open the copy: %s\n", error->message);
          goto out;
        }
      district = fc_equipment_get_district (store, NULL);
      code = district != NULL ? NULL : give_register (store);
      if (district == NULL)
        district = g_strdup (BENCH_DISTRICT);
      if (code == NULL)
        {
          g_autoptr(JsonArray) rows = fc_query_rows (store, "SELECT tag_code FROM equipment"
                                                     " WHERE tag_code IS NOT NULL AND retired = 0"
                                                     " ORDER BY tag_code LIMIT 1", NULL, NULL);

          if (rows == NULL || json_array_get_length (rows) == 0)
            goto out;
          code = g_strdup (json_object_get_string_member (json_array_get_object_element (rows, 0), "tag_code"));
        }
      fprintf (stderr, "store: a copy of %s, ready in %.1f s\n", source,
               (g_get_monotonic_time () - t0) / (double) G_USEC_PER_SEC);
    }
  else
    {
      g_autoptr(FcStore) store = fc_store_open (db, NULL);
      sqlite3_stmt *stmt = NULL;

      if (store == NULL || !fc_demo_generate (store, "2026-11-29", 2026, NULL, NULL))
        goto out;
      sqlite3_prepare_v2 (fc_store_get_db (store), "SELECT tag_code FROM equipment WHERE tag_code IS NOT NULL"
                          " AND retired = 0 ORDER BY tag_code LIMIT 1", -1, &stmt, NULL);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        code = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      sqlite3_finalize (stmt);
      district = g_strdup (FC_DEMO_DISTRICT);
    }
  payload = fc_tag_format (district, code, NULL);
  render (&bench, payload);
  floor_ms = zbar_floor (bench.tagged);
  store_ms = store_time (db, payload);

  app = fc_application_new ();
  bench.app = GTK_APPLICATION (app);
  g_timeout_add (50, drive, &bench);
  g_application_run (G_APPLICATION (app), 3, app_argv);
  if (bench.failed || bench.latencies->len == 0)
    goto out;

  qsort (bench.latencies->data, bench.latencies->len, sizeof (double), compare_doubles);
  median_ms = g_array_index (bench.latencies, double, bench.latencies->len / 2);
  p90_ms = g_array_index (bench.latencies, double, bench.latencies->len * 9 / 10);
  printf ("frame with a tag → equipment page painted, %u rounds, %d×%d frames at 30 fps, %s\n",
          bench.latencies->len, WIDTH, HEIGHT, source != NULL ? source : "demo district");
  printf ("  median %.1f ms, p90 %.1f ms, worst %.1f ms\n", median_ms, p90_ms,
          g_array_index (bench.latencies, double, bench.latencies->len - 1));
  printf ("  median / aim (%.0f ms): %.2f×   p90 / aim: %.2f×\n", AIM_MS, median_ms / AIM_MS, p90_ms / AIM_MS);
  printf ("  floor: one libzbar pass over the same frame, %.2f ms; median / floor: %.1f×\n",
          floor_ms, median_ms / floor_ms);
  printf ("  the store's part: resolving the tag and reading the page's overview, %.2f ms (best of 5)\n",
          store_ms);
  status = 0;

out:
  g_array_unref (bench.latencies);
  g_free (bench.blank);
  g_free (bench.tagged);
  /* The copy of a ten-year store is large: it goes with the run, photos and all. */
  remove_tree (dir);
  return status;
}
