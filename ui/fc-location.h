/* fc-location.h: the device's position from the desktop's location portal */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A fix older than this is not the place a photo was taken. */
#define FC_LOCATION_MAX_AGE (2 * G_TIME_SPAN_MINUTE)

typedef enum
{
  FC_LOCATION_OFF,          /* not asked */
  FC_LOCATION_WAITING,      /* asked, no fix yet */
  FC_LOCATION_FIXED,        /* a fix is known */
  FC_LOCATION_UNAVAILABLE,  /* no portal, refused, or the session ended */
} FcLocationState;

typedef struct
{
  double latitude;
  double longitude;
  double accuracy;   /* metres; negative when the portal did not say */
  gint64 timestamp;  /* microseconds since the epoch */
} FcLocationFix;

#define FC_TYPE_LOCATION (fc_location_get_type ())
G_DECLARE_FINAL_TYPE (FcLocation, fc_location, FC, LOCATION, GObject)

FcLocation      *fc_location_new       (void);
void             fc_location_start     (FcLocation     *self);
void             fc_location_stop      (FcLocation     *self);
FcLocationState  fc_location_get_state (FcLocation     *self);
gboolean         fc_location_get_fix   (FcLocation     *self,
                                        GTimeSpan       max_age,
                                        FcLocationFix  *fix);

G_END_DECLS
