/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <poppler.h>
#include <stdio.h>
#include <string.h>

#include "peygir-letter-preview.h"
#include "peygir-letter-sender.h"
#include "peygir-print-queue-page.h"
#include "peygir-session.h"
#include "peygir-test-util.h"
#include "peygir-text.h"
#include "test-ui-util.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

/* A case registered, referred to @agency_id and approved through @store:
 * a letter in the secretariat's print queue. */
static PeygirCase *
approved_case_in (PeygirStore *store,
                  gint64       agency_id,
                  const char  *nine)
{
  g_autofree char *national_id = national_id_from (nine);
  g_autoptr(PeygirCase) kase = ui_create_case (store, "expert", agency_id, national_id);
  g_autoptr(PeygirCase) done = NULL;
  g_autoptr(GError) error = NULL;
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;

  done = act_on (store, kase->id, PEYGIR_ACTION_REVIEW, "expert", NULL);
  g_clear_pointer (&done, peygir_case_free);
  done = act_on (store, kase->id, PEYGIR_ACTION_REGISTER, "secretary", NULL);
  g_clear_pointer (&done, peygir_case_free);
  request.case_id = kase->id;
  request.action = PEYGIR_ACTION_REFER;
  request.actor_login = "expert";
  request.note = "متن پیشنهادی نامه";
  request.agency_ids = &agency_id;
  request.n_agency_ids = 1;
  done = peygir_store_apply_action (store, &request, &error);
  g_assert_no_error (error);
  g_clear_pointer (&done, peygir_case_free);
  done = act_on (store, kase->id, PEYGIR_ACTION_APPROVE, "manager", NULL);
  g_assert_cmpint (done->state, ==, PEYGIR_STATE_REFERRED);
  return peygir_store_get_case (store, kase->id, PEYGIR_CASE_DETAIL_REFERRALS, NULL);
}

static PeygirCase *
approved_case (StoreFixture *fixture,
               gint64        agency_id,
               const char   *nine)
{
  return approved_case_in (fixture->store, agency_id, nine);
}

static PeygirSession *
session_new (StoreFixture *fixture,
             const char   *login)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirUser) user = peygir_store_find_user (fixture->store, login, &error);

  g_assert_no_error (error);
  return peygir_session_new (fixture->store, user);
}

/* The page count of the PDF at @path, each page A4; its text from
 * pdftotext (reading order, unlike poppler_page_get_text ()), normalised,
 * bidi marks taken as spaces. */
static char *
pdf_file_text (const char *path,
               int        *n_pages)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_filename_to_uri (path, NULL, &error);
  g_autoptr(PopplerDocument) document = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GString) text = NULL;
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };
  int status = 0;

  g_assert_no_error (error);
  document = poppler_document_new_from_file (uri, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (document);
  *n_pages = poppler_document_get_n_pages (document);
  for (int i = 0; i < *n_pages; i++)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (document, i);
      double width, height;

      poppler_page_get_size (page, &width, &height);
      g_assert_cmpfloat_with_epsilon (width, 595.276, 1.0);
      g_assert_cmpfloat_with_epsilon (height, 841.89, 1.0);
    }

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, &error));
  g_assert_no_error (error);
  text = g_string_new (out);
  g_string_replace (text, "\u200e", " ", 0);
  g_string_replace (text, "\u200f", " ", 0);
  g_string_replace (text, "\u061c", " ", 0);
  return peygir_text_normalize (text->str);
}

/* @expected, normalised, in @text. Printing through poppler and cairo
 * keeps the glyphs but not always the spaces between runs of another
 * direction ("ص/1" comes back as "ص1"): spaces are not compared. */
static void
assert_text_has (const char *text,
                 const char *expected)
{
  g_autofree char *normalized = peygir_text_normalize (expected);
  g_autoptr(GString) needle = g_string_new (normalized);
  g_autoptr(GString) haystack = g_string_new (text);

  g_string_replace (needle, " ", "", 0);
  g_string_replace (haystack, " ", "", 0);
  if (strstr (haystack->str, needle->str) == NULL)
    {
      fprintf (stderr, "«%s» is not in the printed letters:\n%s\n", normalized, text);
      g_assert_not_reached ();
    }
}

static gboolean
preview_ready (gpointer data)
{
  PeygirLetterPreview *preview = data;

  return !peygir_letter_preview_get_loading (preview)
    && (peygir_letter_preview_get_n_pages (preview) > 0 || peygir_letter_preview_get_problem (preview) != NULL);
}

