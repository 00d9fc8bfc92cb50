/* test-photo-annotation.c: what is drawn over a photo is kept beside it, never in it */

#include "config.h"

#include <string.h>

#include "fc-error.h"
#include "fc-hazards.h"
#include "fc-photo-annotation.h"
#include "fc-photo-render.h"
#include "fc-photos.h"
#include "fc-store-write.h"
#include "test-photo-util.h"
#include "test-util.h"

typedef struct
{
  char    *dir;
  FcStore *store;
  char    *photo;
  GBytes  *jpeg;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  g_autofree char *hazard = NULL;
  g_autoptr(FcOp) facility = fc_op_new_insert ("facility", NULL);
  /* Stored 80×40 and turned upright by orientation 6: shown 40×80. */
  TestJpeg spec = { .width = 80, .height = 40, .orientation = 6 };
  FcHazardRecord record = {
    .category = FC_CATEGORY_ELECTRICAL, .description = "线路裸露",
    .level = FC_HAZARD_LEVEL_GENERAL, .found_at = "2026-11-01T10:00:00+08:00",
  };
  FcPhotoTarget target = { .attached_kind = "hazard", .purpose = "defect" };

  f->dir = g_dir_make_tmp ("fieldcheck-annotation-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (f->dir, "fieldcheck.db", NULL);
  f->store = fc_store_open (db, &error);
  g_assert_no_error (error);
  fc_op_set_string (facility, "type", "elderly_care");
  fc_op_set_string (facility, "name", "东城敬老院");
  fc_op_set_string (facility, "town", "汉丰街道");
  g_assert_true (fc_store_write (f->store, facility, &error));
  record.facility_id = facility->row_id;
  hazard = fc_hazards_record (f->store, &record, &error);
  g_assert_no_error (error);
  target.attached_id = hazard;
  f->jpeg = test_jpeg_new (&spec);
  f->photo = fc_photos_import (f->store, f->jpeg, &target, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->photo);
  g_bytes_unref (f->jpeg);
}

static FcAnnotation *
every_kind_of_shape (void)
{
  FcAnnotation *layer = fc_annotation_new ();
  const double stroke[] = { 0.1, 0.1, 0.15, 0.2, 0.2, 0.35, 0.3, 0.3 };

  fc_annotation_add_circle (layer, 0.5, 0.25, 0.1, 0xe01b24, 0.01);
  fc_annotation_add_arrow (layer, 0.9, 0.9, 0.55, 0.35, 0xf6d32d, 0.008);
  fc_annotation_add_stroke (layer, stroke, G_N_ELEMENTS (stroke) / 2, 0x33d17a, 0.005);
  fc_annotation_add_text (layer, 0.05, 0.7, "线路老化 cable", 0xffffff, 0.04);
  return layer;
}

static void
test_annotation_json_round_trip_is_exact (Fixture       *f,
                                          gconstpointer  data)
{
  g_autoptr(FcAnnotation) layer = every_kind_of_shape ();
  g_autofree char *json = fc_annotation_to_json (layer);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcAnnotation) back = fc_annotation_from_json (json, &error);
  g_autofree char *again = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (back->shapes->len, ==, 4);
  again = fc_annotation_to_json (back);
  g_assert_cmpstr (again, ==, json);
}

