/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The office's own data changed from a desk (src/core/peygir-store-office.c):
 * users, agencies, settings and holidays change only as the desk saw them,
 * so that two administrators never silently overwrite each other; one's
 * own name and title are one's own to change; every change is an event. */

#include "peygir-holidays.h"
#include "store-test-fixture.h"

static PeygirUser *
find_user (StoreFixture *fixture,
           const char   *login)
{
  g_autoptr(GError) error = NULL;
  PeygirUser *user = peygir_store_find_user (fixture->store, login, &error);

  g_assert_no_error (error);
  return user;
}

static PeygirAgency *
get_agency (StoreFixture *fixture,
            gint64        id)
{
  g_autoptr(GError) error = NULL;
  PeygirAgency *agency = peygir_store_get_agency (fixture->store, id, &error);

  g_assert_no_error (error);
  return agency;
}

/* An administrator changes a colleague; a second desk that read the
 * colleague before that change is refused, and writes nothing. */
static void
test_change_user (StoreFixture  *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirUser) seen = find_user (fixture, "expert");
  g_autoptr(PeygirUser) now = peygir_user_copy (seen);
  g_autoptr(PeygirUser) saved = NULL;
  g_autoptr(PeygirUser) refused = NULL;
  g_autoptr(PeygirUser) stored = NULL;
  gint64 events;

  g_free (now->name);
  now->name = g_strdup ("  مریم کریمی‌نژاد ");
  g_free (now->title);
  now->title = g_strdup ("کارشناس مسئول");
  now->roles = PEYGIR_ROLE_EXPERT | PEYGIR_ROLE_SECRETARIAT;
  events = count_events (fixture);
  saved = peygir_store_change_user (fixture->store, "admin", seen, now, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (saved->name, ==, "مریم کریمی‌نژاد");
  g_assert_cmpstr (saved->title, ==, "کارشناس مسئول");
  g_assert_cmpint (saved->roles, ==, PEYGIR_ROLE_EXPERT | PEYGIR_ROLE_SECRETARIAT);
  g_assert_true (saved->active);
  g_assert_cmpint (count_events (fixture), ==, events + 1);

  /* the second desk still holds the user as it was */
  g_free (now->name);
  now->name = g_strdup ("نامی دیگر");
  now->roles = PEYGIR_ROLE_MANAGER;
  refused = peygir_store_change_user (fixture->store, "admin", seen, now, &error);
  g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_CONFLICT);
  g_assert_null (refused);
  g_clear_error (&error);
  g_assert_cmpint (count_events (fixture), ==, events + 1);
  stored = find_user (fixture, "expert");
  g_assert_cmpstr (stored->name, ==, "مریم کریمی‌نژاد");
  g_assert_cmpint (stored->roles, ==, PEYGIR_ROLE_EXPERT | PEYGIR_ROLE_SECRETARIAT);

  /* no roles at all, or no name */
  now->roles = PEYGIR_ROLE_NONE;
  g_assert_null (peygir_store_change_user (fixture->store, "admin", stored, now, &error));
  g_assert_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_MISSING);
  g_clear_error (&error);
  now->roles = PEYGIR_ROLE_EXPERT;
  g_free (now->name);
  now->name = g_strdup ("   ");
  g_assert_null (peygir_store_change_user (fixture->store, "admin", stored, now, &error));
  g_assert_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_MISSING);
  g_assert_cmpint (count_events (fixture), ==, events + 1);
}

/* Anyone changes their own name and title (printed on the letters they
 * sign); not their roles, and no one else's. */
