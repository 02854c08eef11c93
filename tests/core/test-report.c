/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The office's report (peygir-report.h) of a scripted month, against the
 * figures worked out by hand, on a file and on the server. */
#include <locale.h>

#include "peygir-demo.h"
#include "peygir-report.h"
#include "store-test-fixture.h"
#include "report-test-office.h"

static const PeygirReportCount *
find_count (GPtrArray  *counts,
            const char *key)
{
  for (guint i = 0; i < counts->len; i++)
    {
      const PeygirReportCount *count = g_ptr_array_index (counts, i);

      if (g_strcmp0 (count->key, key) == 0)
        return count;
    }
  g_assert_not_reached ();
}

static const PeygirReportAgency *
find_agency (PeygirReport *report,
             gint64        id)
{
  for (guint i = 0; i < report->agencies->len; i++)
    {
      const PeygirReportAgency *agency = g_ptr_array_index (report->agencies, i);

      if (agency->id == id)
        return agency;
    }
  g_assert_not_reached ();
}

/* @report's close_days are @expected (ascending), -1 ending them. */
static void
assert_close_days (const PeygirReport *report,
                   const int          *expected)
{
  guint n = 0;

  while (expected[n] >= 0)
    n++;
  g_assert_cmpuint (report->close_days->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (g_array_index (report->close_days, int, i), ==, expected[i]);
}

static void
assert_month (const PeygirReport *report,
              guint               index,
              const char         *key,
              gint64              count)
{
  const PeygirReportCount *month = g_ptr_array_index (report->by_month, index);

  g_assert_cmpstr (month->key, ==, key);
  g_assert_null (month->name);
  g_assert_cmpint (month->count, ==, count);
}

static void
test_scripted_month (StoreFixture  *fixture,
                     gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirReport) report = NULL;
  g_autofree char *agency_a = g_strdup_printf ("%" G_GINT64_FORMAT, fixture->agency_a);
  const PeygirReportAgency *a, *b;
  const PeygirReportExpert *expert = NULL;

  report_office_script (fixture);
  set_now ("2026-06-10T09:00:00+03:30");
  report = peygir_store_get_report (fixture->store, 20260502, 20260531, &error);
  g_assert_no_error (error);

  /* cases 1–5 came in the month, case 6 before it */
  g_assert_cmpint (report->received, ==, 5);
  g_assert_cmpint (find_count (report->by_kind, "request")->count, ==, 4);
  g_assert_cmpint (find_count (report->by_kind, "complaint")->count, ==, 1);
  g_assert_cmpint (find_count (report->by_channel, "in_person")->count, ==, 4);
  g_assert_cmpint (find_count (report->by_channel, "phone")->count, ==, 1);
  g_assert_cmpint (find_count (report->by_applicant_type, "citizen")->count, ==, 5);
  g_assert_cmpint (find_count (report->by_category, "utilities")->count, ==, 5);
  g_assert_cmpint (find_count (report->by_agency, "")->count, ==, 4);
  g_assert_cmpint (find_count (report->by_agency, agency_a)->count, ==, 1);
  g_assert_cmpstr (find_count (report->by_agency, agency_a)->name, ==, FIXTURE_AGENCY_A);
  /* 2–31 May is 12 Ordibehesht – 10 Khordad 1405: all five came on the
   * 12th of Ordibehesht, Khordad is there with none */
  g_assert_cmpuint (report->by_month->len, ==, 2);
  assert_month (report, 0, "1405-02", 5);
  assert_month (report, 1, "1405-03", 0);

  /* closed: 1, 2 and 3 (twice, counted once); 4 only on 2026-06-02 */
  g_assert_cmpint (report->closed, ==, 3);
  /* rejected: 2, 3 (twice) and 4 */
  g_assert_cmpint (report->rejected, ==, 3);
  /* open on 05-31: 4 rejected, 5 answered, 6 received */
  g_assert_cmpint (report->open_at_end, ==, 3);
  g_assert_cmpint (find_count (report->open_by_state, "rejected")->count, ==, 1);
  g_assert_cmpint (find_count (report->open_by_state, "answered")->count, ==, 1);
  g_assert_cmpint (find_count (report->open_by_state, "received")->count, ==, 1);
  g_assert_cmpint (find_count (report->open_by_state, "referred")->count, ==, 0);

  /* days to close 5, 3, 22 (see report-test-office.c): mean 30/3,
   * median 5, nearest rank ⌈0.9·3⌉ = 3rd = 22, 2 of 3 within 15 */
  g_assert_cmpfloat_with_epsilon (report->days_mean, 10.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (report->days_median, 5.0, 1e-9);
  g_assert_cmpint (report->days_p90, ==, 22);
  g_assert_cmpfloat_with_epsilon (report->within_target_percent, 200.0 / 3, 1e-9);
  g_assert_cmpint (report->service_days, ==, 15);
  assert_close_days (report, (const int[]) { 3, 5, 22, -1 });

  /* 4 taken in in person + 4 contacts in person in the month, over 5 */
  g_assert_cmpfloat_with_epsilon (report->visits_per_case, 8.0 / 5, 1e-9);

  /* A: case 1 on time in 2 days, case 5 late in 11; B: late in 13, after
   * a follow-up whose new deadline it met */
  g_assert_cmpint (report->rank_minimum, ==, 2);
  g_assert_cmpuint (report->agencies->len, ==, 2);
  a = find_agency (report, fixture->agency_a);
  b = find_agency (report, fixture->agency_b);
  g_assert_true (g_ptr_array_index (report->agencies, 0) == a);
  g_assert_cmpstr (a->name, ==, FIXTURE_AGENCY_A);
  g_assert_cmpint (a->referred, ==, 2);
  g_assert_cmpint (a->answered, ==, 2);
  g_assert_cmpint (a->answered_on_time, ==, 1);
  g_assert_cmpfloat_with_epsilon (a->mean_answer_days, 6.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (a->median_answer_days, 6.5, 1e-9);
  g_assert_cmpint (a->follow_ups, ==, 0);
  g_assert_true (a->ranked);
  g_assert_cmpint (b->referred, ==, 1);
  g_assert_cmpint (b->answered, ==, 1);
  g_assert_cmpint (b->answered_on_time, ==, 0);
  g_assert_cmpfloat_with_epsilon (b->mean_answer_days, 13.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (b->median_answer_days, 13.0, 1e-9);
  g_assert_cmpint (b->follow_ups, ==, 1);
  g_assert_false (b->ranked);

  /* the expert took in cases 1–5 in the month; holds 5 and 6 open now */
  for (guint i = 0; i < report->experts->len; i++)
    if (g_str_equal (((PeygirReportExpert *) g_ptr_array_index (report->experts, i))->login, "expert"))
      expert = g_ptr_array_index (report->experts, i);
  g_assert_nonnull (expert);
  g_assert_cmpuint (report->experts->len, ==, 1);
  g_assert_cmpint (expert->handled, ==, 5);
  g_assert_cmpint (expert->open_now, ==, 2);
  g_assert_cmpint (expert->overdue_now, ==, 0);
}

/* The days of May up to the 9th only: case 1 closed, the others open. */
static void
test_period_cut (StoreFixture  *fixture,
                 gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirReport) report = NULL;

  report_office_script (fixture);
  report = peygir_store_get_report (fixture->store, 20260502, 20260509, &error);
  g_assert_no_error (error);
  g_assert_cmpint (report->received, ==, 5);
  g_assert_cmpint (report->closed, ==, 2);      /* 1 on 05-09, 3 on 05-04 */
  g_assert_cmpint (report->rejected, ==, 1);    /* 3 on 05-03 */
  /* 2 in review (paused), 3 in review again, 4 in review, 5 referred, 6 received */
  g_assert_cmpint (report->open_at_end, ==, 5);
  g_assert_cmpint (find_count (report->open_by_state, "in_review")->count, ==, 3);
  g_assert_cmpint (find_count (report->open_by_state, "received")->count, ==, 1);
  g_assert_cmpint (find_count (report->open_by_state, "referred")->count, ==, 1);
  /* 1 in 5 days, 3 in 2 */
  g_assert_cmpfloat_with_epsilon (report->days_mean, 3.5, 1e-9);
  g_assert_cmpint (report->days_p90, ==, 5);
  g_assert_cmpfloat_with_epsilon (report->within_target_percent, 100.0, 1e-9);
  assert_close_days (report, (const int[]) { 2, 5, -1 });
  g_assert_cmpuint (report->by_month->len, ==, 1);
  assert_month (report, 0, "1405-02", 5);
  /* A answered case 1 only; case 5's referrals are open: nothing to average for B */
  g_assert_cmpint (find_agency (report, fixture->agency_a)->answered, ==, 1);
  g_assert_cmpint (find_agency (report, fixture->agency_b)->answered, ==, 0);
  g_assert_cmpint (find_agency (report, fixture->agency_b)->follow_ups, ==, 0);
}

static void
tell_by_phone (StoreFixture *fixture,
               gint64        case_id)
{
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;
  g_autoptr(PeygirCase) kase = NULL;

  request.case_id = case_id;
  request.action = PEYGIR_ACTION_NOTIFY;
  request.actor_login = "expert";
  request.channel = PEYGIR_CHANNEL_PHONE;
  kase = act_request (fixture, &request);
}

static double
days_to_close (StoreFixture *fixture,
               PeygirDay     to)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirReport) report = peygir_store_get_report (fixture->store, 20260502, to, &error);

  g_assert_no_error (error);
  g_assert_cmpint (report->closed, ==, 1);
  return report->days_mean;
}

