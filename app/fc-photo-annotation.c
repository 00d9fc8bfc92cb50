/* fc-photo-annotation.c: circles, arrows, strokes and labels drawn over a photo
 *
 * The photo's bytes and record never change. What is drawn over it is a
 * vector layer, kept as insert-only revisions in photo_annotation: each save
 * is a new row naming the revision it supersedes, and the layer shown is the
 * newest revision nothing supersedes (two devices drawing offline both keep
 * their revision; the later one is shown, the other stays in the history).
 *
 * The layer as JSON, version 1:
 *
 *   { "version": 1, "shapes": [
 *       { "kind": "circle", "x": 0.52, "y": 0.40, "r": 0.08, "color": "#e01b24", "width": 0.006 },
 *       { "kind": "arrow", "x1": 0.2, "y1": 0.8, "x2": 0.45, "y2": 0.47, "color": …, "width": … },
 *       { "kind": "stroke", "points": [[0.1, 0.1], [0.12, 0.13], …], "color": …, "width": … },
 *       { "kind": "text", "x": 0.2, "y": 0.85, "text": "线路老化", "color": …, "size": 0.04 } ] }
 *
 * x and y are fractions of the shown photo's width and height; r, width and
 * size are fractions of its longer edge, so the layer fits any rendering.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "fc-error.h"
#include "fc-hazards.h"
#include "fc-op.h"
#include "fc-photo-annotation.h"
#include "fc-store-write.h"

#define LAYER_VERSION 1

static const char *const kind_names[] = { "circle", "arrow", "stroke", "text" };

static void
shape_free (gpointer data)
{
  FcShape *shape = data;

  g_clear_pointer (&shape->points, g_array_unref);
  g_free (shape->text);
  g_free (shape);
}

FcAnnotation *
fc_annotation_new (void)
{
  FcAnnotation *layer = g_new0 (FcAnnotation, 1);

  layer->shapes = g_ptr_array_new_with_free_func (shape_free);
  return layer;
}

void
fc_annotation_free (FcAnnotation *layer)
{
  if (layer == NULL)
    return;
  g_ptr_array_unref (layer->shapes);
  g_free (layer);
}

static FcShape *
shape_new (FcAnnotation *layer,
           FcShapeKind   kind,
           guint32       color)
{
  FcShape *shape = g_new0 (FcShape, 1);

  shape->kind = kind;
  shape->color = color & 0xffffff;
  shape->points = g_array_new (FALSE, FALSE, sizeof (double));
  g_ptr_array_add (layer->shapes, shape);
  return shape;
}

static void
add_point (FcShape *shape,
           double   x,
           double   y)
{
  g_array_append_val (shape->points, x);
  g_array_append_val (shape->points, y);
}

void
fc_annotation_add_circle (FcAnnotation *layer,
                          double        x,
                          double        y,
                          double        radius,
                          guint32       color,
                          double        width)
{
  FcShape *shape = shape_new (layer, FC_SHAPE_CIRCLE, color);

  add_point (shape, x, y);
  shape->radius = radius;
  shape->width = width;
}

void
fc_annotation_add_arrow (FcAnnotation *layer,
                         double        x1,
                         double        y1,
                         double        x2,
                         double        y2,
                         guint32       color,
                         double        width)
{
  FcShape *shape = shape_new (layer, FC_SHAPE_ARROW, color);

  add_point (shape, x1, y1);
  add_point (shape, x2, y2);
  shape->width = width;
}

void
fc_annotation_add_stroke (FcAnnotation *layer,
                          const double *xy,
                          guint         n_points,
                          guint32       color,
                          double        width)
{
  FcShape *shape = shape_new (layer, FC_SHAPE_STROKE, color);

  g_array_append_vals (shape->points, xy, n_points * 2);
  shape->width = width;
}

void
fc_annotation_add_text (FcAnnotation *layer,
                        double        x,
                        double        y,
                        const char   *text,
                        guint32       color,
                        double        size)
{
  FcShape *shape = shape_new (layer, FC_SHAPE_TEXT, color);

  add_point (shape, x, y);
  shape->text = g_strdup (text);
  shape->size = size;
}

static double
point (const FcShape *shape,
       guint          i)
{
  return g_array_index (shape->points, double, i);
}

/**
 * fc_annotation_to_json:
 * @layer: a layer
 *
 * Returns: (transfer full): the layer in its stored form
 */
