/* fcs-error.c: the server's error domain and the wire names of refusals */

#include "config.h"

#include "fc-error.h"
#include "fcs-error.h"

G_DEFINE_QUARK (fcs-error-quark, fcs_error)

static const char *const names[FCS_N_ERRORS] = {
  [FCS_ERROR_UNKNOWN_USER] = "unknown_user",
  [FCS_ERROR_USER_DISABLED] = "user_disabled",
  [FCS_ERROR_NOT_ASSIGNED] = "not_assigned",
  [FCS_ERROR_ADMIN_ONLY] = "admin_only",
  [FCS_ERROR_UNKNOWN_PARENT] = "unknown_parent",
  [FCS_ERROR_DEPENDS_ON_REJECTED] = "depends_on_rejected",
  [FCS_ERROR_SEQ_REUSED] = "seq_reused",
  [FCS_ERROR_TOKEN_REFUSED] = "token_refused",
  [FCS_ERROR_DEVICE_UNKNOWN] = "device_unknown",
  [FCS_ERROR_DEVICE_REVOKED] = "device_revoked",
  [FCS_ERROR_NOT_FOUND] = "not_found",
  [FCS_ERROR_INVALID] = "invalid",
  [FCS_ERROR_FAILED] = "failed",
};

const char *
fcs_error_code_name (FcsErrorCode code)
{
  g_return_val_if_fail (code < FCS_N_ERRORS, "failed");
  return names[code];
}

/**
 * fcs_error_wire_name:
 * @error: a refusal from the server or from the core's merge
 *
 * Returns: the stable word a device receives for @error
 */
const char *
fcs_error_wire_name (const GError *error)
{
  if (error->domain == FCS_ERROR)
    return fcs_error_code_name (error->code);
  if (error->domain == FC_ERROR)
    switch (error->code)
      {
      case FC_ERROR_GUARD:
        return "guard";
      case FC_ERROR_CLOCK_AHEAD:
        return "clock_ahead";
      case FC_ERROR_NOT_FOUND:
        return "not_found";
      case FC_ERROR_INVALID:
        return "invalid";
      default:
        return "not_applicable";
      }
  return "failed";
}