/* A case closed while it waited for documents: the pause ends with the
 * closing, and a reopened round's pause adds to it. Working days after
 * 2 May (no office holiday here): 4:2  6:4  7:5  9:6  10:7  12:9  14:11. */
static void
test_pause_ended_by_closing (StoreFixture  *fixture,
                             gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(PeygirCase) kase = create_simple_case (fixture);
  const struct
  {
    const char   *when;
    PeygirAction  action;
    const char   *login;
    const char   *note;
  } steps[] = {
    { "2026-05-02T10:00:00+03:30", PEYGIR_ACTION_REVIEW, "expert", NULL },
    { "2026-05-04T10:00:00+03:30", PEYGIR_ACTION_AWAIT_DOCUMENTS, "expert", NULL },
    { "2026-05-06T10:00:00+03:30", PEYGIR_ACTION_REJECT, "expert", "مدارک نرسید" },
    { "2026-05-07T10:00:00+03:30", PEYGIR_ACTION_NOTIFY, NULL, NULL },
    { "2026-05-09T10:00:00+03:30", PEYGIR_ACTION_REOPEN, "manager", "مدارک رسید" },
    { "2026-05-10T10:00:00+03:30", PEYGIR_ACTION_AWAIT_DOCUMENTS, "expert", NULL },
    { "2026-05-12T10:00:00+03:30", PEYGIR_ACTION_DOCUMENTS_RECEIVED, "expert", NULL },
    { "2026-05-13T10:00:00+03:30", PEYGIR_ACTION_REJECT, "expert", "خارج از حیطه وظایف دفتر" },
    { "2026-05-14T10:00:00+03:30", PEYGIR_ACTION_NOTIFY, NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      set_now (steps[i].when);
      if (steps[i].action == PEYGIR_ACTION_NOTIFY)
        tell_by_phone (fixture, kase->id);
      else
        {
          g_autoptr(PeygirCase) after = act (fixture, kase->id, steps[i].action, steps[i].login, steps[i].note);
        }
    }
  /* first round: 5 days to 7 May, less the pause 4 → 7 May (5 − 2 = 3) */
  g_assert_cmpfloat_with_epsilon (days_to_close (fixture, 20260507), 2.0, 1e-9);
  /* both: 11 days to 14 May, less 3 and the pause 10 → 12 May (9 − 7 = 2) */
  g_assert_cmpfloat_with_epsilon (days_to_close (fixture, 20260514), 6.0, 1e-9);
}

static void
test_period_refused (StoreFixture  *fixture,
                     gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirReport) report = peygir_store_get_report (fixture->store, 20260510, 20260509, &error);

  g_assert_null (report);
  g_assert_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_DATE);
}

