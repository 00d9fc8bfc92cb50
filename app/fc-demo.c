/* fc-demo.c: a deterministic demo district
 *
 * A fictional district in the hills by a river: about 65 elderly-care homes
 * and a handful of child-welfare, mental-health and rescue institutions across
 * ten towns, their equipment, a roster of experts and staff, the
 * responsibility grid, and a season of past inspections whose hazards stand in
 * every state of the lifecycle. Everything goes through the write API and the
 * hazard state machine, as a real season's work would. The same seed and day
 * give the same district.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "fc-checklist-import.h"
#include "fc-demo-photos.h"
#include "fc-demo.h"
#include "fc-equipment.h"
#include "fc-error.h"
#include "fc-hazards.h"
#include "fc-ids.h"
#include "fc-photos.h"
#include "fc-store-write.h"

typedef struct
{
  FcStore       *store;
  GRand         *rand;
  guint32        seed;
  GDate         *today;
  FcDemoSummary *summary;
  GPtrArray     *leaders;      /* person ids */
  GPtrArray     *cadres;
  GPtrArray     *experts;
  GPtrArray     *inspectors;
  GPtrArray     *verifiers;
  char          *admin;
  GHashTable    *templates;    /* facility type wire name -> special template id */
  char          *general_template;
  guint          counter;
  GBytes        *photos[FC_DEMO_PHOTO_VARIANTS];   /* drawn once, imported often */
} Demo;

static const char *const towns[] = {
  "云枫街道", "白鹤街道", "青岚镇", "临江镇", "竹溪镇",
  "南雅镇", "石泉镇", "大德镇", "金峰乡", "紫水乡",
};

static const char *const line_departments[] = {
  "养老服务科", "儿童福利科", "社会事务科", "社会救助科",
};

static const char *const family_names[] = {
  "陈", "李", "王", "张", "刘", "杨", "黄", "周", "吴", "徐", "谭", "冉", "向", "彭", "邓", "熊",
};

static const char *const given_names[] = {
  "建华", "晓燕", "志强", "丽娟", "国平", "海燕", "德明", "春梅", "家俊", "秀英",
  "世伟", "红梅", "正阳", "玉兰", "永康", "静怡", "立新", "小琴", "文彬", "思远",
};

static const char *const elderly_words[] = {
  "福寿", "康宁", "颐和", "夕阳红", "松柏", "乐龄", "安康", "长青", "和美", "慈济",
};

static const char *const elderly_suffixes[] = {
  "敬老院", "养老院", "颐养中心", "康养中心", "老年公寓",
};

typedef struct
{
  const char *kind;
  const char *name;
  const char *location;
} EquipmentKind;

static const EquipmentKind equipment_kinds[] = {
  { "extinguisher", "干粉灭火器", "一楼走廊" },
  { "extinguisher", "干粉灭火器", "二楼护理站" },
  { "hydrant", "室内消火栓", "楼梯间" },
  { "alarm_panel", "火灾报警控制器", "值班室" },
  { "emergency_light", "应急照明灯", "疏散走道" },
  { "exit_sign", "安全出口标志", "主出口" },
  { "fire_door", "常闭防火门", "楼梯间" },
  { "gas_valve", "燃气紧急切断阀", "厨房" },
  { "gas_alarm", "可燃气体报警器", "厨房" },
  { "stove", "燃气灶具", "厨房" },
  { "distribution_board", "配电箱", "一楼配电间" },
  { "cable_run", "吊顶内电气线路", "二楼走廊吊顶" },
  { "ebike_charger", "电动自行车集中充电桩", "室外车棚" },
  { "drain", "屋面排水口", "屋顶平台" },
  { "pump", "排涝水泵", "地下室" },
  { "lift", "乘客电梯", "主楼" },
};

typedef struct
{
  FcCategory   category;
  const char  *description;
  const char  *location;
  const char  *measures;
} HazardText;

