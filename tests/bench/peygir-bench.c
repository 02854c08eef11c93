/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-bench"

/* Peygir's figures, measured: the store on demo databases of 10,000,
 * 100,000 and 1,000,000 cases (locally and on a simulated slow share), the
 * letters, and beside them the floors and the alternatives: the sqlite3
 * program on the same file, a bare pango + cairo program drawing the same
 * text, LibreOffice converting the same letter; and the store on SQLite
 * beside PostgreSQL (peygir-bench-engines.c). Prints a table and writes
 * the same figures as JSON. Run it with ./peygir-dev bench. */

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "peygir-clock.h"
#include "peygir-date.h"
#include "peygir-demo.h"
#include "peygir-letter-batch.h"
#include "peygir-letter-builder.h"
#include "peygir-letter-renderer.h"
#include "peygir-letter-template.h"
#include "peygir-store.h"
#include "peygir-test-util.h"
#include "peygir-text.h"
#include "peygir-vfs-sim.h"

#include "peygir-bench.h"

static void
row_free (Row *row)
{
  g_free (row->section);
  g_free (row->figure);
  g_free (row->unit);
  g_free (row->reference);
  g_free (row->target);
  g_free (row->note);
  g_free (row);
}

Row *
add_row (Bench      *bench,
         const char *section,
         guint       cases,
         const char *figure,
         double      value,
         const char *unit)
{
  Row *row = g_new0 (Row, 1);

  row->section = g_strdup (section);
  row->figure = g_strdup (figure);
  row->cases = cases;
  row->value = value;
  row->unit = g_strdup (unit);
  row->reads = NAN;
  row->syncs = NAN;
  row->reference_value = NAN;
  row->verdict = VERDICT_NONE;
  g_ptr_array_add (bench->rows, row);
  return row;
}

void
row_set_reference (Row        *row,
                   const char *reference,
                   double      value)
{
  g_free (row->reference);
  row->reference = g_strdup (reference);
  row->reference_value = value;
}

/* Sets the target's text and whether the row meets it. */
void
row_set_target (Row        *row,
                const char *target,
                gboolean    met)
{
  g_free (row->target);
  row->target = g_strdup (target);
  row->verdict = isnan (row->value) ? VERDICT_NONE : (met ? VERDICT_MET : VERDICT_MISSED);
}

void
row_set_note (Row        *row,
              const char *note)
{
  g_free (row->note);
  row->note = g_strdup (note);
}

/* Timing. */

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

double
median (GArray *values)
{
  if (values->len == 0)
    return NAN;
  g_array_sort (values, compare_doubles);
  if (values->len % 2 == 1)
    return g_array_index (values, double, values->len / 2);
  return (g_array_index (values, double, values->len / 2 - 1) + g_array_index (values, double, values->len / 2)) / 2;
}

double
elapsed_ms (gint64 since)
{
  return (double) (g_get_monotonic_time () - since) / 1000.0;
}


void
samples_init (Samples *samples)
{
  samples->ms = g_array_new (FALSE, FALSE, sizeof (double));
  samples->reads = g_array_new (FALSE, FALSE, sizeof (double));
  samples->syncs = g_array_new (FALSE, FALSE, sizeof (double));
  samples->sync_ms = g_array_new (FALSE, FALSE, sizeof (double));
}

void
samples_clear (Samples *samples)
{
  g_array_unref (samples->ms);
  g_array_unref (samples->reads);
  g_array_unref (samples->syncs);
  g_array_unref (samples->sync_ms);
}


void
probe_start (Probe *probe)
{
  peygir_vfs_sim_reset_counts ();
  probe->started = g_get_monotonic_time ();
}

void
probe_stop (Probe   *probe,
            Samples *samples)
{
  double ms = elapsed_ms (probe->started);
  PeygirVfsSimCounts counts;
  double reads, syncs, sync_ms;

  peygir_vfs_sim_get_counts (&counts);
  reads = (double) counts.db_reads;
  syncs = (double) counts.syncs;
  sync_ms = (double) counts.sync_us / 1000.0;
  g_array_append_val (samples->sync_ms, sync_ms);
  g_array_append_val (samples->ms, ms);
  g_array_append_val (samples->reads, reads);
  g_array_append_val (samples->syncs, syncs);
}

Row *
add_samples_row (Bench      *bench,
                 const char *section,
                 guint       cases,
                 const char *figure,
                 Samples    *samples)
{
  Row *row = add_row (bench, section, cases, figure, median (samples->ms), "ms");

  row->reads = median (samples->reads);
  row->syncs = median (samples->syncs);
  return row;
}

void
die (const char   *what,
     const GError *error)
{
  g_printerr ("peygir-bench: %s: %s\n", what, error != NULL ? error->message : "failed");
  exit (1);
}

/* The demo databases, cached in the build directory. */


static void
fill_progress_cb (guint    done,
                  guint    total,
                  gpointer user_data)
{
  gint64 *started = user_data;
  double seconds = (double) (g_get_monotonic_time () - *started) / G_USEC_PER_SEC;

  g_printerr ("\r  filling: %u of %u cases, %.0f cases/s   ", done, total, done / MAX (seconds, 1e-6));
}

static gboolean
read_cache_info (const char *info_path,
                 guint       cases,
                 double     *fill_seconds)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;

  if (!json_parser_load_from_file (parser, info_path, NULL))
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return FALSE;
  object = json_node_get_object (json_parser_get_root (parser));
  if (json_object_get_int_member_with_default (object, "format", 0) != CACHE_FORMAT
      || json_object_get_int_member_with_default (object, "schema", 0) > PEYGIR_SCHEMA_VERSION
      || json_object_get_int_member_with_default (object, "cases", 0) != cases
      || json_object_get_int_member_with_default (object, "seed", 0) != BENCH_SEED)
    return FALSE;
  *fill_seconds = json_object_get_double_member_with_default (object, "fill_seconds", NAN);
  return TRUE;
}

static void
write_cache_info (const char *info_path,
                  guint       cases,
                  double      fill_seconds)
{
  g_autofree char *text = g_strdup_printf ("{\"format\": %d, \"schema\": %d, \"cases\": %u, \"seed\": %d, "
                                           "\"now\": \"%s\", \"fill_seconds\": %.3f}\n",
                                           CACHE_FORMAT, PEYGIR_SCHEMA_VERSION, cases, BENCH_SEED,
                                           BENCH_NOW, fill_seconds);
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents (info_path, text, -1, &error))
    die ("writing the cache's description", error);
}

/* A cached database of an earlier schema is brought up to date once, as
 * an office's file would be (a million cases take ~25 minutes to fill
 * again); the store's backup beside it is not kept. */
