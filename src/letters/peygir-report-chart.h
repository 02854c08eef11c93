/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>

#include "peygir-report.h"

G_BEGIN_DECLS

/* The report's pictures, drawn with cairo and pango right to left, the
 * first month or day at the right and the value axis on the right, labels
 * in Persian with Persian digits. The same drawing serves the app's
 * reports page and the report's PDF. Need no display; a chart belongs to
 * the thread that draws it (the fonts are the thread's, as the letters'). */

typedef enum
{
  PEYGIR_REPORT_CHART_MONTHS,         /* cases received per month: bars */
  PEYGIR_REPORT_CHART_DAYS_TO_CLOSE,  /* histogram of close_days, the service target (service_days) marked */
  PEYGIR_REPORT_CHART_AGENCIES,       /* the scorecard: per agency, referred / answered / answered on time as bars; unranked agencies shown apart, marked "too few to rank" */
} PeygirReportChart;

typedef struct
{
  double      ink[4];        /* RGBA of text, axes and labels */
  double      bar[4];        /* RGBA of the main bars */
  double      accent[4];     /* RGBA of the target line / second series */
  const char *font_family;   /* NULL: the letters' family */
  double      font_size;     /* pango points at 72 dpi, i.e. user units; 0: 10 */
} PeygirReportChartStyle;

/* The style for paper: black ink, a dark blue and a dark red. */
const PeygirReportChartStyle *peygir_report_chart_style_print (void);
/* The chart's title, translated ("Cases received per month", …). */
const char *peygir_report_chart_get_title  (PeygirReportChart chart);
/* The height the chart needs at @width (the scorecard grows with its agencies). */
double      peygir_report_chart_get_height (const PeygirReport *report, PeygirReportChart chart,
                                            const PeygirReportChartStyle *style, double width);
/* Draws the chart (without its title) into 0,0 … @width,@height of @cr.
 * With nothing to show (no case, no agency) it says so in a line of text
 * instead of drawing an empty frame. @cr's state is kept. */
void        peygir_report_chart_draw       (const PeygirReport *report, PeygirReportChart chart,
                                            const PeygirReportChartStyle *style, cairo_t *cr,
                                            double width, double height);
/* One sentence a screen reader says for it ("Most cases came in 1405 اردیبهشت: 12"), translated. */
char       *peygir_report_chart_describe   (const PeygirReport *report, PeygirReportChart chart);

G_END_DECLS
