/* fc-sync-changeset.h: a batch of ops as it travels — over HTTP or on a USB stick */
#pragma once

#include "fc-store.h"

G_BEGIN_DECLS

#define FC_SYNC_CHANGESET_FORMAT    1
#define FC_SYNC_MAX_CHANGESET_BYTES (8 * 1024 * 1024)
#define FC_SYNC_MAX_OPS             5000
#define FC_SYNC_MAX_JSON_DEPTH      16
#define FC_SYNC_MAX_FIELD_BYTES     (64 * 1024)

typedef struct
{
  char      *device_id;
  GPtrArray *ops;        /* of FcOp */
} FcSyncChangeset;

GBytes          *fc_sync_changeset_from_outbox (FcStore          *store,
                                                guint             max_ops,
                                                guint            *n_ops,
                                                GError          **error);
FcSyncChangeset *fc_sync_changeset_parse       (GBytes           *bytes,
                                                GError          **error);
void             fc_sync_changeset_free        (FcSyncChangeset  *changeset);
GBytes          *fc_sync_changeset_to_bytes    (const char       *device_id,
                                                GPtrArray        *ops);
gboolean         fc_sync_json_check_limits     (const char       *data,
                                                gsize             len,
                                                const char       *what,
                                                GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcSyncChangeset, fc_sync_changeset_free)

G_END_DECLS
