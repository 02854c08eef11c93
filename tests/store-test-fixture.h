/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the store's tests share: a fresh database in a fresh directory, the
 * office's people and two agencies, a fixed clock, and a look at the file
 * through sqlite3 itself. Linked into the core tests that need a store and
 * into test-letter-builder. Every function asserts: a failure ends the
 * test. */

#include <sqlite3.h>   /* sql_exec () returns its codes */
#include <string.h>

#include "peygir-clock.h"
#include "peygir-db.h"
#include "peygir-date.h"
#include "peygir-error.h"
#include "peygir-store.h"
#include "peygir-test-util.h"
#include "peygir-text.h"

G_BEGIN_DECLS

typedef struct
{
  char        *dir;
  char        *path;      /* the file, or the server database's location */
  char        *dbname;    /* on a server: the test's own database */
  PeygirStore *store;
  gint64       agency_a;
  gint64       agency_b;
  /* TRUE when the test changed the history behind the store's back: the
   * tear-down then leaves the report's figures unchecked */
  gboolean     history_edited;
} StoreFixture;

#define SERVER_VARIABLE PEYGIR_TEST_SERVER_VARIABLE

/* A Saturday in Ordibehesht 1405, with no holiday in the weeks after it. */
#define FIXTURE_NOW "2026-05-02T09:00:00+03:30"

#define FIXTURE_AGENCY_A "اداره کل آب و فاضلاب"
#define FIXTURE_AGENCY_B "شرکت توزیع برق شهرستان"

/* @iso (with its offset) as the store's clock counts. */
gint64 tehran           (const char *iso);
/* Sets the injectable clock to @iso. */
void   set_now          (const char *iso);
/* A valid national ID (کد ملی) from its first nine digits; free it. */
char  *national_id_from (const char *nine);

/* For g_test_add (): a new database at FIXTURE_NOW with "admin", "expert",
 * "manager" and "secretary", and agencies a and b; torn down with its
 * directory, and the clock set back. With @data STORE_ON_SERVER, the
 * database is on the test server. */
void fixture_set_up    (StoreFixture  *fixture,
                        gconstpointer  data);
void fixture_tear_down (StoreFixture  *fixture,
                        gconstpointer  data);

extern const int STORE_ON_SERVER[];

typedef void (*StoreTestFunc) (StoreFixture  *fixture,
                               gconstpointer  data);
/* Adds @func as @path on a file and as @path/server on the test server;
 * without one, the server's test is added as skipped. */
void store_test_add_both (const char    *path,
                          StoreTestFunc  func);
/* The same with a set-up of the test's own, which calls fixture_set_up (). */
void store_test_add_both_set_up (const char    *path,
                                 StoreTestFunc  set_up,
                                 StoreTestFunc  func);
/* Adds @func as @path on the test server only; without one, as skipped. */
void store_test_add_server (const char    *path,
                            StoreTestFunc  set_up,
                            StoreTestFunc  func);
/* TRUE when the fixture's database is on a server. */
gboolean fixture_on_server (StoreFixture *fixture);

/* A complaint about @agency_id (a request when 0) with a valid applicant. */
PeygirCaseDraft *draft_new          (gint64           agency_id,
                                     const char      *subject,
                                     const char      *description);
/* Taken in by "expert"; the new case, yours to free. */
PeygirCase      *create_case        (StoreFixture    *fixture,
                                     PeygirCaseDraft *draft);
PeygirCase      *create_simple_case (StoreFixture    *fixture);

/* Takes an action that must succeed; the case after it, yours to free. */
PeygirCase *act_request         (StoreFixture              *fixture,
                                 const PeygirActionRequest *request);
PeygirCase *act                 (StoreFixture              *fixture,
                                 gint64                     case_id,
                                 PeygirAction               action,
                                 const char                *login,
                                 const char                *note);
/* The same through @store, as another desk with its own connection would. */
PeygirCase *act_on              (PeygirStore               *store,
                                 gint64                     case_id,
                                 PeygirAction               action,
                                 const char                *login,
                                 const char                *note);
/* Takes a case through review and registration. */
PeygirCase *review_and_register (StoreFixture              *fixture,
                                 gint64                     case_id);
/* Refers a registered case to @agencies, approves and dispatches the letters. */
PeygirCase *refer_and_dispatch  (StoreFixture              *fixture,
                                 gint64                     case_id,
                                 const gint64              *agencies,
                                 guint                      n_agencies);

/* The @index-th referral of @kase, read with its referrals. */
PeygirReferral *referral_at (PeygirCase *kase,
                             guint       index);

/* One number read from the database through a connection of its own. */
gint64 sql_int      (const char   *path,
                     const char   *sql);
/* Runs @sql on the database through a connection of its own; the SQLite
 * result (on a server: SQLITE_OK, SQLITE_CONSTRAINT for a refused change,
 * else SQLITE_ERROR). */
int    sql_exec     (const char   *path,
                     const char   *sql);
/* Runs @sql behind the store's back, as someone with the file or the
 * server's owner could: the audit log's append-only triggers out of the
 * way first. */
void   tamper       (StoreFixture *fixture,
                     const char   *sql);
/* The rows of the audit chain. */
gint64 count_events (StoreFixture *fixture);
/* The id of the user @login, who must exist. */
gint64 user_id      (StoreFixture *fixture,
                     const char   *login);

G_END_DECLS
