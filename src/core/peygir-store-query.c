/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-store"

/* Lists, counts and search: pages of cases, figures by state, the
 * events and contacts of a case. */

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "peygir-store-private.h"
#include "peygir-text.h"
#include "peygir-workflow.h"

typedef struct
{
  const char *key_column;     /* what the cursor compares */
  const char *order;          /* ORDER BY, ascending */
  gboolean    text;           /* compared as text: by code point on both engines */
} SortInfo;

/* The registration number sorts as one integer: year × 10⁷ + sequence,
 * which a server's 32-bit integer cannot hold. */
#define REG_KEY "(CAST (c.reg_year AS BIGINT) * 10000000 + c.reg_seq)"
/* The workflow's order of the states (PeygirState's), as the index
 * cases_state_order spells it. */
#define STATE_KEY \
  "(CASE c.state WHEN 'received' THEN 0 WHEN 'in_review' THEN 1 WHEN 'registered' THEN 2" \
  " WHEN 'with_manager' THEN 3 WHEN 'referred' THEN 4 WHEN 'answered' THEN 5" \
  " WHEN 'rejected' THEN 6 ELSE 7 END)"
/* A case without a deadline (not registered yet) after every dated one,
 * as the index cases_deadline spells it. */
#define NO_DEADLINE 99999999
#define DEADLINE_KEY "coalesce (c.service_due, 99999999)"

/* COLL is the text sorts' collation: none on a file (SQLite compares
 * bytes), "C" on a server, whose own default may follow a locale. */
static const SortInfo sorts[PEYGIR_N_CASE_SORTS] = {
  [PEYGIR_CASE_SORT_RECEIVED]     = { "c.received_on", "c.received_on DIR, c.id DIR" },
  [PEYGIR_CASE_SORT_UPDATED]      = { "c.updated_at",  "c.updated_at DIR, c.id DIR" },
  [PEYGIR_CASE_SORT_REGISTRATION] = { REG_KEY,         "c.reg_year DIR, c.reg_seq DIR, c.id DIR" },
  [PEYGIR_CASE_SORT_SERVICE_DUE]  = { "coalesce (c.service_due, 0)", "coalesce (c.service_due, 0) DIR, c.id DIR" },
  [PEYGIR_CASE_SORT_TRACKING]     = { "c.tracking_code COLL", "c.tracking_code COLL DIR, c.id DIR", TRUE },
  [PEYGIR_CASE_SORT_APPLICANT]    = { "c.applicant_name COLL", "c.applicant_name COLL DIR, c.id DIR", TRUE },
  [PEYGIR_CASE_SORT_SUBJECT]      = { "c.subject COLL", "c.subject COLL DIR, c.id DIR", TRUE },
  [PEYGIR_CASE_SORT_AGENCY]       = { "coalesce (a.name, '') COLL", "coalesce (a.name, '') COLL DIR, c.id DIR", TRUE },
  [PEYGIR_CASE_SORT_STATE]        = { STATE_KEY,       STATE_KEY " DIR, c.id DIR" },
  [PEYGIR_CASE_SORT_EXPERT]       = { "coalesce (u.name, '') COLL", "coalesce (u.name, '') COLL DIR, c.id DIR", TRUE },
  [PEYGIR_CASE_SORT_DEADLINE]     = { DEADLINE_KEY,    DEADLINE_KEY " DIR, c.id DIR" },
};

gboolean
peygir_case_sort_is_text (PeygirCaseSort sort)
{
  return sort < PEYGIR_N_CASE_SORTS && sorts[sort].text;
}

