/* fc-lookback.c: look-back re-checks of closed-out hazards (回头看)
 *
 * A round re-checks every major hazard closed out since the last round and a
 * share of the general ones. The general ones are picked by a keyed hash of
 * the seed, the round's day and the hazard — the same round picks the same
 * hazards on every device and every run, and nobody can steer the sample by
 * the order hazards were entered in. A re-check whose rectification did not
 * hold reopens the hazard through the state machine, which counts it.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fc-error.h"
#include "fc-hazards.h"
#include "fc-ids.h"
#include "fc-lookback.h"
#include "fc-queries.h"
#include "fc-store-write.h"

#define DEFAULT_DUE_DAYS 30

typedef struct
{
  char *hazard_id;
  char *facility_id;
  char *closed_at;
  char *key;
} Candidate;

static void
candidate_free (Candidate *c)
{
  g_free (c->hazard_id);
  g_free (c->facility_id);
  g_free (c->closed_at);
  g_free (c->key);
  g_free (c);
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  const Candidate *ca = *(Candidate *const *) a;
  const Candidate *cb = *(Candidate *const *) b;

  return g_strcmp0 (ca->key, cb->key);
}

static gboolean
parse_day (const char  *text,
           GDate       *date,
           GError     **error)
{
  guint y, m, d;

  if (text == NULL || sscanf (text, "%4u-%2u-%2u", &y, &m, &d) != 3 ||
      !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID, _("“%s” is not a day; write it YYYY-MM-DD"),
                   text ? text : "");
      return FALSE;
    }
  g_date_set_dmy (date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return TRUE;
}

static gboolean
write_lookback (FcStore          *store,
                const Candidate  *c,
                const char       *round,
                const char       *reason,
                const char       *due_on,
                GError          **error)
{
  g_autofree char *name = g_strdup_printf ("fieldcheck:lookback:%s:%s", c->hazard_id, c->closed_at);
  g_autofree char *id = fc_id_derive (name);
  g_autoptr(FcOp) op = fc_op_new_insert ("lookback", id);

  fc_op_set_string (op, "hazard_id", c->hazard_id);
  fc_op_set_string (op, "facility_id", c->facility_id);
  fc_op_set_string (op, "round", round);
  fc_op_set_string (op, "reason", reason);
  fc_op_set_string (op, "closed_at", c->closed_at);
  fc_op_set_string (op, "due_on", due_on);
  fc_op_set_string (op, "outcome", "pending");
  return fc_store_write (store, op, error);
}

/**
 * fc_lookback_schedule:
 * @store: the store; its current user, of the bureau, schedules
 * @plan: the round
 * @summary: (out) (optional): what was scheduled
 * @error: return location for an error
 *
 * Schedules a look-back round: every major hazard closed out up to
 * @plan->day (and since @plan->closed_since) that no round has re-checked
 * since that close-out, and @plan->general_share of such general hazards,
 * rounded to the nearest whole hazard. All in one transaction.
 */
gboolean
fc_lookback_schedule (FcStore               *store,
                      const FcLookbackPlan  *plan,
                      FcLookbackSummary     *summary,
                      GError               **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) major = g_ptr_array_new_with_free_func ((GDestroyNotify) candidate_free);
  g_autoptr(GPtrArray) general = g_ptr_array_new_with_free_func ((GDestroyNotify) candidate_free);
  g_autoptr(GDate) due = g_date_new ();
  g_autoptr(GDate) since = g_date_new ();
  FcLookbackSummary local = { 0 };
  FcActor actor;
  char due_on[16];
  guint picks;

  g_return_val_if_fail (FC_IS_STORE (store), FALSE);
  g_return_val_if_fail (plan != NULL, FALSE);

  if (summary == NULL)
    summary = &local;
  memset (summary, 0, sizeof *summary);

  if (!parse_day (plan->day, due, error) ||
      (plan->closed_since != NULL && !parse_day (plan->closed_since, since, error)))
    return FALSE;
  if (!(plan->general_share >= 0.0 && plan->general_share <= 1.0))
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                   _("The share of general hazards to re-check is between 0 and 1, such as 0.2"));
      return FALSE;
    }
  if (!fc_hazards_load_actor (store, fc_store_get_user (store), &actor, error))
    return FALSE;
  if ((actor.roles & (FC_ROLE_STAFF | FC_ROLE_LEADER | FC_ROLE_ADMIN)) == 0)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_GUARD,
                   _("Only the bureau’s staff and leaders schedule a look-back round"));
      return FALSE;
    }
  g_date_add_days (due, plan->due_days ? plan->due_days : DEFAULT_DUE_DAYS);
  g_date_strftime (due_on, sizeof due_on, "%Y-%m-%d", due);

  stmt = fc_store_prepare (store,
    "SELECT h.id, h.facility_id, h.closed_at, h.level = 'major' FROM hazard h"
    " WHERE h.status = 'closed' AND h.closed_at IS NOT NULL"
    " AND substr (h.closed_at, 1, 10) <= ?1"
    " AND (?2 IS NULL OR substr (h.closed_at, 1, 10) >= ?2)"
    " AND NOT EXISTS (SELECT 1 FROM lookback l WHERE l.hazard_id = h.id"
    "   AND l.closed_at = h.closed_at)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, plan->day, -1, SQLITE_STATIC);
  if (plan->closed_since != NULL)
    sqlite3_bind_text (stmt, 2, plan->closed_since, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      Candidate *c = g_new0 (Candidate, 1);
      g_autofree char *key_source = NULL;

      c->hazard_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      c->facility_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      c->closed_at = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      key_source = g_strdup_printf ("%u:%s:%s", plan->seed, plan->day, c->hazard_id);
      c->key = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key_source, -1);
      g_ptr_array_add (sqlite3_column_int (stmt, 3) ? major : general, c);
    }

  g_ptr_array_sort (general, compare_keys);
  picks = (guint) floor (plan->general_share * general->len + 0.5);
  summary->general_candidates = general->len;

  if (!fc_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < major->len; i++)
    if (!write_lookback (store, major->pdata[i], plan->day, "major", due_on, error))
      goto fail;
  for (guint i = 0; i < picks; i++)
    if (!write_lookback (store, general->pdata[i], plan->day, "sampled", due_on, error))
      goto fail;
  if (!fc_store_commit (store, error))
    goto fail;
  summary->major = major->len;
  summary->sampled = picks;
  return TRUE;

