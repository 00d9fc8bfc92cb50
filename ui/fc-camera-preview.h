/* fc-camera-preview.h: a camera shown live in a picture, for the pages that open one */
#pragma once

#include <gtk/gtk.h>

#include "fc-camera.h"

G_BEGIN_DECLS

FcCamera *fc_camera_preview_open    (void);
void      fc_camera_preview_show    (FcCamera    *camera,
                                     GtkPicture  *picture);
void      fc_camera_preview_release (FcCamera   **camera,
                                     gpointer     owner);

G_END_DECLS
