/* fc-tag-decode.c: reading QR codes from grey frames and image files with libzbar
 *
 * A camera frame gets one pass of libzbar, configured for QR codes only: the
 * next frame is a better retry than any filter. A photo or a scanned file is
 * all there is, so fc_tag_decoder_scan_hard() retries at other scales, turned,
 * sharpened, smoothed and thresholded before it gives up.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n-lib.h>

#include "fc-error.h"
#include "fc-tag-decode.h"

struct _FcTagDecoder
{
  zbar_image_scanner_t *scanner;
};

typedef struct
{
  guint8 *data;
  guint   width;
  guint   height;
} Grey;

typedef enum
{
  FILTER_NONE,
  FILTER_THRESHOLD,
  FILTER_SHARPEN,
  FILTER_BLUR,
} Filter;

typedef struct
{
  /* The scale is num/den of the original size. */
  guint  num;
  guint  den;
  int    degrees;
  Filter filters[2];
} Pass;

/* Chosen on the corpus of tests/core/tag-corpus.c, where each earns its place.
 * Halving first: a photo of 12 megapixels reads faster and with less noise.
 * Doubling then thresholding rescues codes of 1.5-pixel modules; unsharp
 * masking, blur; a light blur before sharpening or thresholding, heavy noise
 * and low contrast together. A turn of 45° and a quarter size are cheap
 * insurance for skewed codes and very large photos. */
static const Pass hard_passes[] = {
  { 1, 2, 0, { FILTER_NONE } },
  { 2, 1, 0, { FILTER_THRESHOLD } },
  { 1, 1, 0, { FILTER_SHARPEN } },
  { 1, 1, 0, { FILTER_BLUR, FILTER_SHARPEN } },
  { 2, 1, 0, { FILTER_SHARPEN } },
  { 1, 1, 0, { FILTER_BLUR, FILTER_THRESHOLD } },
  { 1, 1, 45, { FILTER_NONE } },
  { 1, 4, 0, { FILTER_NONE } },
};

/* Smaller than this, a pass cannot hold a readable code; larger, it is too slow. */
#define PASS_SIDE_MIN 21
#define PASS_SIDE_MAX 6000
/* 64 megapixels: more than any camera in the field makes. */
#define LOAD_PIXELS_MAX (64u * 1024u * 1024u)

/**
 * fc_tag_decoder_new:
 *
 * A libzbar scanner that looks for QR codes only. Use one per thread.
 *
 * Returns: (transfer full): the decoder
 */
FcTagDecoder *
fc_tag_decoder_new (void)
{
  FcTagDecoder *self = g_new0 (FcTagDecoder, 1);

  self->scanner = zbar_image_scanner_create ();
  zbar_image_scanner_set_config (self->scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
  zbar_image_scanner_set_config (self->scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
  /* The raw bytes: libzbar's guess of the text encoding of a byte segment
   * without an ECI header turns UTF-8 Chinese into Shift JIS mojibake. */
  zbar_image_scanner_set_config (self->scanner, ZBAR_QRCODE, ZBAR_CFG_BINARY, 1);
  return self;
}

void
fc_tag_decoder_free (FcTagDecoder *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->scanner, zbar_image_scanner_destroy);
  g_free (self);
}

/* QR byte segments carry no encoding unless an ECI says so. Chinese
 * generators write UTF-8 or GB 18030, Japanese ones Shift JIS; the standard's
 * default is ISO 8859-1, which takes any bytes. */
static char *
bytes_to_text (const char *data,
               gsize       len)
{
  static const char *const charsets[] = { "GB18030", "SHIFT_JIS", "ISO-8859-1" };

  if (g_utf8_validate_len (data, len, NULL))
    return g_strndup (data, len);
  for (guint i = 0; i < G_N_ELEMENTS (charsets); i++)
    {
      char *text = g_convert (data, (gssize) len, "UTF-8", charsets[i], NULL, NULL, NULL);

      if (text != NULL)
        return text;
    }
  return g_utf8_make_valid (data, (gssize) len);
}

static GStrv
scan_once (FcTagDecoder *self,
           const guint8 *grey,
           guint         width,
           guint         height,
           guint         stride)
{
  g_autoptr(zbar_image_t) image = zbar_image_create ();
  g_autoptr(GStrvBuilder) texts = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint found = 0;

  /* Rows may be padded (GStreamer pads GRAY8 rows to 4 bytes): the image is
   * stride wide and the crop leaves the padding out. */
  zbar_image_set_format (image, zbar_fourcc ('Y', '8', '0', '0'));
  zbar_image_set_size (image, stride, height);
  zbar_image_set_crop (image, 0, 0, width, height);
  zbar_image_set_data (image, grey, (unsigned long) stride * height, NULL);
  if (zbar_scan_image (self->scanner, image) <= 0)
    return NULL;

  /* The symbols belong to the image: copy their text before it goes. */
  for (const zbar_symbol_t *s = zbar_image_first_symbol (image); s; s = zbar_symbol_next (s))
    {
      g_autofree char *text = NULL;

      if (zbar_symbol_get_type (s) != ZBAR_QRCODE || zbar_symbol_get_data (s) == NULL)
        continue;
      text = bytes_to_text (zbar_symbol_get_data (s), zbar_symbol_get_data_length (s));
      if (g_hash_table_contains (seen, text))
        continue;
      g_strv_builder_add (texts, text);
      g_hash_table_add (seen, g_steal_pointer (&text));
      found++;
    }
  return found > 0 ? g_strv_builder_end (texts) : NULL;
}

/**
 * fc_tag_decoder_scan:
 * @self: the decoder
 * @grey: 8-bit luma, @stride bytes a row
 * @width: in pixels
 * @height: in pixels
 * @stride: bytes from one row to the next, at least @width
 *
 * One pass of libzbar over the frame, for the camera: a missed frame is
 * retried by the next one.
 *
 * Returns: (transfer full) (nullable): the distinct texts of the QR codes
 *   found, or %NULL when there is none
 */
GStrv
fc_tag_decoder_scan (FcTagDecoder *self,
                     const guint8 *grey,
                     guint         width,
                     guint         height,
                     guint         stride)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (grey != NULL, NULL);
  g_return_val_if_fail (stride >= width, NULL);

  return scan_once (self, grey, width, height, stride);
}

