/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <sqlite3.h>
#include <string.h>

#include <gio/gio.h>

#include "peygir-clock.h"
#include "peygir-demo.h"
#include "peygir-error.h"
#include "peygir-store.h"
#include "peygir-test-util.h"
#include "peygir-vfs-sim.h"

/* A share that fails or stays locked in the middle of an action: the file
 * must be as it was before the action, the error one clear sentence (CLI
 * exit 6 or 7), and a lock held elsewhere must end in "busy" within the
 * busy timeout, never in a hang nor a lost or doubled action. */

#define FAULTS_NOW   "2026-05-02T09:00:00+03:30"
#define EXIT_UNREACHABLE 6
#define EXIT_UNUSABLE    7

typedef struct
{
  char   *dir;
  char   *path;
  gint64  now;
} FaultFixture;

static void
use_share (const char *spec)
{
  g_autoptr(GError) error = NULL;

  if (spec == NULL)
    {
      g_unsetenv ("PEYGIR_VFS_SIM");
      return;
    }
  g_assert_true (peygir_vfs_sim_configure (spec, &error));
  g_assert_no_error (error);
  g_setenv ("PEYGIR_VFS_SIM", spec, TRUE);
}

static PeygirStore *
open_store (FaultFixture *fixture)
{
  g_autoptr(GError) error = NULL;
  PeygirStore *store = peygir_store_open (fixture->path, PEYGIR_STORE_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  return store;
}

static void
fixture_set_up (FaultFixture  *fixture,
                gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirStore) store = NULL;

  use_share (NULL);
  g_assert_true (peygir_clock_parse_iso8601 (FAULTS_NOW, &fixture->now));
  peygir_clock_set_now (fixture->now);
  fixture->dir = peygir_test_dir_new ();
  fixture->path = g_build_filename (fixture->dir, "peygir.db", NULL);

  store = peygir_store_open (fixture->path, PEYGIR_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_true (peygir_demo_fill (store, 60, 7, NULL, NULL, &error));
  g_assert_no_error (error);
  /* the command line acts as the login running the test, which acts for
   * the demo's users as their administrator */
  {
    g_autoptr(PeygirUser) admin =
      peygir_store_add_user (store, NULL, g_get_user_name (), "مدیر آزمون", PEYGIR_ROLE_ADMIN, &error);

    g_assert_no_error (error);
    g_assert_nonnull (admin);
  }
}

static void
fixture_tear_down (FaultFixture  *fixture,
                   gconstpointer  data G_GNUC_UNUSED)
{
  use_share (NULL);
  g_clear_pointer (&fixture->path, g_free);
  g_clear_pointer (&fixture->dir, peygir_test_dir_free);
  peygir_clock_set_now (0);
}

/* The newest case in @state. */
static gint64
find_case_in (FaultFixture *fixture,
              PeygirState   state)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirStore) store = open_store (fixture);
  g_autoptr(GPtrArray) cases = NULL;
  PeygirCaseQuery query = { 0, };

  query.states = PEYGIR_STATE_BIT (state);
  query.descending = TRUE;
  query.limit = 1;
  cases = peygir_store_list_cases (store, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cases->len, ==, 1);
  return ((PeygirCase *) g_ptr_array_index (cases, 0))->id;
}

/* What an action changes, read without the store: the case's version and
 * the audit log's length. */
typedef struct
{
  int    version;
  gint64 events;
  gint64 case_events;
} Snapshot;

