/* fc-hazard-page.c: one hazard — its whole record, its history and the steps the user may take
 *
 * The record comes from the store worker with the signed-in person's roles;
 * the page offers the steps those roles may take from the hazard's status
 * (the guards' role and state checks, run on the worker). Every other guard
 * — the verifier who rectified, acceptance without after-photos, a major
 * hazard without listed supervision, a rejection without a reason — is left
 * to the core when the step is taken, and a refusal is shown in a dialog with
 * the guard's sentence: the store is unchanged and the user knows why.
 *
 * A step goes through hazard.apply ("(sa{ss})": the step, its fields); the
 * step's dialog activates it, and so can a test.
 *
 * The evidence is a before/after pair of photo strips: the defect as found
 * (the hazard's before-photos, else the defect photos of it and of the answer
 * that raised it) beside the photos after rectification, which the verifier
 * takes or adds here, attached to the hazard's acceptance. Accepting names
 * those after-photos as the event's evidence.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "fc-error.h"
#include "fc-hazard-measures.h"
#include "fc-hazard-page.h"
#include "fc-refusal-dialog.h"
#include "fc-hazards.h"
#include "fc-photo-chooser.h"
#include "fc-photo-strip.h"
#include "fc-photo-viewer.h"
#include "fc-photos.h"
#include "fc-queries.h"

#define STEP_MEASURES  "measures"
#define STEP_SUPERVISE "supervise"

struct _FcHazardPage
{
  GtkWidget       parent_instance;

  GtkStack       *stack;
  AdwStatusPage  *error_page;
  GtkWidget      *scroller;
  AdwButtonContent *back_content;
  GtkBox         *badges;
  GtkLabel       *description_label;
  GtkLabel       *subtitle_label;
  GtkFlowBox     *actions_box;
  GtkLabel       *actor_label;
  AdwActionRow   *party_row;
  AdwActionRow   *person_row;
  AdwActionRow   *measures_row;
  AdwActionRow   *funds_row;
  AdwActionRow   *deadline_row;
  AdwActionRow   *plan_row;
  AdwActionRow   *interim_row;
  GtkWidget      *supervision_group;
  AdwActionRow   *leader_row;
  AdwActionRow   *department_row;
  AdwActionRow   *supervised_row;
  AdwActionRow   *rectified_row;
  AdwActionRow   *verifier_row;
  AdwActionRow   *org_row;
  AdwActionRow   *accepted_row;
  AdwActionRow   *outcome_row;
  AdwActionRow   *closed_row;
  AdwActionRow   *found_row;
  AdwActionRow   *criterion_row;
  AdwActionRow   *grid_row;
  GtkWidget      *photos_group;
  FcPhotoStrip   *before_strip;
  FcPhotoStrip   *after_strip;
  GtkListBox     *history_list;

  FcStoreService *service;
  GCancellable   *cancellable;
  char           *id;
  char           *facility_name;
  JsonObject     *hazard;
  GStrv           steps;        /* what the user may do now */
  FcHazardStatus  status;
  guint           n_events;
  char           *refusal;
  gboolean        busy;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (FcHazardPage, fc_hazard_page, GTK_TYPE_WIDGET)

typedef struct
{
  char       *hazard_id;
  char       *today;
  char       *step;      /* NULL: only read */
  GHashTable *fields;
} HazardRequest;

typedef struct
{
  JsonObject *hazard;
  GStrv       steps;
  char       *actor;     /* who is signed in, with their roles */
  char       *done;      /* a toast for the step taken */
} HazardResult;

static void
hazard_request_free (HazardRequest *request)
{
  g_free (request->hazard_id);
  g_free (request->today);
  g_free (request->step);
  g_clear_pointer (&request->fields, g_hash_table_unref);
  g_free (request);
}

static void
hazard_result_free (HazardResult *result)
{
  g_clear_pointer (&result->hazard, json_object_unref);
  g_strfreev (result->steps);
  g_free (result->actor);
  g_free (result->done);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HazardResult, hazard_result_free)

static char *
today_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

static const char *
member (JsonObject *object,
        const char *name)
{
  const char *value;

  if (object == NULL || !json_object_has_member (object, name) || json_object_get_null_member (object, name))
    return NULL;
  value = json_object_get_string_member_with_default (object, name, NULL);
  return value != NULL && *value != '\0' ? value : NULL;
}

static const char *
shown (const char *value)
{
  return value != NULL ? value : "—";
}

/* Returns: (transfer full): an ISO 8601 time as local "YYYY-MM-DD HH:MM", or a day as it is */
static char *
format_time (const char *iso)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (iso == NULL)
    return g_strdup ("—");
  if (strlen (iso) <= 10)
    return g_strdup (iso);
  utc = g_date_time_new_from_iso8601 (iso, NULL);
  if (utc == NULL)
    return g_strdup (iso);
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

static void
toast (FcHazardPage *self,
       const char   *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  AdwToast *t;

  if (overlay == NULL)
    return;
  t = adw_toast_new (message);
  adw_toast_set_timeout (t, 3);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), t);
}

/* The worker's side */

