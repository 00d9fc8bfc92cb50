/* test-photo-util.h: photo files made at test time, with the EXIF fields a camera writes */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include <jpeglib.h>

#include "fc-photo-decode.h"

typedef struct
{
  guint       width;
  guint       height;
  guint       orientation;   /* 0: no orientation tag */
  const char *date_time;     /* "YYYY:MM:DD HH:MM:SS" or NULL */
  const char *offset;        /* "+08:00" or NULL */
  gboolean    gps;           /* 31°13'48"N 121°28'12"E */
  int         quality;       /* 0: 90 */
  gboolean    noise;         /* fill with noise, to make large files */
  guint32     seed;
} TestJpeg;

static inline void
test_put16 (GByteArray *b,
            guint       v)
{
  guint8 d[2] = { v & 0xff, (v >> 8) & 0xff };

  g_byte_array_append (b, d, 2);
}

static inline void
test_put32 (GByteArray *b,
            guint32     v)
{
  guint8 d[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >> 24) & 0xff };

  g_byte_array_append (b, d, 4);
}

static inline void
test_set32 (GByteArray *b,
            guint       at,
            guint32     v)
{
  b->data[at] = v & 0xff;
  b->data[at + 1] = (v >> 8) & 0xff;
  b->data[at + 2] = (v >> 16) & 0xff;
  b->data[at + 3] = (v >> 24) & 0xff;
}

/* One IFD entry; returns where its value offset is, for entries that point. */
static inline guint
test_entry (GByteArray *b,
            guint       tag,
            guint       type,
            guint32     count,
            guint32     value)
{
  guint at;

  test_put16 (b, tag);
  test_put16 (b, type);
  test_put32 (b, count);
  at = b->len;
  test_put32 (b, value);
  return at;
}

/* A little-endian TIFF structure behind "Exif\0\0", as cameras write it. Offsets
 * count from the TIFF header, 6 bytes in. */
static inline GByteArray *
test_exif_block (const TestJpeg *spec)
{
  GByteArray *b = g_byte_array_new ();
  guint n0 = (spec->orientation ? 1 : 0) + (spec->date_time ? 1 : 0) + (spec->gps ? 1 : 0);
  guint exif_ptr = 0, gps_ptr = 0;

  g_byte_array_append (b, (const guint8 *) "Exif\0\0II*\0\x08\0\0\0", 14);
  test_put16 (b, n0);
  if (spec->orientation)
    test_entry (b, 0x0112, 3, 1, spec->orientation);
  if (spec->date_time)
    exif_ptr = test_entry (b, 0x8769, 4, 1, 0);
  if (spec->gps)
    gps_ptr = test_entry (b, 0x8825, 4, 1, 0);
  test_put32 (b, 0);

  if (spec->date_time)
    {
      guint n = spec->offset ? 2 : 1;
      guint date_at, offset_at = 0;

      test_set32 (b, exif_ptr, b->len - 6);
      test_put16 (b, n);
      date_at = test_entry (b, 0x9003, 2, 20, 0);
      if (spec->offset)
        offset_at = test_entry (b, 0x9011, 2, 7, 0);
      test_put32 (b, 0);
      test_set32 (b, date_at, b->len - 6);
      g_byte_array_append (b, (const guint8 *) spec->date_time, 19);
      g_byte_array_append (b, (const guint8 *) "", 1);
      if (spec->offset)
        {
          test_set32 (b, offset_at, b->len - 6);
          g_byte_array_append (b, (const guint8 *) spec->offset, 6);
          g_byte_array_append (b, (const guint8 *) "", 1);
        }
    }
  if (spec->gps)
    {
      guint lat_at, lon_at;

      test_set32 (b, gps_ptr, b->len - 6);
      test_put16 (b, 4);
      test_entry (b, 0x0001, 2, 2, 'N');
      lat_at = test_entry (b, 0x0002, 5, 3, 0);
      test_entry (b, 0x0003, 2, 2, 'E');
      lon_at = test_entry (b, 0x0004, 5, 3, 0);
      test_put32 (b, 0);
      test_set32 (b, lat_at, b->len - 6);
      test_put32 (b, 31); test_put32 (b, 1);
      test_put32 (b, 13); test_put32 (b, 1);
      test_put32 (b, 48); test_put32 (b, 1);
      test_set32 (b, lon_at, b->len - 6);
      test_put32 (b, 121); test_put32 (b, 1);
      test_put32 (b, 28); test_put32 (b, 1);
      test_put32 (b, 12); test_put32 (b, 1);
    }
  return b;
}

