/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-holidays-page"

#include <glib/gi18n-lib.h>

#include "peygir-clock.h"
#include "peygir-error.h"
#include "peygir-format.h"
#include "peygir-holidays-page.h"
#include "peygir-holidays.h"
#include "peygir-month-grid.h"
#include "peygir-text.h"
#include "peygir-utils-private.h"

struct _PeygirHolidaysPage
{
  AdwPreferencesPage   parent_instance;

  GtkLabel            *year_label;
  AdwPreferencesGroup *official_group;
  AdwActionRow        *official_row;
  GtkButton           *official_button;
  GtkFlowBox          *months_box;
  AdwPreferencesGroup *list_group;
  GtkListBox          *holiday_list;

  PeygirMonthGrid     *months[12];
  PeygirSession       *session;
  GCancellable        *cancellable;
  GPtrArray           *holidays;        /* of PeygirHoliday: the table as last read */
  int                  year;
  guint                load_serial;     /* a reload supersedes the reads before it */
  guint                busy;
  gboolean             writing;
  char                *problem;

  /* The dialog open, and what it is about. */
  AdwMessageDialog    *dialog;
  AdwEntryRow         *name_row;
  GtkSwitch           *fixed_switch;
  PeygirDay            dialog_day;
  PeygirHoliday       *dialog_holiday;  /* to remove, as it was listed */
};

G_DEFINE_FINAL_TYPE (PeygirHolidaysPage, peygir_holidays_page, ADW_TYPE_PREFERENCES_PAGE)

typedef enum
{
  WRITE_ADD,
  WRITE_REMOVE,
  WRITE_OFFICIAL,
} WriteKind;

typedef struct
{
  WriteKind      kind;
  char          *login;
  PeygirHoliday *holiday;   /* to add or remove */
  int            year;      /* whose official holidays to add */
} HolidayWrite;

/* A holiday of the year shown, on its day that year. */
typedef struct
{
  PeygirDay            day;
  const PeygirHoliday *holiday;
} YearHoliday;

static void
holiday_write_free (HolidayWrite *write)
{
  g_free (write->login);
  g_clear_pointer (&write->holiday, peygir_holiday_free);
  g_free (write);
}

static void
show_toast (PeygirHolidaysPage *self,
            const char         *message)
{
  _peygir_widget_add_toast (GTK_WIDGET (self), message);
}

static void
update_actions (PeygirHolidaysPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "holidays.previous-year", self->year > 1);
  gtk_widget_action_set_enabled (widget, "holidays.next-year", self->year < 9000);
  /* One write at a time, and none before the table is read: a day is
   * added or removed as the page showed it. */
  gtk_widget_action_set_enabled (widget, "holidays.day",
                                 self->holidays != NULL && !self->writing);
  gtk_widget_action_set_enabled (widget, "holidays.remove",
                                 self->holidays != NULL && !self->writing);
  gtk_widget_action_set_enabled (widget, "holidays.add-official",
                                 self->holidays != NULL && !self->writing
                                 && gtk_widget_get_visible (GTK_WIDGET (self->official_group)));
}

static int
year_holiday_compare (gconstpointer a,
                      gconstpointer b)
{
  const YearHoliday *x = a;
  const YearHoliday *y = b;

  if (x->day != y->day)
    return x->day < y->day ? -1 : 1;
  /* the dated holiday first, as the grid marks it */
  return (x->holiday->day == 0) - (y->holiday->day == 0);
}

/* The holidays of the year shown, each on its day, in the order of the
 * days; whether any of them is dated (not a fixed solar one). */
static GArray *
holidays_of_year (PeygirHolidaysPage *self,
                  gboolean           *any_dated)
{
  GArray *found = g_array_new (FALSE, FALSE, sizeof (YearHoliday));

  *any_dated = FALSE;
  for (guint i = 0; self->holidays != NULL && i < self->holidays->len; i++)
    {
      const PeygirHoliday *holiday = g_ptr_array_index (self->holidays, i);
      YearHoliday item = { 0, holiday };

      if (holiday->day != 0)
        {
          PeygirPersianDate date;

          if (!peygir_day_to_persian (holiday->day, &date) || date.year != self->year)
            continue;
          item.day = holiday->day;
          *any_dated = TRUE;
        }
      else
        {
          PeygirPersianDate date = { self->year, holiday->persian_month, holiday->persian_day };

          /* 30 Esfand holds only in a leap year */
          if (!peygir_day_from_persian (&date, &item.day, NULL))
            continue;
        }
      g_array_append_val (found, item);
    }
  g_array_sort (found, year_holiday_compare);
  return found;
}

