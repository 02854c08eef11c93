/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The letter registry: numbers given only by the act that sends a letter,
 * printed numbers that must still be free, voiding, the agencies' own
 * letters, the register, and the schema that holds them. */
#include "peygir-store-private.h"
#include "store-test-fixture.h"

static void
assert_refused (StoreFixture              *fixture,
                const PeygirActionRequest *request,
                GQuark                     domain,
                int                        code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirCase) kase = peygir_store_apply_action (fixture->store, request, &error);

  g_assert_error (error, domain, code);
  g_assert_null (kase);
}

/* A registered case referred to agency A and approved: a letter waiting
 * in the print queue. */
static PeygirCase *
approved_case (StoreFixture *fixture)
{
  g_autoptr(PeygirCase) kase = create_simple_case (fixture);
  g_autoptr(PeygirCase) done = review_and_register (fixture, kase->id);
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;
  gint64 agencies[] = { fixture->agency_a };

  request.case_id = kase->id;
  request.action = PEYGIR_ACTION_REFER;
  request.actor_login = "expert";
  request.note = "متن ارجاع";
  request.agency_ids = agencies;
  request.n_agency_ids = 1;
  g_clear_pointer (&done, peygir_case_free);
  done = act_request (fixture, &request);
  g_clear_pointer (&done, peygir_case_free);
  done = act (fixture, kase->id, PEYGIR_ACTION_APPROVE, "manager", NULL);
  return peygir_store_get_case (fixture->store, kase->id, PEYGIR_CASE_DETAIL_REFERRALS, NULL);
}

static GPtrArray *
register_page (StoreFixture              *fixture,
               const PeygirRegisterQuery *query)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *entries = peygir_store_list_register (fixture->store, query, &error);

  g_assert_no_error (error);
  g_assert_nonnull (entries);
  return entries;
}

static gint64
count_queue (StoreFixture *fixture,
             gboolean      reminders_to_approve)
{
  g_autoptr(GError) error = NULL;
  PeygirCaseQuery query = { 0, };
  gint64 n;

  query.undispatched_only = !reminders_to_approve;
  query.reminders_to_approve = reminders_to_approve;
  n = peygir_store_count_cases (fixture->store, &query, &error);
  g_assert_no_error (error);
  return n;
}

/* A letter printed with a number is sent under that number only: when
 * another desk took it meanwhile, nothing is recorded and no number used. */
static void
test_printed_number (StoreFixture  *fixture,
                     gconstpointer  data)
{
  g_autoptr(PeygirCase) first = approved_case (fixture);
  g_autoptr(PeygirCase) second = approved_case (fixture);
  g_autoptr(PeygirCase) done = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = g_bytes_new_static ("%PDF-1.5 printed", 16);
  g_autoptr(GBytes) kept = NULL;
  g_auto(GStrv) numbers = peygir_store_peek_letter_numbers (fixture->store, 2, &error);
  g_auto(GStrv) again = NULL;
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;

  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (numbers), ==, 2);
  g_assert_cmpstr (numbers[0], ==, "1405/ص/1");
  g_assert_cmpstr (numbers[1], ==, "1405/ص/2");
  /* looking uses nothing up */
  again = peygir_store_peek_letter_numbers (fixture->store, 1, &error);
  g_assert_cmpstr (again[0], ==, "1405/ص/1");

  /* Printed as 1, but another desk sends the second case's letter first. */
  done = act (fixture, second->id, PEYGIR_ACTION_DISPATCH, "secretary", NULL);
  g_assert_cmpstr (referral_at (done, 0)->letter_number, ==, "1405/ص/1");
  request.case_id = first->id;
  request.action = PEYGIR_ACTION_DISPATCH;
  request.actor_login = "secretary";
  request.referral_id = referral_at (first, 0)->id;
  request.expect_number = numbers[0];
  request.letter_pdf = pdf;
  assert_refused (fixture, &request, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_CONFLICT);
  g_clear_pointer (&done, peygir_case_free);
  done = peygir_store_get_case (fixture->store, first->id, PEYGIR_CASE_DETAIL_REFERRALS, &error);
  g_assert_cmpint (referral_at (done, 0)->state, ==, PEYGIR_REFERRAL_APPROVED);
  g_assert_cmpint (count_queue (fixture, FALSE), ==, 1);

  /* Printed again as 2: sent as 2, and the register keeps those bytes. */
  request.expect_number = numbers[1];
  g_clear_pointer (&done, peygir_case_free);
  done = act_request (fixture, &request);
  g_assert_cmpstr (referral_at (done, 0)->letter_number, ==, "1405/ص/2");
  kept = peygir_store_get_letter_pdf (fixture->store, "1405/ص/2", &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (kept, pdf));
  g_assert_cmpint (count_queue (fixture, FALSE), ==, 0);

  /* several letters at once are sent without printed numbers only */
  request.referral_id = 0;
  request.expect_number = "1405/ص/3";
  assert_refused (fixture, &request, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_ARGUMENT);
}

