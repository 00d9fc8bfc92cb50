/* ui-sync-util.h: the window's sync page in a test — wait for its syncs,
 * find what it shows, keep pictures of it, run the app with sync left to the test */
#pragma once

#include <stdlib.h>
#include <string.h>

#include "fc-sync-page.h"
#include "ui-util.h"

static inline FcSyncPage *
ui_sync_page (FcWindow *window)
{
  return FC_SYNC_PAGE (fc_window_get_page_widget (window, "sync"));
}

static inline gboolean
ui_sync_idle (gpointer data)
{
  FcWindow *window = data;
  FcSyncService *service = fc_sync_page_get_service (ui_sync_page (window));

  return fc_window_get_pending (window) == 0 && fc_sync_service_get_pending (service) == 0 &&
         !fc_sync_service_get_syncing (service) && fc_sync_service_get_status (service) != NULL;
}

/* Waits until the store and the sync service have nothing left to do. */
static inline void
ui_settle_sync (FcWindow *window)
{
  g_assert_true (ui_wait_until (ui_sync_idle, window, 120));
  for (int i = 0; i < 5; i++)
    g_main_context_iteration (NULL, FALSE);
}

/* Whether a label that reads @text is drawn within @widget. */
static inline gboolean
ui_shows_label (GtkWidget  *widget,
                const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_is_drawable (widget) &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (ui_shows_label (child, text))
      return TRUE;
  return FALSE;
}

/* Keeps a picture of @widget as @dir/NN-sync-@name.png, when @dir is set. */
static inline void
ui_save_shot (const char *dir,
              guint      *shot,
              GtkWidget  *widget,
              const char *name)
{
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC / 2;

  if (dir == NULL)
    return;
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  texture = ui_snapshot (widget);
  if (texture == NULL)
    return;
  file = g_strdup_printf ("%02u-sync-%s.png", ++*shot, name);
  path = g_build_filename (dir, file, NULL);
  gdk_texture_save_to_png (texture, path);
  g_print ("%s\n", path);
}

/* Runs the app on @db with @drive (given @data) once it is up; *@app is the
 * app meanwhile, and @drive sets *@done. The test presses Sync now itself:
 * nothing syncs on its own. FC_SYNC_UI_SIZE=WxH sizes the window for pictures. */
static inline void
ui_sync_run_app (const char      *db,
                 GSourceFunc      drive,
                 gpointer         data,
                 GtkApplication **app,
                 gboolean        *done)
{
  g_autoptr(FcApplication) application = fc_application_new ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  const char *size = g_getenv ("FC_SYNC_UI_SIZE");
  char *argv[4] = { (char *) "fieldcheck", (char *) "--db", (char *) db, NULL };

  g_settings_set_boolean (settings, "sync-automatically", FALSE);
  if (size != NULL)
    {
      g_settings_set_int (settings, "window-width", atoi (size));
      g_settings_set_int (settings, "window-height", atoi (strchr (size, 'x') + 1));
    }
  *app = GTK_APPLICATION (application);
  *done = FALSE;
  g_object_set_data (G_OBJECT (application), "fc-db", (gpointer) db);
  g_timeout_add (50, drive, data);
  g_assert_cmpint (g_application_run (G_APPLICATION (application), 3, argv), ==, 0);
  g_assert_true (*done);
  *app = NULL;
}
