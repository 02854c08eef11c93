/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-case-list"

#include "peygir-case-item.h"
#include "peygir-case-list.h"

#define PAGE_SIZE       PEYGIR_CASE_LIST_PAGE_SIZE
#define MAX_PAGES_HELD  40
#define FROM_START      (-1)
#define FROM_END        (-2)

/* The first and last rows' keyset cursors of one page; the texts for a
 * sort by a text column (NULL otherwise), owned. */
typedef struct
{
  gint64  first_key;
  gint64  first_id;
  char   *first_text;
  gint64  last_key;
  gint64  last_id;
  char   *last_text;
} PageBounds;

struct _PeygirCaseList
{
  GObject          parent_instance;

  PeygirSession   *session;
  PeygirCaseQuery  query;
  guint            n_items;
  PeygirCaseQuery  next_query;
  gboolean         reset_pending;

  /* Bumped whenever what positions mean changes: results of reads begun
   * before are dropped. */
  guint            epoch;
  guint            count_serial;
  guint            counting;
  gboolean         counted;    /* a count of the query has arrived */

  GHashTable      *items;      /* position → PeygirCaseItem, weak */
  GHashTable      *positions;  /* PeygirCaseItem → position */
  GHashTable      *pages;      /* page → GPtrArray of PeygirCase */
  GQueue           page_lru;
  GHashTable      *bounds;     /* page → PageBounds */
  GHashTable      *requests;   /* page → GCancellable, reads under way */
  guint            pages_read;

  /* While the window is not filled yet, the pages below the first that GTK
   * asks for wait here (see peygir_case_list_set_hold_further_pages). */
  gboolean         hold_further;
  GHashTable      *held;       /* set of pages */
};

static void peygir_case_list_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PeygirCaseList, peygir_case_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, peygir_case_list_iface_init))

