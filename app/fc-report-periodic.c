/* fc-report-periodic.c: the weekly dispatch (周调度) and the monthly bulletin (月通报) as PDF
 *
 * Both read the store as it stands: counts by status, level, category,
 * facility, town and area leader; found against rectified ("233 found, 195
 * rectified"); every major hazard still open or closed out in the period, with
 * its status; the overdue list, most overdue first; and what the look-backs and
 * the whistle-blowers brought. Found and rectified are counted up to the
 * report's day from the days recorded on each hazard; statuses are today's.
 *
 * Drawn with cairo and laid out with Pango (Chinese shapes and wraps with any
 * CJK font, Noto Sans CJK SC first) on A4 pages; a table that runs over a page
 * repeats its header. Written to a temporary file and renamed into place.
 */

#include "config.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>

#include "fc-error.h"
#include "fc-pdf-text.h"
#include "fc-queries.h"
#include "fc-report-periodic.h"

#define PAGE_WIDTH  595.0   /* A4 in points */
#define PAGE_HEIGHT 842.0
#define MARGIN      42.0
#define BODY_WIDTH  (PAGE_WIDTH - 2 * MARGIN)
#define TABLE_FONT  8.0

#define UNFINISHED "('open', 'rectifying', 'reopened')"

/**
 * fc_periodic_figures_free:
 * @figures: (nullable): figures from fc_report_periodic_figures()
 */
void
fc_periodic_figures_free (FcPeriodicFigures *figures)
{
  if (figures == NULL)
    return;
  g_free (figures->start);
  g_free (figures->end);
  g_clear_pointer (&figures->by_status, json_array_unref);
  g_clear_pointer (&figures->by_level, json_array_unref);
  g_clear_pointer (&figures->by_category, json_array_unref);
  g_clear_pointer (&figures->by_facility, json_array_unref);
  g_clear_pointer (&figures->by_town, json_array_unref);
  g_clear_pointer (&figures->by_area_leader, json_array_unref);
  g_clear_pointer (&figures->majors, fc_ledger_free);
  g_clear_pointer (&figures->overdue_list, fc_ledger_free);
  g_free (figures);
}

static gboolean
period_of (FcReportPeriod   period,
           const char      *day,
           char           **start,
           char           **end,
           GError         **error)
{
  g_autoptr(GDate) date = g_date_new ();
  guint y, m, d;
  char buf[16];

  if (day == NULL || sscanf (day, "%4u-%2u-%2u", &y, &m, &d) != 3 ||
      !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID, _("“%s” is not a day; write it YYYY-MM-DD"),
                   day ? day : "");
      return FALSE;
    }
  g_date_set_dmy (date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  g_date_strftime (buf, sizeof buf, "%Y-%m-%d", date);
  *end = g_strdup (buf);
  if (period == FC_REPORT_WEEKLY)
    g_date_subtract_days (date, g_date_get_weekday (date) - G_DATE_MONDAY);
  else
    g_date_set_day (date, 1);
  g_date_strftime (buf, sizeof buf, "%Y-%m-%d", date);
  *start = g_strdup (buf);
  return TRUE;
}

static gboolean
scalar (FcStore     *store,
        const char  *sql,
        const char  *start,
        const char  *end,
        guint       *out,
        GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = fc_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, start, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, end, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      fc_store_set_sqlite_error (store, error, _("Cannot read the database"));
      return FALSE;
    }
  *out = (guint) sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

/* Counts of the hazards found up to the end (?2), grouped by @key. */
static JsonArray *
grouped (FcStore     *store,
         const char  *key,
         const char  *order,
         const char  *start,
         const char  *end,
         GError     **error)
{
  const char *params[] = { start, end, NULL };
  g_autofree char *sql = g_strdup_printf (
    "SELECT %s AS key, count (DISTINCT f.id) AS facilities, count (*) AS found,"
    " sum (h.status = 'closed' AND substr (h.closed_at, 1, 10) <= ?2) AS rectified,"
    " sum (h.status <> 'closed') AS open,"
    " sum (h.status IN " UNFINISHED " AND h.deadline < ?2) AS overdue,"
    " sum (h.level = 'major' AND h.status <> 'closed') AS major_open,"
    " sum (substr (h.found_at, 1, 10) >= ?1) AS found_in_period,"
    " min (f.town) AS town"
    " FROM hazard h JOIN facility f ON f.id = h.facility_id"
    " LEFT JOIN person al ON al.id = f.area_leader_id"
    " WHERE substr (h.found_at, 1, 10) <= ?2"
    " GROUP BY %s ORDER BY %s", key, key, order);

  return fc_query_rows (store, sql, params, error);
}

