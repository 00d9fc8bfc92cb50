/* fc-refusal-dialog.c: telling the user why a step was not taken */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "fc-error.h"
#include "fc-refusal-dialog.h"

/* A guard's refusal is a rule of the workflow; anything else is a failure
 * to save. Either way the sentence is the store's own. */
void
fc_refusal_dialog_present (GtkWidget    *page,
                           const GError *error)
{
  GtkWidget *dialog;

  g_return_if_fail (GTK_IS_WIDGET (page));
  g_return_if_fail (error != NULL);

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (page)),
                                   g_error_matches (error, FC_ERROR, FC_ERROR_GUARD)
                                   ? _("This Step Is Not Allowed") : _("The Step Was Not Saved"),
                                   error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_OK"));
  gtk_window_present (GTK_WINDOW (dialog));
}
