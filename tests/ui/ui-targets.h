/* ui-targets.h: what a gloved finger must be able to hit — every control shown
 * on a page at least 48 px on each side */
#pragma once

#include <adwaita.h>

#define UI_MIN_TARGET 48

static inline gboolean
ui_is_touch_target (GtkWidget *widget)
{
  /* The window's own controls belong to the window manager's design. */
  if (gtk_widget_get_ancestor (widget, GTK_TYPE_WINDOW_CONTROLS) != NULL)
    return FALSE;
  /* A drop-down is hit through its button, which the check finds inside it. */
  if (GTK_IS_BUTTON (widget) || GTK_IS_ENTRY (widget) || GTK_IS_SEARCH_ENTRY (widget))
    return TRUE;
  return GTK_IS_LIST_BOX_ROW (widget) && gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (widget)) &&
         gtk_widget_get_ancestor (widget, GTK_TYPE_LIST_VIEW) == NULL;
}

/* The border box, which is what a finger sees; gtk_widget_get_height() is the content's. */
static inline graphene_size_t
ui_target_size (GtkWidget *widget)
{
  graphene_rect_t bounds;

  if (!gtk_widget_compute_bounds (widget, widget, &bounds))
    return GRAPHENE_SIZE_INIT (0, 0);
  return bounds.size;
}

static inline char *
ui_describe (GtkWidget *widget)
{
  const char *label = NULL;
  graphene_size_t size = ui_target_size (widget);

  if (GTK_IS_BUTTON (widget))
    label = gtk_button_get_label (GTK_BUTTON (widget));
  if (label == NULL)
    label = gtk_widget_get_tooltip_text (widget);
  if (label == NULL && GTK_IS_ACTIONABLE (widget))
    label = gtk_actionable_get_action_name (GTK_ACTIONABLE (widget));
  if (label == NULL && gtk_widget_get_parent (widget) != NULL &&
      GTK_IS_DROP_DOWN (gtk_widget_get_parent (widget)))
    label = "the button of a drop-down";
  return g_strdup_printf ("%s “%s” %.0f×%.0f", G_OBJECT_TYPE_NAME (widget), label ? label : "",
                          size.width, size.height);
}

/* Collects, as sentences, the controls under @root that are shown and smaller than 48 px. */
static inline void
ui_collect_small_targets (GtkWidget *root,
                          GPtrArray *small)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_get_mapped (child) || GTK_IS_POPOVER (child))
        continue;
      if (ui_is_touch_target (child) && gtk_widget_is_sensitive (child))
        {
          graphene_size_t size = ui_target_size (child);

          /* Half a pixel for the rounding of fractional scales. */
          if (size.width < UI_MIN_TARGET - 0.5 || size.height < UI_MIN_TARGET - 0.5)
            g_ptr_array_add (small, ui_describe (child));
        }
      /* A control's insides are not targets of their own (a drop-down's button is). */
      if (!GTK_IS_BUTTON (child) && !GTK_IS_ENTRY (child) && !GTK_IS_SEARCH_ENTRY (child))
        ui_collect_small_targets (child, small);
    }
}

static inline void
ui_on_painted (GdkFrameClock *clock,
               gboolean      *painted)
{
  *painted = TRUE;
}

/* Until a frame is painted: everything queued has been laid out then. */
static inline void
ui_wait_painted (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gboolean painted = FALSE;
  gulong handler;

  g_assert_nonnull (clock);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (ui_on_painted), &painted);
  gtk_widget_queue_draw (widget);
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, handler);
}

/* Fails the test with the list of the controls under @root that are too small to hit. */
static inline void
ui_assert_touch_targets (GtkWidget  *root,
                         const char *where)
{
  g_autoptr(GPtrArray) small = g_ptr_array_new_with_free_func (g_free);

  ui_wait_painted (root);

  ui_collect_small_targets (root, small);
  for (guint i = 0; i < small->len; i++)
    g_test_message ("%s: %s is smaller than %d px", where, (char *) small->pdata[i], UI_MIN_TARGET);
  g_assert_cmpuint (small->len, ==, 0);
}
