/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The office's figures for a period (peygir-report.h), read from the store
 * in short keyset pages: on a shared file an open read holds back every
 * desk's commit, so no statement here reads more than a page. The counting
 * is done here, in C, where the working days are known. */
#define G_LOG_DOMAIN "peygir-store"

#include <glib/gi18n-lib.h>

#include "peygir-report.h"
#include "peygir-store-private.h"

#define REPORT_PAGE 500
#define DEFAULT_SERVICE_DAYS 15
#define DEFAULT_RANK_MINIMUM 5
/* How far before the period the working days are counted ahead (see
 * working_days): the cases closed in a period were received at most a
 * couple of years before it, almost always. */
#define WORKING_DAYS_BEFORE 800

/* What the walk over the period gathers before it becomes a report. */
typedef struct
{
  PeygirStore    *self;
  PeygirReport   *report;
  PeygirCalendar *calendar;
  PeygirDay       counted_from; /* working_counts[i]: working days in (counted_from, counted_from + i] */
  GArray         *working_counts;
  gint64          since;        /* 00:00 of the first day, Tehran */
  gint64          until;        /* 00:00 of the day after the last */
  GHashTable     *closings;     /* case id → Closing */
  GHashTable     *rejections;   /* case ids rejected in the period */
  GHashTable     *handled;      /* Handled pairs of the period's events */
  GHashTable     *handled_by;   /* actor id → the cases they acted on, boxed as gint64 * */
  GHashTable     *agency_names; /* id → name */
  gint64          by_kind[PEYGIR_N_KINDS];
  gint64          by_channel[PEYGIR_N_CHANNELS];
  gint64          by_applicant_type[PEYGIR_N_APPLICANT_TYPES];
  gint64          by_category[PEYGIR_N_CATEGORIES];
  gint64          open_by_state[PEYGIR_N_STATES];
  GHashTable     *by_agency;    /* agency id → count, boxed as gint64 * */
  GArray         *month_starts; /* the first day of each line of by_month (PeygirDay) */
  GHashTable     *scores;       /* agency id → Score */
  gint64          visits;
} ReportWalk;

/* A case closed in the period: its last closing there, and the pauses of
 * its service clock before it. */
typedef struct
{
  PeygirDay received_on;
  gint64    event_id;       /* of the closing */
  gint64    closed_at;
  gint64    paused_since;   /* when a pause began that has not ended yet, else 0 */
  int       paused_days;
} Closing;

typedef struct
{
  PeygirReportAgency *agency;
  GArray             *answer_days;   /* of int */
} Score;

/* Someone who acted on a case in the period. */
typedef struct
{
  gint64 actor_id;
  gint64 case_id;
} Handled;

/* A row of a page: FALSE with @error set stops the walk. */
typedef gboolean (*ReportRowFunc) (ReportWalk         *walk,
                                   PeygirDbStatement  *stmt,
                                   GError            **error);

static void
report_count_free (PeygirReportCount *count)
{
  g_free (count->key);
  g_free (count->name);
  g_free (count);
}

static void
report_agency_free (PeygirReportAgency *agency)
{
  g_free (agency->name);
  g_free (agency);
}

static void
report_expert_free (PeygirReportExpert *expert)
{
  g_free (expert->login);
  g_free (expert->name);
  g_free (expert);
}

void
peygir_report_free (PeygirReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->by_kind, g_ptr_array_unref);
  g_clear_pointer (&report->by_channel, g_ptr_array_unref);
  g_clear_pointer (&report->by_applicant_type, g_ptr_array_unref);
  g_clear_pointer (&report->by_category, g_ptr_array_unref);
  g_clear_pointer (&report->by_agency, g_ptr_array_unref);
  g_clear_pointer (&report->by_month, g_ptr_array_unref);
  g_clear_pointer (&report->close_days, g_array_unref);
  g_clear_pointer (&report->open_by_state, g_ptr_array_unref);
  g_clear_pointer (&report->agencies, g_ptr_array_unref);
  g_clear_pointer (&report->experts, g_ptr_array_unref);
  g_free (report);
}

