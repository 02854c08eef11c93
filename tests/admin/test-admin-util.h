/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Runs peygir-admin ($PEYGIR_ADMIN) the way a script would, on one database
 * file, with PEYGIR_NOW fixed for the child. */
typedef struct
{
  char *dir;     /* a fresh temporary directory */
  char *db;      /* dir/peygir.db, or a database on the test server */
  char *dbname;  /* on the server: the test's own database */
  char *now;     /* PEYGIR_NOW for the children; NULL: the real clock */
} AdminFixture;

/* With @data ADMIN_ON_SERVER, the database is on the test server. */
void      admin_fixture_set_up    (AdminFixture *fixture,
                                   gconstpointer data);
void      admin_fixture_tear_down (AdminFixture *fixture,
                                   gconstpointer data);

extern const int ADMIN_ON_SERVER[];

/* Adds @func as @path on a file and as @path/server on the test server
 * (skipped without one). */
void      admin_test_add_both     (const char    *path,
                                   void         (*func) (AdminFixture  *fixture,
                                                         gconstpointer  data));

/* Starts peygir-admin with stdin, stdout and stderr piped. */
GSubprocess *admin_spawn          (const char          *db,
                                   const char          *now,
                                   const char * const  *args);
/* The exit status, or 128 + the signal that ended the child; @stdin_data may
 * be NULL. Thread-safe. */
int       admin_run_argv          (const char  *db,
                                   const char  *now,
                                   GBytes      *stdin_data,
                                   const char * const *args,
                                   char       **out,
                                   char       **err);
int       admin_run               (AdminFixture *fixture,
                                   GBytes       *stdin_data,
                                   char        **out,
                                   char        **err,
                                   ...) G_GNUC_NULL_TERMINATED;

/* Asserts exit 0 and returns stdout. */
char     *admin_ok                (AdminFixture *fixture,
                                   ...) G_GNUC_NULL_TERMINATED;
/* Asserts exit 0 and parses stdout as JSON. */
JsonNode *admin_json              (AdminFixture *fixture,
                                   ...) G_GNUC_NULL_TERMINATED;
/* Asserts @status and exactly one line "peygir-admin: …" on stderr. */
void      admin_expect            (AdminFixture *fixture,
                                   int           status,
                                   GBytes       *stdin_data,
                                   ...) G_GNUC_NULL_TERMINATED;

/* Asserts that @err is one line "peygir-admin: …". */
void      admin_assert_one_error_line (const char *err);

JsonNode *admin_parse_json        (const char *text);
gint64    admin_member_int        (JsonNode *object, const char *name);
const char *admin_member_string   (JsonNode *object, const char *name);
gboolean  admin_member_bool       (JsonNode *object, const char *name);
JsonNode *admin_member            (JsonNode *object, const char *name);

/* A fresh database with an administrator, an expert, a manager and a
 * secretariat clerk (logins admin, expert, manager, clerk) and two agencies
 * (ids in @agency_ids). */
void      admin_fixture_populate  (AdminFixture *fixture,
                                   gint64        agency_ids[2]);

/* A valid complaint about @agency_id, as JSON. */
char     *admin_complaint_json    (gint64 agency_id,
                                   const char *subject);
gint64    admin_new_case          (AdminFixture *fixture,
                                   const char   *json);

/* Runs the sqlite3 program on @db with @sql; asserts it succeeded. */
char     *admin_sqlite3           (const char *db,
                                   const char *sql);

G_END_DECLS
