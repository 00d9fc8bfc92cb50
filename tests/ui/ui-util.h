/* ui-util.h: driving the real window from a test — wait for the store, activate actions */
#pragma once

#include <gtk/gtk.h>

#include "fc-application.h"
#include "fc-window.h"

/* Runs the main loop until @done returns TRUE or @seconds pass. */
static inline gboolean
ui_wait_until (gboolean (*done) (gpointer data),
               gpointer   data,
               double     seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (!done (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

static inline gboolean
ui_facilities_listed (gpointer data)
{
  return g_strcmp0 (fc_window_get_state (data), "list") == 0;
}

static inline gboolean
ui_store_idle (gpointer data)
{
  FcWindow *window = data;

  return fc_window_get_pending (window) == 0 && g_strcmp0 (fc_window_get_state (window), "loading") != 0;
}

/* Waits until every store job the window asked for has come back. */
static inline void
ui_settle (FcWindow *window)
{
  g_assert_true (ui_wait_until (ui_store_idle, window, 30));
  /* Let the pages lay out what came back. */
  for (int i = 0; i < 5; i++)
    g_main_context_iteration (NULL, FALSE);
}

static inline void
ui_activate (FcWindow   *window,
             const char *action,
             GVariant   *parameter)
{
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (window), action, parameter));
  ui_settle (window);
}

/* The visible toplevel of @type (a dialog, the capture window, the viewer), if one is open. */
static inline gpointer
ui_find_toplevel (GType type)
{
  g_autoptr(GList) windows = gtk_window_list_toplevels ();

  for (GList *l = windows; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

typedef void (*UiScenario) (FcWindow      *window,
                            gconstpointer  data);

typedef struct
{
  GtkApplication *app;
  UiScenario      scenario;
  gconstpointer   data;
  gboolean        done;
} UiRun;

static inline gboolean
ui_run_drive (gpointer data)
{
  UiRun *run = data;
  GtkWindow *active = gtk_application_get_active_window (run->app);

  if (active == NULL)
    return G_SOURCE_CONTINUE;
  g_assert_true (ui_wait_until (ui_facilities_listed, active, 60));
  ui_settle (FC_WINDOW (active));
  run->scenario (FC_WINDOW (active), run->data);
  run->done = TRUE;
  gtk_window_destroy (active);
  g_application_quit (G_APPLICATION (run->app));
  return G_SOURCE_REMOVE;
}

/* Runs the app on @db and @scenario in its window once the facilities are listed. */
static inline void
ui_run_app (const char    *db,
            UiScenario     scenario,
            gconstpointer  data)
{
  g_autoptr(FcApplication) app = fc_application_new ();
  UiRun run = { GTK_APPLICATION (app), scenario, data, FALSE };
  char *argv[] = { (char *) "fieldcheck", (char *) "--db", (char *) db, NULL };

  g_timeout_add (50, ui_run_drive, &run);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 3, argv), ==, 0);
  g_assert_true (run.done);
}

/* What @widget shows, drawn now; NULL when it draws nothing. */
static inline GdkTexture *
ui_snapshot (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  int w = gtk_widget_get_width (widget);
  int h = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    return NULL;
  return gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                      node, &GRAPHENE_RECT_INIT (0, 0, w, h));
}
