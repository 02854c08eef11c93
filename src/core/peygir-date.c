/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-date"

#include <glib/gi18n-lib.h>

#include <unicode/ucal.h>

#include "peygir-clock.h"
#include "peygir-date.h"
#include "peygir-error.h"
#include "peygir-text.h"

#define MS_PER_DAY    86400000.0
#define SECS_PER_DAY  86400
/* Deadlines and statistics keep asking about the same few years of days. */
#define PERSIAN_CACHE_SIZE 4096

typedef struct
{
  gint32 epoch_day;   /* the key: days since 1970-01-01 */
  gint16 year;
  gint8  month;
  gint8  day;
} PersianCacheEntry;

/* ICU calendars are not thread-safe and costly to open; the store computes
 * deadlines and registration numbers from worker threads, so each thread
 * keeps its own. */
typedef struct
{
  UCalendar         *persian;   /* in UTC: pure calendar arithmetic */
  UCalendar         *tehran;    /* Gregorian in Tehran: the day and hour of a moment */
  PersianCacheEntry  cache[PERSIAN_CACHE_SIZE];
} ThreadCalendars;

struct _PeygirCalendar
{
  gatomicrefcount  ref_count;
  gboolean         solar[13][32];   /* [persian month][persian day] */
  GHashTable      *dated;           /* set of PeygirDay */
};

static const char * const month_names[] = {
  "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
  "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
};

/* Indexed by GDateWeekday; spelled as ICU's Persian data spells them. */
static const char * const weekday_names[] = {
  NULL, "دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه", "شنبه", "یکشنبه",
};

static const PeygirSolarHoliday default_solar_holidays[] = {
  { 1, 1, "نوروز" },
  { 1, 2, "نوروز" },
  { 1, 3, "نوروز" },
  { 1, 4, "نوروز" },
  { 1, 12, "روز جمهوری اسلامی" },
  { 1, 13, "روز طبیعت" },
  { 3, 14, "رحلت امام خمینی" },
  { 3, 15, "قیام ۱۵ خرداد" },
  { 11, 22, "پیروزی انقلاب اسلامی" },
  { 12, 29, "ملی شدن صنعت نفت" },
};

static void
thread_calendars_free (gpointer data)
{
  ThreadCalendars *calendars = data;

  g_clear_pointer (&calendars->persian, ucal_close);
  g_clear_pointer (&calendars->tehran, ucal_close);
  g_free (calendars);
}

static GPrivate thread_calendars_key = G_PRIVATE_INIT (thread_calendars_free);

static UCalendar *
open_calendar (const char *zone,
               const char *locale)
{
  UChar zone_id[32];
  UErrorCode status = U_ZERO_ERROR;
  UCalendar *calendar;
  gsize i;

  for (i = 0; zone[i] != '\0' && i < G_N_ELEMENTS (zone_id) - 1; i++)
    zone_id[i] = (UChar) zone[i];
  zone_id[i] = 0;

  calendar = ucal_open (zone_id, -1, locale, UCAL_DEFAULT, &status);
  if (U_FAILURE (status))
    g_error ("ICU cannot open the calendar %s in %s: %s", locale, zone, u_errorName (status));

  return calendar;
}

static ThreadCalendars *
get_thread_calendars (void)
{
  ThreadCalendars *calendars = g_private_get (&thread_calendars_key);

  if (G_LIKELY (calendars != NULL))
    return calendars;

  calendars = g_new0 (ThreadCalendars, 1);
  calendars->persian = open_calendar ("UTC", "fa_IR@calendar=persian");
  ucal_setAttribute (calendars->persian, UCAL_LENIENT, 0);
  calendars->tehran = open_calendar (PEYGIR_TIME_ZONE, "en_US@calendar=gregorian");
  for (guint i = 0; i < PERSIAN_CACHE_SIZE; i++)
    calendars->cache[i].epoch_day = G_MININT32;

  g_private_set (&thread_calendars_key, calendars);
  return calendars;
}

/* Gregorian day numbers (days since 1970-01-01), proleptic, after
 * H. Hinnant's civil-calendar algorithms: plain arithmetic, no ICU. */
static gint32
epoch_day_from_civil (int year,
                      int month,
                      int day)
{
  int era, yoe, doy, doe;

  year -= month <= 2;
  era = (year >= 0 ? year : year - 399) / 400;
  yoe = year - era * 400;
  doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

  return era * 146097 + doe - 719468;
}

