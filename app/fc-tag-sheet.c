/* fc-tag-sheet.c: A4 sheets of equipment tag labels, drawn with cairo
 *
 * Each label has the QR code with its 4-module quiet zone on the left and, on
 * the right, the facility, the equipment name and location (Chinese, laid out
 * by Pango) and the tag code in large type for people and phones without the
 * app. The QR modules are filled as runs of rectangles, so the PDF holds
 * exact vector squares with no hairline seams between them.
 */

#include "config.h"

#include <stdio.h>

#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "fc-equipment.h"
#include "fc-error.h"
#include "fc-tag.h"
#include "fc-tag-sheet.h"

#define PT_PER_MM (72.0 / 25.4)
#define MM(x) ((x) * PT_PER_MM)
#define PAD_MM 2.0
/* A 20 mm code of QR version 2 with its quiet zone has modules of 0.61 mm. */
#define QR_MAX_MM 25.0
#define QR_MIN_MM 18.0
#define TEXT_MIN_MM 25.0
/* CJK first, so Chinese names use Simplified Chinese glyph shapes. */
#define FONT_FAMILY "Noto Sans CJK SC, Noto Sans, Sans"
#define MONO_FAMILY "Noto Sans Mono CJK SC, DejaVu Sans Mono, Monospace"

void
fc_tag_label_free (FcTagLabel *label)
{
  if (label == NULL)
    return;
  g_free (label->payload);
  g_free (label->code);
  g_free (label->facility_name);
  g_free (label->equipment_name);
  g_free (label->location);
  g_free (label->equipment_id);
  g_free (label);
}

static gboolean
parse_pair (const char *text,
            double     *a,
            double     *b)
{
  char end;

  return text != NULL && sscanf (text, "%lfx%lf%c", a, b, &end) == 2 && *a > 0 && *b > 0;
}

/**
 * fc_tag_sheet_layout_init:
 * @layout: (out caller-allocates): the layout
 * @grid: (nullable): "COLUMNSxROWS"; %NULL for "3x8"
 * @label_size: (nullable): "WIDTHxHEIGHT" in millimetres; %NULL for "70x37"
 * @error: %FC_ERROR_INVALID when the text is wrong, a label is too small for a
 *   readable code, or the grid does not fit on A4
 *
 * Returns: %TRUE when the layout fits A4 portrait
 */
gboolean
fc_tag_sheet_layout_init (FcTagSheetLayout  *layout,
                          const char        *grid,
                          const char        *label_size,
                          GError           **error)
{
  double columns, rows, w, h;

  g_return_val_if_fail (layout != NULL, FALSE);

  if (!parse_pair (grid ? grid : "3x8", &columns, &rows) ||
      columns != (guint) columns || rows != (guint) rows || columns > 20 || rows > 40)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                   _("“%s” is not a grid; write COLUMNSxROWS, e.g. 3x8"), grid);
      return FALSE;
    }
  if (!parse_pair (label_size ? label_size : "70x37", &w, &h))
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                   _("“%s” is not a label size; write WIDTHxHEIGHT in millimetres, e.g. 70x37"),
                   label_size);
      return FALSE;
    }
  if (h < QR_MIN_MM + 2 * PAD_MM || w < QR_MIN_MM + TEXT_MIN_MM + 3 * PAD_MM)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                   _("Labels of %g × %g mm are too small for a code a camera reads; use at "
                     "least %g × %g mm"), w, h, QR_MIN_MM + TEXT_MIN_MM + 3 * PAD_MM,
                   QR_MIN_MM + 2 * PAD_MM);
      return FALSE;
    }
  if (columns * w > FC_TAG_SHEET_A4_WIDTH_MM + 0.01 || rows * h > FC_TAG_SHEET_A4_HEIGHT_MM + 0.01)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                   _("%g × %g labels of %g × %g mm do not fit on A4 (210 × 297 mm)"),
                   columns, rows, w, h);
      return FALSE;
    }
  layout->columns = (guint) columns;
  layout->rows = (guint) rows;
  layout->label_width_mm = w;
  layout->label_height_mm = h;
  layout->left_mm = (FC_TAG_SHEET_A4_WIDTH_MM - columns * w) / 2;
  layout->top_mm = (FC_TAG_SHEET_A4_HEIGHT_MM - rows * h) / 2;
  return TRUE;
}

