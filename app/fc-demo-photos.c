/* fc-demo-photos.c: small real photos for the demo district, drawn rather than shot
 *
 * The demo's rectification evidence is real JPEG bytes in the photo store,
 * so every screen, report and `photo verify` works on a demo store as on a
 * real one. Each picture is an opened distribution board with its cable runs,
 * drawn with cairo at 320 × 240 and encoded with libjpeg-turbo: the same
 * variant always gives the same bytes, and no font is involved.
 */

#include "config.h"

#include <cairo.h>

#include "fc-demo-photos.h"
#include "fc-photo-decode.h"

#define WIDTH  320
#define HEIGHT 240

static void
draw_board (cairo_t *cr,
            guint    variant)
{
  static const double wires[][3] = {
    { 0.80, 0.15, 0.10 }, { 0.15, 0.30, 0.75 }, { 0.85, 0.70, 0.10 },
    { 0.20, 0.55, 0.25 }, { 0.25, 0.25, 0.25 },
  };
  double shift = (variant % 3) * 14;

  /* The wall, the open cabinet and its mounting plate. */
  cairo_set_source_rgb (cr, 0.86 - 0.03 * (variant % 2), 0.83, 0.76);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0.55, 0.57, 0.58);
  cairo_rectangle (cr, 40 + shift, 20, 220, 200);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.90, 0.90, 0.88);
  cairo_rectangle (cr, 52 + shift, 32, 196, 176);
  cairo_fill (cr);

  /* A row of breakers on a DIN rail. */
  cairo_set_source_rgb (cr, 0.70, 0.70, 0.72);
  cairo_rectangle (cr, 60 + shift, 70, 180, 8);
  cairo_fill (cr);
  for (guint i = 0; i < 6; i++)
    {
      cairo_set_source_rgb (cr, 0.97, 0.97, 0.97);
      cairo_rectangle (cr, 66 + shift + i * 28, 52, 22, 44);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 0.20, 0.20, 0.20);
      cairo_rectangle (cr, 74 + shift + i * 28, 60, 6, 10);
      cairo_fill (cr);
    }

  /* Cable runs leaving the breakers; odd variants are the tidied "after". */
  cairo_set_line_width (cr, 4);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (guint i = 0; i < G_N_ELEMENTS (wires); i++)
    {
      double x = 77 + shift + i * 28;

      cairo_set_source_rgb (cr, wires[i][0], wires[i][1], wires[i][2]);
      cairo_move_to (cr, x, 96);
      if (variant % 2 == 0)
        cairo_curve_to (cr, x + 30, 130 + i * 6, x - 40, 170, x + 10 + i * 9, 232);
      else
        cairo_line_to (cr, x, 232);
      cairo_stroke (cr);
    }
  if (variant % 2 == 0)
    {
      /* A bare conductor end, the defect. */
      cairo_set_source_rgb (cr, 0.72, 0.45, 0.20);
      cairo_set_line_width (cr, 2);
      cairo_move_to (cr, 190 + shift, 150);
      cairo_line_to (cr, 206 + shift, 142);
      cairo_stroke (cr);
    }
}

/**
 * fc_demo_photo_jpeg:
 * @variant: which picture, 0 to %FC_DEMO_PHOTO_VARIANTS - 1; even ones show a
 *   defect, odd ones the board put right
 * @error: return location for an error
 *
 * Returns: (transfer full): a 320 × 240 JPEG, the same bytes every time
 */
GBytes *
fc_demo_photo_jpeg (guint    variant,
                    GError **error)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, WIDTH, HEIGHT);
  g_autoptr(FcPixels) pixels = fc_pixels_new (WIDTH, HEIGHT);
  cairo_t *cr = cairo_create (surface);
  const guint8 *data;
  int stride;

  draw_board (cr, variant % FC_DEMO_PHOTO_VARIANTS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (guint y = 0; y < HEIGHT; y++)
    for (guint x = 0; x < WIDTH; x++)
      {
        guint32 argb = *(const guint32 *) (data + y * stride + x * 4);
        guint8 *rgb = pixels->data + ((gsize) y * WIDTH + x) * 3;

        rgb[0] = (argb >> 16) & 0xff;
        rgb[1] = (argb >> 8) & 0xff;
        rgb[2] = argb & 0xff;
      }
  cairo_surface_destroy (surface);
  return fc_pixels_encode_jpeg (pixels, 85, error);
}
