/* SPDX-License-Identifier: GPL-3.0-or-later */
/* peygir-admin import: the example registry shipped with the example
 * mapping, in each encoding Excel saves in Iran; a dry run; all or nothing
 * when a row is refused (a registration number another case holds, an
 * agency the office lacks). */
#include <locale.h>
#include <string.h>

#include "test-admin-util.h"

/* The shipped example (tests/core/data/import-registry.csv, read by
 * data/import-example-map.json): four rows, three registered. */
#define EXAMPLE_ROWS 4

static char *
source_path (const char *dir,
             const char *name)
{
  const char *source = g_getenv ("PEYGIR_SOURCE_DIR");

  g_assert_nonnull (source);
  return g_build_filename (source, dir, name, NULL);
}

static char *
example_text (void)
{
  g_autofree char *path = source_path ("tests/core/data", "import-registry.csv");
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  return text;
}

static char *
write_bytes (AdminFixture *fixture,
             const char   *name,
             const char   *data,
             gsize         size)
{
  char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, data, size, &error));
  g_assert_no_error (error);
  return path;
}

static gint64
count (AdminFixture *fixture,
       const char   *what)
{
  g_autofree char *out = admin_ok (fixture, "case", "count", what, NULL);

  return g_ascii_strtoll (out, NULL, 10);
}

static gint64
all_cases (AdminFixture *fixture)
{
  g_autofree char *out = admin_ok (fixture, "case", "count", NULL);

  return g_ascii_strtoll (out, NULL, 10);
}

static JsonNode *
import_json (AdminFixture *fixture,
             const char   *file,
             int           status,
             gboolean      dry_run)
{
  g_autofree char *map = source_path ("data", "import-example-map.json");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int exit_status = dry_run
                    ? admin_run (fixture, NULL, &out, &err, "import", file, "--map", map, "--dry-run", "--json", NULL)
                    : admin_run (fixture, NULL, &out, &err, "import", file, "--map", map, "--json", NULL);

  g_test_message ("import: %d, %s", exit_status, err);
  g_assert_cmpint (exit_status, ==, status);
  if (status != 0)
    admin_assert_one_error_line (err);
  return admin_parse_json (out);
}

/* The example, imported: each case at its final state, with its own
 * registration number and dates, the year's counter moved past them, the
 * database sound. */
static void
test_example (AdminFixture  *fixture,
              gconstpointer  data)
{
  g_autofree char *text = example_text ();
  g_autofree char *file = write_bytes (fixture, "registry.csv", text, strlen (text));
  g_autoptr(JsonNode) report = NULL;
  g_autoptr(JsonNode) closed = NULL;
  g_autofree char *init = admin_ok (fixture, "init", NULL);
  g_autofree char *check = NULL;
  g_autofree char *list = NULL;

  report = import_json (fixture, file, 0, FALSE);
  g_assert_cmpint (admin_member_int (report, "rows"), ==, EXAMPLE_ROWS);
  g_assert_cmpint (admin_member_int (report, "imported"), ==, EXAMPLE_ROWS);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (admin_member (report, "refused"))), ==, 0);

  g_assert_cmpint (all_cases (fixture), ==, EXAMPLE_ROWS);
  g_assert_cmpint (count (fixture, "--state=closed"), ==, 2);
  g_assert_cmpint (count (fixture, "--state=referred"), ==, 1);
  g_assert_cmpint (count (fixture, "--state=rejected"), ==, 1);
  /* nobody holds a past case: it waits for the manager to assign it */
  g_assert_cmpint (count (fixture, "--unassigned"), ==, EXAMPLE_ROWS);

  list = admin_ok (fixture, "case", "list", NULL);
  g_assert_nonnull (strstr (list, "1402/125"));
  g_assert_nonnull (strstr (list, "1402/126"));
  g_assert_nonnull (strstr (list, "1402/128"));

  /* received on 1402/07/10, registered 07/15, answered 08/01, told 08/05 */
  closed = admin_json (fixture, "case", "show", "1", "--json", NULL);
  g_assert_cmpstr (admin_member_string (closed, "registration_number"), ==, "1402/125");
  g_assert_cmpstr (admin_member_string (closed, "state"), ==, "closed");
  g_assert_cmpstr (admin_member_string (closed, "received_on"), ==, "2023-10-02");
  g_assert_cmpstr (admin_member_string (closed, "closed_at"), ==, "2023-10-27T10:00:00+03:30");

  if (data != ADMIN_ON_SERVER)
    {
      g_autofree char *counter =
        admin_sqlite3 (fixture->db, "SELECT value FROM counters WHERE series = 'registration' AND year = 1402");
      g_autofree char *letters = admin_sqlite3 (fixture->db, "SELECT count(*) FROM letters");

      g_assert_cmpint (g_ascii_strtoll (counter, NULL, 10), ==, 128);
      /* a letter of the past was not numbered by Peygir */
      g_assert_cmpint (g_ascii_strtoll (letters, NULL, 10), ==, 0);
    }
  check = admin_ok (fixture, "check", NULL);
}

