/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "peygir-case-item.h"
#include "peygir-clock.h"
#include "peygir-demo.h"
#include "peygir-error.h"
#include "peygir-test-util.h"
#include "peygir-text.h"
#include "test-ui-util.h"

#define LARGE_CASES 100000

static gboolean
list_loaded (gpointer data)
{
  return !peygir_case_list_get_loading (PEYGIR_CASE_LIST (data));
}

static void
wait_list (PeygirCaseList *list)
{
  ui_wait_for (list_loaded, list);
}

/* A copy: the row's object lives only while someone holds it. */
static PeygirCase *
case_at (GListModel *model,
         guint       position)
{
  g_autoptr(PeygirCaseItem) item = g_list_model_get_item (model, position);

  g_assert_nonnull (item);
  g_assert_nonnull (peygir_case_item_get_case (item));
  return peygir_case_copy (peygir_case_item_get_case (item));
}

/* Reading from the end and from the middle gives the rows in the same order
 * as reading page by page from the start; a held row keeps its object. */
static void
test_keyset_walk (StoreFixture  *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirUser) user = NULL;
  g_autoptr(PeygirSession) session = NULL;
  g_autoptr(PeygirCaseList) list = NULL;
  g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  PeygirCaseQuery query = { .sort = PEYGIR_CASE_SORT_RECEIVED, .descending = TRUE, .limit = 100 };
  guint n;

  g_assert_true (peygir_demo_fill (f->store, 345, 7, NULL, NULL, &error));
  g_assert_no_error (error);

  /* The order the store gives, page by page. */
  for (;;)
    {
      g_autoptr(GPtrArray) page = peygir_store_list_cases (f->store, &query, &error);

      g_assert_no_error (error);
      for (guint i = 0; i < page->len; i++)
        {
          const PeygirCase *kase = g_ptr_array_index (page, i);

          g_array_append_val (expected, kase->id);
        }
      if (page->len < 100)
        break;
      query.has_cursor = TRUE;
      query.after_key = peygir_case_sort_key (g_ptr_array_index (page, page->len - 1), query.sort);
      query.after_id = ((const PeygirCase *) g_ptr_array_index (page, page->len - 1))->id;
    }
  g_assert_cmpuint (expected->len, ==, 345);

  user = peygir_store_find_user (f->store, "expert", &error);
  g_assert_no_error (error);
  session = peygir_session_new (f->store, user);
  list = peygir_case_list_new (session);
  query = (PeygirCaseQuery) { .sort = PEYGIR_CASE_SORT_RECEIVED, .descending = TRUE };
  peygir_case_list_set_query (list, &query);
  wait_list (list);
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_cmpuint (n, ==, 345);
  /* The count and the first page, nothing more. */
  g_assert_cmpuint (peygir_case_list_get_pages_read (list), ==, 1);

  /* From the end backwards, then the middle, holding every row. */
  for (guint i = n; i > 0; i--)
    g_ptr_array_add (held, g_list_model_get_item (G_LIST_MODEL (list), i - 1));
  wait_list (list);
  for (guint i = 0; i < n; i++)
    {
      PeygirCaseItem *item = g_ptr_array_index (held, n - 1 - i);
      g_autoptr(PeygirCaseItem) again = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_assert_true (item == again);
      g_assert_nonnull (peygir_case_item_get_case (item));
      g_assert_cmpint (peygir_case_item_get_id (item), ==, g_array_index (expected, gint64, i));
    }
  g_test_message ("pages read for %u rows: %u", n, peygir_case_list_get_pages_read (list));
  /* each page is read from the nearest page known when it is asked for:
   * asked for all at once, from the end backwards, no row is read more
   * than twice */
  g_assert_cmpuint (peygir_case_list_get_pages_read (list), <=, 2 * n / PEYGIR_CASE_LIST_PAGE_SIZE);
}

/* Held, the rows below the first page that the view asks for are not
 * read; released, they are. */
