/* fc-store-service.c: the one store connection, used on one worker thread
 *
 * An FcStore's SQLite handle is not safe to share between threads, and the
 * main loop must never wait on the disk. So the window owns one service that
 * opens the store on its worker thread and runs every job there, one after
 * the other, in the order they were asked for: an answer is committed before
 * the navigation that follows it, and a reader always sees the writes made
 * before it. Results come back on the main context of the caller.
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "fc-demo.h"
#include "fc-photos.h"
#include "fc-store-service.h"

#define RECONCILE_GRACE_SECONDS 600

struct _FcStoreService
{
  GObject       parent_instance;

  char         *path;
  gboolean      demo;
  GThreadPool  *pool;
  guint         pending;   /* main thread only */

  gboolean      tidy_queued;   /* main thread only */

  GThread      *worker_thread;

  /* Worker thread only. */
  FcStore      *store;
  GError       *open_error;
};

G_DEFINE_FINAL_TYPE (FcStoreService, fc_store_service, G_TYPE_OBJECT)

typedef struct
{
  FcStoreJob      job;
  gpointer        data;
  GDestroyNotify  data_free;
  GDestroyNotify  result_free;
} Job;

static void
job_free (Job *job)
{
  if (job->data_free != NULL && job->data != NULL)
    job->data_free (job->data);
  g_free (job);
}

/* A photo or signature whose import was cut short between publishing its
 * bytes and committing its record left a file no record names: set it aside.
 * Younger files may belong to an import still under way in another process. */
static void
reconcile_photos (FcStore *store)
{
  g_autoptr(GError) error = NULL;
  guint set_aside = 0;

  if (!fc_photos_reconcile (store, RECONCILE_GRACE_SECONDS, &set_aside, &error))
    g_warning ("Cannot tidy the photo store: %s", error->message);
  else if (set_aside > 0)
    g_message ("%u photo files that no record names were moved to the orphans folder", set_aside);
}

