/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-store"

/* The cartable's counts without counting the cases. The database's
 * triggers keep them as cases change (peygir_schema_v7 says what each row
 * holds); here they are read, checked against a count of the cases, and
 * written anew. A window opening on a million cases reads a few pages of
 * them instead of the cases. */

#include <string.h>

#include "peygir-store-private.h"
#include "peygir-workflow.h"

/* The cases letters_waiting and reminder_draft may hold 1 for, read from
 * the referrals' and follow-ups' own indexes, never from every case. */
#define LETTERS_CANDIDATES \
  "(SELECT r.case_id FROM referrals r WHERE r.state = 'approved'" \
  " UNION SELECT r.case_id FROM follow_ups f JOIN referrals r ON r.id = f.referral_id" \
  " WHERE f.reminder = 'approved' AND r.state = 'dispatched')"
#define REMINDER_CANDIDATES \
  "(SELECT r.case_id FROM follow_ups f JOIN referrals r ON r.id = f.referral_id" \
  " WHERE f.reminder = 'draft' AND r.state = 'dispatched')"
#define ANSWER_CANDIDATES \
  "(SELECT r.case_id FROM referrals r WHERE r.state = 'dispatched')"

/* The cases whose kept columns differ from their referrals: those columns
 * set, or those the referrals say should be. */
#define STALE_COLUMNS \
  " WHERE (letters_waiting IS NOT NULL OR reminder_draft IS NOT NULL OR answer_due IS NOT NULL" \
  "        OR id IN " LETTERS_CANDIDATES " OR id IN " REMINDER_CANDIDATES " OR id IN " ANSWER_CANDIDATES ")" \
  " AND (letters_waiting IS DISTINCT FROM " CASE_LETTERS_WAITING \
  "      OR reminder_draft IS DISTINCT FROM " CASE_REMINDER_DRAFT \
  "      OR answer_due IS DISTINCT FROM " CASE_ANSWER_DUE ")"

/* What case_counts should hold, from the cases @where picks. */
#define CASE_COUNTS_OF(where) \
  "SELECT state, coalesce (expert_id, 0) AS expert_id," \
  " CASE WHEN letters_waiting IS NULL THEN 0 ELSE 1 END AS letters," \
  " CASE WHEN reminder_draft IS NULL THEN 0 ELSE 1 END AS reminders," \
  " CASE WHEN paused_at IS NULL THEN 0 ELSE 1 END AS paused, count (*) AS n" \
  " FROM cases WHERE " where " GROUP BY 1, 2, 3, 4, 5"
#define CASE_COUNTS_ACTUAL CASE_COUNTS_OF ("TRUE")

/* What deadline_counts should hold, from the cases, the service clock's
 * running states spelled from the workflow (RUNNING) as the triggers
 * spell them. */
#define DEADLINE_COUNTS_OF(where) \
  "SELECT 'answer' AS clock, coalesce (expert_id, 0) AS expert_id, answer_due AS day, state, count (*) AS n" \
  " FROM cases WHERE answer_due IS NOT NULL AND " where " GROUP BY 2, 3, 4" \
  " UNION ALL SELECT 'service', 0, service_due, state, count (*)" \
  " FROM cases WHERE service_due <> 0 AND paused_at IS NULL AND state IN (RUNNING) AND " where " GROUP BY 3, 4"
#define DEADLINE_COUNTS_ACTUAL DEADLINE_COUNTS_OF ("TRUE")