static void
migrate_cached (const char *path)
{
  g_autoptr(PeygirStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *prefix = g_strconcat (base, ".backup-", NULL);
  g_autoptr(GDir) listing = NULL;
  const char *name;

  g_unsetenv ("PEYGIR_VFS_SIM");
  store = peygir_store_open (path, PEYGIR_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    die ("bringing the cached database up to date", error);
  g_clear_object (&store);
  listing = g_dir_open (dir, 0, NULL);
  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_prefix (name, prefix))
      {
        g_autofree char *backup = g_build_filename (dir, name, NULL);

        g_unlink (backup);
      }
}

/* A database of @cases demo cases: from the cache if one was built with the
 * same size and seed, else filled now (and cached). */
static DemoDatabase
demo_database (Bench *bench,
               guint  cases)
{
  g_autofree char *name = g_strdup_printf ("demo-%u-seed%d", cases, BENCH_SEED);
  g_autofree char *info_path = g_strdup_printf ("%s/%s.json", bench->cache_dir, name);
  DemoDatabase demo = { cases, NAN, g_strdup_printf ("%s/%s.db", bench->cache_dir, name) };

  if (g_file_test (demo.path, G_FILE_TEST_EXISTS)
      && read_cache_info (info_path, cases, &demo.fill_seconds))
    {
      g_printerr ("peygir-bench: %u cases: reusing %s\n", cases, demo.path);
      migrate_cached (demo.path);
      write_cache_info (info_path, cases, demo.fill_seconds);
      return demo;
    }

  {
    g_autofree char *partial = g_strconcat (demo.path, ".partial", NULL);
    g_autofree char *journal = g_strconcat (partial, "-journal", NULL);
    g_autoptr(PeygirStore) store = NULL;
    g_autoptr(GError) error = NULL;
    gint64 started;

    g_printerr ("peygir-bench: %u cases: filling %s\n", cases, demo.path);
    g_unlink (partial);
    g_unlink (journal);
    g_unsetenv ("PEYGIR_VFS_SIM");
    store = peygir_store_open (partial, PEYGIR_STORE_OPEN_CREATE, &error);
    if (store == NULL)
      die ("creating the demo database", error);
    started = g_get_monotonic_time ();
    if (!peygir_demo_fill (store, cases, BENCH_SEED, fill_progress_cb, &started, &error))
      die ("filling the demo database", error);
    demo.fill_seconds = (double) (g_get_monotonic_time () - started) / G_USEC_PER_SEC;
    g_clear_object (&store);
    g_printerr ("\n");
    if (g_rename (partial, demo.path) != 0)
      {
        g_set_error (&error, G_FILE_ERROR, g_file_error_from_errno (errno), "%s", g_strerror (errno));
        die ("moving the demo database into the cache", error);
      }
    write_cache_info (info_path, cases, demo.fill_seconds);
  }
  return demo;
}

/* Measurements spoil a database: they run on a copy. */
char *
working_copy (Bench        *bench,
              DemoDatabase *demo)
{
  g_autofree char *name = g_strdup_printf ("work-%u.db", demo->cases);
  char *path = g_build_filename (bench->work_dir, name, NULL);
  g_autoptr(GFile) source = g_file_new_for_path (demo->path);
  g_autoptr(GFile) dest = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  if (!g_file_copy (source, dest, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error))
    die ("copying the demo database", error);
  return path;
}

/* The store opened through the simulated share, so that reads and syncs
 * are counted (with no latency until asked). */
static PeygirStore *
open_counted (const char *path)
{
  g_autoptr(GError) error = NULL;
  PeygirStore *store;

  g_setenv ("PEYGIR_VFS_SIM", "", TRUE);
  store = peygir_store_open (path, PEYGIR_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    die ("opening the working copy", error);
  return store;
}

void
set_share (const char *spec)
{
  g_autoptr(GError) error = NULL;

  if (!peygir_vfs_sim_configure (spec, &error))
    die ("configuring the simulated share", error);
}


const Queue queues[] = {
  { "all cases",          0, FALSE, FALSE, FALSE },
  { "received",           PEYGIR_STATE_BIT (PEYGIR_STATE_RECEIVED), FALSE, FALSE, FALSE },
  { "in review",          PEYGIR_STATE_BIT (PEYGIR_STATE_IN_REVIEW), FALSE, FALSE, FALSE },
  { "registered",         PEYGIR_STATE_BIT (PEYGIR_STATE_REGISTERED), FALSE, FALSE, FALSE },
  { "with the manager",   PEYGIR_STATE_BIT (PEYGIR_STATE_WITH_MANAGER), FALSE, FALSE, FALSE },
  { "referred",           PEYGIR_STATE_BIT (PEYGIR_STATE_REFERRED), FALSE, FALSE, FALSE },
  { "answered",           PEYGIR_STATE_BIT (PEYGIR_STATE_ANSWERED), FALSE, FALSE, FALSE },
  { "rejected",           PEYGIR_STATE_BIT (PEYGIR_STATE_REJECTED), FALSE, FALSE, FALSE },
  { "closed",             PEYGIR_STATE_BIT (PEYGIR_STATE_CLOSED), FALSE, FALSE, FALSE },
  { "overdue",            0, TRUE, FALSE, FALSE },
  { "print queue",        0, FALSE, FALSE, TRUE },
  { "waiting for documents", 0, FALSE, TRUE, FALSE },
};

PeygirCaseQuery
queue_query (const Queue *queue)
{
  PeygirCaseQuery query = { 0, };

  query.states = queue->states;
  query.overdue_only = queue->overdue;
  query.paused_only = queue->paused;
  query.undispatched_only = queue->undispatched;
  query.sort = PEYGIR_CASE_SORT_RECEIVED;
  query.descending = TRUE;
  query.limit = 50;
  return query;
}

void
first_page (PeygirStore           *store,
            const PeygirCaseQuery *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = peygir_store_list_cases (store, query, &error);

  if (page == NULL)
    die ("reading a page of the inbox", error);
}


void
samplings_clear (Samplings *samplings)
{
  g_clear_pointer (&samplings->tracking_codes, g_ptr_array_unref);
  g_clear_pointer (&samplings->national_ids, g_ptr_array_unref);
  g_clear_pointer (&samplings->in_review, g_array_unref);
}

Samplings
sample_database (Bench       *bench,
                 PeygirStore *store,
                 guint        cases,
                 guint        n)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (BENCH_SEED + cases);
  Samplings samplings;
  PeygirCaseQuery query = { 0, };
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;

  (void) bench;
  samplings.tracking_codes = g_ptr_array_new_with_free_func (g_free);
  samplings.national_ids = g_ptr_array_new_with_free_func (g_free);
  samplings.in_review = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PeygirCase) kase = peygir_store_get_case (store, g_rand_int_range (rand, 1, (gint32) cases + 1),
                                                          PEYGIR_CASE_DETAIL_NONE, &error);

      if (kase == NULL)
        die ("sampling cases", error);
      g_ptr_array_add (samplings.tracking_codes, g_strdup (kase->tracking_code));
      g_ptr_array_add (samplings.national_ids, g_strdup (kase->applicant.national_id));
    }

  query.states = PEYGIR_STATE_BIT (PEYGIR_STATE_IN_REVIEW);
  query.sort = PEYGIR_CASE_SORT_RECEIVED;
  query.limit = n;
  found = peygir_store_list_cases (store, &query, &error);
  if (found == NULL)
    die ("finding cases in review", error);
  for (guint i = 0; i < found->len; i++)
    g_array_append_val (samplings.in_review, ((PeygirCase *) g_ptr_array_index (found, i))->id);
  return samplings;
}

/* Two words people type, that the demo's subjects and descriptions hold. */
const char * const two_words[N_TWO_WORDS] = {
  "قطعی آب", "سند مالکیت", "پرداخت مستمری", "شناسنامه نوزاد", "کارت ملی", "وام ازدواج",
  "پروانه کسب", "قبض برق", "انشعاب گاز", "بیمارستان دولتی", "حقوق بازنشستگی", "جمع‌آوری پسماند",
};

static void
search_or_die (PeygirStore *store,
               const char  *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = peygir_store_search (store, text, 50, &error);

  if (found == NULL)
    die ("searching", error);
}

typedef enum
{
  SEARCH_TRACKING,
  SEARCH_NATIONAL_ID,
  SEARCH_WORDS,
} SearchKind;

static void
measure_search (Bench       *bench,
                PeygirStore *store,
                Samplings   *samplings,
                SearchKind   kind,
                Samples     *samples)
{
  for (guint i = 0; i < bench->runs; i++)
    {
      const char *text;
      Probe probe;

      if (kind == SEARCH_TRACKING)
        text = g_ptr_array_index (samplings->tracking_codes, i % samplings->tracking_codes->len);
      else if (kind == SEARCH_NATIONAL_ID)
        text = g_ptr_array_index (samplings->national_ids, i % samplings->national_ids->len);
      else
        text = two_words[i % G_N_ELEMENTS (two_words)];
      probe_start (&probe);
      search_or_die (store, text);
      probe_stop (&probe, samples);
    }
}

/* One workflow action, registration (it numbers the case), on a new case
 * each time. */
static void
measure_action (Bench       *bench,
                PeygirStore *store,
                Samplings   *samplings,
                guint       *next_case,
                Samples     *samples)
{
  for (guint i = 0; i < bench->runs && *next_case < samplings->in_review->len; i++)
    {
      PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;
      g_autoptr(PeygirCase) kase = NULL;
      g_autoptr(GError) error = NULL;
      Probe probe;

      request.case_id = g_array_index (samplings->in_review, gint64, (*next_case)++);
      request.action = PEYGIR_ACTION_REGISTER;
      request.actor_login = "jafari";
      probe_start (&probe);
      kase = peygir_store_apply_action (store, &request, &error);
      probe_stop (&probe, samples);
      if (kase == NULL)
        die ("registering a case", error);
    }
}

/* Figures that read much of the file are slow on a slow share: they are
 * repeated only while they take less than this in all. */