/* Three letters printed as 1, 2 and 3; the second jammed. The first and
 * third go out under their numbers, the second's number is void, and the
 * second letter waits to be printed again. */
static void
test_spoiled_number (StoreFixture  *fixture,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func ((GDestroyNotify) peygir_case_free);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) numbers = NULL;
  g_autoptr(GPtrArray) letters = NULL;
  g_autoptr(PeygirCase) after = NULL;

  for (guint i = 0; i < 3; i++)
    g_ptr_array_add (cases, approved_case (fixture));
  numbers = peygir_store_peek_letter_numbers (fixture->store, 3, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < 3; i++)
    {
      if (i == 1)
        {
          /* not in order: refused, nothing used */
          g_assert_false (peygir_store_spoil_letter_number (fixture->store, "secretary", ((PeygirCase *) cases->pdata[i])->id, PEYGIR_LETTER_REFERRAL,
                                                            referral_at (cases->pdata[i], 0)->id, numbers[2],
                                                            "کاغذ در چاپگر گیر کرد", &error));
          g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_CONFLICT);
          g_clear_error (&error);
          g_assert_false (peygir_store_spoil_letter_number (fixture->store, "expert", ((PeygirCase *) cases->pdata[i])->id, PEYGIR_LETTER_REFERRAL,
                                                            referral_at (cases->pdata[i], 0)->id, numbers[1],
                                                            "کاغذ در چاپگر گیر کرد", &error));
          g_assert_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED);
          g_clear_error (&error);
          g_assert_true (peygir_store_spoil_letter_number (fixture->store, "secretary", ((PeygirCase *) cases->pdata[i])->id, PEYGIR_LETTER_REFERRAL,
                                                           referral_at (cases->pdata[i], 0)->id, numbers[1],
                                                           "کاغذ در چاپگر گیر کرد", &error));
          g_assert_no_error (error);
        }
      else
        {
          PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;
          g_autoptr(PeygirCase) done = NULL;

          request.case_id = ((PeygirCase *) cases->pdata[i])->id;
          request.action = PEYGIR_ACTION_DISPATCH;
          request.actor_login = "secretary";
          request.referral_id = referral_at (cases->pdata[i], 0)->id;
          request.expect_number = numbers[i];
          done = act_request (fixture, &request);
          g_assert_cmpstr (referral_at (done, 0)->letter_number, ==, numbers[i]);
        }
    }

  letters = peygir_store_list_letters (fixture->store, ((PeygirCase *) cases->pdata[1])->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (letters->len, ==, 1);
  g_assert_cmpstr (((PeygirLetterRecord *) letters->pdata[0])->number, ==, numbers[1]);
  g_assert_cmpstr (((PeygirLetterRecord *) letters->pdata[0])->void_reason, ==, "کاغذ در چاپگر گیر کرد");
  after = peygir_store_get_case (fixture->store, ((PeygirCase *) cases->pdata[1])->id, PEYGIR_CASE_DETAIL_REFERRALS, &error);
  g_assert_cmpint (referral_at (after, 0)->state, ==, PEYGIR_REFERRAL_APPROVED);
  g_assert_cmpint (count_queue (fixture, FALSE), ==, 1);
  g_assert_true (peygir_store_check (fixture->store, &error));
  g_assert_no_error (error);
}

/* A number issued by mistake is voided with its reason: it stays in the
 * register, is never given again, and the letter is sent again under a
 * new number. */
