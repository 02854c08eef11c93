/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-letters"

#include <glib/gi18n-lib.h>

#include "peygir-date.h"
#include "peygir-letter-template.h"
#include "peygir-text.h"

static const PeygirLetterField known_fields[] = {
  { "applicant",           N_("The applicant's name") },
  { "case_kind",           N_("Complaint or request, in Persian") },
  { "subject",             N_("The case's subject") },
  { "summary",             N_("The case's description") },
  { "registration_number", N_("The secretariat's registration number") },
  { "registration_date",   N_("The day the case was registered") },
  { "tracking_code",       N_("The applicant's tracking code") },
  { "samad_code",          N_("The tracking code in the national 111 system") },
  { "agency",              N_("The agency the case is referred to") },
  { "deadline_days",       N_("Working days the agency has to answer") },
  { "deadline_date",       N_("The day the agency's answer is due") },
  { "letter_text",         N_("What the expert wrote for this letter: the referral's text, or the follow-up's note on a reminder") },
  { "earlier_number",      N_("The number of the earlier letter (reminders)") },
  { "earlier_date",        N_("The date of the earlier letter (reminders)") },
  { "answer",              N_("The agency's answer") },
  { "result",              N_("The result of the review, as told to the applicant") },
  { "office_phone",        N_("The office's telephone number") },
  { "date",                N_("The letter's date") },
  { "number",              N_("The letter's number") },
};

/* The letters themselves are Persian whatever the language of the
 * interface: these texts are documents, not translatable messages. The
 * half-spaces (ZWNJ) in them are written as themselves. */
static const char * const default_bodies[PEYGIR_N_LETTER_KINDS] = {
  [PEYGIR_LETTER_REFERRAL] =
    "احتراماً، به پیوست تصویر {case_kind} {applicant} به شماره ثبت "
    "{registration_number} مورخ {registration_date} با موضوع «{subject}» "
    "جهت رسیدگی ارسال می‌گردد.\n"
    "{letter_text}\n"
    "خواهشمند است دستور فرمایید ضمن بررسی دقیق موضوع و انجام اقدامات قانونی "
    "لازم، نتیجه را حداکثر ظرف مدت {deadline_days} روز کاری به‌صورت مکتوب به "
    "این دفتر اعلام نمایند تا مراتب به اطلاع متقاضی رسانده شود.",

  [PEYGIR_LETTER_REMINDER] =
    "احتراماً، پیرو نامه شماره {earlier_number} مورخ {earlier_date} در خصوص "
    "{case_kind} {applicant} به شماره ثبت {registration_number} با موضوع "
    "«{subject}»، به استحضار می‌رساند تاکنون پاسخی از آن دستگاه به این دفتر "
    "واصل نگردیده است.\n"
    "{letter_text}\n"
    "خواهشمند است دستور فرمایید نتیجه رسیدگی حداکثر ظرف مدت {deadline_days} "
    "روز کاری به این دفتر اعلام گردد. بدیهی است در صورت عدم وصول پاسخ در مهلت "
    "مقرر، مراتب جهت اقدام لازم به مقامات ذی‌ربط گزارش خواهد شد.",

  [PEYGIR_LETTER_RECEIPT] =
    "احتراماً، بدین‌وسیله به اطلاع می‌رساند {case_kind} جنابعالی با موضوع "
    "«{subject}» در تاریخ {registration_date} در دبیرخانه استانداری به شماره "
    "{registration_number} ثبت گردید.\n"
    "کد رهگیری: {tracking_code}\n"
    "برای آگاهی از روند رسیدگی می‌توانید با در دست داشتن کد رهگیری، در ساعات "
    "اداری به‌صورت حضوری به دفتر مدیریت عملکرد، بازرسی و امور حقوقی استانداری "
    "مراجعه فرمایید یا با شماره تلفن {office_phone} تماس حاصل نمایید. "
    "خواهشمند است این رسید را تا پایان رسیدگی نزد خود نگه دارید.",

  [PEYGIR_LETTER_ANSWER] =
    "احتراماً، پیرو {case_kind} جنابعالی به شماره ثبت {registration_number} "
    "مورخ {registration_date} با موضوع «{subject}»، به استحضار می‌رساند موضوع "
    "جهت رسیدگی به {agency} ارجاع گردید و پاسخ آن دستگاه به شرح زیر به این "
    "دفتر واصل شده است:\n"
    "{answer}\n"
    "در صورتی که به پاسخ ارائه‌شده اعتراض دارید، می‌توانید با در دست داشتن "
    "کد رهگیری {tracking_code} به این دفتر مراجعه فرمایید.",
};