static GtkWidget *
holiday_row_new (const YearHoliday *item)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *name = peygir_format_text (item->holiday->name);
  g_autofree char *date = peygir_day_format (item->day, PEYGIR_DATE_WEEKDAY);
  g_autofree char *widget_name = g_strdup_printf ("holiday-%d", item->day);
  g_autofree char *subtitle = NULL;

  if (item->holiday->day == 0)
    /* TRANSLATORS: the date of a fixed solar holiday, which comes back every year */
    subtitle = g_strdup_printf (_("%s, every year"), date);
  else
    subtitle = g_steal_pointer (&date);
  gtk_widget_set_name (row, widget_name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  /* the row's own holiday, where a dated and a fixed one share a day */
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "holidays.remove");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row), g_variant_new_int64 (item->holiday->id));
  gtk_widget_set_tooltip_text (row, _("Remove this holiday"));
  return row;
}

/* Shows the year and the table as last read. */
static void
show_year (PeygirHolidaysPage *self)
{
  g_autofree char *year = peygir_text_format_number (self->year);
  g_autofree char *list_title = NULL;
  g_autoptr(GArray) found = NULL;
  g_autoptr(GPtrArray) official = NULL;
  gboolean any_dated;

  gtk_label_set_text (self->year_label, year);
  /* TRANSLATORS: %s is a Persian year, such as ۱۴۰۵ */
  list_title = g_strdup_printf (_("The Holidays of %s"), year);
  adw_preferences_group_set_title (self->list_group, list_title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->holiday_list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, list_title,
                                  -1);

  for (int month = 1; month <= 12; month++)
    {
      peygir_month_grid_set_month (self->months[month - 1], self->year, month);
      peygir_month_grid_set_holidays (self->months[month - 1], self->holidays);
    }

  _peygir_list_box_remove_all (self->holiday_list);
  found = holidays_of_year (self, &any_dated);
  for (guint i = 0; i < found->len; i++)
    gtk_list_box_append (self->holiday_list, holiday_row_new (&g_array_index (found, YearHoliday, i)));

  /* The lunar holidays follow the moon: Peygir ships them year by year,
   * offered while the year has none of its own yet. */
  official = self->holidays != NULL && !any_dated ? peygir_official_holidays (self->year, TRUE) : NULL;
  if (official != NULL && official->len > 0)
    {
      g_autofree char *count = peygir_text_format_number (official->len);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;

      /* TRANSLATORS: %s is a Persian year, such as ۱۴۰۶ */
      title = g_strdup_printf (_("Add the official holidays of %s"), year);
      /* TRANSLATORS: %s is a number of days */
      subtitle = g_strdup_printf (_("Peygir ships this year’s lunar holidays as announced: %s days. A date can still be corrected here afterwards."),
                                  count);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->official_row), title);
      adw_action_row_set_subtitle (self->official_row, subtitle);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->official_button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                      -1);
      gtk_widget_set_visible (GTK_WIDGET (self->official_group), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->official_group), FALSE);
  update_actions (self);
}

/* Reading */

static gpointer
load_thread (PeygirStore   *store,
             gpointer       task_data,
             GCancellable  *cancellable,
             GError       **error)
{
  return peygir_store_list_holidays (store, error);
}

