/* fc-camera-private.h: what tests and benchmarks reach inside an FcCamera */
#pragma once

#include <gst/gst.h>

#include "fc-camera.h"

G_BEGIN_DECLS

GstElement *_fc_camera_get_element      (FcCamera   *self,
                                         const char *name);
void        _fc_camera_set_decode_delay (FcCamera   *self,
                                         guint       delay_ms);

G_END_DECLS
