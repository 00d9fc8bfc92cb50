/* test-equipment-ui.c: the equipment register in the real window on the demo
 * district — add a piece through the editor, change its expiry, retire it with
 * a reason; register an unknown scanned tag to new equipment; and the label
 * sheet saved and printed from the app, read back by pdftoppm and zbarimg */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "fc-application.h"
#include "fc-demo.h"
#include "fc-equipment.h"
#include "fc-equipment-editor.h"
#include "fc-equipment-page.h"
#include "fc-equipment-register.h"
#include "fc-label-sheet-dialog.h"
#include "fc-tag.h"
#include "fc-tag-sheet.h"
#include "ui-util.h"
#include "../core/test-label-read.h"
#include "../core/test-util.h"

/* Enough tagged equipment at home for two sheets of 2 × 6. */
#define N_EXTRA 9

typedef struct
{
  char *db;
  char *home_id;       /* a facility with tagged equipment, more added */
  char *spare_id;      /* another, with a piece that has no tag yet */
  char *used_tag;      /* a tag already on equipment of another facility */
} District;

static District district;

static FcEquipmentEditor *
editor (void)
{
  GtkWindow *window = ui_find_toplevel (FC_TYPE_EQUIPMENT_EDITOR);

  return window ? FC_EQUIPMENT_EDITOR (window) : NULL;
}

static FcEquipmentRegister *
register_of (FcWindow *window)
{
  return FC_EQUIPMENT_REGISTER (fc_window_get_page_widget (window, "equipment-list"));
}

static void
open_register (FcWindow   *window,
               const char *facility_id)
{
  g_signal_emit_by_name (fc_window_get_page_widget (window, "list"), "activated", facility_id);
  ui_settle (window);
  g_assert_cmpstr (fc_window_get_page (window), ==, "facility");
  ui_activate (window, "win.equipment", NULL);
  g_assert_cmpstr (fc_window_get_page (window), ==, "equipment-list");
  g_assert_cmpstr (fc_equipment_register_get_facility_id (register_of (window)), ==, facility_id);
}

static void
fill (FcEquipmentEditor *self,
      const char        *field,
      const char        *text)
{
  GtkEditable *entry = fc_equipment_editor_get_field (self, field);

  g_assert_nonnull (entry);
  gtk_editable_set_text (entry, text);
}

static const char *
id_of_tag (FcEquipmentRegister *page,
           const char          *tag)
{
  for (guint i = 0; i < fc_equipment_register_get_n_shown (page); i++)
    {
      JsonObject *row = fc_equipment_register_get_row (page, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (row, "tag_code", NULL), tag) == 0)
        return json_object_get_string_member (row, "id");
    }
  return NULL;
}

/* Add, edit, retire */

