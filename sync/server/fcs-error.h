/* fcs-error.h: why the server refuses an op, a request or an admin command */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define FCS_ERROR (fcs_error_quark ())

/* Each code has a stable wire name (fcs_error_code_name) that devices see. */
typedef enum
{
  FCS_ERROR_UNKNOWN_USER,
  FCS_ERROR_USER_DISABLED,
  FCS_ERROR_NOT_ASSIGNED,
  FCS_ERROR_ADMIN_ONLY,
  FCS_ERROR_UNKNOWN_PARENT,
  FCS_ERROR_DEPENDS_ON_REJECTED,
  FCS_ERROR_SEQ_REUSED,
  FCS_ERROR_TOKEN_REFUSED,
  FCS_ERROR_DEVICE_UNKNOWN,
  FCS_ERROR_DEVICE_REVOKED,
  FCS_ERROR_NOT_FOUND,
  FCS_ERROR_INVALID,
  FCS_ERROR_FAILED,
  FCS_N_ERRORS
} FcsErrorCode;

GQuark      fcs_error_quark         (void);
const char *fcs_error_code_name     (FcsErrorCode  code);
const char *fcs_error_wire_name     (const GError *error);

G_END_DECLS
