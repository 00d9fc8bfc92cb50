/* fc-whistle.c: whistle-blower reports (安全吹哨人)
 *
 * A report is kept exactly as it was received (insert-only). What the bureau
 * decides about it is insert-only too: one triage into a hazard — recorded
 * through fc_hazards_record() with the source "whistleblower" — or one
 * dismissal with its reason, then at most one commendation (全区通报表扬).
 * Every decision is checked when it is merged, here or on the server, so a
 * second decision made offline is refused with the reason instead of standing
 * beside the first.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-error.h"
#include "fc-hazards.h"
#include "fc-queries.h"
#include "fc-store-write.h"
#include "fc-whistle.h"

static const struct
{
  const char *wire;
  const char *label;
} channels[FC_N_WHISTLE_CHANNELS] = {
  [FC_WHISTLE_PHONE] = { "phone", N_("Telephone") },
  [FC_WHISTLE_EMAIL] = { "email", N_("E-mail") },
  [FC_WHISTLE_ONLINE] = { "online", N_("Online") },
  [FC_WHISTLE_IN_PERSON] = { "in_person", N_("In person") },
};

/**
 * fc_whistle_channel_to_string:
 * @channel: how the report came in
 *
 * Returns: the channel's wire name: phone, email, online or in_person
 */
const char *
fc_whistle_channel_to_string (FcWhistleChannel channel)
{
  g_return_val_if_fail (channel < FC_N_WHISTLE_CHANNELS, NULL);
  return channels[channel].wire;
}

/**
 * fc_whistle_channel_from_string:
 * @str: a wire name
 * @out: (out) (optional): the channel
 *
 * Returns: whether @str names a channel
 */
gboolean
fc_whistle_channel_from_string (const char       *str,
                                FcWhistleChannel *out)
{
  for (guint i = 0; i < FC_N_WHISTLE_CHANNELS; i++)
    if (g_strcmp0 (channels[i].wire, str) == 0)
      {
        if (out != NULL)
          *out = (FcWhistleChannel) i;
        return TRUE;
      }
  return FALSE;
}

/**
 * fc_whistle_channel_label:
 * @channel: how the report came in
 *
 * Returns: the channel's name for people, translated
 */
const char *
fc_whistle_channel_label (FcWhistleChannel channel)
{
  g_return_val_if_fail (channel < FC_N_WHISTLE_CHANNELS, NULL);
  return g_dgettext (GETTEXT_PACKAGE, channels[channel].label);
}

static gboolean
signed_in (FcStore  *store,
           FcActor  *actor,
           GError  **error)
{
  if (!fc_hazards_load_actor (store, fc_store_get_user (store), actor, error))
    return FALSE;
  if (actor->person_id == NULL || actor->roles == 0)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_GUARD,
                   _("Sign in first: every whistle-blower report names who recorded it"));
      return FALSE;
    }
  return TRUE;
}

/**
 * fc_whistle_record:
 * @store: the store; its current user records the report
 * @report: the report as received
 * @error: set with %FC_ERROR_INVALID for a report that lacks what it needs
 *
 * Records a whistle-blower report. A named report needs the reporter's name;
 * an anonymous one keeps none, even when given.
 *
 * Returns: (transfer full): the report's id, or %NULL
 */
char *
fc_whistle_record (FcStore               *store,
                   const FcWhistleReport *report,
                   GError               **error)
{
  g_autoptr(FcOp) op = NULL;
  g_autofree char *now = NULL;
  g_autoptr(sqlite3_stmt) facility = NULL;
  FcActor actor;

  g_return_val_if_fail (FC_IS_STORE (store), NULL);
  g_return_val_if_fail (report != NULL && report->channel < FC_N_WHISTLE_CHANNELS, NULL);

  if (!signed_in (store, &actor, error))
    return NULL;
  if (report->description == NULL || *report->description == '\0')
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID, _("Write down what the report says"));
      return NULL;
    }
  if (!report->anonymous && (report->reporter_name == NULL || *report->reporter_name == '\0'))
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                   _("A named report needs the reporter’s name; otherwise record it as anonymous"));
      return NULL;
    }
  facility = fc_store_prepare (store, "SELECT 1 FROM facility WHERE id = ? AND retired = 0", error);
  if (facility == NULL)
    return NULL;
  sqlite3_bind_text (facility, 1, report->facility_id, -1, SQLITE_STATIC);
  if (report->facility_id == NULL || sqlite3_step (facility) != SQLITE_ROW)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_NOT_FOUND,
                   _("Name the facility the report is about; there is no facility %s"),
                   report->facility_id ? report->facility_id : "");
      return NULL;
    }

  now = report->received_at ? g_strdup (report->received_at) : fc_store_now_iso (store);
  op = fc_op_new_insert ("whistle_report", NULL);
  fc_op_set_string (op, "received_at", now);
  fc_op_set_string (op, "channel", fc_whistle_channel_to_string (report->channel));
  fc_op_set_int (op, "anonymous", report->anonymous);
  fc_op_set_string (op, "reporter_name", report->anonymous ? NULL : report->reporter_name);
  fc_op_set_string (op, "reporter_contact", report->reporter_contact);
  fc_op_set_string (op, "facility_id", report->facility_id);
  fc_op_set_string (op, "description", report->description);
  fc_op_set_string (op, "location", report->location);
  fc_op_set_string (op, "recorded_by", fc_store_get_user (store));
  if (!fc_store_write (store, op, error))
    return NULL;
  return g_strdup (op->row_id);
}

