/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-store"

/* The workflow's actions on a case: each one transaction that checks the
 * request, applies its effects and records the event. */

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "peygir-clock.h"
#include "peygir-error.h"
#include "peygir-store-private.h"
#include "peygir-text.h"
#include "peygir-workflow.h"


typedef struct
{
  PeygirStore               *self;
  const PeygirActionRequest *request;
  PeygirUser                *actor;
  PeygirCase                *kase;     /* as it was before the action, with its referrals */
  gint64                     at;
  PeygirDay                  day;
  PeygirState                to_state;
  GString                   *note;     /* what the audit event records beside the request's note */
} ActionContext;

static gboolean
exec_case_update (ActionContext  *ctx,
                  const char     *sql,
                  gint64          value,
                  GError        **error)
{
  g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare (ctx->self->db, sql, error);

  if (stmt == NULL)
    return FALSE;
  if (peygir_db_parameter (stmt, ":value") > 0)
    peygir_db_bind_int64 (stmt, peygir_db_parameter (stmt, ":value"), value);
  peygir_db_bind_int64 (stmt, peygir_db_parameter (stmt, ":id"), ctx->kase->id);
  return peygir_db_step_done (stmt, error);
}

static gboolean
set_referrals_state (ActionContext        *ctx,
                     PeygirReferralState   from,
                     PeygirReferralState   to,
                     GError              **error)
{
  g_autoptr(PeygirDbStatement) stmt =
    peygir_db_prepare (ctx->self->db,
                       "UPDATE referrals SET state = ?3,"
                       " approved_by = CASE WHEN ?3 = 'approved' THEN ?4 ELSE approved_by END,"
                       " approved_at = CASE WHEN ?3 = 'approved' THEN ?5 ELSE approved_at END"
                       " WHERE case_id = ?1 AND round = ?2 AND state = ?6", error);

  if (stmt == NULL)
    return FALSE;
  peygir_db_bind_int64 (stmt, 1, ctx->kase->id);
  peygir_db_bind_int (stmt, 2, ctx->kase->round);
  peygir_db_bind_text (stmt, 3, peygir_referral_state_to_string (to));
  peygir_db_bind_int64 (stmt, 4, ctx->actor->id);
  peygir_db_bind_int64 (stmt, 5, ctx->at);
  peygir_db_bind_text (stmt, 6, peygir_referral_state_to_string (from));
  return peygir_db_step_done (stmt, error);
}

PeygirReferral *
_peygir_store_find_referral (const PeygirCase  *kase,
                             gint64             referral_id,
                             GError           **error)
{
  GPtrArray *referrals = kase->referrals;

  for (guint i = 0; i < referrals->len; i++)
    {
      PeygirReferral *referral = g_ptr_array_index (referrals, i);

      if (referral->id == referral_id && referral->round == kase->round)
        return referral;
    }
  g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_ARGUMENT,
               _("Referral %" PRId64 " does not belong to this case’s current round."), referral_id);
  return NULL;
}

static PeygirReferral *
find_referral (ActionContext  *ctx,
               gint64          referral_id,
               GError        **error)
{
  return _peygir_store_find_referral (ctx->kase, referral_id, error);
}

/* ص for صادره, outgoing: the secretariat's customary form. */
char *
_peygir_store_format_letter_number (int    year,
                                    gint64 seq)
{
  return g_strdup_printf ("%d/ص/%" G_GINT64_FORMAT, year, seq);
}

/* A letter printed before it was sent carries the number it was printed
 * with: another number would make the paper wrong, so then nothing is
 * issued. */
char *
_peygir_store_issue_letter_number_full (PeygirStore       *self,
                                        gint64             case_id,
                                        gint64             actor_id,
                                        gint64             at,
                                        PeygirLetterKind   kind,
                                        gint64             referral_id,
                                        const char        *expect,
                                        GBytes            *pdf,
                                        GError           **error)
{
  int year = peygir_persian_year_of (at);
  gint64 seq = _peygir_store_next_number (self, "letter", year, error);
  g_autofree char *number = NULL;
  g_autoptr(PeygirDbStatement) stmt = NULL;

  if (seq < 0)
    return NULL;
  number = _peygir_store_format_letter_number (year, seq);
  if (expect != NULL && g_strcmp0 (expect, number) != 0)
    {
      g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_CONFLICT,
                   _("The letter was printed with number %s, but the next number is now %s: another desk sent letters meanwhile. Nothing was recorded; print it again."),
                   expect, number);
      return NULL;
    }
  stmt = peygir_db_prepare (self->db,
                            "INSERT INTO letters (number, kind, case_id, referral_id, issued_at, issued_by, pdf)"
                            " VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return NULL;
  peygir_db_bind_text (stmt, 1, number);
  peygir_db_bind_text (stmt, 2, peygir_letter_kind_to_string (kind));
  peygir_db_bind_int64 (stmt, 3, case_id);
  peygir_db_bind_id (stmt, 4, referral_id);
  peygir_db_bind_int64 (stmt, 5, at);
  peygir_db_bind_int64 (stmt, 6, actor_id);
  if (pdf != NULL)
    peygir_db_bind_blob (stmt, 7, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf));
  else
    peygir_db_bind_null (stmt, 7);
  if (!peygir_db_step_done (stmt, error))
    return NULL;
  return g_steal_pointer (&number);
}

static char *
issue_letter_number (ActionContext     *ctx,
                     PeygirLetterKind   kind,
                     gint64             referral_id,
                     GError           **error)
{
  return _peygir_store_issue_letter_number_full (ctx->self, ctx->kase->id, ctx->actor->id, ctx->at, kind, referral_id,
                                                 ctx->request->expect_number, ctx->request->letter_pdf, error);
}