static gboolean
queue_idle (gpointer data)
{
  return !peygir_print_queue_page_get_busy (data);
}

static void
test_preview (StoreFixture  *fixture,
              gconstpointer  data)
{
  g_autoptr(PeygirCase) kase = approved_case (fixture, fixture->agency_a, "001234567");
  g_autoptr(PeygirCase) sent = NULL;
  g_autoptr(PeygirSession) session = session_new (fixture, "secretary");
  g_autofree char *dir = peygir_test_dir_new ();
  g_autofree char *printed = g_build_filename (dir, "printed.pdf", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  PeygirReferral *referral;
  PeygirLetterPreview *preview;
  GtkWindow *window;
  double fitted;
  int n_pages = 0;

  sent = act (fixture, kase->id, PEYGIR_ACTION_DISPATCH, "secretary", NULL);
  referral = g_ptr_array_index (sent->referrals, 0);
  g_assert_nonnull (referral->letter_number);

  window = peygir_letter_preview_present (NULL, session, kase->id, PEYGIR_LETTER_REFERRAL, 0);
  gtk_window_set_default_size (window, 800, 1000);
  preview = PEYGIR_LETTER_PREVIEW (ui_find_named (GTK_WIDGET (window), "letter-preview"));
  g_assert_nonnull (preview);
  ui_wait_for (preview_ready, preview);
  g_assert_null (peygir_letter_preview_get_problem (preview));
  g_assert_cmpint (peygir_letter_preview_get_n_pages (preview), ==, 1);
  g_assert_cmpstr (peygir_letter_preview_get_number (preview), ==, referral->letter_number);
  g_assert_nonnull (peygir_letter_preview_get_pdf (preview));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  ui_iterate (200);

  /* fitted to the width, then zoomed, then fitted again */
  fitted = peygir_letter_preview_get_zoom (preview);
  g_assert_cmpfloat (fitted, >, 0.5);
  ui_activate (GTK_WIDGET (preview), "letter.zoom-in", NULL);
  g_assert_cmpfloat (peygir_letter_preview_get_zoom (preview), >, fitted * 1.1);
  ui_activate (GTK_WIDGET (preview), "letter.zoom-out", NULL);
  ui_activate (GTK_WIDGET (preview), "letter.zoom-out", NULL);
  g_assert_cmpfloat (peygir_letter_preview_get_zoom (preview), <, fitted);
  ui_activate (GTK_WIDGET (preview), "letter.zoom-fit", NULL);
  g_assert_cmpfloat_with_epsilon (peygir_letter_preview_get_zoom (preview), fitted, 0.01);
  /* one page: nowhere to turn */
  g_assert_false (ui_action_enabled (GTK_WIDGET (preview), "letter.next-page"));
  g_assert_false (ui_action_enabled (GTK_WIDGET (preview), "letter.previous-page"));
  g_assert_true (ui_action_enabled (GTK_WIDGET (preview), "letter.save"));

  ui_iterate (200);
  ui_screenshot (GTK_WIDGET (window), "letter-preview");

  /* Printed to a file through the print system, without a dialog. */
  peygir_letter_preview_set_export_filename (preview, printed);
  ui_activate (GTK_WIDGET (preview), "letter.print", NULL);
  ui_iterate (100);
  g_assert_true (g_file_test (printed, G_FILE_TEST_IS_REGULAR));
  text = pdf_file_text (printed, &n_pages);
  lines = peygir_test_pdf_lines_left_to_right (printed);
  g_assert_cmpint (n_pages, ==, 1);
  /* the number whole and in its own order: pdftotext's reading order
   * would put its parts around the ص */
  g_assert_true (peygir_test_lines_have (lines, referral->letter_number));
  assert_text_has (text, "سعید سلیمانی");
  assert_text_has (text, "اداره کل آب");
  g_assert_null (peygir_letter_preview_get_problem (preview));

  gtk_window_destroy (window);
  ui_iterate (50);
  peygir_test_dir_free (g_steal_pointer (&dir));
}

/* A long letter text makes a letter of several pages: turned page by page. */
static void
test_preview_pages (StoreFixture  *fixture,
                    gconstpointer  data)
{
  g_autoptr(PeygirSession) session = session_new (fixture, "secretary");
  g_autoptr(PeygirCaseDraft) draft = peygir_case_draft_new ();
  g_autoptr(PeygirCase) kase = NULL;
  g_autoptr(PeygirCase) done = NULL;
  g_autoptr(GString) description = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;
  PeygirLetterPreview *preview;
  GtkWindow *window;
  int n_pages;

  for (guint i = 0; i < 60; i++)
    g_string_append (description, "متقاضی اظهار می‌دارد حقوق سه ماه گذشته وی با وجود پیگیری‌های مکرر پرداخت "
                                  "نشده و پاسخی نیز به درخواست‌های کتبی او داده نشده است. ");
  draft->kind = PEYGIR_KIND_COMPLAINT;
  draft->applicant.type = PEYGIR_APPLICANT_CITIZEN;
  draft->applicant.name = g_strdup ("سعید سلیمانی");
  draft->applicant.national_id = national_id_from ("003456789");
  draft->applicant.mobile = g_strdup ("09121234567");
  draft->subject = g_strdup ("تأخیر در پرداخت حقوق");
  draft->description = g_strdup (description->str);
  draft->category = PEYGIR_CATEGORY_EDUCATION;
  draft->agency_id = fixture->agency_a;
  draft->channel = PEYGIR_CHANNEL_IN_PERSON;
  kase = peygir_store_create_case (fixture->store, "expert", draft, &error);
  g_assert_no_error (error);
  done = review_and_register (fixture, kase->id);
  g_clear_pointer (&done, peygir_case_free);
  request.case_id = kase->id;
  request.action = PEYGIR_ACTION_REFER;
  request.actor_login = "expert";
  /* the expert's letter says it all again */
  request.note = description->str;
  request.agency_ids = &fixture->agency_a;
  request.n_agency_ids = 1;
  done = peygir_store_apply_action (fixture->store, &request, &error);
  g_assert_no_error (error);

  /* referred, not yet approved: a draft of several pages */
  window = peygir_letter_preview_present (NULL, session, kase->id, PEYGIR_LETTER_REFERRAL, 0);
  gtk_window_set_default_size (window, 800, 1000);
  preview = PEYGIR_LETTER_PREVIEW (ui_find_named (GTK_WIDGET (window), "letter-preview"));
  ui_wait_for (preview_ready, preview);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  ui_iterate (100);
  n_pages = peygir_letter_preview_get_n_pages (preview);
  g_assert_cmpint (n_pages, >=, 2);
  g_assert_null (peygir_letter_preview_get_number (preview));
  g_assert_cmpint (peygir_letter_preview_get_page (preview), ==, 0);
  g_assert_false (ui_action_enabled (GTK_WIDGET (preview), "letter.previous-page"));

  for (int i = 1; i < n_pages; i++)
    {
      ui_activate (GTK_WIDGET (preview), "letter.next-page", NULL);
      ui_iterate (20);
      g_assert_cmpint (peygir_letter_preview_get_page (preview), ==, i);
    }
  g_assert_false (ui_action_enabled (GTK_WIDGET (preview), "letter.next-page"));
  ui_activate (GTK_WIDGET (preview), "letter.previous-page", NULL);
  g_assert_cmpint (peygir_letter_preview_get_page (preview), ==, n_pages - 2);

  gtk_window_destroy (window);
  ui_iterate (50);
}

static void
test_preview_problem (StoreFixture  *fixture,
                      gconstpointer  data)
{
  g_autoptr(PeygirSession) session = session_new (fixture, "expert");
  GtkWindow *window;
  PeygirLetterPreview *preview;

  /* a case that does not exist: said plainly, nothing to print */
  window = peygir_letter_preview_present (NULL, session, 4242, PEYGIR_LETTER_RECEIPT, 0);
  preview = PEYGIR_LETTER_PREVIEW (ui_find_named (GTK_WIDGET (window), "letter-preview"));
  ui_wait_for (preview_ready, preview);
  g_assert_nonnull (peygir_letter_preview_get_problem (preview));
  g_assert_cmpint (peygir_letter_preview_get_n_pages (preview), ==, 0);
  g_assert_false (ui_action_enabled (GTK_WIDGET (preview), "letter.print"));
  gtk_window_destroy (window);
  ui_iterate (50);
}

/* The print queue in a window of its own, read as @session. */
typedef struct
{
  GtkWidget            *window;
  GtkWidget            *page;
  PeygirPrintQueuePage *queue;
  char                 *dir;
  char                 *printed;
  /* what the latest run's "finished" said */
  gboolean              finished;
  guint                 n_sent;
  GQuark                error_domain;
  int                   error_code;
} QueueWindow;

static void
queue_window_open (QueueWindow   *qw,
                   PeygirSession *session)
{
  qw->window = gtk_window_new ();
  qw->page = peygir_print_queue_page_new ();
  qw->queue = PEYGIR_PRINT_QUEUE_PAGE (qw->page);
  qw->dir = peygir_test_dir_new ();
  qw->printed = g_build_filename (qw->dir, "queue.pdf", NULL);
  gtk_window_set_child (GTK_WINDOW (qw->window), qw->page);
  gtk_window_set_default_size (GTK_WINDOW (qw->window), 1000, 600);
  gtk_window_present (GTK_WINDOW (qw->window));
  peygir_print_queue_page_set_export_filename (qw->queue, qw->printed);
  peygir_print_queue_page_set_session (qw->queue, session);
  ui_wait_for (queue_idle, qw->queue);
}

static void
queue_window_close (QueueWindow *qw)
{
  gtk_window_destroy (GTK_WINDOW (qw->window));
  ui_iterate (50);
  g_free (qw->printed);
  peygir_test_dir_free (g_steal_pointer (&qw->dir));
}

static void
sender_finished_cb (PeygirLetterSender *sender,
                    guint               n_sent,
                    const GError       *error,
                    QueueWindow        *qw)
{
  qw->finished = TRUE;
  qw->n_sent = n_sent;
  qw->error_domain = error != NULL ? error->domain : 0;
  qw->error_code = error != NULL ? error->code : -1;
}

static gboolean
sender_waits (gpointer data)
{
  PeygirLetterSender *sender = data;
  PeygirLetterSenderStage stage = peygir_letter_sender_get_stage (sender);

  return stage == PEYGIR_LETTER_SENDER_CONFIRMING || stage == PEYGIR_LETTER_SENDER_FINISHED;
}

/* queue.print, up to the confirmation dialog (or the end, when nothing
 * printed): the sender of the run. */
static PeygirLetterSender *
queue_window_print (QueueWindow *qw)
{
  PeygirLetterSender *sender;

  qw->finished = FALSE;
  ui_activate (qw->page, "queue.print", NULL);
  g_assert_true (peygir_print_queue_page_get_busy (qw->queue));
  sender = peygir_print_queue_page_get_sender (qw->queue);
  g_assert_nonnull (sender);
  g_signal_connect (sender, "finished", G_CALLBACK (sender_finished_cb), qw);
  ui_wait_for (sender_waits, sender);
  return sender;
}

/* Ticks the letters as @ticks says ('x' ticked, '-' not), then answers
 * the confirmation with @response; waits for the queue to be read again. */
static void
queue_window_confirm (QueueWindow        *qw,
                      PeygirLetterSender *sender,
                      const char         *ticks,
                      const char         *response)
{
  GtkWindow *dialog = peygir_letter_sender_get_confirmation (sender);

  g_assert_nonnull (dialog);
  for (guint i = 0; ticks != NULL && ticks[i] != '\0'; i++)
    {
      g_autofree char *name = g_strdup_printf ("letter-sent-%u", i);
      GtkWidget *check = ui_find_named (GTK_WIDGET (dialog), name);

      g_assert_nonnull (check);
      g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), ticks[i] == 'x');
    }
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  ui_wait_for (queue_idle, qw->queue);
  ui_iterate (50);
  ui_wait_for (queue_idle, qw->queue);
  g_assert_true (qw->finished);
  g_assert_null (peygir_letter_sender_get_confirmation (sender));
}

