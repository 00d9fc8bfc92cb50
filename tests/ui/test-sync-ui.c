/* test-sync-ui.c: the sync page driven through the window against a real
 * fieldcheck-server on 127.0.0.1 — Sync now empties the outbox into the
 * server, a change the server refuses shows its reason and its record on the
 * page, and a same-field race shows both sides and is resolved from the page,
 * the choice reaching the server at the next sync.
 *
 * With FC_SYNC_UI_SHOTS=DIR (and FC_SYNC_UI_SIZE=WxH) it also saves the page
 * as PNGs at each step, for people to look at.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fc-application.h"
#include "fc-i18n.h"
#include "fc-sync-backoff.h"
#include "fc-sync-indicator.h"
#include "fc-sync-page.h"
#include "../sync/sync-test-util.h"
#include "ui-sync-util.h"

/* What the page says, in the language it runs in (English in the test suite). */
#define L_(text) g_dgettext (GETTEXT_PACKAGE, text)

/* A network that comes and goes when the test says so. */
#define TEST_TYPE_NETWORK (test_network_get_type ())
G_DECLARE_FINAL_TYPE (TestNetwork, test_network, TEST, NETWORK, GObject)

struct _TestNetwork
{
  GObject  parent_instance;
  gboolean available;
};

enum { PROP_0, PROP_AVAILABLE, PROP_METERED, PROP_CONNECTIVITY };

static gboolean
test_network_init_initable (GInitable     *initable,
                            GCancellable  *cancellable,
                            GError       **error)
{
  return TRUE;
}

static void
test_network_initable_iface_init (GInitableIface *iface)
{
  iface->init = test_network_init_initable;
}

static void
test_network_monitor_iface_init (GNetworkMonitorInterface *iface)
{
}

G_DEFINE_FINAL_TYPE_WITH_CODE (TestNetwork, test_network, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE, test_network_initable_iface_init)
                               G_IMPLEMENT_INTERFACE (G_TYPE_NETWORK_MONITOR, test_network_monitor_iface_init))

