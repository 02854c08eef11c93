/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <poppler.h>
#include <string.h>

#include "test-admin-util.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)

typedef struct
{
  AdminFixture admin;
  gint64       agencies[2];
} LetterFixture;

static void
letter_set_up (LetterFixture *fixture,
               gconstpointer  data)
{
  admin_fixture_set_up (&fixture->admin, data);
  admin_fixture_populate (&fixture->admin, fixture->agencies);
}

static void
letter_tear_down (LetterFixture *fixture,
                  gconstpointer  data)
{
  admin_fixture_tear_down (&fixture->admin, data);
}

static void
act (LetterFixture *fixture,
     const char    *id,
     const char    *action,
     const char    *login,
     ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *arg;
  va_list ap;
  int status;

  g_ptr_array_add (args, (char *) "case");
  g_ptr_array_add (args, (char *) "act");
  g_ptr_array_add (args, (char *) id);
  g_ptr_array_add (args, (char *) action);
  g_ptr_array_add (args, (char *) "--as");
  g_ptr_array_add (args, (char *) login);
  va_start (ap, login);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  status = admin_run_argv (fixture->admin.db, fixture->admin.now, NULL,
                           (const char * const *) args->pdata, &out, &err);
  if (status != 0)
    g_printerr ("%s", err);
  g_assert_cmpint (status, ==, 0);
}

/* A complaint registered, referred to the first agency and approved; its id. */
static char *
approved_case (LetterFixture *fixture,
               const char    *subject)
{
  g_autofree char *json = admin_complaint_json (fixture->agencies[0], subject);
  g_autofree char *agency = g_strdup_printf ("%" G_GINT64_FORMAT, fixture->agencies[0]);
  char *id = g_strdup_printf ("%" G_GINT64_FORMAT, admin_new_case (&fixture->admin, json));

  act (fixture, id, "review", "expert", NULL);
  act (fixture, id, "register", "clerk", NULL);
  act (fixture, id, "refer", "expert", "--agency", agency, "--note", "متن نامه", NULL);
  act (fixture, id, "approve", "manager", NULL);
  return id;
}

static char *
tracking_code (LetterFixture *fixture,
               const char    *id)
{
  g_autoptr(JsonNode) kase = admin_json (&fixture->admin, "case", "show", id, "--json", NULL);

  return g_strdup (admin_member_string (kase, "tracking_code"));
}

static GBytes *
read_pdf (const char *path,
          int        *n_pages)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PopplerDocument) document = NULL;
  char *data = NULL;
  gsize length = 0;
  GBytes *bytes;

  g_assert_true (g_file_get_contents (path, &data, &length, &error));
  g_assert_no_error (error);
  bytes = g_bytes_new_take (data, length);
  g_assert_true (g_str_has_prefix (data, "%PDF-"));
  document = poppler_document_new_from_bytes (bytes, NULL, &error);
  g_assert_no_error (error);
  *n_pages = poppler_document_get_n_pages (document);
  return bytes;
}

static void
test_one (LetterFixture *fixture,
          gconstpointer  data)
{
  g_autofree char *id = approved_case (fixture, "قطعی مکرر آب");
  g_autofree char *draft_path = g_build_filename (fixture->admin.dir, "draft.pdf", NULL);
  g_autofree char *issued_path = g_build_filename (fixture->admin.dir, "issued.pdf", NULL);
  g_autofree char *again_path = g_build_filename (fixture->admin.dir, "again.pdf", NULL);
  g_autofree char *receipt_path = g_build_filename (fixture->admin.dir, "receipt.pdf", NULL);
  g_autofree char *out = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GBytes) issued = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GBytes) other = NULL;
  g_autoptr(JsonNode) kase = NULL;
  JsonNode *referrals;
  JsonNode *referral;
  const char *number;
  g_autofree char *referral_id = NULL;
  int n_pages = 0;

  /* approved, not dispatched: a draft */
  out = admin_ok (&fixture->admin, "letter", id, "--kind", "referral", "-o", draft_path, NULL);
  expected = g_strdup_printf ("%s\t-\tdraft\n", draft_path);
  g_assert_cmpstr (out, ==, expected);
  other = read_pdf (draft_path, &n_pages);
  g_assert_cmpint (n_pages, ==, 1);

  /* dispatched: issued with its number, and the same bytes every time */
  act (fixture, id, "dispatch", "clerk", NULL);
  kase = admin_json (&fixture->admin, "case", "show", id, "--json", NULL);
  referrals = admin_member (kase, "referrals");
  referral = json_array_get_element (json_node_get_array (referrals), 0);
  number = admin_member_string (referral, "letter_number");
  g_assert_nonnull (number);
  referral_id = g_strdup_printf ("%" G_GINT64_FORMAT, admin_member_int (referral, "id"));

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&expected, g_free);
  out = admin_ok (&fixture->admin, "letter", id, "--kind", "referral", "-o", issued_path, NULL);
  expected = g_strdup_printf ("%s\t%s\tissued\n", issued_path, number);
  g_assert_cmpstr (out, ==, expected);
  g_clear_pointer (&out, g_free);
  out = admin_ok (&fixture->admin, "letter", id, "--kind", "referral",
                  "--referral", referral_id, "-o", again_path, NULL);
  issued = read_pdf (issued_path, &n_pages);
  again = read_pdf (again_path, &n_pages);
  g_assert_true (g_bytes_equal (issued, again));
  g_assert_false (g_bytes_equal (issued, other));

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&expected, g_free);
  out = admin_ok (&fixture->admin, "letter", id, "--kind", "receipt", "-o", receipt_path, NULL);
  expected = g_strdup_printf ("%s\t-\treceipt\n", receipt_path);
  g_assert_cmpstr (out, ==, expected);
}

