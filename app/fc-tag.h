/* fc-tag.h: the text inside an equipment QR tag, and the QR code that carries it
 *
 * The format is described in schemas/qr-tag-format.md.
 */
#pragma once

#include <glib.h>
#include <qrencode.h>

G_BEGIN_DECLS

/* The newest payload version this code writes and reads. */
#define FC_TAG_VERSION 1
/* A district is its 6-digit administrative division code (GB/T 2260). */
#define FC_TAG_DISTRICT_LEN 6
#define FC_TAG_CODE_MAX 12
/* Tags are never QR version 1: libzbar corrects perspective only with the
 * alignment pattern that version 2 adds. Version 3 at level M still prints at
 * about 20 mm. */
#define FC_TAG_QR_VERSION_MIN 2
#define FC_TAG_QR_VERSION_MAX 3

typedef struct
{
  guint version;
  char  district[FC_TAG_DISTRICT_LEN + 1];
  char  code[FC_TAG_CODE_MAX + 1];
} FcTag;

char     *fc_tag_normalize_code   (const char    *code,
                                   GError       **error);
gboolean  fc_tag_district_is_valid (const char   *district);
char      fc_tag_check_char       (const char    *text);
char     *fc_tag_format           (const char    *district,
                                   const char    *code,
                                   GError       **error);
gboolean  fc_tag_parse            (const char    *text,
                                   FcTag         *tag,
                                   GError       **error);

QRcode   *fc_tag_encode_qr        (const char    *payload,
                                   GError       **error);
guint8   *fc_tag_qr_to_grey       (const QRcode  *qr,
                                   guint          module_px,
                                   guint          quiet_modules,
                                   guint         *size);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (QRcode, QRcode_free)

G_END_DECLS
