/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <locale.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "peygir-demo.h"
#include "peygir-report.h"
#include "peygir-workflow.h"
#include "store-test-fixture.h"

/* Refused with @domain/@code, and the case and the audit log untouched. */
static void
assert_refused (StoreFixture              *fixture,
                const PeygirActionRequest *request,
                GQuark                     domain,
                int                        code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirCase) before = peygir_store_get_case (fixture->store, request->case_id,
                                                        PEYGIR_CASE_DETAIL_REFERRALS, &error);
  g_autoptr(PeygirCase) result = NULL;
  g_autoptr(PeygirCase) after = NULL;
  gint64 events = count_events (fixture);

  g_assert_no_error (error);
  result = peygir_store_apply_action (fixture->store, request, &error);
  g_assert_error (error, domain, code);
  g_assert_null (result);
  g_clear_error (&error);

  after = peygir_store_get_case (fixture->store, request->case_id, PEYGIR_CASE_DETAIL_REFERRALS, &error);
  g_assert_no_error (error);
  g_assert_cmpint (after->version, ==, before->version);
  g_assert_cmpint (after->state, ==, before->state);
  g_assert_cmpuint (after->referrals->len, ==, before->referrals->len);
  g_assert_cmpint (count_events (fixture), ==, events);
}

static void
assert_action_refused (StoreFixture *fixture,
                       gint64        case_id,
                       PeygirAction  action,
                       const char   *login,
                       const char   *note,
                       GQuark        domain,
                       int           code)
{
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;

  request.case_id = case_id;
  request.action = action;
  request.actor_login = login;
  request.note = note;
  assert_refused (fixture, &request, domain, code);
}

static PeygirCase *
refer_to_both (StoreFixture *fixture,
               gint64        case_id)
{
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;
  gint64 agencies[] = { fixture->agency_a, fixture->agency_b };

  request.case_id = case_id;
  request.action = PEYGIR_ACTION_REFER;
  request.actor_login = "expert";
  request.note = "احتراماً، شکایت پیوست جهت رسیدگی ارسال می‌گردد.";
  request.agency_ids = agencies;
  request.n_agency_ids = G_N_ELEMENTS (agencies);
  return act_request (fixture, &request);
}

static PeygirCase *
act_on_referral (StoreFixture *fixture,
                 gint64        case_id,
                 PeygirAction  action,
                 const char   *login,
                 gint64        referral_id,
                 const char   *note)
{
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;

  request.case_id = case_id;
  request.action = action;
  request.actor_login = login;
  request.referral_id = referral_id;
  request.note = note;
  return act_request (fixture, &request);
}

static gint64
count_overdue (StoreFixture *fixture)
{
  g_autoptr(GError) error = NULL;
  PeygirCaseQuery query = { .overdue_only = TRUE };
  gint64 n = peygir_store_count_cases (fixture->store, &query, &error);

  g_assert_no_error (error);
  return n;
}

static gint64
count_all_cases (StoreFixture *fixture)
{
  g_autoptr(GError) error = NULL;
  PeygirCaseQuery query = { 0 };
  gint64 n = peygir_store_count_cases (fixture->store, &query, &error);

  g_assert_no_error (error);
  return n;
}

/* Creation. */

static void
test_create_valid (StoreFixture  *fixture,
                   gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(PeygirCaseDraft) draft = draft_new (fixture->agency_a, "  قطعی مکرر آب ", "آب محله قطع می‌شود.");
  g_autoptr(PeygirCase) kase = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;

  g_free (draft->applicant.mobile);
  draft->applicant.mobile = g_strdup ("+98 912 ۱۲۳ ۴۵۶۷");
  kase = create_case (fixture, draft);

  g_assert_cmpint (kase->state, ==, PEYGIR_STATE_RECEIVED);
  g_assert_cmpint (kase->version, ==, 1);
  g_assert_cmpint (kase->round, ==, 1);
  g_assert_null (kase->registration_number);
  g_assert_true (peygir_tracking_code_is_valid (kase->tracking_code));
  g_assert_cmpstr (kase->subject, ==, "قطعی مکرر آب");
  g_assert_cmpstr (kase->applicant.mobile, ==, "09121234567");
  g_assert_cmpint (kase->received_on, ==, 20260502);
  g_assert_cmpint (kase->agency_id, ==, fixture->agency_a);
  g_assert_cmpstr (kase->agency_name, ==, "اداره کل آب و فاضلاب");
  g_assert_cmpint (kase->created_at, ==, tehran (FIXTURE_NOW));
  g_assert_false (kase->overdue);

  events = peygir_store_list_events (fixture->store, kase->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpstr (((PeygirEvent *) events->pdata[0])->action, ==, "create");
  g_assert_cmpstr (((PeygirEvent *) events->pdata[0])->to_state, ==, "received");
  g_assert_cmpint (count_all_cases (fixture), ==, 1);
}

static void
test_create_invalid (StoreFixture  *fixture,
                     gconstpointer  data G_GNUC_UNUSED)
{
  gint64 events = count_events (fixture);
  g_autofree char *wrong_id = national_id_from ("001234567");
  g_autoptr(GString) huge = g_string_new (NULL);
  enum { WRONG_ID, NO_NAME, NO_SUBJECT, NO_DESCRIPTION, CONTROL, HUGE, UNKNOWN_AGENCY, NO_AGENCY,
         BAD_MOBILE, NO_CONTACT, FUTURE, BAD_UTF8, N_BAD };

  /* a wrong check digit */
  wrong_id[9] = wrong_id[9] == '9' ? '0' : wrong_id[9] + 1;
  while (huge->len < 1024 * 1024)
    g_string_append (huge, "شرح بسیار طولانی ");

  for (int bad = 0; bad < N_BAD; bad++)
    {
      g_autoptr(PeygirCaseDraft) draft = draft_new (fixture->agency_a, "قطعی آب", "آب قطع است.");
      g_autoptr(PeygirCase) kase = NULL;
      g_autoptr(GError) error = NULL;
      GQuark domain = PEYGIR_INPUT_ERROR;
      int code = PEYGIR_INPUT_ERROR_INVALID;

      switch (bad)
        {
        case WRONG_ID:
          g_free (draft->applicant.national_id);
          draft->applicant.national_id = g_strdup (wrong_id);
          code = PEYGIR_INPUT_ERROR_NATIONAL_ID;
          break;
        case NO_NAME:
          g_clear_pointer (&draft->applicant.name, g_free);
          draft->applicant.name = g_strdup ("   ");
          code = PEYGIR_INPUT_ERROR_MISSING;
          break;
        case NO_SUBJECT:
          g_clear_pointer (&draft->subject, g_free);
          code = PEYGIR_INPUT_ERROR_MISSING;
          break;
        case NO_DESCRIPTION:
          g_free (draft->description);
          draft->description = g_strdup ("");
          code = PEYGIR_INPUT_ERROR_MISSING;
          break;
        case CONTROL:
          g_free (draft->subject);
          draft->subject = g_strdup ("قطعی\x01آب");
          code = PEYGIR_INPUT_ERROR_INVALID;
          break;
        case HUGE:
          g_free (draft->description);
          draft->description = g_strdup (huge->str);
          code = PEYGIR_INPUT_ERROR_TOO_LONG;
          break;
        case UNKNOWN_AGENCY:
          draft->agency_id = 999999;
          code = PEYGIR_INPUT_ERROR_INVALID;
          break;
        case NO_AGENCY:
          draft->agency_id = 0;
          draft->kind = PEYGIR_KIND_COMPLAINT;
          code = PEYGIR_INPUT_ERROR_MISSING;
          break;
        case BAD_MOBILE:
          g_free (draft->applicant.mobile);
          draft->applicant.mobile = g_strdup ("0912123");
          code = PEYGIR_INPUT_ERROR_MOBILE;
          break;
        case NO_CONTACT:
          g_clear_pointer (&draft->applicant.mobile, g_free);
          code = PEYGIR_INPUT_ERROR_MISSING;
          break;
        case FUTURE:
          draft->received_on = 20260503;
          code = PEYGIR_INPUT_ERROR_DATE;
          break;
        case BAD_UTF8:
          g_free (draft->description);
          draft->description = g_strdup ("آب \xff\xfe قطع است");
          code = PEYGIR_INPUT_ERROR_INVALID;
          break;
        default:
          g_assert_not_reached ();
        }

      kase = peygir_store_create_case (fixture->store, "expert", draft, &error);
      g_test_message ("bad draft %d: %s", bad, error != NULL ? error->message : "(accepted)");
      g_assert_error (error, domain, code);
      g_assert_null (kase);
      g_assert_cmpint (count_all_cases (fixture), ==, 0);
      g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM cases"), ==, 0);
      g_assert_cmpint (count_events (fixture), ==, events);
    }

  /* a manager does not take in cases */
  {
    g_autoptr(PeygirCaseDraft) draft = draft_new (fixture->agency_a, "قطعی آب", "آب قطع است.");
    g_autoptr(GError) error = NULL;
    g_autoptr(PeygirCase) kase = peygir_store_create_case (fixture->store, "manager", draft, &error);

    g_assert_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED);
    g_assert_null (kase);
    g_assert_cmpint (count_events (fixture), ==, events);
  }
}

/* The workflow. */

