/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "peygir-holidays-page.h"
#include "peygir-holidays.h"
#include "peygir-month-grid.h"
#include "peygir-preferences-window.h"
#include "test-ui-util.h"

/* Days around the fixture's clock, a Saturday, 12 Ordibehesht 1405. */
#define TODAY        20260502
#define A_TUESDAY    20260505   /* 15 Ordibehesht: a working day */
#define A_WEDNESDAY  20260506
#define A_FRIDAY     20260508
#define KHORDAD_14   20260604   /* رحلت امام خمینی, a fixed solar holiday */

/* The preferences of a window signed in as @window's user, made transient
 * for it as the application does. */
static gboolean
page_idle (gpointer data)
{
  return !peygir_holidays_page_get_busy (data);
}

static PeygirHolidaysPage *
holidays_page (GtkWidget *preferences)
{
  GtkWidget *page = ui_find_named (preferences, "holidays");

  g_assert_nonnull (page);
  g_assert_true (PEYGIR_IS_HOLIDAYS_PAGE (page));
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (preferences), ADW_PREFERENCES_PAGE (page));
  ui_wait_for (page_idle, page);
  return PEYGIR_HOLIDAYS_PAGE (page);
}

static GtkWidget *
day_button (PeygirHolidaysPage *page,
            PeygirDay           day)
{
  g_autofree char *name = g_strdup_printf ("day-%d", day);
  GtkWidget *button = ui_find_named (GTK_WIDGET (page), name);

  g_assert_true (GTK_IS_BUTTON (button));
  return button;
}

/* Clicks @day as a person would, and returns the dialog it opened. */
static AdwMessageDialog *
click_day (PeygirHolidaysPage *page,
           PeygirDay           day)
{
  GtkWidget *button = day_button (page, day);
  AdwMessageDialog *dialog;

  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  ui_iterate (50);
  dialog = peygir_holidays_page_get_dialog (page);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  return dialog;
}

static void
respond (PeygirHolidaysPage *page,
         AdwMessageDialog   *dialog,
         const char         *response)
{
  adw_message_dialog_response (dialog, response);
  ui_iterate (50);
  g_assert_null (peygir_holidays_page_get_dialog (page));
  ui_wait_for (page_idle, page);
}

/* Adds a holiday named @name on @day through the page's dialog. */
static void
add_through_page (PeygirHolidaysPage *page,
                  PeygirDay           day,
                  const char         *name,
                  gboolean            fixed)
{
  AdwMessageDialog *dialog = click_day (page, day);
  GtkWidget *entry = ui_find_named (GTK_WIDGET (dialog), "holiday-name");
  GtkWidget *fixed_switch = ui_find_named (GTK_WIDGET (dialog), "holiday-fixed");

  g_assert_true (ADW_IS_ENTRY_ROW (entry));
  g_assert_true (GTK_IS_SWITCH (fixed_switch));
  /* nothing to add before there is a name */
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "add"));
  gtk_editable_set_text (GTK_EDITABLE (entry), name);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "add"));
  gtk_switch_set_active (GTK_SWITCH (fixed_switch), fixed);
  if (fixed)
    {
      gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
      ui_screenshot (GTK_WIDGET (dialog), "holidays-add-fixed");
    }
  respond (page, dialog, "add");
}

/* Scrolls the page so that the widget named @name is near the top. */
static void
scroll_to (PeygirHolidaysPage *page,
           const char         *name)
{
  GtkWidget *target = ui_find_named (GTK_WIDGET (page), name);
  GtkWidget *scrolled = target;
  GtkAdjustment *adjustment;
  graphene_rect_t bounds;

  gtk_test_widget_wait_for_draw (GTK_WIDGET (gtk_widget_get_root (target)));
  while (scrolled != NULL && !GTK_IS_SCROLLED_WINDOW (scrolled))
    scrolled = gtk_widget_get_parent (scrolled);
  g_assert_true (GTK_IS_SCROLLED_WINDOW (scrolled));
  g_assert_true (gtk_widget_compute_bounds (target, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)), &bounds));
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + bounds.origin.y - 140);
  ui_iterate (100);
}

static GPtrArray *
store_holidays (StoreFixture *f)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *holidays = peygir_store_list_holidays (f->store, &error);

  g_assert_no_error (error);
  return holidays;
}

