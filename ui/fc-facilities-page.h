/* fc-facilities-page.h: the facilities, searchable and filtered */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define FC_TYPE_FACILITIES_PAGE (fc_facilities_page_get_type ())
G_DECLARE_FINAL_TYPE (FcFacilitiesPage, fc_facilities_page, FC, FACILITIES_PAGE, GtkWidget)

void        fc_facilities_page_set_rows      (FcFacilitiesPage *self,
                                              JsonArray        *rows);
GListModel *fc_facilities_page_get_all       (FcFacilitiesPage *self);
GListModel *fc_facilities_page_get_shown     (FcFacilitiesPage *self);
void        fc_facilities_page_set_search    (FcFacilitiesPage *self,
                                              const char       *text);
void        fc_facilities_page_focus_search  (FcFacilitiesPage *self);

G_END_DECLS
