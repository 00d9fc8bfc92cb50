/* fcs-secrets.h: tokens, device credentials and password verifiers (libsodium) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean  fcs_secrets_init          (GError     **error);
char     *fcs_secret_new            (gsize        n_bytes);
char     *fcs_secret_hash           (const char  *secret);
gboolean  fcs_secret_hash_equal     (const char  *a,
                                     const char  *b);
char     *fcs_password_hash         (const char  *password,
                                     GError     **error);
gboolean  fcs_password_verify       (const char  *verifier,
                                     const char  *password);

G_END_DECLS
