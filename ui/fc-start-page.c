/* fc-start-page.c: starting an inspection — kind, checklist, team and sections
 *
 * The team signs in from the roster. Sections are assigned as a joint
 * diagnosis team usually splits them (the fire expert takes fire exits, gas
 * and wiring, the housing expert the building, staff the drainage and the
 * rest) and can be changed before the walk starts.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "fc-i18n.h"
#include "fc-start-page.h"

typedef struct
{
  char      *id;
  char      *name;
  char      *role;
  char      *domain;
  GtkWidget *check;
} Person;

struct _FcStartPage
{
  GtkWidget            parent_instance;

  GtkWidget           *scroller;
  AdwComboRow         *kind_row;
  AdwComboRow         *template_row;
  AdwActionRow        *version_row;
  GtkListBox          *team_list;
  AdwPreferencesGroup *sections_group;
  GtkLabel            *problem_label;

  char                *facility_id;
  JsonArray           *templates;
  GPtrArray           *people;                         /* of Person* */
  AdwComboRow         *section_rows[FC_N_CATEGORIES];
  GPtrArray           *section_choices[FC_N_CATEGORIES]; /* person ids shown, NULL = whole team */
  char                *owners[FC_N_CATEGORIES];
  FcInspectionMember  *members;
  gboolean             rebuilding;
};

G_DEFINE_FINAL_TYPE (FcStartPage, fc_start_page, GTK_TYPE_WIDGET)

static void
person_free (Person *person)
{
  g_free (person->id);
  g_free (person->name);
  g_free (person->role);
  g_free (person->domain);
  g_free (person);
}

static const char *
domain_label (const char *domain)
{
  if (g_strcmp0 (domain, "fire") == 0)
    return _("Fire safety expert");
  if (g_strcmp0 (domain, "housing") == 0)
    return _("Housing and construction expert");
  if (g_strcmp0 (domain, "market_regulation") == 0)
    return _("Market regulation expert");
  return _("Expert");
}

static const char *
role_label (Person *person)
{
  if (g_strcmp0 (person->role, "expert") == 0)
    return domain_label (person->domain);
  if (g_strcmp0 (person->role, "staff") == 0)
    return _("Bureau staff");
  return _("Inspector");
}

static gboolean
is_selected (Person *person)
{
  return gtk_check_button_get_active (GTK_CHECK_BUTTON (person->check));
}

static Person *
find_person (FcStartPage *self,
             const char  *id)
{
  for (guint i = 0; self->people && i < self->people->len; i++)
    {
      Person *person = g_ptr_array_index (self->people, i);

      if (g_strcmp0 (person->id, id) == 0)
        return person;
    }
  return NULL;
}

/* The member a team usually gives a category to. */
static const char *
usual_owner (FcStartPage *self,
             FcCategory   category)
{
  const char *want_domain = NULL;
  const char *want_role = "staff";

  switch (category)
    {
    case FC_CATEGORY_FIRE_EXIT:
    case FC_CATEGORY_ELECTRICAL:
    case FC_CATEGORY_GAS:
      want_domain = "fire";
      break;
    case FC_CATEGORY_BUILDING:
      want_domain = "housing";
      break;
    case FC_CATEGORY_DRAINAGE:
    case FC_CATEGORY_OTHER:
    default:
      break;
    }
  for (guint i = 0; i < self->people->len; i++)
    {
      Person *person = g_ptr_array_index (self->people, i);

      if (!is_selected (person))
        continue;
      if (want_domain != NULL ? g_strcmp0 (person->domain, want_domain) == 0
                              : g_strcmp0 (person->role, want_role) == 0)
        return person->id;
    }
  return NULL;
}

static void
on_section_changed_cb (AdwComboRow *row,
                       GParamSpec  *pspec,
                       FcStartPage *self)
{
  FcCategory category = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "category"));
  guint selected = adw_combo_row_get_selected (row);

  if (self->rebuilding || selected == GTK_INVALID_LIST_POSITION)
    return;
  g_free (self->owners[category]);
  self->owners[category] = selected == 0 ? NULL
    : g_strdup (g_ptr_array_index (self->section_choices[category], selected - 1));
}

static void
rebuild_sections (FcStartPage *self)
{
  self->rebuilding = TRUE;
  for (guint c = 0; c < FC_N_CATEGORIES; c++)
    {
      g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
      guint selected = 0;
      Person *owner = find_person (self, self->owners[c]);

      if (owner == NULL || !is_selected (owner))
        {
          g_free (self->owners[c]);
          self->owners[c] = g_strdup (usual_owner (self, (FcCategory) c));
        }
      g_ptr_array_set_size (self->section_choices[c], 0);
      gtk_string_list_append (names, _("Whole team"));
      for (guint i = 0; i < self->people->len; i++)
        {
          Person *person = g_ptr_array_index (self->people, i);

          if (!is_selected (person))
            continue;
          g_ptr_array_add (self->section_choices[c], person->id);
          gtk_string_list_append (names, person->name);
          if (g_strcmp0 (person->id, self->owners[c]) == 0)
            selected = self->section_choices[c]->len;
        }
      adw_combo_row_set_model (self->section_rows[c], G_LIST_MODEL (names));
      adw_combo_row_set_selected (self->section_rows[c], selected);
    }
  self->rebuilding = FALSE;
}

