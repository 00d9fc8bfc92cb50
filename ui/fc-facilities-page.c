/* fc-facilities-page.c: the facilities, searchable and filtered
 *
 * Search matches the name, the town and the type; the filters narrow by type,
 * town, open hazards, overdue hazards and the user's own facilities, which the
 * query already puts first. Activating a row emits FcFacilitiesPage::activated.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fc-facilities-page.h"
#include "fc-facility-item.h"

struct _FcFacilitiesPage
{
  GtkWidget         parent_instance;

  GtkWidget        *box;
  GtkSearchEntry   *search_entry;
  GtkDropDown      *type_filter;
  GtkDropDown      *town_filter;
  GtkToggleButton  *open_filter;
  GtkToggleButton  *overdue_filter;
  GtkToggleButton  *mine_filter;
  GtkStack         *stack;
  GtkListView      *list;
  GtkStringFilter  *search_filter;

  GListStore       *facilities;
  GtkCustomFilter  *custom_filter;
  GtkFilterListModel *shown;
  GStrv             towns;
};

G_DEFINE_FINAL_TYPE (FcFacilitiesPage, fc_facilities_page, GTK_TYPE_WIDGET)

enum {
  ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
match_filters (gpointer item,
               gpointer user_data)
{
  FcFacilitiesPage *self = user_data;
  FcFacilityItem *facility = item;
  guint type = gtk_drop_down_get_selected (self->type_filter);
  guint town = gtk_drop_down_get_selected (self->town_filter);

  if (type != GTK_INVALID_LIST_POSITION && type > 0 &&
      fc_facility_item_get_facility_type (facility) != (FcFacilityType) (type - 1))
    return FALSE;
  if (town != GTK_INVALID_LIST_POSITION && town > 0 && self->towns != NULL &&
      g_strcmp0 (fc_facility_item_get_town (facility), self->towns[town - 1]) != 0)
    return FALSE;
  if (gtk_toggle_button_get_active (self->open_filter) &&
      fc_facility_item_get_open_hazards (facility) == 0)
    return FALSE;
  if (gtk_toggle_button_get_active (self->overdue_filter) &&
      fc_facility_item_get_overdue (facility) == 0)
    return FALSE;
  if (gtk_toggle_button_get_active (self->mine_filter) && !fc_facility_item_is_mine (facility))
    return FALSE;
  return TRUE;
}

static void
update_stack (FcFacilitiesPage *self)
{
  gboolean any = g_list_model_get_n_items (G_LIST_MODEL (self->shown)) > 0;

  gtk_stack_set_visible_child_name (self->stack, any ? "list" : "nothing");
}

static void
on_search_changed_cb (FcFacilitiesPage *self,
                      GtkSearchEntry   *entry)
{
  gtk_string_filter_set_search (self->search_filter,
                                gtk_editable_get_text (GTK_EDITABLE (entry)));
  update_stack (self);
}

static void
on_filter_changed_cb (FcFacilitiesPage *self)
{
  if (self->custom_filter != NULL)
    gtk_filter_changed (GTK_FILTER (self->custom_filter), GTK_FILTER_CHANGE_DIFFERENT);
  if (self->shown != NULL)
    update_stack (self);
}

static void
on_list_activate_cb (FcFacilitiesPage *self,
                     guint             position)
{
  g_autoptr(FcFacilityItem) item = g_list_model_get_item (G_LIST_MODEL (self->shown), position);

  if (item != NULL)
    g_signal_emit (self, signals[ACTIVATED], 0, fc_facility_item_get_id (item));
}

static void
fc_facilities_page_dispose (GObject *object)
{
  FcFacilitiesPage *self = FC_FACILITIES_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FC_TYPE_FACILITIES_PAGE);
  g_clear_object (&self->facilities);
  g_clear_object (&self->shown);
  g_clear_pointer (&self->towns, g_strfreev);
  G_OBJECT_CLASS (fc_facilities_page_parent_class)->dispose (object);
}

static void
fc_facilities_page_class_init (FcFacilitiesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fc_facilities_page_dispose;

  /**
   * FcFacilitiesPage::activated:
   * @id: the facility's id
   */
  signals[ACTIVATED] = g_signal_new ("activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (FC_TYPE_FACILITY_ITEM);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/fieldcheck/Fieldcheck/fc-facilities-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, FcFacilitiesPage, box);
  gtk_widget_class_bind_template_child (widget_class, FcFacilitiesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, FcFacilitiesPage, type_filter);
  gtk_widget_class_bind_template_child (widget_class, FcFacilitiesPage, town_filter);
  gtk_widget_class_bind_template_child (widget_class, FcFacilitiesPage, open_filter);
  gtk_widget_class_bind_template_child (widget_class, FcFacilitiesPage, overdue_filter);
  gtk_widget_class_bind_template_child (widget_class, FcFacilitiesPage, mine_filter);
  gtk_widget_class_bind_template_child (widget_class, FcFacilitiesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, FcFacilitiesPage, list);
  gtk_widget_class_bind_template_child (widget_class, FcFacilitiesPage, search_filter);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate_cb);
}

