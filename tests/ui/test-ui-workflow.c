/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>

#include "peygir-case-item.h"
#include "peygir-date.h"
#include "peygir-demo.h"
#include "peygir-office-page.h"
#include "peygir-session.h"
#include "peygir-error.h"
#include "peygir-letter-preview.h"
#include "peygir-test-util.h"
#include "peygir-text.h"
#include "peygir-vfs-sim.h"
#include "peygir-workflow.h"
#include "peygir-clock.h"
#include "test-ui-util.h"

static void
fill (PeygirIntakePage *page,
      const char       *name,
      const char       *text)
{
  GtkWidget *widget = peygir_intake_page_get_field (page, name);

  g_assert_nonnull (widget);
  if (GTK_IS_TEXT_VIEW (widget))
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget)), text, -1);
  else
    gtk_editable_set_text (GTK_EDITABLE (widget), text);
}

static const PeygirCase *
shown_case (PeygirWindow *window)
{
  const PeygirCase *kase = peygir_case_page_get_case (peygir_window_get_case_page (window));

  g_assert_nonnull (kase);
  return kase;
}

static gboolean
sender_waiting (gpointer data)
{
  PeygirLetterSender *sender = peygir_case_page_get_sender (data);
  PeygirLetterSenderStage stage = sender != NULL ? peygir_letter_sender_get_stage (sender)
                                                 : PEYGIR_LETTER_SENDER_IDLE;

  return stage == PEYGIR_LETTER_SENDER_CONFIRMING || stage == PEYGIR_LETTER_SENDER_FINISHED;
}

static gboolean
sender_finished (gpointer data)
{
  PeygirLetterSender *sender = peygir_case_page_get_sender (data);

  return sender != NULL && peygir_letter_sender_get_stage (sender) == PEYGIR_LETTER_SENDER_FINISHED;
}

/* Sends the case's letters from the page as the secretariat does: @action
 * (case.dispatch or case.send-answer) prints them (to a file here), and
 * the confirmation that follows gets @response ("send" or "none"). The
 * numbers printed, in order. */
static GStrv
print_and_send (PeygirWindow *window,
                const char   *action,
                const char   *response)
{
  PeygirCasePage *page = peygir_window_get_case_page (window);
  g_autofree char *dir = peygir_test_dir_new ();
  g_autofree char *printed = g_build_filename (dir, "printed.pdf", NULL);
  PeygirLetterSender *sender;
  GtkWindow *dialog;
  GStrv numbers;

  peygir_case_page_set_print_export (page, printed);
  ui_activate (GTK_WIDGET (page), action, NULL);
  ui_wait_for (sender_waiting, page);
  sender = peygir_case_page_get_sender (page);
  g_assert_cmpint (peygir_letter_sender_get_stage (sender), ==, PEYGIR_LETTER_SENDER_CONFIRMING);
  g_assert_true (g_file_test (printed, G_FILE_TEST_IS_REGULAR));
  numbers = g_strdupv ((char **) peygir_letter_sender_get_printed_numbers (sender));
  dialog = peygir_letter_sender_get_confirmation (sender);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  ui_wait_for (sender_finished, page);
  ui_wait_idle (window);
  peygir_case_page_set_print_export (page, NULL);
  peygir_test_dir_free (g_steal_pointer (&dir));
  return numbers;
}

static gboolean
can (PeygirWindow *window,
     PeygirAction  action)
{
  g_autofree char *name = peygir_case_page_action_name (action);

  return ui_action_enabled (GTK_WIDGET (peygir_window_get_case_page (window)), name);
}

/* The buttons of the action bar are the actions the page allows, no more. */
static guint
shown_buttons (PeygirWindow *window)
{
  GtkWidget *page = GTK_WIDGET (peygir_window_get_case_page (window));
  guint mask = 0;

  for (PeygirAction a = 0; a < PEYGIR_N_ACTIONS; a++)
    {
      g_autofree char *name = peygir_case_page_action_name (a);
      GtkWidget *stack[64];
      guint n = 0;

      stack[n++] = page;
      while (n > 0)
        {
          GtkWidget *w = stack[--n];

          if (GTK_IS_BUTTON (w) && gtk_widget_get_visible (w)
              && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (w)), name) == 0)
            mask |= 1u << a;
          for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL && n < G_N_ELEMENTS (stack); c = gtk_widget_get_next_sibling (c))
            stack[n++] = c;
        }
    }
  return mask;
}

/* The page offers exactly what the workflow table allows this user in
 * this state: as enabled actions and as buttons. An expert takes only a
 * case nobody holds (the store's rule, which the page follows). */
static void
assert_allowed_as_table (PeygirWindow *window)
{
  PeygirSession *session = peygir_window_get_session (window);
  guint expected = peygir_workflow_allowed_actions (shown_case (window)->state,
                                                    peygir_session_get_roles (session));

  if (shown_case (window)->expert_id != 0 && !peygir_session_has_role (session, PEYGIR_ROLE_MANAGER))
    expected &= ~(1u << PEYGIR_ACTION_ASSIGN);

  for (PeygirAction a = 0; a < PEYGIR_N_ACTIONS; a++)
    {
      gboolean want = (expected & (1u << a)) != 0;

      if (can (window, a) != want)
        g_error ("%s: %s expected %s", peygir_session_get_login (peygir_window_get_session (window)),
                 peygir_action_to_string (a), want ? "enabled" : "disabled");
    }
  g_assert_cmphex (shown_buttons (window), ==, expected);
}

/* Takes an action from the page; an action that asks opens its dialog,
 * which @fill_dialog fills in before "apply". */
static void
act_in_window (PeygirWindow  *window,
               PeygirAction   action,
               void         (*fill_dialog) (AdwMessageDialog *dialog, gpointer data),
               gpointer       data)
{
  PeygirCasePage *page = peygir_window_get_case_page (window);
  g_autofree char *name = peygir_case_page_action_name (action);
  AdwMessageDialog *dialog;

  ui_activate (GTK_WIDGET (page), name, NULL);
  dialog = peygir_case_page_get_dialog (page);
  if (fill_dialog != NULL)
    {
      g_assert_nonnull (dialog);
      g_object_ref (dialog);
      ui_iterate (20);
      fill_dialog (dialog, data);
      g_assert_true (adw_message_dialog_get_response_enabled (dialog, "apply"));
      adw_message_dialog_response (dialog, "apply");
      gtk_window_destroy (GTK_WINDOW (dialog));
      g_object_unref (dialog);
      g_assert_null (peygir_case_page_get_dialog (page));
    }
  else
    g_assert_null (dialog);
  ui_wait_idle (window);
}

static void
set_note (AdwMessageDialog *dialog,
          const char       *text)
{
  GtkWidget *note = ui_find_named (GTK_WIDGET (dialog), "note");

  g_assert_nonnull (note);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (note)), text, -1);
}

