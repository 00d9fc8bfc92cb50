/* fcs-verifiers.c: GET /api/v1/verifiers — who may sign in on this device
 *
 * People sign in on the tablet, also offline, against the Argon2id verifiers
 * kept in fcs_credential (libsodium's crypto_pwhash_str, salt and limits in
 * the string). A device receives those of the people it may see (the rule is
 * in schemas/sync-protocol.md, "Verifiers"), every time whole: whoever is
 * missing from the answer, or marked disabled, can no longer sign in there.
 * A disabled person's verifier is never sent.
 *
 * The answer is read on a connection of its own: the store is in WAL mode, so
 * a reader sees the last commit and never waits for the one writer. Like a
 * pull, it changes nothing and is not audited.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "fcs-api.h"

/* ?1: the user the device was enrolled for, NULL for the whole district. */
static const char verifiers_sql[] =
  "SELECT p.id, p.login, p.name, p.disabled, c.verifier FROM person p "
  "LEFT JOIN fcs_credential c ON c.person_id = p.id "
  "WHERE p.login IS NOT NULL AND p.login <> '' AND ("
  "  ?1 IS NULL OR p.id = ?1"
  "  OR EXISTS (SELECT 1 FROM person u WHERE u.id = ?1 AND (',' || u.roles || ',') LIKE '%,admin,%')"
  "  OR (',' || p.roles || ',') LIKE '%,staff,%'"
  "  OR (',' || p.roles || ',') LIKE '%,leader,%'"
  "  OR (',' || p.roles || ',') LIKE '%,admin,%'"
  "  OR EXISTS (SELECT 1 FROM assignment a JOIN assignment b ON b.facility_id = a.facility_id"
  "             WHERE a.person_id = p.id AND a.retired = 0"
  "               AND b.person_id = ?1 AND b.retired = 0)) "
  "ORDER BY p.login";

static char *
read_verifiers (const char       *path,
                const FcsDevice  *device,
                GError          **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
      sqlite3_busy_timeout (db, 5000) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, verifiers_sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", sqlite3_errmsg (db));
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, device->user_id, -1, SQLITE_STATIC);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "verifiers");
  json_builder_begin_array (b);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gboolean disabled = sqlite3_column_int (stmt, 3) != 0;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "person");
      json_builder_add_string_value (b, (const char *) sqlite3_column_text (stmt, 0));
      json_builder_set_member_name (b, "login");
      json_builder_add_string_value (b, (const char *) sqlite3_column_text (stmt, 1));
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, (const char *) sqlite3_column_text (stmt, 2));
      json_builder_set_member_name (b, "disabled");
      json_builder_add_boolean_value (b, disabled);
      json_builder_set_member_name (b, "verifier");
      if (disabled || sqlite3_column_type (stmt, 4) == SQLITE_NULL)
        json_builder_add_null_value (b);
      else
        json_builder_add_string_value (b, (const char *) sqlite3_column_text (stmt, 4));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "server_time");
  json_builder_add_int_value (b, fcs_now_ms ());
  json_builder_end_object (b);

  if (rc != SQLITE_DONE)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  if (rc != SQLITE_DONE)
    return NULL;
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

/**
 * fcs_verifiers_handle:
 * @api: the server's state
 * @device: the authenticated device
 * @request: the request
 *
 * Returns: (transfer full): the verifiers the device keeps for signing in
 */
FcsResponse *
fcs_verifiers_handle (FcsApi           *api,
                      const FcsDevice  *device,
                      const FcsRequest *request)
{
  g_autoptr(GError) error = NULL;
  /* Only its path, fixed when the server opened it. */
  FcStore *store = fcs_storage_sqlite_get_store (api->storage);
  g_autofree char *body = read_verifiers (fc_store_get_path (store), device, &error);

  if (body == NULL)
    {
      g_warning ("verifiers for %s failed: %s", device->id, error->message);
      return fcs_response_error (503, "unavailable", _("The server could not read its users"));
    }
  return fcs_response_new (200, g_steal_pointer (&body));
}