static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PeygirHolidaysPage) self = user_data;
  guint serial = GPOINTER_TO_UINT (peygir_session_run_get_data (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) holidays = NULL;

  holidays = peygir_session_run_finish (PEYGIR_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy--;
  if (serial != self->load_serial)
    return;
  if (holidays == NULL)
    {
      g_free (self->problem);
      self->problem = g_strdup (error->message);
      show_toast (self, error->message);
      return;
    }
  g_clear_pointer (&self->holidays, g_ptr_array_unref);
  self->holidays = g_steal_pointer (&holidays);
  show_year (self);
}

/* Writing */

static gpointer
write_thread (PeygirStore   *store,
              gpointer       task_data,
              GCancellable  *cancellable,
              GError       **error)
{
  HolidayWrite *write = task_data;
  int added;

  switch (write->kind)
    {
    case WRITE_ADD:
      if (!peygir_store_add_holiday (store, write->login, write->holiday, error))
        return NULL;
      return g_new0 (int, 1);
    case WRITE_REMOVE:
      if (!peygir_store_remove_holiday (store, write->login, write->holiday, error))
        return NULL;
      return g_new0 (int, 1);
    case WRITE_OFFICIAL:
      added = peygir_store_add_official_holidays (store, write->login, write->year, error);
      if (added < 0)
        return NULL;
      return g_memdup2 (&added, sizeof added);
    default:
      g_assert_not_reached ();
    }
}

static void
write_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(PeygirHolidaysPage) self = user_data;
  HolidayWrite *write = peygir_session_run_get_data (result);
  g_autoptr(GError) error = NULL;
  g_autofree int *added = NULL;
  g_autofree char *message = NULL;

  added = peygir_session_run_finish (PEYGIR_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy--;
  self->writing = FALSE;
  g_clear_pointer (&self->problem, g_free);
  if (added == NULL)
    {
      /* The store says a refusal for another desk's change in its own
       * words (CONFLICT, EXISTS); that change is the truth now: show it. */
      self->problem = g_strdup (error->message);
      show_toast (self, self->problem);
      peygir_holidays_page_reload (self);
      return;
    }

  switch (write->kind)
    {
    case WRITE_ADD:
      message = g_strdup (_("The holiday is added. Deadlines set from now on skip it."));
      break;
    case WRITE_REMOVE:
      message = g_strdup (_("The holiday is removed. Deadlines set from now on count the day."));
      break;
    case WRITE_OFFICIAL:
      if (*added == 0)
        message = g_strdup (_("The official holidays of this year are in the table already."));
      else
        {
          g_autofree char *count = peygir_text_format_number (*added);

          /* TRANSLATORS: %s is a number of holidays */
          message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s official holiday added.",
                                                  "%s official holidays added.", *added),
                                     count);
        }
      break;
    default:
      g_assert_not_reached ();
    }
  show_toast (self, message);
  /* Deadlines count working days: everything that shows one reads again,
   * this page with them. */
  peygir_session_changed (self->session);
}

static void
run_write (PeygirHolidaysPage *self,
           HolidayWrite       *write)
{
  write->login = g_strdup (peygir_session_get_login (self->session));
  self->writing = TRUE;
  self->busy++;
  update_actions (self);
  peygir_session_run (self->session, write_thread, write, (GDestroyNotify) holiday_write_free,
                      g_free, self->cancellable, write_done_cb, g_object_ref (self));
}

/* The dialogs */

static void
forget_dialog (PeygirHolidaysPage *self)
{
  self->dialog = NULL;
  self->name_row = NULL;
  self->fixed_switch = NULL;
  self->dialog_day = 0;
  g_clear_pointer (&self->dialog_holiday, peygir_holiday_free);
}

static void
name_changed_cb (PeygirHolidaysPage *self)
{
  g_autofree char *name = NULL;

  if (self->dialog == NULL || self->name_row == NULL)
    return;
  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  adw_message_dialog_set_response_enabled (self->dialog, "add", *name != '\0');
}

static void
add_response_cb (AdwMessageDialog *dialog,
                 const char       *response,
                 gpointer          user_data)
{
  PeygirHolidaysPage *self = user_data;

  if (g_strcmp0 (response, "add") == 0 && self->session != NULL && !self->writing)
    {
      g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
      HolidayWrite *write = g_new0 (HolidayWrite, 1);
      PeygirPersianDate date;

      write->kind = WRITE_ADD;
      write->holiday = g_new0 (PeygirHoliday, 1);
      write->holiday->name = g_steal_pointer (&name);
      if (gtk_switch_get_active (self->fixed_switch) && peygir_day_to_persian (self->dialog_day, &date))
        {
          write->holiday->persian_month = date.month;
          write->holiday->persian_day = date.day;
        }
      else
        write->holiday->day = self->dialog_day;
      run_write (self, write);
    }
  forget_dialog (self);
}

