/* fcs-api.c: routing, device authentication and rate limits of /api/v1
 *
 * Every answer is JSON; every error is {"code": word, "message": sentence}
 * with a 4xx status for what the request got wrong and a 5xx status when the
 * server could not do its part (nothing is then acknowledged).
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fc-sync-protocol.h"
#include "fcs-api.h"
#include "fcs-error.h"
#include "fcs-secrets.h"

FcsResponse *
fcs_response_new (guint  status,
                  char  *body)
{
  FcsResponse *response = g_new0 (FcsResponse, 1);

  response->status = status;
  response->body = body;
  return response;
}

FcsResponse *
fcs_response_error (guint       status,
                    const char *code,
                    const char *message)
{
  return fcs_response_new (status, fc_sync_error_to_json (code, message));
}

/* An error of the server's domain or the core's, with the status it deserves. */
FcsResponse *
fcs_response_from_error (guint         status,
                         const GError *error)
{
  return fcs_response_error (status, fcs_error_wire_name (error), error->message);
}

void
fcs_response_free (FcsResponse *response)
{
  if (response == NULL)
    return;
  g_free (response->body);
  g_free (response);
}

/* "Bearer DEVICE.SECRET" -> the device, or an error response. */
static FcsDevice *
authenticate (FcsApi            *api,
              const FcsRequest  *request,
              FcsResponse      **response)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *device_id = NULL;
  g_autofree char *hash = NULL;
  const char *credential, *dot;
  FcsDevice *device;

  if (request->authorization == NULL || !g_str_has_prefix (request->authorization, "Bearer ") ||
      (dot = strrchr (credential = request->authorization + 7, '.')) == NULL ||
      dot == credential || strlen (dot + 1) < 32 || dot - credential > 64)
    {
      *response = fcs_response_error (401, "no_credential",
                                      _("This request needs the device's credential; "
                                        "enrol the device first"));
      return NULL;
    }
  device_id = g_strndup (credential, dot - credential);
  hash = fcs_secret_hash (dot + 1);
  device = api->storage->klass->authenticate (api->storage, device_id, hash, &error);
  if (device == NULL)
    {
      *response = fcs_response_from_error (g_error_matches (error, FCS_ERROR, FCS_ERROR_DEVICE_REVOKED)
                                           ? 403 : 401, error);
      return NULL;
    }
  return device;
}

static FcsResponse *
rate_limited (FcsApi          *api,
              const FcsDevice *device)
{
  FcsResponse *response;
  gint64 retry_after = 0;

  if (api->rate_limit == NULL ||
      fcs_rate_limit_take (api->rate_limit, device->id, g_get_monotonic_time (), &retry_after))
    return NULL;
  response = fcs_response_error (429, "rate_limited",
                                 _("This device sends too many requests; it waits and tries again"));
  response->retry_after_s = retry_after;
  return response;
}

static FcsResponse *
handle_time (void)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "server_time");
  json_builder_add_int_value (b, fcs_now_ms ());
  json_builder_set_member_name (b, "api");
  json_builder_add_int_value (b, 1);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return fcs_response_new (200, json_to_string (root, FALSE));
}

typedef enum
{
  ROUTE_TIME,
  ROUTE_ENROLL,
  ROUTE_PUSH,
  ROUTE_PULL,
  ROUTE_VERIFIERS,
} Route;

static const struct
{
  const char *path;
  const char *method;
  Route       route;
} routes[] = {
  { FC_SYNC_API_PREFIX "/time", "GET", ROUTE_TIME },
  { FC_SYNC_API_PREFIX "/enroll", "POST", ROUTE_ENROLL },
  { FC_SYNC_API_PREFIX "/push", "POST", ROUTE_PUSH },
  { FC_SYNC_API_PREFIX "/pull", "GET", ROUTE_PULL },
  { FC_SYNC_API_PREFIX "/verifiers", "GET", ROUTE_VERIFIERS },
};

/**
 * fcs_api_handle:
 * @api: the server's state
 * @request: a complete request
 *
 * Returns: (transfer full): the answer
 */
FcsResponse *
fcs_api_handle (FcsApi           *api,
                const FcsRequest *request)
{
  g_autoptr(FcsDevice) device = NULL;
  FcsResponse *response = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      if (g_strcmp0 (request->path, routes[i].path) != 0)
        continue;
      if (g_strcmp0 (request->method, routes[i].method) != 0)
        return fcs_response_error (405, "method_not_allowed",
                                   _("This address does not take that method"));
      switch (routes[i].route)
        {
        case ROUTE_TIME:
          return handle_time ();
        case ROUTE_ENROLL:
          return fcs_enroll_handle (api, request);
        case ROUTE_PUSH:
        case ROUTE_PULL:
        case ROUTE_VERIFIERS:
        default:
          device = authenticate (api, request, &response);
          if (device == NULL)
            return response;
          if ((response = rate_limited (api, device)) != NULL)
            return response;
          if (routes[i].route == ROUTE_VERIFIERS)
            return fcs_verifiers_handle (api, device, request);
          return routes[i].route == ROUTE_PUSH ? fcs_push_handle (api, device, request)
                                               : fcs_pull_handle (api, device, request);
        }
    }
  return fcs_response_error (404, "not_found", _("There is nothing at this address"));
}
