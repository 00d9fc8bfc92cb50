/* fc-hazard-dialog.c: recording a hazard from a failed item
 *
 * Prefilled from the item: its content as the description, the level its
 * criterion suggests (major for a major-hazard item), "needs expert
 * judgement" as the checklist marks it, and the deadline the level gives by
 * default (the general-deadline-days and major-deadline-days settings). Changing the suggested level asks for the reason. The dialog emits
 * FcHazardDialog::record; the window saves and closes it, or shows the error.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "fc-hazard-dialog.h"
#include "fc-preferences.h"

struct _FcHazardDialog
{
  AdwWindow      parent_instance;

  GtkLabel      *item_label;
  AdwEntryRow   *description_row;
  AdwEntryRow   *location_row;
  AdwComboRow   *level_row;
  AdwEntryRow   *reason_row;
  GtkSwitch     *expert_switch;
  AdwEntryRow   *party_row;
  AdwEntryRow   *measures_row;
  AdwEntryRow   *deadline_row;
  FcPhotoStrip  *photo_strip;
  GtkLabel      *error_label;

  char          *inspection_id;
  char          *item_id;
  FcHazardLevel  suggested;
  gboolean       deadline_edited;
  gboolean       setting_deadline;
};

G_DEFINE_FINAL_TYPE (FcHazardDialog, fc_hazard_dialog, ADW_TYPE_WINDOW)

enum {
  RECORD,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_default_deadline (FcHazardDialog *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  guint level = adw_combo_row_get_selected (self->level_row);
  guint days = fc_settings_get_deadline_days (level == FC_HAZARD_LEVEL_MAJOR);
  g_autoptr(GDateTime) due = g_date_time_add_days (now, (int) days);
  g_autofree char *text = g_date_time_format (due, "%Y-%m-%d");

  self->setting_deadline = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->deadline_row), text);
  self->setting_deadline = FALSE;
}

static void
on_level_changed_cb (FcHazardDialog *self)
{
  guint level = adw_combo_row_get_selected (self->level_row);

  gtk_widget_set_visible (GTK_WIDGET (self->reason_row), level != self->suggested);
  if (!self->deadline_edited)
    set_default_deadline (self);
}

static void
on_deadline_changed_cb (FcHazardDialog *self)
{
  if (!self->setting_deadline)
    self->deadline_edited = TRUE;
}

static void
record_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FcHazardDialog *self = FC_HAZARD_DIALOG (widget);

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  g_signal_emit (self, signals[RECORD], 0);
}

static void
fc_hazard_dialog_finalize (GObject *object)
{
  FcHazardDialog *self = FC_HAZARD_DIALOG (object);

  g_free (self->inspection_id);
  g_free (self->item_id);
  G_OBJECT_CLASS (fc_hazard_dialog_parent_class)->finalize (object);
}

static void
fc_hazard_dialog_class_init (FcHazardDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = fc_hazard_dialog_finalize;

  /**
   * FcHazardDialog::record:
   *
   * The user asks to record the hazard; read it with fc_hazard_dialog_get_finding().
   */
  signals[RECORD] = g_signal_new ("record", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (FC_TYPE_PHOTO_STRIP);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/fieldcheck/Fieldcheck/fc-hazard-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FcHazardDialog, item_label);
  gtk_widget_class_bind_template_child (widget_class, FcHazardDialog, description_row);
  gtk_widget_class_bind_template_child (widget_class, FcHazardDialog, location_row);
  gtk_widget_class_bind_template_child (widget_class, FcHazardDialog, level_row);
  gtk_widget_class_bind_template_child (widget_class, FcHazardDialog, reason_row);
  gtk_widget_class_bind_template_child (widget_class, FcHazardDialog, expert_switch);
  gtk_widget_class_bind_template_child (widget_class, FcHazardDialog, party_row);
  gtk_widget_class_bind_template_child (widget_class, FcHazardDialog, measures_row);
  gtk_widget_class_bind_template_child (widget_class, FcHazardDialog, deadline_row);
  gtk_widget_class_bind_template_child (widget_class, FcHazardDialog, photo_strip);
  gtk_widget_class_bind_template_child (widget_class, FcHazardDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_level_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_deadline_changed_cb);

  gtk_widget_class_install_action (widget_class, "hazard.record", NULL, record_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "hazard.record", NULL);
}

