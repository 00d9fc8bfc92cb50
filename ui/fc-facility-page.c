/* fc-facility-page.c: one facility — its grid, open hazards, and the way into an inspection */

#include "config.h"

#include <glib/gi18n.h>

#include "fc-facility-page.h"
#include "fc-types.h"

struct _FcFacilityPage
{
  GtkWidget     parent_instance;

  GtkWidget    *scroller;
  GtkLabel     *name_label;
  GtkLabel     *subtitle_label;
  GtkButton    *start_button;
  AdwActionRow *leader_row;
  AdwActionRow *department_row;
  AdwActionRow *cadre_row;
  AdwActionRow *legal_row;
  AdwActionRow *officer_row;
  GtkWidget    *hazards_group;
  GtkListBox   *hazards_list;

  char         *id;
  char         *name;
};

G_DEFINE_FINAL_TYPE (FcFacilityPage, fc_facility_page, GTK_TYPE_WIDGET)

static const char *
member (JsonObject *row,
        const char *name)
{
  const char *value = json_object_get_string_member_with_default (row, name, NULL);

  return value != NULL && *value != '\0' ? value : "—";
}

static void
fc_facility_page_dispose (GObject *object)
{
  FcFacilityPage *self = FC_FACILITY_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FC_TYPE_FACILITY_PAGE);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  G_OBJECT_CLASS (fc_facility_page_parent_class)->dispose (object);
}

static void
fc_facility_page_class_init (FcFacilityPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = fc_facility_page_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/fieldcheck/Fieldcheck/fc-facility-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, FcFacilityPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, FcFacilityPage, name_label);
  gtk_widget_class_bind_template_child (widget_class, FcFacilityPage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, FcFacilityPage, start_button);
  gtk_widget_class_bind_template_child (widget_class, FcFacilityPage, leader_row);
  gtk_widget_class_bind_template_child (widget_class, FcFacilityPage, department_row);
  gtk_widget_class_bind_template_child (widget_class, FcFacilityPage, cadre_row);
  gtk_widget_class_bind_template_child (widget_class, FcFacilityPage, legal_row);
  gtk_widget_class_bind_template_child (widget_class, FcFacilityPage, officer_row);
  gtk_widget_class_bind_template_child (widget_class, FcFacilityPage, hazards_group);
  gtk_widget_class_bind_template_child (widget_class, FcFacilityPage, hazards_list);
}

static void
fc_facility_page_init (FcFacilityPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static GtkWidget *
hazard_row (JsonObject *hazard)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *badge;
  const char *level = json_object_get_string_member_with_default (hazard, "level", "general");
  const char *status = json_object_get_string_member_with_default (hazard, "status", "open");
  FcHazardStatus s = FC_HAZARD_OPEN;
  FcHazardLevel l = FC_HAZARD_LEVEL_GENERAL;
  FcCategory category = FC_CATEGORY_OTHER;
  g_autofree char *subtitle = NULL;
  gboolean overdue = json_object_get_int_member_with_default (hazard, "overdue", 0) != 0;

  fc_hazard_status_from_string (status, &s);
  fc_hazard_level_from_string (level, &l);
  fc_category_from_string (json_object_get_string_member_with_default (hazard, "category", "other"),
                           &category);
  subtitle = g_strdup_printf (overdue ? _("%s · %s · deadline %s, overdue")
                                      : _("%s · %s · deadline %s"),
                              fc_category_label (category),
                              fc_hazard_status_label (s),
                              member (hazard, "deadline"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), member (hazard, "description"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  badge = gtk_label_new (fc_hazard_level_label (l));
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (badge, "badge");
  gtk_widget_add_css_class (badge, l == FC_HAZARD_LEVEL_MAJOR ? "badge-major" : "badge-general");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
  if (overdue)
    {
      GtkWidget *late = gtk_label_new (_("Overdue"));

      gtk_widget_set_valign (late, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (late, "badge");
      gtk_widget_add_css_class (late, "badge-overdue");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), late);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.open-hazard");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", json_object_get_string_member (hazard, "id"));
  return row;
}

/**
 * fc_facility_page_set_facility:
 * @self: the page
 * @facility: a facility of fc_queries_facility()
 * @open_inspection_id: (nullable): its inspection in progress
 */
void
fc_facility_page_set_facility (FcFacilityPage *self,
                               JsonObject     *facility,
                               const char     *open_inspection_id)
{
  JsonArray *hazards = json_object_get_array_member (facility, "open_hazards");
  FcFacilityType type = FC_FACILITY_OTHER;
  g_autofree char *subtitle = NULL;
  g_autofree char *legal = NULL;
  g_autofree char *officer = NULL;
  GtkWidget *child;
  gint64 beds = json_object_get_int_member_with_default (facility, "beds", 0);

  g_return_if_fail (FC_IS_FACILITY_PAGE (self));

  g_free (self->id);
  self->id = g_strdup (json_object_get_string_member (facility, "id"));
  g_free (self->name);
  self->name = g_strdup (json_object_get_string_member (facility, "name"));
  fc_facility_type_from_string (json_object_get_string_member_with_default (facility, "type", "other"),
                                &type);
  gtk_label_set_text (self->name_label, self->name);
  /* Translators: facility page subtitle: type · town · address · beds */
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %s · %s · %d bed",
                                           "%s · %s · %s · %d beds", (gulong) beds),
                              fc_facility_type_label (type), member (facility, "town"),
                              member (facility, "address"), (int) beds);
  gtk_label_set_text (self->subtitle_label, subtitle);
  gtk_button_set_label (self->start_button, open_inspection_id ? _("Continue the Inspection")
                                                               : _("Start an Inspection"));

  adw_action_row_set_subtitle (self->leader_row, member (facility, "area_leader"));
  adw_action_row_set_subtitle (self->department_row, member (facility, "line_department"));
  adw_action_row_set_subtitle (self->cadre_row, member (facility, "point_cadre"));
  legal = g_strdup_printf ("%s  %s", member (facility, "legal_rep"), member (facility, "legal_rep_phone"));
  officer = g_strdup_printf ("%s  %s", member (facility, "safety_officer"),
                             member (facility, "safety_officer_phone"));
  adw_action_row_set_subtitle (self->legal_row, legal);
  adw_action_row_set_subtitle (self->officer_row, officer);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->hazards_list))) != NULL)
    gtk_list_box_remove (self->hazards_list, child);
  for (guint i = 0; hazards != NULL && i < json_array_get_length (hazards); i++)
    gtk_list_box_append (self->hazards_list, hazard_row (json_array_get_object_element (hazards, i)));
  gtk_widget_set_visible (self->hazards_group, hazards != NULL && json_array_get_length (hazards) > 0);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller)), 0);
}

const char *
fc_facility_page_get_id (FcFacilityPage *self)
{
  g_return_val_if_fail (FC_IS_FACILITY_PAGE (self), NULL);
  return self->id;
}

const char *
fc_facility_page_get_name (FcFacilityPage *self)
{
  g_return_val_if_fail (FC_IS_FACILITY_PAGE (self), NULL);
  return self->name;
}
