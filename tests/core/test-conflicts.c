/* test-conflicts.c: a person resolves a concurrent write, and the choice travels like any change */

#include "config.h"

#include <string.h>

#include "fc-conflicts.h"
#include "fc-error.h"
#include "fc-oplog.h"
#include "fc-store-write.h"
#include "test-util.h"

typedef struct
{
  gint64   wall_a;
  gint64   wall_b;
  FcStore *a;
  FcStore *b;
  gint64   a_sent;
  gint64   b_sent;
  char    *person_a;   /* who writes on a */
  char    *person_b;   /* who writes on b */
  char    *facility;
} Pair;

static void
exchange (Pair *pair)
{
  g_assert_cmpuint (test_copy_ops (pair->a, pair->b, &pair->a_sent), ==, 0);
  g_assert_cmpuint (test_copy_ops (pair->b, pair->a, &pair->b_sent), ==, 0);
}

static char *
add_person (FcStore    *store,
            const char *name)
{
  g_autoptr(FcOp) op = fc_op_new_insert ("person", NULL);

  fc_op_set_string (op, "name", name);
  fc_op_set_string (op, "roles", "staff");
  g_assert_true (fc_store_write (store, op, NULL));
  return g_strdup (op->row_id);
}

static void
set_string (FcStore    *store,
            const char *field,
            const char *id,
            const char *value)
{
  g_autoptr(FcOp) op = fc_op_new_update ("facility", id);

  fc_op_set_string (op, field, value);
  g_assert_true (fc_store_write (store, op, NULL));
}

static void
set_int (FcStore    *store,
         const char *field,
         const char *id,
         gint64      value)
{
  g_autoptr(FcOp) op = fc_op_new_update ("facility", id);

  fc_op_set_int (op, field, value);
  g_assert_true (fc_store_write (store, op, NULL));
}

static char *
value_of (FcStore    *store,
          const char *sql_value,
          const char *id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM facility WHERE id = '%s'", sql_value, id);

  return test_text (store, sql);
}

#define assert_facility(store, what, id, expected)           \
  G_STMT_START {                                             \
    g_autofree char *_v = value_of (store, what, id);        \
    g_assert_cmpstr (_v, ==, expected);                      \
  } G_STMT_END

/* Two stores that share a facility and two people; b's clock runs later. */
static void
pair_setup (Pair          *pair,
            gconstpointer  data)
{
  const char *name = data;
  g_autofree char *a_name = g_strconcat (name, "-a.db", NULL);
  g_autofree char *b_name = g_strconcat (name, "-b.db", NULL);
  g_autofree char *a_path = test_scratch_path (a_name);
  g_autofree char *b_path = test_scratch_path (b_name);
  g_autoptr(FcOp) facility = fc_op_new_insert ("facility", NULL);

  pair->wall_a = 1800000000000;
  pair->wall_b = 1800000000000;
  pair->a = fc_store_open_full (a_path, test_fixed_wall, &pair->wall_a, NULL);
  pair->b = fc_store_open_full (b_path, test_fixed_wall, &pair->wall_b, NULL);
  g_assert_nonnull (pair->a);
  g_assert_nonnull (pair->b);
  pair->a_sent = pair->b_sent = 0;

  pair->person_a = add_person (pair->a, "周春梅");
  pair->person_b = add_person (pair->a, "吴家俊");
  fc_op_set_string (facility, "type", "elderly_care");
  fc_op_set_string (facility, "name", "阳光养老院");
  fc_op_set_string (facility, "town", "汉丰街道");
  fc_op_set_int (facility, "beds", 80);
  g_assert_true (fc_store_write (pair->a, facility, NULL));
  pair->facility = g_strdup (facility->row_id);
  exchange (pair);
  fc_store_set_user (pair->a, pair->person_a);
  fc_store_set_user (pair->b, pair->person_b);
}

static void
pair_teardown (Pair          *pair,
               gconstpointer  data)
{
  g_clear_object (&pair->a);
  g_clear_object (&pair->b);
  g_free (pair->person_a);
  g_free (pair->person_b);
  g_free (pair->facility);
}

/* a writes "from-a", b later writes "from-b", neither seeing the other. */
static void
race_on_address (Pair *pair)
{
  set_string (pair->a, "address", pair->facility, "滨湖路 1 号");
  pair->wall_b += 5000;
  set_string (pair->b, "address", pair->facility, "滨湖路 9 号");
  exchange (pair);
  g_assert_cmpint (fc_store_count_conflicts (pair->a, TRUE), ==, 1);
  g_assert_cmpint (fc_store_count_conflicts (pair->b, TRUE), ==, 1);
}

