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

/* The head of the chain while one transaction appends many entries: read once,
 * then carried in memory (the transaction holds the only writer). */
typedef struct
{
  char     *last_hash;
  gboolean  loaded;
} FcsAuditChain;

gboolean fcs_audit_create (FcStore              *store,
                           GError              **error);
gboolean fcs_audit_append (FcStore              *store,
                           const FcsAuditEntry  *entry,
                           GError              **error);
gboolean fcs_audit_append_chained (FcStore             *store,
                                   FcsAuditChain       *chain,
                                   const FcsAuditEntry *entry,
                                   GError             **error);
void     fcs_audit_chain_clear    (FcsAuditChain       *chain);
gboolean fcs_audit_verify (FcStore              *store,
                           gint64               *n_entries,
                           gint64               *first_broken,
                           GError              **error);

G_END_DECLS
