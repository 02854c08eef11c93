/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "peygir-store.h"

G_BEGIN_DECLS

typedef void (*PeygirDemoProgress) (guint done, guint total, gpointer user_data);

typedef enum
{
  PEYGIR_DEMO_BULK             = 0,
  /* each action its own call of peygir_store_apply_action (), as a desk
   * takes it, instead of the store's bulk path: the same rows, slower */
  PEYGIR_DEMO_THROUGH_ACTIONS  = 1 << 0,
} PeygirDemoFlags;

/* Fills @store with @n_cases realistic Persian cases spread over every state
 * of the workflow (with users and agencies, if the database has none), each
 * taken along the workflow by its actions, checked as the actions check
 * them, and written by the store's bulk path, in batches of one
 * transaction each. The same @seed gives the same cases. */
gboolean peygir_demo_fill      (PeygirStore        *store,
                                guint               n_cases,
                                guint32             seed,
                                PeygirDemoProgress  progress,
                                gpointer            user_data,
                                GError            **error);
gboolean peygir_demo_fill_full (PeygirStore        *store,
                                guint               n_cases,
                                guint32             seed,
                                PeygirDemoFlags     flags,
                                PeygirDemoProgress  progress,
                                gpointer            user_data,
                                GError            **error);

G_END_DECLS
