/* fcs-import-facilities.c: fieldcheck-server import-facilities FILE.csv
 *
 * The district's list of institutions, as the bureau keeps it in a
 * spreadsheet, saved as CSV (UTF-8, with or without a byte order mark; RFC
 * 4180 quoting). The first row names the columns, in English or in Chinese
 * (README). Every row is checked and written in one transaction: a bad row
 * stops the import with its line number and nothing is imported. A facility
 * is known by its name and town: importing it again updates the fields that
 * changed and leaves empty cells alone, so the same file can be imported
 * twice to no effect.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fc-op.h"
#include "fc-store-write.h"
#include "fc-types.h"
#include "fcs-commands.h"
#include "fcs-error.h"

typedef enum
{
  COLUMN_TEXT,
  COLUMN_TYPE,
  COLUMN_COUNT,
  COLUMN_PERSON,
} ColumnKind;

static const struct
{
  const char *field;      /* the facility's column */
  const char *header;     /* its name in the file, in English */
  const char *header_zh;  /* and as the bureau's sheets head it */
  gboolean    required;
  ColumnKind  kind;
} columns[] = {
  { "name", "name", "机构名称", TRUE, COLUMN_TEXT },
  { "type", "type", "机构类型", TRUE, COLUMN_TYPE },
  { "town", "town", "所属镇街", TRUE, COLUMN_TEXT },
  { "address", "address", "地址", FALSE, COLUMN_TEXT },
  { "beds", "beds", "床位数", FALSE, COLUMN_COUNT },
  { "legal_rep", "legal_rep", "法定代表人", FALSE, COLUMN_TEXT },
  { "legal_rep_phone", "legal_rep_phone", "法定代表人电话", FALSE, COLUMN_TEXT },
  { "safety_officer", "safety_officer", "安全管理员", FALSE, COLUMN_TEXT },
  { "safety_officer_phone", "safety_officer_phone", "安全管理员电话", FALSE, COLUMN_TEXT },
  { "area_leader_id", "area_leader", "包片领导", FALSE, COLUMN_PERSON },
  { "line_department", "line_department", "包线科室", FALSE, COLUMN_TEXT },
  { "point_cadre_id", "point_cadre", "包点干部", FALSE, COLUMN_PERSON },
};

#define N_COLUMNS G_N_ELEMENTS (columns)
#define COLUMN_NAME 0
#define COLUMN_TOWN 2

/* The Chinese names institutions go by, beside the wire names and labels. */
static const struct
{
  const char     *name;
  FcFacilityType  type;
} type_aliases[] = {
  { "养老机构", FC_FACILITY_ELDERLY_CARE },
  { "养老院", FC_FACILITY_ELDERLY_CARE },
  { "敬老院", FC_FACILITY_ELDERLY_CARE },
  { "儿童福利机构", FC_FACILITY_CHILD_WELFARE },
  { "儿童福利院", FC_FACILITY_CHILD_WELFARE },
  { "精神卫生福利机构", FC_FACILITY_MENTAL_HEALTH },
  { "救助管理机构", FC_FACILITY_RESCUE_STATION },
  { "救助管理站", FC_FACILITY_RESCUE_STATION },
  { "其他机构", FC_FACILITY_OTHER },
  { "其他", FC_FACILITY_OTHER },
};

typedef struct
{
  guint      line;
  GPtrArray *cells;
} CsvRecord;

static void
csv_record_free (CsvRecord *record)
{
  g_ptr_array_unref (record->cells);
  g_free (record);
}

G_GNUC_PRINTF (4, 5)
static void
set_line_error (GError     **error,
                const char  *file,
                guint        line,
                const char  *format,
                ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  /* Translators: a file's name, a line number in it, and what is wrong there. */
  g_set_error (error, FCS_ERROR, FCS_ERROR_INVALID, _("%s, line %u: %s"), file, line, what);
}

static gboolean
is_newline (const char *p)
{
  return *p == '\n' || *p == '\r';
}

/* Past one newline: \n, \r\n or a lone \r. */
static const char *
skip_newline (const char *p)
{
  if (p[0] == '\r' && p[1] == '\n')
    return p + 2;
  return p + 1;
}

static void
end_cell (CsvRecord *record,
          GString   *cell)
{
  g_ptr_array_add (record->cells, g_strstrip (g_strdup (cell->str)));
  g_string_truncate (cell, 0);
}

