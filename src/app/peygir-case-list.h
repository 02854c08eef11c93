/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "peygir-session.h"

G_BEGIN_DECLS

/* The inbox as a GListModel of PeygirCaseItem that never reads the whole
 * table: its length comes from the store's count, and rows are read in
 * short keyset pages when a view asks for them, in worker threads. Sorting
 * and filtering are the store's query. */

#define PEYGIR_CASE_LIST_PAGE_SIZE 50

#define PEYGIR_TYPE_CASE_LIST (peygir_case_list_get_type ())
G_DECLARE_FINAL_TYPE (PeygirCaseList, peygir_case_list, PEYGIR, CASE_LIST, GObject)

PeygirCaseList        *peygir_case_list_new         (PeygirSession         *session);
/* Starts over with another queue or sort order; the model changes when the
 * new count and first page are in: emptied, then filled (see the .c). */
void                   peygir_case_list_set_query   (PeygirCaseList        *self,
                                                     const PeygirCaseQuery *query);
const PeygirCaseQuery *peygir_case_list_get_query   (PeygirCaseList        *self);
/* The database changed: counts again and reads the held rows again, keeping
 * every row's object. */
void                   peygir_case_list_refresh     (PeygirCaseList        *self);
/* Whether reads are under way. */
gboolean               peygir_case_list_get_loading (PeygirCaseList        *self);
/* Whether the list is counted and its first page of rows read (or it is
 * empty): what the window shows first, whatever pages further down GTK
 * asks for meanwhile. */
gboolean               peygir_case_list_get_first_page_read (PeygirCaseList *self);
/* While held, the rows below the first page that the view asks for are
 * not read: at start-up GTK asks for a few hundred rows around the top,
 * whose reads would compete with the first frame's. Released, the pages
 * still wanted are read. */
void                   peygir_case_list_set_hold_further_pages (PeygirCaseList *self,
                                                                gboolean        hold);
/* Pages read from the store since the list was made. */
guint                  peygir_case_list_get_pages_read (PeygirCaseList     *self);

G_END_DECLS