static void
on_member_toggled_cb (FcStartPage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), FALSE);
  rebuild_sections (self);
}

static void
on_template_changed_cb (FcStartPage *self)
{
  guint selected = adw_combo_row_get_selected (self->template_row);
  JsonObject *row;
  g_autofree char *version = NULL;

  if (self->templates == NULL || selected >= json_array_get_length (self->templates))
    return;
  row = json_array_get_object_element (self->templates, selected);
  /* Translators: the pinned checklist version, its items and major-hazard items */
  version = g_strdup_printf (_("%s · %ld items · %ld major-hazard items"),
                             json_object_get_string_member (row, "version"),
                             (long) json_object_get_int_member (row, "items"),
                             (long) json_object_get_int_member (row, "major"));
  adw_action_row_set_subtitle (self->version_row, version);
}

static void
fc_start_page_dispose (GObject *object)
{
  FcStartPage *self = FC_START_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FC_TYPE_START_PAGE);
  g_clear_pointer (&self->facility_id, g_free);
  g_clear_pointer (&self->templates, json_array_unref);
  g_clear_pointer (&self->people, g_ptr_array_unref);
  for (guint c = 0; c < FC_N_CATEGORIES; c++)
    {
      g_clear_pointer (&self->section_choices[c], g_ptr_array_unref);
      g_clear_pointer (&self->owners[c], g_free);
    }
  g_clear_pointer (&self->members, g_free);
  G_OBJECT_CLASS (fc_start_page_parent_class)->dispose (object);
}

static void
fc_start_page_class_init (FcStartPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = fc_start_page_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/fieldcheck/Fieldcheck/fc-start-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, FcStartPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, FcStartPage, kind_row);
  gtk_widget_class_bind_template_child (widget_class, FcStartPage, template_row);
  gtk_widget_class_bind_template_child (widget_class, FcStartPage, version_row);
  gtk_widget_class_bind_template_child (widget_class, FcStartPage, team_list);
  gtk_widget_class_bind_template_child (widget_class, FcStartPage, sections_group);
  gtk_widget_class_bind_template_child (widget_class, FcStartPage, problem_label);
  gtk_widget_class_bind_template_callback (widget_class, on_template_changed_cb);
}

static void
fc_start_page_init (FcStartPage *self)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint k = 0; k < FC_N_INSPECTION_KINDS; k++)
    gtk_string_list_append (kinds, fc_inspection_kind_label ((FcInspectionKind) k));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kinds));
  adw_combo_row_set_selected (self->kind_row, FC_INSPECTION_JOINT_DIAGNOSIS);

  self->people = g_ptr_array_new_with_free_func ((GDestroyNotify) person_free);
  for (guint c = 0; c < FC_N_CATEGORIES; c++)
    {
      AdwComboRow *row = ADW_COMBO_ROW (adw_combo_row_new ());

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), fc_category_label ((FcCategory) c));
      g_object_set_data (G_OBJECT (row), "category", GUINT_TO_POINTER (c));
      g_signal_connect (row, "notify::selected", G_CALLBACK (on_section_changed_cb), self);
      adw_preferences_group_add (self->sections_group, GTK_WIDGET (row));
      self->section_rows[c] = row;
      self->section_choices[c] = g_ptr_array_new ();
    }
}

static char *
primary_role (const char *roles)
{
  g_auto(GStrv) list = g_strsplit (roles ? roles : "", ",", -1);

  if (g_strv_contains ((const char * const *) list, "expert"))
    return g_strdup ("expert");
  if (g_strv_contains ((const char * const *) list, "staff"))
    return g_strdup ("staff");
  return g_strdup ("inspector");
}

/**
 * fc_start_page_set_data:
 * @self: the page
 * @facility_id: the facility to inspect
 * @templates: rows of fc_inspection_templates_for()
 * @roster: rows of fc_inspection_roster()
 * @user_id: (nullable): the signed-in person, selected from the start
 */
