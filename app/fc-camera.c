/* fc-camera.c: the camera as a GStreamer pipeline, with QR decoding on a worker thread
 *
 *   source ! videoconvert ! tee ─ queue ! videoconvert ! GRAY8 ! appsink "grey"
 *                               └ queue (leaky) ! videoconvert ! RGB ! appsink "preview"
 *
 * The source is v4l2src on a desktop, pipewiresrc on the remote the camera
 * portal opens inside the Flatpak, and whatever a test describes otherwise.
 *
 * The grey appsink's callback puts each frame in a slot of one: a frame still
 * there when the next arrives is dropped and counted, never queued, so the
 * decoder thread always scans the newest frame and a code in front of the lens
 * is read within one decode of its arrival, however slow the device. The
 * preview keeps only the newest frame as well, and tells the main context once
 * per batch of frames that it changed.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gunixfdlist.h>
#include <glib/gi18n-lib.h>
#include <gst/app/gstappsink.h>
#include <gst/video/video.h>

#include "fc-camera-private.h"
#include "fc-error.h"
#include "fc-tag-decode.h"

#define PORTAL_BUS_NAME "org.freedesktop.portal.Desktop"
#define PORTAL_PATH "/org/freedesktop/portal/desktop"
#define PORTAL_CAMERA "org.freedesktop.portal.Camera"
#define PORTAL_REQUEST "org.freedesktop.portal.Request"

struct _FcCamera
{
  GObject       parent_instance;

  char         *source;          /* a gst-launch description, or NULL for the device's camera */
  GMainContext *context;         /* where signals are emitted */
  GstElement   *pipeline;
  int           portal_fd;
  gboolean      running;

  GMutex        lock;
  GCond         cond;
  /* Under lock. */
  GstSample    *slot;
  guint64       slot_number;
  GstSample    *preview;
  guint64       preview_number;
  gboolean      preview_pending;
  GList        *stills;          /* GTask */
  FcCameraStats stats;
  guint64       next_number;
  gboolean      decoding;
  gboolean      quit;
  guint         decode_delay_ms;

  GThread      *decoder_thread;
};

G_DEFINE_FINAL_TYPE (FcCamera, fc_camera, G_TYPE_OBJECT)

enum {
  CODE_READ,
  PREVIEW_CHANGED,
  FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  GstSample    *sample;
  GstVideoFrame vframe;
} Mapped;

static void
mapped_free (gpointer data)
{
  Mapped *mapped = data;

  gst_video_frame_unmap (&mapped->vframe);
  gst_sample_unref (mapped->sample);
  g_free (mapped);
}

/* Wraps the sample's pixels without copying them; NULL if they cannot be mapped. */
static FcCameraFrame *
frame_from_sample (GstSample      *sample,
                   FcCameraFormat  format,
                   guint64         number)
{
  Mapped *mapped = g_new0 (Mapped, 1);
  FcCameraFrame *frame;
  GstVideoInfo info;

  if (!gst_video_info_from_caps (&info, gst_sample_get_caps (sample)) ||
      !gst_video_frame_map (&mapped->vframe, &info, gst_sample_get_buffer (sample), GST_MAP_READ))
    {
      g_free (mapped);
      return NULL;
    }
  mapped->sample = gst_sample_ref (sample);

  frame = g_new0 (FcCameraFrame, 1);
  frame->format = format;
  frame->width = GST_VIDEO_FRAME_WIDTH (&mapped->vframe);
  frame->height = GST_VIDEO_FRAME_HEIGHT (&mapped->vframe);
  frame->stride = (guint) GST_VIDEO_FRAME_PLANE_STRIDE (&mapped->vframe, 0);
  frame->number = number;
  frame->pixels = g_bytes_new_with_free_func (GST_VIDEO_FRAME_PLANE_DATA (&mapped->vframe, 0),
                                              (gsize) frame->stride * frame->height,
                                              mapped_free, mapped);
  return frame;
}

/**
 * fc_camera_frame_copy:
 * @frame: a frame
 *
 * Returns: (transfer full): another owner of the same pixels
 */
FcCameraFrame *
fc_camera_frame_copy (const FcCameraFrame *frame)
{
  FcCameraFrame *copy;

  g_return_val_if_fail (frame != NULL, NULL);

  copy = g_memdup2 (frame, sizeof *frame);
  copy->pixels = g_bytes_ref (frame->pixels);
  return copy;
}

