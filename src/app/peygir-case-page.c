/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-case-page"

#include <glib/gi18n-lib.h>

#include "peygir-case-page.h"
#include "peygir-document-file.h"
#include "peygir-error.h"
#include "peygir-format.h"
#include "peygir-letter-preview.h"
#include "peygir-letter-sender.h"
#include "peygir-letter-template.h"
#include "peygir-text.h"
#include "peygir-workflow.h"
#include "peygir-workflow-chart.h"

#define LATEST_EVENTS_IN_CONFLICT 3

/* What the page shows, read in one trip to the worker. */
typedef struct
{
  PeygirCase *kase;
  GPtrArray  *documents;
  GPtrArray  *contacts;
  GPtrArray  *events;
  GPtrArray  *agencies;
  PeygirLetterRecord *answer_letter;  /* the written answer sent this round; NULL until then */
} CaseDetails;

struct _PeygirCasePage
{
  GtkWidget          parent_instance;

  GtkStack          *stack;
  GtkLabel          *state_label;
  GtkLabel          *subject_label;
  GtkLabel          *numbers_label;
  PeygirWorkflowChart *chart;
  GtkLabel          *description_label;
  GtkListBox        *case_list;
  GtkListBox        *applicant_list;
  GtkListBox        *documents_list;
  GtkListBox        *referrals_list;
  GtkListBox        *contacts_list;
  GtkListBox        *events_list;
  GtkWidget         *action_bar;
  GtkFlowBox        *actions_box;

  PeygirSession     *session;
  GCancellable      *cancellable;
  CaseDetails       *details;
  gint64             case_id;
  guint              load_serial;
  guint              busy;
  AdwMessageDialog  *dialog;
  GtkFileChooserNative *chooser;
  GFile             *answer_file;  /* chosen in the answer dialog */
  PeygirLetterSender *sender;      /* printing and sending the case's letters */
  char              *print_export; /* tests: print to this PDF file */

  /* What was typed for an action that was not saved (the database busy or
   * out of reach): the action's dialog starts from it next time, so that
   * trying again does not mean typing it again. */
  PeygirAction       unsaved_action;
  gint64             unsaved_case_id;
  char              *unsaved_note;
};

G_DEFINE_FINAL_TYPE (PeygirCasePage, peygir_case_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CASE,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void peygir_case_page_update_actions (PeygirCasePage *self);
static void send_case_letters (PeygirCasePage   *self,
                               PeygirLetterKind  kind);

/* The secretariat sends the written answer once a round, by an act of its
 * own: looking at the draft sends nothing. */
static gboolean
can_send_answer (PeygirCasePage *self)
{
  return self->session != NULL && self->details != NULL
         && peygir_workflow_has_result (self->details->kase->state)
         && self->details->answer_letter == NULL
         && (peygir_session_get_roles (self->session) & PEYGIR_ROLE_SECRETARIAT) != 0
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

static void
peygir_case_page_set_busy (PeygirCasePage *self,
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
      peygir_case_page_update_actions (self);
    }
}

static void
peygir_case_page_toast (PeygirCasePage *self,
                        const char     *title)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (title));
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

static gboolean
action_from_name (const char   *name,
                  PeygirAction *out)
{
  for (PeygirAction a = 0; a < PEYGIR_N_ACTIONS; a++)
    {
      g_autofree char *candidate = peygir_case_page_action_name (a);

      if (g_strcmp0 (candidate, name) == 0)
        {
          *out = a;
          return TRUE;
        }
    }
  return FALSE;
}

/* Rows */

static void
list_clear (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

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
  GtkWidget *button = gtk_button_new_from_icon_name ("x-office-document-symbolic");

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_add_css_class (button, "flat");
  /* the target first: a name without its target is a type mismatch */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(sx)",
                                    peygir_letter_kind_to_string (kind), referral_id);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "case.show-letter");
  return button;
}

static const char *
event_title (const PeygirEvent *event)
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
      g_autofree char *note = peygir_format_text (event->note);

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