static GStrv
allowed_steps (FcStore     *store,
               JsonObject  *hazard,
               FcActor     *actor)
{
  g_autoptr(GStrvBuilder) steps = g_strv_builder_new ();
  FcHazardFacts facts = { 0 };
  FcHazardLevel level = FC_HAZARD_LEVEL_GENERAL;
  FcHazardRefusal refusal;
  g_autoptr(GError) ignored = NULL;

  fc_hazard_status_from_string (member (hazard, "status"), &facts.status);
  fc_hazard_level_from_string (member (hazard, "level"), &level);
  facts.level = level;
  /* Only the role and the state decide what is offered; the other guards speak when asked. */
  for (guint a = 0; a < FC_N_HAZARD_ACTIONS; a++)
    if (fc_hazard_check (&facts, (FcHazardAction) a, actor, "-", &refusal, NULL) ||
        (refusal != FC_HAZARD_REFUSED_WRONG_STATE && refusal != FC_HAZARD_REFUSED_ROLE &&
         refusal != FC_HAZARD_REFUSED_NO_ACTOR))
      g_strv_builder_add (steps, fc_hazard_action_to_string ((FcHazardAction) a));
  if (fc_hazard_measures_check (facts.status, actor, TRUE, FALSE, NULL, NULL))
    g_strv_builder_add (steps, STEP_MEASURES);
  if (facts.status != FC_HAZARD_CLOSED && member (hazard, "supervised_at") == NULL &&
      fc_hazard_can_supervise (level, actor, &ignored))
    g_strv_builder_add (steps, STEP_SUPERVISE);
  return g_strv_builder_end (steps);
}

static char *
roles_text (FcRoles roles)
{
  g_autoptr(GString) labels = g_string_new (NULL);

  for (guint r = 0; r < FC_N_ROLES; r++)
    if (roles & (1u << r))
      {
        if (labels->len > 0)
          g_string_append (labels, _(", "));
        g_string_append (labels, fc_role_label ((FcRoles) (1u << r)));
      }
  return labels->len > 0 ? g_string_free (g_steal_pointer (&labels), FALSE) : NULL;
}

static gpointer
load (FcStore        *store,
      HazardRequest  *request,
      GError        **error)
{
  g_autoptr(HazardResult) result = g_new0 (HazardResult, 1);
  FcActor actor;
  g_autofree char *roles = NULL;

  result->hazard = fc_queries_hazard (store, request->hazard_id, request->today, error);
  if (result->hazard == NULL)
    return NULL;
  if (!fc_hazards_load_actor (store, fc_store_get_user (store), &actor, error))
    return NULL;
  result->steps = allowed_steps (store, result->hazard, &actor);
  if (actor.person_id == NULL)
    result->actor = g_strdup (_("Nobody is signed in on this device, so no step can be taken."));
  else
    {
      g_autofree char *labels = roles_text (actor.roles);
      const char *who = fc_store_get_user (store);
      g_autoptr(sqlite3_stmt) stmt = fc_store_prepare (store, "SELECT name FROM person WHERE id = ?", NULL);

      if (stmt != NULL)
        {
          sqlite3_bind_text (stmt, 1, who, -1, SQLITE_STATIC);
          if (sqlite3_step (stmt) == SQLITE_ROW)
            who = (const char *) sqlite3_column_text (stmt, 0);
        }
      /* Translators: under the hazard's steps: the person, their roles */
      result->actor = g_strdup_printf (_("Signed in as %s (%s)"), who,
                                       labels != NULL ? labels : _("no role"));
    }
  return g_steal_pointer (&result);
}

static const char *
field (HazardRequest *request,
       const char    *name)
{
  return request->fields != NULL ? g_hash_table_lookup (request->fields, name) : NULL;
}

static gpointer
step_job (FcStore   *store,
          gpointer   data,
          GError   **error)
{
  HazardRequest *request = data;
  FcHazardAction action;
  g_autofree char *done = NULL;
  HazardResult *result;
  const char *note = field (request, "note");

  if (request->step == NULL)
    return load (store, request, error);

  if (g_str_equal (request->step, STEP_MEASURES))
    {
      FcHazardMeasures measures = { 0 };
      const char *const *fields = fc_hazard_measure_fields ();

      for (guint i = 0; fields[i] != NULL; i++)
        if (field (request, fields[i]) != NULL &&
            !fc_hazard_measures_set (&measures, fields[i], field (request, fields[i]), error))
          return NULL;
      if (!fc_hazards_record_measures (store, request->hazard_id, &measures, error))
        return NULL;
      done = g_strdup (_("Rectification measures recorded"));
    }
  else if (g_str_equal (request->step, STEP_SUPERVISE))
    {
      if (!fc_hazards_supervise (store, request->hazard_id, NULL, fc_store_get_user (store),
                                 field (request, "lead_department"), error))
        return NULL;
      done = g_strdup (_("Listed for supervision"));
    }
  else if (fc_hazard_action_from_string (request->step, &action))
    {
      if (note != NULL && *note == '\0')
        note = NULL;
      if (!fc_hazards_transition_full (store, request->hazard_id, action, note,
                                       field (request, "evidence"), field (request, "verifier_org"),
                                       NULL, error))
        return NULL;
      /* Translators: a toast after a step: the hazard's new status */
      done = g_strdup_printf (_("The hazard is now “%s”"),
                              fc_hazard_status_label (fc_hazard_action_target (action)));
    }
  else
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID, _("There is no step “%s”"), request->step);
      return NULL;
    }

  result = load (store, request, error);
  if (result != NULL)
    result->done = g_steal_pointer (&done);
  return result;
}

