/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-case-page"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "peygir-case-page-private.h"
#include "peygir-error.h"
#include "peygir-format.h"
#include "peygir-text.h"
#include "peygir-utils-private.h"
#include "peygir-workflow.h"
#include "peygir-workflow-chart.h"

G_DEFINE_FINAL_TYPE (PeygirCasePage, peygir_case_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CASE,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The secretariat sends the written answer once a round, by an act of its
 * own: looking at the draft sends nothing. */
gboolean
_peygir_case_page_can_send_answer (PeygirCasePage *self)
{
  return self->session != NULL && self->details != NULL
         && peygir_workflow_has_result (self->details->kase->state)
         && self->details->answer_letter == NULL
         && peygir_session_has_role (self->session, PEYGIR_ROLE_SECRETARIAT)
         && !peygir_store_is_read_only (peygir_session_get_store (self->session));
}

static void
case_details_free (CaseDetails *details)
{
  g_clear_pointer (&details->kase, peygir_case_free);
  g_clear_pointer (&details->documents, g_ptr_array_unref);
  g_clear_pointer (&details->contacts, g_ptr_array_unref);
  g_clear_pointer (&details->events, g_ptr_array_unref);
  g_clear_pointer (&details->agencies, g_ptr_array_unref);
  g_clear_pointer (&details->answer_letter, peygir_letter_record_free);
  g_free (details);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaseDetails, case_details_free)

void
_peygir_case_page_set_busy (PeygirCasePage *self,
                           gboolean        busy)
{
  gboolean was = self->busy > 0;

  if (busy)
    self->busy++;
  else
    self->busy--;
  if (was != (self->busy > 0))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
      _peygir_case_page_update_actions (self);
    }
}

void
_peygir_case_page_toast (PeygirCasePage *self,
                        const char     *title)
{
  _peygir_widget_add_toast (GTK_WIDGET (self), title);
}

/* A read or write that failed; a cancelled one is not news (the page
 * moved on). */
void
_peygir_case_page_toast_error (PeygirCasePage *self,
                               const GError   *error)
{
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _peygir_case_page_toast (self, error->message);
}

char *
peygir_case_page_action_name (PeygirAction action)
{
  const PeygirActionInfo *info = peygir_workflow_action_info (action);
  g_autofree char *id = g_strdup (info->id);

  /* Action names take dashes, not underscores. */
  g_strdelimit (id, "_", '-');
  return g_strconcat ("case.", id, NULL);
}

/* Rows */

static GtkWidget *
info_row_new (const char *title,
              const char *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value != NULL && *value != '\0' ? value : "—");
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_add_css_class (row, "property");
  return row;
}

static void
list_add_info (GtkListBox *list,
               const char *title,
               const char *value)
{
  gtk_list_box_append (list, info_row_new (title, value));
}

static void
list_add_empty (GtkListBox *list,
                const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_list_box_set_placeholder (list, label);
}

/* A button that shows one of the case's letters (case.show-letter). */
static GtkWidget *
letter_button_new (const char       *tooltip,
                   PeygirLetterKind  kind,
                   gint64            referral_id)
{
  return _peygir_row_button_setup (gtk_button_new_from_icon_name ("x-office-document-symbolic"), tooltip,
                                   "case.show-letter",
                                   g_variant_new ("(sx)", peygir_letter_kind_to_string (kind), referral_id));
}

const char *
_peygir_case_page_event_title (const PeygirEvent *event)
{
  PeygirAction action;

  if (peygir_action_from_string (event->action, &action))
    return peygir_action_label (action);
  if (g_strcmp0 (event->action, "create") == 0)
    return _("Case received");
  if (g_strcmp0 (event->action, "edit") == 0)
    return _("Intake details edited");
  if (g_strcmp0 (event->action, "attach") == 0)
    return _("Document attached");
  return event->action;
}

#define FSI "\u2068"
#define PDI "\u2069"

/* A document's name as the audit keeps it, "name (sha-256)": the name
 * alone, isolated (FSI … PDI) so that a Latin or mixed name reads in its
 * own order; the hash is for the audit, not for people. */
