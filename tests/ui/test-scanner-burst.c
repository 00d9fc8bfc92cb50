/* test-scanner-burst.c: a hardware scanner's burst opens the equipment, and
 * no field gets its text; a person typing at the same field still can.
 *
 * The keys come from xdotool through the test's Xvfb, as a scanner's would
 * through the X server: a burst 5 ms a key then Enter, and a person's typing
 * 150 ms a key.
 */

#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include "fc-application.h"
#include "fc-demo.h"
#include "fc-equipment.h"
#include "fc-tag.h"
#include "ui-util.h"
#include "../core/test-util.h"

typedef struct
{
  const char *name;
  const char *delay_ms;
  gboolean    enter;
  gboolean    is_scan;     /* the page opens and the field stays empty */
  gboolean    input_method;
} Typing;

static const Typing typings[] = {
  { "scanner-burst-opens-equipment-not-the-field", "5", TRUE, TRUE, FALSE },
  { "slow-typing-reaches-the-field", "150", FALSE, FALSE, FALSE },
  /* A person typing a tag by hand and pressing Enter is not a scanner either. */
  { "slow-typing-then-enter-reaches-the-field", "150", TRUE, FALSE, FALSE },
  /* With an input method the keys reach the field as they come; the burst's
   * text is taken back out of it. */
  { "burst-with-an-input-method-opens-equipment-not-the-field", "5", TRUE, TRUE, TRUE },
  { "slow-typing-with-an-input-method-reaches-the-field", "150", FALSE, FALSE, TRUE },
};

typedef struct
{
  const Typing   *typing;
  GtkApplication *app;
  char           *payload;
  gboolean        done;
} Run;

static char *db_path;
static char *tag_payload;

static gboolean
have_xdotool (void)
{
  g_autofree char *path = g_find_program_in_path ("xdotool");

  return path != NULL;
}

/* Runs xdotool while the main loop goes on, so the window sees the keys as they come. */
static void
xdotool (const char *const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GPid pid = 0;
  int status = -1;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  g_ptr_array_add (argv, (gpointer) "xdotool");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_async (NULL, (char **) argv->pdata, NULL,
                                G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD |
                                G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                NULL, NULL, &pid, &error));
  g_assert_no_error (error);
  for (;;)
    {
      int r = waitpid (pid, &status, WNOHANG);

      if (r == pid)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (500);
    }
  g_spawn_close_pid (pid);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
}

static GtkEditable *
focused_editable (FcWindow *window)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  g_assert_nonnull (focus);
  g_assert_true (GTK_IS_EDITABLE (focus));
  return GTK_EDITABLE (focus);
}

static gboolean
equipment_shown (gpointer data)
{
  return g_strcmp0 (fc_window_get_page (data), "equipment") == 0;
}

typedef struct
{
  GtkEditable *editable;
  const char  *text;
} TextWait;

static gboolean
text_arrived (gpointer data)
{
  TextWait *wait = data;

  return g_strcmp0 (gtk_editable_get_text (wait->editable), wait->text) == 0;
}

static void
count_change_cb (GtkEditable *editable,
                 guint       *changes)
{
  (*changes)++;
}

