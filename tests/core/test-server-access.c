/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Who may do what on a database server (peygir-schema-server-access.sql):
 * each person connects as their own role, the actor of every action is that
 * role whatever the client says, and a desk cannot change or delete an
 * event or a case behind the app's back. The fixture's store is the
 * database's owner; the desks are roles made by user administration. */

#include "store-test-fixture.h"

#define DESK_PASSWORD "peygir-desk"

typedef struct
{
  char        *login;
  char        *location;
  PeygirUser  *user;
} Desk;

static void
desk_clear (Desk *desk)
{
  g_clear_pointer (&desk->login, g_free);
  g_clear_pointer (&desk->location, g_free);
  g_clear_pointer (&desk->user, peygir_user_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Desk, desk_clear)

/* Runs @sql on the fixture's database as its owner. */
static void
owner_exec (StoreFixture *fixture,
            const char   *sql)
{
  g_autoptr(GError) error = NULL;
  PeygirDb *db = peygir_db_open (fixture->path, 0, &error);

  g_assert_no_error (error);
  peygir_db_exec (db, sql, &error);
  g_assert_no_error (error);
  peygir_db_close (db);
}

/* A colleague added by @store's administrator, whose role is made by the
 * addition and given a password here, as the server's administrator would
 * (or pg_hba.conf's GSSAPI instead). Roles are the cluster's: each test's
 * carry its database's name. */
static void
desk_add (StoreFixture *fixture,
          PeygirStore  *store,
          const char   *name,
          PeygirRoles   roles,
          Desk         *desk)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;

  desk->login = g_strdup_printf ("%s_%s", fixture->dbname, name);
  desk->user = peygir_store_add_user (store, NULL, desk->login, name, roles, &error);
  g_assert_no_error (error);
  password = g_strdup_printf ("ALTER ROLE \"%s\" PASSWORD '" DESK_PASSWORD "'", desk->login);
  owner_exec (fixture, password);
  desk->location = peygir_test_server_location_as (fixture->dbname, desk->login, DESK_PASSWORD);
}

static PeygirStore *
desk_open (Desk *desk)
{
  g_autoptr(GError) error = NULL;
  PeygirStore *store = peygir_store_open (desk->location, PEYGIR_STORE_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (peygir_store_get_login (store), ==, desk->login);
  return store;
}

/* @sql through a connection of the desk's own, as psql would: refused by
 * the server. */
static void
assert_desk_refused (Desk       *desk,
                     const char *sql)
{
  g_autoptr(GError) error = NULL;
  PeygirDb *db = peygir_db_open (desk->location, 0, &error);

  g_assert_no_error (error);
  g_assert_false (peygir_db_exec (db, sql, &error));
  if (!g_error_matches (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_PERMITTED))
    g_error ("“%s” was not refused as not permitted: %s", sql, error != NULL ? error->message : "no error");
  peygir_db_close (db);
}

/* A case taken in at @store's desk, by whoever @claimed_login claims to be. */
static PeygirCase *
desk_create_case (PeygirStore *store,
                  gint64       agency_id,
                  const char  *claimed_login)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirCaseDraft) draft = draft_new (agency_id, "قطعی مکرر آب", "سه روز است آب قطع است.");
  PeygirCase *kase = peygir_store_create_case (store, claimed_login, draft, &error);

  g_assert_no_error (error);
  return kase;
}