static void
peygir_case_page_fill (PeygirCasePage *self)
{
  const CaseDetails *d = self->details;
  const PeygirCase *kase = d->kase;
  g_autofree char *registration = peygir_format_registration (kase);
  g_autofree char *tracking = peygir_format_tracking (kase->tracking_code);
  g_autofree char *received_day = peygir_format_day (kase->received_on);
  g_autofree char *received = peygir_format_code (received_day);
  g_autofree char *due = peygir_format_day (kase->service_due);
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
  peygir_workflow_chart_set_case (self->chart, kase, d->events);

  list_clear (self->case_list);
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
  {
    GtkWidget *row = info_row_new (_("Service deadline"), due);

    if (kase->service_overdue)
      gtk_widget_add_css_class (row, "error");
    if (kase->paused_at != 0)
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Paused: waiting for the applicant’s documents"));
    gtk_list_box_append (self->case_list, row);
  }

  list_clear (self->applicant_list);
  {
    const PeygirApplicant *a = &kase->applicant;
    g_autofree char *national_id = peygir_format_digits (a->national_id);
    g_autofree char *mobile = peygir_format_digits (a->mobile);
    g_autofree char *phone = peygir_format_digits (a->phone);
    g_autofree char *postal = peygir_format_digits (a->postal_code);
    g_autofree char *address = peygir_format_text (a->address);

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

  list_clear (self->documents_list);
  for (guint i = 0; d->documents != NULL && i < d->documents->len; i++)
    {
      const PeygirDocument *document = g_ptr_array_index (d->documents, i);
      g_autofree char *text = document_text (document);
      GtkWidget *row = info_row_new (document->name, text);
      GtkWidget *open = gtk_button_new_from_icon_name ("document-open-symbolic");

      gtk_widget_set_valign (open, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (open, _("Open"));
      gtk_widget_add_css_class (open, "flat");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (open), "case.open-document");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (open), "x", document->id);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), open);
      gtk_list_box_append (self->documents_list, row);
    }

  list_clear (self->referrals_list);
  for (guint i = 0; kase->referrals != NULL && i < kase->referrals->len; i++)
    {
      const PeygirReferral *referral = g_ptr_array_index (kase->referrals, i);
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

  list_clear (self->contacts_list);
  for (guint i = 0; d->contacts != NULL && i < d->contacts->len; i++)
    {
      const PeygirContact *contact = g_ptr_array_index (d->contacts, i);
      g_autofree char *when = peygir_format_time (contact->at);
      g_autofree char *text = g_strdup_printf ("%s — %s%s%s", when,
                                               contact->user_name != NULL ? contact->user_name : "",
                                               contact->note != NULL ? "\n" : "",
                                               contact->note != NULL ? contact->note : "");

      list_add_info (self->contacts_list, peygir_channel_label (contact->channel), text);
    }

  list_clear (self->events_list);
  for (guint i = d->events != NULL ? d->events->len : 0; i > 0; i--)
    {
      const PeygirEvent *event = g_ptr_array_index (d->events, i - 1);
      g_autofree char *text = event_text (event);

      list_add_info (self->events_list, event_title (event), text);
    }

  gtk_stack_set_visible_child_name (self->stack, "case");
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
  return allowed;
}

static void
peygir_case_page_update_actions (PeygirCasePage *self)
{
  guint allowed = peygir_case_page_allowed (self);
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
      button = gtk_button_new_with_label (peygir_action_label (a));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), name);
      if (peygir_workflow_action_is_destructive (a))
        gtk_widget_add_css_class (button, "destructive-action");
      else if (!peygir_workflow_action_keeps_state (a))
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
      if (can_send_answer (self))
        {
          button = gtk_button_new_with_label (_("Send the answer letter"));
          gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "case.send-answer");
          gtk_flow_box_append (self->actions_box, button);
        }
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.show-letter", self->details != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.send-answer", idle && can_send_answer (self));
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
  peygir_case_page_set_busy (self, FALSE);
  if (data->serial != self->load_serial)
    {
      g_clear_pointer (&details, case_details_free);
      return;
    }
  if (details == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        peygir_case_page_toast (self, error->message);
      return;
    }

  g_clear_pointer (&self->details, case_details_free);
  self->details = details;
  peygir_case_page_fill (self);
  peygir_case_page_update_actions (self);
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
  peygir_case_page_set_busy (self, TRUE);
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

/* Taking an action */

typedef struct
{
  PeygirActionRequest  request;
  char                *login;
  char                *note;
  GArray              *agency_ids;
  char                *linked_code;
  char                *answer_number;
  GFile               *answer_file;   /* the agency's letter, scanned; read in the worker */
} ActionData;

typedef struct
{
  PeygirCase *after;
  gboolean    conflict;
  PeygirCase *current;
  GPtrArray  *events;
} ActionResult;

static void
action_data_free (ActionData *data)
{
  g_free (data->login);
  g_free (data->note);
  g_clear_pointer (&data->agency_ids, g_array_unref);
  g_free (data->linked_code);
  g_free (data->answer_number);
  g_clear_object (&data->answer_file);
  g_free (data);
}

static void
action_result_free (ActionResult *result)
{
  g_clear_pointer (&result->after, peygir_case_free);
  g_clear_pointer (&result->current, peygir_case_free);
  g_clear_pointer (&result->events, g_ptr_array_unref);
  g_free (result);
}

