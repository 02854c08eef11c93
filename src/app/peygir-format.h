/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "peygir-types.h"

G_BEGIN_DECLS

/* How the client shows a case's fields: Persian digits, Persian dates, a
 * dash for what is not there yet. */
char *peygir_format_registration (const PeygirCase *kase);
char *peygir_format_tracking     (const char       *code);
char *peygir_format_age          (const PeygirCase *kase);
char *peygir_format_day          (PeygirDay         day);
char *peygir_format_time         (gint64            unix_seconds);
char *peygir_format_digits       (const char       *text);

G_END_DECLS
