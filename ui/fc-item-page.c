/* fc-item-page.c: one checklist item and its answer
 *
 * What the team needs to judge the item (content, standard, method, who is
 * responsible, and a clear mark when failing it is a major hazard), big answer
 * buttons that work with gloves, Enter and Space, and the facility's
 * equipment the item applies to. The page only shows; the window saves.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "fc-i18n.h"
#include "fc-item-page.h"
#include "fc-photo-strip.h"

struct _FcItemPage
{
  GtkWidget      parent_instance;

  GtkWidget     *box;
  GtkWidget     *scroller;
  GtkLabel      *position_label;
  GtkWidget     *major_box;
  GtkLabel      *major_label;
  GtkWidget     *unverified_label;
  GtkWidget     *expert_label;
  GtkLabel      *content_label;
  GtkLabel      *standard_label;
  GtkLabel      *meta_label;
  GtkStack      *answer_stack;
  GtkWidget     *pass_button;
  GtkWidget     *fail_button;
  GtkWidget     *na_button;
  GtkEntry      *number_entry;
  GtkLabel      *unit_label;
  GtkEntry      *text_entry;
  GtkFlowBox    *choice_box;
  GtkLabel      *status_label;
  GtkEntry      *note_entry;
  FcPhotoStrip  *photo_strip;
  GtkWidget     *hazard_button;
  GtkWidget     *hazard_label;
  GtkWidget     *equipment_group;
  GtkListBox    *equipment_list;

  /* What the rebuilt parts show, so that moving to an item with the same
   * choices or the same equipment (a whole category, usually) keeps them. */
  char          *choices_key;
  char          *equipment_key;
};

G_DEFINE_FINAL_TYPE (FcItemPage, fc_item_page, GTK_TYPE_WIDGET)

static const char * const method_labels[] = {
  N_("look"), N_("test"), N_("ask"), N_("measure"), N_("check documents"),
};

static void
on_number_activate_cb (FcItemPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.answer-number", NULL);
}

static void
on_text_activate_cb (FcItemPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.answer-text", NULL);
}

static void
fc_item_page_dispose (GObject *object)
{
  FcItemPage *self = FC_ITEM_PAGE (object);

  g_clear_pointer (&self->choices_key, g_free);
  g_clear_pointer (&self->equipment_key, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (object), FC_TYPE_ITEM_PAGE);
  G_OBJECT_CLASS (fc_item_page_parent_class)->dispose (object);
}

/* Returns: whether @key differs from *@shown, which then takes it */
static gboolean
replace_key (char       **shown,
             GString     *key)
{
  if (g_strcmp0 (*shown, key->str) == 0)
    {
      g_string_free (key, TRUE);
      return FALSE;
    }
  g_free (*shown);
  *shown = g_string_free (key, FALSE);
  return TRUE;
}

static void
fc_item_page_class_init (FcItemPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = fc_item_page_dispose;
  g_type_ensure (FC_TYPE_PHOTO_STRIP);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/fieldcheck/Fieldcheck/fc-item-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, FcItemPage, box);
  gtk_widget_class_bind_template_child (widget_class, FcItemPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, FcItemPage, position_label);
  gtk_widget_class_bind_template_child (widget_class, FcItemPage, major_box);
  gtk_widget_class_bind_template_child (widget_class, FcItemPage, major_label);
  gtk_widget_class_bind_template_child (widget_class, FcItemPage, unverified_label);
  gtk_widget_class_bind_template_child (widget_class, FcItemPage, expert_label);
  gtk_widget_class_bind_template_child (widget_class, FcItemPage, content_label);
  gtk_widget_class_bind_template_child (widget_class, FcItemPage, standard_label);
  gtk_widget_class_bind_template_child (widget_class, FcItemPage, meta_label);
  gtk_widget_class_bind_template_child (widget_class, FcItemPage, answer_stack);
  gtk_widget_class_bind_template_child (widget_class, FcItemPage, pass_button);
  gtk_widget_class_bind_template_child (widget_class, FcItemPage, fail_button);
  gtk_widget_class_bind_template_child (widget_class, FcItemPage, na_button);
  gtk_widget_class_bind_template_child (widget_class, FcItemPage, number_entry);
  gtk_widget_class_bind_template_child (widget_class, FcItemPage, unit_label);
  gtk_widget_class_bind_template_child (widget_class, FcItemPage, text_entry);
  gtk_widget_class_bind_template_child (widget_class, FcItemPage, choice_box);
  gtk_widget_class_bind_template_child (widget_class, FcItemPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, FcItemPage, note_entry);
  gtk_widget_class_bind_template_child (widget_class, FcItemPage, photo_strip);
  gtk_widget_class_bind_template_child (widget_class, FcItemPage, hazard_button);
  gtk_widget_class_bind_template_child (widget_class, FcItemPage, hazard_label);
  gtk_widget_class_bind_template_child (widget_class, FcItemPage, equipment_group);
  gtk_widget_class_bind_template_child (widget_class, FcItemPage, equipment_list);
  gtk_widget_class_bind_template_callback (widget_class, on_number_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_text_activate_cb);
}

