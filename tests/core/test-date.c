/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <locale.h>
#include <string.h>

#include <unicode/udat.h>
#include <unicode/ustring.h>

#include "peygir-clock.h"
#include "peygir-date.h"
#include "peygir-error.h"
#include "peygir-text.h"

static void
assert_persian (PeygirDay day,
                int       year,
                int       month,
                int       mday)
{
  PeygirPersianDate date = { 0 };
  PeygirPersianDate wanted = { year, month, mday };
  g_autoptr(GError) error = NULL;
  PeygirDay back = 0;

  g_assert_true (peygir_day_to_persian (day, &date));
  if (date.year != year || date.month != month || date.day != mday)
    g_error ("%d is %d/%d/%d in the Persian calendar, expected %d/%d/%d",
             day, date.year, date.month, date.day, year, month, mday);

  g_assert_true (peygir_day_from_persian (&wanted, &back, &error));
  g_assert_no_error (error);
  g_assert_cmpint (back, ==, day);
}

static void
test_gregorian (void)
{
  PeygirDay day = 0;
  g_autofree char *iso = peygir_day_to_iso (20261124);

  g_assert_true (peygir_day_is_valid (20261124));
  g_assert_true (peygir_day_is_valid (20240229));
  g_assert_false (peygir_day_is_valid (20250229));
  g_assert_false (peygir_day_is_valid (21000229));
  g_assert_true (peygir_day_is_valid (20000229));
  g_assert_false (peygir_day_is_valid (20261131));
  g_assert_false (peygir_day_is_valid (20261300));
  g_assert_false (peygir_day_is_valid (0));

  g_assert_cmpint (peygir_day_add_days (20261124, 1), ==, 20261125);
  g_assert_cmpint (peygir_day_add_days (20261231, 1), ==, 20270101);
  g_assert_cmpint (peygir_day_add_days (20240228, 1), ==, 20240229);
  g_assert_cmpint (peygir_day_add_days (20250228, 1), ==, 20250301);
  g_assert_cmpint (peygir_day_add_days (20270101, -1), ==, 20261231);
  g_assert_cmpint (peygir_day_add_days (20261124, 365), ==, 20271124);
  g_assert_cmpint (peygir_day_add_days (19700101, -1), ==, 19691231);
  g_assert_cmpint (peygir_day_diff (20240101, 20250101), ==, 366);
  g_assert_cmpint (peygir_day_diff (20250101, 20240101), ==, -366);

  g_assert_cmpint (peygir_day_weekday (20261124), ==, G_DATE_TUESDAY);
  g_assert_cmpint (peygir_day_weekday (20260320), ==, G_DATE_FRIDAY);
  g_assert_cmpint (peygir_day_weekday (19700101), ==, G_DATE_THURSDAY);
  g_assert_cmpint (peygir_day_weekday (19691228), ==, G_DATE_SUNDAY);

  g_assert_cmpstr (iso, ==, "2026-11-24");
  g_assert_true (peygir_day_from_iso ("2026-11-24", &day));
  g_assert_cmpint (day, ==, 20261124);
  g_assert_true (peygir_day_from_iso ("۲۰۲۶-۰۳-۲۱", &day));
  g_assert_cmpint (day, ==, 20260321);
  g_assert_false (peygir_day_from_iso ("2026-02-30", &day));
  g_assert_false (peygir_day_from_iso ("2026-2-3", &day));
  g_assert_false (peygir_day_from_iso ("2026-11-24T00:00", &day));
  g_assert_false (peygir_day_from_iso ("", &day));
  g_assert_false (peygir_day_from_iso (NULL, &day));
}

/* Against GLib's own calendar, over a long stretch. */
static void
test_gregorian_against_gdate (void)
{
  g_autoptr(GDate) date = g_date_new_dmy (1, G_DATE_JANUARY, 1900);
  PeygirDay day = 19000101;

  for (int i = 0; i < 80000; i++)
    {
      PeygirDay expected = g_date_get_year (date) * 10000 + g_date_get_month (date) * 100
                         + g_date_get_day (date);

      g_assert_cmpint (day, ==, expected);
      g_assert_cmpint (peygir_day_weekday (day), ==, g_date_get_weekday (date));
      g_assert_true (peygir_day_is_valid (day));
      day = peygir_day_add_days (day, 1);
      g_date_add_days (date, 1);
    }
}

