/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "peygir-application.h"
#include "peygir-case-list.h"
#include "peygir-case-page.h"
#include "peygir-intake-page.h"
#include "peygir-notifier.h"
#include "peygir-office-page.h"
#include "peygir-print-queue-page.h"
#include "peygir-register-page.h"
#include "peygir-reports-page.h"
#include "peygir-session.h"

G_BEGIN_DECLS

#define PEYGIR_TYPE_WINDOW (peygir_window_get_type ())
G_DECLARE_FINAL_TYPE (PeygirWindow, peygir_window, PEYGIR, WINDOW, AdwApplicationWindow)

/* @application may be NULL (the tests make windows without one). */
PeygirWindow     *peygir_window_new               (PeygirApplication *application);
/* Opens @path in a worker thread as @login and shows the inbox, the
 * unknown-user page or what went wrong. A server that asks for a password
 * gets the keyring's, else the one the desk types in the password dialog
 * (asked again while the server refuses it). */
void              peygir_window_open_database     (PeygirWindow      *self,
                                                   const char        *path,
                                                   const char        *login);
/* The password dialog while it asks, else NULL. */
GtkWidget        *peygir_window_get_password_dialog (PeygirWindow    *self);
void              peygir_window_set_session       (PeygirWindow      *self,
                                                   PeygirSession     *session);
PeygirSession    *peygir_window_get_session       (PeygirWindow      *self);
/* The desktop notifications of the session's window, once it has a session
 * and only in an application's window; else NULL. */
PeygirNotifier   *peygir_window_get_notifier      (PeygirWindow      *self);

/* "loading", "error", "unknown-user", or, once open, "inbox", "case",
 * "intake", "office", "reports", "print-queue" or "register". */
const char       *peygir_window_get_page          (PeygirWindow      *self);
/* The queues shown to this user, by id ("new", "to-approve", …); "office"
 * selects the office's workflow, for managers and administrators;
 * "reports" the reports, for them and the experts; "register" the letter
 * register, for everyone. */
GStrv             peygir_window_list_queues       (PeygirWindow      *self);
gboolean          peygir_window_select_queue      (PeygirWindow      *self,
                                                   const char        *queue_id);
/* The queue selected in the sidebar, by id; NULL when the selected row is
 * a page (the office's workflow, the register) or none is. */
const char       *peygir_window_get_queue         (PeygirWindow      *self);
/* The count shown beside a queue; -1 while unknown or for a queue not shown. */
gint64            peygir_window_get_queue_count   (PeygirWindow      *self,
                                                   const char        *queue_id);
PeygirCaseList   *peygir_window_get_case_list     (PeygirWindow      *self);
/* What the inbox shows: the queue's cases, or the search's results. */
GListModel       *peygir_window_get_shown_model   (PeygirWindow      *self);
GtkColumnView    *peygir_window_get_case_view     (PeygirWindow      *self);
PeygirCasePage   *peygir_window_get_case_page     (PeygirWindow      *self);
PeygirIntakePage *peygir_window_get_intake_page   (PeygirWindow      *self);
PeygirOfficePage *peygir_window_get_office_page   (PeygirWindow      *self);
PeygirPrintQueuePage *peygir_window_get_print_queue_page (PeygirWindow *self);
PeygirRegisterPage *peygir_window_get_register_page (PeygirWindow    *self);
PeygirReportsPage  *peygir_window_get_reports_page  (PeygirWindow    *self);
void              peygir_window_show_case         (PeygirWindow      *self,
                                                   gint64             case_id);
void              peygir_window_search            (PeygirWindow      *self,
                                                   const char        *text);
/* The banner's text, or NULL when it is hidden. */
const char       *peygir_window_get_banner        (PeygirWindow      *self);
/* Whether the window waits for the database. */
gboolean          peygir_window_is_busy           (PeygirWindow      *self);
/* Whether the sidebar's counts and the inbox's first rows have arrived
 * (the "inbox-filled" signal says when, the first time). */
gboolean          peygir_window_inbox_is_filled   (PeygirWindow      *self);
void              peygir_window_add_toast         (PeygirWindow      *self,
                                                   const char        *title);

/* The file: URI of the user's guide (F1, win.help). */
char             *peygir_window_dup_help_uri      (void);

G_END_DECLS
