/* fc-window-sync.c: the window's sync page, its header indicator and win.sync
 *
 * The window owns one sync service next to its store service. win.sync shows
 * the sync page; the indicator in the header opens it too, and so does a
 * scanned enrolment QR code, by camera or scanner, with the code filled in.
 * When a sync brings changes from the server, the facility list is read again.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fc-sync-indicator.h"
#include "fc-sync-page.h"
#include "fc-window-private.h"
#include "fc-window-sync.h"

static FcSyncPage *
sync_page (FcWindow *self)
{
  return FC_SYNC_PAGE (_fc_window_get_content_page (self, "sync"));
}

gboolean
_fc_window_sync_update_title (FcWindow   *self,
                              const char *page)
{
  if (g_strcmp0 (page, "sync") != 0)
    return FALSE;
  adw_window_title_set_title (self->content_title, _("Sync"));
  adw_window_title_set_subtitle (self->content_title, NULL);
  return TRUE;
}

static void
sync_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FcWindow *self = FC_WINDOW (widget);

  if (self->sync != NULL)
    fc_sync_service_refresh (self->sync);
  _fc_window_show_page (self, "sync");
}

static void
on_synced_cb (FcSyncService *service,
              guint          pulled,
              FcWindow      *self)
{
  if (pulled > 0 && self->walk == NULL)
    _fc_window_reload_facilities (self);
}

void
_fc_window_class_sync_init (FcWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (FC_TYPE_SYNC_PAGE);
  g_type_ensure (FC_TYPE_SYNC_INDICATOR);
  gtk_widget_class_bind_template_child_full (widget_class, "sync_indicator", FALSE, 0);
  gtk_widget_class_install_action (widget_class, "win.sync", NULL, sync_action);
}

/* After the store service exists; the service starts with _fc_window_sync_start_later(). */
void
_fc_window_sync_init (FcWindow *self)
{
  GObject *indicator = gtk_widget_get_template_child (GTK_WIDGET (self), FC_TYPE_WINDOW, "sync_indicator");

  self->sync = fc_sync_service_new (self->service, self->settings);
  g_signal_connect_object (self->sync, "synced", G_CALLBACK (on_synced_cb), self, 0);
  fc_sync_indicator_set_service (FC_SYNC_INDICATOR (indicator), self->sync);
}

static gboolean
start_sync_cb (gpointer data)
{
  FcWindow *self = data;

  self->sync_start_id = 0;
  self->sync_started = TRUE;
  fc_sync_service_start (self->sync);
  return G_SOURCE_REMOVE;
}

/* Once the first load is shown: reading the sync status on the worker and
 * watching the network took ~50 ms of CPU from the first frame on a two-core
 * tablet. At low priority, so after the frame that shows the facility list;
 * fc_window_get_pending() counts the start until then. */
void
_fc_window_sync_start_later (FcWindow *self)
{
  if (self->sync == NULL || self->sync_started || self->sync_start_id != 0)
    return;
  self->sync_start_id = g_idle_add_full (G_PRIORITY_LOW, start_sync_cb, self, NULL);
}

/* A scanned enrolment QR code opens the sync page with it; returns whether @text was one. */
gboolean
_fc_window_sync_take_scan (FcWindow   *self,
                           const char *text)
{
  if (!g_str_has_prefix (text, "fieldcheck-enroll:"))
    return FALSE;
  fc_sync_page_offer_enrolment (sync_page (self), text);
  if (self->sync != NULL)
    fc_sync_service_refresh (self->sync);
  _fc_window_show_page (self, "sync");
  return TRUE;
}

void
_fc_window_sync_dispose (FcWindow *self)
{
  g_clear_handle_id (&self->sync_start_id, g_source_remove);
  /* A sync under way holds the service until it ends; nothing may follow it. */
  if (self->sync != NULL)
    g_object_run_dispose (G_OBJECT (self->sync));
  g_clear_object (&self->sync);
}
