/* fc-window-actions.c: what the window does — the walk, page by page
 *
 * Each action that touches the store hands a job with owned copies of its
 * input to the store service and updates the pages when the result comes
 * back. An answer is shown as saved only once it is committed.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fc-inspections.h"
#include "fc-report-inspection.h"
#include "fc-window-photos.h"
#include "fc-window-private.h"

static gboolean
on_item_page (FcWindow *self)
{
  return self->walk != NULL && self->current >= 0 &&
         g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "item") == 0;
}

void
_fc_window_update_actions (FcWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean walking = self->walk != NULL;
  gboolean item = on_item_page (self);
  gboolean open = walking && !fc_walk_is_finished (self->walk);

  gtk_widget_action_set_enabled (widget, "win.answer", item && open);
  gtk_widget_action_set_enabled (widget, "win.answer-number", item && open);
  gtk_widget_action_set_enabled (widget, "win.answer-text", item && open);
  gtk_widget_action_set_enabled (widget, "win.next", item);
  gtk_widget_action_set_enabled (widget, "win.previous", item);
  gtk_widget_action_set_enabled (widget, "win.next-unanswered", walking && open);
  gtk_widget_action_set_enabled (widget, "win.show-category", walking);
  gtk_widget_action_set_enabled (widget, "win.go-to-item", walking && open);
  gtk_widget_action_set_enabled (widget, "win.record-hazard", item);
  gtk_widget_action_set_enabled (widget, "win.show-finish", walking);
  gtk_widget_action_set_enabled (widget, "win.finish", open);
  gtk_widget_action_set_enabled (widget, "win.sign", walking && !open);
  gtk_widget_action_set_enabled (widget, "win.export-report", walking && !open);
  gtk_widget_action_set_enabled (widget, "win.export-report-to", walking && !open);
  gtk_widget_action_set_enabled (widget, "win.close-walk", walking);
  gtk_widget_action_set_enabled (widget, "win.new-inspection", self->facility_id != NULL);
  gtk_widget_action_set_enabled (widget, "win.back", adw_leaflet_get_folded (self->leaflet));
}

static FcWindowResult *
walk_result (FcStore     *store,
             const char  *inspection_id,
             GError     **error)
{
  g_autoptr(FcWindowResult) result = g_new0 (FcWindowResult, 1);

  result->walk = fc_walk_load (store, inspection_id, error);
  if (result->walk == NULL)
    return NULL;
  return g_steal_pointer (&result);
}

static void
report_error (FcWindow *self,
              GError   *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_warning ("%s", error->message);
  _fc_window_toast (self, error->message);
}

static void
run (FcWindow            *self,
     FcStoreJob           job,
     FcWindowRequest     *request,
     GAsyncReadyCallback  done)
{
  fc_store_service_run_async (self->service, job, request, (GDestroyNotify) fc_window_request_free,
                              (GDestroyNotify) fc_window_result_free, self->cancellable, done,
                              g_object_ref (self));
}

/* Navigation */

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  FcWindow *self = FC_WINDOW (widget);

  if (self->walk == NULL)
    {
      adw_leaflet_set_visible_child_name (self->leaflet, "sidebar");
      fc_facilities_page_focus_search (self->facilities_page);
    }
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FcWindow *self = FC_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
close_walk_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  FcWindow *self = FC_WINDOW (widget);

  g_clear_pointer (&self->walk, fc_walk_unref);
  self->current = -1;
  gtk_widget_set_visible (self->facilities_button, FALSE);
  gtk_stack_set_visible_child_name (self->sidebar_stack, "list");
  adw_leaflet_set_visible_child_name (self->leaflet, "sidebar");
  if (self->facility_id != NULL)
    _fc_window_open_facility (self, self->facility_id);
  else
    gtk_stack_set_visible_child_name (self->content_stack, "none");
  _fc_window_reload_facilities (self);
  _fc_window_update_actions (self);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FcWindow *self = FC_WINDOW (widget);

  if ((guint) self->current + 1 < fc_walk_get_n_items (self->walk))
    _fc_window_show_item (self, self->current + 1);
}

static void
previous_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  FcWindow *self = FC_WINDOW (widget);

  if (self->current > 0)
    _fc_window_show_item (self, self->current - 1);
}

static void
next_unanswered_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  FcWindow *self = FC_WINDOW (widget);
  int next = fc_walk_next_unanswered (self->walk, self->current);

  if (next < 0)
    {
      _fc_window_toast (self, _("Every item is answered"));
      _fc_window_show_finish (self);
      return;
    }
  _fc_window_show_item (self, next);
}

