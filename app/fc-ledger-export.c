/* fc-ledger-export.c: the rectification ledger as Excel and CSV
 *
 * The columns are the bureau's (两级台账): one row per hazard, numbered, with
 * what was found, the five must-haves, supervision, progress, acceptance and
 * close-out. The Excel file (libxlsxwriter) is ready to print: a frozen and
 * repeated header row, widths that fit Chinese text, A4 landscape, one page
 * wide, and overdue rows filled red. The CSV file starts with a UTF-8 byte
 * order mark so that Excel opens Chinese text correctly, and quotes fields as
 * RFC 4180 says. Both are written to a temporary file and renamed into place.
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <xlsxwriter.h>

#include "fc-error.h"
#include "fc-ledger-export.h"

/* The bureau's column headers are fixed by its ledger form (隐患整改台账) and
 * are data, not interface text: they stay in Chinese in every language. */
static const struct
{
  const char *header;
  double      width;   /* in characters of the default font; a Chinese character takes two */
} columns[FC_LEDGER_EXPORT_N_COLUMNS] = {
  { "序号", 6 },
  { "机构名称", 20 },
  { "所属镇街", 10 },
  { "隐患类别", 12 },
  { "隐患内容", 34 },
  { "风险等级", 8 },
  { "发现时间", 11 },
  { "发现方式", 12 },
  { "责任主体", 14 },
  { "整改措施", 30 },
  { "整改资金", 10 },
  { "整改期限", 11 },
  { "整改责任人", 10 },
  { "督办领导", 16 },
  { "整改进度", 14 },
  { "验收情况", 26 },
  { "销号时间", 11 },
  { "备注", 26 },
};

enum { COL_NUMBER = 0, COL_FUNDS = 10 };

/**
 * fc_ledger_export_headers:
 *
 * Returns: (transfer none) (array zero-terminated=1): the bureau's column headers
 */
const char *const *
fc_ledger_export_headers (void)
{
  static const char *headers[FC_LEDGER_EXPORT_N_COLUMNS + 1];

  if (headers[0] == NULL)
    for (guint i = 0; i < FC_LEDGER_EXPORT_N_COLUMNS; i++)
      headers[i] = columns[i].header;
  return headers;
}

static char *
day_of (const char *iso)
{
  return g_strndup (iso ? iso : "", 10);
}

/**
 * fc_ledger_export_cells:
 * @row: a ledger row
 * @number: its number in the ledger (序号), from 1
 *
 * Returns: (transfer full): the row's cells as text, one per column of
 *   fc_ledger_export_headers(); empty strings for what was not recorded
 */
GStrv
fc_ledger_export_cells (const FcLedgerRow *row,
                        guint              number)
{
  GStrv cells = g_new0 (char *, FC_LEDGER_EXPORT_N_COLUMNS + 1);
  guint c = 0;

#define TEXT_CELL(value) cells[c++] = g_strdup ((value) ? (value) : "")
  cells[c++] = g_strdup_printf ("%u", number);
  TEXT_CELL (row->facility_name);
  TEXT_CELL (row->town);
  TEXT_CELL (fc_category_label (row->category));
  TEXT_CELL (row->description);
  TEXT_CELL (fc_hazard_level_label (row->level));
  cells[c++] = day_of (row->found_at);
  TEXT_CELL (fc_ledger_source_label (row));
  TEXT_CELL (row->responsible_party);
  TEXT_CELL (row->measures);
  if (row->has_funds)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      cells[c++] = g_strdup (g_ascii_formatd (buf, sizeof buf, "%.2f", row->funds));
    }
  else
    TEXT_CELL (NULL);
  TEXT_CELL (row->deadline);
  TEXT_CELL (row->responsible_person);
  cells[c++] = fc_ledger_supervision_text (row);
  cells[c++] = fc_ledger_progress_text (row);
  cells[c++] = fc_ledger_acceptance_text (row);
  cells[c++] = day_of (row->closed_at);
  cells[c++] = fc_ledger_remarks_text (row);
#undef TEXT_CELL
  g_assert (c == FC_LEDGER_EXPORT_N_COLUMNS);
  return cells;
}