gint64
peygir_case_sort_key (const PeygirCase *kase,
                      PeygirCaseSort    sort)
{
  switch (sort)
    {
    case PEYGIR_CASE_SORT_RECEIVED:
      return kase->received_on;
    case PEYGIR_CASE_SORT_UPDATED:
      return kase->updated_at;
    case PEYGIR_CASE_SORT_REGISTRATION:
      {
        int year = 0, seq = 0;

        if (kase->registration_number != NULL)
          sscanf (kase->registration_number, "%d/%d", &year, &seq);
        return (gint64) year * 10000000 + seq;
      }
    case PEYGIR_CASE_SORT_SERVICE_DUE:
      return kase->service_due;
    case PEYGIR_CASE_SORT_STATE:
      return kase->state;
    case PEYGIR_CASE_SORT_DEADLINE:
      return kase->service_due != 0 ? kase->service_due : NO_DEADLINE;
    case PEYGIR_CASE_SORT_TRACKING:
    case PEYGIR_CASE_SORT_APPLICANT:
    case PEYGIR_CASE_SORT_SUBJECT:
    case PEYGIR_CASE_SORT_AGENCY:
    case PEYGIR_CASE_SORT_EXPERT:
    case PEYGIR_N_CASE_SORTS:
    default:
      return 0;
    }
}

const char *
peygir_case_sort_text (const PeygirCase *kase,
                       PeygirCaseSort    sort)
{
  switch (sort)
    {
    case PEYGIR_CASE_SORT_TRACKING:
      return kase->tracking_code;
    case PEYGIR_CASE_SORT_APPLICANT:
      return kase->applicant.name;
    case PEYGIR_CASE_SORT_SUBJECT:
      return kase->subject;
    case PEYGIR_CASE_SORT_AGENCY:
      return kase->agency_name != NULL ? kase->agency_name : "";
    case PEYGIR_CASE_SORT_EXPERT:
      return kase->expert_name != NULL ? kase->expert_name : "";
    case PEYGIR_CASE_SORT_RECEIVED:
    case PEYGIR_CASE_SORT_UPDATED:
    case PEYGIR_CASE_SORT_REGISTRATION:
    case PEYGIR_CASE_SORT_SERVICE_DUE:
    case PEYGIR_CASE_SORT_STATE:
    case PEYGIR_CASE_SORT_DEADLINE:
    case PEYGIR_N_CASE_SORTS:
    default:
      return NULL;
    }
}

/* " AND column IN ('a', 'b')" for the identifiers of @mask's bits, when it
 * is not every one of them: identifiers are the program's own words, never
 * what a user typed. */
static void
append_in_list (GString      *sql,
                const char   *column,
                guint         mask,
                guint         n,
                const char *(*to_string) (int value))
{
  gboolean first = TRUE;

  if (mask == 0 || (mask & ((1u << n) - 1)) == (1u << n) - 1)
    return;
  g_string_append_printf (sql, " AND %s IN (", column);
  for (guint v = 0; v < n; v++)
    if (mask & (1u << v))
      {
        g_string_append_printf (sql, "%s'%s'", first ? "" : ", ", to_string ((int) v));
        first = FALSE;
      }
  /* no known value asked for: nothing matches */
  g_string_append (sql, first ? "NULL)" : ")");
}

static const char *
state_id (int value)
{
  return peygir_state_to_string ((PeygirState) value);
}

static const char *
kind_id (int value)
{
  return peygir_kind_to_string ((PeygirCaseKind) value);
}

static const char *
channel_id (int value)
{
  return peygir_channel_to_string ((PeygirChannel) value);
}

