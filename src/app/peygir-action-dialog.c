/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-action-dialog"

#include <glib/gi18n-lib.h>

#include "peygir-action-dialog.h"
#include "peygir-date.h"
#include "peygir-file-chooser.h"
#include "peygir-format.h"
#include "peygir-letter-template.h"
#include "peygir-utils-private.h"

struct _PeygirActionDialog
{
  AdwMessageDialog      parent_instance;

  PeygirAction          action;
  PeygirActionFlags     flags;
  GArray               *agency_ids;     /* gint64, beside agency_checks */
  GPtrArray            *agency_checks;  /* GtkCheckButton, one per agency row */
  GArray               *referral_ids;   /* gint64, in the dropdown's order */
  GArray               *channels;       /* PeygirChannel, in the dropdown's order */
  GFile                *answer_file;
  GtkFileChooserNative *chooser;

  /* What the fields held when the dialog opened: closing it with anything
   * else in them asks first. */
  char                 *input_at_start;
  guint                 ask_source;
  gboolean              close_refused;
  gboolean              discard_confirmed;

  /* Template widgets */
  GtkWidget            *agencies_section;
  GtkSearchEntry       *agency_search;
  GtkListBox           *agencies_list;
  GtkWidget            *referral_section;
  GtkDropDown          *referral_dropdown;
  GtkWidget            *channel_section;
  GtkLabel             *channel_caption;
  GtkDropDown          *channel_dropdown;
  GtkWidget            *answer_section;
  GtkEntry             *answer_number_entry;
  GtkEntry             *answer_date_entry;
  GtkButton            *answer_file_button;
  GtkWidget            *linked_section;
  GtkEntry             *linked_entry;
  GtkWidget            *note_section;
  GtkLabel             *note_caption;
  GtkTextBuffer        *note_buffer;
};

G_DEFINE_FINAL_TYPE (PeygirActionDialog, peygir_action_dialog, ADW_TYPE_MESSAGE_DIALOG)

static char *
entry_text (GtkWidget *section,
            GtkEntry  *entry)
{
  g_autofree char *text = NULL;

  if (!gtk_widget_get_visible (section))
    return NULL;
  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

static void
peygir_action_dialog_check_complete (PeygirActionDialog *self)
{
  g_autofree char *note = peygir_action_dialog_dup_note (self);
  g_autofree char *linked = peygir_action_dialog_dup_linked_code (self);
  g_autoptr(GArray) agencies = peygir_action_dialog_get_agency_ids (self);
  gboolean complete = TRUE;

  if ((self->flags & PEYGIR_ACTION_NEEDS_NOTE) != 0 && note == NULL)
    complete = FALSE;
  if ((self->flags & PEYGIR_ACTION_NEEDS_AGENCIES) != 0 && agencies->len == 0)
    complete = FALSE;
  if ((self->flags & PEYGIR_ACTION_NEEDS_REFERRAL) != 0 && peygir_action_dialog_get_referral_id (self) == 0)
    complete = FALSE;
  if ((self->flags & PEYGIR_ACTION_NEEDS_LINKED_CASE) != 0 && linked == NULL)
    complete = FALSE;
  if (gtk_widget_get_visible (self->answer_section))
    {
      PeygirDay day;
      gboolean valid = peygir_action_dialog_get_answer_date (self, &day);

      if (valid)
        gtk_widget_remove_css_class (GTK_WIDGET (self->answer_date_entry), "error");
      else
        gtk_widget_add_css_class (GTK_WIDGET (self->answer_date_entry), "error");
      complete = complete && valid;
    }
  /* the fields change while the dialog is being filled in, before its responses */
  if (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (self), "apply"))
    adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "apply", complete);
}

static char *
referral_choice_label (const PeygirReferral *referral)
{
  g_autofree char *number = peygir_format_code (referral->letter_number);

  return g_strdup_printf ("%s — %s %s", referral->agency_name, _("letter"), number);
}

/* The agencies whose names hold what is typed in the search entry; the
 * ticked ones stay in sight, not to be forgotten in the referral. */
static gboolean
agency_row_visible (GtkListBoxRow *row,
                    gpointer       user_data)
{
  PeygirActionDialog *self = user_data;
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->agency_search));
  GtkWidget *check = g_object_get_data (G_OBJECT (row), "peygir-check");

  if (check != NULL && gtk_check_button_get_active (GTK_CHECK_BUTTON (check)))
    return TRUE;
  return _peygir_search_matches (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), query);
}

static void
agency_search_changed_cb (PeygirActionDialog *self)
{
  gtk_list_box_invalidate_filter (self->agencies_list);
}

