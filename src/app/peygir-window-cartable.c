/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-window-cartable"

#include <glib/gi18n-lib.h>

#include "peygir-case-cell.h"
#include "peygir-window-private.h"

/* Each column's sort by name. Age is the days since a case was received:
 * the youngest first is the latest received first. */
static const struct {
  const char *name;
  gboolean    inverted;
} column_sorts[PEYGIR_N_CASE_COLUMNS] = {
  [PEYGIR_CASE_COLUMN_REGISTRATION] = { "registration", FALSE },
  [PEYGIR_CASE_COLUMN_TRACKING]     = { "tracking", FALSE },
  [PEYGIR_CASE_COLUMN_APPLICANT]    = { "applicant", FALSE },
  [PEYGIR_CASE_COLUMN_SUBJECT]      = { "subject", FALSE },
  [PEYGIR_CASE_COLUMN_AGENCY]       = { "agency", FALSE },
  [PEYGIR_CASE_COLUMN_STATE]        = { "state", FALSE },
  [PEYGIR_CASE_COLUMN_AGE]          = { "received", TRUE },
  [PEYGIR_CASE_COLUMN_DEADLINE]     = { "deadline", FALSE },
  [PEYGIR_CASE_COLUMN_EXPERT]       = { "expert", FALSE },
};

void
_peygir_window_query_for (PeygirWindow          *self,
                          const PeygirQueueInfo *queue,
                          PeygirCaseQuery       *query)
{
  peygir_cartable_query (self->cartable, queue, PEYGIR_CASE_LIST_PAGE_SIZE, query);
}

/* The sidebar's sections */

enum {
  SECTION_MINE,
  SECTION_OFFICE,
  SECTION_PAGES,
};

static int
queue_row_section (GtkListBoxRow *row)
{
  const PeygirQueueInfo *queue = g_object_get_data (G_OBJECT (row), "peygir-queue");

  if (queue == NULL)
    return SECTION_PAGES;
  return queue->mine ? SECTION_MINE : SECTION_OFFICE;
}

static void
queue_header_cb (GtkListBoxRow *row,
                 GtkListBoxRow *before,
                 gpointer       user_data)
{
  int section = queue_row_section (row);
  GtkWidget *header;

  if (before != NULL && queue_row_section (before) == section)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  if (section == SECTION_PAGES)
    header = gtk_separator_new (GTK_ORIENTATION_HORIZONTAL);
  else
    {
      header = gtk_label_new (section == SECTION_MINE ? _("My Cartable") : _("Office Queues"));
      gtk_label_set_xalign (GTK_LABEL (header), 0);
      gtk_widget_add_css_class (header, "heading");
      gtk_widget_add_css_class (header, "dim-label");
      gtk_widget_set_margin_start (header, 12);
      gtk_widget_set_margin_end (header, 12);
      gtk_widget_set_margin_top (header, before != NULL ? 12 : 6);
      gtk_widget_set_margin_bottom (header, 6);
    }
  gtk_list_box_row_set_header (row, header);
}

/* Filters */

void
_peygir_window_show_filter_sign (PeygirWindow *self)
{
  gboolean has_queue = self->cartable != NULL && self->queue != NULL;
  gboolean in_inbox = g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "inbox") == 0;
  const PeygirCaseFilter *filter = has_queue ? peygir_cartable_get_filter (self->cartable, self->queue->id) : NULL;
  gboolean on = !peygir_case_filter_is_empty (filter);

  /* a queue's filter, over its list only */
  gtk_widget_set_sensitive (GTK_WIDGET (self->filter_button), has_queue && in_inbox);
  gtk_widget_set_visible (GTK_WIDGET (self->filter_revealer), has_queue && in_inbox);
  if (!has_queue)
    gtk_toggle_button_set_active (self->filter_button, FALSE);
  if (on)
    gtk_widget_add_css_class (GTK_WIDGET (self->filter_button), "accent");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->filter_button), "accent");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->filter_button),
                               on ? _("A filter is on: the queue shows only some of its cases")
                                  : _("Filter the Queue"));

  for (guint i = 0; self->cartable != NULL && i < self->shown_queues->len; i++)
    {
      const PeygirQueueInfo *queue = g_ptr_array_index (self->shown_queues, i);
      GtkWidget *count = g_ptr_array_index (self->count_labels, i);

      if (!peygir_case_filter_is_empty (peygir_cartable_get_filter (self->cartable, queue->id)))
        gtk_widget_add_css_class (count, "accent");
      else
        gtk_widget_remove_css_class (count, "accent");
    }

  if (has_queue && in_inbox
      && gtk_single_selection_get_model (self->selection) == G_LIST_MODEL (self->case_list))
    adw_window_title_set_subtitle (self->content_title, on ? _("Filtered") : NULL);
}

static void
peygir_window_filter_queue (PeygirWindow           *self,
                            const PeygirCaseFilter *filter)
{
  PeygirCaseQuery query;

  if (self->queue == NULL || self->case_list == NULL)
    return;
  peygir_cartable_set_filter (self->cartable, self->queue->id, filter);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  _peygir_window_query_for (self, self->queue, &query);
  peygir_case_list_set_query (self->case_list, &query);
  _peygir_window_refresh_counts (self);
  _peygir_window_show_filter_sign (self);
  _peygir_window_update_empty (self);
}

