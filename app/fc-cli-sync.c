/* fc-cli-sync.c: fieldcheck-cli commands that sync with the district server
 *
 * `enroll` and `sync` talk to the server; `export-changes` and
 * `import-changes` carry a changeset bundle on a USB stick when there is no
 * network. This group links the sync client; the core library never does.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-cli.h"
#include "fc-error.h"
#include "fc-oplog.h"
#include "fc-store-write.h"
#include "fc-sync-backoff.h"
#include "fc-sync-changeset.h"
#include "fc-sync-client.h"

static int
cmd_enroll (FcCliOptions  *options,
            int            argc,
            char         **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = NULL;
  g_autofree char *server = NULL, *token = NULL, *name = NULL, *pin = NULL, *ca = NULL;
  g_autofree char *old_pin = NULL, *old_ca = NULL;
  GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, &server, N_("The district server"), N_("URL") },
    { "token", 0, 0, G_OPTION_ARG_STRING, &token, N_("The one-time enrolment token"), N_("TOKEN") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("How the bureau sees this device"), N_("NAME") },
    { "pin", 0, 0, G_OPTION_ARG_STRING, &pin, N_("Pinned public keys, sha256//…;sha256//…"), N_("PINS") },
    { "ca", 0, 0, G_OPTION_ARG_FILENAME, &ca, N_("The district's certificate authority (PEM)"), N_("FILE") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fc_cli_fail (error);
  if (argc != 1 || server == NULL || token == NULL)
    return fc_cli_usage (_("usage: fieldcheck-cli enroll --server URL --token TOKEN [--pin PINS] [--ca FILE]"));
  if (!fc_sync_trust_check (pin, ca, &error))
    return fc_cli_fail (error);
  store = fc_cli_open_store (options, &error);
  if (store == NULL)
    return fc_cli_fail (error);
  old_pin = fc_store_get_meta (store, FC_SYNC_META_PINNED_KEY);
  old_ca = fc_store_get_meta (store, FC_SYNC_META_CA_FILE);
  /* The trust settings come first, since the enrolment itself must go to the
   * right server; they are exactly the ones given, and a failed enrolment
   * leaves the earlier ones in place. */
  if (!fc_sync_trust_set (store, pin, ca, &error))
    return fc_cli_fail (error);
  if (!fc_sync_client_enroll (store, server, token, name, &error))
    {
      fc_sync_trust_set (store, old_pin, old_ca, NULL);
      return fc_cli_fail (error);
    }
  g_print ("%s\n", fc_store_get_device_id (store));
  return 0;
}

