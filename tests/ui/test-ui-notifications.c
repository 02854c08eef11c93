/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include <glib/gi18n-lib.h>

#include "peygir-application.h"
#include "peygir-notifier.h"
#include "peygir-preferences-window.h"
#include "peygir-text.h"
#include "peygir-workflow.h"
#include "test-ui-util.h"

/* Short, so that the tests wait little; long enough, where a test sums
 * two changes, for both to be counted before it is up. */
#define INTERVAL_MS 300
#define LONG_INTERVAL_MS 3000

/* One application for the whole program: a GApplication registers on the
 * session bus (dbus-run-session, from the runner) once. */
static PeygirApplication *app;

typedef struct
{
  PeygirWindow *window;
  GtkWidget    *elsewhere;  /* another window, holding the focus */
  PeygirStore  *other_desk; /* a connection of its own, as the secretariat's desk */
  GPtrArray    *bodies;     /* of char *, what was sent */
  GPtrArray    *actions;    /* of char *, each one's default action */
  guint         serial;
  gboolean      pass_on;    /* let the application send it too */
} Desk;

/* Stands in for the notification daemon: records, and says it was sent. */
static gboolean
send_notification_cb (PeygirNotifier *notifier,
                      GNotification  *notification,
                      const char     *body,
                      const char     *action,
                      Desk           *desk)
{
  g_assert_true (G_IS_NOTIFICATION (notification));
  g_test_message ("notification: %s (%s)", body, action);
  g_ptr_array_add (desk->bodies, g_strdup (body));
  g_ptr_array_add (desk->actions, g_strdup (action));
  return !desk->pass_on;
}

static gboolean
window_inactive (gpointer data)
{
  return !gtk_window_is_active (GTK_WINDOW (data));
}

static gboolean
window_active (gpointer data)
{
  return gtk_window_is_active (GTK_WINDOW (data));
}

/* "expert"'s window, in the application, then another window in front. */
static void
desk_open (Desk         *desk,
           StoreFixture *f,
           guint         interval)
{
  g_autoptr(GError) error = NULL;
  PeygirNotifier *notifier;

  desk->window = ui_window_new_in (app, f->store, "expert");
  notifier = peygir_window_get_notifier (desk->window);
  g_assert_nonnull (notifier);
  g_assert_cmpuint (peygir_notifier_get_interval (notifier), ==, 60000);
  peygir_notifier_set_interval (notifier, interval);
  desk->bodies = g_ptr_array_new_with_free_func (g_free);
  desk->actions = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (notifier, "send-notification", G_CALLBACK (send_notification_cb), desk);

  desk->other_desk = peygir_store_open (f->path, PEYGIR_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_nonnull (desk->other_desk);

  g_assert_true (gtk_window_is_active (GTK_WINDOW (desk->window)));
  desk->elsewhere = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (desk->elsewhere), "elsewhere");
  gtk_window_present (GTK_WINDOW (desk->elsewhere));
  ui_wait_for (window_inactive, desk->window);
}

static void
desk_close (Desk *desk)
{
  gtk_window_destroy (GTK_WINDOW (desk->elsewhere));
  ui_window_close (desk->window);
  g_clear_object (&desk->other_desk);
  g_clear_pointer (&desk->bodies, g_ptr_array_unref);
  g_clear_pointer (&desk->actions, g_ptr_array_unref);
}

/* A new case, taken in at @store's desk by the secretariat and assigned
 * there to "expert" by the manager: it enters their "new". */
static void
intake_at (Desk        *desk,
           PeygirStore *store,
           gint64       agency_id)
{
  g_autofree char *nine = g_strdup_printf ("0041234%02u", desk->serial++);
  g_autofree char *national_id = national_id_from (nine);
  g_autoptr(PeygirCase) kase = ui_create_case (store, "secretary", agency_id, national_id);
  g_autoptr(PeygirUser) expert = NULL;
  g_autoptr(PeygirCase) assigned = NULL;
  g_autoptr(GError) error = NULL;
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;

  g_assert_cmpint (kase->state, ==, PEYGIR_STATE_RECEIVED);
  expert = peygir_store_find_user (store, "expert", &error);
  g_assert_no_error (error);
  request.case_id = kase->id;
  request.action = PEYGIR_ACTION_ASSIGN;
  request.actor_login = "manager";
  request.assignee_id = expert->id;
  assigned = peygir_store_apply_action (store, &request, &error);
  g_assert_no_error (error);
}

