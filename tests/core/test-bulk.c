/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The store's bulk path (src/core/peygir-store-bulk.c): the rows it writes
 * are those the actions write, it refuses what they refuse, and what it
 * does not commit is not there. */
#include <locale.h>

#include "peygir-demo.h"
#include "store-test-fixture.h"

#define SAME_ROWS_CASES 600

/* Every table a case's history writes, with the columns compared (all but
 * the tracking code, which each intake draws at random) and the rows (the
 * counts' rows at zero, which the actions leave and the bulk never makes,
 * count nothing). */
static const struct
{
  const char *table;
  const char *columns;
  const char *where;
} written[] = {
  { "cases", "id, reg_year, reg_seq, kind, applicant_type, applicant_name, national_id, mobile, phone, address,"
             " postal_code, email, subject, description, category, agency_id, channel, samad_code,"
             " linked_case_id, state, expert_id, received_on, created_at, registered_at, updated_at, closed_at,"
             " service_due, paused_at, round, version, answer_due, letters_waiting, reminder_draft" },
  { "referrals", "*" },
  { "follow_ups", "*" },
  { "letters", "*" },
  { "contacts", "*" },
  { "events", "*" },
  { "state_stays", "*" },
  { "report_tallies", "*" },
  { "case_counts", "state, expert_id, letters, reminders, paused, n", "n <> 0" },
  { "deadline_counts", "clock, expert_id, day, state, n", "n <> 0" },
  { "counters", "*" },
  { "case_fts", "rowid, applicant, subject, description, answers, extra" },
  { "meta", "key, value" },
};