void
fc_camera_frame_free (FcCameraFrame *frame)
{
  if (frame == NULL)
    return;
  g_bytes_unref (frame->pixels);
  g_free (frame);
}

/*
 * Signals travel to the main context
 */

typedef struct
{
  FcCamera *self;
  char     *text;
  guint64   number;
  GError   *error;
} Emission;

static void
emission_free (gpointer data)
{
  Emission *emission = data;

  g_object_unref (emission->self);
  g_free (emission->text);
  g_clear_error (&emission->error);
  g_free (emission);
}

static gboolean
emit_code_read (gpointer data)
{
  Emission *emission = data;

  if (emission->self->running)
    g_signal_emit (emission->self, signals[CODE_READ], 0, emission->text, emission->number);
  return G_SOURCE_REMOVE;
}

static gboolean
emit_preview_changed (gpointer data)
{
  Emission *emission = data;
  FcCamera *self = emission->self;

  g_mutex_lock (&self->lock);
  self->preview_pending = FALSE;
  g_mutex_unlock (&self->lock);
  if (self->running)
    g_signal_emit (self, signals[PREVIEW_CHANGED], 0);
  return G_SOURCE_REMOVE;
}

static gboolean
emit_failed (gpointer data)
{
  Emission *emission = data;

  if (emission->self->running)
    {
      fc_camera_stop (emission->self);
      g_signal_emit (emission->self, signals[FAILED], 0, emission->error);
    }
  return G_SOURCE_REMOVE;
}

static void
emit_later (FcCamera    *self,
            GSourceFunc  func,
            Emission    *emission)
{
  emission->self = g_object_ref (self);
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, func, emission, emission_free);
}

/*
 * The decoder thread
 */

static gpointer
decoder_main (gpointer data)
{
  FcCamera *self = data;
  g_autoptr(FcTagDecoder) decoder = fc_tag_decoder_new ();

  for (;;)
    {
      g_autoptr(GstSample) sample = NULL;
      g_autoptr(FcCameraFrame) frame = NULL;
      g_auto(GStrv) texts = NULL;
      guint64 number;
      guint delay_ms;

      g_mutex_lock (&self->lock);
      while (!self->quit && self->slot == NULL)
        g_cond_wait (&self->cond, &self->lock);
      if (self->quit)
        {
          g_mutex_unlock (&self->lock);
          break;
        }
      sample = g_steal_pointer (&self->slot);
      number = self->slot_number;
      delay_ms = self->decode_delay_ms;
      g_mutex_unlock (&self->lock);

      frame = frame_from_sample (sample, FC_CAMERA_FORMAT_GRAY8, number);
      if (frame != NULL)
        texts = fc_tag_decoder_scan (decoder, g_bytes_get_data (frame->pixels, NULL),
                                     frame->width, frame->height, frame->stride);
      if (delay_ms > 0)
        g_usleep (delay_ms * G_TIME_SPAN_MILLISECOND);

      /* Signals first: whoever sees the count grow finds them queued. */
      for (guint i = 0; texts != NULL && texts[i] != NULL; i++)
        {
          Emission *emission = g_new0 (Emission, 1);

          emission->text = g_strdup (texts[i]);
          emission->number = number;
          emit_later (self, emit_code_read, emission);
        }

      g_mutex_lock (&self->lock);
      self->stats.decoded++;
      if (texts != NULL)
        self->stats.with_codes++;
      g_mutex_unlock (&self->lock);
    }
  return NULL;
}

/*
 * Streaming-thread callbacks
 */

static GstFlowReturn
on_grey_sample_cb (GstAppSink *sink,
                   gpointer    user_data)
{
  FcCamera *self = user_data;
  GstSample *sample = gst_app_sink_pull_sample (sink);

  if (sample == NULL)
    return GST_FLOW_EOS;
  g_mutex_lock (&self->lock);
  if (!self->decoding)
    {
      self->stats.paused++;
      g_mutex_unlock (&self->lock);
      gst_sample_unref (sample);
      return GST_FLOW_OK;
    }
  self->stats.received++;
  if (self->slot != NULL)
    {
      self->stats.dropped++;
      gst_sample_unref (self->slot);
    }
  self->slot = sample;
  self->slot_number = ++self->next_number;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);
  return GST_FLOW_OK;
}

