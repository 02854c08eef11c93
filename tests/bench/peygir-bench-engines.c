/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-bench"

/* SQLite and PostgreSQL side by side (issue 11): the same demo database as
 * a local file and on a server, the same calls through the store's API —
 * the inbox's first page, a case by its tracking code, a two-word search,
 * one action — and the throughput of 20 desks writing at once, each on its
 * own connection: to the local file, to the file on the simulated share,
 * and to the server. Without a server (--server, PEYGIR_BENCH_POSTGRESQL)
 * the server's figures say so and the rest still runs. */

#include <math.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "peygir-store.h"
#include "peygir-test-util.h"

#include "peygir-bench.h"

#define SERVER_SECTION  "PostgreSQL server"
#define SQLITE_SECTION  "SQLite file"
#define N_WRITERS       20
#define QUERY_TARGET    "≤ 2× SQLite local"
#define WRITERS_TARGET  "≥ 10× SQLite on the share"
#define NO_SERVER       "no server: give one with --server or PEYGIR_BENCH_POSTGRESQL"

/* The server's side: createdb, dropdb and vacuumdb, which speak SQL so
 * that the benchmark need not. */

static PeygirStore *
open_or_die (const char *location)
{
  g_autoptr(GError) error = NULL;
  PeygirStore *store = peygir_store_open (location, PEYGIR_STORE_OPEN_DEFAULT, &error);

  if (store == NULL)
    die ("opening a database", error);
  return store;
}

/* @dbname made anew on the server (@maintenance is createdb's option
 * naming it), empty or a copy of @template (nullable). */
static void
recreate_database (const char *maintenance,
                   const char *dbname,
                   const char *template)
{
  g_autofree char *from = g_strconcat ("--template=", template != NULL ? template : "template1", NULL);

  peygir_test_run_server_tool ((const char * const []) { "dropdb", "--if-exists", "--force", maintenance, dbname,
                                                         NULL });
  peygir_test_run_server_tool ((const char * const []) { "createdb", "--strategy=file_copy", from, maintenance,
                                                         dbname, NULL });
}

/* Whether the server already holds the demo database @dbname whole, as a
 * persistent server does from an earlier run. */
static gboolean
server_has_demo (Bench      *bench,
                 const char *dbname,
                 guint       cases)
{
  g_autofree char *location = peygir_test_location_with_dbname (bench->server, dbname);
  g_autoptr(PeygirStore) store = peygir_store_open (location, PEYGIR_STORE_OPEN_DEFAULT, NULL);
  PeygirCaseQuery all = { 0, };

  return store != NULL && peygir_store_count_cases (store, &all, NULL) == cases;
}

/* The demo database on the server, copied from the cached file (one
 * transaction, then the audit chain checked) and analysed; kept there
 * under a name of its size and seed for the next run. Returns the seconds
 * the copy took, NAN if it was there already. */
static double
server_demo_database (Bench        *bench,
                      DemoDatabase *demo,
                      const char   *dbname)
{
  g_autofree char *maintenance = g_strconcat ("--maintenance-db=", bench->server, NULL);
  g_autofree char *location = peygir_test_location_with_dbname (bench->server, dbname);
  g_autofree char *analyse = g_strconcat ("--dbname=", location, NULL);
  g_autoptr(PeygirStore) file = NULL;
  g_autoptr(GError) error = NULL;
  gint64 n_cases = 0, n_events = 0;
  gint64 started;
  double seconds;

  if (server_has_demo (bench, dbname, demo->cases))
    {
      g_printerr ("peygir-bench: %u cases: reusing %s on the server\n", demo->cases, dbname);
      return NAN;
    }
  g_printerr ("peygir-bench: %u cases: copying the demo database to the server\n", demo->cases);
  recreate_database (maintenance, dbname, NULL);
  file = peygir_store_open (demo->path, PEYGIR_STORE_OPEN_READ_ONLY, &error);
  if (file == NULL)
    die ("opening the demo database", error);
  started = g_get_monotonic_time ();
  if (!peygir_store_copy_to (file, location, &n_cases, &n_events, &error))
    die ("copying the demo database to the server", error);
  seconds = elapsed_ms (started) / 1000.0;
  g_printerr ("peygir-bench: %u cases: copied %" G_GINT64_FORMAT " cases and %" G_GINT64_FORMAT
              " events in %.1f s; analysing\n", demo->cases, n_cases, n_events, seconds);
  peygir_test_run_server_tool ((const char * const []) { "vacuumdb", "--analyze-only", "--quiet", analyse, NULL });
  return seconds;
}

