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

PeygirLetterhead *
peygir_letterhead_new_from_store (PeygirStore  *store,
                                  GError      **error)
{
  g_autoptr(PeygirLetterhead) letterhead = g_new0 (PeygirLetterhead, 1);
  const struct
  {
    const char  *key;
    char       **value;
  } settings[] = {
    { PEYGIR_SETTING_COUNTRY, &letterhead->country },
    { PEYGIR_SETTING_MINISTRY, &letterhead->ministry },
    { PEYGIR_SETTING_GOVERNORATE, &letterhead->governorate },
    { PEYGIR_SETTING_OFFICE, &letterhead->office },
    { PEYGIR_SETTING_OFFICE_ADDRESS, &letterhead->address },
    { PEYGIR_SETTING_OFFICE_PHONE, &letterhead->phone },
  };
  GError *local_error = NULL;

  g_return_val_if_fail (PEYGIR_IS_STORE (store), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (settings); i++)
    {
      *settings[i].value = peygir_store_get_setting (store, settings[i].key, error);
      if (*settings[i].value == NULL)
        return NULL;
    }

  letterhead->logo_png = peygir_store_get_image (store, "logo", &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  return g_steal_pointer (&letterhead);
}