static void
assert_actor (PeygirStore *store,
              gint64       case_id,
              gint64       actor_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = peygir_store_list_events (store, case_id, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (events->len, >, 0);
  for (guint i = 0; i < events->len; i++)
    {
      PeygirEvent *event = g_ptr_array_index (events, i);

      g_assert_cmpint (event->actor_id, ==, actor_id);
      g_assert_cmpint (event->operator_id, ==, 0);
    }
}

/* Whatever login the client names, the event's actor is the role that
 * connected; and what the desk does through the store is checked clean. */
static void
test_actor_is_connected_role (StoreFixture  *fixture,
                              gconstpointer  data)
{
  g_auto(Desk) expert = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirStore) store = NULL;
  g_autoptr(PeygirCase) kase = NULL;
  g_autoptr(PeygirCase) reviewed = NULL;

  desk_add (fixture, fixture->store, "sara", PEYGIR_ROLE_EXPERT, &expert);
  store = desk_open (&expert);

  /* claiming the administrator, or another expert */
  kase = desk_create_case (store, fixture->agency_a, "admin");
  reviewed = act_on (store, kase->id, PEYGIR_ACTION_REVIEW, "expert", NULL);
  g_assert_cmpint (reviewed->state, ==, PEYGIR_STATE_IN_REVIEW);
  assert_actor (fixture->store, kase->id, expert.user->id);

  /* an expert's store still refuses what experts may not do */
  {
    PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;
    g_autoptr(PeygirCase) registered = NULL;

    request.case_id = kase->id;
    request.action = PEYGIR_ACTION_REGISTER;
    request.actor_login = "secretary";
    registered = peygir_store_apply_action (store, &request, &error);
    g_assert_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED);
    g_assert_null (registered);
    g_clear_error (&error);
  }

  /* the command line's operator is the role too */
  peygir_store_set_operator (store, "admin");
  g_clear_pointer (&reviewed, peygir_case_free);
  {
    PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;

    request.case_id = kase->id;
    request.action = PEYGIR_ACTION_CONTACT;
    request.actor_login = "admin";
    request.channel = PEYGIR_CHANNEL_PHONE;
    request.note = "تماس تلفنی با متقاضی";
    reviewed = peygir_store_apply_action (store, &request, &error);
    g_assert_no_error (error);
  }
  assert_actor (fixture->store, kase->id, expert.user->id);

  peygir_store_check (fixture->store, &error);
  g_assert_no_error (error);
}

static PeygirCase *
desk_assign (PeygirStore  *store,
             gint64        case_id,
             const char   *claimed_login,
             gint64        assignee_id,
             GError      **error)
{
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;

  request.case_id = case_id;
  request.action = PEYGIR_ACTION_ASSIGN;
  request.actor_login = claimed_login;
  request.assignee_id = assignee_id;
  return peygir_store_apply_action (store, &request, error);
}

/* Who holds a case, at the desks: an expert takes an unassigned case as
 * themselves whoever they claim to be, and cannot pass for the manager to
 * take another's; the manager's desk reassigns; nobody changes the holder
 * behind the app's back. */
static void
test_assign_at_desks (StoreFixture  *fixture,
                      gconstpointer  data)
{
  g_auto(Desk) clerk = { 0 };
  g_auto(Desk) sara = { 0 };
  g_auto(Desk) omid = { 0 };
  g_auto(Desk) boss = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirStore) clerk_store = NULL;
  g_autoptr(PeygirStore) sara_store = NULL;
  g_autoptr(PeygirStore) omid_store = NULL;
  g_autoptr(PeygirStore) boss_store = NULL;
  g_autoptr(PeygirCase) kase = NULL;
  g_autoptr(PeygirCase) taken = NULL;
  g_autoptr(PeygirCase) refused = NULL;
  g_autoptr(PeygirCase) moved = NULL;
  g_autofree char *sql = NULL;

  desk_add (fixture, fixture->store, "clerk", PEYGIR_ROLE_SECRETARIAT, &clerk);
  desk_add (fixture, fixture->store, "sara", PEYGIR_ROLE_EXPERT, &sara);
  desk_add (fixture, fixture->store, "omid", PEYGIR_ROLE_EXPERT, &omid);
  desk_add (fixture, fixture->store, "boss", PEYGIR_ROLE_MANAGER, &boss);
  clerk_store = desk_open (&clerk);
  sara_store = desk_open (&sara);
  omid_store = desk_open (&omid);
  boss_store = desk_open (&boss);

  kase = desk_create_case (clerk_store, fixture->agency_a, NULL);
  g_assert_cmpint (kase->expert_id, ==, 0);

  /* claiming the manager: still the expert, who takes it for themselves */
  taken = desk_assign (sara_store, kase->id, "manager", sara.user->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (taken->expert_id, ==, sara.user->id);
  refused = desk_assign (omid_store, kase->id, "manager", omid.user->id, &error);
  g_assert_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED);
  g_assert_null (refused);
  g_clear_error (&error);

  moved = desk_assign (boss_store, kase->id, NULL, omid.user->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (moved->expert_id, ==, omid.user->id);

  /* the holder changed without an event */
  sql = g_strdup_printf ("UPDATE cases SET expert_id = %" G_GINT64_FORMAT " WHERE id = %" G_GINT64_FORMAT,
                         sara.user->id, kase->id);
  assert_desk_refused (&sara, sql);

  peygir_store_check (fixture->store, &error);
  g_assert_no_error (error);
}