/**
 * fc_report_periodic_figures:
 * @store: the store
 * @period: weekly or monthly
 * @day: YYYY-MM-DD, the report's day; the period ends on it
 * @error: return location for an error
 *
 * Returns: (transfer full): the report's figures, or %NULL
 */
FcPeriodicFigures *
fc_report_periodic_figures (FcStore         *store,
                            FcReportPeriod   period,
                            const char      *day,
                            GError         **error)
{
  g_autoptr(FcPeriodicFigures) f = g_new0 (FcPeriodicFigures, 1);
  FcLedgerFilter majors = { .levels = 1 << FC_HAZARD_LEVEL_MAJOR };
  FcLedgerFilter overdue = { .overdue_only = TRUE };
  g_autoptr(FcLedger) all_majors = NULL;
  guint kept = 0;

  g_return_val_if_fail (FC_IS_STORE (store), NULL);

  f->period = period;
  if (!period_of (period, day, &f->start, &f->end, error))
    return NULL;

#define FOUND "substr (found_at, 1, 10) <= ?2"
#define CLOSED "status = 'closed' AND substr (closed_at, 1, 10) <= ?2"
  if (!scalar (store, "SELECT count (*) FROM hazard WHERE substr (found_at, 1, 10) BETWEEN ?1 AND ?2",
               f->start, f->end, &f->found_in_period, error) ||
      !scalar (store, "SELECT count (*) FROM hazard WHERE status = 'closed'"
                      " AND substr (closed_at, 1, 10) BETWEEN ?1 AND ?2",
               f->start, f->end, &f->rectified_in_period, error) ||
      !scalar (store, "SELECT count (*) FROM hazard WHERE " FOUND, f->start, f->end, &f->found, error) ||
      !scalar (store, "SELECT count (*) FROM hazard WHERE " FOUND " AND " CLOSED,
               f->start, f->end, &f->rectified, error) ||
      !scalar (store, "SELECT count (*) FROM hazard WHERE " FOUND " AND status <> 'closed'",
               f->start, f->end, &f->open, error) ||
      !scalar (store, "SELECT count (*) FROM hazard WHERE " FOUND " AND status IN " UNFINISHED
                      " AND deadline < ?2", f->start, f->end, &f->overdue, error) ||
      !scalar (store, "SELECT count (*) FROM hazard WHERE " FOUND " AND level = 'major'",
               f->start, f->end, &f->major_found, error) ||
      !scalar (store, "SELECT count (*) FROM hazard WHERE " FOUND " AND level = 'major' AND " CLOSED,
               f->start, f->end, &f->major_rectified, error) ||
      !scalar (store, "SELECT count (*) FROM lookback WHERE substr (checked_at, 1, 10) BETWEEN ?1 AND ?2",
               f->start, f->end, &f->lookbacks_checked, error) ||
      !scalar (store, "SELECT count (*) FROM lookback WHERE outcome = 'rebound'"
                      " AND substr (checked_at, 1, 10) BETWEEN ?1 AND ?2",
               f->start, f->end, &f->rebounds, error) ||
      !scalar (store, "SELECT count (*) FROM whistle_report"
                      " WHERE substr (received_at, 1, 10) BETWEEN ?1 AND ?2",
               f->start, f->end, &f->whistle_received, error) ||
      !scalar (store, "SELECT count (*) FROM whistle_action WHERE action = 'triage'"
                      " AND substr (at, 1, 10) BETWEEN ?1 AND ?2",
               f->start, f->end, &f->whistle_triaged, error) ||
      !scalar (store, "SELECT count (*) FROM whistle_action WHERE action = 'commend'"
                      " AND substr (at, 1, 10) BETWEEN ?1 AND ?2",
               f->start, f->end, &f->whistle_commended, error))
    return NULL;
#undef FOUND
#undef CLOSED

  {
    const char *params[] = { f->start, f->end, NULL };

    f->by_status = fc_query_rows (store,
      "SELECT status AS key, count (*) AS count FROM hazard"
      " WHERE substr (found_at, 1, 10) <= ?2 GROUP BY status"
      " ORDER BY CASE status WHEN 'open' THEN 0 WHEN 'rectifying' THEN 1"
      " WHEN 'awaiting_acceptance' THEN 2 WHEN 'reopened' THEN 3 ELSE 4 END",
      params, error);
  }
  if (f->by_status == NULL ||
      !(f->by_level = grouped (store, "h.level", "h.level = 'major' DESC", f->start, f->end, error)) ||
      !(f->by_category = grouped (store, "h.category", "found DESC, key", f->start, f->end, error)) ||
      !(f->by_facility = grouped (store, "f.name", "open DESC, overdue DESC, found DESC, key",
                                  f->start, f->end, error)) ||
      !(f->by_town = grouped (store, "f.town", "key", f->start, f->end, error)) ||
      !(f->by_area_leader = grouped (store, "coalesce (al.name, '')", "key", f->start, f->end,
                                     error)))
    return NULL;

  majors.today = overdue.today = f->end;
  majors.found_until = overdue.found_until = f->end;
  all_majors = fc_ledger_query (store, &majors, error);
  f->overdue_list = fc_ledger_query (store, &overdue, error);
  if (all_majors == NULL || f->overdue_list == NULL)
    return NULL;

  /* Keep the majors still open, or closed out during the period. */
  for (guint i = 0; i < all_majors->len; i++)
    {
      const FcLedgerRow *row = &all_majors->rows[i];

      if (row->status != FC_HAZARD_CLOSED || row->closed_at == NULL ||
          strncmp (row->closed_at, f->start, 10) >= 0)
        all_majors->rows[kept++] = *row;
    }
  all_majors->len = kept;
  f->majors = g_steal_pointer (&all_majors);
  return g_steal_pointer (&f);
}

