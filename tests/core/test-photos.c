/* test-photos.c: the photo store keeps every original intact, once, and never half */

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fc-blobs.h"
#include "fc-error.h"
#include "fc-hazards.h"
#include "fc-photo-decode.h"
#include "fc-photos.h"
#include "fc-store-write.h"
#include "test-photo-util.h"
#include "test-util.h"

typedef struct
{
  char    *dir;
  char    *db;
  FcStore *store;
  char    *facility;
  char    *hazard;
  char    *other_hazard;
  char    *equipment;
} Fixture;

static char *
write_row (FcStore    *store,
           const char *table,
           ...)
{
  g_autoptr(FcOp) op = fc_op_new_insert (table, NULL);
  g_autoptr(GError) error = NULL;
  const char *field;
  va_list args;

  va_start (args, table);
  while ((field = va_arg (args, const char *)) != NULL)
    fc_op_set_string (op, field, va_arg (args, const char *));
  va_end (args);
  g_assert_true (fc_store_write (store, op, &error));
  g_assert_no_error (error);
  return g_strdup (op->row_id);
}

static char *
record_hazard (Fixture    *f,
               const char *description)
{
  FcHazardRecord record = {
    .facility_id = f->facility, .category = FC_CATEGORY_ELECTRICAL,
    .description = description, .level = FC_HAZARD_LEVEL_GENERAL,
    .found_at = "2026-11-01T10:00:00+08:00",
  };
  g_autoptr(GError) error = NULL;
  char *id = fc_hazards_record (f->store, &record, &error);

  g_assert_no_error (error);
  return id;
}

static void
fixture_open (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&f->store);
  f->store = fc_store_open (f->db, &error);
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *staff = NULL;

  f->dir = g_dir_make_tmp ("fieldcheck-photos-XXXXXX", &error);
  g_assert_no_error (error);
  f->db = g_build_filename (f->dir, "fieldcheck.db", NULL);
  fixture_open (f);
  staff = write_row (f->store, "person", "name", "王工", "roles", "staff", NULL);
  fc_store_set_user (f->store, staff);
  f->facility = write_row (f->store, "facility", "type", "elderly_care", "name", "城南敬老院",
                           "town", "汉丰街道", NULL);
  f->hazard = record_hazard (f, "配电箱后线路老化");
  f->other_hazard = record_hazard (f, "插座过载");
  f->equipment = write_row (f->store, "equipment", "facility_id", f->facility,
                            "kind", "distribution_board", "name", "一楼配电箱", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->db);
  g_free (f->facility);
  g_free (f->hazard);
  g_free (f->other_hazard);
  g_free (f->equipment);
}

static FcPhotoTarget
target_for (const char *kind,
            const char *id,
            const char *purpose)
{
  FcPhotoTarget target = { .attached_kind = kind, .attached_id = id, .purpose = purpose };

  return target;
}

static char *
import_ok (Fixture    *f,
           GBytes     *bytes,
           const char *hazard,
           const char *purpose)
{
  FcPhotoTarget target = target_for ("hazard", hazard, purpose);
  g_autoptr(GError) error = NULL;
  char *id = fc_photos_import (f->store, bytes, &target, &error);

  g_assert_no_error (error);
  g_assert_nonnull (id);
  return id;
}

/* Every file under the store's folder except the database itself. */
static GPtrArray *
files_beside_store (Fixture    *f,
                    const char *sub)
{
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *path = g_build_filename (f->dir, sub, NULL);

  test_list_files (path, NULL, files);
  return files;
}

static void
assert_integrity (FcStore *store)
{
  g_autofree char *check = test_text (store, "PRAGMA integrity_check");

  g_assert_cmpstr (check, ==, "ok");
}

static gint64
photo_rows (Fixture *f)
{
  return test_count (f->store, "SELECT count (*) FROM photo");
}

static void
test_photo_import_keeps_bytes_under_their_digest_with_a_record_and_op (Fixture       *f,
                                                                       gconstpointer  data)
{
  TestJpeg spec = { .width = 64, .height = 48, .date_time = "2026:11:29 14:03:07",
                    .offset = "+08:00" };
  g_autoptr(GBytes) jpeg = test_jpeg_new (&spec);
  g_autofree char *id = import_ok (f, jpeg, f->hazard, "defect");
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, jpeg);
  g_autofree char *path = fc_photos_path (f->store, sha);
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(GBytes) loaded = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  row = fc_photos_get (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (row, "sha256"), ==, sha);
  g_assert_cmpint (json_object_get_int_member (row, "size"), ==, g_bytes_get_size (jpeg));
  g_assert_cmpint (json_object_get_int_member (row, "width"), ==, 64);
  g_assert_cmpint (json_object_get_int_member (row, "height"), ==, 48);
  g_assert_cmpstr (json_object_get_string_member (row, "mime"), ==, "image/jpeg");
  g_assert_cmpstr (json_object_get_string_member (row, "taken_at"), ==, "2026-11-29T14:03:07+08:00");
  g_assert_cmpstr (json_object_get_string_member (row, "attached_kind"), ==, "hazard");
  g_assert_cmpstr (json_object_get_string_member (row, "purpose"), ==, "defect");
  g_assert_cmpstr (json_object_get_string_member (row, "author_id"), ==, fc_store_get_user (f->store));
  g_assert_cmpint (test_count (f->store, "SELECT count (*) FROM op_log WHERE tbl = 'photo'"), ==, 1);

  loaded = fc_photos_load (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (loaded, jpeg));
}