enum {
  PROP_0,
  PROP_LOADING,
  PROP_FIRST_PAGE_READ,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void peygir_case_list_request_page (PeygirCaseList *self,
                                           guint           page);

static PageBounds
page_bounds_of (GPtrArray      *rows,
                PeygirCaseSort  sort)
{
  const PeygirCase *first = g_ptr_array_index (rows, 0);
  const PeygirCase *last = g_ptr_array_index (rows, rows->len - 1);
  PageBounds b;

  b.first_key = peygir_case_sort_key (first, sort);
  b.first_id = first->id;
  b.first_text = g_strdup (peygir_case_sort_text (first, sort));
  b.last_key = peygir_case_sort_key (last, sort);
  b.last_id = last->id;
  b.last_text = g_strdup (peygir_case_sort_text (last, sort));
  return b;
}

static void
page_bounds_clear (PageBounds *bounds)
{
  g_clear_pointer (&bounds->first_text, g_free);
  g_clear_pointer (&bounds->last_text, g_free);
}

static void
page_bounds_free (PageBounds *bounds)
{
  page_bounds_clear (bounds);
  g_free (bounds);
}

static PageBounds *
page_bounds_dup (const PageBounds *bounds)
{
  PageBounds *copy = g_memdup2 (bounds, sizeof *bounds);

  copy->first_text = g_strdup (bounds->first_text);
  copy->last_text = g_strdup (bounds->last_text);
  return copy;
}

static gboolean
peygir_case_list_is_loading (PeygirCaseList *self)
{
  return self->counting > 0 || g_hash_table_size (self->requests) > 0;
}

gboolean
peygir_case_list_get_first_page_read (PeygirCaseList *self)
{
  g_return_val_if_fail (PEYGIR_IS_CASE_LIST (self), FALSE);

  return self->counting == 0 && self->counted
         && (self->n_items == 0 || g_hash_table_contains (self->pages, GUINT_TO_POINTER (0)));
}

static void
notify_loading_if_changed (PeygirCaseList *self,
                           gboolean        was_loading)
{
  if (was_loading != peygir_case_list_is_loading (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Reading pages: a walk from the nearest known page boundary, forwards from
 * the start or a page before, backwards from the end or a page after. */

typedef struct
{
  PeygirCaseQuery query;
  guint           n_items;
  int             target;
  int             from;     /* a known page, FROM_START or FROM_END */
  PageBounds      anchor;
  guint           epoch;
  GCancellable   *cancellable;  /* the request's, in self->requests while it stands */
} WalkData;

typedef struct
{
  GPtrArray *rows;          /* the target page's, or NULL when cancelled */
  GArray    *bounds;        /* of WalkBounds: every page passed on the way */
  guint      pages_read;
  int        target;
  guint      epoch;
} WalkResult;

typedef struct
{
  int        page;
  PageBounds bounds;
} WalkBounds;

static void
walk_bounds_clear (WalkBounds *bounds)
{
  page_bounds_clear (&bounds->bounds);
}

static void
walk_data_free (WalkData *data)
{
  page_bounds_clear (&data->anchor);
  g_clear_object (&data->cancellable);
  g_free (data);
}

static void
walk_result_free (WalkResult *result)
{
  g_clear_pointer (&result->rows, g_ptr_array_unref);
  g_clear_pointer (&result->bounds, g_array_unref);
  g_free (result);
}

static void
walk_result_add (WalkResult     *result,
                 int             page,
                 GPtrArray      *rows,
                 PeygirCaseSort  sort)
{
  WalkBounds wb = { page, page_bounds_of (rows, sort) };

  g_array_append_val (result->bounds, wb);
  if (page == result->target)
    result->rows = g_ptr_array_ref (rows);
}

static void
reverse_rows (GPtrArray *rows)
{
  for (guint i = 0, j = rows->len - 1; rows->len > 0 && i < j; i++, j--)
    {
      gpointer tmp = rows->pdata[i];

      rows->pdata[i] = rows->pdata[j];
      rows->pdata[j] = tmp;
    }
}

static gpointer
walk_thread (PeygirStore   *store,
             gpointer       task_data,
             GCancellable  *cancellable,
             GError       **error)
{
  WalkData *data = task_data;
  PeygirCaseQuery q = data->query;
  WalkResult *result = g_new0 (WalkResult, 1);
  int last_page = ((int)data->n_items - 1) / PAGE_SIZE;
  gboolean forwards = data->from == FROM_START || (data->from >= 0 && data->from < data->target);
  int step = forwards ? 1 : -1;
  int page;

  result->bounds = g_array_new (FALSE, FALSE, sizeof (WalkBounds));
  g_array_set_clear_func (result->bounds, (GDestroyNotify) walk_bounds_clear);
  result->target = data->target;
  result->epoch = data->epoch;

  if (forwards)
    {
      page = data->from == FROM_START ? 0 : data->from + 1;
      q.has_cursor = data->from != FROM_START;
      q.after_key = data->anchor.last_key;
      q.after_id = data->anchor.last_id;
      q.after_text = data->anchor.last_text;
    }
  else
    {
      page = data->from == FROM_END ? last_page : data->from - 1;
      q.descending = !q.descending;
      q.has_cursor = data->from != FROM_END;
      q.after_key = data->anchor.first_key;
      q.after_id = data->anchor.first_id;
      q.after_text = data->anchor.first_text;
    }

  for (; forwards ? page <= data->target : page >= data->target; page += step)
    {
      g_autoptr(GPtrArray) rows = NULL;
      const PageBounds *read;

      if (g_cancellable_is_cancelled (cancellable))
        break;
      /* The last page is short: it holds what is left after the full ones. */
      q.limit = !forwards && page == last_page ? data->n_items - (guint)last_page * PAGE_SIZE : PAGE_SIZE;
      rows = peygir_store_list_cases (store, &q, error);
      if (rows == NULL)
        {
          walk_result_free (result);
          return NULL;
        }
      result->pages_read++;
      if (rows->len == 0)
        break;
      if (!forwards)
        reverse_rows (rows);
      walk_result_add (result, page, rows, data->query.sort);
      read = &g_array_index (result->bounds, WalkBounds, result->bounds->len - 1).bounds;
      q.has_cursor = TRUE;
      q.after_key = forwards ? read->last_key : read->first_key;
      q.after_id = forwards ? read->last_id : read->first_id;
      q.after_text = forwards ? read->last_text : read->first_text;
    }

  return result;
}

static void
peygir_case_list_hold_page (PeygirCaseList *self,
                            guint           page,
                            GPtrArray      *rows)
{
  guint first = page * PAGE_SIZE;

  if (g_hash_table_contains (self->pages, GUINT_TO_POINTER (page)))
    g_queue_remove (&self->page_lru, GUINT_TO_POINTER (page));
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), g_ptr_array_ref (rows));
  g_queue_push_head (&self->page_lru, GUINT_TO_POINTER (page));
  while (g_queue_get_length (&self->page_lru) > MAX_PAGES_HELD)
    g_hash_table_remove (self->pages, g_queue_pop_tail (&self->page_lru));

  for (guint i = 0; i < rows->len; i++)
    {
      PeygirCaseItem *item = g_hash_table_lookup (self->items, GUINT_TO_POINTER (first + i));

      if (item != NULL)
        peygir_case_item_set_case (item, g_ptr_array_index (rows, i));
    }
}

/* The walk's request is done: forgotten, unless a new request for its
 * page replaced it meanwhile (a row asked for again after the first
 * request was cancelled). */
static void
peygir_case_list_request_done (PeygirCaseList *self,
                               WalkData       *data)
{
  if (data->epoch == self->epoch
      && g_hash_table_lookup (self->requests, GINT_TO_POINTER (data->target)) == data->cancellable)
    g_hash_table_remove (self->requests, GINT_TO_POINTER (data->target));
}

static void
walk_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PeygirCaseList) self = user_data;
  g_autoptr(GError) error = NULL;
  WalkData *data = peygir_session_run_get_data (result);
  WalkResult *walk;
  gboolean was_loading = peygir_case_list_is_loading (self);

