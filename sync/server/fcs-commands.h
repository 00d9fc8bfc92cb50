/* fcs-commands.h: the subcommands of fieldcheck-server */
#pragma once

#include <glib.h>

#include "fcs-storage.h"

G_BEGIN_DECLS

typedef struct
{
  char     *data;
  char     *listen;
  char     *tls_cert;
  char     *tls_key;
  int       threads;
  double    rate;
  double    burst;
  gboolean  json;
  gboolean  demo;
  char     *today;
  int       seed;
  char     *name;
  char     *roles;
  gboolean  password_stdin;
  char     *user;
  int       ttl_minutes;
  char     *server_url;
  char     *png;
  char     *keep;
  char     *format;
  char     *out;
  char     *facility;
  char     *pdf;
  char     *date;
  gboolean  all;
} FcsOptions;

typedef int (*FcsCommand) (FcsOptions  *options,
                           int          argc,
                           char       **argv);

int fcs_cmd_init         (FcsOptions *options, int argc, char **argv);
int fcs_cmd_serve        (FcsOptions *options, int argc, char **argv);
int fcs_cmd_user         (FcsOptions *options, int argc, char **argv);
int fcs_cmd_assign       (FcsOptions *options, int argc, char **argv);
int fcs_cmd_enroll_token (FcsOptions *options, int argc, char **argv);
int fcs_cmd_devices      (FcsOptions *options, int argc, char **argv);
int fcs_cmd_status       (FcsOptions *options, int argc, char **argv);
int fcs_cmd_import       (FcsOptions *options, int argc, char **argv);
int fcs_cmd_conflicts    (FcsOptions *options, int argc, char **argv);
int fcs_cmd_import_facilities (FcsOptions *options, int argc, char **argv);
int fcs_cmd_ledger       (FcsOptions *options, int argc, char **argv);
int fcs_cmd_report       (FcsOptions *options, int argc, char **argv);

int fcs_fail             (const GError *error);
int fcs_usage            (const char   *usage);

/* For the commands that work on the server's store itself (fcs-admin-store.c). */
FcsStorage *fcs_admin_open_storage (FcsOptions  *options,
                                    GError     **error);
FcsStorage *fcs_admin_create_storage (FcsOptions  *options,
                                      GError     **error);
char       *fcs_admin_actor        (void);
gboolean    fcs_admin_set_user     (FcStore     *store,
                                    const char  *login,
                                    GError     **error);
gboolean    fcs_admin_audit        (FcStore     *store,
                                    const char  *actor,
                                    const char  *action,
                                    const char  *subject,
                                    const char  *detail,
                                    GError     **error);

G_END_DECLS
