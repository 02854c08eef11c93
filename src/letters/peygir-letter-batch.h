/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "peygir-letter.h"
#include "peygir-letterhead.h"

G_BEGIN_DECLS

/* Work on one item of a batch, from whichever thread takes it next. */
typedef void (*PeygirLetterBatchFunc) (guint    index,
                                       gpointer data);

/* Calls @func for each @index below @n_items, on every processor: the
 * calling thread and as many helpers as there are other processors, each
 * taking the next item as it is free. Letters rendered there use each
 * thread's own renderer (peygir_letter_render_to_*), so they are the same
 * bytes as one after the other; @func must keep what it writes apart per
 * item. Returns when every item is done: call it from a worker thread in
 * the client. */
void     peygir_letter_batch_run    (guint                       n_items,
                                     PeygirLetterBatchFunc       func,
                                     gpointer                    data);

/* Renders @letters[i] to the file @paths[i] for each of the @n_letters
 * with peygir_letter_batch_run (). Every letter is tried; the error is
 * the first failure in the order of @letters. */
gboolean peygir_letter_render_batch (const PeygirLetterhead     *letterhead,
                                     const PeygirLetter * const *letters,
                                     const char * const         *paths,
                                     guint                       n_letters,
                                     GError                    **error);

G_END_DECLS
