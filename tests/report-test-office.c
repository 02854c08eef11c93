/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The working days of May 2026 after the 2nd, counted as the deadlines
 * count them: Fridays (1, 8, 15, 22, 29) skipped, the shipped Eid
 * al-Adha (6 Khordad 1405 = 27 May) and the office's own holiday on
 * 5 May added here. C(d), the working days in (2 May, d]:
 *   3:1  4:2  6:3  7:4  9:5  10:6  11:7  12:8  13:9  14:10  16:11  17:12
 *   18:13  19:14  20:15  21:16  23:17  24:18  25:19  26:20  28:21  30:22
 * Working days between two days: C(later) − C(earlier).
 *
 * 1  in person; referred to A on 3 May, answered 6 May (due 12 May:
 *    on time, C(6) − C(3) = 2 days), told in person 9 May:
 *    closed in C(9) = 5 days (6 without the holiday).
 * 2  by phone; waits for documents 3 → 10 May (C(10) − C(3) = 5 days
 *    paused), rejected 11 May, told by phone 12 May: C(12) − 5 = 3 days.
 * 3  in person; rejected 3 May, told in person 4 May (closed, C(4) = 2),
 *    reopened 6 May, rejected again 24 May, told in person 30 May: the
 *    last closing counts, C(30) = 22 days, past the 15-day target.
 * 4  in person; rejected 20 May, told by phone 2 June, after the period.
 * 5  in person, a complaint about A; a visit in person on 7 May; referred
 *    to A and B on 4 May (due 13 May); B followed up by phone on 14 May
 *    (a new deadline); A answers 18 May (late: C(18) − C(4) = 11 days),
 *    B 20 May (late for its first deadline: C(20) − C(4) = 13 days).
 * 6  in person on 29 April, before the period, left received. */
#include "report-test-office.h"

static gint64
new_case (StoreFixture  *fixture,
          const char    *when,
          gint64         agency_id,
          PeygirChannel  channel)
{
  g_autoptr(PeygirCaseDraft) draft = draft_new (agency_id, "قطعی مکرر آب", "آب محله قطع می‌شود.");
  g_autoptr(PeygirCase) kase = NULL;

  set_now (when);
  draft->channel = channel;
  kase = create_case (fixture, draft);
  return kase->id;
}

static void
step (StoreFixture *fixture,
      const char   *when,
      gint64        case_id,
      PeygirAction  action,
      const char   *login,
      const char   *note)
{
  g_autoptr(PeygirCase) kase = NULL;

  set_now (when);
  kase = act (fixture, case_id, action, login, note);
}

/* Notify (which closes) or a contact, by @channel. */
static void
reach (StoreFixture  *fixture,
       const char    *when,
       gint64         case_id,
       PeygirAction   action,
       PeygirChannel  channel)
{
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;
  g_autoptr(PeygirCase) kase = NULL;

  set_now (when);
  request.case_id = case_id;
  request.action = action;
  request.actor_login = "expert";
  request.channel = channel;
  request.note = "به متقاضی اعلام شد.";
  kase = act_request (fixture, &request);
}

/* The referral of @case_id to @agency_id: answered, or followed up. */
static void
on_referral (StoreFixture *fixture,
             const char   *when,
             gint64        case_id,
             gint64        agency_id,
             PeygirAction  action)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirCase) kase = NULL;
  g_autoptr(PeygirCase) after = NULL;
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;

  set_now (when);
  kase = peygir_store_get_case (fixture->store, case_id, PEYGIR_CASE_DETAIL_REFERRALS, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < kase->referrals->len; i++)
    if (((PeygirReferral *) g_ptr_array_index (kase->referrals, i))->agency_id == agency_id)
      request.referral_id = ((PeygirReferral *) g_ptr_array_index (kase->referrals, i))->id;
  g_assert_cmpint (request.referral_id, >, 0);
  request.case_id = case_id;
  request.action = action;
  if (action == PEYGIR_ACTION_ANSWER)
    {
      request.actor_login = "secretary";
      request.note = "موضوع بررسی و رفع شد.";
    }
  else
    {
      request.actor_login = "expert";
      request.channel = PEYGIR_CHANNEL_PHONE;
    }
  after = act_request (fixture, &request);
}

static void
refer (StoreFixture *fixture,
       const char   *when,
       gint64        case_id,
       const gint64 *agencies,
       guint         n_agencies)
{
  g_autoptr(PeygirCase) registered = NULL;
  g_autoptr(PeygirCase) referred = NULL;

  set_now (when);
  registered = review_and_register (fixture, case_id);
  referred = refer_and_dispatch (fixture, case_id, agencies, n_agencies);
}

