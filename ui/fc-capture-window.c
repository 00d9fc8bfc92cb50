/* fc-capture-window.c: taking evidence photos with the camera
 *
 * The live preview of the camera (FcCamera: v4l2src on a desktop, the camera
 * portal inside the Flatpak, FIELDCHECK_CAMERA_SOURCE for tests and trials)
 * and one large shutter button. A press takes the next frame at the full
 * size the camera streams; the store's worker scales it to the longest edge
 * the settings allow, encodes it as JPEG at their quality and keeps it
 * through the photo store as any imported file is kept — content-addressed,
 * durable before its record — attached to what the window was opened for.
 * The time of the press is the photo's capture time. The main loop only
 * shows frames: encoding and storing run on the worker.
 *
 * When the settings keep photo locations, the window asks the desktop's
 * location portal for the device's position for as long as it is open, and a
 * press takes the latest fix that is young enough. Without one the photo is
 * kept all the same, without a location, and a quiet line says so.
 *
 * Without a camera the window says so and points to "Add Photo…", which
 * imports files and works without one.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fc-camera-preview.h"
#include "fc-capture-window.h"
#include "fc-location.h"
#include "fc-photos.h"
#include "fc-preferences.h"

typedef struct _CaptureRequest CaptureRequest;

struct _FcCaptureWindow
{
  AdwWindow        parent_instance;

  AdwWindowTitle  *title;
  GtkStack        *stack;
  GtkPicture      *picture;
  AdwStatusPage   *no_camera_page;
  GtkWidget       *shutter_button;
  GtkLabel        *status_label;
  GtkLabel        *location_label;
  GtkWidget       *spinner;

  FcStoreService  *service;
  FcCamera        *camera;
  FcLocation      *location;        /* only while open and the setting keeps locations */
  guint            location_refresh_id;
  GCancellable    *cancellable;
  char            *attached_kind;
  char            *attached_id;
  char            *purpose;
  guint            n_taken;
  gboolean         busy;
  gboolean         close_when_kept;
  CaptureRequest  *pending;         /* the photo asked for, until its frame comes */
  char            *error;
};

G_DEFINE_FINAL_TYPE (FcCaptureWindow, fc_capture_window, ADW_TYPE_WINDOW)

enum {
  CAPTURED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

struct _CaptureRequest
{
  FcCameraFrame   *frame;
  FcPhotoSettings  settings;
  char            *attached_kind;
  char            *attached_id;
  char            *purpose;
  char            *taken_at;
  gboolean         has_location;
  double           latitude;
  double           longitude;
};

static void
capture_request_free (CaptureRequest *request)
{
  g_clear_pointer (&request->frame, fc_camera_frame_free);
  g_free (request->attached_kind);
  g_free (request->attached_id);
  g_free (request->purpose);
  g_free (request->taken_at);
  g_free (request);
}

/* On the store's worker thread. */
static gpointer
store_job (FcStore   *store,
           gpointer   data,
           GError   **error)
{
  CaptureRequest *request = data;
  FcPhotoTarget target = { 0 };
  g_autoptr(GBytes) jpeg = NULL;

  jpeg = fc_camera_frame_to_jpeg (request->frame, request->settings.max_edge,
                                  request->settings.jpeg_quality, error);
  if (jpeg == NULL)
    return NULL;
  target.attached_kind = request->attached_kind;
  target.attached_id = request->attached_id;
  target.purpose = request->purpose;
  target.taken_at = request->taken_at;
  /* The device's fix at the press, or else the photo's own data; neither
   * unless the setting allows it. */
  target.keep_location = request->settings.store_location;
  target.has_location = request->has_location;
  target.latitude = request->latitude;
  target.longitude = request->longitude;
  return fc_photos_import (store, jpeg, &target, error);
}

static void
set_busy (FcCaptureWindow *self,
          gboolean         busy)
{
  gboolean previewing = self->camera != NULL &&
                        g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "preview") == 0;

  self->busy = busy;
  gtk_widget_set_visible (self->spinner, busy);
  gtk_widget_set_visible (self->shutter_button, previewing);
  gtk_widget_set_sensitive (self->shutter_button, !busy && previewing);
}

static void
show_status (FcCaptureWindow *self,
             const char      *text,
             gboolean         is_error)
{
  gtk_label_set_text (self->status_label, text);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL);
}

