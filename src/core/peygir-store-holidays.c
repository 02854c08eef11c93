/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-store"

/* The holidays that deadlines skip: the table the administrator keeps, the
 * official lunar ones Peygir ships (peygir-holidays.h), and the
 * working-day calendar made from them. */

#include <glib/gi18n-lib.h>

#include "peygir-clock.h"
#include "peygir-error.h"
#include "peygir-holidays.h"
#include "peygir-store-private.h"
#include "peygir-text.h"

/* Holidays and the working-day calendar. */

static PeygirHoliday *
holiday_from_row (PeygirDbStatement *stmt)
{
  PeygirHoliday *holiday = g_new0 (PeygirHoliday, 1);

  holiday->id = peygir_db_column_int64 (stmt, 0);
  holiday->persian_month = peygir_db_column_int (stmt, 1);
  holiday->persian_day = peygir_db_column_int (stmt, 2);
  holiday->day = peygir_db_column_int (stmt, 3);
  holiday->name = peygir_db_column_dup (stmt, 4);
  return holiday;
}

static GPtrArray *
read_holidays (PeygirStore  *self,
               GError      **error)
{
  g_autoptr(PeygirDbStatement) stmt =
    peygir_db_prepare (self->db, "SELECT id, persian_month, persian_day, day, name FROM holidays ORDER BY id", error);

  if (stmt == NULL)
    return NULL;
  return _peygir_store_collect_rows (self, stmt, (RowFunc) holiday_from_row, (GDestroyNotify) peygir_holiday_free, error);
}

PeygirCalendar *
_peygir_store_read_calendar (PeygirStore  *self,
                             GError      **error)
{
  g_autoptr(GPtrArray) holidays = NULL;
  PeygirCalendar *calendar;

  /* In a batch nobody else can change the table: read it once. */
  if (self->batch_depth > 0 && self->batch_calendar != NULL)
    return peygir_calendar_ref (self->batch_calendar);

  holidays = read_holidays (self, error);
  if (holidays == NULL)
    return NULL;

  calendar = peygir_calendar_new ();
  for (guint i = 0; i < holidays->len; i++)
    {
      PeygirHoliday *holiday = g_ptr_array_index (holidays, i);

      if (holiday->day != 0)
        peygir_calendar_add_holiday (calendar, holiday->day);
      else if (holiday->persian_month != 0)
        peygir_calendar_add_solar_holiday (calendar, holiday->persian_month, holiday->persian_day);
    }

  if (self->batch_depth > 0)
    self->batch_calendar = peygir_calendar_ref (calendar);
  return calendar;
}

GPtrArray *
peygir_store_list_holidays (PeygirStore  *self,
                            GError      **error)
{
  STORE_LOCK (self);
  return read_holidays (self, error);
}

PeygirCalendar *
peygir_store_get_calendar (PeygirStore  *self,
                           GError      **error)
{
  STORE_LOCK (self);
  return _peygir_store_read_calendar (self, error);
}

/* A holiday's date as the events note it: the Gregorian day in ISO
 * form, or a star for the year and the Persian month and day of a fixed
 * solar one, as "holiday list" prints it. */
static char *
holiday_date_note (const PeygirHoliday *holiday)
{
  if (holiday->day != 0)
    return peygir_day_to_iso (holiday->day);
  return g_strdup_printf ("*/%02d/%02d", holiday->persian_month, holiday->persian_day);
}

/* The name of a holiday on @day (a Gregorian day; 0: any) or every year
 * on @persian_month/@persian_day (0: any) into @name, NULL when there is
 * none; FALSE on an error. */
