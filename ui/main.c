/* main.c: create the application and run it */

#include "config.h"

#include <glib/gi18n.h>

#include "fc-application.h"
#include "fc-i18n.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(FcApplication) app = NULL;

  fc_i18n_init ();

  if (!gtk_init_check ())
    {
      g_printerr ("%s\n", _("fieldcheck: no display found; run it in a desktop session, "
                            "or under Xvfb: xvfb-run -a fieldcheck --demo"));
      return 1;
    }

  app = fc_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
