/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "peygir-session.h"

G_BEGIN_DECLS

#define PEYGIR_TYPE_PROFILE_DIALOG (peygir_profile_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PeygirProfileDialog, peygir_profile_dialog, PEYGIR, PROFILE_DIALOG, AdwWindow)

/* The signed-in user's own name and title, modal over @parent: the user is
 * read again from the store as it opens, saved over that reading (refused
 * when another desk changed them meanwhile: the dialog says so and keeps
 * what was typed), and the session's user is then the one saved. */
GtkWidget  *peygir_profile_dialog_new         (GtkWindow           *parent,
                                               PeygirSession       *session);
/* Whether it reads or saves. */
gboolean    peygir_profile_dialog_get_busy    (PeygirProfileDialog *self);
/* The last refusal shown, NULL after a save. */
const char *peygir_profile_dialog_get_problem (PeygirProfileDialog *self);

G_END_DECLS
