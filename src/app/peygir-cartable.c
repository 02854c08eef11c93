/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-cartable"

#include <string.h>

#include "peygir-cartable.h"

#define DEFAULT_SORT "received-desc"

/* The sorts by name: a column's, or one of the sort menu's. */
static const struct {
  const char     *name;
  PeygirCaseSort  sort;
} sorts[] = {
  { "received",     PEYGIR_CASE_SORT_RECEIVED },
  { "updated",      PEYGIR_CASE_SORT_UPDATED },
  { "registration", PEYGIR_CASE_SORT_REGISTRATION },
  { "service-due",  PEYGIR_CASE_SORT_SERVICE_DUE },
  { "tracking",     PEYGIR_CASE_SORT_TRACKING },
  { "applicant",    PEYGIR_CASE_SORT_APPLICANT },
  { "subject",      PEYGIR_CASE_SORT_SUBJECT },
  { "agency",       PEYGIR_CASE_SORT_AGENCY },
  { "state",        PEYGIR_CASE_SORT_STATE },
  { "expert",       PEYGIR_CASE_SORT_EXPERT },
  { "deadline",     PEYGIR_CASE_SORT_DEADLINE },
};

typedef struct
{
  PeygirCaseFilter  filter;
  char             *sort;
} QueueView;

struct _PeygirCartable
{
  GObject     parent_instance;

  gint64      user_id;
  GHashTable *views;  /* queue id → QueueView */
};

G_DEFINE_FINAL_TYPE (PeygirCartable, peygir_cartable, G_TYPE_OBJECT)

gboolean
peygir_case_filter_is_empty (const PeygirCaseFilter *filter)
{
  static const PeygirCaseFilter empty = { 0 };

  return filter == NULL || peygir_case_filter_equal (filter, &empty);
}

gboolean
peygir_case_filter_equal (const PeygirCaseFilter *a,
                          const PeygirCaseFilter *b)
{
  return a->expert_id == b->expert_id
         && a->agency_id == b->agency_id
         && a->kinds == b->kinds
         && a->channels == b->channels
         && !a->overdue_only == !b->overdue_only
         && a->received_from == b->received_from
         && a->received_until == b->received_until;
}

gboolean
peygir_cartable_parse_sort (const char     *sort_id,
                            PeygirCaseSort *sort,
                            gboolean       *descending)
{
  const char *dash = sort_id != NULL ? strrchr (sort_id, '-') : NULL;

  if (dash == NULL || (strcmp (dash, "-asc") != 0 && strcmp (dash, "-desc") != 0))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (sorts); i++)
    if (strlen (sorts[i].name) == (gsize) (dash - sort_id)
        && strncmp (sorts[i].name, sort_id, dash - sort_id) == 0)
      {
        *sort = sorts[i].sort;
        *descending = strcmp (dash, "-desc") == 0;
        return TRUE;
      }
  return FALSE;
}

static void
queue_view_free (QueueView *view)
{
  g_free (view->sort);
  g_free (view);
}

static QueueView *
peygir_cartable_view (PeygirCartable *self,
                      const char     *queue_id)
{
  QueueView *view = g_hash_table_lookup (self->views, queue_id);

  if (view == NULL)
    {
      view = g_new0 (QueueView, 1);
      view->sort = g_strdup (DEFAULT_SORT);
      g_hash_table_insert (self->views, g_strdup (queue_id), view);
    }
  return view;
}

void
peygir_cartable_query (PeygirCartable        *self,
                       const PeygirQueueInfo *queue,
                       guint                  limit,
                       PeygirCaseQuery       *query)
{
  static const QueueView unnamed = { { 0 }, (char *) DEFAULT_SORT };
  const QueueView *view;

  g_return_if_fail (PEYGIR_IS_CARTABLE (self));
  g_return_if_fail (queue != NULL);

  /* a step of the office's chart, shown as a queue: neither filtered nor
   * sorted by the desk */
  view = queue->id != NULL ? peygir_cartable_view (self, queue->id) : &unnamed;
  peygir_case_query_for_queue (query, queue, self->user_id);
  /* A queue of one's own stays one's own, and the unassigned have no
   * expert, whatever expert the filter names. */
  if (!queue->mine && !queue->unassigned_only)
    query->expert_id = view->filter.expert_id;
  query->overdue_only = query->overdue_only || view->filter.overdue_only;
  query->agency_id = view->filter.agency_id;
  query->kinds = view->filter.kinds;
  query->channels = view->filter.channels;
  query->received_from = view->filter.received_from;
  query->received_until = view->filter.received_until;
  query->limit = limit;
  if (!peygir_cartable_parse_sort (view->sort, &query->sort, &query->descending))
    peygir_cartable_parse_sort (DEFAULT_SORT, &query->sort, &query->descending);
}

const PeygirCaseFilter *
peygir_cartable_get_filter (PeygirCartable *self,
                            const char     *queue_id)
{
  g_return_val_if_fail (PEYGIR_IS_CARTABLE (self), NULL);
  return &peygir_cartable_view (self, queue_id)->filter;
}

void
peygir_cartable_set_filter (PeygirCartable         *self,
                            const char             *queue_id,
                            const PeygirCaseFilter *filter)
{
  g_return_if_fail (PEYGIR_IS_CARTABLE (self));
  g_return_if_fail (filter != NULL);
  peygir_cartable_view (self, queue_id)->filter = *filter;
}

const char *
peygir_cartable_get_sort (PeygirCartable *self,
                          const char     *queue_id)
{
  g_return_val_if_fail (PEYGIR_IS_CARTABLE (self), NULL);
  return peygir_cartable_view (self, queue_id)->sort;
}

gboolean
peygir_cartable_set_sort (PeygirCartable *self,
                          const char     *queue_id,
                          const char     *sort_id)
{
  QueueView *view;
  PeygirCaseSort sort;
  gboolean descending;

  g_return_val_if_fail (PEYGIR_IS_CARTABLE (self), FALSE);

  if (!peygir_cartable_parse_sort (sort_id, &sort, &descending))
    return FALSE;
  view = peygir_cartable_view (self, queue_id);
  g_free (view->sort);
  view->sort = g_strdup (sort_id);
  return TRUE;
}

static void
peygir_cartable_finalize (GObject *object)
{
  PeygirCartable *self = (PeygirCartable *)object;

  g_clear_pointer (&self->views, g_hash_table_unref);

  G_OBJECT_CLASS (peygir_cartable_parent_class)->finalize (object);
}

static void
peygir_cartable_class_init (PeygirCartableClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = peygir_cartable_finalize;
}

static void
peygir_cartable_init (PeygirCartable *self)
{
  self->views = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) queue_view_free);
}

PeygirCartable *
peygir_cartable_new (gint64 user_id)
{
  PeygirCartable *self = g_object_new (PEYGIR_TYPE_CARTABLE, NULL);

  self->user_id = user_id;
  return self;
}
