/* test-closed-loop-sync.c: one hazard around the whole closed loop, across two
 * tablets and the district server
 *
 * Tablet A is the joint diagnosis team's: the inspector finds the hazard, and
 * later a verifier (not the rectifier) accepts it. Tablet B is the
 * institution's: its manager records the rectification plan and moves the
 * hazard on. The real fieldcheck-server runs on 127.0.0.1 between them, the
 * tablets are driven through fieldcheck-cli, and after every sync the three
 * stores must tell the same story.
 */

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "fc-hazards.h"
#include "fc-inspections.h"
#include "fc-sync-client.h"
#include "sync-test-util.h"

typedef struct
{
  TestServer  server;
  char       *server_db;
  char       *a;          /* the inspection team's tablet */
  char       *b;          /* the institution's tablet */
  char       *facility;
  char       *photo;      /* an after-photo on disk */
} Loop;

#define CLI(db, ...) g_free (test_cli_line (db, __VA_ARGS__, NULL))

static char *
person_id (Loop       *loop,
           const char *login)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM person WHERE login = '%s'", login);

  return g_strchomp (test_dump (loop->server_db, sql));
}

/* A camera's JPEG of the repaired spot. */
static char *
write_photo (const char *name)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 320, 240);
  g_autoptr(GError) error = NULL;
  char *path = test_scratch_path (name);

  gdk_pixbuf_fill (pixbuf, 0x3c8d5aff);
  g_assert_true (gdk_pixbuf_save (pixbuf, path, "jpeg", &error, "quality", "90", NULL));
  g_assert_no_error (error);
  return path;
}

/* The district: one institution, the people of the loop assigned to it, two
 * tablets enrolled and synced. */
static void
loop_setup (Loop          *loop,
            gconstpointer  data)
{
  static const struct { const char *login, *name, *roles, *assigned_as; } people[] = {
    { "insp", NULL, NULL, "inspector" },                 /* made by test_server_init */
    { "mgr", NULL, NULL, "facility_manager" },
    { "yan", "严晓梅", "verifier", "verifier" },
    { "zhao", "赵志刚", "leader", "leader" },
    /* The bureau's office, which runs look-back rounds. It is an admin because
     * the server takes look-back rows from admins only (see the last test). */
    { "office", "区民政局安全科", "admin,staff", "staff" },
    /* The institution's safety officer, also a certified verifier. */
    { "wu", "吴安全", "facility_manager,verifier", "facility_manager" },
  };

  test_server_init (&loop->server, data, NULL);
  loop->server_db = test_server_db (&loop->server);
  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    if (people[i].roles != NULL)
      test_admin_ok (&loop->server, "user", "add", people[i].login, "--name", people[i].name,
                       "--roles", people[i].roles, NULL);

  loop->a = test_device_new (&loop->server, "team-a");
  loop->b = test_device_new (&loop->server, "facility-b");
  CLI (loop->a, "login", "admin");
  loop->facility = test_cli_line (loop->a, "put", "facility", "name=康宁养老院", "type=elderly_care",
                                  "town=汉丰街道", NULL);
  test_sync (loop->a);
  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    test_admin_ok (&loop->server, "assign", people[i].login, loop->facility, people[i].assigned_as, NULL);
  test_sync (loop->a);
  test_sync (loop->b);
  loop->photo = write_photo ("after.jpg");
}

static void
loop_teardown (Loop          *loop,
               gconstpointer  data)
{
  test_server_clear (&loop->server);
  g_free (loop->server_db);
  g_free (loop->a);
  g_free (loop->b);
  g_free (loop->facility);
  g_free (loop->photo);
}

static char *
hazard_text (const char *db,
             const char *hazard,
             const char *columns)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM hazard WHERE id = '%s'", columns, hazard);

  return g_strchomp (test_dump (db, sql));
}

#define assert_hazard(db, hazard, columns, expected)          \
  G_STMT_START {                                              \
    g_autofree char *_v = hazard_text (db, hazard, columns);  \
    g_assert_cmpstr (_v, ==, expected);                       \
  } G_STMT_END

/* Every transition of the hazard: what, from, to, who, in which role, with
 * what note. An event of this device's that the server refused stays in the
 * store, marked by its refused op, and is no part of the hazard's history. */
