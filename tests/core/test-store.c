/* test-store.c: opening, refusing and migrating store files */

#include "config.h"

#include <string.h>

#include "fc-core-resources.h"
#include "fc-error.h"
#include "fc-store.h"
#include "test-util.h"

static void
assert_untouched (const char *path,
                  const char *expected,
                  gsize       expected_len)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpmem (contents, len, expected, expected_len);
  /* No journal or WAL was left beside it either. */
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *journal = g_strconcat (path, "-journal", NULL);

    g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
  }
}

static void
test_store_new_file_is_created_and_migrated (void)
{
  g_autofree char *path = test_scratch_path ("new.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = fc_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpint (test_count (store, "PRAGMA user_version"), ==, fc_store_schema_version ());
  g_assert_cmpint (test_count (store, "PRAGMA application_id"), ==, FC_STORE_APPLICATION_ID);
  g_assert_cmpint (test_count (store, "SELECT count (*) FROM sqlite_schema WHERE name = 'hazard'"), ==, 1);
  g_assert_cmpuint (strlen (fc_store_get_device_id (store)), ==, 36);
}

static void
test_store_pragmas_are_durable (void)
{
  g_autofree char *path = test_scratch_path ("pragmas.db");
  g_autoptr(FcStore) store = fc_store_open (path, NULL);
  g_autofree char *mode = NULL;

  g_assert_nonnull (store);
  mode = test_text (store, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpint (test_count (store, "PRAGMA synchronous"), ==, 2);
  g_assert_cmpint (test_count (store, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (test_count (store, "PRAGMA busy_timeout"), >=, 1000);
}

static void
test_store_reopen_keeps_identity_and_data (void)
{
  g_autofree char *path = test_scratch_path ("reopen.db");
  g_autofree char *device = NULL;

  {
    g_autoptr(FcStore) store = fc_store_open (path, NULL);

    g_assert_nonnull (store);
    device = g_strdup (fc_store_get_device_id (store));
    fc_store_set_user (store, "someone");
  }
  {
    g_autoptr(FcStore) store = fc_store_open (path, NULL);

    g_assert_nonnull (store);
    g_assert_cmpstr (fc_store_get_device_id (store), ==, device);
    g_assert_cmpstr (fc_store_get_user (store), ==, "someone");
  }
}

static void
test_store_text_file_is_refused_untouched (void)
{
  g_autofree char *path = test_scratch_path ("notes.txt");
  static const char text[] = "These are my inspection notes, not a database.\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = NULL;

  g_assert_true (g_file_set_contents (path, text, sizeof text - 1, NULL));
  store = fc_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, FC_ERROR, FC_ERROR_NOT_A_STORE);
  g_assert_nonnull (strstr (error->message, "notes.txt"));
  assert_untouched (path, text, sizeof text - 1);
}

static void
test_store_other_sqlite_database_is_refused_untouched (void)
{
  g_autofree char *path = test_scratch_path ("other.db");
  g_autofree char *before = NULL;
  gsize before_len;
  sqlite3 *db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE contacts (name TEXT); "
                                     "INSERT INTO contacts VALUES ('x')", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_true (g_file_get_contents (path, &before, &before_len, NULL));

  store = fc_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, FC_ERROR, FC_ERROR_NOT_A_STORE);
  assert_untouched (path, before, before_len);
}

static void
test_store_corrupt_file_is_refused_untouched (void)
{
  g_autofree char *good = test_scratch_path ("to-corrupt.db");
  g_autofree char *contents = NULL;
  gsize len;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = NULL;

  {
    g_autoptr(FcStore) fresh = fc_store_open (good, NULL);

    g_assert_nonnull (fresh);
    g_assert_true (fc_store_exec (fresh, "PRAGMA wal_checkpoint(TRUNCATE)", NULL));
  }
  g_assert_true (g_file_get_contents (good, &contents, &len, NULL));
  g_assert_cmpuint (len, >, 4096);
  /* Keep the header, wreck the schema page. */
  memset (contents + 100, 0xA5, 3000);
  {
    g_autofree char *wal = g_strconcat (good, "-wal", NULL);
    g_autofree char *shm = g_strconcat (good, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
  }
  g_assert_true (g_file_set_contents (good, contents, (gssize) len, NULL));

  store = fc_store_open (good, &error);
  g_assert_null (store);
  g_assert_true (g_error_matches (error, FC_ERROR, FC_ERROR_CORRUPT) ||
                 g_error_matches (error, FC_ERROR, FC_ERROR_NOT_A_STORE));
  assert_untouched (good, contents, len);
}

static void
test_store_truncated_file_is_refused (void)
{
  g_autofree char *path = test_scratch_path ("truncated.db");
  static const char header[] = "SQLite fo";
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = NULL;

  g_assert_true (g_file_set_contents (path, header, sizeof header - 1, NULL));
  store = fc_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, FC_ERROR, FC_ERROR_NOT_A_STORE);
  assert_untouched (path, header, sizeof header - 1);
}

static void
test_store_newer_version_is_refused_untouched (void)
{
  g_autofree char *path = test_scratch_path ("newer.db");
  g_autofree char *before = NULL;
  gsize before_len;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = NULL;

  {
    g_autoptr(FcStore) fresh = fc_store_open (path, NULL);
    g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d", fc_store_schema_version () + 1);

    g_assert_true (fc_store_exec (fresh, sql, NULL));
    g_assert_true (fc_store_exec (fresh, "PRAGMA wal_checkpoint(TRUNCATE)", NULL));
  }
  g_assert_true (g_file_get_contents (path, &before, &before_len, NULL));

  store = fc_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, FC_ERROR, FC_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer"));
  {
    g_autofree char *after = NULL;
    gsize after_len;

    g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
    g_assert_cmpmem (after, after_len, before, before_len);
  }
}

static void
test_store_empty_file_becomes_a_store (void)
{
  g_autofree char *path = test_scratch_path ("empty.db");
  g_autoptr(FcStore) store = NULL;

  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  store = fc_store_open (path, NULL);
  g_assert_nonnull (store);
  g_assert_cmpint (test_count (store, "PRAGMA user_version"), ==, fc_store_schema_version ());
}

static void
test_store_missing_folder_is_a_clear_error (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = fc_store_open ("/nonexistent-fieldcheck/dir/x.db", &error);

  g_assert_null (store);
  g_assert_error (error, FC_ERROR, FC_ERROR_FAILED);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The schema version is the number of migrations, so their names must count 1, 2, 3… */
static void
test_store_migrations_are_numbered_without_gaps (void)
{
  g_auto(GStrv) names = g_resource_enumerate_children (fc_core_get_resource (),
                                                       "/org/fieldcheck/Fieldcheck/migrations",
                                                       G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();

  g_assert_nonnull (names);
  for (guint i = 0; names[i] != NULL; i++)
    g_ptr_array_add (sorted, names[i]);
  g_ptr_array_sort (sorted, compare_strings);
  g_assert_cmpuint (sorted->len, ==, (guint) fc_store_schema_version ());
  for (guint i = 0; i < sorted->len; i++)
    {
      g_autofree char *prefix = g_strdup_printf ("%04u-", i + 1);

      g_assert_true (g_str_has_prefix (sorted->pdata[i], prefix));
      g_assert_true (g_str_has_suffix (sorted->pdata[i], ".sql"));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/store/new-file-is-created-and-migrated", test_store_new_file_is_created_and_migrated);
  g_test_add_func ("/store/pragmas-are-durable", test_store_pragmas_are_durable);
  g_test_add_func ("/store/reopen-keeps-identity-and-data", test_store_reopen_keeps_identity_and_data);
  g_test_add_func ("/store/text-file-is-refused-untouched", test_store_text_file_is_refused_untouched);
  g_test_add_func ("/store/other-sqlite-database-is-refused-untouched", test_store_other_sqlite_database_is_refused_untouched);
  g_test_add_func ("/store/corrupt-file-is-refused-untouched", test_store_corrupt_file_is_refused_untouched);
  g_test_add_func ("/store/truncated-file-is-refused", test_store_truncated_file_is_refused);
  g_test_add_func ("/store/newer-version-is-refused-untouched", test_store_newer_version_is_refused_untouched);
  g_test_add_func ("/store/empty-file-becomes-a-store", test_store_empty_file_becomes_a_store);
  g_test_add_func ("/store/missing-folder-is-a-clear-error", test_store_missing_folder_is_a_clear_error);
  g_test_add_func ("/store/migrations-are-numbered-without-gaps", test_store_migrations_are_numbered_without_gaps);
  return g_test_run ();
}
