/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "peygir-letterhead.h"
#include "peygir-report.h"

G_BEGIN_DECLS

/* The service identity card (شناسنامهٔ خدمت) the office fills in for the
 * national Management and Planning Organization, in the card's own layout:
 * A4, one or two pages of bordered cells right to left. The card's own
 * answers (the service, its stages, its process steps, named as the
 * workflow names them) stand beside the figures measured over the period
 * of @report, a Persian year (peygir_persian_months_period ()): the cases
 * received as the number of recipients per year, the mean working days to
 * close against the service target, the visits in person per case against
 * the card's 2, and a tick for every applicant type and life event that
 * had cases. A figure with nothing behind it (no case received, none
 * closed) is "—". The provider is @letterhead's governorate, office and
 * ministry (NULL: left blank). Labels are translated, digits Persian; the
 * foot tells the period and the day it was printed (peygir_day_today ()).
 * Need no display. */

/* The card as a PDF document. Fails only when cairo cannot draw it. Safe
 * to call from GTask threads: it uses this thread's letter renderer. */
GBytes   *peygir_service_card_render_to_bytes (const PeygirReport     *report,
                                               const PeygirLetterhead *letterhead,
                                               GError                **error);
/* The same written to @path: to a temporary file beside it first, renamed
 * over @path on success; a write fails with G_FILE_ERROR in one sentence
 * naming @path. */
gboolean  peygir_service_card_render_to_file  (const PeygirReport     *report,
                                               const PeygirLetterhead *letterhead,
                                               const char             *path,
                                               GError                **error);

G_END_DECLS
