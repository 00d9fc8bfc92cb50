/* fc-camera-preview.c: a camera shown live in a picture, for the pages that open one */

#include "config.h"

#include "fc-camera-preview.h"

/**
 * fc_camera_preview_open:
 *
 * The camera FIELDCHECK_CAMERA_SOURCE names (a GStreamer pipeline, for the
 * tests), or else the device's.
 *
 * Returns: (transfer full): a camera, not yet started
 */
FcCamera *
fc_camera_preview_open (void)
{
  const char *source = g_getenv ("FIELDCHECK_CAMERA_SOURCE");

  return source != NULL && *source != '\0' ? fc_camera_new_for_source (source) : fc_camera_new ();
}

/**
 * fc_camera_preview_show:
 * @camera: a started camera
 * @picture: where it is shown
 *
 * Shows @camera's latest frame in @picture; for its ::preview-changed.
 */
void
fc_camera_preview_show (FcCamera   *camera,
                        GtkPicture *picture)
{
  g_autoptr(FcCameraFrame) frame = fc_camera_get_preview (camera);
  g_autoptr(GdkTexture) texture = NULL;

  if (frame == NULL)
    return;
  texture = gdk_memory_texture_new ((int) frame->width, (int) frame->height, GDK_MEMORY_R8G8B8,
                                    frame->pixels, frame->stride);
  gtk_picture_set_paintable (picture, GDK_PAINTABLE (texture));
}

/**
 * fc_camera_preview_release:
 * @camera: (inout): the camera @owner holds, or %NULL
 * @owner: what its signal handlers were connected for
 *
 * Disconnects @owner from the camera, stops it and lets it go.
 */
void
fc_camera_preview_release (FcCamera **camera,
                           gpointer   owner)
{
  if (*camera == NULL)
    return;
  g_signal_handlers_disconnect_by_data (*camera, owner);
  fc_camera_stop (*camera);
  g_clear_object (camera);
}