static void
test_nowruz (void)
{
  assert_persian (20240320, 1403, 1, 1);
  assert_persian (20250321, 1404, 1, 1);
  assert_persian (20260321, 1405, 1, 1);

  /* The last days of the years before: 1403 is leap, the others not. */
  assert_persian (20240319, 1402, 12, 29);
  assert_persian (20250320, 1403, 12, 30);
  assert_persian (20260320, 1404, 12, 29);

  assert_persian (20261124, 1405, 9, 3);
  assert_persian (20250922, 1404, 6, 31);
  assert_persian (20250923, 1404, 7, 1);
}

static void
test_leap_year (void)
{
  PeygirPersianDate esfand_30_1402 = { 1402, 12, 30 };
  PeygirPersianDate esfand_30_1404 = { 1404, 12, 30 };
  PeygirPersianDate bad[] = {
    { 1405, 7, 31 }, { 1405, 13, 1 }, { 1405, 0, 1 }, { 1405, 1, 0 }, { 1405, 1, 32 },
  };
  PeygirDay day = 12345678;
  g_autoptr(GError) error = NULL;

  g_assert_false (peygir_day_from_persian (&esfand_30_1402, &day, &error));
  g_assert_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_DATE);
  g_assert_cmpint (day, ==, 12345678);
  g_clear_error (&error);

  g_assert_false (peygir_day_from_persian (&esfand_30_1404, &day, &error));
  g_assert_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_DATE);
  g_clear_error (&error);

  g_assert_false (peygir_day_parse ("1402/12/30", &day, &error));
  g_assert_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_DATE);
  g_clear_error (&error);

  g_assert_true (peygir_day_parse ("1403/12/30", &day, &error));
  g_assert_no_error (error);
  g_assert_cmpint (day, ==, 20250320);

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (peygir_day_from_persian (&bad[i], &day, &error));
      g_assert_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_DATE);
      g_clear_error (&error);
    }
}

static void
assert_months_period (int       year,
                      int       first_month,
                      int       n_months,
                      PeygirDay from,
                      PeygirDay to)
{
  PeygirDay got_from = 0, got_to = 0;
  g_autoptr(GError) error = NULL;

  g_assert_true (peygir_persian_months_period (year, first_month, n_months, &got_from, &got_to, &error));
  g_assert_no_error (error);
  g_assert_cmpint (got_from, ==, from);
  g_assert_cmpint (got_to, ==, to);
}

static void
test_months_period (void)
{
  PeygirDay from = 1, to = 2;
  g_autoptr(GError) error = NULL;

  /* Farvardin has 31 days, Mehr 30. */
  assert_months_period (1405, 1, 1, 20260321, 20260420);
  assert_months_period (1405, 7, 1, 20260923, 20261022);
  /* Summer: Tir, Mordad, Shahrivar. */
  assert_months_period (1405, 4, 3, 20260622, 20260922);
  /* A leap year ends on 30 Esfand, a common one on 29. */
  assert_months_period (1403, 1, 12, 20240320, 20250320);
  assert_months_period (1404, 1, 12, 20250321, 20260320);
  assert_months_period (1403, 12, 1, 20250219, 20250320);

  g_assert_false (peygir_persian_months_period (1405, 11, 3, &from, &to, &error));
  g_assert_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_DATE);
  g_clear_error (&error);
  g_assert_false (peygir_persian_months_period (1405, 0, 1, &from, &to, &error));
  g_assert_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_DATE);
  g_assert_cmpint (from, ==, 1);
  g_assert_cmpint (to, ==, 2);
}

