/* test-cli-equipment.c: fieldcheck-cli equipment, tags and scan, and the
 * label sheet read back by tools that are not ours (pdftoppm, zbarimg) */

#include "config.h"

#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "fc-equipment.h"
#include "fc-store-write.h"
#include "fc-tag.h"
#include "fc-tag-sheet.h"
#include "test-label-read.h"
#include "test-run.h"
#include "test-util.h"

#define DISTRICT "500154"
/* More than one A4 sheet of 3 × 8. */
#define N_TAGGED 27

static char *db;
static char *home;
static char *other;

static char *
add_facility (FcStore    *store,
              const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcOp) op = fc_op_new_insert ("facility", NULL);

  fc_op_set_string (op, "type", "elderly_care");
  fc_op_set_string (op, "name", name);
  fc_op_set_string (op, "town", "汉丰街道");
  g_assert_true (fc_store_write (store, op, &error));
  g_assert_no_error (error);
  return g_strdup (op->row_id);
}

/* A district with two facilities; equipment is added through the CLI. */
static void
make_district (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = NULL;

  db = test_scratch_path ("cli-equipment.db");
  store = fc_store_open (db, &error);
  g_assert_no_error (error);
  home = add_facility (store, "临江乐龄康养中心");
  other = add_facility (store, "南山儿童福利院");
}

static void
test_cli_equipment_add_edit_retire_list (void)
{
  g_auto(TestRun) add = { 0 };
  g_auto(TestRun) edit = { 0 };
  g_auto(TestRun) list = { 0 };
  g_auto(TestRun) retire = { 0 };
  g_auto(TestRun) after = { 0 };
  g_auto(TestRun) retired = { 0 };
  g_auto(TestRun) returned = { 0 };
  g_auto(TestRun) in_service = { 0 };
  g_auto(TestRun) clash = { 0 };
  g_auto(TestRun) usage = { 0 };
  g_autofree char *id = NULL;

  test_cli (&add, db, "equipment", "add", "--facility", other, "--kind", "gas_valve", "--name",
            "燃气紧急切断阀", "--location", "厨房", "--tag", "k1", "--expires", "2028-01-31", NULL);
  g_assert_cmpint (add.status, ==, 0);
  id = g_strstrip (g_strdup (add.out));
  g_assert_true (g_uuid_string_is_valid (id));

  test_cli (&edit, db, "equipment", "edit", id, "name=燃气总阀", "location=", NULL);
  g_assert_cmpint (edit.status, ==, 0);
  test_cli (&list, db, "equipment", "list", "--facility", other, NULL);
  g_assert_cmpint (list.status, ==, 0);
  g_assert_true (g_str_has_prefix (list.out, "id\tkind\tname\tlocation\ttag_code"));
  g_assert_nonnull (strstr (list.out, "\tgas_valve\t燃气总阀\t\tK1\t"));

  test_cli (&clash, db, "equipment", "add", "--facility", home, "--kind", "pump", "--name", "水泵",
            "--tag", "K1", NULL);
  g_assert_cmpint (clash.status, ==, 1);
  g_assert_nonnull (strstr (clash.err, "南山儿童福利院"));

  test_cli (&retire, db, "equipment", "retire", id, "--reason", "阀体锈蚀，已更换", NULL);
  g_assert_cmpint (retire.status, ==, 0);
  test_cli (&after, db, "equipment", "list", "--facility", other, NULL);
  g_assert_null (strstr (after.out, id));
  test_cli (&retired, db, "equipment", "list", "--facility", other, "--all", NULL);
  g_assert_cmpint (retired.status, ==, 0);
  g_assert_nonnull (strstr (retired.out, "阀体锈蚀，已更换"));

  test_cli (&returned, db, "equipment", "return", id, NULL);
  g_assert_cmpint (returned.status, ==, 0);
  test_cli (&in_service, db, "equipment", "list", "--facility", other, NULL);
  g_assert_nonnull (strstr (in_service.out, id));
  g_assert_null (strstr (in_service.out, "阀体锈蚀，已更换"));

  test_cli (&usage, db, "equipment", "add", "--facility", home, NULL);
  g_assert_cmpint (usage.status, ==, 2);
}

