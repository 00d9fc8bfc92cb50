/* fc-photos.c: photos as evidence: their bytes, their records, thumbnails, pairs
 *
 * The bytes live in the content-addressed blob store beside the database
 * (fc-blobs.c), named by their SHA-256, so the same photo is stored once
 * however often it is attached. An import decodes the whole file first (a
 * file that is not an image, is cut short, or declares a decompression bomb
 * stores nothing), stages the bytes on disk, and then, holding the database's
 * write lock, publishes them under their name and commits the record and its
 * op. A crash after the publishing and before the commit leaves a file that
 * no record names — which fc_photos_verify() reports and fc_photos_reconcile()
 * sets aside — and never a record without its file.
 *
 * Records are insert-only; the original bytes never change. Thumbnails are a
 * cache beside the store, rebuilt from the bytes whenever one is missing.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "fc-blobs.h"
#include "fc-error.h"
#include "fc-op.h"
#include "fc-photo-decode.h"
#include "fc-photos.h"
#include "fc-store-write.h"

/* What each kind of attachment names, and in which table it lives. */
static const struct
{
  const char *kind;
  const char *table;
} kinds[] = {
  { "result", "result" },
  { "hazard", "hazard" },
  /* The acceptance of a hazard: the verifier's photos, named by the hazard. */
  { "acceptance", "hazard" },
  { "equipment", "equipment" },
};

static const char *const purposes[] = { "defect", "before", "after" };

#define PHOTO_COLUMNS \
  "id, sha256, size, width, height, mime, taken_at, author_id, latitude, longitude, " \
  "attached_kind, attached_id, purpose"

static const char *
kind_table (const char *attached_kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kinds[i].kind, attached_kind) == 0)
      return kinds[i].table;
  return NULL;
}

/**
 * fc_photos_is_kind:
 * @attached_kind: (nullable): a wire name
 *
 * Returns: whether photos can be imported and attached to this kind of thing
 */
gboolean
fc_photos_is_kind (const char *attached_kind)
{
  return kind_table (attached_kind) != NULL;
}

/**
 * fc_photos_is_purpose:
 * @purpose: (nullable): a wire name
 *
 * Returns: whether @purpose is defect, before or after
 */
gboolean
fc_photos_is_purpose (const char *purpose)
{
  for (guint i = 0; i < G_N_ELEMENTS (purposes); i++)
    if (g_strcmp0 (purposes[i], purpose) == 0)
      return TRUE;
  return FALSE;
}

/**
 * fc_photos_dir:
 * @store: the store
 *
 * Returns: (transfer full): the folder of the photos' bytes (the blob store)
 */
char *
fc_photos_dir (FcStore *store)
{
  return fc_blobs_dir (store);
}

/**
 * fc_photos_path:
 * @store: the store
 * @sha256: a digest
 *
 * Returns: (transfer full): where the bytes with that digest are kept
 */
char *
fc_photos_path (FcStore    *store,
                const char *sha256)
{
  g_autofree char *dir = fc_photos_dir (store);

  return fc_blobs_path (dir, sha256);
}

static char *
beside_store (FcStore    *store,
              const char *name)
{
  g_autofree char *dir = g_path_get_dirname (fc_store_get_path (store));

  return g_build_filename (dir, name, NULL);
}

static char *
thumbnail_path (FcStore    *store,
                const char *sha256)
{
  g_autofree char *dir = beside_store (store, "thumbnails");
  g_autofree char *name = g_strconcat (sha256, ".jpg", NULL);
  char prefix[3] = { sha256[0], sha256[1], '\0' };

  return g_build_filename (dir, prefix, name, NULL);
}

static gboolean
write_thumbnail (FcStore         *store,
                 const char      *sha256,
                 const FcPixels  *stored,
                 guint            orientation,
                 GError         **error)
{
  g_autoptr(FcPixels) oriented = NULL;
  g_autoptr(FcPixels) small = NULL;
  g_autoptr(GBytes) jpeg = NULL;
  g_autofree char *path = thumbnail_path (store, sha256);
  g_autofree char *parent = g_path_get_dirname (path);

  oriented = fc_pixels_orient (stored, orientation);
  if (oriented != NULL)
    small = fc_pixels_scale_to_fit (oriented, FC_PHOTOS_THUMBNAIL_EDGE);
  if (small == NULL)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_FAILED,
                   _("There is not enough memory to make a thumbnail"));
      return FALSE;
    }
  jpeg = fc_pixels_encode_jpeg (small, 85, error);
  if (jpeg == NULL)
    return FALSE;
  if (g_mkdir_with_parents (parent, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, FC_ERROR, saved_errno == ENOSPC ? FC_ERROR_DISK_FULL : FC_ERROR_FAILED,
                   _("Cannot create the folder “%s”: %s"), parent, g_strerror (saved_errno));
      return FALSE;
    }
  /* A cache: written whole and renamed into place, but not worth a flush. */
  return g_file_set_contents_full (path, g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg),
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

