/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <locale.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include <xlsxwriter.h>

#include "peygir-clock.h"
#include "peygir-date.h"
#include "peygir-import.h"
#include "peygir-test-util.h"
#include "peygir-text.h"

/* A mapping of the columns a registry keeps most often. */
static const char test_map[] =
  "{ \"dates\": \"persian\", \"fields\": {"
  "  \"registration_number\": { \"column\": \"شماره ثبت\" },"
  "  \"received_on\": { \"column\": \"تاریخ دریافت\" },"
  "  \"registered_on\": { \"column\": \"تاریخ ثبت\" },"
  "  \"kind\": { \"column\": \"نوع\", \"values\": { \"شکایت\": \"complaint\", \"درخواست\": \"request\" } },"
  "  \"applicant_name\": { \"column\": \"نام\" },"
  "  \"national_id\": { \"column\": \"کد ملی\" },"
  "  \"mobile\": { \"column\": \"همراه\" },"
  "  \"subject\": { \"column\": \"موضوع\" },"
  "  \"description\": { \"column\": \"شرح\" },"
  "  \"agency\": { \"column\": \"دستگاه\" },"
  "  \"referred_on\": { \"column\": \"تاریخ ارجاع\" },"
  "  \"answered_on\": { \"column\": \"تاریخ پاسخ\" },"
  "  \"closed_on\": { \"column\": \"تاریخ اعلام\" },"
  "  \"state\": { \"column\": \"وضعیت\", \"values\": { \"مختومه\": \"closed\", \"در انتظار پاسخ\": \"referred\", \"رد شده\": \"rejected\" } },"
  "  \"tracking_code\": { \"column\": \"رهگیری\" },"
  "  \"channel\": { \"default\": \"phone\" } } }";

/* Its columns, 0 … 14. */
enum
{
  C_NUMBER, C_RECEIVED, C_REGISTERED, C_KIND, C_NAME, C_ID, C_MOBILE, C_SUBJECT,
  C_DESCRIPTION, C_AGENCY, C_REFERRED, C_ANSWERED, C_CLOSED, C_STATE, C_TRACKING,
  N_COLUMNS
};

static const char test_header[] =
  "شماره ثبت,تاریخ دریافت,تاریخ ثبت,نوع,نام,کد ملی,همراه,موضوع,شرح,دستگاه,"
  "تاریخ ارجاع,تاریخ پاسخ,تاریخ اعلام,وضعیت,رهگیری";

/* A complaint closed after the agency answered: every check passes. */
static const char *const good_row[N_COLUMNS] = {
  "1402/125", "1402/07/10", "1402/07/15", "شکایت", "علی رضایی", "0012345679",
  "09123456789", "تاخیر در پاسخ", "شرح شکایت", "اداره کل آموزش و پرورش استان",
  "1402/07/16", "1402/08/01", "1402/08/05", "مختومه", "",
};

static char *
replace_all (const char *text,
             const char *from,
             const char *to)
{
  g_auto(GStrv) parts = g_strsplit (text, from, -1);

  return g_strjoinv (to, parts);
}

typedef struct
{
  char                 *dir;
  PeygirImportMapping  *mapping;
  PeygirImportAgencies *agencies;
  GPtrArray            *records;    /* of PeygirImportRecord */
  GPtrArray            *refusals;   /* of PeygirImportRefusal */
} Fixture;

static GPtrArray *
office_agencies (void)
{
  static const char *names[] = {
    "اداره کل آموزش و پرورش استان",
    "شرکت آب و فاضلاب استان",
    "دانشگاه علوم پزشکی و خدمات بهداشتی درمانی",
  };
  GPtrArray *agencies = g_ptr_array_new_with_free_func ((GDestroyNotify) peygir_agency_free);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      PeygirAgency *agency = g_new0 (PeygirAgency, 1);

      agency->id = 10 + i;
      agency->name = g_strdup (names[i]);
      agency->active = TRUE;
      g_ptr_array_add (agencies, agency);
    }
  return agencies;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) agencies = office_agencies ();

  f->dir = peygir_test_dir_new ();
  f->mapping = peygir_import_mapping_new_from_data (data != NULL ? data : test_map, -1, &error);
  g_assert_no_error (error);
  f->agencies = peygir_import_agencies_new (agencies);
  f->records = g_ptr_array_new_with_free_func ((GDestroyNotify) peygir_import_record_free);
  f->refusals = g_ptr_array_new_with_free_func ((GDestroyNotify) peygir_import_refusal_free);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_ptr_array_unref (f->records);
  g_ptr_array_unref (f->refusals);
  peygir_import_agencies_free (f->agencies);
  peygir_import_mapping_free (f->mapping);
  peygir_test_dir_free (f->dir);
}

static GFile *
write_file (Fixture    *f,
            const char *name,
            const char *data,
            gssize      length)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

/* Reads the whole file into f->records and f->refusals. */
static void
read_all (Fixture *f,
          GFile   *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirImport) import = NULL;
  PeygirImportRecord *record;
  PeygirImportRefusal *refusal;

  g_ptr_array_set_size (f->records, 0);
  g_ptr_array_set_size (f->refusals, 0);
  import = peygir_import_open (file, f->mapping, f->agencies, NULL, &error);
  g_assert_no_error (error);
  while (peygir_import_next (import, &record, &refusal, NULL, &error))
    {
      if (record != NULL)
        g_ptr_array_add (f->records, record);
      else
        {
          g_test_message ("line %u: %s", refusal->line, refusal->error->message);
          g_ptr_array_add (f->refusals, refusal);
        }
    }
  g_assert_no_error (error);
}

static void
read_text (Fixture    *f,
           const char *text)
{
  g_autoptr(GFile) file = write_file (f, "registry.csv", text, -1);

  read_all (f, file);
}

/* The header and rows, each the good row with one column changed when
 * @column is not -1. */
