/* fc-photo-strip.c: the photos of an answer or a hazard, as a row of thumbnails
 *
 * The strip asks the store service for the photos' records and their cached
 * thumbnails, decoded on the worker thread at the size they are shown, so the
 * main loop never reads a file and 200 photos cost little memory. Each
 * thumbnail is a button large enough for a gloved finger; the strip only
 * shows, and says through signals when a photo is opened or one is to be
 * added from a file or taken with the camera: the window runs the file
 * chooser and the import, and says what a photo taken is attached to with
 * fc_photo_strip_capture(), which opens the capture window.
 *
 * A strip shows the photos of an item's answer, of one thing (a hazard, its
 * acceptance), or one side of a hazard's rectification evidence: "before"
 * (its defect photos, or those taken as before) or "after".
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fc-capture-window.h"
#include "fc-photo-strip.h"
#include "fc-photos.h"

/* The thumbnails' edge on screen, and the pixels decoded for it (for scale 2). */
#define TILE_SIZE   96
#define DECODE_SIZE (2 * TILE_SIZE)

struct _FcPhotoStrip
{
  GtkWidget       parent_instance;

  GtkWidget      *box;
  GtkWidget      *add_button;
  GtkWidget      *take_button;
  GtkLabel       *title_label;
  GtkLabel       *hint_label;
  GtkFlowBox     *flow;
  GtkWidget      *empty_label;

  FcStoreService *service;
  GCancellable   *cancellable;
  char           *inspection_id;
  char           *item_id;
  char           *attached_kind;
  char           *attached_id;
  char           *rectification_side;
  GPtrArray      *photo_ids;
  gboolean        loading;
  char           *hint;
};

G_DEFINE_FINAL_TYPE (FcPhotoStrip, fc_photo_strip, GTK_TYPE_WIDGET)

enum {
  ADD_PHOTO,
  TAKE_PHOTO,
  PHOTO_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  char       *photo_id;
  GdkTexture *texture;   /* NULL when the photo's bytes are not on this device */
} Tile;

static void
tile_free (Tile *tile)
{
  g_free (tile->photo_id);
  g_clear_object (&tile->texture);
  g_free (tile);
}

typedef struct
{
  char *inspection_id;
  char *item_id;
  char *attached_kind;
  char *attached_id;
  char *rectification_side;
} Request;

static void
request_free (Request *request)
{
  g_free (request->inspection_id);
  g_free (request->item_id);
  g_free (request->attached_kind);
  g_free (request->attached_id);
  g_free (request->rectification_side);
  g_free (request);
}

static GdkTexture *
load_thumbnail (FcStore    *store,
                const char *photo_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = fc_photos_thumbnail (store, photo_id, &error);
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GdkPixbuf) middle = NULL;
  g_autoptr(GdkPixbuf) square = NULL;
  int w, h, edge;

  if (path != NULL)
    pixbuf = gdk_pixbuf_new_from_file (path, &error);
  if (pixbuf == NULL)
    {
      g_debug ("No thumbnail for photo %s: %s", photo_id, error->message);
      return NULL;
    }
  /* The middle square, as the tile shows it: nothing decoded is wasted. */
  w = gdk_pixbuf_get_width (pixbuf);
  h = gdk_pixbuf_get_height (pixbuf);
  edge = MIN (w, h);
  middle = gdk_pixbuf_new_subpixbuf (pixbuf, (w - edge) / 2, (h - edge) / 2, edge, edge);
  square = gdk_pixbuf_scale_simple (middle, MIN (edge, DECODE_SIZE), MIN (edge, DECODE_SIZE),
                                    GDK_INTERP_BILINEAR);
  return square != NULL ? gdk_texture_new_for_pixbuf (square) : NULL;
}

/* On the store's worker thread. */
static gpointer
load_job (FcStore   *store,
          gpointer   data,
          GError   **error)
{
  Request *request = data;
  g_autoptr(JsonArray) photos = NULL;
  g_autoptr(GPtrArray) tiles = g_ptr_array_new_with_free_func ((GDestroyNotify) tile_free);

  if (request->item_id != NULL)
    photos = fc_photos_list_for_item (store, request->inspection_id, request->item_id, error);
  else if (request->rectification_side != NULL)
    {
      g_autoptr(JsonArray) pairs = fc_photos_rectification_pairs (store, request->attached_id, error);

      if (pairs == NULL)
        return NULL;
      photos = json_array_new ();
      for (guint i = 0; i < json_array_get_length (pairs); i++)
        {
          JsonObject *pair = json_array_get_object_element (pairs, i);

          if (!json_object_get_null_member (pair, request->rectification_side))
            json_array_add_object_element (photos, json_object_ref (
              json_object_get_object_member (pair, request->rectification_side)));
        }
    }
  else
    photos = fc_photos_list (store, request->attached_kind, request->attached_id, error);
  if (photos == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (photos); i++)
    {
      JsonObject *photo = json_array_get_object_element (photos, i);
      Tile *tile = g_new0 (Tile, 1);

      tile->photo_id = g_strdup (json_object_get_string_member (photo, "id"));
      tile->texture = load_thumbnail (store, tile->photo_id);
      g_ptr_array_add (tiles, tile);
    }
  return g_steal_pointer (&tiles);
}

