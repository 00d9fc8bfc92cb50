/* fc-ledger-page.c: the rectification ledger (隐患整改台账) — the whole district or one institution
 *
 * Every change of a filter asks the store worker for one page of rows in
 * deadline order, with the counts of the whole selection; the query on screen
 * is cancelled when another replaces it, so a slow answer never overwrites a
 * newer one. "Show more" appends the next page. Exports run the same filter
 * without a limit, on the worker too. Activating a row opens the hazard
 * through win.open-hazard.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fc-ledger-export.h"
#include "fc-ledger-item.h"
#include "fc-ledger-page.h"
#include "fc-queries.h"
#include "fc-report-periodic.h"

#define PAGE_SIZE 200

struct _FcLedgerPage
{
  GtkWidget             parent_instance;

  GtkWidget            *box;
  GtkSearchEntry       *search_entry;
  GtkDropDown          *level_filter;
  GtkDropDown          *status_filter;
  GtkDropDown          *category_filter;
  GtkDropDown          *town_filter;
  GtkDropDown          *leader_filter;
  GtkDropDown          *department_filter;
  GtkDropDown          *cadre_filter;
  GtkToggleButton      *overdue_filter;
  GtkToggleButton      *supervised_filter;
  GtkToggleButton      *descending_toggle;
  GtkLabel             *summary_label;
  GtkStack             *stack;
  GtkListView          *list;
  GtkButton            *more_button;

  FcStoreService       *service;
  GCancellable         *cancellable;        /* every job; cancelled in dispose */
  GCancellable         *query_cancellable;  /* the query on screen */
  GListStore           *rows;
  JsonObject           *choices;
  char                 *facility_id;
  char                 *facility_name;
  char                 *subtitle;
  gint64                total;
  gint64                overdue;
  gboolean              filling;            /* the filters are being refilled */
  GtkFileChooserNative *chooser;
  char                 *export_kind;
};

G_DEFINE_FINAL_TYPE (FcLedgerPage, fc_ledger_page, GTK_TYPE_WIDGET)

typedef struct
{
  FcLedgerFilter  filter;
  char           *facility_id;
  char           *town;
  char           *area_leader_id;
  char           *line_department;
  char           *point_cadre_id;
  char           *search;
  char           *today;
  gboolean        with_choices;
  char           *kind;      /* exports: xlsx, csv, weekly, monthly */
  char           *path;
  char           *title;
} LedgerRequest;

typedef struct
{
  FcLedger   *ledger;
  gint64      total;
  gint64      overdue;
  JsonObject *choices;
  guint       offset;
  char       *message;
} LedgerResult;

static void
ledger_request_free (LedgerRequest *request)
{
  g_free (request->facility_id);
  g_free (request->town);
  g_free (request->area_leader_id);
  g_free (request->line_department);
  g_free (request->point_cadre_id);
  g_free (request->search);
  g_free (request->today);
  g_free (request->kind);
  g_free (request->path);
  g_free (request->title);
  g_free (request);
}

static void
ledger_result_free (LedgerResult *result)
{
  g_clear_pointer (&result->ledger, fc_ledger_free);
  g_clear_pointer (&result->choices, json_object_unref);
  g_free (result->message);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LedgerResult, ledger_result_free)

static char *
today_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

static void
toast (FcLedgerPage *self,
       const char   *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  AdwToast *t;

  if (overlay == NULL)
    {
      g_message ("%s", message);
      return;
    }
  t = adw_toast_new (message);
  adw_toast_set_timeout (t, 4);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), t);
}

/* Filters */

static void
set_strings (GtkDropDown        *drop_down,
             const char * const *strings)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (strings);

  gtk_drop_down_set_model (drop_down, G_LIST_MODEL (model));
  gtk_drop_down_set_selected (drop_down, 0);
}

