/* sync-test-util.h: a real fieldcheck-server on 127.0.0.1 and devices driven
 * through fieldcheck-cli, with the invariants of DESIGN.md checked on their
 * SQLite files */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/prctl.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../core/test-run.h"
#include "../core/test-util.h"

typedef struct
{
  char  *data;     /* the data folder */
  GPid   pid;
  guint  port;
  char  *url;
  char **extra;    /* extra serve options */
} TestServer;

static inline void
test_admin_valist (TestRun    *run,
                   TestServer *server,
                   const char *command,
                   va_list     args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *arg;

  g_ptr_array_add (argv, (gpointer) SERVER_PATH);
  g_ptr_array_add (argv, (gpointer) command);
  g_ptr_array_add (argv, (gpointer) "--data");
  g_ptr_array_add (argv, server->data);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  test_spawn (run, argv);
}

/* fieldcheck-server COMMAND --data DIR ARG… ; NULL-terminated */
static inline void
test_admin (TestRun    *run,
            TestServer *server,
            const char *command,
            ...)
{
  va_list args;

  va_start (args, command);
  test_admin_valist (run, server, command, args);
  va_end (args);
}

/* fieldcheck-server COMMAND --data DIR ARG…, which must succeed; NULL-terminated */
static inline void
test_admin_ok (TestServer *server,
               const char *command,
               ...)
{
  g_auto(TestRun) run = { 0 };
  va_list args;

  va_start (args, command);
  test_admin_valist (&run, server, command, args);
  va_end (args);
  g_assert_cmpint (run.status, ==, 0);
}

/* The first line of a command's output, which must succeed. */
#define test_line(run) (g_strchomp ((run)->out))

/* A server outlives no test: if the test dies on an assertion, so does it. */
static inline void
test_die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static inline void
test_server_start (TestServer *server)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) line = g_string_new (NULL);
  int out_fd = -1;
  char c;

  g_ptr_array_add (argv, (gpointer) SERVER_PATH);
  g_ptr_array_add (argv, (gpointer) "serve");
  g_ptr_array_add (argv, (gpointer) "--data");
  g_ptr_array_add (argv, server->data);
  g_ptr_array_add (argv, (gpointer) "--listen");
  g_ptr_array_add (argv, (gpointer) "127.0.0.1:0");
  for (guint i = 0; server->extra != NULL && server->extra[i] != NULL; i++)
    g_ptr_array_add (argv, server->extra[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv->pdata, NULL,
                                           G_SPAWN_DO_NOT_REAP_CHILD, test_die_with_parent, NULL,
                                           &server->pid,
                                           NULL, &out_fd, NULL, &error));
  g_assert_no_error (error);
  while (read (out_fd, &c, 1) == 1 && c != '\n')
    g_string_append_c (line, c);
  close (out_fd);
  g_assert_true (g_str_has_prefix (line->str, "listening on 127.0.0.1:"));
  server->port = (guint) g_ascii_strtoull (line->str + strlen ("listening on 127.0.0.1:"), NULL, 10);
  g_assert_cmpuint (server->port, >, 0);
  g_free (server->url);
  server->url = g_strdup_printf ("http://127.0.0.1:%u", server->port);
}

static inline int
test_server_signal (TestServer *server,
                    int         signal_number)
{
  int wait_status = 0;

  g_assert_cmpint (kill (server->pid, signal_number), ==, 0);
  g_assert_cmpint (waitpid (server->pid, &wait_status, 0), ==, server->pid);
  g_spawn_close_pid (server->pid);
  server->pid = 0;
  return wait_status;
}

/* A fresh server with an admin, two field users and a started process. */
static inline void
test_server_init (TestServer  *server,
                  const char  *name,
                  char       **extra)
{
  g_auto(TestRun) run = { 0 };

  server->data = test_scratch_path (name);
  server->extra = extra;
  test_admin (&run, server, "init", NULL);
  g_assert_cmpint (run.status, ==, 0);
  test_admin (&run, server, "user", "add", "admin", "--roles", "admin", NULL);
  g_assert_cmpint (run.status, ==, 0);
  test_admin (&run, server, "user", "add", "insp", "--roles", "inspector,staff", NULL);
  g_assert_cmpint (run.status, ==, 0);
  test_admin (&run, server, "user", "add", "mgr", "--roles", "facility_manager", NULL);
  g_assert_cmpint (run.status, ==, 0);
  test_server_start (server);
}

static inline void
test_server_clear (TestServer *server)
{
  if (server->pid != 0)
    test_server_signal (server, SIGTERM);
  g_clear_pointer (&server->data, g_free);
  g_clear_pointer (&server->url, g_free);
}

static inline char *
test_server_db (TestServer *server)
{
  return g_build_filename (server->data, "server.db", NULL);
}

/* A device store enrolled with the server and synced once. */
static inline char *
test_device_new (TestServer *server,
                 const char *name)
{
  g_auto(TestRun) run = { 0 };
  char *db = g_strconcat (server->data, "-", name, ".db", NULL);
  g_autofree char *token = NULL;

  test_admin (&run, server, "enroll-token", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "token\t"));
  token = g_strndup (run.out + 6, strcspn (run.out + 6, "\n"));
  test_cli (&run, db, "enroll", "--server", server->url, "--token", token, NULL);
  g_assert_cmpint (run.status, ==, 0);
  test_cli (&run, db, "sync", NULL);
  g_assert_cmpint (run.status, ==, 0);
  return db;
}

