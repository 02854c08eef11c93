/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The "Attach Documents" file chooser that intake and the case page open:
 * several files at once, each handed to the page that asked. */

/* Called once for each file chosen, in order. */
typedef void (*PeygirAttachFileFunc) (GtkWidget *widget,
                                      GFile     *file);

/* Opens the chooser over @widget's window unless *@chooser already holds
 * one; *@chooser (a field of @widget, which owns and clears it in dispose)
 * holds it until it is answered. On Attach, @attach_file for each file;
 * nothing after @widget is finalized. */
void peygir_attach_chooser_open (GtkWidget             *widget,
                                 GtkFileChooserNative **chooser,
                                 PeygirAttachFileFunc   attach_file);

G_END_DECLS
