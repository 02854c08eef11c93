/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "peygir-clock.h"
#include "peygir-demo.h"
#include "peygir-office-page.h"
#include "peygir-test-util.h"
#include "peygir-text.h"
#include "peygir-workflow.h"
#include "peygir-workflow-chart.h"
#include "test-ui-util.h"

#define DEMO_CASES 100000

static void
advance_days (int days)
{
  peygir_clock_set_now (peygir_clock_now () + (gint64) days * 24 * 3600);
}

static PeygirCase *
act_with (PeygirStore         *store,
          PeygirActionRequest *request)
{
  g_autoptr(GError) error = NULL;
  PeygirCase *kase = peygir_store_apply_action (store, request, &error);

  g_assert_no_error (error);
  g_assert_nonnull (kase);
  return kase;
}

static gint64
first_referral (PeygirStore *store,
                gint64       case_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirCase) kase = peygir_store_get_case (store, case_id, PEYGIR_CASE_DETAIL_REFERRALS, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (kase->referrals->len, >, 0);
  return ((PeygirReferral *) g_ptr_array_index (kase->referrals, 0))->id;
}

/* Takes a new case along the card's main line until it reaches @state;
 * @follow_ups times the agency is late and the expert follows it up. */
static gint64
case_in_state (StoreFixture *fixture,
               PeygirState   state,
               guint         follow_ups)
{
  g_autoptr(PeygirCase) kase = NULL;
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;
  gint64 id;

  set_now (FIXTURE_NOW);
  {
    g_autofree char *national_id = national_id_from ("001234567");

    kase = ui_create_case (fixture->store, "expert", fixture->agency_a, national_id);
  }
  id = kase->id;
  request.case_id = id;
  if (state == PEYGIR_STATE_RECEIVED)
    return id;

  advance_days (1);
  g_clear_pointer (&kase, peygir_case_free);
  kase = act (fixture, id, PEYGIR_ACTION_REVIEW, "expert", NULL);
  if (state == PEYGIR_STATE_IN_REVIEW)
    return id;
  if (state == PEYGIR_STATE_REJECTED)
    {
      advance_days (2);
      g_clear_pointer (&kase, peygir_case_free);
      kase = act (fixture, id, PEYGIR_ACTION_REJECT, "expert",
                  "موضوع در صلاحیت دستگاه‌های اجرایی استان نیست.");
      return id;
    }

  advance_days (2);
  g_clear_pointer (&kase, peygir_case_free);
  kase = act (fixture, id, PEYGIR_ACTION_REGISTER, "secretary", NULL);
  if (state == PEYGIR_STATE_REGISTERED)
    return id;

  advance_days (1);
  {
    gint64 agencies[] = { fixture->agency_a };

    request.action = PEYGIR_ACTION_REFER;
    request.actor_login = "expert";
    request.note = "احتراماً، شکایت پیوست جهت رسیدگی و اعلام نتیجه ارسال می‌گردد.";
    request.agency_ids = agencies;
    request.n_agency_ids = 1;
    g_clear_pointer (&kase, peygir_case_free);
    kase = act_with (fixture->store, &request);
  }
  if (state == PEYGIR_STATE_WITH_MANAGER)
    return id;

  advance_days (1);
  g_clear_pointer (&kase, peygir_case_free);
  kase = act (fixture, id, PEYGIR_ACTION_APPROVE, "manager", NULL);
  g_clear_pointer (&kase, peygir_case_free);
  kase = act (fixture, id, PEYGIR_ACTION_DISPATCH, "secretary", NULL);
  for (guint i = 0; i < follow_ups; i++)
    {
      PeygirActionRequest follow = PEYGIR_ACTION_REQUEST_INIT;

      advance_days (14);
      follow.case_id = id;
      follow.action = PEYGIR_ACTION_FOLLOW_UP;
      follow.actor_login = "expert";
      follow.referral_id = first_referral (fixture->store, id);
      follow.channel = PEYGIR_CHANNEL_PHONE;
      follow.note = "با دستگاه تماس گرفته شد و پاسخ تا پایان هفته وعده داده شد.";
      g_clear_pointer (&kase, peygir_case_free);
      kase = act_with (fixture->store, &follow);
    }
  if (state == PEYGIR_STATE_REFERRED)
    return id;

  advance_days (3);
  {
    PeygirActionRequest answer = PEYGIR_ACTION_REQUEST_INIT;

    answer.case_id = id;
    answer.action = PEYGIR_ACTION_ANSWER;
    answer.actor_login = "secretary";
    answer.referral_id = first_referral (fixture->store, id);
    answer.note = "حقوق معوقه متقاضی در فهرست پرداخت این ماه قرار گرفت.";
    g_clear_pointer (&kase, peygir_case_free);
    kase = act_with (fixture->store, &answer);
  }
  if (state == PEYGIR_STATE_ANSWERED)
    return id;

  advance_days (1);
  {
    PeygirActionRequest notify = PEYGIR_ACTION_REQUEST_INIT;

    notify.case_id = id;
    notify.action = PEYGIR_ACTION_NOTIFY;
    notify.actor_login = "expert";
    notify.channel = PEYGIR_CHANNEL_PHONE;
    notify.note = "نتیجه تلفنی به متقاضی اعلام شد.";
    g_clear_pointer (&kase, peygir_case_free);
    kase = act_with (fixture->store, &notify);
  }
  g_assert_cmpint (kase->state, ==, PEYGIR_STATE_CLOSED);
  return id;
}

