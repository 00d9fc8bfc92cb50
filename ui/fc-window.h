/* fc-window.h: the main window */
#pragma once

#include <adwaita.h>

#include "fc-application.h"

G_BEGIN_DECLS

#define FC_TYPE_WINDOW (fc_window_get_type ())
G_DECLARE_FINAL_TYPE (FcWindow, fc_window, FC, WINDOW, AdwApplicationWindow)

FcWindow   *fc_window_new         (FcApplication *app);
GListModel *fc_window_get_facilities (FcWindow   *self);
const char *fc_window_get_state   (FcWindow      *self);

G_END_DECLS
