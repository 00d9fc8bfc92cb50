/* fc-inspections.c: the inspection walk in the store
 *
 * Every change is an op through fc_store_write(). Answers are insert-only
 * revisions: a changed answer is a new `result` that names the one it
 * supersedes, so what the team saw on site is never overwritten, and two
 * devices answering the same item both keep their answer.
 *
 * A number item keeps the reading in `value_number` and the verdict against
 * the item's limits in `answer` (pass or fail), so a failure is always
 * `answer = 'fail'`. A text item keeps the text, a choice item the code.
 *
 * The resume point lives in the store's meta table, which is this device's
 * own and never synced; it is written in the same transaction as each answer,
 * so after a crash the walk reopens on the last item whose answer is saved.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "fc-error.h"
#include "fc-hazards.h"
#include "fc-i18n.h"
#include "fc-inspections.h"
#include "fc-photos.h"
#include "fc-queries.h"
#include "fc-store-write.h"

#define META_RESUME_INSPECTION "resume_inspection"
#define META_RESUME_ITEM       "resume_item"

static const char * const signer_roles[] = { "team_member", "facility_representative" };

const char *
fc_signer_role_to_string (FcSignerRole role)
{
  g_return_val_if_fail ((guint) role < G_N_ELEMENTS (signer_roles), NULL);
  return signer_roles[role];
}

/**
 * fc_inspection_templates_for:
 * @store: the store
 * @facility_id: a facility
 * @error: return location for an error
 *
 * The templates an inspection of the facility may be pinned to: the newest
 * version of each template that covers the facility's type, the special
 * template of the type (with the major-hazard criteria) before the general one.
 *
 * Returns: (transfer full): rows of id, code, version, title_zh, title_en,
 *   items and major (the number of major-hazard items)
 */
JsonArray *
fc_inspection_templates_for (FcStore     *store,
                             const char  *facility_id,
                             GError     **error)
{
  const char *params[] = { facility_id, NULL };

  g_return_val_if_fail (FC_IS_STORE (store), NULL);
  g_return_val_if_fail (facility_id != NULL, NULL);

  return fc_query_rows (store,
    "SELECT t.id, t.code, t.version, t.title_zh, t.title_en,"
    " (SELECT count (*) FROM checklist_item i WHERE i.template_id = t.id) AS items,"
    " (SELECT count (*) FROM checklist_item i WHERE i.template_id = t.id"
    "   AND i.major_standard IS NOT NULL) AS major"
    " FROM checklist_template t JOIN facility f ON f.id = ?1"
    " WHERE ',' || t.institution_types || ',' LIKE '%,' || f.type || ',%'"
    "  AND t.version = (SELECT max (t2.version) FROM checklist_template t2 WHERE t2.code = t.code)"
    " ORDER BY t.code = 'general', t.code",
    params, error);
}

/**
 * fc_inspection_roster:
 * @store: the store
 * @error: return location for an error
 *
 * Returns: (transfer full): the people who can join an inspection team
 *   (inspectors, experts, bureau staff), the signed-in user first; rows of
 *   id, name, roles, expert_domain, organisation
 */
JsonArray *
fc_inspection_roster (FcStore  *store,
                      GError  **error)
{
  const char *user = fc_store_get_user (store);
  const char *params[] = { user ? user : "", NULL };

  g_return_val_if_fail (FC_IS_STORE (store), NULL);

  return fc_query_rows (store,
    "SELECT id, name, roles, expert_domain, organisation FROM person"
    " WHERE disabled = 0 AND (',' || roles || ',' LIKE '%,expert,%'"
    "  OR ',' || roles || ',' LIKE '%,staff,%' OR ',' || roles || ',' LIKE '%,inspector,%')"
    " ORDER BY id = ?1 DESC, expert_domain IS NULL, expert_domain, name",
    params, error);
}

/**
 * fc_inspection_open_for:
 * @store: the store
 * @facility_id: a facility
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the facility's unfinished inspection;
 *   %NULL with @error unset when there is none
 */
