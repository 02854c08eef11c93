/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "peygir-session.h"
#include "peygir-workflow-chart.h"

G_BEGIN_DECLS

/* The whole office on the service card's flowchart: on each step the cases
 * there now, how many are late, and the average stay over a period. The
 * figures are read through the session, off the main thread. Activating a step emits
 * "step-activated" (PeygirState state, gboolean overdue_only), for the
 * window to show its inbox filtered to those cases. */

#define PEYGIR_TYPE_OFFICE_PAGE (peygir_office_page_get_type ())
G_DECLARE_FINAL_TYPE (PeygirOfficePage, peygir_office_page, PEYGIR, OFFICE_PAGE, GtkWidget)

GtkWidget           *peygir_office_page_new             (void);
/* Reads the figures anew through @session (kept); NULL clears the page. */
void                 peygir_office_page_set_session     (PeygirOfficePage *self,
                                                         PeygirSession    *session);
PeygirSession       *peygir_office_page_get_session     (PeygirOfficePage *self);
/* Reads the figures again: after other desks' changes, or the period's. */
void                 peygir_office_page_refresh         (PeygirOfficePage *self);
/* The period of the averages, in days up to now (default 30). */
void                 peygir_office_page_set_period_days (PeygirOfficePage *self,
                                                         guint             days);
guint                peygir_office_page_get_period_days (PeygirOfficePage *self);
gboolean             peygir_office_page_get_loading     (PeygirOfficePage *self);
/* The figures last read; FALSE before the first read or after an error. */
gboolean             peygir_office_page_get_figures     (PeygirOfficePage  *self,
                                                         PeygirStepFigures  figures[PEYGIR_N_STATES]);
PeygirWorkflowChart *peygir_office_page_get_chart       (PeygirOfficePage *self);

G_END_DECLS
