/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a screen reader reads: every control of the main screens has a name
 * of its own, said once, without a mnemonic's underscore. The tree is read
 * from the real window over AT-SPI by a11y-check.py, as Orca reads it:
 * every window of the application, the main one's hidden pages too. */
#include <unistd.h>

#include <glib/gi18n.h>

#include "peygir-action-dialog.h"
#include "peygir-agencies-page.h"
#include "peygir-case-page.h"
#include "peygir-clock.h"
#include "peygir-date.h"
#include "peygir-letter-preview.h"
#include "peygir-profile-dialog.h"
#include "peygir-setup-window.h"
#include "peygir-users-page.h"
#include "peygir-utils-private.h"
#include "peygir-window.h"
#include "test-ui-util.h"

typedef struct
{
  GSubprocess *checker;
  char        *output;
  GError      *error;
  gboolean     done;
} Check;

static void
checked_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Check *check = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, &check->output, NULL, &check->error);
  check->done = TRUE;
}

static gboolean
check_done (gpointer data)
{
  return ((Check *) data)->done;
}

/* Reads the whole application's tree (its windows, their hidden pages and
 * open dialogs) while the main loop answers, and fails with what the
 * checker found; @screen names what is shown, in the failure and the
 * screenshot. */
static void
assert_named_well (GtkWidget  *shown,
                   const char *screen)
{
  g_autofree char *script = g_build_filename (g_getenv ("PEYGIR_SOURCE_DIR"), "tests", "ui", "a11y-check.py", NULL);
  g_autofree char *pid = g_strdup_printf ("%d", (int) getpid ());
  g_autofree char *shot = g_strconcat ("a11y-", screen, NULL);
  Check check = { 0 };

  ui_iterate (50);
  ui_screenshot (shown, shot);
  /* what it reads wrongly on stdout; what the bus says on stderr, to the log */
  check.checker = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &check.error,
                                    script, pid, NULL);
  g_assert_no_error (check.error);
  g_subprocess_communicate_utf8_async (check.checker, NULL, NULL, checked_cb, &check);
  ui_wait_for (check_done, &check);
  g_assert_no_error (check.error);

  if (*check.output != '\0')
    g_test_message ("%s:\n%s", screen, check.output);
  g_assert_cmpstr (check.output, ==, "");
  g_assert_true (g_subprocess_get_if_exited (check.checker));
  g_assert_cmpint (g_subprocess_get_exit_status (check.checker), ==, 0);
  g_free (check.output);
  g_object_unref (check.checker);
}

static PeygirCase *
new_case (StoreFixture *f,
          const char   *nine)
{
  g_autofree char *national_id = national_id_from (nine);

  return ui_create_case (f->store, "expert", f->agency_a, national_id);
}

/* Referred to agency a, approved and dispatched: waiting for its answer. */
static PeygirCase *
referred_case (StoreFixture *f,
               const char   *nine)
{
  g_autoptr(PeygirCase) kase = new_case (f, nine);
  g_autoptr(PeygirCase) registered = review_and_register (f, kase->id);

  return refer_and_dispatch (f, kase->id, &f->agency_a, 1);
}

static void
test_inbox_and_intake (StoreFixture  *f,
                       gconstpointer  data)
{
  g_autoptr(PeygirCase) one = new_case (f, "005123456");
  g_autoptr(PeygirCase) two = referred_case (f, "005123457");
  PeygirWindow *window;

  ui_add_desk (f);
  window = ui_window_new (f->store, "desk");
  g_assert_true (peygir_window_select_queue (window, "all"));
  ui_wait_idle (window);
  g_assert_cmpuint (g_list_model_get_n_items (peygir_window_get_shown_model (window)), ==, 2);
  assert_named_well (GTK_WIDGET (window), "inbox");

  /* the filter bar open over the queue */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (ui_find_named (GTK_WIDGET (window), "filter-button")), TRUE);
  ui_wait_idle (window);
  assert_named_well (GTK_WIDGET (window), "inbox-filter");

  ui_activate (GTK_WIDGET (window), "inbox.new-case", NULL);
  ui_wait_idle (window);
  g_assert_cmpstr (peygir_window_get_page (window), ==, "intake");
  assert_named_well (GTK_WIDGET (window), "intake");
  ui_window_close (window);
}

