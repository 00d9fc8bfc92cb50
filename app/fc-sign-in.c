/* fc-sign-in.c: signing in on the device, also offline
 *
 * The device keeps the server's Argon2id verifiers of the people who may use
 * it (table sign_in_verifier, replaced after every sync by
 * sync/fc-sync-verifiers.c) and checks a password with libsodium's
 * crypto_pwhash_str_verify. Argon2id is slow and memory-hard on purpose: call
 * this on a worker thread, never on the main loop.
 *
 * An unknown login and a wrong password get the same sentence, so logins
 * cannot be probed. After FC_SIGN_IN_FREE_FAILURES failures in a row every
 * attempt waits, longer after each further failure; the count and the time of
 * the last failure are in the store's meta, so closing the app resets nothing.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "fc-sign-in.h"

G_DEFINE_QUARK (fc-sign-in-error-quark, fc_sign_in_error)

void
fc_sign_in_person_free (FcSignInPerson *person)
{
  if (person == NULL)
    return;
  g_free (person->person_id);
  g_free (person->login);
  g_free (person->name);
  g_free (person);
}

/**
 * fc_sign_in_has_verifiers:
 * @store: the device's store
 *
 * Returns: whether anyone can sign in here with a password; a device that
 *   has them requires it
 */
gboolean
fc_sign_in_has_verifiers (FcStore *store)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (FC_IS_STORE (store), FALSE);

  stmt = fc_store_prepare (store, "SELECT EXISTS (SELECT 1 FROM sign_in_verifier "
                                  "WHERE verifier IS NOT NULL AND disabled = 0)", NULL);
  return stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
}

/**
 * fc_sign_in_list_people:
 * @store: the device's store
 * @error: return location for an error
 *
 * Returns: (transfer full) (element-type FcSignInPerson): who can sign in
 *   here, by login
 */
GPtrArray *
fc_sign_in_list_people (FcStore  *store,
                        GError  **error)
{
  g_autoptr(GPtrArray) people = g_ptr_array_new_with_free_func ((GDestroyNotify) fc_sign_in_person_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (FC_IS_STORE (store), NULL);

  stmt = fc_store_prepare (store, "SELECT person_id, login, coalesce (name, login) "
                                  "FROM sign_in_verifier WHERE verifier IS NOT NULL "
                                  "AND disabled = 0 ORDER BY login", error);
  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      FcSignInPerson *person = g_new0 (FcSignInPerson, 1);

      person->person_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      person->login = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      person->name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      g_ptr_array_add (people, person);
    }
  return g_steal_pointer (&people);
}

/**
 * fc_sign_in_may_act:
 * @store: the device's store
 * @person_id: (nullable): a person
 *
 * Returns: whether @person_id may act on this device: on one without
 *   verifiers anyone may; on one with them, an enabled person with a verifier
 */
gboolean
fc_sign_in_may_act (FcStore    *store,
                    const char *person_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (FC_IS_STORE (store), FALSE);

  if (!fc_sign_in_has_verifiers (store))
    return TRUE;
  if (person_id == NULL || *person_id == '\0')
    return FALSE;
  stmt = fc_store_prepare (store, "SELECT 1 FROM sign_in_verifier WHERE person_id = ? "
                                  "AND disabled = 0 AND verifier IS NOT NULL", NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, person_id, -1, SQLITE_STATIC);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

/**
 * fc_sign_in_check_acting:
 * @store: the device's store
 *
 * Signs out the acting person when they may no longer act here (the last
 * sync disabled or dropped them, maybe on another connection).
 *
 * Returns: whether someone acts after the check
 */
gboolean
fc_sign_in_check_acting (FcStore *store)
{
  const char *user;

  g_return_val_if_fail (FC_IS_STORE (store), FALSE);

  user = fc_store_get_user (store);
  if (user == NULL || *user == '\0')
    return FALSE;
  if (fc_sign_in_may_act (store, user))
    return TRUE;
  fc_store_set_user (store, NULL);
  return FALSE;
}

static gint64
meta_int (FcStore    *store,
          const char *key)
{
  g_autofree char *text = fc_store_get_meta (store, key);

  return text != NULL ? g_ascii_strtoll (text, NULL, 10) : 0;
}

static gint64
now_ms (void)
{
  return g_get_real_time () / 1000;
}

/**
 * fc_sign_in_get_wait_ms:
 * @store: the device's store
 *
 * Returns: how long the next attempt must wait, in milliseconds; 0 when it
 *   may be made now
 */
gint64
fc_sign_in_get_wait_ms (FcStore *store)
{
  gint64 failures, last, wait, left;

  g_return_val_if_fail (FC_IS_STORE (store), 0);

  failures = meta_int (store, FC_SIGN_IN_META_FAILURES);
  if (failures < FC_SIGN_IN_FREE_FAILURES)
    return 0;
  last = meta_int (store, FC_SIGN_IN_META_LAST_FAILURE);
  wait = FC_SIGN_IN_FIRST_WAIT_MS;
  for (gint64 i = FC_SIGN_IN_FREE_FAILURES; i < failures && wait < FC_SIGN_IN_MAX_WAIT_MS; i++)
    wait *= 2;
  wait = MIN (wait, FC_SIGN_IN_MAX_WAIT_MS);
  left = last + wait - now_ms ();
  /* A clock set back does not make the wait longer than it was. */
  return CLAMP (left, 0, wait);
}

static void
count_failure (FcStore *store)
{
  char text[32];

  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT,
              meta_int (store, FC_SIGN_IN_META_FAILURES) + 1);
  fc_store_set_meta (store, FC_SIGN_IN_META_FAILURES, text, NULL);
  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, now_ms ());
  fc_store_set_meta (store, FC_SIGN_IN_META_LAST_FAILURE, text, NULL);
}