static void
fc_hazard_dialog_init (FcHazardDialog *self)
{
  g_autoptr(GtkStringList) levels = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  for (guint l = 0; l < FC_N_HAZARD_LEVELS; l++)
    gtk_string_list_append (levels, fc_hazard_level_label ((FcHazardLevel) l));
  adw_combo_row_set_model (self->level_row, G_LIST_MODEL (levels));
}

/**
 * fc_hazard_dialog_new:
 * @parent: the window
 * @inspection_id: the inspection
 * @item: the failed item
 *
 * Returns: (transfer none): the dialog, prefilled from @item
 */
FcHazardDialog *
fc_hazard_dialog_new (GtkWindow        *parent,
                      const char       *inspection_id,
                      const FcWalkItem *item)
{
  FcHazardDialog *self = g_object_new (FC_TYPE_HAZARD_DIALOG, "transient-for", parent, NULL);
  g_autofree char *criterion = fc_walk_item_criterion (item);
  g_autofree char *about = NULL;
  g_autofree char *suggestion = NULL;

  self->inspection_id = g_strdup (inspection_id);
  self->item_id = g_strdup (item->item_id);
  self->suggested = fc_inspection_suggested_level (item);

  /* Translators: the item a hazard is recorded from: code · category */
  about = g_strdup_printf (_("From %s · %s"), item->code, fc_category_label (item->category));
  gtk_label_set_text (self->item_label, about);
  gtk_editable_set_text (GTK_EDITABLE (self->description_row), fc_walk_item_content (item));
  adw_combo_row_set_selected (self->level_row, self->suggested);
  if (criterion != NULL)
    /* Translators: the suggested level comes from a judgment standard's clause */
    suggestion = g_strdup_printf (_("Suggested: major, under %s"), criterion);
  else
    suggestion = g_strdup (_("Suggested: general"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->level_row), suggestion);
  gtk_switch_set_active (self->expert_switch, item->expert_judgement);
  on_level_changed_cb (self);
  return self;
}

/**
 * fc_hazard_dialog_get_finding:
 * @self: the dialog
 * @finding: (out caller-allocates): what the form holds; the strings belong to the dialog
 */
void
fc_hazard_dialog_get_finding (FcHazardDialog  *self,
                              FcFindingHazard *finding)
{
  g_return_if_fail (FC_IS_HAZARD_DIALOG (self));

  memset (finding, 0, sizeof *finding);
  finding->inspection_id = self->inspection_id;
  finding->item_id = self->item_id;
  finding->description = gtk_editable_get_text (GTK_EDITABLE (self->description_row));
  finding->location = gtk_editable_get_text (GTK_EDITABLE (self->location_row));
  finding->level = (FcHazardLevel) adw_combo_row_get_selected (self->level_row);
  finding->level_reason = gtk_editable_get_text (GTK_EDITABLE (self->reason_row));
  finding->expert_judgement = gtk_switch_get_active (self->expert_switch);
  finding->responsible_party = gtk_editable_get_text (GTK_EDITABLE (self->party_row));
  finding->measures = gtk_editable_get_text (GTK_EDITABLE (self->measures_row));
  finding->deadline = gtk_editable_get_text (GTK_EDITABLE (self->deadline_row));
}

void
fc_hazard_dialog_set_error (FcHazardDialog *self,
                            const char     *message)
{
  g_return_if_fail (FC_IS_HAZARD_DIALOG (self));

  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
}

void
fc_hazard_dialog_set_level (FcHazardDialog *self,
                            FcHazardLevel   level,
                            const char     *reason)
{
  g_return_if_fail (FC_IS_HAZARD_DIALOG (self));

  adw_combo_row_set_selected (self->level_row, level);
  gtk_editable_set_text (GTK_EDITABLE (self->reason_row), reason ? reason : "");
}

void
fc_hazard_dialog_set_description (FcHazardDialog *self,
                                  const char     *description)
{
  g_return_if_fail (FC_IS_HAZARD_DIALOG (self));
  gtk_editable_set_text (GTK_EDITABLE (self->description_row), description ? description : "");
}

/* Returns: (transfer none): the photos of the failed answer: the defect, before rectification */
FcPhotoStrip *
fc_hazard_dialog_get_photo_strip (FcHazardDialog *self)
{
  g_return_val_if_fail (FC_IS_HAZARD_DIALOG (self), NULL);
  return self->photo_strip;
}