static void
show_category_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  FcWindow *self = FC_WINDOW (widget);
  int index = fc_walk_first_in_category (self->walk, (FcCategory) g_variant_get_uint32 (parameter));

  if (index >= 0)
    _fc_window_show_item (self, index);
}

static void
go_to_item_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  FcWindow *self = FC_WINDOW (widget);
  int index = fc_walk_find_item (self->walk, g_variant_get_string (parameter, NULL));

  if (index >= 0)
    _fc_window_show_item (self, index);
}

/* Starting */

static gpointer
open_walk_job (FcStore   *store,
               gpointer   data,
               GError   **error)
{
  FcWindowRequest *request = data;

  return walk_result (store, request->inspection_id, error);
}

static void
walk_opened (GObject      *source,
             GAsyncResult *res,
             gpointer      user_data)
{
  g_autoptr(FcWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcWindowResult) result = fc_store_service_run_finish (FC_STORE_SERVICE (source), res, &error);
  int index;

  if (result == NULL)
    {
      report_error (self, error);
      return;
    }
  index = fc_walk_next_unanswered (result->walk, -1);
  _fc_window_show_walk (self, result->walk, index >= 0 ? index : 0);
}

static gpointer
start_data_job (FcStore   *store,
                gpointer   data,
                GError   **error)
{
  FcWindowRequest *request = data;
  g_autoptr(FcWindowResult) result = g_new0 (FcWindowResult, 1);

  result->templates = fc_inspection_templates_for (store, request->facility_id, error);
  if (result->templates == NULL)
    return NULL;
  result->rows = fc_inspection_roster (store, error);
  if (result->rows == NULL)
    return NULL;
  result->text = g_strdup (request->facility_id);
  return g_steal_pointer (&result);
}

static void
start_data_done (GObject      *source,
                 GAsyncResult *res,
                 gpointer      user_data)
{
  g_autoptr(FcWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcWindowResult) result = fc_store_service_run_finish (FC_STORE_SERVICE (source), res, &error);

  if (result == NULL)
    {
      report_error (self, error);
      return;
    }
  fc_start_page_set_data (_fc_window_start_page (self), result->text, result->templates,
                          result->rows, self->user_id);
  gtk_stack_set_visible_child_name (self->content_stack, "start");
  adw_leaflet_set_visible_child_name (self->leaflet, "content");
  adw_window_title_set_title (self->content_title, _("New Inspection"));
  adw_window_title_set_subtitle (self->content_title,
                                 fc_facility_page_get_name (_fc_window_facility_page (self)));
  _fc_window_update_actions (self);
}

static void
new_inspection_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  FcWindow *self = FC_WINDOW (widget);
  FcWindowRequest *request = fc_window_request_new ();

  if (self->open_inspection_id != NULL)
    {
      request->inspection_id = g_strdup (self->open_inspection_id);
      run (self, open_walk_job, request, walk_opened);
      return;
    }
  request->facility_id = g_strdup (self->facility_id);
  run (self, start_data_job, request, start_data_done);
}

static gpointer
start_job (FcStore   *store,
           gpointer   data,
           GError   **error)
{
  FcWindowRequest *request = data;
  g_autofree char *id = fc_inspection_start (store, &request->start, error);

  if (id == NULL)
    return NULL;
  return walk_result (store, id, error);
}

static void
start_inspection_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  FcWindow *self = FC_WINDOW (widget);
  FcInspectionStart start;
  FcWindowRequest *request;

  if (!fc_start_page_get_start (_fc_window_start_page (self), &start))
    return;

  request = fc_window_request_new ();
  request->start = start;
  request->start.facility_id = fc_window_request_keep (request, start.facility_id);
  request->start.template_id = fc_window_request_keep (request, start.template_id);
  request->members = g_new0 (FcInspectionMember, start.n_members);
  for (guint i = 0; i < start.n_members; i++)
    {
      request->members[i].person_id = fc_window_request_keep (request, start.members[i].person_id);
      request->members[i].role = fc_window_request_keep (request, start.members[i].role);
      request->members[i].expert_domain = fc_window_request_keep (request, start.members[i].expert_domain);
    }
  request->start.members = request->members;
  for (guint c = 0; c < FC_N_CATEGORIES; c++)
    request->start.section_owners[c] = fc_window_request_keep (request, start.section_owners[c]);
  g_clear_pointer (&self->open_inspection_id, g_free);
  run (self, start_job, request, walk_opened);
}

