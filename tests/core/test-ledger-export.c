/* test-ledger-export.c: the ledger's Excel and CSV files, read back by an independent reader
 *
 * tests/core/read-ledger.py opens the files with Python's standard library
 * only (zipfile, xml.etree, csv); every cell is compared with the store as
 * SQL reads it, not with what the exporter meant to write.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "fc-error.h"
#include "fc-hazard-measures.h"
#include "fc-ledger-export.h"
#include "test-district.h"

#define TRICKY_MEASURES "更换 \"阻燃\" 线缆, 加装漏电保护\n并每月检查"

static District district;

static JsonObject *
read_back (const char *kind,
           const char *path)
{
  g_autofree char *python = g_find_program_in_path ("python3");
  const char *script = g_test_get_filename (G_TEST_DIST, "core", "read-ledger.py", NULL);
  const char *argv[] = { python, script, kind, path, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  int status = 0;

  g_assert_nonnull (python);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                               &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_test_message ("read-ledger.py: %s", err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static const char *
cell (JsonArray *rows,
      guint      r,
      guint      c)
{
  JsonArray *row = json_array_get_array_element (rows, r);

  return c < json_array_get_length (row) ? json_array_get_string_element (row, c) : "";
}

static char *
export_district (const char *kind,
                 FcLedger  **out_ledger)
{
  g_autofree char *name = g_strconcat ("ledger.", kind, NULL);
  char *path = test_scratch_path (name);
  FcLedgerFilter filter = { .today = DISTRICT_TODAY };
  g_autoptr(GError) error = NULL;
  FcLedger *ledger = fc_ledger_query (district.store, &filter, &error);

  g_assert_no_error (error);
  if (g_str_equal (kind, "xlsx"))
    g_assert_true (fc_ledger_export_xlsx (ledger, path, "云枫区民政服务机构隐患整改台账", &error));
  else
    g_assert_true (fc_ledger_export_csv (ledger, path, &error));
  g_assert_no_error (error);
  if (out_ledger != NULL)
    *out_ledger = ledger;
  else
    fc_ledger_free (ledger);
  return path;
}

static void
assert_rows_match_the_store (JsonArray *rows)
{
  g_autoptr(sqlite3_stmt) stmt = fc_store_prepare (district.store,
    "SELECT f.name, f.town, h.category, h.description, h.level, substr (h.found_at, 1, 10),"
    " h.responsible_party, h.measures, h.funds, h.deadline, h.responsible_person,"
    " sl.name, h.status, h.deadline < ?1 AND h.status IN ('open', 'rectifying', 'reopened'),"
    " h.acceptance_outcome, h.verifier_org, coalesce (substr (h.closed_at, 1, 10), ''),"
    " h.location"
    " FROM hazard h JOIN facility f ON f.id = h.facility_id"
    " LEFT JOIN person sl ON sl.id = h.supervising_leader_id"
    " ORDER BY h.deadline, h.found_at, h.id", NULL);
  const char *const *headers = fc_ledger_export_headers ();
  guint r = 1;

  for (guint c = 0; c < FC_LEDGER_EXPORT_N_COLUMNS; c++)
    g_assert_cmpstr (cell (rows, 0, c), ==, headers[c]);

  sqlite3_bind_text (stmt, 1, DISTRICT_TODAY, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
#define COL(i) ((const char *) sqlite3_column_text (stmt, i))
#define OR_EMPTY(s) ((s) ? (s) : "")
      FcCategory category;
      FcHazardLevel level;
      FcHazardStatus status;
      g_autofree char *number = g_strdup_printf ("%u", r);

      g_test_message ("row %u: %s", r, COL (3));
      fc_category_from_string (COL (2), &category);
      fc_hazard_level_from_string (COL (4), &level);
      fc_hazard_status_from_string (COL (12), &status);
      g_assert_cmpuint (r, <, json_array_get_length (rows));
      g_assert_cmpstr (cell (rows, r, 0), ==, number);
      g_assert_cmpstr (cell (rows, r, 1), ==, COL (0));
      g_assert_cmpstr (cell (rows, r, 2), ==, COL (1));
      g_assert_cmpstr (cell (rows, r, 3), ==, fc_category_label (category));
      g_assert_cmpstr (cell (rows, r, 4), ==, COL (3));
      g_assert_cmpstr (cell (rows, r, 5), ==, fc_hazard_level_label (level));
      g_assert_cmpstr (cell (rows, r, 6), ==, COL (5));
      g_assert_cmpstr (cell (rows, r, 7), !=, "");
      g_assert_cmpstr (cell (rows, r, 8), ==, OR_EMPTY (COL (6)));
      g_assert_cmpstr (cell (rows, r, 9), ==, OR_EMPTY (COL (7)));
      if (sqlite3_column_type (stmt, 8) == SQLITE_NULL)
        g_assert_cmpstr (cell (rows, r, 10), ==, "");
      else
        g_assert_cmpfloat_with_epsilon (g_ascii_strtod (cell (rows, r, 10), NULL),
                                        sqlite3_column_double (stmt, 8), 0.005);
      g_assert_cmpstr (cell (rows, r, 11), ==, COL (9));
      g_assert_cmpstr (cell (rows, r, 12), ==, OR_EMPTY (COL (10)));
      if (COL (11) != NULL)
        g_assert_nonnull (strstr (cell (rows, r, 13), COL (11)));
      else
        g_assert_cmpstr (cell (rows, r, 13), ==, "");
      g_assert_true (g_str_has_prefix (cell (rows, r, 14), fc_hazard_status_label (status)));
      g_assert_cmpint (strlen (cell (rows, r, 14)) > strlen (fc_hazard_status_label (status)),
                       ==, sqlite3_column_int (stmt, 13));
      if (COL (14) != NULL)
        g_assert_nonnull (strstr (cell (rows, r, 15), COL (15)));
      else
        g_assert_cmpstr (cell (rows, r, 15), ==, "");
      g_assert_cmpstr (cell (rows, r, 16), ==, COL (16));
      g_assert_nonnull (strstr (cell (rows, r, 17), COL (17)));
      r++;
#undef OR_EMPTY
#undef COL
    }
  g_assert_cmpuint (r, ==, json_array_get_length (rows));
  g_assert_cmpuint (r, ==, 8);
}

static void
test_export_xlsx_reads_back_as_the_store (void)
{
  g_autofree char *path = export_district ("xlsx", NULL);
  g_autoptr(JsonObject) book = read_back ("xlsx", path);

  assert_rows_match_the_store (json_object_get_array_member (book, "rows"));
}

static void
test_export_xlsx_is_ready_to_print (void)
{
  g_autofree char *path = export_district ("xlsx", NULL);
  g_autoptr(JsonObject) book = read_back ("xlsx", path);
  JsonArray *widths = json_object_get_array_member (book, "widths");

  g_assert_cmpstr (json_object_get_string_member (book, "sheet_name"), ==, "隐患整改台账");
  g_assert_cmpint (json_object_get_int_member (book, "frozen_rows"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (book, "orientation"), ==, "landscape");
  g_assert_cmpstr (json_object_get_string_member (book, "paper"), ==, "9");
  g_assert_cmpstr (json_object_get_string_member (book, "fit_width"), ==, "1");
  g_assert_nonnull (strstr (json_object_get_string_member (book, "header"), "隐患整改台账"));
  g_assert_cmpuint (json_array_get_length (widths), ==, FC_LEDGER_EXPORT_N_COLUMNS);
  /* The description column is wide, the number column narrow. */
  g_assert_cmpfloat (json_array_get_double_element (widths, 4), >,
                     3 * json_array_get_double_element (widths, 0));
}

