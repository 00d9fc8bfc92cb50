/* fc-lookback-page.c: look-back re-checks (回头看) — schedule a round, record what each found
 *
 * The list is short (one round at a time, tens of re-checks), so it is a
 * boxed GtkListBox. Each pending re-check offers "No Rebound" and "Rebound";
 * a rebound asks what was found and reopens the hazard in the same
 * transaction (fc_lookback_record). Steps go through lookback.record
 * ("(sbs)": the re-check, rebound, the note) and lookback.schedule-share
 * ("d"), which the dialogs activate and a test can too. A refusal is shown
 * with the core's sentence.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fc-error.h"
#include "fc-lookback-page.h"
#include "fc-refusal-dialog.h"
#include "fc-preferences.h"
#include "fc-lookback.h"
#include "fc-types.h"

struct _FcLookbackPage
{
  GtkWidget        parent_instance;

  GtkWidget       *scroller;
  GtkToggleButton *pending_toggle;
  GtkLabel        *summary_label;
  GtkListBox      *list;

  FcStoreService  *service;
  GCancellable    *cancellable;
  guint            n_shown;
  char            *refusal;
};

G_DEFINE_FINAL_TYPE (FcLookbackPage, fc_lookback_page, GTK_TYPE_WIDGET)

typedef struct
{
  gboolean  pending_only;
  char     *step;        /* NULL, "record" or "schedule" */
  char     *id;
  gboolean  rebound;
  char     *note;
  double    share;
  char     *today;
} LookbackRequest;

typedef struct
{
  JsonArray *rows;
  char      *done;
} LookbackResult;

static void
lookback_request_free (LookbackRequest *request)
{
  g_free (request->step);
  g_free (request->id);
  g_free (request->note);
  g_free (request->today);
  g_free (request);
}

static void
lookback_result_free (LookbackResult *result)
{
  g_clear_pointer (&result->rows, json_array_unref);
  g_free (result->done);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LookbackResult, lookback_result_free)

static gpointer
lookback_job (FcStore   *store,
              gpointer   data,
              GError   **error)
{
  LookbackRequest *request = data;
  g_autoptr(LookbackResult) result = g_new0 (LookbackResult, 1);

  if (g_strcmp0 (request->step, "record") == 0)
    {
      if (!fc_lookback_record (store, request->id, request->rebound ? FC_LOOKBACK_REBOUND : FC_LOOKBACK_HELD,
                               request->note, NULL, NULL, error))
        return NULL;
      result->done = g_strdup (request->rebound ? _("Rebound recorded; the hazard is reopened")
                                                : _("Recorded: the rectification held"));
    }
  else if (g_strcmp0 (request->step, "schedule") == 0)
    {
      FcLookbackPlan plan = { 0 };
      FcLookbackSummary summary;

      plan.day = request->today;
      plan.general_share = request->share;
      plan.seed = g_str_hash (request->today);
      if (!fc_lookback_schedule (store, &plan, &summary, error))
        return NULL;
      /* Translators: after scheduling a look-back round: major hazards, general ones picked, of how many */
      result->done = g_strdup_printf (_("Scheduled %u major and %u of %u general hazards"),
                                      summary.major, summary.sampled, summary.general_candidates);
    }
  result->rows = fc_lookback_list (store, NULL, NULL, request->pending_only, error);
  if (result->rows == NULL)
    return NULL;
  return g_steal_pointer (&result);
}

static const char *
member (JsonObject *row,
        const char *name)
{
  const char *value = json_object_get_string_member_with_default (row, name, NULL);

  return value != NULL && *value != '\0' ? value : "—";
}

static GtkWidget *
step_button (const char *label,
             const char *id,
             gboolean    rebound)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (button, -1, 48);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), rebound ? "lookback.rebound" : "lookback.held");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", id);
  if (rebound)
    gtk_widget_add_css_class (button, "destructive-action");
  return button;
}