static void
test_parse (void)
{
  static const char * const forms[] = {
    "۱۴۰۵/۰۹/۰۳", "1405-9-3", "١٤٠٥/٩/٣", "1405/9/3", "1405/09/03", "1405-09-03",
    "1405.09.03", "05/9/3", "۰۵/۹/۳", " ۱۴۰۵ / ۹ / ۳ ", "\u200f۱۴۰۵/۰۹/۰۳\u200f", "14050903",
    "3/9/1405",
  };
  static const char * const wrong[] = {
    "", "   ", "abc", "1405", "1405/9", "1405/9/3/1", "14055/9/3", "1405//3", "1405/9/",
    "1405/13/1", "1405/9/31", "1405/0/1", "1405/9/0", "405/9/3", "1405/9/3 x", "1405/009/3",
    "1405\\9\\3", "-1405/9/3",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autoptr(GError) error = NULL;
      PeygirDay day = 0;

      if (!peygir_day_parse (forms[i], &day, &error))
        g_error ("“%s” was not read: %s", forms[i], error->message);
      g_assert_cmpint (day, ==, 20261124);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (wrong); i++)
    {
      g_autoptr(GError) error = NULL;
      PeygirDay day = 0;

      if (peygir_day_parse (wrong[i], &day, &error))
        g_error ("“%s” was read as %d", wrong[i], day);
      g_assert_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_DATE);
      g_assert_cmpint (day, ==, 0);
    }
}

static void
test_format (void)
{
  g_autofree char *numeric = peygir_day_format (20261124, PEYGIR_DATE_NUMERIC);
  g_autofree char *long_form = peygir_day_format (20261124, PEYGIR_DATE_LONG);
  g_autofree char *weekday = peygir_day_format (20261124, PEYGIR_DATE_WEEKDAY);
  g_autofree char *nowruz = peygir_day_format (20260321, PEYGIR_DATE_WEEKDAY);
  g_autofree char *friday = peygir_day_format (20260320, PEYGIR_DATE_WEEKDAY);
  /* 2026-11-24 10:55 UTC is 14:25 in Tehran. */
  g_autofree char *moment = peygir_time_format (1795517700);

  g_assert_cmpstr (numeric, ==, "۱۴۰۵/۰۹/۰۳");
  g_assert_cmpstr (long_form, ==, "۳ آذر ۱۴۰۵");
  g_assert_cmpstr (weekday, ==, "سه‌شنبه ۳ آذر ۱۴۰۵");
  g_assert_cmpstr (nowruz, ==, "شنبه ۱ فروردین ۱۴۰۵");
  g_assert_cmpstr (friday, ==, "جمعه ۲۹ اسفند ۱۴۰۴");
  g_assert_cmpstr (moment, ==, "۱۴۰۵/۰۹/۰۳ ۱۴:۲۵");

  g_assert_cmpstr (peygir_persian_month_name (1), ==, "فروردین");
  g_assert_cmpstr (peygir_persian_month_name (9), ==, "آذر");
  g_assert_cmpstr (peygir_persian_month_name (12), ==, "اسفند");

  /* No bidi marks in what goes into letters. */
  g_assert_null (strstr (weekday, "\u200e"));
  g_assert_null (strstr (weekday, "\u200f"));
  g_assert_null (strstr (moment, "\u061c"));
}

/* ICU's own Persian formatting, bidi marks removed: an independent witness. */
static char *
icu_format (UDateFormat *format,
            PeygirDay    day)
{
  UErrorCode status = U_ZERO_ERROR;
  UChar buffer[128];
  char utf8[512];
  int32_t len;
  /* Noon in Tehran, safely inside the day. */
  UDate millis = (peygir_day_to_unix (day) + 12 * 3600) * 1000.0;

  len = udat_format (format, millis, buffer, G_N_ELEMENTS (buffer), NULL, &status);
  g_assert_true (U_SUCCESS (status));
  u_strToUTF8 (utf8, sizeof utf8, NULL, buffer, len, &status);
  g_assert_true (U_SUCCESS (status));

  return peygir_text_sanitize (utf8, FALSE);
}

