/* fc-blobs.c: a content-addressed file store next to the database
 *
 * Bytes are named by their SHA-256 and never change, so a blob written once
 * is never written again and two devices that hold the same bytes agree on
 * the name. A blob is written to a temporary file, flushed to the disk and
 * then renamed into place: a reader never sees half a blob, and a blob whose
 * record is committed survives a pulled battery.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "fc-blobs.h"
#include "fc-error.h"

/**
 * fc_blobs_dir:
 * @store: the store
 *
 * Returns: (transfer full): the blob folder of @store: `blobs/` beside its file
 */
char *
fc_blobs_dir (FcStore *store)
{
  g_autofree char *dir = NULL;

  g_return_val_if_fail (FC_IS_STORE (store), NULL);

  dir = g_path_get_dirname (fc_store_get_path (store));
  return g_build_filename (dir, "blobs", NULL);
}

/**
 * fc_blobs_is_sha:
 * @sha256: (nullable): a string
 *
 * Returns: whether @sha256 is 64 lowercase hexadecimal digits
 */
gboolean
fc_blobs_is_sha (const char *sha256)
{
  if (sha256 == NULL || strlen (sha256) != 64)
    return FALSE;
  for (const char *p = sha256; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
      return FALSE;
  return TRUE;
}

/**
 * fc_blobs_path:
 * @dir: the blob folder
 * @sha256: a digest
 *
 * Returns: (transfer full): where the blob lives: `dir/ab/abcd…`
 */
char *
fc_blobs_path (const char *dir,
               const char *sha256)
{
  char prefix[3] = { 0 };

  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (fc_blobs_is_sha (sha256), NULL);

  memcpy (prefix, sha256, 2);
  return g_build_filename (dir, prefix, sha256, NULL);
}

static gboolean
fsync_dir (const char *path)
{
  int fd = g_open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = fsync (fd) == 0;
  close (fd);
  return ok;
}

static gboolean
write_all (int            fd,
           const guint8  *data,
           gsize          size)
{
  while (size > 0)
    {
      gssize n = write (fd, data, size);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      size -= (gsize) n;
    }
  return TRUE;
}

static void
set_io_error (GError     **error,
              int          saved_errno,
              const char  *path)
{
  if (saved_errno == ENOSPC)
    g_set_error (error, FC_ERROR, FC_ERROR_DISK_FULL,
                 _("The device is full: free some space, then try again"));
  else
    g_set_error (error, FC_ERROR, FC_ERROR_FAILED, _("Cannot write “%s”: %s"), path,
                 g_strerror (saved_errno));
}

/**
 * fc_blobs_get:
 * @dir: the blob folder
 * @sha256: a digest
 * @error: set with %FC_ERROR_NOT_FOUND when the blob is missing, or
 *   %FC_ERROR_CORRUPT when its bytes no longer match their name
 *
 * Returns: (transfer full): the content, checked against its digest
 */
GBytes *
fc_blobs_get (const char  *dir,
              const char  *sha256,
              GError     **error)
{
  g_autofree char *path = NULL;
  g_autofree char *actual = NULL;
  g_autofree char *data = NULL;
  gsize size = 0;

  g_return_val_if_fail (dir != NULL, NULL);

  if (!fc_blobs_is_sha (sha256))
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID, _("“%s” is not a SHA-256 digest"),
                   sha256 ? sha256 : "null");
      return NULL;
    }
  path = fc_blobs_path (dir, sha256);
  if (!g_file_get_contents (path, &data, &size, NULL))
    {
      g_set_error (error, FC_ERROR, FC_ERROR_NOT_FOUND,
                   _("The file %.12s… is not on this device yet; sync to fetch it"), sha256);
      return NULL;
    }
  actual = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, size);
  if (!g_str_equal (actual, sha256))
    {
      g_set_error (error, FC_ERROR, FC_ERROR_CORRUPT,
                   _("The file %.12s… is damaged on this device; sync to fetch it again"), sha256);
      return NULL;
    }
  return g_bytes_new_take (g_steal_pointer (&data), size);
}

/* The two-step put: a caller that records the blob in the database stages the
 * bytes first (the slow part: writing and flushing), then publishes them under
 * their name while it holds the database's write lock, and removes them again
 * when the record cannot be committed. A crash between publishing and the
 * commit leaves a blob without a record, never a record without its blob. */

struct _FcBlobsStaged
{
  char *dir;
  char *sha256;
  char *path;
  char *tmp;    /* NULL once published or discarded */
};

/* Test hook: writes beyond this many bytes fail as on a full disk. */
static gssize
simulated_free_space (void)
{
  const char *limit = g_getenv ("FC_TEST_BLOBS_FULL_AFTER");

  return limit != NULL ? (gssize) g_ascii_strtoll (limit, NULL, 10) : -1;
}

/**
 * fc_blobs_is_temporary:
 * @name: a file name in the blob folder
 *
 * Returns: whether @name is a blob being written, or left half-written by a crash
 */
gboolean
fc_blobs_is_temporary (const char *name)
{
  g_return_val_if_fail (name != NULL, FALSE);
  return strstr (name, ".tmp-") != NULL;
}

/**
 * fc_blobs_hash_file:
 * @path: a file
 * @error: return location for an error
 *
 * Returns: (transfer full): the SHA-256 of the file's bytes, read in pieces
 */