static PeygirReferral *
first_referral (PeygirStore *store,
                gint64       case_id,
                PeygirCase **kase)
{
  g_autoptr(GError) error = NULL;

  *kase = peygir_store_get_case (store, case_id, PEYGIR_CASE_DETAIL_REFERRALS, &error);
  g_assert_no_error (error);
  return g_ptr_array_index ((*kase)->referrals, 0);
}

/* Nothing of @case_id was sent: its letter still approved, the register
 * has nothing of it. */
static void
assert_not_sent (PeygirStore *store,
                 gint64       case_id)
{
  g_autoptr(PeygirCase) kase = NULL;
  g_autoptr(GPtrArray) letters = NULL;
  g_autoptr(GError) error = NULL;
  PeygirReferral *referral = first_referral (store, case_id, &kase);

  g_assert_cmpint (referral->state, ==, PEYGIR_REFERRAL_APPROVED);
  g_assert_null (referral->letter_number);
  g_assert_cmpint (referral->due, ==, 0);
  letters = peygir_store_list_letters (store, case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (letters->len, ==, 0);
}

/* @case_id's referral letter sent as letter @index of @sender's job: the
 * number printed on it, the bytes printed kept as the register's copy. */
static void
assert_sent_as_printed (PeygirStore        *store,
                        gint64              case_id,
                        PeygirLetterSender *sender,
                        guint               index)
{
  g_autoptr(PeygirCase) kase = NULL;
  g_autoptr(GBytes) kept = NULL;
  g_autoptr(GError) error = NULL;
  const char *number = peygir_letter_sender_get_printed_numbers (sender)[index];
  PeygirReferral *referral = first_referral (store, case_id, &kase);

  g_assert_cmpint (referral->state, ==, PEYGIR_REFERRAL_DISPATCHED);
  g_assert_cmpstr (referral->letter_number, ==, number);
  g_assert_cmpint (referral->due, >, 0);
  kept = peygir_store_get_letter_pdf (store, number, &error);
  g_assert_no_error (error);
  g_assert_nonnull (kept);
  g_assert_true (g_bytes_equal (kept, peygir_letter_sender_get_printed_pdf (sender, index)));
}

static char *
next_number (PeygirStore *store)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) numbers = peygir_store_peek_letter_numbers (store, 1, &error);

  g_assert_no_error (error);
  return g_strdup (numbers[0]);
}

