/* fc-window.h: the main window */
#pragma once

#include <adwaita.h>

#include "fc-application.h"
#include "fc-walk.h"

G_BEGIN_DECLS

#define FC_TYPE_WINDOW (fc_window_get_type ())
G_DECLARE_FINAL_TYPE (FcWindow, fc_window, FC, WINDOW, AdwApplicationWindow)

FcWindow   *fc_window_new               (FcApplication *app);
void        fc_window_load_ahead        (FcStoreService *service);
GListModel *fc_window_get_facilities    (FcWindow      *self);
const char *fc_window_get_state         (FcWindow      *self);
const char *fc_window_get_page          (FcWindow      *self);
guint       fc_window_get_pending       (FcWindow      *self);
FcWalk     *fc_window_get_walk          (FcWindow      *self);
int         fc_window_get_current       (FcWindow      *self);
GtkWidget  *fc_window_get_page_widget   (FcWindow      *self,
                                         const char    *name);
GtkWindow  *fc_window_get_hazard_dialog (FcWindow      *self);
void        fc_window_scan_text         (FcWindow      *self,
                                         const char    *text);

G_END_DECLS
