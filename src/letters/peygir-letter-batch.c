/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-letters"

#include "peygir-letter-batch.h"
#include "peygir-letter-renderer.h"

/* One batch: the items go to whichever thread asks next. */
typedef struct
{
  guint                  n_items;
  gint                   next;     /* atomic: the next item to take */
  PeygirLetterBatchFunc  func;
  gpointer               data;
} Batch;

static void
take_items (Batch *batch)
{
  for (;;)
    {
      guint i = (guint) g_atomic_int_add (&batch->next, 1);

      if (i >= batch->n_items)
        return;
      batch->func (i, batch->data);
    }
}

static void
helper_cb (gpointer data,
           gpointer user_data)
{
  take_items (user_data);
}

void
peygir_letter_batch_run (guint                 n_items,
                         PeygirLetterBatchFunc func,
                         gpointer              data)
{
  Batch batch = { n_items, 0, func, data };
  guint n_threads = MIN ((guint) g_get_num_processors (), n_items);
  GThreadPool *pool = NULL;

  g_return_if_fail (func != NULL);

  /* This thread works too (its renderer is likely warm already). A shared
   * pool, so that a helper's thread, and the renderer it made, may serve
   * the next batch. */
  if (n_threads > 1)
    {
      pool = g_thread_pool_new (helper_cb, &batch, (int) n_threads - 1, FALSE, NULL);
      for (guint i = 1; i < n_threads; i++)
        g_thread_pool_push (pool, GUINT_TO_POINTER (i), NULL);
    }
  take_items (&batch);
  if (pool != NULL)
    g_thread_pool_free (pool, FALSE, TRUE);
}

typedef struct
{
  const PeygirLetterhead     *letterhead;
  const PeygirLetter * const *letters;
  const char * const         *paths;
  GError                    **errors;   /* one per letter, NULL when written */
} RenderBatch;

static void
render_one (guint    index,
            gpointer data)
{
  RenderBatch *batch = data;

  peygir_letter_render_to_file (batch->letterhead, batch->letters[index], batch->paths[index],
                                &batch->errors[index]);
}

gboolean
peygir_letter_render_batch (const PeygirLetterhead     *letterhead,
                            const PeygirLetter * const *letters,
                            const char * const         *paths,
                            guint                       n_letters,
                            GError                    **error)
{
  RenderBatch batch = { letterhead, letters, paths, NULL };
  gboolean ok = TRUE;

  g_return_val_if_fail (n_letters == 0 || (letters != NULL && paths != NULL), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  batch.errors = g_new0 (GError *, MAX (n_letters, 1));
  peygir_letter_batch_run (n_letters, render_one, &batch);
  for (guint i = 0; i < n_letters; i++)
    {
      if (batch.errors[i] == NULL)
        continue;
      if (ok)
        g_propagate_error (error, g_steal_pointer (&batch.errors[i]));
      else
        g_clear_error (&batch.errors[i]);
      ok = FALSE;
    }
  g_free (batch.errors);
  return ok;
}