/* An agency's deadline, counted from today. */
static PeygirDay
agency_due (ActionContext   *ctx,
            PeygirCalendar  *calendar,
            gint64           agency_id)
{
  g_autoptr(PeygirAgency) agency = _peygir_store_read_agency (ctx->self, agency_id, NULL);

  return peygir_calendar_add_working_days (calendar, ctx->day, _peygir_store_read_response_days (ctx->self, agency));
}

static gboolean
do_register (ActionContext  *ctx,
             GError        **error)
{
  g_autoptr(PeygirCalendar) calendar = _peygir_store_read_calendar (ctx->self, error);
  int year = peygir_persian_year_of (ctx->at);
  int service_days;
  gint64 seq;
  g_autoptr(PeygirDbStatement) stmt = NULL;

  if (calendar == NULL)
    return FALSE;
  /* A reopened case keeps the number it was registered under. */
  if (ctx->kase->registration_number != NULL)
    return TRUE;

  seq = _peygir_store_next_number (ctx->self, "registration", year, error);
  if (seq < 0)
    return FALSE;
  service_days = _peygir_store_read_setting_int (ctx->self, PEYGIR_SETTING_SERVICE_DAYS, DEFAULT_SERVICE_DAYS);

  stmt = peygir_db_prepare (ctx->self->db,
                            "UPDATE cases SET reg_year = ?, reg_seq = ?, registered_at = ?, service_due = ? WHERE id = ?",
                            error);
  if (stmt == NULL)
    return FALSE;
  peygir_db_bind_int (stmt, 1, year);
  peygir_db_bind_int64 (stmt, 2, seq);
  peygir_db_bind_int64 (stmt, 3, ctx->at);
  peygir_db_bind_int (stmt, 4, peygir_calendar_add_working_days (calendar, ctx->day, service_days));
  peygir_db_bind_int64 (stmt, 5, ctx->kase->id);
  g_string_append_printf (ctx->note, "%d/%" G_GINT64_FORMAT, year, seq);
  return peygir_db_step_done (stmt, error);
}

gboolean
_peygir_store_check_refer (const PeygirActionRequest  *request,
                           GError                    **error)
{
  if (request->n_agency_ids == 0)
    {
      g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_ARGUMENT,
                   _("A referral needs at least one agency."));
      return FALSE;
    }
  for (guint i = 0; i < request->n_agency_ids; i++)
    for (guint j = 0; j < i; j++)
      if (request->agency_ids[j] == request->agency_ids[i])
        {
          g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_ARGUMENT,
                       _("The same agency is named twice in the referral."));
          return FALSE;
        }
  return TRUE;
}

static gboolean
do_refer (ActionContext  *ctx,
          GError        **error)
{
  const PeygirActionRequest *request = ctx->request;

  if (!_peygir_store_check_refer (request, error))
    return FALSE;

  for (guint i = 0; i < request->n_agency_ids; i++)
    {
      g_autoptr(PeygirDbStatement) stmt = NULL;
      g_autoptr(PeygirAgency) agency = NULL;

      if (!_peygir_store_check_agency_usable (ctx->self, request->agency_ids[i], error))
        {
          if (error != NULL && (*error)->domain == PEYGIR_INPUT_ERROR)
            (*error)->domain = PEYGIR_WORKFLOW_ERROR, (*error)->code = PEYGIR_WORKFLOW_ERROR_ARGUMENT;
          return FALSE;
        }
      agency = _peygir_store_read_agency (ctx->self, request->agency_ids[i], error);

      stmt = peygir_db_prepare (ctx->self->db,
                                "INSERT INTO referrals (case_id, agency_id, round, state, letter_text, drafted_by, drafted_at)"
                                " VALUES (?, ?, ?, 'draft', ?, ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      peygir_db_bind_int64 (stmt, 1, ctx->kase->id);
      peygir_db_bind_int64 (stmt, 2, request->agency_ids[i]);
      peygir_db_bind_int (stmt, 3, ctx->kase->round);
      peygir_db_bind_text (stmt, 4, request->note);
      peygir_db_bind_int64 (stmt, 5, ctx->actor->id);
      peygir_db_bind_int64 (stmt, 6, ctx->at);
      if (!peygir_db_step_done (stmt, error))
        return FALSE;
      g_string_append_printf (ctx->note, "%s%s", i > 0 ? "، " : "", agency->name);
    }
  return TRUE;
}

static gboolean
dispatch_one (ActionContext   *ctx,
              PeygirReferral  *referral,
              PeygirCalendar  *calendar,
              GError         **error)
{
  g_autofree char *number = issue_letter_number (ctx, PEYGIR_LETTER_REFERRAL, referral->id, error);
  g_autoptr(PeygirDbStatement) stmt = NULL;
  PeygirDay due;

  if (number == NULL)
    return FALSE;
  due = agency_due (ctx, calendar, referral->agency_id);
  stmt = peygir_db_prepare (ctx->self->db,
                            "UPDATE referrals SET state = 'dispatched', letter_number = ?, dispatched_at = ?, due = ? WHERE id = ?",
                            error);
  if (stmt == NULL)
    return FALSE;
  peygir_db_bind_text (stmt, 1, number);
  peygir_db_bind_int64 (stmt, 2, ctx->at);
  peygir_db_bind_int (stmt, 3, due);
  peygir_db_bind_int64 (stmt, 4, referral->id);
  g_string_append_printf (ctx->note, "%s%s: %s", ctx->note->len > 0 ? "؛ " : "", referral->agency_name, number);
  return peygir_db_step_done (stmt, error);
}

/* Sends the approved reminder of @referral: numbered now, and the
 * agency's new deadline counts from today. */
static gboolean
send_reminder (ActionContext   *ctx,
               PeygirReferral  *referral,
               PeygirCalendar  *calendar,
               GError         **error)
{
  g_autofree char *number = issue_letter_number (ctx, PEYGIR_LETTER_REMINDER, referral->id, error);
  PeygirDay due;

  if (number == NULL)
    return FALSE;
  due = agency_due (ctx, calendar, referral->agency_id);
  {
    g_autoptr(PeygirDbStatement) stmt =
      peygir_db_prepare (ctx->self->db, "UPDATE follow_ups SET reminder = 'sent', letter_number = ?, new_due = ? WHERE id = ?",
                         error);
    if (stmt == NULL)
      return FALSE;
    peygir_db_bind_text (stmt, 1, number);
    peygir_db_bind_int (stmt, 2, due);
    peygir_db_bind_int64 (stmt, 3, referral->reminder_follow_up_id);
    if (!peygir_db_step_done (stmt, error))
      return FALSE;
  }
  {
    g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare (ctx->self->db, "UPDATE referrals SET due = ? WHERE id = ?", error);

    if (stmt == NULL)
      return FALSE;
    peygir_db_bind_int (stmt, 1, due);
    peygir_db_bind_int64 (stmt, 2, referral->id);
    if (!peygir_db_step_done (stmt, error))
      return FALSE;
  }
  g_string_append_printf (ctx->note, "%s%s: %s", ctx->note->len > 0 ? "؛ " : "", referral->agency_name, number);
  return TRUE;
}

gboolean
_peygir_store_check_letter_waiting (const PeygirReferral  *referral,
                                    int                    round,
                                    PeygirLetterKind      *kind,
                                    GError               **error)
{
  if (peygir_workflow_letter_waiting (referral, round, kind))
    return TRUE;
  g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE,
               referral->reminder == PEYGIR_REMINDER_DRAFT
               ? _("The reminder to “%s” waits for the manager’s approval.")
               : _("No letter to “%s” is waiting to be dispatched."),
               referral->agency_name);
  return FALSE;
}