static void
test_void (StoreFixture  *fixture,
           gconstpointer  data)
{
  g_autoptr(PeygirCase) kase = approved_case (fixture);
  g_autoptr(PeygirCase) done = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) letters = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  PeygirRegisterQuery query = { 0, };
  PeygirLetterRecord *voided;
  int version;

  done = act (fixture, kase->id, PEYGIR_ACTION_DISPATCH, "secretary", NULL);
  g_assert_cmpstr (referral_at (done, 0)->letter_number, ==, "1405/ص/1");
  version = done->version;

  /* the secretariat's, with a reason */
  g_assert_false (peygir_store_void_letter (fixture->store, "expert", "1405/ص/1", "اشتباه", &error));
  g_assert_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  g_assert_false (peygir_store_void_letter (fixture->store, "secretary", "1405/ص/1", "  ", &error));
  g_assert_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOTE_REQUIRED);
  g_clear_error (&error);
  g_assert_false (peygir_store_void_letter (fixture->store, "secretary", "1405/ص/99", "اشتباه", &error));
  g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (peygir_store_void_letter (fixture->store, "secretary", "1405/ص/1",
                                           "نامه به نشانی دستگاه دیگری چاپ شد", &error));
  g_assert_no_error (error);
  g_assert_false (peygir_store_void_letter (fixture->store, "secretary", "1405/ص/1", "دوباره", &error));
  g_assert_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE);
  g_clear_error (&error);

  /* back in the print queue, its deadline gone: a month on, not overdue */
  set_now ("2026-06-10T09:00:00+03:30");
  g_clear_pointer (&done, peygir_case_free);
  done = peygir_store_get_case (fixture->store, kase->id, PEYGIR_CASE_DETAIL_REFERRALS, &error);
  g_assert_cmpint (referral_at (done, 0)->state, ==, PEYGIR_REFERRAL_APPROVED);
  g_assert_null (referral_at (done, 0)->letter_number);
  g_assert_false (done->overdue);
  g_assert_cmpint (done->version, ==, version + 1);
  g_assert_cmpint (count_queue (fixture, FALSE), ==, 1);

  /* sent again: a new number, the void one kept */
  g_clear_pointer (&done, peygir_case_free);
  done = act (fixture, kase->id, PEYGIR_ACTION_DISPATCH, "secretary", NULL);
  g_assert_cmpstr (referral_at (done, 0)->letter_number, ==, "1405/ص/2");
  letters = peygir_store_list_letters (fixture->store, kase->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (letters->len, ==, 2);
  voided = g_ptr_array_index (letters, 0);
  g_assert_cmpstr (voided->number, ==, "1405/ص/1");
  g_assert_cmpstr (voided->void_reason, ==, "نامه به نشانی دستگاه دیگری چاپ شد");
  g_assert_null (((PeygirLetterRecord *) g_ptr_array_index (letters, 1))->void_reason);

  events = peygir_store_list_events (fixture->store, kase->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((PeygirEvent *) g_ptr_array_index (events, events->len - 2))->action, ==, "void_letter");

  /* the register shows both, the void one as void */
  entries = register_page (fixture, &query);
  g_assert_cmpuint (entries->len, ==, 2);
  g_assert_cmpstr (((PeygirRegisterEntry *) g_ptr_array_index (entries, 0))->number, ==, "1405/ص/2");
  g_assert_null (((PeygirRegisterEntry *) g_ptr_array_index (entries, 0))->void_reason);
  g_assert_cmpstr (((PeygirRegisterEntry *) g_ptr_array_index (entries, 1))->number, ==, "1405/ص/1");
  g_assert_nonnull (((PeygirRegisterEntry *) g_ptr_array_index (entries, 1))->void_reason);

  /* answered: the letter was received, it cannot be voided */
  g_clear_pointer (&done, peygir_case_free);
  {
    PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;

    request.case_id = kase->id;
    request.action = PEYGIR_ACTION_ANSWER;
    request.actor_login = "secretary";
    request.referral_id = referral_at (kase, 0)->id;
    request.note = "رسیدگی شد.";
    done = act_request (fixture, &request);
  }
  g_assert_false (peygir_store_void_letter (fixture->store, "secretary", "1405/ص/2", "اشتباه", &error));
  g_assert_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE);
  g_clear_error (&error);

  g_assert_true (peygir_store_check (fixture->store, &error));
  g_assert_no_error (error);
}