static char *
attached_name_text (const char *note)
{
  gsize len = strlen (note);
  const char *open = len > 67 ? note + len - 67 : NULL;
  g_autofree char *name = NULL;
  g_autofree char *clean = NULL;

  if (open != NULL && g_str_has_prefix (open, " (") && note[len - 1] == ')')
    {
      gboolean hex = TRUE;

      for (const char *p = open + 2; p < note + len - 1; p++)
        hex = hex && g_ascii_isxdigit (*p);
      if (hex)
        name = g_strndup (note, open - note);
    }
  clean = peygir_text_sanitize (name != NULL ? name : note, FALSE);
  return g_strconcat (FSI, clean, PDI, NULL);
}

/* The letters dispatched, as the audit keeps them, "agency: number" joined
 * by "؛ ": each number in Persian digits, isolated as on the letter. */
static char *
dispatched_letters_text (const char *note)
{
  g_auto(GStrv) parts = g_strsplit (note, "؛ ", -1);
  GString *text = g_string_new (NULL);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *colon = g_strrstr (parts[i], ": ");

      if (i > 0)
        g_string_append (text, "؛ ");
      if (colon != NULL && strchr (colon, '\n') == NULL)
        {
          g_autofree char *agency = g_strndup (parts[i], colon - parts[i]);
          g_autofree char *number = peygir_format_code (colon + 2);

          g_string_append_printf (text, "%s: %s", agency, number);
        }
      else
        {
          g_autofree char *digits = peygir_text_digits_to_persian (parts[i]);
          g_autofree char *isolated = peygir_format_text (digits);

          g_string_append (text, isolated);
        }
    }
  return g_string_free (text, FALSE);
}

/* An event's note as a person reads it: the audit's own notes (a
 * registration number, the letters dispatched, a document's name and
 * hash, a channel's identifier in brackets) said in words and Persian
 * digits, each number isolated; what a person wrote with its numbers in
 * Persian digits and its Latin runs isolated. */
static char *
event_note_text (const PeygirEvent *event)
{
  const char *note = event->note;
  const char *close;
  g_autofree char *rest = NULL;
  g_autofree char *digits = NULL;
  PeygirAction action;
  PeygirChannel channel = PEYGIR_CHANNEL_NONE;

  if (g_strcmp0 (event->action, "attach") == 0)
    return attached_name_text (note);
  if (!peygir_action_from_string (event->action, &action))
    action = PEYGIR_N_ACTIONS;
  if (action == PEYGIR_ACTION_REGISTER && strchr (note, ' ') == NULL)
    return peygir_format_code (note);
  if (action == PEYGIR_ACTION_DISPATCH)
    return dispatched_letters_text (note);

  /* "[phone] …": how the applicant or agency was reached */
  if (note[0] == '[' && (close = strstr (note, "] ")) != NULL)
    {
      g_autofree char *id = g_strndup (note + 1, close - note - 1);

      if (peygir_channel_from_string (id, &channel))
        note = close + 2;
      /* a follow-up's note names the way already */
      if (action == PEYGIR_ACTION_FOLLOW_UP)
        channel = PEYGIR_CHANNEL_NONE;
    }
  digits = peygir_text_digits_to_persian (note);
  rest = peygir_format_text (digits);
  if (channel == PEYGIR_CHANNEL_NONE)
    return g_steal_pointer (&rest);
  if (*rest == '\0')
    return g_strdup (peygir_channel_label (channel));
  /* TRANSLATORS: in the case's history: how the applicant was reached, then the note */
  return g_strdup_printf (_("%s: %s"), peygir_channel_label (channel), rest);
}

static char *
event_text (const PeygirEvent *event)
{
  g_autofree char *when = peygir_format_time (event->at);
  GString *text = g_string_new (NULL);
  PeygirState from, to;

  g_string_append_printf (text, "%s — %s", when, event->actor_name != NULL ? event->actor_name : "");
  if (event->operator_name != NULL)
    /* TRANSLATORS: the administrator who entered an action for its actor, from the command line */
    g_string_append_printf (text, _(" (entered by %s)"), event->operator_name);
  if (event->from_state != NULL && event->to_state != NULL
      && peygir_state_from_string (event->from_state, &from)
      && peygir_state_from_string (event->to_state, &to)
      && from != to)
    /* TRANSLATORS: a change of state in the case's history */
    g_string_append_printf (text, _(" · from “%s” to “%s”"), peygir_state_label (from), peygir_state_label (to));
  if (event->note != NULL && *event->note != '\0')
    {
      g_autofree char *note = event_note_text (event);

      g_string_append_printf (text, "\n%s", note);
    }
  return g_string_free (text, FALSE);
}