static void
add_edit_retire (FcWindow      *window,
                 gconstpointer  data)
{
  FcEquipmentRegister *page;
  FcEquipmentEditor *edit;
  AdwMessageDialog *dialog;
  g_autofree char *id = NULL;
  guint before, expired_before;

  open_register (window, district.home_id);
  page = register_of (window);
  before = fc_equipment_register_get_n_shown (page);
  expired_before = fc_equipment_register_get_n_expired (page);
  g_assert_cmpuint (before, >, 0);

  ui_activate (window, "win.add-equipment", NULL);
  edit = editor ();
  g_assert_nonnull (edit);
  g_assert_null (fc_equipment_editor_get_equipment_id (edit));
  g_assert_true (fc_equipment_editor_set_kind (edit, "gas_alarm"));
  fill (edit, "name", "厨房可燃气体报警器");
  fill (edit, "location", "一楼厨房");
  fill (edit, "tag_code", "eq0001");
  fill (edit, "installed_on", "2024-05-06");
  fill (edit, "expires_on", "2030-05-06");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (edit), "editor.save", NULL));
  ui_settle (window);
  g_assert_null (editor ());
  g_assert_cmpuint (fc_equipment_register_get_n_shown (page), ==, before + 1);
  /* The core wrote the code in capitals, as tags print it. */
  id = g_strdup (id_of_tag (page, "EQ0001"));
  g_assert_nonnull (id);

  /* Its expiry moves into the past: it stands out as expired. */
  ui_activate (window, "win.edit-equipment", g_variant_new_string (id));
  edit = editor ();
  g_assert_nonnull (edit);
  g_assert_cmpstr (fc_equipment_editor_get_equipment_id (edit), ==, id);
  g_assert_cmpstr (fc_equipment_editor_get_kind (edit), ==, "gas_alarm");
  g_assert_cmpstr (gtk_editable_get_text (fc_equipment_editor_get_field (edit, "location")), ==, "一楼厨房");
  fill (edit, "expires_on", "2025-01-31");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (edit), "editor.save", NULL));
  ui_settle (window);
  g_assert_null (editor ());
  g_assert_cmpuint (fc_equipment_register_get_n_expired (page), ==, expired_before + 1);

  /* Retiring asks why, and cannot go on without an answer. */
  ui_activate (window, "win.retire-equipment", g_variant_new_string (id));
  dialog = ADW_MESSAGE_DIALOG (ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "retire"));
  gtk_editable_set_text (g_object_get_data (G_OBJECT (dialog), "fc-reason"), "  ");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "retire"));
  gtk_editable_set_text (g_object_get_data (G_OBJECT (dialog), "fc-reason"), "传感器失效，已拆除");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "retire"));
  adw_message_dialog_response (dialog, "retire");
  gtk_window_destroy (GTK_WINDOW (dialog));
  ui_settle (window);
  g_assert_cmpuint (fc_equipment_register_get_n_shown (page), ==, before);
  g_assert_null (id_of_tag (page, "EQ0001"));

  /* Hidden, not gone. */
  fc_equipment_register_set_show_retired (page, TRUE);
  ui_settle (window);
  g_assert_cmpuint (fc_equipment_register_get_n_shown (page), ==, before + 1);
  g_assert_cmpstr (id_of_tag (page, "EQ0001"), ==, id);
}

static void
test_equipment_ui_add_edit_retire (void)
{
  g_autoptr(FcStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autofree char *id = NULL;
  g_autofree char *sql = NULL;

  ui_run_app (district.db, add_edit_retire, NULL);
  store = fc_store_open (district.db, &error);
  g_assert_no_error (error);
  id = test_text (store, "SELECT id FROM equipment WHERE tag_code = 'EQ0001'");
  g_assert_nonnull (id);
  row = fc_equipment_get (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (row, "facility_id"), ==, district.home_id);
  g_assert_cmpstr (json_object_get_string_member (row, "kind"), ==, "gas_alarm");
  g_assert_cmpstr (json_object_get_string_member (row, "name"), ==, "厨房可燃气体报警器");
  g_assert_cmpstr (json_object_get_string_member (row, "location"), ==, "一楼厨房");
  g_assert_cmpstr (json_object_get_string_member (row, "installed_on"), ==, "2024-05-06");
  g_assert_cmpstr (json_object_get_string_member (row, "expires_on"), ==, "2025-01-31");
  g_assert_cmpint (json_object_get_int_member (row, "retired"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (row, "retired_reason"), ==, "传感器失效，已拆除");
  g_assert_nonnull (json_object_get_string_member (row, "retired_on"));

  /* One op each: the insert, the edit naming only the expiry, the retirement. */
  sql = g_strdup_printf ("SELECT count (*) FROM op_log WHERE tbl = 'equipment' AND row_id = '%s'", id);
  g_assert_cmpint (test_count (store, sql), ==, 3);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count (*) FROM op_log WHERE tbl = 'equipment' AND row_id = '%s'"
                         " AND fields LIKE '%%2025-01-31%%' AND fields NOT LIKE '%%location%%'"
                         " AND fields NOT LIKE '%%name%%'", id);
  g_assert_cmpint (test_count (store, sql), ==, 1);
}

/* Retired by mistake: the editor puts it back in service */

static void
return_to_service (FcWindow      *window,
                   gconstpointer  data)
{
  const char *id = data;
  FcEquipmentRegister *page;
  FcEquipmentEditor *edit;
  guint before;

  open_register (window, district.home_id);
  page = register_of (window);
  before = fc_equipment_register_get_n_shown (page);

  ui_activate (window, "win.edit-equipment", g_variant_new_string (id));
  edit = editor ();
  g_assert_nonnull (edit);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (edit), "editor.return", NULL));
  ui_settle (window);
  g_assert_null (editor ());
  g_assert_cmpuint (fc_equipment_register_get_n_shown (page), ==, before + 1);
}

