/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "peygir-letter-builder.h"
#include "peygir-letter-preview.h"
#include "peygir-register-item.h"
#include "peygir-register-list.h"
#include "peygir-register-page.h"
#include "peygir-text.h"
#include "test-ui-util.h"

/* The register page (دفتر اندیکاتور) in the window: letters sent on several
 * days, one voided, the agencies' answers, with and without a scan. */

typedef struct
{
  gint64  case_id;
  gint64  referral_id;
  char   *number;
} Sent;

typedef struct
{
  Sent answered;    /* 1405/02/05, agency A, answered 1405/02/12 with a scan */
  Sent second;      /* 1405/02/08, agency B */
  Sent voided;      /* 1405/02/12, agency A, void */
  Sent early;       /* 1405/01/31, agency B, answered 1405/02/02 without a scan */
} Letters;

static void
letters_clear (Letters *letters)
{
  g_free (letters->answered.number);
  g_free (letters->second.number);
  g_free (letters->voided.number);
  g_free (letters->early.number);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Letters, letters_clear)

#define VOID_REASON "برگه در چاپگر گیر کرد"
#define ANSWER_NUMBER "7890/12/ب"

/* A case referred to @agency_id, approved and dispatched at @iso, its
 * letter rendered and kept as the print queue does. */
static void
send_letter (StoreFixture *fixture,
             const char   *iso,
             gint64        agency_id,
             const char   *nine,
             const char   *subject,
             Sent         *sent)
{
  g_autoptr(PeygirCaseDraft) draft = peygir_case_draft_new ();
  g_autoptr(PeygirCase) kase = NULL;
  g_autoptr(PeygirCase) done = NULL;
  g_autoptr(PeygirBuiltLetter) built = NULL;
  g_autoptr(GError) error = NULL;
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;
  PeygirReferral *referral;

  set_now (iso);
  draft->kind = PEYGIR_KIND_COMPLAINT;
  draft->applicant.type = PEYGIR_APPLICANT_CITIZEN;
  draft->applicant.name = g_strdup ("سعید سلیمانی");
  draft->applicant.national_id = national_id_from (nine);
  draft->applicant.mobile = g_strdup ("09121234567");
  draft->subject = g_strdup (subject);
  draft->description = g_strdup ("شرح درخواست متقاضی.");
  draft->category = PEYGIR_CATEGORY_EDUCATION;
  draft->agency_id = agency_id;
  draft->channel = PEYGIR_CHANNEL_IN_PERSON;
  kase = peygir_store_create_case (fixture->store, "expert", draft, &error);
  g_assert_no_error (error);

  done = review_and_register (fixture, kase->id);
  g_clear_pointer (&done, peygir_case_free);
  request.case_id = kase->id;
  request.action = PEYGIR_ACTION_REFER;
  request.actor_login = "expert";
  request.note = "لطفاً رسیدگی و نتیجه را اعلام فرمایید.";
  request.agency_ids = &agency_id;
  request.n_agency_ids = 1;
  done = peygir_store_apply_action (fixture->store, &request, &error);
  g_assert_no_error (error);
  g_clear_pointer (&done, peygir_case_free);
  done = act (fixture, kase->id, PEYGIR_ACTION_APPROVE, "manager", NULL);
  g_clear_pointer (&done, peygir_case_free);
  done = act (fixture, kase->id, PEYGIR_ACTION_DISPATCH, "secretary", NULL);
  referral = g_ptr_array_index (done->referrals, 0);
  g_assert_nonnull (referral->letter_number);

  built = peygir_letter_build (fixture->store, kase->id, PEYGIR_LETTER_REFERRAL, referral->id, &error);
  g_assert_no_error (error);
  sent->case_id = kase->id;
  sent->referral_id = referral->id;
  sent->number = g_strdup (referral->letter_number);
}

