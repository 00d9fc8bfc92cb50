/* test-resume.c: the real fieldcheck process, killed with SIGKILL in the middle
 * of a walk, comes back to the same inspection and item, and every answer it
 * showed as saved is in the store.
 *
 * The app is driven like a person with a keyboard would (xdotool under the
 * test's Xvfb): Alt+1 answers "pass" and moves on. The app logs each answer
 * once it is committed and shown as saved ("answer saved: CODE …"); those are
 * the answers that must survive.
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>

#include "../core/test-inspection-util.h"

typedef struct
{
  GPid        pid;
  gboolean    ended;
  GIOChannel *err;
  GString    *log;
} App;

static gboolean
have_xdotool (void)
{
  g_autofree char *path = g_find_program_in_path ("xdotool");

  return path != NULL;
}

static void
xdotool (const char *const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  int status = 0;

  g_ptr_array_add (argv, (gpointer) "xdotool");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH |
                               G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, NULL, NULL, &status, NULL));
}

static void
app_start (App        *app,
           const char *db)
{
  const char *argv[] = { FIELDCHECK_PATH, "--db", db, NULL };
  g_auto(GStrv) env = g_get_environ ();
  int err_fd = -1;
  g_autoptr(GError) error = NULL;

  env = g_environ_setenv (env, "G_MESSAGES_DEBUG", "Fieldcheck-UI", TRUE);
  app->log = g_string_new (NULL);
  app->ended = FALSE;
  /* GLib writes debug messages to stdout. */
  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, env, G_SPAWN_DO_NOT_REAP_CHILD,
                                           NULL, NULL, &app->pid, NULL, &err_fd, NULL, &error));
  g_assert_no_error (error);
  app->err = g_io_channel_unix_new (err_fd);
  g_io_channel_set_close_on_unref (app->err, TRUE);
  g_io_channel_set_flags (app->err, G_IO_FLAG_NONBLOCK, NULL);
}

/* Reads what the app has logged so far. */
static void
app_read (App *app)
{
  char buf[4096];
  gsize n = 0;

  while (g_io_channel_read_chars (app->err, buf, sizeof buf, &n, NULL) == G_IO_STATUS_NORMAL && n > 0)
    g_string_append_len (app->log, buf, (gssize) n);
}

/* Returns: whether the app still runs; says how it ended otherwise */
static gboolean
app_running (App *app)
{
  int status = 0;

  if (!app->ended && waitpid (app->pid, &status, WNOHANG) == 0)
    return TRUE;
  if (!app->ended)
    {
      app->ended = TRUE;
      g_spawn_close_pid (app->pid);
      if (WIFSIGNALED (status))
        g_test_message ("the app died of signal %d", WTERMSIG (status));
      else
        g_test_message ("the app exited with status %d", WEXITSTATUS (status));
    }
  return FALSE;
}

static gboolean
app_wait_for (App        *app,
              const char *text,
              guint       count,
              double      seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  for (;;)
    {
      guint found = 0;

      app_read (app);
      for (const char *p = app->log->str; (p = strstr (p, text)) != NULL; p += strlen (text))
        found++;
      if (found >= count)
        return TRUE;
      if (g_get_monotonic_time () > deadline || !app_running (app))
        {
          g_test_message ("waited for “%s”; the app %s and logged:\n%s", text,
                          app_running (app) ? "still runs" : "ended", app->log->str);
          return FALSE;
        }
      g_usleep (20000);
    }
}

static void
app_kill (App *app)
{
  int status = 0;

  if (app_running (app))
    {
      kill (app->pid, SIGKILL);
      waitpid (app->pid, &status, 0);
      g_spawn_close_pid (app->pid);
      app->ended = TRUE;
    }
  app_read (app);
  g_clear_pointer (&app->err, g_io_channel_unref);
}

static void
app_clear (App *app)
{
  if (app->log != NULL)
    g_string_free (app->log, TRUE);
  app->log = NULL;
}

/* The codes of the answers the app logged as saved. */
static GPtrArray *
saved_codes (const char *log)
{
  GPtrArray *codes = g_ptr_array_new_with_free_func (g_free);
  const char *marker = "answer saved: ";

  for (const char *p = log; (p = strstr (p, marker)) != NULL; p += strlen (marker))
    {
      const char *start = p + strlen (marker);
      const char *end = strchr (start, ' ');

      g_ptr_array_add (codes, g_strndup (start, end ? (gsize) (end - start) : strlen (start)));
    }
  return codes;
}

/* The code of the last item the app logged on screen. */
static char *
last_shown (const char *log)
{
  const char *marker = "showing item ";
  const char *last = NULL;
  const char *end;

  for (const char *p = log; (p = strstr (p, marker)) != NULL; p += strlen (marker))
    last = p + strlen (marker);
  if (last == NULL)
    return NULL;
  end = strpbrk (last, " \n\r");
  return g_strndup (last, end ? (gsize) (end - last) : strlen (last));
}

