/* test-changeset.c: changesets round-trip, and every malformed one is refused */

#include "config.h"

#include <string.h>

#include "fc-error.h"
#include "fc-store-write.h"
#include "fc-sync-changeset.h"
#include "../core/test-util.h"

static GBytes *
outbox_of_two (char **device_id)
{
  static int n_stores = 0;
  g_autofree char *name = g_strdup_printf ("changeset-%d.db", n_stores++);
  g_autofree char *path = test_scratch_path (name);
  g_autoptr(FcStore) store = fc_store_open (path, NULL);
  GBytes *bytes;
  guint n = 0;

  for (int i = 0; i < 2; i++)
    {
      g_autoptr(FcOp) op = fc_op_new_insert ("person", NULL);

      fc_op_set_string (op, "name", i ? "谭立新" : "冉小琴");
      fc_op_set_int (op, "disabled", 0);
      g_assert_true (fc_store_write (store, op, NULL));
    }
  bytes = fc_sync_changeset_from_outbox (store, 100, &n, NULL);
  g_assert_cmpuint (n, ==, 2);
  *device_id = g_strdup (fc_store_get_device_id (store));
  return bytes;
}

static void
test_changeset_round_trips_the_outbox (void)
{
  g_autofree char *device = NULL;
  g_autoptr(GBytes) bytes = outbox_of_two (&device);
  g_autoptr(GError) error = NULL;
  g_autoptr(FcSyncChangeset) changeset = fc_sync_changeset_parse (bytes, &error);
  FcOp *second;

  g_assert_no_error (error);
  g_assert_cmpstr (changeset->device_id, ==, device);
  g_assert_cmpuint (changeset->ops->len, ==, 2);
  second = changeset->ops->pdata[1];
  g_assert_cmpint (second->device_seq, ==, 2);
  g_assert_cmpstr (fc_op_get_string (second, "name"), ==, "谭立新");
  g_assert_cmpstr (second->table, ==, "person");
}

typedef struct
{
  const char *name;
  const char *json;
} Bad;

