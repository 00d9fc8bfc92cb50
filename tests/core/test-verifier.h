/* test-verifier.h: password verifiers as the server makes them */
#pragma once

#include <glib.h>
#include <sodium.h>
#include <string.h>

static inline char *
test_make_verifier (const char *password)
{
  char out[crypto_pwhash_STRBYTES];

  g_assert_cmpint (sodium_init (), >=, 0);
  /* The limits of the server's verifiers (fcs-secrets.c). */
  g_assert_cmpint (crypto_pwhash_str_alg (out, password, strlen (password),
                                          crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                          crypto_pwhash_MEMLIMIT_INTERACTIVE,
                                          crypto_pwhash_ALG_ARGON2ID13), ==, 0);
  return g_strdup (out);
}
