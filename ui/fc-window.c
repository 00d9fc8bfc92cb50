/* fc-window.c: the main window
 *
 * An AdwLeaflet with two panes: the facilities (or, during a walk, the
 * categories with their progress) beside the facility, the start of an
 * inspection, the item on screen or the finish page. On a handheld the
 * leaflet folds to one pane at a time.
 *
 * Every read and write goes through the window's FcStoreService, one job at a
 * time on its worker thread; the main loop only shows what comes back. The
 * first job opens the store (and fills the demo district on first use), lists
 * the facilities and finds this device's resume point, so a walk interrupted
 * by a crash reopens where it stood.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fc-equipment-register.h"
#include "fc-facility-item.h"
#include "fc-hazard-page.h"
#include "fc-hazards.h"
#include "fc-inspections.h"
#include "fc-ledger-page.h"
#include "fc-lookback-page.h"
#include "fc-queries.h"
#include "fc-sync-page.h"
#include "fc-whistle-page.h"
#include "fc-window-equipment.h"
#include "fc-window-ledger.h"
#include "fc-window-sync.h"
#include "fc-window-photos.h"
#include "fc-window-private.h"
#include "fc-window-sign-in.h"

G_DEFINE_FINAL_TYPE (FcWindow, fc_window, ADW_TYPE_APPLICATION_WINDOW)

void
fc_window_result_free (FcWindowResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->rows, json_array_unref);
  g_clear_pointer (&result->templates, json_array_unref);
  g_clear_pointer (&result->object, json_object_unref);
  g_clear_pointer (&result->walk, fc_walk_unref);
  g_free (result->text);
  g_free (result->item_id);
  g_free (result->user_id);
  g_free (result);
}

FcWindowRequest *
fc_window_request_new (void)
{
  FcWindowRequest *request = g_new0 (FcWindowRequest, 1);

  request->strings = g_ptr_array_new_with_free_func (g_free);
  return request;
}

void
fc_window_request_free (FcWindowRequest *request)
{
  g_free (request->inspection_id);
  g_free (request->item_id);
  g_free (request->facility_id);
  g_free (request->answer);
  g_free (request->note);
  g_free (request->path);
  g_ptr_array_unref (request->strings);
  g_free (request->members);
  g_clear_pointer (&request->signoff.signature_png, g_bytes_unref);
  g_free (request);
}

/* Returns: (transfer none): a copy of @str that lives as long as @request */
const char *
fc_window_request_keep (FcWindowRequest *request,
                        const char      *str)
{
  char *copy = g_strdup (str);

  if (copy != NULL)
    g_ptr_array_add (request->strings, copy);
  return copy;
}

void
_fc_window_toast (FcWindow   *self,
                  const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 3);
  adw_toast_overlay_add_toast (self->toasts, toast);
}

static char *
today_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

/* The facility list read ahead, while GTK starts; kept on the store, which
 * only the worker thread touches, for the window's first load to take. */
#define LIST_AHEAD_KEY "fc-window-list-ahead"

typedef struct
{
  char      *user_id;
  char      *today;
  JsonArray *rows;
} ListAhead;

static void
list_ahead_free (ListAhead *ahead)
{
  g_free (ahead->user_id);
  g_free (ahead->today);
  g_clear_pointer (&ahead->rows, json_array_unref);
  g_free (ahead);
}

static gpointer
load_ahead_job (FcStore   *store,
                gpointer   data,
                GError   **error)
{
  ListAhead *ahead = g_new0 (ListAhead, 1);

  ahead->user_id = g_strdup (fc_store_get_user (store));
  ahead->today = today_iso ();
  ahead->rows = fc_queries_facilities (store, ahead->user_id, ahead->today, NULL);
  g_object_set_data_full (G_OBJECT (store), LIST_AHEAD_KEY, ahead, (GDestroyNotify) list_ahead_free);
  return NULL;
}

/**
 * fc_window_load_ahead:
 * @service: the store service the first window will take
 *
 * Opens the store and reads the facility list on the worker while GTK starts
 * and the window is built; the window's first load then shows that list
 * instead of reading it again.
 */
void
fc_window_load_ahead (FcStoreService *service)
{
  g_return_if_fail (FC_IS_STORE_SERVICE (service));
  fc_store_service_run_async (service, load_ahead_job, NULL, NULL, NULL, NULL, NULL, NULL);
}