static void
fill_refer (AdwMessageDialog *dialog,
            gpointer          data)
{
  GtkWidget *agencies = ui_find_named (GTK_WIDGET (dialog), "agencies");
  GtkWidget *note = ui_find_named (GTK_WIDGET (dialog), "note");
  GtkTextIter start, end;
  g_autofree char *draft = NULL;

  /* The agency complained of is ticked, and the letter drafted. */
  g_assert_nonnull (agencies);
  g_assert_nonnull (note);
  gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (GTK_TEXT_VIEW (note)), &start, &end);
  draft = gtk_text_buffer_get_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (note)), &start, &end, FALSE);
  g_assert_cmpuint (strlen (draft), >, 20);
}

static void
fill_reason (AdwMessageDialog *dialog,
             gpointer          data)
{
  /* Nothing is taken without the reason the action needs. */
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "apply"));
  set_note (dialog, data);
}

static void
fill_referral (AdwMessageDialog *dialog,
               gpointer          data)
{
  GtkWidget *referral = ui_find_named (GTK_WIDGET (dialog), "referral");

  g_assert_nonnull (referral);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (referral))), ==, 1);
  if (data != NULL)
    set_note (dialog, data);
}

static void
fill_channel (AdwMessageDialog *dialog,
              gpointer          data)
{
  GtkWidget *channel = ui_find_named (GTK_WIDGET (dialog), "channel");

  g_assert_nonnull (channel);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (channel), PEYGIR_CHANNEL_SMS - 1);
  if (ui_find_named (GTK_WIDGET (dialog), "note") != NULL)
    set_note (dialog, data);
}

/* A follow-up by letter: the first channel offered for an agency. */
static void
fill_follow_up_by_letter (AdwMessageDialog *dialog,
                          gpointer          data)
{
  GtkWidget *channel = ui_find_named (GTK_WIDGET (dialog), "channel");

  fill_referral (dialog, data);
  g_assert_nonnull (channel);
  /* an agency is not reached by text message */
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (channel))), ==, 4);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (channel), 0);
}

typedef struct
{
  PeygirCasePage *page;
  const char     *note;
  const char     *number;
  const char     *date;
  GFile          *scan;
} AnswerFill;

/* The answer with the agency's own letter: number, date, scan. A date
 * that is not one keeps the dialog from applying. */
static void
fill_answer (AdwMessageDialog *dialog,
             gpointer          data)
{
  AnswerFill *fill = data;
  GtkWidget *number = ui_find_named (GTK_WIDGET (dialog), "answer-number");
  GtkWidget *date = ui_find_named (GTK_WIDGET (dialog), "answer-date");

  fill_referral (dialog, (gpointer) fill->note);
  g_assert_nonnull (number);
  g_assert_nonnull (date);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "apply"));
  gtk_editable_set_text (GTK_EDITABLE (date), "۱۴۰۵/۱۳/۴۰");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "apply"));
  gtk_editable_set_text (GTK_EDITABLE (date), fill->date);
  gtk_editable_set_text (GTK_EDITABLE (number), fill->number);
  peygir_case_page_set_answer_file (fill->page, fill->scan);
  ui_screenshot (GTK_WIDGET (dialog), "answer-dialog");
}

static gint64
intake_through_the_form (PeygirWindow *window)
{
  PeygirIntakePage *intake;
  g_autofree char *national_id = national_id_from ("004123456");
  g_autofree char *wrong = g_strdup (national_id);
  g_autofree char *persian_id = peygir_text_digits_to_persian (national_id);
  GtkWidget *agency;
  gint64 case_id;

  ui_activate (GTK_WIDGET (window), "inbox.new-case", NULL);
  ui_wait_idle (window);
  g_assert_cmpstr (peygir_window_get_page (window), ==, "intake");
  intake = peygir_window_get_intake_page (window);
  g_assert_false (ui_action_enabled (GTK_WIDGET (intake), "intake.save"));

  fill (intake, "name", "سعید سلیمانی");
  fill (intake, "address", "خیابان امام، کوچه ۱۲، پلاک ۴");
  fill (intake, "subject", "تأخیر در پرداخت حقوق");
  fill (intake, "description", "حقوق سه ماه گذشته پرداخت نشده است.");

  /* A mistyped digit shows on the field as it is typed. */
  wrong[9] = wrong[9] == '9' ? '0' : wrong[9] + 1;
  fill (intake, "national-id", wrong);
  g_assert_nonnull (peygir_intake_page_get_field_error (intake, "national-id"));
  g_assert_true (gtk_widget_has_css_class (peygir_intake_page_get_field (intake, "national-id"), "error"));
  fill (intake, "mobile", "08123456789");
  g_assert_nonnull (peygir_intake_page_get_field_error (intake, "mobile"));
  g_assert_false (ui_action_enabled (GTK_WIDGET (intake), "intake.save"));

  /* Persian digits are as good as any. */
  fill (intake, "national-id", persian_id);
  g_assert_null (peygir_intake_page_get_field_error (intake, "national-id"));
  fill (intake, "mobile", "۰۹۱۲ ۱۲۳ ۴۵۶۷");
  g_assert_null (peygir_intake_page_get_field_error (intake, "mobile"));

  ui_wait_idle (window);
  agency = peygir_intake_page_get_field (intake, "agency");
  {
    GListModel *names = gtk_drop_down_get_model (GTK_DROP_DOWN (agency));
    guint found = GTK_INVALID_LIST_POSITION;

    /* "None", then the office's agencies. */
    g_assert_cmpuint (g_list_model_get_n_items (names), >, 2);
    for (guint i = 0; i < g_list_model_get_n_items (names); i++)
      if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (names), i), FIXTURE_AGENCY_A) == 0)
        found = i;
    g_assert_cmpuint (found, !=, GTK_INVALID_LIST_POSITION);
    gtk_drop_down_set_selected (GTK_DROP_DOWN (agency), found);
  }

  g_assert_true (ui_action_enabled (GTK_WIDGET (intake), "intake.save"));
  ui_activate (GTK_WIDGET (intake), "intake.save", NULL);
  ui_wait_idle (window);
  case_id = peygir_intake_page_get_saved_case_id (intake);
  g_assert_cmpint (case_id, >, 0);

  ui_activate (GTK_WIDGET (intake), "intake.open-case", NULL);
  ui_wait_idle (window);
  g_assert_cmpstr (peygir_window_get_page (window), ==, "case");
  g_assert_cmpint (shown_case (window)->id, ==, case_id);
  return case_id;
}

