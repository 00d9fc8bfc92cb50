/* test-tag-decode.c: reading tags from spoiled images and from files, against zbarimg */

#include "config.h"

#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "fc-error.h"
#include "fc-tag.h"
#include "fc-tag-decode.h"
#include "tag-corpus.h"
#include "test-util.h"

#define DISTRICT "500154"
#define SEED 20260401
/* The share of the corpus fc_tag_decoder_scan_hard() must read. The corpus
 * goes well past what a hand-held camera gives (blur σ 3 px, noise σ 80,
 * 1 px modules, JPEG quality 5), so a few samples stay unread. */
#define HARD_RATE_FLOOR 0.90

typedef struct
{
  GPtrArray *samples;
  guint      plain_read;
  guint      hard_read;
  GArray    *hard_ok;   /* gboolean per sample */
} Corpus;

static Corpus corpus;

static gboolean
texts_hold (GStrv       texts,
            const char *payload)
{
  return texts != NULL && g_strv_contains ((const char *const *) texts, payload);
}

static void
ensure_corpus (void)
{
  g_autoptr(FcTagDecoder) decoder = fc_tag_decoder_new ();

  if (corpus.samples != NULL)
    return;
  corpus.samples = tag_corpus_generate (DISTRICT, SEED);
  corpus.hard_ok = g_array_new (FALSE, TRUE, sizeof (gboolean));
  for (guint i = 0; i < corpus.samples->len; i++)
    {
      TagSample *s = corpus.samples->pdata[i];
      g_auto(GStrv) plain = fc_tag_decoder_scan (decoder, s->grey, s->width, s->height, s->width);
      g_auto(GStrv) hard = NULL;
      gboolean ok;
      guint passes = 0;

      hard = fc_tag_decoder_scan_hard (decoder, s->grey, s->width, s->height, s->width, &passes);
      ok = texts_hold (hard, s->payload);
      corpus.plain_read += texts_hold (plain, s->payload);
      corpus.hard_read += ok;
      g_array_append_val (corpus.hard_ok, ok);
      g_test_message ("%-34s plain %s  hard %s (pass %u)", s->name,
                      texts_hold (plain, s->payload) ? "read" : "----", ok ? "read" : "----",
                      passes);
    }
}

static void
test_tag_decode_corpus_rate_meets_floor (void)
{
  double rate;

  ensure_corpus ();
  rate = (double) corpus.hard_read / corpus.samples->len;
  g_test_message ("read %u of %u (%.3f); one libzbar pass alone: %u", corpus.hard_read,
                  corpus.samples->len, rate, corpus.plain_read);
  g_assert_cmpfloat (rate, >=, HARD_RATE_FLOOR);
  /* The retries must earn their time. */
  g_assert_cmpuint (corpus.hard_read, >, corpus.plain_read);
}

/* zbarimg (ImageMagick + libzbar, all symbologies) on the same pixels, as PGM. */
static void
test_tag_decode_corpus_rate_at_least_zbarimg (void)
{
  g_autofree char *zbarimg = g_find_program_in_path ("zbarimg");
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  guint zbarimg_read = 0, only_zbarimg = 0;
  int status = 0;

  if (zbarimg == NULL)
    {
      g_test_skip ("zbarimg is not installed (Debian: zbar-tools)");
      return;
    }
  ensure_corpus ();
  g_ptr_array_add (argv, g_strdup (zbarimg));
  g_ptr_array_add (argv, g_strdup ("-q"));
  g_ptr_array_add (argv, g_strdup ("--raw"));
  g_ptr_array_add (argv, g_strdup ("--nodbus"));
  for (guint i = 0; i < corpus.samples->len; i++)
    {
      TagSample *s = corpus.samples->pdata[i];
      g_autofree char *name = g_strdup_printf ("corpus-%03u.pgm", i);
      char *path = test_scratch_path (name);

      g_assert_true (tag_write_pgm (s->grey, s->width, s->height, path, &error));
      g_assert_no_error (error);
      g_ptr_array_add (argv, path);
    }
  g_ptr_array_add (argv, NULL);
  /* zbarimg exits 4 when some image holds no code; that is an answer, not a failure. */
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; i < corpus.samples->len; i++)
    {
      TagSample *s = corpus.samples->pdata[i];
      gboolean read = g_strv_contains ((const char *const *) lines, s->payload);

      zbarimg_read += read;
      if (read && !g_array_index (corpus.hard_ok, gboolean, i))
        {
          only_zbarimg++;
          g_test_message ("only zbarimg read %s", s->name);
        }
    }
  g_test_message ("zbarimg read %u of %u; fc_tag_decoder_scan_hard %u", zbarimg_read,
                  corpus.samples->len, corpus.hard_read);
  g_assert_cmpuint (zbarimg_read, >, 0);
  g_assert_cmpuint (corpus.hard_read, >=, zbarimg_read);
}

