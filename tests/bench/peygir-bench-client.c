/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The app opening its window (issue 15): the real program under Xvfb on a
 * copy of the demo database, quitting by itself after its first frame
 * with the inbox filled (--time-startup), as a desk of the office would
 * start it. Three ways: GTK's GL renderer on the local file; the cairo
 * renderer on the local file, for the peak memory; and the cairo
 * renderer through the simulated share at 2 ms a read, which counts the
 * database file's reads before that frame. The memory is /usr/bin/time's
 * maximum resident size. */
#include <math.h>

#include <string.h>

#include "peygir-bench.h"

/* The desk: this login, with the roles of an expert, a manager and the
 * secretariat, shown the managers' queue of referrals to approve (a few
 * thousand cases spread over the whole file at a million), as if it was
 * the one open when the app last closed. */
#define DESK_QUEUE "to-approve"
#define DESK_ROLES (PEYGIR_ROLE_EXPERT | PEYGIR_ROLE_MANAGER | PEYGIR_ROLE_SECRETARIAT)

typedef struct
{
  const char *label;
  const char *renderer;
  const char *share;     /* PEYGIR_VFS_SIM; NULL: the file as it is */
} Way;

static const Way ways[] = {
  { "GL renderer, local file", "gl", NULL },
  { "cairo renderer, local file", "cairo", NULL },
  { "cairo renderer, share 2 ms/read", "cairo", "read_ms=2" },
};

typedef struct
{
  GArray *ms;
  GArray *mb;
  GArray *reads;
} Runs;

/* The desk's settings: a key file of its own, the queue last shown in it. */
static char *
desk_config (Bench *bench)
{
  g_autofree char *dir = g_build_filename (bench->work_dir, "client-config", "glib-2.0", "settings", NULL);
  g_autofree char *keyfile = g_build_filename (dir, "keyfile", NULL);
  g_autoptr(GError) error = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    die ("making the desk's settings folder", NULL);
  if (!g_file_set_contents (keyfile, "[ir/gov/peygir]\nlast-queue='" DESK_QUEUE "'\n", -1, &error))
    die ("writing the desk's settings", error);
  return g_build_filename (bench->work_dir, "client-config", NULL);
}

static gboolean
client_run_once (Bench       *bench,
                 const char  *client,
                 const char  *db,
                 const char  *config,
                 const Way   *way,
                 Runs        *runs,
                 char       **problem)
{
  g_autofree char *schemas = g_build_filename (bench->exe_dir, "..", "..", "data", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = g_get_environ ();
  const char *argv[] = {
    "xvfb-run", "-a", "-s", "-screen 0 1280x800x24",
    "/usr/bin/time", "-f", "peak-rss-kb %M",
    client, "--db", db, "--time-startup", NULL
  };
  const char *frame, *rss, *reads;
  double ms, mb, n_reads = NAN;
  int status;

  env = g_environ_setenv (env, "GSETTINGS_SCHEMA_DIR", schemas, TRUE);
  env = g_environ_setenv (env, "GSETTINGS_BACKEND", "keyfile", TRUE);
  env = g_environ_setenv (env, "XDG_CONFIG_HOME", config, TRUE);
  env = g_environ_setenv (env, "GDK_BACKEND", "x11", TRUE);
  env = g_environ_setenv (env, "GSK_RENDERER", way->renderer, TRUE);
  if (way->share != NULL)
    env = g_environ_setenv (env, "PEYGIR_VFS_SIM", way->share, TRUE);
  else
    env = g_environ_unsetenv (env, "PEYGIR_VFS_SIM");
  if (!g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error))
    {
      *problem = g_strdup_printf ("not measured: %s", error->message);
      return FALSE;
    }
  frame = out != NULL ? strstr (out, "first filled frame: ") : NULL;
  rss = err != NULL ? strstr (err, "peak-rss-kb ") : NULL;
  reads = out != NULL ? strstr (out, "database reads to fill it: ") : NULL;
  if (frame == NULL || rss == NULL || (way->share != NULL && reads == NULL))
    {
      *problem = g_strdup ("not measured: the client did not report its first filled frame");
      return FALSE;
    }
  ms = g_ascii_strtod (frame + strlen ("first filled frame: "), NULL);
  mb = g_ascii_strtod (rss + strlen ("peak-rss-kb "), NULL) / 1024.0;
  if (reads != NULL)
    n_reads = g_ascii_strtod (reads + strlen ("database reads to fill it: "), NULL);
  g_array_append_val (runs->ms, ms);
  g_array_append_val (runs->mb, mb);
  g_array_append_val (runs->reads, n_reads);
  return TRUE;
}

