/* fc-hlc.h: hybrid logical clock — 48-bit milliseconds and a 16-bit counter */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef guint64 FcHlc;

#define FC_HLC_MAX_MS       ((G_GUINT64_CONSTANT (1) << 48) - 1)
#define FC_HLC_MAKE(ms, c)  ((((guint64) (ms)) << 16) | ((guint64) (c) & 0xffff))
#define FC_HLC_MS(h)        ((guint64) (h) >> 16)
#define FC_HLC_COUNTER(h)   ((guint) ((h) & 0xffff))

/* Remote stamps more than this far ahead of the local wall clock are refused. */
#define FC_HLC_DEFAULT_MAX_AHEAD_MS (5 * 60 * 1000)

/* Milliseconds since the Unix epoch; tests substitute their own. */
typedef gint64 (*FcWallClock) (gpointer user_data);

typedef struct
{
  FcHlc       last;
  FcWallClock wall;
  gpointer    wall_data;
  /* Server time minus local time at the last sync; added to the wall clock. */
  gint64      offset_ms;
  gint64      max_ahead_ms;
} FcHlcClock;

void     fc_hlc_clock_init  (FcHlcClock  *clock,
                             FcHlc        persisted,
                             FcWallClock  wall,
                             gpointer     wall_data);
FcHlc    fc_hlc_now         (FcHlcClock  *clock);
gboolean fc_hlc_receive     (FcHlcClock  *clock,
                             FcHlc        remote,
                             GError     **error);
gint64   fc_hlc_wall_ms     (FcHlcClock  *clock);
char    *fc_hlc_format      (FcHlc        hlc);

G_END_DECLS