static char *
history (const char *db,
         const char *hazard)
{
  g_autofree char *sql = g_strdup_printf (
    "SELECT e.action, coalesce (e.from_status, ''), e.to_status, p.login, e.actor_role, "
    "coalesce (e.note, ''), e.at, e.id FROM hazard_event e LEFT JOIN person p ON p.id = e.actor_id "
    "WHERE e.hazard_id = '%s' AND e.id NOT IN (SELECT o.row_id FROM sync_refusal r JOIN op_log o "
    "ON o.op_id = r.op_id WHERE r.direction = 'push' AND o.tbl = 'hazard_event') "
    "ORDER BY e.at, e.id", hazard);

  return test_dump (db, sql);
}

/* The same status and the same full history on the server and both tablets. */
static void
assert_three_agree (Loop       *loop,
                    const char *hazard,
                    const char *status)
{
  g_autofree char *on_server = history (loop->server_db, hazard);

  for (const char *const *db = (const char *[]) { loop->a, loop->b, NULL }; *db; db++)
    {
      g_autofree char *on_device = history (*db, hazard);

      g_test_message ("history on %s:\n%s", *db, on_device);
      assert_hazard (*db, hazard, "status", status);
      g_assert_cmpstr (on_device, ==, on_server);
    }
  assert_hazard (loop->server_db, hazard, "status", status);
}

/* On tablet A, in the app's own calls: the inspector starts a joint
 * diagnosis of the institution, answers the electrical item "fail", and
 * records the major hazard it reveals. */
static char *
find_hazard_at_inspection (Loop       *loop,
                           const char *inspector)
{
  g_autoptr(FcStore) store = fc_store_open (loop->a, NULL);
  g_autofree char *template = g_strchomp (test_dump (loop->a, "SELECT id FROM checklist_template "
                                                              "WHERE code = 'elderly_care'"));
  g_autofree char *item = g_strchomp (test_dump (loop->a, "SELECT i.id FROM checklist_item i JOIN "
                                                          "checklist_template t ON t.id = i.template_id "
                                                          "WHERE t.code = 'elderly_care' "
                                                          "AND i.code = 'YL-U-02'"));
  const FcInspectionMember members[] = { { inspector, "inspector", NULL } };
  FcInspectionStart start = {
    .facility_id = loop->facility, .template_id = template, .kind = FC_INSPECTION_JOINT_DIAGNOSIS,
    .members = members, .n_members = G_N_ELEMENTS (members),
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *inspection = NULL;
  g_autofree char *result = NULL;
  char *hazard;

  g_assert_nonnull (store);
  g_assert_cmpuint (strlen (item), >, 0);
  fc_store_set_user (store, inspector);
  inspection = fc_inspection_start (store, &start, &error);
  g_assert_no_error (error);
  {
    FcAnswer answer = { .inspection_id = inspection, .item_id = item, .answer = "fail",
                        .note = "配电箱内电线私拉乱接" };

    result = fc_inspection_answer (store, &answer, &error);
    g_assert_no_error (error);
  }
  {
    FcFindingHazard finding = {
      .inspection_id = inspection, .item_id = item,
      .description = "配电箱内电线私拉乱接，绝缘层老化", .location = "一楼配电间",
      .level = FC_HAZARD_LEVEL_MAJOR, .responsible_party = "机构负责人",
    };

    hazard = fc_inspection_record_hazard (store, &finding, &error);
    g_assert_no_error (error);
  }
  return hazard;
}

static char *
lookback_pending (const char *db,
                  const char *hazard)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM lookback WHERE hazard_id = '%s' "
                                          "AND outcome = 'pending'", hazard);

  return g_strchomp (test_dump (db, sql));
}

