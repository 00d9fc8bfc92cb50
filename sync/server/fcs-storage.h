/* fcs-storage.h: what the server needs from its store, as an interface
 *
 * The SQLite store (fcs-storage-sqlite.c) is the default; a PostgreSQL store
 * can implement the same table of functions later. Implementations are safe
 * to call from the HTTP thread pool; each call is one transaction.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "fc-store.h"
#include "fc-sync-changeset.h"
#include "fc-sync-protocol.h"

G_BEGIN_DECLS

typedef struct _FcsStorage FcsStorage;

typedef struct
{
  char     *id;
  char     *name;
  char     *user_id;      /* whose facilities it sees; NULL for the whole district */
  gboolean  revoked;
} FcsDevice;

typedef struct
{
  void            (*free)          (FcsStorage        *self);

  /* Devices */
  gboolean        (*enroll)        (FcsStorage        *self,
                                    const char        *token_hash,
                                    const char        *device_id,
                                    const char        *name,
                                    const char        *credential_hash,
                                    GError           **error);
  FcsDevice      *(*authenticate)  (FcsStorage        *self,
                                    const char        *device_id,
                                    const char        *credential_hash,
                                    GError           **error);

  /* Sync: push applies a batch in one transaction; pull reads the feed,
   * the ops the device may see as JSON objects separated by commas. */
  FcSyncReceipt  *(*push)          (FcsStorage        *self,
                                    const FcsDevice   *device,
                                    FcSyncChangeset   *changeset,
                                    const char        *via,
                                    GError           **error);
  GString        *(*pull)          (FcsStorage        *self,
                                    const FcsDevice   *device,
                                    gint64             cursor,
                                    guint              limit,
                                    gint64            *next_cursor,
                                    gint64            *head,
                                    GError           **error);

  /* Administration; @actor names who acts, for the audit log. */
  char           *(*user_add)      (FcsStorage        *self,
                                    const char        *actor,
                                    const char        *login,
                                    const char        *name,
                                    const char        *roles,
                                    const char        *verifier,
                                    GError           **error);
  gboolean        (*user_disable)  (FcsStorage        *self,
                                    const char        *actor,
                                    const char        *user,
                                    GError           **error);
  JsonArray      *(*user_list)     (FcsStorage        *self,
                                    GError           **error);
  char           *(*assign)        (FcsStorage        *self,
                                    const char        *actor,
                                    const char        *user,
                                    const char        *facility,
                                    const char        *role,
                                    GError           **error);
  gboolean        (*token_add)     (FcsStorage        *self,
                                    const char        *actor,
                                    const char        *token_hash,
                                    const char        *user,
                                    gint64             expires_at_ms,
                                    GError           **error);
  JsonArray      *(*device_list)   (FcsStorage        *self,
                                    GError           **error);
  gboolean        (*device_revoke) (FcsStorage        *self,
                                    const char        *actor,
                                    const char        *device_id,
                                    GError           **error);
  JsonObject     *(*status)        (FcsStorage        *self,
                                    GError           **error);
} FcsStorageClass;

struct _FcsStorage
{
  const FcsStorageClass *klass;
};

FcsStorage *fcs_storage_sqlite_open (const char  *data_dir,
                                     gboolean     create,
                                     GError     **error);
FcStore    *fcs_storage_sqlite_get_store (FcsStorage *storage);
void        fcs_storage_free        (FcsStorage  *storage);
void        fcs_device_free         (FcsDevice   *device);
gint64      fcs_now_ms              (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcsStorage, fcs_storage_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcsDevice, fcs_device_free)

G_END_DECLS
