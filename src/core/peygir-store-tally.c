/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The report's figures kept as the work happens (report_tallies, schema
 * version 6), so that a year's report reads a few thousand rows of
 * per-day figures instead of the year's history.
 *
 * A case contributes a set of rows, a function of what the case is now:
 * its row, its events, its dispatched referrals, their follow-ups and its
 * contacts in person. A write to a case takes the case's contribution
 * away before its change (_peygir_store_tally_begin ()) and adds the new
 * one after (_peygir_store_tally_end ()), in the same transaction; who
 * acted on a case, which only grows, is added as each event is appended
 * (_peygir_store_tally_event ()). `check` computes every contribution
 * again from the history and compares (_peygir_store_tally_verify ()),
 * and `check --repair` and the migration write them anew
 * (_peygir_store_tally_rebuild ()).
 *
 * The rows hold days, never working days, which the report counts with
 * the calendar it has then: a holiday added later changes no row.
 *
 * Each row is (figure, day, key, a, b) → n; the figures:
 *   kind, channel, applicant_type, category, agency
 *       day: the day of receipt; key: the value (an agency's id in
 *       decimal, "" for none); one a case
 *   visit
 *       day: the day of receipt; a: the day of a contact in person
 *   state
 *       day: a day the case entered key (n + 1) or left it (n − 1), never
 *       before its day of receipt; summed up to a day, the cases in each
 *       state at its end
 *   closing, rejection
 *       day: the day the case entered closed (rejected); a: the day it did
 *       so next, 0 if never; for a closing, b: the day of receipt and key:
 *       the pauses of the service clock before it, "FROM-TO,…" in days
 *   referral
 *       day: the day of dispatch; key: the agency; a: the day of the
 *       answer, 0 if none; b: 1 if answered by the due day set at dispatch
 *   follow_up
 *       day: the referral's day of dispatch; key: the agency; a: the day
 *       of the follow-up
 *   handled
 *       day: a day someone acted on a case; key: the actor's id; a: the
 *       day they last acted on it before, 0 if never: so a case counts
 *       once in a period for those rows of it whose a lies before the
 *       period. */
#define G_LOG_DOMAIN "peygir-store"

#include <glib/gi18n-lib.h>

#include "peygir-store-private.h"

/* The cases a read of the rebuild or the check covers: short reads, so
 * that the other desks keep saving. */
#define TALLY_CHUNK 2000
/* How often the check computes the figures in short reads while the desks
 * save, before it takes one long read that holds their saves back. */
#define VERIFY_ATTEMPTS 3

typedef struct
{
  const char *figure;   /* static */
  gint64      day;
  char       *key;
  gint64      a;
  gint64      b;
  gint64      n;
} TallyRow;

struct _PeygirTally
{
  GHashTable *rows;     /* of TallyRow, by (figure, day, key, a, b) */
};

static void
tally_row_free (TallyRow *row)
{
  g_free (row->key);
  g_free (row);
}

static guint
tally_row_hash (gconstpointer data)
{
  const TallyRow *row = data;
  guint hash = g_str_hash (row->figure);

  hash = hash * 31 + g_int64_hash (&row->day);
  hash = hash * 31 + g_str_hash (row->key);
  hash = hash * 31 + g_int64_hash (&row->a);
  return hash * 31 + g_int64_hash (&row->b);
}

static gboolean
tally_row_equal (gconstpointer a,
                 gconstpointer b)
{
  const TallyRow *x = a, *y = b;

  return x->day == y->day && x->a == y->a && x->b == y->b
         && g_str_equal (x->figure, y->figure) && g_str_equal (x->key, y->key);
}

static PeygirTally *
tally_new (void)
{
  PeygirTally *tally = g_new0 (PeygirTally, 1);

  tally->rows = g_hash_table_new_full (tally_row_hash, tally_row_equal, (GDestroyNotify) tally_row_free, NULL);
  return tally;
}