static void
grey_clear (Grey *g)
{
  g_clear_pointer (&g->data, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Grey, grey_clear)

static guint8
sample_bilinear (const guint8 *src,
                 guint         width,
                 guint         height,
                 guint         stride,
                 double        x,
                 double        y)
{
  int x0 = (int) floor (x), y0 = (int) floor (y);
  double fx = x - x0, fy = y - y0;
  double v = 0;

  if (x0 < 0 || y0 < 0 || x0 + 1 >= (int) width || y0 + 1 >= (int) height)
    {
      /* Outside: clamp to the edge, which is the code's quiet zone or the background. */
      x0 = CLAMP (x0, 0, (int) width - 1);
      y0 = CLAMP (y0, 0, (int) height - 1);
      return src[(gsize) y0 * stride + (gsize) x0];
    }
  v += (1 - fx) * (1 - fy) * src[(gsize) y0 * stride + (gsize) x0];
  v += fx * (1 - fy) * src[(gsize) y0 * stride + (gsize) x0 + 1];
  v += (1 - fx) * fy * src[(gsize) (y0 + 1) * stride + (gsize) x0];
  v += fx * fy * src[(gsize) (y0 + 1) * stride + (gsize) x0 + 1];
  return (guint8) CLAMP (v + 0.5, 0, 255);
}

/* Box-averages down by an integer factor, or interpolates up. */
static void
resample (const guint8 *src,
          guint         width,
          guint         height,
          guint         stride,
          guint         num,
          guint         den,
          Grey         *out)
{
  out->width = width * num / den;
  out->height = height * num / den;
  out->data = g_malloc ((gsize) out->width * out->height);

  if (num == 1)
    {
      for (guint y = 0; y < out->height; y++)
        for (guint x = 0; x < out->width; x++)
          {
            guint sum = 0;

            for (guint dy = 0; dy < den; dy++)
              for (guint dx = 0; dx < den; dx++)
                sum += src[(gsize) (y * den + dy) * stride + x * den + dx];
            out->data[(gsize) y * out->width + x] = (guint8) (sum / (den * den));
          }
      return;
    }
  for (guint y = 0; y < out->height; y++)
    for (guint x = 0; x < out->width; x++)
      out->data[(gsize) y * out->width + x] =
        sample_bilinear (src, width, height, stride,
                         (x + 0.5) * den / num - 0.5, (y + 0.5) * den / num - 0.5);
}

static void
rotate (const Grey *src,
        int         degrees,
        Grey       *out)
{
  double a = degrees * G_PI / 180.0;
  double c = cos (a), s = sin (a);
  double cx = src->width / 2.0, cy = src->height / 2.0;

  out->width = (guint) ceil (fabs (src->width * c) + fabs (src->height * s));
  out->height = (guint) ceil (fabs (src->width * s) + fabs (src->height * c));
  out->data = g_malloc ((gsize) out->width * out->height);
  for (guint y = 0; y < out->height; y++)
    for (guint x = 0; x < out->width; x++)
      {
        double dx = x + 0.5 - out->width / 2.0, dy = y + 0.5 - out->height / 2.0;

        out->data[(gsize) y * out->width + x] =
          sample_bilinear (src->data, src->width, src->height, src->width,
                           c * dx + s * dy + cx - 0.5, -s * dx + c * dy + cy - 0.5);
      }
}

/* Integral image over a window, so every pixel costs the same whatever its size. */
static guint64 *
integral_image (const Grey *g)
{
  guint w = g->width + 1;
  guint64 *sum = g_new0 (guint64, (gsize) w * (g->height + 1));

  for (guint y = 0; y < g->height; y++)
    {
      guint64 row = 0;

      for (guint x = 0; x < g->width; x++)
        {
          row += g->data[(gsize) y * g->width + x];
          sum[(gsize) (y + 1) * w + x + 1] = sum[(gsize) y * w + x + 1] + row;
        }
    }
  return sum;
}

static guint
window_mean (const guint64 *sum,
             const Grey    *g,
             guint          x,
             guint          y,
             guint          radius)
{
  guint w = g->width + 1;
  guint x0 = x > radius ? x - radius : 0, y0 = y > radius ? y - radius : 0;
  guint x1 = MIN (x + radius + 1, g->width), y1 = MIN (y + radius + 1, g->height);
  guint64 total = sum[(gsize) y1 * w + x1] - sum[(gsize) y0 * w + x1]
                  - sum[(gsize) y1 * w + x0] + sum[(gsize) y0 * w + x0];

  return (guint) (total / ((guint64) (x1 - x0) * (y1 - y0)));
}

/* Black where darker than the local mean: evens out shadows and low contrast. */
static void
threshold_local (Grey *g)
{
  g_autofree guint64 *sum = integral_image (g);
  g_autofree guint8 *out = g_malloc ((gsize) g->width * g->height);
  guint radius = MAX (4, MIN (g->width, g->height) / 16);

  for (guint y = 0; y < g->height; y++)
    for (guint x = 0; x < g->width; x++)
      {
        guint mean = window_mean (sum, g, x, y, radius);

        /* A small bias keeps flat paper white instead of speckled. */
        out[(gsize) y * g->width + x] = g->data[(gsize) y * g->width + x] + 8u < mean ? 0 : 255;
      }
  memcpy (g->data, out, (gsize) g->width * g->height);
}

/* Unsharp masking against a 5 × 5 box mean: steepens the edges blur flattened. */
static void
sharpen (Grey *g)
{
  g_autofree guint64 *sum = integral_image (g);

  for (guint y = 0; y < g->height; y++)
    for (guint x = 0; x < g->width; x++)
      {
        int v = g->data[(gsize) y * g->width + x];
        int mean = (int) window_mean (sum, g, x, y, 2);

        v += 2 * (v - mean);
        g->data[(gsize) y * g->width + x] = (guint8) CLAMP (v, 0, 255);
      }
}

/* Two passes of a 3 × 3 box mean, close to a Gaussian of σ 1: noise averages out. */
static void
blur_box (Grey *g)
{
  for (guint round = 0; round < 2; round++)
    {
      g_autofree guint64 *sum = integral_image (g);

      for (guint y = 0; y < g->height; y++)
        for (guint x = 0; x < g->width; x++)
          g->data[(gsize) y * g->width + x] = (guint8) window_mean (sum, g, x, y, 1);
    }
}

static GStrv
run_pass (FcTagDecoder *self,
          const Pass   *pass,
          const guint8 *grey,
          guint         width,
          guint         height,
          guint         stride)
{
  g_auto(Grey) scaled = { 0 };
  g_auto(Grey) turned = { 0 };
  Grey *g = &scaled;
  guint w = width * pass->num / pass->den, h = height * pass->num / pass->den;

  if (MIN (w, h) < PASS_SIDE_MIN || MAX (w, h) > PASS_SIDE_MAX)
    return NULL;
  resample (grey, width, height, stride, pass->num, pass->den, &scaled);
  if (pass->degrees != 0)
    {
      rotate (&scaled, pass->degrees, &turned);
      g = &turned;
    }
  for (guint i = 0; i < G_N_ELEMENTS (pass->filters); i++)
    switch (pass->filters[i])
      {
      case FILTER_THRESHOLD:
        threshold_local (g);
        break;
      case FILTER_SHARPEN:
        sharpen (g);
        break;
      case FILTER_BLUR:
        blur_box (g);
        break;
      case FILTER_NONE:
      default:
        break;
      }
  return scan_once (self, g->data, g->width, g->height, g->width);
}

/**
 * fc_tag_decoder_scan_hard:
 * @self: the decoder
 * @grey: 8-bit luma, @stride bytes a row
 * @width: in pixels
 * @height: in pixels
 * @stride: bytes from one row to the next, at least @width
 * @passes: (out) (optional): how many passes it took, 0 when none found a code
 *
 * Scans as fc_tag_decoder_scan() does, then retries at other scales, turned,
 * sharpened, smoothed and with a local threshold, until a pass finds a QR
 * code. For photos and files, not for live frames.
 *
 * Returns: (transfer full) (nullable): the distinct texts of the QR codes
 *   found by the first pass that found any, or %NULL
 */
GStrv
fc_tag_decoder_scan_hard (FcTagDecoder *self,
                          const guint8 *grey,
                          guint         width,
                          guint         height,
                          guint         stride,
                          guint        *passes)
{
  GStrv texts;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (grey != NULL, NULL);
  g_return_val_if_fail (stride >= width, NULL);

  if (passes != NULL)
    *passes = 0;
  texts = scan_once (self, grey, width, height, stride);
  for (guint i = 0; texts == NULL && i < G_N_ELEMENTS (hard_passes); i++)
    {
      texts = run_pass (self, &hard_passes[i], grey, width, height, stride);
      if (texts != NULL && passes != NULL)
        *passes = i + 2;
    }
  if (texts != NULL && passes != NULL && *passes == 0)
    *passes = 1;
  return texts;
}

/**
 * fc_tag_load_grey:
 * @path: a PNG, JPEG or other image gdk-pixbuf reads
 * @width: (out): in pixels
 * @height: (out): in pixels
 * @error: return location for an error
 *
 * Loads the image upright (as its EXIF orientation says a phone held it) as
 * 8-bit luma; transparent parts count as white paper.
 *
 * Returns: (transfer full): @width × @height bytes with no row padding, or %NULL
 */
guint8 *
fc_tag_load_grey (const char  *path,
                  guint       *width,
                  guint       *height,
                  GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GdkPixbuf) loaded = NULL;
  g_autoptr(GdkPixbuf) upright = NULL;
  const guint8 *pixels;
  guint8 *grey;
  int w, h, stride, channels;
  gboolean alpha;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (width != NULL && height != NULL, NULL);

  /* A few bytes can declare an image that takes gigabytes to decode: look first. */
  if (gdk_pixbuf_get_file_info (path, &w, &h) != NULL &&
      (guint64) w * (guint64) h > LOAD_PIXELS_MAX)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                   _("The image “%s” is too large to read (%d × %d pixels)"), path, w, h);
      return NULL;
    }
  loaded = gdk_pixbuf_new_from_file (path, &local_error);
  if (loaded == NULL)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID, _("Cannot read the image “%s”: %s"),
                   path, local_error->message);
      return NULL;
    }
  upright = gdk_pixbuf_apply_embedded_orientation (loaded);
  w = gdk_pixbuf_get_width (upright);
  h = gdk_pixbuf_get_height (upright);
  stride = gdk_pixbuf_get_rowstride (upright);
  channels = gdk_pixbuf_get_n_channels (upright);
  alpha = gdk_pixbuf_get_has_alpha (upright);
  pixels = gdk_pixbuf_read_pixels (upright);

  grey = g_malloc ((gsize) w * h);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        const guint8 *p = pixels + (gsize) y * stride + (gsize) x * channels;
        /* ITU-R BT.601 luma in fixed point. */
        guint luma = (channels >= 3) ? (77u * p[0] + 150u * p[1] + 29u * p[2]) >> 8 : p[0];

        if (alpha)
          luma = (luma * p[channels - 1] + 255u * (255u - p[channels - 1])) / 255u;
        grey[(gsize) y * w + x] = (guint8) luma;
      }
  *width = (guint) w;
  *height = (guint) h;
  return grey;
}

/**
 * fc_tag_decode_file:
 * @path: an image: a photo of a tag, a scan, a screenshot
 * @error: set with %FC_ERROR_NOT_FOUND when no pass finds a QR code
 *
 * Returns: (transfer full): the distinct texts of the QR codes in the image,
 *   or %NULL
 */
GStrv
fc_tag_decode_file (const char  *path,
                    GError     **error)
{
  g_autoptr(FcTagDecoder) decoder = NULL;
  g_autofree guint8 *grey = NULL;
  guint width, height;
  GStrv texts;

  g_return_val_if_fail (path != NULL, NULL);

  grey = fc_tag_load_grey (path, &width, &height, error);
  if (grey == NULL)
    return NULL;
  decoder = fc_tag_decoder_new ();
  texts = fc_tag_decoder_scan_hard (decoder, grey, width, height, width, NULL);
  if (texts == NULL)
    g_set_error (error, FC_ERROR, FC_ERROR_NOT_FOUND,
                 _("No QR code found in “%s”; take the photo again closer, with the whole tag "
                   "in view and without glare"), path);
  return texts;
}
