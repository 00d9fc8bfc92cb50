/* fc-hazard-workflow.c: the hazard state machine and its guards */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "fc-error.h"
#include "fc-hazard-workflow.h"

typedef struct
{
  const char     *wire;
  const char     *label;
  FcHazardStatus  from[2];
  guint           n_from;
  FcHazardStatus  to;
  FcRoles         roles;
} FcTransition;

static const FcTransition transitions[FC_N_HAZARD_ACTIONS] = {
  [FC_HAZARD_ACTION_START_RECTIFICATION] = {
    "start_rectification", N_("Start rectification"),
    { FC_HAZARD_OPEN, FC_HAZARD_REOPENED }, 2, FC_HAZARD_RECTIFYING,
    FC_ROLE_FACILITY_MANAGER | FC_ROLE_STAFF | FC_ROLE_ADMIN,
  },
  [FC_HAZARD_ACTION_SUBMIT_FOR_ACCEPTANCE] = {
    "submit_for_acceptance", N_("Submit for acceptance"),
    { FC_HAZARD_RECTIFYING }, 1, FC_HAZARD_AWAITING_ACCEPTANCE,
    FC_ROLE_FACILITY_MANAGER | FC_ROLE_STAFF | FC_ROLE_ADMIN,
  },
  [FC_HAZARD_ACTION_ACCEPT] = {
    "accept", N_("Accept and close out"),
    { FC_HAZARD_AWAITING_ACCEPTANCE }, 1, FC_HAZARD_CLOSED,
    FC_ROLE_VERIFIER | FC_ROLE_LEADER,
  },
  [FC_HAZARD_ACTION_REJECT] = {
    "reject", N_("Reject acceptance"),
    { FC_HAZARD_AWAITING_ACCEPTANCE }, 1, FC_HAZARD_RECTIFYING,
    FC_ROLE_VERIFIER | FC_ROLE_LEADER,
  },
  [FC_HAZARD_ACTION_REOPEN] = {
    "reopen", N_("Reopen after look-back"),
    { FC_HAZARD_CLOSED }, 1, FC_HAZARD_REOPENED,
    FC_ROLE_INSPECTOR | FC_ROLE_EXPERT | FC_ROLE_STAFF | FC_ROLE_VERIFIER | FC_ROLE_LEADER,
  },
};

const char *
fc_hazard_action_to_string (FcHazardAction action)
{
  g_return_val_if_fail (action < FC_N_HAZARD_ACTIONS, NULL);
  return transitions[action].wire;
}

gboolean
fc_hazard_action_from_string (const char     *str,
                              FcHazardAction *out)
{
  for (guint i = 0; i < FC_N_HAZARD_ACTIONS; i++)
    if (g_strcmp0 (transitions[i].wire, str) == 0)
      {
        if (out != NULL)
          *out = (FcHazardAction) i;
        return TRUE;
      }
  return FALSE;
}

const char *
fc_hazard_action_label (FcHazardAction action)
{
  g_return_val_if_fail (action < FC_N_HAZARD_ACTIONS, NULL);
  return g_dgettext (GETTEXT_PACKAGE, transitions[action].label);
}

FcRoles
fc_hazard_action_roles (FcHazardAction action)
{
  g_return_val_if_fail (action < FC_N_HAZARD_ACTIONS, 0);
  return transitions[action].roles;
}

FcHazardStatus
fc_hazard_action_target (FcHazardAction action)
{
  g_return_val_if_fail (action < FC_N_HAZARD_ACTIONS, FC_HAZARD_OPEN);
  return transitions[action].to;
}

static gboolean
starts_from (const FcTransition *t,
             FcHazardStatus      status)
{
  for (guint i = 0; i < t->n_from; i++)
    if (t->from[i] == status)
      return TRUE;
  return FALSE;
}

static gboolean
refuse (FcHazardRefusal  why,
        FcHazardRefusal *refusal,
        GError         **error,
        const char      *format,
        ...) G_GNUC_PRINTF (4, 5);

static gboolean
refuse (FcHazardRefusal  why,
        FcHazardRefusal *refusal,
        GError         **error,
        const char      *format,
        ...)
{
  va_list args;

  if (refusal != NULL)
    *refusal = why;
  if (error != NULL)
    {
      va_start (args, format);
      *error = g_error_new_valist (FC_ERROR, FC_ERROR_GUARD, format, args);
      va_end (args);
    }
  return FALSE;
}

/**
 * fc_hazard_check:
 * @facts: the hazard as this store holds it
 * @action: what the actor asks for
 * @actor: who asks, with their roles
 * @note: (nullable): the note or reason given with the action
 * @refusal: (out) (optional): which guard refused
 * @error: set with %FC_ERROR_GUARD and a sentence the user can act on
 *
 * Returns: %TRUE when @actor may take @action on the hazard now
 */