static void
test_equipment_ui_return_to_service (void)
{
  g_autoptr(FcStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) in_service = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autofree char *id = NULL;

  store = fc_store_open (district.db, &error);
  g_assert_no_error (error);
  in_service = fc_equipment_list (store, district.home_id, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (in_service), >, 0);
  id = g_strdup (json_object_get_string_member (json_array_get_object_element (in_service, 0), "id"));
  g_assert_true (fc_equipment_retire_because (store, id, "误报废", &error));
  g_clear_object (&store);

  ui_run_app (district.db, return_to_service, id);
  store = fc_store_open (district.db, &error);
  g_assert_no_error (error);
  row = fc_equipment_get (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (row, "retired"), ==, 0);
  g_assert_null (json_object_get_string_member_with_default (row, "retired_reason", NULL));
}

/* The editor refuses what the core refuses, and keeps what was typed */

static void
refuse_used_tag (FcWindow      *window,
                 gconstpointer  data)
{
  FcEquipmentEditor *edit;
  guint before;

  open_register (window, district.home_id);
  before = fc_equipment_register_get_n_shown (register_of (window));
  ui_activate (window, "win.add-equipment", NULL);
  edit = editor ();
  g_assert_nonnull (edit);

  /* No name: refused before anything is written. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (edit), "editor.save", NULL));
  ui_settle (window);
  g_assert_nonnull (editor ());
  g_assert_nonnull (fc_equipment_editor_get_error (edit));

  fill (edit, "name", "走廊灭火器");
  fill (edit, "tag_code", district.used_tag);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (edit), "editor.save", NULL));
  ui_settle (window);
  g_assert_true (editor () == edit);
  g_assert_nonnull (strstr (fc_equipment_editor_get_error (edit), district.used_tag));
  g_assert_cmpstr (gtk_editable_get_text (fc_equipment_editor_get_field (edit, "name")), ==, "走廊灭火器");

  fill (edit, "tag_code", "");
  fill (edit, "expires_on", "2026-02-30");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (edit), "editor.save", NULL));
  ui_settle (window);
  g_assert_true (editor () == edit);
  g_assert_nonnull (strstr (fc_equipment_editor_get_error (edit), "2026-02-30"));
  gtk_window_destroy (GTK_WINDOW (edit));
  ui_activate (window, "win.equipment", NULL);
  g_assert_cmpuint (fc_equipment_register_get_n_shown (register_of (window)), ==, before);
}

static void
test_equipment_ui_editor_refuses_what_the_core_refuses (void)
{
  g_autoptr(FcStore) store = NULL;

  ui_run_app (district.db, refuse_used_tag, NULL);
  store = fc_store_open (district.db, NULL);
  g_assert_nonnull (store);
  g_assert_cmpint (test_count (store, "SELECT count (*) FROM equipment WHERE name = '走廊灭火器'"), ==, 0);
}

/* An unknown tag, registered to new equipment of the facility in hand */

typedef struct
{
  const char *name;
  const char *code;
  gboolean    spare;   /* the facility has untagged equipment: a choice comes first */
} RegisterCase;

static const RegisterCase register_cases[] = {
  { "every-piece-tagged-opens-the-editor", "QQ0001", FALSE },
  { "untagged-pieces-offer-new-equipment-too", "QQ0002", TRUE },
};

static void
register_unknown (FcWindow      *window,
                  gconstpointer  data)
{
  const RegisterCase *c = data;
  const char *facility = c->spare ? district.spare_id : district.home_id;
  g_autofree char *text = fc_tag_format (FC_DEMO_DISTRICT, c->code, NULL);
  FcEquipmentPage *page = FC_EQUIPMENT_PAGE (fc_window_get_page_widget (window, "equipment"));
  FcEquipmentEditor *edit;

  g_signal_emit_by_name (fc_window_get_page_widget (window, "list"), "activated", facility);
  ui_settle (window);
  ui_activate (window, "win.scan-text", g_variant_new_string (text));
  g_assert_cmpstr (fc_equipment_page_get_outcome (page), ==, "unknown");
  ui_activate (window, "win.register-tag", g_variant_new_string (c->code));
  if (c->spare)
    {
      AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));

      g_assert_nonnull (dialog);
      g_assert_null (editor ());
      adw_message_dialog_response (dialog, "new");
      gtk_window_destroy (GTK_WINDOW (dialog));
      ui_settle (window);
    }
  edit = editor ();
  g_assert_nonnull (edit);
  g_assert_null (fc_equipment_editor_get_equipment_id (edit));
  g_assert_cmpstr (gtk_editable_get_text (fc_equipment_editor_get_field (edit, "tag_code")), ==, c->code);
  g_assert_true (fc_equipment_editor_set_kind (edit, "emergency_light"));
  fill (edit, "name", "二楼应急照明灯");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (edit), "editor.save", NULL));
  ui_settle (window);
  /* Saved, the tag is scanned again: its equipment is on screen, no tap between. */
  g_assert_null (editor ());
  g_assert_cmpstr (fc_window_get_page (window), ==, "equipment");
  g_assert_cmpstr (fc_equipment_page_get_outcome (page), ==, "equipment");
  g_assert_cmpstr (fc_equipment_page_get_title (page), ==, "二楼应急照明灯");
}

