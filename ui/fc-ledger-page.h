/* fc-ledger-page.h: the rectification ledger — the whole district or one institution */
#pragma once

#include <adwaita.h>

#include "fc-hazard-workflow.h"
#include "fc-store-service.h"

G_BEGIN_DECLS

#define FC_TYPE_LEDGER_PAGE (fc_ledger_page_get_type ())
G_DECLARE_FINAL_TYPE (FcLedgerPage, fc_ledger_page, FC, LEDGER_PAGE, GtkWidget)

void        fc_ledger_page_set_service       (FcLedgerPage   *self,
                                              FcStoreService *service);
void        fc_ledger_page_show_scope        (FcLedgerPage   *self,
                                              const char     *facility_id,
                                              const char     *facility_name);
void        fc_ledger_page_reload            (FcLedgerPage   *self);
const char *fc_ledger_page_get_facility_id   (FcLedgerPage   *self);
const char *fc_ledger_page_get_subtitle      (FcLedgerPage   *self);
GListModel *fc_ledger_page_get_rows          (FcLedgerPage   *self);
gint64      fc_ledger_page_get_total         (FcLedgerPage   *self);
void        fc_ledger_page_set_level         (FcLedgerPage   *self,
                                              int             level);
void        fc_ledger_page_set_overdue_only  (FcLedgerPage   *self,
                                              gboolean        overdue_only);
void        fc_ledger_page_set_search        (FcLedgerPage   *self,
                                              const char     *search);

G_END_DECLS
