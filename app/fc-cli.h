/* fc-cli.h: what the command groups of fieldcheck-cli share
 *
 * Each group of commands lives in its own fc-cli-GROUP.c and exports a table
 * ending with an empty entry; fc-cli.c lists the tables.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "fc-store.h"

G_BEGIN_DECLS

#define FC_CLI_EXIT_USAGE 2

typedef struct
{
  char     *db;
  gboolean  json;
  gboolean  demo;
  char     *today;
  int       seed;
} FcCliOptions;

/* argv[0] is the command's name; options of its own are still in argv. */
typedef int (*FcCliRun) (FcCliOptions *options,
                         int           argc,
                         char        **argv);

typedef struct
{
  const char *name;
  FcCliRun    run;
  const char *help;
} FcCliCommand;

FcStore *fc_cli_open_store  (FcCliOptions       *options,
                             GError            **error);
int      fc_cli_fail        (GError             *error);
int      fc_cli_usage       (const char         *usage);
void     fc_cli_print_value (JsonNode           *node);
void     fc_cli_print_rows  (FcCliOptions       *options,
                             JsonArray          *rows,
                             const char *const  *columns);
void     fc_cli_print_json  (JsonNode           *node);

extern const FcCliCommand fc_cli_store_commands[];
extern const FcCliCommand fc_cli_equipment_commands[];
extern const FcCliCommand fc_cli_photo_commands[];
extern const FcCliCommand fc_cli_edit_commands[];
extern const FcCliCommand fc_cli_sync_commands[];
extern const FcCliCommand fc_cli_ledger_commands[];

G_END_DECLS