/* Showing the record */

static void
set_row (AdwActionRow *row,
         const char   *value)
{
  adw_action_row_set_subtitle (row, shown (value));
}

static void
set_time_row (AdwActionRow *row,
              const char   *iso)
{
  g_autofree char *text = format_time (iso);

  adw_action_row_set_subtitle (row, text);
}

static GtkWidget *
badge (const char *text,
       const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "badge");
  gtk_widget_add_css_class (label, style);
  return label;
}

static void
clear_box (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    {
      if (GTK_IS_LIST_BOX (box))
        gtk_list_box_remove (GTK_LIST_BOX (box), child);
      else if (GTK_IS_FLOW_BOX (box))
        gtk_flow_box_remove (GTK_FLOW_BOX (box), child);
      else
        gtk_box_remove (GTK_BOX (box), child);
    }
}

static char *
roles_label (const char *wire)
{
  char *text = roles_text (fc_roles_from_string (wire, NULL));

  return text != NULL ? text : g_strdup (shown (wire));
}

static GtkWidget *
event_row (JsonObject *event)
{
  GtkWidget *row = adw_action_row_new ();
  FcHazardAction action;
  FcHazardStatus to = FC_HAZARD_OPEN;
  g_autofree char *when = format_time (member (event, "at"));
  g_autofree char *title = NULL;
  g_autofree char *roles = NULL;
  g_autoptr(GString) subtitle = g_string_new (NULL);
  const char *evidence = member (event, "evidence");

  fc_hazard_status_from_string (member (event, "to_status"), &to);
  if (g_strcmp0 (member (event, "action"), "record") == 0)
    /* Translators: a history entry: the hazard was recorded, the status it started in */
    title = g_strdup_printf (_("%s → %s"), C_("hazard history", "Recorded"), fc_hazard_status_label (to));
  else if (fc_hazard_action_from_string (member (event, "action"), &action))
    /* Translators: a history entry: the step, the status it led to */
    title = g_strdup_printf (_("%s → %s"), fc_hazard_action_label (action), fc_hazard_status_label (to));
  else
    title = g_strdup_printf (_("%s → %s"), shown (member (event, "action")), fc_hazard_status_label (to));
  /* Translators: a history entry: who, their role, when */
  roles = roles_label (member (event, "actor_role"));
  g_string_append_printf (subtitle, _("%s (%s) · %s"), shown (member (event, "actor")), roles, when);
  if (member (event, "note") != NULL)
    g_string_append_printf (subtitle, "\n%s", member (event, "note"));
  if (evidence != NULL)
    {
      g_auto(GStrv) photos = g_strsplit (evidence, ",", -1);
      guint n = g_strv_length (photos);

      g_string_append_c (subtitle, '\n');
      g_string_append_printf (subtitle, g_dngettext (GETTEXT_PACKAGE, "Evidence: %u photo",
                                                     "Evidence: %u photos", n), n);
    }
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  return row;
}

static GtkWidget *
step_button (const char *step,
             const char *label)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_set_size_request (button, -1, 48);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "hazard.step");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", step);
  gtk_widget_add_css_class (button, "pill");
  if (g_str_equal (step, fc_hazard_action_to_string (FC_HAZARD_ACTION_ACCEPT)))
    gtk_widget_add_css_class (button, "suggested-action");
  else if (g_str_equal (step, fc_hazard_action_to_string (FC_HAZARD_ACTION_REJECT)))
    gtk_widget_add_css_class (button, "destructive-action");
  return button;
}

static void
show_steps (FcHazardPage *self)
{
  clear_box (GTK_WIDGET (self->actions_box));
  for (guint i = 0; self->steps != NULL && self->steps[i] != NULL; i++)
    {
      FcHazardAction action;
      const char *label;

      if (g_str_equal (self->steps[i], STEP_MEASURES))
        label = _("Record Measures");
      else if (g_str_equal (self->steps[i], STEP_SUPERVISE))
        label = _("List for Supervision");
      else if (fc_hazard_action_from_string (self->steps[i], &action))
        label = fc_hazard_action_label (action);
      else
        continue;
      gtk_flow_box_append (self->actions_box, step_button (self->steps[i], label));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->actions_box),
                          self->steps != NULL && self->steps[0] != NULL);
}