typedef struct
{
  gboolean  exists;
  gboolean  anonymous;
  char     *facility_id;
  char     *description;
  char     *location;
  char     *received_at;
  char     *decision;      /* triage, dismiss or NULL */
  char     *decided_at;
  gboolean  commended;
} ReportState;

static void
report_state_clear (ReportState *state)
{
  g_free (state->facility_id);
  g_free (state->description);
  g_free (state->location);
  g_free (state->received_at);
  g_free (state->decision);
  g_free (state->decided_at);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ReportState, report_state_clear)

static char *
text_or_null (sqlite3_stmt *stmt,
              int           col)
{
  return sqlite3_column_type (stmt, col) == SQLITE_NULL ? NULL
         : g_strdup ((const char *) sqlite3_column_text (stmt, col));
}

static gboolean
load_report (FcStore      *store,
             const char   *report_id,
             ReportState  *state,
             GError      **error)
{
  g_autoptr(FcCachedStmt) stmt = NULL;

  stmt = fc_store_cached (store,
    "SELECT r.anonymous, r.facility_id, r.description, r.location, r.received_at,"
    " (SELECT action FROM whistle_action a WHERE a.report_id = r.id"
    "   AND a.action IN ('triage', 'dismiss') ORDER BY a.at, a.id LIMIT 1),"
    " (SELECT at FROM whistle_action a WHERE a.report_id = r.id"
    "   AND a.action IN ('triage', 'dismiss') ORDER BY a.at, a.id LIMIT 1),"
    " EXISTS (SELECT 1 FROM whistle_action a WHERE a.report_id = r.id AND a.action = 'commend')"
    " FROM whistle_report r WHERE r.id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, report_id, -1, SQLITE_STATIC);
  state->exists = sqlite3_step (stmt) == SQLITE_ROW;
  if (!state->exists)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_NOT_FOUND, _("There is no whistle-blower report %s"),
                   report_id ? report_id : "");
      return FALSE;
    }
  state->anonymous = sqlite3_column_int (stmt, 0);
  state->facility_id = text_or_null (stmt, 1);
  state->description = text_or_null (stmt, 2);
  state->location = text_or_null (stmt, 3);
  state->received_at = text_or_null (stmt, 4);
  state->decision = text_or_null (stmt, 5);
  state->decided_at = text_or_null (stmt, 6);
  state->commended = sqlite3_column_int (stmt, 7);
  return TRUE;
}

static gboolean
refuse (GError     **error,
        const char  *message)
{
  g_set_error_literal (error, FC_ERROR, FC_ERROR_GUARD, message);
  return FALSE;
}

/**
 * fc_whistle_check_action_op:
 * @store: the store the op is merged into
 * @op: an insert op on whistle_action
 * @error: set with %FC_ERROR_GUARD and the reason when refused
 *
 * A decision is made by the bureau (staff, leaders, administrators). A report
 * is triaged or dismissed once; a dismissal gives its reason; a triage names
 * its hazard; only a triaged, named report is commended, once.
 */