static gboolean
query_exists (FcStore     *store,
              const char  *sql,
              const char  *a,
              const char  *b,
              const char  *c,
              char       **out_first,
              GError     **error)
{
  g_autoptr(FcCachedStmt) stmt = fc_store_cached (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, a, -1, SQLITE_STATIC);
  if (b != NULL)
    sqlite3_bind_text (stmt, 2, b, -1, SQLITE_STATIC);
  if (c != NULL)
    sqlite3_bind_text (stmt, 3, c, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && out_first != NULL)
    *out_first = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  return rc == SQLITE_ROW;
}

/* Takes back bytes this import published when its record did not commit —
 * unless a record committed meanwhile names them. The check and the removal
 * hold the write lock, so no import can be between its check and its commit. */
static void
discard_published (FcStore    *store,
                   const char *dir,
                   const char *sha256)
{
  gboolean named;

  if (!fc_store_begin (store, NULL))
    return;   /* left for fc_photos_reconcile() */
  named = query_exists (store, "SELECT 1 FROM photo WHERE sha256 = ?1 UNION ALL "
                               "SELECT 1 FROM signoff WHERE signature_sha = ?1",
                        sha256, NULL, NULL, NULL, NULL);
  if (!named)
    fc_blobs_unpublish (dir, sha256, NULL);
  fc_store_rollback (store);
}

/* Test hook: FC_TEST_PHOTOS_HOOK=stop-before-commit stops the process (for a
 * test to kill it) after the bytes are published and before the record is
 * committed; fail-before-commit fails there as a full disk would. */
static gboolean
test_hook_before_commit (GError **error)
{
  const char *hook = g_getenv ("FC_TEST_PHOTOS_HOOK");

  if (g_strcmp0 (hook, "stop-before-commit") == 0)
    raise (SIGSTOP);
  else if (g_strcmp0 (hook, "fail-before-commit") == 0)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_DISK_FULL,
                   _("The disk is full; nothing was saved. Free some space and try again."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_target (const FcPhotoTarget  *target,
              GError              **error)
{
  if (!fc_photos_is_kind (target->attached_kind))
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                   _("Photos are attached to a result, a hazard, an acceptance or equipment, "
                     "not to “%s”"), target->attached_kind ? target->attached_kind : "");
      return FALSE;
    }
  if (target->attached_id == NULL || *target->attached_id == '\0')
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID, _("Say what the photo is attached to"));
      return FALSE;
    }
  if (!fc_photos_is_purpose (target->purpose))
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                   _("A photo shows a defect, or the state before or after rectification, "
                     "not “%s”"), target->purpose ? target->purpose : "");
      return FALSE;
    }
  return TRUE;
}

static gboolean
target_exists (FcStore              *store,
               const FcPhotoTarget  *target,
               GError              **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM %s WHERE id = ?",
                                          kind_table (target->attached_kind));

  if (query_exists (store, sql, target->attached_id, NULL, NULL, NULL, NULL))
    return TRUE;
  if (g_str_equal (target->attached_kind, "result"))
    g_set_error (error, FC_ERROR, FC_ERROR_NOT_FOUND,
                 _("There is no checklist answer “%s” to attach the photo to"), target->attached_id);
  else if (g_str_equal (target->attached_kind, "equipment"))
    g_set_error (error, FC_ERROR, FC_ERROR_NOT_FOUND,
                 _("There is no equipment “%s” to attach the photo to"), target->attached_id);
  else
    g_set_error (error, FC_ERROR, FC_ERROR_NOT_FOUND,
                 _("There is no hazard “%s” to attach the photo to"), target->attached_id);
  return FALSE;
}

static FcOp *
photo_op (FcStore              *store,
          const char           *sha256,
          gsize                 size,
          const FcPhotoInfo    *info,
          const FcPhotoTarget  *target)
{
  FcOp *op = fc_op_new_insert ("photo", target->photo_id);
  const char *taken_at = info->taken_at != NULL ? info->taken_at : target->taken_at;

  fc_op_set_string (op, "sha256", sha256);
  fc_op_set_int (op, "size", (gint64) size);
  fc_op_set_int (op, "width", info->width);
  fc_op_set_int (op, "height", info->height);
  fc_op_set_string (op, "mime", info->mime);
  if (taken_at != NULL)
    fc_op_set_string (op, "taken_at", taken_at);
  if (fc_store_get_user (store) != NULL)
    fc_op_set_string (op, "author_id", fc_store_get_user (store));
  if (target->keep_location && (target->has_location || info->has_location))
    {
      fc_op_set_double (op, "latitude", target->has_location ? target->latitude : info->latitude);
      fc_op_set_double (op, "longitude",
                        target->has_location ? target->longitude : info->longitude);
    }
  fc_op_set_string (op, "attached_kind", target->attached_kind);
  fc_op_set_string (op, "attached_id", target->attached_id);
  fc_op_set_string (op, "purpose", target->purpose);
  return op;
}