static gpointer
action_thread (PeygirStore   *store,
               gpointer       task_data,
               GCancellable  *cancellable,
               GError       **error)
{
  ActionData *data = task_data;
  ActionResult *result = g_new0 (ActionResult, 1);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(PeygirDocumentFile) document = NULL;

  data->request.actor_login = data->login;
  data->request.note = data->note;
  data->request.answer_number = data->answer_number;
  if (data->answer_file != NULL)
    {
      document = peygir_document_file_open (data->answer_file, cancellable, error);
      if (document == NULL)
        {
          action_result_free (result);
          return NULL;
        }
      data->request.document_stream = document->stream;
      data->request.document_size = document->size;
      data->request.document_name = document->name;
      data->request.document_type = document->content_type;
    }
  if (data->agency_ids != NULL)
    {
      data->request.agency_ids = (const gint64 *) data->agency_ids->data;
      data->request.n_agency_ids = data->agency_ids->len;
    }
  if (data->linked_code != NULL)
    {
      g_autoptr(PeygirCase) linked = peygir_store_find_case (store, data->linked_code,
                                                             PEYGIR_CASE_DETAIL_NONE, error);

      if (linked == NULL)
        {
          action_result_free (result);
          return NULL;
        }
      data->request.linked_case_id = linked->id;
    }

  result->after = peygir_store_apply_action (store, &data->request, &local_error);
  if (result->after != NULL)
    return result;

  if (!g_error_matches (local_error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_CONFLICT))
    {
      action_result_free (result);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  /* What the other desk did, to show instead of overwriting it. */
  result->conflict = TRUE;
  result->current = peygir_store_get_case (store, data->request.case_id, PEYGIR_CASE_DETAIL_NONE, NULL);
  result->events = peygir_store_list_events (store, data->request.case_id, NULL);
  return result;
}

static void
dialog_closed (PeygirCasePage *self)
{
  self->dialog = NULL;
  peygir_case_page_update_actions (self);
}

static void
conflict_response_cb (PeygirCasePage   *self,
                      const char       *response,
                      AdwMessageDialog *dialog)
{
  dialog_closed (self);
}

static void
peygir_case_page_show_conflict (PeygirCasePage *self,
                                ActionResult   *result)
{
  GString *body = g_string_new (_("While you were working, this case was changed at another desk. Nothing of yours was saved."));
  GtkWindow *window = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
  GtkWidget *dialog;

  if (result->current != NULL)
    {
      g_autofree char *version = peygir_text_format_number (result->current->version);

      g_string_append (body, "\n\n");
      g_string_append_printf (body, _("It is now “%s” (version %s)."),
                              peygir_state_label (result->current->state), version);
    }
  if (result->events != NULL && result->events->len > 0)
    {
      g_string_append (body, "\n\n");
      g_string_append (body, _("The latest changes:"));
      for (guint i = result->events->len, n = 0; i > 0 && n < LATEST_EVENTS_IN_CONFLICT; i--, n++)
        {
          const PeygirEvent *event = g_ptr_array_index (result->events, i - 1);
          g_autofree char *when = peygir_format_time (event->at);

          g_string_append_printf (body, "\n• %s — %s, %s", event_title (event),
                                  event->actor_name != NULL ? event->actor_name : "", when);
        }
    }

  dialog = adw_message_dialog_new (window, _("Someone Else Changed This Case"), body->str);
  g_string_free (body, TRUE);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Show the Case as It Is Now"));
  g_signal_connect_object (dialog, "response", G_CALLBACK (conflict_response_cb), self, G_CONNECT_SWAPPED);
  self->dialog = ADW_MESSAGE_DIALOG (dialog);
  peygir_case_page_update_actions (self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
action_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PeygirCasePage) self = user_data;
  ActionData *data = peygir_session_run_get_data (result);
  g_autoptr(GError) error = NULL;
  ActionResult *done;

  done = peygir_session_run_finish (PEYGIR_SESSION (object), result, &error);
  peygir_case_page_set_busy (self, FALSE);
  if (done == NULL)
    {
      if (data->note != NULL)
        {
          self->unsaved_action = data->request.action;
          self->unsaved_case_id = data->request.case_id;
          g_free (self->unsaved_note);
          self->unsaved_note = g_strdup (data->note);
        }
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        peygir_case_page_toast (self, error->message);
      return;
    }
  if (self->unsaved_action == data->request.action && self->unsaved_case_id == data->request.case_id)
    g_clear_pointer (&self->unsaved_note, g_free);

  if (done->conflict)
    peygir_case_page_show_conflict (self, done);
  else
    {
      g_autofree char *text = g_strdup_printf (_("Done: %s"), peygir_action_label (data->request.action));

      peygir_case_page_toast (self, text);
    }
  action_result_free (done);

  peygir_case_page_load (self, self->case_id);
  /* This desk's own commit does not move the data version. */
  peygir_session_changed (self->session);
}

static void
peygir_case_page_apply (PeygirCasePage *self,
                        ActionData     *data)
{
  data->request.case_id = self->details->kase->id;
  data->request.expect_version = self->details->kase->version;
  data->login = g_strdup (peygir_session_get_login (self->session));
  peygir_case_page_set_busy (self, TRUE);
  peygir_session_run (self->session, action_thread, data, (GDestroyNotify) action_data_free,
                      (GDestroyNotify) action_result_free, self->cancellable,
                      action_done_cb, g_object_ref (self));
}

/* The dialog asking for what an action needs. */

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static char *
dialog_note (GtkWidget *extra)
{
  GtkWidget *view = find_named (extra, "note");
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  if (view == NULL)
    return NULL;
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_strstrip (text);
  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

static GArray *
dialog_agencies (GtkWidget *extra)
{
  GtkWidget *list = find_named (extra, "agencies");
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (GtkWidget *row = list != NULL ? gtk_widget_get_first_child (list) : NULL;
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *check = g_object_get_data (G_OBJECT (row), "peygir-check");

      if (check != NULL && gtk_check_button_get_active (GTK_CHECK_BUTTON (check)))
        {
          gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (check), "peygir-agency-id"));

          g_array_append_val (ids, id);
        }
    }
  return ids;
}

static gint64
dialog_referral (GtkWidget *extra)
{
  GtkWidget *dropdown = find_named (extra, "referral");
  GArray *ids;
  guint selected;

  if (dropdown == NULL)
    return 0;
  ids = g_object_get_data (G_OBJECT (dropdown), "peygir-referral-ids");
  selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (dropdown));
  if (ids == NULL || selected >= ids->len)
    return 0;
  return g_array_index (ids, gint64, selected);
}

