/* test-window.c: the window opens a real store under Xvfb and lists its facilities */

#include "config.h"

#include <glib/gstdio.h>

#include "fc-application.h"
#include "fc-demo.h"
#include "fc-facilities-page.h"
#include "fc-store.h"
#include "fc-window.h"

typedef struct
{
  const char *expect_state;
  guint       expect_facilities;
  const char *search;
  guint       expect_found;
  gboolean    done;
  GtkApplication *app;
} Expectation;

static gboolean
check_window (gpointer user_data)
{
  Expectation *expect = user_data;
  GtkApplication *app = expect->app;
  GtkWindow *window = gtk_application_get_active_window (app);
  const char *state;

  if (window == NULL)
    return G_SOURCE_CONTINUE;
  state = fc_window_get_state (FC_WINDOW (window));
  if (g_strcmp0 (state, "loading") == 0)
    return G_SOURCE_CONTINUE;

  g_assert_cmpstr (state, ==, expect->expect_state);
  if (g_str_equal (state, "list"))
    {
      FcFacilitiesPage *page = FC_FACILITIES_PAGE (fc_window_get_page_widget (FC_WINDOW (window), "list"));

      g_assert_cmpuint (g_list_model_get_n_items (fc_window_get_facilities (FC_WINDOW (window))), ==,
                        expect->expect_facilities);
      /* Search the way a user types it. */
      fc_facilities_page_set_search (page, expect->search);
      g_assert_cmpuint (g_list_model_get_n_items (fc_facilities_page_get_shown (page)), ==,
                        expect->expect_found);
    }
  expect->done = TRUE;
  gtk_window_destroy (window);
  g_application_quit (G_APPLICATION (app));
  return G_SOURCE_REMOVE;
}

static void
run_app (const char  *db,
         Expectation *expect)
{
  g_autoptr(FcApplication) app = fc_application_new ();
  char *argv[] = { (char *) "fieldcheck", (char *) "--db", (char *) db, NULL };
  expect->app = GTK_APPLICATION (app);
  g_timeout_add (50, check_window, expect);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 3, argv), ==, 0);
  g_assert_true (expect->done);
}

static guint
count_rows (FcStore    *store,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  guint n;

  sqlite3_prepare_v2 (fc_store_get_db (store), sql, -1, &stmt, NULL);
  sqlite3_step (stmt);
  n = (guint) sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static void
test_window_lists_the_demo_district_and_searches (void)
{
  g_autofree char *dir = g_dir_make_tmp ("fieldcheck-ui-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "demo.db", NULL);
  Expectation expect = { "list", 72, "敬老院", 0, FALSE, NULL };

  {
    g_autoptr(FcStore) store = fc_store_open (db, NULL);

    g_assert_true (fc_demo_generate (store, "2026-11-29", 2026, NULL, NULL));
    expect.expect_found = count_rows (store, "SELECT count (*) FROM facility WHERE name LIKE '%敬老院%'");
  }
  g_assert_cmpuint (expect.expect_found, >, 0);
  g_assert_cmpuint (expect.expect_found, <, 72);
  run_app (db, &expect);
}

static void
test_window_shows_a_clear_error_for_a_foreign_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("fieldcheck-ui-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "notes.txt", NULL);
  Expectation expect = { "error", 0, NULL, 0, FALSE, NULL };
  g_autofree char *after = NULL;

  g_assert_true (g_file_set_contents (path, "not a database\n", -1, NULL));
  run_app (path, &expect);
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, "not a database\n");
}

static void
test_window_empty_store_says_what_to_do (void)
{
  g_autofree char *dir = g_dir_make_tmp ("fieldcheck-ui-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "empty.db", NULL);
  Expectation expect = { "empty", 0, NULL, 0, FALSE, NULL };

  run_app (db, &expect);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/window/lists-the-demo-district-and-searches", test_window_lists_the_demo_district_and_searches);
  g_test_add_func ("/window/shows-a-clear-error-for-a-foreign-file", test_window_shows_a_clear_error_for_a_foreign_file);
  g_test_add_func ("/window/empty-store-says-what-to-do", test_window_empty_store_says_what_to_do);
  return g_test_run ();
}
