/* fc-capture-window.h: taking evidence photos with the camera */
#pragma once

#include <adwaita.h>

#include "fc-camera.h"
#include "fc-location.h"
#include "fc-store-service.h"

G_BEGIN_DECLS

#define FC_TYPE_CAPTURE_WINDOW (fc_capture_window_get_type ())
G_DECLARE_FINAL_TYPE (FcCaptureWindow, fc_capture_window, FC, CAPTURE_WINDOW, AdwWindow)

FcCaptureWindow *fc_capture_window_new        (GtkWindow       *parent,
                                               FcStoreService  *service,
                                               const char      *attached_kind,
                                               const char      *attached_id,
                                               const char      *purpose);
const char      *fc_capture_window_get_state  (FcCaptureWindow *self);
guint            fc_capture_window_get_n_taken (FcCaptureWindow *self);
const char      *fc_capture_window_get_error  (FcCaptureWindow *self);
FcCamera        *fc_capture_window_get_camera (FcCaptureWindow *self);
FcLocation      *fc_capture_window_get_location (FcCaptureWindow *self);

G_END_DECLS
