/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-month-grid"

#include <glib/gi18n-lib.h>

#include "peygir-format.h"
#include "peygir-month-grid.h"
#include "peygir-text.h"

#define MAX_DAYS 31

struct _PeygirMonthGrid
{
  GtkBox      parent_instance;

  GtkLabel   *title_label;
  GtkGrid    *grid;

  char       *action_name;
  int         year;
  int         month;
  PeygirDay   first;               /* the month's first day */
  int         n_days;
  GtkWidget  *buttons[MAX_DAYS];
  GPtrArray  *holidays;            /* of PeygirHoliday, the page's */
};

G_DEFINE_FINAL_TYPE (PeygirMonthGrid, peygir_month_grid, GTK_TYPE_BOX)

/* The column of a weekday: Saturday 0 … Friday 6. */
static int
weekday_column (PeygirDay day)
{
  return (peygir_day_weekday (day) - G_DATE_SATURDAY + 7) % 7;
}

static const PeygirHoliday *
holiday_on (PeygirMonthGrid *self,
            PeygirDay        day,
            int              persian_day)
{
  const PeygirHoliday *fixed = NULL;

  if (self->holidays == NULL)
    return NULL;
  for (guint i = 0; i < self->holidays->len; i++)
    {
      const PeygirHoliday *holiday = g_ptr_array_index (self->holidays, i);

      if (holiday->day != 0 && holiday->day == day)
        return holiday;
      if (holiday->day == 0 && fixed == NULL
          && holiday->persian_month == self->month && holiday->persian_day == persian_day)
        fixed = holiday;
    }
  return fixed;
}

static void
set_class (GtkWidget  *widget,
           const char *name,
           gboolean    set)
{
  if (set)
    gtk_widget_add_css_class (widget, name);
  else
    gtk_widget_remove_css_class (widget, name);
}

static void
mark_days (PeygirMonthGrid *self)
{
  PeygirDay today = peygir_day_today ();

  for (int i = 0; i < self->n_days; i++)
    {
      PeygirDay day = peygir_day_add_days (self->first, i);
      const PeygirHoliday *holiday = holiday_on (self, day, i + 1);
      gboolean friday = peygir_day_weekday (day) == G_DATE_FRIDAY;
      GtkWidget *button = self->buttons[i];
      g_autofree char *date = peygir_day_format (day, PEYGIR_DATE_WEEKDAY);
      g_autofree char *name = holiday != NULL ? peygir_format_text (holiday->name) : NULL;
      g_autofree char *said = NULL;

      set_class (button, "peygir-friday", friday);
      set_class (button, "peygir-holiday", holiday != NULL);
      set_class (button, "peygir-today", day == today);

      if (holiday != NULL && day == today)
        /* TRANSLATORS: a day of the holiday calendar: its date, then the holiday's name */
        said = g_strdup_printf (_("%s, today, a holiday: %s"), date, name);
      else if (holiday != NULL)
        /* TRANSLATORS: a day of the holiday calendar: its date, then the holiday's name */
        said = g_strdup_printf (_("%s, a holiday: %s"), date, name);
      else if (day == today)
        said = g_strdup_printf (_("%s, today"), date);
      else
        said = g_strdup (date);
      gtk_widget_set_tooltip_text (button, holiday != NULL ? name : NULL);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, said,
                                      -1);
    }
}

/* GObject */

static void
peygir_month_grid_dispose (GObject *object)
{
  PeygirMonthGrid *self = (PeygirMonthGrid *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), PEYGIR_TYPE_MONTH_GRID);

  G_OBJECT_CLASS (peygir_month_grid_parent_class)->dispose (object);
}

static void
peygir_month_grid_finalize (GObject *object)
{
  PeygirMonthGrid *self = (PeygirMonthGrid *)object;

  g_clear_pointer (&self->action_name, g_free);
  g_clear_pointer (&self->holidays, g_ptr_array_unref);

  G_OBJECT_CLASS (peygir_month_grid_parent_class)->finalize (object);
}

static void
peygir_month_grid_class_init (PeygirMonthGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = peygir_month_grid_dispose;
  object_class->finalize = peygir_month_grid_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/ir/gov/peygir/peygir-month-grid.ui");
  gtk_widget_class_bind_template_child (widget_class, PeygirMonthGrid, title_label);
  gtk_widget_class_bind_template_child (widget_class, PeygirMonthGrid, grid);
}

