/* fc-report-inspection.c: the inspection report as a PDF
 *
 * Drawn with cairo and laid out with Pango, so Chinese text shapes and wraps
 * properly with any CJK font the system has (Noto Sans CJK SC first). The
 * report is produced offline from the store alone: the inspection, its team,
 * every item with its latest answer, the hazards recorded and the drawn
 * signatures from the blob store. It is written to a temporary file and
 * renamed into place, so a half-written report never replaces a good one.
 */

#include "config.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "fc-blobs.h"
#include "fc-error.h"
#include "fc-pdf-text.h"
#include "fc-inspections.h"
#include "fc-photo-render.h"
#include "fc-photos.h"
#include "fc-queries.h"
#include "fc-report-inspection.h"
#include "fc-walk.h"

#define PAGE_WIDTH  595.0   /* A4 in points */
#define PAGE_HEIGHT 842.0
#define MARGIN      48.0
#define BODY_WIDTH  (PAGE_WIDTH - 2 * MARGIN)

/* A photo in the report, with what is drawn on it. */
#define PHOTO_WIDTH  ((BODY_WIDTH - 12) / 2)
#define PHOTO_HEIGHT (PHOTO_WIDTH * 3 / 4)

typedef struct
{
  cairo_t *cr;
  FcStore *store;
  double   y;
  guint    page;
} Report;

