/* fc-scan-page.h: reading a tag with the camera, or from a photo */
#pragma once

#include <adwaita.h>

#include "fc-camera.h"

G_BEGIN_DECLS

#define FC_TYPE_SCAN_PAGE (fc_scan_page_get_type ())
G_DECLARE_FINAL_TYPE (FcScanPage, fc_scan_page, FC, SCAN_PAGE, GtkWidget)

void        fc_scan_page_start          (FcScanPage *self);
void        fc_scan_page_stop           (FcScanPage *self);
void        fc_scan_page_resume_later   (FcScanPage *self);
void        fc_scan_page_confirm        (FcScanPage *self,
                                         const char *title);
const char *fc_scan_page_get_state      (FcScanPage *self);
void        fc_scan_page_scan_file      (FcScanPage *self,
                                         GFile      *file);
FcCamera   *fc_scan_page_get_camera     (FcScanPage *self);

G_END_DECLS
