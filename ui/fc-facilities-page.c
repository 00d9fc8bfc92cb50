/* fc-facilities-page.c: the facilities, searchable and filtered
 *
 * Search matches the name, the town and the type; the filters narrow by type,
 * town, open hazards, overdue hazards and the user's own facilities, which the
 * query already puts first. Activating a row emits FcFacilitiesPage::activated.
 *
 * GTK 4.8's list view makes a row for each of its first 200 items whether it
 * is on screen or not, and measuring a hundred rows of Chinese text was most
 * of the first frame. So the list first holds the rows that fit on the
 * screen, and takes the others a few per frame after that frame is drawn.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fc-facilities-page.h"
#include "fc-facility-item.h"

/* A row is at least a 48 px target between 10 px margins. */
#define ROW_MIN_HEIGHT 68
#define ROWS_PER_FRAME 8

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
  GtkSliceListModel *rows;
  guint             grow_tick;
  gboolean          first_rows_drawn;
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
on_setup_row_cb (FcFacilitiesPage *self,
                 GtkListItem      *list_item)
{
  static const char *badge_classes[FC_N_FACILITY_BADGES] = {
    "badge-major", "badge-general", "badge-overdue"
  };
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  gtk_widget_set_margin_top (row, 10);
  gtk_widget_set_margin_bottom (row, 10);
  gtk_widget_set_margin_start (row, 12);
  gtk_widget_set_margin_end (row, 12);
  gtk_widget_set_size_request (row, -1, 48);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_set_valign (text, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (row), text);

  /* The name, then the town, type and last inspection: two lines each at
   * most, since beside the badges at a large text size one line kept only a
   * few characters. */
  for (guint i = 0; i < 2; i++)
    {
      GtkWidget *label = gtk_label_new (NULL);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_lines (GTK_LABEL (label), 2);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      if (i == 0)
        gtk_widget_add_css_class (label, "heading");
      else
        {
          gtk_widget_add_css_class (label, "dim-label");
          gtk_widget_add_css_class (label, "caption");
        }
      gtk_box_append (GTK_BOX (text), label);
    }

  for (guint b = 0; b < FC_N_FACILITY_BADGES; b++)
    {
      GtkWidget *badge = gtk_label_new (NULL);

      gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (badge, "badge");
      gtk_widget_add_css_class (badge, badge_classes[b]);
      gtk_box_append (GTK_BOX (row), badge);
    }
  gtk_list_item_set_child (list_item, row);
}

static void
on_bind_row_cb (FcFacilitiesPage *self,
                GtkListItem      *list_item)
{
  FcFacilityItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *text = gtk_widget_get_first_child (gtk_list_item_get_child (list_item));
  GtkWidget *badge = gtk_widget_get_next_sibling (text);

  gtk_label_set_label (GTK_LABEL (gtk_widget_get_first_child (text)),
                       fc_facility_item_get_name (item));
  gtk_label_set_label (GTK_LABEL (gtk_widget_get_last_child (text)),
                       fc_facility_item_get_subtitle (item));
  for (guint b = 0; b < FC_N_FACILITY_BADGES; b++, badge = gtk_widget_get_next_sibling (badge))
    {
      g_autofree char *label = fc_facility_item_dup_badge (item, (FcFacilityBadge) b);

      gtk_label_set_label (GTK_LABEL (badge), label ? label : "");
      gtk_widget_set_visible (badge, label != NULL);
    }
}

/* Until every row is in the list: none in the frame that first shows the
 * rows, then a few each frame. */
static gboolean
grow_rows_cb (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       user_data)
{
  FcFacilitiesPage *self = FC_FACILITIES_PAGE (widget);
  guint size = gtk_slice_list_model_get_size (self->rows);

  if (!self->first_rows_drawn)
    {
      self->first_rows_drawn = TRUE;
      return G_SOURCE_CONTINUE;
    }
  if (size >= g_list_model_get_n_items (G_LIST_MODEL (self->shown)))
    {
      gtk_slice_list_model_set_size (self->rows, G_MAXUINT);
      self->grow_tick = 0;
      return G_SOURCE_REMOVE;
    }
  gtk_slice_list_model_set_size (self->rows, size + ROWS_PER_FRAME);
  return G_SOURCE_CONTINUE;
}

/* Returns: how many rows the tallest window on this screen can show */
static guint
rows_that_fit (FcFacilitiesPage *self)
{
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
  GdkSurface *surface = native ? gtk_native_get_surface (native) : NULL;
  int height = 1280;

  if (surface != NULL)
    {
      GdkMonitor *monitor = gdk_display_get_monitor_at_surface (gdk_surface_get_display (surface),
                                                                surface);
      GdkRectangle geometry;

      if (monitor != NULL)
        {
          gdk_monitor_get_geometry (monitor, &geometry);
          height = geometry.height;
        }
    }
  return (guint) (height / ROW_MIN_HEIGHT) + 1;
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

  if (self->grow_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->grow_tick);
  self->grow_tick = 0;
  gtk_widget_dispose_template (GTK_WIDGET (self), FC_TYPE_FACILITIES_PAGE);
  g_clear_object (&self->rows);
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
  gtk_widget_class_bind_template_callback (widget_class, on_setup_row_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_bind_row_cb);
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
  self->rows = gtk_slice_list_model_new (G_LIST_MODEL (g_object_ref (self->shown)), 0, 0);
  gtk_list_view_set_model (self->list, GTK_SELECTION_MODEL (
    gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->rows)))));
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

  /* The first rows only, until they are drawn; a reload keeps every row. */
  if (gtk_slice_list_model_get_size (self->rows) == 0)
    {
      gtk_slice_list_model_set_size (self->rows, rows_that_fit (self));
      self->grow_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), grow_rows_cb, NULL, NULL);
    }
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