static void
show_hazard (FcHazardPage *self,
             HazardResult *result)
{
  JsonObject *h = result->hazard;
  FcHazardLevel level = FC_HAZARD_LEVEL_GENERAL;
  FcCategory category = FC_CATEGORY_OTHER;
  JsonArray *events = json_object_get_array_member (h, "events");
  g_autofree char *found = format_time (member (h, "found_at"));
  g_autofree char *subtitle = NULL;
  g_autofree char *found_text = NULL;
  g_autofree char *grid = NULL;
  g_autofree char *funds = NULL;
  g_autofree char *deadline = NULL;
  gboolean overdue = json_object_get_int_member_with_default (h, "overdue", 0) != 0;

  g_clear_pointer (&self->hazard, json_object_unref);
  self->hazard = json_object_ref (h);
  g_strfreev (self->steps);
  self->steps = g_strdupv (result->steps);
  self->status = FC_HAZARD_OPEN;
  fc_hazard_status_from_string (member (h, "status"), &self->status);
  fc_hazard_level_from_string (member (h, "level"), &level);
  fc_category_from_string (member (h, "category"), &category);
  g_free (self->facility_name);
  self->facility_name = g_strdup (member (h, "facility_name"));

  clear_box (GTK_WIDGET (self->badges));
  gtk_box_append (self->badges, badge (fc_hazard_level_label (level),
                                       level == FC_HAZARD_LEVEL_MAJOR ? "badge-major" : "badge-general"));
  gtk_box_append (self->badges, badge (fc_hazard_status_label (self->status), "badge-status"));
  if (overdue)
    gtk_box_append (self->badges, badge (_("Overdue"), "badge-overdue"));
  if (member (h, "supervised_at") != NULL)
    gtk_box_append (self->badges, badge (_("Supervised"), "badge-status"));

  gtk_label_set_text (self->description_label, shown (member (h, "description")));
  /* Translators: under a hazard's description: institution · category · location */
  subtitle = g_strdup_printf (_("%s · %s · %s"), shown (self->facility_name), fc_category_label (category),
                              shown (member (h, "location")));
  gtk_label_set_text (self->subtitle_label, subtitle);
  gtk_label_set_text (self->actor_label, result->actor);
  show_steps (self);

  set_row (self->party_row, member (h, "responsible_party"));
  set_row (self->person_row, member (h, "responsible_person"));
  set_row (self->measures_row, member (h, "measures"));
  if (json_object_has_member (h, "funds") && !json_object_get_null_member (h, "funds"))
    /* Translators: rectification funds in yuan */
    funds = g_strdup_printf (_("%.2f yuan"), json_object_get_double_member (h, "funds"));
  set_row (self->funds_row, funds);
  if (overdue)
    {
      gint64 days = json_object_get_int_member_with_default (h, "days_past_deadline", 0);

      /* Translators: a deadline that has passed: the day, days since */
      deadline = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s — overdue by %d day",
                                               "%s — overdue by %d days", (gulong) days),
                                  member (h, "deadline"), (int) days);
      gtk_widget_add_css_class (GTK_WIDGET (self->deadline_row), "overdue-row");
    }
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->deadline_row), "overdue-row");
  set_row (self->deadline_row, deadline != NULL ? deadline : member (h, "deadline"));
  set_row (self->plan_row, member (h, "plan"));
  set_row (self->interim_row, member (h, "interim_controls"));

  /* Listed supervision is for major hazards: a general one shows it only if it has it. */
  gtk_widget_set_visible (self->supervision_group,
                          level == FC_HAZARD_LEVEL_MAJOR || member (h, "supervised_at") != NULL);
  set_row (self->leader_row, member (h, "supervising_leader"));
  set_row (self->department_row, member (h, "lead_department"));
  set_time_row (self->supervised_row, member (h, "supervised_at"));

  set_row (self->rectified_row, member (h, "rectified_by_name"));
  set_row (self->verifier_row, member (h, "verifier"));
  set_row (self->org_row, member (h, "verifier_org"));
  set_time_row (self->accepted_row, member (h, "accepted_at"));
  if (g_strcmp0 (member (h, "acceptance_outcome"), "accepted") == 0)
    set_row (self->outcome_row, _("Accepted"));
  else if (g_strcmp0 (member (h, "acceptance_outcome"), "rejected") == 0)
    set_row (self->outcome_row, _("Rejected"));
  else
    set_row (self->outcome_row, NULL);
  set_time_row (self->closed_row, member (h, "closed_at"));

  /* Translators: when and by whom a hazard was found */
  found_text = g_strdup_printf (_("%s by %s"), found, shown (member (h, "found_by_name")));
  set_row (self->found_row, found_text);
  set_row (self->criterion_row, member (h, "criterion"));
  /* Translators: the facility's responsibility grid: area leader · line department · point cadre */
  grid = g_strdup_printf (_("%s · %s · %s"), shown (member (h, "area_leader")),
                          shown (member (h, "line_department")), shown (member (h, "point_cadre")));
  set_row (self->grid_row, grid);

  fc_photo_strip_show_rectification (self->before_strip, self->id, "before");
  fc_photo_strip_show_rectification (self->after_strip, self->id, "after");
  /* After-photos belong to rectification and its acceptance, not to a hazard not begun or closed. */
  fc_photo_strip_set_can_add (self->after_strip, self->status == FC_HAZARD_RECTIFYING ||
                                                 self->status == FC_HAZARD_AWAITING_ACCEPTANCE);

  clear_box (GTK_WIDGET (self->history_list));
  self->n_events = events != NULL ? json_array_get_length (events) : 0;
  for (guint i = 0; i < self->n_events; i++)
    gtk_list_box_append (self->history_list, event_row (json_array_get_object_element (events, i)));
  if (self->n_events == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No step taken yet"));
      gtk_list_box_append (self->history_list, row);
    }
  gtk_stack_set_visible_child_name (self->stack, "hazard");
}

static void
show_refusal (FcHazardPage *self,
              const GError *error)
{
  g_free (self->refusal);
  self->refusal = g_strdup (error->message);
  fc_refusal_dialog_present (GTK_WIDGET (self), error);
}

