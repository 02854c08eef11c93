/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "peygir-store.h"
#include "peygir-workflow.h"

G_BEGIN_DECLS

/* What a desk narrowed a queue to; zero everywhere: the whole queue. */
typedef struct
{
  gint64    expert_id;       /* 0: anyone's */
  gint64    agency_id;       /* 0: any agency */
  guint     kinds;           /* 1 << PeygirCaseKind; 0: both */
  guint     channels;        /* 1 << PeygirChannel; 0: any */
  gboolean  overdue_only;
  PeygirDay received_from;   /* inclusive; 0: no bound */
  PeygirDay received_until;  /* inclusive; 0: no bound */
} PeygirCaseFilter;

gboolean peygir_case_filter_is_empty (const PeygirCaseFilter *filter);
gboolean peygir_case_filter_equal    (const PeygirCaseFilter *a,
                                      const PeygirCaseFilter *b);

/* The session user's cartable: for each queue, the filter and the sort the
 * desk chose (kept for the window's life), and the one query that both the
 * queue's count and its list read. */

#define PEYGIR_TYPE_CARTABLE (peygir_cartable_get_type ())
G_DECLARE_FINAL_TYPE (PeygirCartable, peygir_cartable, PEYGIR, CARTABLE, GObject)

/* @user_id: the session user, whose are the queues marked mine. */
PeygirCartable         *peygir_cartable_new        (gint64                  user_id);
/* The query of @queue as filtered and sorted now, reading @limit rows a
 * page. Its count is the queue's count. */
void                    peygir_cartable_query      (PeygirCartable         *self,
                                                    const PeygirQueueInfo  *queue,
                                                    guint                   limit,
                                                    PeygirCaseQuery        *query);
const PeygirCaseFilter *peygir_cartable_get_filter (PeygirCartable         *self,
                                                    const char             *queue_id);
void                    peygir_cartable_set_filter (PeygirCartable         *self,
                                                    const char             *queue_id,
                                                    const PeygirCaseFilter *filter);
/* The sort's identifier, "received-desc", "agency-asc", … */
const char             *peygir_cartable_get_sort   (PeygirCartable         *self,
                                                    const char             *queue_id);
/* FALSE, keeping the queue's sort, for an identifier that names none. */
gboolean                peygir_cartable_set_sort   (PeygirCartable         *self,
                                                    const char             *queue_id,
                                                    const char             *sort_id);
/* The store's sort of @sort_id; FALSE for an unknown one. */
gboolean                peygir_cartable_parse_sort (const char             *sort_id,
                                                    PeygirCaseSort         *sort,
                                                    gboolean               *descending);

G_END_DECLS
