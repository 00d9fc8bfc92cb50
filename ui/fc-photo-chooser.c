/* fc-photo-chooser.c: choosing photo files to add */

#include "config.h"

#include <glib/gi18n.h>

#include "fc-photo-chooser.h"

/**
 * fc_photo_chooser_new:
 * @parent: the window it belongs to
 * @title: what it is for
 *
 * A chooser of one or more JPEG or PNG files, not yet shown.
 *
 * Returns: (transfer full): the chooser
 */
GtkFileChooserNative *
fc_photo_chooser_new (GtkWindow  *parent,
                      const char *title)
{
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (title, parent,
                                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                                               _("_Add"), _("_Cancel"));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("Photos (JPEG, PNG)"));
  gtk_file_filter_add_mime_type (filter, "image/jpeg");
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  return chooser;
}

/**
 * fc_photo_chooser_get_paths:
 * @chooser: a chooser that was accepted
 *
 * Returns: (transfer full) (element-type filename): the local paths of the
 *   chosen files
 */
GPtrArray *
fc_photo_chooser_get_paths (GtkNativeDialog *chooser)
{
  g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (files); i++)
    {
      g_autoptr(GFile) file = g_list_model_get_item (files, i);
      char *path = g_file_get_path (file);

      if (path != NULL)
        g_ptr_array_add (paths, path);
    }
  return paths;
}
