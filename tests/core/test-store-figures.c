/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <locale.h>

#include "peygir-clock.h"
#include "peygir-demo.h"
#include "peygir-store.h"
#include "peygir-test-util.h"

/* A Saturday in Ordibehesht 1405. */
#define NOW "2026-05-02T09:00:00+03:30"

typedef struct
{
  char        *dir;
  PeygirStore *store;
} Fixture;

static gint64
moment (const char *iso)
{
  gint64 at = 0;

  g_assert_true (peygir_clock_parse_iso8601 (iso, &at));
  return at;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  peygir_clock_set_now (moment (NOW));
  fixture->dir = peygir_test_dir_new ();
  path = g_build_filename (fixture->dir, "peygir.db", NULL);
  fixture->store = peygir_store_open (path, PEYGIR_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data G_GNUC_UNUSED)
{
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->dir, peygir_test_dir_free);
  peygir_clock_set_now (0);
}

static gint64
count_cases (PeygirStore *store,
             PeygirState  state,
             gboolean     overdue_only)
{
  g_autoptr(GError) error = NULL;
  PeygirCaseQuery query = { 0, };
  gint64 n;

  query.states = PEYGIR_STATE_BIT (state);
  query.overdue_only = overdue_only;
  n = peygir_store_count_cases (store, &query, &error);
  g_assert_no_error (error);
  return n;
}

/* Overdue and service-delayed cases counted the slow way, case by case. */
static void
count_delays (PeygirStore *store,
              PeygirState  state,
              gint64      *service_overdue)
{
  g_autoptr(GError) error = NULL;
  PeygirCaseQuery query = { 0, };

  *service_overdue = 0;
  query.states = PEYGIR_STATE_BIT (state);
  query.limit = 500;
  for (;;)
    {
      g_autoptr(GPtrArray) page = peygir_store_list_cases (store, &query, &error);
      const PeygirCase *last;

      g_assert_no_error (error);
      for (guint i = 0; i < page->len; i++)
        if (((PeygirCase *) g_ptr_array_index (page, i))->service_overdue)
          (*service_overdue)++;
      if (page->len < query.limit)
        break;
      last = g_ptr_array_index (page, page->len - 1);
      query.has_cursor = TRUE;
      query.after_key = peygir_case_sort_key (last, query.sort);
      query.after_id = last->id;
    }
}

static void
test_figures_match_counts (Fixture       *fixture,
                           gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  PeygirStepFigures figures[PEYGIR_N_STATES];
  gint64 total_passages = 0;

  g_assert_true (peygir_demo_fill (fixture->store, 1500, 5, NULL, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (peygir_store_get_step_figures (fixture->store, 0, peygir_clock_now () + 1,
                                                figures, &error));
  g_assert_no_error (error);

  for (guint s = 0; s < PEYGIR_N_STATES; s++)
    {
      gint64 service_overdue;

      g_assert_cmpint (figures[s].open, ==, count_cases (fixture->store, s, FALSE));
      g_assert_cmpint (figures[s].overdue, ==, count_cases (fixture->store, s, TRUE));
      count_delays (fixture->store, s, &service_overdue);
      g_assert_cmpint (figures[s].service_overdue, ==, service_overdue);
      g_assert_cmpint (figures[s].average_seconds, >=, 0);
      if (figures[s].passages == 0)
        g_assert_cmpint (figures[s].average_seconds, ==, 0);
      total_passages += figures[s].passages;
    }
  /* Every case passed through received; most moved on. */
  g_assert_cmpint (figures[PEYGIR_STATE_RECEIVED].passages, >, 0);
  g_assert_cmpint (figures[PEYGIR_STATE_REFERRED].passages, >, 0);
  g_assert_cmpint (figures[PEYGIR_STATE_REFERRED].overdue, >, 0);
  /* Closed cases leave only when reopened. */
  g_assert_cmpint (figures[PEYGIR_STATE_CLOSED].passages, <, figures[PEYGIR_STATE_RECEIVED].passages / 10);
  g_assert_cmpint (total_passages, >, 1500);
}

static gint64
new_case (PeygirStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirCaseDraft) draft = peygir_case_draft_new ();
  g_autoptr(PeygirCase) kase = NULL;

  draft->kind = PEYGIR_KIND_REQUEST;
  draft->applicant.type = PEYGIR_APPLICANT_CITIZEN;
  draft->applicant.name = g_strdup ("زهرا احمدی");
  draft->applicant.national_id = g_strdup ("0012345679");
  draft->applicant.mobile = g_strdup ("09121234567");
  draft->subject = g_strdup ("درخواست پیگیری پروانه");
  draft->description = g_strdup ("پرونده پروانه ساختمانی سه ماه است بی‌پاسخ مانده است.");
  draft->category = PEYGIR_CATEGORY_PROPERTY;
  draft->channel = PEYGIR_CHANNEL_IN_PERSON;
  kase = peygir_store_create_case (store, "expert", draft, &error);
  g_assert_no_error (error);
  return kase->id;
}

static void
act (PeygirStore  *store,
     gint64        case_id,
     PeygirAction  action,
     const char   *login,
     const char   *note)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirCase) kase = NULL;
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;

  request.case_id = case_id;
  request.action = action;
  request.actor_login = login;
  request.note = note;
  if (action == PEYGIR_ACTION_CONTACT)
    request.channel = PEYGIR_CHANNEL_PHONE;
  kase = peygir_store_apply_action (store, &request, &error);
  g_assert_no_error (error);
}

