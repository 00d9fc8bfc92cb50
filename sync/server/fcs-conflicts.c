/* fcs-conflicts.c: fieldcheck-server conflicts list|resolve
 *
 * The server records a conflict when two devices wrote one field without
 * seeing each other's write. An administrator resolves it here: the chosen
 * value is written as a new op through the write API, so devices take it on
 * their next pull, and the resolution is audited in the same transaction.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-conflicts.h"
#include "fc-error.h"
#include "fcs-commands.h"
#include "fcs-error.h"

static char *
hlc_text (FcHlc hlc)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *when = NULL;

  if (hlc == 0)
    return g_strdup ("");
  utc = g_date_time_new_from_unix_utc (FC_HLC_MS (hlc) / 1000);
  local = utc != NULL ? g_date_time_to_local (utc) : NULL;
  if (local == NULL)
    return fc_hlc_format (hlc);
  when = g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
  return g_strdup_printf ("%s.%03u #%u", when, (guint) (FC_HLC_MS (hlc) % 1000),
                          FC_HLC_COUNTER (hlc));
}

static const char *
state_of (const FcConflict *conflict)
{
  if (conflict->resolved)
    return "resolved";
  return conflict->superseded ? "superseded" : "unresolved";
}

static void
add_side (JsonObject           *row,
          const char           *prefix,
          const FcConflictSide *side)
{
  g_autofree char *value = g_strconcat (prefix, "_value", NULL);
  g_autofree char *hlc = g_strconcat (prefix, "_hlc", NULL);
  g_autofree char *device = g_strconcat (prefix, "_device", NULL);
  g_autofree char *user = g_strconcat (prefix, "_user", NULL);
  g_autofree char *op = g_strconcat (prefix, "_op", NULL);
  g_autofree char *hlc_string = hlc_text (side->hlc);

  if (side->value != NULL)
    json_object_set_string_member (row, value, side->value);
  else
    json_object_set_null_member (row, value);
  json_object_set_string_member (row, hlc, hlc_string);
  json_object_set_string_member (row, device, side->device_id ? side->device_id : "");
  json_object_set_string_member (row, user, side->user_name ? side->user_name
                                          : side->user_id ? side->user_id : "");
  json_object_set_string_member (row, op, side->op_id ? side->op_id : "");
}

static int
conflicts_list (FcsOptions *options,
                FcStore    *store)
{
  static const char *const columns[] = {
    "id", "table", "row", "field", "ours_value", "ours_hlc", "ours_device", "ours_user",
    "theirs_value", "theirs_hlc", "theirs_device", "theirs_user", "state", NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = fc_conflicts_list (store, !options->all, &error);
  g_autoptr(JsonArray) rows = json_array_new ();

  if (conflicts == NULL)
    return fcs_fail (error);
  for (guint i = 0; i < conflicts->len; i++)
    {
      const FcConflict *conflict = conflicts->pdata[i];
      JsonObject *row = json_object_new ();

      json_object_set_int_member (row, "id", conflict->id);
      json_object_set_string_member (row, "table", conflict->table);
      json_object_set_string_member (row, "row", conflict->row_id);
      json_object_set_string_member (row, "field", conflict->field);
      add_side (row, "ours", &conflict->kept);
      add_side (row, "theirs", &conflict->other);
      json_object_set_string_member (row, "state", state_of (conflict));
      json_array_add_object_element (rows, row);
    }

  if (options->json)
    {
      g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), rows);
      g_autofree char *text = json_to_string (node, TRUE);

      g_print ("%s\n", text);
      return 0;
    }
  for (guint c = 0; columns[c] != NULL; c++)
    g_print ("%s%s", c ? "\t" : "", columns[c]);
  g_print ("\n");
  for (guint r = 0; r < json_array_get_length (rows); r++)
    {
      JsonObject *row = json_array_get_object_element (rows, r);

      for (guint c = 0; columns[c] != NULL; c++)
        {
          JsonNode *node = json_object_get_member (row, columns[c]);
          g_autofree char *text = NULL;

          if (!JSON_NODE_HOLDS_NULL (node))
            text = json_node_get_value_type (node) == G_TYPE_STRING
                   ? g_strdup (json_node_get_string (node)) : json_to_string (node, FALSE);
          /* One conflict, one line, whatever a value holds. */
          if (text != NULL)
            g_strdelimit (text, "\t\n\r", ' ');
          g_print ("%s%s", c ? "\t" : "", text ? text : "∅");
        }
      g_print ("\n");
    }
  return 0;
}

