/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-chart-layout"

#include <stdarg.h>

#include "peygir-chart-layout.h"

#define PADDING        12.0
#define GAP            26.0     /* along the flow, the arrows' length */
#define ROW_GAP        30.0
#define BOX_PADDING    PEYGIR_CHART_BOX_PADDING
#define TERMINAL_WIDTH 64.0
#define MIN_STEP_WIDTH 112.0
#define MIN_COMPACT_STEP_WIDTH 96.0

/* The steps each arrow joins; the workflow's move it stands for is the
 * chart's to know (edge_moves[] in peygir-workflow-chart.c). */
const PeygirChartEdgeEnds peygir_chart_edge_ends[PEYGIR_CHART_N_EDGES] = {
  [PEYGIR_CHART_EDGE_START]          = { PEYGIR_CHART_NODE_START,        PEYGIR_CHART_NODE_RECEIVED },
  [PEYGIR_CHART_EDGE_REVIEW]         = { PEYGIR_CHART_NODE_RECEIVED,     PEYGIR_CHART_NODE_IN_REVIEW },
  [PEYGIR_CHART_EDGE_REGISTER]       = { PEYGIR_CHART_NODE_IN_REVIEW,    PEYGIR_CHART_NODE_REGISTERED },
  [PEYGIR_CHART_EDGE_REFER]          = { PEYGIR_CHART_NODE_REGISTERED,   PEYGIR_CHART_NODE_WITH_MANAGER },
  [PEYGIR_CHART_EDGE_APPROVE]        = { PEYGIR_CHART_NODE_WITH_MANAGER, PEYGIR_CHART_NODE_REFERRED },
  [PEYGIR_CHART_EDGE_ANSWER]         = { PEYGIR_CHART_NODE_REFERRED,     PEYGIR_CHART_NODE_ANSWERED },
  [PEYGIR_CHART_EDGE_NOTIFY]         = { PEYGIR_CHART_NODE_ANSWERED,     PEYGIR_CHART_NODE_CLOSED },
  [PEYGIR_CHART_EDGE_END]            = { PEYGIR_CHART_NODE_CLOSED,       PEYGIR_CHART_NODE_END },
  [PEYGIR_CHART_EDGE_REJECT]         = { PEYGIR_CHART_NODE_IN_REVIEW,    PEYGIR_CHART_NODE_REJECTED },
  [PEYGIR_CHART_EDGE_MANAGER_REJECT] = { PEYGIR_CHART_NODE_WITH_MANAGER, PEYGIR_CHART_NODE_REJECTED },
  [PEYGIR_CHART_EDGE_REJECT_NOTIFY]  = { PEYGIR_CHART_NODE_REJECTED,     PEYGIR_CHART_NODE_CLOSED },
  [PEYGIR_CHART_EDGE_LATE]           = { PEYGIR_CHART_NODE_REFERRED,     PEYGIR_CHART_NODE_FOLLOW_UP },
  [PEYGIR_CHART_EDGE_BACK]           = { PEYGIR_CHART_NODE_FOLLOW_UP,    PEYGIR_CHART_NODE_REFERRED },
};

const PeygirChartEdge peygir_chart_main_line[PEYGIR_CHART_MAIN_LINE_LENGTH] = {
  PEYGIR_CHART_EDGE_START, PEYGIR_CHART_EDGE_REVIEW, PEYGIR_CHART_EDGE_REGISTER,
  PEYGIR_CHART_EDGE_REFER, PEYGIR_CHART_EDGE_APPROVE, PEYGIR_CHART_EDGE_ANSWER,
  PEYGIR_CHART_EDGE_NOTIFY, PEYGIR_CHART_EDGE_END,
};

/* The main line's boxes: @i from 0 (the start terminal) to
 * PEYGIR_CHART_MAIN_LINE_LENGTH (the end terminal). */