static char *
csv_with (int         column,
          const char *value)
{
  GString *csv = g_string_new (test_header);

  g_string_append (csv, "\r\n");
  for (int i = 0; i < N_COLUMNS; i++)
    {
      if (i > 0)
        g_string_append_c (csv, ',');
      g_string_append (csv, i == column ? value : good_row[i]);
    }
  g_string_append (csv, "\r\n");
  return g_string_free (csv, FALSE);
}

static PeygirDay
persian_day (int year, int month, int day)
{
  PeygirPersianDate date = { year, month, day };
  PeygirDay out = 0;
  g_autoptr(GError) error = NULL;

  peygir_day_from_persian (&date, &out, &error);
  g_assert_no_error (error);
  return out;
}

static PeygirImportRecord *
record_at (Fixture *f,
           guint    i)
{
  g_assert_cmpuint (i, <, f->records->len);
  return g_ptr_array_index (f->records, i);
}

static void
test_good_row (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *csv = csv_with (-1, NULL);
  PeygirImportRecord *r;

  read_text (f, csv);
  g_assert_cmpuint (f->refusals->len, ==, 0);
  g_assert_cmpuint (f->records->len, ==, 1);
  r = record_at (f, 0);
  g_assert_cmpuint (r->line, ==, 2);
  g_assert_cmpint (r->draft->kind, ==, PEYGIR_KIND_COMPLAINT);
  g_assert_cmpint (r->draft->channel, ==, PEYGIR_CHANNEL_PHONE);   /* the mapping's default */
  g_assert_cmpint (r->draft->agency_id, ==, 10);
  g_assert_cmpstr (r->draft->applicant.name, ==, "علی رضایی");
  g_assert_cmpint (r->state, ==, PEYGIR_STATE_CLOSED);
  g_assert_cmpstr (r->registration_number, ==, "1402/125");
  g_assert_cmpint (r->registration_year, ==, 1402);
  g_assert_cmpint (r->registration_sequence, ==, 125);
  g_assert_cmpint (r->draft->received_on, ==, persian_day (1402, 7, 10));
  g_assert_cmpint (r->registered_on, ==, persian_day (1402, 7, 15));
  g_assert_cmpint (r->referred_on, ==, persian_day (1402, 7, 16));
  g_assert_cmpint (r->answered_on, ==, persian_day (1402, 8, 1));
  g_assert_cmpint (r->closed_on, ==, persian_day (1402, 8, 5));
  g_assert_null (r->tracking_code);
}

/* The rows Excel writes in all three encodings, ی written ي and digits in
 * ASCII as Windows-1256 has them; a quoted field with a line break. */
static const char encoded_rows[] =
  "شماره ثبت,تاريخ دريافت,تاريخ ثبت,نوع,نام,کد ملي,همراه,موضوع,شرح,دستگاه,"
  "تاريخ ارجاع,تاريخ پاسخ,تاريخ اعلام,وضعيت,رهگيري\r\n"
  "1402/125,1402/07/10,1402/07/15,شکايت,علي رضايي,0012345679,09123456789,تاخير,"
  "\"سطر اول\r\nسطر \"\"دوم\"\"\",اداره کل آموزش و پرورش استان,1402/07/16,1402/08/01,1402/08/05,مختومه,\r\n"
  "1402/126,1402/07/11,1402/07/16,درخواست,مريم کريمي,1234567891,09121112233,انشعاب آب,"
  "شرح درخواست,شرکت آب و فاضلاب استان,1402/07/20,,,در انتظار پاسخ,123456786\r\n";

static void
assert_records_equal (const PeygirImportRecord *a,
                      const PeygirImportRecord *b)
{
  g_assert_cmpuint (a->line, ==, b->line);
  g_assert_cmpint (a->draft->kind, ==, b->draft->kind);
  g_assert_cmpstr (a->draft->applicant.name, ==, b->draft->applicant.name);
  g_assert_cmpstr (a->draft->applicant.national_id, ==, b->draft->applicant.national_id);
  g_assert_cmpstr (a->draft->applicant.mobile, ==, b->draft->applicant.mobile);
  g_assert_cmpstr (a->draft->subject, ==, b->draft->subject);
  g_assert_cmpstr (a->draft->description, ==, b->draft->description);
  g_assert_cmpint (a->draft->agency_id, ==, b->draft->agency_id);
  g_assert_cmpint (a->draft->received_on, ==, b->draft->received_on);
  g_assert_cmpint (a->state, ==, b->state);
  g_assert_cmpstr (a->registration_number, ==, b->registration_number);
  g_assert_cmpstr (a->tracking_code, ==, b->tracking_code);
  g_assert_cmpint (a->registered_on, ==, b->registered_on);
  g_assert_cmpint (a->referred_on, ==, b->referred_on);
  g_assert_cmpint (a->answered_on, ==, b->answered_on);
  g_assert_cmpint (a->closed_on, ==, b->closed_on);
}

