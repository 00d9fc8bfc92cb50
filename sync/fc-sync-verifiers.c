/* fc-sync-verifiers.c: the sign-in verifiers a device keeps from its server
 *
 * After every sync the device asks GET /api/v1/verifiers and replaces its
 * table sign_in_verifier with the answer, whole: a person the server disabled
 * or no longer lists cannot sign in here from then on, and if that person is
 * the one acting, nobody is. The table is not syncable; its rows never become
 * ops and never leave the device. fc-sign-in.c checks passwords against it.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "fc-sync-client-private.h"
#include "fc-sync-protocol.h"
#include "fc-sync-verifiers.h"

/* crypto_pwhash_STRBYTES less its terminating zero */
#define MAX_VERIFIER_LENGTH 127
#define MAX_FIELD_LENGTH    256

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
valid_entry (JsonNode *node)
{
  JsonObject *object;
  JsonNode *verifier, *disabled;
  const char *person, *login, *name;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  object = json_node_get_object (node);
  person = member_string (object, "person");
  login = member_string (object, "login");
  name = member_string (object, "name");
  verifier = json_object_get_member (object, "verifier");
  disabled = json_object_get_member (object, "disabled");
  if (person == NULL || *person == '\0' || strlen (person) > MAX_FIELD_LENGTH ||
      login == NULL || *login == '\0' || strlen (login) > MAX_FIELD_LENGTH ||
      (name != NULL && strlen (name) > MAX_FIELD_LENGTH))
    return FALSE;
  if (disabled == NULL || !JSON_NODE_HOLDS_VALUE (disabled) ||
      json_node_get_value_type (disabled) != G_TYPE_BOOLEAN)
    return FALSE;
  if (verifier == NULL || JSON_NODE_HOLDS_NULL (verifier))
    return TRUE;
  return member_string (object, "verifier") != NULL &&
         g_str_has_prefix (member_string (object, "verifier"), "$argon2id$") &&
         strlen (member_string (object, "verifier")) <= MAX_VERIFIER_LENGTH;
}

/* Whether the acting person may still act: on a device with verifiers, only
 * an enabled person with a verifier may. */
static gboolean
still_signed_in (FcStore    *store,
                 const char *user_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = fc_store_prepare (store, "SELECT NOT EXISTS (SELECT 1 FROM sign_in_verifier "
                                  "WHERE verifier IS NOT NULL) "
                                  "OR EXISTS (SELECT 1 FROM sign_in_verifier WHERE person_id = ? "
                                  "AND disabled = 0 AND verifier IS NOT NULL)", NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, user_id, -1, SQLITE_STATIC);
  return sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
}

/**
 * fc_sync_verifiers_keep:
 * @store: the device's store
 * @json: the server's answer to GET /api/v1/verifiers
 * @length: its length in bytes
 * @error: return location for an error
 *
 * Replaces the store's verifiers with those of @json, in one transaction,
 * and signs out the acting person if they may no longer sign in here.
 * A malformed answer changes nothing.
 */
gboolean
fc_sync_verifiers_keep (FcStore     *store,
                        const char  *json,
                        gsize        length,
                        GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *user_id = NULL;
  JsonNode *root, *list;
  JsonArray *entries;
  gboolean ok;

  g_return_val_if_fail (FC_IS_STORE (store), FALSE);

  if (!json_parser_load_from_data (parser, json, (gssize) length, &local_error) ||
      !JSON_NODE_HOLDS_OBJECT (root = json_parser_get_root (parser)) ||
      (list = json_object_get_member (json_node_get_object (root), "verifiers")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (list))
    {
      g_set_error (error, FC_SYNC_ERROR, FC_SYNC_ERROR_PROTOCOL,
                   _("The server's list of users is malformed"));
      return FALSE;
    }
  entries = json_node_get_array (list);
  for (guint i = 0; i < json_array_get_length (entries); i++)
    if (!valid_entry (json_array_get_element (entries, i)))
      {
        g_set_error (error, FC_SYNC_ERROR, FC_SYNC_ERROR_PROTOCOL,
                     _("The server's list of users is malformed"));
        return FALSE;
      }

  if (!fc_store_begin (store, error))
    return FALSE;
  ok = fc_store_exec (store, "DELETE FROM sign_in_verifier", error);
  for (guint i = 0; ok && i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);
      g_autoptr(FcCachedStmt) insert = NULL;
      gboolean disabled = json_object_get_boolean_member (entry, "disabled");

      insert = fc_store_cached (store, "INSERT OR REPLACE INTO sign_in_verifier "
                                       "(person_id, login, name, verifier, disabled) "
                                       "VALUES (?, ?, ?, ?, ?)", error);
      ok = insert != NULL;
      if (!ok)
        break;
      sqlite3_bind_text (insert, 1, member_string (entry, "person"), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (insert, 2, member_string (entry, "login"), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (insert, 3, member_string (entry, "name"), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (insert, 4, disabled ? NULL : member_string (entry, "verifier"), -1,
                         SQLITE_TRANSIENT);
      sqlite3_bind_int (insert, 5, disabled);
      if (sqlite3_step (insert) != SQLITE_DONE)
        {
          fc_store_set_sqlite_error (store, error, _("Could not keep the server's users"));
          ok = FALSE;
        }
    }
  user_id = fc_store_get_meta (store, "user_id");
  if (ok && user_id != NULL && *user_id != '\0' && !still_signed_in (store, user_id))
    {
      g_message ("%s may no longer sign in on this device; signed out", user_id);
      fc_store_set_user (store, NULL);
    }
  if (!ok)
    {
      fc_store_rollback (store);
      return FALSE;
    }
  return fc_store_commit (store, error);
}

/**
 * fc_sync_verifiers_update:
 * @client: the sync client of @store
 * @store: the device's store
 * @error: return location for an error
 *
 * Fetches the verifiers of the people who may sign in on this device and
 * keeps them (fc_sync_verifiers_keep()).
 */
gboolean
fc_sync_verifiers_update (FcSyncClient  *client,
                          FcStore       *store,
                          GError       **error)
{
  g_autoptr(GBytes) body = fc_sync_client_get (client, FC_SYNC_API_PREFIX "/verifiers", error);
  gsize length;
  const char *data;

  if (body == NULL)
    return FALSE;
  data = g_bytes_get_data (body, &length);
  return fc_sync_verifiers_keep (store, data, length, error);
}
