/* fcs-http.c: libmicrohttpd in front of the API
 *
 * Bodies are read raw and bounded (never through MHD's multipart
 * PostProcessor): a declared Content-Length over the bound is refused before
 * the body is read, and a body that grows past it is refused as soon as it
 * does. Each connection is limited in memory and idle time.
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <microhttpd.h>
#include <string.h>

#include "fc-sync-changeset.h"
#include "fcs-error.h"
#include "fcs-http.h"

/* A gzip'd changeset is never larger than the changeset itself may be. */
#define MAX_BODY_BYTES     FC_SYNC_MAX_CHANGESET_BYTES
#define CONNECTION_LIMIT   512
#define CONNECTION_TIMEOUT 60

#if MHD_VERSION < 0x00097002
typedef int MhdResult;
#else
typedef enum MHD_Result MhdResult;
#endif

struct _FcsHttp
{
  FcsApi            *api;
  struct MHD_Daemon *daemon;
  guint16            port;
  char              *cert;
  char              *key;
};

typedef struct
{
  GByteArray *body;
  gboolean    refused;
} Upload;

static MhdResult
send_response (struct MHD_Connection *connection,
               FcsResponse           *answer)
{
  struct MHD_Response *response;
  MhdResult ret;

  response = MHD_create_response_from_buffer (strlen (answer->body), answer->body,
                                              MHD_RESPMEM_MUST_COPY);
  MHD_add_response_header (response, "Content-Type", "application/json; charset=utf-8");
  MHD_add_response_header (response, "Cache-Control", "no-store");
  if (answer->retry_after_s > 0)
    {
      g_autofree char *seconds = g_strdup_printf ("%" G_GINT64_FORMAT, answer->retry_after_s);

      MHD_add_response_header (response, "Retry-After", seconds);
    }
  ret = MHD_queue_response (connection, answer->status, response);
  MHD_destroy_response (response);
  return ret;
}

static MhdResult
refuse_too_large (struct MHD_Connection *connection,
                  Upload                *upload)
{
  g_autoptr(FcsResponse) answer = NULL;

  upload->refused = TRUE;
  answer = fcs_response_error (413, "too_large",
                               _("The request body is larger than the server accepts; "
                                 "send fewer changes at once"));
  return send_response (connection, answer);
}

static MhdResult
access_handler (void                  *cls,
                struct MHD_Connection *connection,
                const char            *url,
                const char            *method,
                const char            *version,
                const char            *upload_data,
                size_t                *upload_data_size,
                void                 **con_cls)
{
  FcsHttp *self = cls;
  Upload *upload = *con_cls;
  g_autoptr(FcsResponse) answer = NULL;
  g_autoptr(GBytes) body = NULL;
  FcsRequest request = { 0 };

  if (upload == NULL)
    {
      const char *length = MHD_lookup_connection_value (connection, MHD_HEADER_KIND,
                                                        MHD_HTTP_HEADER_CONTENT_LENGTH);
      guint64 declared = 0;

      upload = g_new0 (Upload, 1);
      upload->body = g_byte_array_new ();
      *con_cls = upload;
      if (length != NULL &&
          (!g_ascii_string_to_unsigned (length, 10, 0, G_MAXUINT64, &declared, NULL) ||
           declared > MAX_BODY_BYTES))
        return refuse_too_large (connection, upload);
      return MHD_YES;
    }

  if (*upload_data_size > 0)
    {
      if (upload->refused)
        {
          *upload_data_size = 0;
          return MHD_YES;
        }
      if (upload->body->len + *upload_data_size > MAX_BODY_BYTES)
        {
          *upload_data_size = 0;
          return refuse_too_large (connection, upload);
        }
      g_byte_array_append (upload->body, (const guint8 *) upload_data, (guint) *upload_data_size);
      *upload_data_size = 0;
      return MHD_YES;
    }
  if (upload->refused)
    return MHD_YES;

  body = g_bytes_new (upload->body->data, upload->body->len);
  request.method = method;
  request.path = url;
  request.authorization = MHD_lookup_connection_value (connection, MHD_HEADER_KIND,
                                                       MHD_HTTP_HEADER_AUTHORIZATION);
  request.content_encoding = MHD_lookup_connection_value (connection, MHD_HEADER_KIND,
                                                          MHD_HTTP_HEADER_CONTENT_ENCODING);
  request.cursor = MHD_lookup_connection_value (connection, MHD_GET_ARGUMENT_KIND, "cursor");
  request.limit = MHD_lookup_connection_value (connection, MHD_GET_ARGUMENT_KIND, "limit");
  request.body = upload->body->len > 0 ? body : NULL;
  answer = fcs_api_handle (self->api, &request);
  return send_response (connection, answer);
}

