/* fc-sign-in-dialog.h: who uses the tablet signs in, with a password checked on the device */
#pragma once

#include <adwaita.h>

#include "fc-store-service.h"

G_BEGIN_DECLS

#define FC_TYPE_SIGN_IN_DIALOG (fc_sign_in_dialog_get_type ())
G_DECLARE_FINAL_TYPE (FcSignInDialog, fc_sign_in_dialog, FC, SIGN_IN_DIALOG, AdwWindow)

FcSignInDialog *fc_sign_in_dialog_new         (GtkWindow      *parent,
                                               FcStoreService *service);
const char     *fc_sign_in_dialog_get_error   (FcSignInDialog *self);
void            fc_sign_in_dialog_set_login   (FcSignInDialog *self,
                                               const char     *login);
void            fc_sign_in_dialog_set_password (FcSignInDialog *self,
                                               const char     *password);
gboolean        fc_sign_in_dialog_is_busy     (FcSignInDialog *self);

G_END_DECLS
