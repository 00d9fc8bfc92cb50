/* fc-store-private.h: the store's state, shared by the files that make up the store */
#pragma once

#include "fc-store.h"

G_BEGIN_DECLS

#define FC_STORE_MAX_TXN_DEPTH 8

struct _FcStore
{
  GObject      parent_instance;

  sqlite3     *db;
  char        *path;
  char        *device_id;
  char        *user_id;
  FcWallClock  wall;
  gpointer     wall_data;
  FcHlcClock   clock;
  gint64       device_seq;
  /* table name -> set of column names, for the syncable tables */
  GHashTable  *columns;
  /* SQL text -> prepared statement, for the statements of every write */
  GHashTable  *statements;
  /* conflicts recorded by this connection, rolled back or not: a caller
   * compares it before and after a merge that succeeded */
  guint64      conflicts_recorded;
  /* remote merges inside a transaction take a savepoint each (the default);
   * without, a refusal after a write spoils the transaction */
  gboolean     merge_savepoints;
  gboolean     merge_spoiled;
  /* the op being applied; the write guards refuse writes while it is NULL */
  char        *op_context;
  /* open transaction and savepoints, with the clock and sequence at each start */
  int          txn_depth;
  FcHlcClock   txn_clock[FC_STORE_MAX_TXN_DEPTH];
  gint64       txn_device_seq[FC_STORE_MAX_TXN_DEPTH];
};

G_END_DECLS