static PeygirStore *
filled_store (const char      *dir,
              const char      *name,
              PeygirDemoFlags  flags)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  PeygirStore *store = peygir_store_open (path, PEYGIR_STORE_OPEN_CREATE, &error);

  g_assert_no_error (error);
  g_assert_true (peygir_demo_fill_full (store, SAME_ROWS_CASES, 23, flags, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (peygir_store_check (store, &error));
  g_assert_no_error (error);
  return store;
}

/* The rows of @table in one database and not in the other, both ways. */
static gint64
rows_apart (sqlite3    *db,
            const char *table,
            const char *columns,
            const char *where,
            gint64     *in_main)
{
  g_autofree char *count = g_strdup_printf ("SELECT count(*) FROM main.%s WHERE %s", table, where);
  g_autofree char *apart =
    g_strdup_printf ("SELECT (SELECT count(*) FROM (SELECT %s FROM main.%s WHERE %s"
                     "                              EXCEPT SELECT %s FROM bulk.%s WHERE %s))"
                     " + (SELECT count(*) FROM (SELECT %s FROM bulk.%s WHERE %s"
                     "                          EXCEPT SELECT %s FROM main.%s WHERE %s))",
                     columns, table, where, columns, table, where, columns, table, where, columns, table, where);
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (db, count, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  *in_main = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, apart, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* The demo's histories, every state of the workflow among them, taken
 * action by action and through the bulk path: the same rows, to the
 * events' hashes and the audit chain's head. */
static void
test_same_rows (void)
{
  g_autofree char *dir = peygir_test_dir_new ();
  g_autoptr(PeygirStore) through_actions = NULL;
  g_autoptr(PeygirStore) bulk = NULL;
  g_autofree char *actions_path = g_build_filename (dir, "actions.db", NULL);
  char *attach = NULL;
  char *bulk_path = NULL;
  sqlite3 *db = NULL;

  set_now (FIXTURE_NOW);
  through_actions = filled_store (dir, "actions.db", PEYGIR_DEMO_THROUGH_ACTIONS);
  bulk = filled_store (dir, "bulk.db", PEYGIR_DEMO_BULK);
  g_clear_object (&through_actions);
  g_clear_object (&bulk);

  bulk_path = g_build_filename (dir, "bulk.db", NULL);
  attach = sqlite3_mprintf ("ATTACH %Q AS bulk", bulk_path);
  g_free (bulk_path);
  g_assert_cmpint (sqlite3_open (actions_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, attach, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_free (attach);
  for (guint i = 0; i < G_N_ELEMENTS (written); i++)
    {
      gint64 in_main = 0;
      gint64 apart = rows_apart (db, written[i].table, written[i].columns,
                                 written[i].where != NULL ? written[i].where : "TRUE", &in_main);

      g_test_message ("%s: %" G_GINT64_FORMAT " rows, %" G_GINT64_FORMAT " apart", written[i].table, in_main, apart);
      /* every table has rows to compare */
      g_assert_cmpint (in_main, >, 0);
      g_assert_cmpint (apart, ==, 0);
    }
  /* the demo's cases stop in each of the eight states it takes them to,
   * with reminders sent and cases reopened among them */
  g_assert_cmpint (sql_int (actions_path, "SELECT count(DISTINCT state) FROM cases"), ==, 8);
  g_assert_cmpint (sql_int (actions_path, "SELECT count(*) FROM follow_ups WHERE reminder = 'sent'"), >, 0);
  g_assert_cmpint (sql_int (actions_path, "SELECT count(*) FROM cases WHERE round > 1"), >, 0);
  sqlite3_close (db);
  peygir_test_dir_free (g_steal_pointer (&dir));
  peygir_clock_set_now (0);
}

static gint64
count_rows (StoreFixture *fixture,
            const char   *sql)
{
  return sql_int (fixture->path, sql);
}

/* What the actions refuse the bulk refuses, with the same error, and the
 * case is then forgotten; the cases before and after it are written. */
static void
test_refused (StoreFixture  *fixture,
              gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirBulk) bulk = peygir_store_bulk_new (fixture->store);
  gint64 at = tehran ("2026-04-20T10:00:00+03:30");
  gint64 secretary = user_id (fixture, "secretary");
  const PeygirCase *kase;
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;
  gint64 unknown_agency = 999;
  gint64 cases_before = count_rows (fixture, "SELECT count(*) FROM cases");
  gint64 events_before = count_rows (fixture, "SELECT count(*) FROM events");

  /* one case taken along, registered */
  {
    g_autoptr(PeygirCaseDraft) draft = draft_new (fixture->agency_a, "قطعی آب", "آب محله سه روز است قطع است.");

    kase = peygir_bulk_take_in (bulk, "expert", draft, at, NULL, &error);
    g_assert_no_error (error);
    request.action = PEYGIR_ACTION_REVIEW;
    request.actor_login = "expert";
    request.at = at + 3600;
    kase = peygir_bulk_act (bulk, &request, &error);
    g_assert_no_error (error);
    request.action = PEYGIR_ACTION_REGISTER;
    request.actor_login = "secretary";
    request.at = at + 7200;
    kase = peygir_bulk_act (bulk, &request, &error);
    g_assert_no_error (error);
    g_assert_cmpint (kase->state, ==, PEYGIR_STATE_REGISTERED);
    g_assert_cmpstr (kase->registration_number, ==, "1405/1");
    g_assert_true (peygir_bulk_write_case (bulk, &error));
    g_assert_no_error (error);
  }

  /* a manager's approval of a case nobody referred: the workflow's refusal */
  {
    g_autoptr(PeygirCaseDraft) draft = draft_new (fixture->agency_a, "برق", "برق قطع است.");

    g_assert_nonnull (peygir_bulk_take_in (bulk, "expert", draft, at, NULL, &error));
    request = (PeygirActionRequest) PEYGIR_ACTION_REQUEST_INIT;
    request.action = PEYGIR_ACTION_APPROVE;
    request.actor_login = "manager";
    request.at = at + 60;
    g_assert_null (peygir_bulk_act (bulk, &request, &error));
    g_assert_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE);
    g_clear_error (&error);
  }
  /* a referral to an agency the office does not have */
  {
    g_autoptr(PeygirCaseDraft) draft = draft_new (fixture->agency_b, "برق", "برق قطع است.");

    g_assert_nonnull (peygir_bulk_take_in (bulk, "expert", draft, at, NULL, &error));
    request = (PeygirActionRequest) PEYGIR_ACTION_REQUEST_INIT;
    request.actor_login = "expert";
    request.action = PEYGIR_ACTION_REVIEW;
    request.at = at + 60;
    g_assert_nonnull (peygir_bulk_act (bulk, &request, &error));
    request.action = PEYGIR_ACTION_REGISTER;
    request.actor_login = "secretary";
    request.at = at + 120;
    g_assert_nonnull (peygir_bulk_act (bulk, &request, &error));
    request.action = PEYGIR_ACTION_REFER;
    request.actor_login = "expert";
    request.note = "احتراماً ارسال می‌گردد.";
    request.agency_ids = &unknown_agency;
    request.n_agency_ids = 1;
    request.at = at + 180;
    g_assert_null (peygir_bulk_act (bulk, &request, &error));
    g_assert_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_ARGUMENT);
    g_clear_error (&error);
  }
  /* a case assigned to the secretariat, who is no expert */
  {
    g_autoptr(PeygirCaseDraft) draft = draft_new (0, "درخواست", "درخواست مجوز.");

    g_assert_nonnull (peygir_bulk_take_in (bulk, "secretary", draft, at, NULL, &error));
    request = (PeygirActionRequest) PEYGIR_ACTION_REQUEST_INIT;
    request.action = PEYGIR_ACTION_ASSIGN;
    request.actor_login = "manager";
    request.assignee_id = secretary;
    request.at = at + 60;
    g_assert_null (peygir_bulk_act (bulk, &request, &error));
    g_assert_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_ARGUMENT);
    g_clear_error (&error);
  }
  /* a step before the one it follows */
  {
    g_autoptr(PeygirCaseDraft) draft = draft_new (0, "درخواست", "درخواست مجوز.");

    g_assert_nonnull (peygir_bulk_take_in (bulk, "expert", draft, at, NULL, &error));
    request = (PeygirActionRequest) PEYGIR_ACTION_REQUEST_INIT;
    request.action = PEYGIR_ACTION_REVIEW;
    request.actor_login = "expert";
    request.at = at - 60;
    g_assert_null (peygir_bulk_act (bulk, &request, &error));
    g_assert_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_DATE);
    g_clear_error (&error);
  }
  /* nobody takes a case in who is not at the intake */
  {
    g_autoptr(PeygirCaseDraft) draft = draft_new (0, "درخواست", "درخواست مجوز.");

    g_assert_null (peygir_bulk_take_in (bulk, "manager", draft, at, NULL, &error));
    g_assert_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED);
    g_clear_error (&error);
  }
  /* and the next case is written after them */
  {
    g_autoptr(PeygirCaseDraft) draft = draft_new (0, "درخواست", "درخواست مجوز.");

    g_assert_nonnull (peygir_bulk_take_in (bulk, "expert", draft, at + 600, NULL, &error));
    g_assert_true (peygir_bulk_write_case (bulk, &error));
    g_assert_no_error (error);
  }
  g_assert_true (peygir_bulk_commit (bulk, &error));
  g_assert_no_error (error);

  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM cases"), ==, cases_before + 2);
  /* create, review and register; create */
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM events"), ==, events_before + 4);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM referrals"), ==, 0);
  g_assert_true (peygir_store_check (fixture->store, &error));
  g_assert_no_error (error);
}

