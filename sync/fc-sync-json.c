/* fc-sync-json.c: a strict JSON scanner for the messages of sync, read in one pass
 *
 * json-glib builds a tree of nodes and hash tables for every op of a batch,
 * and the sync code then copies what it needs out of it: measured by
 * bench/fc-bench-sync, a third of the server's time on a push. The scanner
 * reads the text once and builds only the op and its fields. It runs after
 * fc_sync_json_check_limits() (size, depth, UTF-8), and is stricter than
 * json-glib, never laxer: RFC 8259 only, no control characters in strings,
 * no U+0000, no lone surrogates, no numbers out of range.
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "fc-error.h"
#include "fc-sync-json.h"

#define MAX_NAME_LEN 64

void
fc_json_scan_init (FcJsonScan *s,
                   const char *data,
                   gsize       len)
{
  s->p = data;
  s->end = data + len;
  s->failed = FALSE;
}

static gboolean
fail (FcJsonScan *s)
{
  s->failed = TRUE;
  s->p = s->end;
  return FALSE;
}

static void
skip_ws (FcJsonScan *s)
{
  while (s->p < s->end && (*s->p == ' ' || *s->p == '\n' || *s->p == '\r' || *s->p == '\t'))
    s->p++;
}

/* Whether the next value starts with @c; consumes nothing. */
gboolean
fc_json_scan_peek (FcJsonScan *s,
                   char        c)
{
  skip_ws (s);
  return !s->failed && s->p < s->end && *s->p == c;
}

gboolean
fc_json_scan_begin (FcJsonScan *s,
                    char        open)
{
  if (!fc_json_scan_peek (s, open))
    return fail (s);
  s->p++;
  return TRUE;
}

/* Between the members or elements of what fc_json_scan_begin() opened:
 * %TRUE when another one follows, %FALSE at @close (consumed) or on failure. */
gboolean
fc_json_scan_next (FcJsonScan *s,
                   char        close,
                   gboolean   *first)
{
  skip_ws (s);
  if (s->failed || s->p >= s->end)
    return fail (s);
  if (*s->p == close)
    {
      s->p++;
      return FALSE;
    }
  if (!*first)
    {
      if (*s->p != ',')
        return fail (s);
      s->p++;
      skip_ws (s);
      if (s->p < s->end && *s->p == close)
        return fail (s);
    }
  *first = FALSE;
  return TRUE;
}

static int
hex4 (const char *p)
{
  int value = 0;

  for (int i = 0; i < 4; i++)
    {
      int d = g_ascii_xdigit_value (p[i]);

      if (d < 0)
        return -1;
      value = value * 16 + d;
    }
  return value;
}

static char *
scan_string (FcJsonScan *s)
{
  GString *out;
  const char *run;

  skip_ws (s);
  if (s->failed || s->p >= s->end || *s->p != '"')
    {
      fail (s);
      return NULL;
    }
  s->p++;
  /* Most strings hold no escape: one copy. */
  for (run = s->p; run < s->end && *run != '"' && *run != '\\' && (guchar) *run >= 0x20; run++)
    ;
  if (run < s->end && *run == '"')
    {
      char *text = g_strndup (s->p, run - s->p);

      s->p = run + 1;
      return text;
    }

  out = g_string_new (NULL);
  while (s->p < s->end)
    {
      guchar c = (guchar) *s->p;

      if (c == '"')
        {
          s->p++;
          return g_string_free (out, FALSE);
        }
      if (c < 0x20)
        break;
      if (c != '\\')
        {
          g_string_append_c (out, (char) c);
          s->p++;
          continue;
        }
      if (s->end - s->p < 2)
        break;
      s->p += 2;
      switch (s->p[-1])
        {
        case '"': g_string_append_c (out, '"'); continue;
        case '\\': g_string_append_c (out, '\\'); continue;
        case '/': g_string_append_c (out, '/'); continue;
        case 'b': g_string_append_c (out, '\b'); continue;
        case 'f': g_string_append_c (out, '\f'); continue;
        case 'n': g_string_append_c (out, '\n'); continue;
        case 'r': g_string_append_c (out, '\r'); continue;
        case 't': g_string_append_c (out, '\t'); continue;
        case 'u':
          {
            int u, low;

            if (s->end - s->p < 4 || (u = hex4 (s->p)) <= 0)
              goto bad;
            s->p += 4;
            if (u >= 0xdc00 && u <= 0xdfff)
              goto bad;
            if (u >= 0xd800 && u <= 0xdbff)
              {
                if (s->end - s->p < 6 || s->p[0] != '\\' || s->p[1] != 'u' ||
                    (low = hex4 (s->p + 2)) < 0xdc00 || low > 0xdfff)
                  goto bad;
                s->p += 6;
                u = 0x10000 + ((u - 0xd800) << 10) + (low - 0xdc00);
              }
            g_string_append_unichar (out, (gunichar) u);
            continue;
          }
        default:
          goto bad;
        }
    }
bad:
  g_string_free (out, TRUE);
  fail (s);
  return NULL;
}

