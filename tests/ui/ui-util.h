/* ui-util.h: driving the real window from a test — wait for the store, activate actions */
#pragma once

#include <gtk/gtk.h>

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
