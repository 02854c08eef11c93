/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The cartable in the store: who holds a case (intake, the assign action
 * and its event), the inbox's filters, a sort by every column paging
 * without skipping or repeating a case, and counts that agree with the
 * lists, on a file and on the server. */
#include <locale.h>

#include <glib/gi18n-lib.h>

#include "peygir-case-pages.h"
#include "peygir-demo.h"
#include "peygir-workflow.h"
#include "store-test-fixture.h"

#define EXPERT2_NAME "بهرام احمدی"

static gint64
add_user (StoreFixture *fixture,
          const char   *login,
          const char   *name,
          PeygirRoles   roles)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirUser) user = peygir_store_add_user (fixture->store, "admin", login, name, roles, &error);

  g_assert_no_error (error);
  return user->id;
}

static PeygirCase *
create_case_as (StoreFixture *fixture,
                const char   *login,
                gint64        agency_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirCaseDraft) draft = draft_new (agency_id, "قطعی مکرر آب", "آب محله قطع می‌شود.");
  PeygirCase *kase = peygir_store_create_case (fixture->store, login, draft, &error);

  g_assert_no_error (error);
  return kase;
}

static PeygirCase *
assign (StoreFixture  *fixture,
        gint64         case_id,
        const char    *login,
        gint64         assignee_id,
        GError       **error)
{
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;

  request.case_id = case_id;
  request.action = PEYGIR_ACTION_ASSIGN;
  request.actor_login = login;
  request.assignee_id = assignee_id;
  return peygir_store_apply_action (fixture->store, &request, error);
}

static PeygirEvent *
last_event (StoreFixture *fixture,
            gint64        case_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = peygir_store_list_events (fixture->store, case_id, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (events->len, >, 0);
  return peygir_event_copy (g_ptr_array_index (events, events->len - 1));
}

/* An expert who takes a case in holds it; the secretariat's intake waits
 * for an expert. */
static void
test_intake_holder (StoreFixture  *fixture,
                    gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(PeygirCase) by_expert = create_case_as (fixture, "expert", fixture->agency_a);
  g_autoptr(PeygirCase) by_secretary = create_case_as (fixture, "secretary", fixture->agency_a);
  g_autoptr(PeygirCase) reviewed = NULL;

  g_assert_cmpint (by_expert->expert_id, ==, user_id (fixture, "expert"));
  g_assert_cmpstr (by_expert->expert_name, ==, "مریم کریمی");
  g_assert_cmpint (by_secretary->expert_id, ==, 0);
  g_assert_null (by_secretary->expert_name);

  /* the expert who reviews an unassigned case takes it */
  reviewed = act (fixture, by_secretary->id, PEYGIR_ACTION_REVIEW, "expert", NULL);
  g_assert_cmpint (reviewed->expert_id, ==, user_id (fixture, "expert"));
}

static void
expect_refused (StoreFixture *fixture,
                gint64        case_id,
                const char   *login,
                gint64        assignee_id,
                int           code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirCase) kase = NULL;
  gint64 events = count_events (fixture);

  kase = assign (fixture, case_id, login, assignee_id, &error);
  g_assert_null (kase);
  g_assert_error (error, PEYGIR_WORKFLOW_ERROR, code);
  g_assert_cmpint (count_events (fixture), ==, events);
}

/* The manager assigns and reassigns; an expert only takes an unassigned
 * case for themselves; every assignment is one event saying from whom to
 * whom, and what is refused records nothing. */
