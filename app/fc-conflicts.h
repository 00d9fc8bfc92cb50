/* fc-conflicts.h: concurrent writes to one field, kept for a person to resolve */
#pragma once

#include <glib-object.h>

#include "fc-hlc.h"
#include "fc-store.h"

G_BEGIN_DECLS

#define FC_TYPE_CONFLICT (fc_conflict_get_type ())

/* One side of a conflict: a value and the write that made it. */
typedef struct
{
  char     *value;       /* (nullable) as text; NULL for a cleared field */
  char     *op_id;
  FcHlc     hlc;         /* 0 when the op is not in this store's op-log */
  char     *device_id;   /* (nullable) */
  char     *user_id;     /* (nullable) */
  char     *user_name;   /* (nullable) */
} FcConflictSide;

typedef struct
{
  gint64          id;
  char           *table;
  char           *row_id;
  char           *field;
  FcConflictSide  kept;       /* the value the store holds: the later writer by (HLC, device) */
  FcConflictSide  other;      /* the value that lost */
  FcHlc           detected_hlc;
  gboolean        resolved;
  /* The field was written again since, by a write that saw both values: a
   * person settled it, here or on another device. */
  gboolean        superseded;
} FcConflict;

GType       fc_conflict_get_type (void) G_GNUC_CONST;
FcConflict *fc_conflict_copy     (const FcConflict  *conflict);
void        fc_conflict_free     (FcConflict        *conflict);

GPtrArray  *fc_conflicts_list    (FcStore           *store,
                                  gboolean           unresolved_only,
                                  GError           **error);
guint       fc_conflicts_count_open (FcStore        *store,
                                  GError           **error);
FcConflict *fc_conflicts_get     (FcStore           *store,
                                  gint64             conflict_id,
                                  GError           **error);
gboolean    fc_conflicts_resolve (FcStore           *store,
                                  gint64             conflict_id,
                                  const char        *chosen_value,
                                  GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcConflict, fc_conflict_free)

G_END_DECLS
