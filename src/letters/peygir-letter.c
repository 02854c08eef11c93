/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-letters"

#include "peygir-letter.h"

G_DEFINE_BOXED_TYPE (PeygirLetter, peygir_letter, peygir_letter_copy, peygir_letter_free)

PeygirLetter *
peygir_letter_new (PeygirLetterKind kind)
{
  PeygirLetter *letter;

  g_return_val_if_fail (kind < PEYGIR_N_LETTER_KINDS, NULL);

  letter = g_new0 (PeygirLetter, 1);
  letter->kind = kind;
  letter->draft = TRUE;
  return letter;
}

PeygirLetter *
peygir_letter_copy (const PeygirLetter *letter)
{
  PeygirLetter *copy;

  g_return_val_if_fail (letter != NULL, NULL);

  copy = g_new0 (PeygirLetter, 1);
  copy->kind = letter->kind;
  copy->draft = letter->draft;
  copy->number = g_strdup (letter->number);
  copy->date = letter->date;
  copy->has_attachments = letter->has_attachments;
  copy->recipient_name = g_strdup (letter->recipient_name);
  copy->recipient_title = g_strdup (letter->recipient_title);
  copy->subject = g_strdup (letter->subject);
  copy->body = g_strdup (letter->body);
  copy->signer_name = g_strdup (letter->signer_name);
  copy->signer_title = g_strdup (letter->signer_title);
  copy->signature_png = letter->signature_png ? g_bytes_ref (letter->signature_png) : NULL;
  copy->copies = g_strdupv (letter->copies);
  copy->earlier_number = g_strdup (letter->earlier_number);
  copy->earlier_date = letter->earlier_date;
  return copy;
}

void
peygir_letter_free (PeygirLetter *letter)
{
  if (letter == NULL)
    return;

  g_free (letter->number);
  g_free (letter->recipient_name);
  g_free (letter->recipient_title);
  g_free (letter->subject);
  g_free (letter->body);
  g_free (letter->signer_name);
  g_free (letter->signer_title);
  g_clear_pointer (&letter->signature_png, g_bytes_unref);
  g_strfreev (letter->copies);
  g_free (letter->earlier_number);
  g_free (letter);
}