static void
remove_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  PeygirHolidaysPage *self = user_data;

  if (g_strcmp0 (response, "remove") == 0 && self->session != NULL && !self->writing)
    {
      HolidayWrite *write = g_new0 (HolidayWrite, 1);

      write->kind = WRITE_REMOVE;
      write->holiday = g_steal_pointer (&self->dialog_holiday);
      run_write (self, write);
    }
  forget_dialog (self);
}

static void
ask_to_add (PeygirHolidaysPage *self,
            PeygirDay           day)
{
  g_autofree char *date = peygir_day_format (day, PEYGIR_DATE_WEEKDAY);
  g_autofree char *every_year = NULL;
  g_autofree char *body = NULL;
  PeygirPersianDate persian;
  GtkWidget *dialog;
  GtkWidget *list;
  GtkWidget *name_row;
  GtkWidget *fixed_row;
  GtkWidget *fixed_switch;

  if (!peygir_day_to_persian (day, &persian))
    return;
  {
    g_autofree char *number = peygir_text_format_number (persian.day);

    /* TRANSLATORS: a day and month, such as ۱۴ خرداد */
    every_year = g_strdup_printf (_("Every year on %s %s, not only this year."),
                                  number, peygir_persian_month_name (persian.month));
  }
  /* TRANSLATORS: %s is a date, such as دوشنبه ۱۴ خرداد ۱۴۰۵ */
  body = g_strdup_printf (_("%s becomes a holiday: deadlines set from now on skip it."), date);
  dialog = adw_message_dialog_new (_peygir_widget_get_window (GTK_WIDGET (self)), _("New Holiday"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "add", _("_Add Holiday"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "add");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "add", FALSE);

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");

  name_row = adw_entry_row_new ();
  gtk_widget_set_name (name_row, "holiday-name");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (name_row), _("Name of the holiday"));
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (name_row), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (name_row),
                                  GTK_ACCESSIBLE_PROPERTY_REQUIRED, TRUE,
                                  -1);
  g_signal_connect_object (name_row, "changed", G_CALLBACK (name_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_list_box_append (GTK_LIST_BOX (list), name_row);

  fixed_switch = gtk_switch_new ();
  gtk_widget_set_name (fixed_switch, "holiday-fixed");
  gtk_widget_set_valign (fixed_switch, GTK_ALIGN_CENTER);
  fixed_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (fixed_row), _("Fixed every year (solar)"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (fixed_row), every_year);
  adw_action_row_add_suffix (ADW_ACTION_ROW (fixed_row), fixed_switch);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (fixed_row), fixed_switch);
  gtk_accessible_update_property (GTK_ACCESSIBLE (fixed_switch),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Fixed every year (solar)"),
                                  -1);
  gtk_list_box_append (GTK_LIST_BOX (list), fixed_row);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);

  self->dialog = ADW_MESSAGE_DIALOG (dialog);
  self->name_row = ADW_ENTRY_ROW (name_row);
  self->fixed_switch = GTK_SWITCH (fixed_switch);
  self->dialog_day = day;
  g_signal_connect_object (dialog, "response", G_CALLBACK (add_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (name_row);
}

static void
ask_to_remove (PeygirHolidaysPage  *self,
               PeygirDay            day,
               const PeygirHoliday *holiday)
{
  g_autofree char *name = peygir_format_text (holiday->name);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  /* TRANSLATORS: %s is the holiday's name */
  heading = g_strdup_printf (_("Remove “%s”?"), name);
  if (holiday->day == 0)
    {
      g_autofree char *number = peygir_text_format_number (holiday->persian_day);

      /* TRANSLATORS: a day and month, such as ۱۴ خرداد */
      body = g_strdup_printf (_("This holiday comes back every year on %s %s. Removing it makes that day a working day in every year, not only in this one."),
                              number, peygir_persian_month_name (holiday->persian_month));
    }
  else
    {
      g_autofree char *date = peygir_day_format (day, PEYGIR_DATE_WEEKDAY);

      /* TRANSLATORS: %s is a date, such as دوشنبه ۱۴ خرداد ۱۴۰۵ */
      body = g_strdup_printf (_("%s becomes a working day again: deadlines set from now on count it."), date);
    }
  dialog = adw_message_dialog_new (_peygir_widget_get_window (GTK_WIDGET (self)), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove Holiday"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  self->dialog = ADW_MESSAGE_DIALOG (dialog);
  self->dialog_day = day;
  self->dialog_holiday = peygir_holiday_copy (holiday);
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Actions */

static void
holidays_previous_year (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  PeygirHolidaysPage *self = PEYGIR_HOLIDAYS_PAGE (widget);

  peygir_holidays_page_set_year (self, self->year - 1);
}

static void
holidays_next_year (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PeygirHolidaysPage *self = PEYGIR_HOLIDAYS_PAGE (widget);

  peygir_holidays_page_set_year (self, self->year + 1);
}

static void
holidays_day (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  PeygirHolidaysPage *self = PEYGIR_HOLIDAYS_PAGE (widget);
  PeygirDay day = g_variant_get_int32 (parameter);
  const PeygirHoliday *holiday;
  PeygirPersianDate date;

  if (self->dialog != NULL || self->writing
      || !peygir_day_is_valid (day) || !peygir_day_to_persian (day, &date)
      || date.year != self->year)
    return;
  holiday = peygir_month_grid_get_holiday (self->months[date.month - 1], day);
  if (holiday != NULL)
    ask_to_remove (self, day, holiday);
  else
    ask_to_add (self, day);
}

static void
holidays_remove (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PeygirHolidaysPage *self = PEYGIR_HOLIDAYS_PAGE (widget);
  gint64 id = g_variant_get_int64 (parameter);

  if (self->dialog != NULL || self->writing || self->holidays == NULL)
    return;
  for (guint i = 0; i < self->holidays->len; i++)
    {
      const PeygirHoliday *holiday = g_ptr_array_index (self->holidays, i);

      if (holiday->id == id)
        {
          ask_to_remove (self, holiday->day, holiday);
          return;
        }
    }
}

static void
holidays_add_official (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  PeygirHolidaysPage *self = PEYGIR_HOLIDAYS_PAGE (widget);
  HolidayWrite *write;

  if (self->writing)
    return;
  write = g_new0 (HolidayWrite, 1);
  write->kind = WRITE_OFFICIAL;
  write->year = self->year;
  run_write (self, write);
}

/* GObject */

static void
peygir_holidays_page_dispose (GObject *object)
{
  PeygirHolidaysPage *self = (PeygirHolidaysPage *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->dialog != NULL)
    {
      AdwMessageDialog *dialog = self->dialog;

      forget_dialog (self);
      gtk_window_destroy (GTK_WINDOW (dialog));
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), PEYGIR_TYPE_HOLIDAYS_PAGE);

  G_OBJECT_CLASS (peygir_holidays_page_parent_class)->dispose (object);
}

static void
peygir_holidays_page_finalize (GObject *object)
{
  PeygirHolidaysPage *self = (PeygirHolidaysPage *)object;

  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->holidays, g_ptr_array_unref);
  g_clear_pointer (&self->problem, g_free);
  g_clear_pointer (&self->dialog_holiday, peygir_holiday_free);

  G_OBJECT_CLASS (peygir_holidays_page_parent_class)->finalize (object);
}

static void
peygir_holidays_page_class_init (PeygirHolidaysPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = peygir_holidays_page_dispose;
  object_class->finalize = peygir_holidays_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/ir/gov/peygir/peygir-holidays-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PeygirHolidaysPage, year_label);
  gtk_widget_class_bind_template_child (widget_class, PeygirHolidaysPage, official_group);
  gtk_widget_class_bind_template_child (widget_class, PeygirHolidaysPage, official_row);
  gtk_widget_class_bind_template_child (widget_class, PeygirHolidaysPage, official_button);
  gtk_widget_class_bind_template_child (widget_class, PeygirHolidaysPage, months_box);
  gtk_widget_class_bind_template_child (widget_class, PeygirHolidaysPage, list_group);
  gtk_widget_class_bind_template_child (widget_class, PeygirHolidaysPage, holiday_list);

  gtk_widget_class_install_action (widget_class, "holidays.previous-year", NULL, holidays_previous_year);
  gtk_widget_class_install_action (widget_class, "holidays.next-year", NULL, holidays_next_year);
  gtk_widget_class_install_action (widget_class, "holidays.day", "i", holidays_day);
  gtk_widget_class_install_action (widget_class, "holidays.remove", "x", holidays_remove);
  gtk_widget_class_install_action (widget_class, "holidays.add-official", NULL, holidays_add_official);

  g_type_ensure (PEYGIR_TYPE_MONTH_GRID);
}

