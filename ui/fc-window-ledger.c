/* fc-window-ledger.c: the window's ledger and hazard pages, and the actions that reach them
 *
 * win.ledger shows the district's ledger, win.facility-ledger the ledger of
 * the facility on screen; win.open-hazard opens one hazard from either, or
 * from the facility page, and win.hazard-back returns to where it came from,
 * read again since the hazard may have moved. win.lookback lists the
 * look-back re-checks, win.whistle the whistle-blower reports.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fc-hazard-page.h"
#include "fc-ledger-page.h"
#include "fc-lookback-page.h"
#include "fc-whistle-page.h"
#include "fc-window-ledger.h"
#include "fc-window-private.h"

#define HAZARD_ORIGIN_KEY "fc-hazard-origin"

static FcLedgerPage *
ledger_page (FcWindow *self)
{
  return FC_LEDGER_PAGE (_fc_window_get_content_page (self, "ledger"));
}

static FcLookbackPage *
lookback_page (FcWindow *self)
{
  return FC_LOOKBACK_PAGE (_fc_window_get_content_page (self, "lookback"));
}

static FcWhistlePage *
whistle_page (FcWindow *self)
{
  return FC_WHISTLE_PAGE (_fc_window_get_content_page (self, "whistle"));
}

static FcHazardPage *
hazard_page (FcWindow *self)
{
  return FC_HAZARD_PAGE (_fc_window_get_content_page (self, "hazard"));
}

/* Returns: whether @page is one of these pages, whose titles are now set */
gboolean
_fc_window_ledger_update_title (FcWindow   *self,
                                const char *page)
{
  if (g_strcmp0 (page, "ledger") == 0)
    {
      adw_window_title_set_title (self->content_title, _("Rectification Ledger"));
      adw_window_title_set_subtitle (self->content_title, fc_ledger_page_get_subtitle (ledger_page (self)));
      return TRUE;
    }
  if (g_strcmp0 (page, "hazard") == 0)
    {
      adw_window_title_set_title (self->content_title, _("Hazard"));
      adw_window_title_set_subtitle (self->content_title,
                                     fc_hazard_page_get_facility_name (hazard_page (self)));
      return TRUE;
    }
  if (g_strcmp0 (page, "lookback") == 0)
    {
      adw_window_title_set_title (self->content_title, _("Look-back Re-checks"));
      adw_window_title_set_subtitle (self->content_title, NULL);
      return TRUE;
    }
  if (g_strcmp0 (page, "whistle") == 0)
    {
      adw_window_title_set_title (self->content_title, _("Whistle-blower Reports"));
      adw_window_title_set_subtitle (self->content_title, NULL);
      return TRUE;
    }
  return FALSE;
}

static void
show (FcWindow   *self,
      const char *page)
{
  gtk_stack_set_visible_child_name (self->content_stack, page);
  adw_leaflet_set_visible_child_name (self->leaflet, "content");
  _fc_window_ledger_update_title (self, page);
  _fc_window_update_actions (self);
}

static void
ledger_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FcWindow *self = FC_WINDOW (widget);

  fc_ledger_page_show_scope (ledger_page (self), NULL, NULL);
  show (self, "ledger");
  gtk_widget_grab_focus (GTK_WIDGET (ledger_page (self)));
}

static void
facility_ledger_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  FcWindow *self = FC_WINDOW (widget);

  fc_ledger_page_show_scope (ledger_page (self), self->facility_id,
                             fc_facility_page_get_name (_fc_window_facility_page (self)));
  show (self, "ledger");
}

static void
lookback_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  FcWindow *self = FC_WINDOW (widget);

  fc_lookback_page_reload (lookback_page (self));
  show (self, "lookback");
}

static void
whistle_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  FcWindow *self = FC_WINDOW (widget);

  fc_whistle_page_reload (whistle_page (self));
  show (self, "whistle");
}

static void
open_hazard_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  FcWindow *self = FC_WINDOW (widget);
  const char *current = gtk_stack_get_visible_child_name (self->content_stack);
  FcHazardPage *page = hazard_page (self);

  /* Back goes to the ledger or the facility the hazard was opened from. */
  if (g_strcmp0 (current, "hazard") != 0)
    g_object_set_data_full (G_OBJECT (page), HAZARD_ORIGIN_KEY, g_strdup (current), g_free);
  if (g_strcmp0 (current, "ledger") == 0)
    fc_hazard_page_set_back_label (page, _("Back to the Ledger"));
  else if (g_strcmp0 (current, "lookback") == 0)
    fc_hazard_page_set_back_label (page, _("Back to the Look-back"));
  else if (g_strcmp0 (current, "whistle") == 0)
    fc_hazard_page_set_back_label (page, _("Back to the Reports"));
  else if (g_strcmp0 (current, "hazard") != 0)
    fc_hazard_page_set_back_label (page, _("Back to the Facility"));
  fc_hazard_page_show (page, g_variant_get_string (parameter, NULL));
  show (self, "hazard");
}

static void
hazard_back_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  FcWindow *self = FC_WINDOW (widget);
  const char *origin = g_object_get_data (G_OBJECT (hazard_page (self)), HAZARD_ORIGIN_KEY);

  if (g_strcmp0 (origin, "facility") == 0 && self->facility_id != NULL)
    {
      _fc_window_open_facility (self, self->facility_id);
      return;
    }
  if (g_strcmp0 (origin, "whistle") == 0)
    {
      fc_whistle_page_reload (whistle_page (self));
      show (self, "whistle");
      return;
    }
  if (g_strcmp0 (origin, "lookback") == 0)
    {
      fc_lookback_page_reload (lookback_page (self));
      show (self, "lookback");
      return;
    }
  fc_ledger_page_reload (ledger_page (self));
  show (self, "ledger");
}

void
_fc_window_class_ledger_init (FcWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (FC_TYPE_LEDGER_PAGE);
  g_type_ensure (FC_TYPE_HAZARD_PAGE);
  g_type_ensure (FC_TYPE_LOOKBACK_PAGE);
  g_type_ensure (FC_TYPE_WHISTLE_PAGE);
  gtk_widget_class_install_action (widget_class, "win.ledger", NULL, ledger_action);
  gtk_widget_class_install_action (widget_class, "win.facility-ledger", NULL, facility_ledger_action);
  gtk_widget_class_install_action (widget_class, "win.lookback", NULL, lookback_action);
  gtk_widget_class_install_action (widget_class, "win.whistle", NULL, whistle_action);
  gtk_widget_class_install_action (widget_class, "win.open-hazard", "s", open_hazard_action);
  gtk_widget_class_install_action (widget_class, "win.hazard-back", NULL, hazard_back_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.ledger", NULL);
}
