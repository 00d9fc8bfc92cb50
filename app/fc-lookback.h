/* fc-lookback.h: look-back re-checks of closed-out hazards (回头看) */
#pragma once

#include <json-glib/json-glib.h>

#include "fc-store.h"

G_BEGIN_DECLS

typedef struct
{
  const char *day;            /* the round's day, YYYY-MM-DD: close-outs up to it are due */
  const char *closed_since;   /* (nullable) only close-outs on or after this day */
  double      general_share;  /* the share of general hazards to re-check, 0 to 1 */
  guint32     seed;           /* with day, picks the same general hazards every time */
  guint       due_days;       /* days after @day the re-checks are due; 0 for 30 */
} FcLookbackPlan;

typedef struct
{
  guint major;                /* major hazards scheduled: all of them */
  guint sampled;              /* general hazards picked */
  guint general_candidates;   /* general hazards they were picked from */
} FcLookbackSummary;

typedef enum
{
  FC_LOOKBACK_HELD,           /* the rectification held */
  FC_LOOKBACK_REBOUND,        /* the hazard is back: it is reopened */
} FcLookbackOutcome;

gboolean    fc_lookback_schedule (FcStore               *store,
                                  const FcLookbackPlan  *plan,
                                  FcLookbackSummary     *summary,
                                  GError               **error);
gboolean    fc_lookback_record   (FcStore               *store,
                                  const char            *lookback_id,
                                  FcLookbackOutcome      outcome,
                                  const char            *note,
                                  const char            *inspection_id,
                                  const char            *at,
                                  GError               **error);
JsonArray  *fc_lookback_list     (FcStore               *store,
                                  const char            *round,
                                  const char            *facility_id,
                                  gboolean               pending_only,
                                  GError               **error);

G_END_DECLS
