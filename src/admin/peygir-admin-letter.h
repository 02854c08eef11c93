/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* peygir-admin letter: a case's letter as PDF, or many cases' at once. */
gboolean peygir_admin_letter (const char  *command,
                              char       **db_path,
                              char       **argv,
                              GError     **error);

/* peygir-admin letter list: the register; letter void: a number issued by
 * mistake. */
gboolean peygir_admin_letter_list (const char  *command,
                                   char       **db_path,
                                   char       **argv,
                                   GError     **error);
gboolean peygir_admin_letter_void (const char  *command,
                                   char       **db_path,
                                   char       **argv,
                                   GError     **error);

G_END_DECLS
