/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "store-test-fixture.h"
#include "peygir-store-private.h"

const int STORE_ON_SERVER[] = { 1 };

static void
skip_without_server (void)
{
  g_test_skip ("no PostgreSQL server: run-tests sets " SERVER_VARIABLE " to a throwaway cluster's URI");
}

void
store_test_add_both_set_up (const char    *path,
                            StoreTestFunc  set_up,
                            StoreTestFunc  func)
{
  g_autofree char *server_path = g_strconcat (path, "/server", NULL);

  g_test_add (path, StoreFixture, NULL, set_up, func, fixture_tear_down);
  if (g_getenv (SERVER_VARIABLE) != NULL)
    g_test_add (server_path, StoreFixture, STORE_ON_SERVER, set_up, func, fixture_tear_down);
  else
    g_test_add_func (server_path, skip_without_server);
}

void
store_test_add_server (const char    *path,
                       StoreTestFunc  set_up,
                       StoreTestFunc  func)
{
  if (g_getenv (SERVER_VARIABLE) != NULL)
    g_test_add (path, StoreFixture, STORE_ON_SERVER, set_up, func, fixture_tear_down);
  else
    g_test_add_func (path, skip_without_server);
}

void
store_test_add_both (const char    *path,
                     StoreTestFunc  func)
{
  store_test_add_both_set_up (path, fixture_set_up, func);
}

gboolean
fixture_on_server (StoreFixture *fixture)
{
  return fixture->dbname != NULL;
}

gint64
tehran (const char *iso)
{
  gint64 at = 0;

  g_assert_true (peygir_clock_parse_iso8601 (iso, &at));
  return at;
}

void
set_now (const char *iso)
{
  peygir_clock_set_now (tehran (iso));
}

char *
national_id_from (const char *nine)
{
  int sum = 0;
  int r;

  g_assert_cmpuint (strlen (nine), ==, 9);
  for (int i = 0; i < 9; i++)
    sum += (nine[i] - '0') * (10 - i);
  r = sum % 11;
  return g_strdup_printf ("%s%d", nine, r < 2 ? r : 11 - r);
}

void
fixture_set_up (StoreFixture  *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirUser) admin = NULL;
  static const struct
  {
    const char *login;
    const char *name;
    PeygirRoles roles;
  } people[] = {
    { "expert",    "مریم کریمی", PEYGIR_ROLE_EXPERT },
    { "manager",   "حسن صادقی",  PEYGIR_ROLE_MANAGER },
    { "secretary", "رضا جعفری",  PEYGIR_ROLE_SECRETARIAT },
  };

  set_now (FIXTURE_NOW);
  if (data == STORE_ON_SERVER)
    {
      fixture->dbname = peygir_test_server_database_new (&fixture->path);
      g_assert_nonnull (fixture->dbname);
    }
  else
    {
      fixture->dir = peygir_test_dir_new ();
      fixture->path = g_build_filename (fixture->dir, "peygir.db", NULL);
    }
  fixture->store = peygir_store_open (fixture->path, PEYGIR_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->store);

  admin = peygir_store_add_user (fixture->store, NULL, "admin", "مدیر سامانه", PEYGIR_ROLE_ADMIN, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      g_autoptr(PeygirUser) user = peygir_store_add_user (fixture->store, "admin", people[i].login,
                                                          people[i].name, people[i].roles, &error);
      g_assert_no_error (error);
      g_assert_cmpint (user->roles, ==, people[i].roles);
    }

  {
    g_autoptr(PeygirAgency) a = peygir_store_add_agency (fixture->store, "admin", FIXTURE_AGENCY_A,
                                                         NULL, 0, &error);
    g_autoptr(PeygirAgency) b = NULL;

    g_assert_no_error (error);
    b = peygir_store_add_agency (fixture->store, "admin", FIXTURE_AGENCY_B, NULL, 0, &error);
    g_assert_no_error (error);
    fixture->agency_a = a->id;
    fixture->agency_b = b->id;
    g_assert_cmpint (a->response_days, ==, 7);
  }
  /* an office already set up: its administrator is not walked through */
  g_assert_true (peygir_store_set_setting (fixture->store, "admin", PEYGIR_SETTING_SETUP_STEP, "done", &error));
  g_assert_no_error (error);
}

void
fixture_tear_down (StoreFixture  *fixture,
                   gconstpointer  data G_GNUC_UNUSED)
{
  /* whatever the test did through the store kept the report's figures
   * as the history has them, and the counts as the cases have them */
  if (fixture->store != NULL && !fixture->history_edited)
    {
      g_autoptr(GError) error = NULL;
      gint64 differences = -1;

      g_assert_true (_peygir_store_tally_verify (fixture->store, &differences, &error));
      g_assert_no_error (error);
      g_assert_cmpint (differences, ==, 0);
      /* and the cartable's counts as the cases have them */
      g_assert_true (_peygir_store_counts_verify (fixture->store, &differences, &error));
      g_assert_no_error (error);
      g_assert_cmpint (differences, ==, 0);
    }
  g_clear_object (&fixture->store);
  if (fixture->dbname != NULL)
    peygir_test_server_database_drop (fixture->dbname);
  g_clear_pointer (&fixture->dbname, g_free);
  g_clear_pointer (&fixture->path, g_free);
  g_clear_pointer (&fixture->dir, peygir_test_dir_free);
  peygir_clock_set_now (0);
}

