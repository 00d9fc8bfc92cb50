/* fcs-exports.c: fieldcheck-server ledger|report — the district's exports
 *
 * The server's store holds every device's records with the schema of a
 * device, so the ledger (Excel, CSV) and the weekly and monthly reports (PDF)
 * are the core's own exports run over it: the same columns and figures as on
 * a tablet, for the whole district. Each export is audited once written.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-ledger-export.h"
#include "fc-ledger.h"
#include "fc-report-periodic.h"
#include "fcs-commands.h"
#include "fcs-error.h"

static gboolean
audit_export (FcStore     *store,
              const char  *action,
              const char  *path,
              const char  *detail,
              GError     **error)
{
  g_autofree char *who = fcs_admin_actor ();

  if (!fc_store_begin (store, error))
    return FALSE;
  if (!fcs_admin_audit (store, who, action, path, detail, error))
    {
      fc_store_rollback (store);
      return FALSE;
    }
  return fc_store_commit (store, error);
}

static gboolean
facility_exists (FcStore     *store,
                 const char  *facility,
                 GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = fc_store_prepare (store, "SELECT 1 FROM facility WHERE id = ?",
                                                   error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, facility, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return TRUE;
  g_set_error (error, FCS_ERROR, FCS_ERROR_NOT_FOUND,
               _("There is no facility “%s” on the server"), facility);
  return FALSE;
}

int
fcs_cmd_ledger (FcsOptions  *options,
                int          argc,
                char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcsStorage) storage = NULL;
  g_autofree char *format = NULL;
  g_autofree char *detail = NULL;
  FcLedgerFilter filter = { .today = options->today, .sort = FC_LEDGER_SORT_DEADLINE };
  FcLedger *ledger;
  FcStore *store;
  gboolean written;

  if (argc != 0 || options->out == NULL)
    return fcs_usage (_("usage: fieldcheck-server ledger --data DIR --format xlsx|csv --out FILE "
                        "[--facility ID]"));
  format = g_strdup (options->format ? options->format
                     : g_str_has_suffix (options->out, ".csv") ? "csv" : "xlsx");
  if (!g_str_equal (format, "xlsx") && !g_str_equal (format, "csv"))
    return fcs_usage (_("The format is xlsx or csv"));

  storage = fcs_admin_open_storage (options, &error);
  if (storage == NULL)
    return fcs_fail (error);
  store = fcs_storage_sqlite_get_store (storage);
  if (options->facility != NULL && !facility_exists (store, options->facility, &error))
    return fcs_fail (error);
  filter.facility_id = options->facility;
  ledger = fc_ledger_query (store, &filter, &error);
  if (ledger == NULL)
    return fcs_fail (error);
  written = g_str_equal (format, "csv")
            ? fc_ledger_export_csv (ledger, options->out, &error)
            : fc_ledger_export_xlsx (ledger, options->out,
                                     _("Rectification ledger of safety hazards"), &error);
  detail = g_strdup_printf ("%s, %u rows%s%s", format, ledger->len,
                            options->facility ? ", facility " : "",
                            options->facility ? options->facility : "");
  if (written)
    g_print ("%s\t%u\n", options->out, ledger->len);
  fc_ledger_free (ledger);
  if (!written || !audit_export (store, "export_ledger", options->out, detail, &error))
    return fcs_fail (error);
  return 0;
}

int
fcs_cmd_report (FcsOptions  *options,
                int          argc,
                char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcsStorage) storage = NULL;
  g_autofree char *detail = NULL;
  const char *day = options->date ? options->date : options->today;
  FcReportPeriod period;
  FcStore *store;

  if (argc != 1 || options->pdf == NULL ||
      (!g_str_equal (argv[0], "weekly") && !g_str_equal (argv[0], "monthly")))
    return fcs_usage (_("usage: fieldcheck-server report weekly|monthly --data DIR --pdf FILE "
                        "[--date DAY]"));
  period = g_str_equal (argv[0], "weekly") ? FC_REPORT_WEEKLY : FC_REPORT_MONTHLY;

  storage = fcs_admin_open_storage (options, &error);
  if (storage == NULL)
    return fcs_fail (error);
  store = fcs_storage_sqlite_get_store (storage);
  if (!fc_report_periodic_write (store, period, day, options->pdf, &error))
    return fcs_fail (error);
  detail = g_strdup_printf ("%s, %s", argv[0], day);
  if (!audit_export (store, "export_report", options->pdf, detail, &error))
    return fcs_fail (error);
  g_print ("%s\n", options->pdf);
  return 0;
}
