/* tag-corpus.h: tag images spoiled the ways a camera and a printer spoil them,
 * made at test time from a seed (shared by test-tag-decode and bench/fc-bench-qr) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char   *name;     /* the perturbation and its strength, e.g. "rotate-45" */
  char   *payload;  /* the text in the code; distinct for every sample */
  guint8 *grey;     /* width × height bytes, no row padding */
  guint   width;
  guint   height;
} TagSample;

void       tag_sample_free      (TagSample   *sample);
GPtrArray *tag_corpus_generate  (const char  *district,
                                 guint32      seed);
guint8    *tag_render           (const char  *payload,
                                 guint        width,
                                 guint        height,
                                 double       code_side,
                                 double       degrees);
gboolean   tag_write_pgm        (const guint8 *grey,
                                 guint         width,
                                 guint         height,
                                 const char   *path,
                                 GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TagSample, tag_sample_free)

G_END_DECLS