gboolean
fc_whistle_check_action_op (FcStore     *store,
                            const FcOp  *op,
                            GError     **error)
{
  const char *action = fc_op_get_string (op, "action");
  const char *reason = fc_op_get_string (op, "reason");
  const char *hazard_id = fc_op_get_string (op, "hazard_id");
  g_auto(ReportState) state = { 0 };
  FcActor actor;

  if (!load_report (store, fc_op_get_string (op, "report_id"), &state, error) ||
      !fc_hazards_load_actor (store, op->user_id, &actor, error))
    return FALSE;
  if (actor.person_id == NULL)
    return refuse (error, _("Sign in first: every decision on a report names who made it"));
  if ((actor.roles & (FC_ROLE_STAFF | FC_ROLE_LEADER | FC_ROLE_ADMIN)) == 0)
    return refuse (error, _("Only the bureau’s staff and leaders decide on whistle-blower reports"));

  if (g_strcmp0 (action, "triage") == 0 || g_strcmp0 (action, "dismiss") == 0)
    {
      if (state.decision != NULL)
        {
          g_set_error (error, FC_ERROR, FC_ERROR_GUARD,
                       g_str_equal (state.decision, "triage")
                       ? _("This report was already made a hazard (%s); someone may have decided on it already")
                       : _("This report was already dismissed (%s); someone may have decided on it already"),
                       state.decided_at);
          return FALSE;
        }
      if (g_str_equal (action, "dismiss") && (reason == NULL || *reason == '\0'))
        return refuse (error, _("Say why the report is dismissed"));
      if (g_str_equal (action, "triage"))
        {
          g_autoptr(FcCachedStmt) stmt = fc_store_cached (store,
            "SELECT 1 FROM hazard WHERE id = ? AND facility_id = ?", error);

          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_text (stmt, 1, hazard_id, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 2, state.facility_id, -1, SQLITE_STATIC);
          if (hazard_id == NULL || sqlite3_step (stmt) != SQLITE_ROW)
            return refuse (error, _("A triaged report names the hazard recorded from it, "
                                    "at the facility the report is about"));
        }
      return TRUE;
    }

  if (g_strcmp0 (action, "commend") == 0)
    {
      if (g_strcmp0 (state.decision, "triage") != 0)
        return refuse (error, _("Only a report that was made a hazard earns a commendation"));
      if (state.anonymous)
        return refuse (error, _("An anonymous report names nobody to commend"));
      if (state.commended)
        return refuse (error, _("This report has been commended already"));
      return TRUE;
    }

  g_set_error (error, FC_ERROR, FC_ERROR_INVALID, _("“%s” is not a decision on a report"),
               action ? action : "null");
  return FALSE;
}

static gboolean
write_action (FcStore     *store,
              const char  *report_id,
              const char  *action,
              const char  *hazard_id,
              const char  *reason,
              GError     **error)
{
  g_autoptr(FcOp) op = fc_op_new_insert ("whistle_action", NULL);
  g_autofree char *now = fc_store_now_iso (store);
  g_autofree char *role = NULL;
  FcActor actor;

  if (!fc_hazards_load_actor (store, fc_store_get_user (store), &actor, error))
    return FALSE;
  role = fc_roles_to_string (actor.roles);
  fc_op_set_string (op, "report_id", report_id);
  fc_op_set_string (op, "action", action);
  fc_op_set_string (op, "hazard_id", hazard_id);
  fc_op_set_string (op, "reason", reason);
  fc_op_set_string (op, "actor_id", fc_store_get_user (store));
  fc_op_set_string (op, "actor_role", role);
  fc_op_set_string (op, "at", now);
  return fc_store_write (store, op, error);
}

/**
 * fc_whistle_triage:
 * @store: the store; its current user, of the bureau, decides
 * @report_id: the report
 * @category: the hazard's category
 * @level: the hazard's level
 * @description: (nullable): the hazard as the bureau words it; %NULL for the
 *   report's own words
 * @deadline: (nullable): YYYY-MM-DD; %NULL for the default by level
 * @error: set with %FC_ERROR_GUARD when the report was decided already
 *
 * Makes the report a hazard of its facility, found when the report was
 * received, with the source "whistleblower"; both are written in one
 * transaction.
 *
 * Returns: (transfer full): the new hazard's id, or %NULL
 */
char *
fc_whistle_triage (FcStore       *store,
                   const char    *report_id,
                   FcCategory     category,
                   FcHazardLevel  level,
                   const char    *description,
                   const char    *deadline,
                   GError       **error)
{
  g_auto(ReportState) state = { 0 };
  g_autofree char *hazard_id = NULL;
  FcHazardRecord record = { 0 };

  g_return_val_if_fail (FC_IS_STORE (store), NULL);
  g_return_val_if_fail (report_id != NULL, NULL);

  if (!load_report (store, report_id, &state, error))
    return NULL;
  record.facility_id = state.facility_id;
  record.source = "whistleblower";
  record.category = category;
  record.description = description && *description ? description : state.description;
  record.location = state.location;
  record.level = level;
  record.deadline = deadline;
  record.found_at = state.received_at;

  if (!fc_store_begin (store, error))
    return NULL;
  hazard_id = fc_hazards_record (store, &record, error);
  if (hazard_id == NULL ||
      !write_action (store, report_id, "triage", hazard_id, NULL, error) ||
      !fc_store_commit (store, error))
    {
      fc_store_rollback (store);
      return NULL;
    }
  return g_steal_pointer (&hazard_id);
}