gboolean
_peygir_store_send_each_waiting (GPtrArray          *referrals,
                                 int                 round,
                                 PeygirSendWaiting   send,
                                 gpointer            data,
                                 GError            **error)
{
  guint sent = 0;

  for (guint i = 0; i < referrals->len; i++)
    {
      PeygirReferral *referral = g_ptr_array_index (referrals, i);
      PeygirLetterKind kind;

      if (!peygir_workflow_letter_waiting (referral, round, &kind))
        continue;
      if (!send (data, referral, kind, error))
        return FALSE;
      sent++;
    }
  if (sent == 0)
    {
      g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE,
                   _("This case has no approved letter waiting to be dispatched."));
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  ActionContext  *ctx;
  PeygirCalendar *calendar;
} Dispatch;

/* A referral letter, which starts the agency's deadline, or a reminder. */
static gboolean
send_waiting (gpointer           data,
              PeygirReferral    *referral,
              PeygirLetterKind   kind,
              GError           **error)
{
  Dispatch *d = data;

  return kind == PEYGIR_LETTER_REFERRAL
         ? dispatch_one (d->ctx, referral, d->calendar, error)
         : send_reminder (d->ctx, referral, d->calendar, error);
}

/* The secretariat sends the case's approved letters: referral letters,
 * which start the agency's deadline, and reminders. */
static gboolean
do_dispatch (ActionContext  *ctx,
             GError        **error)
{
  g_autoptr(PeygirCalendar) calendar = _peygir_store_read_calendar (ctx->self, error);
  Dispatch d = { ctx, calendar };
  PeygirLetterKind kind;

  if (calendar == NULL)
    return FALSE;

  if (ctx->request->referral_id != 0)
    {
      PeygirReferral *referral = find_referral (ctx, ctx->request->referral_id, error);

      if (referral == NULL)
        return FALSE;
      return _peygir_store_check_letter_waiting (referral, ctx->kase->round, &kind, error)
             && send_waiting (&d, referral, kind, error);
    }

  if (ctx->request->expect_number != NULL || ctx->request->letter_pdf != NULL)
    {
      g_set_error_literal (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_ARGUMENT,
                           _("A printed letter is sent on its own: say which referral it is for."));
      return FALSE;
    }

  return _peygir_store_send_each_waiting (ctx->kase->referrals, ctx->kase->round, send_waiting, &d, error);
}

static gboolean
update_referral_due (ActionContext  *ctx,
                     gint64          referral_id,
                     PeygirDay       due,
                     GError        **error)
{
  g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare (ctx->self->db, "UPDATE referrals SET due = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  peygir_db_bind_int (stmt, 1, due);
  peygir_db_bind_int64 (stmt, 2, referral_id);
  return peygir_db_step_done (stmt, error);
}

gboolean
_peygir_store_check_follow_up (const PeygirReferral  *referral,
                               PeygirChannel          channel,
                               PeygirDay              day,
                               GError               **error)
{
  if (channel != PEYGIR_CHANNEL_PHONE && channel != PEYGIR_CHANNEL_MAIL
      && channel != PEYGIR_CHANNEL_IN_PERSON && channel != PEYGIR_CHANNEL_EMAIL)
    {
      g_set_error_literal (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_ARGUMENT,
                           _("Say how the agency was reminded: by phone, by letter, in person or by e-mail."));
      return FALSE;
    }
  /* The card's side path: only an answer not sent on time is followed up. */
  if (referral->state != PEYGIR_REFERRAL_DISPATCHED || referral->due >= day)
    {
      g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE,
                   _("The answer of “%s” is not overdue, so there is nothing to follow up yet."),
                   referral->agency_name);
      return FALSE;
    }
  if (channel == PEYGIR_CHANNEL_MAIL
      && (referral->reminder == PEYGIR_REMINDER_DRAFT || referral->reminder == PEYGIR_REMINDER_APPROVED))
    {
      g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE,
                   _("A reminder to “%s” is already waiting to be sent."), referral->agency_name);
      return FALSE;
    }
  return TRUE;
}