/* The row of (@figure, @day, @key, @a, @b), or NULL. */
static TallyRow *
tally_lookup (PeygirTally *tally,
              const char  *figure,
              gint64       day,
              const char  *key,
              gint64       a,
              gint64       b)
{
  TallyRow probe = { figure, day, (char *) key, a, b, 0 };

  return g_hash_table_lookup (tally->rows, &probe);
}

void
_peygir_tally_free (PeygirTally *tally)
{
  if (tally == NULL)
    return;
  g_hash_table_unref (tally->rows);
  g_free (tally);
}

static void
tally_add (PeygirTally *tally,
           const char  *figure,
           gint64       day,
           const char  *key,
           gint64       a,
           gint64       b,
           gint64       n)
{
  TallyRow *row = tally_lookup (tally, figure, day, key, a, b);

  if (row == NULL)
    {
      row = g_new0 (TallyRow, 1);
      row->figure = figure;
      row->day = day;
      row->key = g_strdup (key);
      row->a = a;
      row->b = b;
      g_hash_table_add (tally->rows, row);
    }
  row->n += n;
}

static void
tally_add_id (PeygirTally *tally,
              const char  *figure,
              gint64       day,
              gint64       id,
              gint64       a,
              gint64       b,
              gint64       n)
{
  char key[24] = "";

  if (id != 0)
    g_snprintf (key, sizeof key, "%" G_GINT64_FORMAT, id);
  tally_add (tally, figure, day, key, a, b, n);
}

/* What one case's events add up to, gathered as they are read in order. */
typedef struct
{
  gint64      case_id;
  PeygirDay   received_on;
  const char *state;          /* static */
  PeygirDay   paused_since;   /* 0: the service clock runs */
  GString    *pauses;
  GArray     *closings;       /* of Ending */
  GArray     *rejections;     /* of Ending */
  GHashTable *last_acted;     /* actor id → the day they last acted (gint64 *) */
} CaseWalk;

typedef struct
{
  PeygirDay  day;
  char      *pauses;
} Ending;

/* A walk over some cases' rows, adding their contributions to @tally,
 * each row times @sign. */
typedef struct
{
  PeygirTally *tally;
  gint64       sign;
  gboolean     handled;    /* who acted on them too */
  GHashTable  *received;   /* case id → its day of receipt */
  CaseWalk     walk;
} TallyPass;

static void
ending_clear (gpointer data)
{
  g_free (((Ending *) data)->pauses);
}

/* The statements of a contribution, over the cases :first … :last. */
static const char cases_sql[] =
  "SELECT id, received_on, kind, channel, applicant_type, category, coalesce (agency_id, 0)"
  " FROM cases WHERE id BETWEEN :first AND :last ORDER BY id";
static const char events_sql[] =
  "SELECT case_id, at, action, from_state, to_state, coalesce (actor_id, 0)"
  " FROM events WHERE case_id BETWEEN :first AND :last ORDER BY case_id, id";
/* the due day set at dispatch: a first follow-up's previous one, else the referral's */
static const char referrals_sql[] =
  "SELECT r.case_id, r.agency_id, r.dispatched_at, r.answered_at,"
  " coalesce ((SELECT f.previous_due FROM follow_ups f WHERE f.referral_id = r.id ORDER BY f.id LIMIT 1), r.due)"
  " FROM referrals r WHERE r.case_id BETWEEN :first AND :last AND r.dispatched_at IS NOT NULL";
static const char follow_ups_sql[] =
  "SELECT r.case_id, r.agency_id, r.dispatched_at, f.at FROM follow_ups f JOIN referrals r ON r.id = f.referral_id"
  " WHERE r.case_id BETWEEN :first AND :last AND r.dispatched_at IS NOT NULL";
static const char visits_sql[] =
  "SELECT case_id, at FROM contacts WHERE case_id BETWEEN :first AND :last AND channel = 'in_person'";

static const char *
static_state (const char *text)
{
  PeygirState state;

  if (text == NULL || !peygir_state_from_string (text, &state))
    return NULL;
  return peygir_state_to_string (state);
}

