/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The office's figures for a period (peygir-report.h), from the figures
 * kept as the work happens (peygir-store-tally.c), a month of days a
 * read: on a shared file an open read holds back every desk's commit. The
 * working days are counted here, in C, with the calendar as it is now. */
#define G_LOG_DOMAIN "peygir-store"

#include <glib/gi18n-lib.h>

#include "peygir-report.h"
#include "peygir-store-private.h"

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

typedef struct
{
  PeygirReportAgency *agency;
  GArray             *answer_days;   /* of int */
} Score;

static void
score_free (Score *score)
{
  g_clear_pointer (&score->agency, peygir_report_agency_free);
  g_array_unref (score->answer_days);
  g_free (score);
}

/* Adds @n to @id's count in @counts (gint64 keys and values). */
static void
count_by (GHashTable *counts,
          gint64      id,
          gint64      n)
{
  gint64 *count = g_hash_table_lookup (counts, &id);

  if (count == NULL)
    {
      count = g_new0 (gint64, 1);
      g_hash_table_insert (counts, g_memdup2 (&id, sizeof id), count);
    }
  *count += n;
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
      peygir_report_count_add (walk->report->by_month, key, NULL, 0);
      date.year += date.month / 12;
      date.month = date.month % 12 + 1;
    }
  return TRUE;
}

static void
count_month (ReportWalk *walk,
             PeygirDay   received_on,
             gint64      n)
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
  ((PeygirReportCount *) g_ptr_array_index (walk->report->by_month, low))->count += n;
}

/* The figures kept as the work happens (peygir-store-tally.c says what
 * each row holds): those of the days :first … :last, read a month of days
 * at a time, each a short read; and the cases in each state at the end
 * of :last, one row a state. */
static const char figures_sql[] =
  "SELECT figure, day, key, a, b, n FROM report_tallies"
  " WHERE figure IN ('kind', 'channel', 'applicant_type', 'category', 'agency', 'visit',"
  " 'closing', 'rejection', 'referral', 'follow_up', 'handled')"
  " AND day BETWEEN :first AND :last";
static const char states_sql[] =
  "SELECT key, sum (n) FROM report_tallies WHERE figure = 'state' AND day <= :last GROUP BY key";
#define FIGURES_DAYS 31

const char *
peygir_store_report_statement (guint index)
{
  const char * const statements[] = { figures_sql, states_sql };

  return index < G_N_ELEMENTS (statements) ? statements[index] : NULL;
}

/* Of the figures that count one a case received: the breakdown's line. */
static void
count_received (ReportWalk  *walk,
                const char  *figure,
                PeygirDay    day,
                const char  *key,
                gint64       n)
{
  if (g_str_equal (figure, "kind"))
    {
      PeygirCaseKind kind;

      walk->report->received += n;
      count_month (walk, day, n);
      if (peygir_kind_from_string (key, &kind))
        walk->by_kind[kind] += n;
    }
  else if (g_str_equal (figure, "channel"))
    {
      PeygirChannel channel;

      if (peygir_channel_from_string (key, &channel))
        {
          walk->by_channel[channel] += n;
          if (channel == PEYGIR_CHANNEL_IN_PERSON)
            walk->visits += n;
        }
    }
  else if (g_str_equal (figure, "applicant_type"))
    {
      PeygirApplicantType type;

      if (peygir_applicant_type_from_string (key, &type))
        walk->by_applicant_type[type] += n;
    }
  else if (g_str_equal (figure, "category"))
    {
      PeygirCategory category;

      if (peygir_category_from_string (key, &category))
        walk->by_category[category] += n;
    }
  else if (g_str_equal (figure, "agency"))
    count_by (walk->by_agency, g_ascii_strtoll (key, NULL, 10), n);
}

/* The working days of a closing: from its day of receipt, less the
 * pauses before it ("FROM-TO,…"). */
static int
closing_days (ReportWalk *walk,
              PeygirDay   received_on,
              PeygirDay   closed_on,
              const char *pauses)
{
  int days = working_days (walk, received_on, closed_on);
  const char *p = pauses;

  while (*p != '\0')
    {
      char *end;
      PeygirDay paused = g_ascii_strtoll (p, &end, 10);
      PeygirDay resumed = *end == '-' ? g_ascii_strtoll (end + 1, &end, 10) : paused;

      days -= working_days (walk, paused, resumed);
      p = *end == ',' ? end + 1 : end;
    }
  return MAX (0, days);
}

static Score *
score_of (ReportWalk *walk,
          gint64      agency_id)
{
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
  return score;
}

static void
append_days (GArray *days,
             int     value,
             gint64  n)
{
  for (gint64 i = 0; i < n; i++)
    g_array_append_val (days, value);
}

/* One row of figures_sql. A closing or rejection counts when it is the
 * case's last in the period; a referral's answer and follow-ups when they
 * came by its end; someone's day on a case when they had not acted on it
 * earlier in the period. */
