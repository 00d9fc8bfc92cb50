/* fc-photo-render.c: a photo with what is drawn on it, for reports (cairo, no GTK)
 *
 * The photo is decoded from its checked original bytes at a size fit for
 * print, turned by its EXIF orientation, fitted into the box the caller gives
 * and centred; then its newest annotation layer is drawn over it. Nothing is
 * written back: the original stays as it was taken.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "fc-error.h"
#include "fc-photo-decode.h"
#include "fc-photo-render.h"
#include "fc-photos.h"

/* Enough pixels for a photo printed across an A4 page at 200 dpi. */
#define RENDER_EDGE 1600

static void
set_color (cairo_t *cr,
           guint32  color)
{
  cairo_set_source_rgb (cr, ((color >> 16) & 0xff) / 255.0, ((color >> 8) & 0xff) / 255.0,
                        (color & 0xff) / 255.0);
}

static double
at (const FcShape *shape,
    guint          i)
{
  return g_array_index (shape->points, double, i);
}

static void
draw_label (cairo_t       *cr,
            const FcShape *shape,
            double         width,
            double         height,
            double         edge)
{
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string ("Sans Bold");

  pango_font_description_set_absolute_size (font, shape->size * edge * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_text (layout, shape->text, -1);

  /* A light halo keeps the label readable on any part of the photo. */
  cairo_move_to (cr, at (shape, 0) * width, at (shape, 1) * height);
  pango_cairo_layout_path (cr, layout);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, MAX (1.0, shape->size * edge / 8));
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);
  cairo_move_to (cr, at (shape, 0) * width, at (shape, 1) * height);
  set_color (cr, shape->color);
  pango_cairo_show_layout (cr, layout);
}

/**
 * fc_annotation_draw:
 * @cr: where to draw, with the photo's top-left corner at the origin
 * @layer: what is drawn on the photo
 * @width: the photo's width as drawn
 * @height: the photo's height as drawn
 */
void
fc_annotation_draw (cairo_t            *cr,
                    const FcAnnotation *layer,
                    double              width,
                    double              height)
{
  double edge = MAX (width, height);

  g_return_if_fail (cr != NULL && layer != NULL);

  cairo_save (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint i = 0; i < layer->shapes->len; i++)
    {
      const FcShape *shape = layer->shapes->pdata[i];

      cairo_new_path (cr);
      set_color (cr, shape->color);
      cairo_set_line_width (cr, shape->width * edge);
      switch (shape->kind)
        {
        case FC_SHAPE_CIRCLE:
          cairo_arc (cr, at (shape, 0) * width, at (shape, 1) * height, shape->radius * edge,
                     0, 2 * G_PI);
          cairo_stroke (cr);
          break;
        case FC_SHAPE_ARROW:
          {
            double x1 = at (shape, 0) * width, y1 = at (shape, 1) * height;
            double x2 = at (shape, 2) * width, y2 = at (shape, 3) * height;
            double angle = atan2 (y2 - y1, x2 - x1);
            double head = MAX (4 * shape->width * edge, 0.03 * edge);

            cairo_move_to (cr, x1, y1);
            cairo_line_to (cr, x2, y2);
            cairo_move_to (cr, x2 - head * cos (angle - G_PI / 7), y2 - head * sin (angle - G_PI / 7));
            cairo_line_to (cr, x2, y2);
            cairo_line_to (cr, x2 - head * cos (angle + G_PI / 7), y2 - head * sin (angle + G_PI / 7));
            cairo_stroke (cr);
          }
          break;
        case FC_SHAPE_STROKE:
          cairo_move_to (cr, at (shape, 0) * width, at (shape, 1) * height);
          for (guint p = 2; p + 1 < shape->points->len; p += 2)
            cairo_line_to (cr, at (shape, p) * width, at (shape, p + 1) * height);
          cairo_stroke (cr);
          break;
        case FC_SHAPE_TEXT:
          draw_label (cr, shape, width, height, edge);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  cairo_restore (cr);
}

static cairo_surface_t *
pixels_to_surface (const FcPixels *pixels)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) pixels->width,
                                                         (int) pixels->height);
  int stride = cairo_image_surface_get_stride (surface);
  guint8 *data = cairo_image_surface_get_data (surface);

  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    return surface;
  cairo_surface_flush (surface);
  for (guint y = 0; y < pixels->height; y++)
    {
      guint32 *row = (guint32 *) (data + (gsize) y * stride);
      const guint8 *src = pixels->data + (gsize) y * pixels->width * 3;

      for (guint x = 0; x < pixels->width; x++, src += 3)
        row[x] = (guint32) src[0] << 16 | (guint32) src[1] << 8 | src[2];
    }
  cairo_surface_mark_dirty (surface);
  return surface;
}

/**
 * fc_photo_render:
 * @cr: where to draw; the box starts at the current origin
 * @store: the store
 * @photo_id: a photo
 * @width: the box's width
 * @height: the box's height
 * @error: set with %FC_ERROR_NOT_FOUND when the photo or its bytes are not on
 *   this device, %FC_ERROR_CORRUPT when the bytes are damaged
 *
 * Draws the photo as it is meant to be seen, as large as fits in the box and
 * centred in it, and its annotation layer over it.
 */
gboolean
fc_photo_render (cairo_t     *cr,
                 FcStore     *store,
                 const char  *photo_id,
                 double       width,
                 double       height,
                 GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(FcPixels) stored = NULL;
  g_autoptr(FcPixels) shown = NULL;
  g_autoptr(FcAnnotation) layer = NULL;
  g_auto(FcPhotoInfo) info = { 0 };
  cairo_surface_t *surface;
  double scale, w, h;

  g_return_val_if_fail (cr != NULL && FC_IS_STORE (store) && photo_id != NULL, FALSE);

  bytes = fc_photos_load (store, photo_id, error);
  if (bytes == NULL)
    return FALSE;
  layer = fc_photo_annotation_load (store, photo_id, NULL, error);
  if (layer == NULL)
    return FALSE;
  stored = fc_photo_decode (bytes, RENDER_EDGE, &info, error);
  if (stored == NULL)
    return FALSE;
  shown = fc_pixels_orient (stored, info.orientation);
  if (shown == NULL)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_FAILED,
                   _("There is not enough memory to draw the photo"));
      return FALSE;
    }

  scale = MIN (width / shown->width, height / shown->height);
  w = shown->width * scale;
  h = shown->height * scale;
  surface = pixels_to_surface (shown);
  cairo_save (cr);
  cairo_translate (cr, (width - w) / 2, (height - h) / 2);
  cairo_save (cr);
  cairo_scale (cr, scale, scale);
  cairo_set_source_surface (cr, surface, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
  cairo_rectangle (cr, 0, 0, shown->width, shown->height);
  cairo_fill (cr);
  cairo_restore (cr);
  fc_annotation_draw (cr, layer, w, h);
  cairo_restore (cr);
  cairo_surface_destroy (surface);
  return TRUE;
}
