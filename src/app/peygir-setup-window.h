/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "peygir-session.h"

G_BEGIN_DECLS

/* The office's first start: the administrator of a new database is walked
 * through the letterhead and logo, their own name and title on letters,
 * the agencies, their colleagues and the year's holidays, each step the
 * same page the preferences have. Any step may be skipped, the whole may
 * be left and taken up again where it stopped (PEYGIR_SETTING_SETUP_STEP),
 * and it ends at the inbox with the first action to take. Actions:
 *   setup.next, setup.back   one step on or back (saving what the step holds)
 *   setup.later              close, to go on from here the next time
 *   setup.skip               close, the office counted as set up
 *   setup.finish             the last step's "go to the inbox"
 * Widgets are named for tests: each step after its setting value
 * ("welcome", "letterhead", "profile", "agencies", "colleagues",
 * "holidays", "done"), and "profile-name", "profile-title". */

#define PEYGIR_TYPE_SETUP_WINDOW (peygir_setup_window_get_type ())
G_DECLARE_FINAL_TYPE (PeygirSetupWindow, peygir_setup_window, PEYGIR, SETUP_WINDOW, AdwWindow)

/* Opens at @step (a PEYGIR_SETTING_SETUP_STEP value; NULL or unknown: the
 * welcome). */
GtkWidget  *peygir_setup_window_new         (PeygirSession     *session,
                                             const char        *step);
/* The step shown. */
const char *peygir_setup_window_get_step    (PeygirSetupWindow *self);
/* Saving a step or the step reached. */
gboolean    peygir_setup_window_get_busy    (PeygirSetupWindow *self);
/* The last error shown, one sentence; NULL after a success. */
const char *peygir_setup_window_get_problem (PeygirSetupWindow *self);

G_END_DECLS
