/* fc-window-scan.c: what the window does with a scanned code
 *
 * A code comes from the camera or a photo (the scan page) or from a hardware
 * scanner typing it. Either way it is resolved on the store's worker thread
 * against the facility in hand (the inspection's, or the one chosen) and the
 * equipment page opens with what it names: no tap in between.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fc-equipment.h"
#include "fc-error.h"
#include "fc-queries.h"
#include "fc-window-equipment.h"
#include "fc-window-private.h"
#include "fc-window-sync.h"

typedef struct
{
  char *text;
  char *facility_id;
  char *equipment_id;   /* register: the equipment that gets the tag */
  char *code;
} ScanRequest;

static void
scan_request_free (ScanRequest *request)
{
  g_free (request->text);
  g_free (request->facility_id);
  g_free (request->equipment_id);
  g_free (request->code);
  g_free (request);
}

static const char *
current_facility (FcWindow *self)
{
  return self->walk != NULL ? fc_walk_get_facility_id (self->walk) : self->facility_id;
}

static JsonObject *
untagged_equipment (FcStore     *store,
                    const char  *facility_id,
                    GError     **error)
{
  const char *params[] = { facility_id, NULL };
  g_autoptr(JsonArray) rows = fc_query_rows (store,
    "SELECT e.id, e.kind, e.name, e.location, f.name AS facility_name FROM facility f"
    " LEFT JOIN equipment e ON e.facility_id = f.id AND e.retired = 0 AND e.tag_code IS NULL"
    " WHERE f.id = ?1 ORDER BY e.name",
    params, error);
  JsonObject *found = json_object_new ();
  JsonArray *candidates = json_array_new ();

  if (rows == NULL)
    {
      json_object_unref (found);
      json_array_unref (candidates);
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      json_object_set_string_member (found, "facility_name",
                                     json_object_get_string_member (row, "facility_name"));
      if (!json_object_get_null_member (row, "id"))
        json_array_add_object_element (candidates, json_object_ref (row));
    }
  json_object_set_array_member (found, "candidates", candidates);
  return found;
}

/* Runs on the store's thread: what @text names, for the equipment page. */
static JsonObject *
build_outcome (FcStore     *store,
               const char  *text,
               const char  *facility_id,
               GError     **error)
{
  g_autoptr(JsonObject) outcome = json_object_new ();
  g_auto(FcTagMatch) match = { 0 };
  g_autoptr(GError) local = NULL;

  json_object_set_string_member (outcome, "raw", text);
  if (!fc_equipment_resolve_tag (store, text, facility_id, &match, &local))
    {
      if (local->domain != FC_ERROR ||
          (local->code != FC_ERROR_TAG_FOREIGN && local->code != FC_ERROR_TAG_MALFORMED &&
           local->code != FC_ERROR_TAG_CHECK && local->code != FC_ERROR_TAG_VERSION))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
      json_object_set_string_member (outcome, "outcome",
                                     local->code == FC_ERROR_TAG_FOREIGN ? "foreign" : "malformed");
      json_object_set_string_member (outcome, "message", local->message);
      return g_steal_pointer (&outcome);
    }

  json_object_set_string_member (outcome, "code", match.tag.code);
  json_object_set_string_member (outcome, "district", match.tag.district);
  switch (match.kind)
    {
    case FC_TAG_MATCH_EQUIPMENT:
    case FC_TAG_MATCH_OTHER_FACILITY:
      {
        const char *id = json_object_get_string_member (match.equipment, "id");
        g_autoptr(JsonObject) overview = fc_equipment_overview (store, id, NULL, error);
        GList *members;

        if (overview == NULL)
          return NULL;
        members = json_object_get_members (overview);
        for (GList *l = members; l != NULL; l = l->next)
          json_object_set_member (outcome, l->data, json_node_copy (json_object_get_member (overview, l->data)));
        g_list_free (members);
        json_object_set_string_member (outcome, "outcome", match.kind == FC_TAG_MATCH_EQUIPMENT
                                                           ? "equipment" : "other_facility");
        break;
      }
    case FC_TAG_MATCH_OTHER_DISTRICT:
      json_object_set_string_member (outcome, "outcome", "other_district");
      break;
    case FC_TAG_MATCH_UNKNOWN:
    default:
      json_object_set_string_member (outcome, "outcome", "unknown");
      if (facility_id != NULL)
        {
          g_autoptr(JsonObject) found = untagged_equipment (store, facility_id, error);

          if (found == NULL)
            return NULL;
          json_object_set_string_member (outcome, "facility_id", facility_id);
          json_object_set_string_member (outcome, "facility_name",
                                         json_object_get_string_member_with_default (found, "facility_name", NULL));
          json_object_set_array_member (outcome, "candidates",
                                        json_array_ref (json_object_get_array_member (found, "candidates")));
        }
      break;
    }
  return g_steal_pointer (&outcome);
}

