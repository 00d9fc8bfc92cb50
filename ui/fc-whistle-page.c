/* fc-whistle-page.c: whistle-blower reports (安全吹哨人) — record, triage, dismiss, commend
 *
 * Reports are few, so they are a boxed GtkListBox. A new report offers "To a
 * Hazard" (triage: the hazard enters the ledger) and "Dismiss" (with a
 * reason); any report may be commended once. Every step goes through
 * whistle.apply ("(sa{ss})": the step, its fields), which the dialogs
 * activate and a test can too; a refusal shows the core's sentence.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fc-error.h"
#include "fc-preferences.h"
#include "fc-queries.h"
#include "fc-whistle-page.h"
#include "fc-refusal-dialog.h"
#include "fc-whistle.h"

struct _FcWhistlePage
{
  GtkWidget        parent_instance;

  GtkWidget       *scroller;
  GtkToggleButton *new_toggle;
  GtkLabel        *summary_label;
  GtkListBox      *list;

  FcStoreService  *service;
  GCancellable    *cancellable;
  JsonArray       *facilities;
  guint            n_shown;
  char            *refusal;
};

G_DEFINE_FINAL_TYPE (FcWhistlePage, fc_whistle_page, GTK_TYPE_WIDGET)

typedef struct
{
  gboolean    new_only;
  char       *step;
  GHashTable *fields;
  char       *today;
} WhistleRequest;

typedef struct
{
  JsonArray *rows;
  JsonArray *facilities;
  char      *done;
} WhistleResult;

static void
whistle_request_free (WhistleRequest *request)
{
  g_free (request->step);
  g_clear_pointer (&request->fields, g_hash_table_unref);
  g_free (request->today);
  g_free (request);
}

static void
whistle_result_free (WhistleResult *result)
{
  g_clear_pointer (&result->rows, json_array_unref);
  g_clear_pointer (&result->facilities, json_array_unref);
  g_free (result->done);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WhistleResult, whistle_result_free)

static const char *
field (WhistleRequest *request,
       const char     *name)
{
  const char *value = request->fields ? g_hash_table_lookup (request->fields, name) : NULL;

  return value != NULL && *value != '\0' ? value : NULL;
}

static gboolean
take_step (FcStore         *store,
           WhistleRequest  *request,
           char           **done,
           GError         **error)
{
  const char *step = request->step;
  const char *id = field (request, "id");

  if (g_strcmp0 (step, "record") == 0)
    {
      FcWhistleReport report = { 0 };
      g_autofree char *new_id = NULL;

      if (!fc_whistle_channel_from_string (field (request, "channel"), &report.channel))
        report.channel = FC_WHISTLE_PHONE;
      report.anonymous = g_strcmp0 (field (request, "anonymous"), "1") == 0;
      report.reporter_name = field (request, "reporter_name");
      report.reporter_contact = field (request, "reporter_contact");
      report.facility_id = field (request, "facility_id");
      report.description = field (request, "description");
      report.location = field (request, "location");
      if (!(new_id = fc_whistle_record (store, &report, error)))
        return FALSE;
      *done = g_strdup (_("Report recorded"));
    }
  else if (g_strcmp0 (step, "triage") == 0)
    {
      FcCategory category = FC_CATEGORY_OTHER;
      FcHazardLevel level = FC_HAZARD_LEVEL_GENERAL;
      g_autofree char *hazard_id = NULL;

      fc_category_from_string (field (request, "category"), &category);
      fc_hazard_level_from_string (field (request, "level"), &level);
      if (!(hazard_id = fc_whistle_triage (store, id, category, level, field (request, "description"),
                                           field (request, "deadline"), error)))
        return FALSE;
      *done = g_strdup (_("The report is a hazard in the ledger now"));
    }
  else if (g_strcmp0 (step, "dismiss") == 0)
    {
      if (!fc_whistle_dismiss (store, id, field (request, "reason"), error))
        return FALSE;
      *done = g_strdup (_("Report dismissed"));
    }
  else if (g_strcmp0 (step, "commend") == 0)
    {
      if (!fc_whistle_commend (store, id, field (request, "reason"), error))
        return FALSE;
      *done = g_strdup (_("Reporter commended"));
    }
  else if (step != NULL)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID, _("There is no step “%s”"), step);
      return FALSE;
    }
  return TRUE;
}

static gpointer
whistle_job (FcStore   *store,
             gpointer   data,
             GError   **error)
{
  WhistleRequest *request = data;
  g_autoptr(WhistleResult) result = g_new0 (WhistleResult, 1);
  FcWhistleFilter filter = { 0 };
  const char *user = fc_store_get_user (store);

  if (!take_step (store, request, &result->done, error))
    return NULL;
  filter.status = request->new_only ? "new" : NULL;
  result->rows = fc_whistle_list (store, &filter, error);
  if (result->rows == NULL)
    return NULL;
  result->facilities = fc_queries_facilities (store, user ? user : "", request->today, error);
  if (result->facilities == NULL)
    return NULL;
  return g_steal_pointer (&result);
}

static const char *
member (JsonObject *row,
        const char *name)
{
  const char *value = json_object_get_string_member_with_default (row, name, NULL);

  return value != NULL && *value != '\0' ? value : NULL;
}

static GtkWidget *
step_button (const char *label,
             const char *action,
             const char *id)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (button, -1, 48);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", id);
  return button;
}

static GtkWidget *
report_row (JsonObject *row)
{
  GtkWidget *widget = adw_action_row_new ();
  FcWhistleChannel channel = FC_WHISTLE_PHONE;
  const char *status = member (row, "status");
  const char *id = member (row, "id");
  gboolean commended = json_object_get_int_member_with_default (row, "commended", 0) != 0;
  g_autoptr(GString) subtitle = g_string_new (NULL);

  fc_whistle_channel_from_string (member (row, "channel"), &channel);
  /* Translators: a whistle-blower report: institution · channel · when */
  g_string_append_printf (subtitle, _("%s · %s · %.10s"), member (row, "facility_name"),
                          fc_whistle_channel_label (channel), member (row, "received_at"));
  g_string_append (subtitle, " · ");
  if (json_object_get_int_member_with_default (row, "anonymous", 0) != 0)
    g_string_append (subtitle, _("Anonymous"));
  else
    g_string_append (subtitle, member (row, "reporter_name") ? member (row, "reporter_name") : "—");
  g_string_append_c (subtitle, '\n');
  if (g_strcmp0 (status, "triaged") == 0)
    g_string_append (subtitle, _("Made a hazard"));
  else if (g_strcmp0 (status, "dismissed") == 0)
    /* Translators: a dismissed report, with the reason */
    g_string_append_printf (subtitle, _("Dismissed: %s"), member (row, "dismiss_reason") ? member (row, "dismiss_reason") : "—");
  else
    g_string_append (subtitle, _("Not yet decided"));
  if (commended)
    g_string_append_printf (subtitle, " · %s", _("Commended"));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (widget), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (widget), member (row, "description") ? member (row, "description") : "—");
  adw_action_row_set_subtitle (ADW_ACTION_ROW (widget), subtitle->str);
  if (g_strcmp0 (status, "new") == 0)
    {
      adw_action_row_add_suffix (ADW_ACTION_ROW (widget), step_button (_("To a _Hazard…"), "whistle.triage", id));
      adw_action_row_add_suffix (ADW_ACTION_ROW (widget), step_button (_("_Dismiss…"), "whistle.dismiss", id));
    }
  /* Only a named report made a hazard earns a commendation. */
  if (g_strcmp0 (status, "triaged") == 0 && !commended &&
      json_object_get_int_member_with_default (row, "anonymous", 0) == 0)
    adw_action_row_add_suffix (ADW_ACTION_ROW (widget), step_button (_("_Commend…"), "whistle.commend", id));
  if (member (row, "hazard_id") != NULL)
    {
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (widget), TRUE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (widget), "win.open-hazard");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (widget), "s", member (row, "hazard_id"));
    }
  return widget;
}