/* The WHERE clause of a query, the same for a page and for its count. */
static void
append_filters (GString               *sql,
                const PeygirCaseQuery *query)
{
  g_string_append (sql, " WHERE TRUE");
  /* A queue with a partial index of its own (below) is read from it: the
   * state's index would have SQLite read the state's cases one by one
   * until 50 pass (141 page reads instead of 52 for the print queue at a
   * million cases). An expression over the column keeps SQLite off it. */
  append_in_list (sql,
                  query->undispatched_only || query->reminders_to_approve || query->paused_only
                  ? "(c.state || '')" : "c.state",
                  query->states, PEYGIR_N_STATES, state_id);
  append_in_list (sql, "c.kind", query->kinds, PEYGIR_N_KINDS, kind_id);
  append_in_list (sql, "c.channel", query->channels, PEYGIR_N_CHANNELS, channel_id);
  /* Driven from the partial indexes on referrals: only the overdue or
   * waiting ones are read, never the whole case table. The subqueries must
   * not refer to c: a correlated IN is run again for every case, which
   * took seconds on 10,000 cases (peygir-bench). */
  /* answer_due < :today implies it is not NULL: the partial indexes on it
   * serve the overdue queue in received order and its count */
  if (query->overdue_only)
    g_string_append (sql, " AND c.answer_due < :today");
  /* letters approved and not sent, and reminders for the manager: kept
   * on the case from its referrals (CASE_SET_FROM_REFERRALS), each with a
   * partial index in the inbox's order */
  if (query->undispatched_only)
    g_string_append (sql, " AND c.letters_waiting IS NOT NULL");
  if (query->reminders_to_approve)
    g_string_append (sql, " AND c.reminder_draft IS NOT NULL");
  if (query->paused_only)
    g_string_append (sql, " AND c.paused_at IS NOT NULL");
  if (query->expert_id != 0)
    g_string_append (sql, " AND c.expert_id = :expert_id");
  if (query->unassigned_only)
    g_string_append (sql, " AND c.expert_id IS NULL");
  if (query->agency_id != 0)
    g_string_append (sql, " AND c.agency_id = :agency_id");
  if (query->received_from != 0)
    g_string_append (sql, " AND c.received_on >= :received_from");
  if (query->received_until != 0)
    g_string_append (sql, " AND c.received_on <= :received_until");
  /* sorted by registration number, the unregistered have no place */
  if (query->sort == PEYGIR_CASE_SORT_REGISTRATION)
    g_string_append (sql, " AND c.reg_year IS NOT NULL");
}

static void
bind_filters (PeygirDbStatement     *stmt,
              const PeygirCaseQuery *query)
{
  _peygir_store_bind_today (stmt);
  if (query->expert_id != 0)
    peygir_db_bind_int64 (stmt, peygir_db_parameter (stmt, ":expert_id"), query->expert_id);
  if (query->agency_id != 0)
    peygir_db_bind_int64 (stmt, peygir_db_parameter (stmt, ":agency_id"), query->agency_id);
  if (query->received_from != 0)
    peygir_db_bind_int (stmt, peygir_db_parameter (stmt, ":received_from"), query->received_from);
  if (query->received_until != 0)
    peygir_db_bind_int (stmt, peygir_db_parameter (stmt, ":received_until"), query->received_until);
}

static GPtrArray *
collect_cases (PeygirStore   *self,
               PeygirDbStatement *stmt,
               GError       **error)
{
  return _peygir_store_collect_rows (self, stmt, (RowFunc) _peygir_store_case_from_row, (GDestroyNotify) peygir_case_free, error);
}

/* @text with each "COLL" replaced by the text sorts' collation of the
 * engine, and each "DIR" by @direction. */
static void
append_sort_text (GString     *sql,
                  PeygirStore *self,
                  const char  *text,
                  const char  *direction)
{
  g_autoptr(GString) part = g_string_new (text);

  g_string_replace (part, " COLL", self->server ? " COLLATE \"C\"" : "", 0);
  if (direction != NULL)
    g_string_replace (part, "DIR", direction, 0);
  g_string_append (sql, part->str);
}