static void
footer (Report *report)
{
  g_autofree char *text = g_strdup_printf (_("Page %u"), report->page);
  g_autoptr(PangoLayout) layout = fc_pdf_text_layout (report->cr, text, 8, FALSE, BODY_WIDTH);

  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  cairo_set_source_rgb (report->cr, 0.4, 0.4, 0.4);
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

static void
need (Report *report,
      double  height)
{
  if (report->y + height > PAGE_HEIGHT - MARGIN)
    new_page (report);
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
rule (Report *report)
{
  cairo_set_line_width (report->cr, 0.5);
  cairo_move_to (report->cr, MARGIN, report->y);
  cairo_line_to (report->cr, PAGE_WIDTH - MARGIN, report->y);
  cairo_stroke (report->cr);
  report->y += 4;
}

/* One table row; @widths are fractions of the body width. */
static void
row (Report            *report,
     const char *const *cells,
     const double      *widths,
     guint              n,
     gboolean           bold,
     gboolean           shade)
{
  g_autoptr(GPtrArray) layouts = g_ptr_array_new_with_free_func (g_object_unref);
  double height = 0, x = MARGIN;

  for (guint i = 0; i < n; i++)
    {
      PangoLayout *layout = fc_pdf_text_layout (report->cr, cells[i], 8.5, bold, widths[i] * BODY_WIDTH - 6);

      height = MAX (height, fc_pdf_text_height (layout));
      g_ptr_array_add (layouts, layout);
    }
  need (report, height + 4);
  if (shade)
    {
      cairo_set_source_rgb (report->cr, 0.99, 0.9, 0.9);
      cairo_rectangle (report->cr, MARGIN, report->y, BODY_WIDTH, height + 4);
      cairo_fill (report->cr);
      cairo_set_source_rgb (report->cr, 0, 0, 0);
    }
  for (guint i = 0; i < n; i++)
    {
      cairo_move_to (report->cr, x, report->y + 2);
      pango_cairo_show_layout (report->cr, g_ptr_array_index (layouts, i));
      x += widths[i] * BODY_WIDTH;
    }
  report->y += height + 4;
  cairo_set_source_rgb (report->cr, 0.8, 0.8, 0.8);
  cairo_set_line_width (report->cr, 0.3);
  cairo_move_to (report->cr, MARGIN, report->y);
  cairo_line_to (report->cr, PAGE_WIDTH - MARGIN, report->y);
  cairo_stroke (report->cr);
  cairo_set_source_rgb (report->cr, 0, 0, 0);
}

/* "2026-11-29T09:30:00+08:00" -> "2026-11-29 09:30" */
static char *
readable_time (const char *iso)
{
  char *out;

  if (iso == NULL)
    return g_strdup (_("not finished"));
  out = g_strndup (iso, 16);
  if (strlen (out) > 10 && out[10] == 'T')
    out[10] = ' ';
  return out;
}

typedef struct
{
  const guint8 *data;
  gsize         size;
  gsize         offset;
} PngReader;

static cairo_status_t
read_png (void          *closure,
          unsigned char *out,
          unsigned int   length)
{
  PngReader *reader = closure;

  if (reader->offset + length > reader->size)
    return CAIRO_STATUS_READ_ERROR;
  memcpy (out, reader->data + reader->offset, length);
  reader->offset += length;
  return CAIRO_STATUS_SUCCESS;
}

static void
signature (Report     *report,
           const char *blobs,
           JsonObject *signoff)
{
  const char *sha = json_object_get_string_member_with_default (signoff, "signature_sha", NULL);
  const char *name = json_object_get_string_member_with_default (signoff, "signer_name", "");
  const char *role = json_object_get_string_member_with_default (signoff, "signer_role", "");
  const char *at = json_object_get_string_member_with_default (signoff, "signed_at", "");
  g_autoptr(GBytes) png = sha ? fc_blobs_get (blobs, sha, NULL) : NULL;
  g_autofree char *caption = NULL;
  g_autofree char *when = readable_time (at);
  const double box_w = 180, box_h = 60;

  caption = g_strdup_printf ("%s · %s · %s", name,
                             g_str_equal (role, "facility_representative")
                               ? _("Facility representative") : _("Team member"),
                             when);
  need (report, box_h + 24);
  if (png != NULL)
    {
      PngReader reader = { 0 };
      cairo_surface_t *image;

      reader.data = g_bytes_get_data (png, &reader.size);
      image = cairo_image_surface_create_from_png_stream (read_png, &reader);
      if (cairo_surface_status (image) == CAIRO_STATUS_SUCCESS)
        {
          double sx = box_w / cairo_image_surface_get_width (image);
          double sy = box_h / cairo_image_surface_get_height (image);
          double s = MIN (sx, sy);

          cairo_save (report->cr);
          cairo_translate (report->cr, MARGIN, report->y);
          cairo_scale (report->cr, s, s);
          cairo_set_source_surface (report->cr, image, 0, 0);
          cairo_paint (report->cr);
          cairo_restore (report->cr);
        }
      cairo_surface_destroy (image);
    }
  else
    paragraph (report, _("(signature not on this device)"), 8, FALSE, 0);
  report->y += box_h + 2;
  paragraph (report, caption, 8.5, FALSE, 10);
}

/* Draws a photo with its annotation layer in the box at (x, y), or says why not. */
static void
photo_box (Report     *report,
           JsonObject *photo,
           double      x,
           const char *caption)
{
  const char *id = photo ? json_object_get_string_member_with_default (photo, "id", NULL) : NULL;
  g_autoptr(GError) error = NULL;
  PangoLayout *layout;

  cairo_save (report->cr);
  cairo_set_source_rgb (report->cr, 0.93, 0.93, 0.93);
  cairo_rectangle (report->cr, x, report->y, PHOTO_WIDTH, PHOTO_HEIGHT);
  cairo_fill (report->cr);
  cairo_translate (report->cr, x, report->y);
  if (id == NULL || !fc_photo_render (report->cr, report->store, id, PHOTO_WIDTH, PHOTO_HEIGHT, &error))
    {
      g_autoptr(PangoLayout) missing = fc_pdf_text_layout (report->cr, id == NULL ? _("(no photo yet)")
                                                                       : error->message,
                                                    8, FALSE, PHOTO_WIDTH - 16);

      cairo_set_source_rgb (report->cr, 0.3, 0.3, 0.3);
      cairo_move_to (report->cr, 8, 8);
      pango_cairo_show_layout (report->cr, missing);
    }
  cairo_restore (report->cr);

  layout = fc_pdf_text_layout (report->cr, caption, 8, FALSE, PHOTO_WIDTH);
  cairo_save (report->cr);
  cairo_set_source_rgb (report->cr, 0.2, 0.2, 0.2);
  cairo_move_to (report->cr, x, report->y + PHOTO_HEIGHT + 2);
  pango_cairo_show_layout (report->cr, layout);
  cairo_restore (report->cr);
  g_object_unref (layout);
}

/* The photos of the answers, item by item, two to a row. */
static void
answer_photos (Report     *report,
               FcWalk     *walk,
               JsonArray  *photos)
{
  guint shown = 0;

  for (guint i = 0; i < fc_walk_get_n_items (walk); i++)
    {
      const FcWalkItem *item = fc_walk_get_item (walk, i);
      g_autoptr(GPtrArray) mine = g_ptr_array_new ();
      g_autofree char *title = NULL;

      for (guint j = 0; j < json_array_get_length (photos); j++)
        {
          JsonObject *photo = json_array_get_object_element (photos, j);

          if (g_strcmp0 (json_object_get_string_member_with_default (photo, "item_id", NULL),
                         item->item_id) == 0)
            g_ptr_array_add (mine, photo);
        }
      if (mine->len == 0)
        continue;
      title = g_strdup_printf ("%s  %s", item->code, fc_walk_item_content (item));
      need (report, PHOTO_HEIGHT + 40);
      paragraph (report, title, 9.5, TRUE, 4);
      for (guint j = 0; j < mine->len; j += 2)
        {
          for (guint k = j; k < MIN (j + 2, mine->len); k++)
            {
              JsonObject *photo = mine->pdata[k];
              const char *taken = json_object_get_string_member_with_default (photo, "taken_at",
                                                                              NULL);
              g_autofree char *when = taken ? readable_time (taken) : NULL;
              g_autofree char *caption = NULL;

              shown++;
              if (when != NULL)
                /* Translators: under a photo in the report: photo N · when it was taken */
                caption = g_strdup_printf (_("Photo %u · %s"), shown, when);
              else
                caption = g_strdup_printf (_("Photo %u"), shown);

              if (k == j)
                need (report, PHOTO_HEIGHT + 20);
              photo_box (report, photo, MARGIN + (k - j) * (PHOTO_WIDTH + 12), caption);
            }
          report->y += PHOTO_HEIGHT + 20;
        }
    }
}

/* Each hazard's photos before rectification beside those after it. */
static void
hazard_pairs (Report     *report,
              JsonArray  *hazards)
{
  for (guint i = 0; i < json_array_get_length (hazards); i++)
    {
      JsonObject *h = json_array_get_object_element (hazards, i);
      const char *id = json_object_get_string_member_with_default (h, "id", NULL);
      g_autoptr(JsonArray) pairs = id ? fc_photos_rectification_pairs (report->store, id, NULL) : NULL;

      if (pairs == NULL || json_array_get_length (pairs) == 0)
        continue;
      need (report, PHOTO_HEIGHT + 40);
      paragraph (report, json_object_get_string_member_with_default (h, "description", ""), 9.5,
                 TRUE, 4);
      for (guint j = 0; j < json_array_get_length (pairs); j++)
        {
          JsonObject *pair = json_array_get_object_element (pairs, j);
          JsonNode *before = json_object_get_member (pair, "before");
          JsonNode *after = json_object_get_member (pair, "after");

          need (report, PHOTO_HEIGHT + 20);
          photo_box (report, JSON_NODE_HOLDS_OBJECT (before) ? json_node_get_object (before) : NULL,
                     MARGIN, _("Before rectification"));
          photo_box (report, JSON_NODE_HOLDS_OBJECT (after) ? json_node_get_object (after) : NULL,
                     MARGIN + PHOTO_WIDTH + 12, _("After rectification"));
          report->y += PHOTO_HEIGHT + 20;
        }
    }
}

static const char *
kind_label (const char *kind)
{
  FcInspectionKind k;

  return fc_inspection_kind_from_string (kind, &k) ? fc_inspection_kind_label (k) : kind;
}

static void
draw_report (Report     *report,
             FcWalk     *walk,
             JsonObject *summary,
             JsonArray  *hazards,
             JsonArray  *photos,
             const char *blobs)
{
  static const double item_widths[] = { 0.16, 0.44, 0.17, 0.23 };
  static const double hazard_widths[] = { 0.1, 0.44, 0.18, 0.28 };
  JsonArray *members = json_object_get_array_member (summary, "members");
  JsonArray *signoffs = json_object_get_array_member (summary, "signoffs");
  g_autoptr(GString) team = g_string_new (NULL);
  g_autofree char *heading = NULL;
  g_autofree char *facts = NULL;
  g_autofree char *counts = NULL;
  g_autofree char *started = readable_time (fc_walk_get_started_at (walk));
  g_autofree char *finished = readable_time (fc_walk_get_finished_at (walk));

  report->y = MARGIN;
  report->page = 1;

  paragraph (report, _("Safety Inspection Report"), 18, TRUE, 4);
  heading = g_strdup_printf ("%s", fc_walk_get_facility_name (walk));
  paragraph (report, heading, 13, TRUE, 6);
  facts = g_strdup_printf (_("Kind: %s\nChecklist: %s, version %s\nStarted: %s\nFinished: %s"),
                           kind_label (fc_walk_get_kind (walk)),
                           fc_walk_get_template_title (walk),
                           fc_walk_get_template_version (walk),
                           started, finished);
  paragraph (report, facts, 9.5, FALSE, 6);

  for (guint i = 0; i < json_array_get_length (members); i++)
    {
      JsonObject *m = json_array_get_object_element (members, i);
      const char *role = json_object_get_string_member_with_default (m, "role", "");
      FcRoles r = fc_roles_from_string (role, NULL);

      g_string_append_printf (team, "%s%s (%s)", i ? "、" : "",
                              json_object_get_string_member_with_default (m, "name", ""),
                              r ? fc_role_label (r) : role);
    }
  paragraph (report, _("Team"), 11, TRUE, 2);
  paragraph (report, team->str, 9.5, FALSE, 8);

  counts = g_strdup_printf (_("%ld of %ld items answered: %ld pass, %ld fail, %ld not applicable. "
                              "Hazards recorded: %ld major, %ld general."),
                            (long) json_object_get_int_member (summary, "answered"),
                            (long) json_object_get_int_member (summary, "total"),
                            (long) json_object_get_int_member (summary, "pass"),
                            (long) json_object_get_int_member (summary, "fail"),
                            (long) json_object_get_int_member (summary, "na"),
                            (long) json_object_get_int_member (summary, "hazards_major"),
                            (long) json_object_get_int_member (summary, "hazards_general"));
  paragraph (report, _("Summary"), 11, TRUE, 2);
  paragraph (report, counts, 9.5, FALSE, 8);
  rule (report);

  for (int c = 0; c < FC_N_CATEGORIES; c++)
    {
      FcWalkProgress progress = fc_walk_get_progress (walk, c);
      g_autofree char *title = NULL;
      const char *head[] = { _("Code"), _("Item"), _("Answer"), _("Note") };

      if (progress.total == 0)
        continue;
      title = g_strdup_printf (_("%s — %u of %u answered, %u failed"),
                               fc_category_label ((FcCategory) c),
                               progress.answered, progress.total, progress.failures);
      need (report, 60);
      paragraph (report, title, 11, TRUE, 3);
      row (report, head, item_widths, 4, TRUE, FALSE);
      for (guint i = 0; i < fc_walk_get_n_items (walk); i++)
        {
          const FcWalkItem *item = fc_walk_get_item (walk, i);
          g_autofree char *answer = NULL;
          g_autofree char *criterion = fc_walk_item_criterion (item);
          g_autofree char *content = NULL;
          const char *cells[4];

          if ((int) item->category != c)
            continue;
          answer = fc_walk_item_answer_label (item);
          content = criterion ? g_strdup_printf ("%s\n[%s %s]", fc_walk_item_content (item),
                                                 _("Major hazard criterion:"), criterion)
                              : g_strdup (fc_walk_item_content (item));
          cells[0] = item->code;
          cells[1] = content;
          cells[2] = answer ? answer : _("Unanswered");
          cells[3] = item->note ? item->note : "";
          row (report, cells, item_widths, 4, FALSE, fc_walk_item_is_failed (item));
        }
      report->y += 8;
    }

  need (report, 60);
  paragraph (report, _("Hazards"), 13, TRUE, 4);
  if (json_array_get_length (hazards) == 0)
    paragraph (report, _("No hazards were recorded in this inspection."), 9.5, FALSE, 8);
  else
    {
      const char *head[] = { _("Level"), _("Hazard"), _("Deadline"), _("Measures") };

      row (report, head, hazard_widths, 4, TRUE, FALSE);
      for (guint i = 0; i < json_array_get_length (hazards); i++)
        {
          JsonObject *h = json_array_get_object_element (hazards, i);
          const char *level = json_object_get_string_member_with_default (h, "level", "");
          const char *criterion = json_object_get_string_member_with_default (h, "criterion", NULL);
          const char *location = json_object_get_string_member_with_default (h, "location", NULL);
          g_autofree char *what = g_strdup_printf ("%s%s%s%s%s",
            json_object_get_string_member_with_default (h, "description", ""),
            location ? "\n" : "", location ? location : "",
            criterion ? "\n" : "", criterion ? criterion : "");
          FcHazardLevel l = FC_HAZARD_LEVEL_GENERAL;
          const char *cells[4];

          fc_hazard_level_from_string (level, &l);
          cells[0] = fc_hazard_level_label (l);
          cells[1] = what;
          cells[2] = json_object_get_string_member_with_default (h, "deadline", "");
          cells[3] = json_object_get_string_member_with_default (h, "measures", "");
          if (cells[3] == NULL)
            cells[3] = "";
          row (report, cells, hazard_widths, 4, FALSE, l == FC_HAZARD_LEVEL_MAJOR);
        }
      report->y += 8;
    }

  if (json_array_get_length (photos) > 0)
    {
      need (report, PHOTO_HEIGHT + 60);
      paragraph (report, _("Photos"), 13, TRUE, 6);
      answer_photos (report, walk, photos);
      hazard_pairs (report, hazards);
    }

  need (report, 100);
  paragraph (report, _("Sign-off"), 13, TRUE, 6);
  if (json_array_get_length (signoffs) == 0)
    paragraph (report, _("Not signed yet."), 9.5, FALSE, 8);
  for (guint i = 0; i < json_array_get_length (signoffs); i++)
    signature (report, blobs, json_array_get_object_element (signoffs, i));

  footer (report);
  cairo_show_page (report->cr);
}

/**
 * fc_report_inspection_pdf:
 * @store: the store
 * @inspection_id: an inspection
 * @path: the PDF file to write
 * @error: return location for an error
 *
 * Writes the inspection report: facility, kind, checklist version, team,
 * summary, every item with its latest answer and note, the hazards recorded,
 * the photos of the answers with what is drawn on them, each hazard's photos
 * before and after rectification, and the signatures.
 */
gboolean
fc_report_inspection_pdf (FcStore     *store,
                          const char  *inspection_id,
                          const char  *path,
                          GError     **error)
{
  const char *params[] = { inspection_id, NULL };
  g_autoptr(FcWalk) walk = NULL;
  g_autoptr(JsonObject) summary = NULL;
  g_autoptr(JsonArray) hazards = NULL;
  g_autoptr(JsonArray) photos = NULL;
  g_autofree char *blobs = NULL;
  g_autofree char *tmp = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  Report report = { 0 };

  g_return_val_if_fail (FC_IS_STORE (store), FALSE);
  g_return_val_if_fail (inspection_id != NULL && path != NULL, FALSE);

  walk = fc_walk_load (store, inspection_id, error);
  if (walk == NULL)
    return FALSE;
  summary = fc_inspection_summary (store, inspection_id, error);
  if (summary == NULL)
    return FALSE;
  hazards = fc_query_rows (store, "SELECT id, level, description, location, criterion, deadline,"
                                  " measures FROM hazard WHERE inspection_id = ?1 AND facility_id ="
                                  " (SELECT facility_id FROM inspection WHERE id = ?1)"
                                  " ORDER BY level = 'major' DESC, found_at", params, error);
  if (hazards == NULL)
    return FALSE;
  photos = fc_query_rows (store, "SELECT p.id, p.taken_at, r.item_id FROM photo p"
                                 " JOIN result r ON p.attached_kind = 'result' AND p.attached_id = r.id"
                                 " WHERE r.inspection_id = ?1 ORDER BY p.taken_at, p.id", params, error);
  if (photos == NULL)
    return FALSE;
  blobs = fc_blobs_dir (store);

  tmp = g_strdup_printf ("%s.tmp", path);
  surface = cairo_pdf_surface_create (tmp, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, _("Safety Inspection Report"));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Fieldcheck");
  report.cr = cairo_create (surface);
  report.store = store;
  draw_report (&report, walk, summary, hazards, photos, blobs);
  cairo_destroy (report.cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_unlink (tmp);
      g_set_error (error, FC_ERROR, FC_ERROR_FAILED, _("Cannot write the report “%s”: %s"),
                   path, cairo_status_to_string (status));
      return FALSE;
    }
  if (g_rename (tmp, path) != 0)
    {
      int saved = errno;

      g_unlink (tmp);
      g_set_error (error, FC_ERROR, FC_ERROR_FAILED, _("Cannot write the report “%s”: %s"),
                   path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}
