/* fc-sync-client-private.h: what the other requests of a sync share with the client */
#pragma once

#include "fc-sync-client.h"

G_BEGIN_DECLS

GBytes *fc_sync_client_get (FcSyncClient  *client,
                            const char    *path,
                            GError       **error);

G_END_DECLS
