/* fc-sync-service.c: sync with the district server, off the main loop, by hand and by itself
 *
 * A sync talks to the network for seconds, so it cannot take the window's
 * store worker, whose jobs the pages wait on. It runs in a thread of its own
 * on a connection of its own to the same file, opened for the one sync and
 * closed after it: SQLite serialises the two writers, and a fresh connection
 * reads the acting user, the credential and the clock as they are now. The
 * window's connection keeps the device sequence and the clock in memory, so
 * every local write (a conflict resolved, too) stays on it, and after a pull
 * its clock is moved past what arrived. Everything the page shows is read on
 * the window's worker.
 *
 * A sync starts on demand, when GNetworkMonitor says the network came back
 * (with sync-automatically on), when changes have waited a while, and after a
 * failure the network or the server may recover from, after the backoff of
 * fc-sync-backoff.c or the server's Retry-After, whichever is longer.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "fc-conflicts.h"
#include "fc-op.h"
#include "fc-sync-backoff.h"
#include "fc-sync-client.h"
#include "fc-sync-service.h"

#define POLL_SECONDS 60
/* What the last sync that worked did: taken, refused, received. Counting the
 * acknowledged ops instead would read the whole op-log. */
#define LAST_STATS_META "sync_last_stats"

struct _FcSyncService
{
  GObject          parent_instance;

  FcStoreService  *store_service;
  GSettings       *settings;
  GNetworkMonitor *monitor;
  GCancellable    *cancellable;

  FcSyncStatus    *status;
  char            *last_error;
  gboolean         started;
  gboolean         ready;        /* the window's store is open and migrated */
  gboolean         syncing;
  gboolean         again;        /* a sync was asked for during one */
  guint            attempt;      /* failures in a row */
  gboolean         stuck;        /* the last failure needs a person (revoked, refused) */
  gboolean         network_available;
  gint64           retry_ms;     /* the wait before the next attempt, 0 when none */
  FcSyncProgress   progress;     /* of the sync under way */
  gboolean         has_progress;
  guint            retry_id;
  guint            poll_id;
  guint            pending;
};

G_DEFINE_FINAL_TYPE (FcSyncService, fc_sync_service, G_TYPE_OBJECT)