/* Answering */

static gpointer
answer_job (FcStore   *store,
            gpointer   data,
            GError   **error)
{
  FcWindowRequest *request = data;
  FcAnswer answer = {
    request->inspection_id, request->item_id, request->answer, request->has_number,
    request->number, request->note, NULL,
  };
  g_autofree char *result_id = fc_inspection_answer (store, &answer, error);
  FcWindowResult *result;

  if (result_id == NULL)
    return NULL;
  result = walk_result (store, request->inspection_id, error);
  if (result != NULL)
    {
      result->item_id = g_strdup (request->item_id);
      result->text = g_steal_pointer (&result_id);
      if (request->advance)
        result->user_id = g_strdup ("advance");
    }
  return result;
}

static void
answer_done (GObject      *source,
             GAsyncResult *res,
             gpointer      user_data)
{
  g_autoptr(FcWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcWindowResult) result = fc_store_service_run_finish (FC_STORE_SERVICE (source), res, &error);
  const FcWalkItem *item;
  int index;
  gboolean still_here;

  if (result == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      fc_item_page_set_status (self->item_page, error->message, TRUE);
      return;
    }
  if (self->walk == NULL ||
      g_strcmp0 (fc_walk_get_inspection_id (self->walk), fc_walk_get_inspection_id (result->walk)) != 0)
    return;

  index = fc_walk_find_item (result->walk, result->item_id);
  item = fc_walk_get_item (result->walk, (guint) index);
  g_debug ("answer saved: %s %s %s", item->code, item->answer, result->text);
  still_here = self->current == index;
  if (still_here && result->user_id != NULL && (guint) index + 1 < fc_walk_get_n_items (result->walk))
    {
      _fc_window_show_walk (self, result->walk, index + 1);
      return;
    }
  _fc_window_show_walk (self, result->walk, -1);
  if (still_here)
    fc_item_page_set_item (self->item_page, self->walk, (guint) index);
}

static void
send_answer (FcWindow   *self,
             const char *value,
             gboolean    has_number,
             double      number)
{
  const FcWalkItem *item = fc_walk_get_item (self->walk, (guint) self->current);
  FcWindowRequest *request = fc_window_request_new ();
  const char *note = fc_item_page_get_note (self->item_page);

  request->inspection_id = g_strdup (fc_walk_get_inspection_id (self->walk));
  request->item_id = g_strdup (item->item_id);
  request->answer = g_strdup (value);
  request->has_number = has_number;
  request->number = number;
  request->note = g_strdup (note);
  /* A pass or an n/a moves on; a fail stays, for the note and the hazard. */
  request->advance = g_strcmp0 (value, "fail") != 0 && item->answer_type == FC_ANSWER_PASS_FAIL_NA;
  fc_item_page_set_status (self->item_page, _("Saving…"), FALSE);
  run (self, answer_job, request, answer_done);
}

static void
answer_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FcWindow *self = FC_WINDOW (widget);

  send_answer (self, g_variant_get_string (parameter, NULL), FALSE, 0);
}

static void
answer_number_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  FcWindow *self = FC_WINDOW (widget);
  double number = 0;

  if (!fc_item_page_get_number (self->item_page, &number))
    {
      fc_item_page_set_status (self->item_page, _("Type the reading as a number, e.g. 0.32"), TRUE);
      return;
    }
  send_answer (self, NULL, TRUE, number);
}

static void
answer_text_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  FcWindow *self = FC_WINDOW (widget);

  send_answer (self, fc_item_page_get_text (self->item_page), FALSE, 0);
}

/* Hazards */

static gpointer
hazard_job (FcStore   *store,
            gpointer   data,
            GError   **error)
{
  FcWindowRequest *request = data;
  g_autofree char *id = fc_inspection_record_hazard (store, &request->finding, error);

  if (id == NULL)
    return NULL;
  return walk_result (store, request->finding.inspection_id, error);
}

static void
hazard_done (GObject      *source,
             GAsyncResult *res,
             gpointer      user_data)
{
  g_autoptr(FcWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcWindowResult) result = fc_store_service_run_finish (FC_STORE_SERVICE (source), res, &error);

  if (result == NULL)
    {
      if (self->hazard_dialog != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fc_hazard_dialog_set_error (self->hazard_dialog, error->message);
      else
        report_error (self, error);
      return;
    }
  if (self->hazard_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->hazard_dialog));
  _fc_window_show_walk (self, result->walk, -1);
  if (on_item_page (self))
    fc_item_page_set_item (self->item_page, self->walk, (guint) self->current);
  _fc_window_toast (self, _("Hazard recorded"));
}