static gint64
count_cases (StoreFixture *fixture,
             guint         states,
             gint64        expert_id)
{
  g_autoptr(GError) error = NULL;
  PeygirCaseQuery query = { 0, };
  gint64 n;

  query.states = states;
  query.expert_id = expert_id;
  n = peygir_store_count_cases (fixture->store, &query, &error);
  g_assert_no_error (error);
  return n;
}

/* Over more cases than a page holds, the paged walk neither skips nor
 * repeats: a period up to today agrees with the counts of the cases now. */
static void
test_pages_agree_with_counts (StoreFixture  *fixture,
                              gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirReport) report = NULL;
  gint64 sum = 0;

  g_assert_true (peygir_demo_fill (fixture->store, 1200, 7, NULL, NULL, &error));
  g_assert_no_error (error);
  report = peygir_store_get_report (fixture->store, 20200101, peygir_day_today (), &error);
  g_assert_no_error (error);

  g_assert_cmpint (report->received, ==, count_cases (fixture, 0, 0));
  for (guint i = 0; i < report->by_kind->len; i++)
    sum += ((PeygirReportCount *) g_ptr_array_index (report->by_kind, i))->count;
  g_assert_cmpint (sum, ==, report->received);
  sum = 0;
  for (guint i = 0; i < report->by_month->len; i++)
    sum += ((PeygirReportCount *) g_ptr_array_index (report->by_month, i))->count;
  g_assert_cmpint (sum, ==, report->received);
  g_assert_cmpuint (report->close_days->len, ==, report->closed);
  for (guint i = 1; i < report->close_days->len; i++)
    g_assert_cmpint (g_array_index (report->close_days, int, i - 1), <=,
                     g_array_index (report->close_days, int, i));
  g_assert_cmpint (report->open_at_end, ==, count_cases (fixture, PEYGIR_STATES_OPEN, 0));
  for (PeygirState s = 0; s < PEYGIR_STATE_CLOSED; s++)
    g_assert_cmpint (find_count (report->open_by_state, peygir_state_to_string (s))->count, ==,
                     count_cases (fixture, PEYGIR_STATE_BIT (s), 0));
  for (guint i = 0; i < report->experts->len; i++)
    {
      const PeygirReportExpert *expert = g_ptr_array_index (report->experts, i);

      g_assert_cmpint (expert->open_now, ==, count_cases (fixture, PEYGIR_STATES_OPEN, expert->id));
    }
  g_assert_cmpint (report->closed, >, 0);
  g_assert_cmpint (report->agencies->len, >, 0);
}

