/* fc-photo-decode.h: reading photo files: their kind, size, EXIF fields and pixels */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Larger photos are refused before their pixels are decoded: a few bytes can
 * declare an image that would take gigabytes to decode. */
#define FC_PHOTO_MAX_PIXELS     (64u * 1024u * 1024u)
#define FC_PHOTO_MAX_PNG_PIXELS (16u * 1024u * 1024u)

typedef struct
{
  const char *mime;          /* image/jpeg or image/png */
  guint       stored_width;  /* as the pixels are stored */
  guint       stored_height;
  guint       orientation;   /* EXIF orientation 1-8; 1 when absent */
  guint       width;         /* as the photo is shown, after its orientation */
  guint       height;
  char       *taken_at;      /* ISO 8601 from EXIF, or NULL */
  gboolean    has_location;
  double      latitude;
  double      longitude;
} FcPhotoInfo;

void     fc_photo_info_clear  (FcPhotoInfo  *info);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FcPhotoInfo, fc_photo_info_clear)

/* RGB, 3 bytes a pixel, rows packed. */
typedef struct
{
  guint   width;
  guint   height;
  guint8 *data;
} FcPixels;

FcPixels *fc_pixels_new          (guint            width,
                                  guint            height);
void      fc_pixels_free         (FcPixels        *pixels);
FcPixels *fc_pixels_scale_to_fit (const FcPixels  *pixels,
                                  guint            max_edge);
FcPixels *fc_pixels_orient       (const FcPixels  *pixels,
                                  guint            orientation);
GBytes   *fc_pixels_encode_jpeg  (const FcPixels  *pixels,
                                  int              quality,
                                  GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcPixels, fc_pixels_free)

gboolean  fc_photo_probe         (GBytes          *bytes,
                                  FcPhotoInfo     *info,
                                  GError         **error);
FcPixels *fc_photo_decode        (GBytes          *bytes,
                                  guint            min_edge,
                                  FcPhotoInfo     *info,
                                  GError         **error);

G_END_DECLS
