/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>
#include <glib/gi18n-lib.h>

#include "peygir-demo.h"
#include "peygir-error.h"
#include "peygir-preferences-window.h"
#include "peygir-test-util.h"
#include "peygir-text.h"
#include "test-ui-util.h"

/* The screens people look at, in Persian and right to left, written to the
 * build directory's screenshots/ for a person to look at; each also checks
 * what it shows. */

static void
fill (PeygirIntakePage *page,
      const char       *name,
      const char       *text)
{
  GtkWidget *widget = peygir_intake_page_get_field (page, name);

  if (GTK_IS_TEXT_VIEW (widget))
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget)), text, -1);
  else
    gtk_editable_set_text (GTK_EDITABLE (widget), text);
}

static gboolean
preferences_ready (gpointer data)
{
  return !peygir_preferences_window_get_busy (data);
}

static void
test_screens (StoreFixture  *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirUser) desk = NULL;
  g_autoptr(GPtrArray) overdue = NULL;
  g_autofree char *national_id = national_id_from ("004123456");
  PeygirCaseQuery query = { .overdue_only = TRUE, .limit = 1 };
  PeygirWindow *window;
  PeygirIntakePage *intake;
  GtkWidget *preferences;
  const PeygirCase *shown;

  desk = peygir_store_add_user (f->store, "admin", "desk", "نرگس طاهری", PEYGIR_ROLES_ALL, &error);
  g_assert_no_error (error);
  g_assert_true (peygir_demo_fill (f->store, 400, 3, NULL, NULL, &error));
  g_assert_no_error (error);

  window = ui_window_new (f->store, "desk");
  g_assert_true (peygir_window_select_queue (window, "all"));
  ui_wait_idle (window);
  g_assert_cmpuint (g_list_model_get_n_items (peygir_window_get_shown_model (window)), ==, 400);
  ui_screenshot (GTK_WIDGET (window), "inbox");

  /* The intake form with a national ID whose last digit is wrong. */
  ui_activate (GTK_WIDGET (window), "inbox.new-case", NULL);
  ui_wait_idle (window);
  intake = peygir_window_get_intake_page (window);
  fill (intake, "name", "سعید سلیمانی");
  fill (intake, "subject", "تأخیر در پرداخت حقوق");
  national_id[9] = national_id[9] == '9' ? '0' : national_id[9] + 1;
  {
    g_autofree char *persian = peygir_text_digits_to_persian (national_id);

    fill (intake, "national-id", persian);
  }
  fill (intake, "mobile", "۰۹۱۲۱۲۳۴۵۶۷");
  ui_wait_idle (window);
  g_assert_nonnull (peygir_intake_page_get_field_error (intake, "national-id"));
  g_assert_false (ui_action_enabled (GTK_WIDGET (intake), "intake.save"));
  ui_screenshot (GTK_WIDGET (window), "intake-field-error");

  /* A case whose agency has not answered in time. */
  overdue = peygir_store_list_cases (f->store, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (overdue->len, ==, 1);
  peygir_window_show_case (window, ((const PeygirCase *) g_ptr_array_index (overdue, 0))->id);
  ui_wait_idle (window);
  shown = peygir_case_page_get_case (peygir_window_get_case_page (window));
  g_assert_nonnull (shown);
  g_assert_true (shown->overdue);
  ui_screenshot (GTK_WIDGET (window), "case-page");

  /* The preferences, on the test's own (local) disk. */
  preferences = peygir_preferences_window_new (f->path);
  gtk_window_set_default_size (GTK_WINDOW (preferences), 1280, 800);
  gtk_window_present (GTK_WINDOW (preferences));
  ui_wait_for (preferences_ready, preferences);
  g_assert_nonnull (peygir_preferences_window_get_network_text (PEYGIR_PREFERENCES_WINDOW (preferences)));
  ui_iterate (100);
  ui_screenshot (preferences, "preferences");
  gtk_window_destroy (GTK_WINDOW (preferences));

  ui_window_close (window);
}

/* The page that tells an unknown login whom to ask. */
static void
test_unknown_user (StoreFixture  *f,
                   gconstpointer  data)
{
  PeygirWindow *window = peygir_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  peygir_window_open_database (window, f->path, "stranger");
  ui_wait_idle (window);
  g_assert_cmpstr (peygir_window_get_page (window), ==, "unknown-user");
  ui_screenshot (GTK_WIDGET (window), "unknown-user");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add ("/ui/screenshots/screens", StoreFixture, NULL, fixture_set_up, test_screens, fixture_tear_down);
  g_test_add ("/ui/screenshots/unknown-user", StoreFixture, NULL, fixture_set_up, test_unknown_user, fixture_tear_down);

  return g_test_run ();
}