static void
test_assign_rules (StoreFixture  *fixture,
                   gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirCase) open = create_case_as (fixture, "secretary", fixture->agency_a);
  g_autoptr(PeygirCase) taken = NULL;
  g_autoptr(PeygirCase) moved = NULL;
  g_autoptr(PeygirEvent) event = NULL;
  g_autoptr(PeygirUser) gone = NULL;
  g_autofree char *note = NULL;
  gint64 expert = user_id (fixture, "expert");
  gint64 expert2 = add_user (fixture, "expert2", EXPERT2_NAME, PEYGIR_ROLE_EXPERT);
  gint64 retired = add_user (fixture, "retired", "ناهید موسوی", PEYGIR_ROLE_EXPERT);
  gint64 events;

  gone = peygir_store_update_user (fixture->store, "admin", "retired", NULL, 0, FALSE, &error);
  g_assert_no_error (error);

  /* an expert takes an unassigned case for themselves, not for another */
  expect_refused (fixture, open->id, "expert", expert2, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED);
  events = count_events (fixture);
  taken = assign (fixture, open->id, "expert2", expert2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (taken->expert_id, ==, expert2);
  g_assert_cmpstr (taken->expert_name, ==, EXPERT2_NAME);
  g_assert_cmpint (taken->state, ==, open->state);
  g_assert_cmpint (taken->version, ==, open->version + 1);
  g_assert_cmpint (count_events (fixture), ==, events + 1);
  event = last_event (fixture, open->id);
  g_assert_cmpstr (event->action, ==, "assign");
  g_assert_cmpint (event->actor_id, ==, expert2);
  g_assert_cmpstr (event->from_state, ==, event->to_state);
  note = g_strdup_printf (_("to %s"), EXPERT2_NAME);
  g_assert_cmpstr (event->note, ==, note);
  g_clear_pointer (&event, peygir_event_free);
  g_clear_pointer (&note, g_free);

  /* a case someone holds is not taken by another expert */
  expect_refused (fixture, open->id, "expert", expert, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED);

  /* the manager reassigns it, and the event says from whom to whom */
  moved = assign (fixture, open->id, "manager", expert, &error);
  g_assert_no_error (error);
  g_assert_cmpint (moved->expert_id, ==, expert);
  event = last_event (fixture, open->id);
  g_assert_cmpint (event->actor_id, ==, user_id (fixture, "manager"));
  note = g_strdup_printf (_("from %s to %s"), EXPERT2_NAME, "مریم کریمی");
  g_assert_cmpstr (event->note, ==, note);

  /* only to an active expert, and not to the one who holds it already */
  expect_refused (fixture, open->id, "manager", user_id (fixture, "secretary"), PEYGIR_WORKFLOW_ERROR_ARGUMENT);
  expect_refused (fixture, open->id, "manager", user_id (fixture, "manager"), PEYGIR_WORKFLOW_ERROR_ARGUMENT);
  expect_refused (fixture, open->id, "manager", retired, PEYGIR_WORKFLOW_ERROR_ARGUMENT);
  expect_refused (fixture, open->id, "manager", expert, PEYGIR_WORKFLOW_ERROR_ARGUMENT);
  expect_refused (fixture, open->id, "manager", 0, PEYGIR_WORKFLOW_ERROR_ARGUMENT);
  expect_refused (fixture, open->id, "manager", 999999, PEYGIR_WORKFLOW_ERROR_ARGUMENT);
  /* the secretariat assigns nothing */
  expect_refused (fixture, open->id, "secretary", expert2, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED);
}

/* A closed case is not assigned, by anyone. */
static void
test_assign_closed (StoreFixture  *fixture,
                    gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(PeygirCase) kase = create_simple_case (fixture);
  g_autoptr(PeygirCase) reviewed = NULL;
  g_autoptr(PeygirCase) rejected = NULL;
  g_autoptr(PeygirCase) closed = NULL;
  PeygirActionRequest notify = PEYGIR_ACTION_REQUEST_INIT;
  gint64 expert2 = add_user (fixture, "expert2", EXPERT2_NAME, PEYGIR_ROLE_EXPERT);

  reviewed = act (fixture, kase->id, PEYGIR_ACTION_REVIEW, "expert", NULL);
  rejected = act (fixture, kase->id, PEYGIR_ACTION_REJECT, "expert", "خارج از صلاحیت دفتر");
  notify.case_id = kase->id;
  notify.action = PEYGIR_ACTION_NOTIFY;
  notify.actor_login = "expert";
  notify.channel = PEYGIR_CHANNEL_PHONE;
  closed = act_request (fixture, &notify);
  g_assert_cmpint (closed->state, ==, PEYGIR_STATE_CLOSED);

  expect_refused (fixture, kase->id, "manager", expert2, PEYGIR_WORKFLOW_ERROR_INVALID_STATE);
}

/* Cases of every kind of key: two applicants' names shared by many (equal
 * keys), cases without an agency or an expert (the keys that are NULL in
 * the tables), registered and not (deadlines and none), in several states,
 * channels, kinds and days. */
