/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "test-admin-util.h"

/* On a file, six desks of fifteen actions and five contacts each; on a
 * server, twenty desks of fifty actions each (twelve cases × new, review,
 * register; thirteen contacts; one racing contact). */
#define MAX_WORKERS    20

typedef struct
{
  guint n_workers;
  guint cases_each;
  guint contacts_each;
} Load;

static const Load file_load = { 6, 5, 5 };
static const Load server_load = { 20, 12, 13 };
static const Load *load = &file_load;

typedef struct
{
  AdminFixture *fixture;
  gint64        agency_id;
  gint64        shared_case;
  GPtrArray    *registrations;   /* "1405/7" */
  GString      *failures;
  const char   *expect_version;  /* of the one racing action … */
  int           status;          /* … and how it ended */
} Worker;

static char *
id_text (gint64 id)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, id);
}

static int
run (Worker      *worker,
     GBytes      *input,
     char       **out,
     const char  *first,
     ...) G_GNUC_NULL_TERMINATED;

static int
run (Worker      *worker,
     GBytes      *input,
     char       **out,
     const char  *first,
     ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *err = NULL;
  const char *arg;
  va_list ap;
  int status;

  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  status = admin_run_argv (worker->fixture->db, worker->fixture->now, input,
                           (const char * const *) args->pdata, out, &err);
  if (status != 0)
    g_string_append_printf (worker->failures, "%s %s → %d: %s",
                            (char *) args->pdata[0], (char *) args->pdata[1], status, err);
  return status;
}

static gpointer
register_cases_thread (gpointer data)
{
  Worker *worker = data;
  g_autofree char *json = admin_complaint_json (worker->agency_id, "درخواست هم‌زمان");
  g_autoptr(GBytes) input = g_bytes_new (json, strlen (json));

  for (guint i = 0; i < load->cases_each; i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *id = NULL;
      g_autoptr(JsonNode) created = NULL;
      g_autoptr(JsonNode) kase = NULL;

      if (run (worker, input, &out, "case", "new", "--as", "expert", "--json", "-", NULL) != 0)
        return NULL;
      created = admin_parse_json (out);
      id = id_text (admin_member_int (created, "id"));
      g_clear_pointer (&out, g_free);

      if (run (worker, NULL, &out, "case", "act", id, "review", "--as", "expert", NULL) != 0)
        return NULL;
      g_clear_pointer (&out, g_free);

      if (run (worker, NULL, &out, "case", "act", id, "register", "--as", "clerk", "--json", NULL) != 0)
        return NULL;
      kase = admin_parse_json (out);
      g_ptr_array_add (worker->registrations,
                       g_strdup (admin_member_string (kase, "registration_number")));
    }
  return NULL;
}

static gpointer
contact_thread (gpointer data)
{
  Worker *worker = data;
  g_autofree char *id = id_text (worker->shared_case);

  for (guint i = 0; i < load->contacts_each; i++)
    {
      g_autofree char *out = NULL;

      if (run (worker, NULL, &out, "case", "act", id, "contact", "--as", "expert",
               "--channel", "phone", "--note", "تماس تلفنی با متقاضی", NULL) != 0)
        return NULL;
    }
  return NULL;
}

static gpointer
racing_contact_thread (gpointer data)
{
  Worker *worker = data;
  g_autofree char *id = id_text (worker->shared_case);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) kase = NULL;
  const char *version = worker->expect_version;
  const char * const args[] = {
    "case", "act", id, "contact", "--as", "clerk", "--channel", "in_person",
    "--note", "مراجعه حضوری", "--expect-version", version, NULL
  };

  worker->status = admin_run_argv (worker->fixture->db, worker->fixture->now, NULL, args, &out, &err);
  if (worker->status != 0 && worker->status != 5)
    g_string_append_printf (worker->failures, "racing contact → %d: %s", worker->status, err);
  return NULL;
}

static void
run_workers (Worker       *workers,
             GThreadFunc   func)
{
  GThread *threads[MAX_WORKERS];

  for (guint i = 0; i < load->n_workers; i++)
    threads[i] = g_thread_new ("worker", func, &workers[i]);
  for (guint i = 0; i < load->n_workers; i++)
    g_thread_join (threads[i]);
  for (guint i = 0; i < load->n_workers; i++)
    {
      if (workers[i].failures->len > 0)
        g_test_message ("worker %u: %s", i, workers[i].failures->str);
      g_assert_cmpuint (workers[i].failures->len, ==, 0);
    }
}

