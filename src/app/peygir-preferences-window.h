/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "peygir-session.h"

G_BEGIN_DECLS

#define PEYGIR_TYPE_PREFERENCES_WINDOW (peygir_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (PeygirPreferencesWindow, peygir_preferences_window, PEYGIR, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWidget  *peygir_preferences_window_new              (const char              *database_path);
/* Shows @path and looks, in a worker thread, at what file system it is on. */
void        peygir_preferences_window_set_path         (PeygirPreferencesWindow *self,
                                                        const char              *path);
/* What the window says about the path's file system; NULL while it looks. */
const char *peygir_preferences_window_get_network_text (PeygirPreferencesWindow *self);
gboolean    peygir_preferences_window_get_busy         (PeygirPreferencesWindow *self);
/* Adds the administrator's pages "Letters", "Deadlines", "Users" and "Agencies" when
 * @session's user is an administrator; done by itself when the window is
 * made transient for a signed-in PeygirWindow. */
void        peygir_preferences_window_set_session      (PeygirPreferencesWindow *self,
                                                        PeygirSession           *session);

G_END_DECLS