static void
test_case_page (StoreFixture  *f,
                gconstpointer  data)
{
  g_autoptr(PeygirCase) kase = referred_case (f, "005223456");
  g_autoptr(PeygirDocument) document = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new_static ("%PDF-1.4\n", 9);
  g_autoptr(PeygirCase) contacted = NULL;
  g_autoptr(GError) error = NULL;
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;
  PeygirWindow *window;

  document = peygir_store_add_document (f->store, "expert", kase->id, "نامهٔ متقاضی.pdf", "application/pdf",
                                        bytes, &error);
  g_assert_no_error (error);
  request.case_id = kase->id;
  request.action = PEYGIR_ACTION_CONTACT;
  request.actor_login = "expert";
  request.channel = PEYGIR_CHANNEL_PHONE;
  request.note = "متقاضی تماس گرفت.";
  contacted = act_request (f, &request);

  ui_add_desk (f);
  window = ui_window_new (f->store, "desk");
  ui_show_case (window, kase->id);
  assert_named_well (GTK_WIDGET (window), "case");
  ui_window_close (window);
}

/* Each action that asks something, opened on a case where it may be taken,
 * read, and closed unused. */
static void
test_action_dialogs (StoreFixture  *f,
                     gconstpointer  data)
{
  static const PeygirAction asking[] = {
    PEYGIR_ACTION_REJECT, PEYGIR_ACTION_REFER, PEYGIR_ACTION_RETURN, PEYGIR_ACTION_FOLLOW_UP,
    PEYGIR_ACTION_ANSWER, PEYGIR_ACTION_NOTIFY, PEYGIR_ACTION_REOPEN, PEYGIR_ACTION_LINK,
    PEYGIR_ACTION_CONTACT, PEYGIR_ACTION_ASSIGN,
  };
  g_autoptr(PeygirCase) earlier = new_case (f, "005323455");
  g_autoptr(PeygirCase) in_review = new_case (f, "005323456");
  g_autoptr(PeygirCase) registered = new_case (f, "005323457");
  g_autoptr(PeygirCase) with_manager = new_case (f, "005323458");
  g_autoptr(PeygirCase) referred = referred_case (f, "005323459");
  g_autoptr(PeygirCase) answered = referred_case (f, "005323460");
  g_autoptr(PeygirCase) closed = new_case (f, "005323461");
  g_autoptr(GPtrArray) steps = g_ptr_array_new_with_free_func ((GDestroyNotify) peygir_case_free);
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;
  const PeygirCase *cases[6];
  gboolean seen[G_N_ELEMENTS (asking)] = { FALSE };
  PeygirWindow *window;
  PeygirCasePage *page;

  g_ptr_array_add (steps, act (f, in_review->id, PEYGIR_ACTION_REVIEW, "expert", NULL));
  g_ptr_array_add (steps, review_and_register (f, registered->id));
  g_ptr_array_add (steps, review_and_register (f, with_manager->id));
  request.case_id = with_manager->id;
  request.action = PEYGIR_ACTION_REFER;
  request.actor_login = "expert";
  request.note = "متن نامهٔ ارجاع";
  request.agency_ids = &f->agency_a;
  request.n_agency_ids = 1;
  g_ptr_array_add (steps, act_request (f, &request));
  request = (PeygirActionRequest) PEYGIR_ACTION_REQUEST_INIT;
  request.case_id = answered->id;
  request.action = PEYGIR_ACTION_ANSWER;
  request.actor_login = "secretary";
  request.referral_id = referral_at (answered, 0)->id;
  request.note = "پاسخ دستگاه رسید.";
  g_ptr_array_add (steps, act_request (f, &request));
  g_ptr_array_add (steps, act (f, closed->id, PEYGIR_ACTION_REVIEW, "expert", NULL));
  g_ptr_array_add (steps, act (f, closed->id, PEYGIR_ACTION_REJECT, "expert", "در صلاحیت دفتر نیست."));
  request = (PeygirActionRequest) PEYGIR_ACTION_REQUEST_INIT;
  request.case_id = closed->id;
  request.action = PEYGIR_ACTION_NOTIFY;
  request.actor_login = "expert";
  request.channel = PEYGIR_CHANNEL_PHONE;
  g_ptr_array_add (steps, act_request (f, &request));

  /* past the agency's deadline, so that the follow-up is offered */
  peygir_clock_set_now (peygir_day_to_unix (peygir_day_add_days (referral_at (referred, 0)->due, 3)) + 9 * 3600);

  ui_add_desk (f);
  window = ui_window_new (f->store, "desk");
  page = peygir_window_get_case_page (window);
  cases[0] = in_review;
  cases[1] = registered;
  cases[2] = with_manager;
  cases[3] = referred;
  cases[4] = answered;
  cases[5] = closed;
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      ui_show_case (window, cases[c]->id);
      for (guint a = 0; a < G_N_ELEMENTS (asking); a++)
        {
          g_autofree char *name = peygir_case_page_action_name (asking[a]);
          g_autofree char *screen = NULL;
          AdwMessageDialog *dialog;

          if (seen[a] || !ui_action_enabled (GTK_WIDGET (page), name))
            continue;
          ui_activate (GTK_WIDGET (page), name, NULL);
          ui_wait_for (ui_case_page_has_dialog, page);
          dialog = g_object_ref (peygir_case_page_get_dialog (page));
          ui_wait_idle (window);
          screen = g_strconcat ("dialog-", peygir_action_to_string (asking[a]), NULL);
          assert_named_well (GTK_WIDGET (dialog), screen);
          adw_message_dialog_response (dialog, "cancel");
          gtk_window_destroy (GTK_WINDOW (dialog));
          g_object_unref (dialog);
          ui_iterate (20);
          ui_wait_idle (window);
          seen[a] = TRUE;
        }
    }
  for (guint a = 0; a < G_N_ELEMENTS (asking); a++)
    {
      if (!seen[a])
        g_test_message ("not offered: %s", peygir_action_to_string (asking[a]));
      g_assert_true (seen[a]);
    }
  ui_window_close (window);
}

