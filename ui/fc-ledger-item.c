/* fc-ledger-item.c: one row of the rectification ledger, as a list item
 *
 * The ledger's rows point into strings their FcLedger owns; an item keeps
 * copies of what a list row shows, so the ledger can go as soon as it is read.
 */

#include "config.h"

#include "fc-ledger-item.h"

struct _FcLedgerItem
{
  GObject         parent_instance;

  char           *id;
  char           *facility_name;
  char           *town;
  char           *description;
  char           *deadline;
  FcCategory      category;
  FcHazardLevel   level;
  FcHazardStatus  status;
  gboolean        overdue;
  guint           days_overdue;
  gboolean        supervised;
};

G_DEFINE_FINAL_TYPE (FcLedgerItem, fc_ledger_item, G_TYPE_OBJECT)

static void
fc_ledger_item_finalize (GObject *object)
{
  FcLedgerItem *self = FC_LEDGER_ITEM (object);

  g_free (self->id);
  g_free (self->facility_name);
  g_free (self->town);
  g_free (self->description);
  g_free (self->deadline);
  G_OBJECT_CLASS (fc_ledger_item_parent_class)->finalize (object);
}

static void
fc_ledger_item_class_init (FcLedgerItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fc_ledger_item_finalize;
}

static void
fc_ledger_item_init (FcLedgerItem *self)
{
}

/* Returns: (transfer full): an item with copies of @row's shown fields */
FcLedgerItem *
fc_ledger_item_new (const FcLedgerRow *row)
{
  FcLedgerItem *self;

  g_return_val_if_fail (row != NULL, NULL);

  self = g_object_new (FC_TYPE_LEDGER_ITEM, NULL);
  self->id = g_strdup (row->id);
  self->facility_name = g_strdup (row->facility_name);
  self->town = g_strdup (row->town);
  self->description = g_strdup (row->description);
  self->deadline = g_strdup (row->deadline);
  self->category = row->category;
  self->level = row->level;
  self->status = row->status;
  self->overdue = row->overdue;
  self->days_overdue = row->days_overdue;
  self->supervised = row->supervised_at != NULL;
  return self;
}

const char *
fc_ledger_item_get_id (FcLedgerItem *self)
{
  g_return_val_if_fail (FC_IS_LEDGER_ITEM (self), NULL);
  return self->id;
}

const char *
fc_ledger_item_get_facility_name (FcLedgerItem *self)
{
  g_return_val_if_fail (FC_IS_LEDGER_ITEM (self), NULL);
  return self->facility_name;
}

const char *
fc_ledger_item_get_town (FcLedgerItem *self)
{
  g_return_val_if_fail (FC_IS_LEDGER_ITEM (self), NULL);
  return self->town;
}

const char *
fc_ledger_item_get_description (FcLedgerItem *self)
{
  g_return_val_if_fail (FC_IS_LEDGER_ITEM (self), NULL);
  return self->description;
}

/* Returns: (nullable): YYYY-MM-DD */
const char *
fc_ledger_item_get_deadline (FcLedgerItem *self)
{
  g_return_val_if_fail (FC_IS_LEDGER_ITEM (self), NULL);
  return self->deadline;
}

FcCategory
fc_ledger_item_get_category (FcLedgerItem *self)
{
  g_return_val_if_fail (FC_IS_LEDGER_ITEM (self), FC_CATEGORY_OTHER);
  return self->category;
}

FcHazardLevel
fc_ledger_item_get_level (FcLedgerItem *self)
{
  g_return_val_if_fail (FC_IS_LEDGER_ITEM (self), FC_HAZARD_LEVEL_GENERAL);
  return self->level;
}

FcHazardStatus
fc_ledger_item_get_status (FcLedgerItem *self)
{
  g_return_val_if_fail (FC_IS_LEDGER_ITEM (self), FC_HAZARD_OPEN);
  return self->status;
}

gboolean
fc_ledger_item_get_overdue (FcLedgerItem *self)
{
  g_return_val_if_fail (FC_IS_LEDGER_ITEM (self), FALSE);
  return self->overdue;
}

guint
fc_ledger_item_get_days_overdue (FcLedgerItem *self)
{
  g_return_val_if_fail (FC_IS_LEDGER_ITEM (self), 0);
  return self->days_overdue;
}

gboolean
fc_ledger_item_get_supervised (FcLedgerItem *self)
{
  g_return_val_if_fail (FC_IS_LEDGER_ITEM (self), FALSE);
  return self->supervised;
}
