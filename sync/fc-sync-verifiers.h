/* fc-sync-verifiers.h: the sign-in verifiers a device keeps from its server */
#pragma once

#include "fc-store.h"
#include "fc-sync-client.h"

G_BEGIN_DECLS

gboolean fc_sync_verifiers_update (FcSyncClient  *client,
                                   FcStore       *store,
                                   GError       **error);
gboolean fc_sync_verifiers_keep   (FcStore       *store,
                                   const char    *json,
                                   gsize          length,
                                   GError       **error);

G_END_DECLS
