/* test-relay.h: a relay on 127.0.0.1 between devices and a real
 * fieldcheck-server, to put the server's answer to GET /api/v1/verifiers in
 * the state a test needs: as an older server (the request goes to a path the
 * real server does not serve, which answers 404), as a connection that breaks
 * (the server's answer cut off after its head), or after something happened on the server just
 * before it (a callback on the relay's thread, e.g. revoking the device).
 * Every other request goes to the server unchanged and its answer back.
 *
 * One connection at a time, each closed after one exchange ("Connection:
 * close" to the server); curl answers "100 Continue" itself here.
 */
#pragma once

#include <gio/gio.h>
#include <string.h>

typedef enum
{
  TEST_RELAY_FORWARD,
  TEST_RELAY_OLD_SERVER,     /* verifiers: the real server's 404 for a path it lacks */
  TEST_RELAY_BROKEN,         /* verifiers: the answer cut off after its head and a few bytes */
} TestRelayMode;

typedef struct _TestRelay TestRelay;
typedef void (*TestRelayHook) (TestRelay *relay,
                               gpointer   data);

struct _TestRelay
{
  GSocket       *listener;
  GThread       *thread;
  guint          port;
  guint          target_port;
  char          *url;
  gint           mode;          /* TestRelayMode, atomic */
  gint           stop;          /* atomic */
  gint           verifiers_asked;   /* atomic */
  TestRelayHook  before_verifiers;  /* on the relay's thread, once; set before a sync */
  gpointer       hook_data;
};

static inline gboolean
test_relay_send_all (GSocket    *socket,
                     const char *data,
                     gsize       length)
{
  while (length > 0)
    {
      gssize n = g_socket_send (socket, data, length, NULL, NULL);

      if (n <= 0)
        return FALSE;
      data += n;
      length -= (gsize) n;
    }
  return TRUE;
}

/* The request head, up to and with its blank line, and its body; FALSE when the peer went. */
static inline gboolean
test_relay_read_request (GSocket *client,
                         GString *head,
                         GString *body)
{
  char buffer[16384];
  const char *end, *length_at;
  gsize want;
  g_autofree char *lower = NULL;

  while ((end = strstr (head->str, "\r\n\r\n")) == NULL)
    {
      gssize n = g_socket_receive (client, buffer, sizeof buffer, NULL, NULL);

      if (n <= 0)
        return FALSE;
      g_string_append_len (head, buffer, n);
    }
  /* A gzipped body holds zero bytes. */
  g_string_append_len (body, end + 4, (gssize) (head->len - (gsize) (end + 4 - head->str)));
  g_string_truncate (head, (gsize) (end + 4 - head->str));
  lower = g_ascii_strdown (head->str, -1);
  /* curl waits for this before it sends a body larger than 1 kB. */
  if (strstr (lower, "\r\nexpect: 100-continue") != NULL)
    {
      const char *line = head->str + (strstr (lower, "\r\nexpect:") - lower) + 2;
      const char *eol = strstr (line, "\r\n");

      g_string_erase (head, line - head->str, eol + 2 - line);
      if (!test_relay_send_all (client, "HTTP/1.1 100 Continue\r\n\r\n", 25))
        return FALSE;
    }
  length_at = strstr (lower, "\r\ncontent-length:");
  want = length_at ? (gsize) g_ascii_strtoull (length_at + 17, NULL, 10) : 0;
  while (body->len < want)
    {
      gssize n = g_socket_receive (client, buffer, sizeof buffer, NULL, NULL);

      if (n <= 0)
        return FALSE;
      g_string_append_len (body, buffer, n);
    }
  return TRUE;
}

static inline void
test_relay_forward (TestRelay *relay,
                    GSocket   *client,
                    GString   *head,
                    GString   *body,
                    gboolean   cut)
{
  g_autoptr(GString) answer = g_string_new (NULL);
  g_autoptr(GSocket) server = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, relay->target_port);
  const char *eol = strstr (head->str, "\r\n");
  char buffer[16384];
  gssize n;

  g_string_insert (head, eol + 2 - head->str, "Connection: close\r\n");
  if (server == NULL || !g_socket_connect (server, address, NULL, NULL) ||
      !test_relay_send_all (server, head->str, head->len) ||
      !test_relay_send_all (server, body->str, body->len))
    return;
  while ((n = g_socket_receive (server, buffer, sizeof buffer, NULL, NULL)) > 0)
    {
      const char *end;

      if (!cut)
        {
          if (!test_relay_send_all (client, buffer, (gsize) n))
            break;
          continue;
        }
      g_string_append_len (answer, buffer, n);
      if ((end = strstr (answer->str, "\r\n\r\n")) != NULL)
        {
          test_relay_send_all (client, answer->str, (gsize) (end + 4 - answer->str) + 8);
          break;
        }
    }
}

static inline gpointer
test_relay_thread (gpointer data)
{
  TestRelay *relay = data;

  while (!g_atomic_int_get (&relay->stop))
    {
      g_autoptr(GSocket) client = g_socket_accept (relay->listener, NULL, NULL);
      g_autoptr(GString) head = g_string_new (NULL);
      g_autoptr(GString) body = g_string_new (NULL);
      const char *path;

      if (client == NULL)
        continue;   /* the accept timed out: see whether to stop */
      g_socket_set_blocking (client, TRUE);
      g_socket_set_timeout (client, 30);
      if (!test_relay_read_request (client, head, body))
        continue;
      path = strchr (head->str, ' ');
      if (path != NULL && g_str_has_prefix (path + 1, "/api/v1/verifiers"))
        {
          TestRelayHook hook = relay->before_verifiers;

          g_atomic_int_inc (&relay->verifiers_asked);
          relay->before_verifiers = NULL;
          if (hook != NULL)
            hook (relay, relay->hook_data);
          switch (g_atomic_int_get (&relay->mode))
            {
            case TEST_RELAY_OLD_SERVER:
              memcpy ((char *) path + 1, "/api/v0", 7);
              break;
            case TEST_RELAY_BROKEN:
              test_relay_forward (relay, client, head, body, TRUE);
              g_socket_close (client, NULL);
              continue;
            default:
              break;
            }
        }
      test_relay_forward (relay, client, head, body, FALSE);
      g_socket_close (client, NULL);
    }
  return NULL;
}

/* A relay to the server listening on 127.0.0.1:@target_port. */
static inline void
test_relay_start (TestRelay *relay,
                  guint      target_port)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  memset (relay, 0, sizeof *relay);
  relay->target_port = target_port;
  relay->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                  &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (relay->listener, any_port, TRUE, &error));
  g_assert_true (g_socket_listen (relay->listener, &error));
  g_assert_no_error (error);
  g_socket_set_timeout (relay->listener, 1);
  bound = g_socket_get_local_address (relay->listener, &error);
  g_assert_no_error (error);
  relay->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  relay->url = g_strdup_printf ("http://127.0.0.1:%u", relay->port);
  relay->thread = g_thread_new ("test-relay", test_relay_thread, relay);
}

static inline void
test_relay_set_mode (TestRelay     *relay,
                     TestRelayMode  mode)
{
  g_atomic_int_set (&relay->mode, mode);
}

static inline void
test_relay_stop (TestRelay *relay)
{
  if (relay->thread == NULL)
    return;
  g_atomic_int_set (&relay->stop, 1);
  g_thread_join (g_steal_pointer (&relay->thread));
  g_socket_close (relay->listener, NULL);
  g_clear_object (&relay->listener);
  g_clear_pointer (&relay->url, g_free);
}