/* The window's next look at the database, as its timer would make it. */
static void
desk_poll (Desk *desk)
{
  peygir_session_poll (peygir_window_get_session (desk->window));
  ui_wait_idle (desk->window);
}

static gboolean
something_sent (gpointer data)
{
  return ((Desk *) data)->bodies->len > 0;
}

/* Long enough for any notification to have left. */
static void
wait_intervals (guint interval)
{
  ui_iterate (interval * 3);
}

static char *
new_cases_text (guint n,
                const char *queue_id)
{
  g_autofree char *number = peygir_text_format_number (n);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s new case in “%s”", "%s new cases in “%s”", n),
                          number, peygir_queue_title (peygir_workflow_queue (queue_id)));
}

/* Another desk's case in "expert"'s queue "new", while the window is in
 * the background: one notification once the interval is up, naming the
 * queue in Persian; clicking it brings the window to that queue. */
static void
test_other_desk (StoreFixture  *f,
                 gconstpointer  data)
{
  Desk desk = { 0 };
  g_autofree char *expected = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GVariant) target = NULL;
  g_autoptr(GError) error = NULL;

  desk_open (&desk, f, INTERVAL_MS);
  g_assert_true (peygir_window_select_queue (desk.window, "in-review"));
  ui_wait_idle (desk.window);

  intake_at (&desk, desk.other_desk, f->agency_a);
  desk_poll (&desk);
  ui_wait_for (something_sent, &desk);
  wait_intervals (INTERVAL_MS);
  g_assert_cmpuint (desk.bodies->len, ==, 1);

  expected = new_cases_text (1, "new");
  g_assert_cmpstr (g_ptr_array_index (desk.bodies, 0), ==, expected);
  /* the queue's Persian title, and the number in Persian digits */
  g_assert_nonnull (strstr (g_ptr_array_index (desk.bodies, 0), "جدید"));
  g_assert_nonnull (strstr (g_ptr_array_index (desk.bodies, 0), "۱"));
  g_assert_cmpstr (g_ptr_array_index (desk.actions, 0), ==, "app.show-queue::new");

  /* the notification's click: the window, in front, on the queue */
  g_assert_true (g_action_parse_detailed_name (g_ptr_array_index (desk.actions, 0), &name, &target, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (name, "app."));
  g_assert_cmpstr (peygir_window_get_queue (desk.window), ==, "in-review");
  g_action_group_activate_action (G_ACTION_GROUP (app), name + strlen ("app."), target);
  ui_wait_for (window_active, desk.window);
  ui_wait_idle (desk.window);
  g_assert_cmpstr (peygir_window_get_queue (desk.window), ==, "new");
  g_assert_cmpstr (peygir_window_get_page (desk.window), ==, "inbox");
  g_assert_cmpuint (g_list_model_get_n_items (peygir_window_get_shown_model (desk.window)), ==, 1);

  desk_close (&desk);
}

/* Two cases from other desks within the interval, seen at two looks: one
 * notification, with their sum. A case made later, in a new interval,
 * is told in a notification of its own, alone. */
static void
test_summed (StoreFixture  *f,
             gconstpointer  data)
{
  Desk desk = { 0 };
  g_autofree char *two = NULL;
  g_autofree char *one = NULL;

  desk_open (&desk, f, LONG_INTERVAL_MS);

  intake_at (&desk, desk.other_desk, f->agency_a);
  desk_poll (&desk);
  intake_at (&desk, desk.other_desk, f->agency_b);
  desk_poll (&desk);
  g_assert_cmpuint (desk.bodies->len, ==, 0);
  ui_wait_for (something_sent, &desk);
  two = new_cases_text (2, "new");
  g_assert_cmpuint (desk.bodies->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (desk.bodies, 0), ==, two);
  g_assert_nonnull (strstr (two, "۲"));

  peygir_notifier_set_interval (peygir_window_get_notifier (desk.window), INTERVAL_MS);
  intake_at (&desk, desk.other_desk, f->agency_a);
  desk_poll (&desk);
  wait_intervals (INTERVAL_MS);
  one = new_cases_text (1, "new");
  g_assert_cmpuint (desk.bodies->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (desk.bodies, 1), ==, one);

  desk_close (&desk);
}

/* This window's own case is no news to its user, even in the background;
 * nor is anything while the window is in front, then or later. */