static void
stored_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(FcCaptureWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *photo_id = fc_store_service_run_finish (FC_STORE_SERVICE (source), result, &error);
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (photo_id == NULL)
    {
      g_debug ("photo not kept: %s", error->message);
      g_free (self->error);
      self->error = g_strdup (error->message);
      show_status (self, error->message, TRUE);
    }
  else
    {
      self->n_taken++;
      g_clear_pointer (&self->error, g_free);
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u photo taken and kept",
                                           "%u photos taken and kept", self->n_taken), self->n_taken);
      show_status (self, text, FALSE);
      g_signal_emit (self, signals[CAPTURED], 0, photo_id);
    }
  if (self->close_when_kept)
    gtk_window_close (GTK_WINDOW (self));
}

static void
still_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(FcCaptureWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcCameraFrame) frame = fc_camera_capture_still_finish (FC_CAMERA (source), result, &error);
  CaptureRequest *request;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (frame == NULL)
    {
      g_debug ("no still: %s", error->message);
      set_busy (self, FALSE);
      g_free (self->error);
      self->error = g_strdup (error->message);
      show_status (self, error->message, TRUE);
      if (self->close_when_kept)
        gtk_window_close (GTK_WINDOW (self));
      return;
    }
  request = g_steal_pointer (&self->pending);
  g_assert (request != NULL);
  request->frame = g_steal_pointer (&frame);
  fc_store_service_run_async (self->service, store_job, request,
                              (GDestroyNotify) capture_request_free, g_free, self->cancellable,
                              stored_cb, g_object_ref (self));
}

static void
shutter_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  FcCaptureWindow *self = FC_CAPTURE_WINDOW (widget);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  CaptureRequest *request;

  if (self->busy || self->camera == NULL || !fc_camera_is_running (self->camera))
    return;
  request = g_new0 (CaptureRequest, 1);
  fc_settings_get_photo (&request->settings);
  request->attached_kind = g_strdup (self->attached_kind);
  request->attached_id = g_strdup (self->attached_id);
  request->purpose = g_strdup (self->purpose);
  /* The moment of the press, not of the frame's arrival a frame later. */
  request->taken_at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  if (request->settings.store_location && self->location != NULL)
    {
      FcLocationFix fix;

      if (fc_location_get_fix (self->location, FC_LOCATION_MAX_AGE, &fix))
        {
          request->has_location = TRUE;
          request->latitude = fix.latitude;
          request->longitude = fix.longitude;
        }
    }
  g_clear_pointer (&self->pending, capture_request_free);
  self->pending = request;
  set_busy (self, TRUE);
  show_status (self, NULL, FALSE);
  fc_camera_capture_still_async (self->camera, self->cancellable, still_cb, g_object_ref (self));
}

static void
on_preview_changed_cb (FcCamera        *camera,
                       FcCaptureWindow *self)
{
  fc_camera_preview_show (camera, self->picture);
}

static void
update_location_label (FcCaptureWindow *self)
{
  FcLocationFix fix;
  g_autofree char *text = NULL;

  if (self->location == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->location_label), FALSE);
      return;
    }
  if (fc_location_get_fix (self->location, FC_LOCATION_MAX_AGE, &fix))
    {
      if (fix.accuracy >= 0)
        {
          g_autofree char *metres = g_strdup_printf ("%.0f", fix.accuracy);

          /* TRANSLATORS: %s is a number of metres */
          text = g_strdup_printf (_("Location ±%s m"), metres);
        }
      else
        text = g_strdup (_("Location found"));
    }
  else if (fc_location_get_state (self->location) == FC_LOCATION_WAITING)
    text = g_strdup (_("Finding location…"));
  else
    text = g_strdup (_("Location unavailable"));
  gtk_label_set_text (self->location_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->location_label), TRUE);
}

/* A fix grows old without any news from the portal. */
static gboolean
refresh_location_cb (gpointer user_data)
{
  update_location_label (user_data);
  return G_SOURCE_CONTINUE;
}

static void
start_location (FcCaptureWindow *self)
{
  FcPhotoSettings settings;

  fc_settings_get_photo (&settings);
  if (!settings.store_location)
    {
      update_location_label (self);
      return;
    }
  self->location = fc_location_new ();
  g_signal_connect_object (self->location, "changed", G_CALLBACK (update_location_label), self,
                           G_CONNECT_SWAPPED);
  self->location_refresh_id = g_timeout_add_seconds (10, refresh_location_cb, self);
  fc_location_start (self->location);
  update_location_label (self);
}

