/* fc-equipment-register.c: a facility's equipment register — list, add, edit, retire, labels
 *
 * The list is read on the store's worker thread (fc_equipment_list()), retired
 * equipment only when asked for. Each row says what the equipment is, where it
 * stands and its tag, and its dates; equipment past its expiry date carries a
 * red badge, and equipment expiring within a month a yellow one, so a glance
 * down the list finds what needs replacing. A row opens the editor
 * (win.edit-equipment); adding, retiring and the label sheets are window
 * actions too, so a hardware scanner's unknown tag reaches the same editor.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "fc-equipment.h"
#include "fc-equipment-register.h"

#define SOON_DAYS 30

struct _FcEquipmentRegister
{
  GtkWidget        parent_instance;

  GtkWidget       *scroller;
  GtkLabel        *name_label;
  GtkLabel        *summary_label;
  GtkListBox      *list;
  GtkToggleButton *retired_toggle;

  FcStoreService  *service;
  GCancellable    *cancellable;
  char            *facility_id;
  char            *facility_name;
  JsonArray       *rows;
  guint            n_expired;
};

G_DEFINE_FINAL_TYPE (FcEquipmentRegister, fc_equipment_register, GTK_TYPE_WIDGET)

static const char *
member (JsonObject *row,
        const char *name)
{
  const char *value = json_object_get_string_member_with_default (row, name, NULL);

  return value != NULL && *value != '\0' ? value : NULL;
}

static char *
day_plus (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%Y-%m-%d");
}

static GtkWidget *
badge (const char *text,
       const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "badge");
  gtk_widget_add_css_class (label, style);
  return label;
}

static GtkWidget *
make_row (JsonObject *row,
          const char *today,
          const char *soon,
          gboolean   *expired)
{
  GtkWidget *widget = adw_action_row_new ();
  AdwActionRow *action_row = ADW_ACTION_ROW (widget);
  const char *kind = member (row, "kind");
  const char *kind_label = fc_equipment_kind_label (kind);
  const char *location = member (row, "location");
  const char *tag = member (row, "tag_code");
  const char *expires = member (row, "expires_on");
  gboolean retired = json_object_get_int_member_with_default (row, "retired", 0) != 0;
  g_autoptr(GString) subtitle = g_string_new (kind_label ? kind_label : kind);
  g_autofree char *tag_text = NULL;
  g_autofree char *dates = NULL;

  if (location != NULL)
    g_string_append_printf (subtitle, " · %s", location);
  /* Translators: a tag code on the equipment list, e.g. "Tag 001003" */
  tag_text = tag != NULL ? g_strdup_printf (_("Tag %s"), tag) : g_strdup (_("No tag"));
  g_string_append_printf (subtitle, " · %s\n", tag_text);
  /* Translators: installed, last serviced and expiry dates of equipment; "—" when unknown */
  dates = g_strdup_printf (_("Installed %s · Serviced %s · Expires %s"),
                           member (row, "installed_on") ? member (row, "installed_on") : "—",
                           member (row, "last_serviced_on") ? member (row, "last_serviced_on") : "—",
                           expires ? expires : "—");
  g_string_append (subtitle, dates);
  if (retired)
    {
      const char *reason = member (row, "retired_reason");

      g_string_append_c (subtitle, '\n');
      /* Translators: when and why equipment was retired */
      g_string_append_printf (subtitle, _("Retired %s: %s"),
                              member (row, "retired_on") ? member (row, "retired_on") : "—",
                              reason ? reason : "—");
    }

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (widget), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (widget), member (row, "name"));
  /* A long name ellipsizes; the whole name is in the tooltip and the editor. */
  adw_action_row_set_title_lines (action_row, 1);
  adw_action_row_set_subtitle (action_row, subtitle->str);
  adw_action_row_set_subtitle_lines (action_row, 4);
  gtk_widget_set_tooltip_text (widget, member (row, "name"));

  *expired = !retired && expires != NULL && strcmp (expires, today) < 0;
  if (retired)
    {
      adw_action_row_add_suffix (action_row, badge (_("Retired"), "badge-status"));
      gtk_widget_add_css_class (widget, "retired-row");
    }
  else if (*expired)
    {
      adw_action_row_add_suffix (action_row, badge (_("Expired"), "badge-major"));
      gtk_widget_add_css_class (widget, "expired-row");
    }
  else if (expires != NULL && strcmp (expires, soon) <= 0)
    adw_action_row_add_suffix (action_row, badge (_("Expires Soon"), "badge-overdue"));
  adw_action_row_add_suffix (action_row, gtk_image_new_from_icon_name ("go-next-symbolic"));

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (widget), TRUE);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (widget), "s", member (row, "id"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (widget), "win.edit-equipment");
  return widget;
}