static void
on_hazard_record_cb (FcHazardDialog *dialog,
                     FcWindow       *self)
{
  FcFindingHazard finding;
  FcWindowRequest *request = fc_window_request_new ();

  fc_hazard_dialog_get_finding (dialog, &finding);
  request->finding = finding;
  request->finding.inspection_id = fc_window_request_keep (request, finding.inspection_id);
  request->finding.item_id = fc_window_request_keep (request, finding.item_id);
  request->finding.description = fc_window_request_keep (request, finding.description);
  request->finding.location = fc_window_request_keep (request, finding.location);
  request->finding.level_reason = fc_window_request_keep (request, finding.level_reason);
  request->finding.responsible_party = fc_window_request_keep (request, finding.responsible_party);
  request->finding.measures = fc_window_request_keep (request, finding.measures);
  request->finding.deadline = fc_window_request_keep (request, finding.deadline);
  run (self, hazard_job, request, hazard_done);
}

static void
record_hazard_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  FcWindow *self = FC_WINDOW (widget);
  const FcWalkItem *item = fc_walk_get_item (self->walk, (guint) self->current);

  if (!fc_walk_item_is_failed (item))
    {
      fc_item_page_set_status (self->item_page, _("Answer the item “fail” before recording a hazard."), TRUE);
      return;
    }
  if (self->hazard_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->hazard_dialog));
  self->hazard_dialog = fc_hazard_dialog_new (GTK_WINDOW (self), fc_walk_get_inspection_id (self->walk),
                                              item);
  g_object_add_weak_pointer (G_OBJECT (self->hazard_dialog), (gpointer *) &self->hazard_dialog);
  g_signal_connect_object (self->hazard_dialog, "record", G_CALLBACK (on_hazard_record_cb), self, 0);
  _fc_window_photos_attach_dialog (self);
  gtk_window_present (GTK_WINDOW (self->hazard_dialog));
}

/* Finishing */

static void
show_finish_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  _fc_window_show_finish (FC_WINDOW (widget));
}

static gpointer
finish_job (FcStore   *store,
            gpointer   data,
            GError   **error)
{
  FcWindowRequest *request = data;
  FcWindowResult *result;

  if (!fc_inspection_finish (store, request->inspection_id, error))
    return NULL;
  result = walk_result (store, request->inspection_id, error);
  if (result == NULL)
    return NULL;
  result->object = fc_inspection_summary (store, request->inspection_id, error);
  if (result->object == NULL)
    {
      fc_window_result_free (result);
      return NULL;
    }
  return result;
}

static void
summary_shown (GObject      *source,
               GAsyncResult *res,
               gpointer      user_data)
{
  g_autoptr(FcWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcWindowResult) result = fc_store_service_run_finish (FC_STORE_SERVICE (source), res, &error);

  if (result == NULL)
    {
      report_error (self, error);
      return;
    }
  if (result->walk != NULL)
    _fc_window_show_walk (self, result->walk, -1);
  fc_finish_page_set_summary (_fc_window_finish_page (self), result->object);
  gtk_stack_set_visible_child_name (self->content_stack, "finish");
  if (result->text != NULL)
    _fc_window_toast (self, result->text);
  _fc_window_update_actions (self);
}

static void
finish_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FcWindow *self = FC_WINDOW (widget);
  FcWindowRequest *request = fc_window_request_new ();

  request->inspection_id = g_strdup (fc_walk_get_inspection_id (self->walk));
  run (self, finish_job, request, summary_shown);
}

static gpointer
sign_job (FcStore   *store,
          gpointer   data,
          GError   **error)
{
  FcWindowRequest *request = data;
  g_autofree char *id = fc_inspection_sign (store, &request->signoff, error);
  g_autoptr(FcWindowResult) result = NULL;

  if (id == NULL)
    return NULL;
  result = g_new0 (FcWindowResult, 1);
  result->object = fc_inspection_summary (store, request->signoff.inspection_id, error);
  if (result->object == NULL)
    return NULL;
  /* Translators: a toast after a signature is saved */
  result->text = g_strdup_printf (_("Signed by %s"), request->signoff.signer_name);
  return g_steal_pointer (&result);
}

