/* fc-check.h: integrity and invariants of a store */
#pragma once

#include "fc-store.h"

G_BEGIN_DECLS

GPtrArray *fc_store_check (FcStore  *store,
                           GError  **error);

G_END_DECLS
