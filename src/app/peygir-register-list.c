/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-register-list"

#include "peygir-register-list.h"

/* Asked for a row this close to the end, the list reads the next page. */
#define NEAR_THE_END 10

typedef enum
{
  READ_RESET,    /* a new query: from the first page */
  READ_MORE,     /* the page after the last row held */
  READ_REFRESH,  /* as many rows as are held, again */
} ReadKind;

struct _PeygirRegisterList
{
  GObject              parent_instance;

  PeygirSession       *session;
  PeygirRegisterQuery  query;
  char                *text;          /* the query's, owned */
  GPtrArray           *items;         /* of PeygirRegisterItem */
  gboolean             has_more;
  gboolean             reset_pending;
  gboolean             more_pending;
  gboolean             more_after_refresh;
  guint                page_size;
  /* Bumped whenever a read begun before cannot be applied any more. */
  guint                epoch;
  guint                reads;         /* under way, current or not */
  guint                pages_read;
  char                *problem;
};

static void peygir_register_list_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PeygirRegisterList, peygir_register_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, peygir_register_list_iface_init))

enum {
  PROP_0,
  PROP_LOADING,
  PROP_HAS_MORE,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  ReadKind             kind;
  PeygirRegisterQuery  query;     /* its cursor set for READ_MORE */
  char                *text;
  guint                wanted;    /* rows to read at least (READ_REFRESH) */
  guint                epoch;
  /* results */
  GPtrArray           *entries;
  gboolean             has_more;
  guint                pages_read;
} ReadData;

static void
read_data_free (ReadData *data)
{
  g_free (data->text);
  g_clear_pointer (&data->entries, g_ptr_array_unref);
  g_free (data);
}

/* Each page is its own short read, let go before the next, so that the
 * desks writing to the share are never held up by a long walk. */
static gpointer
read_thread (PeygirStore   *store,
             gpointer       task_data,
             GCancellable  *cancellable,
             GError       **error)
{
  ReadData *data = task_data;
  PeygirRegisterQuery q = data->query;

  q.text = data->text;
  data->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) peygir_register_entry_free);
  do
    {
      g_autoptr(GPtrArray) page = peygir_store_list_register (store, &q, error);
      const PeygirRegisterEntry *last;

      if (page == NULL)
        return NULL;
      data->pages_read++;
      data->has_more = page->len == q.limit;
      for (guint i = 0; i < page->len; i++)
        g_ptr_array_add (data->entries, g_steal_pointer (&g_ptr_array_index (page, i)));
      if (page->len == 0)
        break;
      last = g_ptr_array_index (data->entries, data->entries->len - 1);
      q.has_cursor = TRUE;
      q.after_at = last->at;
      q.after_incoming = last->incoming;
      q.after_id = last->id;
    }
  while (data->has_more && data->entries->len < data->wanted);

  return data;
}

static void
set_problem (PeygirRegisterList *self,
             const char         *problem)
{
  g_free (self->problem);
  self->problem = g_strdup (problem);
}

static void
replace_all (PeygirRegisterList *self,
             GPtrArray          *entries)
{
  guint removed = self->items->len;

  g_ptr_array_set_size (self->items, 0);
  /* Emptied, then filled: GTK 4.8's list views look for the rows they
   * showed among every row added in the same change. */
  if (removed > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
  for (guint i = 0; i < entries->len; i++)
    g_ptr_array_add (self->items, peygir_register_item_new (g_steal_pointer (&g_ptr_array_index (entries, i))));
  if (self->items->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, self->items->len);
}

static void
append (PeygirRegisterList *self,
        GPtrArray          *entries)
{
  guint position = self->items->len;

  for (guint i = 0; i < entries->len; i++)
    g_ptr_array_add (self->items, peygir_register_item_new (g_steal_pointer (&g_ptr_array_index (entries, i))));
  if (entries->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), position, 0, entries->len);
}

/* The rows read again: when they are the rows held, perhaps under new
 * letters at the top (the usual case: a desk sent one), each row keeps its
 * object and only the new rows are announced; anything else starts over. */
