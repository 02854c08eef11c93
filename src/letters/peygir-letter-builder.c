/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-letters"

#include <inttypes.h>
#include <glib/gi18n-lib.h>

#include "peygir-date.h"
#include "peygir-letter-builder.h"
#include "peygir-letter-renderer.h"
#include "peygir-letter-template.h"
#include "peygir-letterhead.h"
#include "peygir-text.h"
#include "peygir-workflow.h"

/* Said on a receipt in place of what is known only after registration. */
#define AFTER_REGISTRATION "پس از ثبت اعلام می‌شود"

/* A receipt handed over at the desk before the secretariat registers the
 * case: the built-in receipt speaks of a registration that has happened. */
static const char receipt_before_registration[] =
  "احتراماً، بدین‌وسیله گواهی می‌شود {case_kind} جنابعالی با موضوع «{subject}» "
  "در تاریخ {received_date} در دفتر مدیریت عملکرد، بازرسی و امور حقوقی "
  "استانداری دریافت گردید و پس از بررسی اولیه در دبیرخانه استانداری ثبت "
  "خواهد شد. شماره ثبت " AFTER_REGISTRATION ".\n"
  "کد رهگیری: {tracking_code}\n"
  "برای آگاهی از روند رسیدگی می‌توانید با در دست داشتن کد رهگیری، در ساعات "
  "اداری به‌صورت حضوری به این دفتر مراجعه فرمایید یا با شماره تلفن "
  "{office_phone} تماس حاصل نمایید. خواهشمند است این رسید را تا پایان رسیدگی "
  "نزد خود نگه دارید.";

/* The answer to an applicant whose case was rejected: nothing was referred,
 * and the case may never have been registered. */
static const char answer_rejected_subject[] =
  "اعلام نتیجه بررسی {case_kind} به کد رهگیری {tracking_code}";
static const char answer_rejected_body[] =
  "احتراماً، پیرو {case_kind} جنابعالی به کد رهگیری {tracking_code} با موضوع "
  "«{subject}»، به استحضار می‌رساند موضوع در این دفتر بررسی گردید و به دلیل "
  "زیر قابل پیگیری تشخیص داده نشد:\n"
  "{result}\n"
  "در صورتی که به این نتیجه اعتراض دارید، می‌توانید با در دست داشتن کد رهگیری "
  "{tracking_code} به این دفتر مراجعه فرمایید.";

G_DEFINE_BOXED_TYPE (PeygirBuiltLetter, peygir_built_letter,
                     peygir_built_letter_copy, peygir_built_letter_free)

PeygirBuiltLetter *
peygir_built_letter_copy (const PeygirBuiltLetter *built)
{
  PeygirBuiltLetter *copy;

  g_return_val_if_fail (built != NULL, NULL);

  copy = g_memdup2 (built, sizeof *built);
  copy->tracking_code = g_strdup (built->tracking_code);
  copy->number = g_strdup (built->number);
  copy->pdf = built->pdf != NULL ? g_bytes_ref (built->pdf) : NULL;
  return copy;
}

void
peygir_built_letter_free (PeygirBuiltLetter *built)
{
  if (built == NULL)
    return;
  g_free (built->tracking_code);
  g_free (built->number);
  g_clear_pointer (&built->pdf, g_bytes_unref);
  g_free (built);
}

char *
peygir_built_letter_file_name (const PeygirBuiltLetter *built,
                               gboolean                 with_referral)
{
  const char *code;

  g_return_val_if_fail (built != NULL, NULL);

  code = built->tracking_code != NULL ? built->tracking_code : "letter";
  if (with_referral && built->referral_id != 0)
    return g_strdup_printf ("%s-%" G_GINT64_FORMAT ".pdf", code, built->referral_id);
  return g_strdup_printf ("%s.pdf", code);
}

