/* fc-tag.c: the text inside an equipment QR tag, and the QR code that carries it
 *
 * A tag reads "FC1:500154:001003:K": format version, district, tag code and an
 * ISO/IEC 7064 MOD 37-36 check character over the three. Every character is in
 * the QR alphanumeric set, so every tag fits QR version 2 at level M.
 * schemas/qr-tag-format.md says why it is plain text and not a URL.
 */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "fc-error.h"
#include "fc-tag.h"

#define PREFIX "FC"
/* Raw text quoted in an error message is cut here; the caller has all of it. */
#define QUOTE_MAX 120

static int
alnum_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  c = g_ascii_toupper (c);
  if (c >= 'A' && c <= 'Z')
    return c - 'A' + 10;
  return -1;
}

/* Printable, valid UTF-8 and short enough for a message line. */
static char *
quote_raw (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  GString *out = g_string_new (NULL);
  guint n = 0;

  for (const char *p = valid; *p != '\0' && n < QUOTE_MAX; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c))
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c);
    }
  if (n == QUOTE_MAX && *g_utf8_offset_to_pointer (valid, n) != '\0')
    g_string_append (out, "…");
  return g_string_free (out, FALSE);
}

/**
 * fc_tag_normalize_code:
 * @code: a tag code as typed or printed
 * @error: set with %FC_ERROR_INVALID when it cannot be a tag code
 *
 * A tag code is 1 to 12 letters and digits; letters are kept in upper case so
 * that a code typed in lower case finds the same equipment.
 *
 * Returns: (transfer full): the code in upper case, or %NULL
 */
char *
fc_tag_normalize_code (const char  *code,
                       GError     **error)
{
  g_autofree char *upper = NULL;
  gsize len;

  g_return_val_if_fail (code != NULL, NULL);

  upper = g_ascii_strup (code, -1);
  g_strstrip (upper);
  len = strlen (upper);
  for (gsize i = 0; i < len; i++)
    if (alnum_value (upper[i]) < 0)
      len = 0;
  if (len == 0 || len > FC_TAG_CODE_MAX)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                   _("“%s” cannot be a tag code: use 1 to %d letters A–Z and digits"),
                   code, FC_TAG_CODE_MAX);
      return NULL;
    }
  return g_steal_pointer (&upper);
}

/**
 * fc_tag_district_is_valid:
 * @district: a district code
 *
 * Returns: %TRUE when @district is 6 digits, like a GB/T 2260 division code
 */
gboolean
fc_tag_district_is_valid (const char *district)
{
  if (district == NULL || strlen (district) != FC_TAG_DISTRICT_LEN)
    return FALSE;
  for (guint i = 0; i < FC_TAG_DISTRICT_LEN; i++)
    if (!g_ascii_isdigit (district[i]))
      return FALSE;
  return TRUE;
}

/**
 * fc_tag_check_char:
 * @text: letters and digits
 *
 * The ISO/IEC 7064 MOD 37-36 check character of @text, case-insensitive. It
 * catches every single wrong character and all but about 0.3 % of swaps of two
 * neighbours; the QR code's own error correction covers misreads of the image.
 *
 * Returns: a digit or an upper-case letter, or 0 when @text holds another character
 */
char
fc_tag_check_char (const char *text)
{
  int p = 36;
  int c;

  g_return_val_if_fail (text != NULL, 0);

  for (const char *s = text; *s != '\0'; s++)
    {
      int a = alnum_value (*s);
      int sum;

      if (a < 0)
        return 0;
      sum = (p + a) % 36;
      if (sum == 0)
        sum = 36;
      p = (sum * 2) % 37;
    }
  c = (37 - p) % 36;
  return (char) (c < 10 ? '0' + c : 'A' + c - 10);
}

static char
payload_check_char (guint       version,
                    const char *district,
                    const char *code)
{
  g_autofree char *checked = g_strdup_printf ("%u%s%s", version, district, code);

  return fc_tag_check_char (checked);
}

/**
 * fc_tag_format:
 * @district: the district's 6-digit code
 * @code: the tag code (normalised here)
 * @error: set with %FC_ERROR_INVALID for a bad district or code
 *
 * Returns: (transfer full): the payload to put in the QR code, e.g.
 *   "FC1:500154:001003:K", or %NULL
 */
char *
fc_tag_format (const char  *district,
               const char  *code,
               GError     **error)
{
  g_autofree char *normal = NULL;

  g_return_val_if_fail (district != NULL, NULL);
  g_return_val_if_fail (code != NULL, NULL);

  if (!fc_tag_district_is_valid (district))
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                   _("“%s” is not a district code: use the 6-digit administrative division code"),
                   district);
      return NULL;
    }
  normal = fc_tag_normalize_code (code, error);
  if (normal == NULL)
    return NULL;
  return g_strdup_printf (PREFIX "%u:%s:%s:%c", FC_TAG_VERSION, district, normal,
                          payload_check_char (FC_TAG_VERSION, district, normal));
}

static gboolean
set_malformed (GError     **error,
               const char  *text)
{
  g_autofree char *quoted = quote_raw (text);

  g_set_error (error, FC_ERROR, FC_ERROR_TAG_MALFORMED,
               _("This Fieldcheck tag is damaged or incomplete (it reads “%s”); scan it again "
                 "or type the code printed under it"), quoted);
  return FALSE;
}

