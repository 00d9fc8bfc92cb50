/* fc-sync-page.c: the sync page — enrolment, what waits, what the server took or refused, conflicts
 *
 * Everything shown comes from the sync service's status, which it reads on
 * the window's store worker; the page only lays it out again on "changed".
 * sync.now, sync.enroll, sync.set-ca ("ms": the CA file, or nothing for the
 * system's authorities) and sync.resolve ("(xb)": the conflict, keep mine)
 * are what the buttons and the CA file chooser activate, and what a test
 * activates too.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "fc-sync-page.h"

struct _FcSyncPage
{
  GtkWidget        parent_instance;

  GtkWidget       *scroller;
  AdwActionRow    *server_row;
  AdwActionRow    *acting_row;
  AdwActionRow    *waiting_row;
  GtkLabel        *waiting_label;
  AdwActionRow    *acked_row;
  GtkLabel        *acked_label;
  AdwActionRow    *error_row;
  AdwActionRow    *note_row;
  GtkButton       *sync_button;
  GtkProgressBar  *progress;
  GtkWidget       *enroll_group;
  AdwEntryRow     *url_entry;
  AdwEntryRow     *token_entry;
  AdwActionRow    *ca_row;
  GtkWidget       *ca_clear_button;
  AdwEntryRow     *pin_entry;
  GtkWidget       *conflicts_group;
  GtkBox          *conflicts_box;
  GtkWidget       *refused_group;
  GtkListBox      *refused_list;
  GtkWidget       *incoming_group;
  GtkListBox      *incoming_list;

  FcSyncService   *service;
  GtkFileChooserNative *chooser;
  char            *ca_file;
  guint            pulse_id;
  char            *notice;
  char            *lists;     /* what the lists show, to leave them be when nothing changed */
};

G_DEFINE_FINAL_TYPE (FcSyncPage, fc_sync_page, GTK_TYPE_WIDGET)

static char *
format_time (gint64 ms)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (ms / 1000);

  return time ? g_date_time_format (time, "%Y-%m-%d %H:%M") : g_strdup ("—");
}

static void
set_notice (FcSyncPage *self,
            const char *notice)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  g_free (self->notice);
  self->notice = g_strdup (notice);
  if (notice != NULL && overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (notice));
}

static gboolean
pulse_cb (gpointer user_data)
{
  gtk_progress_bar_pulse (GTK_PROGRESS_BAR (user_data));
  return G_SOURCE_CONTINUE;
}

static GtkWidget *
side_column (const FcSyncConflictSide *side,
             const char               *heading,
             const char               *button_label,
             gint64                    conflict_id,
             gboolean                  keep_mine)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_label_new (heading);
  GtkWidget *value = gtk_label_new (side->value ? side->value : _("(empty)"));
  GtkWidget *meta;
  GtkWidget *button = gtk_button_new_with_mnemonic (button_label);
  g_autofree char *when = side->at_ms > 0 ? format_time (side->at_ms) : g_strdup ("—");
  g_autofree char *who_when = NULL;

  /* Translators: who wrote a value and when, under it in a conflict */
  who_when = g_strdup_printf (_("%s · %s"), side->who ? side->who : _("unknown person"), when);
  meta = gtk_label_new (who_when);
  gtk_widget_set_hexpand (box, TRUE);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "caption-heading");
  gtk_label_set_xalign (GTK_LABEL (value), 0);
  gtk_label_set_wrap (GTK_LABEL (value), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (value), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (value), TRUE);
  gtk_widget_set_valign (value, GTK_ALIGN_START);
  gtk_widget_add_css_class (value, "title-4");
  gtk_label_set_xalign (GTK_LABEL (meta), 0);
  gtk_label_set_wrap (GTK_LABEL (meta), TRUE);
  gtk_widget_add_css_class (meta, "dim-label");
  gtk_widget_set_size_request (button, -1, 44);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "sync.resolve");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(xb)", conflict_id, keep_mine);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), value);
  gtk_box_append (GTK_BOX (box), meta);
  gtk_box_append (GTK_BOX (box), button);
  return box;
}

