/* fc-ledger-export.h: the rectification ledger as Excel and CSV, with the bureau's columns */
#pragma once

#include "fc-ledger.h"

G_BEGIN_DECLS

#define FC_LEDGER_EXPORT_N_COLUMNS 18

const char *const *fc_ledger_export_headers (void);
GStrv              fc_ledger_export_cells   (const FcLedgerRow  *row,
                                             guint               number);
gboolean           fc_ledger_export_csv     (const FcLedger     *ledger,
                                             const char         *path,
                                             GError            **error);
gboolean           fc_ledger_export_xlsx    (const FcLedger     *ledger,
                                             const char         *path,
                                             const char         *title,
                                             GError            **error);

G_END_DECLS