#define SLOW_FIGURE_BUDGET_MS 30000.0

static void office_figures (PeygirStore *store);

static void
measure_office_figures (Bench       *bench,
                        PeygirStore *store,
                        Samples     *samples)
{
  double total = 0;

  for (guint i = 0; i < bench->runs && (i == 0 || total < SLOW_FIGURE_BUDGET_MS); i++)
    {
      Probe probe;

      probe_start (&probe);
      office_figures (store);
      probe_stop (&probe, samples);
      total += g_array_index (samples->ms, double, samples->ms->len - 1);
    }
}

static void
runs_note (Row     *row,
           Samples *samples)
{
  g_autofree char *note = g_strdup_printf ("median of %u runs", samples->ms->len);

  row_set_note (row, note);
}

/* The office chart: counts per state and the queues it marks. */
static void
office_figures (PeygirStore *store)
{
  g_autoptr(GError) error = NULL;
  gint64 counts[PEYGIR_N_STATES];
  PeygirCaseQuery overdue = { .overdue_only = TRUE };
  PeygirCaseQuery paused = { .paused_only = TRUE };
  PeygirCaseQuery undispatched = { .undispatched_only = TRUE };

  if (!peygir_store_count_by_state (store, counts, &error)
      || peygir_store_count_cases (store, &overdue, &error) < 0
      || peygir_store_count_cases (store, &paused, &error) < 0
      || peygir_store_count_cases (store, &undispatched, &error) < 0)
    die ("counting the office's figures", error);
}

/* The sqlite3 program on the same file: the floor for the store. Each query
 * runs @repeat times in one process; a process running "SELECT 1" as often
 * is subtracted, which leaves the query's own time. */
static double
sqlite3_program_ms (Bench      *bench,
                    const char *db_path,
                    const char *sql,
                    guint       repeat)
{
  g_autoptr(GArray) totals = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) bases = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *program = g_find_program_in_path ("sqlite3");

  if (program == NULL)
    return NAN;

  for (guint round = 0; round < 3; round++)
    for (guint pass = 0; pass < 2; pass++)
      {
        g_autoptr(GString) script = g_string_new (".output /dev/null\n");
        g_autoptr(GSubprocess) child = NULL;
        g_autoptr(GError) error = NULL;
        g_autoptr(GBytes) input = NULL;
        gint64 started;
        double ms;

        for (guint i = 0; i < repeat; i++)
          g_string_append_printf (script, "%s;\n", pass == 0 ? sql : "SELECT 1");
        input = g_string_free_to_bytes (g_steal_pointer (&script));
        started = g_get_monotonic_time ();
        child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                                  program, "-bail", db_path, NULL);
        if (child == NULL || !g_subprocess_communicate (child, input, NULL, NULL, NULL, &error))
          die ("running sqlite3", error);
        ms = elapsed_ms (started);
        if (!g_subprocess_get_successful (child))
          {
            g_printerr ("peygir-bench: sqlite3 refused: %s\n", sql);
            return NAN;
          }
        g_array_append_val (pass == 0 ? totals : bases, ms);
      }
  (void) bench;
  return MAX (0.0, (median (totals) - median (bases)) / repeat);
}

static char *
sql_quote (const char *text)
{
  char *quoted = sqlite3_mprintf ("%Q", text);
  char *copy = g_strdup (quoted);

  sqlite3_free (quoted);
  return copy;
}

/* The store's queries written out for the sqlite3 program. They are this
 * benchmark's own reference queries, kept equal by hand to what
 * peygir-store.c runs (its CASE_COLUMNS, the inbox's ORDER BY, the search's
 * subqueries); the store exposes no SQL, by design. */
static char *
reference_select (PeygirDay   today,
                  const char *where_and_order)
{
  return g_strdup_printf (
    "SELECT c.id, c.tracking_code, c.reg_year, c.reg_seq, c.kind, c.applicant_type, c.applicant_name,"
    " c.national_id, c.mobile, c.phone, c.address, c.postal_code, c.email, c.subject, substr (c.description, 1, 300),"
    " c.category, c.agency_id, a.name, c.channel, c.samad_code, c.linked_case_id, c.state,"
    " c.expert_id, u.name, c.received_on, c.created_at, c.registered_at, c.updated_at,"
    " c.closed_at, c.service_due, c.paused_at, c.round, c.version,"
    " EXISTS (SELECT 1 FROM referrals r WHERE r.case_id = c.id AND r.round = c.round"
    "         AND r.state = 'dispatched' AND r.due < %d)"
    " FROM cases c LEFT JOIN agencies a ON a.id = c.agency_id LEFT JOIN users u ON u.id = c.expert_id"
    " %s LIMIT 50", today, where_and_order);
}

static void
compare_with_sqlite3 (Bench      *bench,
                      Row        *row,
                      const char *db_path,
                      const char *sql)
{
  double ms = sqlite3_program_ms (bench, db_path, sql, bench->quick ? 20 : 100);

  row_set_reference (row, "sqlite3 program", ms);
}

static void
target_ms (Row        *row,
           const char *target,
           double      max_ms)
{
  row_set_target (row, target, row->value <= max_ms);
}