static PeygirChartNode
main_line_node (guint i)
{
  if (i == 0)
    return peygir_chart_edge_ends[peygir_chart_main_line[0]].from;
  return peygir_chart_edge_ends[peygir_chart_main_line[i - 1]].to;
}

#define LEFT(n)    (layout->boxes[n].origin.x)
#define RIGHT(n)   (layout->boxes[n].origin.x + layout->boxes[n].size.width)
#define TOP(n)     (layout->boxes[n].origin.y)
#define BOTTOM(n)  (layout->boxes[n].origin.y + layout->boxes[n].size.height)
#define MID_X(n)   (layout->boxes[n].origin.x + layout->boxes[n].size.width / 2)
#define MID_Y(n)   (layout->boxes[n].origin.y + layout->boxes[n].size.height / 2)

/* The widths every arrangement derives from. */
typedef struct
{
  PeygirChartArrangement arrangement;
  double                 step_width;  /* wide and compact */
  double                 main_width;  /* vertical: the main line's boxes */
  double                 side_width;  /* vertical: the side paths' */
} Widths;

static Widths
arrange (int width)
{
  Widths w = { PEYGIR_CHART_WIDE, 0, 0, 0 };
  double avail = MAX (width, PEYGIR_CHART_MIN_WIDTH) - 2 * PADDING;

  w.step_width = (avail - 2 * TERMINAL_WIDTH - 8 * GAP) / 7;
  /* Too narrow for the terminals on the main line: start above the first
   * step and end below the last. */
  if (w.step_width < MIN_STEP_WIDTH)
    {
      w.arrangement = PEYGIR_CHART_COMPACT;
      w.step_width = (avail - 6 * GAP) / 7;
    }
  if (w.arrangement == PEYGIR_CHART_COMPACT && w.step_width < MIN_COMPACT_STEP_WIDTH)
    {
      w.arrangement = PEYGIR_CHART_VERTICAL;
      w.main_width = MIN (avail * 0.5, 300);
      w.side_width = MIN (avail - w.main_width - GAP - 16, 260);
    }
  return w;
}

static double
box_height (const int       text_heights[PEYGIR_CHART_N_NODES],
            PeygirChartNode node)
{
  return text_heights[node] + 2 * BOX_PADDING;
}

/* Sets @edge's path through @n_points points, given as doubles: x, y, … */
static void
route (PeygirChartLayout *layout,
       PeygirChartEdge    edge,
       guint              n_points,
       ...)
{
  PeygirChartPath *path = &layout->paths[edge];
  va_list args;

  g_assert (n_points >= 2 && n_points <= G_N_ELEMENTS (path->x));

  path->n_points = n_points;
  va_start (args, n_points);
  for (guint i = 0; i < n_points; i++)
    {
      path->x[i] = va_arg (args, double);
      path->y[i] = va_arg (args, double);
    }
  va_end (args);
}

/* Wide and compact: one row of steps, the rejection above and the
 * follow-up below. Returns the height. */