static void
fill_static_filters (FcLedgerPage *self)
{
  g_autoptr(GPtrArray) strings = g_ptr_array_new ();

  g_ptr_array_add (strings, (gpointer) _("Any level"));
  for (guint i = 0; i < FC_N_HAZARD_LEVELS; i++)
    g_ptr_array_add (strings, (gpointer) fc_hazard_level_label ((FcHazardLevel) i));
  g_ptr_array_add (strings, NULL);
  set_strings (self->level_filter, (const char * const *) strings->pdata);

  g_ptr_array_set_size (strings, 0);
  g_ptr_array_add (strings, (gpointer) _("Any status"));
  /* Translators: a ledger filter: every status but closed out */
  g_ptr_array_add (strings, (gpointer) _("Not closed out"));
  for (guint i = 0; i < FC_N_HAZARD_STATUSES; i++)
    g_ptr_array_add (strings, (gpointer) fc_hazard_status_label ((FcHazardStatus) i));
  g_ptr_array_add (strings, NULL);
  set_strings (self->status_filter, (const char * const *) strings->pdata);

  g_ptr_array_set_size (strings, 0);
  g_ptr_array_add (strings, (gpointer) _("Any category"));
  for (guint i = 0; i < FC_N_CATEGORIES; i++)
    g_ptr_array_add (strings, (gpointer) fc_category_label ((FcCategory) i));
  g_ptr_array_add (strings, NULL);
  set_strings (self->category_filter, (const char * const *) strings->pdata);
}

static void
fill_choice (GtkDropDown *drop_down,
             JsonObject  *choices,
             const char  *member,
             const char  *any)
{
  JsonArray *rows = json_object_get_array_member (choices, member);
  g_autoptr(GPtrArray) strings = g_ptr_array_new ();

  g_ptr_array_add (strings, (gpointer) any);
  for (guint i = 0; rows != NULL && i < json_array_get_length (rows); i++)
    g_ptr_array_add (strings, (gpointer) json_object_get_string_member_with_default (
                       json_array_get_object_element (rows, i), "name", "—"));
  g_ptr_array_add (strings, NULL);
  set_strings (drop_down, (const char * const *) strings->pdata);
}

static void
fill_choices (FcLedgerPage *self,
              JsonObject   *choices)
{
  g_clear_pointer (&self->choices, json_object_unref);
  self->choices = json_object_ref (choices);
  self->filling = TRUE;
  fill_choice (self->town_filter, choices, "towns", _("Any town"));
  fill_choice (self->leader_filter, choices, "area_leaders", _("Any area leader"));
  fill_choice (self->department_filter, choices, "line_departments", _("Any line department"));
  fill_choice (self->cadre_filter, choices, "point_cadres", _("Any point cadre"));
  self->filling = FALSE;
}

/* Returns: (nullable): the member @key of the choice selected in @drop_down */
static const char *
chosen (FcLedgerPage *self,
        GtkDropDown  *drop_down,
        const char   *member,
        const char   *key)
{
  guint selected = gtk_drop_down_get_selected (drop_down);
  JsonArray *rows;

  if (self->choices == NULL || selected == GTK_INVALID_LIST_POSITION || selected == 0)
    return NULL;
  rows = json_object_get_array_member (self->choices, member);
  if (rows == NULL || selected - 1 >= json_array_get_length (rows))
    return NULL;
  return json_object_get_string_member_with_default (json_array_get_object_element (rows, selected - 1),
                                                     key, NULL);
}

static LedgerRequest *
build_request (FcLedgerPage *self,
               guint         offset,
               guint         limit)
{
  LedgerRequest *request = g_new0 (LedgerRequest, 1);
  FcLedgerFilter *filter = &request->filter;
  guint level = gtk_drop_down_get_selected (self->level_filter);
  guint status = gtk_drop_down_get_selected (self->status_filter);
  guint category = gtk_drop_down_get_selected (self->category_filter);
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  request->facility_id = g_strdup (self->facility_id);
  request->town = g_strdup (chosen (self, self->town_filter, "towns", "name"));
  request->area_leader_id = g_strdup (chosen (self, self->leader_filter, "area_leaders", "id"));
  request->line_department = g_strdup (chosen (self, self->department_filter, "line_departments", "name"));
  request->point_cadre_id = g_strdup (chosen (self, self->cadre_filter, "point_cadres", "id"));
  request->search = search != NULL && *search != '\0' ? g_strdup (search) : NULL;
  request->today = today_iso ();

  filter->facility_id = request->facility_id;
  if (level != GTK_INVALID_LIST_POSITION && level > 0)
    filter->levels = 1u << (level - 1);
  if (status == 1)
    filter->statuses = ((1u << FC_N_HAZARD_STATUSES) - 1) & ~(1u << FC_HAZARD_CLOSED);
  else if (status != GTK_INVALID_LIST_POSITION && status > 1)
    filter->statuses = 1u << (status - 2);
  if (category != GTK_INVALID_LIST_POSITION && category > 0)
    filter->categories = 1u << (category - 1);
  filter->town = request->town;
  filter->area_leader_id = request->area_leader_id;
  filter->line_department = request->line_department;
  filter->point_cadre_id = request->point_cadre_id;
  filter->overdue_only = gtk_toggle_button_get_active (self->overdue_filter);
  filter->supervised_only = gtk_toggle_button_get_active (self->supervised_filter);
  filter->search = request->search;
  filter->today = request->today;
  filter->sort = FC_LEDGER_SORT_DEADLINE;
  filter->descending = gtk_toggle_button_get_active (self->descending_toggle);
  filter->offset = offset;
  filter->limit = limit;
  return request;
}

