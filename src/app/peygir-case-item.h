/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "peygir-types.h"

G_BEGIN_DECLS

/* One row of the inbox. Its case is NULL while its page is being read, and
 * is replaced in place when the page is read again, so that a row keeps its
 * object (and its selection) across refreshes. */

#define PEYGIR_TYPE_CASE_ITEM (peygir_case_item_get_type ())
G_DECLARE_FINAL_TYPE (PeygirCaseItem, peygir_case_item, PEYGIR, CASE_ITEM, GObject)

PeygirCaseItem   *peygir_case_item_new      (const PeygirCase *kase);
const PeygirCase *peygir_case_item_get_case (PeygirCaseItem   *self);
void              peygir_case_item_set_case (PeygirCaseItem   *self,
                                             const PeygirCase *kase);
gint64            peygir_case_item_get_id   (PeygirCaseItem   *self);

G_END_DECLS
