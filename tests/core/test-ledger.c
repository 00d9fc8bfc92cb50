/* test-ledger.c: the rectification ledger selects, orders and describes the right hazards */

#include "config.h"

#include <string.h>

#include "fc-error.h"
#include "fc-ledger.h"
#include "fc-queries.h"
#include "test-district.h"

static District district;

#define H(field) G_STRUCT_OFFSET (District, field)
#define END ((gsize) -1)

static const char *
at (gsize offset)
{
  return G_STRUCT_MEMBER (char *, &district, offset);
}

typedef struct
{
  const char     *name;
  FcLedgerFilter  filter;
  gsize           expected[8];   /* offsets of the District's hazard ids, in order, END-terminated */
} Case;

/* Deadlines: reopened 07-01, closed 08-31, major_closed 09-29, overdue 10-01,
 * awaiting 11-09, major_rectifying 12-30, major_open 2027-02-18. */
static void
fill_grid (Case *cases,
           guint n)
{
  for (guint i = 0; i < n; i++)
    {
      cases[i].filter.today = DISTRICT_TODAY;
      if (g_strcmp0 (cases[i].filter.area_leader_id, "leader1") == 0)
        cases[i].filter.area_leader_id = district.leader1;
      if (g_strcmp0 (cases[i].filter.point_cadre_id, "cadre2") == 0)
        cases[i].filter.point_cadre_id = district.cadre2;
      if (g_strcmp0 (cases[i].filter.facility_id, "f1") == 0)
        cases[i].filter.facility_id = district.f1;
    }
}

static Case cases[] = {
  { "the district ledger holds every hazard, by deadline", { 0 },
    { H (h_reopened), H (h_closed), H (h_major_closed), H (h_overdue), H (h_awaiting),
      H (h_major_rectifying), H (h_major_open), END } },
  { "an institution's ledger holds only its hazards", { .facility_id = "f1" },
    { H (h_overdue), H (h_major_rectifying), END } },
  { "level major", { .levels = 1 << FC_HAZARD_LEVEL_MAJOR },
    { H (h_major_closed), H (h_major_rectifying), H (h_major_open), END } },
  { "status closed out", { .statuses = 1 << FC_HAZARD_CLOSED },
    { H (h_closed), H (h_major_closed), END } },
  { "statuses open or reopened", { .statuses = 1 << FC_HAZARD_OPEN | 1 << FC_HAZARD_REOPENED },
    { H (h_reopened), H (h_overdue), H (h_major_open), END } },
  { "category fire exits", { .categories = 1 << FC_CATEGORY_FIRE_EXIT },
    { H (h_overdue), H (h_major_open), END } },
  { "town", { .town = "云枫街道" },
    { H (h_reopened), H (h_closed), H (h_major_closed), H (h_awaiting), H (h_major_open), END } },
  { "area leader", { .area_leader_id = "leader1" },
    { H (h_overdue), H (h_major_rectifying), END } },
  { "line department", { .line_department = "儿童福利科" },
    { H (h_reopened), H (h_major_closed), END } },
  { "point cadre", { .point_cadre_id = "cadre2" },
    { H (h_reopened), H (h_closed), H (h_major_closed), H (h_awaiting), H (h_major_open), END } },
  { "overdue: unfinished after the deadline; awaiting acceptance is not",
    { .overdue_only = TRUE }, { H (h_reopened), H (h_overdue), END } },
  { "under listed supervision", { .supervised_only = TRUE },
    { H (h_major_closed), H (h_major_rectifying), END } },
  { "search finds words of the description", { .search = "燃气" }, { H (h_awaiting), END } },
  { "search finds the institution's name", { .search = "儿童福利" },
    { H (h_reopened), H (h_major_closed), END } },
  { "search ignores the case of Latin letters", { .search = "c 级" },
    { H (h_major_rectifying), END } },
  { "search finds nothing that is not there", { .search = "地震" }, { END } },
  { "filters combine", { .town = "云枫街道", .levels = 1 << FC_HAZARD_LEVEL_MAJOR },
    { H (h_major_closed), H (h_major_open), END } },
  { "found since a day", { .found_since = "2026-10-01" },
    { H (h_awaiting), H (h_major_rectifying), H (h_major_open), END } },
  { "found until a day", { .found_until = "2026-07-01" },
    { H (h_reopened), H (h_major_closed), END } },
  { "latest deadline first", { .descending = TRUE },
    { H (h_major_open), H (h_major_rectifying), H (h_awaiting), H (h_overdue), H (h_major_closed),
      H (h_closed), H (h_reopened), END } },
  { "by when found", { .sort = FC_LEDGER_SORT_FOUND },
    { H (h_reopened), H (h_major_closed), H (h_closed), H (h_overdue), H (h_major_rectifying),
      H (h_awaiting), H (h_major_open), END } },
  { "by town and institution", { .sort = FC_LEDGER_SORT_FACILITY },
    { H (h_reopened), H (h_major_closed), H (h_closed), H (h_awaiting), H (h_major_open),
      H (h_overdue), H (h_major_rectifying), END } },
  { "a page", { .offset = 1, .limit = 2 }, { H (h_closed), H (h_major_closed), END } },
};

