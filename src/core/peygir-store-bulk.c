/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-store"

/* The bulk path: a case's whole history taken at once, for the demo
 * generator and the import of an office's registry. Each action is checked
 * as the actions check it (peygir-store-actions.c) and applied to the case
 * in memory, with the effects the actions give it in SQL; the case's final
 * rows are then written with one statement each, and what the store keeps
 * beside them (the time spent in each state, the report's figures, the
 * search rows, the counters, the audit chain's head) once a transaction.
 * The test /core/bulk/same-rows holds the two to each other: one history
 * written either way leaves the same rows, to the events' hashes. */

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "peygir-error.h"
#include "peygir-store-bulk-private.h"
#include "peygir-text.h"
#include "peygir-workflow.h"


/* The tables whose ids the bulk gives itself, in a write transaction that
 * keeps every other writer out: each from its highest id. */
typedef struct
{
  gint64  case_id;
  char   *name;
  char   *subject;
  char   *description;
  char   *answers;
} SearchRow;

static void
search_row_free (SearchRow *row)
{
  g_free (row->name);
  g_free (row->subject);
  g_free (row->description);
  g_free (row->answers);
  g_free (row);
}

static const char * const id_tables[N_IDS] = { "cases", "referrals", "follow_ups", "letters", "contacts" };

static void
follow_up_clear (gpointer data)
{
  FollowUp *f = data;

  g_free (f->letter_number);
  g_free (f->note);
}

static void
letter_clear (gpointer data)
{
  g_free (((Letter *) data)->number);
}

static void
contact_clear (gpointer data)
{
  g_free (((Contact *) data)->note);
}

static void
event_clear (gpointer data)
{
  g_free (((Event *) data)->note);
}

void
_peygir_bulk_case_free (BulkCase *c)
{
  g_clear_pointer (&c->kase, peygir_case_free);
  g_array_unref (c->follow_ups);
  g_array_unref (c->letters);
  g_array_unref (c->contacts);
  g_array_unref (c->events);
  g_array_unref (c->stays);
  g_free (c);
}

static BulkCase *
bulk_case_new (void)
{
  BulkCase *c = g_new0 (BulkCase, 1);

  c->follow_ups = g_array_new (FALSE, TRUE, sizeof (FollowUp));
  g_array_set_clear_func (c->follow_ups, follow_up_clear);
  c->letters = g_array_new (FALSE, TRUE, sizeof (Letter));
  g_array_set_clear_func (c->letters, letter_clear);
  c->contacts = g_array_new (FALSE, TRUE, sizeof (Contact));
  g_array_set_clear_func (c->contacts, contact_clear);
  c->events = g_array_new (FALSE, TRUE, sizeof (Event));
  g_array_set_clear_func (c->events, event_clear);
  c->stays = g_array_new (FALSE, TRUE, sizeof (Stay));
  return c;
}

PeygirBulk *
peygir_store_bulk_new (PeygirStore *store)
{
  PeygirBulk *self = g_new0 (PeygirBulk, 1);

  g_return_val_if_fail (PEYGIR_IS_STORE (store), NULL);

  self->store = g_object_ref (store);
  self->actors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) peygir_user_free);
  self->users = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) peygir_user_free);
  self->operators = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->agencies = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) peygir_agency_free);
  self->counters = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->stays = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->search_rows = g_ptr_array_new_with_free_func ((GDestroyNotify) search_row_free);
  return self;
}

static void
forget_transaction (PeygirBulk *self)
{
  g_hash_table_remove_all (self->counters);
  g_hash_table_remove_all (self->stays);
  g_ptr_array_set_size (self->search_rows, 0);
  self->first_case_id = self->last_case_id = 0;
}

void
peygir_bulk_free (PeygirBulk *self)
{
  if (self == NULL)
    return;
  if (self->in_batch)
    peygir_store_end_batch (self->store, FALSE, NULL);
  g_clear_pointer (&self->current, _peygir_bulk_case_free);
  g_hash_table_unref (self->actors);
  g_hash_table_unref (self->users);
  g_hash_table_unref (self->operators);
  g_hash_table_unref (self->agencies);
  g_hash_table_unref (self->counters);
  g_hash_table_unref (self->stays);
  g_ptr_array_unref (self->search_rows);
  g_clear_pointer (&self->calendar, peygir_calendar_unref);
  g_free (self->reminder_signer);
  g_free (self->past_login);
  g_object_unref (self->store);
  g_free (self);
}

