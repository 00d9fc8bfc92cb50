/* fc-tag-decode.h: reading QR codes from grey frames and image files with libzbar */
#pragma once

#include <glib.h>
#include <zbar.h>

G_BEGIN_DECLS

/* One decoder per thread: libzbar's scanner is not thread-safe. */
typedef struct _FcTagDecoder FcTagDecoder;

FcTagDecoder *fc_tag_decoder_new       (void);
void          fc_tag_decoder_free      (FcTagDecoder  *self);

GStrv         fc_tag_decoder_scan      (FcTagDecoder  *self,
                                        const guint8  *grey,
                                        guint          width,
                                        guint          height,
                                        guint          stride);
GStrv         fc_tag_decoder_scan_hard (FcTagDecoder  *self,
                                        const guint8  *grey,
                                        guint          width,
                                        guint          height,
                                        guint          stride,
                                        guint         *passes);

guint8       *fc_tag_load_grey         (const char    *path,
                                        guint         *width,
                                        guint         *height,
                                        GError       **error);
GStrv         fc_tag_decode_file       (const char    *path,
                                        GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcTagDecoder, fc_tag_decoder_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (zbar_image_t, zbar_image_destroy)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (zbar_image_scanner_t, zbar_image_scanner_destroy)

G_END_DECLS
