/* fc-sync-service.h: sync with the district server, off the main loop, by hand and by itself */
#pragma once

#include <gio/gio.h>

#include "fc-store-service.h"
#include "fc-sync-client.h"

G_BEGIN_DECLS

#define FC_TYPE_SYNC_SERVICE (fc_sync_service_get_type ())
G_DECLARE_FINAL_TYPE (FcSyncService, fc_sync_service, FC, SYNC_SERVICE, GObject)

/* Counting a long outbox costs the store worker; past this it says "more than". */
#define FC_SYNC_WAITING_CAP 100000

/* One op of ours the server refused, in a person's words. */
typedef struct
{
  char   *op_id;
  char   *record;    /* "Hazard “Blocked exit”" */
  char   *fields;    /* "Deadline, Funds", or NULL for a new record */
  char   *message;   /* the server's sentence */
  gint64  at_ms;
} FcSyncRefusal;

/* One side of a conflict: a value, who wrote it and when. */
typedef struct
{
  char   *value;
  char   *who;
  gint64  at_ms;
  gboolean ours;     /* written on this device */
} FcSyncConflictSide;

typedef struct
{
  gint64              id;
  char               *record;
  char               *field;        /* a person's name for the field */
  FcSyncConflictSide  mine;         /* ours if either side is, else the value kept */
  FcSyncConflictSide  theirs;
} FcSyncConflict;

/* What the sync page shows, read in one store job. */
typedef struct
{
  char      *server;         /* NULL: not enrolled */
  char      *device_id;
  char      *acting;         /* the person every change is made as, NULL when none signed in */
  char      *notice;         /* why the step that read this status was not taken, or NULL */
  char      *sign_in_note;   /* why the last sync could not refresh who may sign in, or NULL */
  gint64     n_waiting;      /* counted up to FC_SYNC_WAITING_CAP + 1 */
  gint64     oldest_waiting_ms;
  gint64     last_taken;     /* the last sync here: changes the server took, refused, sent to us; -1 unknown */
  gint64     last_refused;
  gint64     last_received;
  gint64     last_sync_ms;   /* 0: never */
  GPtrArray *refusals;       /* FcSyncRefusal: ours, refused by the server */
  GPtrArray *incoming;       /* FcSyncRefusal: the server's, not applicable here yet */
  GPtrArray *conflicts;      /* FcSyncConflict, unresolved */
} FcSyncStatus;

FcSyncService      *fc_sync_service_new            (FcStoreService *store_service,
                                                    GSettings      *settings);
void                fc_sync_service_start          (FcSyncService  *self);
void                fc_sync_service_stop           (FcSyncService  *self);
void                fc_sync_service_set_network_monitor (FcSyncService   *self,
                                                         GNetworkMonitor *monitor);
void                fc_sync_service_refresh        (FcSyncService  *self);
gboolean            fc_sync_service_sync_now       (FcSyncService  *self);
void                fc_sync_service_enroll         (FcSyncService  *self,
                                                    const char     *server_url,
                                                    const char     *token,
                                                    const char     *pin,
                                                    const char     *ca_file);
void                fc_sync_service_resolve        (FcSyncService  *self,
                                                    gint64          conflict_id,
                                                    gboolean        keep_mine);

gboolean            fc_sync_service_get_syncing    (FcSyncService  *self);
const FcSyncStatus *fc_sync_service_get_status     (FcSyncService  *self);
const char         *fc_sync_service_get_last_error (FcSyncService  *self);
gint64              fc_sync_service_get_retry_ms   (FcSyncService  *self);
gboolean            fc_sync_service_get_progress   (FcSyncService  *self,
                                                    FcSyncProgress *progress);
guint               fc_sync_service_get_pending    (FcSyncService  *self);
GSettings          *fc_sync_service_get_settings   (FcSyncService  *self);

gboolean            fc_sync_parse_enroll_text      (const char     *text,
                                                    char          **server_url,
                                                    char          **token);

G_END_DECLS
