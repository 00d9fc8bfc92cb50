/* fc-signature-pad.c: a signature drawn with a finger or a stylus
 *
 * Strokes are kept as points in the pad's own coordinates, drawn on a
 * GtkDrawingArea in the theme's foreground colour (so dark and high-contrast
 * styles work), and rendered to a PNG as black ink on white, the way a
 * signature is printed in the report.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "fc-signature-pad.h"

#define PNG_WIDTH  600
#define PNG_HEIGHT 200

struct _FcSignaturePad
{
  GtkWidget  parent_instance;

  GtkWidget *area;
  GArray    *strokes;   /* of GArray* of graphene_point_t */
  double     start_x;
  double     start_y;
};

G_DEFINE_FINAL_TYPE (FcSignaturePad, fc_signature_pad, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_EMPTY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
draw_strokes (FcSignaturePad *self,
              cairo_t        *cr,
              double          scale_x,
              double          scale_y)
{
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint s = 0; s < self->strokes->len; s++)
    {
      GArray *points = g_array_index (self->strokes, GArray *, s);

      for (guint i = 0; i < points->len; i++)
        {
          graphene_point_t *p = &g_array_index (points, graphene_point_t, i);

          if (i == 0)
            cairo_move_to (cr, p->x * scale_x, p->y * scale_y);
          else
            cairo_line_to (cr, p->x * scale_x, p->y * scale_y);
        }
      if (points->len == 1)
        cairo_rel_line_to (cr, 0.5, 0.5);
      cairo_stroke (cr);
    }
}

static void
draw_cb (GtkDrawingArea *area,
         cairo_t        *cr,
         int             width,
         int             height,
         gpointer        user_data)
{
  FcSignaturePad *self = user_data;
  GdkRGBA color;

  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &color);
  /* The baseline a person signs on. */
  cairo_set_source_rgba (cr, color.red, color.green, color.blue, 0.3);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, 16, height * 0.75);
  cairo_line_to (cr, width - 16, height * 0.75);
  cairo_stroke (cr);

  gdk_cairo_set_source_rgba (cr, &color);
  cairo_set_line_width (cr, 3);
  draw_strokes (self, cr, 1, 1);
}

static void
add_point (FcSignaturePad *self,
           double          x,
           double          y)
{
  GArray *points = g_array_index (self->strokes, GArray *, self->strokes->len - 1);
  graphene_point_t p = GRAPHENE_POINT_INIT ((float) x, (float) y);

  g_array_append_val (points, p);
  gtk_widget_queue_draw (self->area);
}

static void
on_drag_begin_cb (GtkGestureDrag *gesture,
                  double          x,
                  double          y,
                  FcSignaturePad *self)
{
  GArray *points = g_array_new (FALSE, FALSE, sizeof (graphene_point_t));
  gboolean was_empty = self->strokes->len == 0;

  self->start_x = x;
  self->start_y = y;
  g_array_append_val (self->strokes, points);
  add_point (self, x, y);
  if (was_empty)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMPTY]);
}

static void
on_drag_update_cb (GtkGestureDrag *gesture,
                   double          dx,
                   double          dy,
                   FcSignaturePad *self)
{
  add_point (self, self->start_x + dx, self->start_y + dy);
}

static void
free_stroke (gpointer data)
{
  g_array_unref (*(GArray **) data);
}

static void
fc_signature_pad_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FcSignaturePad *self = FC_SIGNATURE_PAD (object);

  switch (prop_id)
    {
    case PROP_EMPTY:
      g_value_set_boolean (value, fc_signature_pad_is_empty (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_signature_pad_dispose (GObject *object)
{
  FcSignaturePad *self = FC_SIGNATURE_PAD (object);

  g_clear_pointer (&self->area, gtk_widget_unparent);
  G_OBJECT_CLASS (fc_signature_pad_parent_class)->dispose (object);
}

static void
fc_signature_pad_finalize (GObject *object)
{
  FcSignaturePad *self = FC_SIGNATURE_PAD (object);

  g_array_unref (self->strokes);
  G_OBJECT_CLASS (fc_signature_pad_parent_class)->finalize (object);
}

static void
fc_signature_pad_class_init (FcSignaturePadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = fc_signature_pad_get_property;
  object_class->dispose = fc_signature_pad_dispose;
  object_class->finalize = fc_signature_pad_finalize;

  properties[PROP_EMPTY] = g_param_spec_boolean ("empty", NULL, NULL, TRUE,
                                                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS |
                                                 G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "signaturepad");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
fc_signature_pad_init (FcSignaturePad *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();

  self->strokes = g_array_new (FALSE, FALSE, sizeof (GArray *));
  g_array_set_clear_func (self->strokes, free_stroke);

  self->area = gtk_drawing_area_new ();
  gtk_widget_set_size_request (self->area, 280, 160);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->area), draw_cb, self, NULL);
  gtk_widget_set_parent (self->area, GTK_WIDGET (self));
  gtk_widget_add_css_class (GTK_WIDGET (self), "signature-pad");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Signature: draw with a finger or a stylus"), -1);

  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (drag), FALSE);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update_cb), self);
  gtk_widget_add_controller (self->area, GTK_EVENT_CONTROLLER (drag));
}

GtkWidget *
fc_signature_pad_new (void)
{
  return g_object_new (FC_TYPE_SIGNATURE_PAD, NULL);
}

void
fc_signature_pad_clear (FcSignaturePad *self)
{
  g_return_if_fail (FC_IS_SIGNATURE_PAD (self));

  if (self->strokes->len == 0)
    return;
  g_array_set_size (self->strokes, 0);
  gtk_widget_queue_draw (self->area);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMPTY]);
}

gboolean
fc_signature_pad_is_empty (FcSignaturePad *self)
{
  g_return_val_if_fail (FC_IS_SIGNATURE_PAD (self), TRUE);
  return self->strokes->len == 0;
}

/**
 * fc_signature_pad_add_stroke:
 * @self: the pad
 * @xy: (array length=n_points): x, y pairs in the pad's coordinates
 * @n_points: the number of points
 *
 * Adds a stroke as if drawn; for tests and for replaying a signature.
 */
void
fc_signature_pad_add_stroke (FcSignaturePad *self,
                             const double   *xy,
                             guint           n_points)
{
  g_return_if_fail (FC_IS_SIGNATURE_PAD (self));
  g_return_if_fail (n_points > 0);

  on_drag_begin_cb (NULL, xy[0], xy[1], self);
  for (guint i = 1; i < n_points; i++)
    add_point (self, xy[2 * i], xy[2 * i + 1]);
}

static cairo_status_t
write_png (void                *closure,
           const unsigned char *data,
           unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/**
 * fc_signature_pad_to_png:
 * @self: the pad
 *
 * Returns: (transfer full) (nullable): the signature as black ink on white,
 *   or %NULL when nothing is drawn
 */
GBytes *
fc_signature_pad_to_png (FcSignaturePad *self)
{
  int width, height;
  cairo_surface_t *surface;
  cairo_t *cr;
  GByteArray *png;

  g_return_val_if_fail (FC_IS_SIGNATURE_PAD (self), NULL);

  if (self->strokes->len == 0)
    return NULL;
  width = MAX (gtk_widget_get_width (self->area), 280);
  height = MAX (gtk_widget_get_height (self->area), 160);

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, PNG_WIDTH, PNG_HEIGHT);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, 4);
  draw_strokes (self, cr, (double) PNG_WIDTH / width, (double) PNG_HEIGHT / height);
  cairo_destroy (cr);
  png = g_byte_array_new ();
  cairo_surface_write_to_png_stream (surface, write_png, png);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (png);
}