/* psql behind the app's back: no event changed or deleted, no case row
 * changed or deleted, no event in another's name; the case and the audit
 * log as the actions left them. */
static void
test_desk_cannot_edit (StoreFixture  *fixture,
                       gconstpointer  data)
{
  g_auto(Desk) expert = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirStore) store = NULL;
  g_autoptr(PeygirCase) kase = NULL;
  g_autoptr(PeygirCase) after = NULL;
  g_autofree char *update_case = NULL;
  g_autofree char *forged_event = NULL;
  gint64 events;

  desk_add (fixture, fixture->store, "sara", PEYGIR_ROLE_EXPERT | PEYGIR_ROLE_SECRETARIAT, &expert);
  store = desk_open (&expert);
  kase = desk_create_case (store, fixture->agency_a, NULL);
  events = count_events (fixture);

  assert_desk_refused (&expert, "UPDATE events SET note = 'نوشته شد' WHERE TRUE");
  assert_desk_refused (&expert, "DELETE FROM events WHERE TRUE");
  update_case = g_strdup_printf ("UPDATE cases SET subject = 'دیگر', state = 'closed' WHERE id = %" G_GINT64_FORMAT, kase->id);
  assert_desk_refused (&expert, update_case);
  assert_desk_refused (&expert, "DELETE FROM cases WHERE TRUE");
  assert_desk_refused (&expert, "DELETE FROM referrals WHERE TRUE");
  assert_desk_refused (&expert, "UPDATE users SET roles = 15 WHERE TRUE");
  assert_desk_refused (&expert, "INSERT INTO counters (series, year, value) VALUES ('registration', 1499, 1)");
  /* an event in someone else's name, and one in one's own beside a change */
  forged_event = g_strdup_printf ("INSERT INTO events (id, case_id, at, actor_id, action, note, hash)"
                                  " SELECT max(id) + 1, %" G_GINT64_FORMAT ", 0, (SELECT id FROM users WHERE login = 'admin'),"
                                  " 'edit', 'x', 'x' FROM events", kase->id);
  assert_desk_refused (&expert, forged_event);

  after = peygir_store_get_case (fixture->store, kase->id, PEYGIR_CASE_DETAIL_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (after->subject, ==, kase->subject);
  g_assert_cmpint (after->state, ==, PEYGIR_STATE_RECEIVED);
  g_assert_cmpint (after->version, ==, kase->version);
  g_assert_cmpint (count_events (fixture), ==, events);
  peygir_store_check (fixture->store, &error);
  g_assert_no_error (error);
}

/* An administrator's desk adds a colleague: the colleague's role is made
 * and given its group; deactivated, it can no longer reach the database. */
static void
test_membership_follows_users (StoreFixture  *fixture,
                               gconstpointer  data)
{
  g_auto(Desk) admin = { 0 };
  g_auto(Desk) expert = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirStore) admin_store = NULL;
  g_autoptr(PeygirUser) changed = NULL;
  g_autoptr(PeygirStore) refused = NULL;

  desk_add (fixture, fixture->store, "mina", PEYGIR_ROLE_ADMIN, &admin);
  admin_store = desk_open (&admin);
  desk_add (fixture, admin_store, "ali", PEYGIR_ROLE_EXPERT, &expert);
  g_assert_cmpint (expert.user->roles, ==, PEYGIR_ROLE_EXPERT);
  {
    g_autoptr(PeygirStore) store = desk_open (&expert);
    g_autoptr(PeygirCase) kase = desk_create_case (store, fixture->agency_a, expert.login);

    assert_actor (fixture->store, kase->id, expert.user->id);
  }

  /* a desk that is not an administrator cannot give itself more */
  {
    g_autoptr(PeygirStore) store = desk_open (&expert);
    g_autoptr(PeygirUser) promoted = peygir_store_update_user (store, "admin", expert.login, NULL, PEYGIR_ROLES_ALL, -1, &error);

    g_assert_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED);
    g_assert_null (promoted);
    g_clear_error (&error);
  }

  changed = peygir_store_update_user (admin_store, NULL, expert.login, NULL, 0, FALSE, &error);
  g_assert_no_error (error);
  g_assert_false (changed->active);
  refused = peygir_store_open (expert.location, PEYGIR_STORE_OPEN_DEFAULT, &error);
  g_assert_null (refused);
  g_assert_nonnull (error);
}

