/* fc-sync-backoff.c: exponential backoff with full jitter
 *
 * Fifty tablets that come back online in one office at once must not retry in
 * step; "full jitter" (a uniform draw between zero and the exponential
 * ceiling) spreads them out best for the least total waiting.
 */

#include "config.h"

#include "fc-sync-backoff.h"

/**
 * fc_sync_backoff_ceiling:
 * @attempt: how many attempts have failed so far, from 0
 * @base_ms: the ceiling after the first failure
 * @cap_ms: the ceiling never grows past this
 *
 * Returns: min (@cap_ms, @base_ms × 2^@attempt), without overflow
 */
gint64
fc_sync_backoff_ceiling (guint   attempt,
                         gint64  base_ms,
                         gint64  cap_ms)
{
  gint64 ceiling = MAX (base_ms, 0);

  cap_ms = MAX (cap_ms, 0);
  for (guint i = 0; i < attempt && ceiling < cap_ms; i++)
    ceiling = ceiling > G_MAXINT64 / 2 ? G_MAXINT64 : ceiling * 2;
  return MIN (ceiling, cap_ms);
}

/**
 * fc_sync_backoff_delay:
 * @attempt: how many attempts have failed so far, from 0
 * @base_ms: the ceiling after the first failure
 * @cap_ms: the largest ceiling
 * @unit_random: a uniform draw from [0, 1)
 *
 * A pure function, so that the schedule can be tested; the caller draws the
 * random number.
 *
 * Returns: the delay in milliseconds, in [0, ceiling]
 */
gint64
fc_sync_backoff_delay (guint   attempt,
                       gint64  base_ms,
                       gint64  cap_ms,
                       double  unit_random)
{
  gint64 ceiling = fc_sync_backoff_ceiling (attempt, base_ms, cap_ms);
  gint64 delay;

  if (!(unit_random >= 0.0))   /* also NaN */
    unit_random = 0.0;
  delay = (gint64) (MIN (unit_random, 1.0) * (double) ceiling);
  return CLAMP (delay, 0, ceiling);
}