static void
test_workflow_complaint (StoreFixture  *fixture,
                         gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(PeygirCase) kase = create_simple_case (fixture);
  gint64 id = kase->id;
  gint64 a_id, b_id;
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;
  g_autoptr(GError) error = NULL;

  /* refusals at intake */
  assert_action_refused (fixture, id, PEYGIR_ACTION_REVIEW, "secretary", NULL,
                         PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED);
  assert_action_refused (fixture, id, PEYGIR_ACTION_REVIEW, "stranger", NULL,
                         PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_UNKNOWN_USER);
  assert_action_refused (fixture, id, PEYGIR_ACTION_REGISTER, "secretary", NULL,
                         PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE);

  g_clear_pointer (&kase, peygir_case_free);
  kase = act (fixture, id, PEYGIR_ACTION_REVIEW, "expert", NULL);
  g_assert_cmpint (kase->state, ==, PEYGIR_STATE_IN_REVIEW);
  g_assert_cmpint (kase->version, ==, 2);
  g_assert_cmpstr (kase->expert_name, ==, "مریم کریمی");

  assert_action_refused (fixture, id, PEYGIR_ACTION_REJECT, "expert", NULL,
                         PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOTE_REQUIRED);
  assert_action_refused (fixture, id, PEYGIR_ACTION_REJECT, "expert", "  ",
                         PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOTE_REQUIRED);
  assert_action_refused (fixture, id, PEYGIR_ACTION_REGISTER, "expert", NULL,
                         PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED);

  g_clear_pointer (&kase, peygir_case_free);
  kase = act (fixture, id, PEYGIR_ACTION_REGISTER, "secretary", NULL);
  g_assert_cmpint (kase->state, ==, PEYGIR_STATE_REGISTERED);
  g_assert_cmpstr (kase->registration_number, ==, "1405/1");
  g_assert_cmpint (kase->registered_at, ==, tehran (FIXTURE_NOW));
  /* 15 working days after Saturday 2026-05-02, Fridays skipped */
  g_assert_cmpint (kase->service_due, ==, 20260519);

  /* the next case registered gets the next number */
  {
    g_autoptr(PeygirCase) second = create_simple_case (fixture);
    g_autoptr(PeygirCase) done = NULL;

    g_clear_pointer (&done, peygir_case_free);
    done = review_and_register (fixture, second->id);
    g_assert_cmpstr (done->registration_number, ==, "1405/2");
  }

  /* refer needs agencies and a letter */
  request.case_id = id;
  request.action = PEYGIR_ACTION_REFER;
  request.actor_login = "expert";
  assert_refused (fixture, &request, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOTE_REQUIRED);
  request.note = "متن نامه";
  assert_refused (fixture, &request, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_ARGUMENT);

  g_clear_pointer (&kase, peygir_case_free);
  kase = refer_to_both (fixture, id);
  g_assert_cmpint (kase->state, ==, PEYGIR_STATE_WITH_MANAGER);
  g_assert_cmpuint (kase->referrals->len, ==, 2);
  g_assert_cmpint (referral_at (kase, 0)->state, ==, PEYGIR_REFERRAL_DRAFT);
  g_assert_cmpint (referral_at (kase, 0)->agency_id, ==, fixture->agency_a);
  g_assert_cmpint (referral_at (kase, 1)->agency_id, ==, fixture->agency_b);
  a_id = referral_at (kase, 0)->id;
  b_id = referral_at (kase, 1)->id;

  assert_action_refused (fixture, id, PEYGIR_ACTION_APPROVE, "expert", NULL,
                         PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED);
  assert_action_refused (fixture, id, PEYGIR_ACTION_RETURN, "manager", NULL,
                         PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOTE_REQUIRED);
  assert_action_refused (fixture, id, PEYGIR_ACTION_DISPATCH, "secretary", NULL,
                         PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE);

  g_clear_pointer (&kase, peygir_case_free);
  kase = act (fixture, id, PEYGIR_ACTION_APPROVE, "manager", NULL);
  g_assert_cmpint (kase->state, ==, PEYGIR_STATE_REFERRED);
  g_assert_cmpint (referral_at (kase, 0)->state, ==, PEYGIR_REFERRAL_APPROVED);
  g_assert_cmpint (referral_at (kase, 1)->state, ==, PEYGIR_REFERRAL_APPROVED);
  g_assert_cmpstr (referral_at (kase, 0)->approved_by_name, ==, "حسن صادقی");
  g_assert_null (referral_at (kase, 0)->letter_number);

  /* answer before dispatch is refused */
  request = (PeygirActionRequest) PEYGIR_ACTION_REQUEST_INIT;
  request.case_id = id;
  request.action = PEYGIR_ACTION_ANSWER;
  request.actor_login = "secretary";
  request.referral_id = a_id;
  request.note = "پاسخ";
  assert_refused (fixture, &request, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE);

  g_clear_pointer (&kase, peygir_case_free);
  kase = act (fixture, id, PEYGIR_ACTION_DISPATCH, "secretary", NULL);
  g_assert_cmpint (kase->state, ==, PEYGIR_STATE_REFERRED);
  g_assert_cmpstr (referral_at (kase, 0)->letter_number, ==, "1405/ص/1");
  g_assert_cmpstr (referral_at (kase, 1)->letter_number, ==, "1405/ص/2");
  for (guint i = 0; i < 2; i++)
    {
      g_assert_cmpint (referral_at (kase, i)->state, ==, PEYGIR_REFERRAL_DISPATCHED);
      /* 7 working days after Saturday 2026-05-02: Friday the 8th skipped */
      g_assert_cmpint (referral_at (kase, i)->due, ==, 20260510);
      g_assert_false (referral_at (kase, i)->overdue);
    }
  g_assert_false (kase->overdue);
  g_assert_cmpint (count_overdue (fixture), ==, 0);

  /* a second dispatch has nothing left to send */
  assert_action_refused (fixture, id, PEYGIR_ACTION_DISPATCH, "secretary", NULL,
                         PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE);

  /* on the due date itself: not yet overdue, nothing to follow up */
  set_now ("2026-05-10T16:00:00+03:30");
  g_clear_pointer (&kase, peygir_case_free);
  kase = peygir_store_get_case (fixture->store, id, PEYGIR_CASE_DETAIL_REFERRALS, &error);
  g_assert_no_error (error);
  g_assert_false (kase->overdue);
  g_assert_cmpint (count_overdue (fixture), ==, 0);
  request = (PeygirActionRequest) PEYGIR_ACTION_REQUEST_INIT;
  request.case_id = id;
  request.action = PEYGIR_ACTION_FOLLOW_UP;
  request.actor_login = "expert";
  request.referral_id = a_id;
  request.channel = PEYGIR_CHANNEL_MAIL;
  assert_refused (fixture, &request, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE);

  /* the day after in Tehran (before midnight UTC): overdue */
  set_now ("2026-05-11T00:30:00+03:30");
  g_clear_pointer (&kase, peygir_case_free);
  kase = peygir_store_get_case (fixture->store, id, PEYGIR_CASE_DETAIL_REFERRALS, &error);
  g_assert_no_error (error);
  g_assert_true (kase->overdue);
  g_assert_true (referral_at (kase, 0)->overdue);
  g_assert_true (referral_at (kase, 1)->overdue);
  g_assert_cmpint (count_overdue (fixture), ==, 1);

  /* only the expert follows up */
  request.actor_login = "secretary";
  assert_refused (fixture, &request, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED);

  /* a follow-up needs its channel */
  request.actor_login = "expert";
  request.channel = PEYGIR_CHANNEL_NONE;
  assert_refused (fixture, &request, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_ARGUMENT);
  request.channel = PEYGIR_CHANNEL_SMS;
  assert_refused (fixture, &request, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_ARGUMENT);

  /* by letter: a new deadline, and a reminder that waits for the manager
   * and is numbered only when the secretariat sends it */
  set_now ("2026-05-11T10:00:00+03:30");
  request.channel = PEYGIR_CHANNEL_MAIL;
  request.note = "پیگیری با نامه";
  g_clear_pointer (&kase, peygir_case_free);
  kase = act_request (fixture, &request);
  g_assert_cmpint (kase->state, ==, PEYGIR_STATE_REFERRED);
  g_assert_cmpint (referral_at (kase, 0)->due, ==, 20260519);
  g_assert_cmpint (referral_at (kase, 0)->follow_ups, ==, 1);
  g_assert_cmpint (referral_at (kase, 0)->reminder, ==, PEYGIR_REMINDER_DRAFT);
  g_assert_null (referral_at (kase, 0)->last_reminder_number);
  g_assert_cmpint (referral_at (kase, 0)->reminder_signer_id, ==, 0);
  g_assert_false (referral_at (kase, 0)->overdue);
  /* not before the manager's approval, and only the manager approves */
  request = (PeygirActionRequest) PEYGIR_ACTION_REQUEST_INIT;
  request.case_id = id;
  request.action = PEYGIR_ACTION_DISPATCH;
  request.actor_login = "secretary";
  request.referral_id = a_id;
  assert_refused (fixture, &request, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE);
  request.action = PEYGIR_ACTION_APPROVE_REMINDER;
  request.actor_login = "expert";
  assert_refused (fixture, &request, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED);
  request.referral_id = b_id;
  request.actor_login = "manager";
  assert_refused (fixture, &request, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE);
  g_clear_pointer (&kase, peygir_case_free);
  kase = act_on_referral (fixture, id, PEYGIR_ACTION_APPROVE_REMINDER, "manager", a_id, NULL);
  g_assert_cmpint (referral_at (kase, 0)->reminder, ==, PEYGIR_REMINDER_APPROVED);
  g_assert_cmpint (referral_at (kase, 0)->reminder_signer_id, !=, 0);
  g_assert_null (referral_at (kase, 0)->last_reminder_number);
  /* sent two days later: numbered, and the agency's days count from then */
  set_now ("2026-05-13T10:00:00+03:30");
  g_clear_pointer (&kase, peygir_case_free);
  kase = act_on_referral (fixture, id, PEYGIR_ACTION_DISPATCH, "secretary", a_id, NULL);
  g_assert_cmpint (referral_at (kase, 0)->reminder, ==, PEYGIR_REMINDER_SENT);
  g_assert_cmpstr (referral_at (kase, 0)->last_reminder_number, ==, "1405/ص/3");
  g_assert_cmpint (referral_at (kase, 0)->due, ==, 20260521);
  g_assert_false (referral_at (kase, 0)->overdue);
  g_assert_true (referral_at (kase, 1)->overdue);
  g_assert_true (kase->overdue);

  /* answer one: still referred; the other: answered */
  g_clear_pointer (&kase, peygir_case_free);
  kase = act_on_referral (fixture, id, PEYGIR_ACTION_ANSWER, "secretary", a_id, "لوله اصلی تعویض شد.");
  g_assert_cmpint (kase->state, ==, PEYGIR_STATE_REFERRED);
  g_assert_cmpint (referral_at (kase, 0)->state, ==, PEYGIR_REFERRAL_ANSWERED);
  g_assert_cmpstr (referral_at (kase, 0)->answer, ==, "لوله اصلی تعویض شد.");
  g_assert_true (kase->overdue);

  request = (PeygirActionRequest) PEYGIR_ACTION_REQUEST_INIT;
  request.case_id = id;
  request.action = PEYGIR_ACTION_ANSWER;
  request.actor_login = "secretary";
  request.referral_id = a_id;
  request.note = "دوباره";
  assert_refused (fixture, &request, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE);
  request.referral_id = b_id;
  request.note = NULL;
  assert_refused (fixture, &request, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOTE_REQUIRED);

  g_clear_pointer (&kase, peygir_case_free);
  kase = act_on_referral (fixture, id, PEYGIR_ACTION_ANSWER, "secretary", b_id, "قطعی برق برطرف شد.");
  g_assert_cmpint (kase->state, ==, PEYGIR_STATE_ANSWERED);
  g_assert_false (kase->overdue);
  g_assert_cmpint (count_overdue (fixture), ==, 0);

  /* notify needs a channel */
  assert_action_refused (fixture, id, PEYGIR_ACTION_NOTIFY, "expert", "اعلام شد",
                         PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_ARGUMENT);
  request = (PeygirActionRequest) PEYGIR_ACTION_REQUEST_INIT;
  request.case_id = id;
  request.action = PEYGIR_ACTION_NOTIFY;
  request.actor_login = "expert";
  request.channel = PEYGIR_CHANNEL_PHONE;
  request.note = "نتیجه تلفنی اعلام شد.";
  g_clear_pointer (&kase, peygir_case_free);
  kase = act_request (fixture, &request);
  g_assert_cmpint (kase->state, ==, PEYGIR_STATE_CLOSED);
  g_assert_cmpint (kase->closed_at, ==, tehran ("2026-05-13T10:00:00+03:30"));
  {
    g_autoptr(GPtrArray) contacts = peygir_store_list_contacts (fixture->store, id, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (contacts->len, ==, 1);
    g_assert_cmpint (((PeygirContact *) contacts->pdata[0])->channel, ==, PEYGIR_CHANNEL_PHONE);
  }

  /* reopen: the manager's, with a reason */
  assert_action_refused (fixture, id, PEYGIR_ACTION_REOPEN, "manager", NULL,
                         PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOTE_REQUIRED);
  assert_action_refused (fixture, id, PEYGIR_ACTION_REOPEN, "expert", "اعتراض",
                         PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED);
  g_clear_pointer (&kase, peygir_case_free);
  kase = act (fixture, id, PEYGIR_ACTION_REOPEN, "manager", "متقاضی به پاسخ اعتراض کرد.");
  g_assert_cmpint (kase->state, ==, PEYGIR_STATE_IN_REVIEW);
  g_assert_cmpint (kase->round, ==, 2);
  g_assert_cmpint (kase->closed_at, ==, 0);
  g_assert_cmpstr (kase->registration_number, ==, "1405/1");
  g_assert_false (kase->overdue);

  {
    g_autoptr(GPtrArray) events = peygir_store_list_events (fixture->store, id, &error);
    static const char * const expected[] = {
      "create", "review", "register", "refer", "approve", "dispatch", "follow_up",
      "approve_reminder", "dispatch", "answer", "answer", "notify", "reopen",
    };

    g_assert_no_error (error);
    g_assert_cmpuint (events->len, ==, G_N_ELEMENTS (expected));
    for (guint i = 0; i < events->len; i++)
      g_assert_cmpstr (((PeygirEvent *) events->pdata[i])->action, ==, expected[i]);
    g_assert_cmpint (kase->version, ==, (int) G_N_ELEMENTS (expected));
  }
  g_assert_true (peygir_store_check (fixture->store, &error));
  g_assert_no_error (error);
}

static void
test_workflow_holiday (StoreFixture  *fixture,
                       gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(PeygirCase) kase = create_simple_case (fixture);
  g_autoptr(GError) error = NULL;
  PeygirHoliday holiday = { .day = 20260505, .name = (char *) "تعطیل رسمی" };
  gint64 agencies[] = { fixture->agency_a };
  gint64 id = kase->id;

  /* only an administrator keeps the holiday table */
  g_assert_false (peygir_store_add_holiday (fixture->store, "expert", &holiday, &error));
  g_assert_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  g_assert_true (peygir_store_add_holiday (fixture->store, "admin", &holiday, &error));
  g_assert_no_error (error);

  g_clear_pointer (&kase, peygir_case_free);
  kase = review_and_register (fixture, id);
  g_assert_cmpint (kase->service_due, ==, 20260520);
  g_clear_pointer (&kase, peygir_case_free);
  kase = refer_and_dispatch (fixture, id, agencies, G_N_ELEMENTS (agencies));
  /* Tuesday the 5th is a holiday and Friday the 8th a Friday */
  g_assert_cmpint (referral_at (kase, 0)->due, ==, 20260511);
}

/* The deadlines come from the settings, the agency's own days and the
 * holiday table, all kept by the administrator. */
static void
test_settings_and_deadlines (StoreFixture  *fixture,
                             gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirAgency) quick = NULL;
  g_autoptr(PeygirAgency) slow = NULL;
  g_autoptr(PeygirCase) kase = create_simple_case (fixture);
  g_autofree char *value = NULL;
  PeygirHoliday holiday = { .persian_month = 2, .persian_day = 14, .name = (char *) "تعطیل استانی" };
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;
  gint64 agencies[2];
  gint64 id = kase->id;

  g_assert_false (peygir_store_set_setting (fixture->store, "admin", PEYGIR_SETTING_SERVICE_DAYS, "پنج", &error));
  g_assert_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (peygir_store_set_setting (fixture->store, "admin", "colour", "5", &error));
  g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (peygir_store_set_setting (fixture->store, "admin", PEYGIR_SETTING_SERVICE_DAYS, "5", &error));
  g_assert_true (peygir_store_set_setting (fixture->store, "admin", PEYGIR_SETTING_RESPONSE_DAYS, "3", &error));
  g_assert_no_error (error);
  value = peygir_store_get_setting (fixture->store, PEYGIR_SETTING_RESPONSE_DAYS, &error);
  g_assert_cmpstr (value, ==, "3");
  g_assert_cmpint (peygir_store_get_setting_int (fixture->store, PEYGIR_SETTING_SERVICE_DAYS, 0), ==, 5);

  quick = peygir_store_add_agency (fixture->store, "admin", "اداره کل پست شهرستان", NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (quick->response_days, ==, 3);
  slow = peygir_store_add_agency (fixture->store, "admin", "اداره کل منابع طبیعی شهرستان", "مدیر کل محترم", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (slow->head_title, ==, "مدیر کل محترم");

  /* 14 Ordibehesht 1405 is Monday 2026-05-04 */
  g_assert_true (peygir_store_add_holiday (fixture->store, "admin", &holiday, &error));
  g_assert_no_error (error);

  g_clear_pointer (&kase, peygir_case_free);
  kase = review_and_register (fixture, id);
  /* Sunday 3, Tuesday 5, Wednesday 6, Thursday 7, Saturday 9 */
  g_assert_cmpint (kase->service_due, ==, 20260509);

  agencies[0] = quick->id;
  agencies[1] = slow->id;
  request.case_id = id;
  request.action = PEYGIR_ACTION_REFER;
  request.actor_login = "expert";
  request.note = "متن نامه";
  request.agency_ids = agencies;
  request.n_agency_ids = 2;
  g_clear_pointer (&kase, peygir_case_free);
  kase = act_request (fixture, &request);
  g_clear_pointer (&kase, peygir_case_free);
  kase = act (fixture, id, PEYGIR_ACTION_APPROVE, "manager", NULL);

  /* one letter at a time */
  request = (PeygirActionRequest) PEYGIR_ACTION_REQUEST_INIT;
  request.case_id = id;
  request.action = PEYGIR_ACTION_DISPATCH;
  request.actor_login = "secretary";
  request.referral_id = referral_at (kase, 1)->id;
  g_clear_pointer (&kase, peygir_case_free);
  kase = act_request (fixture, &request);
  g_assert_cmpint (referral_at (kase, 0)->state, ==, PEYGIR_REFERRAL_APPROVED);
  g_assert_cmpint (referral_at (kase, 1)->due, ==, 20260514);
  assert_refused (fixture, &request, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE);
  request.referral_id = 0;
  g_clear_pointer (&kase, peygir_case_free);
  kase = act_request (fixture, &request);
  g_assert_cmpint (referral_at (kase, 0)->due, ==, 20260506);
  g_assert_cmpstr (referral_at (kase, 1)->letter_number, ==, "1405/ص/1");
  g_assert_cmpstr (referral_at (kase, 0)->letter_number, ==, "1405/ص/2");
}

static void
test_numbers_at_nowruz (StoreFixture  *fixture,
                        gconstpointer  data G_GNUC_UNUSED)
{
  static const struct
  {
    const char *now;
    const char *number;
  } steps[] = {
    { "2026-03-20T10:00:00+03:30", "1404/1" },
    { "2026-03-20T23:59:00+03:30", "1404/2" },
    { "2026-03-21T00:01:00+03:30", "1405/1" },
    { "2026-03-21T10:00:00+03:30", "1405/2" },
  };

  set_now ("2026-03-19T10:00:00+03:30");
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autoptr(PeygirCase) kase = create_simple_case (fixture);
      g_autoptr(PeygirCase) done = act (fixture, kase->id, PEYGIR_ACTION_REVIEW, "expert", NULL);

      set_now (steps[i].now);
      g_clear_pointer (&done, peygir_case_free);
      done = act (fixture, kase->id, PEYGIR_ACTION_REGISTER, "secretary", NULL);
      g_assert_cmpstr (done->registration_number, ==, steps[i].number);
    }
}

static void
test_reject_and_return (StoreFixture  *fixture,
                        gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(PeygirCase) first = create_simple_case (fixture);
  g_autoptr(PeygirCase) second = create_simple_case (fixture);
  g_autoptr(PeygirCase) kase = NULL;
  g_autoptr(PeygirCase) closed = NULL;
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;

  /* the expert's reject after review, then the applicant is told */
  kase = act (fixture, first->id, PEYGIR_ACTION_REVIEW, "expert", NULL);
  assert_action_refused (fixture, first->id, PEYGIR_ACTION_REJECT, "manager", "خارج از صلاحیت",
                         PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED);
  g_clear_pointer (&kase, peygir_case_free);
  kase = act (fixture, first->id, PEYGIR_ACTION_REJECT, "expert", "خارج از صلاحیت استانداری");
  g_assert_cmpint (kase->state, ==, PEYGIR_STATE_REJECTED);
  g_assert_null (kase->registration_number);
  request.case_id = first->id;
  request.action = PEYGIR_ACTION_NOTIFY;
  request.actor_login = "expert";
  request.channel = PEYGIR_CHANNEL_SMS;
  closed = act_request (fixture, &request);
  g_assert_cmpint (closed->state, ==, PEYGIR_STATE_CLOSED);
  {
    g_autoptr(PeygirCaseDraft) draft = draft_new (fixture->agency_a, "موضوع دیگر", "شرح دیگر");
    g_autoptr(GError) error = NULL;
    g_autoptr(PeygirCase) edited = peygir_store_update_case (fixture->store, "expert", closed->id,
                                                             closed->version, draft, &error);

    g_assert_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE);
    g_assert_null (edited);
  }

  /* return → registered, the drafts withdrawn; a new referral; then the
   * manager's reject at approval */
  g_clear_pointer (&kase, peygir_case_free);
  kase = review_and_register (fixture, second->id);
  g_clear_pointer (&kase, peygir_case_free);
  kase = refer_to_both (fixture, second->id);
  g_clear_pointer (&kase, peygir_case_free);
  kase = act (fixture, second->id, PEYGIR_ACTION_RETURN, "manager", "متن نامه اصلاح شود.");
  g_assert_cmpint (kase->state, ==, PEYGIR_STATE_REGISTERED);
  g_assert_cmpuint (kase->referrals->len, ==, 2);
  g_assert_cmpint (referral_at (kase, 0)->state, ==, PEYGIR_REFERRAL_WITHDRAWN);
  g_assert_cmpint (referral_at (kase, 1)->state, ==, PEYGIR_REFERRAL_WITHDRAWN);

  g_clear_pointer (&kase, peygir_case_free);
  kase = refer_to_both (fixture, second->id);
  g_assert_cmpint (kase->state, ==, PEYGIR_STATE_WITH_MANAGER);
  g_assert_cmpuint (kase->referrals->len, ==, 4);
  g_assert_cmpint (referral_at (kase, 2)->state, ==, PEYGIR_REFERRAL_DRAFT);

  assert_action_refused (fixture, second->id, PEYGIR_ACTION_REJECT, "expert", "رد",
                         PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED);
  assert_action_refused (fixture, second->id, PEYGIR_ACTION_REJECT, "manager", NULL,
                         PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOTE_REQUIRED);
  g_clear_pointer (&kase, peygir_case_free);
  kase = act (fixture, second->id, PEYGIR_ACTION_REJECT, "manager", "موضوع در صلاحیت مراجع قضایی است.");
  g_assert_cmpint (kase->state, ==, PEYGIR_STATE_REJECTED);
  for (guint i = 0; i < kase->referrals->len; i++)
    g_assert_cmpint (referral_at (kase, i)->state, ==, PEYGIR_REFERRAL_WITHDRAWN);
}

