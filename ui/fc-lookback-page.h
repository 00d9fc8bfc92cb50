/* fc-lookback-page.h: look-back re-checks (回头看) — schedule a round, record what each found */
#pragma once

#include <adwaita.h>

#include "fc-store-service.h"

G_BEGIN_DECLS

#define FC_TYPE_LOOKBACK_PAGE (fc_lookback_page_get_type ())
G_DECLARE_FINAL_TYPE (FcLookbackPage, fc_lookback_page, FC, LOOKBACK_PAGE, GtkWidget)

void        fc_lookback_page_set_service (FcLookbackPage *self,
                                          FcStoreService *service);
void        fc_lookback_page_reload      (FcLookbackPage *self);
guint       fc_lookback_page_get_n_shown (FcLookbackPage *self);
const char *fc_lookback_page_get_refusal (FcLookbackPage *self);

G_END_DECLS
