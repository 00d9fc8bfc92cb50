/* fc-photo-viewer.c: one photo, full screen, zoomed and drawn on
 *
 * The photo is read and decoded on the store's worker thread, turned as its
 * EXIF orientation says, together with its latest drawing layer. Pinch or
 * scroll to zoom; "Draw" shows the tools. Saving stores the layer as a new
 * revision (fc_photo_annotation_save()); the photo's bytes are never changed.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fc-photo-annotation.h"
#include "fc-photo-decode.h"
#include "fc-photo-viewer.h"
#include "fc-photos.h"

/* The long edge decoded for the screen: sharp at full screen and zoomed in. */
#define VIEW_EDGE 2560

struct _FcPhotoViewer
{
  AdwWindow           parent_instance;

  AdwWindowTitle     *title;
  GtkWidget          *save_button;
  GtkToggleButton    *draw_button;
  AdwToastOverlay    *toasts;
  FcAnnotationEditor *editor;
  GtkSpinner         *spinner;
  GtkRevealer        *tools_revealer;
  GtkToggleButton    *circle_button;
  GtkToggleButton    *arrow_button;
  GtkToggleButton    *stroke_button;
  GtkToggleButton    *text_button;
  GtkEntry           *label_entry;

  FcStoreService     *service;
  GCancellable       *cancellable;
  char               *photo_id;
  guint               busy;
  gboolean            close_after_save;
};

G_DEFINE_FINAL_TYPE (FcPhotoViewer, fc_photo_viewer, ADW_TYPE_WINDOW)

typedef struct
{
  GdkTexture   *texture;
  FcAnnotation *layer;
  char         *subtitle;
} Shown;

static void
shown_free (Shown *shown)
{
  g_clear_object (&shown->texture);
  g_clear_pointer (&shown->layer, fc_annotation_free);
  g_free (shown->subtitle);
  g_free (shown);
}

/* On the store's worker thread. */
static gpointer
load_job (FcStore   *store,
          gpointer   data,
          GError   **error)
{
  const char *photo_id = data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(FcPixels) stored = NULL;
  g_autoptr(FcPixels) oriented = NULL;
  g_autoptr(FcPixels) shown_pixels = NULL;
  g_autoptr(GBytes) rgb = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_auto(FcPhotoInfo) info = { 0 };
  const char *taken_at;
  Shown *shown;
  gsize size;

  record = fc_photos_get (store, photo_id, error);
  if (record == NULL)
    return NULL;
  bytes = fc_photos_load (store, photo_id, error);
  if (bytes == NULL)
    return NULL;
  stored = fc_photo_decode (bytes, VIEW_EDGE, &info, error);
  if (stored == NULL)
    return NULL;
  oriented = fc_pixels_orient (stored, info.orientation);
  if (oriented != NULL)
    shown_pixels = fc_pixels_scale_to_fit (oriented, VIEW_EDGE);
  if (shown_pixels == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("There is not enough memory to show this photo; close other apps and try again"));
      return NULL;
    }

  shown = g_new0 (Shown, 1);
  size = (gsize) shown_pixels->width * shown_pixels->height * 3;
  rgb = g_bytes_new_take (g_steal_pointer (&shown_pixels->data), size);
  shown->texture = gdk_memory_texture_new (shown_pixels->width, shown_pixels->height,
                                           GDK_MEMORY_R8G8B8, rgb, (gsize) shown_pixels->width * 3);
  shown->layer = fc_photo_annotation_load (store, photo_id, NULL, error);
  if (shown->layer == NULL)
    {
      shown_free (shown);
      return NULL;
    }
  taken_at = json_object_get_string_member_with_default (record, "taken_at", NULL);
  if (taken_at != NULL)
    /* Translators: under the viewer's title: width × height · when it was taken */
    shown->subtitle = g_strdup_printf (_("%u × %u · %s"), info.width, info.height, taken_at);
  else
    /* Translators: under the viewer's title: width × height */
    shown->subtitle = g_strdup_printf (_("%u × %u"), info.width, info.height);
  return shown;
}

static void
update_save (FcPhotoViewer *self)
{
  gtk_widget_set_visible (self->save_button,
                          gtk_toggle_button_get_active (self->draw_button) ||
                          fc_annotation_editor_get_modified (self->editor));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.save",
                                 self->busy == 0 && fc_annotation_editor_get_modified (self->editor));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.undo", self->busy == 0);
}

static void
set_busy (FcPhotoViewer *self,
          gboolean       busy)
{
  if (busy)
    self->busy++;
  else
    self->busy--;
  gtk_spinner_set_spinning (self->spinner, self->busy > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy > 0);
  update_save (self);
}

static void
toast (FcPhotoViewer *self,
       const char    *message)
{
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (message));
}

static void
load_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(FcPhotoViewer) self = user_data;
  g_autoptr(GError) error = NULL;
  Shown *shown = fc_store_service_run_finish (FC_STORE_SERVICE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (shown == NULL)
    {
      toast (self, error->message);
      return;
    }
  fc_annotation_editor_set_photo (self->editor, shown->texture, g_steal_pointer (&shown->layer));
  adw_window_title_set_subtitle (self->title, shown->subtitle);
  shown_free (shown);
  update_save (self);
}