static void
show_refusal (FcWhistlePage *self,
              const GError  *error)
{
  g_free (self->refusal);
  self->refusal = g_strdup (error->message);
  fc_refusal_dialog_present (GTK_WIDGET (self), error);
}

static void
whistle_done (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WhistleResult) result = fc_store_service_run_finish (FC_STORE_SERVICE (source), res, &error);
  FcWhistlePage *self;
  GtkWidget *child, *overlay;
  g_autofree char *summary = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = FC_WHISTLE_PAGE (user_data);
  if (result == NULL)
    {
      show_refusal (self, error);
      return;
    }
  g_clear_pointer (&self->facilities, json_array_unref);
  self->facilities = json_array_ref (result->facilities);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  self->n_shown = json_array_get_length (result->rows);
  for (guint i = 0; i < self->n_shown; i++)
    gtk_list_box_append (self->list, report_row (json_array_get_object_element (result->rows, i)));
  gtk_widget_set_visible (GTK_WIDGET (self->list), self->n_shown > 0);
  if (self->n_shown == 0)
    summary = g_strdup (_("No reports. Record one when a call, an e-mail or a visitor tells of a hazard."));
  else
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u report", "%u reports", self->n_shown),
                               self->n_shown);
  gtk_label_set_text (self->summary_label, summary);
  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (result->done != NULL && overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (result->done));
}

