/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-types"

#include <glib/gi18n-lib.h>

#include "peygir-error.h"
#include "peygir-text.h"
#include "peygir-types-private.h"
#include "peygir-types.h"

typedef struct
{
  const char *id;
  const char *label;
} IdLabel;

static const IdLabel kinds[PEYGIR_N_KINDS] = {
  { "request",   N_("Request") },
  { "complaint", N_("Complaint") },
};

static const IdLabel applicant_types[PEYGIR_N_APPLICANT_TYPES] = {
  { "citizen",    N_("Citizen (G2C)") },
  { "business",   N_("Business (G2B)") },
  { "government", N_("Government body (G2G)") },
};

static const IdLabel channels[PEYGIR_N_CHANNELS] = {
  { "none",      N_("Not given") },
  { "in_person", N_("In person") },
  { "phone",     N_("Phone") },
  { "mail",      N_("Letter") },
  { "sms",       N_("Text message") },
  { "email",     N_("E-mail") },
  { "samad",     N_("The 111 system (Samad)") },
};

static const IdLabel categories[PEYGIR_N_CATEGORIES] = {
  { "education",       N_("Education") },
  { "birth",           N_("Birth") },
  { "health",          N_("Health") },
  { "social_security", N_("Social security") },
  { "business",        N_("Business") },
  { "tax",             N_("Tax") },
  { "property",        N_("Property registration") },
  { "documents",       N_("Documents and certificates") },
  { "retirement",      N_("Retirement") },
  { "marriage",        N_("Marriage") },
  { "insurance",       N_("Insurance") },
  { "utilities",       N_("Urban utilities") },
  { "death",           N_("Death") },
  { "other",           N_("Other") },
};

static const IdLabel referral_states[PEYGIR_N_REFERRAL_STATES] = {
  { "draft",      N_("Awaiting approval") },
  { "approved",   N_("Approved, to dispatch") },
  { "dispatched", N_("Dispatched, awaiting answer") },
  { "answered",   N_("Answered") },
  { "withdrawn",  N_("Withdrawn") },
};

static const IdLabel reminder_states[PEYGIR_N_REMINDER_STATES] = {
  { "none",      N_("No reminder letter") },
  { "draft",     N_("Reminder awaiting the manager’s approval") },
  { "approved",  N_("Reminder approved, to print and send") },
  { "sent",      N_("Reminder sent") },
  { "withdrawn", N_("Reminder withdrawn") },
};

static const IdLabel letter_kinds[PEYGIR_N_LETTER_KINDS] = {
  [PEYGIR_LETTER_REFERRAL] = { "referral", N_("Referral") },
  [PEYGIR_LETTER_REMINDER] = { "reminder", N_("Reminder") },
  [PEYGIR_LETTER_RECEIPT]  = { "receipt",  N_("Receipt") },
  [PEYGIR_LETTER_ANSWER]   = { "answer",   N_("Answer to the applicant") },
};

static const IdLabel roles[] = {
  { "expert",      N_("Expert") },
  { "manager",     N_("Office manager") },
  { "secretariat", N_("Secretariat") },
  { "admin",       N_("Administrator") },
};

PEYGIR_ENUM_STRINGS (kind, PeygirCaseKind, kinds, PEYGIR_N_KINDS)
PEYGIR_ENUM_STRINGS (applicant_type, PeygirApplicantType, applicant_types, PEYGIR_N_APPLICANT_TYPES)
PEYGIR_ENUM_STRINGS (channel, PeygirChannel, channels, PEYGIR_N_CHANNELS)
PEYGIR_ENUM_STRINGS (category, PeygirCategory, categories, PEYGIR_N_CATEGORIES)
PEYGIR_ENUM_STRINGS (referral_state, PeygirReferralState, referral_states, PEYGIR_N_REFERRAL_STATES)
PEYGIR_ENUM_STRINGS (reminder_state, PeygirReminderState, reminder_states, PEYGIR_N_REMINDER_STATES)
PEYGIR_ENUM_STRINGS (letter_kind, PeygirLetterKind, letter_kinds, PEYGIR_N_LETTER_KINDS)

char *
peygir_roles_to_string (PeygirRoles flags)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    if (flags & (1 << i))
      {
        if (s->len > 0)
          g_string_append_c (s, ',');
        g_string_append (s, roles[i].id);
      }
  return g_string_free (s, FALSE);
}