static void
test_whole_case (StoreFixture  *f,
                 gconstpointer  data)
{
  PeygirWindow *expert = ui_window_new (f->store, "expert");
  PeygirWindow *manager = ui_window_new (f->store, "manager");
  PeygirWindow *secretariat = ui_window_new (f->store, "secretary");
  g_auto(GStrv) queues = peygir_window_list_queues (expert);
  const PeygirReferral *referral;
  PeygirDay due;
  gint64 id;

  g_assert_true (g_strv_contains ((const char * const *) queues, "new"));
  g_assert_true (g_strv_contains ((const char * const *) queues, "overdue"));
  g_assert_false (g_strv_contains ((const char * const *) queues, "to-approve"));
  g_assert_false (g_strv_contains ((const char * const *) queues, "to-register"));
  /* Only those who take cases in may open the form. */
  g_assert_true (ui_action_enabled (GTK_WIDGET (expert), "inbox.new-case"));
  g_assert_false (ui_action_enabled (GTK_WIDGET (manager), "inbox.new-case"));

  id = intake_through_the_form (expert);
  g_assert_cmpint (shown_case (expert)->state, ==, PEYGIR_STATE_RECEIVED);
  g_assert_cmpint (shown_case (expert)->agency_id, ==, f->agency_a);
  assert_allowed_as_table (expert);
  g_assert_true (can (expert, PEYGIR_ACTION_REVIEW));
  ui_show_case (manager, id);
  assert_allowed_as_table (manager);
  g_assert_false (can (manager, PEYGIR_ACTION_REVIEW));
  ui_show_case (secretariat, id);
  assert_allowed_as_table (secretariat);
  g_assert_false (can (secretariat, PEYGIR_ACTION_REVIEW));

  act_in_window (expert, PEYGIR_ACTION_REVIEW, NULL, NULL);
  g_assert_cmpint (shown_case (expert)->state, ==, PEYGIR_STATE_IN_REVIEW);
  g_assert_false (can (expert, PEYGIR_ACTION_REGISTER));
  g_assert_true (can (expert, PEYGIR_ACTION_REJECT));

  ui_show_case (secretariat, id);
  g_assert_true (can (secretariat, PEYGIR_ACTION_REGISTER));
  g_assert_false (can (secretariat, PEYGIR_ACTION_REJECT));
  act_in_window (secretariat, PEYGIR_ACTION_REGISTER, NULL, NULL);
  g_assert_cmpint (shown_case (secretariat)->state, ==, PEYGIR_STATE_REGISTERED);
  g_assert_nonnull (shown_case (secretariat)->registration_number);

  ui_show_case (expert, id);
  g_assert_true (can (expert, PEYGIR_ACTION_REFER));
  g_assert_false (can (manager, PEYGIR_ACTION_REFER));
  act_in_window (expert, PEYGIR_ACTION_REFER, fill_refer, NULL);
  g_assert_cmpint (shown_case (expert)->state, ==, PEYGIR_STATE_WITH_MANAGER);

  ui_show_case (manager, id);
  g_assert_true (can (manager, PEYGIR_ACTION_APPROVE));
  g_assert_true (can (manager, PEYGIR_ACTION_RETURN));
  g_assert_false (can (expert, PEYGIR_ACTION_APPROVE));
  act_in_window (manager, PEYGIR_ACTION_APPROVE, NULL, NULL);
  g_assert_cmpint (shown_case (manager)->state, ==, PEYGIR_STATE_REFERRED);

  ui_show_case (secretariat, id);
  g_assert_true (can (secretariat, PEYGIR_ACTION_DISPATCH));
  {
    g_auto(GStrv) printed = print_and_send (secretariat, "case.dispatch", "send");

    referral = g_ptr_array_index (shown_case (secretariat)->referrals, 0);
    g_assert_cmpint (referral->state, ==, PEYGIR_REFERRAL_DISPATCHED);
    g_assert_cmpstr (referral->letter_number, ==, printed[0]);
  }
  g_assert_false (referral->overdue);
  due = referral->due;

  /* Past the agency's deadline the answer is overdue: the expert's queue
   * shows it, the referral stands out, and a follow-up sets a new one. */
  peygir_clock_set_now (peygir_day_to_unix (peygir_day_add_days (due, 3)) + 9 * 3600);
  ui_activate (GTK_WIDGET (expert), "inbox.retry", NULL);
  ui_show_case (expert, id);
  ui_wait_idle (expert);
  g_assert_cmpint (peygir_window_get_queue_count (expert, "overdue"), ==, 1);
  referral = g_ptr_array_index (shown_case (expert)->referrals, 0);
  g_assert_true (referral->overdue);
  g_assert_true (shown_case (expert)->overdue);
  ui_screenshot (GTK_WIDGET (expert), "case-page-overdue");
  g_assert_true (can (expert, PEYGIR_ACTION_FOLLOW_UP));
  ui_show_case (manager, id);
  g_assert_false (can (manager, PEYGIR_ACTION_APPROVE_REMINDER));
  act_in_window (expert, PEYGIR_ACTION_FOLLOW_UP, fill_follow_up_by_letter, "با توجه به فوریت موضوع، پاسخ را زودتر اعلام فرمایید.");
  referral = g_ptr_array_index (shown_case (expert)->referrals, 0);
  g_assert_cmpint (referral->follow_ups, ==, 1);
  g_assert_false (referral->overdue);
  g_assert_cmpint (referral->due, >, due);
  g_assert_cmpint (referral->reminder, ==, PEYGIR_REMINDER_DRAFT);

  /* the reminder waits for the manager who signs it */
  ui_activate (GTK_WIDGET (manager), "inbox.retry", NULL);
  ui_show_case (manager, id);
  ui_wait_idle (manager);
  g_assert_cmpint (peygir_window_get_queue_count (manager, "reminders-to-approve"), ==, 1);
  g_assert_true (can (manager, PEYGIR_ACTION_APPROVE_REMINDER));
  act_in_window (manager, PEYGIR_ACTION_APPROVE_REMINDER, fill_referral, NULL);
  referral = g_ptr_array_index (shown_case (manager)->referrals, 0);
  g_assert_cmpint (referral->reminder, ==, PEYGIR_REMINDER_APPROVED);
  g_assert_false (can (manager, PEYGIR_ACTION_APPROVE_REMINDER));

  ui_show_case (secretariat, id);
  {
    g_auto(GStrv) printed = print_and_send (secretariat, "case.dispatch", "send");

    referral = g_ptr_array_index (shown_case (secretariat)->referrals, 0);
    g_assert_cmpint (referral->reminder, ==, PEYGIR_REMINDER_SENT);
    g_assert_cmpstr (referral->last_reminder_number, ==, printed[0]);
  }

  ui_show_case (secretariat, id);
  g_assert_true (can (secretariat, PEYGIR_ACTION_ANSWER));
  {
    g_autofree char *dir = peygir_test_dir_new ();
    g_autofree char *path = g_build_filename (dir, "پاسخ اداره.pdf", NULL);
    g_autoptr(GFile) scan = g_file_new_for_path (path);
    g_autofree char *today = peygir_day_format (peygir_day_today (), PEYGIR_DATE_NUMERIC);
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) documents = NULL;
    AnswerFill fill = { peygir_window_get_case_page (secretariat), "پرداخت حقوق انجام شد.", "۷۸۹/ب", today, scan };

    g_assert_true (g_file_set_contents (path, "%PDF-1.4 scan", -1, &error));
    act_in_window (secretariat, PEYGIR_ACTION_ANSWER, fill_answer, &fill);
    g_assert_cmpint (shown_case (secretariat)->state, ==, PEYGIR_STATE_ANSWERED);
    referral = g_ptr_array_index (shown_case (secretariat)->referrals, 0);
    g_assert_cmpstr (referral->answer_number, ==, "789/ب");
    g_assert_cmpint (referral->answer_date, ==, peygir_day_today ());
    g_assert_cmpint (referral->answer_document_id, >, 0);
    documents = peygir_store_list_documents (f->store, id, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (documents->len, ==, 1);
    g_assert_cmpstr (((PeygirDocument *) documents->pdata[0])->name, ==, "پاسخ اداره.pdf");
    peygir_test_dir_free (g_steal_pointer (&dir));
  }

  ui_show_case (expert, id);
  g_assert_true (can (expert, PEYGIR_ACTION_NOTIFY));
  g_assert_false (can (secretariat, PEYGIR_ACTION_NOTIFY));
  act_in_window (expert, PEYGIR_ACTION_NOTIFY, fill_channel, "به متقاضی پیامک شد.");
  g_assert_cmpint (shown_case (expert)->state, ==, PEYGIR_STATE_CLOSED);
  g_assert_false (can (expert, PEYGIR_ACTION_REOPEN));

  ui_show_case (manager, id);
  assert_allowed_as_table (manager);
  g_assert_true (can (manager, PEYGIR_ACTION_REOPEN));

  ui_window_close (secretariat);
  ui_window_close (manager);
  ui_window_close (expert);
}