/* The answer to the applicant, voided, can be sent again; a voided
 * reminder goes back to waiting to be sent. */
static void
test_void_answer_and_reminder (StoreFixture  *fixture,
                               gconstpointer  data)
{
  g_autoptr(PeygirCase) kase = approved_case (fixture);
  g_autoptr(PeygirCase) done = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirLetterRecord) answer = NULL;
  g_autoptr(PeygirLetterRecord) again = NULL;
  g_autoptr(PeygirLetterRecord) current = NULL;
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;
  gint64 referral_id = referral_at (kase, 0)->id;

  done = act (fixture, kase->id, PEYGIR_ACTION_DISPATCH, "secretary", NULL);
  set_now ("2026-05-20T09:00:00+03:30");
  request.case_id = kase->id;
  request.action = PEYGIR_ACTION_FOLLOW_UP;
  request.actor_login = "expert";
  request.referral_id = referral_id;
  request.channel = PEYGIR_CHANNEL_MAIL;
  g_clear_pointer (&done, peygir_case_free);
  done = act_request (fixture, &request);
  g_assert_cmpint (count_queue (fixture, TRUE), ==, 1);
  g_assert_cmpint (count_queue (fixture, FALSE), ==, 0);
  request.action = PEYGIR_ACTION_APPROVE_REMINDER;
  request.actor_login = "manager";
  g_clear_pointer (&done, peygir_case_free);
  done = act_request (fixture, &request);
  g_assert_cmpint (count_queue (fixture, TRUE), ==, 0);
  g_assert_cmpint (count_queue (fixture, FALSE), ==, 1);
  g_clear_pointer (&done, peygir_case_free);
  done = act (fixture, kase->id, PEYGIR_ACTION_DISPATCH, "secretary", NULL);
  g_assert_cmpstr (referral_at (done, 0)->last_reminder_number, ==, "1405/ص/2");
  g_assert_cmpint (count_queue (fixture, FALSE), ==, 0);

  /* a reminder sent after it: the referral letter stands */
  g_assert_false (peygir_store_void_letter (fixture->store, "secretary", "1405/ص/1", "اشتباه", &error));
  g_assert_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE);
  g_clear_error (&error);

  g_assert_true (peygir_store_void_letter (fixture->store, "secretary", "1405/ص/2", "بدون امضا ارسال شد", &error));
  g_assert_no_error (error);
  g_clear_pointer (&done, peygir_case_free);
  done = peygir_store_get_case (fixture->store, kase->id, PEYGIR_CASE_DETAIL_REFERRALS, &error);
  g_assert_cmpint (referral_at (done, 0)->reminder, ==, PEYGIR_REMINDER_APPROVED);
  g_assert_null (referral_at (done, 0)->last_reminder_number);
  g_assert_cmpint (count_queue (fixture, FALSE), ==, 1);
  g_clear_pointer (&done, peygir_case_free);
  done = act (fixture, kase->id, PEYGIR_ACTION_DISPATCH, "secretary", NULL);
  g_assert_cmpstr (referral_at (done, 0)->last_reminder_number, ==, "1405/ص/3");

  /* the answer, sent, voided, sent again */
  request = (PeygirActionRequest) PEYGIR_ACTION_REQUEST_INIT;
  request.case_id = kase->id;
  request.action = PEYGIR_ACTION_ANSWER;
  request.actor_login = "secretary";
  request.referral_id = referral_id;
  request.note = "رسیدگی شد.";
  g_clear_pointer (&done, peygir_case_free);
  done = act_request (fixture, &request);
  answer = peygir_store_issue_answer_letter (fixture->store, "secretary", kase->id, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (answer->number, ==, "1405/ص/4");
  g_assert_true (peygir_store_void_letter (fixture->store, "secretary", answer->number, "نام متقاضی اشتباه بود", &error));
  g_assert_no_error (error);
  current = peygir_store_get_answer_letter (fixture->store, kase->id, &error);
  g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_FOUND);
  g_assert_null (current);
  g_clear_error (&error);
  again = peygir_store_issue_answer_letter (fixture->store, "secretary", kase->id, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->number, ==, "1405/ص/5");

  g_assert_true (peygir_store_check (fixture->store, &error));
  g_assert_no_error (error);
}

