/* fc-bench-ui.c: the walk's two figures on the ten-year store
 *
 *   fc-bench-ui TEN-YEAR.db [RUNS]
 *
 * (a) Cold start to the facility list drawn: a fresh fieldcheck process on the
 *     store, from spawn until the first frame painted with the facilities
 *     listed, as a ratio to a bare libadwaita window's start-up (spawn to its
 *     first frame) measured in the same run; medians of RUNS each.
 * (b) Item-to-item navigation: in one process, an inspection open on the
 *     store, the time from asking for the next item to the frame that shows
 *     it painted; median and p99, and as a share of one 60 Hz frame.
 *
 * The store is copied first: the bench never writes to the file it is given.
 * Run under a display (xvfb-run -a -s "-screen 0 1280x800x24").
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>

#include "fc-application.h"
#include "fc-facilities-page.h"
#include "fc-facility-item.h"
#include "fc-window.h"

#define FRAME_MS (1000.0 / 60.0)

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (GArray *values,
            double  p)
{
  guint i;

  g_array_sort (values, compare_double);
  i = (guint) MIN (values->len - 1, (guint) (p * (values->len - 1) + 0.5));
  return g_array_index (values, double, i);
}

/* Child: a bare libadwaita window; prints "ready" at its first painted frame. */

static void
on_after_paint_exit (GdkFrameClock *clock,
                     gpointer       user_data)
{
  g_print ("ready\n");
  exit (0);
}

static void
on_bare_map (GtkWidget *window)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (on_after_paint_exit), NULL);
}

static void
bare_activate (GApplication *app)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), gtk_label_new ("Fieldcheck"));
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  g_signal_connect (window, "map", G_CALLBACK (on_bare_map), NULL);
  gtk_window_present (GTK_WINDOW (window));
}

static int
run_bare (void)
{
  g_autoptr(AdwApplication) app = adw_application_new ("org.fieldcheck.Bench", G_APPLICATION_NON_UNIQUE);

  g_signal_connect (app, "activate", G_CALLBACK (bare_activate), NULL);
  return g_application_run (G_APPLICATION (app), 0, NULL);
}

/* Child: the real window on the store; "ready" at the first frame with facilities. */

static gboolean
check_listed (gpointer user_data)
{
  GtkApplication *app = user_data;
  GtkWindow *window = gtk_application_get_active_window (app);

  if (window == NULL || g_strcmp0 (fc_window_get_state (FC_WINDOW (window)), "list") != 0)
    return G_SOURCE_CONTINUE;
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                    G_CALLBACK (on_after_paint_exit), NULL);
  gtk_widget_queue_draw (GTK_WIDGET (window));
  return G_SOURCE_REMOVE;
}

static int
run_app (const char *db)
{
  g_autoptr(FcApplication) app = fc_application_new ();
  char *argv[] = { (char *) "fieldcheck", (char *) "--db", (char *) db, NULL };

  /* Polled at 1 ms so the poll adds nothing measurable. */
  g_timeout_add (1, check_listed, app);
  return g_application_run (G_APPLICATION (app), 3, argv);
}

/* Parent: spawn a child, time it from spawn to its "ready". */

static double
time_child (const char *self,
            const char *mode,
            const char *db)
{
  const char *argv[] = { self, "--child", mode, db, NULL };
  g_autofree char *out = NULL;
  gint64 start = g_get_monotonic_time ();
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
                     &status, NULL) || out == NULL || !g_str_has_prefix (out, "ready"))
    g_error ("the %s child did not start", mode);
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* Navigation, in this process. */

typedef struct
{
  GtkApplication *app;
  GArray         *times;
  guint           runs;
  gint64          asked;
  gboolean        waiting;
} Nav;

static void
on_nav_painted (GdkFrameClock *clock,
                Nav           *nav)
{
  if (!nav->waiting)
    return;
  g_array_append_val (nav->times, ((double) { (g_get_monotonic_time () - nav->asked) / 1000.0 }));
  nav->waiting = FALSE;
}

static gboolean
idle_store (gpointer data)
{
  return fc_window_get_pending (data) == 0 && g_strcmp0 (fc_window_get_state (data), "loading") != 0;
}

static void
settle (FcWindow *window)
{
  while (!idle_store (window))
    g_main_context_iteration (NULL, TRUE);
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
}