/* The rows read ahead, if nothing can have changed them since: the first
 * load runs right behind the read-ahead, for the same person and day. */
static JsonArray *
take_list_ahead (FcStore    *store,
                 const char *user_id,
                 const char *today)
{
  ListAhead *ahead = g_object_steal_data (G_OBJECT (store), LIST_AHEAD_KEY);
  JsonArray *rows = NULL;

  if (ahead != NULL && g_strcmp0 (ahead->user_id, user_id) == 0 &&
      g_strcmp0 (ahead->today, today) == 0)
    rows = g_steal_pointer (&ahead->rows);
  g_clear_pointer (&ahead, list_ahead_free);
  return rows;
}

/* The first job: open, list, find the resume point. */
static gpointer
load_job (FcStore   *store,
          gpointer   data,
          GError   **error)
{
  g_autoptr(FcWindowResult) result = g_new0 (FcWindowResult, 1);
  g_autofree char *today = today_iso ();
  g_autofree char *inspection_id = NULL;
  g_autofree char *item_id = NULL;

  result->user_id = g_strdup (fc_store_get_user (store));
  result->rows = take_list_ahead (store, result->user_id, today);
  if (result->rows == NULL)
    result->rows = fc_queries_facilities (store, result->user_id, today, error);
  if (result->rows == NULL)
    return NULL;
  if (fc_inspection_get_resume (store, &inspection_id, &item_id))
    {
      g_autoptr(GError) ignored = NULL;

      /* A resume point whose inspection is gone or finished is not an error. */
      result->walk = fc_walk_load (store, inspection_id, &ignored);
      if (result->walk != NULL && fc_walk_is_finished (result->walk))
        g_clear_pointer (&result->walk, fc_walk_unref);
      result->item_id = g_steal_pointer (&item_id);
    }
  return g_steal_pointer (&result);
}

static void
load_done (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  g_autoptr(FcWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcWindowResult) result = fc_store_service_run_finish (FC_STORE_SERVICE (source), res, &error);

  if (result == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Said on stderr too: a window that shows only its error page is hard to tell from a hang. */
      g_message ("could not open the store: %s", error->message);
      _fc_window_sync_start_later (self);
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->sidebar_stack, "error");
      return;
    }

  _fc_window_sync_start_later (self);
  g_free (self->user_id);
  self->user_id = g_steal_pointer (&result->user_id);
  fc_facilities_page_set_rows (self->facilities_page, result->rows);
  gtk_stack_set_visible_child_name (self->sidebar_stack,
                                    json_array_get_length (result->rows) > 0 ? "list" : "empty");

  if (result->walk != NULL)
    {
      int index = fc_walk_find_item (result->walk, result->item_id);

      if (index < 0)
        index = fc_walk_next_unanswered (result->walk, -1);
      if (index < 0)
        index = 0;
      g_debug ("resumed inspection %s at item %s", fc_walk_get_inspection_id (result->walk),
               fc_walk_get_item (result->walk, (guint) index)->code);
      _fc_window_show_walk (self, result->walk, index);
    }
  else if (json_array_get_length (result->rows) > 0)
    fc_facilities_page_focus_search (self->facilities_page);
  _fc_window_update_actions (self);
}

void
_fc_window_reload_facilities (FcWindow *self)
{
  fc_store_service_run_async (self->service, load_job, NULL, NULL,
                              (GDestroyNotify) fc_window_result_free, self->cancellable,
                              load_done, g_object_ref (self));
}

/* Pages seldom opened are built the first time they are asked for, not with
 * the window: building them all delayed the first frame. */
static const struct
{
  const char *name;
  GType     (*get_type) (void);
} lazy_pages[] = {
  { "facility", fc_facility_page_get_type },
  { "start", fc_start_page_get_type },
  { "finish", fc_finish_page_get_type },
  { "scan", fc_scan_page_get_type },
  { "equipment", fc_equipment_page_get_type },
  { "equipment-list", fc_equipment_register_get_type },
  { "ledger", fc_ledger_page_get_type },
  { "hazard", fc_hazard_page_get_type },
  { "lookback", fc_lookback_page_get_type },
  { "whistle", fc_whistle_page_get_type },
  { "sync", fc_sync_page_get_type },
};