static GstFlowReturn
on_preview_sample_cb (GstAppSink *sink,
                      gpointer    user_data)
{
  FcCamera *self = user_data;
  GstSample *sample = gst_app_sink_pull_sample (sink);
  GList *stills;
  gboolean notify;
  guint64 number;

  if (sample == NULL)
    return GST_FLOW_EOS;
  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->preview, gst_sample_unref);
  self->preview = gst_sample_ref (sample);
  number = ++self->preview_number;
  stills = g_steal_pointer (&self->stills);
  notify = !self->preview_pending;
  self->preview_pending = TRUE;
  g_mutex_unlock (&self->lock);

  for (GList *l = stills; l != NULL; l = l->next)
    {
      g_autoptr(GTask) task = l->data;
      FcCameraFrame *frame = frame_from_sample (sample, FC_CAMERA_FORMAT_RGB, number);

      if (g_task_return_error_if_cancelled (task))
        g_clear_pointer (&frame, fc_camera_frame_free);
      else if (frame == NULL)
        g_task_return_new_error (task, FC_ERROR, FC_ERROR_FAILED,
                                 _("The camera gave a frame that cannot be read; try again"));
      else
        g_task_return_pointer (task, frame, (GDestroyNotify) fc_camera_frame_free);
    }
  g_list_free (stills);
  gst_sample_unref (sample);

  if (notify)
    emit_later (self, emit_preview_changed, g_new0 (Emission, 1));
  return GST_FLOW_OK;
}

static char *
describe_error (GstMessage *message)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *debug = NULL;

  gst_message_parse_error (message, &error, &debug);
  g_debug ("camera pipeline: %s (%s)", error->message, debug ? debug : "");
  return g_strdup (error->message);
}

static GstBusSyncReply
on_bus_message_cb (GstBus     *bus,
                   GstMessage *message,
                   gpointer    user_data)
{
  FcCamera *self = user_data;

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      g_autofree char *detail = describe_error (message);
      Emission *emission = g_new0 (Emission, 1);

      emission->error = g_error_new (FC_ERROR, FC_ERROR_FAILED,
                                     _("The camera stopped: %s. Close the scanner and open it "
                                       "again, or scan from a photo."), detail);
      emit_later (self, emit_failed, emission);
    }
  gst_message_unref (message);
  return GST_BUS_DROP;
}

/*
 * Starting
 */

typedef struct
{
  char            *source;
  GDBusConnection *bus;
  char            *request_path;
  guint            response_id;
  int              fd;
} StartData;

static void
start_data_free (StartData *data)
{
  if (data->response_id != 0)
    g_dbus_connection_signal_unsubscribe (data->bus, data->response_id);
  g_clear_object (&data->bus);
  g_free (data->request_path);
  g_free (data->source);
  if (data->fd >= 0)
    close (data->fd);
  g_free (data);
}

static GstElement *
build_pipeline (FcCamera    *self,
                const char  *source,
                GError     **error)
{
  static GstAppSinkCallbacks grey_callbacks = { .new_sample = on_grey_sample_cb };
  static GstAppSinkCallbacks preview_callbacks = { .new_sample = on_preview_sample_cb };
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) grey = NULL;
  g_autoptr(GstElement) preview = NULL;
  g_autofree char *description = NULL;

  /* The grey branch's queue holds one frame and blocks: the slot drops frames,
   * and counts them. The preview's queue drops the oldest: a late preview frame
   * is worth nothing. */
  description = g_strdup_printf (
    "%s ! videoconvert ! tee name=fc_tee "
    "fc_tee. ! queue max-size-buffers=1 max-size-bytes=0 max-size-time=0 ! videoconvert "
    "! video/x-raw,format=GRAY8 ! appsink name=fc_grey max-buffers=1 sync=false "
    "fc_tee. ! queue leaky=downstream max-size-buffers=1 max-size-bytes=0 max-size-time=0 "
    "! videoconvert ! video/x-raw,format=RGB ! appsink name=fc_preview max-buffers=1 sync=false",
    source);
  pipeline = gst_parse_launch_full (description, NULL, GST_PARSE_FLAG_FATAL_ERRORS, &parse_error);
  if (pipeline == NULL)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_NOT_FOUND,
                   _("The camera cannot be used: %s. Install the GStreamer plugins "
                     "(gstreamer1.0-plugins-base and gstreamer1.0-plugins-good), or scan from a photo."),
                   parse_error->message);
      return NULL;
    }
  gst_object_ref_sink (pipeline);
  grey = gst_bin_get_by_name (GST_BIN (pipeline), "fc_grey");
  preview = gst_bin_get_by_name (GST_BIN (pipeline), "fc_preview");
  g_assert (grey != NULL && preview != NULL);
  gst_app_sink_set_callbacks (GST_APP_SINK (grey), &grey_callbacks, self, NULL);
  gst_app_sink_set_callbacks (GST_APP_SINK (preview), &preview_callbacks, self, NULL);
  return g_steal_pointer (&pipeline);
}