static int
place_row (PeygirChartLayout *layout,
           const Widths      *w,
           const int          text_heights[PEYGIR_CHART_N_NODES])
{
  gboolean compact = w->arrangement == PEYGIR_CHART_COMPACT;
  double step_width = w->step_width;
  double x = PADDING;
  double top_h, main_h = 0, bottom_h, y_main, y_bottom;
  double terminal_h;

  terminal_h = MAX (box_height (text_heights, PEYGIR_CHART_NODE_START),
                    box_height (text_heights, PEYGIR_CHART_NODE_END)) + 8;
  top_h = box_height (text_heights, PEYGIR_CHART_NODE_REJECTED);
  for (guint i = 0; i <= PEYGIR_CHART_MAIN_LINE_LENGTH; i++)
    if (peygir_chart_node_is_step (main_line_node (i)))
      main_h = MAX (main_h, box_height (text_heights, main_line_node (i)));
  bottom_h = box_height (text_heights, PEYGIR_CHART_NODE_FOLLOW_UP);
  if (compact)
    {
      top_h = MAX (top_h, terminal_h);
      bottom_h = MAX (bottom_h, terminal_h);
    }
  y_main = PADDING + 10 + top_h + ROW_GAP;
  y_bottom = y_main + main_h + ROW_GAP;

  for (guint i = 0; i <= PEYGIR_CHART_MAIN_LINE_LENGTH; i++)
    {
      PeygirChartNode n = main_line_node (i);
      gboolean step = peygir_chart_node_is_step (n);
      double bw = step ? step_width : TERMINAL_WIDTH;
      double h = step ? main_h : MIN (main_h, terminal_h);

      if (compact && !step)
        continue;
      graphene_rect_init (&layout->boxes[n], x, y_main + (main_h - h) / 2, bw, h);
      x += bw + GAP;
    }
  if (compact)
    {
      graphene_rect_init (&layout->boxes[PEYGIR_CHART_NODE_START],
                          LEFT (PEYGIR_CHART_NODE_RECEIVED) + (step_width - TERMINAL_WIDTH) / 2,
                          PADDING + 10 + (top_h - terminal_h) / 2, TERMINAL_WIDTH, terminal_h);
      graphene_rect_init (&layout->boxes[PEYGIR_CHART_NODE_END],
                          LEFT (PEYGIR_CHART_NODE_CLOSED) + (step_width - TERMINAL_WIDTH) / 2,
                          y_bottom, TERMINAL_WIDTH, terminal_h);
    }
  /* Reject above the secretariat, between the two steps that may reject. */
  graphene_rect_init (&layout->boxes[PEYGIR_CHART_NODE_REJECTED],
                      LEFT (PEYGIR_CHART_NODE_REGISTERED), PADDING + 10, step_width, top_h);
  /* The follow-up below the waiting for the answer. */
  graphene_rect_init (&layout->boxes[PEYGIR_CHART_NODE_FOLLOW_UP],
                      LEFT (PEYGIR_CHART_NODE_REFERRED) + step_width / 2 - step_width * 0.65,
                      y_bottom, step_width * 1.3, bottom_h);
  return (int) (y_bottom + bottom_h + PADDING);
}

/* The main line's arrows: across from box to box, or down where one box
 * is above the next (the whole column; the terminals of the compact row). */
static void
route_main_line (PeygirChartLayout *layout)
{
  for (guint i = 0; i < PEYGIR_CHART_MAIN_LINE_LENGTH; i++)
    {
      PeygirChartEdge e = peygir_chart_main_line[i];
      PeygirChartNode from = peygir_chart_edge_ends[e].from;
      PeygirChartNode to = peygir_chart_edge_ends[e].to;
      gboolean to_terminal = !peygir_chart_node_is_step (from) || !peygir_chart_node_is_step (to);

      if (layout->arrangement == PEYGIR_CHART_VERTICAL
          || (layout->arrangement == PEYGIR_CHART_COMPACT && to_terminal))
        route (layout, e, 2, MID_X (from), BOTTOM (from), MID_X (from), TOP (to) - 1);
      else
        route (layout, e, 2, RIGHT (from), MID_Y (from), LEFT (to) - 1, MID_Y (from));
    }
}

/* Wide and compact, the side paths: up to the rejection and over to its
 * announcement, down to the follow-up and back. */