static void
on_tile_clicked_cb (GtkButton    *button,
                    FcPhotoStrip *self)
{
  const char *photo_id = g_object_get_data (G_OBJECT (button), "fc-photo-id");

  g_signal_emit (self, signals[PHOTO_ACTIVATED], 0, photo_id);
}

static GtkWidget *
tile_new (FcPhotoStrip *self,
          Tile         *tile,
          guint         position)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *picture;
  /* Translators: the accessible name of a thumbnail: photo 3 */
  g_autofree char *label = g_strdup_printf (_("Photo %u"), position);

  if (tile->texture != NULL)
    {
      picture = gtk_image_new_from_paintable (GDK_PAINTABLE (tile->texture));
      gtk_image_set_pixel_size (GTK_IMAGE (picture), TILE_SIZE);
    }
  else
    {
      picture = gtk_image_new_from_icon_name ("image-missing-symbolic");
      gtk_image_set_pixel_size (GTK_IMAGE (picture), TILE_SIZE / 2);
      gtk_widget_set_tooltip_text (button, _("This photo is not on this device yet; sync to fetch it"));
    }
  gtk_widget_set_size_request (button, TILE_SIZE, TILE_SIZE);
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_set_valign (button, GTK_ALIGN_START);
  gtk_widget_add_css_class (button, "photo-tile");
  gtk_widget_add_css_class (button, "flat");
  gtk_button_set_child (GTK_BUTTON (button), picture);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data_full (G_OBJECT (button), "fc-photo-id", g_strdup (tile->photo_id), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (on_tile_clicked_cb), self);
  return button;
}

static void
update_hint (FcPhotoStrip *self)
{
  gtk_label_set_text (self->hint_label, self->hint ? self->hint : "");
  gtk_widget_set_visible (GTK_WIDGET (self->hint_label),
                          self->hint != NULL && !self->loading && self->photo_ids->len == 0);
}

static void
remove_tiles (FcPhotoStrip *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->flow))) != NULL)
    gtk_flow_box_remove (self->flow, child);
  g_ptr_array_set_size (self->photo_ids, 0);
}

/* Another thing's photos must not show under this one; "No photos yet", when
 * it shows, stays until this one's are known, so moving between things
 * without photos lays the strip out once. */
static void
drop_tiles (FcPhotoStrip *self)
{
  if (self->photo_ids->len == 0)
    return;
  remove_tiles (self);
  gtk_widget_set_visible (GTK_WIDGET (self->flow), FALSE);
}

static void
load_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(FcPhotoStrip) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tiles = fc_store_service_run_finish (FC_STORE_SERVICE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->loading = FALSE;
  remove_tiles (self);
  if (tiles == NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->empty_label), error->message);
      gtk_widget_set_visible (self->empty_label, TRUE);
      return;
    }
  for (guint i = 0; i < tiles->len; i++)
    {
      Tile *tile = tiles->pdata[i];

      gtk_flow_box_append (self->flow, tile_new (self, tile, i + 1));
      g_ptr_array_add (self->photo_ids, g_strdup (tile->photo_id));
    }
  gtk_label_set_text (GTK_LABEL (self->empty_label), _("No photos yet"));
  gtk_widget_set_visible (self->empty_label, tiles->len == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->flow), tiles->len > 0);
  update_hint (self);
}

static void
on_add_clicked_cb (FcPhotoStrip *self)
{
  g_signal_emit (self, signals[ADD_PHOTO], 0);
}

static void
take_photo_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  g_signal_emit (widget, signals[TAKE_PHOTO], 0);
}

static void
fc_photo_strip_dispose (GObject *object)
{
  FcPhotoStrip *self = FC_PHOTO_STRIP (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->service);
  gtk_widget_dispose_template (GTK_WIDGET (object), FC_TYPE_PHOTO_STRIP);
  G_OBJECT_CLASS (fc_photo_strip_parent_class)->dispose (object);
}

static void
fc_photo_strip_finalize (GObject *object)
{
  FcPhotoStrip *self = FC_PHOTO_STRIP (object);

  g_free (self->inspection_id);
  g_free (self->item_id);
  g_free (self->attached_kind);
  g_free (self->attached_id);
  g_free (self->rectification_side);
  g_free (self->hint);
  g_ptr_array_unref (self->photo_ids);
  G_OBJECT_CLASS (fc_photo_strip_parent_class)->finalize (object);
}