static gboolean
blob_intact (const char *dir,
             const char *sha256)
{
  g_autofree char *path = fc_blobs_path (dir, sha256);
  g_autofree char *actual = NULL;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return FALSE;
  actual = fc_blobs_hash_file (path, NULL);
  return g_strcmp0 (actual, sha256) == 0;
}

/* Decodes, stages, publishes and records @bytes. With @signoff, the
 * sign-off's insert is written in the same transaction, before the record of
 * its signature, and names the signature's digest. */
static char *
import_bytes (FcStore              *store,
              GBytes               *bytes,
              const FcPhotoTarget  *target,
              FcOp                 *signoff,
              GError              **error)
{
  g_auto(FcPhotoInfo) info = { 0 };
  g_autoptr(FcPixels) pixels = NULL;
  g_autoptr(FcBlobsStaged) staged = NULL;
  g_autoptr(FcOp) op = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *id = NULL;
  g_autofree char *existing = NULL;
  gboolean created = FALSE;
  gboolean published = FALSE;

  pixels = fc_photo_decode (bytes, FC_PHOTOS_THUMBNAIL_EDGE, &info, error);
  if (pixels == NULL)
    return NULL;

  dir = fc_photos_dir (store);
  sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  /* Bytes already stored are not written again: the same photo attached
   * elsewhere costs a record, not a flushed copy. */
  if (!blob_intact (dir, sha))
    {
      staged = fc_blobs_stage (dir, bytes, error);
      if (staged == NULL)
        return NULL;
    }
  op = photo_op (store, sha, g_bytes_get_size (bytes), &info, target);
  id = g_strdup (op->row_id);
  if (signoff != NULL)
    fc_op_set_string (signoff, "signature_sha", sha);

  if (!fc_store_begin (store, error))
    return NULL;

  /* Checked again under the write lock, where it cannot change before the commit. */
  if (signoff == NULL && !target_exists (store, target, &local_error))
    goto fail;
  if (query_exists (store, "SELECT id FROM photo WHERE sha256 = ? AND attached_kind = ? "
                           "AND attached_id = ?",
                    sha, target->attached_kind, target->attached_id, &existing, NULL))
    {
      g_set_error (&local_error, FC_ERROR, FC_ERROR_INVALID,
                   _("This photo is already attached here (photo %s); it was not added twice"),
                   existing);
      goto fail;
    }

  if (staged != NULL)
    {
      if (!fc_blobs_staged_publish (staged, &created, &local_error))
        goto fail;
      published = TRUE;
    }
  else if (!blob_intact (dir, sha))
    {
      /* Set aside or taken back since it was looked at; under the lock now. */
      g_set_error (&local_error, FC_ERROR, FC_ERROR_FAILED,
                   _("The photo store changed while the photo was being added; try again"));
      goto fail;
    }
  if ((signoff != NULL && !fc_store_write (store, signoff, &local_error)) ||
      !fc_store_write (store, op, &local_error) || !test_hook_before_commit (&local_error))
    goto fail;
  /* A failed commit has rolled back already. */
  if (!fc_store_commit (store, &local_error))
    goto rolled_back;

  /* The record is safe; a thumbnail that cannot be written now is made later.
   * Bytes stored before have theirs already. */
  if (staged != NULL && !write_thumbnail (store, sha, pixels, info.orientation, &local_error))
    g_debug ("No thumbnail for %s yet: %s", sha, local_error->message);
  return g_steal_pointer (&id);

fail:
  fc_store_rollback (store);
rolled_back:
  if (published && created)
    discard_published (store, dir, sha);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

/**
 * fc_photos_import:
 * @store: the store
 * @bytes: the photo file's content, never changed
 * @target: what the photo is attached to, why, and where it was taken
 * @error: set with %FC_ERROR_INVALID and a sentence for a file that is not a
 *   JPEG or PNG photo, is incomplete or damaged, or is too large to open, and
 *   for a photo already attached to the same thing; %FC_ERROR_NOT_FOUND when
 *   the thing does not exist; %FC_ERROR_DISK_FULL when the disk fills up
 *
 * Checks the whole file, keeps its bytes durably under their SHA-256 (once,
 * however often they are imported), then records the photo and its op in one
 * transaction. The width and height recorded are as the photo is shown, after
 * its EXIF orientation; the capture time comes from EXIF, else from @target;
 * the location is recorded only when @target keeps it. On failure nothing is
 * recorded and no file is left behind.
 *
 * Returns: (transfer full): the new photo's id, or %NULL
 */
char *
fc_photos_import (FcStore              *store,
                  GBytes               *bytes,
                  const FcPhotoTarget  *target,
                  GError              **error)
{
  g_return_val_if_fail (FC_IS_STORE (store), NULL);
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (target != NULL, NULL);

  if (!check_target (target, error) || !target_exists (store, target, error))
    return NULL;
  return import_bytes (store, bytes, target, NULL, error);
}

/**
 * fc_photos_import_signature:
 * @store: the store
 * @png: the signature drawn on the screen
 * @signoff: the insert of the sign-off the signature belongs to, with its
 *   signed_at; its signature_sha is set here
 * @error: as fc_photos_import()
 *
 * Keeps a signature as any photo is kept — checked whole, staged, published
 * under its SHA-256 — and commits @signoff together with the signature's
 * record (attached to the sign-off, purpose signature) in one transaction, so
 * one verify and one reconcile look after signatures and photos alike.
 *
 * Returns: (transfer full): the signature photo's id, or %NULL
 */
char *
fc_photos_import_signature (FcStore  *store,
                            GBytes   *png,
                            FcOp     *signoff,
                            GError  **error)
{
  FcPhotoTarget target = { 0 };

  g_return_val_if_fail (FC_IS_STORE (store), NULL);
  g_return_val_if_fail (png != NULL, NULL);
  g_return_val_if_fail (signoff != NULL && g_strcmp0 (signoff->table, "signoff") == 0, NULL);

  target.attached_kind = "signoff";
  target.attached_id = signoff->row_id;
  target.purpose = "signature";
  target.taken_at = fc_op_get_string (signoff, "signed_at");
  return import_bytes (store, png, &target, signoff, error);
}

/**
 * fc_photos_import_file:
 * @store: the store
 * @path: a JPEG or PNG file, only read
 * @target: as fc_photos_import()
 * @error: as fc_photos_import(), and when the file cannot be read
 *
 * Returns: (transfer full): the new photo's id, or %NULL
 */
char *
fc_photos_import_file (FcStore              *store,
                       const char           *path,
                       const FcPhotoTarget  *target,
                       GError              **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *data = NULL;
  gsize size = 0;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &data, &size, &local_error))
    {
      g_set_error (error, FC_ERROR,
                   g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT) ?
                   FC_ERROR_NOT_FOUND : FC_ERROR_FAILED,
                   _("Cannot read the photo: %s"), local_error->message);
      return NULL;
    }
  bytes = g_bytes_new_take (data, size);
  return fc_photos_import (store, bytes, target, error);
}