static void
test_conflicts_list_both_values_with_who_and_when (Pair          *pair,
                                                   gconstpointer  data)
{
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  FcConflict *c;

  race_on_address (pair);
  g_assert_cmpuint (fc_conflicts_count_open (pair->a, NULL), ==, 1);
  g_assert_cmpuint (fc_conflicts_count_open (pair->b, NULL), ==, 1);
  conflicts = fc_conflicts_list (pair->a, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  c = conflicts->pdata[0];
  g_assert_cmpstr (c->table, ==, "facility");
  g_assert_cmpstr (c->row_id, ==, pair->facility);
  g_assert_cmpstr (c->field, ==, "address");
  g_assert_false (c->resolved);
  g_assert_false (c->superseded);

  /* The later writer is kept; the earlier is beside it, both with their write. */
  g_assert_cmpstr (c->kept.value, ==, "滨湖路 9 号");
  g_assert_cmpstr (c->kept.device_id, ==, fc_store_get_device_id (pair->b));
  g_assert_cmpstr (c->kept.user_id, ==, pair->person_b);
  g_assert_cmpstr (c->kept.user_name, ==, "吴家俊");
  g_assert_cmpstr (c->other.value, ==, "滨湖路 1 号");
  g_assert_cmpstr (c->other.device_id, ==, fc_store_get_device_id (pair->a));
  g_assert_cmpstr (c->other.user_name, ==, "周春梅");
  g_assert_cmpuint (FC_HLC_MS (c->kept.hlc), ==, FC_HLC_MS (c->other.hlc) + 5000);

  /* The boxed copy is deep, and fc_conflicts_get finds the same conflict. */
  {
    g_autoptr(FcConflict) copy = g_boxed_copy (FC_TYPE_CONFLICT, c);
    g_autoptr(FcConflict) again = fc_conflicts_get (pair->a, c->id, NULL);

    g_assert_true (copy->kept.value != c->kept.value);
    g_assert_cmpstr (copy->other.op_id, ==, c->other.op_id);
    g_assert_cmpstr (again->kept.op_id, ==, c->kept.op_id);
  }
}

static void
test_conflicts_resolve_writes_a_new_op_that_settles_the_other_store (Pair          *pair,
                                                                     gconstpointer  data)
{
  g_autoptr(GPtrArray) on_a = NULL;
  g_autoptr(GPtrArray) on_b = NULL;
  g_autoptr(GError) error = NULL;
  gint64 ops = test_count (pair->a, "SELECT count (*) FROM op_log");
  FcConflict *c;

  race_on_address (pair);
  ops = test_count (pair->a, "SELECT count (*) FROM op_log");
  on_a = fc_conflicts_list (pair->a, TRUE, NULL);
  c = on_a->pdata[0];

  /* The earlier value was right after all. */
  g_assert_true (fc_conflicts_resolve (pair->a, c->id, c->other.value, &error));
  g_assert_no_error (error);
  assert_facility (pair->a, "address", pair->facility, "滨湖路 1 号");
  g_assert_cmpint (fc_store_count_conflicts (pair->a, TRUE), ==, 0);
  g_assert_cmpint (test_count (pair->a, "SELECT count (*) FROM op_log"), ==, ops + 1);
  {
    g_autofree char *who = test_text (pair->a, "SELECT user_id FROM op_log ORDER BY seq DESC LIMIT 1");

    g_assert_cmpstr (who, ==, pair->person_a);
  }

  /* The choice syncs: b takes it without a new conflict, and sees its own
   * conflict settled by a write that saw both values. */
  exchange (pair);
  assert_facility (pair->b, "address", pair->facility, "滨湖路 1 号");
  g_assert_cmpint (fc_store_count_conflicts (pair->b, FALSE), ==, 1);
  on_b = fc_conflicts_list (pair->b, TRUE, NULL);
  g_assert_cmpuint (on_b->len, ==, 1);
  g_assert_true (((FcConflict *) on_b->pdata[0])->superseded);
  g_assert_false (((FcConflict *) on_b->pdata[0])->resolved);
  g_assert_cmpuint (fc_conflicts_count_open (pair->a, NULL), ==, 0);
  g_assert_cmpuint (fc_conflicts_count_open (pair->b, NULL), ==, 0);
}

static void
test_conflicts_a_side_keeps_the_type_it_was_written_with (Pair          *pair,
                                                          gconstpointer  data)
{
  g_autoptr(GPtrArray) conflicts = NULL;
  FcConflict *c;

  set_int (pair->a, "beds", pair->facility, 96);
  pair->wall_b += 1000;
  set_int (pair->b, "beds", pair->facility, 120);
  exchange (pair);
  conflicts = fc_conflicts_list (pair->a, TRUE, NULL);
  g_assert_cmpuint (conflicts->len, ==, 1);
  c = conflicts->pdata[0];
  g_assert_cmpstr (c->other.value, ==, "96");

  g_assert_true (fc_conflicts_resolve (pair->a, c->id, "96", NULL));
  assert_facility (pair->a, "typeof (beds) || ':' || beds", pair->facility, "integer:96");
  exchange (pair);
  assert_facility (pair->b, "typeof (beds) || ':' || beds", pair->facility, "integer:96");
}

static void
test_conflicts_a_typed_value_takes_the_columns_type (Pair          *pair,
                                                     gconstpointer  data)
{
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  gint64 ops;
  FcConflict *c;

  set_int (pair->a, "beds", pair->facility, 96);
  pair->wall_b += 1000;
  set_int (pair->b, "beds", pair->facility, 120);
  exchange (pair);
  conflicts = fc_conflicts_list (pair->a, TRUE, NULL);
  c = conflicts->pdata[0];
  ops = test_count (pair->a, "SELECT count (*) FROM op_log");

  /* Not a number: refused, and nothing changes. */
  g_assert_false (fc_conflicts_resolve (pair->a, c->id, "一百张", &error));
  g_assert_error (error, FC_ERROR, FC_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "beds"));
  g_assert_cmpint (test_count (pair->a, "SELECT count (*) FROM op_log"), ==, ops);
  g_assert_cmpint (fc_store_count_conflicts (pair->a, TRUE), ==, 1);
  assert_facility (pair->a, "beds", pair->facility, "120");

  /* Neither side: the number a person counted on the spot. */
  g_assert_true (fc_conflicts_resolve (pair->a, c->id, "104", NULL));
  assert_facility (pair->a, "typeof (beds) || ':' || beds", pair->facility, "integer:104");
}

