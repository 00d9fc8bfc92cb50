/* fc-bench-sync.c: record sync against the physical floor of the same run
 *
 * (a) push of N ops (people inserted on a device) to a real fieldcheck-server
 *     on 127.0.0.1, and (b) pull of them into a fresh device, each as a ratio
 *     of throughputs to a raw SQLite batch insert of the same rows (one
 *     transaction, WAL, synchronous=FULL) in the same run — 1.0 would be as
 *     fast as the bare insert; the aim is at least 0.3. The floor is the
 *     fastest of three inserts, so a busy machine cannot flatter the ratio.
 *     A second floor adds to each row its op-log entry (the store's own
 *     op_log table and indexes, the op as the device logged it), which
 *     DESIGN.md requires of every change: its ratio to the first floor bounds
 *     what any sync can reach, and push and pull are also shown against it.
 *     The CPU time of the server and of the device (this process) is printed
 *     beside the wall time, since other work on the machine stretches the latter;
 * (c) D devices pushing M ops each at once, in requests of 500 ops over their
 *     own connections: p50 and p99 of the request latency and of a device's
 *     whole push, and the server's peak resident memory (VmHWM). Only the
 *     push: each device's pull would walk the others' ops, measured in (b).
 *
 * usage: fc-bench-sync SCRATCH-DIR [N=100000] [D=50] [M=2000]
 */

#include "config.h"

#include <curl/curl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fc-oplog.h"
#include "fc-store-write.h"
#include "fc-sync-changeset.h"
#include "fc-sync-client.h"
#include "fc-sync-gzip.h"

#define REQUEST_OPS 500

static char *scratch;

static double
now_s (void)
{
  return (double) g_get_monotonic_time () / 1e6;
}

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static char *
run (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status,
                     &error) || !g_spawn_check_wait_status (status, &error))
    g_error ("%s: %s", argv[1], error->message);
  return g_strchomp (out);
}

static GPid
start_server (const char *data,
              guint      *port)
{
  const char *argv[] = { SERVER_PATH, "serve", "--data", data, "--listen", "127.0.0.1:0",
                         "--rate", "0", NULL };
  g_autoptr(GError) error = NULL;
  GString *line = g_string_new (NULL);
  GPid pid;
  int out;
  char c;

  if (!g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                 die_with_parent, NULL, &pid, NULL, &out, NULL, &error))
    g_error ("%s", error->message);
  while (read (out, &c, 1) == 1 && c != '\n')
    g_string_append_c (line, c);
  close (out);
  *port = (guint) g_ascii_strtoull (strrchr (line->str, ':') + 1, NULL, 10);
  g_string_free (line, TRUE);
  return pid;
}

static FcStore *
enrolled_device (const char *data,
                 const char *name,
                 guint       port)
{
  const char *token_argv[] = { SERVER_PATH, "enroll-token", "--data", data, NULL };
  g_autofree char *out = run (token_argv);
  g_autofree char *token = g_strndup (out + 6, strcspn (out + 6, "\n"));
  g_autofree char *path = g_build_filename (scratch, name, NULL);
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", port);
  g_autoptr(GError) error = NULL;
  FcStore *store = fc_store_open (path, &error);

  if (store == NULL || !fc_sync_client_enroll (store, url, token, name, &error))
    g_error ("%s", error->message);
  return store;
}

static void
write_people (FcStore    *store,
              const char *user,
              guint       n,
              GPtrArray  *ids)
{
  fc_store_set_user (store, user);
  g_assert (fc_store_begin (store, NULL));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FcOp) op = fc_op_new_insert ("person", NULL);
      g_autofree char *name = g_strdup_printf ("检查员 %06u", i);

      fc_op_set_string (op, "name", name);
      fc_op_set_string (op, "roles", "inspector");
      if (!fc_store_write (store, op, NULL))
        g_error ("write failed");
      if (ids != NULL)
        g_ptr_array_add (ids, g_strdup (op->row_id));
    }
  g_assert (fc_store_commit (store, NULL));
}