static void
run (FcWhistlePage *self,
     const char    *step,
     GHashTable    *fields)
{
  WhistleRequest *request;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (self->service == NULL)
    return;
  request = g_new0 (WhistleRequest, 1);
  request->new_only = gtk_toggle_button_get_active (self->new_toggle);
  request->step = g_strdup (step);
  request->fields = fields ? g_hash_table_ref (fields) : NULL;
  request->today = g_date_time_format (now, "%Y-%m-%d");
  g_clear_pointer (&self->refusal, g_free);
  fc_store_service_run_async (self->service, whistle_job, request, (GDestroyNotify) whistle_request_free,
                              (GDestroyNotify) whistle_result_free, self->cancellable, whistle_done, self);
}

void
fc_whistle_page_reload (FcWhistlePage *self)
{
  g_return_if_fail (FC_IS_WHISTLE_PAGE (self));
  run (self, NULL, NULL);
}

static void
on_new_toggled_cb (FcWhistlePage *self)
{
  fc_whistle_page_reload (self);
}

static void
apply_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  g_autoptr(GHashTable) fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GVariantIter) iter = NULL;
  const char *step, *key, *value;

  g_variant_get (parameter, "(&sa{ss})", &step, &iter);
  while (g_variant_iter_next (iter, "{&s&s}", &key, &value))
    g_hash_table_insert (fields, g_strdup (key), g_strdup (value));
  if (g_strcmp0 (step, "triage") == 0 &&
      (g_hash_table_lookup (fields, "deadline") == NULL ||
       *(const char *) g_hash_table_lookup (fields, "deadline") == '\0'))
    {
      FcHazardLevel level = FC_HAZARD_LEVEL_GENERAL;
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autoptr(GDateTime) due = NULL;

      /* An empty deadline is the default the settings give the level. */
      fc_hazard_level_from_string (g_hash_table_lookup (fields, "level"), &level);
      due = g_date_time_add_days (now, (int) fc_settings_get_deadline_days (level == FC_HAZARD_LEVEL_MAJOR));
      g_hash_table_insert (fields, g_strdup ("deadline"), g_date_time_format (due, "%Y-%m-%d"));
    }
  run (FC_WHISTLE_PAGE (widget), step, fields);
}

/* Dialogs: text rows, choices and a switch, sent as whistle.apply's fields. */

typedef enum
{
  FIELD_TEXT,
  FIELD_CHOICE,
  FIELD_SWITCH,
} FieldKind;

static void
on_form_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     FcWhistlePage    *self)
{
  GPtrArray *rows = g_object_get_data (G_OBJECT (dialog), "fc-rows");
  g_auto(GVariantBuilder) fields = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a{ss}"));
  const char *id = g_object_get_data (G_OBJECT (dialog), "fc-id");

  if (g_strcmp0 (response, "apply") != 0)
    return;
  if (id != NULL)
    g_variant_builder_add (&fields, "{ss}", "id", id);
  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);
      const char *key = g_object_get_data (G_OBJECT (row), "fc-key");
      GtkWidget *toggle = g_object_get_data (G_OBJECT (row), "fc-switch");
      GStrv values = g_object_get_data (G_OBJECT (row), "fc-values");

      if (toggle != NULL)
        g_variant_builder_add (&fields, "{ss}", key, gtk_switch_get_active (GTK_SWITCH (toggle)) ? "1" : "0");
      else if (values != NULL)
        {
          guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (row));

          if (selected < g_strv_length (values))
            g_variant_builder_add (&fields, "{ss}", key, values[selected]);
        }
      else
        g_variant_builder_add (&fields, "{ss}", key, gtk_editable_get_text (GTK_EDITABLE (row)));
    }
  gtk_widget_activate_action (GTK_WIDGET (self), "whistle.apply", "(s@a{ss})",
                              g_object_get_data (G_OBJECT (dialog), "fc-step"),
                              g_variant_builder_end (&fields));
}