static void
test_rejected_case (StoreFixture  *f,
                    gconstpointer  data)
{
  g_autofree char *national_id = national_id_from ("001234567");
  g_autoptr(PeygirCase) kase = ui_create_case (f->store, "expert", f->agency_b, national_id);
  PeygirWindow *expert = ui_window_new (f->store, "expert");
  PeygirWindow *secretariat = ui_window_new (f->store, "secretary");

  ui_show_case (expert, kase->id);
  act_in_window (expert, PEYGIR_ACTION_REVIEW, NULL, NULL);
  act_in_window (expert, PEYGIR_ACTION_REJECT, fill_reason, "موضوع در صلاحیت این دفتر نیست.");
  g_assert_cmpint (shown_case (expert)->state, ==, PEYGIR_STATE_REJECTED);

  ui_show_case (secretariat, kase->id);
  assert_allowed_as_table (secretariat);
  g_assert_false (can (secretariat, PEYGIR_ACTION_NOTIFY));
  g_assert_false (can (secretariat, PEYGIR_ACTION_REOPEN));
  assert_allowed_as_table (expert);

  g_assert_true (can (expert, PEYGIR_ACTION_NOTIFY));
  act_in_window (expert, PEYGIR_ACTION_NOTIFY, fill_channel, "حضوری اعلام شد.");
  g_assert_cmpint (shown_case (expert)->state, ==, PEYGIR_STATE_CLOSED);

  ui_window_close (secretariat);
  ui_window_close (expert);
}

/* Another desk changes the case after this one read it: this desk's action
 * is refused, the dialog says so and what changed, and nothing is overwritten. */
static void
test_stale_save (StoreFixture  *f,
                 gconstpointer  data)
{
  g_autofree char *national_id = national_id_from ("002345678");
  g_autoptr(PeygirCase) kase = ui_create_case (f->store, "expert", f->agency_a, national_id);
  g_autoptr(PeygirCase) other_after = NULL;
  g_autoptr(PeygirCase) now = NULL;
  g_autoptr(PeygirStore) other_desk = NULL;
  g_autoptr(GError) error = NULL;
  PeygirWindow *expert = ui_window_new (f->store, "expert");
  PeygirCasePage *page = peygir_window_get_case_page (expert);
  AdwMessageDialog *dialog;

  ui_show_case (expert, kase->id);
  g_assert_cmpint (shown_case (expert)->version, ==, kase->version);

  other_desk = peygir_store_open (f->path, PEYGIR_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  other_after = act_on (other_desk, kase->id, PEYGIR_ACTION_REVIEW, "expert", NULL);
  other_after = (peygir_case_free (other_after),
                 act_on (other_desk, kase->id, PEYGIR_ACTION_REJECT, "expert", "تکراری است."));

  /* This desk still shows the case as received and reviews it. */
  g_assert_cmpint (shown_case (expert)->state, ==, PEYGIR_STATE_RECEIVED);
  ui_activate (GTK_WIDGET (page), "case.review", NULL);
  ui_wait_idle (expert);

  dialog = peygir_case_page_get_dialog (page);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, _("Someone Else Changed This Case"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), peygir_state_label (PEYGIR_STATE_REJECTED)));
  g_test_message ("conflict: %s", adw_message_dialog_get_body (dialog));

  now = peygir_store_get_case (f->store, kase->id, PEYGIR_CASE_DETAIL_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (now->version, ==, other_after->version);
  g_assert_cmpint (now->state, ==, PEYGIR_STATE_REJECTED);

  /* The page shows the case as it is now. */
  g_assert_cmpint (shown_case (expert)->state, ==, PEYGIR_STATE_REJECTED);
  g_object_ref (dialog);
  adw_message_dialog_response (dialog, "close");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
  g_assert_null (peygir_case_page_get_dialog (page));

  ui_window_close (expert);
}

/* Opens the "Attach Documents" chooser through @action on @widget and
 * answers it with @file, as a person would. */
static void
attach_through_chooser (GtkWidget  *widget,
                        const char *action,
                        GFile      *file)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWindow *dialog = NULL;

  ui_activate (widget, action, NULL);
  ui_iterate (50);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && dialog == NULL; i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        dialog = window;
    }
  g_assert_nonnull (dialog);
  g_assert_true (gtk_file_chooser_set_file (GTK_FILE_CHOOSER (dialog), file, NULL));
  ui_iterate (500);
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  ui_iterate (50);
}

/* At intake, the applicant's earlier case is found by national ID and the
 * new one linked to it as a repeat. */