static void
test_export_xlsx_fills_overdue_rows (void)
{
  FcLedger *ledger = NULL;
  g_autofree char *path = export_district ("xlsx", &ledger);
  g_autoptr(JsonObject) book = read_back ("xlsx", path);
  JsonArray *fills = json_object_get_array_member (book, "fills");
  guint overdue = 0;

  g_assert_cmpuint (json_array_get_length (fills), ==, ledger->len + 1);
  for (guint i = 0; i < ledger->len; i++)
    {
      JsonNode *fill = json_array_get_element (fills, i + 1);

      if (ledger->rows[i].overdue)
        {
          g_assert_cmpstr (json_node_get_string (fill), ==, "FFFFC7CE");
          overdue++;
        }
      else
        g_assert_true (JSON_NODE_HOLDS_NULL (fill));
    }
  g_assert_cmpuint (overdue, ==, 2);
  fc_ledger_free (ledger);
}

static void
test_export_csv_opens_in_excel_and_quotes_as_rfc4180 (void)
{
  g_autofree char *csv_path = export_district ("csv", NULL);
  g_autofree char *xlsx_path = export_district ("xlsx", NULL);
  g_autoptr(JsonObject) csv = read_back ("csv", csv_path);
  g_autoptr(JsonObject) book = read_back ("xlsx", xlsx_path);
  JsonArray *rows = json_object_get_array_member (csv, "rows");
  JsonArray *xlsx_rows = json_object_get_array_member (book, "rows");
  gboolean found_tricky = FALSE;

  g_assert_true (json_object_get_boolean_member (csv, "bom"));
  g_assert_cmpint (json_object_get_int_member (csv, "crlf_records"), ==, 8);
  /* The only bare line feed is the one inside the quoted measures. */
  g_assert_cmpint (json_object_get_int_member (csv, "bare_lf"), ==, 1);
  assert_rows_match_the_store (rows);
  for (guint r = 0; r < json_array_get_length (rows); r++)
    {
      for (guint c = 0; c < FC_LEDGER_EXPORT_N_COLUMNS; c++)
        if (c != 10)
          g_assert_cmpstr (cell (rows, r, c), ==, cell (xlsx_rows, r, c));
      found_tricky |= g_strcmp0 (cell (rows, r, 9), TRICKY_MEASURES) == 0;
    }
  g_assert_true (found_tricky);
}

