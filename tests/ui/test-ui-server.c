/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window on a database server: the password the server asks for,
 * typed in the password dialog (and asked again when refused), the
 * server's refusal of a role that is no user of the office, and the
 * preferences taking a server's location. */

#include <string.h>

#include "peygir-application.h"
#include "peygir-password-dialog.h"
#include "peygir-preferences-window.h"
#include "peygir-test-util.h"
#include "test-ui-util.h"

#define DESK_PASSWORD "peygir-desk-password"

/* A colleague added by the office's administrator, whose role the
 * addition makes (roles are the cluster's: its name carries the test
 * database's), with @password when not NULL; the location a desk opens to
 * reach the database as that role, without a password. */
static char *
desk_add (StoreFixture  *f,
          const char    *name,
          const char    *password,
          char         **login)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirUser) user = NULL;

  *login = g_strdup_printf ("%s_%s", f->dbname, name);
  user = peygir_store_add_user (f->store, NULL, *login, name, PEYGIR_ROLE_EXPERT, &error);
  g_assert_no_error (error);
  if (password != NULL)
    {
      g_autofree char *sql = g_strdup_printf ("ALTER ROLE \"%s\" PASSWORD '%s'", *login, password);

      g_assert_cmpint (sql_exec (f->path, sql), ==, SQLITE_OK);
    }
  return peygir_test_server_location_as (f->dbname, *login, NULL);
}

static PeygirWindow *
window_opening (const char *location)
{
  PeygirWindow *window = peygir_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  peygir_window_open_database (window, location, g_get_user_name ());
  return window;
}

static gboolean
asking (gpointer data)
{
  return peygir_window_get_password_dialog (data) != NULL;
}

/* The dialog that asks now, once it is on screen. */
static PeygirPasswordDialog *
wait_for_dialog (PeygirWindow *window)
{
  GtkWidget *dialog;

  ui_wait_for (asking, window);
  dialog = peygir_window_get_password_dialog (window);
  g_assert_true (PEYGIR_IS_PASSWORD_DIALOG (dialog));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  ui_iterate (100);
  return PEYGIR_PASSWORD_DIALOG (dialog);
}

static void
answer (PeygirPasswordDialog *dialog,
        const char           *password,
        gboolean              remember)
{
  GtkWidget *entry = ui_find_named (GTK_WIDGET (dialog), "password");
  GtkWidget *check = ui_find_named (GTK_WIDGET (dialog), "remember");

  g_assert_true (GTK_IS_PASSWORD_ENTRY (entry));
  g_assert_true (GTK_IS_CHECK_BUTTON (check));
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "connect"));
  gtk_editable_set_text (GTK_EDITABLE (entry), password);
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "connect"));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), remember);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "connect");
}

static gboolean
refused_and_asking_again (gpointer data)
{
  GtkWidget *dialog = peygir_window_get_password_dialog (data);

  return dialog != NULL && gtk_widget_get_visible (ui_find_named (dialog, "refusal"));
}

/* A desk whose role needs a password, with none in its location nor in
 * libpq's environment: the dialog asks, a wrong password is refused and
 * asked again, the right one opens the inbox (with "remember" on and no
 * keyring under the tests: nothing kept, nothing failing). */
static void
test_password (StoreFixture  *f,
               gconstpointer  data)
{
  g_autofree char *login = NULL;
  g_autofree char *location = desk_add (f, "nima", DESK_PASSWORD, &login);
  g_autofree char *saved_password = g_strdup (g_getenv ("PGPASSWORD"));
  PeygirPasswordDialog *dialog;
  PeygirWindow *window;
  GtkWidget *refusal;
  PeygirStore *store;

  /* run-tests' PGPASSWORD is the superuser's: without it libpq must ask */
  g_unsetenv ("PGPASSWORD");
  window = window_opening (location);
  dialog = wait_for_dialog (window);
  g_assert_false (gtk_widget_get_visible (ui_find_named (GTK_WIDGET (dialog), "refusal")));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), login));
  ui_screenshot (GTK_WIDGET (dialog), "server-password");

  answer (dialog, "not-the-password", FALSE);
  ui_wait_for (refused_and_asking_again, window);
  dialog = PEYGIR_PASSWORD_DIALOG (peygir_window_get_password_dialog (window));
  refusal = ui_find_named (GTK_WIDGET (dialog), "refusal");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (refusal)), !=, "");
  g_test_message ("refused: %s", gtk_label_get_text (GTK_LABEL (refusal)));
  ui_iterate (100);
  ui_screenshot (GTK_WIDGET (dialog), "server-password-refused");

  answer (dialog, DESK_PASSWORD, TRUE);
  ui_wait_idle (window);
  g_setenv ("PGPASSWORD", saved_password, TRUE);
  g_assert_null (peygir_window_get_password_dialog (window));
  g_assert_cmpstr (peygir_window_get_page (window), ==, "inbox");
  store = peygir_session_get_store (peygir_window_get_session (window));
  g_assert_cmpstr (peygir_store_get_login (store), ==, login);
  /* the password went beside the location, not into it */
  g_assert_cmpstr (peygir_store_get_path (store), ==, location);
  ui_screenshot (GTK_WIDGET (window), "server-password-inbox");

  ui_window_close (window);
}