static void
peygir_month_grid_init (PeygirMonthGrid *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public API */

GtkWidget *
peygir_month_grid_new (const char *action_name)
{
  PeygirMonthGrid *self;

  g_return_val_if_fail (action_name != NULL, NULL);

  self = g_object_new (PEYGIR_TYPE_MONTH_GRID, NULL);
  self->action_name = g_strdup (action_name);
  return GTK_WIDGET (self);
}

void
peygir_month_grid_set_month (PeygirMonthGrid *self,
                             int              persian_year,
                             int              persian_month)
{
  PeygirPersianDate first = { persian_year, persian_month, 1 };
  g_autoptr(GError) error = NULL;

  g_return_if_fail (PEYGIR_IS_MONTH_GRID (self));
  g_return_if_fail (persian_month >= 1 && persian_month <= 12);

  for (int i = 0; i < self->n_days; i++)
    gtk_grid_remove (self->grid, g_steal_pointer (&self->buttons[i]));
  self->n_days = 0;
  g_clear_pointer (&self->holidays, g_ptr_array_unref);

  if (!peygir_day_from_persian (&first, &self->first, &error))
    {
      g_warning ("Month %d of %d: %s", persian_month, persian_year, error->message);
      return;
    }
  self->year = persian_year;
  self->month = persian_month;
  /* 31 days, 30, or 29 for Esfand but in a leap year: as many as the
   * calendar takes. */
  self->n_days = 29;
  while (self->n_days < MAX_DAYS)
    {
      PeygirPersianDate next = { persian_year, persian_month, self->n_days + 1 };
      PeygirDay ignored;

      if (!peygir_day_from_persian (&next, &ignored, NULL))
        break;
      self->n_days++;
    }
  gtk_label_set_text (self->title_label, peygir_persian_month_name (persian_month));
  {
    g_autofree char *year = peygir_text_format_number (persian_year);
    g_autofree char *label = g_strdup_printf ("%s %s", peygir_persian_month_name (persian_month), year);

    gtk_accessible_update_property (GTK_ACCESSIBLE (self->grid),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                    -1);
  }

  for (int i = 0, row = 1; i < self->n_days; i++)
    {
      PeygirDay day = peygir_day_add_days (self->first, i);
      int column = weekday_column (day);
      g_autofree char *number = peygir_text_format_number (i + 1);
      g_autofree char *name = g_strdup_printf ("day-%d", day);
      GtkWidget *button = gtk_button_new_with_label (number);

      if (column == 0 && i > 0)
        row++;
      gtk_widget_set_name (button, name);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_add_css_class (button, "peygir-day");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), self->action_name);
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int32 (day));
      gtk_grid_attach (self->grid, button, column, row, 1, 1);
      self->buttons[i] = button;
    }
  mark_days (self);
}

void
peygir_month_grid_set_holidays (PeygirMonthGrid *self,
                                GPtrArray       *holidays)
{
  g_return_if_fail (PEYGIR_IS_MONTH_GRID (self));

  if (holidays != NULL)
    g_ptr_array_ref (holidays);
  g_clear_pointer (&self->holidays, g_ptr_array_unref);
  self->holidays = holidays;
  mark_days (self);
}

const PeygirHoliday *
peygir_month_grid_get_holiday (PeygirMonthGrid *self,
                               PeygirDay        day)
{
  int index;

  g_return_val_if_fail (PEYGIR_IS_MONTH_GRID (self), NULL);

  index = self->n_days > 0 && peygir_day_is_valid (day) ? peygir_day_diff (self->first, day) : -1;
  if (index < 0 || index >= self->n_days)
    return NULL;
  return holiday_on (self, day, index + 1);
}

GtkWidget *
peygir_month_grid_get_button (PeygirMonthGrid *self,
                              PeygirDay        day)
{
  int index;

  g_return_val_if_fail (PEYGIR_IS_MONTH_GRID (self), NULL);

  index = self->n_days > 0 && peygir_day_is_valid (day) ? peygir_day_diff (self->first, day) : -1;
  if (index < 0 || index >= self->n_days)
    return NULL;
  return self->buttons[index];
}
