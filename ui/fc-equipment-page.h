/* fc-equipment-page.h: what a scanned tag names — the equipment, or why there is none */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "fc-walk.h"

G_BEGIN_DECLS

#define FC_TYPE_EQUIPMENT_PAGE (fc_equipment_page_get_type ())
G_DECLARE_FINAL_TYPE (FcEquipmentPage, fc_equipment_page, FC, EQUIPMENT_PAGE, GtkWidget)

void        fc_equipment_page_set_outcome (FcEquipmentPage *self,
                                           JsonObject      *outcome,
                                           FcWalk          *walk);
const char *fc_equipment_page_get_title   (FcEquipmentPage *self);
const char *fc_equipment_page_get_outcome (FcEquipmentPage *self);
const char *fc_equipment_page_get_message (FcEquipmentPage *self);
const char *fc_equipment_page_get_dates   (FcEquipmentPage *self);

G_END_DECLS