/* A window around @child, @width wide and as tall as it needs when
 * @height is 1. */
static GtkWidget *
window_sized (GtkWidget *child,
              int        width,
              int        height)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_child (GTK_WINDOW (window), child);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);
  return window;
}

static GtkWidget *
window_with (GtkWidget *child,
             int        width)
{
  return window_sized (child, width, 1);
}

static PeygirWorkflowChart *
chart_for_case (StoreFixture *fixture,
                gint64        case_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirCase) kase = peygir_store_get_case (fixture->store, case_id, PEYGIR_CASE_DETAIL_NONE, &error);
  g_autoptr(GPtrArray) events = NULL;
  GtkWidget *chart = peygir_workflow_chart_new ();

  g_assert_no_error (error);
  events = peygir_store_list_events (fixture->store, case_id, &error);
  g_assert_no_error (error);
  peygir_workflow_chart_set_case (PEYGIR_WORKFLOW_CHART (chart), kase, events);
  return PEYGIR_WORKFLOW_CHART (chart);
}

static void
assert_highlighted (PeygirWorkflowChart *chart,
                    PeygirState          expected)
{
  PeygirState state = PEYGIR_N_STATES;

  g_assert_true (peygir_workflow_chart_get_highlighted (chart, &state, NULL));
  g_assert_cmpstr (peygir_state_to_string (state), ==, peygir_state_to_string (expected));
}

static void
test_chart_each_state (StoreFixture  *fixture,
                       gconstpointer  data G_GNUC_UNUSED)
{
  for (PeygirState s = 0; s < PEYGIR_N_STATES; s++)
    {
      gint64 id = case_in_state (fixture, s, 0);
      PeygirWorkflowChart *chart = chart_for_case (fixture, id);
      GtkWidget *window = window_with (GTK_WIDGET (chart), 1280);
      g_autofree char *name = g_strdup_printf ("chart-%s", peygir_state_to_string (s));
      const char *description = peygir_workflow_chart_get_description (chart);

      assert_highlighted (chart, s);
      g_assert_cmpuint (peygir_workflow_chart_get_follow_ups (chart), ==, 0);
      /* The description names the step the case is at. */
      g_assert_nonnull (strstr (description, peygir_state_label (s)));
      ui_screenshot (window, name);
      gtk_window_destroy (GTK_WINDOW (window));
    }
}