GPtrArray *
peygir_store_list_cases (PeygirStore            *self,
                         const PeygirCaseQuery  *query,
                         GError                **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  const SortInfo *sort;

  g_return_val_if_fail (query->sort < G_N_ELEMENTS (sorts), NULL);
  g_return_val_if_fail (!query->has_cursor || !sorts[query->sort].text || query->after_text != NULL, NULL);
  sort = &sorts[query->sort];

  g_string_assign (sql, "SELECT " CASE_SELECT (SHORT_DESCRIPTION));
  append_filters (sql, query);
  if (query->has_cursor)
    {
      g_string_append (sql, " AND (");
      append_sort_text (sql, self, sort->key_column, NULL);
      g_string_append_printf (sql, ", c.id) %s (%s, :after_id)", query->descending ? "<" : ">",
                              sort->text ? "CAST (:after_text AS TEXT)" : ":after_key");
    }
  g_string_append (sql, " ORDER BY ");
  append_sort_text (sql, self, sort->order, query->descending ? "DESC" : "ASC");
  g_string_append (sql, " LIMIT :limit");

  {
    STORE_LOCK (self);
    g_autoptr(PeygirDbStatement) stmt = NULL;

    stmt = peygir_db_prepare_built (self->db, sql->str, error);
    if (stmt == NULL)
      return NULL;
    bind_filters (stmt, query);
    if (query->has_cursor)
      {
        if (sort->text)
          peygir_db_bind_text (stmt, peygir_db_parameter (stmt, ":after_text"), query->after_text);
        else
          peygir_db_bind_int64 (stmt, peygir_db_parameter (stmt, ":after_key"), query->after_key);
        peygir_db_bind_int64 (stmt, peygir_db_parameter (stmt, ":after_id"), query->after_id);
      }
    peygir_db_bind_int (stmt, peygir_db_parameter (stmt, ":limit"), query->limit > 0 ? (int) query->limit : 50);
    return collect_cases (self, stmt, error);
  }
}

gint64
peygir_store_count_cases (PeygirStore            *self,
                          const PeygirCaseQuery  *query,
                          GError                **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT count(*) FROM cases c");
  STORE_LOCK (self);
  g_autoptr(PeygirDbStatement) stmt = NULL;
  gint64 count;

  if (!_peygir_store_count_from_counts (self, query, &count, error))
    return -1;
  if (count >= 0)
    return count;

  append_filters (sql, query);

  stmt = peygir_db_prepare_built (self->db, sql->str, error);
  if (stmt == NULL)
    return -1;
  bind_filters (stmt, query);
  return _peygir_store_step_count (self, stmt, error);
}

gboolean
peygir_case_query_for_queue (PeygirCaseQuery       *query,
                             const PeygirQueueInfo *queue,
                             gint64                 user_id)
{
  g_return_val_if_fail (query != NULL && queue != NULL, FALSE);

  *query = (PeygirCaseQuery) { 0 };
  query->states = queue->states;
  query->overdue_only = queue->overdue_only;
  query->undispatched_only = queue->undispatched_only;
  query->reminders_to_approve = queue->reminders_to_approve;
  query->unassigned_only = queue->unassigned_only;
  if (queue->mine)
    /* a desk that does not know its user sees nobody's cases rather than everyone's */
    query->expert_id = user_id > 0 ? user_id : -1;
  return queue->overdue_only || queue->undispatched_only || queue->reminders_to_approve
         || queue->unassigned_only || queue->mine;
}

/* The cases in each state, the overdue answers and service targets (by
 * their days before today) and the average stays, from the counts and
 * per-day sums each action's transaction keeps: no query here reads a case
 * or an event. */
gboolean
peygir_store_get_step_figures (PeygirStore        *self,
                               gint64              since,
                               gint64              until,
                               PeygirStepFigures   figures[PEYGIR_N_STATES],
                               GError            **error)
{
  gint64 seconds[PEYGIR_N_STATES] = { 0, };
  const char *queries[] = {
    "SELECT state, sum (n) FROM case_counts GROUP BY state",
    "SELECT state, sum (n) FROM deadline_counts WHERE clock = 'answer' AND day < :today GROUP BY state",
    "SELECT state, sum (n) FROM deadline_counts WHERE clock = 'service' AND day < :today GROUP BY state",
    "SELECT state, sum (n), sum (seconds) FROM state_stays"
    " WHERE day BETWEEN :first AND :last GROUP BY state",
  };

  g_return_val_if_fail (PEYGIR_IS_STORE (self), FALSE);

  memset (figures, 0, sizeof (PeygirStepFigures) * PEYGIR_N_STATES);

  STORE_LOCK (self);
  if (!_peygir_store_tx_begin (self, FALSE, error))
    return FALSE;
  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare (self->db, queries[q], error);
      int rc;

      if (stmt == NULL)
        {
          _peygir_store_tx_end (self, FALSE, NULL);
          return FALSE;
        }
      _peygir_store_bind_today (stmt);
      if (q == 3)
        {
          peygir_db_bind_int (stmt, peygir_db_parameter (stmt, ":first"),
                              peygir_day_from_unix (since));
          peygir_db_bind_int (stmt, peygir_db_parameter (stmt, ":last"),
                              peygir_day_from_unix (MAX (since, until - 1)));
        }
      while ((rc = peygir_db_step (stmt)) == PEYGIR_DB_ROW)
        {
          PeygirState state;

          if (!COLUMN_ENUM (stmt, 0, state, &state))
            continue;
          if (q == 0)
            figures[state].open = peygir_db_column_int64 (stmt, 1);
          else if (q == 1)
            figures[state].overdue = peygir_db_column_int64 (stmt, 1);
          else if (q == 2)
            figures[state].service_overdue = peygir_db_column_int64 (stmt, 1);
          else
            {
              figures[state].passages = peygir_db_column_int64 (stmt, 1);
              seconds[state] = peygir_db_column_int64 (stmt, 2);
            }
        }
      if (rc != PEYGIR_DB_DONE)
        {
          peygir_db_set_error (self->db, error);
          _peygir_store_tx_end (self, FALSE, NULL);
          return FALSE;
        }
    }
  for (guint s = 0; s < PEYGIR_N_STATES; s++)
    if (figures[s].passages > 0)
      figures[s].average_seconds = seconds[s] / figures[s].passages;
  return _peygir_store_tx_end (self, TRUE, error);
}

