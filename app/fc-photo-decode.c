/* fc-photo-decode.c: reading photo files: their kind, size, EXIF fields and pixels
 *
 * JPEG through libjpeg-turbo and PNG through libpng, directly rather than
 * through gdk-pixbuf: the header is read and the declared size judged before a
 * single pixel is decoded, a file cut short is an error rather than a grey
 * band (libjpeg only warns about it), and a thumbnail is decoded at an eighth
 * of the size by the DCT itself. EXIF comes from libexif.
 *
 * Nothing here writes a file; the bytes of a photo are never changed.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <jerror.h>
#include <libexif/exif-data.h>
#include <png.h>

#include "fc-error.h"
#include "fc-photo-decode.h"

void
fc_photo_info_clear (FcPhotoInfo *info)
{
  g_clear_pointer (&info->taken_at, g_free);
  memset (info, 0, sizeof *info);
}

FcPixels *
fc_pixels_new (guint width,
               guint height)
{
  FcPixels *pixels;
  guint8 *data;

  g_return_val_if_fail (width > 0 && height > 0, NULL);

  data = g_try_malloc ((gsize) width * height * 3);
  if (data == NULL)
    return NULL;
  pixels = g_new0 (FcPixels, 1);
  pixels->width = width;
  pixels->height = height;
  pixels->data = data;
  return pixels;
}

void
fc_pixels_free (FcPixels *pixels)
{
  if (pixels == NULL)
    return;
  g_free (pixels->data);
  g_free (pixels);
}

static void
set_no_memory (GError **error)
{
  g_set_error (error, FC_ERROR, FC_ERROR_FAILED,
               _("There is not enough memory to open the photo; close other apps and try again"));
}

/**
 * fc_pixels_scale_to_fit:
 * @pixels: an image
 * @max_edge: the longest edge wanted
 *
 * Averages the pixels that fall into each new one, which keeps fine detail
 * from turning into noise when a photo shrinks a lot.
 *
 * Returns: (transfer full) (nullable): a copy no longer than @max_edge on either side
 */
FcPixels *
fc_pixels_scale_to_fit (const FcPixels *pixels,
                        guint           max_edge)
{
  guint w = pixels->width, h = pixels->height;
  guint long_edge = MAX (w, h);
  guint dw, dh;
  FcPixels *out;

  g_return_val_if_fail (max_edge > 0, NULL);

  if (long_edge <= max_edge)
    {
      out = fc_pixels_new (w, h);
      if (out != NULL)
        memcpy (out->data, pixels->data, (gsize) w * h * 3);
      return out;
    }
  dw = MAX (1, (guint) ((guint64) w * max_edge / long_edge));
  dh = MAX (1, (guint) ((guint64) h * max_edge / long_edge));
  out = fc_pixels_new (dw, dh);
  if (out == NULL)
    return NULL;

  for (guint y = 0; y < dh; y++)
    {
      guint sy0 = (guint) ((guint64) y * h / dh);
      guint sy1 = MAX (sy0 + 1, (guint) ((guint64) (y + 1) * h / dh));

      for (guint x = 0; x < dw; x++)
        {
          guint sx0 = (guint) ((guint64) x * w / dw);
          guint sx1 = MAX (sx0 + 1, (guint) ((guint64) (x + 1) * w / dw));
          guint64 sum[3] = { 0, 0, 0 };
          guint64 n = (guint64) (sx1 - sx0) * (sy1 - sy0);
          guint8 *d = out->data + ((gsize) y * dw + x) * 3;

          for (guint sy = sy0; sy < sy1; sy++)
            {
              const guint8 *s = pixels->data + ((gsize) sy * w + sx0) * 3;

              for (guint sx = sx0; sx < sx1; sx++, s += 3)
                {
                  sum[0] += s[0];
                  sum[1] += s[1];
                  sum[2] += s[2];
                }
            }
          for (guint c = 0; c < 3; c++)
            d[c] = (guint8) ((sum[c] + n / 2) / n);
        }
    }
  return out;
}