static gboolean
sodium_ready (void)
{
  static gsize done = 0;
  static gboolean ok = FALSE;

  if (g_once_init_enter (&done))
    {
      ok = sodium_init () >= 0;
      g_once_init_leave (&done, 1);
    }
  return ok;
}

/**
 * fc_sign_in_verify:
 * @store: the device's store
 * @login: the login, as the person typed or chose it
 * @password: the password
 * @error: return location for an error of %FC_SIGN_IN_ERROR
 *
 * Checks @password against the verifier the server gave this device. Slow by
 * design: call it on a worker thread. It does not make the person act; the
 * caller does, with fc_store_set_user().
 *
 * Returns: (transfer full): the person's id, or %NULL with @error set
 */
char *
fc_sign_in_verify (FcStore     *store,
                   const char  *login,
                   const char  *password,
                   GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *person_id = NULL;
  g_autofree char *verifier = NULL;
  gint64 wait;
  gboolean disabled = FALSE, found = FALSE;

  g_return_val_if_fail (FC_IS_STORE (store), NULL);
  g_return_val_if_fail (login != NULL, NULL);
  g_return_val_if_fail (password != NULL, NULL);

  if (!fc_sign_in_has_verifiers (store))
    {
      g_set_error (error, FC_SIGN_IN_ERROR, FC_SIGN_IN_ERROR_NO_VERIFIERS,
                   _("Nobody can sign in with a password on this device yet; "
                     "sync it with the district server first"));
      return NULL;
    }
  wait = fc_sign_in_get_wait_ms (store);
  if (wait > 0)
    {
      int seconds = (int) ((wait + 999) / 1000);

      g_set_error (error, FC_SIGN_IN_ERROR, FC_SIGN_IN_ERROR_THROTTLED,
                   g_dngettext (GETTEXT_PACKAGE,
                                "Too many failed attempts; try again in %d second",
                                "Too many failed attempts; try again in %d seconds", seconds),
                   seconds);
      return NULL;
    }

  stmt = fc_store_prepare (store, "SELECT person_id, verifier, disabled FROM sign_in_verifier "
                                  "WHERE login = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, g_strstrip (g_strdup (login)), -1, g_free);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      found = TRUE;
      person_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      verifier = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      disabled = sqlite3_column_int (stmt, 2) != 0;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (found && disabled)
    {
      g_set_error (error, FC_SIGN_IN_ERROR, FC_SIGN_IN_ERROR_DISABLED,
                   _("This account is disabled; ask the bureau's administrator"));
      return NULL;
    }
  if (!sodium_ready () || verifier == NULL ||
      crypto_pwhash_str_verify (verifier, password, strlen (password)) != 0)
    {
      count_failure (store);
      g_set_error (error, FC_SIGN_IN_ERROR, FC_SIGN_IN_ERROR_REFUSED,
                   _("The login or the password is wrong"));
      return NULL;
    }
  fc_store_set_meta (store, FC_SIGN_IN_META_FAILURES, "0", NULL);
  return g_steal_pointer (&person_id);
}
