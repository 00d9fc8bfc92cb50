/* fc-bench-qr.c: the cost and the reach of reading QR tags
 *
 * (a) one fc_tag_decoder_scan() of a VGA and a 720p grey frame holding a tag,
 *     as a ratio to plain libzbar (a default image scanner: every symbology)
 *     on the same frame in the same run (aim: at most 1.1×); a QR-only libzbar
 *     scanner is printed too, as the floor of the same work;
 * (b) the share of the perturbed corpus of tests/core/tag-corpus.c that
 *     fc_tag_decoder_scan_hard() reads, against zbarimg on the same pixels
 *     (aim: at least equal), and the time per image of each.
 *
 * usage: fc-bench-qr [SCRATCH-DIR]
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "fc-tag.h"
#include "fc-tag-decode.h"
#include "tag-corpus.h"

#define ROUNDS 200

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *v,
        guint   n)
{
  qsort (v, n, sizeof *v, compare_doubles);
  return v[n / 2];
}

static gboolean
plain_zbar (zbar_image_scanner_t *scanner,
            const guint8         *grey,
            guint                 width,
            guint                 height)
{
  g_autoptr(zbar_image_t) image = zbar_image_create ();

  zbar_image_set_format (image, zbar_fourcc ('Y', '8', '0', '0'));
  zbar_image_set_size (image, width, height);
  zbar_image_set_data (image, grey, (unsigned long) width * height, NULL);
  return zbar_scan_image (scanner, image) > 0;
}

static void
bench_frame (const char *label,
             guint       width,
             guint       height)
{
  g_autofree char *payload = fc_tag_format ("500154", "001003", NULL);
  /* A 20 mm tag at arm's length fills about a fifth of the frame's height. */
  g_autofree guint8 *grey = tag_render (payload, width, height, height / 4.0, 12);
  g_autoptr(FcTagDecoder) decoder = fc_tag_decoder_new ();
  g_autoptr(zbar_image_scanner_t) all = zbar_image_scanner_create ();
  g_autoptr(zbar_image_scanner_t) qr_only = zbar_image_scanner_create ();
  double ours[ROUNDS], plain[ROUNDS], floor_qr[ROUNDS];

  zbar_image_scanner_set_config (qr_only, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
  zbar_image_scanner_set_config (qr_only, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
  for (guint r = 0; r < ROUNDS; r++)
    {
      g_auto(GStrv) texts = NULL;
      gint64 t0, t1, t2, t3;

      /* Interleaved, so drift in clock speed hits all three alike. */
      t0 = g_get_monotonic_time ();
      texts = fc_tag_decoder_scan (decoder, grey, width, height, width);
      t1 = g_get_monotonic_time ();
      if (!plain_zbar (all, grey, width, height))
        g_error ("plain libzbar missed the %s frame", label);
      t2 = g_get_monotonic_time ();
      plain_zbar (qr_only, grey, width, height);
      t3 = g_get_monotonic_time ();
      if (texts == NULL || !g_str_equal (texts[0], payload))
        g_error ("fc_tag_decoder_scan missed the %s frame", label);
      ours[r] = (t1 - t0) / 1000.0;
      plain[r] = (t2 - t1) / 1000.0;
      floor_qr[r] = (t3 - t2) / 1000.0;
    }
  printf ("%-5s %4ux%-4u  fc_tag_decoder_scan %6.2f ms  libzbar %6.2f ms  ratio %.2fx"
          "  (libzbar QR only %6.2f ms, ratio %.2fx)\n",
          label, width, height, median (ours, ROUNDS), median (plain, ROUNDS),
          median (ours, ROUNDS) / median (plain, ROUNDS), median (floor_qr, ROUNDS),
          median (ours, ROUNDS) / median (floor_qr, ROUNDS));
}

static void
bench_corpus (const char *dir)
{
  g_autoptr(GPtrArray) samples = tag_corpus_generate ("500154", 20260401);
  g_autoptr(FcTagDecoder) decoder = fc_tag_decoder_new ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *zbarimg = g_find_program_in_path ("zbarimg");
  g_autoptr(GError) error = NULL;
  guint ours = 0, theirs = 0;
  gint64 t0, t1, t2;

  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < samples->len; i++)
    {
      TagSample *s = samples->pdata[i];
      g_auto(GStrv) texts = fc_tag_decoder_scan_hard (decoder, s->grey, s->width, s->height,
                                                      s->width, NULL);

      ours += texts != NULL && g_strv_contains ((const char *const *) texts, s->payload);
    }
  t1 = g_get_monotonic_time ();
  if (zbarimg == NULL)
    {
      printf ("corpus: read %u of %u (%.3f); zbarimg is not installed\n", ours, samples->len,
              (double) ours / samples->len);
      return;
    }
  g_ptr_array_add (argv, g_strdup (zbarimg));
  g_ptr_array_add (argv, g_strdup ("-q"));
  g_ptr_array_add (argv, g_strdup ("--raw"));
  g_ptr_array_add (argv, g_strdup ("--nodbus"));
  for (guint i = 0; i < samples->len; i++)
    {
      TagSample *s = samples->pdata[i];
      g_autofree char *name = g_strdup_printf ("bench-qr-%03u.pgm", i);
      char *path = g_build_filename (dir, name, NULL);

      if (!tag_write_pgm (s->grey, s->width, s->height, path, &error))
        g_error ("%s", error->message);
      g_ptr_array_add (argv, path);
    }
  g_ptr_array_add (argv, NULL);
  {
    g_autofree char *out = NULL;
    g_auto(GStrv) lines = NULL;

    t2 = g_get_monotonic_time ();
    if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                       &out, NULL, NULL, &error))
      g_error ("%s", error->message);
    t2 = g_get_monotonic_time () - t2;
    lines = g_strsplit (out, "\n", -1);
    for (guint i = 0; i < samples->len; i++)
      theirs += g_strv_contains ((const char *const *) lines,
                                 ((TagSample *) samples->pdata[i])->payload);
  }
  printf ("corpus: fc_tag_decoder_scan_hard read %u of %u (%.3f), %.1f ms an image; "
          "zbarimg %u (%.3f), %.1f ms an image (one process for all); ratio of reads %.2fx\n",
          ours, samples->len, (double) ours / samples->len,
          (t1 - t0) / 1000.0 / samples->len, theirs, (double) theirs / samples->len,
          t2 / 1000.0 / samples->len, theirs ? (double) ours / theirs : 0.0);
  for (guint i = 4; i < argv->len - 1; i++)
    g_unlink (argv->pdata[i]);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = argc > 1 ? g_strdup (argv[1]) : g_dir_make_tmp ("fc-bench-qr-XXXXXX", NULL);

  bench_frame ("VGA", 640, 480);
  bench_frame ("720p", 1280, 720);
  bench_corpus (dir);
  if (argc <= 1)
    g_rmdir (dir);
  return 0;
}