static Snapshot
snapshot (FaultFixture *fixture,
          gint64        case_id)
{
  g_autofree char *sql = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  Snapshot shot = { 0, };

  g_assert_cmpint (sqlite3_open_v2 (fixture->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sql = g_strdup_printf ("SELECT (SELECT version FROM cases WHERE id = %" G_GINT64_FORMAT "),"
                         " (SELECT count(*) FROM events),"
                         " (SELECT count(*) FROM events WHERE case_id = %" G_GINT64_FORMAT ")",
                         case_id, case_id);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  shot.version = sqlite3_column_int (stmt, 0);
  shot.events = sqlite3_column_int64 (stmt, 1);
  shot.case_events = sqlite3_column_int64 (stmt, 2);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return shot;
}

static GBytes *
file_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

static void
assert_no_hot_journal (FaultFixture *fixture)
{
  g_autofree char *journal = g_strconcat (fixture->path, "-journal", NULL);

  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
}

static void
assert_check_clean (FaultFixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirStore) store = NULL;

  use_share (NULL);
  store = open_store (fixture);
  g_assert_true (peygir_store_check (store, &error));
  g_assert_no_error (error);
}

static PeygirCase *
register_case (PeygirStore  *store,
               gint64        case_id,
               GError      **error)
{
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;

  request.case_id = case_id;
  request.action = PEYGIR_ACTION_REGISTER;
  request.actor_login = "jafari";
  return peygir_store_apply_action (store, &request, error);
}

/* Fails the Nth write (or sync) of one action, for every N until the
 * action has no Nth write left and succeeds. */
static void
fail_every_step (FaultFixture *fixture,
                 const char   *fault)
{
  gint64 case_id = find_case_in (fixture, PEYGIR_STATE_IN_REVIEW);
  Snapshot before = snapshot (fixture, case_id);
  g_autoptr(GBytes) bytes_before = file_bytes (fixture->path);
  guint failures = 0;
  guint n;

  for (n = 1; n < 400; n++)
    {
      g_autofree char *spec = g_strdup_printf ("%s=%u", fault, n);
      g_autoptr(GError) error = NULL;
      g_autoptr(PeygirCase) kase = NULL;
      PeygirVfsSimCounts counts;

      use_share (spec);
      peygir_vfs_sim_reset_counts ();
      {
        g_autoptr(PeygirStore) store = open_store (fixture);

        kase = register_case (store, case_id, &error);
      }
      peygir_vfs_sim_get_counts (&counts);
      if (kase != NULL)
        {
          g_assert_no_error (error);
          g_assert_cmpuint (counts.faults, ==, 0);
          break;
        }

      /* The fault hit this action, and nothing of it stayed. */
      g_assert_cmpuint (counts.faults, ==, 1);
      g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_UNREACHABLE);
      g_assert_null (strchr (error->message, '\n'));
      failures++;
      assert_no_hot_journal (fixture);
      {
        g_autoptr(GBytes) bytes_after = file_bytes (fixture->path);
        Snapshot after = snapshot (fixture, case_id);

        g_assert_true (g_bytes_equal (bytes_before, bytes_after));
        g_assert_cmpint (after.version, ==, before.version);
        g_assert_cmpint (after.events, ==, before.events);
      }
    }

  g_test_message ("%s: the action failed at each of its %u steps, then succeeded", fault, failures);
  g_assert_cmpuint (failures, >=, 2);
  {
    Snapshot after = snapshot (fixture, case_id);

    g_assert_cmpint (after.version, ==, before.version + 1);
    g_assert_cmpint (after.events, ==, before.events + 1);
    g_assert_cmpint (after.case_events, ==, before.case_events + 1);
  }
  assert_check_clean (fixture);
}

static void
test_write_error (FaultFixture  *fixture,
                  gconstpointer  data G_GNUC_UNUSED)
{
  fail_every_step (fixture, "fail_write");
}

static void
test_sync_error (FaultFixture  *fixture,
                 gconstpointer  data G_GNUC_UNUSED)
{
  fail_every_step (fixture, "fail_sync");
}

/* Another host holds the write lock longer than our busy timeout: BUSY in
 * about the timeout; once it lets go, the same action succeeds once. */