static const char * const default_subjects[PEYGIR_N_LETTER_KINDS] = {
  [PEYGIR_LETTER_REFERRAL] = "ارجاع {case_kind} {applicant}",
  [PEYGIR_LETTER_REMINDER] = "پیگیری {case_kind} {applicant}",
  [PEYGIR_LETTER_RECEIPT]  = "رسید ثبت {case_kind}",
  [PEYGIR_LETTER_ANSWER]   = "اعلام نتیجه رسیدگی به {case_kind} شماره {registration_number}",
};

char *
peygir_letter_template_referral_text (const PeygirCase *kase)
{
  g_return_val_if_fail (kase != NULL, NULL);

  for (guint i = kase->referrals != NULL ? kase->referrals->len : 0; i > 0; i--)
    {
      const PeygirReferral *referral = g_ptr_array_index (kase->referrals, i - 1);

      if (referral->round == kase->round && referral->state == PEYGIR_REFERRAL_WITHDRAWN
          && referral->letter_text != NULL && referral->letter_text[0] != '\0')
        return g_strdup (referral->letter_text);
    }
  return g_strconcat ("خلاصه موضوع: ", kase->description != NULL ? kase->description : "", NULL);
}

const PeygirLetterField *
peygir_letter_template_fields (guint *n_fields)
{
  if (n_fields != NULL)
    *n_fields = G_N_ELEMENTS (known_fields);
  return known_fields;
}

const char *
peygir_letter_template_default_body (PeygirLetterKind kind)
{
  g_return_val_if_fail (kind < PEYGIR_N_LETTER_KINDS, NULL);

  return default_bodies[kind];
}

const char *
peygir_letter_template_default_subject (PeygirLetterKind kind)
{
  g_return_val_if_fail (kind < PEYGIR_N_LETTER_KINDS, NULL);

  return default_subjects[kind];
}

gboolean
peygir_letter_template_body_from_store (PeygirStore       *store,
                                        PeygirLetterKind   kind,
                                        char             **body_template,
                                        GError           **error)
{
  static const char * const keys[PEYGIR_N_LETTER_KINDS] = {
    [PEYGIR_LETTER_REFERRAL] = PEYGIR_SETTING_TEMPLATE_REFERRAL,
    [PEYGIR_LETTER_REMINDER] = PEYGIR_SETTING_TEMPLATE_REMINDER,
    [PEYGIR_LETTER_RECEIPT]  = PEYGIR_SETTING_TEMPLATE_RECEIPT,
    [PEYGIR_LETTER_ANSWER]   = PEYGIR_SETTING_TEMPLATE_ANSWER,
  };
  g_autofree char *value = NULL;

  g_return_val_if_fail (PEYGIR_IS_STORE (store), FALSE);
  g_return_val_if_fail (kind < PEYGIR_N_LETTER_KINDS, FALSE);
  g_return_val_if_fail (body_template != NULL, FALSE);

  value = peygir_store_get_setting (store, keys[kind], error);
  if (value == NULL)
    return FALSE;

  g_strstrip (value);
  *body_template = value[0] != '\0' ? g_steal_pointer (&value) : NULL;
  return TRUE;
}

GHashTable *
peygir_letter_fields_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

void
peygir_letter_fields_set (GHashTable *table,
                          const char *name,
                          const char *value)
{
  g_return_if_fail (table != NULL);
  g_return_if_fail (name != NULL);

  if (value == NULL)
    g_hash_table_remove (table, name);
  else
    g_hash_table_insert (table, g_strdup (name), peygir_text_sanitize (value, TRUE));
}