static void
record_answer (StoreFixture *fixture,
               const char   *iso,
               const Sent   *sent,
               const char   *number,
               PeygirDay     day,
               GBytes       *scan)
{
  g_autoptr(PeygirCase) done = NULL;
  g_autoptr(GError) error = NULL;
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;

  set_now (iso);
  request.case_id = sent->case_id;
  request.action = PEYGIR_ACTION_ANSWER;
  request.actor_login = "secretary";
  request.referral_id = sent->referral_id;
  request.note = "موضوع بررسی و رفع شد.";
  request.answer_number = number;
  request.answer_date = day;
  if (scan != NULL)
    {
      request.document_name = "پاسخ دستگاه.pdf";
      request.document_type = "application/pdf";
      request.document = scan;
    }
  done = peygir_store_apply_action (fixture->store, &request, &error);
  g_assert_no_error (error);
}

static void
fill_register (StoreFixture *fixture,
               Letters      *letters)
{
  g_autoptr(GBytes) scan = g_bytes_new_static ("%PDF-1.4 scan", 13);
  g_autoptr(GError) error = NULL;

  send_letter (fixture, "2026-04-20T09:00:00+03:30", fixture->agency_b, "001234567",
               "قطع مکرر برق روستا", &letters->early);
  record_answer (fixture, "2026-04-22T09:00:00+03:30", &letters->early, NULL, 0, NULL);
  send_letter (fixture, "2026-04-25T09:00:00+03:30", fixture->agency_a, "002345678",
               "تأخیر در پرداخت حقوق", &letters->answered);
  send_letter (fixture, "2026-04-28T09:00:00+03:30", fixture->agency_b, "003456789",
               "خرابی آسفالت خیابان اصلی", &letters->second);
  send_letter (fixture, "2026-05-02T09:00:00+03:30", fixture->agency_a, "004567890",
               "درخواست تمدید پروانه کسب", &letters->voided);
  g_assert_true (peygir_store_void_letter (fixture->store, "secretary", letters->voided.number,
                                           VOID_REASON, &error));
  g_assert_no_error (error);
  record_answer (fixture, "2026-05-02T10:00:00+03:30", &letters->answered, "۷۸۹۰/۱۲/ب", 20260430, scan);
  set_now (FIXTURE_NOW);
}

static const PeygirRegisterEntry *
entry_at (PeygirRegisterPage *page,
          guint               position)
{
  GListModel *model = peygir_register_page_get_model (page);
  g_autoptr(PeygirRegisterItem) item = g_list_model_get_item (model, position);

  g_assert_nonnull (item);
  /* the list holds the item: the entry outlives this reference */
  return peygir_register_item_get_entry (item);
}

typedef struct
{
  PeygirRegisterPage *page;
  guint               n;
} RowsWait;

static gboolean
rows_are (gpointer data)
{
  RowsWait *wait = data;
  GListModel *model = peygir_register_page_get_model (wait->page);

  return model != NULL && !peygir_register_page_get_busy (wait->page)
         && g_list_model_get_n_items (model) == wait->n;
}

static void
wait_rows (PeygirRegisterPage *page,
           guint               n)
{
  RowsWait wait = { page, n };

  ui_wait_for (rows_are, &wait);
  /* and still so once the entries' delays have passed */
  ui_iterate (600);
  ui_wait_for (rows_are, &wait);
}

static gboolean
page_idle (gpointer data)
{
  return !peygir_register_page_get_busy (data);
}

static gboolean
agencies_read (gpointer data)
{
  GtkDropDown *dropdown = data;

  return g_list_model_get_n_items (gtk_drop_down_get_model (dropdown)) > 1;
}

static guint
position_of (PeygirRegisterPage *page,
             const char         *number)
{
  GListModel *model = peygir_register_page_get_model (page);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (!entry_at (page, i)->incoming && g_strcmp0 (entry_at (page, i)->number, number) == 0)
      return i;
  g_assert_not_reached ();
}