gboolean
fc_hazard_check (const FcHazardFacts  *facts,
                 FcHazardAction        action,
                 const FcActor        *actor,
                 const char           *note,
                 FcHazardRefusal      *refusal,
                 GError              **error)
{
  const FcTransition *t;

  g_return_val_if_fail (facts != NULL, FALSE);
  g_return_val_if_fail (action < FC_N_HAZARD_ACTIONS, FALSE);

  t = &transitions[action];

  if (actor == NULL || actor->person_id == NULL || *actor->person_id == '\0')
    return refuse (FC_HAZARD_REFUSED_NO_ACTOR, refusal, error,
                   _("Sign in first: every change to a hazard names who made it"));

  if (!starts_from (t, facts->status))
    return refuse (FC_HAZARD_REFUSED_WRONG_STATE, refusal, error,
                   _("Cannot “%s”: the hazard is now “%s”; someone may have moved it already"),
                   fc_hazard_action_label (action), fc_hazard_status_label (facts->status));

  if ((actor->roles & t->roles) == 0)
    return refuse (FC_HAZARD_REFUSED_ROLE, refusal, error,
                   _("Your role may not “%s” a hazard"), fc_hazard_action_label (action));

  switch (action)
    {
    case FC_HAZARD_ACTION_ACCEPT:
      if (facts->rectified_by != NULL && g_strcmp0 (facts->rectified_by, actor->person_id) == 0)
        return refuse (FC_HAZARD_REFUSED_VERIFIER_IS_RECTIFIER, refusal, error,
                       _("You rectified this hazard, so someone else must accept it"));
      if (facts->after_photos == 0)
        return refuse (FC_HAZARD_REFUSED_NO_AFTER_PHOTOS, refusal, error,
                       _("Acceptance needs at least one photo taken after rectification"));
      if (facts->level == FC_HAZARD_LEVEL_MAJOR && !facts->supervised)
        return refuse (FC_HAZARD_REFUSED_NOT_SUPERVISED, refusal, error,
                       _("A major hazard is closed out only under listed supervision, "
                         "with a supervising leader and a lead department"));
      break;

    case FC_HAZARD_ACTION_REJECT:
      if (facts->rectified_by != NULL && g_strcmp0 (facts->rectified_by, actor->person_id) == 0)
        return refuse (FC_HAZARD_REFUSED_VERIFIER_IS_RECTIFIER, refusal, error,
                       _("You rectified this hazard, so someone else must judge it"));
      if (note == NULL || *note == '\0')
        return refuse (FC_HAZARD_REFUSED_NO_REASON, refusal, error,
                       _("Say why the rectification is not accepted"));
      break;

    case FC_HAZARD_ACTION_REOPEN:
      if (note == NULL || *note == '\0')
        return refuse (FC_HAZARD_REFUSED_NO_REASON, refusal, error,
                       _("Say what the look-back found"));
      break;

    case FC_HAZARD_ACTION_START_RECTIFICATION:
    case FC_HAZARD_ACTION_SUBMIT_FOR_ACCEPTANCE:
    case FC_N_HAZARD_ACTIONS:
    default:
      break;
    }

  return TRUE;
}

/**
 * fc_hazard_can_supervise:
 * @level: the hazard's level
 * @actor: who lists it for supervision
 * @error: set with %FC_ERROR_GUARD when not allowed
 *
 * Listed supervision (挂牌督办) is for major hazards and is set by a leader.
 */
gboolean
fc_hazard_can_supervise (FcHazardLevel   level,
                         const FcActor  *actor,
                         GError        **error)
{
  if (actor == NULL || (actor->roles & (FC_ROLE_LEADER | FC_ROLE_ADMIN)) == 0)
    return refuse (FC_HAZARD_REFUSED_ROLE, NULL, error,
                   _("Only a bureau leader lists a hazard for supervision"));
  if (level != FC_HAZARD_LEVEL_MAJOR)
    return refuse (FC_HAZARD_REFUSED_WRONG_STATE, NULL, error,
                   _("Listed supervision is for major hazards"));
  return TRUE;
}

/**
 * fc_hazard_default_deadline:
 * @level: the hazard's level
 * @found_on: the day it was found
 * @general_days: days allowed for a general hazard
 * @major_days: days allowed for a major hazard
 *
 * Returns: (transfer full): the default rectification deadline
 */
GDate *
fc_hazard_default_deadline (FcHazardLevel  level,
                            const GDate   *found_on,
                            guint          general_days,
                            guint          major_days)
{
  GDate *deadline;

  g_return_val_if_fail (found_on != NULL && g_date_valid (found_on), NULL);

  deadline = g_date_copy (found_on);
  g_date_add_days (deadline, level == FC_HAZARD_LEVEL_MAJOR ? major_days : general_days);
  return deadline;
}

/**
 * fc_hazard_is_overdue:
 * @status: the hazard's status
 * @deadline: (nullable): its deadline as YYYY-MM-DD
 * @today: the day to judge on
 *
 * Returns: %TRUE when rectification is still unfinished after the deadline
 */
gboolean
fc_hazard_is_overdue (FcHazardStatus  status,
                      const char     *deadline,
                      const GDate    *today)
{
  g_autoptr(GDate) due = NULL;
  guint y, m, d;

  if (status == FC_HAZARD_CLOSED || status == FC_HAZARD_AWAITING_ACCEPTANCE || deadline == NULL)
    return FALSE;
  if (sscanf (deadline, "%4u-%2u-%2u", &y, &m, &d) != 3 ||
      !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return FALSE;
  due = g_date_new_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return g_date_compare (today, due) > 0;
}