/* RFC 4180 records; blank lines are skipped. */
static GPtrArray *
csv_parse (const char  *text,
           const char  *file,
           GError     **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) csv_record_free);
  g_autoptr(GString) cell = g_string_new (NULL);
  CsvRecord *record = NULL;
  const char *p = text;
  guint line = 1;

  while (*p != '\0')
    {
      if (record == NULL)
        {
          record = g_new0 (CsvRecord, 1);
          record->line = line;
          record->cells = g_ptr_array_new_with_free_func (g_free);
        }

      if (*p == '"' && cell->len == 0)
        {
          guint opened = line;

          for (p++; ; p++)
            {
              if (*p == '\0')
                {
                  set_line_error (error, file, opened, _("a quoted cell is never closed"));
                  csv_record_free (record);
                  return NULL;
                }
              if (*p == '"' && p[1] == '"')
                {
                  g_string_append_c (cell, '"');
                  p++;
                }
              else if (*p == '"')
                break;
              else
                {
                  if (*p == '\n' || (*p == '\r' && p[1] != '\n'))
                    line++;
                  g_string_append_c (cell, *p);
                }
            }
          p++;
          if (*p != ',' && *p != '\0' && !is_newline (p))
            {
              set_line_error (error, file, line,
                              _("a quoted cell goes on after its closing quote; "
                                "double a quote inside a quoted cell"));
              csv_record_free (record);
              return NULL;
            }
          /* An empty quoted cell still counts as a cell. */
          if (cell->len == 0)
            g_string_append (cell, "");
          continue;
        }
      if (*p == ',')
        {
          end_cell (record, cell);
          p++;
          continue;
        }
      if (is_newline (p))
        {
          end_cell (record, cell);
          if (record->cells->len == 1 && *(char *) record->cells->pdata[0] == '\0')
            csv_record_free (record);
          else
            g_ptr_array_add (records, record);
          record = NULL;
          p = skip_newline (p);
          line++;
          continue;
        }
      g_string_append_c (cell, *p);
      p++;
    }
  if (record != NULL)
    {
      end_cell (record, cell);
      if (record->cells->len == 1 && *(char *) record->cells->pdata[0] == '\0')
        csv_record_free (record);
      else
        g_ptr_array_add (records, record);
    }
  return g_steal_pointer (&records);
}

static char *
normalise_header (const char *header)
{
  char *name = g_ascii_strdown (header, -1);

  g_strdelimit (name, " -", '_');
  return name;
}

static char *
column_list (void)
{
  GString *list = g_string_new (NULL);

  for (guint c = 0; c < N_COLUMNS; c++)
    g_string_append_printf (list, "%s%s (%s)", c ? ", " : "", columns[c].header,
                            columns[c].header_zh);
  return g_string_free (list, FALSE);
}

/* Which facility column each cell of the file holds. */
static gboolean
map_header (const CsvRecord  *header,
            const char       *file,
            int              *map,
            GError          **error)
{
  int seen[N_COLUMNS];

  for (guint c = 0; c < N_COLUMNS; c++)
    seen[c] = -1;
  for (guint i = 0; i < header->cells->len; i++)
    {
      const char *text = header->cells->pdata[i];
      g_autofree char *name = normalise_header (text);
      guint c;

      for (c = 0; c < N_COLUMNS; c++)
        if (g_str_equal (name, columns[c].header) || g_str_equal (text, columns[c].header_zh))
          break;
      if (c == N_COLUMNS)
        {
          g_autofree char *known = column_list ();

          set_line_error (error, file, header->line, _("“%s” is not a column of the facility list; "
                                                       "the columns are %s"), text, known);
          return FALSE;
        }
      if (seen[c] >= 0)
        {
          set_line_error (error, file, header->line, _("the column “%s” appears twice"), text);
          return FALSE;
        }
      seen[c] = (int) i;
      map[i] = (int) c;
    }
  for (guint c = 0; c < N_COLUMNS; c++)
    if (columns[c].required && seen[c] < 0)
      {
        set_line_error (error, file, header->line, _("the column “%s” (%s) is missing"),
                        columns[c].header, columns[c].header_zh);
        return FALSE;
      }
  return TRUE;
}

static gboolean
parse_type (const char     *text,
            FcFacilityType *type)
{
  if (fc_facility_type_from_string (text, type))
    return TRUE;
  for (int t = 0; t < FC_N_FACILITY_TYPES; t++)
    if (g_str_equal (text, fc_facility_type_label (t)))
      {
        *type = t;
        return TRUE;
      }
  for (guint i = 0; i < G_N_ELEMENTS (type_aliases); i++)
    if (g_str_equal (text, type_aliases[i].name))
      {
        *type = type_aliases[i].type;
        return TRUE;
      }
  return FALSE;
}

