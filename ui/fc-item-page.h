/* fc-item-page.h: one checklist item and its answer */
#pragma once

#include <adwaita.h>

#include "fc-photo-strip.h"
#include "fc-walk.h"

G_BEGIN_DECLS

#define FC_TYPE_ITEM_PAGE (fc_item_page_get_type ())
G_DECLARE_FINAL_TYPE (FcItemPage, fc_item_page, FC, ITEM_PAGE, GtkWidget)

void        fc_item_page_set_item    (FcItemPage  *self,
                                      FcWalk      *walk,
                                      guint        index);
const char *fc_item_page_get_note    (FcItemPage  *self);
const char *fc_item_page_get_text    (FcItemPage  *self);
gboolean    fc_item_page_get_number  (FcItemPage  *self,
                                      double      *number);
void        fc_item_page_set_note    (FcItemPage  *self,
                                      const char  *note);
void        fc_item_page_set_number_text (FcItemPage *self,
                                      const char  *text);
void        fc_item_page_set_status  (FcItemPage  *self,
                                      const char  *status,
                                      gboolean     is_error);
FcPhotoStrip *fc_item_page_get_photo_strip (FcItemPage *self);

G_END_DECLS