static gboolean
find_holiday_on (PeygirStore  *self,
                 PeygirDay     day,
                 int           persian_month,
                 int           persian_day,
                 char        **name,
                 GError      **error)
{
  g_autoptr(PeygirDbStatement) stmt =
    peygir_db_prepare (self->db, "SELECT name FROM holidays"
                                 " WHERE day = ?1 OR (persian_month = ?2 AND persian_day = ?3)", error);
  int rc;

  *name = NULL;
  if (stmt == NULL)
    return FALSE;
  peygir_db_bind_int (stmt, 1, day);
  peygir_db_bind_int (stmt, 2, persian_month);
  peygir_db_bind_int (stmt, 3, persian_day);
  rc = peygir_db_step (stmt);
  if (rc == PEYGIR_DB_ROW)
    *name = peygir_db_column_dup (stmt, 0);
  else if (rc != PEYGIR_DB_DONE)
    return peygir_db_set_error (self->db, error);
  return TRUE;
}

/* Writes @holiday (its name already clean) inside the caller's
 * transaction, without an event. */
static gboolean
write_holiday (PeygirStore          *self,
               const PeygirHoliday  *holiday,
               GError              **error)
{
  g_autoptr(PeygirDbStatement) stmt =
    peygir_db_prepare (self->db, "INSERT INTO holidays (persian_month, persian_day, day, name) VALUES (?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  if (holiday->day != 0)
    {
      peygir_db_bind_null (stmt, 1);
      peygir_db_bind_null (stmt, 2);
      peygir_db_bind_int (stmt, 3, holiday->day);
    }
  else
    {
      peygir_db_bind_int (stmt, 1, holiday->persian_month);
      peygir_db_bind_int (stmt, 2, holiday->persian_day);
      peygir_db_bind_null (stmt, 3);
    }
  peygir_db_bind_text (stmt, 4, holiday->name);
  return peygir_db_step_done (stmt, error);
}

/* Adds @holiday (its name already clean) inside the caller's transaction,
 * unless a holiday of its kind is on its day already: FALSE with
 * PEYGIR_STORE_ERROR_EXISTS then. */
static gboolean
insert_holiday (PeygirStore          *self,
                gint64                actor_id,
                const PeygirHoliday  *holiday,
                GError              **error)
{
  g_autofree char *existing = NULL;
  g_autofree char *date = NULL;
  g_autofree char *note = NULL;

  if (!find_holiday_on (self, holiday->day,
                        holiday->day != 0 ? 0 : holiday->persian_month,
                        holiday->day != 0 ? 0 : holiday->persian_day, &existing, error))
    return FALSE;
  if (existing != NULL)
    {
      g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_EXISTS,
                   _("That day is already a holiday: “%s”."), existing);
      return FALSE;
    }
  if (!write_holiday (self, holiday, error))
    return FALSE;
  date = holiday_date_note (holiday);
  note = g_strdup_printf ("%s %s", date, holiday->name);
  return _peygir_store_append_event (self, 0, peygir_clock_now (), actor_id, "holiday_add", NULL, NULL, note, error);
}

/* A day already a holiday (a fixed solar one, or one the administrator
 * set) is left as it is. */
int
_peygir_store_write_official_holidays (PeygirStore  *self,
                         int           persian_year,
                         GError      **error)
{
  g_autoptr(GPtrArray) holidays = peygir_official_holidays (persian_year, TRUE);
  int added = 0;

  for (guint i = 0; holidays != NULL && i < holidays->len; i++)
    {
      PeygirHoliday holiday = *(PeygirHoliday *) g_ptr_array_index (holidays, i);
      g_autofree char *existing = NULL;

      if (!find_holiday_on (self, holiday.day, holiday.persian_month, holiday.persian_day, &existing, error))
        return -1;
      if (existing != NULL)
        continue;
      holiday.persian_month = holiday.persian_day = 0;
      if (!write_holiday (self, &holiday, error))
        return -1;
      added++;
    }
  return added;
}