guint
fc_tag_sheet_labels_per_page (const FcTagSheetLayout *layout)
{
  return layout->columns * layout->rows;
}

/**
 * fc_tag_sheet_label_rect_mm:
 * @layout: the layout
 * @index: the label's place on its page, row by row
 * @x: (out): its left edge, in millimetres from the page's
 * @y: (out): its top edge
 */
void
fc_tag_sheet_label_rect_mm (const FcTagSheetLayout *layout,
                            guint                   index,
                            double                 *x,
                            double                 *y)
{
  *x = layout->left_mm + (index % layout->columns) * layout->label_width_mm;
  *y = layout->top_mm + (index / layout->columns) * layout->label_height_mm;
}

/**
 * fc_tag_sheet_labels_for_facility:
 * @store: the store
 * @facility_id: the facility
 * @untagged: (out) (optional): how much of its equipment has no tag code
 * @error: %FC_ERROR_NOT_FOUND for an unknown facility or a store without a district code
 *
 * Returns: (transfer full) (element-type FcTagLabel): a label for each piece
 *   of the facility's equipment in service that has a tag code, by tag code
 */
GPtrArray *
fc_tag_sheet_labels_for_facility (FcStore     *store,
                                  const char  *facility_id,
                                  guint       *untagged,
                                  GError     **error)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func ((GDestroyNotify) fc_tag_label_free);
  g_autofree char *district = fc_equipment_get_district (store, error);
  g_autoptr(JsonArray) rows = NULL;
  guint missing = 0;

  if (district == NULL)
    return NULL;
  rows = fc_equipment_list (store, facility_id, FALSE, error);
  if (rows == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      g_autoptr(FcTagLabel) label = NULL;
      const char *code = json_object_get_string_member_with_default (row, "tag_code", NULL);

      if (code == NULL)
        {
          missing++;
          continue;
        }
      label = g_new0 (FcTagLabel, 1);
      label->payload = fc_tag_format (district, code, error);
      if (label->payload == NULL)
        return NULL;
      label->code = g_strdup (code);
      label->facility_name = g_strdup (json_object_get_string_member (row, "facility_name"));
      label->equipment_name = g_strdup (json_object_get_string_member (row, "name"));
      label->location = g_strdup (json_object_get_string_member_with_default (row, "location", NULL));
      label->equipment_id = g_strdup (json_object_get_string_member (row, "id"));
      g_ptr_array_add (labels, g_steal_pointer (&label));
    }
  if (untagged != NULL)
    *untagged = missing;
  return g_steal_pointer (&labels);
}

static void
draw_qr (cairo_t      *cr,
         const QRcode *qr,
         double        x,
         double        y,
         double        side)
{
  double module = side / (qr->width + 8);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, x, y, side, side);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  for (int r = 0; r < qr->width; r++)
    for (int c = 0; c < qr->width; c++)
      {
        int run = 0;

        if (!(qr->data[r * qr->width + c] & 1))
          continue;
        while (c + run < qr->width && (qr->data[r * qr->width + c + run] & 1))
          run++;
        cairo_rectangle (cr, x + (4 + c) * module, y + (4 + r) * module, run * module, module);
        c += run - 1;
      }
  cairo_fill (cr);
}

