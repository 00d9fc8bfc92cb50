/* fc-finish-page.h: the end of a walk — summary, unanswered items, sign-off, report */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "fc-inspections.h"
#include "fc-signature-pad.h"

G_BEGIN_DECLS

#define FC_TYPE_FINISH_PAGE (fc_finish_page_get_type ())
G_DECLARE_FINAL_TYPE (FcFinishPage, fc_finish_page, FC, FINISH_PAGE, GtkWidget)

void            fc_finish_page_set_summary   (FcFinishPage  *self,
                                              JsonObject    *summary);
gboolean        fc_finish_page_get_signoff   (FcFinishPage  *self,
                                              FcSignoff     *signoff);
FcSignaturePad *fc_finish_page_get_pad       (FcFinishPage  *self);
void            fc_finish_page_select_signer (FcFinishPage  *self,
                                              guint          index);
void            fc_finish_page_set_representative (FcFinishPage *self,
                                              const char    *name);

G_END_DECLS
