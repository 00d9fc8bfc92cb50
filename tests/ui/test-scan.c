/* test-scan.c: what a scan opens — every outcome of a tag, a camera frame
 * holding a tag, a photo of one, no camera at all, and registering an
 * unknown tag — through the real window on the demo district */

#include "config.h"

#include <string.h>

#include "fc-application.h"
#include "fc-demo.h"
#include "fc-equipment.h"
#include "fc-equipment-page.h"
#include "fc-scan-page.h"
#include "fc-tag.h"
#include "ui-util.h"
#include "../core/test-util.h"

typedef enum
{
  TEXT_OWN_TAG,          /* a tag on equipment of the facility in hand */
  TEXT_OTHER_FACILITY,   /* a tag on equipment of another facility */
  TEXT_UNUSED_TAG,       /* a valid tag of this district no equipment carries */
  TEXT_OTHER_DISTRICT,
  TEXT_BAD_CHECK,        /* one character misread */
  TEXT_FOREIGN,          /* a web address */
} TextKind;

typedef struct
{
  const char *name;
  TextKind    text;
  const char *outcome;
  gboolean    names_other_facility;
} ScanCase;

static const ScanCase scan_cases[] = {
  { "own-tag-opens-its-equipment", TEXT_OWN_TAG, "equipment", FALSE },
  { "tag-of-another-facility-warns-naming-it", TEXT_OTHER_FACILITY, "other_facility" },
  { "unknown-tag-offers-to-register", TEXT_UNUSED_TAG, "unknown", FALSE },
  { "tag-of-another-district-says-so", TEXT_OTHER_DISTRICT, "other_district", FALSE },
  { "misread-tag-says-so", TEXT_BAD_CHECK, "malformed", FALSE },
  { "foreign-code-says-so-and-shows-it", TEXT_FOREIGN, "foreign", FALSE },
};

typedef struct
{
  char *db;
  char *home_id;        /* a facility with tagged equipment */
  char *home_tag;       /* a tag of its equipment */
  char *home_untagged;  /* equipment of it without a tag */
  char *other_name;     /* another facility… */
  char *other_tag;      /* …and a tag of its equipment */
  char *tag_png;        /* a photo of home_tag */
} District;

static District district;

static gboolean
equipment_shown (gpointer data)
{
  return g_strcmp0 (fc_window_get_page (data), "equipment") == 0;
}

static void
open_home (FcWindow *window)
{
  g_signal_emit_by_name (fc_window_get_page_widget (window, "list"), "activated", district.home_id);
  ui_settle (window);
  g_assert_cmpstr (fc_window_get_page (window), ==, "facility");
}

static char *
text_for (TextKind kind)
{
  g_autofree char *tag = NULL;

  switch (kind)
    {
    case TEXT_OWN_TAG:
      return fc_tag_format (FC_DEMO_DISTRICT, district.home_tag, NULL);
    case TEXT_OTHER_FACILITY:
      return fc_tag_format (FC_DEMO_DISTRICT, district.other_tag, NULL);
    case TEXT_UNUSED_TAG:
      return fc_tag_format (FC_DEMO_DISTRICT, "ZZ9999", NULL);
    case TEXT_OTHER_DISTRICT:
      return fc_tag_format ("500154", district.home_tag, NULL);
    case TEXT_BAD_CHECK:
      tag = fc_tag_format (FC_DEMO_DISTRICT, district.home_tag, NULL);
      tag[strlen (tag) - 1] = tag[strlen (tag) - 1] == 'A' ? 'B' : 'A';
      return g_steal_pointer (&tag);
    case TEXT_FOREIGN:
    default:
      return g_strdup ("https://example.org/menu?table=7");
    }
}

static void
scan_case (FcWindow      *window,
           gconstpointer  data)
{
  const ScanCase *c = data;
  g_autofree char *text = text_for (c->text);
  FcEquipmentPage *page = FC_EQUIPMENT_PAGE (fc_window_get_page_widget (window, "equipment"));

  open_home (window);
  ui_activate (window, "win.scan-text", g_variant_new_string (text));
  g_assert_cmpstr (fc_window_get_page (window), ==, "equipment");
  g_assert_cmpstr (fc_equipment_page_get_outcome (page), ==, c->outcome);
  g_test_message ("%s: %s", c->name, fc_equipment_page_get_message (page));
  g_assert_cmpstr (fc_equipment_page_get_message (page), !=, "");
  if (c->names_other_facility)
    g_assert_nonnull (strstr (fc_equipment_page_get_message (page), district.other_name));
}

