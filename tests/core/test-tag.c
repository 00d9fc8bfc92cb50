/* test-tag.c: the tag payload — format, parse, check character, QR size, and
 * the round trip through libqrencode and libzbar */

#include "config.h"

#include <string.h>

#include "fc-error.h"
#include "fc-tag.h"
#include "fc-tag-decode.h"

#define DISTRICT "500154"

typedef struct
{
  const char *name;
  const char *district;
  const char *code;
  const char *payload; /* NULL: formatting must fail */
} FormatCase;

static const FormatCase format_cases[] = {
  { "numeric", DISTRICT, "001003", "FC1:500154:001003:?" },
  { "letters", DISTRICT, "EXIT", "FC1:500154:EXIT:?" },
  { "mixed", DISTRICT, "B2F03X7", "FC1:500154:B2F03X7:?" },
  { "one-character", DISTRICT, "7", "FC1:500154:7:?" },
  { "longest", DISTRICT, "ABCDEFGH1234", "FC1:500154:ABCDEFGH1234:?" },
  { "lower-case-is-upper-cased", DISTRICT, "gv12a", "FC1:500154:GV12A:?" },
  { "spaces-around-are-dropped", DISTRICT, " 42 ", "FC1:500154:42:?" },
  { "too-long", DISTRICT, "ABCDEFGH12345", NULL },
  { "empty", DISTRICT, "", NULL },
  { "hyphen", DISTRICT, "A-1", NULL },
  { "colon", DISTRICT, "A:1", NULL },
  { "chinese", DISTRICT, "灭火器", NULL },
  { "district-too-short", "50015", "001003", NULL },
  { "district-not-digits", "50015X", "001003", NULL },
};

static void
test_tag_format_cases (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (format_cases); i++)
    {
      const FormatCase *c = &format_cases[i];
      g_autoptr(GError) error = NULL;
      g_autofree char *payload = fc_tag_format (c->district, c->code, &error);

      g_test_message ("case %s", c->name);
      if (c->payload == NULL)
        {
          g_assert_error (error, FC_ERROR, FC_ERROR_INVALID);
          g_assert_null (payload);
          continue;
        }
      g_assert_no_error (error);
      /* All but the check character, which has its own test. */
      g_assert_cmpuint (strlen (payload), ==, strlen (c->payload));
      g_assert_cmpint (strncmp (payload, c->payload, strlen (c->payload) - 1), ==, 0);
      g_assert_true (g_ascii_isalnum (payload[strlen (payload) - 1]));
    }
}

static void
test_tag_check_char_is_iso_7064_mod_37_36 (void)
{
  /* From an independent implementation of the standard's recursion (hybrid
   * system, M = 36): s = (p + a) mod 36 or 36, p = 2s mod 37, check = (37 - p) mod 36. */
  static const struct { const char *text; char check; } cases[] = {
    { "0", '2' },
    { "1", 'Z' },
    { "A", 'H' },
    { "1500154001003", '8' },
    { "1500154001030", '2' },
    { "1110105001003", 'U' },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (fc_tag_check_char (cases[i].text), ==, cases[i].check);
  /* Case does not matter, and any other character has no check character. */
  g_assert_cmpint (fc_tag_check_char ("abc"), ==, fc_tag_check_char ("ABC"));
  g_assert_cmpint (fc_tag_check_char ("A-1"), ==, 0);
}

/* Every single wrong character in the checked part must be caught. */
static void
test_tag_check_char_catches_every_single_substitution (void)
{
  static const char *const codes[] = { "001003", "EXIT", "ABCDEFGH1234", "7" };
  static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_autofree char *checked = g_strconcat ("1" DISTRICT, codes[i], NULL);
      char good = fc_tag_check_char (checked);

      for (gsize pos = 0; checked[pos] != '\0'; pos++)
        for (guint a = 0; alphabet[a] != '\0'; a++)
          {
            g_autofree char *wrong = g_strdup (checked);

            if (alphabet[a] == checked[pos])
              continue;
            wrong[pos] = alphabet[a];
            g_assert_cmpint (fc_tag_check_char (wrong), !=, good);
          }
    }
}

