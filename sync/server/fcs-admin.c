/* fcs-admin.c: the administrative subcommands of fieldcheck-server
 *
 * Each opens the data folder, does one thing in one transaction through the
 * storage interface (which writes the audit entry with it), and prints the
 * result tab-separated, or as JSON with --json.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "fc-demo.h"
#include "fc-sync-gzip.h"
#include "fcs-commands.h"
#include "fcs-error.h"
#include "fcs-qr.h"
#include "fcs-secrets.h"
#include "fcs-storage.h"

#define EXIT_USAGE 2

int
fcs_fail (const GError *error)
{
  g_printerr ("fieldcheck-server: %s\n", error->message);
  return 1;
}

int
fcs_usage (const char *usage)
{
  g_printerr ("fieldcheck-server: %s\n", usage);
  return EXIT_USAGE;
}

static void
print_json (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, TRUE);

  g_print ("%s\n", text);
}

static void
print_rows (FcsOptions        *options,
            JsonArray         *rows,
            const char *const *columns)
{
  if (options->json)
    {
      g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), rows);

      print_json (node);
      return;
    }
  for (guint c = 0; columns[c] != NULL; c++)
    g_print ("%s%s", c ? "\t" : "", columns[c]);
  g_print ("\n");
  for (guint r = 0; r < json_array_get_length (rows); r++)
    {
      JsonObject *row = json_array_get_object_element (rows, r);

      for (guint c = 0; columns[c] != NULL; c++)
        {
          JsonNode *value = json_object_get_member (row, columns[c]);
          g_autofree char *text = NULL;

          if (value != NULL && !JSON_NODE_HOLDS_NULL (value))
            text = json_node_get_value_type (value) == G_TYPE_STRING
                   ? g_strdup (json_node_get_string (value)) : json_to_string (value, FALSE);
          g_print ("%s%s", c ? "\t" : "", text ? text : "");
        }
      g_print ("\n");
    }
}

int
fcs_cmd_init (FcsOptions  *options,
              int          argc,
              char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcsStorage) storage = fcs_admin_create_storage (options, &error);
  FcDemoSummary summary;

  if (storage == NULL)
    return fcs_fail (error);
  if (options->demo &&
      !fc_demo_generate (fcs_storage_sqlite_get_store (storage), options->today,
                         (guint32) options->seed, &summary, &error))
    return fcs_fail (error);
  g_print ("%s\t%s\n", options->data,
           fc_store_get_device_id (fcs_storage_sqlite_get_store (storage)));
  return 0;
}

static char *
read_password (GError **error)
{
  char line[1024];
  gsize len;

  if (fgets (line, sizeof line, stdin) == NULL)
    {
      g_set_error (error, FCS_ERROR, FCS_ERROR_INVALID, _("No password on standard input"));
      return NULL;
    }
  len = strlen (line);
  while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
    line[--len] = '\0';
  return g_strdup (line);
}

int
fcs_cmd_user (FcsOptions  *options,
              int          argc,
              char       **argv)
{
  static const char *const columns[] = {
    "id", "login", "name", "roles", "disabled", "password", "facilities", NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(FcsStorage) storage = NULL;
  g_autofree char *who = fcs_admin_actor ();

  if (argc < 1)
    return fcs_usage (_("usage: fieldcheck-server user add|list|disable …"));
  storage = fcs_admin_open_storage (options, &error);
  if (storage == NULL)
    return fcs_fail (error);

  if (g_str_equal (argv[0], "add") && argc == 2)
    {
      g_autofree char *verifier = NULL;
      g_autofree char *id = NULL;

      if (options->roles == NULL)
        return fcs_usage (_("usage: fieldcheck-server user add LOGIN --name NAME --roles ROLE,… "
                            "[--password-stdin]"));
      if (options->password_stdin)
        {
          g_autofree char *password = read_password (&error);

          if (password == NULL || (verifier = fcs_password_hash (password, &error)) == NULL)
            return fcs_fail (error);
        }
      id = storage->klass->user_add (storage, who, argv[1], options->name ? options->name : argv[1],
                                     options->roles, verifier, &error);
      if (id == NULL)
        return fcs_fail (error);
      g_print ("%s\n", id);
      return 0;
    }
  if (g_str_equal (argv[0], "list") && argc == 1)
    {
      g_autoptr(JsonArray) rows = storage->klass->user_list (storage, &error);

      if (rows == NULL)
        return fcs_fail (error);
      print_rows (options, rows, columns);
      return 0;
    }
  if (g_str_equal (argv[0], "disable") && argc == 2)
    {
      if (!storage->klass->user_disable (storage, who, argv[1], &error))
        return fcs_fail (error);
      return 0;
    }
  return fcs_usage (_("usage: fieldcheck-server user add LOGIN …|list|disable LOGIN"));
}

int
fcs_cmd_assign (FcsOptions  *options,
                int          argc,
                char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcsStorage) storage = NULL;
  g_autofree char *who = fcs_admin_actor ();
  g_autofree char *id = NULL;

  if (argc != 3)
    return fcs_usage (_("usage: fieldcheck-server assign USER FACILITY ROLE"));
  storage = fcs_admin_open_storage (options, &error);
  if (storage == NULL)
    return fcs_fail (error);
  id = storage->klass->assign (storage, who, argv[0], argv[1], argv[2], &error);
  if (id == NULL)
    return fcs_fail (error);
  g_print ("%s\n", id);
  return 0;
}

int
fcs_cmd_enroll_token (FcsOptions  *options,
                      int          argc,
                      char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcsStorage) storage = NULL;
  g_autofree char *who = fcs_admin_actor ();
  g_autofree char *token = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *qr = NULL;
  g_autofree char *expires_text = NULL;
  g_autoptr(GDateTime) expires = NULL;
  gint64 ttl_ms;

  if (argc != 0 || options->ttl_minutes <= 0 || options->ttl_minutes > 24 * 60)
    return fcs_usage (_("usage: fieldcheck-server enroll-token [--user LOGIN] [--ttl MINUTES] "
                        "[--server URL] [--png FILE]; a token lives at most a day"));
  storage = fcs_admin_open_storage (options, &error);
  if (storage == NULL)
    return fcs_fail (error);

  token = fcs_secret_new (16);
  hash = fcs_secret_hash (token);
  ttl_ms = (gint64) options->ttl_minutes * 60 * 1000;
  if (!storage->klass->token_add (storage, who, hash, options->user, fcs_now_ms () + ttl_ms, &error))
    return fcs_fail (error);

  /* The code holds what the tablet needs to enrol: where, and with what. */
  if (options->server_url != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (options->server_url, NULL, FALSE);

      payload = g_strdup_printf ("fieldcheck-enroll:1?server=%s&token=%s", escaped, token);
    }
  else
    payload = g_strdup_printf ("fieldcheck-enroll:1?token=%s", token);
  expires = g_date_time_new_from_unix_local ((fcs_now_ms () + ttl_ms) / 1000);
  expires_text = g_date_time_format (expires, "%Y-%m-%d %H:%M:%S");

  g_print ("token\t%s\nexpires\t%s\n", token, expires_text);
  if (options->png != NULL && !fcs_qr_to_png (payload, options->png, &error))
    return fcs_fail (error);
  if ((qr = fcs_qr_to_text (payload, &error)) == NULL)
    return fcs_fail (error);
  g_print ("%s", qr);
  return 0;
}