/* The holiday of the table on @day (dated) or on its month and day
 * (fixed, with @fixed), NULL when there is none. */
static PeygirHoliday *
store_holiday (StoreFixture *f,
               PeygirDay     day,
               gboolean      fixed)
{
  g_autoptr(GPtrArray) holidays = store_holidays (f);
  PeygirPersianDate date;

  g_assert_true (peygir_day_to_persian (day, &date));
  for (guint i = 0; i < holidays->len; i++)
    {
      PeygirHoliday *holiday = g_ptr_array_index (holidays, i);

      if ((!fixed && holiday->day == day)
          || (fixed && holiday->day == 0 && holiday->persian_month == date.month
              && holiday->persian_day == date.day))
        return peygir_holiday_copy (holiday);
    }
  return NULL;
}

static gboolean
is_marked (PeygirHolidaysPage *page,
           PeygirDay           day)
{
  return gtk_widget_has_css_class (day_button (page, day), "peygir-holiday");
}

/* The agency's deadline of a referral dispatched today. */
static PeygirDay
dispatched_due (StoreFixture *f)
{
  g_autoptr(PeygirCase) kase = create_simple_case (f);
  g_autoptr(PeygirCase) registered = review_and_register (f, kase->id);
  g_autoptr(PeygirCase) dispatched = refer_and_dispatch (f, kase->id, &f->agency_a, 1);

  return referral_at (dispatched, 0)->due;
}

static PeygirDay
due_by_calendar (StoreFixture *f,
                 int           working_days)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirCalendar) calendar = peygir_store_get_calendar (f->store, &error);

  g_assert_no_error (error);
  return peygir_calendar_add_working_days (calendar, TODAY, working_days);
}

static PeygirDay
working_day_after (StoreFixture *f,
                   PeygirDay     day)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirCalendar) calendar = peygir_store_get_calendar (f->store, &error);

  g_assert_no_error (error);
  return peygir_calendar_add_working_days (calendar, day, 1);
}

/* An administrator has the page; the others do not. */
static void
test_admin_only (StoreFixture  *f,
                 gconstpointer  data)
{
  ui_assert_page_for_administrators (f, "holidays", PEYGIR_TYPE_HOLIDAYS_PAGE);
}

/* The year of the clock, Ordibehesht right to left with Saturday on the
 * right, Fridays and the fixed solar holidays marked, today outlined,
 * Persian digits; the list under the months. */