/* ---- drawing ---- */

typedef struct
{
  cairo_t *cr;
  double   y;
  guint    page;
  char    *footer;
} Report;

typedef struct
{
  const char *header;
  double      width;     /* fraction of the body width */
  gboolean    numeric;   /* right-aligned */
} Column;

static void
footer (Report *report)
{
  g_autofree char *text = g_strdup_printf (_("%s · page %u"), report->footer, report->page);
  g_autoptr(PangoLayout) layout = fc_pdf_text_layout (report->cr, text, 7.5, FALSE, BODY_WIDTH);

  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  cairo_set_source_rgb (report->cr, 0.45, 0.45, 0.45);
  cairo_move_to (report->cr, MARGIN, PAGE_HEIGHT - MARGIN / 2 - 8);
  pango_cairo_show_layout (report->cr, layout);
  cairo_set_source_rgb (report->cr, 0, 0, 0);
}

static void
new_page (Report *report)
{
  footer (report);
  cairo_show_page (report->cr);
  report->page++;
  report->y = MARGIN;
}

static gboolean
need (Report *report,
      double  height)
{
  if (report->y + height <= PAGE_HEIGHT - MARGIN)
    return FALSE;
  new_page (report);
  return TRUE;
}

static void
paragraph (Report     *report,
           const char *text,
           double      size,
           gboolean    bold,
           double      space_after)
{
  g_autoptr(PangoLayout) layout = fc_pdf_text_layout (report->cr, text, size, bold, BODY_WIDTH);
  double h = fc_pdf_text_height (layout);

  need (report, h);
  cairo_move_to (report->cr, MARGIN, report->y);
  pango_cairo_show_layout (report->cr, layout);
  report->y += h + space_after;
}

static void
heading (Report     *report,
         const char *text)
{
  /* A heading never ends a page alone. */
  need (report, 60);
  report->y += 6;
  paragraph (report, text, 11.5, TRUE, 2);
  cairo_set_source_rgb (report->cr, 0.2, 0.35, 0.6);
  cairo_set_line_width (report->cr, 1);
  cairo_move_to (report->cr, MARGIN, report->y);
  cairo_line_to (report->cr, PAGE_WIDTH - MARGIN, report->y);
  cairo_stroke (report->cr);
  cairo_set_source_rgb (report->cr, 0, 0, 0);
  report->y += 5;
}