static PeygirChannel
dialog_channel (GtkWidget *extra)
{
  GtkWidget *dropdown = find_named (extra, "channel");
  GArray *channels;
  guint selected;

  if (dropdown == NULL)
    return PEYGIR_CHANNEL_NONE;
  channels = g_object_get_data (G_OBJECT (dropdown), "peygir-channels");
  selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (dropdown));
  if (channels == NULL || selected >= channels->len)
    return PEYGIR_CHANNEL_NONE;
  return g_array_index (channels, PeygirChannel, selected);
}

static char *
dialog_entry_text (GtkWidget  *extra,
                   const char *name)
{
  GtkWidget *entry = find_named (extra, name);
  g_autofree char *text = NULL;

  if (entry == NULL)
    return NULL;
  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

/* The date of the agency's letter: TRUE with 0 when left empty, FALSE
 * when what was typed is not a date. */
static gboolean
dialog_answer_date (GtkWidget *extra,
                    PeygirDay *day)
{
  g_autofree char *text = dialog_entry_text (extra, "answer-date");

  *day = 0;
  return text == NULL || peygir_day_parse (text, day, NULL);
}

static char *
dialog_linked_code (GtkWidget *extra)
{
  return dialog_entry_text (extra, "linked-case");
}

static void
dialog_check_complete (GtkWidget *extra)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (gtk_widget_get_ancestor (extra, ADW_TYPE_MESSAGE_DIALOG));
  PeygirActionFlags flags = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (extra), "peygir-flags"));
  g_autofree char *note = dialog_note (extra);
  g_autofree char *linked = dialog_linked_code (extra);
  g_autoptr(GArray) agencies = dialog_agencies (extra);
  gboolean complete = TRUE;

  if ((flags & PEYGIR_ACTION_NEEDS_NOTE) != 0 && note == NULL)
    complete = FALSE;
  if ((flags & PEYGIR_ACTION_NEEDS_AGENCIES) != 0 && agencies->len == 0)
    complete = FALSE;
  if ((flags & PEYGIR_ACTION_NEEDS_REFERRAL) != 0 && dialog_referral (extra) == 0)
    complete = FALSE;
  if ((flags & PEYGIR_ACTION_NEEDS_LINKED_CASE) != 0 && linked == NULL)
    complete = FALSE;
  {
    GtkWidget *date = find_named (extra, "answer-date");
    PeygirDay day;

    if (date != NULL)
      {
        gboolean valid = dialog_answer_date (extra, &day);

        if (valid)
          gtk_widget_remove_css_class (date, "error");
        else
          gtk_widget_add_css_class (date, "error");
        complete = complete && valid;
      }
  }
  if (dialog != NULL)
    adw_message_dialog_set_response_enabled (dialog, "apply", complete);
}

static void
dialog_field_changed_cb (GtkWidget *extra)
{
  dialog_check_complete (extra);
}

static GtkWidget *
field_caption (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  return label;
}

static char *
referral_choice_label (const PeygirReferral *referral)
{
  g_autofree char *number = peygir_format_code (referral->letter_number);

  return g_strdup_printf ("%s — %s %s", referral->agency_name, _("letter"), number);
}

static void
answer_chooser_response_cb (PeygirCasePage       *self,
                            int                   response,
                            GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      peygir_case_page_set_answer_file (self, file);
    }
  g_clear_object (&self->chooser);
}

