/* test-sign-in-ui.c: on a device that keeps the server's verifiers, the
 * window asks who signs in at start; a wrong password is said in the dialog,
 * the right one makes the person act (header, store), signing out asks
 * again, and a person the server disabled is signed out after a sync.
 */

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "fc-application.h"
#include "fc-sign-in-dialog.h"
#include "fc-sign-in.h"
#include "fc-store.h"
#include "fc-sync-page.h"
#include "fc-window-sign-in.h"
#include "ui-util.h"
#include "../core/test-verifier.h"

#define L_(text) g_dgettext (GETTEXT_PACKAGE, text)
#define PASSWORD "巡检-correct-horse"

typedef struct
{
  GtkApplication *app;
  char           *db;
  gboolean        done;
} SignInUi;

/* What a sync from the server would have left: two people who may sign in,
 * one the server disabled, and nobody acting. */
static void
make_device (const char *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = fc_store_open (db, &error);
  g_autofree char *verifier = test_make_verifier (PASSWORD);
  g_autofree char *sql = NULL;

  g_assert_no_error (error);
  sql = g_strdup_printf ("INSERT INTO sign_in_verifier (person_id, login, name, verifier, disabled) "
                         "VALUES ('p-zhang', 'zhang', '张伟', '%s', 0), "
                         "('p-li', 'li', '李娜', '%s', 0), "
                         "('p-wang', 'wang', '王强', NULL, 1)", verifier, verifier);
  g_assert_true (fc_store_exec (store, sql, &error));
  g_assert_no_error (error);
  fc_store_set_user (store, NULL);
}

static char *
acting_in_store (const char *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = fc_store_open (db, &error);

  g_assert_no_error (error);
  return fc_store_get_meta (store, "user_id");
}

static gboolean
dialog_open (gpointer data)
{
  return fc_window_get_sign_in_dialog (data) != NULL;
}

static gboolean
dialog_closed (gpointer data)
{
  return fc_window_get_sign_in_dialog (data) == NULL;
}

static gboolean
dialog_ready (gpointer data)
{
  FcSignInDialog *dialog = FC_SIGN_IN_DIALOG (fc_window_get_sign_in_dialog (data));

  return dialog != NULL && !fc_sign_in_dialog_is_busy (dialog) &&
         fc_window_get_pending (data) == 0;
}

static void
try_password (FcWindow   *window,
              const char *login,
              const char *password)
{
  FcSignInDialog *dialog = FC_SIGN_IN_DIALOG (fc_window_get_sign_in_dialog (window));

  fc_sign_in_dialog_set_login (dialog, login);
  fc_sign_in_dialog_set_password (dialog, password);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "sign-in.sign-in", NULL));
  g_assert_true (fc_sign_in_dialog_is_busy (dialog));
}

/* What a sync does when the server disabled @login: the table, on a
 * connection of its own, then the service's "synced". */
static void
server_disables (FcWindow   *window,
                 const char *db,
                 const char *login)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = fc_store_open (db, &error);
  g_autofree char *sql = g_strdup_printf ("UPDATE sign_in_verifier SET disabled = 1, verifier = NULL "
                                          "WHERE login = '%s'", login);
  FcSyncPage *page = FC_SYNC_PAGE (fc_window_get_page_widget (window, "sync"));

  g_assert_no_error (error);
  g_assert_true (fc_store_exec (store, sql, &error));
  g_assert_no_error (error);
  g_signal_emit_by_name (fc_sync_page_get_service (page), "synced", 0u);
}

static gboolean
drive (gpointer user_data)
{
  SignInUi *ui = user_data;
  FcWindow *window = FC_WINDOW (gtk_application_get_active_window (ui->app));
  FcSignInDialog *dialog;
  g_autofree char *acting = NULL;

  if (window == NULL)
    return G_SOURCE_CONTINUE;

  /* Nobody acts on a device with verifiers: the dialog opens by itself. */
  g_assert_true (ui_wait_until (dialog_open, window, 30));
  g_assert_true (ui_wait_until (dialog_ready, window, 30));
  dialog = FC_SIGN_IN_DIALOG (fc_window_get_sign_in_dialog (window));
  g_assert_null (fc_sign_in_dialog_get_error (dialog));
  g_assert_null (fc_window_get_acting_name (window));

  /* A wrong password: said in the dialog, which stays. */
  try_password (window, "zhang", "not the password");
  g_assert_true (ui_wait_until (dialog_ready, window, 30));
  g_assert_cmpstr (fc_sign_in_dialog_get_error (dialog), ==, L_("The login or the password is wrong"));

  /* A disabled person is told so. */
  try_password (window, "wang", PASSWORD);
  g_assert_true (ui_wait_until (dialog_ready, window, 30));
  g_assert_cmpstr (fc_sign_in_dialog_get_error (dialog), ==,
                   L_("This account is disabled; ask the bureau's administrator"));

  /* The right one: the dialog closes, the header names the person, and the
   * store's connection acts as them. */
  try_password (window, "zhang", PASSWORD);
  g_assert_true (ui_wait_until (dialog_closed, window, 30));
  ui_settle (window);
  g_assert_cmpstr (fc_window_get_acting_name (window), ==, "张伟");
  acting = acting_in_store (ui->db);
  g_assert_cmpstr (acting, ==, "p-zhang");

  /* Signing out asks again, and nobody acts meanwhile. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-out", NULL));
  g_assert_true (ui_wait_until (dialog_open, window, 30));
  ui_settle (window);
  g_assert_null (fc_window_get_acting_name (window));
  g_free (acting);
  acting = acting_in_store (ui->db);
  g_assert_cmpstr (acting, ==, "");

  /* li signs in; a sync brings li's disabling: li acts no more, and the
   * dialog asks who signs in. */
  try_password (window, "li", PASSWORD);
  g_assert_true (ui_wait_until (dialog_closed, window, 30));
  ui_settle (window);
  g_assert_cmpstr (fc_window_get_acting_name (window), ==, "李娜");
  server_disables (window, ui->db, "li");
  g_assert_true (ui_wait_until (dialog_open, window, 30));
  ui_settle (window);
  g_assert_null (fc_window_get_acting_name (window));
  g_free (acting);
  acting = acting_in_store (ui->db);
  g_assert_cmpstr (acting, ==, "");

  gtk_window_set_focus (fc_window_get_sign_in_dialog (window), NULL);
  gtk_window_destroy (fc_window_get_sign_in_dialog (window));
  ui->done = TRUE;
  gtk_window_destroy (GTK_WINDOW (window));
  g_application_quit (G_APPLICATION (ui->app));
  return G_SOURCE_REMOVE;
}

static void
test_sign_in_through_the_dialog (void)
{
  g_autofree char *dir = g_dir_make_tmp ("fieldcheck-ui-XXXXXX", NULL);
  g_autoptr(FcApplication) app = fc_application_new ();
  SignInUi ui = { 0 };
  char *argv[] = { (char *) "fieldcheck", (char *) "--db", NULL, NULL };

  ui.db = g_build_filename (dir, "tablet.db", NULL);
  make_device (ui.db);
  argv[2] = ui.db;
  ui.app = GTK_APPLICATION (app);
  g_timeout_add (50, drive, &ui);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 3, argv), ==, 0);
  g_assert_true (ui.done);
  g_free (ui.db);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sign-in-ui/sign-in-through-the-dialog", test_sign_in_through_the_dialog);
  return g_test_run ();
}
