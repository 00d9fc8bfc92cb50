/* fc-bench-store.c: the cost of the write API and of opening a large store
 *
 * (a) recording one result through the write API, durable commit included, as
 *     a ratio to a raw single-row INSERT + COMMIT with synchronous=FULL on the
 *     same file in the same run (aim: at most 1.5×);
 * (b) opening the ten-year store and listing facilities with their open hazard
 *     counts (aim: under 50 ms), against opening the file with bare SQLite and
 *     counting its facilities.
 *
 * usage: fc-bench-store SCRATCH.db [TEN-YEAR.db]
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "fc-queries.h"
#include "fc-store-write.h"

#define ROUNDS 400

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *v,
        guint   n)
{
  qsort (v, n, sizeof *v, compare_doubles);
  return v[n / 2];
}

static double
raw_insert_commit_us (sqlite3 *db,
                      guint    i)
{
  sqlite3_stmt *stmt = NULL;
  gint64 t0 = g_get_monotonic_time ();

  sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO raw_result (id, inspection_id, item_id, answer, recorded_at) "
                          "VALUES (?, 'i', 'item', 'pass', '2026-11-29T10:00:00+08:00')", -1, &stmt, NULL);
  sqlite3_bind_int (stmt, 1, (int) i);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  return (double) (g_get_monotonic_time () - t0);
}

static double
api_result_us (FcStore    *store,
               const char *inspection)
{
  g_autoptr(FcOp) op = fc_op_new_insert ("result", NULL);
  g_autoptr(GError) error = NULL;
  gint64 t0 = g_get_monotonic_time ();

  fc_op_set_string (op, "inspection_id", inspection);
  fc_op_set_string (op, "item_id", "item");
  fc_op_set_string (op, "answer", "pass");
  fc_op_set_string (op, "recorded_at", "2026-11-29T10:00:00+08:00");
  if (!fc_store_write (store, op, &error))
    {
      g_printerr ("fc-bench-store: %s\n", error->message);
      exit (1);
    }
  return (double) (g_get_monotonic_time () - t0);
}

static void
bench_write (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = fc_store_open (path, &error);
  sqlite3 *raw = NULL;
  double api[ROUNDS], floor[ROUNDS];

  if (store == NULL)
    {
      g_printerr ("fc-bench-store: %s\n", error->message);
      exit (1);
    }
  fc_store_exec (store, "PRAGMA foreign_keys = OFF", NULL);

  /* The floor: a second connection to the same file, same durability. */
  sqlite3_open (path, &raw);
  sqlite3_exec (raw, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
                     "CREATE TABLE IF NOT EXISTS raw_result (id INTEGER PRIMARY KEY, inspection_id TEXT, "
                     "item_id TEXT, answer TEXT, recorded_at TEXT)", NULL, NULL, NULL);

  /* Interleaved so that both see the same disk and cache. */
  for (guint i = 0; i < ROUNDS; i++)
    {
      floor[i] = raw_insert_commit_us (raw, i);
      api[i] = api_result_us (store, "bench-inspection");
    }
  sqlite3_close (raw);

  {
    double f = median (floor, ROUNDS), a = median (api, ROUNDS);

    g_print ("write-api result, durable\t%.1f us\n", a);
    g_print ("raw INSERT + COMMIT (floor)\t%.1f us\n", f);
    g_print ("ratio (aim <= 1.5)\t%.2f\n", a / f);
  }
}

static void
bench_open (const char *path)
{
  double open_list[9], floor[9];

  for (guint i = 0; i < G_N_ELEMENTS (open_list); i++)
    {
      gint64 t0 = g_get_monotonic_time ();
      sqlite3 *db = NULL;
      sqlite3_stmt *stmt = NULL;

      sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);
      sqlite3_prepare_v2 (db, "SELECT id, name FROM facility", -1, &stmt, NULL);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        ;
      sqlite3_finalize (stmt);
      sqlite3_close (db);
      floor[i] = (double) (g_get_monotonic_time () - t0) / 1000.0;

      t0 = g_get_monotonic_time ();
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(FcStore) store = fc_store_open (path, &error);
        g_autoptr(JsonArray) rows = NULL;

        if (store == NULL)
          {
            g_printerr ("fc-bench-store: %s\n", error->message);
            exit (1);
          }
        rows = fc_queries_facilities (store, NULL, "2026-11-29", &error);
        if (rows == NULL || json_array_get_length (rows) == 0)
          {
            g_printerr ("fc-bench-store: listing failed\n");
            exit (1);
          }
      }
      open_list[i] = (double) (g_get_monotonic_time () - t0) / 1000.0;
    }

  {
    double f = median (floor, G_N_ELEMENTS (floor)), o = median (open_list, G_N_ELEMENTS (open_list));

    g_print ("open ten-year store + list facilities\t%.1f ms (aim < 50 ms)\n", o);
    g_print ("bare sqlite open + select facilities (floor)\t%.2f ms\n", f);
    g_print ("ratio\t%.1f\n", o / f);
  }
}

int
main (int    argc,
      char **argv)
{
  if (argc < 2)
    {
      g_printerr ("usage: fc-bench-store SCRATCH.db [TEN-YEAR.db]\n");
      return 2;
    }
  bench_write (argv[1]);
  if (argc > 2)
    bench_open (argv[2]);
  return 0;
}
