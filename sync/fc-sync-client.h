/* fc-sync-client.h: a device talking to the district server (libcurl) */
#pragma once

#include "fc-store.h"

G_BEGIN_DECLS

#define FC_SYNC_ERROR (fc_sync_error_quark ())

typedef enum
{
  /* The server could not be reached, or the connection broke. */
  FC_SYNC_ERROR_NETWORK,
  /* The server asks the device to slow down (429). */
  FC_SYNC_ERROR_RATE_LIMITED,
  /* The server failed (5xx); nothing was acknowledged. */
  FC_SYNC_ERROR_SERVER,
  /* The server refused the request as malformed or too large (4xx). */
  FC_SYNC_ERROR_REFUSED,
  /* The device is not enrolled, its credential is wrong, or it was revoked. */
  FC_SYNC_ERROR_UNAUTHORIZED,
  /* The server's certificate or public key did not match. */
  FC_SYNC_ERROR_TLS,
  /* The server's answer is malformed. */
  FC_SYNC_ERROR_PROTOCOL,
} FcSyncErrorCode;

/* Meta keys of the device store that hold the sync state. */
#define FC_SYNC_META_SERVER      "sync_server"
#define FC_SYNC_META_CREDENTIAL  "sync_credential"
#define FC_SYNC_META_PINNED_KEY  "sync_pinned_key"
#define FC_SYNC_META_CA_FILE     "sync_ca_file"
#define FC_SYNC_META_CURSOR      "sync_cursor"
#define FC_SYNC_META_OFFSET      "clock_offset_ms"
#define FC_SYNC_META_LAST_SYNC   "sync_last"
/* Why the last sync could not refresh who may sign in, absent when it could. */
#define FC_SYNC_META_SIGN_IN_NOTE "sync_sign_in_note"

#define FC_SYNC_DEFAULT_BATCH    500

typedef struct _FcSyncClient FcSyncClient;

typedef struct
{
  guint  pushed;
  guint  applied;
  guint  duplicate;
  guint  rejected;
  guint  pulled;
  guint  pull_refused;
  gint64 cursor;
  /* Push and pull went through, but who may sign in could not be refreshed;
   * fc_sync_client_get_note() says why. */
  gboolean sign_in_stale;
} FcSyncStats;

typedef enum
{
  FC_SYNC_PHASE_SENDING,
  FC_SYNC_PHASE_RECEIVING,
} FcSyncPhase;

/* How far a sync is, for a progress bar. */
typedef struct
{
  FcSyncPhase phase;
  guint64     done;       /* changes sent, or received */
  guint64     total;      /* sending: the changes that waited when it began; receiving: 0 */
  double      fraction;   /* of the phase, 0 to 1; below 0 while not known */
} FcSyncProgress;

typedef void (*FcSyncProgressFunc) (const FcSyncProgress *progress,
                                    gpointer              user_data);

GQuark        fc_sync_error_quark           (void);
gboolean      fc_sync_error_is_transient    (const GError   *error);

gboolean      fc_sync_client_enroll         (FcStore        *store,
                                             const char     *server_url,
                                             const char     *token,
                                             const char     *device_name,
                                             GError        **error);
FcSyncClient *fc_sync_client_new            (FcStore        *store,
                                             GError        **error);
void          fc_sync_client_free           (FcSyncClient   *client);
void          fc_sync_client_set_batch_size (FcSyncClient   *client,
                                             guint           max_ops);
gint64        fc_sync_client_get_retry_after (FcSyncClient  *client);
const char   *fc_sync_client_get_note       (FcSyncClient   *client);
void          fc_sync_client_set_progress_func (FcSyncClient       *client,
                                                FcSyncProgressFunc  func,
                                                gpointer            user_data);
gboolean      fc_sync_trust_check           (const char     *pin,
                                             const char     *ca_file,
                                             GError        **error);
gboolean      fc_sync_trust_set             (FcStore        *store,
                                             const char     *pin,
                                             const char     *ca_file,
                                             GError        **error);
gboolean      fc_sync_client_update_time    (FcSyncClient   *client,
                                             GError        **error);
gboolean      fc_sync_client_push           (FcSyncClient   *client,
                                             FcSyncStats    *stats,
                                             GError        **error);
gboolean      fc_sync_client_pull           (FcSyncClient   *client,
                                             FcSyncStats    *stats,
                                             GError        **error);
gboolean      fc_sync_client_sync           (FcSyncClient   *client,
                                             FcSyncStats    *stats,
                                             GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcSyncClient, fc_sync_client_free)

G_END_DECLS
