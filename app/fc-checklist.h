/* fc-checklist.h: checklist template files — parse, validate, hold in memory.
 *
 * The file format is documented in schemas/checklists/FORMAT.md.
 */
#pragma once

#include <glib.h>

#include "fc-types.h"

G_BEGIN_DECLS

typedef enum
{
  FC_ANSWER_PASS_FAIL_NA,
  FC_ANSWER_NUMBER,
  FC_ANSWER_TEXT,
  FC_ANSWER_CHOICE,
} FcAnswerType;

typedef enum
{
  FC_METHOD_LOOK      = 1 << 0,
  FC_METHOD_TEST      = 1 << 1,
  FC_METHOD_ASK       = 1 << 2,
  FC_METHOD_MEASURE   = 1 << 3,
  FC_METHOD_DOCUMENTS = 1 << 4,
} FcMethods;

typedef enum
{
  FC_VERIFICATION_VERIFIED,   /* [V] */
  FC_VERIFICATION_PARTLY,     /* [P] */
  FC_VERIFICATION_UNVERIFIED, /* (unverified) */
} FcVerification;

typedef struct
{
  char *zh_CN;
  char *en;
} FcText;

typedef struct
{
  char   *code;
  FcText  label;
} FcChoice;

/* Present only on items whose failure is a major hazard under a judgment standard. */
typedef struct
{
  char           *standard;          /* "YL", "ET", "JS", "JZ" */
  char           *standard_version;  /* e.g. "民政部办公厅 2023-11-27" */
  char           *clause;            /* e.g. "第四条（一）" */
  FcVerification  verification;
  char           *source;            /* reference id, e.g. "S1" */
  gboolean        expert_judgement;  /* 需专家综合判定 */
} FcMajorCriterion;

typedef struct
{
  char             *code;            /* unique within the template */
  FcCategory        category;
  FcText            content;         /* 排查内容 */
  FcText            standard;        /* 排查标准 */
  FcMethods         methods;         /* 检查方式, at least one */
  FcRoles           responsible_role;
  FcAnswerType      answer_type;
  double            min;             /* FC_ANSWER_NUMBER; NAN when open */
  double            max;
  char             *unit;            /* FC_ANSWER_NUMBER, may be NULL */
  GPtrArray        *choices;         /* of FcChoice*, FC_ANSWER_CHOICE */
  GStrv             equipment_kinds; /* may be NULL */
  gboolean          photo_on_fail;
  FcMajorCriterion *major;           /* NULL when not a major-hazard item */
} FcChecklistItem;

typedef struct
{
  char      *code;              /* "general", "elderly_care", … */
  char      *version;           /* e.g. "2026.1" */
  FcText     title;
  guint      institution_types; /* bit set of 1 << FcFacilityType */
  GPtrArray *items;             /* of FcChecklistItem*, in walk order */
} FcChecklist;

FcChecklist *fc_checklist_load_file     (const char   *path,
                                         GError      **error);
FcChecklist *fc_checklist_load_data     (const char   *data,
                                         gssize        length,
                                         const char   *name_for_errors,
                                         GError      **error);
GPtrArray   *fc_checklist_load_dir      (const char   *dir,
                                         GError      **error);
void         fc_checklist_free          (FcChecklist  *checklist);
guint        fc_checklist_count_category (const FcChecklist *checklist,
                                          FcCategory         category);
const FcChecklistItem *fc_checklist_find_item (const FcChecklist *checklist,
                                               const char        *code);
const char  *fc_method_to_string        (FcMethods     method);
char        *fc_methods_to_string       (FcMethods     methods);
const char  *fc_answer_type_to_string   (FcAnswerType  type);
const char  *fc_verification_to_string  (FcVerification verification);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcChecklist, fc_checklist_free)

G_END_DECLS