static void
collect_pages (GtkWidget *widget,
               GPtrArray *pages)
{
  /* the window's own pages, not one inside another */
  if (ADW_IS_PREFERENCES_PAGE (widget) && ADW_IS_VIEW_STACK (gtk_widget_get_parent (widget)))
    g_ptr_array_add (pages, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_pages (child, pages);
}

static void
test_preferences (StoreFixture  *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) pages = g_ptr_array_new ();
  PeygirWindow *window;
  GtkWidget *preferences;

  ui_add_desk (f);
  window = ui_window_new (f->store, "desk");
  preferences = ui_preferences_new (window, f->path, 1000, 800);
  ui_wait_idle (window);
  collect_pages (preferences, pages);
  /* the general page, and the administrator's five */
  g_assert_cmpuint (pages->len, >=, 6);
  for (guint i = 0; i < pages->len; i++)
    {
      AdwPreferencesPage *page = g_ptr_array_index (pages, i);
      g_autofree char *screen = g_strdup_printf ("preferences-%u", i + 1);

      adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (preferences), page);
      ui_wait_idle (window);
      ui_iterate (100);
      assert_named_well (preferences, screen);
    }
  gtk_window_destroy (GTK_WINDOW (preferences));
  ui_window_close (window);
}

static void
test_charts (StoreFixture  *f,
             gconstpointer  data)
{
  g_autoptr(PeygirCase) kase = referred_case (f, "005423456");
  PeygirWindow *window;

  ui_add_desk (f);
  window = ui_window_new (f->store, "desk");
  g_assert_true (peygir_window_select_queue (window, "office"));
  ui_wait_idle (window);
  g_assert_cmpstr (peygir_window_get_page (window), ==, "office");
  assert_named_well (GTK_WIDGET (window), "office-chart");

  g_assert_true (peygir_window_select_queue (window, "register"));
  ui_wait_idle (window);
  assert_named_well (GTK_WIDGET (window), "register");

  g_assert_true (peygir_window_select_queue (window, "reports"));
  ui_wait_idle (window);
  assert_named_well (GTK_WIDGET (window), "reports");

  g_assert_true (peygir_window_select_queue (window, "to-dispatch"));
  ui_wait_idle (window);
  assert_named_well (GTK_WIDGET (window), "print-queue");
  /* the next window opens on the queue this one showed last */
  g_assert_true (peygir_window_select_queue (window, "all"));
  ui_wait_idle (window);
  ui_window_close (window);
}

static gboolean
profile_idle (gpointer data)
{
  return !peygir_profile_dialog_get_busy (data);
}

static gboolean
setup_idle (gpointer data)
{
  return !peygir_setup_window_get_busy (data);
}