static void
peygir_action_dialog_add_agencies (PeygirActionDialog *self,
                                   const PeygirCase   *kase,
                                   GPtrArray          *agencies)
{
  for (guint i = 0; agencies != NULL && i < agencies->len; i++)
    {
      const PeygirAgency *agency = g_ptr_array_index (agencies, i);
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
      g_signal_connect_object (check, "toggled", G_CALLBACK (peygir_action_dialog_check_complete),
                               self, G_CONNECT_SWAPPED);
      g_object_set_data (G_OBJECT (row), "peygir-check", check);
      g_array_append_val (self->agency_ids, agency->id);
      g_ptr_array_add (self->agency_checks, check);
      gtk_list_box_append (self->agencies_list, row);
    }
  gtk_list_box_set_filter_func (self->agencies_list, agency_row_visible, self, NULL);
  gtk_widget_set_visible (self->agencies_section, TRUE);
}

static void
peygir_action_dialog_add_referrals (PeygirActionDialog *self,
                                    const PeygirCase   *kase)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  for (guint i = 0; kase->referrals != NULL && i < kase->referrals->len; i++)
    {
      const PeygirReferral *referral = g_ptr_array_index (kase->referrals, i);
      g_autofree char *label = NULL;

      if (referral->state != PEYGIR_REFERRAL_DISPATCHED || referral->round != kase->round)
        continue;
      if (self->action == PEYGIR_ACTION_APPROVE_REMINDER && referral->reminder != PEYGIR_REMINDER_DRAFT)
        continue;
      /* Follow up first where the answer is late. */
      if (self->action == PEYGIR_ACTION_FOLLOW_UP && !referral->overdue && self->referral_ids->len > 0)
        continue;
      label = referral_choice_label (referral);
      gtk_string_list_append (labels, label);
      g_array_append_val (self->referral_ids, referral->id);
    }
  gtk_drop_down_set_model (self->referral_dropdown, G_LIST_MODEL (labels));
  gtk_widget_set_visible (self->referral_section, TRUE);
}

static void
peygir_action_dialog_add_channels (PeygirActionDialog *self)
{
  /* An agency is reminded by letter (which makes a reminder letter), by
   * phone, in person or by e-mail; an applicant reached any way. */
  static const PeygirChannel agency_channels[] = {
    PEYGIR_CHANNEL_MAIL, PEYGIR_CHANNEL_PHONE, PEYGIR_CHANNEL_IN_PERSON, PEYGIR_CHANNEL_EMAIL,
  };
  gboolean agency = self->action == PEYGIR_ACTION_FOLLOW_UP;
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint phone = 0;

  if (agency)
    g_array_append_vals (self->channels, agency_channels, G_N_ELEMENTS (agency_channels));
  else
    for (PeygirChannel c = PEYGIR_CHANNEL_NONE + 1; c < PEYGIR_N_CHANNELS; c++)
      g_array_append_val (self->channels, c);
  for (guint i = 0; i < self->channels->len; i++)
    {
      PeygirChannel c = g_array_index (self->channels, PeygirChannel, i);

      if (c == PEYGIR_CHANNEL_PHONE)
        phone = i;
      gtk_string_list_append (labels, agency && c == PEYGIR_CHANNEL_MAIL ? _("By a reminder letter")
                                                                         : peygir_channel_label (c));
    }
  gtk_drop_down_set_model (self->channel_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->channel_dropdown, phone);
  gtk_label_set_text (self->channel_caption, agency ? _("How the agency was reminded")
                                                    : _("How the applicant was reached"));
  gtk_widget_set_visible (self->channel_section, TRUE);
}

static void
peygir_action_dialog_add_note (PeygirActionDialog *self,
                               const PeygirCase   *kase)
{
  const char *caption;

  switch ((int) self->action)
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
    case PEYGIR_ACTION_NOTIFY:
      caption = _("What the applicant was told (optional)");
      break;
    default:
      caption = (self->flags & PEYGIR_ACTION_NEEDS_NOTE) != 0 ? _("Note") : _("Note (optional)");
    }
  gtk_label_set_text (self->note_caption, caption);
  if (self->action == PEYGIR_ACTION_REFER)
    {
      g_autofree char *draft = peygir_letter_template_referral_text (kase);

      gtk_text_buffer_set_text (self->note_buffer, draft, -1);
    }
  gtk_widget_set_visible (self->note_section, TRUE);
}

static void
field_changed_cb (PeygirActionDialog *self)
{
  peygir_action_dialog_check_complete (self);
}

static void
answer_file_chosen_cb (GtkWidget *widget,
                       GFile     *file)
{
  peygir_action_dialog_set_answer_file (PEYGIR_ACTION_DIALOG (widget), file);
}

