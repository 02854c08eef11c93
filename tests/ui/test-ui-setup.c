/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The office's first start (PeygirSetupWindow): on a new database its
 * administrator is walked through setting the office up, step by step,
 * and may leave and come back where they stopped; others are not. */

#include <string.h>

#include "peygir-letter-settings-page.h"
#include "peygir-setup-window.h"
#include "test-ui-util.h"

typedef struct
{
  char        *dir;
  char        *path;
  PeygirStore *store;
} EmptyOffice;

/* A new database with its first user, "admin" (an administrator, as the
 * first user always is), and a colleague who is only an expert. */
static void
empty_office_set_up (EmptyOffice   *office,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirUser) admin = NULL;
  g_autoptr(PeygirUser) expert = NULL;

  set_now (FIXTURE_NOW);
  office->dir = peygir_test_dir_new ();
  office->path = g_build_filename (office->dir, "peygir.db", NULL);
  office->store = peygir_store_open (office->path, PEYGIR_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  admin = peygir_store_add_user (office->store, NULL, "admin", "root", PEYGIR_ROLE_EXPERT, &error);
  g_assert_no_error (error);
  expert = peygir_store_add_user (office->store, "admin", "expert", "کارشناس", PEYGIR_ROLE_EXPERT, &error);
  g_assert_no_error (error);
}

static void
empty_office_tear_down (EmptyOffice   *office,
                        gconstpointer  data)
{
  g_clear_object (&office->store);
  peygir_test_dir_free (g_steal_pointer (&office->dir));
  g_clear_pointer (&office->path, g_free);
  peygir_clock_set_now (0);
}

static char *
stored_step (EmptyOffice *office)
{
  g_autoptr(GError) error = NULL;
  char *step = peygir_store_get_setting (office->store, PEYGIR_SETTING_SETUP_STEP, &error);

  g_assert_no_error (error);
  return step;
}

/* The set-up window the main window opened, or NULL. */
static PeygirSetupWindow *
find_setup_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (PEYGIR_IS_SETUP_WINDOW (toplevel) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return PEYGIR_SETUP_WINDOW (toplevel);
    }
  return NULL;
}

static gboolean
setup_idle (gpointer data)
{
  return !peygir_setup_window_get_busy (data);
}

static gboolean
setup_closed (gpointer data)
{
  return find_setup_window () == NULL;
}

static void
step_on (PeygirSetupWindow *setup,
         const char        *expected)
{
  ui_activate (GTK_WIDGET (setup), "setup.next", NULL);
  ui_wait_for (setup_idle, setup);
  g_assert_null (peygir_setup_window_get_problem (setup));
  g_assert_cmpstr (peygir_setup_window_get_step (setup), ==, expected);
}

/* Both sizes the office's screens have. */
static void
screenshots (PeygirSetupWindow *setup,
             const char        *name)
{
  g_autofree char *small = g_strconcat (name, "-800x600", NULL);

  gtk_window_set_default_size (GTK_WINDOW (setup), 1280, 800);
  ui_iterate (100);
  ui_screenshot (GTK_WIDGET (setup), name);
  gtk_window_set_default_size (GTK_WINDOW (setup), 800, 600);
  ui_iterate (100);
  ui_screenshot (GTK_WIDGET (setup), small);
  gtk_window_set_default_size (GTK_WINDOW (setup), 1280, 800);
  ui_iterate (50);
}

/* From the welcome to the inbox: the letterhead, the administrator's own
 * name and title, each kept as the step is left; at the end the office
 * counts as set up and the inbox says how the first case comes in. */