/* Imported twice: the second time every registered row holds a number a
 * case already has, and nothing of the file is imported, not even the
 * row that was never registered. */
static void
test_duplicate (AdminFixture  *fixture,
                gconstpointer  data)
{
  g_autofree char *text = example_text ();
  g_autofree char *file = write_bytes (fixture, "registry.csv", text, strlen (text));
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autofree char *init = admin_ok (fixture, "init", NULL);
  g_autofree char *check = NULL;
  JsonArray *refused;

  first = import_json (fixture, file, 0, FALSE);
  second = import_json (fixture, file, 2, FALSE);
  g_assert_cmpint (admin_member_int (second, "imported"), ==, 0);
  refused = json_node_get_array (admin_member (second, "refused"));
  g_assert_cmpuint (json_array_get_length (refused), ==, 3);
  for (guint i = 0; i < json_array_get_length (refused); i++)
    {
      JsonNode *refusal = json_array_get_element (refused, i);

      g_assert_nonnull (strstr (admin_member_string (refusal, "message"), "1402/12"));
    }
  g_assert_cmpint (admin_member_int (json_array_get_element (refused, 0), "line"), ==, 2);
  g_assert_cmpint (all_cases (fixture), ==, EXAMPLE_ROWS);
  check = admin_ok (fixture, "check", NULL);
}

/* An agency the office lacks is listed, with how many rows name it; its
 * rows are refused, and the good rows wait for the file to be corrected. */
static void
test_unknown_agency (AdminFixture  *fixture,
                     gconstpointer  data)
{
  g_autofree char *text = example_text ();
  g_auto(GStrv) parts = g_strsplit (text, "اداره کل آموزش و پرورش استان", -1);
  g_autofree char *changed = g_strjoinv ("سازمان فناوری اطلاعات", parts);
  g_autofree char *file = write_bytes (fixture, "registry.csv", changed, strlen (changed));
  g_autofree char *init = admin_ok (fixture, "init", NULL);
  g_autoptr(JsonNode) report = NULL;
  JsonArray *unknown;
  JsonArray *refused;
  g_autofree char *map = source_path ("data", "import-example-map.json");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  report = import_json (fixture, file, 2, FALSE);
  unknown = json_node_get_array (admin_member (report, "unknown_agencies"));
  g_assert_cmpuint (json_array_get_length (unknown), ==, 1);
  g_assert_cmpstr (admin_member_string (json_array_get_element (unknown, 0), "name"), ==, "سازمان فناوری اطلاعات");
  g_assert_cmpint (admin_member_int (json_array_get_element (unknown, 0), "rows"), ==, 1);
  refused = json_node_get_array (admin_member (report, "refused"));
  g_assert_cmpuint (json_array_get_length (refused), ==, 1);
  g_assert_cmpint (admin_member_int (json_array_get_element (refused, 0), "line"), ==, 2);
  g_assert_cmpint (all_cases (fixture), ==, 0);

  /* said in words too, for the administrator at the terminal */
  g_assert_cmpint (admin_run (fixture, NULL, &out, &err, "import", file, "--map", map, NULL), ==, 2);
  g_assert_nonnull (strstr (out, "line 2"));
  g_assert_nonnull (strstr (out, "سازمان فناوری اطلاعات"));
  admin_assert_one_error_line (err);
}

/* A dry run reads and checks everything, and leaves the file as it was,
 * byte for byte. */