/* A year's months from a day inside the first to one inside the last:
 * thirteen lines, the first and the last months cut; and a boxed copy
 * that owns its own figures. */
static void
test_months_and_copy (StoreFixture  *fixture,
                      gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirReport) report = NULL;
  PeygirReport *copy;

  report_office_script (fixture);
  /* 15 Farvardin 1405 … 10 Farvardin 1406 */
  report = peygir_store_get_report (fixture->store, 20260404, 20270330, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->by_month->len, ==, 13);
  assert_month (report, 0, "1405-01", 0);
  assert_month (report, 1, "1405-02", 6);
  assert_month (report, 11, "1405-12", 0);
  assert_month (report, 12, "1406-01", 0);

  copy = g_boxed_copy (PEYGIR_TYPE_REPORT, report);
  g_clear_pointer (&report, peygir_report_free);
  g_assert_cmpint (copy->received, ==, 6);
  assert_month (copy, 1, "1405-02", 6);
  /* case 4 told on 2 June too: C(2 June) = 25 */
  assert_close_days (copy, (const int[]) { 3, 5, 22, 25, -1 });
  g_assert_cmpuint (copy->agencies->len, ==, 2);
  g_assert_cmpstr (((PeygirReportAgency *) g_ptr_array_index (copy->agencies, 0))->name, ==,
                   FIXTURE_AGENCY_A);
  g_boxed_free (PEYGIR_TYPE_REPORT, copy);
}

/* The scorecard's ranking minimum: 5 on a new database, a positive number. */
static void
test_rank_minimum_setting (StoreFixture  *fixture,
                           gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirReport) report = NULL;

  g_assert_cmpint (peygir_store_get_setting_int (fixture->store, PEYGIR_SETTING_REPORT_RANK_MINIMUM, 0), ==, 5);
  g_assert_false (peygir_store_set_setting (fixture->store, "admin", PEYGIR_SETTING_REPORT_RANK_MINIMUM, "0", &error));
  g_assert_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (peygir_store_set_setting (fixture->store, "admin", PEYGIR_SETTING_REPORT_RANK_MINIMUM, "3", &error));
  g_assert_no_error (error);
  report = peygir_store_get_report (fixture->store, 20260502, 20260502, &error);
  g_assert_no_error (error);
  g_assert_cmpint (report->rank_minimum, ==, 3);
}