static gint64 *
int64_key (gint64 value)
{
  return g_memdup2 (&value, sizeof value);
}

/* The transaction the next case is written in, with the ids and the
 * settings as they are in it. */
static gboolean
ensure_batch (PeygirBulk  *self,
              GError     **error)
{
  PeygirStore *store = self->store;

  if (self->in_batch)
    return TRUE;
  if (!peygir_store_begin_batch (store, error))
    return FALSE;
  self->in_batch = TRUE;

  /* on a server, desks read on while the bulk writes; their writes wait */
  if (store->server)
    {
      g_autoptr(PeygirDbStatement) stmt =
        peygir_db_prepare (store->db, "LOCK TABLE cases, referrals, follow_ups, letters, contacts, counters"
                                      " IN SHARE ROW EXCLUSIVE MODE", error);

      if (stmt == NULL || !peygir_db_step_done (stmt, error))
        return FALSE;
    }
  if (!_peygir_store_counts_suspend (store, error))
    return FALSE;
  for (guint i = 0; i < N_IDS; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT coalesce (max (id), 0) FROM %s", id_tables[i]);
      g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare_built (store->db, sql, error);
      gint64 last;

      if (stmt == NULL)
        return FALSE;
      last = _peygir_store_step_count (store, stmt, error);
      if (last < 0)
        return FALSE;
      self->next_id[i] = last + 1;
    }

  g_clear_pointer (&self->calendar, peygir_calendar_unref);
  self->calendar = _peygir_store_read_calendar (store, error);
  if (self->calendar == NULL)
    return FALSE;
  g_clear_pointer (&self->reminder_signer, g_free);
  self->reminder_signer = _peygir_store_read_setting (store, PEYGIR_SETTING_REMINDER_SIGNER, error);
  if (self->reminder_signer == NULL)
    return FALSE;
  self->service_days = _peygir_store_read_setting_int (store, PEYGIR_SETTING_SERVICE_DAYS, DEFAULT_SERVICE_DAYS);
  self->response_days = _peygir_store_read_response_days (store, NULL);
  g_hash_table_remove_all (self->agencies);
  g_hash_table_remove_all (self->actors);
  g_hash_table_remove_all (self->users);
  g_hash_table_remove_all (self->operators);
  return TRUE;
}

/* The actor named @login, as the actions read them. */
PeygirUser *
_peygir_bulk_actor_of (PeygirBulk  *self,
                       const char  *login,
                       GError     **error)
{
  PeygirUser *actor = g_hash_table_lookup (self->actors, login);
  gint64 operator_id = 0;

  if (actor != NULL)
    return actor;
  actor = _peygir_store_read_actor (self->store, login, error);
  if (actor == NULL || !_peygir_store_read_operator (self->store, actor->id, &operator_id, error))
    {
      g_clear_pointer (&actor, peygir_user_free);
      return NULL;
    }
  g_hash_table_insert (self->operators, int64_key (actor->id), int64_key (operator_id));
  g_hash_table_insert (self->users, int64_key (actor->id), peygir_user_copy (actor));
  g_hash_table_insert (self->actors, g_strdup (login), actor);
  return actor;
}

PeygirUser *
_peygir_bulk_user_of (PeygirBulk  *self,
                      gint64       id,
                      GError     **error)
{
  PeygirUser *user = g_hash_table_lookup (self->users, &id);

  if (user == NULL)
    {
      user = _peygir_store_read_user_by_id (self->store, id, error);
      if (user != NULL)
        g_hash_table_insert (self->users, int64_key (id), user);
    }
  return user;
}

/* An agency a case may name, as intake and referrals check it. */
PeygirAgency *
_peygir_bulk_usable_agency (PeygirBulk  *self,
                            gint64       id,
                            GError     **error)
{
  PeygirAgency *agency = g_hash_table_lookup (self->agencies, &id);

  if (agency == NULL)
    {
      if (!_peygir_store_check_agency_usable (self->store, id, error))
        return NULL;
      agency = _peygir_store_read_agency (self->store, id, error);
      if (agency == NULL)
        return NULL;
      g_hash_table_insert (self->agencies, int64_key (id), agency);
    }
  return agency;
}

/* The next number of @series in @year, as _peygir_store_next_number ()
 * gives it; the counter is written at the commit. */
