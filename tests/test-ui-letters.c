/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <poppler.h>
#include <stdio.h>
#include <string.h>

#include "peygir-letter-preview.h"
#include "peygir-print-queue-page.h"
#include "peygir-session.h"
#include "peygir-test-util.h"
#include "peygir-text.h"
#include "test-ui-util.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

/* A case registered, referred to @agency_id and approved: a letter in the
 * secretariat's print queue. */
static PeygirCase *
approved_case (UiFixture  *fixture,
               gint64      agency_id,
               const char *nine)
{
  g_autofree char *national_id = ui_national_id_from (nine);
  g_autoptr(PeygirCase) kase = ui_create_case (fixture->store, "expert", agency_id, national_id);
  g_autoptr(PeygirCase) done = NULL;
  g_autoptr(GError) error = NULL;
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;

  done = ui_store_act (fixture->store, kase->id, PEYGIR_ACTION_REVIEW, "expert", NULL);
  g_clear_pointer (&done, peygir_case_free);
  done = ui_store_act (fixture->store, kase->id, PEYGIR_ACTION_REGISTER, "secretariat", NULL);
  g_clear_pointer (&done, peygir_case_free);
  request.case_id = kase->id;
  request.action = PEYGIR_ACTION_REFER;
  request.actor_login = "expert";
  request.note = "متن پیشنهادی نامه";
  request.agency_ids = &agency_id;
  request.n_agency_ids = 1;
  done = peygir_store_apply_action (fixture->store, &request, &error);
  g_assert_no_error (error);
  g_clear_pointer (&done, peygir_case_free);
  done = ui_store_act (fixture->store, kase->id, PEYGIR_ACTION_APPROVE, "manager", NULL);
  g_assert_cmpint (done->state, ==, PEYGIR_STATE_REFERRED);
  return peygir_store_get_case (fixture->store, kase->id, PEYGIR_CASE_DETAIL_REFERRALS, NULL);
}