/* The store's figures on one database. */
static void
bench_store (Bench        *bench,
             DemoDatabase *demo)
{
  g_autofree char *path = working_copy (bench, demo);
  g_autoptr(PeygirStore) store = NULL;
  Samplings samplings;
  guint next_case = 0;
  guint cases = demo->cases;
  gboolean million = cases >= 1000000;
  double chart_reads = 0;
  char label[64];

  {
    Row *row = add_row (bench, "store", cases, "demo fill", cases / demo->fill_seconds, "cases/s");

    row_set_target (row, "≥ 20,000 cases/s", row->value >= 20000);
  }

  store = open_counted (path);
  set_share ("");
  /* twice the runs: each registration, local and on the share, takes a
   * case of its own */
  samplings = sample_database (bench, store, cases, 2 * MAX (bench->runs, 12));

  /* The first page of each queue: on a fresh connection (its page cache
   * empty, as when the client starts) and then again (the cache warm). */
  for (guint q = 0; q < G_N_ELEMENTS (queues); q++)
    {
      PeygirCaseQuery query = queue_query (&queues[q]);
      Samples warm, cold;
      Row *row;

      samples_init (&warm);
      samples_init (&cold);
      {
        g_autoptr(PeygirStore) fresh = open_counted (path);
        Probe probe;

        probe_start (&probe);
        first_page (fresh, &query);
        probe_stop (&probe, &cold);
      }
      for (guint i = 0; i < bench->runs; i++)
        {
          Probe probe;

          probe_start (&probe);
          first_page (store, &query);
          probe_stop (&probe, &warm);
        }

      g_snprintf (label, sizeof label, "inbox first page: %s, new connection", queues[q].name);
      row = add_samples_row (bench, "store", cases, label, &cold);
      if (million)
        row_set_target (row, "≤ 20 ms, ≤ 30 reads", row->value <= 20 && row->reads <= 30);
      g_snprintf (label, sizeof label, "inbox first page: %s", queues[q].name);
      row = add_samples_row (bench, "store", cases, label, &warm);
      if (million)
        row_set_target (row, "≤ 20 ms, ≤ 30 reads", row->value <= 20 && row->reads <= 30);
      if (queues[q].states == 0 && !queues[q].overdue && !queues[q].paused && !queues[q].undispatched)
        {
          g_autofree char *sql = reference_select (bench->today, "WHERE 1 ORDER BY c.received_on DESC, c.id DESC");

          compare_with_sqlite3 (bench, row, path, sql);
        }
      else if (queues[q].states == PEYGIR_STATE_BIT (PEYGIR_STATE_IN_REVIEW))
        {
          g_autofree char *sql = reference_select (bench->today,
                                                   "WHERE 1 AND c.state IN ('in_review')"
                                                   " ORDER BY c.received_on DESC, c.id DESC");

          compare_with_sqlite3 (bench, row, path, sql);
        }
      samples_clear (&warm);
      samples_clear (&cold);
    }

  /* Scrolling the whole inbox to its end, page by page as the list view
   * asks for them. */
  {
    PeygirCaseQuery query = queue_query (&queues[0]);
    g_autoptr(GError) error = NULL;
    guint pages = 0;
    guint64 reads = 0;
    Probe probe;
    Row *row;
    PeygirVfsSimCounts counts;

    probe_start (&probe);
    for (;;)
      {
        g_autoptr(GPtrArray) page = peygir_store_list_cases (store, &query, &error);
        PeygirCase *last;

        if (page == NULL)
          die ("scrolling the inbox", error);
        pages++;
        if (page->len < query.limit)
          break;
        last = g_ptr_array_index (page, page->len - 1);
        query.has_cursor = TRUE;
        query.after_key = peygir_case_sort_key (last, query.sort);
        query.after_id = last->id;
      }
    peygir_vfs_sim_get_counts (&counts);
    reads = counts.db_reads;
    row = add_row (bench, "store", cases, "inbox scrolled to the end (all pages)", elapsed_ms (probe.started), "ms");
    row->reads = (double) reads;
    {
      g_autofree char *note = g_strdup_printf ("%u pages of 50, %.3f ms and %.1f reads a page",
                                               pages, row->value / pages, (double) reads / pages);

      row_set_note (row, note);
    }
  }

  /* Searches. */
  {
    static const struct
    {
      SearchKind  kind;
      const char *label;
      const char *target;
      double      max_ms;
    } searches[] = {
      { SEARCH_TRACKING,    "search by tracking code",    "≤ 5 ms",  5 },
      { SEARCH_NATIONAL_ID, "search by national ID",      "≤ 5 ms",  5 },
      { SEARCH_WORDS,       "search by two Persian words", "≤ 50 ms", 50 },
    };

    for (guint s = 0; s < G_N_ELEMENTS (searches); s++)
      {
        Samples samples;
        Row *row;
        g_autofree char *sql = NULL;

        samples_init (&samples);
        measure_search (bench, store, &samplings, searches[s].kind, &samples);
        row = add_samples_row (bench, "store", cases, searches[s].label, &samples);
        if (million)
          target_ms (row, searches[s].target, searches[s].max_ms);

        if (searches[s].kind == SEARCH_TRACKING)
          {
            g_autofree char *code = sql_quote (g_ptr_array_index (samplings.tracking_codes, 0));
            g_autofree char *where = g_strdup_printf ("WHERE c.tracking_code = %s", code);

            sql = reference_select (bench->today, where);
          }
        else if (searches[s].kind == SEARCH_NATIONAL_ID)
          {
            g_autofree char *id = sql_quote (g_ptr_array_index (samplings.national_ids, 0));
            g_autofree char *where = g_strdup_printf ("WHERE c.id IN (SELECT id FROM cases WHERE national_id = %s"
                                                      " UNION SELECT id FROM cases WHERE samad_code = %s)"
                                                      " ORDER BY c.id DESC", id, id);

            sql = reference_select (bench->today, where);
          }
        else
          {
            g_autofree char *match = peygir_text_match_expression (two_words[0]);
            g_autofree char *quoted = sql_quote (match);
            g_autofree char *where = g_strdup_printf ("WHERE c.id IN (SELECT rowid FROM case_fts WHERE case_fts MATCH %s"
                                                      " ORDER BY rowid DESC LIMIT 50) ORDER BY c.id DESC", quoted);

            sql = reference_select (bench->today, where);
          }
        compare_with_sqlite3 (bench, row, path, sql);
        samples_clear (&samples);
      }
  }

  /* One workflow action. */
  {
    Samples samples;
    Row *row;

    samples_init (&samples);
    measure_action (bench, store, &samplings, &next_case, &samples);
    row = add_samples_row (bench, "store", cases, "one workflow action (register)", &samples);
    row_set_target (row, "≤ 10 ms, ≤ 3 syncs", row->value <= 10 && row->syncs <= 3);
    {
      g_autofree char *note = g_strdup_printf ("of which %.1f ms waiting for the disk's syncs",
                                               median (samples.sync_ms));

      row_set_note (row, note);
    }
    samples_clear (&samples);
  }

  /* The office chart. */
  {
    Samples samples;
    Row *row;

    samples_init (&samples);
    measure_office_figures (bench, store, &samples);
    row = add_samples_row (bench, "store", cases, "office chart's figures (per state, overdue, print queue, waiting)", &samples);
    runs_note (row, &samples);
    chart_reads = row->reads;
    samples_clear (&samples);
  }

  /* The same on a slow share. */
  set_share (SHARE_LATENCY);
  {
    Samples cold, warm;
    PeygirCaseQuery query = queue_query (&queues[0]);
    Row *row;

    samples_init (&cold);
    samples_init (&warm);
    for (guint i = 0; i < MIN (bench->runs, 5u); i++)
      {
        g_autoptr(PeygirStore) fresh = open_counted (path);
        Probe probe;

        probe_start (&probe);
        first_page (fresh, &query);
        probe_stop (&probe, &cold);
      }
    for (guint i = 0; i < bench->runs; i++)
      {
        Probe probe;

        probe_start (&probe);
        first_page (store, &query);
        probe_stop (&probe, &warm);
      }
    row = add_samples_row (bench, SHARE_LABEL, cases, "inbox first page: all cases, new connection", &cold);
    if (million)
      target_ms (row, "≤ 100 ms", 100);
    row = add_samples_row (bench, SHARE_LABEL, cases, "inbox first page: all cases", &warm);
    if (million)
      target_ms (row, "≤ 100 ms", 100);
    samples_clear (&cold);
    samples_clear (&warm);
  }
  {
    static const struct
    {
      SearchKind  kind;
      const char *label;
    } searches[] = {
      { SEARCH_TRACKING,    "search by tracking code" },
      { SEARCH_NATIONAL_ID, "search by national ID" },
      { SEARCH_WORDS,       "search by two Persian words" },
    };

    for (guint s = 0; s < G_N_ELEMENTS (searches); s++)
      {
        Samples samples;

        samples_init (&samples);
        measure_search (bench, store, &samplings, searches[s].kind, &samples);
        add_samples_row (bench, SHARE_LABEL, cases, searches[s].label, &samples);
        samples_clear (&samples);
      }
  }
  {
    Samples samples;

    samples_init (&samples);
    measure_action (bench, store, &samplings, &next_case, &samples);
    add_samples_row (bench, SHARE_LABEL, cases, "one workflow action (register)", &samples);
    samples_clear (&samples);
  }
  {
    Samples samples;
    Row *row;

    samples_init (&samples);
    /* Past a minute a run, one run says enough and the next size would
     * take many: then the figure is left out, with the reads that would
     * each have waited 2 ms. */
    if (chart_reads * 2.0 <= 60000.0)
      {
        measure_office_figures (bench, store, &samples);
        row = add_samples_row (bench, SHARE_LABEL, cases, "office chart's figures", &samples);
        runs_note (row, &samples);
      }
    else
      {
        g_autofree char *note = g_strdup_printf ("not run: %.0f reads at 2 ms would wait %.0f s",
                                                 chart_reads, chart_reads * 2.0 / 1000.0);

        row = add_row (bench, SHARE_LABEL, cases, "office chart's figures", NAN, "ms");
        row->reads = chart_reads;
        row_set_note (row, note);
      }
    samples_clear (&samples);
  }
  set_share ("");

  samplings_clear (&samplings);
  g_clear_object (&store);
  g_unlink (path);
}

/* Letters. */

/* What a letter is made from besides its case, as the office's letters
 * are: the store's letterhead, templates and signers (the builder's). */
typedef struct
{
  PeygirStore      *store;
  PeygirLetterhead *letterhead;
} LetterSettings;

static LetterSettings
letter_settings (PeygirStore *store)
{
  g_autoptr(GError) error = NULL;
  LetterSettings settings;

  settings.store = store;
  settings.letterhead = peygir_letterhead_new_from_store (store, &error);
  if (settings.letterhead == NULL)
    die ("reading the letterhead", error);
  return settings;
}

static void
letter_settings_clear (LetterSettings *settings)
{
  g_clear_pointer (&settings->letterhead, peygir_letterhead_free);
}

/* A case that has what a letter of @kind needs. */
static guint
kind_states (PeygirLetterKind kind)
{
  switch (kind)
    {
    case PEYGIR_LETTER_REFERRAL:
    case PEYGIR_LETTER_REMINDER:
      return PEYGIR_STATE_BIT (PEYGIR_STATE_REFERRED);
    case PEYGIR_LETTER_ANSWER:
      return PEYGIR_STATE_BIT (PEYGIR_STATE_ANSWERED);
    case PEYGIR_LETTER_RECEIPT:
    case PEYGIR_N_LETTER_KINDS:
    default:
      return 0;
    }
}

