/* fc-photo-viewer.h: one photo, full screen, zoomed and drawn on */
#pragma once

#include <adwaita.h>

#include "fc-annotation-editor.h"
#include "fc-store-service.h"

G_BEGIN_DECLS

#define FC_TYPE_PHOTO_VIEWER (fc_photo_viewer_get_type ())
G_DECLARE_FINAL_TYPE (FcPhotoViewer, fc_photo_viewer, FC, PHOTO_VIEWER, AdwWindow)

FcPhotoViewer      *fc_photo_viewer_new          (GtkWindow       *parent,
                                                  FcStoreService  *service,
                                                  const char      *photo_id);
const char         *fc_photo_viewer_get_photo_id (FcPhotoViewer   *self);
gboolean            fc_photo_viewer_is_loading   (FcPhotoViewer   *self);
FcAnnotationEditor *fc_photo_viewer_get_editor   (FcPhotoViewer   *self);
void                fc_photo_viewer_set_drawing  (FcPhotoViewer   *self,
                                                  gboolean         drawing);

G_END_DECLS