enum { CHANGED, SYNCED, NOTICE, PROGRESS, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
refusal_free (FcSyncRefusal *refusal)
{
  g_free (refusal->op_id);
  g_free (refusal->record);
  g_free (refusal->fields);
  g_free (refusal->message);
  g_free (refusal);
}

static void
conflict_free (FcSyncConflict *conflict)
{
  g_free (conflict->record);
  g_free (conflict->field);
  g_free (conflict->mine.value);
  g_free (conflict->mine.who);
  g_free (conflict->theirs.value);
  g_free (conflict->theirs.who);
  g_free (conflict);
}

static void
status_free (FcSyncStatus *status)
{
  g_free (status->server);
  g_free (status->device_id);
  g_free (status->acting);
  g_free (status->notice);
  g_free (status->sign_in_note);
  g_clear_pointer (&status->refusals, g_ptr_array_unref);
  g_clear_pointer (&status->incoming, g_ptr_array_unref);
  g_clear_pointer (&status->conflicts, g_ptr_array_unref);
  g_free (status);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcSyncStatus, status_free)

/* Reading the status: what a person calls the records and fields. */

static const char *
table_label (const char *table)
{
  static const struct { const char *table; const char *label; } labels[] = {
    { "hazard", N_("Hazard") },
    { "hazard_event", N_("Hazard step") },
    { "facility", N_("Institution") },
    { "equipment", N_("Equipment") },
    { "inspection", N_("Inspection") },
    { "inspection_member", N_("Inspection team member") },
    { "result", N_("Checklist answer") },
    { "signoff", N_("Sign-off") },
    { "photo", N_("Photo") },
    { "person", N_("Person") },
    { "assignment", N_("Assignment") },
    { "team", N_("Team") },
    { "team_member", N_("Team member") },
    { "section_owner", N_("Section owner") },
    { "checklist_template", N_("Checklist") },
    { "checklist_item", N_("Checklist item") },
    { "lookback", N_("Look-back re-check") },
    { "whistle_report", N_("Whistle-blower report") },
    { "whistle_action", N_("Whistle-blower report step") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (labels[i].table, table))
      return _(labels[i].label);
  return table;
}

static const char *
field_label (const char *field)
{
  static const struct { const char *field; const char *label; } labels[] = {
    { "description", N_("Description") },
    { "measures", N_("Rectification measures") },
    { "funds", N_("Funds") },
    { "deadline", N_("Deadline") },
    { "plan", N_("Contingency plan") },
    { "interim_controls", N_("Interim controls") },
    { "level", N_("Level") },
    { "level_reason", N_("Reason for the level") },
    { "status", N_("Status") },
    { "status_note", N_("Status note") },
    { "location", N_("Location") },
    { "responsible_party", N_("Responsible party") },
    { "responsible_person", N_("Person responsible") },
    { "supervising_leader_id", N_("Supervising leader") },
    { "lead_department", N_("Lead department") },
    { "verifier_org", N_("Acceptance organisation") },
    { "name", N_("Name") },
    { "address", N_("Address") },
    { "beds", N_("Beds") },
    { "legal_rep", N_("Legal representative") },
    { "legal_rep_phone", N_("Legal representative's phone") },
    { "safety_officer", N_("Safety officer") },
    { "phone", N_("Phone") },
    { "kind", N_("Kind") },
    { "tag_code", N_("Tag") },
    { "installed_on", N_("Installed on") },
    { "last_serviced_on", N_("Last serviced on") },
    { "expires_on", N_("Expires on") },
    { "retired", N_("Retired") },
    { "answer", N_("Answer") },
    { "note", N_("Note") },
    { "finished_at", N_("Finished at") },
    { "roles", N_("Roles") },
    { "disabled", N_("Disabled") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (labels[i].field, field))
      return _(labels[i].label);
  return field;
}

static char *
lookup_text (FcStore    *store,
             const char *sql,
             const char *id)
{
  g_autoptr(sqlite3_stmt) stmt = fc_store_prepare (store, sql, NULL);
  const char *text;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW || (text = (const char *) sqlite3_column_text (stmt, 0)) == NULL)
    return NULL;
  return g_strdup (text);
}

/* "Hazard “Blocked exit”": the kind of record and the words that name it. */
static char *
record_label (FcStore    *store,
              const char *table,
              const char *row_id,
              JsonObject *fields)
{
  g_autofree char *sql = NULL;
  g_autofree char *name = NULL;

  if (!fc_store_is_syncable_table (store, table))
    return g_strdup (table);
  if (fc_store_has_column (store, table, "description"))
    sql = g_strdup_printf ("SELECT description FROM %s WHERE id = ?", table);
  else if (fc_store_has_column (store, table, "name"))
    sql = g_strdup_printf ("SELECT name FROM %s WHERE id = ?", table);
  else if (fc_store_has_column (store, table, "hazard_id"))
    sql = g_strdup_printf ("SELECT h.description FROM %s t JOIN hazard h ON h.id = t.hazard_id "
                           "WHERE t.id = ?", table);
  else if (fc_store_has_column (store, table, "inspection_id"))
    sql = g_strdup_printf ("SELECT f.name FROM %s t JOIN inspection i ON i.id = t.inspection_id "
                           "JOIN facility f ON f.id = i.facility_id WHERE t.id = ?", table);
  else if (fc_store_has_column (store, table, "facility_id"))
    sql = g_strdup_printf ("SELECT f.name FROM %s t JOIN facility f ON f.id = t.facility_id "
                           "WHERE t.id = ?", table);
  if (sql != NULL)
    name = lookup_text (store, sql, row_id);
  /* A row that never arrived here is named by what its op says of it. */
  if (name == NULL && fields != NULL)
    {
      const char *value;

      if ((value = json_object_get_string_member_with_default (fields, "description", NULL)) != NULL ||
          (value = json_object_get_string_member_with_default (fields, "name", NULL)) != NULL)
        name = g_strdup (value);
      else if ((value = json_object_get_string_member_with_default (fields, "hazard_id", NULL)) != NULL)
        name = lookup_text (store, "SELECT description FROM hazard WHERE id = ?", value);
      else if ((value = json_object_get_string_member_with_default (fields, "facility_id", NULL)) != NULL)
        name = lookup_text (store, "SELECT name FROM facility WHERE id = ?", value);
      else if ((value = json_object_get_string_member_with_default (fields, "inspection_id", NULL)) != NULL)
        name = lookup_text (store, "SELECT f.name FROM inspection i JOIN facility f ON f.id = i.facility_id "
                                   "WHERE i.id = ?", value);
    }
  if (name == NULL)
    name = g_strndup (row_id, 8);
  /* Translators: a record named for a person: its kind and its name, e.g. Hazard “Blocked exit” */
  return g_strdup_printf (_("%s “%s”"), table_label (table), name);
}

static char *
fields_label_of (JsonObject *fields)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GList) members = json_object_get_members (fields);