/* Hands a page built on demand the window's services, once they exist. */
static void
setup_lazy_page (FcWindow  *self,
                 GtkWidget *page)
{
  if (self->service != NULL)
    {
      if (FC_IS_EQUIPMENT_REGISTER (page))
        fc_equipment_register_set_service (FC_EQUIPMENT_REGISTER (page), self->service);
      else if (FC_IS_LEDGER_PAGE (page))
        fc_ledger_page_set_service (FC_LEDGER_PAGE (page), self->service);
      else if (FC_IS_HAZARD_PAGE (page))
        fc_hazard_page_set_service (FC_HAZARD_PAGE (page), self->service);
      else if (FC_IS_LOOKBACK_PAGE (page))
        fc_lookback_page_set_service (FC_LOOKBACK_PAGE (page), self->service);
      else if (FC_IS_WHISTLE_PAGE (page))
        fc_whistle_page_set_service (FC_WHISTLE_PAGE (page), self->service);
    }
  if (FC_IS_SYNC_PAGE (page) && self->sync != NULL)
    fc_sync_page_set_service (FC_SYNC_PAGE (page), self->sync);
}

/**
 * _fc_window_get_content_page:
 * @self: the window
 * @name: a page of the main pane
 *
 * Returns: (transfer none) (nullable): the page, built now if it was not yet
 */
GtkWidget *
_fc_window_get_content_page (FcWindow   *self,
                             const char *name)
{
  GtkWidget *page;

  if (name == NULL)
    return NULL;
  page = gtk_stack_get_child_by_name (self->content_stack, name);
  if (page != NULL)
    return page;
  for (gsize i = 0; i < G_N_ELEMENTS (lazy_pages); i++)
    if (g_str_equal (lazy_pages[i].name, name))
      {
        page = g_object_new (lazy_pages[i].get_type (), NULL);
        gtk_stack_add_named (self->content_stack, page, name);
        if (FC_IS_SCAN_PAGE (page))
          _fc_window_scan_setup_page (self, FC_SCAN_PAGE (page));
        setup_lazy_page (self, page);
        return page;
      }
  return NULL;
}

static void
update_titles (FcWindow *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->content_stack);

  if (self->walk != NULL)
    {
      adw_window_title_set_title (self->title, fc_walk_get_facility_name (self->walk));
      adw_window_title_set_subtitle (self->title, _("Inspection in progress"));
    }
  else
    {
      adw_window_title_set_title (self->title, _("Fieldcheck"));
      adw_window_title_set_subtitle (self->title, NULL);
    }

  if (g_strcmp0 (page, "item") == 0 && self->walk != NULL && self->current >= 0)
    {
      const FcWalkItem *item = fc_walk_get_item (self->walk, (guint) self->current);

      adw_window_title_set_title (self->content_title, fc_category_label (item->category));
      adw_window_title_set_subtitle (self->content_title, item->code);
    }
  else if (g_strcmp0 (page, "finish") == 0)
    {
      adw_window_title_set_title (self->content_title, _("Finish and Sign"));
      adw_window_title_set_subtitle (self->content_title,
                                     self->walk ? fc_walk_get_facility_name (self->walk) : NULL);
    }
  else if (g_strcmp0 (page, "start") == 0)
    {
      adw_window_title_set_title (self->content_title, _("New Inspection"));
      adw_window_title_set_subtitle (self->content_title,
                                     fc_facility_page_get_name (_fc_window_facility_page (self)));
    }
  else if (g_strcmp0 (page, "scan") == 0)
    {
      adw_window_title_set_title (self->content_title, _("Scan a Tag"));
      adw_window_title_set_subtitle (self->content_title, NULL);
    }
  else if (g_strcmp0 (page, "equipment") == 0)
    {
      GtkWidget *equipment = gtk_stack_get_visible_child (self->content_stack);

      adw_window_title_set_title (self->content_title,
                                  fc_equipment_page_get_title (FC_EQUIPMENT_PAGE (equipment)));
      adw_window_title_set_subtitle (self->content_title, NULL);
    }
  else if (g_strcmp0 (page, "facility") == 0)
    {
      adw_window_title_set_title (self->content_title,
                                  fc_facility_page_get_name (_fc_window_facility_page (self)));
      adw_window_title_set_subtitle (self->content_title, NULL);
    }
  else if (_fc_window_ledger_update_title (self, page))
    ;
  else if (_fc_window_equipment_update_title (self, page))
    ;
  else if (_fc_window_sync_update_title (self, page))
    ;
  else
    {
      adw_window_title_set_title (self->content_title, "");
      adw_window_title_set_subtitle (self->content_title, NULL);
    }
}

