/* fc-cli-common.c: output and errors shared by the commands of fieldcheck-cli */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fc-cli.h"
#include "fc-error.h"

FcStore *
fc_cli_open_store (FcCliOptions  *options,
                   GError       **error)
{
  g_autofree char *dir = g_path_get_dirname (options->db);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_FAILED, _("Cannot create the folder “%s”"), dir);
      return NULL;
    }
  return fc_store_open (options->db, error);
}

/* Returns: the exit status of a failed command */
int
fc_cli_fail (GError *error)
{
  g_printerr ("fieldcheck-cli: %s\n", error->message);
  return 1;
}

/* Returns: the exit status of a command called the wrong way */
int
fc_cli_usage (const char *usage)
{
  g_printerr ("fieldcheck-cli: %s\n", usage);
  return FC_CLI_EXIT_USAGE;
}

void
fc_cli_print_value (JsonNode *node)
{
  g_autofree char *text = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      /* A tab or newline inside a field would break the row. */
      text = g_strdup (json_node_get_string (node));
      g_strdelimit (text, "\t\n\r", ' ');
    }
  else
    text = json_to_string (node, FALSE);
  g_print ("%s", text);
}

void
fc_cli_print_json (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, TRUE);

  g_print ("%s\n", text);
}

void
fc_cli_print_rows (FcCliOptions      *options,
                   JsonArray         *rows,
                   const char *const *columns)
{
  if (options->json)
    {
      g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), rows);

      fc_cli_print_json (node);
      return;
    }

  for (guint c = 0; columns[c] != NULL; c++)
    g_print ("%s%s", c ? "\t" : "", columns[c]);
  g_print ("\n");
  for (guint r = 0; r < json_array_get_length (rows); r++)
    {
      JsonObject *row = json_array_get_object_element (rows, r);

      for (guint c = 0; columns[c] != NULL; c++)
        {
          if (c)
            g_print ("\t");
          fc_cli_print_value (json_object_get_member (row, columns[c]));
        }
      g_print ("\n");
    }
}
