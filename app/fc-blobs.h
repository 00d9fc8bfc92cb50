/* fc-blobs.h: a content-addressed file store next to the database */
#pragma once

#include <glib.h>

#include "fc-store.h"

G_BEGIN_DECLS

char     *fc_blobs_dir     (FcStore      *store);
char     *fc_blobs_path    (const char   *dir,
                            const char   *sha256);
GBytes   *fc_blobs_get     (const char   *dir,
                            const char   *sha256,
                            GError      **error);
gboolean  fc_blobs_is_sha  (const char   *sha256);

/* A put in two steps, for a record that must be committed between them. */
typedef struct _FcBlobsStaged FcBlobsStaged;

FcBlobsStaged *fc_blobs_stage          (const char     *dir,
                                        GBytes         *bytes,
                                        GError        **error);
const char    *fc_blobs_staged_sha256  (FcBlobsStaged  *staged);
gboolean       fc_blobs_staged_publish (FcBlobsStaged  *staged,
                                        gboolean       *out_created,
                                        GError        **error);
void           fc_blobs_staged_free    (FcBlobsStaged  *staged);
gboolean       fc_blobs_unpublish      (const char     *dir,
                                        const char     *sha256,
                                        GError        **error);
gboolean       fc_blobs_is_temporary   (const char     *name);
char          *fc_blobs_hash_file      (const char     *path,
                                        GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcBlobsStaged, fc_blobs_staged_free)

G_END_DECLS
