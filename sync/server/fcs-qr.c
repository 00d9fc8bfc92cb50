/* fcs-qr.c: an enrolment token as a QR code
 *
 * libqrencode makes the modules; the terminal gets two rows of modules per
 * line with half blocks, dark on light whatever the terminal's colours, and a
 * PNG is drawn with cairo for printing or showing on another screen.
 */

#include "config.h"

#include <cairo.h>
#include <glib/gi18n-lib.h>
#include <qrencode.h>

#include "fcs-error.h"
#include "fcs-qr.h"

#define QUIET_ZONE 2
#define PNG_MODULE_PX 8

static QRcode *
encode (const char  *payload,
        GError     **error)
{
  QRcode *code = QRcode_encodeString (payload, 0, QR_ECLEVEL_M, QR_MODE_8, 1);

  if (code == NULL)
    g_set_error (error, FCS_ERROR, FCS_ERROR_FAILED, _("Cannot make a QR code of the token"));
  return code;
}

static gboolean
dark (const QRcode *code,
      int           x,
      int           y)
{
  if (x < 0 || y < 0 || x >= code->width || y >= code->width)
    return FALSE;
  return code->data[y * code->width + x] & 1;
}

/**
 * fcs_qr_to_text:
 * @payload: what the code holds
 * @error: return location for an error
 *
 * Returns: (transfer full): the code drawn with Unicode half blocks
 */
char *
fcs_qr_to_text (const char  *payload,
                GError     **error)
{
  QRcode *code = encode (payload, error);
  GString *text;

  if (code == NULL)
    return NULL;
  text = g_string_new (NULL);
  for (int y = -QUIET_ZONE; y < code->width + QUIET_ZONE; y += 2)
    {
      /* Black on white explicitly: a QR code must be dark on light to scan. */
      g_string_append (text, "\033[30;47m");
      for (int x = -QUIET_ZONE; x < code->width + QUIET_ZONE; x++)
        {
          gboolean top = dark (code, x, y), bottom = dark (code, x, y + 1);

          g_string_append (text, top && bottom ? "█" : top ? "▀" : bottom ? "▄" : " ");
        }
      g_string_append (text, "\033[0m\n");
    }
  QRcode_free (code);
  return g_string_free (text, FALSE);
}

/**
 * fcs_qr_to_png:
 * @payload: what the code holds
 * @path: the PNG file to write
 * @error: return location for an error
 */
gboolean
fcs_qr_to_png (const char  *payload,
               const char  *path,
               GError     **error)
{
  QRcode *code = encode (payload, error);
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  int size;

  if (code == NULL)
    return FALSE;
  size = (code->width + 2 * QUIET_ZONE * 2) * PNG_MODULE_PX;
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, size, size);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  for (int y = 0; y < code->width; y++)
    for (int x = 0; x < code->width; x++)
      if (dark (code, x, y))
        cairo_rectangle (cr, (x + 2 * QUIET_ZONE) * PNG_MODULE_PX,
                         (y + 2 * QUIET_ZONE) * PNG_MODULE_PX, PNG_MODULE_PX, PNG_MODULE_PX);
  cairo_fill (cr);
  cairo_destroy (cr);
  status = cairo_surface_write_to_png (surface, path);
  cairo_surface_destroy (surface);
  QRcode_free (code);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, FCS_ERROR, FCS_ERROR_FAILED, _("Cannot write “%s”: %s"), path,
                   cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}