static gint
compare_numbers (gconstpointer a,
                 gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* "1405/" of "1405/12". */
static char *
registration_year (const char *number)
{
  const char *slash;

  g_assert_nonnull (number);
  slash = strchr (number, '/');
  g_assert_nonnull (slash);
  return g_strndup (number, slash - number + 1);
}

static void
add_sequence (GArray     *numbers,
              const char *year,
              const char *number)
{
  gint64 n;

  g_assert_nonnull (number);
  g_assert_true (g_str_has_prefix (number, year));
  n = g_ascii_strtoll (number + strlen (year), NULL, 10);
  g_array_append_val (numbers, n);
}

static JsonNode *
show (AdminFixture *fixture,
      gint64        id)
{
  g_autofree char *text = id_text (id);

  return admin_json (fixture, "case", "show", text, "--json", NULL);
}

static void
test_many_processes (AdminFixture  *fixture,
                     gconstpointer  data)
{
  Worker workers[MAX_WORKERS];
  gint64 agencies[2];
  g_autofree char *json = NULL;
  g_autofree char *shared_id = NULL;
  g_autofree char *version_text = NULL;
  g_autoptr(GArray) numbers = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(JsonNode) shared = NULL;
  g_autoptr(JsonNode) all = NULL;
  g_autofree char *prefix = NULL;
  gint64 shared_case;
  gint64 version;
  guint winners = 0;
  guint losers = 0;

  load = fixture->dbname != NULL ? &server_load : &file_load;
  admin_fixture_populate (fixture, agencies);
  json = admin_complaint_json (agencies[0], "پرونده مشترک");
  shared_case = admin_new_case (fixture, json);
  shared_id = id_text (shared_case);
  g_free (admin_ok (fixture, "case", "act", shared_id, "review", "--as", "expert", NULL));
  g_free (admin_ok (fixture, "case", "act", shared_id, "register", "--as", "clerk", NULL));

  for (guint i = 0; i < load->n_workers; i++)
    {
      workers[i].fixture = fixture;
      workers[i].agency_id = agencies[i % 2];
      workers[i].shared_case = shared_case;
      workers[i].registrations = g_ptr_array_new_with_free_func (g_free);
      workers[i].failures = g_string_new (NULL);
      workers[i].expect_version = NULL;
      workers[i].status = -1;
    }

  /* Registration numbers come from one sequence, whoever asks at once. */
  run_workers (workers, register_cases_thread);
  shared = show (fixture, shared_case);
  prefix = registration_year (admin_member_string (shared, "registration_number"));
  add_sequence (numbers, prefix, admin_member_string (shared, "registration_number"));
  for (guint i = 0; i < load->n_workers; i++)
    {
      g_assert_cmpuint (workers[i].registrations->len, ==, load->cases_each);
      for (guint j = 0; j < workers[i].registrations->len; j++)
        add_sequence (numbers, prefix, g_ptr_array_index (workers[i].registrations, j));
    }
  g_array_sort (numbers, compare_numbers);
  for (guint i = 0; i < numbers->len; i++)
    g_assert_cmpint (g_array_index (numbers, gint64, i), ==, i + 1);
  all = admin_json (fixture, "case", "list", "--limit", "0", "--json", NULL);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (all)), ==, 1 + load->n_workers * load->cases_each);

  /* Many desks acting on one case at once: every action lands, none is lost. */
  version = admin_member_int (shared, "version");
  g_clear_pointer (&shared, json_node_unref);
  run_workers (workers, contact_thread);
  shared = show (fixture, shared_case);
  g_assert_cmpint (admin_member_int (shared, "version"), ==, version + load->n_workers * load->contacts_each);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (admin_member (shared, "contacts"))), ==,
                    load->n_workers * load->contacts_each);

  /* All the desks save over the same version: one wins, the others are told. */
  version = admin_member_int (shared, "version");
  version_text = id_text (version);
  for (guint i = 0; i < load->n_workers; i++)
    workers[i].expect_version = version_text;
  g_clear_pointer (&shared, json_node_unref);
  run_workers (workers, racing_contact_thread);
  for (guint i = 0; i < load->n_workers; i++)
    {
      if (workers[i].status == 0)
        winners++;
      else if (workers[i].status == 5)
        losers++;
    }
  g_assert_cmpuint (winners, ==, 1);
  g_assert_cmpuint (losers, ==, load->n_workers - 1);
  shared = show (fixture, shared_case);
  g_assert_cmpint (admin_member_int (shared, "version"), ==, version + 1);

  g_free (admin_ok (fixture, "check", NULL));

  for (guint i = 0; i < load->n_workers; i++)
    {
      g_ptr_array_unref (workers[i].registrations);
      g_string_free (workers[i].failures, TRUE);
    }
}