/* The agency's answer comes with its own letter number and date and a
 * scan, kept as a document of the case; the register lists it, and the
 * number is found by search. */
static void
test_incoming (StoreFixture  *fixture,
               gconstpointer  data)
{
  g_autoptr(PeygirCase) kase = approved_case (fixture);
  g_autoptr(PeygirCase) done = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) scan = g_bytes_new_static ("%PDF-1.4 scan", 13);
  g_autoptr(GPtrArray) documents = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) found = NULL;
  PeygirRegisterQuery query = { 0, };
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;
  PeygirRegisterEntry *entry;

  done = act (fixture, kase->id, PEYGIR_ACTION_DISPATCH, "secretary", NULL);
  set_now ("2026-05-06T09:00:00+03:30");
  request.case_id = kase->id;
  request.action = PEYGIR_ACTION_ANSWER;
  request.actor_login = "secretary";
  request.referral_id = referral_at (kase, 0)->id;
  request.note = "لوله اصلی تعویض شد.";
  request.answer_number = "۷۸۹۰/۱۲/ب";
  request.answer_date = 20260505;
  request.document_name = "پاسخ آب و فاضلاب.pdf";
  request.document_type = "application/pdf";
  request.document = scan;

  /* a date in the future is refused, and nothing is kept */
  request.answer_date = 20260601;
  assert_refused (fixture, &request, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_DATE);
  documents = peygir_store_list_documents (fixture->store, kase->id, &error);
  g_assert_cmpuint (documents->len, ==, 0);
  g_clear_pointer (&documents, g_ptr_array_unref);

  request.answer_date = 20260505;
  g_clear_pointer (&done, peygir_case_free);
  done = act_request (fixture, &request);
  g_assert_cmpstr (referral_at (done, 0)->answer_number, ==, "7890/12/ب");
  g_assert_cmpint (referral_at (done, 0)->answer_date, ==, 20260505);
  documents = peygir_store_list_documents (fixture->store, kase->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (documents->len, ==, 1);
  g_assert_cmpint (referral_at (done, 0)->answer_document_id, ==, ((PeygirDocument *) documents->pdata[0])->id);

  /* newest first: the answer, then our letter */
  entries = register_page (fixture, &query);
  g_assert_cmpuint (entries->len, ==, 2);
  entry = g_ptr_array_index (entries, 0);
  g_assert_true (entry->incoming);
  g_assert_cmpstr (entry->number, ==, "7890/12/ب");
  g_assert_cmpint (entry->letter_day, ==, 20260505);
  g_assert_cmpint (entry->day, ==, 20260506);
  g_assert_cmpstr (entry->party, ==, "اداره کل آب و فاضلاب");
  g_assert_cmpint (entry->document_id, ==, referral_at (done, 0)->answer_document_id);
  g_assert_cmpstr (entry->registration_number, ==, kase->registration_number);
  entry = g_ptr_array_index (entries, 1);
  g_assert_false (entry->incoming);
  g_assert_cmpint (entry->kind, ==, PEYGIR_LETTER_REFERRAL);

  /* by the agency's number, typed in either digits */
  g_clear_pointer (&entries, g_ptr_array_unref);
  query.text = "7890/12";
  entries = register_page (fixture, &query);
  g_assert_cmpuint (entries->len, ==, 1);
  g_clear_pointer (&entries, g_ptr_array_unref);
  query.text = "۷۸۹۰";
  entries = register_page (fixture, &query);
  g_assert_cmpuint (entries->len, ==, 1);

  /* by a word of the agency's name or of the case's subject, folded as the
   * search folds (the Arabic yeh is the Persian one); both letters */
  {
    const struct { const char *text; guint n; } words[] = {
      { "فاضلاب", 2 }, { "قطعي", 2 }, { "مكرر", 2 }, { "برق", 0 },
    };

    for (guint i = 0; i < G_N_ELEMENTS (words); i++)
      {
        g_clear_pointer (&entries, g_ptr_array_unref);
        query.text = words[i].text;
        entries = register_page (fixture, &query);
        g_assert_cmpuint (entries->len, ==, words[i].n);
      }
  }

  found = peygir_store_search (fixture->store, "۷۸۹۰", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
}

/* The register by date, agency, direction and text, a page at a time. */
static void
test_register_pages (StoreFixture  *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  PeygirRegisterQuery query = { 0, };
  guint seen = 0;
  const char *days[] = { "2026-05-02T09:00:00+03:30", "2026-05-03T09:00:00+03:30",
                         "2026-05-04T09:00:00+03:30", "2026-05-05T09:00:00+03:30",
                         "2026-05-06T09:00:00+03:30" };

  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    {
      g_autoptr(PeygirCase) kase = NULL;
      g_autoptr(PeygirCase) done = NULL;

      set_now (days[i]);
      kase = approved_case (fixture);
      done = act (fixture, kase->id, PEYGIR_ACTION_DISPATCH, "secretary", NULL);
    }

  /* two at a time, newest first, every letter once */
  query.limit = 2;
  for (;;)
    {
      g_autoptr(GPtrArray) page = register_page (fixture, &query);
      PeygirRegisterEntry *last;

      for (guint i = 0; i < page->len; i++)
        {
          g_autofree char *expected = g_strdup_printf ("1405/ص/%u", 5 - seen);
          g_assert_cmpstr (((PeygirRegisterEntry *) page->pdata[i])->number, ==, expected);
          seen++;
        }
      if (page->len < query.limit)
        break;
      last = g_ptr_array_index (page, page->len - 1);
      query.has_cursor = TRUE;
      query.after_at = last->at;
      query.after_incoming = last->incoming;
      query.after_id = last->id;
    }
  g_assert_cmpuint (seen, ==, 5);

  /* 13 and 14 Ordibehesht 1405 */
  query = (PeygirRegisterQuery) { 0, };
  query.from = 20260503;
  query.to = 20260504;
  entries = register_page (fixture, &query);
  g_assert_cmpuint (entries->len, ==, 2);
  g_clear_pointer (&entries, g_ptr_array_unref);

  query = (PeygirRegisterQuery) { 0, };
  query.agency_id = fixture->agency_b;
  entries = register_page (fixture, &query);
  g_assert_cmpuint (entries->len, ==, 0);
  g_clear_pointer (&entries, g_ptr_array_unref);
  query.agency_id = fixture->agency_a;
  query.directions = PEYGIR_REGISTER_INCOMING;
  entries = register_page (fixture, &query);
  g_assert_cmpuint (entries->len, ==, 0);
  g_clear_pointer (&entries, g_ptr_array_unref);

  /* the number as people type it, in Persian digits; a LIKE's own
   * characters are only themselves */
  query = (PeygirRegisterQuery) { 0, };
  query.text = "۱۴۰۵/ص/۳";
  entries = register_page (fixture, &query);
  g_assert_cmpuint (entries->len, ==, 1);
  g_clear_pointer (&entries, g_ptr_array_unref);
  query.text = "%";
  entries = register_page (fixture, &query);
  g_assert_cmpuint (entries->len, ==, 0);
  g_clear_pointer (&entries, g_ptr_array_unref);

  /* an agency and a subject typed on an Arabic keyboard, or without the
   * half-space, are found as the search finds them */
  query.text = "اداره كل آب";
  entries = register_page (fixture, &query);
  g_assert_cmpuint (entries->len, ==, 5);
  g_clear_pointer (&entries, g_ptr_array_unref);
  query.text = "قطعي مكرر";
  entries = register_page (fixture, &query);
  g_assert_cmpuint (entries->len, ==, 5);
  g_clear_pointer (&entries, g_ptr_array_unref);
  query.text = "شرکت توزیع";
  entries = register_page (fixture, &query);
  g_assert_cmpuint (entries->len, ==, 0);
}

/* An administrator may set anyone's title, anyone their own; the reminder
 * signer takes one of its two values. */
static void
test_titles_and_signer (StoreFixture  *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirUser) user = NULL;
  g_autoptr(PeygirUser) found = NULL;
  g_autofree char *signer = NULL;

  user = peygir_store_set_user_title (fixture->store, "expert", "manager", "مدیر", &error);
  g_assert_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED);
  g_assert_null (user);
  g_clear_error (&error);
  user = peygir_store_set_user_title (fixture->store, "expert", "expert", "  کارشناس ارشد  ", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (user->title, ==, "کارشناس ارشد");
  g_clear_pointer (&user, peygir_user_free);
  user = peygir_store_set_user_title (fixture->store, "admin", "manager", "مدیر کل دفتر", &error);
  g_assert_no_error (error);
  found = peygir_store_find_user (fixture->store, "manager", &error);
  g_assert_cmpstr (found->title, ==, "مدیر کل دفتر");

  signer = peygir_store_get_setting (fixture->store, PEYGIR_SETTING_REMINDER_SIGNER, &error);
  g_assert_cmpstr (signer, ==, "manager");
  g_assert_false (peygir_store_set_setting (fixture->store, "admin", PEYGIR_SETTING_REMINDER_SIGNER, "anyone", &error));
  g_assert_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (peygir_store_set_setting (fixture->store, "admin", PEYGIR_SETTING_REMINDER_SIGNER, "expert", &error));
  g_assert_no_error (error);
}

