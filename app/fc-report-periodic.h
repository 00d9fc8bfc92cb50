/* fc-report-periodic.h: the weekly dispatch (周调度) and the monthly bulletin (月通报) */
#pragma once

#include <json-glib/json-glib.h>

#include "fc-ledger.h"
#include "fc-store.h"

G_BEGIN_DECLS

typedef enum
{
  FC_REPORT_WEEKLY,    /* the ISO week of the day, Monday to the day */
  FC_REPORT_MONTHLY,   /* the month of the day, its first to the day */
} FcReportPeriod;

/* The figures of a report; the tables are rows of JSON objects. */
typedef struct
{
  FcReportPeriod  period;
  char           *start;              /* YYYY-MM-DD */
  char           *end;                /* YYYY-MM-DD, the report's day */
  guint           found_in_period;
  guint           rectified_in_period;
  guint           found;              /* up to the end */
  guint           rectified;          /* closed out, of those found */
  guint           open;
  guint           overdue;
  guint           major_found;
  guint           major_rectified;
  guint           lookbacks_checked;  /* in the period */
  guint           rebounds;           /* in the period */
  guint           whistle_received;   /* in the period */
  guint           whistle_triaged;
  guint           whistle_commended;
  JsonArray      *by_status;          /* status, count */
  JsonArray      *by_level;           /* level, found, rectified, open, overdue */
  JsonArray      *by_category;        /* category, found, rectified, open, overdue */
  JsonArray      *by_facility;        /* name, town, found, rectified, open, overdue, major_open */
  JsonArray      *by_town;            /* town, facilities, found, rectified, open, overdue */
  JsonArray      *by_area_leader;     /* leader, facilities, found, rectified, open, overdue */
  FcLedger       *majors;             /* every major hazard not closed out before the period */
  FcLedger       *overdue_list;       /* most overdue first */
} FcPeriodicFigures;

FcPeriodicFigures *fc_report_periodic_figures (FcStore            *store,
                                               FcReportPeriod      period,
                                               const char         *day,
                                               GError            **error);
void               fc_periodic_figures_free   (FcPeriodicFigures  *figures);
gboolean           fc_report_periodic_write   (FcStore            *store,
                                               FcReportPeriod      period,
                                               const char         *day,
                                               const char         *path,
                                               GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcPeriodicFigures, fc_periodic_figures_free)

G_END_DECLS
