/* fcs-http.h: the HTTP server (libmicrohttpd, a thread pool) in front of the API */
#pragma once

#include "fcs-api.h"

G_BEGIN_DECLS

typedef struct _FcsHttp FcsHttp;

typedef struct
{
  const char *listen;        /* ADDRESS:PORT; port 0 picks a free one */
  guint       threads;
  const char *tls_cert;      /* PEM files; both or neither */
  const char *tls_key;
} FcsHttpOptions;

FcsHttp *fcs_http_start    (FcsApi                *api,
                            const FcsHttpOptions  *options,
                            GError               **error);
guint16  fcs_http_get_port (FcsHttp               *http);
void     fcs_http_stop     (FcsHttp               *http);

G_END_DECLS
