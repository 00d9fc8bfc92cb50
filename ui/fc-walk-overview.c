/* fc-walk-overview.c: the categories of a walk with their progress
 *
 * One row per category: answered of total, failures and who walks it.
 * Activating a row opens the category's first unanswered item.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "fc-walk-overview.h"

struct _FcWalkOverview
{
  GtkWidget       parent_instance;

  GtkWidget      *scroller;
  GtkLabel       *facility_label;
  GtkLabel       *template_label;
  GtkProgressBar *progress;
  GtkListBox     *categories;

  FcWalk         *shown_walk;       /* what the rows show, to skip rebuilding them */
  int             shown_category;
  GtkWidget      *rows[FC_N_CATEGORIES];
};

G_DEFINE_FINAL_TYPE (FcWalkOverview, fc_walk_overview, GTK_TYPE_WIDGET)

static void
on_row_activated_cb (FcWalkOverview *self,
                     GtkListBoxRow  *row)
{
  guint category = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "category"));

  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-category", "u", category);
}

static void
fc_walk_overview_dispose (GObject *object)
{
  g_clear_pointer (&FC_WALK_OVERVIEW (object)->shown_walk, fc_walk_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), FC_TYPE_WALK_OVERVIEW);
  G_OBJECT_CLASS (fc_walk_overview_parent_class)->dispose (object);
}

static void
fc_walk_overview_class_init (FcWalkOverviewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = fc_walk_overview_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/fieldcheck/Fieldcheck/fc-walk-overview.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, FcWalkOverview, scroller);
  gtk_widget_class_bind_template_child (widget_class, FcWalkOverview, facility_label);
  gtk_widget_class_bind_template_child (widget_class, FcWalkOverview, template_label);
  gtk_widget_class_bind_template_child (widget_class, FcWalkOverview, progress);
  gtk_widget_class_bind_template_child (widget_class, FcWalkOverview, categories);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated_cb);
}

static void
fc_walk_overview_init (FcWalkOverview *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * fc_walk_overview_set_walk:
 * @self: the overview
 * @walk: the walk
 * @current: the item on screen, or -1
 */
void
fc_walk_overview_set_walk (FcWalkOverview *self,
                           FcWalk         *walk,
                           int             current)
{
  FcWalkProgress all = fc_walk_get_progress (walk, -1);
  const FcWalkItem *current_item = current >= 0 ? fc_walk_get_item (walk, (guint) current) : NULL;
  g_autofree char *template = NULL;
  g_autofree char *fraction = NULL;
  GtkWidget *child;

  g_return_if_fail (FC_IS_WALK_OVERVIEW (self));

  /* Moving within a category changes nothing here, and moving to another
   * only which row is marked; an answer makes a new walk. */
  if (walk == self->shown_walk)
    {
      int category = current_item ? (int) current_item->category : -1;

      if (category == self->shown_category)
        return;
      if (self->shown_category >= 0 && self->rows[self->shown_category] != NULL)
        gtk_widget_remove_css_class (self->rows[self->shown_category], "current-category");
      if (category >= 0 && self->rows[category] != NULL)
        gtk_widget_add_css_class (self->rows[category], "current-category");
      self->shown_category = category;
      return;
    }
  g_clear_pointer (&self->shown_walk, fc_walk_unref);
  self->shown_walk = fc_walk_ref (walk);
  self->shown_category = current_item ? (int) current_item->category : -1;

  gtk_label_set_text (self->facility_label, fc_walk_get_facility_name (walk));
  /* Translators: the checklist's title and its pinned version */
  template = g_strdup_printf (_("%s · version %s"), fc_walk_get_template_title (walk),
                              fc_walk_get_template_version (walk));
  gtk_label_set_text (self->template_label, template);
  /* Translators: overall progress of the walk */
  fraction = g_strdup_printf (_("%u of %u answered"), all.answered, all.total);
  gtk_progress_bar_set_text (self->progress, fraction);
  gtk_progress_bar_set_fraction (self->progress, all.total ? (double) all.answered / all.total : 0);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->categories))) != NULL)
    gtk_list_box_remove (self->categories, child);
  memset (self->rows, 0, sizeof self->rows);
  for (guint c = 0; c < FC_N_CATEGORIES; c++)
    {
      FcWalkProgress p = fc_walk_get_progress (walk, (int) c);
      const char *owner = fc_walk_get_person_name (walk, fc_walk_get_section_owner (walk, c));
      GtkWidget *row, *count;
      g_autofree char *subtitle = NULL;
      g_autofree char *counted = NULL;

      if (p.total == 0)
        continue;
      row = adw_action_row_new ();
      if (p.failures > 0)
        subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u failure · %s",
                                                 "%u failures · %s", p.failures),
                                    p.failures, owner ? owner : _("whole team"));
      else
        subtitle = g_strdup (owner ? owner : _("whole team"));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), fc_category_label (c));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data (G_OBJECT (row), "category", GUINT_TO_POINTER (c));
      counted = g_strdup_printf ("%u / %u", p.answered, p.total);
      count = gtk_label_new (counted);
      gtk_widget_add_css_class (count, "numeric");
      if (p.failures > 0)
        gtk_widget_add_css_class (count, "error");
      else if (p.answered == p.total)
        gtk_widget_add_css_class (count, "success");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), count);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      if (current_item != NULL && current_item->category == c)
        gtk_widget_add_css_class (row, "current-category");
      gtk_list_box_append (self->categories, row);
      self->rows[c] = row;
    }
}
