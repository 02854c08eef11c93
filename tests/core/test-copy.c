/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A whole database copied into another, of either engine
 * (src/core/peygir-store-copy.c): moving an office to a server, and a
 * server's backup as a file. */

#include <glib/gstdio.h>

#include "peygir-store-private.h"
#include "store-test-fixture.h"

/* Bytes with a NUL and high bytes in them, as a scan or a PDF has. */
static GBytes *
binary_bytes (const char *magic,
              guint       size)
{
  GByteArray *bytes = g_byte_array_new ();

  g_byte_array_append (bytes, (const guint8 *) magic, strlen (magic));
  for (guint i = 0; i < size; i++)
    {
      guint8 b = (guint8) (i * 37 + 11);

      g_byte_array_append (bytes, &b, 1);
    }
  return g_byte_array_free_to_bytes (bytes);
}

/* The office's settings, people, images and holidays. */
static void
set_up_office (StoreFixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) logo = binary_bytes ("\x89PNG\r\n\x1a\n", 300);
  g_autoptr(PeygirUser) titled = NULL;

  g_assert_true (peygir_store_set_setting (fixture->store, "admin", PEYGIR_SETTING_SERVICE_DAYS, "12", &error));
  g_assert_no_error (error);
  g_assert_true (peygir_store_set_image (fixture->store, "admin", "logo", logo, &error));
  g_assert_no_error (error);
  g_assert_true (peygir_store_add_holiday (fixture->store, "admin",
                                           &(PeygirHoliday) { .persian_month = 9, .persian_day = 30, .name = "یلدا" },
                                           &error));
  g_assert_no_error (error);
  titled = peygir_store_set_user_title (fixture->store, "admin", "manager", "معاون استاندار", &error);
  g_assert_no_error (error);
}

/* A case referred to both agencies, the letters sent with their PDFs, one
 * answered with the scan of its letter, the answer to the applicant sent
 * and voided; a second case with a document, linked to a later one. */
static gint64
set_up_work (StoreFixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirCaseDraft) draft = draft_new (fixture->agency_a, "قطعی آب در محله",
                                                "لوله اصلی ترکیده و آب محله قطع است.");
  g_autoptr(PeygirCase) kase = create_case (fixture, draft);
  g_autoptr(PeygirCase) other = create_simple_case (fixture);
  g_autoptr(PeygirCase) later = create_simple_case (fixture);
  g_autoptr(PeygirCase) done = NULL;
  g_autoptr(PeygirDocument) document = NULL;
  g_autoptr(PeygirLetterRecord) answer = NULL;
  g_autoptr(GBytes) scan = binary_bytes ("%PDF-1.4\n", 5000);
  g_autoptr(GBytes) photo = binary_bytes ("\xff\xd8\xff", 7000);
  g_autoptr(GBytes) pdf = binary_bytes ("%PDF-1.7\n", 3000);
  gint64 agencies[] = { fixture->agency_a, fixture->agency_b };
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;

  done = review_and_register (fixture, kase->id);
  g_clear_pointer (&done, peygir_case_free);
  done = refer_and_dispatch (fixture, kase->id, agencies, G_N_ELEMENTS (agencies));
  g_assert_true (peygir_store_keep_letter_pdf (fixture->store, referral_at (done, 0)->letter_number, pdf, &error));
  g_assert_no_error (error);

  request.case_id = kase->id;
  request.action = PEYGIR_ACTION_ANSWER;
  request.actor_login = "secretary";
  request.referral_id = referral_at (done, 0)->id;
  request.note = "لوله اصلی تعویض شد.";
  request.answer_number = "۷۸۹۰/۱۲/ب";
  request.answer_date = 20260502;
  request.document_name = "پاسخ آب و فاضلاب.pdf";
  request.document_type = "application/pdf";
  request.document = scan;
  g_clear_pointer (&done, peygir_case_free);
  done = act_request (fixture, &request);
  request.referral_id = referral_at (done, 1)->id;
  request.note = "برق وصل شد.";
  request.answer_number = NULL;
  request.document = NULL;
  request.document_name = NULL;
  g_clear_pointer (&done, peygir_case_free);
  done = act_request (fixture, &request);
  answer = peygir_store_issue_answer_letter (fixture->store, "secretary", kase->id, NULL, pdf, &error);
  g_assert_no_error (error);
  g_assert_true (peygir_store_void_letter (fixture->store, "secretary", answer->number, "نام متقاضی اشتباه بود", &error));
  g_assert_no_error (error);

  document = peygir_store_add_document (fixture->store, "expert", other->id, "عکس.jpg", "image/jpeg", photo, &error);
  g_assert_no_error (error);
  request = (PeygirActionRequest) PEYGIR_ACTION_REQUEST_INIT;
  request.case_id = other->id;
  request.action = PEYGIR_ACTION_LINK;
  request.actor_login = "expert";
  request.linked_case_id = later->id;
  g_clear_pointer (&done, peygir_case_free);
  done = act_request (fixture, &request);
  return kase->id;
}