static void
sign_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FcWindow *self = FC_WINDOW (widget);
  FcSignoff signoff;
  FcWindowRequest *request;

  if (!fc_finish_page_get_signoff (_fc_window_finish_page (self), &signoff))
    return;
  request = fc_window_request_new ();
  request->signoff = signoff;
  request->signoff.inspection_id = fc_window_request_keep (request, fc_walk_get_inspection_id (self->walk));
  request->signoff.person_id = fc_window_request_keep (request, signoff.person_id);
  request->signoff.signer_name = fc_window_request_keep (request, signoff.signer_name);
  run (self, sign_job, request, summary_shown);
}

static gpointer
export_job (FcStore   *store,
            gpointer   data,
            GError   **error)
{
  FcWindowRequest *request = data;
  g_autoptr(FcWindowResult) result = g_new0 (FcWindowResult, 1);
  g_autofree char *name = NULL;

  if (!fc_report_inspection_pdf (store, request->inspection_id, request->path, error))
    return NULL;
  name = g_filename_display_basename (request->path);
  result->text = g_strdup_printf (_("Report saved as %s"), name);
  result->item_id = g_strdup (request->path);
  return g_steal_pointer (&result);
}

static void
export_done (GObject      *source,
             GAsyncResult *res,
             gpointer      user_data)
{
  g_autoptr(FcWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcWindowResult) result = fc_store_service_run_finish (FC_STORE_SERVICE (source), res, &error);

  if (result == NULL)
    {
      report_error (self, error);
      return;
    }
  g_debug ("report exported: %s", result->item_id);
  _fc_window_toast (self, result->text);
}

static void
export_to (FcWindow   *self,
           const char *path)
{
  FcWindowRequest *request = fc_window_request_new ();

  request->inspection_id = g_strdup (fc_walk_get_inspection_id (self->walk));
  request->path = g_strdup (path);
  run (self, export_job, request, export_done);
}

static void
export_report_to_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  export_to (FC_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
on_chooser_response_cb (GtkNativeDialog *chooser,
                        int              response,
                        FcWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT && self->walk != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path != NULL)
        export_to (self, path);
    }
  g_clear_object (&self->chooser);
}

static void
export_report_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  FcWindow *self = FC_WINDOW (widget);
  g_autofree char *name = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *day = g_date_time_format (now, "%Y-%m-%d");

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Export the Inspection Report"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  /* Translators: the report's file name: facility name, day */
  name = g_strdup_printf (_("%s inspection %s.pdf"), fc_walk_get_facility_name (self->walk), day);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

void
_fc_window_class_actions_init (FcWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.focus-search", NULL, focus_search_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.close-walk", NULL, close_walk_action);
  gtk_widget_class_install_action (widget_class, "win.new-inspection", NULL, new_inspection_action);
  gtk_widget_class_install_action (widget_class, "win.start-inspection", NULL, start_inspection_action);
  gtk_widget_class_install_action (widget_class, "win.answer", "s", answer_action);
  gtk_widget_class_install_action (widget_class, "win.answer-number", NULL, answer_number_action);
  gtk_widget_class_install_action (widget_class, "win.answer-text", NULL, answer_text_action);
  gtk_widget_class_install_action (widget_class, "win.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "win.previous", NULL, previous_action);
  gtk_widget_class_install_action (widget_class, "win.next-unanswered", NULL, next_unanswered_action);
  gtk_widget_class_install_action (widget_class, "win.show-category", "u", show_category_action);
  gtk_widget_class_install_action (widget_class, "win.go-to-item", "s", go_to_item_action);
  gtk_widget_class_install_action (widget_class, "win.record-hazard", NULL, record_hazard_action);
  gtk_widget_class_install_action (widget_class, "win.show-finish", NULL, show_finish_action);
  gtk_widget_class_install_action (widget_class, "win.finish", NULL, finish_action);
  gtk_widget_class_install_action (widget_class, "win.sign", NULL, sign_action);
  gtk_widget_class_install_action (widget_class, "win.export-report", NULL, export_report_action);
  gtk_widget_class_install_action (widget_class, "win.export-report-to", "s", export_report_to_action);
  _fc_window_class_photo_actions_init (klass);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.focus-search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "win.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK, "win.next-unanswered", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK, "win.answer", "s", "pass");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK, "win.answer", "s", "fail");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_ALT_MASK, "win.answer", "s", "na");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_h, GDK_ALT_MASK, "win.record-hazard", NULL);
}