static void
test_own_profile (StoreFixture  *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirUser) seen = find_user (fixture, "expert");
  g_autoptr(PeygirUser) now = peygir_user_copy (seen);
  g_autoptr(PeygirUser) saved = NULL;
  g_autoptr(PeygirUser) manager = find_user (fixture, "manager");
  g_autoptr(PeygirUser) manager_now = peygir_user_copy (manager);
  g_autoptr(PeygirUser) stored = NULL;
  gint64 events;

  g_free (now->name);
  now->name = g_strdup ("علی احمدی");
  g_free (now->title);
  now->title = g_strdup ("کارشناس رسیدگی به شکایات");
  saved = peygir_store_change_user (fixture->store, "expert", seen, now, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (saved->name, ==, "علی احمدی");
  g_assert_cmpstr (saved->title, ==, "کارشناس رسیدگی به شکایات");
  g_assert_cmpint (saved->roles, ==, seen->roles);

  /* an empty title is none */
  g_free (now->title);
  now->title = g_strdup (" ");
  g_clear_pointer (&seen, peygir_user_free);
  seen = g_steal_pointer (&saved);
  saved = peygir_store_change_user (fixture->store, "expert", seen, now, &error);
  g_assert_no_error (error);
  g_assert_null (saved->title);

  events = count_events (fixture);
  g_clear_pointer (&seen, peygir_user_free);
  seen = g_steal_pointer (&saved);
  g_clear_pointer (&now, peygir_user_free);
  now = peygir_user_copy (seen);
  now->roles |= PEYGIR_ROLE_ADMIN;
  g_assert_null (peygir_store_change_user (fixture->store, "expert", seen, now, &error));
  g_assert_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  now->roles = seen->roles;
  now->active = FALSE;
  g_assert_null (peygir_store_change_user (fixture->store, "expert", seen, now, &error));
  g_assert_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED);
  g_clear_error (&error);

  g_free (manager_now->name);
  manager_now->name = g_strdup ("نامی که مدیر نگذاشته");
  g_assert_null (peygir_store_change_user (fixture->store, "expert", manager, manager_now, &error));
  g_assert_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  g_assert_cmpint (count_events (fixture), ==, events);
  stored = find_user (fixture, "manager");
  g_assert_cmpstr (stored->name, ==, manager->name);
}

/* The office always keeps one active administrator; once there is a
 * second, the first may step down. */
static void
test_last_administrator (StoreFixture  *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirUser) admin = find_user (fixture, "admin");
  g_autoptr(PeygirUser) now = peygir_user_copy (admin);
  g_autoptr(PeygirUser) manager = find_user (fixture, "manager");
  g_autoptr(PeygirUser) manager_now = peygir_user_copy (manager);
  g_autoptr(PeygirUser) saved = NULL;
  g_autoptr(PeygirUser) stepped_down = NULL;

  now->active = FALSE;
  g_assert_null (peygir_store_change_user (fixture->store, "admin", admin, now, &error));
  g_assert_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED);
  g_clear_error (&error);

  manager_now->roles |= PEYGIR_ROLE_ADMIN;
  saved = peygir_store_change_user (fixture->store, "admin", manager, manager_now, &error);
  g_assert_no_error (error);
  stepped_down = peygir_store_change_user (fixture->store, "admin", admin, now, &error);
  g_assert_no_error (error);
  g_assert_false (stepped_down->active);
}

static void
test_change_agency (StoreFixture  *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirAgency) seen = get_agency (fixture, fixture->agency_a);
  g_autoptr(PeygirAgency) now = peygir_agency_copy (seen);
  g_autoptr(PeygirAgency) saved = NULL;
  g_autoptr(PeygirAgency) stored = NULL;
  gint64 events;

  g_free (now->head_title);
  now->head_title = g_strdup ("مدیر عامل محترم شرکت آب و فاضلاب استان");
  now->response_days = 12;
  now->active = FALSE;
  events = count_events (fixture);
  saved = peygir_store_change_agency (fixture->store, "admin", seen, now, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (saved->head_title, ==, "مدیر عامل محترم شرکت آب و فاضلاب استان");
  g_assert_cmpint (saved->response_days, ==, 12);
  g_assert_false (saved->active);
  g_assert_cmpint (count_events (fixture), ==, events + 1);

  /* a desk that read the agency before */
  now->active = TRUE;
  now->response_days = 3;
  g_assert_null (peygir_store_change_agency (fixture->store, "admin", seen, now, &error));
  g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  stored = get_agency (fixture, fixture->agency_a);
  g_assert_false (stored->active);
  g_assert_cmpint (stored->response_days, ==, 12);

  /* another agency's name; no days; not an administrator */
  g_clear_pointer (&now, peygir_agency_free);
  now = peygir_agency_copy (stored);
  g_free (now->name);
  now->name = g_strdup (FIXTURE_AGENCY_B);
  g_assert_null (peygir_store_change_agency (fixture->store, "admin", stored, now, &error));
  g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_EXISTS);
  g_clear_error (&error);
  g_free (now->name);
  now->name = g_strdup (stored->name);
  now->response_days = 0;
  g_assert_null (peygir_store_change_agency (fixture->store, "admin", stored, now, &error));
  g_assert_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);
  now->response_days = 5;
  g_assert_null (peygir_store_change_agency (fixture->store, "expert", stored, now, &error));
  g_assert_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED);
  g_assert_cmpint (count_events (fixture), ==, events + 1);
}

