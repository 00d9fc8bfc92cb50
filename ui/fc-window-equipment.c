/* fc-window-equipment.c: the window's equipment register, its editor and its label sheets
 *
 * win.equipment shows the register of the facility on screen. The editor
 * opens for a new piece (win.add-equipment), for one piece of the list
 * (win.edit-equipment), or with a scanned tag filled in when a tag no
 * equipment carries is registered from the scan. win.retire-equipment asks
 * for the reason first. win.print-labels and win.save-labels open the label
 * sheet dialog. Every read and write is a job on the window's store service.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fc-equipment.h"
#include "fc-equipment-editor.h"
#include "fc-equipment-register.h"
#include "fc-label-sheet-dialog.h"
#include "fc-window-equipment.h"
#include "fc-window-private.h"

static FcEquipmentRegister *
register_page (FcWindow *self)
{
  return FC_EQUIPMENT_REGISTER (_fc_window_get_content_page (self, "equipment-list"));
}

/* Returns: whether @page is the register, whose title is now set */
gboolean
_fc_window_equipment_update_title (FcWindow   *self,
                                   const char *page)
{
  if (g_strcmp0 (page, "equipment-list") != 0)
    return FALSE;
  adw_window_title_set_title (self->content_title, _("Equipment Register"));
  adw_window_title_set_subtitle (self->content_title,
                                 fc_equipment_register_get_facility_name (register_page (self)));
  return TRUE;
}

static void
show_register (FcWindow *self)
{
  gtk_stack_set_visible_child_name (self->content_stack, "equipment-list");
  adw_leaflet_set_visible_child_name (self->leaflet, "content");
  _fc_window_equipment_update_title (self, "equipment-list");
  _fc_window_update_actions (self);
}

static void
equipment_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  FcWindow *self = FC_WINDOW (widget);
  const char *facility_id = fc_facility_page_get_id (_fc_window_facility_page (self));

  if (facility_id == NULL)
    return;
  fc_equipment_register_show_facility (register_page (self), facility_id,
                                       fc_facility_page_get_name (_fc_window_facility_page (self)));
  show_register (self);
}

static void
on_saved_cb (FcEquipmentEditor *editor,
             const char        *equipment_id,
             FcWindow          *self)
{
  const char *raw = g_object_get_data (G_OBJECT (editor), "fc-scanned");

  if (raw != NULL)
    {
      /* Registered from a scan: the tag now opens what it was given to. */
      fc_window_scan_text (self, raw);
      return;
    }
  _fc_window_toast (self, fc_equipment_editor_get_equipment_id (editor) != NULL
                          ? _("Equipment saved") : _("Equipment added to the register"));
  /* Edited from the page a scan opened: that page shows it as it now is. */
  if (g_strcmp0 (fc_window_get_page (self), "equipment") == 0 && self->scan_outcome != NULL)
    fc_window_scan_text (self, json_object_get_string_member (self->scan_outcome, "raw"));
  fc_equipment_register_reload (register_page (self));
}

static FcEquipmentEditor *
open_editor (FcWindow   *self,
             const char *facility_id,
             const char *facility_name,
             JsonObject *equipment,
             const char *tag_code)
{
  FcEquipmentEditor *editor = fc_equipment_editor_new (GTK_WINDOW (self), self->service, facility_id,
                                                       facility_name, equipment, tag_code);

  g_signal_connect_object (editor, "saved", G_CALLBACK (on_saved_cb), self, 0);
  return editor;
}

static void
add_equipment_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  FcWindow *self = FC_WINDOW (widget);
  FcEquipmentRegister *page = register_page (self);

  if (fc_equipment_register_get_facility_id (page) == NULL)
    return;
  open_editor (self, fc_equipment_register_get_facility_id (page),
               fc_equipment_register_get_facility_name (page), NULL, NULL);
}

/**
 * _fc_window_equipment_register_tag:
 * @self: the window
 * @facility_id: the facility in hand
 * @facility_name: its name
 * @code: the tag code no equipment carries
 * @raw: the scanned text, scanned again once the equipment is saved
 *
 * Opens the editor for a new piece of equipment with the tag filled in.
 */
void
_fc_window_equipment_register_tag (FcWindow   *self,
                                   const char *facility_id,
                                   const char *facility_name,
                                   const char *code,
                                   const char *raw)
{
  FcEquipmentEditor *editor = open_editor (self, facility_id, facility_name, NULL, code);

  g_object_set_data_full (G_OBJECT (editor), "fc-scanned", g_strdup (raw), g_free);
}

/* Reading one piece, then what to do with it */

typedef enum
{
  THEN_EDIT,
  THEN_ASK_RETIRE,
} Then;

typedef struct
{
  char *equipment_id;
  char *reason;
} EquipmentRequest;

static void
equipment_request_free (EquipmentRequest *request)
{
  g_free (request->equipment_id);
  g_free (request->reason);
  g_free (request);
}

static gpointer
get_job (FcStore   *store,
         gpointer   data,
         GError   **error)
{
  EquipmentRequest *request = data;

  return fc_equipment_get (store, request->equipment_id, error);
}

static void ask_retire (FcWindow   *self,
                        JsonObject *equipment);

typedef struct
{
  FcWindow *self;
  Then      then;
} ReadThen;