/* The floor: the same rows, inserted raw in one durable transaction. */
static double
raw_insert (GPtrArray *ids,
            guint      attempt)
{
  g_autofree char *file = g_strdup_printf ("raw-%u.db", attempt);
  g_autofree char *path = g_build_filename (scratch, file, NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  double t0, t;

  sqlite3_open (path, &db);
  sqlite3_exec (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
                    "CREATE TABLE person (id TEXT PRIMARY KEY, name TEXT NOT NULL, roles TEXT)",
                NULL, NULL, NULL);
  t0 = now_s ();
  sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO person VALUES (?, ?, 'inspector')", -1, &stmt, NULL);
  for (guint i = 0; i < ids->len; i++)
    {
      char name[32];

      g_snprintf (name, sizeof name, "检查员 %06u", i);
      sqlite3_bind_text (stmt, 1, ids->pdata[i], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
      sqlite3_step (stmt);
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  t = now_s () - t0;
  sqlite3_close (db);
  return t;
}

/* The device's op-log entries of those rows, as logged, and the DDL of its op_log. */
typedef struct
{
  GPtrArray *schema;
  GPtrArray *text;    /* 8 text columns per op: op_id, device_id, user_id, tbl, row_id, kind, fields, origin */
  GArray    *ints;    /* 4 per op: device_seq, base_hlc, hlc, clock */
} OpLogRows;

static void
read_op_log (FcStore   *store,
             OpLogRows *rows)
{
  sqlite3 *db = fc_store_get_db (store);
  sqlite3_stmt *stmt = NULL;

  rows->schema = g_ptr_array_new_with_free_func (g_free);
  rows->text = g_ptr_array_new_with_free_func (g_free);
  rows->ints = g_array_new (FALSE, FALSE, sizeof (gint64));
  /* The table first, then its indexes; SQLite's own autoindexes have no SQL. */
  sqlite3_prepare_v2 (db, "SELECT sql FROM sqlite_schema WHERE tbl_name = 'op_log' AND sql IS NOT NULL "
                          "ORDER BY type = 'index'", -1, &stmt, NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (rows->schema, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  sqlite3_prepare_v2 (db, "SELECT op_id, device_id, user_id, tbl, row_id, kind, fields, 'remote', "
                          "device_seq, base_hlc, hlc, clock FROM op_log WHERE tbl = 'person' "
                          "AND origin = 'local' AND acked = 0 ORDER BY seq", -1, &stmt, NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int c = 0; c < 8; c++)
        g_ptr_array_add (rows->text, g_strdup ((const char *) sqlite3_column_text (stmt, c)));
      for (int c = 8; c < 12; c++)
        {
          gint64 v = sqlite3_column_int64 (stmt, c);

          g_array_append_val (rows->ints, v);
        }
    }
  sqlite3_finalize (stmt);
}

/* The second floor: the same rows, each with its op-log entry, raw, in one
 * durable transaction. */
static double
raw_insert_with_op_log (GPtrArray *ids,
                        OpLogRows *rows,
                        guint      attempt)
{
  g_autofree char *file = g_strdup_printf ("raw-oplog-%u.db", attempt);
  g_autofree char *path = g_build_filename (scratch, file, NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *row = NULL;
  sqlite3_stmt *entry = NULL;
  double t0, t;

  g_assert (rows->text->len == ids->len * 8);
  for (const char *const *suffix = (const char *const[]) { "", "-wal", "-shm", NULL }; *suffix; suffix++)
    {
      g_autofree char *stale = g_strconcat (path, *suffix, NULL);

      g_remove (stale);
    }
  sqlite3_open (path, &db);
  sqlite3_exec (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
                    "CREATE TABLE person (id TEXT PRIMARY KEY, name TEXT NOT NULL, roles TEXT)",
                NULL, NULL, NULL);
  for (guint i = 0; i < rows->schema->len; i++)
    if (sqlite3_exec (db, rows->schema->pdata[i], NULL, NULL, NULL) != SQLITE_OK)
      g_error ("op_log schema: %s", sqlite3_errmsg (db));
  t0 = now_s ();
  sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO person VALUES (?, ?, 'inspector')", -1, &row, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO op_log (op_id, device_id, user_id, tbl, row_id, kind, fields, "
                          "origin, device_seq, base_hlc, hlc, clock, acked) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)", -1, &entry, NULL);
  for (guint i = 0; i < ids->len; i++)
    {
      char name[32];

      g_snprintf (name, sizeof name, "检查员 %06u", i);
      sqlite3_bind_text (row, 1, ids->pdata[i], -1, SQLITE_STATIC);
      sqlite3_bind_text (row, 2, name, -1, SQLITE_TRANSIENT);
      sqlite3_step (row);
      sqlite3_reset (row);
      for (int c = 0; c < 8; c++)
        sqlite3_bind_text (entry, 1 + c, rows->text->pdata[i * 8 + c], -1, SQLITE_STATIC);
      for (int c = 0; c < 4; c++)
        sqlite3_bind_int64 (entry, 9 + c, g_array_index (rows->ints, gint64, i * 4 + c));
      if (sqlite3_step (entry) != SQLITE_DONE)
        g_error ("op_log insert: %s", sqlite3_errmsg (db));
      sqlite3_reset (entry);
    }
  sqlite3_finalize (row);
  sqlite3_finalize (entry);
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  t = now_s () - t0;
  sqlite3_close (db);
  return t;
}

typedef struct
{
  guint       port;
  char       *credential;
  GPtrArray  *bodies;      /* gzip'd changesets of REQUEST_OPS ops */
  GArray     *latencies;   /* seconds */
  double      whole;       /* seconds, all its requests */
} Device;

static size_t
discard (char  *data,
         size_t size,
         size_t n,
         void  *user)
{
  return size * n;
}

static gpointer
push_device (gpointer data)
{
  Device *d = data;
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/api/v1/push", d->port);
  g_autofree char *auth = g_strconcat ("Authorization: Bearer ", d->credential, NULL);
  struct curl_slist *headers = NULL;
  CURL *curl = curl_easy_init ();

  headers = curl_slist_append (headers, auth);
  headers = curl_slist_append (headers, "Content-Encoding: gzip");
  headers = curl_slist_append (headers, "Expect:");
  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, discard);
  d->whole = now_s ();
  for (guint i = 0; i < d->bodies->len; i++)
    {
      GBytes *body = d->bodies->pdata[i];
      double t0 = now_s (), t;
      long status = 0;

      curl_easy_setopt (curl, CURLOPT_POSTFIELDS, g_bytes_get_data (body, NULL));
      curl_easy_setopt (curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) g_bytes_get_size (body));
      if (curl_easy_perform (curl) != CURLE_OK)
        g_error ("push failed");
      curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);
      if (status != 200)
        g_error ("push answered %ld", status);
      t = now_s () - t0;
      g_array_append_val (d->latencies, t);
    }
  d->whole = now_s () - d->whole;
  curl_slist_free_all (headers);
  curl_easy_cleanup (curl);
  return NULL;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* User and system time of @pid, in seconds. */
static double
cpu_of (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after;

  /* The command name may hold spaces; the fields after it never do. */
  if (!g_file_get_contents (path, &text, NULL, NULL) || (after = strrchr (text, ')')) == NULL)
    return 0;
  fields = g_strsplit (after + 2, " ", 0);
  if (g_strv_length (fields) < 13)
    return 0;
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) / sysconf (_SC_CLK_TCK);
}

/* Seconds the threads of @pid spent runnable but waiting for a CPU. */
static double
waited_of (GPid pid)
{
  g_autofree char *dir_path = g_strdup_printf ("/proc/%d/task", pid);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *task;
  double waited = 0;

  while (dir != NULL && (task = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_strdup_printf ("%s/%s/schedstat", dir_path, task);
      g_autofree char *text = NULL;
      g_auto(GStrv) fields = NULL;

      if (g_file_get_contents (path, &text, NULL, NULL) &&
          g_strv_length (fields = g_strsplit (text, " ", 0)) >= 2)
        waited += g_ascii_strtod (fields[1], NULL) / 1e9;
    }
  return waited;
}

static double
cpu_of_self (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
         usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static double
percentile (GArray *sorted,
            guint   p)
{
  return g_array_index (sorted, double, MIN (sorted->len - 1, sorted->len * p / 100));
}

static long
peak_rss_kib (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", pid);
  g_autofree char *text = NULL;
  const char *hwm;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (hwm = strstr (text, "VmHWM:")) == NULL)
    return -1;
  return strtol (hwm + 6, NULL, 10);
}

int
main (int    argc,
      char **argv)
{
  guint n = argc > 2 ? (guint) atoi (argv[2]) : 100000;
  guint n_devices = argc > 3 ? (guint) atoi (argv[3]) : 50;
  guint per_device = argc > 4 ? (guint) atoi (argv[4]) : 2000;
  g_autofree char *data = NULL;
  g_autofree char *admin = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(FcStore) pusher = NULL;
  g_autoptr(FcStore) puller = NULL;
  g_autoptr(FcSyncClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) wholes = g_array_new (FALSE, FALSE, sizeof (double));
  FcSyncStats stats = { 0 };
  Device *devices;
  GThread **threads;
  OpLogRows op_log_rows;
  double floor_s, floor_log_s, push_s, pull_s, t0, wall;
  double server_cpu0, push_server_cpu, pull_server_cpu, self_cpu0, push_self_cpu, pull_self_cpu;
  double wait0, push_wait, pull_wait;
  guint port;
  GPid pid;

  if (argc < 2)
    {
      g_printerr ("usage: fc-bench-sync SCRATCH-DIR [N] [DEVICES] [OPS-PER-DEVICE]\n");
      return 2;
    }
  scratch = argv[1];
  g_mkdir_with_parents (scratch, 0700);
  data = g_build_filename (scratch, "server", NULL);
  curl_global_init (CURL_GLOBAL_DEFAULT);
  {
    const char *init[] = { SERVER_PATH, "init", "--data", data, NULL };
    const char *add[] = { SERVER_PATH, "user", "add", "--data", data, "admin", "--roles", "admin", NULL };

    g_free (run (init));
    admin = run (add);
  }
  pid = start_server (data, &port);

  /* (a) push N ops */
  pusher = enrolled_device (data, "pusher.db", port);
  write_people (pusher, admin, n, ids);
  read_op_log (pusher, &op_log_rows);
  floor_s = raw_insert (ids, 0);
  floor_log_s = raw_insert_with_op_log (ids, &op_log_rows, 0);
  for (guint attempt = 1; attempt < 3; attempt++)
    {
      floor_s = MIN (floor_s, raw_insert (ids, attempt));
      floor_log_s = MIN (floor_log_s, raw_insert_with_op_log (ids, &op_log_rows, attempt));
    }
  g_ptr_array_unref (op_log_rows.schema);
  g_ptr_array_unref (op_log_rows.text);
  g_array_unref (op_log_rows.ints);
  client = fc_sync_client_new (pusher, &error);
  fc_sync_client_set_batch_size (client, FC_SYNC_MAX_OPS);
  server_cpu0 = cpu_of (pid);
  self_cpu0 = cpu_of_self ();
  wait0 = waited_of (pid) + waited_of (getpid ());
  t0 = now_s ();
  if (!fc_sync_client_push (client, &stats, &error) || stats.applied != n)
    g_error ("push: %s", error ? error->message : "not all applied");
  push_s = now_s () - t0;
  push_server_cpu = cpu_of (pid) - server_cpu0;
  push_self_cpu = cpu_of_self () - self_cpu0;
  push_wait = waited_of (pid) + waited_of (getpid ()) - wait0;
  g_clear_pointer (&client, fc_sync_client_free);

  /* (b) pull them into a fresh device */
  puller = enrolled_device (data, "puller.db", port);
  client = fc_sync_client_new (puller, &error);
  memset (&stats, 0, sizeof stats);
  server_cpu0 = cpu_of (pid);
  self_cpu0 = cpu_of_self ();
  wait0 = waited_of (pid) + waited_of (getpid ());
  t0 = now_s ();
  if (!fc_sync_client_pull (client, &stats, &error))
    g_error ("pull: %s", error->message);
  pull_s = now_s () - t0;
  pull_server_cpu = cpu_of (pid) - server_cpu0;
  pull_self_cpu = cpu_of_self () - self_cpu0;
  pull_wait = waited_of (pid) + waited_of (getpid ()) - wait0;
  g_clear_pointer (&client, fc_sync_client_free);

  printf ("raw insert of %u rows (fastest of 3)\t%.0f ms\t%.0f rows/s\t%.1f µs/row\n", n,
          floor_s * 1000, n / floor_s, floor_s * 1e6 / n);
  printf ("raw insert of the rows with their op-log entries (fastest of 3)\t%.0f ms\t%.0f rows/s\t"
          "%.1f µs/row\tratio %.2f: the bound for any sync that logs its ops\n", floor_log_s * 1000,
          n / floor_log_s, floor_log_s * 1e6 / n, floor_s / floor_log_s);
  printf ("push of %u ops\t%.0f ms\t%.0f ops/s\tratio %.2f\t%.1f µs/op\t"
          "CPU µs/op: server %.1f, device %.1f\twaiting for a CPU %.0f ms\t"
          "ratio to rows + op-log %.2f\n", n, push_s * 1000,
          n / push_s, floor_s / push_s, push_s * 1e6 / n, push_server_cpu * 1e6 / n,
          push_self_cpu * 1e6 / n, push_wait * 1000, floor_log_s / push_s);
  printf ("pull of %u ops\t%.0f ms\t%.0f ops/s\tratio %.2f\t%.1f µs/op\t"
          "CPU µs/op: server %.1f, device %.1f\twaiting for a CPU %.0f ms\t"
          "ratio to rows + op-log %.2f\n", stats.pulled,
          pull_s * 1000, stats.pulled / pull_s, floor_s / pull_s, pull_s * 1e6 / stats.pulled,
          pull_server_cpu * 1e6 / stats.pulled, pull_self_cpu * 1e6 / stats.pulled, pull_wait * 1000,
          floor_log_s / pull_s);

  /* (c) many devices at once */
  devices = g_new0 (Device, n_devices);
  threads = g_new0 (GThread *, n_devices);
  for (guint d = 0; d < n_devices; d++)
    {
      g_autofree char *name = g_strdup_printf ("device-%02u.db", d);
      g_autoptr(FcStore) store = enrolled_device (data, name, port);
      g_autoptr(GPtrArray) ops = NULL;

      write_people (store, admin, per_device, NULL);
      ops = fc_oplog_read (store, 0, per_device, TRUE, NULL, NULL);
      devices[d].port = port;
      devices[d].credential = fc_store_get_meta (store, FC_SYNC_META_CREDENTIAL);
      devices[d].bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
      devices[d].latencies = g_array_new (FALSE, FALSE, sizeof (double));
      for (guint i = 0; i < ops->len; i += REQUEST_OPS)
        {
          g_autoptr(GPtrArray) chunk = g_ptr_array_new ();
          g_autoptr(GBytes) plain = NULL;

          for (guint j = i; j < MIN (i + REQUEST_OPS, ops->len); j++)
            g_ptr_array_add (chunk, ops->pdata[j]);
          plain = fc_sync_changeset_to_bytes (fc_store_get_device_id (store), chunk);
          g_ptr_array_add (devices[d].bodies, fc_sync_gzip_compress (plain));
        }
    }
  server_cpu0 = cpu_of (pid);
  t0 = now_s ();
  for (guint d = 0; d < n_devices; d++)
    threads[d] = g_thread_new ("device", push_device, &devices[d]);
  for (guint d = 0; d < n_devices; d++)
    {
      g_thread_join (threads[d]);
      g_array_append_vals (all, devices[d].latencies->data, devices[d].latencies->len);
      g_array_append_val (wholes, devices[d].whole);
    }
  wall = now_s () - t0;
  qsort (all->data, all->len, sizeof (double), compare_doubles);
  qsort (wholes->data, wholes->len, sizeof (double), compare_doubles);
  printf ("%u devices × %u ops at once\t%u requests of %d ops in %.0f ms\t%.0f ops/s\t"
          "server CPU %.1f µs/op\n", n_devices, per_device, all->len, REQUEST_OPS, wall * 1000,
          n_devices * per_device / wall, (cpu_of (pid) - server_cpu0) * 1e6 / (n_devices * per_device));
  printf ("request latency\tp50 %.0f ms\tp99 %.0f ms\tmax %.0f ms\n", percentile (all, 50) * 1000,
          percentile (all, 99) * 1000, g_array_index (all, double, all->len - 1) * 1000);
  printf ("device push latency (all its requests)\tp50 %.0f ms\tp99 %.0f ms\tmax %.0f ms\n",
          percentile (wholes, 50) * 1000, percentile (wholes, 99) * 1000,
          g_array_index (wholes, double, wholes->len - 1) * 1000);
  printf ("server peak RSS (VmHWM)\t%ld KiB\n", peak_rss_kib (pid));

  kill (pid, SIGTERM);
  waitpid (pid, NULL, 0);

  /* However fast, the audit log of all of it must still verify. */
  {
    const char *status_argv[] = { SERVER_PATH, "status", "--data", data, NULL };
    g_autofree char *status = run (status_argv);
    const char *intact = strstr (status, "audit_chain_intact");

    printf ("audit log after the run\t%s\n", intact != NULL && g_str_has_prefix (intact, "audit_chain_intact\ttrue")
                                               ? "chain intact" : "CHAIN BROKEN");
  }
  return 0;
}