static const HazardText general_hazards[] = {
  { FC_CATEGORY_FIRE_EXIT, "二楼疏散通道堆放轮椅和杂物", "二楼东侧走廊", "清理杂物，划设禁放标线，纳入每日巡查" },
  { FC_CATEGORY_FIRE_EXIT, "安全出口标志灯损坏，不亮", "一楼主出口", "更换标志灯并测试应急电源" },
  { FC_CATEGORY_FIRE_EXIT, "常闭防火门闭门器失效，门处于常开状态", "三楼楼梯间", "维修闭门器，张贴保持关闭提示" },
  { FC_CATEGORY_FIRE_EXIT, "灭火器压力不足", "一楼走廊", "更换灭火器并建立月检记录" },
  { FC_CATEGORY_GAS, "厨房燃气软管老化开裂", "厨房", "更换为不锈钢波纹管" },
  { FC_CATEGORY_GAS, "可燃气体报警器未与切断阀联动", "厨房", "委托燃气企业调试联动" },
  { FC_CATEGORY_GAS, "灶具无熄火保护装置", "厨房", "更换带熄火保护的灶具" },
  { FC_CATEGORY_ELECTRICAL, "吊顶内电线未穿管保护", "二楼走廊吊顶", "穿金属管重新敷设" },
  { FC_CATEGORY_ELECTRICAL, "老人居室私拉乱接插线板", "三楼 305 室", "拆除插线板，增设固定插座" },
  { FC_CATEGORY_ELECTRICAL, "配电箱无漏电保护，箱门缺失", "一楼配电间", "加装漏电保护器，修复箱门" },
  { FC_CATEGORY_ELECTRICAL, "电动自行车在楼梯间充电", "一楼楼梯间", "清出车辆，引导至室外充电桩" },
  { FC_CATEGORY_BUILDING, "外墙面砖空鼓脱落", "南侧外墙", "设置警戒，委托维修" },
  { FC_CATEGORY_BUILDING, "楼梯扶手松动", "二楼楼梯", "加固扶手" },
  { FC_CATEGORY_BUILDING, "卫生间地面无防滑措施", "各楼层卫生间", "铺设防滑地垫，加装扶手" },
  { FC_CATEGORY_DRAINAGE, "屋面排水口被落叶堵塞", "屋顶平台", "清理排水口，汛前每周检查" },
  { FC_CATEGORY_DRAINAGE, "地下室排涝水泵无法启动", "地下室", "维修水泵并备用沙袋" },
  { FC_CATEGORY_DRAINAGE, "未制定“一院一策”防汛转移预案", "机构", "制定预案并组织演练" },
  { FC_CATEGORY_OTHER, "食品留样记录不全", "厨房", "补齐留样记录，指定专人负责" },
  { FC_CATEGORY_OTHER, "夜间值班人员不足，无巡查记录", "值班室", "增配夜班人员，落实巡查记录" },
};

static const HazardText major_hazards[] = {
  { FC_CATEGORY_BUILDING, "经鉴定为 C 级危房，仍有老人居住", "北楼", "撤出老人，委托加固设计" },
  { FC_CATEGORY_FIRE_EXIT, "火灾自动报警系统停用", "全楼", "修复报警系统并委托维保" },
  { FC_CATEGORY_BUILDING, "违规使用易燃芯材彩钢板搭建老人活动用房", "后院", "拆除彩钢板房" },
  { FC_CATEGORY_OTHER, "电梯未经定期检验仍在使用", "主楼", "停用电梯，报检合格后启用" },
  { FC_CATEGORY_FIRE_EXIT, "安全出口锁闭，窗户防盗网无逃生口", "一楼", "拆除锁具，防盗网开设逃生口" },
};