char *
fc_blobs_hash_file (const char  *path,
                    GError     **error)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint8 *buffer = g_malloc (256 * 1024);
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, FC_ERROR, saved_errno == ENOENT ? FC_ERROR_NOT_FOUND : FC_ERROR_FAILED,
                   _("Cannot read “%s”: %s"), path, g_strerror (saved_errno));
      return NULL;
    }
  for (;;)
    {
      gssize n = read (fd, buffer, 256 * 1024);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          close (fd);
          g_set_error (error, FC_ERROR, FC_ERROR_FAILED, _("Cannot read “%s”: %s"), path,
                       g_strerror (saved_errno));
          return NULL;
        }
      if (n == 0)
        break;
      g_checksum_update (sum, buffer, n);
    }
  close (fd);
  return g_strdup (g_checksum_get_string (sum));
}

/**
 * fc_blobs_stage:
 * @dir: the blob folder; created when missing
 * @bytes: the content
 * @error: set with %FC_ERROR_DISK_FULL when the disk fills up
 *
 * Writes @bytes to a temporary file beside their final place and flushes it to
 * the disk. Nothing is visible under the blob's name yet. On failure no file
 * is left behind.
 *
 * Returns: (transfer full): the staged blob, or %NULL
 */
FcBlobsStaged *
fc_blobs_stage (const char  *dir,
                GBytes      *bytes,
                GError     **error)
{
  g_autoptr(FcBlobsStaged) staged = g_new0 (FcBlobsStaged, 1);
  g_autofree char *parent = NULL;
  g_autofree char *tmp = NULL;
  const guint8 *data;
  gsize size;
  gsize allowed;
  gssize space = simulated_free_space ();
  gboolean ok;
  int fd;
  int saved_errno;

  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &size);
  staged->dir = g_strdup (dir);
  staged->sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  staged->path = fc_blobs_path (dir, staged->sha256);

  parent = g_path_get_dirname (staged->path);
  if (g_mkdir_with_parents (parent, 0700) != 0)
    {
      set_io_error (error, errno, parent);
      return NULL;
    }
  tmp = g_strdup_printf ("%s.tmp-XXXXXX", staged->path);
  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      set_io_error (error, errno, tmp);
      return NULL;
    }
  allowed = space >= 0 && (gsize) space < size ? (gsize) space : size;
  ok = write_all (fd, data, allowed);
  if (ok && allowed < size)
    {
      ok = FALSE;
      errno = ENOSPC;
    }
  if (!ok || fsync (fd) != 0)
    {
      saved_errno = errno;
      close (fd);
      g_unlink (tmp);
      set_io_error (error, saved_errno, staged->path);
      return NULL;
    }
  if (close (fd) != 0)
    {
      saved_errno = errno;
      g_unlink (tmp);
      set_io_error (error, saved_errno, staged->path);
      return NULL;
    }
  staged->tmp = g_steal_pointer (&tmp);
  return g_steal_pointer (&staged);
}

const char *
fc_blobs_staged_sha256 (FcBlobsStaged *staged)
{
  g_return_val_if_fail (staged != NULL, NULL);
  return staged->sha256;
}

/**
 * fc_blobs_staged_publish:
 * @staged: a staged blob
 * @out_created: (out) (optional): whether the blob's name is new; %FALSE when
 *   the same bytes were already stored
 * @error: return location for an error
 *
 * Moves the staged bytes under their name and makes the move durable. When the
 * blob is already there its bytes are checked: an intact copy is kept and the
 * staged one dropped, a damaged copy is replaced.
 */
gboolean
fc_blobs_staged_publish (FcBlobsStaged  *staged,
                         gboolean       *out_created,
                         GError        **error)
{
  g_autofree char *parent = NULL;
  gboolean created = TRUE;

  g_return_val_if_fail (staged != NULL && staged->tmp != NULL, FALSE);

  if (g_file_test (staged->path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *existing = fc_blobs_hash_file (staged->path, NULL);

      created = FALSE;
      if (g_strcmp0 (existing, staged->sha256) == 0)
        {
          g_unlink (staged->tmp);
          g_clear_pointer (&staged->tmp, g_free);
          if (out_created != NULL)
            *out_created = FALSE;
          return TRUE;
        }
    }

  if (g_rename (staged->tmp, staged->path) != 0)
    {
      set_io_error (error, errno, staged->path);
      return FALSE;
    }
  g_clear_pointer (&staged->tmp, g_free);
  parent = g_path_get_dirname (staged->path);
  if (!fsync_dir (parent))
    {
      int saved_errno = errno;

      if (created)
        g_unlink (staged->path);
      set_io_error (error, saved_errno, parent);
      return FALSE;
    }
  if (out_created != NULL)
    *out_created = created;
  return TRUE;
}

/**
 * fc_blobs_staged_free:
 * @staged: (transfer full): a staged blob
 *
 * Drops a blob that was not published, removing its temporary file.
 */
void
fc_blobs_staged_free (FcBlobsStaged *staged)
{
  if (staged == NULL)
    return;
  if (staged->tmp != NULL)
    g_unlink (staged->tmp);
  g_free (staged->tmp);
  g_free (staged->path);
  g_free (staged->sha256);
  g_free (staged->dir);
  g_free (staged);
}

/**
 * fc_blobs_unpublish:
 * @dir: the blob folder
 * @sha256: a blob this caller just published and could not record
 * @error: return location for an error
 *
 * Takes back a blob whose record was rolled back. Call it only for a blob that
 * fc_blobs_staged_publish() reported as created, while holding the same
 * database write lock: another record may name older blobs.
 */
gboolean
fc_blobs_unpublish (const char  *dir,
                    const char  *sha256,
                    GError     **error)
{
  g_autofree char *path = NULL;
  g_autofree char *parent = NULL;

  g_return_val_if_fail (dir != NULL, FALSE);
  g_return_val_if_fail (fc_blobs_is_sha (sha256), FALSE);

  path = fc_blobs_path (dir, sha256);
  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      set_io_error (error, errno, path);
      return FALSE;
    }
  parent = g_path_get_dirname (path);
  fsync_dir (parent);
  return TRUE;
}