void
report_office_script (StoreFixture *fixture)
{
  g_autoptr(GError) error = NULL;
  PeygirHoliday holiday = { 0, };
  gint64 both[2] = { fixture->agency_a, fixture->agency_b };
  gint64 c1, c2, c3, c4, c5;

  set_now ("2026-04-29T09:00:00+03:30");
  holiday.day = 20260505;
  holiday.name = (char *) "تعطیلی اداره";
  g_assert_true (peygir_store_add_holiday (fixture->store, "admin", &holiday, &error));
  g_assert_no_error (error);
  g_assert_true (peygir_store_set_setting (fixture->store, "admin", PEYGIR_SETTING_REPORT_RANK_MINIMUM, "2", &error));
  g_assert_no_error (error);
  new_case (fixture, "2026-04-29T09:00:00+03:30", 0, PEYGIR_CHANNEL_IN_PERSON);

  c1 = new_case (fixture, "2026-05-02T09:00:00+03:30", 0, PEYGIR_CHANNEL_IN_PERSON);
  c2 = new_case (fixture, "2026-05-02T09:10:00+03:30", 0, PEYGIR_CHANNEL_PHONE);
  c3 = new_case (fixture, "2026-05-02T09:20:00+03:30", 0, PEYGIR_CHANNEL_IN_PERSON);
  c4 = new_case (fixture, "2026-05-02T09:30:00+03:30", 0, PEYGIR_CHANNEL_IN_PERSON);
  c5 = new_case (fixture, "2026-05-02T09:40:00+03:30", fixture->agency_a, PEYGIR_CHANNEL_IN_PERSON);
  step (fixture, "2026-05-02T10:00:00+03:30", c2, PEYGIR_ACTION_REVIEW, "expert", NULL);
  step (fixture, "2026-05-02T10:00:00+03:30", c3, PEYGIR_ACTION_REVIEW, "expert", NULL);
  step (fixture, "2026-05-02T10:00:00+03:30", c4, PEYGIR_ACTION_REVIEW, "expert", NULL);

  refer (fixture, "2026-05-03T09:00:00+03:30", c1, both, 1);
  step (fixture, "2026-05-03T10:00:00+03:30", c2, PEYGIR_ACTION_AWAIT_DOCUMENTS, "expert", NULL);
  step (fixture, "2026-05-03T11:00:00+03:30", c3, PEYGIR_ACTION_REJECT, "expert", "خارج از حیطه وظایف دفتر");
  refer (fixture, "2026-05-04T09:00:00+03:30", c5, both, 2);
  reach (fixture, "2026-05-04T10:00:00+03:30", c3, PEYGIR_ACTION_NOTIFY, PEYGIR_CHANNEL_IN_PERSON);
  on_referral (fixture, "2026-05-06T09:00:00+03:30", c1, fixture->agency_a, PEYGIR_ACTION_ANSWER);
  step (fixture, "2026-05-06T10:00:00+03:30", c3, PEYGIR_ACTION_REOPEN, "manager", "اعتراض متقاضی به پاسخ");
  reach (fixture, "2026-05-07T09:00:00+03:30", c5, PEYGIR_ACTION_CONTACT, PEYGIR_CHANNEL_IN_PERSON);
  reach (fixture, "2026-05-09T09:00:00+03:30", c1, PEYGIR_ACTION_NOTIFY, PEYGIR_CHANNEL_IN_PERSON);
  step (fixture, "2026-05-10T09:00:00+03:30", c2, PEYGIR_ACTION_DOCUMENTS_RECEIVED, "expert", NULL);
  step (fixture, "2026-05-11T09:00:00+03:30", c2, PEYGIR_ACTION_REJECT, "expert", "مدارک کافی نیست");
  reach (fixture, "2026-05-12T09:00:00+03:30", c2, PEYGIR_ACTION_NOTIFY, PEYGIR_CHANNEL_PHONE);
  on_referral (fixture, "2026-05-14T09:00:00+03:30", c5, fixture->agency_b, PEYGIR_ACTION_FOLLOW_UP);
  on_referral (fixture, "2026-05-18T09:00:00+03:30", c5, fixture->agency_a, PEYGIR_ACTION_ANSWER);
  on_referral (fixture, "2026-05-20T09:00:00+03:30", c5, fixture->agency_b, PEYGIR_ACTION_ANSWER);
  step (fixture, "2026-05-20T10:00:00+03:30", c4, PEYGIR_ACTION_REJECT, "expert", "تکراری");
  step (fixture, "2026-05-24T09:00:00+03:30", c3, PEYGIR_ACTION_REJECT, "expert", "اعتراض وارد نیست");
  reach (fixture, "2026-05-30T09:00:00+03:30", c3, PEYGIR_ACTION_NOTIFY, PEYGIR_CHANNEL_IN_PERSON);
  reach (fixture, "2026-06-02T09:00:00+03:30", c4, PEYGIR_ACTION_NOTIFY, PEYGIR_CHANNEL_PHONE);
  set_now ("2026-06-03T09:00:00+03:30");
}
