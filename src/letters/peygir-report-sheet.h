/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "peygir-report.h"

G_BEGIN_DECLS

/* The report's tables as a spreadsheet and as CSV, for the office's own
 * spreadsheets: a summary, the breakdowns, the agencies' scorecard and the
 * experts' workload, headed in the translated (Persian) labels. A figure
 * with nothing to average (no case closed, no answer) is an empty cell.
 * Both write to a temporary file beside @path and rename it over @path on
 * success, so that a failed write leaves no half file; they fail with
 * G_FILE_ERROR, in one sentence naming @path. Need no display: callable
 * from a worker thread. */

/* Right-to-left sheets, numbers stored as numbers, the period's days in
 * Persian. */
gboolean peygir_report_write_xlsx (const PeygirReport  *report,
                                   const char          *path,
                                   GError             **error);

/* UTF-8 with a byte order mark (Excel reads UTF-8 only with one), RFC 4180
 * quoting and CRLF, the tables one after another with an empty line
 * between, each under its heading row; numbers in Latin digits with a dot,
 * so that spreadsheets read them as numbers. */
gboolean peygir_report_write_csv  (const PeygirReport  *report,
                                   const char          *path,
                                   GError             **error);

G_END_DECLS