static void
test_scan_outcome (gconstpointer data)
{
  ui_run_app (district.db, scan_case, data);
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w))
        return ADW_MESSAGE_DIALOG (w);
    }
  return NULL;
}

static gboolean
dialog_open (gpointer data)
{
  return find_dialog () != NULL;
}

static void
register_unknown (FcWindow      *window,
                  gconstpointer  data)
{
  /* Not the unused tag of the other tests: this one ends up on equipment. */
  g_autofree char *text = fc_tag_format (FC_DEMO_DISTRICT, "YY0001", NULL);
  FcEquipmentPage *page = FC_EQUIPMENT_PAGE (fc_window_get_page_widget (window, "equipment"));
  AdwMessageDialog *dialog;

  open_home (window);
  ui_activate (window, "win.scan-text", g_variant_new_string (text));
  g_assert_cmpstr (fc_equipment_page_get_outcome (page), ==, "unknown");
  ui_activate (window, "win.register-tag", g_variant_new_string ("YY0001"));
  g_assert_true (ui_wait_until (dialog_open, NULL, 5));
  dialog = find_dialog ();
  adw_message_dialog_response (dialog, "register");
  gtk_window_destroy (GTK_WINDOW (dialog));
  ui_settle (window);
  /* The same tag now opens the equipment it was given to. */
  g_assert_cmpstr (fc_equipment_page_get_outcome (page), ==, "equipment");
  ui_activate (window, "win.scan-text", g_variant_new_string (text));
  g_assert_cmpstr (fc_equipment_page_get_outcome (page), ==, "equipment");
}

static void
test_scan_unknown_tag_registers_to_equipment_of_the_facility (void)
{
  g_autoptr(FcStore) store = NULL;
  g_autofree char *sql = NULL;

  ui_run_app (district.db, register_unknown, NULL);
  store = fc_store_open (district.db, NULL);
  g_assert_nonnull (store);
  sql = g_strdup_printf ("SELECT count (*) FROM equipment WHERE tag_code = 'YY0001'"
                         " AND facility_id = '%s'", district.home_id);
  g_assert_cmpint (test_count (store, sql), ==, 1);
  g_assert_cmpint (test_count (store, "SELECT count (*) FROM op_log WHERE tbl = 'equipment'"
                                      " AND fields LIKE '%YY0001%'"), ==, 1);
}

typedef struct
{
  const char *name;
  const char *source;      /* FIELDCHECK_CAMERA_SOURCE, or NULL for a still of the tag photo */
  const char *state;       /* of the scan page, before anything is read */
  gboolean    opens;       /* a frame holds the tag: the equipment opens by itself */
} CameraCase;

static const CameraCase camera_cases[] = {
  { "no-camera-says-so-and-offers-a-photo", "v4l2src device=/dev/fc-no-such-camera", "no-camera", FALSE },
  { "frame-with-a-tag-opens-its-equipment", NULL, "preview", TRUE },
};

static gboolean
scan_page_settled (gpointer data)
{
  return g_strcmp0 (fc_scan_page_get_state (data), "starting") != 0;
}

static void
camera_case (FcWindow      *window,
             gconstpointer  data)
{
  const CameraCase *c = data;
  FcScanPage *scan = FC_SCAN_PAGE (fc_window_get_page_widget (window, "scan"));
  FcEquipmentPage *page = FC_EQUIPMENT_PAGE (fc_window_get_page_widget (window, "equipment"));
  g_autofree char *source = c->source != NULL
    ? g_strdup (c->source)
    : g_strdup_printf ("filesrc location=%s ! pngdec ! imagefreeze is-live=true", district.tag_png);

  g_setenv ("FIELDCHECK_CAMERA_SOURCE", source, TRUE);
  open_home (window);
  ui_activate (window, "win.scan", NULL);
  g_assert_cmpstr (fc_window_get_page (window), ==, "scan");
  if (c->opens)
    {
      g_assert_true (ui_wait_until (equipment_shown, window, 20));
      ui_settle (window);
      g_assert_cmpstr (fc_equipment_page_get_outcome (page), ==, "equipment");
      /* Leaving the page let the camera go. */
      g_assert_cmpstr (fc_window_get_page (window), ==, "equipment");
    }
  else
    {
      g_assert_true (ui_wait_until (scan_page_settled, scan, 20));
      g_assert_cmpstr (fc_scan_page_get_state (scan), ==, c->state);
      /* The photo route works without a camera. */
      {
        g_autoptr(GFile) photo = g_file_new_for_path (district.tag_png);

        fc_scan_page_scan_file (scan, photo);
      }
      g_assert_true (ui_wait_until (equipment_shown, window, 20));
      ui_settle (window);
      g_assert_cmpstr (fc_equipment_page_get_outcome (page), ==, "equipment");
    }
  g_unsetenv ("FIELDCHECK_CAMERA_SOURCE");
}

