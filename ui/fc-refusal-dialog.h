/* fc-refusal-dialog.h: telling the user why a step was not taken */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void fc_refusal_dialog_present (GtkWidget    *page,
                                const GError *error);

G_END_DECLS