static void
show_content (FcWindow   *self,
              const char *page)
{
  _fc_window_get_content_page (self, page);
  gtk_stack_set_visible_child_name (self->content_stack, page);
  adw_leaflet_set_visible_child_name (self->leaflet, "content");
  update_titles (self);
  _fc_window_update_actions (self);
}

void
_fc_window_show_page (FcWindow   *self,
                      const char *page)
{
  show_content (self, page);
}

typedef struct
{
  char *inspection_id;
  char *item_id;
} ResumePoint;

static void
resume_point_free (ResumePoint *point)
{
  g_free (point->inspection_id);
  g_free (point->item_id);
  g_free (point);
}

static gpointer
resume_job (FcStore   *store,
            gpointer   data,
            GError   **error)
{
  ResumePoint *point = data;

  if (!fc_inspection_set_resume (store, point->inspection_id, point->item_id, error))
    return NULL;
  return GINT_TO_POINTER (1);
}

/* Moves this device's resume point to the item on screen, off the main loop. */
static void
remember_position (FcWindow *self)
{
  ResumePoint *point = g_new0 (ResumePoint, 1);

  point->inspection_id = g_strdup (fc_walk_get_inspection_id (self->walk));
  if (self->current >= 0)
    point->item_id = g_strdup (fc_walk_get_item (self->walk, (guint) self->current)->item_id);
  fc_store_service_run_async (self->service, resume_job, point, (GDestroyNotify) resume_point_free,
                              NULL, NULL, NULL, NULL);
}

void
_fc_window_show_item (FcWindow *self,
                      int       index)
{
  g_return_if_fail (self->walk != NULL);

  if (index < 0 || (guint) index >= fc_walk_get_n_items (self->walk))
    return;
  self->current = index;
  /* The page and its actions first, so the answer buttons can take the focus. */
  gtk_stack_set_visible_child_name (self->content_stack, "item");
  _fc_window_update_actions (self);
  fc_item_page_set_item (self->item_page, self->walk, (guint) index);
  fc_walk_overview_set_walk (self->overview, self->walk, index);
  g_debug ("showing item %s", fc_walk_get_item (self->walk, (guint) index)->code);
  show_content (self, "item");
  remember_position (self);
}

/**
 * _fc_window_show_walk:
 * @self: the window
 * @walk: the walk to show from now on
 * @index: the item to show, or -1 to keep the page on screen
 */
void
_fc_window_show_walk (FcWindow *self,
                      FcWalk   *walk,
                      int       index)
{
  if (walk != self->walk)
    {
      g_clear_pointer (&self->walk, fc_walk_unref);
      self->walk = fc_walk_ref (walk);
    }
  gtk_stack_set_visible_child_name (self->sidebar_stack, "overview");
  gtk_widget_set_visible (self->facilities_button, TRUE);
  if (index >= 0)
    _fc_window_show_item (self, index);
  else
    {
      fc_walk_overview_set_walk (self->overview, self->walk, self->current);
      update_titles (self);
      _fc_window_update_actions (self);
    }
}

static gpointer
summary_job (FcStore   *store,
             gpointer   data,
             GError   **error)
{
  FcWindowRequest *request = data;
  g_autoptr(FcWindowResult) result = g_new0 (FcWindowResult, 1);

  result->object = fc_inspection_summary (store, request->inspection_id, error);
  if (result->object == NULL)
    return NULL;
  return g_steal_pointer (&result);
}

static void
summary_done (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  g_autoptr(FcWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcWindowResult) result = fc_store_service_run_finish (FC_STORE_SERVICE (source), res, &error);

  if (result == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _fc_window_toast (self, error->message);
      return;
    }
  fc_finish_page_set_summary (_fc_window_finish_page (self), result->object);
  show_content (self, "finish");
}

void
_fc_window_show_finish (FcWindow *self)
{
  FcWindowRequest *request;

  g_return_if_fail (self->walk != NULL);

  request = fc_window_request_new ();
  request->inspection_id = g_strdup (fc_walk_get_inspection_id (self->walk));
  fc_store_service_run_async (self->service, summary_job, request,
                              (GDestroyNotify) fc_window_request_free,
                              (GDestroyNotify) fc_window_result_free, self->cancellable,
                              summary_done, g_object_ref (self));
}