char *
fc_inspection_open_for (FcStore     *store,
                        const char  *facility_id,
                        GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (FC_IS_STORE (store), NULL);

  stmt = fc_store_prepare (store, "SELECT id FROM inspection WHERE facility_id = ?"
                                  " AND finished_at IS NULL ORDER BY started_at DESC LIMIT 1",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, facility_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static gboolean
query_exists (FcStore     *store,
              const char  *sql,
              const char  *a,
              const char  *b)
{
  g_autoptr(sqlite3_stmt) stmt = fc_store_prepare (store, sql, NULL);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, a, -1, SQLITE_STATIC);
  if (b != NULL)
    sqlite3_bind_text (stmt, 2, b, -1, SQLITE_STATIC);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

static gboolean
is_member (const FcInspectionStart *start,
           const char              *person_id)
{
  for (guint i = 0; i < start->n_members; i++)
    if (g_strcmp0 (start->members[i].person_id, person_id) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
check_start (FcStore                  *store,
             const FcInspectionStart  *start,
             GError                  **error)
{
  g_autofree char *open = NULL;

  if (!query_exists (store, "SELECT 1 FROM facility WHERE id = ? AND retired = 0",
                     start->facility_id, NULL))
    {
      g_set_error (error, FC_ERROR, FC_ERROR_NOT_FOUND,
                   _("The facility is not on this device; sync, then try again"));
      return FALSE;
    }
  if (start->template_id == NULL ||
      !query_exists (store, "SELECT 1 FROM checklist_template t JOIN facility f ON f.id = ?1"
                            " WHERE t.id = ?2 AND ',' || t.institution_types || ',' LIKE"
                            " '%,' || f.type || ',%'", start->facility_id, start->template_id))
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                   _("Choose a checklist that covers this kind of facility"));
      return FALSE;
    }
  if ((guint) start->kind >= FC_N_INSPECTION_KINDS)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID, _("Choose the kind of inspection"));
      return FALSE;
    }
  if (start->n_members == 0)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                   _("Sign in at least one member of the team"));
      return FALSE;
    }
  for (guint i = 0; i < start->n_members; i++)
    {
      const FcInspectionMember *member = &start->members[i];

      if (!query_exists (store, "SELECT 1 FROM person WHERE id = ? AND disabled = 0",
                         member->person_id, NULL))
        {
          g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                       _("A member of the team is not on the roster of this device; sync, then try again"));
          return FALSE;
        }
      if (g_strcmp0 (member->role, "expert") != 0 && g_strcmp0 (member->role, "staff") != 0 &&
          g_strcmp0 (member->role, "inspector") != 0)
        {
          g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                       _("A team member is an expert, bureau staff or an inspector"));
          return FALSE;
        }
      for (guint j = 0; j < i; j++)
        if (g_strcmp0 (start->members[j].person_id, member->person_id) == 0)
          {
            g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                         _("The same person is signed in twice; remove one of them"));
            return FALSE;
          }
    }
  for (guint c = 0; c < FC_N_CATEGORIES; c++)
    if (start->section_owners[c] != NULL && !is_member (start, start->section_owners[c]))
      {
        g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                     _("“%s” is assigned to someone outside the team; choose a team member"),
                     fc_category_label ((FcCategory) c));
        return FALSE;
      }

  open = fc_inspection_open_for (store, start->facility_id, NULL);
  if (open != NULL)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                   _("This facility already has an inspection in progress; continue it or finish it first"));
      return FALSE;
    }
  return TRUE;
}

/**
 * fc_inspection_start:
 * @store: the store; its user starts the inspection
 * @start: the facility, the template to pin, the kind, the team and who walks which category
 * @error: set with %FC_ERROR_INVALID and a sentence when @start cannot be used
 *
 * Writes the inspection, its members and its section owners in one
 * transaction, and makes it the resume point of this device.
 *
 * Returns: (transfer full): the inspection's id, or %NULL
 */
