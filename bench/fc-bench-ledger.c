/* fc-bench-ledger.c: filtering, sorting and exporting the ten-year district ledger
 *
 * Each filter is timed twice, each time through the API and as the floor:
 * the same SQL (fc_ledger_sql()) stepped on a bare read-only SQLite
 * connection, reading every column.
 *  - "page": what the ledger page asks the store for on every change of a
 *    filter: the first 200 rows in order (fc_ledger_query() with a limit) and
 *    the counts of the whole selection (fc_ledger_counts()). The aim is 50 ms.
 *  - "all": every selected row, as an export reads them.
 * Medians of nine runs; the figure is the ratio to the floor.
 * Then the whole ledger is exported as Excel and as CSV.
 *
 * usage: fc-bench-ledger TEN-YEAR.db [OUT-DIR]
 * The store is migrated in place: run it on a copy of the generator's output.
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "fc-ledger-export.h"

#define RUNS 9
#define PAGE 200   /* the ledger page's PAGE_SIZE */
#define AIM_MS 50.0

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *v)
{
  qsort (v, RUNS, sizeof *v, compare_doubles);
  return v[RUNS / 2];
}

static void
die (GError *error)
{
  g_printerr ("fc-bench-ledger: %s\n", error ? error->message : "failed");
  exit (1);
}

static double
bare_ms (sqlite3              *db,
         const FcLedgerFilter *filter,
         gboolean              count_only,
         guint                *rows)
{
  g_autoptr(GPtrArray) params = g_ptr_array_new ();
  g_autofree char *sql = fc_ledger_sql (filter, count_only, params);
  sqlite3_stmt *stmt = NULL;
  gint64 t0 = g_get_monotonic_time ();
  gsize bytes = 0;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_printerr ("fc-bench-ledger: %s\n", sqlite3_errmsg (db));
      exit (1);
    }
  for (guint i = 0; i < params->len; i++)
    sqlite3_bind_text (stmt, (int) i + 1, params->pdata[i], -1, SQLITE_STATIC);
  *rows = 0;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        {
          const unsigned char *text = sqlite3_column_text (stmt, c);

          bytes += text ? (gsize) text[0] : 0;
        }
      (*rows)++;
    }
  sqlite3_finalize (stmt);
  if (bytes == 0 && *rows > 0)
    g_printerr (" ");
  return (g_get_monotonic_time () - t0) / 1000.0;
}

static double
api_ms (FcStore              *store,
        const FcLedgerFilter *filter,
        guint                *rows)
{
  g_autoptr(GError) error = NULL;
  gint64 t0 = g_get_monotonic_time ();
  g_autoptr(FcLedger) ledger = fc_ledger_query (store, filter, &error);
  double ms = (g_get_monotonic_time () - t0) / 1000.0;

  if (ledger == NULL)
    die (error);
  *rows = ledger->len;
  return ms;
}

/* The ledger page's query job: a first page, then the counts. */
static double
api_page_ms (FcStore              *store,
             const FcLedgerFilter *filter,
             guint                *rows,
             gint64               *total)
{
  g_autoptr(GError) error = NULL;
  FcLedgerFilter page = *filter;
  gint64 t0 = g_get_monotonic_time (), overdue = 0;
  g_autoptr(FcLedger) ledger = NULL;

  page.offset = 0;
  page.limit = PAGE;
  ledger = fc_ledger_query (store, &page, &error);
  if (ledger == NULL || !fc_ledger_counts (store, filter, total, &overdue, &error))
    die (error);
  *rows = ledger->len;
  return (g_get_monotonic_time () - t0) / 1000.0;
}