static gpointer
facility_job (FcStore   *store,
              gpointer   data,
              GError   **error)
{
  FcWindowRequest *request = data;
  g_autoptr(FcWindowResult) result = g_new0 (FcWindowResult, 1);
  g_autofree char *today = today_iso ();

  result->object = fc_queries_facility (store, request->facility_id, today, error);
  if (result->object == NULL)
    return NULL;
  result->text = fc_inspection_open_for (store, request->facility_id, NULL);
  return g_steal_pointer (&result);
}

static void
facility_done (GObject      *source,
               GAsyncResult *res,
               gpointer      user_data)
{
  g_autoptr(FcWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcWindowResult) result = fc_store_service_run_finish (FC_STORE_SERVICE (source), res, &error);

  if (result == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _fc_window_toast (self, error->message);
      return;
    }
  g_free (self->open_inspection_id);
  self->open_inspection_id = g_steal_pointer (&result->text);
  fc_facility_page_set_facility (_fc_window_facility_page (self), result->object,
                                 self->open_inspection_id);
  show_content (self, "facility");
}

void
_fc_window_open_facility (FcWindow   *self,
                          const char *facility_id)
{
  FcWindowRequest *request = fc_window_request_new ();

  g_free (self->facility_id);
  self->facility_id = g_strdup (facility_id);
  request->facility_id = g_strdup (facility_id);
  fc_store_service_run_async (self->service, facility_job, request,
                              (GDestroyNotify) fc_window_request_free,
                              (GDestroyNotify) fc_window_result_free, self->cancellable,
                              facility_done, g_object_ref (self));
}

static void
on_facility_activated_cb (FcWindow   *self,
                          const char *facility_id)
{
  _fc_window_open_facility (self, facility_id);
}

static void
on_folded_changed_cb (FcWindow *self)
{
  _fc_window_update_actions (self);
}

static void
fc_window_dispose (GObject *object)
{
  FcWindow *self = FC_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->chooser);
  g_clear_pointer (&self->walk, fc_walk_unref);
  g_clear_pointer (&self->scan_outcome, json_object_unref);
  g_clear_object (&self->burst);
  if (self->hazard_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->hazard_dialog));
  _fc_window_sync_dispose (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), FC_TYPE_WINDOW);
  g_clear_object (&self->service);
  G_OBJECT_CLASS (fc_window_parent_class)->dispose (object);
}

static void
fc_window_finalize (GObject *object)
{
  FcWindow *self = FC_WINDOW (object);

  g_free (self->user_id);
  g_free (self->facility_id);
  g_free (self->open_inspection_id);
  G_OBJECT_CLASS (fc_window_parent_class)->finalize (object);
}

static void
fc_window_class_init (FcWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fc_window_dispose;
  object_class->finalize = fc_window_finalize;

  g_type_ensure (FC_TYPE_FACILITIES_PAGE);
  g_type_ensure (FC_TYPE_WALK_OVERVIEW);
  g_type_ensure (FC_TYPE_ITEM_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/fieldcheck/Fieldcheck/fc-window.ui");
  /* GTK 4.8 animates a spinner its stack no longer shows, which keeps the
   * frame clock ticking: it spins while it is on screen only. */
  gtk_widget_class_bind_template_callback_full (widget_class, "gtk_spinner_start",
                                                G_CALLBACK (gtk_spinner_start));
  gtk_widget_class_bind_template_callback_full (widget_class, "gtk_spinner_stop",
                                                G_CALLBACK (gtk_spinner_stop));
  gtk_widget_class_bind_template_child (widget_class, FcWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, FcWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, FcWindow, title);
  gtk_widget_class_bind_template_child (widget_class, FcWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, FcWindow, facilities_button);
  gtk_widget_class_bind_template_child (widget_class, FcWindow, sidebar_stack);
  gtk_widget_class_bind_template_child (widget_class, FcWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, FcWindow, facilities_page);
  gtk_widget_class_bind_template_child (widget_class, FcWindow, overview);
  gtk_widget_class_bind_template_child (widget_class, FcWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, FcWindow, item_page);
  gtk_widget_class_bind_template_callback (widget_class, on_facility_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_folded_changed_cb);

  _fc_window_class_actions_init (klass);
  _fc_window_class_scan_init (klass);
  _fc_window_class_ledger_init (klass);
  _fc_window_class_equipment_init (klass);
  _fc_window_class_sync_init (klass);
  _fc_window_class_sign_in_init (klass);
}

static void
fc_window_init (FcWindow *self)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();

  self->cancellable = g_cancellable_new ();
  self->current = -1;

  gtk_widget_init_template (GTK_WIDGET (self));
  _fc_window_scan_init (self);

  schema = source ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;
  if (schema != NULL)
    {
      self->settings = g_settings_new (APP_ID);
      g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
    }
}