static char *
join (char       *summary,
      const char *part)
{
  char *joined = g_strdup_printf ("%s · %s", summary, part);

  g_free (summary);
  return joined;
}

static void
show_rows (FcEquipmentRegister *self)
{
  g_autofree char *today = day_plus (0);
  g_autofree char *soon = day_plus (SOON_DAYS);
  g_autofree char *summary = NULL;
  GtkWidget *child;
  guint n = json_array_get_length (self->rows), untagged = 0, retired = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  self->n_expired = 0;
  /* What is in service first, in the core's order; what was retired after it. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < n; i++)
      {
        JsonObject *row = json_array_get_object_element (self->rows, i);
        gboolean is_retired = json_object_get_int_member_with_default (row, "retired", 0) != 0;
        gboolean expired = FALSE;

        if (is_retired != (pass == 1))
          continue;
        gtk_list_box_append (self->list, make_row (row, today, soon, &expired));
        self->n_expired += expired;
        if (is_retired)
          retired++;
        else
          untagged += member (row, "tag_code") == NULL;
      }

  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u piece of equipment in service",
                                          "%u pieces of equipment in service", n - retired), n - retired);
  if (self->n_expired > 0)
    {
      g_autofree char *part = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u expired",
                                                            "%u expired", self->n_expired),
                                               self->n_expired);

      summary = join (summary, part);
    }
  if (untagged > 0)
    {
      g_autofree char *part = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u without a tag",
                                                            "%u without a tag", untagged),
                                               untagged);

      summary = join (summary, part);
    }
  if (retired > 0)
    {
      g_autofree char *part = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u retired",
                                                            "%u retired", retired), retired);

      summary = join (summary, part);
    }
  gtk_label_set_text (self->summary_label, summary);
}

typedef struct
{
  char     *facility_id;
  gboolean  with_retired;
} LoadRequest;

static void
load_request_free (LoadRequest *request)
{
  g_free (request->facility_id);
  g_free (request);
}

static gpointer
load_job (FcStore   *store,
          gpointer   data,
          GError   **error)
{
  LoadRequest *request = data;

  return fc_equipment_list (store, request->facility_id, request->with_retired, error);
}

static void
load_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(FcEquipmentRegister) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) rows = fc_store_service_run_finish (FC_STORE_SERVICE (source), result, &error);

  if (rows == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_label_set_text (self->summary_label, error->message);
      return;
    }
  g_clear_pointer (&self->rows, json_array_unref);
  self->rows = g_steal_pointer (&rows);
  show_rows (self);
}

/* Reads the list again, as it stands in the store. */
void
fc_equipment_register_reload (FcEquipmentRegister *self)
{
  LoadRequest *request;

  g_return_if_fail (FC_IS_EQUIPMENT_REGISTER (self));

  if (self->service == NULL || self->facility_id == NULL)
    return;
  /* Only the newest answer counts: an older load still under way is dropped. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  request = g_new0 (LoadRequest, 1);
  request->facility_id = g_strdup (self->facility_id);
  request->with_retired = gtk_toggle_button_get_active (self->retired_toggle);
  fc_store_service_run_async (self->service, load_job, request, (GDestroyNotify) load_request_free,
                              (GDestroyNotify) json_array_unref, self->cancellable, load_done,
                              g_object_ref (self));
}

static void
on_show_retired_cb (FcEquipmentRegister *self)
{
  fc_equipment_register_reload (self);
}

void
fc_equipment_register_set_service (FcEquipmentRegister *self,
                                   FcStoreService      *service)
{
  g_return_if_fail (FC_IS_EQUIPMENT_REGISTER (self));
  g_set_object (&self->service, service);
}

/**
 * fc_equipment_register_show_facility:
 * @self: the register
 * @facility_id: the facility
 * @facility_name: its name
 *
 * Shows the facility's equipment, retired equipment hidden until asked for.
 */
void
fc_equipment_register_show_facility (FcEquipmentRegister *self,
                                     const char          *facility_id,
                                     const char          *facility_name)
{
  g_return_if_fail (FC_IS_EQUIPMENT_REGISTER (self));
  g_return_if_fail (facility_id != NULL);

  if (g_strcmp0 (self->facility_id, facility_id) != 0)
    {
      g_free (self->facility_id);
      self->facility_id = g_strdup (facility_id);
      g_clear_pointer (&self->rows, json_array_unref);
      self->rows = json_array_new ();
      show_rows (self);
      g_signal_handlers_block_by_func (self->retired_toggle, on_show_retired_cb, self);
      gtk_toggle_button_set_active (self->retired_toggle, FALSE);
      g_signal_handlers_unblock_by_func (self->retired_toggle, on_show_retired_cb, self);
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller)), 0);
    }
  g_free (self->facility_name);
  self->facility_name = g_strdup (facility_name);
  gtk_label_set_text (self->name_label, facility_name ? facility_name : "");
  fc_equipment_register_reload (self);
}

