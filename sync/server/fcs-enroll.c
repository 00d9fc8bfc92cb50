/* fcs-enroll.c: POST /api/v1/enroll — a single-use token for a device credential
 *
 * The device names itself (its store's device id, under which its ops
 * travel) and presents the token; it receives a random credential that the
 * server keeps only as a hash.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fc-sync-changeset.h"
#include "fcs-api.h"
#include "fcs-error.h"
#include "fcs-secrets.h"

#define CREDENTIAL_BYTES 32

static gboolean
is_plain_name (const char *s)
{
  if (s == NULL || *s == '\0' || strlen (s) > 64)
    return FALSE;
  for (const char *p = s; *p; p++)
    if (!(g_ascii_isalnum (*p) || *p == '_' || *p == '-'))
      return FALSE;
  return TRUE;
}

FcsResponse *
fcs_enroll_handle (FcsApi           *api,
                   const FcsRequest *request)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *token_hash = NULL;
  g_autofree char *credential_hash = NULL;
  g_autofree char *credential = NULL;
  const char *data, *token, *device_id, *name;
  gsize len;
  JsonNode *root;
  JsonObject *o;

  data = request->body ? g_bytes_get_data (request->body, &len) : "";
  if (request->body == NULL)
    len = 0;
  if (len > 4096 || !fc_sync_json_check_limits (data, len, "enroll", NULL) ||
      !json_parser_load_from_data (parser, data, (gssize) len, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return fcs_response_error (400, "invalid", _("The enrolment request is not a small JSON object"));

  o = json_node_get_object (root);
  token = json_object_get_string_member_with_default (o, "token", NULL);
  device_id = json_object_get_string_member_with_default (o, "device", NULL);
  name = json_object_get_string_member_with_default (o, "name", NULL);
  if (token == NULL || strlen (token) > 128 || !is_plain_name (device_id) ||
      (name != NULL && strlen (name) > 200))
    return fcs_response_error (400, "invalid",
                               _("The enrolment request needs a token and the device's identity"));

  secret = fcs_secret_new (CREDENTIAL_BYTES);
  token_hash = fcs_secret_hash (token);
  credential_hash = fcs_secret_hash (secret);
  if (!api->storage->klass->enroll (api->storage, token_hash, device_id, name, credential_hash,
                                    &error))
    return fcs_response_from_error (error->domain == FCS_ERROR &&
                                    error->code == FCS_ERROR_TOKEN_REFUSED ? 403 : 503, error);

  credential = g_strdup_printf ("%s.%s", device_id, secret);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "device");
  json_builder_add_string_value (b, device_id);
  json_builder_set_member_name (b, "credential");
  json_builder_add_string_value (b, credential);
  json_builder_set_member_name (b, "server_time");
  json_builder_add_int_value (b, fcs_now_ms ());
  json_builder_end_object (b);
  answer = json_builder_get_root (b);
  return fcs_response_new (200, json_to_string (answer, FALSE));
}