typedef struct
{
  const char  *name;
  const char  *text;
  int          code;        /* -1: parses */
  const char  *district;
  const char  *tag_code;
} ParseCase;

/* The check characters are those fc_tag_format() gives; see test_tag_format_parse_round_trip. */
static const ParseCase parse_cases[] = {
  { "ours", "FC1:500154:001003:8", -1, DISTRICT, "001003" },
  { "lower-case-from-caps-lock", "fc1:500154:001003:8", -1, DISTRICT, "001003" },
  { "line-end-from-wedge-scanner", "FC1:500154:001003:8\r\n", -1, DISTRICT, "001003" },
  { "other-district", "FC1:110105:001003:?", -1, "110105", "001003" },
  { "wrong-check", "FC1:500154:001003:0", FC_ERROR_TAG_CHECK, NULL, NULL },
  { "digit-swapped", "FC1:500154:001030:8", FC_ERROR_TAG_CHECK, NULL, NULL },
  { "newer-version", "FC2:500154:001003:8", FC_ERROR_TAG_VERSION, NULL, NULL },
  { "version-zero", "FC0:500154:001003:8", FC_ERROR_TAG_VERSION, NULL, NULL },
  { "missing-check", "FC1:500154:001003", FC_ERROR_TAG_MALFORMED, NULL, NULL },
  { "extra-field", "FC1:500154:001003:K:9", FC_ERROR_TAG_MALFORMED, NULL, NULL },
  { "short-district", "FC1:50015:001003:8", FC_ERROR_TAG_MALFORMED, NULL, NULL },
  { "empty-code", "FC1:500154::K", FC_ERROR_TAG_MALFORMED, NULL, NULL },
  { "long-code", "FC1:500154:ABCDEFGH12345:K", FC_ERROR_TAG_MALFORMED, NULL, NULL },
  { "hyphen-in-code", "FC1:500154:A-1:K", FC_ERROR_TAG_MALFORMED, NULL, NULL },
  { "two-character-check", "FC1:500154:001003:KK", FC_ERROR_TAG_MALFORMED, NULL, NULL },
  { "url", "https://weixin.qq.com/r/abc", FC_ERROR_TAG_FOREIGN, NULL, NULL },
  { "chinese-text", "灭火器 3 号", FC_ERROR_TAG_FOREIGN, NULL, NULL },
  { "prefix-without-version", "FC:500154:001003:8", FC_ERROR_TAG_FOREIGN, NULL, NULL },
  { "prefix-without-colon", "FC1500154001003K", FC_ERROR_TAG_FOREIGN, NULL, NULL },
  { "empty", "", FC_ERROR_TAG_FOREIGN, NULL, NULL },
};

/* Fills in a check character marked '?' so the table stays readable. */
static char *
with_check (const char *text)
{
  char *out = g_strdup (text);
  char *mark = strchr (out, '?');

  if (mark != NULL)
    {
      g_autofree char *checked = NULL;
      g_auto(GStrv) f = g_strsplit (out, ":", -1);

      checked = g_strconcat ("1", f[1], f[2], NULL);
      *mark = fc_tag_check_char (checked);
    }
  return out;
}

static void
assert_parse_case (const ParseCase *c,
                   const char      *text)
{
  g_autoptr(GError) error = NULL;
  FcTag tag;
  gboolean ok = fc_tag_parse (text, &tag, &error);

  g_test_message ("case %s", c->name);
  if (c->code < 0)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
      g_assert_cmpuint (tag.version, ==, 1);
      g_assert_cmpstr (tag.district, ==, c->district);
      g_assert_cmpstr (tag.code, ==, c->tag_code);
      return;
    }
  g_assert_false (ok);
  g_assert_error (error, FC_ERROR, c->code);
  /* A foreign code's message shows the user what it says. */
  if (c->code == FC_ERROR_TAG_FOREIGN && text[0] != '\0')
    g_assert_nonnull (strstr (error->message, c->text));
}

