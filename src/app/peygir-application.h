/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PEYGIR_TYPE_APPLICATION (peygir_application_get_type ())
G_DECLARE_FINAL_TYPE (PeygirApplication, peygir_application, PEYGIR, APPLICATION, AdwApplication)

PeygirApplication *peygir_application_new                (void);
/* Persian whatever the locale, unless the settings ask for the system's
 * language; the catalogue of the build tree when running from it. Call
 * before GTK starts. */
void               peygir_application_setup_i18n         (void);
/* When GSK_RENDERER=cairo asks GTK to draw without GL, tells GDK not to
 * open GL either. Call before GTK starts. */
void               peygir_application_setup_renderer     (void);
/* Whether the interface is the system's language rather than Persian. */
gboolean           peygir_application_uses_system_language (void);
/* The settings, or NULL when the schema is not installed. */
GSettings         *peygir_application_new_settings       (void);
/* --db, PEYGIR_DB, the database-path setting, else the default path. */
char              *peygir_application_get_database_path  (PeygirApplication *self);

G_END_DECLS