static void
choose_answer_file_cb (PeygirActionDialog *self,
                       GtkButton          *button)
{
  static const char * const types[] = { "application/pdf", "image/*", NULL };
  const PeygirFileChooserOptions options = {
    .title = _("The Agency’s Letter"),
    .action = GTK_FILE_CHOOSER_ACTION_OPEN,
    .accept_label = _("_Choose"),
    .cancel_label = _("_Cancel"),
    .filter_name = _("Scans and PDF files"),
    .mime_types = types,
  };

  peygir_file_chooser_open (GTK_WIDGET (self), &self->chooser, &options, answer_file_chosen_cb);
}

/* Closing with typed input */

/* What the fields that take typing hold, as one string to compare. */
static char *
peygir_action_dialog_dup_input (PeygirActionDialog *self)
{
  g_autofree char *note = peygir_action_dialog_dup_note (self);
  g_autofree char *linked = peygir_action_dialog_dup_linked_code (self);
  g_autofree char *number = peygir_action_dialog_dup_answer_number (self);
  g_autofree char *date = entry_text (self->answer_section, self->answer_date_entry);
  g_autofree char *file = self->answer_file != NULL ? g_file_get_uri (self->answer_file) : NULL;

  return g_strjoin ("\x1f", note ? note : "", linked ? linked : "", number ? number : "",
                    date ? date : "", file ? file : "", NULL);
}

static gboolean
close_discarded_cb (gpointer data)
{
  gtk_window_close (GTK_WINDOW (data));
  return G_SOURCE_REMOVE;
}

static void
discard_response_cb (PeygirActionDialog *self,
                     const char         *response,
                     AdwMessageDialog   *question)
{
  if (g_strcmp0 (response, "discard") != 0)
    return;
  self->discard_confirmed = TRUE;
  /* once the question, which is over this dialog, is gone */
  g_idle_add_full (G_PRIORITY_DEFAULT, close_discarded_cb, g_object_ref (self), g_object_unref);
}

static void
ask_discard_cb (gpointer data)
{
  PeygirActionDialog *self = data;
  AdwMessageDialog *question;

  self->ask_source = 0;
  /* a response that came with the refused close has been seen by now */
  self->close_refused = FALSE;
  question = _peygir_discard_dialog_new (GTK_WINDOW (self),
                                         _("What you typed for this action has not been saved."));
  g_signal_connect_object (question, "response", G_CALLBACK (discard_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (question));
}

/* Runs before the case page's handler (connected first). A response
 * button closes the dialog before it says which response it is: a close
 * refused for the question goes ahead for "apply", and "cancel" waits for
 * the answer to the question. */
static void
response_cb (PeygirActionDialog *self,
             const char         *response)
{
  if (!self->close_refused)
    return;
  self->close_refused = FALSE;
  if (g_strcmp0 (response, "apply") == 0)
    {
      g_clear_handle_id (&self->ask_source, g_source_remove);
      self->discard_confirmed = TRUE;
      gtk_window_close (GTK_WINDOW (self));
      return;
    }
  /* the signal is emitted with the response as its detail */
  g_signal_stop_emission (self, g_signal_lookup ("response", ADW_TYPE_MESSAGE_DIALOG),
                          g_quark_from_string (response));
}

static gboolean
peygir_action_dialog_close_request (GtkWindow *window)
{
  PeygirActionDialog *self = PEYGIR_ACTION_DIALOG (window);

  if (!self->discard_confirmed && peygir_action_dialog_has_input (self))
    {
      self->close_refused = TRUE;
      if (self->ask_source == 0)
        self->ask_source = g_idle_add_once (ask_discard_cb, self);
      return TRUE;
    }
  return GTK_WINDOW_CLASS (peygir_action_dialog_parent_class)->close_request (window);
}

static void
peygir_action_dialog_dispose (GObject *object)
{
  PeygirActionDialog *self = PEYGIR_ACTION_DIALOG (object);

  g_clear_handle_id (&self->ask_source, g_source_remove);
  g_clear_object (&self->chooser);
  g_clear_pointer (&self->agency_checks, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), PEYGIR_TYPE_ACTION_DIALOG);

  G_OBJECT_CLASS (peygir_action_dialog_parent_class)->dispose (object);
}

static void
peygir_action_dialog_finalize (GObject *object)
{
  PeygirActionDialog *self = PEYGIR_ACTION_DIALOG (object);

  g_clear_pointer (&self->agency_ids, g_array_unref);
  g_clear_pointer (&self->referral_ids, g_array_unref);
  g_clear_pointer (&self->channels, g_array_unref);
  g_clear_object (&self->answer_file);
  g_free (self->input_at_start);

  G_OBJECT_CLASS (peygir_action_dialog_parent_class)->finalize (object);
}