static void
test_lock_held (FaultFixture  *fixture,
                gconstpointer  data G_GNUC_UNUSED)
{
  gint64 case_id = find_case_in (fixture, PEYGIR_STATE_IN_REVIEW);
  Snapshot before = snapshot (fixture, case_id);
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirStore) store = NULL;
  g_autoptr(PeygirCase) kase = NULL;
  PeygirVfsSimCounts counts;
  gint64 started, elapsed;

  use_share ("lock_hold_ms=2500");
  peygir_vfs_sim_reset_counts ();
  store = open_store (fixture);
  peygir_store_set_busy_timeout (store, 400);

  started = g_get_monotonic_time ();
  kase = register_case (store, case_id, &error);
  elapsed = g_get_monotonic_time () - started;
  g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_BUSY);
  g_assert_null (kase);
  g_test_message ("busy after %" G_GINT64_FORMAT " ms", elapsed / 1000);
  g_assert_cmpint (elapsed, >=, 300 * 1000);
  g_assert_cmpint (elapsed, <, 2000 * 1000);
  peygir_vfs_sim_get_counts (&counts);
  g_assert_cmpuint (counts.busy, >, 0);
  g_assert_cmpint (snapshot (fixture, case_id).version, ==, before.version);

  /* Wait for the other host to let go, then try again. */
  g_usleep (2600 * 1000 - elapsed);
  g_clear_error (&error);
  kase = register_case (store, case_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (kase);
  g_assert_cmpint (kase->version, ==, before.version + 1);
  g_clear_object (&store);

  {
    Snapshot after = snapshot (fixture, case_id);

    g_assert_cmpint (after.version, ==, before.version + 1);
    g_assert_cmpint (after.events, ==, before.events + 1);
  }
  assert_check_clean (fixture);
}

/* lock_after lets that many write transactions through before the other
 * host takes the lock; lock_shared refuses reading too, as while the other
 * host commits. */
static void
test_lock_trigger (FaultFixture  *fixture,
                   gconstpointer  data G_GNUC_UNUSED)
{
  gint64 case_id = find_case_in (fixture, PEYGIR_STATE_IN_REVIEW);
  Snapshot before = snapshot (fixture, case_id);
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirStore) store = NULL;
  g_autoptr(PeygirCase) kase = NULL;
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;
  gint64 agency_id;

  use_share ("lock_hold_ms=60000,lock_after=1,lock_shared=1");
  store = open_store (fixture);
  peygir_store_set_busy_timeout (store, 200);

  /* The first write goes through and is kept. */
  kase = register_case (store, case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kase->version, ==, before.version + 1);
  agency_id = kase->agency_id;
  g_assert_cmpint (agency_id, >, 0);
  g_clear_pointer (&kase, peygir_case_free);

  /* The second wants the write lock: the hold begins, and now even a read
   * is refused as busy. */
  request.case_id = case_id;
  request.action = PEYGIR_ACTION_REFER;
  request.actor_login = "karimi";
  request.note = "احتراماً جهت رسیدگی ارسال می‌گردد.";
  request.agency_ids = &agency_id;
  request.n_agency_ids = 1;
  kase = peygir_store_apply_action (store, &request, &error);
  g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_BUSY);
  g_assert_null (kase);
  g_clear_error (&error);
  kase = peygir_store_get_case (store, case_id, PEYGIR_CASE_DETAIL_NONE, &error);
  g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_BUSY);
  g_assert_null (kase);
  g_clear_object (&store);

  {
    Snapshot after = snapshot (fixture, case_id);

    g_assert_cmpint (after.version, ==, before.version + 1);
    g_assert_cmpint (after.events, ==, before.events + 1);
  }
}

/* Without PEYGIR_VFS_SIM the store opens its file with SQLite's own VFS:
 * the shim sees nothing. */
static void
test_no_variable_no_shim (FaultFixture  *fixture,
                          gconstpointer  data G_GNUC_UNUSED)
{
  gint64 case_id = find_case_in (fixture, PEYGIR_STATE_IN_REVIEW);
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirStore) store = NULL;
  g_autoptr(PeygirCase) kase = NULL;
  PeygirVfsSimCounts counts;

  use_share (NULL);
  peygir_vfs_sim_reset_counts ();
  store = open_store (fixture);
  kase = register_case (store, case_id, &error);
  g_assert_no_error (error);
  peygir_vfs_sim_get_counts (&counts);
  g_assert_cmpuint (counts.reads + counts.writes + counts.syncs + counts.locks + counts.opens, ==, 0);
}

