/* fc-hazard-measures.c: the rectification plan of a hazard — the five must-haves (五落实)
 *
 * Responsibility, measures, funds, deadline and plan (plus the interim
 * controls until the work is done) are ordinary fields of the hazard, changed
 * by update ops that merge field by field. Who may change them is checked
 * whenever such an op is merged, here or on the server: the facility records
 * its own plan, the bureau sets the deadline, and a closed-out hazard's record
 * is history.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "fc-error.h"
#include "fc-hazard-measures.h"
#include "fc-hazards.h"
#include "fc-store-write.h"

typedef struct
{
  const char *field;
  gsize       offset;
} MeasureField;

static const MeasureField measure_fields[] = {
  { "responsible_party", G_STRUCT_OFFSET (FcHazardMeasures, responsible_party) },
  { "responsible_person", G_STRUCT_OFFSET (FcHazardMeasures, responsible_person) },
  { "measures", G_STRUCT_OFFSET (FcHazardMeasures, measures) },
  { "funds", G_STRUCT_OFFSET (FcHazardMeasures, funds) },
  { "deadline", G_STRUCT_OFFSET (FcHazardMeasures, deadline) },
  { "plan", G_STRUCT_OFFSET (FcHazardMeasures, plan) },
  { "interim_controls", G_STRUCT_OFFSET (FcHazardMeasures, interim_controls) },
};

/**
 * fc_hazard_measure_fields:
 *
 * Returns: (transfer none) (array zero-terminated=1): the hazard fields that
 *   make up the rectification plan
 */
const char *const *
fc_hazard_measure_fields (void)
{
  static const char *names[G_N_ELEMENTS (measure_fields) + 1];

  if (names[0] == NULL)
    for (guint i = 0; i < G_N_ELEMENTS (measure_fields); i++)
      names[i] = measure_fields[i].field;
  return names;
}

static const char **
member (FcHazardMeasures *measures,
        guint             i)
{
  return G_STRUCT_MEMBER_P (measures, measure_fields[i].offset);
}

/**
 * fc_hazard_measures_set:
 * @measures: the plan being filled in
 * @field: a name from fc_hazard_measure_fields()
 * @value: the new value; an empty string clears the field. @measures points
 *   to it, so it must outlive @measures
 * @error: set with %FC_ERROR_INVALID for a field that is not part of the plan
 *
 * Sets one member by its field name, as a command line or a form names it.
 */
gboolean
fc_hazard_measures_set (FcHazardMeasures  *measures,
                        const char        *field,
                        const char        *value,
                        GError           **error)
{
  g_return_val_if_fail (measures != NULL && field != NULL && value != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (measure_fields); i++)
    if (g_str_equal (measure_fields[i].field, field))
      {
        *member (measures, i) = value;
        return TRUE;
      }
  g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
               _("“%s” is not part of a rectification plan; use one of responsible_party, "
                 "responsible_person, measures, funds, deadline, plan, interim_controls"), field);
  return FALSE;
}

static gboolean
refuse (FcHazardRefusal  why,
        FcHazardRefusal *refusal,
        GError         **error,
        const char      *message)
{
  if (refusal != NULL)
    *refusal = why;
  g_set_error_literal (error, FC_ERROR, FC_ERROR_GUARD, message);
  return FALSE;
}

/**
 * fc_hazard_measures_check:
 * @status: the hazard's status in this store
 * @actor: who records the plan
 * @assigned: whether @actor is assigned to the hazard's facility
 * @sets_deadline: whether the change moves the deadline
 * @refusal: (out) (optional): which guard refused
 * @error: set with %FC_ERROR_GUARD and a sentence the user can act on
 *
 * The facility's manager (of that facility) and bureau staff record the plan;
 * only the bureau — staff, leaders, administrators — sets the deadline, since
 * it is the one the rectification notice gave; a closed-out hazard's plan is
 * part of its history and no longer changes.
 *
 * Returns: %TRUE when @actor may record the change now
 */
gboolean
fc_hazard_measures_check (FcHazardStatus    status,
                          const FcActor    *actor,
                          gboolean          assigned,
                          gboolean          sets_deadline,
                          FcHazardRefusal  *refusal,
                          GError          **error)
{
  const FcRoles bureau = FC_ROLE_STAFF | FC_ROLE_LEADER | FC_ROLE_ADMIN;

  if (actor == NULL || actor->person_id == NULL || *actor->person_id == '\0')
    return refuse (FC_HAZARD_REFUSED_NO_ACTOR, refusal, error,
                   _("Sign in first: every change to a hazard names who made it"));
  if (status == FC_HAZARD_CLOSED)
    return refuse (FC_HAZARD_REFUSED_WRONG_STATE, refusal, error,
                   _("This hazard is closed out and its rectification record no longer "
                     "changes; if a look-back finds it again, reopen it first"));
  if (sets_deadline && (actor->roles & bureau) == 0)
    return refuse (FC_HAZARD_REFUSED_ROLE, refusal, error,
                   _("Only the bureau sets a rectification deadline; ask the bureau staff "
                     "to change it"));
  if ((actor->roles & bureau) != 0)
    return TRUE;
  if ((actor->roles & FC_ROLE_FACILITY_MANAGER) == 0)
    return refuse (FC_HAZARD_REFUSED_ROLE, refusal, error,
                   _("Your role may not record rectification measures; the facility "
                     "manager or the bureau staff record them"));
  if (!assigned)
    return refuse (FC_HAZARD_REFUSED_NOT_ASSIGNED, refusal, error,
                   _("This hazard belongs to a facility you are not assigned to"));
  return TRUE;
}

