/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-store"

/* Cases: reading them, creating and editing them, their search rows
 * and their registration numbers. */

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "peygir-clock.h"
#include "peygir-error.h"
#include "peygir-store-private.h"
#include "peygir-text.h"
#include "peygir-workflow.h"

/* Cases: reading. */

PeygirCase *
_peygir_store_case_from_row (PeygirDbStatement *stmt)
{
  PeygirCase *kase = g_new0 (PeygirCase, 1);
  PeygirDay now = _peygir_store_today ();
  int i = 0;

  kase->id = peygir_db_column_int64 (stmt, i++);
  kase->tracking_code = peygir_db_column_dup (stmt, i++);
  if (!peygir_db_column_is_null (stmt, i))
    kase->registration_number = g_strdup_printf ("%d/%d", peygir_db_column_int (stmt, i), peygir_db_column_int (stmt, i + 1));
  i += 2;
  COLUMN_ENUM (stmt, i++, kind, &kase->kind);
  COLUMN_ENUM (stmt, i++, applicant_type, &kase->applicant.type);
  kase->applicant.name = peygir_db_column_dup (stmt, i++);
  kase->applicant.national_id = peygir_db_column_dup (stmt, i++);
  kase->applicant.mobile = peygir_db_column_dup (stmt, i++);
  kase->applicant.phone = peygir_db_column_dup (stmt, i++);
  kase->applicant.address = peygir_db_column_dup (stmt, i++);
  kase->applicant.postal_code = peygir_db_column_dup (stmt, i++);
  kase->applicant.email = peygir_db_column_dup (stmt, i++);
  kase->subject = peygir_db_column_dup (stmt, i++);
  kase->description = peygir_db_column_dup (stmt, i++);
  COLUMN_ENUM (stmt, i++, category, &kase->category);
  kase->agency_id = peygir_db_column_int64 (stmt, i++);
  kase->agency_name = peygir_db_column_dup (stmt, i++);
  COLUMN_ENUM (stmt, i++, channel, &kase->channel);
  kase->samad_code = peygir_db_column_dup (stmt, i++);
  kase->linked_case_id = peygir_db_column_int64 (stmt, i++);
  COLUMN_ENUM (stmt, i++, state, &kase->state);
  kase->expert_id = peygir_db_column_int64 (stmt, i++);
  kase->expert_name = peygir_db_column_dup (stmt, i++);
  kase->received_on = peygir_db_column_int (stmt, i++);
  kase->created_at = peygir_db_column_int64 (stmt, i++);
  kase->registered_at = peygir_db_column_int64 (stmt, i++);
  kase->updated_at = peygir_db_column_int64 (stmt, i++);
  kase->closed_at = peygir_db_column_int64 (stmt, i++);
  kase->service_due = peygir_db_column_int (stmt, i++);
  kase->paused_at = peygir_db_column_int64 (stmt, i++);
  kase->round = peygir_db_column_int (stmt, i++);
  kase->version = peygir_db_column_int (stmt, i++);
  kase->overdue = peygir_db_column_int (stmt, i++);

  kase->service_overdue = kase->service_due != 0
                          && kase->paused_at == 0
                          && kase->service_due < now
                          && peygir_workflow_service_clock_runs (kase->state);
  return kase;
}

void
_peygir_store_bind_today (PeygirDbStatement *stmt)
{
  int index = peygir_db_parameter (stmt, ":today");

  if (index > 0)
    peygir_db_bind_int (stmt, index, _peygir_store_today ());
}

/* With the referral, its latest reminder letter (m: the newest follow-up
 * by letter that was not withdrawn) and the day that one was sent. */
