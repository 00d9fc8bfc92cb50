/* test-camera.c: the camera pipeline fed by appsrc, with codes in some frames
 *
 * No camera and no display: an appsrc stands in for the device and pushes
 * grey frames faster than the decoder reads them.
 */

#include "config.h"

#include <string.h>

#include <gst/app/gstappsrc.h>

#include "fc-camera-private.h"
#include "fc-error.h"
#include "fc-tag.h"

#define WIDTH 640
#define HEIGHT 480
#define SOURCE "appsrc name=src format=time " \
               "caps=video/x-raw,format=GRAY8,width=640,height=480,framerate=30/1"
/* Long enough that the appsrc outruns the decoder on any machine, short enough for a test. */
#define SLOW_DECODE_MS 150
#define WAIT_US (20 * G_USEC_PER_SEC)

typedef enum
{
  CODE_NONE,
  /* Frames [first, last) hold the same tag. */
  CODE_SAME,
  /* Frames [first, last) each hold a tag of their own, naming the frame. */
  CODE_PER_FRAME,
} CodeKind;

typedef struct
{
  const char *name;
  guint       n_frames;
  CodeKind    codes;
  guint       first;
  guint       last;
  guint       delay_ms;
} FeedCase;

typedef struct
{
  GPtrArray *texts;     /* in the order read */
  GArray    *numbers;   /* the frame each was read in */
} Reads;

static const FeedCase feed_cases[] = {
  { "no-codes", 24, CODE_NONE, 0, 0, 0 },
  { "code-after-blank-frames", 30, CODE_SAME, 10, 30, 0 },
  { "code-in-the-last-frame-only", 20, CODE_SAME, 19, 20, 0 },
  { "busy-decoder-drops-frames", 40, CODE_PER_FRAME, 0, 40, SLOW_DECODE_MS },
};

static char *
tag_for_frame (guint index)
{
  g_autofree char *code = g_strdup_printf ("%06u", 100000 + index);
  g_autoptr(GError) error = NULL;
  char *payload = fc_tag_format ("500154", code, &error);

  g_assert_no_error (error);
  return payload;
}

/* A light-grey frame with a little texture, and the tag's QR code pasted in. */
static guint8 *
render_frame (const char *payload,
              guint       index)
{
  guint8 *frame = g_malloc ((gsize) WIDTH * HEIGHT);

  for (guint y = 0; y < HEIGHT; y++)
    for (guint x = 0; x < WIDTH; x++)
      frame[(gsize) y * WIDTH + x] = (guint8) (200 + ((x * 7 + y * 3 + index) % 23));
  if (payload != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(QRcode) qr = fc_tag_encode_qr (payload, &error);
      g_autofree guint8 *grey = NULL;
      guint side, left = 200 + (index % 5) * 20, top = 120;

      g_assert_no_error (error);
      grey = fc_tag_qr_to_grey (qr, 5, 4, &side);
      g_assert_cmpuint (left + side, <=, WIDTH);
      g_assert_cmpuint (top + side, <=, HEIGHT);
      for (guint y = 0; y < side; y++)
        memcpy (frame + (gsize) (top + y) * WIDTH + left, grey + (gsize) y * side, side);
    }
  return frame;
}

static char *
payload_for (const FeedCase *c,
             guint           index)
{
  if (c->codes == CODE_NONE || index < c->first || index >= c->last)
    return NULL;
  return tag_for_frame (c->codes == CODE_SAME ? 0 : index);
}

static void
on_code_read_cb (FcCamera   *camera,
                 const char *text,
                 guint64     number,
                 Reads      *reads)
{
  g_ptr_array_add (reads->texts, g_strdup (text));
  g_array_append_val (reads->numbers, number);
}

typedef struct
{
  gboolean  done;
  GError   *error;
} Started;

static void
on_started_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Started *started = user_data;

  fc_camera_start_finish (FC_CAMERA (source), result, &started->error);
  started->done = TRUE;
}