/* The command line, as a script runs it, on the simulated share. */
static int
run_admin (FaultFixture  *fixture,
           const char    *share,
           char         **err,
           ...)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  const char *admin = g_getenv ("PEYGIR_ADMIN");
  const char *arg;
  va_list args;

  g_assert_nonnull (admin);
  g_ptr_array_add (argv, (char *) admin);
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, fixture->path);
  va_start (args, err);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_setenv (launcher, "PEYGIR_NOW", FAULTS_NOW, TRUE);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "en", TRUE);
  if (share != NULL)
    g_subprocess_launcher_setenv (launcher, "PEYGIR_VFS_SIM", share, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "PEYGIR_VFS_SIM");

  child = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (child, NULL, NULL, NULL, err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (child));
  return g_subprocess_get_exit_status (child);
}

static void
assert_one_error_line (const char *err)
{
  g_assert_nonnull (err);
  g_assert_true (g_str_has_prefix (err, "peygir-admin: "));
  g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
}

static void
test_cli_write_error (FaultFixture  *fixture,
                      gconstpointer  data G_GNUC_UNUSED)
{
  gint64 case_id = find_case_in (fixture, PEYGIR_STATE_RECEIVED);
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, case_id);
  Snapshot before = snapshot (fixture, case_id);
  g_autoptr(GBytes) bytes_before = file_bytes (fixture->path);
  static const char * const faults[] = { "fail_write=1", "fail_write=3", "fail_write=9", "fail_sync=1", "fail_sync=2" };

  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    {
      g_autofree char *err = NULL;
      int status = run_admin (fixture, faults[i], &err, "case", "act", id, "review", "--as", "karimi", NULL);

      g_test_message ("%s: exit %d, %s", faults[i], status, err);
      g_assert_true (status == EXIT_UNREACHABLE || status == EXIT_UNUSABLE);
      assert_one_error_line (err);
      assert_no_hot_journal (fixture);
      {
        g_autoptr(GBytes) bytes_after = file_bytes (fixture->path);

        g_assert_true (g_bytes_equal (bytes_before, bytes_after));
      }
    }

  /* The same action, once the share works again, is taken exactly once. */
  {
    g_autofree char *err = NULL;
    Snapshot after;

    g_assert_cmpint (run_admin (fixture, NULL, &err, "case", "act", id, "review", "--as", "karimi", NULL), ==, 0);
    after = snapshot (fixture, case_id);
    g_assert_cmpint (after.version, ==, before.version + 1);
    g_assert_cmpint (after.events, ==, before.events + 1);
  }
  g_assert_cmpint (run_admin (fixture, NULL, NULL, "check", NULL), ==, 0);
}

static void
test_cli_lock_held (FaultFixture  *fixture,
                    gconstpointer  data G_GNUC_UNUSED)
{
  gint64 case_id = find_case_in (fixture, PEYGIR_STATE_RECEIVED);
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, case_id);
  Snapshot before = snapshot (fixture, case_id);
  g_autofree char *err = NULL;
  gint64 started, elapsed;
  int status;

  /* Held for a minute; the command line's busy timeout is 8 s. */
  started = g_get_monotonic_time ();
  status = run_admin (fixture, "lock_hold_ms=60000", &err, "case", "act", id, "review", "--as", "karimi", NULL);
  elapsed = g_get_monotonic_time () - started;
  g_test_message ("exit %d after %" G_GINT64_FORMAT " ms: %s", status, elapsed / 1000, err);
  g_assert_cmpint (status, ==, EXIT_UNREACHABLE);
  assert_one_error_line (err);
  g_assert_nonnull (strstr (err, "busy"));
  g_assert_cmpint (elapsed, <, 20 * G_USEC_PER_SEC);
  g_assert_cmpint (snapshot (fixture, case_id).version, ==, before.version);

  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_admin (fixture, NULL, &err, "case", "act", id, "review", "--as", "karimi", NULL), ==, 0);
  {
    Snapshot after = snapshot (fixture, case_id);

    g_assert_cmpint (after.version, ==, before.version + 1);
    g_assert_cmpint (after.events, ==, before.events + 1);
  }
}

