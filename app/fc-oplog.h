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

/* Whether an op of @table and @row_id goes into what is read. */
typedef gboolean (*FcOplogFilter) (const char *table,
                                   const char *row_id,
                                   gpointer    data);

gboolean   fc_oplog_read_json    (FcStore       *store,
                                  gint64         after_seq,
                                  guint          limit,
                                  gboolean       unacked_local_only,
                                  FcOplogFilter  filter,
                                  gpointer       filter_data,
                                  GString       *out,
                                  guint         *n_ops,
                                  gint64        *last_seq,
                                  GError       **error);
void       fc_oplog_append_json_string (GString    *out,
                                        const char *text);

G_END_DECLS