char *
fc_inspection_start (FcStore                  *store,
                     const FcInspectionStart  *start,
                     GError                  **error)
{
  g_autoptr(FcOp) op = NULL;
  g_autofree char *now = NULL;
  g_autofree char *id = NULL;

  g_return_val_if_fail (FC_IS_STORE (store), NULL);
  g_return_val_if_fail (start != NULL && start->facility_id != NULL, NULL);

  if (!check_start (store, start, error))
    return NULL;

  now = start->started_at ? g_strdup (start->started_at) : fc_store_now_iso (store);
  op = fc_op_new_insert ("inspection", NULL);
  id = g_strdup (op->row_id);
  fc_op_set_string (op, "facility_id", start->facility_id);
  fc_op_set_string (op, "template_id", start->template_id);
  fc_op_set_string (op, "kind", fc_inspection_kind_to_string (start->kind));
  fc_op_set_string (op, "started_at", now);
  fc_op_set_string (op, "created_by", fc_store_get_user (store));

  if (!fc_store_begin (store, error))
    return NULL;
  if (!fc_store_write (store, op, error))
    goto fail;
  for (guint i = 0; i < start->n_members; i++)
    {
      g_autoptr(FcOp) member = fc_op_new_insert ("inspection_member", NULL);

      fc_op_set_string (member, "inspection_id", id);
      fc_op_set_string (member, "person_id", start->members[i].person_id);
      fc_op_set_string (member, "role", start->members[i].role);
      fc_op_set_string (member, "expert_domain", start->members[i].expert_domain);
      if (!fc_store_write (store, member, error))
        goto fail;
    }
  for (guint c = 0; c < FC_N_CATEGORIES; c++)
    {
      g_autoptr(FcOp) owner = NULL;

      if (start->section_owners[c] == NULL)
        continue;
      owner = fc_op_new_insert ("section_owner", NULL);
      fc_op_set_string (owner, "inspection_id", id);
      fc_op_set_string (owner, "category", fc_category_to_string ((FcCategory) c));
      fc_op_set_string (owner, "person_id", start->section_owners[c]);
      if (!fc_store_write (store, owner, error))
        goto fail;
    }
  if (!fc_inspection_set_resume (store, id, NULL, error) || !fc_store_commit (store, error))
    goto fail;
  return g_steal_pointer (&id);

fail:
  fc_store_rollback (store);
  return NULL;
}

static gboolean
is_blank (const char *str)
{
  if (str == NULL)
    return TRUE;
  for (; *str != '\0'; str++)
    if (!g_ascii_isspace (*str))
      return FALSE;
  return TRUE;
}

/**
 * fc_inspection_check_answer:
 * @item: the item answered
 * @answer: the answer
 * @verdict: (out) (transfer full) (optional): what is stored as the answer:
 *   pass, fail or na, the text, the choice code
 * @error: set with %FC_ERROR_INVALID and a sentence when the answer does not fit the item
 *
 * A reading is checked against the item's limits: below the minimum or above
 * the maximum is a fail.
 */
gboolean
fc_inspection_check_answer (const FcWalkItem  *item,
                            const FcAnswer    *answer,
                            char             **verdict,
                            GError           **error)
{
  const char *value = answer->answer;
  const char *result = NULL;

  g_return_val_if_fail (item != NULL && answer != NULL, FALSE);

  if (g_strcmp0 (value, "na") == 0)
    result = "na";
  else
    switch (item->answer_type)
      {
      case FC_ANSWER_PASS_FAIL_NA:
        if (g_strcmp0 (value, "pass") == 0 || g_strcmp0 (value, "fail") == 0)
          result = value;
        else
          {
            g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                         _("Answer pass, fail or not applicable"));
            return FALSE;
          }
        break;
      case FC_ANSWER_NUMBER:
        if (!answer->has_number || !isfinite (answer->number))
          {
            if (item->unit != NULL)
              g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                           _("Enter the reading in %s, or answer not applicable"), item->unit);
            else
              g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                           _("Enter the reading, or answer not applicable"));
            return FALSE;
          }
        result = (!isnan (item->min) && answer->number < item->min) ||
                 (!isnan (item->max) && answer->number > item->max) ? "fail" : "pass";
        break;
      case FC_ANSWER_TEXT:
        if (is_blank (value))
          {
            g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                         _("Write down what you found, or answer not applicable"));
            return FALSE;
          }
        result = value;
        break;
      case FC_ANSWER_CHOICE:
        if (value == NULL || item->choice_codes == NULL ||
            !g_strv_contains ((const char * const *) item->choice_codes, value))
          {
            g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                         _("Choose one of the listed answers, or not applicable"));
            return FALSE;
          }
        result = value;
        break;
      default:
        g_return_val_if_reached (FALSE);
      }

  if (verdict != NULL)
    *verdict = g_strdup (result);
  return TRUE;
}

