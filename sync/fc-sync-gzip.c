/* fc-sync-gzip.c: gzip for changesets on the wire
 *
 * Inflating stops as soon as the output would pass the bound, so a small
 * compressed body cannot expand into gigabytes (a "zip bomb").
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <zlib.h>

#include "fc-error.h"
#include "fc-sync-gzip.h"

/**
 * fc_sync_gzip_compress:
 * @bytes: data
 *
 * Returns: (transfer full): @bytes as a gzip stream
 */
GBytes *
fc_sync_gzip_compress (GBytes *bytes)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  z_stream z = { 0 };
  g_autoptr(GByteArray) out = g_byte_array_new ();
  int rc;

  /* 15 + 16: a gzip header rather than a zlib one, as HTTP's Content-Encoding
   * wants. Level 4: on a changeset of 5,000 ops, 1 % larger than level 6 in
   * 58 % of its time (2.0 against 3.5 µs per op); level 1 was faster still
   * but 9 % larger, and a tablet in the field sends over a slow link. */
  rc = deflateInit2 (&z, 4, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  g_assert (rc == Z_OK);
  g_byte_array_set_size (out, deflateBound (&z, len));
  z.next_in = (Bytef *) data;
  z.avail_in = len;
  z.next_out = out->data;
  z.avail_out = out->len;
  rc = deflate (&z, Z_FINISH);
  g_assert (rc == Z_STREAM_END);
  g_byte_array_set_size (out, z.total_out);
  deflateEnd (&z);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/**
 * fc_sync_gzip_inflate:
 * @bytes: a gzip stream
 * @max_size: refuse output larger than this
 * @error: set with %FC_ERROR_INVALID when the stream is damaged or too large
 *
 * Returns: (transfer full): the inflated data, or %NULL
 */
GBytes *
fc_sync_gzip_inflate (GBytes  *bytes,
                      gsize    max_size,
                      GError **error)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  z_stream z = { 0 };
  g_autoptr(GByteArray) out = g_byte_array_new ();
  guint8 chunk[16384];
  int rc = Z_OK;

  if (inflateInit2 (&z, 15 + 16) != Z_OK)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_FAILED, _("Out of memory"));
      return NULL;
    }
  z.next_in = (Bytef *) data;
  z.avail_in = len;
  while (rc != Z_STREAM_END)
    {
      gsize produced;

      z.next_out = chunk;
      z.avail_out = sizeof chunk;
      rc = inflate (&z, Z_NO_FLUSH);
      if (rc != Z_OK && rc != Z_STREAM_END)
        break;
      produced = sizeof chunk - z.avail_out;
      if (out->len + produced > max_size)
        {
          inflateEnd (&z);
          g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                       _("The compressed changeset expands to more than %lu bytes"),
                       (unsigned long) max_size);
          return NULL;
        }
      g_byte_array_append (out, chunk, (guint) produced);
      if (rc == Z_OK && produced == 0 && z.avail_in == 0)
        {
          rc = Z_BUF_ERROR;
          break;
        }
    }
  inflateEnd (&z);
  if (rc != Z_STREAM_END || z.avail_in != 0)
    {
      g_set_error (error, FC_ERROR, FC_ERROR_INVALID,
                   _("The compressed changeset is damaged or cut short"));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}