static void
case_row (PeygirDbStatement *stmt,
          gpointer           data)
{
  TallyPass *pass = data;
  PeygirTally *tally = pass->tally;
  gint64 sign = pass->sign;
  gint64 id = peygir_db_column_int64 (stmt, 0);
  PeygirDay day = peygir_db_column_int (stmt, 1);
  static const char * const dimensions[] = { "kind", "channel", "applicant_type", "category" };

  for (guint i = 0; i < G_N_ELEMENTS (dimensions); i++)
    tally_add (tally, dimensions[i], day, peygir_db_column_text (stmt, 2 + i), 0, 0, sign);
  tally_add_id (tally, "agency", day, peygir_db_column_int64 (stmt, 6), 0, 0, sign);
  tally_add (tally, "state", day, peygir_state_to_string (PEYGIR_STATE_RECEIVED), 0, 0, sign);
  g_hash_table_insert (pass->received, g_memdup2 (&id, sizeof id), GINT_TO_POINTER (day));
}

static PeygirDay
received_day (GHashTable *received,
              gint64      case_id)
{
  return GPOINTER_TO_INT (g_hash_table_lookup (received, &case_id));
}

static void
case_walk_start (CaseWalk   *walk,
                 gint64      case_id,
                 GHashTable *received)
{
  walk->case_id = case_id;
  walk->received_on = received_day (received, case_id);
  walk->state = peygir_state_to_string (PEYGIR_STATE_RECEIVED);
  walk->paused_since = 0;
  g_string_truncate (walk->pauses, 0);
  g_array_set_size (walk->closings, 0);
  g_array_set_size (walk->rejections, 0);
  g_hash_table_remove_all (walk->last_acted);
}

/* A case's closings and rejections, each with the day of the next one. */
static void
case_walk_finish (CaseWalk    *walk,
                  PeygirTally *tally,
                  gint64       sign)
{
  for (guint i = 0; i < walk->closings->len; i++)
    {
      const Ending *ending = &g_array_index (walk->closings, Ending, i);
      PeygirDay next = i + 1 < walk->closings->len ? g_array_index (walk->closings, Ending, i + 1).day : 0;

      tally_add (tally, "closing", ending->day, ending->pauses, next, walk->received_on, sign);
    }
  for (guint i = 0; i < walk->rejections->len; i++)
    {
      PeygirDay next = i + 1 < walk->rejections->len ? g_array_index (walk->rejections, Ending, i + 1).day : 0;

      tally_add (tally, "rejection", g_array_index (walk->rejections, Ending, i).day, "", next, 0, sign);
    }
  walk->case_id = 0;
}

/* Adds who acted on a case that day, unless they had already. */
static void
tally_handled (PeygirTally *tally,
               gint64       actor_id,
               PeygirDay    day,
               PeygirDay    last_day)
{
  if (actor_id != 0 && day != last_day)
    tally_add_id (tally, "handled", day, actor_id, last_day, 0, 1);
}