static gboolean
same_answer (const FcWalkItem *item,
             const char       *verdict,
             const FcAnswer   *answer)
{
  gboolean number = item->answer_type == FC_ANSWER_NUMBER && !g_str_equal (verdict, "na");

  return item->result_id != NULL &&
         g_strcmp0 (item->answer, verdict) == 0 &&
         (number ? item->has_number && item->number == answer->number : !item->has_number) &&
         g_strcmp0 (is_blank (item->note) ? NULL : item->note,
                    is_blank (answer->note) ? NULL : answer->note) == 0;
}

static gboolean
load_finished (FcStore     *store,
               const char  *inspection_id,
               gboolean    *finished,
               char       **facility_id,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = fc_store_prepare (store, "SELECT finished_at IS NOT NULL, facility_id FROM inspection"
                                  " WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, inspection_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_NOT_FOUND,
                   _("The inspection is not on this device; sync, then open it again"));
      return FALSE;
    }
  *finished = sqlite3_column_int (stmt, 0);
  if (facility_id != NULL)
    *facility_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  return TRUE;
}

/**
 * fc_inspection_answer:
 * @store: the store; its user is the author
 * @answer: the item and its answer
 * @error: set with %FC_ERROR_INVALID and a sentence when the answer does not
 *   fit the item or the inspection is finished
 *
 * Records the answer as a new revision that supersedes the item's latest one,
 * and moves this device's resume point to the item, in one transaction. An
 * answer equal to the latest one records nothing new.
 *
 * Returns: (transfer full): the id of the item's latest result, or %NULL
 */
char *
fc_inspection_answer (FcStore         *store,
                      const FcAnswer  *answer,
                      GError         **error)
{
  g_autoptr(FcWalkItem) item = NULL;
  g_autoptr(FcOp) op = NULL;
  g_autofree char *verdict = NULL;
  g_autofree char *now = NULL;
  g_autofree char *id = NULL;
  gboolean finished = FALSE;

  g_return_val_if_fail (FC_IS_STORE (store), NULL);
  g_return_val_if_fail (answer != NULL && answer->inspection_id != NULL && answer->item_id != NULL,
                        NULL);

  if (!load_finished (store, answer->inspection_id, &finished, NULL, error))
    return NULL;
  if (finished)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                   _("This inspection is finished; its answers can no longer change"));
      return NULL;
    }
  item = fc_walk_item_load (store, answer->inspection_id, answer->item_id, error);
  if (item == NULL || !fc_inspection_check_answer (item, answer, &verdict, error))
    return NULL;

  if (!fc_store_begin (store, error))
    return NULL;
  if (same_answer (item, verdict, answer))
    id = g_strdup (item->result_id);
  else
    {
      now = fc_store_now_iso (store);
      op = fc_op_new_insert ("result", NULL);
      fc_op_set_string (op, "inspection_id", answer->inspection_id);
      fc_op_set_string (op, "item_id", answer->item_id);
      fc_op_set_string (op, "equipment_id", answer->equipment_id);
      fc_op_set_string (op, "answer", verdict);
      if (item->answer_type == FC_ANSWER_NUMBER && !g_str_equal (verdict, "na"))
        fc_op_set_double (op, "value_number", answer->number);
      fc_op_set_string (op, "note", is_blank (answer->note) ? NULL : answer->note);
      fc_op_set_string (op, "author_id", fc_store_get_user (store));
      fc_op_set_string (op, "recorded_at", now);
      fc_op_set_string (op, "supersedes", item->result_id);
      if (!fc_store_write (store, op, error))
        goto fail;
      id = g_strdup (op->row_id);
    }
  if (!fc_inspection_set_resume (store, answer->inspection_id, answer->item_id, error) ||
      !fc_store_commit (store, error))
    goto fail;
  return g_steal_pointer (&id);

fail:
  fc_store_rollback (store);
  return NULL;
}

/**
 * fc_inspection_suggested_level:
 * @item: a failed item
 *
 * Returns: major for an item whose failure is a major hazard under a judgment
 *   standard, general otherwise
 */
FcHazardLevel
fc_inspection_suggested_level (const FcWalkItem *item)
{
  return item->major_standard != NULL ? FC_HAZARD_LEVEL_MAJOR : FC_HAZARD_LEVEL_GENERAL;
}