static void
test_equipment_ui_unknown_tag_registers_to_new_equipment (gconstpointer data)
{
  const RegisterCase *c = data;
  g_autoptr(FcStore) store = NULL;
  g_autofree char *sql = NULL;

  ui_run_app (district.db, register_unknown, data);
  store = fc_store_open (district.db, NULL);
  g_assert_nonnull (store);
  sql = g_strdup_printf ("SELECT count (*) FROM equipment WHERE tag_code = '%s' AND facility_id = '%s'"
                         " AND kind = 'emergency_light' AND retired = 0", c->code,
                         c->spare ? district.spare_id : district.home_id);
  g_assert_cmpint (test_count (store, sql), ==, 1);
}

/* Edited from the page a scan opened, the page shows the new date */

static void
edit_after_scan (FcWindow      *window,
                 gconstpointer  data)
{
  g_autofree char *text = fc_tag_format (FC_DEMO_DISTRICT, "XT0001", NULL);
  FcEquipmentPage *page = FC_EQUIPMENT_PAGE (fc_window_get_page_widget (window, "equipment"));
  FcEquipmentEditor *edit;

  g_signal_emit_by_name (fc_window_get_page_widget (window, "list"), "activated", district.home_id);
  ui_settle (window);
  ui_activate (window, "win.scan-text", g_variant_new_string (text));
  g_assert_cmpstr (fc_equipment_page_get_outcome (page), ==, "equipment");
  g_assert_null (strstr (fc_equipment_page_get_dates (page), "2026-11-20"));
  ui_activate (window, "win.edit-equipment", g_variant_new_string (data));
  edit = editor ();
  g_assert_nonnull (edit);
  g_assert_cmpstr (gtk_editable_get_text (fc_equipment_editor_get_field (edit, "tag_code")), ==, "XT0001");
  fill (edit, "last_serviced_on", "2026-11-20");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (edit), "editor.save", NULL));
  ui_settle (window);
  g_assert_null (editor ());
  g_assert_cmpstr (fc_window_get_page (window), ==, "equipment");
  g_assert_nonnull (strstr (fc_equipment_page_get_dates (page), "2026-11-20"));
}

static void
test_equipment_ui_edit_from_a_scan_shows_the_change (void)
{
  g_autoptr(FcStore) store = fc_store_open (district.db, NULL);
  g_autofree char *id = test_text (store, "SELECT id FROM equipment WHERE tag_code = 'XT0001'");

  g_assert_nonnull (id);
  g_clear_object (&store);
  ui_run_app (district.db, edit_after_scan, id);
  store = fc_store_open (district.db, NULL);
  g_assert_cmpint (test_count (store, "SELECT count (*) FROM equipment WHERE tag_code = 'XT0001'"
                                      " AND last_serviced_on = '2026-11-20'"), ==, 1);
}

/* Label sheets from the app, read back by tools that are not ours */

typedef struct
{
  const char *name;
  const char *action;    /* labels.save-to or labels.print-to */
  const char *output;    /* which button opened the dialog */
  guint       columns;
  guint       rows;
  double      width_mm;
  double      height_mm;
} SheetCase;