typedef struct
{
  const char *name;
  GBytes   *(*make) (void);
  const char *says;
} BadInput;

static GBytes *
make_text (void)
{
  return g_bytes_new_static ("配电箱照片.jpg is on the other phone\n", 40);
}

static GBytes *
make_empty (void)
{
  return g_bytes_new_static ("", 0);
}

static GBytes *
make_truncated_jpeg (void)
{
  g_autoptr(GBytes) whole = test_jpeg_simple (320, 240, 7);

  return g_bytes_new_from_bytes (whole, 0, g_bytes_get_size (whole) * 2 / 3);
}

static GBytes *
make_jpeg_header_only (void)
{
  g_autoptr(GBytes) whole = test_jpeg_simple (320, 240, 7);

  return g_bytes_new_from_bytes (whole, 0, 200);
}

/* A small JPEG whose frame header claims 60000×60000 pixels. */
static GBytes *
make_jpeg_bomb (void)
{
  g_autoptr(GBytes) whole = test_jpeg_simple (64, 64, 0);
  gsize size = g_bytes_get_size (whole);
  guint8 *data = g_memdup2 (g_bytes_get_data (whole, NULL), size);

  for (gsize i = 2; i + 9 < size; i++)
    if (data[i] == 0xff && data[i + 1] == 0xc0)
      {
        data[i + 5] = 60000 >> 8;
        data[i + 6] = 60000 & 0xff;
        data[i + 7] = 60000 >> 8;
        data[i + 8] = 60000 & 0xff;
        break;
      }
  return g_bytes_new_take (data, size);
}

static guint32
crc32_of (const guint8 *data,
          gsize         size)
{
  guint32 crc = 0xffffffff;

  for (gsize i = 0; i < size; i++)
    {
      crc ^= data[i];
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xedb88320 & -(crc & 1));
    }
  return ~crc;
}

/* A PNG of 1×1 pixel, with a valid header that claims the size given. */
static GBytes *
make_png (guint32  width,
          guint32  height,
          gboolean cut_short)
{
  static const guint8 one_pixel[] = {
    0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
    0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0, 0x90, 0x77, 0x53, 0xde,
    0, 0, 0, 12, 'I', 'D', 'A', 'T', 0x08, 0xd7, 0x63, 0xf8, 0xcf, 0xc0, 0x00, 0x00, 0x03, 0x01,
    0x01, 0x00, 0x18, 0xdd, 0x8d, 0xb0,
    0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82,
  };
  guint8 *data = g_memdup2 (one_pixel, sizeof one_pixel);
  guint32 crc;

  data[16] = width >> 24; data[17] = width >> 16; data[18] = width >> 8; data[19] = width;
  data[20] = height >> 24; data[21] = height >> 16; data[22] = height >> 8; data[23] = height;
  crc = crc32_of (data + 12, 17);
  data[29] = crc >> 24; data[30] = crc >> 16; data[31] = crc >> 8; data[32] = crc;
  return g_bytes_new_take (data, cut_short ? 45 : sizeof one_pixel);
}

static GBytes *
make_png_bomb (void)
{
  return make_png (50000, 50000, FALSE);
}

static GBytes *
make_truncated_png (void)
{
  return make_png (1, 1, TRUE);
}

static GBytes *
make_gif (void)
{
  return g_bytes_new_static ("GIF89a\001\000\001\000\200\000\000\377\377\377\000\000\000!\371\004"
                             "\001\000\000\000\000,\000\000\000\000\001\000\001\000\000\002\002D"
                             "\001\000;", 43);
}

static GBytes *
make_webp (void)
{
  return g_bytes_new_static ("RIFF\044\000\000\000WEBPVP8 \030\000\000\000", 20);
}

static GBytes *
make_heic (void)
{
  return g_bytes_new_static ("\000\000\000\030ftypheic\000\000\000\000mif1heic", 24);
}

static const BadInput bad_inputs[] = {
  { "text file", make_text, "not a photo" },
  { "empty file", make_empty, "not a photo" },
  { "JPEG cut at two thirds", make_truncated_jpeg, "incomplete" },
  { "JPEG cut inside its header", make_jpeg_header_only, "incomplete" },
  { "JPEG declaring 60000×60000", make_jpeg_bomb, "megapixels" },
  { "PNG declaring 50000×50000", make_png_bomb, "megapixels" },
  { "PNG cut short", make_truncated_png, "incomplete" },
  { "GIF", make_gif, "GIF images are not accepted" },
  { "WebP", make_webp, "WebP images are not accepted" },
  { "HEIC", make_heic, "HEIC images are not accepted" },
};