static gboolean
is_measure_field (const char *field)
{
  for (guint i = 0; i < G_N_ELEMENTS (measure_fields); i++)
    if (g_str_equal (measure_fields[i].field, field))
      return TRUE;
  return FALSE;
}

static gboolean
valid_date (const char *text)
{
  guint y, m, d;
  char tail;

  return sscanf (text, "%4u-%2u-%2u%c", &y, &m, &d, &tail) == 3 && strlen (text) == 10 &&
         g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
}

/* Values arrive from other devices too: the checks hold for every op. */
static gboolean
check_values (const FcOp  *op,
              GError     **error)
{
  JsonNode *funds = json_object_get_member (op->fields, "funds");
  const char *deadline = fc_op_get_string (op, "deadline");

  if (funds != NULL && !JSON_NODE_HOLDS_NULL (funds))
    {
      GType type = JSON_NODE_HOLDS_VALUE (funds) ? json_node_get_value_type (funds) : G_TYPE_INVALID;
      double yuan = type == G_TYPE_DOUBLE ? json_node_get_double (funds) :
                    type == G_TYPE_INT64 ? (double) json_node_get_int (funds) : -1;

      if (yuan < 0)
        {
          g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                       _("Rectification funds are an amount in yuan, zero or more"));
          return FALSE;
        }
    }
  if (fc_op_has_field (op, "deadline") && (deadline == NULL || !valid_date (deadline)))
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                   _("A rectification deadline is a day written YYYY-MM-DD"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
is_assigned (FcStore     *store,
             const char  *hazard_id,
             const char  *person_id,
             gboolean    *assigned,
             GError     **error)
{
  g_autoptr(FcCachedStmt) stmt = NULL;

  *assigned = FALSE;
  if (person_id == NULL)
    return TRUE;
  stmt = fc_store_cached (store, "SELECT 1 FROM hazard h JOIN assignment a "
                                 "ON a.facility_id = h.facility_id AND a.retired = 0 "
                                 "WHERE h.id = ? AND a.person_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, hazard_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, person_id, -1, SQLITE_STATIC);
  *assigned = sqlite3_step (stmt) == SQLITE_ROW;
  return TRUE;
}

/**
 * fc_hazard_measures_check_op:
 * @store: the store the op is merged into
 * @op: an update op on an existing hazard
 * @error: set with %FC_ERROR_GUARD or %FC_ERROR_INVALID
 *
 * Runs fc_hazard_measures_check() on this store's own state of the hazard
 * for an op that changes its rectification plan; other ops pass.
 */
gboolean
fc_hazard_measures_check_op (FcStore     *store,
                             const FcOp  *op,
                             GError     **error)
{
  g_autoptr(GList) members = json_object_get_members (op->fields);
  g_autofree char *rectified_by = NULL;
  gboolean touches_plan = FALSE;
  gboolean assigned;
  FcHazardFacts facts;
  FcActor actor;

  for (GList *l = members; l != NULL && !touches_plan; l = l->next)
    touches_plan = is_measure_field (l->data);
  if (!touches_plan)
    return TRUE;

  return check_values (op, error) &&
         fc_hazards_load_facts (store, op->row_id, &facts, &rectified_by, error) &&
         fc_hazards_load_actor (store, op->user_id, &actor, error) &&
         is_assigned (store, op->row_id, op->user_id, &assigned, error) &&
         fc_hazard_measures_check (facts.status, &actor, assigned,
                                   fc_op_has_field (op, "deadline"), NULL, error);
}

/**
 * fc_hazards_record_measures:
 * @store: the store; its current user acts
 * @hazard_id: the hazard
 * @measures: the members to change
 * @error: set with %FC_ERROR_GUARD when the user may not, %FC_ERROR_INVALID
 *   for a value that is not one
 *
 * Records the rectification plan as one update op of the hazard.
 */
gboolean
fc_hazards_record_measures (FcStore                *store,
                            const char             *hazard_id,
                            const FcHazardMeasures *measures,
                            GError                **error)
{
  g_autoptr(FcOp) op = NULL;
  guint n = 0;

  g_return_val_if_fail (FC_IS_STORE (store), FALSE);
  g_return_val_if_fail (hazard_id != NULL && measures != NULL, FALSE);

  op = fc_op_new_update ("hazard", hazard_id);
  for (guint i = 0; i < G_N_ELEMENTS (measure_fields); i++)
    {
      const char *value = *member ((FcHazardMeasures *) measures, i);
      const char *field = measure_fields[i].field;

      if (value == NULL)
        continue;
      n++;
      if (*value == '\0')
        fc_op_set_null (op, field);
      else if (g_str_equal (field, "funds"))
        {
          char *end = NULL;
          double yuan = g_ascii_strtod (value, &end);

          if (end == value || *end != '\0' || !(yuan >= 0) || yuan > 1e12)
            {
              g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                           _("“%s” is not an amount in yuan; write it as a number such as 12000"),
                           value);
              return FALSE;
            }
          fc_op_set_double (op, field, yuan);
        }
      else
        fc_op_set_string (op, field, value);
    }
  if (n == 0)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                   _("Say what to record: measures, funds, deadline, plan or who is responsible"));
      return FALSE;
    }
  if (fc_op_has_field (op, "deadline") && fc_op_get_string (op, "deadline") == NULL)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                   _("A hazard keeps a rectification deadline; give a new day instead of none"));
      return FALSE;
    }
  return fc_store_write (store, op, error);
}