static double
row_height (Report            *report,
            const Column      *columns,
            guint              n,
            const char *const *cells,
            gboolean           bold,
            GPtrArray         *layouts)
{
  double height = 0;

  for (guint i = 0; i < n; i++)
    {
      PangoLayout *layout = fc_pdf_text_layout (report->cr, cells[i], TABLE_FONT, bold,
                                         columns[i].width * BODY_WIDTH - 6);

      if (columns[i].numeric)
        pango_layout_set_alignment (layout, PANGO_ALIGN_RIGHT);
      height = MAX (height, fc_pdf_text_height (layout));
      g_ptr_array_add (layouts, layout);
    }
  return height + 5;
}

static void
draw_row (Report       *report,
          const Column *columns,
          guint         n,
          GPtrArray    *layouts,
          double        height,
          double        r,
          double        g,
          double        b,
          gboolean      red_text)
{
  double x = MARGIN, width = 0;

  for (guint i = 0; i < n; i++)
    width += columns[i].width * BODY_WIDTH;
  cairo_set_source_rgb (report->cr, r, g, b);
  cairo_rectangle (report->cr, MARGIN, report->y, width, height);
  cairo_fill (report->cr);
  if (red_text)
    cairo_set_source_rgb (report->cr, 0.61, 0, 0.02);
  else
    cairo_set_source_rgb (report->cr, 0, 0, 0);
  for (guint i = 0; i < n; i++)
    {
      cairo_move_to (report->cr, x + 3, report->y + 2.5);
      pango_cairo_show_layout (report->cr, g_ptr_array_index (layouts, i));
      x += columns[i].width * BODY_WIDTH;
    }
  report->y += height;
  cairo_set_source_rgb (report->cr, 0.75, 0.75, 0.75);
  cairo_set_line_width (report->cr, 0.3);
  cairo_move_to (report->cr, MARGIN, report->y);
  cairo_line_to (report->cr, MARGIN + width, report->y);
  cairo_stroke (report->cr);
  cairo_set_source_rgb (report->cr, 0, 0, 0);
}

static void
table_header (Report       *report,
              const Column *columns,
              guint         n)
{
  g_autoptr(GPtrArray) layouts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree const char **cells = g_new0 (const char *, n);
  double height;

  for (guint i = 0; i < n; i++)
    cells[i] = columns[i].header;
  height = row_height (report, columns, n, cells, TRUE, layouts);
  draw_row (report, columns, n, layouts, height, 0.85, 0.88, 0.95, FALSE);
}

/* Rows are GStrv; a row whose extra cell n is "!" is drawn in red (overdue). */
static void
table (Report       *report,
       const Column *columns,
       guint         n,
       GPtrArray    *rows)
{
  if (rows->len == 0)
    {
      paragraph (report, _("None."), 9, FALSE, 4);
      return;
    }
  need (report, 40);
  table_header (report, columns, n);
  for (guint r = 0; r < rows->len; r++)
    {
      char **cells = rows->pdata[r];
      g_autoptr(GPtrArray) layouts = g_ptr_array_new_with_free_func (g_object_unref);
      double height = row_height (report, columns, n, (const char *const *) cells, FALSE, layouts);
      gboolean late = g_strv_length (cells) > n && g_str_equal (cells[n], "!");

      if (need (report, height))
        table_header (report, columns, n);
      draw_row (report, columns, n, layouts, height,
                late ? 1.0 : r % 2 ? 0.96 : 1.0, late ? 0.93 : r % 2 ? 0.96 : 1.0,
                late ? 0.93 : r % 2 ? 0.96 : 1.0, late);
    }
  report->y += 6;
}

static char *
rate (guint part,
      guint whole)
{
  if (whole == 0)
    return g_strdup ("—");
  return g_strdup_printf ("%.1f%%", 100.0 * part / whole);
}

static char *
count (JsonObject *row,
       const char *member)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT,
                          json_object_get_int_member_with_default (row, member, 0));
}

typedef const char *(*LabelFunc) (const char *wire);

static const char *
level_label (const char *wire)
{
  FcHazardLevel level;

  return fc_hazard_level_from_string (wire, &level) ? fc_hazard_level_label (level) : wire;
}

static const char *
category_label (const char *wire)
{
  FcCategory category;

  return fc_category_from_string (wire, &category) ? fc_category_label (category) : wire;
}

