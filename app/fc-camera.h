/* fc-camera.h: the camera as a GStreamer pipeline, with QR decoding on a worker thread
 *
 * No GTK here: frames come out as bytes, and the UI turns them into textures.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define FC_TYPE_CAMERA (fc_camera_get_type ())
G_DECLARE_FINAL_TYPE (FcCamera, fc_camera, FC, CAMERA, GObject)

typedef enum
{
  /* 3 bytes a pixel, R G B, rows @stride bytes apart. */
  FC_CAMERA_FORMAT_RGB,
  /* 1 byte a pixel, luma. */
  FC_CAMERA_FORMAT_GRAY8,
} FcCameraFormat;

/* One video frame, owned by whoever holds it; the pixels are never changed. */
typedef struct
{
  FcCameraFormat  format;
  guint           width;
  guint           height;
  guint           stride;   /* bytes from one row to the next, at least width × bytes a pixel */
  GBytes         *pixels;   /* stride × height bytes, or more */
  guint64         number;   /* 1 for the first frame the pipeline delivered, then 2, 3… */
} FcCameraFrame;

typedef struct
{
  /* Frames that reached the decoder's slot. */
  guint64 received;
  /* Frames the decoder scanned. */
  guint64 decoded;
  /* Frames replaced in the slot by a newer one before the decoder took them. */
  guint64 dropped;
  /* Frames in which the decoder found at least one QR code. */
  guint64 with_codes;
  /* Frames that arrived while decoding was paused, not counted above. */
  guint64 paused;
} FcCameraStats;

FcCameraFrame *fc_camera_frame_copy          (const FcCameraFrame  *frame);
void           fc_camera_frame_free          (FcCameraFrame        *frame);

gboolean       fc_camera_is_sandboxed        (void);

FcCamera      *fc_camera_new                 (void);
FcCamera      *fc_camera_new_for_source      (const char           *source_description);

void           fc_camera_start_async         (FcCamera             *self,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean       fc_camera_start_finish        (FcCamera             *self,
                                              GAsyncResult         *result,
                                              GError              **error);
void           fc_camera_stop                (FcCamera             *self);
gboolean       fc_camera_is_running          (FcCamera             *self);

FcCameraFrame *fc_camera_get_preview         (FcCamera             *self);
void           fc_camera_get_stats           (FcCamera             *self,
                                              FcCameraStats        *stats);
void           fc_camera_set_decoding        (FcCamera             *self,
                                              gboolean              decoding);

void           fc_camera_capture_still_async (FcCamera             *self,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
FcCameraFrame *fc_camera_capture_still_finish (FcCamera            *self,
                                              GAsyncResult         *result,
                                              GError              **error);

GBytes        *fc_camera_frame_to_jpeg       (const FcCameraFrame  *frame,
                                              guint                 max_edge,
                                              int                   quality,
                                              GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcCameraFrame, fc_camera_frame_free)

G_END_DECLS
