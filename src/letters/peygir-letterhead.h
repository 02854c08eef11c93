/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "peygir-store.h"

G_BEGIN_DECLS

/* The office's letterhead, from the settings: printed at the top of every
 * page of every letter. */
typedef struct
{
  char   *country;      /* جمهوری اسلامی ایران */
  char   *ministry;     /* وزارت کشور */
  char   *governorate;  /* استانداری … */
  char   *office;       /* دفتر مدیریت عملکرد، بازرسی و امور حقوقی */
  GBytes *logo_png;     /* optional */
  char   *address;      /* optional: the office's address and telephone, */
  char   *phone;        /* printed at the foot of every page */
} PeygirLetterhead;

#define PEYGIR_TYPE_LETTERHEAD (peygir_letterhead_get_type ())

GType             peygir_letterhead_get_type (void) G_GNUC_CONST;
/* Country, ministry and office filled with the usual Persian names; the
 * governorate is @governorate (e.g. "استانداری فارس"), or empty if NULL. */
PeygirLetterhead *peygir_letterhead_new      (const char             *governorate);
PeygirLetterhead *peygir_letterhead_copy     (const PeygirLetterhead *letterhead);
void              peygir_letterhead_free     (PeygirLetterhead       *letterhead);
/* The letterhead as the administrator set it: the letterhead settings, the
 * office's address and telephone, and the "logo" image. */
PeygirLetterhead *peygir_letterhead_new_from_store (PeygirStore      *store,
                                                    GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PeygirLetterhead, peygir_letterhead_free)

G_END_DECLS