static void
merge (PeygirRegisterList *self,
       GPtrArray          *entries)
{
  guint n_old = self->items->len;
  guint added = 0;
  guint overlap;

  if (n_old == 0)
    {
      replace_all (self, entries);
      return;
    }
  while (added < entries->len
         && !peygir_register_entry_same (g_ptr_array_index (entries, added),
                                         peygir_register_item_get_entry (g_ptr_array_index (self->items, 0))))
    added++;
  if (added == entries->len)
    {
      replace_all (self, entries);
      return;
    }
  overlap = MIN (n_old, entries->len - added);
  for (guint i = 0; i < overlap; i++)
    if (!peygir_register_entry_same (g_ptr_array_index (entries, added + i),
                                     peygir_register_item_get_entry (g_ptr_array_index (self->items, i))))
      {
        replace_all (self, entries);
        return;
      }

  for (guint i = 0; i < overlap; i++)
    peygir_register_item_set_entry (g_ptr_array_index (self->items, i),
                                    g_steal_pointer (&g_ptr_array_index (entries, added + i)));
  if (overlap < n_old)
    {
      g_ptr_array_remove_range (self->items, overlap, n_old - overlap);
      g_list_model_items_changed (G_LIST_MODEL (self), overlap, n_old - overlap, 0);
    }
  if (added + overlap < entries->len)
    {
      guint position = self->items->len;
      guint n = entries->len - added - overlap;

      for (guint i = added + overlap; i < entries->len; i++)
        g_ptr_array_add (self->items, peygir_register_item_new (g_steal_pointer (&g_ptr_array_index (entries, i))));
      g_list_model_items_changed (G_LIST_MODEL (self), position, 0, n);
    }
  if (added > 0)
    {
      for (guint i = 0; i < added; i++)
        g_ptr_array_insert (self->items, i, peygir_register_item_new (g_steal_pointer (&g_ptr_array_index (entries, i))));
      g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, added);
    }
}