/* "云枫街道" -> "云枫", "青岚镇" -> "青岚" */
static char *
town_stem (const char *town)
{
  static const char *const suffixes[] = { "街道", "镇", "乡" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (g_str_has_suffix (town, suffixes[i]))
      return g_strndup (town, strlen (town) - strlen (suffixes[i]));
  return g_strdup (town);
}

static char *
demo_id (Demo       *demo,
         const char *kind)
{
  g_autofree char *name = g_strdup_printf ("fieldcheck:demo:%u:%s:%u", demo->seed, kind, demo->counter++);

  return fc_id_derive (name);
}

static char *
person_name (Demo *demo)
{
  return g_strdup_printf ("%s%s",
                          family_names[g_rand_int_range (demo->rand, 0, G_N_ELEMENTS (family_names))],
                          given_names[g_rand_int_range (demo->rand, 0, G_N_ELEMENTS (given_names))]);
}

static char *
phone (Demo *demo)
{
  return g_strdup_printf ("1%d%09d", g_rand_int_range (demo->rand, 30, 99),
                          g_rand_int_range (demo->rand, 0, 999999999));
}

static char *
day_offset (Demo *demo,
            int   days)
{
  g_autoptr(GDate) d = g_date_copy (demo->today);
  char buf[16];

  if (days >= 0)
    g_date_add_days (d, (guint) days);
  else
    g_date_subtract_days (d, (guint) -days);
  g_date_strftime (buf, sizeof buf, "%Y-%m-%d", d);
  return g_strdup (buf);
}

static char *
time_offset (Demo *demo,
             int   days,
             int   hour)
{
  g_autofree char *day = day_offset (demo, days);

  return g_strdup_printf ("%sT%02d:%02d:00+08:00", day, hour, g_rand_int_range (demo->rand, 0, 60));
}

static char *
add_person (Demo        *demo,
            const char  *roles,
            const char  *organisation,
            const char  *domain,
            const char  *login,
            GError     **error)
{
  g_autofree char *id = demo_id (demo, "person");
  g_autofree char *name = person_name (demo);
  g_autofree char *tel = phone (demo);
  g_autoptr(FcOp) op = fc_op_new_insert ("person", id);

  fc_op_set_string (op, "name", name);
  fc_op_set_string (op, "organisation", organisation);
  fc_op_set_string (op, "phone", tel);
  fc_op_set_string (op, "roles", roles);
  fc_op_set_string (op, "expert_domain", domain);
  fc_op_set_string (op, "login", login);
  if (!fc_store_write (demo->store, op, error))
    return NULL;
  demo->summary->people++;
  return g_steal_pointer (&id);
}

static gboolean
add_roster (Demo    *demo,
            GError **error)
{
  static const struct { const char *domain; const char *org; guint n; } expert_pools[] = {
    { "fire", "区消防救援支队", 3 },
    { "housing", "区住房和城乡建设委员会", 2 },
    { "market_regulation", "区市场监督管理局", 2 },
  };
  char login[32];
  char *id;

  for (guint i = 0; i < 4; i++)
    {
      g_snprintf (login, sizeof login, "leader%u", i + 1);
      if (!(id = add_person (demo, "leader", "区民政局", NULL, login, error)))
        return FALSE;
      g_ptr_array_add (demo->leaders, id);
    }
  for (guint i = 0; i < 12; i++)
    {
      g_snprintf (login, sizeof login, "staff%u", i + 1);
      if (!(id = add_person (demo, "staff,inspector", "区民政局", NULL, login, error)))
        return FALSE;
      g_ptr_array_add (demo->cadres, id);
    }
  for (guint p = 0; p < G_N_ELEMENTS (expert_pools); p++)
    for (guint i = 0; i < expert_pools[p].n; i++)
      {
        g_snprintf (login, sizeof login, "%s%u", expert_pools[p].domain, i + 1);
        if (!(id = add_person (demo, "expert,inspector", expert_pools[p].org,
                               expert_pools[p].domain, login, error)))
          return FALSE;
        g_ptr_array_add (demo->experts, id);
      }
  for (guint i = 0; i < 3; i++)
    {
      g_snprintf (login, sizeof login, "inspector%u", i + 1);
      if (!(id = add_person (demo, "inspector", "区民政局", NULL, login, error)))
        return FALSE;
      g_ptr_array_add (demo->inspectors, id);
    }
  for (guint i = 0; i < 3; i++)
    {
      g_snprintf (login, sizeof login, "verifier%u", i + 1);
      if (!(id = add_person (demo, "verifier", i < 2 ? "区民政局" : "渝安安全技术评价有限公司",
                             NULL, login, error)))
        return FALSE;
      g_ptr_array_add (demo->verifiers, id);
    }
  demo->admin = add_person (demo, "admin,staff", "区民政局", NULL, "admin", error);
  return demo->admin != NULL;
}

static gboolean
add_templates (Demo    *demo,
               GError **error)
{
  g_autoptr(GPtrArray) checklists = fc_checklists_load_builtin (error);

  if (checklists == NULL)
    return FALSE;
  for (guint i = 0; i < checklists->len; i++)
    {
      const FcChecklist *checklist = g_ptr_array_index (checklists, i);
      g_autofree char *id = fc_store_import_checklist (demo->store, checklist, error);

      if (id == NULL)
        return FALSE;
      if (g_str_equal (checklist->code, "general"))
        demo->general_template = g_steal_pointer (&id);
      else
        for (guint t = 0; t < FC_N_FACILITY_TYPES; t++)
          if (checklist->institution_types == (1u << t))
            g_hash_table_insert (demo->templates,
                                 (gpointer) fc_facility_type_to_string ((FcFacilityType) t),
                                 g_strdup (id));
    }
  if (demo->general_template == NULL)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_NOT_FOUND, _("The general checklist is missing"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
add_equipment (Demo        *demo,
               const char  *facility_id,
               guint        facility_no,
               GError     **error)
{
  guint n = (guint) g_rand_int_range (demo->rand, 8, G_N_ELEMENTS (equipment_kinds) + 1);

  for (guint i = 0; i < n; i++)
    {
      const EquipmentKind *kind = &equipment_kinds[i];
      g_autofree char *id = demo_id (demo, "equipment");
      g_autofree char *tag = g_strdup_printf ("%03u%03u", facility_no, i + 1);
      g_autofree char *installed = day_offset (demo, -g_rand_int_range (demo->rand, 400, 3000));
      g_autofree char *serviced = day_offset (demo, -g_rand_int_range (demo->rand, 10, 400));
      g_autofree char *expires = day_offset (demo, g_rand_int_range (demo->rand, -30, 900));
      g_autoptr(FcOp) op = fc_op_new_insert ("equipment", id);

      fc_op_set_string (op, "facility_id", facility_id);
      fc_op_set_string (op, "kind", kind->kind);
      fc_op_set_string (op, "name", kind->name);
      fc_op_set_string (op, "location", kind->location);
      fc_op_set_string (op, "tag_code", tag);
      fc_op_set_string (op, "installed_on", installed);
      fc_op_set_string (op, "last_serviced_on", serviced);
      fc_op_set_string (op, "expires_on", expires);
      if (!fc_store_write (demo->store, op, error))
        return FALSE;
      demo->summary->equipment++;
    }
  return TRUE;
}

static const char *
pick (Demo      *demo,
      GPtrArray *ids)
{
  return g_ptr_array_index (ids, g_rand_int_range (demo->rand, 0, (gint32) ids->len));
}

static gboolean
add_member (Demo        *demo,
            const char  *inspection_id,
            const char  *person_id,
            const char  *role,
            const char  *domain,
            GError     **error)
{
  g_autofree char *id = demo_id (demo, "member");
  g_autoptr(FcOp) op = fc_op_new_insert ("inspection_member", id);

  fc_op_set_string (op, "inspection_id", inspection_id);
  fc_op_set_string (op, "person_id", person_id);
  fc_op_set_string (op, "role", role);
  fc_op_set_string (op, "expert_domain", domain);
  return fc_store_write (demo->store, op, error);
}

static gboolean
add_photo (Demo        *demo,
           const char  *hazard_id,
           const char  *purpose,
           const char  *at,
           GError     **error)
{
  g_autofree char *id = demo_id (demo, "photo");
  g_autofree char *photo = NULL;
  /* Real bytes through the photo store, so `photo verify` is clean on a demo
   * store; the picture follows from the id, leaving the random stream alone. */
  guint variant = g_str_hash (id) % (FC_DEMO_PHOTO_VARIANTS / 2) * 2 + g_str_equal (purpose, "after");
  FcPhotoTarget target = { "hazard", hazard_id, purpose, FALSE, FALSE, 0, 0, at, id };

  if (demo->photos[variant] == NULL)
    demo->photos[variant] = fc_demo_photo_jpeg (variant, error);
  if (demo->photos[variant] == NULL)
    return FALSE;
  photo = fc_photos_import (demo->store, demo->photos[variant], &target, error);
  return photo != NULL;
}

typedef enum
{
  FATE_OPEN,
  FATE_RECTIFYING,
  FATE_AWAITING,
  FATE_CLOSED,
  FATE_REOPENED,
} Fate;

/* Walks a hazard along its lifecycle as the people of the district would. */
static gboolean
live_hazard (Demo        *demo,
             const char  *hazard_id,
             const char  *manager_id,
             gboolean     major,
             Fate         fate,
             int          found_day,
             GError     **error)
{
  FcStore *store = demo->store;
  g_autofree char *t1 = time_offset (demo, found_day + 2, 10);
  g_autofree char *t2 = time_offset (demo, found_day + 12, 15);
  g_autofree char *t3 = time_offset (demo, found_day + 16, 9);
  g_autofree char *t4 = time_offset (demo, found_day + 40, 14);
  g_autofree char *t5 = time_offset (demo, found_day + 44, 10);
  const char *verifier = pick (demo, demo->verifiers);

  if (major)
    {
      fc_store_set_user (store, pick (demo, demo->leaders));
      if (!fc_hazards_supervise (store, hazard_id, t1, fc_store_get_user (store),
                                 line_departments[g_rand_int_range (demo->rand, 0, 4)], error))
        return FALSE;
    }
  if (fate == FATE_OPEN)
    return TRUE;

  fc_store_set_user (store, manager_id);
  if (!fc_hazards_transition_at (store, hazard_id, FC_HAZARD_ACTION_START_RECTIFICATION,
                                 NULL, NULL, t1, error))
    return FALSE;
  if (fate == FATE_RECTIFYING)
    return TRUE;

  if (!add_photo (demo, hazard_id, "after", t2, error) ||
      !fc_hazards_transition_at (store, hazard_id, FC_HAZARD_ACTION_SUBMIT_FOR_ACCEPTANCE,
                                 "整改完成，申请验收", NULL, t2, error))
    return FALSE;
  if (fate == FATE_AWAITING)
    return TRUE;

  fc_store_set_user (store, verifier);
  if (!fc_hazards_transition_at (store, hazard_id, FC_HAZARD_ACTION_ACCEPT,
                                 "现场核查整改到位，同意销号", NULL, t3, error))
    return FALSE;
  if (fate == FATE_CLOSED)
    return TRUE;

  fc_store_set_user (store, pick (demo, demo->inspectors));
  if (!fc_hazards_transition_at (store, hazard_id, FC_HAZARD_ACTION_REOPEN,
                                 "回头看发现问题反弹", NULL, t4, error))
    return FALSE;
  fc_store_set_user (store, manager_id);
  return fc_hazards_transition_at (store, hazard_id, FC_HAZARD_ACTION_START_RECTIFICATION,
                                   "再次整改", NULL, t5, error);
}

static Fate
pick_fate (Demo *demo,
           int   found_day)
{
  int r = g_rand_int_range (demo->rand, 0, 100);

  /* Old hazards are mostly closed; recent ones are still moving. */
  if (found_day < -60)
    return r < 84 ? FATE_CLOSED : r < 90 ? FATE_REOPENED : r < 95 ? FATE_AWAITING : FATE_RECTIFYING;
  return r < 30 ? FATE_OPEN : r < 65 ? FATE_RECTIFYING : r < 85 ? FATE_AWAITING : FATE_CLOSED;
}

typedef struct
{
  char       *result_id;
  char       *item_id;
  FcCategory  category;
  char       *content;
  char       *criterion;     /* NULL for a general item */
  gboolean    expert_judgement;
} Failure;

static void
failure_free (Failure *f)
{
  g_free (f->result_id);
  g_free (f->item_id);
  g_free (f->content);
  g_free (f->criterion);
  g_free (f);
}

static const HazardText *
hazard_text_for (Demo             *demo,
                 const HazardText *texts,
                 guint             n_texts,
                 FcCategory        category)
{
  guint matches = 0;
  guint chosen;

  for (guint i = 0; i < n_texts; i++)
    matches += texts[i].category == category;
  if (matches == 0)
    return NULL;
  chosen = (guint) g_rand_int_range (demo->rand, 0, (gint32) matches);
  for (guint i = 0; i < n_texts; i++)
    if (texts[i].category == category && chosen-- == 0)
      return &texts[i];
  return NULL;
}

static gboolean
record_failures (Demo        *demo,
                 const char  *facility_id,
                 const char  *inspection_id,
                 const char  *manager_id,
                 const char  *recorder_id,
                 const char  *found_at,
                 int          day,
                 GPtrArray   *failures,
                 GError     **error)
{
  for (guint i = 0; i < failures->len; i++)
    {
      const Failure *f = g_ptr_array_index (failures, i);
      gboolean major = f->criterion != NULL;
      const HazardText *text = major
        ? hazard_text_for (demo, major_hazards, G_N_ELEMENTS (major_hazards), f->category)
        : hazard_text_for (demo, general_hazards, G_N_ELEMENTS (general_hazards), f->category);
      g_autofree char *hazard_id = demo_id (demo, "hazard");
      g_autofree char *recorded = NULL;
      FcHazardRecord record = {
        .id = hazard_id,
        .facility_id = facility_id,
        .source = "inspection",
        .inspection_id = inspection_id,
        .result_id = f->result_id,
        .item_id = f->item_id,
        .category = f->category,
        .description = text ? text->description : f->content,
        .location = text ? text->location : NULL,
        .level = major ? FC_HAZARD_LEVEL_MAJOR : FC_HAZARD_LEVEL_GENERAL,
        .criterion = f->criterion,
        .expert_judgement = f->expert_judgement,
        .responsible_party = "机构负责人",
        .measures = text ? text->measures : NULL,
        .found_at = found_at,
      };
      Fate fate = pick_fate (demo, day);

      /* Major hazards of a season ago were all closed out under supervision. */
      if (major && day < -60)
        fate = FATE_CLOSED;
      fc_store_set_user (demo->store, recorder_id);
      recorded = fc_hazards_record (demo->store, &record, error);
      if (recorded == NULL ||
          !live_hazard (demo, hazard_id, manager_id, major, fate, day, error))
        return FALSE;
      demo->summary->hazards++;
      demo->summary->hazards_major += major;
      demo->summary->hazards_closed += fate == FATE_CLOSED;
    }
  return TRUE;
}

static gboolean
add_inspection (Demo        *demo,
                const char  *facility_id,
                const char  *manager_id,
                const char  *template_id,
                int          day,
                GError     **error)
{
  FcStore *store = demo->store;
  g_autofree char *id = demo_id (demo, "inspection");
  g_autofree char *started = time_offset (demo, day, 9);
  g_autofree char *finished = time_offset (demo, day, 16);
  g_autoptr(FcOp) op = fc_op_new_insert ("inspection", id);
  g_autoptr(sqlite3_stmt) items = NULL;
  g_autoptr(GPtrArray) failures = g_ptr_array_new_with_free_func ((GDestroyNotify) failure_free);
  const char *fire_expert = g_ptr_array_index (demo->experts, g_rand_int_range (demo->rand, 0, 3));
  const char *housing_expert = g_ptr_array_index (demo->experts, g_rand_int_range (demo->rand, 3, 5));
  const char *staff = pick (demo, demo->cadres);

  fc_store_set_user (store, staff);
  fc_op_set_string (op, "facility_id", facility_id);
  fc_op_set_string (op, "template_id", template_id);
  fc_op_set_string (op, "kind", "joint_diagnosis");
  fc_op_set_string (op, "started_at", started);
  fc_op_set_string (op, "finished_at", finished);
  fc_op_set_string (op, "created_by", staff);
  if (!fc_store_write (store, op, error) ||
      !add_member (demo, id, staff, "staff", NULL, error) ||
      !add_member (demo, id, fire_expert, "expert", "fire", error) ||
      !add_member (demo, id, housing_expert, "expert", "housing", error))
    return FALSE;
  demo->summary->inspections++;

  items = fc_store_prepare (store, "SELECT id, category, content_zh, major_standard, major_clause, "
                                   "expert_judgement FROM checklist_item WHERE template_id = ? "
                                   "ORDER BY position", error);
  if (items == NULL)
    return FALSE;
  sqlite3_bind_text (items, 1, template_id, -1, SQLITE_STATIC);
  while (sqlite3_step (items) == SQLITE_ROW)
    {
      g_autofree char *result_id = demo_id (demo, "result");
      g_autoptr(FcOp) result = fc_op_new_insert ("result", result_id);
      const char *item_id = (const char *) sqlite3_column_text (items, 0);
      const char *category = (const char *) sqlite3_column_text (items, 1);
      gboolean major = sqlite3_column_type (items, 3) != SQLITE_NULL;
      int r = g_rand_int_range (demo->rand, 0, 1000);
      gboolean fail = major ? r < 25 : r < 40;
      const char *answer = fail ? "fail" : r > 900 ? "na" : "pass";
      const char *author = g_str_equal (category, "fire_exit") || g_str_equal (category, "electrical")
                           ? fire_expert : g_str_equal (category, "building") ? housing_expert : staff;

      fc_store_set_user (store, author);
      fc_op_set_string (result, "inspection_id", id);
      fc_op_set_string (result, "item_id", item_id);
      fc_op_set_string (result, "answer", answer);
      fc_op_set_string (result, "author_id", author);
      fc_op_set_string (result, "recorded_at", started);
      if (!fc_store_write (store, result, error))
        return FALSE;
      demo->summary->results++;
      if (fail)
        {
          Failure *f = g_new0 (Failure, 1);

          f->result_id = g_strdup (result_id);
          f->item_id = g_strdup (item_id);
          fc_category_from_string (category, &f->category);
          f->content = g_strdup ((const char *) sqlite3_column_text (items, 2));
          if (major)
            f->criterion = g_strdup_printf ("%s %s", sqlite3_column_text (items, 3),
                                            sqlite3_column_text (items, 4));
          f->expert_judgement = sqlite3_column_int (items, 5);
          g_ptr_array_add (failures, f);
        }
    }

  return record_failures (demo, facility_id, id, manager_id, staff, started, day, failures, error);
}

static gboolean
add_facility (Demo            *demo,
              FcFacilityType   type,
              guint            number,
              GError         **error)
{
  FcStore *store = demo->store;
  const char *town = towns[number % G_N_ELEMENTS (towns)];
  g_autofree char *id = demo_id (demo, "facility");
  g_autofree char *name = NULL;
  g_autofree char *address = NULL;
  g_autofree char *legal_rep = person_name (demo);
  g_autofree char *legal_phone = phone (demo);
  g_autofree char *officer = person_name (demo);
  g_autofree char *officer_phone = phone (demo);
  g_autofree char *manager = NULL;
  g_autofree char *assignment_id = NULL;
  g_autofree char *login = g_strdup_printf ("manager%u", number + 1);
  g_autofree char *place = town_stem (town);
  g_autoptr(FcOp) op = fc_op_new_insert ("facility", id);
  g_autoptr(FcOp) assign = NULL;
  const char *special;
  guint leader = number % demo->leaders->len;

  switch (type)
    {
    case FC_FACILITY_ELDERLY_CARE:
      /* The town comes from number % 10 and the word from number / 10: no two alike. */
      name = g_strdup_printf ("%s%s%s", place,
                              elderly_words[(number / G_N_ELEMENTS (towns)) % G_N_ELEMENTS (elderly_words)],
                              elderly_suffixes[(number / 10 + number) % G_N_ELEMENTS (elderly_suffixes)]);
      break;
    case FC_FACILITY_CHILD_WELFARE:
      name = g_strdup_printf ("%s儿童福利院", place);
      break;
    case FC_FACILITY_MENTAL_HEALTH:
      name = g_strdup_printf ("%s精神卫生福利院", place);
      break;
    case FC_FACILITY_RESCUE_STATION:
      name = g_strdup_printf ("%s救助管理站", place);
      break;
    case FC_FACILITY_OTHER:
    case FC_N_FACILITY_TYPES:
    default:
      name = g_strdup_printf ("%s社会福利中心", place);
    }
  address = g_strdup_printf ("%s%s路%u号", town, given_names[number % G_N_ELEMENTS (given_names)],
                             g_rand_int_range (demo->rand, 1, 300));

  manager = add_person (demo, "facility_manager", name, NULL, login, error);
  if (manager == NULL)
    return FALSE;

  fc_store_set_user (store, demo->admin);
  fc_op_set_string (op, "type", fc_facility_type_to_string (type));
  fc_op_set_string (op, "name", name);
  fc_op_set_string (op, "town", town);
  fc_op_set_string (op, "address", address);
  fc_op_set_int (op, "beds", type == FC_FACILITY_RESCUE_STATION ? g_rand_int_range (demo->rand, 20, 60)
                             : g_rand_int_range (demo->rand, 30, 320));
  fc_op_set_string (op, "legal_rep", legal_rep);
  fc_op_set_string (op, "legal_rep_phone", legal_phone);
  fc_op_set_string (op, "safety_officer", officer);
  fc_op_set_string (op, "safety_officer_phone", officer_phone);
  fc_op_set_string (op, "area_leader_id", g_ptr_array_index (demo->leaders, leader));
  fc_op_set_string (op, "line_department", line_departments[type == FC_FACILITY_ELDERLY_CARE ? 0 :
                                                              type == FC_FACILITY_CHILD_WELFARE ? 1 :
                                                              type == FC_FACILITY_RESCUE_STATION ? 3 : 2]);
  fc_op_set_string (op, "point_cadre_id", g_ptr_array_index (demo->cadres, number % demo->cadres->len));
  if (!fc_store_write (store, op, error))
    return FALSE;
  demo->summary->facilities++;

  assignment_id = demo_id (demo, "assignment");
  assign = fc_op_new_insert ("assignment", assignment_id);
  fc_op_set_string (assign, "person_id", manager);
  fc_op_set_string (assign, "facility_id", id);
  fc_op_set_string (assign, "role", "facility_manager");
  if (!fc_store_write (store, assign, error) ||
      !add_equipment (demo, id, number + 1, error))
    return FALSE;

  /* One joint diagnosis on the general checklist a season ago; many also had
   * a special-checklist visit more recently. */
  if (!add_inspection (demo, id, manager, demo->general_template,
                       -g_rand_int_range (demo->rand, 90, 200), error))
    return FALSE;
  special = g_hash_table_lookup (demo->templates, fc_facility_type_to_string (type));
  if (special != NULL && number % 2 == 0 &&
      !add_inspection (demo, id, manager, special, -g_rand_int_range (demo->rand, 5, 50), error))
    return FALSE;
  return TRUE;
}

/**
 * fc_demo_generate:
 * @store: an empty store
 * @today: YYYY-MM-DD; the district's history ends on this day
 * @seed: the same seed and day give the same district
 * @summary: (out) (optional): what was made
 * @error: return location for an error
 *
 * Fills @store with a demo district in one transaction.
 */
gboolean
fc_demo_generate (FcStore        *store,
                  const char     *today,
                  guint32         seed,
                  FcDemoSummary  *summary,
                  GError        **error)
{
  static const struct { FcFacilityType type; guint n; } mix[] = {
    { FC_FACILITY_ELDERLY_CARE, 65 },
    { FC_FACILITY_CHILD_WELFARE, 3 },
    { FC_FACILITY_MENTAL_HEALTH, 2 },
    { FC_FACILITY_RESCUE_STATION, 2 },
  };
  FcDemoSummary local_summary = { 0 };
  Demo demo = { 0 };
  guint y, m, d;
  guint number = 0;
  gboolean ok = FALSE;
  g_autofree char *previous_user = g_strdup (fc_store_get_user (store));

  g_return_val_if_fail (FC_IS_STORE (store), FALSE);
  g_return_val_if_fail (today != NULL, FALSE);

  if (sscanf (today, "%4u-%2u-%2u", &y, &m, &d) != 3 ||
      !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID, _("“%s” is not a date"), today);
      return FALSE;
    }

  demo.store = store;
  demo.seed = seed;
  demo.rand = g_rand_new_with_seed (seed);
  demo.today = g_date_new_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
  demo.summary = summary ? summary : &local_summary;
  memset (demo.summary, 0, sizeof *demo.summary);
  demo.leaders = g_ptr_array_new_with_free_func (g_free);
  demo.cadres = g_ptr_array_new_with_free_func (g_free);
  demo.experts = g_ptr_array_new_with_free_func (g_free);
  demo.inspectors = g_ptr_array_new_with_free_func (g_free);
  demo.verifiers = g_ptr_array_new_with_free_func (g_free);
  demo.templates = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  if (!fc_store_begin (store, error))
    goto out;
  if (!add_templates (&demo, error) || !add_roster (&demo, error))
    goto fail;
  /* Tags name the district; no province code starts with 99: no demo tag passes for real. */
  if (!fc_equipment_set_district (store, FC_DEMO_DISTRICT, error))
    goto fail;
  for (guint i = 0; i < G_N_ELEMENTS (mix); i++)
    for (guint n = 0; n < mix[i].n; n++)
      if (!add_facility (&demo, mix[i].type, number++, error))
        goto fail;
  /* The demo signs in as the first inspector, a person a new user can be. */
  fc_store_set_user (store, g_ptr_array_index (demo.inspectors, 0));
  if (!fc_store_commit (store, error))
    goto fail;
  ok = TRUE;
  goto out;

fail:
  fc_store_rollback (store);
  fc_store_set_user (store, previous_user);
out:
  g_rand_free (demo.rand);
  g_date_free (demo.today);
  g_ptr_array_unref (demo.leaders);
  g_ptr_array_unref (demo.cadres);
  g_ptr_array_unref (demo.experts);
  g_ptr_array_unref (demo.inspectors);
  g_ptr_array_unref (demo.verifiers);
  g_hash_table_unref (demo.templates);
  for (guint i = 0; i < FC_DEMO_PHOTO_VARIANTS; i++)
    g_clear_pointer (&demo.photos[i], g_bytes_unref);
  g_free (demo.admin);
  g_free (demo.general_template);
  return ok;
}