static void
score_free (Score *score)
{
  g_clear_pointer (&score->agency, report_agency_free);
  g_array_unref (score->answer_days);
  g_free (score);
}

static GPtrArray *
count_array_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) report_count_free);
}

static void
count_array_add (GPtrArray  *array,
                 const char *key,
                 const char *name,
                 gint64      count)
{
  PeygirReportCount *line = g_new0 (PeygirReportCount, 1);

  line->key = g_strdup (key);
  line->name = g_strdup (name);
  line->count = count;
  g_ptr_array_add (array, line);
}

/* Adds one to @id's count in @counts (gint64 keys and values). */
static void
count_up (GHashTable *counts,
          gint64      id)
{
  gint64 *n = g_hash_table_lookup (counts, &id);

  if (n == NULL)
    {
      n = g_new0 (gint64, 1);
      g_hash_table_insert (counts, g_memdup2 (&id, sizeof id), n);
    }
  (*n)++;
}

static guint
handled_hash (gconstpointer key)
{
  const Handled *handled = key;

  return g_int64_hash (&handled->case_id) * 31 + g_int64_hash (&handled->actor_id);
}

static gboolean
handled_equal (gconstpointer a,
               gconstpointer b)
{
  const Handled *x = a, *y = b;

  return x->actor_id == y->actor_id && x->case_id == y->case_id;
}

static int
compare_int (gconstpointer a,
             gconstpointer b)
{
  int x = *(const int *) a, y = *(const int *) b;

  return (x > y) - (x < y);
}

/* Mean, median (the middle two's mean for an even count) and the
 * nearest-rank 90th percentile of @days, which it sorts; FALSE when empty. */
static gboolean
summarise_days (GArray *days,
                double *mean,
                double *median,
                int    *p90)
{
  guint n = days->len;
  gint64 sum = 0;

  if (n == 0)
    return FALSE;
  g_array_sort (days, compare_int);
  for (guint i = 0; i < n; i++)
    sum += g_array_index (days, int, i);
  *mean = (double) sum / n;
  *median = n % 2 == 1
    ? g_array_index (days, int, n / 2)
    : (g_array_index (days, int, n / 2 - 1) + g_array_index (days, int, n / 2)) / 2.0;
  if (p90 != NULL)
    *p90 = g_array_index (days, int, (9 * n + 9) / 10 - 1);
  return TRUE;
}

/* The working days in (@from, @to], as peygir_calendar_working_days_between
 * counts them, but from a table of running counts made once for the days
 * around the period: a year's report asks it for every closing, answer
 * and pause, a day-by-day walk each. */
static int
working_days (ReportWalk *walk,
              PeygirDay   from,
              PeygirDay   to)
{
  gint64 i, j;

  if (to <= from)
    return 0;
  i = peygir_day_diff (walk->counted_from, from);
  j = peygir_day_diff (walk->counted_from, to);
  if (i < 0 || j >= walk->working_counts->len)
    return peygir_calendar_working_days_between (walk->calendar, from, to);
  return g_array_index (walk->working_counts, int, j) - g_array_index (walk->working_counts, int, i);
}

static void
count_working_days (ReportWalk *walk)
{
  PeygirDay day = peygir_day_add_days (walk->report->from, -WORKING_DAYS_BEFORE);
  PeygirDay last = peygir_day_add_days (walk->report->to, 1);
  int count = 0;

  walk->counted_from = day;
  walk->working_counts = g_array_new (FALSE, FALSE, sizeof (int));
  g_array_append_val (walk->working_counts, count);
  while (day < last)
    {
      day = peygir_day_add_days (day, 1);
      if (peygir_calendar_is_working_day (walk->calendar, day))
        count++;
      g_array_append_val (walk->working_counts, count);
    }
}

static void
bind_if_named (PeygirDbStatement *stmt,
               const char        *name,
               gint64             value)
{
  int index = peygir_db_parameter (stmt, name);

  if (index > 0)
    peygir_db_bind_int64 (stmt, index, value);
}

