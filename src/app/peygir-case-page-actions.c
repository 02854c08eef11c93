/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-case-page-actions"

#include <glib/gi18n-lib.h>

#include "peygir-action-dialog.h"
#include "peygir-assign-dialog.h"
#include "peygir-attach-chooser.h"
#include "peygir-case-page-private.h"
#include "peygir-document-file.h"
#include "peygir-error.h"
#include "peygir-format.h"
#include "peygir-letter-preview.h"
#include "peygir-letter-sender.h"
#include "peygir-text.h"
#include "peygir-utils-private.h"
#include "peygir-workflow.h"

#define LATEST_EVENTS_IN_CONFLICT 3

static void send_case_letters (PeygirCasePage   *self,
                               PeygirLetterKind  kind);

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
  _peygir_case_page_update_actions (self);
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
  GtkWindow *window = _peygir_widget_get_window (GTK_WIDGET (self));
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

          g_string_append_printf (body, "\n• %s — %s, %s", _peygir_case_page_event_title (event),
                                  event->actor_name != NULL ? event->actor_name : "", when);
        }
    }

  dialog = adw_message_dialog_new (window, _("Someone Else Changed This Case"), body->str);
  g_string_free (body, TRUE);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Show the Case as It Is Now"));
  g_signal_connect_object (dialog, "response", G_CALLBACK (conflict_response_cb), self, G_CONNECT_SWAPPED);
  self->dialog = ADW_MESSAGE_DIALOG (dialog);
  _peygir_case_page_update_actions (self);
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
  _peygir_case_page_set_busy (self, FALSE);
  if (done == NULL)
    {
      if (data->note != NULL)
        {
          self->unsaved_action = data->request.action;
          self->unsaved_case_id = data->request.case_id;
          g_free (self->unsaved_note);
          self->unsaved_note = g_strdup (data->note);
        }
      _peygir_case_page_toast_error (self, error);
      return;
    }
  if (self->unsaved_action == data->request.action && self->unsaved_case_id == data->request.case_id)
    g_clear_pointer (&self->unsaved_note, g_free);

  if (done->conflict)
    peygir_case_page_show_conflict (self, done);
  else
    {
      g_autofree char *text = g_strdup_printf (_("Done: %s"), peygir_action_label (data->request.action));

      _peygir_case_page_toast (self, text);
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
  _peygir_case_page_set_busy (self, TRUE);
  peygir_session_run (self->session, action_thread, data, (GDestroyNotify) action_data_free,
                      (GDestroyNotify) action_result_free, self->cancellable,
                      action_done_cb, g_object_ref (self));
}

/* The dialog asking for what an action needs. */

static void
action_dialog_response_cb (PeygirCasePage     *self,
                           const char         *response,
                           PeygirActionDialog *dialog)
{
  ActionData *data;
  GFile *answer_file;

  dialog_closed (self);
  if (g_strcmp0 (response, "apply") != 0 || self->details == NULL)
    return;

  data = g_new0 (ActionData, 1);
  data->request = (PeygirActionRequest) PEYGIR_ACTION_REQUEST_INIT;
  data->request.action = peygir_action_dialog_get_action (dialog);
  data->note = peygir_action_dialog_dup_note (dialog);
  data->agency_ids = peygir_action_dialog_get_agency_ids (dialog);
  data->request.referral_id = peygir_action_dialog_get_referral_id (dialog);
  data->request.channel = peygir_action_dialog_get_channel (dialog);
  data->linked_code = peygir_action_dialog_dup_linked_code (dialog);
  data->answer_number = peygir_action_dialog_dup_answer_number (dialog);
  peygir_action_dialog_get_answer_date (dialog, &data->request.answer_date);
  answer_file = peygir_action_dialog_get_answer_file (dialog);
  data->answer_file = answer_file != NULL ? g_object_ref (answer_file) : NULL;
  peygir_case_page_apply (self, data);
}

void
peygir_case_page_set_answer_file (PeygirCasePage *self,
                                  GFile          *file)
{
  g_return_if_fail (PEYGIR_IS_CASE_PAGE (self));

  if (PEYGIR_IS_ACTION_DIALOG (self->dialog))
    peygir_action_dialog_set_answer_file (PEYGIR_ACTION_DIALOG (self->dialog), file);
}