static UDateFormat *
icu_open_format (const char *pattern)
{
  UErrorCode status = U_ZERO_ERROR;
  UChar upattern[64];
  UChar zone[] = { 'A', 's', 'i', 'a', '/', 'T', 'e', 'h', 'r', 'a', 'n', 0 };
  UDateFormat *format;

  u_strFromUTF8 (upattern, G_N_ELEMENTS (upattern), NULL, pattern, -1, &status);
  format = udat_open (UDAT_PATTERN, UDAT_PATTERN, "fa_IR@calendar=persian", zone, -1,
                      upattern, -1, &status);
  g_assert_true (U_SUCCESS (status) || status == U_USING_FALLBACK_WARNING);

  return format;
}

static void
test_round_trip (void)
{
  UDateFormat *icu_numeric = icu_open_format ("yyyy/MM/dd");
  UDateFormat *icu_long = icu_open_format ("EEEE d MMMM y");
  PeygirPersianDate previous = { 0 };
  PeygirDay day = 20150101;

  for (int i = 0; i < 5000; i++, day = peygir_day_add_days (day, 1))
    {
      PeygirPersianDate date;
      g_autoptr(GError) error = NULL;
      g_autofree char *numeric = peygir_day_format (day, PEYGIR_DATE_NUMERIC);
      g_autofree char *weekday = peygir_day_format (day, PEYGIR_DATE_WEEKDAY);
      g_autofree char *icu_numeric_text = icu_format (icu_numeric, day);
      g_autofree char *icu_long_text = icu_format (icu_long, day);
      g_autofree char *weekday_normalized = peygir_text_normalize (weekday);
      g_autofree char *icu_long_normalized = peygir_text_normalize (icu_long_text);
      PeygirDay back = 0;

      g_assert_true (peygir_day_to_persian (day, &date));

      /* Consecutive: the next day of the month, or the first of the next. */
      if (i > 0)
        {
          if (date.day == 1)
            {
              g_assert_true (previous.day >= 29);
              if (date.month == 1)
                g_assert_true (previous.month == 12 && date.year == previous.year + 1);
              else
                g_assert_true (date.month == previous.month + 1 && date.year == previous.year);
              g_assert_cmpint (previous.day, ==,
                               previous.month <= 6 ? 31 : previous.month <= 11 ? 30 : previous.day);
            }
          else
            {
              g_assert_cmpint (date.year, ==, previous.year);
              g_assert_cmpint (date.month, ==, previous.month);
              g_assert_cmpint (date.day, ==, previous.day + 1);
            }
        }
      previous = date;

      g_assert_cmpstr (numeric, ==, icu_numeric_text);
      g_assert_cmpstr (weekday_normalized, ==, icu_long_normalized);

      g_assert_true (peygir_day_parse (numeric, &back, &error));
      g_assert_no_error (error);
      g_assert_cmpint (back, ==, day);
      g_assert_true (peygir_day_from_persian (&date, &back, &error));
      g_assert_cmpint (back, ==, day);
    }

  udat_close (icu_numeric);
  udat_close (icu_long);
}

static void
test_tehran (void)
{
  /* 2026-03-20 23:59:59 and the next midnight in Tehran (+03:30). */
  g_assert_cmpint (peygir_day_from_unix (1774038599), ==, 20260320);
  g_assert_cmpint (peygir_day_from_unix (1774038600), ==, 20260321);
  g_assert_cmpint (peygir_persian_year_of (1774038599), ==, 1404);
  g_assert_cmpint (peygir_persian_year_of (1774038600), ==, 1405);
  g_assert_cmpint (peygir_persian_year_of (1710880200), ==, 1403);
  g_assert_cmpint (peygir_persian_year_of (1710880199), ==, 1402);

  g_assert_cmpint (peygir_day_to_unix (20261124), ==, 1795465800);
  g_assert_cmpint (peygir_day_to_unix (20260321), ==, 1774038600);
  /* Summer time, before Iran gave it up in 2022: +04:30. */
  g_assert_cmpint (peygir_day_to_unix (20200601), ==, 1590953400);
  g_assert_cmpint (peygir_day_from_unix (1590953400), ==, 20200601);
  g_assert_cmpint (peygir_day_from_unix (1590953399), ==, 20200531);

  for (PeygirDay day = 20190101; day < 20280101; day = peygir_day_add_days (day, 1))
    g_assert_cmpint (peygir_day_from_unix (peygir_day_to_unix (day)), ==, day);
}

