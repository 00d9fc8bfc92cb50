/* fc-report-inspection.h: the inspection report as a PDF */
#pragma once

#include "fc-store.h"

G_BEGIN_DECLS

gboolean fc_report_inspection_pdf (FcStore     *store,
                                   const char  *inspection_id,
                                   const char  *path,
                                   GError     **error);

G_END_DECLS
