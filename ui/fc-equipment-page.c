/* fc-equipment-page.c: what a scanned tag names — the equipment, or why there is none
 *
 * The outcome comes from the window's scan job: a known tag shows the
 * equipment with its open hazards, the checklist items of its kind and its
 * last results. During an inspection of its facility the items are the walk's
 * own, one tap from their answers. Every other outcome says what happened in
 * a banner a person can act on, and shows the code's raw text.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fc-equipment-page.h"
#include "fc-equipment.h"
#include "fc-i18n.h"
#include "fc-types.h"

struct _FcEquipmentPage
{
  GtkWidget        parent_instance;

  GtkWidget       *scroller;
  GtkWidget       *banner;
  GtkImage        *banner_icon;
  GtkLabel        *banner_label;
  GtkWidget       *details_box;
  GtkLabel        *name_label;
  GtkLabel        *subtitle_label;
  AdwActionRow    *facility_row;
  AdwActionRow    *tag_row;
  AdwActionRow    *dates_row;
  GtkWidget       *edit_row;
  GtkListBox      *hazards_list;
  GtkWidget       *items_group;
  GtkWidget       *go_button;
  GtkListBox      *items_list;
  GtkListBox      *results_list;
  GtkWidget       *problem_box;
  GtkLabel        *raw_label;
  GtkWidget       *register_button;

  char            *title;
  char            *outcome;
};

G_DEFINE_FINAL_TYPE (FcEquipmentPage, fc_equipment_page, GTK_TYPE_WIDGET)

static const char *
member (JsonObject *row,
        const char *name)
{
  const char *value = row ? json_object_get_string_member_with_default (row, name, NULL) : NULL;

  return value != NULL && *value != '\0' ? value : "—";
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static GtkWidget *
text_row (const char *title,
          const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static void
add_placeholder (GtkListBox *list,
                 const char *text)
{
  GtkWidget *row = text_row (text, NULL);

  gtk_widget_add_css_class (row, "dim-label");
  gtk_list_box_append (list, row);
}

static void
set_banner (FcEquipmentPage *self,
            const char      *style,
            const char      *icon,
            const char      *text)
{
  static const char *const styles[] = { "success", "warning", "error" };

  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    gtk_widget_remove_css_class (self->banner, styles[i]);
  gtk_widget_add_css_class (self->banner, style);
  gtk_image_set_from_icon_name (self->banner_icon, icon);
  gtk_label_set_text (self->banner_label, text);
}

static void
show_hazards (FcEquipmentPage *self,
              JsonArray       *hazards)
{
  clear_list (self->hazards_list);
  for (guint i = 0; hazards != NULL && i < json_array_get_length (hazards); i++)
    {
      JsonObject *hazard = json_array_get_object_element (hazards, i);
      FcHazardLevel level = FC_HAZARD_LEVEL_GENERAL;
      FcHazardStatus status = FC_HAZARD_OPEN;
      g_autofree char *subtitle = NULL;
      GtkWidget *row, *badge;

      fc_hazard_level_from_string (member (hazard, "level"), &level);
      fc_hazard_status_from_string (member (hazard, "status"), &status);
      subtitle = g_strdup_printf (_("%s · deadline %s"), fc_hazard_status_label (status),
                                  member (hazard, "deadline"));
      row = text_row (member (hazard, "description"), subtitle);
      badge = gtk_label_new (fc_hazard_level_label (level));
      gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (badge, "badge");
      gtk_widget_add_css_class (badge, level == FC_HAZARD_LEVEL_MAJOR ? "badge-major" : "badge-general");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
      gtk_list_box_append (self->hazards_list, row);
    }
  if (hazards == NULL || json_array_get_length (hazards) == 0)
    add_placeholder (self->hazards_list, _("No open hazards"));
}

static void
show_results (FcEquipmentPage *self,
              JsonArray       *results)
{
  gboolean zh = fc_i18n_prefers_chinese ();

  clear_list (self->results_list);
  for (guint i = 0; results != NULL && i < json_array_get_length (results); i++)
    {
      JsonObject *result = json_array_get_object_element (results, i);
      const char *answer = member (result, "answer");
      g_autofree char *title = g_strdup_printf ("%s  %s", member (result, "code"),
                                                member (result, zh ? "content_zh" : "content_en"));
      g_autofree char *subtitle = NULL;
      const char *label = answer;

      /* Translators: answers to a checklist item */
      if (g_str_equal (answer, "pass"))
        label = _("Pass");
      else if (g_str_equal (answer, "fail"))
        label = _("Fail");
      else if (g_str_equal (answer, "na"))
        label = _("Not applicable");
      subtitle = g_strdup_printf (_("%s · %s"), label, member (result, "recorded_at"));
      gtk_list_box_append (self->results_list, text_row (title, subtitle));
    }
  if (results == NULL || json_array_get_length (results) == 0)
    add_placeholder (self->results_list, _("Nothing recorded against this equipment yet"));
}

