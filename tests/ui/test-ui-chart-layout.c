/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The workflow chart's layout as plain geometry: no widget, no display. */
#include <glib.h>

#include "peygir-chart-layout.h"

/* Half a pixel of rounding each way, and the pixel an arrow stops short of
 * its box to leave room for the head. */
#define ON_EDGE 1.5

static const int widths[] = { 300, 360, 480, 640, 851, 852, 1000, 1143, 1144, 1280, 1600, 2400 };

/* Text heights as the widget measures them: a title of one line, or a
 * step with several lines wrapped in a narrow box. */
static void
short_texts (int heights[PEYGIR_CHART_N_NODES])
{
  for (guint n = 0; n < PEYGIR_CHART_N_NODES; n++)
    heights[n] = peygir_chart_node_is_step (n) ? 40 : 18;
}

static void
tall_texts (int heights[PEYGIR_CHART_N_NODES])
{
  for (guint n = 0; n < PEYGIR_CHART_N_NODES; n++)
    heights[n] = peygir_chart_node_is_step (n) ? 60 + 17 * (int) (n % 4) : 36;
  heights[PEYGIR_CHART_NODE_FOLLOW_UP] = 130;
}

typedef void (*TextsFunc) (int heights[PEYGIR_CHART_N_NODES]);

static const TextsFunc texts[] = { short_texts, tall_texts };

/* Calls @check for every width, both directions and both kinds of text. */
static void
for_each_layout (void (*check) (const PeygirChartLayout *layout,
                                int                      width,
                                gboolean                 rtl,
                                const int                heights[PEYGIR_CHART_N_NODES]))
{
  for (guint t = 0; t < G_N_ELEMENTS (texts); t++)
    for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
      for (int rtl = 0; rtl <= 1; rtl++)
        {
          PeygirChartLayout layout;
          int heights[PEYGIR_CHART_N_NODES];

          texts[t] (heights);
          peygir_chart_layout_compute (&layout, widths[w], rtl, heights);
          check (&layout, widths[w], rtl, heights);
        }
}

static void
check_inside (const PeygirChartLayout *layout,
              int                      width,
              gboolean                 rtl G_GNUC_UNUSED,
              const int                heights[PEYGIR_CHART_N_NODES])
{
  for (guint n = 0; n < PEYGIR_CHART_N_NODES; n++)
    {
      const graphene_rect_t *r = &layout->boxes[n];

      g_assert_cmpfloat (r->origin.x, >=, 0);
      g_assert_cmpfloat (r->origin.y, >=, 0);
      g_assert_cmpfloat (r->origin.x + r->size.width, <=, width);
      g_assert_cmpfloat (r->origin.y + r->size.height, <=, layout->height);
      /* Room for the text and its padding. */
      g_assert_cmpfloat (r->size.height, >=, heights[n] + 2 * PEYGIR_CHART_BOX_PADDING - 0.5);
    }
}

static void
test_inside_width (void)
{
  for_each_layout (check_inside);
}

static void
check_no_overlap (const PeygirChartLayout *layout,
                  int                      width G_GNUC_UNUSED,
                  gboolean                 rtl G_GNUC_UNUSED,
                  const int                heights[PEYGIR_CHART_N_NODES] G_GNUC_UNUSED)
{
  for (guint a = 0; a < PEYGIR_CHART_N_NODES; a++)
    for (guint b = a + 1; b < PEYGIR_CHART_N_NODES; b++)
      {
        graphene_rect_t both;

        if (graphene_rect_intersection (&layout->boxes[a], &layout->boxes[b], &both)
            && both.size.width > 0 && both.size.height > 0)
          g_error ("boxes %u and %u overlap at width %d", a, b, width);
      }
}

static void
test_no_overlap (void)
{
  for_each_layout (check_no_overlap);
}

static gboolean
on_edge (const graphene_rect_t *r,
         double                 x,
         double                 y)
{
  double left = r->origin.x, right = r->origin.x + r->size.width;
  double top = r->origin.y, bottom = r->origin.y + r->size.height;

  if (x < left - ON_EDGE || x > right + ON_EDGE || y < top - ON_EDGE || y > bottom + ON_EDGE)
    return FALSE;
  return ABS (x - left) <= ON_EDGE || ABS (x - right) <= ON_EDGE
         || ABS (y - top) <= ON_EDGE || ABS (y - bottom) <= ON_EDGE;
}