static void
step_done (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HazardResult) result = fc_store_service_run_finish (FC_STORE_SERVICE (source), res, &error);
  FcHazardPage *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = FC_HAZARD_PAGE (user_data);
  self->busy = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->actions_box), TRUE);
  if (result == NULL)
    {
      if (self->hazard == NULL || g_error_matches (error, FC_ERROR, FC_ERROR_NOT_FOUND))
        {
          adw_status_page_set_description (self->error_page, error->message);
          gtk_stack_set_visible_child_name (self->stack, "error");
          return;
        }
      show_refusal (self, error);
      return;
    }
  show_hazard (self, result);
  if (result->done != NULL)
    toast (self, result->done);
}

static void
run (FcHazardPage *self,
     const char   *step,
     GHashTable   *fields)
{
  HazardRequest *request = g_new0 (HazardRequest, 1);

  request->hazard_id = g_strdup (self->id);
  request->today = today_iso ();
  request->step = g_strdup (step);
  request->fields = fields != NULL ? g_hash_table_ref (fields) : NULL;
  if (step != NULL)
    {
      self->busy = TRUE;
      gtk_widget_set_sensitive (GTK_WIDGET (self->actions_box), FALSE);
    }
  fc_store_service_run_async (self->service, step_job, request, (GDestroyNotify) hazard_request_free,
                              (GDestroyNotify) hazard_result_free, self->cancellable, step_done, self);
}

/* Steps */

static void
apply_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  FcHazardPage *self = FC_HAZARD_PAGE (widget);
  g_autoptr(GHashTable) fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GVariantIter) iter = NULL;
  const char *step = NULL;
  const char *key, *value;

  if (self->id == NULL || self->service == NULL || self->busy)
    return;
  g_variant_get (parameter, "(&sa{ss})", &step, &iter);
  while (g_variant_iter_next (iter, "{&s&s}", &key, &value))
    g_hash_table_insert (fields, g_strdup (key), g_strdup (value));
  if (g_strcmp0 (step, fc_hazard_action_to_string (FC_HAZARD_ACTION_ACCEPT)) == 0 &&
      !g_hash_table_contains (fields, "evidence") &&
      fc_photo_strip_get_n_photos (self->after_strip) > 0)
    {
      g_autoptr(GString) evidence = g_string_new (NULL);

      /* The after-photos on screen are what the verifier judged on. */
      for (guint i = 0; i < fc_photo_strip_get_n_photos (self->after_strip); i++)
        {
          if (evidence->len > 0)
            g_string_append_c (evidence, ',');
          g_string_append (evidence, fc_photo_strip_get_photo_id (self->after_strip, i));
        }
      g_hash_table_insert (fields, g_strdup ("evidence"), g_string_free (g_steal_pointer (&evidence), FALSE));
    }
  g_clear_pointer (&self->refusal, g_free);
  run (self, step, fields);
}

typedef struct
{
  const char *field;
  const char *title;
  const char *current;   /* what the record holds; only changes are sent */
} FormField;

static void
on_form_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     FcHazardPage     *self)
{
  GPtrArray *rows = g_object_get_data (G_OBJECT (dialog), "fc-rows");
  const char *step = g_object_get_data (G_OBJECT (dialog), "fc-step");
  g_auto(GVariantBuilder) fields = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a{ss}"));

  if (g_strcmp0 (response, "apply") != 0)
    return;
  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);
      const char *name = g_object_get_data (G_OBJECT (row), "fc-field");
      const char *current = g_object_get_data (G_OBJECT (row), "fc-current");
      const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

      if (g_strcmp0 (text, current != NULL ? current : "") != 0)
        g_variant_builder_add (&fields, "{ss}", name, text);
    }
  gtk_widget_activate_action (GTK_WIDGET (self), "hazard.apply", "(s@a{ss})", step,
                              g_variant_builder_end (&fields));
}

static void
open_form (FcHazardPage    *self,
           const char      *step,
           const char      *heading,
           const char      *body,
           const char      *apply_label,
           const FormField *form,
           guint            n_fields)
{
  GtkWidget *dialog;
  GtkWidget *list = gtk_list_box_new ();
  GPtrArray *rows = g_ptr_array_new ();

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), heading, body);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  for (guint i = 0; i < n_fields; i++)
    {
      GtkWidget *row = adw_entry_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), form[i].title);
      gtk_editable_set_text (GTK_EDITABLE (row), form[i].current ? form[i].current : "");
      g_object_set_data (G_OBJECT (row), "fc-field", (gpointer) form[i].field);
      g_object_set_data_full (G_OBJECT (row), "fc-current", g_strdup (form[i].current), g_free);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
      g_ptr_array_add (rows, row);
    }
  if (n_fields > 0)
    adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  g_object_set_data_full (G_OBJECT (dialog), "fc-rows", rows, (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data_full (G_OBJECT (dialog), "fc-step", g_strdup (step), g_free);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "apply", apply_label, NULL);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "apply");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "apply",
                                              g_str_equal (step, "reject") ? ADW_RESPONSE_DESTRUCTIVE
                                                                           : ADW_RESPONSE_SUGGESTED);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_form_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