static gboolean
drive_nav (gpointer user_data)
{
  Nav *nav = user_data;
  GtkWindow *gwindow = gtk_application_get_active_window (nav->app);
  FcWindow *window;
  FcFacilitiesPage *list;
  g_autoptr(GObject) first = NULL;
  guint n;

  if (gwindow == NULL)
    return G_SOURCE_CONTINUE;
  window = FC_WINDOW (gwindow);
  settle (window);
  list = FC_FACILITIES_PAGE (fc_window_get_page_widget (window, "list"));
  first = g_list_model_get_item (fc_facilities_page_get_shown (list), 0);
  g_signal_emit_by_name (list, "activated", fc_facility_item_get_id (FC_FACILITY_ITEM (first)));
  settle (window);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-inspection", NULL);
  settle (window);
  if (fc_window_get_walk (window) == NULL)
    {
      gtk_widget_activate_action (GTK_WIDGET (window), "win.start-inspection", NULL);
      settle (window);
    }
  g_assert (fc_window_get_walk (window) != NULL);
  n = fc_walk_get_n_items (fc_window_get_walk (window));

  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                    G_CALLBACK (on_nav_painted), nav);
  for (guint i = 0; i < nav->runs; i++)
    {
      gboolean forward = (i / (n - 1)) % 2 == 0;

      nav->asked = g_get_monotonic_time ();
      nav->waiting = TRUE;
      gtk_widget_activate_action (GTK_WIDGET (window), forward ? "win.next" : "win.previous", NULL);
      while (nav->waiting)
        g_main_context_iteration (NULL, TRUE);
    }
  gtk_window_destroy (gwindow);
  g_application_quit (G_APPLICATION (nav->app));
  return G_SOURCE_REMOVE;
}

static GArray *
run_nav (const char *db,
         guint       runs)
{
  g_autoptr(FcApplication) app = fc_application_new ();
  char *argv[] = { (char *) "fieldcheck", (char *) "--db", (char *) db, NULL };
  Nav nav = { GTK_APPLICATION (app), g_array_new (FALSE, FALSE, sizeof (double)), runs, 0, FALSE };

  g_timeout_add (50, drive_nav, &nav);
  g_application_run (G_APPLICATION (app), 3, argv);
  return nav.times;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GArray) bare = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cold = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) nav = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *cmd = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *shm = NULL;
  guint runs;
  double bare_ms, cold_ms;

  if (argc == 4 && g_str_equal (argv[1], "--child"))
    return g_str_equal (argv[2], "bare") ? run_bare () : run_app (argv[3]);
  if (argc < 2)
    {
      g_printerr ("usage: %s TEN-YEAR.db [RUNS]\n", argv[0]);
      return 2;
    }
  runs = argc > 2 ? (guint) atoi (argv[2]) : 7;

  dir = g_dir_make_tmp ("fc-bench-ui-XXXXXX", NULL);
  copy = g_build_filename (dir, "ten.db", NULL);
  cmd = g_strdup_printf ("cp '%s' '%s'", argv[1], copy);
  if (system (cmd) != 0)
    g_error ("cannot copy %s", argv[1]);

  /* One warm-up of each, so that both read from the page cache. */
  time_child (argv[0], "bare", copy);
  time_child (argv[0], "app", copy);
  for (guint i = 0; i < runs; i++)
    {
      double b = time_child (argv[0], "bare", copy);
      double c = time_child (argv[0], "app", copy);

      g_array_append_val (bare, b);
      g_array_append_val (cold, c);
    }
  bare_ms = percentile (bare, 0.5);
  cold_ms = percentile (cold, 0.5);
  g_print ("cold start to the facility list drawn: %.0f ms; bare libadwaita window: %.0f ms; "
           "ratio %.2fx (median of %u)\n", cold_ms, bare_ms, cold_ms / bare_ms, runs);

  gtk_init ();
  nav = run_nav (copy, 400);
  g_print ("item-to-item navigation: median %.2f ms (%.2f of a 60 Hz frame), p99 %.2f ms (%.2f), "
           "%u moves\n", percentile (nav, 0.5), percentile (nav, 0.5) / FRAME_MS,
           percentile (nav, 0.99), percentile (nav, 0.99) / FRAME_MS, nav->len);

  g_unlink (copy);
  wal = g_strconcat (copy, "-wal", NULL);
  shm = g_strconcat (copy, "-shm", NULL);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (dir);
  return 0;
}
