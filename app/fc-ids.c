/* fc-ids.c: row ids derived from names */

#include "config.h"

#include "fc-ids.h"

/**
 * fc_id_new:
 *
 * A time-ordered UUID (version 7: 48 bits of Unix milliseconds, then random
 * bits). New rows and ops land at the end of their B-tree indexes instead of
 * on a random page, which keeps every durable write to a few pages.
 *
 * Returns: (transfer full): a new id
 */
char *
fc_id_new (void)
{
  guint64 ms = (guint64) (g_get_real_time () / 1000);
  guint32 r1 = g_random_int (), r2 = g_random_int (), r3 = g_random_int ();

  return g_strdup_printf ("%08x-%04x-7%03x-%04x-%04x%08x",
                          (guint32) (ms >> 16), (guint32) (ms & 0xffff),
                          r1 & 0xfff, 0x8000 | ((r1 >> 12) & 0x3fff),
                          r2 & 0xffff, r3);
}

/**
 * fc_id_derive:
 * @name: a name unique to the row, e.g. "fieldcheck:template:general:2026.1"
 *
 * Returns: (transfer full): a UUID-shaped id (version 8) that is the same for
 *   the same name on every device
 */
char *
fc_id_derive (const char *name)
{
  g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, name, -1);

  return g_strdup_printf ("%.8s-%.4s-8%.3s-a%.3s-%.12s", sha, sha + 8, sha + 12, sha + 15, sha + 18);
}
