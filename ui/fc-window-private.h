/* fc-window-private.h: the window's state, shared by fc-window.c and fc-window-actions.c */
#pragma once

#include "fc-equipment-page.h"
#include "fc-facilities-page.h"
#include "fc-facility-page.h"
#include "fc-finish-page.h"
#include "fc-hazard-dialog.h"
#include "fc-item-page.h"
#include "fc-scan-page.h"
#include "fc-scanner-burst.h"
#include "fc-start-page.h"
#include "fc-store-service.h"
#include "fc-sync-service.h"
#include "fc-walk-overview.h"
#include "fc-window.h"

G_BEGIN_DECLS

struct _FcWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toasts;
  AdwLeaflet           *leaflet;
  AdwWindowTitle       *title;
  AdwWindowTitle       *content_title;
  GtkWidget            *facilities_button;
  GtkStack             *sidebar_stack;
  AdwStatusPage        *error_page;
  FcFacilitiesPage     *facilities_page;
  FcWalkOverview       *overview;
  GtkStack             *content_stack;
  FcItemPage           *item_page;

  FcStoreService       *service;
  FcSyncService        *sync;
  guint                 sync_start_id;
  gboolean              sync_started;
  GCancellable         *cancellable;
  GSettings            *settings;
  char                 *user_id;
  char                 *facility_id;
  char                 *open_inspection_id;
  FcWalk               *walk;
  int                   current;
  FcHazardDialog       *hazard_dialog;
  GtkFileChooserNative *chooser;
  JsonObject           *scan_outcome;
  FcScannerBurst       *burst;
};

/* What a job hands back; each job fills what it reads. */
typedef struct
{
  JsonArray  *rows;
  JsonArray  *templates;
  JsonObject *object;
  FcWalk     *walk;
  char       *text;
  char       *item_id;
  char       *user_id;
} FcWindowResult;

/* What a job needs; owned copies, so the pages may change meanwhile. */
typedef struct
{
  char      *inspection_id;
  char      *item_id;
  char      *facility_id;
  char      *answer;
  gboolean   has_number;
  double     number;
  char      *note;
  char      *path;
  GPtrArray *strings;      /* more owned strings, for the start and the finding */
  FcInspectionStart start;
  FcInspectionMember *members;
  FcFindingHazard finding;
  FcSignoff  signoff;
  gboolean   advance;
} FcWindowRequest;

void             fc_window_result_free     (FcWindowResult  *result);
FcWindowRequest *fc_window_request_new     (void);
void             fc_window_request_free    (FcWindowRequest *request);
const char      *fc_window_request_keep    (FcWindowRequest *request,
                                            const char      *str);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcWindowResult, fc_window_result_free)

void             _fc_window_class_actions_init (FcWindowClass *klass);
void             _fc_window_update_actions (FcWindow        *self);
void             _fc_window_show_item      (FcWindow        *self,
                                            int              index);
void             _fc_window_show_walk      (FcWindow        *self,
                                            FcWalk          *walk,
                                            int              index);
void             _fc_window_show_finish    (FcWindow        *self);
void             _fc_window_open_facility  (FcWindow        *self,
                                            const char      *facility_id);
void             _fc_window_reload_facilities (FcWindow     *self);
void             _fc_window_toast          (FcWindow        *self,
                                            const char      *message);
void             _fc_window_show_page      (FcWindow        *self,
                                            const char      *page);
GtkWidget       *_fc_window_get_content_page (FcWindow      *self,
                                            const char      *name);

/* Pages of the main pane built the first time they are asked for. */
static inline FcFacilityPage *
_fc_window_facility_page (FcWindow *self)
{
  return FC_FACILITY_PAGE (_fc_window_get_content_page (self, "facility"));
}

static inline FcStartPage *
_fc_window_start_page (FcWindow *self)
{
  return FC_START_PAGE (_fc_window_get_content_page (self, "start"));
}

static inline FcFinishPage *
_fc_window_finish_page (FcWindow *self)
{
  return FC_FINISH_PAGE (_fc_window_get_content_page (self, "finish"));
}

/* fc-window-scan.c */
void             _fc_window_class_scan_init (FcWindowClass  *klass);
void             _fc_window_scan_init      (FcWindow        *self);
void             _fc_window_scan_setup_page (FcWindow       *self,
                                            FcScanPage      *page);

G_END_DECLS
