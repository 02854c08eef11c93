/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "peygir-types.h"

G_BEGIN_DECLS

/* The manager's choice of the expert who will hold a case: the active
 * experts, searched by typing. The responses are "cancel" and "assign",
 * enabled once someone other than the case's expert is chosen. */

#define PEYGIR_TYPE_ASSIGN_DIALOG (peygir_assign_dialog_get_type ())
G_DECLARE_FINAL_TYPE (PeygirAssignDialog, peygir_assign_dialog, PEYGIR, ASSIGN_DIALOG, AdwMessageDialog)

/* @experts (of PeygirUser) are read now, not kept; @kase's expert is
 * chosen first. */
GtkWidget *peygir_assign_dialog_new          (GtkWindow          *parent,
                                              const PeygirCase   *kase,
                                              GPtrArray          *experts);
/* The expert chosen; 0 for none. */
gint64     peygir_assign_dialog_get_assignee (PeygirAssignDialog *self);
/* Chooses @user_id, as the desk would; FALSE when no such expert is offered. */
gboolean   peygir_assign_dialog_set_assignee (PeygirAssignDialog *self,
                                              gint64              user_id);

G_END_DECLS
