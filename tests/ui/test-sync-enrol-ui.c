/* test-sync-enrol-ui.c: the sync page enrols a device that trusts exactly a
 * chosen CA file and a typed pin, against a real fieldcheck-server serving
 * https on 127.0.0.1; says what is wrong with a pin or a CA file; shows how
 * far a long sync is; and shows, without failing the sync, that sign-in data
 * could not be refreshed from an older server.
 *
 * With FC_SYNC_UI_SHOTS=DIR (and FC_SYNC_UI_SIZE=WxH) it also saves the
 * window as PNGs at each step, for people to look at.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fc-application.h"
#include "fc-i18n.h"
#include "fc-op.h"
#include "fc-store-write.h"
#include "fc-sync-page.h"
#include "../sync/sync-test-util.h"
#include "../sync/test-certs.h"
#include "../sync/test-relay.h"
#include "ui-sync-util.h"

/* What the page says, in the language it runs in (English in the test suite). */
#define L_(text) g_dgettext (GETTEXT_PACKAGE, text)

#define N_WAITING 4000

typedef struct
{
  GtkApplication *app;
  TestServer      tls;        /* https, with a certificate from the district CA */
  TestServer      plain;      /* http, reached through the relay */
  TestRelay       relay;
  char           *ca;
  TestIdentity    server_id;
  TestIdentity    other_id;   /* the same CA, another key: the wrong pin */
  char           *pin;
  char           *wrong_pin;
  char           *shots;
  guint           shot;
  GArray         *progress;   /* Seen */
  gboolean        shooting;   /* the page shows a moment past, for a picture */
  gboolean        done;
} EnrolUi;

typedef struct
{
  FcSyncProgress  progress;
  char           *text;
  double          fraction;
} Seen;

static EnrolUi ui;

/* What a translated sentence says before its first argument, to find it in a longer one. */
static char *
lead_of (const char *format)
{
  const char *translated = L_(format);

  return g_strndup (translated, strcspn (translated, "%"));
}

static GtkWidget *
page_child (FcWindow   *window,
            const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (ui_sync_page (window)), FC_TYPE_SYNC_PAGE, name));
}

static void
save (FcWindow   *window,
      const char *name)
{
  ui_save_shot (ui.shots, &ui.shot, GTK_WIDGET (window), name);
}

static char *
meta (const char *db,
      const char *key)
{
  g_autofree char *sql = g_strdup_printf ("SELECT value FROM meta WHERE key = '%s'", key);

  return test_dump_line (db, sql);
}

static char *
new_token (TestServer *server)
{
  g_auto(TestRun) run = { 0 };

  test_admin (&run, server, "enroll-token", NULL);
  g_assert_cmpint (run.status, ==, 0);
  return g_strndup (run.out + 6, strcspn (run.out + 6, "\n"));
}

static void
fill (FcWindow   *window,
      const char *entry,
      const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (page_child (window, entry)), text);
}

static void
enrol (FcWindow *window)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui_sync_page (window)), "sync.enroll", NULL));
  ui_settle_sync (window);
}

static gboolean
chooser_open (gpointer data)
{
  return ui_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG) != NULL;
}

