/* test-server-batch.c: what the server keeps for the length of one batch —
 * the answers of authorisation, and the head of the audit chain — follows
 * what the batch itself changes */

#include "config.h"

#include "fc-ids.h"
#include "fc-store-write.h"
#include "fc-sync-changeset.h"
#include "fcs-audit.h"
#include "fcs-authorize.h"
#include "fcs-error.h"
#include "fcs-storage.h"
#include "../core/test-util.h"

typedef struct
{
  FcStore *store;
  char    *inspector;
  char    *facility;
  char    *other_facility;
} Batch;

static char *
write_op (FcStore *store,
          FcOp    *op)
{
  g_autoptr(GError) error = NULL;

  fc_store_write (store, op, &error);
  g_assert_no_error (error);
  return g_strdup (op->row_id);
}

static char *
add_facility (FcStore    *store,
              const char *name)
{
  g_autoptr(FcOp) op = fc_op_new_insert ("facility", NULL);

  fc_op_set_string (op, "name", name);
  fc_op_set_string (op, "type", "elderly_care");
  fc_op_set_string (op, "town", "汉丰街道");
  return write_op (store, op);
}

/* An inspector, two facilities, the inspector assigned to neither. */
static void
batch_setup (Batch         *b,
             gconstpointer  data)
{
  static guint n_stores;
  g_autofree char *name = g_strdup_printf ("batch-%u.db", n_stores++);
  g_autofree char *path = test_scratch_path (name);
  g_autoptr(FcOp) person = fc_op_new_insert ("person", NULL);

  b->store = fc_store_open (path, NULL);
  g_assert_nonnull (b->store);
  g_assert_true (fcs_audit_create (b->store, NULL));
  fc_op_set_string (person, "name", "李华");
  fc_op_set_string (person, "login", "lihua");
  fc_op_set_string (person, "roles", "inspector");
  fc_op_set_int (person, "disabled", 0);
  b->inspector = write_op (b->store, person);
  b->facility = add_facility (b->store, "阳光养老院");
  b->other_facility = add_facility (b->store, "希望儿童福利院");
}

static void
batch_teardown (Batch         *b,
                gconstpointer  data)
{
  g_clear_object (&b->store);
  g_free (b->inspector);
  g_free (b->facility);
  g_free (b->other_facility);
}

/* An op as it would arrive from the inspector's tablet. */
static FcOp *
received (Batch      *b,
          const char *table,
          const char *field,
          const char *value)
{
  FcOp *op = fc_op_new_insert (table, NULL);

  op->user_id = g_strdup (b->inspector);
  fc_op_set_string (op, field, value);
  return op;
}

static void
apply_to_cache (FcsAuthCache *cache,
                FcStore      *store,
                FcOp         *op)
{
  g_free (write_op (store, op));
  fcs_auth_cache_applied (cache, op);
}