static GtkWidget *
conflict_card (const FcSyncConflict *conflict)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *sides = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 24);
  g_autofree char *heading = NULL;
  GtkWidget *title;
  gboolean ours = conflict->mine.ours;

  /* Translators: a conflict's heading: the record and the field, e.g. Hazard “Blocked exit” — Deadline */
  heading = g_strdup_printf (_("%s — %s"), conflict->record, conflict->field);
  title = gtk_label_new (heading);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_add_css_class (title, "heading");
  gtk_widget_add_css_class (card, "card");
  gtk_widget_set_margin_top (title, 12);
  gtk_widget_set_margin_start (title, 12);
  gtk_widget_set_margin_end (title, 12);
  gtk_widget_set_margin_start (sides, 12);
  gtk_widget_set_margin_end (sides, 12);
  gtk_widget_set_margin_bottom (sides, 12);
  gtk_box_set_homogeneous (GTK_BOX (sides), TRUE);
  gtk_box_append (GTK_BOX (sides),
                  side_column (&conflict->mine, ours ? _("Mine, on this device") : _("Kept for now"),
                               ours ? _("Keep _Mine") : _("Keep _This"), conflict->id, TRUE));
  gtk_box_append (GTK_BOX (sides),
                  side_column (&conflict->theirs, ours ? _("Theirs") : _("The other change"),
                               ours ? _("Keep _Theirs") : _("Keep _This"), conflict->id, FALSE));
  gtk_box_append (GTK_BOX (card), title);
  gtk_box_append (GTK_BOX (card), sides);
  return card;
}

static GtkWidget *
refusal_row (const FcSyncRefusal *refusal)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = NULL;
  g_autofree char *when = format_time (refusal->at_ms);
  GtkWidget *time = gtk_label_new (when);

  if (refusal->fields != NULL)
    /* Translators: a refused change: the record and the fields changed, e.g. Hazard “Blocked exit”: Deadline */
    title = g_strdup_printf (_("%s: %s"), refusal->record, refusal->fields);
  else
    /* Translators: a refused change that created a record */
    title = g_strdup_printf (_("%s (new)"), refusal->record);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), refusal->message);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
  gtk_widget_add_css_class (time, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), time);
  return row;
}

static char *
lists_signature (const FcSyncStatus *status)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < status->conflicts->len; i++)
    {
      const FcSyncConflict *conflict = status->conflicts->pdata[i];

      g_string_append_printf (out, "c%" G_GINT64_FORMAT "\x1f%s\x1f%s\x1e", conflict->id,
                              conflict->mine.value ? conflict->mine.value : "",
                              conflict->theirs.value ? conflict->theirs.value : "");
    }
  for (guint i = 0; i < status->refusals->len; i++)
    g_string_append_printf (out, "r%s\x1f%s\x1e", ((FcSyncRefusal *) status->refusals->pdata[i])->op_id,
                            ((FcSyncRefusal *) status->refusals->pdata[i])->message);
  for (guint i = 0; i < status->incoming->len; i++)
    g_string_append_printf (out, "i%s\x1f%s\x1e", ((FcSyncRefusal *) status->incoming->pdata[i])->op_id,
                            ((FcSyncRefusal *) status->incoming->pdata[i])->message);
  return g_string_free (out, FALSE);
}

/* 1500 as "1,500": the locale's separator, and a comma where it has none (C). */
static char *
format_count (guint64 n)
{
  const char *sep = localeconv ()->thousands_sep;
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, n);
  GString *out = g_string_new (NULL);
  gsize len = strlen (digits);

  if (sep == NULL || *sep == '\0')
    sep = ",";
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (out, sep);
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

static void
pulse (FcSyncPage *self,
       gboolean    on)
{
  if (on && self->pulse_id == 0)
    self->pulse_id = g_timeout_add (120, pulse_cb, self->progress);
  else if (!on)
    g_clear_handle_id (&self->pulse_id, g_source_remove);
}

