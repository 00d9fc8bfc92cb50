/* fc-hazard-measures.h: the rectification plan of a hazard — the five must-haves (五落实) */
#pragma once

#include "fc-hazard-workflow.h"
#include "fc-op.h"
#include "fc-store.h"

G_BEGIN_DECLS

/* What the facility records of its rectification. A NULL member is left as it
 * is; an empty string clears it. */
typedef struct
{
  const char *responsible_party;   /* 责任主体 */
  const char *responsible_person;  /* 整改责任人 */
  const char *measures;            /* 整改措施 */
  const char *funds;               /* 整改资金, yuan, as a decimal number */
  const char *deadline;            /* 整改期限, YYYY-MM-DD; set by the bureau */
  const char *plan;                /* 预案 */
  const char *interim_controls;    /* 临时管控措施 */
} FcHazardMeasures;

const char *const *fc_hazard_measure_fields    (void);
gboolean           fc_hazard_measures_set      (FcHazardMeasures  *measures,
                                                const char        *field,
                                                const char        *value,
                                                GError           **error);
gboolean           fc_hazard_measures_check    (FcHazardStatus     status,
                                                const FcActor     *actor,
                                                gboolean           assigned,
                                                gboolean           sets_deadline,
                                                FcHazardRefusal   *refusal,
                                                GError           **error);
gboolean           fc_hazard_measures_check_op (FcStore           *store,
                                                const FcOp        *op,
                                                GError           **error);
gboolean           fc_hazards_record_measures  (FcStore           *store,
                                                const char        *hazard_id,
                                                const FcHazardMeasures *measures,
                                                GError           **error);

G_END_DECLS
