/* fc-pdf-text.c: laying out text on the pages of the PDF reports */

#include "config.h"

#include "fc-pdf-text.h"

/**
 * fc_pdf_text_layout:
 * @cr: the page
 * @text: (nullable): the text
 * @size: the font size in points
 * @bold: whether bold
 * @width: the width to wrap at, in points
 *
 * Returns: (transfer full): a layout in the reports' font, wrapping at word
 *   or character boundaries as Chinese needs
 */
PangoLayout *
fc_pdf_text_layout (cairo_t    *cr,
                    const char *text,
                    double      size,
                    gboolean    bold,
                    double      width)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (FC_PDF_FONT_FAMILY);

  pango_font_description_set_size (font, (int) (size * PANGO_SCALE));
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text ? text : "", -1);
  return layout;
}

/* Returns: the layout's height in points */
double
fc_pdf_text_height (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return (double) h / PANGO_SCALE;
}