static void
choose_answer_file_cb (PeygirCasePage *self,
                       GtkButton      *button)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("The Agency’s Letter"),
                                               GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (button))),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Scans and PDF files"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_mime_type (filter, "image/*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (answer_chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

void
peygir_case_page_set_answer_file (PeygirCasePage *self,
                                  GFile          *file)
{
  GtkWidget *button;

  g_return_if_fail (PEYGIR_IS_CASE_PAGE (self));

  g_set_object (&self->answer_file, file);
  if (self->dialog == NULL)
    return;
  button = find_named (adw_message_dialog_get_extra_child (self->dialog), "answer-file");
  if (button != NULL && file != NULL)
    {
      g_autofree char *name = g_file_get_basename (file);

      gtk_button_set_label (GTK_BUTTON (button), name);
    }
}

static GtkWidget *
dialog_extra_new (PeygirCasePage *self,
                  PeygirAction    action)
{
  const PeygirActionInfo *info = peygir_workflow_action_info (action);
  const PeygirCase *kase = self->details->kase;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  g_object_set_data (G_OBJECT (box), "peygir-flags", GUINT_TO_POINTER (info->flags));

  if ((info->flags & PEYGIR_ACTION_NEEDS_AGENCIES) != 0)
    {
      GtkWidget *scroller = gtk_scrolled_window_new ();
      GtkWidget *list = gtk_list_box_new ();

      gtk_box_append (GTK_BOX (box), field_caption (_("Agencies to refer to")));
      gtk_widget_set_name (list, "agencies");
      gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
      gtk_widget_add_css_class (list, "boxed-list");
      for (guint i = 0; i < self->details->agencies->len; i++)
        {
          const PeygirAgency *agency = g_ptr_array_index (self->details->agencies, i);
          GtkWidget *row, *check;

          if (!agency->active)
            continue;
          row = adw_action_row_new ();
          check = gtk_check_button_new ();
          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), agency->name);
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
          adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
          gtk_check_button_set_active (GTK_CHECK_BUTTON (check), agency->id == kase->agency_id);
          g_object_set_data (G_OBJECT (check), "peygir-agency-id", GSIZE_TO_POINTER (agency->id));
          g_object_set_data (G_OBJECT (row), "peygir-check", check);
          g_signal_connect_swapped (check, "toggled", G_CALLBACK (dialog_field_changed_cb), box);
          gtk_list_box_append (GTK_LIST_BOX (list), row);
        }
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);
      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
      gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
      gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 240);
      gtk_box_append (GTK_BOX (box), scroller);
    }

  if ((info->flags & PEYGIR_ACTION_NEEDS_REFERRAL) != 0)
    {
      g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
      GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      GtkWidget *dropdown;

      for (guint i = 0; kase->referrals != NULL && i < kase->referrals->len; i++)
        {
          const PeygirReferral *referral = g_ptr_array_index (kase->referrals, i);
          g_autofree char *label = NULL;

          if (referral->state != PEYGIR_REFERRAL_DISPATCHED || referral->round != kase->round)
            continue;
          if (action == PEYGIR_ACTION_APPROVE_REMINDER && referral->reminder != PEYGIR_REMINDER_DRAFT)
            continue;
          /* Follow up first where the answer is late. */
          if (action == PEYGIR_ACTION_FOLLOW_UP && !referral->overdue && ids->len > 0)
            continue;
          label = referral_choice_label (referral);
          gtk_string_list_append (labels, label);
          g_array_append_val (ids, referral->id);
        }
      dropdown = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&labels)), NULL);
      gtk_widget_set_name (dropdown, "referral");
      g_object_set_data_full (G_OBJECT (dropdown), "peygir-referral-ids", ids, (GDestroyNotify) g_array_unref);
      g_signal_connect_swapped (dropdown, "notify::selected", G_CALLBACK (dialog_field_changed_cb), box);
      gtk_box_append (GTK_BOX (box), field_caption (_("Referral")));
      gtk_box_append (GTK_BOX (box), dropdown);
    }

  if ((info->flags & PEYGIR_ACTION_NEEDS_CHANNEL) != 0)
    {
      /* An agency is reminded by letter (which makes a reminder letter),
       * by phone, in person or by e-mail; an applicant reached any way. */
      static const PeygirChannel agency_channels[] = {
        PEYGIR_CHANNEL_MAIL, PEYGIR_CHANNEL_PHONE, PEYGIR_CHANNEL_IN_PERSON, PEYGIR_CHANNEL_EMAIL,
      };
      g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
      GArray *channels = g_array_new (FALSE, FALSE, sizeof (PeygirChannel));
      GtkWidget *caption;
      GtkWidget *dropdown;
      guint phone = 0;

      if (action == PEYGIR_ACTION_FOLLOW_UP)
        g_array_append_vals (channels, agency_channels, G_N_ELEMENTS (agency_channels));
      else
        for (PeygirChannel c = PEYGIR_CHANNEL_NONE + 1; c < PEYGIR_N_CHANNELS; c++)
          g_array_append_val (channels, c);
      for (guint i = 0; i < channels->len; i++)
        {
          PeygirChannel c = g_array_index (channels, PeygirChannel, i);

          if (c == PEYGIR_CHANNEL_PHONE)
            phone = i;
          gtk_string_list_append (labels, action == PEYGIR_ACTION_FOLLOW_UP && c == PEYGIR_CHANNEL_MAIL
                                          ? _("By a reminder letter")
                                          : peygir_channel_label (c));
        }
      dropdown = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&labels)), NULL);
      gtk_widget_set_name (dropdown, "channel");
      g_object_set_data_full (G_OBJECT (dropdown), "peygir-channels", channels, (GDestroyNotify) g_array_unref);
      gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), phone);
      caption = field_caption (action == PEYGIR_ACTION_FOLLOW_UP ? _("How the agency was reminded")
                                                                 : _("How the applicant was reached"));
      gtk_accessible_update_relation (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                      caption, NULL, -1);
      gtk_box_append (GTK_BOX (box), caption);
      gtk_box_append (GTK_BOX (box), dropdown);
    }

  /* The agency's own letter: its number and date, and its scan. */
  if (action == PEYGIR_ACTION_ANSWER)
    {
      GtkWidget *number = gtk_entry_new ();
      GtkWidget *date = gtk_entry_new ();
      GtkWidget *file = gtk_button_new_with_label (_("Choose the scan of their letter…"));
      GtkWidget *caption = field_caption (_("The agency’s letter (optional)"));

      gtk_widget_set_name (number, "answer-number");
      gtk_entry_set_placeholder_text (GTK_ENTRY (number), _("Its number"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (number), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("The number of the agency’s letter"), -1);
      gtk_widget_set_name (date, "answer-date");
      gtk_entry_set_placeholder_text (GTK_ENTRY (date), _("Its date, such as ۱۴۰۵/۰۹/۱۰"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (date), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("The date of the agency’s letter"), -1);
      g_signal_connect_swapped (date, "changed", G_CALLBACK (dialog_field_changed_cb), box);
      gtk_widget_set_name (file, "answer-file");
      /* the dialog is a window of its own: the page's actions do not reach it */
      g_signal_connect_object (file, "clicked", G_CALLBACK (choose_answer_file_cb), self, G_CONNECT_SWAPPED);
      gtk_box_append (GTK_BOX (box), caption);
      gtk_box_append (GTK_BOX (box), number);
      gtk_box_append (GTK_BOX (box), date);
      gtk_box_append (GTK_BOX (box), file);
    }

  if ((info->flags & PEYGIR_ACTION_NEEDS_LINKED_CASE) != 0)
    {
      GtkWidget *entry = gtk_entry_new ();

      gtk_widget_set_name (entry, "linked-case");
      gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Tracking code or registration number"));
      g_signal_connect_swapped (entry, "changed", G_CALLBACK (dialog_field_changed_cb), box);
      gtk_box_append (GTK_BOX (box), field_caption (_("The earlier case")));
      gtk_box_append (GTK_BOX (box), entry);
    }

  if ((info->flags & PEYGIR_ACTION_NEEDS_NOTE) != 0
      || action == PEYGIR_ACTION_FOLLOW_UP || action == PEYGIR_ACTION_CONTACT)
    {
      GtkWidget *scroller = gtk_scrolled_window_new ();
      GtkWidget *view = gtk_text_view_new ();
      const char *caption;

      switch ((int) action)
        {
        case PEYGIR_ACTION_REFER:
          caption = _("The referral letter’s text");
          break;
        case PEYGIR_ACTION_ANSWER:
          caption = _("The agency’s answer");
          break;
        case PEYGIR_ACTION_FOLLOW_UP:
          caption = _("Note; by letter, the reminder letter’s text (optional)");
          break;
        case PEYGIR_ACTION_REJECT:
        case PEYGIR_ACTION_REOPEN:
          caption = _("Reason");
          break;
        case PEYGIR_ACTION_RETURN:
          caption = _("What the expert should change");
          break;
        default:
          caption = (info->flags & PEYGIR_ACTION_NEEDS_NOTE) != 0 ? _("Note") : _("Note (optional)");
        }
      gtk_widget_set_name (view, "note");
      gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
      gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 6);
      gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 6);
      gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 6);
      gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 6);
      if (action == PEYGIR_ACTION_REFER)
        {
          g_autofree char *draft = peygir_letter_template_referral_text (kase);

          gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), draft, -1);
        }
      g_signal_connect_swapped (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), "changed",
                                G_CALLBACK (dialog_field_changed_cb), box);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
      gtk_widget_set_size_request (scroller, 420, 120);
      gtk_widget_add_css_class (scroller, "card");
      gtk_box_append (GTK_BOX (box), field_caption (caption));
      gtk_box_append (GTK_BOX (box), scroller);
    }

  return box;
}

