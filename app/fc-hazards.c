/* fc-hazards.c: hazards in the store
 *
 * Status changes are ops like any other; fc_hazards_check_op() runs the state
 * machine on this store's own state whenever one is merged, local or remote,
 * so a move made offline after someone else moved the hazard is refused with
 * the reason, never applied over the other.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "fc-error.h"
#include "fc-hazard-measures.h"
#include "fc-hazards.h"
#include "fc-store-write.h"

#define DEFAULT_GENERAL_DAYS 30
#define DEFAULT_MAJOR_DAYS   90

static GDateTime *
store_now (FcStore *store)
{
  gint64 ms = fc_hlc_wall_ms (fc_store_get_clock (store));
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (ms / 1000);

  return g_date_time_to_local (utc);
}

/* Returns: (transfer full): the store clock's time, ISO 8601 with offset */
char *
fc_store_now_iso (FcStore *store)
{
  g_autoptr(GDateTime) now = store_now (store);

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%S%:z");
}

/* Returns: (transfer full): the store clock's day, YYYY-MM-DD */
char *
fc_store_today_iso (FcStore *store)
{
  g_autoptr(GDateTime) now = store_now (store);

  return g_date_time_format (now, "%Y-%m-%d");
}

gboolean
fc_hazards_load_actor (FcStore     *store,
                       const char  *person_id,
                       FcActor     *actor,
                       GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  actor->person_id = person_id;
  actor->roles = 0;
  if (person_id == NULL)
    return TRUE;

  stmt = fc_store_prepare (store, "SELECT roles FROM person WHERE id = ? AND disabled = 0", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, person_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    actor->roles = fc_roles_from_string ((const char *) sqlite3_column_text (stmt, 0), NULL);
  return TRUE;
}

/**
 * fc_hazards_load_facts:
 * @store: the store
 * @hazard_id: the hazard
 * @facts: (out): what the guards need
 * @rectified_by: (out) (transfer full): owns the string @facts points to
 * @error: set with %FC_ERROR_NOT_FOUND when there is no such hazard
 */
gboolean
fc_hazards_load_facts (FcStore        *store,
                       const char     *hazard_id,
                       FcHazardFacts  *facts,
                       char          **rectified_by,
                       GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = fc_store_prepare (store,
                           "SELECT status, level, rectified_by, "
                           "supervising_leader_id IS NOT NULL AND lead_department IS NOT NULL, "
                           "(SELECT count (*) FROM photo WHERE attached_kind IN "
                           " ('hazard', 'acceptance') AND attached_id = hazard.id "
                           " AND purpose = 'after') "
                           "FROM hazard WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, hazard_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_NOT_FOUND, _("There is no hazard %s"), hazard_id);
      return FALSE;
    }

  memset (facts, 0, sizeof *facts);
  fc_hazard_status_from_string ((const char *) sqlite3_column_text (stmt, 0), &facts->status);
  fc_hazard_level_from_string ((const char *) sqlite3_column_text (stmt, 1), &facts->level);
  *rectified_by = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  facts->rectified_by = *rectified_by;
  facts->supervised = sqlite3_column_int (stmt, 3);
  facts->after_photos = (guint) sqlite3_column_int (stmt, 4);
  return TRUE;
}

/* Fields that only hazard events change, through the state machine. */
static const char *const lifecycle_fields[] = {
  "status", "status_note", "rectified_by", "verifier_id", "verifier_org", "accepted_at",
  "acceptance_outcome", "closed_at", "reopen_count",
};

/**
 * fc_hazards_check_op:
 * @store: the store the op is merged into
 * @op: an op on the hazard table
 * @exists: whether the hazard is already in @store
 * @error: set with %FC_ERROR_GUARD or %FC_ERROR_INVALID
 *
 * A new hazard starts open; its lifecycle fields then change only through
 * hazard events; listed supervision is set by a leader on a major hazard.
 */
gboolean
fc_hazards_check_op (FcStore     *store,
                     const FcOp  *op,
                     gboolean     exists,
                     GError     **error)
{
  FcHazardFacts facts;
  FcActor actor;
  g_autofree char *rectified_by = NULL;

  if (!exists)
    {
      if (g_strcmp0 (fc_op_get_string (op, "status"), "open") != 0)
        {
          g_set_error (error, FC_ERROR, FC_ERROR_GUARD, _("A new hazard starts open"));
          return FALSE;
        }
      return TRUE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (lifecycle_fields); i++)
    if (fc_op_has_field (op, lifecycle_fields[i]))
      {
        g_set_error (error, FC_ERROR, FC_ERROR_GUARD,
                     _("A hazard's “%s” changes only through its workflow"), lifecycle_fields[i]);
        return FALSE;
      }

  if (!fc_hazard_measures_check_op (store, op, error))
    return FALSE;
  if (!fc_op_has_field (op, "supervising_leader_id"))
    return TRUE;
  if (!fc_hazards_load_facts (store, op->row_id, &facts, &rectified_by, error) ||
      !fc_hazards_load_actor (store, op->user_id, &actor, error))
    return FALSE;
  return fc_hazard_can_supervise (facts.level, &actor, error);
}

/* The organisation that judged the rectification: the one the event names (a
 * third-party organisation), else the verifier's own. */
static gboolean
set_verifier_org (FcStore     *store,
                  JsonObject  *effects,
                  const FcOp  *event,
                  GError     **error)
{
  const char *named = fc_op_get_string (event, "verifier_org");
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (named != NULL && *named != '\0')
    {
      json_object_set_string_member (effects, "verifier_org", named);
      return TRUE;
    }
  stmt = fc_store_prepare (store, "SELECT organisation FROM person WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, event->user_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    json_object_set_string_member (effects, "verifier_org",
                                   (const char *) sqlite3_column_text (stmt, 0));
  else
    json_object_set_null_member (effects, "verifier_org");
  return TRUE;
}

/**
 * fc_hazards_event_effects:
 * @store: the store the event is merged into
 * @event: an insert op on hazard_event
 * @error: set with %FC_ERROR_GUARD and the reason when the state machine refuses
 *
 * Runs the state machine on this store's own state of the hazard for the
 * event's action and actor.
 *
 * Returns: (transfer full) (nullable): the hazard fields the event changes,
 *   an empty object for an event that moves nothing, %NULL when refused
 */
JsonObject *
fc_hazards_event_effects (FcStore     *store,
                          const FcOp  *event,
                          GError     **error)
{
  const char *hazard_id = fc_op_get_string (event, "hazard_id");
  const char *action_name = fc_op_get_string (event, "action");
  const char *at = fc_op_get_string (event, "at");
  const char *note = fc_op_get_string (event, "note");
  g_autoptr(JsonObject) effects = json_object_new ();
  g_autofree char *rectified_by = NULL;
  FcHazardFacts facts;
  FcHazardAction action;
  FcActor actor;
  g_autoptr(sqlite3_stmt) reopen = NULL;

  if (hazard_id == NULL ||
      !fc_hazards_load_facts (store, hazard_id, &facts, &rectified_by, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, FC_ERROR, FC_ERROR_INVALID, _("A hazard event names no hazard"));
      return NULL;
    }

  if (g_strcmp0 (action_name, "record") == 0)
    return g_steal_pointer (&effects);

  if (!fc_hazard_action_from_string (action_name, &action))
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID, _("“%s” is not a hazard action"),
                   action_name ? action_name : "null");
      return NULL;
    }
  if (!fc_hazards_load_actor (store, event->user_id, &actor, error) ||
      !fc_hazard_check (&facts, action, &actor, note, NULL, error))
    return NULL;

  json_object_set_string_member (effects, "status",
                                 fc_hazard_status_to_string (fc_hazard_action_target (action)));
  if (note != NULL)
    json_object_set_string_member (effects, "status_note", note);
  else
    json_object_set_null_member (effects, "status_note");

  switch (action)
    {
    case FC_HAZARD_ACTION_SUBMIT_FOR_ACCEPTANCE:
      json_object_set_string_member (effects, "rectified_by", event->user_id);
      break;
    case FC_HAZARD_ACTION_ACCEPT:
      json_object_set_string_member (effects, "verifier_id", event->user_id);
      json_object_set_string_member (effects, "accepted_at", at);
      json_object_set_string_member (effects, "acceptance_outcome", "accepted");
      json_object_set_string_member (effects, "closed_at", at);
      if (!set_verifier_org (store, effects, event, error))
        return NULL;
      break;
    case FC_HAZARD_ACTION_REJECT:
      json_object_set_string_member (effects, "verifier_id", event->user_id);
      json_object_set_string_member (effects, "acceptance_outcome", "rejected");
      if (!set_verifier_org (store, effects, event, error))
        return NULL;
      break;
    case FC_HAZARD_ACTION_REOPEN:
      reopen = fc_store_prepare (store, "SELECT reopen_count FROM hazard WHERE id = ?", error);
      if (reopen == NULL)
        return NULL;
      sqlite3_bind_text (reopen, 1, hazard_id, -1, SQLITE_STATIC);
      if (sqlite3_step (reopen) != SQLITE_ROW)
        return NULL;
      json_object_set_int_member (effects, "reopen_count", sqlite3_column_int64 (reopen, 0) + 1);
      json_object_set_null_member (effects, "closed_at");
      break;
    case FC_HAZARD_ACTION_START_RECTIFICATION:
    case FC_N_HAZARD_ACTIONS:
    default:
      break;
    }
  return g_steal_pointer (&effects);
}