  walk = peygir_session_run_finish (PEYGIR_SESSION (object), result, &error);
  peygir_case_list_request_done (self, data);
  if (walk == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Reading a page of cases failed: %s", error->message);
      /* Its rows stay empty until the next refresh asks again. */
      notify_loading_if_changed (self, was_loading);
      return;
    }

  if (walk->epoch == self->epoch)
    {
      self->pages_read += walk->pages_read;
      for (guint i = 0; i < walk->bounds->len; i++)
        {
          WalkBounds *wb = &g_array_index (walk->bounds, WalkBounds, i);

          g_hash_table_insert (self->bounds, GINT_TO_POINTER (wb->page), page_bounds_dup (&wb->bounds));
        }
      if (walk->rows != NULL)
        peygir_case_list_hold_page (self, walk->target, walk->rows);
    }
  walk_result_free (walk);
  notify_loading_if_changed (self, was_loading);
}

static void
peygir_case_list_request_page (PeygirCaseList *self,
                               guint           page)
{
  g_autoptr(GCancellable) cancellable = NULL;
  GCancellable *pending;
  GHashTableIter iter;
  gpointer key, value;
  WalkData *data;
  guint last_page;
  guint distance;
  gboolean was_loading;

  pending = g_hash_table_lookup (self->requests, GUINT_TO_POINTER (page));
  if (self->n_items == 0 || (pending != NULL && !g_cancellable_is_cancelled (pending)))
    return;
  if (self->hold_further && page != 0)
    {
      g_hash_table_add (self->held, GUINT_TO_POINTER (page));
      return;
    }

  was_loading = peygir_case_list_is_loading (self);
  last_page = (self->n_items - 1) / PAGE_SIZE;
  data = g_new0 (WalkData, 1);
  data->query = self->query;
  data->n_items = self->n_items;
  data->target = page;
  data->epoch = self->epoch;
  data->from = FROM_START;
  distance = page + 1;
  if (last_page - page + 1 < distance)
    {
      data->from = FROM_END;
      distance = last_page - page + 1;
    }

  g_hash_table_iter_init (&iter, self->bounds);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint known = GPOINTER_TO_UINT (key);
      guint d = known < page ? page - known : known - page;

      if (known != page && d < distance)
        {
          distance = d;
          data->from = known;
          page_bounds_clear (&data->anchor);
          data->anchor = *(PageBounds *)value;
          data->anchor.first_text = g_strdup (data->anchor.first_text);
          data->anchor.last_text = g_strdup (data->anchor.last_text);
        }
    }

  cancellable = g_cancellable_new ();
  data->cancellable = g_object_ref (cancellable);
  g_hash_table_insert (self->requests, GUINT_TO_POINTER (page), g_object_ref (cancellable));
  peygir_session_run (self->session, walk_thread, data, (GDestroyNotify) walk_data_free,
                      (GDestroyNotify) walk_result_free, cancellable,
                      walk_done_cb, g_object_ref (self));
  notify_loading_if_changed (self, was_loading);
}

