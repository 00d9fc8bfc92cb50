/* fcs-secrets.c: tokens, device credentials and password verifiers
 *
 * Enrolment tokens and device credentials are random (256 bits for a
 * credential), so a fast keyed-free hash (BLAKE2b) is enough to store them:
 * nobody can guess the input. Passwords are chosen by people, so they get a
 * memory-hard hash, Argon2id through crypto_pwhash_str, which embeds its salt
 * and parameters. Only hashes are stored.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "fcs-error.h"
#include "fcs-secrets.h"

gboolean
fcs_secrets_init (GError **error)
{
  if (sodium_init () < 0)
    {
      g_set_error (error, FCS_ERROR, FCS_ERROR_FAILED,
                   _("The cryptography library could not start"));
      return FALSE;
    }
  return TRUE;
}

/* Returns: (transfer full): @n_bytes of randomness as lower-case hex */
char *
fcs_secret_new (gsize n_bytes)
{
  g_autofree guint8 *raw = g_malloc (n_bytes);
  char *hex = g_malloc (n_bytes * 2 + 1);

  randombytes_buf (raw, n_bytes);
  sodium_bin2hex (hex, n_bytes * 2 + 1, raw, n_bytes);
  sodium_memzero (raw, n_bytes);
  return hex;
}

/* Returns: (transfer full): the hex BLAKE2b-256 of @secret */
char *
fcs_secret_hash (const char *secret)
{
  guint8 digest[crypto_generichash_BYTES];
  char *hex = g_malloc (sizeof digest * 2 + 1);

  crypto_generichash (digest, sizeof digest, (const guint8 *) secret, strlen (secret), NULL, 0);
  sodium_bin2hex (hex, sizeof digest * 2 + 1, digest, sizeof digest);
  return hex;
}

/* Compares two hashes in constant time. */
gboolean
fcs_secret_hash_equal (const char *a,
                       const char *b)
{
  gsize len;

  if (a == NULL || b == NULL || (len = strlen (a)) != strlen (b))
    return FALSE;
  return sodium_memcmp (a, b, len) == 0;
}

/**
 * fcs_password_hash:
 * @password: what the person chose
 * @error: return location for an error
 *
 * Returns: (transfer full): an Argon2id verifier string (`$argon2id$…`)
 */
char *
fcs_password_hash (const char  *password,
                   GError     **error)
{
  char out[crypto_pwhash_STRBYTES];

  if (password == NULL || strlen (password) < 8)
    {
      g_set_error (error, FCS_ERROR, FCS_ERROR_INVALID,
                   _("A password needs at least 8 characters"));
      return NULL;
    }
  if (crypto_pwhash_str_alg (out, password, strlen (password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error (error, FCS_ERROR, FCS_ERROR_FAILED,
                   _("Not enough memory to protect the password"));
      return NULL;
    }
  return g_strdup (out);
}

gboolean
fcs_password_verify (const char *verifier,
                     const char *password)
{
  if (verifier == NULL || password == NULL)
    return FALSE;
  return crypto_pwhash_str_verify (verifier, password, strlen (password)) == 0;
}
