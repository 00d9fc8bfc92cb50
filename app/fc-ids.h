/* fc-ids.h: row ids derived from names, for rows every device must create alike */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *fc_id_new    (void);
char *fc_id_derive (const char *name);

G_END_DECLS