char *
_peygir_store_with_running_states (const char *sql)
{
  g_autoptr(GString) states = g_string_new (NULL);
  g_autoptr(GString) text = g_string_new (sql);

  for (guint s = 0; s < PEYGIR_N_STATES; s++)
    if (peygir_workflow_service_clock_runs ((PeygirState) s))
      g_string_append_printf (states, "%s'%s'", states->len > 0 ? ", " : "",
                              peygir_state_to_string ((PeygirState) s));
  g_string_replace (text, "RUNNING", states->str, 0);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

gboolean
_peygir_store_counts_rebuild (PeygirStore  *self,
                              GError      **error)
{
  g_autofree char *deadlines = _peygir_store_with_running_states ("INSERT INTO deadline_counts " DEADLINE_COUNTS_ACTUAL);

  return peygir_db_exec (self->db,
                         "UPDATE cases SET " CASE_SET_FROM_REFERRALS STALE_COLUMNS ";"
                         "DELETE FROM case_counts WHERE TRUE;"
                         "INSERT INTO case_counts " CASE_COUNTS_ACTUAL ";"
                         "DELETE FROM deadline_counts WHERE TRUE;", error)
         && peygir_db_exec (self->db, deadlines, error);
}

/* On a file, the insert's trigger costs the bulk path two thirds of a
 * case's row: it is set aside in the bulk's transaction (whose commit
 * puts it back with the rest, or whose rollback never took it away), and
 * the new cases counted at once. A server's trigger stays. */
gboolean
_peygir_store_counts_suspend (PeygirStore  *self,
                              GError      **error)
{
  return self->server || peygir_db_exec (self->db, "DROP TRIGGER cases_counted_insert", error);
}

gboolean
_peygir_store_counts_add_cases (PeygirStore  *self,
                                gint64        first,
                                gint64        last,
                                GError      **error)
{
  g_autofree char *trigger = NULL;
  g_autofree char *deadlines = NULL;
  const char *sql[2];

  if (self->server)
    return TRUE;
  trigger = _peygir_store_counted_insert_trigger ();
  deadlines = _peygir_store_with_running_states ("INSERT INTO deadline_counts "
                                                 DEADLINE_COUNTS_OF ("id BETWEEN ?1 AND ?2")
                                                 " ON CONFLICT DO UPDATE SET n = n + excluded.n");
  sql[0] = "INSERT INTO case_counts " CASE_COUNTS_OF ("id BETWEEN ?1 AND ?2")
           " ON CONFLICT DO UPDATE SET n = n + excluded.n";
  sql[1] = deadlines;
  for (guint i = 0; i < G_N_ELEMENTS (sql) && first != 0; i++)
    {
      g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare_built (self->db, sql[i], error);

      if (stmt == NULL)
        return FALSE;
      peygir_db_bind_int64 (stmt, 1, first);
      peygir_db_bind_int64 (stmt, 2, last);
      if (!peygir_db_step_done (stmt, error))
        return FALSE;
    }
  return peygir_db_exec (self->db, trigger, error);
}

/* Each statement is one read, at one moment, on both engines. */
gboolean
_peygir_store_counts_verify (PeygirStore  *self,
                             gint64       *differences,
                             GError      **error)
{
  g_autofree char *deadlines =
    _peygir_store_with_running_states ("WITH actual AS MATERIALIZED (" DEADLINE_COUNTS_ACTUAL "),"
                         " kept AS (SELECT clock, expert_id, day, state, n FROM deadline_counts WHERE n <> 0)"
                         " SELECT (SELECT count (*) FROM (SELECT * FROM actual EXCEPT SELECT * FROM kept) x)"
                         " + (SELECT count (*) FROM (SELECT * FROM kept EXCEPT SELECT * FROM actual) y)");
  const char *queries[] = {
    "SELECT count (*) FROM cases" STALE_COLUMNS,
    "WITH actual AS MATERIALIZED (" CASE_COUNTS_ACTUAL "),"
    " kept AS (SELECT state, expert_id, letters, reminders, paused, n FROM case_counts WHERE n <> 0)"
    " SELECT (SELECT count (*) FROM (SELECT * FROM actual EXCEPT SELECT * FROM kept) x)"
    " + (SELECT count (*) FROM (SELECT * FROM kept EXCEPT SELECT * FROM actual) y)",
    deadlines,
  };
  STORE_LOCK (self);

  *differences = 0;
  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare_built (self->db, queries[q], error);
      gint64 n;

      if (stmt == NULL || (n = _peygir_store_step_count (self, stmt, error)) < 0)
        return FALSE;
      *differences += n;
    }
  return TRUE;
}

gboolean
peygir_store_count_by_state (PeygirStore  *self,
                             gint64        counts[PEYGIR_N_STATES],
                             GError      **error)
{
  STORE_LOCK (self);
  g_autoptr(PeygirDbStatement) stmt = NULL;
  int rc;

  g_return_val_if_fail (PEYGIR_IS_STORE (self), FALSE);

  for (guint s = 0; s < PEYGIR_N_STATES; s++)
    counts[s] = 0;

  stmt = peygir_db_prepare (self->db, "SELECT state, sum (n) FROM case_counts GROUP BY state", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = peygir_db_step (stmt)) == PEYGIR_DB_ROW)
    {
      PeygirState state;

      if (COLUMN_ENUM (stmt, 0, state, &state))
        counts[state] = peygir_db_column_int64 (stmt, 1);
    }
  if (rc != PEYGIR_DB_DONE)
    return peygir_db_set_error (self->db, error);
  return TRUE;
}

/* Whether the counts keep every filter @query has. */
static gboolean
counts_hold (const PeygirCaseQuery *query)
{
  const guint all_kinds = (1u << PEYGIR_N_KINDS) - 1;
  const guint all_channels = (1u << PEYGIR_N_CHANNELS) - 1;

  if ((query->kinds != 0 && (query->kinds & all_kinds) != all_kinds)
      || (query->channels != 0 && (query->channels & all_channels) != all_channels)
      || query->agency_id != 0 || query->received_from != 0 || query->received_until != 0
      || query->sort == PEYGIR_CASE_SORT_REGISTRATION)
    return FALSE;
  /* an overdue answer is counted by its day alone */
  return !query->overdue_only
         || (!query->paused_only && !query->undispatched_only && !query->reminders_to_approve);
}

