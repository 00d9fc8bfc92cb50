/* fc-ledger.h: the rectification ledger (隐患整改台账), district-wide and per institution */
#pragma once

#include <json-glib/json-glib.h>

#include "fc-store.h"
#include "fc-types.h"

G_BEGIN_DECLS

typedef enum
{
  FC_LEDGER_SORT_DEADLINE,   /* 整改期限, then when found */
  FC_LEDGER_SORT_FOUND,      /* 发现时间 */
  FC_LEDGER_SORT_FACILITY,   /* town, institution, then deadline */
} FcLedgerSort;

/* Which hazards, in which order. Zeroed members select everything. */
typedef struct
{
  const char   *facility_id;      /* one institution's ledger (机构台账); NULL for the district */
  guint         levels;           /* 1 << FcHazardLevel for each level wanted; 0 for any */
  guint         statuses;         /* 1 << FcHazardStatus for each status wanted; 0 for any */
  guint         categories;       /* 1 << FcCategory for each category wanted; 0 for any */
  const char   *town;             /* 镇街 */
  const char   *area_leader_id;   /* 包片领导 */
  const char   *line_department;  /* 包线科室 */
  const char   *point_cadre_id;   /* 包点干部 */
  gboolean      overdue_only;
  gboolean      supervised_only;  /* under listed supervision (挂牌督办) */
  const char   *search;           /* words in the description, location, measures,
                                     criterion or the institution's name */
  const char   *found_since;      /* YYYY-MM-DD, inclusive */
  const char   *found_until;      /* YYYY-MM-DD, inclusive */
  const char   *today;            /* YYYY-MM-DD: the day overdue is judged on; required */
  FcLedgerSort  sort;
  gboolean      descending;
  guint         offset;
  guint         limit;            /* 0 for every row */
} FcLedgerFilter;

/* One ledger row. The strings belong to the FcLedger; NULL when not recorded. */
typedef struct
{
  const char     *id;
  const char     *facility_id;
  const char     *facility_name;
  const char     *town;
  const char     *area_leader;          /* name */
  const char     *line_department;
  const char     *point_cadre;          /* name */
  FcCategory      category;
  FcHazardLevel   level;
  FcHazardStatus  status;
  const char     *description;
  const char     *location;
  const char     *criterion;
  const char     *source;               /* inspection, whistleblower, look_back */
  const char     *inspection_kind;      /* wire name of the inspection that found it */
  const char     *found_at;
  const char     *responsible_party;
  const char     *responsible_person;
  const char     *measures;
  gboolean        has_funds;
  double          funds;                /* yuan */
  const char     *deadline;
  const char     *plan;
  const char     *interim_controls;
  const char     *supervising_leader;   /* name */
  const char     *lead_department;
  const char     *supervised_at;
  const char     *status_note;
  const char     *verifier;             /* name */
  const char     *verifier_org;
  const char     *accepted_at;
  const char     *acceptance_outcome;   /* accepted, rejected */
  const char     *closed_at;
  guint           reopen_count;
  gboolean        overdue;
  guint           days_overdue;
} FcLedgerRow;

typedef struct
{
  FcLedgerRow  *rows;
  guint         len;
  /*< private >*/
  GArray       *array;
  GStringChunk *strings;
} FcLedger;

FcLedger   *fc_ledger_query            (FcStore               *store,
                                        const FcLedgerFilter  *filter,
                                        GError               **error);
gint64      fc_ledger_count            (FcStore               *store,
                                        const FcLedgerFilter  *filter,
                                        GError               **error);
gboolean    fc_ledger_counts           (FcStore               *store,
                                        const FcLedgerFilter  *filter,
                                        gint64                *total,
                                        gint64                *overdue,
                                        GError               **error);
char       *fc_ledger_sql              (const FcLedgerFilter  *filter,
                                        gboolean               count_only,
                                        GPtrArray             *params);
void        fc_ledger_free             (FcLedger              *ledger);

const char *fc_ledger_source_label     (const FcLedgerRow     *row);
char       *fc_ledger_progress_text    (const FcLedgerRow     *row);
char       *fc_ledger_acceptance_text  (const FcLedgerRow     *row);
char       *fc_ledger_supervision_text (const FcLedgerRow     *row);
char       *fc_ledger_remarks_text     (const FcLedgerRow     *row);
JsonObject *fc_ledger_row_to_json      (const FcLedgerRow     *row);
JsonArray  *fc_ledger_to_json          (const FcLedger        *ledger);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcLedger, fc_ledger_free)

G_END_DECLS