#define REFERRAL_COLUMNS \
  "r.id, r.case_id, r.agency_id, a.name, a.head_title, r.round, r.state, r.letter_text," \
  " r.drafted_by, r.drafted_at, r.approved_by, u.name, r.approved_at, r.letter_number," \
  " r.dispatched_at, r.due, r.answer, r.answered_at," \
  " (SELECT count(*) FROM follow_ups f WHERE f.referral_id = r.id)," \
  " m.reminder, m.id, m.letter_number, l.issued_at, m.note, m.signer_id," \
  " r.answer_number, r.answer_date, r.answer_document_id" \
  " FROM referrals r JOIN agencies a ON a.id = r.agency_id LEFT JOIN users u ON u.id = r.approved_by" \
  " LEFT JOIN follow_ups m ON m.id = (SELECT max (f.id) FROM follow_ups f WHERE f.referral_id = r.id" \
  "                                   AND f.reminder IS NOT NULL AND f.reminder <> 'withdrawn')" \
  " LEFT JOIN letters l ON l.number = m.letter_number"

static PeygirReferral *
referral_from_row (PeygirDbStatement *stmt)
{
  PeygirReferral *referral = g_new0 (PeygirReferral, 1);
  int i = 0;

  referral->id = peygir_db_column_int64 (stmt, i++);
  referral->case_id = peygir_db_column_int64 (stmt, i++);
  referral->agency_id = peygir_db_column_int64 (stmt, i++);
  referral->agency_name = peygir_db_column_dup (stmt, i++);
  referral->agency_head_title = peygir_db_column_dup (stmt, i++);
  referral->round = peygir_db_column_int (stmt, i++);
  COLUMN_ENUM (stmt, i++, referral_state, &referral->state);
  referral->letter_text = peygir_db_column_dup (stmt, i++);
  referral->drafted_by = peygir_db_column_int64 (stmt, i++);
  referral->drafted_at = peygir_db_column_int64 (stmt, i++);
  referral->approved_by = peygir_db_column_int64 (stmt, i++);
  referral->approved_by_name = peygir_db_column_dup (stmt, i++);
  referral->approved_at = peygir_db_column_int64 (stmt, i++);
  referral->letter_number = peygir_db_column_dup (stmt, i++);
  referral->dispatched_at = peygir_db_column_int64 (stmt, i++);
  referral->due = peygir_db_column_int (stmt, i++);
  referral->answer = peygir_db_column_dup (stmt, i++);
  referral->answered_at = peygir_db_column_int64 (stmt, i++);
  referral->follow_ups = peygir_db_column_int (stmt, i++);
  if (!peygir_db_column_is_null (stmt, i))
    COLUMN_ENUM (stmt, i, reminder_state, &referral->reminder);
  i++;
  referral->reminder_follow_up_id = peygir_db_column_int64 (stmt, i++);
  referral->last_reminder_number = peygir_db_column_dup (stmt, i++);
  referral->last_reminder_at = peygir_db_column_int64 (stmt, i++);
  referral->last_reminder_note = peygir_db_column_dup (stmt, i++);
  referral->reminder_signer_id = peygir_db_column_int64 (stmt, i++);
  referral->answer_number = peygir_db_column_dup (stmt, i++);
  referral->answer_date = peygir_db_column_int (stmt, i++);
  referral->answer_document_id = peygir_db_column_int64 (stmt, i++);
  referral->overdue = referral->state == PEYGIR_REFERRAL_DISPATCHED && referral->due != 0 && referral->due < _peygir_store_today ();
  return referral;
}

static GPtrArray *
read_referrals (PeygirStore  *self,
                gint64        case_id,
                GError      **error)
{
  g_autoptr(PeygirDbStatement) stmt =
    peygir_db_prepare (self->db, "SELECT " REFERRAL_COLUMNS " WHERE r.case_id = ? ORDER BY r.id", error);

  if (stmt == NULL)
    return NULL;
  peygir_db_bind_int64 (stmt, 1, case_id);
  return _peygir_store_collect_rows (self, stmt, (RowFunc) referral_from_row, (GDestroyNotify) peygir_referral_free, error);
}

/* One case by a condition on :key1 (and :key2): numbers, or a text for
 * :key1. Named, not ?1: CASE_SELECT's :today comes first in the text and
 * would take the number 1. */