static gboolean
walk_item_applies (const FcWalkItem *item,
                   const char       *kind)
{
  return item->equipment_kinds != NULL &&
         g_strv_contains ((const char *const *) item->equipment_kinds, kind);
}

/* During an inspection of its facility: the walk's own items, each a tap from its answer. */
static guint
show_walk_items (FcEquipmentPage *self,
                 FcWalk          *walk,
                 const char      *kind)
{
  const char *first = NULL;
  guint n = 0;

  for (guint i = 0; i < fc_walk_get_n_items (walk); i++)
    {
      const FcWalkItem *item = fc_walk_get_item (walk, i);
      g_autofree char *title = NULL;
      g_autofree char *answer = NULL;
      GtkWidget *row;

      if (!walk_item_applies (item, kind))
        continue;
      title = g_strdup_printf ("%s  %s", item->code, fc_walk_item_content (item));
      answer = item->result_id != NULL ? fc_walk_item_answer_label (item) : g_strdup (_("Not answered yet"));
      row = text_row (title, answer);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.go-to-item");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", item->item_id);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_append (self->items_list, row);
      if (first == NULL)
        first = item->item_id;
      n++;
    }
  gtk_widget_set_visible (self->go_button, first != NULL);
  if (first != NULL)
    {
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->go_button), "s", first);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->go_button), "win.go-to-item");
    }
  return n;
}

static guint
show_items (FcEquipmentPage *self,
            JsonArray       *items)
{
  gboolean zh = fc_i18n_prefers_chinese ();
  guint n = items ? json_array_get_length (items) : 0;

  gtk_widget_set_visible (self->go_button, FALSE);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      FcCategory category = FC_CATEGORY_OTHER;

      fc_category_from_string (member (item, "category"), &category);
      gtk_list_box_append (self->items_list,
                           text_row (member (item, zh ? "content_zh" : "content_en"),
                                     fc_category_label (category)));
    }
  return n;
}

