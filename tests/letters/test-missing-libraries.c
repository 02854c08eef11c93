/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A machine without libpq, libxlsxwriter or poppler-glib: each is opened
 * when first needed (peygir-library.h), and this program is built with
 * their clients naming sonames that no machine has
 * (tests/letters/meson.build). Opening a server, writing the report as a
 * spreadsheet, or showing a letter says in one sentence which library to
 * install; a database in a file never notices, and a spreadsheet that
 * could not be written leaves nothing behind. */
#include <locale.h>
#include <string.h>

#include <poppler.h>

#include "peygir-db.h"
#include "peygir-error.h"
#include "peygir-report-sheet.h"
#include "peygir-store.h"
#include "peygir-test-util.h"

/* One sentence: it ends in a full stop and has no other. */
static void
assert_one_sentence (const char *message)
{
  const char *stop = strstr (message, ". ");

  g_assert_nonnull (message);
  g_assert_true (g_str_has_suffix (message, "."));
  g_assert_null (stop);
  g_assert_null (strchr (message, '\n'));
}

static void
test_server_without_libpq (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirStore) store = NULL;
  g_autofree char *user = NULL;
  g_autofree char *host = NULL;
  g_autofree char *dbname = NULL;

  store = peygir_store_open ("postgresql://peygir@localhost/peygir", 0, &error);
  g_assert_null (store);
  g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_UNREACHABLE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "install libpq"));
  g_assert_nonnull (strstr (error->message, PEYGIR_LIBPQ_SONAME));
  assert_one_sentence (error->message);

  /* A location is still only text: describing it fails, and nothing crashes. */
  g_assert_false (peygir_db_describe_server_parts ("postgresql://peygir@localhost/peygir",
                                                   &user, &host, &dbname));
  g_assert_null (peygir_db_server_location_without_password ("postgresql://peygir:secret@localhost/peygir"));
}

static void
test_file_without_libpq (void)
{
  char *dir = peygir_test_dir_new ();
  g_autofree char *path = g_build_filename (dir, "peygir.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirStore) store = NULL;

  store = peygir_store_open (path, PEYGIR_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_clear_object (&store);
  peygir_test_dir_free (dir);
}

static void
test_spreadsheet_without_libxlsxwriter (void)
{
  g_autoptr(PeygirReport) report = peygir_report_new (20260502, 20260531);
  char *dir = peygir_test_dir_new ();
  g_autofree char *path = g_build_filename (dir, "report.xlsx", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = NULL;

  g_assert_false (peygir_report_write_xlsx (report, path, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "libxlsxwriter cannot be loaded"));
  g_assert_nonnull (strstr (error->message, PEYGIR_XLSXWRITER_SONAME));
  assert_one_sentence (error->message);

  /* neither the report nor a temporary file beside it */
  listing = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (listing);
  g_assert_null (g_dir_read_name (listing));
  g_clear_pointer (&listing, g_dir_close);

  /* the CSV needs no library */
  g_clear_error (&error);
  g_clear_pointer (&path, g_free);
  path = g_build_filename (dir, "report.csv", NULL);
  g_assert_true (peygir_report_write_csv (report, path, &error));
  g_assert_no_error (error);
  peygir_test_dir_free (dir);
}

/* The preview and the print operation open the letter's PDF first: with
 * no poppler-glib, that says which library to install. */
static void
test_letter_without_poppler (void)
{
  static const char pdf[] = "%PDF-1.4\n%%EOF\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (pdf, sizeof pdf - 1);
  g_autoptr(GError) error = NULL;
  PopplerDocument *document;

  document = poppler_document_new_from_bytes (bytes, NULL, &error);
  g_assert_null (document);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "install poppler-glib"));
  g_assert_nonnull (strstr (error->message, PEYGIR_POPPLER_GLIB_SONAME));
  assert_one_sentence (error->message);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/letters/missing-libraries/server", test_server_without_libpq);
  g_test_add_func ("/letters/missing-libraries/file", test_file_without_libpq);
  g_test_add_func ("/letters/missing-libraries/spreadsheet", test_spreadsheet_without_libxlsxwriter);
  g_test_add_func ("/letters/missing-libraries/letter", test_letter_without_poppler);

  return g_test_run ();
}
