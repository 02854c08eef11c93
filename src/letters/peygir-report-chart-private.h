/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "peygir-report-chart.h"

G_BEGIN_DECLS

/* The scorecard of @part's agencies (one or more), its bars to the scale
 * of @most_referred referrals: a scorecard longer than a page is printed
 * as several parts, all to the scale of the whole. */
void _peygir_report_chart_draw_scorecard_part (const PeygirReport           *part,
                                               gint64                        most_referred,
                                               const PeygirReportChartStyle *style,
                                               cairo_t                      *cr,
                                               double                        width,
                                               double                        height);

G_END_DECLS