static void
test_waiting_for_documents (StoreFixture  *fixture,
                            gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(PeygirCase) kase = create_simple_case (fixture);
  g_autoptr(GError) error = NULL;
  gint64 id = kase->id;
  PeygirCaseQuery paused = { .paused_only = TRUE };

  g_clear_pointer (&kase, peygir_case_free);
  kase = review_and_register (fixture, id);
  g_assert_cmpint (kase->service_due, ==, 20260519);

  assert_action_refused (fixture, id, PEYGIR_ACTION_DOCUMENTS_RECEIVED, "expert", NULL,
                         PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE);

  set_now ("2026-05-03T10:00:00+03:30");
  assert_action_refused (fixture, id, PEYGIR_ACTION_AWAIT_DOCUMENTS, "manager", NULL,
                         PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED);
  g_clear_pointer (&kase, peygir_case_free);
  kase = act (fixture, id, PEYGIR_ACTION_AWAIT_DOCUMENTS, "expert", "کپی سند ملک");
  g_assert_cmpint (kase->state, ==, PEYGIR_STATE_REGISTERED);
  g_assert_cmpint (kase->paused_at, ==, tehran ("2026-05-03T10:00:00+03:30"));
  g_assert_cmpint (peygir_store_count_cases (fixture->store, &paused, &error), ==, 1);
  g_assert_no_error (error);

  assert_action_refused (fixture, id, PEYGIR_ACTION_AWAIT_DOCUMENTS, "expert", NULL,
                         PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE);

  /* long after the service target, but paused: not overdue */
  set_now ("2026-05-25T10:00:00+03:30");
  g_clear_pointer (&kase, peygir_case_free);
  kase = peygir_store_get_case (fixture->store, id, PEYGIR_CASE_DETAIL_NONE, &error);
  g_assert_no_error (error);
  g_assert_false (kase->service_overdue);

  /* three working days later: Monday, Tuesday, Wednesday */
  set_now ("2026-05-06T10:00:00+03:30");
  g_clear_pointer (&kase, peygir_case_free);
  kase = act (fixture, id, PEYGIR_ACTION_DOCUMENTS_RECEIVED, "secretary", NULL);
  g_assert_cmpint (kase->paused_at, ==, 0);
  /* 2026-05-19 + 3 working days: Wednesday, Thursday, Saturday */
  g_assert_cmpint (kase->service_due, ==, 20260523);
  g_assert_cmpint (peygir_store_count_cases (fixture->store, &paused, &error), ==, 0);

  assert_action_refused (fixture, id, PEYGIR_ACTION_DOCUMENTS_RECEIVED, "expert", NULL,
                         PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE);

  set_now ("2026-05-24T10:00:00+03:30");
  g_clear_pointer (&kase, peygir_case_free);
  kase = peygir_store_get_case (fixture->store, id, PEYGIR_CASE_DETAIL_NONE, &error);
  g_assert_true (kase->service_overdue);
}

static void
test_link (StoreFixture  *fixture,
           gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(PeygirCase) earlier = create_simple_case (fixture);
  g_autoptr(PeygirCase) later = create_simple_case (fixture);
  g_autoptr(PeygirCase) kase = NULL;
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;

  request.case_id = later->id;
  request.action = PEYGIR_ACTION_LINK;
  request.actor_login = "expert";
  request.linked_case_id = later->id;
  assert_refused (fixture, &request, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_ARGUMENT);
  request.linked_case_id = 987654;
  assert_refused (fixture, &request, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_ARGUMENT);
  request.linked_case_id = 0;
  assert_refused (fixture, &request, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_ARGUMENT);

  request.linked_case_id = earlier->id;
  kase = act_request (fixture, &request);
  g_assert_cmpint (kase->linked_case_id, ==, earlier->id);
  g_assert_cmpint (kase->state, ==, PEYGIR_STATE_RECEIVED);
  g_assert_cmpint (kase->version, ==, later->version + 1);
}

