/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "peygir-session.h"

G_BEGIN_DECLS

/* The secretariat's print queue: the referral letters the manager approved
 * and nobody has dispatched yet, one row per letter. Actions:
 *   queue.reload            read the queue again
 *   queue.preview (xx)      show the letter of (case id, referral id)
 *   queue.print             dispatch every letter in the queue (which
 *                           numbers it and starts the agency's deadline),
 *                           then print them all in one job
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
/* Reading the queue, or dispatching and rendering for a print job. */
gboolean       peygir_print_queue_page_get_busy            (PeygirPrintQueuePage *self);
/* Letters in the queue as last read. */
guint          peygir_print_queue_page_get_n_letters       (PeygirPrintQueuePage *self);
/* The numbers of the letters the last queue.print dispatched, in print
 * order; NULL before the first. */
const char * const *peygir_print_queue_page_get_printed_numbers (PeygirPrintQueuePage *self);
/* When set, queue.print writes the print job to this PDF file without a
 * dialog (GTK_PRINT_OPERATION_ACTION_EXPORT). */
void           peygir_print_queue_page_set_export_filename (PeygirPrintQueuePage *self,
                                                            const char           *path);

G_END_DECLS