static void
civil_from_epoch_day (gint32  epoch_day,
                      int    *year,
                      int    *month,
                      int    *day)
{
  int z = epoch_day + 719468;
  int era = (z >= 0 ? z : z - 146096) / 146097;
  int doe = z - era * 146097;
  int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int mp = (5 * doy + 2) / 153;

  *day = doy - (153 * mp + 2) / 5 + 1;
  *month = mp < 10 ? mp + 3 : mp - 9;
  *year = yoe + era * 400 + (*month <= 2);
}

static int
days_in_gregorian_month (int year,
                         int month)
{
  static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  gboolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

  return month == 2 && leap ? 29 : days[month - 1];
}

static gint32
epoch_day_from_day (PeygirDay day)
{
  return epoch_day_from_civil (day / 10000, day / 100 % 100, day % 100);
}

static PeygirDay
day_from_epoch_day (gint32 epoch_day)
{
  int year, month, day;

  civil_from_epoch_day (epoch_day, &year, &month, &day);
  return year * 10000 + month * 100 + day;
}

static gint32
floor_div (gint64 a,
           gint64 b)
{
  return (gint32) (a >= 0 ? a / b : -((-a + b - 1) / b));
}

gboolean
peygir_day_is_valid (PeygirDay day)
{
  int year = day / 10000;
  int month = day / 100 % 100;
  int mday = day % 100;

  return year >= 1 && year <= 9999
      && month >= 1 && month <= 12
      && mday >= 1 && mday <= days_in_gregorian_month (year, month);
}

PeygirDay
peygir_day_add_days (PeygirDay day,
                     int       days)
{
  g_return_val_if_fail (peygir_day_is_valid (day), 0);

  return day_from_epoch_day (epoch_day_from_day (day) + days);
}

int
peygir_day_diff (PeygirDay from,
                 PeygirDay to)
{
  g_return_val_if_fail (peygir_day_is_valid (from), 0);
  g_return_val_if_fail (peygir_day_is_valid (to), 0);

  return epoch_day_from_day (to) - epoch_day_from_day (from);
}

int
peygir_day_weekday (PeygirDay day)
{
  gint32 epoch_day;

  g_return_val_if_fail (peygir_day_is_valid (day), G_DATE_BAD_WEEKDAY);

  /* 1970-01-01 was a Thursday. */
  epoch_day = epoch_day_from_day (day);
  return ((epoch_day % 7 + 7) % 7 + 3) % 7 + 1;
}

char *
peygir_day_to_iso (PeygirDay day)
{
  g_return_val_if_fail (peygir_day_is_valid (day), NULL);

  return g_strdup_printf ("%04d-%02d-%02d", day / 10000, day / 100 % 100, day % 100);
}

/* Reads up to @max_digits ASCII digits; FALSE if there are none. */
static gboolean
read_number (const char **p,
             int          max_digits,
             int         *value,
             int         *n_digits)
{
  int n = 0;
  int v = 0;

  while (g_ascii_isdigit (**p) && n < max_digits)
    {
      v = v * 10 + (**p - '0');
      (*p)++;
      n++;
    }

  if (n_digits != NULL)
    *n_digits = n;
  *value = v;
  return n > 0 && !g_ascii_isdigit (**p);
}