/* Reads @sql a page at a time, each page one short read under the lock
 * and let go before the next. Its cursor is :after_key and :after_id,
 * which become the first two columns of a page's last row; the period is
 * :since, :until (moments) and :first, :last (days). The cursor starts
 * at (@first_key, 0), which is every key from @first_key on since ids are
 * positive: the period's start as a bound of its own beside the cursor
 * would have SQLite seek to it, and walk every earlier page again. */
static gboolean
read_pages (ReportWalk     *walk,
            const char     *sql,
            gint64          first_key,
            ReportRowFunc   row,
            GError        **error)
{
  gint64 after_key = first_key, after_id = 0;
  guint n_rows;

  do
    {
      STORE_LOCK (walk->self);
      g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare (walk->self->db, sql, error);
      int rc;

      if (stmt == NULL)
        return FALSE;
      bind_if_named (stmt, ":since", walk->since);
      bind_if_named (stmt, ":until", walk->until);
      bind_if_named (stmt, ":first", walk->report->from);
      bind_if_named (stmt, ":last", walk->report->to);
      bind_if_named (stmt, ":after_key", after_key);
      bind_if_named (stmt, ":after_id", after_id);
      bind_if_named (stmt, ":limit", REPORT_PAGE);
      n_rows = 0;
      while ((rc = peygir_db_step (stmt)) == PEYGIR_DB_ROW)
        {
          after_key = peygir_db_column_int64 (stmt, 0);
          after_id = peygir_db_column_int64 (stmt, 1);
          n_rows++;
          if (!row (walk, stmt, error))
            return FALSE;
        }
      if (rc != PEYGIR_DB_DONE)
        return peygir_db_set_error (walk->self->db, error);
    }
  while (n_rows == REPORT_PAGE);
  return TRUE;
}

/* A line of by_month for every Persian month the period touches, and
 * the day each begins, so that a row finds its month without ICU. */
static gboolean
prepare_months (ReportWalk  *walk,
                GError     **error)
{
  PeygirPersianDate date;
  PeygirDay first, last = 0;

  if (!peygir_day_to_persian (walk->report->from, &date))
    return peygir_report_check_period (0, 0, error);
  while (last < walk->report->to)
    {
      g_autofree char *key = g_strdup_printf ("%04d-%02d", date.year, date.month);

      if (!peygir_persian_months_period (date.year, date.month, 1, &first, &last, error))
        return FALSE;
      g_array_append_val (walk->month_starts, first);
      count_array_add (walk->report->by_month, key, NULL, 0);
      date.year += date.month / 12;
      date.month = date.month % 12 + 1;
    }
  return TRUE;
}

static void
count_month (ReportWalk *walk,
             PeygirDay   received_on)
{
  guint low = 0, high = walk->month_starts->len;

  /* the last month that begins on or before the day */
  while (high - low > 1)
    {
      guint middle = (low + high) / 2;

      if (g_array_index (walk->month_starts, PeygirDay, middle) <= received_on)
        low = middle;
      else
        high = middle;
    }
  ((PeygirReportCount *) g_ptr_array_index (walk->report->by_month, low))->count++;
}

/* Received in the period: the breakdowns and the visits in person. */
static const char received_sql[] =
  "SELECT c.received_on, c.id, c.kind, c.channel, c.applicant_type, c.category, coalesce (c.agency_id, 0),"
  " (SELECT count (*) FROM contacts t WHERE t.case_id = c.id AND t.channel = 'in_person' AND t.at < :until)"
  " FROM cases c WHERE (c.received_on, c.id) > (:after_key, :after_id) AND c.received_on <= :last"
  " ORDER BY c.received_on, c.id LIMIT :limit";