static void
fill_varied (StoreFixture *fixture,
             guint         n)
{
  static const char * const names[] = { "زهرا نوری", "علی رضایی", "پرویز گودرزی" };
  static const char * const subjects[] = { "قطعی آب", "گازرسانی", "قطعی آب", "چاله در خیابان" };
  static const PeygirChannel channels[] = { PEYGIR_CHANNEL_IN_PERSON, PEYGIR_CHANNEL_PHONE, PEYGIR_CHANNEL_SAMAD };
  g_autoptr(GError) error = NULL;

  add_user (fixture, "expert2", EXPERT2_NAME, PEYGIR_ROLE_EXPERT);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PeygirCaseDraft) draft = NULL;
      g_autoptr(PeygirCase) kase = NULL;
      gint64 agency = i % 3 == 0 ? 0 : i % 3 == 1 ? fixture->agency_a : fixture->agency_b;
      const char *intake = i % 4 == 0 ? "secretary" : i % 4 == 1 ? "expert2" : "expert";

      draft = draft_new (agency, subjects[i % G_N_ELEMENTS (subjects)], "شرح");
      g_free (draft->applicant.name);
      draft->applicant.name = g_strdup (names[i % G_N_ELEMENTS (names)]);
      draft->kind = agency == 0 || i % 5 == 0 ? PEYGIR_KIND_REQUEST : PEYGIR_KIND_COMPLAINT;
      draft->channel = channels[i % G_N_ELEMENTS (channels)];
      draft->received_on = 20260420 + (int) (i % 7);
      kase = peygir_store_create_case (fixture->store, intake, draft, &error);
      g_assert_no_error (error);
      if (i % 4 != 0 && i % 3 != 2)
        {
          g_autoptr(PeygirCase) registered = NULL;

          /* reviewed by whoever holds it, so that it stays theirs */
          g_autoptr(PeygirCase) reviewed = act (fixture, kase->id, PEYGIR_ACTION_REVIEW, intake, NULL);
          if (i % 2 == 0)
            registered = act (fixture, kase->id, PEYGIR_ACTION_REGISTER, "secretary", NULL);
        }
    }
}

static GPtrArray *
list_all (StoreFixture          *fixture,
          const PeygirCaseQuery *query)
{
  g_autoptr(GError) error = NULL;
  PeygirCaseQuery all = *query;
  GPtrArray *cases;

  all.limit = 10000;
  all.has_cursor = FALSE;
  cases = peygir_store_list_cases (fixture->store, &all, &error);
  g_assert_no_error (error);
  return cases;
}

static gint64
count (StoreFixture          *fixture,
       const PeygirCaseQuery *query)
{
  g_autoptr(GError) error = NULL;
  gint64 n = peygir_store_count_cases (fixture->store, query, &error);

  g_assert_no_error (error);
  return n;
}

typedef gboolean (*CaseTest) (const PeygirCase *kase,
                              gconstpointer     data);

/* The query's list is exactly the cases of @everything that pass @test,
 * and its count is the list's length. */
static void
check_filter (StoreFixture          *fixture,
              const PeygirCaseQuery *query,
              GPtrArray             *everything,
              CaseTest               test,
              gconstpointer          data)
{
  g_autoptr(GPtrArray) found = list_all (fixture, query);
  guint expected = 0;

  for (guint i = 0; i < everything->len; i++)
    if (test (g_ptr_array_index (everything, i), data))
      expected++;
  g_assert_cmpuint (found->len, ==, expected);
  g_assert_cmpint (count (fixture, query), ==, found->len);
  for (guint i = 0; i < found->len; i++)
    g_assert_true (test (g_ptr_array_index (found, i), data));
}

static gboolean
is_unassigned (const PeygirCase *kase,
               gconstpointer     data G_GNUC_UNUSED)
{
  return kase->expert_id == 0;
}

static gboolean
is_request (const PeygirCase *kase,
            gconstpointer     data G_GNUC_UNUSED)
{
  return kase->kind == PEYGIR_KIND_REQUEST;
}

static gboolean
by_phone_or_samad (const PeygirCase *kase,
                   gconstpointer     data G_GNUC_UNUSED)
{
  return kase->channel == PEYGIR_CHANNEL_PHONE || kase->channel == PEYGIR_CHANNEL_SAMAD;
}