gboolean
peygir_day_from_iso (const char *text,
                     PeygirDay  *out)
{
  g_autofree char *ascii = NULL;
  const char *p;
  int year, month, day, n;
  PeygirDay result;

  g_return_val_if_fail (out != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  ascii = peygir_text_digits_to_ascii (text);
  p = ascii;
  if (!read_number (&p, 4, &year, &n) || n != 4 || *p++ != '-'
      || !read_number (&p, 2, &month, &n) || n != 2 || *p++ != '-'
      || !read_number (&p, 2, &day, &n) || n != 2 || *p != '\0')
    return FALSE;

  result = year * 10000 + month * 100 + day;
  if (!peygir_day_is_valid (result))
    return FALSE;

  *out = result;
  return TRUE;
}

PeygirDay
peygir_day_from_unix (gint64 unix_seconds)
{
  ThreadCalendars *calendars = get_thread_calendars ();
  UErrorCode status = U_ZERO_ERROR;
  gint64 offset_ms;

  /* Only the offset comes from ICU (it knows Tehran's past summer times);
   * the day itself is arithmetic. */
  ucal_setMillis (calendars->tehran, (UDate) unix_seconds * 1000.0, &status);
  offset_ms = (gint64) ucal_get (calendars->tehran, UCAL_ZONE_OFFSET, &status)
            + ucal_get (calendars->tehran, UCAL_DST_OFFSET, &status);
  if (U_FAILURE (status))
    {
      g_critical ("ICU cannot place %" G_GINT64_FORMAT " in Tehran: %s",
                  unix_seconds, u_errorName (status));
      offset_ms = (3 * 3600 + 30 * 60) * 1000;
    }

  return day_from_epoch_day (floor_div (unix_seconds + offset_ms / 1000, SECS_PER_DAY));
}

gint64
peygir_day_to_unix (PeygirDay day)
{
  ThreadCalendars *calendars;
  UErrorCode status = U_ZERO_ERROR;
  UDate millis;

  g_return_val_if_fail (peygir_day_is_valid (day), 0);

  calendars = get_thread_calendars ();
  /* Lenient: on the old summer-time days that began at midnight, 00:00 did
   * not exist and ICU gives 01:00, the day's first moment. */
  ucal_clear (calendars->tehran);
  ucal_setDateTime (calendars->tehran, day / 10000, day / 100 % 100 - 1, day % 100,
                    0, 0, 0, &status);
  millis = ucal_getMillis (calendars->tehran, &status);
  if (U_FAILURE (status))
    {
      g_critical ("ICU cannot place %d in Tehran: %s", day, u_errorName (status));
      return (gint64) epoch_day_from_day (day) * SECS_PER_DAY - (3 * 3600 + 30 * 60);
    }

  return (gint64) (millis / 1000.0);
}

PeygirDay
peygir_day_today (void)
{
  return peygir_day_from_unix (peygir_clock_now ());
}

gboolean
peygir_day_to_persian (PeygirDay          day,
                       PeygirPersianDate *out)
{
  ThreadCalendars *calendars;
  PersianCacheEntry *entry;
  UErrorCode status = U_ZERO_ERROR;
  gint32 epoch_day;

  g_return_val_if_fail (out != NULL, FALSE);

  if (!peygir_day_is_valid (day))
    return FALSE;

  calendars = get_thread_calendars ();
  epoch_day = epoch_day_from_day (day);
  entry = &calendars->cache[(guint32) epoch_day % PERSIAN_CACHE_SIZE];

  if (entry->epoch_day != epoch_day)
    {
      int year, month, mday;

      /* Noon, far from any edge of the day. */
      ucal_setMillis (calendars->persian, epoch_day * MS_PER_DAY + MS_PER_DAY / 2, &status);
      year = ucal_get (calendars->persian, UCAL_EXTENDED_YEAR, &status);
      month = ucal_get (calendars->persian, UCAL_MONTH, &status) + 1;
      mday = ucal_get (calendars->persian, UCAL_DATE, &status);
      if (U_FAILURE (status) || year < G_MININT16 || year > G_MAXINT16)
        return FALSE;

      entry->epoch_day = epoch_day;
      entry->year = (gint16) year;
      entry->month = (gint8) month;
      entry->day = (gint8) mday;
    }

  out->year = entry->year;
  out->month = entry->month;
  out->day = entry->day;
  return TRUE;
}

static void
set_date_error (GError     **error,
                const char  *text)
{
  g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_DATE,
               _("“%s” is not a Persian date; write it as year/month/day, such as 1405/09/03."),
               text);
}

gboolean
peygir_day_from_persian (const PeygirPersianDate  *date,
                         PeygirDay                *out,
                         GError                  **error)
{
  ThreadCalendars *calendars;
  UErrorCode status = U_ZERO_ERROR;
  PeygirPersianDate check;
  PeygirDay result;
  UDate millis;

  g_return_val_if_fail (date != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (date->year >= 1 && date->year <= 9000
      && date->month >= 1 && date->month <= 12
      && date->day >= 1 && date->day <= 31)
    {
      calendars = get_thread_calendars ();
      ucal_clear (calendars->persian);
      ucal_set (calendars->persian, UCAL_EXTENDED_YEAR, date->year);
      ucal_set (calendars->persian, UCAL_MONTH, date->month - 1);
      ucal_set (calendars->persian, UCAL_DATE, date->day);
      millis = ucal_getMillis (calendars->persian, &status);

      /* ICU refuses 30 Esfand of a common year when not lenient; the round
       * trip makes sure nothing else slipped through. */
      if (U_SUCCESS (status))
        {
          result = day_from_epoch_day (floor_div ((gint64) millis, (gint64) MS_PER_DAY));
          if (peygir_day_to_persian (result, &check)
              && check.year == date->year
              && check.month == date->month
              && check.day == date->day)
            {
              *out = result;
              return TRUE;
            }
        }
    }

  g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_DATE,
               _("There is no day %d/%02d/%02d in the Persian calendar."),
               date->year, date->month, date->day);
  return FALSE;
}

