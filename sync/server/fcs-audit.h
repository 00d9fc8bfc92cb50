/* fcs-audit.h: the server's append-only, hash-chained audit log */
#pragma once

#include "fc-store.h"

G_BEGIN_DECLS

typedef struct
{
  const char *kind;        /* "op" or "admin" */
  const char *actor;       /* the device, or the administrator */
  const char *user_id;     /* the op's user */
  const char *op_id;
  gint64      device_seq;
  const char *table;
  const char *row_id;
  const char *outcome;     /* applied, conflict, duplicate, rejected; or the admin action */
  const char *code;
  const char *message;
} FcsAuditEntry;

gboolean fcs_audit_create (FcStore              *store,
                           GError              **error);
gboolean fcs_audit_append (FcStore              *store,
                           const FcsAuditEntry  *entry,
                           GError              **error);
gboolean fcs_audit_verify (FcStore              *store,
                           gint64               *n_entries,
                           gint64               *first_broken,
                           GError              **error);

G_END_DECLS
