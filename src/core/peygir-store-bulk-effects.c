/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-store"

/* The bulk path's actions: each applied to the case in memory with the
 * effects peygir-store-actions.c gives it in SQL, after the same checks.
 * The test /core/bulk/same-rows holds the two to each other. */

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "peygir-error.h"
#include "peygir-store-bulk-private.h"
#include "peygir-text.h"
#include "peygir-workflow.h"


typedef struct
{
  PeygirBulk                *bulk;
  BulkCase                  *c;
  const PeygirActionRequest *request;
  PeygirUser                *actor;
  gint64                     at;
  PeygirDay                  day;
  PeygirState                to_state;
  GString                    *note;
} Act;

static PeygirReferral *
find_referral (Act     *act,
               GError **error)
{
  return _peygir_store_find_referral (act->c->kase, act->request->referral_id, error);
}

/* A referral's latest reminder, as the store reads it back: its latest
 * follow-up with a reminder not withdrawn. */
static void
refresh_reminder (BulkCase       *c,
                  PeygirReferral *referral)
{
  referral->reminder = PEYGIR_REMINDER_NONE;
  referral->reminder_follow_up_id = 0;
  referral->follow_ups = 0;
  for (guint i = 0; i < c->follow_ups->len; i++)
    {
      FollowUp *f = &g_array_index (c->follow_ups, FollowUp, i);

      if (f->referral_id != referral->id)
        continue;
      referral->follow_ups++;
      if (f->reminder != PEYGIR_REMINDER_NONE && f->reminder != PEYGIR_REMINDER_WITHDRAWN)
        {
          referral->reminder = f->reminder;
          referral->reminder_follow_up_id = f->id;
        }
    }
}

static FollowUp *
follow_up_of (BulkCase *c,
              gint64    id)
{
  for (guint i = 0; i < c->follow_ups->len; i++)
    if (g_array_index (c->follow_ups, FollowUp, i).id == id)
      return &g_array_index (c->follow_ups, FollowUp, i);
  g_assert_not_reached ();
}

static gboolean
set_referrals_state (Act                  *act,
                     PeygirReferralState   from,
                     PeygirReferralState   to)
{
  GPtrArray *referrals = act->c->kase->referrals;

  for (guint i = 0; i < referrals->len; i++)
    {
      PeygirReferral *referral = g_ptr_array_index (referrals, i);

      if (referral->round != act->c->kase->round || referral->state != from)
        continue;
      referral->state = to;
      if (to == PEYGIR_REFERRAL_APPROVED)
        {
          referral->approved_by = act->actor->id;
          referral->approved_at = act->at;
        }
    }
  return TRUE;
}

static gboolean
do_register (Act     *act,
             GError **error)
{
  BulkCase *c = act->c;
  int year = peygir_persian_year_of (act->at);
  gint64 seq;

  /* a reopened case keeps the number it was registered under */
  if (c->reg_year != 0)
    return TRUE;
  if (c->given_year != 0)
    {
      gint64 *counter = _peygir_bulk_counter_of (act->bulk, "registration", c->given_year, error);

      if (counter == NULL)
        return FALSE;
      year = c->given_year;
      seq = c->given_seq;
      *counter = MAX (*counter, seq);
    }
  else
    {
      seq = _peygir_bulk_next_number (act->bulk, "registration", year, error);
      if (seq < 0)
        return FALSE;
    }
  c->reg_year = year;
  c->reg_seq = seq;
  c->kase->registration_number = g_strdup_printf ("%d/%" G_GINT64_FORMAT, year, seq);
  c->kase->registered_at = act->at;
  c->kase->service_due = peygir_calendar_add_working_days (act->bulk->calendar, act->day, act->bulk->service_days);
  g_string_append (act->note, c->kase->registration_number);
  return TRUE;
}