  for (GList *l = members; l != NULL; l = l->next)
    {
      if (out->len > 0)
        /* Translators: the separator of a list of field names */
        g_string_append (out, _(", "));
      g_string_append (out, field_label (l->data));
    }
  return out->len > 0 ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

static char *
fields_label (const char *kind,
              const char *fields_json)
{
  g_autoptr(JsonNode) node = NULL;

  if (g_strcmp0 (kind, "insert") == 0 || fields_json == NULL ||
      (node = json_from_string (fields_json, NULL)) == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return fields_label_of (json_node_get_object (node));
}

static gint64
query_int (FcStore    *store,
           const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = fc_store_prepare (store, sql, NULL);

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return sqlite3_column_int64 (stmt, 0);
}

static void
read_side (FcStore              *store,
           const FcConflictSide *side,
           FcSyncConflictSide   *out)
{
  out->value = g_strdup (side->value);
  out->who = g_strdup (side->user_name ? side->user_name : side->user_id);
  out->at_ms = side->hlc ? (gint64) FC_HLC_MS (side->hlc) : 0;
  out->ours = g_strcmp0 (side->device_id, fc_store_get_device_id (store)) == 0;
}

/* The server's sentences name people by their ids; a person reads names. */
static char *
name_people (const char *message,
             const char *user_id,
             const char *name)
{
  g_auto(GStrv) parts = NULL;

  if (message == NULL || user_id == NULL || name == NULL || *user_id == '\0')
    return g_strdup (message);
  parts = g_strsplit (message, user_id, -1);
  return g_strjoinv (name, parts);
}

static gpointer
status_job (FcStore   *store,
            gpointer   data,
            GError   **error)
{
  g_autoptr(FcSyncStatus) status = g_new0 (FcSyncStatus, 1);
  g_autoptr(sqlite3_stmt) refusals = NULL;
  g_autoptr(sqlite3_stmt) incoming = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autofree char *credential = fc_store_get_meta (store, FC_SYNC_META_CREDENTIAL);
  g_autofree char *last = fc_store_get_meta (store, FC_SYNC_META_LAST_SYNC);
  g_autofree char *last_stats = fc_store_get_meta (store, LAST_STATS_META);

  if (credential != NULL)
    status->server = fc_store_get_meta (store, FC_SYNC_META_SERVER);
  status->device_id = g_strdup (fc_store_get_device_id (store));
  if (fc_store_get_user (store) != NULL)
    {
      status->acting = lookup_text (store, "SELECT name || coalesce (' (' || login || ')', '') FROM person "
                                           "WHERE id = ?", fc_store_get_user (store));
      if (status->acting == NULL)
        status->acting = g_strdup (fc_store_get_user (store));
    }
  status->last_sync_ms = last ? g_ascii_strtoll (last, NULL, 10) : 0;
  status->sign_in_note = fc_store_get_meta (store, FC_SYNC_META_SIGN_IN_NOTE);
  status->n_waiting = query_int (store, "SELECT count (*) FROM (SELECT 1 FROM op_log WHERE origin = 'local' "
                                        "AND acked = 0 LIMIT " G_STRINGIFY (FC_SYNC_WAITING_CAP) " + 1)");
  status->oldest_waiting_ms = (gint64) FC_HLC_MS ((FcHlc) query_int (store,
    "SELECT hlc FROM op_log WHERE origin = 'local' AND acked = 0 ORDER BY seq LIMIT 1"));
  /* Synced by fieldcheck-cli, or never: the counts are not known. */
  status->last_taken = status->last_refused = status->last_received = -1;
  if (last_stats != NULL)
    sscanf (last_stats, "%" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT,
            &status->last_taken, &status->last_refused, &status->last_received);
  status->refusals = g_ptr_array_new_with_free_func ((GDestroyNotify) refusal_free);
  status->incoming = g_ptr_array_new_with_free_func ((GDestroyNotify) refusal_free);
  status->conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) conflict_free);

  refusals = fc_store_prepare (store,
    "SELECT r.op_id, o.tbl, o.row_id, o.kind, o.fields, r.message, r.at, o.user_id, p.name "
    "FROM sync_refusal r JOIN op_log o ON o.op_id = r.op_id LEFT JOIN person p ON p.id = o.user_id "
    "WHERE r.direction = 'push' ORDER BY r.at DESC LIMIT 200", error);
  if (refusals == NULL)
    return NULL;
  while (sqlite3_step (refusals) == SQLITE_ROW)
    {
      FcSyncRefusal *refusal = g_new0 (FcSyncRefusal, 1);
      g_autoptr(JsonNode) fields = json_from_string ((const char *) sqlite3_column_text (refusals, 4), NULL);

      refusal->op_id = g_strdup ((const char *) sqlite3_column_text (refusals, 0));
      /* A refused new record is gone from the store: its op names it. */
      refusal->record = record_label (store, (const char *) sqlite3_column_text (refusals, 1),
                                      (const char *) sqlite3_column_text (refusals, 2),
                                      fields && JSON_NODE_HOLDS_OBJECT (fields)
                                      ? json_node_get_object (fields) : NULL);
      refusal->fields = fields_label ((const char *) sqlite3_column_text (refusals, 3),
                                      (const char *) sqlite3_column_text (refusals, 4));
      refusal->message = name_people ((const char *) sqlite3_column_text (refusals, 5),
                                       (const char *) sqlite3_column_text (refusals, 7),
                                       (const char *) sqlite3_column_text (refusals, 8));
      refusal->at_ms = sqlite3_column_int64 (refusals, 6);
      g_ptr_array_add (status->refusals, refusal);
    }