static GPtrArray *
read_encoded (Fixture              *f,
              const char           *name,
              const char           *data,
              gsize                 length,
              PeygirImportEncoding  encoding,
              char                  separator)
{
  g_autoptr(GFile) file = write_file (f, name, data, length);
  g_autoptr(PeygirImportTable) table = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *records;

  table = peygir_import_table_open (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (peygir_import_table_get_encoding (table), ==, encoding);
  g_assert_cmpint (peygir_import_table_get_separator (table), ==, separator);
  g_assert_cmpuint (g_strv_length ((GStrv) peygir_import_table_get_header (table)), ==, N_COLUMNS);

  read_all (f, file);
  g_assert_cmpuint (f->refusals->len, ==, 0);
  records = g_steal_pointer (&f->records);
  f->records = g_ptr_array_new_with_free_func ((GDestroyNotify) peygir_import_record_free);
  return records;
}

static void
test_encodings (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) utf8 = NULL;
  GPtrArray *others[3] = { NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *bom = g_strconcat ("\xef\xbb\xbf", encoded_rows, NULL);
  g_autofree char *tabbed = replace_all (encoded_rows, ",", "\t");
  g_autofree char *utf16 = NULL;
  g_autofree char *utf16_bom = NULL;
  g_autofree char *cp1256 = NULL;
  gsize utf16_length = 0, cp1256_length = 0;
  PeygirImportRecord *first, *second;

  utf8 = read_encoded (f, "utf8.csv", encoded_rows, strlen (encoded_rows),
                       PEYGIR_IMPORT_ENCODING_UTF8, ',');
  g_assert_cmpuint (utf8->len, ==, 2);
  first = g_ptr_array_index (utf8, 0);
  second = g_ptr_array_index (utf8, 1);
  g_assert_cmpstr (first->draft->description, ==, "سطر اول\nسطر \"دوم\"");
  g_assert_cmpuint (second->line, ==, 4);
  g_assert_cmpstr (second->tracking_code, ==, "123456786");
  /* a file's ي and the mapping's ی name the same column and agency */
  g_assert_cmpint (second->draft->agency_id, ==, 11);

  others[0] = read_encoded (f, "bom.csv", bom, strlen (bom), PEYGIR_IMPORT_ENCODING_UTF8_BOM, ',');

  utf16 = g_convert (tabbed, -1, "UTF-16LE", "UTF-8", NULL, &utf16_length, &error);
  g_assert_no_error (error);
  utf16_bom = g_malloc (utf16_length + 2);
  memcpy (utf16_bom, "\xff\xfe", 2);
  memcpy (utf16_bom + 2, utf16, utf16_length);
  others[1] = read_encoded (f, "unicode.txt", utf16_bom, utf16_length + 2,
                            PEYGIR_IMPORT_ENCODING_UTF16LE, '\t');

  cp1256 = g_convert (encoded_rows, -1, "WINDOWS-1256", "UTF-8", NULL, &cp1256_length, &error);
  g_assert_no_error (error);
  g_assert_false (g_utf8_validate (cp1256, cp1256_length, NULL));
  others[2] = read_encoded (f, "windows.csv", cp1256, cp1256_length,
                            PEYGIR_IMPORT_ENCODING_WINDOWS_1256, ',');

  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      g_assert_cmpuint (others[i]->len, ==, utf8->len);
      for (guint j = 0; j < utf8->len; j++)
        assert_records_equal (g_ptr_array_index (utf8, j), g_ptr_array_index (others[i], j));
      g_ptr_array_unref (others[i]);
    }
}

/* RFC 4180: quotes doubled, separators and line breaks inside quotes; a
 * row keeps the line it starts on; blank rows are skipped; semicolons. */
/* Lines ended as Windows ends them, as Linux does, and with a carriage
 * return alone, as Excel for the Mac saves "CSV (Macintosh)": the same
 * rows, the same line numbers, the same line break inside a field. */
static void
test_line_endings (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) crlf = NULL;
  g_autofree char *lf = replace_all (encoded_rows, "\r\n", "\n");
  g_autofree char *cr = replace_all (encoded_rows, "\r\n", "\r");
  const char *texts[] = { lf, cr };

  crlf = read_encoded (f, "crlf.csv", encoded_rows, strlen (encoded_rows), PEYGIR_IMPORT_ENCODING_UTF8, ',');
  g_assert_cmpuint (crlf->len, ==, 2);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GPtrArray) other = read_encoded (f, "other.csv", texts[i], strlen (texts[i]),
                                                 PEYGIR_IMPORT_ENCODING_UTF8, ',');

      g_assert_cmpuint (other->len, ==, crlf->len);
      for (guint j = 0; j < crlf->len; j++)
        assert_records_equal (g_ptr_array_index (crlf, j), g_ptr_array_index (other, j));
    }
}

static void
test_quoted_fields (Fixture       *f,
                    gconstpointer  data)
{
  static const char text[] =
    "a;b;c\n"
    "\"1;2\";\"x \"\"y\"\" z\";\"one\n"
    "two\n"
    "three\"\n"
    ";;\n"
    "\n"
    "plain;with \"quote;last\r\n";
  g_autoptr(GFile) file = write_file (f, "quoted.csv", text, -1);
  g_autoptr(PeygirImportTable) table = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) row = NULL;
  g_auto(GStrv) second = NULL;
  g_auto(GStrv) none = NULL;
  guint line = 0;

  table = peygir_import_table_open (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (peygir_import_table_get_separator (table), ==, ';');

  g_assert_true (peygir_import_table_next_row (table, &row, &line, NULL, &error));
  g_assert_cmpuint (line, ==, 2);
  g_assert_cmpuint (g_strv_length (row), ==, 3);
  g_assert_cmpstr (row[0], ==, "1;2");
  g_assert_cmpstr (row[1], ==, "x \"y\" z");
  g_assert_cmpstr (row[2], ==, "one\ntwo\nthree");

  g_assert_true (peygir_import_table_next_row (table, &second, &line, NULL, &error));
  g_assert_cmpuint (line, ==, 7);
  g_assert_cmpstr (second[1], ==, "with \"quote");
  g_assert_cmpstr (second[2], ==, "last");

  g_assert_false (peygir_import_table_next_row (table, &none, &line, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (none);
}

static void
test_unclosed_quote (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GFile) file = write_file (f, "open.csv", "a,b\n1,2\n3,\"never\nclosed\n", -1);
  g_autoptr(PeygirImportTable) table = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) row = NULL;
  g_auto(GStrv) broken = NULL;
  guint line = 0;

  table = peygir_import_table_open (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (peygir_import_table_next_row (table, &row, &line, NULL, &error));
  g_assert_false (peygir_import_table_next_row (table, &broken, &line, NULL, &error));
  g_assert_error (error, PEYGIR_IMPORT_ERROR, PEYGIR_IMPORT_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "3"));
}

