/* fc-sign-in-dialog.c: who uses the tablet signs in, with a password checked on the device
 *
 * The people who may sign in here are those whose verifiers the last sync
 * brought (fc-sign-in.c); a row fills the login, the password is typed. The
 * check runs as a job of the window's store service, on its worker thread:
 * Argon2id takes a noticeable fraction of a second on purpose, and the main
 * loop never waits for it. On success the job makes the person act on that
 * same connection, and the dialog says "signed-in" and closes. Errors stay in
 * the dialog, under the password.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "fc-sign-in-dialog.h"
#include "fc-sign-in.h"

struct _FcSignInDialog
{
  AdwWindow       parent_instance;

  AdwEntryRow    *login_row;
  AdwPasswordEntryRow *password_row;
  GtkLabel       *error_label;
  GtkButton      *sign_in_button;
  GtkSpinner     *spinner;
  AdwPreferencesGroup *people_group;
  GtkListBox     *people_list;

  FcStoreService *service;
  GCancellable   *cancellable;
  gboolean        busy;
  gboolean        has_verifiers;
};

G_DEFINE_FINAL_TYPE (FcSignInDialog, fc_sign_in_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNED_IN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  GPtrArray *people;
  gboolean   has_verifiers;
} People;

static void
people_free (People *people)
{
  g_clear_pointer (&people->people, g_ptr_array_unref);
  g_free (people);
}

typedef struct
{
  char *login;
  char *password;
} Attempt;

static void
attempt_free (Attempt *attempt)
{
  g_free (attempt->login);
  if (attempt->password != NULL)
    memset (attempt->password, 0, strlen (attempt->password));
  g_free (attempt->password);
  g_free (attempt);
}

static void
update_sensitivity (FcSignInDialog *self)
{
  const char *login = gtk_editable_get_text (GTK_EDITABLE (self->login_row));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_button),
                            !self->busy && self->has_verifiers && *login != '\0' && *password != '\0');
  /* Not insensitive: a focused entry made insensitive keeps blinking, and GTK 4.8 warns. */
  gtk_editable_set_editable (GTK_EDITABLE (self->login_row), !self->busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->password_row), !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->people_list), !self->busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy);
  gtk_spinner_set_spinning (self->spinner, self->busy);
}

static void
show_error (FcSignInDialog *self,
            const char     *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static gpointer
people_job (FcStore   *store,
            gpointer   data,
            GError   **error)
{
  People *people = g_new0 (People, 1);

  people->has_verifiers = fc_sign_in_has_verifiers (store);
  people->people = fc_sign_in_list_people (store, error);
  if (people->people == NULL)
    {
      people_free (people);
      return NULL;
    }
  return people;
}

static void
people_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(FcSignInDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  People *people = fc_store_service_run_finish (FC_STORE_SERVICE (source), result, &error);

  if (people == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      return;
    }
  self->has_verifiers = people->has_verifiers;
  for (guint i = 0; i < people->people->len; i++)
    {
      FcSignInPerson *person = people->people->pdata[i];
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), person->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), person->login);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("avatar-default-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "login", g_strdup (person->login), g_free);
      gtk_list_box_append (self->people_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->people_group), people->people->len > 0);
  if (!self->has_verifiers)
    show_error (self, _("Nobody can sign in with a password on this device yet; "
                        "sync it with the district server first"));
  update_sensitivity (self);
  people_free (people);
}