/* The referral a letter of @kind about @kase is for: its latest; 0 for
 * the kinds about the whole case. */
static gint64
letter_referral (PeygirLetterKind  kind,
                 const PeygirCase *kase)
{
  const PeygirReferral *referral;

  if ((kind != PEYGIR_LETTER_REFERRAL && kind != PEYGIR_LETTER_REMINDER)
      || kase->referrals == NULL || kase->referrals->len == 0)
    return 0;
  referral = g_ptr_array_index (kase->referrals, kase->referrals->len - 1);
  return referral->id;
}

/* The letter of @kind about @kase as the office would print it today:
 * composed by the letter builder from the store (a receipt before
 * registration, the agency's days to answer, the office's telephone…). */
static PeygirLetter *
try_compose_letter (PeygirLetterKind   kind,
                    const PeygirCase  *kase,
                    LetterSettings    *settings,
                    GError           **error)
{
  return peygir_letter_compose_from_store (settings->store, kase->id, kind, letter_referral (kind, kase), error);
}

static PeygirLetter *
compose_letter (PeygirLetterKind  kind,
                const PeygirCase *kase,
                LetterSettings   *settings)
{
  g_autoptr(GError) error = NULL;
  PeygirLetter *letter = try_compose_letter (kind, kase, settings, &error);

  if (letter == NULL)
    die ("composing a letter", error);
  /* the demo's templates are the built-in ones, which have no brace of
   * their own: one left is a field nobody filled */
  if (strchr (letter->subject, '{') != NULL || strchr (letter->body, '{') != NULL)
    {
      g_printerr ("peygir-bench: the %s letter of case %" G_GINT64_FORMAT " has an unfilled field:\n%s\n%s\n",
                  peygir_letter_kind_to_string (kind), kase->id, letter->subject, letter->body);
      exit (1);
    }
  return letter;
}

/* Up to @n cases, the latest first, that have a letter of @kind: a
 * reminder needs a referral letter sent before it. */
static GPtrArray *
cases_for_kind (PeygirStore      *store,
                PeygirLetterKind  kind,
                guint             n,
                LetterSettings   *settings)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = NULL;
  GPtrArray *cases = g_ptr_array_new_with_free_func ((GDestroyNotify) peygir_case_free);
  PeygirCaseQuery query = { 0, };

  query.states = kind_states (kind);
  query.sort = PEYGIR_CASE_SORT_RECEIVED;
  query.descending = TRUE;
  query.limit = n;
  page = peygir_store_list_cases (store, &query, &error);
  if (page == NULL)
    die ("finding cases for letters", error);
  for (guint i = 0; i < page->len; i++)
    {
      PeygirCase *listed = g_ptr_array_index (page, i);
      PeygirCase *kase = peygir_store_get_case (store, listed->id, PEYGIR_CASE_DETAIL_REFERRALS, &error);
      g_autoptr(PeygirLetter) letter = NULL;

      if (kase == NULL)
        die ("reading a case for a letter", error);
      letter = try_compose_letter (kind, kase, settings, NULL);
      if (letter == NULL)
        {
          peygir_case_free (kase);
          continue;
        }
      g_ptr_array_add (cases, kase);
    }
  return cases;
}

/* The letter's texts for the floor program and for LibreOffice. */
static void
write_letter_texts (const PeygirLetter     *letter,
                    const PeygirLetterhead *letterhead,
                    const char             *family,
                    const char             *ini_path,
                    const char             *fodt_path)
{
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *date = peygir_day_format (letter->date, PEYGIR_DATE_NUMERIC);
  g_autofree char *number_digits = peygir_text_digits_to_persian (letter->number != NULL ? letter->number : "—");
  g_autofree char *number = g_strdup_printf ("شماره: %s", number_digits);
  g_autofree char *dated = g_strdup_printf ("تاریخ: %s", date);
  const char *attachments = letter->has_attachments ? "پیوست: دارد" : "پیوست: ندارد";
  const char *head[] = { letterhead->country, letterhead->ministry, letterhead->governorate, letterhead->office };
  g_autoptr(GString) fodt = g_string_new (NULL);

  g_key_file_set_string (keys, "letter", "family", family);
  g_key_file_set_string_list (keys, "letter", "letterhead", head, G_N_ELEMENTS (head));
  g_key_file_set_string (keys, "letter", "number", number);
  g_key_file_set_string (keys, "letter", "date", dated);
  g_key_file_set_string (keys, "letter", "attachments", attachments);
  g_key_file_set_string (keys, "letter", "recipient_name", letter->recipient_name != NULL ? letter->recipient_name : "");
  g_key_file_set_string (keys, "letter", "recipient_title", letter->recipient_title != NULL ? letter->recipient_title : "");
  g_key_file_set_string (keys, "letter", "subject", letter->subject != NULL ? letter->subject : "");
  g_key_file_set_string (keys, "letter", "body", letter->body != NULL ? letter->body : "");
  g_key_file_set_string (keys, "letter", "signer_name", letter->signer_name != NULL ? letter->signer_name : "");
  g_key_file_set_string (keys, "letter", "signer_title", letter->signer_title != NULL ? letter->signer_title : "");
  if (letter->copies != NULL)
    g_key_file_set_string_list (keys, "letter", "copies", (const char * const *) letter->copies,
                                g_strv_length (letter->copies));
  if (!g_key_file_save_to_file (keys, ini_path, &error))
    die ("writing a letter's texts", error);

  /* The same letter as an office would keep it: a Writer document. */
  g_string_append_printf (fodt,
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<office:document xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
    " xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\""
    " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\""
    " xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\""
    " xmlns:svg=\"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0\""
    " office:version=\"1.3\" office:mimetype=\"application/vnd.oasis.opendocument.text\">\n"
    "<office:font-face-decls><style:font-face style:name=\"Letter\" svg:font-family=\"'%s'\"/></office:font-face-decls>\n"
    "<office:styles>\n"
    "<style:style style:name=\"Standard\" style:family=\"paragraph\">"
    "<style:paragraph-properties style:writing-mode=\"rl-tb\" fo:text-align=\"start\" fo:margin-bottom=\"0.2cm\"/>"
    "<style:text-properties style:font-name=\"Letter\" style:font-name-complex=\"Letter\" fo:font-size=\"12pt\" style:font-size-complex=\"12pt\"/>"
    "</style:style>\n"
    "<style:style style:name=\"Head\" style:family=\"paragraph\" style:parent-style-name=\"Standard\">"
    "<style:paragraph-properties fo:text-align=\"center\"/>"
    "<style:text-properties fo:font-weight=\"bold\" style:font-weight-complex=\"bold\"/></style:style>\n"
    "<style:style style:name=\"Strong\" style:family=\"paragraph\" style:parent-style-name=\"Standard\">"
    "<style:text-properties fo:font-weight=\"bold\" style:font-weight-complex=\"bold\"/></style:style>\n"
    "<style:style style:name=\"Body\" style:family=\"paragraph\" style:parent-style-name=\"Standard\">"
    "<style:paragraph-properties fo:text-align=\"justify\"/></style:style>\n"
    "<style:style style:name=\"Signature\" style:family=\"paragraph\" style:parent-style-name=\"Strong\">"
    "<style:paragraph-properties fo:text-align=\"end\"/></style:style>\n"
    "</office:styles>\n"
    "<office:automatic-styles><style:page-layout style:name=\"A4\">"
    "<style:page-layout-properties fo:page-width=\"21cm\" fo:page-height=\"29.7cm\" fo:margin=\"2cm\" style:writing-mode=\"rl-tb\"/>"
    "</style:page-layout></office:automatic-styles>\n"
    "<office:master-styles><style:master-page style:name=\"Standard\" style:page-layout-name=\"A4\"/></office:master-styles>\n"
    "<office:body><office:text>\n", family);

#define FODT_PARAGRAPH(style, text) \
  G_STMT_START { \
    g_autofree char *escaped = g_markup_escape_text ((text) != NULL ? (text) : "", -1); \
    g_string_append_printf (fodt, "<text:p text:style-name=\"%s\">%s</text:p>\n", style, escaped); \
  } G_STMT_END

  FODT_PARAGRAPH ("Head", "بسمه تعالی");
  for (guint i = 0; i < G_N_ELEMENTS (head); i++)
    FODT_PARAGRAPH ("Head", head[i]);
  FODT_PARAGRAPH ("Standard", number);
  FODT_PARAGRAPH ("Standard", dated);
  FODT_PARAGRAPH ("Standard", attachments);
  FODT_PARAGRAPH ("Strong", letter->recipient_name);
  FODT_PARAGRAPH ("Strong", letter->recipient_title);
  FODT_PARAGRAPH ("Strong", letter->subject);
  {
    g_auto(GStrv) paragraphs = g_strsplit (letter->body != NULL ? letter->body : "", "\n", -1);

    for (guint i = 0; paragraphs[i] != NULL; i++)
      FODT_PARAGRAPH ("Body", paragraphs[i]);
  }
  FODT_PARAGRAPH ("Signature", letter->signer_name);
  FODT_PARAGRAPH ("Signature", letter->signer_title);
  for (guint i = 0; letter->copies != NULL && letter->copies[i] != NULL; i++)
    FODT_PARAGRAPH ("Standard", letter->copies[i]);
#undef FODT_PARAGRAPH
  g_string_append (fodt, "</office:text></office:body></office:document>\n");

  if (!g_file_set_contents (fodt_path, fodt->str, (gssize) fodt->len, &error))
    die ("writing a letter document", error);
}