step_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FcHazardPage *self = FC_HAZARD_PAGE (widget);
  const char *step = g_variant_get_string (parameter, NULL);
  FcHazardAction action;
  JsonObject *h = self->hazard;

  if (h == NULL)
    return;
  if (g_str_equal (step, STEP_MEASURES))
    {
      const FormField form[] = {
        { "responsible_party", _("Responsible party"), member (h, "responsible_party") },
        { "responsible_person", _("Person responsible for rectification"), member (h, "responsible_person") },
        { "measures", _("Measures"), member (h, "measures") },
        { "funds", _("Funds in yuan"), NULL },
        { "deadline", _("Deadline (YYYY-MM-DD)"), member (h, "deadline") },
        { "plan", _("Plan"), member (h, "plan") },
        { "interim_controls", _("Interim controls"), member (h, "interim_controls") },
      };
      g_autofree char *funds = NULL;
      FormField copy[G_N_ELEMENTS (form)];

      memcpy (copy, form, sizeof form);
      if (json_object_has_member (h, "funds") && !json_object_get_null_member (h, "funds"))
        {
          char buffer[G_ASCII_DTOSTR_BUF_SIZE];

          funds = g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.2f",
                                             json_object_get_double_member (h, "funds")));
          copy[3].current = funds;
        }
      open_form (self, step, _("Record Rectification Measures"),
                 _("The five must-haves: responsibility, measures, funds, deadline and plan."),
                 _("_Record"), copy, G_N_ELEMENTS (copy));
    }
  else if (g_str_equal (step, STEP_SUPERVISE))
    {
      const FormField form[] = {
        { "lead_department", _("Lead department"), member (h, "line_department") },
      };

      open_form (self, step, _("List for Supervision"),
                 _("You become the supervising leader of this major hazard; name the lead department."),
                 _("_List"), form, G_N_ELEMENTS (form));
    }
  else if (fc_hazard_action_from_string (step, &action))
    {
      const FormField note[] = { { "note", _("Note"), NULL } };
      const FormField reason[] = { { "note", _("Reason"), NULL } };
      const FormField found[] = { { "note", _("What the look-back found"), NULL } };
      const FormField accept[] = {
        { "verifier_org", _("Organisation that judged (if a third party)"), NULL },
        { "note", _("Note"), NULL },
      };

      switch (action)
        {
        case FC_HAZARD_ACTION_ACCEPT:
          {
            guint n = fc_photo_strip_get_n_photos (self->after_strip);
            g_autofree char *body = NULL;

            if (n == 0)
              body = g_strdup (_("There is no photo after rectification yet: take or add one under "
                                 "Evidence Photos first."));
            else
              body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "Accept the rectification on the evidence of %u "
                                                   "photo after it, and close the hazard out.",
                                                   "Accept the rectification on the evidence of %u "
                                                   "photos after it, and close the hazard out.", n),
                                      n);
            open_form (self, step, fc_hazard_action_label (action), body, _("_Accept"),
                       accept, G_N_ELEMENTS (accept));
          }
          break;
        case FC_HAZARD_ACTION_REJECT:
          open_form (self, step, fc_hazard_action_label (action),
                     _("The hazard goes back to rectifying. Say what is still wrong."), _("_Reject"),
                     reason, G_N_ELEMENTS (reason));
          break;
        case FC_HAZARD_ACTION_REOPEN:
          open_form (self, step, fc_hazard_action_label (action),
                     _("The look-back found the hazard again; it is reopened and counted."), _("_Reopen"),
                     found, G_N_ELEMENTS (found));
          break;
        case FC_HAZARD_ACTION_START_RECTIFICATION:
        case FC_HAZARD_ACTION_SUBMIT_FOR_ACCEPTANCE:
        case FC_N_HAZARD_ACTIONS:
        default:
          open_form (self, step, fc_hazard_action_label (action), NULL, _("_Confirm"),
                     note, G_N_ELEMENTS (note));
        }
    }
}

/* After-photos */

typedef struct
{
  char      *hazard_id;
  GPtrArray *paths;
} ImportRequest;

static void
import_request_free (ImportRequest *request)
{
  g_free (request->hazard_id);
  g_ptr_array_unref (request->paths);
  g_free (request);
}

/* On the store's worker thread; returns the sentence for a toast. */
static gpointer
import_job (FcStore   *store,
            gpointer   data,
            GError   **error)
{
  ImportRequest *request = data;
  FcPhotoTarget target = { "acceptance", request->hazard_id, "after" };
  g_autoptr(GString) problems = g_string_new (NULL);
  guint added = 0;

  for (guint i = 0; i < request->paths->len; i++)
    {
      const char *path = request->paths->pdata[i];
      g_autoptr(GError) local = NULL;
      g_autofree char *id = fc_photos_import_file (store, path, &target, &local);
      g_autofree char *name = NULL;

      if (id != NULL)
        {
          added++;
          continue;
        }
      name = g_filename_display_basename (path);
      if (problems->len > 0)
        g_string_append_c (problems, '\n');
      g_string_append_printf (problems, _("“%s” was not added: %s"), name, local->message);
    }
  if (problems->len > 0)
    return g_string_free (g_steal_pointer (&problems), FALSE);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u photo added", "%u photos added", added),
                          added);
}

static void
import_done (GObject      *source,
             GAsyncResult *res,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = fc_store_service_run_finish (FC_STORE_SERVICE (source), res, &error);
  FcHazardPage *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = FC_HAZARD_PAGE (user_data);
  fc_photo_strip_reload (self->after_strip);
  toast (self, message != NULL ? message : error->message);
}