/* The card's side path for an answer not sent on time. Every follow-up
 * gives the agency a new deadline; only one by letter makes a reminder,
 * which is signed (per the office's setting) by the manager who approves
 * it or by the expert who wrote it, and numbered when it is sent. */
static gboolean
do_follow_up (ActionContext  *ctx,
              GError        **error)
{
  g_autoptr(PeygirCalendar) calendar = _peygir_store_read_calendar (ctx->self, error);
  PeygirChannel channel = ctx->request->channel;
  PeygirReferral *referral;
  g_autofree char *signer = NULL;
  PeygirReminderState reminder = PEYGIR_REMINDER_NONE;
  PeygirDay due;

  if (calendar == NULL)
    return FALSE;
  referral = find_referral (ctx, ctx->request->referral_id, error);
  if (referral == NULL)
    return FALSE;

  if (!_peygir_store_check_follow_up (referral, channel, ctx->day, error))
    return FALSE;
  if (channel == PEYGIR_CHANNEL_MAIL)
    {
      signer = _peygir_store_read_setting (ctx->self, PEYGIR_SETTING_REMINDER_SIGNER, error);
      if (signer == NULL)
        return FALSE;
      reminder = g_str_equal (signer, "expert") ? PEYGIR_REMINDER_APPROVED : PEYGIR_REMINDER_DRAFT;
    }
  due = agency_due (ctx, calendar, referral->agency_id);

  {
    g_autoptr(PeygirDbStatement) stmt =
      peygir_db_prepare (ctx->self->db,
                         "INSERT INTO follow_ups (referral_id, at, user_id, previous_due, new_due, note, channel,"
                         " reminder, signer_id, approved_at)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
    if (stmt == NULL)
      return FALSE;
    peygir_db_bind_int64 (stmt, 1, referral->id);
    peygir_db_bind_int64 (stmt, 2, ctx->at);
    peygir_db_bind_int64 (stmt, 3, ctx->actor->id);
    peygir_db_bind_int (stmt, 4, referral->due);
    peygir_db_bind_int (stmt, 5, due);
    peygir_db_bind_text (stmt, 6, ctx->request->note);
    peygir_db_bind_text (stmt, 7, peygir_channel_to_string (channel));
    if (reminder != PEYGIR_REMINDER_NONE)
      peygir_db_bind_text (stmt, 8, peygir_reminder_state_to_string (reminder));
    else
      peygir_db_bind_null (stmt, 8);
    /* signed by the expert who wrote it: approved as it is written */
    peygir_db_bind_id (stmt, 9, reminder == PEYGIR_REMINDER_APPROVED ? ctx->actor->id : 0);
    if (reminder == PEYGIR_REMINDER_APPROVED)
      peygir_db_bind_int64 (stmt, 10, ctx->at);
    else
      peygir_db_bind_null (stmt, 10);
    if (!peygir_db_step_done (stmt, error))
      return FALSE;
  }
  if (!update_referral_due (ctx, referral->id, due, error))
    return FALSE;
  g_string_append_printf (ctx->note, "%s: %s", referral->agency_name,
                          reminder == PEYGIR_REMINDER_NONE ? peygir_channel_label (channel)
                                                           : peygir_reminder_state_label (reminder));
  return TRUE;
}

gboolean
_peygir_store_check_approve_reminder (const PeygirReferral  *referral,
                                      GError               **error)
{
  if (referral->reminder == PEYGIR_REMINDER_DRAFT)
    return TRUE;
  g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE,
               _("No reminder to “%s” is waiting for approval."), referral->agency_name);
  return FALSE;
}

/* The manager signs the reminder an expert wrote. */
static gboolean
do_approve_reminder (ActionContext  *ctx,
                     GError        **error)
{
  PeygirReferral *referral = find_referral (ctx, ctx->request->referral_id, error);
  g_autoptr(PeygirDbStatement) stmt = NULL;

  if (referral == NULL || !_peygir_store_check_approve_reminder (referral, error))
    return FALSE;
  stmt = peygir_db_prepare (ctx->self->db,
                            "UPDATE follow_ups SET reminder = 'approved', signer_id = ?, approved_at = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  peygir_db_bind_int64 (stmt, 1, ctx->actor->id);
  peygir_db_bind_int64 (stmt, 2, ctx->at);
  peygir_db_bind_int64 (stmt, 3, referral->reminder_follow_up_id);
  g_string_append (ctx->note, referral->agency_name);
  return peygir_db_step_done (stmt, error);
}

/* The agency's letter attached to an answer, if the request has one:
 * sets @document_id to it, or to 0. */
static gboolean
keep_answer_document (ActionContext  *ctx,
                      gint64         *document_id,
                      GError        **error)
{
  g_autoptr(GInputStream) bytes_stream = NULL;
  g_autoptr(PeygirDocument) document = NULL;
  GInputStream *stream = ctx->request->document_stream;
  goffset size = ctx->request->document_size;

  *document_id = 0;
  if (ctx->request->document == NULL && stream == NULL)
    return TRUE;
  if (stream == NULL)
    {
      stream = bytes_stream = g_memory_input_stream_new_from_bytes (ctx->request->document);
      size = g_bytes_get_size (ctx->request->document);
    }
  document = _peygir_store_insert_document (ctx->self, ctx->actor->id, ctx->kase->id,
                                            ctx->request->document_name != NULL ? ctx->request->document_name : "answer.pdf",
                                            ctx->request->document_type, stream, size, NULL, ctx->at, error);
  if (document == NULL)
    return FALSE;
  *document_id = document->id;
  return TRUE;
}

/* The agency's letter number as kept, or NULL for none: in ASCII digits
 * like our own numbers, so that a search in either finds it. */
static char *
answer_number_from (const char *text)
{
  g_autofree char *clean = peygir_text_sanitize (text, FALSE);
  char *number = peygir_text_digits_to_ascii (clean);

  g_strstrip (number);
  if (*number == '\0')
    g_clear_pointer (&number, g_free);
  return number;
}

gboolean
_peygir_store_check_answer (const PeygirReferral  *referral,
                            GError               **error)
{
  if (referral->state == PEYGIR_REFERRAL_DISPATCHED)
    return TRUE;
  g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE,
               referral->state == PEYGIR_REFERRAL_ANSWERED
               ? _("The answer of “%s” has already been recorded.")
               : _("The letter to “%s” has not been dispatched yet."),
               referral->agency_name);
  return FALSE;
}

