/* fcs-serve.c: fieldcheck-server serve — run until SIGTERM or SIGINT */

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "fcs-commands.h"
#include "fcs-error.h"
#include "fcs-http.h"
#include "fcs-secrets.h"
#include "fcs-storage.h"

#define DEFAULT_THREADS 4
#define DEFAULT_RATE    50.0
#define DEFAULT_BURST   100.0

static gboolean
quit (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

int
fcs_cmd_serve (FcsOptions  *options,
               int          argc,
               char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcsStorage) storage = NULL;
  g_autoptr(FcsRateLimit) rate_limit = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *host = NULL;
  FcsApi api = { 0 };
  FcsHttpOptions http_options = { 0 };
  FcsHttp *http;
  const char *colon;

  if (argc != 0 || options->data == NULL || options->listen == NULL)
    return fcs_usage (_("usage: fieldcheck-server serve --data DIR --listen ADDRESS:PORT "
                        "[--threads N] [--rate PER_SECOND] [--burst N] [--tls-cert PEM --tls-key PEM]"));
  if (!fcs_secrets_init (&error))
    return fcs_fail (error);
  storage = fcs_storage_sqlite_open (options->data, FALSE, &error);
  if (storage == NULL)
    return fcs_fail (error);

  rate_limit = fcs_rate_limit_new (options->rate >= 0 ? options->rate : DEFAULT_RATE,
                                   options->burst > 0 ? options->burst : DEFAULT_BURST);
  api.storage = storage;
  api.rate_limit = rate_limit;
  http_options.listen = options->listen;
  http_options.threads = options->threads > 0 ? (guint) options->threads : DEFAULT_THREADS;
  http_options.tls_cert = options->tls_cert;
  http_options.tls_key = options->tls_key;
  http = fcs_http_start (&api, &http_options, &error);
  if (http == NULL)
    return fcs_fail (error);

  /* The first line tells a test or a supervisor where the server listens. */
  colon = strrchr (options->listen, ':');
  host = g_strndup (options->listen, colon ? (gsize) (colon - options->listen) : strlen (options->listen));
  g_print ("listening on %s:%u\n", host, fcs_http_get_port (http));
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, quit, loop);
  g_unix_signal_add (SIGINT, quit, loop);
  g_main_loop_run (loop);

  fcs_http_stop (http);
  return 0;
}