static PeygirCase *
read_case_where (PeygirStore       *self,
                 const char        *where,
                 gint64             key1,
                 gint64             key2,
                 const char        *text_key,
                 PeygirCaseDetail   detail,
                 GError           **error)
{
  g_autofree char *sql = NULL;
  g_autoptr(PeygirCase) kase = NULL;

  sql = g_strdup_printf ("SELECT " CASE_SELECT (FULL_DESCRIPTION) " WHERE %s", where);
  {
    g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare_built (self->db, sql, error);

    if (stmt == NULL)
      return NULL;
    _peygir_store_bind_today (stmt);
    if (text_key != NULL)
      peygir_db_bind_text (stmt, peygir_db_parameter (stmt, ":key1"), text_key);
    else
      peygir_db_bind_int64 (stmt, peygir_db_parameter (stmt, ":key1"), key1);
    if (peygir_db_parameter (stmt, ":key2") > 0)
      peygir_db_bind_int64 (stmt, peygir_db_parameter (stmt, ":key2"), key2);
    if (text_key != NULL
        ? !_peygir_store_step_expect (self, stmt, PEYGIR_DB_ROW, error,
                                      PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_FOUND,
                                      _("No case has the number “%s”."), text_key)
        : !_peygir_store_step_expect (self, stmt, PEYGIR_DB_ROW, error,
                                      PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_FOUND,
                                      _("There is no case number %" PRId64 "."), key1))
      return NULL;
    kase = _peygir_store_case_from_row (stmt);
  }

  if (detail & PEYGIR_CASE_DETAIL_REFERRALS)
    {
      kase->referrals = read_referrals (self, kase->id, error);
      if (kase->referrals == NULL)
        return NULL;
    }
  return g_steal_pointer (&kase);
}

PeygirCase *
_peygir_store_read_case (PeygirStore       *self,
                         gint64             id,
                         PeygirCaseDetail   detail,
                         GError           **error)
{
  return read_case_where (self, "c.id = :key1", id, 0, NULL, detail, error);
}

PeygirCase *
peygir_store_get_case (PeygirStore       *self,
                       gint64             id,
                       PeygirCaseDetail   detail,
                       GError           **error)
{
  PeygirCase *kase;

  STORE_LOCK (self);
  /* one read transaction, so the case and its referrals agree */
  if (!_peygir_store_tx_begin (self, FALSE, error))
    return NULL;
  kase = _peygir_store_read_case (self, id, detail, error);
  _peygir_store_tx_end (self, TRUE, NULL);
  return kase;
}

PeygirCase *
peygir_store_find_case (PeygirStore       *self,
                        const char        *code,
                        PeygirCaseDetail   detail,
                        GError           **error)
{
  g_autofree char *digits = peygir_text_digits_only (code);
  g_autoptr(GError) local_error = NULL;
  PeygirCase *kase = NULL;
  gboolean tried = FALSE;
  int year, seq;

  STORE_LOCK (self);
  if (!_peygir_store_tx_begin (self, FALSE, error))
    return NULL;

  if (digits != NULL && peygir_tracking_code_is_valid (digits))
    {
      kase = read_case_where (self, "c.tracking_code = :key1", 0, 0, digits, detail, &local_error);
      tried = TRUE;
    }
  /* "1405-12345" may also read as a tracking code that nobody was given */
  if (kase == NULL && peygir_registration_number_parse (code, &year, &seq)
      && (local_error == NULL || g_error_matches (local_error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_FOUND)))
    {
      g_clear_error (&local_error);
      kase = read_case_where (self, "c.reg_year = :key1 AND c.reg_seq = :key2", year, seq, NULL, detail, &local_error);
      tried = TRUE;
    }
  if (!tried)
    g_set_error (&local_error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_FOUND,
                 _("“%s” is neither a tracking code nor a registration number."), code);

  _peygir_store_tx_end (self, TRUE, NULL);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return kase;
}