/* Each reason a row is refused, with its line and the column it names. */
static void
test_refusals (Fixture       *f,
               gconstpointer  data)
{
  static const struct
  {
    int               column;
    const char       *value;
    int               code;
    const char       *named;   /* the column the refusal names */
  } cases[] = {
    { C_ID, "0012345678", PEYGIR_IMPORT_ERROR_CASE, "کد ملی" },
    { C_ID, "", PEYGIR_IMPORT_ERROR_MISSING, "کد ملی" },
    { C_MOBILE, "12345", PEYGIR_IMPORT_ERROR_CASE, "همراه" },
    { C_SUBJECT, " ", PEYGIR_IMPORT_ERROR_MISSING, "موضوع" },
    { C_KIND, "پیشنهاد", PEYGIR_IMPORT_ERROR_VALUE, "نوع" },
    { C_STATE, "بایگانی", PEYGIR_IMPORT_ERROR_VALUE, "وضعیت" },
    { C_STATE, "", PEYGIR_IMPORT_ERROR_MISSING, "وضعیت" },
    { C_RECEIVED, "1402/13/40", PEYGIR_IMPORT_ERROR_DATE, "تاریخ دریافت" },
    { C_RECEIVED, "دیروز", PEYGIR_IMPORT_ERROR_DATE, "تاریخ دریافت" },
    { C_CLOSED, "1402/07/20", PEYGIR_IMPORT_ERROR_DATE, "تاریخ اعلام" },       /* before the answer */
    { C_REGISTERED, "1402/07/01", PEYGIR_IMPORT_ERROR_DATE, "تاریخ ثبت" },     /* before receipt */
    { C_CLOSED, "06/08/05", PEYGIR_IMPORT_ERROR_DATE, "تاریخ اعلام" },         /* 1406: the future */
    { C_CLOSED, "", PEYGIR_IMPORT_ERROR_STATE, "تاریخ اعلام" },                /* closed, no date */
    { C_REFERRED, "", PEYGIR_IMPORT_ERROR_STATE, "تاریخ ارجاع" },              /* answered, never referred */
    { C_STATE, "در انتظار پاسخ", PEYGIR_IMPORT_ERROR_STATE, "تاریخ پاسخ" },    /* waits, yet answered */
    { C_STATE, "رد شده", PEYGIR_IMPORT_ERROR_STATE, "تاریخ ارجاع" },           /* rejected, yet referred */
    { C_AGENCY, "", PEYGIR_IMPORT_ERROR_MISSING, "دستگاه" },
    { C_AGENCY, "شهرداری", PEYGIR_IMPORT_ERROR_AGENCY, "دستگاه" },
    { C_NUMBER, "1401/125", PEYGIR_IMPORT_ERROR_REGISTRATION, "شماره ثبت" },   /* registered in 1402 */
    { C_NUMBER, "125", PEYGIR_IMPORT_ERROR_REGISTRATION, "شماره ثبت" },
    { C_NUMBER, "", PEYGIR_IMPORT_ERROR_MISSING, "شماره ثبت" },
    { C_TRACKING, "123456789", PEYGIR_IMPORT_ERROR_VALUE, "رهگیری" },          /* check digit wrong */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *first = csv_with (-1, NULL);
      g_autofree char *good = replace_all (first, "1402/125", "1402/124");
      g_autofree char *refused = csv_with (cases[i].column, cases[i].value);
      /* a good row first, so that the refused one is on line 3 */
      g_autofree char *twice = g_strconcat (good, strchr (refused, '\n') + 1, NULL);
      PeygirImportRefusal *refusal;

      read_text (f, twice);
      g_test_message ("case %u: %s", i, cases[i].value);
      g_assert_cmpuint (f->records->len, ==, 1);
      g_assert_cmpuint (f->refusals->len, ==, 1);
      refusal = g_ptr_array_index (f->refusals, 0);
      g_assert_cmpuint (refusal->line, ==, 3);
      g_assert_error (refusal->error, PEYGIR_IMPORT_ERROR, cases[i].code);
      g_assert_cmpstr (refusal->column, ==, cases[i].named);
      g_assert_nonnull (strstr (refusal->error->message, cases[i].named));
    }
}

/* A request registered and then rejected: the workflow rejects a case
 * after registration only on a referral to an agency, so the row needs
 * one; at review, never registered, it does not. */
static void
test_rejected_after_registration (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GString) csv = g_string_new (test_header);
  PeygirImportRefusal *refusal;

  g_string_append (csv, "\n1402/125,1402/07/10,1402/07/15,درخواست,علی رضایی,0012345679,09123456789,موضوع,شرح,"
                   ",,,,رد شده,\n");
  g_string_append (csv, ",1402/07/10,,درخواست,علی رضایی,0012345679,09123456789,موضوع,شرح,,,,,رد شده,\n");
  read_text (f, csv->str);
  g_assert_cmpuint (f->refusals->len, ==, 1);
  refusal = g_ptr_array_index (f->refusals, 0);
  g_assert_cmpuint (refusal->line, ==, 2);
  g_assert_error (refusal->error, PEYGIR_IMPORT_ERROR, PEYGIR_IMPORT_ERROR_MISSING);
  g_assert_cmpstr (refusal->column, ==, "دستگاه");
  g_assert_cmpuint (f->records->len, ==, 1);
  g_assert_cmpint (record_at (f, 0)->state, ==, PEYGIR_STATE_REJECTED);
}