static gboolean
received_row (ReportWalk         *walk,
              PeygirDbStatement  *stmt,
              GError            **error G_GNUC_UNUSED)
{
  PeygirCaseKind kind;
  PeygirChannel channel;
  PeygirApplicantType type;
  PeygirCategory category;
  gint64 agency_id = peygir_db_column_int64 (stmt, 6);

  walk->report->received++;
  count_month (walk, peygir_db_column_int (stmt, 0));
  if (COLUMN_ENUM (stmt, 2, kind, &kind))
    walk->by_kind[kind]++;
  if (COLUMN_ENUM (stmt, 3, channel, &channel))
    {
      walk->by_channel[channel]++;
      if (channel == PEYGIR_CHANNEL_IN_PERSON)
        walk->visits++;
    }
  if (COLUMN_ENUM (stmt, 4, applicant_type, &type))
    walk->by_applicant_type[type]++;
  if (COLUMN_ENUM (stmt, 5, category, &category))
    walk->by_category[category]++;
  walk->visits += peygir_db_column_int64 (stmt, 7);
  count_up (walk->by_agency, agency_id);
  return TRUE;
}

/* The period's events: closings, rejections, and who handled what. A
 * case's closing is its entry into closed; the last one appended in the
 * period counts. Read from events_at alone, which holds every column; a
 * closed case's day of receipt comes with the states' pass. */
static const char events_sql[] =
  "SELECT e.at, e.id, e.case_id, coalesce (e.actor_id, 0), e.from_state, e.to_state"
  " FROM events e WHERE (e.at, e.id) > (:after_key, :after_id) AND e.at < :until"
  " ORDER BY e.at, e.id LIMIT :limit";

static gboolean
event_row (ReportWalk         *walk,
           PeygirDbStatement  *stmt,
           GError            **error G_GNUC_UNUSED)
{
  gint64 event_id = peygir_db_column_int64 (stmt, 1);
  gint64 case_id = peygir_db_column_int64 (stmt, 2);
  Handled handled = { peygir_db_column_int64 (stmt, 3), case_id };
  const char *from = peygir_db_column_text (stmt, 4);
  const char *to = peygir_db_column_text (stmt, 5);
  const char *closed = peygir_state_to_string (PEYGIR_STATE_CLOSED);
  const char *rejected = peygir_state_to_string (PEYGIR_STATE_REJECTED);

  if (g_strcmp0 (to, closed) == 0 && g_strcmp0 (from, closed) != 0)
    {
      Closing *closing = g_hash_table_lookup (walk->closings, &case_id);

      if (closing == NULL)
        {
          closing = g_new0 (Closing, 1);
          g_hash_table_insert (walk->closings, g_memdup2 (&case_id, sizeof case_id), closing);
        }
      if (event_id > closing->event_id)
        {
          closing->event_id = event_id;
          closing->closed_at = peygir_db_column_int64 (stmt, 0);
        }
    }
  if (g_strcmp0 (to, rejected) == 0 && g_strcmp0 (from, rejected) != 0)
    g_hash_table_add (walk->rejections, g_memdup2 (&case_id, sizeof case_id));
  if (handled.actor_id != 0 && !g_hash_table_contains (walk->handled, &handled))
    {
      g_hash_table_add (walk->handled, g_memdup2 (&handled, sizeof handled));
      count_up (walk->handled_by, handled.actor_id);
    }
  return TRUE;
}

/* The pauses of the service clock, for the cases closed in the period;
 * a pause counts as do_documents_received moves the deadline: the working
 * days from the day it began to the day the documents came. A pause
 * still running when the case is closed ends there (a reopening starts
 * the clock afresh), so the closings are read too. */
static const char pauses_sql[] =
  "SELECT e.case_id, e.id, e.action, e.at FROM events e"
  " WHERE e.action IN ('await_documents', 'documents_received', 'notify') AND e.at < :until"
  " AND (e.case_id, e.id) > (:after_key, :after_id)"
  " ORDER BY e.case_id, e.id LIMIT :limit";