int
peygir_persian_year_of (gint64 unix_seconds)
{
  PeygirPersianDate date;

  if (!peygir_day_to_persian (peygir_day_from_unix (unix_seconds), &date))
    return 0;

  return date.year;
}

gboolean
peygir_persian_months_period (int         year,
                              int         first_month,
                              int         n_months,
                              PeygirDay  *from,
                              PeygirDay  *to,
                              GError    **error)
{
  PeygirPersianDate first = { year, first_month, 1 };
  PeygirPersianDate after = { year, first_month + n_months, 1 };
  PeygirDay start, next;

  g_return_val_if_fail (from != NULL && to != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (first_month < 1 || n_months < 1 || first_month + n_months > 13)
    {
      g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_DATE,
                   _("There is no such period of months in the Persian year."));
      return FALSE;
    }
  /* The day before the first of the next month: Esfand has 29 or 30 days. */
  if (after.month == 13)
    {
      after.year++;
      after.month = 1;
    }
  if (!peygir_day_from_persian (&first, &start, error)
      || !peygir_day_from_persian (&after, &next, error))
    return FALSE;

  *from = start;
  *to = peygir_day_add_days (next, -1);
  return TRUE;
}

const char *
peygir_persian_month_name (int month)
{
  g_return_val_if_fail (month >= 1 && month <= 12, NULL);

  return month_names[month - 1];
}

char *
peygir_day_format (PeygirDay       day,
                   PeygirDateStyle style)
{
  PeygirPersianDate date;
  g_autofree char *ascii = NULL;

  g_return_val_if_fail (peygir_day_is_valid (day), NULL);

  if (!peygir_day_to_persian (day, &date))
    return NULL;

  /* Written out from our own tables: ICU's Persian patterns bring bidi
   * marks and spellings that change with CLDR versions. */
  switch (style)
    {
    case PEYGIR_DATE_LONG:
      ascii = g_strdup_printf ("%d %s %d", date.day, month_names[date.month - 1], date.year);
      break;

    case PEYGIR_DATE_WEEKDAY:
      ascii = g_strdup_printf ("%s %d %s %d", weekday_names[peygir_day_weekday (day)],
                               date.day, month_names[date.month - 1], date.year);
      break;

    case PEYGIR_DATE_NUMERIC:
    default:
      ascii = g_strdup_printf ("%04d/%02d/%02d", date.year, date.month, date.day);
      break;
    }

  return peygir_text_digits_to_persian (ascii);
}

char *
peygir_time_format (gint64 unix_seconds)
{
  ThreadCalendars *calendars = get_thread_calendars ();
  UErrorCode status = U_ZERO_ERROR;
  g_autofree char *date = NULL;
  g_autofree char *ascii = NULL;
  int hour, minute;

  ucal_setMillis (calendars->tehran, (UDate) unix_seconds * 1000.0, &status);
  hour = ucal_get (calendars->tehran, UCAL_HOUR_OF_DAY, &status);
  minute = ucal_get (calendars->tehran, UCAL_MINUTE, &status);
  if (U_FAILURE (status))
    return NULL;

  date = peygir_day_format (peygir_day_from_unix (unix_seconds), PEYGIR_DATE_NUMERIC);
  ascii = g_strdup_printf ("%s %02d:%02d", date, hour, minute);
  return peygir_text_digits_to_persian (ascii);
}

gboolean
peygir_day_parse (const char  *text,
                  PeygirDay   *out,
                  GError     **error)
{
  g_autofree char *clean = NULL;
  g_autofree char *ascii = NULL;
  PeygirPersianDate date;
  int fields[3];
  int digits[3];
  int n_fields = 0;
  const char *p;

  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (text == NULL)
    text = "";

  clean = peygir_text_sanitize (text, FALSE);
  ascii = peygir_text_digits_to_ascii (clean);
  p = ascii;

  for (;;)
    {
      int n;

      if (n_fields == 3 || !read_number (&p, 8, &fields[n_fields], &n))
        break;
      digits[n_fields++] = n;

      while (*p == ' ')
        p++;
      if (*p == '\0')
        break;
      if (*p != '/' && *p != '-' && *p != '.')
        {
          n_fields = 0;
          break;
        }
      p++;
      while (*p == ' ')
        p++;
    }

  if (n_fields == 1 && digits[0] == 8 && *p == '\0')
    {
      /* 14050903 */
      date.year = fields[0] / 10000;
      date.month = fields[0] / 100 % 100;
      date.day = fields[0] % 100;
    }
  else if (n_fields == 3 && *p == '\0' && digits[1] <= 2
           && (digits[0] == 4 || digits[0] == 2) && digits[2] <= 2)
    {
      date.year = digits[0] == 2 ? 1400 + fields[0] : fields[0];
      date.month = fields[1];
      date.day = fields[2];
    }
  else if (n_fields == 3 && *p == '\0' && digits[0] <= 2 && digits[1] <= 2 && digits[2] == 4)
    {
      /* 3/9/1405: day first, as some forms write it; the four-digit year
       * at the end leaves no doubt. */
      date.year = fields[2];
      date.month = fields[1];
      date.day = fields[0];
    }
  else
    {
      set_date_error (error, clean);
      return FALSE;
    }

  return peygir_day_from_persian (&date, out, error);
}