/* Querying */

static gpointer
query_job (FcStore   *store,
           gpointer   data,
           GError   **error)
{
  LedgerRequest *request = data;
  g_autoptr(LedgerResult) result = g_new0 (LedgerResult, 1);

  if (request->with_choices)
    {
      result->choices = fc_queries_ledger_choices (store, error);
      if (result->choices == NULL)
        return NULL;
    }
  result->ledger = fc_ledger_query (store, &request->filter, error);
  if (result->ledger == NULL)
    return NULL;
  result->offset = request->filter.offset;
  if (!fc_ledger_counts (store, &request->filter, &result->total, &result->overdue, error))
    return NULL;
  return g_steal_pointer (&result);
}

static void
update_summary (FcLedgerPage *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  g_autofree char *text = NULL;
  g_autofree char *more = NULL;

  /* Translators: the ledger's summary: hazards selected, of them overdue */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%ld hazard, %ld overdue",
                                       "%ld hazards, %ld overdue", (gulong) self->total),
                          (long) self->total, (long) self->overdue);
  gtk_label_set_text (self->summary_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->more_button), (gint64) shown < self->total);
  /* Translators: the button under the ledger's list: rows shown, rows selected */
  more = g_strdup_printf (_("Show More (%u of %ld)"), shown, (long) self->total);
  gtk_button_set_label (self->more_button, more);
  gtk_stack_set_visible_child_name (self->stack, shown > 0 ? "list" : "nothing");
}

static void
query_done (GObject      *source,
            GAsyncResult *res,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LedgerResult) result = fc_store_service_run_finish (FC_STORE_SERVICE (source), res, &error);
  FcLedgerPage *self;
  g_autoptr(GPtrArray) items = NULL;

  /* Cancelled: the page is gone or a newer query replaced this one. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = FC_LEDGER_PAGE (user_data);
  if (result == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "nothing");
      gtk_label_set_text (self->summary_label, error->message);
      toast (self, error->message);
      return;
    }
  if (result->choices != NULL)
    fill_choices (self, result->choices);

  items = g_ptr_array_new_full (result->ledger->len, g_object_unref);
  for (guint i = 0; i < result->ledger->len; i++)
    g_ptr_array_add (items, fc_ledger_item_new (&result->ledger->rows[i]));
  if (result->offset == 0)
    g_list_store_splice (self->rows, 0, g_list_model_get_n_items (G_LIST_MODEL (self->rows)),
                         items->pdata, items->len);
  else
    g_list_store_splice (self->rows, g_list_model_get_n_items (G_LIST_MODEL (self->rows)), 0,
                         items->pdata, items->len);
  self->total = result->total;
  self->overdue = result->overdue;
  update_summary (self);
}

static void
run_query (FcLedgerPage *self,
           guint         offset,
           gboolean      with_choices)
{
  LedgerRequest *request;

  if (self->service == NULL)
    return;
  g_cancellable_cancel (self->query_cancellable);
  g_clear_object (&self->query_cancellable);
  self->query_cancellable = g_cancellable_new ();

  request = build_request (self, offset, PAGE_SIZE);
  request->with_choices = with_choices;
  if (offset == 0 && g_list_model_get_n_items (G_LIST_MODEL (self->rows)) == 0)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  fc_store_service_run_async (self->service, query_job, request, (GDestroyNotify) ledger_request_free,
                              (GDestroyNotify) ledger_result_free, self->query_cancellable,
                              query_done, self);
}

/**
 * fc_ledger_page_reload:
 * @self: the page
 *
 * Reads the first page of rows again, as after a change in the store.
 */