static void
import_after (FcHazardPage *self,
              GPtrArray    *paths)
{
  ImportRequest *request;

  if (self->id == NULL || self->service == NULL || paths->len == 0)
    return;
  request = g_new0 (ImportRequest, 1);
  request->hazard_id = g_strdup (self->id);
  request->paths = g_ptr_array_ref (paths);
  fc_store_service_run_async (self->service, import_job, request, (GDestroyNotify) import_request_free,
                              g_free, self->cancellable, import_done, self);
}

static void
add_after_photo_from_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (paths, g_variant_dup_string (parameter, NULL));
  import_after (FC_HAZARD_PAGE (widget), paths);
}

static void
on_chooser_response_cb (GtkNativeDialog *chooser,
                        int              response,
                        FcHazardPage    *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GPtrArray) paths = fc_photo_chooser_get_paths (chooser);

      import_after (self, paths);
    }
  g_clear_object (&self->chooser);
}

static void
on_add_after_cb (FcPhotoStrip *strip,
                 FcHazardPage *self)
{
  g_clear_object (&self->chooser);
  self->chooser = fc_photo_chooser_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                        _("Add Photos After Rectification"));
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_take_after_cb (FcPhotoStrip *strip,
                  FcHazardPage *self)
{
  if (self->id != NULL)
    fc_photo_strip_capture (strip, "acceptance", self->id, "after");
}

static void
on_photo_activated_cb (FcPhotoStrip *strip,
                       const char   *photo_id,
                       FcHazardPage *self)
{
  if (self->service != NULL)
    fc_photo_viewer_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), self->service, photo_id);
}

/* The page */

static void
fc_hazard_page_dispose (GObject *object)
{
  FcHazardPage *self = FC_HAZARD_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), FC_TYPE_HAZARD_PAGE);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->service);
  g_clear_pointer (&self->hazard, json_object_unref);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  G_OBJECT_CLASS (fc_hazard_page_parent_class)->dispose (object);
}

static void
fc_hazard_page_finalize (GObject *object)
{
  FcHazardPage *self = FC_HAZARD_PAGE (object);

  g_free (self->id);
  g_free (self->facility_name);
  g_free (self->refusal);
  g_strfreev (self->steps);
  G_OBJECT_CLASS (fc_hazard_page_parent_class)->finalize (object);
}

static void
fc_hazard_page_class_init (FcHazardPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fc_hazard_page_dispose;
  object_class->finalize = fc_hazard_page_finalize;

  g_type_ensure (FC_TYPE_PHOTO_STRIP);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/fieldcheck/Fieldcheck/fc-hazard-page.ui");
  /* GTK 4.8 animates a spinner its stack no longer shows, which keeps the
   * frame clock ticking: it spins while it is on screen only. */
  gtk_widget_class_bind_template_callback_full (widget_class, "gtk_spinner_start",
                                                G_CALLBACK (gtk_spinner_start));
  gtk_widget_class_bind_template_callback_full (widget_class, "gtk_spinner_stop",
                                                G_CALLBACK (gtk_spinner_stop));
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, FcHazardPage, stack);
  gtk_widget_class_bind_template_child (widget_class, FcHazardPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, FcHazardPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, FcHazardPage, back_content);
  gtk_widget_class_bind_template_child (widget_class, FcHazardPage, badges);
  gtk_widget_class_bind_template_child (widget_class, FcHazardPage, description_label);
  gtk_widget_class_bind_template_child (widget_class, FcHazardPage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, FcHazardPage, actions_box);
  gtk_widget_class_bind_template_child (widget_class, FcHazardPage, actor_label);
  gtk_widget_class_bind_template_child (widget_class, FcHazardPage, party_row);
  gtk_widget_class_bind_template_child (widget_class, FcHazardPage, person_row);
  gtk_widget_class_bind_template_child (widget_class, FcHazardPage, measures_row);
  gtk_widget_class_bind_template_child (widget_class, FcHazardPage, funds_row);
  gtk_widget_class_bind_template_child (widget_class, FcHazardPage, deadline_row);
  gtk_widget_class_bind_template_child (widget_class, FcHazardPage, plan_row);
  gtk_widget_class_bind_template_child (widget_class, FcHazardPage, interim_row);
  gtk_widget_class_bind_template_child (widget_class, FcHazardPage, supervision_group);
  gtk_widget_class_bind_template_child (widget_class, FcHazardPage, leader_row);
  gtk_widget_class_bind_template_child (widget_class, FcHazardPage, department_row);
  gtk_widget_class_bind_template_child (widget_class, FcHazardPage, supervised_row);
  gtk_widget_class_bind_template_child (widget_class, FcHazardPage, rectified_row);
  gtk_widget_class_bind_template_child (widget_class, FcHazardPage, verifier_row);
  gtk_widget_class_bind_template_child (widget_class, FcHazardPage, org_row);
  gtk_widget_class_bind_template_child (widget_class, FcHazardPage, accepted_row);
  gtk_widget_class_bind_template_child (widget_class, FcHazardPage, outcome_row);
  gtk_widget_class_bind_template_child (widget_class, FcHazardPage, closed_row);
  gtk_widget_class_bind_template_child (widget_class, FcHazardPage, found_row);
  gtk_widget_class_bind_template_child (widget_class, FcHazardPage, criterion_row);
  gtk_widget_class_bind_template_child (widget_class, FcHazardPage, grid_row);
  gtk_widget_class_bind_template_child (widget_class, FcHazardPage, photos_group);
  gtk_widget_class_bind_template_child (widget_class, FcHazardPage, before_strip);
  gtk_widget_class_bind_template_child (widget_class, FcHazardPage, after_strip);
  gtk_widget_class_bind_template_child (widget_class, FcHazardPage, history_list);

  gtk_widget_class_install_action (widget_class, "hazard.step", "s", step_action);
  gtk_widget_class_install_action (widget_class, "hazard.apply", "(sa{ss})", apply_action);
  gtk_widget_class_install_action (widget_class, "hazard.add-after-photo-from", "s",
                                   add_after_photo_from_action);
}