static void
set_text (PeygirRegisterPage *page,
          const char         *name,
          const char         *text)
{
  GtkWidget *entry = ui_find_named (GTK_WIDGET (page), name);

  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

static PeygirRegisterPage *
open_register (PeygirWindow *window)
{
  PeygirRegisterPage *page;

  g_assert_true (peygir_window_select_queue (window, "register"));
  g_assert_cmpstr (peygir_window_get_page (window), ==, "register");
  page = peygir_window_get_register_page (window);
  ui_wait_idle (window);
  return page;
}

/* Back to a queue first: the window opens on the page it was left on, and
 * the next test's window must open on the inbox. */
static void
close_window (PeygirWindow *window)
{
  g_assert_true (peygir_window_select_queue (window, "all"));
  ui_window_close (window);
}

static void
test_rows_and_filters (StoreFixture  *fixture,
                       gconstpointer  data)
{
  g_auto(Letters) letters = { { 0, }, };
  PeygirWindow *window;
  PeygirRegisterPage *page;
  GtkDropDown *agencies;
  GtkDropDown *direction;
  GListModel *names;
  g_autofree char *persian_number = NULL;
  guint agency_b = 0;

  fill_register (fixture, &letters);
  window = ui_window_new (fixture->store, "secretary");
  page = open_register (window);
  wait_rows (page, 6);

  /* newest first: the answer recorded last, the void number, then the
   * letters back to the first */
  g_assert_true (entry_at (page, 0)->incoming);
  g_assert_cmpstr (entry_at (page, 0)->number, ==, ANSWER_NUMBER);
  g_assert_cmpint (entry_at (page, 0)->letter_day, ==, 20260430);
  g_assert_cmpint (entry_at (page, 0)->day, ==, 20260502);
  g_assert_cmpint (entry_at (page, 0)->document_id, !=, 0);
  g_assert_cmpstr (entry_at (page, 1)->number, ==, letters.voided.number);
  g_assert_cmpstr (entry_at (page, 1)->void_reason, ==, VOID_REASON);
  g_assert_cmpstr (entry_at (page, 2)->number, ==, letters.second.number);
  g_assert_cmpstr (entry_at (page, 3)->number, ==, letters.answered.number);
  g_assert_true (entry_at (page, 4)->incoming);
  g_assert_null (entry_at (page, 4)->number);
  g_assert_cmpint (entry_at (page, 4)->document_id, ==, 0);
  g_assert_cmpstr (entry_at (page, 5)->number, ==, letters.early.number);
  g_assert_cmpstr (entry_at (page, 5)->party, ==, FIXTURE_AGENCY_B);
  for (guint i = 0; i < 6; i++)
    g_assert_true (entry_at (page, i)->incoming || entry_at (page, i)->has_pdf);

  ui_iterate (200);
  ui_screenshot (GTK_WIDGET (window), "register");

  /* a date range typed in Persian, then Arabic-Indic digits */
  set_text (page, "register-from", "۱۴۰۵/۰۲/۰۵");
  wait_rows (page, 4);
  set_text (page, "register-to", "١٤٠٥/٢/٨");
  wait_rows (page, 2);
  g_assert_cmpstr (entry_at (page, 0)->number, ==, letters.second.number);
  g_assert_cmpstr (entry_at (page, 1)->number, ==, letters.answered.number);
  /* not a date: said on the entry, and the list stays as it was */
  set_text (page, "register-to", "۱۴۰۵/۱۳/۴۰");
  ui_iterate (100);
  wait_rows (page, 2);
  g_assert_true (gtk_widget_has_css_class (ui_find_named (GTK_WIDGET (page), "register-to"), "error"));
  set_text (page, "register-to", "");
  g_assert_false (gtk_widget_has_css_class (ui_find_named (GTK_WIDGET (page), "register-to"), "error"));
  set_text (page, "register-from", "");
  wait_rows (page, 6);

  /* one agency: its letters and its answers */
  agencies = GTK_DROP_DOWN (ui_find_named (GTK_WIDGET (page), "register-agency"));
  ui_wait_for (agencies_read, agencies);
  names = gtk_drop_down_get_model (agencies);
  for (guint i = 0; i < g_list_model_get_n_items (names); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (names), i), FIXTURE_AGENCY_B) == 0)
      agency_b = i;
  g_assert_cmpuint (agency_b, >, 0);
  gtk_drop_down_set_selected (agencies, agency_b);
  wait_rows (page, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (entry_at (page, i)->party, ==, FIXTURE_AGENCY_B);
  gtk_drop_down_set_selected (agencies, 0);
  wait_rows (page, 6);

  /* the direction */
  direction = GTK_DROP_DOWN (ui_find_named (GTK_WIDGET (page), "register-direction"));
  gtk_drop_down_set_selected (direction, 2);
  wait_rows (page, 2);
  g_assert_true (entry_at (page, 0)->incoming && entry_at (page, 1)->incoming);
  gtk_drop_down_set_selected (direction, 1);
  wait_rows (page, 4);
  for (guint i = 0; i < 4; i++)
    g_assert_false (entry_at (page, i)->incoming);
  gtk_drop_down_set_selected (direction, 0);
  wait_rows (page, 6);

  /* the search: an agency's name, the agency's own number in Persian
   * digits, our number as it is shown, a tracking code */
  set_text (page, "register-search", "توزیع برق");
  wait_rows (page, 3);
  set_text (page, "register-search", "۷۸۹۰");
  wait_rows (page, 1);
  g_assert_true (entry_at (page, 0)->incoming);
  persian_number = peygir_text_digits_to_persian (letters.second.number);
  set_text (page, "register-search", persian_number);
  wait_rows (page, 1);
  g_assert_cmpstr (entry_at (page, 0)->number, ==, letters.second.number);
  set_text (page, "register-search", "");
  wait_rows (page, 6);

  close_window (window);
}

