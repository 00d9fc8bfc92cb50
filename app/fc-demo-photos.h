/* fc-demo-photos.h: small real photos for the demo district, drawn rather than shot */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define FC_DEMO_PHOTO_VARIANTS 6

GBytes *fc_demo_photo_jpeg (guint    variant,
                            GError **error);

G_END_DECLS