/* Runs on a worker: the first gst_init() scans the plugin registry, and
 * opening a V4L2 device can take a while. */
static void
start_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  FcCamera *self = source_object;
  StartData *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;

  if (!gst_init_check (NULL, NULL, &error))
    {
      g_task_return_new_error (task, FC_ERROR, FC_ERROR_FAILED,
                               _("The camera cannot be used: %s"), error->message);
      return;
    }
  pipeline = build_pipeline (self, data->source, &error);
  if (pipeline == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* Errors while starting are answered here; later ones are signalled. A
   * device that cannot be opened fails the change to READY, synchronously. */
  bus = gst_element_get_bus (pipeline);
  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE ||
      (message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR)) != NULL)
    {
      g_autofree char *detail = NULL;

      if (message == NULL)
        message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
      detail = message ? describe_error (message) : g_strdup (_("unknown error"));
      gst_element_set_state (pipeline, GST_STATE_NULL);
      g_task_return_new_error (task, FC_ERROR, FC_ERROR_NOT_FOUND,
                               _("No camera could be opened (%s). Connect a camera, or scan the "
                                 "tag from a photo."), detail);
      return;
    }
  /* The state changes so far need no one; later messages go to the handler. */
  gst_bus_set_flushing (bus, TRUE);
  gst_bus_set_flushing (bus, FALSE);
  gst_bus_set_sync_handler (bus, on_bus_message_cb, self, NULL);
  g_task_return_pointer (task, g_steal_pointer (&pipeline), gst_object_unref);
}

static void
start_in_thread (GTask *task)
{
  g_task_run_in_thread (task, start_thread);
  g_object_unref (task);
}

/* The camera portal: AccessCamera asks the user once, then OpenPipeWireRemote
 * gives a PipeWire connection that sees only cameras. */

static void
open_remote_cb (GObject      *source,
                GAsyncResult *res,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StartData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GUnixFDList) fds = NULL;
  g_autoptr(GVariant) reply = NULL;
  gint32 handle;

  reply = g_dbus_connection_call_with_unix_fd_list_finish (G_DBUS_CONNECTION (source), &fds, res, &error);
  if (reply == NULL)
    {
      g_task_return_new_error (task, FC_ERROR, FC_ERROR_FAILED,
                               _("The camera portal did not open the camera: %s"), error->message);
      return;
    }
  g_variant_get (reply, "(h)", &handle);
  data->fd = fds ? g_unix_fd_list_get (fds, handle, &error) : -1;
  if (data->fd < 0)
    {
      g_task_return_new_error (task, FC_ERROR, FC_ERROR_FAILED,
                               _("The camera portal did not open the camera: %s"),
                               error ? error->message : _("no connection was given"));
      return;
    }
  data->source = g_strdup_printf ("pipewiresrc fd=%d", data->fd);
  start_in_thread (g_steal_pointer (&task));
}

static void
on_access_response_cb (GDBusConnection *bus,
                       const char      *sender_name,
                       const char      *object_path,
                       const char      *interface_name,
                       const char      *signal_name,
                       GVariant        *parameters,
                       gpointer         user_data)
{
  GTask *task = user_data;
  StartData *data = g_task_get_task_data (task);
  guint32 response = 2;

  g_variant_get (parameters, "(u@a{sv})", &response, NULL);
  g_dbus_connection_signal_unsubscribe (bus, data->response_id);
  data->response_id = 0;
  if (response != 0)
    {
      g_task_return_new_error (task, FC_ERROR, FC_ERROR_FAILED,
                               _("Fieldcheck may not use the camera. Allow it in Settings → "
                                 "Apps → Fieldcheck, or scan the tag from a photo."));
      g_object_unref (task);
      return;
    }
  g_dbus_connection_call_with_unix_fd_list (bus, PORTAL_BUS_NAME, PORTAL_PATH, PORTAL_CAMERA,
                                            "OpenPipeWireRemote",
                                            g_variant_new ("(a{sv})", NULL), G_VARIANT_TYPE ("(h)"),
                                            G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                                            g_task_get_cancellable (task), open_remote_cb, task);
}