static gboolean
ensure_store (FcStoreService  *self,
              GError         **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *dir = NULL;

  if (self->store != NULL)
    return TRUE;
  if (self->open_error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->open_error));
      return FALSE;
    }

  dir = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (&local, G_IO_ERROR, g_io_error_from_errno (errno),
                   _("Cannot create the folder “%s”"), dir);
    }
  else
    {
      self->store = fc_store_open (self->path, &local);
      if (self->store != NULL && self->demo)
        {
          g_autoptr(sqlite3_stmt) stmt = fc_store_prepare (self->store,
                                                           "SELECT count (*) FROM facility", NULL);
          g_autoptr(GDateTime) now = g_date_time_new_now_local ();
          g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

          if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) == 0 &&
              !fc_demo_generate (self->store, today, 2026, NULL, &local))
            g_clear_object (&self->store);
        }
    }
  if (self->store == NULL)
    {
      self->open_error = g_error_copy (local);
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

/* Reading every photo's record takes seconds on a store of ten years: it
 * runs behind the first jobs, so the facility list never waits for it. */
static gpointer
tidy_job (FcStore   *store,
          gpointer   data,
          GError   **error)
{
  reconcile_photos (store);
  return NULL;
}

static void
worker (gpointer data,
        gpointer user_data)
{
  g_autoptr(GTask) task = data;
  FcStoreService *self = user_data;
  Job *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gpointer result;

  self->worker_thread = g_thread_self ();
  if (g_task_return_error_if_cancelled (task))
    return;
  if (!ensure_store (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  result = job->job (self->store, job->data, &error);
  if (error != NULL)
    {
      if (result != NULL && job->result_free != NULL)
        job->result_free (result);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, result, job->result_free);
}

static void
fc_store_service_finalize (GObject *object)
{
  FcStoreService *self = FC_STORE_SERVICE (object);

  /* Every queued job holds a reference, so the queue is empty by now; the last
   * reference may go on the worker itself, which must not wait for itself. */
  if (self->pool != NULL)
    g_thread_pool_free (self->pool, FALSE, g_thread_self () != self->worker_thread);
  g_clear_object (&self->store);
  g_clear_error (&self->open_error);
  g_free (self->path);
  G_OBJECT_CLASS (fc_store_service_parent_class)->finalize (object);
}

static void
fc_store_service_class_init (FcStoreServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fc_store_service_finalize;
}

static void
fc_store_service_init (FcStoreService *self)
{
}

/**
 * fc_store_service_new:
 * @path: the database file
 * @demo: whether to fill an empty store with the demo district
 *
 * Returns: (transfer full): the service; the store opens with the first job
 */
FcStoreService *
fc_store_service_new (const char *path,
                      gboolean    demo)
{
  FcStoreService *self = g_object_new (FC_TYPE_STORE_SERVICE, NULL);

  g_return_val_if_fail (path != NULL, NULL);

  self->path = g_strdup (path);
  self->demo = demo;
  /* One exclusive thread: jobs run one at a time, in order. The pool holds no
   * reference on the service: finalize drains it before the store goes. */
  self->pool = g_thread_pool_new (worker, self, 1, TRUE, NULL);
  return self;
}

const char *
fc_store_service_get_path (FcStoreService *self)
{
  g_return_val_if_fail (FC_IS_STORE_SERVICE (self), NULL);
  return self->path;
}

static gboolean
queue_tidy_cb (gpointer data)
{
  fc_store_service_run_async (data, tidy_job, NULL, NULL, NULL, NULL, NULL, NULL);
  return G_SOURCE_REMOVE;
}

static void
job_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  FcStoreService *self = FC_STORE_SERVICE (source);
  GTask *task = G_TASK (result);
  GAsyncReadyCallback callback = g_object_get_data (G_OBJECT (task), "fc-callback");
  gpointer callback_data = g_object_get_data (G_OBJECT (task), "fc-callback-data");

  g_assert (self->pending > 0);
  self->pending--;
  if (callback != NULL)
    callback (source, result, callback_data);
  /* Once the first jobs are shown: at low priority, after the frame that
   * shows them, which the tidy-up would otherwise slow down on a small CPU. */
  if (!self->tidy_queued && self->pending == 0)
    {
      self->tidy_queued = TRUE;
      g_idle_add_full (G_PRIORITY_LOW, queue_tidy_cb, g_object_ref (self), g_object_unref);
    }
}

/**
 * fc_store_service_run_async:
 * @self: the service
 * @job: what to do with the store, on the worker thread
 * @data: (transfer full): the job's data
 * @data_free: (nullable): frees @data after the job
 * @result_free: (nullable): frees the job's result when nobody takes it
 * @cancellable: (nullable): skips the job if cancelled before it starts
 * @callback: called on the caller's main context with the result
 * @user_data: for @callback
 */
void
fc_store_service_run_async (FcStoreService      *self,
                            FcStoreJob           job,
                            gpointer             data,
                            GDestroyNotify       data_free,
                            GDestroyNotify       result_free,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;
  Job *state;

  g_return_if_fail (FC_IS_STORE_SERVICE (self));
  g_return_if_fail (job != NULL);

  state = g_new0 (Job, 1);
  state->job = job;
  state->data = data;
  state->data_free = data_free;
  state->result_free = result_free;

  task = g_task_new (self, cancellable, job_done, NULL);
  g_task_set_source_tag (task, fc_store_service_run_async);
  g_task_set_task_data (task, state, (GDestroyNotify) job_free);
  g_object_set_data (G_OBJECT (task), "fc-callback", callback);
  g_object_set_data (G_OBJECT (task), "fc-callback-data", user_data);
  self->pending++;
  g_thread_pool_push (self->pool, task, NULL);
}

/**
 * fc_store_service_run_finish:
 * @self: the service
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: (transfer full): the job's result, or %NULL with @error set
 */
gpointer
fc_store_service_run_finish (FcStoreService  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Returns: jobs asked for whose callback has not run yet */
guint
fc_store_service_get_pending (FcStoreService *self)
{
  g_return_val_if_fail (FC_IS_STORE_SERVICE (self), 0);
  return self->pending;
}
