/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The names a screen reader speaks, where GTK 4.8 leaves them wrong or
 * empty, for every window the client realizes from now on:
 *
 * - a button with a mnemonic ("_Register") is named by its label alone,
 *   not by the raw text with its underscore followed by the label again;
 * - a check button with a mnemonic is named without the underscore;
 * - a button without a label (an icon) is named by its tooltip;
 * - the toggle inside a drop-down or a menu button, and the list inside a
 *   column view, which are what take the focus, speak the name of the
 *   drop-down, menu button or column view (its mnemonic label, else its
 *   accessible label property);
 * - libadwaita's own lists inside a row, and an expander row, say the
 *   row's title, and a list in a group without a title its first row's;
 *   a combo row's choices their text.
 *
 * Call once, after GTK has started. */
void _peygir_accessible_init (void);

/* The same now for @widget and everything in it: for what is built into
 * a window already realized, on a page not shown (a screen reader reaches
 * that too). */
void _peygir_accessible_look_after (GtkWidget *widget);

G_END_DECLS
