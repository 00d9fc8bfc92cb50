/* fc-hazard-dialog.h: recording a hazard from a failed item */
#pragma once

#include <adwaita.h>

#include "fc-inspections.h"
#include "fc-photo-strip.h"

G_BEGIN_DECLS

#define FC_TYPE_HAZARD_DIALOG (fc_hazard_dialog_get_type ())
G_DECLARE_FINAL_TYPE (FcHazardDialog, fc_hazard_dialog, FC, HAZARD_DIALOG, AdwWindow)

FcHazardDialog *fc_hazard_dialog_new          (GtkWindow             *parent,
                                               const char            *inspection_id,
                                               const FcWalkItem      *item);
void            fc_hazard_dialog_get_finding  (FcHazardDialog        *self,
                                               FcFindingHazard       *finding);
void            fc_hazard_dialog_set_error    (FcHazardDialog        *self,
                                               const char            *message);
void            fc_hazard_dialog_set_level    (FcHazardDialog        *self,
                                               FcHazardLevel          level,
                                               const char            *reason);
void            fc_hazard_dialog_set_description (FcHazardDialog     *self,
                                               const char            *description);
FcPhotoStrip   *fc_hazard_dialog_get_photo_strip (FcHazardDialog     *self);

G_END_DECLS
