/* fc-equipment-editor.h: add or edit one piece of a facility's equipment */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "fc-store-service.h"

G_BEGIN_DECLS

#define FC_TYPE_EQUIPMENT_EDITOR (fc_equipment_editor_get_type ())
G_DECLARE_FINAL_TYPE (FcEquipmentEditor, fc_equipment_editor, FC, EQUIPMENT_EDITOR, AdwWindow)

FcEquipmentEditor *fc_equipment_editor_new        (GtkWindow         *parent,
                                                   FcStoreService    *service,
                                                   const char        *facility_id,
                                                   const char        *facility_name,
                                                   JsonObject        *equipment,
                                                   const char        *tag_code);
const char        *fc_equipment_editor_get_equipment_id (FcEquipmentEditor *self);
GtkEditable       *fc_equipment_editor_get_field  (FcEquipmentEditor *self,
                                                   const char        *field);
gboolean           fc_equipment_editor_set_kind   (FcEquipmentEditor *self,
                                                   const char        *kind);
const char        *fc_equipment_editor_get_kind   (FcEquipmentEditor *self);
const char        *fc_equipment_editor_get_error  (FcEquipmentEditor *self);

G_END_DECLS
