/* fc-window-photos.c: the window's photos — adding them to answers, opening the viewer
 *
 * A photo taken on an item is kept with the item's answer: a defect photo
 * when the item failed, else a photo of the state found; from a file or from
 * the camera (the strip's capture window). The file chooser is
 * GtkFileChooserNative (a portal when sandboxed); the import itself — reading,
 * checking, storing and recording — runs on the store's worker thread. A file
 * that is not a usable photo is named in a toast and nothing of it is kept.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fc-photo-chooser.h"
#include "fc-photo-viewer.h"
#include "fc-photos.h"
#include "fc-window-photos.h"

typedef struct
{
  char      *result_id;
  char      *purpose;
  GPtrArray *paths;
} ImportRequest;

static void
import_request_free (ImportRequest *request)
{
  g_free (request->result_id);
  g_free (request->purpose);
  g_ptr_array_unref (request->paths);
  g_free (request);
}

typedef struct
{
  guint  added;
  char  *message;
} ImportOutcome;

static void
import_outcome_free (ImportOutcome *outcome)
{
  g_free (outcome->message);
  g_free (outcome);
}

/* On the store's worker thread. */
static gpointer
import_job (FcStore   *store,
            gpointer   data,
            GError   **error)
{
  ImportRequest *request = data;
  ImportOutcome *outcome = g_new0 (ImportOutcome, 1);
  FcPhotoTarget target = { 0 };
  g_autoptr(GString) problems = g_string_new (NULL);

  target.attached_kind = "result";
  target.attached_id = request->result_id;
  target.purpose = request->purpose;
  for (guint i = 0; i < request->paths->len; i++)
    {
      const char *path = request->paths->pdata[i];
      g_autoptr(GError) local = NULL;
      g_autofree char *id = fc_photos_import_file (store, path, &target, &local);

      if (id != NULL)
        {
          outcome->added++;
          continue;
        }
      if (problems->len > 0)
        g_string_append_c (problems, '\n');
      {
        g_autofree char *name = g_filename_display_basename (path);

        /* Translators: a file that could not be added as a photo, and why */
        g_string_append_printf (problems, _("“%s” was not added: %s"), name, local->message);
      }
    }
  if (problems->len > 0)
    outcome->message = g_string_free (g_steal_pointer (&problems), FALSE);
  else
    outcome->message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u photo added",
                                                     "%u photos added", outcome->added),
                                        outcome->added);
  return outcome;
}

static void
reload_strips (FcWindow *self)
{
  fc_photo_strip_reload (fc_item_page_get_photo_strip (self->item_page));
  if (self->hazard_dialog != NULL)
    fc_photo_strip_reload (fc_hazard_dialog_get_photo_strip (self->hazard_dialog));
}

static void
import_done (GObject      *source,
             GAsyncResult *res,
             gpointer      user_data)
{
  g_autoptr(FcWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  ImportOutcome *outcome = fc_store_service_run_finish (FC_STORE_SERVICE (source), res, &error);

  if (outcome == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _fc_window_toast (self, error->message);
      return;
    }
  g_debug ("photos imported: %u", outcome->added);
  if (outcome->added > 0)
    reload_strips (self);
  _fc_window_toast (self, outcome->message);
  import_outcome_free (outcome);
}

/* Returns: (nullable): the item on screen whose answer takes photos, or NULL after saying why */
static const FcWalkItem *
photo_item (FcWindow *self)
{
  const FcWalkItem *item;

  if (self->walk == NULL || self->current < 0)
    return NULL;
  item = fc_walk_get_item (self->walk, (guint) self->current);
  if (item->result_id == NULL)
    {
      _fc_window_toast (self, _("Answer the item first: its photos are kept with the answer."));
      return NULL;
    }
  return item;
}

/* Imports @paths onto the current item's answer; FALSE when there is none. */
static gboolean
import_paths (FcWindow  *self,
              GPtrArray *paths)
{
  const FcWalkItem *item = photo_item (self);
  ImportRequest *request;

  if (item == NULL)
    return FALSE;
  request = g_new0 (ImportRequest, 1);
  request->result_id = g_strdup (item->result_id);
  request->purpose = g_strdup (fc_walk_item_is_failed (item) ? "defect" : "before");
  request->paths = g_ptr_array_ref (paths);
  fc_store_service_run_async (self->service, import_job, request,
                              (GDestroyNotify) import_request_free,
                              (GDestroyNotify) import_outcome_free, self->cancellable, import_done,
                              g_object_ref (self));
  return TRUE;
}

static void
on_photo_chooser_response_cb (GtkNativeDialog *chooser,
                              int              response,
                              FcWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GPtrArray) paths = fc_photo_chooser_get_paths (chooser);

      if (paths->len > 0)
        import_paths (self, paths);
    }
  g_clear_object (&self->chooser);
}

