/* fcs-api.h: the requests of /api/v1 and their answers, without the sockets */
#pragma once

#include "fcs-ratelimit.h"
#include "fcs-storage.h"

G_BEGIN_DECLS

typedef struct
{
  FcsStorage   *storage;
  FcsRateLimit *rate_limit;
} FcsApi;

typedef struct
{
  const char *method;
  const char *path;
  const char *authorization;      /* the Authorization header */
  const char *content_encoding;
  const char *cursor;             /* query arguments of a pull */
  const char *limit;
  GBytes     *body;
} FcsRequest;

typedef struct
{
  guint   status;
  char   *body;                   /* JSON */
  gint64  retry_after_s;          /* > 0: send Retry-After */
} FcsResponse;

FcsResponse *fcs_api_handle        (FcsApi            *api,
                                    const FcsRequest  *request);
FcsResponse *fcs_response_new      (guint              status,
                                    char              *body);
FcsResponse *fcs_response_error    (guint              status,
                                    const char        *code,
                                    const char        *message);
FcsResponse *fcs_response_from_error (guint            status,
                                    const GError      *error);
void         fcs_response_free     (FcsResponse       *response);

/* The endpoints, each in its own file. */
FcsResponse *fcs_enroll_handle     (FcsApi            *api,
                                    const FcsRequest  *request);
FcsResponse *fcs_push_handle       (FcsApi            *api,
                                    const FcsDevice   *device,
                                    const FcsRequest  *request);
FcsResponse *fcs_pull_handle       (FcsApi            *api,
                                    const FcsDevice   *device,
                                    const FcsRequest  *request);
FcsResponse *fcs_verifiers_handle  (FcsApi            *api,
                                    const FcsDevice   *device,
                                    const FcsRequest  *request);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcsResponse, fcs_response_free)

G_END_DECLS