gint64 *
_peygir_bulk_counter_of (PeygirBulk  *self,
                         const char  *series,
                         int          year,
                         GError     **error)
{
  g_autofree char *key = g_strdup_printf ("%s|%d", series, year);
  gint64 *value = g_hash_table_lookup (self->counters, key);

  if (value == NULL)
    {
      g_autoptr(PeygirDbStatement) stmt =
        peygir_db_prepare (self->store->db, "SELECT coalesce (max (value), 0) FROM counters WHERE series = ? AND year = ?",
                           error);
      gint64 stored;

      if (stmt == NULL)
        return NULL;
      peygir_db_bind_text (stmt, 1, series);
      peygir_db_bind_int (stmt, 2, year);
      stored = _peygir_store_step_count (self->store, stmt, error);
      if (stored < 0)
        return NULL;
      value = int64_key (stored);
      g_hash_table_insert (self->counters, g_steal_pointer (&key), value);
    }
  return value;
}

gint64
_peygir_bulk_next_number (PeygirBulk  *self,
                          const char  *series,
                          int          year,
                          GError     **error)
{
  gint64 *value = _peygir_bulk_counter_of (self, series, year, error);

  return value != NULL ? ++*value : -1;
}

/* _peygir_store_read_response_days ()'s rule (the agency's own days, else
 * the office's), from what the bulk read once a transaction. */
PeygirDay
_peygir_bulk_agency_due (PeygirBulk *self,
                         gint64      agency_id,
                         PeygirDay   day)
{
  PeygirAgency *agency = g_hash_table_lookup (self->agencies, &agency_id);
  int days = agency != NULL && agency->response_days > 0 ? agency->response_days : self->response_days;

  return peygir_calendar_add_working_days (self->calendar, day, days);
}

void
_peygir_bulk_add_event (BulkCase    *c,
                        gint64       at,
                        gint64       actor_id,
                        const char  *action,
                        const char  *from_state,
                        const char  *to_state,
                        const char  *note)
{
  Event event = { at, actor_id, action, from_state, to_state, note != NULL && *note != '\0' ? g_strdup (note) : NULL };

  g_array_append_val (c->events, event);
}

static gboolean
check_tracking_code_free (PeygirBulk  *self,
                          const char  *code,
                          GError     **error)
{
  g_autoptr(PeygirDbStatement) stmt =
    peygir_db_prepare (self->store->db, "SELECT count(*) FROM cases WHERE tracking_code = ?", error);
  gint64 taken;

  if (stmt == NULL)
    return FALSE;
  peygir_db_bind_text (stmt, 1, code);
  taken = _peygir_store_step_count (self->store, stmt, error);
  if (taken < 0)
    return FALSE;
  if (taken > 0)
    {
      g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_EXISTS,
                   _("Another case already has the tracking code %s."), code);
      return FALSE;
    }
  return TRUE;
}

gboolean
peygir_bulk_set_past (PeygirBulk  *self,
                      const char  *login,
                      GError     **error)
{
  g_autoptr(PeygirUser) user = NULL;

  g_return_val_if_fail (self != NULL && login != NULL, FALSE);

  user = _peygir_store_read_actor (self->store, login, error);
  if (user == NULL)
    return FALSE;
  if (!(user->roles & PEYGIR_ROLE_ADMIN))
    {
      g_set_error_literal (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED,
                           _("Only an administrator may bring the office’s past cases in."));
      return FALSE;
    }
  g_free (self->past_login);
  self->past_login = g_strdup (login);
  return TRUE;
}

