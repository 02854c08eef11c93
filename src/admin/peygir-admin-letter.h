/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "peygir-admin-private.h"

G_BEGIN_DECLS

/* peygir-admin letter: a case's letter as PDF, or many cases' at once. */
CommandBody peygir_admin_letter;

/* peygir-admin letter list: the register; letter void: a number issued by
 * mistake. */
CommandBody peygir_admin_letter_list;
CommandBody peygir_admin_letter_void;

G_END_DECLS