static GtkWidget *
form_row (FieldKind           kind,
          const char         *key,
          const char         *title,
          const char         *value,
          const char * const *labels,
          const char * const *values)
{
  GtkWidget *row;

  switch (kind)
    {
    case FIELD_CHOICE:
      {
        g_autoptr(GtkStringList) model = gtk_string_list_new (labels);

        row = adw_combo_row_new ();
        adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
        g_object_set_data_full (G_OBJECT (row), "fc-values", g_strdupv ((char **) values),
                                (GDestroyNotify) g_strfreev);
        break;
      }
    case FIELD_SWITCH:
      {
        GtkWidget *toggle = gtk_switch_new ();

        row = adw_action_row_new ();
        gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
        adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
        g_object_set_data (G_OBJECT (row), "fc-switch", toggle);
        break;
      }
    case FIELD_TEXT:
    default:
      row = adw_entry_row_new ();
      gtk_editable_set_text (GTK_EDITABLE (row), value ? value : "");
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  g_object_set_data (G_OBJECT (row), "fc-key", (gpointer) key);
  return row;
}

static AdwMessageDialog *
open_form (FcWhistlePage *self,
           const char    *step,
           const char    *id,
           const char    *heading,
           const char    *apply)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                              heading, NULL);
  GtkWidget *list = gtk_list_box_new ();

  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  g_object_set_data (G_OBJECT (dialog), "fc-list", list);
  g_object_set_data_full (G_OBJECT (dialog), "fc-rows", g_ptr_array_new (), (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data_full (G_OBJECT (dialog), "fc-step", g_strdup (step), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "fc-id", g_strdup (id), g_free);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "apply", apply, NULL);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "apply");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "apply", ADW_RESPONSE_SUGGESTED);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_form_response_cb), self, 0);
  return ADW_MESSAGE_DIALOG (dialog);
}

static void
add_row (AdwMessageDialog *dialog,
         GtkWidget        *row)
{
  gtk_list_box_append (GTK_LIST_BOX (g_object_get_data (G_OBJECT (dialog), "fc-list")), row);
  g_ptr_array_add (g_object_get_data (G_OBJECT (dialog), "fc-rows"), row);
}

static void
record_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FcWhistlePage *self = FC_WHISTLE_PAGE (widget);
  AdwMessageDialog *dialog = open_form (self, "record", NULL, _("Record a Whistle-blower Report"), _("_Record"));
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  guint n = self->facilities ? json_array_get_length (self->facilities) : 0;

  for (guint c = 0; c < FC_N_WHISTLE_CHANNELS; c++)
    {
      g_ptr_array_add (labels, (gpointer) fc_whistle_channel_label ((FcWhistleChannel) c));
      g_ptr_array_add (values, (gpointer) fc_whistle_channel_to_string ((FcWhistleChannel) c));
    }
  g_ptr_array_add (labels, NULL);
  g_ptr_array_add (values, NULL);
  add_row (dialog, form_row (FIELD_CHOICE, "channel", _("Channel"), NULL,
                             (const char * const *) labels->pdata, (const char * const *) values->pdata));
  g_ptr_array_set_size (labels, 0);
  g_ptr_array_set_size (values, 0);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *f = json_array_get_object_element (self->facilities, i);

      g_ptr_array_add (labels, (gpointer) json_object_get_string_member (f, "name"));
      g_ptr_array_add (values, (gpointer) json_object_get_string_member (f, "id"));
    }
  g_ptr_array_add (labels, NULL);
  g_ptr_array_add (values, NULL);
  add_row (dialog, form_row (FIELD_CHOICE, "facility_id", _("Institution"), NULL,
                             (const char * const *) labels->pdata, (const char * const *) values->pdata));
  add_row (dialog, form_row (FIELD_TEXT, "description", _("What was reported"), NULL, NULL, NULL));
  add_row (dialog, form_row (FIELD_TEXT, "location", _("Where in the institution"), NULL, NULL, NULL));
  add_row (dialog, form_row (FIELD_SWITCH, "anonymous", _("The reporter stays anonymous"), NULL, NULL, NULL));
  add_row (dialog, form_row (FIELD_TEXT, "reporter_name", _("Reporter’s name"), NULL, NULL, NULL));
  add_row (dialog, form_row (FIELD_TEXT, "reporter_contact", _("How to reach the reporter"), NULL, NULL, NULL));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