static void
test_grid (StoreFixture  *f,
           gconstpointer  data)
{
  PeygirWindow *window = ui_window_new (f->store, "admin");
  GtkWidget *preferences = ui_preferences_new (window, f->path, 1280, 800);
  PeygirHolidaysPage *page = holidays_page (preferences);
  GtkWidget *ordibehesht = peygir_holidays_page_get_month (page, 2);
  GtkWidget *saturday, *friday, *khordad_14, *row;
  graphene_rect_t saturday_bounds, friday_bounds;
  int column;

  g_assert_cmpint (peygir_holidays_page_get_year (page), ==, 1405);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (ui_find_named (GTK_WIDGET (page), "year"))), ==, "۱۴۰۵");
  g_assert_true (PEYGIR_IS_MONTH_GRID (ordibehesht));

  saturday = day_button (page, TODAY);
  friday = day_button (page, A_FRIDAY);
  g_assert_true (peygir_month_grid_get_button (PEYGIR_MONTH_GRID (ordibehesht), TODAY) == saturday);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (saturday)), ==, "۱۲");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (friday)), ==, "۱۸");
  gtk_grid_query_child (GTK_GRID (gtk_widget_get_parent (saturday)), saturday, &column, NULL, NULL, NULL);
  g_assert_cmpint (column, ==, 0);
  gtk_grid_query_child (GTK_GRID (gtk_widget_get_parent (friday)), friday, &column, NULL, NULL, NULL);
  g_assert_cmpint (column, ==, 6);
  /* right to left: Saturday's column on the right, Friday's on the left */
  gtk_test_widget_wait_for_draw (preferences);
  g_assert_true (gtk_widget_compute_bounds (saturday, ordibehesht, &saturday_bounds));
  g_assert_true (gtk_widget_compute_bounds (friday, ordibehesht, &friday_bounds));
  g_assert_cmpfloat (saturday_bounds.origin.x, >, friday_bounds.origin.x);

  g_assert_true (gtk_widget_has_css_class (friday, "peygir-friday"));
  g_assert_false (gtk_widget_has_css_class (friday, "peygir-holiday"));
  g_assert_false (gtk_widget_has_css_class (saturday, "peygir-friday"));
  g_assert_true (gtk_widget_has_css_class (saturday, "peygir-today"));
  g_assert_false (gtk_widget_has_css_class (friday, "peygir-today"));
  g_assert_false (is_marked (page, A_TUESDAY));
  g_assert_null (gtk_widget_get_tooltip_text (day_button (page, A_TUESDAY)));

  /* 14 Khordad, a fixed solar holiday of every new database */
  khordad_14 = day_button (page, KHORDAD_14);
  g_assert_true (is_marked (page, KHORDAD_14));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (khordad_14), ==, "رحلت امام خمینی");
  g_assert_nonnull (peygir_month_grid_get_holiday (PEYGIR_MONTH_GRID (peygir_holidays_page_get_month (page, 3)), KHORDAD_14));
  /* in the list too, for reading and for the screen reader */
  row = ui_find_named (GTK_WIDGET (page), "holiday-20260604");
  g_assert_true (ADW_IS_ACTION_ROW (row));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "رحلت امام خمینی");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "۱۴ خرداد ۱۴۰۵"));

  /* the days are reached with the keyboard */
  {
    gboolean day_focused = FALSE;

    gtk_widget_grab_focus (ui_find_named (GTK_WIDGET (page), "next-year"));
    for (int i = 0; i < 10 && !day_focused; i++)
      {
        GtkWidget *focus;

        g_assert_true (gtk_widget_child_focus (GTK_WIDGET (page), GTK_DIR_TAB_FORWARD));
        focus = gtk_root_get_focus (GTK_ROOT (preferences));
        day_focused = focus != NULL && g_str_has_prefix (gtk_widget_get_name (focus), "day-");
      }
    g_assert_true (day_focused);
  }
  ui_screenshot (preferences, "holidays");
  scroll_to (page, "holiday-list");
  ui_screenshot (preferences, "holidays-list");
  gtk_window_set_default_size (GTK_WINDOW (preferences), 800, 600);
  ui_iterate (200);
  scroll_to (page, "year");
  ui_screenshot (preferences, "holidays-800x600");
  scroll_to (page, "month-12");
  ui_screenshot (preferences, "holidays-800x600-esfand");

  /* The next year: its own dates, the fixed holidays still marked. */
  ui_activate (GTK_WIDGET (page), "holidays.next-year", NULL);
  g_assert_cmpint (peygir_holidays_page_get_year (page), ==, 1406);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (ui_find_named (GTK_WIDGET (page), "year"))), ==, "۱۴۰۶");
  g_assert_null (ui_find_named (GTK_WIDGET (page), "day-20260604"));
  g_assert_true (is_marked (page, 20270604));   /* 14 Khordad 1406 */
  ui_activate (GTK_WIDGET (page), "holidays.previous-year", NULL);
  g_assert_true (is_marked (page, KHORDAD_14));
  /* Esfand has 29 days, 30 in a leap year (1403) */
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (day_button (page, 20270320))), ==, "۲۹");
  g_assert_null (ui_find_named (GTK_WIDGET (page), "day-20270321"));
  peygir_holidays_page_set_year (page, 1403);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (day_button (page, 20250320))), ==, "۳۰");
  peygir_holidays_page_set_year (page, 1405);

  gtk_window_destroy (GTK_WINDOW (preferences));
  ui_window_close (window);
}

/* A holiday added by clicking a day reaches the store and moves an
 * agency's deadline by one working day; removed again, the deadline is
 * as it was. */
