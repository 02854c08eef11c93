/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "peygir-session.h"

G_BEGIN_DECLS

#define PEYGIR_TYPE_USER_DIALOG (peygir_user_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PeygirUserDialog, peygir_user_dialog, PEYGIR, USER_DIALOG, AdwWindow)

/* The administrator's dialog for one user, modal over @parent: a new one
 * (@user NULL: login, name, title, roles) or @user as the desk listed them
 * (name, title, roles, active; the login shown). It saves through
 * @session itself and stays open, with what was typed, when the store
 * refuses; "changed" is emitted whenever the user may have changed in the
 * store (its argument the user as saved, or NULL when another desk's
 * change was found instead), and the dialog closes after a save. */
GtkWidget  *peygir_user_dialog_new         (GtkWindow        *parent,
                                            PeygirSession    *session,
                                            const PeygirUser *user);
/* The user as the dialog will save over (NULL: a new one). */
const PeygirUser *peygir_user_dialog_get_user (PeygirUserDialog *self);
gboolean    peygir_user_dialog_get_busy    (PeygirUserDialog *self);
/* The last refusal shown, NULL after a save. */
const char *peygir_user_dialog_get_problem (PeygirUserDialog *self);

G_END_DECLS