static guint
count_cases (AdminFixture *fixture)
{
  g_autofree char *out = admin_ok (fixture, "case", "count", NULL);

  return (guint) g_ascii_strtoull (out, NULL, 10);
}

/* Kills a demo generator: at once, mid-way through its first batch, or
 * once it has committed a batch, at a random moment in a later one. Each
 * time the file must be sound and keep every batch committed before. */
static void
test_crash_demo (AdminFixture  *fixture,
                 gconstpointer  data)
{
  const char * const demo[] = { "demo", "--cases", "1000000", "--seed", "11", NULL };
  guint cases = 0;

  g_free (admin_ok (fixture, "init", NULL));

  for (guint round = 0; round < 4; round++)
    {
      g_autoptr(GSubprocess) process = admin_spawn (fixture->db, fixture->now, demo);
      g_autofree char *out = NULL;
      guint seen = cases;
      guint after;

      if (round < 2)
        g_usleep ((round == 0 ? 50 : 500) * G_TIME_SPAN_MILLISECOND);
      else
        {
          gint64 give_up = g_get_monotonic_time () + 120 * G_TIME_SPAN_SECOND;

          while (seen == cases && g_get_monotonic_time () < give_up)
            {
              g_usleep (100 * G_TIME_SPAN_MILLISECOND);
              seen = count_cases (fixture);
            }
          g_assert_cmpuint (seen, >, cases);
          g_usleep (g_test_rand_int_range (50, 1500) * G_TIME_SPAN_MILLISECOND);
        }

      g_subprocess_force_exit (process);
      g_subprocess_wait (process, NULL, NULL);
      g_assert_false (g_subprocess_get_if_exited (process));

      out = admin_ok (fixture, "check", NULL);
      after = count_cases (fixture);
      g_test_message ("round %u: %u cases before, %u seen, %u after the kill", round, cases, seen, after);
      g_assert_cmpuint (after, >=, seen);
      cases = after;
    }
}

typedef struct
{
  AdminFixture *fixture;
  gint64        agency_id;
  GMutex        lock;          /* guards everything below */
  GSubprocess  *current;       /* the process the killer may kill */
  guint         started;       /* processes started … */
  guint         finished;      /* … and those that ran to their end */
  gint64        last_duration; /* of the latest that did, in µs */
  gboolean      stop;
  GArray       *created;       /* case ids reported done */
  GPtrArray    *tracking;      /* their tracking codes */
  GArray       *reviewed;      /* case ids whose review was reported done */
} CrashLoop;

static int
run_killable (CrashLoop           *loop,
              const char * const  *args,
              GBytes              *input,
              char               **out)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GBytes) stdout_bytes = NULL;
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  gint64 start = g_get_monotonic_time ();

  process = admin_spawn (loop->fixture->db, loop->fixture->now, args);
  g_mutex_lock (&loop->lock);
  loop->current = process;
  loop->started++;
  g_mutex_unlock (&loop->lock);

  g_subprocess_communicate (process, input != NULL ? input : empty, NULL, &stdout_bytes, NULL, NULL);
  g_subprocess_wait (process, NULL, NULL);

  g_mutex_lock (&loop->lock);
  loop->current = NULL;
  if (g_subprocess_get_if_exited (process))
    {
      loop->finished++;
      loop->last_duration = g_get_monotonic_time () - start;
    }
  g_mutex_unlock (&loop->lock);

  if (!g_subprocess_get_if_exited (process))
    return -1;
  *out = g_strndup (g_bytes_get_data (stdout_bytes, NULL), g_bytes_get_size (stdout_bytes));
  return g_subprocess_get_exit_status (process);
}

static gpointer
crash_loop_thread (gpointer data)
{
  CrashLoop *loop = data;
  g_autofree char *json = admin_complaint_json (loop->agency_id, "درخواست در حال ثبت");
  g_autoptr(GBytes) input = g_bytes_new (json, strlen (json));

  for (;;)
    {
      const char * const create[] = { "case", "new", "--as", "expert", "--json", "-", NULL };
      g_autofree char *out = NULL;
      g_autofree char *id = NULL;
      g_autoptr(JsonNode) created = NULL;
      gint64 case_id;
      gboolean stop;

      g_mutex_lock (&loop->lock);
      stop = loop->stop;
      g_mutex_unlock (&loop->lock);
      if (stop)
        break;

      if (run_killable (loop, create, input, &out) != 0)
        continue;
      created = admin_parse_json (out);
      case_id = admin_member_int (created, "id");
      g_mutex_lock (&loop->lock);
      g_array_append_val (loop->created, case_id);
      g_ptr_array_add (loop->tracking, g_strdup (admin_member_string (created, "tracking_code")));
      g_mutex_unlock (&loop->lock);

      id = g_strdup_printf ("%" G_GINT64_FORMAT, case_id);
      {
        const char * const review[] = { "case", "act", id, "review", "--as", "expert", NULL };

        g_clear_pointer (&out, g_free);
        if (run_killable (loop, review, NULL, &out) == 0)
          {
            g_mutex_lock (&loop->lock);
            g_array_append_val (loop->reviewed, case_id);
            g_mutex_unlock (&loop->lock);
          }
      }
    }
  return NULL;
}