  incoming = fc_store_prepare (store,
    "SELECT r.op_id, r.op, r.message, r.at FROM sync_refusal r "
    "WHERE r.direction = 'pull' ORDER BY r.at DESC LIMIT 200", error);
  if (incoming == NULL)
    return NULL;
  while (sqlite3_step (incoming) == SQLITE_ROW)
    {
      g_autoptr(JsonNode) node = json_from_string ((const char *) sqlite3_column_text (incoming, 1), NULL);
      g_autoptr(FcOp) op = node ? fc_op_from_json (node, NULL) : NULL;
      g_autofree char *name = NULL;
      FcSyncRefusal *refusal;

      if (op == NULL)
        continue;
      if (op->user_id != NULL)
        name = lookup_text (store, "SELECT name FROM person WHERE id = ?", op->user_id);
      refusal = g_new0 (FcSyncRefusal, 1);
      refusal->op_id = g_strdup ((const char *) sqlite3_column_text (incoming, 0));
      refusal->record = record_label (store, op->table, op->row_id, op->fields);
      refusal->fields = op->kind == FC_OP_INSERT ? NULL : fields_label_of (op->fields);
      refusal->message = name_people ((const char *) sqlite3_column_text (incoming, 2), op->user_id, name);
      refusal->at_ms = sqlite3_column_int64 (incoming, 3);
      g_ptr_array_add (status->incoming, refusal);
    }

  conflicts = fc_conflicts_list (store, TRUE, error);
  if (conflicts == NULL)
    return NULL;
  for (guint i = 0; i < conflicts->len; i++)
    {
      FcConflict *found = conflicts->pdata[i];
      FcSyncConflict *conflict;
      FcSyncConflictSide kept, other;

      /* Settled already by a write that saw both sides, here or elsewhere. */
      if (found->superseded)
        continue;
      conflict = g_new0 (FcSyncConflict, 1);
      conflict->id = found->id;
      conflict->record = record_label (store, found->table, found->row_id, NULL);
      conflict->field = g_strdup (field_label (found->field));
      read_side (store, &found->kept, &kept);
      read_side (store, &found->other, &other);
      if (other.ours && !kept.ours)
        {
          conflict->mine = other;
          conflict->theirs = kept;
        }
      else
        {
          conflict->mine = kept;
          conflict->theirs = other;
        }
      g_ptr_array_add (status->conflicts, conflict);
    }
  return g_steal_pointer (&status);
}

/* After a pull, the window's connection has not seen the clock move: local
 * writes must come after what arrived, on the server's time. */
static gpointer
observe_job (FcStore   *store,
             gpointer   data,
             GError   **error)
{
  FcHlcClock *clock = fc_store_get_clock (store);
  g_autofree char *offset = fc_store_get_meta (store, FC_SYNC_META_OFFSET);
  FcHlc newest = (FcHlc) query_int (store, "SELECT clock FROM op_log ORDER BY seq DESC LIMIT 1");

  if (offset != NULL)
    clock->offset_ms = g_ascii_strtoll (offset, NULL, 10);
  if (newest > clock->last)
    fc_hlc_receive (clock, newest, NULL);
  return status_job (store, data, error);
}

typedef struct
{
  gint64   conflict_id;
  gboolean keep_mine;
} ResolveRequest;

/* The chosen value is written through the write API as a new change that
 * has seen both sides (fc_conflicts_resolve()), so it wins on every store. */
static gpointer
resolve_job (FcStore   *store,
             gpointer   data,
             GError   **error)
{
  ResolveRequest *request = data;
  g_autoptr(GError) refusal = NULL;
  g_autoptr(FcConflict) conflict = fc_conflicts_get (store, request->conflict_id, &refusal);
  FcConflictSide *chosen;

  if (conflict == NULL)
    {
      FcSyncStatus *status = status_job (store, NULL, error);

      if (status != NULL)
        status->notice = g_strdup (refusal->message);
      return status;
    }
  /* The same choice of sides as status_job(): mine is the losing one only when only it is ours. */
  if (g_strcmp0 (conflict->other.device_id, fc_store_get_device_id (store)) == 0 &&
      g_strcmp0 (conflict->kept.device_id, fc_store_get_device_id (store)) != 0)
    chosen = request->keep_mine ? &conflict->other : &conflict->kept;
  else
    chosen = request->keep_mine ? &conflict->kept : &conflict->other;
  if (!fc_conflicts_resolve (store, request->conflict_id, chosen->value, &refusal))
    {
      /* Not a failure of sync: the page says why and shows what holds now. */
      FcSyncStatus *status = status_job (store, NULL, error);

      if (status != NULL)
        status->notice = g_strdup (refusal->message);
      return status;
    }
  return status_job (store, NULL, error);
}