static gboolean
in_days (const PeygirCase *kase,
         gconstpointer     data G_GNUC_UNUSED)
{
  return kase->received_on >= 20260422 && kase->received_on <= 20260424;
}

static gboolean
held_by (const PeygirCase *kase,
         gconstpointer     data)
{
  return kase->expert_id == *(const gint64 *) data;
}

static gboolean
complaint_of_expert_in_review (const PeygirCase *kase,
                               gconstpointer     data)
{
  return kase->expert_id == *(const gint64 *) data && kase->kind == PEYGIR_KIND_COMPLAINT
         && kase->state == PEYGIR_STATE_IN_REVIEW && kase->received_on >= 20260421;
}

static void
test_filters (StoreFixture  *fixture,
              gconstpointer  data G_GNUC_UNUSED)
{
  PeygirCaseQuery all = { .sort = PEYGIR_CASE_SORT_RECEIVED };
  g_autoptr(GPtrArray) everything = NULL;
  gint64 expert = user_id (fixture, "expert");

  fill_varied (fixture, 40);
  everything = list_all (fixture, &all);
  g_assert_cmpuint (everything->len, ==, 40);
  g_assert_cmpint (count (fixture, &all), ==, 40);

  {
    PeygirCaseQuery query = { .unassigned_only = TRUE };
    check_filter (fixture, &query, everything, is_unassigned, NULL);
  }
  {
    PeygirCaseQuery query = { .kinds = 1u << PEYGIR_KIND_REQUEST };
    check_filter (fixture, &query, everything, is_request, NULL);
  }
  {
    PeygirCaseQuery query = { .channels = 1u << PEYGIR_CHANNEL_PHONE | 1u << PEYGIR_CHANNEL_SAMAD };
    check_filter (fixture, &query, everything, by_phone_or_samad, NULL);
  }
  {
    PeygirCaseQuery query = { .received_from = 20260422, .received_until = 20260424 };
    check_filter (fixture, &query, everything, in_days, NULL);
  }
  {
    PeygirCaseQuery query = { .expert_id = expert };
    check_filter (fixture, &query, everything, held_by, &expert);
  }
  {
    PeygirCaseQuery query = { .expert_id = expert, .kinds = 1u << PEYGIR_KIND_COMPLAINT,
                              .states = PEYGIR_STATE_BIT (PEYGIR_STATE_IN_REVIEW), .received_from = 20260421,
                              .sort = PEYGIR_CASE_SORT_APPLICANT };
    check_filter (fixture, &query, everything, complaint_of_expert_in_review, &expert);
  }
  {
    /* every kind or every channel is no filter */
    PeygirCaseQuery query = { .kinds = (1u << PEYGIR_N_KINDS) - 1, .channels = (1u << PEYGIR_N_CHANNELS) - 1 };
    g_assert_cmpint (count (fixture, &query), ==, 40);
  }
}

/* (key, id) of @kase under @sort against the one before: strictly after
 * it in the sort's direction. Text compares by code point (UTF-8 bytes). */
static int
compare_position (const PeygirCase *a,
                  const PeygirCase *b,
                  PeygirCaseSort    sort)
{
  int c;

  if (peygir_case_sort_is_text (sort))
    c = strcmp (peygir_case_sort_text (a, sort), peygir_case_sort_text (b, sort));
  else
    {
      gint64 ka = peygir_case_sort_key (a, sort), kb = peygir_case_sort_key (b, sort);

      c = ka < kb ? -1 : ka > kb;
    }
  if (c == 0)
    c = a->id < b->id ? -1 : a->id > b->id;
  return c;
}

/* Every sort, both ways, in pages of several sizes: each case once, in
 * order, the same order as one page of everything, and the count equal
 * to the cases the pages gave. */