/* Held rows. A row that nobody holds any more is forgotten; when a whole
 * page of them is, its read is no longer worth finishing. */

static void
item_weak_notify (gpointer  user_data,
                  GObject  *where_the_object_was)
{
  PeygirCaseList *self = user_data;
  gpointer pos;
  guint page;

  if (!g_hash_table_lookup_extended (self->positions, where_the_object_was, NULL, &pos))
    return;
  g_hash_table_remove (self->positions, where_the_object_was);
  g_hash_table_remove (self->items, pos);

  page = GPOINTER_TO_UINT (pos) / PAGE_SIZE;
  if (g_hash_table_contains (self->requests, GUINT_TO_POINTER (page)))
    {
      for (guint i = page * PAGE_SIZE; i < (page + 1) * PAGE_SIZE; i++)
        if (g_hash_table_contains (self->items, GUINT_TO_POINTER (i)))
          return;
      g_cancellable_cancel (g_hash_table_lookup (self->requests, GUINT_TO_POINTER (page)));
    }
}

static void
peygir_case_list_forget_item (PeygirCaseList *self,
                              guint           position)
{
  GObject *item = g_hash_table_lookup (self->items, GUINT_TO_POINTER (position));

  if (item == NULL)
    return;
  g_object_weak_unref (item, item_weak_notify, self);
  g_hash_table_remove (self->positions, item);
  g_hash_table_remove (self->items, GUINT_TO_POINTER (position));
}

static void
peygir_case_list_forget_items (PeygirCaseList *self)
{
  GHashTableIter iter;
  gpointer item;

  g_hash_table_iter_init (&iter, self->positions);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    g_object_weak_unref (item, item_weak_notify, self);
  g_hash_table_remove_all (self->positions);
  g_hash_table_remove_all (self->items);
}

static void
peygir_case_list_forget_pages (PeygirCaseList *self)
{
  GHashTableIter iter;
  gpointer cancellable;

  g_hash_table_iter_init (&iter, self->requests);
  while (g_hash_table_iter_next (&iter, NULL, &cancellable))
    g_cancellable_cancel (cancellable);
  g_hash_table_remove_all (self->requests);
  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->page_lru);
  g_hash_table_remove_all (self->bounds);
  g_hash_table_remove_all (self->held);
  self->epoch++;
}

/* Counting: the count and the first page in one trip to the worker. */

typedef struct
{
  PeygirCaseQuery query;
  guint           serial;
  gboolean        reset;
  gint64          count;
  GPtrArray      *first_page;
} CountData;

static void
count_data_free (CountData *data)
{
  g_clear_pointer (&data->first_page, g_ptr_array_unref);
  g_free (data);
}