static void
fc_photo_strip_class_init (FcPhotoStripClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fc_photo_strip_dispose;
  object_class->finalize = fc_photo_strip_finalize;

  /**
   * FcPhotoStrip::add-photo:
   *
   * The "Add Photo" button was pressed.
   */
  signals[ADD_PHOTO] = g_signal_new ("add-photo", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * FcPhotoStrip::photo-activated:
   * @photo_id: the photo
   *
   * A thumbnail was pressed: show the photo.
   */
  /**
   * FcPhotoStrip::take-photo:
   *
   * "Take Photo" was pressed: say what the photo is for with fc_photo_strip_capture().
   */
  signals[TAKE_PHOTO] = g_signal_new ("take-photo", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[PHOTO_ACTIVATED] = g_signal_new ("photo-activated", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                           1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/fieldcheck/Fieldcheck/fc-photo-strip.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, FcPhotoStrip, box);
  gtk_widget_class_bind_template_child (widget_class, FcPhotoStrip, add_button);
  gtk_widget_class_bind_template_child (widget_class, FcPhotoStrip, take_button);
  gtk_widget_class_bind_template_child (widget_class, FcPhotoStrip, title_label);
  gtk_widget_class_bind_template_child (widget_class, FcPhotoStrip, hint_label);
  gtk_widget_class_bind_template_child (widget_class, FcPhotoStrip, flow);
  gtk_widget_class_bind_template_child (widget_class, FcPhotoStrip, empty_label);
  gtk_widget_class_bind_template_callback (widget_class, on_add_clicked_cb);
  gtk_widget_class_install_action (widget_class, "strip.take-photo", NULL, take_photo_action);
}

static void
fc_photo_strip_init (FcPhotoStrip *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->photo_ids = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_set_visible (GTK_WIDGET (self->flow), FALSE);
}

/**
 * fc_photo_strip_set_service:
 * @self: the strip
 * @service: the store service its thumbnails are read through
 */
void
fc_photo_strip_set_service (FcPhotoStrip   *self,
                            FcStoreService *service)
{
  g_return_if_fail (FC_IS_PHOTO_STRIP (self));
  g_set_object (&self->service, service);
}

static void
load (FcPhotoStrip *self)
{
  Request *request;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->service == NULL || (self->item_id == NULL && self->attached_id == NULL))
    return;

  request = g_new0 (Request, 1);
  request->inspection_id = g_strdup (self->inspection_id);
  request->item_id = g_strdup (self->item_id);
  request->attached_kind = g_strdup (self->attached_kind);
  request->attached_id = g_strdup (self->attached_id);
  request->rectification_side = g_strdup (self->rectification_side);
  self->cancellable = g_cancellable_new ();
  self->loading = TRUE;
  fc_store_service_run_async (self->service, load_job, request, (GDestroyNotify) request_free,
                              (GDestroyNotify) g_ptr_array_unref, self->cancellable, load_done,
                              g_object_ref (self));
}

static void
forget (FcPhotoStrip *self)
{
  g_clear_pointer (&self->inspection_id, g_free);
  g_clear_pointer (&self->item_id, g_free);
  g_clear_pointer (&self->attached_kind, g_free);
  g_clear_pointer (&self->attached_id, g_free);
  g_clear_pointer (&self->rectification_side, g_free);
}

/**
 * fc_photo_strip_show_item:
 * @self: the strip
 * @inspection_id: an inspection
 * @item_id: one of its items
 *
 * Shows the photos of every revision of the item's answer.
 */
void
fc_photo_strip_show_item (FcPhotoStrip *self,
                          const char   *inspection_id,
                          const char   *item_id)
{
  g_return_if_fail (FC_IS_PHOTO_STRIP (self));
  g_return_if_fail (inspection_id != NULL && item_id != NULL);

  if (g_strcmp0 (self->inspection_id, inspection_id) != 0 || g_strcmp0 (self->item_id, item_id) != 0)
    drop_tiles (self);
  forget (self);
  self->inspection_id = g_strdup (inspection_id);
  self->item_id = g_strdup (item_id);
  load (self);
}

/**
 * fc_photo_strip_show_attached:
 * @self: the strip
 * @attached_kind: result, hazard, acceptance or equipment
 * @attached_id: the thing's id
 */
void
fc_photo_strip_show_attached (FcPhotoStrip *self,
                              const char   *attached_kind,
                              const char   *attached_id)
{
  g_return_if_fail (FC_IS_PHOTO_STRIP (self));
  g_return_if_fail (attached_kind != NULL && attached_id != NULL);

  forget (self);
  self->attached_kind = g_strdup (attached_kind);
  self->attached_id = g_strdup (attached_id);
  load (self);
}

/**
 * fc_photo_strip_show_rectification:
 * @self: the strip
 * @hazard_id: a hazard
 * @side: "before" or "after", as fc_photos_rectification_pairs() pairs them
 */
void
fc_photo_strip_show_rectification (FcPhotoStrip *self,
                                   const char   *hazard_id,
                                   const char   *side)
{
  g_return_if_fail (FC_IS_PHOTO_STRIP (self));
  g_return_if_fail (hazard_id != NULL);
  g_return_if_fail (g_strcmp0 (side, "before") == 0 || g_strcmp0 (side, "after") == 0);

  if (g_strcmp0 (self->attached_id, hazard_id) != 0 || g_strcmp0 (self->rectification_side, side) != 0)
    drop_tiles (self);
  forget (self);
  self->attached_kind = g_strdup ("hazard");
  self->attached_id = g_strdup (hazard_id);
  self->rectification_side = g_strdup (side);
  load (self);
}

static void
on_captured_cb (FcCaptureWindow *capture,
                const char      *photo_id,
                FcPhotoStrip    *self)
{
  load (self);
}

/**
 * fc_photo_strip_capture:
 * @self: the strip
 * @attached_kind: result, hazard or acceptance
 * @attached_id: the thing a photo taken is attached to
 * @purpose: defect, before or after
 *
 * Opens the capture window over the strip's window; each photo taken there
 * is kept, attached to @attached_id, and the strip shows it.
 *
 * Returns: (transfer none) (nullable): the capture window, or %NULL without a
 *   store service
 */
FcCaptureWindow *
fc_photo_strip_capture (FcPhotoStrip *self,
                        const char   *attached_kind,
                        const char   *attached_id,
                        const char   *purpose)
{
  FcCaptureWindow *capture;
  GtkRoot *root;

  g_return_val_if_fail (FC_IS_PHOTO_STRIP (self), NULL);

  if (self->service == NULL)
    return NULL;
  root = gtk_widget_get_root (GTK_WIDGET (self));
  capture = fc_capture_window_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->service,
                                   attached_kind, attached_id, purpose);
  g_signal_connect_object (capture, "captured", G_CALLBACK (on_captured_cb), self, 0);
  return capture;
}

