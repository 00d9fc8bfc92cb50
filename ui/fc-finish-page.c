/* fc-finish-page.c: the end of a walk — summary, unanswered items, sign-off, report
 *
 * Finishing is allowed with items unanswered, but the page lists them first
 * so nothing is skipped by accident. Once finished, each team member and the
 * facility's representative sign on the pad, one after the other.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "fc-finish-page.h"

#define MAX_UNANSWERED_ROWS 12

struct _FcFinishPage
{
  GtkWidget            parent_instance;

  GtkWidget           *scroller;
  AdwActionRow        *answered_row;
  AdwActionRow        *answers_row;
  AdwActionRow        *hazards_row;
  GtkWidget           *unanswered_group;
  GtkListBox          *unanswered_list;
  GtkWidget           *finish_button;
  GtkWidget           *signoff_group;
  GtkListBox          *signers_list;
  GtkWidget           *sign_box;
  GtkDropDown         *signer_dropdown;
  GtkEntry            *name_entry;
  FcSignaturePad      *pad;
  GtkLabel            *problem_label;
  GtkWidget           *export_button;

  char                *inspection_id;
  GPtrArray           *signer_ids;     /* person ids; "" for the facility representative */
  GPtrArray           *signer_names;
};

G_DEFINE_FINAL_TYPE (FcFinishPage, fc_finish_page, GTK_TYPE_WIDGET)

static void
on_unanswered_activated_cb (FcFinishPage  *self,
                            GtkListBoxRow *row)
{
  const char *item_id = g_object_get_data (G_OBJECT (row), "item-id");

  if (item_id != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.go-to-item", "s", item_id);
}

static void
on_signer_changed_cb (FcFinishPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->signer_dropdown);
  gboolean representative = self->signer_ids != NULL && selected < self->signer_ids->len &&
                            *(const char *) g_ptr_array_index (self->signer_ids, selected) == '\0';

  gtk_widget_set_visible (GTK_WIDGET (self->name_entry), representative);
  fc_signature_pad_clear (self->pad);
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), FALSE);
}

static void
on_clear_clicked_cb (FcFinishPage *self)
{
  fc_signature_pad_clear (self->pad);
}

static void
fc_finish_page_dispose (GObject *object)
{
  FcFinishPage *self = FC_FINISH_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FC_TYPE_FINISH_PAGE);
  g_clear_pointer (&self->inspection_id, g_free);
  g_clear_pointer (&self->signer_ids, g_ptr_array_unref);
  g_clear_pointer (&self->signer_names, g_ptr_array_unref);
  G_OBJECT_CLASS (fc_finish_page_parent_class)->dispose (object);
}

static void
fc_finish_page_class_init (FcFinishPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = fc_finish_page_dispose;
  g_type_ensure (FC_TYPE_SIGNATURE_PAD);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/fieldcheck/Fieldcheck/fc-finish-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, FcFinishPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, FcFinishPage, answered_row);
  gtk_widget_class_bind_template_child (widget_class, FcFinishPage, answers_row);
  gtk_widget_class_bind_template_child (widget_class, FcFinishPage, hazards_row);
  gtk_widget_class_bind_template_child (widget_class, FcFinishPage, unanswered_group);
  gtk_widget_class_bind_template_child (widget_class, FcFinishPage, unanswered_list);
  gtk_widget_class_bind_template_child (widget_class, FcFinishPage, finish_button);
  gtk_widget_class_bind_template_child (widget_class, FcFinishPage, signoff_group);
  gtk_widget_class_bind_template_child (widget_class, FcFinishPage, signers_list);
  gtk_widget_class_bind_template_child (widget_class, FcFinishPage, sign_box);
  gtk_widget_class_bind_template_child (widget_class, FcFinishPage, signer_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FcFinishPage, name_entry);
  gtk_widget_class_bind_template_child (widget_class, FcFinishPage, pad);
  gtk_widget_class_bind_template_child (widget_class, FcFinishPage, problem_label);
  gtk_widget_class_bind_template_child (widget_class, FcFinishPage, export_button);
  gtk_widget_class_bind_template_callback (widget_class, on_unanswered_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_signer_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_clear_clicked_cb);
}