/* The way the applicant last reached the office or was reached: the
 * latest contact's, else the way the case came in. The applicant is told
 * the result the same way by default. */
static PeygirChannel
applicant_last_channel (const CaseDetails *details)
{
  GPtrArray *contacts = details->contacts;

  if (contacts != NULL && contacts->len > 0)
    return ((const PeygirContact *) g_ptr_array_index (contacts, contacts->len - 1))->channel;
  return details->kase->channel;
}

static void
peygir_case_page_ask (PeygirCasePage *self,
                      PeygirAction    action)
{
  GtkWindow *window = _peygir_widget_get_window (GTK_WIDGET (self));
  GtkWidget *dialog;

  dialog = peygir_action_dialog_new (window, action, self->details->kase, self->details->agencies);
  if (action == PEYGIR_ACTION_NOTIFY)
    peygir_action_dialog_set_channel (PEYGIR_ACTION_DIALOG (dialog), applicant_last_channel (self->details));
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "apply",
                                              peygir_workflow_action_is_destructive (action)
                                              ? ADW_RESPONSE_DESTRUCTIVE : ADW_RESPONSE_SUGGESTED);
  if (self->unsaved_note != NULL && self->unsaved_action == action && self->unsaved_case_id == self->case_id)
    peygir_action_dialog_set_note (PEYGIR_ACTION_DIALOG (dialog), self->unsaved_note);
  g_signal_connect_object (dialog, "response", G_CALLBACK (action_dialog_response_cb), self, G_CONNECT_SWAPPED);

  self->dialog = ADW_MESSAGE_DIALOG (dialog);
  _peygir_case_page_update_actions (self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Assigning: a manager chooses the expert who will hold the case; an
 * expert takes an unassigned case for themselves, in one click. */

static void
assign_dialog_response_cb (PeygirCasePage     *self,
                           const char         *response,
                           PeygirAssignDialog *dialog)
{
  gint64 assignee = peygir_assign_dialog_get_assignee (dialog);
  ActionData *data;

  dialog_closed (self);
  if (g_strcmp0 (response, "assign") != 0 || self->details == NULL || assignee == 0)
    return;
  data = g_new0 (ActionData, 1);
  data->request = (PeygirActionRequest) PEYGIR_ACTION_REQUEST_INIT;
  data->request.action = PEYGIR_ACTION_ASSIGN;
  data->request.assignee_id = assignee;
  peygir_case_page_apply (self, data);
}

static void
experts_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PeygirCasePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) experts = peygir_session_run_finish (PEYGIR_SESSION (object), result, &error);
  GtkWidget *dialog;

  _peygir_case_page_set_busy (self, FALSE);
  if (experts == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _peygir_case_page_toast_error (self, error);
      return;
    }
  if (self->details == NULL || self->dialog != NULL)
    return;

  dialog = peygir_assign_dialog_new (_peygir_widget_get_window (GTK_WIDGET (self)), self->details->kase, experts);
  g_signal_connect_object (dialog, "response", G_CALLBACK (assign_dialog_response_cb), self, G_CONNECT_SWAPPED);
  self->dialog = ADW_MESSAGE_DIALOG (dialog);
  _peygir_case_page_update_actions (self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
peygir_case_page_assign (PeygirCasePage *self)
{
  if (!peygir_session_has_role (self->session, PEYGIR_ROLE_MANAGER))
    {
      ActionData *data = g_new0 (ActionData, 1);

      data->request = (PeygirActionRequest) PEYGIR_ACTION_REQUEST_INIT;
      data->request.action = PEYGIR_ACTION_ASSIGN;
      data->request.assignee_id = peygir_session_get_user (self->session)->id;
      peygir_case_page_apply (self, data);
      return;
    }
  _peygir_case_page_set_busy (self, TRUE);
  peygir_session_run (self->session, peygir_session_list_experts_thread, NULL, NULL,
                      (GDestroyNotify) g_ptr_array_unref, self->cancellable,
                      experts_read_cb, g_object_ref (self));
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
  if (action == PEYGIR_ACTION_ASSIGN)
    peygir_case_page_assign (self);
  else if ((info->flags & asks) != 0 || action == PEYGIR_ACTION_FOLLOW_UP)
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

  if (!peygir_session_run_finish_open (PEYGIR_SESSION (object), result, &error))
    _peygir_case_page_toast_error (self, error);
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
  peygir_letter_preview_present (_peygir_widget_get_window (GTK_WIDGET (self)), self->session,
                                 self->details->kase->id, kind, referral_id);
}

static void
sender_finished_cb (PeygirLetterSender *sender,
                    guint               n_sent,
                    GError             *error,
                    PeygirCasePage     *self)
{
  _peygir_case_page_set_busy (self, FALSE);
  _peygir_case_page_toast (self, peygir_letter_sender_get_message (sender));
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
  g_autoptr(PeygirLetterSender) sender = NULL;

  if (self->sender != NULL && peygir_letter_sender_get_stage (self->sender) != PEYGIR_LETTER_SENDER_FINISHED)
    return;
  sender = peygir_letter_sender_new (self->session, _peygir_widget_get_window (GTK_WIDGET (self)));
  if (kind == PEYGIR_LETTER_ANSWER)
    {
      g_autofree char *label = g_strdup_printf (_("The answer to %s"), kase->applicant.name);

      peygir_letter_sender_add (sender, kase->id, PEYGIR_LETTER_ANSWER, 0, label);
    }
  for (guint i = 0; kind == PEYGIR_LETTER_REFERRAL && kase->referrals != NULL && i < kase->referrals->len; i++)
    {
      const PeygirReferral *referral = g_ptr_array_index (kase->referrals, i);
      g_autofree char *label = NULL;
      PeygirLetterKind waiting;

      if (!peygir_workflow_letter_waiting (referral, kase->round, &waiting))
        continue;
      label = waiting == PEYGIR_LETTER_REFERRAL
              ? g_strdup_printf (_("Referral to %s"), referral->agency_name)
              : g_strdup_printf (_("Reminder to %s"), referral->agency_name);
      peygir_letter_sender_add (sender, kase->id, waiting, referral->id, label);
    }
  if (peygir_letter_sender_get_n_letters (sender) == 0)
    {
      _peygir_case_page_toast (self, _("This case has no approved letter waiting to be dispatched."));
      return;
    }
  if (self->print_export != NULL)
    peygir_letter_sender_set_export_filename (sender, self->print_export);
  g_signal_connect_object (sender, "finished", G_CALLBACK (sender_finished_cb), self, 0);
  g_set_object (&self->sender, sender);
  _peygir_case_page_set_busy (self, TRUE);
  peygir_letter_sender_run (sender);
}

static void
case_send_answer_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  PeygirCasePage *self = PEYGIR_CASE_PAGE (widget);

  if (!_peygir_case_page_can_send_answer (self))
    return;
  send_case_letters (self, PEYGIR_LETTER_ANSWER);
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
  _peygir_case_page_set_busy (self, FALSE);
  if (document == NULL)
    {
      _peygir_case_page_toast_error (self, error);
      return;
    }
  _peygir_case_page_toast (self, _("Document attached"));
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
  _peygir_case_page_set_busy (self, TRUE);
  peygir_session_run (self->session, add_document_thread, data, (GDestroyNotify) add_document_data_free,
                      (GDestroyNotify) peygir_document_free, self->cancellable,
                      add_document_done_cb, g_object_ref (self));
}

static void
attach_file_cb (GtkWidget *widget,
                GFile     *file)
{
  peygir_case_page_add_file (PEYGIR_CASE_PAGE (widget), file);
}

static void
case_add_document_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  PeygirCasePage *self = PEYGIR_CASE_PAGE (widget);

  if (self->details == NULL)
    return;
  peygir_attach_chooser_open (widget, &self->chooser, attach_file_cb);
}

void
_peygir_case_page_class_actions_init (PeygirCasePageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

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
