/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "peygir-agency-dialog.h"
#include "peygir-session.h"

G_BEGIN_DECLS

/* The administrator's page of the preferences for the executive agencies
 * cases are referred to: every agency, the inactive dimmed and marked,
 * narrowed as a search is typed, anywhere on the page (Persian
 * normalisation: ی/ي, ک/ك, ZWNJ and digits do not matter). An agency is
 * added or changed in a PeygirAgencyDialog:
 *   agencies.add              a new agency
 *   agencies.edit (x)         the agency of that id, as listed
 * A change is made against the agency as listed: one another desk changed
 * meanwhile is refused, the dialog says so and keeps what was typed, and
 * the list is read again. Each row is named agency-ID. The store is read
 * and written in the session's worker threads. */

#define PEYGIR_TYPE_AGENCIES_PAGE (peygir_agencies_page_get_type ())
G_DECLARE_FINAL_TYPE (PeygirAgenciesPage, peygir_agencies_page, PEYGIR, AGENCIES_PAGE, AdwPreferencesPage)

GtkWidget          *peygir_agencies_page_new         (PeygirSession      *session);
/* Reads the agencies again (done by itself after a save, and when another
 * desk's change reaches the session). */
void                peygir_agencies_page_reload      (PeygirAgenciesPage *self);
gboolean            peygir_agencies_page_get_busy    (PeygirAgenciesPage *self);
/* The last error shown, one sentence; NULL after a save that succeeded. */
const char         *peygir_agencies_page_get_problem (PeygirAgenciesPage *self);
/* The dialog open for an agency; NULL when none is. */
PeygirAgencyDialog *peygir_agencies_page_get_dialog  (PeygirAgenciesPage *self);

G_END_DECLS