static JsonObject *
row_to_object (sqlite3_stmt *stmt)
{
  JsonObject *row = json_object_new ();

  for (int c = 0; c < sqlite3_column_count (stmt); c++)
    {
      const char *name = sqlite3_column_name (stmt, c);

      switch (sqlite3_column_type (stmt, c))
        {
        case SQLITE_INTEGER:
          json_object_set_int_member (row, name, sqlite3_column_int64 (stmt, c));
          break;
        case SQLITE_FLOAT:
          json_object_set_double_member (row, name, sqlite3_column_double (stmt, c));
          break;
        case SQLITE_NULL:
          json_object_set_null_member (row, name);
          break;
        default:
          json_object_set_string_member (row, name, (const char *) sqlite3_column_text (stmt, c));
        }
    }
  return row;
}

static JsonArray *
query_photos (FcStore     *store,
              const char  *sql,
              const char  *a,
              const char  *b,
              GError     **error)
{
  g_autoptr(FcCachedStmt) stmt = fc_store_cached (store, sql, error);
  g_autoptr(JsonArray) rows = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, a, -1, SQLITE_STATIC);
  if (b != NULL)
    sqlite3_bind_text (stmt, 2, b, -1, SQLITE_STATIC);
  rows = json_array_new ();
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    json_array_add_object_element (rows, row_to_object (stmt));
  if (rc != SQLITE_DONE)
    {
      fc_store_set_sqlite_error (store, error, _("Cannot read the photos"));
      return NULL;
    }
  return g_steal_pointer (&rows);
}

/**
 * fc_photos_get:
 * @store: the store
 * @photo_id: a photo
 * @error: set with %FC_ERROR_NOT_FOUND when there is no such photo
 *
 * Returns: (transfer full): the photo's record
 */
JsonObject *
fc_photos_get (FcStore     *store,
               const char  *photo_id,
               GError     **error)
{
  g_autoptr(JsonArray) rows = NULL;

  g_return_val_if_fail (FC_IS_STORE (store), NULL);
  g_return_val_if_fail (photo_id != NULL, NULL);

  rows = query_photos (store, "SELECT " PHOTO_COLUMNS " FROM photo WHERE id = ?", photo_id, NULL,
                       error);
  if (rows == NULL)
    return NULL;
  if (json_array_get_length (rows) == 0)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_NOT_FOUND, _("There is no photo %s"), photo_id);
      return NULL;
    }
  return json_object_ref (json_array_get_object_element (rows, 0));
}

/**
 * fc_photos_list:
 * @store: the store
 * @attached_kind: result, hazard, acceptance, equipment or signoff
 * @attached_id: the thing's id
 * @error: return location for an error
 *
 * Returns: (transfer full): the photos attached to the thing, oldest first
 */
