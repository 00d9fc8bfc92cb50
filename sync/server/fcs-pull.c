/* fcs-pull.c: GET /api/v1/pull?cursor=N&limit=M — the feed after a cursor
 *
 * The cursor is the server op-log's seq, assigned by the one writer inside
 * the write transaction, so it grows in commit order: a page read after a
 * cursor never misses an op committed before it, and never repeats one.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-sync-protocol.h"
#include "fcs-api.h"

#define DEFAULT_LIMIT 500

static gboolean
parse_count (const char *text,
             gint64      fallback,
             gint64      max,
             gint64     *out)
{
  guint64 value;

  if (text == NULL)
    {
      *out = fallback;
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (text, 10, 0, (guint64) max, &value, NULL))
    return FALSE;
  *out = (gint64) value;
  return TRUE;
}

FcsResponse *
fcs_pull_handle (FcsApi           *api,
                 const FcsDevice  *device,
                 const FcsRequest *request)
{
  g_autoptr(GError) error = NULL;
  GString *ops;
  gint64 cursor, limit, next_cursor = 0, head = 0;

  if (!parse_count (request->cursor, 0, G_MAXINT64, &cursor) ||
      !parse_count (request->limit, DEFAULT_LIMIT, FC_SYNC_PULL_MAX_LIMIT, &limit) || limit == 0)
    return fcs_response_error (400, "invalid_cursor",
                               _("The cursor and limit must be whole numbers; "
                                 "the limit between 1 and 1000"));

  ops = api->storage->klass->pull (api->storage, device, cursor, (guint) limit, &next_cursor, &head,
                                   &error);
  if (ops == NULL)
    {
      g_warning ("pull for %s failed: %s", device->id, error->message);
      return fcs_response_error (503, "unavailable", _("The server could not read its changes"));
    }
  return fcs_response_new (200, fc_sync_page_wrap_json (ops, next_cursor, head,
                                                        g_get_real_time () / 1000));
}