static char **
tagged_ids (void)
{
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();

  for (guint i = 0; i < N_TAGGED; i++)
    {
      g_auto(TestRun) run = { 0 };
      g_autofree char *tag = g_strdup_printf ("%06u", 100 + i);
      g_autofree char *name = g_strdup_printf ("干粉灭火器 %u 号", i + 1);

      test_cli (&run, db, "equipment", "add", "--facility", home, "--kind", "extinguisher", "--name",
                name, "--location", "二楼护理站", "--tag", tag, NULL);
      g_assert_cmpint (run.status, ==, 0);
      g_strstrip (run.out);
      g_strv_builder_add (ids, run.out);
    }
  return g_strv_builder_end (ids);
}

/* Renders the PDF at 300 dpi, crops every label cell, decodes each with
 * zbarimg and resolves what it read back to equipment. */
static void
test_cli_tags_sheet_reads_back_with_pdftoppm_and_zbarimg (void)
{
  g_autofree char *pdftoppm = g_find_program_in_path ("pdftoppm");
  g_autofree char *zbarimg = g_find_program_in_path ("zbarimg");
  g_autofree char *pdf = test_scratch_path ("tags.pdf");
  g_auto(GStrv) ids = NULL;
  g_auto(TestRun) untagged = { 0 };
  g_auto(TestRun) tags = { 0 };
  g_autoptr(GHashTable) found = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = NULL;
  g_auto(GStrv) lines = NULL;
  FcTagSheetLayout layout;
  guint pages = (N_TAGGED + 23) / 24;

  if (pdftoppm == NULL || zbarimg == NULL)
    {
      g_test_skip ("pdftoppm or zbarimg is not installed (Debian: poppler-utils, zbar-tools)");
      return;
    }
  ids = tagged_ids ();
  test_cli (&untagged, db, "equipment", "add", "--facility", home, "--kind", "pump", "--name", "排涝水泵",
            NULL);
  g_assert_cmpint (untagged.status, ==, 0);

  {
    g_auto(TestRun) no_district = { 0 };

    test_cli (&no_district, db, "tags", "--facility", home, "--pdf", pdf, NULL);
    g_assert_cmpint (no_district.status, ==, 1);
    g_assert_nonnull (strstr (no_district.err, "district"));
  }
  {
    g_auto(TestRun) set = { 0 };

    test_cli (&set, db, "district", DISTRICT, NULL);
    g_assert_cmpint (set.status, ==, 0);
  }
  test_cli (&tags, db, "tags", "--facility", home, "--pdf", pdf, NULL);
  g_assert_cmpint (tags.status, ==, 0);
  g_assert_nonnull (strstr (tags.out, "\t27\t2"));
  /* The pump has no tag: it is counted, not printed. */
  g_assert_nonnull (strstr (tags.err, "1 piece of equipment has no tag code"));

  g_assert_true (fc_tag_sheet_layout_init (&layout, NULL, NULL, &error));
  lines = test_labels_read (pdftoppm, zbarimg, pdf, &layout, pages, "tags-page");

  /* Every printed label reads back, once, as the tag of its own equipment. */
  store = fc_store_open (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (lines), ==, N_TAGGED);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(FcTagMatch) match = { 0 };

      g_assert_true (fc_equipment_resolve_tag (store, lines[i], home, &match, &error));
      g_assert_no_error (error);
      g_assert_cmpint (match.kind, ==, FC_TAG_MATCH_EQUIPMENT);
      g_assert_true (g_strv_contains ((const char *const *) ids,
                                      json_object_get_string_member (match.equipment, "id")));
      g_assert_true (g_hash_table_add (found, g_strdup (lines[i])));
    }
}

static void
test_cli_tags_refuses_a_grid_that_does_not_fit (void)
{
  g_autofree char *pdf = test_scratch_path ("too-big.pdf");
  g_auto(TestRun) run = { 0 };

  test_cli (&run, db, "tags", "--facility", home, "--pdf", pdf, "--grid", "3x9", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "A4"));
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
}

