/* fc-whistle-page.h: whistle-blower reports (安全吹哨人) — record, triage, dismiss, commend */
#pragma once

#include <adwaita.h>

#include "fc-store-service.h"

G_BEGIN_DECLS

#define FC_TYPE_WHISTLE_PAGE (fc_whistle_page_get_type ())
G_DECLARE_FINAL_TYPE (FcWhistlePage, fc_whistle_page, FC, WHISTLE_PAGE, GtkWidget)

void        fc_whistle_page_set_service (FcWhistlePage  *self,
                                         FcStoreService *service);
void        fc_whistle_page_reload      (FcWhistlePage  *self);
guint       fc_whistle_page_get_n_shown (FcWhistlePage  *self);
const char *fc_whistle_page_get_refusal (FcWhistlePage  *self);

G_END_DECLS