static FcCamera *
start_camera (const char  *source,
              GError     **error)
{
  g_autoptr(FcCamera) camera = fc_camera_new_for_source (source);
  Started started = { FALSE, NULL };
  gint64 deadline = g_get_monotonic_time () + WAIT_US;

  fc_camera_start_async (camera, NULL, on_started_cb, &started);
  while (!started.done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (started.done);
  if (started.error != NULL)
    {
      g_propagate_error (error, started.error);
      return NULL;
    }
  return g_steal_pointer (&camera);
}

static void
push_frame (GstElement   *src,
            const guint8 *pixels,
            guint         index)
{
  GstBuffer *buffer = gst_buffer_new_memdup (pixels, (gsize) WIDTH * HEIGHT);

  GST_BUFFER_PTS (buffer) = index * GST_SECOND / 30;
  GST_BUFFER_DURATION (buffer) = GST_SECOND / 30;
  g_assert_cmpint (gst_app_src_push_buffer (GST_APP_SRC (src), buffer), ==, GST_FLOW_OK);
}

/* Until every frame pushed was decoded or dropped, and the signals are out. */
static void
wait_for_decoder (FcCamera *camera,
                  guint     n_frames)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_US;
  FcCameraStats stats = { 0 };

  for (;;)
    {
      fc_camera_get_stats (camera, &stats);
      if (stats.received == n_frames && stats.decoded + stats.dropped == stats.received)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_camera_feed (gconstpointer data)
{
  const FeedCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcCamera) camera = start_camera (SOURCE, &error);
  g_autoptr(GstElement) src = NULL;
  g_autoptr(GPtrArray) frames = g_ptr_array_new_with_free_func (g_free);
  Reads reads = { g_ptr_array_new_with_free_func (g_free), g_array_new (FALSE, FALSE, sizeof (guint64)) };
  g_autofree char *last_payload = payload_for (c, c->n_frames - 1);
  FcCameraStats stats = { 0 };
  guint expected_reads_min = 0;

  g_assert_no_error (error);
  g_assert_true (fc_camera_is_running (camera));
  _fc_camera_set_decode_delay (camera, c->delay_ms);
  g_signal_connect (camera, "code-read", G_CALLBACK (on_code_read_cb), &reads);
  src = _fc_camera_get_element (camera, "src");
  g_assert_nonnull (src);

  /* Rendered first, so the push is as fast as the pipeline takes frames. */
  for (guint i = 0; i < c->n_frames; i++)
    {
      g_autofree char *payload = payload_for (c, i);

      g_ptr_array_add (frames, render_frame (payload, i));
    }
  for (guint i = 0; i < c->n_frames; i++)
    push_frame (src, frames->pdata[i], i);
  g_assert_cmpint (gst_app_src_end_of_stream (GST_APP_SRC (src)), ==, GST_FLOW_OK);
  wait_for_decoder (camera, c->n_frames);
  fc_camera_get_stats (camera, &stats);
  g_test_message ("%s: %" G_GUINT64_FORMAT " frames, %" G_GUINT64_FORMAT " decoded, %"
                  G_GUINT64_FORMAT " dropped, %u reads", c->name, stats.received, stats.decoded,
                  stats.dropped, reads.texts->len);

  /* Every frame reached the decoder's slot: none was lost on the way. */
  g_assert_cmpuint (stats.received, ==, c->n_frames);
  g_assert_cmpuint (stats.decoded + stats.dropped, ==, stats.received);
  g_assert_cmpuint (stats.decoded, >=, 1);

  if (c->codes == CODE_NONE)
    {
      g_assert_cmpuint (reads.texts->len, ==, 0);
      g_assert_cmpuint (stats.with_codes, ==, 0);
    }
  if (last_payload != NULL)
    {
      /* The newest frame is always decoded: the last code is read, last. */
      expected_reads_min = 1;
      g_assert_cmpuint (reads.texts->len, >=, expected_reads_min);
      g_assert_cmpstr (g_ptr_array_index (reads.texts, reads.texts->len - 1), ==, last_payload);
      g_assert_cmpuint (g_array_index (reads.numbers, guint64, reads.numbers->len - 1), ==,
                        c->n_frames);
    }
  for (guint i = 1; i < reads.numbers->len; i++)
    g_assert_cmpuint (g_array_index (reads.numbers, guint64, i - 1), <,
                      g_array_index (reads.numbers, guint64, i));

  if (c->delay_ms > 0)
    {
      /* A slow decoder skips frames instead of working through a backlog:
       * each decode takes longer than pushing every frame did. */
      g_assert_cmpuint (stats.dropped, >, 0);
      g_assert_cmpuint (stats.decoded, <, c->n_frames / 2);
      /* Frames between two reads were dropped, not scanned later. */
      g_assert_cmpuint (reads.texts->len, ==, stats.with_codes);
      for (guint i = 0; i < reads.texts->len; i++)
        {
          guint64 number = g_array_index (reads.numbers, guint64, i);
          g_autofree char *expected = tag_for_frame ((guint) number - 1);

          g_assert_cmpstr (g_ptr_array_index (reads.texts, i), ==, expected);
        }
    }

  fc_camera_stop (camera);
  g_assert_false (fc_camera_is_running (camera));
  g_ptr_array_unref (reads.texts);
  g_array_unref (reads.numbers);
  g_assert_finalize_object (g_steal_pointer (&camera));
}

typedef struct
{
  const char *name;
  const char *source;
} BadSource;

static const BadSource bad_sources[] = {
  { "missing-element", "fc-no-such-camera-element" },
  { "bad-description", "appsrc ! ! !" },
  { "device-that-is-not-there", "v4l2src device=/dev/fc-no-such-camera" },
};

static void
test_camera_start_without_camera_says_not_found (gconstpointer data)
{
  const BadSource *bad = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcCamera) camera = start_camera (bad->source, &error);

  g_assert_null (camera);
  g_assert_error (error, FC_ERROR, FC_ERROR_NOT_FOUND);
  g_test_message ("%s: %s", bad->name, error->message);
  /* The sentence offers the way round: a photo. */
  g_assert_nonnull (strstr (error->message, "photo"));
}