static void
test_hold_further_pages (StoreFixture  *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirUser) user = NULL;
  g_autoptr(PeygirSession) session = NULL;
  g_autoptr(PeygirCaseList) list = NULL;
  g_autoptr(PeygirCaseItem) top = NULL;
  g_autoptr(PeygirCaseItem) further = NULL;
  PeygirCaseQuery query = { .sort = PEYGIR_CASE_SORT_RECEIVED, .descending = TRUE };

  g_assert_true (peygir_demo_fill (f->store, 345, 7, NULL, NULL, &error));
  g_assert_no_error (error);
  user = peygir_store_find_user (f->store, "expert", &error);
  g_assert_no_error (error);
  session = peygir_session_new (f->store, user);
  list = peygir_case_list_new (session);
  peygir_case_list_set_hold_further_pages (list, TRUE);
  peygir_case_list_set_query (list, &query);
  wait_list (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 345);
  g_assert_cmpuint (peygir_case_list_get_pages_read (list), ==, 1);

  /* the first page is there; a row of the second waits */
  top = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_nonnull (peygir_case_item_get_case (top));
  further = g_list_model_get_item (G_LIST_MODEL (list), PEYGIR_CASE_LIST_PAGE_SIZE + 3);
  g_assert_false (peygir_case_list_get_loading (list));
  g_assert_null (peygir_case_item_get_case (further));
  g_assert_cmpuint (peygir_case_list_get_pages_read (list), ==, 1);

  peygir_case_list_set_hold_further_pages (list, FALSE);
  g_assert_true (peygir_case_list_get_loading (list));
  wait_list (list);
  g_assert_nonnull (peygir_case_item_get_case (further));
  g_assert_cmpuint (peygir_case_list_get_pages_read (list), ==, 2);
}

typedef struct
{
  PeygirWindow *window;
  guint         pages_read;
  gboolean      filled;
} FilledAt;

static void
inbox_filled_cb (PeygirWindow *window,
                 FilledAt     *at)
{
  at->filled = TRUE;
  at->pages_read = peygir_case_list_get_pages_read (peygir_window_get_case_list (window));
}

