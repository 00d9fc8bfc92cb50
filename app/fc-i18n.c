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
