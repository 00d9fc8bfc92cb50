/* test-district.h: a small district whose every hazard the ledger tests know by heart
 *
 * Two towns, three facilities with their responsibility grid, the people of
 * each role, and hazards in every state — written through the write API and
 * the state machine, on a store whose clock stands still on 2026-11-29.
 */
#pragma once

#include "fc-hazards.h"
#include "fc-store-write.h"
#include "test-util.h"

typedef struct
{
  gint64   wall;
  FcStore *store;
  char    *admin, *staff, *leader1, *leader2, *cadre1, *cadre2;
  char    *manager1, *manager2, *verifier, *third_party, *inspector;
  char    *f1, *f2, *f3;
  /* f1, 青岚镇: overdue open general; major rectifying under supervision */
  char    *h_overdue, *h_major_rectifying;
  /* f2, 云枫街道: awaiting acceptance; closed out; major open, not supervised */
  char    *h_awaiting, *h_closed, *h_major_open;
  /* f3, 云枫街道: reopened after a look-back; closed major */
  char    *h_reopened, *h_major_closed;
} District;

/* 2026-11-29T12:00:00+08:00 */
#define DISTRICT_WALL_MS G_GINT64_CONSTANT (1795924800000)
#define DISTRICT_TODAY "2026-11-29"

static inline char *
district_person (District   *d,
                 const char *name,
                 const char *roles,
                 const char *organisation)
{
  g_autoptr(FcOp) op = fc_op_new_insert ("person", NULL);
  g_autoptr(GError) error = NULL;

  fc_op_set_string (op, "name", name);
  fc_op_set_string (op, "roles", roles);
  fc_op_set_string (op, "organisation", organisation);
  g_assert_true (fc_store_write (d->store, op, &error));
  g_assert_no_error (error);
  return g_strdup (op->row_id);
}

static inline char *
district_facility (District   *d,
                   const char *name,
                   const char *town,
                   const char *leader,
                   const char *department,
                   const char *cadre,
                   const char *manager)
{
  g_autoptr(FcOp) op = fc_op_new_insert ("facility", NULL);
  g_autoptr(FcOp) assign = fc_op_new_insert ("assignment", NULL);
  g_autoptr(GError) error = NULL;

  fc_op_set_string (op, "type", "elderly_care");
  fc_op_set_string (op, "name", name);
  fc_op_set_string (op, "town", town);
  fc_op_set_string (op, "area_leader_id", leader);
  fc_op_set_string (op, "line_department", department);
  fc_op_set_string (op, "point_cadre_id", cadre);
  g_assert_true (fc_store_write (d->store, op, &error));
  g_assert_no_error (error);
  fc_op_set_string (assign, "person_id", manager);
  fc_op_set_string (assign, "facility_id", op->row_id);
  fc_op_set_string (assign, "role", "facility_manager");
  g_assert_true (fc_store_write (d->store, assign, &error));
  g_assert_no_error (error);
  return g_strdup (op->row_id);
}

static inline char *
district_hazard (District      *d,
                 const char    *facility,
                 FcCategory     category,
                 FcHazardLevel  level,
                 const char    *description,
                 const char    *found_at,
                 const char    *deadline)
{
  FcHazardRecord record = {
    .facility_id = facility, .category = category, .level = level, .description = description,
    .location = "二楼东侧走廊", .responsible_party = "机构负责人", .measures = "清理杂物",
    .found_at = found_at, .deadline = deadline,
  };
  g_autoptr(GError) error = NULL;
  char *id;

  fc_store_set_user (d->store, d->inspector);
  id = fc_hazards_record (d->store, &record, &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);
  return id;
}

static inline void
district_photo (District   *d,
                const char *hazard)
{
  g_autoptr(FcOp) op = fc_op_new_insert ("photo", NULL);

  fc_op_set_string (op, "sha256", "0000000000000000000000000000000000000000000000000000000000000000");
  fc_op_set_int (op, "size", 1000);
  fc_op_set_string (op, "mime", "image/jpeg");
  fc_op_set_string (op, "attached_kind", "hazard");
  fc_op_set_string (op, "attached_id", hazard);
  fc_op_set_string (op, "purpose", "after");
  g_assert_true (fc_store_write (d->store, op, NULL));
}

static inline void
district_move (District       *d,
               const char     *as,
               const char     *hazard,
               FcHazardAction  action,
               const char     *note,
               const char     *at)
{
  g_autoptr(GError) error = NULL;

  fc_store_set_user (d->store, as);
  g_assert_true (fc_hazards_transition_at (d->store, hazard, action, note, NULL, at, &error));
  g_assert_no_error (error);
}

static inline void
district_supervise (District   *d,
                    const char *hazard,
                    const char *leader)
{
  g_autoptr(GError) error = NULL;

  fc_store_set_user (d->store, leader);
  g_assert_true (fc_hazards_supervise (d->store, hazard, "2026-10-02T09:00:00+08:00", leader,
                                       "养老服务科", &error));
  g_assert_no_error (error);
}

/* Takes a hazard from open to closed out. */
static inline void
district_close (District   *d,
                const char *hazard,
                const char *manager,
                const char *at)
{
  district_move (d, manager, hazard, FC_HAZARD_ACTION_START_RECTIFICATION, NULL, at);
  district_photo (d, hazard);
  district_move (d, manager, hazard, FC_HAZARD_ACTION_SUBMIT_FOR_ACCEPTANCE, "整改完成", at);
  district_move (d, d->verifier, hazard, FC_HAZARD_ACTION_ACCEPT, "同意销号", at);
}

