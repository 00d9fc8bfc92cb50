/* fc-ids.c: row ids derived from names */

#include "config.h"

#include "fc-ids.h"

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