static void
fc_finish_page_init (FcFinishPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->signer_ids = g_ptr_array_new_with_free_func (g_free);
  self->signer_names = g_ptr_array_new_with_free_func (g_free);
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static GtkWidget *
signer_row (const char *name,
            const char *role,
            gboolean    is_signed)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *state = gtk_label_new (is_signed ? _("Signed") : _("Not signed"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), role);
  gtk_widget_add_css_class (state, is_signed ? "success" : "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), state);
  return row;
}

/**
 * fc_finish_page_set_summary:
 * @self: the page
 * @summary: an object of fc_inspection_summary()
 */
void
fc_finish_page_set_summary (FcFinishPage *self,
                            JsonObject   *summary)
{
  JsonArray *unanswered = json_object_get_array_member (summary, "unanswered");
  JsonArray *members = json_object_get_array_member (summary, "members");
  JsonArray *signoffs = json_object_get_array_member (summary, "signoffs");
  gboolean finished = !json_object_get_null_member (summary, "finished_at");
  g_autofree char *answered = NULL;
  g_autofree char *answers = NULL;
  g_autofree char *hazards = NULL;
  g_autoptr(GtkStringList) signer_labels = gtk_string_list_new (NULL);
  guint n_unanswered = json_array_get_length (unanswered);
  gboolean representative_signed = FALSE;

  g_return_if_fail (FC_IS_FINISH_PAGE (self));

  answered = g_strdup_printf (_("%ld of %ld items"),
                              (long) json_object_get_int_member (summary, "answered"),
                              (long) json_object_get_int_member (summary, "total"));
  adw_action_row_set_subtitle (self->answered_row, answered);
  answers = g_strdup_printf (_("%ld pass · %ld fail · %ld not applicable"),
                             (long) json_object_get_int_member (summary, "pass"),
                             (long) json_object_get_int_member (summary, "fail"),
                             (long) json_object_get_int_member (summary, "na"));
  adw_action_row_set_subtitle (self->answers_row, answers);
  hazards = g_strdup_printf (_("%ld major · %ld general"),
                             (long) json_object_get_int_member (summary, "hazards_major"),
                             (long) json_object_get_int_member (summary, "hazards_general"));
  adw_action_row_set_subtitle (self->hazards_row, hazards);

  clear_list (self->unanswered_list);
  for (guint i = 0; i < n_unanswered && i < MAX_UNANSWERED_ROWS; i++)
    {
      JsonObject *item = json_array_get_object_element (unanswered, i);
      GtkWidget *row = adw_action_row_new ();
      FcCategory category = FC_CATEGORY_OTHER;
      g_autofree char *subtitle = NULL;

      fc_category_from_string (json_object_get_string_member (item, "category"), &category);
      subtitle = g_strdup_printf ("%s · %s", json_object_get_string_member (item, "code"),
                                  fc_category_label (category));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     json_object_get_string_member (item, "content"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), !finished);
      g_object_set_data_full (G_OBJECT (row), "item-id",
                              g_strdup (json_object_get_string_member (item, "item_id")), g_free);
      gtk_list_box_append (self->unanswered_list, row);
    }
  if (n_unanswered > MAX_UNANSWERED_ROWS)
    {
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "and %u more item",
                                                            "and %u more items",
                                                            n_unanswered - MAX_UNANSWERED_ROWS),
                                               n_unanswered - MAX_UNANSWERED_ROWS);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), more);
      gtk_list_box_append (self->unanswered_list, row);
    }
  /* Once finished, the report lists what was left; the page turns to signing. */
  gtk_widget_set_visible (self->unanswered_group, n_unanswered > 0 && !finished);
  if (n_unanswered > 0)
    {
      g_autofree char *warning = g_strdup_printf (
        g_dngettext (GETTEXT_PACKAGE, "%u item is not answered. Answer it, or finish and the report will list it as unanswered.",
                     "%u items are not answered. Answer them, or finish and the report will list them as unanswered.",
                     n_unanswered), n_unanswered);

      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->unanswered_group), warning);
    }

  gtk_widget_set_visible (self->finish_button, !finished);
  gtk_widget_set_visible (self->signoff_group, finished);
  gtk_widget_set_visible (self->sign_box, finished);
  gtk_widget_set_visible (self->export_button, finished);

  clear_list (self->signers_list);
  g_ptr_array_set_size (self->signer_ids, 0);
  g_ptr_array_set_size (self->signer_names, 0);
  for (guint i = 0; i < json_array_get_length (members); i++)
    {
      JsonObject *m = json_array_get_object_element (members, i);
      const char *name = json_object_get_string_member (m, "name");
      FcRoles role = fc_roles_from_string (json_object_get_string_member (m, "role"), NULL);
      gboolean is_signed = json_object_get_int_member_with_default (m, "signed", 0) != 0;

      gtk_list_box_append (self->signers_list,
                           signer_row (name, role ? fc_role_label (role) : "", is_signed));
      g_ptr_array_add (self->signer_ids, g_strdup (json_object_get_string_member (m, "person_id")));
      g_ptr_array_add (self->signer_names, g_strdup (name));
      gtk_string_list_append (signer_labels, name);
    }
  for (guint i = 0; i < json_array_get_length (signoffs); i++)
    {
      JsonObject *s = json_array_get_object_element (signoffs, i);

      if (g_strcmp0 (json_object_get_string_member (s, "signer_role"), "facility_representative") == 0)
        {
          representative_signed = TRUE;
          gtk_list_box_append (self->signers_list,
                               signer_row (json_object_get_string_member (s, "signer_name"),
                                           _("Facility representative"), TRUE));
        }
    }
  if (!representative_signed)
    gtk_list_box_append (self->signers_list,
                         signer_row (_("Facility representative"), _("Signs for the facility"), FALSE));
  g_ptr_array_add (self->signer_ids, g_strdup (""));
  g_ptr_array_add (self->signer_names, g_strdup (""));
  gtk_string_list_append (signer_labels, _("Facility representative"));
  gtk_drop_down_set_model (self->signer_dropdown, G_LIST_MODEL (signer_labels));
  on_signer_changed_cb (self);
}