static const SheetCase sheet_cases[] = {
  { "saved-as-pdf-on-a-2x6-grid", "labels.save-to", "win.save-labels", 2, 6, 90, 45 },
  { "printed-through-gtk-on-the-default-grid", "labels.print-to", "win.print-labels", 3, 8, 70, 37 },
};

typedef struct
{
  const SheetCase *c;
  char            *pdf;
  guint            labels;
  guint            pages;
} SheetRun;

static gboolean
dialog_ready (gpointer data)
{
  return fc_label_sheet_dialog_get_ready (data);
}

static gboolean
file_written (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS) && ui_find_toplevel (FC_TYPE_LABEL_SHEET_DIALOG) == NULL;
}

static void
make_sheet (FcWindow      *window,
            gconstpointer  data)
{
  SheetRun *run = (SheetRun *) data;
  FcLabelSheetDialog *dialog;

  open_register (window, district.home_id);
  ui_activate (window, run->c->output, NULL);
  dialog = FC_LABEL_SHEET_DIALOG (ui_find_toplevel (FC_TYPE_LABEL_SHEET_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_true (ui_wait_until (dialog_ready, dialog, 10));
  /* A grid that does not fit A4 cannot be made. */
  fc_label_sheet_dialog_set_grid (dialog, run->c->columns, 20, run->c->width_mm, run->c->height_mm);
  g_assert_false (fc_label_sheet_dialog_get_ready (dialog));
  fc_label_sheet_dialog_set_grid (dialog, run->c->columns, run->c->rows, run->c->width_mm, run->c->height_mm);
  g_assert_true (fc_label_sheet_dialog_get_ready (dialog));
  run->labels = fc_label_sheet_dialog_get_n_labels (dialog);
  run->pages = fc_label_sheet_dialog_get_n_pages (dialog);
  g_test_message ("%s", fc_label_sheet_dialog_get_summary (dialog));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), run->c->action, "s", run->pdf));
  g_assert_true (ui_wait_until (file_written, run->pdf, 30));
  ui_settle (window);
}

static void
test_equipment_ui_label_sheet_reads_back (gconstpointer data)
{
  const SheetCase *c = data;
  g_autofree char *pdftoppm = g_find_program_in_path ("pdftoppm");
  g_autofree char *zbarimg = g_find_program_in_path ("zbarimg");
  g_autofree char *pdf_name = g_strdup_printf ("labels-%s.pdf", c->name);
  g_autofree char *prefix_name = g_strdup_printf ("labels-%s", c->name);
  g_autoptr(GHashTable) read = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(FcStore) store = NULL;
  g_autoptr(JsonArray) equipment = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  SheetRun run = { c, test_scratch_path (pdf_name), 0, 0 };
  FcTagSheetLayout layout;
  guint tagged = 0;

  if (pdftoppm == NULL || zbarimg == NULL)
    {
      g_test_skip ("pdftoppm or zbarimg is not installed (Debian: poppler-utils, zbar-tools)");
      g_free (run.pdf);
      return;
    }
  g_unlink (run.pdf);
  ui_run_app (district.db, make_sheet, &run);

  store = fc_store_open (district.db, &error);
  g_assert_no_error (error);
  equipment = fc_equipment_list (store, district.home_id, FALSE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < json_array_get_length (equipment); i++)
    tagged += json_object_get_string_member_with_default (json_array_get_object_element (equipment, i),
                                                          "tag_code", NULL) != NULL;
  g_assert_cmpuint (run.labels, ==, tagged);
  g_assert_cmpuint (run.pages, ==, (tagged + c->columns * c->rows - 1) / (c->columns * c->rows));

  /* Every cell of the grid on its own, as a person would hold the camera to one label. */
  {
    g_autofree char *grid = g_strdup_printf ("%ux%u", c->columns, c->rows);
    g_autofree char *size = g_strdup_printf ("%gx%g", c->width_mm, c->height_mm);

    g_assert_true (fc_tag_sheet_layout_init (&layout, grid, size, &error));
  }
  lines = test_labels_read (pdftoppm, zbarimg, run.pdf, &layout, run.pages, prefix_name);

  /* Every label reads back once, as the tag of equipment of this facility. */
  g_assert_cmpuint (g_strv_length (lines), ==, tagged);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(FcTagMatch) match = { 0 };

      g_assert_true (fc_equipment_resolve_tag (store, lines[i], district.home_id, &match, &error));
      g_assert_no_error (error);
      g_assert_cmpint (match.kind, ==, FC_TAG_MATCH_EQUIPMENT);
      g_assert_cmpint (json_object_get_int_member (match.equipment, "retired"), ==, 0);
      g_assert_true (g_hash_table_add (read, g_strdup (match.tag.code)));
    }
  g_assert_cmpuint (g_hash_table_size (read), ==, tagged);
  g_free (run.pdf);
}