static void
test_ledger_each_filter_selects_its_hazards_in_order (void)
{
  fill_grid (cases, G_N_ELEMENTS (cases));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FcLedger) ledger = fc_ledger_query (district.store, &cases[i].filter, &error);
      guint n = 0;

      g_test_message ("%s", cases[i].name);
      g_assert_no_error (error);
      g_assert_nonnull (ledger);
      while (cases[i].expected[n] != END)
        n++;
      g_assert_cmpuint (ledger->len, ==, n);
      for (guint r = 0; r < n; r++)
        g_assert_cmpstr (ledger->rows[r].id, ==, at (cases[i].expected[r]));
    }
}

static void
test_ledger_count_matches_the_rows_without_paging (void)
{
  fill_grid (cases, G_N_ELEMENTS (cases));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      FcLedgerFilter all = cases[i].filter;
      g_autoptr(FcLedger) ledger = NULL;

      all.offset = all.limit = 0;
      ledger = fc_ledger_query (district.store, &all, NULL);
      g_test_message ("%s", cases[i].name);
      g_assert_nonnull (ledger);
      g_assert_cmpint (fc_ledger_count (district.store, &cases[i].filter, NULL), ==, ledger->len);
    }
}

static void
test_ledger_counts_give_the_selection_and_its_overdue_rows (void)
{
  fill_grid (cases, G_N_ELEMENTS (cases));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      FcLedgerFilter all = cases[i].filter;
      g_autoptr(FcLedger) ledger = NULL;
      g_autoptr(GError) error = NULL;
      gint64 total = -1, overdue = -1, late = 0;

      all.offset = all.limit = 0;
      ledger = fc_ledger_query (district.store, &all, NULL);
      g_test_message ("%s", cases[i].name);
      g_assert_nonnull (ledger);
      for (guint r = 0; r < ledger->len; r++)
        late += ledger->rows[r].overdue;
      g_assert_true (fc_ledger_counts (district.store, &cases[i].filter, &total, &overdue, &error));
      g_assert_no_error (error);
      g_assert_cmpint (total, ==, ledger->len);
      g_assert_cmpint (overdue, ==, late);
    }
}

static const FcLedgerRow *
row_of (FcLedger   *ledger,
        const char *id)
{
  for (guint i = 0; i < ledger->len; i++)
    if (g_str_equal (ledger->rows[i].id, id))
      return &ledger->rows[i];
  g_assert_not_reached ();
  return NULL;
}