/* A database of the first Peygir is brought up to date: backed up first,
 * its reminders sent as they were, its chain still sound. */
static void
test_migration (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = peygir_test_dir_new ();
  g_autofree char *path = g_build_filename (dir, "peygir.db", NULL);
  g_autoptr(PeygirStore) store = NULL;
  g_autoptr(GDir) listing = NULL;
  const char *name;
  guint backups = 0;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  set_now (FIXTURE_NOW);
  g_assert_true (_peygir_store_create_at_version (path, 1, &error));
  g_assert_no_error (error);

  /* a follow-up of version 1, which always numbered a reminder */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO users (id, login, name, roles, created_at) VALUES (7, 'm', 'م', 2, 0);"
                                 "INSERT INTO cases (id, tracking_code, kind, applicant_type, applicant_name,"
                                 " subject, description, category, channel, state, received_on, created_at,"
                                 " updated_at) VALUES (1, '123456782', 'complaint', 'citizen', 'ع', 'م', 'ت',"
                                 " 'other', 'in_person', 'referred', 20260101, 0, 0);"
                                 "INSERT INTO referrals (id, case_id, agency_id, round, state, letter_text,"
                                 " approved_by, letter_number, due) VALUES (1, 1, (SELECT min (id) FROM agencies),"
                                 " 1, 'dispatched', 'متن', 7, '1404/ص/8', 20260101);"
                                 "INSERT INTO follow_ups (referral_id, at, user_id, new_due, letter_number)"
                                 " VALUES (1, 10, 7, 20260101, '1404/ص/9');",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  store = peygir_store_open (path, PEYGIR_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_true (peygir_store_check (store, &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  listing = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_prefix (name, "peygir.db.backup-v1-"))
      backups++;
  g_assert_cmpuint (backups, ==, 1);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT (SELECT user_version FROM pragma_user_version),"
                                           " channel, reminder, signer_id FROM follow_ups", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, PEYGIR_SCHEMA_VERSION);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, "mail");
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 2), ==, "sent");
  /* signed, as it was printed, by the manager who approved the referral */
  g_assert_cmpint (sqlite3_column_int (stmt, 3), ==, 7);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  peygir_clock_set_now (0);
  peygir_test_dir_free (g_steal_pointer (&dir));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, StoreFixture, NULL, fixture_set_up, func, fixture_tear_down)
/* on a file and on a server: what the two engines must do alike */
#define BOTH(path, func) store_test_add_both (path, func)

  BOTH ("/core/registry/printed-number", test_printed_number);
  BOTH ("/core/registry/spoiled-number", test_spoiled_number);
  BOTH ("/core/registry/void", test_void);
  BOTH ("/core/registry/void-answer-and-reminder", test_void_answer_and_reminder);
  BOTH ("/core/registry/incoming", test_incoming);
  BOTH ("/core/registry/register-pages", test_register_pages);
  BOTH ("/core/registry/titles-and-signer", test_titles_and_signer);
  g_test_add_func ("/core/registry/migration", test_migration);

#undef ADD

  return g_test_run ();
}