static void
test_conflict (StoreFixture  *fixture,
               gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(PeygirCase) kase = create_simple_case (fixture);
  g_autoptr(PeygirCase) reviewed = NULL;
  g_autoptr(PeygirCase) updated = NULL;
  g_autoptr(PeygirCaseDraft) draft = NULL;
  g_autoptr(GError) error = NULL;
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;
  int stale = kase->version;

  request.case_id = kase->id;
  request.action = PEYGIR_ACTION_REVIEW;
  request.actor_login = "expert";
  request.expect_version = stale;
  reviewed = act_request (fixture, &request);
  g_assert_cmpint (reviewed->version, ==, stale + 1);

  /* a second desk, still looking at the old version */
  request.action = PEYGIR_ACTION_REJECT;
  request.note = "تکراری";
  assert_refused (fixture, &request, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_CONFLICT);

  draft = draft_new (fixture->agency_b, "موضوع اصلاح‌شده", "شرح اصلاح‌شده");
  updated = peygir_store_update_case (fixture->store, "expert", kase->id, stale, draft, &error);
  g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_CONFLICT);
  g_assert_null (updated);
  g_clear_error (&error);
  g_clear_pointer (&kase, peygir_case_free);
  kase = peygir_store_get_case (fixture->store, reviewed->id, PEYGIR_CASE_DETAIL_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kase->subject, ==, "قطعی مکرر آب");
  g_assert_cmpint (kase->version, ==, reviewed->version);

  /* only intake's roles edit */
  g_clear_pointer (&updated, peygir_case_free);
  updated = peygir_store_update_case (fixture->store, "manager", kase->id, kase->version, draft, &error);
  g_assert_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED);
  g_assert_null (updated);
  g_clear_error (&error);

  /* nor be dated in the future */
  draft->received_on = 20260503;
  updated = peygir_store_update_case (fixture->store, "expert", kase->id, kase->version, draft, &error);
  g_assert_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_DATE);
  g_assert_null (updated);
  g_clear_error (&error);
  draft->received_on = 20260501;

  /* nor may a case be linked to itself by an edit */
  draft->linked_case_id = kase->id;
  updated = peygir_store_update_case (fixture->store, "expert", kase->id, kase->version, draft, &error);
  g_assert_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID);
  g_assert_null (updated);
  g_clear_error (&error);
  draft->linked_case_id = 0;

  /* at the current version the edit goes through */
  updated = peygir_store_update_case (fixture->store, "expert", kase->id, kase->version, draft, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (updated->subject, ==, "موضوع اصلاح‌شده");
  g_assert_cmpint (updated->agency_id, ==, fixture->agency_b);
  g_assert_cmpint (updated->received_on, ==, 20260501);
  g_assert_cmpint (updated->version, ==, kase->version + 1);
}

/* Lists over a demo database. */

static PeygirStore *demo_store;
static char *demo_dir;
static char *demo_path;

static void
ensure_demo (void)
{
  g_autoptr(GError) error = NULL;

  if (demo_store != NULL)
    return;
  set_now ("2026-11-24T11:00:00+03:30");
  demo_dir = peygir_test_dir_new ();
  demo_path = g_build_filename (demo_dir, "demo.db", NULL);
  demo_store = peygir_store_open (demo_path, PEYGIR_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_true (peygir_demo_fill (demo_store, 500, 7, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
test_demo_counts (void)
{
  g_autoptr(GError) error = NULL;
  gint64 counts[PEYGIR_N_STATES];
  gint64 total = 0;

  ensure_demo ();
  g_assert_true (peygir_store_count_by_state (demo_store, counts, &error));
  g_assert_no_error (error);
  for (guint s = 0; s < PEYGIR_N_STATES; s++)
    {
      PeygirCaseQuery query = { .states = PEYGIR_STATE_BIT (s) };
      gint64 n = peygir_store_count_cases (demo_store, &query, &error);

      g_assert_no_error (error);
      g_test_message ("%s: %" G_GINT64_FORMAT, peygir_state_to_string (s), counts[s]);
      g_assert_cmpint (counts[s], ==, n);
      g_assert_cmpint (counts[s], >=, 1);
      total += n;
    }
  g_assert_cmpint (total, ==, 500);

  {
    PeygirCaseQuery overdue = { .overdue_only = TRUE };
    PeygirCaseQuery undispatched = { .undispatched_only = TRUE };

    g_assert_cmpint (peygir_store_count_cases (demo_store, &overdue, &error), >=, 1);
    g_assert_cmpint (peygir_store_count_cases (demo_store, &undispatched, &error), >=, 1);
    g_assert_no_error (error);
  }
  g_assert_true (peygir_store_check (demo_store, &error));
  g_assert_no_error (error);
}

/* Every queue of every user counted at once, the counters read once, as
 * the cases themselves count them (a filter the counters do not keep
 * makes the store count the cases). */
static void
test_demo_counts_each (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GArray) queries = g_array_new (FALSE, TRUE, sizeof (PeygirCaseQuery));
  g_autofree gint64 *counts = NULL;
  const PeygirQueueInfo *queues;
  guint n_queues;

  ensure_demo ();
  users = peygir_store_list_users (demo_store, &error);
  g_assert_no_error (error);
  queues = peygir_workflow_queues (&n_queues);
  for (guint u = 0; u < users->len; u++)
    for (guint q = 0; q < n_queues; q++)
      {
        PeygirCaseQuery query;

        peygir_case_query_for_queue (&query, &queues[q], ((PeygirUser *) users->pdata[u])->id);
        g_array_append_val (queries, query);
      }
  /* one the counters cannot count, among them */
  g_array_append_val (queries, ((PeygirCaseQuery) { .agency_id = 1 }));

  counts = g_new0 (gint64, queries->len);
  g_assert_true (peygir_store_count_cases_each (demo_store, (PeygirCaseQuery *) queries->data, queries->len,
                                                counts, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < queries->len; i++)
    {
      PeygirCaseQuery counted = g_array_index (queries, PeygirCaseQuery, i);

      counted.received_until = G_MAXINT32;
      g_assert_cmpint (counts[i], ==, peygir_store_count_cases (demo_store, &counted, &error));
      g_assert_no_error (error);
    }
}

/* The same seed gives the same cases (the tracking codes aside, which are
 * drawn as for real intake). */
static void
test_demo_seed (void)
{
  g_autofree char *dir = peygir_test_dir_new ();
  GPtrArray *lists[2] = { NULL, NULL };

  set_now ("2026-11-24T11:00:00+03:30");
  for (guint run = 0; run < 2; run++)
    {
      g_autofree char *name = g_strdup_printf ("seed-%u.db", run);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(PeygirStore) store = peygir_store_open (path, PEYGIR_STORE_OPEN_CREATE, &error);
      PeygirCaseQuery query = { .limit = 1000 };

      g_assert_no_error (error);
      g_assert_true (peygir_demo_fill (store, 150, 42, NULL, NULL, &error));
      g_assert_no_error (error);
      lists[run] = peygir_store_list_cases (store, &query, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (lists[run]->len, ==, 150);
    }
  for (guint i = 0; i < 150; i++)
    {
      PeygirCase *a = lists[0]->pdata[i];
      PeygirCase *b = lists[1]->pdata[i];

      g_assert_cmpstr (a->applicant.name, ==, b->applicant.name);
      g_assert_cmpstr (a->applicant.national_id, ==, b->applicant.national_id);
      g_assert_cmpstr (a->subject, ==, b->subject);
      g_assert_cmpint (a->state, ==, b->state);
      g_assert_cmpint (a->received_on, ==, b->received_on);
      g_assert_cmpstr (a->registration_number, ==, b->registration_number);
      g_assert_cmpint (a->version, ==, b->version);
    }
  g_ptr_array_unref (lists[0]);
  g_ptr_array_unref (lists[1]);
  peygir_test_dir_free (g_steal_pointer (&dir));
}

static void
test_pagination (void)
{
  g_autoptr(GError) error = NULL;
  gint64 registered;

  ensure_demo ();
  registered = sql_int (demo_path, "SELECT count(*) FROM cases WHERE reg_year IS NOT NULL");
  g_assert_cmpint (registered, >, 0);

  for (PeygirCaseSort sort = PEYGIR_CASE_SORT_RECEIVED; sort <= PEYGIR_CASE_SORT_SERVICE_DUE; sort++)
    for (int descending = 0; descending < 2; descending++)
      {
        g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
        g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
        PeygirCaseQuery query = { .sort = sort, .descending = descending, .limit = 37 };
        gboolean have_last = FALSE;
        gint64 last_key = 0, last_id = 0;
        guint pages = 0;

        for (;;)
          {
            g_autoptr(GPtrArray) page = peygir_store_list_cases (demo_store, &query, &error);

            g_assert_no_error (error);
            g_assert_cmpuint (page->len, <=, 37);
            if (page->len == 0)
              break;
            pages++;
            for (guint i = 0; i < page->len; i++)
              {
                PeygirCase *kase = page->pdata[i];
                gint64 key = peygir_case_sort_key (kase, sort);

                g_assert_false (g_hash_table_contains (seen, &kase->id));
                g_array_append_val (ids, kase->id);
                g_hash_table_add (seen, g_memdup2 (&kase->id, sizeof kase->id));
                if (have_last)
                  {
                    if (descending)
                      g_assert_true (key < last_key || (key == last_key && kase->id < last_id));
                    else
                      g_assert_true (key > last_key || (key == last_key && kase->id > last_id));
                  }
                have_last = TRUE;
                last_key = key;
                last_id = kase->id;
              }
            query.has_cursor = TRUE;
            query.after_key = last_key;
            query.after_id = last_id;
            g_assert_cmpuint (pages, <, 100);
          }
        g_assert_cmpuint (ids->len, ==, sort == PEYGIR_CASE_SORT_REGISTRATION ? registered : 500);
        /* the count of a query is the number of rows its pages give */
        query.has_cursor = FALSE;
        g_assert_cmpint (peygir_store_count_cases (demo_store, &query, &error), ==, ids->len);
        g_assert_no_error (error);
      }
}

static void
test_find (StoreFixture  *fixture,
           gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(PeygirCase) kase = create_simple_case (fixture);
  g_autoptr(PeygirCaseDraft) other_draft = draft_new (0, "درخواست", "درخواست پروانه کسب");
  g_autoptr(PeygirCase) other = NULL;
  g_autoptr(PeygirCase) done = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *spoken = peygir_tracking_code_format (kase->tracking_code);
  g_autofree char *persian_id = NULL;

  g_free (other_draft->applicant.national_id);
  other_draft->applicant.national_id = national_id_from ("112233445");
  g_free (other_draft->applicant.mobile);
  other_draft->applicant.mobile = g_strdup ("09351112233");
  other = create_case (fixture, other_draft);

  done = review_and_register (fixture, kase->id);

  {
    const char *codes[] = { kase->tracking_code, spoken, "۱۴۰۵/۱", "1405/1", "۱۴۰۵-۱" };

    g_assert_nonnull (strstr (spoken, "-"));
    for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
      {
        g_autoptr(PeygirCase) found = peygir_store_find_case (fixture->store, codes[i],
                                                              PEYGIR_CASE_DETAIL_REFERRALS, &error);

        g_test_message ("find %s", codes[i]);
        g_assert_no_error (error);
        g_assert_cmpint (found->id, ==, kase->id);
        g_assert_nonnull (found->referrals);
      }
  }
  {
    g_autoptr(PeygirCase) found = peygir_store_find_case (fixture->store, "1405/2", PEYGIR_CASE_DETAIL_NONE, &error);

    g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_FOUND);
    g_assert_null (found);
    g_clear_error (&error);
  }

  persian_id = peygir_text_digits_to_persian (kase->applicant.national_id);
  {
    g_autoptr(GPtrArray) by_id = peygir_store_find_earlier_cases (fixture->store, persian_id, NULL, 0, &error);
    g_autoptr(GPtrArray) by_mobile = peygir_store_find_earlier_cases (fixture->store, NULL, "+98 ۹۱۲ ۱۲۳ ۴۵۶۷", 0, &error);
    g_autoptr(GPtrArray) excluded = peygir_store_find_earlier_cases (fixture->store, kase->applicant.national_id,
                                                                     "09121234567", kase->id, &error);
    g_autoptr(GPtrArray) other_found = peygir_store_find_earlier_cases (fixture->store, NULL, "٠٩٣٥١١١٢٢٣٣", 0, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (by_id->len, ==, 1);
    g_assert_cmpint (((PeygirCase *) by_id->pdata[0])->id, ==, kase->id);
    g_assert_cmpuint (by_mobile->len, ==, 1);
    g_assert_cmpint (((PeygirCase *) by_mobile->pdata[0])->id, ==, kase->id);
    g_assert_cmpuint (excluded->len, ==, 0);
    g_assert_cmpuint (other_found->len, ==, 1);
    g_assert_cmpint (((PeygirCase *) other_found->pdata[0])->id, ==, other->id);
  }
}

/* "1405-12345" typed with a dash has nine digits that may pass as a
 * tracking code: the registration number is still found. */
static void
test_find_ambiguous (StoreFixture  *fixture,
                     gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(PeygirCase) kase = create_simple_case (fixture);
  g_autoptr(PeygirCase) done = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dashed = NULL;
  g_autofree char *counter = NULL;
  int seq = 0;

  for (int candidate = 10000; candidate < 10100 && seq == 0; candidate++)
    {
      g_autofree char *digits = g_strdup_printf ("1405%d", candidate);

      if (peygir_tracking_code_is_valid (digits) && g_strcmp0 (digits, kase->tracking_code) != 0)
        seq = candidate;
    }
  g_assert_cmpint (seq, >, 0);

  /* the secretariat's counter as it stands after seq - 1 registrations */
  counter = g_strdup_printf ("INSERT INTO counters (series, year, value) VALUES ('registration', 1405, %d)", seq - 1);
  g_assert_cmpint (sql_exec (fixture->path, counter), ==, SQLITE_OK);
  done = review_and_register (fixture, kase->id);
  dashed = g_strdup_printf ("1405-%d", seq);
  g_assert_cmpstr (done->registration_number + 5, ==, dashed + 5);

  {
    g_autoptr(PeygirCase) found = peygir_store_find_case (fixture->store, dashed, PEYGIR_CASE_DETAIL_NONE, &error);

    g_assert_no_error (error);
    g_assert_cmpint (found->id, ==, kase->id);
  }
  {
    g_autoptr(GPtrArray) found = peygir_store_search (fixture->store, dashed, 0, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (found->len, ==, 1);
    g_assert_cmpint (((PeygirCase *) found->pdata[0])->id, ==, kase->id);
  }
  {
    g_autoptr(PeygirCase) found = peygir_store_find_case (fixture->store, "قطعی", PEYGIR_CASE_DETAIL_NONE, &error);

    g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_FOUND);
    g_assert_null (found);
  }
}

static void
test_documents (StoreFixture  *fixture,
                gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(PeygirCase) kase = create_simple_case (fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(GBytes) data_in = NULL;
  g_autoptr(GBytes) data_out = NULL;
  g_autoptr(PeygirDocument) document = NULL;
  g_autoptr(GPtrArray) documents = NULL;
  g_autofree char *sha = NULL;
  gint64 events;

  for (guint i = 0; i < 5000; i++)
    {
      guint8 b = (guint8) (i * 31 + 7);

      g_byte_array_append (bytes, &b, 1);
    }
  data_in = g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
  sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, data_in);

  document = peygir_store_add_document (fixture->store, "expert", kase->id, "سند ملک.pdf",
                                        "application/pdf", data_in, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (document->sha256, ==, sha);
  g_assert_cmpint (document->size, ==, 5000);

  documents = peygir_store_list_documents (fixture->store, kase->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (documents->len, ==, 1);
  g_assert_cmpstr (((PeygirDocument *) documents->pdata[0])->name, ==, "سند ملک.pdf");
  g_assert_cmpstr (((PeygirDocument *) documents->pdata[0])->sha256, ==, sha);

  data_out = peygir_store_get_document_data (fixture->store, document->id, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (data_in, data_out));
  {
    g_autofree char *sha_out = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, data_out);

    g_assert_cmpstr (sha_out, ==, sha);
  }

  /* over the limit */
  g_assert_true (peygir_store_set_setting (fixture->store, "admin", PEYGIR_SETTING_DOCUMENT_MAX, "4096", &error));
  g_assert_no_error (error);
  events = count_events (fixture);
  {
    g_autoptr(PeygirDocument) refused = peygir_store_add_document (fixture->store, "expert", kase->id, "بزرگ.pdf",
                                                                   "application/pdf", data_in, &error);

    g_assert_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_TOO_LARGE);
    g_assert_null (refused);
    g_clear_error (&error);
  }
  g_assert_cmpint (count_events (fixture), ==, events);
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM documents"), ==, 1);
}

/* The type of a document is a MIME type, whoever calls: the store refuses
 * anything else rather than keep what a desk or a script made up. */
static void
test_documents_content_type (StoreFixture  *fixture,
                             gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(PeygirCase) kase = create_simple_case (fixture);
  g_autoptr(GBytes) bytes = g_bytes_new_static ("%PDF-1.4\n", 9);
  const char *refused[] = { "text/plain\tx", "application/pdf\x1b[31m", "pdf", "text/", "/plain",
                            "text/plain; charset=utf-8", "text/pl ain", "-text/plain", "" };
  const struct
  {
    const char *given;
    const char *kept;
  } accepted[] = {
    { "Application/PDF", "application/pdf" },
    { "application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.text" },
    { "image/svg+xml", "image/svg+xml" },
    { NULL, "application/octet-stream" },
  };
  gint64 events = count_events (fixture);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PeygirDocument) document =
        peygir_store_add_document (fixture->store, "expert", kase->id, "نامه.pdf", refused[i], bytes, &error);

      g_test_message ("content type “%s”", refused[i]);
      g_assert_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID);
      g_assert_null (document);
    }
  g_assert_cmpint (count_events (fixture), ==, events);
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM documents"), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PeygirDocument) document =
        peygir_store_add_document (fixture->store, "expert", kase->id, "نامه.pdf", accepted[i].given, bytes, &error);
      g_autoptr(GPtrArray) documents = NULL;

      g_assert_no_error (error);
      g_assert_cmpstr (document->content_type, ==, accepted[i].kept);
      documents = peygir_store_list_documents (fixture->store, kase->id, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (((PeygirDocument *) documents->pdata[i])->content_type, ==, accepted[i].kept);
    }
}

static PeygirDocument *
add_from_stream (StoreFixture  *fixture,
                 gint64         case_id,
                 GInputStream  *stream,
                 goffset        size,
                 GError       **error)
{
  return peygir_store_add_document_from_stream (fixture->store, "expert", case_id, "نامه.pdf", "application/pdf",
                                                stream, size, NULL, error);
}

/* A document streamed in: the size said beforehand decides the limit
 * before anything is read, and the stream must hold exactly that much. */
static void
test_documents_stream (StoreFixture  *fixture,
                       gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(PeygirCase) kase = create_simple_case (fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) content = NULL;
  g_autoptr(GBytes) kept = NULL;
  g_autoptr(PeygirDocument) document = NULL;
  g_autofree char *sha = NULL;
  g_autofree guint8 *raw = g_malloc (300 * 1024);
  gsize length = 300 * 1024;
  gint64 events;

  /* several chunks, and not a whole number of them */
  for (gsize i = 0; i < length; i++)
    raw[i] = (guint8) (i * 7 + i / 251);
  content = g_bytes_new_take (g_steal_pointer (&raw), length);
  sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, content);
  events = count_events (fixture);

  {
    g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (content);

    document = add_from_stream (fixture, kase->id, stream, length, &error);
    g_assert_no_error (error);
    g_assert_cmpint (document->size, ==, length);
    g_assert_cmpstr (document->sha256, ==, sha);
  }
  kept = peygir_store_get_document_data (fixture->store, document->id, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (kept, content));
  g_assert_cmpint (count_events (fixture), ==, events + 1);
  {
    g_autoptr(GPtrArray) documents = peygir_store_list_documents (fixture->store, kase->id, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (((PeygirDocument *) documents->pdata[0])->sha256, ==, sha);
  }

  /* Over the limit: refused on the size given, with nothing read. */
  g_assert_true (peygir_store_set_setting (fixture->store, "admin", PEYGIR_SETTING_DOCUMENT_MAX, "100000", &error));
  g_assert_no_error (error);
  events = count_events (fixture);
  {
    g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (content);
    g_autoptr(PeygirDocument) refused = add_from_stream (fixture, kase->id, stream, length, &error);

    g_assert_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_TOO_LARGE);
    g_assert_null (refused);
    g_assert_cmpint (g_seekable_tell (G_SEEKABLE (stream)), ==, 0);
    g_clear_error (&error);
  }

  /* A stream shorter or longer than said: a file that changed. */
  {
    g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (content);
    g_autoptr(PeygirDocument) refused = add_from_stream (fixture, kase->id, stream, 90000, &error);

    g_assert_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID);
    g_assert_null (refused);
    g_clear_error (&error);
  }
  {
    g_autoptr(GBytes) head = g_bytes_new_from_bytes (content, 0, 50000);
    g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (head);
    g_autoptr(PeygirDocument) refused = add_from_stream (fixture, kase->id, stream, 90000, &error);

    g_assert_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID);
    g_assert_null (refused);
    g_clear_error (&error);
  }
  g_assert_cmpint (count_events (fixture), ==, events);
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM documents"), ==, 1);

  /* Nothing at all is a document too. */
  {
    g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data ("", 0, NULL);
    g_autoptr(PeygirDocument) empty = add_from_stream (fixture, kase->id, stream, 0, &error);

    g_assert_no_error (error);
    g_assert_cmpint (empty->size, ==, 0);
  }
}