PeygirCaseDraft *
draft_new (gint64      agency_id,
           const char *subject,
           const char *description)
{
  PeygirCaseDraft *draft = peygir_case_draft_new ();

  draft->kind = agency_id != 0 ? PEYGIR_KIND_COMPLAINT : PEYGIR_KIND_REQUEST;
  draft->applicant.type = PEYGIR_APPLICANT_CITIZEN;
  draft->applicant.name = g_strdup ("علی رضایی");
  draft->applicant.national_id = national_id_from ("001234567");
  draft->applicant.mobile = g_strdup ("09121234567");
  draft->subject = g_strdup (subject);
  draft->description = g_strdup (description);
  draft->category = PEYGIR_CATEGORY_UTILITIES;
  draft->agency_id = agency_id;
  draft->channel = PEYGIR_CHANNEL_IN_PERSON;
  return draft;
}

PeygirCase *
create_case (StoreFixture    *fixture,
             PeygirCaseDraft *draft)
{
  g_autoptr(GError) error = NULL;
  PeygirCase *kase = peygir_store_create_case (fixture->store, "expert", draft, &error);

  g_assert_no_error (error);
  g_assert_nonnull (kase);
  return kase;
}

PeygirCase *
create_simple_case (StoreFixture *fixture)
{
  g_autoptr(PeygirCaseDraft) draft = draft_new (fixture->agency_a, "قطعی مکرر آب",
                                                "آب محله هر روز چند ساعت قطع می‌شود.");

  return create_case (fixture, draft);
}

PeygirCase *
act_request (StoreFixture              *fixture,
             const PeygirActionRequest *request)
{
  g_autoptr(GError) error = NULL;
  PeygirCase *kase = peygir_store_apply_action (fixture->store, request, &error);

  g_assert_no_error (error);
  g_assert_nonnull (kase);
  return kase;
}

PeygirCase *
act (StoreFixture *fixture,
     gint64        case_id,
     PeygirAction  action,
     const char   *login,
     const char   *note)
{
  return act_on (fixture->store, case_id, action, login, note);
}

PeygirCase *
act_on (PeygirStore  *store,
        gint64        case_id,
        PeygirAction  action,
        const char   *login,
        const char   *note)
{
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;
  g_autoptr(GError) error = NULL;
  PeygirCase *kase;

  request.case_id = case_id;
  request.action = action;
  request.actor_login = login;
  request.note = note;
  kase = peygir_store_apply_action (store, &request, &error);
  g_assert_no_error (error);
  g_assert_nonnull (kase);
  return kase;
}

PeygirCase *
review_and_register (StoreFixture *fixture,
                     gint64        case_id)
{
  g_autoptr(PeygirCase) reviewed = act (fixture, case_id, PEYGIR_ACTION_REVIEW, "expert", NULL);

  return act (fixture, case_id, PEYGIR_ACTION_REGISTER, "secretary", NULL);
}

PeygirCase *
refer_and_dispatch (StoreFixture *fixture,
                    gint64        case_id,
                    const gint64 *agencies,
                    guint         n_agencies)
{
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;
  g_autoptr(PeygirCase) referred = NULL;
  g_autoptr(PeygirCase) approved = NULL;

  request.case_id = case_id;
  request.action = PEYGIR_ACTION_REFER;
  request.actor_login = "expert";
  request.note = "احتراماً، شکایت پیوست جهت رسیدگی ارسال می‌گردد.";
  request.agency_ids = agencies;
  request.n_agency_ids = n_agencies;
  referred = act_request (fixture, &request);
  approved = act (fixture, case_id, PEYGIR_ACTION_APPROVE, "manager", NULL);
  return act (fixture, case_id, PEYGIR_ACTION_DISPATCH, "secretary", NULL);
}

/* A server's location through the seam (the same SQL on both engines). */
static gint64
server_sql_int (const char *location,
                const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirDb) db = peygir_db_open (location, PEYGIR_DB_OPEN_READ_ONLY, &error);
  g_autoptr(PeygirDbStatement) stmt = NULL;

  g_assert_no_error (error);
  stmt = peygir_db_prepare_built (db, sql, &error);
  g_assert_no_error (error);
  g_assert_cmpint (peygir_db_step (stmt), ==, PEYGIR_DB_ROW);
  return peygir_db_column_int64 (stmt, 0);
}

gint64
sql_int (const char *path,
         const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  if (peygir_db_is_server_uri (path))
    return server_sql_int (path, sql);
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

int
sql_exec (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  int rc;

  if (peygir_db_is_server_uri (path))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PeygirDb) server = peygir_db_open (path, 0, &error);

      g_assert_no_error (error);
      if (peygir_db_exec (server, sql, &error))
        return SQLITE_OK;
      return g_error_matches (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_EXISTS) ? SQLITE_CONSTRAINT : SQLITE_ERROR;
    }
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  rc = sqlite3_exec (db, sql, NULL, NULL, NULL);
  sqlite3_close (db);
  return rc;
}

void
tamper (StoreFixture *fixture,
        const char   *sql)
{
  g_autofree char *script =
    g_strconcat (fixture_on_server (fixture)
                 ? "ALTER TABLE events DISABLE TRIGGER events_append_only;"
                 : "DROP TRIGGER events_append_only_update; DROP TRIGGER events_append_only_delete;",
                 sql, NULL);

  g_assert_cmpint (sql_exec (fixture->path, script), ==, SQLITE_OK);
  fixture->history_edited = TRUE;
}

PeygirReferral *
referral_at (PeygirCase *kase,
             guint       index)
{
  g_assert_nonnull (kase->referrals);
  g_assert_cmpuint (index, <, kase->referrals->len);
  return g_ptr_array_index (kase->referrals, index);
}

gint64
count_events (StoreFixture *fixture)
{
  return sql_int (fixture->path, "SELECT count(*) FROM events");
}

gint64
user_id (StoreFixture *fixture,
         const char   *login)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirUser) user = peygir_store_find_user (fixture->store, login, &error);

  g_assert_no_error (error);
  g_assert_nonnull (user);
  return user->id;
}