static gpointer
scan_job (FcStore   *store,
          gpointer   data,
          GError   **error)
{
  ScanRequest *request = data;

  return build_outcome (store, request->text, request->facility_id, error);
}

static gpointer
register_job (FcStore   *store,
              gpointer   data,
              GError   **error)
{
  ScanRequest *request = data;
  const char *changes[] = { "tag_code", request->code, NULL };

  if (!fc_equipment_edit (store, request->equipment_id, changes, error))
    return NULL;
  return build_outcome (store, request->text, request->facility_id, error);
}

/* Built the first time it is asked for. */
static FcScanPage *
scan_page (FcWindow *self)
{
  return FC_SCAN_PAGE (_fc_window_get_content_page (self, "scan"));
}

static void
scan_done (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  g_autoptr(FcWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) outcome = fc_store_service_run_finish (FC_STORE_SERVICE (source), res, &error);
  FcEquipmentPage *equipment;

  if (outcome == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      _fc_window_toast (self, error->message);
      if (g_strcmp0 (fc_window_get_page (self), "scan") == 0)
        fc_scan_page_resume_later (scan_page (self));
      return;
    }
  g_clear_pointer (&self->scan_outcome, json_object_unref);
  self->scan_outcome = json_object_ref (outcome);
  equipment = FC_EQUIPMENT_PAGE (_fc_window_get_content_page (self, "equipment"));
  fc_equipment_page_set_outcome (equipment, outcome, self->walk);
  if (g_strcmp0 (fc_window_get_page (self), "scan") == 0)
    fc_scan_page_confirm (scan_page (self), fc_equipment_page_get_title (equipment));
  _fc_window_show_page (self, "equipment");
}

/**
 * fc_window_scan_text:
 * @self: the window
 * @text: the text of a scanned code, whatever it is
 *
 * Opens what the code names, as a scan would.
 */
void
fc_window_scan_text (FcWindow   *self,
                     const char *text)
{
  ScanRequest *request;

  g_return_if_fail (FC_IS_WINDOW (self));
  g_return_if_fail (text != NULL);

  if (_fc_window_sync_take_scan (self, text))
    return;
  request = g_new0 (ScanRequest, 1);
  request->text = g_strdup (text);
  request->facility_id = g_strdup (current_facility (self));
  g_debug ("scanned %s", text);
  fc_store_service_run_async (self->service, scan_job, request, (GDestroyNotify) scan_request_free,
                              (GDestroyNotify) json_object_unref, self->cancellable, scan_done,
                              g_object_ref (self));
}

static void
on_code_read_cb (FcWindow   *self,
                 const char *text)
{
  fc_window_scan_text (self, text);
}

static void
on_content_page_changed_cb (FcWindow *self)
{
  GtkWidget *scan = gtk_stack_get_child_by_name (self->content_stack, "scan");

  /* The camera is released as soon as its page is left, however it was left. */
  if (scan != NULL && g_strcmp0 (fc_window_get_page (self), "scan") != 0)
    fc_scan_page_stop (FC_SCAN_PAGE (scan));
}

static void
scan_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FcWindow *self = FC_WINDOW (widget);

  _fc_window_show_page (self, "scan");
  fc_scan_page_start (scan_page (self));
}