static void
test_annotation_saved_revisions_supersede_and_leave_the_photo_alone (Fixture       *f,
                                                                     gconstpointer  data)
{
  g_autoptr(FcAnnotation) first = fc_annotation_new ();
  g_autoptr(FcAnnotation) second = every_kind_of_shape ();
  g_autoptr(FcAnnotation) empty = NULL;
  g_autoptr(FcAnnotation) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) original = NULL;
  g_autofree char *none = NULL;
  g_autofree char *r1 = NULL;
  g_autofree char *r2 = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *actual = NULL;
  g_autofree char *supersedes = NULL;
  g_autofree char *sql = NULL;

  empty = fc_photo_annotation_load (f->store, f->photo, &none, &error);
  g_assert_no_error (error);
  g_assert_null (none);
  g_assert_cmpuint (empty->shapes->len, ==, 0);

  fc_annotation_add_circle (first, 0.5, 0.5, 0.2, 0xff0000, 0.01);
  r1 = fc_photo_annotation_save (f->store, f->photo, first, &error);
  g_assert_no_error (error);
  r2 = fc_photo_annotation_save (f->store, f->photo, second, &error);
  g_assert_no_error (error);

  loaded = fc_photo_annotation_load (f->store, f->photo, &shown, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (shown, ==, r2);
  expected = fc_annotation_to_json (second);
  actual = fc_annotation_to_json (loaded);
  g_assert_cmpstr (actual, ==, expected);

  sql = g_strdup_printf ("SELECT supersedes FROM photo_annotation WHERE id = '%s'", r2);
  supersedes = test_text (f->store, sql);
  g_assert_cmpstr (supersedes, ==, r1);
  g_assert_cmpint (test_count (f->store, "SELECT count (*) FROM photo_annotation"), ==, 2);
  g_assert_cmpint (test_count (f->store, "SELECT count (*) FROM op_log WHERE tbl = 'photo_annotation'"),
                   ==, 2);
  g_assert_cmpint (test_count (f->store, "SELECT count (*) FROM photo"), ==, 1);
  g_assert_cmpint (test_count (f->store, "SELECT count (*) FROM op_log WHERE tbl = 'photo'"), ==, 1);
  original = fc_photos_load (f->store, f->photo, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (original, f->jpeg));
}

static void
test_annotation_revisions_are_never_rewritten (Fixture       *f,
                                               gconstpointer  data)
{
  g_autoptr(FcAnnotation) layer = every_kind_of_shape ();
  g_autofree char *revision = fc_photo_annotation_save (f->store, f->photo, layer, NULL);
  g_autofree char *sql = g_strdup_printf ("UPDATE photo_annotation SET layer = '{}' WHERE id = '%s'",
                                          revision);

  g_assert_nonnull (revision);
  g_assert_cmpint (sqlite3_exec (fc_store_get_db (f->store), sql, NULL, NULL, NULL), !=, SQLITE_OK);
}

typedef struct
{
  const char *name;
  const char *json;
  int         code;
} BadLayer;

static const BadLayer bad_layers[] = {
  { "not JSON", "{\"version\": 1, \"shapes\": [", FC_ERROR_INVALID },
  { "no version", "{\"shapes\": []}", FC_ERROR_INVALID },
  { "newer version", "{\"version\": 2, \"shapes\": []}", FC_ERROR_TOO_NEW },
  { "unknown kind", "{\"version\": 1, \"shapes\": [{\"kind\": \"star\", \"color\": \"#ff0000\", "
                    "\"width\": 0.01}]}", FC_ERROR_INVALID },
  { "circle off the photo", "{\"version\": 1, \"shapes\": [{\"kind\": \"circle\", \"x\": 1.5, "
                            "\"y\": 0.5, \"r\": 0.1, \"color\": \"#ff0000\", \"width\": 0.01}]}",
    FC_ERROR_INVALID },
  { "bad colour", "{\"version\": 1, \"shapes\": [{\"kind\": \"circle\", \"x\": 0.5, \"y\": 0.5, "
                  "\"r\": 0.1, \"color\": \"red\", \"width\": 0.01}]}", FC_ERROR_INVALID },
  { "line too wide", "{\"version\": 1, \"shapes\": [{\"kind\": \"arrow\", \"x1\": 0, \"y1\": 0, "
                     "\"x2\": 1, \"y2\": 1, \"color\": \"#ff0000\", \"width\": 0.5}]}",
    FC_ERROR_INVALID },
  { "stroke of one point", "{\"version\": 1, \"shapes\": [{\"kind\": \"stroke\", \"points\": "
                           "[[0.1, 0.1]], \"color\": \"#ff0000\", \"width\": 0.01}]}",
    FC_ERROR_INVALID },
  { "label too long", "{\"version\": 1, \"shapes\": [{\"kind\": \"text\", \"x\": 0.1, \"y\": 0.1, "
                      "\"size\": 0.04, \"color\": \"#ff0000\", \"text\": \"配电箱后面的线路已经严重老化"
                      "而且没有穿管保护必须立即整改否则存在火灾隐患请责任单位尽快落实整改措施并上报"
                      "区民政局安全科备案\"}]}",
    FC_ERROR_INVALID },
};

