/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the parts of peygir-bench share: the table's rows, the samples a
 * figure is the median of, the demo databases and what is sampled from
 * them. peygir-bench.c holds the store's and the letters' figures,
 * peygir-bench-engines.c SQLite and PostgreSQL side by side,
 * peygir-bench-import.c the import's rate, peygir-bench-client.c the app's
 * start. */

#include <glib.h>

#include "peygir-date.h"
#include "peygir-store.h"

G_BEGIN_DECLS

/* Every database is filled as if today were this day, and measured so:
 * the same seed and clock give the same cases, run after run. */
#define BENCH_NOW        "2026-05-02T09:00:00+03:30"
#define BENCH_SEED       1405
#define CACHE_FORMAT     3  /* 2: cases.answer_due; 3: filled by the bulk path */
#define SHARE_LATENCY    "read_ms=2,sync_ms=10"
#define SHARE_LABEL      "share 2 ms/read 10 ms/sync"

typedef enum
{
  VERDICT_NONE = -1,
  VERDICT_MISSED = 0,
  VERDICT_MET = 1,
} Verdict;

typedef struct
{
  char    *section;
  char    *figure;
  guint    cases;
  double   value;          /* NAN: not measured */
  char    *unit;
  double   reads;          /* database reads per operation; NAN: not counted */
  double   syncs;
  char    *reference;      /* the alternative or floor beside Peygir */
  double   reference_value;
  char    *target;
  Verdict  verdict;
  char    *note;
} Row;

typedef struct
{
  /* options */
  guint        *sizes;
  guint         n_sizes;
  guint         runs;
  gboolean      quick;
  gboolean      no_libreoffice;
  char         *json_path;

  char         *exe_dir;     /* $build/tests/bench */
  char         *cache_dir;
  char         *work_dir;    /* scratch: copies, letters, scripts */
  gint64        now;
  PeygirDay     today;
  GPtrArray    *rows;
  char         *server;      /* a libpq URI to a PostgreSQL server; NULL: none */
} Bench;

/* One operation measured: time, and what the share would have seen. */
typedef struct
{
  GArray *ms;
  GArray *reads;
  GArray *syncs;
  GArray *sync_ms;     /* of the time, in the file system's syncs */
} Samples;

typedef struct
{
  gint64 started;
} Probe;

typedef struct
{
  guint  cases;
  double fill_seconds;
  char  *path;
} DemoDatabase;

/* The inbox's queues, as the client shows them. */
typedef struct
{
  const char *name;
  guint       states;
  gboolean    overdue;
  gboolean    paused;
  gboolean    undispatched;
} Queue;

/* What the measurements need from a database: cases to search for and to
 * act on. */
typedef struct
{
  GPtrArray *tracking_codes;
  GPtrArray *national_ids;
  GArray    *in_review;       /* case ids, each registered once */
} Samplings;

extern const Queue        queues[];
extern const char * const two_words[];
#define N_TWO_WORDS 12

Row            *add_row           (Bench       *bench,
                                   const char  *section,
                                   guint        cases,
                                   const char  *figure,
                                   double       value,
                                   const char  *unit);
void            row_set_reference (Row         *row,
                                   const char  *reference,
                                   double       value);
/* Sets the target's text and whether the row meets it. */
void            row_set_target    (Row         *row,
                                   const char  *target,
                                   gboolean     met);
void            row_set_note      (Row         *row,
                                   const char  *note);
double          median            (GArray      *values);
double          elapsed_ms        (gint64       since);
void            samples_init      (Samples     *samples);
void            samples_clear     (Samples     *samples);
void            probe_start       (Probe       *probe);
void            probe_stop        (Probe       *probe,
                                   Samples     *samples);
Row            *add_samples_row   (Bench       *bench,
                                   const char  *section,
                                   guint        cases,
                                   const char  *figure,
                                   Samples     *samples);
/* Prints what failed and exits. */
G_NORETURN void die               (const char   *what,
                                   const GError *error);
void            set_share         (const char  *spec);
/* A copy of @demo in the scratch directory (measurements spoil a database). */
char           *working_copy      (Bench        *bench,
                                   DemoDatabase *demo);
PeygirCaseQuery queue_query       (const Queue *queue);
void            first_page        (PeygirStore           *store,
                                   const PeygirCaseQuery *query);
Samplings       sample_database   (Bench       *bench,
                                   PeygirStore *store,
                                   guint        cases,
                                   guint        n);
void            samplings_clear   (Samplings   *samplings);

/* A program's wall time, the median of @runs runs; NAN if it failed. */
double          median_of_runs    (const char * const *argv,
                                   guint               runs);

/* A year's report on @demo: in process, peygir-admin, the sqlite3 program
 * (peygir-bench-report.c). */
void            bench_report      (Bench        *bench,
                                   DemoDatabase *demo);

/* A registry of past cases imported into a copy of @demo
 * (peygir-bench-import.c). */
void            bench_import      (Bench        *bench,
                                   DemoDatabase *demo);

/* The app opening its window on a copy of @demo: the time to its first
 * filled frame, its peak memory, its reads (peygir-bench-client.c). */
void            bench_client      (Bench        *bench,
                                   DemoDatabase *demo);

/* SQLite and PostgreSQL side by side on @demo (peygir-bench-engines.c). */
void            bench_engines     (Bench        *bench,
                                   DemoDatabase *demo);

G_END_DECLS
