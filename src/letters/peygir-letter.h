/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "peygir-types.h"

G_BEGIN_DECLS

/* One letter as plain data, ready to render. Every text is what a person
 * typed or a template produced: never markup. The renderer removes bidi
 * controls (but for the isolates that peygir_letter_template_expand () put
 * around values in the subject and body), isolates left-to-right runs and
 * writes digits in Persian; the caller need not. */
typedef struct
{
  PeygirLetterKind  kind;
  gboolean          draft;            /* پیش‌نویس: no number, no signature */
  char             *number;           /* from the letter registry; NULL on drafts */
  PeygirDay         date;
  gboolean          has_attachments;  /* پیوست: دارد / ندارد */
  char             *recipient_name;   /* "جناب آقای …", or NULL */
  char             *recipient_title;  /* "مدیر کل محترم …" */
  char             *subject;
  char             *body;             /* paragraphs separated by newlines */
  char             *signer_name;
  char             *signer_title;
  GBytes           *signature_png;    /* shown only on letters that are not drafts */
  char            **copies;           /* رونوشت, NULL-terminated, may be NULL */
  char             *earlier_number;   /* the reminder's earlier letter */
  PeygirDay         earlier_date;
} PeygirLetter;

#define PEYGIR_TYPE_LETTER (peygir_letter_get_type ())

GType         peygir_letter_get_type         (void) G_GNUC_CONST;
PeygirLetter *peygir_letter_new              (PeygirLetterKind    kind);
PeygirLetter *peygir_letter_copy             (const PeygirLetter *letter);
void          peygir_letter_free             (PeygirLetter       *letter);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PeygirLetter, peygir_letter_free)

G_END_DECLS