int
fcs_cmd_devices (FcsOptions  *options,
                 int          argc,
                 char       **argv)
{
  static const char *const columns[] = {
    "id", "name", "user", "enrolled", "last_seen", "state", NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(FcsStorage) storage = NULL;
  g_autofree char *who = fcs_admin_actor ();

  if (argc < 1)
    return fcs_usage (_("usage: fieldcheck-server devices list|revoke DEVICE"));
  storage = fcs_admin_open_storage (options, &error);
  if (storage == NULL)
    return fcs_fail (error);
  if (g_str_equal (argv[0], "list") && argc == 1)
    {
      g_autoptr(JsonArray) rows = storage->klass->device_list (storage, &error);

      if (rows == NULL)
        return fcs_fail (error);
      print_rows (options, rows, columns);
      return 0;
    }
  if (g_str_equal (argv[0], "revoke") && argc == 2)
    {
      if (!storage->klass->device_revoke (storage, who, argv[1], &error))
        return fcs_fail (error);
      return 0;
    }
  return fcs_usage (_("usage: fieldcheck-server devices list|revoke DEVICE"));
}

int
fcs_cmd_status (FcsOptions  *options,
                int          argc,
                char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcsStorage) storage = fcs_admin_open_storage (options, &error);
  g_autoptr(JsonObject) status = NULL;
  g_autoptr(GList) members = NULL;

  if (storage == NULL)
    return fcs_fail (error);
  status = storage->klass->status (storage, &error);
  if (status == NULL)
    return fcs_fail (error);
  if (options->json)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), status);

      print_json (node);
      return 0;
    }
  members = json_object_get_members (status);
  for (GList *l = members; l; l = l->next)
    {
      g_autofree char *text = json_to_string (json_object_get_member (status, l->data), FALSE);

      g_print ("%s\t%s\n", (const char *) l->data, text);
    }
  return json_object_get_boolean_member (status, "audit_chain_intact") ? 0 : 1;
}

