/* fc-pdf-text.h: laying out text on the pages of the PDF reports */
#pragma once

#include <pango/pangocairo.h>

G_BEGIN_DECLS

/* Chinese first: the reports are read in Chinese. */
#define FC_PDF_FONT_FAMILY "Noto Sans CJK SC, Noto Sans, sans-serif"

PangoLayout *fc_pdf_text_layout (cairo_t     *cr,
                                 const char  *text,
                                 double       size,
                                 gboolean     bold,
                                 double       width);
double       fc_pdf_text_height (PangoLayout *layout);

G_END_DECLS