/* Red in the top-left quarter as stored, blue elsewhere (or noise). */
static inline GBytes *
test_jpeg_new (const TestJpeg *spec)
{
  struct jpeg_compress_struct cinfo;
  struct jpeg_error_mgr jerr;
  unsigned char *buffer = NULL;
  unsigned long size = 0;
  g_autofree guint8 *row = g_malloc ((gsize) spec->width * 3);
  GRand *rand = g_rand_new_with_seed (spec->seed);
  GBytes *bytes;

  cinfo.err = jpeg_std_error (&jerr);
  jpeg_create_compress (&cinfo);
  jpeg_mem_dest (&cinfo, &buffer, &size);
  cinfo.image_width = spec->width;
  cinfo.image_height = spec->height;
  cinfo.input_components = 3;
  cinfo.in_color_space = JCS_RGB;
  jpeg_set_defaults (&cinfo);
  jpeg_set_quality (&cinfo, spec->quality ? spec->quality : 90, TRUE);
  cinfo.write_JFIF_header = FALSE;
  jpeg_start_compress (&cinfo, TRUE);
  if (spec->orientation || spec->date_time || spec->gps)
    {
      g_autoptr(GByteArray) exif = test_exif_block (spec);

      jpeg_write_marker (&cinfo, JPEG_APP0 + 1, exif->data, exif->len);
    }
  while (cinfo.next_scanline < cinfo.image_height)
    {
      guint y = cinfo.next_scanline;

      for (guint x = 0; x < spec->width; x++)
        {
          guint8 *p = row + x * 3;

          if (spec->noise)
            {
              guint32 r = g_rand_int (rand);

              p[0] = r & 0xff;
              p[1] = (r >> 8) & 0xff;
              p[2] = (r >> 16) & 0xff;
            }
          else if (x < spec->width / 2 && y < spec->height / 2)
            {
              p[0] = 230; p[1] = 20; p[2] = 20;
            }
          else
            {
              p[0] = 20; p[1] = 20; p[2] = 230;
            }
        }
      jpeg_write_scanlines (&cinfo, &row, 1);
    }
  jpeg_finish_compress (&cinfo);
  jpeg_destroy_compress (&cinfo);
  g_rand_free (rand);
  bytes = g_bytes_new (buffer, size);
  free (buffer);
  return bytes;
}

static inline GBytes *
test_jpeg_simple (guint  width,
                  guint  height,
                  guint32 seed)
{
  TestJpeg spec = { .width = width, .height = height, .seed = seed, .noise = seed != 0 };

  return test_jpeg_new (&spec);
}

/* Whether the pixel at (x, y) is mostly red (TRUE) or mostly blue (FALSE). */
static inline gboolean
test_pixel_is_red (const FcPixels *pixels,
                   guint           x,
                   guint           y)
{
  const guint8 *p = pixels->data + ((gsize) y * pixels->width + x) * 3;

  g_assert_true (p[0] > 150 || p[2] > 150);
  return p[0] > p[2];
}

static inline gboolean
test_write_file (const char *path,
                 GBytes     *bytes)
{
  return g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL);
}

/* Removes a scratch folder and everything in it. */
static inline void
test_rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          test_rm_rf (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

/* Every file under @path, recursively, as paths relative to it. */
static inline void
test_list_files (const char *path,
                 const char *prefix,
                 GPtrArray  *out)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_autofree char *rel = prefix ? g_build_filename (prefix, name, NULL) : g_strdup (name);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        test_list_files (child, rel, out);
      else
        g_ptr_array_add (out, g_steal_pointer (&rel));
    }
}