static void
test_conflicts_resolve_clears_with_null (Pair          *pair,
                                         gconstpointer  data)
{
  g_autoptr(GPtrArray) conflicts = NULL;

  race_on_address (pair);
  conflicts = fc_conflicts_list (pair->a, TRUE, NULL);
  g_assert_true (fc_conflicts_resolve (pair->a, ((FcConflict *) conflicts->pdata[0])->id, NULL,
                                       NULL));
  assert_facility (pair->a, "coalesce (address, '∅')", pair->facility, "∅");
}

static void
test_conflicts_unknown_or_resolved_are_refused (Pair          *pair,
                                                gconstpointer  data)
{
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) unknown = NULL;
  g_autoptr(GError) twice = NULL;
  gint64 id;

  race_on_address (pair);
  conflicts = fc_conflicts_list (pair->a, FALSE, NULL);
  id = ((FcConflict *) conflicts->pdata[0])->id;
  g_assert_false (fc_conflicts_resolve (pair->a, id + 100, "x", &unknown));
  g_assert_error (unknown, FC_ERROR, FC_ERROR_NOT_FOUND);

  g_assert_true (fc_conflicts_resolve (pair->a, id, "滨湖路 9 号", NULL));
  g_assert_false (fc_conflicts_resolve (pair->a, id, "滨湖路 1 号", &twice));
  g_assert_error (twice, FC_ERROR, FC_ERROR_INVALID);
  assert_facility (pair->a, "address", pair->facility, "滨湖路 9 号");

  /* Resolved conflicts stay in the record, out of the unresolved list. */
  g_clear_pointer (&conflicts, g_ptr_array_unref);
  conflicts = fc_conflicts_list (pair->a, TRUE, NULL);
  g_assert_cmpuint (conflicts->len, ==, 0);
  g_clear_pointer (&conflicts, g_ptr_array_unref);
  conflicts = fc_conflicts_list (pair->a, FALSE, NULL);
  g_assert_cmpuint (conflicts->len, ==, 1);
  g_assert_true (((FcConflict *) conflicts->pdata[0])->resolved);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add ("/conflicts/" path, Pair, path, pair_setup, fn, pair_teardown)
  ADD ("list-both-values-with-who-and-when", test_conflicts_list_both_values_with_who_and_when);
  ADD ("resolve-writes-an-op-that-settles-the-other-store",
       test_conflicts_resolve_writes_a_new_op_that_settles_the_other_store);
  ADD ("a-side-keeps-its-type", test_conflicts_a_side_keeps_the_type_it_was_written_with);
  ADD ("a-typed-value-takes-the-columns-type", test_conflicts_a_typed_value_takes_the_columns_type);
  ADD ("resolve-clears-with-null", test_conflicts_resolve_clears_with_null);
  ADD ("unknown-or-resolved-are-refused", test_conflicts_unknown_or_resolved_are_refused);
#undef ADD
  return g_test_run ();
}
