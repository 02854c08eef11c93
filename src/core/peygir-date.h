/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "peygir-types.h"

G_BEGIN_DECLS

/* The office's time zone: days and deadlines are counted in it. */
#define PEYGIR_TIME_ZONE "Asia/Tehran"

typedef struct
{
  int year;
  int month;   /* 1 = Farvardin … 12 = Esfand */
  int day;
} PeygirPersianDate;

typedef enum
{
  PEYGIR_DATE_NUMERIC,   /* ۱۴۰۵/۰۹/۰۳ */
  PEYGIR_DATE_LONG,      /* ۳ آذر ۱۴۰۵ */
  PEYGIR_DATE_WEEKDAY,   /* دوشنبه ۳ آذر ۱۴۰۵ */
} PeygirDateStyle;

/* PeygirDay (YYYYMMDD, Gregorian) helpers. */
PeygirDay peygir_day_from_unix           (gint64 unix_seconds);   /* the day in Tehran */
gint64    peygir_day_to_unix             (PeygirDay day);         /* 00:00 that day in Tehran */
PeygirDay peygir_day_today               (void);                  /* from peygir_clock_now () */
gboolean  peygir_day_is_valid            (PeygirDay day);
PeygirDay peygir_day_add_days            (PeygirDay day, int days);
int       peygir_day_diff                (PeygirDay from, PeygirDay to); /* days from @from to @to */
int       peygir_day_weekday             (PeygirDay day);         /* GDateWeekday: 1 Monday … 7 Sunday */
char     *peygir_day_to_iso              (PeygirDay day);         /* "2026-11-24" */
gboolean  peygir_day_from_iso            (const char *text, PeygirDay *out);

/* Persian calendar through ICU (fa_IR@calendar=persian). */
gboolean  peygir_day_to_persian          (PeygirDay day, PeygirPersianDate *out);
gboolean  peygir_day_from_persian        (const PeygirPersianDate *date,
                                          PeygirDay         *out,
                                          GError           **error);
int       peygir_persian_year_of         (gint64 unix_seconds);
/* Persian digits, in the style asked. */
char     *peygir_day_format              (PeygirDay day, PeygirDateStyle style);
/* Date and time of a moment in Tehran: "۱۴۰۵/۰۹/۰۳ ۱۴:۲۵". */
char     *peygir_time_format             (gint64 unix_seconds);
/* Persian dates as people type them: 1405/9/3, ۱۴۰۵/۰۹/۰۳, 1405-09-03,
 * ١٤٠٥/٩/٣; a two-digit year means 14xx. */
gboolean  peygir_day_parse               (const char *text,
                                          PeygirDay  *out,
                                          GError    **error);
/* The days of @n_months Persian months from @first_month of @year, both
 * ends inclusive: a month (1), a season (3, from month 1, 4, 7 or 10) or
 * a year (12 from 1). FALSE with PEYGIR_INPUT_ERROR_DATE when the months
 * run outside 1 … 12 or the year outside the calendar. */
gboolean  peygir_persian_months_period   (int         year,
                                          int         first_month,
                                          int         n_months,
                                          PeygirDay  *from,
                                          PeygirDay  *to,
                                          GError    **error);
/* "آذر" for 9. */
const char *peygir_persian_month_name    (int month);

/* Working days: Fridays and the holidays are skipped. Fill a calendar in
 * one thread; once filled, any number of threads may read it. */
typedef struct _PeygirCalendar PeygirCalendar;

PeygirCalendar *peygir_calendar_new      (void);
PeygirCalendar *peygir_calendar_ref      (PeygirCalendar *calendar);
void      peygir_calendar_unref          (PeygirCalendar *calendar);
/* Fixed solar holidays repeat every Persian year; dated ones (the lunar
 * holidays, which follow the moon) hold for one day. */
void      peygir_calendar_add_solar_holiday (PeygirCalendar *calendar,
                                             int             persian_month,
                                             int             persian_day);
void      peygir_calendar_add_holiday    (PeygirCalendar *calendar,
                                          PeygirDay       day);
gboolean  peygir_calendar_is_working_day (PeygirCalendar *calendar,
                                          PeygirDay       day);
/* The @n-th working day after @from (@from itself does not count); @from
 * for 0, the |@n|-th working day before @from for a negative @n. */
PeygirDay peygir_calendar_add_working_days (PeygirCalendar *calendar,
                                            PeygirDay       from,
                                            int             n);
/* Working days in (@from, @to]; 0 when @to <= @from. */
int       peygir_calendar_working_days_between (PeygirCalendar *calendar,
                                                PeygirDay       from,
                                                PeygirDay       to);

/* The fixed solar holidays of the official calendar, the default holiday
 * table of a new database. */
typedef struct
{
  int         month;
  int         day;
  const char *name;   /* Persian */
} PeygirSolarHoliday;

const PeygirSolarHoliday *peygir_default_solar_holidays (guint *n_holidays);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PeygirCalendar, peygir_calendar_unref)

G_END_DECLS