static void
add_photo_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  FcWindow *self = FC_WINDOW (widget);
  GtkWindow *parent = self->hazard_dialog != NULL ? GTK_WINDOW (self->hazard_dialog)
                                                  : GTK_WINDOW (self);

  g_clear_object (&self->chooser);
  self->chooser = fc_photo_chooser_new (parent, _("Add Photos"));
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_photo_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
add_photo_from_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (paths, g_variant_dup_string (parameter, NULL));
  import_paths (FC_WINDOW (widget), paths);
}

static void
open_photo_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  FcWindow *self = FC_WINDOW (widget);
  GtkWindow *parent = self->hazard_dialog != NULL ? GTK_WINDOW (self->hazard_dialog)
                                                  : GTK_WINDOW (self);

  fc_photo_viewer_new (parent, self->service, g_variant_get_string (parameter, NULL));
}

static void
on_add_photo_cb (FcPhotoStrip *strip,
                 FcWindow     *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.add-photo", NULL);
}

static void
on_captured_cb (FcCaptureWindow *capture,
                const char      *photo_id,
                FcWindow        *self)
{
  reload_strips (self);
}

/* The camera, for the answer on screen: the strip opens it and shows what it takes. */
static void
on_take_photo_cb (FcPhotoStrip *strip,
                  FcWindow     *self)
{
  const FcWalkItem *item = photo_item (self);
  FcCaptureWindow *capture;

  if (item == NULL)
    return;
  capture = fc_photo_strip_capture (strip, "result", item->result_id,
                                    fc_walk_item_is_failed (item) ? "defect" : "before");
  if (capture != NULL)
    g_signal_connect_object (capture, "captured", G_CALLBACK (on_captured_cb), self, 0);
}

static void
on_photo_activated_cb (FcPhotoStrip *strip,
                       const char   *photo_id,
                       FcWindow     *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.open-photo", "s", photo_id);
}

static void
connect_strip (FcWindow     *self,
               FcPhotoStrip *strip)
{
  fc_photo_strip_set_service (strip, self->service);
  g_signal_connect_object (strip, "add-photo", G_CALLBACK (on_add_photo_cb), self, 0);
  g_signal_connect_object (strip, "take-photo", G_CALLBACK (on_take_photo_cb), self, 0);
  g_signal_connect_object (strip, "photo-activated", G_CALLBACK (on_photo_activated_cb), self, 0);
}

/* Once the window has its store service. */
void
_fc_window_photos_init (FcWindow *self)
{
  connect_strip (self, fc_item_page_get_photo_strip (self->item_page));
}

/* The hazard dialog shows and adds the defect photos of the failed answer:
 * the "before" half of the rectification evidence. */
void
_fc_window_photos_attach_dialog (FcWindow *self)
{
  FcPhotoStrip *strip = fc_hazard_dialog_get_photo_strip (self->hazard_dialog);
  const FcWalkItem *item = fc_walk_get_item (self->walk, (guint) self->current);

  connect_strip (self, strip);
  fc_photo_strip_show_item (strip, fc_walk_get_inspection_id (self->walk), item->item_id);
  fc_photo_strip_set_can_add (strip, item->result_id != NULL);
  if (item->photo_on_fail)
    fc_photo_strip_set_hint (strip, _("This item asks for a photo of the defect: take one, or "
                                      "add one with “Add Photo…”."));
}

void
_fc_window_class_photo_actions_init (FcWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.add-photo", NULL, add_photo_action);
  gtk_widget_class_install_action (widget_class, "win.add-photo-from", "s", add_photo_from_action);
  gtk_widget_class_install_action (widget_class, "win.open-photo", "s", open_photo_action);
}