/* Cases: writing. */

gboolean
_peygir_store_check_agency_usable (PeygirStore  *self,
                                   gint64        agency_id,
                                   GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(PeygirAgency) agency = _peygir_store_read_agency (self, agency_id, &local_error);

  if (agency == NULL)
    {
      if (g_error_matches (local_error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_FOUND))
        g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID,
                     _("There is no agency number %" PRId64 "."), agency_id);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!agency->active)
    {
      g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID,
                   _("The agency “%s” is no longer in use."), agency->name);
      return FALSE;
    }
  return TRUE;
}

gboolean
_peygir_store_case_exists (PeygirStore  *self,
                           gint64        case_id,
                           GError      **error)
{
  g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare (self->db, "SELECT 1 FROM cases WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  peygir_db_bind_int64 (stmt, 1, case_id);
  return _peygir_store_step_expect (self, stmt, PEYGIR_DB_ROW, error,
                                    PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_FOUND,
                                    _("There is no case number %" PRId64 "."), case_id);
}

/* The search index: SQLite's FTS5 table, or the server's tsvector table. */
#define SEARCH_ROW_DELETE(self) \
  ((self)->server ? "DELETE FROM case_search WHERE case_id = ?" : "DELETE FROM case_fts WHERE rowid = ?")

/* The agencies' answers to a case, with their letter numbers, in one text
 * (NULL when there is none yet). */
static gboolean
read_answers (PeygirStore  *self,
              gint64        case_id,
              char        **answers,
              GError      **error)
{
  g_autoptr(PeygirDbStatement) stmt =
    peygir_db_prepare (self->db,
                       "SELECT answer, answer_number FROM referrals"
                       " WHERE case_id = ? AND answer IS NOT NULL ORDER BY id", error);
  g_autoptr(GString) text = NULL;
  int rc;

  if (stmt == NULL)
    return FALSE;
  peygir_db_bind_int64 (stmt, 1, case_id);
  while ((rc = peygir_db_step (stmt)) == PEYGIR_DB_ROW)
    {
      const char *number = peygir_db_column_text (stmt, 1);

      if (text == NULL)
        text = g_string_new (NULL);
      else
        g_string_append_c (text, ' ');
      g_string_append (text, peygir_db_column_text (stmt, 0));
      if (number != NULL)
        g_string_append_printf (text, " %s", number);
    }
  if (rc != PEYGIR_DB_DONE)
    return peygir_db_set_error (self->db, error);
  *answers = text != NULL ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
  return TRUE;
}

/* The search row of a case: names, subject, description and every answer,
 * normalised (peygir_text_index_forms). Rewritten whole on each change.
 * A case gone (its creation undone in a batch) loses its row. */
static gboolean
rewrite_search_row (PeygirStore  *self,
                    gint64        case_id,
                    gboolean      missing_ok,
                    GError      **error)
{
  g_autofree char *name = NULL, *subject = NULL, *description = NULL, *answers = NULL;
  int rc;

  {
    g_autoptr(PeygirDbStatement) stmt =
      peygir_db_prepare (self->db,
                         "SELECT applicant_name, subject, description FROM cases WHERE id = ?", error);
    if (stmt == NULL)
      return FALSE;
    peygir_db_bind_int64 (stmt, 1, case_id);
    rc = peygir_db_step (stmt);
    if (rc == PEYGIR_DB_DONE && missing_ok)
      {
        g_autoptr(PeygirDbStatement) gone = peygir_db_prepare (self->db, SEARCH_ROW_DELETE (self), error);

        if (gone == NULL)
          return FALSE;
        peygir_db_bind_int64 (gone, 1, case_id);
        return peygir_db_step_done (gone, error);
      }
    if (rc != PEYGIR_DB_ROW)
      return rc == PEYGIR_DB_DONE ? peygir_db_set_error_as (self->db, PEYGIR_STORE_ERROR_CORRUPT, error)
                                 : peygir_db_set_error (self->db, error);
    name = peygir_db_column_dup (stmt, 0);
    subject = peygir_db_column_dup (stmt, 1);
    description = peygir_db_column_dup (stmt, 2);
  }
  if (!read_answers (self, case_id, &answers, error))
    return FALSE;
  return _peygir_store_insert_search_row (self, case_id, name, subject, description, answers, TRUE, error);
}

gboolean
_peygir_store_insert_search_row (PeygirStore  *self,
                                 gint64        case_id,
                                 const char   *name,
                                 const char   *subject,
                                 const char   *description,
                                 const char   *answers,
                                 gboolean      replace,
                                 GError      **error)
{
  /* g_autofree on an array would free only its first element */
  g_auto(GStrv) body = g_new0 (char *, 5);
  g_auto(GStrv) extra = g_new0 (char *, 5);
  g_autofree char *all_extra = NULL;

  peygir_text_index_forms (name, &body[0], &extra[0]);
  peygir_text_index_forms (subject, &body[1], &extra[1]);
  peygir_text_index_forms (description, &body[2], &extra[2]);
  peygir_text_index_forms (answers != NULL ? answers : "", &body[3], &extra[3]);
  all_extra = g_strjoin (" ", extra[0], extra[1], extra[2], extra[3], NULL);

  if (replace)
    {
      g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare (self->db, SEARCH_ROW_DELETE (self), error);

      if (stmt == NULL)
        return FALSE;
      peygir_db_bind_int64 (stmt, 1, case_id);
      if (!peygir_db_step_done (stmt, error))
        return FALSE;
    }
  {
    g_autoptr(PeygirDbStatement) stmt =
      peygir_db_prepare (self->db,
                         self->server
                         ? "INSERT INTO case_search (case_id, applicant, subject, description, answers, extra)"
                           " VALUES (?, ?, ?, ?, ?, ?)"
                         : "INSERT INTO case_fts (rowid, applicant, subject, description, answers, extra)"
                           " VALUES (?, ?, ?, ?, ?, ?)", error);
    if (stmt == NULL)
      return FALSE;
    peygir_db_bind_int64 (stmt, 1, case_id);
    for (int i = 0; i < 4; i++)
      peygir_db_bind_text (stmt, i + 2, body[i]);
    peygir_db_bind_text (stmt, 6, all_extra);
    return peygir_db_step_done (stmt, error);
  }
}

/* In a batch the search rows are written once, at its end: FTS5 flushes
 * its pending rows at every savepoint, and a batch has one per action. */
gboolean
_peygir_store_write_search_row (PeygirStore  *self,
                                gint64        case_id,
                                GError      **error)
{
  if (self->batch_depth > 0)
    {
      if (self->batch_search == NULL)
        self->batch_search = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      g_hash_table_add (self->batch_search, g_memdup2 (&case_id, sizeof case_id));
      return TRUE;
    }
  return rewrite_search_row (self, case_id, FALSE, error);
}

gboolean
_peygir_store_flush_search_rows (PeygirStore  *self,
                                 GError      **error)
{
  GHashTableIter iter;
  gpointer key;

  if (self->batch_search == NULL)
    return TRUE;
  g_hash_table_iter_init (&iter, self->batch_search);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!rewrite_search_row (self, *(gint64 *) key, TRUE, error))
      return FALSE;
  return TRUE;
}