gboolean
peygir_store_add_holiday (PeygirStore          *self,
                          const char           *actor_login,
                          const PeygirHoliday  *holiday,
                          GError              **error)
{
  PeygirHoliday clean = *holiday;
  g_autofree char *name = NULL;
  gint64 actor_id;
  gboolean ok;

  if (holiday->day != 0 ? !peygir_day_is_valid (holiday->day)
                        : (holiday->persian_month < 1 || holiday->persian_month > 12 ||
                           holiday->persian_day < 1 || holiday->persian_day > 31))
    {
      g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_DATE, _("The holiday’s date is not valid."));
      return FALSE;
    }
  if (!peygir_text_validate (holiday->name, _("The holiday’s name"), 200, FALSE, error))
    return FALSE;
  name = g_strstrip (peygir_text_sanitize (holiday->name, FALSE));
  if (*name == '\0')
    {
      g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_MISSING, _("A holiday needs a name."));
      return FALSE;
    }
  clean.name = name;

  STORE_LOCK (self);
  if (!_peygir_store_begin_admin (self, actor_login, &actor_id, error))
    return FALSE;
  ok = insert_holiday (self, actor_id, &clean, error);
  return _peygir_store_tx_end (self, ok, error);
}

gboolean
peygir_store_remove_holiday (PeygirStore          *self,
                             const char           *actor_login,
                             const PeygirHoliday  *holiday,
                             GError              **error)
{
  g_autofree char *date = NULL;
  g_autofree char *note = NULL;
  gint64 actor_id;
  gboolean ok = FALSE;

  g_return_val_if_fail (holiday != NULL, FALSE);

  STORE_LOCK (self);
  if (!_peygir_store_begin_admin (self, actor_login, &actor_id, error))
    return FALSE;
  {
    /* the holiday as the desk saw it, or nothing */
    g_autoptr(PeygirDbStatement) stmt =
      peygir_db_prepare (self->db, "DELETE FROM holidays WHERE id = ?1 AND name = ?2 AND coalesce (day, 0) = ?3"
                                   " AND coalesce (persian_month, 0) = ?4 AND coalesce (persian_day, 0) = ?5", error);

    if (stmt == NULL)
      goto out;
    peygir_db_bind_int64 (stmt, 1, holiday->id);
    peygir_db_bind_text (stmt, 2, holiday->name);
    peygir_db_bind_int (stmt, 3, holiday->day);
    peygir_db_bind_int (stmt, 4, holiday->day != 0 ? 0 : holiday->persian_month);
    peygir_db_bind_int (stmt, 5, holiday->day != 0 ? 0 : holiday->persian_day);
    if (!peygir_db_step_done (stmt, error))
      goto out;
  }
  if (peygir_db_changes (self->db) == 0)
    {
      g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_CONFLICT,
                   _("Another desk changed the holidays meanwhile: “%s” is no longer as you saw it."),
                   holiday->name);
      goto out;
    }
  date = holiday_date_note (holiday);
  note = g_strdup_printf ("%s %s", date, holiday->name);
  ok = _peygir_store_append_event (self, 0, peygir_clock_now (), actor_id, "holiday_remove", NULL, NULL, note, error);

out:
  return _peygir_store_tx_end (self, ok, error);
}

int
peygir_store_add_official_holidays (PeygirStore  *self,
                                    const char   *actor_login,
                                    int           persian_year,
                                    GError      **error)
{
  g_autofree char *note = NULL;
  gint64 actor_id;
  int added;

  STORE_LOCK (self);
  if (!_peygir_store_begin_admin (self, actor_login, &actor_id, error))
    return -1;
  added = _peygir_store_write_official_holidays (self, persian_year, error);
  if (added > 0)
    {
      note = g_strdup_printf ("%d: %d official holidays", persian_year, added);
      if (!_peygir_store_append_event (self, 0, peygir_clock_now (), actor_id, "holiday_add", NULL, NULL, note, error))
        added = -1;
    }
  if (!_peygir_store_tx_end (self, added >= 0, error))
    return -1;
  return added;
}