static void
test_annotation_bad_layers_are_refused (Fixture       *f,
                                        gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_layers); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FcAnnotation) layer = NULL;

      g_test_message ("%s", bad_layers[i].name);
      layer = fc_annotation_from_json (bad_layers[i].json, &error);
      g_assert_null (layer);
      g_assert_error (error, FC_ERROR, bad_layers[i].code);
    }
}

static void
test_annotation_of_an_unknown_photo_is_refused (Fixture       *f,
                                                gconstpointer  data)
{
  g_autoptr(FcAnnotation) layer = every_kind_of_shape ();
  g_autoptr(GError) error = NULL;
  g_autofree char *revision = fc_photo_annotation_save (f->store, f->photo + 1, layer, &error);

  g_assert_null (revision);
  g_assert_error (error, FC_ERROR, FC_ERROR_NOT_FOUND);
  g_assert_cmpint (test_count (f->store, "SELECT count (*) FROM photo_annotation"), ==, 0);
}

static guint32
pixel (cairo_surface_t *surface,
       int              x,
       int              y)
{
  const guint8 *data = cairo_image_surface_get_data (surface);

  return *(const guint32 *) (data + y * cairo_image_surface_get_stride (surface) + x * 4) & 0xffffff;
}

static gboolean
near (guint32 actual,
      guint32 expected)
{
  for (int shift = 0; shift < 24; shift += 8)
    if (ABS ((int) ((actual >> shift) & 0xff) - (int) ((expected >> shift) & 0xff)) > 48)
      return FALSE;
  return TRUE;
}

static void
test_render_draws_the_upright_photo_and_its_layer (Fixture       *f,
                                                   gconstpointer  data)
{
  g_autoptr(FcAnnotation) layer = fc_annotation_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *revision = NULL;
  /* A box wider than the photo: it is centred, 200×400 in a 400×400 box. */
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 400, 400);
  cairo_t *cr = cairo_create (surface);

  fc_annotation_add_circle (layer, 0.5, 0.5, 0.1, 0x00ff00, 0.02);
  revision = fc_photo_annotation_save (f->store, f->photo, layer, &error);
  g_assert_no_error (error);

  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_paint (cr);
  g_assert_true (fc_photo_render (cr, f->store, f->photo, 400, 400, &error));
  g_assert_no_error (error);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  /* Black margins either side of the centred photo. */
  g_assert_true (near (pixel (surface, 50, 200), 0x000000));
  g_assert_true (near (pixel (surface, 350, 200), 0x000000));
  /* Orientation 6: the stored top-left red corner is now top-right. */
  g_assert_true (near (pixel (surface, 250, 100), 0xe61414));
  g_assert_true (near (pixel (surface, 150, 100), 0x1414e6));
  g_assert_true (near (pixel (surface, 150, 300), 0x1414e6));
  /* The circle: radius 0.1 of the longer edge (400) around the centre. */
  g_assert_true (near (pixel (surface, 200, 240), 0x00ff00));
  /* Inside the circle the photo shows through. */
  g_assert_true (near (pixel (surface, 180, 215), 0x1414e6));
  cairo_surface_destroy (surface);
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
  g_test_init (&argc, &argv, NULL);

  add ("/annotation/json-round-trip-is-exact", test_annotation_json_round_trip_is_exact);
  add ("/annotation/saved-revisions-supersede-and-leave-the-photo-alone",
       test_annotation_saved_revisions_supersede_and_leave_the_photo_alone);
  add ("/annotation/revisions-are-never-rewritten", test_annotation_revisions_are_never_rewritten);
  add ("/annotation/bad-layers-are-refused", test_annotation_bad_layers_are_refused);
  add ("/annotation/of-an-unknown-photo-is-refused", test_annotation_of_an_unknown_photo_is_refused);
  add ("/annotation/render-draws-the-upright-photo-and-its-layer",
       test_render_draws_the_upright_photo_and_its_layer);

  return g_test_run ();
}
