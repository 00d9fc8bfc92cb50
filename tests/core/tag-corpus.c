/* tag-corpus.c: tag images spoiled the ways a camera and a printer spoil them
 *
 * A tag is drawn through a homography (rotation, perspective, size) with 3 × 3
 * supersampling, then blurred, dimmed, made noisy and JPEG-compressed as a case
 * asks. Everything is plain C over the grey raster except the JPEG round trip,
 * which uses gdk-pixbuf's encoder and decoder. The same seed gives the same
 * corpus.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "fc-tag.h"
#include "tag-corpus.h"

#define PAPER 235
#define INK 25
#define BACKGROUND 110
#define CANVAS 360

typedef struct
{
  const char *name;
  double      module_px;   /* size of a module before perspective */
  double      degrees;
  double      tilt;        /* the far edge shrinks by this fraction */
  gboolean    tilt_vertical;
  double      blur_sigma;
  double      noise_sigma;
  int         contrast_lo; /* ink and paper are mapped into [lo, hi] */
  int         contrast_hi;
  int         jpeg_quality; /* 0: none */
} Perturbation;

static const Perturbation perturbations[] = {
  { "clean", 4, 0, 0, FALSE, 0, 0, 0, 255, 0 },
  { "rotate-15", 4, 15, 0, FALSE, 0, 0, 0, 255, 0 },
  { "rotate-30", 4, 30, 0, FALSE, 0, 0, 0, 255, 0 },
  { "rotate-45", 4, 45, 0, FALSE, 0, 0, 0, 255, 0 },
  { "rotate-60", 4, 60, 0, FALSE, 0, 0, 0, 255, 0 },
  { "rotate-80", 4, 80, 0, FALSE, 0, 0, 0, 255, 0 },
  { "rotate-180", 4, 180, 0, FALSE, 0, 0, 0, 255, 0 },
  { "blur-1.0", 4, 0, 0, FALSE, 1.0, 0, 0, 255, 0 },
  { "blur-1.5", 4, 0, 0, FALSE, 1.5, 0, 0, 255, 0 },
  { "blur-2.0", 4, 0, 0, FALSE, 2.0, 0, 0, 255, 0 },
  { "blur-2.5", 4, 0, 0, FALSE, 2.5, 0, 0, 255, 0 },
  { "blur-3.0", 4, 0, 0, FALSE, 3.0, 0, 0, 255, 0 },
  { "perspective-0.15", 4, 0, 0.15, FALSE, 0, 0, 0, 255, 0 },
  { "perspective-0.30", 4, 0, 0.30, FALSE, 0, 0, 0, 255, 0 },
  { "perspective-0.45", 4, 0, 0.45, FALSE, 0, 0, 0, 255, 0 },
  { "perspective-0.30-vertical", 4, 0, 0.30, TRUE, 0, 0, 0, 255, 0 },
  { "perspective-0.30-rotate-20", 4, 20, 0.30, FALSE, 0, 0, 0, 255, 0 },
  { "noise-20", 4, 0, 0, FALSE, 0, 20, 0, 255, 0 },
  { "noise-40", 4, 0, 0, FALSE, 0, 40, 0, 255, 0 },
  { "noise-60", 4, 0, 0, FALSE, 0, 60, 0, 255, 0 },
  { "noise-80", 4, 0, 0, FALSE, 0, 80, 0, 255, 0 },
  { "contrast-80", 4, 0, 0, FALSE, 0, 0, 90, 170, 0 },
  { "contrast-40", 4, 0, 0, FALSE, 0, 0, 110, 150, 0 },
  { "contrast-20", 4, 0, 0, FALSE, 0, 0, 120, 140, 0 },
  { "contrast-20-noise-10", 4, 0, 0, FALSE, 0, 10, 120, 140, 0 },
  { "jpeg-40", 4, 0, 0, FALSE, 0, 0, 0, 255, 40 },
  { "jpeg-20", 4, 0, 0, FALSE, 0, 0, 0, 255, 20 },
  { "jpeg-10", 4, 0, 0, FALSE, 0, 0, 0, 255, 10 },
  { "jpeg-5", 4, 0, 0, FALSE, 0, 0, 0, 255, 5 },
  { "small-2.0", 2.0, 0, 0, FALSE, 0, 0, 0, 255, 0 },
  { "small-1.5", 1.5, 0, 0, FALSE, 0, 0, 0, 255, 0 },
  { "small-1.2", 1.2, 0, 0, FALSE, 0, 0, 0, 255, 0 },
  { "small-1.0", 1.0, 0, 0, FALSE, 0, 0, 0, 255, 0 },
  { "small-1.5-rotate-30", 1.5, 30, 0, FALSE, 0, 0, 0, 255, 0 },
  /* What a phone or a rugged handheld gives at arm's length, indoors. */
  { "hand-held", 4, 12, 0.2, FALSE, 0.8, 6, 40, 220, 60 },
  { "hand-held-dim", 3, 35, 0.25, TRUE, 0.8, 8, 80, 180, 50 },
  { "far-and-tilted", 2, 8, 0.1, FALSE, 0.6, 5, 30, 230, 60 },
  { "hand-held-shaky", 4, 5, 0.1, FALSE, 1.5, 8, 40, 220, 60 },
};