const char *
fc_equipment_register_get_facility_id (FcEquipmentRegister *self)
{
  g_return_val_if_fail (FC_IS_EQUIPMENT_REGISTER (self), NULL);
  return self->facility_id;
}

const char *
fc_equipment_register_get_facility_name (FcEquipmentRegister *self)
{
  g_return_val_if_fail (FC_IS_EQUIPMENT_REGISTER (self), NULL);
  return self->facility_name;
}

void
fc_equipment_register_set_show_retired (FcEquipmentRegister *self,
                                        gboolean             show_retired)
{
  g_return_if_fail (FC_IS_EQUIPMENT_REGISTER (self));
  gtk_toggle_button_set_active (self->retired_toggle, show_retired);
}

gboolean
fc_equipment_register_get_show_retired (FcEquipmentRegister *self)
{
  g_return_val_if_fail (FC_IS_EQUIPMENT_REGISTER (self), FALSE);
  return gtk_toggle_button_get_active (self->retired_toggle);
}

/* Returns: the rows on the list */
guint
fc_equipment_register_get_n_shown (FcEquipmentRegister *self)
{
  g_return_val_if_fail (FC_IS_EQUIPMENT_REGISTER (self), 0);
  return self->rows ? json_array_get_length (self->rows) : 0;
}

/* Returns: the equipment on the list past its expiry date */
guint
fc_equipment_register_get_n_expired (FcEquipmentRegister *self)
{
  g_return_val_if_fail (FC_IS_EQUIPMENT_REGISTER (self), 0);
  return self->n_expired;
}

/* Returns: (transfer none) (nullable): the row of @equipment_id on the list */
JsonObject *
fc_equipment_register_find (FcEquipmentRegister *self,
                            const char          *equipment_id)
{
  g_return_val_if_fail (FC_IS_EQUIPMENT_REGISTER (self), NULL);

  for (guint i = 0; self->rows != NULL && i < json_array_get_length (self->rows); i++)
    {
      JsonObject *row = json_array_get_object_element (self->rows, i);

      if (g_strcmp0 (json_object_get_string_member (row, "id"), equipment_id) == 0)
        return row;
    }
  return NULL;
}

/* Returns: (transfer none) (nullable): the row at @index, as fc_equipment_list() gives it */
JsonObject *
fc_equipment_register_get_row (FcEquipmentRegister *self,
                               guint                index)
{
  g_return_val_if_fail (FC_IS_EQUIPMENT_REGISTER (self), NULL);

  if (self->rows == NULL || index >= json_array_get_length (self->rows))
    return NULL;
  return json_array_get_object_element (self->rows, index);
}

static void
fc_equipment_register_dispose (GObject *object)
{
  FcEquipmentRegister *self = FC_EQUIPMENT_REGISTER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->service);
  g_clear_pointer (&self->rows, json_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), FC_TYPE_EQUIPMENT_REGISTER);
  G_OBJECT_CLASS (fc_equipment_register_parent_class)->dispose (object);
}

static void
fc_equipment_register_finalize (GObject *object)
{
  FcEquipmentRegister *self = FC_EQUIPMENT_REGISTER (object);

  g_free (self->facility_id);
  g_free (self->facility_name);
  G_OBJECT_CLASS (fc_equipment_register_parent_class)->finalize (object);
}

static void
fc_equipment_register_class_init (FcEquipmentRegisterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fc_equipment_register_dispose;
  object_class->finalize = fc_equipment_register_finalize;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/fieldcheck/Fieldcheck/fc-equipment-register.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, FcEquipmentRegister, scroller);
  gtk_widget_class_bind_template_child (widget_class, FcEquipmentRegister, name_label);
  gtk_widget_class_bind_template_child (widget_class, FcEquipmentRegister, summary_label);
  gtk_widget_class_bind_template_child (widget_class, FcEquipmentRegister, list);
  gtk_widget_class_bind_template_child (widget_class, FcEquipmentRegister, retired_toggle);
  gtk_widget_class_bind_template_callback (widget_class, on_show_retired_cb);
}

static void
fc_equipment_register_init (FcEquipmentRegister *self)
{
  GtkWidget *placeholder;

  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  placeholder = gtk_label_new (_("No equipment in the register yet. Add it, then print its tags."));
  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 24);
  gtk_widget_set_margin_bottom (placeholder, 24);
  gtk_widget_set_margin_start (placeholder, 12);
  gtk_widget_set_margin_end (placeholder, 12);
  gtk_list_box_set_placeholder (self->list, placeholder);
}
