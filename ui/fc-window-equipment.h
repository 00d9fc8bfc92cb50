/* fc-window-equipment.h: the window's equipment register, its editor and its label sheets */
#pragma once

#include "fc-window.h"

G_BEGIN_DECLS

void     _fc_window_class_equipment_init   (FcWindowClass *klass);
gboolean _fc_window_equipment_update_title (FcWindow      *self,
                                            const char    *page);
void     _fc_window_equipment_register_tag (FcWindow      *self,
                                            const char    *facility_id,
                                            const char    *facility_name,
                                            const char    *code,
                                            const char    *raw);

G_END_DECLS