static PeygirSession *
session_new (UiFixture  *fixture,
             const char *login)
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
test_preview (UiFixture     *fixture,
              gconstpointer  data)
{
  g_autoptr(PeygirCase) kase = approved_case (fixture, fixture->agency_a, "001234567");
  g_autoptr(PeygirCase) sent = NULL;
  g_autoptr(PeygirSession) session = session_new (fixture, "secretariat");
  g_autofree char *dir = peygir_test_dir_new ();
  g_autofree char *printed = g_build_filename (dir, "printed.pdf", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  PeygirReferral *referral;
  PeygirLetterPreview *preview;
  GtkWindow *window;
  double fitted;
  int n_pages = 0;

  sent = ui_store_act (fixture->store, kase->id, PEYGIR_ACTION_DISPATCH, "secretariat", NULL);
  referral = g_ptr_array_index (sent->referrals, 0);
  g_assert_nonnull (referral->letter_number);

  window = peygir_letter_preview_present (NULL, session, kase->id, "referral", 0);
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
  assert_text_has (text, "آزمون یکم");
  g_assert_null (peygir_letter_preview_get_problem (preview));

  gtk_window_destroy (window);
  ui_iterate (50);
  peygir_test_dir_free (g_steal_pointer (&dir));
}

/* A long letter text makes a letter of several pages: turned page by page. */
static void
test_preview_pages (UiFixture     *fixture,
                    gconstpointer  data)
{
  g_autoptr(PeygirSession) session = session_new (fixture, "secretariat");
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
  draft->applicant.national_id = ui_national_id_from ("003456789");
  draft->applicant.mobile = g_strdup ("09121234567");
  draft->subject = g_strdup ("تأخیر در پرداخت حقوق");
  draft->description = g_strdup (description->str);
  draft->category = PEYGIR_CATEGORY_EDUCATION;
  draft->agency_id = fixture->agency_a;
  draft->channel = PEYGIR_CHANNEL_IN_PERSON;
  kase = peygir_store_create_case (fixture->store, "expert", draft, &error);
  g_assert_no_error (error);
  done = ui_store_act (fixture->store, kase->id, PEYGIR_ACTION_REVIEW, "expert", NULL);
  g_clear_pointer (&done, peygir_case_free);
  done = ui_store_act (fixture->store, kase->id, PEYGIR_ACTION_REGISTER, "secretariat", NULL);
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
  window = peygir_letter_preview_present (NULL, session, kase->id, "referral", 0);
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
test_preview_problem (UiFixture     *fixture,
                      gconstpointer  data)
{
  g_autoptr(PeygirSession) session = session_new (fixture, "expert");
  GtkWindow *window;
  PeygirLetterPreview *preview;

  /* a case that does not exist: said plainly, nothing to print */
  window = peygir_letter_preview_present (NULL, session, 4242, "receipt", 0);
  preview = PEYGIR_LETTER_PREVIEW (ui_find_named (GTK_WIDGET (window), "letter-preview"));
  ui_wait_for (preview_ready, preview);
  g_assert_nonnull (peygir_letter_preview_get_problem (preview));
  g_assert_cmpint (peygir_letter_preview_get_n_pages (preview), ==, 0);
  g_assert_false (ui_action_enabled (GTK_WIDGET (preview), "letter.print"));
  gtk_window_destroy (window);
  ui_iterate (50);
}

static void
test_print_queue (UiFixture     *fixture,
                  gconstpointer  data)
{
  g_autoptr(PeygirCase) first = approved_case (fixture, fixture->agency_a, "001234567");
  g_autoptr(PeygirCase) second = approved_case (fixture, fixture->agency_b, "002345678");
  g_autoptr(PeygirSession) session = session_new (fixture, "secretariat");
  g_autoptr(PeygirSession) expert = session_new (fixture, "expert");
  g_autofree char *dir = peygir_test_dir_new ();
  g_autofree char *printed = g_build_filename (dir, "queue.pdf", NULL);
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree char *text = NULL;
  const char * const *numbers;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = peygir_print_queue_page_new ();
  PeygirPrintQueuePage *queue = PEYGIR_PRINT_QUEUE_PAGE (page);
  gint64 case_ids[] = { first->id, second->id };
  int n_pages = 0;

  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 600);
  gtk_window_present (GTK_WINDOW (window));

  /* an expert sees the queue but cannot dispatch */
  peygir_print_queue_page_set_session (queue, expert);
  ui_wait_for (queue_idle, queue);
  g_assert_cmpuint (peygir_print_queue_page_get_n_letters (queue), ==, 2);
  g_assert_false (ui_action_enabled (page, "queue.print"));

  peygir_print_queue_page_set_session (queue, session);
  ui_wait_for (queue_idle, queue);
  g_assert_cmpuint (peygir_print_queue_page_get_n_letters (queue), ==, 2);
  g_assert_true (ui_action_enabled (page, "queue.print"));
  ui_iterate (200);
  ui_screenshot (window, "print-queue");

  peygir_print_queue_page_set_export_filename (queue, printed);
  ui_activate (page, "queue.print", NULL);
  g_assert_true (peygir_print_queue_page_get_busy (queue));
  ui_wait_for (queue_idle, queue);
  ui_iterate (100);
  ui_wait_for (queue_idle, queue);

  /* one job, a page for each letter, each with its new number */
  numbers = peygir_print_queue_page_get_printed_numbers (queue);
  g_assert_nonnull (numbers);
  g_assert_cmpuint (g_strv_length ((char **) numbers), ==, 2);
  text = pdf_file_text (printed, &n_pages);
  lines = peygir_test_pdf_lines_left_to_right (printed);
  g_assert_cmpint (n_pages, ==, 2);
  g_assert_true (peygir_test_lines_have (lines, numbers[0]));
  g_assert_true (peygir_test_lines_have (lines, numbers[1]));
  assert_text_has (text, "آزمون یکم");
  assert_text_has (text, "آزمون دوم");

  /* both dispatched, numbered and kept; the queue is empty */
  for (guint i = 0; i < G_N_ELEMENTS (case_ids); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PeygirCase) kase = peygir_store_get_case (fixture->store, case_ids[i],
                                                          PEYGIR_CASE_DETAIL_REFERRALS, &error);
      g_autoptr(GPtrArray) letters = NULL;
      PeygirReferral *referral;

      g_assert_no_error (error);
      referral = g_ptr_array_index (kase->referrals, 0);
      g_assert_cmpint (referral->state, ==, PEYGIR_REFERRAL_DISPATCHED);
      g_assert_cmpstr (referral->letter_number, ==, numbers[i]);
      g_assert_cmpint (referral->due, >, 0);
      letters = peygir_store_list_letters (fixture->store, case_ids[i], &error);
      g_assert_no_error (error);
      g_assert_cmpuint (letters->len, ==, 1);
      g_assert_true (((PeygirLetterRecord *) g_ptr_array_index (letters, 0))->has_pdf);
    }
  g_assert_cmpuint (peygir_print_queue_page_get_n_letters (queue), ==, 0);
  g_assert_false (ui_action_enabled (page, "queue.print"));

  gtk_window_destroy (GTK_WINDOW (window));
  ui_iterate (50);
  peygir_test_dir_free (g_steal_pointer (&dir));
}

int
main (int    argc,
      char **argv)
{
  ui_test_init (&argc, &argv);

  g_test_add ("/ui/letters/preview", UiFixture, NULL, ui_fixture_setup, test_preview, ui_fixture_teardown);
  g_test_add ("/ui/letters/preview-pages", UiFixture, NULL, ui_fixture_setup, test_preview_pages,
              ui_fixture_teardown);
  g_test_add ("/ui/letters/preview-problem", UiFixture, NULL, ui_fixture_setup, test_preview_problem,
              ui_fixture_teardown);
  g_test_add ("/ui/letters/print-queue", UiFixture, NULL, ui_fixture_setup, test_print_queue,
              ui_fixture_teardown);

  return g_test_run ();
}
