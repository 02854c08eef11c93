/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-letters"

#include "peygir-letterhead.h"

G_DEFINE_BOXED_TYPE (PeygirLetterhead, peygir_letterhead, peygir_letterhead_copy, peygir_letterhead_free)

PeygirLetterhead *
peygir_letterhead_new (const char *governorate)
{
  PeygirLetterhead *letterhead = g_new0 (PeygirLetterhead, 1);

  /* The letterhead is part of the document, always Persian whatever the
   * language of the interface: not marked for translation. */
  letterhead->country = g_strdup ("جمهوری اسلامی ایران");
  letterhead->ministry = g_strdup ("وزارت کشور");
  letterhead->governorate = g_strdup (governorate != NULL ? governorate : "");
  letterhead->office = g_strdup ("دفتر مدیریت عملکرد، بازرسی و امور حقوقی");
  return letterhead;
}

PeygirLetterhead *
peygir_letterhead_copy (const PeygirLetterhead *letterhead)
{
  PeygirLetterhead *copy;

  g_return_val_if_fail (letterhead != NULL, NULL);

  copy = g_new0 (PeygirLetterhead, 1);
  copy->country = g_strdup (letterhead->country);
  copy->ministry = g_strdup (letterhead->ministry);
  copy->governorate = g_strdup (letterhead->governorate);
  copy->office = g_strdup (letterhead->office);
  copy->logo_png = letterhead->logo_png ? g_bytes_ref (letterhead->logo_png) : NULL;
  copy->address = g_strdup (letterhead->address);
  copy->phone = g_strdup (letterhead->phone);
  return copy;
}

void
peygir_letterhead_free (PeygirLetterhead *letterhead)
{
  if (letterhead == NULL)
    return;

  g_free (letterhead->country);
  g_free (letterhead->ministry);
  g_free (letterhead->governorate);
  g_free (letterhead->office);
  g_clear_pointer (&letterhead->logo_png, g_bytes_unref);
  g_free (letterhead->address);
  g_free (letterhead->phone);
  g_free (letterhead);
}