/* A pin of another form is refused on the page, before anything is sent. */
static void
check_a_malformed_pin_is_refused_at_once (FcWindow   *window,
                                          const char *db)
{
  FcSyncPage *page = ui_sync_page (window);
  FcSyncService *service = fc_sync_page_get_service (page);
  g_autofree char *token = new_token (&ui.tls);
  g_autofree char *refusal = g_strdup_printf (L_("“%s” is not a pinned public key; write it as sha256// "
                                                 "followed by the 44 characters the bureau gives"),
                                              "sha256//not-a-key");

  g_assert_true (ui_shows_label (GTK_WIDGET (page), L_("Certificate authority")));
  g_assert_true (gtk_widget_is_drawable (page_child (window, "pin_entry")));
  fill (window, "url_entry", ui.tls.url);
  fill (window, "token_entry", token);
  fill (window, "pin_entry", "sha256//not-a-key");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sync.enroll", NULL));
  g_assert_false (fc_sync_service_get_syncing (service));
  g_assert_cmpstr (fc_sync_page_get_notice (page), ==, refusal);
  g_assert_true (gtk_widget_has_css_class (page_child (window, "pin_entry"), "error"));
  /* The token stays for the corrected try. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (page_child (window, "token_entry"))), ==, token);
  fill (window, "pin_entry", ui.pin);
  g_assert_false (gtk_widget_has_css_class (page_child (window, "pin_entry"), "error"));
  g_assert_null (fc_sync_service_get_status (service)->server);
}

/* A CA file that cannot be read is said to be so, and nothing is kept. */
static void
check_an_unreadable_ca_is_refused (FcWindow   *window,
                                   const char *db)
{
  FcSyncService *service = fc_sync_page_get_service (ui_sync_page (window));
  g_autofree char *missing = test_scratch_path ("no-such-ca.pem");
  g_autofree char *kept = NULL;
  g_autofree char *unreadable = lead_of ("The certificate authority file cannot be read: %s");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui_sync_page (window)), "sync.set-ca", "ms", missing));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (page_child (window, "ca_row"))), ==, missing);
  enrol (window);
  g_assert_nonnull (fc_sync_service_get_last_error (service));
  g_assert_true (g_str_has_prefix (fc_sync_service_get_last_error (service), unreadable));
  g_assert_null (fc_sync_service_get_status (service)->server);
  kept = meta (db, "sync_ca_file");
  g_assert_cmpstr (kept, ==, "");
}

/* Choose… opens a file chooser; cancelled, it changes nothing. */
static void
check_the_ca_is_chosen_in_a_file_chooser (FcWindow *window)
{
  GtkWidget *chooser;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui_sync_page (window)), "sync.set-ca", "ms", NULL));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (page_child (window, "ca_row"))), ==,
                   L_("None chosen: the authorities this system trusts"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui_sync_page (window)), "sync.choose-ca", NULL));
  g_assert_true (ui_wait_until (chooser_open, NULL, 10));
  chooser = ui_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
  for (int i = 0; i < 5; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (page_child (window, "ca_row"))), ==,
                   L_("None chosen: the authorities this system trusts"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui_sync_page (window)), "sync.set-ca", "ms", ui.ca));
}

/* The district's CA with a pin of another key: the server is not trusted,
 * nothing was sent, and the trust of before (none) is back. */
static void
check_a_wrong_pin_refuses_the_server (FcWindow   *window,
                                      const char *db)
{
  FcSyncService *service = fc_sync_page_get_service (ui_sync_page (window));
  g_autofree char *token = new_token (&ui.tls);
  g_autofree char *kept_pin = NULL;
  g_autofree char *kept_ca = NULL;
  g_autofree char *untrusted = lead_of ("The server is not the one this device trusts (%s); nothing was sent");

  fill (window, "token_entry", token);
  fill (window, "pin_entry", ui.wrong_pin);
  enrol (window);
  g_assert_true (g_str_has_prefix (fc_sync_service_get_last_error (service), untrusted));
  g_assert_null (fc_sync_service_get_status (service)->server);
  kept_pin = meta (db, "sync_pinned_key");
  kept_ca = meta (db, "sync_ca_file");
  g_assert_cmpstr (kept_pin, ==, "");
  g_assert_cmpstr (kept_ca, ==, "");
}

/* The right pin: enrolled, synced, and the store keeps exactly the CA file
 * and the pin, as fieldcheck-cli enroll --ca --pin does. */
static void
check_the_ca_and_pin_enrol_the_device (FcWindow   *window,
                                       const char *db)
{
  FcSyncService *service = fc_sync_page_get_service (ui_sync_page (window));
  g_autofree char *token = new_token (&ui.tls);
  g_autofree char *kept_pin = NULL;
  g_autofree char *kept_ca = NULL;

  fill (window, "token_entry", token);
  fill (window, "pin_entry", ui.pin);
  save (window, "enrol-with-ca-and-pin");
  enrol (window);
  g_assert_null (fc_sync_service_get_last_error (service));
  g_assert_cmpstr (fc_sync_service_get_status (service)->server, ==, ui.tls.url);
  g_assert_cmpint (fc_sync_service_get_status (service)->last_sync_ms, >, 0);
  kept_pin = meta (db, "sync_pinned_key");
  kept_ca = meta (db, "sync_ca_file");
  g_assert_cmpstr (kept_pin, ==, ui.pin);
  g_assert_cmpstr (kept_ca, ==, ui.ca);
  g_assert_false (ui_shows_label (GTK_WIDGET (ui_sync_page (window)), L_("Enrol This Device")));
}