/* The sync itself, on a thread and a connection of its own. */

typedef struct
{
  char   *path;
  char   *server;
  char   *token;
  char   *pin;
  char   *ca_file;
  gint64  retry_after_s;
  gboolean enrolled;
  FcSyncService *service;   /* for progress; the task holds a reference */
  GMainContext  *context;
} SyncRequest;

static void
sync_request_free (SyncRequest *request)
{
  g_free (request->path);
  g_free (request->server);
  g_free (request->pin);
  g_free (request->ca_file);
  g_clear_pointer (&request->context, g_main_context_unref);
  if (request->token != NULL)
    memset (request->token, 0, strlen (request->token));
  g_free (request->token);
  g_free (request);
}

typedef struct
{
  FcSyncService  *service;
  FcSyncProgress  progress;
} ProgressReport;

static gboolean
progress_cb (gpointer data)
{
  ProgressReport *report = data;
  FcSyncService *self = report->service;

  if (self->syncing && !g_cancellable_is_cancelled (self->cancellable))
    {
      self->progress = report->progress;
      self->has_progress = TRUE;
      g_signal_emit (self, signals[PROGRESS], 0);
    }
  return G_SOURCE_REMOVE;
}

static void
progress_report_free (ProgressReport *report)
{
  g_object_unref (report->service);
  g_free (report);
}

/* On the sync's thread: a copy goes to the main loop, in order. */
static void
on_progress (const FcSyncProgress *progress,
             gpointer              user_data)
{
  SyncRequest *request = user_data;
  ProgressReport *report = g_new0 (ProgressReport, 1);

  report->service = g_object_ref (request->service);
  report->progress = *progress;
  g_main_context_invoke_full (request->context, G_PRIORITY_DEFAULT, progress_cb, report,
                              (GDestroyNotify) progress_report_free);
}

/* The trust given with an enrolment, checked, then kept before it is used;
 * a failed enrolment puts back what was kept before, as fieldcheck-cli does. */
static gboolean
enroll_in_thread (FcStore      *store,
                  SyncRequest  *request,
                  GError      **error)
{
  g_autofree char *old_pin = NULL;
  g_autofree char *old_ca = NULL;

  if (!fc_sync_trust_check (request->pin, request->ca_file, error))
    return FALSE;
  old_pin = fc_store_get_meta (store, FC_SYNC_META_PINNED_KEY);
  old_ca = fc_store_get_meta (store, FC_SYNC_META_CA_FILE);
  if (!fc_sync_trust_set (store, request->pin, request->ca_file, error))
    return FALSE;
  if (!fc_sync_client_enroll (store, request->server, request->token, NULL, error))
    {
      fc_sync_trust_set (store, old_pin, old_ca, NULL);
      return FALSE;
    }
  return TRUE;
}

static void
sync_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SyncRequest *request = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = NULL;
  g_autoptr(FcSyncClient) client = NULL;
  FcSyncStats *stats = g_new0 (FcSyncStats, 1);

  store = fc_store_open (request->path, &error);
  if (store != NULL && request->token != NULL)
    request->enrolled = enroll_in_thread (store, request, &error);
  if (error == NULL && store != NULL)
    client = fc_sync_client_new (store, &error);
  if (client != NULL)
    {
      fc_sync_client_set_progress_func (client, on_progress, request);
      if (fc_sync_client_sync (client, stats, &error))
        {
          g_autofree char *text = g_strdup_printf ("%u %u %u", stats->applied + stats->duplicate,
                                                   stats->rejected, stats->pulled);

          fc_store_set_meta (store, LAST_STATS_META, text, &error);
        }
      request->retry_after_s = fc_sync_client_get_retry_after (client);
    }
  if (error != NULL)
    {
      g_free (stats);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, stats, g_free);
}

static void run_status_job (FcSyncService *self,
                            FcStoreJob     job,
                            gpointer       data);
static void start_sync     (FcSyncService *self,
                            const char    *server,
                            const char    *token,
                            const char    *pin,
                            const char    *ca_file);

static gboolean
automatic (FcSyncService *self)
{
  return self->settings == NULL || g_settings_get_boolean (self->settings, "sync-automatically");
}