static void
test_sort_paging (StoreFixture  *fixture,
                  gconstpointer  data G_GNUC_UNUSED)
{
  static const guint page_sizes[] = { 1, 3, 7 };
  g_autoptr(GError) error = NULL;

  fill_varied (fixture, 36);

  for (PeygirCaseSort sort = 0; sort < PEYGIR_N_CASE_SORTS; sort++)
    for (int descending = 0; descending < 2; descending++)
      for (guint p = 0; p < G_N_ELEMENTS (page_sizes); p++)
        {
          PeygirCaseQuery query = { .sort = sort, .descending = descending, .limit = page_sizes[p] };
          g_autoptr(GPtrArray) whole = list_all (fixture, &query);
          g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
          g_autofree char *after_text = NULL;
          PeygirCase *last = NULL;
          guint pages = 0;

          for (guint i = 1; i < whole->len; i++)
            g_assert_cmpint (compare_position (g_ptr_array_index (whole, i), g_ptr_array_index (whole, i - 1), sort)
                             * (descending ? -1 : 1), >, 0);
          for (;;)
            {
              g_autoptr(GPtrArray) page = peygir_store_list_cases (fixture->store, &query, &error);

              g_assert_no_error (error);
              g_assert_cmpuint (page->len, <=, page_sizes[p]);
              if (page->len == 0)
                break;
              for (guint i = 0; i < page->len; i++)
                {
                  PeygirCase *kase = g_ptr_array_index (page, i);

                  g_assert_cmpuint (ids->len, <, whole->len);
                  g_assert_cmpint (kase->id, ==, ((PeygirCase *) g_ptr_array_index (whole, ids->len))->id);
                  g_array_append_val (ids, kase->id);
                }
              g_clear_pointer (&last, peygir_case_free);
              last = peygir_case_copy (g_ptr_array_index (page, page->len - 1));
              query.has_cursor = TRUE;
              query.after_key = peygir_case_sort_key (last, sort);
              g_free (after_text);
              after_text = g_strdup (peygir_case_sort_text (last, sort));
              query.after_text = after_text;
              query.after_id = last->id;
              g_assert_cmpuint (++pages, <=, 40);
            }
          g_clear_pointer (&last, peygir_case_free);
          g_assert_cmpuint (ids->len, ==, whole->len);
          g_assert_cmpuint (whole->len, ==, sort == PEYGIR_CASE_SORT_REGISTRATION ? whole->len : 36);
          query.has_cursor = FALSE;
          g_assert_cmpint (count (fixture, &query), ==, ids->len);
        }

  /* the unassigned and the cases of no agency first, the undated last */
  {
    PeygirCaseQuery query = { .sort = PEYGIR_CASE_SORT_EXPERT };
    g_autoptr(GPtrArray) whole = list_all (fixture, &query);

    g_assert_cmpint (((PeygirCase *) g_ptr_array_index (whole, 0))->expert_id, ==, 0);
    query.sort = PEYGIR_CASE_SORT_AGENCY;
    g_clear_pointer (&whole, g_ptr_array_unref);
    whole = list_all (fixture, &query);
    g_assert_cmpint (((PeygirCase *) g_ptr_array_index (whole, 0))->agency_id, ==, 0);
    query.sort = PEYGIR_CASE_SORT_DEADLINE;
    g_clear_pointer (&whole, g_ptr_array_unref);
    whole = list_all (fixture, &query);
    g_assert_cmpint (((PeygirCase *) g_ptr_array_index (whole, 0))->service_due, !=, 0);
    g_assert_cmpint (((PeygirCase *) g_ptr_array_index (whole, whole->len - 1))->service_due, ==, 0);
  }
}

typedef struct
{
  GArray *ids;
} Walked;

static gboolean
walked_cb (GPtrArray  *page,
           gpointer    user_data,
           GError    **error)
{
  Walked *walked = user_data;

  for (guint i = 0; i < page->len; i++)
    g_array_append_val (walked->ids, ((const PeygirCase *) g_ptr_array_index (page, i))->id);
  return TRUE;
}