static void
request_completed (void                            *cls,
                   struct MHD_Connection           *connection,
                   void                           **con_cls,
                   enum MHD_RequestTerminationCode  code)
{
  Upload *upload = *con_cls;

  if (upload == NULL)
    return;
  g_byte_array_unref (upload->body);
  g_free (upload);
  *con_cls = NULL;
}

static gboolean
parse_listen (const char               *listen,
              struct sockaddr_storage  *addr,
              gboolean                 *ipv6,
              GError                  **error)
{
  g_autoptr(GSocketConnectable) parsed = NULL;
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;

  parsed = g_network_address_parse (listen, 0, NULL);
  if (parsed == NULL ||
      (inet = g_inet_address_new_from_string (g_network_address_get_hostname (G_NETWORK_ADDRESS (parsed)))) == NULL)
    {
      g_set_error (error, FCS_ERROR, FCS_ERROR_INVALID,
                   _("“%s” is not an address to listen on; write it as 127.0.0.1:8443"), listen);
      return FALSE;
    }
  socket_address = g_inet_socket_address_new (inet, g_network_address_get_port (G_NETWORK_ADDRESS (parsed)));
  *ipv6 = g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6;
  return g_socket_address_to_native (socket_address, addr, sizeof *addr, error);
}

/**
 * fcs_http_start:
 * @api: what answers the requests; must outlive the server
 * @options: where and how to listen
 * @error: return location for an error
 *
 * Returns: (transfer full): the running server, or %NULL
 */
FcsHttp *
fcs_http_start (FcsApi                *api,
                const FcsHttpOptions  *options,
                GError               **error)
{
  FcsHttp *self;
  struct sockaddr_storage addr = { 0 };
  gboolean ipv6 = FALSE;
  unsigned int flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG;
  const union MHD_DaemonInfo *info;

  if (!parse_listen (options->listen, &addr, &ipv6, error))
    return NULL;
  if ((options->tls_cert == NULL) != (options->tls_key == NULL))
    {
      g_set_error (error, FCS_ERROR, FCS_ERROR_INVALID,
                   _("TLS needs both --tls-cert and --tls-key"));
      return NULL;
    }

  self = g_new0 (FcsHttp, 1);
  self->api = api;
  if (ipv6)
    flags |= MHD_USE_IPv6;
  if (options->tls_cert != NULL)
    {
      if (MHD_is_feature_supported (MHD_FEATURE_TLS) != MHD_YES)
        {
          g_set_error (error, FCS_ERROR, FCS_ERROR_FAILED,
                       _("This libmicrohttpd has no TLS; put the server behind a TLS proxy"));
          fcs_http_stop (self);
          return NULL;
        }
      if (!g_file_get_contents (options->tls_cert, &self->cert, NULL, error) ||
          !g_file_get_contents (options->tls_key, &self->key, NULL, error))
        {
          fcs_http_stop (self);
          return NULL;
        }
      flags |= MHD_USE_TLS;
    }

  self->daemon = MHD_start_daemon (flags, 0, NULL, NULL, access_handler, self,
                                   MHD_OPTION_SOCK_ADDR, (struct sockaddr *) &addr,
                                   MHD_OPTION_THREAD_POOL_SIZE, (unsigned int) MAX (options->threads, 1),
                                   MHD_OPTION_CONNECTION_LIMIT, (unsigned int) CONNECTION_LIMIT,
                                   MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int) CONNECTION_TIMEOUT,
                                   MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t) (128 * 1024),
                                   MHD_OPTION_NOTIFY_COMPLETED, request_completed, self,
                                   self->cert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, self->cert,
                                   MHD_OPTION_HTTPS_MEM_KEY, self->key,
                                   MHD_OPTION_END);
  if (self->daemon == NULL)
    {
      g_set_error (error, FCS_ERROR, FCS_ERROR_FAILED,
                   _("Cannot listen on %s; is another server using it?"), options->listen);
      fcs_http_stop (self);
      return NULL;
    }
  info = MHD_get_daemon_info (self->daemon, MHD_DAEMON_INFO_BIND_PORT);
  self->port = info != NULL ? info->port : 0;
  return self;
}

guint16
fcs_http_get_port (FcsHttp *self)
{
  return self->port;
}

void
fcs_http_stop (FcsHttp *self)
{
  if (self == NULL)
    return;
  if (self->daemon != NULL)
    MHD_stop_daemon (self->daemon);
  g_free (self->cert);
  g_free (self->key);
  g_free (self);
}