/* Persian and Arabic-Indic digits anywhere, as in Latin. */
static void
test_digits (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GString) csv = g_string_new (test_header);
  PeygirImportRecord *persian, *arabic;

  g_string_append (csv, "\n۱۴۰۲/۱۲۵,۱۴۰۲/۰۷/۱۰,۱۴۰۲-۷-۱۵,شکایت,علی,۰۰۱۲۳۴۵۶۷۹,۰۹۱۲ ۳۴۵ ۶۷۸۹,موضوع,شرح,"
                   "اداره کل آموزش و پرورش استان,۱۴۰۲/۷/۱۶,۱۴۰۲/۸/۱,۱۴۰۲/۸/۵,مختومه,۱۲۳-۴۵۶-۷۸۶\n");
  g_string_append (csv, "١٤٠٢/١٢٦,١٤٠٢/٠٧/١٠,١٤٠٢/٠٧/١٥,شکایت,علی,١٢٣٤٥٦٧٨٩١,٠٩١٢١١١٢٢٣٣,موضوع,شرح,"
                   "اداره کل آموزش و پرورش استان,١٤٠٢/٠٧/١٦,١٤٠٢/٠٨/٠١,١٤٠٢/٠٨/٠٥,مختومه,\n");
  read_text (f, csv->str);
  g_assert_cmpuint (f->refusals->len, ==, 0);
  persian = record_at (f, 0);
  arabic = record_at (f, 1);
  g_assert_cmpstr (persian->registration_number, ==, "1402/125");
  g_assert_cmpstr (persian->draft->applicant.national_id, ==, "0012345679");
  g_assert_cmpstr (persian->draft->applicant.mobile, ==, "09123456789");
  g_assert_cmpstr (persian->tracking_code, ==, "123456786");
  g_assert_cmpint (persian->registered_on, ==, persian_day (1402, 7, 15));
  g_assert_cmpstr (arabic->registration_number, ==, "1402/126");
  g_assert_cmpstr (arabic->draft->applicant.national_id, ==, "1234567891");
  g_assert_cmpstr (arabic->draft->applicant.mobile, ==, "09121112233");
  g_assert_cmpint (arabic->closed_on, ==, persian_day (1402, 8, 5));
}

/* Excel drops a national ID's leading zeros; they come back. */
static void
test_leading_zeros (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *csv = csv_with (C_ID, "60123451");

  read_text (f, csv);
  g_assert_cmpuint (f->refusals->len, ==, 0);
  g_assert_cmpstr (record_at (f, 0)->draft->applicant.national_id, ==, "0060123451");
}

static const char gregorian_map[] =
  "{ \"dates\": \"gregorian\", \"fields\": {"
  "  \"kind\": { \"default\": \"request\" },"
  "  \"applicant_name\": { \"column\": 1 },"
  "  \"national_id\": { \"column\": 2 },"
  "  \"mobile\": { \"column\": 3 },"
  "  \"subject\": { \"column\": 4 },"
  "  \"description\": { \"column\": 4 },"
  "  \"registered_on\": { \"column\": 5 },"
  "  \"registration_year\": { \"column\": 6 },"
  "  \"registration_sequence\": { \"column\": 7 },"
  "  \"state\": { \"default\": \"registered\" } } }";

/* Gregorian ISO dates, columns by number, the registration number in two
 * columns, received_on taken from the registration date. */
static void
test_gregorian (Fixture       *f,
                gconstpointer  data)
{
  PeygirImportRecord *r;
  PeygirImportRefusal *refusal;

  read_text (f, "name,id,mobile,subject,date,year,seq\n"
                "Ali,0012345679,09123456789,Water,2023-10-07,1402,77\n"
                "Reza,1234567891,09123456789,Power,۲۰۲۳-۱۰-۰۸,۱۴۰۲,۷۸\n"
                "Sara,1234567891,09123456789,Gas,1402/07/15,1402,79\n");
  g_assert_cmpuint (f->records->len, ==, 2);
  r = record_at (f, 0);
  g_assert_cmpint (r->registered_on, ==, 20231007);
  g_assert_cmpint (r->registered_on, ==, persian_day (1402, 7, 15));
  g_assert_cmpint (r->draft->received_on, ==, 20231007);
  g_assert_cmpint (r->draft->kind, ==, PEYGIR_KIND_REQUEST);
  g_assert_cmpint (r->state, ==, PEYGIR_STATE_REGISTERED);
  g_assert_cmpstr (r->registration_number, ==, "1402/77");
  g_assert_cmpint (record_at (f, 1)->registered_on, ==, 20231008);
  g_assert_cmpstr (record_at (f, 1)->registration_number, ==, "1402/78");

  /* a Persian date where the mapping says Gregorian */
  g_assert_cmpuint (f->refusals->len, ==, 1);
  refusal = g_ptr_array_index (f->refusals, 0);
  g_assert_cmpuint (refusal->line, ==, 4);
  g_assert_error (refusal->error, PEYGIR_IMPORT_ERROR, PEYGIR_IMPORT_ERROR_DATE);
  g_assert_cmpstr (refusal->column, ==, "date");
}

/* The second line with a registration number or tracking code is refused,
 * however its digits are written. */
static void
test_duplicates (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *csv = csv_with (C_TRACKING, "123456786");
  g_autoptr(GString) text = g_string_new (csv);
  const char *row = strchr (csv, '\n') + 1;
  g_autofree char *same_number = replace_all (row, "123456786", "");
  g_autofree char *persian = replace_all (same_number, "1402/125", "۱۴۰۲-۱۲۵");
  g_autofree char *same_code = replace_all (row, "1402/125", "1402/126");
  PeygirImportRefusal *refusal;

  g_string_append (text, persian);
  g_string_append (text, same_code);
  read_text (f, text->str);
  g_assert_cmpuint (f->records->len, ==, 1);
  g_assert_cmpuint (f->refusals->len, ==, 2);

  refusal = g_ptr_array_index (f->refusals, 0);
  g_assert_cmpuint (refusal->line, ==, 3);
  g_assert_error (refusal->error, PEYGIR_IMPORT_ERROR, PEYGIR_IMPORT_ERROR_DUPLICATE);
  g_assert_cmpstr (refusal->column, ==, "شماره ثبت");
  g_assert_nonnull (strstr (refusal->error->message, "1402/125"));
  g_assert_nonnull (strstr (refusal->error->message, " 2."));

  refusal = g_ptr_array_index (f->refusals, 1);
  g_assert_cmpuint (refusal->line, ==, 4);
  g_assert_error (refusal->error, PEYGIR_IMPORT_ERROR, PEYGIR_IMPORT_ERROR_DUPLICATE);
  g_assert_cmpstr (refusal->column, ==, "رهگیری");
}