/**
 * fc_whistle_dismiss:
 * @store: the store; its current user, of the bureau, decides
 * @report_id: the report
 * @reason: why it is not a hazard (a duplicate, outside the bureau's remit, …)
 * @error: set with %FC_ERROR_GUARD when refused
 */
gboolean
fc_whistle_dismiss (FcStore     *store,
                    const char  *report_id,
                    const char  *reason,
                    GError     **error)
{
  g_return_val_if_fail (FC_IS_STORE (store), FALSE);

  return write_action (store, report_id, "dismiss", NULL, reason, error);
}

/**
 * fc_whistle_commend:
 * @store: the store; its current user, of the bureau, decides
 * @report_id: a report that was made a hazard and names its reporter
 * @note: (nullable): the commendation's wording or reference
 * @error: set with %FC_ERROR_GUARD when refused
 *
 * Marks the report for a commendation (通报表扬).
 */
gboolean
fc_whistle_commend (FcStore     *store,
                    const char  *report_id,
                    const char  *note,
                    GError     **error)
{
  g_return_val_if_fail (FC_IS_STORE (store), FALSE);

  return write_action (store, report_id, "commend", NULL, note, error);
}

/**
 * fc_whistle_list:
 * @store: the store
 * @filter: (nullable): which reports
 * @error: return location for an error
 *
 * Returns: (transfer full): reports, newest first, with their facility, the
 *   decision (status new, triaged or dismissed; hazard_id; reason) and the
 *   commendation
 */
JsonArray *
fc_whistle_list (FcStore               *store,
                 const FcWhistleFilter *filter,
                 GError               **error)
{
  FcWhistleFilter none = { 0 };
  const char *params[] = { NULL, NULL, NULL, NULL, NULL };
  g_autoptr(GString) sql = g_string_new (NULL);
  guint n = 0;

  if (filter == NULL)
    filter = &none;

  g_string_append (sql,
    "SELECT * FROM (SELECT r.id, r.received_at, r.channel, r.anonymous, r.reporter_name,"
    " r.reporter_contact, r.facility_id, f.name AS facility_name, f.town, r.description,"
    " r.location, r.recorded_by,"
    " CASE d.action WHEN 'triage' THEN 'triaged' WHEN 'dismiss' THEN 'dismissed' ELSE 'new' END"
    "  AS status,"
    " d.hazard_id, CASE d.action WHEN 'dismiss' THEN d.reason END AS dismiss_reason,"
    " d.at AS decided_at, d.actor_id AS decided_by,"
    " c.id IS NOT NULL AS commended, c.reason AS commendation, c.at AS commended_at"
    " FROM whistle_report r JOIN facility f ON f.id = r.facility_id"
    " LEFT JOIN whistle_action d ON d.id = (SELECT id FROM whistle_action a"
    "   WHERE a.report_id = r.id AND a.action IN ('triage', 'dismiss') ORDER BY a.at, a.id LIMIT 1)"
    " LEFT JOIN whistle_action c ON c.id = (SELECT id FROM whistle_action a"
    "   WHERE a.report_id = r.id AND a.action = 'commend' ORDER BY a.at, a.id LIMIT 1))"
    " WHERE 1");
  if (filter->status != NULL)
    {
      params[n++] = filter->status;
      g_string_append_printf (sql, " AND status = ?%u", n);
    }
  if (filter->facility_id != NULL)
    {
      params[n++] = filter->facility_id;
      g_string_append_printf (sql, " AND facility_id = ?%u", n);
    }
  if (filter->since != NULL)
    {
      params[n++] = filter->since;
      g_string_append_printf (sql, " AND substr (received_at, 1, 10) >= ?%u", n);
    }
  if (filter->until != NULL)
    {
      params[n++] = filter->until;
      g_string_append_printf (sql, " AND substr (received_at, 1, 10) <= ?%u", n);
    }
  if (filter->commended_only)
    g_string_append (sql, " AND commended");
  g_string_append (sql, " ORDER BY received_at DESC, id");
  return fc_query_rows (store, sql->str, params, error);
}