static void
test_network_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  TestNetwork *self = TEST_NETWORK (object);

  switch (prop_id)
    {
    case PROP_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;
    case PROP_METERED:
      g_value_set_boolean (value, FALSE);
      break;
    case PROP_CONNECTIVITY:
      g_value_set_enum (value, self->available ? G_NETWORK_CONNECTIVITY_FULL : G_NETWORK_CONNECTIVITY_LOCAL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
test_network_class_init (TestNetworkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = test_network_get_property;
  g_object_class_override_property (object_class, PROP_AVAILABLE, "network-available");
  g_object_class_override_property (object_class, PROP_METERED, "network-metered");
  g_object_class_override_property (object_class, PROP_CONNECTIVITY, "connectivity");
}

static void
test_network_init (TestNetwork *self)
{
}

static void
test_network_set (TestNetwork *self,
                  gboolean     available)
{
  self->available = available;
  g_object_notify (G_OBJECT (self), "network-available");
  g_signal_emit_by_name (self, "network-changed", available);
}

typedef struct
{
  GtkApplication *app;
  TestServer      server;
  char           *tablet;     /* the window's store, an enrolled device */
  char           *other;      /* a second device */
  char           *facility;
  char           *hazard;
  char           *second;     /* another hazard, whose measures the app records */
  char           *shots;
  guint           shot;
  gboolean        done;
} SyncUi;

/* A facility, an inspector and a manager assigned to it, and a hazard, on both
 * devices; then, offline, what the window finds waiting on the tablet: an
 * accepted edit, one by a person not assigned to the facility, the tablet's
 * half of a race whose other half the second device already synced, and a
 * rectification started on both devices. */
static void
make_district (SyncUi *ui)
{
  g_auto(TestRun) run = { 0 };

  test_server_init (&ui->server, "sync-ui-server", NULL);
  test_admin (&run, &ui->server, "user", "add", "outsider", "--roles", "inspector", NULL);
  g_assert_cmpint (run.status, ==, 0);
  ui->tablet = test_device_new (&ui->server, "tablet");
  ui->other = test_device_new (&ui->server, "other");

  g_free (test_cli_line (ui->tablet, "login", "admin", NULL));
  ui->facility = test_cli_line (ui->tablet, "put", "facility", "name=阳光养老院", "type=elderly_care",
                                "town=汉丰街道", NULL);
  test_sync (ui->tablet);
  test_admin (&run, &ui->server, "assign", "insp", ui->facility, "inspector", NULL);
  g_assert_cmpint (run.status, ==, 0);
  test_admin (&run, &ui->server, "assign", "mgr", ui->facility, "facility_manager", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_free (test_cli_line (ui->tablet, "login", "insp", NULL));
  ui->hazard = test_cli_line (ui->tablet, "hazard", "record", "--facility", ui->facility, "--category", "gas",
                              "--description", "厨房燃气软管老化", NULL);
  ui->second = test_cli_line (ui->tablet, "hazard", "record", "--facility", ui->facility, "--category", "gas",
                              "--description", "厨房未装燃气报警器", NULL);
  test_sync (ui->tablet);
  test_sync (ui->other);

  g_free (test_cli_line (ui->other, "login", "mgr", NULL));
  g_free (test_cli_line (ui->other, "put", "hazard", ui->hazard, "responsible_party=阳光养老院", NULL));
  g_free (test_cli_line (ui->other, "hazard", "move", ui->hazard, "start_rectification", NULL));
  test_sync (ui->other);

  g_free (test_cli_line (ui->tablet, "put", "hazard", ui->hazard, "measures=更换金属软管", NULL));
  g_free (test_cli_line (ui->tablet, "put", "hazard", ui->hazard, "responsible_party=区民政局", NULL));
  g_free (test_cli_line (ui->tablet, "login", "outsider", NULL));
  g_free (test_cli_line (ui->tablet, "put", "hazard", ui->hazard, "location=二楼走廊", NULL));
  /* The manager starts the rectification here too, not knowing it was started there. */
  g_free (test_cli_line (ui->tablet, "login", "mgr", NULL));
  g_free (test_cli_line (ui->tablet, "hazard", "move", ui->hazard, "start_rectification", NULL));
  g_free (test_cli_line (ui->tablet, "login", "insp", NULL));
}

static gboolean
retry_planned (gpointer data)
{
  FcWindow *window = data;
  FcSyncService *service = fc_sync_page_get_service (ui_sync_page (window));

  return ui_sync_idle (window) && fc_sync_service_get_retry_ms (service) > 0;
}

static void
save (SyncUi     *ui,
      GtkWidget  *widget,
      const char *name)
{
  ui_save_shot (ui->shots, &ui->shot, widget, name);
}

static const char *
row_subtitle_with (GtkWidget  *widget,
                   const char *text)
{
  if (ADW_IS_ACTION_ROW (widget))
    {
      const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (widget));

      if (subtitle != NULL && strstr (subtitle, text) != NULL)
        return subtitle;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *found = row_subtitle_with (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gint64
outbox (const char *db)
{
  return test_db_count (db, "SELECT count (*) FROM op_log WHERE origin = 'local' AND acked = 0");
}

/* A change recorded in the app (the measures of the second hazard, on its
 * page) waits with the four made before; Sync now sends them: the server
 * holds the app's op once, nothing waits, and the page says so. */
static void
check_sync_now_empties_the_outbox (SyncUi   *ui,
                                   FcWindow *window)
{
  g_autofree char *server_db = test_server_db (&ui->server);
  g_autofree char *measures_op = NULL;
  g_autofree char *sql = NULL;
  FcSyncService *service = fc_sync_page_get_service (ui_sync_page (window));
  GVariantBuilder fields;

  g_assert_cmpint (outbox (ui->tablet), ==, 4);
  ui_activate (window, "win.open-hazard", g_variant_new_string (ui->second));
  g_variant_builder_init (&fields, G_VARIANT_TYPE ("a{ss}"));
  g_variant_builder_add (&fields, "{ss}", "measures", "加装可燃气体报警器");
  g_assert_true (gtk_widget_activate_action (fc_window_get_page_widget (window, "hazard"), "hazard.apply",
                                             "(sa{ss})", "measures", &fields));
  ui_settle (window);
  ui_activate (window, "win.sync", NULL);
  ui_settle_sync (window);
  measures_op = test_dump_line (ui->tablet, "SELECT op_id FROM op_log WHERE origin = 'local' AND acked = 0 "
                                            "AND fields LIKE '%加装可燃气体报警器%'");
  g_assert_cmpstr (measures_op, !=, "");
  sql = g_strdup_printf ("SELECT count (*) FROM op_log WHERE op_id = '%s'", measures_op);

  g_assert_cmpint (outbox (ui->tablet), ==, 5);
  g_assert_cmpint (fc_sync_service_get_status (service)->n_waiting, ==, 5);
  g_assert_nonnull (fc_sync_service_get_status (service)->server);
  /* The tablet acts as the inspector (user add gives the login as the name). */
  g_assert_cmpstr (fc_sync_service_get_status (service)->acting, ==, "insp (insp)");
  g_assert_true (ui_shows_label (GTK_WIDGET (ui_sync_page (window)), "5"));
  save (ui, GTK_WIDGET (window), "waiting");

  g_assert_cmpint (test_db_count (server_db, sql), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui_sync_page (window)), "sync.now", NULL));
  g_assert_true (fc_sync_service_get_syncing (service));
  {
    GObject *progress = gtk_widget_get_template_child (GTK_WIDGET (ui_sync_page (window)), FC_TYPE_SYNC_PAGE,
                                                       "progress");

    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (progress)));
    g_assert_nonnull (strstr (gtk_progress_bar_get_text (GTK_PROGRESS_BAR (progress)), "(5)"));
  }
  ui_settle_sync (window);

  g_assert_null (fc_sync_service_get_last_error (service));
  g_assert_cmpint (outbox (ui->tablet), ==, 0);
  g_assert_cmpint (test_db_count (server_db, sql), ==, 1);
  g_assert_cmpint (fc_sync_service_get_status (service)->n_waiting, ==, 0);
  g_assert_cmpint (fc_sync_service_get_status (service)->last_sync_ms, >, 0);
  /* Taken: both measures and the responsible party; refused: the location and the second start. */
  g_assert_cmpint (fc_sync_service_get_status (service)->last_taken, ==, 3);
  g_assert_cmpint (fc_sync_service_get_status (service)->last_refused, ==, 2);
  g_assert_true (ui_shows_label (GTK_WIDGET (ui_sync_page (window)), "3"));
  g_assert_true (ui_shows_label (GTK_WIDGET (ui_sync_page (window)), "0"));
  {
    g_autofree char *measures_sql = g_strdup_printf ("SELECT measures FROM hazard WHERE id = '%s'",
                                                     ui->hazard);
    g_autofree char *measures = test_dump_line (server_db, measures_sql);

    g_assert_cmpstr (measures, ==, "更换金属软管");
  }
}

/* The change by a person not assigned to the facility comes back refused:
 * the page names the record and the field, and gives the server's sentence. */
static void
check_refusal_shows_its_reason (SyncUi   *ui,
                                FcWindow *window)
{
  FcSyncService *service = fc_sync_page_get_service (ui_sync_page (window));
  const FcSyncStatus *status = fc_sync_service_get_status (service);
  g_autofree char *reason = test_dump_line (ui->tablet, "SELECT message FROM sync_refusal WHERE direction = 'push'");
  g_autofree char *outsider = test_dump_line (ui->tablet, "SELECT id FROM person WHERE login = 'outsider'");
  const FcSyncRefusal *refusal = NULL;

  g_assert_cmpint (test_db_count (ui->tablet, "SELECT count (*) FROM op_log WHERE acked = 2"), ==, 2);
  g_assert_cmpstr (reason, !=, "");
  g_assert_cmpuint (status->refusals->len, ==, 2);
  for (guint i = 0; i < status->refusals->len; i++)
    {
      const FcSyncRefusal *each = status->refusals->pdata[i];

      if (g_strcmp0 (each->fields, L_("Location")) == 0)
        refusal = each;
    }
  g_assert_nonnull (refusal);
  g_assert_nonnull (strstr (refusal->record, "厨房燃气软管老化"));
  g_assert_cmpstr (refusal->fields, ==, L_("Location"));
  /* The server's sentence names the person, never their id. */
  g_assert_null (strstr (reason, outsider));
  g_assert_nonnull (strstr (reason, "outsider"));
  g_assert_null (strstr (refusal->message, outsider));
  g_assert_nonnull (strstr (refusal->message, "outsider"));
  g_assert_cmpstr (row_subtitle_with (GTK_WIDGET (ui_sync_page (window)), "outsider"), ==, refusal->message);
  g_assert_true (ui_shows_label (GTK_WIDGET (ui_sync_page (window)), L_("Refused by the Server")));
  {
    g_autofree char *server_db = test_server_db (&ui->server);
    g_autofree char *location_sql = g_strdup_printf ("SELECT coalesce (location, '-') FROM hazard "
                                                     "WHERE id = '%s'", ui->hazard);
    g_autofree char *location = test_dump_line (server_db, location_sql);

    g_assert_cmpstr (location, !=, "二楼走廊");
  }
}

/* The rectification started on both devices: the server refuses the tablet's
 * start with the state machine's sentence, the tablet undoes it and then takes
 * the other's start, which it had set aside; nothing is left unapplied. */
static void
check_both_ways_of_a_refused_step (SyncUi   *ui,
                                   FcWindow *window)
{
  const FcSyncStatus *status = fc_sync_service_get_status (fc_sync_page_get_service (ui_sync_page (window)));
  g_autofree char *server_db = test_server_db (&ui->server);
  g_autofree char *status_sql = g_strdup_printf ("SELECT status FROM hazard "
                                                 "WHERE id = '%s'", ui->hazard);
  g_autofree char *on_tablet = test_dump_line (ui->tablet, status_sql);
  g_autofree char *on_server = test_dump_line (server_db, status_sql);
  gboolean start_refused = FALSE;

  g_assert_cmpint (test_db_count (ui->tablet, "SELECT count (*) FROM sync_refusal WHERE direction = 'pull'"),
                   ==, 0);
  g_assert_cmpuint (status->incoming->len, ==, 0);
  g_assert_false (ui_shows_label (GTK_WIDGET (ui_sync_page (window)), L_("Not Applied on This Device")));
  g_assert_cmpstr (on_tablet, ==, on_server);
  g_assert_cmpstr (on_tablet, ==, "rectifying");
  for (guint i = 0; i < status->refusals->len; i++)
    {
      const FcSyncRefusal *each = status->refusals->pdata[i];

      if (each->fields == NULL && strstr (each->record, "厨房燃气软管老化") != NULL)
        start_refused = TRUE;
    }
  g_assert_true (start_refused);
}

/* Both devices set who is responsible: the page shows mine and theirs with
 * who and when; keeping mine writes it again, and the sync that starts by
 * itself when the network returns carries it to the server. */
static void
check_conflict_is_shown_and_resolved (SyncUi   *ui,
                                      FcWindow *window)
{
  FcSyncService *service = fc_sync_page_get_service (ui_sync_page (window));
  const FcSyncStatus *status = fc_sync_service_get_status (service);
  g_autofree char *server_db = test_server_db (&ui->server);
  g_autofree char *party_sql = g_strdup_printf ("SELECT responsible_party FROM hazard WHERE id = '%s'",
                                                ui->hazard);
  g_autofree char *on_server = NULL;
  g_autofree char *on_tablet = NULL;
  g_autoptr(TestNetwork) network = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  const FcSyncConflict *conflict;
  gint64 id;

  g_assert_cmpint (test_db_count (ui->tablet, "SELECT count (*) FROM conflict WHERE resolved = 0"), ==, 1);
  g_assert_cmpuint (status->conflicts->len, ==, 1);
  conflict = status->conflicts->pdata[0];
  g_assert_cmpstr (conflict->field, ==, L_("Responsible party"));
  g_assert_nonnull (strstr (conflict->record, "厨房燃气软管老化"));
  g_assert_true (conflict->mine.ours);
  g_assert_false (conflict->theirs.ours);
  g_assert_cmpstr (conflict->mine.value, ==, "区民政局");
  g_assert_cmpstr (conflict->theirs.value, ==, "阳光养老院");
  g_assert_cmpint (conflict->mine.at_ms, >, 0);
  g_assert_cmpint (conflict->theirs.at_ms, >, 0);
  g_assert_true (ui_shows_label (GTK_WIDGET (ui_sync_page (window)), "区民政局"));
  g_assert_true (ui_shows_label (GTK_WIDGET (ui_sync_page (window)), "阳光养老院"));
  g_assert_true (ui_shows_label (GTK_WIDGET (ui_sync_page (window)), L_("Conflicts to Resolve")));
  save (ui, GTK_WIDGET (window), "refused-and-conflict");

  /* Read again with nothing changed (as every minute): the card stays, with its buttons. */
  {
    GObject *box = gtk_widget_get_template_child (GTK_WIDGET (ui_sync_page (window)), FC_TYPE_SYNC_PAGE,
                                                  "conflicts_box");
    GtkWidget *card = gtk_widget_get_first_child (GTK_WIDGET (box));

    fc_sync_service_refresh (service);
    ui_settle_sync (window);
    g_assert_true (gtk_widget_get_first_child (GTK_WIDGET (box)) == card);
    status = fc_sync_service_get_status (service);
    conflict = status->conflicts->pdata[0];
  }

  id = conflict->id;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui_sync_page (window)), "sync.resolve", "(xb)",
                                             id, TRUE));
  ui_settle_sync (window);
  g_assert_null (fc_sync_page_get_notice (ui_sync_page (window)));
  /* A second press, as from a card not yet redrawn, is told why nothing happened. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui_sync_page (window)), "sync.resolve", "(xb)",
                                             id, FALSE));
  ui_settle_sync (window);
  g_assert_nonnull (fc_sync_page_get_notice (ui_sync_page (window)));
  g_assert_null (fc_sync_service_get_last_error (service));
  status = fc_sync_service_get_status (service);
  g_assert_cmpuint (status->conflicts->len, ==, 0);
  g_assert_cmpint (test_db_count (ui->tablet, "SELECT count (*) FROM conflict WHERE resolved = 0"), ==, 0);
  g_assert_cmpint (status->n_waiting, ==, 1);
  on_tablet = test_dump_line (ui->tablet, party_sql);
  g_assert_cmpstr (on_tablet, ==, "区民政局");

  /* The network comes back, with sync-automatically on: the choice goes by itself. */
  network = g_object_new (TEST_TYPE_NETWORK, NULL);
  fc_sync_service_set_network_monitor (service, G_NETWORK_MONITOR (network));
  g_settings_set_boolean (settings, "sync-automatically", TRUE);
  test_network_set (network, TRUE);
  g_assert_true (fc_sync_service_get_syncing (service));
  ui_settle_sync (window);
  g_assert_null (fc_sync_service_get_last_error (service));
  g_assert_cmpint (outbox (ui->tablet), ==, 0);
  /* A change of routes while the network stays up starts nothing. */
  test_network_set (network, TRUE);
  g_assert_false (fc_sync_service_get_syncing (service));
  g_settings_set_boolean (settings, "sync-automatically", FALSE);
  on_server = test_dump_line (server_db, party_sql);
  g_assert_cmpstr (on_server, ==, "区民政局");
  save (ui, GTK_WIDGET (window), "resolved");
}