/* Runs a program to its end; its wall time in ms, NAN if it failed. */
static double
run_program_ms (const char * const *argv)
{
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  gint64 started = g_get_monotonic_time ();

  child = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  if (child == NULL || !g_subprocess_wait (child, NULL, &error))
    {
      g_printerr ("peygir-bench: %s: %s\n", argv[0], error->message);
      return NAN;
    }
  if (!g_subprocess_get_successful (child))
    {
      g_printerr ("peygir-bench: %s failed\n", argv[0]);
      return NAN;
    }
  return elapsed_ms (started);
}

double
median_of_runs (const char * const *argv,
                guint               runs)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < runs; i++)
    {
      double ms = run_program_ms (argv);

      if (isnan (ms))
        return NAN;
      g_array_append_val (times, ms);
    }
  return median (times);
}

static char *
find_soffice (void)
{
  char *path = g_find_program_in_path ("soffice");

  if (path == NULL)
    path = g_find_program_in_path ("libreoffice");
  return path;
}

/* soffice converting @files (already in @dir) to PDF, in one process, with
 * its own profile (made beforehand, so that the first run's set-up is not
 * counted). */
static double
soffice_ms (Bench      *bench,
            const char *soffice,
            GPtrArray  *files,
            guint       runs)
{
  g_autofree char *profile = g_build_filename (bench->work_dir, "libreoffice-profile", NULL);
  g_autofree char *profile_uri = g_filename_to_uri (profile, NULL, NULL);
  g_autofree char *profile_arg = g_strdup_printf ("-env:UserInstallation=%s", profile_uri);
  g_autofree char *out_dir = g_build_filename (bench->work_dir, "libreoffice-pdf", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_mkdir_with_parents (out_dir, 0700);
  g_ptr_array_add (argv, (char *) soffice);
  g_ptr_array_add (argv, profile_arg);
  g_ptr_array_add (argv, (char *) "--headless");
  g_ptr_array_add (argv, (char *) "--norestore");
  g_ptr_array_add (argv, (char *) "--convert-to");
  g_ptr_array_add (argv, (char *) "pdf");
  g_ptr_array_add (argv, (char *) "--outdir");
  g_ptr_array_add (argv, out_dir);
  for (guint i = 0; i < files->len; i++)
    g_ptr_array_add (argv, g_ptr_array_index (files, i));
  g_ptr_array_add (argv, NULL);
  return median_of_runs ((const char * const *) argv->pdata, runs);
}

/* The same 100 letters as a batch is printed: on every processor
 * (compose included, as in the batch one after the other). */
static void
bench_letter_batch_parallel (Bench            *bench,
                             PeygirLetterKind  kind,
                             GPtrArray        *cases,
                             LetterSettings   *settings,
                             const char       *letters_dir)
{
  g_autoptr(GPtrArray) letters = g_ptr_array_new_with_free_func ((GDestroyNotify) peygir_letter_free);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  const char *kind_name = peygir_letter_kind_to_string (kind);
  gint64 started = g_get_monotonic_time ();
  double ms;
  Row *row;

  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s-batch-%03u.pdf", kind_name, i);

      g_ptr_array_add (letters, compose_letter (kind, g_ptr_array_index (cases, i % cases->len), settings));
      g_ptr_array_add (paths, g_build_filename (letters_dir, name, NULL));
    }
  if (!peygir_letter_render_batch (settings->letterhead, (const PeygirLetter * const *) letters->pdata,
                                   (const char * const *) paths->pdata, letters->len, &error))
    die ("rendering a batch of letters", error);
  ms = elapsed_ms (started);
  label = g_strdup_printf ("%s letters, batch of 100 on every processor (to files)", kind_name);
  row = add_row (bench, "letters", 0, label, ms, "ms");
  row_set_target (row, "≤ 400 ms", ms <= 400);
}