/**
 * fc_inspection_record_hazard:
 * @store: the store; its user records the hazard
 * @finding: the failed item and what the team says of it
 * @error: set with %FC_ERROR_INVALID and a sentence when the item has not
 *   failed, or the level differs from the suggestion with no reason
 *
 * Records a hazard from a failed item, linked to the item's latest result, with
 * the item's category and major-hazard criterion.
 *
 * Returns: (transfer full): the hazard's id, or %NULL
 */
char *
fc_inspection_record_hazard (FcStore                *store,
                             const FcFindingHazard  *finding,
                             GError                **error)
{
  g_autoptr(FcWalkItem) item = NULL;
  g_autofree char *facility_id = NULL;
  g_autofree char *criterion = NULL;
  gboolean finished = FALSE;
  FcHazardRecord record = { 0 };

  g_return_val_if_fail (FC_IS_STORE (store), NULL);
  g_return_val_if_fail (finding != NULL && finding->inspection_id != NULL &&
                        finding->item_id != NULL, NULL);

  if (!load_finished (store, finding->inspection_id, &finished, &facility_id, error))
    return NULL;
  item = fc_walk_item_load (store, finding->inspection_id, finding->item_id, error);
  if (item == NULL)
    return NULL;
  if (!fc_walk_item_is_failed (item))
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                   _("Only a failed item raises a hazard; answer it “fail” first"));
      return NULL;
    }
  if ((guint) finding->level >= FC_N_HAZARD_LEVELS)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID, _("Choose the level of the hazard"));
      return NULL;
    }
  if (finding->level != fc_inspection_suggested_level (item) && is_blank (finding->level_reason))
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                   _("Say why the level differs from the suggested one"));
      return NULL;
    }

  criterion = fc_walk_item_criterion (item);
  record.facility_id = facility_id;
  record.source = "inspection";
  record.inspection_id = finding->inspection_id;
  record.result_id = item->result_id;
  record.item_id = item->item_id;
  record.category = item->category;
  record.description = is_blank (finding->description) ? fc_walk_item_content (item)
                                                       : finding->description;
  record.location = is_blank (finding->location) ? NULL : finding->location;
  record.equipment_id = finding->equipment_id;
  record.level = finding->level;
  record.level_reason = is_blank (finding->level_reason) ? NULL : finding->level_reason;
  record.criterion = criterion;
  record.expert_judgement = finding->expert_judgement;
  record.responsible_party = is_blank (finding->responsible_party) ? NULL
                                                                   : finding->responsible_party;
  record.measures = is_blank (finding->measures) ? NULL : finding->measures;
  record.deadline = is_blank (finding->deadline) ? NULL : finding->deadline;
  return fc_hazards_record (store, &record, error);
}

/**
 * fc_inspection_finish:
 * @store: the store
 * @inspection_id: an inspection in progress
 * @error: set with %FC_ERROR_INVALID when it is already finished
 *
 * Marks the walk finished; unanswered items stay unanswered, and the summary
 * lists them. Answers can no longer change; sign-offs can now be made.
 */