static void
peygir_holidays_page_init (PeygirHolidaysPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* AdwPreferencesPage's own "name" property hides the widget's. */
  gtk_widget_set_name (GTK_WIDGET (self), "holidays");

  self->cancellable = g_cancellable_new ();
  self->year = peygir_persian_year_of (peygir_clock_now ());
  for (int month = 1; month <= 12; month++)
    {
      GtkWidget *grid = peygir_month_grid_new ("holidays.day");
      g_autofree char *name = g_strdup_printf ("month-%d", month);

      gtk_widget_set_name (grid, name);
      gtk_flow_box_append (self->months_box, grid);
      /* the days take the focus, not the box around each month */
      gtk_widget_set_focusable (gtk_widget_get_parent (grid), FALSE);
      self->months[month - 1] = PEYGIR_MONTH_GRID (grid);
    }
  show_year (self);
}

/* Public API */

GtkWidget *
peygir_holidays_page_new (PeygirSession *session)
{
  PeygirHolidaysPage *self;

  g_return_val_if_fail (PEYGIR_IS_SESSION (session), NULL);

  self = g_object_new (PEYGIR_TYPE_HOLIDAYS_PAGE, NULL);
  self->session = g_object_ref (session);
  /* Another desk's holidays (seen by the session) and this window's own
   * changes alike. */
  g_signal_connect_object (session, "changed", G_CALLBACK (peygir_holidays_page_reload),
                           self, G_CONNECT_SWAPPED);
  peygir_holidays_page_reload (self);
  return GTK_WIDGET (self);
}