static void
test_chart_follow_ups (StoreFixture  *fixture,
                       gconstpointer  data G_GNUC_UNUSED)
{
  gint64 waiting = case_in_state (fixture, PEYGIR_STATE_REFERRED, 2);
  gint64 closed = case_in_state (fixture, PEYGIR_STATE_CLOSED, 2);
  PeygirWorkflowChart *chart = chart_for_case (fixture, waiting);
  GtkWidget *window = window_with (GTK_WIDGET (chart), 1280);
  PeygirState state;
  gboolean overdue_only;

  assert_highlighted (chart, PEYGIR_STATE_REFERRED);
  g_assert_cmpuint (peygir_workflow_chart_get_follow_ups (chart), ==, 2);
  /* The keyboard starts where the case stands. */
  peygir_workflow_chart_get_focused_step (chart, &state, &overdue_only);
  g_assert_cmpint (state, ==, PEYGIR_STATE_REFERRED);
  g_assert_false (overdue_only);
  {
    g_autofree char *registered = peygir_workflow_chart_dup_step_tooltip (chart, PEYGIR_STATE_REGISTERED, FALSE);
    g_autofree char *followed = peygir_workflow_chart_dup_step_tooltip (chart, PEYGIR_STATE_REFERRED, TRUE);
    g_autofree char *answered = peygir_workflow_chart_dup_step_tooltip (chart, PEYGIR_STATE_ANSWERED, FALSE);
    g_autofree char *persian = NULL;

    /* Who did it: the secretariat registered the case, the expert drafted
     * the referral that moved it on, and followed up twice. */
    g_assert_nonnull (strstr (registered, "رضا جعفری"));
    g_assert_nonnull (strstr (registered, "مریم کریمی"));
    g_assert_nonnull (strstr (followed, "مریم کریمی"));
    g_assert_nonnull (strstr (strstr (followed, "مریم کریمی") + 1, "مریم کریمی"));
    g_assert_nonnull (strstr (answered, _("The case has not been at this step.")));
    /* The description counts the follow-ups, in Persian digits. */
    persian = peygir_text_format_number (2);
    g_assert_nonnull (strstr (peygir_workflow_chart_get_description (chart), persian));
  }
  ui_screenshot (window, "chart-follow-ups");
  gtk_window_destroy (GTK_WINDOW (window));

  /* As wide as the case page's column: still right to left, the
   * terminals above and below the line. */
  chart = chart_for_case (fixture, waiting);
  window = window_with (GTK_WIDGET (chart), 900);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (chart)), <, gtk_widget_get_width (GTK_WIDGET (chart)) / 2);
  ui_screenshot (window, "chart-follow-ups-900");
  gtk_window_destroy (GTK_WINDOW (window));

  /* The smallest window: the chart turns to run top to bottom. */
  chart = chart_for_case (fixture, waiting);
  window = window_with (GTK_WIDGET (chart), 360);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (chart)), <=, 400);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (chart)), >, gtk_widget_get_width (GTK_WIDGET (chart)));
  ui_screenshot (window, "chart-follow-ups-narrow");
  gtk_window_destroy (GTK_WINDOW (window));

  chart = chart_for_case (fixture, closed);
  window = window_with (GTK_WIDGET (chart), 1280);
  assert_highlighted (chart, PEYGIR_STATE_CLOSED);
  g_assert_cmpuint (peygir_workflow_chart_get_follow_ups (chart), ==, 2);
  ui_screenshot (window, "chart-closed-after-follow-ups");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_chart_rejected_dark (StoreFixture  *fixture,
                          gconstpointer  data G_GNUC_UNUSED)
{
  gint64 id = case_in_state (fixture, PEYGIR_STATE_REJECTED, 0);
  AdwStyleManager *style = adw_style_manager_get_default ();
  PeygirWorkflowChart *chart;
  GtkWidget *window;

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  chart = chart_for_case (fixture, id);
  window = window_with (GTK_WIDGET (chart), 1280);
  assert_highlighted (chart, PEYGIR_STATE_REJECTED);
  ui_screenshot (window, "chart-rejected-dark");
  gtk_window_destroy (GTK_WINDOW (window));
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

/* The chart's actions take a parameter: activated directly, asserted to exist. */
static void
chart_activate (PeygirWorkflowChart *chart,
                const char          *action,
                const char          *parameter)
{
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (chart), action,
                                                     parameter != NULL ? g_variant_new_string (parameter) : NULL));
}

typedef struct
{
  guint       emitted;
  PeygirState state;
  gboolean    overdue_only;
} Activation;