static FcWindow *
opened_window (void)
{
  GList *windows = gtk_application_get_windows (ui.app);
  FcWindow *window;

  if (windows == NULL)
    return NULL;
  window = FC_WINDOW (windows->data);
  ui_settle (window);
  ui_activate (window, "win.sync", NULL);
  ui_settle_sync (window);
  g_assert_cmpstr (fc_window_get_page (window), ==, "sync");
  return window;
}

static gboolean
drive_enrolment (gpointer data)
{
  FcWindow *window = opened_window ();
  const char *db = g_object_get_data (G_OBJECT (ui.app), "fc-db");

  if (window == NULL)
    return G_SOURCE_CONTINUE;
  check_a_malformed_pin_is_refused_at_once (window, db);
  check_an_unreadable_ca_is_refused (window, db);
  check_the_ca_is_chosen_in_a_file_chooser (window);
  check_a_wrong_pin_refuses_the_server (window, db);
  check_the_ca_and_pin_enrol_the_device (window, db);
  ui.done = TRUE;
  gtk_window_destroy (GTK_WINDOW (window));
  return G_SOURCE_REMOVE;
}

static void
on_progress (FcSyncService *service,
             FcWindow      *window)
{
  GtkProgressBar *bar = GTK_PROGRESS_BAR (page_child (window, "progress"));
  Seen seen = { 0 };

  if (ui.shooting)
    return;
  g_assert_true (fc_sync_service_get_progress (service, &seen.progress));
  seen.text = g_strdup (gtk_progress_bar_get_text (bar));
  seen.fraction = gtk_progress_bar_get_fraction (bar);
  g_array_append_val (ui.progress, seen);
  /* The picture waits while the sync goes on: the page keeps what it shows
   * until the picture is taken, then hears all that happened meanwhile. */
  if (ui.shots != NULL && seen.progress.phase == FC_SYNC_PHASE_SENDING && seen.progress.done == 1500)
    {
      g_signal_handlers_block_matched (service, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, ui_sync_page (window));
      ui.shooting = TRUE;
      save (window, "sending");
      ui.shooting = FALSE;
      g_signal_handlers_unblock_matched (service, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, ui_sync_page (window));
      g_signal_emit_by_name (service, "changed");
    }
}

/* 4,000 changes wait: the bar counts them out in batches of 500 with the
 * fraction sent, then follows the feed to its head. */