static void
test_closed_loop_major_hazard_round_trip (Loop          *loop,
                                          gconstpointer  data)
{
  g_autofree char *hazard = NULL;
  g_autofree char *zhao = person_id (loop, "zhao");
  g_autofree char *insp = person_id (loop, "insp");
  g_autofree char *lookback = NULL;
  g_autofree char *photo_target = NULL;
  g_auto(TestRun) run = { 0 };

  /* 1. A: the inspector finds a major hazard during the inspection. */
  hazard = find_hazard_at_inspection (loop, insp);
  test_sync (loop->a);
  assert_hazard (loop->server_db, hazard, "status || '|' || level || '|' || source || '|' || "
                                          "(inspection_id IS NOT NULL AND result_id IS NOT NULL)",
                 "open|major|inspection|1");

  /* 2. B: the institution plans the rectification, does it, and submits it. */
  test_sync (loop->b);
  CLI (loop->b, "login", "mgr");
  CLI (loop->b, "measures", hazard, "responsible_person=刘国平", "measures=更换配电箱，重新布线",
       "funds=8000", "plan=停电作业方案已报备");
  CLI (loop->b, "hazard", "move", hazard, "start_rectification");
  CLI (loop->b, "hazard", "move", hazard, "submit_for_acceptance", "--note", "已更换并通电测试");
  test_sync (loop->b);
  assert_hazard (loop->server_db, hazard, "status || '|' || measures || '|' || funds",
                 "awaiting_acceptance|更换配电箱，重新布线|8000.0");

  /* 3. A: a major hazard is closed out only under listed supervision. */
  test_sync (loop->a);
  assert_hazard (loop->a, hazard, "status", "awaiting_acceptance");
  CLI (loop->a, "login", "yan");
  photo_target = g_strconcat ("hazard:", hazard, NULL);
  CLI (loop->a, "photo", "import", "--to", photo_target, "--purpose", "after", loop->photo);
  test_cli (&run, loop->a, "accept", hazard, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "supervision"));

  {
    g_autoptr(FcStore) store = fc_store_open (loop->a, NULL);
    g_autoptr(GError) error = NULL;

    g_assert_nonnull (store);
    fc_store_set_user (store, zhao);
    g_assert_true (fc_hazards_supervise (store, hazard, NULL, zhao, "养老服务科", &error));
    g_assert_no_error (error);
  }
  CLI (loop->a, "login", "yan");
  CLI (loop->a, "accept", hazard, "--note", "复核合格，线路绝缘检测达标");
  test_sync (loop->a);
  test_sync (loop->b);
  assert_three_agree (loop, hazard, "closed");
  assert_hazard (loop->server_db, hazard, "verifier_id IS NOT NULL AND rectified_by IS NOT NULL "
                                          "AND verifier_id <> rectified_by", "1");

  /* 4. A: the bureau's look-back round re-checks every closed major hazard,
   *    finds this one back, which reopens it and counts it. */
  CLI (loop->a, "login", "office");
  CLI (loop->a, "lookback", "schedule", "--share", "0");
  lookback = lookback_pending (loop->a, hazard);
  g_assert_cmpuint (strlen (lookback), >, 0);
  test_sync (loop->a);
  CLI (loop->a, "lookback", "record", lookback, "rebound", "--note", "配电箱又接入临时电源线");
  test_sync (loop->a);
  test_sync (loop->b);
  test_sync (loop->a);

  /* The end: one status, one reopen, one full history, everywhere. */
  assert_three_agree (loop, hazard, "reopened");
  for (const char *const *db = (const char *[]) { loop->server_db, loop->a, loop->b, NULL }; *db; db++)
    {
      g_autofree char *actions = NULL;
      g_autofree char *sql = g_strdup_printf ("SELECT group_concat (action, ',') FROM (SELECT action "
                                              "FROM hazard_event WHERE hazard_id = '%s' "
                                              "ORDER BY at, id)", hazard);

      actions = g_strchomp (test_dump (*db, sql));
      g_assert_cmpstr (actions, ==, "record,start_rectification,submit_for_acceptance,accept,reopen");
      assert_hazard (*db, hazard, "reopen_count || '|' || (supervising_leader_id IS NOT NULL)", "1|1");
      {
        g_autofree char *outcome = NULL;
        g_autofree char *q = g_strdup_printf ("SELECT outcome FROM lookback WHERE id = '%s'", lookback);

        outcome = g_strchomp (test_dump (*db, q));
        g_assert_cmpstr (outcome, ==, "rebound");
      }
    }
  test_assert_converged (loop->server_db, loop->a);
  test_assert_converged (loop->server_db, loop->b);
  test_assert_invariants (loop->server_db, loop->a);
  test_assert_invariants (loop->server_db, loop->b);
}