static void
access_camera_cb (GObject      *source,
                  GAsyncResult *res,
                  gpointer      user_data)
{
  GTask *task = user_data;
  StartData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), res, &error);

  if (reply == NULL)
    {
      g_dbus_connection_signal_unsubscribe (data->bus, data->response_id);
      data->response_id = 0;
      g_task_return_new_error (task, FC_ERROR, FC_ERROR_FAILED,
                               _("The camera portal did not answer: %s"), error->message);
      g_object_unref (task);
    }
  /* Otherwise the Response signal carries the user's answer. */
}

static void
camera_present_cb (GObject      *source,
                   GAsyncResult *res,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StartData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), res, &error);
  g_autoptr(GVariant) present = NULL;
  g_autofree char *sender = NULL;
  g_autofree char *token = NULL;
  GVariantBuilder options;

  if (reply == NULL)
    {
      g_task_return_new_error (task, FC_ERROR, FC_ERROR_FAILED,
                               _("The camera portal did not answer: %s"), error->message);
      return;
    }
  g_variant_get (reply, "(v)", &present);
  if (!g_variant_get_boolean (present))
    {
      g_task_return_new_error (task, FC_ERROR, FC_ERROR_NOT_FOUND,
                               _("This device has no camera. Scan the tag from a photo instead."));
      return;
    }

  /* The request's path is known in advance: subscribe before asking, so a
   * quick answer is not missed. */
  sender = g_strdup (g_dbus_connection_get_unique_name (data->bus) + 1);
  g_strdelimit (sender, ".", '_');
  token = g_strdup_printf ("fieldcheck%u", g_random_int ());
  data->request_path = g_strdup_printf (PORTAL_PATH "/request/%s/%s", sender, token);
  data->response_id = g_dbus_connection_signal_subscribe (data->bus, PORTAL_BUS_NAME, PORTAL_REQUEST,
                                                          "Response", data->request_path, NULL,
                                                          G_DBUS_SIGNAL_FLAGS_NO_MATCH_RULE,
                                                          on_access_response_cb, task, NULL);
  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&options, "{sv}", "handle_token", g_variant_new_string (token));
  g_dbus_connection_call (data->bus, PORTAL_BUS_NAME, PORTAL_PATH, PORTAL_CAMERA, "AccessCamera",
                          g_variant_new ("(a{sv})", &options), G_VARIANT_TYPE ("(o)"),
                          G_DBUS_CALL_FLAGS_NONE, -1, g_task_get_cancellable (task),
                          access_camera_cb, g_steal_pointer (&task));
}

static void
session_bus_cb (GObject      *source,
                GAsyncResult *res,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StartData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  data->bus = g_bus_get_finish (res, &error);
  if (data->bus == NULL)
    {
      g_task_return_new_error (task, FC_ERROR, FC_ERROR_FAILED,
                               _("The camera portal cannot be reached: %s"), error->message);
      return;
    }
  g_dbus_connection_call (data->bus, PORTAL_BUS_NAME, PORTAL_PATH, "org.freedesktop.DBus.Properties",
                          "Get", g_variant_new ("(ss)", PORTAL_CAMERA, "IsCameraPresent"),
                          G_VARIANT_TYPE ("(v)"), G_DBUS_CALL_FLAGS_NONE, -1,
                          g_task_get_cancellable (task), camera_present_cb, g_steal_pointer (&task));
}

/*
 * GObject
 */

static void
fc_camera_dispose (GObject *object)
{
  FcCamera *self = FC_CAMERA (object);

  fc_camera_stop (self);
  G_OBJECT_CLASS (fc_camera_parent_class)->dispose (object);
}

static void
fc_camera_finalize (GObject *object)
{
  FcCamera *self = FC_CAMERA (object);

  g_free (self->source);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  G_OBJECT_CLASS (fc_camera_parent_class)->finalize (object);
}

