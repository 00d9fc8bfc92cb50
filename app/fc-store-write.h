/* fc-store-write.h: the one write API of the syncable tables, and the merge of remote ops */
#pragma once

#include "fc-op.h"
#include "fc-store.h"

G_BEGIN_DECLS

typedef enum
{
  FC_APPLY_APPLIED,
  /* The op was applied before: nothing changed. */
  FC_APPLY_DUPLICATE,
} FcApplyResult;

gboolean fc_store_write        (FcStore        *store,
                                FcOp           *op,
                                GError        **error);
gboolean fc_store_apply_remote (FcStore        *store,
                                FcOp           *op,
                                FcApplyResult  *result,
                                GError        **error);
gboolean fc_store_undo_refused (FcStore        *store,
                                const char     *op_id,
                                GError        **error);
gint64   fc_store_count_conflicts (FcStore     *store,
                                   gboolean     unresolved_only);
guint64  fc_store_get_conflicts_recorded (FcStore *store);
void     fc_store_set_merge_savepoints   (FcStore  *store,
                                          gboolean  savepoints);
gboolean fc_store_merge_spoiled          (FcStore  *store);

G_END_DECLS
