/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "peygir-store.h"

G_BEGIN_DECLS

typedef void (*PeygirDemoProgress) (guint done, guint total, gpointer user_data);

/* Fills @store with @n_cases realistic Persian cases spread over every state
 * of the workflow (with users and agencies, if the database has none), made
 * through the workflow's own actions, in batches of one transaction each.
 * The same @seed gives the same cases. */
gboolean peygir_demo_fill (PeygirStore        *store,
                           guint               n_cases,
                           guint32             seed,
                           PeygirDemoProgress  progress,
                           gpointer            user_data,
                           GError            **error);

G_END_DECLS