static gpointer
count_thread (PeygirStore   *store,
              gpointer       task_data,
              GCancellable  *cancellable,
              GError       **error)
{
  CountData *data = task_data;
  g_autoptr(GError) local_error = NULL;
  PeygirCaseQuery q = data->query;

  data->count = peygir_store_count_cases (store, &data->query, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  q.limit = PAGE_SIZE;
  data->first_page = peygir_store_list_cases (store, &q, error);
  if (data->first_page == NULL)
    return NULL;
  return data;
}

static void
peygir_case_list_hold_first_page (PeygirCaseList *self,
                                  GPtrArray      *rows)
{
  PageBounds bounds;

  self->pages_read++;
  if (rows->len == 0)
    return;
  peygir_case_list_hold_page (self, 0, rows);
  bounds = page_bounds_of (rows, self->query.sort);
  /* the table takes the texts */
  g_hash_table_insert (self->bounds, GUINT_TO_POINTER (0), g_memdup2 (&bounds, sizeof bounds));
}

static void
count_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(PeygirCaseList) self = user_data;
  g_autoptr(GError) error = NULL;
  CountData *data;
  gboolean was_loading = peygir_case_list_is_loading (self);
  guint old_n_items = self->n_items;
  guint n_items;

  self->counting--;
  /* The data stays the task's: nothing to free here. */
  data = peygir_session_run_finish (PEYGIR_SESSION (object), result, &error);
  if (data == NULL)
    {
      g_debug ("Counting cases failed: %s", error->message);
      notify_loading_if_changed (self, was_loading);
      return;
    }
  if (data->serial != self->count_serial)
    {
      notify_loading_if_changed (self, was_loading);
      return;
    }

  n_items = (guint) CLAMP (data->count, 0, (gint64) G_MAXUINT);
  self->counted = TRUE;
  self->query = data->query;
  peygir_case_list_forget_pages (self);

  if (data->reset)
    {
      self->reset_pending = FALSE;
      peygir_case_list_forget_items (self);
      self->n_items = n_items;
      peygir_case_list_hold_first_page (self, data->first_page);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIRST_PAGE_READ]);
      /* Emptied, then filled: GTK 4.8's list views look for the rows they
       * showed among every row added in the same change, which would read
       * the whole table. */
      self->n_items = 0;
      if (old_n_items > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n_items, 0);
      self->n_items = n_items;
      if (n_items > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, n_items);
    }
  else
    {
      g_autoptr(GHashTable) wanted = g_hash_table_new (NULL, NULL);
      GHashTableIter iter;
      gpointer pos;

      for (guint i = n_items; i < old_n_items; i++)
        peygir_case_list_forget_item (self, i);
      self->n_items = n_items;
      peygir_case_list_hold_first_page (self, data->first_page);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIRST_PAGE_READ]);

      /* Only the length changes at the end: rows keep their objects, and
       * the view its scroll position and selection. */
      if (n_items > old_n_items)
        g_list_model_items_changed (G_LIST_MODEL (self), old_n_items, 0, n_items - old_n_items);
      else if (n_items < old_n_items)
        g_list_model_items_changed (G_LIST_MODEL (self), n_items, old_n_items - n_items, 0);

      g_hash_table_iter_init (&iter, self->items);
      while (g_hash_table_iter_next (&iter, &pos, NULL))
        {
          guint page = GPOINTER_TO_UINT (pos) / PAGE_SIZE;

          if (page != 0)
            g_hash_table_add (wanted, GUINT_TO_POINTER (page));
        }
      g_hash_table_iter_init (&iter, wanted);
      while (g_hash_table_iter_next (&iter, &pos, NULL))
        peygir_case_list_request_page (self, GPOINTER_TO_UINT (pos));
    }

  if (old_n_items != self->n_items)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  notify_loading_if_changed (self, was_loading);
}

static void
peygir_case_list_count (PeygirCaseList *self)
{
  gboolean was_loading = peygir_case_list_is_loading (self);
  CountData *data = g_new0 (CountData, 1);

  /* A refresh asked while a new query is being counted is that count. */
  data->reset = self->reset_pending;
  data->query = self->reset_pending ? self->next_query : self->query;
  data->query.has_cursor = FALSE;
  data->serial = ++self->count_serial;
  self->counting++;
  peygir_session_run (self->session, count_thread, data, (GDestroyNotify) count_data_free,
                      NULL, NULL, count_done_cb, g_object_ref (self));
  notify_loading_if_changed (self, was_loading);
}

void
peygir_case_list_set_query (PeygirCaseList        *self,
                            const PeygirCaseQuery *query)
{
  g_return_if_fail (PEYGIR_IS_CASE_LIST (self));
  g_return_if_fail (query != NULL);

  self->next_query = *query;
  self->reset_pending = TRUE;
  peygir_case_list_count (self);
}

void
peygir_case_list_refresh (PeygirCaseList *self)
{
  g_return_if_fail (PEYGIR_IS_CASE_LIST (self));

  peygir_case_list_count (self);
}

const PeygirCaseQuery *
peygir_case_list_get_query (PeygirCaseList *self)
{
  g_return_val_if_fail (PEYGIR_IS_CASE_LIST (self), NULL);
  return self->reset_pending ? &self->next_query : &self->query;
}

gboolean
peygir_case_list_get_loading (PeygirCaseList *self)
{
  g_return_val_if_fail (PEYGIR_IS_CASE_LIST (self), FALSE);
  return peygir_case_list_is_loading (self);
}

