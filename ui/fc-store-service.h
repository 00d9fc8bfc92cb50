/* fc-store-service.h: the one store connection, used on one worker thread */
#pragma once

#include <gio/gio.h>

#include "fc-store.h"

G_BEGIN_DECLS

#define FC_TYPE_STORE_SERVICE (fc_store_service_get_type ())
G_DECLARE_FINAL_TYPE (FcStoreService, fc_store_service, FC, STORE_SERVICE, GObject)

/* Runs on the worker thread with the open store; returns the result or NULL with @error set. */
typedef gpointer (*FcStoreJob) (FcStore   *store,
                                gpointer   data,
                                GError   **error);

FcStoreService *fc_store_service_new         (const char          *path,
                                              gboolean             demo);
const char     *fc_store_service_get_path    (FcStoreService      *self);
void            fc_store_service_run_async   (FcStoreService      *self,
                                              FcStoreJob           job,
                                              gpointer             data,
                                              GDestroyNotify       data_free,
                                              GDestroyNotify       result_free,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gpointer        fc_store_service_run_finish  (FcStoreService      *self,
                                              GAsyncResult        *result,
                                              GError             **error);
guint           fc_store_service_get_pending (FcStoreService      *self);

G_END_DECLS
