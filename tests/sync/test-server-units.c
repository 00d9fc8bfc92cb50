/* test-server-units.c: the server's parts that need no socket — the rate
 * limit, the audit chain, secrets and the gzip bound */

#include "config.h"

#include <math.h>

#include "fc-error.h"
#include "fc-sync-gzip.h"
#include "fcs-audit.h"
#include "fcs-ratelimit.h"
#include "fcs-secrets.h"
#include "../core/test-util.h"

static void
test_rate_limit_allows_the_burst_then_asks_to_wait (void)
{
  g_autoptr(FcsRateLimit) limit = fcs_rate_limit_new (2.0, 3.0);
  gint64 retry = 0;
  gint64 t = 1000000000;

  for (int i = 0; i < 3; i++)
    g_assert_true (fcs_rate_limit_take (limit, "tablet-1", t, &retry));
  g_assert_false (fcs_rate_limit_take (limit, "tablet-1", t, &retry));
  g_assert_cmpint (retry, ==, 1);
  /* Another device has its own bucket. */
  g_assert_true (fcs_rate_limit_take (limit, "tablet-2", t, &retry));
  /* Half a second later one request has refilled (2 per second). */
  g_assert_true (fcs_rate_limit_take (limit, "tablet-1", t + 500000, &retry));
  g_assert_false (fcs_rate_limit_take (limit, "tablet-1", t + 500000, &retry));
  /* A long quiet spell refills only up to the burst. */
  for (int i = 0; i < 3; i++)
    g_assert_true (fcs_rate_limit_take (limit, "tablet-1", t + 3600000000, &retry));
  g_assert_false (fcs_rate_limit_take (limit, "tablet-1", t + 3600000000, &retry));
}

static void
test_rate_limit_of_zero_never_limits (void)
{
  g_autoptr(FcsRateLimit) limit = fcs_rate_limit_new (0, 1);
  gint64 retry = 0;

  for (int i = 0; i < 1000; i++)
    g_assert_true (fcs_rate_limit_take (limit, "tablet", 0, &retry));
}

static void
test_audit_chain_detects_an_edit_around_sqlite (void)
{
  g_autofree char *path = test_scratch_path ("audit.db");
  g_autoptr(FcStore) store = fc_store_open (path, NULL);
  gint64 n = 0, broken = -1;

  g_assert_true (fcs_audit_create (store, NULL));
  for (int i = 0; i < 5; i++)
    {
      FcsAuditEntry entry = { .kind = "op", .actor = "push:d", .op_id = "o", .device_seq = i,
                              .outcome = i == 2 ? "rejected" : "applied", .code = NULL };

      g_assert_true (fcs_audit_append (store, &entry, NULL));
    }
  g_assert_true (fcs_audit_verify (store, &n, &broken, NULL));
  g_assert_cmpint (n, ==, 5);
  g_assert_cmpint (broken, ==, 0);

  /* The triggers refuse changes through SQL... */
  g_assert_false (fc_store_exec (store, "UPDATE fcs_audit SET outcome = 'applied' WHERE seq = 3", NULL));
  g_assert_false (fc_store_exec (store, "DELETE FROM fcs_audit WHERE seq = 3", NULL));
  /* ...and an edit made by dropping them breaks the chain at that entry. */
  g_assert_true (fc_store_exec (store, "DROP TRIGGER fcs_audit_no_update; "
                                       "UPDATE fcs_audit SET outcome = 'applied' WHERE seq = 3", NULL));
  g_assert_true (fcs_audit_verify (store, &n, &broken, NULL));
  g_assert_cmpint (broken, ==, 3);
}