static void
fc_item_page_init (FcItemPage *self)
{
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Page Up/Down move between items even where a scrolled window would take them. */
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
    gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Page_Down, 0),
                      gtk_named_action_new ("win.next")));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
    gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Page_Up, 0),
                      gtk_named_action_new ("win.previous")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
}

static void
mark_answer (GtkWidget  *button,
             const char *answer,
             const char *value)
{
  gboolean chosen = g_strcmp0 (answer, value) == 0;

  if (chosen)
    gtk_widget_add_css_class (button, "chosen");
  else
    gtk_widget_remove_css_class (button, "chosen");
  /* A screen reader says which answer is given, as it would of a toggle. */
  gtk_accessible_update_state (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_STATE_PRESSED,
                               chosen ? GTK_ACCESSIBLE_TRISTATE_TRUE : GTK_ACCESSIBLE_TRISTATE_FALSE, -1);
}

static char *
methods_text (FcMethods methods)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (method_labels); i++)
    if (methods & (1 << i))
      {
        if (out->len > 0)
          g_string_append (out, _(", "));
        g_string_append (out, _(method_labels[i]));
      }
  return g_string_free (out, FALSE);
}

static void
set_choices (FcItemPage       *self,
             const FcWalkItem *item)
{
  gboolean chinese = fc_i18n_prefers_chinese ();
  GtkWidget *na, *child;
  GString *key = g_string_new (item->item_id);

  g_string_append_printf (key, "\n%s", item->answer ? item->answer : "");
  if (!replace_key (&self->choices_key, key))
    return;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->choice_box))) != NULL)
    gtk_flow_box_remove (self->choice_box, child);
  for (guint i = 0; item->choice_codes && item->choice_codes[i]; i++)
    {
      GtkWidget *button = gtk_button_new_with_label (chinese ? item->choice_labels_zh[i]
                                                             : item->choice_labels_en[i]);

      gtk_widget_add_css_class (button, "answer-button");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.answer");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", item->choice_codes[i]);
      mark_answer (button, item->answer, item->choice_codes[i]);
      gtk_flow_box_append (self->choice_box, button);
    }
  na = gtk_button_new_with_label (g_dpgettext2 (GETTEXT_PACKAGE, "answer", "N/A"));
  gtk_widget_add_css_class (na, "answer-button");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (na), "win.answer");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (na), "s", "na");
  mark_answer (na, item->answer, "na");
  gtk_flow_box_append (self->choice_box, na);
}

static void
set_equipment (FcItemPage       *self,
               FcWalk           *walk,
               const FcWalkItem *item)
{
  g_autoptr(GPtrArray) equipment = fc_walk_equipment_for_item (walk, item);
  GtkWidget *child;
  GString *key = g_string_new (NULL);

  for (guint i = 0; i < equipment->len; i++)
    {
      FcWalkEquipment *e = g_ptr_array_index (equipment, i);

      g_string_append_printf (key, "%s\n%s\n%s\n%s\n", e->id, e->name,
                              e->location ? e->location : "", e->expires_on ? e->expires_on : "");
    }
  if (!replace_key (&self->equipment_key, key))
    return;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->equipment_list))) != NULL)
    gtk_list_box_remove (self->equipment_list, child);
  for (guint i = 0; i < equipment->len; i++)
    {
      FcWalkEquipment *e = g_ptr_array_index (equipment, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *subtitle = NULL;

      if (e->expires_on != NULL)
        /* Translators: equipment row: its location · expiry date */
        subtitle = g_strdup_printf (_("%s · expires %s"), e->location ? e->location : "",
                                    e->expires_on);
      else
        subtitle = g_strdup (e->location ? e->location : "");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), e->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_append (self->equipment_list, row);
    }
  gtk_widget_set_visible (self->equipment_group, equipment->len > 0);
}