PeygirCalendar *
peygir_calendar_new (void)
{
  PeygirCalendar *calendar = g_new0 (PeygirCalendar, 1);

  g_atomic_ref_count_init (&calendar->ref_count);
  calendar->dated = g_hash_table_new (NULL, NULL);

  return calendar;
}

PeygirCalendar *
peygir_calendar_ref (PeygirCalendar *calendar)
{
  g_return_val_if_fail (calendar != NULL, NULL);

  g_atomic_ref_count_inc (&calendar->ref_count);
  return calendar;
}

void
peygir_calendar_unref (PeygirCalendar *calendar)
{
  g_return_if_fail (calendar != NULL);

  if (g_atomic_ref_count_dec (&calendar->ref_count))
    {
      g_hash_table_unref (calendar->dated);
      g_free (calendar);
    }
}

void
peygir_calendar_add_solar_holiday (PeygirCalendar *calendar,
                                   int             persian_month,
                                   int             persian_day)
{
  g_return_if_fail (calendar != NULL);
  g_return_if_fail (persian_month >= 1 && persian_month <= 12);
  g_return_if_fail (persian_day >= 1 && persian_day <= 31);

  calendar->solar[persian_month][persian_day] = TRUE;
}

void
peygir_calendar_add_holiday (PeygirCalendar *calendar,
                             PeygirDay       day)
{
  g_return_if_fail (calendar != NULL);
  g_return_if_fail (peygir_day_is_valid (day));

  g_hash_table_add (calendar->dated, GINT_TO_POINTER (day));
}

gboolean
peygir_calendar_is_working_day (PeygirCalendar *calendar,
                                PeygirDay       day)
{
  PeygirPersianDate date;

  g_return_val_if_fail (calendar != NULL, FALSE);
  g_return_val_if_fail (peygir_day_is_valid (day), FALSE);

  if (peygir_day_weekday (day) == G_DATE_FRIDAY)
    return FALSE;

  if (g_hash_table_contains (calendar->dated, GINT_TO_POINTER (day)))
    return FALSE;

  if (peygir_day_to_persian (day, &date) && calendar->solar[date.month][date.day])
    return FALSE;

  return TRUE;
}

PeygirDay
peygir_calendar_add_working_days (PeygirCalendar *calendar,
                                  PeygirDay       from,
                                  int             n)
{
  gint32 epoch_day;
  int step = n >= 0 ? 1 : -1;
  int left = ABS (n);

  g_return_val_if_fail (calendar != NULL, 0);
  g_return_val_if_fail (peygir_day_is_valid (from), 0);

  epoch_day = epoch_day_from_day (from);
  while (left > 0)
    {
      epoch_day += step;
      if (peygir_calendar_is_working_day (calendar, day_from_epoch_day (epoch_day)))
        left--;
    }

  return day_from_epoch_day (epoch_day);
}

int
peygir_calendar_working_days_between (PeygirCalendar *calendar,
                                      PeygirDay       from,
                                      PeygirDay       to)
{
  gint32 epoch_day, last;
  int count = 0;

  g_return_val_if_fail (calendar != NULL, 0);
  g_return_val_if_fail (peygir_day_is_valid (from), 0);
  g_return_val_if_fail (peygir_day_is_valid (to), 0);

  last = epoch_day_from_day (to);
  for (epoch_day = epoch_day_from_day (from) + 1; epoch_day <= last; epoch_day++)
    {
      if (peygir_calendar_is_working_day (calendar, day_from_epoch_day (epoch_day)))
        count++;
    }

  return count;
}

const PeygirSolarHoliday *
peygir_default_solar_holidays (guint *n_holidays)
{
  if (n_holidays != NULL)
    *n_holidays = G_N_ELEMENTS (default_solar_holidays);

  return default_solar_holidays;
}
