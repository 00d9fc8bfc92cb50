/* fc-window-photos.h: the window's photos — adding them to answers, opening the viewer */
#pragma once

#include "fc-window-private.h"

G_BEGIN_DECLS

void _fc_window_class_photo_actions_init (FcWindowClass *klass);
void _fc_window_photos_init              (FcWindow      *self);
void _fc_window_photos_attach_dialog     (FcWindow      *self);

G_END_DECLS