static gboolean
write_event (FcStore         *store,
             const char      *hazard_id,
             const char      *action,
             const char      *from_status,
             const char      *to_status,
             const char      *note,
             const char      *evidence,
             const char      *verifier_org,
             const char      *at,
             GError         **error)
{
  g_autoptr(FcOp) event = fc_op_new_insert ("hazard_event", NULL);
  FcActor actor;
  g_autofree char *role = NULL;

  if (!fc_hazards_load_actor (store, fc_store_get_user (store), &actor, error))
    return FALSE;
  role = fc_roles_to_string (actor.roles);

  fc_op_set_string (event, "hazard_id", hazard_id);
  fc_op_set_string (event, "action", action);
  fc_op_set_string (event, "from_status", from_status);
  fc_op_set_string (event, "to_status", to_status);
  fc_op_set_string (event, "actor_id", fc_store_get_user (store));
  fc_op_set_string (event, "actor_role", role);
  fc_op_set_string (event, "at", at);
  fc_op_set_string (event, "note", note);
  fc_op_set_string (event, "evidence", evidence);
  if (verifier_org != NULL)
    fc_op_set_string (event, "verifier_org", verifier_org);
  return fc_store_write (store, event, error);
}

/**
 * fc_hazards_record:
 * @store: the store
 * @record: what was found
 * @error: return location for an error
 *
 * Records a hazard, open, with its first event; the deadline defaults by level.
 *
 * Returns: (transfer full): the new hazard's id, or %NULL
 */