/* A desk changes its own name and title through the store (the server
 * grants it those two columns), never its roles, not even with psql; an
 * administrator's desk changes a colleague, an agency and a holiday. */
static void
test_office_changes_at_desks (StoreFixture  *fixture,
                              gconstpointer  data)
{
  g_auto(Desk) admin = { 0 };
  g_auto(Desk) expert = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirStore) admin_store = NULL;
  g_autoptr(PeygirStore) expert_store = NULL;
  g_autoptr(PeygirUser) now = NULL;
  g_autoptr(PeygirUser) saved = NULL;
  g_autoptr(PeygirUser) refused = NULL;
  g_autoptr(PeygirUser) promoted = NULL;
  g_autoptr(PeygirAgency) agency = NULL;
  g_autoptr(PeygirAgency) agency_now = NULL;
  g_autoptr(PeygirAgency) agency_saved = NULL;
  g_autoptr(GPtrArray) holidays = NULL;
  g_autofree char *sql = NULL;

  desk_add (fixture, fixture->store, "mina", PEYGIR_ROLE_ADMIN, &admin);
  admin_store = desk_open (&admin);
  desk_add (fixture, admin_store, "ali", PEYGIR_ROLE_EXPERT, &expert);
  expert_store = desk_open (&expert);

  now = peygir_user_copy (expert.user);
  g_free (now->name);
  now->name = g_strdup ("علی احمدی");
  now->title = g_strdup ("کارشناس رسیدگی");
  saved = peygir_store_change_user (expert_store, NULL, expert.user, now, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (saved->name, ==, "علی احمدی");
  g_assert_cmpstr (saved->title, ==, "کارشناس رسیدگی");

  now->roles |= PEYGIR_ROLE_ADMIN;
  refused = peygir_store_change_user (expert_store, NULL, saved, now, &error);
  g_assert_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED);
  g_assert_null (refused);
  g_clear_error (&error);
  sql = g_strdup_printf ("UPDATE users SET roles = 15 WHERE login = '%s'", expert.login);
  assert_desk_refused (&expert, sql);

  /* the administrator's desk, whose group holds the office's tables */
  now->roles = PEYGIR_ROLE_EXPERT | PEYGIR_ROLE_MANAGER;
  promoted = peygir_store_change_user (admin_store, NULL, saved, now, &error);
  g_assert_no_error (error);
  g_assert_cmpint (promoted->roles, ==, PEYGIR_ROLE_EXPERT | PEYGIR_ROLE_MANAGER);

  agency = peygir_store_get_agency (admin_store, fixture->agency_b, &error);
  g_assert_no_error (error);
  agency_now = peygir_agency_copy (agency);
  agency_now->active = FALSE;
  agency_saved = peygir_store_change_agency (admin_store, NULL, agency, agency_now, &error);
  g_assert_no_error (error);
  g_assert_false (agency_saved->active);

  holidays = peygir_store_list_holidays (admin_store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (holidays->len, >, 0);
  g_assert_true (peygir_store_remove_holiday (admin_store, NULL, g_ptr_array_index (holidays, 0), &error));
  g_assert_no_error (error);

  g_assert_true (peygir_store_check (fixture->store, &error));
  g_assert_no_error (error);
}