/* The windows besides the main one: a letter's preview, the question
 * before typed text is thrown away, one's own profile, the user and agency
 * dialogs, and the office's first-start window. */
static void
test_other_windows (StoreFixture  *f,
                    gconstpointer  data)
{
  g_autoptr(PeygirCase) kase = new_case (f, "005523456");
  GtkWidget *preview;
  GtkWidget *preferences;
  GtkWidget *users;
  GtkWidget *agencies;
  GtkWidget *dialog;
  PeygirWindow *window;
  PeygirSession *session;

  ui_add_desk (f);
  window = ui_window_new (f->store, "desk");
  session = peygir_window_get_session (window);

  ui_show_case (window, kase->id);
  ui_activate (GTK_WIDGET (peygir_window_get_case_page (window)), "case.show-letter",
               g_variant_new ("(sx)", peygir_letter_kind_to_string (PEYGIR_LETTER_RECEIPT), (gint64) 0));
  ui_wait_for (ui_preview_loaded, NULL);
  preview = GTK_WIDGET (gtk_widget_get_root (ui_find_toplevel_named ("letter-preview")));
  assert_named_well (preview, "letter-preview");
  gtk_window_destroy (GTK_WINDOW (preview));

  dialog = GTK_WIDGET (_peygir_discard_dialog_new (GTK_WINDOW (window), "متن نوشته‌شده کنار گذاشته می‌شود."));
  gtk_window_present (GTK_WINDOW (dialog));
  assert_named_well (dialog, "discard-question");
  gtk_window_destroy (GTK_WINDOW (dialog));

  dialog = peygir_profile_dialog_new (GTK_WINDOW (window), session);
  gtk_window_present (GTK_WINDOW (dialog));
  ui_wait_for (profile_idle, dialog);
  assert_named_well (dialog, "profile");
  gtk_window_destroy (GTK_WINDOW (dialog));

  preferences = ui_preferences_new (window, f->path, 1000, 800);
  ui_wait_idle (window);
  users = ui_find_named (preferences, "users");
  g_assert_true (PEYGIR_IS_USERS_PAGE (users));
  ui_activate (users, "users.add", NULL);
  ui_iterate (50);
  dialog = peygir_users_page_get_dialog (PEYGIR_USERS_PAGE (users));
  g_assert_nonnull (dialog);
  assert_named_well (dialog, "user");
  gtk_window_destroy (GTK_WINDOW (dialog));
  ui_iterate (50);

  agencies = ui_find_named (preferences, "agencies");
  g_assert_true (PEYGIR_IS_AGENCIES_PAGE (agencies));
  ui_activate (agencies, "agencies.add", NULL);
  ui_iterate (50);
  dialog = GTK_WIDGET (peygir_agencies_page_get_dialog (PEYGIR_AGENCIES_PAGE (agencies)));
  g_assert_nonnull (dialog);
  assert_named_well (dialog, "agency");
  gtk_window_destroy (GTK_WINDOW (dialog));
  ui_iterate (50);
  gtk_window_destroy (GTK_WINDOW (preferences));

  dialog = peygir_setup_window_new (session, NULL);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (dialog));
  ui_wait_for (setup_idle, dialog);
  assert_named_well (dialog, "setup");
  gtk_window_destroy (GTK_WINDOW (dialog));
  ui_iterate (50);
  ui_window_close (window);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);
  /* every screen read, whatever one of them says */
  g_test_set_nonfatal_assertions ();
  g_test_add ("/ui/a11y/inbox-and-intake", StoreFixture, NULL, fixture_set_up, test_inbox_and_intake,
              fixture_tear_down);
  g_test_add ("/ui/a11y/case-page", StoreFixture, NULL, fixture_set_up, test_case_page, fixture_tear_down);
  g_test_add ("/ui/a11y/action-dialogs", StoreFixture, NULL, fixture_set_up, test_action_dialogs,
              fixture_tear_down);
  g_test_add ("/ui/a11y/preferences", StoreFixture, NULL, fixture_set_up, test_preferences, fixture_tear_down);
  g_test_add ("/ui/a11y/charts-and-letters", StoreFixture, NULL, fixture_set_up, test_charts, fixture_tear_down);
  g_test_add ("/ui/a11y/other-windows", StoreFixture, NULL, fixture_set_up, test_other_windows,
              fixture_tear_down);
  return g_test_run ();
}