static void
filter_bar_changed_cb (PeygirWindow    *self,
                       PeygirFilterBar *bar)
{
  peygir_window_filter_queue (self, peygir_filter_bar_get_filter (bar));
}

/* From the empty list of a filtered queue: the whole queue again. */
static void
inbox_clear_filter_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  PeygirWindow *self = PEYGIR_WINDOW (widget);
  static const PeygirCaseFilter none = { 0 };

  peygir_filter_bar_set_filter (self->filter_bar, &none);
  peygir_window_filter_queue (self, &none);
}

void
_peygir_window_queue_shown (PeygirWindow *self)
{
  const char *sort;

  if (self->queue == NULL || self->cartable == NULL)
    return;
  peygir_filter_bar_set_filter (self->filter_bar, peygir_cartable_get_filter (self->cartable, self->queue->id));
  peygir_filter_bar_set_expert_choice (self->filter_bar, !self->queue->mine && !self->queue->unassigned_only);
  sort = peygir_cartable_get_sort (self->cartable, self->queue->id);
  if (g_strcmp0 (self->sort, sort) != 0)
    {
      g_free (self->sort);
      self->sort = g_strdup (sort);
      g_object_notify (G_OBJECT (self), "sort");
    }
  _peygir_window_sort_changed (self);
}

/* Sorting by a column: its header's menu, and a mark beside the title of
 * the column the queue is sorted by. */

void
_peygir_window_sort_changed (PeygirWindow *self)
{
  GListModel *view_columns = gtk_column_view_get_columns (self->case_view);

  if (self->queue != NULL && self->cartable != NULL)
    peygir_cartable_set_sort (self->cartable, self->queue->id, self->sort);

  for (guint i = 0; i < g_list_model_get_n_items (view_columns) && i < PEYGIR_N_CASE_COLUMNS; i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (view_columns, i);
      const char *title = g_object_get_data (G_OBJECT (column), "peygir-title");
      g_autofree char *asc = g_strconcat (column_sorts[i].name, "-asc", NULL);
      g_autofree char *desc = g_strconcat (column_sorts[i].name, "-desc", NULL);
      gboolean up = g_strcmp0 (self->sort, column_sorts[i].inverted ? desc : asc) == 0;
      gboolean down = g_strcmp0 (self->sort, column_sorts[i].inverted ? asc : desc) == 0;
      g_autofree char *marked = NULL;

      if (title == NULL)
        continue;
      if (up || down)
        marked = g_strconcat (title, up ? " ▴" : " ▾", NULL);
      gtk_column_view_column_set_title (column, marked != NULL ? marked : title);
    }
}

static void
peygir_window_add_sort_menus (PeygirWindow *self)
{
  GListModel *view_columns = gtk_column_view_get_columns (self->case_view);

  for (guint i = 0; i < g_list_model_get_n_items (view_columns) && i < PEYGIR_N_CASE_COLUMNS; i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (view_columns, i);
      g_autoptr(GMenu) menu = g_menu_new ();
      g_autofree char *asc = g_strdup_printf ("inbox.sort::%s-%s", column_sorts[i].name,
                                              column_sorts[i].inverted ? "desc" : "asc");
      g_autofree char *desc = g_strdup_printf ("inbox.sort::%s-%s", column_sorts[i].name,
                                               column_sorts[i].inverted ? "asc" : "desc");

      g_menu_append (menu, _("Sort Ascending"), asc);
      g_menu_append (menu, _("Sort Descending"), desc);
      gtk_column_view_column_set_header_menu (column, G_MENU_MODEL (menu));
      g_object_set_data_full (G_OBJECT (column), "peygir-title",
                              g_strdup (gtk_column_view_column_get_title (column)), g_free);
    }
}

/* Setting up */

void
_peygir_window_cartable_init (PeygirWindow *self)
{
  gtk_list_box_set_header_func (self->queue_list, queue_header_cb, NULL, NULL);
  peygir_window_add_sort_menus (self);
  _peygir_window_show_filter_sign (self);
}

void
_peygir_window_cartable_set_session (PeygirWindow *self)
{
  self->cartable = peygir_cartable_new (peygir_session_get_user (self->session)->id);
  peygir_filter_bar_set_session (self->filter_bar, self->session);
}

void
_peygir_window_class_cartable_init (PeygirWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (PEYGIR_TYPE_FILTER_BAR);
  gtk_widget_class_bind_template_child (widget_class, PeygirWindow, filter_button);
  gtk_widget_class_bind_template_child (widget_class, PeygirWindow, filter_revealer);
  gtk_widget_class_bind_template_child (widget_class, PeygirWindow, filter_bar);
  gtk_widget_class_bind_template_child (widget_class, PeygirWindow, clear_filter_button);
  gtk_widget_class_bind_template_callback (widget_class, filter_bar_changed_cb);
  gtk_widget_class_install_action (widget_class, "inbox.clear-filter", NULL, inbox_clear_filter_action);
}
