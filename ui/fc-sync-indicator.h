/* fc-sync-indicator.h: the header's sync status — changes waiting, syncing, the last error */
#pragma once

#include <adwaita.h>

#include "fc-sync-service.h"

G_BEGIN_DECLS

#define FC_TYPE_SYNC_INDICATOR (fc_sync_indicator_get_type ())
G_DECLARE_FINAL_TYPE (FcSyncIndicator, fc_sync_indicator, FC, SYNC_INDICATOR, GtkWidget)

void        fc_sync_indicator_set_service (FcSyncIndicator *self,
                                           FcSyncService   *service);
const char *fc_sync_indicator_get_text    (FcSyncIndicator *self);

G_END_DECLS