static void
on_person_activated_cb (FcSignInDialog *self,
                        GtkListBoxRow  *row)
{
  gtk_editable_set_text (GTK_EDITABLE (self->login_row), g_object_get_data (G_OBJECT (row), "login"));
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

static void
on_login_activated_cb (FcSignInDialog *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

static void
on_changed_cb (FcSignInDialog *self)
{
  update_sensitivity (self);
}

static gpointer
verify_job (FcStore   *store,
            gpointer   data,
            GError   **error)
{
  Attempt *attempt = data;
  g_autofree char *person_id = fc_sign_in_verify (store, attempt->login, attempt->password, error);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  char **person;

  if (person_id == NULL)
    return NULL;
  fc_store_set_user (store, person_id);
  person = g_new0 (char *, 3);
  stmt = fc_store_prepare (store, "SELECT coalesce ((SELECT name FROM person WHERE id = ?1), "
                                  "(SELECT name FROM sign_in_verifier WHERE person_id = ?1), ?1)", NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, person_id, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        person[1] = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    }
  if (person[1] == NULL)
    person[1] = g_strdup (person_id);
  person[0] = g_steal_pointer (&person_id);
  return person;
}

static void
verify_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(FcSignInDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) person = fc_store_service_run_finish (FC_STORE_SERVICE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy = FALSE;
  if (person == NULL)
    {
      show_error (self, error->message);
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
      update_sensitivity (self);
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }
  show_error (self, NULL);
  update_sensitivity (self);
  g_signal_emit (self, signals[SIGNED_IN], 0, person[0], person[1]);
  /* A focused entry still blinking when destroyed makes GTK warn. */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_window_close (GTK_WINDOW (self));
}

static void
sign_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  FcSignInDialog *self = FC_SIGN_IN_DIALOG (widget);
  Attempt *attempt;

  if (self->busy || !gtk_widget_get_sensitive (GTK_WIDGET (self->sign_in_button)))
    return;
  attempt = g_new0 (Attempt, 1);
  attempt->login = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->login_row)));
  attempt->password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->password_row)));
  self->busy = TRUE;
  show_error (self, NULL);
  update_sensitivity (self);
  fc_store_service_run_async (self->service, verify_job, attempt, (GDestroyNotify) attempt_free,
                              (GDestroyNotify) g_strfreev, self->cancellable, verify_done,
                              g_object_ref (self));
}

static void
on_password_activated_cb (FcSignInDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "sign-in.sign-in", NULL);
}

static void
fc_sign_in_dialog_dispose (GObject *object)
{
  FcSignInDialog *self = FC_SIGN_IN_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->service);
  gtk_widget_dispose_template (GTK_WIDGET (self), FC_TYPE_SIGN_IN_DIALOG);
  G_OBJECT_CLASS (fc_sign_in_dialog_parent_class)->dispose (object);
}

static void
fc_sign_in_dialog_class_init (FcSignInDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fc_sign_in_dialog_dispose;

  /**
   * FcSignInDialog::signed-in:
   * @person_id: who acts now
   * @name: their name, for the header
   */
  signals[SIGNED_IN] = g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                     G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/fieldcheck/Fieldcheck/fc-sign-in-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FcSignInDialog, login_row);
  gtk_widget_class_bind_template_child (widget_class, FcSignInDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, FcSignInDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, FcSignInDialog, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, FcSignInDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, FcSignInDialog, people_group);
  gtk_widget_class_bind_template_child (widget_class, FcSignInDialog, people_list);
  gtk_widget_class_bind_template_callback (widget_class, on_person_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_login_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_password_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_changed_cb);
  gtk_widget_class_install_action (widget_class, "sign-in.sign-in", NULL, sign_in_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
fc_sign_in_dialog_init (FcSignInDialog *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * fc_sign_in_dialog_new:
 * @parent: the window
 * @service: the window's store service; the person signs in on its connection
 *
 * Returns: (transfer none): the dialog, shown
 */
FcSignInDialog *
fc_sign_in_dialog_new (GtkWindow      *parent,
                       FcStoreService *service)
{
  FcSignInDialog *self = g_object_new (FC_TYPE_SIGN_IN_DIALOG, "transient-for", parent, NULL);

  self->service = g_object_ref (service);
  fc_store_service_run_async (service, people_job, NULL, NULL, (GDestroyNotify) people_free,
                              self->cancellable, people_done, g_object_ref (self));
  gtk_window_present (GTK_WINDOW (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->login_row));
  return self;
}

/* Returns: (nullable): the error shown under the password, for tests */
const char *
fc_sign_in_dialog_get_error (FcSignInDialog *self)
{
  g_return_val_if_fail (FC_IS_SIGN_IN_DIALOG (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->error_label))
           ? gtk_label_get_text (self->error_label) : NULL;
}

/* As if typed; for tests and the screenshot tour. */
void
fc_sign_in_dialog_set_login (FcSignInDialog *self,
                             const char     *login)
{
  g_return_if_fail (FC_IS_SIGN_IN_DIALOG (self));
  gtk_editable_set_text (GTK_EDITABLE (self->login_row), login);
}

void
fc_sign_in_dialog_set_password (FcSignInDialog *self,
                                const char     *password)
{
  g_return_if_fail (FC_IS_SIGN_IN_DIALOG (self));
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), password);
}

/* Returns: whether a check is under way */
gboolean
fc_sign_in_dialog_is_busy (FcSignInDialog *self)
{
  g_return_val_if_fail (FC_IS_SIGN_IN_DIALOG (self), FALSE);
  return self->busy;
}