gboolean
peygir_roles_from_string (const char *text, PeygirRoles *out)
{
  g_auto(GStrv) parts = NULL;
  PeygirRoles flags = 0;

  if (text == NULL)
    return FALSE;

  parts = g_strsplit (text, ",", -1);
  for (guint p = 0; parts[p] != NULL; p++)
    {
      const char *part = g_strstrip (parts[p]);
      guint i;

      if (*part == '\0')
        continue;
      if (!PEYGIR_ID_LOOKUP (roles, part, &i))
        return FALSE;
      flags |= 1 << i;
    }
  if (flags == 0)
    return FALSE;
  *out = flags;
  return TRUE;
}

const char *
peygir_role_label (PeygirRoles role)
{
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    if (role == (PeygirRoles) (1 << i))
      return g_dgettext (GETTEXT_PACKAGE, roles[i].label);
  return NULL;
}

/* Boxed types. */

PeygirUser *
peygir_user_copy (const PeygirUser *user)
{
  PeygirUser *copy = g_new0 (PeygirUser, 1);

  *copy = *user;
  copy->login = g_strdup (user->login);
  copy->name = g_strdup (user->name);
  copy->title = g_strdup (user->title);
  return copy;
}

void
peygir_user_free (PeygirUser *user)
{
  if (user == NULL)
    return;
  g_free (user->login);
  g_free (user->name);
  g_free (user->title);
  g_free (user);
}

PeygirAgency *
peygir_agency_copy (const PeygirAgency *agency)
{
  PeygirAgency *copy = g_new0 (PeygirAgency, 1);

  *copy = *agency;
  copy->name = g_strdup (agency->name);
  copy->head_title = g_strdup (agency->head_title);
  return copy;
}

void
peygir_agency_free (PeygirAgency *agency)
{
  if (agency == NULL)
    return;
  g_free (agency->name);
  g_free (agency->head_title);
  g_free (agency);
}

void
peygir_applicant_clear (PeygirApplicant *applicant)
{
  g_clear_pointer (&applicant->name, g_free);
  g_clear_pointer (&applicant->national_id, g_free);
  g_clear_pointer (&applicant->mobile, g_free);
  g_clear_pointer (&applicant->phone, g_free);
  g_clear_pointer (&applicant->address, g_free);
  g_clear_pointer (&applicant->postal_code, g_free);
  g_clear_pointer (&applicant->email, g_free);
}

void
peygir_applicant_copy_into (PeygirApplicant       *dest,
                            const PeygirApplicant *src)
{
  dest->type = src->type;
  dest->name = g_strdup (src->name);
  dest->national_id = g_strdup (src->national_id);
  dest->mobile = g_strdup (src->mobile);
  dest->phone = g_strdup (src->phone);
  dest->address = g_strdup (src->address);
  dest->postal_code = g_strdup (src->postal_code);
  dest->email = g_strdup (src->email);
}

PeygirCaseDraft *
peygir_case_draft_new (void)
{
  PeygirCaseDraft *draft = g_new0 (PeygirCaseDraft, 1);

  draft->kind = PEYGIR_KIND_COMPLAINT;
  draft->category = PEYGIR_CATEGORY_OTHER;
  draft->channel = PEYGIR_CHANNEL_IN_PERSON;
  return draft;
}

void
peygir_case_draft_free (PeygirCaseDraft *draft)
{
  if (draft == NULL)
    return;
  peygir_applicant_clear (&draft->applicant);
  g_free (draft->subject);
  g_free (draft->description);
  g_free (draft->samad_code);
  g_free (draft);
}

PeygirReferral *
peygir_referral_copy (const PeygirReferral *referral)
{
  PeygirReferral *copy = g_new0 (PeygirReferral, 1);

  *copy = *referral;
  copy->agency_name = g_strdup (referral->agency_name);
  copy->agency_head_title = g_strdup (referral->agency_head_title);
  copy->letter_text = g_strdup (referral->letter_text);
  copy->approved_by_name = g_strdup (referral->approved_by_name);
  copy->letter_number = g_strdup (referral->letter_number);
  copy->last_reminder_number = g_strdup (referral->last_reminder_number);
  copy->last_reminder_note = g_strdup (referral->last_reminder_note);
  copy->answer_number = g_strdup (referral->answer_number);
  copy->answer = g_strdup (referral->answer);
  return copy;
}