static char *
referral_text (const PeygirReferral *referral)
{
  GString *text = g_string_new (peygir_referral_state_label (referral->state));

  if (referral->letter_number != NULL)
    {
      g_autofree char *number = peygir_format_code (referral->letter_number);
      g_autofree char *sent = peygir_format_time (referral->dispatched_at);

      g_string_append_printf (text, _(" · letter %s of %s"), number, sent);
    }
  if (referral->due != 0 && referral->state == PEYGIR_REFERRAL_DISPATCHED)
    {
      g_autofree char *due = peygir_format_day (referral->due);

      if (referral->overdue)
        g_string_append_printf (text, _(" · answer overdue since %s"), due);
      else
        g_string_append_printf (text, _(" · answer due %s"), due);
    }
  if (referral->follow_ups > 0)
    {
      g_autofree char *n = peygir_text_format_number (referral->follow_ups);

      g_string_append_printf (text, _(" · followed up %s times"), n);
    }
  if (referral->reminder != PEYGIR_REMINDER_NONE)
    g_string_append_printf (text, " · %s", peygir_reminder_state_label (referral->reminder));
  if (referral->answer_number != NULL || referral->answer_date != 0)
    {
      g_autofree char *number = referral->answer_number != NULL ? peygir_format_code (referral->answer_number) : NULL;
      g_autofree char *day = referral->answer_date != 0 ? peygir_format_day (referral->answer_date) : NULL;

      if (number != NULL && day != NULL)
        g_string_append_printf (text, _(" · their letter %s of %s"), number, day);
      else if (number != NULL)
        g_string_append_printf (text, _(" · their letter %s"), number);
      else
        g_string_append_printf (text, _(" · their letter of %s"), day);
    }
  if (referral->answer != NULL)
    {
      g_autofree char *answer = peygir_format_text (referral->answer);

      g_string_append_printf (text, "\n%s", answer);
    }
  else if (referral->letter_text != NULL && referral->state != PEYGIR_REFERRAL_DISPATCHED)
    {
      g_autofree char *letter_text = peygir_format_text (referral->letter_text);

      g_string_append_printf (text, "\n%s", letter_text);
    }
  return g_string_free (text, FALSE);
}

static char *
document_text (const PeygirDocument *document)
{
  g_autofree char *size = g_format_size (document->size);
  g_autofree char *size_fa = peygir_text_digits_to_persian (size);
  g_autofree char *when = peygir_format_time (document->added_at);

  return g_strdup_printf ("%s — %s", size_fa, when);
}

/* The title, state and numbers at the top, and the chart. */
static void
fill_header (PeygirCasePage   *self,
             const PeygirCase *kase,
             GPtrArray        *events)
{
  g_autofree char *registration = peygir_format_registration (kase);
  g_autofree char *tracking = peygir_format_tracking (kase->tracking_code);
  g_autofree char *received_day = peygir_format_day (kase->received_on);
  g_autofree char *received = peygir_format_code (received_day);
  g_autofree char *numbers = NULL;

  gtk_label_set_text (self->state_label, peygir_state_label (kase->state));
  gtk_label_set_text (self->subject_label, kase->subject);
  /* Each number comes isolated (LRI … PDI) from the format functions:
   * side by side in a right-to-left line, the bidi algorithm would run
   * neighbouring numbers together. */
  numbers = g_strdup_printf (_("Registration %s · tracking code %s · received %s"),
                             registration, tracking, received);
  gtk_label_set_text (self->numbers_label, numbers);
  gtk_label_set_text (self->description_label, kase->description);
  peygir_workflow_chart_set_case (self->chart, kase, events);
}

static void
fill_case_facts (PeygirCasePage   *self,
                 const PeygirCase *kase)
{
  g_autofree char *due = peygir_format_day (kase->service_due);
  GtkWidget *row;

  _peygir_list_box_remove_all (self->case_list);
  list_add_info (self->case_list, _("Kind"), peygir_kind_label (kase->kind));
  list_add_info (self->case_list, _("Life event"), peygir_category_label (kase->category));
  list_add_info (self->case_list, _("Agency complained of"), kase->agency_name);
  list_add_info (self->case_list, _("Came in by"), peygir_channel_label (kase->channel));
  list_add_info (self->case_list, _("Expert"), kase->expert_name);
  if (kase->samad_code != NULL)
    {
      g_autofree char *samad = peygir_format_digits (kase->samad_code);

      list_add_info (self->case_list, _("Code in the 111 system"), samad);
    }

  row = info_row_new (_("Service deadline"), due);
  if (kase->service_overdue)
    gtk_widget_add_css_class (row, "error");
  if (kase->paused_at != 0)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Paused: waiting for the applicant’s documents"));
  gtk_list_box_append (self->case_list, row);
}