static int
cmd_sync (FcCliOptions  *options,
          int            argc,
          char         **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = NULL;
  g_autoptr(FcSyncClient) client = NULL;
  int retries = 0, batch = FC_SYNC_DEFAULT_BATCH, base_ms = FC_SYNC_BACKOFF_BASE_MS;
  FcSyncStats stats;
  GOptionEntry entries[] = {
    { "retries", 0, 0, G_OPTION_ARG_INT, &retries, N_("Try again this many times after a network or server failure"), N_("N") },
    { "batch", 0, 0, G_OPTION_ARG_INT, &batch, N_("Changes sent per request"), N_("N") },
    { "backoff-ms", 0, 0, G_OPTION_ARG_INT, &base_ms, N_("The first wait before trying again"), N_("MS") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fc_cli_fail (error);
  if (argc != 1 || retries < 0 || batch <= 0 || base_ms < 0)
    return fc_cli_usage (_("usage: fieldcheck-cli sync [--retries N] [--batch N] [--backoff-ms MS]"));
  store = fc_cli_open_store (options, &error);
  if (store == NULL)
    return fc_cli_fail (error);
  client = fc_sync_client_new (store, &error);
  if (client == NULL)
    return fc_cli_fail (error);
  fc_sync_client_set_batch_size (client, (guint) batch);

  for (int attempt = 0; !fc_sync_client_sync (client, &stats, &error); attempt++)
    {
      gint64 wait_ms;

      if (attempt >= retries || !fc_sync_error_is_transient (error))
        return fc_cli_fail (error);
      wait_ms = fc_sync_backoff_delay ((guint) attempt, base_ms, FC_SYNC_BACKOFF_CAP_MS,
                                       g_random_double ());
      wait_ms = MAX (wait_ms, fc_sync_client_get_retry_after (client) * 1000);
      g_printerr ("fieldcheck-cli: ");
      g_printerr (_("%s; trying again in %ld ms"), error->message, (long) wait_ms);
      g_printerr ("\n");
      g_clear_error (&error);
      g_usleep ((gulong) wait_ms * 1000);
    }

  if (options->json)
    {
      g_autoptr(JsonNode) note = json_node_new (JSON_NODE_VALUE);
      g_autofree char *note_json = NULL;

      if (fc_sync_client_get_note (client) != NULL)
        json_node_set_string (note, fc_sync_client_get_note (client));
      else
        json_node_init_null (note);
      note_json = json_to_string (note, FALSE);
      g_print ("{\"pushed\": %u, \"applied\": %u, \"duplicate\": %u, \"rejected\": %u, "
               "\"pulled\": %u, \"pull_refused\": %u, \"cursor\": %" G_GINT64_FORMAT ", "
               "\"sign_in_stale\": %s, \"note\": %s}\n",
               stats.pushed, stats.applied, stats.duplicate, stats.rejected, stats.pulled,
               stats.pull_refused, stats.cursor, stats.sign_in_stale ? "true" : "false", note_json);
    }
  else
    g_print ("pushed\t%u\napplied\t%u\nduplicate\t%u\nrejected\t%u\npulled\t%u\npull_refused\t%u\n"
             "cursor\t%" G_GINT64_FORMAT "\n",
             stats.pushed, stats.applied, stats.duplicate, stats.rejected, stats.pulled,
             stats.pull_refused, stats.cursor);
  /* The sync stands; the note is for the person, as a warning is. */
  if (fc_sync_client_get_note (client) != NULL)
    g_printerr ("fieldcheck-cli: %s\n", fc_sync_client_get_note (client));
  return 0;
}

static int
cmd_export_changes (FcCliOptions  *options,
                    int            argc,
                    char         **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *to = NULL;
  guint n = 0;
  gsize len;
  const char *data;
  GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &to, N_("The bundle file to write"), N_("FILE") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fc_cli_fail (error);
  if (argc != 1 || to == NULL)
    return fc_cli_usage (_("usage: fieldcheck-cli export-changes --to FILE"));
  store = fc_cli_open_store (options, &error);
  if (store == NULL)
    return fc_cli_fail (error);
  bytes = fc_sync_changeset_from_outbox (store, FC_SYNC_MAX_OPS, &n, &error);
  if (bytes == NULL)
    return fc_cli_fail (error);
  data = g_bytes_get_data (bytes, &len);
  /* Written whole or not at all: a stick pulled out early leaves no half bundle. */
  if (!g_file_set_contents (to, data, (gssize) len, &error))
    return fc_cli_fail (error);
  g_print ("%u\n", n);
  if (n == FC_SYNC_MAX_OPS && fc_oplog_count_outbox (store) > n)
    g_printerr ("fieldcheck-cli: %s\n",
                _("More changes wait than fit in one bundle; export again after this one is imported"));
  return 0;
}

static int
cmd_import_changes (FcCliOptions  *options,
                    int            argc,
                    char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = NULL;
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(FcSyncChangeset) changeset = NULL;
  guint applied = 0, duplicate = 0, refused = 0;

  if (argc != 2)
    return fc_cli_usage (_("usage: fieldcheck-cli import-changes FILE"));
  file = g_mapped_file_new (argv[1], FALSE, &error);
  if (file == NULL)
    return fc_cli_fail (error);
  bytes = g_mapped_file_get_bytes (file);
  changeset = fc_sync_changeset_parse (bytes, &error);
  if (changeset == NULL)
    return fc_cli_fail (error);
  store = fc_cli_open_store (options, &error);
  if (store == NULL)
    return fc_cli_fail (error);

  if (!fc_store_begin (store, &error))
    return fc_cli_fail (error);
  for (guint i = 0; i < changeset->ops->len; i++)
    {
      g_autoptr(GError) refusal = NULL;
      FcApplyResult result;
      FcOp *op = changeset->ops->pdata[i];

      if (fc_store_apply_remote (store, op, &result, &refusal))
        {
          applied += result == FC_APPLY_APPLIED;
          duplicate += result == FC_APPLY_DUPLICATE;
          continue;
        }
      refused++;
      g_printerr ("fieldcheck-cli: %s: %s\n", op->op_id, refusal->message);
    }
  if (!fc_store_commit (store, &error))
    return fc_cli_fail (error);
  g_print ("applied\t%u\nduplicate\t%u\nrefused\t%u\n", applied, duplicate, refused);
  return refused > 0 ? 1 : 0;
}

const FcCliCommand fc_cli_sync_commands[] = {
  { "enroll", cmd_enroll, N_("enroll --server URL --token TOKEN: join the district server") },
  { "sync", cmd_sync, N_("Send the outbox to the server and take its changes") },
  { "export-changes", cmd_export_changes, N_("export-changes --to FILE: the outbox as a bundle for a USB stick") },
  { "import-changes", cmd_import_changes, N_("import-changes FILE: apply a bundle exported by a device") },
  { NULL }
};
