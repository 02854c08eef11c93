/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Moving an office: migrate --to copies the database into a new, empty
 * one (a server, or a file), and backup on a server writes a file that
 * opens as a Peygir database and that check --against reads. */

#include <string.h>

#include "peygir-test-util.h"
#include "test-admin-util.h"

/* An office with a case taken in, registered and referred. */
static void
set_up_office (AdminFixture *fixture)
{
  gint64 agencies[2];
  g_autofree char *json = NULL;
  g_autofree char *id = NULL;
  gint64 case_id;

  admin_fixture_populate (fixture, agencies);
  json = admin_complaint_json (agencies[0], "قطعی آب در محله");
  case_id = admin_new_case (fixture, json);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, case_id);
  g_free (admin_ok (fixture, "case", "act", id, "review", "--as", "expert", NULL));
  g_free (admin_ok (fixture, "case", "act", id, "register", "--as", "clerk", NULL));
}

/* Runs peygir-admin on @db: its status, and its stdout in @out. */
static int
run_on (AdminFixture       *fixture,
        const char         *db,
        const char * const *args,
        char              **out)
{
  g_autofree char *err = NULL;
  int status = admin_run_argv (db, fixture->now, NULL, args, out, &err);

  if (status != 0)
    g_test_message ("peygir-admin on %s: %s", db, err);
  return status;
}

static void
assert_migrates_to (AdminFixture *fixture,
                    const char   *dest)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *cases = admin_ok (fixture, "case", "list", "--limit", "0", "--json", NULL);
  g_autofree char *copied = NULL;
  const char * const list[] = { "case", "list", "--limit", "0", "--json", NULL };
  const char * const check[] = { "check", NULL };

  out = admin_ok (fixture, "migrate", "--to", dest, NULL);
  g_assert_nonnull (strstr (out, "Copied 1 cases and "));
  g_assert_cmpint (run_on (fixture, dest, check, NULL), ==, 0);
  g_assert_cmpint (run_on (fixture, dest, list, &copied), ==, 0);
  g_assert_cmpstr (copied, ==, cases);

  /* never into a database that holds cases already */
  g_assert_cmpint (admin_run (fixture, NULL, NULL, &err, "migrate", "--to", dest, NULL), ==, 2);
  admin_assert_one_error_line (err);
}

static void
test_migrate (AdminFixture  *fixture,
              gconstpointer  data)
{
  g_autofree char *file = g_build_filename (fixture->dir, "moved.db", NULL);
  g_autofree char *location = NULL;
  g_autofree char *dbname = NULL;

  set_up_office (fixture);
  admin_expect (fixture, 1, NULL, "migrate", NULL);
  assert_migrates_to (fixture, file);

  dbname = peygir_test_server_database_new (&location);
  if (dbname != NULL)
    {
      assert_migrates_to (fixture, location);
      peygir_test_server_database_drop (dbname);
    }
}

/* The nightly script's backup, on a file or a server alike. */
static void
test_backup (AdminFixture  *fixture,
             gconstpointer  data)
{
  g_autofree char *backup = g_build_filename (fixture->dir, "nightly.db", NULL);
  g_autofree char *head = g_strconcat (backup, ".head", NULL);
  g_autofree char *cases = NULL;
  g_autofree char *copied = NULL;
  const char * const list[] = { "case", "list", "--limit", "0", "--json", NULL };
  const char * const check[] = { "check", NULL };

  set_up_office (fixture);
  cases = admin_ok (fixture, "case", "list", "--limit", "0", "--json", NULL);
  /* twice: tonight's replaces last night's */
  g_free (admin_ok (fixture, "backup", backup, NULL));
  g_free (admin_ok (fixture, "backup", backup, NULL));
  g_assert_true (g_file_test (head, G_FILE_TEST_IS_REGULAR));
  g_free (admin_ok (fixture, "check", "--against", backup, NULL));

  g_assert_cmpint (run_on (fixture, backup, check, NULL), ==, 0);
  g_assert_cmpint (run_on (fixture, backup, list, &copied), ==, 0);
  g_assert_cmpstr (copied, ==, cases);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  admin_test_add_both ("/admin/migrate", test_migrate);
  admin_test_add_both ("/admin/migrate/backup", test_backup);
  return g_test_run ();
}
