/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PEYGIR_TYPE_PASSWORD_DIALOG (peygir_password_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PeygirPasswordDialog, peygir_password_dialog, PEYGIR, PASSWORD_DIALOG, AdwMessageDialog)

/* Asks for the password of the database server at @location (which it
 * names by role, host and database, never with a password), over @parent.
 * @refusal: why it asks again (the server refused the last password), or
 * NULL. Its responses: "connect" and "cancel". */
GtkWidget  *peygir_password_dialog_new          (GtkWindow            *parent,
                                                 const char           *location,
                                                 const char           *refusal);
const char *peygir_password_dialog_get_password (PeygirPasswordDialog *self);
gboolean    peygir_password_dialog_get_remember (PeygirPasswordDialog *self);

G_END_DECLS