const PeygirCase *
peygir_bulk_take_in (PeygirBulk       *self,
                     const char       *actor_login,
                     PeygirCaseDraft  *draft,
                     gint64            at,
                     const char       *tracking_code,
                     GError          **error)
{
  BulkCase *c;
  PeygirCase *kase;
  PeygirUser *actor;
  const char *first_state = peygir_state_to_string (PEYGIR_STATE_RECEIVED);

  g_return_val_if_fail (self != NULL && !self->spoilt, NULL);
  g_return_val_if_fail (self->current == NULL, NULL);
  g_return_val_if_fail (actor_login != NULL || self->past_login != NULL, NULL);

  if (!ensure_batch (self, error))
    return NULL;
  if (!peygir_case_draft_validate (draft, error))
    return NULL;
  if (draft->received_on == 0)
    draft->received_on = peygir_day_from_unix (at);
  else if (!peygir_day_is_valid (draft->received_on) || draft->received_on > peygir_day_from_unix (at))
    {
      g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_DATE,
                   _("The date the case was received is not valid, or lies in the future."));
      return NULL;
    }
  actor = _peygir_bulk_actor_of (self, self->past_login != NULL ? self->past_login : actor_login, error);
  if (actor == NULL)
    return NULL;
  if (self->past_login == NULL && !(actor->roles & PEYGIR_ROLES_INTAKE))
    {
      g_set_error_literal (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED,
                           _("Only an expert or the secretariat may take in a case."));
      return NULL;
    }
  if (draft->agency_id != 0 && _peygir_bulk_usable_agency (self, draft->agency_id, error) == NULL)
    return NULL;
  if (draft->linked_case_id != 0 && !_peygir_store_case_exists (self->store, draft->linked_case_id, error))
    return NULL;
  if (tracking_code != NULL && !check_tracking_code_free (self, tracking_code, error))
    return NULL;

  c = bulk_case_new ();
  kase = c->kase = g_new0 (PeygirCase, 1);
  kase->id = self->next_id[ID_CASES];
  kase->tracking_code = tracking_code != NULL ? g_strdup (tracking_code) : peygir_tracking_code_generate (self->store->rand);
  kase->kind = draft->kind;
  kase->applicant = draft->applicant;
  kase->applicant.name = g_strdup (draft->applicant.name);
  kase->applicant.national_id = g_strdup (draft->applicant.national_id);
  kase->applicant.mobile = g_strdup (draft->applicant.mobile);
  kase->applicant.phone = g_strdup (draft->applicant.phone);
  kase->applicant.address = g_strdup (draft->applicant.address);
  kase->applicant.postal_code = g_strdup (draft->applicant.postal_code);
  kase->applicant.email = g_strdup (draft->applicant.email);
  kase->subject = g_strdup (draft->subject);
  kase->description = g_strdup (draft->description);
  kase->category = draft->category;
  kase->agency_id = draft->agency_id;
  kase->channel = draft->channel;
  kase->samad_code = g_strdup (draft->samad_code);
  kase->linked_case_id = draft->linked_case_id;
  kase->state = PEYGIR_STATE_RECEIVED;
  if ((actor->roles & PEYGIR_ROLE_EXPERT) && self->past_login == NULL)
    {
      kase->expert_id = actor->id;
      kase->expert_name = g_strdup (actor->name);
    }
  kase->received_on = draft->received_on;
  kase->created_at = kase->updated_at = at;
  kase->round = 1;
  kase->version = 1;
  kase->referrals = g_ptr_array_new_with_free_func ((GDestroyNotify) peygir_referral_free);
  c->entered_at = c->last_at = at;
  _peygir_bulk_add_event (c, at, actor->id, "create", NULL, first_state, draft->subject);
  self->current = c;
  return kase;
}

gboolean
peygir_bulk_set_registration (PeygirBulk  *self,
                              int          year,
                              gint64       sequence,
                              GError     **error)
{
  g_autoptr(PeygirDbStatement) stmt = NULL;
  gint64 taken;

  g_return_val_if_fail (self != NULL && self->current != NULL, FALSE);
  g_return_val_if_fail (year > 0 && sequence > 0, FALSE);

  stmt = peygir_db_prepare (self->store->db, "SELECT count(*) FROM cases WHERE reg_year = ? AND reg_seq = ?", error);
  if (stmt == NULL)
    goto refused;
  peygir_db_bind_int (stmt, 1, year);
  peygir_db_bind_int64 (stmt, 2, sequence);
  taken = _peygir_store_step_count (self->store, stmt, error);
  if (taken < 0)
    goto refused;
  if (taken > 0)
    {
      g_autofree char *number = g_strdup_printf ("%d/%" G_GINT64_FORMAT, year, sequence);
      g_autofree char *shown = peygir_text_isolate_ltr (number);

      g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_EXISTS,
                   _("Another case is already registered as %s."), shown);
      goto refused;
    }
  self->current->given_year = year;
  self->current->given_seq = sequence;
  return TRUE;

refused:
  g_clear_pointer (&self->current, _peygir_bulk_case_free);
  return FALSE;
}

/* Writing. */

/* What the case keeps from its referrals for the queues, as
 * CASE_SET_FROM_REFERRALS computes it. */
