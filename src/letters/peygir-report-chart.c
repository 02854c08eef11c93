/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-letters"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>

#include "peygir-date.h"
#include "peygir-letter-renderer-private.h"
#include "peygir-report-chart-private.h"
#include "peygir-text.h"

/* The histogram has a bar for each working day up to this many (or five
 * past the target, if that is further); longer cases share a last bar. */
#define DAYS_BINS_MIN 30

/* One chart being drawn: its style, fonts and cairo context. */
typedef struct
{
  const PeygirReportChartStyle *style;
  PeygirLetterRenderer         *renderer;
  cairo_t                      *cr;
  double                        size;
} Chart;

/* A rectangle of the chart where the bars stand. */
typedef struct
{
  double x0, y0, x1, y1;
} Plot;

static const PeygirReportChartStyle print_style = {
  { 0.0, 0.0, 0.0, 1.0 },
  { 0.10, 0.23, 0.50, 1.0 },
  { 0.68, 0.10, 0.10, 1.0 },
  NULL,
  10.0,
};

static void
chart_init (Chart                        *c,
            const PeygirReportChartStyle *style,
            cairo_t                      *cr)
{
  c->style = style != NULL ? style : &print_style;
  c->renderer = _peygir_letter_renderer_get_default ();
  c->cr = cr;
  c->size = c->style->font_size > 0.0 ? c->style->font_size : 10.0;
  if (cr != NULL)
    _peygir_letter_renderer_update_context (c->renderer, cr);
}

static void
set_colour (Chart        *c,
            const double  rgba[4],
            double        alpha)
{
  cairo_set_source_rgba (c->cr, rgba[0], rgba[1], rgba[2], rgba[3] * alpha);
}

/* @text is ours or prepared already; @scale of the style's size. */
static PangoLayout *
chart_layout (Chart      *c,
              const char *text,
              double      scale,
              gboolean    bold)
{
  return _peygir_letter_renderer_make_layout (c->renderer, c->style->font_family, text,
                                              c->size * scale, bold, -1.0, PANGO_ALIGN_RIGHT);
}

static void
layout_extent (PangoLayout *layout,
               double      *width,
               double      *height)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  if (width != NULL)
    *width = (double) logical.width / PANGO_SCALE;
  if (height != NULL)
    *height = (double) logical.height / PANGO_SCALE;
}

/* Shows @layout with the point (@ax, @ay) of its box — 0 left or top, 1
 * right or bottom — at @x, @y. */
static void
show_layout (Chart       *c,
             PangoLayout *layout,
             double       x,
             double       y,
             double       ax,
             double       ay)
{
  double w, h;

  layout_extent (layout, &w, &h);
  cairo_move_to (c->cr, x - ax * w, y - ay * h);
  pango_cairo_show_layout (c->cr, layout);
}

static void
show_text (Chart       *c,
           const char  *text,
           double       scale,
           double       x,
           double       y,
           double       ax,
           double       ay)
{
  g_autoptr(PangoLayout) layout = chart_layout (c, text, scale, FALSE);

  show_layout (c, layout, x, y, ax, ay);
}

static double
text_width (Chart      *c,
            const char *text,
            double      scale)
{
  g_autoptr(PangoLayout) layout = chart_layout (c, text, scale, FALSE);
  double width;

  layout_extent (layout, &width, NULL);
  return width;
}

static double
line_height (Chart  *c,
             double  scale)
{
  g_autoptr(PangoLayout) layout = chart_layout (c, "۱۲ آذر", scale, FALSE);
  double height;

  layout_extent (layout, NULL, &height);
  return height;
}

/* A step of 1, 2 or 5 times a power of ten that divides 0 … @max into
 * at most @n_ticks parts; never below 1, for counts. */
static double
nice_step (double max,
           int    n_ticks)
{
  double raw = MAX (max, 1.0) / n_ticks;
  double magnitude = pow (10.0, floor (log10 (raw)));
  const double multiples[] = { 1.0, 2.0, 5.0, 10.0 };

  for (guint i = 0; i < G_N_ELEMENTS (multiples); i++)
    if (multiples[i] * magnitude >= raw)
      return MAX (1.0, multiples[i] * magnitude);
  return MAX (1.0, 10.0 * magnitude);
}