/* Cancelling the dialog: the error page says why, not a dialog again. */
static void
test_password_cancelled (StoreFixture  *f,
                         gconstpointer  data)
{
  g_autofree char *login = NULL;
  g_autofree char *location = desk_add (f, "sara", NULL, &login);
  g_autofree char *saved_password = g_strdup (g_getenv ("PGPASSWORD"));
  PeygirPasswordDialog *dialog;
  PeygirWindow *window;

  g_unsetenv ("PGPASSWORD");
  window = window_opening (location);
  dialog = wait_for_dialog (window);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  ui_wait_idle (window);
  g_setenv ("PGPASSWORD", saved_password, TRUE);
  g_assert_null (peygir_window_get_password_dialog (window));
  g_assert_cmpstr (peygir_window_get_page (window), ==, "error");
  gtk_window_destroy (GTK_WINDOW (window));
  ui_iterate (20);
}

/* A role the server knows but that is no user of this office: one
 * sentence on the error page. */
static void
test_not_permitted (StoreFixture  *f,
                    gconstpointer  data)
{
  g_autofree char *login = g_strdup_printf ("%s_stranger", f->dbname);
  g_autofree char *sql = g_strdup_printf ("CREATE ROLE \"%s\" LOGIN PASSWORD '" DESK_PASSWORD "'", login);
  g_autofree char *location = NULL;
  PeygirWindow *window;
  const char *description;

  g_assert_cmpint (sql_exec (f->path, sql), ==, SQLITE_OK);
  location = peygir_test_server_location_as (f->dbname, login, DESK_PASSWORD);
  window = window_opening (location);
  ui_wait_idle (window);
  g_assert_null (peygir_window_get_password_dialog (window));
  g_assert_cmpstr (peygir_window_get_page (window), ==, "error");
  description = adw_status_page_get_description (ADW_STATUS_PAGE (ui_find_named (GTK_WIDGET (window), "error-page")));
  g_test_message ("error page: %s", description);
  g_assert_nonnull (strstr (description, login));
  g_assert_null (strstr (description, DESK_PASSWORD));
  g_assert_null (strstr (description, "\n"));
  ui_screenshot (GTK_WIDGET (window), "server-not-permitted");
  gtk_window_destroy (GTK_WINDOW (window));
  ui_iterate (20);
}

static gboolean
preferences_ready (gpointer data)
{
  return !peygir_preferences_window_get_busy (data);
}

/* Types @location into the preferences' server row and applies it. */
static void
type_server (GtkWidget  *preferences,
             const char *location)
{
  GtkWidget *row = ui_find_named (preferences, "server-location");

  g_assert_true (ADW_IS_ENTRY_ROW (row));
  gtk_editable_set_text (GTK_EDITABLE (row), location);
  g_signal_emit_by_name (row, "apply");
  ui_wait_for (preferences_ready, preferences);
}

/* The preferences take a server's location (never one with a password),
 * and say where the database is without a password. */
static void
test_preferences_server (void)
{
  g_autoptr(GSettings) settings = peygir_application_new_settings ();
  g_autofree char *saved = NULL;
  GtkWidget *preferences;
  GtkWidget *row;
  const char *text;

  g_assert_nonnull (settings);
  g_settings_set_string (settings, "database-path", "/tmp/peygir-test.db");
  preferences = peygir_preferences_window_new ("/tmp/peygir-test.db");
  gtk_window_set_default_size (GTK_WINDOW (preferences), 1280, 800);
  gtk_window_present (GTK_WINDOW (preferences));
  ui_wait_for (preferences_ready, preferences);
  row = ui_find_named (preferences, "server-location");

  type_server (preferences, "db.example.org");
  saved = g_settings_get_string (settings, "database-path");
  g_assert_cmpstr (saved, ==, "/tmp/peygir-test.db");
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_clear_pointer (&saved, g_free);

  type_server (preferences, "postgresql://nima:secret@db.example.org/peygir");
  saved = g_settings_get_string (settings, "database-path");
  g_assert_cmpstr (saved, ==, "/tmp/peygir-test.db");
  g_clear_pointer (&saved, g_free);

  type_server (preferences, "postgresql://db.example.org:5433/peygir_office");
  saved = g_settings_get_string (settings, "database-path");
  g_assert_cmpstr (saved, ==, "postgresql://db.example.org:5433/peygir_office");
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  text = peygir_preferences_window_get_network_text (PEYGIR_PREFERENCES_WINDOW (preferences));
  g_assert_nonnull (strstr (text, "db.example.org"));
  g_assert_nonnull (strstr (text, "peygir_office"));
  ui_screenshot (preferences, "preferences-server");
  g_clear_pointer (&saved, g_free);

  type_server (preferences, "service=peygir-office");
  saved = g_settings_get_string (settings, "database-path");
  g_assert_cmpstr (saved, ==, "service=peygir-office");
  g_clear_pointer (&saved, g_free);

  /* one given elsewhere with a password: shown without it */
  peygir_preferences_window_set_path (PEYGIR_PREFERENCES_WINDOW (preferences),
                                      "postgresql://nima:secret@db.example.org/peygir");
  text = peygir_preferences_window_get_network_text (PEYGIR_PREFERENCES_WINDOW (preferences));
  g_assert_null (strstr (text, "secret"));
  g_assert_null (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (ui_find_named (preferences, "path"))), "secret"));

  gtk_window_destroy (GTK_WINDOW (preferences));
  ui_iterate (20);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  store_test_add_server ("/ui/server/password", fixture_set_up, test_password);
  store_test_add_server ("/ui/server/password-cancelled", fixture_set_up, test_password_cancelled);
  store_test_add_server ("/ui/server/not-permitted", fixture_set_up, test_not_permitted);
  g_test_add_func ("/ui/server/preferences", test_preferences_server);

  return g_test_run ();
}