/* What the sync under way said last; before it says anything, update() has set a guess. */
static void
show_progress (FcSyncPage *self)
{
  FcSyncProgress progress;
  g_autofree char *text = NULL;

  if (self->service == NULL || !fc_sync_service_get_progress (self->service, &progress))
    return;
  if (progress.phase == FC_SYNC_PHASE_SENDING && progress.total > 0)
    {
      g_autofree char *done = format_count (progress.done);
      g_autofree char *total = format_count (progress.total);

      /* Translators: while syncing, e.g. "Sending 1,500 of 4,000 changes…" */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Sending %s of %s change…",
                                           "Sending %s of %s changes…",
                                           (gulong) MIN (progress.total, G_MAXULONG)),
                              done, total);
    }
  else if (progress.phase == FC_SYNC_PHASE_SENDING)
    text = g_strdup (_("Sending this device's changes…"));
  else if (progress.done > 0)
    {
      g_autofree char *done = format_count (progress.done);

      /* Translators: while syncing: the changes of others received so far, e.g. "Receiving… 1,500 changes so far" */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Receiving the district's changes… %s change so far",
                                           "Receiving the district's changes… %s changes so far",
                                           (gulong) MIN (progress.done, G_MAXULONG)),
                              done);
    }
  else
    text = g_strdup (_("Receiving the district's changes…"));
  gtk_progress_bar_set_text (self->progress, text);
  pulse (self, progress.fraction < 0);
  if (progress.fraction >= 0)
    gtk_progress_bar_set_fraction (self->progress, progress.fraction);
}

static void
update (FcSyncPage *self)
{
  const FcSyncStatus *status = self->service ? fc_sync_service_get_status (self->service) : NULL;
  const char *error = self->service ? fc_sync_service_get_last_error (self->service) : NULL;
  gboolean syncing = self->service && fc_sync_service_get_syncing (self->service);
  gboolean enrolled = status != NULL && status->server != NULL;
  GtkWidget *child;
  g_autofree char *text = NULL;
  g_autofree char *lists = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->progress), syncing);
  if (syncing && status != NULL && status->n_waiting > 0)
    {
      g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, status->n_waiting);
      g_autofree char *what = NULL;

      /* Translators: while syncing: how many changes of this device are being sent */
      what = g_strdup_printf (_("Sending this device's changes (%s), then receiving the district's…"), count);
      gtk_progress_bar_set_text (self->progress, what);
    }
  else if (syncing)
    gtk_progress_bar_set_text (self->progress, _("Receiving the district's changes…"));
  pulse (self, syncing);
  if (syncing)
    show_progress (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.now", enrolled && !syncing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.enroll", !syncing);
  gtk_button_set_label (self->sync_button, syncing ? _("Syncing…") : _("_Sync Now"));

  gtk_widget_set_visible (GTK_WIDGET (self->error_row), error != NULL);
  if (error != NULL)
    {
      gint64 retry_ms = fc_sync_service_get_retry_ms (self->service);

      if (retry_ms > 0)
        {
          g_autofree char *wait = NULL;

          if (retry_ms < 60000)
            wait = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d second", "%d seconds",
                                                 (int) ((retry_ms + 999) / 1000)),
                                    (int) ((retry_ms + 999) / 1000));
          else
            wait = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute", "%d minutes",
                                                 (int) ((retry_ms + 59999) / 60000)),
                                    (int) ((retry_ms + 59999) / 60000));
          /* Translators: the last sync's error, then when it is tried again, e.g. "in 8 seconds" */
          text = g_strdup_printf (_("%s It is tried again by itself in %s."), error, wait);
        }
      adw_action_row_set_subtitle (self->error_row, text ? text : error);
      g_clear_pointer (&text, g_free);
    }

  if (status == NULL)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->note_row), status->sign_in_note != NULL);
  if (status->sign_in_note != NULL)
    adw_action_row_set_subtitle (self->note_row, status->sign_in_note);
  gtk_widget_set_visible (self->enroll_group, !enrolled);
  if (enrolled)
    /* Translators: the server's address, then this device's identity */
    text = g_strdup_printf (_("%s\nThis device: %s"), status->server, status->device_id);
  else
    text = g_strdup_printf (_("Not enrolled yet\nThis device: %s"), status->device_id);
  adw_action_row_set_subtitle (self->server_row, text);
  g_clear_pointer (&text, g_free);
  adw_action_row_set_subtitle (self->acting_row, status->acting ? status->acting
                                                                : _("Nobody is signed in on this device"));

  if (status->n_waiting > FC_SYNC_WAITING_CAP)
    /* Translators: more changes wait than were counted, e.g. 100000+ */
    text = g_strdup_printf (_("%s+"), G_STRINGIFY (FC_SYNC_WAITING_CAP));
  else
    text = g_strdup_printf ("%" G_GINT64_FORMAT, status->n_waiting);
  gtk_label_set_text (self->waiting_label, text);
  g_clear_pointer (&text, g_free);
  if (status->n_waiting > 0)
    {
      g_autofree char *oldest = format_time (status->oldest_waiting_ms);

      /* Translators: under the number of changes waiting: when the oldest was made */
      text = g_strdup_printf (_("The oldest since %s"), oldest);
    }
  else
    text = g_strdup (_("Nothing is waiting"));
  adw_action_row_set_subtitle (self->waiting_row, text);
  g_clear_pointer (&text, g_free);

  text = status->last_taken >= 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, status->last_taken) : g_strdup ("—");
  gtk_label_set_text (self->acked_label, text);
  g_clear_pointer (&text, g_free);
  if (status->last_sync_ms > 0 && status->last_received < 0)
    {
      g_autofree char *last = format_time (status->last_sync_ms);

      /* Translators: under the number of changes the server took: the last sync that worked */
      text = g_strdup_printf (_("Last synced %s"), last);
    }
  else if (status->last_sync_ms > 0)
    {
      g_autofree char *last = format_time (status->last_sync_ms);

      g_autofree char *received = g_strdup_printf ("%" G_GINT64_FORMAT, status->last_received);

      /* Translators: under the number of changes the server took at the last sync that worked:
       * when, and how many changes of others it brought */
      text = g_strdup_printf (_("Last synced %s; received from others: %s"), last, received);
    }
  else
    text = g_strdup (_("Never synced"));
  adw_action_row_set_subtitle (self->acked_row, text);
  g_clear_pointer (&text, g_free);

  /* The status is read again every minute: rows built afresh would take the
   * focus from a button and the scroll position from the person. */
  lists = lists_signature (status);
  if (g_strcmp0 (lists, self->lists) == 0)
    return;
  g_free (self->lists);
  self->lists = g_steal_pointer (&lists);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->conflicts_box))) != NULL)
    gtk_box_remove (self->conflicts_box, child);
  for (guint i = 0; i < status->conflicts->len; i++)
    gtk_box_append (self->conflicts_box, conflict_card (status->conflicts->pdata[i]));
  gtk_widget_set_visible (self->conflicts_group, status->conflicts->len > 0);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->refused_list))) != NULL)
    gtk_list_box_remove (self->refused_list, child);
  for (guint i = 0; i < status->refusals->len; i++)
    gtk_list_box_append (self->refused_list, refusal_row (status->refusals->pdata[i]));
  gtk_widget_set_visible (self->refused_group, status->refusals->len > 0);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->incoming_list))) != NULL)
    gtk_list_box_remove (self->incoming_list, child);
  for (guint i = 0; i < status->incoming->len; i++)
    gtk_list_box_append (self->incoming_list, refusal_row (status->incoming->pdata[i]));
  gtk_widget_set_visible (self->incoming_group, status->incoming->len > 0);
}