static void
test_closed_loop_rectifier_accepting_own_work_offline_is_refused (Loop          *loop,
                                                                  gconstpointer  data)
{
  g_autofree char *hazard = NULL;
  g_autofree char *outbox = NULL;
  g_autofree char *wu = person_id (loop, "wu");
  g_autofree char *yan = person_id (loop, "yan");
  g_autofree char *photo_target = NULL;
  g_autofree char *resubmitted = NULL;

  CLI (loop->a, "login", "insp");
  hazard = test_cli_line (loop->a, "hazard", "record", "--facility", loop->facility, "--category", "gas",
                          "--description", "厨房燃气报警器失效", NULL);
  photo_target = g_strconcat ("hazard:", hazard, NULL);
  test_sync (loop->a);

  /* The manager submits; tablet A takes it while it has signal. */
  test_sync (loop->b);
  CLI (loop->b, "login", "mgr");
  CLI (loop->b, "hazard", "move", hazard, "start_rectification");
  CLI (loop->b, "hazard", "move", hazard, "submit_for_acceptance");
  test_sync (loop->b);
  test_sync (loop->a);
  assert_hazard (loop->a, hazard, "status", "awaiting_acceptance");

  /* Then, while A is out of signal: a verifier rejects the work on B, and the
   * safety officer Wu redoes and submits it himself. */
  CLI (loop->b, "login", "yan");
  CLI (loop->b, "accept", hazard, "--reject", "--note", "报警器型号不符");
  CLI (loop->b, "login", "wu");
  CLI (loop->b, "hazard", "move", hazard, "submit_for_acceptance", "--note", "已更换为合格型号");
  test_sync (loop->b);
  resubmitted = g_strconcat ("awaiting_acceptance|", wu, "|", yan, NULL);
  assert_hazard (loop->server_db, hazard, "status || '|' || rectified_by || '|' || verifier_id",
                 resubmitted);

  /* Offline on A, Wu (a verifier too) accepts: A still thinks the manager did
   * the work, so A lets him. */
  CLI (loop->a, "login", "wu");
  CLI (loop->a, "photo", "import", "--to", photo_target, "--purpose", "after", loop->photo);
  CLI (loop->a, "accept", hazard, "--note", "自查合格");
  assert_hazard (loop->a, hazard, "status", "closed");

  /* The server judges on its own state: he would verify his own work. The
   * reason comes back to A, and nothing of the acceptance is on the server. */
  test_sync (loop->a);
  outbox = test_cli_line (loop->a, "outbox", NULL);
  g_test_message ("outbox of A:\n%s", outbox);
  g_assert_nonnull (strstr (outbox, "\thazard_event\t"));
  g_assert_nonnull (strstr (outbox, "\trejected\tguard\t"));
  g_assert_cmpint (test_db_count (loop->a, "SELECT count (*) FROM sync_refusal WHERE direction = 'push' "
                                           "AND code = 'guard' AND length (message) > 20"), ==, 1);
  assert_hazard (loop->server_db, hazard, "status", "awaiting_acceptance");
  g_assert_cmpint (test_db_count (loop->server_db, "SELECT count (*) FROM hazard_event "
                                                   "WHERE action = 'accept'"), ==, 0);
  g_assert_cmpint (test_db_count (loop->server_db, "SELECT count (*) FROM fcs_audit "
                                                   "WHERE outcome = 'rejected'"), ==, 1);

  /* A must now take the server's word for the hazard: the rejection and
   * Wu's resubmission, not its own acceptance, which stays in the outbox as
   * refused, with the reason. */
  assert_hazard (loop->a, hazard, "status || '|' || rectified_by || '|' || coalesce (verifier_id, '')",
                 resubmitted);
  assert_hazard (loop->a, hazard, "acceptance_outcome", "rejected");
  g_assert_cmpint (test_db_count (loop->a, "SELECT count (*) FROM sync_refusal "
                                           "WHERE direction = 'pull'"), ==, 0);
  g_assert_cmpint (test_db_count (loop->a, "SELECT count (*) FROM hazard_event e JOIN op_log o "
                                           "ON o.row_id = e.id AND o.tbl = 'hazard_event' "
                                           "WHERE e.action = 'accept' AND o.acked = 2"), ==, 1);
  assert_three_agree (loop, hazard, "awaiting_acceptance");

  /* A verifier who did not do the work closes it out, and all three agree. */
  CLI (loop->a, "login", "yan");
  test_sync (loop->a);
  CLI (loop->a, "accept", hazard, "--note", "复核合格");
  test_sync (loop->a);
  test_sync (loop->b);
  assert_three_agree (loop, hazard, "closed");
  test_assert_invariants (loop->server_db, loop->a);
}

