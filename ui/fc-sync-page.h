/* fc-sync-page.h: the sync page — enrolment, what waits, what the server took or refused, conflicts */
#pragma once

#include <adwaita.h>

#include "fc-sync-service.h"

G_BEGIN_DECLS

#define FC_TYPE_SYNC_PAGE (fc_sync_page_get_type ())
G_DECLARE_FINAL_TYPE (FcSyncPage, fc_sync_page, FC, SYNC_PAGE, GtkWidget)

void        fc_sync_page_set_service   (FcSyncPage    *self,
                                        FcSyncService *service);
FcSyncService *fc_sync_page_get_service (FcSyncPage  *self);
void        fc_sync_page_offer_enrolment (FcSyncPage  *self,
                                          const char  *scanned);
const char *fc_sync_page_get_notice    (FcSyncPage    *self);

G_END_DECLS