static const char *
status_label (const char *wire)
{
  FcHazardStatus status;

  return fc_hazard_status_from_string (wire, &status) ? fc_hazard_status_label (status) : wire;
}

/* Rows of a grouped count: key, [facilities,] found, rectified, rate, open, overdue. */
static GPtrArray *
count_rows (JsonArray *groups,
            LabelFunc  label,
            gboolean   with_facilities,
            const char *empty_key)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  for (guint i = 0; i < json_array_get_length (groups); i++)
    {
      JsonObject *g = json_array_get_object_element (groups, i);
      const char *key = json_object_get_string_member_with_default (g, "key", "");
      GStrv cells = g_new0 (char *, 8);
      guint c = 0;
      gint64 found = json_object_get_int_member_with_default (g, "found", 0);
      gint64 rectified = json_object_get_int_member_with_default (g, "rectified", 0);

      cells[c++] = g_strdup (*key == '\0' && empty_key ? empty_key : label ? label (key) : key);
      if (with_facilities)
        cells[c++] = count (g, "facilities");
      cells[c++] = count (g, "found");
      cells[c++] = count (g, "rectified");
      cells[c++] = rate ((guint) rectified, (guint) found);
      cells[c++] = count (g, "open");
      cells[c++] = count (g, "overdue");
      g_ptr_array_add (rows, cells);
    }
  return rows;
}

