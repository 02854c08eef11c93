/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-workflow-chart"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "peygir-chart-layout.h"
#include "peygir-clock.h"
#include "peygir-date.h"
#include "peygir-enums.h"
#include "peygir-text.h"
#include "peygir-workflow.h"
#include "peygir-workflow-chart.h"
#include "peygir-workflow-chart-private.h"

G_DEFINE_FINAL_TYPE (PeygirWorkflowChart, peygir_workflow_chart, GTK_TYPE_WIDGET)

enum {
  STEP_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The workflow state each step shows; the follow-up step is the referred
 * cases whose answer is late. The terminals show none. */
static const struct
{
  gboolean    is_step;
  PeygirState state;
  gboolean    overdue_only;
} node_states[PEYGIR_CHART_N_NODES] = {
  [PEYGIR_CHART_NODE_RECEIVED]     = { TRUE, PEYGIR_STATE_RECEIVED },
  [PEYGIR_CHART_NODE_IN_REVIEW]    = { TRUE, PEYGIR_STATE_IN_REVIEW },
  [PEYGIR_CHART_NODE_REGISTERED]   = { TRUE, PEYGIR_STATE_REGISTERED },
  [PEYGIR_CHART_NODE_WITH_MANAGER] = { TRUE, PEYGIR_STATE_WITH_MANAGER },
  [PEYGIR_CHART_NODE_REFERRED]     = { TRUE, PEYGIR_STATE_REFERRED },
  [PEYGIR_CHART_NODE_ANSWERED]     = { TRUE, PEYGIR_STATE_ANSWERED },
  [PEYGIR_CHART_NODE_CLOSED]       = { TRUE, PEYGIR_STATE_CLOSED },
  [PEYGIR_CHART_NODE_REJECTED]     = { TRUE, PEYGIR_STATE_REJECTED },
  [PEYGIR_CHART_NODE_FOLLOW_UP]    = { TRUE, PEYGIR_STATE_REFERRED, TRUE },
};

/* The workflow's move each arrow draws: @action taken in @from. The
 * terminals' arrows draw none; the follow-up loop is the action that keeps
 * the case where it is. */
static const struct
{
  gboolean     is_move;
  PeygirAction action;
  PeygirState  from;
} edge_moves[PEYGIR_CHART_N_EDGES] = {
  [PEYGIR_CHART_EDGE_REVIEW]         = { TRUE, PEYGIR_ACTION_REVIEW,    PEYGIR_STATE_RECEIVED },
  [PEYGIR_CHART_EDGE_REGISTER]       = { TRUE, PEYGIR_ACTION_REGISTER,  PEYGIR_STATE_IN_REVIEW },
  [PEYGIR_CHART_EDGE_REFER]          = { TRUE, PEYGIR_ACTION_REFER,     PEYGIR_STATE_REGISTERED },
  [PEYGIR_CHART_EDGE_APPROVE]        = { TRUE, PEYGIR_ACTION_APPROVE,   PEYGIR_STATE_WITH_MANAGER },
  [PEYGIR_CHART_EDGE_ANSWER]         = { TRUE, PEYGIR_ACTION_ANSWER,    PEYGIR_STATE_REFERRED },
  [PEYGIR_CHART_EDGE_NOTIFY]         = { TRUE, PEYGIR_ACTION_NOTIFY,    PEYGIR_STATE_ANSWERED },
  [PEYGIR_CHART_EDGE_REJECT]         = { TRUE, PEYGIR_ACTION_REJECT,    PEYGIR_STATE_IN_REVIEW },
  [PEYGIR_CHART_EDGE_MANAGER_REJECT] = { TRUE, PEYGIR_ACTION_REJECT,    PEYGIR_STATE_WITH_MANAGER },
  [PEYGIR_CHART_EDGE_REJECT_NOTIFY]  = { TRUE, PEYGIR_ACTION_NOTIFY,    PEYGIR_STATE_REJECTED },
  [PEYGIR_CHART_EDGE_LATE]           = { TRUE, PEYGIR_ACTION_FOLLOW_UP, PEYGIR_STATE_REFERRED },
  [PEYGIR_CHART_EDGE_BACK]           = { TRUE, PEYGIR_ACTION_FOLLOW_UP, PEYGIR_STATE_REFERRED },
};

PeygirChartNode
_peygir_workflow_chart_node_of_state (PeygirState state)
{
  for (PeygirChartNode n = 0; n < PEYGIR_CHART_N_NODES; n++)
    if (node_states[n].is_step && !node_states[n].overdue_only && node_states[n].state == state)
      return n;
  return PEYGIR_CHART_NODE_START;
}

/* The state a step stands for. */
static PeygirState
state_of_node (PeygirChartNode  node,
               gboolean        *overdue_only)
{
  *overdue_only = node < PEYGIR_CHART_N_NODES && node_states[node].overdue_only;
  if (node >= PEYGIR_CHART_N_NODES || !node_states[node].is_step)
    return PEYGIR_STATE_RECEIVED;
  return node_states[node].state;
}

static char *
node_title (PeygirChartNode node)
{
  gboolean overdue_only;
  PeygirState state;
  const PeygirStateInfo *info;
  g_autofree char *number = NULL;

  switch (node)
    {
    case PEYGIR_CHART_NODE_START:
      return g_strdup (C_("flowchart", "Start"));
    case PEYGIR_CHART_NODE_END:
      return g_strdup (C_("flowchart", "End"));
    case PEYGIR_CHART_NODE_FOLLOW_UP:
      return g_strdup (_("Follow-up by the expert with the agency"));
    case PEYGIR_CHART_NODE_RECEIVED:
    case PEYGIR_CHART_NODE_IN_REVIEW:
    case PEYGIR_CHART_NODE_REGISTERED:
    case PEYGIR_CHART_NODE_WITH_MANAGER:
    case PEYGIR_CHART_NODE_REFERRED:
    case PEYGIR_CHART_NODE_ANSWERED:
    case PEYGIR_CHART_NODE_CLOSED:
    case PEYGIR_CHART_NODE_REJECTED:
    case PEYGIR_CHART_N_NODES:
    default:
      break;
    }

  state = state_of_node (node, &overdue_only);
  info = peygir_workflow_state_info (state);
  if (info->card_step == 0)
    return g_strdup (peygir_state_label (state));
  number = peygir_text_format_number (info->card_step);
  /* TRANSLATORS: a step of the flowchart: its number on the service card and its name */
  return g_strdup_printf (_("%s. %s"), number, peygir_state_label (state));
}

static char *
format_duration (gint64 seconds)
{
  g_autofree char *number = NULL;
  gint64 n;

  if (seconds >= 24 * 3600)
    {
      n = (seconds + 12 * 3600) / (24 * 3600);
      number = peygir_text_format_number (n);
      /* TRANSLATORS: the age of a case, in days */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s day", "%s days", (gulong) n), number);
    }
  if (seconds >= 3600)
    {
      n = (seconds + 1800) / 3600;
      number = peygir_text_format_number (n);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s hour", "%s hours", (gulong) n), number);
    }
  n = MAX (1, (seconds + 30) / 60);
  number = peygir_text_format_number (n);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s minute", "%s minutes", (gulong) n), number);
}

static char *
format_moment (gint64 at)
{
  g_autofree char *day = peygir_day_format (peygir_day_from_unix (at), PEYGIR_DATE_NUMERIC);

  /* isolated, as in the letters: a number beside it would run into it */
  return peygir_text_isolate_ltr (day);
}

static void
trace_clear (Trace *trace)
{
  g_clear_pointer (&trace->entered_by, g_free);
  g_clear_pointer (&trace->left_by, g_free);
  if (trace->tooltip != NULL)
    g_string_free (g_steal_pointer (&trace->tooltip), TRUE);
  memset (trace, 0, sizeof *trace);
}

static void
box_clear (Box *box)
{
  g_clear_pointer (&box->lines, g_ptr_array_unref);
  g_clear_pointer (&box->tones, g_array_unref);
  box->text_height = 0;
}

static void
box_add_line (Box        *box,
              GtkWidget  *widget,
              const char *text,
              Tone        tone)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);

  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  if (tone == TONE_TITLE)
    {
      g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_layout_set_attributes (layout, attrs);
    }
  else
    {
      g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_scale_new (0.9));
      pango_layout_set_attributes (layout, attrs);
    }
  g_ptr_array_add (box->lines, layout);
  g_array_append_val (box->tones, tone);
}