static void
test_ledger_row_carries_grid_supervision_and_lifecycle (void)
{
  FcLedgerFilter filter = { .today = DISTRICT_TODAY };
  g_autoptr(FcLedger) ledger = fc_ledger_query (district.store, &filter, NULL);
  const FcLedgerRow *major = row_of (ledger, district.h_major_rectifying);
  const FcLedgerRow *closed = row_of (ledger, district.h_major_closed);
  const FcLedgerRow *late = row_of (ledger, district.h_overdue);
  const FcLedgerRow *reopened = row_of (ledger, district.h_reopened);
  g_autofree char *progress = fc_ledger_progress_text (late);
  g_autofree char *acceptance = fc_ledger_acceptance_text (closed);
  g_autofree char *supervision = fc_ledger_supervision_text (major);
  g_autofree char *remarks = fc_ledger_remarks_text (reopened);

  g_assert_cmpstr (major->facility_name, ==, "青岚福寿敬老院");
  g_assert_cmpstr (major->town, ==, "青岚镇");
  g_assert_cmpstr (major->area_leader, ==, "陈建华");
  g_assert_cmpstr (major->line_department, ==, "养老服务科");
  g_assert_cmpstr (major->point_cadre, ==, "王志强");
  g_assert_cmpint (major->level, ==, FC_HAZARD_LEVEL_MAJOR);
  g_assert_cmpint (major->status, ==, FC_HAZARD_RECTIFYING);
  g_assert_cmpstr (major->supervising_leader, ==, "陈建华");
  g_assert_cmpstr (major->lead_department, ==, "养老服务科");
  g_assert_nonnull (strstr (supervision, "陈建华"));
  g_assert_nonnull (strstr (supervision, "养老服务科"));
  g_assert_false (major->overdue);

  g_assert_cmpint (closed->status, ==, FC_HAZARD_CLOSED);
  g_assert_cmpstr (closed->verifier, ==, "黄德明");
  g_assert_cmpstr (closed->verifier_org, ==, "区民政局");
  g_assert_cmpstr (closed->acceptance_outcome, ==, "accepted");
  g_assert_cmpstr (closed->closed_at, ==, "2026-09-01T10:00:00+08:00");
  g_assert_nonnull (strstr (acceptance, "区民政局"));
  g_assert_nonnull (strstr (acceptance, "2026-09-01"));

  g_assert_true (late->overdue);
  g_assert_cmpuint (late->days_overdue, ==, 59);
  g_assert_nonnull (strstr (progress, "59"));
  g_assert_cmpstr (late->source, ==, "inspection");
  g_assert_cmpstr (late->responsible_party, ==, "机构负责人");
  g_assert_false (late->has_funds);

  g_assert_cmpuint (reopened->reopen_count, ==, 1);
  g_assert_nonnull (strstr (remarks, "1"));
  g_assert_nonnull (strstr (remarks, "二楼东侧走廊"));
}

static void
test_ledger_json_uses_wire_names (void)
{
  FcLedgerFilter filter = { .today = DISTRICT_TODAY, .overdue_only = TRUE };
  g_autoptr(FcLedger) ledger = fc_ledger_query (district.store, &filter, NULL);
  g_autoptr(JsonArray) rows = fc_ledger_to_json (ledger);
  JsonObject *first = json_array_get_object_element (rows, 0);

  g_assert_cmpuint (json_array_get_length (rows), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (first, "status"), ==, "reopened");
  g_assert_cmpstr (json_object_get_string_member (first, "category"), ==, "drainage");
  g_assert_true (json_object_get_boolean_member (first, "overdue"));
  g_assert_true (json_object_get_null_member (first, "funds"));
}