/* Bumps the counter of a series for a Persian year, in the caller's write
 * transaction, so two desks can never be given the same number. */
gint64
_peygir_store_next_number (PeygirStore  *self,
                           const char   *series,
                           int           year,
                           GError      **error)
{
  g_autoptr(PeygirDbStatement) stmt =
    peygir_db_prepare (self->db,
                       "INSERT INTO counters (series, year, value) VALUES (?1, ?2, 1)"
                       " ON CONFLICT (series, year) DO UPDATE SET value = counters.value + 1"
                       " RETURNING value", error);
  gint64 value;
  int rc;

  if (stmt == NULL)
    return -1;
  peygir_db_bind_text (stmt, 1, series);
  peygir_db_bind_int (stmt, 2, year);
  rc = peygir_db_step (stmt);
  if (rc != PEYGIR_DB_ROW)
    {
      peygir_db_set_error (self->db, error);
      return -1;
    }
  value = peygir_db_column_int64 (stmt, 0);
  if (!peygir_db_step_done (stmt, error))
    return -1;
  return value;
}

gboolean
_peygir_store_bind_draft (PeygirDbStatement     *stmt,
                          const PeygirCaseDraft *draft)
{
  const PeygirApplicant *a = &draft->applicant;

  peygir_db_bind_text (stmt, peygir_db_parameter (stmt, ":kind"), peygir_kind_to_string (draft->kind));
  peygir_db_bind_text (stmt, peygir_db_parameter (stmt, ":applicant_type"), peygir_applicant_type_to_string (a->type));
  peygir_db_bind_text (stmt, peygir_db_parameter (stmt, ":name"), a->name);
  peygir_db_bind_text (stmt, peygir_db_parameter (stmt, ":national_id"), a->national_id);
  peygir_db_bind_text (stmt, peygir_db_parameter (stmt, ":mobile"), a->mobile);
  peygir_db_bind_text (stmt, peygir_db_parameter (stmt, ":phone"), a->phone);
  peygir_db_bind_text (stmt, peygir_db_parameter (stmt, ":address"), a->address);
  peygir_db_bind_text (stmt, peygir_db_parameter (stmt, ":postal_code"), a->postal_code);
  peygir_db_bind_text (stmt, peygir_db_parameter (stmt, ":email"), a->email);
  peygir_db_bind_text (stmt, peygir_db_parameter (stmt, ":subject"), draft->subject);
  peygir_db_bind_text (stmt, peygir_db_parameter (stmt, ":description"), draft->description);
  peygir_db_bind_text (stmt, peygir_db_parameter (stmt, ":category"), peygir_category_to_string (draft->category));
  peygir_db_bind_id (stmt, peygir_db_parameter (stmt, ":agency_id"), draft->agency_id);
  peygir_db_bind_text (stmt, peygir_db_parameter (stmt, ":channel"), peygir_channel_to_string (draft->channel));
  peygir_db_bind_text (stmt, peygir_db_parameter (stmt, ":samad_code"), draft->samad_code);
  peygir_db_bind_id (stmt, peygir_db_parameter (stmt, ":linked_case_id"), draft->linked_case_id);
  peygir_db_bind_int (stmt, peygir_db_parameter (stmt, ":received_on"), draft->received_on);
  return TRUE;
}