static gboolean
pause_row (ReportWalk         *walk,
           PeygirDbStatement  *stmt,
           GError            **error G_GNUC_UNUSED)
{
  gint64 case_id = peygir_db_column_int64 (stmt, 0);
  Closing *closing = g_hash_table_lookup (walk->closings, &case_id);
  PeygirAction action;
  gint64 at = peygir_db_column_int64 (stmt, 3);

  if (closing == NULL || at > closing->closed_at || !COLUMN_ENUM (stmt, 2, action, &action))
    return TRUE;
  if (action == PEYGIR_ACTION_AWAIT_DOCUMENTS)
    closing->paused_since = at;
  else if (closing->paused_since != 0)  /* documents received, or closed */
    {
      closing->paused_days += working_days (walk, peygir_day_from_unix (closing->paused_since),
                                            peygir_day_from_unix (at));
      closing->paused_since = 0;
    }
  return TRUE;
}

/* Every case received by the period's end: the state it was in then,
 * from its last event before the end (received when it has none yet, as
 * a case taken in later with an earlier day of receipt). A case not
 * changed since is in its state now: each change of state sets updated_at
 * in the transaction that appends its event, so only the cases changed
 * after the end read their events. */
static const char states_sql[] =
  "SELECT c.received_on, c.id,"
  " CASE WHEN c.updated_at < :until THEN c.state ELSE"
  " (SELECT e.to_state FROM events e WHERE e.case_id = c.id AND e.at < :until AND e.to_state IS NOT NULL"
  "  ORDER BY e.id DESC LIMIT 1) END"
  " FROM cases c WHERE c.received_on <= :last AND (c.received_on, c.id) > (:after_key, :after_id)"
  " ORDER BY c.received_on, c.id LIMIT :limit";

static gboolean
state_row (ReportWalk         *walk,
           PeygirDbStatement  *stmt,
           GError            **error G_GNUC_UNUSED)
{
  PeygirState state = PEYGIR_STATE_RECEIVED;
  gint64 case_id = peygir_db_column_int64 (stmt, 1);
  Closing *closing = g_hash_table_lookup (walk->closings, &case_id);

  /* a case closed in the period was received by its end */
  if (closing != NULL)
    closing->received_on = peygir_db_column_int (stmt, 0);
  if (!peygir_db_column_is_null (stmt, 2))
    COLUMN_ENUM (stmt, 2, state, &state);
  if (state != PEYGIR_STATE_CLOSED)
    {
      walk->report->open_at_end++;
      walk->open_by_state[state]++;
    }
  return TRUE;
}

/* Referrals dispatched in the period. The due day set at dispatch is the
 * one a first follow-up recorded as the previous, else the referral's. */
static const char referrals_sql[] =
  "SELECT r.dispatched_at, r.id, r.agency_id, r.dispatched_at, r.answered_at,"
  " coalesce ((SELECT f.previous_due FROM follow_ups f WHERE f.referral_id = r.id ORDER BY f.id LIMIT 1), r.due),"
  " (SELECT count (*) FROM follow_ups f WHERE f.referral_id = r.id AND f.at < :until)"
  " FROM referrals r WHERE (r.dispatched_at, r.id) > (:after_key, :after_id)"
  " AND r.dispatched_at < :until"
  " ORDER BY r.dispatched_at, r.id LIMIT :limit";

static gboolean
referral_row (ReportWalk         *walk,
              PeygirDbStatement  *stmt,
              GError            **error G_GNUC_UNUSED)
{
  gint64 agency_id = peygir_db_column_int64 (stmt, 2);
  PeygirDay dispatched = peygir_day_from_unix (peygir_db_column_int64 (stmt, 3));
  Score *score = g_hash_table_lookup (walk->scores, &agency_id);

  if (score == NULL)
    {
      score = g_new0 (Score, 1);
      score->agency = g_new0 (PeygirReportAgency, 1);
      score->agency->id = agency_id;
      score->agency->name = g_strdup (g_hash_table_lookup (walk->agency_names, &agency_id));
      score->answer_days = g_array_new (FALSE, FALSE, sizeof (int));
      g_hash_table_insert (walk->scores, g_memdup2 (&agency_id, sizeof agency_id), score);
    }
  score->agency->referred++;
  score->agency->follow_ups += peygir_db_column_int64 (stmt, 6);
  if (!peygir_db_column_is_null (stmt, 4) && peygir_db_column_int64 (stmt, 4) < walk->until)
    {
      PeygirDay answered = peygir_day_from_unix (peygir_db_column_int64 (stmt, 4));
      int days = working_days (walk, dispatched, answered);

      score->agency->answered++;
      if (answered <= peygir_db_column_int (stmt, 5))
        score->agency->answered_on_time++;
      g_array_append_val (score->answer_days, days);
    }
  return TRUE;
}