void
fc_ledger_page_reload (FcLedgerPage *self)
{
  g_return_if_fail (FC_IS_LEDGER_PAGE (self));
  run_query (self, 0, self->choices == NULL);
}

static void
on_filter_changed_cb (FcLedgerPage *self)
{
  /* Nothing to show before the window chose the scope. */
  if (self->filling || self->service == NULL || self->subtitle == NULL)
    return;
  run_query (self, 0, FALSE);
}

static void
on_list_activate_cb (FcLedgerPage *self,
                     guint         position)
{
  g_autoptr(FcLedgerItem) item = g_list_model_get_item (G_LIST_MODEL (self->rows), position);

  if (item != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.open-hazard", "s", fc_ledger_item_get_id (item));
}

static void
more_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FcLedgerPage *self = FC_LEDGER_PAGE (widget);

  run_query (self, g_list_model_get_n_items (G_LIST_MODEL (self->rows)), FALSE);
}

/* Exporting */

static gpointer
export_job (FcStore   *store,
            gpointer   data,
            GError   **error)
{
  LedgerRequest *request = data;
  g_autoptr(LedgerResult) result = g_new0 (LedgerResult, 1);
  g_autofree char *name = g_filename_display_basename (request->path);
  gboolean ok;

  if (g_str_equal (request->kind, "weekly") || g_str_equal (request->kind, "monthly"))
    ok = fc_report_periodic_write (store, g_str_equal (request->kind, "weekly") ? FC_REPORT_WEEKLY
                                                                                : FC_REPORT_MONTHLY,
                                   request->today, request->path, error);
  else
    {
      g_autoptr(FcLedger) ledger = fc_ledger_query (store, &request->filter, error);

      if (ledger == NULL)
        return NULL;
      if (g_str_equal (request->kind, "csv"))
        ok = fc_ledger_export_csv (ledger, request->path, error);
      else
        ok = fc_ledger_export_xlsx (ledger, request->path, request->title, error);
    }
  if (!ok)
    return NULL;
  /* Translators: a toast after an export; %s is the file's name */
  result->message = g_strdup_printf (_("Saved as %s"), name);
  return g_steal_pointer (&result);
}

static void
export_done (GObject      *source,
             GAsyncResult *res,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LedgerResult) result = fc_store_service_run_finish (FC_STORE_SERVICE (source), res, &error);
  FcLedgerPage *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = FC_LEDGER_PAGE (user_data);
  toast (self, result != NULL ? result->message : error->message);
}

static gboolean
valid_kind (const char *kind)
{
  return g_strcmp0 (kind, "xlsx") == 0 || g_strcmp0 (kind, "csv") == 0 ||
         g_strcmp0 (kind, "weekly") == 0 || g_strcmp0 (kind, "monthly") == 0;
}

static void
export_to (FcLedgerPage *self,
           const char   *kind,
           const char   *path)
{
  LedgerRequest *request;

  if (self->service == NULL || !valid_kind (kind))
    return;
  request = build_request (self, 0, 0);
  request->kind = g_strdup (kind);
  request->path = g_strdup (path);
  /* Translators: the title printed on the Excel ledger's pages; %s is the district or institution */
  request->title = g_strdup_printf (_("Hazard Rectification Ledger — %s"), self->subtitle);
  fc_store_service_run_async (self->service, export_job, request, (GDestroyNotify) ledger_request_free,
                              (GDestroyNotify) ledger_result_free, self->cancellable,
                              export_done, self);
}

static void
export_to_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  const char *kind = NULL;
  const char *path = NULL;

  g_variant_get (parameter, "(&s&s)", &kind, &path);
  export_to (FC_LEDGER_PAGE (widget), kind, path);
}