void
peygir_case_list_set_hold_further_pages (PeygirCaseList *self,
                                         gboolean        hold)
{
  g_autoptr(GList) pages = NULL;

  g_return_if_fail (PEYGIR_IS_CASE_LIST (self));

  self->hold_further = hold;
  if (hold)
    return;

  /* the pages asked for meanwhile and still wanted: rows of theirs are held
   * by the view and were not read since */
  pages = g_hash_table_get_keys (self->held);
  g_hash_table_remove_all (self->held);
  for (GList *l = pages; l != NULL; l = l->next)
    {
      guint page = GPOINTER_TO_UINT (l->data);

      if ((guint64) page * PAGE_SIZE < self->n_items
          && !g_hash_table_contains (self->pages, GUINT_TO_POINTER (page)))
        peygir_case_list_request_page (self, page);
    }
}

guint
peygir_case_list_get_pages_read (PeygirCaseList *self)
{
  g_return_val_if_fail (PEYGIR_IS_CASE_LIST (self), 0);
  return self->pages_read;
}

/* GListModel */

static GType
peygir_case_list_get_item_type (GListModel *model)
{
  return PEYGIR_TYPE_CASE_ITEM;
}

static guint
peygir_case_list_get_n_items (GListModel *model)
{
  return PEYGIR_CASE_LIST (model)->n_items;
}

static gpointer
peygir_case_list_get_item (GListModel *model,
                           guint       position)
{
  PeygirCaseList *self = PEYGIR_CASE_LIST (model);
  PeygirCaseItem *item;
  GPtrArray *rows;
  guint page;

  if (position >= self->n_items)
    return NULL;

  item = g_hash_table_lookup (self->items, GUINT_TO_POINTER (position));
  if (item != NULL)
    return g_object_ref (item);

  page = position / PAGE_SIZE;
  rows = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  if (rows != NULL && position % PAGE_SIZE < rows->len)
    item = peygir_case_item_new (g_ptr_array_index (rows, position % PAGE_SIZE));
  else
    item = peygir_case_item_new (NULL);

  g_hash_table_insert (self->items, GUINT_TO_POINTER (position), item);
  g_hash_table_insert (self->positions, item, GUINT_TO_POINTER (position));
  g_object_weak_ref (G_OBJECT (item), item_weak_notify, self);

  if (rows == NULL)
    peygir_case_list_request_page (self, page);
  return item;
}

static void
peygir_case_list_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = peygir_case_list_get_item_type;
  iface->get_n_items = peygir_case_list_get_n_items;
  iface->get_item = peygir_case_list_get_item;
}

/* GObject */

static void
peygir_case_list_finalize (GObject *object)
{
  PeygirCaseList *self = (PeygirCaseList *)object;

  peygir_case_list_forget_items (self);
  peygir_case_list_forget_pages (self);
  g_clear_pointer (&self->items, g_hash_table_unref);
  g_clear_pointer (&self->positions, g_hash_table_unref);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->bounds, g_hash_table_unref);
  g_clear_pointer (&self->requests, g_hash_table_unref);
  g_clear_pointer (&self->held, g_hash_table_unref);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (peygir_case_list_parent_class)->finalize (object);
}

static void
peygir_case_list_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PeygirCaseList *self = PEYGIR_CASE_LIST (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, peygir_case_list_is_loading (self));
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_items);
      break;
    case PROP_FIRST_PAGE_READ:
      g_value_set_boolean (value, peygir_case_list_get_first_page_read (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
peygir_case_list_class_init (PeygirCaseListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = peygir_case_list_finalize;
  object_class->get_property = peygir_case_list_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* notified before the rows are announced, and so before the view asks
   * for the rows further down */
  properties[PROP_FIRST_PAGE_READ] =
    g_param_spec_boolean ("first-page-read", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
peygir_case_list_init (PeygirCaseList *self)
{
  self->items = g_hash_table_new (NULL, NULL);
  self->positions = g_hash_table_new (NULL, NULL);
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  self->bounds = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) page_bounds_free);
  self->requests = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  self->held = g_hash_table_new (NULL, NULL);
  g_queue_init (&self->page_lru);
}

PeygirCaseList *
peygir_case_list_new (PeygirSession *session)
{
  PeygirCaseList *self;

  g_return_val_if_fail (PEYGIR_IS_SESSION (session), NULL);

  self = g_object_new (PEYGIR_TYPE_CASE_LIST, NULL);
  self->session = g_object_ref (session);
  return self;
}