void
tag_sample_free (TagSample *sample)
{
  if (sample == NULL)
    return;
  g_free (sample->name);
  g_free (sample->payload);
  g_free (sample->grey);
  g_free (sample);
}

/* Maps the unit square to the quad p[0..3] (corners (0,0) (1,0) (1,1) (0,1)); Heckbert 1989. */
static void
square_to_quad (const double  p[4][2],
                double        m[9])
{
  double dx1 = p[1][0] - p[2][0], dx2 = p[3][0] - p[2][0];
  double dx3 = p[0][0] - p[1][0] + p[2][0] - p[3][0];
  double dy1 = p[1][1] - p[2][1], dy2 = p[3][1] - p[2][1];
  double dy3 = p[0][1] - p[1][1] + p[2][1] - p[3][1];
  double den = dx1 * dy2 - dx2 * dy1;
  double g = (dx3 * dy2 - dx2 * dy3) / den;
  double h = (dx1 * dy3 - dx3 * dy1) / den;

  m[0] = p[1][0] - p[0][0] + g * p[1][0];
  m[1] = p[3][0] - p[0][0] + h * p[3][0];
  m[2] = p[0][0];
  m[3] = p[1][1] - p[0][1] + g * p[1][1];
  m[4] = p[3][1] - p[0][1] + h * p[3][1];
  m[5] = p[0][1];
  m[6] = g;
  m[7] = h;
  m[8] = 1;
}

static void
invert3 (const double m[9],
         double       r[9])
{
  double det = m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6])
               + m[2] * (m[3] * m[7] - m[4] * m[6]);

  r[0] = (m[4] * m[8] - m[5] * m[7]) / det;
  r[1] = (m[2] * m[7] - m[1] * m[8]) / det;
  r[2] = (m[1] * m[5] - m[2] * m[4]) / det;
  r[3] = (m[5] * m[6] - m[3] * m[8]) / det;
  r[4] = (m[0] * m[8] - m[2] * m[6]) / det;
  r[5] = (m[2] * m[3] - m[0] * m[5]) / det;
  r[6] = (m[3] * m[7] - m[4] * m[6]) / det;
  r[7] = (m[1] * m[6] - m[0] * m[7]) / det;
  r[8] = (m[0] * m[4] - m[1] * m[3]) / det;
}

/* The tag (code and quiet zone) drawn into a quad of the canvas; background elsewhere. */
static guint8 *
draw_quad (const QRcode *qr,
           guint         width,
           guint         height,
           const double  quad[4][2])
{
  guint8 *grey = g_malloc ((gsize) width * height);
  guint modules = (guint) qr->width + 8;
  double m[9], inv[9];

  square_to_quad (quad, m);
  invert3 (m, inv);
  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      {
        guint sum = 0;

        for (guint sy = 0; sy < 3; sy++)
          for (guint sx = 0; sx < 3; sx++)
            {
              double px = x + (sx + 0.5) / 3, py = y + (sy + 0.5) / 3;
              double w = inv[6] * px + inv[7] * py + inv[8];
              double u = (inv[0] * px + inv[1] * py + inv[2]) / w;
              double v = (inv[3] * px + inv[4] * py + inv[5]) / w;
              int mx = (int) floor (u * modules) - 4, my = (int) floor (v * modules) - 4;

              if (u < 0 || u >= 1 || v < 0 || v >= 1)
                sum += BACKGROUND;
              else if (mx >= 0 && my >= 0 && mx < qr->width && my < qr->width &&
                       (qr->data[my * qr->width + mx] & 1))
                sum += INK;
              else
                sum += PAPER;
            }
        grey[(gsize) y * width + x] = (guint8) (sum / 9);
      }
  return grey;
}