/* Printed, every letter confirmed: each is sent with the number printed
 * on its page, and the register keeps the bytes printed. */
static void
test_print_queue (StoreFixture  *fixture,
                  gconstpointer  data)
{
  g_autoptr(PeygirCase) first = approved_case (fixture, fixture->agency_a, "001234567");
  g_autoptr(PeygirCase) second = approved_case (fixture, fixture->agency_b, "002345678");
  g_autoptr(PeygirSession) session = session_new (fixture, "secretary");
  g_autoptr(PeygirSession) expert = session_new (fixture, "expert");
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree char *text = NULL;
  const char * const *numbers;
  PeygirLetterSender *sender;
  QueueWindow qw = { 0, };
  gint64 case_ids[] = { first->id, second->id };
  int n_pages = 0;

  /* an expert sees the queue but cannot print it */
  queue_window_open (&qw, expert);
  g_assert_cmpuint (peygir_print_queue_page_get_n_letters (qw.queue), ==, 2);
  g_assert_false (ui_action_enabled (qw.page, "queue.print"));

  peygir_print_queue_page_set_session (qw.queue, session);
  ui_wait_for (queue_idle, qw.queue);
  g_assert_cmpuint (peygir_print_queue_page_get_n_letters (qw.queue), ==, 2);
  g_assert_true (ui_action_enabled (qw.page, "queue.print"));
  ui_iterate (200);
  ui_screenshot (qw.window, "print-queue");

  sender = queue_window_print (&qw);
  g_assert_cmpint (peygir_letter_sender_get_stage (sender), ==, PEYGIR_LETTER_SENDER_CONFIRMING);

  /* printed, not yet sent: nothing recorded while the dialog is open */
  for (guint i = 0; i < G_N_ELEMENTS (case_ids); i++)
    assert_not_sent (fixture->store, case_ids[i]);

  /* one job, a page for each letter, each with the number it will have */
  numbers = peygir_letter_sender_get_printed_numbers (sender);
  g_assert_nonnull (numbers);
  g_assert_cmpuint (g_strv_length ((char **) numbers), ==, 2);
  text = pdf_file_text (qw.printed, &n_pages);
  lines = peygir_test_pdf_lines_left_to_right (qw.printed);
  g_assert_cmpint (n_pages, ==, 2);
  g_assert_true (peygir_test_lines_have (lines, numbers[0]));
  g_assert_true (peygir_test_lines_have (lines, numbers[1]));
  assert_text_has (text, "اداره کل آب");
  assert_text_has (text, "توزیع برق شهرستان");

  queue_window_confirm (&qw, sender, "xx", "send");
  g_assert_cmpuint (qw.n_sent, ==, 2);
  g_assert_cmpint (qw.error_code, ==, -1);
  g_assert_nonnull (peygir_letter_sender_get_message (sender));

  /* both sent with their printed numbers, the printed bytes kept; the
   * queue is empty */
  for (guint i = 0; i < G_N_ELEMENTS (case_ids); i++)
    {
      g_autoptr(GPtrArray) letters = NULL;
      g_autoptr(GError) error = NULL;

      assert_sent_as_printed (fixture->store, case_ids[i], sender, i);
      letters = peygir_store_list_letters (fixture->store, case_ids[i], &error);
      g_assert_no_error (error);
      g_assert_cmpuint (letters->len, ==, 1);
      g_assert_true (((PeygirLetterRecord *) g_ptr_array_index (letters, 0))->has_pdf);
    }
  g_assert_cmpuint (peygir_print_queue_page_get_n_letters (qw.queue), ==, 0);
  g_assert_false (ui_action_enabled (qw.page, "queue.print"));

  queue_window_close (&qw);
}