/* Opening the file. */

static void
test_open_errors (void)
{
  g_autofree char *dir = peygir_test_dir_new ();
  g_autofree char *missing = g_build_filename (dir, "missing.db", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty.db", NULL);
  g_autofree char *text = g_build_filename (dir, "text.db", NULL);
  g_autoptr(GError) error = NULL;
  PeygirStore *store;

  store = peygir_store_open (missing, PEYGIR_STORE_OPEN_DEFAULT, &error);
  g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_UNREACHABLE);
  g_assert_null (store);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  store = peygir_store_open (empty, PEYGIR_STORE_OPEN_DEFAULT, &error);
  g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_INITIALIZED);
  g_assert_null (store);
  g_clear_error (&error);

  /* the store documents CORRUPT or NOT_INITIALIZED for a file that is not ours */
  g_assert_true (g_file_set_contents (text, "Name,Mobile\nAli,0912\n", -1, NULL));
  store = peygir_store_open (text, PEYGIR_STORE_OPEN_CREATE, &error);
  g_assert_null (store);
  g_assert_nonnull (error);
  g_assert_true (g_error_matches (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_CORRUPT) ||
                 g_error_matches (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_INITIALIZED));
  g_clear_error (&error);
  {
    g_autofree char *contents = NULL;

    g_assert_true (g_file_get_contents (text, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, "Name,Mobile\nAli,0912\n");
  }

  /* another program's SQLite database */
  {
    g_autofree char *foreign = g_build_filename (dir, "foreign.db", NULL);
    sqlite3 *db = NULL;

    g_assert_cmpint (sqlite3_open (foreign, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE t (x)", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
    store = peygir_store_open (foreign, PEYGIR_STORE_OPEN_CREATE, &error);
    g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_INITIALIZED);
    g_assert_null (store);
    g_clear_error (&error);
  }

  peygir_test_dir_free (g_steal_pointer (&dir));
}

static void
test_open_newer_schema (StoreFixture  *fixture,
                        gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d", PEYGIR_SCHEMA_VERSION + 1);
  PeygirStore *store;

  g_clear_object (&fixture->store);
  g_assert_cmpint (sql_exec (fixture->path, sql), ==, SQLITE_OK);
  store = peygir_store_open (fixture->path, PEYGIR_STORE_OPEN_DEFAULT, &error);
  g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NEWER_SCHEMA);
  g_assert_null (store);
  g_clear_error (&error);
  store = peygir_store_open (fixture->path, PEYGIR_STORE_OPEN_CREATE, &error);
  g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NEWER_SCHEMA);
  g_assert_null (store);
  g_assert_cmpint (sql_int (fixture->path, "PRAGMA user_version"), ==, PEYGIR_SCHEMA_VERSION + 1);
}

