/* test-report-inspection.c: the inspection report PDF holds the items, answers,
 * hazards and signatures, in Chinese as a bureau reads it */

#include "config.h"

#include <locale.h>

#include "fc-photo-annotation.h"
#include "fc-photos.h"
#include "fc-report-inspection.h"
#include "fc-walk.h"
#include "test-inspection-util.h"
#include "test-photo-util.h"

static char *
pdf_text (const char *pdf)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", pdf, "-", NULL };
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&out);
}

/* pdftotext may break a long line anywhere; compare without whitespace. */
static char *
squeeze (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      g_string_append_unichar (out, g_utf8_get_char (p));
  return g_string_free (out, FALSE);
}

static void
test_report_holds_items_answers_hazards_and_signatures (void)
{
  g_autoptr(TestDistrict) district = test_district_new ("report.db");
  g_autofree char *id = test_start_inspection (district, district->general_template);
  g_autofree char *pdf = test_scratch_path ("report.pdf");
  g_autoptr(FcWalk) walk = NULL;
  g_autoptr(GBytes) png = test_signature_png (5);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *flat = NULL;
  g_autofree char *hazard = NULL;
  g_autofree char *signoff = NULL;
  const FcWalkItem *failed = NULL;
  FcFindingHazard finding = { 0 };
  FcSignoff sign = { id, TEST_FIRE, "陈志强", FC_SIGNER_TEAM_MEMBER, png };
  const char *expected[] = {
    "临江福寿敬老院",        /* the facility */
    "疏散通道",              /* an item's content */
    "二楼走廊堆放轮椅",      /* a note */
    "疏散通道被轮椅占用",    /* the hazard */
    "陈志强",                /* the signer */
    "李晓燕",                /* a team member */
    "2026.1",                /* the pinned version */
  };

  test_answer_category (district, id, FC_CATEGORY_FIRE_EXIT, TRUE);
  walk = fc_walk_load (district->store, id, NULL);
  for (guint i = 0; i < fc_walk_get_n_items (walk) && failed == NULL; i++)
    if (fc_walk_item_is_failed (fc_walk_get_item (walk, i)))
      failed = fc_walk_get_item (walk, i);
  g_assert_nonnull (failed);

  finding.inspection_id = id;
  finding.item_id = failed->item_id;
  finding.description = "疏散通道被轮椅占用";
  finding.level = FC_HAZARD_LEVEL_GENERAL;
  hazard = fc_inspection_record_hazard (district->store, &finding, &error);
  g_assert_no_error (error);
  g_assert_true (fc_inspection_finish (district->store, id, &error));
  signoff = fc_inspection_sign (district->store, &sign, &error);
  g_assert_no_error (error);

  g_assert_true (fc_report_inspection_pdf (district->store, id, pdf, &error));
  g_assert_no_error (error);

  text = pdf_text (pdf);
  flat = squeeze (text);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_test_message ("looking for %s", expected[i]);
      g_assert_nonnull (strstr (flat, expected[i]));
    }
}

/* Returns: how many images of @width × @height pdfimages lists in @pdf */
static guint
pdf_images (const char *pdf,
            guint       width,
            guint       height)
{
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  const char *argv[] = { "pdfimages", "-list", pdf, NULL };
  int status = 0;
  guint n = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
      guint64 w = 0, h = 0;
      guint column = 0;

      /* page num type width height …, separated by runs of spaces */
      for (guint j = 0; fields[j] != NULL; j++)
        {
          if (*fields[j] == '\0')
            continue;
          if (column == 3)
            w = g_ascii_strtoull (fields[j], NULL, 10);
          else if (column == 4)
            h = g_ascii_strtoull (fields[j], NULL, 10);
          column++;
        }
      n += w == width && h == height;
    }
  return n;
}

static void
test_report_shows_photos_with_their_drawing_before_and_after (void)
{
  g_autoptr(TestDistrict) district = test_district_new ("report-photos/report.db");
  g_autofree char *id = test_start_inspection (district, district->general_template);
  g_autofree char *pdf = test_scratch_path ("report-photos.pdf");
  g_autoptr(GBytes) defect = test_jpeg_simple (640, 480, 11);
  g_autoptr(GBytes) repaired = test_jpeg_simple (480, 360, 12);
  g_autoptr(FcAnnotation) layer = fc_annotation_new ();
  g_autoptr(FcWalk) walk = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hazard = NULL;
  g_autofree char *defect_id = NULL;
  g_autofree char *after_id = NULL;
  g_autofree char *revision = NULL;
  const FcWalkItem *failed = NULL;
  FcFindingHazard finding = { 0 };
  FcPhotoTarget on_result = { "result", NULL, "defect" };
  FcPhotoTarget on_hazard = { "hazard", NULL, "after" };

  test_answer_category (district, id, FC_CATEGORY_ELECTRICAL, TRUE);
  walk = fc_walk_load (district->store, id, NULL);
  for (guint i = 0; i < fc_walk_get_n_items (walk) && failed == NULL; i++)
    if (fc_walk_item_is_failed (fc_walk_get_item (walk, i)))
      failed = fc_walk_get_item (walk, i);
  g_assert_nonnull (failed);

  on_result.attached_id = failed->result_id;
  defect_id = fc_photos_import (district->store, defect, &on_result, &error);
  g_assert_no_error (error);
  fc_annotation_add_arrow (layer, 0.2, 0.2, 0.5, 0.5, 0xe01b24, 0.01);
  revision = fc_photo_annotation_save (district->store, defect_id, layer, &error);
  g_assert_no_error (error);

  finding.inspection_id = id;
  finding.item_id = failed->item_id;
  finding.description = "配电箱无箱门";
  finding.level = FC_HAZARD_LEVEL_GENERAL;
  hazard = fc_inspection_record_hazard (district->store, &finding, &error);
  g_assert_no_error (error);
  on_hazard.attached_id = hazard;
  after_id = fc_photos_import (district->store, repaired, &on_hazard, &error);
  g_assert_no_error (error);
  g_assert_true (fc_inspection_finish (district->store, id, &error));

  g_assert_true (fc_report_inspection_pdf (district->store, id, pdf, &error));
  g_assert_no_error (error);

  /* The defect among the answers' photos and again as the "before" of its
   * hazard, beside the repair. */
  g_assert_cmpuint (pdf_images (pdf, 640, 480), ==, 2);
  g_assert_cmpuint (pdf_images (pdf, 480, 360), ==, 1);
}

static void
test_report_of_an_unknown_inspection_writes_nothing (void)
{
  g_autoptr(TestDistrict) district = test_district_new ("report-missing.db");
  g_autofree char *pdf = test_scratch_path ("missing.pdf");
  g_autoptr(GError) error = NULL;

  g_assert_false (fc_report_inspection_pdf (district->store, "no-such-inspection", pdf, &error));
  g_assert_error (error, FC_ERROR, FC_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
}

int
main (int    argc,
      char **argv)
{
  /* The bureau's language: the checklist texts are printed in Chinese. */
  g_setenv ("TZ", "UTC", TRUE);
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/report/inspection/holds-items-answers-hazards-and-signatures",
                   test_report_holds_items_answers_hazards_and_signatures);
  g_test_add_func ("/report/inspection/shows-photos-with-their-drawing-before-and-after",
                   test_report_shows_photos_with_their_drawing_before_and_after);
  g_test_add_func ("/report/inspection/unknown-inspection-writes-nothing",
                   test_report_of_an_unknown_inspection_writes_nothing);
  return g_test_run ();
}