static void
test_today (void)
{
  peygir_clock_set_now (1795517700);
  g_assert_cmpint (peygir_day_today (), ==, 20261124);
  peygir_clock_set_now (1774038600);
  g_assert_cmpint (peygir_day_today (), ==, 20260321);
  peygir_clock_set_now (0);
}

/* The conversions keep one calendar per thread: threads must not disturb
 * one another. */
static gpointer
convert_in_thread (gpointer data)
{
  PeygirDay day = GPOINTER_TO_INT (data);

  for (int i = 0; i < 3000; i++, day = peygir_day_add_days (day, 1))
    {
      PeygirPersianDate date;
      PeygirDay back = 0;

      if (!peygir_day_to_persian (day, &date)
          || !peygir_day_from_persian (&date, &back, NULL)
          || back != day
          || peygir_day_from_unix (peygir_day_to_unix (day)) != day)
        return GINT_TO_POINTER (FALSE);
    }

  return GINT_TO_POINTER (TRUE);
}

static void
test_threads (void)
{
  GThread *threads[8];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("convert", convert_in_thread,
                               GINT_TO_POINTER (peygir_day_add_days (20100101, i * 400)));
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_true (GPOINTER_TO_INT (g_thread_join (threads[i])));
}

static PeygirCalendar *
default_calendar (void)
{
  PeygirCalendar *calendar = peygir_calendar_new ();
  const PeygirSolarHoliday *holidays;
  guint n = 0;

  holidays = peygir_default_solar_holidays (&n);
  for (guint i = 0; i < n; i++)
    peygir_calendar_add_solar_holiday (calendar, holidays[i].month, holidays[i].day);

  return calendar;
}

static void
test_default_holidays (void)
{
  static const struct { int month, day; } expected[] = {
    { 1, 1 }, { 1, 2 }, { 1, 3 }, { 1, 4 }, { 1, 12 }, { 1, 13 },
    { 3, 14 }, { 3, 15 }, { 11, 22 }, { 12, 29 },
  };
  const PeygirSolarHoliday *holidays;
  guint n = 0;

  holidays = peygir_default_solar_holidays (&n);
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpint (holidays[i].month, ==, expected[i].month);
      g_assert_cmpint (holidays[i].day, ==, expected[i].day);
      g_assert_nonnull (holidays[i].name);
      g_assert_true (g_utf8_validate (holidays[i].name, -1, NULL));
      g_assert_cmpuint (strlen (holidays[i].name), >, 0);
    }
}