/* Whether every referral of the case's round but @referral is answered
 * (or withdrawn): then the case is answered with it. */
gboolean
_peygir_store_all_answered_but (const PeygirCase     *kase,
                                const PeygirReferral *referral)
{
  for (guint i = 0; i < kase->referrals->len; i++)
    {
      PeygirReferral *other = g_ptr_array_index (kase->referrals, i);

      if (other != referral && other->round == kase->round
          && other->state != PEYGIR_REFERRAL_ANSWERED && other->state != PEYGIR_REFERRAL_WITHDRAWN)
        return FALSE;
    }
  return TRUE;
}

static gboolean
do_answer (ActionContext  *ctx,
           GError        **error)
{
  PeygirReferral *referral = find_referral (ctx, ctx->request->referral_id, error);
  g_autofree char *number = NULL;
  gint64 document_id = 0;

  if (referral == NULL || !_peygir_store_check_answer (referral, error))
    return FALSE;

  if (ctx->request->answer_date != 0
      && (!peygir_day_is_valid (ctx->request->answer_date) || ctx->request->answer_date > ctx->day))
    {
      g_set_error_literal (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_DATE,
                           _("The date of the agency’s letter is not valid, or lies in the future."));
      return FALSE;
    }
  if (ctx->request->answer_number != NULL
      && !peygir_text_validate (ctx->request->answer_number, _("The agency’s letter number"), 100, FALSE, error))
    return FALSE;
  if (!keep_answer_document (ctx, &document_id, error))
    return FALSE;
  if (ctx->request->answer_number != NULL)
    number = answer_number_from (ctx->request->answer_number);

  {
    g_autoptr(PeygirDbStatement) stmt =
      peygir_db_prepare (ctx->self->db,
                         "UPDATE referrals SET state = 'answered', answer = ?, answered_at = ?,"
                         " answer_number = ?, answer_date = ?, answer_document_id = ? WHERE id = ?", error);
    if (stmt == NULL)
      return FALSE;
    peygir_db_bind_text (stmt, 1, ctx->request->note);
    peygir_db_bind_int64 (stmt, 2, ctx->at);
    peygir_db_bind_text (stmt, 3, number);
    peygir_db_bind_id (stmt, 4, ctx->request->answer_date);
    peygir_db_bind_id (stmt, 5, document_id);
    peygir_db_bind_int64 (stmt, 6, referral->id);
    if (!peygir_db_step_done (stmt, error))
      return FALSE;
  }
  /* a reminder not sent yet has nothing left to remind of */
  {
    g_autoptr(PeygirDbStatement) stmt =
      peygir_db_prepare (ctx->self->db,
                         "UPDATE follow_ups SET reminder = 'withdrawn' WHERE referral_id = ? AND reminder IN ('draft', 'approved')",
                         error);
    if (stmt == NULL)
      return FALSE;
    peygir_db_bind_int64 (stmt, 1, referral->id);
    if (!peygir_db_step_done (stmt, error))
      return FALSE;
  }

  /* The case is answered when every referral of this round is. */
  if (!_peygir_store_all_answered_but (ctx->kase, referral))
    ctx->to_state = ctx->kase->state;

  g_string_append (ctx->note, referral->agency_name);
  return _peygir_store_write_search_row (ctx->self, ctx->kase->id, error);
}

static gboolean
record_contact (ActionContext  *ctx,
                GError        **error)
{
  g_autoptr(PeygirDbStatement) stmt =
    peygir_db_prepare (ctx->self->db, "INSERT INTO contacts (case_id, at, user_id, channel, note) VALUES (?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  peygir_db_bind_int64 (stmt, 1, ctx->kase->id);
  peygir_db_bind_int64 (stmt, 2, ctx->at);
  peygir_db_bind_int64 (stmt, 3, ctx->actor->id);
  peygir_db_bind_text (stmt, 4, peygir_channel_to_string (ctx->request->channel));
  peygir_db_bind_text (stmt, 5, ctx->request->note);
  return peygir_db_step_done (stmt, error);
}

static gboolean
do_documents_received (ActionContext  *ctx,
                       GError        **error)
{
  g_autoptr(PeygirCalendar) calendar = NULL;
  PeygirDay paused_on;
  int paused_days;

  if (ctx->kase->paused_at == 0)
    {
      g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE,
                   _("This case is not waiting for the applicant’s documents."));
      return FALSE;
    }

  calendar = _peygir_store_read_calendar (ctx->self, error);
  if (calendar == NULL)
    return FALSE;

  /* The service clock stood still while the office waited: the deadline
   * moves on by the working days of the pause. */
  paused_on = peygir_day_from_unix (ctx->kase->paused_at);
  paused_days = peygir_calendar_working_days_between (calendar, paused_on, ctx->day);
  if (ctx->kase->service_due != 0 && paused_days > 0
      && !exec_case_update (ctx, "UPDATE cases SET service_due = :value WHERE id = :id",
                            peygir_calendar_add_working_days (calendar, ctx->kase->service_due, paused_days),
                            error))
    return FALSE;
  g_string_append_printf (ctx->note, "%d", paused_days);
  return exec_case_update (ctx, "UPDATE cases SET paused_at = NULL WHERE id = :id", 0, error);
}

