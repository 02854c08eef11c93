/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <locale.h>

#include <glib/gstdio.h>

#include "peygir-demo.h"
#include "peygir-workflow.h"
#include "store-test-fixture.h"

static void
assert_check_passes (PeygirStore *store)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (peygir_store_check (store, &error));
  g_assert_no_error (error);
}

/* check fails with AUDIT, naming @needle in its message. */
static void
assert_check_fails (PeygirStore *store,
                    const char  *needle)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (peygir_store_check (store, &error));
  g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_AUDIT);
  g_test_message ("check: %s", error->message);
  if (needle != NULL)
    g_assert_nonnull (strstr (error->message, needle));
}

/* A case taken from intake to closed, with a follow-up on the way. */
static gint64
run_workflow (StoreFixture *fixture)
{
  g_autoptr(PeygirCase) kase = create_simple_case (fixture);
  g_autoptr(PeygirCase) done = NULL;
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;
  gint64 agencies[] = { fixture->agency_a };
  gint64 referral_id;

  done = review_and_register (fixture, kase->id);
  g_clear_pointer (&done, peygir_case_free);
  done = refer_and_dispatch (fixture, kase->id, agencies, G_N_ELEMENTS (agencies));
  referral_id = ((PeygirReferral *) done->referrals->pdata[0])->id;

  set_now ("2026-05-12T10:00:00+03:30");
  request = (PeygirActionRequest) PEYGIR_ACTION_REQUEST_INIT;
  request.case_id = kase->id;
  request.action = PEYGIR_ACTION_FOLLOW_UP;
  request.actor_login = "expert";
  request.referral_id = referral_id;
  request.channel = PEYGIR_CHANNEL_PHONE;
  g_clear_pointer (&done, peygir_case_free);
  done = act_request (fixture, &request);

  request.action = PEYGIR_ACTION_ANSWER;
  request.actor_login = "secretary";
  request.note = "مشکل برطرف شد.";
  g_clear_pointer (&done, peygir_case_free);
  done = act_request (fixture, &request);

  request = (PeygirActionRequest) PEYGIR_ACTION_REQUEST_INIT;
  request.case_id = kase->id;
  request.action = PEYGIR_ACTION_NOTIFY;
  request.actor_login = "expert";
  request.channel = PEYGIR_CHANNEL_PHONE;
  request.note = "نتیجه اعلام شد.";
  g_clear_pointer (&done, peygir_case_free);
  done = act_request (fixture, &request);
  g_assert_cmpint (done->state, ==, PEYGIR_STATE_CLOSED);
  return kase->id;
}

static void
test_fresh (StoreFixture  *fixture,
            gconstpointer  data G_GNUC_UNUSED)
{
  g_autofree char *path = g_build_filename (fixture->dir, "empty.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirStore) fresh = peygir_store_open (path, PEYGIR_STORE_OPEN_CREATE, &error);

  g_assert_no_error (error);
  assert_check_passes (fresh);
  /* the fixture's users and agencies are events too */
  assert_check_passes (fixture->store);
  g_assert_cmpint (count_events (fixture), >, 1);
}

static void
test_after_workflow (StoreFixture  *fixture,
                     gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  gint64 id = run_workflow (fixture);

  assert_check_passes (fixture->store);

  events = peygir_store_list_events (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 9);
  for (guint i = 0; i < events->len; i++)
    {
      PeygirEvent *event = events->pdata[i];

      g_assert_cmpuint (strlen (event->hash), ==, 64);
      g_assert_nonnull (event->actor_name);
      if (i > 0)
        g_assert_cmpint (event->id, >, ((PeygirEvent *) events->pdata[i - 1])->id);
    }
  g_assert_cmpstr (((PeygirEvent *) events->pdata[1])->from_state, ==, "received");
  g_assert_cmpstr (((PeygirEvent *) events->pdata[1])->to_state, ==, "in_review");
  g_assert_cmpstr (((PeygirEvent *) events->pdata[8])->action, ==, "notify");
  g_assert_nonnull (strstr (((PeygirEvent *) events->pdata[8])->note, "نتیجه اعلام شد."));
}

static void
test_edited_event (StoreFixture  *fixture,
                   gconstpointer  data G_GNUC_UNUSED)
{
  g_autofree char *sql = NULL;
  g_autofree char *needle = NULL;
  gint64 id = run_workflow (fixture);
  gint64 victim;

  assert_check_passes (fixture->store);
  victim = sql_int (fixture->path, "SELECT min (id) FROM events WHERE action = 'answer'");
  g_assert_cmpint (victim, >, 0);
  g_assert_cmpint (victim, <, sql_int (fixture->path, "SELECT max (id) FROM events"));
  g_assert_cmpint (sql_int (fixture->path, "SELECT case_id FROM events WHERE action = 'answer'"), ==, id);

  sql = g_strdup_printf ("UPDATE events SET note = 'پاسخی دیگر' WHERE id = %" G_GINT64_FORMAT, victim);
  tamper (fixture, sql);

  needle = g_strdup_printf ("%" G_GINT64_FORMAT, victim);
  assert_check_fails (fixture->store, needle);

  /* the same through a connection opened afresh */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PeygirStore) again = peygir_store_open (fixture->path, PEYGIR_STORE_OPEN_DEFAULT, &error);

    g_assert_no_error (error);
    assert_check_fails (again, needle);
  }
}