static char *
read_meta (PeygirStore *store,
           const char  *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare (store->db, "SELECT value FROM meta WHERE key = ?", &error);

  g_assert_no_error (error);
  peygir_db_bind_text (stmt, 1, key);
  g_assert_cmpint (peygir_db_step (stmt), ==, PEYGIR_DB_ROW);
  return peygir_db_column_dup (stmt, 0);
}

static GPtrArray *
all_cases (PeygirStore *store)
{
  g_autoptr(GError) error = NULL;
  PeygirCaseQuery query = { .limit = 1000 };
  GPtrArray *cases = peygir_store_list_cases (store, &query, &error);

  g_assert_no_error (error);
  return cases;
}

static void
assert_same_case (PeygirStore *source,
                  PeygirStore *dest,
                  gint64       id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirCase) a = peygir_store_get_case (source, id, PEYGIR_CASE_DETAIL_REFERRALS, &error);
  g_autoptr(PeygirCase) b = peygir_store_get_case (dest, id, PEYGIR_CASE_DETAIL_REFERRALS, &error);
  g_autoptr(GPtrArray) docs_a = peygir_store_list_documents (source, id, &error);
  g_autoptr(GPtrArray) docs_b = peygir_store_list_documents (dest, id, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (a->tracking_code, ==, b->tracking_code);
  g_assert_cmpstr (a->registration_number, ==, b->registration_number);
  g_assert_cmpstr (a->applicant.name, ==, b->applicant.name);
  g_assert_cmpstr (a->subject, ==, b->subject);
  g_assert_cmpstr (a->description, ==, b->description);
  g_assert_cmpstr (a->expert_name, ==, b->expert_name);
  g_assert_cmpstr (a->agency_name, ==, b->agency_name);
  g_assert_cmpint (a->state, ==, b->state);
  g_assert_cmpint (a->linked_case_id, ==, b->linked_case_id);
  g_assert_cmpint (a->version, ==, b->version);
  g_assert_cmpint (a->updated_at, ==, b->updated_at);
  g_assert_cmpint (a->service_due, ==, b->service_due);
  g_assert_cmpuint (a->referrals->len, ==, b->referrals->len);
  for (guint i = 0; i < a->referrals->len; i++)
    {
      PeygirReferral *ra = referral_at (a, i);
      PeygirReferral *rb = referral_at (b, i);

      g_assert_cmpstr (ra->letter_number, ==, rb->letter_number);
      g_assert_cmpstr (ra->answer, ==, rb->answer);
      g_assert_cmpstr (ra->answer_number, ==, rb->answer_number);
      g_assert_cmpint (ra->answer_document_id, ==, rb->answer_document_id);
      g_assert_cmpint (ra->state, ==, rb->state);
    }
  g_assert_cmpuint (docs_a->len, ==, docs_b->len);
  for (guint i = 0; i < docs_a->len; i++)
    {
      PeygirDocument *document = g_ptr_array_index (docs_a, i);
      g_autoptr(GBytes) data_a = peygir_store_get_document_data (source, document->id, &error);
      g_autoptr(GBytes) data_b = peygir_store_get_document_data (dest, document->id, &error);

      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (data_a, data_b));
    }
}

