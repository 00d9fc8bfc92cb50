/* fc-error.c: the error domain of the core */

#include "config.h"

#include "fc-error.h"

G_DEFINE_QUARK (fc-error-quark, fc_error)