static void
test_photo_bad_input_is_refused_and_leaves_nothing (Fixture       *f,
                                                    gconstpointer  data)
{
  gint64 ops_before = test_count (f->store, "SELECT count (*) FROM op_log");

  for (guint i = 0; i < G_N_ELEMENTS (bad_inputs); i++)
    {
      g_autoptr(GBytes) bytes = bad_inputs[i].make ();
      FcPhotoTarget target = target_for ("hazard", f->hazard, "defect");
      g_autoptr(GError) error = NULL;
      g_autofree char *id = NULL;
      g_autoptr(GPtrArray) blobs = NULL;

      g_test_message ("%s", bad_inputs[i].name);
      id = fc_photos_import (f->store, bytes, &target, &error);
      g_assert_null (id);
      g_assert_error (error, FC_ERROR, FC_ERROR_INVALID);
      if (strstr (error->message, bad_inputs[i].says) == NULL)
        g_error ("%s: “%s” does not say “%s”", bad_inputs[i].name, error->message,
                 bad_inputs[i].says);
      blobs = files_beside_store (f, "blobs");
      g_assert_cmpuint (blobs->len, ==, 0);
    }
  g_assert_cmpint (photo_rows (f), ==, 0);
  g_assert_cmpint (test_count (f->store, "SELECT count (*) FROM op_log"), ==, ops_before);
}

static void
test_photo_png_is_accepted (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GBytes) png = make_png (1, 1, FALSE);
  g_autofree char *id = import_ok (f, png, f->hazard, "defect");
  g_autoptr(JsonObject) row = fc_photos_get (f->store, id, NULL);

  g_assert_cmpstr (json_object_get_string_member (row, "mime"), ==, "image/png");
  g_assert_cmpint (json_object_get_int_member (row, "width"), ==, 1);
}

static void
test_photo_same_bytes_are_stored_once (Fixture       *f,
                                       gconstpointer  data)
{
  g_autoptr(GBytes) jpeg = test_jpeg_simple (64, 48, 3);
  g_autofree char *a = import_ok (f, jpeg, f->hazard, "defect");
  g_autofree char *b = import_ok (f, jpeg, f->other_hazard, "defect");
  g_autoptr(GPtrArray) blobs = files_beside_store (f, "blobs");

  g_assert_cmpstr (a, !=, b);
  g_assert_cmpint (photo_rows (f), ==, 2);
  g_assert_cmpuint (blobs->len, ==, 1);
}

static void
test_photo_is_not_attached_twice_to_the_same_thing (Fixture       *f,
                                                    gconstpointer  data)
{
  g_autoptr(GBytes) jpeg = test_jpeg_simple (64, 48, 4);
  g_autofree char *first = import_ok (f, jpeg, f->hazard, "before");
  FcPhotoTarget again = target_for ("hazard", f->hazard, "after");
  g_autoptr(GError) error = NULL;
  g_autofree char *second = fc_photos_import (f->store, jpeg, &again, &error);
  g_autoptr(GPtrArray) blobs = files_beside_store (f, "blobs");

  g_assert_null (second);
  g_assert_error (error, FC_ERROR, FC_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, first));
  g_assert_cmpint (photo_rows (f), ==, 1);
  g_assert_cmpuint (blobs->len, ==, 1);
}

typedef struct
{
  const char *kind;
  gboolean    exists;
  int         code;
} TargetCase;

static void
test_photo_target_must_exist_and_be_known (Fixture       *f,
                                           gconstpointer  data)
{
  g_autoptr(GBytes) jpeg = test_jpeg_simple (32, 32, 5);
  const TargetCase cases[] = {
    { "hazard", TRUE, -1 },
    { "acceptance", TRUE, -1 },
    { "equipment", TRUE, -1 },
    { "hazard", FALSE, FC_ERROR_NOT_FOUND },
    { "result", FALSE, FC_ERROR_NOT_FOUND },
    { "facility", TRUE, FC_ERROR_INVALID },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *id = !cases[i].exists ? "no-such-row" :
                       g_str_equal (cases[i].kind, "equipment") ? f->equipment :
                       g_str_equal (cases[i].kind, "facility") ? f->facility : f->hazard;
      FcPhotoTarget target = target_for (cases[i].kind, id, "after");
      g_autoptr(GError) error = NULL;
      g_autofree char *photo = fc_photos_import (f->store, jpeg, &target, &error);

      g_test_message ("%s %s", cases[i].kind, id);
      if (cases[i].code < 0)
        {
          g_assert_no_error (error);
          g_assert_nonnull (photo);
        }
      else
        g_assert_error (error, FC_ERROR, cases[i].code);
    }
  g_assert_cmpint (photo_rows (f), ==, 3);
}