static gboolean
do_link (ActionContext  *ctx,
         GError        **error)
{
  gint64 linked = ctx->request->linked_case_id;

  if (linked == ctx->kase->id)
    {
      g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_ARGUMENT,
                   _("A case cannot be linked to itself."));
      return FALSE;
    }
  if (!_peygir_store_case_exists (ctx->self, linked, error))
    {
      if (error != NULL && (*error)->domain == PEYGIR_STORE_ERROR)
        (*error)->domain = PEYGIR_WORKFLOW_ERROR, (*error)->code = PEYGIR_WORKFLOW_ERROR_ARGUMENT;
      return FALSE;
    }
  g_string_append_printf (ctx->note, "%" G_GINT64_FORMAT, linked);
  return exec_case_update (ctx, "UPDATE cases SET linked_case_id = :value WHERE id = :id", linked, error);
}

/* Who holds the case. A manager assigns or reassigns any open case to any
 * active expert; an expert who is no manager only takes an unassigned case
 * for themselves. The event's note says from whom to whom. */
gboolean
_peygir_store_check_assigner (const PeygirUser  *actor,
                              const PeygirCase  *kase,
                              gint64             assignee_id,
                              GError           **error)
{
  gboolean manager = (actor->roles & PEYGIR_ROLE_MANAGER) != 0;

  if (!manager && kase->expert_id != 0)
    {
      g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED,
                   _("This case is held by %s: only the manager may assign it to someone else."),
                   kase->expert_name);
      return FALSE;
    }
  if (!manager && assignee_id != actor->id)
    {
      g_set_error_literal (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED,
                           _("An expert may take an unassigned case only for themselves; the manager assigns cases to others."));
      return FALSE;
    }
  return TRUE;
}

gboolean
_peygir_store_check_assignee (const PeygirCase  *kase,
                              const PeygirUser  *assignee,
                              GString           *note,
                              GError           **error)
{
  if (!(assignee->roles & PEYGIR_ROLE_EXPERT))
    {
      g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_ARGUMENT,
                   _("%s is not an expert: a case is assigned only to an expert."), assignee->name);
      return FALSE;
    }
  if (!assignee->active)
    {
      g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_ARGUMENT,
                   _("%s is no longer active: a case cannot be assigned to them."), assignee->name);
      return FALSE;
    }
  if (assignee->id == kase->expert_id)
    {
      g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_ARGUMENT,
                   _("The case is already assigned to %s."), assignee->name);
      return FALSE;
    }
  if (kase->expert_id != 0)
    g_string_append_printf (note, _("from %s to %s"), kase->expert_name, assignee->name);
  else
    g_string_append_printf (note, _("to %s"), assignee->name);
  return TRUE;
}

/* Who holds the case. A manager assigns or reassigns any open case to any
 * active expert; an expert who is no manager only takes an unassigned case
 * for themselves. The event's note says from whom to whom. */
static gboolean
do_assign (ActionContext  *ctx,
           GError        **error)
{
  g_autoptr(PeygirUser) assignee = NULL;

  if (!_peygir_store_check_assigner (ctx->actor, ctx->kase, ctx->request->assignee_id, error))
    return FALSE;
  assignee = _peygir_store_read_user_by_id (ctx->self, ctx->request->assignee_id, error);
  if (assignee == NULL)
    {
      if (error != NULL && (*error)->domain == PEYGIR_WORKFLOW_ERROR)
        (*error)->code = PEYGIR_WORKFLOW_ERROR_ARGUMENT;
      return FALSE;
    }
  if (!_peygir_store_check_assignee (ctx->kase, assignee, ctx->note, error))
    return FALSE;
  return exec_case_update (ctx, "UPDATE cases SET expert_id = :value WHERE id = :id", assignee->id, error);
}

