/* SPDX-License-Identifier: GPL-3.0-or-later */
/* peygir-admin report: the scripted month of report-test-office.c, read
 * back from report --json as a script would, against the figures worked
 * out there by hand; dates in either calendar; a period backwards refused;
 * the same figures in the XLSX and CSV exports, read back, and in the PDF;
 * the service card of the year. */
#include <locale.h>

#include <glib/gstdio.h>
#include <poppler.h>

#include "peygir-test-util.h"
#include "report-test-office.h"
#include "test-admin-util.h"

#define REPORT_NOW "2026-06-10T09:00:00+03:30"

static JsonNode *
agency_named (JsonNode   *report,
              const char *name)
{
  JsonArray *agencies = json_node_get_array (admin_member (report, "agencies"));

  for (guint i = 0; i < json_array_get_length (agencies); i++)
    {
      JsonNode *agency = json_array_get_element (agencies, i);

      if (g_strcmp0 (admin_member_string (agency, "name"), name) == 0)
        return agency;
    }
  g_assert_not_reached ();
}

static double
member_double (JsonNode   *object,
               const char *name)
{
  return json_node_get_double (admin_member (object, name));
}

static JsonNode *
report_json (StoreFixture *fixture,
             const char   *from,
             const char   *to)
{
  const char *args[] = { "report", "--from", from, "--to", to, "--json", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (admin_run_argv (fixture->path, REPORT_NOW, NULL, args, &out, &err), ==, 0);
  return admin_parse_json (out);
}

static void
test_report_json (StoreFixture  *fixture,
                  gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(JsonNode) report = NULL;
  g_autoptr(JsonNode) persian = NULL;
  JsonNode *days, *a, *b;
  JsonArray *months, *close_days;

  report_office_script (fixture);
  g_clear_object (&fixture->store);

  report = report_json (fixture, "2026-05-02", "2026-05-31");
  g_assert_cmpstr (admin_member_string (report, "from"), ==, "2026-05-02");
  g_assert_cmpstr (admin_member_string (report, "to"), ==, "2026-05-31");
  g_assert_cmpint (admin_member_int (report, "received"), ==, 5);
  g_assert_cmpint (admin_member_int (report, "closed"), ==, 3);
  g_assert_cmpint (admin_member_int (report, "rejected"), ==, 3);
  g_assert_cmpint (admin_member_int (report, "open_at_end"), ==, 3);
  /* closed in 5, 3 and 22 working days */
  days = admin_member (report, "days_to_close");
  g_assert_cmpfloat_with_epsilon (member_double (days, "mean"), 10.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (member_double (days, "median"), 5.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (member_double (days, "p90"), 22.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (member_double (days, "within_target_percent"), 200.0 / 3, 1e-9);
  close_days = json_node_get_array (admin_member (report, "close_days"));
  g_assert_cmpuint (json_array_get_length (close_days), ==, 3);
  g_assert_cmpint (json_array_get_int_element (close_days, 0), ==, 3);
  g_assert_cmpint (json_array_get_int_element (close_days, 1), ==, 5);
  g_assert_cmpint (json_array_get_int_element (close_days, 2), ==, 22);
  /* all five on 12 Ordibehesht; Khordad, which the period reaches, with none */
  months = json_node_get_array (admin_member (report, "by_month"));
  g_assert_cmpuint (json_array_get_length (months), ==, 2);
  g_assert_cmpstr (admin_member_string (json_array_get_element (months, 0), "month"), ==, "1405-02");
  g_assert_cmpint (admin_member_int (json_array_get_element (months, 0), "count"), ==, 5);
  g_assert_cmpstr (admin_member_string (json_array_get_element (months, 1), "month"), ==, "1405-03");
  g_assert_cmpint (admin_member_int (json_array_get_element (months, 1), "count"), ==, 0);
  /* (4 intakes + 4 contacts) in person / 5 cases */
  g_assert_cmpfloat_with_epsilon (member_double (report, "visits_per_case"), 1.6, 1e-9);

  a = agency_named (report, FIXTURE_AGENCY_A);
  g_assert_cmpint (admin_member_int (a, "id"), ==, fixture->agency_a);
  g_assert_cmpint (admin_member_int (a, "referred"), ==, 2);
  g_assert_cmpint (admin_member_int (a, "answered"), ==, 2);
  g_assert_cmpint (admin_member_int (a, "answered_on_time"), ==, 1);
  g_assert_cmpfloat_with_epsilon (member_double (a, "mean_answer_days"), 6.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (member_double (a, "median_answer_days"), 6.5, 1e-9);
  g_assert_cmpint (admin_member_int (a, "follow_ups"), ==, 0);
  g_assert_true (admin_member_bool (a, "ranked"));
  b = agency_named (report, FIXTURE_AGENCY_B);
  g_assert_cmpint (admin_member_int (b, "referred"), ==, 1);
  g_assert_cmpint (admin_member_int (b, "answered"), ==, 1);
  g_assert_cmpint (admin_member_int (b, "answered_on_time"), ==, 0);
  g_assert_cmpfloat_with_epsilon (member_double (b, "mean_answer_days"), 13.0, 1e-9);
  g_assert_cmpint (admin_member_int (b, "follow_ups"), ==, 1);
  g_assert_false (admin_member_bool (b, "ranked"));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (admin_member (report, "experts"))), ==, 1);

  /* 12 Ordibehesht to 10 Khordad 1405 is the same month, in Persian digits */
  persian = report_json (fixture, "۱۴۰۵/۰۲/۱۲", "1405/3/10");
  g_assert_cmpstr (admin_member_string (persian, "from"), ==, "2026-05-02");
  g_assert_cmpstr (admin_member_string (persian, "to"), ==, "2026-05-31");
  g_assert_cmpint (admin_member_int (persian, "closed"), ==, 3);
}

/* A day with nothing in it: nothing to average is null, not 0. */
static void
test_report_empty (StoreFixture  *fixture,
                   gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(JsonNode) report = NULL;
  JsonNode *days;

  g_clear_object (&fixture->store);
  report = report_json (fixture, "2026-05-02", "2026-05-02");
  g_assert_cmpint (admin_member_int (report, "received"), ==, 0);
  days = admin_member (report, "days_to_close");
  g_assert_true (JSON_NODE_HOLDS_NULL (admin_member (days, "mean")));
  g_assert_true (JSON_NODE_HOLDS_NULL (admin_member (report, "visits_per_case")));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (admin_member (report, "agencies"))), ==, 0);
}

static void
test_report_refusals (StoreFixture  *fixture,
                      gconstpointer  data G_GNUC_UNUSED)
{
  const char *backwards[] = { "report", "--from", "1405/03/10", "--to", "1405/02/12", "--json", NULL };
  const char *summary[] = { "report", "--from", "2026-05-02", "--to", "2026-05-31", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text_err = NULL;

  g_clear_object (&fixture->store);
  g_assert_cmpint (admin_run_argv (fixture->path, REPORT_NOW, NULL, backwards, &out, &err), ==, 2);
  admin_assert_one_error_line (err);
  g_assert_cmpstr (out, ==, "");
  /* without --json, a summary a person reads */
  g_assert_cmpint (admin_run_argv (fixture->path, REPORT_NOW, NULL, summary, &text, &text_err), ==, 0);
  g_assert_nonnull (strstr (text, "1405/02/12"));
}

/* The exports, read back as a spreadsheet program reads them. */

/* The agency whose name a CSV must quote. */
#define AGENCY_QUOTED "شرکت \"گاز\"، استان, ناحیه ۲"

/* A cell of a sheet's XML: its value, and whether it is an index into the
 * shared strings (t="s") rather than a number. */
typedef struct
{
  gboolean  shared;
  GString  *value;
} XmlCell;

static void
xml_cell_free (gpointer data)
{
  XmlCell *cell = data;

  g_string_free (cell->value, TRUE);
  g_free (cell);
}

typedef struct
{
  GHashTable *cells;        /* "B4" → XmlCell, for a sheet */
  GPtrArray  *strings;      /* the shared strings, in order */
  XmlCell    *cell;         /* the cell being read */
  gboolean    in_value;     /* inside <v> or <t> */
} XmlReading;

static void
xml_start_cb (GMarkupParseContext  *context,
              const char           *element,
              const char          **names,
              const char          **values,
              gpointer              data,
              GError              **error)
{
  XmlReading *reading = data;

  if (g_str_equal (element, "c"))
    {
      const char *ref = NULL;

      reading->cell = g_new0 (XmlCell, 1);
      reading->cell->value = g_string_new (NULL);
      for (guint i = 0; names[i] != NULL; i++)
        {
          if (g_str_equal (names[i], "r"))
            ref = values[i];
          else if (g_str_equal (names[i], "t"))
            reading->cell->shared = g_str_equal (values[i], "s");
        }
      g_assert_nonnull (ref);
      g_hash_table_insert (reading->cells, g_strdup (ref), reading->cell);
    }
  else if (g_str_equal (element, "si"))
    g_ptr_array_add (reading->strings, g_strdup (""));
  reading->in_value = g_str_equal (element, "v") || g_str_equal (element, "t");
}

static void
xml_end_cb (GMarkupParseContext  *context,
            const char           *element,
            gpointer              data,
            GError              **error)
{
  ((XmlReading *) data)->in_value = FALSE;
}

static void
xml_text_cb (GMarkupParseContext  *context,
             const char           *text,
             gsize                 length,
             gpointer              data,
             GError              **error)
{
  XmlReading *reading = data;

  if (!reading->in_value)
    return;
  if (reading->cells != NULL && reading->cell != NULL)
    g_string_append_len (reading->cell->value, text, length);
  else if (reading->strings->len > 0)
    {
      char **last = (char **) &g_ptr_array_index (reading->strings, reading->strings->len - 1);
      char *joined = g_strdup_printf ("%s%.*s", *last, (int) length, text);

      g_free (*last);
      *last = joined;
    }
}

/* One member of the XLSX file (a zip), as unzip -p gives it. */
static char *
xlsx_member (const char *xlsx,
             const char *member)
{
  const char *argv[] = { "unzip", "-p", xlsx, member, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (out);
  return g_steal_pointer (&out);
}

static void
xml_read (const char *xml,
          XmlReading *reading)
{
  static const GMarkupParser parser = { xml_start_cb, xml_end_cb, xml_text_cb, NULL, NULL };
  g_autoptr(GMarkupParseContext) context = g_markup_parse_context_new (&parser, 0, reading, NULL);
  g_autoptr(GError) error = NULL;

  g_markup_parse_context_parse (context, xml, -1, &error);
  g_assert_no_error (error);
  g_markup_parse_context_end_parse (context, &error);
  g_assert_no_error (error);
}

typedef struct
{
  char       *xml;          /* the sheet's XML */
  GHashTable *cells;
  GPtrArray  *strings;
} XlsxSheet;

static void
xlsx_sheet_clear (XlsxSheet *sheet)
{
  g_free (sheet->xml);
  g_clear_pointer (&sheet->cells, g_hash_table_unref);
  g_clear_pointer (&sheet->strings, g_ptr_array_unref);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (XlsxSheet, xlsx_sheet_clear)

static void
xlsx_sheet_read (XlsxSheet  *sheet,
                 const char *xlsx,
                 int         number)
{
  g_autofree char *member = g_strdup_printf ("xl/worksheets/sheet%d.xml", number);
  g_autofree char *shared = xlsx_member (xlsx, "xl/sharedStrings.xml");
  XmlReading strings = { NULL, g_ptr_array_new_with_free_func (g_free), NULL, FALSE };
  XmlReading cells = { g_hash_table_new_full (g_str_hash, g_str_equal, g_free, xml_cell_free),
                       NULL, NULL, FALSE };

  xml_read (shared, &strings);
  sheet->xml = xlsx_member (xlsx, member);
  xml_read (sheet->xml, &cells);
  sheet->cells = cells.cells;
  sheet->strings = strings.strings;
}

/* The number in @ref; asserts it is stored as a number. */
static double
xlsx_number (XlsxSheet  *sheet,
             const char *ref)
{
  XmlCell *cell = g_hash_table_lookup (sheet->cells, ref);

  g_assert_nonnull (cell);
  g_assert_false (cell->shared);
  return g_ascii_strtod (cell->value->str, NULL);
}

/* The text in @ref, through the shared strings. */
static const char *
xlsx_text (XlsxSheet  *sheet,
           const char *ref)
{
  XmlCell *cell = g_hash_table_lookup (sheet->cells, ref);
  guint64 index;

  g_assert_nonnull (cell);
  g_assert_true (cell->shared);
  index = g_ascii_strtoull (cell->value->str, NULL, 10);
  g_assert_cmpuint (index, <, sheet->strings->len);
  return g_ptr_array_index (sheet->strings, index);
}

/* The row (1-based) whose column @column holds @text. */
static int
xlsx_row_of (XlsxSheet  *sheet,
             char        column,
             const char *text)
{
  for (int row = 1; row < 100; row++)
    {
      g_autofree char *ref = g_strdup_printf ("%c%d", column, row);
      XmlCell *cell = g_hash_table_lookup (sheet->cells, ref);

      if (cell != NULL && cell->shared && g_strcmp0 (xlsx_text (sheet, ref), text) == 0)
        return row;
    }
  g_assert_not_reached ();
}

static double
xlsx_number_at (XlsxSheet *sheet,
                char       column,
                int        row)
{
  g_autofree char *ref = g_strdup_printf ("%c%d", column, row);

  return xlsx_number (sheet, ref);
}

/* RFC 4180: rows of fields, an empty line an empty row (a NULL-length
 * array). */
static GPtrArray *
csv_parse (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
  GString *field = g_string_new (NULL);
  gboolean quoted = FALSE, line_empty = TRUE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (quoted)
        {
          if (*p == '"' && p[1] == '"')
            g_string_append_c (field, *p++);
          else if (*p == '"')
            quoted = FALSE;
          else
            g_string_append_c (field, *p);
          continue;
        }
      if (*p == '"')
        quoted = TRUE, line_empty = FALSE;
      else if (*p == ',')
        g_ptr_array_add (row, g_strdup (field->str)), g_string_truncate (field, 0), line_empty = FALSE;
      else if (*p == '\r' && p[1] == '\n')
        {
          if (!line_empty)
            g_ptr_array_add (row, g_strdup (field->str));
          g_string_truncate (field, 0);
          g_ptr_array_add (rows, row);
          row = g_ptr_array_new_with_free_func (g_free);
          line_empty = TRUE;
          p++;
        }
      else
        {
          g_assert_cmpint (*p, !=, '\n');   /* lines end in CRLF */
          g_string_append_c (field, *p), line_empty = FALSE;
        }
    }
  g_assert_false (quoted);
  g_assert_cmpuint (row->len, ==, 0);   /* the last line ended too */
  g_ptr_array_unref (row);
  g_string_free (field, TRUE);
  return rows;
}

static const char *
csv_field (GPtrArray *rows,
           guint      row,
           guint      column)
{
  GPtrArray *fields;

  g_assert_cmpuint (row, <, rows->len);
  fields = g_ptr_array_index (rows, row);
  g_assert_cmpuint (column, <, fields->len);
  return g_ptr_array_index (fields, column);
}

static double
csv_number (GPtrArray *rows,
            guint      row,
            guint      column)
{
  const char *text = csv_field (rows, row, column);
  char *end = NULL;
  double value = g_ascii_strtod (text, &end);

  g_assert_true (*text != '\0' && *end == '\0');   /* a number, whole */
  return value;
}

/* The first row whose column @column is @text. */
static guint
csv_row_of (GPtrArray  *rows,
            guint       column,
            const char *text)
{
  for (guint i = 0; i < rows->len; i++)
    {
      GPtrArray *fields = g_ptr_array_index (rows, i);

      if (fields->len > column && g_strcmp0 (g_ptr_array_index (fields, column), text) == 0)
        return i;
    }
  g_assert_not_reached ();
}

/* Adds a case, received now in the period, complaining of an agency whose
 * name has a comma and quotes. */
static void
add_quoted_agency_case (StoreFixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirAgency) agency = NULL;
  g_autoptr(PeygirCaseDraft) draft = NULL;
  g_autoptr(PeygirCase) kase = NULL;

  agency = peygir_store_add_agency (fixture->store, "admin", AGENCY_QUOTED, NULL, 0, &error);
  g_assert_no_error (error);
  set_now ("2026-05-16T10:00:00+03:30");
  draft = draft_new (agency->id, "فشار کم گاز", "فشار گاز در زمستان کم است.");
  kase = create_case (fixture, draft);
}

static JsonNode *
export_report (StoreFixture *fixture,
               const char   *xlsx,
               const char   *csv,
               gboolean      persian)
{
  const char *args[] = { "report", "--from", "2026-05-02", "--to", "2026-05-31",
                         "--xlsx", xlsx, "--csv", csv, "--json", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  if (persian)
    g_setenv ("LC_ALL", "fa_IR.UTF-8", TRUE);
  status = admin_run_argv (fixture->path, REPORT_NOW, NULL, args, &out, &err);
  g_unsetenv ("LC_ALL");
  g_assert_cmpint (status, ==, 0);
  return admin_parse_json (out);
}

static gboolean
persian_locale_available (void)
{
  g_autofree char *saved = g_strdup (setlocale (LC_ALL, NULL));
  gboolean available = setlocale (LC_ALL, "fa_IR.UTF-8") != NULL;

  setlocale (LC_ALL, saved);
  return available;
}

static void
check_xlsx (StoreFixture *fixture,
            const char   *xlsx,
            JsonNode     *report,
            gboolean      persian)
{
  g_auto(XlsxSheet) summary = { 0, };
  g_auto(XlsxSheet) breakdowns = { 0, };
  g_auto(XlsxSheet) agencies = { 0, };
  JsonNode *days = admin_member (report, "days_to_close");
  int a, b;

  xlsx_sheet_read (&summary, xlsx, 1);
  g_assert_nonnull (strstr (summary.xml, "rightToLeft=\"1\""));
  /* the summary, a figure a row under the heading: from, to, received, … */
  g_assert_cmpfloat (xlsx_number (&summary, "B4"), ==, admin_member_int (report, "received"));
  g_assert_cmpfloat (xlsx_number (&summary, "B4"), ==, 6);
  g_assert_cmpfloat (xlsx_number (&summary, "B5"), ==, 3);
  g_assert_cmpfloat (xlsx_number (&summary, "B6"), ==, 3);
  g_assert_cmpfloat (xlsx_number (&summary, "B7"), ==, admin_member_int (report, "open_at_end"));
  g_assert_cmpfloat_with_epsilon (xlsx_number (&summary, "B8"), 10.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (xlsx_number (&summary, "B9"), 5.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (xlsx_number (&summary, "B10"), 22.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (xlsx_number (&summary, "B11"), 200.0 / 3, 1e-9);
  g_assert_cmpfloat (xlsx_number (&summary, "B12"), ==, admin_member_int (days, "target"));
  g_assert_cmpfloat_with_epsilon (xlsx_number (&summary, "B13"),
                                  json_node_get_double (admin_member (report, "visits_per_case")), 1e-9);

  xlsx_sheet_read (&agencies, xlsx, 3);
  g_assert_nonnull (strstr (agencies.xml, "rightToLeft=\"1\""));
  a = xlsx_row_of (&agencies, 'B', FIXTURE_AGENCY_A);
  g_assert_cmpfloat (xlsx_number_at (&agencies, 'A', a), ==, fixture->agency_a);
  g_assert_cmpfloat (xlsx_number_at (&agencies, 'C', a), ==, 2);
  g_assert_cmpfloat (xlsx_number_at (&agencies, 'D', a), ==, 2);
  g_assert_cmpfloat (xlsx_number_at (&agencies, 'E', a), ==, 1);
  g_assert_cmpfloat_with_epsilon (xlsx_number_at (&agencies, 'F', a), 6.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (xlsx_number_at (&agencies, 'G', a), 6.5, 1e-9);
  g_assert_cmpfloat (xlsx_number_at (&agencies, 'H', a), ==, 0);
  b = xlsx_row_of (&agencies, 'B', FIXTURE_AGENCY_B);
  g_assert_cmpfloat_with_epsilon (xlsx_number_at (&agencies, 'F', b), 13.0, 1e-9);
  g_assert_cmpfloat (xlsx_number_at (&agencies, 'H', b), ==, 1);

  /* the agency complained of, its name whole, in the breakdowns */
  xlsx_sheet_read (&breakdowns, xlsx, 2);
  g_assert_cmpfloat (xlsx_number_at (&breakdowns, 'B', xlsx_row_of (&breakdowns, 'A', AGENCY_QUOTED)), ==, 1);

  if (persian)
    {
      g_autofree char *b_ranked = g_strdup_printf ("I%d", b);
      g_autofree char *a_ranked = g_strdup_printf ("I%d", a);

      g_assert_cmpstr (xlsx_text (&summary, "A4"), ==, "پرونده‌های دریافت‌شده");
      g_assert_cmpstr (xlsx_text (&summary, "B2"), ==, "۱۴۰۵/۰۲/۱۲");
      g_assert_cmpstr (xlsx_text (&agencies, a_ranked), ==, "بله");
      g_assert_cmpstr (xlsx_text (&agencies, b_ranked), ==, "کمتر از آن که رتبه بگیرد");
    }
}

static void
check_csv (StoreFixture *fixture,
           const char   *path,
           JsonNode     *report)
{
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  guint a, quoted;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBF"));
  g_assert_true (g_utf8_validate (text, -1, NULL));
  rows = csv_parse (text + 3);

  /* the summary first: heading, from, to, received, closed, … */
  g_assert_cmpuint (((GPtrArray *) g_ptr_array_index (rows, 0))->len, ==, 2);
  g_assert_cmpfloat (csv_number (rows, 3, 1), ==, admin_member_int (report, "received"));
  g_assert_cmpfloat (csv_number (rows, 4, 1), ==, 3);
  g_assert_cmpfloat (csv_number (rows, 6, 1), ==, admin_member_int (report, "open_at_end"));
  g_assert_cmpfloat_with_epsilon (csv_number (rows, 7, 1), 10.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (csv_number (rows, 10, 1), 200.0 / 3, 1e-9);
  /* an empty line after each table */
  g_assert_cmpuint (((GPtrArray *) g_ptr_array_index (rows, 14))->len, ==, 0);

  quoted = csv_row_of (rows, 0, AGENCY_QUOTED);
  g_assert_cmpfloat (csv_number (rows, quoted, 1), ==, 1);
  g_assert_nonnull (strstr (text, "\"شرکت \"\"گاز\"\"، استان, ناحیه ۲\""));

  a = csv_row_of (rows, 1, FIXTURE_AGENCY_A);
  g_assert_cmpfloat (csv_number (rows, a, 0), ==, fixture->agency_a);
  g_assert_cmpfloat (csv_number (rows, a, 2), ==, 2);
  g_assert_cmpfloat (csv_number (rows, a, 4), ==, 1);
  g_assert_cmpfloat_with_epsilon (csv_number (rows, a, 5), 6.5, 1e-9);
  g_assert_cmpfloat (csv_number (rows, csv_row_of (rows, 1, FIXTURE_AGENCY_B), 7), ==, 1);
}

static void
test_report_export (StoreFixture  *fixture,
                    gconstpointer  data G_GNUC_UNUSED)
{
  /* a folder of its own: on the server the fixture has none */
  char *dir = peygir_test_dir_new ();
  g_autofree char *xlsx = g_build_filename (dir, "گزارش.xlsx", NULL);
  g_autofree char *csv = g_build_filename (dir, "report.csv", NULL);
  gboolean persian = persian_locale_available ();
  g_autoptr(JsonNode) report = NULL;

  report_office_script (fixture);
  add_quoted_agency_case (fixture);
  g_clear_object (&fixture->store);

  report = export_report (fixture, xlsx, csv, persian);
  check_xlsx (fixture, xlsx, report, persian);
  check_csv (fixture, csv, report);
  if (!persian)
    g_test_message ("fa_IR.UTF-8 is not installed: the Persian headings were not checked");
  peygir_test_dir_free (dir);
}

/* Each word of @expected is in @compact_text (a PDF's text compacted by
 * peygir_test_compact ()). pdftotext moves the spaces around numbers
 * inside right-to-left lines, and tears words with لا apart (NOTES.md), so
 * words are compared one by one, compacted, and those left out. */
static void
assert_pdf_says (const char *compact_text,
                 const char *expected)
{
  g_auto(GStrv) words = g_strsplit_set (expected, " \n", -1);
  guint n_checked = 0;

  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *word = peygir_test_compact (words[i]);

      if (word[0] == '\0' || strstr (word, "لا") != NULL)
        continue;
      if (strstr (compact_text, word) == NULL)
        {
          /* raw bytes: g_printerr () would turn the Persian into "?" under C */
          fprintf (stderr, "«%s» (of «%s») is not in the report's PDF:\n%s\n", word, expected, compact_text);
          g_assert_not_reached ();
        }
      n_checked++;
    }
  g_assert_cmpuint (n_checked, >, 0);
}

/* For people to look at: the pages as PNGs in the build directory's
 * screenshots/, beside the app's. */
static void
save_pdf_pages (const char *path)
{
  const char *build_dir = g_getenv ("PEYGIR_BUILD_DIR");
  g_autofree char *dir = NULL;
  g_autofree char *prefix = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (build_dir == NULL)
    return;
  dir = g_build_filename (build_dir, "screenshots", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  prefix = g_build_filename (dir, "report-pdf", NULL);
  {
    const char *argv[] = { "pdftoppm", "-png", "-r", "60", path, prefix, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
}

/* report --pdf: pages under the letterhead, the title, the period and the
 * figures of the JSON in Persian digits; nothing printed without --json. */
static void
test_report_pdf (StoreFixture  *fixture,
                 gconstpointer  data G_GNUC_UNUSED)
{
  char *dir = peygir_test_dir_new ();
  g_autofree char *path = g_build_filename (dir, "گزارش.pdf", NULL);
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  const char *args[] = { "report", "--from", "2026-05-02", "--to", "2026-05-31", "--pdf", path, NULL };
  gboolean persian = persian_locale_available ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  const char *digits[] = { "۰", "۱", "۲", "۳", "۴", "۵" };
  PopplerDocument *document;
  int n_pages;
  g_autoptr(JsonNode) report = NULL;
  int status;

  report_office_script (fixture);
  g_clear_object (&fixture->store);
  report = report_json (fixture, "2026-05-02", "2026-05-31");

  if (persian)
    g_setenv ("LC_ALL", "fa_IR.UTF-8", TRUE);
  status = admin_run_argv (fixture->path, REPORT_NOW, NULL, args, &out, &err);
  g_unsetenv ("LC_ALL");
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (out, ==, "");

  document = poppler_document_new_from_file (uri, NULL, &error);
  g_assert_no_error (error);
  n_pages = poppler_document_get_n_pages (document);
  g_object_unref (document);
  /* a summary, two pictures, the breakdowns, the scorecard and the experts */
  g_assert_cmpint (n_pages, >=, 2);
  g_assert_cmpint (n_pages, <=, 5);
  save_pdf_pages (path);

  pdf = peygir_test_pdf_text (path, 0);
  text = peygir_test_compact (pdf);
  if (persian)
    {
      g_autofree char *last_page = g_strdup_printf ("صفحهٔ %s از %s", digits[n_pages], digits[n_pages]);

      assert_pdf_says (text, "گزارش عملکرد");
      assert_pdf_says (text, "۱۲ اردیبهشت ۱۴۰۵");
      assert_pdf_says (text, "۱۰ خرداد ۱۴۰۵");
      assert_pdf_says (text, "پرونده‌های دریافت‌شده");
      assert_pdf_says (text, last_page);
    }
  else
    {
      assert_pdf_says (text, "Performance report");
    }
  /* the letterhead of the office, on the first page at least */
  assert_pdf_says (text, "جمهوری اسلامی ایران");
  /* received 5, closed in 10٫0 days on average, 66٫7% within the target, 1٫6 visits */
  g_assert_cmpint (admin_member_int (report, "received"), ==, 5);
  assert_pdf_says (text, "۱۰٫۰");
  assert_pdf_says (text, "۶۶٫۷");
  assert_pdf_says (text, "۱٫۶");
  assert_pdf_says (text, "۶٫۵");
  assert_pdf_says (text, FIXTURE_AGENCY_A);
  peygir_test_dir_free (dir);
}

/* A file that cannot be written: one line, the exit status of a bad file
 * argument, no JSON, and nothing left half written. */
static void
test_report_export_unwritable (StoreFixture  *fixture,
                               gconstpointer  data G_GNUC_UNUSED)
{
  char *dir = peygir_test_dir_new ();
  g_autofree char *missing = g_build_filename (dir, "no-such-folder", "report.xlsx", NULL);
  g_autofree char *folder = g_build_filename (dir, "out", NULL);
  const char *options[] = { "--xlsx", "--csv", "--pdf" };

  g_clear_object (&fixture->store);
  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    {
      /* a folder where the file should be: the write succeeds, the rename fails */
      const char *targets[] = { missing, folder };

      for (guint j = 0; j < G_N_ELEMENTS (targets); j++)
        {
          const char *args[] = { "report", "--from", "2026-05-02", "--to", "2026-05-31",
                                 options[i], targets[j], "--json", NULL };
          g_autofree char *out = NULL;
          g_autofree char *err = NULL;
          g_autoptr(GDir) left = NULL;

          g_assert_cmpint (admin_run_argv (fixture->path, REPORT_NOW, NULL, args, &out, &err), ==, 2);
          admin_assert_one_error_line (err);
          g_assert_cmpstr (out, ==, "");
          left = g_dir_open (folder, 0, NULL);
          g_assert_null (g_dir_read_name (left));
        }
    }
  peygir_test_dir_free (dir);
}

/* The service card */

/* @value as the card prints it: Persian digits, and for a mean one
 * decimal after ٫. */
static char *
persian_figure (double   value,
                gboolean mean)
{
  char ascii[G_ASCII_DTOSTR_BUF_SIZE];
  GString *persian = g_string_new (NULL);

  g_ascii_formatd (ascii, sizeof ascii, mean ? "%.1f" : "%.0f", value);
  for (const char *p = ascii; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_unichar (persian, 0x06F0 + (*p - '0'));
      else if (*p == '.')
        g_string_append (persian, "٫");
      else
        g_string_append_c (persian, *p);
    }
  return g_string_free (persian, FALSE);
}

/* Whether @compact_text holds @expected with the number @figure before
 * it, compacted both. */
static gboolean
card_has (const char *compact_text,
          const char *figure,
          const char *expected)
{
  g_autofree char *text = g_strconcat (figure, " ", expected, NULL);
  g_autofree char *wanted = peygir_test_compact (text);

  return strstr (compact_text, wanted) != NULL;
}

/* report --year 1405 --service-card FILE on the scripted office: nothing
 * printed, and the card holds the figures the same --year gives as JSON,
 * in Persian; the card only with --year, --year only without --from/--to,
 * and an unwritable card one line and no file. */
static void
test_report_service_card (StoreFixture  *fixture,
                          gconstpointer  data G_GNUC_UNUSED)
{
  char *dir = peygir_test_dir_new ();
  g_autofree char *card = g_build_filename (dir, "card.pdf", NULL);
  g_autofree char *folder = g_build_filename (dir, "out", NULL);
  const char *json_args[] = { "report", "--year", "۱۴۰۵", "--json", NULL };
  const char *card_args[] = { "report", "--year", "1405", "--service-card", card, NULL };
  const char *refused[][8] = {
    { "report", "--year", "1405", "--from", "1405/01/01", "--to", "1405/12/29", NULL },
    { "report", "--from", "1405/01/01", "--to", "1405/12/29", "--service-card", card, NULL },
    { "report", "--year", "1405", "--service-card", folder, "--json", NULL },
  };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) report = NULL;
  g_autofree char *text = NULL;
  g_autofree char *compact = NULL;
  g_autofree char *received = NULL;
  g_autofree char *mean = NULL;
  g_autofree char *visits = NULL;
  g_autofree char *target = NULL;
  JsonNode *days;

  if (!persian_locale_available ())
    {
      g_test_skip ("the fa_IR.UTF-8 locale is not installed");
      peygir_test_dir_free (dir);
      return;
    }
  report_office_script (fixture);
  g_clear_object (&fixture->store);

  g_assert_cmpint (admin_run_argv (fixture->path, REPORT_NOW, NULL, json_args, &out, &err), ==, 0);
  report = admin_parse_json (out);
  g_assert_cmpstr (admin_member_string (report, "from"), ==, "2026-03-21");
  g_assert_cmpstr (admin_member_string (report, "to"), ==, "2027-03-20");
  g_assert_cmpint (admin_member_int (report, "closed"), >, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_setenv ("LC_ALL", "fa_IR.UTF-8", TRUE);
  g_assert_cmpint (admin_run_argv (fixture->path, REPORT_NOW, NULL, card_args, &out, &err), ==, 0);
  g_unsetenv ("LC_ALL");
  g_assert_cmpstr (out, ==, "");

  text = peygir_test_pdf_text (card, 0);
  compact = peygir_test_compact (text);
  days = admin_member (report, "days_to_close");
  received = persian_figure (admin_member_int (report, "received"), FALSE);
  mean = persian_figure (json_node_get_double (admin_member (days, "mean")), TRUE);
  visits = persian_figure (json_node_get_double (admin_member (report, "visits_per_case")), TRUE);
  target = persian_figure (admin_member_int (days, "target"), FALSE);
  g_assert_true (card_has (compact, received, "درخواست و شکایت دریافتی"));
  g_assert_true (card_has (compact, mean, "روز کاری؛ هدف شناسنامه:"));
  g_assert_true (card_has (compact, target, "روز کاری"));
  g_assert_true (card_has (compact, visits, "بار به ازای هر درخواست"));
  g_assert_true (card_has (compact, "از ۱ فروردین ۱۴۰۵ تا ۲۹ اسفند", "۱۴۰۵"));

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *refused_out = NULL;
      g_autofree char *refused_err = NULL;
      g_autoptr(GDir) left = NULL;

      g_assert_cmpint (admin_run_argv (fixture->path, REPORT_NOW, NULL, refused[i],
                                       &refused_out, &refused_err), ==, 2);
      admin_assert_one_error_line (refused_err);
      g_assert_cmpstr (refused_out, ==, "");
      left = g_dir_open (folder, 0, NULL);
      g_assert_null (g_dir_read_name (left));
    }
  peygir_test_dir_free (dir);
}

/* --help tells the period, --json and the four files, in one usage line
 * and one rule for what is printed: the files, but nothing on the output
 * unless --json. */
static void
test_report_help (StoreFixture  *fixture,
                  gconstpointer  data G_GNUC_UNUSED)
{
  const char *args[] = { "report", "--help", NULL };
  const char *options[] = { "--from", "--to", "--year", "--json", "--xlsx", "--csv", "--pdf", "--service-card" };
  const char *files[] = { "--xlsx", "--csv", "--pdf", "--service-card" };
  const char *rule_words = "nothing is printed unless --json";
  g_autofree char *saved_locale = g_strdup (g_getenv ("LC_ALL"));
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) words = NULL;
  g_auto(GStrv) sentences = NULL;
  const char *usage = NULL;
  const char *rule = NULL;

  /* the English text: the rule is read as a sentence */
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_assert_cmpint (admin_run_argv (fixture->path, REPORT_NOW, NULL, args, &out, &err), ==, 0);
  if (saved_locale != NULL)
    g_setenv ("LC_ALL", saved_locale, TRUE);
  else
    g_unsetenv ("LC_ALL");

  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "  peygir-admin ") && strstr (lines[i], " report ") != NULL)
      {
        g_assert_null (usage);
        usage = lines[i];
      }
  g_assert_nonnull (usage);
  words = g_strsplit_set (usage, " []|", -1);
  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    {
      g_autofree char *described = g_strconcat ("\n  ", options[i], NULL);

      /* in the usage line, and described among the options */
      g_assert_true (g_strv_contains ((const char * const *) words, options[i]));
      g_assert_nonnull (strstr (out, described));
    }

  sentences = g_strsplit (out, ". ", -1);
  for (guint i = 0; sentences[i] != NULL; i++)
    if (strstr (sentences[i], rule_words) != NULL)
      {
        g_assert_null (rule);
        rule = sentences[i];
      }
  g_assert_nonnull (rule);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    g_assert_nonnull (strstr (rule, files[i]));
}

/* check computes the report's figures again: one changed behind the
 * store's back makes it exit 7, saying what to run; --repair, an
 * administrator's, writes them anew and the same report comes back. */
static void
test_check_repair (StoreFixture  *fixture,
                   gconstpointer  data G_GNUC_UNUSED)
{
  const char *check[] = { "check", NULL };
  const char *repair_as_expert[] = { "check", "--repair", "--as", "expert", NULL };
  const char *repair[] = { "check", "--repair", NULL };
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_autoptr(PeygirUser) operator = NULL;
  g_autoptr(GError) error = NULL;

  report_office_script (fixture);
  /* the command line acts as the login running it: an administrator */
  operator = peygir_store_add_user (fixture->store, "admin", g_get_user_name (), "مدیر سامانه",
                                    PEYGIR_ROLE_ADMIN, &error);
  g_assert_no_error (error);
  g_clear_object (&fixture->store);
  before = report_json (fixture, "2026-05-01", "2026-05-31");
  g_assert_cmpint (admin_run_argv (fixture->path, REPORT_NOW, NULL, check, &out, &err), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (sql_exec (fixture->path, "UPDATE report_tallies SET day = day + 1 WHERE figure = 'referral'"),
                   ==, SQLITE_OK);
  g_assert_cmpint (admin_run_argv (fixture->path, REPORT_NOW, NULL, check, &out, &err), ==, 7);
  g_assert_nonnull (strstr (err, "check --repair"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (admin_run_argv (fixture->path, REPORT_NOW, NULL, repair_as_expert, &out, &err), ==, 3);
  g_assert_nonnull (strstr (err, "administrator"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (admin_run_argv (fixture->path, REPORT_NOW, NULL, repair, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "verifies"));
  after = report_json (fixture, "2026-05-01", "2026-05-31");
  g_assert_true (json_node_equal (before, after));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  store_test_add_both ("/admin/report/json", test_report_json);
  store_test_add_both ("/admin/report/empty", test_report_empty);
  store_test_add_both ("/admin/report/refusals", test_report_refusals);
  store_test_add_both ("/admin/report/export", test_report_export);
  store_test_add_both ("/admin/report/export-unwritable", test_report_export_unwritable);
  store_test_add_both ("/admin/report/pdf", test_report_pdf);
  store_test_add_both ("/admin/report/service-card", test_report_service_card);
  /* the file's: on a server the command line acts as the role connected,
   * the owner here (the store's repair on a server: test-report) */
  g_test_add ("/admin/report/check-repair", StoreFixture, NULL, fixture_set_up, test_check_repair, fixture_tear_down);
  g_test_add ("/admin/report/help", StoreFixture, NULL, fixture_set_up, test_report_help, fixture_tear_down);

  return g_test_run ();
}
