/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "peygir-types.h"

G_BEGIN_DECLS

/* The official holidays of @persian_year as shipped
 * (data/official-holidays.tsv, from the official calendar), each with .day
 * (Gregorian YYYYMMDD) and .persian_month/.persian_day set, in the order of
 * the year; NULL when the year is not shipped. @lunar_only: only those that
 * move with the moon. A lunar holiday may share its day with a solar one
 * (Eid al-Fitr on 1 Farvardin 1405). The caller owns the array (free
 * func peygir_holiday_free). Any thread. */
GPtrArray *peygir_official_holidays      (int      persian_year,
                                          gboolean lunar_only);
/* The first and last Persian years shipped; either may be NULL. */
void       peygir_official_holiday_years (int     *first,
                                          int     *last);

G_END_DECLS
