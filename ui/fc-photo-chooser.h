/* fc-photo-chooser.h: choosing photo files to add */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GtkFileChooserNative *fc_photo_chooser_new       (GtkWindow       *parent,
                                                  const char      *title);
GPtrArray            *fc_photo_chooser_get_paths (GtkNativeDialog *chooser);

G_END_DECLS
