/* fc-facility-page.h: one facility — its grid, open hazards, and the way into an inspection */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define FC_TYPE_FACILITY_PAGE (fc_facility_page_get_type ())
G_DECLARE_FINAL_TYPE (FcFacilityPage, fc_facility_page, FC, FACILITY_PAGE, GtkWidget)

void        fc_facility_page_set_facility (FcFacilityPage *self,
                                           JsonObject     *facility,
                                           const char     *open_inspection_id);
const char *fc_facility_page_get_id       (FcFacilityPage *self);
const char *fc_facility_page_get_name     (FcFacilityPage *self);

G_END_DECLS