static void
fc_hazard_page_init (FcHazardPage *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  fc_photo_strip_set_title (self->before_strip, _("Before Rectification"));
  fc_photo_strip_set_show_add (self->before_strip, FALSE);
  fc_photo_strip_set_title (self->after_strip, _("After Rectification"));
  fc_photo_strip_set_can_add (self->after_strip, FALSE);
  g_signal_connect_object (self->after_strip, "add-photo", G_CALLBACK (on_add_after_cb), self, 0);
  g_signal_connect_object (self->after_strip, "take-photo", G_CALLBACK (on_take_after_cb), self, 0);
  g_signal_connect_object (self->before_strip, "photo-activated", G_CALLBACK (on_photo_activated_cb),
                           self, 0);
  g_signal_connect_object (self->after_strip, "photo-activated", G_CALLBACK (on_photo_activated_cb),
                           self, 0);
}

void
fc_hazard_page_set_service (FcHazardPage   *self,
                            FcStoreService *service)
{
  g_return_if_fail (FC_IS_HAZARD_PAGE (self));
  g_return_if_fail (FC_IS_STORE_SERVICE (service));

  g_set_object (&self->service, service);
  fc_photo_strip_set_service (self->before_strip, service);
  fc_photo_strip_set_service (self->after_strip, service);
}

/**
 * fc_hazard_page_show:
 * @self: the page
 * @hazard_id: the hazard to show
 *
 * Reads the hazard, its history and what the signed-in person may do with it.
 */
void
fc_hazard_page_show (FcHazardPage *self,
                     const char   *hazard_id)
{
  g_return_if_fail (FC_IS_HAZARD_PAGE (self));
  g_return_if_fail (hazard_id != NULL);

  if (g_strcmp0 (self->id, hazard_id) != 0)
    {
      g_clear_pointer (&self->hazard, json_object_unref);
      gtk_stack_set_visible_child_name (self->stack, "loading");
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller)), 0);
    }
  g_free (self->id);
  self->id = g_strdup (hazard_id);
  g_clear_pointer (&self->refusal, g_free);
  if (self->service != NULL)
    run (self, NULL, NULL);
}

void
fc_hazard_page_set_back_label (FcHazardPage *self,
                               const char   *label)
{
  g_return_if_fail (FC_IS_HAZARD_PAGE (self));
  adw_button_content_set_label (self->back_content, label);
}

const char *
fc_hazard_page_get_id (FcHazardPage *self)
{
  g_return_val_if_fail (FC_IS_HAZARD_PAGE (self), NULL);
  return self->id;
}

/* Returns: (nullable): the hazard's institution, once read */
const char *
fc_hazard_page_get_facility_name (FcHazardPage *self)
{
  g_return_val_if_fail (FC_IS_HAZARD_PAGE (self), NULL);
  return self->facility_name;
}

/* Returns: the status as last read from the store */
FcHazardStatus
fc_hazard_page_get_status (FcHazardPage *self)
{
  g_return_val_if_fail (FC_IS_HAZARD_PAGE (self), FC_HAZARD_OPEN);
  return self->status;
}

/* Returns: the entries of the history shown */
guint
fc_hazard_page_get_n_events (FcHazardPage *self)
{
  g_return_val_if_fail (FC_IS_HAZARD_PAGE (self), 0);
  return self->n_events;
}

/**
 * fc_hazard_page_offers:
 * @self: the page
 * @step: an #FcHazardAction's wire name, "measures" or "supervise"
 *
 * Returns: whether the page shows a button for @step
 */
gboolean
fc_hazard_page_offers (FcHazardPage *self,
                       const char   *step)
{
  g_return_val_if_fail (FC_IS_HAZARD_PAGE (self), FALSE);
  return self->steps != NULL && g_strv_contains ((const char * const *) self->steps, step);
}

/* Returns: (nullable): the sentence of the last refusal shown, until the next step */
/* Returns: (transfer none): the strip of photos after rectification, attached to the acceptance */
FcPhotoStrip *
fc_hazard_page_get_after_strip (FcHazardPage *self)
{
  g_return_val_if_fail (FC_IS_HAZARD_PAGE (self), NULL);
  return self->after_strip;
}

/* Returns: (transfer none): the strip of photos of the defect, before rectification */
FcPhotoStrip *
fc_hazard_page_get_before_strip (FcHazardPage *self)
{
  g_return_val_if_fail (FC_IS_HAZARD_PAGE (self), NULL);
  return self->before_strip;
}

const char *
fc_hazard_page_get_refusal (FcHazardPage *self)
{
  g_return_val_if_fail (FC_IS_HAZARD_PAGE (self), NULL);
  return self->refusal;
}
