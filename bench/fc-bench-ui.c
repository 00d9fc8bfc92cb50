/* fc-bench-ui.c: the walk's two figures on the ten-year store
 *
 *   fc-bench-ui TEN-YEAR.db [RUNS]      (RUNS 0: navigation only)
 *
 * (a) Cold start to the facility list drawn: a fresh fieldcheck process on the
 *     store, from spawn until the end of the first frame painted with rows of
 *     the facility list mapped on screen, as a ratio to a bare libadwaita window's start-up (spawn to its
 *     first frame) measured in the same run; medians of RUNS each. Each child
 *     is timed to the moment its "ready" reaches the parent, not to its exit.
 *     A second line gives the median of the ratios of the pairs (each app run
 *     beside the bare run just before it, so both saw the same load on the
 *     machine) and the children's CPU time, all threads, to their exit.
 * (b) Item-to-item navigation: in one process, an inspection open on the
 *     store, the time from asking for the next item to the frame that shows
 *     it painted; median and p99, and as a share of one 60 Hz frame. Asked
 *     at a person's pace (after the page settled, at no particular point of
 *     the frame cycle), to the first frame and to the frame that shows what
 *     the store worker brought (the item's photos); and asked back to back
 *     the moment the previous frame is painted, as key repeat does, where
 *     GDK's frame clock holds each frame until the 60 Hz interval is up.
 *     The renderer is GTK's choice: under Xvfb that is GL on Mesa's llvmpipe,
 *     which rasterises on threads of its own, so the CPU line for all threads
 *     stands beside the main thread's; GSK_RENDERER=cairo gives the cairo
 *     renderer's figures (the one the UI tests use).
 *
 * The store is copied first: the bench never writes to the file it is given.
 * Run under a display (xvfb-run -a -s "-screen 0 1280x800x24").
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fc-application.h"
#include "fc-facilities-page.h"
#include "fc-facility-item.h"
#include "fc-window.h"

#define FRAME_MS (1000.0 / 60.0)
#define STILL_MS 100

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
  /* Flushed now: stdout is a pipe, and exit's tear-down is not start-up. */
  g_print ("ready\n");
  fflush (stdout);
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

/* Child: the real window on the store; "ready" at the end of the first frame
 * painted with the facility list showing rows. */

