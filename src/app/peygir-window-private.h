/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "peygir-cartable.h"
#include "peygir-filter-bar.h"
#include "peygir-window.h"
#include "peygir-workflow.h"

G_BEGIN_DECLS

struct _PeygirWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  AdwStatusPage        *error_page;
  AdwStatusPage        *unknown_user_page;
  GtkLabel             *unknown_user_command;
  AdwLeaflet           *leaflet;
  GtkWidget            *content;
  GtkListBox           *queue_list;
  GtkLabel             *user_label;
  GtkLabel             *roles_label;
  AdwWindowTitle       *content_title;
  GtkWidget            *back_button;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkToggleButton      *search_button;
  GtkToggleButton      *filter_button;
  GtkRevealer          *filter_revealer;
  PeygirFilterBar      *filter_bar;
  GtkWidget            *clear_filter_button;
  GtkRevealer          *banner;
  GtkLabel             *banner_label;
  GtkStack             *content_stack;
  GtkStack             *inbox_stack;
  GtkColumnView        *case_view;
  AdwStatusPage        *empty_page;
  PeygirCasePage       *case_page;
  PeygirIntakePage     *intake_page;
  PeygirOfficePage     *office_page;
  PeygirPrintQueuePage *print_queue_page;
  PeygirRegisterPage   *register_page;
  PeygirReportsPage    *reports_page;

  GSettings            *settings;
  PeygirSession        *session;
  PeygirNotifier       *notifier;
  PeygirCaseList       *case_list;
  PeygirCartable       *cartable;       /* each queue's filter and sort */
  GListStore           *search_results;
  GtkSingleSelection   *selection;
  GCancellable         *cancellable;

  char                 *open_path;
  char                 *open_login;
  char                 *open_password;  /* this session's, for trying again */
  GtkWidget            *password_dialog;
  GtkWidget            *setup_window;   /* weak: the office's first start, while open */
  gboolean              password_from_keyring;
  gboolean              remember_password;
  gboolean              keyring_looked;

  GPtrArray            *shown_queues;   /* of const PeygirQueueInfo * */
  GPtrArray            *count_labels;   /* of GtkLabel *, beside each queue */
  GArray               *counts;         /* of gint64 */
  const PeygirQueueInfo *queue;
  const char           *list_title;     /* the inbox's title when it is not searching */
  GtkWidget            *discard_dialog; /* weak: asking before closing with a draft */
  gboolean              discard_confirmed;
  char                 *sort;
  guint                 search_serial;
  char                 *search_text;    /* what the last search was for */
  gboolean              counting;
  gboolean              counted;        /* the sidebar's counts have arrived */
  gboolean              inbox_filled;   /* "inbox-filled" was emitted */

  /* The table kept at its start edge (right to left: the right) until
   * the user scrolls it sideways; the adjustment's size when it was put
   * there, to tell the user's scrolling from the table's own changes. */
  gboolean              table_scrolled;
  gboolean              table_placing;
  guint                 table_tick;     /* placing it on the next frame */
  double                table_upper;
  double                table_page;
  gboolean              count_again;    /* asked while counting */
};

/* peygir-window.c */
void _peygir_window_update_header       (PeygirWindow      *self);
void _peygir_window_refresh_counts      (PeygirWindow      *self);
/* The inbox's list, or its empty page saying why it is empty. */
void _peygir_window_update_empty        (PeygirWindow      *self);

/* peygir-window-cartable.c: the queues' sections in the sidebar, their
 * filters and sorts, kept per queue. */
/* The query of @queue as the desk filtered and sorted it: its list's and its
 * count's. */
void _peygir_window_query_for           (PeygirWindow          *self,
                                         const PeygirQueueInfo *queue,
                                         PeygirCaseQuery       *query);
/* The queue @self->queue is shown: its filter in the bar, its sort. */
void _peygir_window_queue_shown         (PeygirWindow          *self);
/* Whether a filter narrows the queue shown, said beside it. */
void _peygir_window_show_filter_sign    (PeygirWindow          *self);
/* Sorting from the table's column headers: marks the sorted column and
 * keeps the sort for the queue shown. */
void _peygir_window_sort_changed        (PeygirWindow          *self);
void _peygir_window_cartable_init       (PeygirWindow          *self);
void _peygir_window_cartable_set_session (PeygirWindow         *self);
void _peygir_window_class_cartable_init (PeygirWindowClass     *klass);

/* peygir-window-actions.c: the inbox's actions and their shortcuts, and
 * moving around the window: back, the intake form, the guide. */
void _peygir_window_class_actions_init  (PeygirWindowClass *klass);
/* Whether closing the window may go ahead; if not, the user is asked:
 * the intake form's draft would be lost (the window closes after a
 * "Discard"), or an action's dialog has text typed (the dialog asks, and
 * the window stays). */
gboolean _peygir_window_may_close       (PeygirWindow      *self);

/* Opens the office's first start (PeygirSetupWindow) at the step the
 * office reached, for an administrator; unless @always, only when the
 * office is not set up yet. */
void _peygir_window_open_setup (PeygirWindow *self,
                                gboolean      always);

G_END_DECLS
