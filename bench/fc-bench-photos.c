/* fc-bench-photos.c: importing photos, against copying and hashing the same files
 *
 * (a) import throughput, photos per second, of N camera-sized JPEGs (about
 *     3 MB each) through fc_photos_import_file() into a fresh store — whole-file
 *     decode check, SHA-256, durable write (fsync of file and folder), record
 *     and op committed with synchronous=FULL, thumbnail — as a ratio to
 *     `cp FILES DIR` then `sha256sum` of the copies, in the same run
 *     (which neither decodes nor flushes anything to the disk);
 * (b) rebuilding one thumbnail from a stored photo, in milliseconds, against
 *     reading and hashing that photo.
 *
 * usage: fc-bench-photos SCRATCH-DIR [N]
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <jpeglib.h>

#include "fc-blobs.h"
#include "fc-hazards.h"
#include "fc-photos.h"
#include "fc-store-write.h"

#define TARGET_BYTES (3 * 1024 * 1024)

/* A camera-like picture: smooth shading with sensor noise, which JPEG
 * compresses about as badly as a real photo of a cluttered wiring cabinet. */
static GBytes *
camera_jpeg (guint   width,
             guint   height,
             guint32 seed)
{
  struct jpeg_compress_struct cinfo;
  struct jpeg_error_mgr jerr;
  unsigned char *buffer = NULL;
  unsigned long size = 0;
  g_autofree guint8 *row = g_malloc ((gsize) width * 3);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  GBytes *bytes;

  cinfo.err = jpeg_std_error (&jerr);
  jpeg_create_compress (&cinfo);
  jpeg_mem_dest (&cinfo, &buffer, &size);
  cinfo.image_width = width;
  cinfo.image_height = height;
  cinfo.input_components = 3;
  cinfo.in_color_space = JCS_RGB;
  jpeg_set_defaults (&cinfo);
  jpeg_set_quality (&cinfo, 92, TRUE);
  jpeg_start_compress (&cinfo, TRUE);
  while (cinfo.next_scanline < height)
    {
      guint y = cinfo.next_scanline;

      for (guint x = 0; x < width; x++)
        for (guint c = 0; c < 3; c++)
          {
            int v = (int) ((x * (c + 1) + y * (3 - c)) * 255 / (width + height) / 2) +
                    g_rand_int_range (rand, -40, 40);

            row[x * 3 + c] = (guint8) CLAMP (v, 0, 255);
          }
      jpeg_write_scanlines (&cinfo, &row, 1);
    }
  jpeg_finish_compress (&cinfo);
  jpeg_destroy_compress (&cinfo);
  bytes = g_bytes_new (buffer, size);
  free (buffer);
  return bytes;
}

static double
seconds_since (gint64 t0)
{
  return (double) (g_get_monotonic_time () - t0) / G_USEC_PER_SEC;
}

