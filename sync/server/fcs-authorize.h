/* fcs-authorize.h: may this op's user make this change, judged on the server's own rows */
#pragma once

#include "fc-op.h"
#include "fc-store.h"

G_BEGIN_DECLS

typedef struct _FcsAuthCache FcsAuthCache;

FcsAuthCache *fcs_auth_cache_new   (void);
void          fcs_auth_cache_free  (FcsAuthCache *cache);
void          fcs_auth_cache_applied (FcsAuthCache *cache,
                                      const FcOp   *op);

gboolean fcs_authorize_op          (FcStore       *store,
                                    FcsAuthCache  *cache,
                                    const FcOp    *op,
                                    GError       **error);
gboolean fcs_authorize_visible     (FcStore       *store,
                                    FcsAuthCache  *cache,
                                    const char    *user_id,
                                    const char    *table,
                                    const char    *row_id);
gboolean fcs_authorize_is_district_table (const char *table);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcsAuthCache, fcs_auth_cache_free)

G_END_DECLS