static gboolean
has_more_read (gpointer data)
{
  PeygirRegisterPage *page = data;

  return !peygir_register_page_get_busy (page)
         && !peygir_register_list_get_has_more (PEYGIR_REGISTER_LIST (peygir_register_page_get_model (page)));
}

/* More rows than a page: the next pages are read when rows near the end
 * are asked for, each after the last row held, none twice. */
static void
test_paging (StoreFixture  *fixture,
             gconstpointer  data)
{
  g_auto(Letters) letters = { { 0, }, };
  PeygirWindow *window;
  PeygirRegisterPage *page;
  PeygirRegisterList *list;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint pages_before;

  fill_register (fixture, &letters);
  window = ui_window_new (fixture->store, "secretary");
  page = open_register (window);
  wait_rows (page, 6);
  list = PEYGIR_REGISTER_LIST (peygir_register_page_get_model (page));

  peygir_register_page_set_page_size (page, 2);
  pages_before = peygir_register_list_get_pages_read (list);
  /* a filter changed starts over at the first page */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (ui_find_named (GTK_WIDGET (page), "register-direction")), 1);
  ui_wait_for (has_more_read, page);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 4);
  /* two full pages and the empty one that says it is the end */
  g_assert_cmpuint (peygir_register_list_get_pages_read (list) - pages_before, ==, 3);
  for (guint i = 0; i < 4; i++)
    {
      const PeygirRegisterEntry *entry = entry_at (page, i);

      g_assert_false (entry->incoming);
      g_assert_false (g_hash_table_contains (seen, entry->number));
      g_hash_table_add (seen, entry->number);
    }
  g_assert_cmpstr (entry_at (page, 0)->number, ==, letters.voided.number);
  g_assert_cmpstr (entry_at (page, 3)->number, ==, letters.early.number);

  gtk_drop_down_set_selected (GTK_DROP_DOWN (ui_find_named (GTK_WIDGET (page), "register-direction")), 0);
  wait_rows (page, 6);
  close_window (window);

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PeygirUser) user = peygir_store_find_user (fixture->store, "expert", &error);
    g_autoptr(PeygirSession) session = peygir_session_new (fixture->store, user);
    g_autoptr(PeygirRegisterList) bare = peygir_register_list_new (session);
    PeygirRegisterQuery query = { 0, };
    g_autoptr(GObject) last = NULL;
    g_autoptr(GObject) again = NULL;

    /* without a view: the model reads on when its last rows are asked for */
    peygir_register_list_set_page_size (bare, 4);
    peygir_register_list_set_query (bare, &query);
    while (peygir_register_list_get_loading (bare))
      ui_iterate (10);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (bare)), ==, 4);
    g_assert_true (peygir_register_list_get_has_more (bare));
    last = g_list_model_get_item (G_LIST_MODEL (bare), 3);
    g_assert_true (peygir_register_list_get_loading (bare));
    while (peygir_register_list_get_loading (bare))
      ui_iterate (10);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (bare)), ==, 6);
    g_assert_false (peygir_register_list_get_has_more (bare));
    /* the rows held keep their objects */
    again = g_list_model_get_item (G_LIST_MODEL (bare), 3);
    g_assert_true (again == last);

    /* the database changed while the next page was being read: it is
     * read after the rows held are read again, not lost */
    peygir_register_list_set_query (bare, &query);
    while (peygir_register_list_get_loading (bare))
      ui_iterate (10);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (bare)), ==, 4);
    g_clear_object (&last);
    last = g_list_model_get_item (G_LIST_MODEL (bare), 3);
    peygir_register_list_refresh (bare);
    while (peygir_register_list_get_loading (bare))
      ui_iterate (10);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (bare)), ==, 6);
    g_assert_false (peygir_register_list_get_has_more (bare));
  }
}