static void
test_own_and_focused (StoreFixture  *f,
                      gconstpointer  data)
{
  Desk desk = { 0 };

  desk_open (&desk, f, INTERVAL_MS);

  /* the window's own intake: its store, then peygir_session_changed () */
  intake_at (&desk, f->store, f->agency_a);
  peygir_session_changed (peygir_window_get_session (desk.window));
  ui_wait_idle (desk.window);
  desk_poll (&desk);
  wait_intervals (INTERVAL_MS);
  g_assert_cmpint (peygir_window_get_queue_count (desk.window, "new"), ==, 1);
  g_assert_cmpuint (desk.bodies->len, ==, 0);

  /* in front: counted, not told, and not told later either */
  gtk_window_present (GTK_WINDOW (desk.window));
  ui_wait_for (window_active, desk.window);
  intake_at (&desk, desk.other_desk, f->agency_a);
  desk_poll (&desk);
  g_assert_cmpint (peygir_window_get_queue_count (desk.window, "new"), ==, 2);
  wait_intervals (INTERVAL_MS);
  gtk_window_present (GTK_WINDOW (desk.elsewhere));
  ui_wait_for (window_inactive, desk.window);
  wait_intervals (INTERVAL_MS);
  g_assert_cmpuint (desk.bodies->len, ==, 0);

  /* what arrives in the background and is not yet told when the user
   * comes back is not told */
  peygir_notifier_set_interval (peygir_window_get_notifier (desk.window), LONG_INTERVAL_MS);
  intake_at (&desk, desk.other_desk, f->agency_a);
  desk_poll (&desk);
  gtk_window_present (GTK_WINDOW (desk.window));
  ui_wait_for (window_active, desk.window);
  ui_iterate (LONG_INTERVAL_MS + 500);
  g_assert_cmpuint (desk.bodies->len, ==, 0);

  /* and the next one in the background is told alone */
  gtk_window_present (GTK_WINDOW (desk.elsewhere));
  ui_wait_for (window_inactive, desk.window);
  peygir_notifier_set_interval (peygir_window_get_notifier (desk.window), INTERVAL_MS);
  intake_at (&desk, desk.other_desk, f->agency_a);
  desk_poll (&desk);
  ui_wait_for (something_sent, &desk);
  {
    g_autofree char *one = new_cases_text (1, "new");

    g_assert_cmpstr (g_ptr_array_index (desk.bodies, 0), ==, one);
  }

  desk_close (&desk);
}

/* A referral of a case in "expert"'s queues whose answer the days made
 * overdue is told beside the new case another desk's change brought, in
 * the same notification; its click goes to the queue with the new case. */
static void
test_overdue (StoreFixture  *f,
              gconstpointer  data)
{
  Desk desk = { 0 };
  g_autoptr(PeygirCase) kase = create_simple_case (f);
  g_autoptr(PeygirCase) registered = review_and_register (f, kase->id);
  g_autoptr(PeygirCase) referred = refer_and_dispatch (f, kase->id, &f->agency_a, 1);
  g_autofree char *new_case = new_cases_text (1, "new");
  g_autofree char *one = peygir_text_format_number (1);
  g_autofree char *overdue = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s case became overdue",
                                                           "%s cases became overdue", 1), one);
  g_autofree char *expected = g_strjoin (_(", "), new_case, overdue, NULL);

  g_assert_cmpint (referred->state, ==, PEYGIR_STATE_REFERRED);
  desk_open (&desk, f, INTERVAL_MS);
  g_assert_cmpint (peygir_window_get_queue_count (desk.window, "overdue"), ==, 0);

  /* a month on, past the agency's seven working days */
  set_now ("2026-06-02T09:00:00+03:30");
  intake_at (&desk, desk.other_desk, f->agency_b);
  desk_poll (&desk);
  g_assert_cmpint (peygir_window_get_queue_count (desk.window, "overdue"), ==, 1);
  ui_wait_for (something_sent, &desk);
  wait_intervals (INTERVAL_MS);
  g_assert_cmpuint (desk.bodies->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (desk.bodies, 0), ==, expected);
  g_assert_cmpstr (g_ptr_array_index (desk.actions, 0), ==, "app.show-queue::new");

  desk_close (&desk);
}

/* Not taken by a handler, the notification goes through the registered
 * application to the session bus, where no daemon listens here: GLib says
 * it could not be shown, which is how the test knows it left. Coming back
 * to the window takes it back. */