static void
event_row (PeygirDbStatement *stmt,
           gpointer           data)
{
  TallyPass *pass = data;
  PeygirTally *tally = pass->tally;
  CaseWalk *walk = &pass->walk;
  gint64 case_id = peygir_db_column_int64 (stmt, 0);
  gint64 at = peygir_db_column_int64 (stmt, 1);
  PeygirDay day = peygir_day_from_unix (at);
  const char *action = peygir_db_column_text (stmt, 2);
  const char *from = static_state (peygir_db_column_text (stmt, 3));
  const char *to = static_state (peygir_db_column_text (stmt, 4));
  gint64 actor_id = peygir_db_column_int64 (stmt, 5);
  const char *closed = peygir_state_to_string (PEYGIR_STATE_CLOSED);
  const char *rejected = peygir_state_to_string (PEYGIR_STATE_REJECTED);

  if (case_id != walk->case_id)
    {
      if (walk->case_id != 0)
        case_walk_finish (walk, tally, pass->sign);
      case_walk_start (walk, case_id, pass->received);
    }

  if (pass->handled)
    {
      gint64 *last = g_hash_table_lookup (walk->last_acted, &actor_id);

      tally_handled (tally, actor_id, day, last != NULL ? *last : 0);
      if (last == NULL)
        {
          last = g_new (gint64, 1);
          g_hash_table_insert (walk->last_acted, g_memdup2 (&actor_id, sizeof actor_id), last);
        }
      *last = day;
    }

  /* the service clock stands from a wait for documents to their coming,
   * or to a closing that comes first (peygir-report.h) */
  if (g_strcmp0 (action, peygir_action_to_string (PEYGIR_ACTION_AWAIT_DOCUMENTS)) == 0)
    walk->paused_since = day;
  else if (walk->paused_since != 0
           && (g_strcmp0 (action, peygir_action_to_string (PEYGIR_ACTION_DOCUMENTS_RECEIVED)) == 0
               || g_strcmp0 (action, peygir_action_to_string (PEYGIR_ACTION_NOTIFY)) == 0))
    {
      g_string_append_printf (walk->pauses, "%s%d-%d", walk->pauses->len > 0 ? "," : "", walk->paused_since, day);
      walk->paused_since = 0;
    }

  if (to != NULL && to != walk->state)
    {
      PeygirDay since = MAX (day, walk->received_on);

      tally_add (tally, "state", since, walk->state, 0, 0, -pass->sign);
      tally_add (tally, "state", since, to, 0, 0, pass->sign);
      walk->state = to;
    }
  if (to == closed && from != closed)
    {
      Ending ending = { day, g_strdup (walk->pauses->str) };

      g_array_append_val (walk->closings, ending);
    }
  if (to == rejected && from != rejected)
    {
      Ending ending = { day, NULL };

      g_array_append_val (walk->rejections, ending);
    }
}

static void
referral_row (PeygirDbStatement *stmt,
              gpointer           data)
{
  TallyPass *pass = data;
  PeygirDay dispatched = peygir_day_from_unix (peygir_db_column_int64 (stmt, 2));
  PeygirDay answered = 0;
  gboolean on_time = FALSE;

  if (!peygir_db_column_is_null (stmt, 3))
    {
      answered = peygir_day_from_unix (peygir_db_column_int64 (stmt, 3));
      on_time = answered <= peygir_db_column_int (stmt, 4);
    }
  tally_add_id (pass->tally, "referral", dispatched, peygir_db_column_int64 (stmt, 1), answered, on_time, pass->sign);
}

static void
follow_up_row (PeygirDbStatement *stmt,
               gpointer           data)
{
  TallyPass *pass = data;

  tally_add_id (pass->tally, "follow_up", peygir_day_from_unix (peygir_db_column_int64 (stmt, 2)),
                peygir_db_column_int64 (stmt, 1), peygir_day_from_unix (peygir_db_column_int64 (stmt, 3)), 0,
                pass->sign);
}

static void
visit_row (PeygirDbStatement *stmt,
           gpointer           data)
{
  TallyPass *pass = data;

  tally_add (pass->tally, "visit", received_day (pass->received, peygir_db_column_int64 (stmt, 0)), "",
             peygir_day_from_unix (peygir_db_column_int64 (stmt, 1)), 0, pass->sign);
}

/* Adds the contributions of the cases @first … @last to @tally, each
 * row times @sign; with @handled, who acted on them too. */
static gboolean
tally_cases (PeygirStore  *self,
             gint64        first,
             gint64        last,
             gint64        sign,
             gboolean      handled,
             PeygirTally  *tally,
             GError      **error)
{
  g_autoptr(GHashTable) received = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  TallyPass pass = { tally, sign, handled, received, { 0, } };
  gboolean ok;

  if (!_peygir_store_read_between (self, cases_sql, first, last, case_row, &pass, error))
    return FALSE;

  pass.walk.pauses = g_string_new (NULL);
  pass.walk.closings = g_array_new (FALSE, FALSE, sizeof (Ending));
  g_array_set_clear_func (pass.walk.closings, ending_clear);
  pass.walk.rejections = g_array_new (FALSE, FALSE, sizeof (Ending));
  pass.walk.last_acted = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  ok = _peygir_store_read_between (self, events_sql, first, last, event_row, &pass, error);
  if (ok && pass.walk.case_id != 0)
    case_walk_finish (&pass.walk, tally, sign);
  g_string_free (pass.walk.pauses, TRUE);
  g_array_unref (pass.walk.closings);
  g_array_unref (pass.walk.rejections);
  g_hash_table_unref (pass.walk.last_acted);

  return ok
         && _peygir_store_read_between (self, referrals_sql, first, last, referral_row, &pass, error)
         && _peygir_store_read_between (self, follow_ups_sql, first, last, follow_up_row, &pass, error)
         && _peygir_store_read_between (self, visits_sql, first, last, visit_row, &pass, error);
}