/* Agencies by name however it is written; the unknown ones counted. */
static void
test_agencies (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) unknown = NULL;
  PeygirImportUnknownAgency *first;

  g_assert_cmpint (peygir_import_agencies_match (f->agencies, "شركت آب و  فاضلاب استان")->id, ==, 11);
  g_assert_cmpint (peygir_import_agencies_match (f->agencies, "دانشگاه علوم پزشكي و خدمات بهداشتي‌درماني")->id, ==, 12);
  g_assert_cmpint (peygir_import_agencies_match (f->agencies, " اداره‌کل آموزش و پرورش استان ")->id, ==, 10);
  g_assert_null (peygir_import_agencies_match (f->agencies, "شهرداری مرکز"));
  g_assert_null (peygir_import_agencies_match (f->agencies, "شهرداري  مرکز"));
  g_assert_null (peygir_import_agencies_match (f->agencies, "اداره ثبت"));
  g_assert_null (peygir_import_agencies_match (f->agencies, ""));

  unknown = peygir_import_agencies_unknown (f->agencies);
  g_assert_cmpuint (unknown->len, ==, 2);
  first = g_ptr_array_index (unknown, 0);
  g_assert_cmpstr (first->name, ==, "شهرداری مرکز");
  g_assert_cmpuint (first->count, ==, 2);
  g_assert_cmpuint (((PeygirImportUnknownAgency *) g_ptr_array_index (unknown, 1))->count, ==, 1);
}

/* A row naming an unknown agency is refused and the name counted. */
static void
test_unknown_agency (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *csv = csv_with (C_AGENCY, "شهرداری");
  g_autoptr(GPtrArray) unknown = NULL;
  PeygirImportRefusal *refusal;

  read_text (f, csv);
  g_assert_cmpuint (f->records->len, ==, 0);
  refusal = g_ptr_array_index (f->refusals, 0);
  g_assert_error (refusal->error, PEYGIR_IMPORT_ERROR, PEYGIR_IMPORT_ERROR_AGENCY);
  g_assert_nonnull (strstr (refusal->error->message, "شهرداری"));
  unknown = peygir_import_agencies_unknown (f->agencies);
  g_assert_cmpuint (unknown->len, ==, 1);
  g_assert_cmpstr (((PeygirImportUnknownAgency *) g_ptr_array_index (unknown, 0))->name, ==, "شهرداری");
}

/* The office's words, written with Arabic letters or spaces, through the
 * values; an identifier itself; the default for an empty cell. */
static void
test_value_maps (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *arabic = csv_with (C_KIND, "شكايت");
  g_autofree char *identifier = csv_with (C_KIND, "request");
  g_autofree char *spaced = csv_with (C_STATE, " مختومه ");

  read_text (f, arabic);
  g_assert_cmpint (record_at (f, 0)->draft->kind, ==, PEYGIR_KIND_COMPLAINT);
  read_text (f, identifier);
  g_assert_cmpint (record_at (f, 0)->draft->kind, ==, PEYGIR_KIND_REQUEST);
  read_text (f, spaced);
  g_assert_cmpint (record_at (f, 0)->state, ==, PEYGIR_STATE_CLOSED);
  g_assert_cmpint (record_at (f, 0)->draft->channel, ==, PEYGIR_CHANNEL_PHONE);
}

static void
assert_mapping_refused (const char *json,
                        const char *named)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirImportMapping) mapping = peygir_import_mapping_new_from_data (json, -1, &error);

  g_assert_null (mapping);
  g_assert_error (error, PEYGIR_IMPORT_ERROR, PEYGIR_IMPORT_ERROR_MAPPING);
  g_assert_nonnull (strstr (error->message, named));
}

static void
test_mapping_errors (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *absent = replace_all (test_map, "\"همراه\"", "\"موبایل\"");
  g_autofree char *no_subject = replace_all (test_map, "\"subject\"", "\"address\"");
  g_autofree char *bad_value = replace_all (test_map, "\"complaint\"", "\"grievance\"");
  g_autofree char *unknown = replace_all (test_map, "\"tracking_code\"", "\"tracking\"");
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirImportMapping) mapping = NULL;
  g_autoptr(PeygirImport) import = NULL;
  g_autofree char *csv = csv_with (-1, NULL);
  g_autoptr(GFile) file = write_file (f, "registry.csv", csv, -1);

  assert_mapping_refused (no_subject, "subject");
  assert_mapping_refused (bad_value, "شکایت");
  assert_mapping_refused (unknown, "tracking");
  assert_mapping_refused ("[]", "JSON object");
  assert_mapping_refused ("{ \"dates\": \"julian\" }", "gregorian");

  /* a column the file's header does not have */
  mapping = peygir_import_mapping_new_from_data (absent, -1, &error);
  g_assert_no_error (error);
  import = peygir_import_open (file, mapping, f->agencies, NULL, &error);
  g_assert_null (import);
  g_assert_error (error, PEYGIR_IMPORT_ERROR, PEYGIR_IMPORT_ERROR_MAPPING);
  g_assert_nonnull (strstr (error->message, "موبایل"));
}

