/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the UI tests share: Persian and right to left as the application
 * starts, the store tests' database with the office's people, windows signed in as one of
 * them, waiting for the worker threads, and screenshots. */

#include <adwaita.h>

#include "peygir-store.h"
#include "peygir-window.h"
#include "store-test-fixture.h"

G_BEGIN_DECLS

/* The database of a test is StoreFixture's (store-test-fixture.h): use
 * g_test_add (…, StoreFixture, NULL, fixture_set_up, …, fixture_tear_down). */

void          ui_test_init          (int          *argc,
                                     char       ***argv);
/* A window signed in as @login on @store, presented at 1280×800, its first
 * queue read. Polling is off: tests poll when they mean to. */
PeygirWindow *ui_window_new         (PeygirStore  *store,
                                     const char   *login);
/* The same, in @application (registered, for its notifications). */
PeygirWindow *ui_window_new_in      (PeygirApplication *application,
                                     PeygirStore       *store,
                                     const char        *login);
void          ui_window_close       (PeygirWindow *window);
/* The preferences of @window's session, for the database at @path,
 * presented at @width×@height. */
GtkWidget    *ui_preferences_new    (PeygirWindow *window,
                                     const char   *path,
                                     int           width,
                                     int           height);
/* Asserts that an administrator's preferences have the page named
 * @page_name, of @page_type, and that the office's other people's have no
 * such page. */
void          ui_assert_page_for_administrators (StoreFixture *fixture,
                                                 const char   *page_name,
                                                 GType         page_type);
/* Adds "desk", who holds every role, so that every control is there. */
void          ui_add_desk           (StoreFixture *fixture);
/* For ui_wait_for (): whether @page (a PeygirCasePage) shows an action's
 * dialog; whether a letter's preview is shown and loaded (@data unused). */
gboolean      ui_case_page_has_dialog (gpointer    page);
gboolean      ui_preview_loaded     (gpointer      data);
/* Opens the case @case_id in @window and waits until it is shown. */
void          ui_show_case          (PeygirWindow *window,
                                     gint64        case_id);
/* Runs the main loop until the window waits for nothing, at most 60 s. */
void          ui_wait_idle          (PeygirWindow *window);
void          ui_wait_for           (gboolean    (*done) (gpointer data),
                                     gpointer      data);
void          ui_iterate            (guint         milliseconds);
/* Asserts the action exists and was activated. */
void          ui_activate           (GtkWidget    *widget,
                                     const char   *action,
                                     GVariant     *parameter);
gboolean      ui_action_enabled     (GtkWidget    *widget,
                                     const char   *action);
GtkWidget    *ui_find_named         (GtkWidget    *root,
                                     const char   *name);
/* The widget named @name in the newest shown toplevel that holds one, or
 * NULL. */
GtkWidget    *ui_find_toplevel_named (const char  *name);
/* $PEYGIR_BUILD_DIR/screenshots/@name.png of the whole window. */
void          ui_screenshot         (GtkWidget    *window,
                                     const char   *name);
/* A case as intake would make it, straight through the store. */
PeygirCase   *ui_create_case        (PeygirStore  *store,
                                     const char   *login,
                                     gint64        agency_id,
                                     const char   *national_id);

G_END_DECLS
