/* fcs-ratelimit.c: a token bucket per device
 *
 * Limits are per device credential, not per address: a whole office syncs
 * through one NAT address. The clock is passed in, so the limiter is a pure
 * function of its calls and can be tested without waiting.
 */

#include "config.h"

#include <math.h>

#include "fcs-ratelimit.h"

typedef struct
{
  double tokens;
  gint64 updated_us;
} Bucket;

struct _FcsRateLimit
{
  GMutex      lock;
  double      per_second;
  double      burst;
  GHashTable *buckets;   /* key -> Bucket */
};

/**
 * fcs_rate_limit_new:
 * @per_second: requests a device may make per second, sustained
 * @burst: requests a device may make at once after a quiet spell
 *
 * Returns: (transfer full): a limiter; a @per_second of 0 or less never limits
 */
FcsRateLimit *
fcs_rate_limit_new (double per_second,
                    double burst)
{
  FcsRateLimit *limit = g_new0 (FcsRateLimit, 1);

  g_mutex_init (&limit->lock);
  limit->per_second = per_second;
  limit->burst = MAX (burst, 1.0);
  limit->buckets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return limit;
}

void
fcs_rate_limit_free (FcsRateLimit *limit)
{
  if (limit == NULL)
    return;
  g_hash_table_unref (limit->buckets);
  g_mutex_clear (&limit->lock);
  g_free (limit);
}

/**
 * fcs_rate_limit_take:
 * @limit: the limiter
 * @key: the device
 * @now_us: the monotonic time
 * @retry_after_s: (out): when refused, whole seconds until a request would pass
 *
 * Returns: %TRUE when the request may go ahead
 */
gboolean
fcs_rate_limit_take (FcsRateLimit *limit,
                     const char   *key,
                     gint64        now_us,
                     gint64       *retry_after_s)
{
  Bucket *bucket;
  gboolean allowed;

  *retry_after_s = 0;
  if (limit->per_second <= 0)
    return TRUE;

  g_mutex_lock (&limit->lock);
  bucket = g_hash_table_lookup (limit->buckets, key);
  if (bucket == NULL)
    {
      bucket = g_new0 (Bucket, 1);
      bucket->tokens = limit->burst;
      bucket->updated_us = now_us;
      g_hash_table_insert (limit->buckets, g_strdup (key), bucket);
    }
  if (now_us > bucket->updated_us)
    {
      bucket->tokens = MIN (limit->burst, bucket->tokens +
                            (double) (now_us - bucket->updated_us) / 1e6 * limit->per_second);
      bucket->updated_us = now_us;
    }
  allowed = bucket->tokens >= 1.0;
  if (allowed)
    bucket->tokens -= 1.0;
  else
    *retry_after_s = MAX (1, (gint64) ceil ((1.0 - bucket->tokens) / limit->per_second));
  g_mutex_unlock (&limit->lock);
  return allowed;
}
