/* fc-sign-in.h: signing in on the device, also offline */
#pragma once

#include "fc-store.h"

G_BEGIN_DECLS

#define FC_SIGN_IN_ERROR (fc_sign_in_error_quark ())

typedef enum
{
  /* No such login, or a wrong password: one sentence for both. */
  FC_SIGN_IN_ERROR_REFUSED,
  FC_SIGN_IN_ERROR_DISABLED,
  /* Too many failures in a row; wait before the next attempt. */
  FC_SIGN_IN_ERROR_THROTTLED,
  /* The device keeps no verifiers: nobody can sign in with a password. */
  FC_SIGN_IN_ERROR_NO_VERIFIERS,
} FcSignInErrorCode;

/* Failures in a row that cost no wait; each further one doubles the wait. */
#define FC_SIGN_IN_FREE_FAILURES      5
#define FC_SIGN_IN_FIRST_WAIT_MS      (30 * 1000)
#define FC_SIGN_IN_MAX_WAIT_MS        (15 * 60 * 1000)

/* Meta keys of the throttle. */
#define FC_SIGN_IN_META_FAILURES      "sign_in_failures"
#define FC_SIGN_IN_META_LAST_FAILURE  "sign_in_last_failure_ms"

typedef struct
{
  char *person_id;
  char *login;
  char *name;
} FcSignInPerson;

GQuark      fc_sign_in_error_quark    (void);

gboolean    fc_sign_in_has_verifiers  (FcStore      *store);
GPtrArray  *fc_sign_in_list_people    (FcStore      *store,
                                       GError      **error);
gint64      fc_sign_in_get_wait_ms    (FcStore      *store);
gboolean    fc_sign_in_may_act        (FcStore      *store,
                                       const char   *person_id);
gboolean    fc_sign_in_check_acting   (FcStore      *store);
char       *fc_sign_in_verify         (FcStore      *store,
                                       const char   *login,
                                       const char   *password,
                                       GError      **error);
void        fc_sign_in_person_free    (FcSignInPerson *person);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcSignInPerson, fc_sign_in_person_free)

G_END_DECLS