char *
fc_annotation_to_json (const FcAnnotation *layer)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, LAYER_VERSION);
  json_builder_set_member_name (b, "shapes");
  json_builder_begin_array (b);
  for (guint i = 0; i < layer->shapes->len; i++)
    {
      const FcShape *shape = layer->shapes->pdata[i];
      g_autofree char *color = g_strdup_printf ("#%06x", shape->color);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, kind_names[shape->kind]);
      switch (shape->kind)
        {
        case FC_SHAPE_CIRCLE:
          json_builder_set_member_name (b, "x");
          json_builder_add_double_value (b, point (shape, 0));
          json_builder_set_member_name (b, "y");
          json_builder_add_double_value (b, point (shape, 1));
          json_builder_set_member_name (b, "r");
          json_builder_add_double_value (b, shape->radius);
          break;
        case FC_SHAPE_ARROW:
          json_builder_set_member_name (b, "x1");
          json_builder_add_double_value (b, point (shape, 0));
          json_builder_set_member_name (b, "y1");
          json_builder_add_double_value (b, point (shape, 1));
          json_builder_set_member_name (b, "x2");
          json_builder_add_double_value (b, point (shape, 2));
          json_builder_set_member_name (b, "y2");
          json_builder_add_double_value (b, point (shape, 3));
          break;
        case FC_SHAPE_STROKE:
          json_builder_set_member_name (b, "points");
          json_builder_begin_array (b);
          for (guint p = 0; p + 1 < shape->points->len; p += 2)
            {
              json_builder_begin_array (b);
              json_builder_add_double_value (b, point (shape, p));
              json_builder_add_double_value (b, point (shape, p + 1));
              json_builder_end_array (b);
            }
          json_builder_end_array (b);
          break;
        case FC_SHAPE_TEXT:
          json_builder_set_member_name (b, "x");
          json_builder_add_double_value (b, point (shape, 0));
          json_builder_set_member_name (b, "y");
          json_builder_add_double_value (b, point (shape, 1));
          json_builder_set_member_name (b, "text");
          json_builder_add_string_value (b, shape->text);
          json_builder_set_member_name (b, "size");
          json_builder_add_double_value (b, shape->size);
          break;
        default:
          g_assert_not_reached ();
        }
      json_builder_set_member_name (b, "color");
      json_builder_add_string_value (b, color);
      if (shape->kind != FC_SHAPE_TEXT)
        {
          json_builder_set_member_name (b, "width");
          json_builder_add_double_value (b, shape->width);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

static void
set_invalid (GError    **error,
             guint       index,
             const char *what)
{
  g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
               /* Translators: the first %u counts shapes from 1; %s says what is wrong */
               _("Drawing %u on the photo cannot be kept: %s"), index + 1, what);
}

static JsonArray *
array_member (JsonObject *object,
              const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static gboolean
read_number (JsonObject  *object,
             const char  *name,
             double       min,
             double       max,
             double      *out)
{
  JsonNode *node = json_object_get_member (object, name);
  double value;

  if (node == NULL || json_node_get_node_type (node) != JSON_NODE_VALUE)
    return FALSE;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_DOUBLE:
      value = json_node_get_double (node);
      break;
    case G_TYPE_INT64:
      value = (double) json_node_get_int (node);
      break;
    default:
      return FALSE;
    }
  if (!isfinite (value) || value < min || value > max)
    return FALSE;
  *out = value;
  return TRUE;
}

static gboolean
read_color (JsonObject *object,
            guint32    *out)
{
  const char *text = json_object_get_string_member_with_default (object, "color", NULL);
  char *end = NULL;
  guint64 value;

  if (text == NULL || strlen (text) != 7 || text[0] != '#')
    return FALSE;
  value = g_ascii_strtoull (text + 1, &end, 16);
  if (end == NULL || *end != '\0')
    return FALSE;
  *out = (guint32) value;
  return TRUE;
}

