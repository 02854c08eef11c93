/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The office's first start (PeygirSetupWindow): on a new database its
 * administrator is walked through setting the office up, step by step,
 * and may leave and come back where they stopped; others are not. */

#include <string.h>

#include "peygir-agencies-page.h"
#include "peygir-holidays-page.h"
#include "peygir-letter-settings-page.h"
#include "peygir-setup-window.h"
#include "peygir-user-dialog.h"
#include "peygir-users-page.h"
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

/* The administration page a step shows. */
static GtkWidget *
step_page (PeygirSetupWindow *setup,
           const char        *step)
{
  GtkWidget *box = ui_find_named (GTK_WIDGET (setup), step);

  g_assert_nonnull (box);
  return gtk_widget_get_first_child (box);
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
  step_on (setup, "agencies");
  admin = peygir_store_find_user (office->store, "admin", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (admin->name, ==, "مریم کریمی");
  g_assert_cmpstr (admin->title, ==, "مدیر دفتر مدیریت عملکرد، بازرسی و امور حقوقی");

  /* the province's agencies are there: one's head is corrected */
  {
    PeygirAgenciesPage *page = PEYGIR_AGENCIES_PAGE (step_page (setup, "agencies"));
    g_autoptr(GPtrArray) agencies = peygir_store_list_agencies (office->store, &error);
    g_autoptr(PeygirAgency) saved = NULL;
    const PeygirAgency *first;
    PeygirAgencyDialog *dialog;

    g_assert_no_error (error);
    g_assert_cmpuint (agencies->len, >, 20);
    first = g_ptr_array_index (agencies, 0);
    screenshots (setup, "setup-agencies");
    ui_activate (GTK_WIDGET (page), "agencies.edit", g_variant_new_int64 (first->id));
    ui_iterate (50);
    dialog = peygir_agencies_page_get_dialog (page);
    g_assert_nonnull (dialog);
    gtk_editable_set_text (GTK_EDITABLE (ui_find_named (GTK_WIDGET (dialog), "agency-head-title")),
                           "سرپرست محترم اداره کل");
    ui_activate (GTK_WIDGET (dialog), "agency.save", NULL);
    ui_wait_for (setup_idle, setup);
    ui_iterate (50);
    g_assert_null (peygir_agencies_page_get_problem (page));
    g_assert_null (peygir_agencies_page_get_dialog (page));
    saved = peygir_store_get_agency (office->store, first->id, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (saved->head_title, ==, "سرپرست محترم اداره کل");
  }

  /* a colleague of the secretariat */
  step_on (setup, "colleagues");
  {
    PeygirUsersPage *page = PEYGIR_USERS_PAGE (step_page (setup, "colleagues"));
    g_autoptr(PeygirUser) colleague = NULL;
    GtkWidget *dialog;

    ui_activate (GTK_WIDGET (page), "users.add", NULL);
    ui_iterate (50);
    dialog = peygir_users_page_get_dialog (page);
    g_assert_true (PEYGIR_IS_USER_DIALOG (dialog));
    gtk_editable_set_text (GTK_EDITABLE (ui_find_named (dialog, "login")), "karimi");
    gtk_editable_set_text (GTK_EDITABLE (ui_find_named (dialog, "name")), "زهرا کریمی");
    gtk_check_button_set_active (GTK_CHECK_BUTTON (ui_find_named (dialog, "role-secretariat")), TRUE);
    ui_activate (dialog, "user.save", NULL);
    ui_wait_for (setup_idle, setup);
    ui_iterate (50);
    g_assert_null (peygir_users_page_get_problem (page));
    colleague = peygir_store_find_user (office->store, "karimi", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (colleague->name, ==, "زهرا کریمی");
    g_assert_cmpint (colleague->roles, ==, PEYGIR_ROLE_SECRETARIAT);
    screenshots (setup, "setup-colleagues");
  }

  /* this year's holidays: the official ones are there, and the governor
   * closes the offices on Tuesday 15 Ordibehesht; a deadline moves */
  step_on (setup, "holidays");
  {
    PeygirHolidaysPage *page = PEYGIR_HOLIDAYS_PAGE (step_page (setup, "holidays"));
    g_autoptr(PeygirCalendar) before = peygir_store_get_calendar (office->store, &error);
    g_autoptr(PeygirCalendar) after = NULL;
    GtkWidget *day;
    AdwMessageDialog *dialog;

    g_assert_no_error (error);
    g_assert_cmpint (peygir_holidays_page_get_year (page), ==, 1405);
    screenshots (setup, "setup-holidays");
    day = ui_find_named (GTK_WIDGET (page), "day-20260505");
    g_assert_true (GTK_IS_BUTTON (day));
    g_signal_emit_by_name (day, "clicked");
    ui_iterate (50);
    dialog = peygir_holidays_page_get_dialog (page);
    g_assert_nonnull (dialog);
    gtk_editable_set_text (GTK_EDITABLE (ui_find_named (GTK_WIDGET (dialog), "holiday-name")),
                           "تعطیل به دستور استاندار");
    adw_message_dialog_response (dialog, "add");
    ui_iterate (50);
    ui_wait_for (setup_idle, setup);
    g_assert_null (peygir_holidays_page_get_problem (page));
    after = peygir_store_get_calendar (office->store, &error);
    g_assert_no_error (error);
    g_assert_false (peygir_calendar_is_working_day (after, 20260505));
    g_assert_cmpint (peygir_calendar_add_working_days (after, 20260502, 7), ==,
                     peygir_day_add_days (peygir_calendar_add_working_days (before, 20260502, 7), 1));
  }

  step_on (setup, "done");
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