/* A past case's own registration number is kept, another case's refused,
 * and the year's counter moves past it: the desks go on from there. */
static void
test_registration (StoreFixture  *fixture,
                   gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirBulk) bulk = peygir_store_bulk_new (fixture->store);
  gint64 at = tehran ("2026-04-20T10:00:00+03:30");
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;
  g_autoptr(PeygirCase) live = NULL;

  for (int i = 0; i < 2; i++)
    {
      g_autoptr(PeygirCaseDraft) draft = draft_new (fixture->agency_a, "قطعی آب", "آب محله سه روز است قطع است.");
      const PeygirCase *kase = peygir_bulk_take_in (bulk, "expert", draft, at, NULL, &error);

      g_assert_nonnull (kase);
      if (i == 0)
        g_assert_true (peygir_bulk_set_registration (bulk, 1405, 125, &error));
      else
        {
          /* the first case holds it now: this one is forgotten, and taken
           * in again under another number */
          g_assert_false (peygir_bulk_set_registration (bulk, 1405, 125, &error));
          g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_EXISTS);
          g_clear_error (&error);
          g_assert_nonnull (peygir_bulk_take_in (bulk, "expert", draft, at, NULL, &error));
          g_assert_true (peygir_bulk_set_registration (bulk, 1404, 7, &error));
        }
      g_assert_no_error (error);
      request.action = PEYGIR_ACTION_REVIEW;
      request.actor_login = "expert";
      request.at = at + 60;
      g_assert_nonnull (peygir_bulk_act (bulk, &request, &error));
      request.action = PEYGIR_ACTION_REGISTER;
      request.actor_login = "secretary";
      request.at = at + 120;
      kase = peygir_bulk_act (bulk, &request, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (kase->registration_number, ==, i == 0 ? "1405/125" : "1404/7");
      g_assert_true (peygir_bulk_write_case (bulk, &error));
      g_assert_no_error (error);
      if (i == 0)
        {
          /* a commit between the two: the second sees the first's number */
          g_assert_true (peygir_bulk_commit (bulk, &error));
          g_assert_no_error (error);
        }
    }
  g_assert_true (peygir_bulk_commit (bulk, &error));
  g_assert_no_error (error);

  live = create_simple_case (fixture);
  g_clear_pointer (&live, peygir_case_free);
  live = review_and_register (fixture, sql_int (fixture->path, "SELECT max(id) FROM cases"));
  g_assert_cmpstr (live->registration_number, ==, "1405/126");
  g_assert_true (peygir_store_check (fixture->store, &error));
  g_assert_no_error (error);
}