static void
route_row (PeygirChartLayout *layout)
{
  const PeygirChartNode review = PEYGIR_CHART_NODE_IN_REVIEW, manager = PEYGIR_CHART_NODE_WITH_MANAGER;
  const PeygirChartNode rejected = PEYGIR_CHART_NODE_REJECTED, closed = PEYGIR_CHART_NODE_CLOSED;
  const PeygirChartNode referred = PEYGIR_CHART_NODE_REFERRED, follow_up = PEYGIR_CHART_NODE_FOLLOW_UP;
  double lane = PADDING + 2;
  double late_x = LEFT (referred) + layout->boxes[referred].size.width * 0.3;
  double back_x = LEFT (referred) + layout->boxes[referred].size.width * 0.7;

  route (layout, PEYGIR_CHART_EDGE_REJECT, 3,
         MID_X (review), TOP (review),
         MID_X (review), MID_Y (rejected),
         LEFT (rejected) - 1, MID_Y (rejected));
  route (layout, PEYGIR_CHART_EDGE_MANAGER_REJECT, 3,
         MID_X (manager), TOP (manager),
         MID_X (manager), MID_Y (rejected),
         RIGHT (rejected) + 1, MID_Y (rejected));
  route (layout, PEYGIR_CHART_EDGE_REJECT_NOTIFY, 4,
         MID_X (rejected), TOP (rejected),
         MID_X (rejected), lane,
         MID_X (closed), lane,
         MID_X (closed), TOP (closed) - 1);
  route (layout, PEYGIR_CHART_EDGE_LATE, 2, late_x, BOTTOM (referred), late_x, TOP (follow_up) - 1);
  route (layout, PEYGIR_CHART_EDGE_BACK, 2, back_x, TOP (follow_up), back_x, BOTTOM (referred) + 1);
}

/* Vertical: the main line down, the rejection beside the secretariat and
 * the follow-up beside the waiting. Returns the height. */
static int
place_column (PeygirChartLayout *layout,
              const Widths      *w,
              const int          text_heights[PEYGIR_CHART_N_NODES])
{
  double main_w = w->main_width;
  double side_x = PADDING + main_w + GAP;
  double y = PADDING;

  for (guint i = 0; i <= PEYGIR_CHART_MAIN_LINE_LENGTH; i++)
    {
      PeygirChartNode n = main_line_node (i);
      double h = box_height (text_heights, n);
      double bw = peygir_chart_node_is_step (n) ? main_w : MAX (TERMINAL_WIDTH, main_w / 3);

      if (n == PEYGIR_CHART_NODE_REGISTERED)
        h = MAX (h, box_height (text_heights, PEYGIR_CHART_NODE_REJECTED));
      if (n == PEYGIR_CHART_NODE_REFERRED)
        h = MAX (h, box_height (text_heights, PEYGIR_CHART_NODE_FOLLOW_UP));
      graphene_rect_init (&layout->boxes[n], PADDING + (main_w - bw) / 2, y, bw, h);
      if (n == PEYGIR_CHART_NODE_REGISTERED)
        graphene_rect_init (&layout->boxes[PEYGIR_CHART_NODE_REJECTED], side_x, y, w->side_width,
                            box_height (text_heights, PEYGIR_CHART_NODE_REJECTED));
      if (n == PEYGIR_CHART_NODE_REFERRED)
        graphene_rect_init (&layout->boxes[PEYGIR_CHART_NODE_FOLLOW_UP], side_x, y, w->side_width, h);
      y += h + GAP;
    }
  return (int) (y - GAP + PADDING);
}

