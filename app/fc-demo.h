/* fc-demo.h: a deterministic demo district */
#pragma once

#include "fc-store.h"

G_BEGIN_DECLS

/* The demo district's code in its tags. */
#define FC_DEMO_DISTRICT "990101"

typedef struct
{
  guint facilities;
  guint people;
  guint equipment;
  guint inspections;
  guint results;
  guint hazards;
  guint hazards_major;
  guint hazards_closed;
} FcDemoSummary;

gboolean fc_demo_generate (FcStore        *store,
                           const char     *today,
                           guint32         seed,
                           FcDemoSummary  *summary,
                           GError        **error);

G_END_DECLS