static void
test_open_read_only (StoreFixture  *fixture,
                     gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(PeygirCase) kase = create_simple_case (fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirStore) store = NULL;
  gint64 events = count_events (fixture);

  /* asked for read-only: reads work, writes are refused */
  store = peygir_store_open (fixture->path, PEYGIR_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_true (peygir_store_is_read_only (store));
  {
    g_autoptr(PeygirCase) read = peygir_store_get_case (store, kase->id, PEYGIR_CASE_DETAIL_NONE, &error);
    g_autoptr(PeygirCase) changed = NULL;
    PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;

    g_assert_no_error (error);
    g_assert_cmpint (read->id, ==, kase->id);
    request.case_id = kase->id;
    request.action = PEYGIR_ACTION_REVIEW;
    request.actor_login = "expert";
    changed = peygir_store_apply_action (store, &request, &error);
    g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_READ_ONLY);
    g_assert_null (changed);
    g_clear_error (&error);
  }
  g_clear_object (&store);
  g_assert_cmpint (count_events (fixture), ==, events);

  g_clear_object (&fixture->store);
  g_assert_cmpint (g_chmod (fixture->path, 0444), ==, 0);
  if (access (fixture->path, W_OK) == 0)
    {
      g_assert_cmpint (g_chmod (fixture->path, 0644), ==, 0);
      g_test_skip ("the file stays writable after chmod 0444 (running as root)");
      return;
    }

  store = peygir_store_open (fixture->path, PEYGIR_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (peygir_store_is_read_only (store));

  {
    g_autoptr(PeygirCase) read = peygir_store_get_case (store, kase->id, PEYGIR_CASE_DETAIL_REFERRALS, &error);
    g_autoptr(PeygirCase) changed = NULL;
    g_autoptr(PeygirCaseDraft) draft = draft_new (fixture->agency_a, "موضوع", "شرح");
    g_autoptr(PeygirCase) created = NULL;
    g_autoptr(PeygirUser) user = NULL;
    PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;

    g_assert_no_error (error);
    g_assert_cmpint (read->id, ==, kase->id);

    request.case_id = kase->id;
    request.action = PEYGIR_ACTION_REVIEW;
    request.actor_login = "expert";
    changed = peygir_store_apply_action (store, &request, &error);
    g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_READ_ONLY);
    g_assert_null (changed);
    g_clear_error (&error);

    created = peygir_store_create_case (store, "expert", draft, &error);
    g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_READ_ONLY);
    g_clear_error (&error);

    user = peygir_store_add_user (store, "admin", "newcomer", "تازه‌وارد", PEYGIR_ROLE_EXPERT, &error);
    g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_READ_ONLY);
    g_clear_error (&error);

    g_assert_true (peygir_store_check (store, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpint (count_events (fixture), ==, events);
  g_assert_cmpint (g_chmod (fixture->path, 0644), ==, 0);
}

static void
test_journal_and_backup (StoreFixture  *fixture,
                         gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(PeygirCase) kase = create_simple_case (fixture);
  g_autoptr(GError) error = NULL;
  g_autofree char *dest = g_build_filename (fixture->dir, "copy.db", NULL);
  g_autoptr(PeygirStore) copy = NULL;
  g_autoptr(PeygirCase) copied = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  /* what the store's connection reports, and what the file holds */
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "delete");
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  /* a file someone switched to WAL is switched back when opened */
  g_clear_object (&fixture->store);
  g_assert_cmpint (sql_exec (fixture->path, "PRAGMA journal_mode = WAL"), ==, SQLITE_OK);
  fixture->store = peygir_store_open (fixture->path, PEYGIR_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "delete");
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  g_assert_true (peygir_store_backup (fixture->store, dest, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_IS_DIR));
  copy = peygir_store_open (dest, PEYGIR_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (peygir_store_check (copy, &error));
  g_assert_no_error (error);
  copied = peygir_store_get_case (copy, kase->id, PEYGIR_CASE_DETAIL_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (copied->tracking_code, ==, kase->tracking_code);
  g_assert_cmpint (sql_int (dest, "SELECT count(*) FROM events"), ==, count_events (fixture));
}

static void
test_data_version (StoreFixture  *fixture,
                   gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirStore) other = peygir_store_open (fixture->path, PEYGIR_STORE_OPEN_DEFAULT, &error);
  g_autoptr(PeygirCaseDraft) draft = draft_new (fixture->agency_a, "موضوع", "شرح");
  g_autoptr(PeygirCase) kase = NULL;
  gint64 before = 0, again = 0, after = 0;

  g_assert_no_error (error);
  g_assert_true (peygir_store_get_data_version (fixture->store, &before, &error));
  g_assert_true (peygir_store_get_data_version (fixture->store, &again, &error));
  g_assert_no_error (error);
  g_assert_cmpint (before, ==, again);

  kase = peygir_store_create_case (other, "expert", draft, &error);
  g_assert_no_error (error);

  g_assert_true (peygir_store_get_data_version (fixture->store, &after, &error));
  g_assert_no_error (error);
  g_assert_cmpint (after, !=, before);
  {
    g_autoptr(PeygirCase) seen = peygir_store_get_case (fixture->store, kase->id, PEYGIR_CASE_DETAIL_NONE, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (seen->tracking_code, ==, kase->tracking_code);
  }
}

/* Another desk holds the write lock: a short busy timeout ends in BUSY,
 * nothing half-done, and the action goes through once the lock is free. */
static void
test_busy (StoreFixture  *fixture,
           gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirStore) other = peygir_store_open (fixture->path, PEYGIR_STORE_OPEN_DEFAULT, &error);
  g_autoptr(PeygirCase) kase = create_simple_case (fixture);
  g_autoptr(PeygirCase) refused = NULL;
  g_autoptr(PeygirCase) done = NULL;
  g_autoptr(PeygirCase) read = NULL;
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;
  gint64 events = count_events (fixture);

  g_assert_no_error (error);
  peygir_store_set_busy_timeout (other, 100);
  g_assert_true (peygir_store_begin_batch (fixture->store, &error));
  g_assert_no_error (error);

  request.case_id = kase->id;
  request.action = PEYGIR_ACTION_REVIEW;
  request.actor_login = "expert";
  refused = peygir_store_apply_action (other, &request, &error);
  g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_BUSY);
  g_assert_null (refused);
  g_clear_error (&error);

  /* reading is still possible while the other desk holds RESERVED */
  read = peygir_store_get_case (other, kase->id, PEYGIR_CASE_DETAIL_REFERRALS, &error);
  g_assert_no_error (error);
  g_assert_cmpint (read->state, ==, PEYGIR_STATE_RECEIVED);

  g_assert_true (peygir_store_end_batch (fixture->store, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_events (fixture), ==, events);

  done = peygir_store_apply_action (other, &request, &error);
  g_assert_no_error (error);
  g_assert_cmpint (done->state, ==, PEYGIR_STATE_IN_REVIEW);
  g_assert_cmpint (count_events (fixture), ==, events + 1);
}

/* A reopened case: a second round of referrals, the first round's kept. */
static void
test_second_round (StoreFixture  *fixture,
                   gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(PeygirCase) kase = create_simple_case (fixture);
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;
  gint64 agencies[] = { fixture->agency_a, fixture->agency_b };
  gint64 id = kase->id;
  gint64 first_round_referral;
  gint64 second_round_referral;

  g_clear_pointer (&kase, peygir_case_free);
  kase = review_and_register (fixture, id);
  g_clear_pointer (&kase, peygir_case_free);
  kase = refer_and_dispatch (fixture, id, agencies, G_N_ELEMENTS (agencies));
  first_round_referral = referral_at (kase, 0)->id;
  for (guint i = 0; i < 2; i++)
    {
      gint64 referral_id = referral_at (kase, i)->id;

      g_clear_pointer (&kase, peygir_case_free);
      kase = act_on_referral (fixture, id, PEYGIR_ACTION_ANSWER, "secretary", referral_id, "انجام شد.");
    }
  g_assert_cmpint (kase->state, ==, PEYGIR_STATE_ANSWERED);
  request.case_id = id;
  request.action = PEYGIR_ACTION_NOTIFY;
  request.actor_login = "expert";
  request.channel = PEYGIR_CHANNEL_IN_PERSON;
  g_clear_pointer (&kase, peygir_case_free);
  kase = act_request (fixture, &request);

  set_now ("2026-05-20T10:00:00+03:30");
  g_clear_pointer (&kase, peygir_case_free);
  kase = act (fixture, id, PEYGIR_ACTION_REOPEN, "manager", "متقاضی اعتراض دارد.");
  g_assert_cmpint (kase->round, ==, 2);
  /* a new service target from the reopening: 15 working days after Wednesday
   * 2026-05-20, with Fridays, Eid al-Adha (6 Khordad, 27 May: a lunar
   * holiday a new database has from the official list) and 14–15 Khordad
   * (4–5 June) skipped */
  g_assert_cmpint (kase->service_due, ==, 20260609);

  /* the secretariat confirms; the number stays */
  g_clear_pointer (&kase, peygir_case_free);
  kase = act (fixture, id, PEYGIR_ACTION_REGISTER, "secretary", NULL);
  g_assert_cmpstr (kase->registration_number, ==, "1405/1");

  request = (PeygirActionRequest) PEYGIR_ACTION_REQUEST_INIT;
  request.case_id = id;
  request.action = PEYGIR_ACTION_REFER;
  request.actor_login = "expert";
  request.note = "پیرو نامه قبلی";
  request.agency_ids = &fixture->agency_a;
  request.n_agency_ids = 1;
  g_clear_pointer (&kase, peygir_case_free);
  kase = act_request (fixture, &request);
  g_assert_cmpuint (kase->referrals->len, ==, 3);
  g_assert_cmpint (referral_at (kase, 2)->round, ==, 2);
  g_clear_pointer (&kase, peygir_case_free);
  kase = act (fixture, id, PEYGIR_ACTION_APPROVE, "manager", NULL);
  g_clear_pointer (&kase, peygir_case_free);
  kase = act (fixture, id, PEYGIR_ACTION_DISPATCH, "secretary", NULL);
  g_assert_cmpint (referral_at (kase, 0)->state, ==, PEYGIR_REFERRAL_ANSWERED);
  g_assert_cmpint (referral_at (kase, 2)->state, ==, PEYGIR_REFERRAL_DISPATCHED);
  g_assert_cmpstr (referral_at (kase, 2)->letter_number, ==, "1405/ص/3");
  second_round_referral = referral_at (kase, 2)->id;

  /* a referral of the first round cannot be acted on again */
  request = (PeygirActionRequest) PEYGIR_ACTION_REQUEST_INIT;
  request.case_id = id;
  request.action = PEYGIR_ACTION_ANSWER;
  request.actor_login = "secretary";
  request.referral_id = first_round_referral;
  request.note = "پاسخ";
  assert_refused (fixture, &request, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_ARGUMENT);

  /* one answer completes the second round */
  g_clear_pointer (&kase, peygir_case_free);
  kase = act_on_referral (fixture, id, PEYGIR_ACTION_ANSWER, "secretary", second_round_referral, "پاسخ دوم");
  g_assert_cmpint (kase->state, ==, PEYGIR_STATE_ANSWERED);
}

/* In rollback mode a read left open blocks every other desk's commit: after
 * each call, another connection can take the file's exclusive lock at once. */
static void
assert_no_lock_held (StoreFixture *fixture,
                     const char   *after)
{
  sqlite3 *db = NULL;
  int rc;

  g_assert_cmpint (sqlite3_open_v2 (fixture->path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 0);
  rc = sqlite3_exec (db, "BEGIN EXCLUSIVE; COMMIT", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    g_error ("after %s the store still holds a lock on the file: %s", after, sqlite3_errstr (rc));
  sqlite3_close (db);
}

/* Another desk reads: its shell, a check or a backup holds a read
 * transaction, so the file's SHARED lock, and keeps it. */
typedef struct
{
  sqlite3      *db;
  sqlite3_stmt *stmt;
} Reader;

static void
reader_hold (Reader     *reader,
             const char *path)
{
  g_assert_cmpint (sqlite3_open_v2 (path, &reader->db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (reader->db, "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (reader->db, "SELECT count(*) FROM cases", -1, &reader->stmt, NULL),
                   ==, SQLITE_OK);
  /* stepped and not reset: the read stays open */
  g_assert_cmpint (sqlite3_step (reader->stmt), ==, SQLITE_ROW);
}

static void
reader_release (Reader *reader)
{
  g_clear_pointer (&reader->stmt, sqlite3_finalize);
  g_assert_cmpint (sqlite3_exec (reader->db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  g_clear_pointer (&reader->db, sqlite3_close);
}

#define READER_TIMEOUT_MS 200

/* A save cannot commit while another desk reads. It gives up after about
 * the busy timeout, as busy, with nothing saved and no lock left behind,
 * and goes through once the reader is gone. */
static void
test_busy_reader (StoreFixture  *fixture,
                  gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirCase) kase = create_simple_case (fixture);
  g_autoptr(PeygirCase) refused = NULL;
  g_autoptr(PeygirCase) done = NULL;
  g_autoptr(PeygirCaseDraft) draft = NULL;
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;
  Reader reader = { NULL, NULL };
  gint64 events = count_events (fixture);
  gint64 cases = count_all_cases (fixture);
  gint64 started, elapsed;

  peygir_store_set_busy_timeout (fixture->store, READER_TIMEOUT_MS);
  reader_hold (&reader, fixture->path);

  request.case_id = kase->id;
  request.action = PEYGIR_ACTION_REVIEW;
  request.actor_login = "expert";
  started = g_get_monotonic_time ();
  refused = peygir_store_apply_action (fixture->store, &request, &error);
  elapsed = g_get_monotonic_time () - started;
  g_test_message ("an action was refused as busy after %" G_GINT64_FORMAT " ms", elapsed / 1000);
  g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_BUSY);
  g_assert_null (refused);
  g_clear_error (&error);
  /* it waited for the reader, but once, not once per attempt to commit */
  g_assert_cmpint (elapsed, >=, READER_TIMEOUT_MS * 1000 / 2);
  g_assert_cmpint (elapsed, <, (5 * READER_TIMEOUT_MS + 1000) * 1000);

  draft = draft_new (fixture->agency_a, "موضوع", "شرح");
  started = g_get_monotonic_time ();
  refused = peygir_store_create_case (fixture->store, "expert", draft, &error);
  elapsed = g_get_monotonic_time () - started;
  g_test_message ("a new case was refused as busy after %" G_GINT64_FORMAT " ms", elapsed / 1000);
  g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_BUSY);
  g_assert_null (refused);
  g_clear_error (&error);
  g_assert_cmpint (elapsed, <, (5 * READER_TIMEOUT_MS + 1000) * 1000);

  /* the reader still reads, and sees nothing of either */
  reader_release (&reader);
  g_assert_cmpint (count_events (fixture), ==, events);
  g_assert_cmpint (count_all_cases (fixture), ==, cases);
  assert_no_lock_held (fixture, "a commit refused as busy");

  done = peygir_store_apply_action (fixture->store, &request, &error);
  g_assert_no_error (error);
  g_assert_cmpint (done->state, ==, PEYGIR_STATE_IN_REVIEW);
  g_assert_cmpint (count_events (fixture), ==, events + 1);
}

typedef struct
{
  sqlite3 *db;
  guint    hold_ms;
} WriterHold;

static gpointer
writer_release_thread (gpointer user_data)
{
  WriterHold *hold = user_data;

  g_usleep (hold->hold_ms * 1000);
  g_assert_cmpint (sqlite3_exec (hold->db, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  return NULL;
}

/* The busy timeout is one budget for the whole save: the wait for the
 * write lock at its start and the wait for the readers at its commit
 * together, not each of them in full. */
static void
test_busy_one_budget (StoreFixture  *fixture,
                      gconstpointer  data G_GNUC_UNUSED)
{
  const guint timeout_ms = 1000;
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirCase) kase = create_simple_case (fixture);
  g_autoptr(PeygirCase) refused = NULL;
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;
  Reader reader = { NULL, NULL };
  WriterHold hold = { NULL, timeout_ms * 6 / 10 };
  GThread *thread;
  gint64 events = count_events (fixture);
  gint64 started, elapsed;

  peygir_store_set_busy_timeout (fixture->store, timeout_ms);
  reader_hold (&reader, fixture->path);
  g_assert_cmpint (sqlite3_open_v2 (fixture->path, &hold.db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (hold.db, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);

  request.case_id = kase->id;
  request.action = PEYGIR_ACTION_REVIEW;
  request.actor_login = "expert";
  started = g_get_monotonic_time ();
  thread = g_thread_new ("writer", writer_release_thread, &hold);
  refused = peygir_store_apply_action (fixture->store, &request, &error);
  elapsed = g_get_monotonic_time () - started;
  g_thread_join (thread);
  g_test_message ("refused as busy after %" G_GINT64_FORMAT " ms (writer %u ms, budget %u ms)",
                  elapsed / 1000, hold.hold_ms, timeout_ms);
  g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_BUSY);
  g_assert_null (refused);
  /* a budget for each wait would take the writer's hold plus a whole timeout */
  g_assert_cmpint (elapsed, <, (hold.hold_ms + timeout_ms) * 1000 - 200 * 1000);

  sqlite3_close (hold.db);
  reader_release (&reader);
  g_assert_cmpint (count_events (fixture), ==, events);
}

/* A backup waits longer than a save for a desk that is writing, but not
 * for ever. */
static void
test_backup_busy (StoreFixture  *fixture,
                  gconstpointer  data G_GNUC_UNUSED)
{
  g_autofree char *dest = g_build_filename (fixture->dir, "backup.db", NULL);
  g_autofree char *partial = g_strconcat (dest, ".partial", NULL);
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;
  gint64 started, elapsed;

  peygir_store_set_busy_timeout (fixture->store, READER_TIMEOUT_MS);
  g_assert_cmpint (sqlite3_open_v2 (fixture->path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN EXCLUSIVE", NULL, NULL, NULL), ==, SQLITE_OK);

  started = g_get_monotonic_time ();
  g_assert_false (peygir_store_backup (fixture->store, dest, &error));
  elapsed = g_get_monotonic_time () - started;
  g_test_message ("the backup gave up after %" G_GINT64_FORMAT " ms", elapsed / 1000);
  g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_BUSY);
  g_assert_false (g_file_test (dest, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (partial, G_FILE_TEST_EXISTS));
  g_assert_cmpint (elapsed, >=, READER_TIMEOUT_MS * 1000);
  g_assert_cmpint (elapsed, <, (20 * READER_TIMEOUT_MS + 1000) * 1000);

  g_assert_cmpint (sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_clear_error (&error);
  g_assert_true (peygir_store_backup (fixture->store, dest, &error));
  g_assert_no_error (error);
}

static void
test_no_statement_left_open (StoreFixture  *fixture,
                             gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(PeygirCase) kase = create_simple_case (fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new_static ("%PDF-1.4", 8);
  g_autoptr(PeygirDocument) document = NULL;
  g_autofree char *backup = g_build_filename (fixture->dir, "backup.db", NULL);
  PeygirCaseQuery query = { .limit = 1 };
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;
  gint64 counts[PEYGIR_N_STATES];
  gint64 version;

  /* a second case, so that a page of one row leaves rows unread */
  g_clear_pointer (&kase, peygir_case_free);
  kase = create_simple_case (fixture);
  assert_no_lock_held (fixture, "create_case");

  document = peygir_store_add_document (fixture->store, "expert", kase->id, "سند.pdf", "application/pdf", bytes, &error);
  g_assert_no_error (error);
  assert_no_lock_held (fixture, "add_document");

#define AFTER(call) G_STMT_START { call; g_clear_error (&error); assert_no_lock_held (fixture, #call); } G_STMT_END
  AFTER (peygir_case_free (peygir_store_get_case (fixture->store, kase->id, PEYGIR_CASE_DETAIL_REFERRALS, &error)));
  AFTER (g_assert_null (peygir_store_get_case (fixture->store, 999, PEYGIR_CASE_DETAIL_REFERRALS, &error)));
  AFTER (peygir_case_free (peygir_store_find_case (fixture->store, kase->tracking_code, PEYGIR_CASE_DETAIL_REFERRALS, &error)));
  AFTER (peygir_case_free (peygir_store_find_case (fixture->store, "1405/9", PEYGIR_CASE_DETAIL_NONE, &error)));
  AFTER (g_ptr_array_unref (peygir_store_list_cases (fixture->store, &query, &error)));
  AFTER (peygir_store_count_cases (fixture->store, &query, &error));
  AFTER (peygir_store_count_by_state (fixture->store, counts, &error));
  AFTER (g_ptr_array_unref (peygir_store_search (fixture->store, "آب", 1, &error)));
  AFTER (g_ptr_array_unref (peygir_store_search (fixture->store, kase->applicant.national_id, 1, &error)));
  AFTER (g_ptr_array_unref (peygir_store_find_earlier_cases (fixture->store, kase->applicant.national_id, NULL, 0, &error)));
  AFTER (g_ptr_array_unref (peygir_store_list_events (fixture->store, kase->id, &error)));
  AFTER (g_ptr_array_unref (peygir_store_list_contacts (fixture->store, kase->id, &error)));
  AFTER (g_ptr_array_unref (peygir_store_list_documents (fixture->store, kase->id, &error)));
  AFTER (g_bytes_unref (peygir_store_get_document_data (fixture->store, document->id, &error)));
  AFTER (g_ptr_array_unref (peygir_store_list_users (fixture->store, &error)));
  AFTER (g_ptr_array_unref (peygir_store_list_agencies (fixture->store, &error)));
  AFTER (g_ptr_array_unref (peygir_store_list_holidays (fixture->store, &error)));
  AFTER (peygir_calendar_unref (peygir_store_get_calendar (fixture->store, &error)));
  AFTER (peygir_user_free (peygir_store_find_user (fixture->store, "expert", &error)));
  AFTER (peygir_user_free (peygir_store_find_user (fixture->store, "nobody", &error)));
  AFTER (g_free (peygir_store_get_setting (fixture->store, PEYGIR_SETTING_SERVICE_DAYS, &error)));
  AFTER (peygir_store_count_users (fixture->store, &error));
  AFTER (peygir_store_get_data_version (fixture->store, &version, &error));
  AFTER (peygir_store_check (fixture->store, &error));
  AFTER (peygir_store_backup (fixture->store, backup, &error));

  /* refusals, from the checks and from the database */
  request.case_id = kase->id;
  request.action = PEYGIR_ACTION_REGISTER;
  request.actor_login = "secretary";
  AFTER (g_assert_null (peygir_store_apply_action (fixture->store, &request, &error)));
  request.action = PEYGIR_ACTION_REVIEW;
  request.actor_login = "expert";
  request.expect_version = 99;
  AFTER (g_assert_null (peygir_store_apply_action (fixture->store, &request, &error)));
  request.case_id = 999;
  AFTER (g_assert_null (peygir_store_apply_action (fixture->store, &request, &error)));
  AFTER (peygir_agency_free (peygir_store_add_agency (fixture->store, "admin", "اداره کل آب و فاضلاب", NULL, 0, &error)));
  AFTER (peygir_user_free (peygir_store_add_user (fixture->store, "admin", "expert", "تکراری", PEYGIR_ROLE_EXPERT, &error)));
#undef AFTER
}

/* The window calls the store from worker threads: calls on one store are
 * serialised, and none sees another's half-used statement. */
typedef struct
{
  StoreFixture *fixture;
  gint64        case_id;
  guint         n_events;
} ThreadData;

static gpointer
reader_thread (gpointer user_data)
{
  ThreadData *data = user_data;

  for (guint i = 0; i < 300; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) events = peygir_store_list_events (data->fixture->store, data->case_id, &error);
      g_autoptr(GPtrArray) users = peygir_store_list_users (data->fixture->store, &error);
      PeygirCaseQuery query = { .limit = 10 };
      g_autoptr(GPtrArray) cases = peygir_store_list_cases (data->fixture->store, &query, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (events->len, ==, data->n_events);
      g_assert_cmpuint (users->len, ==, 4);
      g_assert_cmpuint (cases->len, ==, 3);
    }
  return NULL;
}

static void
test_threads (StoreFixture  *fixture,
              gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(PeygirCase) kase = create_simple_case (fixture);
  g_autoptr(PeygirCase) second = create_simple_case (fixture);
  g_autoptr(PeygirCase) third = create_simple_case (fixture);
  g_autoptr(PeygirCase) done = act (fixture, kase->id, PEYGIR_ACTION_REVIEW, "expert", NULL);
  ThreadData thread_data = { fixture, kase->id, 2 };
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("reader", reader_thread, &thread_data);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
}

static void
test_users (void)
{
  g_autofree char *dir = peygir_test_dir_new ();
  g_autofree char *path = g_build_filename (dir, "users.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirStore) store = NULL;
  g_autoptr(PeygirUser) first = NULL;
  g_autoptr(PeygirUser) second = NULL;
  g_autoptr(PeygirUser) refused = NULL;
  g_autoptr(PeygirAgency) agency = NULL;
  g_autoptr(PeygirAgency) duplicate = NULL;
  gint64 events;

  set_now (FIXTURE_NOW);
  store = peygir_store_open (path, PEYGIR_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (peygir_store_count_users (store, &error), ==, 0);

  first = peygir_store_add_user (store, NULL, "karimi", "مریم کریمی", PEYGIR_ROLE_EXPERT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (first->roles, ==, PEYGIR_ROLE_EXPERT | PEYGIR_ROLE_ADMIN);

  second = peygir_store_add_user (store, "karimi", "ahmadi", "علی احمدی", PEYGIR_ROLE_EXPERT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (second->roles, ==, PEYGIR_ROLE_EXPERT);

  events = sql_int (path, "SELECT count(*) FROM events");
  refused = peygir_store_add_user (store, "ahmadi", "rezaei", "زهرا رضایی", PEYGIR_ROLE_MANAGER, &error);
  g_assert_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED);
  g_assert_null (refused);
  g_clear_error (&error);
  agency = peygir_store_add_agency (store, "ahmadi", "اداره کل ثبت اسناد", NULL, 0, &error);
  g_assert_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED);
  g_assert_null (agency);
  g_clear_error (&error);
  refused = peygir_store_add_user (store, "nobody", "rezaei", "زهرا رضایی", PEYGIR_ROLE_MANAGER, &error);
  g_assert_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_UNKNOWN_USER);
  g_clear_error (&error);
  g_assert_false (peygir_store_set_setting (store, "ahmadi", PEYGIR_SETTING_RESPONSE_DAYS, "10", &error));
  g_assert_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  g_assert_cmpint (sql_int (path, "SELECT count(*) FROM events"), ==, events);
  g_assert_cmpint (peygir_store_count_users (store, &error), ==, 2);

  refused = peygir_store_add_user (store, "karimi", "ahmadi", "دیگری", PEYGIR_ROLE_EXPERT, &error);
  g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_EXISTS);
  g_clear_error (&error);

  agency = peygir_store_add_agency (store, "karimi", "اداره کل ثبت اسناد", NULL, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpint (agency->response_days, ==, 10);
  g_assert_cmpstr (agency->head_title, ==, "رئیس محترم اداره کل ثبت اسناد");
  duplicate = peygir_store_add_agency (store, NULL, "اداره کل ثبت اسناد", NULL, 0, &error);
  g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_EXISTS);
  g_assert_null (duplicate);
  g_clear_error (&error);

  g_clear_object (&store);
  peygir_test_dir_free (g_steal_pointer (&dir));
  peygir_clock_set_now (0);
}

/* The administrator changes users and agencies; the office never loses its
 * last administrator, and a deactivated agency is offered no more. */
static void
test_update_users_and_agencies (StoreFixture  *fixture,
                                gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirUser) user = NULL;
  g_autoptr(PeygirUser) refused = NULL;
  g_autoptr(PeygirAgency) agency = NULL;
  g_autoptr(PeygirCase) kase = create_simple_case (fixture);
  g_autoptr(PeygirCase) registered = review_and_register (fixture, kase->id);
  g_autoptr(PeygirCase) referred = NULL;
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;
  gint64 agency_ids[1] = { fixture->agency_b };
  gint64 events_before;

  user = peygir_store_update_user (fixture->store, "admin", "expert", "مریم کریمی‌نژاد",
                                   PEYGIR_ROLE_EXPERT | PEYGIR_ROLE_MANAGER, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (user->name, ==, "مریم کریمی‌نژاد");
  g_assert_cmpint (user->roles, ==, PEYGIR_ROLE_EXPERT | PEYGIR_ROLE_MANAGER);
  g_assert_true (user->active);

  /* only an administrator changes users */
  refused = peygir_store_update_user (fixture->store, "manager", "expert", NULL, PEYGIR_ROLE_ADMIN, -1, &error);
  g_assert_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED);
  g_assert_null (refused);
  g_clear_error (&error);

  /* the last administrator keeps the role */
  refused = peygir_store_update_user (fixture->store, "admin", "admin", NULL, PEYGIR_ROLE_EXPERT, -1, &error);
  g_assert_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  refused = peygir_store_update_user (fixture->store, "admin", "admin", NULL, 0, FALSE, &error);
  g_assert_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED);
  g_clear_error (&error);

  /* a deactivated user acts no more */
  g_clear_pointer (&user, peygir_user_free);
  user = peygir_store_update_user (fixture->store, "admin", "secretary", NULL, 0, FALSE, &error);
  g_assert_no_error (error);
  g_assert_false (user->active);
  request.case_id = kase->id;
  request.action = PEYGIR_ACTION_CONTACT;
  request.actor_login = "secretary";
  request.channel = PEYGIR_CHANNEL_PHONE;
  request.note = "تماس";
  g_assert_null (peygir_store_apply_action (fixture->store, &request, &error));
  g_assert_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_UNKNOWN_USER);
  g_clear_error (&error);

  agency = peygir_store_update_agency (fixture->store, "admin", fixture->agency_b, NULL,
                                      "مدیر عامل محترم شرکت توزیع برق شهرستان", 10, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (agency->head_title, ==, "مدیر عامل محترم شرکت توزیع برق شهرستان");
  g_assert_cmpint (agency->response_days, ==, 10);
  g_assert_true (agency->active);

  g_clear_pointer (&agency, peygir_agency_free);
  agency = peygir_store_update_agency (fixture->store, "admin", fixture->agency_b, NULL, NULL, 0, FALSE, &error);
  g_assert_no_error (error);
  g_assert_false (agency->active);

  /* a referral to it is refused, and nothing is written */
  events_before = count_events (fixture);
  request = (PeygirActionRequest) PEYGIR_ACTION_REQUEST_INIT;
  request.case_id = kase->id;
  request.action = PEYGIR_ACTION_REFER;
  request.actor_login = "expert";
  request.note = "متن نامه";
  request.agency_ids = agency_ids;
  request.n_agency_ids = 1;
  referred = peygir_store_apply_action (fixture->store, &request, &error);
  g_assert_null (referred);
  g_assert_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_ARGUMENT);
  g_clear_error (&error);
  g_assert_cmpint (count_events (fixture), ==, events_before);

  /* no such agency */
  g_assert_null (peygir_store_update_agency (fixture->store, "admin", 9999, "x", NULL, 0, -1, &error));
  g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_FOUND);
}

#define REPORT_INDEXES \
  "('cases_report', 'contacts_in_person', 'events_at', 'events_pauses', 'referrals_dispatched')"

/* A database of version 5 gains the report's figures, filled from its
 * history, when it is opened; version 5's indexes for the report go, and
 * each expert's count keeps its index that holds answer_due. */
static void
test_migration_report_figures (StoreFixture  *fixture,
                               gconstpointer  data G_GNUC_UNUSED)
{
  gboolean server = fixture_on_server (fixture);
  const char *count_sql = server
                          ? "SELECT count(*) FROM pg_indexes WHERE indexname IN " REPORT_INDEXES
                          : "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN " REPORT_INDEXES;
  const char *expert_sql = server
                           ? "SELECT count(*) FROM pg_indexes WHERE indexname = 'cases_expert'"
                             " AND indexdef LIKE '%answer_due%'"
                           : "SELECT count(*) FROM pragma_index_info ('cases_expert') WHERE name = 'answer_due'";
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirCase) kase = create_simple_case (fixture);
  g_autoptr(PeygirCase) closed = create_simple_case (fixture);
  g_autoptr(PeygirCase) acted = NULL;
  g_autoptr(PeygirReport) report = NULL;
  gint64 figures;
  PeygirActionRequest notify = PEYGIR_ACTION_REQUEST_INIT;

  acted = act (fixture, closed->id, PEYGIR_ACTION_REVIEW, "expert", NULL);
  g_clear_pointer (&acted, peygir_case_free);
  acted = act (fixture, closed->id, PEYGIR_ACTION_REJECT, "expert", "خارج از حوزه اختیارات");
  g_clear_pointer (&acted, peygir_case_free);
  notify.case_id = closed->id;
  notify.action = PEYGIR_ACTION_NOTIFY;
  notify.actor_login = "expert";
  notify.channel = PEYGIR_CHANNEL_IN_PERSON;
  notify.note = "به متقاضی اعلام شد.";
  acted = act_request (fixture, &notify);
  g_assert_cmpint (acted->state, ==, PEYGIR_STATE_CLOSED);
  g_assert_cmpint (sql_int (fixture->path, count_sql), ==, 0);
  g_assert_cmpint (sql_int (fixture->path, expert_sql), ==, 1);
  figures = sql_int (fixture->path, "SELECT count(*) FROM report_tallies");
  g_assert_cmpint (figures, >, 10);

  g_clear_object (&fixture->store);
  g_assert_cmpint (sql_exec (fixture->path, "DROP TABLE report_tallies"), ==, SQLITE_OK);
  g_assert_cmpint (sql_exec (fixture->path, server ? "UPDATE peygir_schema SET version = 5" : "PRAGMA user_version = 5"),
                   ==, SQLITE_OK);

  fixture->store = peygir_store_open (fixture->path, PEYGIR_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM report_tallies"), ==, figures);
  g_assert_true (peygir_store_check (fixture->store, &error));
  g_assert_no_error (error);
  report = peygir_store_get_report (fixture->store, kase->received_on, kase->received_on, &error);
  g_assert_no_error (error);
  g_assert_cmpint (report->received, ==, 2);
  g_assert_cmpint (report->rejected, ==, 1);
  g_assert_cmpint (report->closed, ==, 1);
  g_assert_cmpint (report->open_at_end, ==, 1);
}

int
main (int argc, char **argv)
{
  int status;

  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, StoreFixture, NULL, fixture_set_up, func, fixture_tear_down)
/* on a file and on a server: what the two engines must do alike */
#define BOTH(path, func) store_test_add_both (path, func)

  BOTH ("/core/store/create/valid", test_create_valid);
  BOTH ("/core/store/create/invalid", test_create_invalid);
  BOTH ("/core/store/workflow/complaint", test_workflow_complaint);
  BOTH ("/core/store/workflow/holiday", test_workflow_holiday);
  BOTH ("/core/store/workflow/settings-and-deadlines", test_settings_and_deadlines);
  BOTH ("/core/store/workflow/nowruz-numbers", test_numbers_at_nowruz);
  BOTH ("/core/store/workflow/reject-and-return", test_reject_and_return);
  BOTH ("/core/store/workflow/waiting-for-documents", test_waiting_for_documents);
  BOTH ("/core/store/workflow/link", test_link);
  BOTH ("/core/store/conflict", test_conflict);
  g_test_add_func ("/core/store/demo/counts", test_demo_counts);
  g_test_add_func ("/core/store/demo/counts-each", test_demo_counts_each);
  g_test_add_func ("/core/store/demo/pagination", test_pagination);
  g_test_add_func ("/core/store/demo/seed", test_demo_seed);
  BOTH ("/core/store/find", test_find);
  BOTH ("/core/store/find-ambiguous", test_find_ambiguous);
  BOTH ("/core/store/documents", test_documents);
  BOTH ("/core/store/documents/content-type", test_documents_content_type);
  BOTH ("/core/store/documents/stream", test_documents_stream);
  g_test_add_func ("/core/store/open/errors", test_open_errors);
  ADD ("/core/store/open/newer-schema", test_open_newer_schema);
  ADD ("/core/store/open/read-only", test_open_read_only);
  ADD ("/core/store/open/journal-and-backup", test_journal_and_backup);
  ADD ("/core/store/data-version", test_data_version);
  BOTH ("/core/store/threads", test_threads);
  ADD ("/core/store/busy", test_busy);
  ADD ("/core/store/busy-reader", test_busy_reader);
  ADD ("/core/store/busy-one-budget", test_busy_one_budget);
  ADD ("/core/store/backup-busy", test_backup_busy);
  ADD ("/core/store/no-statement-left-open", test_no_statement_left_open);
  BOTH ("/core/store/workflow/second-round", test_second_round);
  g_test_add_func ("/core/store/users", test_users);
  BOTH ("/core/store/users-and-agencies/update", test_update_users_and_agencies);
  BOTH ("/core/store/migration/report-figures", test_migration_report_figures);

  status = g_test_run ();

  g_clear_object (&demo_store);
  g_clear_pointer (&demo_path, g_free);
  g_clear_pointer (&demo_dir, peygir_test_dir_free);
  peygir_clock_set_now (0);
  return status;
}