static double
bare_page_ms (sqlite3              *db,
              const FcLedgerFilter *filter,
              guint                *rows)
{
  FcLedgerFilter page = *filter, late = *filter;
  guint counted = 0;

  page.offset = 0;
  page.limit = PAGE;
  late.overdue_only = TRUE;
  return bare_ms (db, &page, FALSE, rows) + bare_ms (db, filter, TRUE, &counted) +
         (filter->overdue_only ? 0 : bare_ms (db, &late, TRUE, &counted));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = NULL;
  g_autofree char *facility = NULL;
  const char *out_dir = argc > 2 ? argv[2] : g_get_tmp_dir ();
  const char *today = "2026-11-29";
  sqlite3 *db = NULL;
  struct
  {
    const char     *name;
    FcLedgerFilter  filter;
  } cases[] = {
    { "whole district, by deadline", { 0 } },
    { "whole district, first page of 50", { .limit = 50 } },
    { "whole district, latest deadline first", { .descending = TRUE } },
    { "not closed out", { .statuses = 1 << FC_HAZARD_OPEN | 1 << FC_HAZARD_RECTIFYING |
                                      1 << FC_HAZARD_AWAITING_ACCEPTANCE | 1 << FC_HAZARD_REOPENED } },
    { "overdue", { .overdue_only = TRUE } },
    { "major", { .levels = 1 << FC_HAZARD_LEVEL_MAJOR } },
    { "under listed supervision", { .supervised_only = TRUE } },
    { "one town", { .town = "青岚镇" } },
    { "one town, general, fire exits", { .town = "青岚镇", .levels = 1 << FC_HAZARD_LEVEL_GENERAL,
                                         .categories = 1 << FC_CATEGORY_FIRE_EXIT } },
    { "search \"杂物\"", { .search = "杂物" } },
    { "found in the last year", { .found_since = "2025-11-29" } },
    { "one institution", { 0 } },
  };

  /* The cases are named in Chinese: print them as they are. */
  setlocale (LC_ALL, "");
  if (!g_get_charset (NULL))
    setlocale (LC_CTYPE, "C.UTF-8");
  if (argc < 2)
    {
      g_printerr ("usage: fc-bench-ledger TEN-YEAR.db [OUT-DIR]\n");
      return 2;
    }
  store = fc_store_open (argv[1], &error);
  if (store == NULL)
    die (error);
  {
    g_autoptr(sqlite3_stmt) stmt = fc_store_prepare (store, "SELECT facility_id FROM hazard LIMIT 1", NULL);

    if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
      die (NULL);
    facility = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  }
  cases[G_N_ELEMENTS (cases) - 1].filter.facility_id = facility;
  /* The generator analysed the store before migration 0004 added the ledger's
   * indexes; a district server refreshes its statistics the same way. */
  if (!fc_store_exec (store, "ANALYZE hazard", &error))
    die (error);
  if (sqlite3_open_v2 (argv[1], &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    die (NULL);

  g_print ("%-36s %7s | %-30s | %-30s\n", "", "", "page: 200 rows + counts", "all rows");
  g_print ("%-36s %7s | %9s %9s %5s %4s | %9s %9s %5s\n", "ledger query", "rows",
           "api ms", "bare ms", "ratio", "aim", "api ms", "bare ms", "ratio");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      double page[RUNS], page_bare[RUNS], api[RUNS], bare[RUNS];
      guint api_rows = 0, bare_rows = 0, page_rows = 0;
      gint64 total = 0;

      cases[i].filter.today = today;
      /* One run of each to warm the page cache, not counted. */
      api_page_ms (store, &cases[i].filter, &page_rows, &total);
      bare_page_ms (db, &cases[i].filter, &page_rows);
      api_ms (store, &cases[i].filter, &api_rows);
      bare_ms (db, &cases[i].filter, FALSE, &bare_rows);
      for (guint r = 0; r < RUNS; r++)
        {
          page[r] = api_page_ms (store, &cases[i].filter, &page_rows, &total);
          page_bare[r] = bare_page_ms (db, &cases[i].filter, &page_rows);
          api[r] = api_ms (store, &cases[i].filter, &api_rows);
          bare[r] = bare_ms (db, &cases[i].filter, FALSE, &bare_rows);
        }
      if (api_rows != bare_rows || (cases[i].filter.limit == 0 && total != api_rows) ||
          page_rows != MIN (total, PAGE))
        {
          g_printerr ("fc-bench-ledger: %s: %u rows through the API, %u bare, %u on the page, "
                      "%" G_GINT64_FORMAT " counted\n", cases[i].name, api_rows, bare_rows,
                      page_rows, total);
          return 1;
        }
      {
        double p = median (page), pb = median (page_bare), a = median (api), b = median (bare);

        g_print ("%-36s %7u | %9.2f %9.2f %5.2f %4s | %9.2f %9.2f %5.2f\n", cases[i].name, api_rows,
                 p, pb, p / pb, p < AIM_MS ? "ok" : "OVER", a, b, a / b);
      }
    }

  {
    FcLedgerFilter all = { .today = today };
    g_autoptr(FcLedger) ledger = fc_ledger_query (store, &all, &error);
    g_autofree char *xlsx = g_build_filename (out_dir, "fc-bench-ledger.xlsx", NULL);
    g_autofree char *csv = g_build_filename (out_dir, "fc-bench-ledger.csv", NULL);
    double x[3], c[3];

    if (ledger == NULL)
      die (error);
    for (guint r = 0; r < 3; r++)
      {
        gint64 t0 = g_get_monotonic_time ();

        if (!fc_ledger_export_xlsx (ledger, xlsx, "ten-year ledger", &error))
          die (error);
        x[r] = (g_get_monotonic_time () - t0) / 1000.0;
        t0 = g_get_monotonic_time ();
        if (!fc_ledger_export_csv (ledger, csv, &error))
          die (error);
        c[r] = (g_get_monotonic_time () - t0) / 1000.0;
      }
    qsort (x, 3, sizeof *x, compare_doubles);
    qsort (c, 3, sizeof *c, compare_doubles);
    g_print ("\nexport of %u rows\txlsx %.0f ms (%.1f us/row)\tcsv %.0f ms (%.1f us/row)\n",
             ledger->len, x[1], 1000 * x[1] / MAX (ledger->len, 1), c[1],
             1000 * c[1] / MAX (ledger->len, 1));
  }
  sqlite3_close (db);
  return 0;
}
