/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <graphene.h>

G_BEGIN_DECLS

/* Where the boxes and arrows of the workflow chart go, for a width and the
 * boxes' measured text heights: plain geometry, no widget and no text, so
 * that it can be computed and tested without a display. */

/* The boxes of the card's flowchart. START and END are the terminals; the
 * rest are steps one can focus and activate. */
typedef enum
{
  PEYGIR_CHART_NODE_START,
  PEYGIR_CHART_NODE_RECEIVED,
  PEYGIR_CHART_NODE_IN_REVIEW,
  PEYGIR_CHART_NODE_REGISTERED,
  PEYGIR_CHART_NODE_WITH_MANAGER,
  PEYGIR_CHART_NODE_REFERRED,
  PEYGIR_CHART_NODE_ANSWERED,
  PEYGIR_CHART_NODE_CLOSED,
  PEYGIR_CHART_NODE_END,
  PEYGIR_CHART_NODE_REJECTED,
  PEYGIR_CHART_NODE_FOLLOW_UP,
  PEYGIR_CHART_N_NODES
} PeygirChartNode;

/* The arrows, in the order they are drawn. */
typedef enum
{
  PEYGIR_CHART_EDGE_START,          /* start → submitted */
  PEYGIR_CHART_EDGE_REVIEW,         /* submitted → review */
  PEYGIR_CHART_EDGE_REGISTER,
  PEYGIR_CHART_EDGE_REFER,
  PEYGIR_CHART_EDGE_APPROVE,
  PEYGIR_CHART_EDGE_ANSWER,
  PEYGIR_CHART_EDGE_NOTIFY,
  PEYGIR_CHART_EDGE_END,
  PEYGIR_CHART_EDGE_REJECT,         /* review → reject */
  PEYGIR_CHART_EDGE_MANAGER_REJECT, /* manager → reject */
  PEYGIR_CHART_EDGE_REJECT_NOTIFY,  /* reject → announce */
  PEYGIR_CHART_EDGE_LATE,           /* waiting → follow-up */
  PEYGIR_CHART_EDGE_BACK,           /* follow-up → waiting */
  PEYGIR_CHART_N_EDGES
} PeygirChartEdge;

typedef enum
{
  /* One row from the reading start (the right in Persian), the
   * terminals at its ends. */
  PEYGIR_CHART_WIDE,
  /* One row, the start terminal above the first step and the end below
   * the last, as on the card's own drawing. */
  PEYGIR_CHART_COMPACT,
  /* Top to bottom, the side paths beside, for narrow windows. */
  PEYGIR_CHART_VERTICAL,
} PeygirChartArrangement;

typedef struct
{
  PeygirChartNode from;
  PeygirChartNode to;
} PeygirChartEdgeEnds;

/* Which box each arrow leaves and which it reaches. */
extern const PeygirChartEdgeEnds peygir_chart_edge_ends[PEYGIR_CHART_N_EDGES];

/* The main line's arrows in the flow's order, from the start terminal
 * through the seven steps of the card to the end terminal. */
#define PEYGIR_CHART_MAIN_LINE_LENGTH 8
extern const PeygirChartEdge peygir_chart_main_line[PEYGIR_CHART_MAIN_LINE_LENGTH];

/* Between a box's edge and its text. */
#define PEYGIR_CHART_BOX_PADDING 8.0
/* Narrower widths are laid out as this one. */
#define PEYGIR_CHART_MIN_WIDTH   300

/* An arrow's connector: straight segments through @n_points points, the
 * arrow head at the last. */
typedef struct
{
  guint  n_points;
  double x[4];
  double y[4];
} PeygirChartPath;

/* In the widget's coordinates: the flow starts at the reading start, at
 * the right when @rtl was given. */
typedef struct
{
  PeygirChartArrangement arrangement;
  graphene_rect_t        boxes[PEYGIR_CHART_N_NODES];
  PeygirChartPath        paths[PEYGIR_CHART_N_EDGES];
  int                    height;
} PeygirChartLayout;

gboolean               peygir_chart_node_is_step           (PeygirChartNode    node);

/* The width the chart asks for when it may have it. */
int                    peygir_chart_layout_natural_width   (void);

/* The arrangement for @width, and each box's width in it: what the text
 * of each box must be measured at before peygir_chart_layout_compute (). */
PeygirChartArrangement peygir_chart_layout_get_box_widths  (int                width,
                                                            double             box_widths[PEYGIR_CHART_N_NODES]);

/* Lays the boxes and arrows out for @width, each box holding the text
 * height given for it (measured at the width above); mirrored when @rtl. */
void                   peygir_chart_layout_compute         (PeygirChartLayout *layout,
                                                            int                width,
                                                            gboolean           rtl,
                                                            const int          text_heights[PEYGIR_CHART_N_NODES]);

G_END_DECLS
