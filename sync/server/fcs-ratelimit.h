/* fcs-ratelimit.h: a token bucket per device */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _FcsRateLimit FcsRateLimit;

FcsRateLimit *fcs_rate_limit_new  (double         per_second,
                                   double         burst);
void          fcs_rate_limit_free (FcsRateLimit  *limit);
gboolean      fcs_rate_limit_take (FcsRateLimit  *limit,
                                   const char    *key,
                                   gint64         now_us,
                                   gint64        *retry_after_s);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcsRateLimit, fcs_rate_limit_free)

G_END_DECLS
