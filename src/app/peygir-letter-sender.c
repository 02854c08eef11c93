/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-letter-sender"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "peygir-error.h"
#include "peygir-format.h"
#include "peygir-letter-builder.h"
#include "peygir-letter-preview.h"
#include "peygir-letter-print-operation.h"
#include "peygir-letter-sender.h"
#include "peygir-text.h"

struct _PeygirLetterSender
{
  GObject                  parent_instance;

  PeygirSession           *session;
  GtkWindow               *parent;
  GPtrArray               *letters;         /* of SenderLetter, in print order */
  PeygirLetterSenderStage  stage;
  GtkPrintOperation       *operation;       /* while printing */
  AdwMessageDialog        *confirmation;    /* while confirming */
  GStrv                    printed_numbers;
  char                    *message;
  char                    *export_filename;
  gboolean                 cancel_print;
};

G_DEFINE_FINAL_TYPE (PeygirLetterSender, peygir_letter_sender, G_TYPE_OBJECT)

G_DEFINE_QUARK (peygir-letter-sender-error-quark, peygir_letter_sender_error)

enum {
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* One letter of the run. The worker threads get copies (LetterJob), so
 * that nothing here is shared across threads. */
typedef struct
{
  gint64            case_id;
  PeygirLetterKind  kind;
  gint64            referral_id;
  char             *label;
  char             *number;   /* printed on it; NULL before */
  GBytes           *pdf;      /* as printed; NULL before */
} SenderLetter;

static void
sender_letter_free (SenderLetter *letter)
{
  g_free (letter->label);
  g_free (letter->number);
  g_clear_pointer (&letter->pdf, g_bytes_unref);
  g_free (letter);
}

typedef struct
{
  gint64            case_id;
  PeygirLetterKind  kind;
  gint64            referral_id;
  char             *number;
  GBytes           *pdf;
  gboolean          went_out;  /* ticked in the confirmation */
} LetterJob;

typedef struct
{
  char   *login;
  GArray *jobs;                /* of LetterJob */
  char   *spoil_reason;        /* translated here: workers do not look up messages twice */
} SenderTask;

static void
letter_job_clear (LetterJob *job)
{
  g_free (job->number);
  g_clear_pointer (&job->pdf, g_bytes_unref);
}

static void
sender_task_free (SenderTask *task)
{
  g_free (task->login);
  g_array_unref (task->jobs);
  g_free (task->spoil_reason);
  g_free (task);
}

typedef struct
{
  GStrv      numbers;
  GPtrArray *pdfs;             /* GBytes, one a letter */
} PrepareResult;

static void
prepare_result_free (PrepareResult *result)
{
  g_strfreev (result->numbers);
  g_ptr_array_unref (result->pdfs);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PrepareResult, prepare_result_free)

typedef struct
{
  guint   n_sent;
  guint   n_spoiled;
  guint   stopped_at;          /* the letter that failed, when error is set */
  GError *error;
} RecordResult;

static void
record_result_free (RecordResult *result)
{
  g_clear_error (&result->error);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RecordResult, record_result_free)

static SenderTask *
sender_task_new (PeygirLetterSender *self)
{
  SenderTask *task = g_new0 (SenderTask, 1);

  task->login = g_strdup (peygir_session_get_login (self->session));
  task->jobs = g_array_sized_new (FALSE, TRUE, sizeof (LetterJob), self->letters->len);
  g_array_set_clear_func (task->jobs, (GDestroyNotify) letter_job_clear);
  for (guint i = 0; i < self->letters->len; i++)
    {
      SenderLetter *letter = g_ptr_array_index (self->letters, i);
      LetterJob job = { 0, };

      job.case_id = letter->case_id;
      job.kind = letter->kind;
      job.referral_id = letter->referral_id;
      job.number = g_strdup (letter->number);
      job.pdf = letter->pdf != NULL ? g_bytes_ref (letter->pdf) : NULL;
      g_array_append_val (task->jobs, job);
    }
  return task;
}

static void
finish (PeygirLetterSender *self,
        guint               n_sent,
        GError             *error,
        const char         *message)
{
  self->stage = PEYGIR_LETTER_SENDER_FINISHED;
  g_free (self->message);
  self->message = g_strdup (error != NULL ? error->message : message);
  g_signal_emit (self, signals[FINISHED], 0, n_sent, error);
  /* the reference taken by peygir_letter_sender_run () */
  g_object_unref (self);
}

static void
finish_with_error (PeygirLetterSender *self,
                   guint               n_sent,
                   int                 code,
                   const char         *message)
{
  g_autoptr(GError) error = g_error_new_literal (PEYGIR_LETTER_SENDER_ERROR, code, message);

  finish (self, n_sent, error, NULL);
}

/* Recording what went out */

static gboolean
send_one (PeygirStore  *store,
          const char   *login,
          LetterJob    *job,
          GError      **error)
{
  if (job->kind == PEYGIR_LETTER_ANSWER)
    {
      g_autoptr(PeygirLetterRecord) record =
        peygir_store_issue_answer_letter (store, login, job->case_id, job->number, job->pdf, error);

      if (record == NULL)
        return FALSE;
      /* sent already by another desk in this round: not the letter printed here */
      if (g_strcmp0 (record->number, job->number) != 0)
        {
          g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_CONFLICT,
                       _("The answer was already sent as letter %s."), record->number);
          return FALSE;
        }
      return TRUE;
    }
  else
    {
      PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;
      g_autoptr(PeygirCase) kase = NULL;

      /* a dispatch sends the referral's approved letter, or else its
       * approved reminder: the one printed, since only it was waiting */
      request.case_id = job->case_id;
      request.action = PEYGIR_ACTION_DISPATCH;
      request.actor_login = login;
      request.referral_id = job->referral_id;
      request.expect_number = job->number;
      request.letter_pdf = job->pdf;
      kase = peygir_store_apply_action (store, &request, error);
      return kase != NULL;
    }
}