/* A write refused for want of a person names the option that gives one. */
static gboolean
resolve (FcStore     *store,
         gint64       id,
         const char  *chosen,
         gboolean     nobody,
         GError     **error)
{
  GError *refusal = NULL;

  if (fc_conflicts_resolve (store, id, chosen, &refusal))
    return TRUE;
  if (nobody && g_error_matches (refusal, FC_ERROR, FC_ERROR_GUARD))
    g_set_error (error, FCS_ERROR, FCS_ERROR_INVALID,
                 _("%s; name the user who decides with --user LOGIN"), refusal->message);
  else
    g_propagate_error (error, g_steal_pointer (&refusal));
  g_clear_error (&refusal);
  return FALSE;
}

static int
conflicts_resolve (FcsOptions *options,
                   FcStore    *store,
                   const char *id_text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcConflict) conflict = NULL;
  g_autofree char *who = fcs_admin_actor ();
  g_autofree char *detail = NULL;
  const char *chosen = NULL;
  gint64 id;

  if (!g_ascii_string_to_signed (id_text, 10, 1, G_MAXINT64, &id, NULL))
    return fcs_usage (_("Name the conflict by its number, as “conflicts list” shows it"));
  if (options->keep == NULL)
    return fcs_usage (_("usage: fieldcheck-server conflicts resolve ID --keep ours|theirs|VALUE "
                        "[--user LOGIN]"));

  if (!fcs_admin_set_user (store, options->user, &error) || !fc_store_begin (store, &error))
    return fcs_fail (error);
  conflict = fc_conflicts_get (store, id, &error);
  if (conflict != NULL)
    {
      if (g_str_equal (options->keep, "ours") || g_str_equal (options->keep, "kept"))
        chosen = conflict->kept.value;
      else if (g_str_equal (options->keep, "theirs") || g_str_equal (options->keep, "other"))
        chosen = conflict->other.value;
      else
        chosen = options->keep;
      detail = g_strdup_printf ("%s.%s = %s", conflict->table, conflict->field,
                                chosen ? chosen : "∅");
    }
  if (conflict == NULL ||
      !resolve (store, id, chosen, options->user == NULL, &error) ||
      !fcs_admin_audit (store, who, "conflict_resolve", conflict->row_id, detail, &error))
    {
      fc_store_rollback (store);
      return fcs_fail (error);
    }
  if (!fc_store_commit (store, &error))
    return fcs_fail (error);
  g_print ("%s\t%s\t%s\n", conflict->table, conflict->row_id, detail);
  return 0;
}

int
fcs_cmd_conflicts (FcsOptions  *options,
                   int          argc,
                   char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcsStorage) storage = NULL;
  FcStore *store;

  if (argc < 1 || !((g_str_equal (argv[0], "list") && argc == 1) ||
                    (g_str_equal (argv[0], "resolve") && argc == 2)))
    return fcs_usage (_("usage: fieldcheck-server conflicts list [--all] | "
                        "resolve ID --keep ours|theirs|VALUE [--user LOGIN]"));
  storage = fcs_admin_open_storage (options, &error);
  if (storage == NULL)
    return fcs_fail (error);
  store = fcs_storage_sqlite_get_store (storage);
  if (g_str_equal (argv[0], "list"))
    return conflicts_list (options, store);
  return conflicts_resolve (options, store, argv[1]);
}