static GPtrArray *
select_cases (PeygirStore  *self,
              const char   *where_and_order,
              const char   *text,
              guint         limit,
              GError      **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT " CASE_SELECT (SHORT_DESCRIPTION) " %s LIMIT :limit", where_and_order);
  g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare_built (self->db, sql, error);

  if (stmt == NULL)
    return NULL;
  /* named: a ?1 would be CASE_SELECT's :today, which comes first */
  _peygir_store_bind_today (stmt);
  peygir_db_bind_text (stmt, peygir_db_parameter (stmt, ":text"), text);
  peygir_db_bind_int (stmt, peygir_db_parameter (stmt, ":limit"), limit);
  return collect_cases (self, stmt, error);
}

/* A GIN index gives a word's cases in no order: a common word on a
 * million cases had every matching row read to keep the newest page (0.1 s
 * and more). So the newest cases are read first, newest first, each
 * vector matched as it comes, until a page is full (the coalesce keeps
 * the planner, generic plans too, off the GIN index here); a word rarer
 * than that window goes to the index, where it has few rows to read. */
#define SEARCH_WINDOW 10000

static GPtrArray *
search_words_on_server (PeygirStore  *self,
                        const char   *match,
                        guint         limit,
                        GError      **error)
{
  g_autoptr(PeygirDbStatement) max_id = peygir_db_prepare (self->db, "SELECT coalesce (max (id), 0) FROM cases", error);
  g_autoptr(PeygirDbStatement) stmt = NULL;
  g_autoptr(GPtrArray) found = NULL;
  gint64 newest;

  if (max_id == NULL || (newest = _peygir_store_step_count (self, max_id, error)) < 0)
    return NULL;
  stmt = peygir_db_prepare (self->db,
                            "SELECT " CASE_SELECT (SHORT_DESCRIPTION)
                            " WHERE c.id IN (SELECT s.case_id FROM case_search s, to_tsquery ('simple', :text) AS q"
                            "                WHERE coalesce (s.words, '') @@ q AND s.case_id > :floor"
                            "                ORDER BY s.case_id DESC LIMIT :limit)"
                            " ORDER BY c.id DESC LIMIT :limit", error);
  if (stmt == NULL)
    return NULL;
  _peygir_store_bind_today (stmt);
  peygir_db_bind_text (stmt, peygir_db_parameter (stmt, ":text"), match);
  peygir_db_bind_int64 (stmt, peygir_db_parameter (stmt, ":floor"), MAX (newest - SEARCH_WINDOW, 0));
  peygir_db_bind_int (stmt, peygir_db_parameter (stmt, ":limit"), limit);
  found = collect_cases (self, stmt, error);
  /* a full page, or the window held every case */
  if (found == NULL || found->len >= limit || newest <= SEARCH_WINDOW)
    return g_steal_pointer (&found);
  return select_cases (self,
                       "WHERE c.id IN (SELECT case_id FROM case_search WHERE words @@ to_tsquery ('simple', :text)"
                       " ORDER BY case_id DESC LIMIT :limit)"
                       " ORDER BY c.id DESC", match, limit, error);
}