/* In print order, so that the register's numbers follow the paper: each
 * letter's send or void checks that its printed number is still the next
 * one. The first failure stops the rest, which then use no number. */
static gpointer
record_thread (PeygirStore   *store,
               gpointer       task_data,
               GCancellable  *cancellable,
               GError       **error)
{
  SenderTask *task = task_data;
  RecordResult *result = g_new0 (RecordResult, 1);
  guint end = 0;

  for (guint i = 0; i < task->jobs->len; i++)
    if (g_array_index (task->jobs, LetterJob, i).went_out)
      end = i + 1;

  for (guint i = 0; i < end; i++)
    {
      LetterJob *job = &g_array_index (task->jobs, LetterJob, i);
      gboolean ok;

      if (job->went_out)
        ok = send_one (store, task->login, job, &result->error);
      else
        ok = peygir_store_spoil_letter_number (store, task->login, job->case_id,
                                               job->kind, job->referral_id,
                                               job->number, task->spoil_reason, &result->error);
      if (!ok)
        {
          result->stopped_at = i;
          break;
        }
      if (job->went_out)
        result->n_sent++;
      else
        result->n_spoiled++;
    }

  return result;
}

static void
record_done_cb (GObject      *object,
                GAsyncResult *res,
                gpointer      user_data)
{
  PeygirLetterSender *self = user_data;
  g_autoptr(RecordResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *count = NULL;

  result = peygir_session_run_finish (PEYGIR_SESSION (object), res, &error);
  if (result == NULL)
    {
      finish_with_error (self, 0, PEYGIR_LETTER_SENDER_ERROR_FAILED, error->message);
      return;
    }
  if (result->n_sent > 0 || result->n_spoiled > 0)
    peygir_session_changed (self->session);

  count = peygir_text_format_number (result->n_sent);
  if (result->error != NULL && g_error_matches (result->error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_CONFLICT))
    {
      g_autofree char *message = NULL;

      if (result->n_sent == 0)
        message = g_strdup (_("Another desk numbered letters meanwhile, so nothing was recorded as sent: "
                              "the letters wait in the queue to be printed again."));
      else
        message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "Another desk numbered letters meanwhile: %s letter was recorded "
                                                "as sent, and the rest wait in the queue to be printed again.",
                                                "Another desk numbered letters meanwhile: %s letters were "
                                                "recorded as sent, and the rest wait in the queue to be printed "
                                                "again.", result->n_sent),
                                   count);
      finish_with_error (self, result->n_sent, PEYGIR_LETTER_SENDER_ERROR_CONFLICT, message);
      return;
    }
  if (result->error != NULL)
    {
      SenderLetter *letter = g_ptr_array_index (self->letters, result->stopped_at);
      g_autofree char *number = peygir_format_code (letter->number);
      g_autofree char *message =
        g_strdup_printf (_("Sending stopped at the letter printed as %s (%s sent before it; the rest wait in "
                           "the queue): %s"), number, count, result->error->message);

      finish_with_error (self, result->n_sent, PEYGIR_LETTER_SENDER_ERROR_FAILED, message);
      return;
    }

  if (result->n_sent < self->letters->len)
    {
      g_autofree char *message =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%s letter was recorded as sent; the letters not ticked wait in the queue to "
                                      "be printed again.",
                                      "%s letters were recorded as sent; the letters not ticked wait in the queue "
                                      "to be printed again.", result->n_sent),
                         count);

      finish (self, result->n_sent, NULL, message);
    }
  else
    {
      g_autofree char *message =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s letter was recorded as sent.",
                                      "%s letters were recorded as sent.", result->n_sent),
                         count);

      finish (self, result->n_sent, NULL, message);
    }
}

