/* test-sign-in.c: signing in on the device against the server's verifiers */

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "fc-error.h"
#include "fc-sign-in.h"
#include "fc-store-write.h"
#include "test-util.h"
#include "test-verifier.h"

#define PASSWORD "巡检-correct-horse"

static void
keep_verifier (FcStore    *store,
               const char *person_id,
               const char *login,
               const char *verifier,
               gboolean    disabled)
{
  g_autoptr(sqlite3_stmt) stmt = fc_store_prepare (store, "INSERT INTO sign_in_verifier "
                                                   "(person_id, login, name, verifier, disabled) "
                                                   "VALUES (?, ?, ?, ?, ?)", NULL);

  g_assert_nonnull (stmt);
  sqlite3_bind_text (stmt, 1, person_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, login, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, login, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, verifier, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 5, disabled);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
}

/* A store with the verifiers a sync would have left: inspector1 enabled,
 * retired1 disabled by the server (no verifier). */
static FcStore *
open_device (const char *name)
{
  static char *verifier = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = test_scratch_path (name);
  FcStore *store;

  if (verifier == NULL)
    verifier = test_make_verifier (PASSWORD);
  store = fc_store_open (path, &error);
  g_assert_no_error (error);
  keep_verifier (store, "p-inspector1", "inspector1", verifier, FALSE);
  keep_verifier (store, "p-retired1", "retired1", NULL, TRUE);
  return store;
}