static void
now_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  FcSyncPage *self = FC_SYNC_PAGE (widget);

  if (self->service != NULL)
    fc_sync_service_sync_now (self->service);
}

static void
enroll_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FcSyncPage *self = FC_SYNC_PAGE (widget);
  g_autofree char *server = NULL;
  g_autofree char *token = NULL;
  g_autofree char *pin = NULL;
  g_autoptr(GError) error = NULL;
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->url_entry));

  if (self->service == NULL)
    return;
  if (!fc_sync_parse_enroll_text (gtk_editable_get_text (GTK_EDITABLE (self->token_entry)), &server, &token))
    {
      set_notice (self, _("Paste the enrolment token, or the text of its QR code"));
      gtk_widget_add_css_class (GTK_WIDGET (self->token_entry), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->token_entry), "error");
  /* The QR code names its server; a typed address is for a bare token. */
  if (server == NULL)
    server = g_strstrip (g_strdup (typed));
  else
    gtk_editable_set_text (GTK_EDITABLE (self->url_entry), server);
  if (*server == '\0')
    {
      set_notice (self, _("Type the district server's address"));
      gtk_widget_add_css_class (GTK_WIDGET (self->url_entry), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->url_entry), "error");
  pin = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->pin_entry))));
  if (*pin == '\0')
    g_clear_pointer (&pin, g_free);
  /* The CA file is read on the sync's thread; the pin is only text. */
  if (!fc_sync_trust_check (pin, NULL, &error))
    {
      set_notice (self, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->pin_entry), "error");
      return;
    }
  set_notice (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->token_entry), "");
  fc_sync_service_enroll (self->service, server, token, pin, self->ca_file);
}