static void
test_change_setting (StoreFixture  *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *seen = peygir_store_get_setting (fixture->store, PEYGIR_SETTING_OFFICE_PHONE, &error);
  g_autofree char *stored = NULL;

  g_assert_no_error (error);
  g_assert_true (peygir_store_change_setting (fixture->store, "admin", PEYGIR_SETTING_OFFICE_PHONE,
                                              seen, "۰۲۱-۱۲۳۴۵۶۷۸", &error));
  g_assert_no_error (error);
  /* the second desk still holds the old number */
  g_assert_false (peygir_store_change_setting (fixture->store, "admin", PEYGIR_SETTING_OFFICE_PHONE,
                                               seen, "۰۲۱-۸۷۶۵۴۳۲۱", &error));
  g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  stored = peygir_store_get_setting (fixture->store, PEYGIR_SETTING_OFFICE_PHONE, &error);
  g_assert_cmpstr (stored, ==, "۰۲۱-۱۲۳۴۵۶۷۸");
  g_assert_true (peygir_store_change_setting (fixture->store, "admin", PEYGIR_SETTING_OFFICE_PHONE,
                                              stored, "", &error));
  g_assert_no_error (error);
  g_assert_false (peygir_store_change_setting (fixture->store, "expert", PEYGIR_SETTING_OFFICE_PHONE,
                                               "", "۱", &error));
  g_assert_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED);
}

static PeygirHoliday *
find_holiday (StoreFixture *fixture,
              PeygirDay     day,
              int           persian_month,
              int           persian_day)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) holidays = peygir_store_list_holidays (fixture->store, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < holidays->len; i++)
    {
      PeygirHoliday *holiday = g_ptr_array_index (holidays, i);

      if (day != 0 ? holiday->day == day
                   : holiday->day == 0 && holiday->persian_month == persian_month && holiday->persian_day == persian_day)
        return peygir_holiday_copy (holiday);
    }
  return NULL;
}

static PeygirDay
deadline_after (StoreFixture *fixture,
                PeygirDay     from,
                int           working_days)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirCalendar) calendar = peygir_store_get_calendar (fixture->store, &error);

  g_assert_no_error (error);
  return peygir_calendar_add_working_days (calendar, from, working_days);
}

/* A holiday added by clicking a day moves a deadline past it; the same day
 * twice is refused; removing it as seen puts the deadline back, and a
 * second desk that saw it removes nothing. */