/**
 * fc_pixels_orient:
 * @pixels: an image as stored
 * @orientation: its EXIF orientation, 1-8
 *
 * Returns: (transfer full) (nullable): the image as it is meant to be seen
 */
FcPixels *
fc_pixels_orient (const FcPixels *pixels,
                  guint           orientation)
{
  guint w = pixels->width, h = pixels->height;
  gboolean swap = orientation >= 5 && orientation <= 8;
  FcPixels *out = swap ? fc_pixels_new (h, w) : fc_pixels_new (w, h);

  if (out == NULL)
    return NULL;
  for (guint y = 0; y < out->height; y++)
    for (guint x = 0; x < out->width; x++)
      {
        guint sx, sy;

        switch (orientation)
          {
          case 2: sx = w - 1 - x; sy = y; break;
          case 3: sx = w - 1 - x; sy = h - 1 - y; break;
          case 4: sx = x; sy = h - 1 - y; break;
          case 5: sx = y; sy = x; break;
          case 6: sx = y; sy = h - 1 - x; break;
          case 7: sx = w - 1 - y; sy = h - 1 - x; break;
          case 8: sx = w - 1 - y; sy = x; break;
          default: sx = x; sy = y; break;
          }
        memcpy (out->data + ((gsize) y * out->width + x) * 3,
                pixels->data + ((gsize) sy * w + sx) * 3, 3);
      }
  return out;
}

/* libjpeg reports errors by calling a function that must not return. */
typedef struct
{
  struct jpeg_error_mgr pub;
  jmp_buf               jump;
  char                  message[JMSG_LENGTH_MAX];
  gboolean              truncated;
} JpegErrors;

static void
jpeg_on_error (j_common_ptr cinfo)
{
  JpegErrors *errors = (JpegErrors *) cinfo->err;

  if (errors->pub.msg_code == JERR_INPUT_EOF || errors->pub.msg_code == JERR_NO_IMAGE)
    errors->truncated = TRUE;
  errors->pub.format_message (cinfo, errors->message);
  longjmp (errors->jump, 1);
}

/* A JPEG that ends early decodes "successfully" with the rest painted grey and
 * only a warning: for evidence that is an error. */
static void
jpeg_on_message (j_common_ptr cinfo,
                 int          level)
{
  JpegErrors *errors = (JpegErrors *) cinfo->err;

  if (level < 0 && errors->pub.msg_code == JWRN_JPEG_EOF)
    errors->truncated = TRUE;
}

static void
set_truncated (GError **error)
{
  g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
               _("The photo file is incomplete (it ends too early), so it was not stored; "
                 "copy it again from the camera"));
}

static void
set_damaged (GError     **error,
             const char  *detail)
{
  g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
               _("The photo file is damaged and cannot be read (%s), so it was not stored"),
               detail);
}

static gboolean
check_dimensions (guint     width,
                  guint     height,
                  guint     max_pixels,
                  GError  **error)
{
  if (width == 0 || height == 0)
    {
      set_damaged (error, "0×0");
      return FALSE;
    }
  if ((guint64) width * height > max_pixels)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                   _("The photo claims to be %u×%u pixels, more than the %u megapixels Fieldcheck "
                     "accepts, so it was not opened; export it at a smaller size"),
                   width, height, max_pixels / (1024 * 1024));
      return FALSE;
    }
  return TRUE;
}

static char *
exif_text (ExifData  *exif,
           ExifIfd    ifd,
           ExifTag    tag)
{
  ExifEntry *entry = exif_content_get_entry (exif->ifd[ifd], tag);

  if (entry == NULL || entry->format != EXIF_FORMAT_ASCII || entry->size == 0 ||
      entry->data == NULL)
    return NULL;
  return g_strndup ((const char *) entry->data, entry->size);
}

/* "2026:11:29 14:03:07" and an optional "+08:00": ISO 8601 with the offset;
 * without one the time is taken as local to this device, like the camera's. */