static guint8 *
render_perturbed (const QRcode       *qr,
                  guint               width,
                  guint               height,
                  double              side,
                  double              degrees,
                  double              tilt,
                  gboolean            vertical)
{
  double a = degrees * G_PI / 180, c = cos (a), s = sin (a);
  /* Corners around the centre before turning; the far edge is shorter. */
  double corners[4][2] = { { -0.5, -0.5 }, { 0.5, -0.5 }, { 0.5, 0.5 }, { -0.5, 0.5 } };
  double quad[4][2];

  for (guint i = 0; i < 4; i++)
    {
      double x = corners[i][0], y = corners[i][1];

      if (!vertical && y < 0)
        x *= 1 - tilt;
      if (vertical && x > 0)
        y *= 1 - tilt;
      quad[i][0] = width / 2.0 + side * (c * x - s * y);
      quad[i][1] = height / 2.0 + side * (s * x + c * y);
    }
  return draw_quad (qr, width, height, quad);
}

/**
 * tag_render:
 * @payload: the text
 * @width: canvas width
 * @height: canvas height
 * @code_side: pixels across the code with its quiet zone
 * @degrees: rotation
 *
 * Returns: (transfer full): a clean tag on a grey background
 */
guint8 *
tag_render (const char *payload,
            guint       width,
            guint       height,
            double      code_side,
            double      degrees)
{
  g_autoptr(QRcode) qr = QRcode_encodeString (payload, 0, QR_ECLEVEL_M, QR_MODE_8, TRUE);

  g_assert_nonnull (qr);
  return render_perturbed (qr, width, height, code_side, degrees, 0, FALSE);
}

static void
blur_gaussian (guint8 *grey,
               guint   width,
               guint   height,
               double  sigma)
{
  int radius = (int) ceil (3 * sigma);
  g_autofree double *kernel = g_new (double, 2 * radius + 1);
  g_autofree double *tmp = g_new (double, (gsize) width * height);
  double total = 0;

  for (int i = -radius; i <= radius; i++)
    total += kernel[i + radius] = exp (-(i * i) / (2 * sigma * sigma));
  for (int i = 0; i <= 2 * radius; i++)
    kernel[i] /= total;

  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      {
        double v = 0;

        for (int i = -radius; i <= radius; i++)
          v += kernel[i + radius] * grey[(gsize) y * width + CLAMP ((int) x + i, 0, (int) width - 1)];
        tmp[(gsize) y * width + x] = v;
      }
  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      {
        double v = 0;

        for (int i = -radius; i <= radius; i++)
          v += kernel[i + radius] * tmp[(gsize) CLAMP ((int) y + i, 0, (int) height - 1) * width + x];
        grey[(gsize) y * width + x] = (guint8) CLAMP (v + 0.5, 0, 255);
      }
}

static void
add_noise (guint8 *grey,
           gsize   n,
           double  sigma,
           GRand  *rand)
{
  for (gsize i = 0; i < n; i++)
    {
      /* Box–Muller. */
      double u1 = g_rand_double_range (rand, 1e-12, 1), u2 = g_rand_double (rand);
      double v = grey[i] + sigma * sqrt (-2 * log (u1)) * cos (2 * G_PI * u2);

      grey[i] = (guint8) CLAMP (v + 0.5, 0, 255);
    }
}

static void
squeeze_contrast (guint8 *grey,
                  gsize   n,
                  int     lo,
                  int     hi)
{
  for (gsize i = 0; i < n; i++)
    grey[i] = (guint8) (lo + grey[i] * (hi - lo) / 255);
}