/* Points a device at a server that came back on another port. */
static inline void
test_device_retarget (const char *db,
                      TestServer *server)
{
  sqlite3 *handle = NULL;
  g_autofree char *sql = g_strdup_printf ("UPDATE meta SET value = '%s' WHERE key = 'sync_server'",
                                          server->url);

  g_assert_cmpint (sqlite3_open (db, &handle), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (handle);
}

static inline void
test_sync (const char *db)
{
  g_auto(TestRun) run = { 0 };

  test_cli (&run, db, "sync", NULL);
  g_assert_cmpint (run.status, ==, 0);
}

/* Two devices of one district: a facility the admin made on device a, the
 * inspector and the manager assigned to it on the server, and a hazard the
 * inspector recorded on a; both devices synced, b signed in as the manager.
 * A fixture for g_test_add(); its data names the server's data folder. */
typedef struct
{
  TestServer  server;
  char       *a;
  char       *b;
  char       *facility;
  char       *hazard;
} TestSyncDistrict;

static inline void
test_sync_district_setup (TestSyncDistrict *d,
                          gconstpointer     data)
{
  test_server_init (&d->server, data, NULL);
  d->a = test_device_new (&d->server, "a");
  d->b = test_device_new (&d->server, "b");

  g_free (test_cli_line (d->a, "login", "admin", NULL));
  d->facility = test_cli_line (d->a, "put", "facility", "name=阳光养老院", "type=elderly_care",
                               "town=汉丰街道", NULL);
  test_sync (d->a);
  test_admin_ok (&d->server, "assign", "insp", d->facility, "inspector", NULL);
  test_admin_ok (&d->server, "assign", "mgr", d->facility, "facility_manager", NULL);
  test_sync (d->a);

  g_free (test_cli_line (d->a, "login", "insp", NULL));
  d->hazard = test_cli_line (d->a, "hazard", "record", "--facility", d->facility, "--category", "gas",
                             "--description", "厨房燃气软管老化", NULL);
  test_sync (d->a);
  test_sync (d->b);
  g_free (test_cli_line (d->b, "login", "mgr", NULL));
}

static inline void
test_sync_district_teardown (TestSyncDistrict *d,
                             gconstpointer     data)
{
  test_server_clear (&d->server);
  g_free (d->a);
  g_free (d->b);
  g_free (d->facility);
  g_free (d->hazard);
}

/* Every row of a query, one line each, on a read-only connection. */
static inline char *
test_dump (const char *db,
           const char *sql)
{
  sqlite3 *handle = NULL;
  sqlite3_stmt *stmt = NULL;
  GString *out = g_string_new (NULL);

  g_assert_cmpint (sqlite3_open_v2 (db, &handle, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (handle, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        {
          const char *text = (const char *) sqlite3_column_text (stmt, c);

          g_string_append_printf (out, "%s%s", c ? "|" : "", text ? text : "∅");
        }
      g_string_append_c (out, '\n');
    }
  sqlite3_finalize (stmt);
  sqlite3_close (handle);
  return g_string_free (out, FALSE);
}

/* The rows of a query without the trailing newline: one row, one line. */
static inline char *
test_dump_line (const char *db,
                const char *sql)
{
  return g_strchomp (test_dump (db, sql));
}

static inline gint64
test_db_count (const char *db,
               const char *sql)
{
  g_autofree char *text = test_dump (db, sql);

  return g_ascii_strtoll (text, NULL, 10);
}

static const char *const test_synced_tables[] = {
  "person", "facility", "assignment", "team", "team_member", "equipment", "checklist_template",
  "checklist_item", "inspection", "inspection_member", "section_owner", "signoff", "result",
  "hazard", "hazard_event", "photo",
};

/* I1: the synced tables of a device equal the server's. */
static inline void
test_assert_converged (const char *server_db,
                       const char *device_db)
{
  for (guint i = 0; i < G_N_ELEMENTS (test_synced_tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s ORDER BY id", test_synced_tables[i]);
      g_autofree char *on_server = test_dump (server_db, sql);
      g_autofree char *on_device = test_dump (device_db, sql);

      g_test_message ("convergence of %s", test_synced_tables[i]);
      g_assert_cmpstr (on_device, ==, on_server);
    }
}

/* I2, I3, I5 and the outbox: what the server acknowledged is in its op-log
 * exactly once, nothing of the device is waiting, and both stores pass
 * `fieldcheck-cli check`. */
static inline void
test_assert_invariants (const char *server_db,
                        const char *device_db)
{
  g_auto(TestRun) run = { 0 };
  g_autofree char *acked = test_dump (device_db, "SELECT op_id FROM op_log WHERE origin = 'local' "
                                                 "AND acked = 1 ORDER BY op_id");
  g_auto(GStrv) ids = g_strsplit (acked, "\n", -1);
  g_autofree char *attach = NULL;

  for (guint i = 0; ids[i] != NULL && *ids[i] != '\0'; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM op_log WHERE op_id = '%s'", ids[i]);

      g_assert_cmpint (test_db_count (server_db, sql), ==, 1);
    }
  g_assert_cmpint (test_db_count (server_db, "SELECT count (*) FROM op_log"), ==,
                   test_db_count (server_db, "SELECT count (*) FROM (SELECT DISTINCT device_id, "
                                             "device_seq FROM op_log)"));
  g_assert_cmpint (test_db_count (device_db, "SELECT count (*) FROM op_log WHERE origin = 'local' "
                                             "AND acked = 0"), ==, 0);
  test_cli (&run, device_db, "check", NULL);
  g_assert_cmpint (run.status, ==, 0);
  test_cli (&run, server_db, "check", NULL);
  g_assert_cmpint (run.status, ==, 0);
}
