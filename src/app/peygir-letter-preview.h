/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "peygir-session.h"

G_BEGIN_DECLS

/* A letter's PDF on screen: its pages drawn with poppler, zoom (in, out,
 * fit to the width), page by page, and the actions
 *   letter.print          print it (A4, pages rendered for printing)
 *   letter.save           save it as a PDF file
 *   letter.zoom-in, letter.zoom-out, letter.zoom-fit,
 *   letter.next-page, letter.previous-page.
 * The letter is made from the database in a worker thread of the session
 * (an issued letter is its kept copy, exactly as it was sent). */

#define PEYGIR_TYPE_LETTER_PREVIEW (peygir_letter_preview_get_type ())
G_DECLARE_FINAL_TYPE (PeygirLetterPreview, peygir_letter_preview, PEYGIR, LETTER_PREVIEW, GtkWidget)

GtkWidget  *peygir_letter_preview_new                 (void);
/* Makes and shows the letter of @kind for case @case_id; @referral_id as peygir_letter_build ()
 * takes it (0: the case's only referral, or every answer). */
void        peygir_letter_preview_load                (PeygirLetterPreview *self,
                                                       PeygirSession       *session,
                                                       gint64               case_id,
                                                       PeygirLetterKind     kind,
                                                       gint64               referral_id);
/* Shows @pdf as it is; @file_name is what letter.save proposes. */
void        peygir_letter_preview_set_pdf             (PeygirLetterPreview *self,
                                                       GBytes              *pdf,
                                                       const char          *file_name);
GBytes     *peygir_letter_preview_get_pdf             (PeygirLetterPreview *self);
gboolean    peygir_letter_preview_get_loading         (PeygirLetterPreview *self);
/* The error of the last load, or NULL. */
const char *peygir_letter_preview_get_problem         (PeygirLetterPreview *self);
int         peygir_letter_preview_get_n_pages         (PeygirLetterPreview *self);
int         peygir_letter_preview_get_page            (PeygirLetterPreview *self);
double      peygir_letter_preview_get_zoom            (PeygirLetterPreview *self);
/* The letter's number, NULL on drafts and receipts (after a load). */
const char *peygir_letter_preview_get_number          (PeygirLetterPreview *self);
/* When set, letter.print writes the print job to this PDF file without a
 * dialog (GTK_PRINT_OPERATION_ACTION_EXPORT): for tests and "print to
 * file" set-ups. */
void        peygir_letter_preview_set_export_filename (PeygirLetterPreview *self,
                                                       const char          *path);

/* A window of its own, transient for @parent, showing the letter as
 * peygir_letter_preview_load () does; the preview in it is named
 * "letter-preview". Escape and Ctrl+W close it. */
GtkWindow  *peygir_letter_preview_present             (GtkWindow           *parent,
                                                       PeygirSession       *session,
                                                       gint64               case_id,
                                                       PeygirLetterKind     kind,
                                                       gint64               referral_id);
/* The same window for @pdf as it is (a letter's kept copy), titled
 * @title; letter.save proposes @file_name. */
GtkWindow  *peygir_letter_preview_present_pdf         (GtkWindow           *parent,
                                                       const char          *title,
                                                       GBytes              *pdf,
                                                       const char          *file_name);

G_END_DECLS