static void
test_repeat (StoreFixture  *f,
             gconstpointer  data)
{
  g_autofree char *national_id = national_id_from ("005678901");
  g_autoptr(PeygirCase) earlier = ui_create_case (f->store, "expert", f->agency_a, national_id);
  g_autoptr(PeygirCase) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirCaseItem) found = NULL;
  g_autoptr(GPtrArray) documents = NULL;
  g_autofree char *scan_path = NULL;
  g_autoptr(GFile) scan = NULL;
  PeygirWindow *window = ui_window_new (f->store, "expert");
  PeygirIntakePage *intake;

  ui_activate (GTK_WIDGET (window), "inbox.new-case", NULL);
  ui_wait_idle (window);
  intake = peygir_window_get_intake_page (window);
  g_assert_cmpuint (g_list_model_get_n_items (peygir_intake_page_get_earlier_cases (intake)), ==, 0);
  fill (intake, "name", "سعید سلیمانی");
  fill (intake, "national-id", national_id);
  fill (intake, "mobile", "09351234567");
  fill (intake, "address", "خیابان امام");
  fill (intake, "subject", "پیگیری دوباره همان شکایت");
  fill (intake, "description", "پاسخی نرسیده است.");
  ui_wait_idle (window);
  /* A complaint names its agency before it can be saved; a request need not. */
  g_assert_false (ui_action_enabled (GTK_WIDGET (intake), "intake.save"));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (peygir_intake_page_get_field (intake, "kind")), PEYGIR_KIND_REQUEST);
  g_assert_true (ui_action_enabled (GTK_WIDGET (intake), "intake.save"));

  g_assert_cmpuint (g_list_model_get_n_items (peygir_intake_page_get_earlier_cases (intake)), ==, 1);
  found = g_list_model_get_item (peygir_intake_page_get_earlier_cases (intake), 0);
  g_assert_cmpint (peygir_case_item_get_id (found), ==, earlier->id);
  peygir_intake_page_link_repeat (intake, earlier->id);

  /* The applicant's letter, scanned, goes in with the case. */
  scan_path = g_build_filename (f->dir, "نامه متقاضی.txt", NULL);
  g_assert_true (g_file_set_contents (scan_path, "نامه", -1, NULL));
  scan = g_file_new_for_path (scan_path);
  attach_through_chooser (GTK_WIDGET (intake), "intake.add-files", scan);

  ui_activate (GTK_WIDGET (intake), "intake.save", NULL);
  ui_wait_idle (window);
  g_assert_cmpint (peygir_intake_page_get_saved_case_id (intake), >, 0);
  saved = peygir_store_get_case (f->store, peygir_intake_page_get_saved_case_id (intake),
                                 PEYGIR_CASE_DETAIL_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (saved->linked_case_id, ==, earlier->id);

  ui_screenshot (GTK_WIDGET (window), "intake-saved");

  /* It is on the case page, and another one can be added there. */
  ui_activate (GTK_WIDGET (intake), "intake.open-case", NULL);
  ui_wait_idle (window);
  g_assert_cmpuint (peygir_case_page_get_n_documents (peygir_window_get_case_page (window)), ==, 1);
  attach_through_chooser (GTK_WIDGET (peygir_window_get_case_page (window)), "case.add-document", scan);
  ui_wait_idle (window);
  g_assert_cmpuint (peygir_case_page_get_n_documents (peygir_window_get_case_page (window)), ==, 2);
  documents = peygir_store_list_documents (f->store, saved->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (documents->len, ==, 2);
  g_assert_cmpstr (((const PeygirDocument *) g_ptr_array_index (documents, 0))->name, ==, "نامه متقاضی.txt");

  ui_window_close (window);
}

typedef struct
{
  PeygirStore    *store;
  gint64          case_id;
  GFile          *file;
  GMutex          mutex;
  GCond           cond;
  gboolean        done;
  PeygirDocument *document;
  GError         *error;
} AttachRun;

static gpointer
attach_thread (gpointer data)
{
  AttachRun *run = data;
  GError *error = NULL;
  PeygirDocument *document = peygir_session_attach_file (run->store, "expert", run->case_id, run->file,
                                                         NULL, &error);

  g_mutex_lock (&run->mutex);
  run->document = document;
  run->error = error;
  run->done = TRUE;
  g_cond_signal (&run->cond);
  g_mutex_unlock (&run->mutex);
  return NULL;
}

/* What the desk's worker does to attach @path, with a watchdog: a file that
 * blocks it fails the test instead of hanging it. */
static PeygirDocument *
attach_watched (PeygirStore  *store,
                gint64        case_id,
                const char   *path,
                GError      **error)
{
  AttachRun *run = g_new0 (AttachRun, 1);
  gint64 deadline = g_get_monotonic_time () + 30 * G_TIME_SPAN_SECOND;
  PeygirDocument *document;

  run->store = store;
  run->case_id = case_id;
  run->file = g_file_new_for_path (path);
  g_mutex_init (&run->mutex);
  g_cond_init (&run->cond);
  g_thread_unref (g_thread_new ("attach", attach_thread, run));
  g_mutex_lock (&run->mutex);
  while (!run->done)
    {
      if (!g_cond_wait_until (&run->cond, &run->mutex, deadline))
        g_error ("attaching %s did not return in 30 seconds", path);
    }
  g_mutex_unlock (&run->mutex);

  document = run->document;
  if (run->error != NULL)
    g_propagate_error (error, run->error);
  g_object_unref (run->file);
  g_mutex_clear (&run->mutex);
  g_cond_clear (&run->cond);
  g_free (run);
  return document;
}

/* The desk attaches regular files only, of a size it knows before reading
 * them, and names their type as a MIME type. */
static void
test_attach_files (StoreFixture  *f,
                   gconstpointer  data)
{
  g_autofree char *national_id = national_id_from ("007123456");
  g_autoptr(PeygirCase) kase = ui_create_case (f->store, "expert", f->agency_a, national_id);
  g_autofree char *fifo = g_build_filename (f->dir, "scan.pdf", NULL);
  g_autofree char *zero = g_build_filename (f->dir, "zero.pdf", NULL);
  g_autofree char *big = g_build_filename (f->dir, "big.pdf", NULL);
  g_autofree char *letter = g_build_filename (f->dir, "letter", NULL);
  g_autoptr(GFile) fifo_file = g_file_new_for_path (fifo);
  g_autoptr(GPtrArray) documents = NULL;
  g_autoptr(GError) error = NULL;
  const char *not_regular[] = { fifo, zero, f->dir };
  PeygirWindow *window;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_cmpint (symlink ("/dev/zero", zero), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (not_regular); i++)
    {
      g_autoptr(PeygirDocument) document = attach_watched (f->store, kase->id, not_regular[i], &error);

      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
      g_assert_null (document);
      g_clear_error (&error);
    }

  /* Over the limit: refused by its size, whatever is in it. */
  g_assert_true (g_file_set_contents (big, "", 0, NULL));
  g_assert_cmpint (truncate (big, 21 * 1024 * 1024), ==, 0);
  {
    g_autoptr(PeygirDocument) document = attach_watched (f->store, kase->id, big, &error);

    g_assert_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_TOO_LARGE);
    g_assert_null (document);
    g_clear_error (&error);
  }

  /* A PDF without an extension is known by its first bytes. */
  g_assert_true (g_file_set_contents (letter, "%PDF-1.4\n% a scan\n", -1, NULL));
  {
    g_autoptr(PeygirDocument) document = attach_watched (f->store, kase->id, letter, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (document->content_type, ==, "application/pdf");
    g_assert_cmpint (document->size, ==, strlen ("%PDF-1.4\n% a scan\n"));
  }

  /* Through the case page, the refusal is told and nothing is added. */
  window = ui_window_new (f->store, "expert");
  ui_show_case (window, kase->id);
  peygir_case_page_add_file (peygir_window_get_case_page (window), fifo_file);
  ui_wait_idle (window);
  g_assert_cmpuint (peygir_case_page_get_n_documents (peygir_window_get_case_page (window)), ==, 1);
  documents = peygir_store_list_documents (f->store, kase->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (documents->len, ==, 1);
  ui_window_close (window);
}

/* A file opened read-only: everything shows, nothing can be changed. */
static void
test_read_only (StoreFixture  *f,
                gconstpointer  data)
{
  g_autofree char *national_id = national_id_from ("006789012");
  g_autoptr(PeygirCase) kase = ui_create_case (f->store, "expert", f->agency_a, national_id);
  g_autoptr(PeygirStore) read_only = NULL;
  g_autoptr(GError) error = NULL;
  PeygirWindow *window;

  read_only = peygir_store_open (f->path, PEYGIR_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_true (peygir_store_is_read_only (read_only));
  window = ui_window_new (read_only, "expert");
  g_assert_false (ui_action_enabled (GTK_WIDGET (window), "inbox.new-case"));
  ui_show_case (window, kase->id);
  g_assert_false (can (window, PEYGIR_ACTION_REVIEW));
  g_assert_cmphex (shown_buttons (window), ==, 0);
  ui_window_close (window);
}

/* The manager's view of the whole office: a step of the chart shows its
 * cases in the inbox. The expert has no such page. */
static void
test_office (StoreFixture  *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  PeygirWindow *expert;
  PeygirWindow *manager;
  PeygirOfficePage *office;
  PeygirStepFigures figures[PEYGIR_N_STATES];
  gint64 by_state[PEYGIR_N_STATES];

  g_assert_true (peygir_demo_fill (f->store, 60, 5, NULL, NULL, &error));
  g_assert_no_error (error);
  expert = ui_window_new (f->store, "expert");
  g_assert_false (peygir_window_select_queue (expert, "office"));
  manager = ui_window_new (f->store, "manager");
  g_assert_true (peygir_window_select_queue (manager, "office"));
  ui_wait_idle (manager);
  g_assert_cmpstr (peygir_window_get_page (manager), ==, "office");

  office = peygir_window_get_office_page (manager);
  g_assert_true (peygir_office_page_get_figures (office, figures));
  g_assert_true (peygir_store_count_by_state (f->store, by_state, &error));
  g_assert_no_error (error);
  g_assert_cmpint (by_state[PEYGIR_STATE_REFERRED], >, 0);
  ui_screenshot (GTK_WIDGET (manager), "office");

  g_signal_emit_by_name (office, "step-activated", (int) PEYGIR_STATE_REFERRED, FALSE);
  ui_wait_idle (manager);
  g_assert_cmpstr (peygir_window_get_page (manager), ==, "inbox");
  g_assert_cmpuint (g_list_model_get_n_items (peygir_window_get_shown_model (manager)), ==,
                    by_state[PEYGIR_STATE_REFERRED]);

  ui_window_close (manager);
  ui_window_close (expert);
}

static gboolean
print_queue_filled (gpointer data)
{
  return peygir_print_queue_page_get_n_letters (data) == 1;
}

static gboolean
preview_shown (gpointer data)
{
  guint *toplevels = data;

  return g_list_model_get_n_items (gtk_window_get_toplevels ()) > *toplevels;
}

/* The letters in the window: the secretariat's print queue, and each
 * case's letters shown from the case page. */
static void
test_letters (StoreFixture  *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *national_id = national_id_from ("004512378");
  g_autoptr(PeygirCase) kase = ui_create_case (f->store, "expert", f->agency_a, national_id);
  g_autoptr(PeygirCase) approved = NULL;
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;
  gint64 agencies[1] = { f->agency_a };
  PeygirWindow *expert;
  PeygirWindow *secretariat;
  GtkWidget *page;
  guint toplevels;

  g_clear_pointer (&approved, peygir_case_free);
  approved = review_and_register (f, kase->id);
  request.case_id = kase->id;
  request.action = PEYGIR_ACTION_REFER;
  request.actor_login = "expert";
  request.note = "احتراماً، شکایت پیوست جهت رسیدگی ارسال می‌گردد.";
  request.agency_ids = agencies;
  request.n_agency_ids = 1;
  g_clear_pointer (&approved, peygir_case_free);
  approved = peygir_store_apply_action (f->store, &request, &error);
  g_assert_no_error (error);
  g_clear_pointer (&approved, peygir_case_free);
  approved = act (f, kase->id, PEYGIR_ACTION_APPROVE, "manager", NULL);

  /* only the secretariat has the print queue */
  expert = ui_window_new (f->store, "expert");
  g_assert_false (peygir_window_select_queue (expert, "to-dispatch"));
  secretariat = ui_window_new (f->store, "secretary");
  g_assert_true (peygir_window_select_queue (secretariat, "to-dispatch"));
  ui_wait_idle (secretariat);
  g_assert_cmpstr (peygir_window_get_page (secretariat), ==, "print-queue");
  ui_wait_for (print_queue_filled, peygir_window_get_print_queue_page (secretariat));

  /* the case page shows the receipt, for anyone */
  peygir_window_show_case (expert, kase->id);
  ui_wait_idle (expert);
  page = GTK_WIDGET (peygir_window_get_case_page (expert));
  toplevels = g_list_model_get_n_items (gtk_window_get_toplevels ());
  ui_activate (page, "case.show-letter", g_variant_new ("(sx)", "referral", approved->referrals != NULL && approved->referrals->len > 0
                                                                   ? ((PeygirReferral *) g_ptr_array_index (approved->referrals, 0))->id : 0));
  ui_wait_for (preview_shown, &toplevels);
  ui_screenshot (GTK_WIDGET (secretariat), "print-queue");

  ui_window_close (secretariat);
  ui_window_close (expert);
}

/* The letter preview of the newest window that has one. */
static PeygirLetterPreview *
newest_preview (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i - 1);
      GtkWidget *preview = ui_find_named (window, "letter-preview");

      if (preview != NULL)
        return PEYGIR_LETTER_PREVIEW (preview);
    }
  return NULL;
}

static gboolean
preview_loaded (gpointer data)
{
  PeygirLetterPreview *preview = newest_preview ();

  return preview != NULL && !peygir_letter_preview_get_loading (preview)
         && peygir_letter_preview_get_pdf (preview) != NULL;
}

static gboolean
answer_sent (PeygirStore *store,
             gint64       case_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirLetterRecord) record = peygir_store_get_answer_letter (store, case_id, &error);

  if (record == NULL)
    g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_FOUND);
  return record != NULL;
}