static void
figure_row (PeygirDbStatement *stmt,
            gpointer           data)
{
  ReportWalk *walk = data;
  const char *figure = peygir_db_column_text (stmt, 0);
  PeygirDay day = peygir_db_column_int (stmt, 1);
  const char *key = peygir_db_column_text (stmt, 2);
  gint64 a = peygir_db_column_int64 (stmt, 3);
  gint64 b = peygir_db_column_int64 (stmt, 4);
  gint64 n = peygir_db_column_int64 (stmt, 5);
  PeygirDay first = walk->report->from, last = walk->report->to;
  gboolean last_in_period = a == 0 || a > last;

  if (g_str_equal (figure, "visit"))
    {
      if (a <= last)
        walk->visits += n;
    }
  else if (g_str_equal (figure, "closing"))
    {
      if (last_in_period)
        append_days (walk->report->close_days, closing_days (walk, b, day, key), n);
    }
  else if (g_str_equal (figure, "rejection"))
    {
      if (last_in_period)
        walk->report->rejected += n;
    }
  else if (g_str_equal (figure, "referral"))
    {
      Score *score = score_of (walk, g_ascii_strtoll (key, NULL, 10));

      score->agency->referred += n;
      if (a != 0 && a <= last)
        {
          score->agency->answered += n;
          if (b != 0)
            score->agency->answered_on_time += n;
          append_days (score->answer_days, working_days (walk, day, a), n);
        }
    }
  else if (g_str_equal (figure, "follow_up"))
    {
      if (a <= last)
        score_of (walk, g_ascii_strtoll (key, NULL, 10))->agency->follow_ups += n;
    }
  else if (g_str_equal (figure, "handled"))
    {
      if (a < first)
        count_by (walk->handled_by, g_ascii_strtoll (key, NULL, 10), n);
    }
  else
    count_received (walk, figure, day, key, n);
}

static gboolean
read_figures (ReportWalk  *walk,
              GError      **error)
{
  for (PeygirDay first = walk->report->from; first <= walk->report->to;
       first = peygir_day_add_days (first, FIGURES_DAYS))
    {
      PeygirDay last = MIN (walk->report->to, peygir_day_add_days (first, FIGURES_DAYS - 1));
      STORE_LOCK (walk->self);

      if (!_peygir_store_read_between (walk->self, figures_sql, first, last, figure_row, walk, error))
        return FALSE;
    }
  return TRUE;
}

/* Every case received by the period's end and the state it was in then. */
static gboolean
read_states (ReportWalk  *walk,
             GError     **error)
{
  STORE_LOCK (walk->self);
  g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare (walk->self->db, states_sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  peygir_db_bind_int64 (stmt, peygir_db_parameter (stmt, ":last"), walk->report->to);
  while ((rc = peygir_db_step (stmt)) == PEYGIR_DB_ROW)
    {
      PeygirState state;
      gint64 n = peygir_db_column_int64 (stmt, 1);

      if (!COLUMN_ENUM (stmt, 0, state, &state) || state == PEYGIR_STATE_CLOSED)
        continue;
      walk->report->open_at_end += n;
      walk->open_by_state[state] += n;
    }
  if (rc != PEYGIR_DB_DONE)
    return peygir_db_set_error (walk->self->db, error);
  return TRUE;
}

static void
finish_received (ReportWalk *walk)
{
  PeygirReport *report = walk->report;
  GHashTableIter iter;
  gpointer key, value;

  for (int i = 0; i < PEYGIR_N_KINDS; i++)
    peygir_report_count_add (report->by_kind, peygir_kind_to_string (i), NULL, walk->by_kind[i]);
  for (int i = PEYGIR_CHANNEL_NONE + 1; i < PEYGIR_N_CHANNELS; i++)
    peygir_report_count_add (report->by_channel, peygir_channel_to_string (i), NULL, walk->by_channel[i]);
  for (int i = 0; i < PEYGIR_N_APPLICANT_TYPES; i++)
    peygir_report_count_add (report->by_applicant_type, peygir_applicant_type_to_string (i), NULL,
                     walk->by_applicant_type[i]);
  for (int i = 0; i < PEYGIR_N_CATEGORIES; i++)
    peygir_report_count_add (report->by_category, peygir_category_to_string (i), NULL, walk->by_category[i]);
  for (int i = 0; i < PEYGIR_N_STATES; i++)
    if (i != PEYGIR_STATE_CLOSED)
      peygir_report_count_add (report->open_by_state, peygir_state_to_string (i), NULL, walk->open_by_state[i]);

  g_hash_table_iter_init (&iter, walk->by_agency);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gint64 id = *(gint64 *) key;
      g_autofree char *id_text = id != 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, id) : g_strdup ("");

      peygir_report_count_add (report->by_agency, id_text, g_hash_table_lookup (walk->agency_names, &id),
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

  for (guint i = 0; i < days->len; i++)
    if (g_array_index (days, int, i) <= report->service_days)
      within++;
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
  g_clear_pointer (&walk->handled_by, g_hash_table_unref);
  g_clear_pointer (&walk->agency_names, g_hash_table_unref);
  g_clear_pointer (&walk->by_agency, g_hash_table_unref);
  g_clear_pointer (&walk->month_starts, g_array_unref);
  g_clear_pointer (&walk->scores, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ReportWalk, report_walk_clear)

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
  walk.report = peygir_report_new (from, to);
  walk.handled_by = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  walk.agency_names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  walk.by_agency = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  walk.month_starts = g_array_new (FALSE, FALSE, sizeof (PeygirDay));
  walk.scores = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) score_free);

  if (!read_office (&walk, error)
      || !prepare_months (&walk, error)
      || !read_figures (&walk, error)
      || !read_states (&walk, error)
      || !read_experts (&walk, error))
    return NULL;

  finish_received (&walk);
  finish_days (&walk);
  finish_agencies (&walk);
  return g_steal_pointer (&walk.report);
}