static void
set_photos (FcItemPage       *self,
            FcWalk           *walk,
            const FcWalkItem *item)
{
  gboolean open = !fc_walk_is_finished (walk);
  const char *hint = NULL;

  fc_photo_strip_show_item (self->photo_strip, fc_walk_get_inspection_id (walk), item->item_id);
  fc_photo_strip_set_can_add (self->photo_strip, open && item->result_id != NULL);
  if (open && item->result_id == NULL)
    hint = _("Answer the item first: its photos are kept with the answer.");
  else if (item->photo_on_fail && fc_walk_item_is_failed (item))
    hint = _("This item asks for a photo of the defect when it fails: add one with “Add Photo…”. "
             "The answer is saved either way.");
  fc_photo_strip_set_hint (self->photo_strip, hint);
}

static char *
status_text (FcWalk           *walk,
             const FcWalkItem *item)
{
  g_autofree char *answer = fc_walk_item_answer_label (item);
  const char *author = fc_walk_get_person_name (walk, item->author_id);
  g_autofree char *when = item->recorded_at ? g_strndup (item->recorded_at + 11, 5) : NULL;

  if (answer == NULL)
    return g_strdup (_("Not answered yet"));
  /* Translators: saved answer · time · who answered */
  return g_strdup_printf (_("Saved: %s · %s · %s"), answer, when ? when : "",
                          author ? author : "—");
}

/**
 * fc_item_page_set_item:
 * @self: the page
 * @walk: the walk
 * @index: the item to show
 */
void
fc_item_page_set_item (FcItemPage *self,
                       FcWalk     *walk,
                       guint       index)
{
  const FcWalkItem *item = fc_walk_get_item (walk, index);
  FcWalkProgress progress = fc_walk_get_progress (walk, item->category);
  g_autofree char *position = NULL;
  g_autofree char *methods = methods_text (item->methods);
  g_autofree char *meta = NULL;
  g_autofree char *status = NULL;
  guint in_category = 0;

  g_return_if_fail (FC_IS_ITEM_PAGE (self));

  for (guint i = 0; i < fc_walk_get_n_items (walk); i++)
    if (fc_walk_get_item (walk, i)->category == item->category && i <= index)
      in_category++;

  /* Translators: category · item N of M · item code */
  position = g_strdup_printf (_("%s · %u of %u · %s"), fc_category_label (item->category),
                              in_category, progress.total, item->code);
  gtk_label_set_text (self->position_label, position);

  gtk_widget_set_visible (self->major_box, item->major_standard != NULL);
  if (item->major_standard != NULL)
    {
      g_autofree char *criterion = fc_walk_item_criterion (item);
      /* Translators: the badge of an item whose failure is a major hazard; the
       * judgment standard and clause follow, e.g. "YL 第四条（二）" */
      g_autofree char *major = g_strdup_printf (_("Failing this is a major hazard · %s · %s"),
                                                criterion, item->major_standard_version
                                                             ? item->major_standard_version : "");

      gtk_label_set_text (self->major_label, major);
      gtk_widget_set_visible (self->unverified_label,
                              item->major_verification == FC_VERIFICATION_UNVERIFIED);
    }
  gtk_widget_set_visible (self->expert_label, item->expert_judgement);

  gtk_label_set_text (self->content_label, fc_walk_item_content (item));
  gtk_label_set_text (self->standard_label, fc_walk_item_standard (item));
  /* Translators: how the item is checked · who answers it */
  meta = g_strdup_printf (_("Check by: %s · Answered by: %s"), methods,
                          fc_role_label (item->responsible_role));
  gtk_label_set_text (self->meta_label, meta);

  switch (item->answer_type)
    {
    case FC_ANSWER_NUMBER:
      {
        g_autofree char *limits = NULL;
        g_autofree char *value = item->has_number ? g_strdup_printf ("%g", item->number) : NULL;

        if (!isnan (item->min) && !isnan (item->max))
          limits = g_strdup_printf ("%s (%g–%g)", item->unit ? item->unit : "", item->min, item->max);
        else if (!isnan (item->min))
          limits = g_strdup_printf ("%s (≥ %g)", item->unit ? item->unit : "", item->min);
        else if (!isnan (item->max))
          limits = g_strdup_printf ("%s (≤ %g)", item->unit ? item->unit : "", item->max);
        else
          limits = g_strdup (item->unit ? item->unit : "");
        gtk_label_set_text (self->unit_label, limits);
        gtk_editable_set_text (GTK_EDITABLE (self->number_entry), value ? value : "");
        gtk_stack_set_visible_child_name (self->answer_stack, "number");
      }
      break;
    case FC_ANSWER_TEXT:
      gtk_editable_set_text (GTK_EDITABLE (self->text_entry),
                             item->answer && !g_str_equal (item->answer, "na") ? item->answer : "");
      gtk_stack_set_visible_child_name (self->answer_stack, "text");
      break;
    case FC_ANSWER_CHOICE:
      set_choices (self, item);
      gtk_stack_set_visible_child_name (self->answer_stack, "choice");
      break;
    case FC_ANSWER_PASS_FAIL_NA:
    default:
      mark_answer (self->pass_button, item->answer, "pass");
      mark_answer (self->fail_button, item->answer, "fail");
      mark_answer (self->na_button, item->answer, "na");
      gtk_stack_set_visible_child_name (self->answer_stack, "pass_fail");
    }

  status = status_text (walk, item);
  fc_item_page_set_status (self, status, FALSE);
  if (fc_walk_item_is_failed (item))
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  gtk_editable_set_text (GTK_EDITABLE (self->note_entry), item->note ? item->note : "");
  gtk_widget_set_visible (self->hazard_button, fc_walk_item_is_failed (item) && item->hazard_id == NULL);
  gtk_widget_set_visible (self->hazard_label, item->hazard_id != NULL);
  set_photos (self, walk, item);
  set_equipment (self, walk, item);

  /* Enter or Space answers at once; the answer given so far has the focus. */
  switch (item->answer_type)
    {
    case FC_ANSWER_NUMBER:
      gtk_widget_grab_focus (GTK_WIDGET (self->number_entry));
      break;
    case FC_ANSWER_TEXT:
      gtk_widget_grab_focus (GTK_WIDGET (self->text_entry));
      break;
    case FC_ANSWER_CHOICE:
      gtk_widget_child_focus (GTK_WIDGET (self->choice_box), GTK_DIR_TAB_FORWARD);
      break;
    case FC_ANSWER_PASS_FAIL_NA:
    default:
      gtk_widget_grab_focus (g_strcmp0 (item->answer, "fail") == 0 ? self->fail_button :
                             g_strcmp0 (item->answer, "na") == 0 ? self->na_button : self->pass_button);
    }
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller)), 0);
}