static void
on_pin_changed_cb (FcSyncPage *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->pin_entry), "error");
}

static void
show_ca_file (FcSyncPage *self)
{
  if (self->ca_file != NULL)
    adw_action_row_set_subtitle (self->ca_row, self->ca_file);
  else
    adw_action_row_set_subtitle (self->ca_row, _("None chosen: the authorities this system trusts"));
  gtk_widget_set_visible (self->ca_clear_button, self->ca_file != NULL);
}

static void
set_ca_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FcSyncPage *self = FC_SYNC_PAGE (widget);
  const char *path = NULL;

  g_variant_get (parameter, "m&s", &path);
  g_free (self->ca_file);
  self->ca_file = path != NULL && *path != '\0' ? g_strdup (path) : NULL;
  show_ca_file (self);
}

static void
on_ca_chosen_cb (GtkNativeDialog *chooser,
                 int              response,
                 FcSyncPage      *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL &&
      (path = g_file_get_path (file)) != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "sync.set-ca", "ms", path);
  g_clear_object (&self->chooser);
}

static void
choose_ca_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  FcSyncPage *self = FC_SYNC_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) pem = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("The District's Certificate Authority"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_filter_set_name (pem, _("Certificates (PEM)"));
  gtk_file_filter_add_pattern (pem, "*.pem");
  gtk_file_filter_add_pattern (pem, "*.crt");
  gtk_file_filter_add_pattern (pem, "*.cer");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), pem);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_ca_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_token_activated_cb (FcSyncPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "sync.enroll", NULL);
}

static void
resolve_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  FcSyncPage *self = FC_SYNC_PAGE (widget);
  gint64 id;
  gboolean keep_mine;

  g_variant_get (parameter, "(xb)", &id, &keep_mine);
  if (self->service != NULL)
    fc_sync_service_resolve (self->service, id, keep_mine);
}

static void
fc_sync_page_dispose (GObject *object)
{
  FcSyncPage *self = FC_SYNC_PAGE (object);

  g_clear_handle_id (&self->pulse_id, g_source_remove);
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), FC_TYPE_SYNC_PAGE);
  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  if (self->service != NULL)
    g_signal_handlers_disconnect_by_data (self->service, self);
  g_clear_object (&self->service);
  G_OBJECT_CLASS (fc_sync_page_parent_class)->dispose (object);
}

static void
fc_sync_page_finalize (GObject *object)
{
  g_free (FC_SYNC_PAGE (object)->notice);
  g_free (FC_SYNC_PAGE (object)->lists);
  g_free (FC_SYNC_PAGE (object)->ca_file);
  G_OBJECT_CLASS (fc_sync_page_parent_class)->finalize (object);
}

