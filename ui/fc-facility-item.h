/* fc-facility-item.h: one facility in a list, as the list shows it */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "fc-types.h"

G_BEGIN_DECLS

#define FC_TYPE_FACILITY_ITEM (fc_facility_item_get_type ())
G_DECLARE_FINAL_TYPE (FcFacilityItem, fc_facility_item, FC, FACILITY_ITEM, GObject)

typedef enum
{
  FC_FACILITY_BADGE_MAJOR,
  FC_FACILITY_BADGE_GENERAL,
  FC_FACILITY_BADGE_OVERDUE,
  FC_N_FACILITY_BADGES
} FcFacilityBadge;

FcFacilityItem *fc_facility_item_new_from_row       (JsonObject     *row);
const char     *fc_facility_item_get_id             (FcFacilityItem *self);
const char     *fc_facility_item_get_name           (FcFacilityItem *self);
const char     *fc_facility_item_get_subtitle       (FcFacilityItem *self);
char           *fc_facility_item_dup_badge          (FcFacilityItem *self,
                                                     FcFacilityBadge badge);
FcFacilityType  fc_facility_item_get_facility_type  (FcFacilityItem *self);
const char     *fc_facility_item_get_town           (FcFacilityItem *self);
gboolean        fc_facility_item_is_mine            (FcFacilityItem *self);
guint           fc_facility_item_get_open_hazards   (FcFacilityItem *self);
guint           fc_facility_item_get_overdue        (FcFacilityItem *self);

G_END_DECLS
