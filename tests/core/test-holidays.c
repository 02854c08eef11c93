/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <locale.h>
#include <string.h>

#include <gio/gio.h>

#include "peygir-core-resources.h"
#include "peygir-date.h"
#include "peygir-holidays.h"
#include "peygir-holidays-private.h"

typedef struct
{
  int         month;
  int         day;
  PeygirDay   gregorian;
  const char *name;
} Expected;

/* The lunar holidays of 1404 as the official calendar published them
 * (مرکز تقویم مؤسسه ژئوفیزیک دانشگاه تهران, shortly before the year): gardshgar.com's
 * list of the 26 holidays of 1404 (Farvardin to 2 Shahrivar, with their
 * weekdays), eghtesadonline.com's Dey 1404 page (13 and 27 Dey),
 * asrshanbe.ir's Bahman 1404 page (15 Bahman), and the whole year as
 * several office programs ship it. */
static const Expected lunar_1404[] = {
  { 1, 2, 20250322, "شهادت حضرت علی (ع)" },
  { 1, 11, 20250331, "عید سعید فطر" },
  { 1, 12, 20250401, "تعطیل به مناسبت عید سعید فطر" },
  { 2, 4, 20250424, "شهادت امام جعفر صادق (ع)" },
  { 3, 16, 20250606, "عید سعید قربان" },
  { 3, 24, 20250614, "عید سعید غدیر خم" },
  { 4, 14, 20250705, "تاسوعای حسینی" },
  { 4, 15, 20250706, "عاشورای حسینی" },
  { 5, 23, 20250814, "اربعین حسینی" },
  { 5, 31, 20250822, "رحلت حضرت رسول اکرم (ص) و شهادت امام حسن مجتبی (ع)" },
  { 6, 2, 20250824, "شهادت امام رضا (ع)" },
  { 6, 10, 20250901, "شهادت امام حسن عسکری (ع)" },
  { 6, 19, 20250910, "ولادت حضرت رسول اکرم (ص) و امام جعفر صادق (ع)" },
  { 9, 3, 20251124, "شهادت حضرت فاطمه زهرا (س)" },
  { 10, 13, 20260103, "ولادت امام علی (ع)" },
  { 10, 27, 20260117, "مبعث حضرت رسول اکرم (ص)" },
  { 11, 15, 20260204, "ولادت حضرت قائم (عج)، نیمه شعبان" },
  { 12, 20, 20260311, "شهادت حضرت علی (ع)" },
};

/* The lunar holidays of 1405 as the official calendar published them:
 * ILNA, 2025-10-30 («سال ۱۴۰۵ چند روز تعطیل رسمی دارد؟», Farvardin to Tir
 * with their weekdays: شنبه اول فروردین, چهارشنبه ششم خرداد, پنجشنبه
 * چهاردهم خرداد, چهارشنبه سوم تیر, …), eghtesadonline.com's Farvardin 1405
 * page, and the calendar's list of 26 holiday days as read from its PDF.
 * Eid al-Fitr falls twice in the year. */
static const Expected lunar_1405[] = {
  { 1, 1, 20260321, "عید سعید فطر" },
  { 1, 2, 20260322, "تعطیل به مناسبت عید سعید فطر" },
  { 1, 25, 20260414, "شهادت امام جعفر صادق (ع)" },
  { 3, 6, 20260527, "عید سعید قربان" },
  { 3, 14, 20260604, "عید سعید غدیر خم" },
  { 4, 3, 20260624, "تاسوعای حسینی" },
  { 4, 4, 20260625, "عاشورای حسینی" },
  { 5, 13, 20260804, "اربعین حسینی" },
  { 5, 21, 20260812, "رحلت حضرت رسول اکرم (ص) و شهادت امام حسن مجتبی (ع)" },
  { 5, 22, 20260813, "شهادت امام رضا (ع)" },
  { 5, 30, 20260821, "شهادت امام حسن عسکری (ع)" },
  { 6, 8, 20260830, "ولادت حضرت رسول اکرم (ص) و امام جعفر صادق (ع)" },
  { 8, 22, 20261113, "شهادت حضرت فاطمه زهرا (س)" },
  { 10, 2, 20261223, "ولادت امام علی (ع)" },
  { 10, 16, 20270106, "مبعث حضرت رسول اکرم (ص)" },
  { 11, 4, 20270124, "ولادت حضرت قائم (عج)، نیمه شعبان" },
  { 12, 9, 20270228, "شهادت حضرت علی (ع)" },
  { 12, 19, 20270310, "عید سعید فطر" },
  { 12, 20, 20270311, "تعطیل به مناسبت عید سعید فطر" },
};