FcWindow *
fc_window_new (FcApplication *app)
{
  FcWindow *self = g_object_new (FC_TYPE_WINDOW, "application", app, NULL);
  const char *path = fc_application_get_db_path (app);
  g_autofree char *subtitle = NULL;

  self->service = fc_application_take_store_service (app);
  /* The list is the first job: the sync and sign-in reads queue behind it. */
  _fc_window_reload_facilities (self);
  _fc_window_photos_init (self);
  _fc_window_sync_init (self);
  _fc_window_sign_in_init (self);
  /* Pages a getter asked for before the services existed. */
  for (gsize i = 0; i < G_N_ELEMENTS (lazy_pages); i++)
    {
      GtkWidget *page = gtk_stack_get_child_by_name (self->content_stack, lazy_pages[i].name);

      if (page != NULL)
        setup_lazy_page (self, page);
    }
  subtitle = fc_application_get_demo (app) ? g_strdup (_("Demo district"))
                                           : g_filename_display_basename (path);
  adw_window_title_set_subtitle (self->title, subtitle);
  _fc_window_update_actions (self);
  return self;
}

/* Returns: (transfer none): every facility loaded, before search and filters */
GListModel *
fc_window_get_facilities (FcWindow *self)
{
  g_return_val_if_fail (FC_IS_WINDOW (self), NULL);
  return fc_facilities_page_get_all (self->facilities_page);
}

/**
 * fc_window_get_state:
 * @self: the window
 *
 * Returns: the side pane: "loading", "error", "empty", "list" or "overview"
 */
const char *
fc_window_get_state (FcWindow *self)
{
  g_return_val_if_fail (FC_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->sidebar_stack);
}

/* Returns: the main pane: "none", "facility", "start", "item", "finish", "scan" or "equipment" */
const char *
fc_window_get_page (FcWindow *self)
{
  g_return_val_if_fail (FC_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->content_stack);
}

/* Returns: store jobs not finished yet, and the sync service's start until it
 * is asked for; tests wait for none */
guint
fc_window_get_pending (FcWindow *self)
{
  g_return_val_if_fail (FC_IS_WINDOW (self), 0);
  return (self->service ? fc_store_service_get_pending (self->service) : 0) +
         (self->sync_start_id != 0 ? 1 : 0);
}

/* Returns: (transfer none) (nullable): the walk on screen */
FcWalk *
fc_window_get_walk (FcWindow *self)
{
  g_return_val_if_fail (FC_IS_WINDOW (self), NULL);
  return self->walk;
}

/* Returns: the index of the item on screen, or -1 */
int
fc_window_get_current (FcWindow *self)
{
  g_return_val_if_fail (FC_IS_WINDOW (self), -1);
  return self->current;
}

/* Returns: (transfer none): a page of the window, by name as fc_window_get_page() gives it,
 * or "list" for the facilities */
GtkWidget *
fc_window_get_page_widget (FcWindow   *self,
                           const char *name)
{
  g_return_val_if_fail (FC_IS_WINDOW (self), NULL);

  if (g_strcmp0 (name, "list") == 0)
    return GTK_WIDGET (self->facilities_page);
  if (g_strcmp0 (name, "overview") == 0)
    return GTK_WIDGET (self->overview);
  return _fc_window_get_content_page (self, name);
}

/* Returns: (transfer none) (nullable): the record-hazard dialog while it is open */
GtkWindow *
fc_window_get_hazard_dialog (FcWindow *self)
{
  g_return_val_if_fail (FC_IS_WINDOW (self), NULL);
  return self->hazard_dialog ? GTK_WINDOW (self->hazard_dialog) : NULL;
}
