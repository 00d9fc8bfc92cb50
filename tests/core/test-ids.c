/* test-ids.c: new ids are time-ordered UUIDs; derived ids are stable */

#include "config.h"

#include <string.h>

#include "fc-ids.h"

static void
test_ids_new_are_version_7_uuids (void)
{
  for (int i = 0; i < 1000; i++)
    {
      g_autofree char *id = fc_id_new ();

      g_assert_true (g_uuid_string_is_valid (id));
      g_assert_cmpint (id[14], ==, '7');
      g_assert_true (strchr ("89ab", id[19]) != NULL);
    }
}

static void
test_ids_new_sort_by_time (void)
{
  g_autofree char *first = fc_id_new ();
  g_autofree char *second = NULL;

  g_usleep (2000);
  second = fc_id_new ();
  g_assert_cmpint (strcmp (first, second), <, 0);
}

static void
test_ids_new_are_unique (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (int i = 0; i < 100000; i++)
    g_assert_true (g_hash_table_add (seen, fc_id_new ()));
}

static void
test_ids_derived_are_stable_and_distinct (void)
{
  g_autofree char *a = fc_id_derive ("fieldcheck:template:general:2026.1");
  g_autofree char *b = fc_id_derive ("fieldcheck:template:general:2026.1");
  g_autofree char *c = fc_id_derive ("fieldcheck:template:general:2026.2");

  g_assert_true (g_uuid_string_is_valid (a));
  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (a, !=, c);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ids/new-are-version-7-uuids", test_ids_new_are_version_7_uuids);
  g_test_add_func ("/ids/new-sort-by-time", test_ids_new_sort_by_time);
  g_test_add_func ("/ids/new-are-unique", test_ids_new_are_unique);
  g_test_add_func ("/ids/derived-are-stable-and-distinct", test_ids_derived_are_stable_and_distinct);
  return g_test_run ();
}