static void
test_edited_moment (StoreFixture  *fixture,
                    gconstpointer  data G_GNUC_UNUSED)
{
  gint64 victim;
  g_autofree char *sql = NULL;
  g_autofree char *needle = NULL;

  run_workflow (fixture);
  victim = sql_int (fixture->path, "SELECT min (id) FROM events WHERE action = 'register'");
  sql = g_strdup_printf ("UPDATE events SET at = at - 86400 WHERE id = %" G_GINT64_FORMAT, victim);
  tamper (fixture, sql);
  needle = g_strdup_printf ("%" G_GINT64_FORMAT, victim);
  assert_check_fails (fixture->store, needle);
}

static void
test_deleted_last_event (StoreFixture  *fixture,
                         gconstpointer  data G_GNUC_UNUSED)
{
  run_workflow (fixture);
  tamper (fixture, "DELETE FROM events WHERE id = (SELECT max (id) FROM events)");
  assert_check_fails (fixture->store, NULL);
}

static void
test_deleted_middle_event (StoreFixture  *fixture,
                           gconstpointer  data G_GNUC_UNUSED)
{
  gint64 victim;
  g_autofree char *sql = NULL;
  g_autofree char *needle = NULL;

  run_workflow (fixture);
  victim = sql_int (fixture->path, "SELECT min (id) FROM events WHERE action = 'approve'");
  sql = g_strdup_printf ("DELETE FROM events WHERE id = %" G_GINT64_FORMAT, victim);
  tamper (fixture, sql);
  needle = g_strdup_printf ("%" G_GINT64_FORMAT, victim);
  assert_check_fails (fixture->store, needle);
}

/* The head set back to an earlier event and a later one edited: the events
 * past the head are no chain at all, and every next action would fail on
 * their ids. */
static void
test_head_set_back (StoreFixture  *fixture,
                    gconstpointer  data G_GNUC_UNUSED)
{
  g_autofree char *sql = NULL;
  gint64 head;

  run_workflow (fixture);
  head = sql_int (fixture->path, "SELECT min (id) FROM events WHERE action = 'dispatch'");
  sql = g_strdup_printf (
                         "UPDATE meta SET value = '%" G_GINT64_FORMAT "' WHERE key = 'audit_head_id';"
                         "UPDATE meta SET value = (SELECT hash FROM events WHERE id = %" G_GINT64_FORMAT ")"
                         " WHERE key = 'audit_head_hash';"
                         "UPDATE events SET note = 'پاسخی دیگر' WHERE action = 'answer';",
                         head, head);
  tamper (fixture, sql);
  assert_check_fails (fixture->store, "past the head");
}

/* A backup records its last event beside it; a log cut short since, its
 * head rewritten to match, verifies on its own but not against it. */