void
peygir_letter_fields_set_int (GHashTable *table,
                              const char *name,
                              gint64      value)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);

  peygir_letter_fields_set (table, name, text);
}

void
peygir_letter_fields_set_day (GHashTable *table,
                              const char *name,
                              PeygirDay   day)
{
  g_autofree char *text = NULL;

  if (day != 0 && peygir_day_is_valid (day))
    text = peygir_day_format (day, PEYGIR_DATE_NUMERIC);
  peygir_letter_fields_set (table, name, text);
}

void
peygir_letter_fields_add_case (GHashTable       *table,
                               const PeygirCase *kase)
{
  g_autofree char *tracking = NULL;

  g_return_if_fail (table != NULL);
  g_return_if_fail (kase != NULL);

  peygir_letter_fields_set (table, "applicant", kase->applicant.name);
  peygir_letter_fields_set (table, "case_kind",
                            kase->kind == PEYGIR_KIND_COMPLAINT ? "شکایت" : "درخواست");
  peygir_letter_fields_set (table, "subject", kase->subject);
  peygir_letter_fields_set (table, "summary", kase->description);
  peygir_letter_fields_set (table, "registration_number", kase->registration_number);
  if (kase->registered_at != 0)
    peygir_letter_fields_set_day (table, "registration_date",
                                  peygir_day_from_unix (kase->registered_at));
  if (kase->tracking_code != NULL)
    tracking = peygir_tracking_code_format (kase->tracking_code);
  peygir_letter_fields_set (table, "tracking_code", tracking);
  peygir_letter_fields_set (table, "samad_code", kase->samad_code);
  peygir_letter_fields_set (table, "agency", kase->agency_name);
}

void
peygir_letter_fields_add_referral (GHashTable           *table,
                                   const PeygirReferral *referral)
{
  g_return_if_fail (table != NULL);
  g_return_if_fail (referral != NULL);

  peygir_letter_fields_set (table, "agency", referral->agency_name);
  peygir_letter_fields_set_day (table, "deadline_date", referral->due);
  peygir_letter_fields_set (table, "answer", referral->answer);
  if (referral->last_reminder_number != NULL)
    {
      peygir_letter_fields_set (table, "earlier_number", referral->last_reminder_number);
      if (referral->last_reminder_at != 0)
        peygir_letter_fields_set_day (table, "earlier_date",
                                      peygir_day_from_unix (referral->last_reminder_at));
    }
  else if (referral->letter_number != NULL)
    {
      peygir_letter_fields_set (table, "earlier_number", referral->letter_number);
      if (referral->dispatched_at != 0)
        peygir_letter_fields_set_day (table, "earlier_date",
                                      peygir_day_from_unix (referral->dispatched_at));
    }
}

/* The fields whose values are left to right by nature: each is isolated
 * whole where a template expands it. Every other field is text a person
 * wrote, whose numbers, codes and addresses are isolated run by run. */
static const char * const ltr_fields[] = {
  "tracking_code", "samad_code", "registration_number", "registration_date",
  "received_date", "number", "date", "earlier_number", "earlier_date",
  "deadline_date", "office_phone", "national_id", NULL,
};

/* @value as a template shows it: sanitized when it was set, isolated here,
 * so that nothing takes the isolates away before they reach the letter. */
static char *
isolate_field (const char *name,
               const char *value)
{
  if (g_strv_contains ((const char * const *) ltr_fields, name))
    return peygir_text_isolate_ltr (value);
  return peygir_text_isolate_ltr_runs (value);
}

static gboolean
is_name_char (char c)
{
  return g_ascii_isalnum (c) || c == '_';
}

/* The length of the field reference at @p ("{name}"), 0 if @p does not
 * start one. */
static gsize
field_reference_length (const char *p)
{
  gsize n = 1;

  if (p[0] != '{')
    return 0;
  while (is_name_char (p[n]))
    n++;
  if (n == 1 || p[n] != '}')
    return 0;
  return n + 1;
}

/* Whether @out holds only white space from @from on. */
static gboolean
blank_since (const GString *out,
             gsize          from)
{
  for (gsize i = from; i < out->len; i++)
    if (!g_ascii_isspace (out->str[i]))
      return FALSE;
  return TRUE;
}

