/* fc-tag-sheet.h: A4 sheets of equipment tag labels, drawn with cairo
 *
 * The same drawing serves the PDF of fieldcheck-cli and the app's "save as
 * PDF", and a GtkPrintOperation can call fc_tag_sheet_draw_page() on the
 * cairo context of each page it prints.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "fc-store.h"

G_BEGIN_DECLS

#define FC_TAG_SHEET_A4_WIDTH_MM  210.0
#define FC_TAG_SHEET_A4_HEIGHT_MM 297.0

typedef struct
{
  guint  columns;
  guint  rows;
  double label_width_mm;
  double label_height_mm;
  /* The grid is centred on the page; these follow from the rest. */
  double left_mm;
  double top_mm;
} FcTagSheetLayout;

typedef struct
{
  char *payload;         /* the QR text, from fc_tag_format() */
  char *code;            /* the tag code, printed large */
  char *facility_name;
  char *equipment_name;
  char *location;        /* nullable */
  char *equipment_id;
} FcTagLabel;

void       fc_tag_label_free              (FcTagLabel              *label);

gboolean   fc_tag_sheet_layout_init       (FcTagSheetLayout        *layout,
                                           const char              *grid,
                                           const char              *label_size,
                                           GError                 **error);
guint      fc_tag_sheet_labels_per_page   (const FcTagSheetLayout  *layout);
void       fc_tag_sheet_label_rect_mm     (const FcTagSheetLayout  *layout,
                                           guint                    index,
                                           double                  *x,
                                           double                  *y);

GPtrArray *fc_tag_sheet_labels_for_facility (FcStore               *store,
                                           const char              *facility_id,
                                           guint                   *untagged,
                                           GError                 **error);

void       fc_tag_sheet_draw_label        (cairo_t                 *cr,
                                           const FcTagLabel        *label,
                                           double                   width_mm,
                                           double                   height_mm);
void       fc_tag_sheet_draw_page         (cairo_t                 *cr,
                                           const FcTagSheetLayout  *layout,
                                           GPtrArray               *labels,
                                           guint                    page);
gboolean   fc_tag_sheet_write_pdf         (const char              *path,
                                           const FcTagSheetLayout  *layout,
                                           GPtrArray               *labels,
                                           GError                 **error);

void       fc_tag_sheet_release_fonts     (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcTagLabel, fc_tag_label_free)

G_END_DECLS
