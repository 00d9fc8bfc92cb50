/* fuzz-batch.c: libFuzzer target for everything a peer sends in a batch
 *
 * The first byte chooses the decoder: a changeset as the server reads a push
 * (plain or gzip'd), or a receipt or a pull page as the client reads them.
 * Whatever parses must survive a round trip.
 */

#include "config.h"

#include <string.h>

#include "fc-sync-changeset.h"
#include "fc-sync-gzip.h"
#include "fc-sync-protocol.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

static void
decode_changeset (GBytes *bytes)
{
  g_autoptr(FcSyncChangeset) changeset = fc_sync_changeset_parse (bytes, NULL);
  g_autoptr(GBytes) again = NULL;
  g_autoptr(FcSyncChangeset) reparsed = NULL;

  if (changeset == NULL)
    return;
  again = fc_sync_changeset_to_bytes (changeset->device_id, changeset->ops);
  reparsed = fc_sync_changeset_parse (again, NULL);
  g_assert (reparsed != NULL);
  g_assert (reparsed->ops->len == changeset->ops->len);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) body = NULL;

  if (size < 1)
    return 0;
  body = g_bytes_new (data + 1, size - 1);
  switch (data[0] % 4)
    {
    case 0:
      decode_changeset (body);
      break;
    case 1:
      {
        g_autoptr(GBytes) inflated = fc_sync_gzip_inflate (body, FC_SYNC_MAX_CHANGESET_BYTES, NULL);

        if (inflated != NULL)
          decode_changeset (inflated);
      }
      break;
    case 2:
      {
        g_autoptr(FcSyncReceipt) receipt = fc_sync_receipt_parse ((const char *) data + 1, size - 1, NULL);

        if (receipt != NULL)
          g_free (fc_sync_receipt_to_json (receipt));
      }
      break;
    default:
      {
        g_autoptr(FcSyncPage) page = fc_sync_page_parse ((const char *) data + 1, size - 1, NULL);

        if (page != NULL)
          g_free (fc_sync_page_to_json (page->ops, page->next_cursor, page->head, page->server_time_ms));
      }
      break;
    }
  return 0;
}
