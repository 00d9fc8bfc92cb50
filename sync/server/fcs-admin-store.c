/* fcs-admin-store.c: what the commands that work on the server's store share
 *
 * Conflict resolution, the facility import and the district exports use the
 * core over the server's FcStore directly, like a device does; their writes
 * go through the same write API, so they reach devices on the next pull, and
 * each command writes its audit entry in the transaction of its change.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fcs-audit.h"
#include "fcs-commands.h"
#include "fcs-error.h"
#include "fcs-secrets.h"

static FcsStorage *
open_storage (FcsOptions  *options,
              gboolean     create,
              GError     **error)
{
  if (options->data == NULL)
    {
      g_set_error (error, FCS_ERROR, FCS_ERROR_INVALID,
                   _("Name the server's data folder with --data DIR"));
      return NULL;
    }
  if (!fcs_secrets_init (error))
    return NULL;
  return fcs_storage_sqlite_open (options->data, create, error);
}

FcsStorage *
fcs_admin_open_storage (FcsOptions  *options,
                        GError     **error)
{
  return open_storage (options, FALSE, error);
}

/* The data folder, made first when there is none (fieldcheck-server init). */
FcsStorage *
fcs_admin_create_storage (FcsOptions  *options,
                          GError     **error)
{
  return open_storage (options, TRUE, error);
}

char *
fcs_admin_actor (void)
{
  return g_strdup_printf ("admin:%s", g_get_user_name ());
}

/* Who the store's writes are made by: a user of the server, by login or id,
 * who must be enabled. */
gboolean
fcs_admin_set_user (FcStore     *store,
                    const char  *login,
                    GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (login == NULL)
    return TRUE;
  stmt = fc_store_prepare (store, "SELECT id, disabled FROM person WHERE login = ?1 OR id = ?1",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, login, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, FCS_ERROR, FCS_ERROR_NOT_FOUND,
                   _("There is no user “%s”; see “fieldcheck-server user list”"), login);
      return FALSE;
    }
  if (sqlite3_column_int (stmt, 1) != 0)
    {
      g_set_error (error, FCS_ERROR, FCS_ERROR_INVALID, _("The user “%s” is disabled"), login);
      return FALSE;
    }
  fc_store_set_user (store, (const char *) sqlite3_column_text (stmt, 0));
  return TRUE;
}

gboolean
fcs_admin_audit (FcStore     *store,
                 const char  *actor,
                 const char  *action,
                 const char  *subject,
                 const char  *detail,
                 GError     **error)
{
  FcsAuditEntry entry = {
    .kind = "admin", .actor = actor, .outcome = action, .row_id = subject, .message = detail,
  };

  return fcs_audit_append (store, &entry, error);
}