static void
fill_applicant (PeygirCasePage        *self,
                const PeygirApplicant *a)
{
  g_autofree char *national_id = peygir_format_digits (a->national_id);
  g_autofree char *mobile = peygir_format_digits (a->mobile);
  g_autofree char *phone = peygir_format_digits (a->phone);
  g_autofree char *postal = peygir_format_digits (a->postal_code);
  g_autofree char *address = peygir_format_text (a->address);

  _peygir_list_box_remove_all (self->applicant_list);
  list_add_info (self->applicant_list, _("Name"), a->name);
  list_add_info (self->applicant_list, _("Applicant type"), peygir_applicant_type_label (a->type));
  list_add_info (self->applicant_list, a->type == PEYGIR_APPLICANT_CITIZEN ? _("National ID") : _("Company national ID"), national_id);
  list_add_info (self->applicant_list, _("Mobile"), mobile);
  if (a->phone != NULL && *a->phone != '\0')
    list_add_info (self->applicant_list, _("Phone"), phone);
  list_add_info (self->applicant_list, _("Address"), address);
  if (a->postal_code != NULL && *a->postal_code != '\0')
    list_add_info (self->applicant_list, _("Postal code"), postal);
  if (a->email != NULL && *a->email != '\0')
    list_add_info (self->applicant_list, _("E-mail"), a->email);
}

static void
fill_documents (PeygirCasePage *self,
                GPtrArray      *documents)
{
  _peygir_list_box_remove_all (self->documents_list);
  for (guint i = 0; documents != NULL && i < documents->len; i++)
    {
      const PeygirDocument *document = g_ptr_array_index (documents, i);
      g_autofree char *text = document_text (document);
      /* isolated: a Latin or mixed name in its own order */
      g_autofree char *name = g_strconcat (FSI, document->name, PDI, NULL);
      GtkWidget *row = info_row_new (name, text);
      GtkWidget *open = _peygir_row_button_setup (gtk_button_new_from_icon_name ("document-open-symbolic"),
                                                  _("Open"), "case.open-document",
                                                  g_variant_new_int64 (document->id));

      adw_action_row_add_suffix (ADW_ACTION_ROW (row), open);
      gtk_list_box_append (self->documents_list, row);
    }
}

static void
fill_referrals (PeygirCasePage *self,
                GPtrArray      *referrals)
{
  _peygir_list_box_remove_all (self->referrals_list);
  for (guint i = 0; referrals != NULL && i < referrals->len; i++)
    {
      const PeygirReferral *referral = g_ptr_array_index (referrals, i);
      g_autofree char *text = referral_text (referral);
      GtkWidget *row = info_row_new (referral->agency_name, text);

      if (referral->overdue)
        gtk_widget_add_css_class (row, "error");
      if (referral->state != PEYGIR_REFERRAL_WITHDRAWN)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                   letter_button_new (_("The referral letter"), PEYGIR_LETTER_REFERRAL, referral->id));
      if (referral->reminder != PEYGIR_REMINDER_NONE && referral->reminder != PEYGIR_REMINDER_WITHDRAWN)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                   letter_button_new (_("The reminder letter"), PEYGIR_LETTER_REMINDER, referral->id));
      gtk_list_box_append (self->referrals_list, row);
    }
}

static void
fill_contacts (PeygirCasePage *self,
               GPtrArray      *contacts)
{
  _peygir_list_box_remove_all (self->contacts_list);
  for (guint i = 0; contacts != NULL && i < contacts->len; i++)
    {
      const PeygirContact *contact = g_ptr_array_index (contacts, i);
      g_autofree char *when = peygir_format_time (contact->at);
      /* as in the history: Persian digits, Latin runs isolated */
      g_autofree char *digits = contact->note != NULL ? peygir_text_digits_to_persian (contact->note) : NULL;
      g_autofree char *note = peygir_format_text (digits);
      g_autofree char *text = g_strdup_printf ("%s — %s%s%s", when,
                                               contact->user_name != NULL ? contact->user_name : "",
                                               note != NULL ? "\n" : "",
                                               note != NULL ? note : "");

      list_add_info (self->contacts_list, peygir_channel_label (contact->channel), text);
    }
}