char *
peygir_letter_template_expand (const char *template_text,
                               GHashTable *table)
{
  g_autofree char *clean = NULL;
  GString *out;
  const char *p;
  gsize line_start = 0;
  gboolean line_has_field = FALSE;
  gboolean line_has_text = FALSE;

  g_return_val_if_fail (template_text != NULL, NULL);

  /* The administrator's text brings no bidi control either: the only ones
   * in a letter are the isolates put around the values below. */
  clean = peygir_text_sanitize (template_text, TRUE);
  out = g_string_sized_new (strlen (clean) + 256);
  p = clean;
  for (;;)
    {
      gsize n;

      if (*p == '\n' || *p == '\0')
        {
          /* A line of nothing but fields that are all empty (a follow-up
           * without a note) leaves no empty paragraph in the letter. */
          gboolean drop = line_has_field && !line_has_text && blank_since (out, line_start);

          if (drop)
            g_string_truncate (out, line_start);
          if (*p == '\0')
            {
              /* a last line dropped takes the newline before it along */
              if (drop && line_start > 0)
                g_string_truncate (out, line_start - 1);
              break;
            }
          if (!drop)
            g_string_append_c (out, '\n');
          p++;
          line_start = out->len;
          line_has_field = line_has_text = FALSE;
        }
      else if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}'))
        {
          g_string_append_c (out, p[0]);
          line_has_text = TRUE;
          p += 2;
        }
      else if ((n = field_reference_length (p)) > 0)
        {
          g_autofree char *name = g_strndup (p + 1, n - 2);
          const char *value = table != NULL ? g_hash_table_lookup (table, name) : NULL;

          if (value != NULL)
            {
              g_autofree char *shown = isolate_field (name, value);

              g_string_append (out, shown);
            }
          else
            g_string_append_len (out, p, n);
          line_has_field = TRUE;
          p += n;
        }
      else
        {
          if (!g_ascii_isspace (*p))
            line_has_text = TRUE;
          g_string_append_c (out, *p);
          p++;
        }
    }

  return g_string_free (out, FALSE);
}

gboolean
peygir_letter_template_uses_field (const char *template_text,
                                   const char *name)
{
  gsize name_len;

  g_return_val_if_fail (name != NULL, FALSE);

  if (template_text == NULL)
    return FALSE;
  name_len = strlen (name);
  for (const char *p = template_text; *p != '\0';)
    {
      gsize n;

      if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}'))
        p += 2;
      else if ((n = field_reference_length (p)) > 0)
        {
          if (n == name_len + 2 && strncmp (p + 1, name, name_len) == 0)
            return TRUE;
          p += n;
        }
      else
        p++;
    }
  return FALSE;
}

static gboolean
is_known_field (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (known_fields); i++)
    if (g_str_equal (known_fields[i].name, name))
      return TRUE;
  return FALSE;
}

char **
peygir_letter_template_unknown_fields (const char *template_text,
                                       GHashTable *table)
{
  g_autoptr(GPtrArray) unknown = g_ptr_array_new_with_free_func (g_free);
  const char *p;

  g_return_val_if_fail (template_text != NULL, NULL);

  p = template_text;
  while (*p != '\0')
    {
      gsize n;

      if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}'))
        {
          p += 2;
        }
      else if ((n = field_reference_length (p)) > 0)
        {
          g_autofree char *name = g_strndup (p + 1, n - 2);

          if (!is_known_field (name) &&
              (table == NULL || !g_hash_table_contains (table, name)) &&
              !g_ptr_array_find_with_equal_func (unknown, name, g_str_equal, NULL))
            g_ptr_array_add (unknown, g_steal_pointer (&name));
          p += n;
        }
      else
        {
          p++;
        }
    }

  if (unknown->len == 0)
    return NULL;
  g_ptr_array_add (unknown, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&unknown), FALSE);
}

