/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "peygir-letter-sender.h"
#include "peygir-session.h"

G_BEGIN_DECLS

/* Everything about one case, and the bar of the actions this user may take
 * in its state, installed as "case.<action>" widget actions. */

#define PEYGIR_TYPE_CASE_PAGE (peygir_case_page_get_type ())
G_DECLARE_FINAL_TYPE (PeygirCasePage, peygir_case_page, PEYGIR, CASE_PAGE, GtkWidget)

void              peygir_case_page_set_session  (PeygirCasePage *self,
                                                 PeygirSession  *session);
/* Reads the case, its referrals, documents, contacts and events. */
void              peygir_case_page_load         (PeygirCasePage *self,
                                                 gint64          case_id);
const PeygirCase *peygir_case_page_get_case     (PeygirCasePage *self);
gboolean          peygir_case_page_get_loading  (PeygirCasePage *self);
/* The action name ("case.review") of a workflow action. */
char             *peygir_case_page_action_name  (PeygirAction    action);
/* Attaches @file to the case shown, as "case.add-document" does with the
 * file chosen. */
void              peygir_case_page_add_file     (PeygirCasePage *self,
                                                 GFile          *file);
guint             peygir_case_page_get_n_documents (PeygirCasePage *self);
/* The scan of the agency's letter that the answer dialog open on the page
 * sends with the answer, as its "choose" button does with the file chosen. */
void              peygir_case_page_set_answer_file (PeygirCasePage *self,
                                                    GFile          *file);
/* For tests: the print flow of case.dispatch and case.send-answer prints
 * to the PDF file @path instead of a printer; the latest flow, or NULL. */
void              peygir_case_page_set_print_export (PeygirCasePage *self,
                                                     const char     *path);
PeygirLetterSender *peygir_case_page_get_sender  (PeygirCasePage *self);
/* The dialog open on the page (an action's input or a conflict), or NULL. */
AdwMessageDialog *peygir_case_page_get_dialog   (PeygirCasePage *self);

G_END_DECLS