static void
test_changeset_malformed_input_is_refused (void)
{
  g_autofree char *deep = NULL;
  g_autofree char *huge_field = NULL;
  g_autofree char *many_ops = NULL;
  const char *op = "{\"op\":\"o1\",\"device\":\"d\",\"seq\":1,\"user\":null,\"table\":\"person\","
                   "\"row\":\"r\",\"kind\":\"insert\",\"base\":0,\"hlc\":1,\"fields\":{\"name\":\"x\"}}";
  GString *s;

  s = g_string_new ("{\"format\":1,\"device\":\"d\",\"ops\":[");
  for (int i = 0; i < 10000; i++)
    g_string_append (s, "[");
  deep = g_string_free (s, FALSE);

  s = g_string_new ("{\"format\":1,\"device\":\"d\",\"ops\":[{\"op\":\"o\",\"device\":\"d\",\"seq\":1,"
                    "\"table\":\"person\",\"row\":\"r\",\"kind\":\"insert\",\"base\":0,\"hlc\":1,"
                    "\"fields\":{\"name\":\"");
  for (int i = 0; i < FC_SYNC_MAX_FIELD_BYTES + 10; i++)
    g_string_append_c (s, 'x');
  g_string_append (s, "\"}}]}");
  huge_field = g_string_free (s, FALSE);

  s = g_string_new ("{\"format\":1,\"device\":\"d\",\"ops\":[");
  for (int i = 0; i <= FC_SYNC_MAX_OPS; i++)
    g_string_append_printf (s, "%s%s", i ? "," : "", op);
  g_string_append (s, "]}");
  many_ops = g_string_free (s, FALSE);

  {
    const Bad bad[] = {
      { "empty", "" },
      { "not json", "hello" },
      { "truncated", "{\"format\":1,\"device\":\"d\",\"ops\":[{\"op\":\"o1\"" },
      { "array at top", "[]" },
      { "wrong format", "{\"format\":2,\"device\":\"d\",\"ops\":[]}" },
      { "format as string", "{\"format\":\"1\",\"device\":\"d\",\"ops\":[]}" },
      { "no device", "{\"format\":1,\"ops\":[]}" },
      { "ops not array", "{\"format\":1,\"device\":\"d\",\"ops\":{}}" },
      { "op missing hlc", "{\"format\":1,\"device\":\"d\",\"ops\":[{\"op\":\"o\",\"device\":\"d\",\"seq\":1,"
        "\"table\":\"person\",\"row\":\"r\",\"kind\":\"insert\",\"base\":0,\"fields\":{}}]}" },
      { "negative seq", "{\"format\":1,\"device\":\"d\",\"ops\":[{\"op\":\"o\",\"device\":\"d\",\"seq\":-1,"
        "\"table\":\"person\",\"row\":\"r\",\"kind\":\"insert\",\"base\":0,\"hlc\":1,\"fields\":{}}]}" },
      { "bad kind", "{\"format\":1,\"device\":\"d\",\"ops\":[{\"op\":\"o\",\"device\":\"d\",\"seq\":1,"
        "\"table\":\"person\",\"row\":\"r\",\"kind\":\"delete\",\"base\":0,\"hlc\":1,\"fields\":{}}]}" },
      { "sql in table name", "{\"format\":1,\"device\":\"d\",\"ops\":[{\"op\":\"o\",\"device\":\"d\",\"seq\":1,"
        "\"table\":\"person; DROP TABLE x\",\"row\":\"r\",\"kind\":\"insert\",\"base\":0,\"hlc\":1,\"fields\":{}}]}" },
      { "sql in field name", "{\"format\":1,\"device\":\"d\",\"ops\":[{\"op\":\"o\",\"device\":\"d\",\"seq\":1,"
        "\"table\":\"person\",\"row\":\"r\",\"kind\":\"insert\",\"base\":0,\"hlc\":1,"
        "\"fields\":{\"name)--\":\"x\"}}]}" },
      { "nested field value", "{\"format\":1,\"device\":\"d\",\"ops\":[{\"op\":\"o\",\"device\":\"d\",\"seq\":1,"
        "\"table\":\"person\",\"row\":\"r\",\"kind\":\"insert\",\"base\":0,\"hlc\":1,"
        "\"fields\":{\"name\":{\"a\":1}}}]}" },
      { "op of another device", "{\"format\":1,\"device\":\"d\",\"ops\":[{\"op\":\"o\",\"device\":\"e\",\"seq\":1,"
        "\"table\":\"person\",\"row\":\"r\",\"kind\":\"insert\",\"base\":0,\"hlc\":1,\"fields\":{}}]}" },
      { "id as a field", "{\"format\":1,\"device\":\"d\",\"ops\":[{\"op\":\"o\",\"device\":\"d\",\"seq\":1,"
        "\"table\":\"person\",\"row\":\"r\",\"kind\":\"insert\",\"base\":0,\"hlc\":1,\"fields\":{\"id\":\"x\"}}]}" },
      { "invalid utf-8", "{\"format\":1,\"device\":\"\xff\xfe\",\"ops\":[]}" },
      { "nested ten thousand deep", deep },
      { "oversized field", huge_field },
      { "too many ops", many_ops },
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(GBytes) bytes = g_bytes_new_static (bad[i].json, strlen (bad[i].json));
        g_autoptr(GError) error = NULL;
        g_autoptr(FcSyncChangeset) changeset = NULL;

        g_test_message ("%s", bad[i].name);
        changeset = fc_sync_changeset_parse (bytes, &error);
        g_assert_null (changeset);
        g_assert_error (error, FC_ERROR, FC_ERROR_INVALID);
      }
  }
}

static void
test_changeset_truncated_at_every_length_is_refused (void)
{
  g_autofree char *device = NULL;
  g_autoptr(GBytes) bytes = outbox_of_two (&device);
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  for (gsize cut = 0; cut < len; cut += 7)
    {
      g_autoptr(GBytes) part = g_bytes_new_static (data, cut);
      g_autoptr(FcSyncChangeset) changeset = fc_sync_changeset_parse (part, NULL);

      g_assert_null (changeset);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/changeset/round-trips-the-outbox", test_changeset_round_trips_the_outbox);
  g_test_add_func ("/changeset/malformed-input-is-refused", test_changeset_malformed_input_is_refused);
  g_test_add_func ("/changeset/truncated-at-every-length-is-refused", test_changeset_truncated_at_every_length_is_refused);
  return g_test_run ();
}