void
fc_start_page_set_data (FcStartPage *self,
                        const char  *facility_id,
                        JsonArray   *templates,
                        JsonArray   *roster,
                        const char  *user_id)
{
  g_autoptr(GtkStringList) titles = gtk_string_list_new (NULL);
  gboolean chinese = fc_i18n_prefers_chinese ();
  GtkWidget *child;

  g_return_if_fail (FC_IS_START_PAGE (self));

  g_free (self->facility_id);
  self->facility_id = g_strdup (facility_id);
  g_clear_pointer (&self->templates, json_array_unref);
  self->templates = json_array_ref (templates);
  for (guint i = 0; i < json_array_get_length (templates); i++)
    {
      JsonObject *row = json_array_get_object_element (templates, i);

      gtk_string_list_append (titles, json_object_get_string_member (row, chinese ? "title_zh"
                                                                                   : "title_en"));
    }
  adw_combo_row_set_model (self->template_row, G_LIST_MODEL (titles));
  adw_combo_row_set_selected (self->template_row, 0);
  on_template_changed_cb (self);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->team_list))) != NULL)
    gtk_list_box_remove (self->team_list, child);
  g_ptr_array_set_size (self->people, 0);
  for (guint c = 0; c < FC_N_CATEGORIES; c++)
    g_clear_pointer (&self->owners[c], g_free);

  for (guint i = 0; i < json_array_get_length (roster); i++)
    {
      JsonObject *row = json_array_get_object_element (roster, i);
      Person *person = g_new0 (Person, 1);
      GtkWidget *action_row = adw_action_row_new ();
      const char *org = json_object_get_string_member_with_default (row, "organisation", NULL);
      g_autofree char *subtitle = NULL;

      person->id = g_strdup (json_object_get_string_member (row, "id"));
      person->name = g_strdup (json_object_get_string_member (row, "name"));
      person->role = primary_role (json_object_get_string_member_with_default (row, "roles", ""));
      person->domain = g_strdup (json_object_get_string_member_with_default (row, "expert_domain", NULL));
      person->check = gtk_check_button_new ();
      gtk_widget_set_valign (person->check, GTK_ALIGN_CENTER);
      subtitle = org ? g_strdup_printf ("%s · %s", role_label (person), org)
                     : g_strdup (role_label (person));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (action_row), person->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (action_row), subtitle);
      adw_action_row_add_prefix (ADW_ACTION_ROW (action_row), person->check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (action_row), person->check);
      gtk_list_box_append (self->team_list, action_row);
      g_ptr_array_add (self->people, person);
      if (g_strcmp0 (person->id, user_id) == 0)
        gtk_check_button_set_active (GTK_CHECK_BUTTON (person->check), TRUE);
      g_signal_connect_swapped (person->check, "toggled", G_CALLBACK (on_member_toggled_cb), self);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), FALSE);
  rebuild_sections (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller)), 0);
}

void
fc_start_page_select_member (FcStartPage *self,
                             const char  *person_id,
                             gboolean     selected)
{
  Person *person;

  g_return_if_fail (FC_IS_START_PAGE (self));

  person = find_person (self, person_id);
  g_return_if_fail (person != NULL);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (person->check), selected);
}

void
fc_start_page_set_kind (FcStartPage      *self,
                        FcInspectionKind  kind)
{
  g_return_if_fail (FC_IS_START_PAGE (self));
  adw_combo_row_set_selected (self->kind_row, kind);
}

/**
 * fc_start_page_get_start:
 * @self: the page
 * @start: (out caller-allocates): filled with what the page shows; the
 *   strings and members belong to the page until it changes
 *
 * Returns: %FALSE, and says why on the page, when nobody is signed in
 */
gboolean
fc_start_page_get_start (FcStartPage       *self,
                         FcInspectionStart *start)
{
  guint n = 0;
  guint selected = adw_combo_row_get_selected (self->template_row);

  g_return_val_if_fail (FC_IS_START_PAGE (self), FALSE);

  memset (start, 0, sizeof *start);
  g_clear_pointer (&self->members, g_free);
  self->members = g_new0 (FcInspectionMember, self->people->len + 1);
  for (guint i = 0; i < self->people->len; i++)
    {
      Person *person = g_ptr_array_index (self->people, i);

      if (!is_selected (person))
        continue;
      self->members[n].person_id = person->id;
      self->members[n].role = person->role;
      self->members[n].expert_domain = g_str_equal (person->role, "expert") ? person->domain : NULL;
      n++;
    }
  if (n == 0)
    {
      gtk_label_set_text (self->problem_label, _("Sign in at least one member of the team."));
      gtk_widget_set_visible (GTK_WIDGET (self->problem_label), TRUE);
      return FALSE;
    }
  start->facility_id = self->facility_id;
  if (self->templates != NULL && selected < json_array_get_length (self->templates))
    start->template_id = json_object_get_string_member (
      json_array_get_object_element (self->templates, selected), "id");
  start->kind = (FcInspectionKind) adw_combo_row_get_selected (self->kind_row);
  start->members = self->members;
  start->n_members = n;
  for (guint c = 0; c < FC_N_CATEGORIES; c++)
    start->section_owners[c] = self->owners[c];
  return TRUE;
}
