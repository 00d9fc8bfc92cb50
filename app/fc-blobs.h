/* fc-blobs.h: a content-addressed file store next to the database */
#pragma once

#include <glib.h>

#include "fc-store.h"

G_BEGIN_DECLS

char     *fc_blobs_dir     (FcStore      *store);
char     *fc_blobs_put     (const char   *dir,
                            GBytes       *bytes,
                            GError      **error);
char     *fc_blobs_path    (const char   *dir,
                            const char   *sha256);
GBytes   *fc_blobs_get     (const char   *dir,
                            const char   *sha256,
                            GError      **error);
gboolean  fc_blobs_is_sha  (const char   *sha256);

G_END_DECLS
