/* fc-oplog.h: reading the op-log — the outbox of a device, the feed of a server */
#pragma once

#include "fc-op.h"
#include "fc-store.h"

G_BEGIN_DECLS

GPtrArray *fc_oplog_read         (FcStore     *store,
                                  gint64       after_seq,
                                  guint        limit,
                                  gboolean     unacked_local_only,
                                  gint64      *last_seq,
                                  GError     **error);
gint64     fc_oplog_count_outbox (FcStore     *store);

G_END_DECLS
