/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "peygir-session.h"

G_BEGIN_DECLS

/* The administrator's page of the preferences for the office's deadlines:
 * the service target (working days from registration) and the working
 * days an agency has to answer, which new agencies start with. A number
 * is saved a moment after it stops changing, or at once through
 *   deadline-settings.save (s)   the setting key (PEYGIR_SETTING_SERVICE_DAYS
 *                                or PEYGIR_SETTING_RESPONSE_DAYS)
 * The spin buttons are named after their setting keys. The store is read
 * and written in the session's worker threads. */

#define PEYGIR_TYPE_DEADLINE_SETTINGS_PAGE (peygir_deadline_settings_page_get_type ())
G_DECLARE_FINAL_TYPE (PeygirDeadlineSettingsPage, peygir_deadline_settings_page, PEYGIR, DEADLINE_SETTINGS_PAGE, AdwPreferencesPage)

GtkWidget  *peygir_deadline_settings_page_new         (PeygirSession              *session);
gboolean    peygir_deadline_settings_page_get_busy    (PeygirDeadlineSettingsPage *self);
/* The last error shown, one sentence; NULL after a success. */
const char *peygir_deadline_settings_page_get_problem (PeygirDeadlineSettingsPage *self);

G_END_DECLS
