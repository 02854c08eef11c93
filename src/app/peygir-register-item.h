/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "peygir-store.h"

G_BEGIN_DECLS

/* One row of the register: a letter the office sent (void or not) or an
 * agency's answer. Read again, the row keeps its object and gets the new
 * entry in place ("entry" is notified), so that a number voided from this
 * desk or another changes its row without moving the list. */

#define PEYGIR_TYPE_REGISTER_ITEM (peygir_register_item_get_type ())
G_DECLARE_FINAL_TYPE (PeygirRegisterItem, peygir_register_item, PEYGIR, REGISTER_ITEM, GObject)

/* Takes @entry. */
PeygirRegisterItem        *peygir_register_item_new       (PeygirRegisterEntry *entry);
const PeygirRegisterEntry *peygir_register_item_get_entry (PeygirRegisterItem  *self);
/* Takes @entry; notifies "entry" when it differs from the one held. */
void                       peygir_register_item_set_entry (PeygirRegisterItem  *self,
                                                           PeygirRegisterEntry *entry);
/* Whether @a and @b are the same letter (not necessarily in the same state). */
gboolean                   peygir_register_entry_same     (const PeygirRegisterEntry *a,
                                                           const PeygirRegisterEntry *b);
gboolean                   peygir_register_item_is_void   (PeygirRegisterItem  *self);

G_END_DECLS
