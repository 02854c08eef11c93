/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-case-page-actions"

#include <glib/gi18n-lib.h>

#include "peygir-case-page-private.h"
#include "peygir-document-file.h"
#include "peygir-error.h"
#include "peygir-format.h"
#include "peygir-letter-preview.h"
#include "peygir-letter-sender.h"
#include "peygir-letter-template.h"
#include "peygir-text.h"
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
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _peygir_case_page_toast (self, error->message);
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
  _peygir_case_page_update_actions (self);
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
        _peygir_case_page_toast (self, error->message);
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
show_letter (PeygirCasePage *self,
             const char     *kind,
             gint64          referral_id)
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
  const char *kind;
  gint64 referral_id;

  if (self->details == NULL)
    return;
  g_variant_get (parameter, "(&sx)", &kind, &referral_id);
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
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _peygir_case_page_toast (self, error->message);
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
