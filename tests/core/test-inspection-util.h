/* test-inspection-util.h: a small district for the inspection tests — the shipped
 * checklists, a team of three, one elderly-care home with a hydrant */
#pragma once

#include <cairo.h>
#include <math.h>
#include <string.h>

#include "fc-checklist-import.h"
#include "fc-error.h"
#include "fc-inspections.h"
#include "fc-store-write.h"
#include "test-util.h"

/* 2026-11-29 09:30 UTC */
#define TEST_WALL_MS G_GINT64_CONSTANT (1795944600000)

typedef struct
{
  FcStore *store;
  gint64   wall_ms;
  char    *general_template;
  char    *elderly_template;
  char    *child_template;
} TestDistrict;

#define TEST_INSPECTOR "00000000-0000-4000-8000-000000000001"
#define TEST_FIRE      "00000000-0000-4000-8000-000000000002"
#define TEST_STAFF     "00000000-0000-4000-8000-000000000003"
#define TEST_OUTSIDER  "00000000-0000-4000-8000-000000000004"
#define TEST_FACILITY  "00000000-0000-4000-8000-0000000000f1"
#define TEST_HYDRANT   "00000000-0000-4000-8000-0000000000e1"

static inline void
test_add_person (FcStore    *store,
                 const char *id,
                 const char *name,
                 const char *roles,
                 const char *domain)
{
  g_autoptr(FcOp) op = fc_op_new_insert ("person", id);
  g_autoptr(GError) error = NULL;

  fc_op_set_string (op, "name", name);
  fc_op_set_string (op, "roles", roles);
  fc_op_set_string (op, "expert_domain", domain);
  g_assert_true (fc_store_write (store, op, &error));
  g_assert_no_error (error);
}

static inline TestDistrict *
test_district_new (const char *name)
{
  TestDistrict *district = g_new0 (TestDistrict, 1);
  g_autofree char *path = test_scratch_path (name);
  g_autoptr(GPtrArray) checklists = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcOp) facility = fc_op_new_insert ("facility", TEST_FACILITY);
  g_autoptr(FcOp) hydrant = fc_op_new_insert ("equipment", TEST_HYDRANT);

  /* A name with a folder gets a blob store of its own beside it. */
  {
    g_autofree char *parent = g_path_get_dirname (path);

    g_assert_cmpint (g_mkdir_with_parents (parent, 0700), ==, 0);
  }
  district->wall_ms = TEST_WALL_MS;
  district->store = fc_store_open_full (path, test_fixed_wall, &district->wall_ms, &error);
  g_assert_no_error (error);

  checklists = fc_checklists_load_builtin (&error);
  g_assert_no_error (error);
  for (guint i = 0; i < checklists->len; i++)
    {
      FcChecklist *checklist = g_ptr_array_index (checklists, i);
      char *id = fc_store_import_checklist (district->store, checklist, &error);

      g_assert_no_error (error);
      if (g_str_equal (checklist->code, "general"))
        district->general_template = id;
      else if (g_str_equal (checklist->code, "elderly_care"))
        district->elderly_template = id;
      else if (g_str_equal (checklist->code, "child_welfare"))
        district->child_template = id;
      else
        g_free (id);
    }

  test_add_person (district->store, TEST_INSPECTOR, "王建华", "inspector", NULL);
  test_add_person (district->store, TEST_FIRE, "陈志强", "expert,inspector", "fire");
  test_add_person (district->store, TEST_STAFF, "李晓燕", "staff,inspector", NULL);
  test_add_person (district->store, TEST_OUTSIDER, "张德明", "verifier", NULL);

  fc_op_set_string (facility, "type", "elderly_care");
  fc_op_set_string (facility, "name", "临江福寿敬老院");
  fc_op_set_string (facility, "town", "临江镇");
  g_assert_true (fc_store_write (district->store, facility, &error));
  g_assert_no_error (error);

  fc_op_set_string (hydrant, "facility_id", TEST_FACILITY);
  fc_op_set_string (hydrant, "kind", "hydrant");
  fc_op_set_string (hydrant, "name", "室内消火栓");
  fc_op_set_string (hydrant, "location", "楼梯间");
  g_assert_true (fc_store_write (district->store, hydrant, &error));
  g_assert_no_error (error);

  fc_store_set_user (district->store, TEST_INSPECTOR);
  return district;
}

