/* fc-op.h: one change to one row, as recorded in the op-log and sent over sync */
#pragma once

#include <json-glib/json-glib.h>

#include "fc-hlc.h"

G_BEGIN_DECLS

typedef enum
{
  FC_OP_INSERT,
  FC_OP_UPDATE,
} FcOpKind;

typedef struct
{
  char       *op_id;
  char       *device_id;
  gint64      device_seq;
  char       *user_id;
  char       *table;
  char       *row_id;
  FcOpKind    kind;
  JsonObject *fields;    /* field name -> string, number, boolean or null */
  FcHlc       base_hlc;  /* the newest write to the row this device had seen */
  FcHlc       hlc;
  gboolean    fresh_row; /* an insert whose id was made here just now: no row can have it */
} FcOp;

FcOp       *fc_op_new_insert  (const char  *table,
                               const char  *row_id);
FcOp       *fc_op_new_update  (const char  *table,
                               const char  *row_id);
void        fc_op_free        (FcOp        *op);
void        fc_op_set_string  (FcOp        *op,
                               const char  *field,
                               const char  *value);
void        fc_op_set_int     (FcOp        *op,
                               const char  *field,
                               gint64       value);
void        fc_op_set_double  (FcOp        *op,
                               const char  *field,
                               double       value);
void        fc_op_set_null    (FcOp        *op,
                               const char  *field);
gboolean    fc_op_has_field   (const FcOp  *op,
                               const char  *field);
const char *fc_op_get_string  (const FcOp  *op,
                               const char  *field);

JsonNode   *fc_op_to_json     (const FcOp  *op);
FcOp       *fc_op_from_json   (JsonNode    *node,
                               GError     **error);
const char *fc_op_kind_to_string (FcOpKind kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcOp, fc_op_free)

G_END_DECLS