static FcWindow *
opened_window (SyncUi *ui)
{
  GList *windows = gtk_application_get_windows (ui->app);
  FcWindow *window;

  if (windows == NULL)
    return NULL;
  window = FC_WINDOW (windows->data);
  ui_settle (window);
  ui_settle_sync (window);
  ui_activate (window, "win.sync", NULL);
  ui_settle_sync (window);
  g_assert_cmpstr (fc_window_get_page (window), ==, "sync");
  return window;
}

static gboolean
drive_enrolled (gpointer data)
{
  SyncUi *ui = data;
  FcWindow *window = opened_window (ui);

  if (window == NULL)
    return G_SOURCE_CONTINUE;
  check_sync_now_empties_the_outbox (ui, window);
  check_refusal_shows_its_reason (ui, window);
  check_both_ways_of_a_refused_step (ui, window);
  check_conflict_is_shown_and_resolved (ui, window);
  ui->done = TRUE;
  gtk_window_destroy (GTK_WINDOW (window));
  return G_SOURCE_REMOVE;
}

/* A new device: the page offers enrolment; the text of the token's QR code
 * enrols the device and the first sync brings
 * the district's institution. The code arrives as any scan does (camera or
 * hardware scanner) and opens the sync page filled in. */
static void
check_enrolment_from_the_page (SyncUi   *ui,
                               FcWindow *window,
                               const char *db)
{
  FcSyncPage *page = ui_sync_page (window);
  FcSyncService *service = fc_sync_page_get_service (page);
  g_auto(TestRun) run = { 0 };
  g_autofree char *token = NULL;
  g_autofree char *qr_text = NULL;
  GtkWidget *entry;

  g_assert_null (fc_sync_service_get_status (service)->server);
  g_assert_true (ui_shows_label (GTK_WIDGET (page), L_("Enrol This Device")));
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (page), "sync.now", NULL) &&
                  fc_sync_service_get_syncing (service));
  save (ui, GTK_WIDGET (window), "not-enrolled");

  test_admin (&run, &ui->server, "enroll-token", NULL);
  g_assert_cmpint (run.status, ==, 0);
  token = g_strndup (run.out + 6, strcspn (run.out + 6, "\n"));
  qr_text = g_strdup_printf ("fieldcheck-enroll:1?server=%s&token=%s", ui->server.url, token);
  /* Scanned while another page is on screen: the sync page comes back with the code. */
  ui_activate (window, "win.ledger", NULL);
  ui_activate (window, "win.scan-text", g_variant_new_string (qr_text));
  g_assert_cmpstr (fc_window_get_page (window), ==, "sync");
  entry = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page), FC_TYPE_SYNC_PAGE, "token_entry"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, qr_text);
  g_assert_nonnull (fc_sync_page_get_notice (page));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sync.enroll", NULL));
  ui_settle_sync (window);

  g_assert_null (fc_sync_service_get_last_error (service));
  g_assert_cmpstr (fc_sync_service_get_status (service)->server, ==, ui->server.url);
  g_assert_false (ui_shows_label (GTK_WIDGET (page), L_("Enrol This Device")));
  g_assert_cmpint (test_db_count (db, "SELECT count (*) FROM facility WHERE name = '阳光养老院'"), ==, 1);
  ui_settle (window);
  g_assert_cmpuint (g_list_model_get_n_items (fc_window_get_facilities (window)), ==, 1);
}