static void
fc_camera_class_init (FcCameraClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fc_camera_dispose;
  object_class->finalize = fc_camera_finalize;

  /**
   * FcCamera::code-read:
   * @self: the camera
   * @text: the text of a QR code, as read (not checked as a tag)
   * @frame: the number of the frame it was read in
   *
   * A frame held a QR code. Emitted on the main context the camera was made
   * in, once for every frame that holds the code while it stays in view.
   */
  signals[CODE_READ] = g_signal_new ("code-read", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                     G_TYPE_STRING, G_TYPE_UINT64);
  /**
   * FcCamera::preview-changed:
   *
   * A newer frame waits in fc_camera_get_preview(). Emitted once for any
   * number of frames that arrived while the main context was busy.
   */
  signals[PREVIEW_CHANGED] = g_signal_new ("preview-changed", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * FcCamera::failed:
   * @error: what went wrong, as a sentence for the user
   *
   * The running pipeline failed (a camera unplugged, say) and has stopped.
   */
  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
fc_camera_init (FcCamera *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->context = g_main_context_ref_thread_default ();
  self->portal_fd = -1;
  self->decoding = TRUE;
}

/*
 * Public API
 */

/**
 * fc_camera_is_sandboxed:
 *
 * Returns: whether Fieldcheck runs inside a Flatpak, where only the camera
 *   portal gives a camera
 */
gboolean
fc_camera_is_sandboxed (void)
{
  return g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS);
}

/**
 * fc_camera_new:
 *
 * The device's camera: through the camera portal and PipeWire inside a
 * Flatpak, the first V4L2 device otherwise. Nothing opens before
 * fc_camera_start_async().
 *
 * Returns: (transfer full): the camera
 */
FcCamera *
fc_camera_new (void)
{
  return g_object_new (FC_TYPE_CAMERA, NULL);
}

/**
 * fc_camera_new_for_source:
 * @source_description: a gst-launch description of the source, such as
 *   "videotestsrc" or "appsrc name=src caps=video/x-raw,format=GRAY8,…";
 *   any raw video works, the pipeline converts it
 *
 * For tests and benchmarks, and for a camera the default does not find.
 *
 * Returns: (transfer full): the camera
 */
FcCamera *
fc_camera_new_for_source (const char *source_description)
{
  FcCamera *self;

  g_return_val_if_fail (source_description != NULL, NULL);

  self = g_object_new (FC_TYPE_CAMERA, NULL);
  self->source = g_strdup (source_description);
  return self;
}

/**
 * fc_camera_start_async:
 * @self: the camera
 * @cancellable: (nullable): stops waiting for the portal or the device
 * @callback: called on the current main context when the camera runs or failed
 * @user_data: for @callback
 *
 * Opens the camera and starts streaming; inside a Flatpak it first asks the
 * camera portal, which may ask the user. Decoding starts with the first frame.
 */
void
fc_camera_start_async (FcCamera            *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  StartData *data;

  g_return_if_fail (FC_IS_CAMERA (self));
  g_return_if_fail (!self->running && self->pipeline == NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fc_camera_start_async);
  data = g_new0 (StartData, 1);
  data->fd = -1;
  g_task_set_task_data (task, data, (GDestroyNotify) start_data_free);

  if (self->source != NULL)
    data->source = g_strdup (self->source);
  else if (!fc_camera_is_sandboxed ())
    data->source = g_strdup ("v4l2src");
  else
    {
      g_bus_get (G_BUS_TYPE_SESSION, cancellable, session_bus_cb, g_steal_pointer (&task));
      return;
    }
  start_in_thread (g_steal_pointer (&task));
}

/**
 * fc_camera_start_finish:
 * @self: the camera
 * @result: the result given to the callback
 * @error: set with %FC_ERROR_NOT_FOUND when there is no camera to open (say so,
 *   and offer a photo instead), or another code when it failed otherwise
 *
 * Returns: whether the camera runs
 */
gboolean
fc_camera_start_finish (FcCamera      *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  StartData *data;
  GstElement *pipeline;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  pipeline = g_task_propagate_pointer (G_TASK (result), error);
  if (pipeline == NULL)
    return FALSE;
  if (self->pipeline != NULL)
    {
      /* Started twice at once: keep the first. */
      gst_element_set_state (pipeline, GST_STATE_NULL);
      gst_object_unref (pipeline);
      return TRUE;
    }
  data = g_task_get_task_data (G_TASK (result));
  self->portal_fd = data->fd;
  data->fd = -1;
  self->pipeline = pipeline;
  self->running = TRUE;
  self->quit = FALSE;
  self->decoder_thread = g_thread_new ("fc-camera-decoder", decoder_main, self);
  return TRUE;
}

/**
 * fc_camera_stop:
 * @self: the camera
 *
 * Stops streaming and decoding and releases the device; captures still
 * waiting fail. Signals that were on their way are not emitted.
 */
void
fc_camera_stop (FcCamera *self)
{
  GList *stills;

  g_return_if_fail (FC_IS_CAMERA (self));

  self->running = FALSE;
  if (self->pipeline != NULL)
    {
      g_autoptr(GstBus) bus = gst_element_get_bus (self->pipeline);

      gst_element_set_state (self->pipeline, GST_STATE_NULL);
      gst_bus_set_sync_handler (bus, NULL, NULL, NULL);
      g_clear_pointer (&self->pipeline, gst_object_unref);
    }
  if (self->decoder_thread != NULL)
    {
      g_mutex_lock (&self->lock);
      self->quit = TRUE;
      g_cond_signal (&self->cond);
      g_mutex_unlock (&self->lock);
      g_clear_pointer (&self->decoder_thread, g_thread_join);
    }
  if (self->portal_fd >= 0)
    {
      close (self->portal_fd);
      self->portal_fd = -1;
    }

  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->slot, gst_sample_unref);
  g_clear_pointer (&self->preview, gst_sample_unref);
  stills = g_steal_pointer (&self->stills);
  g_mutex_unlock (&self->lock);
  for (GList *l = stills; l != NULL; l = l->next)
    {
      g_autoptr(GTask) task = l->data;

      g_task_return_new_error (task, FC_ERROR, FC_ERROR_FAILED,
                               _("The camera stopped before the photo was taken"));
    }
  g_list_free (stills);
}