/* The 100,000-case database, made once per build directory and reused. */
static char *
large_database (void)
{
  g_autofree char *dir = g_build_filename (g_getenv ("PEYGIR_BUILD_DIR"), "cache", NULL);
  /* the name changes with the schema, so that an old cache is not reused */
  g_autofree char *name = g_strdup_printf ("ui-demo-%d-schema%d-answer-due.db", LARGE_CASES, PEYGIR_SCHEMA_VERSION);
  char *path = g_build_filename (dir, name, NULL);
  g_autofree char *partial = NULL;
  g_autoptr(PeygirStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return path;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  partial = g_strdup_printf ("%s.%d.partial", path, (int) getpid ());
  start = g_get_monotonic_time ();
  store = peygir_store_open (partial, PEYGIR_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_true (peygir_demo_fill (store, LARGE_CASES, 1, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&store);
  /* Whole or not at all, for the next run to reuse. */
  g_assert_cmpint (g_rename (partial, path), ==, 0);
  g_test_message ("made %s in %.1f s", path, (g_get_monotonic_time () - start) / 1e6);
  return path;
}

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1e6;
}

/* The window's first frame waits for its counts and first rows only: the
 * rows further down are read once it is filled, and then they are. */
static void
test_first_frame_reads (void)
{
  g_autofree char *path = large_database ();
  g_autoptr(PeygirStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirUser) user = NULL;
  g_autoptr(PeygirSession) session = NULL;
  GListModel *shown;
  FilledAt at = { 0 };
  guint n;

  store = peygir_store_open (path, PEYGIR_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  user = peygir_store_find_user (store, "sadeghi", &error);
  g_assert_no_error (error);
  session = peygir_session_new (store, user);
  at.window = peygir_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (at.window), 1280, 800);
  g_signal_connect (at.window, "inbox-filled", G_CALLBACK (inbox_filled_cb), &at);
  peygir_window_set_session (at.window, session);
  peygir_session_set_poll_interval (session, 0);
  gtk_window_present (GTK_WINDOW (at.window));
  ui_wait_idle (at.window);

  g_assert_true (at.filled);
  g_assert_cmpuint (at.pages_read, ==, 1);
  shown = G_LIST_MODEL (peygir_window_get_case_list (at.window));
  n = g_list_model_get_n_items (shown);
  g_test_message ("first queue: %u cases", n);
  g_assert_cmpuint (n, >, PEYGIR_CASE_LIST_PAGE_SIZE);
  /* the view holds rows of the second page, and they were read */
  {
    g_autoptr(PeygirCaseItem) item = g_list_model_get_item (shown, PEYGIR_CASE_LIST_PAGE_SIZE);

    g_assert_nonnull (peygir_case_item_get_case (item));
  }
  g_assert_cmpuint (peygir_case_list_get_pages_read (PEYGIR_CASE_LIST (shown)), >, 1);

  ui_window_close (at.window);
}

static void
test_large_inbox (void)
{
  g_autofree char *path = large_database ();
  g_autoptr(PeygirStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirCase) some = NULL;
  PeygirWindow *window;
  PeygirCaseList *list;
  GtkAdjustment *vadjustment;
  GListModel *shown;
  g_autoptr(PeygirCase) top = NULL;
  g_autoptr(PeygirCase) last = NULL;
  g_autoptr(PeygirCase) found = NULL;
  g_autoptr(PeygirCase) second = NULL;
  guint pages_before;
  gint64 start;
  double first_page, to_end, by_code, by_name;
  guint n;

  store = peygir_store_open (path, PEYGIR_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  window = ui_window_new (store, "sadeghi");
  g_test_message ("window open, counts and first queue read: %.3f s", seconds_since (start));
  start = g_get_monotonic_time ();
  g_assert_true (peygir_window_select_queue (window, "all"));
  list = peygir_window_get_case_list (window);
  wait_list (list);
  g_test_message ("count and first page read: %.3f s", seconds_since (start));
  ui_wait_idle (window);
  first_page = seconds_since (start);
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_cmpuint (n, ==, LARGE_CASES);
  top = case_at (G_LIST_MODEL (list), 0);
  g_test_message ("first page of %u cases: %.3f s", n, first_page);
  ui_screenshot (GTK_WIDGET (window), "inbox-100000");

  /* To the end, as the scroll bar takes it: the view asks for the last rows. */
  pages_before = peygir_case_list_get_pages_read (list);
  vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (peygir_window_get_case_view (window)));
  start = g_get_monotonic_time ();
  gtk_adjustment_set_value (vadjustment, gtk_adjustment_get_upper (vadjustment));
  ui_wait_idle (window);
  to_end = seconds_since (start);
  last = case_at (G_LIST_MODEL (list), n - 1);
  g_test_message ("scrolled to the end: %.3f s, %u pages read", to_end,
                  peygir_case_list_get_pages_read (list) - pages_before);
  /* the few hundred rows the view shows and keeps around, from the end:
   * not the 100,000 before them */
  g_assert_cmpuint ((peygir_case_list_get_pages_read (list) - pages_before) * PEYGIR_CASE_LIST_PAGE_SIZE, <=, 1000);

  /* A phone call: the tracking code, then a name. */
  some = peygir_store_get_case (store, LARGE_CASES / 2, PEYGIR_CASE_DETAIL_NONE, &error);
  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  peygir_window_search (window, some->tracking_code);
  ui_wait_idle (window);
  by_code = seconds_since (start);
  shown = peygir_window_get_shown_model (window);
  g_assert_true (shown != G_LIST_MODEL (list));
  g_assert_cmpuint (g_list_model_get_n_items (shown), >=, 1);
  found = case_at (shown, 0);
  g_assert_cmpint (found->id, ==, some->id);

  start = g_get_monotonic_time ();
  peygir_window_search (window, some->applicant.name);
  ui_wait_idle (window);
  by_name = seconds_since (start);
  g_assert_cmpuint (g_list_model_get_n_items (peygir_window_get_shown_model (window)), >=, 1);
  g_test_message ("search by tracking code: %.3f s; by name (%u found): %.3f s", by_code,
                  g_list_model_get_n_items (peygir_window_get_shown_model (window)), by_name);

  /* Sorting is the store's: the oldest first, at once, without reading more
   * than the first page. */
  peygir_window_search (window, "");
  ui_wait_idle (window);
  start = g_get_monotonic_time ();
  ui_activate (GTK_WIDGET (window), "inbox.sort", g_variant_new_string ("received-asc"));
  ui_wait_idle (window);
  g_test_message ("sorted the other way: %.3f s", seconds_since (start));
  g_assert_true (peygir_window_get_shown_model (window) == G_LIST_MODEL (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, LARGE_CASES);
  g_clear_pointer (&top, peygir_case_free);
  top = case_at (G_LIST_MODEL (list), 0);
  second = case_at (G_LIST_MODEL (list), 1);
  g_assert_cmpint (top->received_on, <=, second->received_on);
  /* The last of the newest-first order is the first of the oldest-first. */
  g_assert_cmpint (top->id, ==, last->id);

  /* The times are in the log above; the benchmark holds them to their
   * targets, since a shared machine makes timed assertions lie. */
  (void) first_page;
  (void) to_end;
  (void) by_code;
  (void) by_name;

  /* Sorted by registration number: only the registered, newest first. */
  {
    PeygirCaseQuery registered = { .sort = PEYGIR_CASE_SORT_REGISTRATION };
    g_autoptr(PeygirCase) newest = NULL;
    g_autoptr(PeygirCase) next = NULL;
    gint64 n_registered = peygir_store_count_cases (store, &registered, &error);

    g_assert_no_error (error);
    ui_activate (GTK_WIDGET (window), "inbox.sort", g_variant_new_string ("registration-desc"));
    ui_wait_idle (window);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n_registered);
    newest = case_at (G_LIST_MODEL (list), 0);
    next = case_at (G_LIST_MODEL (list), 1);
    g_assert_nonnull (newest->registration_number);
    g_assert_cmpint (peygir_case_sort_key (newest, PEYGIR_CASE_SORT_REGISTRATION), >,
                     peygir_case_sort_key (next, PEYGIR_CASE_SORT_REGISTRATION));
  }

  ui_window_close (window);
}

/* Another desk: peygir-admin, in a process of its own, reviews a case. */
static void
review_elsewhere (const char *path,
                  gint64      case_id)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, case_id);
  const char *argv[] = { g_getenv ("PEYGIR_ADMIN"), "--db", path, "case", "act", id, "review",
                         "--as", "expert", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("peygir-admin failed: %s", err);
}

/* Another desk (peygir-admin, another process) takes a case out of the
 * queue: the window sees it at its next look, keeps the row objects and
 * the selection, and the open case page shows the new state. */
static void
test_other_desk (StoreFixture  *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func ((GDestroyNotify) peygir_case_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirCaseItem) first = NULL;
  g_autoptr(PeygirCaseItem) first_again = NULL;
  PeygirWindow *window;
  GListModel *shown;
  GtkSelectionModel *selection;

  /* The other desk's peygir-admin runs as this test's own login (on a
   * server, the role it connects as) and acts for the expert, which only
   * an active administrator may do. */
  {
    g_autoptr(PeygirUser) me = peygir_store_add_user (f->store, "admin", peygir_store_get_login (f->store),
                                                      "مدیر آزمون", PEYGIR_ROLE_ADMIN, &error);

    g_assert_no_error (error);
    g_assert_nonnull (me);
  }

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *nine = g_strdup_printf ("00312345%u", i);
      g_autofree char *national_id = national_id_from (nine);

      g_ptr_array_add (cases, ui_create_case (f->store, "expert", f->agency_a, national_id));
    }

  window = ui_window_new (f->store, "expert");
  g_assert_true (peygir_window_select_queue (window, "new"));
  ui_wait_idle (window);
  shown = peygir_window_get_shown_model (window);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 3);
  g_assert_cmpint (peygir_window_get_queue_count (window, "new"), ==, 3);
  g_assert_cmpint (peygir_window_get_queue_count (window, "in-review"), ==, 0);

  /* The newest first: the last case made is at the top, and selected. */
  first = g_list_model_get_item (shown, 0);
  selection = gtk_column_view_get_model (peygir_window_get_case_view (window));
  gtk_selection_model_select_item (selection, 0, TRUE);

  review_elsewhere (f->path, ((const PeygirCase *) g_ptr_array_index (cases, 0))->id);

  /* The poll the timer would make. */
  peygir_session_poll (peygir_window_get_session (window));
  ui_wait_idle (window);
  g_assert_cmpint (peygir_window_get_queue_count (window, "new"), ==, 2);
  g_assert_cmpint (peygir_window_get_queue_count (window, "in-review"), ==, 1);
  g_assert_true (peygir_window_get_shown_model (window) == shown);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 2);
  first_again = g_list_model_get_item (shown, 0);
  g_assert_true (first == first_again);
  g_assert_true (gtk_selection_model_is_selected (selection, 0));
  if (fixture_on_server (f))
    ui_screenshot (GTK_WIDGET (window), "inbox-on-server");

  /* The case page of a case changed elsewhere follows too. */
  peygir_window_show_case (window, ((const PeygirCase *) g_ptr_array_index (cases, 1))->id);
  ui_wait_idle (window);
  g_assert_cmpint (peygir_case_page_get_case (peygir_window_get_case_page (window))->state, ==, PEYGIR_STATE_RECEIVED);
  review_elsewhere (f->path, ((const PeygirCase *) g_ptr_array_index (cases, 1))->id);
  peygir_session_poll (peygir_window_get_session (window));
  ui_wait_idle (window);
  g_assert_cmpint (peygir_case_page_get_case (peygir_window_get_case_page (window))->state, ==, PEYGIR_STATE_IN_REVIEW);

  ui_window_close (window);
}