/* The value axis at the plot's right edge, its grid lines across; returns
 * the value at the top of the plot. */
static double
draw_value_axis (Chart      *c,
                 const Plot *plot,
                 double      max)
{
  double step = nice_step (max, 4);
  double top = MAX (step, ceil (max / step) * step);

  cairo_set_line_width (c->cr, 0.6);
  for (double v = 0.0; v <= top + 0.5; v += step)
    {
      double y = plot->y1 - v / top * (plot->y1 - plot->y0);
      g_autofree char *label = peygir_text_format_number ((gint64) v);

      set_colour (c, c->style->ink, v == 0.0 ? 1.0 : 0.18);
      cairo_move_to (c->cr, plot->x0, y);
      cairo_line_to (c->cr, plot->x1, y);
      cairo_stroke (c->cr);
      set_colour (c, c->style->ink, 1.0);
      show_text (c, label, 0.85, plot->x1 + 4.0, y, 0.0, 0.5);
    }
  set_colour (c, c->style->ink, 1.0);
  cairo_move_to (c->cr, plot->x1, plot->y0);
  cairo_line_to (c->cr, plot->x1, plot->y1);
  cairo_stroke (c->cr);
  return top;
}

/* A plot that leaves room at the right for the value axis's labels up
 * to @max, @above for labels over the bars, @below for the categories. */
static Plot
plot_new (Chart  *c,
          double  width,
          double  height,
          double  max,
          double  above,
          double  below)
{
  double step = nice_step (max, 4);
  g_autofree char *widest = peygir_text_format_number ((gint64) MAX (step, ceil (max / step) * step));
  Plot plot;

  plot.x0 = 2.0;
  plot.x1 = width - text_width (c, widest, 0.85) - 10.0;
  plot.y0 = above;
  plot.y1 = height - below;
  return plot;
}

/* A bar of @value, centred at @cx, its value above it unless 0. */
static void
draw_bar (Chart       *c,
          const Plot  *plot,
          double       top,
          double       cx,
          double       bar_width,
          gint64       value)
{
  double h = (double) value / top * (plot->y1 - plot->y0);
  g_autofree char *label = NULL;

  if (value == 0)
    return;
  set_colour (c, c->style->bar, 1.0);
  cairo_rectangle (c->cr, cx - bar_width / 2.0, plot->y1 - h, bar_width, h);
  cairo_fill (c->cr);
  label = peygir_text_format_number (value);
  set_colour (c, c->style->ink, 1.0);
  show_text (c, label, 0.85, cx, plot->y1 - h - 1.0, 0.5, 1.0);
}

static void
draw_nothing (Chart      *c,
              const char *text,
              double      width,
              double      height)
{
  set_colour (c, c->style->ink, 1.0);
  show_text (c, text, 1.0, width / 2.0, height / 2.0, 0.5, 0.5);
}

/* Months */

static gboolean
parse_month (const char *key,
             int        *year,
             int        *month)
{
  return sscanf (key, "%d-%d", year, month) == 2 && *month >= 1 && *month <= 12;
}

static gint64
counts_max (GPtrArray *counts,
            guint     *at)
{
  gint64 max = 0;

  for (guint i = 0; i < counts->len; i++)
    {
      const PeygirReportCount *count = g_ptr_array_index (counts, i);

      if (count->count > max)
        {
          max = count->count;
          if (at != NULL)
            *at = i;
        }
    }
  return max;
}

/* "اردیبهشت ۱۴۰۵" for "1405-02". */
static char *
month_label (const char *key,
             gboolean    with_year)
{
  int year, month;
  g_autofree char *year_text = NULL;

  if (!parse_month (key, &year, &month))
    return g_strdup (key);
  if (!with_year)
    return g_strdup (peygir_persian_month_name (month));
  year_text = peygir_text_format_number (year);
  return g_strdup_printf ("%s %s", peygir_persian_month_name (month), year_text);
}