static void
make_district (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = NULL;
  g_autofree char *sql = NULL;

  district.db = test_scratch_path ("equipment-ui.db");
  store = fc_store_open (district.db, &error);
  g_assert_no_error (error);
  g_assert_true (fc_demo_generate (store, "2026-11-29", 2026, NULL, &error));
  district.home_id = test_text (store, "SELECT facility_id FROM equipment WHERE tag_code IS NOT NULL"
                                       " GROUP BY facility_id HAVING count (*) > 1"
                                       " ORDER BY facility_id LIMIT 1");
  g_assert_nonnull (district.home_id);
  /* Every piece at home has a tag, so an unknown tag goes straight to a new piece. */
  sql = g_strdup_printf ("SELECT count (*) FROM equipment WHERE facility_id = '%s' AND retired = 0"
                         " AND tag_code IS NULL", district.home_id);
  g_assert_cmpint (test_count (store, sql), ==, 0);
  g_clear_pointer (&sql, g_free);
  for (guint i = 0; i < N_EXTRA; i++)
    {
      g_autofree char *name = g_strdup_printf ("%u号楼消防应急照明灯（疏散走道）", i + 2);
      g_autofree char *tag = g_strdup_printf ("XT%04u", i + 1);
      FcEquipmentRecord record = { .facility_id = district.home_id, .kind = "emergency_light",
                                   .name = name, .location = "疏散走道", .tag_code = tag };
      g_autofree char *id = fc_equipment_add (store, &record, &error);

      g_assert_no_error (error);
      g_assert_nonnull (id);
    }
  sql = g_strdup_printf ("SELECT f.id FROM facility f WHERE f.id <> '%s' AND EXISTS"
                         " (SELECT 1 FROM equipment e WHERE e.facility_id = f.id) ORDER BY f.id LIMIT 1",
                         district.home_id);
  district.spare_id = test_text (store, sql);
  g_assert_nonnull (district.spare_id);
  {
    FcEquipmentRecord record = { .facility_id = district.spare_id, .kind = "pump", .name = "排涝水泵" };
    g_autofree char *id = fc_equipment_add (store, &record, &error);

    g_assert_no_error (error);
  }
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT tag_code FROM equipment WHERE facility_id = '%s' AND tag_code IS NOT NULL"
                         " ORDER BY tag_code LIMIT 1", district.spare_id);
  district.used_tag = test_text (store, sql);
  g_assert_nonnull (district.used_tag);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  make_district ();
  g_test_add_func ("/equipment-ui/add-edit-retire", test_equipment_ui_add_edit_retire);
  g_test_add_func ("/equipment-ui/return-to-service", test_equipment_ui_return_to_service);
  g_test_add_func ("/equipment-ui/editor-refuses-what-the-core-refuses",
                   test_equipment_ui_editor_refuses_what_the_core_refuses);
  g_test_add_func ("/equipment-ui/edit-from-a-scan-shows-the-change",
                   test_equipment_ui_edit_from_a_scan_shows_the_change);
  for (guint i = 0; i < G_N_ELEMENTS (register_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/equipment-ui/unknown-tag/%s", register_cases[i].name);

      g_test_add_data_func (path, &register_cases[i], test_equipment_ui_unknown_tag_registers_to_new_equipment);
    }
  for (guint i = 0; i < G_N_ELEMENTS (sheet_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/equipment-ui/labels/%s", sheet_cases[i].name);

      g_test_add_data_func (path, &sheet_cases[i], test_equipment_ui_label_sheet_reads_back);
    }
  return g_test_run ();
}
