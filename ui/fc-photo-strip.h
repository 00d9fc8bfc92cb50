/* fc-photo-strip.h: the photos of an answer or a hazard, as a row of thumbnails */
#pragma once

#include <adwaita.h>

#include "fc-capture-window.h"
#include "fc-store-service.h"

G_BEGIN_DECLS

#define FC_TYPE_PHOTO_STRIP (fc_photo_strip_get_type ())
G_DECLARE_FINAL_TYPE (FcPhotoStrip, fc_photo_strip, FC, PHOTO_STRIP, GtkWidget)

void        fc_photo_strip_set_service  (FcPhotoStrip    *self,
                                         FcStoreService  *service);
void        fc_photo_strip_show_item    (FcPhotoStrip    *self,
                                         const char      *inspection_id,
                                         const char      *item_id);
void        fc_photo_strip_show_attached (FcPhotoStrip   *self,
                                         const char      *attached_kind,
                                         const char      *attached_id);
void        fc_photo_strip_show_rectification (FcPhotoStrip *self,
                                         const char      *hazard_id,
                                         const char      *side);
FcCaptureWindow *fc_photo_strip_capture (FcPhotoStrip    *self,
                                         const char      *attached_kind,
                                         const char      *attached_id,
                                         const char      *purpose);
void        fc_photo_strip_clear        (FcPhotoStrip    *self);
void        fc_photo_strip_reload       (FcPhotoStrip    *self);
void        fc_photo_strip_set_hint     (FcPhotoStrip    *self,
                                         const char      *hint);
void        fc_photo_strip_set_can_add  (FcPhotoStrip    *self,
                                         gboolean         can_add);
void        fc_photo_strip_set_show_add (FcPhotoStrip    *self,
                                         gboolean         show_add);
void        fc_photo_strip_set_title    (FcPhotoStrip    *self,
                                         const char      *title);
gboolean    fc_photo_strip_is_loading   (FcPhotoStrip    *self);
guint       fc_photo_strip_get_n_photos (FcPhotoStrip    *self);
const char *fc_photo_strip_get_photo_id (FcPhotoStrip    *self,
                                         guint            index);

G_END_DECLS
