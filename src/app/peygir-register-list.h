/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "peygir-register-item.h"
#include "peygir-session.h"

G_BEGIN_DECLS

/* The register as a GListModel of PeygirRegisterItem, newest first, that
 * never reads it whole: the first page is read when the query is set, and
 * the next one (keyset, after the last row held) when a view asks for a row
 * near the end. Every read is a short one in a worker thread of the
 * session. The store gives no count of the register, so the model grows as
 * it is read; "has-more" says whether the last page read was full. */

#define PEYGIR_REGISTER_LIST_PAGE_SIZE 50

#define PEYGIR_TYPE_REGISTER_LIST (peygir_register_list_get_type ())
G_DECLARE_FINAL_TYPE (PeygirRegisterList, peygir_register_list, PEYGIR, REGISTER_LIST, GObject)

PeygirRegisterList *peygir_register_list_new           (PeygirSession             *session);
/* Starts over from the first page with @query (copied; its cursor and
 * limit are the list's own). The model is emptied, then filled, when the
 * first page is in. */
void                peygir_register_list_set_query     (PeygirRegisterList        *self,
                                                        const PeygirRegisterQuery *query);
/* The database changed: reads again as many rows as are held, keeping the
 * objects of the rows still there. */
void                peygir_register_list_refresh       (PeygirRegisterList        *self);
/* Reads the next page, unless one is being read or the last was short. */
void                peygir_register_list_load_more     (PeygirRegisterList        *self);
gboolean            peygir_register_list_get_loading   (PeygirRegisterList        *self);
gboolean            peygir_register_list_get_has_more  (PeygirRegisterList        *self);
/* Rows a page (default PEYGIR_REGISTER_LIST_PAGE_SIZE); for the next read. */
void                peygir_register_list_set_page_size (PeygirRegisterList        *self,
                                                        guint                      page_size);
/* Pages read from the store since the list was made. */
guint               peygir_register_list_get_pages_read (PeygirRegisterList       *self);
/* Why the last read failed, one sentence; NULL when it did not. */
const char         *peygir_register_list_get_problem   (PeygirRegisterList        *self);

G_END_DECLS