static void
stop_location (FcCaptureWindow *self)
{
  g_clear_handle_id (&self->location_refresh_id, g_source_remove);
  if (self->location == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->location, self);
  fc_location_stop (self->location);
  g_clear_object (&self->location);
}

static void
drop_camera (FcCaptureWindow *self)
{
  fc_camera_preview_release (&self->camera, self);
}

static void
show_no_camera (FcCaptureWindow *self,
                const char      *detail)
{
  g_free (self->error);
  self->error = g_strdup (detail);
  /* The camera's own sentence speaks of scanning; the device's name is what helps here. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->no_camera_page), detail);
  adw_status_page_set_description (self->no_camera_page,
                                   _("No camera could be opened on this device. Go back and add "
                                     "photos from files with “Add Photo…” instead."));
  gtk_stack_set_visible_child_name (self->stack, "no-camera");
  set_busy (self, FALSE);
}

static void
on_failed_cb (FcCamera        *camera,
              const GError    *error,
              FcCaptureWindow *self)
{
  show_no_camera (self, error->message);
  drop_camera (self);
}

static void
started_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(FcCaptureWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  FcCamera *camera = FC_CAMERA (source);

  if (!fc_camera_start_finish (camera, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_debug ("no camera: %s", error->message);
      if (self->camera == camera)
        {
          show_no_camera (self, error->message);
          drop_camera (self);
        }
      return;
    }
  if (self->camera != camera)
    {
      fc_camera_stop (camera);
      return;
    }
  /* A tag in view must not open anything while photos are taken. */
  fc_camera_set_decoding (camera, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "preview");
  set_busy (self, FALSE);
  gtk_widget_grab_focus (self->shutter_button);
}

static void
start_camera (FcCaptureWindow *self)
{
  self->camera = fc_camera_preview_open ();
  g_signal_connect_object (self->camera, "preview-changed", G_CALLBACK (on_preview_changed_cb),
                           self, 0);
  g_signal_connect_object (self->camera, "failed", G_CALLBACK (on_failed_cb), self, 0);
  gtk_stack_set_visible_child_name (self->stack, "starting");
  fc_camera_start_async (self->camera, self->cancellable, started_cb, g_object_ref (self));
}

static gboolean
fc_capture_window_close_request (GtkWindow *window)
{
  FcCaptureWindow *self = FC_CAPTURE_WINDOW (window);

  /* A photo on its way to the store is let through, and shown, before the window goes. */
  if (self->busy)
    {
      self->close_when_kept = TRUE;
      gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
      return TRUE;
    }
  drop_camera (self);
  stop_location (self);
  return GTK_WINDOW_CLASS (fc_capture_window_parent_class)->close_request (window);
}

static void
fc_capture_window_dispose (GObject *object)
{
  FcCaptureWindow *self = FC_CAPTURE_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  drop_camera (self);
  stop_location (self);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->service);
  gtk_widget_dispose_template (GTK_WIDGET (self), FC_TYPE_CAPTURE_WINDOW);
  G_OBJECT_CLASS (fc_capture_window_parent_class)->dispose (object);
}

static void
fc_capture_window_finalize (GObject *object)
{
  FcCaptureWindow *self = FC_CAPTURE_WINDOW (object);

  g_free (self->attached_kind);
  g_free (self->attached_id);
  g_free (self->purpose);
  g_free (self->error);
  g_clear_pointer (&self->pending, capture_request_free);
  G_OBJECT_CLASS (fc_capture_window_parent_class)->finalize (object);
}