static void
show_equipment (FcEquipmentPage *self,
                JsonObject      *outcome,
                FcWalk          *walk)
{
  JsonObject *equipment = json_object_get_object_member (outcome, "equipment");
  const char *kind = member (equipment, "kind");
  const char *kind_label = fc_equipment_kind_label (kind);
  g_autofree char *subtitle = NULL;
  g_autofree char *dates = NULL;
  gboolean retired = json_object_get_int_member_with_default (equipment, "retired", 0) != 0;
  guint n_items;

  g_free (self->title);
  self->title = g_strdup (member (equipment, "name"));
  gtk_label_set_text (self->name_label, self->title);
  subtitle = g_strdup_printf ("%s · %s", kind_label ? kind_label : kind, member (equipment, "location"));
  gtk_label_set_text (self->subtitle_label, subtitle);
  adw_action_row_set_subtitle (self->facility_row, member (equipment, "facility_name"));
  adw_action_row_set_subtitle (self->tag_row, member (equipment, "tag_code"));
  dates = g_strdup_printf ("%s · %s · %s", member (equipment, "installed_on"),
                           member (equipment, "last_serviced_on"), member (equipment, "expires_on"));
  adw_action_row_set_subtitle (self->dates_row, dates);
  /* A retired piece is history: its register entry is not edited from a scan. */
  gtk_widget_set_visible (self->edit_row, !retired);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->edit_row), "s", member (equipment, "id"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->edit_row), "win.edit-equipment");

  show_hazards (self, json_object_get_array_member (outcome, "hazards"));
  show_results (self, json_object_get_array_member (outcome, "results"));
  clear_list (self->items_list);
  if (walk != NULL && !fc_walk_is_finished (walk) &&
      g_strcmp0 (fc_walk_get_facility_id (walk), member (equipment, "facility_id")) == 0)
    n_items = show_walk_items (self, walk, kind);
  else
    n_items = show_items (self, json_object_get_array_member (outcome, "items"));
  if (n_items == 0)
    add_placeholder (self->items_list, _("No checklist item names this kind of equipment"));

  if (g_str_equal (self->outcome, "other_facility"))
    {
      g_autofree char *text = g_strdup_printf (_("This tag belongs to %s, not to the facility you "
                                                 "are in. Check that the tag is on the right "
                                                 "equipment before recording anything."),
                                               member (equipment, "facility_name"));

      set_banner (self, "warning", "dialog-warning-symbolic", text);
    }
  else if (retired)
    set_banner (self, "warning", "dialog-warning-symbolic",
                _("This equipment was retired; its tag should have been taken off."));
  else
    {
      g_autofree char *text = g_strdup_printf (_("Tag read: %s"), self->title);

      set_banner (self, "success", "emblem-ok-symbolic", text);
    }
}

/**
 * fc_equipment_page_set_outcome:
 * @self: the page
 * @outcome: what the scan job found: "outcome" (equipment, other_facility,
 *   other_district, unknown, malformed or foreign), "raw", and the overview of
 *   fc_equipment_overview() or a "message"
 * @walk: (nullable): the inspection under way
 */
void
fc_equipment_page_set_outcome (FcEquipmentPage *self,
                               JsonObject      *outcome,
                               FcWalk          *walk)
{
  const char *kind;
  gboolean known;

  g_return_if_fail (FC_IS_EQUIPMENT_PAGE (self));
  g_return_if_fail (outcome != NULL);

  kind = json_object_get_string_member_with_default (outcome, "outcome", "foreign");
  g_free (self->outcome);
  self->outcome = g_strdup (kind);
  known = g_str_equal (kind, "equipment") || g_str_equal (kind, "other_facility");
  gtk_widget_set_visible (self->details_box, known);
  gtk_widget_set_visible (self->problem_box, !known);
  gtk_widget_set_visible (self->register_button, FALSE);
  gtk_label_set_text (self->raw_label, member (outcome, "raw"));

  if (known)
    show_equipment (self, outcome, walk);
  else
    {
      g_autofree char *text = NULL;

      g_free (self->title);
      self->title = g_strdup (_("Scanned Code"));
      if (g_str_equal (kind, "unknown"))
        {
          const char *facility = json_object_get_string_member_with_default (outcome, "facility_name", NULL);

          text = facility != NULL
                 ? g_strdup_printf (_("No equipment carries the tag %s yet. Register it to "
                                      "equipment of %s."), member (outcome, "code"), facility)
                 : g_strdup_printf (_("No equipment carries the tag %s yet. Open a facility "
                                      "to register it to its equipment."), member (outcome, "code"));
          set_banner (self, "warning", "dialog-question-symbolic", text);
          gtk_widget_set_visible (self->register_button, facility != NULL);
          gtk_actionable_set_action_target (GTK_ACTIONABLE (self->register_button), "s",
                                            member (outcome, "code"));
          gtk_actionable_set_action_name (GTK_ACTIONABLE (self->register_button), "win.register-tag");
        }
      else if (g_str_equal (kind, "other_district"))
        {
          text = g_strdup_printf (_("This is a Fieldcheck tag of another district (%s). It names "
                                    "nothing in this district."), member (outcome, "district"));
          set_banner (self, "warning", "dialog-warning-symbolic", text);
        }
      else
        {
          /* The core's sentence says what is wrong with it: damaged, misread, or not ours. */
          set_banner (self, "error", "dialog-error-symbolic", member (outcome, "message"));
        }
    }
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller)), 0);
}