/* The written answer: looking at it, even as the secretariat, numbers
 * nothing; sending it is an act of its own, which a cancel leaves undone. */
static void
test_answer_letter (StoreFixture  *f,
                    gconstpointer  data)
{
  g_autofree char *national_id = national_id_from ("004512391");
  g_autoptr(PeygirCase) kase = ui_create_case (f->store, "expert", f->agency_a, national_id);
  g_autoptr(PeygirCase) done = NULL;
  PeygirWindow *expert;
  PeygirWindow *secretariat;
  PeygirCasePage *page;
  PeygirLetterPreview *preview;

  done = act (f, kase->id, PEYGIR_ACTION_REVIEW, "expert", NULL);
  g_clear_pointer (&done, peygir_case_free);
  done = act (f, kase->id, PEYGIR_ACTION_REJECT, "expert", "موضوع در صلاحیت مراجع قضایی است.");
  g_assert_cmpint (done->state, ==, PEYGIR_STATE_REJECTED);

  /* the expert sees the answer; only the secretariat sends it */
  expert = ui_window_new (f->store, "expert");
  ui_show_case (expert, kase->id);
  g_assert_false (ui_action_enabled (GTK_WIDGET (peygir_window_get_case_page (expert)), "case.send-answer"));

  secretariat = ui_window_new (f->store, "secretary");
  ui_show_case (secretariat, kase->id);
  page = peygir_window_get_case_page (secretariat);
  g_assert_true (ui_action_enabled (GTK_WIDGET (page), "case.send-answer"));

  ui_activate (GTK_WIDGET (page), "case.show-letter", g_variant_new ("(sx)", "answer", (gint64) 0));
  ui_wait_for (preview_loaded, NULL);
  preview = newest_preview ();
  g_assert_null (peygir_letter_preview_get_number (preview));
  g_assert_false (answer_sent (f->store, kase->id));
  gtk_window_destroy (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (preview))));

  /* printed, but none went out: nothing sent, no number used */
  {
    g_auto(GStrv) printed = print_and_send (secretariat, "case.send-answer", "none");
    g_auto(GStrv) next = peygir_store_peek_letter_numbers (f->store, 1, NULL);

    g_assert_false (answer_sent (f->store, kase->id));
    g_assert_cmpstr (next[0], ==, printed[0]);
    g_assert_true (ui_action_enabled (GTK_WIDGET (page), "case.send-answer"));
  }

  /* printed and sent: numbered as printed, and not offered again */
  {
    g_auto(GStrv) printed = print_and_send (secretariat, "case.send-answer", "send");
    g_autoptr(PeygirLetterRecord) sent = peygir_store_get_answer_letter (f->store, kase->id, NULL);

    g_assert_nonnull (sent);
    g_assert_cmpstr (sent->number, ==, printed[0]);
    g_assert_true (sent->has_pdf);
    g_assert_false (ui_action_enabled (GTK_WIDGET (page), "case.send-answer"));
  }

  ui_window_close (secretariat);
  ui_window_close (expert);
}