static void
test_resume_after_sigkill_keeps_every_saved_answer (void)
{
  g_autofree char *db = NULL;
  g_autofree char *id = NULL;
  App first = { 0 };
  App second = { 0 };
  g_autoptr(GPtrArray) saved = NULL;
  g_autoptr(FcStore) store = NULL;
  g_autofree char *resume_inspection = NULL;
  g_autofree char *resume_item = NULL;
  g_autofree char *resume_code = NULL;
  g_autofree char *shown_after = NULL;
  g_autofree char *sql = NULL;
  const char *focus[] = { "mousemove", "200", "300", "click", "1", NULL };
  const char *pass[] = { "key", "--delay", "120", "alt+1", "alt+1", "alt+1", "alt+1", "alt+1",
                         "alt+1", "alt+1", NULL };
  const char *more[] = { "key", "--delay", "60", "alt+1", "alt+1", "alt+1", "alt+1", NULL };

  if (!have_xdotool ())
    {
      g_test_skip ("xdotool is not installed");
      return;
    }

  {
    g_autoptr(TestDistrict) district = test_district_new ("resume.db");

    id = test_start_inspection (district, district->general_template);
    db = g_strdup (fc_store_get_path (district->store));
  }

  /* The app opens on the inspection in progress, at its first item. */
  app_start (&first, db);
  g_assert_true (app_wait_for (&first, "resumed inspection", 1, 60));
  g_assert_true (app_wait_for (&first, "showing item", 1, 10));
  g_usleep (500000);
  xdotool (focus);
  xdotool (pass);
  g_assert_true (app_wait_for (&first, "answer saved: ", 3, 20));
  /* Keys still arriving while the process dies. */
  xdotool (more);
  app_kill (&first);

  saved = saved_codes (first.log->str);
  g_test_message ("%u answers shown as saved before SIGKILL", saved->len);
  g_assert_cmpuint (saved->len, >=, 3);

  store = fc_store_open (db, NULL);
  g_assert_nonnull (store);
  for (guint i = 0; i < saved->len; i++)
    {
      g_clear_pointer (&sql, g_free);
      sql = g_strdup_printf ("SELECT count (*) FROM result r JOIN checklist_item c ON c.id = r.item_id"
                             " WHERE r.inspection_id = '%s' AND c.code = '%s' AND r.answer = 'pass'",
                             id, (const char *) g_ptr_array_index (saved, i));
      g_assert_cmpint (test_count (store, sql), >=, 1);
    }
  g_assert_true (fc_inspection_get_resume (store, &resume_inspection, &resume_item));
  g_assert_cmpstr (resume_inspection, ==, id);
  g_assert_nonnull (resume_item);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT code FROM checklist_item WHERE id = '%s'", resume_item);
  resume_code = test_text (store, sql);
  g_clear_object (&store);

  /* Started again, it shows the same inspection at the item it remembered. */
  app_start (&second, db);
  g_assert_true (app_wait_for (&second, "resumed inspection", 1, 60));
  g_assert_true (app_wait_for (&second, "showing item", 1, 10));
  g_assert_nonnull (strstr (second.log->str, id));
  shown_after = last_shown (second.log->str);
  g_assert_cmpstr (shown_after, ==, resume_code);
  app_kill (&second);

  app_clear (&first);
  app_clear (&second);
}

/* Killed at any moment of its start-up (the store opening on its worker while
 * GTK starts, the first load, the tidy-up that follows it), the app still
 * opens on the inspection next time. */
static void
test_resume_after_sigkill_during_start_up (void)
{
  const guint kill_after_ms[] = { 0, 20, 60, 150, 300, 600, 1200 };
  g_autofree char *db = NULL;
  g_autofree char *id = NULL;
  App last = { 0 };

  {
    g_autoptr(TestDistrict) district = test_district_new ("start-up.db");

    id = test_start_inspection (district, district->general_template);
    db = g_strdup (fc_store_get_path (district->store));
  }

  for (guint i = 0; i < G_N_ELEMENTS (kill_after_ms); i++)
    {
      App app = { 0 };

      app_start (&app, db);
      g_usleep (kill_after_ms[i] * 1000);
      g_assert_true (app_running (&app));
      app_kill (&app);
      app_clear (&app);
    }

  app_start (&last, db);
  g_assert_true (app_wait_for (&last, "resumed inspection", 1, 60));
  g_assert_true (app_wait_for (&last, "showing item", 1, 10));
  g_assert_nonnull (strstr (last.log->str, id));
  app_kill (&last);
  app_clear (&last);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/resume/after-sigkill-keeps-every-saved-answer",
                   test_resume_after_sigkill_keeps_every_saved_answer);
  g_test_add_func ("/resume/after-sigkill-during-start-up",
                   test_resume_after_sigkill_during_start_up);
  return g_test_run ();
}
