/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "peygir-store.h"

G_BEGIN_DECLS

/* Called with each page of cases, in order; the page and its cases are the
 * walker's, let go when @func returns (copy what you keep). Return FALSE
 * with @error set to stop the walk with that error. */
typedef gboolean (*PeygirCasePageFunc) (GPtrArray  *page,
                                        gpointer    user_data,
                                        GError    **error);

/* Walks the cases @query selects, in its sort and direction, @page_size at
 * a time (keyset pagination): each page is one short read of its own, so
 * that no lock is held across pages and the desks can write in between.
 * @query's cursor and limit are the walker's and ignored. Stops after
 * @max_cases cases when it is above 0. FALSE with @error set when a read
 * or @func fails. Not thread-safe beyond what @store is. */
gboolean peygir_case_pages_walk (PeygirStore            *store,
                                 const PeygirCaseQuery  *query,
                                 guint                   page_size,
                                 gint64                  max_cases,
                                 PeygirCasePageFunc      func,
                                 gpointer                user_data,
                                 GError                **error);

G_END_DECLS