static gboolean
preview_window_shown (gpointer data)
{
  GtkWidget **found = data;
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && *found == NULL; i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      *found = ui_find_named (window, "letter-preview");
    }
  return *found != NULL;
}

static void
test_open (StoreFixture  *fixture,
           gconstpointer  data)
{
  g_auto(Letters) letters = { { 0, }, };
  g_autoptr(GBytes) kept = NULL;
  g_autoptr(GError) error = NULL;
  PeygirWindow *window;
  PeygirRegisterPage *page;
  GtkWidget *preview = NULL;
  const char *message;

  fill_register (fixture, &letters);
  kept = peygir_store_get_letter_pdf (fixture->store, letters.second.number, &error);
  g_assert_no_error (error);
  window = ui_window_new (fixture->store, "expert");
  page = open_register (window);
  wait_rows (page, 6);
  g_assert_false (ui_action_enabled (GTK_WIDGET (page), "register.open"));

  /* a letter we sent: its kept PDF, as it went out */
  peygir_register_page_select (page, position_of (page, letters.second.number));
  ui_activate (GTK_WIDGET (page), "register.open", NULL);
  ui_wait_for (preview_window_shown, &preview);
  g_assert_true (g_bytes_equal (peygir_letter_preview_get_pdf (PEYGIR_LETTER_PREVIEW (preview)), kept));
  g_assert_cmpint (peygir_letter_preview_get_n_pages (PEYGIR_LETTER_PREVIEW (preview)), ==, 1);
  gtk_window_destroy (GTK_WINDOW (gtk_widget_get_root (preview)));
  ui_iterate (50);

  /* an answer the agency sent without a scan: said in one sentence */
  peygir_register_page_select (page, 4);
  g_assert_true (entry_at (page, 4)->incoming);
  ui_activate (GTK_WIDGET (page), "register.open", NULL);
  message = peygir_register_page_get_last_message (page);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "اسکن"));

  close_window (window);
}

