/* fc-annotation-editor.c: a photo with its drawing layer, zoomed and drawn on by finger or mouse
 *
 * The photo is shown whole and centred; a pinch or the scroll wheel zooms it,
 * and with no drawing tool chosen a drag pans it. With a tool, a drag draws a
 * circle (from its centre), an arrow (from its tail to its head), a freehand
 * stroke, or places a short label. Shapes are kept in the core's vector
 * layer, in fractions of the photo, and drawn by the same code that draws
 * them in reports; the photo itself is never touched.
 */

#include "config.h"

#include <math.h>

#include "fc-annotation-editor.h"
#include "fc-photo-render.h"

#define MAX_ZOOM   8.0
#define COLOR      0xe01b24
#define LINE_WIDTH 0.008
#define TEXT_SIZE  0.05

struct _FcAnnotationEditor
{
  GtkWidget         parent_instance;

  GdkTexture       *texture;
  FcAnnotation     *layer;
  gboolean          modified;
  FcAnnotationTool  tool;
  char             *label;

  double            zoom;
  double            pan_x;      /* widget pixels */
  double            pan_y;
  double            zoom_start;
  double            pan_start_x;
  double            pan_start_y;

  /* The shape being drawn, in photo fractions. */
  GArray           *points;
};

G_DEFINE_FINAL_TYPE (FcAnnotationEditor, fc_annotation_editor, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODIFIED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_modified (FcAnnotationEditor *self,
              gboolean            modified)
{
  if (self->modified == modified)
    return;
  self->modified = modified;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

/* Where the photo is drawn, in widget coordinates. */
static graphene_rect_t
photo_rect (FcAnnotationEditor *self)
{
  double w = gtk_widget_get_width (GTK_WIDGET (self));
  double h = gtk_widget_get_height (GTK_WIDGET (self));
  double pw, ph, scale;

  if (self->texture == NULL || w <= 0 || h <= 0)
    return GRAPHENE_RECT_INIT (0, 0, 0, 0);
  pw = gdk_texture_get_width (self->texture);
  ph = gdk_texture_get_height (self->texture);
  scale = MIN (w / pw, h / ph) * self->zoom;
  return GRAPHENE_RECT_INIT ((w - pw * scale) / 2 + self->pan_x, (h - ph * scale) / 2 + self->pan_y,
                             pw * scale, ph * scale);
}

static void
to_photo (FcAnnotationEditor *self,
          double              x,
          double              y,
          double             *fx,
          double             *fy)
{
  graphene_rect_t rect = photo_rect (self);

  *fx = rect.size.width > 0 ? CLAMP ((x - rect.origin.x) / rect.size.width, 0, 1) : 0;
  *fy = rect.size.height > 0 ? CLAMP ((y - rect.origin.y) / rect.size.height, 0, 1) : 0;
}

static double
point_at (GArray *points,
          guint   i)
{
  return g_array_index (points, double, i);
}

/* Adds the shape the points describe to @layer; returns whether there was one. */
static gboolean
add_shape (FcAnnotationEditor *self,
           FcAnnotation       *layer,
           GArray             *points)
{
  graphene_rect_t rect = photo_rect (self);
  double aspect = rect.size.height > 0 ? rect.size.width / rect.size.height : 1;
  guint n = points->len / 2;
  double x1, y1, x2, y2;

  if (n == 0)
    return FALSE;
  x1 = point_at (points, 0);
  y1 = point_at (points, 1);
  x2 = point_at (points, points->len - 2);
  y2 = point_at (points, points->len - 1);

  switch (self->tool)
    {
    case FC_ANNOTATION_TOOL_CIRCLE:
      {
        /* The radius is a fraction of the longer edge. */
        double dx = (x2 - x1) * (aspect >= 1 ? 1 : aspect);
        double dy = (y2 - y1) * (aspect >= 1 ? 1 / aspect : 1);
        double radius = sqrt (dx * dx + dy * dy);

        if (radius < 0.005)
          return FALSE;
        fc_annotation_add_circle (layer, x1, y1, radius, COLOR, LINE_WIDTH);
      }
      return TRUE;
    case FC_ANNOTATION_TOOL_ARROW:
      if (fabs (x2 - x1) + fabs (y2 - y1) < 0.01)
        return FALSE;
      fc_annotation_add_arrow (layer, x1, y1, x2, y2, COLOR, LINE_WIDTH);
      return TRUE;
    case FC_ANNOTATION_TOOL_STROKE:
      if (n < 2)
        return FALSE;
      fc_annotation_add_stroke (layer, (const double *) points->data,
                                MIN (n, FC_ANNOTATION_MAX_POINTS), COLOR, LINE_WIDTH);
      return TRUE;
    case FC_ANNOTATION_TOOL_TEXT:
      if (self->label == NULL || *self->label == '\0')
        return FALSE;
      fc_annotation_add_text (layer, x2, y2, self->label, COLOR, TEXT_SIZE);
      return TRUE;
    case FC_ANNOTATION_TOOL_NONE:
    default:
      return FALSE;
    }
}

static void
fc_annotation_editor_snapshot (GtkWidget   *widget,
                               GtkSnapshot *snapshot)
{
  FcAnnotationEditor *self = FC_ANNOTATION_EDITOR (widget);
  graphene_rect_t rect = photo_rect (self);
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                               gtk_widget_get_height (widget));
  g_autoptr(FcAnnotation) drawing = NULL;
  cairo_t *cr;

  if (self->texture == NULL || rect.size.width <= 0)
    return;

  gtk_snapshot_push_clip (snapshot, &bounds);
  gtk_snapshot_append_texture (snapshot, self->texture, &rect);
  cr = gtk_snapshot_append_cairo (snapshot, &rect);
  cairo_translate (cr, rect.origin.x, rect.origin.y);
  fc_annotation_draw (cr, self->layer, rect.size.width, rect.size.height);
  if (self->points->len > 0)
    {
      drawing = fc_annotation_new ();
      if (add_shape (self, drawing, self->points))
        fc_annotation_draw (cr, drawing, rect.size.width, rect.size.height);
    }
  cairo_destroy (cr);
  gtk_snapshot_pop (snapshot);
}

static void
on_drag_begin_cb (GtkGestureDrag     *gesture,
                  double              x,
                  double              y,
                  FcAnnotationEditor *self)
{
  double fx, fy;

  if (self->texture == NULL)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  if (self->tool == FC_ANNOTATION_TOOL_NONE)
    {
      self->pan_start_x = self->pan_x;
      self->pan_start_y = self->pan_y;
      return;
    }
  g_array_set_size (self->points, 0);
  to_photo (self, x, y, &fx, &fy);
  g_array_append_val (self->points, fx);
  g_array_append_val (self->points, fy);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_drag_update_cb (GtkGestureDrag     *gesture,
                   double              dx,
                   double              dy,
                   FcAnnotationEditor *self)
{
  double x, y, fx, fy;

  if (self->tool == FC_ANNOTATION_TOOL_NONE)
    {
      /* The whole photo is in view until it is zoomed: nothing to pan. */
      if (self->zoom <= 1)
        return;
      self->pan_x = self->pan_start_x + dx;
      self->pan_y = self->pan_start_y + dy;
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }
  if (self->points->len == 0 || !gtk_gesture_drag_get_start_point (gesture, &x, &y))
    return;
  to_photo (self, x + dx, y + dy, &fx, &fy);
  if (self->tool != FC_ANNOTATION_TOOL_STROKE && self->points->len >= 4)
    g_array_set_size (self->points, 2);
  if (self->points->len / 2 < FC_ANNOTATION_MAX_POINTS)
    {
      g_array_append_val (self->points, fx);
      g_array_append_val (self->points, fy);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
finish_shape (FcAnnotationEditor *self)
{
  if (self->points->len > 0 && self->layer->shapes->len < FC_ANNOTATION_MAX_SHAPES &&
      add_shape (self, self->layer, self->points))
    set_modified (self, TRUE);
  g_array_set_size (self->points, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_drag_end_cb (GtkGestureDrag     *gesture,
                double              dx,
                double              dy,
                FcAnnotationEditor *self)
{
  finish_shape (self);
}

static void
on_zoom_begin_cb (GtkGesture         *gesture,
                  GdkEventSequence   *sequence,
                  FcAnnotationEditor *self)
{
  self->zoom_start = self->zoom;
  /* Two fingers zoom; they do not draw. */
  g_array_set_size (self->points, 0);
}

static void
on_zoom_changed_cb (GtkGestureZoom     *gesture,
                    double              scale,
                    FcAnnotationEditor *self)
{
  fc_annotation_editor_set_zoom (self, self->zoom_start * scale);
}

static gboolean
on_scroll_cb (GtkEventControllerScroll *controller,
              double                    dx,
              double                    dy,
              FcAnnotationEditor       *self)
{
  fc_annotation_editor_set_zoom (self, self->zoom * pow (1.1, -dy));
  return TRUE;
}

static void
fc_annotation_editor_dispose (GObject *object)
{
  FcAnnotationEditor *self = FC_ANNOTATION_EDITOR (object);

  g_clear_object (&self->texture);
  G_OBJECT_CLASS (fc_annotation_editor_parent_class)->dispose (object);
}

static void
fc_annotation_editor_finalize (GObject *object)
{
  FcAnnotationEditor *self = FC_ANNOTATION_EDITOR (object);

  g_clear_pointer (&self->layer, fc_annotation_free);
  g_array_unref (self->points);
  g_free (self->label);
  G_OBJECT_CLASS (fc_annotation_editor_parent_class)->finalize (object);
}

static void
fc_annotation_editor_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  FcAnnotationEditor *self = FC_ANNOTATION_EDITOR (object);

  switch (prop_id)
    {
    case PROP_MODIFIED:
      g_value_set_boolean (value, self->modified);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fc_annotation_editor_class_init (FcAnnotationEditorClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->get_property = fc_annotation_editor_get_property;
  /**
   * FcAnnotationEditor:modified:
   *
   * Whether shapes were drawn or taken away since the photo was shown or saved.
   */
  properties[PROP_MODIFIED] = g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                                                    G_PARAM_READABLE | G_PARAM_STATIC_STRINGS |
                                                    G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (G_OBJECT_CLASS (klass), N_PROPS, properties);
  G_OBJECT_CLASS (klass)->dispose = fc_annotation_editor_dispose;
  G_OBJECT_CLASS (klass)->finalize = fc_annotation_editor_finalize;
  widget_class->snapshot = fc_annotation_editor_snapshot;
  gtk_widget_class_set_css_name (widget_class, "annotation-editor");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
fc_annotation_editor_init (FcAnnotationEditor *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkGesture *zoom = gtk_gesture_zoom_new ();
  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);

  self->layer = fc_annotation_new ();
  self->points = g_array_new (FALSE, FALSE, sizeof (double));
  self->zoom = 1;
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  g_signal_connect (zoom, "begin", G_CALLBACK (on_zoom_begin_cb), self);
  g_signal_connect (zoom, "scale-changed", G_CALLBACK (on_zoom_changed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (zoom));
  gtk_gesture_group (zoom, drag);

  g_signal_connect (scroll, "scroll", G_CALLBACK (on_scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);
}

GtkWidget *
fc_annotation_editor_new (void)
{
  return g_object_new (FC_TYPE_ANNOTATION_EDITOR, NULL);
}

/**
 * fc_annotation_editor_set_photo:
 * @self: the editor
 * @texture: (nullable): the photo as shown, turned by its EXIF orientation
 * @layer: (transfer full) (nullable): what is drawn on it so far
 */
void
fc_annotation_editor_set_photo (FcAnnotationEditor *self,
                                GdkTexture         *texture,
                                FcAnnotation       *layer)
{
  g_return_if_fail (FC_IS_ANNOTATION_EDITOR (self));

  g_set_object (&self->texture, texture);
  g_clear_pointer (&self->layer, fc_annotation_free);
  self->layer = layer != NULL ? layer : fc_annotation_new ();
  set_modified (self, FALSE);
  self->zoom = 1;
  self->pan_x = self->pan_y = 0;
  g_array_set_size (self->points, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const FcAnnotation *
fc_annotation_editor_get_layer (FcAnnotationEditor *self)
{
  g_return_val_if_fail (FC_IS_ANNOTATION_EDITOR (self), NULL);
  return self->layer;
}

/* Returns: whether shapes were drawn or taken away since the photo was shown or saved */
gboolean
fc_annotation_editor_get_modified (FcAnnotationEditor *self)
{
  g_return_val_if_fail (FC_IS_ANNOTATION_EDITOR (self), FALSE);
  return self->modified;
}

void
fc_annotation_editor_set_modified (FcAnnotationEditor *self,
                                   gboolean            modified)
{
  g_return_if_fail (FC_IS_ANNOTATION_EDITOR (self));
  set_modified (self, modified);
}

void
fc_annotation_editor_set_tool (FcAnnotationEditor *self,
                               FcAnnotationTool    tool)
{
  g_return_if_fail (FC_IS_ANNOTATION_EDITOR (self));

  self->tool = tool;
  g_array_set_size (self->points, 0);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self),
                                   tool == FC_ANNOTATION_TOOL_NONE ? "grab" :
                                   tool == FC_ANNOTATION_TOOL_TEXT ? "text" : "crosshair");
}

FcAnnotationTool
fc_annotation_editor_get_tool (FcAnnotationEditor *self)
{
  g_return_val_if_fail (FC_IS_ANNOTATION_EDITOR (self), FC_ANNOTATION_TOOL_NONE);
  return self->tool;
}

/* The text the label tool places. */
void
fc_annotation_editor_set_label (FcAnnotationEditor *self,
                                const char         *text)
{
  g_return_if_fail (FC_IS_ANNOTATION_EDITOR (self));

  g_free (self->label);
  self->label = text != NULL ? g_utf8_substring (text, 0, MIN (g_utf8_strlen (text, -1),
                                                               FC_ANNOTATION_MAX_TEXT))
                             : NULL;
}

/* Takes away the shape drawn last. */
void
fc_annotation_editor_undo (FcAnnotationEditor *self)
{
  g_return_if_fail (FC_IS_ANNOTATION_EDITOR (self));

  if (self->layer->shapes->len == 0)
    return;
  g_ptr_array_remove_index (self->layer->shapes, self->layer->shapes->len - 1);
  set_modified (self, TRUE);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

double
fc_annotation_editor_get_zoom (FcAnnotationEditor *self)
{
  g_return_val_if_fail (FC_IS_ANNOTATION_EDITOR (self), 1);
  return self->zoom;
}

/* 1 shows the whole photo; up to 8 times closer. */
void
fc_annotation_editor_set_zoom (FcAnnotationEditor *self,
                               double              zoom)
{
  g_return_if_fail (FC_IS_ANNOTATION_EDITOR (self));

  zoom = CLAMP (zoom, 1, MAX_ZOOM);
  if (zoom == 1)
    self->pan_x = self->pan_y = 0;
  self->zoom = zoom;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * fc_annotation_editor_drag:
 * @self: the editor
 * @xy: (array length=n_points): widget coordinates, x and y in turn
 * @n_points: how many points
 *
 * Does what a finger dragged through the points does with the current tool,
 * for tests and keyboard-free demonstrations.
 */
void
fc_annotation_editor_drag (FcAnnotationEditor *self,
                           const double       *xy,
                           guint               n_points)
{
  g_return_if_fail (FC_IS_ANNOTATION_EDITOR (self));
  g_return_if_fail (n_points > 0);

  g_array_set_size (self->points, 0);
  for (guint i = 0; i < n_points; i++)
    {
      double fx, fy;

      to_photo (self, xy[2 * i], xy[2 * i + 1], &fx, &fy);
      if (self->tool != FC_ANNOTATION_TOOL_STROKE && self->points->len >= 4)
        g_array_set_size (self->points, 2);
      g_array_append_val (self->points, fx);
      g_array_append_val (self->points, fy);
    }
  finish_shape (self);
}
