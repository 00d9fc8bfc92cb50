/* fc-start-page.h: starting an inspection — kind, checklist, team and sections */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "fc-inspections.h"

G_BEGIN_DECLS

#define FC_TYPE_START_PAGE (fc_start_page_get_type ())
G_DECLARE_FINAL_TYPE (FcStartPage, fc_start_page, FC, START_PAGE, GtkWidget)

void      fc_start_page_set_data       (FcStartPage       *self,
                                        const char        *facility_id,
                                        JsonArray         *templates,
                                        JsonArray         *roster,
                                        const char        *user_id);
void      fc_start_page_select_member  (FcStartPage       *self,
                                        const char        *person_id,
                                        gboolean           selected);
void      fc_start_page_set_kind       (FcStartPage       *self,
                                        FcInspectionKind   kind);
gboolean  fc_start_page_get_start      (FcStartPage       *self,
                                        FcInspectionStart *start);

G_END_DECLS