const char *
fc_item_page_get_note (FcItemPage *self)
{
  g_return_val_if_fail (FC_IS_ITEM_PAGE (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->note_entry));
}

void
fc_item_page_set_note (FcItemPage *self,
                       const char *note)
{
  g_return_if_fail (FC_IS_ITEM_PAGE (self));
  gtk_editable_set_text (GTK_EDITABLE (self->note_entry), note ? note : "");
}

const char *
fc_item_page_get_text (FcItemPage *self)
{
  g_return_val_if_fail (FC_IS_ITEM_PAGE (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->text_entry));
}

void
fc_item_page_set_number_text (FcItemPage *self,
                              const char *text)
{
  g_return_if_fail (FC_IS_ITEM_PAGE (self));
  gtk_editable_set_text (GTK_EDITABLE (self->number_entry), text ? text : "");
}

/**
 * fc_item_page_get_number:
 * @self: the page
 * @number: (out): the reading typed in
 *
 * Returns: whether the entry holds a number (a decimal comma is accepted)
 */
gboolean
fc_item_page_get_number (FcItemPage *self,
                         double     *number)
{
  g_autofree char *text = NULL;
  char *end = NULL;

  g_return_val_if_fail (FC_IS_ITEM_PAGE (self), FALSE);

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->number_entry))));
  g_strdelimit (text, ",", '.');
  if (*text == '\0')
    return FALSE;
  *number = g_ascii_strtod (text, &end);
  return end != NULL && *end == '\0' && isfinite (*number);
}

void
fc_item_page_set_status (FcItemPage *self,
                         const char *status,
                         gboolean    is_error)
{
  g_return_if_fail (FC_IS_ITEM_PAGE (self));

  gtk_label_set_text (self->status_label, status);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
}

/* Returns: (transfer none): the photos of the item's answer */
FcPhotoStrip *
fc_item_page_get_photo_strip (FcItemPage *self)
{
  g_return_val_if_fail (FC_IS_ITEM_PAGE (self), NULL);
  return self->photo_strip;
}