static void
on_still_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  FcCameraFrame **still = user_data;
  g_autoptr(GError) error = NULL;

  *still = fc_camera_capture_still_finish (FC_CAMERA (source), result, &error);
  g_assert_no_error (error);
}

static void
test_camera_still_is_full_size_rgb (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcCamera) camera = start_camera (SOURCE, &error);
  g_autoptr(GstElement) src = NULL;
  g_autofree char *payload = tag_for_frame (7);
  g_autofree guint8 *pixels = render_frame (payload, 0);
  g_autoptr(FcCameraFrame) still = NULL;
  g_autoptr(FcCameraFrame) preview = NULL;
  gint64 deadline = g_get_monotonic_time () + WAIT_US;
  const guint8 *rgb;

  g_assert_no_error (error);
  src = _fc_camera_get_element (camera, "src");
  fc_camera_capture_still_async (camera, NULL, on_still_cb, &still);
  push_frame (src, pixels, 0);
  while (still == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_assert_nonnull (still);
  g_assert_cmpint (still->format, ==, FC_CAMERA_FORMAT_RGB);
  g_assert_cmpuint (still->width, ==, WIDTH);
  g_assert_cmpuint (still->height, ==, HEIGHT);
  g_assert_cmpuint (still->stride, >=, WIDTH * 3);
  g_assert_cmpuint (g_bytes_get_size (still->pixels), >=, (gsize) still->stride * HEIGHT);
  /* The same picture in colour: the code's top-left module is black, the page around it light. */
  rgb = g_bytes_get_data (still->pixels, NULL);
  for (guint ch = 0; ch < 3; ch++)
    {
      g_assert_cmpuint (rgb[(gsize) (120 + 4 * 5 + 2) * still->stride + (200 + 4 * 5 + 2) * 3 + ch], <, 40);
      g_assert_cmpuint (rgb[(gsize) 10 * still->stride + 10 * 3 + ch], >, 180);
    }
  preview = fc_camera_get_preview (camera);
  g_assert_nonnull (preview);
  g_assert_cmpuint (preview->width, ==, WIDTH);

  fc_camera_stop (camera);
  g_assert_finalize_object (g_steal_pointer (&camera));
}

static void
count_reads_cb (FcCamera   *camera,
                const char *text,
                guint64     number,
                guint      *reads)
{
  (*reads)++;
}

static void
test_camera_paused_decoding_counts_nothing (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcCamera) camera = start_camera (SOURCE, &error);
  g_autoptr(GstElement) src = NULL;
  g_autofree char *payload = tag_for_frame (3);
  g_autofree guint8 *pixels = render_frame (payload, 0);
  g_autoptr(FcCameraFrame) preview = NULL;
  gint64 deadline = g_get_monotonic_time () + WAIT_US;
  FcCameraStats stats = { 0 };
  guint reads = 0;

  g_assert_no_error (error);
  g_signal_connect (camera, "code-read", G_CALLBACK (count_reads_cb), &reads);
  fc_camera_set_decoding (camera, FALSE);
  src = _fc_camera_get_element (camera, "src");
  for (guint i = 0; i < 5; i++)
    push_frame (src, pixels, i);
  /* The preview runs on, and the decoder sees none of the frames. */
  for (;;)
    {
      fc_camera_get_stats (camera, &stats);
      g_clear_pointer (&preview, fc_camera_frame_free);
      preview = fc_camera_get_preview (camera);
      if (stats.paused == 5 && preview != NULL)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  fc_camera_get_stats (camera, &stats);
  g_assert_cmpuint (stats.received, ==, 0);
  g_assert_cmpuint (stats.decoded, ==, 0);
  g_assert_cmpuint (reads, ==, 0);

  fc_camera_set_decoding (camera, TRUE);
  push_frame (src, pixels, 5);
  gst_app_src_end_of_stream (GST_APP_SRC (src));
  wait_for_decoder (camera, 1);
  g_assert_cmpuint (reads, ==, 1);
  fc_camera_stop (camera);
  g_assert_finalize_object (g_steal_pointer (&camera));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

  for (guint i = 0; i < G_N_ELEMENTS (feed_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/camera/feed/%s", feed_cases[i].name);

      g_test_add_data_func (path, &feed_cases[i], test_camera_feed);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_sources); i++)
    {
      g_autofree char *path = g_strdup_printf ("/camera/start-without-camera-says-not-found/%s",
                                               bad_sources[i].name);

      g_test_add_data_func (path, &bad_sources[i], test_camera_start_without_camera_says_not_found);
    }
  g_test_add_func ("/camera/still-is-full-size-rgb", test_camera_still_is_full_size_rgb);
  g_test_add_func ("/camera/paused-decoding-counts-nothing", test_camera_paused_decoding_counts_nothing);
  return g_test_run ();
}