static void
kept_from_referrals (BulkCase  *c,
                     PeygirDay *answer_due,
                     gboolean  *letters_waiting,
                     gboolean  *reminder_draft)
{
  GPtrArray *referrals = c->kase->referrals;
  PeygirLetterKind kind;

  *answer_due = 0;
  *letters_waiting = *reminder_draft = FALSE;
  for (guint i = 0; i < referrals->len; i++)
    {
      PeygirReferral *referral = g_ptr_array_index (referrals, i);

      if (referral->round == c->kase->round && referral->state == PEYGIR_REFERRAL_DISPATCHED
          && (*answer_due == 0 || referral->due < *answer_due))
        *answer_due = referral->due;
      if (peygir_workflow_letter_waiting (referral, c->kase->round, &kind))
        *letters_waiting = TRUE;
      for (guint j = 0; j < c->follow_ups->len && referral->state == PEYGIR_REFERRAL_DISPATCHED; j++)
        {
          FollowUp *f = &g_array_index (c->follow_ups, FollowUp, j);

          if (f->referral_id == referral->id && f->reminder == PEYGIR_REMINDER_DRAFT)
            *reminder_draft = TRUE;
        }
    }
}

static void
bind_flag (PeygirDbStatement *stmt,
           int                index,
           gboolean           flag)
{
  if (flag)
    peygir_db_bind_int (stmt, index, 1);
  else
    peygir_db_bind_null (stmt, index);
}

/* The case's row; a tracking code drawn at random may be another case's:
 * drawn again, as intake does. */
static gboolean
write_case_row (PeygirBulk  *self,
                BulkCase    *c,
                gboolean     code_given,
                GError     **error)
{
  PeygirCase *kase = c->kase;
  PeygirCaseDraft draft = {
    .kind = kase->kind, .applicant = kase->applicant, .subject = kase->subject, .description = kase->description,
    .category = kase->category, .agency_id = kase->agency_id, .channel = kase->channel,
    .samad_code = kase->samad_code, .received_on = kase->received_on, .linked_case_id = kase->linked_case_id,
  };
  PeygirDay answer_due;
  gboolean letters_waiting, reminder_draft;

  kept_from_referrals (c, &answer_due, &letters_waiting, &reminder_draft);
  for (int attempt = 0; attempt < 20; attempt++)
    {
      g_autoptr(PeygirDbStatement) stmt =
        peygir_db_prepare (self->store->db,
                           "INSERT INTO cases (id, tracking_code, kind, applicant_type, applicant_name, national_id,"
                           " mobile, phone, address, postal_code, email, subject, description, category,"
                           " agency_id, channel, samad_code, linked_case_id, received_on,"
                           " reg_year, reg_seq, state, expert_id, created_at, registered_at, updated_at, closed_at,"
                           " service_due, paused_at, round, version, answer_due, letters_waiting, reminder_draft)"
                           " VALUES (:id, :tracking_code, :kind, :applicant_type, :name, :national_id, :mobile, :phone,"
                           " :address, :postal_code, :email, :subject, :description, :category, :agency_id,"
                           " :channel, :samad_code, :linked_case_id, :received_on,"
                           " :reg_year, :reg_seq, :state, :expert_id, :created_at, :registered_at, :updated_at,"
                           " :closed_at, :service_due, :paused_at, :round, :version, :answer_due, :letters_waiting,"
                           " :reminder_draft)"
                           " ON CONFLICT (tracking_code) DO NOTHING RETURNING id", error);
      PeygirDbResult rc;

      if (stmt == NULL)
        return FALSE;
      _peygir_store_bind_draft (stmt, &draft);
      peygir_db_bind_int64 (stmt, peygir_db_parameter (stmt, ":id"), kase->id);
      peygir_db_bind_text (stmt, peygir_db_parameter (stmt, ":tracking_code"), kase->tracking_code);
      peygir_db_bind_id (stmt, peygir_db_parameter (stmt, ":reg_year"), c->reg_year);
      peygir_db_bind_id (stmt, peygir_db_parameter (stmt, ":reg_seq"), c->reg_seq);
      peygir_db_bind_text (stmt, peygir_db_parameter (stmt, ":state"), peygir_state_to_string (kase->state));
      peygir_db_bind_id (stmt, peygir_db_parameter (stmt, ":expert_id"), kase->expert_id);
      peygir_db_bind_int64 (stmt, peygir_db_parameter (stmt, ":created_at"), kase->created_at);
      peygir_db_bind_id (stmt, peygir_db_parameter (stmt, ":registered_at"), kase->registered_at);
      peygir_db_bind_int64 (stmt, peygir_db_parameter (stmt, ":updated_at"), kase->updated_at);
      peygir_db_bind_id (stmt, peygir_db_parameter (stmt, ":closed_at"), kase->closed_at);
      peygir_db_bind_id (stmt, peygir_db_parameter (stmt, ":service_due"), kase->service_due);
      peygir_db_bind_id (stmt, peygir_db_parameter (stmt, ":paused_at"), kase->paused_at);
      peygir_db_bind_int (stmt, peygir_db_parameter (stmt, ":round"), kase->round);
      peygir_db_bind_int (stmt, peygir_db_parameter (stmt, ":version"), kase->version);
      peygir_db_bind_id (stmt, peygir_db_parameter (stmt, ":answer_due"), answer_due);
      bind_flag (stmt, peygir_db_parameter (stmt, ":letters_waiting"), letters_waiting);
      bind_flag (stmt, peygir_db_parameter (stmt, ":reminder_draft"), reminder_draft);
      rc = peygir_db_step (stmt);
      if (rc == PEYGIR_DB_ROW)
        return peygir_db_step_done (stmt, error);
      if (rc != PEYGIR_DB_DONE)
        return peygir_db_set_error (self->store->db, error);
      if (code_given)
        break;
      g_free (kase->tracking_code);
      kase->tracking_code = peygir_tracking_code_generate (self->store->rand);
    }
  g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_EXISTS,
               _("Another case already has the tracking code %s."), kase->tracking_code);
  return FALSE;
}