static void
bench_letters (Bench        *bench,
               DemoDatabase *demo)
{
  g_autofree char *letters_dir = g_build_filename (bench->work_dir, "letters", NULL);
  g_autofree char *floor_program = g_build_filename (bench->exe_dir, "peygir-bench-pango", NULL);
  g_autofree char *self_program = g_build_filename (bench->exe_dir, "peygir-bench", NULL);
  g_autofree char *soffice = bench->quick || bench->no_libreoffice ? NULL : find_soffice ();
  g_autoptr(PeygirLetterRenderer) renderer = peygir_letter_renderer_new ();
  g_autoptr(PeygirStore) store = NULL;
  g_autoptr(GError) error = NULL;
  LetterSettings settings;
  const char *family = peygir_letter_renderer_get_font_family (renderer);
  const char *lo_note = bench->quick || bench->no_libreoffice ? "LibreOffice not asked for (--quick)"
                                                              : "LibreOffice not installed";

  g_mkdir_with_parents (letters_dir, 0700);
  g_unsetenv ("PEYGIR_VFS_SIM");
  store = peygir_store_open (demo->path, PEYGIR_STORE_OPEN_READ_ONLY, &error);
  if (store == NULL)
    die ("opening the demo database for letters", error);
  settings = letter_settings (store);

  for (PeygirLetterKind kind = 0; kind < PEYGIR_N_LETTER_KINDS; kind++)
    {
      g_autoptr(GPtrArray) cases = cases_for_kind (store, kind, 100, &settings);
      g_autoptr(GArray) one = g_array_new (FALSE, FALSE, sizeof (double));
      const char *kind_name = peygir_letter_kind_to_string (kind);
      g_autofree char *label = NULL;
      gint64 started;
      double batch_ms;
      Row *row;

      if (cases->len == 0)
        continue;

      /* One letter, in the process: compose and render. */
      for (guint i = 0; i < bench->runs; i++)
        {
          g_autoptr(PeygirLetter) letter = NULL;
          g_autoptr(GBytes) pdf = NULL;

          started = g_get_monotonic_time ();
          letter = compose_letter (kind, g_ptr_array_index (cases, i % cases->len), &settings);
          pdf = peygir_letter_renderer_render_to_bytes (renderer, settings.letterhead, letter, NULL, &error);
          if (pdf == NULL)
            die ("rendering a letter", error);
          {
            double ms = elapsed_ms (started);

            g_array_append_val (one, ms);
          }
        }
      label = g_strdup_printf ("%s letter, one (in process)", kind_name);
      add_row (bench, "letters", 0, label, median (one), "ms");

      /* A batch of 100 (fewer if the database has fewer such cases). */
      started = g_get_monotonic_time ();
      for (guint i = 0; i < 100; i++)
        {
          g_autoptr(PeygirLetter) letter = compose_letter (kind, g_ptr_array_index (cases, i % cases->len), &settings);
          g_autofree char *name = g_strdup_printf ("%s-%03u.pdf", kind_name, i);
          g_autofree char *path = g_build_filename (letters_dir, name, NULL);

          if (!peygir_letter_renderer_render_to_file (renderer, settings.letterhead, letter, path, &error))
            die ("rendering a letter", error);
        }
      batch_ms = elapsed_ms (started);
      g_clear_pointer (&label, g_free);
      label = g_strdup_printf ("%s letters, batch of 100 (to files)", kind_name);
      row = add_row (bench, "letters", 0, label, batch_ms, "ms");
      row_set_target (row, "≤ 500 ms", batch_ms <= 500);

      bench_letter_batch_parallel (bench, kind, cases, &settings, letters_dir);

      if (kind != PEYGIR_LETTER_REFERRAL)
        continue;

      /* The referral side by side: the floor and LibreOffice, on the same
       * texts, as whole processes. */
      {
        g_autoptr(GPtrArray) inis = g_ptr_array_new_with_free_func (g_free);
        g_autoptr(GPtrArray) fodts = g_ptr_array_new_with_free_func (g_free);
        PeygirCase *first = g_ptr_array_index (cases, 0);
        g_autofree char *case_id = g_strdup_printf ("%" G_GINT64_FORMAT, first->id);
        g_autofree char *referral_id = g_strdup_printf ("%" G_GINT64_FORMAT, letter_referral (kind, first));
        g_autofree char *one_pdf = g_build_filename (letters_dir, "one.pdf", NULL);
        double peygir_one, floor_one, floor_batch;

        for (guint i = 0; i < 100; i++)
          {
            g_autoptr(PeygirLetter) letter = compose_letter (kind, g_ptr_array_index (cases, i % cases->len), &settings);
            g_autofree char *ini_name = g_strdup_printf ("floor-%03u.ini", i);
            g_autofree char *fodt_name = g_strdup_printf ("office-%03u.fodt", i);
            char *ini = g_build_filename (letters_dir, ini_name, NULL);
            char *fodt = g_build_filename (letters_dir, fodt_name, NULL);

            write_letter_texts (letter, settings.letterhead, family, ini, fodt);
            g_ptr_array_add (inis, ini);
            g_ptr_array_add (fodts, fodt);
          }

        {
          const char *argv[] = { self_program, "--render-letter", "referral", "--db", demo->path,
                                 "--case", case_id, "--referral", referral_id, "--out", one_pdf, NULL };

          peygir_one = median_of_runs (argv, bench->quick ? 3 : 7);
        }
        {
          const char *argv[] = { floor_program, letters_dir, g_ptr_array_index (inis, 0), NULL };

          floor_one = median_of_runs (argv, bench->quick ? 3 : 7);
        }
        {
          g_autoptr(GPtrArray) argv = g_ptr_array_new ();

          g_ptr_array_add (argv, floor_program);
          g_ptr_array_add (argv, letters_dir);
          for (guint i = 0; i < inis->len; i++)
            g_ptr_array_add (argv, g_ptr_array_index (inis, i));
          g_ptr_array_add (argv, NULL);
          floor_batch = median_of_runs ((const char * const *) argv->pdata, 3);
        }

        row = add_row (bench, "letters", 0, "referral letter, one (whole process)", peygir_one, "ms");
        row_set_reference (row, "bare pango+cairo", floor_one);
        row_set_target (row, "≤ 1.3× pango+cairo", peygir_one <= 1.3 * floor_one);
        row = add_row (bench, "letters", 0, "referral letter, one (whole process)", peygir_one, "ms");
        if (soffice != NULL)
          {
            g_autoptr(GPtrArray) single = g_ptr_array_new ();
            double lo_one;

            g_ptr_array_add (single, g_ptr_array_index (fodts, 0));
            soffice_ms (bench, soffice, single, 1);   /* makes the profile */
            lo_one = soffice_ms (bench, soffice, single, 3);
            row_set_reference (row, "LibreOffice", lo_one);
            row_set_target (row, "≥ 30× faster than LibreOffice", peygir_one * 30 <= lo_one);
          }
        else
          {
            row_set_reference (row, "LibreOffice", NAN);
            row_set_note (row, lo_note);
          }

        row = add_row (bench, "letters", 0, "referral letters, batch of 100 (to files)", batch_ms, "ms");
        row_set_reference (row, "bare pango+cairo", floor_batch);
        row = add_row (bench, "letters", 0, "referral letters, batch of 100 (to files)", batch_ms, "ms");
        if (soffice != NULL)
          {
            double lo_batch = soffice_ms (bench, soffice, fodts, 1);

            row_set_reference (row, "LibreOffice", lo_batch);
            row_set_target (row, "≤ 500 ms (LibreOffice ≈ 7 s)", batch_ms <= 500);
          }
        else
          {
            row_set_reference (row, "LibreOffice", NAN);
            row_set_note (row, lo_note);
          }
      }
    }
  letter_settings_clear (&settings);
}

/* Output. */

/* The table is UTF-8 whatever the locale: g_print would turn Persian and
 * "≤" into question marks under C. */
G_GNUC_PRINTF (1, 2)
static void
out (const char *format,
     ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  fputs (text, stdout);
}

static char *
format_number (double value)
{
  if (isnan (value))
    return g_strdup ("—");
  if (value >= 1000)
    return g_strdup_printf ("%.0f", value);
  if (value >= 10)
    return g_strdup_printf ("%.1f", value);
  if (value >= 1)
    return g_strdup_printf ("%.2f", value);
  return g_strdup_printf ("%.3f", value);
}

static const char *
verdict_text (Verdict verdict)
{
  switch (verdict)
    {
    case VERDICT_MET:    return "met";
    case VERDICT_MISSED: return "MISSED";
    case VERDICT_NONE:
    default:             return "";
    }
}

static void
print_table (Bench *bench)
{
  out ("\n| section | cases | figure | Peygir | unit | reads/op | syncs/op | beside it | its figure | Peygir ÷ it | target | verdict | note |\n");
  out ("|---|---:|---|---:|---|---:|---:|---|---:|---:|---|---|---|\n");
  for (guint i = 0; i < bench->rows->len; i++)
    {
      Row *row = g_ptr_array_index (bench->rows, i);
      g_autofree char *value = format_number (row->value);
      g_autofree char *reads = format_number (row->reads);
      g_autofree char *syncs = format_number (row->syncs);
      g_autofree char *reference = format_number (row->reference_value);
      g_autofree char *ratio = NULL;
      g_autofree char *cases = row->cases > 0 ? g_strdup_printf ("%u", row->cases) : g_strdup ("");

      if (row->reference != NULL && !isnan (row->reference_value) && row->reference_value > 0 && !isnan (row->value))
        {
          g_autofree char *number = format_number (row->value / row->reference_value);

          ratio = g_strdup_printf ("%s×", number);
        }
      out ("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
               row->section, cases, row->figure, value, row->unit,
               isnan (row->reads) ? "" : reads, isnan (row->syncs) ? "" : syncs,
               row->reference != NULL ? row->reference : "",
               row->reference != NULL ? reference : "",
               ratio != NULL ? ratio : "",
               row->target != NULL ? row->target : "",
               verdict_text (row->verdict),
               row->note != NULL ? row->note : "");
    }
}

static void
add_number (JsonBuilder *builder,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (builder, name);
  if (isnan (value))
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, value);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value == NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, value);
}

static char *
cpu_model (void)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/cpuinfo", &text, NULL, NULL))
    return g_strdup ("unknown");
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "model name"))
      {
        const char *colon = strchr (lines[i], ':');

        if (colon != NULL)
          return g_strstrip (g_strdup (colon + 1));
      }
  return g_strdup ("unknown");
}

static gint64
memory_total_mb (void)
{
  g_autofree char *text = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/meminfo", &text, NULL, NULL))
    return 0;
  line = strstr (text, "MemTotal:");
  return line != NULL ? g_ascii_strtoll (line + strlen ("MemTotal:"), NULL, 10) / 1024 : 0;
}