/* A copy of the server's demo database to measure on (actions spoil it),
 * made by the server from it as a template; NULL without a server. */
static char *
server_working_copy (Bench        *bench,
                     DemoDatabase *demo)
{
  g_autofree char *cached = g_strdup_printf ("peygir_bench_%u_seed%d", demo->cases, BENCH_SEED);
  g_autofree char *work = g_strdup_printf ("peygir_bench_work_%u", demo->cases);
  g_autofree char *maintenance = NULL;
  double seconds;
  Row *row;

  if (bench->server == NULL)
    return NULL;
  seconds = server_demo_database (bench, demo, cached);
  row = add_row (bench, SERVER_SECTION, demo->cases, "demo database copied from the file", demo->cases / seconds,
                 "cases/s");
  if (isnan (seconds))
    row_set_note (row, "kept on the server from an earlier run");
  else
    {
      g_autofree char *note = g_strdup_printf ("%.0f s, one transaction and the audit chain's check; then ANALYZE",
                                               seconds);

      row_set_note (row, note);
    }

  maintenance = g_strconcat ("--maintenance-db=", bench->server, NULL);
  recreate_database (maintenance, work, cached);
  return peygir_test_location_with_dbname (bench->server, work);
}

static void
drop_server_working_copy (Bench        *bench,
                          DemoDatabase *demo)
{
  g_autofree char *work = g_strdup_printf ("peygir_bench_work_%u", demo->cases);
  g_autofree char *maintenance = g_strconcat ("--maintenance-db=", bench->server, NULL);

  peygir_test_run_server_tool ((const char * const []) { "dropdb", "--force", maintenance, work, NULL });
}

/* The four queries, on one engine. */

typedef enum
{
  ENGINE_FIRST_PAGE,
  ENGINE_TRACKING_CODE,
  ENGINE_TWO_WORDS,
  ENGINE_ACTION,
  N_ENGINE_FIGURES,
} EngineFigure;

static const char * const engine_figure_names[N_ENGINE_FIGURES] = {
  "inbox first page: all cases",
  "case by its tracking code",
  "search by two Persian words",
  "one workflow action (register)",
};

static void
engine_figure_once (PeygirStore  *store,
                    EngineFigure  figure,
                    Samplings    *samplings,
                    guint         i)
{
  g_autoptr(GError) error = NULL;

  switch (figure)
    {
    case ENGINE_FIRST_PAGE:
      {
        PeygirCaseQuery query = queue_query (&queues[0]);

        first_page (store, &query);
        return;
      }
    case ENGINE_TRACKING_CODE:
      {
        const char *code = g_ptr_array_index (samplings->tracking_codes, i % samplings->tracking_codes->len);
        g_autoptr(PeygirCase) kase = peygir_store_find_case (store, code, PEYGIR_CASE_DETAIL_NONE, &error);

        if (kase == NULL)
          die ("finding a case by its tracking code", error);
        return;
      }
    case ENGINE_TWO_WORDS:
      {
        g_autoptr(GPtrArray) found = peygir_store_search (store, two_words[i % N_TWO_WORDS], 50, &error);

        if (found == NULL)
          die ("searching", error);
        return;
      }
    case ENGINE_ACTION:
      {
        PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;
        g_autoptr(PeygirCase) kase = NULL;

        request.case_id = g_array_index (samplings->in_review, gint64, i % samplings->in_review->len);
        request.action = PEYGIR_ACTION_REGISTER;
        request.actor_login = "jafari";
        kase = peygir_store_apply_action (store, &request, &error);
        if (kase == NULL)
          die ("registering a case", error);
        return;
      }
    case N_ENGINE_FIGURES:
    default:
      g_assert_not_reached ();
    }
}

/* The median of each figure over the runs, in @ms; the database at
 * @location, opened plainly (no simulated share). */