/* Shows no photos, for a thing that does not exist yet. */
void
fc_photo_strip_clear (FcPhotoStrip *self)
{
  g_return_if_fail (FC_IS_PHOTO_STRIP (self));

  g_cancellable_cancel (self->cancellable);
  forget (self);
  remove_tiles (self);
  self->loading = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->flow), FALSE);
  gtk_widget_set_visible (self->empty_label, TRUE);
  update_hint (self);
}

/* Reads the photos again, after one was added. */
void
fc_photo_strip_reload (FcPhotoStrip *self)
{
  g_return_if_fail (FC_IS_PHOTO_STRIP (self));
  load (self);
}

/**
 * fc_photo_strip_set_hint:
 * @self: the strip
 * @hint: (nullable): what to say while there is no photo, e.g. that a failed
 *   item asks for one; %NULL for nothing
 */
void
fc_photo_strip_set_hint (FcPhotoStrip *self,
                         const char   *hint)
{
  g_return_if_fail (FC_IS_PHOTO_STRIP (self));

  g_free (self->hint);
  self->hint = g_strdup (hint);
  update_hint (self);
}

void
fc_photo_strip_set_can_add (FcPhotoStrip *self,
                            gboolean      can_add)
{
  g_return_if_fail (FC_IS_PHOTO_STRIP (self));
  gtk_widget_set_sensitive (self->add_button, can_add);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "strip.take-photo", can_add);
}

/* For a strip that only shows: no buttons to add a photo. */
void
fc_photo_strip_set_show_add (FcPhotoStrip *self,
                             gboolean      show_add)
{
  g_return_if_fail (FC_IS_PHOTO_STRIP (self));
  gtk_widget_set_visible (self->add_button, show_add);
  gtk_widget_set_visible (self->take_button, show_add);
}

void
fc_photo_strip_set_title (FcPhotoStrip *self,
                          const char   *title)
{
  g_return_if_fail (FC_IS_PHOTO_STRIP (self));
  gtk_label_set_text (self->title_label, title);
}

gboolean
fc_photo_strip_is_loading (FcPhotoStrip *self)
{
  g_return_val_if_fail (FC_IS_PHOTO_STRIP (self), FALSE);
  return self->loading;
}

guint
fc_photo_strip_get_n_photos (FcPhotoStrip *self)
{
  g_return_val_if_fail (FC_IS_PHOTO_STRIP (self), 0);
  return self->photo_ids->len;
}

const char *
fc_photo_strip_get_photo_id (FcPhotoStrip *self,
                             guint         index)
{
  g_return_val_if_fail (FC_IS_PHOTO_STRIP (self), NULL);
  g_return_val_if_fail (index < self->photo_ids->len, NULL);
  return self->photo_ids->pdata[index];
}
