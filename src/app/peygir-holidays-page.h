/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "peygir-session.h"

G_BEGIN_DECLS

/* The administrator's page of the preferences for the holiday table: a
 * Persian year as twelve month grids (PeygirMonthGrid) with Fridays,
 * holidays and today marked, and the year's holidays as a list. Actions:
 *   holidays.previous-year, holidays.next-year
 *   holidays.day (i)        a day (PeygirDay): asks for a new holiday's
 *                           name, or whether to remove the holiday there
 *   holidays.remove (x)     asks whether to remove the holiday of that id
 *                           (the rows of the list)
 *   holidays.add-official   adds the lunar holidays Peygir ships for the
 *                           year shown, offered while the table has no
 *                           dated holiday in it
 * Every write goes through the session's worker threads; one refused
 * because another desk changed the same holiday is said in a toast, and
 * the page reloads to show the table as it is. */

#define PEYGIR_TYPE_HOLIDAYS_PAGE (peygir_holidays_page_get_type ())
G_DECLARE_FINAL_TYPE (PeygirHolidaysPage, peygir_holidays_page, PEYGIR, HOLIDAYS_PAGE, AdwPreferencesPage)

GtkWidget        *peygir_holidays_page_new         (PeygirSession      *session);
/* The Persian year shown; the current one at first. */
int               peygir_holidays_page_get_year    (PeygirHolidaysPage *self);
void              peygir_holidays_page_set_year    (PeygirHolidaysPage *self,
                                                    int                 persian_year);
/* Reads the holiday table again. */
void              peygir_holidays_page_reload      (PeygirHolidaysPage *self);
/* The grid of @persian_month of the year shown. */
GtkWidget        *peygir_holidays_page_get_month   (PeygirHolidaysPage *self,
                                                    int                 persian_month);
/* The dialog open (a new holiday's name, or a removal to confirm); NULL
 * when none is. */
AdwMessageDialog *peygir_holidays_page_get_dialog  (PeygirHolidaysPage *self);
/* Whether a read or write is on its way. */
gboolean          peygir_holidays_page_get_busy    (PeygirHolidaysPage *self);
/* The sentence of the last error shown, NULL after a success. */
const char       *peygir_holidays_page_get_problem (PeygirHolidaysPage *self);

G_END_DECLS