static void
action_dialog_response_cb (PeygirCasePage   *self,
                           const char       *response,
                           AdwMessageDialog *dialog)
{
  GtkWidget *extra = adw_message_dialog_get_extra_child (dialog);
  PeygirAction action = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "peygir-action"));
  ActionData *data;

  dialog_closed (self);
  if (g_strcmp0 (response, "apply") != 0 || self->details == NULL)
    return;

  data = g_new0 (ActionData, 1);
  data->request = (PeygirActionRequest) PEYGIR_ACTION_REQUEST_INIT;
  data->request.action = action;
  data->note = dialog_note (extra);
  data->agency_ids = dialog_agencies (extra);
  data->request.referral_id = dialog_referral (extra);
  data->request.channel = dialog_channel (extra);
  data->linked_code = dialog_linked_code (extra);
  data->answer_number = dialog_entry_text (extra, "answer-number");
  dialog_answer_date (extra, &data->request.answer_date);
  data->answer_file = self->answer_file != NULL ? g_object_ref (self->answer_file) : NULL;
  g_clear_object (&self->answer_file);
  peygir_case_page_apply (self, data);
}

static void
peygir_case_page_ask (PeygirCasePage *self,
                      PeygirAction    action)
{
  GtkWindow *window = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
  GtkWidget *dialog;
  GtkWidget *extra;

  dialog = adw_message_dialog_new (window, peygir_action_label (action), NULL);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "apply", peygir_action_label (action),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "apply",
                                              action == PEYGIR_ACTION_REJECT || action == PEYGIR_ACTION_RETURN
                                              ? ADW_RESPONSE_DESTRUCTIVE : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "apply");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_clear_object (&self->answer_file);
  extra = dialog_extra_new (self, action);
  if (self->unsaved_note != NULL && self->unsaved_action == action && self->unsaved_case_id == self->case_id)
    {
      GtkWidget *note = find_named (extra, "note");

      if (note != NULL)
        gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (note)), self->unsaved_note, -1);
    }
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), extra);
  g_object_set_data (G_OBJECT (dialog), "peygir-action", GUINT_TO_POINTER (action));
  g_signal_connect_object (dialog, "response", G_CALLBACK (action_dialog_response_cb), self, G_CONNECT_SWAPPED);
  dialog_check_complete (extra);

  self->dialog = ADW_MESSAGE_DIALOG (dialog);
  peygir_case_page_update_actions (self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
case_workflow_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PeygirCasePage *self = PEYGIR_CASE_PAGE (widget);
  PeygirAction action;
  const PeygirActionInfo *info;
  const PeygirActionFlags asks = PEYGIR_ACTION_NEEDS_NOTE | PEYGIR_ACTION_NEEDS_AGENCIES
                                 | PEYGIR_ACTION_NEEDS_REFERRAL | PEYGIR_ACTION_NEEDS_CHANNEL
                                 | PEYGIR_ACTION_NEEDS_LINKED_CASE;

  if (self->details == NULL || !action_from_name (action_name, &action))
    return;
  info = peygir_workflow_action_info (action);
  if ((info->flags & asks) != 0 || action == PEYGIR_ACTION_FOLLOW_UP)
    peygir_case_page_ask (self, action);
  else if (action == PEYGIR_ACTION_DISPATCH)
    send_case_letters (self, PEYGIR_LETTER_REFERRAL);
  else
    {
      ActionData *data = g_new0 (ActionData, 1);

      data->request = (PeygirActionRequest) PEYGIR_ACTION_REQUEST_INIT;
      data->request.action = action;
      peygir_case_page_apply (self, data);
    }
}