static void
jpeg_round_trip (guint8 *grey,
                 guint   width,
                 guint   height,
                 int     quality)
{
  g_autoptr(GdkPixbuf) rgb = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, (int) width, (int) height);
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new_with_type ("jpeg", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *buffer = NULL;
  g_autofree char *q = g_strdup_printf ("%d", quality);
  guint8 *pixels = gdk_pixbuf_get_pixels (rgb);
  int stride = gdk_pixbuf_get_rowstride (rgb);
  GdkPixbuf *back;
  gsize size = 0;

  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      memset (pixels + (gsize) y * stride + x * 3, grey[(gsize) y * width + x], 3);
  g_assert_true (gdk_pixbuf_save_to_buffer (rgb, &buffer, &size, "jpeg", &error, "quality", q, NULL));
  g_assert_no_error (error);
  g_assert_true (gdk_pixbuf_loader_write (loader, (const guchar *) buffer, size, &error));
  g_assert_true (gdk_pixbuf_loader_close (loader, &error));
  g_assert_no_error (error);
  back = gdk_pixbuf_loader_get_pixbuf (loader);
  pixels = gdk_pixbuf_get_pixels (back);
  stride = gdk_pixbuf_get_rowstride (back);
  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      {
        const guint8 *p = pixels + (gsize) y * stride + x * gdk_pixbuf_get_n_channels (back);

        grey[(gsize) y * width + x] = (guint8) ((77u * p[0] + 150u * p[1] + 29u * p[2]) >> 8);
      }
}

/**
 * tag_corpus_generate:
 * @district: the district in the payloads
 * @seed: the noise seed
 *
 * Every perturbation, once with a 6-digit code and once with a 12-character
 * one; each sample has its own tag code.
 *
 * Returns: (transfer full) (element-type TagSample): the samples
 */
GPtrArray *
tag_corpus_generate (const char *district,
                     guint32     seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  GPtrArray *samples = g_ptr_array_new_with_free_func ((GDestroyNotify) tag_sample_free);
  guint serial = 0;

  for (guint i = 0; i < G_N_ELEMENTS (perturbations); i++)
    for (guint long_code = 0; long_code < 2; long_code++)
      {
        const Perturbation *p = &perturbations[i];
        TagSample *sample = g_new0 (TagSample, 1);
        g_autofree char *code = long_code ? g_strdup_printf ("LONGCODE%04u", ++serial)
                                          : g_strdup_printf ("%06u", ++serial);
        g_autoptr(QRcode) qr = NULL;
        gsize n = CANVAS * CANVAS;

        sample->name = g_strdup_printf ("%s-%s", p->name, long_code ? "long" : "short");
        sample->payload = fc_tag_format (district, code, NULL);
        g_assert_nonnull (sample->payload);
        qr = fc_tag_encode_qr (sample->payload, NULL);
        g_assert_nonnull (qr);
        sample->width = sample->height = CANVAS;
        sample->grey = render_perturbed (qr, CANVAS, CANVAS, p->module_px * (qr->width + 8),
                                         p->degrees, p->tilt, p->tilt_vertical);
        if (p->blur_sigma > 0)
          blur_gaussian (sample->grey, CANVAS, CANVAS, p->blur_sigma);
        if (p->contrast_lo > 0 || p->contrast_hi < 255)
          squeeze_contrast (sample->grey, n, p->contrast_lo, p->contrast_hi);
        if (p->noise_sigma > 0)
          add_noise (sample->grey, n, p->noise_sigma, rand);
        if (p->jpeg_quality > 0)
          jpeg_round_trip (sample->grey, CANVAS, CANVAS, p->jpeg_quality);
        g_ptr_array_add (samples, sample);
      }
  return samples;
}

gboolean
tag_write_pgm (const guint8  *grey,
               guint          width,
               guint          height,
               const char    *path,
               GError       **error)
{
  g_autofree char *header = g_strdup_printf ("P5\n%u %u\n255\n", width, height);
  g_autoptr(GByteArray) bytes = g_byte_array_new ();

  g_byte_array_append (bytes, (const guint8 *) header, (guint) strlen (header));
  g_byte_array_append (bytes, grey, width * height);
  return g_file_set_contents (path, (const char *) bytes->data, bytes->len, error);
}