static void
draw_months (Chart              *c,
             const PeygirReport *report,
             double              width,
             double              height)
{
  GPtrArray *months = report->by_month;
  double line = line_height (c, 0.85);
  gint64 max = counts_max (months, NULL);
  Plot plot = plot_new (c, width, height, max, line + 2.0, 2.0 * line + 6.0);
  double top = draw_value_axis (c, &plot, max);
  double slot = (plot.x0 < plot.x1 ? plot.x1 - plot.x0 : 1.0) / months->len;
  double label_width = text_width (c, "اردیبهشت", 0.85) + 4.0;
  guint every = (guint) ceil (label_width / slot);

  for (guint i = 0; i < months->len; i++)
    {
      const PeygirReportCount *count = g_ptr_array_index (months, i);
      double cx = plot.x1 - (i + 0.5) * slot;
      int year, month;

      draw_bar (c, &plot, top, cx, MIN (slot * 0.62, 4.0 * c->size), count->count);
      if (i % MAX (every, 1) != 0 || !parse_month (count->key, &year, &month))
        continue;
      set_colour (c, c->style->ink, 1.0);
      show_text (c, peygir_persian_month_name (month), 0.85, cx, plot.y1 + 3.0, 0.5, 0.0);
      if (i == 0 || month == 1)
        {
          g_autofree char *year_text = peygir_text_format_number (year);

          show_text (c, year_text, 0.85, cx, plot.y1 + 3.0 + line, 0.5, 0.0);
        }
    }
}

/* Days to close */

/* Labels on every first, second, fifth or tenth bar: as often as they fit. */
static guint
label_every (double slot,
             double label_width)
{
  const guint steps[] = { 1, 2, 5, 10 };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (slot * steps[i] >= label_width)
      return steps[i];
  return 20;
}

/* The bars of the histogram: one a day 0 … n - 1, and if @overflow the
 * last gathers n - 1 days and more. */
static guint
days_bins (const PeygirReport *report,
           gboolean           *overflow)
{
  int cap = MAX (DAYS_BINS_MIN, report->service_days + 5);
  int longest = report->close_days->len > 0
    ? g_array_index (report->close_days, int, report->close_days->len - 1) : 0;

  *overflow = longest >= cap;
  if (*overflow)
    return cap + 1;
  return MAX (longest, report->service_days + 1) + 1;
}

static void
draw_target (Chart      *c,
             const Plot *plot,
             double      x,
             int         days)
{
  g_autofree char *number = peygir_text_format_number (days);
  /* TRANSLATORS: the service target on the days-to-close chart; %s is a number of days */
  g_autofree char *label = g_strdup_printf (_("Target: %s working days"), number);

  set_colour (c, c->style->accent, 1.0);
  cairo_set_line_width (c->cr, 1.6);
  cairo_move_to (c->cr, x, 0.0);
  cairo_line_to (c->cr, x, plot->y1);
  cairo_stroke (c->cr);
  show_text (c, label, 0.85, x - 3.0, 0.0, 1.0, 0.0);
}

static void
draw_days (Chart              *c,
           const PeygirReport *report,
           double              width,
           double              height)
{
  gboolean overflow;
  guint n_bins = days_bins (report, &overflow);
  g_autofree gint64 *bins = g_new0 (gint64, n_bins);
  double line = line_height (c, 0.85);
  gint64 max = 0;
  Plot plot;
  double top, slot;
  guint every;

  for (guint i = 0; i < report->close_days->len; i++)
    {
      int days = MAX (0, g_array_index (report->close_days, int, i));

      bins[MIN ((guint) days, n_bins - 1)]++;
    }
  for (guint b = 0; b < n_bins; b++)
    max = MAX (max, bins[b]);

  plot = plot_new (c, width, height, max, 2.0 * line + 4.0, 2.0 * line + 6.0);
  top = draw_value_axis (c, &plot, max);
  slot = (plot.x0 < plot.x1 ? plot.x1 - plot.x0 : 1.0) / n_bins;
  every = label_every (slot, text_width (c, "۲۸", 0.85) + 5.0);

  for (guint b = 0; b < n_bins; b++)
    {
      double cx = plot.x1 - (b + 0.5) * slot;
      gboolean last = overflow && b == n_bins - 1;

      draw_bar (c, &plot, top, cx, MAX (slot * 0.8, 1.0), bins[b]);
      set_colour (c, c->style->ink, 1.0);
      if (last)
        {
          g_autofree char *number = peygir_text_format_number (b);
          g_autofree char *label = g_strconcat (number, "+", NULL);

          show_text (c, label, 0.85, cx, plot.y1 + 3.0, 0.5, 0.0);
        }
      else if (b % every == 0 && !(overflow && b + every >= n_bins))
        {
          g_autofree char *label = peygir_text_format_number (b);

          show_text (c, label, 0.85, cx, plot.y1 + 3.0, 0.5, 0.0);
        }
    }
  set_colour (c, c->style->ink, 1.0);
  show_text (c, _("Working days from receipt to closing"), 0.85,
             (plot.x0 + plot.x1) / 2.0, plot.y1 + 4.0 + line, 0.5, 0.0);
  /* between the bar of the target's day and the next: those on its right
   * were closed within it */
  draw_target (c, &plot, plot.x1 - (report->service_days + 1) * slot, report->service_days);
}

