/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "peygir-report.h"
#include "peygir-session.h"

G_BEGIN_DECLS

/* The office's figures for a month, a season or a year of the Persian
 * calendar, or any two days: what came in, what was closed and how long it
 * took, the agencies' scorecard and the experts' work, with pictures; to
 * print, or to save as PDF, XLSX or CSV, and the year's service card.
 * Managers and administrators see the office's; anyone else their own
 * work only. */

/* What the page saves. */
typedef enum
{
  PEYGIR_REPORT_OUTPUT_PDF,
  PEYGIR_REPORT_OUTPUT_XLSX,
  PEYGIR_REPORT_OUTPUT_CSV,
  PEYGIR_REPORT_OUTPUT_SERVICE_CARD,  /* only for a year */
} PeygirReportOutput;

#define PEYGIR_TYPE_REPORTS_PAGE (peygir_reports_page_get_type ())
G_DECLARE_FINAL_TYPE (PeygirReportsPage, peygir_reports_page, PEYGIR, REPORTS_PAGE, GtkWidget)

GtkWidget          *peygir_reports_page_new          (void);
void                peygir_reports_page_set_session  (PeygirReportsPage *self,
                                                      PeygirSession     *session);
PeygirSession      *peygir_reports_page_get_session  (PeygirReportsPage *self);
/* Reads the figures of the period chosen again. */
void                peygir_reports_page_refresh      (PeygirReportsPage *self);
/* Chooses @n_months Persian months from @first_month of @year: a month
 * (1), a season (3, from 1, 4, 7 or 10) or the year (12 from 1). */
void                peygir_reports_page_show_months  (PeygirReportsPage *self,
                                                      int                year,
                                                      int                first_month,
                                                      int                n_months);
/* Chooses any two days, both included. */
void                peygir_reports_page_show_days    (PeygirReportsPage *self,
                                                      PeygirDay          from,
                                                      PeygirDay          to);
/* Whether the figures are being read. */
gboolean            peygir_reports_page_get_loading  (PeygirReportsPage *self);
/* The figures shown; NULL before the first have come or after a failure. */
const PeygirReport *peygir_reports_page_get_report   (PeygirReportsPage *self);
/* Whether the page shows the whole office's figures (a manager's or an
 * administrator's) rather than the user's own. */
gboolean            peygir_reports_page_get_office_wide (PeygirReportsPage *self);
/* Writes the figures shown as @output to @file, in a worker thread (what
 * saving from the page's menu does once a file is chosen); says in a toast
 * when it is written or why not. */
void                peygir_reports_page_save_to      (PeygirReportsPage  *self,
                                                      PeygirReportOutput  output,
                                                      GFile              *file);
/* Whether a save is being written. */
gboolean            peygir_reports_page_get_saving   (PeygirReportsPage *self);

G_END_DECLS