static void
fc_capture_window_class_init (FcCaptureWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fc_capture_window_dispose;
  object_class->finalize = fc_capture_window_finalize;
  GTK_WINDOW_CLASS (klass)->close_request = fc_capture_window_close_request;

  /**
   * FcCaptureWindow::captured:
   * @photo_id: the photo kept
   *
   * A photo was taken and kept.
   */
  signals[CAPTURED] = g_signal_new ("captured", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/fieldcheck/Fieldcheck/fc-capture-window.ui");
  /* GTK 4.8 animates a spinner its stack no longer shows, which keeps the
   * frame clock ticking: it spins while it is on screen only. */
  gtk_widget_class_bind_template_callback_full (widget_class, "gtk_spinner_start",
                                                G_CALLBACK (gtk_spinner_start));
  gtk_widget_class_bind_template_callback_full (widget_class, "gtk_spinner_stop",
                                                G_CALLBACK (gtk_spinner_stop));
  gtk_widget_class_bind_template_child (widget_class, FcCaptureWindow, title);
  gtk_widget_class_bind_template_child (widget_class, FcCaptureWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, FcCaptureWindow, picture);
  gtk_widget_class_bind_template_child (widget_class, FcCaptureWindow, no_camera_page);
  gtk_widget_class_bind_template_child (widget_class, FcCaptureWindow, shutter_button);
  gtk_widget_class_bind_template_child (widget_class, FcCaptureWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, FcCaptureWindow, location_label);
  gtk_widget_class_bind_template_child (widget_class, FcCaptureWindow, spinner);

  gtk_widget_class_install_action (widget_class, "capture.shutter", NULL, shutter_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
fc_capture_window_init (FcCaptureWindow *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * fc_capture_window_new:
 * @parent: the window it belongs to
 * @service: the store service the photos are kept through
 * @attached_kind: result, hazard or acceptance
 * @attached_id: the thing the photos are attached to
 * @purpose: defect, before or after
 *
 * Opens the camera and shows its preview.
 *
 * Returns: (transfer none): the window, shown
 */
FcCaptureWindow *
fc_capture_window_new (GtkWindow      *parent,
                       FcStoreService *service,
                       const char     *attached_kind,
                       const char     *attached_id,
                       const char     *purpose)
{
  FcCaptureWindow *self;
  const char *subtitle;

  g_return_val_if_fail (FC_IS_STORE_SERVICE (service), NULL);
  g_return_val_if_fail (fc_photos_is_kind (attached_kind) && attached_id != NULL, NULL);
  g_return_val_if_fail (fc_photos_is_purpose (purpose), NULL);

  self = g_object_new (FC_TYPE_CAPTURE_WINDOW, "transient-for", parent, "modal", TRUE, NULL);
  self->service = g_object_ref (service);
  self->attached_kind = g_strdup (attached_kind);
  self->attached_id = g_strdup (attached_id);
  self->purpose = g_strdup (purpose);
  if (g_str_equal (purpose, "after"))
    subtitle = _("After rectification");
  else if (g_str_equal (purpose, "before"))
    subtitle = _("Before rectification");
  else
    subtitle = _("The defect");
  adw_window_title_set_subtitle (self->title, subtitle);
  if (parent != NULL)
    {
      int width = gtk_widget_get_width (GTK_WIDGET (parent));
      int height = gtk_widget_get_height (GTK_WIDGET (parent));

      if (width > 0 && height > 0)
        gtk_window_set_default_size (GTK_WINDOW (self), MIN (width, 960), MIN (height, 720));
    }
  set_busy (self, FALSE);
  gtk_window_present (GTK_WINDOW (self));
  start_location (self);
  start_camera (self);
  return self;
}

/* Returns: "starting", "preview" or "no-camera" */
const char *
fc_capture_window_get_state (FcCaptureWindow *self)
{
  g_return_val_if_fail (FC_IS_CAPTURE_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

/* Returns: the photos taken and kept since the window opened */
guint
fc_capture_window_get_n_taken (FcCaptureWindow *self)
{
  g_return_val_if_fail (FC_IS_CAPTURE_WINDOW (self), 0);
  return self->n_taken;
}

/* Returns: (nullable): why the camera or the last photo failed */
const char *
fc_capture_window_get_error (FcCaptureWindow *self)
{
  g_return_val_if_fail (FC_IS_CAPTURE_WINDOW (self), NULL);
  return self->error;
}

/* Returns: (transfer none) (nullable): the camera while it runs, for tests */
FcCamera *
fc_capture_window_get_camera (FcCaptureWindow *self)
{
  g_return_val_if_fail (FC_IS_CAPTURE_WINDOW (self), NULL);
  return self->camera;
}

/* Returns: (transfer none) (nullable): where the device is, while the window asks, for tests */
FcLocation *
fc_capture_window_get_location (FcCaptureWindow *self)
{
  g_return_val_if_fail (FC_IS_CAPTURE_WINDOW (self), NULL);
  return self->location;
}