static GtkWidget *
lookback_row (JsonObject *row)
{
  GtkWidget *widget = adw_action_row_new ();
  const char *outcome = member (row, "outcome");
  FcHazardLevel level = FC_HAZARD_LEVEL_GENERAL;
  g_autofree char *subtitle = NULL;
  const char *state;

  fc_hazard_level_from_string (member (row, "level"), &level);
  if (g_str_equal (outcome, "held"))
    state = _("Held");
  else if (g_str_equal (outcome, "rebound"))
    state = _("Rebound");
  else
    state = _("Not yet checked");
  /* Translators: a look-back row: institution · level · due day · outcome */
  subtitle = g_strdup_printf (_("%s · %s · due %s · %s"), member (row, "facility_name"),
                              fc_hazard_level_label (level), member (row, "due_on"), state);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (widget), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (widget), member (row, "description"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (widget), subtitle);
  if (g_str_equal (outcome, "pending"))
    {
      adw_action_row_add_suffix (ADW_ACTION_ROW (widget),
                                 step_button (_("_No Rebound"), member (row, "id"), FALSE));
      adw_action_row_add_suffix (ADW_ACTION_ROW (widget),
                                 step_button (_("_Rebound…"), member (row, "id"), TRUE));
    }
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (widget), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (widget), "win.open-hazard");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (widget), "s", member (row, "hazard_id"));
  return widget;
}

static void
show_refusal (FcLookbackPage *self,
              const GError   *error)
{
  g_free (self->refusal);
  self->refusal = g_strdup (error->message);
  fc_refusal_dialog_present (GTK_WIDGET (self), error);
}

static void
lookback_done (GObject      *source,
               GAsyncResult *res,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LookbackResult) result = fc_store_service_run_finish (FC_STORE_SERVICE (source), res, &error);
  FcLookbackPage *self;
  GtkWidget *child;
  GtkWidget *overlay;
  g_autofree char *summary = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = FC_LOOKBACK_PAGE (user_data);
  if (result == NULL)
    {
      show_refusal (self, error);
      return;
    }
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  self->n_shown = json_array_get_length (result->rows);
  for (guint i = 0; i < self->n_shown; i++)
    gtk_list_box_append (self->list, lookback_row (json_array_get_object_element (result->rows, i)));
  gtk_widget_set_visible (GTK_WIDGET (self->list), self->n_shown > 0);
  if (self->n_shown == 0)
    summary = g_strdup (gtk_toggle_button_get_active (self->pending_toggle)
                        ? _("No re-check is waiting. Schedule a round to pick the closed-out hazards to check again.")
                        : _("No look-back has been scheduled yet."));
  else
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u re-check", "%u re-checks", self->n_shown),
                               self->n_shown);
  gtk_label_set_text (self->summary_label, summary);
  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (result->done != NULL && overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (result->done));
}

static void
run (FcLookbackPage  *self,
     LookbackRequest *request)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (self->service == NULL)
    {
      lookback_request_free (request);
      return;
    }
  request->pending_only = gtk_toggle_button_get_active (self->pending_toggle);
  request->today = g_date_time_format (now, "%Y-%m-%d");
  g_clear_pointer (&self->refusal, g_free);
  fc_store_service_run_async (self->service, lookback_job, request, (GDestroyNotify) lookback_request_free,
                              (GDestroyNotify) lookback_result_free, self->cancellable, lookback_done, self);
}

void
fc_lookback_page_reload (FcLookbackPage *self)
{
  g_return_if_fail (FC_IS_LOOKBACK_PAGE (self));
  run (self, g_new0 (LookbackRequest, 1));
}

static void
on_pending_toggled_cb (FcLookbackPage *self)
{
  fc_lookback_page_reload (self);
}

static void
record_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LookbackRequest *request = g_new0 (LookbackRequest, 1);
  const char *id, *note;

  g_variant_get (parameter, "(&sb&s)", &id, &request->rebound, &note);
  request->step = g_strdup ("record");
  request->id = g_strdup (id);
  request->note = *note != '\0' ? g_strdup (note) : NULL;
  run (FC_LOOKBACK_PAGE (widget), request);
}

static void
schedule_share_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  LookbackRequest *request = g_new0 (LookbackRequest, 1);

  request->step = g_strdup ("schedule");
  request->share = g_variant_get_double (parameter);
  run (FC_LOOKBACK_PAGE (widget), request);
}

static void
held_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  gtk_widget_activate_action (widget, "lookback.record", "(sbs)", g_variant_get_string (parameter, NULL),
                              FALSE, "");
}