void
peygir_letter_apply_templates (PeygirLetter *letter,
                               const char   *subject_template,
                               const char   *body_template,
                               GHashTable   *table)
{
  g_autoptr(GHashTable) all = peygir_letter_fields_new ();

  g_return_if_fail (letter != NULL);

  if (subject_template == NULL)
    subject_template = default_subjects[letter->kind];
  if (body_template == NULL)
    body_template = default_bodies[letter->kind];

  peygir_letter_fields_set_day (all, "date", letter->date);
  peygir_letter_fields_set (all, "number", letter->number != NULL ? letter->number : "");
  peygir_letter_fields_set (all, "earlier_number", letter->earlier_number);
  peygir_letter_fields_set_day (all, "earlier_date", letter->earlier_date);

  if (table != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, table);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (all, g_strdup (key), g_strdup (value));
    }

  g_free (letter->subject);
  letter->subject = peygir_letter_template_expand (subject_template, all);
  g_free (letter->body);
  letter->body = peygir_letter_template_expand (body_template, all);
}

PeygirLetter *
peygir_letter_compose (PeygirLetterKind      kind,
                       const PeygirCase     *kase,
                       const PeygirReferral *referral,
                       const char           *number,
                       PeygirDay             date,
                       const char           *subject_template,
                       const char           *body_template,
                       GHashTable           *fields)
{
  g_autoptr(PeygirLetter) letter = NULL;
  g_autoptr(GHashTable) all = peygir_letter_fields_new ();

  g_return_val_if_fail (kind < PEYGIR_N_LETTER_KINDS, NULL);
  g_return_val_if_fail (kase != NULL, NULL);
  g_return_val_if_fail (referral != NULL ||
                        (kind != PEYGIR_LETTER_REFERRAL && kind != PEYGIR_LETTER_REMINDER), NULL);

  letter = peygir_letter_new (kind);
  letter->draft = number == NULL;
  letter->number = g_strdup (number);
  letter->date = date;

  peygir_letter_fields_add_case (all, kase);
  if (referral != NULL)
    peygir_letter_fields_add_referral (all, referral);

  switch (kind)
    {
    case PEYGIR_LETTER_REFERRAL:
    case PEYGIR_LETTER_REMINDER:
      if (referral->agency_head_title != NULL && referral->agency_head_title[0] != '\0')
        letter->recipient_title = g_strdup (referral->agency_head_title);
      else if (referral->agency_name != NULL)
        letter->recipient_title = g_strconcat ("ریاست محترم ", referral->agency_name, NULL);
      /* a reminder's signer is the one who approved it, not the referral's */
      if (kind == PEYGIR_LETTER_REFERRAL)
        letter->signer_name = g_strdup (referral->approved_by_name);
      /* What the expert wrote: the referral's text, or the note of the
       * follow-up that sent the reminder. */
      {
        const char *text = kind == PEYGIR_LETTER_REFERRAL ? referral->letter_text : referral->last_reminder_note;

        peygir_letter_fields_set (all, "letter_text", text != NULL ? text : "");
      }
      /* The referral encloses the complaint itself. */
      letter->has_attachments = kind == PEYGIR_LETTER_REFERRAL;
      if (kind == PEYGIR_LETTER_REMINDER)
        {
          letter->earlier_number = g_strdup (g_hash_table_lookup (all, "earlier_number"));
          if (referral->last_reminder_number != NULL && referral->last_reminder_at != 0)
            letter->earlier_date = peygir_day_from_unix (referral->last_reminder_at);
          else if (referral->last_reminder_number == NULL && referral->dispatched_at != 0)
            letter->earlier_date = peygir_day_from_unix (referral->dispatched_at);
        }
      break;

    case PEYGIR_LETTER_RECEIPT:
    case PEYGIR_LETTER_ANSWER:
      letter->recipient_name = g_strdup (kase->applicant.name);
      letter->recipient_title = g_strdup ("متقاضی محترم");
      break;

    case PEYGIR_N_LETTER_KINDS:
    default:
      g_assert_not_reached ();
    }

  if (fields != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, fields);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (all, g_strdup (key), g_strdup (value));
    }

  peygir_letter_apply_templates (letter, subject_template, body_template, all);
  return g_steal_pointer (&letter);
}
