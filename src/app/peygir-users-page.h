/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "peygir-session.h"

G_BEGIN_DECLS

#define PEYGIR_TYPE_USERS_PAGE (peygir_users_page_get_type ())

G_DECLARE_FINAL_TYPE (PeygirUsersPage, peygir_users_page, PEYGIR, USERS_PAGE, AdwPreferencesPage)

/* The administrator's page of the office's users: every one listed, the
 * active first, each opened in a PeygirUserDialog to change; a new one
 * added. Reads in a worker thread through @session, and again whenever
 * the session says the database changed. */
GtkWidget  *peygir_users_page_new         (PeygirSession   *session);
/* Whether a read of the list is under way. */
gboolean    peygir_users_page_get_busy    (PeygirUsersPage *self);
/* Why the list could not be read, NULL when it was. */
const char *peygir_users_page_get_problem (PeygirUsersPage *self);
/* The users as last listed, a GPtrArray of PeygirUser (the page's). */
GPtrArray  *peygir_users_page_get_users   (PeygirUsersPage *self);
/* The PeygirUserDialog open over the page, or NULL. */
GtkWidget  *peygir_users_page_get_dialog  (PeygirUsersPage *self);

G_END_DECLS