gboolean
fc_camera_is_running (FcCamera *self)
{
  g_return_val_if_fail (FC_IS_CAMERA (self), FALSE);
  return self->running;
}

/**
 * fc_camera_get_preview:
 * @self: the camera
 *
 * The newest frame for the screen, as RGB at the size the camera streams;
 * call it from FcCamera::preview-changed.
 *
 * Returns: (transfer full) (nullable): the frame, or %NULL before the first
 */
FcCameraFrame *
fc_camera_get_preview (FcCamera *self)
{
  g_autoptr(GstSample) sample = NULL;
  guint64 number;

  g_return_val_if_fail (FC_IS_CAMERA (self), NULL);

  g_mutex_lock (&self->lock);
  sample = self->preview ? gst_sample_ref (self->preview) : NULL;
  number = self->preview_number;
  g_mutex_unlock (&self->lock);
  return sample ? frame_from_sample (sample, FC_CAMERA_FORMAT_RGB, number) : NULL;
}

/**
 * fc_camera_get_stats:
 * @self: the camera
 * @stats: (out): the counts since the camera was made
 */
void
fc_camera_get_stats (FcCamera      *self,
                     FcCameraStats *stats)
{
  g_return_if_fail (FC_IS_CAMERA (self));
  g_return_if_fail (stats != NULL);

  g_mutex_lock (&self->lock);
  *stats = self->stats;
  g_mutex_unlock (&self->lock);
}

/**
 * fc_camera_set_decoding:
 * @self: the camera
 * @decoding: whether to look for QR codes
 *
 * Pauses decoding (while a result is on screen, or while taking photos) and
 * resumes it; the preview runs on. Frames that arrive paused count only as
 * paused.
 */
void
fc_camera_set_decoding (FcCamera *self,
                        gboolean  decoding)
{
  g_return_if_fail (FC_IS_CAMERA (self));

  g_mutex_lock (&self->lock);
  self->decoding = !!decoding;
  if (!decoding)
    g_clear_pointer (&self->slot, gst_sample_unref);
  g_mutex_unlock (&self->lock);
}

/**
 * fc_camera_capture_still_async:
 * @self: a running camera
 * @cancellable: (nullable): gives up waiting; the result is then %G_IO_ERROR_CANCELLED
 * @callback: called on the current main context with the frame
 * @user_data: for @callback
 *
 * Takes the next frame the camera delivers as a photo, in colour and at the
 * full size the camera streams (the size the device negotiated with the
 * pipeline, such as 1280 × 720 or 1920 × 1080; nothing is scaled for the
 * screen). Use it for evidence photos: the preview stays live and decoding
 * goes on, so pause it with fc_camera_set_decoding() if a code in view must
 * not open anything meanwhile.
 *
 * The frame arrives within one frame interval of a streaming camera. It fails
 * with %FC_ERROR_FAILED when the camera stops first (fc_camera_stop(), or the
 * device went away). The result is RGB with rows @stride bytes apart: wrap it
 * with gdk_pixbuf_new_from_bytes() (no alpha, 8 bits) to save it as JPEG or
 * PNG, or with gdk_memory_texture_new() to show it.
 */