static gboolean
read_shape (FcAnnotation  *layer,
            JsonNode      *node,
            guint          index,
            GError       **error)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  const char *kind = object ? json_object_get_string_member_with_default (object, "kind", "") : "";
  guint32 color = 0;
  double x1, y1, x2, y2, r, width, size;

  if (object == NULL || !read_color (object, &color))
    {
      set_invalid (error, index, _("its colour is missing or not #RRGGBB"));
      return FALSE;
    }
  if (!g_str_equal (kind, "text") && !read_number (object, "width", 0.0001, 0.1, &width))
    {
      set_invalid (error, index, _("its line width is missing or out of range"));
      return FALSE;
    }

  if (g_str_equal (kind, "circle"))
    {
      if (!read_number (object, "x", 0, 1, &x1) || !read_number (object, "y", 0, 1, &y1) ||
          !read_number (object, "r", 0.001, 1, &r))
        {
          set_invalid (error, index, _("a circle needs a centre on the photo and a radius"));
          return FALSE;
        }
      fc_annotation_add_circle (layer, x1, y1, r, color, width);
    }
  else if (g_str_equal (kind, "arrow"))
    {
      if (!read_number (object, "x1", 0, 1, &x1) || !read_number (object, "y1", 0, 1, &y1) ||
          !read_number (object, "x2", 0, 1, &x2) || !read_number (object, "y2", 0, 1, &y2))
        {
          set_invalid (error, index, _("an arrow needs both ends on the photo"));
          return FALSE;
        }
      fc_annotation_add_arrow (layer, x1, y1, x2, y2, color, width);
    }
  else if (g_str_equal (kind, "stroke"))
    {
      JsonArray *points = array_member (object, "points");
      guint n = points ? json_array_get_length (points) : 0;
      g_autoptr(GArray) xy = g_array_new (FALSE, FALSE, sizeof (double));

      if (n < 2 || n > FC_ANNOTATION_MAX_POINTS)
        {
          set_invalid (error, index, _("a stroke needs between 2 and 2000 points"));
          return FALSE;
        }
      for (guint p = 0; p < n; p++)
        {
          JsonNode *pair_node = json_array_get_element (points, p);
          JsonArray *pair = JSON_NODE_HOLDS_ARRAY (pair_node) ? json_node_get_array (pair_node) : NULL;
          JsonNode *px = pair && json_array_get_length (pair) == 2 ? json_array_get_element (pair, 0) : NULL;
          JsonNode *py = pair && json_array_get_length (pair) == 2 ? json_array_get_element (pair, 1) : NULL;
          double v[2];

          if (px == NULL || py == NULL || !JSON_NODE_HOLDS_VALUE (px) || !JSON_NODE_HOLDS_VALUE (py) ||
              (json_node_get_value_type (px) != G_TYPE_DOUBLE && json_node_get_value_type (px) != G_TYPE_INT64) ||
              (json_node_get_value_type (py) != G_TYPE_DOUBLE && json_node_get_value_type (py) != G_TYPE_INT64))
            {
              set_invalid (error, index, _("a point of a stroke is not a pair of numbers"));
              return FALSE;
            }
          v[0] = json_node_get_double (px);
          v[1] = json_node_get_double (py);
          if (!isfinite (v[0]) || !isfinite (v[1]) || v[0] < 0 || v[0] > 1 || v[1] < 0 || v[1] > 1)
            {
              set_invalid (error, index, _("a point of a stroke is off the photo"));
              return FALSE;
            }
          g_array_append_vals (xy, v, 2);
        }
      fc_annotation_add_stroke (layer, (const double *) xy->data, n, color, width);
    }
  else if (g_str_equal (kind, "text"))
    {
      const char *text = json_object_get_string_member_with_default (object, "text", NULL);

      if (!read_number (object, "x", 0, 1, &x1) || !read_number (object, "y", 0, 1, &y1) ||
          !read_number (object, "size", 0.005, 0.2, &size))
        {
          set_invalid (error, index, _("a label needs a place on the photo and a size"));
          return FALSE;
        }
      if (text == NULL || *text == '\0' || !g_utf8_validate (text, -1, NULL) ||
          g_utf8_strlen (text, -1) > FC_ANNOTATION_MAX_TEXT || strchr (text, '\n') != NULL)
        {
          set_invalid (error, index, _("a label is one line of at most 60 characters"));
          return FALSE;
        }
      fc_annotation_add_text (layer, x1, y1, text, color, size);
    }
  else
    {
      set_invalid (error, index, _("it is not a circle, an arrow, a stroke or a label"));
      return FALSE;
    }
  return TRUE;
}

/**
 * fc_annotation_from_json:
 * @json: a layer in its stored form
 * @error: set with %FC_ERROR_INVALID and a sentence for a layer that is
 *   damaged or breaks a limit, %FC_ERROR_TOO_NEW for a newer version
 *
 * Returns: (transfer full): the layer, or %NULL
 */
FcAnnotation *
fc_annotation_from_json (const char  *json,
                         GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(FcAnnotation) layer = fc_annotation_new ();
  JsonNode *root;
  JsonObject *object;
  JsonArray *shapes;
  gint64 version;

  g_return_val_if_fail (json != NULL, NULL);

  if (!json_parser_load_from_data (parser, json, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT ((root = json_parser_get_root (parser))))
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID, _("The drawing on the photo is damaged"));
      return NULL;
    }
  object = json_node_get_object (root);
  version = json_object_get_int_member_with_default (object, "version", 0);
  if (version > LAYER_VERSION)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_TOO_NEW,
                   _("The drawing on the photo was made by a newer Fieldcheck; update to see it"));
      return NULL;
    }
  shapes = array_member (object, "shapes");
  if (version != LAYER_VERSION || shapes == NULL)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID, _("The drawing on the photo is damaged"));
      return NULL;
    }
  if (json_array_get_length (shapes) > FC_ANNOTATION_MAX_SHAPES)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                   _("A photo holds at most 200 drawings; remove some first"));
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (shapes); i++)
    if (!read_shape (layer, json_array_get_element (shapes, i), i, error))
      return NULL;
  return g_steal_pointer (&layer);
}

