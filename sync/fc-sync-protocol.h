/* fc-sync-protocol.h: the messages of /api/v1 besides the changeset itself
 *
 * The wire format is described in schemas/sync-protocol.md.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "fc-op.h"

G_BEGIN_DECLS

#define FC_SYNC_API_PREFIX     "/api/v1"
#define FC_SYNC_PULL_MAX_LIMIT 1000

typedef enum
{
  FC_SYNC_OUTCOME_APPLIED,
  /* Applied by an earlier push; nothing changed this time. */
  FC_SYNC_OUTCOME_DUPLICATE,
  FC_SYNC_OUTCOME_REJECTED,
} FcSyncOutcome;

typedef struct
{
  char          *op_id;
  gint64         device_seq;
  FcSyncOutcome  outcome;
  char          *code;      /* rejected only: a stable word, e.g. not_assigned */
  char          *message;   /* rejected only: a sentence for the user */
} FcSyncReceiptEntry;

typedef struct
{
  GPtrArray *entries;       /* of FcSyncReceiptEntry, in the order of the batch */
  gint64     server_time_ms;
  gint64     head;          /* the server's newest cursor after the batch */
} FcSyncReceipt;

typedef struct
{
  GPtrArray *ops;           /* of FcOp, in the server's commit order */
  gint64     next_cursor;   /* ask for the next page after this */
  gint64     head;          /* the newest cursor when the page was read */
  gint64     server_time_ms;
} FcSyncPage;

FcSyncReceipt *fc_sync_receipt_new     (void);
void           fc_sync_receipt_add     (FcSyncReceipt  *receipt,
                                        const char     *op_id,
                                        gint64          device_seq,
                                        FcSyncOutcome   outcome,
                                        const char     *code,
                                        const char     *message);
guint          fc_sync_receipt_count   (FcSyncReceipt  *receipt,
                                        FcSyncOutcome   outcome);
char          *fc_sync_receipt_to_json (FcSyncReceipt  *receipt);
FcSyncReceipt *fc_sync_receipt_parse   (const char     *data,
                                        gsize           len,
                                        GError        **error);
void           fc_sync_receipt_free    (FcSyncReceipt  *receipt);

char          *fc_sync_page_to_json    (GPtrArray      *ops,
                                        gint64          next_cursor,
                                        gint64          head,
                                        gint64          server_time_ms);
char          *fc_sync_page_wrap_json  (GString        *ops_json,
                                        gint64          next_cursor,
                                        gint64          head,
                                        gint64          server_time_ms);
FcSyncPage    *fc_sync_page_parse      (const char     *data,
                                        gsize           len,
                                        GError        **error);
void           fc_sync_page_free       (FcSyncPage     *page);

char          *fc_sync_error_to_json   (const char     *code,
                                        const char     *message);
gboolean       fc_sync_error_parse     (const char     *data,
                                        gsize           len,
                                        char          **code,
                                        char          **message);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcSyncReceipt, fc_sync_receipt_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcSyncPage, fc_sync_page_free)

G_END_DECLS