typedef struct
{
  guint    orientation;
  gboolean swapped;
  gboolean red_right;
  gboolean red_bottom;
} OrientationCase;

/* Where the top-left corner of the stored pixels is seen, by EXIF orientation. */
static const OrientationCase orientations[] = {
  { 1, FALSE, FALSE, FALSE },
  { 2, FALSE, TRUE, FALSE },
  { 3, FALSE, TRUE, TRUE },
  { 4, FALSE, FALSE, TRUE },
  { 5, TRUE, FALSE, FALSE },
  { 6, TRUE, TRUE, FALSE },
  { 7, TRUE, TRUE, TRUE },
  { 8, TRUE, FALSE, TRUE },
};

static void
test_photo_exif_orientation_turns_size_and_thumbnail_not_bytes (Fixture       *f,
                                                                gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (orientations); i++)
    {
      const OrientationCase *c = &orientations[i];
      TestJpeg spec = { .width = 96, .height = 48, .orientation = c->orientation };
      g_autoptr(GBytes) jpeg = test_jpeg_new (&spec);
      g_autofree char *id = import_ok (f, jpeg, f->hazard, "defect");
      g_autoptr(JsonObject) row = fc_photos_get (f->store, id, NULL);
      g_autoptr(GError) error = NULL;
      g_autofree char *thumb_path = NULL;
      g_autofree char *thumb_data = NULL;
      g_autoptr(GBytes) thumb = NULL;
      g_autoptr(GBytes) original = NULL;
      g_auto(FcPhotoInfo) info = { 0 };
      g_autoptr(FcPixels) pixels = NULL;
      gsize size;

      g_test_message ("orientation %u", c->orientation);
      g_assert_cmpint (json_object_get_int_member (row, "width"), ==, c->swapped ? 48 : 96);
      g_assert_cmpint (json_object_get_int_member (row, "height"), ==, c->swapped ? 96 : 48);

      thumb_path = fc_photos_thumbnail (f->store, id, &error);
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (thumb_path, &thumb_data, &size, NULL));
      thumb = g_bytes_new_take (g_steal_pointer (&thumb_data), size);
      pixels = fc_photo_decode (thumb, 1000, &info, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (pixels->width, ==, c->swapped ? 48 : 96);
      g_assert_cmpuint (pixels->height, ==, c->swapped ? 96 : 48);
      for (guint qy = 0; qy < 2; qy++)
        for (guint qx = 0; qx < 2; qx++)
          {
            gboolean red = test_pixel_is_red (pixels, pixels->width * (1 + 2 * qx) / 4,
                                              pixels->height * (1 + 2 * qy) / 4);

            g_assert_cmpint (red, ==, (qx == 1) == c->red_right && (qy == 1) == c->red_bottom);
          }

      original = fc_photos_load (f->store, id, &error);
      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (original, jpeg));
    }
}

static void
test_photo_location_is_kept_only_when_the_setting_allows (Fixture       *f,
                                                          gconstpointer  data)
{
  TestJpeg spec = { .width = 40, .height = 30, .date_time = "2026:11:29 09:15:00", .gps = TRUE };
  g_autoptr(GBytes) jpeg = test_jpeg_new (&spec);
  FcPhotoTarget without = target_for ("hazard", f->hazard, "defect");
  FcPhotoTarget with = target_for ("hazard", f->other_hazard, "defect");
  FcPhotoTarget device = target_for ("equipment", f->equipment, "defect");
  g_autofree char *a = NULL, *b = NULL, *c = NULL;
  g_autoptr(JsonObject) row_a = NULL, row_b = NULL, row_c = NULL;

  with.keep_location = TRUE;
  device.keep_location = TRUE;
  device.has_location = TRUE;
  device.latitude = 31.18;
  device.longitude = 108.41;
  a = fc_photos_import (f->store, jpeg, &without, NULL);
  b = fc_photos_import (f->store, jpeg, &with, NULL);
  c = fc_photos_import (f->store, jpeg, &device, NULL);
  row_a = fc_photos_get (f->store, a, NULL);
  row_b = fc_photos_get (f->store, b, NULL);
  row_c = fc_photos_get (f->store, c, NULL);

  g_assert_true (json_object_get_null_member (row_a, "latitude"));
  g_assert_true (json_object_get_null_member (row_a, "longitude"));
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (row_b, "latitude"),
                                  31.0 + 13.0 / 60 + 48.0 / 3600, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (row_b, "longitude"),
                                  121.0 + 28.0 / 60 + 12.0 / 3600, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (row_c, "latitude"), 31.18, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (row_c, "longitude"), 108.41, 1e-9);
  /* Without an offset in EXIF the camera's time is this device's local time. */
  g_assert_true (g_str_has_prefix (json_object_get_string_member (row_a, "taken_at"),
                                   "2026-11-29T09:15:00"));
}

