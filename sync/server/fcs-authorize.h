/* fcs-authorize.h: may this op's user make this change, judged on the server's own rows */
#pragma once

#include "fc-op.h"
#include "fc-store.h"

G_BEGIN_DECLS

gboolean fcs_authorize_op          (FcStore     *store,
                                    const FcOp  *op,
                                    GError     **error);
gboolean fcs_authorize_visible     (FcStore     *store,
                                    const char  *user_id,
                                    const FcOp  *op);
gboolean fcs_authorize_is_district_table (const char *table);

G_END_DECLS
