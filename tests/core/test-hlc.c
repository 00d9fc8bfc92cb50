/* test-hlc.c: the hybrid logical clock */

#include "config.h"

#include "fc-error.h"
#include "fc-hlc.h"

static gint64
fake_wall (gpointer user_data)
{
  return *(gint64 *) user_data;
}

static void
test_hlc_monotonic_while_wall_stands_still (void)
{
  gint64 wall = 1700000000000;
  FcHlcClock clock;
  FcHlc previous = 0;

  fc_hlc_clock_init (&clock, 0, fake_wall, &wall);
  for (int i = 0; i < 1000; i++)
    {
      FcHlc now = fc_hlc_now (&clock);

      g_assert_cmpuint (now, >, previous);
      g_assert_cmpuint (FC_HLC_MS (now), ==, (guint64) wall);
      previous = now;
    }
  g_assert_cmpuint (FC_HLC_COUNTER (previous), ==, 999);
}

static void
test_hlc_wall_clock_jumping_back_never_goes_back (void)
{
  gint64 wall = 1700000000000;
  FcHlcClock clock;
  FcHlc before, after;

  fc_hlc_clock_init (&clock, 0, fake_wall, &wall);
  before = fc_hlc_now (&clock);
  wall -= 3600 * 1000;
  after = fc_hlc_now (&clock);
  g_assert_cmpuint (after, >, before);
  g_assert_cmpuint (FC_HLC_MS (after), ==, FC_HLC_MS (before));

  wall += 2 * 3600 * 1000;
  g_assert_cmpuint (FC_HLC_MS (fc_hlc_now (&clock)), ==, (guint64) wall);
}

static void
test_hlc_monotonic_across_restarts (void)
{
  gint64 wall = 1700000000000;
  FcHlcClock first, second;
  FcHlc persisted;

  fc_hlc_clock_init (&first, 0, fake_wall, &wall);
  fc_hlc_now (&first);
  persisted = fc_hlc_now (&first);

  /* The device restarts with its clock set back a day. */
  wall -= 24 * 3600 * 1000;
  fc_hlc_clock_init (&second, persisted, fake_wall, &wall);
  g_assert_cmpuint (fc_hlc_now (&second), >, persisted);
}

static void
test_hlc_counter_overflow_carries_into_milliseconds (void)
{
  gint64 wall = 1700000000000;
  FcHlcClock clock;
  FcHlc h;

  fc_hlc_clock_init (&clock, FC_HLC_MAKE (wall, 0xfffe), fake_wall, &wall);
  h = fc_hlc_now (&clock);
  g_assert_cmpuint (FC_HLC_COUNTER (h), ==, 0xffff);
  h = fc_hlc_now (&clock);
  g_assert_cmpuint (FC_HLC_MS (h), ==, (guint64) wall + 1);
  g_assert_cmpuint (FC_HLC_COUNTER (h), ==, 0);
}

static void
test_hlc_receive_orders_after_remote (void)
{
  gint64 wall = 1700000000000;
  FcHlcClock clock;
  FcHlc remote = FC_HLC_MAKE (wall + 1000, 7);
  g_autoptr(GError) error = NULL;

  fc_hlc_clock_init (&clock, 0, fake_wall, &wall);
  g_assert_true (fc_hlc_receive (&clock, remote, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (clock.last, >, remote);
  g_assert_cmpuint (fc_hlc_now (&clock), >, remote);
}

static void
test_hlc_receive_older_stamp_keeps_local_order (void)
{
  gint64 wall = 1700000000000;
  FcHlcClock clock;
  FcHlc local;

  fc_hlc_clock_init (&clock, 0, fake_wall, &wall);
  local = fc_hlc_now (&clock);
  g_assert_true (fc_hlc_receive (&clock, FC_HLC_MAKE (wall - 50000, 3), NULL));
  g_assert_cmpuint (clock.last, >, local);
}

static void
test_hlc_remote_too_far_ahead_is_refused (void)
{
  gint64 wall = 1700000000000;
  FcHlcClock clock;
  FcHlc before;
  g_autoptr(GError) error = NULL;

  fc_hlc_clock_init (&clock, 0, fake_wall, &wall);
  before = fc_hlc_now (&clock);
  g_assert_false (fc_hlc_receive (&clock, FC_HLC_MAKE (wall + clock.max_ahead_ms + 1, 0), &error));
  g_assert_error (error, FC_ERROR, FC_ERROR_CLOCK_AHEAD);
  g_assert_cmpuint (clock.last, ==, before);

  /* Just inside the window is accepted. */
  g_assert_true (fc_hlc_receive (&clock, FC_HLC_MAKE (wall + clock.max_ahead_ms, 0), NULL));
}

static void
test_hlc_server_offset_moves_the_wall (void)
{
  gint64 wall = 1700000000000;
  FcHlcClock clock;

  fc_hlc_clock_init (&clock, 0, fake_wall, &wall);
  clock.offset_ms = 90 * 1000;
  g_assert_cmpuint (FC_HLC_MS (fc_hlc_now (&clock)), ==, (guint64) wall + 90 * 1000);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/hlc/monotonic-while-wall-stands-still", test_hlc_monotonic_while_wall_stands_still);
  g_test_add_func ("/hlc/wall-clock-jumping-back-never-goes-back", test_hlc_wall_clock_jumping_back_never_goes_back);
  g_test_add_func ("/hlc/monotonic-across-restarts", test_hlc_monotonic_across_restarts);
  g_test_add_func ("/hlc/counter-overflow-carries", test_hlc_counter_overflow_carries_into_milliseconds);
  g_test_add_func ("/hlc/receive-orders-after-remote", test_hlc_receive_orders_after_remote);
  g_test_add_func ("/hlc/receive-older-stamp-keeps-local-order", test_hlc_receive_older_stamp_keeps_local_order);
  g_test_add_func ("/hlc/remote-too-far-ahead-is-refused", test_hlc_remote_too_far_ahead_is_refused);
  g_test_add_func ("/hlc/server-offset-moves-the-wall", test_hlc_server_offset_moves_the_wall);
  return g_test_run ();
}
