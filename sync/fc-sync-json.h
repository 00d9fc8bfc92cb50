/* fc-sync-json.h: a strict JSON scanner for the messages of sync, read in one pass */
#pragma once

#include <json-glib/json-glib.h>

#include "fc-op.h"

G_BEGIN_DECLS

typedef struct
{
  const char *p;
  const char *end;
  gboolean    failed;   /* the text is not JSON; everything after returns FALSE or NULL */
} FcJsonScan;

void      fc_json_scan_init       (FcJsonScan  *s,
                                   const char  *data,
                                   gsize        len);
gboolean  fc_json_scan_peek       (FcJsonScan  *s,
                                   char         c);
gboolean  fc_json_scan_begin      (FcJsonScan  *s,
                                   char         open);
gboolean  fc_json_scan_next       (FcJsonScan  *s,
                                   char         close,
                                   gboolean    *first);
char     *fc_json_scan_key        (FcJsonScan  *s);
JsonNode *fc_json_scan_scalar     (FcJsonScan  *s,
                                   gboolean    *compound);
gboolean  fc_json_scan_skip       (FcJsonScan  *s);
gboolean  fc_json_scan_finish     (FcJsonScan  *s);
FcOp     *fc_json_scan_op         (FcJsonScan  *s,
                                   GError     **error);

G_END_DECLS
