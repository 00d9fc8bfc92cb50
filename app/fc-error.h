/* fc-error.h: the error domain of the core */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define FC_ERROR (fc_error_quark ())

typedef enum
{
  FC_ERROR_FAILED,
  /* The file is not a Fieldcheck database, or is damaged. */
  FC_ERROR_NOT_A_STORE,
  /* The database was written by a newer Fieldcheck. */
  FC_ERROR_TOO_NEW,
  FC_ERROR_CORRUPT,
  FC_ERROR_NOT_FOUND,
  FC_ERROR_INVALID,
  /* A hazard transition broke a guard of the state machine. */
  FC_ERROR_GUARD,
  /* A remote HLC stamp is too far ahead of this clock. */
  FC_ERROR_CLOCK_AHEAD,
  FC_ERROR_DISK_FULL,
  FC_ERROR_BUSY,
  /* A QR code that is not a Fieldcheck tag; show its text. */
  FC_ERROR_TAG_FOREIGN,
  /* A Fieldcheck tag whose fields are damaged. */
  FC_ERROR_TAG_MALFORMED,
  /* A Fieldcheck tag whose check character does not match: misread or mistyped. */
  FC_ERROR_TAG_CHECK,
  /* A Fieldcheck tag of a payload version this build cannot read. */
  FC_ERROR_TAG_VERSION,
} FcErrorCode;

GQuark fc_error_quark (void);

G_END_DECLS