static void
check_arrows (const PeygirChartLayout *layout,
              int                      width,
              gboolean                 rtl G_GNUC_UNUSED,
              const int                heights[PEYGIR_CHART_N_NODES] G_GNUC_UNUSED)
{
  for (guint e = 0; e < PEYGIR_CHART_N_EDGES; e++)
    {
      const PeygirChartPath *path = &layout->paths[e];
      const PeygirChartEdgeEnds *ends = &peygir_chart_edge_ends[e];
      guint last = path->n_points - 1;

      g_assert_cmpuint (path->n_points, >=, 2);
      if (!on_edge (&layout->boxes[ends->from], path->x[0], path->y[0]))
        g_error ("arrow %u does not leave box %u at width %d", e, ends->from, width);
      if (!on_edge (&layout->boxes[ends->to], path->x[last], path->y[last]))
        g_error ("arrow %u does not reach box %u at width %d", e, ends->to, width);
      /* Connectors run straight, across or down: the head assumes it. */
      for (guint i = 1; i < path->n_points; i++)
        g_assert_true (path->x[i] == path->x[i - 1] || path->y[i] == path->y[i - 1]);
      for (guint i = 0; i < path->n_points; i++)
        {
          g_assert_cmpfloat (path->x[i], >=, 0);
          g_assert_cmpfloat (path->x[i], <=, width);
        }
    }
}

static void
test_arrows_on_edges (void)
{
  for_each_layout (check_arrows);
}

/* The steps of the main line, terminals left out, in the flow's order. */
static guint
main_line_steps (PeygirChartNode steps[PEYGIR_CHART_MAIN_LINE_LENGTH])
{
  guint n = 0;

  for (guint i = 0; i < PEYGIR_CHART_MAIN_LINE_LENGTH; i++)
    {
      PeygirChartNode to = peygir_chart_edge_ends[peygir_chart_main_line[i]].to;

      if (peygir_chart_node_is_step (to))
        steps[n++] = to;
    }
  return n;
}

static void
check_order (const PeygirChartLayout *layout,
             int                      width G_GNUC_UNUSED,
             gboolean                 rtl,
             const int                heights[PEYGIR_CHART_N_NODES] G_GNUC_UNUSED)
{
  PeygirChartNode steps[PEYGIR_CHART_MAIN_LINE_LENGTH];
  guint n = main_line_steps (steps);

  g_assert_cmpuint (n, ==, 7);
  g_assert_cmpint (steps[0], ==, PEYGIR_CHART_NODE_RECEIVED);
  g_assert_cmpint (steps[6], ==, PEYGIR_CHART_NODE_CLOSED);
  for (guint i = 1; i < n; i++)
    {
      const graphene_rect_t *before = &layout->boxes[steps[i - 1]];
      const graphene_rect_t *after = &layout->boxes[steps[i]];

      if (layout->arrangement == PEYGIR_CHART_VERTICAL)
        g_assert_cmpfloat (after->origin.y, >=, before->origin.y + before->size.height);
      else if (rtl)
        /* Right to left: the first step at the right. */
        g_assert_cmpfloat (after->origin.x + after->size.width, <=, before->origin.x);
      else
        g_assert_cmpfloat (after->origin.x, >=, before->origin.x + before->size.width);
    }
}

static void
test_right_to_left (void)
{
  for_each_layout (check_order);
}

static void
test_arrangements (void)
{
  double box_widths[PEYGIR_CHART_N_NODES];

  g_assert_cmpint (peygir_chart_layout_get_box_widths (peygir_chart_layout_natural_width (), box_widths),
                   ==, PEYGIR_CHART_WIDE);
  g_assert_cmpint (peygir_chart_layout_get_box_widths (1144, box_widths), ==, PEYGIR_CHART_WIDE);
  g_assert_cmpint (peygir_chart_layout_get_box_widths (1143, box_widths), ==, PEYGIR_CHART_COMPACT);
  g_assert_cmpint (peygir_chart_layout_get_box_widths (852, box_widths), ==, PEYGIR_CHART_COMPACT);
  g_assert_cmpint (peygir_chart_layout_get_box_widths (851, box_widths), ==, PEYGIR_CHART_VERTICAL);
  g_assert_cmpint (peygir_chart_layout_get_box_widths (100, box_widths), ==, PEYGIR_CHART_VERTICAL);
}

/* The text is measured at the widths the boxes are then given. */
static void
check_box_widths (const PeygirChartLayout *layout,
                  int                      width,
                  gboolean                 rtl G_GNUC_UNUSED,
                  const int                heights[PEYGIR_CHART_N_NODES] G_GNUC_UNUSED)
{
  double box_widths[PEYGIR_CHART_N_NODES];

  g_assert_cmpint (peygir_chart_layout_get_box_widths (width, box_widths), ==, layout->arrangement);
  for (guint n = 0; n < PEYGIR_CHART_N_NODES; n++)
    g_assert_cmpfloat_with_epsilon (layout->boxes[n].size.width, box_widths[n], 0.01);
}

static void
test_measured_widths (void)
{
  for_each_layout (check_box_widths);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/chart-layout/inside-width", test_inside_width);
  g_test_add_func ("/ui/chart-layout/no-overlap", test_no_overlap);
  g_test_add_func ("/ui/chart-layout/arrows-on-edges", test_arrows_on_edges);
  g_test_add_func ("/ui/chart-layout/right-to-left", test_right_to_left);
  g_test_add_func ("/ui/chart-layout/arrangements", test_arrangements);
  g_test_add_func ("/ui/chart-layout/measured-widths", test_measured_widths);

  return g_test_run ();
}
