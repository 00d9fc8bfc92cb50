/* test-backoff.c: exponential backoff with full jitter, as a pure function */

#include "config.h"

#include <math.h>

#include "fc-sync-backoff.h"

typedef struct
{
  guint  attempt;
  gint64 base_ms;
  gint64 cap_ms;
  gint64 ceiling;
} Ceiling;

static void
test_backoff_ceiling_doubles_until_the_cap (void)
{
  static const Ceiling cases[] = {
    { 0, 1000, 60000, 1000 },
    { 1, 1000, 60000, 2000 },
    { 5, 1000, 60000, 32000 },
    { 6, 1000, 60000, 60000 },
    { 200, 1000, 60000, 60000 },           /* no overflow, however many failures */
    { G_MAXUINT, 1000, 60000, 60000 },
    { 70, G_MAXINT64 / 4, G_MAXINT64, G_MAXINT64 },
    { 3, 0, 60000, 0 },
    { 3, 1000, 0, 0 },
    { 3, -5, 60000, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (fc_sync_backoff_ceiling (cases[i].attempt, cases[i].base_ms, cases[i].cap_ms),
                     ==, cases[i].ceiling);
}

static void
test_backoff_delay_stays_within_zero_and_the_ceiling (void)
{
  static const double draws[] = { 0.0, 1e-12, 0.25, 0.5, 0.999999, 1.0, 2.0, -1.0, NAN };

  for (guint attempt = 0; attempt < 40; attempt++)
    for (guint i = 0; i < G_N_ELEMENTS (draws); i++)
      {
        gint64 delay = fc_sync_backoff_delay (attempt, 500, 900000, draws[i]);

        g_assert_cmpint (delay, >=, 0);
        g_assert_cmpint (delay, <=, fc_sync_backoff_ceiling (attempt, 500, 900000));
      }
  g_assert_cmpint (fc_sync_backoff_delay (3, 1000, 60000, 0.0), ==, 0);
  g_assert_cmpint (fc_sync_backoff_delay (3, 1000, 60000, 0.5), ==, 4000);
}

/* Full jitter spreads devices over the whole window: the mean of many draws
 * is near half the ceiling, and early and late parts are both used. */
static void
test_backoff_delays_spread_over_the_whole_window (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (2026);
  double sum = 0;
  guint low = 0, high = 0;
  const guint n = 20000;

  for (guint i = 0; i < n; i++)
    {
      gint64 delay = fc_sync_backoff_delay (4, 1000, 60000, g_rand_double (rand));

      sum += (double) delay;
      low += delay < 1600;
      high += delay >= 14400;
    }
  g_assert_cmpfloat (sum / n, >, 7600);
  g_assert_cmpfloat (sum / n, <, 8400);
  g_assert_cmpuint (low, >, n / 20);
  g_assert_cmpuint (high, >, n / 20);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/backoff/ceiling-doubles-until-the-cap", test_backoff_ceiling_doubles_until_the_cap);
  g_test_add_func ("/backoff/delay-stays-within-zero-and-the-ceiling", test_backoff_delay_stays_within_zero_and_the_ceiling);
  g_test_add_func ("/backoff/delays-spread-over-the-whole-window", test_backoff_delays_spread_over_the_whole_window);
  return g_test_run ();
}