static gboolean
new_queue_holds_one (gpointer data)
{
  return peygir_window_get_queue_count (data, "new") == 1;
}

static gboolean
new_queue_is_empty (gpointer data)
{
  return peygir_window_get_queue_count (data, "new") == 0;
}

/* On a server, another desk's save reaches the window when it is made,
 * with no poll: the clock is set to look only once an hour (a file's
 * window would not see it for that hour). */
static void
test_other_desk_pushed (StoreFixture  *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirUser) me = peygir_store_add_user (f->store, "admin", peygir_store_get_login (f->store),
                                                    "مدیر آزمون", PEYGIR_ROLE_ADMIN, &error);
  g_autofree char *first_id = national_id_from ("003123450");
  g_autofree char *second_id = national_id_from ("003123451");
  g_autoptr(PeygirCase) first = NULL;
  g_autoptr(PeygirCase) second = NULL;
  PeygirWindow *window;

  g_assert_no_error (error);
  first = ui_create_case (f->store, "expert", f->agency_a, first_id);
  second = ui_create_case (f->store, "expert", f->agency_a, second_id);
  window = ui_window_new (f->store, "expert");
  g_assert_true (peygir_window_select_queue (window, "new"));
  peygir_session_set_poll_interval (peygir_window_get_session (window), 3600);
  ui_wait_idle (window);
  g_assert_cmpint (peygir_window_get_queue_count (window, "new"), ==, 2);

  /* each save heard as it comes: the watch is kept after the first */
  review_elsewhere (f->path, first->id);
  ui_wait_for (new_queue_holds_one, window);
  review_elsewhere (f->path, second->id);
  ui_wait_for (new_queue_is_empty, window);
  ui_wait_idle (window);
  g_assert_cmpint (peygir_window_get_queue_count (window, "in-review"), ==, 2);
  ui_window_close (window);
}