static char *
write_qr_png (const char *name,
              const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(QRcode) qr = QRcode_encodeString8bit (text, 0, QR_ECLEVEL_M);
  g_autofree guint8 *grey = NULL;
  g_autoptr(GdkPixbuf) rgb = NULL;
  char *path = test_scratch_path (name);
  guint side = 0;

  g_assert_nonnull (qr);
  grey = fc_tag_qr_to_grey (qr, 6, 4, &side);
  rgb = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, (int) side, (int) side);
  for (guint y = 0; y < side; y++)
    for (guint x = 0; x < side; x++)
      memset (gdk_pixbuf_get_pixels (rgb) + y * gdk_pixbuf_get_rowstride (rgb) + x * 3,
              grey[y * side + x], 3);
  g_assert_true (gdk_pixbuf_save (rgb, path, "png", &error, NULL));
  g_assert_no_error (error);
  return path;
}

static void
test_cli_scan_exit_status_names_the_outcome (void)
{
  static const struct
  {
    const char *name;
    const char *text;      /* NULL: a blank image */
    gboolean    facility;  /* scan with --facility OTHER */
    int         status;
    const char *outcome;
    const char *err;
  } cases[] = {
    { "known", "FC1:500154:S100:?", FALSE, 0, "equipment", NULL },
    { "other-facility", "FC1:500154:S100:?", TRUE, 4, "other_facility", "临江乐龄康养中心" },
    { "other-district", "FC1:110105:S100:?", FALSE, 5, "other_district", "110105" },
    { "unknown", "FC1:500154:777777:?", FALSE, 6, "unknown_tag", "equipment add" },
    { "foreign", "WIFI:S:bureau;T:WPA;P:secret;;", FALSE, 7, "foreign", "WIFI:S:bureau" },
    { "misread", "FC1:500154:S100:0", FALSE, 8, "damaged", "misread" },
    { "blank", NULL, FALSE, 3, NULL, "No QR code" },
  };

  g_auto(TestRun) district = { 0 };
  g_auto(TestRun) add = { 0 };

  test_cli (&district, db, "district", DISTRICT, NULL);
  g_assert_cmpint (district.status, ==, 0);
  test_cli (&add, db, "equipment", "add", "--facility", home, "--kind", "alarm_panel", "--name",
            "火灾报警控制器", "--tag", "S100", NULL);
  g_assert_cmpint (add.status, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(TestRun) run = { 0 };
      g_autofree char *name = g_strdup_printf ("scan-%s.png", cases[i].name);
      g_autofree char *text = g_strdup (cases[i].text);
      g_autofree char *path = NULL;
      char *mark;

      g_test_message ("case %s", cases[i].name);
      if (text != NULL && (mark = strchr (text, '?')) != NULL)
        {
          g_auto(GStrv) f = g_strsplit (text, ":", -1);
          g_autofree char *checked = g_strconcat ("1", f[1], f[2], NULL);

          *mark = fc_tag_check_char (checked);
        }
      if (text != NULL)
        path = write_qr_png (name, text);
      else
        {
          g_autoptr(GdkPixbuf) blank = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 200, 200);

          path = test_scratch_path (name);
          gdk_pixbuf_fill (blank, 0xffffffff);
          g_assert_true (gdk_pixbuf_save (blank, path, "png", NULL, NULL));
        }
      if (cases[i].facility)
        test_cli (&run, db, "scan", path, "--facility", other, NULL);
      else
        test_cli (&run, db, "scan", path, NULL);
      g_assert_cmpint (run.status, ==, cases[i].status);
      if (cases[i].outcome != NULL)
        {
          g_autofree char *line = g_strdup_printf ("outcome\t%s\n", cases[i].outcome);

          g_assert_true (g_str_has_prefix (run.out, line));
          /* The raw text is always shown. */
          g_assert_nonnull (strstr (run.out, text));
        }
      if (cases[i].err != NULL)
        g_assert_nonnull (strstr (run.err, cases[i].err));
    }
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  make_district ();
  g_test_add_func ("/cli-equipment/add-edit-retire-list", test_cli_equipment_add_edit_retire_list);
  g_test_add_func ("/cli-equipment/tags-sheet-reads-back-with-pdftoppm-and-zbarimg",
                   test_cli_tags_sheet_reads_back_with_pdftoppm_and_zbarimg);
  g_test_add_func ("/cli-equipment/tags-refuses-a-grid-that-does-not-fit",
                   test_cli_tags_refuses_a_grid_that_does_not_fit);
  g_test_add_func ("/cli-equipment/scan-exit-status-names-the-outcome",
                   test_cli_scan_exit_status_names_the_outcome);
  status = g_test_run ();
  g_free (db);
  g_free (home);
  g_free (other);
  return status;
}