/* Case mode, the follow-up step: how many times, and the latest. */
static void
add_follow_up_lines (PeygirWorkflowChart *self,
                     Box                 *box,
                     const Trace         *trace)
{
  GtkWidget *widget = GTK_WIDGET (self);
  g_autofree char *count = peygir_text_format_number (trace->visits);
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s follow-up", "%s follow-ups",
                                                        trace->visits), count);
  g_autofree char *day = format_moment (trace->entered_at);

  box_add_line (box, widget, text, TONE_NORMAL);
  box_add_line (box, widget, day, TONE_NORMAL);
}

/* Case mode: when the case came to the step, how often, and how long it
 * stayed (or has stayed so far). */
static void
add_visit_lines (PeygirWorkflowChart *self,
                 Box                 *box,
                 PeygirChartNode      n,
                 const Trace         *trace)
{
  GtkWidget *widget = GTK_WIDGET (self);
  g_autofree char *day = format_moment (trace->entered_at);

  if (trace->visits > 1)
    {
      g_autofree char *count = peygir_text_format_number (trace->visits);
      g_autofree char *times = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s time", "%s times",
                                                             trace->visits), count);
      /* TRANSLATORS: a step of the case's chart: the day it last came
       * there, and how many times; no middle dot (beside Persian digits it
       * reads as a zero) */
      g_autofree char *line = g_strdup_printf (C_("chart step", "%s, %s"), day, times);

      box_add_line (box, widget, line, TONE_NORMAL);
    }
  else
    box_add_line (box, widget, day, TONE_NORMAL);

  if (n != PEYGIR_CHART_NODE_CLOSED || self->state != PEYGIR_STATE_CLOSED)
    {
      g_autofree char *length = format_duration (trace->seconds);

      if (_peygir_workflow_chart_node_of_state (self->state) == n)
        {
          /* TRANSLATORS: how long the case has been at its current step */
          g_autofree char *text = g_strdup_printf (_("%s so far"), length);

          box_add_line (box, widget, text, self->overdue ? TONE_ALERT : TONE_NORMAL);
        }
      else
        box_add_line (box, widget, length, TONE_NORMAL);
    }
}