/* Everything one letter is made from, read from the store. */
typedef struct
{
  PeygirStore       *store;
  PeygirCase        *kase;
  PeygirReferral    *referral;    /* borrowed from kase->referrals */
  PeygirReferral    *as_of;       /* a reminder's referral as the letter cites it; owned */
  PeygirLetterKind   kind;
  const char        *sending;     /* the number the letter is printed with to be sent; NULL */
  GHashTable        *fields;
  const char        *subject_template;
  char              *body_template;
  char              *number;
  PeygirDay          date;
  gint64             signer_id;
} Sources;

static void
sources_clear (Sources *s)
{
  g_clear_pointer (&s->kase, peygir_case_free);
  g_clear_pointer (&s->as_of, peygir_referral_free);
  g_clear_pointer (&s->fields, g_hash_table_unref);
  g_clear_pointer (&s->body_template, g_free);
  g_clear_pointer (&s->number, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Sources, sources_clear)

static gboolean
is_current (const Sources        *s,
            const PeygirReferral *referral)
{
  return referral->round == s->kase->round && referral->state != PEYGIR_REFERRAL_WITHDRAWN;
}

/* The referral a letter to an agency is about: the one asked for, or the
 * case's only referral of its current round. */
static gboolean
choose_referral (Sources  *s,
                 gint64    referral_id,
                 GError  **error)
{
  GPtrArray *referrals = s->kase->referrals;
  guint n_current = 0;

  for (guint i = 0; referrals != NULL && i < referrals->len; i++)
    {
      PeygirReferral *referral = g_ptr_array_index (referrals, i);

      if (referral_id != 0 && referral->id == referral_id)
        {
          s->referral = referral;
          return TRUE;
        }
      if (referral_id == 0 && is_current (s, referral))
        {
          s->referral = referral;
          n_current++;
        }
    }

  if (referral_id != 0)
    {
      g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_ARGUMENT,
                   _("Referral %" PRId64 " does not belong to this case."), referral_id);
      return FALSE;
    }
  if (n_current == 0)
    {
      s->referral = NULL;
      g_set_error_literal (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE,
                           _("This case has not been referred to an agency, so it has no letter to one."));
      return FALSE;
    }
  if (n_current > 1)
    {
      s->referral = NULL;
      g_set_error_literal (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_ARGUMENT,
                           _("This case is referred to several agencies: say which referral the letter is for."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
add_deadline_days (Sources  *s,
                   GError  **error)
{
  g_autoptr(PeygirAgency) agency = peygir_store_get_agency (s->store, s->referral->agency_id, error);

  if (agency == NULL)
    return FALSE;
  peygir_letter_fields_set_int (s->fields, "deadline_days", peygir_store_get_response_days (s->store, agency));
  return TRUE;
}

static gboolean
prepare_referral (Sources  *s,
                  GError  **error)
{
  if (!add_deadline_days (s, error))
    return FALSE;

  if (s->sending != NULL)
    {
      if (s->referral->state != PEYGIR_REFERRAL_APPROVED)
        {
          g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE,
                       _("The letter to “%s” is not waiting to be dispatched."), s->referral->agency_name);
          return FALSE;
        }
      s->number = g_strdup (s->sending);
    }
  else if (s->referral->letter_number != NULL)
    {
      s->number = g_strdup (s->referral->letter_number);
      s->date = peygir_day_from_unix (s->referral->dispatched_at);
    }
  /* signed once the manager approved it, never before */
  if (s->referral->state != PEYGIR_REFERRAL_DRAFT && s->referral->state != PEYGIR_REFERRAL_WITHDRAWN)
    s->signer_id = s->referral->approved_by;
  return TRUE;
}

/* A referral's letters to its agency, oldest first: the referral letter
 * itself, then its reminders. */
static GPtrArray *
list_referral_letters (Sources  *s,
                       GError  **error)
{
  g_autoptr(GPtrArray) all = peygir_store_list_letters (s->store, s->kase->id, error);
  g_autoptr(GPtrArray) mine = NULL;

  if (all == NULL)
    return NULL;
  mine = g_ptr_array_new_with_free_func ((GDestroyNotify) peygir_letter_record_free);
  for (guint i = 0; i < all->len; i++)
    {
      PeygirLetterRecord *record = g_ptr_array_index (all, i);

      /* a voided number sent nothing */
      if (record->referral_id == s->referral->id && record->void_reason == NULL)
        g_ptr_array_add (mine, g_steal_pointer (&g_ptr_array_index (all, i)));
    }
  return g_steal_pointer (&mine);
}

/* A reminder cites the letter sent before it: the referral letter for the
 * first reminder, the previous reminder for the next ones. Until it is
 * sent it is a draft: unsigned while it waits for the manager (or before a
 * follow-up by letter wrote it), signed once approved. */
static gboolean
prepare_reminder (Sources  *s,
                  GError  **error)
{
  g_autoptr(GPtrArray) letters = NULL;
  PeygirReferral *referral = s->referral;
  PeygirLetterRecord *reminder = NULL;
  PeygirLetterRecord *earlier = NULL;

  if (referral->letter_number == NULL)
    {
      g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE,
                   _("The letter to “%s” has not been dispatched yet, so there is nothing to remind it of."),
                   referral->agency_name);
      return FALSE;
    }
  if (s->sending != NULL && referral->reminder != PEYGIR_REMINDER_APPROVED)
    {
      g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE,
                   referral->reminder == PEYGIR_REMINDER_DRAFT
                   ? _("The reminder to “%s” waits for the manager’s approval.")
                   : _("No reminder to “%s” is waiting to be sent."),
                   referral->agency_name);
      return FALSE;
    }
  if (!add_deadline_days (s, error))
    return FALSE;

  letters = list_referral_letters (s, error);
  if (letters == NULL)
    return FALSE;
  for (guint i = 0; i < letters->len; i++)
    {
      PeygirLetterRecord *record = g_ptr_array_index (letters, i);

      if (referral->reminder == PEYGIR_REMINDER_SENT && s->sending == NULL
          && g_strcmp0 (record->number, referral->last_reminder_number) == 0)
        {
          reminder = record;
          break;
        }
      earlier = record;
    }

  if (reminder != NULL)
    {
      s->number = g_strdup (reminder->number);
      s->date = peygir_day_from_unix (reminder->issued_at);
    }
  else if (s->sending != NULL)
    s->number = g_strdup (s->sending);
  if (referral->reminder == PEYGIR_REMINDER_APPROVED || referral->reminder == PEYGIR_REMINDER_SENT)
    s->signer_id = referral->reminder_signer_id;

  /* The referral as it stood before this reminder, for the fields that
   * cite the earlier letter; its text is the reminder's follow-up's. */
  s->as_of = peygir_referral_copy (referral);
  g_clear_pointer (&s->as_of->last_reminder_number, g_free);
  s->as_of->last_reminder_at = 0;
  if (earlier != NULL && earlier->kind == PEYGIR_LETTER_REMINDER)
    {
      s->as_of->last_reminder_number = g_strdup (earlier->number);
      s->as_of->last_reminder_at = earlier->issued_at;
    }
  if (referral->reminder == PEYGIR_REMINDER_NONE || referral->reminder == PEYGIR_REMINDER_WITHDRAWN)
    g_clear_pointer (&s->as_of->last_reminder_note, g_free);
  return TRUE;
}

static void
add_receipt_fields (Sources *s)
{
  const PeygirCase *kase = s->kase;
  PeygirDay received = kase->received_on != 0 ? kase->received_on : peygir_day_from_unix (kase->created_at);

  peygir_letter_fields_set_day (s->fields, "received_date", received);
  if (kase->registration_number == NULL)
    {
      peygir_letter_fields_set (s->fields, "registration_number", AFTER_REGISTRATION);
      peygir_letter_fields_set (s->fields, "registration_date", AFTER_REGISTRATION);
      if (s->body_template == NULL)
        s->body_template = g_strdup (receipt_before_registration);
    }
}

static gboolean
list_round_events (Sources    *s,
                   GPtrArray **round_events,
                   GError    **error)
{
  g_autoptr(GPtrArray) events = peygir_store_list_events (s->store, s->kase->id, error);
  guint first = 0;

  if (events == NULL)
    return FALSE;
  for (guint i = 0; i < events->len; i++)
    {
      PeygirEvent *event = g_ptr_array_index (events, i);

      if (g_strcmp0 (event->action, "reopen") == 0)
        first = i;
    }
  g_ptr_array_remove_range (events, 0, first);
  *round_events = g_steal_pointer (&events);
  return TRUE;
}

/* The reason the case was rejected in this round, if it was; borrowed
 * from @events. */
static const char *
find_reject_reason (GPtrArray *events)
{
  const char *reject_reason = NULL;

  for (guint i = 0; i < events->len; i++)
    {
      PeygirEvent *event = g_ptr_array_index (events, i);

      if (g_strcmp0 (event->action, "reject") == 0)
        reject_reason = event->note;
    }
  return reject_reason;
}

/* The referrals of the round that were answered (only the one asked for,
 * if one was), into @answered; the manager who approved the latest
 * referral signs the answer. */
static void
collect_answered (Sources   *s,
                  GPtrArray *answered)
{
  GPtrArray *referrals = s->kase->referrals;
  gint64 approved_at = 0;

  for (guint i = 0; referrals != NULL && i < referrals->len; i++)
    {
      PeygirReferral *referral = g_ptr_array_index (referrals, i);

      if (referral->round != s->kase->round)
        continue;
      if (referral->approved_by != 0 && referral->approved_at >= approved_at)
        {
          s->signer_id = referral->approved_by;
          approved_at = referral->approved_at;
        }
      if (referral->state == PEYGIR_REFERRAL_ANSWERED
          && (s->referral == NULL || referral == s->referral))
        g_ptr_array_add (answered, referral);
    }
}

/* Each answer under its agency's name when there are several. */
static void
add_agency_answers (Sources         *s,
                    const GPtrArray *answered)
{
  g_autoptr(GString) agencies = g_string_new (NULL);
  g_autoptr(GString) answers = g_string_new (NULL);
  guint n_answered = answered->len;

  for (guint i = 0; i < n_answered; i++)
    {
      PeygirReferral *referral = g_ptr_array_index (answered, i);

      g_string_append_printf (agencies, "%s%s", i > 0 ? "، " : "", referral->agency_name);
      if (i > 0)
        g_string_append_c (answers, '\n');
      if (n_answered > 1)
        g_string_append_printf (answers, "%s: ", referral->agency_name);
      g_string_append (answers, referral->answer != NULL ? referral->answer : "");
    }

  peygir_letter_fields_set (s->fields, "agency", agencies->str);
  peygir_letter_fields_set (s->fields, "answer", answers->str);
  peygir_letter_fields_set (s->fields, "result", answers->str);
}

/* No agency answered: the case was rejected, and the answer gives why. */
static void
add_reject_reason (Sources    *s,
                   const char *reject_reason)
{
  peygir_letter_fields_set (s->fields, "result", reject_reason != NULL ? reject_reason : "");
  s->subject_template = answer_rejected_subject;
  if (s->body_template == NULL)
    s->body_template = g_strdup (answer_rejected_body);
  /* The rejected case's own answer fields, should the administrator's
   * template name them. */
  peygir_letter_fields_set (s->fields, "answer", reject_reason != NULL ? reject_reason : "");
}

/* The number and date of the answer already sent in this round; none (a
 * draft, or the number it is being sent with) until it is. */
static gboolean
number_answer (Sources  *s,
               GError  **error)
{
  g_autoptr(PeygirLetterRecord) sent = NULL;
  GError *local_error = NULL;

  sent = peygir_store_get_answer_letter (s->store, s->kase->id, &local_error);
  if (sent == NULL)
    {
      if (!g_error_matches (local_error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
      /* not sent yet: a draft, or the letter as it is being sent */
      g_clear_error (&local_error);
      s->number = g_strdup (s->sending);
      return TRUE;
    }
  if (s->sending != NULL)
    {
      g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE,
                   _("The answer to the applicant was sent already, as letter %s."), sent->number);
      return FALSE;
    }
  s->number = g_strdup (sent->number);
  s->date = peygir_day_from_unix (sent->issued_at);
  return TRUE;
}

/* The written answer: every agency's answer of the round (or the one
 * asked for), or the reason the case was rejected. */
static gboolean
prepare_answer (Sources  *s,
                gint64    referral_id,
                GError  **error)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) answered = g_ptr_array_new ();

  if (!peygir_workflow_has_result (s->kase->state))
    {
      g_set_error_literal (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE,
                           _("The answer to the applicant can be written once the case is answered or rejected."));
      return FALSE;
    }
  if (referral_id != 0 && !choose_referral (s, referral_id, error))
    return FALSE;
  if (!list_round_events (s, &events, error))
    return FALSE;

  collect_answered (s, answered);
  if (answered->len > 0)
    add_agency_answers (s, answered);
  else if (s->referral != NULL)
    {
      g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE,
                   _("“%s” has not answered yet."), s->referral->agency_name);
      return FALSE;
    }
  else
    add_reject_reason (s, find_reject_reason (events));

  return number_answer (s, error);
}