static void
check_progress_counts_what_is_sent_and_received (FcWindow *window)
{
  FcSyncService *service = fc_sync_page_get_service (ui_sync_page (window));
  const char *db = g_object_get_data (G_OBJECT (ui.app), "fc-db");
  guint sending = 0, receiving = 0;
  guint64 last_done = 0;
  double last_fraction = 0;
  gboolean saw_1500 = FALSE;
  g_autofree char *sending_1500 = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Sending %s of %s change…",
                                                                "Sending %s of %s changes…", N_WAITING),
                                                   "1,500", "4,000");

  g_assert_cmpint (fc_sync_service_get_status (service)->n_waiting, ==, N_WAITING);
  ui.progress = g_array_new (FALSE, TRUE, sizeof (Seen));
  g_signal_connect (service, "progress", G_CALLBACK (on_progress), window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui_sync_page (window)), "sync.now", NULL));
  ui_settle_sync (window);
  g_signal_handlers_disconnect_by_func (service, on_progress, window);
  g_assert_null (fc_sync_service_get_last_error (service));
  g_assert_cmpint (test_db_count (db, "SELECT count (*) FROM op_log WHERE origin = 'local' AND acked = 0"), ==, 0);

  for (guint i = 0; i < ui.progress->len; i++)
    {
      Seen *seen = &g_array_index (ui.progress, Seen, i);

      g_test_message ("%s %.3f", seen->text, seen->fraction);
      if (seen->progress.phase == FC_SYNC_PHASE_SENDING)
        {
          g_assert_cmpuint (receiving, ==, 0);
          g_assert_cmpuint (seen->progress.total, ==, N_WAITING);
          /* Batches of 500; taking a picture skips a few. */
          g_assert_cmpuint (seen->progress.done % 500, ==, 0);
          g_assert_true (sending == 0 || seen->progress.done > last_done);
          if (ui.shots == NULL)
            g_assert_cmpuint (seen->progress.done, ==, 500 * sending);
          g_assert_cmpfloat_with_epsilon (seen->fraction, (double) seen->progress.done / N_WAITING, 1e-9);
          if (seen->progress.done == 1500)
            {
              g_assert_cmpstr (seen->text, ==, sending_1500);
              saw_1500 = TRUE;
            }
          last_done = seen->progress.done;
          sending++;
          continue;
        }
      /* Its own changes come back as duplicates: none received from others. */
      g_assert_cmpuint (seen->progress.done, ==, 0);
      g_assert_cmpstr (seen->text, ==, L_("Receiving the district's changes…"));
      if (seen->progress.fraction >= 0)
        {
          g_assert_cmpfloat (seen->fraction, >=, last_fraction);
          last_fraction = seen->fraction;
        }
      receiving++;
    }
  g_assert_true (saw_1500);
  /* Taking pictures, the reports that came meanwhile are not looked at. */
  if (ui.shots == NULL)
    {
      g_assert_cmpuint (last_done, ==, N_WAITING);
      g_assert_cmpuint (sending, ==, N_WAITING / 500 + 1);
      g_assert_cmpuint (receiving, >=, 2);
      g_assert_cmpfloat (last_fraction, ==, 1.0);
    }
  g_assert_false (gtk_widget_get_visible (page_child (window, "progress")));
  for (guint i = 0; i < ui.progress->len; i++)
    g_free (g_array_index (ui.progress, Seen, i).text);
  g_clear_pointer (&ui.progress, g_array_unref);
}

static gboolean
drive_progress (gpointer data)
{
  FcWindow *window = opened_window ();

  if (window == NULL)
    return G_SOURCE_CONTINUE;
  check_progress_counts_what_is_sent_and_received (window);
  ui.done = TRUE;
  gtk_window_destroy (GTK_WINDOW (window));
  return G_SOURCE_REMOVE;
}

/* An older server without the list of who may sign in: the sync stands and
 * the page says what could not be refreshed and why; the next sync that
 * gets the list takes the note away. */
static void
check_a_stale_sign_in_list_is_noted (FcWindow *window)
{
  FcSyncService *service = fc_sync_page_get_service (ui_sync_page (window));
  AdwActionRow *note = ADW_ACTION_ROW (page_child (window, "note_row"));
  g_autofree char *stale = lead_of ("Sign-in data could not be refreshed: %s. People sign in "
                                    "with what the sync before brought.");

  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (note)));
  test_relay_set_mode (&ui.relay, TEST_RELAY_OLD_SERVER);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui_sync_page (window)), "sync.now", NULL));
  ui_settle_sync (window);
  g_assert_null (fc_sync_service_get_last_error (service));
  g_assert_false (gtk_widget_get_visible (page_child (window, "error_row")));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (note)));
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (note), stale));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (note), "(not_found)"));
  g_assert_true (ui_shows_label (GTK_WIDGET (ui_sync_page (window)), L_("Sign-in data is from an earlier sync")));
  save (window, "sign-in-note");

  test_relay_set_mode (&ui.relay, TEST_RELAY_FORWARD);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui_sync_page (window)), "sync.now", NULL));
  ui_settle_sync (window);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (note)));
}

static gboolean
drive_note (gpointer data)
{
  FcWindow *window = opened_window ();

  if (window == NULL)
    return G_SOURCE_CONTINUE;
  check_a_stale_sign_in_list_is_noted (window);
  ui.done = TRUE;
  gtk_window_destroy (GTK_WINDOW (window));
  return G_SOURCE_REMOVE;
}

static void
run_app (const char  *db,
         GSourceFunc  drive)
{
  ui_sync_run_app (db, drive, NULL, &ui.app, &ui.done);
}