static void
add_case_lines (PeygirWorkflowChart *self,
                Box                 *box,
                PeygirChartNode      n)
{
  const Trace *trace = &self->traces[n];

  if (trace->visits == 0)
    return;
  if (n == PEYGIR_CHART_NODE_FOLLOW_UP)
    add_follow_up_lines (self, box, trace);
  else
    add_visit_lines (self, box, n, trace);
}

/* Office mode, a step's lateness: answers overdue, and cases past the
 * service target. */
static void
add_overdue_lines (PeygirWorkflowChart     *self,
                   Box                     *box,
                   const PeygirStepFigures *f)
{
  GtkWidget *widget = GTK_WIDGET (self);

  if (f->overdue > 0)
    {
      g_autofree char *late = peygir_text_format_number (f->overdue);
      g_autofree char *line = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s answer overdue",
                                                            "%s answers overdue", (gulong) f->overdue),
                                               late);

      box_add_line (box, widget, line, TONE_ALERT);
    }
  if (f->service_overdue > 0)
    {
      g_autofree char *late = peygir_text_format_number (f->service_overdue);
      g_autofree char *line = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s past the service target",
                                                            "%s past the service target",
                                                            (gulong) f->service_overdue), late);

      box_add_line (box, widget, line, TONE_ALERT);
    }
}

static void
add_office_lines (PeygirWorkflowChart *self,
                  Box                 *box,
                  PeygirChartNode      n)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean overdue_only;
  const PeygirStepFigures *f = &self->figures[state_of_node (n, &overdue_only)];
  g_autofree char *count = NULL;
  g_autofree char *text = NULL;

  if (overdue_only)
    {
      count = peygir_text_format_number (f->overdue);
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s case late", "%s cases late",
                                           (gulong) f->overdue), count);
      box_add_line (box, widget, text, f->overdue > 0 ? TONE_ALERT : TONE_NORMAL);
      return;
    }
  count = peygir_text_format_number (f->open);
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s case", "%s cases", (gulong) f->open), count);
  box_add_line (box, widget, text, TONE_NORMAL);
  add_overdue_lines (self, box, f);
  /* Closed cases stay closed; a stay there ends only with a reopening. */
  if (f->passages > 0 && n != PEYGIR_CHART_NODE_CLOSED)
    {
      g_autofree char *length = format_duration (f->average_seconds);
      /* TRANSLATORS: the average time cases spent at a step */
      g_autofree char *line = g_strdup_printf (_("on average %s"), length);

      box_add_line (box, widget, line, TONE_DIM);
    }
  if ((int) n == self->bottleneck)
    box_add_line (box, widget, _("Cases pile up here"), TONE_TITLE);
}

/* The lines each box shows, for the mode. */
static void
fill_boxes (PeygirWorkflowChart *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  for (PeygirChartNode n = 0; n < PEYGIR_CHART_N_NODES; n++)
    {
      Box *box = &self->boxes[n];
      g_autofree char *title = node_title (n);

      box_clear (box);
      box->lines = g_ptr_array_new_with_free_func (g_object_unref);
      box->tones = g_array_new (FALSE, FALSE, sizeof (Tone));
      box_add_line (box, widget, title, peygir_chart_node_is_step (n) ? TONE_TITLE : TONE_NORMAL);
      if (!peygir_chart_node_is_step (n))
        continue;

      if (n == PEYGIR_CHART_NODE_FOLLOW_UP)
        box_add_line (box, widget, _("when the answer is not sent on time"), TONE_DIM);

      if (self->mode == MODE_CASE)
        add_case_lines (self, box, n);
      else if (self->mode == MODE_OFFICE)
        add_office_lines (self, box, n);
    }
}

/* Sets every line's width and returns the box's text height. */
static int
measure_box (Box    *box,
             double  width)
{
  int height = 0;

  for (guint i = 0; i < box->lines->len; i++)
    {
      PangoLayout *layout = g_ptr_array_index (box->lines, i);
      int h;

      pango_layout_set_width (layout, (int) ((width - 2 * BOX_PADDING) * PANGO_SCALE));
      pango_layout_get_pixel_size (layout, NULL, &h);
      height += h + (i == 0 ? 2 : 0);
    }
  box->text_height = height;
  return height;
}

/* Measures the boxes' text at the widths the arrangement for @width gives
 * them, and lays the chart out around it. */