/* The walker pages a text sort with its text cursor. */
static void
test_walk_text_sort (StoreFixture  *fixture,
                     gconstpointer  data G_GNUC_UNUSED)
{
  PeygirCaseQuery query = { .sort = PEYGIR_CASE_SORT_APPLICANT };
  g_autoptr(GPtrArray) whole = NULL;
  Walked walked = { g_array_new (FALSE, FALSE, sizeof (gint64)) };
  g_autoptr(GError) error = NULL;

  fill_varied (fixture, 12);
  whole = list_all (fixture, &query);
  g_assert_true (peygir_case_pages_walk (fixture->store, &query, 2, 0, walked_cb, &walked, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (walked.ids->len, ==, whole->len);
  for (guint i = 0; i < whole->len; i++)
    g_assert_cmpint (g_array_index (walked.ids, gint64, i), ==, ((PeygirCase *) g_ptr_array_index (whole, i))->id);
  g_array_unref (walked.ids);
}

/* A queue's list and its count come from one query: the expert's own
 * queues show their cases only, the unassigned queue the cases no one
 * holds, for every desk. */
static void
test_queue_counts (StoreFixture  *fixture,
                   gconstpointer  data G_GNUC_UNUSED)
{
  static const char * const logins[] = { "expert", "expert2", "manager", "secretary" };
  guint n_queues;
  const PeygirQueueInfo *queues = peygir_workflow_queues (&n_queues);

  fill_varied (fixture, 30);
  for (guint l = 0; l < G_N_ELEMENTS (logins); l++)
    {
      gint64 me = user_id (fixture, logins[l]);

      for (guint q = 0; q < n_queues; q++)
        {
          PeygirCaseQuery query;
          g_autoptr(GPtrArray) found = NULL;
          gboolean more = peygir_case_query_for_queue (&query, &queues[q], me);

          g_assert_cmpint (more, ==, queues[q].mine || queues[q].unassigned_only || queues[q].overdue_only
                                     || queues[q].undispatched_only || queues[q].reminders_to_approve);
          found = list_all (fixture, &query);
          g_assert_cmpint (count (fixture, &query), ==, found->len);
          for (guint i = 0; i < found->len; i++)
            {
              PeygirCase *kase = g_ptr_array_index (found, i);

              g_assert_true (peygir_workflow_queue_has_state (&queues[q], kase->state));
              if (queues[q].mine)
                g_assert_cmpint (kase->expert_id, ==, me);
              if (queues[q].unassigned_only)
                g_assert_cmpint (kase->expert_id, ==, 0);
            }
        }
    }
  /* the fill gives each expert cases of their own, and leaves some unassigned */
  {
    PeygirCaseQuery query;

    peygir_case_query_for_queue (&query, peygir_workflow_queue ("new"), user_id (fixture, "expert2"));
    g_assert_cmpint (count (fixture, &query), >, 0);
    peygir_case_query_for_queue (&query, peygir_workflow_queue ("unassigned"), 0);
    g_assert_cmpint (count (fixture, &query), >, 0);
    /* a desk that knows no user sees none of the "mine" cases */
    peygir_case_query_for_queue (&query, peygir_workflow_queue ("new"), 0);
    g_assert_cmpint (count (fixture, &query), ==, 0);
  }
}

#define NEW_INDEXES \
  "('cases_tracking', 'cases_applicant', 'cases_subject', 'cases_state_order', 'cases_deadline'," \
  " 'cases_expert_received')"

/* A database of version 3 gains the sorts' indexes when it is opened. */
static void
test_migration (StoreFixture  *fixture,
                gconstpointer  data G_GNUC_UNUSED)
{
  const char *count_sql = fixture_on_server (fixture)
                          ? "SELECT count(*) FROM pg_indexes WHERE indexname IN " NEW_INDEXES
                          : "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN " NEW_INDEXES;
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirCase) kase = create_simple_case (fixture);
  PeygirCaseQuery query = { .sort = PEYGIR_CASE_SORT_DEADLINE };

  g_assert_cmpint (sql_int (fixture->path, count_sql), ==, 6);
  g_clear_object (&fixture->store);
  g_assert_cmpint (sql_exec (fixture->path,
                             "DROP INDEX cases_tracking; DROP INDEX cases_applicant; DROP INDEX cases_subject;"
                             " DROP INDEX cases_state_order; DROP INDEX cases_deadline; DROP INDEX cases_expert_received;"),
                   ==, SQLITE_OK);
  g_assert_cmpint (sql_exec (fixture->path,
                             fixture_on_server (fixture) ? "UPDATE peygir_schema SET version = 3"
                                                         : "PRAGMA user_version = 3"),
                   ==, SQLITE_OK);
  g_assert_cmpint (sql_int (fixture->path, count_sql), ==, 0);

  fixture->store = peygir_store_open (fixture->path, PEYGIR_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (fixture->path, count_sql), ==, 6);
  g_assert_cmpint (count (fixture, &query), ==, 1);
  g_assert_true (peygir_store_check (fixture->store, &error));
  g_assert_no_error (error);
}

/* The demonstration office works as the office does: some cases wait
 * unassigned at intake, every case under way has its expert, and the
 * assignments are in the log. */
static void
test_demo (StoreFixture  *fixture,
           gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  PeygirCaseQuery unassigned = { .unassigned_only = TRUE };
  PeygirCaseQuery waiting = { .unassigned_only = TRUE, .states = PEYGIR_STATE_BIT (PEYGIR_STATE_RECEIVED) };
  PeygirCaseQuery all = { 0 };

  g_assert_true (peygir_demo_fill (fixture->store, 150, 7, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (fixture, &unassigned), >, 0);
  /* only a case nobody has looked at yet is unassigned */
  g_assert_cmpint (count (fixture, &unassigned), ==, count (fixture, &waiting));
  g_assert_cmpint (count (fixture, &unassigned), <, count (fixture, &all) / 2);
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM events WHERE action = 'assign'"), >, 0);
}

/* Every queue of every desk, counted from the counts, against its list and
 * a count of the cases themselves (a filter the counts do not keep). */
static void
check_counts_against_cases (StoreFixture *fixture)
{
  guint n_queues;
  const PeygirQueueInfo *queues = peygir_workflow_queues (&n_queues);
  PeygirCaseQuery paused = { .paused_only = TRUE };
  gint64 total = 0;

  for (gint64 me = 0; me <= 12; me++)
    for (guint q = 0; q < n_queues; q++)
      {
        PeygirCaseQuery query;
        g_autoptr(GPtrArray) found = NULL;

        peygir_case_query_for_queue (&query, &queues[q], me);
        found = list_all (fixture, &query);
        g_assert_cmpint (count (fixture, &query), ==, found->len);
        query.received_from = 19000101;
        g_assert_cmpint (count (fixture, &query), ==, found->len);
        total += found->len;
      }
  g_assert_cmpint (total, >, 0);
  {
    g_autoptr(GPtrArray) found = list_all (fixture, &paused);

    g_assert_cmpint (count (fixture, &paused), ==, found->len);
  }
}

static void
assert_figures_differ (StoreFixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (peygir_store_check (fixture->store, &error));
  g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_FIGURES);
  g_clear_error (&error);
  g_assert_true (peygir_store_repair_figures (fixture->store, "admin", &error));
  g_assert_no_error (error);
  g_assert_true (peygir_store_check (fixture->store, &error));
  g_assert_no_error (error);
}

/* The counts the window shows at start are kept by every action: the
 * demo office's whole process, then the clock moving on (overdue answers
 * and service targets counted by their days), then counts and a kept
 * column changed behind Peygir's back, which check finds and repair
 * writes anew. */
static void
test_counts_kept (StoreFixture  *fixture,
                  gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  PeygirCaseQuery letters = { .undispatched_only = TRUE };
  PeygirCaseQuery reminders = { .reminders_to_approve = TRUE };
  PeygirCaseQuery overdue = { .overdue_only = TRUE };
  gint64 overdue_before;

  g_assert_true (peygir_demo_fill (fixture->store, fixture_on_server (fixture) ? 60 : 150, 11, NULL, NULL, &error));
  g_assert_no_error (error);
  /* the demo reaches what the counts keep */
  g_assert_cmpint (count (fixture, &letters), >, 0);
  g_assert_cmpint (count (fixture, &reminders) + count (fixture, &overdue), >, 0);
  check_counts_against_cases (fixture);

  overdue_before = count (fixture, &overdue);
  set_now ("2031-01-01T10:00:00");
  g_assert_cmpint (count (fixture, &overdue), >=, overdue_before);
  g_assert_cmpint (count (fixture, &overdue), >, 0);
  check_counts_against_cases (fixture);

  g_assert_cmpint (sql_exec (fixture->path, "UPDATE case_counts SET n = n + 1 WHERE state = 'referred'"), ==, SQLITE_OK);
  assert_figures_differ (fixture);
  g_assert_cmpint (sql_exec (fixture->path, "UPDATE deadline_counts SET n = n + 2 WHERE clock = 'service'"), ==, SQLITE_OK);
  assert_figures_differ (fixture);
  g_assert_cmpint (sql_exec (fixture->path, "UPDATE cases SET letters_waiting = 1"
                                            " WHERE letters_waiting IS NULL AND state = 'closed'"), ==, SQLITE_OK);
  assert_figures_differ (fixture);
  check_counts_against_cases (fixture);
}

/* Each queue's count for the desk of user @me, in the sidebar's order. */
static GArray *
queue_counts (StoreFixture *fixture,
              gint64        me)
{
  guint n_queues;
  const PeygirQueueInfo *queues = peygir_workflow_queues (&n_queues);
  GArray *counts = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint q = 0; q < n_queues; q++)
    {
      PeygirCaseQuery query;
      gint64 n;

      peygir_case_query_for_queue (&query, &queues[q], me);
      n = count (fixture, &query);
      g_array_append_val (counts, n);
    }
  return counts;
}