static void
test_sync_page_enrols_with_a_ca_file_and_a_pin (void)
{
  g_autofree char *db = test_scratch_path ("enrol-ui-new.db");

  run_app (db, drive_enrolment);
}

/* A device enrolled with the CLI (CA and pin), the admin signed in, and
 * N_WAITING new people recorded in one transaction. */
static void
test_sync_page_shows_how_far_a_long_sync_is (void)
{
  g_autofree char *db = test_scratch_path ("enrol-ui-long.db");
  g_autofree char *token = new_token (&ui.tls);
  g_autoptr(FcStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *admin = NULL;
  g_auto(TestRun) run = { 0 };

  test_cli (&run, db, "enroll", "--server", ui.tls.url, "--token", token, "--ca", ui.ca, "--pin", ui.pin, NULL);
  g_assert_cmpint (run.status, ==, 0);
  test_sync (db);
  g_free (test_cli_line (db, "login", "--no-password", "admin", NULL));
  admin = meta (db, "user_id");
  store = fc_store_open (db, &error);
  g_assert_no_error (error);
  fc_store_set_user (store, admin);
  g_assert_true (fc_store_begin (store, &error));
  for (guint i = 0; i < N_WAITING; i++)
    {
      g_autoptr(FcOp) op = fc_op_new_insert ("person", NULL);
      g_autofree char *name = g_strdup_printf ("检查员 %04u", i);

      fc_op_set_string (op, "name", name);
      fc_op_set_string (op, "roles", "inspector");
      g_assert_true (fc_store_write (store, op, &error));
    }
  g_assert_true (fc_store_commit (store, &error));
  g_clear_object (&store);
  run_app (db, drive_progress);
}

static void
test_sync_page_notes_sign_in_data_it_could_not_refresh (void)
{
  g_autofree char *db = NULL;

  /* The device knows the server by the relay's address only. */
  g_free (ui.plain.url);
  ui.plain.url = g_strdup (ui.relay.url);
  db = test_device_new (&ui.plain, "tablet");
  run_app (db, drive_note);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *ca_key = NULL;
  int status;

  fc_i18n_init ();
  gtk_test_init (&argc, &argv, NULL);
  ui.shots = g_strdup (g_getenv ("FC_SYNC_UI_SHOTS"));

  ui.ca = test_ca_new ("enrol-ui", &ca_key);
  test_identity_from_ca (&ui.server_id, "enrol-ui", "server", ui.ca, ca_key, NULL);
  test_identity_from_ca (&ui.other_id, "enrol-ui", "other", ui.ca, ca_key, NULL);
  ui.pin = test_pin_of (&ui.server_id);
  ui.wrong_pin = test_pin_of (&ui.other_id);
  {
    char *tls[] = { (char *) "--tls-cert", ui.server_id.cert, (char *) "--tls-key", ui.server_id.key, NULL };

    test_server_init (&ui.tls, "enrol-ui-tls", tls);
    g_free (ui.tls.url);
    ui.tls.url = g_strdup_printf ("https://127.0.0.1:%u", ui.tls.port);
    ui.tls.extra = NULL;
  }
  test_server_init (&ui.plain, "enrol-ui-plain", NULL);
  test_relay_start (&ui.relay, ui.plain.port);

  g_test_add_func ("/sync-enrol-ui/sync-page-enrols-with-a-ca-file-and-a-pin",
                   test_sync_page_enrols_with_a_ca_file_and_a_pin);
  g_test_add_func ("/sync-enrol-ui/sync-page-shows-how-far-a-long-sync-is",
                   test_sync_page_shows_how_far_a_long_sync_is);
  g_test_add_func ("/sync-enrol-ui/sync-page-notes-sign-in-data-it-could-not-refresh",
                   test_sync_page_notes_sign_in_data_it_could_not_refresh);
  status = g_test_run ();

  test_relay_stop (&ui.relay);
  test_server_clear (&ui.tls);
  test_server_clear (&ui.plain);
  test_identity_clear (&ui.server_id);
  test_identity_clear (&ui.other_id);
  g_free (ui.ca);
  g_free (ui.pin);
  g_free (ui.wrong_pin);
  g_free (ui.shots);
  return status;
}