static void
test_holidays (StoreFixture  *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  /* Saturday 12 Ordibehesht 1405; Tuesday 15 Ordibehesht is a working day */
  const PeygirDay today = 20260502;
  const PeygirDay tuesday = 20260505;
  PeygirHoliday holiday = { .day = tuesday, .name = " تعطیل به حکم استاندار " };
  PeygirHoliday nowruz = { .persian_month = 1, .persian_day = 1, .name = "نوروز" };
  PeygirDay before = deadline_after (fixture, today, 7);
  g_autoptr(PeygirHoliday) added = NULL;
  g_autoptr(PeygirHoliday) stale = NULL;
  gint64 events;

  g_assert_true (peygir_store_add_holiday (fixture->store, "admin", &holiday, &error));
  g_assert_no_error (error);
  added = find_holiday (fixture, tuesday, 0, 0);
  g_assert_nonnull (added);
  g_assert_cmpstr (added->name, ==, "تعطیل به حکم استاندار");
  g_assert_cmpint (deadline_after (fixture, today, 7), ==, peygir_day_add_days (before, 1));

  events = count_events (fixture);
  g_assert_false (peygir_store_add_holiday (fixture->store, "admin", &holiday, &error));
  g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_EXISTS);
  g_clear_error (&error);
  /* Nowruz is built in */
  g_assert_false (peygir_store_add_holiday (fixture->store, "admin", &nowruz, &error));
  g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (peygir_store_remove_holiday (fixture->store, "expert", added, &error));
  g_assert_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  /* as seen by a desk that read another name */
  stale = peygir_holiday_copy (added);
  g_free (stale->name);
  stale->name = g_strdup ("نامی دیگر");
  g_assert_false (peygir_store_remove_holiday (fixture->store, "admin", stale, &error));
  g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_cmpint (count_events (fixture), ==, events);

  g_assert_true (peygir_store_remove_holiday (fixture->store, "admin", added, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_events (fixture), ==, events + 1);
  g_assert_cmpint (deadline_after (fixture, today, 7), ==, before);
  g_assert_null (find_holiday (fixture, tuesday, 0, 0));
  /* the second desk's click on the same holiday */
  g_assert_false (peygir_store_remove_holiday (fixture->store, "admin", added, &error));
  g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_cmpint (count_events (fixture), ==, events + 1);

  /* a fixed solar holiday, removed as listed, is a working day after:
   * 22 Bahman 1405, a Thursday with no lunar holiday on it */
  {
    g_autoptr(PeygirHoliday) bahman = find_holiday (fixture, 0, 11, 22);
    PeygirDay bahman_22 = 20270211;

    g_assert_nonnull (bahman);
    g_assert_cmpint (deadline_after (fixture, peygir_day_add_days (bahman_22, -1), 1), !=, bahman_22);
    g_assert_true (peygir_store_remove_holiday (fixture->store, "admin", bahman, &error));
    g_assert_no_error (error);
    g_assert_cmpint (deadline_after (fixture, peygir_day_add_days (bahman_22, -1), 1), ==, bahman_22);
  }
}

/* A new database has the lunar holidays of every year Peygir ships; one
 * removed by mistake comes back with its year's list, which adds nothing
 * twice and leaves a day that is already a holiday as it is. */
static void
test_official_holidays (StoreFixture  *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  /* Tasua and Ashura 1405: 3 and 4 Tir, 24 and 25 June 2026 */
  g_autoptr(PeygirHoliday) tasua = find_holiday (fixture, 20260624, 0, 0);
  g_autoptr(PeygirHoliday) ashura = find_holiday (fixture, 20260625, 0, 0);
  /* Eid al-Fitr on 1 Farvardin 1405 is Nowruz's day already */
  g_autoptr(PeygirHoliday) fitr = find_holiday (fixture, 20260321, 0, 0);
  g_autoptr(GPtrArray) shipped = peygir_official_holidays (1405, TRUE);
  gint64 events;

  g_assert_nonnull (tasua);
  g_assert_nonnull (ashura);
  g_assert_null (fitr);
  g_assert_nonnull (shipped);
  /* Tuesday 23 June + 1 working day: past the two holidays and Friday */
  g_assert_cmpint (deadline_after (fixture, 20260623, 1), ==, 20260627);

  events = count_events (fixture);
  g_assert_cmpint (peygir_store_add_official_holidays (fixture->store, "admin", 1405, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpint (count_events (fixture), ==, events);

  g_assert_true (peygir_store_remove_holiday (fixture->store, "admin", tasua, &error));
  g_assert_no_error (error);
  g_assert_cmpint (deadline_after (fixture, 20260623, 1), ==, 20260624);
  g_assert_cmpint (peygir_store_add_official_holidays (fixture->store, "expert", 1405, &error), ==, -1);
  g_assert_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  g_assert_cmpint (peygir_store_add_official_holidays (fixture->store, "admin", 1405, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpint (deadline_after (fixture, 20260623, 1), ==, 20260627);
  g_assert_cmpint (count_events (fixture), ==, events + 2);

  /* a year Peygir does not ship */
  g_assert_cmpint (peygir_store_add_official_holidays (fixture->store, "admin", 1420, &error), ==, 0);
  g_assert_no_error (error);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  store_test_add_both ("/office/change-user", test_change_user);
  store_test_add_both ("/office/own-profile", test_own_profile);
  store_test_add_both ("/office/last-administrator", test_last_administrator);
  store_test_add_both ("/office/change-agency", test_change_agency);
  store_test_add_both ("/office/change-setting", test_change_setting);
  store_test_add_both ("/office/holidays", test_holidays);
  store_test_add_both ("/office/official-holidays", test_official_holidays);
  return g_test_run ();
}