static void
on_chooser_response_cb (GtkNativeDialog *chooser,
                        int              response,
                        FcLedgerPage    *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path != NULL)
        export_to (self, self->export_kind, path);
    }
  g_clear_object (&self->chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FcLedgerPage *self = FC_LEDGER_PAGE (widget);
  const char *kind = g_variant_get_string (parameter, NULL);
  g_autofree char *day = today_iso ();
  g_autofree char *name = NULL;
  const char *title;

  if (!valid_kind (kind))
    return;
  g_free (self->export_kind);
  self->export_kind = g_strdup (kind);
  if (g_str_equal (kind, "weekly"))
    {
      title = _("Save the Weekly Dispatch");
      /* Translators: a file name; %s is the day */
      name = g_strdup_printf (_("weekly dispatch %s.pdf"), day);
    }
  else if (g_str_equal (kind, "monthly"))
    {
      title = _("Save the Monthly Bulletin");
      /* Translators: a file name; %s is the day */
      name = g_strdup_printf (_("monthly bulletin %s.pdf"), day);
    }
  else
    {
      title = _("Export the Ledger");
      /* Translators: a file name: the district or institution, the day, the extension */
      name = g_strdup_printf (_("%s ledger %s.%s"), self->subtitle, day, kind);
    }
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (gtk_widget_get_root (widget)),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* Rows */

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *end = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *badge = gtk_label_new (NULL);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);
  GtkWidget *status = gtk_label_new (NULL);
  GtkWidget *deadline = gtk_label_new (NULL);

  gtk_widget_add_css_class (row, "ledger-row");
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (badge, "badge");
  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_set_valign (text, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  /* Two lines before the description is cut: large text on a handheld
   * would otherwise show only its first words. */
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (title), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (title), 2);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_set_valign (end, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (status), 1);
  gtk_label_set_xalign (GTK_LABEL (deadline), 1);
  gtk_box_append (GTK_BOX (text), title);
  gtk_box_append (GTK_BOX (text), subtitle);
  gtk_box_append (GTK_BOX (end), status);
  gtk_box_append (GTK_BOX (end), deadline);
  gtk_box_append (GTK_BOX (row), badge);
  gtk_box_append (GTK_BOX (row), text);
  gtk_box_append (GTK_BOX (row), end);
  g_object_set_data (G_OBJECT (row), "badge", badge);
  g_object_set_data (G_OBJECT (row), "title", title);
  g_object_set_data (G_OBJECT (row), "subtitle", subtitle);
  g_object_set_data (G_OBJECT (row), "status", status);
  g_object_set_data (G_OBJECT (row), "deadline", deadline);
  gtk_list_item_set_child (list_item, row);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  FcLedgerItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *row = gtk_list_item_get_child (list_item);
  GtkWidget *badge = g_object_get_data (G_OBJECT (row), "badge");
  GtkWidget *deadline = g_object_get_data (G_OBJECT (row), "deadline");
  FcHazardLevel level = fc_ledger_item_get_level (item);
  gboolean overdue = fc_ledger_item_get_overdue (item);
  const char *day = fc_ledger_item_get_deadline (item);
  g_autofree char *subtitle = NULL;
  g_autofree char *status = NULL;
  g_autofree char *when = NULL;
  g_autofree char *label = NULL;

  gtk_label_set_text (GTK_LABEL (badge), fc_hazard_level_label (level));
  gtk_widget_remove_css_class (badge, "badge-major");
  gtk_widget_remove_css_class (badge, "badge-general");
  gtk_widget_add_css_class (badge, level == FC_HAZARD_LEVEL_MAJOR ? "badge-major" : "badge-general");
  gtk_label_set_text (GTK_LABEL (g_object_get_data (G_OBJECT (row), "title")),
                      fc_ledger_item_get_description (item));
  /* Translators: a ledger row's second line: institution · category */
  subtitle = g_strdup_printf (_("%s · %s"), fc_ledger_item_get_facility_name (item),
                              fc_category_label (fc_ledger_item_get_category (item)));
  gtk_label_set_text (GTK_LABEL (g_object_get_data (G_OBJECT (row), "subtitle")), subtitle);
  if (fc_ledger_item_get_supervised (item))
    /* Translators: a ledger row's status, under listed supervision (挂牌督办) */
    status = g_strdup_printf (_("%s · Supervised"), fc_hazard_status_label (fc_ledger_item_get_status (item)));
  else
    status = g_strdup (fc_hazard_status_label (fc_ledger_item_get_status (item)));
  gtk_label_set_text (GTK_LABEL (g_object_get_data (G_OBJECT (row), "status")), status);

  if (day == NULL)
    when = g_strdup (_("No deadline"));
  else if (overdue)
    /* Translators: a ledger row's deadline when past: days, the deadline */
    when = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Overdue %u day · %s", "Overdue %u days · %s",
                                         fc_ledger_item_get_days_overdue (item)),
                            fc_ledger_item_get_days_overdue (item), day);
  else
    /* Translators: a ledger row's deadline */
    when = g_strdup_printf (_("Deadline %s"), day);
  gtk_label_set_text (GTK_LABEL (deadline), when);
  if (overdue)
    {
      gtk_widget_add_css_class (row, "overdue");
      gtk_widget_add_css_class (deadline, "error");
      gtk_widget_add_css_class (deadline, "heading");
    }
  else
    {
      gtk_widget_remove_css_class (row, "overdue");
      gtk_widget_remove_css_class (deadline, "error");
      gtk_widget_remove_css_class (deadline, "heading");
    }

  /* Translators: how a screen reader reads a ledger row */
  label = g_strdup_printf (_("%s, %s, %s, %s, %s"), fc_hazard_level_label (level),
                           fc_ledger_item_get_description (item), subtitle, status, when);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