static void
test_dry_run (AdminFixture  *fixture,
              gconstpointer  data)
{
  g_autofree char *text = example_text ();
  g_autofree char *file = write_bytes (fixture, "registry.csv", text, strlen (text));
  g_autofree char *init = admin_ok (fixture, "init", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_size = 0, after_size = 0;
  g_autoptr(JsonNode) report = NULL;

  g_assert_true (g_file_get_contents (fixture->db, &before, &before_size, NULL));
  report = import_json (fixture, file, 0, TRUE);
  g_assert_true (admin_member_bool (report, "dry_run"));
  g_assert_cmpint (admin_member_int (report, "rows"), ==, EXAMPLE_ROWS);
  g_assert_cmpint (admin_member_int (report, "imported"), ==, 0);
  g_assert_true (g_file_get_contents (fixture->db, &after, &after_size, NULL));
  g_assert_cmpuint (before_size, ==, after_size);
  g_assert_true (memcmp (before, after, before_size) == 0);
  g_assert_cmpint (all_cases (fixture), ==, 0);
}

/* The example as Excel saves it: "CSV UTF-8" (with a BOM), "Unicode
 * text" (UTF-16LE with a BOM, tab-separated) and "CSV" on a Persian
 * Windows (Windows-1256, which has neither Persian digits nor the Persian
 * yeh: Excel writes Latin digits and the Arabic yeh). Each imports whole. */
static void
test_encodings (AdminFixture  *fixture,
                gconstpointer  data)
{
  g_autofree char *text = example_text ();
  g_autofree char *bom = g_strconcat ("\xef\xbb\xbf", text, NULL);
  g_autoptr(GString) windows = g_string_new (text);
  g_auto(GStrv) lines = NULL;
  g_autofree char *tabbed = NULL;
  g_autofree char *utf16 = NULL;
  g_autofree char *cp1256 = NULL;
  g_autoptr(GError) error = NULL;
  gsize utf16_size = 0, cp1256_size = 0;
  struct { const char *name; char *path; } files[3];
  g_autofree char *init = admin_ok (fixture, "init", NULL);

  /* tabs between the fields: the example quotes no comma of its own
   * except in the address and description, which Excel would quote too */
  tabbed = g_strdup (text);
  {
    gboolean quoted = FALSE;

    for (char *p = tabbed; *p != '\0'; p++)
      {
        if (*p == '"')
          quoted = !quoted;
        else if (*p == ',' && !quoted)
          *p = '\t';
      }
  }
  {
    g_autofree char *with_bom = g_strconcat ("\xef\xbb\xbf", tabbed, NULL);

    utf16 = g_convert (with_bom, -1, "UTF-16LE", "UTF-8", NULL, &utf16_size, &error);
    g_assert_no_error (error);
  }
  for (gunichar zero = 0x06F0; zero != 0; zero = zero == 0x06F0 ? 0x0660 : 0)
    for (int d = 0; d < 10; d++)
      {
        char from[8] = { 0, };
        char to[2] = { (char) ('0' + d), 0 };

        g_unichar_to_utf8 (zero + d, from);
        g_string_replace (windows, from, to, 0);
      }
  g_string_replace (windows, "ی", "ي", 0);
  g_string_replace (windows, "\u0654", "", 0);
  cp1256 = g_convert (windows->str, -1, "WINDOWS-1256", "UTF-8", NULL, &cp1256_size, &error);
  g_assert_no_error (error);

  files[0].name = "utf8-bom.csv";
  files[0].path = write_bytes (fixture, files[0].name, bom, strlen (bom));
  files[1].name = "unicode.txt";
  files[1].path = write_bytes (fixture, files[1].name, utf16, utf16_size);
  files[2].name = "windows.csv";
  files[2].path = write_bytes (fixture, files[2].name, cp1256, cp1256_size);

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *db = g_strdup_printf ("%s/%s.db", fixture->dir, files[i].name);
      g_autofree char *saved_db = fixture->db;
      g_autoptr(JsonNode) report = NULL;
      g_autofree char *created = NULL;
      g_autoptr(JsonNode) referred = NULL;

      g_test_message ("%s", files[i].name);
      fixture->db = db;
      created = admin_ok (fixture, "init", NULL);
      report = import_json (fixture, files[i].path, 0, FALSE);
      g_assert_cmpint (admin_member_int (report, "imported"), ==, EXAMPLE_ROWS);
      g_assert_cmpint (all_cases (fixture), ==, EXAMPLE_ROWS);
      /* the Arabic letters of the sheet's agency name matched the office's */
      referred = admin_json (fixture, "case", "show", "2", "--json", NULL);
      g_assert_cmpstr (admin_member_string (referred, "agency_name"), ==, "شرکت آب و فاضلاب استان");
      fixture->db = g_steal_pointer (&saved_db);
      g_free (files[i].path);
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  admin_test_add_both ("/admin/import/example", test_example);
  admin_test_add_both ("/admin/import/duplicate", test_duplicate);
  g_test_add ("/admin/import/unknown-agency", AdminFixture, NULL,
              admin_fixture_set_up, test_unknown_agency, admin_fixture_tear_down);
  g_test_add ("/admin/import/dry-run", AdminFixture, NULL, admin_fixture_set_up, test_dry_run, admin_fixture_tear_down);
  g_test_add ("/admin/import/encodings", AdminFixture, NULL,
              admin_fixture_set_up, test_encodings, admin_fixture_tear_down);
  return g_test_run ();
}