static void
test_bad_spec (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = peygir_test_dir_new ();
  g_autofree char *path = g_build_filename (dir, "peygir.db", NULL);
  g_autoptr(PeygirStore) store = NULL;

  g_assert_false (peygir_vfs_sim_configure ("read_ms=2,nonsense=1", &error));
  g_assert_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (peygir_vfs_sim_configure ("read_ms=fast", &error));
  g_assert_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);

  g_setenv ("PEYGIR_VFS_SIM", "sync_ms=x", TRUE);
  store = peygir_store_open (path, PEYGIR_STORE_OPEN_CREATE, &error);
  g_assert_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID);
  g_assert_null (store);
  g_unsetenv ("PEYGIR_VFS_SIM");
  g_clear_pointer (&dir, peygir_test_dir_free);
}

/* The counts are what a file server would see: a read transaction on a
 * warm connection reads the header again, and nothing is written. */
static void
test_counts (FaultFixture  *fixture,
             gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirStore) store = NULL;
  g_autoptr(PeygirCase) kase = NULL;
  PeygirVfsSimCounts counts;
  gint64 case_id = find_case_in (fixture, PEYGIR_STATE_IN_REVIEW);

  use_share ("");
  store = open_store (fixture);
  kase = peygir_store_get_case (store, case_id, PEYGIR_CASE_DETAIL_REFERRALS, &error);
  g_assert_no_error (error);
  g_clear_pointer (&kase, peygir_case_free);

  peygir_vfs_sim_reset_counts ();
  kase = peygir_store_get_case (store, case_id, PEYGIR_CASE_DETAIL_REFERRALS, &error);
  g_assert_no_error (error);
  peygir_vfs_sim_get_counts (&counts);
  g_assert_cmpuint (counts.db_reads, >=, 1);
  g_assert_cmpuint (counts.writes, ==, 0);
  g_assert_cmpuint (counts.syncs, ==, 0);
  g_assert_cmpuint (counts.locks, >=, 2);   /* SHARED, then unlocked */
  g_clear_pointer (&kase, peygir_case_free);

  peygir_vfs_sim_reset_counts ();
  kase = register_case (store, case_id, &error);
  g_assert_no_error (error);
  peygir_vfs_sim_get_counts (&counts);
  g_assert_cmpuint (counts.writes, >, 0);
  /* journal, database, and the journal's deletion: synchronous = FULL */
  g_assert_cmpuint (counts.syncs, >=, 2);
  g_assert_cmpuint (counts.busy, ==, 0);
  g_assert_cmpuint (counts.faults, ==, 0);
}

/* Latency is added per call, as on a slow share. */
static void
test_latency (FaultFixture  *fixture,
              gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirStore) store = NULL;
  g_autoptr(PeygirCase) kase = NULL;
  PeygirVfsSimCounts counts;
  gint64 case_id = find_case_in (fixture, PEYGIR_STATE_IN_REVIEW);
  gint64 started, elapsed;

  use_share ("sync_ms=40");
  store = open_store (fixture);
  peygir_vfs_sim_reset_counts ();
  started = g_get_monotonic_time ();
  kase = register_case (store, case_id, &error);
  elapsed = g_get_monotonic_time () - started;
  g_assert_no_error (error);
  peygir_vfs_sim_get_counts (&counts);
  g_assert_cmpint (elapsed, >=, (gint64) counts.syncs * 40 * 1000);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define FAULT_TEST(path, func) \
  g_test_add (path, FaultFixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/core/faults/bad-spec", test_bad_spec);
  FAULT_TEST ("/core/faults/counts", test_counts);
  FAULT_TEST ("/core/faults/latency", test_latency);
  FAULT_TEST ("/core/faults/write-error-leaves-file-unchanged", test_write_error);
  FAULT_TEST ("/core/faults/sync-error-leaves-file-unchanged", test_sync_error);
  FAULT_TEST ("/core/faults/lock-held-elsewhere-is-busy-then-retried", test_lock_held);
  FAULT_TEST ("/core/faults/lock-taken-after-a-trigger", test_lock_trigger);
  FAULT_TEST ("/core/faults/no-variable-no-shim", test_no_variable_no_shim);
  FAULT_TEST ("/core/faults/cli-write-error-exits-cleanly", test_cli_write_error);
  FAULT_TEST ("/core/faults/cli-lock-held-elsewhere-exits-busy", test_cli_lock_held);

  return g_test_run ();
}
