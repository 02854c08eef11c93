/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The client's file choosers (attach documents, the agency's answer, a
 * letterhead image, a database, saving a letter): native, one at a time
 * per widget, each file chosen handed to the widget that asked. */

/* Called once for each file chosen, in order. */
typedef void (*PeygirFileChosenFunc) (GtkWidget *widget,
                                      GFile     *file);

typedef struct
{
  const char           *title;
  GtkFileChooserAction  action;
  const char           *accept_label;
  const char           *cancel_label;
  const char           *filter_name;    /* NULL: no filter */
  const char * const   *mime_types;     /* the filter's, NULL-terminated; may be NULL */
  const char * const   *patterns;       /* likewise */
  const char * const   *suffixes;       /* likewise, matched without regard to case */
  const char           *current_name;   /* the name a save proposes; may be NULL */
  gboolean              modal;
  gboolean              select_multiple;
} PeygirFileChooserOptions;

/* Opens a chooser as @options say over @widget's window unless *@chooser
 * already holds one; *@chooser (a field of @widget, which owns and clears
 * it in dispose) holds it until it is answered. On accepting, @chosen for
 * each file; nothing after @widget is finalized. */
void peygir_file_chooser_open (GtkWidget                      *widget,
                               GtkFileChooserNative          **chooser,
                               const PeygirFileChooserOptions *options,
                               PeygirFileChosenFunc            chosen);

G_END_DECLS
