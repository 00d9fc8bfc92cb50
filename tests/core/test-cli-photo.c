/* test-cli-photo.c: fieldcheck-cli photo import, list and verify, as a script would use them */

#include "config.h"

#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include "fc-hazards.h"
#include "fc-photos.h"
#include "fc-store-write.h"
#include "test-photo-util.h"
#include "test-util.h"

typedef struct
{
  char *dir;
  char *db;
  char *hazard;
  char *good;      /* a JPEG with a capture time */
  char *other;     /* another JPEG */
  char *text;      /* not an image */
} Fixture;

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
cli_v (Run                *run,
       Fixture            *f,
       const char *const  *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int wait_status = 0;

  g_ptr_array_add (argv, (gpointer) CLI_PATH);
  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, f->db);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &run->out, &run->err, &wait_status, &error));
  g_assert_no_error (error);
  run->status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : 128;
}

static void
cli (Run        *run,
     Fixture    *f,
     ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *arg;
  va_list ap;

  va_start (ap, f);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  cli_v (run, f, (const char *const *) args->pdata);
}

static char *
write_photo (Fixture  *f,
             const char *name,
             GBytes   *bytes)
{
  char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (test_write_file (path, bytes));
  return path;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = NULL;
  g_autoptr(FcOp) facility = fc_op_new_insert ("facility", NULL);
  TestJpeg spec = { .width = 120, .height = 80, .orientation = 6,
                    .date_time = "2026:11:29 14:03:07", .offset = "+08:00" };
  g_autoptr(GBytes) good = test_jpeg_new (&spec);
  g_autoptr(GBytes) other = test_jpeg_simple (100, 60, 21);
  g_autoptr(GBytes) text = g_bytes_new_static ("not a photo\n", 12);
  FcHazardRecord record = {
    .category = FC_CATEGORY_ELECTRICAL, .description = "吊顶内电线无套管",
    .level = FC_HAZARD_LEVEL_GENERAL, .found_at = "2026-11-01T10:00:00+08:00",
  };

  f->dir = g_dir_make_tmp ("fieldcheck-cli-photo-XXXXXX", &error);
  g_assert_no_error (error);
  f->db = g_build_filename (f->dir, "fieldcheck.db", NULL);
  store = fc_store_open (f->db, &error);
  g_assert_no_error (error);
  fc_op_set_string (facility, "type", "elderly_care");
  fc_op_set_string (facility, "name", "城北养老院");
  fc_op_set_string (facility, "town", "汉丰街道");
  g_assert_true (fc_store_write (store, facility, &error));
  record.facility_id = facility->row_id;
  f->hazard = fc_hazards_record (store, &record, &error);
  g_assert_no_error (error);

  f->good = write_photo (f, "IMG_0001.jpg", good);
  f->other = write_photo (f, "IMG_0002.jpg", other);
  f->text = write_photo (f, "notes.jpg", text);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->db);
  g_free (f->hazard);
  g_free (f->good);
  g_free (f->other);
  g_free (f->text);
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
test_cli_photo_import_stores_good_files_and_names_the_bad (Fixture       *f,
                                                           gconstpointer  data)
{
  g_autofree char *to = g_strconcat ("hazard:", f->hazard, NULL);
  g_auto(Run) run = { 0 };
  g_auto(Run) list = { 0 };
  g_auto(GStrv) lines = NULL;
  g_autoptr(JsonNode) rows = NULL;
  JsonObject *first;

  cli (&run, f, "--json", "photo", "import", "--to", to, "--purpose", "before", f->good, f->text,
       f->other, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "notes.jpg: The file is not a photo"));
  g_assert_nonnull (strstr (run.err, "1 file was not imported"));
  rows = parse (run.out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (rows)), ==, 2);
  first = json_array_get_object_element (json_node_get_array (rows), 0);
  /* Orientation 6: shown upright, 80 wide and 120 high. */
  g_assert_cmpint (json_object_get_int_member (first, "width"), ==, 80);
  g_assert_cmpint (json_object_get_int_member (first, "height"), ==, 120);
  g_assert_cmpstr (json_object_get_string_member (first, "taken_at"), ==, "2026-11-29T14:03:07+08:00");

  cli (&list, f, "photo", "list", "--to", to, NULL);
  g_assert_cmpint (list.status, ==, 0);
  lines = g_strsplit (list.out, "\n", -1);
  g_assert_true (g_str_has_prefix (lines[0], "id\tpurpose\ttaken_at\t"));
  /* A header, two photos and the empty string after the last newline. */
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_nonnull (strstr (lines[1], "\tbefore\t"));
}

static void
test_cli_photo_import_twice_to_one_hazard_is_refused (Fixture       *f,
                                                      gconstpointer  data)
{
  g_autofree char *to = g_strconcat ("hazard:", f->hazard, NULL);
  g_auto(Run) first = { 0 };
  g_auto(Run) again = { 0 };

  cli (&first, f, "photo", "import", "--to", to, f->good, NULL);
  g_assert_cmpint (first.status, ==, 0);
  cli (&again, f, "photo", "import", "--to", to, f->good, NULL);
  g_assert_cmpint (again.status, ==, 1);
  g_assert_nonnull (strstr (again.err, "already attached"));
}

