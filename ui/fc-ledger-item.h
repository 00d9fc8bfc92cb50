/* fc-ledger-item.h: one row of the rectification ledger, as a list item */
#pragma once

#include <glib-object.h>

#include "fc-ledger.h"

G_BEGIN_DECLS

#define FC_TYPE_LEDGER_ITEM (fc_ledger_item_get_type ())
G_DECLARE_FINAL_TYPE (FcLedgerItem, fc_ledger_item, FC, LEDGER_ITEM, GObject)

FcLedgerItem   *fc_ledger_item_new               (const FcLedgerRow *row);
const char     *fc_ledger_item_get_id            (FcLedgerItem      *self);
const char     *fc_ledger_item_get_facility_name (FcLedgerItem      *self);
const char     *fc_ledger_item_get_town          (FcLedgerItem      *self);
const char     *fc_ledger_item_get_description   (FcLedgerItem      *self);
const char     *fc_ledger_item_get_deadline      (FcLedgerItem      *self);
FcCategory      fc_ledger_item_get_category      (FcLedgerItem      *self);
FcHazardLevel   fc_ledger_item_get_level         (FcLedgerItem      *self);
FcHazardStatus  fc_ledger_item_get_status        (FcLedgerItem      *self);
gboolean        fc_ledger_item_get_overdue       (FcLedgerItem      *self);
guint           fc_ledger_item_get_days_overdue  (FcLedgerItem      *self);
gboolean        fc_ledger_item_get_supervised    (FcLedgerItem      *self);

G_END_DECLS