static gboolean
do_refer (Act     *act,
          GError **error)
{
  const PeygirActionRequest *request = act->request;

  if (!_peygir_store_check_refer (request, error))
    return FALSE;
  for (guint i = 0; i < request->n_agency_ids; i++)
    {
      PeygirReferral *referral;
      PeygirAgency *agency;

      agency = _peygir_bulk_usable_agency (act->bulk, request->agency_ids[i], error);
      if (agency == NULL)
        {
          if (error != NULL && (*error)->domain == PEYGIR_INPUT_ERROR)
            (*error)->domain = PEYGIR_WORKFLOW_ERROR, (*error)->code = PEYGIR_WORKFLOW_ERROR_ARGUMENT;
          return FALSE;
        }
      referral = g_new0 (PeygirReferral, 1);
      referral->id = act->bulk->next_id[ID_REFERRALS]++;
      referral->case_id = act->c->kase->id;
      referral->agency_id = agency->id;
      referral->agency_name = g_strdup (agency->name);
      referral->agency_head_title = g_strdup (agency->head_title);
      referral->round = act->c->kase->round;
      referral->state = PEYGIR_REFERRAL_DRAFT;
      referral->letter_text = g_strdup (request->note);
      referral->drafted_by = act->actor->id;
      referral->drafted_at = act->at;
      g_ptr_array_add (act->c->kase->referrals, referral);
      g_string_append_printf (act->note, "%s%s", i > 0 ? "، " : "", agency->name);
    }
  return TRUE;
}

static char *
issue_letter (Act              *act,
              PeygirLetterKind  kind,
              gint64            referral_id,
              GError          **error)
{
  int year = peygir_persian_year_of (act->at);
  gint64 seq = _peygir_bulk_next_number (act->bulk, "letter", year, error);
  Letter letter = { 0, };

  if (seq < 0)
    return NULL;
  letter.id = act->bulk->next_id[ID_LETTERS]++;
  letter.number = _peygir_store_format_letter_number (year, seq);
  letter.kind = kind;
  letter.referral_id = referral_id;
  letter.at = act->at;
  letter.by = act->actor->id;
  g_array_append_val (act->c->letters, letter);
  return g_strdup (letter.number);
}

/* A letter of the past was sent under a number Peygir never gave: it is
 * recorded as sent, without one. @data: the Act (a PeygirSendWaiting). */
static gboolean
dispatch_letter (gpointer           data,
                 PeygirReferral    *referral,
                 PeygirLetterKind   kind,
                 GError           **error)
{
  Act *act = data;
  g_autofree char *number = NULL;
  PeygirDay due;

  if (act->bulk->past_login == NULL)
    {
      number = issue_letter (act, kind, referral->id, error);
      if (number == NULL)
        return FALSE;
    }
  due = _peygir_bulk_agency_due (act->bulk, referral->agency_id, act->day);
  if (kind == PEYGIR_LETTER_REFERRAL)
    {
      referral->state = PEYGIR_REFERRAL_DISPATCHED;
      referral->letter_number = g_strdup (number);
      referral->dispatched_at = act->at;
    }
  else
    {
      FollowUp *f = follow_up_of (act->c, referral->reminder_follow_up_id);

      f->reminder = PEYGIR_REMINDER_SENT;
      f->letter_number = g_strdup (number);
      f->new_due = due;
      refresh_reminder (act->c, referral);
    }
  referral->due = due;
  if (number != NULL)
    g_string_append_printf (act->note, "%s%s: %s", act->note->len > 0 ? "؛ " : "", referral->agency_name, number);
  else
    g_string_append_printf (act->note, "%s%s", act->note->len > 0 ? "؛ " : "", referral->agency_name);
  return TRUE;
}

static gboolean
do_dispatch (Act     *act,
             GError **error)
{
  PeygirLetterKind kind;

  if (act->request->expect_number != NULL || act->request->letter_pdf != NULL)
    {
      g_set_error_literal (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_ARGUMENT,
                           _("A letter of the past is recorded without its printed copy."));
      return FALSE;
    }
  if (act->request->referral_id != 0)
    {
      PeygirReferral *referral = find_referral (act, error);

      if (referral == NULL)
        return FALSE;
      return _peygir_store_check_letter_waiting (referral, act->c->kase->round, &kind, error)
             && dispatch_letter (act, referral, kind, error);
    }
  return _peygir_store_send_each_waiting (act->c->kase->referrals, act->c->kase->round,
                                          dispatch_letter, act, error);
}

