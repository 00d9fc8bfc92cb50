/* fc-equipment.h: the equipment register of each facility, and what a scanned tag names */
#pragma once

#include <json-glib/json-glib.h>

#include "fc-store.h"
#include "fc-tag.h"

G_BEGIN_DECLS

typedef struct
{
  const char *facility_id;
  const char *kind;              /* a wire name: fc_equipment_kind_is_known() */
  const char *name;
  const char *location;          /* nullable */
  const char *tag_code;          /* nullable: no tag yet */
  const char *installed_on;      /* nullable, YYYY-MM-DD */
  const char *last_serviced_on;  /* nullable, YYYY-MM-DD */
  const char *expires_on;        /* nullable, YYYY-MM-DD */
} FcEquipmentRecord;

typedef enum
{
  /* A tag of this district on equipment of the current facility (or no facility is current). */
  FC_TAG_MATCH_EQUIPMENT,
  /* A tag of this district on equipment of another facility than the current one. */
  FC_TAG_MATCH_OTHER_FACILITY,
  /* A valid tag of another district. */
  FC_TAG_MATCH_OTHER_DISTRICT,
  /* A valid tag of this district that no equipment carries: offer to register it. */
  FC_TAG_MATCH_UNKNOWN,
} FcTagMatchKind;

typedef struct
{
  FcTagMatchKind  kind;
  FcTag           tag;
  /* For EQUIPMENT and OTHER_FACILITY: the row, with facility_name and retired. */
  JsonObject     *equipment;
} FcTagMatch;

const char *const *fc_equipment_kinds          (void);
gboolean    fc_equipment_kind_is_known         (const char          *kind);
const char *fc_equipment_kind_label            (const char          *kind);

char       *fc_equipment_get_district          (FcStore             *store,
                                                GError             **error);
gboolean    fc_equipment_set_district          (FcStore             *store,
                                                const char          *district,
                                                GError             **error);

char       *fc_equipment_add                   (FcStore             *store,
                                                const FcEquipmentRecord *record,
                                                GError             **error);
gboolean    fc_equipment_edit                  (FcStore             *store,
                                                const char          *equipment_id,
                                                const char *const   *changes,
                                                GError             **error);
gboolean    fc_equipment_retire                (FcStore             *store,
                                                const char          *equipment_id,
                                                GError             **error);
gboolean    fc_equipment_retire_because        (FcStore             *store,
                                                const char          *equipment_id,
                                                const char          *reason,
                                                GError             **error);
gboolean    fc_equipment_return_to_service     (FcStore             *store,
                                                const char          *equipment_id,
                                                GError             **error);
JsonArray  *fc_equipment_list                  (FcStore             *store,
                                                const char          *facility_id,
                                                gboolean             with_retired,
                                                GError             **error);
JsonObject *fc_equipment_get                   (FcStore             *store,
                                                const char          *equipment_id,
                                                GError             **error);
JsonObject *fc_equipment_find_by_tag           (FcStore             *store,
                                                const char          *tag_code,
                                                GError             **error);

JsonObject *fc_equipment_overview              (FcStore             *store,
                                                const char          *equipment_id,
                                                const char          *template_id,
                                                GError             **error);

void        fc_tag_match_clear                 (FcTagMatch          *match);
gboolean    fc_equipment_resolve_tag           (FcStore             *store,
                                                const char          *text,
                                                const char          *facility_id,
                                                FcTagMatch          *match,
                                                GError             **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FcTagMatch, fc_tag_match_clear)

G_END_DECLS