static void
step_activated_cb (GtkWidget   *page G_GNUC_UNUSED,
                   PeygirState  state,
                   gboolean     overdue_only,
                   Activation  *activation)
{
  activation->emitted++;
  activation->state = state;
  activation->overdue_only = overdue_only;
}

static gboolean
page_loaded (gpointer data)
{
  return !peygir_office_page_get_loading (data);
}

/* The 100,000-case demo database, made once per build directory and
 * reused: the same file (name, seed) as the inbox's tests, so that one is
 * made for both. */
static char *
demo_database (void)
{
  const char *build = g_getenv ("PEYGIR_BUILD_DIR");
  g_autofree char *dir = g_build_filename (build != NULL ? build : ".", "cache", NULL);
  /* the name changes with the schema, so that an old cache is not reused */
  g_autofree char *name = g_strdup_printf ("ui-demo-%d-schema%d-answer-due.db", DEMO_CASES, PEYGIR_SCHEMA_VERSION);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *partial = g_strdup_printf ("%s.%d.partial", path, (int) getpid ());
  g_autoptr(GError) error = NULL;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&path);

  g_test_message ("Making the %d-case demo database %s (once, about two minutes)", DEMO_CASES, path);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  {
    g_autoptr(PeygirStore) store = peygir_store_open (partial, PEYGIR_STORE_OPEN_CREATE, &error);

    g_assert_no_error (error);
    g_assert_true (peygir_demo_fill (store, DEMO_CASES, 1, NULL, NULL, &error));
    g_assert_no_error (error);
  }
  /* Whole or not at all, for the next run to reuse. */
  g_assert_cmpint (g_rename (partial, path), ==, 0);
  return g_steal_pointer (&path);
}