/* The page */

static void
fc_ledger_page_dispose (GObject *object)
{
  FcLedgerPage *self = FC_LEDGER_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->query_cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), FC_TYPE_LEDGER_PAGE);
  g_clear_object (&self->query_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->service);
  g_clear_object (&self->rows);
  g_clear_pointer (&self->choices, json_object_unref);
  G_OBJECT_CLASS (fc_ledger_page_parent_class)->dispose (object);
}

static void
fc_ledger_page_finalize (GObject *object)
{
  FcLedgerPage *self = FC_LEDGER_PAGE (object);

  g_free (self->facility_id);
  g_free (self->facility_name);
  g_free (self->subtitle);
  g_free (self->export_kind);
  G_OBJECT_CLASS (fc_ledger_page_parent_class)->finalize (object);
}

static void
fc_ledger_page_class_init (FcLedgerPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fc_ledger_page_dispose;
  object_class->finalize = fc_ledger_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/fieldcheck/Fieldcheck/fc-ledger-page.ui");
  /* GTK 4.8 animates a spinner its stack no longer shows, which keeps the
   * frame clock ticking: it spins while it is on screen only. */
  gtk_widget_class_bind_template_callback_full (widget_class, "gtk_spinner_start",
                                                G_CALLBACK (gtk_spinner_start));
  gtk_widget_class_bind_template_callback_full (widget_class, "gtk_spinner_stop",
                                                G_CALLBACK (gtk_spinner_stop));
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, FcLedgerPage, box);
  gtk_widget_class_bind_template_child (widget_class, FcLedgerPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, FcLedgerPage, level_filter);
  gtk_widget_class_bind_template_child (widget_class, FcLedgerPage, status_filter);
  gtk_widget_class_bind_template_child (widget_class, FcLedgerPage, category_filter);
  gtk_widget_class_bind_template_child (widget_class, FcLedgerPage, town_filter);
  gtk_widget_class_bind_template_child (widget_class, FcLedgerPage, leader_filter);
  gtk_widget_class_bind_template_child (widget_class, FcLedgerPage, department_filter);
  gtk_widget_class_bind_template_child (widget_class, FcLedgerPage, cadre_filter);
  gtk_widget_class_bind_template_child (widget_class, FcLedgerPage, overdue_filter);
  gtk_widget_class_bind_template_child (widget_class, FcLedgerPage, supervised_filter);
  gtk_widget_class_bind_template_child (widget_class, FcLedgerPage, descending_toggle);
  gtk_widget_class_bind_template_child (widget_class, FcLedgerPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, FcLedgerPage, stack);
  gtk_widget_class_bind_template_child (widget_class, FcLedgerPage, list);
  gtk_widget_class_bind_template_child (widget_class, FcLedgerPage, more_button);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate_cb);

  gtk_widget_class_install_action (widget_class, "ledger.more", NULL, more_action);
  gtk_widget_class_install_action (widget_class, "ledger.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "ledger.export-to", "(ss)", export_to_action);
}

