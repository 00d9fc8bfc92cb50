/* fc-walk.h: an inspection as the team walks it — the pinned template's items in
 * order, each with its latest answer, and the progress of every category */
#pragma once

#include "fc-checklist.h"
#include "fc-store.h"

G_BEGIN_DECLS

typedef struct
{
  char            *item_id;
  char            *code;
  guint            index;            /* position in the walk */
  FcCategory       category;
  char            *content_zh;
  char            *content_en;
  char            *standard_zh;
  char            *standard_en;
  FcMethods        methods;
  FcRoles          responsible_role;
  FcAnswerType     answer_type;
  double           min;              /* FC_ANSWER_NUMBER; NAN when open */
  double           max;
  char            *unit;
  GStrv            choice_codes;     /* FC_ANSWER_CHOICE */
  GStrv            choice_labels_zh;
  GStrv            choice_labels_en;
  GStrv            equipment_kinds;  /* may be NULL */
  gboolean         photo_on_fail;
  /* Set only when failing the item is a major hazard under a judgment standard. */
  char            *major_standard;
  char            *major_standard_version;
  char            *major_clause;
  FcVerification   major_verification;
  gboolean         expert_judgement;

  /* The latest answer; result_id is NULL while the item is unanswered. */
  char            *result_id;
  char            *answer;           /* pass, fail, na; the text; the choice code */
  gboolean         has_number;
  double           number;
  char            *note;
  char            *author_id;
  char            *recorded_at;
  guint            revisions;
  char            *hazard_id;        /* a hazard recorded from this item, if any */
} FcWalkItem;

typedef struct
{
  guint answered;
  guint total;
  guint failures;
} FcWalkProgress;

typedef struct
{
  char *id;
  char *kind;
  char *name;
  char *location;
  char *tag_code;
  char *expires_on;
} FcWalkEquipment;

typedef struct _FcWalk FcWalk;

FcWalk           *fc_walk_load               (FcStore       *store,
                                              const char    *inspection_id,
                                              GError       **error);
FcWalk           *fc_walk_ref                (FcWalk        *walk);
void              fc_walk_unref              (FcWalk        *walk);

const char       *fc_walk_get_inspection_id  (FcWalk        *walk);
const char       *fc_walk_get_facility_id    (FcWalk        *walk);
const char       *fc_walk_get_facility_name  (FcWalk        *walk);
const char       *fc_walk_get_template_title (FcWalk        *walk);
const char       *fc_walk_get_template_version (FcWalk      *walk);
const char       *fc_walk_get_kind           (FcWalk        *walk);
const char       *fc_walk_get_started_at     (FcWalk        *walk);
const char       *fc_walk_get_finished_at    (FcWalk        *walk);
gboolean          fc_walk_is_finished        (FcWalk        *walk);
const char       *fc_walk_get_section_owner  (FcWalk        *walk,
                                              FcCategory     category);
const char       *fc_walk_get_person_name    (FcWalk        *walk,
                                              const char    *person_id);

guint             fc_walk_get_n_items        (FcWalk        *walk);
const FcWalkItem *fc_walk_get_item           (FcWalk        *walk,
                                              guint          index);
int               fc_walk_find_item          (FcWalk        *walk,
                                              const char    *item_id);
int               fc_walk_first_in_category  (FcWalk        *walk,
                                              FcCategory     category);
int               fc_walk_next_unanswered    (FcWalk        *walk,
                                              int            after);
FcWalkProgress    fc_walk_get_progress       (FcWalk        *walk,
                                              int            category);
GPtrArray        *fc_walk_equipment_for_item (FcWalk        *walk,
                                              const FcWalkItem *item);

FcWalkItem       *fc_walk_item_load          (FcStore       *store,
                                              const char    *inspection_id,
                                              const char    *item_id,
                                              GError       **error);
void              fc_walk_item_free          (FcWalkItem    *item);
gboolean          fc_walk_item_is_failed     (const FcWalkItem *item);
const char       *fc_walk_item_content       (const FcWalkItem *item);
const char       *fc_walk_item_standard      (const FcWalkItem *item);
char             *fc_walk_item_answer_label  (const FcWalkItem *item);
char             *fc_walk_item_criterion     (const FcWalkItem *item);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcWalk, fc_walk_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FcWalkItem, fc_walk_item_free)

G_END_DECLS