static void
measure_engine (Bench      *bench,
                const char *location,
                guint       cases,
                double      ms[N_ENGINE_FIGURES])
{
  guint runs = MAX (bench->runs, N_TWO_WORDS);
  g_autoptr(PeygirStore) store = open_or_die (location);
  /* each registration takes a case of its own, the warming ones too */
  Samplings samplings = sample_database (bench, store, cases, 2 * runs);

  for (guint f = 0; f < N_ENGINE_FIGURES; f++)
    {
      Samples samples;

      samples_init (&samples);
      /* a first round warms each engine's cache, as the store's figures
       * are taken on a connection in use; the second is measured */
      for (guint i = 0; i < 2 * runs && (f != ENGINE_ACTION || i < samplings.in_review->len); i++)
        {
          Probe probe;

          probe_start (&probe);
          engine_figure_once (store, f, &samplings, f == ENGINE_ACTION ? i : i % runs);
          if (i >= runs)
            probe_stop (&probe, &samples);
        }
      ms[f] = median (samples.ms);
      samples_clear (&samples);
    }
  samplings_clear (&samplings);
}

/* 20 desks writing at once. */

typedef struct
{
  PeygirStore *store;
  GRand       *rand;
  guint        cases;
  gint64       deadline;
  GArray      *to_register;    /* cases in review, shared: each taken once */
  gint        *next_register;
  GMutex      *lock;           /* the registration numbers seen */
  GHashTable  *numbers;
  guint        done;
  guint        failed;
  guint        duplicates;
  char        *first_failure;
} Writer;

static gboolean
writer_take_case (Writer *writer,
                  gint64 *case_id)
{
  gint index = g_atomic_int_add (writer->next_register, 1);

  if ((guint) index >= writer->to_register->len)
    return FALSE;
  *case_id = g_array_index (writer->to_register, gint64, index);
  return TRUE;
}

/* A desk's day, compressed: mostly contacts recorded on any case (often
 * the same cases as other desks), every fifth action a registration, whose
 * number must come out once only. */
static gpointer
writer_thread (gpointer data)
{
  Writer *writer = data;

  for (guint i = 0; g_get_monotonic_time () < writer->deadline; i++)
    {
      PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;
      g_autoptr(PeygirCase) kase = NULL;
      g_autoptr(GError) error = NULL;

      if (i % 5 == 4 && writer_take_case (writer, &request.case_id))
        {
          request.action = PEYGIR_ACTION_REGISTER;
          request.actor_login = "ghasemi";
        }
      else
        {
          request.case_id = g_rand_int_range (writer->rand, 1, (gint32) MIN (writer->cases, 2000) + 1);
          request.action = PEYGIR_ACTION_CONTACT;
          request.actor_login = "karimi";
          request.channel = PEYGIR_CHANNEL_PHONE;
          request.note = "تماس تلفنی با متقاضی";
        }
      kase = peygir_store_apply_action (writer->store, &request, &error);
      if (kase == NULL)
        {
          writer->failed++;
          if (writer->first_failure == NULL)
            writer->first_failure = g_strdup (error->message);
          continue;
        }
      writer->done++;
      if (request.action == PEYGIR_ACTION_REGISTER)
        {
          g_mutex_lock (writer->lock);
          if (!g_hash_table_add (writer->numbers, g_strdup (kase->registration_number)))
            writer->duplicates++;
          g_mutex_unlock (writer->lock);
        }
    }
  return NULL;
}

typedef struct
{
  double per_second;
  guint  done;
  guint  failed;
  guint  duplicates;
  char  *first_failure;
} Throughput;

static GArray *
cases_in_review (PeygirStore *store)
{
  PeygirCaseQuery query = { .states = PEYGIR_STATE_BIT (PEYGIR_STATE_IN_REVIEW), .limit = 20000 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = peygir_store_list_cases (store, &query, &error);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (found == NULL)
    die ("finding cases in review", error);
  for (guint i = 0; i < found->len; i++)
    g_array_append_val (ids, ((PeygirCase *) g_ptr_array_index (found, i))->id);
  return ids;
}

/* N_WRITERS threads, each with its own connection to @location, writing
 * for @seconds. The connections are opened before the clock starts. */
static Throughput
measure_writers (const char *location,
                 guint       cases,
                 double      seconds)
{
  Writer writers[N_WRITERS] = { 0, };
  GThread *threads[N_WRITERS];
  g_autoptr(GHashTable) numbers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) to_register = NULL;
  gint next_register = 0;
  GMutex lock;
  Throughput result = { 0, };
  gint64 started;

  g_mutex_init (&lock);
  for (guint w = 0; w < N_WRITERS; w++)
    {
      writers[w].store = open_or_die (location);
      writers[w].rand = g_rand_new_with_seed (BENCH_SEED + w);
      writers[w].cases = cases;
      writers[w].next_register = &next_register;
      writers[w].lock = &lock;
      writers[w].numbers = numbers;
    }
  to_register = cases_in_review (writers[0].store);
  started = g_get_monotonic_time ();
  for (guint w = 0; w < N_WRITERS; w++)
    {
      writers[w].to_register = to_register;
      writers[w].deadline = started + (gint64) (seconds * G_USEC_PER_SEC);
      threads[w] = g_thread_new ("writer", writer_thread, &writers[w]);
    }
  for (guint w = 0; w < N_WRITERS; w++)
    {
      g_thread_join (threads[w]);
      result.done += writers[w].done;
      result.failed += writers[w].failed;
      result.duplicates += writers[w].duplicates;
      if (result.first_failure == NULL)
        result.first_failure = g_steal_pointer (&writers[w].first_failure);
      g_free (writers[w].first_failure);
      g_rand_free (writers[w].rand);
      g_object_unref (writers[w].store);
    }
  result.per_second = result.done / (elapsed_ms (started) / 1000.0);
  g_mutex_clear (&lock);
  return result;
}