static void
test_add_and_remove (StoreFixture  *f,
                     gconstpointer  data)
{
  PeygirWindow *window = ui_window_new (f->store, "admin");
  GtkWidget *preferences = ui_preferences_new (window, f->path, 1280, 800);
  PeygirHolidaysPage *page = holidays_page (preferences);
  PeygirDay due_before = dispatched_due (f);
  PeygirDay due_after;
  g_autoptr(PeygirHoliday) added = NULL;
  g_autoptr(PeygirHoliday) fixed = NULL;
  AdwMessageDialog *dialog;

  /* seven working days from today, the holiday among them */
  g_assert_cmpint (due_before, ==, due_by_calendar (f, 7));
  g_assert_cmpint (due_before, >, A_TUESDAY);

  /* a cancelled dialog adds nothing */
  dialog = click_day (page, A_TUESDAY);
  respond (page, dialog, "cancel");
  g_assert_null (store_holiday (f, A_TUESDAY, FALSE));

  add_through_page (page, A_TUESDAY, "  روز آزمایش  ", FALSE);
  g_assert_null (peygir_holidays_page_get_problem (page));
  added = store_holiday (f, A_TUESDAY, FALSE);
  g_assert_nonnull (added);
  g_assert_cmpstr (added->name, ==, "روز آزمایش");
  g_assert_true (is_marked (page, A_TUESDAY));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (day_button (page, A_TUESDAY)), ==, "روز آزمایش");
  g_assert_true (ADW_IS_ACTION_ROW (ui_find_named (GTK_WIDGET (page), "holiday-20260505")));
  ui_screenshot (preferences, "holidays-added");

  /* the deadline moves: one working day later than before */
  due_after = dispatched_due (f);
  g_assert_cmpint (due_after, ==, due_by_calendar (f, 7));
  g_assert_cmpint (due_after, ==, working_day_after (f, due_before));
  g_assert_cmpint (due_after, >, due_before);

  /* removed by clicking it again: the deadline is as it was */
  dialog = click_day (page, A_TUESDAY);
  g_assert_true (adw_message_dialog_has_response (dialog, "remove"));
  respond (page, dialog, "remove");
  g_assert_null (peygir_holidays_page_get_problem (page));
  g_assert_null (store_holiday (f, A_TUESDAY, FALSE));
  g_assert_false (is_marked (page, A_TUESDAY));
  g_assert_null (ui_find_named (GTK_WIDGET (page), "holiday-20260505"));
  g_assert_cmpint (dispatched_due (f), ==, due_before);

  /* a fixed solar one: month and day, every year */
  add_through_page (page, A_WEDNESDAY, "روز ثابت", TRUE);
  fixed = store_holiday (f, A_WEDNESDAY, TRUE);
  g_assert_nonnull (fixed);
  g_assert_cmpint (fixed->day, ==, 0);
  g_assert_cmpint (fixed->persian_month, ==, 2);
  g_assert_cmpint (fixed->persian_day, ==, 16);
  g_assert_null (store_holiday (f, A_WEDNESDAY, FALSE));
  g_assert_true (is_marked (page, A_WEDNESDAY));
  ui_activate (GTK_WIDGET (page), "holidays.next-year", NULL);
  g_assert_true (is_marked (page, 20270506));   /* 16 Ordibehesht 1406 */

  gtk_window_destroy (GTK_WINDOW (preferences));
  ui_window_close (window);
}

/* A fixed solar holiday is removed only after a word that it repeats
 * every year; then it is gone from every year. */
static void
test_remove_fixed (StoreFixture  *f,
                   gconstpointer  data)
{
  PeygirWindow *window = ui_window_new (f->store, "admin");
  GtkWidget *preferences = ui_preferences_new (window, f->path, 1280, 800);
  PeygirHolidaysPage *page = holidays_page (preferences);
  g_autoptr(PeygirHoliday) khordad = store_holiday (f, KHORDAD_14, TRUE);
  AdwMessageDialog *dialog;

  g_assert_nonnull (khordad);
  dialog = click_day (page, KHORDAD_14);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "۱۴ خرداد"));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  ui_screenshot (GTK_WIDGET (dialog), "holidays-remove-fixed");
  respond (page, dialog, "cancel");
  g_assert_nonnull (store_holiday (f, KHORDAD_14, TRUE));
  g_assert_true (is_marked (page, KHORDAD_14));

  /* through its row in the list this time */
  g_signal_emit_by_name (ui_find_named (GTK_WIDGET (page), "holiday-20260604"), "activate");
  ui_iterate (50);
  dialog = peygir_holidays_page_get_dialog (page);
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "۱۴ خرداد"));
  respond (page, dialog, "remove");
  g_assert_null (peygir_holidays_page_get_problem (page));
  g_assert_null (store_holiday (f, KHORDAD_14, TRUE));
  g_assert_false (is_marked (page, KHORDAD_14));
  ui_activate (GTK_WIDGET (page), "holidays.next-year", NULL);
  g_assert_false (is_marked (page, 20270604));

  gtk_window_destroy (GTK_WINDOW (preferences));
  ui_window_close (window);
}

