/* fc-sync-gzip.h: gzip for changesets on the wire, inflated within a bound */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

GBytes *fc_sync_gzip_compress (GBytes   *bytes);
GBytes *fc_sync_gzip_inflate  (GBytes   *bytes,
                               gsize     max_size,
                               GError  **error);

G_END_DECLS