static gboolean
apply_effects (ActionContext  *ctx,
               GError        **error)
{
  switch (ctx->request->action)
    {
    case PEYGIR_ACTION_REVIEW:
      return exec_case_update (ctx, "UPDATE cases SET expert_id = coalesce (expert_id, :value) WHERE id = :id",
                               ctx->actor->id, error);
    case PEYGIR_ACTION_REGISTER:
      return do_register (ctx, error);
    case PEYGIR_ACTION_REJECT:
    case PEYGIR_ACTION_RETURN:
      return set_referrals_state (ctx, PEYGIR_REFERRAL_DRAFT, PEYGIR_REFERRAL_WITHDRAWN, error);
    case PEYGIR_ACTION_REFER:
      return do_refer (ctx, error);
    case PEYGIR_ACTION_APPROVE:
      return set_referrals_state (ctx, PEYGIR_REFERRAL_DRAFT, PEYGIR_REFERRAL_APPROVED, error);
    case PEYGIR_ACTION_DISPATCH:
      return do_dispatch (ctx, error);
    case PEYGIR_ACTION_FOLLOW_UP:
      return do_follow_up (ctx, error);
    case PEYGIR_ACTION_APPROVE_REMINDER:
      return do_approve_reminder (ctx, error);
    case PEYGIR_ACTION_ANSWER:
      return do_answer (ctx, error);
    case PEYGIR_ACTION_NOTIFY:
      return record_contact (ctx, error)
             && exec_case_update (ctx, "UPDATE cases SET closed_at = :value WHERE id = :id", ctx->at, error);
    case PEYGIR_ACTION_REOPEN:
      {
        g_autoptr(PeygirCalendar) calendar = _peygir_store_read_calendar (ctx->self, error);
        int service_days = _peygir_store_read_setting_int (ctx->self, PEYGIR_SETTING_SERVICE_DAYS, DEFAULT_SERVICE_DAYS);

        /* A new round: the objection is handled like a new request,
         * with the history of the first kept. */
        return calendar != NULL
               && exec_case_update (ctx,
                                    "UPDATE cases SET round = round + 1, closed_at = NULL, paused_at = NULL,"
                                    " service_due = CASE WHEN reg_year IS NULL THEN NULL ELSE CAST (:value AS INTEGER) END"
                                    " WHERE id = :id",
                                    peygir_calendar_add_working_days (calendar, ctx->day, service_days), error);
      }
    case PEYGIR_ACTION_AWAIT_DOCUMENTS:
      if (ctx->kase->paused_at != 0)
        {
          g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE,
                       _("This case is already waiting for the applicant’s documents."));
          return FALSE;
        }
      return exec_case_update (ctx, "UPDATE cases SET paused_at = :value WHERE id = :id", ctx->at, error);
    case PEYGIR_ACTION_DOCUMENTS_RECEIVED:
      return do_documents_received (ctx, error);
    case PEYGIR_ACTION_LINK:
      return do_link (ctx, error);
    case PEYGIR_ACTION_CONTACT:
      return record_contact (ctx, error);
    case PEYGIR_ACTION_ASSIGN:
      return do_assign (ctx, error);
    case PEYGIR_N_ACTIONS:
    default:
      break;
    }
  g_assert_not_reached ();
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

gboolean
_peygir_store_check_request (const PeygirActionRequest  *request,
                             GError                    **error)
{
  const PeygirActionInfo *info = peygir_workflow_action_info (request->action);

  if (request->note != NULL && !peygir_text_validate (request->note, _("The note"), MAX_NOTE_CHARS, TRUE, error))
    return FALSE;

  if ((info->flags & PEYGIR_ACTION_NEEDS_NOTE) && is_blank (request->note))
    {
      const char *what;

      switch (request->action)
        {
        case PEYGIR_ACTION_REJECT:  what = _("A rejection needs its reason."); break;
        case PEYGIR_ACTION_RETURN:  what = _("Returning a referral needs a comment for the expert."); break;
        case PEYGIR_ACTION_REOPEN:  what = _("Reopening a case needs its reason (the applicant’s objection)."); break;
        case PEYGIR_ACTION_REFER:   what = _("A referral needs the text of its letter."); break;
        case PEYGIR_ACTION_ANSWER:  what = _("Recording an answer needs the answer’s text."); break;
        default:                    what = _("This action needs a note."); break;
        }
      g_set_error_literal (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOTE_REQUIRED, what);
      return FALSE;
    }
  if ((info->flags & PEYGIR_ACTION_NEEDS_CHANNEL)
      && (request->channel == PEYGIR_CHANNEL_NONE || request->channel >= PEYGIR_N_CHANNELS))
    {
      g_set_error_literal (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_ARGUMENT,
                           request->action == PEYGIR_ACTION_FOLLOW_UP
                           ? _("Say how the agency was reminded: by phone, by letter, in person or by e-mail.")
                           : _("Say how the applicant was reached: in person, by phone, by letter or by text message."));
      return FALSE;
    }
  if ((info->flags & PEYGIR_ACTION_NEEDS_REFERRAL) && request->referral_id <= 0)
    {
      g_set_error_literal (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_ARGUMENT,
                           _("Say which referral this is about."));
      return FALSE;
    }
  if ((info->flags & PEYGIR_ACTION_NEEDS_ASSIGNEE) && request->assignee_id <= 0)
    {
      g_set_error_literal (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_ARGUMENT,
                           _("Say which expert the case is assigned to."));
      return FALSE;
    }
  if ((info->flags & PEYGIR_ACTION_NEEDS_LINKED_CASE) && request->linked_case_id <= 0)
    {
      g_set_error_literal (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_ARGUMENT,
                           _("Say which earlier case this one repeats."));
      return FALSE;
    }
  return TRUE;
}

void
_peygir_store_finish_event_note (GString                   *note,
                                 const PeygirActionRequest *request)
{
  if (request->note != NULL && *request->note != '\0')
    {
      g_autofree char *clean = peygir_text_sanitize (request->note, TRUE);

      if (note->len > 0)
        g_string_append (note, " — ");
      g_string_append (note, clean);
    }
  if (request->channel != PEYGIR_CHANNEL_NONE
      && (peygir_workflow_action_info (request->action)->flags & PEYGIR_ACTION_NEEDS_CHANNEL))
    {
      g_autofree char *channel = g_strdup_printf ("[%s] ", peygir_channel_to_string (request->channel));

      g_string_prepend (note, channel);
    }
}

/* Adds the stay in @state that ends at @at to the office's per-day sums;
 * it began at the case's latest event that entered @state. */