/* A cancelled print records nothing and uses no number: the queue and
 * the register stay as they were. */
static void
test_print_cancelled (StoreFixture  *fixture,
                      gconstpointer  data)
{
  g_autoptr(PeygirCase) first = approved_case (fixture, fixture->agency_a, "001234567");
  g_autoptr(PeygirCase) second = approved_case (fixture, fixture->agency_b, "002345678");
  g_autoptr(PeygirSession) session = session_new (fixture, "secretary");
  g_autofree char *before = next_number (fixture->store);
  g_autofree char *after = NULL;
  PeygirLetterSender *sender;
  QueueWindow qw = { 0, };

  queue_window_open (&qw, session);
  g_assert_cmpuint (peygir_print_queue_page_get_n_letters (qw.queue), ==, 2);

  /* the operation really runs and is cancelled as it begins */
  peygir_print_queue_page_set_cancel_print (qw.queue, TRUE);
  sender = queue_window_print (&qw);
  ui_wait_for (queue_idle, qw.queue);
  g_assert_true (qw.finished);
  g_assert_cmpuint (qw.n_sent, ==, 0);
  g_assert_cmpuint (qw.error_domain, ==, PEYGIR_LETTER_SENDER_ERROR);
  g_assert_cmpint (qw.error_code, ==, PEYGIR_LETTER_SENDER_ERROR_PRINT_CANCELLED);
  g_assert_null (peygir_letter_sender_get_confirmation (sender));
  /* said in Persian */
  g_assert_nonnull (strstr (peygir_letter_sender_get_message (sender), "لغو"));

  assert_not_sent (fixture->store, first->id);
  assert_not_sent (fixture->store, second->id);
  after = next_number (fixture->store);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (peygir_print_queue_page_get_n_letters (qw.queue), ==, 2);
  g_assert_true (ui_action_enabled (qw.page, "queue.print"));

  queue_window_close (&qw);
}