GPtrArray *
peygir_store_search (PeygirStore  *self,
                     const char   *query,
                     guint         limit,
                     GError      **error)
{
  g_autofree char *digits = NULL;
  g_autofree char *match = NULL;
  g_autoptr(GPtrArray) found = NULL;
  int year, seq;

  if (limit == 0)
    limit = 50;
  if (query == NULL || !g_utf8_validate (query, -1, NULL))
    return g_ptr_array_new_with_free_func ((GDestroyNotify) peygir_case_free);

  STORE_LOCK (self);

  /* Numbers people read out on the phone first, each through its index. */
  /* a mobile copied from a phone's contacts starts with +98 */
  digits = peygir_text_digits_only (g_str_has_prefix (query, "+") ? query + 1 : query);
  if (digits != NULL && *digits != '\0')
    {
      g_autofree char *mobile = peygir_mobile_normalize (digits, NULL);

      if (peygir_tracking_code_is_valid (digits))
        found = select_cases (self, "WHERE c.tracking_code = :text", digits, limit, error);
      else if (mobile != NULL && !peygir_national_id_is_valid (digits))
        found = select_cases (self, "WHERE c.mobile = :text ORDER BY c.id DESC", mobile, limit, error);
      else
        /* ten digits beginning with 9 may be a national ID or a mobile without its 0 */
        found = select_cases (self,
                              "WHERE c.id IN (SELECT id FROM cases WHERE national_id = :text"
                              " UNION SELECT id FROM cases WHERE samad_code = :text"
                              " UNION SELECT id FROM cases WHERE mobile = '0' || :text)"
                              " ORDER BY c.id DESC", digits, limit, error);
      if (found == NULL || found->len > 0)
        return g_steal_pointer (&found);
      g_clear_pointer (&found, g_ptr_array_unref);
    }
  /* after the numbers, as "1405-12345" may also read as a tracking code */
  if (peygir_registration_number_parse (query, &year, &seq))
    {
      g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) year * 10000000 + seq);

      found = select_cases (self,
                            "WHERE c.reg_year = CAST (:text AS BIGINT) / 10000000"
                            " AND c.reg_seq = CAST (:text AS BIGINT) % 10000000", key, limit, error);
      if (found == NULL || found->len > 0)
        return g_steal_pointer (&found);
      g_clear_pointer (&found, g_ptr_array_unref);
    }

  match = self->server ? peygir_text_match_tsquery (query) : peygir_text_match_expression (query);
  if (match == NULL)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) peygir_case_free);

  if (self->server)
    return search_words_on_server (self, match, limit, error);
  /* Newest first: FTS5 walks its rowids in order, so a common word on a
   * million cases still stops after one page. */
  return select_cases (self,
                       "WHERE c.id IN (SELECT rowid FROM case_fts WHERE case_fts MATCH :text"
                       " ORDER BY rowid DESC LIMIT :limit)"
                       " ORDER BY c.id DESC", match, limit, error);
}