/* Returns: (nullable): the equipment's name, or a title for a code that names none */
const char *
fc_equipment_page_get_title (FcEquipmentPage *self)
{
  g_return_val_if_fail (FC_IS_EQUIPMENT_PAGE (self), NULL);
  return self->title;
}

/* Returns: (nullable): what the last scan found, as the "outcome" member says */
const char *
fc_equipment_page_get_outcome (FcEquipmentPage *self)
{
  g_return_val_if_fail (FC_IS_EQUIPMENT_PAGE (self), NULL);
  return self->outcome;
}

/* Returns: the sentence at the top: what the scan found, or what is wrong */
const char *
fc_equipment_page_get_message (FcEquipmentPage *self)
{
  g_return_val_if_fail (FC_IS_EQUIPMENT_PAGE (self), NULL);
  return gtk_label_get_text (self->banner_label);
}

/* Returns: the equipment's installed, last serviced and expiry dates, as shown */
const char *
fc_equipment_page_get_dates (FcEquipmentPage *self)
{
  g_return_val_if_fail (FC_IS_EQUIPMENT_PAGE (self), NULL);
  return adw_action_row_get_subtitle (self->dates_row);
}

static void
fc_equipment_page_dispose (GObject *object)
{
  FcEquipmentPage *self = FC_EQUIPMENT_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FC_TYPE_EQUIPMENT_PAGE);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->outcome, g_free);
  G_OBJECT_CLASS (fc_equipment_page_parent_class)->dispose (object);
}

static void
fc_equipment_page_class_init (FcEquipmentPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = fc_equipment_page_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/fieldcheck/Fieldcheck/fc-equipment-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, FcEquipmentPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, FcEquipmentPage, banner);
  gtk_widget_class_bind_template_child (widget_class, FcEquipmentPage, banner_icon);
  gtk_widget_class_bind_template_child (widget_class, FcEquipmentPage, banner_label);
  gtk_widget_class_bind_template_child (widget_class, FcEquipmentPage, details_box);
  gtk_widget_class_bind_template_child (widget_class, FcEquipmentPage, name_label);
  gtk_widget_class_bind_template_child (widget_class, FcEquipmentPage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, FcEquipmentPage, facility_row);
  gtk_widget_class_bind_template_child (widget_class, FcEquipmentPage, tag_row);
  gtk_widget_class_bind_template_child (widget_class, FcEquipmentPage, dates_row);
  gtk_widget_class_bind_template_child (widget_class, FcEquipmentPage, edit_row);
  gtk_widget_class_bind_template_child (widget_class, FcEquipmentPage, hazards_list);
  gtk_widget_class_bind_template_child (widget_class, FcEquipmentPage, items_group);
  gtk_widget_class_bind_template_child (widget_class, FcEquipmentPage, go_button);
  gtk_widget_class_bind_template_child (widget_class, FcEquipmentPage, items_list);
  gtk_widget_class_bind_template_child (widget_class, FcEquipmentPage, results_list);
  gtk_widget_class_bind_template_child (widget_class, FcEquipmentPage, problem_box);
  gtk_widget_class_bind_template_child (widget_class, FcEquipmentPage, raw_label);
  gtk_widget_class_bind_template_child (widget_class, FcEquipmentPage, register_button);
}

static void
fc_equipment_page_init (FcEquipmentPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
