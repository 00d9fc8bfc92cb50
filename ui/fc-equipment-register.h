/* fc-equipment-register.h: a facility's equipment register — list, add, edit, retire, labels */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "fc-store-service.h"

G_BEGIN_DECLS

#define FC_TYPE_EQUIPMENT_REGISTER (fc_equipment_register_get_type ())
G_DECLARE_FINAL_TYPE (FcEquipmentRegister, fc_equipment_register, FC, EQUIPMENT_REGISTER, GtkWidget)

void        fc_equipment_register_set_service      (FcEquipmentRegister *self,
                                                    FcStoreService      *service);
void        fc_equipment_register_show_facility    (FcEquipmentRegister *self,
                                                    const char          *facility_id,
                                                    const char          *facility_name);
void        fc_equipment_register_reload           (FcEquipmentRegister *self);
const char *fc_equipment_register_get_facility_id  (FcEquipmentRegister *self);
const char *fc_equipment_register_get_facility_name (FcEquipmentRegister *self);
void        fc_equipment_register_set_show_retired (FcEquipmentRegister *self,
                                                    gboolean             show_retired);
gboolean    fc_equipment_register_get_show_retired (FcEquipmentRegister *self);
guint       fc_equipment_register_get_n_shown      (FcEquipmentRegister *self);
guint       fc_equipment_register_get_n_expired    (FcEquipmentRegister *self);
JsonObject *fc_equipment_register_find             (FcEquipmentRegister *self,
                                                    const char          *equipment_id);
JsonObject *fc_equipment_register_get_row          (FcEquipmentRegister *self,
                                                    guint                index);

G_END_DECLS