/* The scorecard */

typedef struct
{
  double legend;    /* the legend's row */
  double bar;       /* one bar */
  double group;     /* an agency: three bars and the space after them */
  double heading;   /* the line that sets the unranked agencies apart */
} Scorecard;

static Scorecard
scorecard_metrics (Chart *c)
{
  Scorecard s;

  s.legend = line_height (c, 0.85) + 8.0;
  s.bar = MAX (c->size * 0.75, line_height (c, 0.8) * 0.9);
  s.group = 3.0 * s.bar + 2.0 + c->size * 0.8;
  s.heading = line_height (c, 0.9) + 10.0;
  return s;
}

static gint64
most_referred (const PeygirReport *report)
{
  gint64 max = 0;

  for (guint i = 0; i < report->agencies->len; i++)
    max = MAX (max, ((PeygirReportAgency *) g_ptr_array_index (report->agencies, i))->referred);
  return max;
}

static guint
n_ranked (const PeygirReport *report)
{
  guint n = 0;

  for (guint i = 0; i < report->agencies->len; i++)
    if (((PeygirReportAgency *) g_ptr_array_index (report->agencies, i))->ranked)
      n++;
  return n;
}

static double
scorecard_height (Chart              *c,
                  const PeygirReport *report)
{
  Scorecard s = scorecard_metrics (c);
  guint ranked = n_ranked (report);
  double h = s.legend + report->agencies->len * s.group + 4.0;

  if (ranked < report->agencies->len)
    h += s.heading;
  return h;
}

static void
draw_legend (Chart  *c,
             double  x,
             double  y,
             double  box)
{
  const char *labels[] = { _("Referrals sent"), _("Answered"), _("Answered on time") };
  const double *colours[] = { c->style->bar, c->style->bar, c->style->accent };
  const double alphas[] = { 1.0, 0.45, 1.0 };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      set_colour (c, colours[i], alphas[i]);
      cairo_rectangle (c->cr, x - box, y + 2.0, box, box);
      cairo_fill (c->cr);
      set_colour (c, c->style->ink, 1.0);
      show_text (c, labels[i], 0.85, x - box - 4.0, y, 1.0, 0.0);
      x -= box + 16.0 + text_width (c, labels[i], 0.85);
    }
}

