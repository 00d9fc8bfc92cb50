/* fc-types.h: the enumerations of the data model and their stable wire names.
 *
 * The wire names are what the store, the op-log, the checklist files and the
 * server use; they never change once shipped. Labels are for people.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  FC_FACILITY_ELDERLY_CARE,
  FC_FACILITY_CHILD_WELFARE,
  FC_FACILITY_MENTAL_HEALTH,
  FC_FACILITY_RESCUE_STATION,
  FC_FACILITY_OTHER,
  FC_N_FACILITY_TYPES
} FcFacilityType;

typedef enum
{
  FC_CATEGORY_FIRE_EXIT,
  FC_CATEGORY_GAS,
  FC_CATEGORY_ELECTRICAL,
  FC_CATEGORY_BUILDING,
  FC_CATEGORY_DRAINAGE,
  FC_CATEGORY_OTHER,
  FC_N_CATEGORIES
} FcCategory;

typedef enum
{
  FC_ROLE_INSPECTOR        = 1 << 0,
  FC_ROLE_EXPERT           = 1 << 1,
  FC_ROLE_STAFF            = 1 << 2,
  FC_ROLE_FACILITY_MANAGER = 1 << 3,
  FC_ROLE_VERIFIER         = 1 << 4,
  FC_ROLE_LEADER           = 1 << 5,
  FC_ROLE_ADMIN            = 1 << 6,
} FcRoles;
#define FC_N_ROLES 7

typedef enum
{
  FC_HAZARD_LEVEL_GENERAL,
  FC_HAZARD_LEVEL_MAJOR,
  FC_N_HAZARD_LEVELS
} FcHazardLevel;

typedef enum
{
  FC_HAZARD_OPEN,
  FC_HAZARD_RECTIFYING,
  FC_HAZARD_AWAITING_ACCEPTANCE,
  FC_HAZARD_CLOSED,
  FC_HAZARD_REOPENED,
  FC_N_HAZARD_STATUSES
} FcHazardStatus;

typedef enum
{
  FC_INSPECTION_ROUTINE,
  FC_INSPECTION_JOINT_DIAGNOSIS,
  FC_INSPECTION_LOOK_BACK,
  FC_INSPECTION_ACCEPTANCE,
  FC_N_INSPECTION_KINDS
} FcInspectionKind;

const char *fc_facility_type_to_string   (FcFacilityType    type);
gboolean    fc_facility_type_from_string (const char       *str,
                                          FcFacilityType   *out);
const char *fc_facility_type_label       (FcFacilityType    type);

const char *fc_category_to_string        (FcCategory        category);
gboolean    fc_category_from_string      (const char       *str,
                                          FcCategory       *out);
const char *fc_category_label            (FcCategory        category);

const char *fc_role_to_string            (FcRoles           role);
FcRoles     fc_roles_from_string         (const char       *comma_list,
                                          GError          **error);
char       *fc_roles_to_string           (FcRoles           roles);
const char *fc_role_label                (FcRoles           role);

const char *fc_hazard_level_to_string    (FcHazardLevel     level);
gboolean    fc_hazard_level_from_string  (const char       *str,
                                          FcHazardLevel    *out);
const char *fc_hazard_level_label        (FcHazardLevel     level);

const char *fc_hazard_status_to_string   (FcHazardStatus    status);
gboolean    fc_hazard_status_from_string (const char       *str,
                                          FcHazardStatus   *out);
const char *fc_hazard_status_label       (FcHazardStatus    status);

const char *fc_inspection_kind_to_string   (FcInspectionKind  kind);
gboolean    fc_inspection_kind_from_string (const char       *str,
                                            FcInspectionKind *out);
const char *fc_inspection_kind_label       (FcInspectionKind  kind);

G_END_DECLS