static void
test_tag_decode_reads_two_codes_in_one_image (void)
{
  g_autofree guint8 *left = tag_render ("FC1:500154:000001:Q", 200, 200, 140, 0);
  g_autofree guint8 *right = tag_render ("FC1:500154:000002:O", 200, 200, 140, 10);
  g_autofree guint8 *both = g_malloc (400 * 200);
  g_autoptr(FcTagDecoder) decoder = fc_tag_decoder_new ();
  g_auto(GStrv) texts = NULL;

  for (guint y = 0; y < 200; y++)
    {
      memcpy (both + y * 400, left + y * 200, 200);
      memcpy (both + y * 400 + 200, right + y * 200, 200);
    }
  texts = fc_tag_decoder_scan (decoder, both, 400, 200, 400);
  g_assert_nonnull (texts);
  g_assert_cmpuint (g_strv_length (texts), ==, 2);
  g_assert_true (g_strv_contains ((const char *const *) texts, "FC1:500154:000001:Q"));
  g_assert_true (g_strv_contains ((const char *const *) texts, "FC1:500154:000002:O"));
}

/* A small tag in a big photo is found as the photo is: large. */
static void
test_tag_decode_file_reads_png_and_jpeg (void)
{
  static const char *const types[] = { "png", "jpeg" };
  g_autofree char *payload = fc_tag_format (DISTRICT, "001003", NULL);
  g_autofree guint8 *grey = tag_render (payload, 1600, 1200, 200, 25);

  for (guint t = 0; t < G_N_ELEMENTS (types); t++)
    {
      g_autoptr(GdkPixbuf) rgb = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 1600, 1200);
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_strconcat ("photo.", types[t], NULL);
      g_autofree char *path = test_scratch_path (name);
      g_auto(GStrv) texts = NULL;
      guint8 *pixels = gdk_pixbuf_get_pixels (rgb);
      int stride = gdk_pixbuf_get_rowstride (rgb);

      for (guint y = 0; y < 1200; y++)
        for (guint x = 0; x < 1600; x++)
          {
            guint8 *p = pixels + (gsize) y * stride + x * 3;
            guint8 v = grey[y * 1600 + x];

            /* A bluish cast: the luma, not one channel, must carry the code. */
            p[0] = v * 3 / 4;
            p[1] = v;
            p[2] = (guint8) MIN (255, v + 20);
          }
      g_assert_true (gdk_pixbuf_save (rgb, path, types[t], &error, NULL));
      g_assert_no_error (error);
      texts = fc_tag_decode_file (path, &error);
      g_assert_no_error (error);
      g_assert_nonnull (texts);
      g_assert_cmpstr (texts[0], ==, payload);
    }
}

static void
test_tag_decode_file_without_code_says_not_found (void)
{
  g_autoptr(GdkPixbuf) blank = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 300, 200);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = test_scratch_path ("blank.png");
  g_auto(GStrv) texts = NULL;

  gdk_pixbuf_fill (blank, 0xd0d0d0ff);
  g_assert_true (gdk_pixbuf_save (blank, path, "png", &error, NULL));
  g_assert_no_error (error);
  texts = fc_tag_decode_file (path, &error);
  g_assert_null (texts);
  g_assert_error (error, FC_ERROR, FC_ERROR_NOT_FOUND);
}

static void
test_tag_decode_file_that_is_no_image_says_so (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = test_scratch_path ("not-an-image.jpg");
  g_auto(GStrv) texts = NULL;

  g_assert_true (g_file_set_contents (path, "FC1:500154:001003:8", -1, &error));
  texts = fc_tag_decode_file (path, &error);
  g_assert_null (texts);
  g_assert_error (error, FC_ERROR, FC_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, path));
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/tag-decode/corpus-rate-meets-floor", test_tag_decode_corpus_rate_meets_floor);
  g_test_add_func ("/tag-decode/corpus-rate-at-least-zbarimg",
                   test_tag_decode_corpus_rate_at_least_zbarimg);
  g_test_add_func ("/tag-decode/reads-two-codes-in-one-image",
                   test_tag_decode_reads_two_codes_in_one_image);
  g_test_add_func ("/tag-decode/file-reads-png-and-jpeg", test_tag_decode_file_reads_png_and_jpeg);
  g_test_add_func ("/tag-decode/file-without-code-says-not-found",
                   test_tag_decode_file_without_code_says_not_found);
  g_test_add_func ("/tag-decode/file-that-is-no-image-says-so",
                   test_tag_decode_file_that_is_no_image_says_so);
  status = g_test_run ();
  g_clear_pointer (&corpus.samples, g_ptr_array_unref);
  g_clear_pointer (&corpus.hard_ok, g_array_unref);
  return status;
}
