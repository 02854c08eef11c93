/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-case-pages"

#include "peygir-case-pages.h"

gboolean
peygir_case_pages_walk (PeygirStore            *store,
                        const PeygirCaseQuery  *query,
                        guint                   page_size,
                        gint64                  max_cases,
                        PeygirCasePageFunc      func,
                        gpointer                user_data,
                        GError                **error)
{
  PeygirCaseQuery page_query;
  g_autofree char *after_text = NULL;  /* the cursor outlives its page */
  gint64 seen = 0;

  g_return_val_if_fail (PEYGIR_IS_STORE (store), FALSE);
  g_return_val_if_fail (query != NULL, FALSE);
  g_return_val_if_fail (page_size > 0, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  page_query = *query;
  page_query.has_cursor = FALSE;
  for (;;)
    {
      g_autoptr(GPtrArray) page = NULL;
      const PeygirCase *last;
      guint want = page_size;

      if (max_cases > 0)
        want = (guint) MIN ((gint64) page_size, max_cases - seen);
      if (want == 0)
        break;
      page_query.limit = want;
      page = peygir_store_list_cases (store, &page_query, error);
      if (page == NULL)
        return FALSE;
      seen += page->len;
      if (!func (page, user_data, error))
        return FALSE;
      if (page->len < want)
        break;

      last = g_ptr_array_index (page, page->len - 1);
      page_query.has_cursor = TRUE;
      page_query.after_key = peygir_case_sort_key (last, page_query.sort);
      g_free (after_text);
      after_text = g_strdup (peygir_case_sort_text (last, page_query.sort));
      page_query.after_text = after_text;
      page_query.after_id = last->id;
    }
  return TRUE;
}