static void
die (const char *what,
     GError     *error)
{
  g_printerr ("fc-bench-photos: %s: %s\n", what, error ? error->message : "failed");
  exit (1);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) photos = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(FcStore) store = NULL;
  g_autoptr(FcOp) facility = NULL;
  g_autoptr(GString) cp = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *sources = NULL;
  g_autofree char *copies = NULL;
  g_autofree char *db = NULL;
  g_autofree char *hazard = NULL;
  g_autofree char *thumbs = NULL;
  g_autofree char *rm = NULL;
  FcHazardRecord record = {
    .category = FC_CATEGORY_ELECTRICAL, .description = "bench", .level = FC_HAZARD_LEVEL_GENERAL,
    .found_at = "2026-11-29T10:00:00+08:00",
  };
  FcPhotoTarget target = { .attached_kind = "hazard", .purpose = "defect" };
  guint n = argc > 2 ? (guint) atoi (argv[2]) : 20;
  guint width = 2400, height = 1800;
  gsize total = 0;
  double floor_s, import_s, thumb_s, hash_s;
  int status = 0;
  gint64 t0;

  if (argc < 2 || n == 0)
    {
      g_printerr ("usage: fc-bench-photos SCRATCH-DIR [N]\n");
      return 2;
    }
  dir = g_build_filename (argv[1], "fc-bench-photos", NULL);
  rm = g_strdup_printf ("rm -rf '%s'", dir);
  g_spawn_command_line_sync (rm, NULL, NULL, NULL, NULL);
  sources = g_build_filename (dir, "camera", NULL);
  copies = g_build_filename (dir, "copies", NULL);
  g_mkdir_with_parents (sources, 0700);
  g_mkdir_with_parents (copies, 0700);

  /* Size the pictures so that one is about 3 MB. */
  {
    g_autoptr(GBytes) probe = camera_jpeg (width, height, 1);
    double scale = (double) TARGET_BYTES / g_bytes_get_size (probe);

    width = (guint) (width * sqrt (scale));
    height = (guint) (height * sqrt (scale));
  }
  cp = g_string_new ("cp");
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GBytes) jpeg = camera_jpeg (width, height, 100 + i);
      char *path = g_strdup_printf ("%s/IMG_%04u.jpg", sources, i);

      if (!g_file_set_contents (path, g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg), &error))
        die ("writing the pictures", error);
      total += g_bytes_get_size (jpeg);
      g_string_append_printf (cp, " '%s'", path);
      g_ptr_array_add (files, path);
    }
  g_string_append_printf (cp, " '%s' && sha256sum '%s'/* > /dev/null", copies, copies);

  db = g_build_filename (dir, "store", "fieldcheck.db", NULL);
  thumbs = g_build_filename (dir, "store", "thumbnails", NULL);
  g_mkdir_with_parents (thumbs, 0700);
  store = fc_store_open (db, &error);
  if (store == NULL)
    die ("opening the store", error);
  facility = fc_op_new_insert ("facility", NULL);
  fc_op_set_string (facility, "type", "elderly_care");
  fc_op_set_string (facility, "name", "bench");
  fc_op_set_string (facility, "town", "bench");
  if (!fc_store_write (store, facility, &error))
    die ("writing a facility", error);
  record.facility_id = facility->row_id;
  hazard = fc_hazards_record (store, &record, &error);
  if (hazard == NULL)
    die ("recording a hazard", error);
  target.attached_id = hazard;

  /* (a) The floor first, then the import, both on a warm page cache. */
  {
    const char *argv_cp[] = { "/bin/sh", "-c", cp->str, NULL };

    t0 = g_get_monotonic_time ();
    if (!g_spawn_sync (NULL, (char **) argv_cp, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL,
                       &status, &error) || status != 0)
      die ("cp and sha256sum", error);
    floor_s = seconds_since (t0);
  }
  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      char *id = fc_photos_import_file (store, files->pdata[i], &target, &error);

      if (id == NULL)
        die (files->pdata[i], error);
      g_ptr_array_add (photos, id);
    }
  import_s = seconds_since (t0);

  /* (b) Thumbnails rebuilt from the stored photos, against reading and hashing them. */
  g_free (rm);
  rm = g_strdup_printf ("rm -rf '%s'", thumbs);
  g_spawn_command_line_sync (rm, NULL, NULL, NULL, NULL);
  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = fc_photos_thumbnail (store, photos->pdata[i], &error);

      if (path == NULL)
        die ("a thumbnail", error);
    }
  thumb_s = seconds_since (t0);
  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *sha = fc_blobs_hash_file (files->pdata[i], &error);

      if (sha == NULL)
        die ("hashing", error);
    }
  hash_s = seconds_since (t0);

  printf ("photos\t%u of %u×%u, %.2f MB on average\n", n, width, height,
          (double) total / n / (1024 * 1024));
  printf ("import\t%.1f photos/s (%.1f ms each, durable, with thumbnail)\n", n / import_s,
          import_s * 1000 / n);
  printf ("floor\t%.1f photos/s (cp + sha256sum of the same files, not flushed)\n", n / floor_s);
  printf ("ratio\timport is %.2f× the floor's throughput\n", floor_s / import_s);
  printf ("thumbnail\t%.1f ms each (from the stored photo), %.1f× reading and hashing it\n",
          thumb_s * 1000 / n, thumb_s / hash_s);

  g_clear_object (&store);
  g_free (rm);
  rm = g_strdup_printf ("rm -rf '%s'", dir);
  g_spawn_command_line_sync (rm, NULL, NULL, NULL, NULL);
  return 0;
}