/* Confirming what came out of the printer */

static void
update_send_response (PeygirLetterSender *self)
{
  gboolean any = FALSE;

  for (guint i = 0; i < self->letters->len && !any; i++)
    {
      g_autofree char *name = g_strdup_printf ("letter-sent-%u", i);
      GtkCheckButton *check = g_object_get_data (G_OBJECT (self->confirmation), name);

      any = check != NULL && gtk_check_button_get_active (check);
    }
  adw_message_dialog_set_response_enabled (self->confirmation, "send", any);
}

static void
check_toggled_cb (GtkCheckButton     *check,
                  PeygirLetterSender *self)
{
  /* nothing ticked is "none went out", which has its own button */
  if (self->confirmation != NULL)
    update_send_response (self);
}

static void
confirmation_response_cb (AdwMessageDialog   *dialog,
                          const char         *response,
                          PeygirLetterSender *self)
{
  SenderTask *task;

  if (self->stage != PEYGIR_LETTER_SENDER_CONFIRMING)
    return;

  task = sender_task_new (self);
  for (guint i = 0; i < self->letters->len; i++)
    {
      g_autofree char *name = g_strdup_printf ("letter-sent-%u", i);
      GtkCheckButton *check = g_object_get_data (G_OBJECT (dialog), name);

      g_array_index (task->jobs, LetterJob, i).went_out =
        g_strcmp0 (response, "send") == 0 && gtk_check_button_get_active (check);
    }
  self->confirmation = NULL;

  if (g_strcmp0 (response, "send") != 0)
    {
      sender_task_free (task);
      finish_with_error (self, 0, PEYGIR_LETTER_SENDER_ERROR_NONE_SENT,
                         _("Nothing was recorded as sent and no number was used: the letters wait in the queue "
                           "to be printed again."));
      return;
    }

  task->spoil_reason = g_strdup (_("Misprinted; the letter was not sent"));
  self->stage = PEYGIR_LETTER_SENDER_RECORDING;
  peygir_session_run (self->session, record_thread, task, (GDestroyNotify) sender_task_free,
                      (GDestroyNotify) record_result_free, NULL, record_done_cb, self);
}

static GtkWidget *
create_confirmation_row (PeygirLetterSender *self,
                         guint               index)
{
  SenderLetter *letter = g_ptr_array_index (self->letters, index);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();
  g_autofree char *name = g_strdup_printf ("letter-sent-%u", index);
  /* the number isolated: it reads year first inside the Persian row */
  g_autofree char *number = peygir_format_code (letter->number);
  g_autofree char *title = g_markup_escape_text (number, -1);
  g_autofree char *subtitle = g_markup_escape_text (letter->label != NULL ? letter->label : "", -1);
  g_autofree char *accessible = g_strdup_printf (_("Letter %s, %s, went out"), number,
                                                 letter->label != NULL ? letter->label : "");

  gtk_widget_set_name (check, name);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_signal_connect_object (check, "toggled", G_CALLBACK (check_toggled_cb), self, 0);
  g_object_set_data (G_OBJECT (self->confirmation), name, check);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  return row;
}