/* Every action of the scripted month kept the figures as the history
 * has them (check computes them again); a case's day of receipt corrected
 * moves its figures; a figure changed behind the store's back is found,
 * and written anew from the history by an administrator. */
static void
test_figures_kept (StoreFixture  *fixture,
                   gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirReport) before = NULL;
  g_autoptr(PeygirReport) moved = NULL;
  g_autoptr(PeygirReport) repaired = NULL;
  g_autoptr(PeygirCase) kase = NULL;
  g_autoptr(PeygirCase) edited = NULL;
  g_autoptr(PeygirCaseDraft) draft = NULL;

  report_office_script (fixture);
  g_assert_true (peygir_store_check (fixture->store, &error));
  g_assert_no_error (error);
  before = peygir_store_get_report (fixture->store, 20260502, 20260531, &error);
  g_assert_no_error (error);
  g_assert_cmpint (before->received, ==, 5);

  /* case 6, received on 29 April by phone: on 3 May, in person */
  kase = peygir_store_get_case (fixture->store, 1, PEYGIR_CASE_DETAIL_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kase->received_on, ==, 20260429);
  draft = draft_new (0, "قطعی مکرر آب", "آب محله قطع می‌شود.");
  draft->received_on = 20260503;
  draft->channel = PEYGIR_CHANNEL_PHONE;
  edited = peygir_store_update_case (fixture->store, "expert", kase->id, kase->version, draft, &error);
  g_assert_no_error (error);
  moved = peygir_store_get_report (fixture->store, 20260502, 20260531, &error);
  g_assert_no_error (error);
  g_assert_cmpint (moved->received, ==, 6);
  g_assert_cmpint (find_count (moved->by_channel, "phone")->count, ==,
                   find_count (before->by_channel, "phone")->count + 1);
  g_assert_cmpint (moved->open_at_end, ==, before->open_at_end);
  g_assert_true (peygir_store_check (fixture->store, &error));
  g_assert_no_error (error);

  g_assert_cmpint (sql_exec (fixture->path, "UPDATE report_tallies SET n = n + 1 WHERE figure = 'kind'"), ==, SQLITE_OK);
  g_assert_cmpint (sql_exec (fixture->path, "DELETE FROM report_tallies WHERE figure = 'closing'"), ==, SQLITE_OK);
  g_assert_false (peygir_store_check (fixture->store, &error));
  g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_FIGURES);
  g_clear_error (&error);

  g_assert_false (peygir_store_repair_figures (fixture->store, "expert", &error));
  g_assert_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  g_assert_true (peygir_store_repair_figures (fixture->store, "admin", &error));
  g_assert_no_error (error);
  g_assert_true (peygir_store_check (fixture->store, &error));
  g_assert_no_error (error);
  repaired = peygir_store_get_report (fixture->store, 20260502, 20260531, &error);
  g_assert_no_error (error);
  g_assert_cmpint (repaired->received, ==, moved->received);
  g_assert_cmpint (repaired->closed, ==, moved->closed);
  g_assert_cmpfloat (repaired->days_mean, ==, moved->days_mean);
  g_assert_cmpint (repaired->open_at_end, ==, moved->open_at_end);
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM events WHERE action = 'repair_figures'"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  store_test_add_both ("/core/report/scripted-month", test_scripted_month);
  store_test_add_both ("/core/report/period-cut", test_period_cut);
  store_test_add_both ("/core/report/pause-ended-by-closing", test_pause_ended_by_closing);
  store_test_add_both ("/core/report/period-refused", test_period_refused);
  store_test_add_both ("/core/report/rank-minimum-setting", test_rank_minimum_setting);
  store_test_add_both ("/core/report/months-and-copy", test_months_and_copy);
  store_test_add_both ("/core/report/figures-kept", test_figures_kept);
  /* a thousand cases through the demo: on the file only, as test-store-figures */
  g_test_add ("/core/report/pages-agree-with-counts", StoreFixture, NULL,
              fixture_set_up, test_pages_agree_with_counts, fixture_tear_down);

  return g_test_run ();
}