static void
fc_sync_page_class_init (FcSyncPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fc_sync_page_dispose;
  object_class->finalize = fc_sync_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/fieldcheck/Fieldcheck/fc-sync-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, FcSyncPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, FcSyncPage, server_row);
  gtk_widget_class_bind_template_child (widget_class, FcSyncPage, acting_row);
  gtk_widget_class_bind_template_child (widget_class, FcSyncPage, waiting_row);
  gtk_widget_class_bind_template_child (widget_class, FcSyncPage, waiting_label);
  gtk_widget_class_bind_template_child (widget_class, FcSyncPage, acked_row);
  gtk_widget_class_bind_template_child (widget_class, FcSyncPage, acked_label);
  gtk_widget_class_bind_template_child (widget_class, FcSyncPage, error_row);
  gtk_widget_class_bind_template_child (widget_class, FcSyncPage, note_row);
  gtk_widget_class_bind_template_child (widget_class, FcSyncPage, ca_row);
  gtk_widget_class_bind_template_child (widget_class, FcSyncPage, ca_clear_button);
  gtk_widget_class_bind_template_child (widget_class, FcSyncPage, pin_entry);
  gtk_widget_class_bind_template_child (widget_class, FcSyncPage, sync_button);
  gtk_widget_class_bind_template_child (widget_class, FcSyncPage, progress);
  gtk_widget_class_bind_template_child (widget_class, FcSyncPage, enroll_group);
  gtk_widget_class_bind_template_child (widget_class, FcSyncPage, url_entry);
  gtk_widget_class_bind_template_child (widget_class, FcSyncPage, token_entry);
  gtk_widget_class_bind_template_child (widget_class, FcSyncPage, conflicts_group);
  gtk_widget_class_bind_template_child (widget_class, FcSyncPage, conflicts_box);
  gtk_widget_class_bind_template_child (widget_class, FcSyncPage, refused_group);
  gtk_widget_class_bind_template_child (widget_class, FcSyncPage, refused_list);
  gtk_widget_class_bind_template_child (widget_class, FcSyncPage, incoming_group);
  gtk_widget_class_bind_template_child (widget_class, FcSyncPage, incoming_list);
  gtk_widget_class_bind_template_callback (widget_class, on_token_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_pin_changed_cb);

  gtk_widget_class_install_action (widget_class, "sync.now", NULL, now_action);
  gtk_widget_class_install_action (widget_class, "sync.enroll", NULL, enroll_action);
  gtk_widget_class_install_action (widget_class, "sync.set-ca", "ms", set_ca_action);
  gtk_widget_class_install_action (widget_class, "sync.choose-ca", NULL, choose_ca_action);
  gtk_widget_class_install_action (widget_class, "sync.resolve", "(xb)", resolve_action);
}

static void
fc_sync_page_init (FcSyncPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_visible (self->conflicts_group, FALSE);
  gtk_widget_set_visible (self->refused_group, FALSE);
  gtk_widget_set_visible (self->incoming_group, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.now", FALSE);
  show_ca_file (self);
}

void
fc_sync_page_set_service (FcSyncPage    *self,
                          FcSyncService *service)
{
  GSettings *settings;

  g_return_if_fail (FC_IS_SYNC_PAGE (self));
  g_return_if_fail (FC_IS_SYNC_SERVICE (service));

  if (self->service != NULL)
    g_signal_handlers_disconnect_by_data (self->service, self);
  g_set_object (&self->service, service);
  g_signal_connect_object (service, "changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (service, "notice", G_CALLBACK (set_notice), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (service, "progress", G_CALLBACK (show_progress), self, G_CONNECT_SWAPPED);
  settings = fc_sync_service_get_settings (service);
  if (settings != NULL)
    {
      g_autofree char *url = g_settings_get_string (settings, "server-url");

      gtk_editable_set_text (GTK_EDITABLE (self->url_entry), url);
    }
  update (self);
}

/* Returns: (nullable): what the page last asked of the person, for tests */
const char *
fc_sync_page_get_notice (FcSyncPage *self)
{
  g_return_val_if_fail (FC_IS_SYNC_PAGE (self), NULL);
  return self->notice;
}

/* Returns: (transfer none) (nullable): the service the page shows */
FcSyncService *
fc_sync_page_get_service (FcSyncPage *self)
{
  g_return_val_if_fail (FC_IS_SYNC_PAGE (self), NULL);
  return self->service;
}

/**
 * fc_sync_page_offer_enrolment:
 * @self: the page
 * @scanned: the text of an enrolment QR code
 *
 * Fills the enrolment fields with what the code names, for the person to
 * confirm with Enrol and Sync; a device already enrolled says so instead.
 */
void
fc_sync_page_offer_enrolment (FcSyncPage *self,
                              const char *scanned)
{
  const FcSyncStatus *status;
  g_autofree char *server = NULL;
  g_autofree char *token = NULL;

  g_return_if_fail (FC_IS_SYNC_PAGE (self));

  status = self->service ? fc_sync_service_get_status (self->service) : NULL;
  if (status != NULL && status->server != NULL)
    {
      g_autofree char *notice = g_strdup_printf (_("This device is already enrolled with %s"), status->server);

      set_notice (self, notice);
      return;
    }
  if (!fc_sync_parse_enroll_text (scanned, &server, &token))
    {
      set_notice (self, _("This enrolment code is damaged; print a new one"));
      return;
    }
  if (server != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->url_entry), server);
  gtk_editable_set_text (GTK_EDITABLE (self->token_entry), scanned);
  set_notice (self, _("Enrolment code read; check the server and press Enrol and Sync"));
}