static void
test_working_days_nowruz (void)
{
  g_autoptr(PeygirCalendar) calendar = default_calendar ();

  /* From Tuesday 26 Esfand 1404: 27, 28 Esfand; Friday 29 Esfand and
   * 1–4 Farvardin off; 5, 6; Friday 7; 8–11; 12, 13 and Friday 14 off;
   * 15–20; Friday 21; 22 Farvardin is the fifteenth working day. */
  g_assert_cmpint (peygir_calendar_add_working_days (calendar, 20260317, 15), ==, 20260411);
  g_assert_cmpint (peygir_calendar_working_days_between (calendar, 20260317, 20260411), ==, 15);
  g_assert_cmpint (peygir_calendar_working_days_between (calendar, 20260317, 20260410), ==, 14);

  g_assert_false (peygir_calendar_is_working_day (calendar, 20260321));   /* 1 Farvardin */
  g_assert_false (peygir_calendar_is_working_day (calendar, 20260324));   /* 4 Farvardin */
  g_assert_true (peygir_calendar_is_working_day (calendar, 20260325));    /* 5 Farvardin */
  g_assert_false (peygir_calendar_is_working_day (calendar, 20260401));   /* 12 Farvardin */
  g_assert_false (peygir_calendar_is_working_day (calendar, 20260402));   /* 13 Farvardin */
  g_assert_false (peygir_calendar_is_working_day (calendar, 20260604));   /* 14 Khordad */
  g_assert_false (peygir_calendar_is_working_day (calendar, 20260605));   /* 15 Khordad */
  g_assert_false (peygir_calendar_is_working_day (calendar, 20270211));   /* 22 Bahman 1405 */
  g_assert_true (peygir_calendar_is_working_day (calendar, 20261124));    /* an ordinary Tuesday */

  /* 29 Esfand of a leap year is a holiday, 30 Esfand is not. */
  g_assert_false (peygir_calendar_is_working_day (calendar, 20250319));
  g_assert_true (peygir_calendar_is_working_day (calendar, 20250320));

  /* Thursday is a working day, Friday never. */
  g_assert_true (peygir_calendar_is_working_day (calendar, 20261126));
  for (PeygirDay day = 20260102; day < 20280101; day = peygir_day_add_days (day, 7))
    {
      g_assert_cmpint (peygir_day_weekday (day), ==, G_DATE_FRIDAY);
      g_assert_false (peygir_calendar_is_working_day (calendar, day));
    }

  /* Backwards too: the fifteenth working day before 22 Farvardin. */
  g_assert_cmpint (peygir_calendar_add_working_days (calendar, 20260411, -15), ==, 20260317);
  g_assert_cmpint (peygir_calendar_add_working_days (calendar, 20260411, 0), ==, 20260411);

  /* An empty calendar skips Fridays only. */
  {
    g_autoptr(PeygirCalendar) fridays_only = peygir_calendar_new ();

    g_assert_cmpint (peygir_calendar_add_working_days (fridays_only, 20260317, 15), ==, 20260404);
  }
}

static void
test_working_days_dated (void)
{
  g_autoptr(PeygirCalendar) calendar = default_calendar ();

  /* A lunar holiday on Monday 17 Farvardin 1405 moves the deadline on. */
  peygir_calendar_add_holiday (calendar, 20260406);
  g_assert_false (peygir_calendar_is_working_day (calendar, 20260406));
  g_assert_cmpint (peygir_calendar_add_working_days (calendar, 20260317, 15), ==, 20260412);

  /* It holds for that one day only, not the same day next year. */
  g_assert_true (peygir_calendar_is_working_day (calendar, 20270406));
}

static void
test_working_days_inverse (void)
{
  g_autoptr(PeygirCalendar) calendar = default_calendar ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (1403);

  peygir_calendar_add_holiday (calendar, 20250331);
  peygir_calendar_add_holiday (calendar, 20260320);
  peygir_calendar_add_holiday (calendar, 20260321);

  for (int i = 0; i < 2000; i++)
    {
      PeygirDay from = peygir_day_add_days (20240101, g_rand_int_range (rand, 0, 1200));
      int n = g_rand_int_range (rand, 0, 60);
      PeygirDay to = peygir_calendar_add_working_days (calendar, from, n);

      g_assert_cmpint (peygir_calendar_working_days_between (calendar, from, to), ==, n);
      if (n > 0)
        {
          g_assert_true (peygir_calendar_is_working_day (calendar, to));
          g_assert_cmpint (to, >, from);
        }
      else
        {
          g_assert_cmpint (to, ==, from);
        }
    }

  g_assert_cmpint (peygir_calendar_working_days_between (calendar, 20261124, 20261124), ==, 0);
  g_assert_cmpint (peygir_calendar_working_days_between (calendar, 20261124, 20261101), ==, 0);
}

static void
test_calendar_ref (void)
{
  PeygirCalendar *calendar = peygir_calendar_new ();

  g_assert_true (peygir_calendar_ref (calendar) == calendar);
  peygir_calendar_add_holiday (calendar, 20261124);
  peygir_calendar_unref (calendar);
  g_assert_false (peygir_calendar_is_working_day (calendar, 20261124));
  peygir_calendar_unref (calendar);
}