/* A member's name and its colon. */
char *
fc_json_scan_key (FcJsonScan *s)
{
  char *key = scan_string (s);

  if (key == NULL)
    return NULL;
  skip_ws (s);
  if (s->p >= s->end || *s->p != ':')
    {
      g_free (key);
      fail (s);
      return NULL;
    }
  s->p++;
  return key;
}

static gboolean
literal (FcJsonScan *s,
         const char *word)
{
  gsize len = strlen (word);

  if ((gsize) (s->end - s->p) < len || memcmp (s->p, word, len) != 0)
    return fail (s);
  s->p += len;
  return TRUE;
}

static JsonNode *
scan_number (FcJsonScan *s)
{
  const char *start = s->p;
  gboolean integer = TRUE;
  char buffer[64];
  JsonNode *node;

#define DIGITS() G_STMT_START { if (s->p >= s->end || !g_ascii_isdigit (*s->p)) goto bad; \
                                while (s->p < s->end && g_ascii_isdigit (*s->p)) s->p++; } G_STMT_END
  if (s->p < s->end && *s->p == '-')
    s->p++;
  if (s->p < s->end && *s->p == '0')
    s->p++;
  else
    DIGITS ();
  if (s->p < s->end && *s->p == '.')
    {
      s->p++;
      integer = FALSE;
      DIGITS ();
    }
  if (s->p < s->end && (*s->p == 'e' || *s->p == 'E'))
    {
      s->p++;
      integer = FALSE;
      if (s->p < s->end && (*s->p == '+' || *s->p == '-'))
        s->p++;
      DIGITS ();
    }
#undef DIGITS

  if ((gsize) (s->p - start) >= sizeof buffer)
    goto bad;
  memcpy (buffer, start, s->p - start);
  buffer[s->p - start] = '\0';
  errno = 0;
  node = json_node_alloc ();
  if (integer)
    {
      gint64 value = g_ascii_strtoll (buffer, NULL, 10);

      if (errno == ERANGE)
        {
          json_node_unref (node);
          goto bad;
        }
      json_node_init_int (node, value);
    }
  else
    {
      double value = g_ascii_strtod (buffer, NULL);

      if (errno == ERANGE || !isfinite (value))
        {
          json_node_unref (node);
          goto bad;
        }
      json_node_init_double (node, value);
    }
  return node;

bad:
  fail (s);
  return NULL;
}

/* Skips one value of any kind. */
gboolean
fc_json_scan_skip (FcJsonScan *s)
{
  gboolean compound = FALSE;
  g_autoptr(JsonNode) node = fc_json_scan_scalar (s, &compound);

  return !s->failed;
}

/* The next value when it is a string, number, boolean or null; an object or
 * an array is skipped whole, with @compound set. */
JsonNode *
fc_json_scan_scalar (FcJsonScan *s,
                     gboolean   *compound)
{
  *compound = FALSE;
  skip_ws (s);
  if (s->failed || s->p >= s->end)
    {
      fail (s);
      return NULL;
    }
  switch (*s->p)
    {
    case '{':
    case '[':
      {
        char close = *s->p == '{' ? '}' : ']';
        gboolean first = TRUE;

        *compound = TRUE;
        s->p++;
        while (fc_json_scan_next (s, close, &first))
          {
            if (close == '}')
              g_free (fc_json_scan_key (s));
            if (!fc_json_scan_skip (s))
              return NULL;
          }
        return NULL;
      }
    case '"':
      {
        g_autofree char *text = scan_string (s);

        return text != NULL ? json_node_init_string (json_node_alloc (), text) : NULL;
      }
    case 't':
      return literal (s, "true") ? json_node_init_boolean (json_node_alloc (), TRUE) : NULL;
    case 'f':
      return literal (s, "false") ? json_node_init_boolean (json_node_alloc (), FALSE) : NULL;
    case 'n':
      return literal (s, "null") ? json_node_init_null (json_node_alloc ()) : NULL;
    default:
      return scan_number (s);
    }
}

/* Nothing but white space after the value. */
gboolean
fc_json_scan_finish (FcJsonScan *s)
{
  skip_ws (s);
  return !s->failed && s->p == s->end;
}

static gboolean
is_plain_name (const char *s)
{
  if (s == NULL || *s == '\0' || strlen (s) > MAX_NAME_LEN)
    return FALSE;
  for (const char *p = s; *p; p++)
    if (!(g_ascii_isalnum (*p) || *p == '_' || *p == '-'))
      return FALSE;
  return TRUE;
}

/* A member that should be a string: the string, or NULL. */
static void
take_string (FcJsonScan  *s,
             char       **out)
{
  g_clear_pointer (out, g_free);
  if (fc_json_scan_peek (s, '"'))
    *out = scan_string (s);
  else
    fc_json_scan_skip (s);
}

