/* fc-window-ledger.h: the window's ledger and hazard pages, and the actions that reach them */
#pragma once

#include "fc-window.h"

G_BEGIN_DECLS

void     _fc_window_class_ledger_init   (FcWindowClass *klass);
gboolean _fc_window_ledger_update_title (FcWindow      *self,
                                         const char    *page);

G_END_DECLS