static void
ensure_layout (PeygirWorkflowChart *self,
               int                  width)
{
  double box_widths[PEYGIR_CHART_N_NODES];
  int text_heights[PEYGIR_CHART_N_NODES];

  if (self->laid_out_width == width && self->boxes[PEYGIR_CHART_NODE_START].lines != NULL)
    return;
  if (self->boxes[PEYGIR_CHART_NODE_START].lines == NULL)
    fill_boxes (self);
  peygir_chart_layout_get_box_widths (width, box_widths);
  for (PeygirChartNode n = 0; n < PEYGIR_CHART_N_NODES; n++)
    text_heights[n] = measure_box (&self->boxes[n], box_widths[n]);
  peygir_chart_layout_compute (&self->layout, width,
                               gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL,
                               text_heights);
  self->laid_out_width = width;
}

static void
invalidate (PeygirWorkflowChart *self)
{
  for (guint n = 0; n < PEYGIR_CHART_N_NODES; n++)
    box_clear (&self->boxes[n]);
  self->laid_out_width = -1;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
peygir_workflow_chart_snapshot (GtkWidget   *widget,
                                GtkSnapshot *snapshot)
{
  PeygirWorkflowChart *self = PEYGIR_WORKFLOW_CHART (widget);

  ensure_layout (self, gtk_widget_get_width (widget));
  _peygir_workflow_chart_draw (self, snapshot);
}

/* Size. */

static GtkSizeRequestMode
peygir_workflow_chart_get_request_mode (GtkWidget *widget G_GNUC_UNUSED)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
peygir_workflow_chart_measure (GtkWidget      *widget,
                               GtkOrientation  orientation,
                               int             for_size,
                               int            *minimum,
                               int            *natural,
                               int            *minimum_baseline G_GNUC_UNUSED,
                               int            *natural_baseline G_GNUC_UNUSED)
{
  PeygirWorkflowChart *self = PEYGIR_WORKFLOW_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = PEYGIR_CHART_MIN_WIDTH;
      *natural = peygir_chart_layout_natural_width ();
    }
  else
    {
      int width = for_size > 0 ? for_size : peygir_chart_layout_natural_width ();

      ensure_layout (self, width);
      *minimum = *natural = self->layout.height;
    }
}

static void
peygir_workflow_chart_size_allocate (GtkWidget *widget,
                                     int        width,
                                     int        height G_GNUC_UNUSED,
                                     int        baseline G_GNUC_UNUSED)
{
  ensure_layout (PEYGIR_WORKFLOW_CHART (widget), width);
}

static void
peygir_workflow_chart_css_changed (GtkWidget         *widget,
                                   GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (peygir_workflow_chart_parent_class)->css_changed (widget, change);
  /* Fonts may have changed: the layouts are made anew. */
  invalidate (PEYGIR_WORKFLOW_CHART (widget));
}

static void
peygir_workflow_chart_direction_changed (GtkWidget        *widget,
                                         GtkTextDirection  previous)
{
  GTK_WIDGET_CLASS (peygir_workflow_chart_parent_class)->direction_changed (widget, previous);
  invalidate (PEYGIR_WORKFLOW_CHART (widget));
}

/* Pointer, tooltip, keyboard. */

static int
node_at (PeygirWorkflowChart *self,
         double               x,
         double               y)
{
  for (PeygirChartNode n = 0; n < PEYGIR_CHART_N_NODES; n++)
    {
      if (!peygir_chart_node_is_step (n) || self->boxes[n].lines == NULL)
        continue;
      if (graphene_rect_contains_point (&self->layout.boxes[n], &GRAPHENE_POINT_INIT (x, y)))
        return n;
    }
  return -1;
}

static void
update_description (PeygirWorkflowChart *self)
{
  g_autofree char *focused = node_title (self->focus);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->description,
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, focused,
                                  -1);
}