static gint64
count_case_events (PeygirStore *store,
                   gint64       case_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = peygir_store_list_events (store, case_id, &error);

  g_assert_no_error (error);
  return events->len;
}

/* The share fails in the middle of an action (a simulated I/O error on its
 * first write): the window says the database cannot be reached, nothing is
 * written, and once the share is back the same action goes through once. */
static void
test_io_error (StoreFixture  *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *national_id = national_id_from ("008812345");
  g_autoptr(PeygirCase) kase = ui_create_case (f->store, "expert", f->agency_a, national_id);
  g_autoptr(PeygirCase) after = NULL;
  g_autoptr(PeygirStore) shared = NULL;
  PeygirWindow *window;
  GtkWidget *page;
  gint64 events = count_case_events (f->store, kase->id);

  /* this desk reaches the file through the simulated share */
  g_setenv ("PEYGIR_VFS_SIM", "", TRUE);
  shared = peygir_store_open (f->path, PEYGIR_STORE_OPEN_DEFAULT, &error);
  g_unsetenv ("PEYGIR_VFS_SIM");
  g_assert_no_error (error);

  window = ui_window_new (shared, "expert");
  peygir_window_show_case (window, kase->id);
  ui_wait_idle (window);
  page = GTK_WIDGET (peygir_window_get_case_page (window));
  g_assert_null (peygir_window_get_banner (window));

  g_assert_true (peygir_vfs_sim_configure ("fail_write=1", &error));
  g_assert_no_error (error);
  ui_activate (page, "case.review", NULL);
  ui_wait_idle (window);
  g_assert_nonnull (peygir_window_get_banner (window));
  g_test_message ("banner: %s", peygir_window_get_banner (window));
  ui_screenshot (GTK_WIDGET (window), "io-error");

  after = peygir_store_get_case (f->store, kase->id, PEYGIR_CASE_DETAIL_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (after->version, ==, kase->version);
  g_assert_cmpint (after->state, ==, PEYGIR_STATE_RECEIVED);
  g_assert_cmpint (count_case_events (f->store, kase->id), ==, events);
  g_assert_true (peygir_store_check (f->store, &error));
  g_assert_no_error (error);

  /* the share is back */
  g_assert_true (peygir_vfs_sim_configure ("", &error));
  ui_activate (GTK_WIDGET (window), "inbox.retry", NULL);
  ui_wait_idle (window);
  g_assert_null (peygir_window_get_banner (window));
  ui_activate (page, "case.review", NULL);
  ui_wait_idle (window);
  g_clear_pointer (&after, peygir_case_free);
  after = peygir_store_get_case (f->store, kase->id, PEYGIR_CASE_DETAIL_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (after->state, ==, PEYGIR_STATE_IN_REVIEW);
  g_assert_cmpint (after->version, ==, kase->version + 1);
  g_assert_cmpint (count_case_events (f->store, kase->id), ==, events + 1);

  ui_window_close (window);
}

/* Another desk's read, its statement stepped and not reset. */
static void
hold_read (const char    *path,
           sqlite3      **db,
           sqlite3_stmt **stmt)
{
  g_assert_cmpint (sqlite3_open_v2 (path, db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (*db, "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (*db, "SELECT count(*) FROM cases", -1, stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (*stmt), ==, SQLITE_ROW);
}

static void
release_read (sqlite3      **db,
              sqlite3_stmt **stmt)
{
  g_clear_pointer (stmt, sqlite3_finalize);
  g_assert_cmpint (sqlite3_exec (*db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  g_clear_pointer (db, sqlite3_close);
}

/* Another desk keeps a read open (its sqlite3 shell, a check, a backup):
 * a save cannot commit. The window says the database is busy, nothing is
 * saved, and what was typed is still there to save again: the intake
 * form's fields, an action dialog's note. */
static void
test_busy_reader (StoreFixture  *f,
                  gconstpointer  data)
{
  const char *reason = "متقاضی مدارک لازم را ارائه نکرده است.";
  static const struct
  {
    const char *field;
    const char *text;
  } typed[] = {
    { "name",        "نرگس امیری" },
    { "address",     "خیابان حافظ، کوچه ۷" },
    { "subject",     "قطعی مکرر برق" },
    { "description", "برق محله هر شب دو ساعت قطع می‌شود." },
    { "mobile",      "09121234567" },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *national_id = national_id_from ("007712345");
  g_autofree char *applicant_id = national_id_from ("005512345");
  g_autoptr(PeygirCase) kase = ui_create_case (f->store, "expert", f->agency_a, national_id);
  g_autoptr(PeygirCase) reviewed = act (f, kase->id, PEYGIR_ACTION_REVIEW, "expert", NULL);
  g_autoptr(PeygirCase) after = NULL;
  PeygirCaseQuery all = { 0 };
  PeygirWindow *window;
  PeygirIntakePage *intake;
  PeygirCasePage *page;
  AdwMessageDialog *dialog;
  GtkWidget *agency;
  sqlite3 *reader = NULL;
  sqlite3_stmt *read = NULL;
  gint64 cases = peygir_store_count_cases (f->store, &all, NULL);
  gint64 events = count_case_events (f->store, kase->id);

  window = ui_window_new (f->store, "expert");
  peygir_store_set_busy_timeout (f->store, 300);

  ui_activate (GTK_WIDGET (window), "inbox.new-case", NULL);
  ui_wait_idle (window);
  intake = peygir_window_get_intake_page (window);
  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    fill (intake, typed[i].field, typed[i].text);
  fill (intake, "national-id", applicant_id);
  agency = peygir_intake_page_get_field (intake, "agency");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (agency), 1);
  ui_wait_idle (window);
  g_assert_true (ui_action_enabled (GTK_WIDGET (intake), "intake.save"));

  hold_read (f->path, &reader, &read);
  ui_activate (GTK_WIDGET (intake), "intake.save", NULL);
  ui_wait_idle (window);
  g_assert_cmpint (peygir_intake_page_get_saved_case_id (intake), ==, 0);
  g_assert_cmpstr (peygir_window_get_page (window), ==, "intake");
  g_test_message ("intake: %s", peygir_intake_page_get_status (intake));
  g_test_message ("banner: %s", peygir_window_get_banner (window));
  g_assert_nonnull (peygir_window_get_banner (window));
  g_assert_cmpstr (peygir_intake_page_get_status (intake), !=, "");
  ui_screenshot (GTK_WIDGET (window), "intake-busy");
  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    {
      GtkWidget *widget = peygir_intake_page_get_field (intake, typed[i].field);
      g_autofree char *text = NULL;

      if (GTK_IS_TEXT_VIEW (widget))
        g_object_get (gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget)), "text", &text, NULL);
      else
        text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (widget)));
      g_assert_cmpstr (text, ==, typed[i].text);
    }
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (peygir_intake_page_get_field (intake, "national-id"))),
                   ==, applicant_id);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (agency)), ==, 1);
  g_assert_true (ui_action_enabled (GTK_WIDGET (intake), "intake.save"));
  g_assert_cmpint (peygir_store_count_cases (f->store, &all, NULL), ==, cases);

  /* once the other desk is done reading, the same form saves */
  release_read (&reader, &read);
  ui_activate (GTK_WIDGET (intake), "intake.save", NULL);
  ui_wait_idle (window);
  g_assert_cmpint (peygir_intake_page_get_saved_case_id (intake), >, 0);
  g_assert_cmpint (peygir_store_count_cases (f->store, &all, NULL), ==, cases + 1);
  g_assert_null (peygir_window_get_banner (window));

  /* an action with a reason: refused as busy, and the reason kept */
  ui_show_case (window, kase->id);
  page = peygir_window_get_case_page (window);
  hold_read (f->path, &reader, &read);
  act_in_window (window, PEYGIR_ACTION_REJECT, fill_reason, (gpointer) reason);
  after = peygir_store_get_case (f->store, kase->id, PEYGIR_CASE_DETAIL_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (after->state, ==, PEYGIR_STATE_IN_REVIEW);
  g_assert_cmpint (count_case_events (f->store, kase->id), ==, events);
  g_assert_nonnull (peygir_window_get_banner (window));

  release_read (&reader, &read);

  {
    g_autofree char *action = peygir_case_page_action_name (PEYGIR_ACTION_REJECT);
    GtkWidget *note;
    g_autofree char *kept = NULL;

    ui_activate (GTK_WIDGET (page), action, NULL);
    dialog = peygir_case_page_get_dialog (page);
    g_assert_nonnull (dialog);
    g_object_ref (dialog);
    ui_iterate (20);
    note = ui_find_named (GTK_WIDGET (dialog), "note");
    g_object_get (gtk_text_view_get_buffer (GTK_TEXT_VIEW (note)), "text", &kept, NULL);
    g_assert_cmpstr (kept, ==, reason);
    g_assert_true (adw_message_dialog_get_response_enabled (dialog, "apply"));
    adw_message_dialog_response (dialog, "apply");
    gtk_window_destroy (GTK_WINDOW (dialog));
    g_object_unref (dialog);
    ui_wait_idle (window);
  }
  g_clear_pointer (&after, peygir_case_free);
  after = peygir_store_get_case (f->store, kase->id, PEYGIR_CASE_DETAIL_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (after->state, ==, PEYGIR_STATE_REJECTED);
  g_assert_null (peygir_window_get_banner (window));

  ui_window_close (window);
}

static void
keep_result_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* On an empty database the first login becomes a user with every role. */
static void
test_first_user (void)
{
  char *dir = peygir_test_dir_new ();
  g_autofree char *path = g_build_filename (dir, "new.db", NULL);
  g_autoptr(PeygirSession) session = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  peygir_session_open_async (path, "first", NULL, NULL, keep_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  session = peygir_session_open_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (peygir_session_get_login (session), ==, "first");
  g_assert_cmpint (peygir_session_get_roles (session), ==, PEYGIR_ROLES_ALL);

  g_clear_object (&session);
  peygir_test_dir_free (dir);
}

static void
test_unknown_user (StoreFixture  *f,
                   gconstpointer  data)
{
  PeygirWindow *window = peygir_window_new (NULL);

  gtk_window_present (GTK_WINDOW (window));
  peygir_window_open_database (window, f->path, "stranger");
  ui_wait_idle (window);
  g_assert_cmpstr (peygir_window_get_page (window), ==, "unknown-user");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/app/first-user", test_first_user);
  g_test_add ("/ui/app/unknown-user", StoreFixture, NULL, fixture_set_up, test_unknown_user, fixture_tear_down);
  g_test_add ("/ui/workflow/whole-case", StoreFixture, NULL, fixture_set_up, test_whole_case, fixture_tear_down);
  g_test_add ("/ui/workflow/rejected", StoreFixture, NULL, fixture_set_up, test_rejected_case, fixture_tear_down);
  g_test_add ("/ui/workflow/stale-save", StoreFixture, NULL, fixture_set_up, test_stale_save, fixture_tear_down);
  g_test_add ("/ui/workflow/repeat", StoreFixture, NULL, fixture_set_up, test_repeat, fixture_tear_down);
  g_test_add ("/ui/workflow/read-only", StoreFixture, NULL, fixture_set_up, test_read_only, fixture_tear_down);
  g_test_add ("/ui/workflow/attach-files", StoreFixture, NULL, fixture_set_up, test_attach_files, fixture_tear_down);
  g_test_add ("/ui/workflow/office", StoreFixture, NULL, fixture_set_up, test_office, fixture_tear_down);
  g_test_add ("/ui/workflow/letters", StoreFixture, NULL, fixture_set_up, test_letters, fixture_tear_down);
  g_test_add ("/ui/workflow/answer-letter", StoreFixture, NULL, fixture_set_up, test_answer_letter,
              fixture_tear_down);
  g_test_add ("/ui/workflow/io-error", StoreFixture, NULL, fixture_set_up, test_io_error, fixture_tear_down);
  g_test_add ("/ui/workflow/busy-reader", StoreFixture, NULL, fixture_set_up, test_busy_reader, fixture_tear_down);

  return g_test_run ();
}
