/* fc-window.c: the main window
 *
 * The store is opened, and the demo district filled on first use, on a worker
 * thread; the main loop only shows progress and then the facilities.
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>

#include "fc-demo.h"
#include "fc-facility-item.h"
#include "fc-queries.h"
#include "fc-store.h"
#include "fc-window.h"

struct _FcWindow
{
  AdwApplicationWindow  parent_instance;

  GtkStack             *stack;
  AdwWindowTitle       *title;
  AdwStatusPage        *error_page;
  GtkSearchEntry       *search_entry;
  GtkListView          *facility_list;
  GtkStringFilter      *search_filter;
  GListStore           *facilities;
  GCancellable         *cancellable;
  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (FcWindow, fc_window, ADW_TYPE_APPLICATION_WINDOW)

typedef struct
{
  char     *path;
  gboolean  demo;
} LoadRequest;

static void
load_request_free (LoadRequest *request)
{
  g_free (request->path);
  g_free (request);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadRequest *request = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *dir = g_path_get_dirname (request->path);
  g_autoptr(JsonArray) rows = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (errno),
                               _("Cannot create the folder “%s”"), dir);
      return;
    }

  store = fc_store_open (request->path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  rows = fc_queries_facilities (store, fc_store_get_user (store), today, &error);
  if (rows != NULL && request->demo && json_array_get_length (rows) == 0)
    {
      g_clear_pointer (&rows, json_array_unref);
      if (fc_demo_generate (store, today, 2026, NULL, &error))
        rows = fc_queries_facilities (store, fc_store_get_user (store), today, &error);
    }
  if (rows == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&rows), (GDestroyNotify) json_array_unref);
}

static void
load_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  FcWindow *self = FC_WINDOW (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) rows = g_task_propagate_pointer (G_TASK (result), &error);

  if (rows == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      g_autoptr(FcFacilityItem) item =
        fc_facility_item_new_from_row (json_array_get_object_element (rows, i));

      g_list_store_append (self->facilities, item);
    }
  gtk_stack_set_visible_child_name (self->stack, json_array_get_length (rows) > 0 ? "list" : "empty");
  if (json_array_get_length (rows) > 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->facility_list));
}

static void
start_loading (FcWindow      *self,
               FcApplication *app)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, load_done, NULL);
  LoadRequest *request = g_new0 (LoadRequest, 1);
  g_autofree char *subtitle = NULL;

  request->path = g_strdup (fc_application_get_db_path (app));
  request->demo = fc_application_get_demo (app);
  subtitle = request->demo ? g_strdup (_("Demo district"))
                           : g_filename_display_basename (request->path);
  adw_window_title_set_subtitle (self->title, subtitle);

  g_task_set_task_data (task, request, (GDestroyNotify) load_request_free);
  g_task_run_in_thread (task, load_thread);
}

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  FcWindow *self = FC_WINDOW (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
on_search_changed (FcWindow       *self,
                   GtkSearchEntry *entry)
{
  gtk_string_filter_set_search (self->search_filter,
                                gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
fc_window_dispose (GObject *object)
{
  FcWindow *self = FC_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->facilities);
  gtk_widget_dispose_template (GTK_WIDGET (self), FC_TYPE_WINDOW);
  G_OBJECT_CLASS (fc_window_parent_class)->dispose (object);
}

static void
fc_window_class_init (FcWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fc_window_dispose;

  g_type_ensure (FC_TYPE_FACILITY_ITEM);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/fieldcheck/Fieldcheck/fc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FcWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, FcWindow, title);
  gtk_widget_class_bind_template_child (widget_class, FcWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, FcWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, FcWindow, facility_list);
  gtk_widget_class_bind_template_child (widget_class, FcWindow, search_filter);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);

  gtk_widget_class_install_action (widget_class, "win.focus-search", NULL, focus_search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "win.focus-search", NULL);
}

static void
fc_window_init (FcWindow *self)
{
  GtkFilterListModel *filtered;
  g_autoptr(GSettingsSchema) schema = NULL;
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();

  self->facilities = g_list_store_new (FC_TYPE_FACILITY_ITEM);
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->facilities)),
                                        GTK_FILTER (g_object_ref (self->search_filter)));
  gtk_list_view_set_model (self->facility_list,
                           GTK_SELECTION_MODEL (gtk_single_selection_new (G_LIST_MODEL (filtered))));

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

  start_loading (self, app);
  return self;
}

/**
 * fc_window_get_facilities:
 * @self: the window
 *
 * Returns: (transfer none): every facility loaded, before the search filter
 */
GListModel *
fc_window_get_facilities (FcWindow *self)
{
  g_return_val_if_fail (FC_IS_WINDOW (self), NULL);
  return G_LIST_MODEL (self->facilities);
}

/**
 * fc_window_get_state:
 * @self: the window
 *
 * Returns: "loading", "error", "empty" or "list"
 */
const char *
fc_window_get_state (FcWindow *self)
{
  g_return_val_if_fail (FC_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}