static void
fc_facilities_page_init (FcFacilitiesPage *self)
{
  g_autoptr(GtkStringList) types = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) towns = gtk_string_list_new (NULL);
  GtkEveryFilter *every;

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_string_list_append (types, _("All types"));
  for (guint t = 0; t < FC_N_FACILITY_TYPES; t++)
    gtk_string_list_append (types, fc_facility_type_label ((FcFacilityType) t));
  gtk_drop_down_set_model (self->type_filter, G_LIST_MODEL (types));
  gtk_string_list_append (towns, _("All towns"));
  gtk_drop_down_set_model (self->town_filter, G_LIST_MODEL (towns));

  self->facilities = g_list_store_new (FC_TYPE_FACILITY_ITEM);
  self->custom_filter = gtk_custom_filter_new (match_filters, self, NULL);
  every = gtk_every_filter_new ();
  gtk_multi_filter_append (GTK_MULTI_FILTER (every), g_object_ref (GTK_FILTER (self->search_filter)));
  gtk_multi_filter_append (GTK_MULTI_FILTER (every), GTK_FILTER (self->custom_filter));
  self->shown = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->facilities)),
                                           GTK_FILTER (every));
  gtk_list_view_set_model (self->list, GTK_SELECTION_MODEL (
    gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->shown)))));
}

/**
 * fc_facilities_page_set_rows:
 * @self: the page
 * @rows: rows of fc_queries_facilities()
 */
void
fc_facilities_page_set_rows (FcFacilitiesPage *self,
                             JsonArray        *rows)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) town_names = g_ptr_array_new ();
  g_autoptr(GtkStringList) towns = gtk_string_list_new (NULL);

  g_return_if_fail (FC_IS_FACILITIES_PAGE (self));

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      FcFacilityItem *item = fc_facility_item_new_from_row (json_array_get_object_element (rows, i));
      const char *town = fc_facility_item_get_town (item);

      g_ptr_array_add (items, item);
      if (town != NULL && g_hash_table_add (seen, (gpointer) town))
        g_ptr_array_add (town_names, (gpointer) town);
    }
  g_ptr_array_sort (town_names, (GCompareFunc) g_strcmp0);
  g_ptr_array_add (town_names, NULL);
  g_clear_pointer (&self->towns, g_strfreev);
  self->towns = g_strdupv ((char **) town_names->pdata);

  gtk_string_list_append (towns, _("All towns"));
  for (guint i = 0; self->towns[i] != NULL; i++)
    gtk_string_list_append (towns, self->towns[i]);
  gtk_drop_down_set_model (self->town_filter, G_LIST_MODEL (towns));

  g_list_store_splice (self->facilities, 0, g_list_model_get_n_items (G_LIST_MODEL (self->facilities)),
                       items->pdata, items->len);
  update_stack (self);
}

/* Returns: (transfer none): every facility, before search and filters */
GListModel *
fc_facilities_page_get_all (FcFacilitiesPage *self)
{
  g_return_val_if_fail (FC_IS_FACILITIES_PAGE (self), NULL);
  return G_LIST_MODEL (self->facilities);
}

/* Returns: (transfer none): the facilities the list shows */
GListModel *
fc_facilities_page_get_shown (FcFacilitiesPage *self)
{
  g_return_val_if_fail (FC_IS_FACILITIES_PAGE (self), NULL);
  return G_LIST_MODEL (self->shown);
}

void
fc_facilities_page_set_search (FcFacilitiesPage *self,
                               const char       *text)
{
  g_return_if_fail (FC_IS_FACILITIES_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
  on_search_changed_cb (self, self->search_entry);
}

void
fc_facilities_page_focus_search (FcFacilitiesPage *self)
{
  g_return_if_fail (FC_IS_FACILITIES_PAGE (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}