static gboolean
drive (gpointer data)
{
  Run *run = data;
  GtkWindow *active = gtk_application_get_active_window (run->app);
  FcWindow *window;
  GtkEditable *field;
  const char *click[] = { "mousemove", "640", "400", "click", "1", NULL };
  const char *type[] = { "type", "--delay", run->typing->delay_ms, run->payload, NULL };
  const char *enter[] = { "key", "--delay", run->typing->delay_ms, "Return", NULL };
  /* The scanner's Enter comes as fast as its characters. */
  const char *burst[] = { "type", "--delay", run->typing->delay_ms, NULL, NULL };
  g_autofree char *with_enter = g_strconcat (run->payload, "\n", NULL);

  if (active == NULL)
    return G_SOURCE_CONTINUE;
  window = FC_WINDOW (active);
  g_assert_true (ui_wait_until (ui_facilities_listed, window, 60));
  ui_settle (window);

  /* The pointer over the window gives it the keyboard; the search field has the focus. */
  xdotool (click);
  ui_activate (window, "win.focus-search", NULL);
  field = focused_editable (window);
  g_assert_cmpstr (gtk_editable_get_text (field), ==, "");

  if (run->typing->is_scan)
    {
      guint changes = 0;
      gulong handler = g_signal_connect (field, "changed", G_CALLBACK (count_change_cb), &changes);

      burst[3] = with_enter;
      xdotool (burst);
      g_assert_true (ui_wait_until (equipment_shown, window, 10));
      ui_settle (window);
      g_assert_cmpstr (fc_window_get_page (window), ==, "equipment");
      /* No character stayed in the field; without an input method none reached
       * it even for a moment, with one they went in and were taken back. */
      g_signal_handler_disconnect (field, handler);
      g_assert_cmpstr (gtk_editable_get_text (field), ==, "");
      if (run->typing->input_method)
        g_assert_cmpuint (changes, >, 0);
      else
        g_assert_cmpuint (changes, ==, 0);
      g_assert_cmpuint (g_list_model_get_n_items (fc_window_get_facilities (window)), >, 0);
    }
  else
    {
      TextWait wait = { field, run->payload };

      xdotool (type);
      g_assert_true (ui_wait_until (text_arrived, &wait, 5));
      if (run->typing->enter)
        xdotool (enter);
      ui_settle (window);
      g_assert_cmpstr (gtk_editable_get_text (field), ==, run->payload);
      g_assert_cmpstr (fc_window_get_page (window), !=, "equipment");
    }

  run->done = TRUE;
  gtk_window_destroy (GTK_WINDOW (window));
  g_application_quit (G_APPLICATION (run->app));
  return G_SOURCE_REMOVE;
}

static void
test_scanner_burst (gconstpointer data)
{
  g_autoptr(FcApplication) app = fc_application_new ();
  Run run = { data, GTK_APPLICATION (app), tag_payload, FALSE };
  char *argv[] = { (char *) "fieldcheck", (char *) "--db", db_path, NULL };

  if (!have_xdotool ())
    {
      g_test_skip ("xdotool is not installed");
      return;
    }
  /* GTK 4 ignores XMODIFIERS (it has no XIM), so no input method starts here;
   * the burst watcher takes it as the sign of one all the same. */
  if (run.typing->input_method)
    g_setenv ("XMODIFIERS", "@im=fcitx", TRUE);
  else
    g_unsetenv ("XMODIFIERS");
  g_timeout_add (50, drive, &run);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 3, argv), ==, 0);
  g_assert_true (run.done);
  g_unsetenv ("XMODIFIERS");
}

/* The demo district, and the tag of one of its pieces of equipment. */
static void
make_district (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = NULL;
  g_autofree char *code = NULL;

  db_path = test_scratch_path ("scanner-burst.db");
  store = fc_store_open (db_path, &error);
  g_assert_no_error (error);
  g_assert_true (fc_demo_generate (store, "2026-11-29", 2026, NULL, &error));
  g_assert_no_error (error);
  code = test_text (store, "SELECT tag_code FROM equipment WHERE tag_code IS NOT NULL"
                           " AND retired = 0 ORDER BY tag_code LIMIT 1");
  g_assert_nonnull (code);
  tag_payload = fc_tag_format (FC_DEMO_DISTRICT, code, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (tag_payload), >=, 6);
}

int
main (int    argc,
      char **argv)
{
  int status;

  gtk_test_init (&argc, &argv, NULL);
  make_district ();
  for (guint i = 0; i < G_N_ELEMENTS (typings); i++)
    {
      g_autofree char *path = g_strdup_printf ("/scanner-burst/%s", typings[i].name);

      g_test_add_data_func (path, &typings[i], test_scanner_burst);
    }
  status = g_test_run ();
  g_free (db_path);
  g_free (tag_payload);
  return status;
}