static gboolean
write_referrals (PeygirBulk  *self,
                 BulkCase    *c,
                 GError     **error)
{
  GPtrArray *referrals = c->kase->referrals;

  for (guint i = 0; i < referrals->len; i++)
    {
      PeygirReferral *r = g_ptr_array_index (referrals, i);
      g_autoptr(PeygirDbStatement) stmt =
        peygir_db_prepare (self->store->db,
                           "INSERT INTO referrals (id, case_id, agency_id, round, state, letter_text, drafted_by,"
                           " drafted_at, approved_by, approved_at, letter_number, dispatched_at, due, answer, answered_at)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
      int n = 1;

      if (stmt == NULL)
        return FALSE;
      peygir_db_bind_int64 (stmt, n++, r->id);
      peygir_db_bind_int64 (stmt, n++, c->kase->id);
      peygir_db_bind_int64 (stmt, n++, r->agency_id);
      peygir_db_bind_int (stmt, n++, r->round);
      peygir_db_bind_text (stmt, n++, peygir_referral_state_to_string (r->state));
      peygir_db_bind_text (stmt, n++, r->letter_text);
      peygir_db_bind_id (stmt, n++, r->drafted_by);
      peygir_db_bind_id (stmt, n++, r->drafted_at);
      peygir_db_bind_id (stmt, n++, r->approved_by);
      peygir_db_bind_id (stmt, n++, r->approved_at);
      peygir_db_bind_text (stmt, n++, r->letter_number);
      peygir_db_bind_id (stmt, n++, r->dispatched_at);
      peygir_db_bind_id (stmt, n++, r->due);
      peygir_db_bind_text (stmt, n++, r->answer);
      peygir_db_bind_id (stmt, n++, r->answered_at);
      if (!peygir_db_step_done (stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_follow_ups (PeygirBulk  *self,
                  BulkCase    *c,
                  GError     **error)
{
  for (guint i = 0; i < c->follow_ups->len; i++)
    {
      FollowUp *f = &g_array_index (c->follow_ups, FollowUp, i);
      g_autoptr(PeygirDbStatement) stmt =
        peygir_db_prepare (self->store->db,
                           "INSERT INTO follow_ups (id, referral_id, at, user_id, previous_due, new_due, letter_number,"
                           " note, channel, reminder, signer_id, approved_at)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
      int n = 1;

      if (stmt == NULL)
        return FALSE;
      peygir_db_bind_int64 (stmt, n++, f->id);
      peygir_db_bind_int64 (stmt, n++, f->referral_id);
      peygir_db_bind_int64 (stmt, n++, f->at);
      peygir_db_bind_int64 (stmt, n++, f->user_id);
      peygir_db_bind_id (stmt, n++, f->previous_due);
      peygir_db_bind_int (stmt, n++, f->new_due);
      peygir_db_bind_text (stmt, n++, f->letter_number);
      peygir_db_bind_text (stmt, n++, f->note);
      peygir_db_bind_text (stmt, n++, peygir_channel_to_string (f->channel));
      if (f->reminder != PEYGIR_REMINDER_NONE)
        peygir_db_bind_text (stmt, n++, peygir_reminder_state_to_string (f->reminder));
      else
        peygir_db_bind_null (stmt, n++);
      peygir_db_bind_id (stmt, n++, f->signer_id);
      peygir_db_bind_id (stmt, n++, f->approved_at);
      if (!peygir_db_step_done (stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_letters_and_contacts (PeygirBulk  *self,
                            BulkCase    *c,
                            GError     **error)
{
  for (guint i = 0; i < c->letters->len; i++)
    {
      Letter *l = &g_array_index (c->letters, Letter, i);
      g_autoptr(PeygirDbStatement) stmt =
        peygir_db_prepare (self->store->db,
                           "INSERT INTO letters (id, number, kind, case_id, referral_id, issued_at, issued_by)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?)", error);

      if (stmt == NULL)
        return FALSE;
      peygir_db_bind_int64 (stmt, 1, l->id);
      peygir_db_bind_text (stmt, 2, l->number);
      peygir_db_bind_text (stmt, 3, peygir_letter_kind_to_string (l->kind));
      peygir_db_bind_int64 (stmt, 4, c->kase->id);
      peygir_db_bind_id (stmt, 5, l->referral_id);
      peygir_db_bind_int64 (stmt, 6, l->at);
      peygir_db_bind_int64 (stmt, 7, l->by);
      if (!peygir_db_step_done (stmt, error))
        return FALSE;
    }
  for (guint i = 0; i < c->contacts->len; i++)
    {
      Contact *contact = &g_array_index (c->contacts, Contact, i);
      g_autoptr(PeygirDbStatement) stmt =
        peygir_db_prepare (self->store->db,
                           "INSERT INTO contacts (id, case_id, at, user_id, channel, note) VALUES (?, ?, ?, ?, ?, ?)", error);

      if (stmt == NULL)
        return FALSE;
      peygir_db_bind_int64 (stmt, 1, contact->id);
      peygir_db_bind_int64 (stmt, 2, c->kase->id);
      peygir_db_bind_int64 (stmt, 3, contact->at);
      peygir_db_bind_int64 (stmt, 4, contact->user_id);
      peygir_db_bind_text (stmt, 5, peygir_channel_to_string (contact->channel));
      peygir_db_bind_text (stmt, 6, contact->note);
      if (!peygir_db_step_done (stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_events (PeygirBulk  *self,
              BulkCase    *c,
              GError     **error)
{
  for (guint i = 0; i < c->events->len; i++)
    {
      Event *e = &g_array_index (c->events, Event, i);
      gint64 *operator_id = g_hash_table_lookup (self->operators, &e->actor_id);

      if (!_peygir_store_insert_event (self->store, c->kase->id, e->at, e->actor_id,
                                       operator_id != NULL ? *operator_id : 0,
                                       e->action, e->from_state, e->to_state, e->note, error))
        return FALSE;
    }
  for (guint i = 0; i < c->stays->len; i++)
    {
      Stay *stay = &g_array_index (c->stays, Stay, i);
      g_autofree char *key = g_strdup_printf ("%s|%d", stay->state, stay->day);
      gint64 *sums = g_hash_table_lookup (self->stays, key);

      if (sums == NULL)
        g_hash_table_insert (self->stays, g_steal_pointer (&key), sums = g_new0 (gint64, 2));
      sums[0]++;
      sums[1] += stay->seconds;
    }
  return TRUE;
}

/* The case's texts for its search row, the agencies' answers put
 * together as read_answers () in peygir-store-cases.c does. */
static void
keep_search_row (PeygirBulk *self,
                 BulkCase   *c)
{
  GPtrArray *referrals = c->kase->referrals;
  SearchRow *row = g_new0 (SearchRow, 1);
  GString *answers = NULL;

  for (guint i = 0; i < referrals->len; i++)
    {
      PeygirReferral *referral = g_ptr_array_index (referrals, i);

      if (referral->answer == NULL)
        continue;
      if (answers == NULL)
        answers = g_string_new (NULL);
      else
        g_string_append_c (answers, ' ');
      g_string_append (answers, referral->answer);
    }
  row->case_id = c->kase->id;
  row->name = g_steal_pointer (&c->kase->applicant.name);
  row->subject = g_steal_pointer (&c->kase->subject);
  row->description = g_steal_pointer (&c->kase->description);
  row->answers = answers != NULL ? g_string_free (answers, FALSE) : NULL;
  g_ptr_array_add (self->search_rows, row);
}

gboolean
peygir_bulk_write_case (PeygirBulk  *self,
                        GError     **error)
{
  BulkCase *c;
  gboolean ok;

  g_return_val_if_fail (self != NULL && self->current != NULL && !self->spoilt, FALSE);
  c = self->current;

  ok = write_case_row (self, c, FALSE, error)
       && write_referrals (self, c, error)
       && write_follow_ups (self, c, error)
       && write_letters_and_contacts (self, c, error)
       && write_events (self, c, error);
  if (ok)
    {
      keep_search_row (self, c);
      if (self->first_case_id == 0)
        self->first_case_id = c->kase->id;
      self->last_case_id = c->kase->id;
      self->next_id[ID_CASES] = c->kase->id + 1;
    }
  else
    self->spoilt = TRUE;
  g_clear_pointer (&self->current, _peygir_bulk_case_free);
  return ok;
}

static gboolean
write_kept (PeygirBulk  *self,
            GError     **error)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->stays);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_auto(GStrv) parts = g_strsplit (key, "|", 2);
      gint64 *sums = value;
      g_autoptr(PeygirDbStatement) stmt =
        peygir_db_prepare (self->store->db,
                           "INSERT INTO state_stays (state, day, n, seconds) VALUES (?, ?, ?, ?)"
                           " ON CONFLICT (state, day) DO UPDATE SET n = state_stays.n + excluded.n,"
                           " seconds = state_stays.seconds + excluded.seconds", error);

      if (stmt == NULL)
        return FALSE;
      peygir_db_bind_text (stmt, 1, parts[0]);
      peygir_db_bind_int (stmt, 2, (int) g_ascii_strtoll (parts[1], NULL, 10));
      peygir_db_bind_int64 (stmt, 3, sums[0]);
      peygir_db_bind_int64 (stmt, 4, sums[1]);
      if (!peygir_db_step_done (stmt, error))
        return FALSE;
    }
  g_hash_table_iter_init (&iter, self->counters);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_auto(GStrv) parts = g_strsplit (key, "|", 2);
      g_autoptr(PeygirDbStatement) stmt = NULL;

      if (*(gint64 *) value == 0)
        continue;
      stmt = peygir_db_prepare (self->store->db,
                                "INSERT INTO counters (series, year, value) VALUES (?, ?, ?)"
                                " ON CONFLICT (series, year) DO UPDATE SET value = CASE WHEN excluded.value > counters.value"
                                " THEN excluded.value ELSE counters.value END",
                                error);
      if (stmt == NULL)
        return FALSE;
      peygir_db_bind_text (stmt, 1, parts[0]);
      peygir_db_bind_int (stmt, 2, (int) g_ascii_strtoll (parts[1], NULL, 10));
      peygir_db_bind_int64 (stmt, 3, *(gint64 *) value);
      if (!peygir_db_step_done (stmt, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
peygir_bulk_commit (PeygirBulk  *self,
                    GError     **error)
{
  gboolean ok = TRUE;

  g_return_val_if_fail (self != NULL && self->current == NULL && !self->spoilt, FALSE);

  if (!self->in_batch)
    return TRUE;
  for (guint i = 0; i < self->search_rows->len && ok; i++)
    {
      SearchRow *row = g_ptr_array_index (self->search_rows, i);

      ok = _peygir_store_insert_search_row (self->store, row->case_id, row->name, row->subject, row->description,
                                            row->answers, FALSE, error);
    }
  ok = ok && write_kept (self, error)
       && _peygir_store_counts_add_cases (self->store, self->first_case_id, self->last_case_id, error)
       && (self->first_case_id == 0
           || _peygir_store_tally_add_cases (self->store, self->first_case_id, self->last_case_id, error));
  for (guint i = 0; ok && self->store->server && i < N_IDS; i++)
    ok = peygir_db_reset_ids (self->store->db, id_tables[i], error);
  self->in_batch = FALSE;
  forget_transaction (self);
  if (!ok)
    {
      self->spoilt = TRUE;
      peygir_store_end_batch (self->store, FALSE, NULL);
      return FALSE;
    }
  ok = peygir_store_end_batch (self->store, TRUE, error);
  self->spoilt = !ok;
  return ok;
}