void
peygir_referral_free (PeygirReferral *referral)
{
  if (referral == NULL)
    return;
  g_free (referral->agency_name);
  g_free (referral->agency_head_title);
  g_free (referral->letter_text);
  g_free (referral->approved_by_name);
  g_free (referral->letter_number);
  g_free (referral->last_reminder_number);
  g_free (referral->last_reminder_note);
  g_free (referral->answer_number);
  g_free (referral->answer);
  g_free (referral);
}

PeygirCase *
peygir_case_copy (const PeygirCase *kase)
{
  PeygirCase *copy = g_new0 (PeygirCase, 1);

  *copy = *kase;
  copy->tracking_code = g_strdup (kase->tracking_code);
  copy->registration_number = g_strdup (kase->registration_number);
  peygir_applicant_copy_into (&copy->applicant, &kase->applicant);
  copy->subject = g_strdup (kase->subject);
  copy->description = g_strdup (kase->description);
  copy->agency_name = g_strdup (kase->agency_name);
  copy->samad_code = g_strdup (kase->samad_code);
  copy->expert_name = g_strdup (kase->expert_name);
  copy->referrals = NULL;
  if (kase->referrals != NULL)
    {
      copy->referrals = g_ptr_array_new_with_free_func ((GDestroyNotify) peygir_referral_free);
      for (guint i = 0; i < kase->referrals->len; i++)
        g_ptr_array_add (copy->referrals, peygir_referral_copy (g_ptr_array_index (kase->referrals, i)));
    }
  return copy;
}

void
peygir_case_free (PeygirCase *kase)
{
  if (kase == NULL)
    return;
  g_free (kase->tracking_code);
  g_free (kase->registration_number);
  peygir_applicant_clear (&kase->applicant);
  g_free (kase->subject);
  g_free (kase->description);
  g_free (kase->agency_name);
  g_free (kase->samad_code);
  g_free (kase->expert_name);
  g_clear_pointer (&kase->referrals, g_ptr_array_unref);
  g_free (kase);
}

PeygirEvent *
peygir_event_copy (const PeygirEvent *event)
{
  PeygirEvent *copy = g_new0 (PeygirEvent, 1);

  *copy = *event;
  copy->actor_name = g_strdup (event->actor_name);
  copy->operator_name = g_strdup (event->operator_name);
  copy->action = g_strdup (event->action);
  copy->from_state = g_strdup (event->from_state);
  copy->to_state = g_strdup (event->to_state);
  copy->note = g_strdup (event->note);
  copy->hash = g_strdup (event->hash);
  return copy;
}

void
peygir_event_free (PeygirEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->actor_name);
  g_free (event->operator_name);
  g_free (event->action);
  g_free (event->from_state);
  g_free (event->to_state);
  g_free (event->note);
  g_free (event->hash);
  g_free (event);
}

PeygirContact *
peygir_contact_copy (const PeygirContact *contact)
{
  PeygirContact *copy = g_new0 (PeygirContact, 1);

  *copy = *contact;
  copy->user_name = g_strdup (contact->user_name);
  copy->note = g_strdup (contact->note);
  return copy;
}

void
peygir_contact_free (PeygirContact *contact)
{
  if (contact == NULL)
    return;
  g_free (contact->user_name);
  g_free (contact->note);
  g_free (contact);
}

PeygirDocument *
peygir_document_copy (const PeygirDocument *document)
{
  PeygirDocument *copy = g_new0 (PeygirDocument, 1);

  *copy = *document;
  copy->name = g_strdup (document->name);
  copy->content_type = g_strdup (document->content_type);
  copy->sha256 = g_strdup (document->sha256);
  return copy;
}

void
peygir_document_free (PeygirDocument *document)
{
  if (document == NULL)
    return;
  g_free (document->name);
  g_free (document->content_type);
  g_free (document->sha256);
  g_free (document);
}

PeygirHoliday *
peygir_holiday_copy (const PeygirHoliday *holiday)
{
  PeygirHoliday *copy = g_new0 (PeygirHoliday, 1);

  *copy = *holiday;
  copy->name = g_strdup (holiday->name);
  return copy;
}

