/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "peygir-store.h"

G_BEGIN_DECLS

/* The service card's flowchart (field 13), drawn right to left: for one
 * case, the path it travelled; for the office, the figures of each step.
 * The steps are focusable and activatable; activating one emits
 * "step-activated" (state, overdue_only): the follow-up step is the referred
 * state with overdue_only set. */

#define PEYGIR_TYPE_WORKFLOW_CHART (peygir_workflow_chart_get_type ())
G_DECLARE_FINAL_TYPE (PeygirWorkflowChart, peygir_workflow_chart, PEYGIR, WORKFLOW_CHART, GtkWidget)

GtkWidget   *peygir_workflow_chart_new                 (void);

/* Case mode: @events are the case's audit events, oldest first, as
 * peygir_store_list_events () returns them. Both are read, not kept. */
void         peygir_workflow_chart_set_case            (PeygirWorkflowChart     *self,
                                                        const PeygirCase        *kase,
                                                        GPtrArray               *events);
/* Office mode: figures per state, as peygir_store_get_step_figures () fills them. */
void         peygir_workflow_chart_set_figures         (PeygirWorkflowChart     *self,
                                                        const PeygirStepFigures  figures[PEYGIR_N_STATES]);
void         peygir_workflow_chart_clear               (PeygirWorkflowChart     *self);

/* Case mode: the case's state; office mode: the step where cases pile up.
 * FALSE when nothing is highlighted (nothing shown, or an empty office). */
gboolean     peygir_workflow_chart_get_highlighted     (PeygirWorkflowChart     *self,
                                                        PeygirState             *state,
                                                        gboolean                *overdue_only);
/* How many times the case was followed up with its agencies. */
guint        peygir_workflow_chart_get_follow_ups      (PeygirWorkflowChart     *self);
/* The step that has the keyboard focus, as the signal would carry it. */
void         peygir_workflow_chart_get_focused_step    (PeygirWorkflowChart     *self,
                                                        PeygirState             *state,
                                                        gboolean                *overdue_only);
/* The tooltip text of a step (what hovering it shows): who brought the
 * case there and who moved it on, or what choosing it shows. */
char        *peygir_workflow_chart_dup_step_tooltip    (PeygirWorkflowChart     *self,
                                                        PeygirState              state,
                                                        gboolean                 overdue_only);
/* The lines of text a step's box shows, top to bottom (empty before the
 * chart is drawn once); free with g_strfreev (). */
GStrv        peygir_workflow_chart_dup_step_lines      (PeygirWorkflowChart     *self,
                                                        PeygirState              state,
                                                        gboolean                 overdue_only);
/* The accessible description, as it is set on the widget. */
const char  *peygir_workflow_chart_get_description     (PeygirWorkflowChart     *self);

G_END_DECLS