static gboolean
write_tally (PeygirStore  *self,
             PeygirTally  *tally,
             GError      **error)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, tally->rows);
  while (g_hash_table_iter_next (&iter, &value, NULL))
    {
      TallyRow *row = value;

      if (row->n == 0)
        continue;
      for (int i = 0; i < 2; i++)
        {
          g_autoptr(PeygirDbStatement) stmt =
            peygir_db_prepare (self->db,
                               i == 0
                               ? "INSERT INTO report_tallies (figure, day, key, a, b, n) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                                 " ON CONFLICT (figure, day, key, a, b) DO UPDATE SET n = report_tallies.n + excluded.n"
                               : "DELETE FROM report_tallies WHERE figure = ?1 AND day = ?2 AND key = ?3 AND a = ?4"
                                 " AND b = ?5 AND n = 0", error);
          if (stmt == NULL)
            return FALSE;
          peygir_db_bind_text (stmt, 1, row->figure);
          peygir_db_bind_int64 (stmt, 2, row->day);
          peygir_db_bind_text (stmt, 3, row->key);
          peygir_db_bind_int64 (stmt, 4, row->a);
          peygir_db_bind_int64 (stmt, 5, row->b);
          if (i == 0)
            peygir_db_bind_int64 (stmt, 6, row->n);
          if (!peygir_db_step_done (stmt, error))
            return FALSE;
        }
    }
  return TRUE;
}

PeygirTally *
_peygir_store_tally_begin (PeygirStore  *self,
                           gint64        case_id,
                           GError      **error)
{
  g_autoptr(PeygirTally) tally = tally_new ();

  if (case_id != 0 && !tally_cases (self, case_id, case_id, -1, FALSE, tally, error))
    return NULL;
  return g_steal_pointer (&tally);
}

gboolean
_peygir_store_tally_end (PeygirStore  *self,
                         PeygirTally  *tally,
                         gint64        case_id,
                         GError      **error)
{
  g_return_val_if_fail (tally != NULL, FALSE);

  return tally_cases (self, case_id, case_id, 1, FALSE, tally, error)
         && write_tally (self, tally, error);
}

