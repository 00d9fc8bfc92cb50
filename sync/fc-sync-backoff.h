/* fc-sync-backoff.h: how long to wait before the next attempt */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define FC_SYNC_BACKOFF_BASE_MS 1000
#define FC_SYNC_BACKOFF_CAP_MS  (15 * 60 * 1000)

gint64 fc_sync_backoff_ceiling (guint   attempt,
                                gint64  base_ms,
                                gint64  cap_ms);
gint64 fc_sync_backoff_delay   (guint   attempt,
                                gint64  base_ms,
                                gint64  cap_ms,
                                double  unit_random);

G_END_DECLS