void
peygir_holiday_free (PeygirHoliday *holiday)
{
  if (holiday == NULL)
    return;
  g_free (holiday->name);
  g_free (holiday);
}

G_DEFINE_BOXED_TYPE (PeygirUser, peygir_user, peygir_user_copy, peygir_user_free)
G_DEFINE_BOXED_TYPE (PeygirAgency, peygir_agency, peygir_agency_copy, peygir_agency_free)
G_DEFINE_BOXED_TYPE (PeygirReferral, peygir_referral, peygir_referral_copy, peygir_referral_free)
G_DEFINE_BOXED_TYPE (PeygirCase, peygir_case, peygir_case_copy, peygir_case_free)
G_DEFINE_BOXED_TYPE (PeygirEvent, peygir_event, peygir_event_copy, peygir_event_free)
G_DEFINE_BOXED_TYPE (PeygirContact, peygir_contact, peygir_contact_copy, peygir_contact_free)
G_DEFINE_BOXED_TYPE (PeygirDocument, peygir_document, peygir_document_copy, peygir_document_free)
G_DEFINE_BOXED_TYPE (PeygirHoliday, peygir_holiday, peygir_holiday_copy, peygir_holiday_free)

/* Intake validation. */

#define MAX_NAME         200
#define MAX_SUBJECT      300
#define MAX_DESCRIPTION  32000
#define MAX_ADDRESS      1000
#define MAX_SHORT        100

/* Replaces *field by its sanitised form; empty becomes NULL. */
static gboolean
clean_field (char       **field,
             const char  *label,
             gsize        max_chars,
             gboolean     multiline,
             GError     **error)
{
  g_autofree char *clean = NULL;

  if (*field == NULL)
    return TRUE;
  if (!peygir_text_validate (*field, label, max_chars, multiline, error))
    return FALSE;

  clean = peygir_text_sanitize (*field, multiline);
  g_free (*field);
  *field = (clean != NULL && *clean != '\0') ? g_steal_pointer (&clean) : NULL;
  return TRUE;
}