gboolean
_peygir_store_tally_event (PeygirStore  *self,
                           gint64        case_id,
                           gint64        actor_id,
                           gint64        at,
                           GError      **error)
{
  g_autoptr(PeygirDbStatement) stmt = NULL;
  g_autoptr(PeygirTally) tally = NULL;
  PeygirDay last_day = 0;
  int rc;

  if (case_id == 0 || actor_id == 0)
    return TRUE;
  stmt = peygir_db_prepare (self->db, "SELECT at FROM events WHERE case_id = ? AND actor_id = ?"
                            " ORDER BY id DESC LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  peygir_db_bind_int64 (stmt, 1, case_id);
  peygir_db_bind_int64 (stmt, 2, actor_id);
  rc = peygir_db_step (stmt);
  if (rc == PEYGIR_DB_ROW)
    last_day = peygir_day_from_unix (peygir_db_column_int64 (stmt, 0));
  else if (rc != PEYGIR_DB_DONE)
    return peygir_db_set_error (self->db, error);
  peygir_db_statement_release (g_steal_pointer (&stmt));

  tally = tally_new ();
  tally_handled (tally, actor_id, peygir_day_from_unix (at), last_day);
  return write_tally (self, tally, error);
}

gboolean
_peygir_store_tally_add_cases (PeygirStore  *self,
                               gint64        first,
                               gint64        last,
                               GError      **error)
{
  g_autoptr(PeygirTally) tally = tally_new ();

  return tally_cases (self, first, last, 1, TRUE, tally, error)
         && write_tally (self, tally, error);
}

/* The highest id of @table ("cases", "events"), 0 when empty. */
static gboolean
read_last_id (PeygirStore  *self,
              const char   *table,
              gint64       *last,
              GError      **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce (max (id), 0) FROM %s", table);
  STORE_LOCK (self);
  g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare_built (self->db, sql, error);

  if (stmt == NULL)
    return FALSE;
  *last = _peygir_store_step_count (self, stmt, error);
  return *last >= 0;
}

/* Every case's contribution and who acted on them, read a chunk of cases
 * at a time. */
static PeygirTally *
tally_everything (PeygirStore  *self,
                  GError      **error)
{
  g_autoptr(PeygirTally) tally = tally_new ();
  gint64 last = 0;

  if (!read_last_id (self, "cases", &last, error))
    return NULL;
  for (gint64 first = 1; first <= last; first += TALLY_CHUNK)
    {
      STORE_LOCK (self);
      if (!tally_cases (self, first, first + TALLY_CHUNK - 1, 1, TRUE, tally, error))
        return NULL;
    }
  return g_steal_pointer (&tally);
}

gboolean
_peygir_store_tally_rebuild (PeygirStore  *self,
                             GError      **error)
{
  g_autoptr(PeygirTally) tally = tally_everything (self, error);

  return tally != NULL
         && peygir_db_exec (self->db, "DELETE FROM report_tallies", error)
         && write_tally (self, tally, error);
}

static gboolean
verify_once (PeygirStore  *self,
             gint64       *differences,
             GError      **error)
{
  g_autoptr(PeygirTally) expected = tally_everything (self, error);
  g_autoptr(PeygirDbStatement) stmt = NULL;
  GHashTableIter iter;
  gpointer value;
  int rc;

  if (expected == NULL)
    return FALSE;
  *differences = 0;

  /* take what is stored away from what should be: what is left differs */
  STORE_LOCK (self);
  stmt = peygir_db_prepare (self->db, "SELECT figure, day, key, a, b, n FROM report_tallies", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = peygir_db_step (stmt)) == PEYGIR_DB_ROW)
    {
      TallyRow *row = tally_lookup (expected, peygir_db_column_text (stmt, 0), peygir_db_column_int64 (stmt, 1),
                                    peygir_db_column_text (stmt, 2), peygir_db_column_int64 (stmt, 3),
                                    peygir_db_column_int64 (stmt, 4));

      if (row != NULL)
        row->n -= peygir_db_column_int64 (stmt, 5);
      else
        (*differences)++;
    }
  if (rc != PEYGIR_DB_DONE)
    return peygir_db_set_error (self->db, error);

  g_hash_table_iter_init (&iter, expected->rows);
  while (g_hash_table_iter_next (&iter, &value, NULL))
    if (((TallyRow *) value)->n != 0)
      (*differences)++;
  return TRUE;
}

/* In short reads, so that the desks keep saving; a result counts only
 * when no event was appended meanwhile, else the figures were read at two
 * moments. After a few tries, one read that sees a single moment. */
gboolean
_peygir_store_tally_verify (PeygirStore  *self,
                            gint64       *differences,
                            GError      **error)
{
  for (int attempt = 0; attempt < VERIFY_ATTEMPTS; attempt++)
    {
      gint64 before = 0, after = 0;

      /* every write that changes the figures appends an event */
      if (!read_last_id (self, "events", &before, error)
          || !verify_once (self, differences, error)
          || !read_last_id (self, "events", &after, error))
        return FALSE;
      if (before == after)
        return TRUE;
    }

  {
    STORE_LOCK (self);
    gboolean ok;

    if (!_peygir_store_tx_begin (self, FALSE, error))
      return FALSE;
    ok = verify_once (self, differences, error);
    return _peygir_store_tx_end (self, ok, error) && ok;
  }
}