static void
peygir_action_dialog_class_init (PeygirActionDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = peygir_action_dialog_dispose;
  object_class->finalize = peygir_action_dialog_finalize;
  window_class->close_request = peygir_action_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, "/ir/gov/peygir/peygir-action-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PeygirActionDialog, agencies_section);
  gtk_widget_class_bind_template_child (widget_class, PeygirActionDialog, agency_search);
  gtk_widget_class_bind_template_child (widget_class, PeygirActionDialog, agencies_list);
  gtk_widget_class_bind_template_child (widget_class, PeygirActionDialog, referral_section);
  gtk_widget_class_bind_template_child (widget_class, PeygirActionDialog, referral_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PeygirActionDialog, channel_section);
  gtk_widget_class_bind_template_child (widget_class, PeygirActionDialog, channel_caption);
  gtk_widget_class_bind_template_child (widget_class, PeygirActionDialog, channel_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PeygirActionDialog, answer_section);
  gtk_widget_class_bind_template_child (widget_class, PeygirActionDialog, answer_number_entry);
  gtk_widget_class_bind_template_child (widget_class, PeygirActionDialog, answer_date_entry);
  gtk_widget_class_bind_template_child (widget_class, PeygirActionDialog, answer_file_button);
  gtk_widget_class_bind_template_child (widget_class, PeygirActionDialog, linked_section);
  gtk_widget_class_bind_template_child (widget_class, PeygirActionDialog, linked_entry);
  gtk_widget_class_bind_template_child (widget_class, PeygirActionDialog, note_section);
  gtk_widget_class_bind_template_child (widget_class, PeygirActionDialog, note_caption);
  gtk_widget_class_bind_template_child (widget_class, PeygirActionDialog, note_buffer);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, agency_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, choose_answer_file_cb);
}

static void
peygir_action_dialog_init (PeygirActionDialog *self)
{
  self->agency_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->agency_checks = g_ptr_array_new ();
  self->referral_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->channels = g_array_new (FALSE, FALSE, sizeof (PeygirChannel));

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "response", G_CALLBACK (response_cb), NULL);
}

GtkWidget *
peygir_action_dialog_new (GtkWindow        *parent,
                          PeygirAction      action,
                          const PeygirCase *kase,
                          GPtrArray        *agencies)
{
  const PeygirActionInfo *info = peygir_workflow_action_info (action);
  PeygirActionDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (action < PEYGIR_N_ACTIONS, NULL);
  g_return_val_if_fail (kase != NULL, NULL);

  self = g_object_new (PEYGIR_TYPE_ACTION_DIALOG,
                       "transient-for", parent,
                       "heading", peygir_action_label (action),
                       NULL);
  self->action = action;
  self->flags = info->flags;
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self),
                                    "cancel", _("_Cancel"),
                                    "apply", peygir_action_label (action),
                                    NULL);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self), "apply");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "cancel");

  if ((info->flags & PEYGIR_ACTION_NEEDS_AGENCIES) != 0)
    peygir_action_dialog_add_agencies (self, kase, agencies);
  if ((info->flags & PEYGIR_ACTION_NEEDS_REFERRAL) != 0)
    peygir_action_dialog_add_referrals (self, kase);
  if ((info->flags & PEYGIR_ACTION_NEEDS_CHANNEL) != 0)
    peygir_action_dialog_add_channels (self);
  gtk_widget_set_visible (self->answer_section, action == PEYGIR_ACTION_ANSWER);
  gtk_widget_set_visible (self->linked_section, (info->flags & PEYGIR_ACTION_NEEDS_LINKED_CASE) != 0);
  if ((info->flags & PEYGIR_ACTION_NEEDS_NOTE) != 0
      || action == PEYGIR_ACTION_FOLLOW_UP || action == PEYGIR_ACTION_CONTACT
      || action == PEYGIR_ACTION_NOTIFY)
    peygir_action_dialog_add_note (self, kase);
  peygir_action_dialog_check_complete (self);
  self->input_at_start = peygir_action_dialog_dup_input (self);

  return GTK_WIDGET (self);
}

PeygirAction
peygir_action_dialog_get_action (PeygirActionDialog *self)
{
  g_return_val_if_fail (PEYGIR_IS_ACTION_DIALOG (self), 0);

  return self->action;
}