static void
write_json (Bench *bench)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cpu = cpu_model ();
  g_autoptr(GDateTime) started = g_date_time_new_now_utc ();
  g_autofree char *when = g_date_time_format_iso8601 (started);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "machine");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "processors");
  json_builder_add_int_value (builder, g_get_num_processors ());
  json_builder_set_member_name (builder, "memory_mb");
  json_builder_add_int_value (builder, memory_total_mb ());
  add_string (builder, "cpu", cpu);
  add_string (builder, "sqlite", sqlite3_libversion ());
  json_builder_end_object (builder);
  add_string (builder, "written_at", when);
  add_string (builder, "demo_now", BENCH_NOW);
  json_builder_set_member_name (builder, "seed");
  json_builder_add_int_value (builder, BENCH_SEED);
  json_builder_set_member_name (builder, "runs");
  json_builder_add_int_value (builder, bench->runs);
  add_string (builder, "share_latency", SHARE_LATENCY);

  json_builder_set_member_name (builder, "rows");
  json_builder_begin_array (builder);
  for (guint i = 0; i < bench->rows->len; i++)
    {
      Row *row = g_ptr_array_index (bench->rows, i);

      json_builder_begin_object (builder);
      add_string (builder, "section", row->section);
      json_builder_set_member_name (builder, "cases");
      json_builder_add_int_value (builder, row->cases);
      add_string (builder, "figure", row->figure);
      add_number (builder, "value", row->value);
      add_string (builder, "unit", row->unit);
      add_number (builder, "reads", row->reads);
      add_number (builder, "syncs", row->syncs);
      add_string (builder, "reference", row->reference);
      add_number (builder, "reference_value", row->reference_value);
      add_number (builder, "ratio", row->reference != NULL && row->reference_value > 0
                                    ? row->value / row->reference_value : NAN);
      add_string (builder, "target", row->target);
      json_builder_set_member_name (builder, "target_met");
      if (row->verdict == VERDICT_NONE)
        json_builder_add_null_value (builder);
      else
        json_builder_add_boolean_value (builder, row->verdict == VERDICT_MET);
      add_string (builder, "note", row->note);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  if (!json_generator_to_file (generator, bench->json_path, &error))
    die ("writing the JSON", error);
  g_printerr ("peygir-bench: figures written to %s\n", bench->json_path);
}

/* --render-letter: one letter as a whole process does it, for the
 * side-by-side with the floor program and LibreOffice: what `peygir-admin
 * letter` does (the builder, from the store), rendered, not read back from
 * a kept copy. */
static int
render_one_letter (const char *kind_name,
                   const char *db_path,
                   gint64      case_id,
                   gint64      referral_id,
                   const char *out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirStore) store = NULL;
  g_autoptr(PeygirBuiltLetter) built = NULL;
  PeygirLetterKind kind;

  if (!peygir_letter_kind_from_string (kind_name, &kind))
    {
      g_printerr ("peygir-bench: unknown letter kind %s\n", kind_name);
      return 1;
    }
  store = peygir_store_open (db_path, PEYGIR_STORE_OPEN_READ_ONLY, &error);
  if (store != NULL)
    built = peygir_letter_build (store, case_id, kind, referral_id, &error);
  if (built == NULL)
    die ("making the letter", error);
  if (!built->rendered)
    {
      g_printerr ("peygir-bench: the letter was read back from its kept copy, not rendered\n");
      return 1;
    }
  if (!g_file_set_contents (out, g_bytes_get_data (built->pdf, NULL), g_bytes_get_size (built->pdf), &error))
    die ("writing the letter", error);
  return 0;
}

static gboolean
parse_sizes (const char  *text,
             Bench       *bench,
             GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  GArray *sizes = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; parts[i] != NULL; i++)
    {
      guint64 size;

      if (!g_ascii_string_to_unsigned (g_strstrip (parts[i]), 10, 100, 10000000, &size, error))
        {
          g_array_unref (sizes);
          return FALSE;
        }
      {
        guint value = (guint) size;

        g_array_append_val (sizes, value);
      }
    }
  bench->n_sizes = sizes->len;
  bench->sizes = (guint *) g_array_free (sizes, FALSE);
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *sizes_text = NULL;
  g_autofree char *render_kind = NULL;
  g_autofree char *render_db = NULL;
  g_autofree char *render_out = NULL;
  g_autofree char *exe = NULL;
  gint64 render_case = 0;
  gint64 render_referral = 0;
  gboolean report_only = FALSE;
  int runs = 15;
  Bench bench = { 0, };
  const GOptionEntry entries[] = {
    { "sizes", 0, 0, G_OPTION_ARG_STRING, &sizes_text, "Database sizes in cases (default 10000,100000,1000000)", "N,N,…" },
    { "quick", 0, 0, G_OPTION_ARG_NONE, &bench.quick, "10,000 cases only, no LibreOffice, no client", NULL },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs per figure; the median is shown (default 15)", "N" },
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &bench.json_path, "Where to write the figures (default bench.json)", "FILE" },
    { "report-only", 0, 0, G_OPTION_ARG_NONE, &report_only, "Only the year's report", NULL },
    { "no-libreoffice", 0, 0, G_OPTION_ARG_NONE, &bench.no_libreoffice, "Leave LibreOffice out", NULL },
    { "server", 0, 0, G_OPTION_ARG_STRING, &bench.server,
      "A PostgreSQL server to measure beside SQLite, as a libpq URI (default $PEYGIR_BENCH_POSTGRESQL)", "URI" },
    { "render-letter", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &render_kind, NULL, NULL },
    { "db", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &render_db, NULL, NULL },
    { "case", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT64, &render_case, NULL, NULL },
    { "referral", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT64, &render_referral, NULL, NULL },
    { "out", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &render_out, NULL, NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— Peygir's benchmarks");
  g_autoptr(GError) error = NULL;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("peygir-bench: %s\n", error->message);
      return 1;
    }

  g_assert_true (peygir_clock_parse_iso8601 (BENCH_NOW, &bench.now));
  peygir_clock_set_now (bench.now);
  bench.today = peygir_day_from_unix (bench.now);

  if (render_kind != NULL)
    {
      if (render_db == NULL || render_out == NULL || render_case <= 0)
        {
          g_printerr ("peygir-bench: --render-letter needs --db, --case and --out\n");
          return 1;
        }
      return render_one_letter (render_kind, render_db, render_case, render_referral, render_out);
    }

  if (runs < 1)
    runs = 1;
  bench.runs = (guint) runs;
  if (bench.quick)
    sizes_text = g_strdup ("10000");
  if (!parse_sizes (sizes_text != NULL ? sizes_text : "10000,100000,1000000", &bench, &error))
    {
      g_printerr ("peygir-bench: --sizes: %s\n", error->message);
      return 1;
    }
  if (bench.json_path == NULL)
    bench.json_path = g_strdup ("bench.json");
  if (bench.server == NULL && g_strcmp0 (g_getenv ("PEYGIR_BENCH_POSTGRESQL"), "") > 0)
    bench.server = g_strdup (g_getenv ("PEYGIR_BENCH_POSTGRESQL"));

  exe = g_file_read_link ("/proc/self/exe", NULL);
  bench.exe_dir = exe != NULL ? g_path_get_dirname (exe) : g_get_current_dir ();
  bench.cache_dir = g_build_filename (bench.exe_dir, "cache", NULL);
  g_mkdir_with_parents (bench.cache_dir, 0755);
  bench.work_dir = g_dir_make_tmp ("peygir-bench-XXXXXX", &error);
  if (bench.work_dir == NULL)
    die ("making a scratch directory", error);
  bench.rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);

  {
    DemoDatabase smallest = { 0, NAN, NULL };

    for (guint i = 0; i < bench.n_sizes; i++)
      {
        DemoDatabase demo = demo_database (&bench, bench.sizes[i]);

        if (report_only)
          {
            bench_report (&bench, &demo);
            g_free (demo.path);
            continue;
          }
        g_printerr ("peygir-bench: %u cases: measuring the store\n", demo.cases);
        bench_store (&bench, &demo);
        bench_import (&bench, &demo);
        bench_report (&bench, &demo);
        bench_engines (&bench, &demo);
        if (smallest.path == NULL)
          smallest = demo;
        else
          g_free (demo.path);
      }

    if (!report_only)
      {
        g_printerr ("peygir-bench: measuring the letters\n");
        bench_letters (&bench, &smallest);
      }
    if (!bench.quick && !report_only)
      {
        DemoDatabase largest = demo_database (&bench, bench.sizes[bench.n_sizes - 1]);

        bench_client (&bench, &largest);
        g_free (largest.path);
      }
    g_free (smallest.path);
  }

  print_table (&bench);
  write_json (&bench);

  /* the scratch only: letters, copies, LibreOffice's profile */
  peygir_test_dir_free (g_steal_pointer (&bench.work_dir));
  g_ptr_array_unref (bench.rows);
  g_free (bench.sizes);
  g_free (bench.exe_dir);
  g_free (bench.cache_dir);
  g_free (bench.json_path);
  g_free (bench.server);
  return 0;
}