/* Not a regular file, too large, not text: refused before any row. */
static void
test_file_refused (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *fifo = g_build_filename (f->dir, "pipe.csv", NULL);
  g_autoptr(GFile) big = write_file (f, "big.csv", "a,b\n", -1);
  g_autoptr(GFile) binary = write_file (f, "sheet.ods", "\x01\0\x02\0\x03", 5);
  g_autoptr(GFile) broken = write_file (f, "sheet.xlsx", "PK\x03\x04\0\0\0", 7);
  g_autoptr(GFile) pipe_file = g_file_new_for_path (fifo);
  g_autoptr(GFile) dir = g_file_new_for_path (f->dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirImportTable) table = NULL;

  table = peygir_import_table_open (dir, NULL, &error);
  g_assert_null (table);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  g_clear_error (&error);

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  table = peygir_import_table_open (pipe_file, NULL, &error);
  g_assert_null (table);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  g_clear_error (&error);

  /* sparse: the size is refused without a byte read */
  g_assert_cmpint (truncate (g_file_peek_path (big), PEYGIR_IMPORT_MAX_FILE_SIZE + 1), ==, 0);
  table = peygir_import_table_open (big, NULL, &error);
  g_assert_null (table);
  g_assert_error (error, PEYGIR_IMPORT_ERROR, PEYGIR_IMPORT_ERROR_FILE);
  g_clear_error (&error);

  table = peygir_import_table_open (binary, NULL, &error);
  g_assert_null (table);
  g_assert_error (error, PEYGIR_IMPORT_ERROR, PEYGIR_IMPORT_ERROR_ENCODING);
  g_clear_error (&error);

  /* a zip's signature, then nothing a workbook has */
  table = peygir_import_table_open (broken, NULL, &error);
  g_assert_null (table);
  g_assert_error (error, PEYGIR_IMPORT_ERROR, PEYGIR_IMPORT_ERROR_FILE);
}

/* The good row and another as a workbook writes them: strings shared,
 * the national ID and mobile as numbers (their leading zeros gone), an
 * empty row between; the same records as from the CSV. */
static void
test_workbook (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "registry.xlsx", NULL);
  g_autofree char *csv = csv_with (-1, NULL);
  g_autofree char *second = replace_all (strchr (csv, '\n') + 1, "1402/125", "1402/126");
  g_autofree char *both = g_strconcat (csv, second, NULL);
  g_auto(GStrv) header = g_strsplit (test_header, ",", -1);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GPtrArray) from_csv = NULL;
  g_autoptr(PeygirImportTable) table = NULL;
  g_autoptr(GError) error = NULL;
  lxw_workbook *workbook = workbook_new (path);
  lxw_worksheet *sheet = workbook_add_worksheet (workbook, NULL);

  for (int c = 0; c < N_COLUMNS; c++)
    worksheet_write_string (sheet, 0, c, header[c], NULL);
  for (int r = 1; r <= 3; r += 2)
    for (int c = 0; c < N_COLUMNS; c++)
      {
        const char *value = c == C_NUMBER && r == 3 ? "1402/126" : good_row[c];

        if (c == C_ID || c == C_MOBILE)
          worksheet_write_number (sheet, r, c, g_ascii_strtod (value, NULL), NULL);
        else if (*value != '\0')
          worksheet_write_string (sheet, r, c, value, NULL);
      }
  g_assert_cmpint (workbook_close (workbook), ==, LXW_NO_ERROR);

  table = peygir_import_table_open (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (peygir_import_table_get_encoding (table), ==, PEYGIR_IMPORT_ENCODING_XLSX);
  g_assert_cmpstr (peygir_import_table_get_header (table)[C_STATE], ==, "وضعیت");

  read_text (f, both);
  g_assert_cmpuint (f->records->len, ==, 2);
  from_csv = g_steal_pointer (&f->records);
  f->records = g_ptr_array_new_with_free_func ((GDestroyNotify) peygir_import_record_free);

  read_all (f, file);
  g_assert_cmpuint (f->refusals->len, ==, 0);
  g_assert_cmpuint (f->records->len, ==, 2);
  g_assert_cmpuint (record_at (f, 0)->line, ==, 2);
  g_assert_cmpuint (record_at (f, 1)->line, ==, 4);
  record_at (f, 1)->line = 3;   /* the CSV has no empty row between */
  for (guint i = 0; i < 2; i++)
    assert_records_equal (g_ptr_array_index (from_csv, i), record_at (f, i));
}

/* UTF-8 up to where the encoding was judged, then bytes of another:
 * refused at that line, not read as garbage. */