gboolean
fc_inspection_finish (FcStore     *store,
                      const char  *inspection_id,
                      GError     **error)
{
  g_autoptr(FcOp) op = NULL;
  g_autofree char *now = NULL;
  gboolean finished = FALSE;

  g_return_val_if_fail (FC_IS_STORE (store), FALSE);
  g_return_val_if_fail (inspection_id != NULL, FALSE);

  if (!load_finished (store, inspection_id, &finished, NULL, error))
    return FALSE;
  if (finished)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID, _("This inspection is already finished"));
      return FALSE;
    }
  now = fc_store_now_iso (store);
  op = fc_op_new_update ("inspection", inspection_id);
  fc_op_set_string (op, "finished_at", now);
  if (!fc_store_begin (store, error))
    return FALSE;
  if (!fc_store_write (store, op, error) ||
      !fc_inspection_set_resume (store, inspection_id, NULL, error) ||
      !fc_store_commit (store, error))
    {
      fc_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

/**
 * fc_inspection_summary:
 * @store: the store
 * @inspection_id: an inspection
 * @error: return location for an error
 *
 * Returns: (transfer full): total, answered, pass, fail, na, hazards_major,
 *   hazards_general, finished_at, and arrays unanswered (item_id, code,
 *   category, content), members (person_id, name, role, expert_domain,
 *   signed) and signoffs (id, person_id, signer_name, signer_role,
 *   signed_at, signature_sha)
 */
JsonObject *
fc_inspection_summary (FcStore     *store,
                       const char  *inspection_id,
                       GError     **error)
{
  const char *params[] = { inspection_id, NULL };
  g_autoptr(FcWalk) walk = NULL;
  g_autoptr(JsonObject) summary = json_object_new ();
  g_autoptr(JsonArray) members = NULL;
  g_autoptr(JsonArray) signoffs = NULL;
  g_autoptr(JsonArray) hazards = NULL;
  JsonArray *unanswered = json_array_new ();
  FcWalkProgress all;
  guint pass = 0, na = 0;

  g_return_val_if_fail (FC_IS_STORE (store), NULL);

  json_object_set_array_member (summary, "unanswered", unanswered);
  walk = fc_walk_load (store, inspection_id, error);
  if (walk == NULL)
    return NULL;
  for (guint i = 0; i < fc_walk_get_n_items (walk); i++)
    {
      const FcWalkItem *item = fc_walk_get_item (walk, i);

      if (item->result_id == NULL)
        {
          JsonObject *row = json_object_new ();

          json_object_set_string_member (row, "item_id", item->item_id);
          json_object_set_string_member (row, "code", item->code);
          json_object_set_string_member (row, "category", fc_category_to_string (item->category));
          json_object_set_string_member (row, "content", fc_walk_item_content (item));
          json_array_add_object_element (unanswered, row);
        }
      pass += g_strcmp0 (item->answer, "pass") == 0;
      na += g_strcmp0 (item->answer, "na") == 0;
    }
  all = fc_walk_get_progress (walk, -1);
  json_object_set_int_member (summary, "total", all.total);
  json_object_set_int_member (summary, "answered", all.answered);
  json_object_set_int_member (summary, "fail", all.failures);
  json_object_set_int_member (summary, "pass", pass);
  json_object_set_int_member (summary, "na", na);
  if (fc_walk_get_finished_at (walk) != NULL)
    json_object_set_string_member (summary, "finished_at", fc_walk_get_finished_at (walk));
  else
    json_object_set_null_member (summary, "finished_at");

  hazards = fc_query_rows (store, "SELECT sum (level = 'major') AS major,"
                                  " sum (level = 'general') AS general FROM hazard"
                                  " WHERE inspection_id = ?1 AND facility_id ="
                                  " (SELECT facility_id FROM inspection WHERE id = ?1)",
                           params, error);
  if (hazards == NULL)
    return NULL;
  json_object_set_int_member (summary, "hazards_major",
    json_object_get_int_member_with_default (json_array_get_object_element (hazards, 0), "major", 0));
  json_object_set_int_member (summary, "hazards_general",
    json_object_get_int_member_with_default (json_array_get_object_element (hazards, 0), "general", 0));

  members = fc_query_rows (store, "SELECT m.person_id, p.name, m.role, m.expert_domain,"
                                  " EXISTS (SELECT 1 FROM signoff s WHERE s.inspection_id = ?1"
                                  "  AND s.person_id = m.person_id) AS signed"
                                  " FROM inspection_member m JOIN person p ON p.id = m.person_id"
                                  " WHERE m.inspection_id = ?1 ORDER BY m.rowid", params, error);
  if (members == NULL)
    return NULL;
  json_object_set_array_member (summary, "members", g_steal_pointer (&members));

  signoffs = fc_query_rows (store, "SELECT id, person_id, signer_name, signer_role, signed_at,"
                                   " signature_sha FROM signoff WHERE inspection_id = ?1"
                                   " ORDER BY signed_at, rowid", params, error);
  if (signoffs == NULL)
    return NULL;
  json_object_set_array_member (summary, "signoffs", g_steal_pointer (&signoffs));
  return g_steal_pointer (&summary);
}

/**
 * fc_inspection_sign:
 * @store: the store
 * @signoff: who signs, in which role, with the signature drawn on the screen as PNG
 * @error: set with %FC_ERROR_INVALID and a sentence when the inspection is not
 *   finished, the signer is not on the team, or there is no signature
 *
 * Keeps the signature in the photo store as any photo is kept (checked,
 * staged, published under its digest), then records the sign-off
 * (insert-only) and the signature's photo record (kind signoff, purpose
 * signature) in one transaction: a crash in between leaves only a file that
 * fc_photos_reconcile() sets aside.
 *
 * Returns: (transfer full): the sign-off's id, or %NULL
 */
char *
fc_inspection_sign (FcStore          *store,
                    const FcSignoff  *signoff,
                    GError          **error)
{
  g_autoptr(FcOp) op = NULL;
  g_autofree char *now = NULL;
  g_autofree char *photo = NULL;
  g_autofree char *id = NULL;
  gboolean finished = FALSE;

  g_return_val_if_fail (FC_IS_STORE (store), NULL);
  g_return_val_if_fail (signoff != NULL && signoff->inspection_id != NULL, NULL);

  if (!load_finished (store, signoff->inspection_id, &finished, NULL, error))
    return NULL;
  if (!finished)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                   _("Finish the inspection before it is signed off"));
      return NULL;
    }
  if (is_blank (signoff->signer_name))
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID, _("Write the name of the person signing"));
      return NULL;
    }
  if (signoff->signer_role == FC_SIGNER_TEAM_MEMBER &&
      (signoff->person_id == NULL ||
       !query_exists (store, "SELECT 1 FROM inspection_member WHERE inspection_id = ? AND person_id = ?",
                      signoff->inspection_id, signoff->person_id)))
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                   _("Only a member of the team signs for the team"));
      return NULL;
    }
  if (signoff->signature_png == NULL || g_bytes_get_size (signoff->signature_png) == 0)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID, _("Draw the signature first"));
      return NULL;
    }

  now = fc_store_now_iso (store);
  op = fc_op_new_insert ("signoff", NULL);
  id = g_strdup (op->row_id);
  fc_op_set_string (op, "inspection_id", signoff->inspection_id);
  fc_op_set_string (op, "person_id", signoff->person_id);
  fc_op_set_string (op, "signer_name", signoff->signer_name);
  fc_op_set_string (op, "signer_role", fc_signer_role_to_string (signoff->signer_role));
  fc_op_set_string (op, "signed_at", now);

  photo = fc_photos_import_signature (store, signoff->signature_png, op, error);
  if (photo == NULL)
    return NULL;
  return g_steal_pointer (&id);
}

