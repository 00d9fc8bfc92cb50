/* fcs-commands.h: the subcommands of fieldcheck-server */
#pragma once

#include <glib.h>

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

int fcs_fail             (const GError *error);
int fcs_usage            (const char   *usage);

G_END_DECLS