JsonArray *
fc_photos_list (FcStore     *store,
                const char  *attached_kind,
                const char  *attached_id,
                GError     **error)
{
  g_return_val_if_fail (FC_IS_STORE (store), NULL);
  g_return_val_if_fail (attached_kind != NULL && attached_id != NULL, NULL);

  return query_photos (store, "SELECT " PHOTO_COLUMNS " FROM photo "
                              "WHERE attached_kind = ? AND attached_id = ? ORDER BY taken_at, id",
                       attached_kind, attached_id, error);
}

/**
 * fc_photos_list_for_item:
 * @store: the store
 * @inspection_id: an inspection
 * @item_id: one of its checklist items
 * @error: return location for an error
 *
 * A changed answer is a new revision of the result, so the photos taken for
 * an item may be attached to any of its revisions; this lists them all.
 *
 * Returns: (transfer full): the photos of the item's answers, oldest first
 */
JsonArray *
fc_photos_list_for_item (FcStore     *store,
                         const char  *inspection_id,
                         const char  *item_id,
                         GError     **error)
{
  g_return_val_if_fail (FC_IS_STORE (store), NULL);
  g_return_val_if_fail (inspection_id != NULL && item_id != NULL, NULL);

  return query_photos (store, "SELECT " PHOTO_COLUMNS " FROM photo "
                              "WHERE attached_kind = 'result' AND attached_id IN "
                              "(SELECT id FROM result WHERE inspection_id = ? AND item_id = ?) "
                              "ORDER BY taken_at, id",
                       inspection_id, item_id, error);
}

static char *
photo_sha (FcStore     *store,
           const char  *photo_id,
           GError     **error)
{
  char *sha = NULL;

  if (!query_exists (store, "SELECT sha256 FROM photo WHERE id = ?", photo_id, NULL, NULL, &sha,
                     NULL))
    {
      g_set_error (error, FC_ERROR, FC_ERROR_NOT_FOUND, _("There is no photo %s"), photo_id);
      return NULL;
    }
  if (!fc_blobs_is_sha (sha))
    {
      g_set_error (error, FC_ERROR, FC_ERROR_CORRUPT, _("Photo %s has a damaged record"), photo_id);
      g_free (sha);
      return NULL;
    }
  return sha;
}

/**
 * fc_photos_load:
 * @store: the store
 * @photo_id: a photo
 * @error: set with %FC_ERROR_NOT_FOUND when the photo or its bytes are not on
 *   this device, %FC_ERROR_CORRUPT when the bytes are damaged
 *
 * Returns: (transfer full): the photo's original bytes, checked against their digest
 */
GBytes *
fc_photos_load (FcStore     *store,
                const char  *photo_id,
                GError     **error)
{
  g_autofree char *sha = NULL;
  g_autofree char *dir = NULL;

  g_return_val_if_fail (FC_IS_STORE (store), NULL);
  g_return_val_if_fail (photo_id != NULL, NULL);

  sha = photo_sha (store, photo_id, error);
  if (sha == NULL)
    return NULL;
  dir = fc_photos_dir (store);
  return fc_blobs_get (dir, sha, error);
}

/**
 * fc_photos_thumbnail:
 * @store: the store
 * @photo_id: a photo
 * @error: as fc_photos_load()
 *
 * Returns the cached thumbnail (a JPEG no longer than
 * %FC_PHOTOS_THUMBNAIL_EDGE, turned as the photo is meant to be seen), making
 * it from the photo's bytes first when it is missing.
 *
 * Returns: (transfer full): the thumbnail's path
 */
char *
fc_photos_thumbnail (FcStore     *store,
                     const char  *photo_id,
                     GError     **error)
{
  g_autofree char *sha = NULL;
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(FcPixels) pixels = NULL;
  g_auto(FcPhotoInfo) info = { 0 };

  g_return_val_if_fail (FC_IS_STORE (store), NULL);
  g_return_val_if_fail (photo_id != NULL, NULL);

  sha = photo_sha (store, photo_id, error);
  if (sha == NULL)
    return NULL;
  path = thumbnail_path (store, sha);
  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&path);

  dir = fc_photos_dir (store);
  bytes = fc_blobs_get (dir, sha, error);
  if (bytes == NULL)
    return NULL;
  pixels = fc_photo_decode (bytes, FC_PHOTOS_THUMBNAIL_EDGE, &info, error);
  if (pixels == NULL || !write_thumbnail (store, sha, pixels, info.orientation, error))
    return NULL;
  return g_steal_pointer (&path);
}

static void
pair_add (JsonArray  *pairs,
          JsonObject *before,
          JsonObject *after)
{
  JsonObject *pair = json_object_new ();

  if (before != NULL)
    json_object_set_object_member (pair, "before", json_object_ref (before));
  else
    json_object_set_null_member (pair, "before");
  if (after != NULL)
    json_object_set_object_member (pair, "after", json_object_ref (after));
  else
    json_object_set_null_member (pair, "after");
  json_array_add_object_element (pairs, pair);
}