static PeygirCase *
desk_act (PeygirStore               *store,
          PeygirActionRequest        request,
          PeygirAction               action)
{
  g_autoptr(GError) error = NULL;
  PeygirCase *kase;

  request.action = action;
  kase = peygir_store_apply_action (store, &request, &error);
  g_assert_no_error (error);
  return kase;
}

/* The whole process, each step at the desk of the role that takes it,
 * every one a role that is not the owner: what the actions write is
 * granted, each with its event, and the chain checks clean. */
static void
test_whole_process_at_desks (StoreFixture  *fixture,
                             gconstpointer  data)
{
  g_auto(Desk) expert = { 0 };
  g_auto(Desk) manager = { 0 };
  g_auto(Desk) secretary = { 0 };
  g_auto(Desk) admin = { 0 };
  g_autoptr(PeygirStore) at_expert = NULL;
  g_autoptr(PeygirStore) at_manager = NULL;
  g_autoptr(PeygirStore) at_secretary = NULL;
  g_autoptr(PeygirStore) at_admin = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = g_bytes_new_static ("%PDF-1.4 letter", 15);
  g_autoptr(GBytes) png = g_bytes_new_static ("\x89PNG\r\n\x1a\n", 8);
  g_autoptr(PeygirCase) kase = NULL;
  g_autoptr(PeygirLetterRecord) answer = NULL;
  g_autoptr(PeygirLetterRecord) again = NULL;
  g_autoptr(PeygirDocument) document = NULL;
  g_autoptr(PeygirUser) titled = NULL;
  g_autoptr(PeygirAgency) agency = NULL;
  g_autoptr(PeygirAgency) changed = NULL;
  g_autoptr(GPtrArray) events = NULL;
  const gint64 agencies[] = { fixture->agency_a, fixture->agency_b };
  PeygirHoliday holiday = { 0, 0, 0, 20260505, (char *) "تعطیل آزمون" };
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;
  gint64 first_event;

  desk_add (fixture, fixture->store, "maryam", PEYGIR_ROLE_EXPERT, &expert);
  desk_add (fixture, fixture->store, "hasan", PEYGIR_ROLE_MANAGER, &manager);
  desk_add (fixture, fixture->store, "reza", PEYGIR_ROLE_SECRETARIAT, &secretary);
  desk_add (fixture, fixture->store, "mina", PEYGIR_ROLE_ADMIN, &admin);
  at_expert = desk_open (&expert);
  at_manager = desk_open (&manager);
  at_secretary = desk_open (&secretary);
  at_admin = desk_open (&admin);
  first_event = count_events (fixture);

  kase = desk_create_case (at_expert, fixture->agency_a, NULL);
  request.case_id = kase->id;
#define STEP(store, action) \
  G_STMT_START { g_clear_pointer (&kase, peygir_case_free); kase = desk_act (store, request, action); } G_STMT_END
  STEP (at_expert, PEYGIR_ACTION_REVIEW);
  STEP (at_secretary, PEYGIR_ACTION_REGISTER);
  request.note = "احتراماً، شکایت پیوست جهت رسیدگی ارسال می‌گردد.";
  request.agency_ids = agencies;
  request.n_agency_ids = G_N_ELEMENTS (agencies);
  STEP (at_expert, PEYGIR_ACTION_REFER);
  request.note = NULL;
  request.agency_ids = NULL;
  request.n_agency_ids = 0;
  STEP (at_manager, PEYGIR_ACTION_APPROVE);
  STEP (at_secretary, PEYGIR_ACTION_DISPATCH);
  g_assert_cmpint (kase->state, ==, PEYGIR_STATE_REFERRED);
  g_assert_true (peygir_store_keep_letter_pdf (at_secretary, referral_at (kase, 0)->letter_number, pdf, &error));
  g_assert_no_error (error);
  /* kept once: what was sent is not rewritten behind the app's back */
  assert_desk_refused (&secretary, "UPDATE letters SET pdf = NULL WHERE pdf IS NOT NULL");
  assert_desk_refused (&secretary, "UPDATE letters SET void_reason = 'x' WHERE TRUE");

  /* the agency is late: a reminder, approved and sent */
  set_now ("2026-05-20T09:00:00+03:30");
  request.referral_id = referral_at (kase, 0)->id;
  request.channel = PEYGIR_CHANNEL_MAIL;
  STEP (at_expert, PEYGIR_ACTION_FOLLOW_UP);
  STEP (at_manager, PEYGIR_ACTION_APPROVE_REMINDER);
  STEP (at_secretary, PEYGIR_ACTION_DISPATCH);
  g_assert_nonnull (referral_at (kase, 0)->last_reminder_number);
  request.channel = PEYGIR_CHANNEL_PHONE;
  request.note = "متقاضی تماس گرفت.";
  STEP (at_expert, PEYGIR_ACTION_CONTACT);

  /* both agencies answer; the applicant hears, and objects */
  request.channel = PEYGIR_CHANNEL_NONE;
  request.note = "رسیدگی شد.";
  STEP (at_secretary, PEYGIR_ACTION_ANSWER);
  request.referral_id = referral_at (kase, 1)->id;
  STEP (at_secretary, PEYGIR_ACTION_ANSWER);
  g_assert_cmpint (kase->state, ==, PEYGIR_STATE_ANSWERED);
  answer = peygir_store_issue_answer_letter (at_secretary, NULL, kase->id, NULL, pdf, &error);
  g_assert_no_error (error);
  g_assert_true (peygir_store_void_letter (at_secretary, NULL, answer->number, "نام متقاضی اشتباه بود", &error));
  g_assert_no_error (error);
  again = peygir_store_issue_answer_letter (at_secretary, NULL, kase->id, NULL, NULL, &error);
  g_assert_no_error (error);
  request.referral_id = 0;
  request.channel = PEYGIR_CHANNEL_PHONE;
  STEP (at_expert, PEYGIR_ACTION_NOTIFY);
  g_assert_cmpint (kase->state, ==, PEYGIR_STATE_CLOSED);
  request.note = "متقاضی به پاسخ اعتراض دارد.";
  STEP (at_manager, PEYGIR_ACTION_REOPEN);
#undef STEP

  document = peygir_store_add_document (at_expert, NULL, kase->id, "نامه متقاضی.pdf", "application/pdf", pdf, &error);
  g_assert_no_error (error);
  titled = peygir_store_set_user_title (at_expert, NULL, expert.login, "کارشناس رسیدگی به شکایات", &error);
  g_assert_no_error (error);

  /* the office's set-up, from the administrator's desk */
  agency = peygir_store_add_agency (at_admin, NULL, "سازمان آزمون دسترسی", NULL, 0, &error);
  g_assert_no_error (error);
  changed = peygir_store_update_agency (at_admin, NULL, agency->id, NULL, NULL, 10, -1, &error);
  g_assert_no_error (error);
  g_assert_true (peygir_store_set_setting (at_admin, NULL, "response_days", "9", &error));
  g_assert_no_error (error);
  g_assert_true (peygir_store_add_holiday (at_admin, NULL, &holiday, &error));
  g_assert_no_error (error);
  g_assert_true (peygir_store_set_image (at_admin, NULL, "logo", png, &error));
  g_assert_no_error (error);

  /* every event since the desks opened is one of theirs */
  events = peygir_store_list_events (fixture->store, kase->id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    {
      PeygirEvent *event = g_ptr_array_index (events, i);

      g_assert_true (event->actor_id == expert.user->id || event->actor_id == manager.user->id
                     || event->actor_id == secretary.user->id);
    }
  g_assert_cmpint (count_events (fixture), >, first_event + 20);
  g_assert_true (peygir_store_check (fixture->store, &error));
  g_assert_no_error (error);

  /* a desk checks it too, and what it prints keeps the password out */
  {
    const char *argv[] = { g_getenv ("PEYGIR_ADMIN"), "--db", secretary.location, "check", NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    int status;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_nonnull (strstr (out, secretary.login));
    g_assert_null (strstr (out, DESK_PASSWORD));
    g_assert_null (strstr (err, DESK_PASSWORD));
  }
}

/* For a test on the server that starts from a file. */
static void
file_set_up (StoreFixture  *fixture,
             gconstpointer  data)
{
  fixture_set_up (fixture, NULL);
}

/* An office moved from its file: its people become roles that may use the
 * server, each acting as themselves. */
static void
test_migrated_office (StoreFixture  *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *location = NULL;
  g_autofree char *dbname = peygir_test_server_database_new (&location);
  g_autofree char *login = g_strdup_printf ("%s_nima", dbname);
  g_autofree char *password = g_strdup_printf ("ALTER ROLE \"%s\" PASSWORD '" DESK_PASSWORD "'", login);
  g_autoptr(PeygirUser) user = peygir_store_add_user (fixture->store, NULL, login, "نیما", PEYGIR_ROLE_EXPERT, &error);
  g_autoptr(PeygirStore) desk = NULL;
  g_autoptr(PeygirCase) kase = NULL;
  StoreFixture server = { .path = location, .dbname = dbname };

  g_assert_no_error (error);
  peygir_store_copy_to (fixture->store, location, NULL, NULL, &error);
  g_assert_no_error (error);
  owner_exec (&server, password);

  {
    Desk nima = { .login = login, .location = peygir_test_server_location_as (dbname, login, DESK_PASSWORD) };

    desk = desk_open (&nima);
    g_free (nima.location);
  }
  kase = desk_create_case (desk, fixture->agency_a, "admin");
  server.store = peygir_store_open (location, PEYGIR_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  assert_actor (server.store, kase->id, user->id);
  g_clear_object (&server.store);
  g_clear_object (&desk);
  peygir_test_server_database_drop (dbname);
}

/* A password goes beside the location, never into it: the right one
 * opens, a wrong one is refused as a password the server wants, and a
 * role the database does not admit is refused as not permitted. */
static void
test_password_beside_location (StoreFixture  *fixture,
                               gconstpointer  data)
{
  g_auto(Desk) nima = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirStore) store = NULL;
  g_autofree char *bare = NULL;
  g_autofree char *stranger = g_strdup_printf ("%s_stranger", fixture->dbname);
  g_autofree char *create = g_strdup_printf ("CREATE ROLE \"%s\" LOGIN PASSWORD '" DESK_PASSWORD "'", stranger);
  g_autofree char *stranger_location = peygir_test_server_location_as (fixture->dbname, stranger, DESK_PASSWORD);

  desk_add (fixture, fixture->store, "nima", PEYGIR_ROLE_EXPERT, &nima);
  bare = peygir_test_server_location_as (fixture->dbname, nima.login, NULL);

  g_assert_null (peygir_store_open_with_password (bare, PEYGIR_STORE_OPEN_DEFAULT, "not-the-password", &error));
  g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NEEDS_PASSWORD);
  g_clear_error (&error);

  store = peygir_store_open_with_password (bare, PEYGIR_STORE_OPEN_DEFAULT, DESK_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (peygir_store_get_login (store), ==, nima.login);
  g_assert_cmpstr (peygir_store_get_path (store), ==, bare);

  owner_exec (fixture, create);
  g_assert_null (peygir_store_open (stranger_location, PEYGIR_STORE_OPEN_DEFAULT, &error));
  g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_PERMITTED);
  g_assert_nonnull (strstr (error->message, stranger));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  store_test_add_server ("/server-access/actor-is-connected-role", fixture_set_up, test_actor_is_connected_role);
  store_test_add_server ("/server-access/desk-cannot-edit", fixture_set_up, test_desk_cannot_edit);
  store_test_add_server ("/server-access/assign-at-desks", fixture_set_up, test_assign_at_desks);
  store_test_add_server ("/server-access/membership-follows-users", fixture_set_up, test_membership_follows_users);
  store_test_add_server ("/server-access/office-changes-at-desks", fixture_set_up, test_office_changes_at_desks);
  store_test_add_server ("/server-access/whole-process-at-desks", fixture_set_up, test_whole_process_at_desks);
  store_test_add_server ("/server-access/migrated-office", file_set_up, test_migrated_office);
  store_test_add_server ("/server-access/password-beside-location", fixture_set_up, test_password_beside_location);
  return g_test_run ();
}