static void
test_scan_camera (gconstpointer data)
{
  ui_run_app (district.db, camera_case, data);
}

static void
make_district (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *payload = NULL;
  g_autoptr(QRcode) qr = NULL;
  g_autofree guint8 *grey = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  guint side;

  district.db = test_scratch_path ("scan.db");
  store = fc_store_open (district.db, &error);
  g_assert_no_error (error);
  g_assert_true (fc_demo_generate (store, "2026-11-29", 2026, NULL, &error));
  district.home_id = test_text (store, "SELECT facility_id FROM equipment WHERE tag_code IS NOT NULL"
                                       " GROUP BY facility_id HAVING count (*) > 1"
                                       " ORDER BY facility_id LIMIT 1");
  g_assert_nonnull (district.home_id);
  sql = g_strdup_printf ("SELECT tag_code FROM equipment WHERE facility_id = '%s'"
                         " AND tag_code IS NOT NULL AND retired = 0 ORDER BY tag_code LIMIT 1",
                         district.home_id);
  district.home_tag = test_text (store, sql);
  g_clear_pointer (&sql, g_free);
  /* One of its pieces of equipment loses its tag: the unknown tag goes there. */
  sql = g_strdup_printf ("SELECT id FROM equipment WHERE facility_id = '%s'"
                         " AND tag_code IS NOT NULL AND tag_code <> '%s' ORDER BY tag_code LIMIT 1",
                         district.home_id, district.home_tag);
  district.home_untagged = test_text (store, sql);
  g_assert_nonnull (district.home_untagged);
  {
    const char *changes[] = { "tag_code", "", NULL };

    g_assert_true (fc_equipment_edit (store, district.home_untagged, changes, &error));
    g_assert_no_error (error);
  }
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT f.name FROM facility f JOIN equipment e ON e.facility_id = f.id"
                         " WHERE f.id <> '%s' AND e.tag_code IS NOT NULL ORDER BY e.tag_code LIMIT 1",
                         district.home_id);
  district.other_name = test_text (store, sql);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT e.tag_code FROM facility f JOIN equipment e ON e.facility_id = f.id"
                         " WHERE f.id <> '%s' AND e.tag_code IS NOT NULL ORDER BY e.tag_code LIMIT 1",
                         district.home_id);
  district.other_tag = test_text (store, sql);
  g_assert_nonnull (district.other_name);
  g_assert_nonnull (district.other_tag);

  /* A photo of the tag: the QR code on a page, as the camera would see it. */
  payload = fc_tag_format (FC_DEMO_DISTRICT, district.home_tag, &error);
  g_assert_no_error (error);
  qr = fc_tag_encode_qr (payload, &error);
  g_assert_no_error (error);
  grey = fc_tag_qr_to_grey (qr, 8, 4, &side);
  pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 640, 480);
  gdk_pixbuf_fill (pixbuf, 0xf0f0f0ff);
  for (guint y = 0; y < side; y++)
    for (guint x = 0; x < side; x++)
      {
        guint8 *p = gdk_pixbuf_get_pixels (pixbuf) + (gsize) (100 + y) * gdk_pixbuf_get_rowstride (pixbuf)
                    + (gsize) (200 + x) * 3;

        p[0] = p[1] = p[2] = grey[(gsize) y * side + x];
      }
  district.tag_png = test_scratch_path ("tag.png");
  g_assert_true (gdk_pixbuf_save (pixbuf, district.tag_png, "png", &error, NULL));
  g_assert_no_error (error);
}

int
main (int    argc,
      char **argv)
{
  int status;

  gtk_test_init (&argc, &argv, NULL);
  make_district ();
  for (guint i = 0; i < G_N_ELEMENTS (scan_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/scan/text/%s", scan_cases[i].name);

      g_test_add_data_func (path, &scan_cases[i], test_scan_outcome);
    }
  g_test_add_func ("/scan/unknown-tag-registers-to-equipment-of-the-facility",
                   test_scan_unknown_tag_registers_to_equipment_of_the_facility);
  for (guint i = 0; i < G_N_ELEMENTS (camera_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/scan/camera/%s", camera_cases[i].name);

      g_test_add_data_func (path, &camera_cases[i], test_scan_camera);
    }
  status = g_test_run ();
  return status;
}