/* The passes, in the order they run: the events' before the states',
 * which give the closed cases their day of receipt. */
static const struct
{
  const char    *sql;
  const char    *start;   /* the parameter the cursor starts at; NULL: 0 */
  ReportRowFunc  row;
} passes[] = {
  { received_sql,  ":first", received_row },
  { events_sql,    ":since", event_row },
  { pauses_sql,    NULL,     pause_row },
  { states_sql,    NULL,     state_row },
  { referrals_sql, ":since", referral_row },
};

const char *
peygir_store_report_statement (guint        index,
                               const char **start)
{
  if (index >= G_N_ELEMENTS (passes))
    return NULL;
  if (start != NULL)
    *start = passes[index].start;
  return passes[index].sql;
}

static gboolean
read_passes (ReportWalk  *walk,
             GError     **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (passes); i++)
    {
      gint64 first_key = 0;

      if (g_strcmp0 (passes[i].start, ":first") == 0)
        first_key = walk->report->from;
      else if (g_strcmp0 (passes[i].start, ":since") == 0)
        first_key = walk->since;
      if (!read_pages (walk, passes[i].sql, first_key, passes[i].row, error))
        return FALSE;
    }
  return TRUE;
}

static void
finish_received (ReportWalk *walk)
{
  PeygirReport *report = walk->report;
  GHashTableIter iter;
  gpointer key, value;

  for (int i = 0; i < PEYGIR_N_KINDS; i++)
    count_array_add (report->by_kind, peygir_kind_to_string (i), NULL, walk->by_kind[i]);
  for (int i = PEYGIR_CHANNEL_NONE + 1; i < PEYGIR_N_CHANNELS; i++)
    count_array_add (report->by_channel, peygir_channel_to_string (i), NULL, walk->by_channel[i]);
  for (int i = 0; i < PEYGIR_N_APPLICANT_TYPES; i++)
    count_array_add (report->by_applicant_type, peygir_applicant_type_to_string (i), NULL,
                     walk->by_applicant_type[i]);
  for (int i = 0; i < PEYGIR_N_CATEGORIES; i++)
    count_array_add (report->by_category, peygir_category_to_string (i), NULL, walk->by_category[i]);
  for (int i = 0; i < PEYGIR_N_STATES; i++)
    if (i != PEYGIR_STATE_CLOSED)
      count_array_add (report->open_by_state, peygir_state_to_string (i), NULL, walk->open_by_state[i]);

  g_hash_table_iter_init (&iter, walk->by_agency);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gint64 id = *(gint64 *) key;
      g_autofree char *id_text = id != 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, id) : g_strdup ("");

      count_array_add (report->by_agency, id_text, g_hash_table_lookup (walk->agency_names, &id),
                       *(gint64 *) value);
    }
  if (report->received > 0)
    report->visits_per_case = (double) walk->visits / report->received;
}

static int
compare_counts (gconstpointer a,
                gconstpointer b)
{
  const PeygirReportCount *x = *(PeygirReportCount * const *) a;
  const PeygirReportCount *y = *(PeygirReportCount * const *) b;

  if (x->count != y->count)
    return x->count < y->count ? 1 : -1;
  return g_strcmp0 (x->key, y->key);
}