static void
fc_ledger_page_init (FcLedgerPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkNoSelection) selection = NULL;

  self->cancellable = g_cancellable_new ();
  self->rows = g_list_store_new (FC_TYPE_LEDGER_ITEM);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->filling = TRUE;
  fill_static_filters (self);
  self->filling = FALSE;
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->rows)));
  gtk_list_view_set_factory (self->list, factory);
  gtk_list_view_set_model (self->list, GTK_SELECTION_MODEL (selection));
}

void
fc_ledger_page_set_service (FcLedgerPage   *self,
                            FcStoreService *service)
{
  g_return_if_fail (FC_IS_LEDGER_PAGE (self));
  g_return_if_fail (FC_IS_STORE_SERVICE (service));

  g_set_object (&self->service, service);
}

/**
 * fc_ledger_page_show_scope:
 * @self: the page
 * @facility_id: (nullable): one institution, or %NULL for the whole district
 * @facility_name: (nullable): its name
 *
 * Shows the ledger of the district or of one institution, with the filters
 * as they stand.
 */
void
fc_ledger_page_show_scope (FcLedgerPage *self,
                           const char   *facility_id,
                           const char   *facility_name)
{
  g_return_if_fail (FC_IS_LEDGER_PAGE (self));

  if (g_strcmp0 (facility_id, self->facility_id) != 0)
    g_list_store_remove_all (self->rows);
  g_free (self->facility_id);
  self->facility_id = g_strdup (facility_id);
  g_free (self->facility_name);
  self->facility_name = g_strdup (facility_name);
  g_free (self->subtitle);
  self->subtitle = g_strdup (facility_id != NULL && facility_name != NULL ? facility_name
                                                                          : _("Whole district"));
  fc_ledger_page_reload (self);
}

/* Returns: (nullable): the institution shown, or %NULL for the district */
const char *
fc_ledger_page_get_facility_id (FcLedgerPage *self)
{
  g_return_val_if_fail (FC_IS_LEDGER_PAGE (self), NULL);
  return self->facility_id;
}

/* Returns: the scope, for the title bar: the institution's name or the whole district */
const char *
fc_ledger_page_get_subtitle (FcLedgerPage *self)
{
  g_return_val_if_fail (FC_IS_LEDGER_PAGE (self), NULL);
  return self->subtitle;
}

/* Returns: (transfer none): the rows shown, FcLedgerItem each */
GListModel *
fc_ledger_page_get_rows (FcLedgerPage *self)
{
  g_return_val_if_fail (FC_IS_LEDGER_PAGE (self), NULL);
  return G_LIST_MODEL (self->rows);
}

/* Returns: how many hazards the filters select, shown or not */
gint64
fc_ledger_page_get_total (FcLedgerPage *self)
{
  g_return_val_if_fail (FC_IS_LEDGER_PAGE (self), -1);
  return self->total;
}

/**
 * fc_ledger_page_set_level:
 * @self: the page
 * @level: an #FcHazardLevel, or -1 for any
 *
 * Chooses the level filter as a person would in its drop-down.
 */
void
fc_ledger_page_set_level (FcLedgerPage *self,
                          int           level)
{
  g_return_if_fail (FC_IS_LEDGER_PAGE (self));
  g_return_if_fail (level >= -1 && level < FC_N_HAZARD_LEVELS);
  gtk_drop_down_set_selected (self->level_filter, (guint) (level + 1));
}

void
fc_ledger_page_set_overdue_only (FcLedgerPage *self,
                                 gboolean      overdue_only)
{
  g_return_if_fail (FC_IS_LEDGER_PAGE (self));
  gtk_toggle_button_set_active (self->overdue_filter, overdue_only);
}

void
fc_ledger_page_set_search (FcLedgerPage *self,
                           const char   *search)
{
  g_return_if_fail (FC_IS_LEDGER_PAGE (self));
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), search ? search : "");
  on_filter_changed_cb (self);
}