static void
assert_same_register (PeygirStore *source,
                      PeygirStore *dest)
{
  g_autoptr(GError) error = NULL;
  PeygirRegisterQuery query = { .limit = 200 };
  g_autoptr(GPtrArray) a = peygir_store_list_register (source, &query, &error);
  g_autoptr(GPtrArray) b = peygir_store_list_register (dest, &query, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (a->len, ==, b->len);
  g_assert_cmpuint (a->len, >=, 4);
  for (guint i = 0; i < a->len; i++)
    {
      PeygirRegisterEntry *ea = g_ptr_array_index (a, i);
      PeygirRegisterEntry *eb = g_ptr_array_index (b, i);

      g_assert_cmpstr (ea->number, ==, eb->number);
      g_assert_cmpstr (ea->void_reason, ==, eb->void_reason);
      g_assert_cmpint (ea->has_pdf, ==, eb->has_pdf);
      if (ea->has_pdf && !ea->incoming)
        {
          g_autoptr(GBytes) pdf_a = peygir_store_get_letter_pdf (source, ea->number, &error);
          g_autoptr(GBytes) pdf_b = peygir_store_get_letter_pdf (dest, eb->number, &error);

          g_assert_no_error (error);
          g_assert_true (g_bytes_equal (pdf_a, pdf_b));
        }
    }
}

static void
assert_same_office (PeygirStore *source,
                    PeygirStore *dest)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) logo_a = peygir_store_get_image (source, "logo", &error);
  g_autoptr(GBytes) logo_b = peygir_store_get_image (dest, "logo", &error);
  g_autoptr(GPtrArray) holidays_a = peygir_store_list_holidays (source, &error);
  g_autoptr(GPtrArray) holidays_b = peygir_store_list_holidays (dest, &error);
  g_autoptr(PeygirUser) manager = peygir_store_find_user (dest, "manager", &error);
  g_autofree char *days = peygir_store_get_setting (dest, PEYGIR_SETTING_SERVICE_DAYS, &error);

  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (logo_a, logo_b));
  g_assert_cmpuint (holidays_a->len, ==, holidays_b->len);
  g_assert_cmpstr (manager->title, ==, "معاون استاندار");
  g_assert_cmpstr (days, ==, "12");
}

/* A new case on the destination: a new id, and the year's next number. */
static void
assert_continues (StoreFixture *fixture,
                  PeygirStore  *dest,
                  gint64        last_id)
{
  StoreFixture on_dest = *fixture;
  g_autoptr(PeygirCase) kase = NULL;
  g_autoptr(PeygirCase) registered = NULL;

  on_dest.store = dest;
  kase = create_simple_case (&on_dest);
  g_assert_cmpint (kase->id, ==, last_id + 1);
  registered = review_and_register (&on_dest, kase->id);
  g_assert_cmpstr (registered->registration_number, ==, "1405/2");
}

static void
assert_copied (StoreFixture *fixture,
               PeygirStore  *dest,
               gint64        searched_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cases = all_cases (fixture->store);
  g_autoptr(GPtrArray) copied = all_cases (dest);
  g_autoptr(GPtrArray) found = peygir_store_search (dest, "ترکیده", 0, &error);
  g_autofree char *head_a = read_meta (fixture->store, "audit_head_hash");
  g_autofree char *head_b = read_meta (dest, "audit_head_hash");
  gint64 last_id = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (cases->len, ==, copied->len);
  for (guint i = 0; i < cases->len; i++)
    {
      PeygirCase *kase = g_ptr_array_index (cases, i);

      assert_same_case (fixture->store, dest, kase->id);
      last_id = MAX (last_id, kase->id);
    }
  g_assert_cmpstr (head_a, ==, head_b);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (((PeygirCase *) g_ptr_array_index (found, 0))->id, ==, searched_id);
  assert_same_register (fixture->store, dest);
  assert_same_office (fixture->store, dest);
  g_assert_true (peygir_store_check (dest, &error));
  g_assert_no_error (error);
  assert_continues (fixture, dest, last_id);
  g_assert_true (peygir_store_check (dest, &error));
  g_assert_no_error (error);
}

/* Copies the fixture's office to @location, checks the copy, and that a
 * second copy there is refused. */
static void
copy_and_compare (StoreFixture *fixture,
                  const char   *location)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirStore) dest = NULL;
  gint64 searched_id;
  gint64 n_cases = 0;
  gint64 n_events = 0;

  set_up_office (fixture);
  searched_id = set_up_work (fixture);
  g_assert_true (peygir_store_copy_to (fixture->store, location, &n_cases, &n_events, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n_cases, ==, 3);
  g_assert_cmpint (n_events, ==, count_events (fixture));

  dest = peygir_store_open (location, PEYGIR_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  assert_copied (fixture, dest, searched_id);

  g_assert_false (peygir_store_copy_to (fixture->store, location, NULL, NULL, &error));
  g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_EXISTS);
}