static gboolean
do_follow_up (Act     *act,
              GError **error)
{
  PeygirChannel channel = act->request->channel;
  PeygirReminderState reminder = PEYGIR_REMINDER_NONE;
  PeygirReferral *referral = find_referral (act, error);
  FollowUp f = { 0, };

  if (referral == NULL || !_peygir_store_check_follow_up (referral, channel, act->day, error))
    return FALSE;
  if (channel == PEYGIR_CHANNEL_MAIL)
    reminder = g_str_equal (act->bulk->reminder_signer, "expert") ? PEYGIR_REMINDER_APPROVED : PEYGIR_REMINDER_DRAFT;

  f.id = act->bulk->next_id[ID_FOLLOW_UPS]++;
  f.referral_id = referral->id;
  f.at = act->at;
  f.user_id = act->actor->id;
  f.previous_due = referral->due;
  f.new_due = _peygir_bulk_agency_due (act->bulk, referral->agency_id, act->day);
  f.note = g_strdup (act->request->note);
  f.channel = channel;
  f.reminder = reminder;
  /* signed by the expert who wrote it: approved as it is written */
  if (reminder == PEYGIR_REMINDER_APPROVED)
    {
      f.signer_id = act->actor->id;
      f.approved_at = act->at;
    }
  referral->due = f.new_due;
  g_array_append_val (act->c->follow_ups, f);
  refresh_reminder (act->c, referral);
  g_string_append_printf (act->note, "%s: %s", referral->agency_name,
                          reminder == PEYGIR_REMINDER_NONE ? peygir_channel_label (channel)
                                                           : peygir_reminder_state_label (reminder));
  return TRUE;
}

static gboolean
do_approve_reminder (Act     *act,
                     GError **error)
{
  PeygirReferral *referral = find_referral (act, error);
  FollowUp *f;

  if (referral == NULL || !_peygir_store_check_approve_reminder (referral, error))
    return FALSE;
  f = follow_up_of (act->c, referral->reminder_follow_up_id);
  f->reminder = PEYGIR_REMINDER_APPROVED;
  f->signer_id = act->actor->id;
  f->approved_at = act->at;
  refresh_reminder (act->c, referral);
  g_string_append (act->note, referral->agency_name);
  return TRUE;
}

static gboolean
do_answer (Act     *act,
           GError **error)
{
  PeygirReferral *referral = find_referral (act, error);

  if (referral == NULL || !_peygir_store_check_answer (referral, error))
    return FALSE;
  if (act->request->answer_number != NULL || act->request->answer_date != 0
      || act->request->document != NULL || act->request->document_stream != NULL)
    {
      g_set_error_literal (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_ARGUMENT,
                           _("An answer of the past is recorded with its text only."));
      return FALSE;
    }
  referral->state = PEYGIR_REFERRAL_ANSWERED;
  referral->answer = g_strdup (act->request->note);
  referral->answered_at = act->at;
  /* a reminder not sent yet has nothing left to remind of */
  for (guint i = 0; i < act->c->follow_ups->len; i++)
    {
      FollowUp *f = &g_array_index (act->c->follow_ups, FollowUp, i);

      if (f->referral_id == referral->id
          && (f->reminder == PEYGIR_REMINDER_DRAFT || f->reminder == PEYGIR_REMINDER_APPROVED))
        f->reminder = PEYGIR_REMINDER_WITHDRAWN;
    }
  refresh_reminder (act->c, referral);

  /* the case is answered when every referral of this round is */
  if (!_peygir_store_all_answered_but (act->c->kase, referral))
    act->to_state = act->c->kase->state;
  g_string_append (act->note, referral->agency_name);
  return TRUE;
}

static void
record_contact (Act *act)
{
  Contact contact = { act->bulk->next_id[ID_CONTACTS]++, act->at, act->actor->id, act->request->channel,
                      g_strdup (act->request->note) };

  g_array_append_val (act->c->contacts, contact);
}

static gboolean
do_assign (Act     *act,
           GError **error)
{
  PeygirCase *kase = act->c->kase;
  PeygirUser *assignee;

  if (!_peygir_store_check_assigner (act->actor, kase, act->request->assignee_id, error))
    return FALSE;
  assignee = _peygir_bulk_user_of (act->bulk, act->request->assignee_id, error);
  if (assignee == NULL)
    {
      if (error != NULL && (*error)->domain == PEYGIR_WORKFLOW_ERROR)
        (*error)->code = PEYGIR_WORKFLOW_ERROR_ARGUMENT;
      return FALSE;
    }
  if (!_peygir_store_check_assignee (kase, assignee, act->note, error))
    return FALSE;
  kase->expert_id = assignee->id;
  g_free (kase->expert_name);
  kase->expert_name = g_strdup (assignee->name);
  return TRUE;
}