static Row *
add_writers_row (Bench      *bench,
                 const char *section,
                 guint       cases,
                 Throughput *throughput)
{
  Row *row = add_row (bench, section, cases, "20 desks writing at once (contacts, every fifth a registration)",
                      throughput->per_second, "actions/s");
  g_autofree char *note = g_strdup_printf ("%u actions taken, %u failed%s%s, %u duplicate registration numbers",
                                           throughput->done, throughput->failed,
                                           throughput->first_failure != NULL ? ", the first: " : "",
                                           throughput->first_failure != NULL ? throughput->first_failure : "",
                                           throughput->duplicates);

  row_set_note (row, note);
  g_clear_pointer (&throughput->first_failure, g_free);
  return row;
}

static void
bench_writers (Bench      *bench,
               guint       cases,
               const char *file,
               const char *server)
{
  double seconds = bench->quick ? 3.0 : 10.0;
  Throughput local, share;
  Row *row;

  g_printerr ("peygir-bench: %u cases: %d desks writing at once\n", cases, N_WRITERS);
  local = measure_writers (file, cases, seconds);
  add_writers_row (bench, SQLITE_SECTION ", local", cases, &local);

  g_setenv ("PEYGIR_VFS_SIM", SHARE_LATENCY, TRUE);
  set_share (SHARE_LATENCY);
  share = measure_writers (file, cases, seconds);
  set_share ("");
  g_unsetenv ("PEYGIR_VFS_SIM");
  add_writers_row (bench, SQLITE_SECTION ", " SHARE_LABEL, cases, &share);

  if (server != NULL)
    {
      Throughput on_server = measure_writers (server, cases, seconds);

      row = add_writers_row (bench, SERVER_SECTION, cases, &on_server);
      row_set_target (row, WRITERS_TARGET, row->value >= 10 * share.per_second);
    }
  else
    {
      row = add_row (bench, SERVER_SECTION, cases, "20 desks writing at once (contacts, every fifth a registration)",
                     NAN, "actions/s");
      row_set_note (row, NO_SERVER);
    }
  row_set_reference (row, "SQLite on the share", share.per_second);
}

void
bench_engines (Bench        *bench,
               DemoDatabase *demo)
{
  g_autofree char *file = working_copy (bench, demo);
  g_autofree char *server = server_working_copy (bench, demo);
  double local_ms[N_ENGINE_FIGURES];
  double server_ms[N_ENGINE_FIGURES];

  g_printerr ("peygir-bench: %u cases: SQLite and the server side by side\n", demo->cases);
  g_unsetenv ("PEYGIR_VFS_SIM");
  measure_engine (bench, file, demo->cases, local_ms);
  if (server != NULL)
    measure_engine (bench, server, demo->cases, server_ms);

  for (guint f = 0; f < N_ENGINE_FIGURES; f++)
    {
      Row *row = add_row (bench, SERVER_SECTION, demo->cases, engine_figure_names[f],
                          server != NULL ? server_ms[f] : NAN, "ms");

      row_set_reference (row, "SQLite, local file", local_ms[f]);
      if (server != NULL)
        row_set_target (row, QUERY_TARGET, row->value <= 2 * local_ms[f]);
      else
        row_set_note (row, NO_SERVER);
    }

  bench_writers (bench, demo->cases, file, server);
  if (server != NULL)
    drop_server_working_copy (bench, demo);
  g_unlink (file);
}