static void
confirm (PeygirLetterSender *self)
{
  GtkWidget *dialog;
  GtkWidget *list;
  GtkWidget *scrolled;

  self->stage = PEYGIR_LETTER_SENDER_CONFIRMING;
  dialog = adw_message_dialog_new (self->parent, _("Did the Letters Print Right?"),
                                   _("Untick a letter that jammed or printed badly. The ticked letters are recorded "
                                     "as sent under the numbers printed on them; the number on an unticked letter "
                                     "before a ticked one is voided. The unticked letters wait in the queue to be "
                                     "printed again."));
  self->confirmation = ADW_MESSAGE_DIALOG (dialog);
  gtk_widget_set_name (dialog, "letter-confirmation");
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Letters printed"), -1);
  for (guint i = 0; i < self->letters->len; i++)
    gtk_list_box_append (GTK_LIST_BOX (list), create_confirmation_row (self, i));
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 360);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  adw_message_dialog_set_extra_child (self->confirmation, scrolled);

  adw_message_dialog_add_responses (self->confirmation,
                                    "none", _("None Went Out"),
                                    "send", _("Record as Sent"),
                                    NULL);
  adw_message_dialog_set_response_appearance (self->confirmation, "send", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (self->confirmation, "send");
  /* Escape records nothing: the numbers stay the next ones, so printing
   * again gives the same paper */
  adw_message_dialog_set_close_response (self->confirmation, "none");
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirmation_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Printing */

static void
print_settled (PeygirLetterSender      *self,
               GtkPrintOperationResult  result,
               const GError            *error)
{
  g_autoptr(GtkPrintOperation) operation = NULL;

  /* run () may return the result that "done" already gave */
  if (self->stage != PEYGIR_LETTER_SENDER_PRINTING || result == GTK_PRINT_OPERATION_RESULT_IN_PROGRESS)
    return;
  operation = g_steal_pointer (&self->operation);

  switch (result)
    {
    case GTK_PRINT_OPERATION_RESULT_APPLY:
      confirm (self);
      break;
    case GTK_PRINT_OPERATION_RESULT_CANCEL:
      finish_with_error (self, 0, PEYGIR_LETTER_SENDER_ERROR_PRINT_CANCELLED,
                         _("Printing was cancelled: nothing was recorded as sent and no number was used."));
      break;
    case GTK_PRINT_OPERATION_RESULT_ERROR:
    default:
      {
        g_autofree char *message =
          g_strdup_printf (_("The letters could not be printed (%s): nothing was recorded as sent and no number "
                             "was used."),
                           error != NULL ? error->message : _("the printer gave no reason"));

        finish_with_error (self, 0, PEYGIR_LETTER_SENDER_ERROR_PRINT_FAILED, message);
      }
      break;
    }
}

static void
print_done_cb (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               PeygirLetterSender      *self)
{
  g_autoptr(GError) error = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    gtk_print_operation_get_error (operation, &error);
  print_settled (self, result, error);
}

static void
begin_print_cancel_cb (GtkPrintOperation *operation,
                       GtkPrintContext   *context,
                       gpointer           user_data)
{
  gtk_print_operation_cancel (operation);
}

static void
print_letters (PeygirLetterSender *self)
{
  /* "done" may come, and the run finish, before gtk_print_operation_run ()
   * returns */
  g_autoptr(PeygirLetterSender) hold = g_object_ref (self);
  g_autoptr(GPtrArray) pdfs = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GtkPrintOperationResult result;

  for (guint i = 0; i < self->letters->len; i++)
    g_ptr_array_add (pdfs, ((SenderLetter *) g_ptr_array_index (self->letters, i))->pdf);

  self->stage = PEYGIR_LETTER_SENDER_PRINTING;
  self->operation = peygir_letter_print_operation_new (pdfs, _("Letters to send"), &error);
  if (self->operation == NULL)
    {
      print_settled (self, GTK_PRINT_OPERATION_RESULT_ERROR, error);
      return;
    }
  g_signal_connect_object (self->operation, "done", G_CALLBACK (print_done_cb), self, 0);
  if (self->cancel_print)
    g_signal_connect (self->operation, "begin-print", G_CALLBACK (begin_print_cancel_cb), NULL);

  if (self->export_filename != NULL)
    {
      gtk_print_operation_set_export_filename (self->operation, self->export_filename);
      result = gtk_print_operation_run (self->operation, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, &error);
    }
  else
    result = gtk_print_operation_run (self->operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                                      self->parent, &error);
  print_settled (self, result, error);
}

/* Rendering the letters as they will be sent */

static gpointer
prepare_thread (PeygirStore   *store,
                gpointer       task_data,
                GCancellable  *cancellable,
                GError       **error)
{
  SenderTask *task = task_data;
  g_autoptr(PrepareResult) result = g_new0 (PrepareResult, 1);

  result->pdfs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  result->numbers = peygir_store_peek_letter_numbers (store, task->jobs->len, error);
  if (result->numbers == NULL)
    return NULL;

  for (guint i = 0; i < task->jobs->len; i++)
    {
      LetterJob *job = &g_array_index (task->jobs, LetterJob, i);
      g_autoptr(PeygirBuiltLetter) built =
        peygir_letter_build_for_sending (store, job->case_id, job->kind, job->referral_id,
                                         result->numbers[i], error);

      if (built == NULL)
        return NULL;
      g_ptr_array_add (result->pdfs, g_bytes_ref (built->pdf));
    }

  return g_steal_pointer (&result);
}

static void
prepare_done_cb (GObject      *object,
                 GAsyncResult *res,
                 gpointer      user_data)
{
  PeygirLetterSender *self = user_data;
  g_autoptr(PrepareResult) result = NULL;
  g_autoptr(GError) error = NULL;

  result = peygir_session_run_finish (PEYGIR_SESSION (object), res, &error);
  if (result == NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("The letters could not be made ready for printing: %s"), error->message);

      finish_with_error (self, 0, PEYGIR_LETTER_SENDER_ERROR_FAILED, message);
      return;
    }

  for (guint i = 0; i < self->letters->len; i++)
    {
      SenderLetter *letter = g_ptr_array_index (self->letters, i);

      letter->number = g_strdup (result->numbers[i]);
      letter->pdf = g_bytes_ref (g_ptr_array_index (result->pdfs, i));
    }
  self->printed_numbers = g_steal_pointer (&result->numbers);
  print_letters (self);
}