static void
test_copy_to_file (StoreFixture  *fixture,
                   gconstpointer  data G_GNUC_UNUSED)
{
  char *dir = peygir_test_dir_new ();
  g_autofree char *path = g_build_filename (dir, "copy.db", NULL);

  copy_and_compare (fixture, path);
  peygir_test_dir_free (dir);
}

static void
test_copy_to_server (StoreFixture  *fixture,
                     gconstpointer  data G_GNUC_UNUSED)
{
  g_autofree char *location = NULL;
  g_autofree char *dbname = peygir_test_server_database_new (&location);

  if (dbname == NULL)
    {
      g_test_skip ("no test server (" SERVER_VARIABLE ")");
      return;
    }
  copy_and_compare (fixture, location);
  peygir_test_server_database_drop (dbname);
}

/* A server's backup is a file: it opens as a Peygir database, and the
 * live log verifies against it. */
static void
test_backup (StoreFixture  *fixture,
             gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  char *dir = peygir_test_dir_new ();
  g_autofree char *path = g_build_filename (dir, "nightly.db", NULL);
  g_autoptr(PeygirStore) backup = NULL;
  gint64 searched_id;

  set_up_office (fixture);
  searched_id = set_up_work (fixture);
  /* twice: the second replaces last night's file */
  for (int i = 0; i < 2; i++)
    {
      g_assert_true (peygir_store_backup (fixture->store, path, &error));
      g_assert_no_error (error);
    }
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_true (peygir_store_check_against (fixture->store, path, &error));
  g_assert_no_error (error);
  backup = peygir_store_open (path, PEYGIR_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_false (peygir_store_location_is_server (peygir_store_get_path (backup)));
  assert_copied (fixture, backup, searched_id);
  g_clear_object (&backup);
  peygir_test_dir_free (dir);
}

/* The copy's list of tables knows every column the schema has: a column
 * added to the schema and not to the list stops the copy, and nothing is
 * left where it was to go. */
static void
test_columns_known (StoreFixture  *fixture,
                    gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  char *dir = peygir_test_dir_new ();
  g_autofree char *path = g_build_filename (dir, "copy.db", NULL);

  g_assert_true (_peygir_store_copy_check_columns (fixture->store, &error));
  g_assert_no_error (error);

  g_assert_cmpint (sql_exec (fixture->path, "ALTER TABLE cases ADD COLUMN priority INTEGER"), ==, SQLITE_OK);
  g_assert_false (_peygir_store_copy_check_columns (fixture->store, &error));
  g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "priority"));
  g_clear_error (&error);

  g_assert_false (peygir_store_copy_to (fixture->store, path, NULL, NULL, &error));
  g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_CORRUPT);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  peygir_test_dir_free (dir);
}

/* A source whose audit log was altered does not verify where it arrives:
 * the copy fails, and nothing of it stays there. */
static void
test_check_fails (StoreFixture  *fixture,
                  gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  char *dir = peygir_test_dir_new ();
  g_autofree char *path = g_build_filename (dir, "copy.db", NULL);
  g_autofree char *location = NULL;
  g_autofree char *dbname = NULL;

  set_up_work (fixture);
  tamper (fixture, "UPDATE events SET note = 'پاک شد' WHERE id = 3");

  g_assert_false (peygir_store_copy_to (fixture->store, path, NULL, NULL, &error));
  g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_AUDIT);
  g_clear_error (&error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  dbname = peygir_test_server_database_new (&location);
  if (dbname != NULL)
    {
      g_assert_false (peygir_store_copy_to (fixture->store, location, NULL, NULL, &error));
      g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_AUDIT);
      g_assert_cmpint (sql_int (location, "SELECT count(*) FROM cases"), ==, 0);
      g_assert_cmpint (sql_int (location, "SELECT count(*) FROM events"), ==, 0);
      peygir_test_server_database_drop (dbname);
    }
  peygir_test_dir_free (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  store_test_add_both ("/core/copy/to-file", test_copy_to_file);
  store_test_add_both ("/core/copy/to-server", test_copy_to_server);
  store_test_add_both ("/core/copy/backup", test_backup);
  store_test_add_both ("/core/copy/columns-known", test_columns_known);
  store_test_add_both ("/core/copy/check-fails", test_check_fails);
  return g_test_run ();
}