static void
test_void (StoreFixture  *fixture,
           gconstpointer  data)
{
  g_auto(Letters) letters = { { 0, }, };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(PeygirRegisterItem) item = NULL;
  g_autoptr(PeygirRegisterItem) again = NULL;
  PeygirRegisterQuery query = { 0, };
  PeygirWindow *window;
  PeygirWindow *expert;
  PeygirRegisterPage *page;
  AdwMessageDialog *dialog;
  GtkWidget *reason;
  guint position;

  fill_register (fixture, &letters);

  /* an expert reads the register but voids nothing */
  expert = ui_window_new (fixture->store, "expert");
  page = open_register (expert);
  wait_rows (page, 6);
  peygir_register_page_select (page, position_of (page, letters.second.number));
  g_assert_true (ui_action_enabled (GTK_WIDGET (page), "register.open"));
  g_assert_false (ui_action_enabled (GTK_WIDGET (page), "register.void"));
  close_window (expert);

  window = ui_window_new (fixture->store, "secretary");
  page = open_register (window);
  wait_rows (page, 6);
  /* not a void number again, nor an agency's answer */
  peygir_register_page_select (page, position_of (page, letters.voided.number));
  g_assert_false (ui_action_enabled (GTK_WIDGET (page), "register.void"));
  peygir_register_page_select (page, 0);
  g_assert_false (ui_action_enabled (GTK_WIDGET (page), "register.void"));

  position = position_of (page, letters.second.number);
  item = g_list_model_get_item (peygir_register_page_get_model (page), position);
  peygir_register_page_select (page, position);
  ui_activate (GTK_WIDGET (page), "register.void", NULL);
  dialog = peygir_register_page_get_void_dialog (page);
  g_assert_nonnull (dialog);
  /* the reason is required */
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "void"));
  reason = ui_find_named (GTK_WIDGET (dialog), "void-reason");
  g_assert_nonnull (reason);
  gtk_editable_set_text (GTK_EDITABLE (reason), "   ");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "void"));
  gtk_editable_set_text (GTK_EDITABLE (reason), "نامه با شماره اشتباه چاپ شد");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "void"));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  ui_iterate (200);
  ui_screenshot (GTK_WIDGET (dialog), "register-void-dialog");
  adw_message_dialog_response (dialog, "void");
  ui_wait_for (page_idle, page);
  ui_wait_idle (window);

  /* the row is void, the same row, and the register keeps it */
  g_assert_null (peygir_register_page_get_void_dialog (page));
  g_assert_cmpuint (g_list_model_get_n_items (peygir_register_page_get_model (page)), ==, 6);
  again = g_list_model_get_item (peygir_register_page_get_model (page), position);
  g_assert_true (again == item);
  g_assert_cmpstr (peygir_register_item_get_entry (item)->void_reason, ==, "نامه با شماره اشتباه چاپ شد");
  g_assert_false (ui_action_enabled (GTK_WIDGET (page), "register.void"));
  stored = peygir_store_list_register (fixture->store, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stored->len, ==, 6);
  for (guint i = 0; i < stored->len; i++)
    {
      PeygirRegisterEntry *entry = g_ptr_array_index (stored, i);

      if (g_strcmp0 (entry->number, letters.second.number) == 0)
        g_assert_cmpstr (entry->void_reason, ==, "نامه با شماره اشتباه چاپ شد");
    }
  ui_iterate (200);
  ui_screenshot (GTK_WIDGET (window), "register-after-void");

  /* the agency answered this one: the store refuses, and says why */
  position = position_of (page, letters.answered.number);
  peygir_register_page_select (page, position);
  ui_activate (GTK_WIDGET (page), "register.void", NULL);
  dialog = peygir_register_page_get_void_dialog (page);
  reason = ui_find_named (GTK_WIDGET (dialog), "void-reason");
  gtk_editable_set_text (GTK_EDITABLE (reason), "اشتباه");
  adw_message_dialog_response (dialog, "void");
  ui_wait_for (page_idle, page);
  {
    g_autoptr(GError) refused = NULL;

    g_assert_false (peygir_store_void_letter (fixture->store, "secretary", letters.answered.number,
                                              "اشتباه", &refused));
    g_assert_nonnull (refused);
    g_assert_cmpstr (peygir_register_page_get_last_message (page), ==, refused->message);
  }
  g_assert_null (entry_at (page, position)->void_reason);

  close_window (window);
}

int
main (int    argc,
      char **argv)
{
  ui_test_init (&argc, &argv);

  g_test_add ("/ui/register/rows-and-filters", StoreFixture, NULL, fixture_set_up, test_rows_and_filters,
              fixture_tear_down);
  g_test_add ("/ui/register/paging", StoreFixture, NULL, fixture_set_up, test_paging, fixture_tear_down);
  g_test_add ("/ui/register/open", StoreFixture, NULL, fixture_set_up, test_open, fixture_tear_down);
  g_test_add ("/ui/register/void", StoreFixture, NULL, fixture_set_up, test_void, fixture_tear_down);

  return g_test_run ();
}