/* The middle letter jammed: the first and the third are sent with their
 * printed numbers, the second's number is voided with the reason and the
 * letter waits in the queue. */
static void
test_print_jammed (StoreFixture  *fixture,
                   gconstpointer  data)
{
  g_autoptr(PeygirCase) first = approved_case (fixture, fixture->agency_a, "001234567");
  g_autoptr(PeygirCase) second = approved_case (fixture, fixture->agency_b, "002345678");
  g_autoptr(PeygirCase) third = approved_case (fixture, fixture->agency_a, "003456789");
  g_autoptr(PeygirSession) session = session_new (fixture, "secretary");
  g_autoptr(PeygirCase) kase = NULL;
  g_autoptr(GPtrArray) letters = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *next = NULL;
  PeygirLetterRecord *record;
  PeygirReferral *referral;
  PeygirLetterSender *sender;
  const char * const *numbers;
  QueueWindow qw = { 0, };

  queue_window_open (&qw, session);
  g_assert_cmpuint (peygir_print_queue_page_get_n_letters (qw.queue), ==, 3);
  sender = queue_window_print (&qw);
  numbers = peygir_letter_sender_get_printed_numbers (sender);
  g_assert_cmpuint (g_strv_length ((char **) numbers), ==, 3);

  queue_window_confirm (&qw, sender, "x-x", "send");
  g_assert_cmpuint (qw.n_sent, ==, 2);
  g_assert_cmpint (qw.error_code, ==, -1);

  assert_sent_as_printed (fixture->store, first->id, sender, 0);
  assert_sent_as_printed (fixture->store, third->id, sender, 2);

  referral = first_referral (fixture->store, second->id, &kase);
  g_assert_cmpint (referral->state, ==, PEYGIR_REFERRAL_APPROVED);
  g_assert_null (referral->letter_number);
  letters = peygir_store_list_letters (fixture->store, second->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (letters->len, ==, 1);
  record = g_ptr_array_index (letters, 0);
  g_assert_cmpstr (record->number, ==, numbers[1]);
  g_assert_cmpstr (record->void_reason, ==, "چاپ ناقص؛ نامه ارسال نشد");

  /* the jammed letter waits, to go out under the next number */
  g_assert_cmpuint (peygir_print_queue_page_get_n_letters (qw.queue), ==, 1);
  next = next_number (fixture->store);
  g_assert_cmpstr (next, !=, numbers[1]);
  g_assert_cmpstr (next, !=, numbers[2]);

  queue_window_close (&qw);
}

/* "None went out": nothing recorded, no number used. */
static void
test_print_none_went_out (StoreFixture  *fixture,
                          gconstpointer  data)
{
  g_autoptr(PeygirCase) first = approved_case (fixture, fixture->agency_a, "001234567");
  g_autoptr(PeygirCase) second = approved_case (fixture, fixture->agency_b, "002345678");
  g_autoptr(PeygirSession) session = session_new (fixture, "secretary");
  g_autofree char *before = next_number (fixture->store);
  g_autofree char *after = NULL;
  PeygirLetterSender *sender;
  QueueWindow qw = { 0, };

  queue_window_open (&qw, session);
  sender = queue_window_print (&qw);
  g_assert_cmpstr (peygir_letter_sender_get_printed_numbers (sender)[0], ==, before);
  queue_window_confirm (&qw, sender, NULL, "none");
  g_assert_cmpuint (qw.n_sent, ==, 0);
  g_assert_cmpint (qw.error_code, ==, PEYGIR_LETTER_SENDER_ERROR_NONE_SENT);

  assert_not_sent (fixture->store, first->id);
  assert_not_sent (fixture->store, second->id);
  after = next_number (fixture->store);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (peygir_print_queue_page_get_n_letters (qw.queue), ==, 2);

  queue_window_close (&qw);
}

/* Another desk numbers a letter between printing and confirming: the
 * printed numbers are no longer the next ones, nothing from that point on
 * is recorded, and the letters wait to be printed again. */
static void
test_print_conflict (StoreFixture  *fixture,
                     gconstpointer  data)
{
  g_autoptr(PeygirCase) first = approved_case (fixture, fixture->agency_a, "001234567");
  g_autoptr(PeygirCase) second = approved_case (fixture, fixture->agency_b, "002345678");
  g_autoptr(PeygirSession) session = session_new (fixture, "secretary");
  g_autoptr(PeygirStore) desk = NULL;
  g_autoptr(PeygirCase) other = NULL;
  g_autoptr(PeygirCase) sent = NULL;
  g_autoptr(GError) error = NULL;
  PeygirLetterSender *sender;
  const char *message;
  QueueWindow qw = { 0, };

  queue_window_open (&qw, session);
  sender = queue_window_print (&qw);
  g_assert_cmpint (peygir_letter_sender_get_stage (sender), ==, PEYGIR_LETTER_SENDER_CONFIRMING);

  /* the other desk, on its own connection to the file */
  desk = peygir_store_open (fixture->path, PEYGIR_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  other = approved_case_in (desk, fixture->agency_b, "004567891");
  sent = act_on (desk, other->id, PEYGIR_ACTION_DISPATCH, "secretary", NULL);
  g_assert_cmpstr (((PeygirReferral *) g_ptr_array_index (sent->referrals, 0))->letter_number, ==,
                   peygir_letter_sender_get_printed_numbers (sender)[0]);

  queue_window_confirm (&qw, sender, "xx", "send");
  g_assert_cmpuint (qw.n_sent, ==, 0);
  g_assert_cmpuint (qw.error_domain, ==, PEYGIR_LETTER_SENDER_ERROR);
  g_assert_cmpint (qw.error_code, ==, PEYGIR_LETTER_SENDER_ERROR_CONFLICT);
  message = peygir_letter_sender_get_message (sender);
  g_assert_nonnull (strstr (message, "دوباره چاپ"));

  assert_not_sent (fixture->store, first->id);
  assert_not_sent (fixture->store, second->id);
  /* both back in the queue, with the other desk's letter sent */
  g_assert_cmpuint (peygir_print_queue_page_get_n_letters (qw.queue), ==, 2);

  queue_window_close (&qw);
}

/* A reminder the manager approved waits in the queue beside referral
 * letters, and is sent through the same flow. */
static void
test_print_reminder (StoreFixture  *fixture,
                     gconstpointer  data)
{
  g_autoptr(PeygirCase) late = approved_case (fixture, fixture->agency_a, "001234567");
  g_autoptr(PeygirCase) fresh = NULL;
  g_autoptr(PeygirCase) done = NULL;
  g_autoptr(PeygirCase) kase = NULL;
  g_autoptr(PeygirSession) session = session_new (fixture, "secretary");
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GBytes) kept = NULL;
  g_autoptr(GError) error = NULL;
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;
  PeygirLetterSender *sender;
  PeygirReferral *referral;
  const char * const *numbers;
  GtkWindow *dialog;
  QueueWindow qw = { 0, };

  /* dispatched, late, followed up by letter, the reminder approved */
  done = act (fixture, late->id, PEYGIR_ACTION_DISPATCH, "secretary", NULL);
  set_now ("2026-05-20T09:00:00+03:30");
  request.case_id = late->id;
  request.action = PEYGIR_ACTION_FOLLOW_UP;
  request.actor_login = "expert";
  request.referral_id = ((PeygirReferral *) g_ptr_array_index (done->referrals, 0))->id;
  request.channel = PEYGIR_CHANNEL_MAIL;
  request.note = "پاسخ نامه پیشین هنوز نرسیده است.";
  g_clear_pointer (&done, peygir_case_free);
  done = peygir_store_apply_action (fixture->store, &request, &error);
  g_assert_no_error (error);
  request.action = PEYGIR_ACTION_APPROVE_REMINDER;
  request.actor_login = "manager";
  request.note = NULL;
  g_clear_pointer (&done, peygir_case_free);
  done = peygir_store_apply_action (fixture->store, &request, &error);
  g_assert_no_error (error);
  fresh = approved_case (fixture, fixture->agency_b, "002345678");

  queue_window_open (&qw, session);
  g_assert_cmpuint (peygir_print_queue_page_get_n_letters (qw.queue), ==, 2);
  ui_iterate (200);
  ui_screenshot (qw.window, "print-queue-reminder");

  sender = queue_window_print (&qw);
  dialog = peygir_letter_sender_get_confirmation (sender);
  g_assert_nonnull (dialog);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  ui_iterate (200);
  ui_screenshot (GTK_WIDGET (dialog), "print-confirmation");

  numbers = peygir_letter_sender_get_printed_numbers (sender);
  lines = peygir_test_pdf_lines_left_to_right (qw.printed);
  g_assert_true (peygir_test_lines_have (lines, numbers[0]));
  g_assert_true (peygir_test_lines_have (lines, numbers[1]));

  queue_window_confirm (&qw, sender, "xx", "send");
  g_assert_cmpuint (qw.n_sent, ==, 2);

  /* the late case's reminder is first (registered first) */
  referral = first_referral (fixture->store, late->id, &kase);
  g_assert_cmpint (referral->reminder, ==, PEYGIR_REMINDER_SENT);
  g_assert_cmpstr (referral->last_reminder_number, ==, numbers[0]);
  kept = peygir_store_get_letter_pdf (fixture->store, numbers[0], &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (kept, peygir_letter_sender_get_printed_pdf (sender, 0)));
  assert_sent_as_printed (fixture->store, fresh->id, sender, 1);
  g_assert_cmpuint (peygir_print_queue_page_get_n_letters (qw.queue), ==, 0);

  queue_window_close (&qw);
}

int
main (int    argc,
      char **argv)
{
  ui_test_init (&argc, &argv);

  g_test_add ("/ui/letters/preview", StoreFixture, NULL, fixture_set_up, test_preview, fixture_tear_down);
  g_test_add ("/ui/letters/preview-pages", StoreFixture, NULL, fixture_set_up, test_preview_pages,
              fixture_tear_down);
  g_test_add ("/ui/letters/preview-problem", StoreFixture, NULL, fixture_set_up, test_preview_problem,
              fixture_tear_down);
  g_test_add ("/ui/letters/print-queue", StoreFixture, NULL, fixture_set_up, test_print_queue,
              fixture_tear_down);
  g_test_add ("/ui/letters/print-cancelled", StoreFixture, NULL, fixture_set_up, test_print_cancelled,
              fixture_tear_down);
  g_test_add ("/ui/letters/print-jammed", StoreFixture, NULL, fixture_set_up, test_print_jammed,
              fixture_tear_down);
  g_test_add ("/ui/letters/print-none-went-out", StoreFixture, NULL, fixture_set_up, test_print_none_went_out,
              fixture_tear_down);
  g_test_add ("/ui/letters/print-conflict", StoreFixture, NULL, fixture_set_up, test_print_conflict,
              fixture_tear_down);
  g_test_add ("/ui/letters/print-reminder", StoreFixture, NULL, fixture_set_up, test_print_reminder,
              fixture_tear_down);

  return g_test_run ();
}