static void
draw_report (Report                  *report,
             const FcPeriodicFigures *f)
{
  const char *title = f->period == FC_REPORT_WEEKLY
    ? _("Weekly dispatch on the safety hazards of civil-affairs institutions")
    : _("Monthly bulletin on the safety hazards of civil-affairs institutions");
  g_autofree char *period = g_strdup_printf (_("Period: %s to %s"), f->start, f->end);
  g_autofree char *found_rate = rate (f->rectified, f->found);
  g_autofree char *summary = NULL;
  g_autofree char *in_period = NULL;
  g_autofree char *majors = NULL;
  g_autofree char *loop = NULL;
  static const Column status_columns[] = {
    { N_("Status"), 0.5, FALSE }, { N_("Hazards"), 0.2, TRUE },
  };
  static const Column count_columns[] = {
    { NULL, 0.32, FALSE }, { N_("Found"), 0.13, TRUE }, { N_("Rectified"), 0.13, TRUE },
    { N_("Rate"), 0.13, TRUE }, { N_("Open"), 0.13, TRUE }, { N_("Overdue"), 0.16, TRUE },
  };
  static const Column grid_columns[] = {
    { NULL, 0.25, FALSE }, { N_("Facilities"), 0.12, TRUE }, { N_("Found"), 0.12, TRUE },
    { N_("Rectified"), 0.13, TRUE }, { N_("Rate"), 0.12, TRUE }, { N_("Open"), 0.12, TRUE },
    { N_("Overdue"), 0.14, TRUE },
  };
  static const Column major_columns[] = {
    { N_("No."), 0.06, TRUE }, { N_("Institution"), 0.2, FALSE }, { N_("Hazard"), 0.27, FALSE },
    { N_("Supervision"), 0.18, FALSE }, { N_("Deadline"), 0.14, FALSE },
    { N_("Status"), 0.15, FALSE },
  };
  static const Column overdue_columns[] = {
    { N_("No."), 0.06, TRUE }, { N_("Institution"), 0.2, FALSE }, { N_("Town"), 0.1, FALSE },
    { N_("Hazard"), 0.27, FALSE }, { N_("Level"), 0.1, FALSE }, { N_("Deadline"), 0.14, FALSE },
    { N_("Days over"), 0.13, TRUE },
  };
  static const Column facility_columns[] = {
    { N_("Institution"), 0.28, FALSE }, { N_("Town"), 0.14, FALSE }, { N_("Found"), 0.1, TRUE },
    { N_("Rectified"), 0.12, TRUE }, { N_("Open"), 0.1, TRUE }, { N_("Overdue"), 0.12, TRUE },
    { N_("Major open"), 0.14, TRUE },
  };
  Column translated[7];
  g_autoptr(GPtrArray) rows = NULL;

  report->y = MARGIN;
  paragraph (report, title, 16, TRUE, 4);
  paragraph (report, period, 10, FALSE, 10);

  /* Translators: the report's headline figures, as a bureau writes them:
   * "排查隐患 233 个，已整改 195 个，整改率 83.7%" */
  summary = g_strdup_printf (_("Hazards found: %u; rectified and closed out: %u; rectification "
                               "rate %s. Still open: %u, of which %u overdue."),
                             f->found, f->rectified, found_rate, f->open, f->overdue);
  in_period = g_strdup_printf (_("In this period: %u found, %u rectified and closed out."),
                               f->found_in_period, f->rectified_in_period);
  majors = g_strdup_printf (_("Major hazards: %u found, %u closed out."),
                            f->major_found, f->major_rectified);
  paragraph (report, summary, 10.5, TRUE, 3);
  paragraph (report, in_period, 10, FALSE, 3);
  paragraph (report, majors, 10, FALSE, 3);
  loop = g_strdup_printf (_("Look-back re-checks in this period: %u, of which %u rebounded and "
                            "were reopened. Whistle-blower reports received: %u; made hazards: "
                            "%u; commended: %u."),
                          f->lookbacks_checked, f->rebounds, f->whistle_received,
                          f->whistle_triaged, f->whistle_commended);
  paragraph (report, loop, 10, FALSE, 6);

#define TRANSLATE(cols, first)                                           \
  G_STMT_START {                                                         \
    for (guint i = 0; i < G_N_ELEMENTS (cols); i++)                      \
      {                                                                  \
        translated[i] = cols[i];                                         \
        translated[i].header = cols[i].header ? _(cols[i].header) : (first); \
      }                                                                  \
  } G_STMT_END

  heading (report, _("Hazards by status"));
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  for (guint i = 0; i < json_array_get_length (f->by_status); i++)
    {
      JsonObject *s = json_array_get_object_element (f->by_status, i);
      GStrv cells = g_new0 (char *, 3);

      cells[0] = g_strdup (status_label (json_object_get_string_member (s, "key")));
      cells[1] = count (s, "count");
      g_ptr_array_add (rows, cells);
    }
  TRANSLATE (status_columns, NULL);
  table (report, translated, G_N_ELEMENTS (status_columns), rows);
  g_clear_pointer (&rows, g_ptr_array_unref);

  heading (report, _("Hazards by level"));
  rows = count_rows (f->by_level, level_label, FALSE, NULL);
  TRANSLATE (count_columns, _("Level"));
  table (report, translated, G_N_ELEMENTS (count_columns), rows);
  g_clear_pointer (&rows, g_ptr_array_unref);

  heading (report, _("Hazards by category"));
  rows = count_rows (f->by_category, category_label, FALSE, NULL);
  TRANSLATE (count_columns, _("Category"));
  table (report, translated, G_N_ELEMENTS (count_columns), rows);
  g_clear_pointer (&rows, g_ptr_array_unref);

  heading (report, _("Major hazards and their status"));
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  for (guint i = 0; i < f->majors->len; i++)
    {
      const FcLedgerRow *h = &f->majors->rows[i];
      GStrv cells = g_new0 (char *, 8);

      cells[0] = g_strdup_printf ("%u", i + 1);
      cells[1] = g_strdup (h->facility_name);
      cells[2] = g_strdup (h->description);
      cells[3] = h->supervising_leader ? fc_ledger_supervision_text (h)
                                       : g_strdup (_("Not yet under listed supervision"));
      cells[4] = g_strdup (h->deadline ? h->deadline : "");
      cells[5] = fc_ledger_progress_text (h);
      cells[6] = g_strdup (h->overdue ? "!" : "");
      g_ptr_array_add (rows, cells);
    }
  TRANSLATE (major_columns, NULL);
  table (report, translated, G_N_ELEMENTS (major_columns), rows);
  g_clear_pointer (&rows, g_ptr_array_unref);

  heading (report, _("Overdue hazards"));
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  for (guint i = 0; i < f->overdue_list->len; i++)
    {
      const FcLedgerRow *h = &f->overdue_list->rows[i];
      GStrv cells = g_new0 (char *, 9);

      cells[0] = g_strdup_printf ("%u", i + 1);
      cells[1] = g_strdup (h->facility_name);
      cells[2] = g_strdup (h->town);
      cells[3] = g_strdup (h->description);
      cells[4] = g_strdup (fc_hazard_level_label (h->level));
      cells[5] = g_strdup (h->deadline ? h->deadline : "");
      cells[6] = g_strdup_printf ("%u", h->days_overdue);
      g_ptr_array_add (rows, cells);
    }
  TRANSLATE (overdue_columns, NULL);
  table (report, translated, G_N_ELEMENTS (overdue_columns), rows);
  g_clear_pointer (&rows, g_ptr_array_unref);

  heading (report, _("By town"));
  rows = count_rows (f->by_town, NULL, TRUE, NULL);
  TRANSLATE (grid_columns, _("Town"));
  table (report, translated, G_N_ELEMENTS (grid_columns), rows);
  g_clear_pointer (&rows, g_ptr_array_unref);

  heading (report, _("By area leader"));
  rows = count_rows (f->by_area_leader, NULL, TRUE, _("No area leader"));
  TRANSLATE (grid_columns, _("Area leader"));
  table (report, translated, G_N_ELEMENTS (grid_columns), rows);
  g_clear_pointer (&rows, g_ptr_array_unref);

  heading (report, _("By institution"));
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  for (guint i = 0; i < json_array_get_length (f->by_facility); i++)
    {
      JsonObject *g = json_array_get_object_element (f->by_facility, i);
      GStrv cells = g_new0 (char *, 9);

      cells[0] = g_strdup (json_object_get_string_member_with_default (g, "key", ""));
      cells[1] = g_strdup (json_object_get_string_member_with_default (g, "town", ""));
      cells[2] = count (g, "found");
      cells[3] = count (g, "rectified");
      cells[4] = count (g, "open");
      cells[5] = count (g, "overdue");
      cells[6] = count (g, "major_open");
      cells[7] = g_strdup (json_object_get_int_member_with_default (g, "overdue", 0) ? "!" : "");
      g_ptr_array_add (rows, cells);
    }
  TRANSLATE (facility_columns, NULL);
  table (report, translated, G_N_ELEMENTS (facility_columns), rows);
#undef TRANSLATE
}