static void
draw_agency (Chart                    *c,
             const PeygirReportAgency *agency,
             const Scorecard          *s,
             double                    name_width,
             double                    width,
             double                    y,
             double                    scale)
{
  const gint64 values[] = { agency->referred, agency->answered, agency->answered_on_time };
  const double *colours[] = { c->style->bar, c->style->bar, c->style->accent };
  const double alphas[] = { 1.0, 0.45, 1.0 };
  g_autofree char *name = _peygir_letter_prepare_text (agency->name != NULL ? agency->name : "", FALSE);
  g_autoptr(PangoLayout) layout = chart_layout (c, name, 0.9, FALSE);
  double x1 = width - name_width - 8.0;

  pango_layout_set_width (layout, (int) (name_width * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  set_colour (c, c->style->ink, 1.0);
  cairo_move_to (c->cr, width - name_width, y);
  pango_cairo_show_layout (c->cr, layout);

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      double top = y + i * (s->bar + 1.0);
      double length = values[i] * scale;
      g_autofree char *label = peygir_text_format_number (values[i]);

      set_colour (c, colours[i], alphas[i]);
      cairo_rectangle (c->cr, x1 - length, top, length, s->bar);
      cairo_fill (c->cr);
      set_colour (c, c->style->ink, 1.0);
      show_text (c, label, 0.8, x1 - length - 3.0, top + s->bar / 2.0, 1.0, 0.5);
    }
  set_colour (c, c->style->ink, 1.0);
  cairo_set_line_width (c->cr, 0.6);
  cairo_move_to (c->cr, x1, y - 1.0);
  cairo_line_to (c->cr, x1, y + 3.0 * (s->bar + 1.0));
  cairo_stroke (c->cr);
}

/* @max: the most referrals of an agency, which spans the width */
static void
draw_agencies (Chart              *c,
               const PeygirReport *report,
               double              width,
               gint64              max)
{
  Scorecard s = scorecard_metrics (c);
  double name_width = 0.0, scale, y = s.legend;
  g_autofree char *minimum = peygir_text_format_number (report->rank_minimum);
  g_autofree char *heading = NULL;

  for (guint i = 0; i < report->agencies->len; i++)
    {
      const PeygirReportAgency *agency = g_ptr_array_index (report->agencies, i);
      g_autofree char *name = _peygir_letter_prepare_text (agency->name != NULL ? agency->name : "", FALSE);

      name_width = MAX (name_width, text_width (c, name, 0.9));
    }
  name_width = MIN (name_width + 2.0, width * 0.32);
  /* room left of the longest bar for its number */
  scale = (width - name_width - 8.0 - text_width (c, "۸۸۸۸", 0.8) - 6.0) / MAX (max, 1);
  draw_legend (c, width, 0.0, s.bar);

  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < report->agencies->len; i++)
      {
        const PeygirReportAgency *agency = g_ptr_array_index (report->agencies, i);

        if (agency->ranked != (pass == 0))
          continue;
        if (pass == 1 && heading == NULL)
          {
            /* TRANSLATORS: over the agencies with fewer referrals than the ranking minimum (%s) */
            heading = g_strdup_printf (_("Too few to rank (fewer than %s referrals)"), minimum);
            set_colour (c, c->style->ink, 0.4);
            cairo_set_line_width (c->cr, 0.6);
            cairo_move_to (c->cr, 0.0, y + 2.0);
            cairo_line_to (c->cr, width, y + 2.0);
            cairo_stroke (c->cr);
            set_colour (c, c->style->ink, 1.0);
            show_text (c, heading, 0.9, width, y + 5.0, 1.0, 0.0);
            y += s.heading;
          }
        draw_agency (c, agency, &s, name_width, width, y, scale);
        y += s.group;
      }
}

/* Public */

const PeygirReportChartStyle *
peygir_report_chart_style_print (void)
{
  return &print_style;
}

const char *
peygir_report_chart_get_title (PeygirReportChart chart)
{
  switch (chart)
    {
    case PEYGIR_REPORT_CHART_MONTHS:
      return _("Cases received per month");
    case PEYGIR_REPORT_CHART_DAYS_TO_CLOSE:
      return _("Working days to close a case");
    case PEYGIR_REPORT_CHART_AGENCIES:
      return _("The agencies’ answers");
    default:
      g_return_val_if_reached (NULL);
    }
}

static const char *
nothing_text (PeygirReportChart chart)
{
  switch (chart)
    {
    case PEYGIR_REPORT_CHART_MONTHS:
      return _("No case was received in this period.");
    case PEYGIR_REPORT_CHART_DAYS_TO_CLOSE:
      return _("No case was closed in this period.");
    case PEYGIR_REPORT_CHART_AGENCIES:
    default:
      return _("No referral was sent to an agency in this period.");
    }
}

static gboolean
has_data (const PeygirReport *report,
          PeygirReportChart   chart)
{
  switch (chart)
    {
    case PEYGIR_REPORT_CHART_MONTHS:
      return report->by_month != NULL && counts_max (report->by_month, NULL) > 0;
    case PEYGIR_REPORT_CHART_DAYS_TO_CLOSE:
      return report->close_days != NULL && report->close_days->len > 0;
    case PEYGIR_REPORT_CHART_AGENCIES:
    default:
      return report->agencies->len > 0;
    }
}

