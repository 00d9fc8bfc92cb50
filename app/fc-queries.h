/* fc-queries.h: read queries shared by the CLI, the app and the reports */
#pragma once

#include <json-glib/json-glib.h>

#include "fc-store.h"

G_BEGIN_DECLS

JsonArray *fc_query_rows           (FcStore      *store,
                                    const char   *sql,
                                    const char  **params,
                                    GError      **error);
JsonArray *fc_queries_facilities   (FcStore      *store,
                                    const char   *user_id,
                                    const char   *today,
                                    GError      **error);
JsonObject *fc_queries_facility    (FcStore      *store,
                                    const char   *facility_id,
                                    const char   *today,
                                    GError      **error);
JsonArray *fc_queries_templates    (FcStore      *store,
                                    GError      **error);
JsonObject *fc_queries_hazard      (FcStore      *store,
                                    const char   *hazard_id,
                                    const char   *today,
                                    GError      **error);
JsonObject *fc_queries_ledger_choices (FcStore   *store,
                                    GError      **error);

G_END_DECLS
