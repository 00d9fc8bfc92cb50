/* fc-sync-indicator.c: the header's sync status — changes waiting, syncing, the last error
 *
 * A flat button that opens the sync page (win.sync) and says, in a glance,
 * whether the device is enrolled, how many changes wait, that a sync is
 * running, or that the last one failed (its sentence in the tooltip).
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fc-sync-indicator.h"

struct _FcSyncIndicator
{
  GtkWidget      parent_instance;

  GtkWidget     *button;
  GtkWidget     *stack;
  GtkWidget     *icon;
  GtkWidget     *spinner;
  GtkWidget     *label;

  FcSyncService *service;
  char          *text;
};

G_DEFINE_FINAL_TYPE (FcSyncIndicator, fc_sync_indicator, GTK_TYPE_WIDGET)

static void
update (FcSyncIndicator *self)
{
  const FcSyncStatus *status = fc_sync_service_get_status (self->service);
  const char *error = fc_sync_service_get_last_error (self->service);
  gboolean syncing = fc_sync_service_get_syncing (self->service);
  g_autofree char *count = NULL;
  g_autofree char *tooltip = NULL;
  const char *icon = "emblem-ok-symbolic";

  if (status == NULL)
    return;
  if (status->n_waiting > 0)
    count = status->n_waiting > FC_SYNC_WAITING_CAP
            ? g_strdup_printf ("%s+", G_STRINGIFY (FC_SYNC_WAITING_CAP))
            : g_strdup_printf ("%" G_GINT64_FORMAT, status->n_waiting);

  if (status->server == NULL)
    {
      icon = "network-offline-symbolic";
      tooltip = g_strdup (_("Not enrolled with a district server"));
    }
  else if (syncing)
    tooltip = g_strdup (_("Syncing with the district server…"));
  else if (error != NULL)
    {
      icon = "dialog-warning-symbolic";
      /* Translators: the sync indicator's tooltip after a failure */
      tooltip = g_strdup_printf (_("The last sync failed: %s"), error);
    }
  else if (status->n_waiting > 0)
    {
      icon = "emblem-synchronizing-symbolic";
      tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s change waiting to be sent",
                                              "%s changes waiting to be sent", (gulong) status->n_waiting),
                                 count);
    }
  else
    tooltip = g_strdup (_("Everything is synced"));

  gtk_stack_set_visible_child (GTK_STACK (self->stack), syncing ? self->spinner : self->icon);
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), syncing);
  gtk_image_set_from_icon_name (GTK_IMAGE (self->icon), icon);
  gtk_widget_remove_css_class (self->icon, "warning");
  if (error != NULL && !syncing)
    gtk_widget_add_css_class (self->icon, "warning");
  gtk_label_set_text (GTK_LABEL (self->label), count ? count : "");
  gtk_widget_set_visible (self->label, count != NULL);
  gtk_widget_set_tooltip_text (self->button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  g_free (self->text);
  self->text = g_steal_pointer (&tooltip);
}

static void
fc_sync_indicator_dispose (GObject *object)
{
  FcSyncIndicator *self = FC_SYNC_INDICATOR (object);

  if (self->service != NULL)
    g_signal_handlers_disconnect_by_data (self->service, self);
  g_clear_object (&self->service);
  g_clear_pointer (&self->button, gtk_widget_unparent);
  G_OBJECT_CLASS (fc_sync_indicator_parent_class)->dispose (object);
}

static void
fc_sync_indicator_finalize (GObject *object)
{
  g_free (FC_SYNC_INDICATOR (object)->text);
  G_OBJECT_CLASS (fc_sync_indicator_parent_class)->finalize (object);
}

static void
fc_sync_indicator_class_init (FcSyncIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fc_sync_indicator_dispose;
  object_class->finalize = fc_sync_indicator_finalize;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
fc_sync_indicator_init (FcSyncIndicator *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);

  self->button = gtk_button_new ();
  self->stack = gtk_stack_new ();
  self->icon = gtk_image_new_from_icon_name ("network-offline-symbolic");
  self->spinner = gtk_spinner_new ();
  self->label = gtk_label_new (NULL);
  gtk_stack_add_child (GTK_STACK (self->stack), self->icon);
  gtk_stack_add_child (GTK_STACK (self->stack), self->spinner);
  gtk_widget_add_css_class (self->label, "numeric");
  gtk_widget_set_visible (self->label, FALSE);
  gtk_box_append (GTK_BOX (box), self->stack);
  gtk_box_append (GTK_BOX (box), self->label);
  gtk_button_set_child (GTK_BUTTON (self->button), box);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->button), "win.sync");
  gtk_widget_add_css_class (self->button, "flat");
  gtk_widget_set_tooltip_text (self->button, _("Sync"));
  gtk_widget_set_parent (self->button, GTK_WIDGET (self));
}

void
fc_sync_indicator_set_service (FcSyncIndicator *self,
                               FcSyncService   *service)
{
  g_return_if_fail (FC_IS_SYNC_INDICATOR (self));
  g_return_if_fail (FC_IS_SYNC_SERVICE (service));

  if (self->service != NULL)
    g_signal_handlers_disconnect_by_data (self->service, self);
  g_set_object (&self->service, service);
  g_signal_connect_object (service, "changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
}

/* Returns: (nullable): what the indicator says, as its tooltip */
const char *
fc_sync_indicator_get_text (FcSyncIndicator *self)
{
  g_return_val_if_fail (FC_IS_SYNC_INDICATOR (self), NULL);
  return self->text;
}