static gboolean
check_draft_references (PeygirStore      *self,
                        PeygirCaseDraft  *draft,
                        gint64            case_id,
                        GError          **error)
{
  if (draft->agency_id != 0 && !_peygir_store_check_agency_usable (self, draft->agency_id, error))
    return FALSE;
  if (draft->linked_case_id != 0)
    {
      if (draft->linked_case_id == case_id)
        {
          g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID,
                       _("A case cannot be linked to itself."));
          return FALSE;
        }
      if (!_peygir_store_case_exists (self, draft->linked_case_id, error))
        {
          if (error != NULL && *error != NULL && (*error)->domain == PEYGIR_STORE_ERROR
              && (*error)->code == PEYGIR_STORE_ERROR_NOT_FOUND)
            (*error)->domain = PEYGIR_INPUT_ERROR, (*error)->code = PEYGIR_INPUT_ERROR_INVALID;
          return FALSE;
        }
    }
  return TRUE;
}

/* The end of a change to a case's details, in its transaction: the
 * search row, the event, and the case as it is now. */
static PeygirCase *
finish_case_write (PeygirStore  *self,
                   PeygirTally  *tally,
                   gint64        case_id,
                   gint64        at,
                   gint64        actor_id,
                   const char   *action,
                   const char   *to_state,
                   const char   *note,
                   GError      **error)
{
  if (!_peygir_store_write_search_row (self, case_id, error) ||
      !_peygir_store_append_event (self, case_id, at, actor_id, action, NULL, to_state, note, error) ||
      !_peygir_store_tally_end (self, tally, case_id, error))
    return NULL;
  return _peygir_store_read_case (self, case_id, PEYGIR_CASE_DETAIL_REFERRALS, error);
}