static void
test_queries_hazard_holds_the_record_and_its_history (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) closed = fc_queries_hazard (district.store, district.h_major_closed, DISTRICT_TODAY,
                                                    &error);
  g_autoptr(JsonObject) late = NULL;
  g_autoptr(JsonObject) missing = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM hazard_event WHERE hazard_id = '%s'",
                                          district.h_major_closed);
  JsonArray *events;

  FcLedgerFilter filter = { .today = DISTRICT_TODAY };
  g_autoptr(FcLedger) ledger = fc_ledger_query (district.store, &filter, NULL);
  const FcLedgerRow *row = row_of (ledger, district.h_major_closed);

  /* The record agrees with its ledger row, names and all. */
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (closed, "status"), ==, "closed");
  g_assert_cmpstr (json_object_get_string_member (closed, "facility_name"), ==, row->facility_name);
  g_assert_cmpstr (json_object_get_string_member (closed, "verifier"), ==, "黄德明");
  g_assert_cmpstr (json_object_get_string_member (closed, "verifier_org"), ==, "区民政局");
  g_assert_cmpstr (json_object_get_string_member (closed, "supervising_leader"), ==, row->supervising_leader);
  g_assert_nonnull (row->supervising_leader);
  g_assert_cmpstr (json_object_get_string_member (closed, "area_leader"), ==, row->area_leader);
  g_assert_cmpstr (json_object_get_string_member (closed, "point_cadre"), ==, row->point_cadre);
  g_assert_cmpint (json_object_get_int_member (closed, "overdue"), ==, 0);

  /* Every transition, oldest first, with who made it. */
  events = json_object_get_array_member (closed, "events");
  g_assert_cmpint (json_array_get_length (events), ==, test_count (district.store, sql));
  g_assert_cmpuint (json_array_get_length (events), >=, 3);
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);

      g_assert_nonnull (json_object_get_string_member (event, "actor"));
      g_assert_nonnull (json_object_get_string_member (event, "actor_role"));
      if (i > 0)
        g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (events, i - 1), "at"),
                         <=, json_object_get_string_member (event, "at"));
    }
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (events,
                     json_array_get_length (events) - 1), "to_status"), ==, "closed");
  g_assert_true (json_object_has_member (closed, "photos"));

  late = fc_queries_hazard (district.store, district.h_overdue, DISTRICT_TODAY, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (late, "overdue"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (late, "days_past_deadline"), ==, 59);

  missing = fc_queries_hazard (district.store, "no-such-hazard", DISTRICT_TODAY, &error);
  g_assert_null (missing);
  g_assert_error (error, FC_ERROR, FC_ERROR_NOT_FOUND);
}

static gboolean
has_name (JsonArray  *rows,
          const char *name)
{
  for (guint i = 0; i < json_array_get_length (rows); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (rows, i), "name"), name) == 0)
      return TRUE;
  return FALSE;
}

static void
test_queries_ledger_choices_offer_the_grid (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) choices = fc_queries_ledger_choices (district.store, &error);
  JsonArray *leaders;

  g_assert_no_error (error);
  g_assert_true (has_name (json_object_get_array_member (choices, "towns"), "云枫街道"));
  g_assert_true (has_name (json_object_get_array_member (choices, "towns"), "青岚镇"));
  g_assert_true (has_name (json_object_get_array_member (choices, "line_departments"), "养老服务科"));
  leaders = json_object_get_array_member (choices, "area_leaders");
  g_assert_true (has_name (leaders, "陈建华"));
  for (guint i = 0; i < json_array_get_length (leaders); i++)
    g_assert_nonnull (json_object_get_string_member (json_array_get_object_element (leaders, i), "id"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (choices, "point_cadres")), >, 0);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  district_setup (&district, "ledger.db");
  g_test_add_func ("/ledger/each-filter-selects-its-hazards-in-order",
                   test_ledger_each_filter_selects_its_hazards_in_order);
  g_test_add_func ("/ledger/count-matches-the-rows", test_ledger_count_matches_the_rows_without_paging);
  g_test_add_func ("/ledger/counts-give-the-selection-and-its-overdue-rows",
                   test_ledger_counts_give_the_selection_and_its_overdue_rows);
  g_test_add_func ("/ledger/row-carries-grid-supervision-and-lifecycle",
                   test_ledger_row_carries_grid_supervision_and_lifecycle);
  g_test_add_func ("/ledger/json-uses-wire-names", test_ledger_json_uses_wire_names);
  g_test_add_func ("/ledger/queries-hazard-holds-the-record-and-its-history",
                   test_queries_hazard_holds_the_record_and_its_history);
  g_test_add_func ("/ledger/queries-ledger-choices-offer-the-grid", test_queries_ledger_choices_offer_the_grid);
  status = g_test_run ();
  district_teardown (&district);
  return status;
}