static gboolean
row_matches (const PeygirCaseQuery *query,
             PeygirState            state,
             gint64                 expert_id)
{
  if (query->states != 0 && !(query->states & PEYGIR_STATE_BIT (state)))
    return FALSE;
  if (query->expert_id != 0 && expert_id != query->expert_id)
    return FALSE;
  return !query->unassigned_only || expert_id == 0;
}

/* One row of case_counts (deadline_counts: letters, reminders and paused
 * unread, 0). */
typedef struct
{
  PeygirState state;
  gint64      expert_id;
  gint64      n;
  gboolean    letters;
  gboolean    reminders;
  gboolean    paused;
} CountRow;

/* The rows of case_counts, or with @overdue those of the answers overdue
 * today: a few pages whatever the number of cases. */
static GArray *
read_count_rows (PeygirStore  *self,
                 gboolean      overdue,
                 GError      **error)
{
  g_autoptr(PeygirDbStatement) stmt = NULL;
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (CountRow));
  int rc;

  if (overdue)
    {
      stmt = peygir_db_prepare (self->db,
                                "SELECT state, expert_id, n FROM deadline_counts"
                                " WHERE clock = 'answer' AND day < :today AND n <> 0", error);
      if (stmt != NULL)
        _peygir_store_bind_today (stmt);
    }
  else
    stmt = peygir_db_prepare (self->db,
                              "SELECT state, expert_id, n, letters, reminders, paused FROM case_counts"
                              " WHERE n <> 0", error);
  if (stmt == NULL)
    return NULL;

  while ((rc = peygir_db_step (stmt)) == PEYGIR_DB_ROW)
    {
      CountRow row = { 0 };

      if (!COLUMN_ENUM (stmt, 0, state, &row.state))
        continue;
      row.expert_id = peygir_db_column_int64 (stmt, 1);
      row.n = peygir_db_column_int64 (stmt, 2);
      if (!overdue)
        {
          row.letters = peygir_db_column_int (stmt, 3) != 0;
          row.reminders = peygir_db_column_int (stmt, 4) != 0;
          row.paused = peygir_db_column_int (stmt, 5) != 0;
        }
      g_array_append_val (rows, row);
    }
  if (rc != PEYGIR_DB_DONE)
    {
      peygir_db_set_error (self->db, error);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

/* What @query counts among @rows, read for it (read_count_rows () with
 * the query's overdue_only). */
static gint64
sum_count_rows (const PeygirCaseQuery *query,
                GArray                *rows)
{
  gint64 count = 0;

  for (guint i = 0; i < rows->len; i++)
    {
      const CountRow *row = &g_array_index (rows, CountRow, i);

      if (!row_matches (query, row->state, row->expert_id))
        continue;
      if (!query->overdue_only
          && ((query->undispatched_only && !row->letters)
              || (query->reminders_to_approve && !row->reminders)
              || (query->paused_only && !row->paused)))
        continue;
      count += row->n;
    }
  return count;
}

gboolean
_peygir_store_count_from_counts (PeygirStore            *self,
                                 const PeygirCaseQuery  *query,
                                 gint64                 *count,
                                 GError                **error)
{
  STORE_LOCK (self);
  g_autoptr(GArray) rows = NULL;

  *count = -1;
  if (!counts_hold (query))
    return TRUE;

  rows = read_count_rows (self, query->overdue_only, error);
  if (rows == NULL)
    return FALSE;
  *count = sum_count_rows (query, rows);
  return TRUE;
}

gboolean
peygir_store_count_cases_each (PeygirStore            *self,
                               const PeygirCaseQuery  *queries,
                               guint                   n_queries,
                               gint64                 *counts,
                               GError                **error)
{
  STORE_LOCK (self);
  /* each read once, when a query needs it */
  g_autoptr(GArray) counted = NULL;
  g_autoptr(GArray) overdue = NULL;

  g_return_val_if_fail (PEYGIR_IS_STORE (self), FALSE);
  g_return_val_if_fail (queries != NULL || n_queries == 0, FALSE);

  for (guint i = 0; i < n_queries; i++)
    {
      const PeygirCaseQuery *query = &queries[i];
      g_autoptr(GError) local_error = NULL;
      GArray **rows = query->overdue_only ? &overdue : &counted;

      if (!counts_hold (query))
        {
          counts[i] = peygir_store_count_cases (self, query, &local_error);
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          continue;
        }
      if (*rows == NULL)
        *rows = read_count_rows (self, query->overdue_only, error);
      if (*rows == NULL)
        return FALSE;
      counts[i] = sum_count_rows (query, *rows);
    }
  return TRUE;
}
