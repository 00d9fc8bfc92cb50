/* fc-hlc.c: hybrid logical clock
 *
 * The clock never goes backwards: a wall clock that jumps back only stops the
 * millisecond part, and the counter carries order until the wall catches up.
 * The caller persists `last` with every op it stamps, so the order also holds
 * across restarts.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-error.h"
#include "fc-hlc.h"

static gint64
system_wall_ms (gpointer user_data)
{
  return g_get_real_time () / 1000;
}

/**
 * fc_hlc_clock_init:
 * @clock: the clock to set up
 * @persisted: the last stamp this device issued or received, 0 when none
 * @wall: (nullable): the wall clock, or %NULL for the system clock
 * @wall_data: data for @wall
 */
void
fc_hlc_clock_init (FcHlcClock  *clock,
                   FcHlc        persisted,
                   FcWallClock  wall,
                   gpointer     wall_data)
{
  g_return_if_fail (clock != NULL);

  clock->last = persisted;
  clock->wall = wall != NULL ? wall : system_wall_ms;
  clock->wall_data = wall_data;
  clock->offset_ms = 0;
  clock->max_ahead_ms = FC_HLC_DEFAULT_MAX_AHEAD_MS;
}

gint64
fc_hlc_wall_ms (FcHlcClock *clock)
{
  gint64 ms = clock->wall (clock->wall_data) + clock->offset_ms;

  return CLAMP (ms, 0, (gint64) FC_HLC_MAX_MS);
}

static FcHlc
advance (FcHlc   last,
         guint64 ms)
{
  if (ms > FC_HLC_MS (last))
    return FC_HLC_MAKE (ms, 0);
  if (FC_HLC_COUNTER (last) == 0xffff)
    return FC_HLC_MAKE (FC_HLC_MS (last) + 1, 0);
  return last + 1;
}

/**
 * fc_hlc_now:
 * @clock: the clock
 *
 * Returns: a stamp greater than every stamp this clock issued or received
 */
FcHlc
fc_hlc_now (FcHlcClock *clock)
{
  g_return_val_if_fail (clock != NULL, 0);

  clock->last = advance (clock->last, (guint64) fc_hlc_wall_ms (clock));
  return clock->last;
}

/**
 * fc_hlc_receive:
 * @clock: the clock
 * @remote: a stamp from another device or the server
 * @error: set with %FC_ERROR_CLOCK_AHEAD when @remote is too far ahead
 *
 * Merges @remote so that later local stamps order after it.
 */
gboolean
fc_hlc_receive (FcHlcClock  *clock,
                FcHlc        remote,
                GError     **error)
{
  gint64 wall;
  FcHlc top;

  g_return_val_if_fail (clock != NULL, FALSE);

  wall = fc_hlc_wall_ms (clock);
  if ((gint64) FC_HLC_MS (remote) > wall + clock->max_ahead_ms)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_CLOCK_AHEAD,
                   _("A change is stamped %ld seconds in the future; "
                     "check the clock of the device that made it"),
                   (long) (((gint64) FC_HLC_MS (remote) - wall) / 1000));
      return FALSE;
    }

  top = MAX (clock->last, remote);
  clock->last = advance (top, (guint64) wall);
  return TRUE;
}

char *
fc_hlc_format (FcHlc hlc)
{
  return g_strdup_printf ("%" G_GUINT64_FORMAT ".%05u", FC_HLC_MS (hlc), FC_HLC_COUNTER (hlc));
}
