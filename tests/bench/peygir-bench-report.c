/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A year's report (issue 14: ready in ≤ 1 s at a million cases, in the app
 * and from the command line): peygir_store_get_report in process, as the
 * app's worker thread runs it; `peygir-admin report --json` as a whole
 * process; and the report's own statements in the sqlite3 program, which
 * is what SQLite alone needs for the same rows. */
#include <math.h>

#include <glib/gstdio.h>

#include "peygir-bench.h"
#include "peygir-store-private.h"  /* the check's own computation of the figures */
#include "peygir-report.h"

/* The demo's clock stands in Ordibehesht 1405 and its cases go back about
 * a year and a half: 1404 is the whole year with the most of them. */
#define REPORT_YEAR   1404
#define REPORT_TARGET "≤ 1 s"
#define REPORT_MAX_MS 1000.0

static double
in_process_ms (PeygirStore *store,
               PeygirDay    from,
               PeygirDay    to)
{
  g_autoptr(GError) error = NULL;
  gint64 started = g_get_monotonic_time ();
  g_autoptr(PeygirReport) report = peygir_store_get_report (store, from, to, &error);

  if (report == NULL)
    die ("taking the year's report", error);
  return (double) (g_get_monotonic_time () - started) / 1000.0;
}

/* The statements each read to their end in one go, over the whole
 * period, their rows thrown away. */
static char *
statements_script (PeygirDay from,
                   PeygirDay to)
{
  GString *script = g_string_new (".output /dev/null\n.parameter init\n");
  const char *sql;

  g_string_append_printf (script, ".parameter set :first %d\n.parameter set :last %d\n", from, to);
  for (guint i = 0; (sql = peygir_store_report_statement (i)) != NULL; i++)
    g_string_append_printf (script, "%s;\n", sql);
  return g_string_free (script, FALSE);
}

static double
sqlite3_ms (const char *db_path,
            const char *script_path,
            guint       runs)
{
  g_autofree char *program = g_find_program_in_path ("sqlite3");
  g_autofree char *command = NULL;
  const char *argv[] = { "/bin/sh", "-c", NULL, NULL };

  if (program == NULL)
    return NAN;
  command = g_strdup_printf ("exec '%s' -bail '%s' < '%s'", program, db_path, script_path);
  argv[2] = command;
  return median_of_runs (argv, runs);
}

void
bench_report (Bench        *bench,
              DemoDatabase *demo)
{
  g_autofree char *path = working_copy (bench, demo);
  g_autofree char *admin = g_build_filename (bench->exe_dir, "..", "..", "src", "admin", "peygir-admin", NULL);
  g_autofree char *script_path = g_build_filename (bench->work_dir, "report.sql", NULL);
  g_autofree char *script = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(PeygirStore) store = NULL;
  g_autoptr(GError) error = NULL;
  guint runs = demo->cases >= 1000000 ? MIN (bench->runs, 5) : bench->runs;
  double process_ms, admin_ms, floor_ms, verify_ms, repair_ms;
  gint64 started, differences = 0;
  PeygirDay from, to;
  char label[64];
  Row *row;

  if (!peygir_persian_months_period (REPORT_YEAR, 1, 12, &from, &to, &error))
    die ("the report's year", error);
  g_printerr ("peygir-bench: %u cases: the year's report\n", demo->cases);
  g_unsetenv ("PEYGIR_VFS_SIM");
  store = peygir_store_open (path, PEYGIR_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    die ("opening the working copy", error);
  in_process_ms (store, from, to);   /* the first run fills the page cache, as the app's first report */
  for (guint i = 0; i < runs; i++)
    {
      double ms = in_process_ms (store, from, to);

      g_array_append_val (times, ms);
    }
  process_ms = median (times);

  /* what check and check --repair (and the migration to version 6) do
   * with the figures: computed again from the history, written anew */
  started = g_get_monotonic_time ();
  if (!_peygir_store_tally_verify (store, &differences, &error))
    die ("computing the report's figures again", error);
  if (differences != 0)
    die ("the report's figures differ from the history", NULL);
  verify_ms = (double) (g_get_monotonic_time () - started) / 1000.0;
  started = g_get_monotonic_time ();
  if (!peygir_store_repair_figures (store, NULL, &error))
    die ("writing the report's figures anew", error);
  repair_ms = (double) (g_get_monotonic_time () - started) / 1000.0;
  g_clear_object (&store);

  /* the command line: a whole process, the clock as the fill's */
  from_text = peygir_day_to_iso (from);
  to_text = peygir_day_to_iso (to);
  g_setenv ("PEYGIR_NOW", BENCH_NOW, TRUE);
  {
    const char *argv[] = { admin, "--db", path, "report", "--from", from_text, "--to", to_text, "--json", NULL };

    admin_ms = median_of_runs (argv, runs);
  }
  g_unsetenv ("PEYGIR_NOW");

  script = statements_script (from, to);
  if (!g_file_set_contents (script_path, script, -1, &error))
    die ("writing the report's statements", error);
  floor_ms = sqlite3_ms (path, script_path, runs);

  g_snprintf (label, sizeof label, "a year's report (%d), in process", REPORT_YEAR);
  row = add_row (bench, "report", demo->cases, label, process_ms, "ms");
  row_set_reference (row, "sqlite3 program", floor_ms);
  row_set_target (row, REPORT_TARGET, process_ms <= REPORT_MAX_MS);
  row_set_note (row, "the report's statements, each read whole in the sqlite3 program beside it");

  g_snprintf (label, sizeof label, "a year's report (%d), peygir-admin report --json", REPORT_YEAR);
  row = add_row (bench, "report", demo->cases, label, admin_ms, "ms");
  row_set_reference (row, "sqlite3 program", floor_ms);
  row_set_target (row, REPORT_TARGET, admin_ms <= REPORT_MAX_MS);
  row_set_note (row, "a whole process: start, open, report, JSON");

  row = add_row (bench, "report", demo->cases, "the report's figures computed again from the history (check)",
                 verify_ms, "ms");
  row_set_note (row, "every case's share, a chunk of cases a read, against the figures kept");
  row = add_row (bench, "report", demo->cases, "the report's figures written anew (check --repair, the migration)",
                 repair_ms, "ms");
  row_set_note (row, "one write transaction: the desks wait meanwhile");

  g_unlink (script_path);
  g_unlink (path);
}
