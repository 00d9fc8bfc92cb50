/* fc-whistle.h: whistle-blower reports (安全吹哨人) — record, triage into a hazard, dismiss, commend */
#pragma once

#include <json-glib/json-glib.h>

#include "fc-op.h"
#include "fc-store.h"
#include "fc-types.h"

G_BEGIN_DECLS

typedef enum
{
  FC_WHISTLE_PHONE,
  FC_WHISTLE_EMAIL,
  FC_WHISTLE_ONLINE,
  FC_WHISTLE_IN_PERSON,
  FC_N_WHISTLE_CHANNELS
} FcWhistleChannel;

typedef struct
{
  FcWhistleChannel  channel;
  gboolean          anonymous;
  const char       *reporter_name;     /* required unless anonymous */
  const char       *reporter_contact;  /* optional, even when anonymous: for questions back */
  const char       *facility_id;
  const char       *description;
  const char       *location;
  const char       *received_at;       /* ISO 8601; NULL for now */
} FcWhistleReport;

typedef struct
{
  const char *status;        /* new, triaged, dismissed; NULL for any */
  const char *facility_id;
  const char *since;         /* received on or after this day, YYYY-MM-DD */
  const char *until;         /* received on or before this day */
  gboolean    commended_only;
} FcWhistleFilter;

const char *fc_whistle_channel_to_string   (FcWhistleChannel        channel);
gboolean    fc_whistle_channel_from_string (const char             *str,
                                            FcWhistleChannel       *out);
const char *fc_whistle_channel_label       (FcWhistleChannel        channel);

char       *fc_whistle_record              (FcStore                *store,
                                            const FcWhistleReport  *report,
                                            GError                **error);
char       *fc_whistle_triage              (FcStore                *store,
                                            const char             *report_id,
                                            FcCategory              category,
                                            FcHazardLevel           level,
                                            const char             *description,
                                            const char             *deadline,
                                            GError                **error);
gboolean    fc_whistle_dismiss             (FcStore                *store,
                                            const char             *report_id,
                                            const char             *reason,
                                            GError                **error);
gboolean    fc_whistle_commend             (FcStore                *store,
                                            const char             *report_id,
                                            const char             *note,
                                            GError                **error);
JsonArray  *fc_whistle_list                (FcStore                *store,
                                            const FcWhistleFilter  *filter,
                                            GError                **error);
gboolean    fc_whistle_check_action_op     (FcStore                *store,
                                            const FcOp             *op,
                                            GError                **error);

G_END_DECLS
