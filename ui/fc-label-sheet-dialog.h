/* fc-label-sheet-dialog.h: print or save a facility's sheet of QR tag labels */
#pragma once

#include <adwaita.h>

#include "fc-store-service.h"

G_BEGIN_DECLS

typedef enum
{
  FC_LABEL_SHEET_PRINT,
  FC_LABEL_SHEET_SAVE_PDF,
} FcLabelSheetOutput;

#define FC_TYPE_LABEL_SHEET_DIALOG (fc_label_sheet_dialog_get_type ())
G_DECLARE_FINAL_TYPE (FcLabelSheetDialog, fc_label_sheet_dialog, FC, LABEL_SHEET_DIALOG, AdwWindow)

FcLabelSheetDialog *fc_label_sheet_dialog_new          (GtkWindow          *parent,
                                                        FcStoreService     *service,
                                                        const char         *facility_id,
                                                        const char         *facility_name,
                                                        FcLabelSheetOutput  output);
void                fc_label_sheet_dialog_set_grid     (FcLabelSheetDialog *self,
                                                        guint               columns,
                                                        guint               rows,
                                                        double              label_width_mm,
                                                        double              label_height_mm);
gboolean            fc_label_sheet_dialog_get_ready    (FcLabelSheetDialog *self);
guint               fc_label_sheet_dialog_get_n_labels (FcLabelSheetDialog *self);
guint               fc_label_sheet_dialog_get_n_pages  (FcLabelSheetDialog *self);
const char         *fc_label_sheet_dialog_get_summary  (FcLabelSheetDialog *self);

G_END_DECLS