static void
read_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PeygirRegisterList) self = user_data;
  g_autoptr(GError) error = NULL;
  ReadData *data = peygir_session_run_get_data (result);
  gboolean had_more = self->has_more;
  guint old_n_items = self->items->len;

  self->reads--;
  /* The data stays the task's: nothing to free here. */
  if (peygir_session_run_finish (PEYGIR_SESSION (object), result, &error) == NULL)
    {
      if (data->epoch == self->epoch)
        {
          g_debug ("Reading the register failed: %s", error->message);
          set_problem (self, error->message);
          if (data->kind == READ_MORE)
            self->more_pending = FALSE;
          if (data->kind == READ_RESET)
            self->reset_pending = FALSE;
        }
    }
  else if (data->epoch == self->epoch)
    {
      set_problem (self, NULL);
      self->pages_read += data->pages_read;
      switch (data->kind)
        {
        case READ_RESET:
          self->reset_pending = FALSE;
          self->has_more = data->has_more;
          replace_all (self, data->entries);
          break;
        case READ_MORE:
          self->more_pending = FALSE;
          self->has_more = data->has_more;
          append (self, data->entries);
          break;
        case READ_REFRESH:
          self->has_more = data->has_more;
          merge (self, data->entries);
          /* The view asked for the page the refresh dropped, and will not
           * ask again for rows it shows already. */
          if (self->more_after_refresh)
            {
              self->more_after_refresh = FALSE;
              peygir_register_list_load_more (self);
            }
          break;
        default:
          g_assert_not_reached ();
        }
    }

  if (old_n_items != self->items->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  if (had_more != self->has_more)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_MORE]);
  if (self->reads == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
start_read (PeygirRegisterList *self,
            ReadKind            kind)
{
  ReadData *data = g_new0 (ReadData, 1);

  data->kind = kind;
  data->query = self->query;
  data->text = g_strdup (self->text);
  data->query.text = NULL;
  data->query.limit = self->page_size;
  data->query.has_cursor = FALSE;
  data->epoch = self->epoch;
  if (kind == READ_REFRESH)
    data->wanted = MAX (self->items->len, self->page_size);
  else if (kind == READ_MORE && self->items->len > 0)
    {
      const PeygirRegisterEntry *last =
        peygir_register_item_get_entry (g_ptr_array_index (self->items, self->items->len - 1));

      data->query.has_cursor = TRUE;
      data->query.after_at = last->at;
      data->query.after_incoming = last->incoming;
      data->query.after_id = last->id;
    }

  self->reads++;
  peygir_session_run (self->session, read_thread, data, (GDestroyNotify) read_data_free,
                      NULL, NULL, read_done_cb, g_object_ref (self));
  if (self->reads == 1)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

void
peygir_register_list_set_query (PeygirRegisterList        *self,
                                const PeygirRegisterQuery *query)
{
  g_return_if_fail (PEYGIR_IS_REGISTER_LIST (self));
  g_return_if_fail (query != NULL);

  g_free (self->text);
  self->text = g_strdup (query->text);
  self->query = *query;
  self->query.text = NULL;
  self->epoch++;
  self->reset_pending = TRUE;
  self->more_pending = FALSE;
  self->more_after_refresh = FALSE;
  start_read (self, READ_RESET);
}

void
peygir_register_list_refresh (PeygirRegisterList *self)
{
  g_return_if_fail (PEYGIR_IS_REGISTER_LIST (self));

  /* A page after the rows held now may not follow the rows read again. */
  self->epoch++;
  self->more_after_refresh = self->more_after_refresh || self->more_pending;
  self->more_pending = FALSE;
  start_read (self, self->reset_pending ? READ_RESET : READ_REFRESH);
}

void
peygir_register_list_load_more (PeygirRegisterList *self)
{
  g_return_if_fail (PEYGIR_IS_REGISTER_LIST (self));

  if (!self->has_more || self->more_pending || self->reset_pending)
    return;
  self->more_pending = TRUE;
  start_read (self, READ_MORE);
}

gboolean
peygir_register_list_get_loading (PeygirRegisterList *self)
{
  g_return_val_if_fail (PEYGIR_IS_REGISTER_LIST (self), FALSE);
  return self->reads > 0;
}

gboolean
peygir_register_list_get_has_more (PeygirRegisterList *self)
{
  g_return_val_if_fail (PEYGIR_IS_REGISTER_LIST (self), FALSE);
  return self->has_more;
}

void
peygir_register_list_set_page_size (PeygirRegisterList *self,
                                    guint               page_size)
{
  g_return_if_fail (PEYGIR_IS_REGISTER_LIST (self));
  self->page_size = page_size > 0 ? page_size : PEYGIR_REGISTER_LIST_PAGE_SIZE;
}

guint
peygir_register_list_get_pages_read (PeygirRegisterList *self)
{
  g_return_val_if_fail (PEYGIR_IS_REGISTER_LIST (self), 0);
  return self->pages_read;
}

const char *
peygir_register_list_get_problem (PeygirRegisterList *self)
{
  g_return_val_if_fail (PEYGIR_IS_REGISTER_LIST (self), NULL);
  return self->problem;
}

/* GListModel */

static GType
peygir_register_list_get_item_type (GListModel *model)
{
  return PEYGIR_TYPE_REGISTER_ITEM;
}

static guint
peygir_register_list_get_n_items (GListModel *model)
{
  return PEYGIR_REGISTER_LIST (model)->items->len;
}

static gpointer
peygir_register_list_get_item (GListModel *model,
                               guint       position)
{
  PeygirRegisterList *self = PEYGIR_REGISTER_LIST (model);

  if (position >= self->items->len)
    return NULL;
  /* A view showing the last rows wants the ones after them. */
  if (position + NEAR_THE_END >= self->items->len)
    peygir_register_list_load_more (self);
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
peygir_register_list_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = peygir_register_list_get_item_type;
  iface->get_n_items = peygir_register_list_get_n_items;
  iface->get_item = peygir_register_list_get_item;
}

/* GObject */

static void
peygir_register_list_finalize (GObject *object)
{
  PeygirRegisterList *self = (PeygirRegisterList *)object;

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->problem, g_free);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (peygir_register_list_parent_class)->finalize (object);
}

static void
peygir_register_list_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  PeygirRegisterList *self = PEYGIR_REGISTER_LIST (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->reads > 0);
      break;
    case PROP_HAS_MORE:
      g_value_set_boolean (value, self->has_more);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->items->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
peygir_register_list_class_init (PeygirRegisterListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = peygir_register_list_finalize;
  object_class->get_property = peygir_register_list_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_MORE] =
    g_param_spec_boolean ("has-more", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
peygir_register_list_init (PeygirRegisterList *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->page_size = PEYGIR_REGISTER_LIST_PAGE_SIZE;
}

PeygirRegisterList *
peygir_register_list_new (PeygirSession *session)
{
  PeygirRegisterList *self;

  g_return_val_if_fail (PEYGIR_IS_SESSION (session), NULL);

  self = g_object_new (PEYGIR_TYPE_REGISTER_LIST, NULL);
  self->session = g_object_ref (session);
  return self;
}
