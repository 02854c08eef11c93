/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <locale.h>
#include <string.h>

#include <sqlite3.h>

#include "peygir-error.h"
#include "peygir-text.h"

static void
test_normalize (void)
{
  static const struct
  {
    const char *input;
    const char *expected;
  } cases[] = {
    { "كتاب", "کتاب" },
    { "يك", "یک" },
    { "علي مصطفى", "علی مصطفی" },
    { "مدرسة", "مدرسه" },
    { "خانۀ ما", "خانه ما" },
    { "أحمد إمام آب ٱلله", "احمد امام اب الله" },
    { "مؤسسه", "موسسه" },
    { "مسئول", "مسیول" },
    { "می‌شود", "میشود" },
    { "نمی\u200dخواهد", "نمیخواهد" },
    { "\u200fسلام\u200e\u061c", "سلام" },
    { "\ufeffسلام", "سلام" },
    { "مُحَمَّد", "محمد" },
    { "کتاباً", "کتابا" },
    { "رحمٰن", "رحمن" },
    { "تهـــران", "تهران" },
    { "۱۲۳٤٥٦789", "123456789" },
    { "Tehran PROVINCE", "tehran province" },
    { "سلام، خوبی؟ «بله»؛ (آری) - نه!", "سلام خوبی بله اری نه" },
    { "  فاصله   های\t\nزیاد  ", "فاصله های زیاد" },
    { "a+b=c $5 @home", "a b c 5 home" },
    { "ﻛﺘﺎﺏ", "کتاب" },                 /* presentation forms */
    { "", "" },
    { "\u200c\u200c", "" },
    { "!!!", "" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *normalized = peygir_text_normalize (cases[i].input);

      g_assert_cmpstr (normalized, ==, cases[i].expected);
    }
}

static void
test_normalize_idempotent (void)
{
  static const char * const texts[] = {
    "شکايت از اداره‌ی آب و فاضلاب — شماره ۱۴۰۵/۱۲",
    "ﻛﺘﺎﺏ‌هاي مُدرسة",
    "Mixed ۱۲ Text, with ٣ scripts.",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *once = peygir_text_normalize (texts[i]);
      g_autofree char *twice = peygir_text_normalize (once);

      g_assert_cmpstr (once, ==, twice);
    }
}

static void
test_normalize_invalid_utf8 (void)
{
  g_autofree char *normalized = peygir_text_normalize ("abc\xff\xfe" "def");

  g_assert_true (g_utf8_validate (normalized, -1, NULL));
  g_assert_cmpstr (normalized, ==, "abc def");
}

static void
test_digits (void)
{
  g_autofree char *ascii = peygir_text_digits_to_ascii ("کد ۰۱۲۳۴۵۶۷۸۹ و ٠١٢٣٤٥٦٧٨٩ و 42");
  g_autofree char *persian = peygir_text_digits_to_persian ("1405/09/03 تا 12");
  g_autofree char *number = peygir_text_format_number (1405);
  g_autofree char *zero = peygir_text_format_number (0);
  g_autofree char *big = peygir_text_format_number (G_GINT64_CONSTANT (1234567890123));
  g_autofree char *share = peygir_text_format_decimal (200.0 / 3);
  g_autofree char *whole = peygir_text_format_decimal (10);

  g_assert_cmpstr (ascii, ==, "کد 0123456789 و 0123456789 و 42");
  g_assert_cmpstr (persian, ==, "۱۴۰۵/۰۹/۰۳ تا ۱۲");
  g_assert_cmpstr (number, ==, "۱۴۰۵");
  g_assert_cmpstr (zero, ==, "۰");
  g_assert_cmpstr (big, ==, "۱۲۳۴۵۶۷۸۹۰۱۲۳");
  g_assert_cmpstr (share, ==, "۶۶٫۷");
  g_assert_cmpstr (whole, ==, "۱۰٫۰");
}

static void
test_digits_only (void)
{
  g_autofree char *mobile = peygir_text_digits_only ("۰۹۱۲ ۳۴۵-۶۷۸۹");
  g_autofree char *arabic = peygir_text_digits_only ("٠١٢3");
  g_autofree char *empty = peygir_text_digits_only ("");
  g_autofree char *blank = peygir_text_digits_only (" - ");
  g_autofree char *slash = peygir_text_digits_only ("1405/12");
  g_autofree char *letter = peygir_text_digits_only ("۱۲a");

  g_assert_cmpstr (mobile, ==, "09123456789");
  g_assert_cmpstr (arabic, ==, "0123");
  g_assert_cmpstr (empty, ==, "");
  g_assert_cmpstr (blank, ==, "");
  g_assert_null (slash);
  g_assert_null (letter);
}

static void
test_sanitize (void)
{
  g_autofree char *single = peygir_text_sanitize ("  \u202eسلام\u202c\u200f دنیا\nخط\tدوم\x01 ", FALSE);
  g_autofree char *multi = peygir_text_sanitize ("\u00a0اول\r\nدوم\rسوم\n\tچهارم\u2066x\u2069\u061c\n\n", TRUE);
  g_autofree char *zwnj = peygir_text_sanitize ("می‌شود", FALSE);
  g_autofree char *broken = peygir_text_sanitize ("ab\xc3", FALSE);

  g_assert_cmpstr (single, ==, "سلام دنیا خط دوم");
  g_assert_cmpstr (multi, ==, "اول\nدوم\nسوم\n\tچهارمx");
  g_assert_cmpstr (zwnj, ==, "می\u200cشود");
  g_assert_true (g_utf8_validate (broken, -1, NULL));
  g_assert_true (g_str_has_prefix (broken, "ab"));
}

#define LRI "\u2066"
#define PDI "\u2069"
#define LRM "\u200e"

/* Values left to right by nature: one isolate each, the user's own bidi
 * controls gone, digits after ص kept European by an LRM. */
static void
test_isolate_ltr (void)
{
  static const struct
  {
    const char *value;
    const char *expected;
  } cases[] = {
    { "۳۳۲-۳۴۳-۴۹۷", LRI "۳۳۲-۳۴۳-۴۹۷" PDI },
    { "1405/ص/203", LRI "1405/ص" LRM "/203" PDI },
    { "۱۴۰۵/ص/۲۰۳", LRI "۱۴۰۵/ص" LRM "/۲۰۳" PDI },
    { "1405/الف ب/12", LRI "1405/الف ب" LRM "/12" PDI },
    { "۱۴۰۵/۰۹/۰۳", LRI "۱۴۰۵/۰۹/۰۳" PDI },
    { "071-32345678", LRI "071-32345678" PDI },
    { " \u202e1405/12\u202c\u2067 ", LRI "1405/12" PDI },
    { "a\nb", LRI "a b" PDI },
    /* not left to right: Persian words in place of a number stay as they are */
    { "پس از ثبت اعلام می‌شود", "پس از ثبت اعلام می‌شود" },
    { "\u202eدفتر", "دفتر" },
    { "—", "—" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *once = peygir_text_isolate_ltr (cases[i].value);
      g_autofree char *twice = peygir_text_isolate_ltr (once);

      g_assert_cmpstr (once, ==, cases[i].expected);
      /* isolating twice does not nest */
      g_assert_cmpstr (twice, ==, once);
    }

  g_assert_null (peygir_text_isolate_ltr (NULL));
}

/* Free text: the runs whose separators would go astray are isolated,
 * without the punctuation around them; the rest is left alone. */
static void
test_isolate_ltr_runs (void)
{
  static const struct
  {
    const char *text;
    const char *expected;
  } cases[] = {
    { "کد رهگیری ۳۳۲-۳۴۳-۴۹۷ است.", "کد رهگیری " LRI "۳۳۲-۳۴۳-۴۹۷" PDI " است." },
    /* a sentence's final period stays outside */
    { "با شماره 071-32345678.", "با شماره " LRI "071-32345678" PDI "." },
    { "مورخ ۱۴۰۵/۰۹/۰۳، ثبت شد", "مورخ " LRI "۱۴۰۵/۰۹/۰۳" PDI "، ثبت شد" },
    { "نشانی ali.rezaei@example.com است", "نشانی " LRI "ali.rezaei@example.com" PDI " است" },
    { "(ali_r@example.ir)", "(" LRI "ali_r@example.ir" PDI ")" },
    /* a Latin name: joined across its spaces, isolated when it has a hyphen */
    { "آقای John Smith-Jones گفت", "آقای " LRI "John Smith-Jones" PDI " گفت" },
    { "سامانه ISO 9001-2015 است", "سامانه " LRI "ISO 9001-2015" PDI " است" },
    { "تلفن +98 21", "تلفن " LRI "+98" PDI " 21" },
    /* read right by the bidi algorithm alone: nothing added */
    { "آقای John Smith گفت", "آقای John Smith گفت" },
    { "ظرف ۱۵ روز", "ظرف ۱۵ روز" },
    { "بندهای ۱، ۲ و ۳", "بندهای ۱، ۲ و ۳" },
    { "۵۰٪ و 12%", "۵۰٪ و 12%" },
    { "- ۱۲ مورد", "- ۱۲ مورد" },
    /* free text cannot know 1405/ص/203 for one number: its parts are bare */
    { "پیرو نامه ۱۴۰۵/ص/۲۰۳", "پیرو نامه ۱۴۰۵/ص/۲۰۳" },
    /* never across a line */
    { "کد 1-2\n3-4 است", "کد " LRI "1-2" PDI "\n" LRI "3-4" PDI " است" },
    /* the user's controls go; an isolate made before is kept as it is */
    { "\u202eabc\u202c و ۱-۲", "abc و " LRI "۱-۲" PDI },
    { "نامه " LRI "1405/ص" LRM "/203" PDI " و 021-1234", "نامه " LRI "1405/ص" LRM "/203" PDI " و " LRI "021-1234" PDI },
    { "نامه " LRI "1405/ص/203" PDI, "نامه " LRI "1405/ص" LRM "/203" PDI },
    { LRI "abc", "abc" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *once = peygir_text_isolate_ltr_runs (cases[i].text);
      g_autofree char *twice = peygir_text_isolate_ltr_runs (once);

      g_assert_cmpstr (once, ==, cases[i].expected);
      g_assert_cmpstr (twice, ==, once);
    }

  g_assert_null (peygir_text_isolate_ltr_runs (NULL));
}

/* Text composed of isolated values keeps their isolates, and only them. */
static void
test_sanitize_isolated (void)
{
  g_autofree char *value = peygir_text_isolate_ltr ("1405/ص/203");
  g_autofree char *composed = g_strconcat (" \u202eشماره ", value, " و \u2067x\u2069\u200f\n", NULL);
  g_autofree char *kept = peygir_text_sanitize_isolated (composed, TRUE);
  g_autofree char *plain = peygir_text_sanitize (composed, TRUE);
  g_autofree char *open = peygir_text_sanitize_isolated ("الف " LRI "12-3 ب", FALSE);
  g_autofree char *nested = peygir_text_sanitize_isolated (LRI "1\u2067-2" PDI PDI, FALSE);

  g_assert_cmpstr (kept, ==, "شماره " LRI "1405/ص" LRM "/203" PDI " و x");
  g_assert_cmpstr (plain, ==, "شماره 1405/ص/203 و x");
  g_assert_cmpstr (open, ==, "الف 12-3 ب");
  g_assert_cmpstr (nested, ==, "1-2");
}

static void
test_validate (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (peygir_text_validate ("موضوع درخواست", "Subject", 20, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (peygir_text_validate ("خط اول\nخط\tدوم", "Description", 0, TRUE, &error));
  g_assert_no_error (error);
  /* Characters, not bytes: 13 Persian letters are 26 bytes. */
  g_assert_true (peygir_text_validate ("ابپتثجچحخدذرز", "Name", 13, FALSE, &error));
  g_assert_no_error (error);

  g_assert_false (peygir_text_validate ("ابپتثجچحخدذرزس", "Name", 13, FALSE, &error));
  g_assert_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_TOO_LONG);
  g_assert_nonnull (strstr (error->message, "Name"));
  g_clear_error (&error);

  g_assert_false (peygir_text_validate ("یک\nدو", "Subject", 0, FALSE, &error));
  g_assert_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (peygir_text_validate ("bell\a", "Description", 0, TRUE, &error));
  g_assert_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (peygir_text_validate ("bad \xff utf-8", "Subject", 0, FALSE, &error));
  g_assert_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Subject"));
  g_clear_error (&error);
}

static void
test_national_id (void)
{
  /* Check digits computed by hand: r >= 2, r == 1 and r == 0. */
  static const char * const valid[] = {
    "0499370899", "0013542419", "1234567891", "2233445562",
    "1000000011", "1000000060", "2000000010",
    "۰۴۹۹۳۷۰۸۹۹", "٠٤٩٩٣٧٠٨٩٩", "049-937089-9", " 0499370899 ",
    "\u200f۰۰۱۳۵۴۲۴۱۹",
  };
  static const char * const invalid[] = {
    "0499370898", "0499370890", "1234567890", "1000000010", "1000000061",
    "0000000000", "1111111111", "۵۵۵۵۵۵۵۵۵۵",
    "499370899", "04993708991", "", "04993708a9", "0499370899x",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (valid); i++)
    g_assert_true (peygir_national_id_is_valid (valid[i]));
  for (gsize i = 0; i < G_N_ELEMENTS (invalid); i++)
    g_assert_false (peygir_national_id_is_valid (invalid[i]));
  g_assert_false (peygir_national_id_is_valid (NULL));

  /* Every other check digit of a valid ID is wrong. */
  for (char c = '0'; c <= '9'; c++)
    {
      char id[] = "0499370899";

      id[9] = c;
      g_assert_cmpint (peygir_national_id_is_valid (id), ==, c == '9');
    }
}

static void
test_company_id (void)
{
  static const char * const valid[] = {
    "10100389257", "14101427982", "10861553013", "12345678906",
    "۱۰۱۰۰۳۸۹۲۵۷", "١٠١٠٠٣٨٩٢٥٧",
  };
  static const char * const invalid[] = {
    "10100389258", "12345678900", "1010038925", "101003892570", "", "1010038925x",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (valid); i++)
    g_assert_true (peygir_company_id_is_valid (valid[i]));
  for (gsize i = 0; i < G_N_ELEMENTS (invalid); i++)
    g_assert_false (peygir_company_id_is_valid (invalid[i]));

  for (char c = '0'; c <= '9'; c++)
    {
      char id[] = "14101427982";

      id[10] = c;
      g_assert_cmpint (peygir_company_id_is_valid (id), ==, c == '2');
    }

  /* A person's ID is not a company's and the other way round. */
  g_assert_false (peygir_company_id_is_valid ("0499370899"));
  g_assert_false (peygir_national_id_is_valid ("10100389257"));
}

static void
test_mobile (void)
{
  static const char * const forms[] = {
    "09121234567", "9121234567", "+989121234567", "00989121234567", "989121234567",
    "0912 123 4567", "0912-123-4567", "+98 912 123 4567", "+98 (0)912 123 4567",
    "۰۹۱۲۱۲۳۴۵۶۷", "٠٩١٢١٢٣٤٥٦٧", "\u200e+۹۸۹۱۲۱۲۳۴۵۶۷",
  };
  static const char * const invalid[] = {
    "", "0912123456", "091212345678", "08121234567", "02112345678", "+4915112345678",
    "0912abc4567", "+0989121234567", "981234567", "98 912 123 456",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *mobile = peygir_mobile_normalize (forms[i], &error);

      g_assert_no_error (error);
      g_assert_cmpstr (mobile, ==, "09121234567");
    }

  for (gsize i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *mobile = peygir_mobile_normalize (invalid[i], &error);

      g_assert_null (mobile);
      g_assert_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_MOBILE);
    }

  /* Every operator prefix 090 … 099. */
  for (char c = '0'; c <= '9'; c++)
    {
      g_autoptr(GError) error = NULL;
      char number[] = "09X1234567_";
      g_autofree char *mobile = NULL;

      number[2] = c;
      number[10] = '8';
      mobile = peygir_mobile_normalize (number, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (mobile, ==, number);
    }
}

static void
test_postal_code (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *plain = peygir_postal_code_normalize ("1234567890", &error);
  g_autofree char *dashed = peygir_postal_code_normalize ("۱۲۳۴۵-۶۷۸۹۰", &error);
  g_autofree char *short_code = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (plain, ==, "1234567890");
  g_assert_cmpstr (dashed, ==, "1234567890");

  short_code = peygir_postal_code_normalize ("123456789", &error);
  g_assert_null (short_code);
  g_assert_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_POSTAL_CODE);
}

static void
test_mime_type (void)
{
  const char *refused[] = { "", "pdf", "text/", "/plain", "text/plain/x", "text/pl ain", "text/plain\t",
                            "text/plain; charset=utf-8", "-text/plain", "text/\x1b[31m", "متن/ساده", NULL };
  const char *accepted[][2] = {
    { "Application/PDF", "application/pdf" },
    { "image/svg+xml", "image/svg+xml" },
    { "application/vnd.ms-excel", "application/vnd.ms-excel" },
  };

  for (guint i = 0; refused[i] != NULL; i++)
    g_assert_null (peygir_mime_type_normalize (refused[i]));
  g_assert_null (peygir_mime_type_normalize (NULL));
  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autofree char *normal = peygir_mime_type_normalize (accepted[i][0]);

      g_assert_cmpstr (normal, ==, accepted[i][1]);
    }
}

static void
test_email (void)
{
  static const char * const valid[] = {
    "ali@example.ir", "a.b+c@mail.ostandari.gov.ir", "x_y@sub-domain.example.com",
  };
  static const char * const invalid[] = {
    "", "ali", "ali@", "@example.ir", "ali@example", "ali@@example.ir", "ali@exa mple.ir",
    "ali @example.ir", "ali@.example.ir", "ali@example..ir", "ali@-example.ir",
    "ali.@example.ir", ".ali@example.ir", "a..li@example.ir", "ali@example.ir.",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (valid); i++)
    g_assert_true (peygir_email_is_valid (valid[i]));
  for (gsize i = 0; i < G_N_ELEMENTS (invalid); i++)
    g_assert_false (peygir_email_is_valid (invalid[i]));
}

static void
test_tracking_code_generate (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (1405);
  g_autoptr(GRand) again = g_rand_new_with_seed (1405);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint first_digits[10] = { 0 };

  for (int i = 0; i < 20000; i++)
    {
      char *code = peygir_tracking_code_generate (rand);
      g_autofree char *same = peygir_tracking_code_generate (again);

      g_assert_cmpuint (strlen (code), ==, 9);
      g_assert_cmpuint (strspn (code, "0123456789"), ==, 9);
      g_assert_cmpint (code[0], !=, '0');
      g_assert_true (peygir_tracking_code_is_valid (code));
      g_assert_cmpstr (code, ==, same);
      first_digits[code[0] - '0']++;
      g_hash_table_add (seen, code);
    }

  /* Random: nearly no repeats among 20000 of 90 million, every leading digit. */
  g_assert_cmpuint (g_hash_table_size (seen), >, 19990);
  for (int d = 1; d <= 9; d++)
    g_assert_cmpuint (first_digits[d], >, 1000);

  /* Without a GRand too. */
  {
    g_autofree char *code = peygir_tracking_code_generate (NULL);

    g_assert_true (peygir_tracking_code_is_valid (code));
  }
}

static void
test_tracking_code_errors (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);

  for (int i = 0; i < 2000; i++)
    {
      g_autofree char *code = peygir_tracking_code_generate (rand);

      /* Any single wrong digit, the check digit included. */
      for (int pos = 0; pos < 9; pos++)
        {
          for (char c = '0'; c <= '9'; c++)
            {
              char changed[10];

              if (c == code[pos])
                continue;
              memcpy (changed, code, sizeof changed);
              changed[pos] = c;
              g_assert_false (peygir_tracking_code_is_valid (changed));
            }
        }

      /* Any swap of two adjacent different digits, 0 ↔ 9 included. */
      for (int pos = 0; pos < 8; pos++)
        {
          char swapped[10];

          if (code[pos] == code[pos + 1])
            continue;
          memcpy (swapped, code, sizeof swapped);
          swapped[pos] = code[pos + 1];
          swapped[pos + 1] = code[pos];
          g_assert_false (peygir_tracking_code_is_valid (swapped));
        }
    }

  /* The 09 ↔ 90 swap that Luhn would miss, checked on purpose. */
  for (int a = 0; a < 10; a++)
    {
      for (int b = 0; b < 10; b++)
        {
          for (int pos = 1; pos < 7; pos++)
            {
              char payload[] = "12345678";
              char code[10], swapped[10];
              gboolean found = FALSE;

              payload[pos] = '0' + a;
              payload[pos + 1] = '0' + b;
              /* Find the check digit by trying all ten. */
              for (char c = '0'; c <= '9'; c++)
                {
                  memcpy (code, payload, 8);
                  code[8] = c;
                  code[9] = '\0';
                  if (peygir_tracking_code_is_valid (code))
                    {
                      g_assert_false (found);
                      found = TRUE;
                      memcpy (swapped, code, sizeof swapped);
                    }
                }
              g_assert_true (found);
              if (a == b)
                continue;
              swapped[pos] = '0' + b;
              swapped[pos + 1] = '0' + a;
              g_assert_false (peygir_tracking_code_is_valid (swapped));
            }
        }
    }
}

static void
test_tracking_code_forms (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autofree char *code = peygir_tracking_code_generate (rand);
  g_autofree char *formatted = peygir_tracking_code_format (code);
  g_autofree char *fixed = peygir_tracking_code_format ("123456789");

  g_assert_cmpstr (fixed, ==, "۱۲۳-۴۵۶-۷۸۹");
  /* What is printed and read out is accepted back. */
  g_assert_true (peygir_tracking_code_is_valid (formatted));
  {
    g_autofree char *ascii = peygir_text_digits_to_ascii (formatted);
    g_autofree char *spaced = g_strdup_printf ("%.3s %.3s %.3s", code, code + 3, code + 6);

    g_assert_true (peygir_tracking_code_is_valid (ascii));
    g_assert_true (peygir_tracking_code_is_valid (spaced));
  }

  g_assert_false (peygir_tracking_code_is_valid (""));
  g_assert_false (peygir_tracking_code_is_valid (NULL));
  g_assert_false (peygir_tracking_code_is_valid ("12345678"));
  g_assert_false (peygir_tracking_code_is_valid ("1234567890"));
  g_assert_false (peygir_tracking_code_is_valid ("12345678x"));
}

/* Full-text search, checked against a real FTS5 table like the store's. */

typedef struct
{
  sqlite3 *db;
} SearchFixture;

static void
search_fixture_set_up (SearchFixture *fixture,
                       gconstpointer  data)
{
  g_assert_cmpint (sqlite3_open (":memory:", &fixture->db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (fixture->db,
                                 "CREATE VIRTUAL TABLE docs USING fts5 (body, extra, "
                                 "tokenize = 'unicode61 remove_diacritics 2')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
}

static void
search_fixture_tear_down (SearchFixture *fixture,
                          gconstpointer  data)
{
  sqlite3_close (fixture->db);
}

static void
add_document (SearchFixture *fixture,
              gint64         id,
              const char    *text)
{
  g_autofree char *body = NULL;
  g_autofree char *extra = NULL;
  sqlite3_stmt *stmt = NULL;

  peygir_text_index_forms (text, &body, &extra);
  g_assert_cmpint (sqlite3_prepare_v2 (fixture->db,
                                       "INSERT INTO docs (rowid, body, extra) VALUES (?, ?, ?)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, body, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, extra, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
}

/* The matching ids, "1,3", or "" for none. */
static char *
search (SearchFixture *fixture,
        const char    *query)
{
  g_autofree char *expression = peygir_text_match_expression (query);
  g_autoptr(GString) ids = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (expression == NULL)
    return g_strdup ("");

  g_assert_cmpint (sqlite3_prepare_v2 (fixture->db,
                                       "SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY rowid",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, expression, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, ids->len > 0 ? "," : "",
                            (gint64) sqlite3_column_int64 (stmt, 0));
  if (rc != SQLITE_DONE)
    g_error ("MATCH '%s' (from '%s') failed: %s", expression, query, sqlite3_errmsg (fixture->db));
  sqlite3_finalize (stmt);

  return g_string_free (g_steal_pointer (&ids), FALSE);
}

#define assert_search(fixture, query, expected) \
  G_STMT_START { \
    g_autofree char *found_ = search ((fixture), (query)); \
    if (g_strcmp0 (found_, (expected)) != 0) \
      g_error ("search '%s' found '%s', expected '%s'", (query), found_, (expected)); \
  } G_STMT_END

static void
test_search_zwnj (SearchFixture *fixture,
                  gconstpointer  data)
{
  static const char * const forms[] = { "می\u200cشود", "می شود", "میشود" };

  add_document (fixture, 1, "گفته شد که پرونده بررسی می\u200cشود.");
  add_document (fixture, 2, "گفته شد که پرونده بررسی می شود.");
  add_document (fixture, 3, "گفته شد که پرونده بررسی میشود.");
  add_document (fixture, 4, "پرونده به اداره رفت و بررسی نشد.");

  for (gsize i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      assert_search (fixture, forms[i], "1,2,3");
      /* Not only as the last, prefix word. */
      {
        g_autofree char *query = g_strconcat (forms[i], " پرونده", NULL);

        assert_search (fixture, query, "1,2,3");
      }
    }

  assert_search (fixture, "بررسی", "1,2,3,4");
  assert_search (fixture, "بررسی نشد", "4");
}

static void
test_search_affixes (SearchFixture *fixture,
                     gconstpointer  data)
{
  add_document (fixture, 1, "نامه\u200cها ارسال شد");
  add_document (fixture, 2, "نامه ها ارسال شد");
  add_document (fixture, 3, "نامهها ارسال شد");
  add_document (fixture, 4, "پاسخ نمی دهند");
  add_document (fixture, 5, "پاسخ نمی\u200cدهند");
  add_document (fixture, 6, "پاسخ نمیدهند");
  add_document (fixture, 7, "این راه بهتر است");
  add_document (fixture, 8, "این راه به تر است");

  assert_search (fixture, "نامه\u200cها ارسال", "1,2,3");
  assert_search (fixture, "نامه ها ارسال", "1,2,3");
  assert_search (fixture, "نامهها ارسال", "1,2,3");
  assert_search (fixture, "نمیدهند", "4,5,6");
  assert_search (fixture, "نمی دهند", "4,5,6");
  assert_search (fixture, "نمی‌دهند", "4,5,6");
  assert_search (fixture, "بهتر است", "7,8");
  assert_search (fixture, "به تر است", "7,8");
  /* The stem alone, not at the end of the query (so not as a prefix). */
  assert_search (fixture, "نامه ارسال", "1,2,3");
  assert_search (fixture, "پاسخ دهند", "4,5");
  assert_search (fixture, "پاسخ ندادند", "");
}

static void
test_search_arabic_letters (SearchFixture *fixture,
                            gconstpointer  data)
{
  add_document (fixture, 1, "كتاب يك دانش آموز");       /* Arabic kaf and yeh */
  add_document (fixture, 2, "کتاب یک دانش آموز");       /* Persian */
  add_document (fixture, 3, "مدرسة الإمام");
  add_document (fixture, 4, "مُدَرِّسِ ریاضی");

  assert_search (fixture, "کتاب یک", "1,2");
  assert_search (fixture, "كتاب يك", "1,2");
  assert_search (fixture, "یك", "1,2");
  assert_search (fixture, "مدرسه الامام", "3");
  assert_search (fixture, "مدرس", "3,4");
  assert_search (fixture, "مُدَرِّس ریاضی", "4");
  assert_search (fixture, "اموز", "1,2");
}

static void
test_search_digits (SearchFixture *fixture,
                    gconstpointer  data)
{
  add_document (fixture, 1, "نامه شماره 1405 درباره قبض");
  add_document (fixture, 2, "نامه شماره ۱۴۰۵ درباره قبض");
  add_document (fixture, 3, "نامه شماره ١٤٠٥ درباره قبض");
  add_document (fixture, 4, "نامه شماره 1406 درباره قبض");

  assert_search (fixture, "1405", "1,2,3");
  assert_search (fixture, "۱۴۰۵", "1,2,3");
  assert_search (fixture, "١٤٠٥", "1,2,3");
  assert_search (fixture, "شماره ۱۴۰۶ درباره", "4");
}

static void
test_search_prefix (SearchFixture *fixture,
                    gconstpointer  data)
{
  add_document (fixture, 1, "اداره کل راه و شهرسازی استان تهران");
  add_document (fixture, 2, "شهرداری تبریز");

  assert_search (fixture, "تهر", "1");
  assert_search (fixture, "شهر", "1,2");
  assert_search (fixture, "استان ته", "1");
  /* Only the last word is a prefix; every word must match. */
  assert_search (fixture, "است تهران", "");
  assert_search (fixture, "شهرداری تهران", "");
}

static void
test_search_hostile (SearchFixture *fixture,
                     gconstpointer  data)
{
  static const char * const queries[] = {
    "\"", "\"\"", "'", "*", "**", "(", ")", "()", "(تهران", "تهران)", "\"تهران",
    "NEAR", "NEAR(تهران", "AND", "OR", "NOT", "تهران AND", "AND تهران", "OR OR",
    "-", "-تهران", "تهران -", "^تهران", "body:تهران", "{body}:x", ":", "+", "tehran*",
    "a\"b\"c", "\\", "%", "_", "'; DROP TABLE docs; --", "\u200c", "ـــ", "ً",
    "\xff\xfe", "تهران \"NEAR\" (AND) * - ^",
  };

  add_document (fixture, 1, "استان تهران NEAR and or");
  add_document (fixture, 2, "دیگر");

  for (gsize i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autofree char *found = search (fixture, queries[i]);

      g_assert_nonnull (found);
    }

  /* Operators are words like any other. */
  assert_search (fixture, "NEAR", "1");
  assert_search (fixture, "and", "1");
  assert_search (fixture, "(تهران", "1");
  assert_search (fixture, "\"تهران\"", "1");
  assert_search (fixture, "تهران \"NEAR\" (AND) * - ^", "1");

  {
    g_autofree char *none = peygir_text_match_expression ("  ؟! \u200c «»  ");

    g_assert_null (none);
    g_assert_null (peygir_text_match_expression (""));
  }
}

static void
test_search_long_query (SearchFixture *fixture,
                        gconstpointer  data)
{
  g_autoptr(GString) query = g_string_new (NULL);

  add_document (fixture, 1, "کلمه");
  for (int i = 0; i < 500; i++)
    g_string_append (query, "کلمه ");

  assert_search (fixture, query->str, "1");
}

static void
test_index_forms (void)
{
  g_autofree char *body = NULL;
  g_autofree char *extra = NULL;

  peygir_text_index_forms ("كتاب‌هاي مدرسه را مي بينم؛ ۱۲ عدد", &body, &extra);
  g_assert_cmpstr (body, ==, "کتابهای مدرسه را می بینم 12 عدد");
  /* The parts of the ZWNJ word, and می joined to its verb. */
  g_assert_nonnull (strstr (extra, "کتاب های"));
  g_assert_nonnull (strstr (extra, "میبینم"));
  g_assert_null (strstr (extra, "مدرسهرا"));
  /* The body is exactly the normalised text: the store may rely on it. */
  {
    g_autofree char *normalized = peygir_text_normalize ("كتاب‌هاي مدرسه را مي بينم؛ ۱۲ عدد");

    g_assert_cmpstr (body, ==, normalized);
  }

  g_clear_pointer (&body, g_free);
  g_clear_pointer (&extra, g_free);
  peygir_text_index_forms ("", &body, &extra);
  g_assert_cmpstr (body, ==, "");
  g_assert_cmpstr (extra, ==, "");

  g_clear_pointer (&body, g_free);
  g_clear_pointer (&extra, g_free);
  peygir_text_index_forms (NULL, &body, &extra);
  g_assert_cmpstr (body, ==, "");
  g_assert_cmpstr (extra, ==, "");

  g_clear_pointer (&body, g_free);
  g_clear_pointer (&extra, g_free);
  peygir_text_index_forms ("\u200c \u200cآب\u200c", &body, &extra);
  g_assert_cmpstr (body, ==, "اب");
}

#define ADD_SEARCH_TEST(path, func) \
  g_test_add (path, SearchFixture, NULL, search_fixture_set_up, func, search_fixture_tear_down)

/* The same search written for a PostgreSQL server: every word, or it joined
 * with a neighbour, the last as a prefix; the query text always quoted. */
static void
test_match_tsquery (void)
{
  g_autofree char *one = peygir_text_match_tsquery ("تهران");
  g_autofree char *two = peygir_text_match_tsquery ("كتاب  خانه");
  g_autofree char *operators = peygir_text_match_tsquery ("a & b | !c:*");

  g_assert_cmpstr (one, ==, "'تهران':*");
  /* the Arabic kaf folds to the Persian one, as in the index */
  g_assert_cmpstr (two, ==, "('کتاب' | 'کتابخانه':*) & ('خانه':* | 'کتابخانه':*)");
  g_assert_cmpstr (operators, ==, "('a' | 'ab') & ('b' | 'ab' | 'bc':*) & ('c':* | 'bc':*)");
  g_assert_null (peygir_text_match_tsquery ("  ؟! \u200c «»  "));
  g_assert_null (peygir_text_match_tsquery (NULL));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/text/normalize", test_normalize);
  g_test_add_func ("/core/text/normalize/idempotent", test_normalize_idempotent);
  g_test_add_func ("/core/text/normalize/invalid-utf8", test_normalize_invalid_utf8);
  g_test_add_func ("/core/text/digits", test_digits);
  g_test_add_func ("/core/text/digits-only", test_digits_only);
  g_test_add_func ("/core/text/sanitize", test_sanitize);
  g_test_add_func ("/core/text/isolate-ltr", test_isolate_ltr);
  g_test_add_func ("/core/text/isolate-ltr-runs", test_isolate_ltr_runs);
  g_test_add_func ("/core/text/sanitize-isolated", test_sanitize_isolated);
  g_test_add_func ("/core/text/validate", test_validate);
  g_test_add_func ("/core/text/national-id", test_national_id);
  g_test_add_func ("/core/text/company-id", test_company_id);
  g_test_add_func ("/core/text/mobile", test_mobile);
  g_test_add_func ("/core/text/postal-code", test_postal_code);
  g_test_add_func ("/core/text/email", test_email);
  g_test_add_func ("/core/text/mime-type", test_mime_type);
  g_test_add_func ("/core/text/tracking-code/generate", test_tracking_code_generate);
  g_test_add_func ("/core/text/tracking-code/errors", test_tracking_code_errors);
  g_test_add_func ("/core/text/tracking-code/forms", test_tracking_code_forms);
  g_test_add_func ("/core/text/index-forms", test_index_forms);
  g_test_add_func ("/core/text/match-tsquery", test_match_tsquery);
  ADD_SEARCH_TEST ("/core/text/search/zwnj", test_search_zwnj);
  ADD_SEARCH_TEST ("/core/text/search/affixes", test_search_affixes);
  ADD_SEARCH_TEST ("/core/text/search/arabic-letters", test_search_arabic_letters);
  ADD_SEARCH_TEST ("/core/text/search/digits", test_search_digits);
  ADD_SEARCH_TEST ("/core/text/search/prefix", test_search_prefix);
  ADD_SEARCH_TEST ("/core/text/search/hostile", test_search_hostile);
  ADD_SEARCH_TEST ("/core/text/search/long-query", test_search_long_query);

  return g_test_run ();
}
