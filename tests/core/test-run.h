/* test-run.h: the programs under test run as the user runs them, their
 * status and output kept for the test to read */
#pragma once

#include <glib.h>
#include <stdarg.h>
#include <sys/wait.h>

typedef struct
{
  int   status;
  char *out;
  char *err;
} TestRun;

static inline void
test_run_clear (TestRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TestRun, test_run_clear)

/* ARGV is NULL-terminated. */
static inline void
test_spawn_argv (TestRun           *run,
                 const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  int wait_status = 0;

  test_run_clear (run);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &run->out, &run->err, &wait_status, &error));
  g_assert_no_error (error);
  run->status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : 128;
  if (run->status != 0)
    g_test_message ("%s: status %d: %s", argv[1], run->status, run->err);
}

static inline void
test_spawn (TestRun   *run,
            GPtrArray *argv)
{
  g_ptr_array_add (argv, NULL);
  test_spawn_argv (run, (const char *const *) argv->pdata);
}

#ifdef CLI_PATH
static inline void
test_cli_valist (TestRun    *run,
                 const char *db,
                 va_list     args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *arg;

  g_ptr_array_add (argv, (gpointer) CLI_PATH);
  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, (gpointer) db);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  test_spawn (run, argv);
}

/* fieldcheck-cli --db DB ARG… ; NULL-terminated */
static inline void
test_cli (TestRun    *run,
          const char *db,
          ...)
{
  va_list args;

  va_start (args, db);
  test_cli_valist (run, db, args);
  va_end (args);
}

/* The output of fieldcheck-cli --db DB ARG…, which must succeed, without its
 * trailing newline; NULL-terminated */
static inline char *
test_cli_line (const char *db,
               ...)
{
  g_auto(TestRun) run = { 0 };
  va_list args;

  va_start (args, db);
  test_cli_valist (&run, db, args);
  va_end (args);
  g_assert_cmpint (run.status, ==, 0);
  return g_strdup (g_strchomp (run.out));
}
#endif