static gboolean
retry_cb (gpointer user_data)
{
  FcSyncService *self = user_data;

  self->retry_id = 0;
  self->retry_ms = 0;
  if (automatic (self) && !self->syncing)
    start_sync (self, NULL, NULL, NULL, NULL);
  return G_SOURCE_REMOVE;
}

static void
set_last_error (FcSyncService *self,
                const char    *message)
{
  g_free (self->last_error);
  self->last_error = g_strdup (message);
}

static void
sync_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(FcSyncService) self = user_data;
  GTask *task = G_TASK (result);
  SyncRequest *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree FcSyncStats *stats = g_task_propagate_pointer (task, &error);

  self->pending--;
  self->syncing = FALSE;
  self->has_progress = FALSE;
  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  if (request->enrolled && self->settings != NULL)
    g_settings_set_string (self->settings, "server-url", request->server);
  if (stats != NULL)
    {
      self->attempt = 0;
      self->stuck = FALSE;
      set_last_error (self, NULL);
      g_signal_emit (self, signals[SYNCED], 0, stats->pulled);
    }
  else
    {
      set_last_error (self, error->message);
      /* Asking again by itself would only hear the same answer. */
      self->stuck = !fc_sync_error_is_transient (error);
      if (!self->stuck && automatic (self))
        {
          gint64 wait_ms = fc_sync_backoff_delay (self->attempt++, FC_SYNC_BACKOFF_BASE_MS,
                                                  FC_SYNC_BACKOFF_CAP_MS, g_random_double ());

          /* Full jitter may draw no wait at all; 1 ms still says a retry is planned. */
          self->retry_ms = MAX (MAX (wait_ms, request->retry_after_s * 1000), 1);
          g_clear_handle_id (&self->retry_id, g_source_remove);
          self->retry_id = g_timeout_add ((guint) MIN (self->retry_ms, G_MAXUINT), retry_cb, self);
        }
    }
  g_signal_emit (self, signals[CHANGED], 0);
  /* What was acknowledged, refused and merged, and the clock of the window's connection. */
  run_status_job (self, observe_job, NULL);
}

static void
start_sync (FcSyncService *self,
            const char    *server,
            const char    *token,
            const char    *pin,
            const char    *ca_file)
{
  g_autoptr(GTask) task = NULL;
  SyncRequest *request;

  if (self->syncing)
    return;
  request = g_new0 (SyncRequest, 1);
  request->path = g_strdup (fc_store_service_get_path (self->store_service));
  request->server = g_strdup (server);
  request->token = g_strdup (token);
  request->pin = g_strdup (pin);
  request->ca_file = g_strdup (ca_file);
  request->service = self;
  request->context = g_main_context_ref_thread_default ();
  self->has_progress = FALSE;
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->retry_ms = 0;
  self->syncing = TRUE;
  self->pending++;
  task = g_task_new (NULL, NULL, sync_done, g_object_ref (self));
  g_task_set_source_tag (task, start_sync);
  g_task_set_task_data (task, request, (GDestroyNotify) sync_request_free);
  g_task_run_in_thread (task, sync_thread);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
maybe_sync_by_itself (FcSyncService *self,
                      gboolean       only_if_waiting)
{
  if (!self->ready || self->syncing || self->retry_id != 0 || self->stuck || self->status == NULL ||
      self->status->server == NULL || !automatic (self) ||
      !g_network_monitor_get_network_available (self->monitor))
    return;
  if (only_if_waiting && self->status->n_waiting == 0)
    return;
  start_sync (self, NULL, NULL, NULL, NULL);
}

static void
status_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(FcSyncService) self = user_data;
  g_autoptr(GError) error = NULL;
  FcSyncStatus *status = fc_store_service_run_finish (FC_STORE_SERVICE (source), result, &error);
  gboolean first;

  self->pending--;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_cancellable_is_cancelled (self->cancellable))
    {
      g_clear_pointer (&status, status_free);
      return;
    }
  if (status == NULL)
    {
      set_last_error (self, error->message);
      g_signal_emit (self, signals[CHANGED], 0);
      return;
    }
  g_clear_pointer (&self->status, status_free);
  self->status = status;
  first = !self->ready;
  self->ready = TRUE;
  g_signal_emit (self, signals[CHANGED], 0);
  if (status->notice != NULL)
    g_signal_emit (self, signals[NOTICE], 0, status->notice);
  /* Opening the app counts as the network coming back. */
  maybe_sync_by_itself (self, !first);
}

static void
run_status_job (FcSyncService *self,
                FcStoreJob     job,
                gpointer       data)
{
  self->pending++;
  fc_store_service_run_async (self->store_service, job, data, g_free, (GDestroyNotify) status_free,
                              self->cancellable, status_done, g_object_ref (self));
}

