/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "peygir-date.h"

G_BEGIN_DECLS

/* One month of the Persian calendar as a grid of days, a week a row,
 * Saturday first (on the right, right to left) and Friday last. Fridays,
 * holidays and today are marked; each day is a button that activates
 * @action_name with the day (an int32, PeygirDay: YYYYMMDD Gregorian) and
 * is named "day-YYYYMMDD". */

#define PEYGIR_TYPE_MONTH_GRID (peygir_month_grid_get_type ())
G_DECLARE_FINAL_TYPE (PeygirMonthGrid, peygir_month_grid, PEYGIR, MONTH_GRID, GtkBox)

GtkWidget           *peygir_month_grid_new          (const char      *action_name);
/* Shows @persian_month (1 Farvardin … 12 Esfand) of @persian_year, with
 * today (peygir_day_today ()) outlined; the holidays are cleared. */
void                 peygir_month_grid_set_month    (PeygirMonthGrid *self,
                                                     int              persian_year,
                                                     int              persian_month);
/* Marks the days of @holidays (of PeygirHoliday: dated ones on their day,
 * fixed solar ones on their month and day) that fall in the month shown;
 * the grid keeps a reference to @holidays. */
void                 peygir_month_grid_set_holidays (PeygirMonthGrid *self,
                                                     GPtrArray       *holidays);
/* The holiday marked on @day of the month shown (the dated one first),
 * borrowed from the array last given; NULL when @day is a working day, a
 * Friday without a holiday, or not in the month. */
const PeygirHoliday *peygir_month_grid_get_holiday  (PeygirMonthGrid *self,
                                                     PeygirDay        day);
/* The button of @day, NULL when the month does not hold it. */
GtkWidget           *peygir_month_grid_get_button   (PeygirMonthGrid *self,
                                                     PeygirDay        day);

G_END_DECLS