static GPtrArray *
parse_shipped_file (void)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  bytes = g_resource_lookup_data (peygir_core_get_resource (), "/ir/gov/peygir/core/official-holidays.tsv",
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  g_assert_no_error (error);
  /* A malformed line warns, and warnings are fatal in tests. */
  return _peygir_official_holidays_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static guint
count_data_lines (void)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  guint n = 0;

  bytes = g_resource_lookup_data (peygir_core_get_resource (), "/ir/gov/peygir/core/official-holidays.tsv",
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_assert_nonnull (bytes);
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0' && lines[i][0] != '#')
      n++;

  return n;
}

static const PeygirHoliday *
find_day (GPtrArray *holidays,
          PeygirDay  day)
{
  for (guint i = 0; i < holidays->len; i++)
    {
      const PeygirHoliday *holiday = g_ptr_array_index (holidays, i);

      if (holiday->day == day)
        return holiday;
    }

  return NULL;
}

static void
assert_lunar (int             year,
              const Expected *expected,
              guint           n_expected)
{
  g_autoptr(GPtrArray) lunar = peygir_official_holidays (year, TRUE);

  g_assert_nonnull (lunar);
  for (guint i = 0; i < MIN (lunar->len, n_expected); i++)
    {
      const PeygirHoliday *got = g_ptr_array_index (lunar, i);

      if (got->day != expected[i].gregorian
          || got->persian_month != expected[i].month
          || got->persian_day != expected[i].day
          || g_strcmp0 (got->name, expected[i].name) != 0)
        g_error ("%d: lunar holiday %u is %d/%d (%d) «%s», expected %d/%d (%d) «%s»",
                 year, i, got->persian_month, got->persian_day, got->day, got->name,
                 expected[i].month, expected[i].day, expected[i].gregorian, expected[i].name);
      g_assert_cmpint (got->id, ==, 0);
    }
  g_assert_cmpuint (lunar->len, ==, n_expected);
}

/* Parsed once even when the first callers come at the same time. */
static gpointer
read_holidays_thread (gpointer data)
{
  g_autoptr(GPtrArray) holidays = peygir_official_holidays (1405, FALSE);

  return GUINT_TO_POINTER (holidays != NULL ? holidays->len : 0);
}

static void
test_threads (void)
{
  GThread *threads[4];
  guint first_len = 0;

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("holidays", read_holidays_thread, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      guint len = GPOINTER_TO_UINT (g_thread_join (threads[i]));

      g_assert_cmpuint (len, >, 0);
      if (i == 0)
        first_len = len;
      g_assert_cmpuint (len, ==, first_len);
    }
}

static void
test_years (void)
{
  int first = 0, last = 0;

  peygir_official_holiday_years (&first, &last);
  g_assert_cmpint (first, ==, 1404);
  g_assert_cmpint (last, ==, 1406);
  peygir_official_holiday_years (NULL, &last);
  g_assert_cmpint (last, ==, 1406);

  for (int year = first; year <= last; year++)
    {
      g_autoptr(GPtrArray) all = peygir_official_holidays (year, FALSE);

      g_assert_nonnull (all);
      g_assert_cmpuint (all->len, >=, 10);
    }

  g_assert_null (peygir_official_holidays (1403, FALSE));
  g_assert_null (peygir_official_holidays (1403, TRUE));
  g_assert_null (peygir_official_holidays (1407, FALSE));
  g_assert_null (peygir_official_holidays (0, TRUE));
}

static void
test_1405_solar (void)
{
  /* 1 Farvardin 1405 is Saturday 2026-03-21. */
  static const struct { int month, day; PeygirDay gregorian; } known[] = {
    { 1, 1, 20260321 }, { 1, 2, 20260322 }, { 1, 3, 20260323 }, { 1, 4, 20260324 },
    { 1, 12, 20260401 }, { 1, 13, 20260402 },
    { 3, 14, 20260604 }, { 3, 15, 20260605 },
    { 11, 22, 20270211 },
    { 12, 29, 20270320 },
  };
  g_autoptr(GPtrArray) all = peygir_official_holidays (1405, FALSE);

  g_assert_nonnull (all);
  g_assert_cmpint (peygir_day_weekday (20260321), ==, G_DATE_SATURDAY);
  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    {
      const PeygirHoliday *holiday = find_day (all, known[i].gregorian);

      if (holiday == NULL)
        g_error ("1405: no holiday on %d (%d/%d)", known[i].gregorian, known[i].month, known[i].day);
      g_assert_cmpint (holiday->persian_month, ==, known[i].month);
      g_assert_cmpint (holiday->persian_day, ==, known[i].day);
    }
}

static void
test_1405_lunar (void)
{
  assert_lunar (1405, lunar_1405, G_N_ELEMENTS (lunar_1405));
}

static void
test_1404_lunar (void)
{
  assert_lunar (1404, lunar_1404, G_N_ELEMENTS (lunar_1404));
}

static void
test_1406 (void)
{
  g_autoptr(GPtrArray) all = peygir_official_holidays (1406, FALSE);
  g_autoptr(GPtrArray) lunar = peygir_official_holidays (1406, TRUE);
  guint n_solar = 0;

  peygir_default_solar_holidays (&n_solar);
  g_assert_nonnull (all);
  g_assert_cmpuint (all->len, ==, n_solar);
  /* Its official calendar was not found published: the solar holidays
   * only, until someone adds the lunar ones as published. */
  g_assert_nonnull (lunar);
  g_assert_cmpuint (lunar->len, ==, 0);
  /* 1 Farvardin 1406 is 2027-03-21. */
  g_assert_cmpint (((PeygirHoliday *) g_ptr_array_index (all, 0))->day, ==, 20270321);
}

static void
test_every_line_parses (void)
{
  g_autoptr(GPtrArray) rows = parse_shipped_file ();
  guint n_returned = 0;
  int first = 0, last = 0;

  g_assert_cmpuint (rows->len, ==, count_data_lines ());

  peygir_official_holiday_years (&first, &last);
  for (int year = first; year <= last; year++)
    {
      g_autoptr(GPtrArray) all = peygir_official_holidays (year, FALSE);

      n_returned += all->len;
    }
  g_assert_cmpuint (n_returned, ==, rows->len);

  for (guint i = 0; i < rows->len; i++)
    {
      const PeygirOfficialHoliday *row = g_ptr_array_index (rows, i);
      PeygirPersianDate date = { 0 };

      /* The day really is that Persian date, within its year. */
      g_assert_true (peygir_day_to_persian (row->holiday.day, &date));
      g_assert_cmpint (date.year, ==, row->persian_year);
      g_assert_cmpint (date.month, ==, row->holiday.persian_month);
      g_assert_cmpint (date.day, ==, row->holiday.persian_day);
      /* Persian letters, not the Arabic yeh and kaf that look alike. */
      g_assert_null (strstr (row->holiday.name, "ي"));
      g_assert_null (strstr (row->holiday.name, "ك"));

      for (guint j = 0; j < i; j++)
        {
          const PeygirOfficialHoliday *other = g_ptr_array_index (rows, j);

          /* In the order of the year, each day and kind once. */
          g_assert_true (other->persian_year < row->persian_year
                         || (other->persian_year == row->persian_year
                             && other->holiday.day <= row->holiday.day));
          g_assert_false (other->holiday.day == row->holiday.day && other->lunar == row->lunar);
        }
    }
}

static void
test_solar_rows_are_the_default (void)
{
  g_autoptr(GPtrArray) rows = parse_shipped_file ();
  guint n_solar = 0;
  const PeygirSolarHoliday *solar = peygir_default_solar_holidays (&n_solar);
  int first = 0, last = 0;

  peygir_official_holiday_years (&first, &last);
  for (int year = first; year <= last; year++)
    {
      guint n = 0;

      for (guint i = 0; i < rows->len; i++)
        {
          const PeygirOfficialHoliday *row = g_ptr_array_index (rows, i);

          if (row->persian_year != year || row->lunar)
            continue;
          g_assert_cmpuint (n, <, n_solar);
          g_assert_cmpint (row->holiday.persian_month, ==, solar[n].month);
          g_assert_cmpint (row->holiday.persian_day, ==, solar[n].day);
          g_assert_cmpstr (row->holiday.name, ==, solar[n].name);
          n++;
        }
      g_assert_cmpuint (n, ==, n_solar);
    }
}

static void
test_lunar_only (void)
{
  g_autoptr(GPtrArray) rows = parse_shipped_file ();

  for (int year = 1404; year <= 1406; year++)
    {
      g_autoptr(GPtrArray) all = peygir_official_holidays (year, FALSE);
      g_autoptr(GPtrArray) lunar = peygir_official_holidays (year, TRUE);
      guint n_solar = 0, n_lunar = 0;

      for (guint i = 0; i < rows->len; i++)
        {
          const PeygirOfficialHoliday *row = g_ptr_array_index (rows, i);

          if (row->persian_year == year)
            {
              if (row->lunar)
                n_lunar++;
              else
                n_solar++;
            }
        }
      g_assert_cmpuint (lunar->len, ==, n_lunar);
      g_assert_cmpuint (all->len, ==, n_solar + n_lunar);

      /* None of the solar holidays: 1 Farvardin 1405 is both Nowruz and
       * Eid al-Fitr, and only the Eid comes back. */
      for (guint i = 0; i < lunar->len; i++)
        {
          const PeygirHoliday *holiday = g_ptr_array_index (lunar, i);
          guint n_default = 0;
          const PeygirSolarHoliday *solar = peygir_default_solar_holidays (&n_default);

          for (guint j = 0; j < n_default; j++)
            g_assert_cmpstr (holiday->name, !=, solar[j].name);
        }
    }
}

static void
test_malformed_skipped (void)
{
  static const char text[] =
    "# a comment\n"
    "\n"
    "1405\t1\t1\tsolar\tنوروز\n"
    "1405\t1\t1\tsolar\n"                   /* four fields */
    "1405\t13\t1\tlunar\tنام\n"             /* no 13th month */
    "1405\t12\t30\tlunar\tنام\n"            /* 1405 is not a leap year */
    "1405\t1\tx\tlunar\tنام\n"              /* not a number */
    "1405\t1\t2\tmoon\tنام\n"               /* neither solar nor lunar */
    "1405\t1\t3\tlunar\t\n"                 /* no name */
    "1405\t1\t25\tlunar\tشهادت امام جعفر صادق (ع)\r\n";
  g_autoptr(GPtrArray) rows = NULL;
  const PeygirOfficialHoliday *row;

  for (guint line = 4; line <= 9; line++)
    {
      g_autofree char *pattern = g_strdup_printf ("*line %u skipped*", line);

      g_test_expect_message ("peygir-holidays", G_LOG_LEVEL_WARNING, pattern);
    }
  rows = _peygir_official_holidays_parse (text, strlen (text));
  g_test_assert_expected_messages ();

  g_assert_cmpuint (rows->len, ==, 2);
  row = g_ptr_array_index (rows, 0);
  g_assert_false (row->lunar);
  g_assert_cmpint (row->holiday.day, ==, 20260321);
  row = g_ptr_array_index (rows, 1);
  g_assert_true (row->lunar);
  g_assert_cmpint (row->persian_year, ==, 1405);
  g_assert_cmpint (row->holiday.day, ==, 20260414);
  g_assert_cmpstr (row->holiday.name, ==, "شهادت امام جعفر صادق (ع)");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  /* First: the threads race for the first parse. */
  g_test_add_func ("/core/holidays/threads", test_threads);
  g_test_add_func ("/core/holidays/years", test_years);
  g_test_add_func ("/core/holidays/1405/solar", test_1405_solar);
  g_test_add_func ("/core/holidays/1405/lunar", test_1405_lunar);
  g_test_add_func ("/core/holidays/1404/lunar", test_1404_lunar);
  g_test_add_func ("/core/holidays/1406", test_1406);
  g_test_add_func ("/core/holidays/every-line-parses", test_every_line_parses);
  g_test_add_func ("/core/holidays/solar-rows-are-the-default", test_solar_rows_are_the_default);
  g_test_add_func ("/core/holidays/lunar-only", test_lunar_only);
  g_test_add_func ("/core/holidays/malformed-skipped", test_malformed_skipped);

  return g_test_run ();
}