static char *
exif_time_to_iso (const char *stamp,
                  const char *offset)
{
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) time = NULL;
  int y, mo, d, h, mi, s;

  if (stamp == NULL || sscanf (stamp, "%4d:%2d:%2d %2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) != 6)
    return NULL;
  if (offset != NULL)
    zone = g_time_zone_new_identifier (offset);
  if (zone == NULL)
    zone = g_time_zone_new_local ();
  if (y < 1900 || y > 9999)
    return NULL;
  time = g_date_time_new (zone, y, mo, d, h, mi, s);
  if (time == NULL)
    return NULL;
  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%S%:z");
}

static gboolean
exif_coordinate (ExifData  *exif,
                 ExifTag    ref_tag,
                 ExifTag    value_tag,
                 double     limit,
                 double    *out)
{
  ExifEntry *ref = exif_content_get_entry (exif->ifd[EXIF_IFD_GPS], ref_tag);
  ExifEntry *value = exif_content_get_entry (exif->ifd[EXIF_IFD_GPS], value_tag);
  ExifByteOrder order = exif_data_get_byte_order (exif);
  double parts[3];
  double result;

  if (ref == NULL || value == NULL || ref->format != EXIF_FORMAT_ASCII || ref->size < 1 ||
      value->format != EXIF_FORMAT_RATIONAL || value->components != 3 || value->size < 24)
    return FALSE;
  for (guint i = 0; i < 3; i++)
    {
      ExifRational r = exif_get_rational (value->data + 8 * i, order);

      if (r.denominator == 0)
        return FALSE;
      parts[i] = (double) r.numerator / r.denominator;
    }
  result = parts[0] + parts[1] / 60.0 + parts[2] / 3600.0;
  if (ref->data[0] == 'S' || ref->data[0] == 'W')
    result = -result;
  if (!isfinite (result) || fabs (result) > limit)
    return FALSE;
  *out = result;
  return TRUE;
}

static void
read_exif (const guint8 *data,
           gsize         size,
           FcPhotoInfo  *info)
{
  ExifData *exif = exif_data_new ();
  ExifEntry *entry;
  g_autofree char *original = NULL;
  g_autofree char *offset = NULL;

  if (exif == NULL)
    return;
  /* Read what is there; never fill in "missing" fields such as the time. */
  exif_data_unset_option (exif, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
  exif_data_load_data (exif, data, (unsigned int) MIN (size, G_MAXUINT));

  entry = exif_content_get_entry (exif->ifd[EXIF_IFD_0], EXIF_TAG_ORIENTATION);
  if (entry != NULL && entry->format == EXIF_FORMAT_SHORT && entry->size >= 2)
    {
      guint orientation = exif_get_short (entry->data, exif_data_get_byte_order (exif));

      if (orientation >= 1 && orientation <= 8)
        info->orientation = orientation;
    }

  original = exif_text (exif, EXIF_IFD_EXIF, EXIF_TAG_DATE_TIME_ORIGINAL);
  if (original == NULL)
    original = exif_text (exif, EXIF_IFD_0, EXIF_TAG_DATE_TIME);
  offset = exif_text (exif, EXIF_IFD_EXIF, EXIF_TAG_OFFSET_TIME_ORIGINAL);
  info->taken_at = exif_time_to_iso (original, offset);

  info->has_location =
    exif_coordinate (exif, EXIF_TAG_GPS_LATITUDE_REF, EXIF_TAG_GPS_LATITUDE, 90, &info->latitude) &&
    exif_coordinate (exif, EXIF_TAG_GPS_LONGITUDE_REF, EXIF_TAG_GPS_LONGITUDE, 180, &info->longitude);
  if (!info->has_location)
    info->latitude = info->longitude = 0;

  exif_data_unref (exif);
}

static void
finish_info (FcPhotoInfo *info)
{
  gboolean swap = info->orientation >= 5;

  info->width = swap ? info->stored_height : info->stored_width;
  info->height = swap ? info->stored_width : info->stored_height;
}

/* The smallest libjpeg scale (1/8 … 1) whose long edge is still min_edge. */
static guint
jpeg_scale_denominator (guint long_edge,
                        guint min_edge)
{
  for (guint denom = 8; denom > 1; denom /= 2)
    if ((long_edge + denom - 1) / denom >= min_edge)
      return denom;
  return 1;
}

static gboolean
read_jpeg (GBytes        *bytes,
           gboolean       decode,
           guint          min_edge,
           FcPhotoInfo   *info,
           FcPixels     **out,
           GError       **error)
{
  struct jpeg_decompress_struct cinfo;
  JpegErrors errors;
  FcPixels *volatile pixels = NULL;
  guint8 *volatile cmyk = NULL;
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  gboolean is_cmyk;

  memset (&errors, 0, sizeof errors);
  cinfo.err = jpeg_std_error (&errors.pub);
  errors.pub.error_exit = jpeg_on_error;
  errors.pub.emit_message = jpeg_on_message;
  if (setjmp (errors.jump))
    {
      jpeg_destroy_decompress (&cinfo);
      fc_pixels_free (pixels);
      g_free (cmyk);
      if (errors.truncated)
        set_truncated (error);
      else
        set_damaged (error, errors.message);
      return FALSE;
    }
  jpeg_create_decompress (&cinfo);
  jpeg_mem_src (&cinfo, data, (unsigned long) size);
  jpeg_save_markers (&cinfo, JPEG_APP0 + 1, 0xffff);
  jpeg_read_header (&cinfo, TRUE);

  info->mime = "image/jpeg";
  info->orientation = 1;
  info->stored_width = cinfo.image_width;
  info->stored_height = cinfo.image_height;
  for (jpeg_saved_marker_ptr m = cinfo.marker_list; m != NULL; m = m->next)
    if (m->marker == JPEG_APP0 + 1 && m->data_length > 6 && memcmp (m->data, "Exif\0\0", 6) == 0)
      {
        read_exif (m->data, m->data_length, info);
        break;
      }
  finish_info (info);

  if (!check_dimensions (cinfo.image_width, cinfo.image_height, FC_PHOTO_MAX_PIXELS, error))
    {
      jpeg_destroy_decompress (&cinfo);
      return FALSE;
    }
  if (!decode)
    {
      jpeg_destroy_decompress (&cinfo);
      return TRUE;
    }

  is_cmyk = cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK;
  cinfo.out_color_space = is_cmyk ? JCS_CMYK : JCS_RGB;
  cinfo.scale_num = 1;
  cinfo.scale_denom = jpeg_scale_denominator (MAX (cinfo.image_width, cinfo.image_height),
                                              min_edge);
  if (cinfo.scale_denom == 8)
    {
      cinfo.dct_method = JDCT_IFAST;
      cinfo.do_fancy_upsampling = FALSE;
    }
  jpeg_start_decompress (&cinfo);

  pixels = fc_pixels_new (cinfo.output_width, cinfo.output_height);
  if (is_cmyk)
    cmyk = g_try_malloc ((gsize) cinfo.output_width * 4);
  if (pixels == NULL || (is_cmyk && cmyk == NULL))
    {
      jpeg_destroy_decompress (&cinfo);
      fc_pixels_free (pixels);
      g_free (cmyk);
      set_no_memory (error);
      return FALSE;
    }
  while (cinfo.output_scanline < cinfo.output_height)
    {
      guint8 *row = pixels->data + (gsize) cinfo.output_scanline * pixels->width * 3;
      JSAMPROW target = is_cmyk ? cmyk : row;

      jpeg_read_scanlines (&cinfo, &target, 1);
      /* Adobe writes CMYK inverted, which is what libjpeg hands back. */
      if (is_cmyk)
        for (guint x = 0; x < pixels->width; x++)
          for (guint c = 0; c < 3; c++)
            row[x * 3 + c] = (guint8) ((guint) cmyk[x * 4 + c] * cmyk[x * 4 + 3] / 255);
    }
  jpeg_finish_decompress (&cinfo);
  jpeg_destroy_decompress (&cinfo);
  g_free (cmyk);

  if (errors.truncated)
    {
      fc_pixels_free (pixels);
      set_truncated (error);
      return FALSE;
    }
  *out = pixels;
  return TRUE;
}

static gboolean
read_png (GBytes        *bytes,
          gboolean       decode,
          FcPhotoInfo   *info,
          FcPixels     **out,
          GError       **error)
{
  png_image image;
  png_color white = { 255, 255, 255 };
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  FcPixels *pixels;

  memset (&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory (&image, data, size))
    {
      set_damaged (error, image.message);
      return FALSE;
    }
  info->mime = "image/png";
  info->orientation = 1;
  info->stored_width = image.width;
  info->stored_height = image.height;
  finish_info (info);
  if (!check_dimensions (image.width, image.height, FC_PHOTO_MAX_PNG_PIXELS, error))
    {
      png_image_free (&image);
      return FALSE;
    }
  if (!decode)
    {
      png_image_free (&image);
      return TRUE;
    }

  image.format = PNG_FORMAT_RGB;
  pixels = fc_pixels_new (image.width, image.height);
  if (pixels == NULL)
    {
      png_image_free (&image);
      set_no_memory (error);
      return FALSE;
    }
  if (!png_image_finish_read (&image, &white, pixels->data, 0, NULL))
    {
      g_autofree char *message = g_strdup (image.message);

      fc_pixels_free (pixels);
      png_image_free (&image);
      /* libpng's words for a file that ends early. */
      if (strstr (message, "EOF") != NULL || strstr (message, "end of data") != NULL ||
          strstr (message, "ot enough") != NULL)
        set_truncated (error);
      else
        set_damaged (error, message);
      return FALSE;
    }
  png_image_free (&image);
  *out = pixels;
  return TRUE;
}

typedef enum
{
  KIND_NONE,
  KIND_JPEG,
  KIND_PNG,
  KIND_OTHER,
} Kind;

static Kind
sniff (const guint8  *data,
       gsize          size,
       const char   **other_name)
{
  static const struct
  {
    gsize       offset;
    const char *magic;
    gsize       length;
    const char *name;
  } others[] = {
    { 0, "GIF87a", 6, "GIF" },
    { 0, "GIF89a", 6, "GIF" },
    { 0, "BM", 2, "BMP" },
    { 0, "II*\0", 4, "TIFF" },
    { 0, "MM\0*", 4, "TIFF" },
    { 8, "WEBP", 4, "WebP" },
    { 4, "ftypheic", 8, "HEIC" },
    { 4, "ftypheix", 8, "HEIC" },
    { 4, "ftypmif1", 8, "HEIF" },
    { 4, "ftypavif", 8, "AVIF" },
    { 0, "\0\0\0\014jP  ", 8, "JPEG 2000" },
    { 0, "\377\012", 2, "JPEG XL" },
  };

  if (size >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
    return KIND_JPEG;
  if (size >= 8 && memcmp (data, "\211PNG\r\n\032\n", 8) == 0)
    return KIND_PNG;
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    if (size >= others[i].offset + others[i].length &&
        memcmp (data + others[i].offset, others[i].magic, others[i].length) == 0)
      {
        *other_name = others[i].name;
        return KIND_OTHER;
      }
  return KIND_NONE;
}

static gboolean
read_photo (GBytes        *bytes,
            gboolean       decode,
            guint          min_edge,
            FcPhotoInfo   *info,
            FcPixels     **out,
            GError       **error)
{
  gsize size;
  const guint8 *data;
  const char *other = NULL;

  g_return_val_if_fail (bytes != NULL, FALSE);
  g_return_val_if_fail (info != NULL, FALSE);

  memset (info, 0, sizeof *info);
  data = g_bytes_get_data (bytes, &size);
  switch (sniff (data, size, &other))
    {
    case KIND_JPEG:
      return read_jpeg (bytes, decode, min_edge, info, out, error);
    case KIND_PNG:
      return read_png (bytes, decode, info, out, error);
    case KIND_OTHER:
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                   /* Translators: %s is an image format such as GIF or HEIC */
                   _("%s images are not accepted as evidence; save the photo as JPEG or PNG "
                     "and import it again"), other);
      return FALSE;
    case KIND_NONE:
    default:
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                   _("The file is not a photo; Fieldcheck accepts JPEG and PNG images"));
      return FALSE;
    }
}

/**
 * fc_photo_probe:
 * @bytes: the content of a file
 * @info: (out caller-allocates): what the header says; clear it with fc_photo_info_clear()
 * @error: set with %FC_ERROR_INVALID and a sentence when @bytes are not a JPEG
 *   or PNG image, are damaged in their header, or declare too many pixels
 *
 * Reads the header and the EXIF fields only; no pixel is decoded.
 */
gboolean
fc_photo_probe (GBytes       *bytes,
                FcPhotoInfo  *info,
                GError      **error)
{
  return read_photo (bytes, FALSE, 0, info, NULL, error);
}

/**
 * fc_photo_decode:
 * @bytes: the content of a file
 * @min_edge: the long edge needed; JPEGs are decoded at the smallest scale that
 *   still has it (0: the smallest the decoder offers)
 * @info: (out caller-allocates): as fc_photo_probe()
 * @error: as fc_photo_probe(), and for files that end early or are damaged
 *   anywhere
 *
 * Decodes every byte of the image, so a file cut short is found.
 *
 * Returns: (transfer full): the pixels as stored, before the orientation
 */
FcPixels *
fc_photo_decode (GBytes       *bytes,
                 guint         min_edge,
                 FcPhotoInfo  *info,
                 GError      **error)
{
  FcPixels *pixels = NULL;

  if (!read_photo (bytes, TRUE, min_edge, info, &pixels, error))
    return NULL;
  return pixels;
}

/**
 * fc_pixels_encode_jpeg:
 * @pixels: an image
 * @quality: 1-100
 * @error: return location for an error
 *
 * Returns: (transfer full): the image as a baseline JPEG
 */
GBytes *
fc_pixels_encode_jpeg (const FcPixels  *pixels,
                       int              quality,
                       GError         **error)
{
  struct jpeg_compress_struct cinfo;
  JpegErrors errors;
  unsigned char *volatile buffer = NULL;
  unsigned long size = 0;

  g_return_val_if_fail (pixels != NULL, NULL);

  memset (&errors, 0, sizeof errors);
  cinfo.err = jpeg_std_error (&errors.pub);
  errors.pub.error_exit = jpeg_on_error;
  if (setjmp (errors.jump))
    {
      jpeg_destroy_compress (&cinfo);
      free (buffer);
      g_set_error (error, FC_ERROR, FC_ERROR_FAILED, _("Cannot encode a JPEG image: %s"),
                   errors.message);
      return NULL;
    }
  jpeg_create_compress (&cinfo);
  jpeg_mem_dest (&cinfo, (unsigned char **) &buffer, &size);
  cinfo.image_width = pixels->width;
  cinfo.image_height = pixels->height;
  cinfo.input_components = 3;
  cinfo.in_color_space = JCS_RGB;
  jpeg_set_defaults (&cinfo);
  jpeg_set_quality (&cinfo, CLAMP (quality, 1, 100), TRUE);
  jpeg_start_compress (&cinfo, TRUE);
  while (cinfo.next_scanline < cinfo.image_height)
    {
      JSAMPROW row = pixels->data + (gsize) cinfo.next_scanline * pixels->width * 3;

      jpeg_write_scanlines (&cinfo, &row, 1);
    }
  jpeg_finish_compress (&cinfo);
  jpeg_destroy_compress (&cinfo);
  return g_bytes_new_with_free_func (buffer, size, free, buffer);
}