/* GObject */

static void
peygir_letter_sender_dispose (GObject *object)
{
  PeygirLetterSender *self = PEYGIR_LETTER_SENDER (object);

  g_clear_object (&self->operation);
  g_clear_object (&self->session);
  g_clear_object (&self->parent);

  G_OBJECT_CLASS (peygir_letter_sender_parent_class)->dispose (object);
}

static void
peygir_letter_sender_finalize (GObject *object)
{
  PeygirLetterSender *self = PEYGIR_LETTER_SENDER (object);

  g_ptr_array_unref (self->letters);
  g_strfreev (self->printed_numbers);
  g_free (self->message);
  g_free (self->export_filename);

  G_OBJECT_CLASS (peygir_letter_sender_parent_class)->finalize (object);
}

static void
peygir_letter_sender_class_init (PeygirLetterSenderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = peygir_letter_sender_dispose;
  object_class->finalize = peygir_letter_sender_finalize;

  /**
   * PeygirLetterSender::finished:
   * @n_sent: letters recorded as sent
   * @error: (nullable): why the others were not, in PEYGIR_LETTER_SENDER_ERROR
   */
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_ERROR);
}

static void
peygir_letter_sender_init (PeygirLetterSender *self)
{
  self->letters = g_ptr_array_new_with_free_func ((GDestroyNotify) sender_letter_free);
}

/* Public API */

