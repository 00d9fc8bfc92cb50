/* fc-i18n.c: set up gettext for the programs */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

#include "fc-i18n.h"

/**
 * fc_i18n_init:
 *
 * Binds the text domain. FIELDCHECK_LOCALEDIR points at a build tree's po/
 * folder, so that an uninstalled build speaks the user's language too.
 */
void
fc_i18n_init (void)
{
  const char *dir = g_getenv ("FIELDCHECK_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, dir != NULL && *dir != '\0' ? dir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

/**
 * fc_i18n_prefers_chinese:
 *
 * Checklist texts come in Chinese and English; this picks which one to show.
 *
 * Returns: whether the first language the user asks for is Chinese
 */
gboolean
fc_i18n_prefers_chinese (void)
{
  const char * const *names = g_get_language_names ();

  return names[0] != NULL && g_str_has_prefix (names[0], "zh");
}