PeygirCase *
peygir_store_create_case (PeygirStore      *self,
                          const char       *actor_login,
                          PeygirCaseDraft  *draft,
                          GError          **error)
{
  g_autoptr(PeygirUser) actor = NULL;
  g_autoptr(PeygirCase) kase = NULL;
  const char *first_state = peygir_state_to_string (PEYGIR_STATE_RECEIVED);
  gint64 now = _peygir_store_now (self);
  gint64 case_id = 0;
  gboolean ok = FALSE;

  if (!peygir_case_draft_validate (draft, error))
    return NULL;
  if (draft->received_on == 0)
    draft->received_on = peygir_day_from_unix (now);
  else if (!peygir_day_is_valid (draft->received_on) || draft->received_on > peygir_day_from_unix (now))
    {
      g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_DATE,
                   _("The date the case was received is not valid, or lies in the future."));
      return NULL;
    }

  STORE_LOCK (self);
  actor = _peygir_store_begin_action (self, actor_login, PEYGIR_ROLES_INTAKE,
                                      _("Only an expert or the secretariat may take in a case."), error);
  if (actor == NULL)
    return NULL;
  if (!check_draft_references (self, draft, 0, error))
    goto out;

  /* A random tracking code may collide with an earlier one: draw again. */
  for (int attempt = 0; attempt < 20 && case_id == 0; attempt++)
    {
      g_autofree char *tracking = peygir_tracking_code_generate (self->rand);
      g_autoptr(PeygirDbStatement) stmt =
        peygir_db_prepare (self->db,
                           "INSERT INTO cases (tracking_code, kind, applicant_type, applicant_name, national_id,"
                           " mobile, phone, address, postal_code, email, subject, description, category,"
                           " agency_id, channel, samad_code, linked_case_id, state, expert_id, received_on,"
                           " created_at, updated_at)"
                           " VALUES (:tracking_code, :kind, :applicant_type, :name, :national_id, :mobile, :phone,"
                           " :address, :postal_code, :email, :subject, :description, :category, :agency_id,"
                           " :channel, :samad_code, :linked_case_id, :state, :expert_id, :received_on,"
                           " :now, :now)"
                           " ON CONFLICT (tracking_code) DO NOTHING RETURNING id", error);
      int rc;

      if (stmt == NULL)
        goto out;
      _peygir_store_bind_draft (stmt, draft);
      peygir_db_bind_text (stmt, peygir_db_parameter (stmt, ":tracking_code"), tracking);
      peygir_db_bind_text (stmt, peygir_db_parameter (stmt, ":state"), first_state);
      peygir_db_bind_id (stmt, peygir_db_parameter (stmt, ":expert_id"),
                         (actor->roles & PEYGIR_ROLE_EXPERT) ? actor->id : 0);
      peygir_db_bind_int64 (stmt, peygir_db_parameter (stmt, ":now"), now);
      /* no row: the code was taken (a failed statement would end a
       * transaction on a server, so the conflict is not one) */
      rc = peygir_db_step (stmt);
      if (rc == PEYGIR_DB_ROW)
        case_id = peygir_db_column_int64 (stmt, 0);
      else if (rc != PEYGIR_DB_DONE)
        {
          peygir_db_set_error (self->db, error);
          goto out;
        }
    }
  if (case_id == 0)
    {
      peygir_db_set_error_as (self->db, PEYGIR_STORE_ERROR_EXISTS, error);
      goto out;
    }

  {
    g_autoptr(PeygirTally) tally = _peygir_store_tally_begin (self, 0, error);

    kase = tally != NULL ? finish_case_write (self, tally, case_id, now, actor->id, "create", first_state,
                                              draft->subject, error)
                         : NULL;
  }
  ok = kase != NULL;