/* Draws @text at (x, y) in @width points; returns its height. */
static double
draw_text (cairo_t    *cr,
           const char *text,
           const char *family,
           double      size_pt,
           gboolean    bold,
           int         max_lines,
           double      x,
           double      y,
           double      width,
           double      grey)
{
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (family);
  int w, h;

  if (text == NULL || *text == '\0')
    return 0;
  /* Sizes are in the user units of @cr, which are points. */
  pango_cairo_context_set_resolution (pango_layout_get_context (layout), 72);
  pango_layout_context_changed (layout);
  pango_font_description_set_size (font, (int) (size_pt * PANGO_SCALE));
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_height (layout, -max_lines);
  pango_layout_set_text (layout, text, -1);
  cairo_set_source_rgb (cr, grey, grey, grey);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  pango_layout_get_size (layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

/**
 * fc_tag_sheet_draw_label:
 * @cr: a cairo context in points, its origin at the label's top left corner
 * @label: the label
 * @width_mm: the label's width
 * @height_mm: the label's height
 *
 * Draws one label. The QR code is at most 25 mm and at least 18 mm wide.
 */
void
fc_tag_sheet_draw_label (cairo_t          *cr,
                         const FcTagLabel *label,
                         double            width_mm,
                         double            height_mm)
{
  g_autoptr(QRcode) qr = fc_tag_encode_qr (label->payload, NULL);
  double side = MIN (height_mm - 2 * PAD_MM, QR_MAX_MM);
  double text_x = MM (2 * PAD_MM + side), text_w = MM (width_mm - 3 * PAD_MM - side);
  double y = MM (PAD_MM + 0.5);

  g_return_if_fail (qr != NULL);

  cairo_save (cr);
  draw_qr (cr, qr, MM (PAD_MM), MM ((height_mm - side) / 2), MM (side));
  y += draw_text (cr, label->facility_name, FONT_FAMILY, 7, FALSE, 1, text_x, y, text_w, 0.3);
  y += MM (0.6);
  y += draw_text (cr, label->equipment_name, FONT_FAMILY, 10, TRUE, 2, text_x, y, text_w, 0);
  draw_text (cr, label->location, FONT_FAMILY, 7, FALSE, 1, text_x, y, text_w, 0.3);
  /* The code sits at the bottom, large: people read it aloud and type it. */
  draw_text (cr, label->code, MONO_FAMILY, 13, TRUE, 1, text_x,
             MM (height_mm - PAD_MM - 1) - 13 * 1.3, text_w, 0);
  /* Translators: printed small on every equipment tag, above its code */
  draw_text (cr, _("Fieldcheck equipment tag"), FONT_FAMILY, 5.5, FALSE, 1, text_x,
             MM (height_mm - PAD_MM - 1) - 13 * 1.3 - 5.5 * 1.4, text_w, 0.4);
  cairo_restore (cr);
}

/**
 * fc_tag_sheet_draw_page:
 * @cr: a cairo context in points, its origin at the A4 page's top left corner
 * @layout: the layout
 * @labels: (element-type FcTagLabel): all the labels
 * @page: which page of them, from 0
 */
void
fc_tag_sheet_draw_page (cairo_t                *cr,
                        const FcTagSheetLayout *layout,
                        GPtrArray              *labels,
                        guint                   page)
{
  guint per_page = fc_tag_sheet_labels_per_page (layout);

  for (guint i = page * per_page; i < labels->len && i < (page + 1) * per_page; i++)
    {
      double x, y;

      fc_tag_sheet_label_rect_mm (layout, i - page * per_page, &x, &y);
      cairo_save (cr);
      cairo_translate (cr, MM (x), MM (y));
      fc_tag_sheet_draw_label (cr, labels->pdata[i], layout->label_width_mm,
                               layout->label_height_mm);
      cairo_restore (cr);
    }
}

/**
 * fc_tag_sheet_write_pdf:
 * @path: the PDF file to write
 * @layout: the layout
 * @labels: (element-type FcTagLabel): the labels, as many pages as they need
 * @error: return location for an error
 *
 * Returns: %TRUE when the file is written
 */
gboolean
fc_tag_sheet_write_pdf (const char              *path,
                        const FcTagSheetLayout  *layout,
                        GPtrArray               *labels,
                        GError                 **error)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  guint per_page = fc_tag_sheet_labels_per_page (layout);
  guint pages = MAX (1, (labels->len + per_page - 1) / per_page);

  g_return_val_if_fail (path != NULL, FALSE);

  surface = cairo_pdf_surface_create (path, MM (FC_TAG_SHEET_A4_WIDTH_MM),
                                      MM (FC_TAG_SHEET_A4_HEIGHT_MM));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, _("Equipment tags"));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Fieldcheck");
  cr = cairo_create (surface);
  for (guint p = 0; p < pages; p++)
    {
      fc_tag_sheet_draw_page (cr, layout, labels, p);
      cairo_show_page (cr);
    }
  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_FAILED, _("Cannot write “%s”: %s"), path,
                   cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

/**
 * fc_tag_sheet_release_fonts:
 *
 * Drops the font caches of Pango, cairo and fontconfig. A tool that exits
 * right after printing calls it so that leak checkers report only real leaks;
 * nothing may draw text afterwards.
 */
void
fc_tag_sheet_release_fonts (void)
{
  pango_cairo_font_map_set_default (NULL);
  cairo_debug_reset_static_data ();
  FcFini ();
}
