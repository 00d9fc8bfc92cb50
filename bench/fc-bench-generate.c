/* fc-bench-generate.c: ten years of a district, for the benchmarks
 *
 * About 100 facilities, 1.5 million results, 30,000 hazards and 100,000 photo
 * records, written through the write API in large transactions, as a district
 * server's store would hold them after ten years of syncs: nine hazards in ten
 * closed out after rectification and acceptance, the rest still moving.
 *
 * usage: fc-bench-generate DB [SCALE]   (SCALE 1.0 = ten years; 0.01 for a smoke run)
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "fc-checklist-import.h"
#include "fc-hazards.h"
#include "fc-store-write.h"

#define BATCH 20000

static FcStore *store;
static guint in_batch;

static void
check (gboolean  ok,
       GError   *error)
{
  if (!ok)
    {
      g_printerr ("fc-bench-generate: %s\n", error ? error->message : "failed");
      exit (1);
    }
}

static void
write_op (FcOp *op)
{
  g_autoptr(GError) error = NULL;

  check (fc_store_write (store, op, &error), error);
  if (++in_batch >= BATCH)
    {
      check (fc_store_commit (store, &error), error);
      check (fc_store_begin (store, &error), error);
      in_batch = 0;
    }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) checklists = NULL;
  g_autoptr(GPtrArray) facilities = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (10);
  g_autofree char *template_id = NULL;
  g_autofree char *person = NULL;
  g_autofree char *verifier = NULL;
  double scale = argc > 2 ? g_ascii_strtod (argv[2], NULL) : 1.0;
  guint n_facilities = 100;
  guint n_results = (guint) (1500000 * scale);
  guint n_hazards = (guint) (30000 * scale);
  guint n_photos = (guint) (100000 * scale);
  guint results = 0;
  gint64 start = g_get_monotonic_time ();

  if (argc < 2)
    {
      g_printerr ("usage: fc-bench-generate DB [SCALE]\n");
      return 2;
    }
  store = fc_store_open (argv[1], &error);
  check (store != NULL, error);

  checklists = fc_checklists_load_builtin (&error);
  check (checklists != NULL, error);
  template_id = fc_store_import_checklist (store, checklists->pdata[0], &error);
  check (template_id != NULL, error);
  {
    g_autoptr(sqlite3_stmt) stmt = fc_store_prepare (store, "SELECT id FROM checklist_item "
                                                            "WHERE template_id = ?", NULL);

    sqlite3_bind_text (stmt, 1, template_id, -1, SQLITE_STATIC);
    while (sqlite3_step (stmt) == SQLITE_ROW)
      g_ptr_array_add (items, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  }

  check (fc_store_begin (store, &error), error);
  {
    g_autoptr(FcOp) op = fc_op_new_insert ("person", NULL);

    fc_op_set_string (op, "name", "基准测试员");
    fc_op_set_string (op, "roles", "inspector,staff,facility_manager,verifier,leader");
    write_op (op);
    person = g_strdup (op->row_id);
  }
  {
    g_autoptr(FcOp) op = fc_op_new_insert ("person", NULL);

    fc_op_set_string (op, "name", "基准验收人");
    fc_op_set_string (op, "roles", "verifier");
    write_op (op);
    verifier = g_strdup (op->row_id);
  }
  fc_store_set_user (store, person);

  for (guint f = 0; f < n_facilities; f++)
    {
      g_autoptr(FcOp) op = fc_op_new_insert ("facility", NULL);
      g_autofree char *name = g_strdup_printf ("第%u养老院", f + 1);

      fc_op_set_string (op, "type", "elderly_care");
      fc_op_set_string (op, "name", name);
      fc_op_set_string (op, "town", f % 2 ? "云枫街道" : "青岚镇");
      write_op (op);
      g_ptr_array_add (facilities, g_strdup (op->row_id));
    }

  /* Inspections of a whole checklist, until the results are written. */
  while (results < n_results)
    {
      const char *facility = facilities->pdata[g_rand_int_range (rand, 0, (gint32) facilities->len)];
      g_autoptr(FcOp) inspection = fc_op_new_insert ("inspection", NULL);
      g_autofree char *day = g_strdup_printf ("%04d-%02d-%02dT09:00:00+08:00",
                                              2016 + g_rand_int_range (rand, 0, 10),
                                              g_rand_int_range (rand, 1, 13), g_rand_int_range (rand, 1, 29));

      fc_op_set_string (inspection, "facility_id", facility);
      fc_op_set_string (inspection, "template_id", template_id);
      fc_op_set_string (inspection, "kind", "routine");
      fc_op_set_string (inspection, "started_at", day);
      write_op (inspection);
      for (guint i = 0; i < items->len && results < n_results; i++, results++)
        {
          g_autoptr(FcOp) result = fc_op_new_insert ("result", NULL);

          fc_op_set_string (result, "inspection_id", inspection->row_id);
          fc_op_set_string (result, "item_id", items->pdata[i]);
          fc_op_set_string (result, "answer", g_rand_int_range (rand, 0, 50) ? "pass" : "fail");
          fc_op_set_string (result, "author_id", person);
          fc_op_set_string (result, "recorded_at", day);
          write_op (result);
        }
    }

  for (guint h = 0; h < n_hazards; h++)
    {
      g_autofree char *found = g_strdup_printf ("%04d-%02d-%02d", 2016 + h * 10 / MAX (n_hazards, 1),
                                                g_rand_int_range (rand, 1, 13), g_rand_int_range (rand, 1, 29));
      FcHazardRecord record = {
        .facility_id = facilities->pdata[h % facilities->len],
        .category = (FcCategory) (h % FC_N_CATEGORIES),
        .description = "疏散通道堆放杂物",
        .level = h % 50 ? FC_HAZARD_LEVEL_GENERAL : FC_HAZARD_LEVEL_MAJOR,
        .found_at = found,
      };
      g_autofree char *id = fc_hazards_record (store, &record, &error);

      check (id != NULL, error);
      in_batch += 2;
      /* Hazards of past years were rectified and closed out; the last year's are still moving. */
      if (h < n_hazards * 19 / 20)
        check (fc_hazards_transition (store, id, FC_HAZARD_ACTION_START_RECTIFICATION, NULL, NULL,
                                      &error), error);
      if (h < n_hazards * 9 / 10)
        {
          g_autoptr(FcOp) photo = fc_op_new_insert ("photo", NULL);

          fc_op_set_string (photo, "sha256", "0000000000000000000000000000000000000000000000000000000000000000");
          fc_op_set_int (photo, "size", 3000000);
          fc_op_set_string (photo, "mime", "image/jpeg");
          fc_op_set_string (photo, "attached_kind", "hazard");
          fc_op_set_string (photo, "attached_id", id);
          fc_op_set_string (photo, "purpose", "after");
          write_op (photo);
          if (record.level == FC_HAZARD_LEVEL_MAJOR)
            check (fc_hazards_supervise (store, id, NULL, person, "养老服务科", &error), error);
          check (fc_hazards_transition (store, id, FC_HAZARD_ACTION_SUBMIT_FOR_ACCEPTANCE, NULL, NULL,
                                        &error), error);
          fc_store_set_user (store, verifier);
          check (fc_hazards_transition (store, id, FC_HAZARD_ACTION_ACCEPT, NULL, NULL, &error), error);
          fc_store_set_user (store, person);
          in_batch += 4;
        }
    }

  for (guint p = 0; p < n_photos; p++)
    {
      g_autoptr(FcOp) op = fc_op_new_insert ("photo", NULL);
      g_autofree char *sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) &p, sizeof p);

      fc_op_set_string (op, "sha256", sha);
      fc_op_set_int (op, "size", 3000000);
      fc_op_set_string (op, "mime", "image/jpeg");
      fc_op_set_string (op, "attached_kind", "hazard");
      fc_op_set_string (op, "attached_id", facilities->pdata[p % facilities->len]);
      write_op (op);
    }
  check (fc_store_commit (store, &error), error);
  check (fc_store_exec (store, "PRAGMA wal_checkpoint(TRUNCATE); ANALYZE", &error), error);

  g_print ("facilities\t%u\nresults\t%u\nhazards\t%u\nphotos\t%u\nseconds\t%.1f\n",
           n_facilities, results, n_hazards, n_photos,
           (g_get_monotonic_time () - start) / 1e6);
  g_object_unref (store);
  return 0;
}