/* Pulls the server's feed into a tablet without pushing first, as a sync cut
 * off between its push and its pull and resumed leaves it. */
static FcSyncStats
pull_only (const char *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcStore) store = fc_store_open (db, &error);
  g_autoptr(FcSyncClient) client = NULL;
  FcSyncStats stats = { 0 };

  g_assert_no_error (error);
  client = fc_sync_client_new (store, &error);
  g_assert_no_error (error);
  g_assert_true (fc_sync_client_pull (client, &stats, &error));
  g_assert_no_error (error);
  return stats;
}

/* As above, but tablet A hears of the rejection and the resubmission before
 * its own acceptance reaches the server: it cannot take them onto a hazard it
 * thinks closed, keeps them, and takes them as soon as the server's refusal
 * undoes the acceptance. */
static void
test_closed_loop_server_moves_kept_while_refused_are_taken_after_the_undo (Loop          *loop,
                                                                          gconstpointer  data)
{
  g_autofree char *hazard = NULL;
  g_autofree char *photo_target = NULL;
  FcSyncStats stats;

  CLI (loop->a, "login", "insp");
  hazard = test_cli_line (loop->a, "hazard", "record", "--facility", loop->facility, "--category", "gas",
                          "--description", "厨房燃气报警器失效", NULL);
  photo_target = g_strconcat ("hazard:", hazard, NULL);
  test_sync (loop->a);
  test_sync (loop->b);
  CLI (loop->b, "login", "mgr");
  CLI (loop->b, "hazard", "move", hazard, "start_rectification");
  CLI (loop->b, "hazard", "move", hazard, "submit_for_acceptance");
  test_sync (loop->b);
  test_sync (loop->a);

  CLI (loop->b, "login", "yan");
  CLI (loop->b, "accept", hazard, "--reject", "--note", "报警器型号不符");
  CLI (loop->b, "login", "wu");
  CLI (loop->b, "hazard", "move", hazard, "submit_for_acceptance", "--note", "已更换为合格型号");
  test_sync (loop->b);

  CLI (loop->a, "login", "wu");
  CLI (loop->a, "photo", "import", "--to", photo_target, "--purpose", "after", loop->photo);
  CLI (loop->a, "accept", hazard, "--note", "自查合格");

  stats = pull_only (loop->a);
  g_assert_cmpuint (stats.pull_refused, ==, 2);
  assert_hazard (loop->a, hazard, "status", "closed");
  g_assert_cmpint (test_db_count (loop->a, "SELECT count (*) FROM sync_refusal "
                                           "WHERE direction = 'pull'"), ==, 2);
  /* Tried again after the next pull, still refused, still kept, not doubled. */
  pull_only (loop->a);
  g_assert_cmpint (test_db_count (loop->a, "SELECT count (*) FROM sync_refusal "
                                           "WHERE direction = 'pull'"), ==, 2);

  test_sync (loop->a);
  g_assert_cmpint (test_db_count (loop->a, "SELECT count (*) FROM sync_refusal "
                                           "WHERE direction = 'pull'"), ==, 0);
  g_assert_cmpint (test_db_count (loop->a, "SELECT count (*) FROM sync_refusal "
                                           "WHERE direction = 'push' AND code = 'guard'"), ==, 1);
  assert_three_agree (loop, hazard, "awaiting_acceptance");
  test_assert_invariants (loop->server_db, loop->a);
}

/* The institution's tablet is shared: a visiting inspector who is not
 * assigned here edits the hazard, then the manager starts the work, and both
 * go up in one batch. Only the edit is refused, for its own reason, which
 * names the inspector; the manager's step stands. */