static void
test_sign_in_right_password_gives_the_person (void)
{
  g_autoptr(FcStore) store = open_device ("right.db");
  g_autoptr(GError) error = NULL;
  g_autofree char *person = NULL;

  g_assert_true (fc_sign_in_has_verifiers (store));
  person = fc_sign_in_verify (store, "inspector1", PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (person, ==, "p-inspector1");
}

static void
test_sign_in_wrong_password_and_unknown_login_get_one_sentence (void)
{
  g_autoptr(FcStore) store = open_device ("wrong.db");
  g_autoptr(GError) wrong = NULL;
  g_autoptr(GError) unknown = NULL;
  g_autofree char *a = fc_sign_in_verify (store, "inspector1", "not-the-password", &wrong);
  g_autofree char *b = fc_sign_in_verify (store, "nobody", PASSWORD, &unknown);

  g_assert_null (a);
  g_assert_null (b);
  g_assert_error (wrong, FC_SIGN_IN_ERROR, FC_SIGN_IN_ERROR_REFUSED);
  g_assert_error (unknown, FC_SIGN_IN_ERROR, FC_SIGN_IN_ERROR_REFUSED);
  g_assert_cmpstr (wrong->message, ==, unknown->message);
}

static void
test_sign_in_disabled_person_is_told_so (void)
{
  g_autoptr(FcStore) store = open_device ("disabled.db");
  g_autoptr(GError) error = NULL;
  g_autofree char *person = fc_sign_in_verify (store, "retired1", PASSWORD, &error);
  g_autoptr(GPtrArray) people = fc_sign_in_list_people (store, NULL);

  g_assert_null (person);
  g_assert_error (error, FC_SIGN_IN_ERROR, FC_SIGN_IN_ERROR_DISABLED);
  /* Nor is the disabled person offered in the list. */
  g_assert_cmpuint (people->len, ==, 1);
  g_assert_cmpstr (((FcSignInPerson *) people->pdata[0])->login, ==, "inspector1");
}

static void
test_sign_in_without_verifiers_is_not_possible (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = test_scratch_path ("none.db");
  g_autoptr(FcStore) store = fc_store_open (path, &error);
  g_autofree char *person = NULL;

  g_assert_no_error (error);
  g_assert_false (fc_sign_in_has_verifiers (store));
  person = fc_sign_in_verify (store, "inspector1", PASSWORD, &error);
  g_assert_null (person);
  g_assert_error (error, FC_SIGN_IN_ERROR, FC_SIGN_IN_ERROR_NO_VERIFIERS);
}

static void
fail (FcStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *person = fc_sign_in_verify (store, "inspector1", "guess", &error);

  g_assert_null (person);
  g_assert_error (error, FC_SIGN_IN_ERROR, FC_SIGN_IN_ERROR_REFUSED);
}

/* Five failures in a row cost nothing; then even the right password waits,
 * also after the app (the store) is closed and opened again, and the wait
 * doubles with each further failure. */
static void
test_sign_in_throttle_survives_reopening_the_store (void)
{
  g_autofree char *path = test_scratch_path ("throttle.db");
  g_autoptr(FcStore) store = open_device ("throttle.db");
  g_autoptr(GError) error = NULL;
  g_autofree char *person = NULL;
  char past[32];
  gint64 first_wait;

  for (int i = 0; i < FC_SIGN_IN_FREE_FAILURES - 1; i++)
    fail (store);
  g_assert_cmpint (fc_sign_in_get_wait_ms (store), ==, 0);
  fail (store);
  first_wait = fc_sign_in_get_wait_ms (store);
  g_assert_cmpint (first_wait, >, FC_SIGN_IN_FIRST_WAIT_MS - 5000);
  g_assert_cmpint (first_wait, <=, FC_SIGN_IN_FIRST_WAIT_MS);

  g_clear_object (&store);
  store = fc_store_open (path, &error);
  g_assert_no_error (error);
  person = fc_sign_in_verify (store, "inspector1", PASSWORD, &error);
  g_assert_null (person);
  g_assert_error (error, FC_SIGN_IN_ERROR, FC_SIGN_IN_ERROR_THROTTLED);
  g_clear_error (&error);

  /* The wait is over (the last failure moved into the past): one more wrong
   * password, and the next wait is twice as long. */
  g_snprintf (past, sizeof past, "%" G_GINT64_FORMAT,
              g_get_real_time () / 1000 - FC_SIGN_IN_FIRST_WAIT_MS - 1);
  g_assert_true (fc_store_set_meta (store, FC_SIGN_IN_META_LAST_FAILURE, past, NULL));
  g_assert_cmpint (fc_sign_in_get_wait_ms (store), ==, 0);
  fail (store);
  g_assert_cmpint (fc_sign_in_get_wait_ms (store), >, 2 * FC_SIGN_IN_FIRST_WAIT_MS - 5000);

  /* Once it is over, the right password gets in and the count starts again. */
  g_assert_true (fc_store_set_meta (store, FC_SIGN_IN_META_LAST_FAILURE, "0", NULL));
  person = fc_sign_in_verify (store, "inspector1", PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (person, ==, "p-inspector1");
  fail (store);
  g_assert_cmpint (fc_sign_in_get_wait_ms (store), ==, 0);
}

/* On a device where people sign in, a change made while nobody is signed
 * in would reach the server with no author and be refused there: the store
 * refuses it at once and keeps nothing of it. */
static void
test_sign_in_is_required_before_a_change (void)
{
  g_autoptr(FcStore) store = open_device ("required.db");
  g_autoptr(FcOp) op = fc_op_new_insert ("person", NULL);
  g_autoptr(FcOp) again = fc_op_new_insert ("person", NULL);
  g_autoptr(GError) error = NULL;

  fc_store_set_user (store, NULL);
  fc_op_set_string (op, "name", "未登录的修改");
  g_assert_false (fc_store_write (store, op, &error));
  g_assert_error (error, FC_ERROR, FC_ERROR_GUARD);
  g_assert_cmpint (test_count (store, "SELECT count (*) FROM op_log"), ==, 0);
  g_assert_cmpint (test_count (store, "SELECT count (*) FROM person WHERE name = '未登录的修改'"), ==, 0);

  g_clear_error (&error);
  fc_store_set_user (store, "p-inspector1");
  fc_op_set_string (again, "name", "登录后的修改");
  g_assert_true (fc_store_write (store, again, &error));
  g_assert_no_error (error);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sign-in/right-password-gives-the-person", test_sign_in_right_password_gives_the_person);
  g_test_add_func ("/sign-in/wrong-password-and-unknown-login-get-one-sentence", test_sign_in_wrong_password_and_unknown_login_get_one_sentence);
  g_test_add_func ("/sign-in/disabled-person-is-told-so", test_sign_in_disabled_person_is_told_so);
  g_test_add_func ("/sign-in/without-verifiers-is-not-possible", test_sign_in_without_verifiers_is_not_possible);
  g_test_add_func ("/sign-in/throttle-survives-reopening-the-store", test_sign_in_throttle_survives_reopening_the_store);
  g_test_add_func ("/sign-in/is-required-before-a-change", test_sign_in_is_required_before_a_change);

  return g_test_run ();
}