/**
 * fc_photos_rectification_pairs:
 * @store: the store
 * @hazard_id: a hazard
 * @error: return location for an error
 *
 * Pairs the photos of a hazard before rectification with those after it, in
 * the order they were taken, for the ledger and the acceptance report. "Before"
 * photos are those taken as such; when there are none, the photos of the defect
 * on the hazard and on the checklist result that raised it. "After" photos are
 * those on the hazard and on its acceptance. A side with more photos than the
 * other gets pairs with an empty (null) half.
 *
 * Returns: (transfer full): an array of objects with members "before" and "after"
 */
JsonArray *
fc_photos_rectification_pairs (FcStore     *store,
                               const char  *hazard_id,
                               GError     **error)
{
  g_autoptr(JsonArray) before = NULL;
  g_autoptr(JsonArray) after = NULL;
  JsonArray *pairs;
  guint n;

  g_return_val_if_fail (FC_IS_STORE (store), NULL);
  g_return_val_if_fail (hazard_id != NULL, NULL);

  if (!query_exists (store, "SELECT id FROM hazard WHERE id = ?", hazard_id, NULL, NULL, NULL,
                     NULL))
    {
      g_set_error (error, FC_ERROR, FC_ERROR_NOT_FOUND, _("There is no hazard %s"), hazard_id);
      return NULL;
    }
  before = query_photos (store, "SELECT " PHOTO_COLUMNS " FROM photo WHERE attached_kind = "
                                "'hazard' AND attached_id = ? AND purpose = 'before' "
                                "ORDER BY taken_at, id", hazard_id, NULL, error);
  if (before != NULL && json_array_get_length (before) == 0)
    {
      g_clear_pointer (&before, json_array_unref);
      before = query_photos (store, "SELECT " PHOTO_COLUMNS " FROM photo WHERE purpose = 'defect' "
                                    "AND ((attached_kind = 'hazard' AND attached_id = ?1) OR "
                                    "(attached_kind = 'result' AND attached_id = "
                                    "(SELECT result_id FROM hazard WHERE id = ?1))) "
                                    "ORDER BY taken_at, id", hazard_id, NULL, error);
    }
  if (before == NULL)
    return NULL;
  after = query_photos (store, "SELECT " PHOTO_COLUMNS " FROM photo WHERE attached_kind IN "
                               "('hazard', 'acceptance') AND attached_id = ? AND purpose = 'after' "
                               "ORDER BY taken_at, id", hazard_id, NULL, error);
  if (after == NULL)
    return NULL;

  pairs = json_array_new ();
  n = MAX (json_array_get_length (before), json_array_get_length (after));
  for (guint i = 0; i < n; i++)
    pair_add (pairs,
              i < json_array_get_length (before) ? json_array_get_object_element (before, i) : NULL,
              i < json_array_get_length (after) ? json_array_get_object_element (after, i) : NULL);
  return pairs;
}

/* Verification */

static void
problem_free (gpointer data)
{
  FcPhotoProblem *problem = data;

  g_free (problem->sha256);
  g_free (problem->path);
  g_free (problem);
}

static void
add_problem (FcPhotoVerifyReport *report,
             FcPhotoProblemKind   kind,
             const char          *sha256,
             const char          *path)
{
  FcPhotoProblem *problem = g_new0 (FcPhotoProblem, 1);

  problem->kind = kind;
  problem->sha256 = g_strdup (sha256);
  problem->path = g_strdup (path);
  g_ptr_array_add (report->problems, problem);
}

void
fc_photo_verify_report_free (FcPhotoVerifyReport *report)
{
  if (report == NULL)
    return;
  g_ptr_array_unref (report->problems);
  g_free (report);
}

/**
 * fc_photo_verify_report_ok:
 * @report: a report
 *
 * Returns: whether nothing is wrong: every problem is only a photo waiting for sync
 */
gboolean
fc_photo_verify_report_ok (const FcPhotoVerifyReport *report)
{
  g_return_val_if_fail (report != NULL, FALSE);

  for (guint i = 0; i < report->problems->len; i++)
    {
      const FcPhotoProblem *problem = report->problems->pdata[i];

      if (problem->kind != FC_PHOTO_PROBLEM_AWAITING_SYNC)
        return FALSE;
    }
  return TRUE;
}

const char *
fc_photo_problem_kind_to_string (FcPhotoProblemKind kind)
{
  switch (kind)
    {
    case FC_PHOTO_PROBLEM_MISSING:
      return "missing";
    case FC_PHOTO_PROBLEM_DAMAGED:
      return "damaged";
    case FC_PHOTO_PROBLEM_ORPHAN:
      return "orphan";
    case FC_PHOTO_PROBLEM_PARTIAL:
      return "partial";
    case FC_PHOTO_PROBLEM_AWAITING_SYNC:
      return "awaiting-sync";
    default:
      g_assert_not_reached ();
    }
}