static void
test_clock_set_now (void)
{
  gint64 real;

  peygir_clock_set_now (1773984600);
  g_assert_cmpint (peygir_clock_now (), ==, 1773984600);
  peygir_clock_set_now (0);

  real = g_get_real_time () / G_USEC_PER_SEC;
  g_assert_cmpint (ABS (peygir_clock_now () - real), <=, 2);
}

/* In a subprocess of its own: setenv() is unsafe once threads have run. */
static void
clock_env (void)
{
  static const char * const forms[] = {
    "2026-03-20T09:00:00+03:30", "2026-03-20T05:30:00Z", "2026-03-20T09:00:00",
    "2026-03-20T05:30:00+00:00",
  };
  gint64 parsed = 0;

  for (gsize i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_setenv ("PEYGIR_NOW", forms[i], TRUE);
      g_assert_cmpint (peygir_clock_now (), ==, 1773984600);
    }

  /* The process's own setting wins over the environment. */
  peygir_clock_set_now (1795517700);
  g_assert_cmpint (peygir_clock_now (), ==, 1795517700);
  peygir_clock_set_now (0);
  g_assert_cmpint (peygir_clock_now (), ==, 1773984600);

  g_assert_true (peygir_clock_parse_iso8601 ("2026-11-24T14:25:00", &parsed));
  g_assert_cmpint (parsed, ==, 1795517700);
  g_assert_false (peygir_clock_parse_iso8601 ("yesterday", &parsed));
  g_assert_false (peygir_clock_parse_iso8601 ("", &parsed));

  g_unsetenv ("PEYGIR_NOW");
}

static void
clock_env_invalid (void)
{
  gint64 real;

  g_setenv ("PEYGIR_NOW", "not a time", TRUE);

  /* Said once, then the real clock. */
  g_test_expect_message ("peygir-clock", G_LOG_LEVEL_WARNING, "*PEYGIR_NOW*not a time*");
  real = g_get_real_time () / G_USEC_PER_SEC;
  g_assert_cmpint (ABS (peygir_clock_now () - real), <=, 2);
  g_assert_cmpint (ABS (peygir_clock_now () - real), <=, 2);
  g_test_assert_expected_messages ();

  g_unsetenv ("PEYGIR_NOW");
}

static void
test_clock_env (void)
{
  if (g_test_subprocess ())
    {
      clock_env ();
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_clock_env_invalid (void)
{
  if (g_test_subprocess ())
    {
      clock_env_invalid ();
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_unsetenv ("PEYGIR_NOW");

  g_test_add_func ("/core/date/gregorian", test_gregorian);
  g_test_add_func ("/core/date/gregorian/against-gdate", test_gregorian_against_gdate);
  g_test_add_func ("/core/date/nowruz", test_nowruz);
  g_test_add_func ("/core/date/leap-year", test_leap_year);
  g_test_add_func ("/core/date/months-period", test_months_period);
  g_test_add_func ("/core/date/parse", test_parse);
  g_test_add_func ("/core/date/format", test_format);
  g_test_add_func ("/core/date/round-trip", test_round_trip);
  g_test_add_func ("/core/date/tehran", test_tehran);
  g_test_add_func ("/core/date/today", test_today);
  g_test_add_func ("/core/date/threads", test_threads);
  g_test_add_func ("/core/calendar/default-holidays", test_default_holidays);
  g_test_add_func ("/core/calendar/nowruz", test_working_days_nowruz);
  g_test_add_func ("/core/calendar/dated-holiday", test_working_days_dated);
  g_test_add_func ("/core/calendar/inverse", test_working_days_inverse);
  g_test_add_func ("/core/calendar/ref", test_calendar_ref);
  g_test_add_func ("/core/clock/set-now", test_clock_set_now);
  g_test_add_func ("/core/clock/env", test_clock_env);
  g_test_add_func ("/core/clock/env-invalid", test_clock_env_invalid);

  return g_test_run ();
}