GPtrArray *
peygir_store_find_earlier_cases (PeygirStore  *self,
                                 const char   *national_id,
                                 const char   *mobile,
                                 gint64        exclude_case_id,
                                 GError      **error)
{
  g_autofree char *id_digits = national_id != NULL ? peygir_text_digits_only (national_id) : NULL;
  g_autofree char *mobile_norm = mobile != NULL ? peygir_mobile_normalize (mobile, NULL) : NULL;
  STORE_LOCK (self);
  g_autoptr(PeygirDbStatement) stmt = NULL;

  stmt = peygir_db_prepare (self->db,
                            "SELECT " CASE_SELECT (SHORT_DESCRIPTION)
                            " WHERE c.id IN (SELECT id FROM cases WHERE national_id = :nid"
                            "                UNION SELECT id FROM cases WHERE mobile = :mobile)"
                            "   AND c.id <> :exclude"
                            " ORDER BY c.id DESC LIMIT 20", error);
  if (stmt == NULL)
    return NULL;
  _peygir_store_bind_today (stmt);
  peygir_db_bind_text (stmt, peygir_db_parameter (stmt, ":nid"), id_digits != NULL && *id_digits ? id_digits : NULL);
  peygir_db_bind_text (stmt, peygir_db_parameter (stmt, ":mobile"), mobile_norm);
  peygir_db_bind_int64 (stmt, peygir_db_parameter (stmt, ":exclude"), exclude_case_id);
  return collect_cases (self, stmt, error);
}

static PeygirEvent *
event_from_row (PeygirDbStatement *stmt)
{
  PeygirEvent *event = g_new0 (PeygirEvent, 1);

  event->id = peygir_db_column_int64 (stmt, 0);
  event->case_id = peygir_db_column_int64 (stmt, 1);
  event->at = peygir_db_column_int64 (stmt, 2);
  event->actor_id = peygir_db_column_int64 (stmt, 3);
  event->actor_name = peygir_db_column_dup (stmt, 4);
  event->action = peygir_db_column_dup (stmt, 5);
  event->from_state = peygir_db_column_dup (stmt, 6);
  event->to_state = peygir_db_column_dup (stmt, 7);
  event->note = peygir_db_column_dup (stmt, 8);
  event->hash = peygir_db_column_dup (stmt, 9);
  event->operator_id = peygir_db_column_int64 (stmt, 10);
  event->operator_name = peygir_db_column_dup (stmt, 11);
  return event;
}

GPtrArray *
peygir_store_list_events (PeygirStore  *self,
                          gint64        case_id,
                          GError      **error)
{
  STORE_LOCK (self);
  g_autoptr(PeygirDbStatement) stmt =
    peygir_db_prepare (self->db,
                       "SELECT e.id, e.case_id, e.at, e.actor_id, u.name, e.action, e.from_state, e.to_state,"
                       " e.note, e.hash, e.operator_id, o.name FROM events e LEFT JOIN users u ON u.id = e.actor_id"
                       " LEFT JOIN users o ON o.id = e.operator_id"
                       " WHERE e.case_id = ? ORDER BY e.id", error);

  if (stmt == NULL)
    return NULL;
  peygir_db_bind_int64 (stmt, 1, case_id);
  return _peygir_store_collect_rows (self, stmt, (RowFunc) event_from_row, (GDestroyNotify) peygir_event_free, error);
}

static PeygirContact *
contact_from_row (PeygirDbStatement *stmt)
{
  PeygirContact *contact = g_new0 (PeygirContact, 1);

  contact->id = peygir_db_column_int64 (stmt, 0);
  contact->case_id = peygir_db_column_int64 (stmt, 1);
  contact->at = peygir_db_column_int64 (stmt, 2);
  contact->user_id = peygir_db_column_int64 (stmt, 3);
  contact->user_name = peygir_db_column_dup (stmt, 4);
  COLUMN_ENUM (stmt, 5, channel, &contact->channel);
  contact->note = peygir_db_column_dup (stmt, 6);
  return contact;
}

GPtrArray *
peygir_store_list_contacts (PeygirStore  *self,
                            gint64        case_id,
                            GError      **error)
{
  STORE_LOCK (self);
  g_autoptr(PeygirDbStatement) stmt =
    peygir_db_prepare (self->db,
                       "SELECT k.id, k.case_id, k.at, k.user_id, u.name, k.channel, k.note"
                       " FROM contacts k LEFT JOIN users u ON u.id = k.user_id"
                       " WHERE k.case_id = ? ORDER BY k.id", error);

  if (stmt == NULL)
    return NULL;
  peygir_db_bind_int64 (stmt, 1, case_id);
  return _peygir_store_collect_rows (self, stmt, (RowFunc) contact_from_row, (GDestroyNotify) peygir_contact_free, error);
}