/* The signer's name and title and, on an issued letter, signature image:
 * the title they set for themselves, else the office's title for its
 * manager, else "expert of" the office. Without a signer (a draft nobody
 * approved yet), the office's title alone. */
static gboolean
add_signer (Sources       *s,
            PeygirLetter  *letter,
            GError       **error)
{
  g_autoptr(GPtrArray) users = NULL;
  PeygirUser *signer = NULL;
  g_autofree char *key = NULL;
  GError *local_error = NULL;

  if (s->signer_id != 0)
    {
      users = peygir_store_list_users (s->store, error);
      if (users == NULL)
        return FALSE;
      for (guint i = 0; i < users->len && signer == NULL; i++)
        if (((PeygirUser *) g_ptr_array_index (users, i))->id == s->signer_id)
          signer = g_ptr_array_index (users, i);
    }

  if (signer != NULL && signer->title != NULL && signer->title[0] != '\0')
    letter->signer_title = g_strdup (signer->title);
  else if (signer == NULL || (signer->roles & PEYGIR_ROLE_MANAGER))
    letter->signer_title = peygir_store_get_setting (s->store, PEYGIR_SETTING_SIGNER_TITLE, error);
  else
    {
      g_autofree char *office = peygir_store_get_setting (s->store, PEYGIR_SETTING_OFFICE, error);

      if (office != NULL)
        letter->signer_title = g_strconcat ("کارشناس ", office, NULL);
    }
  if (letter->signer_title == NULL)
    return FALSE;
  if (signer == NULL)
    return TRUE;

  g_free (letter->signer_name);
  letter->signer_name = g_strdup (signer->name);
  if (letter->draft)
    return TRUE;
  key = g_strconcat ("signature:", signer->login, NULL);
  letter->signature_png = peygir_store_get_image (s->store, key, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

static PeygirLetter *
compose (Sources  *s,
         GError  **error)
{
  g_autoptr(PeygirLetter) letter = NULL;

  letter = peygir_letter_compose (s->kind, s->kase, s->as_of != NULL ? s->as_of : s->referral, s->number,
                                  s->date != 0 ? s->date : peygir_day_today (),
                                  s->subject_template, s->body_template, s->fields);
  switch (s->kind)
    {
    case PEYGIR_LETTER_RECEIPT:
      /* The applicant's receipt is never numbered, and is no draft. */
      letter->draft = FALSE;
      letter->signer_title = peygir_store_get_setting (s->store, PEYGIR_SETTING_OFFICE, error);
      if (letter->signer_title == NULL)
        return NULL;
      break;

    case PEYGIR_LETTER_REFERRAL:
    case PEYGIR_LETTER_REMINDER:
    case PEYGIR_LETTER_ANSWER:
      if (!add_signer (s, letter, error))
        return NULL;
      break;

    case PEYGIR_N_LETTER_KINDS:
    default:
      g_assert_not_reached ();
    }
  return g_steal_pointer (&letter);
}

/* The kept copy of an issued letter; NULL without an error when none is
 * kept yet. */
static GBytes *
get_kept_pdf (PeygirStore  *store,
              const char   *number,
              GError      **error)
{
  GError *local_error = NULL;
  GBytes *pdf = peygir_store_get_letter_pdf (store, number, &local_error);

  if (local_error != NULL)
    {
      if (g_error_matches (local_error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_FOUND))
        g_clear_error (&local_error);
      else
        g_propagate_error (error, local_error);
    }
  return pdf;
}

/* Reads the case, the template and the fields of a letter of @kind. */
static gboolean
read_sources (Sources           *s,
              PeygirStore       *store,
              gint64             case_id,
              PeygirLetterKind   kind,
              gint64             referral_id,
              const char        *sending,
              GError           **error)
{
  g_autofree char *phone = NULL;

  s->store = store;
  s->kind = kind;
  s->sending = sending;
  s->fields = peygir_letter_fields_new ();
  s->kase = peygir_store_get_case (store, case_id, PEYGIR_CASE_DETAIL_REFERRALS, error);
  if (s->kase == NULL)
    return FALSE;
  if (!peygir_letter_template_body_from_store (store, kind, &s->body_template, error))
    return FALSE;

  phone = peygir_store_get_setting (store, PEYGIR_SETTING_OFFICE_PHONE, error);
  if (phone == NULL)
    return FALSE;
  g_strstrip (phone);
  /* "… با شماره تلفن دفتر تماس حاصل نمایید" still reads well without one. */
  peygir_letter_fields_set (s->fields, "office_phone", phone[0] != '\0' ? phone : "دفتر");

  switch (kind)
    {
    case PEYGIR_LETTER_REFERRAL:
      if (!choose_referral (s, referral_id, error) || !prepare_referral (s, error))
        return FALSE;
      break;
    case PEYGIR_LETTER_REMINDER:
      if (!choose_referral (s, referral_id, error) || !prepare_reminder (s, error))
        return FALSE;
      break;
    case PEYGIR_LETTER_RECEIPT:
      add_receipt_fields (s);
      break;
    case PEYGIR_LETTER_ANSWER:
      if (!prepare_answer (s, referral_id, error))
        return FALSE;
      break;
    case PEYGIR_N_LETTER_KINDS:
    default:
      g_assert_not_reached ();
    }

  /* What the expert wrote is the letter's substance: a template of the
   * administrator's that leaves it out still prints it, after the body. */
  if ((kind == PEYGIR_LETTER_REFERRAL || kind == PEYGIR_LETTER_REMINDER)
      && s->body_template != NULL
      && !peygir_letter_template_uses_field (s->body_template, "letter_text"))
    {
      g_autofree char *body = g_steal_pointer (&s->body_template);

      s->body_template = g_strconcat (body, "\n{letter_text}", NULL);
    }
  return TRUE;
}

static PeygirBuiltLetter *
built_letter_new (const Sources *s,
                  gint64         case_id)
{
  PeygirBuiltLetter *built = g_new0 (PeygirBuiltLetter, 1);

  built->kind = s->kind;
  built->case_id = case_id;
  built->referral_id = s->referral != NULL ? s->referral->id : 0;
  built->tracking_code = g_strdup (s->kase->tracking_code);
  built->number = g_strdup (s->number);
  built->draft = s->kind != PEYGIR_LETTER_RECEIPT && s->number == NULL;
  return built;
}

static gboolean
render_pdf (Sources            *s,
            PeygirBuiltLetter  *built,
            GError            **error)
{
  g_autoptr(PeygirLetterhead) letterhead = NULL;
  g_autoptr(PeygirLetter) letter = NULL;

  letterhead = peygir_letterhead_new_from_store (s->store, error);
  if (letterhead == NULL)
    return FALSE;
  letter = compose (s, error);
  if (letter == NULL)
    return FALSE;
  built->pdf = peygir_letter_render_to_bytes (letterhead, letter, error);
  if (built->pdf == NULL)
    return FALSE;
  built->rendered = TRUE;
  return TRUE;
}

/* Keeps the PDF of an issued letter with its number, the first time it is
 * rendered; if another desk kept its copy first, that one is the letter. */
static gboolean
keep_pdf (PeygirStore        *store,
          PeygirBuiltLetter  *built,
          GError            **error)
{
  g_autoptr(GBytes) kept = NULL;
  GError *local_error = NULL;

  if (peygir_store_keep_letter_pdf (store, built->number, built->pdf, &local_error))
    {
      built->kept = TRUE;
      return TRUE;
    }
  if (!g_error_matches (local_error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_EXISTS))
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  /* Another desk kept its copy first: that one was sent. */
  g_clear_error (&local_error);
  kept = get_kept_pdf (store, built->number, &local_error);
  if (kept == NULL)
    {
      if (local_error == NULL)
        g_set_error (&local_error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_FOUND,
                     _("Letter %s is not in the registry."), built->number);
      g_propagate_error (error, local_error);
      return FALSE;
    }
  g_bytes_unref (built->pdf);
  built->pdf = g_steal_pointer (&kept);
  built->rendered = FALSE;
  built->kept = TRUE;
  return TRUE;
}

static PeygirBuiltLetter *
build_letter (PeygirStore       *store,
              gint64             case_id,
              PeygirLetterKind   kind,
              gint64             referral_id,
              const char        *sending,
              GError           **error)
{
  g_auto(Sources) s = { 0, };
  g_autoptr(PeygirBuiltLetter) built = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (PEYGIR_IS_STORE (store), NULL);
  g_return_val_if_fail (kind < PEYGIR_N_LETTER_KINDS, NULL);

  if (!read_sources (&s, store, case_id, kind, referral_id, sending, error))
    return NULL;
  built = built_letter_new (&s, case_id);

  /* an issued letter is shown as it was sent */
  if (built->number != NULL && sending == NULL)
    {
      built->pdf = get_kept_pdf (store, built->number, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return NULL;
        }
      if (built->pdf != NULL)
        {
          built->kept = TRUE;
          return g_steal_pointer (&built);
        }
    }

  if (!render_pdf (&s, built, error))
    return NULL;
  if (built->number == NULL || sending != NULL || peygir_store_is_read_only (store))
    return g_steal_pointer (&built);
  if (!keep_pdf (store, built, error))
    return NULL;
  return g_steal_pointer (&built);
}

PeygirBuiltLetter *
peygir_letter_build (PeygirStore       *store,
                     gint64             case_id,
                     PeygirLetterKind   kind,
                     gint64             referral_id,
                     GError           **error)
{
  g_return_val_if_fail (PEYGIR_IS_STORE (store), NULL);
  g_return_val_if_fail (kind < PEYGIR_N_LETTER_KINDS, NULL);

  return build_letter (store, case_id, kind, referral_id, NULL, error);
}

PeygirLetter *
peygir_letter_compose_from_store (PeygirStore       *store,
                                  gint64             case_id,
                                  PeygirLetterKind   kind,
                                  gint64             referral_id,
                                  GError           **error)
{
  g_auto(Sources) s = { 0, };

  g_return_val_if_fail (PEYGIR_IS_STORE (store), NULL);
  g_return_val_if_fail (kind < PEYGIR_N_LETTER_KINDS, NULL);

  if (!read_sources (&s, store, case_id, kind, referral_id, NULL, error))
    return NULL;
  return compose (&s, error);
}

PeygirBuiltLetter *
peygir_letter_build_for_sending (PeygirStore       *store,
                                 gint64             case_id,
                                 PeygirLetterKind   kind,
                                 gint64             referral_id,
                                 const char        *number,
                                 GError           **error)
{
  g_return_val_if_fail (PEYGIR_IS_STORE (store), NULL);
  g_return_val_if_fail (kind != PEYGIR_LETTER_RECEIPT && kind < PEYGIR_N_LETTER_KINDS, NULL);
  g_return_val_if_fail (number != NULL, NULL);

  return build_letter (store, case_id, kind, referral_id, number, error);
}