void
fc_camera_capture_still_async (FcCamera            *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (FC_IS_CAMERA (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fc_camera_capture_still_async);
  if (!self->running)
    {
      g_task_return_new_error (task, FC_ERROR, FC_ERROR_FAILED,
                               _("The camera is not running; open it before taking a photo"));
      return;
    }
  g_mutex_lock (&self->lock);
  self->stills = g_list_append (self->stills, g_steal_pointer (&task));
  g_mutex_unlock (&self->lock);
}

/**
 * fc_camera_capture_still_finish:
 * @self: the camera
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: (transfer full): the photo, %FC_CAMERA_FORMAT_RGB, or %NULL
 */
FcCameraFrame *
fc_camera_capture_still_finish (FcCamera      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * fc_camera_frame_to_jpeg:
 * @frame: a still, %FC_CAMERA_FORMAT_RGB
 * @max_edge: the longest edge the photo may have; a larger frame is scaled
 *   down to it, a smaller one is kept as it is
 * @quality: the JPEG quality, 1 to 100
 * @error: set with %FC_ERROR_FAILED when the frame cannot be encoded
 *
 * Encodes a still as the JPEG file that is kept as evidence. It takes a
 * while for a large frame: call it on a worker thread.
 *
 * Returns: (transfer full): the JPEG file's bytes, or %NULL
 */
GBytes *
fc_camera_frame_to_jpeg (const FcCameraFrame  *frame,
                         guint                 max_edge,
                         int                   quality,
                         GError              **error)
{
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GdkPixbuf) scaled = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *quality_text = NULL;
  gchar *buffer = NULL;
  gsize size = 0;
  guint edge;

  g_return_val_if_fail (frame != NULL, NULL);
  g_return_val_if_fail (frame->format == FC_CAMERA_FORMAT_RGB, NULL);
  g_return_val_if_fail (max_edge > 0, NULL);

  if (frame->width == 0 || frame->height == 0 ||
      g_bytes_get_size (frame->pixels) < (gsize) frame->stride * (frame->height - 1) + frame->width * 3)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_FAILED,
                   _("The camera gave a frame that cannot be read; try again"));
      return NULL;
    }
  pixbuf = gdk_pixbuf_new_from_bytes (frame->pixels, GDK_COLORSPACE_RGB, FALSE, 8,
                                      (int) frame->width, (int) frame->height, (int) frame->stride);
  edge = MAX (frame->width, frame->height);
  if (edge > max_edge)
    {
      double scale = (double) max_edge / edge;
      int width = MAX (1, (int) (frame->width * scale + 0.5));
      int height = MAX (1, (int) (frame->height * scale + 0.5));

      scaled = gdk_pixbuf_scale_simple (pixbuf, width, height, GDK_INTERP_BILINEAR);
    }
  else
    scaled = g_object_ref (pixbuf);
  quality_text = g_strdup_printf ("%d", CLAMP (quality, 1, 100));
  if (scaled == NULL ||
      !gdk_pixbuf_save_to_buffer (scaled, &buffer, &size, "jpeg", &local_error,
                                  "quality", quality_text, NULL))
    {
      g_set_error (error, FC_ERROR, FC_ERROR_FAILED, _("The photo could not be encoded: %s"),
                   local_error ? local_error->message : g_strerror (ENOMEM));
      return NULL;
    }
  return g_bytes_new_take (buffer, size);
}

/* Returns: (transfer full) (nullable): an element of the running pipeline, by name */
GstElement *
_fc_camera_get_element (FcCamera   *self,
                        const char *name)
{
  g_return_val_if_fail (FC_IS_CAMERA (self), NULL);
  return self->pipeline ? gst_bin_get_by_name (GST_BIN (self->pipeline), name) : NULL;
}

/* Makes every decode take @delay_ms longer: a slow device, for tests. */
void
_fc_camera_set_decode_delay (FcCamera *self,
                             guint     delay_ms)
{
  g_return_if_fail (FC_IS_CAMERA (self));

  g_mutex_lock (&self->lock);
  self->decode_delay_ms = delay_ms;
  g_mutex_unlock (&self->lock);
}
