/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Letters printed as one job: PDF documents in order, A4, full page, each
 * page rendered for printing by poppler and shrunk to fit only when the
 * printer's paper is smaller. */

#define PEYGIR_TYPE_LETTER_PRINT_OPERATION (peygir_letter_print_operation_get_type ())
G_DECLARE_FINAL_TYPE (PeygirLetterPrintOperation, peygir_letter_print_operation,
                      PEYGIR, LETTER_PRINT_OPERATION, GtkPrintOperation)

/* A print operation for @pdfs (GBytes of PDF documents), read now: NULL
 * with an error when one of them is not a PDF poppler can read. @job_name
 * NULL: "Peygir letters". */
GtkPrintOperation *peygir_letter_print_operation_new         (GPtrArray                  *pdfs,
                                                              const char                 *job_name,
                                                              GError                    **error);
/* The pages of all the letters together. */
int                peygir_letter_print_operation_get_n_pages (PeygirLetterPrintOperation *self);

G_END_DECLS
