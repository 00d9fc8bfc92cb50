/* fc-preferences.h: the settings page, and the settings the rest of the app reads */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FC_TYPE_PREFERENCES (fc_preferences_get_type ())
G_DECLARE_FINAL_TYPE (FcPreferences, fc_preferences, FC, PREFERENCES, AdwPreferencesWindow)

/* What a captured photo is made into; read on the main thread, handed to a worker. */
typedef struct
{
  guint    max_edge;
  int      jpeg_quality;
  gboolean store_location;
} FcPhotoSettings;

FcPreferences *fc_preferences_new                 (GtkWindow       *parent);

GSettings     *fc_settings_get                    (void);
void           fc_settings_get_photo              (FcPhotoSettings *photo);
guint          fc_settings_get_deadline_days      (gboolean         major);
double         fc_settings_get_look_back_share    (void);

G_END_DECLS
