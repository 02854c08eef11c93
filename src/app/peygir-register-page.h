/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "peygir-session.h"

G_BEGIN_DECLS

/* The register (دفتر اندیکاتور): every letter the office sent, void numbers
 * included, and the agencies' answers, newest first, filtered by a Persian
 * date range, an agency, the direction and a search, read a page at a time.
 * Actions, on the selected row:
 *   register.open     the kept PDF of a letter we sent, or the scan of an
 *                     agency's answer in the desktop's viewer
 *   register.void     void the number of a letter we sent (secretariat),
 *                     asking the reason first
 *   register.reload   read the register again
 * The store is read and written in the session's worker threads. */

#define PEYGIR_TYPE_REGISTER_PAGE (peygir_register_page_get_type ())
G_DECLARE_FINAL_TYPE (PeygirRegisterPage, peygir_register_page, PEYGIR, REGISTER_PAGE, GtkWidget)

GtkWidget       *peygir_register_page_new              (void);
/* Reads the register from @session's store (kept); NULL clears the page. */
void             peygir_register_page_set_session      (PeygirRegisterPage *self,
                                                        PeygirSession      *session);
PeygirSession   *peygir_register_page_get_session      (PeygirRegisterPage *self);
void             peygir_register_page_reload           (PeygirRegisterPage *self);
/* The rows as read so far (PeygirRegisterItem); NULL without a session. */
GListModel      *peygir_register_page_get_model        (PeygirRegisterPage *self);
void             peygir_register_page_select           (PeygirRegisterPage *self,
                                                        guint               position);
/* Reading, voiding or opening. */
gboolean         peygir_register_page_get_busy         (PeygirRegisterPage *self);
/* The dialog register.void shows, while it is shown. */
AdwMessageDialog *peygir_register_page_get_void_dialog (PeygirRegisterPage *self);
/* The last sentence the page told its user in a toast, or NULL. */
const char      *peygir_register_page_get_last_message (PeygirRegisterPage *self);
/* Rows a read (default PEYGIR_REGISTER_LIST_PAGE_SIZE); from the next
 * filter or reload on. */
void             peygir_register_page_set_page_size    (PeygirRegisterPage *self,
                                                        guint               page_size);

G_END_DECLS
