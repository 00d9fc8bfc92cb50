/* fc-hazard-page.h: one hazard — its whole record, its history and the steps the user may take */
#pragma once

#include <adwaita.h>

#include "fc-hazard-workflow.h"
#include "fc-photo-strip.h"
#include "fc-store-service.h"

G_BEGIN_DECLS

#define FC_TYPE_HAZARD_PAGE (fc_hazard_page_get_type ())
G_DECLARE_FINAL_TYPE (FcHazardPage, fc_hazard_page, FC, HAZARD_PAGE, GtkWidget)

void            fc_hazard_page_set_service       (FcHazardPage   *self,
                                                  FcStoreService *service);
void            fc_hazard_page_show              (FcHazardPage   *self,
                                                  const char     *hazard_id);
void            fc_hazard_page_set_back_label    (FcHazardPage   *self,
                                                  const char     *label);
const char     *fc_hazard_page_get_id            (FcHazardPage   *self);
const char     *fc_hazard_page_get_facility_name (FcHazardPage   *self);
FcHazardStatus  fc_hazard_page_get_status        (FcHazardPage   *self);
guint           fc_hazard_page_get_n_events      (FcHazardPage   *self);
gboolean        fc_hazard_page_offers            (FcHazardPage   *self,
                                                  const char     *step);
const char     *fc_hazard_page_get_refusal       (FcHazardPage   *self);
FcPhotoStrip   *fc_hazard_page_get_before_strip  (FcHazardPage   *self);
FcPhotoStrip   *fc_hazard_page_get_after_strip   (FcHazardPage   *self);

G_END_DECLS
