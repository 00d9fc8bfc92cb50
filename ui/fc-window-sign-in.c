/* fc-window-sign-in.c: who acts on the window's store, from the header
 *
 * On a device that keeps the server's verifiers, the header shows "Sign In"
 * while nobody acts, and the acting person's name otherwise, with "Switch
 * User…" and "Sign Out". The dialog opens by itself at start and after a sign
 * out when nobody acts. After every sync the window checks again: a person
 * the server disabled is signed out there (fc_sign_in_check_acting()). The
 * person is set on the store service's connection, the one every page reads
 * through; the facility list, which depends on who acts, is read again, and
 * the sync page says who the changes are made as. A device without verifiers
 * (the demo, a store not yet synced) shows none of this.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fc-sign-in-dialog.h"
#include "fc-sign-in.h"
#include "fc-window-private.h"
#include "fc-window-sign-in.h"

#define DIALOG_KEY "fc-sign-in-dialog"

typedef struct
{
  char     *user_id;
  char     *name;
  gboolean  has_verifiers;
  gboolean  asked_out;      /* win.sign-out */
  gboolean  signed_out;     /* the check signed someone out */
} Who;

static void
who_free (Who *who)
{
  g_free (who->user_id);
  g_free (who->name);
  g_free (who);
}

static gpointer
who_job (FcStore   *store,
         gpointer   data,
         GError   **error)
{
  Who *who = g_new0 (Who, 1);
  gboolean sign_out = GPOINTER_TO_INT (data);
  const char *before = fc_store_get_user (store);
  gboolean acted = before != NULL && *before != '\0';
  g_autoptr(sqlite3_stmt) stmt = NULL;

  who->asked_out = sign_out;
  if (sign_out)
    fc_store_set_user (store, NULL);
  who->has_verifiers = fc_sign_in_has_verifiers (store);
  who->signed_out = acted && !fc_sign_in_check_acting (store);
  if (fc_store_get_user (store) == NULL || *fc_store_get_user (store) == '\0')
    return who;
  who->user_id = g_strdup (fc_store_get_user (store));
  stmt = fc_store_prepare (store, "SELECT coalesce ((SELECT name FROM person WHERE id = ?1), "
                                  "(SELECT name FROM sign_in_verifier WHERE person_id = ?1), ?1)", NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, who->user_id, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        who->name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    }
  return who;
}

static void
weak_ref_free (GWeakRef *ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}

static GtkWidget *
header_child (FcWindow   *self,
              const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (self), FC_TYPE_WINDOW, name));
}

static void
show_person (FcWindow   *self,
             gboolean    has_verifiers,
             const char *name)
{
  GtkWidget *sign_in = header_child (self, "sign_in_button");
  GtkWidget *account = header_child (self, "account_button");

  gtk_widget_set_visible (sign_in, has_verifiers && name == NULL);
  gtk_widget_set_visible (account, has_verifiers && name != NULL);
  if (name != NULL)
    {
      gtk_menu_button_set_label (GTK_MENU_BUTTON (account), name);
      gtk_widget_set_tooltip_text (account, _("Switch User or Sign Out"));
    }
}

GtkWindow *
fc_window_get_sign_in_dialog (FcWindow *self)
{
  GWeakRef *ref = g_object_get_data (G_OBJECT (self), DIALOG_KEY);
  GtkWindow *dialog = ref ? g_weak_ref_get (ref) : NULL;

  /* The window keeps no reference; the dialog lives while it is shown. */
  if (dialog != NULL)
    g_object_unref (dialog);
  return dialog;
}

/* Returns: (nullable): the name the header shows for who acts, for tests */
const char *
fc_window_get_acting_name (FcWindow *self)
{
  GtkWidget *account = header_child (self, "account_button");

  return gtk_widget_get_visible (account) ? gtk_menu_button_get_label (GTK_MENU_BUTTON (account))
                                          : NULL;
}

static void
on_signed_in_cb (FcSignInDialog *dialog,
                 const char     *person_id,
                 const char     *name,
                 FcWindow       *self)
{
  g_autofree char *message = g_strdup_printf (_("Signed in as %s"), name);

  show_person (self, TRUE, name);
  _fc_window_reload_facilities (self);
  if (self->sync != NULL)
    fc_sync_service_refresh (self->sync);
  _fc_window_toast (self, message);
}

static void
open_dialog (FcWindow *self)
{
  GWeakRef *ref = g_object_get_data (G_OBJECT (self), DIALOG_KEY);
  FcSignInDialog *dialog;

  if (fc_window_get_sign_in_dialog (self) != NULL)
    {
      gtk_window_present (fc_window_get_sign_in_dialog (self));
      return;
    }
  dialog = fc_sign_in_dialog_new (GTK_WINDOW (self), self->service);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  g_signal_connect_object (dialog, "signed-in", G_CALLBACK (on_signed_in_cb), self, 0);
  g_weak_ref_set (ref, dialog);
}

static void
who_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(FcWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  Who *who = fc_store_service_run_finish (FC_STORE_SERVICE (source), result, &error);

  if (who == NULL)
    return;
  show_person (self, who->has_verifiers, who->user_id ? who->name : NULL);
  if (who->signed_out || who->asked_out)
    {
      _fc_window_reload_facilities (self);
      if (self->sync != NULL)
        fc_sync_service_refresh (self->sync);
    }
  if (who->signed_out)
    _fc_window_toast (self, _("Signed out: the server no longer lets this person sign in here"));
  if (who->has_verifiers && who->user_id == NULL)
    open_dialog (self);
  who_free (who);
}

static void
check (FcWindow *self,
       gboolean  sign_out)
{
  fc_store_service_run_async (self->service, who_job, GINT_TO_POINTER (sign_out), NULL,
                              (GDestroyNotify) who_free, self->cancellable, who_done,
                              g_object_ref (self));
}

static void
sign_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  open_dialog (FC_WINDOW (widget));
}

static void
sign_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  check (FC_WINDOW (widget), TRUE);
}

static void
on_synced_cb (FcSyncService *service,
              guint          pulled,
              FcWindow      *self)
{
  check (self, FALSE);
}

void
_fc_window_class_sign_in_init (FcWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_bind_template_child_full (widget_class, "sign_in_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "account_button", FALSE, 0);
  gtk_widget_class_install_action (widget_class, "win.sign-in", NULL, sign_in_action);
  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, sign_out_action);
}

/* After the store and sync services exist. */
void
_fc_window_sign_in_init (FcWindow *self)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, NULL);
  g_object_set_data_full (G_OBJECT (self), DIALOG_KEY, ref, (GDestroyNotify) weak_ref_free);
  if (self->sync != NULL)
    g_signal_connect_object (self->sync, "synced", G_CALLBACK (on_synced_cb), self, 0);
  check (self, FALSE);
}