static gboolean
record_stay (PeygirStore  *self,
             gint64        case_id,
             PeygirState   state,
             gint64        at,
             GError      **error)
{
  const char *id = peygir_state_to_string (state);
  gint64 entered = at;
  int rc;

  {
    g_autoptr(PeygirDbStatement) stmt =
      peygir_db_prepare (self->db, "SELECT at FROM events WHERE case_id = ? AND to_state = ?"
                         " AND (from_state IS NULL OR from_state <> to_state)"
                         " ORDER BY id DESC LIMIT 1", error);
    if (stmt == NULL)
      return FALSE;
    peygir_db_bind_int64 (stmt, 1, case_id);
    peygir_db_bind_text (stmt, 2, id);
    rc = peygir_db_step (stmt);
    if (rc == PEYGIR_DB_ROW)
      entered = peygir_db_column_int64 (stmt, 0);
    else if (rc != PEYGIR_DB_DONE)
      return peygir_db_set_error (self->db, error);
  }
  {
    g_autoptr(PeygirDbStatement) stmt =
      peygir_db_prepare (self->db, "INSERT INTO state_stays (state, day, n, seconds) VALUES (?, ?, 1, ?)"
                         " ON CONFLICT (state, day) DO UPDATE SET n = state_stays.n + 1, seconds = state_stays.seconds + excluded.seconds",
                   error);
    if (stmt == NULL)
      return FALSE;
    peygir_db_bind_text (stmt, 1, id);
    peygir_db_bind_int (stmt, 2, peygir_day_from_unix (at));
    peygir_db_bind_int64 (stmt, 3, MAX (0, at - entered));
    return peygir_db_step_done (stmt, error);
  }
}

/* What every action does after its own effects: the case's answer due,
 * its state and version, and the event with the note. */
static gboolean
record_action (ActionContext  *ctx,
               GError        **error)
{
  if (ctx->to_state != ctx->kase->state &&
      !record_stay (ctx->self, ctx->kase->id, ctx->kase->state, ctx->at, error))
    return FALSE;

  /* with what the case keeps from its referrals, for the queues: any
   * action may have changed them (and the triggers count the change) */
  {
    g_autoptr(PeygirDbStatement) stmt =
      peygir_db_prepare (ctx->self->db, "UPDATE cases SET state = ?1, version = version + 1, updated_at = ?2, "
                                        CASE_SET_FROM_REFERRALS " WHERE id = ?3", error);
    if (stmt == NULL)
      return FALSE;
    peygir_db_bind_text (stmt, 1, peygir_state_to_string (ctx->to_state));
    peygir_db_bind_int64 (stmt, 2, ctx->at);
    peygir_db_bind_int64 (stmt, 3, ctx->kase->id);
    if (!peygir_db_step_done (stmt, error))
      return FALSE;
  }

  _peygir_store_finish_event_note (ctx->note, ctx->request);
  return _peygir_store_append_event (ctx->self, ctx->kase->id, ctx->at, ctx->actor->id,
                                     peygir_action_to_string (ctx->request->action),
                                     peygir_state_to_string (ctx->kase->state),
                                     peygir_state_to_string (ctx->to_state),
                                     ctx->note->len > 0 ? ctx->note->str : NULL, error);
}

PeygirCase *
peygir_store_apply_action (PeygirStore                *self,
                           const PeygirActionRequest  *request,
                           GError                    **error)
{
  g_autoptr(PeygirUser) actor = NULL;
  g_autoptr(PeygirCase) before = NULL;
  g_autoptr(PeygirCase) after = NULL;
  g_autoptr(GString) note = g_string_new (NULL);
  g_autoptr(PeygirTally) tally = NULL;
  ActionContext ctx = { 0, };
  gboolean ok = FALSE;

  g_return_val_if_fail (PEYGIR_IS_STORE (self), NULL);
  g_return_val_if_fail (request != NULL && request->action < PEYGIR_N_ACTIONS, NULL);

  if (!_peygir_store_check_request (request, error))
    return NULL;

  STORE_LOCK (self);
  actor = _peygir_store_begin_action (self, request->actor_login, PEYGIR_ROLE_NONE, NULL, error);
  if (actor == NULL)
    return NULL;
  /* only these look at the referrals as they were; the others change
   * them in SQL, and reading them costs a query per action */
  before = _peygir_store_read_case (self, request->case_id,
                                    (request->action == PEYGIR_ACTION_DISPATCH || request->action == PEYGIR_ACTION_FOLLOW_UP
                                     || request->action == PEYGIR_ACTION_ANSWER
                                     || request->action == PEYGIR_ACTION_APPROVE_REMINDER) ? PEYGIR_CASE_DETAIL_REFERRALS
                                                                                 : PEYGIR_CASE_DETAIL_NONE,
                                    error);
  if (before == NULL)
    goto out;
  if (!_peygir_store_check_version (before, request->expect_version, error))
    goto out;
  if (!peygir_workflow_check (request->action, before->state, actor->roles, error))
    goto out;

  ctx.self = self;
  ctx.request = request;
  ctx.actor = actor;
  ctx.kase = before;
  ctx.at = request->at != 0 ? request->at : peygir_clock_now ();
  ctx.day = peygir_day_from_unix (ctx.at);
  ctx.to_state = peygir_workflow_next_state (request->action, before->state);
  ctx.note = note;

  tally = _peygir_store_tally_begin (self, before->id, error);
  if (tally == NULL)
    goto out;
  if (!apply_effects (&ctx, error))
    goto out;
  if (!record_action (&ctx, error))
    goto out;
  if (!_peygir_store_tally_end (self, tally, before->id, error))
    goto out;

  after = _peygir_store_read_case (self, before->id, PEYGIR_CASE_DETAIL_REFERRALS, error);
  ok = after != NULL;

out:
  if (!_peygir_store_tx_end (self, ok, error))
    return NULL;
  return g_steal_pointer (&after);
}