static void
scan_text_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  fc_window_scan_text (FC_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

/* Registering an unknown tag: to equipment of the facility that has no tag
 * yet, or to a new piece, in the editor with the tag filled in. */

static void
register_to_new_equipment (FcWindow *self)
{
  _fc_window_equipment_register_tag (self,
    json_object_get_string_member (self->scan_outcome, "facility_id"),
    json_object_get_string_member_with_default (self->scan_outcome, "facility_name", NULL),
    json_object_get_string_member (self->scan_outcome, "code"),
    json_object_get_string_member (self->scan_outcome, "raw"));
}

static void
on_register_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         FcWindow         *self)
{
  GtkDropDown *choice = g_object_get_data (G_OBJECT (dialog), "fc-choice");
  JsonArray *candidates;
  ScanRequest *request;
  guint index;

  if (self->scan_outcome == NULL)
    return;
  if (g_strcmp0 (response, "new") == 0)
    {
      register_to_new_equipment (self);
      return;
    }
  if (g_strcmp0 (response, "register") != 0)
    return;
  candidates = json_object_get_array_member (self->scan_outcome, "candidates");
  index = gtk_drop_down_get_selected (choice);
  if (candidates == NULL || index >= json_array_get_length (candidates))
    return;

  request = g_new0 (ScanRequest, 1);
  request->text = g_strdup (json_object_get_string_member (self->scan_outcome, "raw"));
  request->facility_id = g_strdup (json_object_get_string_member (self->scan_outcome, "facility_id"));
  request->code = g_strdup (json_object_get_string_member (self->scan_outcome, "code"));
  request->equipment_id = g_strdup (json_object_get_string_member (
    json_array_get_object_element (candidates, index), "id"));
  fc_store_service_run_async (self->service, register_job, request, (GDestroyNotify) scan_request_free,
                              (GDestroyNotify) json_object_unref, self->cancellable, scan_done,
                              g_object_ref (self));
}

static void
register_tag_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  FcWindow *self = FC_WINDOW (widget);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  JsonArray *candidates;
  const char *facility;
  GtkWidget *dialog, *choice;
  guint n;

  if (self->scan_outcome == NULL ||
      g_strcmp0 (json_object_get_string_member_with_default (self->scan_outcome, "outcome", NULL),
                 "unknown") != 0)
    return;
  if (!json_object_has_member (self->scan_outcome, "facility_id"))
    return;
  candidates = json_object_get_array_member (self->scan_outcome, "candidates");
  facility = json_object_get_string_member_with_default (self->scan_outcome, "facility_name", "");
  n = candidates ? json_array_get_length (candidates) : 0;
  /* Every piece already has a tag: the tag is for a new one, straight to the editor. */
  if (n == 0)
    {
      register_to_new_equipment (self);
      return;
    }
  for (guint i = 0; i < n; i++)
    {
      JsonObject *row = json_array_get_object_element (candidates, i);
      const char *kind = fc_equipment_kind_label (json_object_get_string_member (row, "kind"));
      const char *location = json_object_get_string_member_with_default (row, "location", NULL);
      g_autofree char *label = g_strdup_printf ("%s — %s%s%s", json_object_get_string_member (row, "name"),
                                                kind ? kind : "", location ? " · " : "",
                                                location ? location : "");

      gtk_string_list_append (names, label);
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (self), NULL, NULL);
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog),
                                     /* Translators: %s is a tag code such as 001003 */
                                     _("Register Tag %s"),
                                     json_object_get_string_member (self->scan_outcome, "code"));
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("Choose the equipment of %s that carries this tag, or add it "
                                    "to the register as new equipment."), facility);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "new", _("_New Equipment…"));
  choice = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)), NULL);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), choice);
  g_object_set_data (G_OBJECT (dialog), "fc-choice", choice);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "register", _("_Register"));
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "register",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "register");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_register_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_scanned_cb (FcWindow   *self,
               const char *text)
{
  fc_window_scan_text (self, text);
}

void
_fc_window_scan_init (FcWindow *self)
{
  /* A hardware scanner types the code anywhere in the window. */
  self->burst = fc_scanner_burst_new (GTK_WIDGET (self));
  g_signal_connect_object (self->burst, "scanned", G_CALLBACK (on_scanned_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->content_stack, "notify::visible-child-name",
                           G_CALLBACK (on_content_page_changed_cb), self, G_CONNECT_SWAPPED);
}

/* When the scan page is built. */
void
_fc_window_scan_setup_page (FcWindow   *self,
                            FcScanPage *page)
{
  g_signal_connect_object (page, "code-read", G_CALLBACK (on_code_read_cb), self, G_CONNECT_SWAPPED);
}

void
_fc_window_class_scan_init (FcWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.scan", NULL, scan_action);
  gtk_widget_class_install_action (widget_class, "win.scan-text", "s", scan_text_action);
  gtk_widget_class_install_action (widget_class, "win.register-tag", "s", register_tag_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.scan", NULL);
}