static void
test_export_an_institution_has_only_its_rows (void)
{
  FcLedgerFilter filter = { .today = DISTRICT_TODAY, .facility_id = district.f1 };
  g_autoptr(FcLedger) ledger = fc_ledger_query (district.store, &filter, NULL);
  g_autofree char *path = test_scratch_path ("f1.xlsx");
  g_autoptr(JsonObject) book = NULL;
  JsonArray *rows;

  g_assert_true (fc_ledger_export_xlsx (ledger, path, "青岚福寿敬老院隐患整改台账", NULL));
  book = read_back ("xlsx", path);
  rows = json_object_get_array_member (book, "rows");
  g_assert_cmpuint (json_array_get_length (rows), ==, 3);
  g_assert_cmpstr (cell (rows, 1, 1), ==, "青岚福寿敬老院");
  g_assert_cmpstr (cell (rows, 2, 1), ==, "青岚福寿敬老院");
}

static void
test_export_to_a_missing_folder_fails_clearly (void)
{
  FcLedgerFilter filter = { .today = DISTRICT_TODAY };
  g_autoptr(FcLedger) ledger = fc_ledger_query (district.store, &filter, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (fc_ledger_export_xlsx (ledger, "/nonexistent/folder/ledger.xlsx", "t", &error));
  g_assert_error (error, FC_ERROR, FC_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "/nonexistent/folder/ledger.xlsx"));
  g_clear_error (&error);
  g_assert_false (fc_ledger_export_csv (ledger, "/nonexistent/folder/ledger.csv", &error));
  g_assert_error (error, FC_ERROR, FC_ERROR_FAILED);
}

int
main (int    argc,
      char **argv)
{
  FcHazardMeasures plan = {
    .measures = TRICKY_MEASURES, .funds = "12000.5", .responsible_person = "刘国平",
  };
  int status;

  g_test_init (&argc, &argv, NULL);
  district_setup (&district, "export.db");
  fc_store_set_user (district.store, district.manager1);
  g_assert_true (fc_hazards_record_measures (district.store, district.h_overdue, &plan, NULL));

  g_test_add_func ("/export/xlsx-reads-back-as-the-store", test_export_xlsx_reads_back_as_the_store);
  g_test_add_func ("/export/xlsx-is-ready-to-print", test_export_xlsx_is_ready_to_print);
  g_test_add_func ("/export/xlsx-fills-overdue-rows", test_export_xlsx_fills_overdue_rows);
  g_test_add_func ("/export/csv-opens-in-excel-and-quotes-as-rfc4180",
                   test_export_csv_opens_in_excel_and_quotes_as_rfc4180);
  g_test_add_func ("/export/an-institution-has-only-its-rows", test_export_an_institution_has_only_its_rows);
  g_test_add_func ("/export/to-a-missing-folder-fails-clearly",
                   test_export_to_a_missing_folder_fails_clearly);
  status = g_test_run ();
  district_teardown (&district);
  return status;
}