static char *
current_revision (FcStore    *store,
                  const char *photo_id,
                  char      **out_layer)
{
  g_autoptr(FcCachedStmt) stmt = NULL;

  stmt = fc_store_cached (store, "SELECT id, layer FROM photo_annotation a WHERE photo_id = ? "
                                 "AND NOT EXISTS (SELECT 1 FROM photo_annotation b "
                                 "WHERE b.supersedes = a.id) "
                                 "ORDER BY created_at DESC, id DESC LIMIT 1", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, photo_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  if (out_layer != NULL)
    *out_layer = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static gboolean
photo_exists (FcStore    *store,
              const char *photo_id)
{
  g_autoptr(FcCachedStmt) stmt = fc_store_cached (store, "SELECT 1 FROM photo WHERE id = ?", NULL);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, photo_id, -1, SQLITE_STATIC);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

/**
 * fc_photo_annotation_save:
 * @store: the store
 * @photo_id: the photo drawn on
 * @layer: everything drawn on it now (an empty layer clears it)
 * @error: set with %FC_ERROR_NOT_FOUND when there is no such photo,
 *   %FC_ERROR_INVALID when the layer breaks a limit
 *
 * Records @layer as the photo's newest annotation revision, superseding the
 * current one; the photo itself never changes.
 *
 * Returns: (transfer full): the new revision's id, or %NULL
 */
char *
fc_photo_annotation_save (FcStore             *store,
                          const char          *photo_id,
                          const FcAnnotation  *layer,
                          GError             **error)
{
  g_autoptr(FcOp) op = NULL;
  g_autoptr(FcAnnotation) check = NULL;
  g_autofree char *json = NULL;
  g_autofree char *previous = NULL;
  g_autofree char *now = NULL;
  g_autofree char *id = NULL;

  g_return_val_if_fail (FC_IS_STORE (store), NULL);
  g_return_val_if_fail (photo_id != NULL && layer != NULL, NULL);

  /* What is saved is exactly what a reader accepts. */
  json = fc_annotation_to_json (layer);
  check = fc_annotation_from_json (json, error);
  if (check == NULL)
    return NULL;

  if (!fc_store_begin (store, error))
    return NULL;
  if (!photo_exists (store, photo_id))
    {
      fc_store_rollback (store);
      g_set_error (error, FC_ERROR, FC_ERROR_NOT_FOUND, _("There is no photo %s"), photo_id);
      return NULL;
    }
  previous = current_revision (store, photo_id, NULL);
  now = fc_store_now_iso (store);
  op = fc_op_new_insert ("photo_annotation", NULL);
  id = g_strdup (op->row_id);
  fc_op_set_string (op, "photo_id", photo_id);
  fc_op_set_string (op, "layer", json);
  if (fc_store_get_user (store) != NULL)
    fc_op_set_string (op, "author_id", fc_store_get_user (store));
  fc_op_set_string (op, "created_at", now);
  if (previous != NULL)
    fc_op_set_string (op, "supersedes", previous);
  if (!fc_store_write (store, op, error))
    {
      fc_store_rollback (store);
      return NULL;
    }
  if (!fc_store_commit (store, error))
    return NULL;
  return g_steal_pointer (&id);
}

/**
 * fc_photo_annotation_load:
 * @store: the store
 * @photo_id: a photo
 * @out_revision: (out) (optional) (nullable) (transfer full): the revision
 *   shown, %NULL when nothing was ever drawn
 * @error: as fc_annotation_from_json()
 *
 * Returns: (transfer full): what is drawn on the photo now; an empty layer
 *   when nothing is
 */
FcAnnotation *
fc_photo_annotation_load (FcStore     *store,
                          const char  *photo_id,
                          char       **out_revision,
                          GError     **error)
{
  g_autofree char *json = NULL;
  g_autofree char *revision = NULL;
  FcAnnotation *layer;

  g_return_val_if_fail (FC_IS_STORE (store), NULL);
  g_return_val_if_fail (photo_id != NULL, NULL);

  revision = current_revision (store, photo_id, &json);
  layer = revision != NULL ? fc_annotation_from_json (json, error) : fc_annotation_new ();
  if (layer != NULL && out_revision != NULL)
    *out_revision = g_steal_pointer (&revision);
  return layer;
}
