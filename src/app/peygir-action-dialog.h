/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "peygir-workflow.h"

G_BEGIN_DECLS

/* The dialog asking for what a workflow action needs before it is taken:
 * a note or reason, the agencies to refer to, the referral concerned, how
 * the agency or applicant was reached, the agency's own letter, or the
 * earlier case. Only the fields the action needs are shown; "apply" is
 * enabled once the required ones are filled. The responses are "cancel"
 * and "apply" (labelled with the action); the caller reads the fields
 * when "apply" comes. */

#define PEYGIR_TYPE_ACTION_DIALOG (peygir_action_dialog_get_type ())
G_DECLARE_FINAL_TYPE (PeygirActionDialog, peygir_action_dialog, PEYGIR, ACTION_DIALOG, AdwMessageDialog)

/* @kase (with its referrals) is the case acted on, @agencies (of
 * PeygirAgency) those a referral may go to; both are read now, not kept. */
GtkWidget     *peygir_action_dialog_new              (GtkWindow          *parent,
                                                      PeygirAction        action,
                                                      const PeygirCase   *kase,
                                                      GPtrArray          *agencies);
PeygirAction   peygir_action_dialog_get_action       (PeygirActionDialog *self);
/* The note as typed, trimmed; NULL when empty or not asked for. */
char          *peygir_action_dialog_dup_note         (PeygirActionDialog *self);
/* Starts the note from @note (what was typed for an attempt not saved). */
void           peygir_action_dialog_set_note         (PeygirActionDialog *self,
                                                      const char         *note);
/* The ids of the agencies ticked; empty when not asked for. */
GArray        *peygir_action_dialog_get_agency_ids   (PeygirActionDialog *self);
/* The referral chosen; 0 when none or not asked for. */
gint64         peygir_action_dialog_get_referral_id  (PeygirActionDialog *self);
/* PEYGIR_CHANNEL_NONE when not asked for. */
PeygirChannel  peygir_action_dialog_get_channel      (PeygirActionDialog *self);
/* Chooses @channel when the dialog offers it (the phone is chosen first). */
void           peygir_action_dialog_set_channel      (PeygirActionDialog *self,
                                                      PeygirChannel       channel);
/* The earlier case's tracking code or registration number as typed;
 * NULL when empty or not asked for. */
char          *peygir_action_dialog_dup_linked_code  (PeygirActionDialog *self);
/* The agency's letter with the answer: its number (NULL when empty or not
 * asked for), its date (FALSE when what was typed is not a date; TRUE
 * with 0 when empty) and its scan (NULL when none was chosen). */
char          *peygir_action_dialog_dup_answer_number (PeygirActionDialog *self);
gboolean       peygir_action_dialog_get_answer_date  (PeygirActionDialog *self,
                                                      PeygirDay          *day);
GFile         *peygir_action_dialog_get_answer_file  (PeygirActionDialog *self);
void           peygir_action_dialog_set_answer_file  (PeygirActionDialog *self,
                                                      GFile              *file);
/* Whether anything was typed (or a scan chosen) since the dialog opened.
 * Closing the dialog then asks whether to discard it, over the dialog
 * (an AdwMessageDialog named "discard-dialog", responses "discard" and
 * "keep"); "apply" does not ask. */
gboolean       peygir_action_dialog_has_input        (PeygirActionDialog *self);

G_END_DECLS