int
peygir_holidays_page_get_year (PeygirHolidaysPage *self)
{
  g_return_val_if_fail (PEYGIR_IS_HOLIDAYS_PAGE (self), 0);
  return self->year;
}

void
peygir_holidays_page_set_year (PeygirHolidaysPage *self,
                               int                 persian_year)
{
  g_return_if_fail (PEYGIR_IS_HOLIDAYS_PAGE (self));
  g_return_if_fail (persian_year >= 1 && persian_year <= 9000);

  if (persian_year == self->year)
    return;
  self->year = persian_year;
  show_year (self);
}

void
peygir_holidays_page_reload (PeygirHolidaysPage *self)
{
  g_return_if_fail (PEYGIR_IS_HOLIDAYS_PAGE (self));

  if (self->session == NULL)
    return;
  self->load_serial++;
  self->busy++;
  peygir_session_run (self->session, load_thread, GUINT_TO_POINTER (self->load_serial), NULL,
                      (GDestroyNotify) g_ptr_array_unref, self->cancellable,
                      load_done_cb, g_object_ref (self));
}

GtkWidget *
peygir_holidays_page_get_month (PeygirHolidaysPage *self,
                                int                 persian_month)
{
  g_return_val_if_fail (PEYGIR_IS_HOLIDAYS_PAGE (self), NULL);
  g_return_val_if_fail (persian_month >= 1 && persian_month <= 12, NULL);
  return GTK_WIDGET (self->months[persian_month - 1]);
}

AdwMessageDialog *
peygir_holidays_page_get_dialog (PeygirHolidaysPage *self)
{
  g_return_val_if_fail (PEYGIR_IS_HOLIDAYS_PAGE (self), NULL);
  return self->dialog;
}

gboolean
peygir_holidays_page_get_busy (PeygirHolidaysPage *self)
{
  g_return_val_if_fail (PEYGIR_IS_HOLIDAYS_PAGE (self), FALSE);
  return self->busy > 0;
}

const char *
peygir_holidays_page_get_problem (PeygirHolidaysPage *self)
{
  g_return_val_if_fail (PEYGIR_IS_HOLIDAYS_PAGE (self), NULL);
  return self->problem;
}
