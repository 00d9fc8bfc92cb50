/* test-label-read.h: a label sheet read back by tools that are not ours —
 * pdftoppm renders its pages, each label is cut out on its own, as a person
 * holds the camera to one, and zbarimg reads them */
#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "fc-tag-sheet.h"
#include "test-run.h"
#include "test-util.h"

/* The codes read from the labels of @pdf, laid out as @layout on @pages
 * pages, in the order of the labels; @name prefixes the scratch files. */
static inline char **
test_labels_read (const char             *pdftoppm,
                  const char             *zbarimg,
                  const char             *pdf,
                  const FcTagSheetLayout *layout,
                  guint                   pages,
                  const char             *name)
{
  g_autofree char *prefix = test_scratch_path (name);
  g_autoptr(GPtrArray) zbar_argv = g_ptr_array_new_with_free_func (g_free);
  g_auto(TestRun) run = { 0 };
  g_autoptr(GError) error = NULL;
  double px_per_mm = 300 / 25.4;

  {
    const char *argv[] = { pdftoppm, "-r", "300", "-gray", pdf, prefix, NULL };

    test_spawn_argv (&run, argv);
    g_assert_cmpint (run.status, ==, 0);
  }

  g_ptr_array_add (zbar_argv, g_strdup (zbarimg));
  g_ptr_array_add (zbar_argv, g_strdup ("-q"));
  g_ptr_array_add (zbar_argv, g_strdup ("--raw"));
  g_ptr_array_add (zbar_argv, g_strdup ("--nodbus"));
  for (guint p = 0; p < pages; p++)
    {
      /* pdftoppm pads the page number to the width of the last one. */
      g_autofree char *page_path = g_strdup_printf ("%s-%u.pgm", prefix, p + 1);
      g_autoptr(GdkPixbuf) page = NULL;

      if (!g_file_test (page_path, G_FILE_TEST_EXISTS))
        {
          g_free (page_path);
          page_path = g_strdup_printf ("%s-%02u.pgm", prefix, p + 1);
        }
      page = gdk_pixbuf_new_from_file (page_path, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < fc_tag_sheet_labels_per_page (layout); i++)
        {
          g_autofree char *cell_name = g_strdup_printf ("%s-cell-%u-%02u.png", name, p, i);
          g_autoptr(GdkPixbuf) cell = NULL;
          double x, y;

          fc_tag_sheet_label_rect_mm (layout, i, &x, &y);
          cell = gdk_pixbuf_new_subpixbuf (page, (int) (x * px_per_mm), (int) (y * px_per_mm),
                                           (int) (layout->label_width_mm * px_per_mm) - 1,
                                           (int) (layout->label_height_mm * px_per_mm) - 1);
          g_ptr_array_add (zbar_argv, test_scratch_path (cell_name));
          g_assert_true (gdk_pixbuf_save (cell, zbar_argv->pdata[zbar_argv->len - 1], "png",
                                          &error, NULL));
          g_assert_no_error (error);
        }
    }
  g_ptr_array_add (zbar_argv, NULL);
  test_spawn_argv (&run, (const char *const *) zbar_argv->pdata);
  return g_strsplit (g_strstrip (run.out), "\n", -1);
}
