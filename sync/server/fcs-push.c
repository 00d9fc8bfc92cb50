/* fcs-push.c: POST /api/v1/push — apply a device's batch, answer with a receipt
 *
 * The body is a changeset (sync/fc-sync-changeset.c), optionally gzip'd. It
 * is inflated within the changeset's size bound, parsed with its limits, and
 * must come from the device that authenticated. The storage then applies it
 * in one transaction; see schemas/sync-protocol.md for the receipt.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-sync-changeset.h"
#include "fc-sync-gzip.h"
#include "fcs-api.h"

FcsResponse *
fcs_push_handle (FcsApi           *api,
                 const FcsDevice  *device,
                 const FcsRequest *request)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcSyncChangeset) changeset = NULL;
  g_autoptr(FcSyncReceipt) receipt = NULL;

  if (request->body == NULL)
    return fcs_response_error (400, "invalid_changeset", _("The push has no body"));
  if (request->content_encoding == NULL || g_ascii_strcasecmp (request->content_encoding, "identity") == 0)
    body = g_bytes_ref (request->body);
  else if (g_ascii_strcasecmp (request->content_encoding, "gzip") == 0)
    {
      body = fc_sync_gzip_inflate (request->body, FC_SYNC_MAX_CHANGESET_BYTES, &error);
      if (body == NULL)
        return fcs_response_error (400, "invalid_changeset", error->message);
    }
  else
    return fcs_response_error (415, "unsupported_encoding",
                               _("The push is compressed in a way the server does not read; "
                                 "use gzip or none"));

  changeset = fc_sync_changeset_parse (body, &error);
  if (changeset == NULL)
    return fcs_response_error (400, "invalid_changeset", error->message);
  if (g_strcmp0 (changeset->device_id, device->id) != 0)
    return fcs_response_error (403, "device_mismatch",
                               _("The changeset was made on another device than the one "
                                 "sending it"));

  receipt = api->storage->klass->push (api->storage, device, changeset, "push", &error);
  if (receipt == NULL)
    {
      g_warning ("push from %s failed: %s", device->id, error->message);
      return fcs_response_error (503, "unavailable",
                                 _("The server could not save the changes and kept none of them; "
                                   "the device tries again later"));
    }
  return fcs_response_new (200, fc_sync_receipt_to_json (receipt));
}
