/* fc-window-sign-in.h: who acts on the window's store, from the header */
#pragma once

#include "fc-window.h"

G_BEGIN_DECLS

void       _fc_window_class_sign_in_init (FcWindowClass *klass);
void       _fc_window_sign_in_init       (FcWindow      *self);
GtkWindow *fc_window_get_sign_in_dialog  (FcWindow      *self);
const char *fc_window_get_acting_name    (FcWindow      *self);

G_END_DECLS
