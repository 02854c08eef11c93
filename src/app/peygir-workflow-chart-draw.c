/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The chart drawn: its boxes in the theme's colours, the arrows between
 * them, the focus ring; where each goes is the layout's. */
#define G_LOG_DOMAIN "peygir-workflow-chart"

#include "peygir-workflow-chart-private.h"

/* Colours. */

typedef struct
{
  GdkRGBA fg;
  GdkRGBA accent;
  GdkRGBA accent_fg;
  GdkRGBA warning;
  GdkRGBA error;
  GdkRGBA card;
} Palette;

static void
lookup (GtkStyleContext *context,
        const char      *name,
        GdkRGBA         *out,
        const char      *fallback)
{
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (!gtk_style_context_lookup_color (context, name, out))
    gdk_rgba_parse (out, fallback);
G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
get_palette (PeygirWorkflowChart *self,
             Palette             *palette)
{
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));

  gtk_style_context_get_color (context, &palette->fg);
G_GNUC_END_IGNORE_DEPRECATIONS
  lookup (context, "accent_bg_color", &palette->accent, "#3584e4");
  lookup (context, "accent_fg_color", &palette->accent_fg, "#ffffff");
  lookup (context, "warning_color", &palette->warning, "#c17d11");
  lookup (context, "error_color", &palette->error, "#c01c28");
  if (!gtk_style_context_lookup_color (context, "card_bg_color", &palette->card))
    {
      palette->card = palette->fg;
      palette->card.alpha = 0.05f;
    }
}

static GdkRGBA
with_alpha (const GdkRGBA *color,
            float          alpha)
{
  GdkRGBA c = *color;

  c.alpha *= alpha;
  return c;
}

/* Drawing. */

/* How a box looks: by the case's path, or the office's bottleneck. */
typedef struct
{
  GdkRGBA  fill;
  GdkRGBA  border;
  GdkRGBA  text;
  float    border_width;
  gboolean dashed;
} BoxStyle;

static BoxStyle
box_style (PeygirWorkflowChart *self,
           const Palette       *palette,
           PeygirChartNode      node)
{
  BoxStyle style = { palette->card, with_alpha (&palette->fg, 0.35f), palette->fg, 1, FALSE };

  if (self->mode == MODE_CASE)
    {
      gboolean current = peygir_chart_node_is_step (node) && node == _peygir_workflow_chart_node_of_state (self->state)
                         && !(node == PEYGIR_CHART_NODE_CLOSED && self->state != PEYGIR_STATE_CLOSED);
      gboolean visited = self->traces[node].visits > 0
                         || (node == PEYGIR_CHART_NODE_START)
                         || (node == PEYGIR_CHART_NODE_END && self->state == PEYGIR_STATE_CLOSED);

      if (current)
        {
          style.fill = palette->accent;
          style.border = palette->accent;
          style.text = palette->accent_fg;
          style.border_width = 2;
        }
      else if (visited)
        {
          style.border = palette->accent;
          style.border_width = 2;
        }
      else
        {
          style.fill.alpha = 0;
          style.text = with_alpha (&palette->fg, 0.55f);
          style.dashed = TRUE;
        }
    }
  else if (self->mode == MODE_OFFICE && (int) node == self->bottleneck)
    {
      style.fill = with_alpha (&palette->warning, 0.2f);
      style.border = palette->warning;
      style.border_width = 3;
    }
  return style;
}

/* A step the case has not been at: a dashed outline, which GSK borders
 * cannot draw. */
static void
draw_dashed_outline (GtkSnapshot           *snapshot,
                     const graphene_rect_t *rect,
                     const GdkRGBA         *color)
{
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, rect);
  double dash[] = { 4, 3 };

  cairo_set_dash (cr, dash, 2, 0);
  gdk_cairo_set_source_rgba (cr, color);
  cairo_set_line_width (cr, 1);
  cairo_new_sub_path (cr);
  cairo_arc (cr, rect->origin.x + rect->size.width - 8.5, rect->origin.y + 8.5, 8, -G_PI / 2, 0);
  cairo_arc (cr, rect->origin.x + rect->size.width - 8.5, rect->origin.y + rect->size.height - 8.5, 8, 0, G_PI / 2);
  cairo_arc (cr, rect->origin.x + 8.5, rect->origin.y + rect->size.height - 8.5, 8, G_PI / 2, G_PI);
  cairo_arc (cr, rect->origin.x + 8.5, rect->origin.y + 8.5, 8, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
  cairo_stroke (cr);
  cairo_destroy (cr);
}

static void
draw_box_frame (GtkSnapshot           *snapshot,
                const graphene_rect_t *rect,
                const GskRoundedRect  *rounded,
                const BoxStyle        *style)
{
  if (style->fill.alpha > 0)
    {
      gtk_snapshot_push_rounded_clip (snapshot, rounded);
      gtk_snapshot_append_color (snapshot, &style->fill, rect);
      gtk_snapshot_pop (snapshot);
    }
  if (style->dashed)
    draw_dashed_outline (snapshot, rect, &style->border);
  else
    {
      float widths[4] = { style->border_width, style->border_width, style->border_width, style->border_width };
      GdkRGBA colors[4] = { style->border, style->border, style->border, style->border };

      gtk_snapshot_append_border (snapshot, rounded, widths, colors);
    }
}