/* Writers killed at random moments of their run: whatever was reported
 * done is there, and the file is sound. Between two kills one process runs
 * to its end, so the loop makes progress however slow the machine. */
static void
test_crash_actions (AdminFixture  *fixture,
                    gconstpointer  data)
{
  CrashLoop loop = { 0 };
  gint64 agencies[2];
  gint64 deadline;
  guint finished_at_kill = 0;
  guint killed = 0;
  guint created = 0;
  GThread *thread;

  admin_fixture_populate (fixture, agencies);
  loop.fixture = fixture;
  loop.agency_id = agencies[0];
  g_mutex_init (&loop.lock);
  loop.created = g_array_new (FALSE, FALSE, sizeof (gint64));
  loop.reviewed = g_array_new (FALSE, FALSE, sizeof (gint64));
  loop.tracking = g_ptr_array_new_with_free_func (g_free);

  thread = g_thread_new ("crash-loop", crash_loop_thread, &loop);
  deadline = g_get_monotonic_time () + 90 * G_TIME_SPAN_SECOND;
  while ((killed < 40 || created < 20) && g_get_monotonic_time () < deadline)
    {
      gint64 duration;
      guint started;
      gboolean ready;

      g_usleep (G_TIME_SPAN_MILLISECOND);
      g_mutex_lock (&loop.lock);
      ready = loop.current != NULL && loop.finished > finished_at_kill;
      started = loop.started;
      duration = loop.last_duration;
      g_mutex_unlock (&loop.lock);
      if (!ready)
        continue;

      g_usleep (g_test_rand_int_range (0, (gint32) MIN (duration * 6 / 5, G_MAXINT32 - 1) + 1));

      g_mutex_lock (&loop.lock);
      if (loop.current != NULL && loop.started == started)
        {
          g_subprocess_force_exit (loop.current);
          killed++;
          finished_at_kill = loop.finished;
        }
      created = loop.created->len;
      g_mutex_unlock (&loop.lock);
    }
  g_mutex_lock (&loop.lock);
  loop.stop = TRUE;
  g_mutex_unlock (&loop.lock);
  g_thread_join (thread);

  g_test_message ("%u killed, %u created, %u reviewed", killed, loop.created->len, loop.reviewed->len);
  g_assert_cmpuint (killed, >=, 10);
  g_assert_cmpuint (loop.created->len, >, 0);

  g_free (admin_ok (fixture, "check", NULL));
  for (guint i = 0; i < loop.created->len; i++)
    {
      g_autoptr(JsonNode) kase = show (fixture, g_array_index (loop.created, gint64, i));

      g_assert_cmpstr (admin_member_string (kase, "tracking_code"), ==,
                       g_ptr_array_index (loop.tracking, i));
    }
  for (guint i = 0; i < loop.reviewed->len; i++)
    {
      g_autoptr(JsonNode) kase = show (fixture, g_array_index (loop.reviewed, gint64, i));

      g_assert_cmpstr (admin_member_string (kase, "state"), ==, "in_review");
    }

  g_array_unref (loop.created);
  g_array_unref (loop.reviewed);
  g_ptr_array_unref (loop.tracking);
  g_mutex_clear (&loop.lock);
}

/* Another desk holds the file locked past the busy timeout: the command
 * says so and exits 6, and acts once the lock is gone. */