/* A person by login, id or name; a name two people share must be a login. */
static char *
find_person (FcStore     *store,
             const char  *who,
             const char  *file,
             guint        line,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *id = NULL;
  guint found = 0;

  stmt = fc_store_prepare (store, "SELECT id FROM person WHERE login = ?1 OR id = ?1 "
                                  "UNION SELECT id FROM person WHERE name = ?1 AND NOT EXISTS "
                                  "(SELECT 1 FROM person WHERE login = ?1 OR id = ?1)", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, who, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      found++;
      g_free (id);
      id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    }
  if (found == 1)
    return g_steal_pointer (&id);
  if (found == 0)
    set_line_error (error, file, line, _("there is no person “%s” on the server; add them with "
                                         "“fieldcheck-server user add”"), who);
  else
    set_line_error (error, file, line, _("more than one person is called “%s”; "
                                         "name them by their login"), who);
  return NULL;
}

/* The facility of this name in this town, and its stored values by column. */
static char *
find_facility (FcStore     *store,
               const char  *name,
               const char  *town,
               char       **stored,
               GError     **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT id");
  g_autoptr(sqlite3_stmt) stmt = NULL;

  for (guint c = 0; c < N_COLUMNS; c++)
    g_string_append_printf (sql, ", %s", columns[c].field);
  g_string_append (sql, " FROM facility WHERE name = ? AND town = ? AND retired = 0 "
                        "ORDER BY id LIMIT 1");
  stmt = fc_store_prepare (store, sql->str, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, town, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  for (guint c = 0; c < N_COLUMNS; c++)
    stored[c] = sqlite3_column_type (stmt, c + 1) == SQLITE_NULL
                ? NULL : g_strdup ((const char *) sqlite3_column_text (stmt, c + 1));
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

typedef struct
{
  guint added;
  guint updated;
  guint unchanged;
} ImportCounts;

/* Checks one row and writes it: a new facility, the fields that changed, or nothing. */
static gboolean
import_row (FcStore          *store,
            const CsvRecord  *record,
            const int        *map,
            guint             n_header,
            const char       *file,
            GHashTable       *seen,
            ImportCounts     *counts,
            GError          **error)
{
  const char *cell[N_COLUMNS] = { NULL };
  char *stored[N_COLUMNS] = { NULL };
  g_autofree char *id = NULL;
  g_autofree char *key = NULL;
  g_autoptr(FcOp) op = NULL;
  gboolean ok = TRUE;
  gpointer earlier;

  if (record->cells->len != n_header)
    {
      set_line_error (error, file, record->line, _("%u cells where the header has %u"),
                      record->cells->len, n_header);
      return FALSE;
    }
  for (guint i = 0; i < n_header; i++)
    cell[map[i]] = record->cells->pdata[i];
  for (guint c = 0; c < N_COLUMNS; c++)
    if (columns[c].required && (cell[c] == NULL || *cell[c] == '\0'))
      {
        set_line_error (error, file, record->line, _("the %s (%s) is empty"), columns[c].header,
                        columns[c].header_zh);
        return FALSE;
      }

  key = g_strconcat (cell[COLUMN_NAME], "\x1f", cell[COLUMN_TOWN], NULL);
  if (g_hash_table_lookup_extended (seen, key, NULL, &earlier))
    {
      set_line_error (error, file, record->line, _("“%s” in %s is already on line %u"),
                      cell[COLUMN_NAME], cell[COLUMN_TOWN], GPOINTER_TO_UINT (earlier));
      return FALSE;
    }
  g_hash_table_insert (seen, g_steal_pointer (&key), GUINT_TO_POINTER (record->line));

  id = find_facility (store, cell[COLUMN_NAME], cell[COLUMN_TOWN], stored, error);
  if (id == NULL && error != NULL && *error != NULL)
    return FALSE;
  op = id != NULL ? fc_op_new_update ("facility", id) : fc_op_new_insert ("facility", NULL);

  for (guint c = 0; ok && c < N_COLUMNS; c++)
    {
      g_autofree char *value = NULL;
      FcFacilityType type;
      gint64 count;

      if (cell[c] == NULL || *cell[c] == '\0')
        continue;
      switch (columns[c].kind)
        {
        case COLUMN_TEXT:
          value = g_strdup (cell[c]);
          break;
        case COLUMN_TYPE:
          if (!parse_type (cell[c], &type))
            {
              set_line_error (error, file, record->line,
                              _("“%s” is not a type of institution; use elderly_care, "
                                "child_welfare, mental_health, rescue_station or other"), cell[c]);
              ok = FALSE;
            }
          else
            value = g_strdup (fc_facility_type_to_string (type));
          break;
        case COLUMN_COUNT:
          if (!g_ascii_string_to_signed (cell[c], 10, 0, 100000, &count, NULL))
            {
              set_line_error (error, file, record->line,
                              _("the beds (床位数) “%s” are not a whole number"), cell[c]);
              ok = FALSE;
            }
          else
            value = g_strdup_printf ("%" G_GINT64_FORMAT, count);
          break;
        case COLUMN_PERSON:
          value = find_person (store, cell[c], file, record->line, error);
          ok = value != NULL;
          break;
        }
      if (!ok || g_strcmp0 (value, stored[c]) == 0)
        continue;
      if (columns[c].kind == COLUMN_COUNT)
        fc_op_set_int (op, columns[c].field, g_ascii_strtoll (value, NULL, 10));
      else
        fc_op_set_string (op, columns[c].field, value);
    }
  for (guint c = 0; c < N_COLUMNS; c++)
    g_free (stored[c]);
  if (!ok)
    return FALSE;

  if (json_object_get_size (op->fields) == 0)
    {
      counts->unchanged++;
      return TRUE;
    }
  if (id == NULL)
    fc_op_set_int (op, "retired", 0);
  if (!fc_store_write (store, op, error))
    {
      g_autofree char *why = g_strdup ((*error)->message);

      g_clear_error (error);
      set_line_error (error, file, record->line, "%s", why);
      return FALSE;
    }
  if (id != NULL)
    counts->updated++;
  else
    counts->added++;
  return TRUE;
}

/* A row of empty cells, as a spreadsheet writes for rows that were only formatted. */
static gboolean
is_blank (const CsvRecord *record)
{
  for (guint i = 0; i < record->cells->len; i++)
    if (*(const char *) record->cells->pdata[i] != '\0')
      return FALSE;
  return TRUE;
}

static gboolean
import_records (FcStore      *store,
                GPtrArray    *records,
                const char   *file,
                ImportCounts *counts,
                GError      **error)
{
  const CsvRecord *header = records->pdata[0];
  g_autofree int *map = g_new0 (int, header->cells->len);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (!map_header (header, file, map, error))
    return FALSE;
  for (guint r = 1; r < records->len; r++)
    if (!is_blank (records->pdata[r]) &&
        !import_row (store, records->pdata[r], map, header->cells->len, file, seen, counts, error))
      return FALSE;
  return TRUE;
}

/* The line of the first byte that is not UTF-8. */
static guint
line_of (const char *text,
         const char *at)
{
  guint line = 1;

  for (const char *p = text; p < at; p++)
    if (*p == '\n')
      line++;
  return line;
}

int
fcs_cmd_import_facilities (FcsOptions  *options,
                           int          argc,
                           char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FcsStorage) storage = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *file = NULL;
  g_autofree char *who = fcs_admin_actor ();
  g_autofree char *detail = NULL;
  ImportCounts counts = { 0 };
  const char *text;
  const char *bad;
  gsize length;
  FcStore *store;

  if (argc != 1)
    return fcs_usage (_("usage: fieldcheck-server import-facilities --data DIR FILE.csv "
                        "[--user LOGIN]"));
  if (!g_file_get_contents (argv[0], &contents, &length, &error))
    return fcs_fail (error);
  file = g_path_get_basename (argv[0]);
  text = contents;
  if (g_str_has_prefix (text, "\xef\xbb\xbf"))
    text += 3;
  if (!g_utf8_validate_len (text, length - (text - contents), &bad))
    {
      set_line_error (&error, file, line_of (text, bad),
                      _("this is not UTF-8 text; save the sheet as “CSV UTF-8”"));
      return fcs_fail (error);
    }
  records = csv_parse (text, file, &error);
  if (records == NULL)
    return fcs_fail (error);
  if (records->len == 0)
    {
      g_set_error (&error, FCS_ERROR, FCS_ERROR_INVALID,
                   _("%s holds no rows; the first row names the columns"), file);
      return fcs_fail (error);
    }

  storage = fcs_admin_open_storage (options, &error);
  if (storage == NULL)
    return fcs_fail (error);
  store = fcs_storage_sqlite_get_store (storage);
  if (!fcs_admin_set_user (store, options->user, &error) || !fc_store_begin (store, &error))
    return fcs_fail (error);
  if (!import_records (store, records, file, &counts, &error))
    {
      fc_store_rollback (store);
      return fcs_fail (error);
    }
  detail = g_strdup_printf ("added %u, updated %u, unchanged %u",
                            counts.added, counts.updated, counts.unchanged);
  if (!fcs_admin_audit (store, who, "import_facilities", file, detail, &error))
    {
      fc_store_rollback (store);
      return fcs_fail (error);
    }
  if (!fc_store_commit (store, &error))
    return fcs_fail (error);
  g_print ("added\t%u\nupdated\t%u\nunchanged\t%u\n", counts.added, counts.updated,
           counts.unchanged);
  return 0;
}