/* Stays are measured from the event that entered the state to the one that
 * left it; actions that keep the state do not end a stay, and the period
 * picks stays by the day they ended. */
static void
test_average_stays (Fixture       *fixture,
                    gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirUser) admin = NULL;
  g_autoptr(PeygirUser) expert = NULL;
  PeygirStepFigures figures[PEYGIR_N_STATES];
  gint64 first, second;

  admin = peygir_store_add_user (fixture->store, NULL, "admin", "مدیر سامانه", PEYGIR_ROLE_ADMIN, &error);
  g_assert_no_error (error);
  expert = peygir_store_add_user (fixture->store, "admin", "expert", "مریم کریمی",
                                  PEYGIR_ROLE_EXPERT, &error);
  g_assert_no_error (error);

  peygir_clock_set_now (moment ("2026-05-02T09:00:00+03:30"));
  first = new_case (fixture->store);
  peygir_clock_set_now (moment ("2026-05-02T10:00:00+03:30"));
  second = new_case (fixture->store);
  /* Received for two hours and for four. */
  peygir_clock_set_now (moment ("2026-05-02T11:00:00+03:30"));
  act (fixture->store, first, PEYGIR_ACTION_REVIEW, "expert", NULL);
  peygir_clock_set_now (moment ("2026-05-02T12:00:00+03:30"));
  act (fixture->store, first, PEYGIR_ACTION_CONTACT, "expert", "تماس تلفنی با متقاضی");
  peygir_clock_set_now (moment ("2026-05-02T14:00:00+03:30"));
  act (fixture->store, second, PEYGIR_ACTION_REVIEW, "expert", NULL);
  /* In review for a day, ending the next day. */
  peygir_clock_set_now (moment ("2026-05-03T11:00:00+03:30"));
  act (fixture->store, first, PEYGIR_ACTION_REJECT, "expert", "خارج از حیطه وظایف دفتر");

  g_assert_true (peygir_store_get_step_figures (fixture->store, moment ("2026-05-02T00:00:00+03:30"),
                                                moment ("2026-05-04T00:00:00+03:30"), figures, &error));
  g_assert_no_error (error);
  g_assert_cmpint (figures[PEYGIR_STATE_RECEIVED].passages, ==, 2);
  g_assert_cmpint (figures[PEYGIR_STATE_RECEIVED].average_seconds, ==, 3 * 3600);
  g_assert_cmpint (figures[PEYGIR_STATE_IN_REVIEW].passages, ==, 1);
  g_assert_cmpint (figures[PEYGIR_STATE_IN_REVIEW].average_seconds, ==, 24 * 3600);
  g_assert_cmpint (figures[PEYGIR_STATE_IN_REVIEW].open, ==, 1);
  g_assert_cmpint (figures[PEYGIR_STATE_REJECTED].open, ==, 1);
  g_assert_cmpint (figures[PEYGIR_STATE_REJECTED].passages, ==, 0);

  /* Only the second day: the review that ended then. */
  g_assert_true (peygir_store_get_step_figures (fixture->store, moment ("2026-05-03T00:00:00+03:30"),
                                                moment ("2026-05-04T00:00:00+03:30"), figures, &error));
  g_assert_no_error (error);
  g_assert_cmpint (figures[PEYGIR_STATE_RECEIVED].passages, ==, 0);
  g_assert_cmpint (figures[PEYGIR_STATE_RECEIVED].average_seconds, ==, 0);
  g_assert_cmpint (figures[PEYGIR_STATE_IN_REVIEW].passages, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/core/store/figures/match-counts", Fixture, NULL,
              fixture_set_up, test_figures_match_counts, fixture_tear_down);
  g_test_add ("/core/store/figures/average-stays", Fixture, NULL,
              fixture_set_up, test_average_stays, fixture_tear_down);

  return g_test_run ();
}