/**
 * fc_finish_page_get_signoff:
 * @self: the page
 * @signoff: (out caller-allocates): who signs, with the drawn signature;
 *   signature_png is owned by the caller, the strings by the page
 *
 * Returns: %FALSE, and says why on the page, when nothing is drawn
 */
gboolean
fc_finish_page_get_signoff (FcFinishPage *self,
                            FcSignoff    *signoff)
{
  guint selected = gtk_drop_down_get_selected (self->signer_dropdown);
  const char *id;

  g_return_val_if_fail (FC_IS_FINISH_PAGE (self), FALSE);

  memset (signoff, 0, sizeof *signoff);
  if (selected >= self->signer_ids->len)
    return FALSE;
  if (fc_signature_pad_is_empty (self->pad))
    {
      gtk_label_set_text (self->problem_label, _("Draw the signature on the pad first."));
      gtk_widget_set_visible (GTK_WIDGET (self->problem_label), TRUE);
      return FALSE;
    }
  id = g_ptr_array_index (self->signer_ids, selected);
  signoff->person_id = *id != '\0' ? id : NULL;
  signoff->signer_role = *id != '\0' ? FC_SIGNER_TEAM_MEMBER : FC_SIGNER_FACILITY_REPRESENTATIVE;
  signoff->signer_name = *id != '\0' ? g_ptr_array_index (self->signer_names, selected)
                                     : gtk_editable_get_text (GTK_EDITABLE (self->name_entry));
  signoff->signature_png = fc_signature_pad_to_png (self->pad);
  return TRUE;
}

FcSignaturePad *
fc_finish_page_get_pad (FcFinishPage *self)
{
  g_return_val_if_fail (FC_IS_FINISH_PAGE (self), NULL);
  return self->pad;
}

void
fc_finish_page_select_signer (FcFinishPage *self,
                              guint         index)
{
  g_return_if_fail (FC_IS_FINISH_PAGE (self));
  gtk_drop_down_set_selected (self->signer_dropdown, index);
}

void
fc_finish_page_set_representative (FcFinishPage *self,
                                   const char   *name)
{
  g_return_if_fail (FC_IS_FINISH_PAGE (self));
  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), name ? name : "");
}