static void
test_secrets_are_random_and_only_their_hashes_compare (void)
{
  g_autofree char *a = NULL, *b = NULL, *ha = NULL, *ha2 = NULL, *hb = NULL;

  g_assert_true (fcs_secrets_init (NULL));
  a = fcs_secret_new (32);
  b = fcs_secret_new (32);
  g_assert_cmpuint (strlen (a), ==, 64);
  g_assert_cmpstr (a, !=, b);
  ha = fcs_secret_hash (a);
  ha2 = fcs_secret_hash (a);
  hb = fcs_secret_hash (b);
  g_assert_true (fcs_secret_hash_equal (ha, ha2));
  g_assert_false (fcs_secret_hash_equal (ha, hb));
  g_assert_false (fcs_secret_hash_equal (ha, NULL));
  g_assert_false (fcs_secret_hash_equal (ha, "short"));
}

static void
test_password_verifier_is_argon2id_and_checks (void)
{
  g_autofree char *verifier = NULL;
  g_autofree char *too_short = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (fcs_secrets_init (NULL));
  verifier = fcs_password_hash ("安全巡检-2026", &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (verifier, "$argon2id$"));
  g_assert_true (fcs_password_verify (verifier, "安全巡检-2026"));
  g_assert_false (fcs_password_verify (verifier, "安全巡检-2025"));
  too_short = fcs_password_hash ("short", &error);
  g_assert_null (too_short);
  g_assert_nonnull (error);
}

static void
test_gzip_bomb_is_refused_at_the_bound (void)
{
  g_autofree char *zeros = g_malloc0 (4 * 1024 * 1024);
  g_autoptr(GBytes) plain = g_bytes_new_static (zeros, 4 * 1024 * 1024);
  g_autoptr(GBytes) packed = fc_sync_gzip_compress (plain);
  g_autoptr(GBytes) back = NULL;
  g_autoptr(GBytes) refused = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (g_bytes_get_size (packed), <, 64 * 1024);
  back = fc_sync_gzip_inflate (packed, 4 * 1024 * 1024, NULL);
  g_assert_true (g_bytes_equal (back, plain));
  refused = fc_sync_gzip_inflate (packed, 1024 * 1024, &error);
  g_assert_null (refused);
  g_assert_error (error, FC_ERROR, FC_ERROR_INVALID);
}

static void
test_gzip_cut_short_or_trailing_garbage_is_refused (void)
{
  g_autoptr(GBytes) plain = g_bytes_new_static ("{\"format\":1}", 12);
  g_autoptr(GBytes) packed = fc_sync_gzip_compress (plain);
  gsize len;
  const guint8 *data = g_bytes_get_data (packed, &len);
  g_autoptr(GByteArray) longer = g_byte_array_new ();

  for (gsize cut = 0; cut < len; cut++)
    {
      g_autoptr(GBytes) part = g_bytes_new_static (data, cut);
      g_autoptr(GBytes) out = fc_sync_gzip_inflate (part, 1024, NULL);

      g_assert_null (out);
    }
  g_byte_array_append (longer, data, (guint) len);
  g_byte_array_append (longer, (const guint8 *) "junk", 4);
  {
    g_autoptr(GBytes) with_junk = g_bytes_new (longer->data, longer->len);
    g_autoptr(GBytes) out = fc_sync_gzip_inflate (with_junk, 1024, NULL);

    g_assert_null (out);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/server/rate-limit-allows-the-burst-then-asks-to-wait", test_rate_limit_allows_the_burst_then_asks_to_wait);
  g_test_add_func ("/server/rate-limit-of-zero-never-limits", test_rate_limit_of_zero_never_limits);
  g_test_add_func ("/server/audit-chain-detects-an-edit-around-sqlite", test_audit_chain_detects_an_edit_around_sqlite);
  g_test_add_func ("/server/secrets-are-random-and-only-their-hashes-compare", test_secrets_are_random_and_only_their_hashes_compare);
  g_test_add_func ("/server/password-verifier-is-argon2id-and-checks", test_password_verifier_is_argon2id_and_checks);
  g_test_add_func ("/server/gzip-bomb-is-refused-at-the-bound", test_gzip_bomb_is_refused_at_the_bound);
  g_test_add_func ("/server/gzip-cut-short-or-trailing-garbage-is-refused", test_gzip_cut_short_or_trailing_garbage_is_refused);
  return g_test_run ();
}