static void
test_busy (AdminFixture  *fixture,
           gconstpointer  data)
{
  const char *sqlite_argv[] = { "sqlite3", "-batch", fixture->db, NULL };
  const char lock[] = "BEGIN EXCLUSIVE;\nSELECT 'locked';\n";
  g_autoptr(GSubprocess) holder = NULL;
  g_autoptr(GDataInputStream) holder_out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *json = NULL;
  g_autofree char *id = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  gint64 agencies[2];

  admin_fixture_populate (fixture, agencies);
  json = admin_complaint_json (agencies[0], "پرونده قفل‌شده");
  id = id_text (admin_new_case (fixture, json));

  holder = g_subprocess_newv (sqlite_argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                              &error);
  g_assert_no_error (error);
  g_output_stream_write_all (g_subprocess_get_stdin_pipe (holder), lock, sizeof lock - 1,
                             NULL, NULL, &error);
  g_assert_no_error (error);
  holder_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (holder));
  line = g_data_input_stream_read_line_utf8 (holder_out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, "locked");

  g_assert_cmpint (admin_run (fixture, NULL, &out, &err, "case", "act", id, "review", "--as", "expert", NULL),
                   ==, 6);
  admin_assert_one_error_line (err);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_output_stream_close (g_subprocess_get_stdin_pipe (holder), NULL, &error);
  g_assert_no_error (error);
  g_subprocess_wait_check (holder, NULL, &error);
  g_assert_no_error (error);

  g_free (admin_ok (fixture, "case", "act", id, "review", "--as", "expert", NULL));
  g_free (admin_ok (fixture, "check", NULL));
}

/* Another desk only reads (its sqlite3 shell, a check, a backup) and
 * keeps its read open: a save cannot commit. With its default timeouts the
 * command gives up within the several seconds the README promises, exits
 * 6 with one line, and has saved nothing. */
static void
test_busy_reader (AdminFixture  *fixture,
                  gconstpointer  data)
{
  const char *sqlite_argv[] = { "sqlite3", "-batch", fixture->db, NULL };
  const char read[] = "BEGIN;\nSELECT count(*) FROM cases;\n";
  g_autoptr(GSubprocess) holder = NULL;
  g_autoptr(GDataInputStream) holder_out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autofree char *line = NULL;
  g_autofree char *json = NULL;
  g_autofree char *id = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  gint64 agencies[2];
  gint64 started, elapsed;
  int status;

  admin_fixture_populate (fixture, agencies);
  json = admin_complaint_json (agencies[0], "پرونده‌ای که کسی می‌خواند");
  id = id_text (admin_new_case (fixture, json));
  before = show (fixture, g_ascii_strtoll (id, NULL, 10));

  holder = g_subprocess_newv (sqlite_argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                              &error);
  g_assert_no_error (error);
  g_output_stream_write_all (g_subprocess_get_stdin_pipe (holder), read, sizeof read - 1,
                             NULL, NULL, &error);
  g_assert_no_error (error);
  holder_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (holder));
  line = g_data_input_stream_read_line_utf8 (holder_out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, "1");

  started = g_get_monotonic_time ();
  status = admin_run (fixture, NULL, &out, &err, "case", "act", id, "review", "--as", "expert", NULL);
  elapsed = g_get_monotonic_time () - started;
  g_test_message ("exit %d after %" G_GINT64_FORMAT " ms: %s", status, elapsed / 1000, err);
  g_assert_cmpint (status, ==, 6);
  admin_assert_one_error_line (err);
  g_assert_nonnull (strstr (err, "busy"));
  g_assert_cmpint (elapsed, <, 30 * G_USEC_PER_SEC);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_output_stream_close (g_subprocess_get_stdin_pipe (holder), NULL, &error);
  g_assert_no_error (error);
  g_subprocess_wait_check (holder, NULL, &error);
  g_assert_no_error (error);

  after = show (fixture, g_ascii_strtoll (id, NULL, 10));
  g_assert_cmpstr (admin_member_string (after, "state"), ==, "received");
  g_assert_cmpint (admin_member_int (after, "version"), ==, admin_member_int (before, "version"));
  g_free (admin_ok (fixture, "case", "act", id, "review", "--as", "expert", NULL));
  g_free (admin_ok (fixture, "check", NULL));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  admin_test_add_both ("/admin/concurrent/many-processes", test_many_processes);
  g_test_add ("/admin/concurrent/busy", AdminFixture, NULL,
              admin_fixture_set_up, test_busy, admin_fixture_tear_down);
  g_test_add ("/admin/concurrent/busy-reader", AdminFixture, NULL,
              admin_fixture_set_up, test_busy_reader, admin_fixture_tear_down);
  g_test_add ("/admin/crash/demo", AdminFixture, NULL,
              admin_fixture_set_up, test_crash_demo, admin_fixture_tear_down);
  g_test_add ("/admin/crash/actions", AdminFixture, NULL,
              admin_fixture_set_up, test_crash_actions, admin_fixture_tear_down);

  return g_test_run ();
}