static gboolean
require (const char  *value,
         const char  *label,
         GError     **error)
{
  if (value == NULL || *value == '\0')
    {
      g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_MISSING,
                   _("%s is required."), label);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_known_enums (const PeygirCaseDraft  *draft,
                   GError                **error)
{
  if ((guint) draft->kind >= PEYGIR_N_KINDS
      || (guint) draft->applicant.type >= PEYGIR_N_APPLICANT_TYPES
      || (guint) draft->category >= PEYGIR_N_CATEGORIES
      || (guint) draft->channel >= PEYGIR_N_CHANNELS)
    {
      g_set_error_literal (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID,
                           _("The kind, applicant type, category or channel is not one Peygir knows."));
      return FALSE;
    }
  return TRUE;
}

/* Cleans every text field, then checks that the required ones are there. */
static gboolean
clean_text_fields (PeygirCaseDraft  *draft,
                   GError          **error)
{
  PeygirApplicant *a = &draft->applicant;

  if (!clean_field (&a->name, _("The applicant’s name"), MAX_NAME, FALSE, error) ||
      !clean_field (&a->national_id, _("The national ID"), MAX_SHORT, FALSE, error) ||
      !clean_field (&a->mobile, _("The mobile number"), MAX_SHORT, FALSE, error) ||
      !clean_field (&a->phone, _("The phone number"), MAX_SHORT, FALSE, error) ||
      !clean_field (&a->address, _("The address"), MAX_ADDRESS, TRUE, error) ||
      !clean_field (&a->postal_code, _("The postal code"), MAX_SHORT, FALSE, error) ||
      !clean_field (&a->email, _("The e-mail address"), MAX_SHORT, FALSE, error) ||
      !clean_field (&draft->subject, _("The subject"), MAX_SUBJECT, FALSE, error) ||
      !clean_field (&draft->description, _("The description"), MAX_DESCRIPTION, TRUE, error) ||
      !clean_field (&draft->samad_code, _("The 111 system’s tracking code"), MAX_SHORT, FALSE, error))
    return FALSE;

  return require (a->name, _("The applicant’s name"), error) &&
         require (draft->subject, _("The subject"), error) &&
         require (draft->description, _("The description"), error);
}

/* A citizen's national ID is required; a business may give its company ID
 * or a person's. Either is checked by its check digit. */
static gboolean
normalize_national_id (PeygirApplicant  *a,
                       GError          **error)
{
  g_autofree char *digits = NULL;
  GString *id;
  gboolean valid;

  if (a->national_id == NULL)
    return a->type != PEYGIR_APPLICANT_CITIZEN || require (NULL, _("The national ID"), error);

  digits = peygir_text_digits_to_ascii (a->national_id);
  id = g_string_new (NULL);
  /* people type IDs with dashes or spaces between the groups */
  for (const char *p = digits; *p != '\0'; p++)
    if (*p != ' ' && *p != '-')
      g_string_append_c (id, *p);
  g_free (a->national_id);
  a->national_id = g_string_free (id, FALSE);

  if (a->type == PEYGIR_APPLICANT_CITIZEN)
    valid = peygir_national_id_is_valid (a->national_id);
  else
    valid = peygir_company_id_is_valid (a->national_id)
            || peygir_national_id_is_valid (a->national_id);

  if (!valid)
    {
      g_set_error_literal (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_NATIONAL_ID,
                           a->type == PEYGIR_APPLICANT_CITIZEN
                           ? _("The national ID is not valid: it must be ten digits with a correct check digit.")
                           : _("The national ID is not valid: a company’s is eleven digits with a correct check digit."));
      return FALSE;
    }
  return TRUE;
}

/* The numbers and addresses the applicant is told the result by. */
static gboolean
normalize_contact (PeygirApplicant  *a,
                   GError          **error)
{
  if (a->mobile != NULL)
    {
      g_autofree char *mobile = peygir_mobile_normalize (a->mobile, error);

      if (mobile == NULL)
        return FALSE;
      g_free (a->mobile);
      a->mobile = g_steal_pointer (&mobile);
    }

  if (a->mobile == NULL && a->phone == NULL)
    {
      g_set_error_literal (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_MISSING,
                           _("A mobile or phone number is required, so that the applicant can be told the result."));
      return FALSE;
    }

  if (a->phone != NULL)
    {
      g_autofree char *phone = peygir_text_digits_to_ascii (a->phone);

      g_free (a->phone);
      a->phone = g_steal_pointer (&phone);
    }

  if (a->postal_code != NULL)
    {
      g_autofree char *code = peygir_postal_code_normalize (a->postal_code, error);

      if (code == NULL)
        return FALSE;
      g_free (a->postal_code);
      a->postal_code = g_steal_pointer (&code);
    }

  if (a->email != NULL && !peygir_email_is_valid (a->email))
    {
      g_set_error_literal (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_EMAIL,
                           _("The e-mail address is not valid."));
      return FALSE;
    }
  return TRUE;
}

gboolean
peygir_case_draft_validate (PeygirCaseDraft  *draft,
                            GError          **error)
{
  if (!check_known_enums (draft, error)
      || !clean_text_fields (draft, error)
      || !normalize_national_id (&draft->applicant, error)
      || !normalize_contact (&draft->applicant, error))
    return FALSE;

  if (draft->samad_code != NULL)
    {
      g_autofree char *code = peygir_text_digits_to_ascii (draft->samad_code);

      g_free (draft->samad_code);
      draft->samad_code = g_steal_pointer (&code);
    }

  if (draft->kind == PEYGIR_KIND_COMPLAINT && draft->agency_id <= 0)
    {
      g_set_error_literal (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_MISSING,
                           _("A complaint needs the agency it is about."));
      return FALSE;
    }

  return TRUE;
}

gboolean
peygir_registration_number_parse (const char *text,
                                  int        *year,
                                  int        *seq)
{
  g_autofree char *ascii = peygir_text_digits_to_ascii (text);
  g_auto(GStrv) parts = NULL;
  gint64 y, s;

  g_strstrip (ascii);
  parts = g_regex_split_simple ("\\s*[/\\-]\\s*", ascii, 0, 0);
  if (g_strv_length (parts) != 2)
    return FALSE;
  if (!g_ascii_string_to_unsigned (parts[0], 10, 1300, 1700, (guint64 *) &y, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 1, G_MAXINT, (guint64 *) &s, NULL))
    return FALSE;
  *year = (int) y;
  *seq = (int) s;
  return TRUE;
}