static void
on_dialog_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       FcLookbackPage   *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "fc-entry");
  const char *id = g_object_get_data (G_OBJECT (dialog), "fc-id");
  const char *text = gtk_editable_get_text (entry);

  if (g_strcmp0 (response, "apply") != 0)
    return;
  if (id != NULL)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "lookback.record", "(sbs)", id, TRUE, text);
      return;
    }
  {
    char *end = NULL;
    double share = g_ascii_strtod (text, &end);
    g_autoptr(GError) error = NULL;

    if (end == text || *end != '\0' || !(share >= 0 && share <= 1))
      {
        error = g_error_new (FC_ERROR, FC_ERROR_INVALID,
                             _("The share of general hazards is a number from 0 to 1, such as 0.2"));
        show_refusal (self, error);
        return;
      }
    gtk_widget_activate_action (GTK_WIDGET (self), "lookback.schedule-share", "d", share);
  }
}

static void
ask (FcLookbackPage *self,
     const char     *heading,
     const char     *body,
     const char     *field,
     const char     *value,
     const char     *apply,
     const char     *id)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                              heading, body);
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *entry = adw_entry_row_new ();

  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry), field);
  gtk_editable_set_text (GTK_EDITABLE (entry), value);
  gtk_list_box_append (GTK_LIST_BOX (list), entry);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  g_object_set_data (G_OBJECT (dialog), "fc-entry", entry);
  g_object_set_data_full (G_OBJECT (dialog), "fc-id", g_strdup (id), g_free);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "apply", apply, NULL);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "apply");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "apply",
                                              id != NULL ? ADW_RESPONSE_DESTRUCTIVE : ADW_RESPONSE_SUGGESTED);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_dialog_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
rebound_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ask (FC_LOOKBACK_PAGE (widget), _("The Hazard Is Back"),
       _("It is reopened and counted as a rebound. Say what the look-back found."),
       _("What was found"), "", _("_Reopen"), g_variant_get_string (parameter, NULL));
}

static void
schedule_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  char share[G_ASCII_DTOSTR_BUF_SIZE];

  /* The share the settings give, to change for this round if need be. */
  g_ascii_formatd (share, sizeof share, "%.2g", fc_settings_get_look_back_share ());
  ask (FC_LOOKBACK_PAGE (widget), _("Schedule a Look-back Round"),
       _("Every major hazard closed out so far is checked again, and this share of the general ones, "
         "picked at random. The re-checks are due in 30 days."),
       _("Share of general hazards (0 to 1)"), share, _("_Schedule"), NULL);
}

static void
fc_lookback_page_dispose (GObject *object)
{
  FcLookbackPage *self = FC_LOOKBACK_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), FC_TYPE_LOOKBACK_PAGE);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->service);
  G_OBJECT_CLASS (fc_lookback_page_parent_class)->dispose (object);
}

static void
fc_lookback_page_finalize (GObject *object)
{
  g_free (FC_LOOKBACK_PAGE (object)->refusal);
  G_OBJECT_CLASS (fc_lookback_page_parent_class)->finalize (object);
}

static void
fc_lookback_page_class_init (FcLookbackPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fc_lookback_page_dispose;
  object_class->finalize = fc_lookback_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/fieldcheck/Fieldcheck/fc-lookback-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, FcLookbackPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, FcLookbackPage, pending_toggle);
  gtk_widget_class_bind_template_child (widget_class, FcLookbackPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, FcLookbackPage, list);
  gtk_widget_class_bind_template_callback (widget_class, on_pending_toggled_cb);

  gtk_widget_class_install_action (widget_class, "lookback.record", "(sbs)", record_action);
  gtk_widget_class_install_action (widget_class, "lookback.held", "s", held_action);
  gtk_widget_class_install_action (widget_class, "lookback.rebound", "s", rebound_action);
  gtk_widget_class_install_action (widget_class, "lookback.schedule", NULL, schedule_action);
  gtk_widget_class_install_action (widget_class, "lookback.schedule-share", "d", schedule_share_action);
}

static void
fc_lookback_page_init (FcLookbackPage *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
fc_lookback_page_set_service (FcLookbackPage *self,
                              FcStoreService *service)
{
  g_return_if_fail (FC_IS_LOOKBACK_PAGE (self));
  g_return_if_fail (FC_IS_STORE_SERVICE (service));
  g_set_object (&self->service, service);
}

/* Returns: the re-checks listed */
guint
fc_lookback_page_get_n_shown (FcLookbackPage *self)
{
  g_return_val_if_fail (FC_IS_LOOKBACK_PAGE (self), 0);
  return self->n_shown;
}

/* Returns: (nullable): the sentence of the last refusal shown, until the next step */
const char *
fc_lookback_page_get_refusal (FcLookbackPage *self)
{
  g_return_val_if_fail (FC_IS_LOOKBACK_PAGE (self), NULL);
  return self->refusal;
}
