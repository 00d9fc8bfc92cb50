/* fcs-qr.h: an enrolment token as a QR code, in the terminal and as a PNG */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *fcs_qr_to_text (const char  *payload,
                          GError     **error);
gboolean  fcs_qr_to_png  (const char  *payload,
                          const char  *path,
                          GError     **error);

G_END_DECLS