static void
test_tag_parse_cases (void)
{
  g_autofree char *sample = fc_tag_format (DISTRICT, "001003", NULL);

  /* The table's "K" is the real check character of its sample tag. */
  g_assert_cmpstr (sample, ==, "FC1:500154:001003:8");
  for (guint i = 0; i < G_N_ELEMENTS (parse_cases); i++)
    {
      g_autofree char *text = with_check (parse_cases[i].text);

      assert_parse_case (&parse_cases[i], text);
    }
}

static void
test_tag_foreign_message_is_printable_and_short (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new ("BEGIN:VCARD\nFN:\x01张三\n");
  FcTag tag;

  for (int i = 0; i < 100; i++)
    g_string_append (text, "TEL:13800000000\n");
  g_assert_false (fc_tag_parse (text->str, &tag, &error));
  g_assert_error (error, FC_ERROR, FC_ERROR_TAG_FOREIGN);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_null (strchr (error->message, '\n'));
  g_assert_null (strchr (error->message, '\x01'));
  g_assert_cmpuint (g_utf8_strlen (error->message, -1), <, 300);
  g_assert_nonnull (strstr (error->message, "张三"));
}

static void
test_tag_format_parse_round_trip (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (format_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *payload = NULL;
      g_autofree char *code = NULL;
      FcTag tag;

      if (format_cases[i].payload == NULL)
        continue;
      payload = fc_tag_format (format_cases[i].district, format_cases[i].code, &error);
      g_assert_no_error (error);
      code = fc_tag_normalize_code (format_cases[i].code, &error);
      g_assert_no_error (error);
      g_assert_true (fc_tag_parse (payload, &tag, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (tag.district, ==, format_cases[i].district);
      g_assert_cmpstr (tag.code, ==, code);
    }
}

/* Version 3 at level M is 29 modules; at 20 mm with its quiet zone a module is 0.54 mm. */
static void
test_tag_qr_fits_version_3_at_level_m (void)
{
  static const char *const codes[] = { "7", "001003", "ABCDEFGH1234", "ZZZZZZZZZZZZ" };

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *payload = fc_tag_format ("999999", codes[i], &error);
      g_autoptr(QRcode) qr = NULL;

      g_assert_no_error (error);
      qr = fc_tag_encode_qr (payload, &error);
      g_assert_no_error (error);
      /* Every tag fits version 2, which has the alignment pattern. */
      g_assert_cmpint (qr->version, ==, FC_TAG_QR_VERSION_MIN);
    }
}

static void
test_tag_qr_refuses_what_needs_a_larger_code (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(QRcode) qr = fc_tag_encode_qr ("https://example.org/a/very/long/address/that/does/not/fit", &error);

  g_assert_null (qr);
  g_assert_error (error, FC_ERROR, FC_ERROR_INVALID);
}

static char **
qr_round_trip (const char *text,
               guint       module_px)
{
  g_autoptr(QRcode) qr = QRcode_encodeString8bit (text, 0, QR_ECLEVEL_M);
  g_autoptr(FcTagDecoder) decoder = fc_tag_decoder_new ();
  g_autofree guint8 *grey = NULL;
  guint side = 0;

  g_assert_nonnull (qr);
  grey = fc_tag_qr_to_grey (qr, module_px, 4, &side);
  g_assert_cmpuint (side, ==, (qr->width + 8) * module_px);
  return fc_tag_decoder_scan (decoder, grey, side, side, side);
}

/* Every kind of payload goes through libqrencode, a raster and libzbar, and
 * parses there exactly as the text it started from does. */
static void
test_tag_qr_round_trip_of_every_payload_kind (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (parse_cases); i++)
    {
      g_autofree char *text = with_check (parse_cases[i].text);
      g_auto(GStrv) read = NULL;

      if (text[0] == '\0')
        continue;
      g_test_message ("payload %s", parse_cases[i].name);
      read = qr_round_trip (text, 4);
      g_assert_nonnull (read);
      g_assert_cmpuint (g_strv_length (read), ==, 1);
      g_assert_cmpstr (read[0], ==, text);
      assert_parse_case (&parse_cases[i], read[0]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (format_cases); i++)
    {
      g_autofree char *payload = NULL;
      g_autoptr(QRcode) qr = NULL;
      g_autoptr(FcTagDecoder) decoder = fc_tag_decoder_new ();
      g_autofree guint8 *grey = NULL;
      g_auto(GStrv) read = NULL;
      guint side = 0;

      if (format_cases[i].payload == NULL)
        continue;
      payload = fc_tag_format (format_cases[i].district, format_cases[i].code, NULL);
      qr = fc_tag_encode_qr (payload, NULL);
      g_assert_nonnull (qr);
      /* Two pixels a module: what a 20 mm tag gives a camera at arm's length. */
      grey = fc_tag_qr_to_grey (qr, 2, 4, &side);
      read = fc_tag_decoder_scan (decoder, grey, side, side, side);
      g_assert_nonnull (read);
      g_assert_cmpstr (read[0], ==, payload);
    }
}

/* GStreamer pads GRAY8 rows; the padding must not be read as image. */
static void
test_tag_decoder_honours_row_stride (void)
{
  g_autofree char *payload = fc_tag_format (DISTRICT, "001003", NULL);
  g_autoptr(QRcode) qr = fc_tag_encode_qr (payload, NULL);
  g_autoptr(FcTagDecoder) decoder = fc_tag_decoder_new ();
  g_autofree guint8 *grey = NULL;
  g_autofree guint8 *padded = NULL;
  g_auto(GStrv) read = NULL;
  guint side = 0, stride;

  grey = fc_tag_qr_to_grey (qr, 3, 4, &side);
  stride = side + 13;
  padded = g_malloc ((gsize) stride * side);
  for (guint y = 0; y < side; y++)
    {
      memcpy (padded + (gsize) y * stride, grey + (gsize) y * side, side);
      /* Stripes in the padding would draw fake modules if it were read. */
      for (guint x = side; x < stride; x++)
        padded[(gsize) y * stride + x] = (x + y) % 2 ? 0 : 255;
    }
  read = fc_tag_decoder_scan (decoder, padded, side, side, stride);
  g_assert_nonnull (read);
  g_assert_cmpstr (read[0], ==, payload);
}

static void
test_tag_decoder_finds_nothing_on_blank_frame (void)
{
  g_autoptr(FcTagDecoder) decoder = fc_tag_decoder_new ();
  g_autofree guint8 *blank = g_malloc (320 * 240);
  g_auto(GStrv) read = NULL;
  guint passes = 99;

  memset (blank, 200, 320 * 240);
  read = fc_tag_decoder_scan_hard (decoder, blank, 320, 240, 320, &passes);
  g_assert_null (read);
  g_assert_cmpuint (passes, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/tag/format-cases", test_tag_format_cases);
  g_test_add_func ("/tag/check-char-is-iso-7064-mod-37-36", test_tag_check_char_is_iso_7064_mod_37_36);
  g_test_add_func ("/tag/check-char-catches-every-single-substitution",
                   test_tag_check_char_catches_every_single_substitution);
  g_test_add_func ("/tag/parse-cases", test_tag_parse_cases);
  g_test_add_func ("/tag/foreign-message-is-printable-and-short",
                   test_tag_foreign_message_is_printable_and_short);
  g_test_add_func ("/tag/format-parse-round-trip", test_tag_format_parse_round_trip);
  g_test_add_func ("/tag/qr-fits-version-3-at-level-m", test_tag_qr_fits_version_3_at_level_m);
  g_test_add_func ("/tag/qr-refuses-what-needs-a-larger-code",
                   test_tag_qr_refuses_what_needs_a_larger_code);
  g_test_add_func ("/tag/qr-round-trip-of-every-payload-kind",
                   test_tag_qr_round_trip_of_every_payload_kind);
  g_test_add_func ("/tag/decoder-honours-row-stride", test_tag_decoder_honours_row_stride);
  g_test_add_func ("/tag/decoder-finds-nothing-on-blank-frame",
                   test_tag_decoder_finds_nothing_on_blank_frame);
  return g_test_run ();
}