char *
fc_hazards_record (FcStore              *store,
                   const FcHazardRecord *record,
                   GError              **error)
{
  g_autoptr(FcOp) op = NULL;
  g_autofree char *now = fc_store_now_iso (store);
  g_autofree char *deadline = g_strdup (record->deadline);
  g_autofree char *id = NULL;
  const char *found_at = record->found_at ? record->found_at : now;

  g_return_val_if_fail (FC_IS_STORE (store), NULL);
  g_return_val_if_fail (record->facility_id != NULL && record->description != NULL, NULL);

  if (record->description[0] == '\0')
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID, _("Describe the hazard"));
      return NULL;
    }

  if (deadline == NULL)
    {
      g_autoptr(GDate) found = g_date_new ();
      g_autoptr(GDate) due = NULL;
      char buf[16];
      guint y, m, d;

      if (sscanf (found_at, "%4u-%2u-%2u", &y, &m, &d) != 3 ||
          !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
        {
          g_set_error (error, FC_ERROR, FC_ERROR_INVALID, _("“%s” is not a date"), found_at);
          return NULL;
        }
      g_date_set_dmy (found, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
      due = fc_hazard_default_deadline (record->level, found,
                                        DEFAULT_GENERAL_DAYS, DEFAULT_MAJOR_DAYS);
      g_date_strftime (buf, sizeof buf, "%Y-%m-%d", due);
      deadline = g_strdup (buf);
    }

  op = fc_op_new_insert ("hazard", record->id);
  fc_op_set_string (op, "facility_id", record->facility_id);
  fc_op_set_string (op, "source", record->source ? record->source : "inspection");
  fc_op_set_string (op, "inspection_id", record->inspection_id);
  fc_op_set_string (op, "result_id", record->result_id);
  fc_op_set_string (op, "item_id", record->item_id);
  fc_op_set_string (op, "category", fc_category_to_string (record->category));
  fc_op_set_string (op, "description", record->description);
  fc_op_set_string (op, "location", record->location);
  fc_op_set_string (op, "equipment_id", record->equipment_id);
  fc_op_set_string (op, "level", fc_hazard_level_to_string (record->level));
  fc_op_set_string (op, "level_reason", record->level_reason);
  fc_op_set_string (op, "criterion", record->criterion);
  fc_op_set_int (op, "expert_judgement", record->expert_judgement);
  fc_op_set_string (op, "responsible_party", record->responsible_party);
  fc_op_set_string (op, "measures", record->measures);
  fc_op_set_string (op, "deadline", deadline);
  fc_op_set_string (op, "status", "open");
  fc_op_set_string (op, "found_at", found_at);
  fc_op_set_string (op, "found_by", fc_store_get_user (store));

  if (!fc_store_begin (store, error))
    return NULL;
  if (!fc_store_write (store, op, error) ||
      !write_event (store, op->row_id, "record", NULL, "open", record->level_reason, NULL,
                    NULL, found_at, error) ||
      !fc_store_commit (store, error))
    {
      fc_store_rollback (store);
      return NULL;
    }
  id = g_strdup (op->row_id);
  return g_steal_pointer (&id);
}

/**
 * fc_hazards_transition:
 * @store: the store; its current user acts
 * @hazard_id: the hazard
 * @action: the move
 * @note: (nullable): a note; the reason, for a rejection or a reopening
 * @evidence: (nullable): comma list of photo ids
 * @error: set with %FC_ERROR_GUARD and a sentence when a guard refuses
 *
 * Records the move as a hazard event; merging the event runs the state
 * machine and changes the hazard, all in one transaction.
 */
gboolean
fc_hazards_transition (FcStore         *store,
                       const char      *hazard_id,
                       FcHazardAction   action,
                       const char      *note,
                       const char      *evidence,
                       GError         **error)
{
  return fc_hazards_transition_at (store, hazard_id, action, note, evidence, NULL, error);
}

/**
 * fc_hazards_transition_at:
 * @at: (nullable): when it happened, ISO 8601; %NULL for now
 *
 * As fc_hazards_transition(), for a move recorded after the fact.
 */
gboolean
fc_hazards_transition_at (FcStore         *store,
                          const char      *hazard_id,
                          FcHazardAction   action,
                          const char      *note,
                          const char      *evidence,
                          const char      *at,
                          GError         **error)
{
  return fc_hazards_transition_full (store, hazard_id, action, note, evidence, NULL, at, error);
}

/**
 * fc_hazards_transition_full:
 * @verifier_org: (nullable): for an acceptance or a rejection, the organisation
 *   that judged, such as a third-party organisation (第三方机构); %NULL for
 *   the verifier's own
 *
 * As fc_hazards_transition_at(), naming the organisation of the verifier.
 */
gboolean
fc_hazards_transition_full (FcStore         *store,
                            const char      *hazard_id,
                            FcHazardAction   action,
                            const char      *note,
                            const char      *evidence,
                            const char      *verifier_org,
                            const char      *at,
                            GError         **error)
{
  g_autofree char *now = at ? g_strdup (at) : fc_store_now_iso (store);
  g_autofree char *rectified_by = NULL;
  g_autofree char *own_org = NULL;
  FcHazardFacts facts;

  g_return_val_if_fail (FC_IS_STORE (store), FALSE);
  g_return_val_if_fail (hazard_id != NULL, FALSE);

  if (!fc_hazards_load_facts (store, hazard_id, &facts, &rectified_by, error))
    return FALSE;

  /* The audit trail names the organisation that judged, as the hazard does. */
  if (verifier_org == NULL &&
      (action == FC_HAZARD_ACTION_ACCEPT || action == FC_HAZARD_ACTION_REJECT))
    {
      g_autoptr(sqlite3_stmt) org = fc_store_prepare (store, "SELECT organisation FROM person "
                                                             "WHERE id = ?", error);

      if (org == NULL)
        return FALSE;
      sqlite3_bind_text (org, 1, fc_store_get_user (store), -1, SQLITE_STATIC);
      if (sqlite3_step (org) == SQLITE_ROW && sqlite3_column_type (org, 0) != SQLITE_NULL)
        verifier_org = own_org = g_strdup ((const char *) sqlite3_column_text (org, 0));
    }

  /* One op, the event: merging it moves the hazard, here and on the server. */
  return write_event (store, hazard_id, fc_hazard_action_to_string (action),
                      fc_hazard_status_to_string (facts.status),
                      fc_hazard_status_to_string (fc_hazard_action_target (action)),
                      note, evidence, verifier_org, now, error);
}

/**
 * fc_hazards_supervise:
 * @store: the store; its current user, a leader, acts
 * @hazard_id: a major hazard
 * @at: (nullable): when, ISO 8601; %NULL for now
 * @leader_id: the supervising leader (包案领导)
 * @lead_department: the lead department (牵头科室)
 * @error: return location for an error
 *
 * Lists a major hazard for supervision (挂牌督办).
 */
gboolean
fc_hazards_supervise (FcStore     *store,
                      const char  *hazard_id,
                      const char  *at,
                      const char  *leader_id,
                      const char  *lead_department,
                      GError     **error)
{
  g_autoptr(FcOp) op = fc_op_new_update ("hazard", hazard_id);
  g_autofree char *now = at ? g_strdup (at) : fc_store_now_iso (store);

  g_return_val_if_fail (FC_IS_STORE (store), FALSE);

  if (leader_id == NULL || lead_department == NULL || *lead_department == '\0')
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                   _("Listed supervision needs a supervising leader and a lead department"));
      return FALSE;
    }
  fc_op_set_string (op, "supervising_leader_id", leader_id);
  fc_op_set_string (op, "lead_department", lead_department);
  fc_op_set_string (op, "supervised_at", now);
  return fc_store_write (store, op, error);
}