typedef struct
{
  char *photo_id;
  char *layer_json;
} Save;

static void
save_free (Save *save)
{
  g_free (save->photo_id);
  g_free (save->layer_json);
  g_free (save);
}

static gpointer
save_job (FcStore   *store,
          gpointer   data,
          GError   **error)
{
  Save *save = data;
  g_autoptr(FcAnnotation) layer = fc_annotation_from_json (save->layer_json, error);

  if (layer == NULL)
    return NULL;
  return fc_photo_annotation_save (store, save->photo_id, layer, error);
}

static void
save_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(FcPhotoViewer) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *revision = fc_store_service_run_finish (FC_STORE_SERVICE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (revision == NULL)
    {
      self->close_after_save = FALSE;
      toast (self, error->message);
      return;
    }
  g_debug ("annotation of %s saved as %s", self->photo_id, revision);
  fc_annotation_editor_set_modified (self->editor, FALSE);
  update_save (self);
  if (self->close_after_save)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  toast (self, _("Drawing saved; the photo itself is unchanged"));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FcPhotoViewer *self = FC_PHOTO_VIEWER (widget);
  Save *save;

  if (self->busy > 0 || !fc_annotation_editor_get_modified (self->editor))
    return;
  save = g_new0 (Save, 1);
  save->photo_id = g_strdup (self->photo_id);
  save->layer_json = fc_annotation_to_json (fc_annotation_editor_get_layer (self->editor));
  set_busy (self, TRUE);
  fc_store_service_run_async (self->service, save_job, save, (GDestroyNotify) save_free, g_free,
                              self->cancellable, save_done, g_object_ref (self));
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FcPhotoViewer *self = FC_PHOTO_VIEWER (widget);

  fc_annotation_editor_undo (self->editor);
  update_save (self);
}

static void
on_tool_toggled_cb (FcPhotoViewer *self)
{
  FcAnnotationTool tool = FC_ANNOTATION_TOOL_NONE;

  if (gtk_toggle_button_get_active (self->circle_button))
    tool = FC_ANNOTATION_TOOL_CIRCLE;
  else if (gtk_toggle_button_get_active (self->arrow_button))
    tool = FC_ANNOTATION_TOOL_ARROW;
  else if (gtk_toggle_button_get_active (self->stroke_button))
    tool = FC_ANNOTATION_TOOL_STROKE;
  else if (gtk_toggle_button_get_active (self->text_button))
    tool = FC_ANNOTATION_TOOL_TEXT;
  if (!gtk_toggle_button_get_active (self->draw_button))
    tool = FC_ANNOTATION_TOOL_NONE;
  fc_annotation_editor_set_tool (self->editor, tool);
  gtk_widget_set_sensitive (GTK_WIDGET (self->label_entry), tool == FC_ANNOTATION_TOOL_TEXT);
  if (tool == FC_ANNOTATION_TOOL_TEXT)
    gtk_widget_grab_focus (GTK_WIDGET (self->label_entry));
}

static void
on_draw_toggled_cb (FcPhotoViewer *self)
{
  gboolean drawing = gtk_toggle_button_get_active (self->draw_button);

  gtk_revealer_set_reveal_child (self->tools_revealer, drawing);
  on_tool_toggled_cb (self);
  update_save (self);
}

static void
on_label_changed_cb (FcPhotoViewer *self)
{
  fc_annotation_editor_set_label (self->editor, gtk_editable_get_text (GTK_EDITABLE (self->label_entry)));
}

/* Drawn after the last save, every shape counts: ask before it is lost. */
static void
on_discard_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        FcPhotoViewer    *self)
{
  if (g_strcmp0 (response, "save") == 0)
    {
      self->close_after_save = TRUE;
      gtk_widget_activate_action (GTK_WIDGET (self), "viewer.save", NULL);
    }
  else if (g_strcmp0 (response, "discard") == 0)
    {
      fc_annotation_editor_set_modified (self->editor, FALSE);
      gtk_window_destroy (GTK_WINDOW (self));
    }
}

