/* fc-photo-render.h: a photo with what is drawn on it, for reports (cairo, no GTK) */
#pragma once

#include <cairo.h>

#include "fc-photo-annotation.h"
#include "fc-store.h"

G_BEGIN_DECLS

void     fc_annotation_draw (cairo_t             *cr,
                             const FcAnnotation  *layer,
                             double               width,
                             double               height);
gboolean fc_photo_render    (cairo_t             *cr,
                             FcStore             *store,
                             const char          *photo_id,
                             double               width,
                             double               height,
                             GError             **error);

G_END_DECLS
