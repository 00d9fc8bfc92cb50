/* fc-i18n.h: set up gettext for the programs */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void     fc_i18n_init            (void);
gboolean fc_i18n_prefers_chinese (void);

G_END_DECLS
