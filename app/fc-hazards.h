/* fc-hazards.h: hazards in the store — record, move through the state machine, supervise */
#pragma once

#include "fc-hazard-workflow.h"
#include "fc-op.h"
#include "fc-store.h"

G_BEGIN_DECLS

typedef struct
{
  const char    *id;              /* NULL for a fresh UUID */
  const char    *facility_id;
  const char    *source;          /* inspection, whistleblower, look_back */
  const char    *inspection_id;
  const char    *result_id;
  const char    *item_id;
  FcCategory     category;
  const char    *description;
  const char    *location;
  const char    *equipment_id;
  FcHazardLevel  level;
  const char    *level_reason;
  const char    *criterion;
  gboolean       expert_judgement;
  const char    *responsible_party;
  const char    *measures;
  const char    *deadline;        /* YYYY-MM-DD; NULL for the default by level */
  const char    *found_at;        /* NULL for now */
} FcHazardRecord;

char     *fc_hazards_record      (FcStore              *store,
                                  const FcHazardRecord *record,
                                  GError              **error);
gboolean  fc_hazards_transition  (FcStore              *store,
                                  const char           *hazard_id,
                                  FcHazardAction        action,
                                  const char           *note,
                                  const char           *evidence,
                                  GError              **error);
gboolean  fc_hazards_transition_at (FcStore            *store,
                                  const char           *hazard_id,
                                  FcHazardAction        action,
                                  const char           *note,
                                  const char           *evidence,
                                  const char           *at,
                                  GError              **error);
gboolean  fc_hazards_transition_full (FcStore          *store,
                                  const char           *hazard_id,
                                  FcHazardAction        action,
                                  const char           *note,
                                  const char           *evidence,
                                  const char           *verifier_org,
                                  const char           *at,
                                  GError              **error);
gboolean  fc_hazards_supervise   (FcStore              *store,
                                  const char           *hazard_id,
                                  const char           *at,
                                  const char           *leader_id,
                                  const char           *lead_department,
                                  GError              **error);
gboolean  fc_hazards_load_facts  (FcStore              *store,
                                  const char           *hazard_id,
                                  FcHazardFacts        *facts,
                                  char                **rectified_by,
                                  GError              **error);
gboolean  fc_hazards_load_actor  (FcStore              *store,
                                  const char           *person_id,
                                  FcActor              *actor,
                                  GError              **error);
gboolean  fc_hazards_check_op    (FcStore              *store,
                                  const FcOp           *op,
                                  gboolean              exists,
                                  GError              **error);
JsonObject *fc_hazards_event_effects (FcStore          *store,
                                  const FcOp           *event,
                                  GError              **error);
char     *fc_store_now_iso       (FcStore              *store);
char     *fc_store_today_iso     (FcStore              *store);

G_END_DECLS