/* A bulk given up leaves nothing, and the desks' own writes are counted
 * as before it (the tear-down compares the counts with the cases). */
static void
test_given_up (StoreFixture  *fixture,
               gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  PeygirBulk *bulk = peygir_store_bulk_new (fixture->store);
  gint64 at = tehran ("2026-04-20T10:00:00+03:30");
  g_autoptr(PeygirCase) live = NULL;

  for (int i = 0; i < 3; i++)
    {
      g_autoptr(PeygirCaseDraft) draft = draft_new (fixture->agency_a, "قطعی آب", "آب محله سه روز است قطع است.");

      g_assert_nonnull (peygir_bulk_take_in (bulk, "expert", draft, at, NULL, &error));
      g_assert_true (peygir_bulk_write_case (bulk, &error));
      g_assert_no_error (error);
    }
  peygir_bulk_free (bulk);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM cases"), ==, 0);
  g_assert_cmpint (count_rows (fixture, fixture_on_server (fixture) ? "SELECT count(*) FROM case_search"
                                                                   : "SELECT count(*) FROM case_fts"), ==, 0);

  live = create_simple_case (fixture);
  g_assert_cmpint (count_rows (fixture, "SELECT coalesce (sum (n), 0) FROM case_counts"), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/bulk/same-rows", test_same_rows);
  store_test_add_both ("/core/bulk/refused", test_refused);
  store_test_add_both ("/core/bulk/registration", test_registration);
  store_test_add_both ("/core/bulk/given-up", test_given_up);
  return g_test_run ();
}