/* A desk holding the file past the busy timeout: the banner says so, and
 * goes when the file is free again. */
static void
test_busy_banner (StoreFixture  *f,
                  gconstpointer  data)
{
  g_autoptr(GSubprocess) holder = NULL;
  g_autoptr(GError) error = NULL;
  GOutputStream *input;
  PeygirWindow *window;
  const char *hold = "BEGIN EXCLUSIVE;\nSELECT 'locked';\n";
  g_autoptr(GDataInputStream) output = NULL;
  g_autofree char *line = NULL;

  window = ui_window_new (f->store, "expert");
  g_assert_null (peygir_window_get_banner (window));
  peygir_store_set_busy_timeout (f->store, 200);

  holder = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                             "sqlite3", f->path, NULL);
  g_assert_no_error (error);
  input = g_subprocess_get_stdin_pipe (holder);
  g_assert_true (g_output_stream_write_all (input, hold, strlen (hold), NULL, NULL, &error));
  g_assert_no_error (error);
  g_output_stream_flush (input, NULL, NULL);
  output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (holder));
  line = g_data_input_stream_read_line_utf8 (output, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, "locked");

  peygir_session_poll (peygir_window_get_session (window));
  ui_wait_idle (window);
  g_assert_nonnull (peygir_window_get_banner (window));
  g_test_message ("banner: %s", peygir_window_get_banner (window));
  ui_screenshot (GTK_WIDGET (window), "inbox-busy");

  g_assert_true (g_output_stream_close (input, NULL, &error));
  g_assert_true (g_subprocess_wait (holder, NULL, &error));
  g_assert_no_error (error);

  ui_activate (GTK_WIDGET (window), "inbox.retry", NULL);
  ui_wait_idle (window);
  g_assert_null (peygir_window_get_banner (window));

  ui_window_close (window);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add ("/ui/inbox/keyset-walk", StoreFixture, NULL, fixture_set_up, test_keyset_walk, fixture_tear_down);
  g_test_add ("/ui/inbox/hold-further-pages", StoreFixture, NULL, fixture_set_up, test_hold_further_pages,
              fixture_tear_down);
  /* the window on a database on a server too: its inbox, and what another
   * desk saves reaching it */
  store_test_add_both ("/ui/inbox/other-desk", test_other_desk);
  store_test_add_server ("/ui/inbox/other-desk-pushed/server", fixture_set_up, test_other_desk_pushed);
  g_test_add ("/ui/inbox/busy-banner", StoreFixture, NULL, fixture_set_up, test_busy_banner, fixture_tear_down);
  g_test_add_func ("/ui/inbox/large", test_large_inbox);
  g_test_add_func ("/ui/inbox/first-frame-reads", test_first_frame_reads);

  return g_test_run ();
}