static void
test_walk_through (EmptyOffice   *office,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirUser) admin = NULL;
  g_autofree char *step = NULL;
  g_autofree char *governorate = NULL;
  PeygirWindow *window;
  PeygirSetupWindow *setup;
  GtkWidget *row;
  AdwStatusPage *empty;

  step = stored_step (office);
  g_assert_cmpstr (step, ==, "welcome");
  window = ui_window_new (office->store, "admin");
  setup = find_setup_window ();
  g_assert_nonnull (setup);
  g_assert_cmpstr (peygir_setup_window_get_step (setup), ==, "welcome");
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (setup)) == GTK_WINDOW (window));
  screenshots (setup, "setup-welcome");

  step_on (setup, "letterhead");
  ui_wait_for (setup_idle, setup);
  row = ui_find_named (GTK_WIDGET (setup), PEYGIR_SETTING_GOVERNORATE);
  g_assert_true (ADW_IS_ENTRY_ROW (row));
  /* the templates are not this step's */
  g_assert_false (gtk_widget_is_visible (ui_find_named (GTK_WIDGET (setup), "template-referral")));
  gtk_editable_set_text (GTK_EDITABLE (row), "استانداری آذربایجان شرقی");
  screenshots (setup, "setup-letterhead");
  /* typed and not applied: leaving the step keeps it */
  step_on (setup, "profile");
  governorate = peygir_store_get_setting (office->store, PEYGIR_SETTING_GOVERNORATE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (governorate, ==, "استانداری آذربایجان شرقی");

  /* the first administrator is named after the computer's account until
   * they say their name */
  row = ui_find_named (GTK_WIDGET (setup), "profile-name");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "root");
  gtk_editable_set_text (GTK_EDITABLE (row), "مریم کریمی");
  gtk_editable_set_text (GTK_EDITABLE (ui_find_named (GTK_WIDGET (setup), "profile-title")),
                         "مدیر دفتر مدیریت عملکرد، بازرسی و امور حقوقی");
  screenshots (setup, "setup-profile");
  step_on (setup, "done");
  admin = peygir_store_find_user (office->store, "admin", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (admin->name, ==, "مریم کریمی");
  g_assert_cmpstr (admin->title, ==, "مدیر دفتر مدیریت عملکرد، بازرسی و امور حقوقی");
  /* and the window's session signs with them from now on */
  g_assert_cmpstr (peygir_session_get_user (peygir_window_get_session (window))->name, ==, "مریم کریمی");
  g_assert_cmpstr (peygir_session_get_user (peygir_window_get_session (window))->title, ==,
                   "مدیر دفتر مدیریت عملکرد، بازرسی و امور حقوقی");

  g_clear_pointer (&step, g_free);
  step = stored_step (office);
  g_assert_cmpstr (step, ==, "done");
  screenshots (setup, "setup-done");
  ui_activate (GTK_WIDGET (setup), "setup.finish", NULL);
  ui_wait_for (setup_closed, NULL);

  /* the inbox, with the first thing to do */
  empty = ADW_STATUS_PAGE (ui_find_named (GTK_WIDGET (window), "empty-page"));
  g_assert_nonnull (strstr (adw_status_page_get_description (empty), "Ctrl+N"));
  ui_screenshot (GTK_WIDGET (window), "setup-inbox-hint");
  ui_window_close (window);

  /* set up: the next start goes straight to the inbox */
  window = ui_window_new (office->store, "admin");
  g_assert_null (find_setup_window ());
  ui_window_close (window);
}

/* Left in the middle, taken up again at the same step; skipped, never
 * offered again, but still in the menu. */
static void
test_later_and_skip (EmptyOffice   *office,
                     gconstpointer  data)
{
  g_autofree char *step = NULL;
  PeygirWindow *window;
  PeygirSetupWindow *setup;

  window = ui_window_new (office->store, "admin");
  setup = find_setup_window ();
  g_assert_nonnull (setup);
  step_on (setup, "letterhead");
  step_on (setup, "profile");
  ui_activate (GTK_WIDGET (setup), "setup.later", NULL);
  ui_wait_for (setup_closed, NULL);
  step = stored_step (office);
  g_assert_cmpstr (step, ==, "profile");
  ui_window_close (window);

  window = ui_window_new (office->store, "admin");
  setup = find_setup_window ();
  g_assert_nonnull (setup);
  g_assert_cmpstr (peygir_setup_window_get_step (setup), ==, "profile");
  ui_activate (GTK_WIDGET (setup), "setup.back", NULL);
  g_assert_cmpstr (peygir_setup_window_get_step (setup), ==, "letterhead");
  ui_activate (GTK_WIDGET (setup), "setup.skip", NULL);
  ui_wait_for (setup_closed, NULL);
  g_clear_pointer (&step, g_free);
  step = stored_step (office);
  g_assert_cmpstr (step, ==, "done");
  ui_window_close (window);

  window = ui_window_new (office->store, "admin");
  g_assert_null (find_setup_window ());
  /* the menu opens it again, at the welcome */
  ui_activate (GTK_WIDGET (window), "office.set-up", NULL);
  ui_wait_idle (window);
  setup = find_setup_window ();
  g_assert_nonnull (setup);
  g_assert_cmpstr (peygir_setup_window_get_step (setup), ==, "welcome");
  ui_activate (GTK_WIDGET (setup), "setup.later", NULL);
  ui_wait_for (setup_closed, NULL);
  ui_window_close (window);
}

/* A colleague who is not an administrator is not walked through, and has
 * no menu item for it. */
static void
test_not_for_others (EmptyOffice   *office,
                     gconstpointer  data)
{
  PeygirWindow *window = ui_window_new (office->store, "expert");

  g_assert_null (find_setup_window ());
  g_assert_false (ui_action_enabled (GTK_WIDGET (window), "office.set-up"));
  ui_window_close (window);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add ("/ui/setup/walk-through", EmptyOffice, NULL, empty_office_set_up, test_walk_through, empty_office_tear_down);
  g_test_add ("/ui/setup/later-and-skip", EmptyOffice, NULL, empty_office_set_up, test_later_and_skip, empty_office_tear_down);
  g_test_add ("/ui/setup/not-for-others", EmptyOffice, NULL, empty_office_set_up, test_not_for_others, empty_office_tear_down);

  return g_test_run ();
}