int
fcs_cmd_import (FcsOptions  *options,
                int          argc,
                char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcsStorage) storage = NULL;
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(FcSyncChangeset) changeset = NULL;
  g_autoptr(FcsDevice) device = NULL;
  g_autoptr(FcSyncReceipt) receipt = NULL;
  g_autofree char *via = NULL;
  const guint8 *data;

  if (argc != 1)
    return fcs_usage (_("usage: fieldcheck-server import FILE"));
  storage = fcs_admin_open_storage (options, &error);
  if (storage == NULL)
    return fcs_fail (error);
  file = g_mapped_file_new (argv[0], FALSE, &error);
  if (file == NULL)
    return fcs_fail (error);
  bytes = g_mapped_file_get_bytes (file);
  data = g_bytes_get_data (bytes, NULL);
  if (g_bytes_get_size (bytes) > 2 && data[0] == 0x1f && data[1] == 0x8b)
    {
      GBytes *inflated = fc_sync_gzip_inflate (bytes, FC_SYNC_MAX_CHANGESET_BYTES, &error);

      if (inflated == NULL)
        return fcs_fail (error);
      g_bytes_unref (bytes);
      bytes = inflated;
    }
  changeset = fc_sync_changeset_parse (bytes, &error);
  if (changeset == NULL)
    return fcs_fail (error);

  /* A bundle carried by hand is held to the same rules as a push, except the
   * credential: whoever runs this command vouches for the stick. */
  device = storage->klass->authenticate (storage, changeset->device_id, NULL, &error);
  if (device == NULL)
    return fcs_fail (error);
  via = g_strdup_printf ("import:%s", g_get_user_name ());
  receipt = storage->klass->push (storage, device, changeset, via, &error);
  if (receipt == NULL)
    return fcs_fail (error);

  g_print ("applied\t%u\nduplicate\t%u\nrejected\t%u\n",
           fc_sync_receipt_count (receipt, FC_SYNC_OUTCOME_APPLIED),
           fc_sync_receipt_count (receipt, FC_SYNC_OUTCOME_DUPLICATE),
           fc_sync_receipt_count (receipt, FC_SYNC_OUTCOME_REJECTED));
  for (guint i = 0; i < receipt->entries->len; i++)
    {
      FcSyncReceiptEntry *entry = receipt->entries->pdata[i];

      if (entry->outcome == FC_SYNC_OUTCOME_REJECTED)
        g_print ("%s\t%s\t%s\n", entry->op_id, entry->code, entry->message);
    }
  return 0;
}