static void
test_office_page (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  PeygirStepFigures history[PEYGIR_N_STATES];
  g_autoptr(PeygirStore) store = NULL;
  g_autoptr(PeygirSession) session = NULL;
  /* A reader of the figures: the page only reads. */
  const PeygirUser manager = { .id = 0, .login = (char *) "manager", .name = (char *) "manager",
                               .roles = PEYGIR_ROLE_MANAGER, .active = TRUE };
  PeygirOfficePage *page;
  GtkWidget *window;
  PeygirStepFigures figures[PEYGIR_N_STATES];
  Activation activation = { 0, };
  gint64 started, elapsed, total = 0;
  PeygirState bottleneck;

  /* The demo's cases are dated back from the clock of the test that made
   * it: the UI tests' day, most likely. */
  set_now (FIXTURE_NOW);
  path = demo_database ();
  store = peygir_store_open (path, PEYGIR_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  session = peygir_session_new (store, &manager);

  page = PEYGIR_OFFICE_PAGE (peygir_office_page_new ());
  g_signal_connect (page, "step-activated", G_CALLBACK (step_activated_cb), &activation);
  window = window_sized (GTK_WIDGET (page), 1280, 720);

  started = g_get_monotonic_time ();
  peygir_office_page_set_session (page, session);
  g_assert_true (peygir_office_page_get_loading (page));
  ui_wait_for (page_loaded, page);
  elapsed = g_get_monotonic_time () - started;
  g_test_message ("The office's figures on %d cases in %" G_GINT64_FORMAT " ms",
                  DEMO_CASES, elapsed / 1000);
  /* Some 100 ms on a quiet machine; the benchmark holds it to its target,
   * since a shared machine makes timed assertions lie. */

  /* The store's query alone, as a second read, over the whole history. */
  started = g_get_monotonic_time ();
  g_assert_true (peygir_store_get_step_figures (store, 0, peygir_clock_now () + 1, history, &error));
  g_assert_no_error (error);
  elapsed = g_get_monotonic_time () - started;
  g_test_message ("The store's step figures on %d cases in %" G_GINT64_FORMAT " ms",
                  DEMO_CASES, elapsed / 1000);

  g_assert_true (peygir_office_page_get_figures (page, figures));
  for (PeygirState s = 0; s < PEYGIR_N_STATES; s++)
    {
      PeygirCaseQuery query = { 0, };

      query.states = PEYGIR_STATE_BIT (s);
      g_assert_cmpint (figures[s].open, ==, peygir_store_count_cases (store, &query, &error));
      g_assert_no_error (error);
      query.overdue_only = TRUE;
      g_assert_cmpint (figures[s].overdue, ==, peygir_store_count_cases (store, &query, &error));
      g_assert_no_error (error);
      total += figures[s].open;
    }
  g_assert_cmpint (total, ==, DEMO_CASES);
  g_assert_cmpint (history[PEYGIR_STATE_REFERRED].passages, >=, figures[PEYGIR_STATE_REFERRED].passages);
  g_assert_cmpint (history[PEYGIR_STATE_REFERRED].passages, >, 0);
  g_assert_cmpint (history[PEYGIR_STATE_RECEIVED].passages, >, DEMO_CASES / 2);

  /* The step where cases pile up stands out: the open one holding most. */
  g_assert_true (peygir_workflow_chart_get_highlighted (peygir_office_page_get_chart (page), &bottleneck, NULL));
  for (PeygirState s = 0; s < PEYGIR_N_STATES; s++)
    if (s != PEYGIR_STATE_CLOSED)
      g_assert_cmpint (figures[s].open, <=, figures[bottleneck].open);
  gtk_test_widget_wait_for_draw (window);
  ui_screenshot (window, "chart-office");

  /* A step chosen by name, and the late answers' follow-up step. */
  chart_activate (peygir_office_page_get_chart (page), "chart.activate-step", "with_manager");
  g_assert_cmpuint (activation.emitted, ==, 1);
  g_assert_cmpint (activation.state, ==, PEYGIR_STATE_WITH_MANAGER);
  g_assert_false (activation.overdue_only);
  chart_activate (peygir_office_page_get_chart (page), "chart.activate-step", "follow_up");
  g_assert_cmpuint (activation.emitted, ==, 2);
  g_assert_cmpint (activation.state, ==, PEYGIR_STATE_REFERRED);
  g_assert_true (activation.overdue_only);

  /* From the keyboard: up from the follow-up to the waiting, then one step
   * on along the flow (to the left, right to left), then Enter. */
  chart_activate (peygir_office_page_get_chart (page), "chart.move", "up");
  chart_activate (peygir_office_page_get_chart (page), "chart.move", "left");
  chart_activate (peygir_office_page_get_chart (page), "chart.activate", NULL);
  g_assert_cmpuint (activation.emitted, ==, 3);
  g_assert_cmpint (activation.state, ==, PEYGIR_STATE_ANSWERED);
  g_assert_false (activation.overdue_only);
  /* Back two steps to the manager, and up to the side path of rejection. */
  chart_activate (peygir_office_page_get_chart (page), "chart.move", "right");
  chart_activate (peygir_office_page_get_chart (page), "chart.move", "right");
  chart_activate (peygir_office_page_get_chart (page), "chart.move", "up");
  chart_activate (peygir_office_page_get_chart (page), "chart.activate", NULL);
  g_assert_cmpuint (activation.emitted, ==, 4);
  g_assert_cmpint (activation.state, ==, PEYGIR_STATE_REJECTED);

  gtk_window_destroy (GTK_WINDOW (window));

  page = PEYGIR_OFFICE_PAGE (peygir_office_page_new ());
  window = window_sized (GTK_WIDGET (page), 360, 1500);
  peygir_office_page_set_session (page, session);
  ui_wait_for (page_loaded, page);
  gtk_test_widget_wait_for_draw (window);
  ui_screenshot (window, "chart-office-narrow");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add ("/ui/chart/each-state", StoreFixture, NULL,
              fixture_set_up, test_chart_each_state, fixture_tear_down);
  g_test_add ("/ui/chart/follow-ups", StoreFixture, NULL,
              fixture_set_up, test_chart_follow_ups, fixture_tear_down);
  g_test_add ("/ui/chart/rejected-dark", StoreFixture, NULL,
              fixture_set_up, test_chart_rejected_dark, fixture_tear_down);
  g_test_add_func ("/ui/chart/office", test_office_page);

  return g_test_run ();
}