static void
test_batch_assignment_applied_earlier_in_the_batch_authorises_later_ops (Batch         *b,
                                                                         gconstpointer  data)
{
  g_autoptr(FcsAuthCache) cache = fcs_auth_cache_new ();
  g_autoptr(FcOp) hazard = received (b, "hazard", "facility_id", b->facility);
  g_autoptr(FcOp) assignment = fc_op_new_insert ("assignment", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (fcs_authorize_op (b->store, cache, hazard, &error));
  g_assert_error (error, FCS_ERROR, FCS_ERROR_NOT_ASSIGNED);
  g_clear_error (&error);

  fc_op_set_string (assignment, "person_id", b->inspector);
  fc_op_set_string (assignment, "facility_id", b->facility);
  fc_op_set_string (assignment, "role", "inspector");
  fc_op_set_int (assignment, "retired", 0);
  apply_to_cache (cache, b->store, assignment);

  g_assert_true (fcs_authorize_op (b->store, cache, hazard, &error));
  g_assert_no_error (error);
}

static void
test_batch_user_disabled_earlier_in_the_batch_is_refused_later (Batch         *b,
                                                                gconstpointer  data)
{
  g_autoptr(FcsAuthCache) cache = fcs_auth_cache_new ();
  g_autoptr(FcOp) hazard = received (b, "hazard", "facility_id", b->facility);
  g_autoptr(FcOp) disable = fc_op_new_update ("person", b->inspector);
  g_autoptr(GError) error = NULL;

  g_assert_false (fcs_authorize_op (b->store, cache, hazard, &error));
  g_assert_error (error, FCS_ERROR, FCS_ERROR_NOT_ASSIGNED);
  g_clear_error (&error);

  fc_op_set_int (disable, "disabled", 1);
  apply_to_cache (cache, b->store, disable);

  g_assert_false (fcs_authorize_op (b->store, cache, hazard, &error));
  g_assert_error (error, FCS_ERROR, FCS_ERROR_USER_DISABLED);
}

static void
test_batch_row_moved_to_another_facility_takes_its_children_along (Batch         *b,
                                                                   gconstpointer  data)
{
  g_autoptr(FcsAuthCache) cache = fcs_auth_cache_new ();
  g_autoptr(FcOp) equipment = fc_op_new_insert ("equipment", NULL);
  g_autoptr(FcOp) assignment = fc_op_new_insert ("assignment", NULL);
  g_autoptr(FcOp) move = NULL;
  g_autoptr(FcOp) photo = NULL;
  g_autofree char *equipment_id = NULL;
  g_autoptr(GError) error = NULL;

  fc_op_set_string (assignment, "person_id", b->inspector);
  fc_op_set_string (assignment, "facility_id", b->facility);
  fc_op_set_string (assignment, "role", "inspector");
  fc_op_set_int (assignment, "retired", 0);
  g_free (write_op (b->store, assignment));
  fc_op_set_string (equipment, "facility_id", b->facility);
  fc_op_set_string (equipment, "kind", "extinguisher");
  fc_op_set_string (equipment, "name", "干粉灭火器");
  equipment_id = write_op (b->store, equipment);

  /* A photo of the equipment reaches its facility through the equipment. */
  photo = received (b, "photo", "attached_id", equipment_id);
  fc_op_set_string (photo, "attached_kind", "equipment");
  g_assert_true (fcs_authorize_op (b->store, cache, photo, &error));
  g_assert_no_error (error);

  move = fc_op_new_update ("equipment", equipment_id);
  fc_op_set_string (move, "facility_id", b->other_facility);
  apply_to_cache (cache, b->store, move);

  g_assert_false (fcs_authorize_op (b->store, cache, photo, &error));
  g_assert_error (error, FCS_ERROR, FCS_ERROR_NOT_ASSIGNED);
}

static void
test_batch_audit_chain_carried_in_memory_verifies (Batch         *b,
                                                   gconstpointer  data)
{
  FcsAuditChain chain = { 0 };
  gint64 n = 0, broken = -1;

  /* One admin entry before, a batch of many, one after: one chain. */
  for (int i = 0; i < 12; i++)
    {
      FcsAuditEntry entry = { .kind = i == 0 || i == 11 ? "admin" : "op", .actor = "push:d",
                              .op_id = "o", .device_seq = i, .outcome = i == 5 ? "rejected" : "applied",
                              .code = i == 5 ? "not_assigned" : NULL };

      if (i == 0 || i == 11)
        g_assert_true (fcs_audit_append (b->store, &entry, NULL));
      else
        g_assert_true (fcs_audit_append_chained (b->store, &chain, &entry, NULL));
    }
  fcs_audit_chain_clear (&chain);
  g_assert_true (fcs_audit_verify (b->store, &n, &broken, NULL));
  g_assert_cmpint (n, ==, 12);
  g_assert_cmpint (broken, ==, 0);
}

static FcOp *
from_device (const char *device_id,
             gint64      seq,
             const char *user_id,
             FcOp       *op)
{
  op->op_id = fc_id_new ();
  op->device_id = g_strdup (device_id);
  op->device_seq = seq;
  op->user_id = g_strdup (user_id);
  op->hlc = FC_HLC_MAKE (g_get_real_time () / 1000, seq);
  return op;
}

static const FcSyncReceiptEntry *
entry_of (FcSyncReceipt *receipt,
          guint          i)
{
  g_assert_cmpuint (i, <, receipt->entries->len);
  return receipt->entries->pdata[i];
}

/* Receipts are kept for refused ops only; an applied op's replay is found
 * in the op-log, and every replay is answered as the first time. */
static void
test_batch_replay_is_answered_as_the_first_time (Batch         *b,
                                                 gconstpointer  data)
{
  static guint n_servers;
  g_autofree char *name = g_strdup_printf ("batch-server-%u", n_servers++);
  g_autofree char *dir = test_scratch_path (name);
  g_autoptr(FcsStorage) storage = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *admin = NULL;
  g_autoptr(FcOp) person = fc_op_new_insert ("person", NULL);
  g_autoptr(FcOp) missing = fc_op_new_update ("person", "no-such-person");
  g_autoptr(FcOp) reused = fc_op_new_insert ("person", NULL);
  FcSyncChangeset changeset = { .device_id = (char *) "tablet-1", .ops = g_ptr_array_new () };
  FcsDevice device = { .id = (char *) "tablet-1" };
  FcStore *store;

  storage = fcs_storage_sqlite_open (dir, TRUE, &error);
  g_assert_no_error (error);
  store = fcs_storage_sqlite_get_store (storage);
  admin = storage->klass->user_add (storage, "test", "admin", "管理员", "admin", NULL, &error);
  g_assert_no_error (error);
  device.user_id = admin;

  fc_op_set_string (person, "name", "王芳");
  fc_op_set_string (person, "roles", "inspector");
  fc_op_set_string (missing, "phone", "13800000000");
  g_ptr_array_add (changeset.ops, from_device ("tablet-1", 1, admin, person));
  g_ptr_array_add (changeset.ops, from_device ("tablet-1", 2, admin, missing));

  for (int round = 0; round < 3; round++)
    {
      g_autoptr(FcSyncReceipt) receipt = storage->klass->push (storage, &device, &changeset, "push",
                                                               &error);

      g_assert_no_error (error);
      g_assert_cmpint (entry_of (receipt, 0)->outcome, ==,
                       round == 0 ? FC_SYNC_OUTCOME_APPLIED : FC_SYNC_OUTCOME_DUPLICATE);
      g_assert_cmpint (entry_of (receipt, 1)->outcome, ==, FC_SYNC_OUTCOME_REJECTED);
      g_assert_cmpstr (entry_of (receipt, 1)->code, ==, "not_found");
    }
  g_assert_cmpint (test_count (store, "SELECT count (*) FROM person WHERE name = '王芳'"), ==, 1);
  g_assert_cmpint (test_count (store, "SELECT count (*) FROM fcs_receipt"), ==, 1);
  g_assert_cmpint (test_count (store, "SELECT count (*) FROM fcs_receipt WHERE device_seq = 2 "
                                      "AND outcome = 'rejected'"), ==, 1);
  g_assert_cmpint (test_count (store, "SELECT count (*) FROM fcs_audit WHERE outcome = 'duplicate'"),
                   ==, 4);

  /* Another op under the applied op's sequence number: the device's log is damaged. */
  fc_op_set_string (reused, "name", "赵磊");
  fc_op_set_string (reused, "roles", "inspector");
  g_ptr_array_set_size (changeset.ops, 0);
  g_ptr_array_add (changeset.ops, from_device ("tablet-1", 1, admin, reused));
  {
    g_autoptr(FcSyncReceipt) receipt = storage->klass->push (storage, &device, &changeset, "push",
                                                             &error);

    g_assert_no_error (error);
    g_assert_cmpint (entry_of (receipt, 0)->outcome, ==, FC_SYNC_OUTCOME_REJECTED);
    g_assert_cmpstr (entry_of (receipt, 0)->code, ==, "seq_reused");
  }
  g_assert_cmpint (test_count (store, "SELECT count (*) FROM person WHERE name = '赵磊'"), ==, 0);
  g_ptr_array_unref (changeset.ops);
}

/* The server merges a batch without a savepoint per op; an op refused after
 * its first write (the second field of an update breaks a UNIQUE constraint)
 * must still leave nothing of itself, and the rest of the batch applies. */
static void
test_batch_op_refused_midway_leaves_nothing_of_itself (Batch         *b,
                                                       gconstpointer  data)
{
  static guint n_servers;
  g_autofree char *name = g_strdup_printf ("batch-midway-%u", n_servers++);
  g_autofree char *dir = test_scratch_path (name);
  g_autoptr(FcsStorage) storage = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FcSyncReceipt) receipt = NULL;
  g_autofree char *admin = NULL;
  g_autoptr(FcOp) first = fc_op_new_insert ("person", NULL);
  g_autoptr(FcOp) second = fc_op_new_insert ("person", NULL);
  g_autoptr(FcOp) clash = NULL;
  g_autoptr(FcOp) third = fc_op_new_insert ("person", NULL);
  FcSyncChangeset changeset = { .device_id = (char *) "tablet-2", .ops = g_ptr_array_new () };
  FcsDevice device = { .id = (char *) "tablet-2" };
  FcStore *store;
  gint64 entries = 0, broken = -1;

  storage = fcs_storage_sqlite_open (dir, TRUE, &error);
  g_assert_no_error (error);
  store = fcs_storage_sqlite_get_store (storage);
  admin = storage->klass->user_add (storage, "test", "admin", "管理员", "admin", NULL, &error);
  g_assert_no_error (error);
  device.user_id = admin;

  fc_op_set_string (first, "name", "甲");
  fc_op_set_string (first, "login", "jia");
  fc_op_set_string (first, "roles", "inspector");
  fc_op_set_string (second, "name", "乙");
  fc_op_set_string (second, "login", "yi");
  fc_op_set_string (second, "roles", "inspector");
  clash = fc_op_new_update ("person", second->row_id);
  fc_op_set_string (clash, "name", "乙（改）");
  fc_op_set_string (clash, "login", "jia");
  fc_op_set_string (third, "name", "丙");
  fc_op_set_string (third, "roles", "inspector");
  g_ptr_array_add (changeset.ops, from_device ("tablet-2", 1, admin, first));
  g_ptr_array_add (changeset.ops, from_device ("tablet-2", 2, admin, second));
  g_ptr_array_add (changeset.ops, from_device ("tablet-2", 3, admin, clash));
  g_ptr_array_add (changeset.ops, from_device ("tablet-2", 4, admin, third));

  receipt = storage->klass->push (storage, &device, &changeset, "push", &error);
  g_assert_no_error (error);
  g_assert_cmpint (entry_of (receipt, 0)->outcome, ==, FC_SYNC_OUTCOME_APPLIED);
  g_assert_cmpint (entry_of (receipt, 1)->outcome, ==, FC_SYNC_OUTCOME_APPLIED);
  g_assert_cmpint (entry_of (receipt, 2)->outcome, ==, FC_SYNC_OUTCOME_REJECTED);
  g_assert_cmpint (entry_of (receipt, 3)->outcome, ==, FC_SYNC_OUTCOME_APPLIED);

  g_assert_cmpint (test_count (store, "SELECT count (*) FROM person WHERE name = '乙' AND login = 'yi'"), ==, 1);
  g_assert_cmpint (test_count (store, "SELECT count (*) FROM person WHERE name = '乙（改）'"), ==, 0);
  g_assert_cmpint (test_count (store, "SELECT count (*) FROM person WHERE name = '丙'"), ==, 1);
  g_assert_cmpint (test_count (store, "SELECT count (*) FROM op_log WHERE device_id = 'tablet-2'"), ==, 3);
  g_assert_cmpint (test_count (store, "SELECT count (*) FROM field_clock WHERE field = 'name' "
                                      "OR field = 'login'"), ==, 0);
  /* One audit entry per op, from the try that counted. */
  g_assert_cmpint (test_count (store, "SELECT count (*) FROM fcs_audit WHERE actor = 'push:tablet-2'"), ==, 4);
  g_assert_true (fcs_audit_verify (store, &entries, &broken, NULL));
  g_assert_cmpint (broken, ==, 0);
  g_ptr_array_unref (changeset.ops);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add ("/batch/" path, Batch, NULL, batch_setup, func, batch_teardown)
  ADD ("assignment-applied-earlier-in-the-batch-authorises-later-ops",
       test_batch_assignment_applied_earlier_in_the_batch_authorises_later_ops);
  ADD ("user-disabled-earlier-in-the-batch-is-refused-later",
       test_batch_user_disabled_earlier_in_the_batch_is_refused_later);
  ADD ("row-moved-to-another-facility-takes-its-children-along",
       test_batch_row_moved_to_another_facility_takes_its_children_along);
  ADD ("audit-chain-carried-in-memory-verifies", test_batch_audit_chain_carried_in_memory_verifies);
  ADD ("replay-is-answered-as-the-first-time", test_batch_replay_is_answered_as_the_first_time);
  ADD ("op-refused-midway-leaves-nothing-of-itself", test_batch_op_refused_midway_leaves_nothing_of_itself);
#undef ADD
  return g_test_run ();
}