static int
compare_agencies (gconstpointer a,
                  gconstpointer b)
{
  const PeygirReportAgency *x = *(PeygirReportAgency * const *) a;
  const PeygirReportAgency *y = *(PeygirReportAgency * const *) b;

  if (x->referred != y->referred)
    return x->referred < y->referred ? 1 : -1;
  return (x->id > y->id) - (x->id < y->id);
}

static void
finish_days (ReportWalk *walk)
{
  PeygirReport *report = walk->report;
  GArray *days = report->close_days;   /* sorted by summarise_days () */
  gint64 within = 0;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, walk->closings);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Closing *closing = value;
      PeygirDay closed_on = peygir_day_from_unix (closing->closed_at);
      int n = working_days (walk, closing->received_on, closed_on);

      n = MAX (0, n - closing->paused_days);
      if (n <= report->service_days)
        within++;
      g_array_append_val (days, n);
    }
  report->closed = days->len;
  if (summarise_days (days, &report->days_mean, &report->days_median, &report->days_p90))
    report->within_target_percent = 100.0 * within / days->len;
}

static void
finish_agencies (ReportWalk *walk)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, walk->scores);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Score *score = value;

      summarise_days (score->answer_days, &score->agency->mean_answer_days,
                      &score->agency->median_answer_days, NULL);
      score->agency->ranked = score->agency->referred >= walk->report->rank_minimum;
      g_ptr_array_add (walk->report->agencies, g_steal_pointer (&score->agency));
    }
  g_ptr_array_sort (walk->report->agencies, compare_agencies);
  g_ptr_array_sort (walk->report->by_agency, compare_counts);
}

/* Each expert's open and overdue cases now, one short count each. */
static gboolean
read_experts (ReportWalk  *walk,
              GError     **error)
{
  g_autoptr(GPtrArray) users = peygir_store_list_users (walk->self, error);

  if (users == NULL)
    return FALSE;
  for (guint i = 0; i < users->len; i++)
    {
      const PeygirUser *user = g_ptr_array_index (users, i);
      const gint64 *handled = g_hash_table_lookup (walk->handled_by, &user->id);
      PeygirReportExpert *expert;

      if (!(user->roles & PEYGIR_ROLE_EXPERT))
        continue;
      expert = g_new0 (PeygirReportExpert, 1);
      expert->id = user->id;
      expert->login = g_strdup (user->login);
      expert->name = g_strdup (user->name);
      expert->handled = handled != NULL ? *handled : 0;
      g_ptr_array_add (walk->report->experts, expert);

      {
        STORE_LOCK (walk->self);
        g_autoptr(PeygirDbStatement) stmt =
          peygir_db_prepare (walk->self->db,
                             "SELECT count (*), coalesce (sum (CASE WHEN answer_due < :today THEN 1 ELSE 0 END), 0)"
                             " FROM cases WHERE expert_id = :id AND state <> 'closed'", error);

        if (stmt == NULL)
          return FALSE;
        _peygir_store_bind_today (stmt);
        peygir_db_bind_int64 (stmt, peygir_db_parameter (stmt, ":id"), user->id);
        if (peygir_db_step (stmt) != PEYGIR_DB_ROW)
          return peygir_db_set_error (walk->self->db, error);
        expert->open_now = peygir_db_column_int64 (stmt, 0);
        expert->overdue_now = peygir_db_column_int64 (stmt, 1);
      }
      if (!user->active && expert->handled == 0 && expert->open_now == 0)
        g_ptr_array_remove_index (walk->report->experts, walk->report->experts->len - 1);
    }
  return TRUE;
}