static void
test_against_backup (StoreFixture  *fixture,
                     gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = g_build_filename (fixture->dir, "backup.db", NULL);
  g_autofree char *head_path = g_strconcat (backup, ".head", NULL);
  g_autofree char *head_text = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(PeygirCase) more = NULL;
  gint64 last;
  gint64 cut;

  run_workflow (fixture);
  g_assert_true (peygir_store_backup (fixture->store, backup, &error));
  g_assert_no_error (error);
  last = sql_int (fixture->path, "SELECT max (id) FROM events");

  g_assert_true (g_file_get_contents (head_path, &head_text, NULL, NULL));
  expected = g_strdup_printf ("%" G_GINT64_FORMAT " ", last);
  g_assert_true (g_str_has_prefix (head_text, expected));
  g_assert_cmpuint (strlen (head_text), ==, strlen (expected) + 64 + 1);

  g_assert_true (peygir_store_check_against (fixture->store, backup, &error));
  g_assert_no_error (error);
  g_assert_true (peygir_store_check_against (fixture->store, head_path, &error));
  g_assert_no_error (error);

  /* more work since the backup still holds it */
  more = create_simple_case (fixture);
  g_assert_true (peygir_store_check_against (fixture->store, backup, &error));
  g_assert_no_error (error);

  /* the last events deleted and the head rewritten to the one before */
  cut = last - 3;
  sql = g_strdup_printf (
                         "DELETE FROM events WHERE id > %" G_GINT64_FORMAT ";"
                         "UPDATE meta SET value = '%" G_GINT64_FORMAT "' WHERE key = 'audit_head_id';"
                         "UPDATE meta SET value = (SELECT hash FROM events WHERE id = %" G_GINT64_FORMAT ")"
                         " WHERE key = 'audit_head_hash';",
                         cut, cut, cut);
  tamper (fixture, sql);
  /* the chain verifies on its own; only the report's figures, kept from
   * the events that are gone, tell that the history changed */
  g_assert_false (peygir_store_check (fixture->store, &error));
  g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_FIGURES);
  g_clear_error (&error);
  g_assert_false (peygir_store_check_against (fixture->store, backup, &error));
  g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_AUDIT);
  g_test_message ("against: %s", error->message);
  g_clear_error (&error);

  /* without the .head file, the backup itself says where its log ended */
  g_assert_cmpint (g_unlink (head_path), ==, 0);
  g_assert_false (peygir_store_check_against (fixture->store, backup, &error));
  g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_AUDIT);
  g_clear_error (&error);

  /* a head file that is not one */
  g_assert_true (g_file_set_contents (head_path, "12 not-a-hash\n", -1, NULL));
  g_assert_false (peygir_store_check_against (fixture->store, backup, &error));
  g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_AUDIT);
}

/* An administrator acting for another user: the event names both, and
 * the operator is part of what the chain vouches for. Anyone else may not
 * act for another. */
static void
test_operator (StoreFixture  *fixture,
               gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirCase) kase = create_simple_case (fixture);
  g_autoptr(PeygirCase) done = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *sql = NULL;
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;
  const PeygirEvent *event;

  peygir_store_set_operator (fixture->store, "manager");
  request.case_id = kase->id;
  request.action = PEYGIR_ACTION_REVIEW;
  request.actor_login = "expert";
  done = peygir_store_apply_action (fixture->store, &request, &error);
  g_assert_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED);
  g_assert_null (done);
  g_clear_error (&error);

  peygir_store_set_operator (fixture->store, "admin");
  done = act_request (fixture, &request);
  g_assert_cmpint (done->state, ==, PEYGIR_STATE_IN_REVIEW);
  /* acting as oneself names no operator */
  g_assert_true (peygir_store_add_holiday (fixture->store, "admin",
                                           &(PeygirHoliday) { .persian_month = 9, .persian_day = 30, .name = "یلدا" },
                                           &error));
  g_assert_no_error (error);
  peygir_store_set_operator (fixture->store, NULL);

  events = peygir_store_list_events (fixture->store, kase->id, &error);
  g_assert_no_error (error);
  event = g_ptr_array_index (events, events->len - 1);
  g_assert_cmpstr (event->action, ==, "review");
  g_assert_cmpstr (event->actor_name, ==, "مریم کریمی");
  g_assert_nonnull (event->operator_name);
  g_assert_cmpint (event->operator_id, !=, 0);
  g_assert_cmpint (event->operator_id, !=, event->actor_id);
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM events WHERE operator_id IS NOT NULL"), ==, 1);
  assert_check_passes (fixture->store);

  /* the operator taken off the event: the chain no longer verifies */
  sql = g_strdup_printf ("UPDATE events SET operator_id = NULL WHERE id = %" G_GINT64_FORMAT, event->id);
  tamper (fixture, sql);
  assert_check_fails (fixture->store, NULL);
}

