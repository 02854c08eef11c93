/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the chart's files share: its instance and the drawing of it. */

#include <gtk/gtk.h>

#include "peygir-chart-layout.h"
#include "peygir-workflow.h"
#include "peygir-workflow-chart.h"

G_BEGIN_DECLS

#define BOX_PADDING PEYGIR_CHART_BOX_PADDING

typedef enum
{
  MODE_NONE,
  MODE_CASE,
  MODE_OFFICE,
} Mode;

typedef enum
{
  TONE_TITLE,
  TONE_NORMAL,
  TONE_DIM,
  TONE_ALERT,
} Tone;

typedef struct
{
  guint   visits;
  gint64  entered_at;     /* the latest entry */
  gint64  seconds;        /* every stay, the current one up to now */
  char   *entered_by;
  char   *left_by;
  gint64  left_at;
  GString *tooltip;       /* follow-ups: one line each */
} Trace;

/* A box's text; where it goes is in the layout. */
typedef struct
{
  GPtrArray      *lines;  /* of PangoLayout, drawn top to bottom */
  GArray         *tones;  /* of Tone, one per line */
  int             text_height;
} Box;

struct _PeygirWorkflowChart
{
  GtkWidget          parent_instance;

  Mode               mode;
  PeygirState        state;          /* case mode */
  guint              follow_ups;
  gboolean           overdue;
  Trace              traces[PEYGIR_CHART_N_NODES];
  guint              travelled;      /* bit per PeygirChartEdge */
  PeygirStepFigures  figures[PEYGIR_N_STATES];
  int                bottleneck;     /* a PeygirChartNode, or -1 */

  PeygirChartNode    focus;
  char              *description;

  Box                boxes[PEYGIR_CHART_N_NODES];
  /* For the allocated width. */
  PeygirChartLayout  layout;
  int                laid_out_width;
};

/* The step that shows cases in @state; the start for a state no step shows. */
PeygirChartNode _peygir_workflow_chart_node_of_state (PeygirState state);

/* Draws the chart, laid out for its width already, into @snapshot. */
void            _peygir_workflow_chart_draw          (PeygirWorkflowChart *self,
                                                      GtkSnapshot         *snapshot);

G_END_DECLS