static GtkWidget *
find_list_view (GtkWidget *widget)
{
  if (GTK_IS_LIST_VIEW (widget))
    return widget;
  if (GTK_IS_POPOVER (widget))   /* the filters' drop-downs */
    return NULL;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_list_view (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
rows_drawn (FcWindow *window)
{
  GtkWidget *list;

  if (g_strcmp0 (fc_window_get_state (window), "list") != 0)
    return FALSE;
  list = find_list_view (fc_window_get_page_widget (window, "list"));
  if (list == NULL || !gtk_widget_get_mapped (list))
    return FALSE;
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (gtk_widget_get_mapped (row) && gtk_widget_get_height (row) > 0)
      return TRUE;
  return FALSE;
}

static void
on_app_after_paint (GdkFrameClock *clock,
                    FcWindow      *window)
{
  if (rows_drawn (window))
    on_after_paint_exit (clock, NULL);
}

static gboolean
watch_window (gpointer user_data)
{
  GtkApplication *app = user_data;
  GtkWindow *window = gtk_application_get_active_window (app);

  if (window == NULL || gtk_widget_get_frame_clock (GTK_WIDGET (window)) == NULL)
    return G_SOURCE_CONTINUE;
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                    G_CALLBACK (on_app_after_paint), window);
  return G_SOURCE_REMOVE;
}

static int
run_app (const char *db)
{
  g_autoptr(FcApplication) app = fc_application_new ();
  char *argv[] = { (char *) "fieldcheck", (char *) "--db", (char *) db, NULL };

  /* Polled at 1 ms until the window has its frame clock, before its first frame. */
  g_timeout_add (1, watch_window, app);
  return g_application_run (G_APPLICATION (app), 3, argv);
}

/* Parent: spawn a child, time it from spawn to its "ready"; @cpu_ms gets the
 * CPU time it used, all threads, until it exited. */

static double
time_child (const char *self,
            const char *mode,
            const char *db,
            double     *cpu_ms)
{
  const char *argv[] = { self, "--child", mode, db, NULL };
  gint64 start = g_get_monotonic_time ();
  double wall_ms;
  char out[16] = "";
  gsize len = 0;
  struct rusage usage;
  GPid pid;
  int out_fd;
  int status;

  if (!g_spawn_async_with_pipes (NULL, (char **) argv, NULL,
                                 G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                                 &pid, NULL, &out_fd, NULL, NULL))
    g_error ("cannot start the %s child", mode);
  while (len < sizeof out - 1 && strchr (out, '\n') == NULL)
    {
      gssize n = read (out_fd, out + len, sizeof out - 1 - len);

      if (n <= 0)
        break;
      len += (gsize) n;
      out[len] = '\0';
    }
  wall_ms = (g_get_monotonic_time () - start) / 1000.0;
  close (out_fd);
  if (wait4 (pid, &status, 0, &usage) != pid || !g_str_has_prefix (out, "ready"))
    g_error ("the %s child did not start", mode);
  g_spawn_close_pid (pid);
  *cpu_ms = (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000.0 +
            (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000.0;
  return wall_ms;
}

/* Navigation, in this process. */

typedef struct
{
  GtkApplication *app;
  GArray         *times;
  GArray         *phases[4];   /* handler, waiting for the frame, layout, paint */
  guint           paced_runs;
  guint           runs;
  gint64          asked;
  gint64          handled;
  gint64          frame_start;
  gint64          laid_out;
  gint64          settled_paint;
  gint64          asked_cpu;
  gint64          handled_cpu;
  gint64          frame_start_cpu;
  GArray         *cpu;
  GArray         *process_cpu;
  gint64          asked_process_cpu;
  GArray         *wait_cpu;
  gboolean        waiting;
  GArray         *settled;
  GArray         *back_to_back;
  GRand          *rand;
  guint           idle_frames;         /* painted while nothing was asked */
  guint           idle_frames_total;   /* in the last STILL_MS of the pauses */
  guint           pauses_with_frames;
} Nav;

/* The main thread's CPU time, which the other processes on the machine do not inflate. */
static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* All the threads' CPU time: with GL the rendering runs on the driver's
 * threads (llvmpipe's, under Xvfb), which the main thread's time leaves out. */
static gint64
process_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static void
add_ms (GArray *array,
        gint64  from,
        gint64  to)
{
  double ms = (to - from) / 1000.0;

  g_array_append_val (array, ms);
}

/* GTK's own handlers run first, so these stamp the end of each phase. */
static void
on_nav_update (GdkFrameClock *clock,
               Nav           *nav)
{
  if (nav->waiting && nav->frame_start == 0)
    {
      nav->frame_start = g_get_monotonic_time ();
      nav->frame_start_cpu = thread_cpu_us ();
    }
}

static void
on_nav_layout (GdkFrameClock *clock,
               Nav           *nav)
{
  if (nav->waiting && nav->frame_start != 0)
    nav->laid_out = g_get_monotonic_time ();
}

static void
on_nav_painted (GdkFrameClock *clock,
                Nav           *nav)
{
  gint64 now = g_get_monotonic_time ();

  if (!nav->waiting && nav->settled_paint == 0)
    nav->settled_paint = now;
  if (!nav->waiting)
    nav->idle_frames++;
  if (!nav->waiting || nav->frame_start == 0)
    return;
  add_ms (nav->times, nav->asked, now);
  add_ms (nav->cpu, nav->asked_cpu, thread_cpu_us ());
  add_ms (nav->process_cpu, nav->asked_process_cpu, process_cpu_us ());
  add_ms (nav->wait_cpu, nav->handled_cpu, nav->frame_start_cpu);
  add_ms (nav->phases[0], nav->asked, nav->handled);
  add_ms (nav->phases[1], nav->handled, MAX (nav->handled, nav->frame_start));
  add_ms (nav->phases[2], MAX (nav->handled, nav->frame_start), nav->laid_out);
  add_ms (nav->phases[3], nav->laid_out, now);
  if (g_getenv ("FC_BENCH_DEBUG") && (now - nav->asked) > 25000)
    g_printerr ("slow move %u: %.1f ms: action %.1f, wait %.1f, layout %.1f, paint %.1f\n",
                nav->times->len, (now - nav->asked) / 1000.0, (nav->handled - nav->asked) / 1000.0,
                (MAX (nav->handled, nav->frame_start) - nav->handled) / 1000.0,
                (nav->laid_out - MAX (nav->handled, nav->frame_start)) / 1000.0,
                (now - nav->laid_out) / 1000.0);
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
on_timeout_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
iterate_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, on_timeout_flag, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* A person reads the item before the next key, which falls at no particular
 * point of the 60 Hz cycle: after the page settled, wait 250 to 750 ms
 * (seeded, the same every run). The wait outlasts the theme's transitions
 * (200 ms), which keep the frame clock ticking on its 60 Hz grid; a frame
 * painted in its last STILL_MS means something still animates (a spinner
 * left spinning on a hidden page did), and then every move waits for the
 * next slot of that grid. */
static void
pause_like_a_person (Nav      *nav,
                     FcWindow *window)
{
  while (fc_window_get_pending (window) > 0)
    g_main_context_iteration (NULL, TRUE);
  iterate_for ((guint) g_rand_int_range (nav->rand, 250, 751) - STILL_MS);
  nav->idle_frames = 0;
  iterate_for (STILL_MS);
  nav->idle_frames_total += nav->idle_frames;
  nav->pauses_with_frames += nav->idle_frames > 0;
}

/* Until the store's answers for the page (its photos) are in and painted. */
static void
wait_settled (Nav      *nav,
              FcWindow *window)
{
  gint64 idle_at;

  while (fc_window_get_pending (window) > 0)
    g_main_context_iteration (NULL, TRUE);
  idle_at = g_get_monotonic_time ();
  if (idle_at - nav->asked > (gint64) (g_array_index (nav->times, double, nav->times->len - 1) * 1000))
    {
      /* Work arrived after the first frame: its frame, if it drew anything. */
      nav->settled_paint = 0;
      iterate_for (50);
      add_ms (nav->settled, nav->asked, nav->settled_paint ? nav->settled_paint : idle_at);
    }
  else
    g_array_append_val (nav->settled, g_array_index (nav->times, double, nav->times->len - 1));
}

static gboolean
drive_nav (gpointer user_data)
{
  Nav *nav = user_data;
  GtkWindow *gwindow = gtk_application_get_active_window (nav->app);
  FcWindow *window;
  FcFacilitiesPage *list;
  g_autoptr(GObject) first = NULL;
  GdkFrameClock *clock;
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

  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "update", G_CALLBACK (on_nav_update), nav);
  g_signal_connect (clock, "layout", G_CALLBACK (on_nav_layout), nav);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_nav_painted), nav);
  for (guint i = 0; i < nav->paced_runs + nav->runs; i++)
    {
      gboolean paced = i < nav->paced_runs;
      guint step = paced ? i : i - nav->paced_runs;
      gboolean forward = (step / (n - 1)) % 2 == 0;

      if (i == nav->paced_runs)
        nav->times = nav->back_to_back;
      if (paced)
        pause_like_a_person (nav, window);
      nav->frame_start = nav->laid_out = 0;
      nav->waiting = TRUE;
      nav->asked = g_get_monotonic_time ();
      nav->asked_cpu = thread_cpu_us ();
      nav->asked_process_cpu = process_cpu_us ();
      gtk_widget_activate_action (GTK_WIDGET (window), forward ? "win.next" : "win.previous", NULL);
      nav->handled = g_get_monotonic_time ();
      nav->handled_cpu = thread_cpu_us ();
      while (nav->waiting)
        g_main_context_iteration (NULL, TRUE);
      if (paced)
        wait_settled (nav, window);
    }
  gtk_window_destroy (gwindow);
  g_application_quit (G_APPLICATION (nav->app));
  return G_SOURCE_REMOVE;
}

static void
print_figure (const char *what,
              GArray     *times)
{
  g_print ("  %-44s median %6.2f ms (%.2f of a 60 Hz frame), p99 %6.2f ms (%.2f), %u moves\n",
           what, percentile (times, 0.5), percentile (times, 0.5) / FRAME_MS,
           percentile (times, 0.99), percentile (times, 0.99) / FRAME_MS, times->len);
}

static void
run_nav (const char *db,
         guint       paced_runs,
         guint       runs)
{
  g_autoptr(FcApplication) app = fc_application_new ();
  char *argv[] = { (char *) "fieldcheck", (char *) "--db", (char *) db, NULL };
  g_autoptr(GArray) paced = g_array_new (FALSE, FALSE, sizeof (double));
  Nav nav = { GTK_APPLICATION (app), paced, { NULL }, paced_runs, runs };

  for (guint i = 0; i < G_N_ELEMENTS (nav.phases); i++)
    nav.phases[i] = g_array_new (FALSE, FALSE, sizeof (double));
  nav.settled = g_array_new (FALSE, FALSE, sizeof (double));
  nav.cpu = g_array_new (FALSE, FALSE, sizeof (double));
  nav.process_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  nav.wait_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  nav.back_to_back = g_array_new (FALSE, FALSE, sizeof (double));
  nav.rand = g_rand_new_with_seed (20261130);
  g_timeout_add (50, drive_nav, &nav);
  g_application_run (G_APPLICATION (app), 3, argv);

  /* The phases of the paced moves only: the first half of each array. */
  for (guint i = 0; i < G_N_ELEMENTS (nav.phases); i++)
    g_array_set_size (nav.phases[i], paced_runs);
  g_array_set_size (nav.cpu, paced_runs);
  g_array_set_size (nav.process_cpu, paced_runs);
  g_array_set_size (nav.wait_cpu, paced_runs);
  g_print ("item-to-item navigation, from asking for the next item to the frame that shows it:\n");
  print_figure ("a person's pace, to the first frame:", paced);
  print_figure ("a person's pace, photos loaded and painted:", nav.settled);
  print_figure ("back to back (key repeat; 60 Hz pacing):", nav.back_to_back);
  print_figure ("main-thread CPU, request to first frame:", nav.cpu);
  print_figure ("all threads' CPU, request to first frame:", nav.process_cpu);
  g_print ("  medians of the paced moves: the action %.2f ms, waiting for the frame clock %.2f ms "
           "(%.2f ms of it on the main thread's CPU), layout %.2f ms, paint %.2f ms\n",
           percentile (nav.phases[0], 0.5), percentile (nav.phases[1], 0.5),
           percentile (nav.wait_cpu, 0.5), percentile (nav.phases[2], 0.5),
           percentile (nav.phases[3], 0.5));
  g_print ("  frames painted while the page sat still (the last %u ms of each pause): %u, "
           "in %u of %u pauses\n", STILL_MS, nav.idle_frames_total, nav.pauses_with_frames,
           paced_runs);
  for (guint i = 0; i < G_N_ELEMENTS (nav.phases); i++)
    g_array_unref (nav.phases[i]);
  g_array_unref (nav.settled);
  g_array_unref (nav.cpu);
  g_array_unref (nav.process_cpu);
  g_array_unref (nav.wait_cpu);
  g_array_unref (nav.back_to_back);
  g_rand_free (nav.rand);
}

static void
remove_copy (const char *dir)
{
  static const char *const files[] = { "ten.db", "ten.db-wal", "ten.db-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (dir, files[i], NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

/* A bench killed before its end leaves its copy of the store behind, 1.8 GB
 * for the ten-year one: the copies of benches no longer running go first. */
static void
remove_stale_copies (void)
{
  g_autoptr(GDir) tmp = g_dir_open (g_get_tmp_dir (), 0, NULL);
  const char *name;

  while (tmp != NULL && (name = g_dir_read_name (tmp)) != NULL)
    {
      char *end = NULL;
      long pid;

      if (!g_str_has_prefix (name, "fc-bench-ui-"))
        continue;
      pid = strtol (name + strlen ("fc-bench-ui-"), &end, 10);
      if (pid > 0 && *end == '\0' && kill ((pid_t) pid, 0) != 0 && errno == ESRCH)
        {
          g_autofree char *dir = g_build_filename (g_get_tmp_dir (), name, NULL);

          remove_copy (dir);
        }
    }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GArray) bare = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cold = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) bare_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cold_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *dir = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *cmd = NULL;
  g_autofree char *dir_name = NULL;
  guint runs;
  double bare_ms = 0, cold_ms = 0, cpu_ms = 0;

  if (argc == 4 && g_str_equal (argv[1], "--child"))
    return g_str_equal (argv[2], "bare") ? run_bare () : run_app (argv[3]);
  if (argc < 2)
    {
      g_printerr ("usage: %s TEN-YEAR.db [RUNS]\n", argv[0]);
      return 2;
    }
  runs = argc > 2 ? (guint) atoi (argv[2]) : 7;

  remove_stale_copies ();
  dir_name = g_strdup_printf ("fc-bench-ui-%d", (int) getpid ());
  dir = g_build_filename (g_get_tmp_dir (), dir_name, NULL);
  if (g_mkdir (dir, 0700) != 0)
    g_error ("cannot make %s: %s", dir, g_strerror (errno));
  copy = g_build_filename (dir, "ten.db", NULL);
  cmd = g_strdup_printf ("cp '%s' '%s'", argv[1], copy);
  if (system (cmd) != 0)
    g_error ("cannot copy %s", argv[1]);

  /* One warm-up of each, so that both read from the page cache. */
  if (runs > 0)
    {
      time_child (argv[0], "bare", copy, &cpu_ms);
      time_child (argv[0], "app", copy, &cpu_ms);
    }
  for (guint i = 0; i < runs; i++)
    {
      double b_cpu, c_cpu;
      double b = time_child (argv[0], "bare", copy, &b_cpu);
      double c = time_child (argv[0], "app", copy, &c_cpu);
      double ratio = c / b;

      g_array_append_val (bare, b);
      g_array_append_val (cold, c);
      g_array_append_val (pairs, ratio);
      g_array_append_val (bare_cpu, b_cpu);
      g_array_append_val (cold_cpu, c_cpu);
    }
  if (runs > 0)
    {
      bare_ms = percentile (bare, 0.5);
      cold_ms = percentile (cold, 0.5);
      g_print ("cold start to the facility list drawn: %.0f ms; bare libadwaita window: %.0f ms; "
               "ratio %.2fx (median of %u)\n", cold_ms, bare_ms, cold_ms / bare_ms, runs);
      g_print ("  median of the runs' own ratios %.2fx; CPU time to exit, all threads: app %.0f ms, "
               "bare window %.0f ms (%.2fx)\n", percentile (pairs, 0.5),
               percentile (cold_cpu, 0.5), percentile (bare_cpu, 0.5),
               percentile (cold_cpu, 0.5) / percentile (bare_cpu, 0.5));
    }

  gtk_init ();
  run_nav (copy, 200, 400);

  remove_copy (dir);
  return 0;
}
