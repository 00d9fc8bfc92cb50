/* fc-scan-page.c: reading a tag with the camera, or from a photo
 *
 * The camera's frames come from an FcCamera: the newest RGB frame becomes a
 * GdkMemoryTexture on a GtkPicture, and decoding runs on the camera's own
 * thread. The first code read pauses decoding, shows a check mark and is
 * handed to the window, which resolves it and opens what it names; the same
 * code in front of the lens does not open it twice. Without a camera the page
 * says why and offers a photo instead, which is decoded with every retry of
 * fc_tag_decode_file() on a worker thread.
 *
 * FIELDCHECK_CAMERA_SOURCE, a gst-launch description such as "videotestsrc",
 * replaces the device's camera (for screenshots and benchmarks).
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fc-camera-preview.h"
#include "fc-scan-page.h"
#include "fc-tag-decode.h"

struct _FcScanPage
{
  GtkWidget             parent_instance;

  AdwToastOverlay      *toasts;
  GtkStack             *stack;
  GtkPicture           *picture;
  GtkRevealer          *confirm_revealer;
  GtkLabel             *confirm_label;
  AdwStatusPage        *no_camera_page;

  FcCamera             *camera;
  GCancellable         *cancellable;
  GtkFileChooserNative *chooser;
  guint                 resume_id;
};

G_DEFINE_FINAL_TYPE (FcScanPage, fc_scan_page, GTK_TYPE_WIDGET)

enum {
  CODE_READ,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
toast (FcScanPage *self,
       const char *message)
{
  AdwToast *t = adw_toast_new (message);

  adw_toast_set_timeout (t, 5);
  adw_toast_overlay_add_toast (self->toasts, t);
}

static void
show_no_camera (FcScanPage *self,
                const char *why)
{
  adw_status_page_set_description (self->no_camera_page, why);
  gtk_stack_set_visible_child_name (self->stack, "no-camera");
}

static void
read_code (FcScanPage *self,
           const char *text)
{
  if (self->camera != NULL)
    fc_camera_set_decoding (self->camera, FALSE);
  gtk_label_set_text (self->confirm_label, _("Tag read"));
  gtk_revealer_set_reveal_child (self->confirm_revealer, TRUE);
  g_signal_emit (self, signals[CODE_READ], 0, text);
}

static void
on_code_read_cb (FcCamera   *camera,
                 const char *text,
                 guint64     frame,
                 FcScanPage *self)
{
  /* Decoding pauses with the first code; frames already decoded may follow. */
  if (gtk_revealer_get_reveal_child (self->confirm_revealer))
    return;
  g_debug ("read %s in frame %" G_GUINT64_FORMAT, text, frame);
  read_code (self, text);
}

static void
on_preview_changed_cb (FcCamera   *camera,
                       FcScanPage *self)
{
  fc_camera_preview_show (camera, self->picture);
}

static void
drop_camera (FcScanPage *self)
{
  fc_camera_preview_release (&self->camera, self);
}

static void
on_failed_cb (FcCamera     *camera,
              const GError *error,
              FcScanPage   *self)
{
  /* Unplugged, say: the next start opens the camera afresh. */
  show_no_camera (self, error->message);
  drop_camera (self);
}

static void
camera_started_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  FcCamera *camera = FC_CAMERA (source);
  g_autoptr(FcScanPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!fc_camera_start_finish (camera, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_debug ("no camera: %s", error->message);
      if (self->camera == camera)
        {
          show_no_camera (self, error->message);
          g_clear_object (&self->camera);
        }
      return;
    }
  if (self->camera != camera)
    {
      fc_camera_stop (camera);
      return;
    }
  gtk_stack_set_visible_child_name (self->stack, "preview");
}

/**
 * fc_scan_page_start:
 * @self: the page
 *
 * Opens the camera (or says there is none) and looks for a code.
 */
void
fc_scan_page_start (FcScanPage *self)
{
  g_return_if_fail (FC_IS_SCAN_PAGE (self));

  g_clear_handle_id (&self->resume_id, g_source_remove);
  gtk_revealer_set_reveal_child (self->confirm_revealer, FALSE);
  if (self->camera != NULL)
    {
      fc_camera_set_decoding (self->camera, TRUE);
      return;
    }
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  self->camera = fc_camera_preview_open ();
  g_signal_connect_object (self->camera, "code-read", G_CALLBACK (on_code_read_cb), self, 0);
  g_signal_connect_object (self->camera, "preview-changed", G_CALLBACK (on_preview_changed_cb),
                           self, 0);
  g_signal_connect_object (self->camera, "failed", G_CALLBACK (on_failed_cb), self, 0);
  gtk_picture_set_paintable (self->picture, NULL);
  gtk_stack_set_visible_child_name (self->stack, "starting");
  fc_camera_start_async (self->camera, self->cancellable, camera_started_cb, g_object_ref (self));
}

/**
 * fc_scan_page_stop:
 * @self: the page
 *
 * Releases the camera, so another application (or a photo) can have it.
 */