/* The device revoked: the server's refusal is shown, and nothing is tried
 * again by itself, since it would hear the same. The server gone: the
 * failure's sentence is on the page and in the header, and with
 * sync-automatically on the next attempt waits out the backoff. */
static void
check_failure_is_shown_and_retried (SyncUi     *ui,
                                    FcWindow   *window,
                                    const char *db)
{
  FcSyncPage *page = ui_sync_page (window);
  FcSyncService *service = fc_sync_page_get_service (page);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *device = test_dump_line (db, "SELECT value FROM meta WHERE key = 'device_id'");
  g_auto(TestRun) run = { 0 };
  const char *error;
  const char *said;

  g_settings_set_boolean (settings, "sync-automatically", TRUE);
  test_admin (&run, &ui->server, "devices", "revoke", device, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sync.now", NULL));
  ui_settle_sync (window);
  g_assert_nonnull (fc_sync_service_get_last_error (service));
  g_assert_cmpint (fc_sync_service_get_retry_ms (service), ==, 0);
  g_assert_nonnull (row_subtitle_with (GTK_WIDGET (page), fc_sync_service_get_last_error (service)));

  test_server_clear (&ui->server);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sync.now", NULL));
  /* Between two attempts: the next is planned (a short first wait may have run out already). */
  g_assert_true (ui_wait_until (retry_planned, window, 30));

  error = fc_sync_service_get_last_error (service);
  g_assert_nonnull (error);
  g_assert_cmpint (fc_sync_service_get_retry_ms (service), >, 0);
  g_assert_cmpint (fc_sync_service_get_retry_ms (service), <=,
                   fc_sync_backoff_ceiling (4, FC_SYNC_BACKOFF_BASE_MS, FC_SYNC_BACKOFF_CAP_MS));
  g_assert_nonnull (row_subtitle_with (GTK_WIDGET (page), error));
  said = fc_sync_indicator_get_text (FC_SYNC_INDICATOR (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                                      FC_TYPE_WINDOW,
                                                                                      "sync_indicator")));
  g_assert_nonnull (strstr (said, error));
  save (ui, GTK_WIDGET (window), "failed");
  g_settings_set_boolean (settings, "sync-automatically", FALSE);
}