/* Every digest a record names -> whether a record made here names it. */
static GHashTable *
named_blobs (FcStore   *store,
             gboolean   with_origin,
             GError   **error)
{
  g_autoptr(GHashTable) named = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  /* Whether a record was made here takes a walk of the op-log, which on a
   * store of years is seconds; only verify needs it, to tell a missing file
   * from one still to come by sync. */
  if (with_origin)
    stmt = fc_store_prepare (store,
                             "SELECT p.sha256, max (o.origin = 'local') FROM photo p "
                             "LEFT JOIN op_log o ON o.tbl = 'photo' AND o.row_id = p.id "
                             "GROUP BY p.sha256 "
                             "UNION ALL "
                             "SELECT s.signature_sha, max (o.origin = 'local') FROM signoff s "
                             "LEFT JOIN op_log o ON o.tbl = 'signoff' AND o.row_id = s.id "
                             "WHERE s.signature_sha IS NOT NULL GROUP BY s.signature_sha", error);
  else
    stmt = fc_store_prepare (store,
                             "SELECT sha256, 0 FROM photo "
                             "UNION SELECT signature_sha, 0 FROM signoff "
                             "WHERE signature_sha IS NOT NULL", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *sha = (const char *) sqlite3_column_text (stmt, 0);
      gboolean local = sqlite3_column_int (stmt, 1) != 0;

      if (sha == NULL)
        continue;
      if (local || !g_hash_table_contains (named, sha))
        g_hash_table_insert (named, g_strdup (sha), GINT_TO_POINTER (local));
    }
  if (rc != SQLITE_DONE)
    {
      fc_store_set_sqlite_error (store, error, _("Cannot read the photos"));
      return NULL;
    }
  return g_steal_pointer (&named);
}

typedef void (*FileFunc) (const char *path,
                          const char *name,
                          gpointer    user_data);

/* Calls @func for every file in the two-letter folders of the blob store. */
static void
walk_blobs (const char *dir,
            FileFunc    func,
            gpointer    user_data)
{
  g_autoptr(GDir) top = g_dir_open (dir, 0, NULL);
  const char *prefix;

  if (top == NULL)
    return;
  while ((prefix = g_dir_read_name (top)) != NULL)
    {
      g_autofree char *sub_path = g_build_filename (dir, prefix, NULL);
      g_autoptr(GDir) sub = NULL;
      const char *name;

      if (strlen (prefix) != 2 || !g_file_test (sub_path, G_FILE_TEST_IS_DIR))
        continue;
      sub = g_dir_open (sub_path, 0, NULL);
      if (sub == NULL)
        continue;
      while ((name = g_dir_read_name (sub)) != NULL)
        {
          g_autofree char *path = g_build_filename (sub_path, name, NULL);

          func (path, name, user_data);
        }
    }
}

typedef struct
{
  GHashTable          *named;
  FcPhotoVerifyReport *report;
} Scan;

static void
scan_file (const char *path,
           const char *name,
           gpointer    user_data)
{
  Scan *scan = user_data;

  if (fc_blobs_is_temporary (name))
    add_problem (scan->report, FC_PHOTO_PROBLEM_PARTIAL, NULL, path);
  else if (fc_blobs_is_sha (name) && !g_hash_table_contains (scan->named, name))
    add_problem (scan->report, FC_PHOTO_PROBLEM_ORPHAN, name, path);
}

/**
 * fc_photos_verify:
 * @store: the store
 * @error: return location for an error
 *
 * Reads every stored photo again and compares its bytes with the digest that
 * names them; reports records whose file is missing or damaged, files that no
 * record names (left by an import that never committed) and half-written
 * temporary files. A record from another device whose bytes sync has not yet
 * fetched is listed as awaiting sync, which is not a fault.
 *
 * Returns: (transfer full): the report; see fc_photo_verify_report_ok()
 */
FcPhotoVerifyReport *
fc_photos_verify (FcStore  *store,
                  GError  **error)
{
  g_autoptr(FcPhotoVerifyReport) report = g_new0 (FcPhotoVerifyReport, 1);
  g_autoptr(GHashTable) named = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GList) digests = NULL;
  Scan scan;

  g_return_val_if_fail (FC_IS_STORE (store), NULL);

  report->problems = g_ptr_array_new_with_free_func (problem_free);
  named = named_blobs (store, TRUE, error);
  if (named == NULL)
    return NULL;
  dir = fc_photos_dir (store);

  digests = g_hash_table_get_keys (named);
  digests = g_list_sort (digests, (GCompareFunc) g_strcmp0);
  for (GList *l = digests; l != NULL; l = l->next)
    {
      const char *sha = l->data;
      gboolean local = GPOINTER_TO_INT (g_hash_table_lookup (named, sha));
      g_autofree char *path = NULL;
      g_autofree char *actual = NULL;
      g_autoptr(GError) read_error = NULL;

      if (!fc_blobs_is_sha (sha))
        {
          add_problem (report, FC_PHOTO_PROBLEM_DAMAGED, sha, NULL);
          continue;
        }
      path = fc_blobs_path (dir, sha);
      actual = fc_blobs_hash_file (path, &read_error);
      if (actual == NULL)
        {
          if (g_error_matches (read_error, FC_ERROR, FC_ERROR_NOT_FOUND))
            add_problem (report, local ? FC_PHOTO_PROBLEM_MISSING : FC_PHOTO_PROBLEM_AWAITING_SYNC,
                         sha, path);
          else
            add_problem (report, FC_PHOTO_PROBLEM_DAMAGED, sha, path);
          continue;
        }
      report->checked++;
      if (!g_str_equal (actual, sha))
        add_problem (report, FC_PHOTO_PROBLEM_DAMAGED, sha, path);
    }

  scan.named = named;
  scan.report = report;
  walk_blobs (dir, scan_file, &scan);
  return g_steal_pointer (&report);
}