void
fc_scan_page_stop (FcScanPage *self)
{
  g_return_if_fail (FC_IS_SCAN_PAGE (self));

  g_clear_handle_id (&self->resume_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  drop_camera (self);
  gtk_picture_set_paintable (self->picture, NULL);
}

static gboolean
resume_cb (gpointer data)
{
  FcScanPage *self = data;

  self->resume_id = 0;
  fc_scan_page_start (self);
  return G_SOURCE_REMOVE;
}

/**
 * fc_scan_page_resume_later:
 * @self: the page
 *
 * Looks for a code again after a pause, when the last one led nowhere (the
 * window could not resolve it): the same code in view is not read again at
 * once, over and over.
 */
void
fc_scan_page_resume_later (FcScanPage *self)
{
  g_return_if_fail (FC_IS_SCAN_PAGE (self));

  g_clear_handle_id (&self->resume_id, g_source_remove);
  self->resume_id = g_timeout_add_seconds (3, resume_cb, self);
}

/**
 * fc_scan_page_confirm:
 * @self: the page
 * @title: what the code named, such as the equipment's name
 */
void
fc_scan_page_confirm (FcScanPage *self,
                      const char *title)
{
  g_return_if_fail (FC_IS_SCAN_PAGE (self));

  gtk_label_set_text (self->confirm_label, title);
  gtk_revealer_set_reveal_child (self->confirm_revealer, TRUE);
}

/* Returns: "starting", "preview" or "no-camera" */
const char *
fc_scan_page_get_state (FcScanPage *self)
{
  g_return_val_if_fail (FC_IS_SCAN_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

/* Returns: (transfer none) (nullable): the camera while the page has one, for tests and benchmarks */
FcCamera *
fc_scan_page_get_camera (FcScanPage *self)
{
  g_return_val_if_fail (FC_IS_SCAN_PAGE (self), NULL);
  return self->camera;
}

static void
decode_file_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  GError *error = NULL;
  GStrv texts = fc_tag_decode_file (task_data, &error);

  if (texts == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, texts, (GDestroyNotify) g_strfreev);
}

static void
file_decoded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  FcScanPage *self = FC_SCAN_PAGE (source);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) texts = g_task_propagate_pointer (G_TASK (result), &error);

  if (texts == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }
  /* A photo of one tag holds one code; of a sheet, the first is as good as any. */
  read_code (self, texts[0]);
}

/**
 * fc_scan_page_scan_file:
 * @self: the page
 * @file: a photo of a tag
 *
 * Reads the tag from a photo on a worker thread, retrying at other scales and
 * turns; a photo without a readable code says so in a toast.
 */
void
fc_scan_page_scan_file (FcScanPage *self,
                        GFile      *file)
{
  g_autoptr(GTask) task = NULL;
  char *path;

  g_return_if_fail (FC_IS_SCAN_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  path = g_file_get_path (file);
  if (path == NULL)
    {
      toast (self, _("Only photos saved on this device can be read"));
      return;
    }
  if (self->cancellable == NULL)
    self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, file_decoded_cb, NULL);
  g_task_set_source_tag (task, fc_scan_page_scan_file);
  g_task_set_task_data (task, path, g_free);
  g_task_run_in_thread (task, decode_file_thread);
}

static void
on_chooser_response_cb (GtkNativeDialog *chooser,
                        int              response,
                        FcScanPage      *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        fc_scan_page_scan_file (self, file);
    }
  g_clear_object (&self->chooser);
}

static void
photo_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  FcScanPage *self = FC_SCAN_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;
  gtk_file_filter_set_name (filter, _("Photos and images"));
  gtk_file_filter_add_pixbuf_formats (filter);
  self->chooser = gtk_file_chooser_native_new (_("Scan a Tag from a Photo"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Scan"), NULL);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
fc_scan_page_dispose (GObject *object)
{
  FcScanPage *self = FC_SCAN_PAGE (object);

  g_clear_handle_id (&self->resume_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  drop_camera (self);
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), FC_TYPE_SCAN_PAGE);
  G_OBJECT_CLASS (fc_scan_page_parent_class)->dispose (object);
}

static void
fc_scan_page_class_init (FcScanPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = fc_scan_page_dispose;

  /**
   * FcScanPage::code-read:
   * @text: the text of the code, not yet checked as a tag
   */
  signals[CODE_READ] = g_signal_new ("code-read", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/fieldcheck/Fieldcheck/fc-scan-page.ui");
  /* GTK 4.8 animates a spinner its stack no longer shows, which keeps the
   * frame clock ticking: it spins while it is on screen only. */
  gtk_widget_class_bind_template_callback_full (widget_class, "gtk_spinner_start",
                                                G_CALLBACK (gtk_spinner_start));
  gtk_widget_class_bind_template_callback_full (widget_class, "gtk_spinner_stop",
                                                G_CALLBACK (gtk_spinner_stop));
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, FcScanPage, toasts);
  gtk_widget_class_bind_template_child (widget_class, FcScanPage, stack);
  gtk_widget_class_bind_template_child (widget_class, FcScanPage, picture);
  gtk_widget_class_bind_template_child (widget_class, FcScanPage, confirm_revealer);
  gtk_widget_class_bind_template_child (widget_class, FcScanPage, confirm_label);
  gtk_widget_class_bind_template_child (widget_class, FcScanPage, no_camera_page);
  gtk_widget_class_install_action (widget_class, "scan.photo", NULL, photo_action);
}

static void
fc_scan_page_init (FcScanPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