static void
test_photo_capture_time_falls_back_to_the_callers (Fixture       *f,
                                                   gconstpointer  data)
{
  g_autoptr(GBytes) jpeg = test_jpeg_simple (40, 30, 9);
  FcPhotoTarget target = target_for ("hazard", f->hazard, "defect");
  g_autofree char *id = NULL;
  g_autoptr(JsonObject) row = NULL;

  target.taken_at = "2026-11-30T08:00:00+08:00";
  id = fc_photos_import (f->store, jpeg, &target, NULL);
  row = fc_photos_get (f->store, id, NULL);
  g_assert_cmpstr (json_object_get_string_member (row, "taken_at"), ==, target.taken_at);
}

static void
test_photo_disk_full_while_writing_leaves_no_file_and_no_record (Fixture       *f,
                                                                 gconstpointer  data)
{
  g_autoptr(GBytes) jpeg = test_jpeg_simple (400, 300, 11);
  FcPhotoTarget target = target_for ("hazard", f->hazard, "defect");
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autoptr(GPtrArray) blobs = NULL;

  g_setenv ("FC_TEST_BLOBS_FULL_AFTER", "4096", TRUE);
  id = fc_photos_import (f->store, jpeg, &target, &error);
  g_unsetenv ("FC_TEST_BLOBS_FULL_AFTER");

  g_assert_null (id);
  g_assert_error (error, FC_ERROR, FC_ERROR_DISK_FULL);
  blobs = files_beside_store (f, "blobs");
  g_assert_cmpuint (blobs->len, ==, 0);
  g_assert_cmpint (photo_rows (f), ==, 0);
  assert_integrity (f->store);
}

/* The same on a real file system that fills up: a 2 MiB tmpfs holding a copy
 * of the store. Needs the right to mount (root, as in the CI container). */
