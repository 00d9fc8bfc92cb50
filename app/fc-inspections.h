/* fc-inspections.h: start an inspection, answer its items, record hazards from
 * failures, finish and sign it off, and remember where the walk stood */
#pragma once

#include <json-glib/json-glib.h>

#include "fc-store.h"
#include "fc-types.h"
#include "fc-walk.h"

G_BEGIN_DECLS

typedef struct
{
  const char *person_id;
  const char *role;            /* expert, staff, inspector */
  const char *expert_domain;   /* fire, housing, market_regulation; NULL unless an expert */
} FcInspectionMember;

typedef struct
{
  const char               *facility_id;
  const char               *template_id;
  FcInspectionKind          kind;
  const FcInspectionMember *members;
  guint                     n_members;
  /* Who walks each category; NULL leaves it to the whole team. */
  const char               *section_owners[FC_N_CATEGORIES];
  const char               *started_at;   /* NULL for now */
} FcInspectionStart;

typedef struct
{
  const char *inspection_id;
  const char *item_id;
  /* pass, fail or na; the text of a text item; the code of a choice; for a
   * number item, na or NULL with the reading in @number */
  const char *answer;
  gboolean    has_number;
  double      number;
  const char *note;
  const char *equipment_id;
} FcAnswer;

typedef struct
{
  const char    *inspection_id;
  const char    *item_id;
  const char    *description;        /* NULL for the item's content */
  const char    *location;
  const char    *equipment_id;
  FcHazardLevel  level;
  const char    *level_reason;       /* required when @level is not the suggested one */
  gboolean       expert_judgement;
  const char    *responsible_party;
  const char    *measures;
  const char    *deadline;           /* YYYY-MM-DD; NULL for the default by level */
} FcFindingHazard;

typedef enum
{
  FC_SIGNER_TEAM_MEMBER,
  FC_SIGNER_FACILITY_REPRESENTATIVE,
} FcSignerRole;

typedef struct
{
  const char   *inspection_id;
  const char   *person_id;           /* NULL for a facility representative */
  const char   *signer_name;
  FcSignerRole  signer_role;
  GBytes       *signature_png;       /* the drawn signature */
} FcSignoff;

JsonArray  *fc_inspection_templates_for  (FcStore                 *store,
                                          const char              *facility_id,
                                          GError                 **error);
JsonArray  *fc_inspection_roster         (FcStore                 *store,
                                          GError                 **error);
char       *fc_inspection_open_for       (FcStore                 *store,
                                          const char              *facility_id,
                                          GError                 **error);
char       *fc_inspection_start          (FcStore                 *store,
                                          const FcInspectionStart *start,
                                          GError                 **error);
char       *fc_inspection_answer         (FcStore                 *store,
                                          const FcAnswer          *answer,
                                          GError                 **error);
gboolean    fc_inspection_check_answer   (const FcWalkItem        *item,
                                          const FcAnswer          *answer,
                                          char                   **verdict,
                                          GError                 **error);
FcHazardLevel fc_inspection_suggested_level (const FcWalkItem     *item);
char       *fc_inspection_record_hazard  (FcStore                 *store,
                                          const FcFindingHazard   *finding,
                                          GError                 **error);
gboolean    fc_inspection_finish         (FcStore                 *store,
                                          const char              *inspection_id,
                                          GError                 **error);
JsonObject *fc_inspection_summary        (FcStore                 *store,
                                          const char              *inspection_id,
                                          GError                 **error);
char       *fc_inspection_sign           (FcStore                 *store,
                                          const FcSignoff         *signoff,
                                          GError                 **error);
gboolean    fc_inspection_set_resume     (FcStore                 *store,
                                          const char              *inspection_id,
                                          const char              *item_id,
                                          GError                 **error);
gboolean    fc_inspection_get_resume     (FcStore                 *store,
                                          char                   **inspection_id,
                                          char                   **item_id);

const char *fc_signer_role_to_string     (FcSignerRole             role);

G_END_DECLS