static gboolean
fc_photo_viewer_close_request (GtkWindow *window)
{
  FcPhotoViewer *self = FC_PHOTO_VIEWER (window);
  GtkWidget *dialog;

  if (!fc_annotation_editor_get_modified (self->editor))
    return GTK_WINDOW_CLASS (fc_photo_viewer_parent_class)->close_request (window);

  dialog = adw_message_dialog_new (window, _("Save the Drawing?"),
                                   _("What you drew on this photo since it was last saved will be "
                                     "lost otherwise."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep Drawing"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_discard_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

static void
fc_photo_viewer_dispose (GObject *object)
{
  FcPhotoViewer *self = FC_PHOTO_VIEWER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->service);
  gtk_widget_dispose_template (GTK_WIDGET (object), FC_TYPE_PHOTO_VIEWER);
  G_OBJECT_CLASS (fc_photo_viewer_parent_class)->dispose (object);
}

static void
fc_photo_viewer_finalize (GObject *object)
{
  FcPhotoViewer *self = FC_PHOTO_VIEWER (object);

  g_free (self->photo_id);
  G_OBJECT_CLASS (fc_photo_viewer_parent_class)->finalize (object);
}

static void
fc_photo_viewer_class_init (FcPhotoViewerClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = fc_photo_viewer_dispose;
  G_OBJECT_CLASS (klass)->finalize = fc_photo_viewer_finalize;
  GTK_WINDOW_CLASS (klass)->close_request = fc_photo_viewer_close_request;

  g_type_ensure (FC_TYPE_ANNOTATION_EDITOR);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/fieldcheck/Fieldcheck/fc-photo-viewer.ui");
  gtk_widget_class_bind_template_child (widget_class, FcPhotoViewer, title);
  gtk_widget_class_bind_template_child (widget_class, FcPhotoViewer, save_button);
  gtk_widget_class_bind_template_child (widget_class, FcPhotoViewer, draw_button);
  gtk_widget_class_bind_template_child (widget_class, FcPhotoViewer, toasts);
  gtk_widget_class_bind_template_child (widget_class, FcPhotoViewer, editor);
  gtk_widget_class_bind_template_child (widget_class, FcPhotoViewer, spinner);
  gtk_widget_class_bind_template_child (widget_class, FcPhotoViewer, tools_revealer);
  gtk_widget_class_bind_template_child (widget_class, FcPhotoViewer, circle_button);
  gtk_widget_class_bind_template_child (widget_class, FcPhotoViewer, arrow_button);
  gtk_widget_class_bind_template_child (widget_class, FcPhotoViewer, stroke_button);
  gtk_widget_class_bind_template_child (widget_class, FcPhotoViewer, text_button);
  gtk_widget_class_bind_template_child (widget_class, FcPhotoViewer, label_entry);
  gtk_widget_class_bind_template_callback (widget_class, on_tool_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_draw_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_label_changed_cb);

  gtk_widget_class_install_action (widget_class, "viewer.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "viewer.undo", NULL, undo_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "viewer.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "viewer.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
fc_photo_viewer_init (FcPhotoViewer *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  g_signal_connect_object (self->editor, "notify::modified", G_CALLBACK (update_save), self,
                           G_CONNECT_SWAPPED);
  gtk_toggle_button_set_active (self->arrow_button, TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->label_entry), FALSE);
  update_save (self);
}

/**
 * fc_photo_viewer_new:
 * @parent: the window it covers
 * @service: the store service the photo is read and its drawing saved through
 * @photo_id: the photo
 *
 * Returns: (transfer none): the viewer, shown; it closes itself
 */
FcPhotoViewer *
fc_photo_viewer_new (GtkWindow      *parent,
                     FcStoreService *service,
                     const char     *photo_id)
{
  FcPhotoViewer *self;

  g_return_val_if_fail (FC_IS_STORE_SERVICE (service), NULL);
  g_return_val_if_fail (photo_id != NULL, NULL);

  self = g_object_new (FC_TYPE_PHOTO_VIEWER, "transient-for", parent, NULL);
  /* Full screen on the device: as large as the window it covers, even where
   * no window manager maximises it. */
  if (parent != NULL && gtk_widget_get_width (GTK_WIDGET (parent)) > 0)
    gtk_window_set_default_size (GTK_WINDOW (self), gtk_widget_get_width (GTK_WIDGET (parent)),
                                 gtk_widget_get_height (GTK_WIDGET (parent)));
  self->service = g_object_ref (service);
  self->photo_id = g_strdup (photo_id);
  set_busy (self, TRUE);
  fc_store_service_run_async (service, load_job, g_strdup (photo_id), g_free,
                              (GDestroyNotify) shown_free, self->cancellable, load_done,
                              g_object_ref (self));
  gtk_window_maximize (GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (self));
  return self;
}

const char *
fc_photo_viewer_get_photo_id (FcPhotoViewer *self)
{
  g_return_val_if_fail (FC_IS_PHOTO_VIEWER (self), NULL);
  return self->photo_id;
}

gboolean
fc_photo_viewer_is_loading (FcPhotoViewer *self)
{
  g_return_val_if_fail (FC_IS_PHOTO_VIEWER (self), FALSE);
  return self->busy > 0;
}

FcAnnotationEditor *
fc_photo_viewer_get_editor (FcPhotoViewer *self)
{
  g_return_val_if_fail (FC_IS_PHOTO_VIEWER (self), NULL);
  return self->editor;
}

/* Shows or hides the drawing tools, as the "Draw" button does. */
void
fc_photo_viewer_set_drawing (FcPhotoViewer *self,
                             gboolean       drawing)
{
  g_return_if_fail (FC_IS_PHOTO_VIEWER (self));
  gtk_toggle_button_set_active (self->draw_button, drawing);
}