static void
on_network_changed_cb (GNetworkMonitor *monitor,
                       gboolean         available,
                       FcSyncService   *self)
{
  gboolean was_available = self->network_available;

  self->network_available = available;
  /* The monitor also reports changes of routes while the network stays up. */
  if (!available || was_available)
    return;
  /* The network is back: wait no longer for the backoff, and try even after a refusal. */
  self->stuck = FALSE;
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->retry_ms = 0;
  self->attempt = 0;
  maybe_sync_by_itself (self, FALSE);
}

static gboolean
poll_cb (gpointer user_data)
{
  fc_sync_service_refresh (FC_SYNC_SERVICE (user_data));
  return G_SOURCE_CONTINUE;
}

static void
fc_sync_service_dispose (GObject *object)
{
  fc_sync_service_stop (FC_SYNC_SERVICE (object));
  G_OBJECT_CLASS (fc_sync_service_parent_class)->dispose (object);
}

static void
fc_sync_service_finalize (GObject *object)
{
  FcSyncService *self = FC_SYNC_SERVICE (object);

  g_clear_object (&self->store_service);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->status, status_free);
  g_free (self->last_error);
  G_OBJECT_CLASS (fc_sync_service_parent_class)->finalize (object);
}

static void
fc_sync_service_class_init (FcSyncServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fc_sync_service_dispose;
  object_class->finalize = fc_sync_service_finalize;

  /* The status, the state or the last error changed. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* A sync finished; its argument is the number of changes received. */
  signals[SYNCED] = g_signal_new ("synced", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  /* A step asked of the service was not taken; its argument says why. */
  /* A sync under way moved on: fc_sync_service_get_progress(). */
  signals[PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[NOTICE] = g_signal_new ("notice", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
fc_sync_service_init (FcSyncService *self)
{
  self->cancellable = g_cancellable_new ();
}

/**
 * fc_sync_service_new:
 * @store_service: the window's store service, for every read and local write
 * @settings: (nullable): the application's settings (server-url, sync-automatically)
 *
 * Returns: (transfer full): the service, idle until fc_sync_service_start()
 */
FcSyncService *
fc_sync_service_new (FcStoreService *store_service,
                     GSettings      *settings)
{
  FcSyncService *self;

  g_return_val_if_fail (FC_IS_STORE_SERVICE (store_service), NULL);

  self = g_object_new (FC_TYPE_SYNC_SERVICE, NULL);
  self->store_service = g_object_ref (store_service);
  if (settings != NULL)
    self->settings = g_object_ref (settings);
  return self;
}

/* Reads the status once the window's store is open, then syncs by itself as the settings allow. */
void
fc_sync_service_start (FcSyncService *self)
{
  g_return_if_fail (FC_IS_SYNC_SERVICE (self));

  if (self->started)
    return;
  self->started = TRUE;
  if (self->monitor == NULL)
    fc_sync_service_set_network_monitor (self, g_network_monitor_get_default ());
  self->poll_id = g_timeout_add_seconds (POLL_SECONDS, poll_cb, self);
  run_status_job (self, status_job, NULL);
}

/**
 * fc_sync_service_set_network_monitor:
 * @self: the service
 * @monitor: the monitor to follow instead of the default one (tests hand in their own)
 */
void
fc_sync_service_set_network_monitor (FcSyncService   *self,
                                     GNetworkMonitor *monitor)
{
  g_return_if_fail (FC_IS_SYNC_SERVICE (self));
  g_return_if_fail (G_IS_NETWORK_MONITOR (monitor));

  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  g_set_object (&self->monitor, monitor);
  self->network_available = g_network_monitor_get_network_available (monitor);
  g_signal_connect_object (monitor, "network-changed", G_CALLBACK (on_network_changed_cb), self, 0);
}

/* Nothing more starts; a sync under way finishes on its own connection. */
void
fc_sync_service_stop (FcSyncService *self)
{
  g_return_if_fail (FC_IS_SYNC_SERVICE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->poll_id, g_source_remove);
  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  g_clear_object (&self->monitor);
}

void
fc_sync_service_refresh (FcSyncService *self)
{
  g_return_if_fail (FC_IS_SYNC_SERVICE (self));

  if (!g_cancellable_is_cancelled (self->cancellable))
    run_status_job (self, status_job, NULL);
}

/* Returns: %FALSE when a sync is already under way */
gboolean
fc_sync_service_sync_now (FcSyncService *self)
{
  g_return_val_if_fail (FC_IS_SYNC_SERVICE (self), FALSE);

  if (self->syncing || g_cancellable_is_cancelled (self->cancellable))
    return FALSE;
  self->attempt = 0;
  start_sync (self, NULL, NULL, NULL, NULL);
  return TRUE;
}

/**
 * fc_sync_service_enroll:
 * @self: the service
 * @server_url: the district server
 * @token: the one-time enrolment token
 * @pin: (nullable): pinned public keys, `sha256//BASE64`, or %NULL for none
 * @ca_file: (nullable): the district's CA (PEM), or %NULL for the system's
 *
 * Enrols the device with a one-time token, trusting exactly @pin and
 * @ca_file (fc_sync_trust_set()), then syncs.
 */
void
fc_sync_service_enroll (FcSyncService *self,
                        const char    *server_url,
                        const char    *token,
                        const char    *pin,
                        const char    *ca_file)
{
  g_return_if_fail (FC_IS_SYNC_SERVICE (self));
  g_return_if_fail (server_url != NULL && token != NULL);

  if (self->syncing || g_cancellable_is_cancelled (self->cancellable))
    return;
  start_sync (self, server_url, token, pin, ca_file);
}

void
fc_sync_service_resolve (FcSyncService *self,
                         gint64         conflict_id,
                         gboolean       keep_mine)
{
  ResolveRequest *request;

  g_return_if_fail (FC_IS_SYNC_SERVICE (self));

  request = g_new0 (ResolveRequest, 1);
  request->conflict_id = conflict_id;
  request->keep_mine = keep_mine;
  run_status_job (self, resolve_job, request);
}

gboolean
fc_sync_service_get_syncing (FcSyncService *self)
{
  g_return_val_if_fail (FC_IS_SYNC_SERVICE (self), FALSE);
  return self->syncing;
}

/* Returns: (nullable): the status last read, %NULL before the store is open */
const FcSyncStatus *
fc_sync_service_get_status (FcSyncService *self)
{
  g_return_val_if_fail (FC_IS_SYNC_SERVICE (self), NULL);
  return self->status;
}

/* Returns: (nullable): the sentence of the last failure, %NULL after a sync that worked */
const char *
fc_sync_service_get_last_error (FcSyncService *self)
{
  g_return_val_if_fail (FC_IS_SYNC_SERVICE (self), NULL);
  return self->last_error;
}

/* Returns: the wait before the next attempt by itself, 0 when none is planned */
gint64
fc_sync_service_get_retry_ms (FcSyncService *self)
{
  g_return_val_if_fail (FC_IS_SYNC_SERVICE (self), 0);
  return self->retry_ms;
}

/**
 * fc_sync_service_get_progress:
 * @self: the service
 * @progress: (out): how far the sync under way is
 *
 * Returns: %FALSE when no sync is under way or it has not said yet
 */
gboolean
fc_sync_service_get_progress (FcSyncService  *self,
                              FcSyncProgress *progress)
{
  g_return_val_if_fail (FC_IS_SYNC_SERVICE (self), FALSE);

  if (!self->syncing || !self->has_progress)
    return FALSE;
  *progress = self->progress;
  return TRUE;
}

/* Returns: syncs and store jobs not finished yet; tests wait for none */
guint
fc_sync_service_get_pending (FcSyncService *self)
{
  g_return_val_if_fail (FC_IS_SYNC_SERVICE (self), 0);
  return self->pending;
}

/* Returns: (transfer none) (nullable): the settings the service follows */
GSettings *
fc_sync_service_get_settings (FcSyncService *self)
{
  g_return_val_if_fail (FC_IS_SYNC_SERVICE (self), NULL);
  return self->settings;
}

/**
 * fc_sync_parse_enroll_text:
 * @text: what was pasted or scanned: a bare token, or the enrolment QR code's
 *   text `fieldcheck-enroll:1?server=URL&token=TOKEN`
 * @server_url: (out) (nullable): the server the QR code names, or %NULL
 * @token: (out): the token
 *
 * Returns: %FALSE when @text holds no token
 */
gboolean
fc_sync_parse_enroll_text (const char  *text,
                           char       **server_url,
                           char       **token)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text ? text : ""));
  g_autoptr(GHashTable) params = NULL;
  const char *query;

  *server_url = NULL;
  *token = NULL;
  if (!g_str_has_prefix (trimmed, "fieldcheck-enroll:"))
    {
      if (*trimmed == '\0' || strpbrk (trimmed, " \t\n?&=") != NULL)
        return FALSE;
      *token = g_steal_pointer (&trimmed);
      return TRUE;
    }
  query = strchr (trimmed, '?');
  if (query == NULL || !g_str_has_prefix (trimmed, "fieldcheck-enroll:1?"))
    return FALSE;
  params = g_uri_parse_params (query + 1, -1, "&", G_URI_PARAMS_NONE, NULL);
  if (params == NULL || g_hash_table_lookup (params, "token") == NULL)
    return FALSE;
  *token = g_strdup (g_hash_table_lookup (params, "token"));
  *server_url = g_strdup (g_hash_table_lookup (params, "server"));
  return TRUE;
}