/* The history, newest first. */
static void
fill_history (PeygirCasePage *self,
              GPtrArray      *events)
{
  _peygir_list_box_remove_all (self->events_list);
  for (guint i = events != NULL ? events->len : 0; i > 0; i--)
    {
      const PeygirEvent *event = g_ptr_array_index (events, i - 1);
      g_autofree char *text = event_text (event);

      list_add_info (self->events_list, _peygir_case_page_event_title (event), text);
    }
}

static void
peygir_case_page_fill (PeygirCasePage *self)
{
  const CaseDetails *d = self->details;
  const PeygirCase *kase = d->kase;

  fill_header (self, kase, d->events);
  fill_case_facts (self, kase);
  fill_applicant (self, &kase->applicant);
  fill_documents (self, d->documents);
  fill_referrals (self, kase->referrals);
  fill_contacts (self, d->contacts);
  fill_history (self, d->events);

  gtk_stack_set_visible_child_name (self->stack, "case");
}

/* The chart's steps lead to their events in the history. */

/* Whether @event belongs to the chart's step (@state, @overdue_only):
 * it brought the case there or was taken while there; the follow-up
 * step's are the follow-ups and the reminders signed. */
static gboolean
event_at_step (const PeygirEvent *event,
               PeygirState        state,
               gboolean           overdue_only)
{
  PeygirAction action;
  PeygirState to;
  gboolean follow_up = peygir_action_from_string (event->action, &action)
                       && (action == PEYGIR_ACTION_FOLLOW_UP || action == PEYGIR_ACTION_APPROVE_REMINDER);

  if (overdue_only)
    return follow_up;
  return !follow_up && event->to_state != NULL
         && peygir_state_from_string (event->to_state, &to) && to == state;
}

/* Marks the step's events in the history and moves the focus to the
 * latest of them, which scrolls it into sight and lets the keyboard go
 * on from there. */
static void
chart_step_activated_cb (PeygirCasePage      *self,
                         PeygirState          state,
                         gboolean             overdue_only,
                         PeygirWorkflowChart *chart G_GNUC_UNUSED)
{
  GPtrArray *events = self->details != NULL ? self->details->events : NULL;
  GtkListBoxRow *row, *first = NULL;

  if (events == NULL)
    return;
  /* the history shows the events newest first, a row each */
  for (guint i = 0; i < events->len && (row = gtk_list_box_get_row_at_index (self->events_list, i)) != NULL; i++)
    {
      const PeygirEvent *event = g_ptr_array_index (events, events->len - 1 - i);

      if (event_at_step (event, state, overdue_only))
        {
          gtk_widget_add_css_class (GTK_WIDGET (row), "peygir-step-event");
          if (first == NULL)
            first = row;
        }
      else
        gtk_widget_remove_css_class (GTK_WIDGET (row), "peygir-step-event");
    }
  if (first != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (first));
  else
    _peygir_case_page_toast (self, _("The case has no events at this step."));
}

/* Which actions, and the bar of buttons for them. */

/* Whether a referral of the case has a reminder waiting for the manager. */
static gboolean
has_reminder_to_approve (const PeygirCase *kase)
{
  for (guint i = 0; kase->referrals != NULL && i < kase->referrals->len; i++)
    {
      const PeygirReferral *referral = g_ptr_array_index (kase->referrals, i);

      if (referral->round == kase->round && referral->reminder == PEYGIR_REMINDER_DRAFT)
        return TRUE;
    }
  return FALSE;
}

/* Whether a letter of the case waits to be printed and sent, which is all
 * that dispatching does. */
static gboolean
has_letter_waiting (const PeygirCase *kase)
{
  for (guint i = 0; kase->referrals != NULL && i < kase->referrals->len; i++)
    {
      PeygirLetterKind kind;

      if (peygir_workflow_letter_waiting (g_ptr_array_index (kase->referrals, i), kase->round, &kind))
        return TRUE;
    }
  return FALSE;
}

