/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "peygir-letterhead.h"
#include "peygir-report.h"

G_BEGIN_DECLS

/* The report as a PDF on the office's paper: A4, the letterhead on every
 * page as the letters have it (@letterhead may be NULL for plain paper),
 * the title and the period in Persian, the summary, the breakdowns, the
 * three pictures (peygir-report-chart.h), the agencies' scorecard and the
 * experts' workload as tables, "صفحهٔ ۱ از ۳" at the foot. A page never
 * ends inside a table's row or a picture. Labels are translated; figures
 * are in Persian digits. Safe to call from GTask threads, as
 * peygir_letter_render_to_bytes (): each thread draws with its own fonts.
 * Fails only on a broken logo (PEYGIR_INPUT_ERROR_INVALID) or, for files,
 * on a write error (G_FILE_ERROR, one sentence naming @path). */
GBytes   *peygir_report_render_to_bytes (const PeygirReport      *report,
                                         const PeygirLetterhead  *letterhead,
                                         GError                 **error);
/* Written to a temporary file beside @path and renamed over it on
 * success, so that a failed write leaves no half file. */
gboolean  peygir_report_render_to_file  (const PeygirReport      *report,
                                         const PeygirLetterhead  *letterhead,
                                         const char              *path,
                                         GError                 **error);

G_END_DECLS