static void
test_closed_loop_refused_edit_leaves_the_next_step_alone (Loop          *loop,
                                                         gconstpointer  data)
{
  g_autofree char *hazard = NULL;
  g_autofree char *outbox = NULL;
  g_autofree char *visitor = NULL;
  g_autofree char *reason = NULL;

  CLI (loop->a, "login", "insp");
  hazard = test_cli_line (loop->a, "hazard", "record", "--facility", loop->facility, "--category", "gas",
                          "--description", "厨房燃气报警器失效", NULL);
  test_sync (loop->a);
  test_admin_ok (&loop->server, "user", "add", "liu", "--name", "刘振东", "--roles", "inspector", NULL);
  visitor = person_id (loop, "liu");
  test_sync (loop->b);

  CLI (loop->b, "login", "liu");
  CLI (loop->b, "put", "hazard", hazard, "description=报警器已拆除");
  CLI (loop->b, "login", "mgr");
  CLI (loop->b, "hazard", "move", hazard, "start_rectification");
  test_sync (loop->b);

  outbox = test_cli_line (loop->b, "outbox", NULL);
  g_test_message ("outbox of B:\n%s", outbox);
  g_assert_null (strstr (outbox, "depends_on_rejected"));
  g_assert_cmpint (test_db_count (loop->server_db, "SELECT count (*) FROM fcs_audit "
                                                   "WHERE outcome = 'rejected'"), ==, 1);
  reason = g_strchomp (test_dump (loop->b, "SELECT message FROM sync_refusal WHERE direction = 'push'"));
  g_assert_nonnull (strstr (reason, "刘振东"));
  g_assert_null (strstr (reason, visitor));
  assert_hazard (loop->server_db, hazard, "status || '|' || description", "rectifying|厨房燃气报警器失效");
  test_sync (loop->a);
  assert_three_agree (loop, hazard, "rectifying");
}

/* Look-back rounds are field work: the inspector who re-checks records the
 * outcome on the team's tablet, and the server must take it. */
static void
test_closed_loop_lookback_recorded_by_the_inspector_reaches_the_server (Loop          *loop,
                                                                        gconstpointer  data)
{
  g_autofree char *hazard = NULL;
  g_autofree char *lookback = NULL;
  g_autofree char *photo_target = NULL;
  g_autofree char *outbox = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *outcome = NULL;

  CLI (loop->a, "login", "insp");
  hazard = test_cli_line (loop->a, "hazard", "record", "--facility", loop->facility, "--category",
                          "fire_exit", "--description", "安全出口指示灯不亮", NULL);
  test_sync (loop->a);
  test_sync (loop->b);
  CLI (loop->b, "login", "mgr");
  CLI (loop->b, "hazard", "move", hazard, "start_rectification");
  CLI (loop->b, "hazard", "move", hazard, "submit_for_acceptance");
  test_sync (loop->b);
  test_sync (loop->a);
  CLI (loop->a, "login", "yan");
  photo_target = g_strconcat ("hazard:", hazard, NULL);
  CLI (loop->a, "photo", "import", "--to", photo_target, "--purpose", "after", loop->photo);
  CLI (loop->a, "accept", hazard);
  test_sync (loop->a);
  assert_hazard (loop->server_db, hazard, "status", "closed");

  /* Every general close-out is sampled (share 1); the inspector records it. */
  CLI (loop->a, "login", "office");
  CLI (loop->a, "lookback", "schedule", "--share", "1");
  lookback = lookback_pending (loop->a, hazard);
  test_sync (loop->a);
  CLI (loop->a, "login", "insp");
  CLI (loop->a, "lookback", "record", lookback, "held", "--note", "指示灯正常");
  test_sync (loop->a);

  outbox = test_cli_line (loop->a, "outbox", NULL);
  g_assert_null (strstr (outbox, "admin_only"));
  sql = g_strdup_printf ("SELECT outcome FROM lookback WHERE id = '%s'", lookback);
  outcome = g_strchomp (test_dump (loop->server_db, sql));
  g_assert_cmpstr (outcome, ==, "held");
  test_assert_invariants (loop->server_db, loop->a);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add ("/closed-loop-sync/" path, Loop, path, loop_setup, fn, loop_teardown)
  ADD ("major-hazard-round-trip", test_closed_loop_major_hazard_round_trip);
  ADD ("rectifier-accepting-own-work-offline-is-refused",
       test_closed_loop_rectifier_accepting_own_work_offline_is_refused);
  ADD ("server-moves-kept-while-refused-are-taken-after-the-undo",
       test_closed_loop_server_moves_kept_while_refused_are_taken_after_the_undo);
  ADD ("refused-edit-leaves-the-next-step-alone",
       test_closed_loop_refused_edit_leaves_the_next_step_alone);
  ADD ("lookback-recorded-by-the-inspector-reaches-the-server",
       test_closed_loop_lookback_recorded_by_the_inspector_reaches_the_server);
#undef ADD
  return g_test_run ();
}