static void
draw_focus_ring (GtkSnapshot           *snapshot,
                 const Palette         *palette,
                 const graphene_rect_t *rect)
{
  GskRoundedRect ring;
  graphene_rect_t outer;
  float widths[4] = { 2, 2, 2, 2 };
  GdkRGBA ring_color = with_alpha (&palette->accent, 0.6f);
  GdkRGBA colors[4] = { ring_color, ring_color, ring_color, ring_color };

  graphene_rect_inset_r (rect, -4, -4, &outer);
  gsk_rounded_rect_init_from_rect (&ring, &outer, 11);
  gtk_snapshot_append_border (snapshot, &ring, widths, colors);
}

/* The box's lines, centred vertically, each in its tone. */
static void
draw_box_text (PeygirWorkflowChart   *self,
               GtkSnapshot           *snapshot,
               const Palette         *palette,
               PeygirChartNode        node,
               const graphene_rect_t *rect,
               const GdkRGBA         *text)
{
  const Box *box = &self->boxes[node];
  double y = rect->origin.y + (rect->size.height - box->text_height) / 2;

  for (guint i = 0; i < box->lines->len; i++)
    {
      PangoLayout *layout = g_ptr_array_index (box->lines, i);
      Tone tone = g_array_index (box->tones, Tone, i);
      GdkRGBA color = *text;
      int h;

      if (tone == TONE_DIM)
        color = with_alpha (text, 0.7f);
      else if (tone == TONE_ALERT && !(self->mode == MODE_CASE && node == _peygir_workflow_chart_node_of_state (self->state)))
        color = palette->error;
      pango_layout_get_pixel_size (layout, NULL, &h);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (rect->origin.x + BOX_PADDING, y));
      gtk_snapshot_append_layout (snapshot, layout, &color);
      gtk_snapshot_restore (snapshot);
      y += h + (i == 0 ? 2 : 0);
    }
}

static void
draw_box (PeygirWorkflowChart *self,
          GtkSnapshot         *snapshot,
          const Palette       *palette,
          PeygirChartNode      node)
{
  const graphene_rect_t *rect = &self->layout.boxes[node];
  BoxStyle style = box_style (self, palette, node);
  GskRoundedRect rounded;

  gsk_rounded_rect_init_from_rect (&rounded, rect, peygir_chart_node_is_step (node) ? 8 : rect->size.height / 2);
  draw_box_frame (snapshot, rect, &rounded, &style);
  if (node == self->focus && gtk_widget_has_visible_focus (GTK_WIDGET (self)))
    draw_focus_ring (snapshot, palette, rect);
  draw_box_text (self, snapshot, palette, node, rect, &style.text);
}

static void
arrow_head (cairo_t *cr,
            double   x,
            double   y,
            double   dx,
            double   dy)
{
  /* Connectors end straight: horizontal or vertical. */
  double len = ABS (dx) + ABS (dy);
  double ux = dx / len, uy = dy / len;

  cairo_move_to (cr, x, y);
  cairo_line_to (cr, x - 8 * ux + 4 * uy, y - 8 * uy - 4 * ux);
  cairo_line_to (cr, x - 8 * ux - 4 * uy, y - 8 * uy + 4 * ux);
  cairo_close_path (cr);
  cairo_fill (cr);
}

/* An arrow's connector as the layout routed it, the head at its end;
 * the case's path in the accent colour. */
static void
draw_path (PeygirWorkflowChart *self,
           cairo_t             *cr,
           const Palette       *palette,
           PeygirChartEdge      edge)
{
  const PeygirChartPath *path = &self->layout.paths[edge];
  gboolean travelled = self->mode == MODE_CASE && (self->travelled & (1u << edge));
  GdkRGBA color = travelled ? palette->accent : with_alpha (&palette->fg, 0.45f);
  guint last = path->n_points - 1;

  gdk_cairo_set_source_rgba (cr, &color);
  cairo_set_line_width (cr, travelled ? 2.5 : 1.5);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_move_to (cr, path->x[0], path->y[0]);
  for (guint i = 1; i < path->n_points; i++)
    cairo_line_to (cr, path->x[i], path->y[i]);
  cairo_stroke (cr);

  arrow_head (cr, path->x[last], path->y[last],
              path->x[last] - path->x[last - 1], path->y[last] - path->y[last - 1]);
}

static void
draw_connectors (PeygirWorkflowChart *self,
                 GtkSnapshot         *snapshot,
                 const Palette       *palette)
{
  graphene_rect_t all;
  cairo_t *cr;

  graphene_rect_init (&all, 0, 0, gtk_widget_get_width (GTK_WIDGET (self)), gtk_widget_get_height (GTK_WIDGET (self)));
  cr = gtk_snapshot_append_cairo (snapshot, &all);
  for (PeygirChartEdge e = 0; e < PEYGIR_CHART_N_EDGES; e++)
    draw_path (self, cr, palette, e);
  cairo_destroy (cr);
}

void
_peygir_workflow_chart_draw (PeygirWorkflowChart *self,
                             GtkSnapshot         *snapshot)
{
  Palette palette;

  get_palette (self, &palette);
  draw_connectors (self, snapshot, &palette);
  for (PeygirChartNode n = 0; n < PEYGIR_CHART_N_NODES; n++)
    draw_box (self, snapshot, &palette, n);
}