typedef struct
{
  const char *name;
  const char *args[6];   /* ends with NULL unless all six are used */
} UsageCase;

static void
test_cli_photo_wrong_use_exits_with_usage (Fixture       *f,
                                           gconstpointer  data)
{
  const UsageCase cases[] = {
    { "no subcommand", { "photo", NULL } },
    { "unknown subcommand", { "photo", "delete", NULL } },
    { "no target", { "photo", "import", "x.jpg", NULL } },
    { "target without id", { "photo", "import", "--to", "hazard:", "x.jpg", NULL } },
    { "unknown kind", { "photo", "import", "--to", "facility:1", "x.jpg", NULL } },
    { "unknown purpose", { "photo", "import", "--to", "hazard:1", "--purpose", "pretty" } },
    { "no files", { "photo", "import", "--to", "hazard:1", NULL } },
    { "verify with a file", { "photo", "verify", "x.jpg", NULL } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = { 0 };
      const char *args[G_N_ELEMENTS (cases[i].args) + 1] = { NULL };

      memcpy (args, cases[i].args, sizeof cases[i].args);
      g_test_message ("%s", cases[i].name);
      cli_v (&run, f, args);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_nonnull (strstr (run.err, "usage: fieldcheck-cli photo import"));
    }
}

static void
test_cli_photo_verify_reports_damage_and_orphans_and_fails (Fixture       *f,
                                                            gconstpointer  data)
{
  g_autofree char *to = g_strconcat ("hazard:", f->hazard, NULL);
  g_auto(Run) import = { 0 };
  g_auto(Run) clean = { 0 };
  g_auto(Run) damaged = { 0 };
  g_auto(Run) orphan = { 0 };
  g_auto(Run) reconciled = { 0 };
  g_autoptr(JsonNode) report = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *blob = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { CLI_PATH, "--db", f->db, "photo", "import", "--to", to, f->other, NULL };
  g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "FC_TEST_PHOTOS_HOOK",
                                        "stop-before-commit", TRUE);
  JsonArray *problems;
  gsize size;
  GPid pid;
  int status;

  cli (&import, f, "photo", "import", "--to", to, f->good, NULL);
  g_assert_cmpint (import.status, ==, 0);
  cli (&clean, f, "photo", "verify", NULL);
  g_assert_cmpint (clean.status, ==, 0);
  g_assert_cmpstr (clean.out, ==, "1 photo checked: ok\n");

  /* One flipped bit in the stored copy. */
  g_assert_true (g_file_get_contents (f->good, &contents, &size, NULL));
  sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, size);
  blob = g_build_filename (f->dir, "blobs", (char[]) { sha[0], sha[1], '\0' }, sha, NULL);
  contents[size - 10] ^= 0x10;
  g_assert_true (g_file_set_contents (blob, contents, size, NULL));
  cli (&damaged, f, "photo", "verify", NULL);
  g_assert_cmpint (damaged.status, ==, 1);
  g_assert_true (g_str_has_prefix (damaged.out, "damaged\t"));
  g_assert_nonnull (strstr (damaged.out, sha));
  g_assert_nonnull (strstr (damaged.err, "1 problem among the stored photos"));

  /* An import killed between publishing its bytes and committing its record. */
  g_assert_true (g_spawn_async (NULL, (char **) argv, env, G_SPAWN_DO_NOT_REAP_CHILD |
                                G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, &pid, &error));
  g_assert_no_error (error);
  g_assert_cmpint (waitpid (pid, &status, WUNTRACED), ==, pid);
  g_assert_true (WIFSTOPPED (status));
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);

  cli (&orphan, f, "--json", "photo", "verify", NULL);
  g_assert_cmpint (orphan.status, ==, 1);
  report = parse (orphan.out);
  problems = json_object_get_array_member (json_node_get_object (report), "problems");
  g_assert_cmpuint (json_array_get_length (problems), ==, 2);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (report), "ok"));

  cli (&reconciled, f, "photo", "verify", "--reconcile", "--grace", "0", NULL);
  g_assert_nonnull (strstr (reconciled.out, "1 file that no record names was moved"));
  /* The damaged photo is still a fault; the orphan no longer is. */
  g_assert_cmpint (reconciled.status, ==, 1);
  g_assert_true (g_str_has_prefix (reconciled.out, "damaged\t"));
  g_assert_null (strstr (reconciled.out, "orphan\t"));
}

static void
add (const char *name,
     void      (*func) (Fixture *, gconstpointer))
{
  g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  add ("/cli/photo/import-stores-good-files-and-names-the-bad",
       test_cli_photo_import_stores_good_files_and_names_the_bad);
  add ("/cli/photo/import-twice-to-one-hazard-is-refused",
       test_cli_photo_import_twice_to_one_hazard_is_refused);
  add ("/cli/photo/wrong-use-exits-with-usage", test_cli_photo_wrong_use_exits_with_usage);
  add ("/cli/photo/verify-reports-damage-and-orphans-and-fails",
       test_cli_photo_verify_reports_damage_and_orphans_and_fails);

  return g_test_run ();
}
