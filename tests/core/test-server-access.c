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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  store_test_add_server ("/server-access/actor-is-connected-role", fixture_set_up, test_actor_is_connected_role);
  store_test_add_server ("/server-access/desk-cannot-edit", fixture_set_up, test_desk_cannot_edit);
  store_test_add_server ("/server-access/membership-follows-users", fixture_set_up, test_membership_follows_users);
  store_test_add_server ("/server-access/migrated-office", file_set_up, test_migrated_office);
  return g_test_run ();
}