static void
append_csv_field (GString    *out,
                  const char *field)
{
  if (strpbrk (field, ",\"\r\n") == NULL)
    {
      g_string_append (out, field);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = field; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
append_csv_record (GString           *out,
                   const char *const *fields)
{
  for (guint i = 0; fields[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_csv_field (out, fields[i]);
    }
  g_string_append (out, "\r\n");
}

/**
 * fc_ledger_export_csv:
 * @ledger: the rows to write
 * @path: the file to write; replaced only once the new one is complete
 * @error: return location for an error
 *
 * Writes the ledger as CSV: UTF-8 with a byte order mark, CRLF line ends,
 * fields quoted as RFC 4180 says.
 */
gboolean
fc_ledger_export_csv (const FcLedger  *ledger,
                      const char      *path,
                      GError         **error)
{
  g_autoptr(GString) out = g_string_new ("\xEF\xBB\xBF");
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (ledger != NULL && path != NULL, FALSE);

  append_csv_record (out, fc_ledger_export_headers ());
  for (guint i = 0; i < ledger->len; i++)
    {
      g_auto(GStrv) cells = fc_ledger_export_cells (&ledger->rows[i], i + 1);

      append_csv_record (out, (const char *const *) cells);
    }
  if (!g_file_set_contents (path, out->str, (gssize) out->len, &local_error))
    {
      g_set_error (error, FC_ERROR, FC_ERROR_FAILED, _("Cannot write the ledger to “%s”: %s"),
                   path, local_error->message);
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  lxw_format *header;
  lxw_format *text;
  lxw_format *number;
  lxw_format *funds;
  lxw_format *late_text;
  lxw_format *late_number;
  lxw_format *late_funds;
} Formats;

static lxw_format *
body_format (lxw_workbook *workbook,
             gboolean      late,
             const char   *num_format)
{
  lxw_format *f = workbook_add_format (workbook);

  format_set_text_wrap (f);
  format_set_align (f, LXW_ALIGN_VERTICAL_TOP);
  format_set_border (f, LXW_BORDER_THIN);
  format_set_font_size (f, 10);
  if (num_format != NULL)
    format_set_num_format (f, num_format);
  if (late)
    {
      /* Excel's own "light red fill with dark red text". */
      format_set_bg_color (f, 0xFFC7CE);
      format_set_font_color (f, 0x9C0006);
    }
  return f;
}

static void
make_formats (lxw_workbook *workbook,
              Formats      *formats)
{
  formats->header = workbook_add_format (workbook);
  format_set_bold (formats->header);
  format_set_text_wrap (formats->header);
  format_set_align (formats->header, LXW_ALIGN_CENTER);
  format_set_align (formats->header, LXW_ALIGN_VERTICAL_CENTER);
  format_set_border (formats->header, LXW_BORDER_THIN);
  format_set_bg_color (formats->header, 0xD9E1F2);
  format_set_font_size (formats->header, 10);

  formats->text = body_format (workbook, FALSE, NULL);
  formats->number = body_format (workbook, FALSE, "0");
  formats->funds = body_format (workbook, FALSE, "#,##0.00");
  formats->late_text = body_format (workbook, TRUE, NULL);
  formats->late_number = body_format (workbook, TRUE, "0");
  formats->late_funds = body_format (workbook, TRUE, "#,##0.00");
}

static gboolean
check (lxw_error   status,
       const char *path,
       GError    **error)
{
  if (status == LXW_NO_ERROR)
    return TRUE;
  g_set_error (error, FC_ERROR, FC_ERROR_FAILED, _("Cannot write the ledger to “%s”: %s"),
               path, lxw_strerror (status));
  return FALSE;
}

static gboolean
write_sheet (lxw_workbook   *workbook,
             lxw_worksheet  *sheet,
             const FcLedger *ledger,
             const char     *title,
             const char     *path,
             GError        **error)
{
  Formats f;
  g_autofree char *header = NULL;

  make_formats (workbook, &f);

  for (guint c = 0; c < FC_LEDGER_EXPORT_N_COLUMNS; c++)
    if (!check (worksheet_set_column (sheet, (lxw_col_t) c, (lxw_col_t) c, columns[c].width, NULL),
                path, error) ||
        !check (worksheet_write_string (sheet, 0, (lxw_col_t) c, columns[c].header, f.header),
                path, error))
      return FALSE;
  worksheet_set_row (sheet, 0, 30, NULL);

  for (guint r = 0; r < ledger->len; r++)
    {
      const FcLedgerRow *row = &ledger->rows[r];
      g_auto(GStrv) cells = fc_ledger_export_cells (row, r + 1);
      lxw_row_t y = (lxw_row_t) r + 1;

      for (guint c = 0; c < FC_LEDGER_EXPORT_N_COLUMNS; c++)
        {
          lxw_error status;

          if (c == COL_NUMBER)
            status = worksheet_write_number (sheet, y, (lxw_col_t) c, r + 1,
                                             row->overdue ? f.late_number : f.number);
          else if (c == COL_FUNDS && row->has_funds)
            status = worksheet_write_number (sheet, y, (lxw_col_t) c, row->funds,
                                             row->overdue ? f.late_funds : f.funds);
          else if (*cells[c] == '\0')
            status = worksheet_write_blank (sheet, y, (lxw_col_t) c,
                                            row->overdue ? f.late_text : f.text);
          else
            status = worksheet_write_string (sheet, y, (lxw_col_t) c, cells[c],
                                             row->overdue ? f.late_text : f.text);
          if (!check (status, path, error))
            return FALSE;
        }
    }

  worksheet_freeze_panes (sheet, 1, 0);
  if (!check (worksheet_autofilter (sheet, 0, 0, (lxw_row_t) ledger->len,
                                    FC_LEDGER_EXPORT_N_COLUMNS - 1), path, error) ||
      !check (worksheet_repeat_rows (sheet, 0, 0), path, error))
    return FALSE;
  worksheet_set_landscape (sheet);
  worksheet_set_paper (sheet, 9);                /* A4 */
  worksheet_set_margins (sheet, 0.4, 0.4, 0.6, 0.6);
  worksheet_fit_to_pages (sheet, 1, 0);          /* one page wide, as many long as needed */
  worksheet_center_horizontally (sheet);
  /* Excel header and footer codes: &C centre, &P page, &N pages; "&&" is "&". */
  {
    g_autoptr(GString) escaped = g_string_new (title);

    g_string_replace (escaped, "&", "&&", 0);
    header = g_strdup_printf ("&C%s", escaped->str);
  }
  if (!check (worksheet_set_header (sheet, header), path, error) ||
      !check (worksheet_set_footer (sheet, "&C&P / &N"), path, error))
    return FALSE;
  return TRUE;
}

/**
 * fc_ledger_export_xlsx:
 * @ledger: the rows to write
 * @path: the file to write; replaced only once the new one is complete
 * @title: the title printed on every page, such as the district's name and
 *   "rectification ledger"
 * @error: return location for an error
 *
 * Writes the ledger as an Excel workbook of one sheet.
 */
gboolean
fc_ledger_export_xlsx (const FcLedger  *ledger,
                       const char      *path,
                       const char      *title,
                       GError         **error)
{
  g_autofree char *tmp = NULL;
  lxw_workbook *workbook;
  lxw_worksheet *sheet;
  lxw_doc_properties properties = { 0 };
  gboolean ok;
  lxw_error status;

  g_return_val_if_fail (ledger != NULL && path != NULL && title != NULL, FALSE);

  tmp = g_strdup_printf ("%s.%u.tmp", path, g_random_int ());
  workbook = workbook_new (tmp);
  if (workbook == NULL)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_FAILED, _("Cannot write the ledger to “%s”"), path);
      return FALSE;
    }
  properties.title = (char *) title;
  properties.company = (char *) "Fieldcheck";
  workbook_set_properties (workbook, &properties);
  /* Sheet names are at most 31 characters; this one is the form's name. */
  sheet = workbook_add_worksheet (workbook, "隐患整改台账");
  ok = sheet != NULL && write_sheet (workbook, sheet, ledger, title, path, error);
  status = workbook_close (workbook);
  if (ok)
    ok = check (status, path, error);
  if (ok && g_rename (tmp, path) != 0)
    {
      int saved = errno;

      g_set_error (error, FC_ERROR, FC_ERROR_FAILED, _("Cannot write the ledger to “%s”: %s"),
                   path, g_strerror (saved));
      ok = FALSE;
    }
  if (!ok)
    g_unlink (tmp);
  return ok;
}