/* Documents */

typedef struct
{
  gint64  document_id;
  char   *name;
} OpenDocumentData;

static void
open_document_data_free (OpenDocumentData *data)
{
  g_free (data->name);
  g_free (data);
}

static gpointer
open_document_thread (PeygirStore   *store,
                      gpointer       task_data,
                      GCancellable  *cancellable,
                      GError       **error)
{
  OpenDocumentData *data = task_data;

  return peygir_session_export_document (store, data->document_id, data->name, error);
}

static void
open_document_done_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(PeygirCasePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;

  uri = peygir_session_run_finish (PEYGIR_SESSION (object), result, &error);
  if (uri == NULL || !g_app_info_launch_default_for_uri (uri, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        peygir_case_page_toast (self, error->message);
    }
}

static void
case_open_document_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  PeygirCasePage *self = PEYGIR_CASE_PAGE (widget);
  gint64 id = g_variant_get_int64 (parameter);
  OpenDocumentData *data;

  if (self->details == NULL)
    return;
  data = g_new0 (OpenDocumentData, 1);
  data->document_id = id;
  for (guint i = 0; i < self->details->documents->len; i++)
    {
      const PeygirDocument *document = g_ptr_array_index (self->details->documents, i);

      if (document->id == id)
        data->name = g_strdup (document->name);
    }
  if (data->name == NULL)
    data->name = g_strdup ("document");
  peygir_session_run (self->session, open_document_thread, data, (GDestroyNotify) open_document_data_free,
                      g_free, self->cancellable, open_document_done_cb, g_object_ref (self));
}

/* Letters. Showing one never numbers it: the secretariat sends the case's
 * approved letters (case.dispatch) and the written answer
 * (case.send-answer) through the print flow, which prints them first and
 * numbers only what came out of the printer. */

static void
show_letter (PeygirCasePage   *self,
             PeygirLetterKind  kind,
             gint64            referral_id)
{
  peygir_letter_preview_present (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), self->session,
                                 self->details->kase->id, kind, referral_id);
}

static void
sender_finished_cb (PeygirLetterSender *sender,
                    guint               n_sent,
                    GError             *error,
                    PeygirCasePage     *self)
{
  peygir_case_page_set_busy (self, FALSE);
  peygir_case_page_toast (self, peygir_letter_sender_get_message (sender));
  if (n_sent > 0)
    peygir_session_changed (self->session);
  if (self->case_id != 0)
    peygir_case_page_load (self, self->case_id);
}

/* Prints and sends the case's letters waiting to go: the approved referral
 * letters and reminders (@kind REFERRAL), or the answer to the applicant
 * (@kind ANSWER). */
static void
send_case_letters (PeygirCasePage   *self,
                   PeygirLetterKind  kind)
{
  const PeygirCase *kase = self->details->kase;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(PeygirLetterSender) sender = NULL;

  if (self->sender != NULL && peygir_letter_sender_get_stage (self->sender) != PEYGIR_LETTER_SENDER_FINISHED)
    return;
  sender = peygir_letter_sender_new (self->session, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
  if (kind == PEYGIR_LETTER_ANSWER)
    {
      g_autofree char *label = g_strdup_printf (_("The answer to %s"), kase->applicant.name);

      peygir_letter_sender_add (sender, kase->id, PEYGIR_LETTER_ANSWER, 0, label);
    }
  for (guint i = 0; kind == PEYGIR_LETTER_REFERRAL && kase->referrals != NULL && i < kase->referrals->len; i++)
    {
      const PeygirReferral *referral = g_ptr_array_index (kase->referrals, i);
      g_autofree char *label = NULL;

      if (referral->round != kase->round)
        continue;
      if (referral->state == PEYGIR_REFERRAL_APPROVED)
        {
          label = g_strdup_printf (_("Referral to %s"), referral->agency_name);
          peygir_letter_sender_add (sender, kase->id, PEYGIR_LETTER_REFERRAL, referral->id, label);
        }
      else if (referral->state == PEYGIR_REFERRAL_DISPATCHED && referral->reminder == PEYGIR_REMINDER_APPROVED)
        {
          label = g_strdup_printf (_("Reminder to %s"), referral->agency_name);
          peygir_letter_sender_add (sender, kase->id, PEYGIR_LETTER_REMINDER, referral->id, label);
        }
    }
  if (peygir_letter_sender_get_n_letters (sender) == 0)
    {
      peygir_case_page_toast (self, _("This case has no approved letter waiting to be dispatched."));
      return;
    }
  if (self->print_export != NULL)
    peygir_letter_sender_set_export_filename (sender, self->print_export);
  g_signal_connect_object (sender, "finished", G_CALLBACK (sender_finished_cb), self, 0);
  g_set_object (&self->sender, sender);
  peygir_case_page_set_busy (self, TRUE);
  peygir_letter_sender_run (sender);
}

static void
case_send_answer_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  PeygirCasePage *self = PEYGIR_CASE_PAGE (widget);

  if (!can_send_answer (self))
    return;
  send_case_letters (self, PEYGIR_LETTER_ANSWER);
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

static void
case_show_letter_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  PeygirCasePage *self = PEYGIR_CASE_PAGE (widget);
  const char *kind_id;
  PeygirLetterKind kind;
  gint64 referral_id;

  if (self->details == NULL)
    return;
  g_variant_get (parameter, "(&sx)", &kind_id, &referral_id);
  if (!peygir_letter_kind_from_string (kind_id, &kind))
    {
      g_critical ("Unknown letter kind “%s”", kind_id);
      return;
    }
  show_letter (self, kind, referral_id);
}

