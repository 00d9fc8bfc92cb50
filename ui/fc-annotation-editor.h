/* fc-annotation-editor.h: a photo with its drawing layer, zoomed and drawn on by finger or mouse */
#pragma once

#include <gtk/gtk.h>

#include "fc-photo-annotation.h"

G_BEGIN_DECLS

typedef enum
{
  FC_ANNOTATION_TOOL_NONE,     /* drags pan the zoomed photo */
  FC_ANNOTATION_TOOL_CIRCLE,
  FC_ANNOTATION_TOOL_ARROW,
  FC_ANNOTATION_TOOL_STROKE,
  FC_ANNOTATION_TOOL_TEXT,
} FcAnnotationTool;

#define FC_TYPE_ANNOTATION_EDITOR (fc_annotation_editor_get_type ())
G_DECLARE_FINAL_TYPE (FcAnnotationEditor, fc_annotation_editor, FC, ANNOTATION_EDITOR, GtkWidget)

GtkWidget          *fc_annotation_editor_new        (void);
void                fc_annotation_editor_set_photo  (FcAnnotationEditor  *self,
                                                     GdkTexture          *texture,
                                                     FcAnnotation        *layer);
const FcAnnotation *fc_annotation_editor_get_layer  (FcAnnotationEditor  *self);
gboolean            fc_annotation_editor_get_modified (FcAnnotationEditor *self);
void                fc_annotation_editor_set_modified (FcAnnotationEditor *self,
                                                     gboolean             modified);
void                fc_annotation_editor_set_tool   (FcAnnotationEditor  *self,
                                                     FcAnnotationTool     tool);
FcAnnotationTool    fc_annotation_editor_get_tool   (FcAnnotationEditor  *self);
void                fc_annotation_editor_set_label  (FcAnnotationEditor  *self,
                                                     const char          *text);
void                fc_annotation_editor_undo       (FcAnnotationEditor  *self);
double              fc_annotation_editor_get_zoom   (FcAnnotationEditor  *self);
void                fc_annotation_editor_set_zoom   (FcAnnotationEditor  *self,
                                                     double               zoom);
void                fc_annotation_editor_drag       (FcAnnotationEditor  *self,
                                                     const double        *xy,
                                                     guint                n_points);

G_END_DECLS
