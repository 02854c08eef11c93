/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "peygir-types.h"

G_BEGIN_DECLS

/* How the client shows a case's fields: Persian digits, Persian dates, a
 * dash for what is not there yet. The registration number and tracking
 * code come isolated, as peygir_format_code () gives them. */
char *peygir_format_registration (const PeygirCase *kase);
char *peygir_format_tracking     (const char       *code);
/* A code, number or date that may stand inside a Persian sentence: Persian
 * digits, isolated (LRI … PDI, peygir_text_isolate_ltr ()) so that it reads
 * in its own order there: the groups of a tracking code, the ص of a letter
 * number. A dash when empty. */
char *peygir_format_code         (const char       *value);
/* Text a person wrote (a note, an answer, an address), its numbers, codes
 * and Latin runs isolated (peygir_text_isolate_ltr_runs ()); NULL stays
 * NULL. */
char *peygir_format_text         (const char       *text);
char *peygir_format_age          (const PeygirCase *kase);
char *peygir_format_day          (PeygirDay         day);
char *peygir_format_time         (gint64            unix_seconds);
char *peygir_format_digits       (const char       *text);
/* The labels of @roles (peygir_role_label ()), in the office's order,
 * joined by the translated separator. */
char *peygir_format_roles        (PeygirRoles       roles);

G_END_DECLS
