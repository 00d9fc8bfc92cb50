/* fc-signature-pad.h: a signature drawn with a finger or a stylus */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FC_TYPE_SIGNATURE_PAD (fc_signature_pad_get_type ())
G_DECLARE_FINAL_TYPE (FcSignaturePad, fc_signature_pad, FC, SIGNATURE_PAD, GtkWidget)

GtkWidget *fc_signature_pad_new        (void);
void       fc_signature_pad_clear      (FcSignaturePad *self);
gboolean   fc_signature_pad_is_empty   (FcSignaturePad *self);
void       fc_signature_pad_add_stroke (FcSignaturePad *self,
                                        const double   *xy,
                                        guint           n_points);
GBytes    *fc_signature_pad_to_png     (FcSignaturePad *self);

G_END_DECLS