PeygirLetterSender *
peygir_letter_sender_new (PeygirSession *session,
                          GtkWindow     *parent)
{
  PeygirLetterSender *self;

  g_return_val_if_fail (PEYGIR_IS_SESSION (session), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (PEYGIR_TYPE_LETTER_SENDER, NULL);
  self->session = g_object_ref (session);
  self->parent = parent != NULL ? g_object_ref (parent) : NULL;
  return self;
}

void
peygir_letter_sender_add (PeygirLetterSender *self,
                          gint64              case_id,
                          PeygirLetterKind    kind,
                          gint64              referral_id,
                          const char         *label)
{
  SenderLetter *letter;

  g_return_if_fail (PEYGIR_IS_LETTER_SENDER (self));
  g_return_if_fail (self->stage == PEYGIR_LETTER_SENDER_IDLE);
  g_return_if_fail (kind == PEYGIR_LETTER_REFERRAL || kind == PEYGIR_LETTER_REMINDER || kind == PEYGIR_LETTER_ANSWER);

  letter = g_new0 (SenderLetter, 1);
  letter->case_id = case_id;
  letter->kind = kind;
  letter->referral_id = referral_id;
  letter->label = g_strdup (label);
  g_ptr_array_add (self->letters, letter);
}

guint
peygir_letter_sender_get_n_letters (PeygirLetterSender *self)
{
  g_return_val_if_fail (PEYGIR_IS_LETTER_SENDER (self), 0);

  return self->letters->len;
}

void
peygir_letter_sender_run (PeygirLetterSender *self)
{
  g_return_if_fail (PEYGIR_IS_LETTER_SENDER (self));
  g_return_if_fail (self->stage == PEYGIR_LETTER_SENDER_IDLE);

  /* alive until "finished", whoever else lets go of it */
  g_object_ref (self);
  if (self->letters->len == 0)
    {
      finish (self, 0, NULL, _("No letter is waiting to be sent."));
      return;
    }
  self->stage = PEYGIR_LETTER_SENDER_PREPARING;
  peygir_session_run (self->session, prepare_thread, sender_task_new (self), (GDestroyNotify) sender_task_free,
                      (GDestroyNotify) prepare_result_free, NULL, prepare_done_cb, self);
}

PeygirLetterSenderStage
peygir_letter_sender_get_stage (PeygirLetterSender *self)
{
  g_return_val_if_fail (PEYGIR_IS_LETTER_SENDER (self), PEYGIR_LETTER_SENDER_IDLE);

  return self->stage;
}

const char *
peygir_letter_sender_get_message (PeygirLetterSender *self)
{
  g_return_val_if_fail (PEYGIR_IS_LETTER_SENDER (self), NULL);

  return self->message;
}

const char * const *
peygir_letter_sender_get_printed_numbers (PeygirLetterSender *self)
{
  g_return_val_if_fail (PEYGIR_IS_LETTER_SENDER (self), NULL);

  return (const char * const *) self->printed_numbers;
}

GBytes *
peygir_letter_sender_get_printed_pdf (PeygirLetterSender *self,
                                      guint               index)
{
  g_return_val_if_fail (PEYGIR_IS_LETTER_SENDER (self), NULL);
  g_return_val_if_fail (index < self->letters->len, NULL);

  return ((SenderLetter *) g_ptr_array_index (self->letters, index))->pdf;
}

GtkWindow *
peygir_letter_sender_get_confirmation (PeygirLetterSender *self)
{
  g_return_val_if_fail (PEYGIR_IS_LETTER_SENDER (self), NULL);

  return self->confirmation != NULL ? GTK_WINDOW (self->confirmation) : NULL;
}

void
peygir_letter_sender_set_export_filename (PeygirLetterSender *self,
                                          const char         *path)
{
  g_return_if_fail (PEYGIR_IS_LETTER_SENDER (self));

  g_free (self->export_filename);
  self->export_filename = g_strdup (path);
}

void
peygir_letter_sender_set_cancel_print (PeygirLetterSender *self,
                                       gboolean            cancel)
{
  g_return_if_fail (PEYGIR_IS_LETTER_SENDER (self));

  self->cancel_print = cancel;
}
