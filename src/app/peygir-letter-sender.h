/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "peygir-letter.h"
#include "peygir-session.h"

G_BEGIN_DECLS

/* Printing letters and then sending them, in that order. A letter is
 * recorded as sent (numbered, the agency's deadline started, its PDF kept)
 * only after it came out of the printer and the secretariat said so:
 *
 *   1. the next outgoing numbers are read (nothing reserved) and each letter
 *      is rendered as it will be sent, with its number, in a worker;
 *   2. all of them print in one GtkPrintOperation job;
 *   3. cancelled or failed: nothing is recorded and no number is used;
 *   4. printed: a dialog lists each letter with a check box, all ticked;
 *      "record as sent" sends the ticked ones in print order, each with the
 *      number printed on it and the bytes printed; an unticked letter
 *      followed by a ticked one has its number voided (the sheet jammed);
 *      unticked letters after the last ticked one use no number. "None went
 *      out" records nothing;
 *   5. another desk that numbered letters meanwhile stops the sending where
 *      it notices: what was sent stays sent, the rest wait to be printed
 *      again.
 *
 * Usage, from any page of the client:
 *
 *   g_autoptr(PeygirLetterSender) sender = peygir_letter_sender_new (session, window);
 *   peygir_letter_sender_add (sender, case_id, PEYGIR_LETTER_REFERRAL, referral_id, label);
 *   g_signal_connect (sender, "finished", G_CALLBACK (sent_cb), self);
 *   peygir_letter_sender_run (sender);
 *
 * The sender keeps itself alive until "finished", which is emitted exactly
 * once per run. Store work runs in the session's worker threads; everything
 * else on the main thread. */

#define PEYGIR_TYPE_LETTER_SENDER (peygir_letter_sender_get_type ())
G_DECLARE_FINAL_TYPE (PeygirLetterSender, peygir_letter_sender, PEYGIR, LETTER_SENDER, GObject)

#define PEYGIR_LETTER_SENDER_ERROR (peygir_letter_sender_error_quark ())

/* Why a run ended without sending every letter. */
typedef enum
{
  PEYGIR_LETTER_SENDER_ERROR_PRINT_CANCELLED, /* the print dialog was cancelled: nothing recorded */
  PEYGIR_LETTER_SENDER_ERROR_PRINT_FAILED,    /* the job failed: nothing recorded */
  PEYGIR_LETTER_SENDER_ERROR_NONE_SENT,       /* the secretariat said none went out: nothing recorded */
  PEYGIR_LETTER_SENDER_ERROR_CONFLICT,        /* another desk numbered letters meanwhile: sending stopped there */
  PEYGIR_LETTER_SENDER_ERROR_FAILED,          /* rendering or recording failed: the message says what */
} PeygirLetterSenderError;

/* Where a run stands. */
typedef enum
{
  PEYGIR_LETTER_SENDER_IDLE,        /* not run yet */
  PEYGIR_LETTER_SENDER_PREPARING,   /* reading numbers and rendering the letters */
  PEYGIR_LETTER_SENDER_PRINTING,    /* the print operation runs (its dialog may be open) */
  PEYGIR_LETTER_SENDER_CONFIRMING,  /* waiting for the secretariat to say which came out right */
  PEYGIR_LETTER_SENDER_RECORDING,   /* sending the confirmed letters in the store */
  PEYGIR_LETTER_SENDER_FINISHED,
} PeygirLetterSenderStage;

GQuark              peygir_letter_sender_error_quark       (void);

/* A flow for @session's user, its dialogs transient for @parent (may be
 * NULL). Both are kept. */
PeygirLetterSender *peygir_letter_sender_new               (PeygirSession      *session,
                                                            GtkWindow          *parent);
/* Adds a letter waiting to be sent, in print order: @kind is
 * PEYGIR_LETTER_REFERRAL (the approved referral letter of @referral_id),
 * PEYGIR_LETTER_REMINDER (its approved reminder) or PEYGIR_LETTER_ANSWER
 * (the answer to the applicant of @case_id; @referral_id as
 * peygir_letter_build () takes it, usually 0). @label names it for people
 * in the confirmation dialog ("the agency, the case"), plain text. Only
 * before peygir_letter_sender_run (). */
void                peygir_letter_sender_add               (PeygirLetterSender *self,
                                                            gint64              case_id,
                                                            PeygirLetterKind    kind,
                                                            gint64              referral_id,
                                                            const char         *label);
guint               peygir_letter_sender_get_n_letters     (PeygirLetterSender *self);
/* Starts the flow; once only. "finished" (guint n_sent, GError *error) is
 * emitted when it ends: @n_sent letters were recorded as sent, and @error
 * (PEYGIR_LETTER_SENDER_ERROR, or NULL when every letter went out) says why
 * the others were not. */
void                peygir_letter_sender_run               (PeygirLetterSender *self);
PeygirLetterSenderStage peygir_letter_sender_get_stage     (PeygirLetterSender *self);
/* After "finished": what happened, one sentence in the user's language for
 * a toast (the error's message when there is one). */
const char         *peygir_letter_sender_get_message       (PeygirLetterSender *self);
/* The numbers printed on the letters, in print order, once printed; NULL
 * before. They are the letters' numbers only for those recorded as sent. */
const char * const *peygir_letter_sender_get_printed_numbers (PeygirLetterSender *self);
/* The PDF printed as letter @index (print order), as the register keeps
 * it once sent; NULL before printing. */
GBytes             *peygir_letter_sender_get_printed_pdf   (PeygirLetterSender *self,
                                                            guint               index);
/* The confirmation dialog while it is open, else NULL. Its check buttons
 * are named "letter-sent-0", "letter-sent-1", … in print order; its
 * responses are "send" and "none". */
GtkWindow          *peygir_letter_sender_get_confirmation  (PeygirLetterSender *self);

/* When set, the job is written to this PDF file without a dialog
 * (GTK_PRINT_OPERATION_ACTION_EXPORT): for tests and "print to file"
 * set-ups. */
void                peygir_letter_sender_set_export_filename (PeygirLetterSender *self,
                                                              const char         *path);
/* For tests: the print operation really runs and is cancelled as soon as
 * it begins (gtk_print_operation_cancel () in begin-print), so that it
 * ends with GTK_PRINT_OPERATION_RESULT_CANCEL as when the print dialog's
 * Cancel is pressed. */
void                peygir_letter_sender_set_cancel_print  (PeygirLetterSender *self,
                                                            gboolean            cancel);

G_END_DECLS