static void
add_rows (Bench      *bench,
          guint       cases,
          const Way  *way,
          Runs       *runs,
          const char *problem)
{
  g_autofree char *label = NULL;
  Row *row;

  label = g_strdup_printf ("cold start to a filled inbox (Xvfb, %s)", way->label);
  row = add_row (bench, "client", cases, label, median (runs->ms), "ms");
  if (way->share != NULL)
    {
      row->reads = median (runs->reads);
      row_set_target (row, "≤ 1.5 s, ≤ 100 reads", median (runs->ms) <= 1500 && row->reads <= 100);
    }
  else
    row_set_target (row, "≤ 600 ms", median (runs->ms) <= 600);
  if (problem != NULL)
    row_set_note (row, problem);

  if (way->share != NULL)
    return;
  g_clear_pointer (&label, g_free);
  label = g_strdup_printf ("peak memory (%s)", way->label);
  row = add_row (bench, "client", cases, label, median (runs->mb), "MB");
  /* the target is the cairo renderer's; GL's is shown beside it */
  if (g_str_equal (way->renderer, "cairo"))
    row_set_target (row, "≤ 120 MB", median (runs->mb) <= 120);
  if (problem != NULL)
    row_set_note (row, problem);
}

void
bench_client (Bench        *bench,
              DemoDatabase *demo)
{
  g_autofree char *client = g_build_filename (bench->exe_dir, "..", "..", "src", "app", "peygir", NULL);
  g_autofree char *problem = NULL;
  g_autofree char *db = NULL;
  g_autofree char *config = NULL;

  if (!g_file_test (client, G_FILE_TEST_IS_EXECUTABLE))
    problem = g_strdup ("not measured: the client is not built");
  else if (g_find_program_in_path ("xvfb-run") == NULL || !g_file_test ("/usr/bin/time", G_FILE_TEST_IS_EXECUTABLE))
    problem = g_strdup ("not measured: xvfb-run or /usr/bin/time is missing");
  else
    {
      g_autoptr(PeygirStore) store = NULL;
      g_autoptr(PeygirUser) user = NULL;
      g_autoptr(GError) error = NULL;

      db = working_copy (bench, demo);
      config = desk_config (bench);
      store = peygir_store_open (db, PEYGIR_STORE_OPEN_DEFAULT, &error);
      if (store == NULL)
        die ("opening the client's copy", error);
      user = peygir_store_find_user (store, g_get_user_name (), NULL);
      if (user == NULL)
        user = peygir_store_add_user (store, NULL, g_get_user_name (), g_get_user_name (), DESK_ROLES, &error);
      if (user == NULL)
        die ("adding this login to the client's copy", error);
    }

  for (guint w = 0; w < G_N_ELEMENTS (ways); w++)
    {
      Runs runs = {
        g_array_new (FALSE, FALSE, sizeof (double)),
        g_array_new (FALSE, FALSE, sizeof (double)),
        g_array_new (FALSE, FALSE, sizeof (double)),
      };
      g_autofree char *way_problem = g_strdup (problem);

      g_printerr ("peygir-bench: %u cases: the client, %s\n", demo->cases, ways[w].label);
      for (guint i = 0; i < bench->runs + 1 && way_problem == NULL; i++)
        {
          if (!client_run_once (bench, client, db, config, &ways[w], &runs, &way_problem))
            break;
          /* the first run fills the file cache, as a desk's second start would */
          if (i == 0 && bench->runs > 1)
            {
              g_array_set_size (runs.ms, 0);
              g_array_set_size (runs.mb, 0);
              g_array_set_size (runs.reads, 0);
            }
        }
      add_rows (bench, demo->cases, &ways[w], &runs, way_problem);
      g_array_unref (runs.ms);
      g_array_unref (runs.mb);
      g_array_unref (runs.reads);
    }
}