/**
 * fc_tag_parse:
 * @text: the text read from a QR code or typed by a keyboard-wedge scanner
 * @tag: (out caller-allocates): the tag
 * @error: the reason it is not a tag:
 *   %FC_ERROR_TAG_FOREIGN: some other QR code (the message quotes its text);
 *   %FC_ERROR_TAG_VERSION: a tag format newer than this build;
 *   %FC_ERROR_TAG_MALFORMED: ours, but a field is missing or wrong;
 *   %FC_ERROR_TAG_CHECK: the check character does not match.
 *
 * Surrounding white space and letter case are ignored: wedge scanners add line
 * ends and type in lower case when Caps Lock is on.
 *
 * Returns: %TRUE when @text is a valid tag
 */
gboolean
fc_tag_parse (const char  *text,
              FcTag       *tag,
              GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *version = NULL;
  g_auto(GStrv) fields = NULL;
  const char *digits;
  const char *end = NULL;
  char check;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (tag != NULL, FALSE);

  memset (tag, 0, sizeof *tag);
  trimmed = g_ascii_strup (text, -1);
  g_strstrip (trimmed);

  /* Ours starts with "FC", a version number and a colon; anything else is foreign. */
  digits = trimmed + strlen (PREFIX);
  if (g_str_has_prefix (trimmed, PREFIX))
    for (end = digits; g_ascii_isdigit (*end); end++)
      ;
  if (end == NULL || end == digits || *end != ':')
    {
      g_autofree char *quoted = quote_raw (text);

      g_set_error (error, FC_ERROR, FC_ERROR_TAG_FOREIGN,
                   _("This QR code is not a Fieldcheck tag; it reads “%s”"), quoted);
      return FALSE;
    }
  version = g_strndup (digits, MIN ((gsize) (end - digits), 6));
  if (!g_str_equal (version, G_STRINGIFY (FC_TAG_VERSION)))
    {
      g_set_error (error, FC_ERROR, FC_ERROR_TAG_VERSION,
                   _("This tag was made by a newer Fieldcheck (tag format %s); update "
                     "Fieldcheck to read it, or type the code printed under it"), version);
      return FALSE;
    }

  fields = g_strsplit (end + 1, ":", -1);
  if (g_strv_length (fields) != 3 ||
      !fc_tag_district_is_valid (fields[0]) ||
      strlen (fields[1]) == 0 || strlen (fields[1]) > FC_TAG_CODE_MAX ||
      strlen (fields[2]) != 1 || alnum_value (fields[2][0]) < 0)
    return set_malformed (error, text);
  for (const char *c = fields[1]; *c != '\0'; c++)
    if (alnum_value (*c) < 0)
      return set_malformed (error, text);

  check = payload_check_char (FC_TAG_VERSION, fields[0], fields[1]);
  if (check != fields[2][0])
    {
      g_set_error (error, FC_ERROR, FC_ERROR_TAG_CHECK,
                   _("The tag was misread: its check character does not match. Scan it again "
                     "or type the code printed under it."));
      return FALSE;
    }

  tag->version = FC_TAG_VERSION;
  g_strlcpy (tag->district, fields[0], sizeof tag->district);
  g_strlcpy (tag->code, fields[1], sizeof tag->code);
  return TRUE;
}

/**
 * fc_tag_encode_qr:
 * @payload: the text, usually from fc_tag_format()
 * @error: set with %FC_ERROR_INVALID when it needs a QR code larger than
 *   %FC_TAG_QR_VERSION_MAX
 *
 * Encodes at error-correction level M (15 % of the code may be lost), at the
 * smallest version from %FC_TAG_QR_VERSION_MIN up that holds @payload.
 *
 * Returns: (transfer full): the QR code; a module is dark when `data[i] & 1`
 */
QRcode *
fc_tag_encode_qr (const char  *payload,
                  GError     **error)
{
  g_autoptr(QRcode) qr = NULL;

  g_return_val_if_fail (payload != NULL, NULL);

  qr = QRcode_encodeString (payload, FC_TAG_QR_VERSION_MIN, QR_ECLEVEL_M, QR_MODE_8, TRUE);
  if (qr == NULL)
    {
      int saved = errno;

      g_set_error (error, FC_ERROR, FC_ERROR_INVALID, _("Cannot make a QR code of “%s”: %s"),
                   payload, g_strerror (saved));
      return NULL;
    }
  if (qr->version > FC_TAG_QR_VERSION_MAX)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                   _("“%s” is too long for a tag: it needs a QR code of version %d, more than %d"),
                   payload, qr->version, FC_TAG_QR_VERSION_MAX);
      return NULL;
    }
  return g_steal_pointer (&qr);
}

/**
 * fc_tag_qr_to_grey:
 * @qr: a QR code
 * @module_px: pixels per module, at least 1
 * @quiet_modules: the white margin, in modules (the standard asks for 4)
 * @size: (out): width and height of the raster in pixels
 *
 * Returns: (transfer full): an 8-bit grey raster, black on white, @size × @size
 *   with no row padding
 */
guint8 *
fc_tag_qr_to_grey (const QRcode *qr,
                   guint         module_px,
                   guint         quiet_modules,
                   guint        *size)
{
  guint side;
  guint8 *pixels;

  g_return_val_if_fail (qr != NULL, NULL);
  g_return_val_if_fail (module_px > 0, NULL);
  g_return_val_if_fail (size != NULL, NULL);

  side = ((guint) qr->width + 2 * quiet_modules) * module_px;
  pixels = g_malloc (side * side);
  memset (pixels, 0xff, side * side);
  for (guint y = 0; y < (guint) qr->width; y++)
    for (guint x = 0; x < (guint) qr->width; x++)
      if (qr->data[y * (guint) qr->width + x] & 1)
        for (guint dy = 0; dy < module_px; dy++)
          memset (pixels + ((quiet_modules + y) * module_px + dy) * side
                  + (quiet_modules + x) * module_px, 0, module_px);
  *size = side;
  return pixels;
}
