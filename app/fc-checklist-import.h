/* fc-checklist-import.h: the shipped checklist templates, and putting templates into a store */
#pragma once

#include "fc-checklist.h"
#include "fc-store.h"

G_BEGIN_DECLS

GPtrArray *fc_checklists_load_builtin   (GError            **error);
char      *fc_checklist_template_id     (const char         *code,
                                         const char         *version);
char      *fc_store_import_checklist    (FcStore            *store,
                                         const FcChecklist  *checklist,
                                         GError            **error);

G_END_DECLS
