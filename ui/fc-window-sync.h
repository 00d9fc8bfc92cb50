/* fc-window-sync.h: the window's sync page, its header indicator and win.sync */
#pragma once

#include "fc-window.h"

G_BEGIN_DECLS

void     _fc_window_class_sync_init   (FcWindowClass *klass);
void     _fc_window_sync_init         (FcWindow      *self);
void     _fc_window_sync_start_later  (FcWindow      *self);
void     _fc_window_sync_dispose      (FcWindow      *self);
gboolean _fc_window_sync_take_scan    (FcWindow      *self,
                                       const char    *text);
gboolean _fc_window_sync_update_title (FcWindow      *self,
                                       const char    *page);

G_END_DECLS
