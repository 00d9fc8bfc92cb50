/* test-certs.h: a district CA and a server certificate it issued for
 * 127.0.0.1 and localhost, made for the run with the openssl tool, and the
 * curl pin (sha256//…) of a key */
#pragma once

#include <glib.h>

#include "../core/test-util.h"

typedef struct
{
  char *cert;
  char *key;
} TestIdentity;

/* openssl ARG…; NULL-terminated */
static inline void
test_openssl (const char *first,
              ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int wait_status = 0;
  va_list args;
  char *program = g_find_program_in_path ("openssl");

  /* .ci/install-deps installs it; a run without it must not pass. */
  g_assert_nonnull (program);
  g_ptr_array_add (argv, program);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
                               NULL, NULL, NULL, &err, &wait_status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (wait_status, NULL))
    g_error ("openssl %s: %s", first, err);
}

static inline char *
test_cert_path (const char *prefix,
                const char *name)
{
  g_autofree char *file = g_strconcat (prefix, "-", name, NULL);

  return test_scratch_path (file);
}

/* A self-signed CA (its PEM returned, its key in @ca_key) named @prefix-ca.pem. */
static inline char *
test_ca_new (const char  *prefix,
             char       **ca_key)
{
  char *ca = test_cert_path (prefix, "ca.pem");

  *ca_key = test_cert_path (prefix, "ca.key");
  test_openssl ("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", *ca_key, "-out", ca, "-days", "2", "-subj", "/CN=fieldcheck test district CA",
                NULL);
  return ca;
}

/* A new key and a certificate @ca issues for it, naming @names
 * (subjectAltName; NULL: 127.0.0.1 and localhost). */
static inline void
test_identity_from_ca (TestIdentity *id,
                       const char   *prefix,
                       const char   *name,
                       const char   *ca,
                       const char   *ca_key,
                       const char   *names)
{
  g_autofree char *key_file = g_strconcat (name, ".key", NULL);
  g_autofree char *csr_file = g_strconcat (name, ".csr", NULL);
  g_autofree char *cert_file = g_strconcat (name, ".pem", NULL);
  g_autofree char *ext_file = g_strconcat (name, ".ext", NULL);
  g_autofree char *csr = test_cert_path (prefix, csr_file);
  g_autofree char *ext = test_cert_path (prefix, ext_file);
  g_autofree char *ext_text = g_strdup_printf ("subjectAltName=%s\nbasicConstraints=CA:FALSE\n"
                                               "extendedKeyUsage=serverAuth\n",
                                               names ? names : "IP:127.0.0.1,DNS:localhost");
  g_autoptr(GError) error = NULL;

  id->key = test_cert_path (prefix, key_file);
  id->cert = test_cert_path (prefix, cert_file);
  test_openssl ("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", id->key, "-out", csr, "-subj", "/CN=fieldcheck test server", NULL);
  g_file_set_contents (ext, ext_text, -1, &error);
  g_assert_no_error (error);
  test_openssl ("x509", "-req", "-in", csr, "-CA", ca, "-CAkey", ca_key, "-CAcreateserial",
                "-days", "2", "-sha256", "-extfile", ext, "-out", id->cert, NULL);
}

/* "sha256//" and the base64 of the SHA-256 of the DER public key, as curl pins it. */
static inline char *
test_pin_of (const TestIdentity *id)
{
  g_autofree char *der_file = g_strconcat (id->key, ".pub.der", NULL);
  g_autofree char *der = NULL;
  g_autofree char *digest64 = NULL;
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GError) error = NULL;
  guint8 digest[32];
  gsize der_len = 0, digest_len = sizeof digest;

  test_openssl ("pkey", "-in", id->key, "-pubout", "-outform", "DER", "-out", der_file, NULL);
  g_file_get_contents (der_file, &der, &der_len, &error);
  g_assert_no_error (error);
  g_checksum_update (sum, (const guchar *) der, (gssize) der_len);
  g_checksum_get_digest (sum, digest, &digest_len);
  digest64 = g_base64_encode (digest, digest_len);
  return g_strconcat ("sha256//", digest64, NULL);
}

static inline void
test_identity_clear (TestIdentity *id)
{
  g_clear_pointer (&id->cert, g_free);
  g_clear_pointer (&id->key, g_free);
}