double
peygir_report_chart_get_height (const PeygirReport           *report,
                                PeygirReportChart             chart,
                                const PeygirReportChartStyle *style,
                                double                        width)
{
  Chart c = { 0, };

  g_return_val_if_fail (report != NULL, 0.0);

  chart_init (&c, style, NULL);
  if (!has_data (report, chart))
    return 3.0 * c.size;
  if (chart == PEYGIR_REPORT_CHART_AGENCIES)
    return scorecard_height (&c, report);
  return CLAMP (width * 0.36, 13.0 * c.size, 22.0 * c.size);
}

void
peygir_report_chart_draw (const PeygirReport           *report,
                          PeygirReportChart             chart,
                          const PeygirReportChartStyle *style,
                          cairo_t                      *cr,
                          double                        width,
                          double                        height)
{
  Chart c = { 0, };

  g_return_if_fail (report != NULL);
  g_return_if_fail (cr != NULL);

  cairo_save (cr);
  chart_init (&c, style, cr);
  cairo_rectangle (cr, 0.0, 0.0, width, height);
  cairo_clip (cr);
  if (!has_data (report, chart))
    draw_nothing (&c, nothing_text (chart), width, height);
  else if (chart == PEYGIR_REPORT_CHART_MONTHS)
    draw_months (&c, report, width, height);
  else if (chart == PEYGIR_REPORT_CHART_DAYS_TO_CLOSE)
    draw_days (&c, report, width, height);
  else
    draw_agencies (&c, report, width, most_referred (report));
  cairo_restore (cr);
}

void
_peygir_report_chart_draw_scorecard_part (const PeygirReport           *part,
                                          gint64                        most_referred,
                                          const PeygirReportChartStyle *style,
                                          cairo_t                      *cr,
                                          double                        width,
                                          double                        height)
{
  Chart c = { 0, };

  g_return_if_fail (part != NULL && part->agencies->len > 0);

  cairo_save (cr);
  chart_init (&c, style, cr);
  cairo_rectangle (cr, 0.0, 0.0, width, height);
  cairo_clip (cr);
  draw_agencies (&c, part, width, most_referred);
  cairo_restore (cr);
}

char *
peygir_report_chart_describe (const PeygirReport *report,
                              PeygirReportChart   chart)
{
  g_return_val_if_fail (report != NULL, NULL);

  if (!has_data (report, chart))
    return g_strdup (nothing_text (chart));

  if (chart == PEYGIR_REPORT_CHART_MONTHS)
    {
      guint at = 0;
      g_autofree char *count = peygir_text_format_number (counts_max (report->by_month, &at));
      g_autofree char *month = month_label (((PeygirReportCount *) g_ptr_array_index (report->by_month, at))->key,
                                            TRUE);

      /* TRANSLATORS: the month ("اردیبهشت ۱۴۰۵") and its number of cases */
      return g_strdup_printf (_("Most cases came in %s: %s."), month, count);
    }
  if (chart == PEYGIR_REPORT_CHART_DAYS_TO_CLOSE)
    {
      GArray *days = report->close_days;
      gint64 within = 0;
      g_autofree char *closed = peygir_text_format_number (days->len);
      g_autofree char *target = peygir_text_format_number (report->service_days);
      g_autofree char *within_text = NULL;
      g_autofree char *longest = peygir_text_format_number (g_array_index (days, int, days->len - 1));

      for (guint i = 0; i < days->len; i++)
        within += g_array_index (days, int, i) <= report->service_days;
      within_text = peygir_text_format_number (within);
      /* TRANSLATORS: cases closed, the target in working days, how many met it, the longest */
      return g_strdup_printf (_("Of %s cases closed, %s were closed within the target of %s working days; "
                                "the longest took %s."), closed, within_text, target, longest);
    }
  {
    gint64 referred = 0, on_time = 0;
    g_autofree char *agencies = peygir_text_format_number (report->agencies->len);
    g_autofree char *referred_text = NULL;
    g_autofree char *on_time_text = NULL;

    for (guint i = 0; i < report->agencies->len; i++)
      {
        const PeygirReportAgency *agency = g_ptr_array_index (report->agencies, i);

        referred += agency->referred;
        on_time += agency->answered_on_time;
      }
    referred_text = peygir_text_format_number (referred);
    on_time_text = peygir_text_format_number (on_time);
    /* TRANSLATORS: referrals, agencies, referrals answered on time */
    return g_strdup_printf (_("%s referrals were sent to %s agencies; %s were answered on time."),
                            referred_text, agencies, on_time_text);
  }
}