static void
set_focus_node (PeygirWorkflowChart *self,
                PeygirChartNode      node)
{
  if (self->focus == node)
    return;
  self->focus = node;
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
activate_node (PeygirWorkflowChart *self,
               PeygirChartNode      node)
{
  gboolean overdue_only;
  PeygirState state = state_of_node (node, &overdue_only);

  g_signal_emit (self, signals[STEP_ACTIVATED], 0, state, overdue_only);
}

static void
click_released_cb (GtkGestureClick     *gesture G_GNUC_UNUSED,
                   int                  n_press G_GNUC_UNUSED,
                   double               x,
                   double               y,
                   PeygirWorkflowChart *self)
{
  int node = node_at (self, x, y);

  if (node < 0)
    return;
  gtk_widget_grab_focus (GTK_WIDGET (self));
  set_focus_node (self, node);
  activate_node (self, node);
}

static char *
trace_tooltip (PeygirWorkflowChart *self,
               PeygirChartNode      node)
{
  const Trace *trace = &self->traces[node];
  g_autoptr(GString) text = g_string_new (NULL);

  if (trace->visits == 0)
    return g_strdup (_("The case has not been at this step."));
  if (node == PEYGIR_CHART_NODE_FOLLOW_UP && trace->tooltip != NULL)
    return g_strdup (trace->tooltip->str);
  if (trace->entered_by != NULL)
    {
      g_autofree char *when = peygir_time_format (trace->entered_at);

      g_string_append_printf (text, _("Brought here by %s on %s."), trace->entered_by, when);
    }
  if (trace->left_by != NULL)
    {
      g_autofree char *when = peygir_time_format (trace->left_at);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append_printf (text, _("Moved on by %s on %s."), trace->left_by, when);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
figures_tooltip (PeygirWorkflowChart *self,
                 PeygirChartNode      node)
{
  gboolean overdue_only;
  PeygirState state = state_of_node (node, &overdue_only);

  if (overdue_only)
    return g_strdup (_("Show the cases whose agency has not answered on time."));
  return g_strdup_printf (_("Show the cases at “%s”."), peygir_state_label (state));
}

static char *
node_tooltip (PeygirWorkflowChart *self,
              PeygirChartNode      node)
{
  if (self->mode == MODE_CASE)
    return trace_tooltip (self, node);
  if (self->mode == MODE_OFFICE)
    return figures_tooltip (self, node);
  return NULL;
}

static gboolean
peygir_workflow_chart_query_tooltip (GtkWidget  *widget,
                                     int         x,
                                     int         y,
                                     gboolean    keyboard,
                                     GtkTooltip *tooltip)
{
  PeygirWorkflowChart *self = PEYGIR_WORKFLOW_CHART (widget);
  g_autofree char *text = NULL;
  int node = keyboard ? (int) self->focus : node_at (self, x, y);

  if (node < 0)
    return FALSE;
  text = node_tooltip (self, node);
  if (text == NULL || *text == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  {
    const graphene_rect_t *r = &self->layout.boxes[node];

    gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) { (int) r->origin.x, (int) r->origin.y,
                                                         (int) r->size.width, (int) r->size.height });
  }
  return TRUE;
}

/* The step after (or before) @node on the main line, the terminals left
 * out; @node itself at either end. */
static PeygirChartNode
main_line_neighbour (PeygirChartNode node,
                     gboolean        forward)
{
  for (guint i = 0; i < PEYGIR_CHART_MAIN_LINE_LENGTH; i++)
    {
      const PeygirChartEdgeEnds *ends = &peygir_chart_edge_ends[peygir_chart_main_line[i]];

      if (forward && ends->from == node && peygir_chart_node_is_step (ends->to))
        return ends->to;
      if (!forward && ends->to == node && peygir_chart_node_is_step (ends->from))
        return ends->from;
    }
  return node;
}

/* Arrow keys: along the main line the way it is drawn, across to a side
 * path and back. @where is a screen direction. */
static void
chart_move (GtkWidget  *widget,
            const char *action_name G_GNUC_UNUSED,
            GVariant   *parameter)
{
  PeygirWorkflowChart *self = PEYGIR_WORKFLOW_CHART (widget);
  const char *where = g_variant_get_string (parameter, NULL);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  gboolean left = g_str_equal (where, "left");
  gboolean right = g_str_equal (where, "right");
  gboolean up = g_str_equal (where, "up");
  gboolean down = g_str_equal (where, "down");
  /* Which way runs along the flow, and which crosses to a side path. */
  gboolean forward, backward, to_side, from_side;
  PeygirChartNode anchor = self->focus;

  if (self->layout.arrangement != PEYGIR_CHART_VERTICAL)
    {
      forward = rtl ? left : right;
      backward = rtl ? right : left;
      to_side = (self->focus == PEYGIR_CHART_NODE_REFERRED) ? down : up;
      from_side = (self->focus == PEYGIR_CHART_NODE_FOLLOW_UP) ? up : down;
    }
  else
    {
      forward = down;
      backward = up;
      to_side = rtl ? left : right;
      from_side = rtl ? right : left;
    }

  if (self->focus == PEYGIR_CHART_NODE_REJECTED)
    anchor = PEYGIR_CHART_NODE_REGISTERED;
  else if (self->focus == PEYGIR_CHART_NODE_FOLLOW_UP)
    anchor = PEYGIR_CHART_NODE_REFERRED;

  if (self->focus == PEYGIR_CHART_NODE_REJECTED || self->focus == PEYGIR_CHART_NODE_FOLLOW_UP)
    {
      if (from_side)
        set_focus_node (self, anchor);
      else if (forward || backward)
        {
          set_focus_node (self, anchor);
          chart_move (widget, NULL, parameter);
        }
      return;
    }

  if (to_side)
    {
      if (self->focus == PEYGIR_CHART_NODE_IN_REVIEW || self->focus == PEYGIR_CHART_NODE_REGISTERED
          || self->focus == PEYGIR_CHART_NODE_WITH_MANAGER)
        set_focus_node (self, PEYGIR_CHART_NODE_REJECTED);
      else if (self->focus == PEYGIR_CHART_NODE_REFERRED)
        set_focus_node (self, PEYGIR_CHART_NODE_FOLLOW_UP);
      return;
    }

  if (forward || backward)
    set_focus_node (self, main_line_neighbour (anchor, forward));
}

static void
chart_activate_focused (GtkWidget  *widget,
                        const char *action_name G_GNUC_UNUSED,
                        GVariant   *parameter G_GNUC_UNUSED)
{
  PeygirWorkflowChart *self = PEYGIR_WORKFLOW_CHART (widget);

  activate_node (self, self->focus);
}

/* "chart.activate-step": a state identifier, or "follow_up". */
static void
chart_activate_step (GtkWidget  *widget,
                     const char *action_name G_GNUC_UNUSED,
                     GVariant   *parameter)
{
  PeygirWorkflowChart *self = PEYGIR_WORKFLOW_CHART (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  PeygirState state;
  PeygirChartNode node;

  if (g_str_equal (id, "follow_up"))
    node = PEYGIR_CHART_NODE_FOLLOW_UP;
  else if (peygir_state_from_string (id, &state))
    node = _peygir_workflow_chart_node_of_state (state);
  else
    {
      g_warning ("No step “%s” in the flowchart", id);
      return;
    }
  set_focus_node (self, node);
  activate_node (self, node);
}

/* The case's path from its audit events. */

static void
trace_enter (Trace      *trace,
             gint64      at,
             const char *actor)
{
  trace->visits++;
  trace->entered_at = at;
  g_free (trace->entered_by);
  trace->entered_by = g_strdup (actor);
  g_clear_pointer (&trace->left_by, g_free);
  trace->left_at = 0;
}

static void
trace_leave (Trace      *trace,
             gint64      at,
             const char *actor)
{
  if (trace->visits == 0)
    return;
  trace->seconds += MAX (0, at - trace->entered_at);
  g_free (trace->left_by);
  trace->left_by = g_strdup (actor);
  trace->left_at = at;
}

/* The arrow of a change of state: the one whose action leads, by the
 * workflow's table, from @from to @to. */
static PeygirChartEdge
edge_of_move (PeygirState from,
              PeygirState to)
{
  for (PeygirChartEdge e = 0; e < PEYGIR_CHART_N_EDGES; e++)
    if (edge_moves[e].is_move && edge_moves[e].from == from
        && peygir_workflow_next_state (edge_moves[e].action, from) == to)
      return e;
  return PEYGIR_CHART_N_EDGES;
}

static void
trace_events (PeygirWorkflowChart *self,
              GPtrArray           *events)
{
  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      const PeygirEvent *event = g_ptr_array_index (events, i);
      const char *actor = event->actor_name;
      PeygirState from, to;

      if (event->to_state == NULL || !peygir_state_from_string (event->to_state, &to))
        continue;
      if (event->from_state == NULL)
        {
          trace_enter (&self->traces[_peygir_workflow_chart_node_of_state (to)], event->at, actor);
          self->travelled |= 1u << PEYGIR_CHART_EDGE_START;
          continue;
        }
      if (!peygir_state_from_string (event->from_state, &from))
        continue;
      if (from == to)
        {
          if (g_strcmp0 (event->action, peygir_action_to_string (PEYGIR_ACTION_FOLLOW_UP)) == 0)
            {
              Trace *trace = &self->traces[PEYGIR_CHART_NODE_FOLLOW_UP];
              g_autofree char *when = peygir_time_format (event->at);

              trace->visits++;
              trace->entered_at = event->at;
              if (trace->tooltip == NULL)
                trace->tooltip = g_string_new (NULL);
              else
                g_string_append_c (trace->tooltip, '\n');
              g_string_append_printf (trace->tooltip, _("Followed up by %s on %s."),
                                      actor != NULL ? actor : "—", when);
              self->travelled |= (1u << PEYGIR_CHART_EDGE_LATE) | (1u << PEYGIR_CHART_EDGE_BACK);
            }
          continue;
        }
      {
        PeygirChartEdge edge = edge_of_move (from, to);

        if (edge != PEYGIR_CHART_N_EDGES)
          self->travelled |= 1u << edge;
      }
      trace_leave (&self->traces[_peygir_workflow_chart_node_of_state (from)], event->at, actor);
      trace_enter (&self->traces[_peygir_workflow_chart_node_of_state (to)], event->at, actor);
    }
  if (self->state == PEYGIR_STATE_CLOSED)
    self->travelled |= 1u << PEYGIR_CHART_EDGE_END;
  else
    {
      Trace *current = &self->traces[_peygir_workflow_chart_node_of_state (self->state)];

      if (current->visits > 0)
        current->seconds += MAX (0, peygir_clock_now () - current->entered_at);
    }
}

static char *
case_description (PeygirWorkflowChart *self)
{
  const PeygirStateInfo *info = peygir_workflow_state_info (self->state);
  const Trace *trace = &self->traces[_peygir_workflow_chart_node_of_state (self->state)];
  g_autoptr(GString) text = g_string_new (NULL);

  if (info->card_step > 0)
    {
      g_autofree char *number = peygir_text_format_number (info->card_step);

      g_string_append_printf (text, _("The case is at step %s of 7 of the service card: %s."),
                              number, peygir_state_label (self->state));
    }
  else
    g_string_append_printf (text, _("The case is at the side path “%s”."), peygir_state_label (self->state));
  if (trace->visits > 0)
    {
      g_autofree char *since = peygir_day_format (peygir_day_from_unix (trace->entered_at), PEYGIR_DATE_LONG);

      g_string_append_c (text, ' ');
      g_string_append_printf (text, _("Since %s."), since);
    }
  if (self->follow_ups > 0)
    {
      g_autofree char *count = peygir_text_format_number (self->follow_ups);

      g_string_append_c (text, ' ');
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                                 "The agency was followed up %s time.",
                                                 "The agency was followed up %s times.",
                                                 self->follow_ups), count);
    }
  if (self->overdue)
    {
      g_string_append_c (text, ' ');
      g_string_append (text, _("The agency’s answer is late."));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
office_description (PeygirWorkflowChart *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (PeygirState s = 0; s < PEYGIR_N_STATES; s++)
    {
      g_autofree char *count = peygir_text_format_number (self->figures[s].open);

      if (text->len > 0)
        g_string_append (text, _(", "));
      g_string_append_printf (text, _("%s: %s"), peygir_state_label (s), count);
    }
  g_string_append (text, _("."));
  if (self->bottleneck >= 0)
    {
      gboolean overdue_only;
      PeygirState s = state_of_node (self->bottleneck, &overdue_only);

      g_string_append_c (text, ' ');
      g_string_append_printf (text, _("Cases pile up at “%s”."), peygir_state_label (s));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
reset (PeygirWorkflowChart *self)
{
  for (guint n = 0; n < PEYGIR_CHART_N_NODES; n++)
    trace_clear (&self->traces[n]);
  self->travelled = 0;
  self->follow_ups = 0;
  self->overdue = FALSE;
  self->bottleneck = -1;
  memset (self->figures, 0, sizeof self->figures);
}

static void
set_description (PeygirWorkflowChart *self,
                 char                *description)
{
  g_free (self->description);
  self->description = description;
  update_description (self);
}

/* GObject. */

static void
peygir_workflow_chart_finalize (GObject *object)
{
  PeygirWorkflowChart *self = PEYGIR_WORKFLOW_CHART (object);

  reset (self);
  for (guint n = 0; n < PEYGIR_CHART_N_NODES; n++)
    box_clear (&self->boxes[n]);
  g_clear_pointer (&self->description, g_free);

  G_OBJECT_CLASS (peygir_workflow_chart_parent_class)->finalize (object);
}

static void
add_move_binding (GtkWidgetClass *widget_class,
                  guint           keyval,
                  guint           keypad,
                  const char     *where)
{
  gtk_widget_class_add_binding_action (widget_class, keyval, 0, "chart.move", "s", where);
  gtk_widget_class_add_binding_action (widget_class, keypad, 0, "chart.move", "s", where);
}

static void
peygir_workflow_chart_class_init (PeygirWorkflowChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = peygir_workflow_chart_finalize;

  widget_class->snapshot = peygir_workflow_chart_snapshot;
  widget_class->get_request_mode = peygir_workflow_chart_get_request_mode;
  widget_class->measure = peygir_workflow_chart_measure;
  widget_class->size_allocate = peygir_workflow_chart_size_allocate;
  widget_class->css_changed = peygir_workflow_chart_css_changed;
  widget_class->direction_changed = peygir_workflow_chart_direction_changed;
  widget_class->query_tooltip = peygir_workflow_chart_query_tooltip;

  /**
   * PeygirWorkflowChart::step-activated:
   * @state: the step's workflow state
   * @overdue_only: the follow-up step: only the cases whose answer is late
   */
  signals[STEP_ACTIVATED] =
    g_signal_new ("step-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, PEYGIR_TYPE_STATE, G_TYPE_BOOLEAN);

  gtk_widget_class_install_action (widget_class, "chart.move", "s", chart_move);
  gtk_widget_class_install_action (widget_class, "chart.activate", NULL, chart_activate_focused);
  gtk_widget_class_install_action (widget_class, "chart.activate-step", "s", chart_activate_step);

  add_move_binding (widget_class, GDK_KEY_Left, GDK_KEY_KP_Left, "left");
  add_move_binding (widget_class, GDK_KEY_Right, GDK_KEY_KP_Right, "right");
  add_move_binding (widget_class, GDK_KEY_Up, GDK_KEY_KP_Up, "up");
  add_move_binding (widget_class, GDK_KEY_Down, GDK_KEY_KP_Down, "down");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "chart.activate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "chart.activate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_ISO_Enter, 0, "chart.activate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "chart.activate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Space, 0, "chart.activate", NULL);

  gtk_widget_class_set_css_name (widget_class, "workflowchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
peygir_workflow_chart_init (PeygirWorkflowChart *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  self->focus = PEYGIR_CHART_NODE_RECEIVED;
  self->bottleneck = -1;
  self->laid_out_width = -1;
  self->description = g_strdup (_("The service card’s flowchart."));

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (click, "released", G_CALLBACK (click_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  update_description (self);
}

GtkWidget *
peygir_workflow_chart_new (void)
{
  return g_object_new (PEYGIR_TYPE_WORKFLOW_CHART, NULL);
}

void
peygir_workflow_chart_set_case (PeygirWorkflowChart *self,
                                const PeygirCase    *kase,
                                GPtrArray           *events)
{
  g_return_if_fail (PEYGIR_IS_WORKFLOW_CHART (self));
  g_return_if_fail (kase != NULL);

  reset (self);
  self->mode = MODE_CASE;
  self->state = kase->state;
  self->overdue = kase->overdue;
  trace_events (self, events);
  self->follow_ups = self->traces[PEYGIR_CHART_NODE_FOLLOW_UP].visits;
  self->focus = _peygir_workflow_chart_node_of_state (self->state);
  set_description (self, case_description (self));
  invalidate (self);
}

void
peygir_workflow_chart_set_figures (PeygirWorkflowChart     *self,
                                   const PeygirStepFigures  figures[PEYGIR_N_STATES])
{
  gint64 most = 0;
  gint64 longest = 0;

  g_return_if_fail (PEYGIR_IS_WORKFLOW_CHART (self));

  reset (self);
  self->mode = MODE_OFFICE;
  memcpy (self->figures, figures, sizeof self->figures);
  /* Where cases pile up: the open step holding most cases, the longer
   * average breaking a tie. Closed cases are done, not piling up. */
  for (PeygirState s = 0; s < PEYGIR_N_STATES; s++)
    {
      if (s == PEYGIR_STATE_CLOSED || figures[s].open == 0)
        continue;
      if (figures[s].open > most
          || (figures[s].open == most && figures[s].average_seconds > longest))
        {
          most = figures[s].open;
          longest = figures[s].average_seconds;
          self->bottleneck = _peygir_workflow_chart_node_of_state (s);
        }
    }
  set_description (self, office_description (self));
  invalidate (self);
}

void
peygir_workflow_chart_clear (PeygirWorkflowChart *self)
{
  g_return_if_fail (PEYGIR_IS_WORKFLOW_CHART (self));

  reset (self);
  self->mode = MODE_NONE;
  set_description (self, g_strdup (_("The service card’s flowchart.")));
  invalidate (self);
}

gboolean
peygir_workflow_chart_get_highlighted (PeygirWorkflowChart *self,
                                       PeygirState         *state,
                                       gboolean            *overdue_only)
{
  gboolean late;
  PeygirState s;

  g_return_val_if_fail (PEYGIR_IS_WORKFLOW_CHART (self), FALSE);

  if (self->mode == MODE_CASE)
    {
      s = self->state;
      late = self->overdue;
    }
  else if (self->mode == MODE_OFFICE && self->bottleneck >= 0)
    s = state_of_node (self->bottleneck, &late);
  else
    return FALSE;
  if (state != NULL)
    *state = s;
  if (overdue_only != NULL)
    *overdue_only = late;
  return TRUE;
}

guint
peygir_workflow_chart_get_follow_ups (PeygirWorkflowChart *self)
{
  g_return_val_if_fail (PEYGIR_IS_WORKFLOW_CHART (self), 0);

  return self->follow_ups;
}

void
peygir_workflow_chart_get_focused_step (PeygirWorkflowChart *self,
                                        PeygirState         *state,
                                        gboolean            *overdue_only)
{
  gboolean late;
  PeygirState s;

  g_return_if_fail (PEYGIR_IS_WORKFLOW_CHART (self));

  s = state_of_node (self->focus, &late);
  if (state != NULL)
    *state = s;
  if (overdue_only != NULL)
    *overdue_only = late;
}

char *
peygir_workflow_chart_dup_step_tooltip (PeygirWorkflowChart *self,
                                        PeygirState          state,
                                        gboolean             overdue_only)
{
  g_return_val_if_fail (PEYGIR_IS_WORKFLOW_CHART (self), NULL);
  g_return_val_if_fail (state < PEYGIR_N_STATES, NULL);

  return node_tooltip (self, overdue_only ? PEYGIR_CHART_NODE_FOLLOW_UP : _peygir_workflow_chart_node_of_state (state));
}

const char *
peygir_workflow_chart_get_description (PeygirWorkflowChart *self)
{
  g_return_val_if_fail (PEYGIR_IS_WORKFLOW_CHART (self), NULL);

  return self->description;
}

GStrv
peygir_workflow_chart_dup_step_lines (PeygirWorkflowChart *self,
                                      PeygirState          state,
                                      gboolean             overdue_only)
{
  const Box *box;
  g_autoptr(GStrvBuilder) lines = g_strv_builder_new ();

  g_return_val_if_fail (PEYGIR_IS_WORKFLOW_CHART (self), NULL);
  g_return_val_if_fail (state < PEYGIR_N_STATES, NULL);

  box = &self->boxes[overdue_only ? PEYGIR_CHART_NODE_FOLLOW_UP : _peygir_workflow_chart_node_of_state (state)];
  for (guint i = 0; box->lines != NULL && i < box->lines->len; i++)
    g_strv_builder_add (lines, pango_layout_get_text (g_ptr_array_index (box->lines, i)));
  return g_strv_builder_end (lines);
}