static gboolean
drive_new_device (gpointer data)
{
  SyncUi *ui = data;
  FcWindow *window = opened_window (ui);

  if (window == NULL)
    return G_SOURCE_CONTINUE;
  check_enrolment_from_the_page (ui, window, g_object_get_data (G_OBJECT (ui->app), "fc-db"));
  check_failure_is_shown_and_retried (ui, window, g_object_get_data (G_OBJECT (ui->app), "fc-db"));
  ui->done = TRUE;
  gtk_window_destroy (GTK_WINDOW (window));
  return G_SOURCE_REMOVE;
}

static SyncUi district;

static void
run_app (const char  *db,
         GSourceFunc  drive)
{
  ui_sync_run_app (db, drive, &district, &district.app, &district.done);
}

static void
test_sync_page_sends_shows_refusals_and_resolves_conflicts (void)
{
  run_app (district.tablet, drive_enrolled);
}

static void
test_sync_page_enrols_a_new_device_and_shows_a_failure (void)
{
  g_autofree char *db = test_scratch_path ("sync-ui-new-device.db");

  run_app (db, drive_new_device);
}

int
main (int    argc,
      char **argv)
{
  int status;

  fc_i18n_init ();
  gtk_test_init (&argc, &argv, NULL);
  district.shots = g_strdup (g_getenv ("FC_SYNC_UI_SHOTS"));
  make_district (&district);
  g_test_add_func ("/sync-ui/sync-page-sends-shows-refusals-and-resolves-conflicts",
                   test_sync_page_sends_shows_refusals_and_resolves_conflicts);
  g_test_add_func ("/sync-ui/sync-page-enrols-a-new-device-and-shows-a-failure",
                   test_sync_page_enrols_a_new_device_and_shows_a_failure);
  status = g_test_run ();
  test_server_clear (&district.server);
  g_free (district.tablet);
  g_free (district.other);
  g_free (district.facility);
  g_free (district.hazard);
  g_free (district.second);
  g_free (district.shots);
  return status;
}