static void
test_mixed_encoding (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new ("a,b\n");
  g_autoptr(GFile) file = NULL;
  g_autoptr(PeygirImportTable) table = NULL;
  g_autoptr(GError) error = NULL;
  guint rows = 0, line = 0, written = 0;

  for (; text->len < 70 * 1024; written++)
    g_string_append (text, "x,y\n");
  g_string_append (text, "\xe1\xed,z\n");   /* Windows-1256 */
  file = write_file (f, "mixed.csv", text->str, text->len);
  table = peygir_import_table_open (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (peygir_import_table_get_encoding (table), ==, PEYGIR_IMPORT_ENCODING_UTF8);
  for (;;)
    {
      g_auto(GStrv) row = NULL;

      if (!peygir_import_table_next_row (table, &row, &line, NULL, &error))
        break;
      rows++;
    }
  g_assert_error (error, PEYGIR_IMPORT_ERROR, PEYGIR_IMPORT_ERROR_ENCODING);
  g_assert_cmpuint (rows, ==, written);
  g_assert_nonnull (strstr (error->message, "17921"));
}

/* A workbook cut short or with bytes changed is refused or read, never
 * read past its end (run under valgrind or the sanitizers). */
static void
test_damaged_workbook (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "good.xlsx", NULL);
  g_autofree char *contents = NULL;
  lxw_workbook *workbook = workbook_new (path);
  lxw_worksheet *sheet = workbook_add_worksheet (workbook, NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (15);
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  guint refused = 0;

  for (int r = 0; r < 20; r++)
    for (int c = 0; c < N_COLUMNS; c++)
      worksheet_write_string (sheet, r, c, good_row[c][0] != '\0' ? good_row[c] : "-", NULL);
  g_assert_cmpint (workbook_close (workbook), ==, LXW_NO_ERROR);
  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *damaged = g_memdup2 (contents, length);
      gsize cut = i < 100 ? (gsize) g_rand_int_range (rand, 4, length) : length;
      g_autoptr(GFile) file = NULL;
      g_autoptr(PeygirImportTable) table = NULL;

      for (guint k = 0; i >= 100 && k < 4; k++)
        damaged[g_rand_int_range (rand, 4, length)] = (char) g_rand_int_range (rand, 0, 256);
      file = write_file (f, "damaged.xlsx", damaged, cut);
      table = peygir_import_table_open (file, NULL, &error);
      if (table == NULL)
        {
          g_assert_true (error->domain == PEYGIR_IMPORT_ERROR);
          g_clear_error (&error);
          refused++;
          continue;
        }
      for (;;)
        {
          g_auto(GStrv) row = NULL;
          guint line;

          if (!peygir_import_table_next_row (table, &row, &line, NULL, &error))
            break;
          g_assert_cmpuint (g_strv_length (row), <=, 16384);
        }
      g_clear_error (&error);
    }
  /* every cut workbook lost its central directory */
  g_assert_cmpuint (refused, >=, 100);
}

/* The example shipped in data/ reads the example registry in tests/. */
static void
test_example (Fixture       *f,
              gconstpointer  data)
{
  const char *source = g_getenv ("PEYGIR_SOURCE_DIR");
  g_autofree char *map_path = g_build_filename (source, "data", "import-example-map.json", NULL);
  g_autofree char *csv_path = g_build_filename (source, "tests", "core", "data", "import-registry.csv", NULL);
  g_autoptr(GFile) map_file = g_file_new_for_path (map_path);
  g_autoptr(GFile) csv_file = g_file_new_for_path (csv_path);
  g_autoptr(GError) error = NULL;
  PeygirImportRecord *r;

  g_assert_nonnull (source);
  peygir_import_mapping_free (f->mapping);
  f->mapping = peygir_import_mapping_new_from_file (map_file, &error);
  g_assert_no_error (error);
  read_all (f, csv_file);
  g_assert_cmpuint (f->refusals->len, ==, 0);
  g_assert_cmpuint (f->records->len, ==, 4);

  r = record_at (f, 0);
  g_assert_cmpuint (r->line, ==, 2);
  g_assert_cmpstr (r->draft->applicant.address, ==, "تهران، خیابان آزادی\nکوچهٔ پنجم");
  g_assert_cmpstr (r->draft->description, ==, "مدرسه ثبت‌نام را \"تا اطلاع ثانوی\" متوقف کرده است.");
  g_assert_cmpint (r->draft->category, ==, PEYGIR_CATEGORY_EDUCATION);
  g_assert_cmpint (r->draft->channel, ==, PEYGIR_CHANNEL_IN_PERSON);

  r = record_at (f, 1);
  g_assert_cmpuint (r->line, ==, 4);
  g_assert_cmpint (r->state, ==, PEYGIR_STATE_REFERRED);
  g_assert_cmpint (r->draft->agency_id, ==, 11);
  g_assert_cmpstr (r->draft->applicant.mobile, ==, "09123456780");

  /* rejected at review, never registered */
  r = record_at (f, 2);
  g_assert_cmpint (r->state, ==, PEYGIR_STATE_REJECTED);
  g_assert_cmpint (r->draft->applicant.type, ==, PEYGIR_APPLICANT_BUSINESS);
  g_assert_null (r->registration_number);

  r = record_at (f, 3);
  g_assert_cmpuint (r->line, ==, 6);
  g_assert_cmpint (r->draft->applicant.type, ==, PEYGIR_APPLICANT_CITIZEN);
  g_assert_cmpstr (r->draft->applicant.national_id, ==, "0060123451");
  g_assert_cmpint (r->draft->agency_id, ==, 12);
  g_assert_cmpint (r->draft->channel, ==, PEYGIR_CHANNEL_SAMAD);
  g_assert_cmpstr (r->draft->samad_code, ==, "1234567");
}

int
main (int   argc,
      char *argv[])
{
  gint64 now = 0;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  /* 1405/09/03: every date of the rows is in the past */
  g_assert_true (peygir_clock_parse_iso8601 ("2026-11-24T09:00:00+03:30", &now));
  peygir_clock_set_now (now);

#define ADD(path, func) \
  g_test_add ("/core/import/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("good-row", test_good_row);
  ADD ("rejected-after-registration", test_rejected_after_registration);
  ADD ("encodings", test_encodings);
  ADD ("line-endings", test_line_endings);
  ADD ("quoted-fields", test_quoted_fields);
  ADD ("unclosed-quote", test_unclosed_quote);
  ADD ("refusals", test_refusals);
  ADD ("digits", test_digits);
  ADD ("leading-zeros", test_leading_zeros);
  g_test_add ("/core/import/gregorian", Fixture, gregorian_map, fixture_set_up, test_gregorian, fixture_tear_down);
  ADD ("duplicates", test_duplicates);
  ADD ("agencies", test_agencies);
  ADD ("unknown-agency", test_unknown_agency);
  ADD ("value-maps", test_value_maps);
  ADD ("mapping-errors", test_mapping_errors);
  ADD ("file-refused", test_file_refused);
  ADD ("mixed-encoding", test_mixed_encoding);
  ADD ("workbook", test_workbook);
  ADD ("damaged-workbook", test_damaged_workbook);
  ADD ("example", test_example);
#undef ADD

  return g_test_run ();
}