typedef struct
{
  GHashTable *named;
  gboolean    keep_unnamed;
  char       *aside;
  gint64      min_age;
  gint64      now;
  guint       set_aside;
  GError     *error;
} Reconcile;

static gboolean
older_than (const char *path,
            gint64      min_age,
            gint64      now)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    return FALSE;
  return now - (gint64) st.st_mtime >= min_age;
}

static void
reconcile_file (const char *path,
                const char *name,
                gpointer    user_data)
{
  Reconcile *r = user_data;
  g_autofree char *target = NULL;

  if (r->error != NULL || !older_than (path, r->min_age, r->now))
    return;
  if (fc_blobs_is_temporary (name))
    {
      /* Half a file is not evidence of anything. */
      g_unlink (path);
      return;
    }
  if (!fc_blobs_is_sha (name) || g_hash_table_contains (r->named, name) || r->keep_unnamed)
    return;

  /* Never deleted: bytes without a record may still be someone's only copy. */
  if (g_mkdir_with_parents (r->aside, 0700) != 0)
    {
      g_set_error (&r->error, FC_ERROR, FC_ERROR_FAILED, _("Cannot create the folder “%s”: %s"),
                   r->aside, g_strerror (errno));
      return;
    }
  target = g_build_filename (r->aside, name, NULL);
  if (g_rename (path, target) != 0)
    {
      g_set_error (&r->error, FC_ERROR, FC_ERROR_FAILED, _("Cannot move “%s”: %s"), path,
                   g_strerror (errno));
      return;
    }
  r->set_aside++;
}

/**
 * fc_photos_reconcile:
 * @store: the store
 * @min_age_seconds: leave files younger than this alone (another program may
 *   be about to record them); 0 in tests
 * @out_set_aside: (out) (optional): how many files were set aside
 * @error: return location for an error
 *
 * Cleans up after imports that did not finish: files no record names move to
 * the `orphans` folder beside the store (never deleted: they may be the only
 * copy of a photo), and half-written temporary files are removed. While other
 * stores (`*.db`) share the folder, and so the blob store, nothing is set aside. Holds the
 * database's write lock meanwhile, so no import of this store is between
 * publishing its bytes and committing its record. Run at start-up.
 */
/* The blob store is the folder's, so another store beside this one may name
 * files that this one does not. */
static gboolean
shares_folder (FcStore *store)
{
  g_autofree char *dir = g_path_get_dirname (fc_store_get_path (store));
  g_autofree char *own = g_path_get_basename (fc_store_get_path (store));
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  const char *name;

  if (folder == NULL)
    return TRUE;
  while ((name = g_dir_read_name (folder)) != NULL)
    if (g_str_has_suffix (name, ".db") && !g_str_equal (name, own))
      return TRUE;
  return FALSE;
}

gboolean
fc_photos_reconcile (FcStore   *store,
                     gint64     min_age_seconds,
                     guint     *out_set_aside,
                     GError   **error)
{
  g_autoptr(GHashTable) named = NULL;
  g_autofree char *dir = NULL;
  Reconcile r = { 0 };

  g_return_val_if_fail (FC_IS_STORE (store), FALSE);

  if (!fc_store_begin (store, error))
    return FALSE;
  named = named_blobs (store, FALSE, error);
  if (named == NULL)
    {
      fc_store_rollback (store);
      return FALSE;
    }
  dir = fc_photos_dir (store);
  r.named = named;
  r.keep_unnamed = shares_folder (store);
  r.aside = beside_store (store, "orphans");
  r.min_age = min_age_seconds;
  r.now = g_get_real_time () / G_USEC_PER_SEC;
  walk_blobs (dir, reconcile_file, &r);
  fc_store_rollback (store);
  g_free (r.aside);

  if (out_set_aside != NULL)
    *out_set_aside = r.set_aside;
  if (r.error != NULL)
    {
      g_propagate_error (error, r.error);
      return FALSE;
    }
  return TRUE;
}