static guint
peygir_case_page_allowed (PeygirCasePage *self)
{
  guint allowed;

  if (self->session == NULL || self->details == NULL
      || peygir_store_is_read_only (peygir_session_get_store (self->session)))
    return 0;
  allowed = peygir_workflow_allowed_actions (self->details->kase->state,
                                             peygir_session_get_roles (self->session));
  /* the table allows it in the state; it needs a reminder to approve */
  if (!has_reminder_to_approve (self->details->kase))
    allowed &= ~(1u << PEYGIR_ACTION_APPROVE_REMINDER);
  /* … and dispatching needs a letter waiting */
  if (!has_letter_waiting (self->details->kase))
    allowed &= ~(1u << PEYGIR_ACTION_DISPATCH);
  /* an expert takes only a case nobody holds; the manager assigns any */
  if (self->details->kase->expert_id != 0 && !peygir_session_has_role (self->session, PEYGIR_ROLE_MANAGER))
    allowed &= ~(1u << PEYGIR_ACTION_ASSIGN);
  return allowed;
}

/* The actions the bar suggests (blue) among those @allowed: the next
 * step. An overdue answer is chased first: the follow-up, not recording
 * an answer that has not come; a letter waiting is sent before its answer
 * can come. */
static guint
suggested_actions (const PeygirCase *kase,
                   guint             allowed)
{
  guint suggested = 0;

  if (kase->overdue)
    return allowed & (1u << PEYGIR_ACTION_FOLLOW_UP);
  if ((allowed & (1u << PEYGIR_ACTION_DISPATCH)) != 0)
    return 1u << PEYGIR_ACTION_DISPATCH;
  for (PeygirAction a = 0; a < PEYGIR_N_ACTIONS; a++)
    if ((allowed & (1u << a)) != 0
        && !peygir_workflow_action_is_destructive (a) && !peygir_workflow_action_keeps_state (a))
      suggested |= 1u << a;
  return suggested;
}

void
_peygir_case_page_update_actions (PeygirCasePage *self)
{
  guint allowed = peygir_case_page_allowed (self);
  guint suggested = self->details != NULL ? suggested_actions (self->details->kase, allowed) : 0;
  gboolean idle = self->busy == 0 && self->dialog == NULL;
  GtkWidget *child;

  for (PeygirAction a = 0; a < PEYGIR_N_ACTIONS; a++)
    {
      g_autofree char *name = peygir_case_page_action_name (a);

      gtk_widget_action_set_enabled (GTK_WIDGET (self), name, idle && (allowed & (1u << a)) != 0);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.add-document",
                                 idle && self->details != NULL && allowed != 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.open-document", self->details != NULL);

  /* A flow box: a manager or a secretariat may have many actions at once,
   * and a row of buttons would not let the window shrink. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->actions_box))) != NULL)
    gtk_flow_box_remove (self->actions_box, child);
  for (PeygirAction a = 0; a < PEYGIR_N_ACTIONS; a++)
    {
      g_autofree char *name = NULL;
      GtkWidget *button;

      if ((allowed & (1u << a)) == 0)
        continue;
      name = peygir_case_page_action_name (a);
      if (a == PEYGIR_ACTION_ASSIGN && !peygir_session_has_role (self->session, PEYGIR_ROLE_MANAGER))
        button = gtk_button_new_with_label (_("Take This Case"));
      else
        button = gtk_button_new_with_label (peygir_action_label (a));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), name);
      if (peygir_workflow_action_is_destructive (a))
        gtk_widget_add_css_class (button, "destructive-action");
      else if ((suggested & (1u << a)) != 0)
        gtk_widget_add_css_class (button, "suggested-action");
      gtk_flow_box_append (self->actions_box, button);
    }

  /* The applicant's receipt, and once there is a result, the written answer. */
  if (self->details != NULL)
    {
      GtkWidget *button = gtk_button_new_with_label (_("Receipt"));

      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(sx)",
                                        peygir_letter_kind_to_string (PEYGIR_LETTER_RECEIPT), (gint64) 0);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "case.show-letter");
      gtk_flow_box_append (self->actions_box, button);
      if (peygir_workflow_has_result (self->details->kase->state))
        {
          button = gtk_button_new_with_label (_("Answer letter"));
          gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(sx)",
                                            peygir_letter_kind_to_string (PEYGIR_LETTER_ANSWER), (gint64) 0);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "case.show-letter");
          gtk_flow_box_append (self->actions_box, button);
        }
      if (_peygir_case_page_can_send_answer (self))
        {
          button = gtk_button_new_with_label (_("Send the answer letter"));
          gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "case.send-answer");
          gtk_flow_box_append (self->actions_box, button);
        }
    }
  /* one stop of Tab a button: the flow box's own cells take none */
  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->actions_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_focusable (child, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.show-letter", self->details != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.send-answer", idle && _peygir_case_page_can_send_answer (self));
  gtk_widget_set_visible (self->action_bar, self->details != NULL);
}