/* A member that should be a whole number of at least 0: it, or -1. */
static void
take_count (FcJsonScan *s,
            gint64     *out)
{
  gboolean compound;
  g_autoptr(JsonNode) node = fc_json_scan_scalar (s, &compound);

  *out = node != NULL && json_node_get_value_type (node) == G_TYPE_INT64 && json_node_get_int (node) >= 0
         ? json_node_get_int (node) : -1;
}

static JsonObject *
scan_fields (FcJsonScan *s,
             gboolean   *bad)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  gboolean first = TRUE;

  if (!fc_json_scan_begin (s, '{'))
    return NULL;
  while (fc_json_scan_next (s, '}', &first))
    {
      g_autofree char *name = fc_json_scan_key (s);
      gboolean compound;
      JsonNode *value;

      if (name == NULL)
        return NULL;
      value = fc_json_scan_scalar (s, &compound);
      if (value == NULL)
        {
          *bad = TRUE;
          continue;
        }
      if (!is_plain_name (name) || g_str_equal (name, "id"))
        *bad = TRUE;
      json_object_set_member (fields, name, value);
    }
  return s->failed ? NULL : g_steal_pointer (&fields);
}

/**
 * fc_json_scan_op:
 * @s: a scanner before an op
 * @error: set with %FC_ERROR_INVALID naming the bad member
 *
 * Reads one op with the rules of fc_op_from_json(). When the text itself is
 * not JSON, @s is failed and @error is left alone.
 *
 * Returns: (transfer full): the op, or %NULL
 */
FcOp *
fc_json_scan_op (FcJsonScan  *s,
                 GError     **error)
{
  g_autofree char *op_id = NULL;
  g_autofree char *device = NULL;
  g_autofree char *user = NULL;
  g_autofree char *table = NULL;
  g_autofree char *row = NULL;
  g_autofree char *kind = NULL;
  g_autoptr(JsonObject) fields = NULL;
  gboolean fields_bad = FALSE;
  gint64 seq = -1, base = -1, hlc = -1;
  gboolean first = TRUE;
  FcOp *op;

  if (!fc_json_scan_peek (s, '{'))
    {
      if (fc_json_scan_skip (s))
        g_set_error (error, FC_ERROR, FC_ERROR_INVALID, _("An op is not a JSON object"));
      return NULL;
    }
  s->p++;
  while (fc_json_scan_next (s, '}', &first))
    {
      g_autofree char *key = fc_json_scan_key (s);

      if (key == NULL)
        return NULL;
      if (g_str_equal (key, "op"))
        take_string (s, &op_id);
      else if (g_str_equal (key, "device"))
        take_string (s, &device);
      else if (g_str_equal (key, "user"))
        take_string (s, &user);
      else if (g_str_equal (key, "table"))
        take_string (s, &table);
      else if (g_str_equal (key, "row"))
        take_string (s, &row);
      else if (g_str_equal (key, "kind"))
        take_string (s, &kind);
      else if (g_str_equal (key, "seq"))
        take_count (s, &seq);
      else if (g_str_equal (key, "base"))
        take_count (s, &base);
      else if (g_str_equal (key, "hlc"))
        take_count (s, &hlc);
      else if (g_str_equal (key, "fields"))
        {
          g_clear_pointer (&fields, json_object_unref);
          fields_bad = FALSE;
          if (fc_json_scan_peek (s, '{'))
            fields = scan_fields (s, &fields_bad);
          else
            fc_json_scan_skip (s);
        }
      else
        fc_json_scan_skip (s);
    }
  if (s->failed)
    return NULL;

#define BAD(member)                                                                 \
  G_STMT_START {                                                                    \
    g_set_error (error, FC_ERROR, FC_ERROR_INVALID,                                 \
                 _("An op has a missing or malformed “%s”"), member);               \
    return NULL;                                                                    \
  } G_STMT_END

  if (!is_plain_name (table)) BAD ("table");
  if (!is_plain_name (row)) BAD ("row");
  if (!is_plain_name (op_id)) BAD ("op");
  if (!is_plain_name (device)) BAD ("device");
  if (seq < 0) BAD ("seq");
  if (base < 0) BAD ("base");
  if (hlc < 0) BAD ("hlc");
  if (g_strcmp0 (kind, "insert") != 0 && g_strcmp0 (kind, "update") != 0) BAD ("kind");
  if (fields == NULL || fields_bad) BAD ("fields");
#undef BAD

  op = g_new0 (FcOp, 1);
  op->op_id = g_steal_pointer (&op_id);
  op->device_id = g_steal_pointer (&device);
  op->device_seq = seq;
  op->user_id = g_steal_pointer (&user);
  op->table = g_steal_pointer (&table);
  op->row_id = g_steal_pointer (&row);
  op->kind = g_str_equal (kind, "insert") ? FC_OP_INSERT : FC_OP_UPDATE;
  op->fields = g_steal_pointer (&fields);
  op->base_hlc = (FcHlc) base;
  op->hlc = (FcHlc) hlc;
  return op;
}