static void
test_through_application (StoreFixture  *f,
                          gconstpointer  data)
{
  Desk desk = { .pass_on = TRUE };

  desk_open (&desk, f, INTERVAL_MS);
  g_assert_true (g_application_get_is_registered (G_APPLICATION (app)));
  g_test_expect_message ("GLib-GIO", G_LOG_LEVEL_WARNING,
                         "unable to send notifications through org.freedesktop.Notifications*");
  intake_at (&desk, desk.other_desk, f->agency_a);
  desk_poll (&desk);
  ui_wait_for (something_sent, &desk);
  ui_iterate (500);
  g_test_assert_expected_messages ();
  gtk_window_present (GTK_WINDOW (desk.window));
  ui_wait_for (window_active, desk.window);
  ui_iterate (100);
  g_assert_cmpuint (desk.bodies->len, ==, 1);

  desk_close (&desk);
}

/* The preference, as its switch sets it: off, nothing is told. */
static void
test_setting_off (StoreFixture  *f,
                  gconstpointer  data)
{
  g_autoptr(GSettings) settings = peygir_application_new_settings ();
  Desk desk = { 0 };
  GtkWidget *preferences;
  GtkWidget *row;
  GtkWidget *toggle;

  g_assert_nonnull (settings);
  g_assert_true (g_settings_get_boolean (settings, "notifications"));

  desk_open (&desk, f, INTERVAL_MS);

  preferences = peygir_preferences_window_new (f->path);
  gtk_window_set_default_size (GTK_WINDOW (preferences), 800, 600);
  gtk_window_present (GTK_WINDOW (preferences));
  ui_iterate (200);
  row = ui_find_named (preferences, "notifications");
  toggle = ui_find_named (preferences, "notifications-switch");
  g_assert_nonnull (row);
  g_assert_nonnull (toggle);
  g_assert_true (gtk_widget_is_ancestor (toggle, row));
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (toggle)));
  ui_screenshot (preferences, "notifications-preferences-800x600");
  gtk_window_set_default_size (GTK_WINDOW (preferences), 1280, 800);
  ui_iterate (200);
  ui_screenshot (preferences, "notifications-preferences-1280x800");
  gtk_switch_set_active (GTK_SWITCH (toggle), FALSE);
  g_assert_false (g_settings_get_boolean (settings, "notifications"));
  gtk_window_destroy (GTK_WINDOW (preferences));
  ui_iterate (50);

  /* the preferences had the focus: the window is still behind */
  gtk_window_present (GTK_WINDOW (desk.elsewhere));
  ui_wait_for (window_inactive, desk.window);
  intake_at (&desk, desk.other_desk, f->agency_a);
  desk_poll (&desk);
  wait_intervals (INTERVAL_MS);
  g_assert_cmpint (peygir_window_get_queue_count (desk.window, "new"), ==, 1);
  g_assert_cmpuint (desk.bodies->len, ==, 0);

  /* on again: the next case is told, alone */
  g_settings_set_boolean (settings, "notifications", TRUE);
  intake_at (&desk, desk.other_desk, f->agency_a);
  desk_poll (&desk);
  ui_wait_for (something_sent, &desk);
  {
    g_autofree char *one = new_cases_text (1, "new");

    g_assert_cmpstr (g_ptr_array_index (desk.bodies, 0), ==, one);
  }

  g_settings_reset (settings, "notifications");
  desk_close (&desk);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  ui_test_init (&argc, &argv);
  app = peygir_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  g_test_add ("/ui/notifications/other-desk", StoreFixture, NULL, fixture_set_up, test_other_desk, fixture_tear_down);
  g_test_add ("/ui/notifications/summed", StoreFixture, NULL, fixture_set_up, test_summed, fixture_tear_down);
  g_test_add ("/ui/notifications/own-and-focused", StoreFixture, NULL, fixture_set_up, test_own_and_focused, fixture_tear_down);
  g_test_add ("/ui/notifications/overdue", StoreFixture, NULL, fixture_set_up, test_overdue, fixture_tear_down);
  g_test_add ("/ui/notifications/through-application", StoreFixture, NULL, fixture_set_up, test_through_application, fixture_tear_down);
  g_test_add ("/ui/notifications/setting-off", StoreFixture, NULL, fixture_set_up, test_setting_off, fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