static void
test_photo_disk_full_on_a_real_small_disk (Fixture       *f,
                                           gconstpointer  data)
{
  g_autofree char *mnt = g_build_filename (f->dir, "small-disk", NULL);
  g_autofree char *db = g_build_filename (mnt, "fieldcheck.db", NULL);
  g_autoptr(GBytes) small = test_jpeg_simple (64, 64, 12);
  g_autoptr(GBytes) big = test_jpeg_simple (2000, 1500, 13);
  g_autoptr(FcStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *blob_dir = NULL;
  g_autoptr(GPtrArray) blobs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(FcPhotoVerifyReport) report = NULL;
  FcPhotoTarget target = target_for ("hazard", f->hazard, "defect");
  g_autofree char *copy_db = NULL;

  g_assert_cmpint (g_mkdir (mnt, 0700), ==, 0);
  if (mount ("tmpfs", mnt, "tmpfs", 0, "size=2m") != 0)
    {
      g_test_skip_printf ("cannot mount a small tmpfs here (%s); "
                          "the simulated full disk test covers the same path", g_strerror (errno));
      return;
    }

  /* A fresh copy of the fixture's store on the small disk. */
  g_clear_object (&f->store);
  copy_db = g_strdup_printf ("sqlite3 '%s' \".backup '%s'\"", f->db, db);
  g_assert_true (g_spawn_command_line_sync (copy_db, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  store = fc_store_open (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (big), >, 2 * 1024 * 1024);

  first = fc_photos_import (store, small, &target, &error);
  g_assert_no_error (error);
  second = fc_photos_import (store, big, &target, &error);
  g_assert_null (second);
  g_assert_error (error, FC_ERROR, FC_ERROR_DISK_FULL);
  g_clear_error (&error);

  blob_dir = g_build_filename (mnt, "blobs", NULL);
  test_list_files (blob_dir, NULL, blobs);
  g_assert_cmpuint (blobs->len, ==, 1);
  g_assert_cmpint (test_count (store, "SELECT count (*) FROM photo"), ==, 1);
  assert_integrity (store);
  report = fc_photos_verify (store, &error);
  g_assert_no_error (error);
  g_assert_true (fc_photo_verify_report_ok (report));

  g_clear_object (&store);
  g_assert_cmpint (umount (mnt), ==, 0);
  fixture_open (f);
}

static void
test_photo_failed_commit_takes_back_only_its_own_file (Fixture       *f,
                                                       gconstpointer  data)
{
  g_autoptr(GBytes) kept = test_jpeg_simple (64, 48, 14);
  g_autoptr(GBytes) fresh = test_jpeg_simple (64, 48, 15);
  g_autofree char *first = import_ok (f, kept, f->hazard, "defect");
  FcPhotoTarget target = target_for ("hazard", f->other_hazard, "defect");
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  g_autofree char *a = NULL, *b = NULL;
  g_autoptr(GPtrArray) blobs = NULL;

  g_setenv ("FC_TEST_PHOTOS_HOOK", "fail-before-commit", TRUE);
  a = fc_photos_import (f->store, fresh, &target, &error);
  b = fc_photos_import (f->store, kept, &target, &error2);
  g_unsetenv ("FC_TEST_PHOTOS_HOOK");

  g_assert_null (a);
  g_assert_error (error, FC_ERROR, FC_ERROR_DISK_FULL);
  g_assert_null (b);
  g_assert_error (error2, FC_ERROR, FC_ERROR_DISK_FULL);
  blobs = files_beside_store (f, "blobs");
  /* The fresh bytes went away with their record; the ones a record names stayed. */
  g_assert_cmpuint (blobs->len, ==, 1);
  g_assert_cmpint (photo_rows (f), ==, 1);
  g_assert_cmpint (test_count (f->store, "SELECT count (*) FROM op_log WHERE tbl = 'photo'"), ==, 1);
}

/* The child half of the crash test: imports and stops just before the commit. */
static int
child_import (const char *db,
              const char *hazard,
              const char *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = fc_store_open (db, &error);
  FcPhotoTarget target = target_for ("hazard", hazard, "defect");
  g_autofree char *id = NULL;

  if (store == NULL)
    return 3;
  g_setenv ("FC_TEST_PHOTOS_HOOK", "stop-before-commit", TRUE);
  id = fc_photos_import_file (store, file, &target, &error);
  return id != NULL ? 0 : 4;
}

static void
test_photo_crash_between_rename_and_commit_leaves_an_orphan_not_a_record (Fixture       *f,
                                                                          gconstpointer  data)
{
  g_autoptr(GBytes) jpeg = test_jpeg_simple (200, 150, 16);
  g_autofree char *file = g_build_filename (f->dir, "IMG_0001.jpg", NULL);
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, jpeg);
  g_autofree char *blob = NULL;
  g_autofree char *on_disk = NULL;
  g_autofree char *aside = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcPhotoVerifyReport) report = NULL;
  g_autoptr(FcPhotoVerifyReport) after = NULL;
  g_autofree char *again = NULL;
  const char *argv[] = { "/proc/self/exe", "--child-import", f->db, f->hazard, file, NULL };
  GPid pid;
  int status = 0;
  guint set_aside = 0;
  FcPhotoProblem *problem;

  g_assert_true (test_write_file (file, jpeg));
  g_clear_object (&f->store);
  g_assert_true (g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                &pid, &error));
  g_assert_no_error (error);
  g_assert_cmpint (waitpid (pid, &status, WUNTRACED), ==, pid);
  g_assert_true (WIFSTOPPED (status));
  /* Stopped after the rename and before the commit: the bytes are in place. */
  blob = g_build_filename (f->dir, "blobs", (char[]) { sha[0], sha[1], '\0' }, sha, NULL);
  on_disk = fc_blobs_hash_file (blob, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (on_disk, ==, sha);
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);
  g_spawn_close_pid (pid);

  fixture_open (f);
  g_assert_true (g_file_test (blob, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (photo_rows (f), ==, 0);
  assert_integrity (f->store);

  report = fc_photos_verify (f->store, &error);
  g_assert_no_error (error);
  g_assert_false (fc_photo_verify_report_ok (report));
  g_assert_cmpuint (report->problems->len, ==, 1);
  problem = report->problems->pdata[0];
  g_assert_cmpint (problem->kind, ==, FC_PHOTO_PROBLEM_ORPHAN);
  g_assert_cmpstr (problem->sha256, ==, sha);

  /* A file younger than the grace period may be another import's: left alone. */
  g_assert_true (fc_photos_reconcile (f->store, 3600, &set_aside, &error));
  g_assert_cmpuint (set_aside, ==, 0);
  g_assert_true (fc_photos_reconcile (f->store, 0, &set_aside, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (set_aside, ==, 1);
  aside = g_build_filename (f->dir, "orphans", sha, NULL);
  g_assert_true (g_file_test (aside, G_FILE_TEST_IS_REGULAR));
  after = fc_photos_verify (f->store, &error);
  g_assert_true (fc_photo_verify_report_ok (after));
  g_assert_cmpuint (after->problems->len, ==, 0);

  /* Importing the photo again works as if nothing had happened. */
  again = fc_photos_import_file (f->store, file, &(FcPhotoTarget) { "hazard", f->hazard, "defect" },
                                 &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (blob, G_FILE_TEST_IS_REGULAR));
}

/* Stores in one folder share its blob store: one store's tidy-up must not
 * set aside the photos another one names. */
static void
test_photo_reconcile_leaves_a_neighbour_stores_photos (Fixture       *f,
                                                       gconstpointer  data)
{
  g_autoptr(GBytes) jpeg = test_jpeg_simple (64, 48, 23);
  g_autofree char *id = import_ok (f, jpeg, f->hazard, "defect");
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, jpeg);
  g_autofree char *blob = g_build_filename (f->dir, "blobs", (char[]) { sha[0], sha[1], '\0' }, sha, NULL);
  g_autofree char *neighbour_db = g_build_filename (f->dir, "demo.db", NULL);
  g_autoptr(FcStore) neighbour = NULL;
  g_autoptr(GError) error = NULL;
  guint set_aside = 99;

  neighbour = fc_store_open (neighbour_db, &error);
  g_assert_no_error (error);
  g_assert_true (fc_photos_reconcile (neighbour, 0, &set_aside, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (set_aside, ==, 0);
  g_assert_true (g_file_test (blob, G_FILE_TEST_IS_REGULAR));
}

static void
test_photo_verify_finds_a_flipped_byte_and_a_missing_file (Fixture       *f,
                                                           gconstpointer  data)
{
  g_autoptr(GBytes) one = test_jpeg_simple (64, 48, 17);
  g_autoptr(GBytes) two = test_jpeg_simple (64, 48, 18);
  g_autofree char *a = import_ok (f, one, f->hazard, "defect");
  g_autofree char *b = import_ok (f, two, f->hazard, "defect");
  g_autofree char *sha_one = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, one);
  g_autofree char *sha_two = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, two);
  g_autofree char *path_one = fc_photos_path (f->store, sha_one);
  g_autofree char *path_two = fc_photos_path (f->store, sha_two);
  g_autofree char *data_one = NULL;
  g_autofree char *repaired = NULL;
  g_autoptr(FcPhotoVerifyReport) clean = NULL;
  g_autoptr(FcPhotoVerifyReport) report = NULL;
  g_autoptr(FcPhotoVerifyReport) after = NULL;
  g_autoptr(GError) error = NULL;
  gsize size;
  gboolean saw_damaged = FALSE, saw_missing = FALSE;

  clean = fc_photos_verify (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (clean->checked, ==, 2);
  g_assert_true (fc_photo_verify_report_ok (clean));

  g_assert_true (g_file_get_contents (path_one, &data_one, &size, NULL));
  data_one[size / 2] ^= 0x01;
  g_assert_true (g_file_set_contents (path_one, data_one, size, NULL));
  g_assert_cmpint (g_unlink (path_two), ==, 0);

  report = fc_photos_verify (f->store, &error);
  g_assert_no_error (error);
  g_assert_false (fc_photo_verify_report_ok (report));
  g_assert_cmpuint (report->problems->len, ==, 2);
  for (guint i = 0; i < report->problems->len; i++)
    {
      FcPhotoProblem *p = report->problems->pdata[i];

      saw_damaged |= p->kind == FC_PHOTO_PROBLEM_DAMAGED && g_str_equal (p->sha256, sha_one);
      saw_missing |= p->kind == FC_PHOTO_PROBLEM_MISSING && g_str_equal (p->sha256, sha_two);
    }
  g_assert_true (saw_damaged);
  g_assert_true (saw_missing);
  g_assert_null (fc_photos_load (f->store, a, &error));
  g_assert_error (error, FC_ERROR, FC_ERROR_CORRUPT);
  g_clear_error (&error);

  /* Importing the intact original again mends the damaged copy. */
  repaired = fc_photos_import (f->store, one, &(FcPhotoTarget) { "hazard", f->other_hazard, "defect" },
                               &error);
  g_assert_no_error (error);
  after = fc_photos_verify (f->store, &error);
  g_assert_cmpuint (after->problems->len, ==, 1);
  g_assert_cmpint (((FcPhotoProblem *) after->problems->pdata[0])->kind, ==, FC_PHOTO_PROBLEM_MISSING);
}

static void
test_photo_thumbnail_is_rebuilt_when_missing (Fixture       *f,
                                              gconstpointer  data)
{
  g_autoptr(GBytes) jpeg = test_jpeg_simple (1000, 600, 19);
  g_autofree char *id = import_ok (f, jpeg, f->hazard, "defect");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = fc_photos_thumbnail (f->store, id, &error);
  g_autofree char *again = NULL;
  g_autofree char *data_thumb = NULL;
  g_autoptr(GBytes) thumb = NULL;
  g_auto(FcPhotoInfo) info = { 0 };
  gsize size;

  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (g_unlink (path), ==, 0);
  again = fc_photos_thumbnail (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, path);
  g_assert_true (g_file_get_contents (again, &data_thumb, &size, NULL));
  thumb = g_bytes_new_take (g_steal_pointer (&data_thumb), size);
  g_assert_true (fc_photo_probe (thumb, &info, &error));
  g_assert_cmpuint (info.width, ==, FC_PHOTOS_THUMBNAIL_EDGE);
  g_assert_cmpuint (info.height, ==, FC_PHOTOS_THUMBNAIL_EDGE * 600 / 1000);
}

static void
test_photo_pairs_put_before_beside_after_in_capture_order (Fixture       *f,
                                                           gconstpointer  data)
{
  const struct
  {
    const char *kind;
    const char *purpose;
    const char *taken_at;
  } photos[] = {
    { "hazard", "defect", "2026-11-01T10:00:00+08:00" },
    { "hazard", "before", "2026-11-02T10:00:00+08:00" },
    { "hazard", "before", "2026-11-02T09:00:00+08:00" },
    { "hazard", "after", "2026-11-20T10:00:00+08:00" },
    { "acceptance", "after", "2026-11-25T10:00:00+08:00" },
    { "acceptance", "after", "2026-11-26T10:00:00+08:00" },
  };
  g_autoptr(JsonArray) pairs = NULL;
  g_autoptr(JsonArray) fallback = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *pair;

  fallback = fc_photos_rectification_pairs (f->store, f->hazard, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (fallback), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (photos); i++)
    {
      g_autoptr(GBytes) jpeg = test_jpeg_simple (32, 24, 100 + i);
      FcPhotoTarget target = target_for (photos[i].kind, f->hazard, photos[i].purpose);
      g_autofree char *id = NULL;

      target.taken_at = photos[i].taken_at;
      id = fc_photos_import (f->store, jpeg, &target, &error);
      g_assert_no_error (error);
    }
  pairs = fc_photos_rectification_pairs (f->store, f->hazard, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (pairs), ==, 3);
  pair = json_array_get_object_element (pairs, 0);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (pair, "before"),
                                                  "taken_at"), ==, photos[2].taken_at);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (pair, "after"),
                                                  "taken_at"), ==, photos[3].taken_at);
  pair = json_array_get_object_element (pairs, 2);
  g_assert_true (json_object_get_null_member (pair, "before"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (pair, "after"),
                                                  "attached_kind"), ==, "acceptance");

  /* Without photos taken as "before", the defect photos stand in. */
  {
    g_autoptr(GBytes) jpeg = test_jpeg_simple (32, 24, 200);
    g_autofree char *defect = import_ok (f, jpeg, f->other_hazard, "defect");

    g_clear_pointer (&fallback, json_array_unref);
    fallback = fc_photos_rectification_pairs (f->store, f->other_hazard, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (fallback), ==, 1);
    pair = json_array_get_object_element (fallback, 0);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (pair, "before"),
                                                    "id"), ==, defect);
    g_assert_true (json_object_get_null_member (pair, "after"));
  }
}