/**
 * fc_inspection_set_resume:
 * @store: the store
 * @inspection_id: (nullable): the inspection on screen; %NULL forgets the resume point
 * @item_id: (nullable): the item on screen; %NULL for the overview
 * @error: return location for an error
 *
 * Remembers where this device's walk stands; joins the open transaction, if any.
 */
gboolean
fc_inspection_set_resume (FcStore     *store,
                          const char  *inspection_id,
                          const char  *item_id,
                          GError     **error)
{
  g_return_val_if_fail (FC_IS_STORE (store), FALSE);

  return fc_store_set_meta (store, META_RESUME_INSPECTION, inspection_id ? inspection_id : "", error) &&
         fc_store_set_meta (store, META_RESUME_ITEM, item_id ? item_id : "", error);
}

/**
 * fc_inspection_get_resume:
 * @store: the store
 * @inspection_id: (out) (transfer full): the inspection
 * @item_id: (out) (transfer full) (nullable): the item, or %NULL for the overview
 *
 * Returns: whether there is a resume point
 */
gboolean
fc_inspection_get_resume (FcStore  *store,
                          char    **inspection_id,
                          char    **item_id)
{
  g_autofree char *inspection = NULL;
  g_autofree char *item = NULL;

  g_return_val_if_fail (FC_IS_STORE (store), FALSE);

  inspection = fc_store_get_meta (store, META_RESUME_INSPECTION);
  item = fc_store_get_meta (store, META_RESUME_ITEM);
  *inspection_id = NULL;
  *item_id = NULL;
  if (is_blank (inspection))
    return FALSE;
  *inspection_id = g_steal_pointer (&inspection);
  *item_id = is_blank (item) ? NULL : g_steal_pointer (&item);
  return TRUE;
}