/* Another desk removed the holiday, or made the day a holiday, while the
 * page showed the table as it was: the page says so, changes nothing,
 * and shows the table as it is now. */
static void
test_conflict (StoreFixture  *f,
               gconstpointer  data)
{
  PeygirHoliday holiday = { .day = A_TUESDAY, .name = (char *) "روز آزمایش" };
  PeygirHoliday other = { .day = A_WEDNESDAY, .name = (char *) "میز دیگر" };
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirHoliday) listed = NULL;
  g_autoptr(PeygirHoliday) still = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  PeygirWindow *window;
  GtkWidget *preferences;
  PeygirHolidaysPage *page;
  AdwMessageDialog *dialog;
  gint64 events;

  g_assert_true (peygir_store_add_holiday (f->store, "admin", &holiday, &error));
  g_assert_no_error (error);
  window = ui_window_new (f->store, "admin");
  preferences = ui_preferences_new (window, f->path, 1280, 800);
  page = holidays_page (preferences);
  g_assert_true (is_marked (page, A_TUESDAY));

  /* removed at another desk meanwhile */
  listed = store_holiday (f, A_TUESDAY, FALSE);
  g_assert_true (peygir_store_remove_holiday (f->store, "admin", listed, &error));
  g_assert_no_error (error);
  before = store_holidays (f);
  events = count_events (f);

  dialog = click_day (page, A_TUESDAY);
  respond (page, dialog, "remove");
  g_assert_nonnull (peygir_holidays_page_get_problem (page));
  /* "Someone at another desk changed the holidays meanwhile: …" */
  g_assert_nonnull (strstr (peygir_holidays_page_get_problem (page), "میز دیگری"));
  g_assert_nonnull (strstr (peygir_holidays_page_get_problem (page), "روز آزمایش"));
  after = store_holidays (f);
  g_assert_cmpuint (after->len, ==, before->len);
  g_assert_cmpint (count_events (f), ==, events);
  /* the page shows the truth now */
  g_assert_false (is_marked (page, A_TUESDAY));

  /* made a holiday at another desk meanwhile */
  g_assert_true (peygir_store_add_holiday (f->store, "admin", &other, &error));
  g_assert_no_error (error);
  events = count_events (f);
  g_assert_false (is_marked (page, A_WEDNESDAY));
  add_through_page (page, A_WEDNESDAY, "این میز", FALSE);
  g_assert_nonnull (peygir_holidays_page_get_problem (page));
  /* "That day is already a holiday: …", the other desk's */
  g_assert_nonnull (strstr (peygir_holidays_page_get_problem (page), "میز دیگر"));
  g_assert_cmpint (count_events (f), ==, events);
  still = store_holiday (f, A_WEDNESDAY, FALSE);
  g_assert_cmpstr (still->name, ==, "میز دیگر");
  g_assert_true (is_marked (page, A_WEDNESDAY));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (day_button (page, A_WEDNESDAY)), ==, "میز دیگر");

  gtk_window_destroy (GTK_WINDOW (preferences));
  ui_window_close (window);
}

static gboolean
has_dated_holiday (StoreFixture *f,
                   int           persian_year)
{
  g_autoptr(GPtrArray) holidays = store_holidays (f);

  for (guint i = 0; i < holidays->len; i++)
    {
      PeygirHoliday *holiday = g_ptr_array_index (holidays, i);
      PeygirPersianDate date;

      if (holiday->day != 0 && peygir_day_to_persian (holiday->day, &date) && date.year == persian_year)
        return TRUE;
    }
  return FALSE;
}

static void
remove_dated_holidays (StoreFixture *f,
                       int           persian_year)
{
  g_autoptr(GPtrArray) holidays = store_holidays (f);

  for (guint i = 0; i < holidays->len; i++)
    {
      PeygirHoliday *holiday = g_ptr_array_index (holidays, i);
      g_autoptr(GError) error = NULL;
      PeygirPersianDate date;

      if (holiday->day != 0 && peygir_day_to_persian (holiday->day, &date) && date.year == persian_year)
        {
          g_assert_true (peygir_store_remove_holiday (f->store, "admin", holiday, &error));
          g_assert_no_error (error);
        }
    }
}

