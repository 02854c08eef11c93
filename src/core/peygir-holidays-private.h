/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "peygir-types.h"

G_BEGIN_DECLS

/* One line of data/official-holidays.tsv. */
typedef struct
{
  int            persian_year;
  gboolean       lunar;
  PeygirHoliday  holiday;   /* .day, .persian_month, .persian_day, .name */
} PeygirOfficialHoliday;

/* Parses the text of data/official-holidays.tsv into PeygirOfficialHoliday
 * rows (the caller owns the array); a malformed line is skipped with a
 * warning. For peygir-holidays.c and its test. */
GPtrArray *_peygir_official_holidays_parse (const char *text,
                                            gsize       length);

G_END_DECLS