triage_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FcWhistlePage *self = FC_WHISTLE_PAGE (widget);
  AdwMessageDialog *dialog = open_form (self, "triage", g_variant_get_string (parameter, NULL),
                                        _("Make the Report a Hazard"), _("_Make a Hazard"));
  const char *category_labels[FC_N_CATEGORIES + 1] = { NULL };
  const char *category_values[FC_N_CATEGORIES + 1] = { NULL };
  const char *level_labels[FC_N_HAZARD_LEVELS + 1] = { NULL };
  const char *level_values[FC_N_HAZARD_LEVELS + 1] = { NULL };

  for (guint c = 0; c < FC_N_CATEGORIES; c++)
    {
      category_labels[c] = fc_category_label ((FcCategory) c);
      category_values[c] = fc_category_to_string ((FcCategory) c);
    }
  for (guint l = 0; l < FC_N_HAZARD_LEVELS; l++)
    {
      level_labels[l] = fc_hazard_level_label ((FcHazardLevel) l);
      level_values[l] = fc_hazard_level_to_string ((FcHazardLevel) l);
    }
  add_row (dialog, form_row (FIELD_CHOICE, "category", _("Category"), NULL, category_labels, category_values));
  add_row (dialog, form_row (FIELD_CHOICE, "level", _("Risk level"), NULL, level_labels, level_values));
  add_row (dialog, form_row (FIELD_TEXT, "description", _("The hazard, as the ledger will say it"),
                             NULL, NULL, NULL));
  add_row (dialog, form_row (FIELD_TEXT, "deadline", _("Deadline (YYYY-MM-DD, empty for the default)"),
                             NULL, NULL, NULL));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
reason_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FcWhistlePage *self = FC_WHISTLE_PAGE (widget);
  gboolean dismiss = g_str_equal (action_name, "whistle.dismiss");
  AdwMessageDialog *dialog = open_form (self, dismiss ? "dismiss" : "commend",
                                        g_variant_get_string (parameter, NULL),
                                        dismiss ? _("Dismiss the Report") : _("Commend the Reporter"),
                                        dismiss ? _("_Dismiss") : _("_Commend"));

  add_row (dialog, form_row (FIELD_TEXT, "reason", dismiss ? _("Why") : _("The commendation"),
                             NULL, NULL, NULL));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
fc_whistle_page_dispose (GObject *object)
{
  FcWhistlePage *self = FC_WHISTLE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), FC_TYPE_WHISTLE_PAGE);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->service);
  g_clear_pointer (&self->facilities, json_array_unref);
  G_OBJECT_CLASS (fc_whistle_page_parent_class)->dispose (object);
}

static void
fc_whistle_page_finalize (GObject *object)
{
  g_free (FC_WHISTLE_PAGE (object)->refusal);
  G_OBJECT_CLASS (fc_whistle_page_parent_class)->finalize (object);
}

static void
fc_whistle_page_class_init (FcWhistlePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fc_whistle_page_dispose;
  object_class->finalize = fc_whistle_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/fieldcheck/Fieldcheck/fc-whistle-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, FcWhistlePage, scroller);
  gtk_widget_class_bind_template_child (widget_class, FcWhistlePage, new_toggle);
  gtk_widget_class_bind_template_child (widget_class, FcWhistlePage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, FcWhistlePage, list);
  gtk_widget_class_bind_template_callback (widget_class, on_new_toggled_cb);

  gtk_widget_class_install_action (widget_class, "whistle.apply", "(sa{ss})", apply_action);
  gtk_widget_class_install_action (widget_class, "whistle.record", NULL, record_action);
  gtk_widget_class_install_action (widget_class, "whistle.triage", "s", triage_action);
  gtk_widget_class_install_action (widget_class, "whistle.dismiss", "s", reason_action);
  gtk_widget_class_install_action (widget_class, "whistle.commend", "s", reason_action);
}

static void
fc_whistle_page_init (FcWhistlePage *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
fc_whistle_page_set_service (FcWhistlePage  *self,
                             FcStoreService *service)
{
  g_return_if_fail (FC_IS_WHISTLE_PAGE (self));
  g_return_if_fail (FC_IS_STORE_SERVICE (service));
  g_set_object (&self->service, service);
}

/* Returns: the reports listed */
guint
fc_whistle_page_get_n_shown (FcWhistlePage *self)
{
  g_return_val_if_fail (FC_IS_WHISTLE_PAGE (self), 0);
  return self->n_shown;
}

/* Returns: (nullable): the sentence of the last refusal shown, until the next step */
const char *
fc_whistle_page_get_refusal (FcWhistlePage *self)
{
  g_return_val_if_fail (FC_IS_WHISTLE_PAGE (self), NULL);
  return self->refusal;
}