/* The lunar holidays Peygir ships are offered for a year that has none of
 * its own, and added with one click. */
static void
test_official (StoreFixture  *f,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) shipped = NULL;
  PeygirWindow *window;
  GtkWidget *preferences;
  PeygirHolidaysPage *page;
  GtkWidget *offer;
  int first, last, year = 0;
  PeygirDay unmarked = 0;

  /* A new database has every shipped year's lunar holidays: no offer. */
  peygir_official_holiday_years (&first, &last);
  for (int y = first; y <= last && year == 0; y++)
    {
      g_autoptr(GPtrArray) lunar = peygir_official_holidays (y, TRUE);

      if (lunar != NULL && lunar->len > 0)
        year = y;
    }
  g_assert_cmpint (year, !=, 0);
  g_assert_true (has_dated_holiday (f, year));
  shipped = peygir_official_holidays (year, TRUE);

  window = ui_window_new (f->store, "admin");
  preferences = ui_preferences_new (window, f->path, 1280, 800);
  page = holidays_page (preferences);
  peygir_holidays_page_set_year (page, year);
  offer = ui_find_named (GTK_WIDGET (page), "official");
  g_assert_true (ADW_IS_ACTION_ROW (offer));
  g_assert_false (gtk_widget_is_visible (offer));
  g_assert_false (ui_action_enabled (GTK_WIDGET (page), "holidays.add-official"));

  /* The year's dated holidays gone, as in a table that predates them:
   * the shipped ones are offered. */
  remove_dated_holidays (f, year);
  g_assert_false (has_dated_holiday (f, year));
  peygir_holidays_page_reload (page);
  ui_wait_for (page_idle, page);
  g_assert_true (gtk_widget_is_visible (offer));
  g_assert_true (ui_action_enabled (GTK_WIDGET (page), "holidays.add-official"));
  /* a lunar holiday apart from the solar ones is not marked yet */
  for (guint i = 0; i < shipped->len && unmarked == 0; i++)
    {
      PeygirHoliday *holiday = g_ptr_array_index (shipped, i);
      g_autoptr(PeygirHoliday) solar = store_holiday (f, holiday->day, TRUE);

      if (solar == NULL)
        unmarked = holiday->day;
    }
  g_assert_cmpint (unmarked, !=, 0);
  g_assert_false (is_marked (page, unmarked));
  ui_screenshot (preferences, "holidays-official");

  ui_activate (GTK_WIDGET (page), "holidays.add-official", NULL);
  ui_wait_for (page_idle, page);
  g_assert_null (peygir_holidays_page_get_problem (page));
  for (guint i = 0; i < shipped->len; i++)
    {
      PeygirHoliday *holiday = g_ptr_array_index (shipped, i);
      g_autoptr(PeygirHoliday) stored = store_holiday (f, holiday->day, FALSE);
      g_autoptr(PeygirHoliday) solar = store_holiday (f, holiday->day, TRUE);

      /* a day that is a solar holiday already stays as it is */
      if (solar == NULL)
        {
          g_assert_nonnull (stored);
          g_assert_cmpstr (stored->name, ==, holiday->name);
        }
      g_assert_true (is_marked (page, holiday->day));
    }
  /* offered no more: the year has its lunar holidays */
  g_assert_false (gtk_widget_is_visible (offer));
  g_assert_false (ui_action_enabled (GTK_WIDGET (page), "holidays.add-official"));

  gtk_window_destroy (GTK_WINDOW (preferences));
  ui_window_close (window);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add ("/ui/holidays/admin-only", StoreFixture, NULL, fixture_set_up, test_admin_only, fixture_tear_down);
  g_test_add ("/ui/holidays/grid", StoreFixture, NULL, fixture_set_up, test_grid, fixture_tear_down);
  g_test_add ("/ui/holidays/add-and-remove", StoreFixture, NULL, fixture_set_up, test_add_and_remove, fixture_tear_down);
  g_test_add ("/ui/holidays/remove-fixed", StoreFixture, NULL, fixture_set_up, test_remove_fixed, fixture_tear_down);
  g_test_add ("/ui/holidays/conflict", StoreFixture, NULL, fixture_set_up, test_conflict, fixture_tear_down);
  g_test_add ("/ui/holidays/official", StoreFixture, NULL, fixture_set_up, test_official, fixture_tear_down);

  return g_test_run ();
}