static void
add (const char *name,
     void      (*func) (Fixture *, gconstpointer))
{
  g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown);
}

int
main (int    argc,
      char **argv)
{
  if (argc == 5 && g_str_equal (argv[1], "--child-import"))
    return child_import (argv[2], argv[3], argv[4]);

  g_test_init (&argc, &argv, NULL);

  add ("/photos/import-keeps-bytes-under-their-digest-with-a-record-and-op",
       test_photo_import_keeps_bytes_under_their_digest_with_a_record_and_op);
  add ("/photos/bad-input-is-refused-and-leaves-nothing",
       test_photo_bad_input_is_refused_and_leaves_nothing);
  add ("/photos/png-is-accepted", test_photo_png_is_accepted);
  add ("/photos/same-bytes-are-stored-once", test_photo_same_bytes_are_stored_once);
  add ("/photos/is-not-attached-twice-to-the-same-thing",
       test_photo_is_not_attached_twice_to_the_same_thing);
  add ("/photos/target-must-exist-and-be-known", test_photo_target_must_exist_and_be_known);
  add ("/photos/exif-orientation-turns-size-and-thumbnail-not-bytes",
       test_photo_exif_orientation_turns_size_and_thumbnail_not_bytes);
  add ("/photos/location-is-kept-only-when-the-setting-allows",
       test_photo_location_is_kept_only_when_the_setting_allows);
  add ("/photos/capture-time-falls-back-to-the-callers",
       test_photo_capture_time_falls_back_to_the_callers);
  add ("/photos/disk-full-while-writing-leaves-no-file-and-no-record",
       test_photo_disk_full_while_writing_leaves_no_file_and_no_record);
  add ("/photos/disk-full-on-a-real-small-disk", test_photo_disk_full_on_a_real_small_disk);
  add ("/photos/failed-commit-takes-back-only-its-own-file",
       test_photo_failed_commit_takes_back_only_its_own_file);
  add ("/photos/crash-between-rename-and-commit-leaves-an-orphan-not-a-record",
       test_photo_crash_between_rename_and_commit_leaves_an_orphan_not_a_record);
  add ("/photos/reconcile-leaves-a-neighbour-stores-photos",
       test_photo_reconcile_leaves_a_neighbour_stores_photos);
  add ("/photos/verify-finds-a-flipped-byte-and-a-missing-file",
       test_photo_verify_finds_a_flipped_byte_and_a_missing_file);
  add ("/photos/thumbnail-is-rebuilt-when-missing", test_photo_thumbnail_is_rebuilt_when_missing);
  add ("/photos/pairs-put-before-beside-after-in-capture-order",
       test_photo_pairs_put_before_beside_after_in_capture_order);

  return g_test_run ();
}
