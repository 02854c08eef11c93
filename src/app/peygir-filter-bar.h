/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "peygir-cartable.h"
#include "peygir-session.h"

G_BEGIN_DECLS

/* The bar over a queue's list that narrows it: expert, agency (searched by
 * typing), kind, channel, overdue only, and the days received between,
 * typed as the office writes them. "changed" when the desk changed it. */

#define PEYGIR_TYPE_FILTER_BAR (peygir_filter_bar_get_type ())
G_DECLARE_FINAL_TYPE (PeygirFilterBar, peygir_filter_bar, PEYGIR, FILTER_BAR, GtkWidget)

/* Reads the agencies and the experts to offer, off the main thread, and
 * again when the database changes. */
void                    peygir_filter_bar_set_session       (PeygirFilterBar        *self,
                                                             PeygirSession          *session);
/* Shows @filter (another queue's), without "changed". */
void                    peygir_filter_bar_set_filter        (PeygirFilterBar        *self,
                                                             const PeygirCaseFilter *filter);
const PeygirCaseFilter *peygir_filter_bar_get_filter        (PeygirFilterBar        *self);
/* Whether the expert may be chosen: not in a queue whose cases are one
 * expert's or nobody's already. */
void                    peygir_filter_bar_set_expert_choice (PeygirFilterBar        *self,
                                                             gboolean                choice);

G_END_DECLS