/**
 * fc_report_periodic_write:
 * @store: the store
 * @period: weekly dispatch or monthly bulletin
 * @day: YYYY-MM-DD, the report's day
 * @path: the PDF to write; replaced only once the new one is complete
 * @error: return location for an error
 *
 * Writes the report as an A4 PDF.
 */
gboolean
fc_report_periodic_write (FcStore         *store,
                          FcReportPeriod   period,
                          const char      *day,
                          const char      *path,
                          GError         **error)
{
  g_autoptr(FcPeriodicFigures) figures = NULL;
  g_autofree char *tmp = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  Report report = { 0 };

  g_return_val_if_fail (FC_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  figures = fc_report_periodic_figures (store, period, day, error);
  if (figures == NULL)
    return FALSE;

  tmp = g_strdup_printf ("%s.%u.tmp", path, g_random_int ());
  surface = cairo_pdf_surface_create (tmp, PAGE_WIDTH, PAGE_HEIGHT);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_FAILED, _("Cannot write the report to “%s”: %s"),
                   path, cairo_status_to_string (cairo_surface_status (surface)));
      cairo_surface_destroy (surface);
      return FALSE;
    }
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE,
                                  period == FC_REPORT_WEEKLY ? _("Weekly dispatch")
                                                             : _("Monthly bulletin"));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Fieldcheck");
  report.cr = cairo_create (surface);
  report.page = 1;
  report.footer = g_strdup_printf ("%s %s – %s",
                                   period == FC_REPORT_WEEKLY ? _("Weekly dispatch")
                                                              : _("Monthly bulletin"),
                                   figures->start, figures->end);
  draw_report (&report, figures);
  footer (&report);
  cairo_show_page (report.cr);
  cairo_destroy (report.cr);
  g_free (report.footer);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS || g_rename (tmp, path) != 0)
    {
      int saved = errno;

      g_set_error (error, FC_ERROR, FC_ERROR_FAILED, _("Cannot write the report to “%s”: %s"),
                   path, status != CAIRO_STATUS_SUCCESS ? cairo_status_to_string (status)
                                                        : g_strerror (saved));
      g_unlink (tmp);
      return FALSE;
    }
  return TRUE;
}
