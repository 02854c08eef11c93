/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "peygir-session.h"

G_BEGIN_DECLS

/* The administrator's page of the preferences: the letterhead lines, the
 * logo, the managers' signatures and the body templates of the four letter
 * kinds. Actions (the kind is "referral", "reminder", "receipt" or
 * "answer"; an image key is "logo" or "signature:LOGIN"):
 *   letter-settings.save-text (s)         save the entry row of a setting key
 *   letter-settings.save-template (s)     save the kind's template
 *   letter-settings.restore-template (s)  back to the built-in template
 *   letter-settings.preview-template (s)  a letter of the kind, for the
 *                                         most recent case that has one
 *   letter-settings.choose-image (s)      a PNG file for the image key
 *   letter-settings.remove-image (s)
 * Widgets are named for tests: the entry rows after their setting keys
 * (PEYGIR_SETTING_GOVERNORATE, …), "template-KIND" (the GtkTextView),
 * "template-KIND-warning" (the unknown fields' label), "template-KIND-unsaved"
 * (shown while the text differs from the store's), "template-KIND-fields"
 * (the expander of the fields) and "template-KIND-field-NAME" (a field's
 * row: activating it puts {NAME} at the cursor). The store is read and
 * written in the session's worker threads. */

#define PEYGIR_TYPE_LETTER_SETTINGS_PAGE (peygir_letter_settings_page_get_type ())
G_DECLARE_FINAL_TYPE (PeygirLetterSettingsPage, peygir_letter_settings_page, PEYGIR, LETTER_SETTINGS_PAGE, AdwPreferencesPage)

/* Reads the settings from @session's store at once. */
GtkWidget  *peygir_letter_settings_page_new            (PeygirSession            *session);
/* The same page with only the letterhead's lines and its logo: the
 * office's first start (PeygirSetupWindow). */
GtkWidget  *peygir_letter_settings_page_new_letterhead (PeygirSession            *session);
/* Saves every letterhead line typed and not yet applied. */
void        peygir_letter_settings_page_apply_unsaved  (PeygirLetterSettingsPage *self);
/* Reading or saving. */
gboolean    peygir_letter_settings_page_get_busy       (PeygirLetterSettingsPage *self);
/* The last error shown, one sentence; NULL after a success. */
const char *peygir_letter_settings_page_get_problem    (PeygirLetterSettingsPage *self);
/* Whether the store has the image @key, as last read or saved. */
gboolean    peygir_letter_settings_page_has_image      (PeygirLetterSettingsPage *self,
                                                        const char               *key);
/* Whether a letterhead line or a template differs from what the store
 * has. Closing the window then asks first. */
gboolean    peygir_letter_settings_page_has_unsaved    (PeygirLetterSettingsPage *self);
/* What the file chooser does with its file: reads @file, checks that the
 * letters can draw it, and saves it as the image @key. */
void        peygir_letter_settings_page_set_image_file (PeygirLetterSettingsPage *self,
                                                        const char               *key,
                                                        GFile                    *file);

G_END_DECLS
