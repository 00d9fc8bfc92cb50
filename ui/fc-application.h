/* fc-application.h: the Fieldcheck application */
#pragma once

#include <adwaita.h>

#include "fc-store-service.h"

G_BEGIN_DECLS

#define FC_TYPE_APPLICATION (fc_application_get_type ())
G_DECLARE_FINAL_TYPE (FcApplication, fc_application, FC, APPLICATION, AdwApplication)

FcApplication  *fc_application_new                (void);
const char     *fc_application_get_db_path        (FcApplication *self);
gboolean        fc_application_get_demo           (FcApplication *self);
FcStoreService *fc_application_take_store_service (FcApplication *self);

G_END_DECLS