static void
test_refused (LetterFixture *fixture,
              gconstpointer  data)
{
  g_autofree char *id = approved_case (fixture, "قطعی مکرر آب");
  g_autofree char *path = g_build_filename (fixture->admin.dir, "letter.pdf", NULL);

  admin_expect (&fixture->admin, 1, NULL, "letter", id, "-o", path, NULL);
  admin_expect (&fixture->admin, 1, NULL, "letter", id, "--kind", "referral", NULL);
  admin_expect (&fixture->admin, 1, NULL, "letter", "--kind", "referral", "-o", path, NULL);
  admin_expect (&fixture->admin, 1, NULL, "letter", "--batch", "--kind", "receipt", "-o", path, NULL);
  admin_expect (&fixture->admin, 1, NULL, "letter", "--batch", id, "--kind", "receipt",
                "--state", "registered", "-o", path, NULL);
  admin_expect (&fixture->admin, 1, NULL, "letter", id, id, "--kind", "referral", "--referral", "1",
                "-o", path, NULL);
  admin_expect (&fixture->admin, 2, NULL, "letter", id, "--kind", "telegram", "-o", path, NULL);
  admin_expect (&fixture->admin, 2, NULL, "letter", "--batch", "--kind", "receipt",
                "--state", "lost", "-o", path, NULL);
  admin_expect (&fixture->admin, 2, NULL, "letter", "4242", "--kind", "receipt", "-o", path, NULL);
  admin_expect (&fixture->admin, 2, NULL, "letter", id, "--kind", "referral", "--referral", "99",
                "-o", path, NULL);
  /* nothing to remind of before dispatch, no answer before the agency's */
  admin_expect (&fixture->admin, 4, NULL, "letter", id, "--kind", "reminder", "-o", path, NULL);
  admin_expect (&fixture->admin, 4, NULL, "letter", id, "--kind", "answer", "-o", path, NULL);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_batch (LetterFixture *fixture,
            gconstpointer  data)
{
  g_autofree char *first = approved_case (fixture, "قطعی مکرر آب");
  g_autofree char *second = approved_case (fixture, "فشار کم آب");
  g_autofree char *json = admin_complaint_json (fixture->agencies[1], "قبض نادرست");
  g_autofree char *third = g_strdup_printf ("%" G_GINT64_FORMAT, admin_new_case (&fixture->admin, json));
  g_autofree char *first_code = tracking_code (fixture, first);
  g_autofree char *second_code = tracking_code (fixture, second);
  g_autofree char *third_code = tracking_code (fixture, third);
  g_autofree char *dir = g_build_filename (fixture->admin.dir, "letters", NULL);
  g_autofree char *receipts = g_build_filename (fixture->admin.dir, "receipts", NULL);
  g_autofree char *mixed = g_build_filename (fixture->admin.dir, "mixed", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  int status;

  /* every referred case: the two approved letters, one file each */
  out = admin_ok (&fixture->admin, "letter", "--batch", "--kind", "referral", "--state", "referred",
                  "-o", dir, NULL);
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  for (guint i = 0; i < 2; i++)
    {
      const char *code = i == 0 ? first_code : second_code;
      g_autofree char *file = g_strconcat (code, ".pdf", NULL);
      g_autofree char *path = g_build_filename (dir, file, NULL);
      g_autoptr(GBytes) pdf = NULL;
      int n_pages = 0;

      g_assert_true (g_str_has_prefix (lines[i], path));
      pdf = read_pdf (path, &n_pages);
      g_assert_cmpint (n_pages, ==, 1);
    }
  g_clear_pointer (&out, g_free);

  /* several cases by id */
  out = admin_ok (&fixture->admin, "letter", third, first, "--kind", "receipt", "-o", receipts, NULL);
  {
    g_autofree char *file = g_strconcat (third_code, ".pdf", NULL);
    g_autofree char *path = g_build_filename (receipts, file, NULL);

    g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
    g_assert_true (g_str_has_prefix (out, path));
  }

  /* one case refused does not stop the others, and decides the status */
  g_clear_pointer (&out, g_free);
  status = admin_run (&fixture->admin, NULL, &out, &err, "letter", third, first, "--kind", "referral",
                      "-o", mixed, NULL);
  g_assert_cmpint (status, ==, 4);
  admin_assert_one_error_line (err);
  {
    g_autofree char *file = g_strconcat (first_code, ".pdf", NULL);
    g_autofree char *path = g_build_filename (mixed, file, NULL);

    g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  }
}

/* The letter number of the case's first referral, from case show. */
static char *
referral_letter_number (LetterFixture *fixture,
                        const char    *id)
{
  g_autoptr(JsonNode) kase = admin_json (&fixture->admin, "case", "show", id, "--json", NULL);
  JsonNode *referrals = admin_member (kase, "referrals");
  JsonNode *referral = json_array_get_element (json_node_get_array (referrals), 0);

  return g_strdup (admin_member_string (referral, "letter_number"));
}

/* Writing a draft with `letter` uses up no number: the letters issued
 * around the drafts follow one another without a gap. */
static void
test_draft_uses_no_number (LetterFixture *fixture,
                           gconstpointer  data)
{
  g_autofree char *first = approved_case (fixture, "قطعی مکرر آب");
  g_autofree char *second = approved_case (fixture, "فشار کم آب");
  g_autofree char *path = g_build_filename (fixture->admin.dir, "answer.pdf", NULL);
  g_autofree char *referral_path = g_build_filename (fixture->admin.dir, "referral.pdf", NULL);
  g_autofree char *first_number = NULL;
  g_autofree char *second_number = NULL;
  g_autofree char *out = NULL;
  g_autofree char *expected = NULL;
  g_auto(GStrv) first_parts = NULL;
  g_auto(GStrv) second_parts = NULL;
  g_autoptr(JsonNode) kase = NULL;
  JsonNode *referrals;
  g_autofree char *referral_id = NULL;

  act (fixture, first, "dispatch", "clerk", NULL);
  first_number = referral_letter_number (fixture, first);
  kase = admin_json (&fixture->admin, "case", "show", first, "--json", NULL);
  referrals = admin_member (kase, "referrals");
  referral_id = g_strdup_printf ("%" G_GINT64_FORMAT,
                                 admin_member_int (json_array_get_element (json_node_get_array (referrals), 0), "id"));
  act (fixture, first, "answer", "clerk", "--referral", referral_id, "--note", "لوله اصلی تعویض شد", NULL);

  /* the written answer, and the other case's referral, as drafts */
  out = admin_ok (&fixture->admin, "letter", first, "--kind", "answer", "-o", path, NULL);
  expected = g_strdup_printf ("%s\t-\tdraft\n", path);
  g_assert_cmpstr (out, ==, expected);
  g_clear_pointer (&out, g_free);
  out = admin_ok (&fixture->admin, "letter", second, "--kind", "referral", "-o", referral_path, NULL);
  g_clear_pointer (&out, g_free);
  out = admin_ok (&fixture->admin, "letter", first, "--kind", "answer", "-o", path, NULL);
  g_assert_cmpstr (out, ==, expected);

  act (fixture, second, "dispatch", "clerk", NULL);
  second_number = referral_letter_number (fixture, second);
  first_parts = g_strsplit (first_number, "/", -1);
  second_parts = g_strsplit (second_number, "/", -1);
  g_assert_cmpuint (g_strv_length (first_parts), ==, 3);
  g_assert_cmpuint (g_strv_length (second_parts), ==, 3);
  g_assert_cmpstr (first_parts[0], ==, second_parts[0]);
  g_assert_cmpint (g_ascii_strtoll (second_parts[2], NULL, 10), ==, g_ascii_strtoll (first_parts[2], NULL, 10) + 1);
}

/* The register from the command line: the agency's answer with its own
 * number, date and scan; a number voided by the secretariat stays, void. */
static void
test_register (LetterFixture *fixture,
               gconstpointer  data)
{
  g_autofree char *id = approved_case (fixture, "قطعی مکرر آب");
  g_autofree char *scan = g_build_filename (fixture->admin.dir, "پاسخ.pdf", NULL);
  g_autofree char *number = NULL;
  g_autofree char *referral_id = NULL;
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) kase = NULL;
  g_autoptr(JsonNode) list = NULL;
  JsonNode *referral;
  JsonArray *entries;
  JsonNode *entry;

  g_assert_true (g_file_set_contents (scan, "%PDF-1.4 scan", -1, NULL));
  act (fixture, id, "dispatch", "clerk", NULL);
  number = referral_letter_number (fixture, id);
  kase = admin_json (&fixture->admin, "case", "show", id, "--json", NULL);
  referral = json_array_get_element (json_node_get_array (admin_member (kase, "referrals")), 0);
  referral_id = g_strdup_printf ("%" G_GINT64_FORMAT, admin_member_int (referral, "id"));

  /* the agency's letter comes with the answer only */
  admin_expect (&fixture->admin, 1, NULL, "case", "act", id, "contact", "--as", "expert", "--channel", "phone",
                "--note", "تماس", "--letter-number", "12", NULL);
  act (fixture, id, "answer", "clerk", "--referral", referral_id, "--note", "رسیدگی شد.",
       "--letter-number", "۴۵۶/ب", "--letter-date", "1405/02/13", "--attach", scan, NULL);

  list = admin_json (&fixture->admin, "letter", "list", "--json", NULL);
  entries = json_node_get_array (list);
  g_assert_cmpuint (json_array_get_length (entries), ==, 2);
  entry = json_array_get_element (entries, 0);
  g_assert_cmpstr (admin_member_string (entry, "direction"), ==, "incoming");
  g_assert_cmpstr (admin_member_string (entry, "state"), ==, "received");
  g_assert_cmpstr (admin_member_string (entry, "number"), ==, "456/ب");
  g_assert_cmpstr (admin_member_string (entry, "letter_date"), ==, "2026-05-03");
  g_assert_cmpint (admin_member_int (entry, "document"), >, 0);
  entry = json_array_get_element (entries, 1);
  g_assert_cmpstr (admin_member_string (entry, "direction"), ==, "outgoing");
  g_assert_cmpstr (admin_member_string (entry, "number"), ==, number);
  g_assert_cmpstr (admin_member_string (entry, "state"), ==, "sent");
  g_clear_pointer (&list, json_node_unref);

  /* answered: not to be voided; the secretariat's, with a reason */
  admin_expect (&fixture->admin, 4, NULL, "letter", "void", number, "--reason", "اشتباه", "--as", "clerk", NULL);
  admin_expect (&fixture->admin, 3, NULL, "letter", "void", number, "--reason", "اشتباه", "--as", "expert", NULL);
  admin_expect (&fixture->admin, 2, NULL, "letter", "void", number, "--reason", " ", "--as", "clerk", NULL);

  /* a fresh case: sent, voided, listed as void */
  {
    g_autofree char *other = approved_case (fixture, "فشار کم آب");
    g_autofree char *other_number = NULL;

    act (fixture, other, "dispatch", "clerk", NULL);
    other_number = referral_letter_number (fixture, other);
    out = admin_ok (&fixture->admin, "letter", "void", other_number, "--reason", "نشانی اشتباه", "--as", "clerk", NULL);
    list = admin_json (&fixture->admin, "letter", "list", "--outgoing", "--json", NULL);
    entries = json_node_get_array (list);
    g_assert_cmpuint (json_array_get_length (entries), ==, 2);
    entry = json_array_get_element (entries, 0);
    g_assert_cmpstr (admin_member_string (entry, "number"), ==, other_number);
    g_assert_cmpstr (admin_member_string (entry, "state"), ==, "void");
    g_assert_cmpstr (admin_member_string (entry, "void_reason"), ==, "نشانی اشتباه");
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/letters/admin/one", LetterFixture, NULL, letter_set_up, test_one, letter_tear_down);
  g_test_add ("/letters/admin/refused", LetterFixture, NULL, letter_set_up, test_refused, letter_tear_down);
  g_test_add ("/letters/admin/batch", LetterFixture, NULL, letter_set_up, test_batch, letter_tear_down);
  g_test_add ("/letters/admin/draft-uses-no-number", LetterFixture, NULL, letter_set_up,
              test_draft_uses_no_number, letter_tear_down);
  g_test_add ("/letters/admin/register", LetterFixture, NULL, letter_set_up, test_register, letter_tear_down);

  return g_test_run ();
}