static inline void
test_district_free (TestDistrict *district)
{
  g_clear_object (&district->store);
  g_free (district->general_template);
  g_free (district->elderly_template);
  g_free (district->child_template);
  g_free (district);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestDistrict, test_district_free)

static inline char *
test_start_inspection (TestDistrict *district,
                       const char   *template_id)
{
  static const FcInspectionMember members[] = {
    { TEST_FIRE, "expert", "fire" },
    { TEST_STAFF, "staff", NULL },
  };
  FcInspectionStart start = {
    .facility_id = TEST_FACILITY,
    .template_id = template_id,
    .kind = FC_INSPECTION_JOINT_DIAGNOSIS,
    .members = members,
    .n_members = G_N_ELEMENTS (members),
  };
  g_autoptr(GError) error = NULL;
  char *id;

  start.section_owners[FC_CATEGORY_FIRE_EXIT] = TEST_FIRE;
  start.section_owners[FC_CATEGORY_ELECTRICAL] = TEST_FIRE;
  start.section_owners[FC_CATEGORY_DRAINAGE] = TEST_STAFF;
  id = fc_inspection_start (district->store, &start, &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);
  return id;
}

/* A real PNG: a stroke on white, like a signature drawn on the screen. */
static cairo_status_t
test_png_write (void                *closure,
                const unsigned char *data,
                unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static inline GBytes *
test_signature_png (double wiggle)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 300, 100);
  cairo_t *cr = cairo_create (surface);
  GByteArray *png = g_byte_array_new ();

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, 3);
  cairo_move_to (cr, 20, 70);
  cairo_curve_to (cr, 80, 10 + wiggle, 160, 90, 280, 30);
  cairo_stroke (cr);
  cairo_destroy (cr);
  cairo_surface_write_to_png_stream (surface, test_png_write, png);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (png);
}

#ifdef CLI_PATH
#include <sys/wait.h>

/* Runs `fieldcheck-cli photo verify` on @db, as an office script would. */
static inline void
test_assert_photos_verify_clean (const char *db,
                                 guint       n_photos)
{
  const char *argv[] = { CLI_PATH, "--db", db, "photo", "verify", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                               &status, &error));
  g_assert_no_error (error);
  expected = g_strdup_printf (n_photos == 1 ? "%u photo checked: ok\n" : "%u photos checked: ok\n",
                              n_photos);
  g_assert_cmpstr (out, ==, expected);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
}
#endif

/* Answers every item of @category of the walk: the first fails, the rest pass. */
static inline void
test_answer_category (TestDistrict *district,
                      const char   *inspection_id,
                      FcCategory    category,
                      gboolean      fail_first)
{
  g_autoptr(FcWalk) walk = fc_walk_load (district->store, inspection_id, NULL);
  gboolean failed = FALSE;

  g_assert_nonnull (walk);
  for (guint i = 0; i < fc_walk_get_n_items (walk); i++)
    {
      const FcWalkItem *item = fc_walk_get_item (walk, i);
      FcAnswer answer = { inspection_id, item->item_id, "pass", FALSE, 0, NULL, NULL };
      g_autoptr(GError) error = NULL;
      g_autofree char *result = NULL;

      if (item->category != category)
        continue;
      switch (item->answer_type)
        {
        case FC_ANSWER_NUMBER:
          answer.answer = NULL;
          answer.has_number = TRUE;
          answer.number = !isnan (item->min) ? item->min : !isnan (item->max) ? item->max : 1;
          break;
        case FC_ANSWER_TEXT:
          answer.answer = "2009 年建成，砖混结构，三层";
          break;
        case FC_ANSWER_CHOICE:
          answer.answer = item->choice_codes[0];
          break;
        case FC_ANSWER_PASS_FAIL_NA:
        default:
          if (fail_first && !failed)
            {
              answer.answer = "fail";
              answer.note = "二楼走廊堆放轮椅";
              failed = TRUE;
            }
        }
      result = fc_inspection_answer (district->store, &answer, &error);
      g_assert_no_error (error);
      g_assert_nonnull (result);
    }
}
