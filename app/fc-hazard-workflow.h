/* fc-hazard-workflow.h: the hazard state machine and its guards, as plain functions
 *
 * open → rectifying → awaiting acceptance → closed out;
 * awaiting acceptance → rectifying when acceptance fails;
 * closed out → reopened when a look-back finds the hazard again, then → rectifying.
 */
#pragma once

#include <glib.h>

#include "fc-types.h"

G_BEGIN_DECLS

typedef enum
{
  FC_HAZARD_ACTION_START_RECTIFICATION,
  FC_HAZARD_ACTION_SUBMIT_FOR_ACCEPTANCE,
  FC_HAZARD_ACTION_ACCEPT,
  FC_HAZARD_ACTION_REJECT,
  FC_HAZARD_ACTION_REOPEN,
  FC_N_HAZARD_ACTIONS
} FcHazardAction;

/* What the guards need to know of a hazard. */
typedef struct
{
  FcHazardStatus  status;
  FcHazardLevel   level;
  const char     *rectified_by;     /* who submitted it for acceptance */
  gboolean        supervised;       /* listed supervision with a leader and a lead department */
  guint           after_photos;     /* rectification evidence */
} FcHazardFacts;

typedef struct
{
  const char *person_id;
  FcRoles     roles;
} FcActor;

/* Guard failures, each with a sentence for the user. */
typedef enum
{
  FC_HAZARD_REFUSED_WRONG_STATE,
  FC_HAZARD_REFUSED_ROLE,
  FC_HAZARD_REFUSED_VERIFIER_IS_RECTIFIER,
  FC_HAZARD_REFUSED_NO_AFTER_PHOTOS,
  FC_HAZARD_REFUSED_NOT_SUPERVISED,
  FC_HAZARD_REFUSED_NO_REASON,
  FC_HAZARD_REFUSED_NO_ACTOR,
  /* A facility manager acting on a hazard of a facility they are not assigned to. */
  FC_HAZARD_REFUSED_NOT_ASSIGNED,
} FcHazardRefusal;

const char    *fc_hazard_action_to_string   (FcHazardAction        action);
gboolean       fc_hazard_action_from_string (const char           *str,
                                             FcHazardAction       *out);
const char    *fc_hazard_action_label       (FcHazardAction        action);
FcRoles        fc_hazard_action_roles       (FcHazardAction        action);
FcHazardStatus fc_hazard_action_target      (FcHazardAction        action);
gboolean       fc_hazard_check              (const FcHazardFacts  *facts,
                                             FcHazardAction        action,
                                             const FcActor        *actor,
                                             const char           *note,
                                             FcHazardRefusal      *refusal,
                                             GError              **error);
gboolean       fc_hazard_can_supervise      (FcHazardLevel         level,
                                             const FcActor        *actor,
                                             GError              **error);
GDate         *fc_hazard_default_deadline   (FcHazardLevel         level,
                                             const GDate          *found_on,
                                             guint                 general_days,
                                             guint                 major_days);
gboolean       fc_hazard_is_overdue         (FcHazardStatus        status,
                                             const char           *deadline,
                                             const GDate          *today);

G_END_DECLS