static inline void
district_setup (District   *d,
                const char *name)
{
  g_autofree char *path = test_scratch_path (name);
  g_autoptr(GError) error = NULL;

  d->wall = DISTRICT_WALL_MS;
  d->store = fc_store_open_full (path, test_fixed_wall, &d->wall, &error);
  g_assert_no_error (error);

  d->admin = district_person (d, "管理员", "admin,staff", "区民政局");
  fc_store_set_user (d->store, d->admin);
  d->staff = district_person (d, "谭立新", "staff,inspector", "区民政局");
  d->leader1 = district_person (d, "陈建华", "leader", "区民政局");
  d->leader2 = district_person (d, "李晓燕", "leader", "区民政局");
  d->cadre1 = district_person (d, "王志强", "staff", "区民政局");
  d->cadre2 = district_person (d, "张丽娟", "staff", "区民政局");
  d->manager1 = district_person (d, "刘国平", "facility_manager", "青岚福寿敬老院");
  d->manager2 = district_person (d, "杨海燕", "facility_manager", "云枫康宁养老院");
  d->verifier = district_person (d, "黄德明", "verifier", "区民政局");
  d->third_party = district_person (d, "周春梅", "verifier", "渝安安全技术评价有限公司");
  d->inspector = district_person (d, "吴家俊", "inspector", "区民政局");

  fc_store_set_user (d->store, d->admin);
  d->f1 = district_facility (d, "青岚福寿敬老院", "青岚镇", d->leader1, "养老服务科", d->cadre1,
                             d->manager1);
  d->f2 = district_facility (d, "云枫康宁养老院", "云枫街道", d->leader2, "养老服务科", d->cadre2,
                             d->manager2);
  d->f3 = district_facility (d, "云枫儿童福利院", "云枫街道", d->leader2, "儿童福利科", d->cadre2,
                             d->manager2);

  d->h_overdue = district_hazard (d, d->f1, FC_CATEGORY_FIRE_EXIT, FC_HAZARD_LEVEL_GENERAL,
                                  "二楼疏散通道堆放轮椅和杂物", "2026-09-01T10:00:00+08:00",
                                  "2026-10-01");
  d->h_major_rectifying = district_hazard (d, d->f1, FC_CATEGORY_BUILDING, FC_HAZARD_LEVEL_MAJOR,
                                           "经鉴定为 C 级危房，仍有老人居住",
                                           "2026-10-01T10:00:00+08:00", "2026-12-30");
  district_supervise (d, d->h_major_rectifying, d->leader1);
  district_move (d, d->manager1, d->h_major_rectifying, FC_HAZARD_ACTION_START_RECTIFICATION,
                 NULL, "2026-10-03T10:00:00+08:00");

  d->h_awaiting = district_hazard (d, d->f2, FC_CATEGORY_GAS, FC_HAZARD_LEVEL_GENERAL,
                                   "厨房燃气软管老化开裂", "2026-10-10T10:00:00+08:00",
                                   "2026-11-09");
  district_move (d, d->manager2, d->h_awaiting, FC_HAZARD_ACTION_START_RECTIFICATION, NULL,
                 "2026-10-11T10:00:00+08:00");
  district_photo (d, d->h_awaiting);
  district_move (d, d->manager2, d->h_awaiting, FC_HAZARD_ACTION_SUBMIT_FOR_ACCEPTANCE, "已更换",
                 "2026-11-01T10:00:00+08:00");

  d->h_closed = district_hazard (d, d->f2, FC_CATEGORY_ELECTRICAL, FC_HAZARD_LEVEL_GENERAL,
                                 "配电箱无漏电保护，箱门缺失", "2026-08-01T10:00:00+08:00",
                                 "2026-08-31");
  district_close (d, d->h_closed, d->manager2, "2026-08-20T10:00:00+08:00");

  d->h_major_open = district_hazard (d, d->f2, FC_CATEGORY_FIRE_EXIT, FC_HAZARD_LEVEL_MAJOR,
                                     "火灾自动报警系统停用", "2026-11-20T10:00:00+08:00",
                                     "2027-02-18");

  d->h_reopened = district_hazard (d, d->f3, FC_CATEGORY_DRAINAGE, FC_HAZARD_LEVEL_GENERAL,
                                   "屋面排水口被落叶堵塞", "2026-06-01T10:00:00+08:00",
                                   "2026-07-01");
  district_close (d, d->h_reopened, d->manager2, "2026-06-20T10:00:00+08:00");
  district_move (d, d->inspector, d->h_reopened, FC_HAZARD_ACTION_REOPEN, "回头看发现再次堵塞",
                 "2026-11-10T10:00:00+08:00");

  d->h_major_closed = district_hazard (d, d->f3, FC_CATEGORY_OTHER, FC_HAZARD_LEVEL_MAJOR,
                                       "电梯未经定期检验仍在使用", "2026-07-01T10:00:00+08:00",
                                       "2026-09-29");
  district_supervise (d, d->h_major_closed, d->leader2);
  district_close (d, d->h_major_closed, d->manager2, "2026-09-01T10:00:00+08:00");
}

static inline void
district_teardown (District *d)
{
  g_clear_object (&d->store);
  g_free (d->admin); g_free (d->staff); g_free (d->leader1); g_free (d->leader2);
  g_free (d->cadre1); g_free (d->cadre2); g_free (d->manager1); g_free (d->manager2);
  g_free (d->verifier); g_free (d->third_party); g_free (d->inspector);
  g_free (d->f1); g_free (d->f2); g_free (d->f3);
  g_free (d->h_overdue); g_free (d->h_major_rectifying); g_free (d->h_awaiting);
  g_free (d->h_closed); g_free (d->h_major_open); g_free (d->h_reopened);
  g_free (d->h_major_closed);
}