typedef struct
{
  gint64  case_id;
  char   *login;
  GFile  *file;
} AddDocumentData;

static void
add_document_data_free (AddDocumentData *data)
{
  g_free (data->login);
  g_clear_object (&data->file);
  g_free (data);
}

static gpointer
add_document_thread (PeygirStore   *store,
                     gpointer       task_data,
                     GCancellable  *cancellable,
                     GError       **error)
{
  AddDocumentData *data = task_data;

  return peygir_session_attach_file (store, data->login, data->case_id, data->file, cancellable, error);
}

static void
add_document_done_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(PeygirCasePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirDocument) document = NULL;

  document = peygir_session_run_finish (PEYGIR_SESSION (object), result, &error);
  peygir_case_page_set_busy (self, FALSE);
  if (document == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        peygir_case_page_toast (self, error->message);
      return;
    }
  peygir_case_page_toast (self, _("Document attached"));
  peygir_case_page_load (self, self->case_id);
  peygir_session_changed (self->session);
}

void
peygir_case_page_add_file (PeygirCasePage *self,
                           GFile          *file)
{
  AddDocumentData *data;

  g_return_if_fail (PEYGIR_IS_CASE_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (self->details != NULL);

  data = g_new0 (AddDocumentData, 1);

  data->case_id = self->case_id;
  data->login = g_strdup (peygir_session_get_login (self->session));
  data->file = g_object_ref (file);
  peygir_case_page_set_busy (self, TRUE);
  peygir_session_run (self->session, add_document_thread, data, (GDestroyNotify) add_document_data_free,
                      (GDestroyNotify) peygir_document_free, self->cancellable,
                      add_document_done_cb, g_object_ref (self));
}

static void
chooser_response_cb (PeygirCasePage       *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);

          peygir_case_page_add_file (self, file);
        }
    }
  g_clear_object (&self->chooser);
}

static void
case_add_document_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  PeygirCasePage *self = PEYGIR_CASE_PAGE (widget);
  GtkWindow *window = GTK_WINDOW (gtk_widget_get_root (widget));

  if (self->details == NULL || self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Attach Documents"), window,
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Attach"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* GObject */

static void
peygir_case_page_dispose (GObject *object)
{
  PeygirCasePage *self = (PeygirCasePage *)object;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  self->dialog = NULL;
  g_clear_object (&self->chooser);
  g_clear_object (&self->answer_file);
  g_clear_object (&self->sender);
  gtk_widget_dispose_template (GTK_WIDGET (self), PEYGIR_TYPE_CASE_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

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
  gtk_widget_class_bind_template_child (widget_class, PeygirCasePage, description_label);
  gtk_widget_class_bind_template_child (widget_class, PeygirCasePage, case_list);
  gtk_widget_class_bind_template_child (widget_class, PeygirCasePage, applicant_list);
  gtk_widget_class_bind_template_child (widget_class, PeygirCasePage, documents_list);
  gtk_widget_class_bind_template_child (widget_class, PeygirCasePage, referrals_list);
  gtk_widget_class_bind_template_child (widget_class, PeygirCasePage, contacts_list);
  gtk_widget_class_bind_template_child (widget_class, PeygirCasePage, events_list);
  gtk_widget_class_bind_template_child (widget_class, PeygirCasePage, action_bar);
  gtk_widget_class_bind_template_child (widget_class, PeygirCasePage, actions_box);

  for (PeygirAction a = 0; a < PEYGIR_N_ACTIONS; a++)
    {
      g_autofree char *name = peygir_case_page_action_name (a);

      gtk_widget_class_install_action (widget_class, name, NULL, case_workflow_action);
    }
  gtk_widget_class_install_action (widget_class, "case.open-document", "x", case_open_document_action);
  gtk_widget_class_install_action (widget_class, "case.show-letter", "(sx)", case_show_letter_action);
  gtk_widget_class_install_action (widget_class, "case.send-answer", NULL, case_send_answer_action);
  gtk_widget_class_install_action (widget_class, "case.add-document", NULL, case_add_document_action);
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
  peygir_case_page_update_actions (self);
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