out:
  if (!_peygir_store_tx_end (self, ok, error))
    return NULL;
  return g_steal_pointer (&kase);
}

gboolean
_peygir_store_check_version (PeygirCase  *kase,
                             int          expect_version,
                             GError     **error)
{
  if (expect_version >= 0 && kase->version != expect_version)
    {
      g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_CONFLICT,
                   _("Someone else changed this case meanwhile (it is now at version %d, not %d): nothing was saved; look at the case again."),
                   kase->version, expect_version);
      return FALSE;
    }
  return TRUE;
}

PeygirCase *
peygir_store_update_case (PeygirStore      *self,
                          const char       *actor_login,
                          gint64            case_id,
                          int               expect_version,
                          PeygirCaseDraft  *draft,
                          GError          **error)
{
  g_autoptr(PeygirUser) actor = NULL;
  g_autoptr(PeygirCase) before = NULL;
  g_autoptr(PeygirCase) kase = NULL;
  g_autoptr(PeygirTally) tally = NULL;
  gint64 now = peygir_clock_now ();
  gboolean ok = FALSE;

  if (!peygir_case_draft_validate (draft, error))
    return NULL;

  STORE_LOCK (self);
  actor = _peygir_store_begin_action (self, actor_login, PEYGIR_ROLE_NONE, NULL, error);
  if (actor == NULL)
    return NULL;
  before = _peygir_store_read_case (self, case_id, PEYGIR_CASE_DETAIL_NONE, error);
  if (before == NULL || !_peygir_store_check_version (before, expect_version, error))
    goto out;
  if (!(actor->roles & PEYGIR_ROLES_INTAKE))
    {
      g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED,
                   _("Only an expert or the secretariat may correct a case’s details."));
      goto out;
    }
  if (before->state == PEYGIR_STATE_CLOSED)
    {
      g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE,
                   _("A closed case cannot be changed; the manager may reopen it."));
      goto out;
    }
  if (draft->received_on == 0)
    draft->received_on = before->received_on;
  else if (!peygir_day_is_valid (draft->received_on) || draft->received_on > peygir_day_from_unix (now))
    {
      g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_DATE,
                   _("The date the case was received is not valid, or lies in the future."));
      goto out;
    }
  if (!check_draft_references (self, draft, case_id, error))
    goto out;
  tally = _peygir_store_tally_begin (self, case_id, error);
  if (tally == NULL)
    goto out;

  {
    g_autoptr(PeygirDbStatement) stmt =
      peygir_db_prepare (self->db,
                         "UPDATE cases SET kind = :kind, applicant_type = :applicant_type, applicant_name = :name,"
                         " national_id = :national_id, mobile = :mobile, phone = :phone, address = :address,"
                         " postal_code = :postal_code, email = :email, subject = :subject,"
                         " description = :description, category = :category, agency_id = :agency_id,"
                         " channel = :channel, samad_code = :samad_code, linked_case_id = :linked_case_id,"
                         " received_on = :received_on, updated_at = :now, version = version + 1"
                         " WHERE id = :id", error);
    if (stmt == NULL)
      goto out;
    _peygir_store_bind_draft (stmt, draft);
    peygir_db_bind_int64 (stmt, peygir_db_parameter (stmt, ":now"), now);
    peygir_db_bind_int64 (stmt, peygir_db_parameter (stmt, ":id"), case_id);
    if (!peygir_db_step_done (stmt, error))
      goto out;
  }

  kase = finish_case_write (self, tally, case_id, now, actor->id, "edit", NULL, NULL, error);
  ok = kase != NULL;

out:
  if (!_peygir_store_tx_end (self, ok, error))
    return NULL;
  return g_steal_pointer (&kase);
}