static void
get_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autofree ReadThen *read = user_data;
  g_autoptr(FcWindow) self = read->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) equipment = fc_store_service_run_finish (FC_STORE_SERVICE (source), result, &error);

  if (equipment == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _fc_window_toast (self, error->message);
      return;
    }
  if (read->then == THEN_EDIT)
    open_editor (self, json_object_get_string_member (equipment, "facility_id"),
                 json_object_get_string_member (equipment, "facility_name"), equipment, NULL);
  else
    ask_retire (self, equipment);
}

static void
read_then (FcWindow   *self,
           const char *equipment_id,
           Then        then)
{
  EquipmentRequest *request = g_new0 (EquipmentRequest, 1);
  ReadThen *read = g_new0 (ReadThen, 1);

  request->equipment_id = g_strdup (equipment_id);
  read->self = g_object_ref (self);
  read->then = then;
  fc_store_service_run_async (self->service, get_job, request, (GDestroyNotify) equipment_request_free,
                              (GDestroyNotify) json_object_unref, self->cancellable, get_done, read);
}

static void
edit_equipment_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  read_then (FC_WINDOW (widget), g_variant_get_string (parameter, NULL), THEN_EDIT);
}

/* Retiring */

static gpointer
retire_job (FcStore   *store,
            gpointer   data,
            GError   **error)
{
  EquipmentRequest *request = data;

  if (!fc_equipment_retire_because (store, request->equipment_id, request->reason, error))
    return NULL;
  return GINT_TO_POINTER (1);
}

static void
retire_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(FcWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (fc_store_service_run_finish (FC_STORE_SERVICE (source), result, &error) == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _fc_window_toast (self, error->message);
      return;
    }
  _fc_window_toast (self, _("Equipment retired from the register"));
  fc_equipment_register_reload (register_page (self));
}

static void
on_reason_changed_cb (GtkEditable      *entry,
                      AdwMessageDialog *dialog)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "retire", *reason != '\0');
}

static void
on_retire_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       FcWindow         *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "fc-reason");
  EquipmentRequest *request;
  g_autofree char *reason = NULL;

  if (g_strcmp0 (response, "retire") != 0)
    return;
  reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  if (*reason == '\0')
    return;
  request = g_new0 (EquipmentRequest, 1);
  request->equipment_id = g_strdup (g_object_get_data (G_OBJECT (dialog), "fc-equipment-id"));
  request->reason = g_steal_pointer (&reason);
  fc_store_service_run_async (self->service, retire_job, request, (GDestroyNotify) equipment_request_free,
                              NULL, self->cancellable, retire_done, g_object_ref (self));
}

static void
ask_retire (FcWindow   *self,
            JsonObject *equipment)
{
  GtkWidget *dialog, *list, *entry;

  if (json_object_get_int_member_with_default (equipment, "retired", 0) != 0)
    {
      _fc_window_toast (self, _("This equipment is already retired"));
      return;
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (self), NULL, NULL);
  /* Translators: %s is the name of a piece of equipment */
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Retire “%s”?"),
                                     json_object_get_string_member (equipment, "name"));
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("It leaves the register and gets no more labels. Its results and "
                                 "hazards stay, and its tag still says what it was."));
  list = gtk_list_box_new ();
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  entry = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry),
                                 _("Reason (replaced, removed, condemned…)"));
  gtk_list_box_append (GTK_LIST_BOX (list), entry);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  g_object_set_data (G_OBJECT (dialog), "fc-reason", entry);
  g_object_set_data_full (G_OBJECT (dialog), "fc-equipment-id",
                          g_strdup (json_object_get_string_member (equipment, "id")), g_free);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "retire", _("_Retire"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "retire",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "retire", FALSE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (entry, "changed", G_CALLBACK (on_reason_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_retire_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
retire_equipment_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  read_then (FC_WINDOW (widget), g_variant_get_string (parameter, NULL), THEN_ASK_RETIRE);
}

/* Label sheets */

static void
on_labels_done_cb (FcLabelSheetDialog *dialog,
                   const char         *message,
                   FcWindow           *self)
{
  _fc_window_toast (self, message);
}

static void
open_labels (FcWindow           *self,
             FcLabelSheetOutput  output)
{
  FcEquipmentRegister *page = register_page (self);
  FcLabelSheetDialog *dialog;

  if (fc_equipment_register_get_facility_id (page) == NULL)
    return;
  dialog = fc_label_sheet_dialog_new (GTK_WINDOW (self), self->service,
                                      fc_equipment_register_get_facility_id (page),
                                      fc_equipment_register_get_facility_name (page), output);
  g_signal_connect_object (dialog, "done", G_CALLBACK (on_labels_done_cb), self, 0);
}

static void
print_labels_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  open_labels (FC_WINDOW (widget), FC_LABEL_SHEET_PRINT);
}

static void
save_labels_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  open_labels (FC_WINDOW (widget), FC_LABEL_SHEET_SAVE_PDF);
}

void
_fc_window_class_equipment_init (FcWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (FC_TYPE_EQUIPMENT_REGISTER);
  gtk_widget_class_install_action (widget_class, "win.equipment", NULL, equipment_action);
  gtk_widget_class_install_action (widget_class, "win.add-equipment", NULL, add_equipment_action);
  gtk_widget_class_install_action (widget_class, "win.edit-equipment", "s", edit_equipment_action);
  gtk_widget_class_install_action (widget_class, "win.retire-equipment", "s", retire_equipment_action);
  gtk_widget_class_install_action (widget_class, "win.print-labels", NULL, print_labels_action);
  gtk_widget_class_install_action (widget_class, "win.save-labels", NULL, save_labels_action);
}