/* Loading */

typedef struct
{
  gint64 case_id;
  guint  serial;
} LoadData;

static gpointer
load_thread (PeygirStore   *store,
             gpointer       task_data,
             GCancellable  *cancellable,
             GError       **error)
{
  LoadData *data = task_data;
  g_autoptr(CaseDetails) details = g_new0 (CaseDetails, 1);

  details->kase = peygir_store_get_case (store, data->case_id, PEYGIR_CASE_DETAIL_REFERRALS, error);
  if (details->kase == NULL)
    return NULL;
  if ((details->documents = peygir_store_list_documents (store, data->case_id, error)) == NULL
      || (details->contacts = peygir_store_list_contacts (store, data->case_id, error)) == NULL
      || (details->events = peygir_store_list_events (store, data->case_id, error)) == NULL
      || (details->agencies = peygir_store_list_agencies (store, error)) == NULL)
    return NULL;
  if (peygir_workflow_has_result (details->kase->state))
    {
      GError *local_error = NULL;

      details->answer_letter = peygir_store_get_answer_letter (store, data->case_id, &local_error);
      if (details->answer_letter == NULL)
        {
          if (!g_error_matches (local_error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_FOUND))
            {
              g_propagate_error (error, local_error);
              return NULL;
            }
          g_clear_error (&local_error);
        }
    }
  return g_steal_pointer (&details);
}

static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PeygirCasePage) self = user_data;
  LoadData *data = peygir_session_run_get_data (result);
  g_autoptr(GError) error = NULL;
  CaseDetails *details;

  details = peygir_session_run_finish (PEYGIR_SESSION (object), result, &error);
  _peygir_case_page_set_busy (self, FALSE);
  if (data->serial != self->load_serial)
    {
      g_clear_pointer (&details, case_details_free);
      return;
    }
  if (details == NULL)
    {
      _peygir_case_page_toast_error (self, error);
      return;
    }

  g_clear_pointer (&self->details, case_details_free);
  self->details = details;
  peygir_case_page_fill (self);
  _peygir_case_page_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CASE]);
}

void
peygir_case_page_load (PeygirCasePage *self,
                       gint64          case_id)
{
  LoadData *data;

  g_return_if_fail (PEYGIR_IS_CASE_PAGE (self));
  g_return_if_fail (self->session != NULL);

  if (case_id != self->case_id)
    {
      g_clear_pointer (&self->details, case_details_free);
      gtk_stack_set_visible_child_name (self->stack, "loading");
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CASE]);
    }
  self->case_id = case_id;
  data = g_new0 (LoadData, 1);
  data->case_id = case_id;
  data->serial = ++self->load_serial;
  _peygir_case_page_set_busy (self, TRUE);
  peygir_session_run (self->session, load_thread, data, g_free,
                      (GDestroyNotify) case_details_free, self->cancellable,
                      load_done_cb, g_object_ref (self));
}

