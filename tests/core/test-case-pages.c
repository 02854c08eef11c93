/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Walking cases page by page: every case once, in the query's order, as
 * many reads as pages, a bound on the count, and a callback that stops. */
#include <locale.h>

#include "peygir-case-pages.h"
#include "store-test-fixture.h"

typedef struct
{
  GArray *ids;
  guint   pages;
  guint   fail_at_page;   /* 0: never */
} Walk;

static gboolean
collect_cb (GPtrArray  *page,
            gpointer    user_data,
            GError    **error)
{
  Walk *walk = user_data;

  walk->pages++;
  if (walk->pages == walk->fail_at_page)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "stopped");
      return FALSE;
    }
  for (guint i = 0; i < page->len; i++)
    g_array_append_val (walk->ids, ((const PeygirCase *) g_ptr_array_index (page, i))->id);
  return TRUE;
}

static void
test_walk (StoreFixture  *fixture,
           gconstpointer  data)
{
  PeygirCaseQuery query = { 0, };
  gint64 made[5];
  Walk walk = { 0, };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (made); i++)
    {
      g_autoptr(PeygirCase) kase = create_simple_case (fixture);

      made[i] = kase->id;
    }
  query.sort = PEYGIR_CASE_SORT_RECEIVED;

  /* every case once, in order, in pages of two: 2 + 2 + 1 */
  walk.ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_assert_true (peygir_case_pages_walk (fixture->store, &query, 2, 0, collect_cb, &walk, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (walk.pages, ==, 3);
  g_assert_cmpmem (walk.ids->data, walk.ids->len * sizeof (gint64), made, sizeof made);

  /* at most three, newest first */
  g_array_set_size (walk.ids, 0);
  walk.pages = 0;
  query.descending = TRUE;
  g_assert_true (peygir_case_pages_walk (fixture->store, &query, 2, 3, collect_cb, &walk, &error));
  g_assert_cmpuint (walk.ids->len, ==, 3);
  g_assert_cmpint (g_array_index (walk.ids, gint64, 0), ==, made[4]);
  g_assert_cmpint (g_array_index (walk.ids, gint64, 2), ==, made[2]);

  /* a callback that fails ends the walk with its error */
  g_array_set_size (walk.ids, 0);
  walk.pages = 0;
  walk.fail_at_page = 2;
  g_assert_false (peygir_case_pages_walk (fixture->store, &query, 2, 0, collect_cb, &walk, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (walk.pages, ==, 2);
  g_assert_cmpuint (walk.ids->len, ==, 2);
  g_array_unref (walk.ids);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  store_test_add_both ("/core/case-pages/walk", test_walk);

  return g_test_run ();
}
