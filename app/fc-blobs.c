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
 * fc_blobs_put:
 * @dir: the blob folder; created when missing
 * @bytes: the content
 * @error: return location for an error
 *
 * Stores @bytes durably under their digest. Storing bytes that are already
 * there writes nothing.
 *
 * Returns: (transfer full): the SHA-256 of @bytes, or %NULL
 */
char *
fc_blobs_put (const char  *dir,
              GBytes      *bytes,
              GError     **error)
{
  g_autofree char *sha = NULL;
  g_autofree char *path = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *tmp = NULL;
  gsize size;
  const guint8 *data;
  int fd;
  int saved_errno;

  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &size);
  sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  path = fc_blobs_path (dir, sha);
  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&sha);

  parent = g_path_get_dirname (path);
  if (g_mkdir_with_parents (parent, 0700) != 0)
    {
      set_io_error (error, errno, parent);
      return NULL;
    }

  tmp = g_strdup_printf ("%s.tmp-XXXXXX", path);
  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      set_io_error (error, errno, tmp);
      return NULL;
    }
  if (!write_all (fd, data, size) || fsync (fd) != 0)
    {
      saved_errno = errno;
      close (fd);
      g_unlink (tmp);
      set_io_error (error, saved_errno, path);
      return NULL;
    }
  close (fd);
  if (g_rename (tmp, path) != 0)
    {
      saved_errno = errno;
      g_unlink (tmp);
      set_io_error (error, saved_errno, path);
      return NULL;
    }
  /* The rename is durable only once the folder entry is on disk. */
  fsync_dir (parent);
  return g_steal_pointer (&sha);
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
