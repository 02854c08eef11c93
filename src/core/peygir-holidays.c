/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-holidays"

#include <string.h>

#include <gio/gio.h>

#include "peygir-core-resources.h"
#include "peygir-date.h"
#include "peygir-holidays.h"
#include "peygir-holidays-private.h"

#define OFFICIAL_HOLIDAYS_RESOURCE "/ir/gov/peygir/core/official-holidays.tsv"

static void
official_holiday_free (PeygirOfficialHoliday *row)
{
  g_free (row->holiday.name);
  g_free (row);
}

static gboolean
is_blank (const char *line)
{
  for (; *line != '\0'; line++)
    if (!g_ascii_isspace (*line))
      return FALSE;
  return TRUE;
}

static gboolean
parse_number (const char *text,
              int         min,
              int         max,
              int        *out)
{
  gint64 value = 0;

  if (!g_ascii_string_to_signed (text, 10, min, max, &value, NULL))
    return FALSE;
  *out = (int) value;
  return TRUE;
}

/* One "YEAR<TAB>MONTH<TAB>DAY<TAB>solar|lunar<TAB>name" line, or NULL with
 * why in @reason. */
static PeygirOfficialHoliday *
parse_line (const char  *line,
            const char **reason)
{
  g_auto(GStrv) fields = g_strsplit (line, "\t", -1);
  PeygirPersianDate date = { 0 };
  g_autoptr(GError) error = NULL;
  PeygirOfficialHoliday *row;
  PeygirDay day = 0;
  gboolean lunar;

  if (g_strv_length (fields) != 5)
    {
      *reason = "not five tab-separated fields";
      return NULL;
    }
  if (!parse_number (fields[0], 1, 9000, &date.year)
      || !parse_number (fields[1], 1, 12, &date.month)
      || !parse_number (fields[2], 1, 31, &date.day))
    {
      *reason = "the year, month or day is not a number in range";
      return NULL;
    }
  if (g_str_equal (fields[3], "lunar"))
    lunar = TRUE;
  else if (g_str_equal (fields[3], "solar"))
    lunar = FALSE;
  else
    {
      *reason = "the kind is neither solar nor lunar";
      return NULL;
    }
  if (*fields[4] == '\0' || !g_utf8_validate (fields[4], -1, NULL))
    {
      *reason = "the name is empty or not UTF-8";
      return NULL;
    }
  if (!peygir_day_from_persian (&date, &day, &error))
    {
      *reason = "no such day in the Persian calendar";
      return NULL;
    }

  row = g_new0 (PeygirOfficialHoliday, 1);
  row->persian_year = date.year;
  row->lunar = lunar;
  row->holiday.persian_month = date.month;
  row->holiday.persian_day = date.day;
  row->holiday.day = day;
  row->holiday.name = g_strdup (fields[4]);
  return row;
}

/* Parsed once, then read by any thread. */
static GPtrArray *
get_table (void)
{
  static GPtrArray *table = NULL;

  if (g_once_init_enter (&table))
    {
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      GPtrArray *parsed;

      bytes = g_resource_lookup_data (peygir_core_get_resource (), OFFICIAL_HOLIDAYS_RESOURCE,
                                      G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
      if (bytes == NULL)
        {
          g_warning ("No official holidays: %s", error->message);
          parsed = g_ptr_array_new_with_free_func ((GDestroyNotify) official_holiday_free);
        }
      else
        parsed = _peygir_official_holidays_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      g_once_init_leave (&table, parsed);
    }

  return table;
}

GPtrArray *
_peygir_official_holidays_parse (const char *text,
                                 gsize       length)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) official_holiday_free);
  g_autofree char *copy = g_strndup (text, length);
  g_auto(GStrv) lines = g_strsplit (copy, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      gsize len = strlen (line);
      const char *reason = NULL;
      PeygirOfficialHoliday *row;

      if (len > 0 && line[len - 1] == '\r')
        line[len - 1] = '\0';
      if (line[0] == '#' || is_blank (line))
        continue;

      row = parse_line (line, &reason);
      if (row == NULL)
        g_warning ("official-holidays.tsv line %u skipped: %s: “%s”", i + 1, reason, line);
      else
        g_ptr_array_add (rows, row);
    }

  return rows;
}

GPtrArray *
peygir_official_holidays (int      persian_year,
                          gboolean lunar_only)
{
  GPtrArray *table = get_table ();
  g_autoptr(GPtrArray) holidays = NULL;
  gboolean shipped = FALSE;

  holidays = g_ptr_array_new_with_free_func ((GDestroyNotify) peygir_holiday_free);
  for (guint i = 0; i < table->len; i++)
    {
      PeygirOfficialHoliday *row = g_ptr_array_index (table, i);

      if (row->persian_year != persian_year)
        continue;
      shipped = TRUE;
      if (lunar_only && !row->lunar)
        continue;
      g_ptr_array_add (holidays, peygir_holiday_copy (&row->holiday));
    }

  return shipped ? g_steal_pointer (&holidays) : NULL;
}

void
peygir_official_holiday_years (int *first,
                               int *last)
{
  GPtrArray *table = get_table ();
  int min = 0, max = 0;

  for (guint i = 0; i < table->len; i++)
    {
      PeygirOfficialHoliday *row = g_ptr_array_index (table, i);

      if (min == 0 || row->persian_year < min)
        min = row->persian_year;
      if (row->persian_year > max)
        max = row->persian_year;
    }

  if (first != NULL)
    *first = min;
  if (last != NULL)
    *last = max;
}