static void
test_triggers (StoreFixture  *fixture,
               gconstpointer  data G_GNUC_UNUSED)
{
  gint64 events;

  run_workflow (fixture);
  events = count_events (fixture);

  g_assert_cmpint (sql_exec (fixture->path, "UPDATE events SET note = 'دستکاری' WHERE id = 3"), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (sql_exec (fixture->path, "UPDATE events SET hash = '' "), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (sql_exec (fixture->path, "DELETE FROM events WHERE id = (SELECT max (id) FROM events)"), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (sql_exec (fixture->path, "DELETE FROM events"), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (count_events (fixture), ==, events);
  assert_check_passes (fixture->store);

  /* the store keeps appending after the refused tampering */
  {
    g_autoptr(PeygirCase) kase = create_simple_case (fixture);

    g_assert_cmpint (count_events (fixture), ==, events + 1);
    assert_check_passes (fixture->store);
  }
}

static void
test_demo_chain (StoreFixture  *fixture,
                 gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;

  /* many actions in more than one batch (of 2000 cases): the chain is whole,
   * and an edit deep inside is found */
  set_now ("2026-11-24T11:00:00+03:30");
  g_assert_true (peygir_demo_fill (fixture->store, 2100, 11, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_check_passes (fixture->store);
  g_assert_cmpint (sql_int (fixture->path, "SELECT max (id) FROM events"), ==, count_events (fixture));

  tamper (fixture, "UPDATE events SET actor_id = actor_id + 1 WHERE id = 500");
  assert_check_fails (fixture->store, "500");
}

/* A batch keeps the chain's head in memory: a refused action inside it, and
 * a batch given up, must leave the chain whole. */
static void
test_batches (StoreFixture  *fixture,
              gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  gint64 events = count_events (fixture);
  gint64 id;

  g_assert_true (peygir_store_begin_batch (fixture->store, &error));
  g_assert_no_error (error);
  {
    g_autoptr(PeygirCase) kase = create_simple_case (fixture);
    g_autoptr(PeygirCase) refused = NULL;
    g_autoptr(PeygirCase) done = NULL;
    PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;

    id = kase->id;
    request.case_id = id;
    request.action = PEYGIR_ACTION_REGISTER;
    request.actor_login = "secretary";
    refused = peygir_store_apply_action (fixture->store, &request, &error);
    g_assert_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE);
    g_clear_error (&error);
    done = review_and_register (fixture, id);
  }
  g_assert_true (peygir_store_end_batch (fixture->store, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_events (fixture), ==, events + 3);
  assert_check_passes (fixture->store);

  /* a batch given up leaves nothing, and the next action chains on */
  g_assert_true (peygir_store_begin_batch (fixture->store, &error));
  {
    g_autoptr(PeygirCase) kase = create_simple_case (fixture);
    g_autoptr(PeygirCase) done = NULL;
    PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;

    request.case_id = id;
    request.action = PEYGIR_ACTION_CONTACT;
    request.actor_login = "expert";
    request.channel = PEYGIR_CHANNEL_IN_PERSON;
    request.note = "متقاضی مراجعه کرد.";
    done = act_request (fixture, &request);
  }
  g_assert_true (peygir_store_end_batch (fixture->store, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_events (fixture), ==, events + 3);
  assert_check_passes (fixture->store);
  {
    g_autoptr(PeygirCase) kase = create_simple_case (fixture);

    g_assert_cmpint (count_events (fixture), ==, events + 4);
    assert_check_passes (fixture->store);
  }
}

/* A damaged file: check (or already the opening) says CORRUPT. */
static void
test_damaged_file (StoreFixture  *fixture,
                   gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirStore) again = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  gint64 page_size = sql_int (fixture->path, "PRAGMA page_size");
  gint64 pages;

  set_now ("2026-11-24T11:00:00+03:30");
  g_assert_true (peygir_demo_fill (fixture->store, 200, 3, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&fixture->store);
  pages = sql_int (fixture->path, "PRAGMA page_count");
  g_assert_cmpint (pages, >, 20);

  /* scribble over pages past the schema (several: a free page would not count) */
  g_assert_true (g_file_get_contents (fixture->path, &contents, &length, NULL));
  g_assert_cmpint ((gint64) length, ==, pages * page_size);
  for (gint64 page = pages / 4; page < pages; page += pages / 4)
    for (gint64 i = 0; i < page_size; i++)
      contents[page * page_size + i] = (char) (i * 7 + 13);
  g_assert_true (g_file_set_contents (fixture->path, contents, length, NULL));

  again = peygir_store_open (fixture->path, PEYGIR_STORE_OPEN_DEFAULT, &error);
  if (again == NULL)
    {
      g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_CORRUPT);
      return;
    }
  g_assert_no_error (error);
  g_assert_false (peygir_store_check (again, &error));
  g_test_message ("check: %s", error->message);
  g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_CORRUPT);
}

/* check on a live database: other desks keep appending while it reads. */
typedef struct
{
  StoreFixture *fixture;
  gint          stop;
} WriterData;

static gpointer
writer_thread (gpointer user_data)
{
  WriterData *data = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirStore) desk = peygir_store_open (data->fixture->path, PEYGIR_STORE_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  while (!g_atomic_int_get (&data->stop))
    {
      g_autoptr(PeygirCaseDraft) draft = draft_new (data->fixture->agency_a, "قطعی آب", "آب قطع است.");
      g_autoptr(PeygirCase) kase = peygir_store_create_case (desk, "expert", draft, &error);

      g_assert_no_error (error);
    }
  return NULL;
}

static void
test_check_while_writing (StoreFixture  *fixture,
                          gconstpointer  data G_GNUC_UNUSED)
{
  WriterData writer = { fixture, 0 };
  GThread *thread = g_thread_new ("desk", writer_thread, &writer);
  gint64 start = g_get_monotonic_time ();
  guint checks = 0;

  /* for a second and a half, or 200 checks */
  while (checks < 200 && g_get_monotonic_time () - start < 1500 * G_TIME_SPAN_MILLISECOND)
    {
      g_autoptr(GError) error = NULL;

      if (!peygir_store_check (fixture->store, &error))
        g_error ("check %u failed while another desk wrote: %s", checks, error->message);
      checks++;
    }
  g_atomic_int_set (&writer.stop, 1);
  g_thread_join (thread);
  g_test_message ("%u checks, %" G_GINT64_FORMAT " events", checks, count_events (fixture));
  assert_check_passes (fixture->store);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, StoreFixture, NULL, fixture_set_up, func, fixture_tear_down)
/* on a file and on a server: what the two engines must do alike */
#define BOTH(path, func) store_test_add_both (path, func)

  BOTH ("/core/audit/fresh", test_fresh);
  BOTH ("/core/audit/after-workflow", test_after_workflow);
  BOTH ("/core/audit/edited-note", test_edited_event);
  BOTH ("/core/audit/edited-moment", test_edited_moment);
  BOTH ("/core/audit/deleted-last", test_deleted_last_event);
  BOTH ("/core/audit/deleted-middle", test_deleted_middle_event);
  BOTH ("/core/audit/head-set-back", test_head_set_back);
  ADD ("/core/audit/against-backup", test_against_backup);
  BOTH ("/core/audit/operator", test_operator);
  BOTH ("/core/audit/triggers", test_triggers);
  BOTH ("/core/audit/demo-chain", test_demo_chain);
  BOTH ("/core/audit/batches", test_batches);
  ADD ("/core/audit/damaged-file", test_damaged_file);
  BOTH ("/core/audit/check-while-writing", test_check_while_writing);

  return g_test_run ();
}
