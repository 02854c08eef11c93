/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "peygir-letter-sender.h"
#include "peygir-session.h"

G_BEGIN_DECLS

/* The secretariat's print queue: the referral letters and the reminders
 * the manager approved and nobody has sent yet, one row per letter (a case
 * may have several). Actions:
 *   queue.reload            read the queue again
 *   queue.preview (sxx)     show the letter of (kind "referral" or
 *                           "reminder", case id, referral id)
 *   queue.print             print every letter in the queue in one job,
 *                           then record as sent those the secretariat
 *                           confirms came out right (PeygirLetterSender):
 *                           a cancelled print records nothing
 * The store is read and written, and the letters rendered, in the
 * session's worker threads. */

#define PEYGIR_TYPE_PRINT_QUEUE_PAGE (peygir_print_queue_page_get_type ())
G_DECLARE_FINAL_TYPE (PeygirPrintQueuePage, peygir_print_queue_page, PEYGIR, PRINT_QUEUE_PAGE, GtkWidget)

GtkWidget     *peygir_print_queue_page_new                 (void);
/* Reads the queue from @session's store (kept); NULL clears the page. */
void           peygir_print_queue_page_set_session         (PeygirPrintQueuePage *self,
                                                            PeygirSession        *session);
PeygirSession *peygir_print_queue_page_get_session         (PeygirPrintQueuePage *self);
void           peygir_print_queue_page_reload              (PeygirPrintQueuePage *self);
/* Reading the queue, or printing and sending it (from queue.print until
 * the secretariat confirmed and the letters were recorded). */
gboolean       peygir_print_queue_page_get_busy            (PeygirPrintQueuePage *self);
/* Letters in the queue as last read. */
guint          peygir_print_queue_page_get_n_letters       (PeygirPrintQueuePage *self);
/* The numbers printed on the letters by the last queue.print, in print
 * order; NULL before it printed. Only those confirmed were recorded. */
const char * const *peygir_print_queue_page_get_printed_numbers (PeygirPrintQueuePage *self);
/* When set, queue.print writes the print job to this PDF file without a
 * dialog (GTK_PRINT_OPERATION_ACTION_EXPORT). */
void           peygir_print_queue_page_set_export_filename (PeygirPrintQueuePage *self,
                                                            const char           *path);
/* For tests: queue.print's print operation ends cancelled as it begins
 * (peygir_letter_sender_set_cancel_print ()). */
void           peygir_print_queue_page_set_cancel_print    (PeygirPrintQueuePage *self,
                                                            gboolean              cancel);
/* The flow of the latest queue.print, running or finished; NULL before
 * the first. For tests: its confirmation dialog. */
PeygirLetterSender *peygir_print_queue_page_get_sender     (PeygirPrintQueuePage *self);

G_END_DECLS
