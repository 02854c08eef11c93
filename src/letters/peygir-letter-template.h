/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "peygir-letter.h"
#include "peygir-store.h"

G_BEGIN_DECLS

/* Letter templates: plain text with named fields such as {applicant} or
 * {registration_number}. "{{" and "}}" stand for literal braces. A field
 * the table does not know stays in the text as written, braces and all, so
 * that whoever edits the template sees the mistake on the letter. */

typedef struct
{
  const char *name;         /* "registration_number" */
  const char *description;  /* translated, for the template editor */
} PeygirLetterField;

/* The fields Peygir fills in, for the template editor's help. */
const PeygirLetterField *peygir_letter_template_fields   (guint            *n_fields);

/* The built-in body and subject of each kind, in formal Persian. */
const char *peygir_letter_template_default_body          (PeygirLetterKind  kind);
const char *peygir_letter_template_default_subject       (PeygirLetterKind  kind);

/* The expert's text of a new referral letter, to start from: the text the
 * manager returned in this round, to be edited, else the case's summary. */
char       *peygir_letter_template_referral_text         (const PeygirCase *kase);

/* The body template of @kind as the administrator set it; NULL when left
 * empty, for the built-in default. FALSE only on a store error. */
gboolean    peygir_letter_template_body_from_store       (PeygirStore      *store,
                                                          PeygirLetterKind  kind,
                                                          char            **body_template,
                                                          GError          **error);

/* A table for peygir_letter_template_expand (): string keys and values,
 * both owned by the table. */
GHashTable *peygir_letter_fields_new                     (void);
/* Sets @name to @value; NULL removes it. The value is sanitized (bidi
 * controls and control characters removed, newlines kept). */
void        peygir_letter_fields_set                     (GHashTable       *fields,
                                                          const char       *name,
                                                          const char       *value);
void        peygir_letter_fields_set_int                 (GHashTable       *fields,
                                                          const char       *name,
                                                          gint64            value);
/* Sets @name to @day as a Persian date (۱۴۰۵/۰۹/۰۳); 0 removes it. */
void        peygir_letter_fields_set_day                 (GHashTable       *fields,
                                                          const char       *name,
                                                          PeygirDay         day);
/* The fields a case gives: applicant, case_kind, subject, summary,
 * registration_number, registration_date, tracking_code, samad_code and
 * agency (the agency complained of). */
void        peygir_letter_fields_add_case                (GHashTable       *fields,
                                                          const PeygirCase *kase);
/* The fields a referral gives: agency, deadline_date, answer, and
 * earlier_number / earlier_date: the latest letter sent to the agency
 * about it (the last reminder, or the referral itself), for a reminder. */
void        peygir_letter_fields_add_referral            (GHashTable           *fields,
                                                          const PeygirReferral *referral);

/* Expands @template_text with @fields (may be NULL: no field is known).
 * The template loses its bidi controls; each value is isolated (LRI … PDI)
 * so that it reads in its own order inside Persian text: whole for the
 * codes, numbers and dates, run by run for free text. A line that holds
 * nothing but fields, all of them empty, is left out. */
char       *peygir_letter_template_expand                (const char       *template_text,
                                                          GHashTable       *fields);
/* Whether @template_text (may be NULL) names the field @name. */
gboolean    peygir_letter_template_uses_field            (const char       *template_text,
                                                          const char       *name);
/* The field names used in @template_text that are neither in @fields nor
 * in peygir_letter_template_fields () (@fields may be NULL); NULL when
 * there are none. For the template editor's warning. */
char      **peygir_letter_template_unknown_fields        (const char       *template_text,
                                                          GHashTable       *fields);

/* Fills @letter's subject and body from the templates (NULL: the default
 * of the letter's kind). {date}, {number}, {earlier_number} and
 * {earlier_date} come from @letter unless @fields sets them. */
void        peygir_letter_apply_templates                (PeygirLetter     *letter,
                                                          const char       *subject_template,
                                                          const char       *body_template,
                                                          GHashTable       *fields);

/* A letter of @kind about @kase, filled in as far as the case and
 * @referral (the referral concerned; NULL for a receipt) tell: recipient
 * (the agency's head, or the applicant), subject and body from the
 * templates (NULL: the defaults) with the case's and referral's fields and
 * @fields (may be NULL; for deadline_days, office_phone, result …), the
 * expert's text (letter_text: the referral's, or the last follow-up's note
 * on a reminder), the earlier letter of a reminder (the one @referral's
 * last reminder fields name, else the referral letter), attachments on a
 * referral, the approving manager as signer of a referral. @number NULL
 * makes a draft. The caller adds what the settings know: signer title,
 * signature image, copies, and the signer of a reminder, a receipt or an
 * answer. */
PeygirLetter *peygir_letter_compose                      (PeygirLetterKind      kind,
                                                          const PeygirCase     *kase,
                                                          const PeygirReferral *referral,
                                                          const char           *number,
                                                          PeygirDay             date,
                                                          const char           *subject_template,
                                                          const char           *body_template,
                                                          GHashTable           *fields);

G_END_DECLS