fail:
  fc_store_rollback (store);
  return FALSE;
}

/**
 * fc_lookback_record:
 * @store: the store; its current user re-checked
 * @lookback_id: the re-check
 * @outcome: whether the rectification held
 * @note: (nullable): what was found; required for a rebound
 * @inspection_id: (nullable): the look-back inspection it was part of
 * @at: (nullable): when, ISO 8601; %NULL for now
 * @error: set with %FC_ERROR_GUARD and the reason when refused
 *
 * Records a re-check once. A rebound reopens the hazard (which counts the
 * reopening) in the same transaction.
 */
gboolean
fc_lookback_record (FcStore            *store,
                    const char         *lookback_id,
                    FcLookbackOutcome   outcome,
                    const char         *note,
                    const char         *inspection_id,
                    const char         *at,
                    GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(FcOp) op = NULL;
  g_autofree char *now = at ? g_strdup (at) : fc_store_now_iso (store);
  g_autofree char *hazard_id = NULL;
  g_autofree char *recorded = NULL;
  FcActor actor;
  gboolean still_closed;

  g_return_val_if_fail (FC_IS_STORE (store), FALSE);
  g_return_val_if_fail (lookback_id != NULL, FALSE);

  stmt = fc_store_prepare (store,
    "SELECT l.hazard_id, l.outcome, h.status = 'closed' AND h.closed_at IS l.closed_at"
    " FROM lookback l JOIN hazard h ON h.id = l.hazard_id WHERE l.id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, lookback_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_NOT_FOUND, _("There is no look-back %s"), lookback_id);
      return FALSE;
    }
  hazard_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  recorded = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  still_closed = sqlite3_column_int (stmt, 2);

  if (!fc_hazards_load_actor (store, fc_store_get_user (store), &actor, error))
    return FALSE;
  if (actor.person_id == NULL ||
      (actor.roles & (fc_hazard_action_roles (FC_HAZARD_ACTION_REOPEN) | FC_ROLE_ADMIN)) == 0)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_GUARD,
                   _("Your role may not record a look-back; inspectors, experts, "
                     "verifiers and the bureau do"));
      return FALSE;
    }
  if (g_strcmp0 (recorded, "pending") != 0)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_GUARD,
                   _("This look-back was recorded already (%s); someone may have re-checked it"),
                   recorded);
      return FALSE;
    }
  if (!still_closed)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_GUARD,
                   _("The hazard was reopened after this look-back was scheduled, so the "
                     "look-back no longer applies"));
      return FALSE;
    }
  if (outcome == FC_LOOKBACK_REBOUND && (note == NULL || *note == '\0'))
    {
      g_set_error (error, FC_ERROR, FC_ERROR_GUARD, _("Say what the look-back found"));
      return FALSE;
    }

  op = fc_op_new_update ("lookback", lookback_id);
  fc_op_set_string (op, "outcome", outcome == FC_LOOKBACK_REBOUND ? "rebound" : "held");
  fc_op_set_string (op, "checked_at", now);
  fc_op_set_string (op, "checked_by", fc_store_get_user (store));
  fc_op_set_string (op, "note", note);
  if (inspection_id != NULL)
    fc_op_set_string (op, "inspection_id", inspection_id);

  if (!fc_store_begin (store, error))
    return FALSE;
  if ((outcome == FC_LOOKBACK_REBOUND &&
       !fc_hazards_transition_at (store, hazard_id, FC_HAZARD_ACTION_REOPEN, note, NULL, now,
                                  error)) ||
      !fc_store_write (store, op, error) ||
      !fc_store_commit (store, error))
    {
      fc_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

/**
 * fc_lookback_list:
 * @store: the store
 * @round: (nullable): one round's day
 * @facility_id: (nullable): one facility, as a look-back inspection walks it
 * @pending_only: only re-checks not yet recorded
 * @error: return location for an error
 *
 * Returns: (transfer full): re-checks by town, facility and due day, with
 *   their hazard (level, category, description, location, status, reopen
 *   count) and facility
 */
JsonArray *
fc_lookback_list (FcStore     *store,
                  const char  *round,
                  const char  *facility_id,
                  gboolean     pending_only,
                  GError     **error)
{
  const char *params[] = { round ? round : "", facility_id ? facility_id : "",
                           pending_only ? "1" : "0", NULL };

  return fc_query_rows (store,
    "SELECT l.id, l.round, l.reason, l.due_on, l.outcome, l.checked_at, l.checked_by, l.note,"
    " l.closed_at, l.hazard_id, h.level, h.category, h.description, h.location, h.status,"
    " h.reopen_count, l.facility_id, f.name AS facility_name, f.town"
    " FROM lookback l JOIN hazard h ON h.id = l.hazard_id JOIN facility f ON f.id = l.facility_id"
    " WHERE (?1 = '' OR l.round = ?1) AND (?2 = '' OR l.facility_id = ?2)"
    " AND (?3 = '0' OR l.outcome = 'pending')"
    " ORDER BY f.town, f.name, l.due_on, h.level = 'major' DESC, l.id",
    params, error);
}
