/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "peygir-letter.h"
#include "peygir-store.h"

G_BEGIN_DECLS

/* A case's letter as the office would send it, made from the store. */
typedef struct
{
  PeygirLetterKind  kind;
  gint64            case_id;
  gint64            referral_id;     /* 0 for a receipt, or an answer about every agency */
  char             *tracking_code;   /* the case's, ASCII digits: for file names */
  char             *number;          /* from the letter registry; NULL on drafts and receipts */
  gboolean          draft;           /* not issued yet: پیش‌نویس, no number, no signature */
  gboolean          kept;            /* the registry keeps this PDF as the letter that was sent */
  gboolean          rendered;        /* rendered now; FALSE when read back from the kept copy */
  GBytes           *pdf;
} PeygirBuiltLetter;

#define PEYGIR_TYPE_BUILT_LETTER (peygir_built_letter_get_type ())

GType              peygir_built_letter_get_type (void) G_GNUC_CONST;
PeygirBuiltLetter *peygir_built_letter_copy     (const PeygirBuiltLetter *built);
void               peygir_built_letter_free     (PeygirBuiltLetter       *built);

/* Makes the letter of @kind for case @case_id: reads the case, its
 * referrals, the letterhead, the templates and the signer from @store, and
 * renders the PDF. Only the act that sends a letter numbers it: a referral
 * letter is a draft until it is dispatched, a reminder until the
 * secretariat sends it, the answer to the applicant until
 * peygir_store_issue_answer_letter (); a receipt is never numbered and
 * never a draft. A draft is signed only once someone approved it.
 *
 * @referral_id names the referral of a referral letter or a reminder (0:
 * the case's only referral of its current round); for an answer, the
 * agency whose answer is told (0: every answer of the round).
 *
 * An issued letter is rendered once: its PDF is kept in the registry and
 * every later call returns the kept bytes, so that what was sent can be
 * shown again exactly. Safe to call from a worker thread. */
PeygirBuiltLetter *peygir_letter_build          (PeygirStore             *store,
                                                 gint64                   case_id,
                                                 PeygirLetterKind         kind,
                                                 gint64                   referral_id,
                                                 GError                 **error);

/* The letter as it will be sent, to print before the act that sends it:
 * numbered @number (from peygir_store_peek_letter_numbers ()), dated
 * today, signed; nothing is kept or recorded. Only a letter waiting to be
 * sent: an approved referral letter or reminder, or the answer to the
 * applicant not sent yet (else INVALID_STATE). Send it with the number and
 * these bytes (the dispatch's expect_number and letter_pdf), so that the
 * register keeps exactly what was printed. */
PeygirBuiltLetter *peygir_letter_build_for_sending (PeygirStore     *store,
                                                    gint64           case_id,
                                                    PeygirLetterKind kind,
                                                    gint64           referral_id,
                                                    const char      *number,
                                                    GError         **error);

/* The letter peygir_letter_build () renders for the same arguments when
 * none is kept, composed from the store but not drawn: its recipient,
 * texts, numbers and signer, to draw elsewhere (peygir_letter_render_batch ()
 * for a printed batch, the benchmarks). Safe to call from a worker
 * thread. */
PeygirLetter      *peygir_letter_compose_from_store (PeygirStore       *store,
                                                     gint64             case_id,
                                                     PeygirLetterKind   kind,
                                                     gint64             referral_id,
                                                     GError           **error);

/* "TRACKING.pdf", or "TRACKING-REFERRAL.pdf" (the referral's id) when
 * @with_referral: the name of the letter's file for batches and the save
 * dialog. */
char              *peygir_built_letter_file_name (const PeygirBuiltLetter *built,
                                                  gboolean                 with_referral);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PeygirBuiltLetter, peygir_built_letter_free)

G_END_DECLS
