/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Now, in unix seconds. PEYGIR_NOW (ISO 8601, e.g. 2026-03-20T09:00:00+03:30)
 * fixes it for tests and demonstrations; peygir_clock_set_now() overrides it
 * inside one process (0 returns to the real clock). */
gint64    peygir_clock_now               (void);
void      peygir_clock_set_now           (gint64 unix_seconds);
/* An ISO 8601 moment, with a zone (…+03:30, …Z) or without one (then
 * Tehran's time): the parser of PEYGIR_NOW, for options such as --now. */
gboolean  peygir_clock_parse_iso8601     (const char *text,
                                          gint64     *out_unix);

G_END_DECLS