/* The settings, the calendar and the agencies' names, before the pages. */
static gboolean
read_office (ReportWalk  *walk,
             GError     **error)
{
  g_autoptr(GPtrArray) agencies = NULL;

  walk->report->service_days = peygir_store_get_setting_int (walk->self, PEYGIR_SETTING_SERVICE_DAYS,
                                                             DEFAULT_SERVICE_DAYS);
  walk->report->rank_minimum = peygir_store_get_setting_int (walk->self, PEYGIR_SETTING_REPORT_RANK_MINIMUM,
                                                             DEFAULT_RANK_MINIMUM);
  walk->calendar = peygir_store_get_calendar (walk->self, error);
  if (walk->calendar == NULL)
    return FALSE;
  count_working_days (walk);
  agencies = peygir_store_list_agencies (walk->self, error);
  if (agencies == NULL)
    return FALSE;
  for (guint i = 0; i < agencies->len; i++)
    {
      const PeygirAgency *agency = g_ptr_array_index (agencies, i);

      g_hash_table_insert (walk->agency_names, g_memdup2 (&agency->id, sizeof agency->id),
                           g_strdup (agency->name));
    }
  return TRUE;
}

static void
report_walk_clear (ReportWalk *walk)
{
  g_clear_pointer (&walk->report, peygir_report_free);
  g_clear_pointer (&walk->calendar, peygir_calendar_unref);
  g_clear_pointer (&walk->working_counts, g_array_unref);
  g_clear_pointer (&walk->closings, g_hash_table_unref);
  g_clear_pointer (&walk->rejections, g_hash_table_unref);
  g_clear_pointer (&walk->handled, g_hash_table_unref);
  g_clear_pointer (&walk->handled_by, g_hash_table_unref);
  g_clear_pointer (&walk->agency_names, g_hash_table_unref);
  g_clear_pointer (&walk->by_agency, g_hash_table_unref);
  g_clear_pointer (&walk->month_starts, g_array_unref);
  g_clear_pointer (&walk->scores, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ReportWalk, report_walk_clear)

static PeygirReport *
report_new (PeygirDay from,
            PeygirDay to)
{
  PeygirReport *report = g_new0 (PeygirReport, 1);

  report->from = from;
  report->to = to;
  report->by_kind = count_array_new ();
  report->by_channel = count_array_new ();
  report->by_applicant_type = count_array_new ();
  report->by_category = count_array_new ();
  report->by_agency = count_array_new ();
  report->by_month = count_array_new ();
  report->close_days = g_array_new (FALSE, FALSE, sizeof (int));
  report->open_by_state = count_array_new ();
  report->agencies = g_ptr_array_new_with_free_func ((GDestroyNotify) report_agency_free);
  report->experts = g_ptr_array_new_with_free_func ((GDestroyNotify) report_expert_free);
  return report;
}

gboolean
peygir_report_check_period (PeygirDay   from,
                            PeygirDay   to,
                            GError    **error)
{
  if (peygir_day_is_valid (from) && peygir_day_is_valid (to) && from <= to)
    return TRUE;
  g_set_error_literal (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_DATE,
                       _("The report’s period must end on or after the day it starts."));
  return FALSE;
}

PeygirReport *
peygir_store_get_report (PeygirStore  *self,
                         PeygirDay     from,
                         PeygirDay     to,
                         GError      **error)
{
  g_auto(ReportWalk) walk = { 0, };

  g_return_val_if_fail (PEYGIR_IS_STORE (self), NULL);

  if (!peygir_report_check_period (from, to, error))
    return NULL;

  walk.self = self;
  walk.report = report_new (from, to);
  walk.since = peygir_day_to_unix (from);
  walk.until = peygir_day_to_unix (peygir_day_add_days (to, 1));
  walk.closings = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  walk.rejections = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  walk.handled = g_hash_table_new_full (handled_hash, handled_equal, g_free, NULL);
  walk.handled_by = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  walk.agency_names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  walk.by_agency = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  walk.month_starts = g_array_new (FALSE, FALSE, sizeof (PeygirDay));
  walk.scores = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) score_free);

  if (!read_office (&walk, error)
      || !prepare_months (&walk, error)
      || !read_passes (&walk, error)
      || !read_experts (&walk, error))
    return NULL;

  finish_received (&walk);
  finish_days (&walk);
  finish_agencies (&walk);
  walk.report->rejected = g_hash_table_size (walk.rejections);
  return g_steal_pointer (&walk.report);
}