static gboolean
apply_effects (Act     *act,
               GError **error)
{
  PeygirCase *kase = act->c->kase;

  switch (act->request->action)
    {
    case PEYGIR_ACTION_REVIEW:
      if (kase->expert_id == 0 && act->bulk->past_login == NULL)
        {
          kase->expert_id = act->actor->id;
          kase->expert_name = g_strdup (act->actor->name);
        }
      return TRUE;
    case PEYGIR_ACTION_REGISTER:
      return do_register (act, error);
    case PEYGIR_ACTION_REJECT:
    case PEYGIR_ACTION_RETURN:
      return set_referrals_state (act, PEYGIR_REFERRAL_DRAFT, PEYGIR_REFERRAL_WITHDRAWN);
    case PEYGIR_ACTION_REFER:
      return do_refer (act, error);
    case PEYGIR_ACTION_APPROVE:
      return set_referrals_state (act, PEYGIR_REFERRAL_DRAFT, PEYGIR_REFERRAL_APPROVED);
    case PEYGIR_ACTION_DISPATCH:
      return do_dispatch (act, error);
    case PEYGIR_ACTION_FOLLOW_UP:
      return do_follow_up (act, error);
    case PEYGIR_ACTION_APPROVE_REMINDER:
      return do_approve_reminder (act, error);
    case PEYGIR_ACTION_ANSWER:
      return do_answer (act, error);
    case PEYGIR_ACTION_NOTIFY:
      record_contact (act);
      kase->closed_at = act->at;
      return TRUE;
    case PEYGIR_ACTION_REOPEN:
      /* a new round: the objection is handled like a new request */
      kase->round++;
      kase->closed_at = 0;
      kase->paused_at = 0;
      kase->service_due = act->c->reg_year == 0 ? 0
                          : peygir_calendar_add_working_days (act->bulk->calendar, act->day, act->bulk->service_days);
      return TRUE;
    case PEYGIR_ACTION_CONTACT:
      record_contact (act);
      return TRUE;
    case PEYGIR_ACTION_AWAIT_DOCUMENTS:
    case PEYGIR_ACTION_DOCUMENTS_RECEIVED:
    case PEYGIR_ACTION_LINK:
      g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_ARGUMENT,
                   _("“%s” is not among the steps a past case is brought in with."),
                   peygir_action_label (act->request->action));
      return FALSE;
    case PEYGIR_ACTION_ASSIGN:
      return do_assign (act, error);
    case PEYGIR_N_ACTIONS:
    default:
      break;
    }
  g_assert_not_reached ();
}

const PeygirCase *
peygir_bulk_act (PeygirBulk                 *self,
                 const PeygirActionRequest  *request,
                 GError                    **error)
{
  g_autoptr(GString) note = g_string_new (NULL);
  BulkCase *c;
  PeygirState from;
  Act act = { 0, };

  g_return_val_if_fail (self != NULL && self->current != NULL && !self->spoilt, NULL);
  g_return_val_if_fail (request != NULL && request->action < PEYGIR_N_ACTIONS, NULL);
  c = self->current;

  if (request->at < c->last_at)
    {
      g_set_error_literal (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_DATE,
                           _("A step of a case’s past lies before the step it follows."));
      goto refused;
    }
  act.bulk = self;
  act.c = c;
  act.request = request;
  act.at = request->at;
  act.day = peygir_day_from_unix (request->at);
  act.note = note;
  if (!_peygir_store_check_request (request, error))
    goto refused;
  act.actor = _peygir_bulk_actor_of (self, self->past_login != NULL ? self->past_login : request->actor_login, error);
  if (act.actor == NULL)
    goto refused;
  if (!peygir_workflow_check (request->action, c->kase->state,
                              self->past_login != NULL ? PEYGIR_ROLES_ALL : act.actor->roles, error))
    goto refused;
  from = c->kase->state;
  act.to_state = peygir_workflow_next_state (request->action, from);
  if (!apply_effects (&act, error))
    goto refused;

  if (act.to_state != from)
    {
      Stay stay = { peygir_state_to_string (from), peygir_day_from_unix (act.at), MAX (0, act.at - c->entered_at) };

      g_array_append_val (c->stays, stay);
      c->entered_at = act.at;
    }
  c->kase->state = act.to_state;
  c->kase->version++;
  c->kase->updated_at = act.at;
  c->last_at = act.at;
  _peygir_store_finish_event_note (note, request);
  _peygir_bulk_add_event (c, act.at, act.actor->id, peygir_action_to_string (request->action), peygir_state_to_string (from),
             peygir_state_to_string (act.to_state), note->str);
  return c->kase;

refused:
  g_clear_pointer (&self->current, _peygir_bulk_case_free);
  return NULL;
}