static void
session_changed_cb (PeygirCasePage *self,
                    PeygirSession  *session)
{
  /* A read already under way will show the change. */
  if (self->case_id != 0 && self->busy == 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    peygir_case_page_load (self, self->case_id);
}

void
peygir_case_page_set_print_export (PeygirCasePage *self,
                                   const char     *path)
{
  g_return_if_fail (PEYGIR_IS_CASE_PAGE (self));

  g_free (self->print_export);
  self->print_export = g_strdup (path);
}

PeygirLetterSender *
peygir_case_page_get_sender (PeygirCasePage *self)
{
  g_return_val_if_fail (PEYGIR_IS_CASE_PAGE (self), NULL);

  return self->sender;
}

/* GObject */

static void
peygir_case_page_dispose (GObject *object)
{
  PeygirCasePage *self = (PeygirCasePage *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  self->dialog = NULL;
  g_clear_object (&self->chooser);
  g_clear_object (&self->sender);
  _peygir_widget_dispose_template (GTK_WIDGET (self), PEYGIR_TYPE_CASE_PAGE);

  G_OBJECT_CLASS (peygir_case_page_parent_class)->dispose (object);
}

static void
peygir_case_page_finalize (GObject *object)
{
  PeygirCasePage *self = (PeygirCasePage *)object;

  g_clear_pointer (&self->details, case_details_free);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_free (self->print_export);
  g_free (self->unsaved_note);

  G_OBJECT_CLASS (peygir_case_page_parent_class)->finalize (object);
}

static void
peygir_case_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PeygirCasePage *self = PEYGIR_CASE_PAGE (object);

  switch (prop_id)
    {
    case PROP_CASE:
      g_value_set_boxed (value, peygir_case_page_get_case (self));
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->busy > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
peygir_case_page_class_init (PeygirCasePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = peygir_case_page_dispose;
  object_class->finalize = peygir_case_page_finalize;
  object_class->get_property = peygir_case_page_get_property;

  properties[PROP_CASE] =
    g_param_spec_boxed ("case", NULL, NULL, PEYGIR_TYPE_CASE,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PEYGIR_TYPE_WORKFLOW_CHART);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/ir/gov/peygir/peygir-case-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PeygirCasePage, stack);
  gtk_widget_class_bind_template_child (widget_class, PeygirCasePage, state_label);
  gtk_widget_class_bind_template_child (widget_class, PeygirCasePage, subject_label);
  gtk_widget_class_bind_template_child (widget_class, PeygirCasePage, numbers_label);
  gtk_widget_class_bind_template_child (widget_class, PeygirCasePage, chart);
  gtk_widget_class_bind_template_callback (widget_class, chart_step_activated_cb);
  gtk_widget_class_bind_template_child (widget_class, PeygirCasePage, description_label);
  gtk_widget_class_bind_template_child (widget_class, PeygirCasePage, case_list);
  gtk_widget_class_bind_template_child (widget_class, PeygirCasePage, applicant_list);
  gtk_widget_class_bind_template_child (widget_class, PeygirCasePage, documents_list);
  gtk_widget_class_bind_template_child (widget_class, PeygirCasePage, referrals_list);
  gtk_widget_class_bind_template_child (widget_class, PeygirCasePage, contacts_list);
  gtk_widget_class_bind_template_child (widget_class, PeygirCasePage, events_list);
  gtk_widget_class_bind_template_child (widget_class, PeygirCasePage, action_bar);
  gtk_widget_class_bind_template_child (widget_class, PeygirCasePage, actions_box);

  _peygir_case_page_class_actions_init (klass);
}

static void
peygir_case_page_init (PeygirCasePage *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));

  list_add_empty (self->documents_list, _("No documents"));
  list_add_empty (self->referrals_list, _("Not referred yet"));
  list_add_empty (self->contacts_list, _("No visits or calls recorded"));
  list_add_empty (self->events_list, _("No history"));
  _peygir_case_page_update_actions (self);
}

void
peygir_case_page_set_session (PeygirCasePage *self,
                              PeygirSession  *session)
{
  g_return_if_fail (PEYGIR_IS_CASE_PAGE (self));
  g_return_if_fail (PEYGIR_IS_SESSION (session));

  if (g_set_object (&self->session, session))
    g_signal_connect_object (session, "changed", G_CALLBACK (session_changed_cb), self, G_CONNECT_SWAPPED);
}

guint
peygir_case_page_get_n_documents (PeygirCasePage *self)
{
  g_return_val_if_fail (PEYGIR_IS_CASE_PAGE (self), 0);
  return self->details != NULL ? self->details->documents->len : 0;
}

const PeygirCase *
peygir_case_page_get_case (PeygirCasePage *self)
{
  g_return_val_if_fail (PEYGIR_IS_CASE_PAGE (self), NULL);
  return self->details != NULL ? self->details->kase : NULL;
}

gboolean
peygir_case_page_get_loading (PeygirCasePage *self)
{
  g_return_val_if_fail (PEYGIR_IS_CASE_PAGE (self), FALSE);
  return self->busy > 0;
}

AdwMessageDialog *
peygir_case_page_get_dialog (PeygirCasePage *self)
{
  g_return_val_if_fail (PEYGIR_IS_CASE_PAGE (self), NULL);
  return self->dialog;
}