/* A database of version 6 gains the counts, filled from its cases, when it
 * is opened. */
static void
test_migration_counts (StoreFixture  *fixture,
                       gconstpointer  data G_GNUC_UNUSED)
{
  const char *to_v6 = fixture_on_server (fixture)
    ? "DROP TRIGGER cases_count_rows ON cases; DROP TRIGGER cases_count_update ON cases;"
      " DROP FUNCTION peygir_count_cases (); DROP TABLE case_counts; DROP TABLE deadline_counts;"
      " DROP INDEX cases_letters_waiting; DROP INDEX cases_reminder_draft;"
      " ALTER TABLE cases DROP COLUMN letters_waiting; ALTER TABLE cases DROP COLUMN reminder_draft;"
      " CREATE TABLE state_counts (state text PRIMARY KEY, n bigint NOT NULL);"
      " UPDATE peygir_schema SET version = 6"
    : "DROP TRIGGER cases_counted_insert; DROP TRIGGER cases_counted_delete; DROP TRIGGER cases_counted_update;"
      " DROP TABLE case_counts; DROP TABLE deadline_counts;"
      " DROP INDEX cases_letters_waiting; DROP INDEX cases_reminder_draft;"
      " ALTER TABLE cases DROP COLUMN letters_waiting; ALTER TABLE cases DROP COLUMN reminder_draft;"
      " CREATE TABLE state_counts (state TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;"
      " PRAGMA user_version = 6";
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) before = NULL;
  g_autoptr(GArray) after = NULL;

  g_assert_true (peygir_demo_fill (fixture->store, 60, 5, NULL, NULL, &error));
  g_assert_no_error (error);
  before = queue_counts (fixture, 3);
  g_clear_object (&fixture->store);
  g_assert_cmpint (sql_exec (fixture->path, to_v6), ==, SQLITE_OK);

  fixture->store = peygir_store_open (fixture->path, PEYGIR_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM case_counts WHERE n > 0"), >, 3);
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM cases WHERE letters_waiting = 1"), >, 0);
  after = queue_counts (fixture, 3);
  g_assert_cmpmem (after->data, after->len * sizeof (gint64), before->data, before->len * sizeof (gint64));
  check_counts_against_cases (fixture);
  g_assert_true (peygir_store_check (fixture->store, &error));
  g_assert_no_error (error);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  store_test_add_both ("/core/cartable/intake-holder", test_intake_holder);
  store_test_add_both ("/core/cartable/assign", test_assign_rules);
  store_test_add_both ("/core/cartable/assign-closed", test_assign_closed);
  store_test_add_both ("/core/cartable/filters", test_filters);
  store_test_add_both ("/core/cartable/sort-paging", test_sort_paging);
  store_test_add_both ("/core/cartable/walk-text-sort", test_walk_text_sort);
  store_test_add_both ("/core/cartable/queue-counts", test_queue_counts);
  store_test_add_both ("/core/cartable/migration", test_migration);
  store_test_add_both ("/core/cartable/counts-kept", test_counts_kept);
  store_test_add_both ("/core/cartable/migration/counts", test_migration_counts);
  g_test_add ("/core/cartable/demo", StoreFixture, NULL, fixture_set_up, test_demo, fixture_tear_down);

  return g_test_run ();
}