char *
peygir_action_dialog_dup_note (PeygirActionDialog *self)
{
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  g_return_val_if_fail (PEYGIR_IS_ACTION_DIALOG (self), NULL);

  if (!gtk_widget_get_visible (self->note_section))
    return NULL;
  gtk_text_buffer_get_bounds (self->note_buffer, &start, &end);
  text = gtk_text_buffer_get_text (self->note_buffer, &start, &end, FALSE);
  g_strstrip (text);
  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

void
peygir_action_dialog_set_note (PeygirActionDialog *self,
                               const char         *note)
{
  g_return_if_fail (PEYGIR_IS_ACTION_DIALOG (self));

  if (gtk_widget_get_visible (self->note_section))
    gtk_text_buffer_set_text (self->note_buffer, note != NULL ? note : "", -1);
  /* kept by the case page from an attempt not saved: not lost by closing */
  g_free (self->input_at_start);
  self->input_at_start = peygir_action_dialog_dup_input (self);
}

GArray *
peygir_action_dialog_get_agency_ids (PeygirActionDialog *self)
{
  GArray *ids;

  g_return_val_if_fail (PEYGIR_IS_ACTION_DIALOG (self), NULL);

  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; self->agency_checks != NULL && i < self->agency_checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->agency_checks, i)))
      g_array_append_val (ids, g_array_index (self->agency_ids, gint64, i));
  return ids;
}

gint64
peygir_action_dialog_get_referral_id (PeygirActionDialog *self)
{
  guint selected;

  g_return_val_if_fail (PEYGIR_IS_ACTION_DIALOG (self), 0);

  selected = gtk_drop_down_get_selected (self->referral_dropdown);
  if (!gtk_widget_get_visible (self->referral_section) || selected >= self->referral_ids->len)
    return 0;
  return g_array_index (self->referral_ids, gint64, selected);
}

PeygirChannel
peygir_action_dialog_get_channel (PeygirActionDialog *self)
{
  guint selected;

  g_return_val_if_fail (PEYGIR_IS_ACTION_DIALOG (self), PEYGIR_CHANNEL_NONE);

  selected = gtk_drop_down_get_selected (self->channel_dropdown);
  if (!gtk_widget_get_visible (self->channel_section) || selected >= self->channels->len)
    return PEYGIR_CHANNEL_NONE;
  return g_array_index (self->channels, PeygirChannel, selected);
}

void
peygir_action_dialog_set_channel (PeygirActionDialog *self,
                                  PeygirChannel       channel)
{
  g_return_if_fail (PEYGIR_IS_ACTION_DIALOG (self));

  for (guint i = 0; i < self->channels->len; i++)
    if (g_array_index (self->channels, PeygirChannel, i) == channel)
      gtk_drop_down_set_selected (self->channel_dropdown, i);
}

char *
peygir_action_dialog_dup_linked_code (PeygirActionDialog *self)
{
  g_return_val_if_fail (PEYGIR_IS_ACTION_DIALOG (self), NULL);

  return entry_text (self->linked_section, self->linked_entry);
}

char *
peygir_action_dialog_dup_answer_number (PeygirActionDialog *self)
{
  g_return_val_if_fail (PEYGIR_IS_ACTION_DIALOG (self), NULL);

  return entry_text (self->answer_section, self->answer_number_entry);
}

gboolean
peygir_action_dialog_get_answer_date (PeygirActionDialog *self,
                                      PeygirDay          *day)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (PEYGIR_IS_ACTION_DIALOG (self), FALSE);
  g_return_val_if_fail (day != NULL, FALSE);

  text = entry_text (self->answer_section, self->answer_date_entry);
  *day = 0;
  return text == NULL || peygir_day_parse (text, day, NULL);
}

GFile *
peygir_action_dialog_get_answer_file (PeygirActionDialog *self)
{
  g_return_val_if_fail (PEYGIR_IS_ACTION_DIALOG (self), NULL);

  return self->answer_file;
}

void
peygir_action_dialog_set_answer_file (PeygirActionDialog *self,
                                      GFile              *file)
{
  g_return_if_fail (PEYGIR_IS_ACTION_DIALOG (self));
  g_return_if_fail (file == NULL || G_IS_FILE (file));

  g_set_object (&self->answer_file, file);
  if (file != NULL)
    {
      g_autofree char *name = g_file_get_basename (file);

      gtk_button_set_label (self->answer_file_button, name);
    }
}

gboolean
peygir_action_dialog_has_input (PeygirActionDialog *self)
{
  g_autofree char *input = NULL;

  g_return_val_if_fail (PEYGIR_IS_ACTION_DIALOG (self), FALSE);

  input = peygir_action_dialog_dup_input (self);
  return g_strcmp0 (input, self->input_at_start) != 0;
}
