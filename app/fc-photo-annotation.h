/* fc-photo-annotation.h: circles, arrows, strokes and labels drawn over a photo */
#pragma once

#include <glib.h>

#include "fc-store.h"

G_BEGIN_DECLS

typedef enum
{
  FC_SHAPE_CIRCLE,
  FC_SHAPE_ARROW,
  FC_SHAPE_STROKE,
  FC_SHAPE_TEXT,
} FcShapeKind;

/* Coordinates are fractions of the photo as shown (after its EXIF
 * orientation): x of its width, y of its height, 0 to 1. Lengths (radius,
 * line width, text size) are fractions of its longer edge. */
typedef struct
{
  FcShapeKind  kind;
  guint32      color;    /* 0xRRGGBB */
  double       width;    /* line width */
  GArray      *points;   /* of double pairs: circle centre, arrow tail and head, stroke, text anchor */
  double       radius;   /* circle */
  char        *text;     /* text: a short label */
  double       size;     /* text: height of a line */
} FcShape;

typedef struct
{
  GPtrArray *shapes;     /* of FcShape */
} FcAnnotation;

#define FC_ANNOTATION_MAX_SHAPES 200
#define FC_ANNOTATION_MAX_POINTS 2000
#define FC_ANNOTATION_MAX_TEXT   60

FcAnnotation *fc_annotation_new         (void);
void          fc_annotation_free        (FcAnnotation        *layer);
void          fc_annotation_add_circle  (FcAnnotation        *layer,
                                         double               x,
                                         double               y,
                                         double               radius,
                                         guint32              color,
                                         double               width);
void          fc_annotation_add_arrow   (FcAnnotation        *layer,
                                         double               x1,
                                         double               y1,
                                         double               x2,
                                         double               y2,
                                         guint32              color,
                                         double               width);
void          fc_annotation_add_stroke  (FcAnnotation        *layer,
                                         const double        *xy,
                                         guint                n_points,
                                         guint32              color,
                                         double               width);
void          fc_annotation_add_text    (FcAnnotation        *layer,
                                         double               x,
                                         double               y,
                                         const char          *text,
                                         guint32              color,
                                         double               size);

char         *fc_annotation_to_json     (const FcAnnotation  *layer);
FcAnnotation *fc_annotation_from_json   (const char          *json,
                                         GError             **error);

char         *fc_photo_annotation_save  (FcStore             *store,
                                         const char          *photo_id,
                                         const FcAnnotation  *layer,
                                         GError             **error);
FcAnnotation *fc_photo_annotation_load  (FcStore             *store,
                                         const char          *photo_id,
                                         char               **out_revision,
                                         GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcAnnotation, fc_annotation_free)

G_END_DECLS