/* Vertical, the side paths: across to them and back. */
static void
route_column (PeygirChartLayout *layout)
{
  const PeygirChartNode review = PEYGIR_CHART_NODE_IN_REVIEW, manager = PEYGIR_CHART_NODE_WITH_MANAGER;
  const PeygirChartNode rejected = PEYGIR_CHART_NODE_REJECTED, closed = PEYGIR_CHART_NODE_CLOSED;
  const PeygirChartNode referred = PEYGIR_CHART_NODE_REFERRED, follow_up = PEYGIR_CHART_NODE_FOLLOW_UP;
  double lane = RIGHT (rejected) + 10;
  double side = RIGHT (closed);
  double late_y = TOP (follow_up) + layout->boxes[follow_up].size.height * 0.3;
  double back_y = TOP (follow_up) + layout->boxes[follow_up].size.height * 0.7;

  route (layout, PEYGIR_CHART_EDGE_REJECT, 3,
         RIGHT (review), MID_Y (review),
         MID_X (rejected), MID_Y (review),
         MID_X (rejected), TOP (rejected) - 1);
  route (layout, PEYGIR_CHART_EDGE_MANAGER_REJECT, 3,
         RIGHT (manager), MID_Y (manager),
         MID_X (rejected), MID_Y (manager),
         MID_X (rejected), BOTTOM (rejected) + 1);
  route (layout, PEYGIR_CHART_EDGE_REJECT_NOTIFY, 4,
         RIGHT (rejected), MID_Y (rejected),
         lane, MID_Y (rejected),
         lane, MID_Y (closed),
         side + 1, MID_Y (closed));
  route (layout, PEYGIR_CHART_EDGE_LATE, 2, RIGHT (referred), late_y, LEFT (follow_up) - 1, late_y);
  route (layout, PEYGIR_CHART_EDGE_BACK, 2, LEFT (follow_up), back_y, RIGHT (referred) + 1, back_y);
}

/* From flow coordinates (x grows along the flow) to right to left. */
static void
mirror (PeygirChartLayout *layout,
        int                width)
{
  for (guint n = 0; n < PEYGIR_CHART_N_NODES; n++)
    layout->boxes[n].origin.x = width - layout->boxes[n].origin.x - layout->boxes[n].size.width;
  for (guint e = 0; e < PEYGIR_CHART_N_EDGES; e++)
    for (guint i = 0; i < layout->paths[e].n_points; i++)
      layout->paths[e].x[i] = width - layout->paths[e].x[i];
}

gboolean
peygir_chart_node_is_step (PeygirChartNode node)
{
  return node != PEYGIR_CHART_NODE_START && node != PEYGIR_CHART_NODE_END;
}

int
peygir_chart_layout_natural_width (void)
{
  return (int) (2 * PADDING + 2 * TERMINAL_WIDTH + 8 * GAP + 7 * (MIN_STEP_WIDTH + 24));
}

PeygirChartArrangement
peygir_chart_layout_get_box_widths (int    width,
                                    double box_widths[PEYGIR_CHART_N_NODES])
{
  Widths w = arrange (width);

  for (guint n = 0; n < PEYGIR_CHART_N_NODES; n++)
    {
      gboolean step = peygir_chart_node_is_step (n);

      if (w.arrangement == PEYGIR_CHART_VERTICAL)
        box_widths[n] = step ? w.main_width : MAX (TERMINAL_WIDTH, w.main_width / 3);
      else
        box_widths[n] = step ? w.step_width : TERMINAL_WIDTH;
    }
  if (w.arrangement == PEYGIR_CHART_VERTICAL)
    {
      box_widths[PEYGIR_CHART_NODE_REJECTED] = w.side_width;
      box_widths[PEYGIR_CHART_NODE_FOLLOW_UP] = w.side_width;
    }
  else
    box_widths[PEYGIR_CHART_NODE_FOLLOW_UP] = w.step_width * 1.3;
  return w.arrangement;
}

void
peygir_chart_layout_compute (PeygirChartLayout *layout,
                             int                width,
                             gboolean           rtl,
                             const int          text_heights[PEYGIR_CHART_N_NODES])
{
  Widths w;

  g_return_if_fail (layout != NULL);
  g_return_if_fail (text_heights != NULL);

  w = arrange (width);
  layout->arrangement = w.arrangement;
  if (w.arrangement == PEYGIR_CHART_VERTICAL)
    {
      layout->height = place_column (layout, &w, text_heights);
      route_main_line (layout);
      route_column (layout);
    }
  else
    {
      layout->height = place_row (layout, &w, text_heights);
      route_main_line (layout);
      route_row (layout);
    }
  if (rtl)
    mirror (layout, width);
}
