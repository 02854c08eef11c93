/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-window"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "peygir-cartable.h"
#include "peygir-case-cell.h"
#include "peygir-case-item.h"
#include "peygir-columns.h"
#include "peygir-error.h"
#include "peygir-format.h"
#include "peygir-keyring.h"
#include "peygir-office-page.h"
#include "peygir-password-dialog.h"
#include "peygir-print-queue-page.h"
#include "peygir-register-page.h"
#include "peygir-text.h"
#include "peygir-utils-private.h"
#include "peygir-workflow.h"
#include "peygir-window-private.h"


static const PeygirColumnInfo columns[PEYGIR_N_CASE_COLUMNS] = {
  [PEYGIR_CASE_COLUMN_REGISTRATION] = { N_("Registration"), 10, FALSE },
  [PEYGIR_CASE_COLUMN_TRACKING]     = { N_("Tracking Code"), 11, FALSE },
  [PEYGIR_CASE_COLUMN_APPLICANT]    = { N_("Applicant"), 14, FALSE },
  [PEYGIR_CASE_COLUMN_SUBJECT]      = { N_("Subject"), 24, TRUE },
  [PEYGIR_CASE_COLUMN_AGENCY]       = { N_("Agency"), 16, FALSE },
  [PEYGIR_CASE_COLUMN_STATE]        = { N_("State"), 20, FALSE },
  [PEYGIR_CASE_COLUMN_AGE]          = { N_("Age"), 7, FALSE },
  [PEYGIR_CASE_COLUMN_DEADLINE]     = { N_("Deadline"), 10, FALSE },
  [PEYGIR_CASE_COLUMN_EXPERT]       = { N_("Expert"), 12, FALSE },
};

#define SEARCH_LIMIT 200

G_DEFINE_FINAL_TYPE (PeygirWindow, peygir_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SORT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  INBOX_FILLED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The table's cells */

static PeygirTableCell *
case_cell_new (guint column)
{
  return peygir_case_cell_new (column, MIN (columns[column].chars, 8), columns[column].chars);
}

/* Queues and their counts */

typedef struct
{
  GPtrArray *queues;   /* of const PeygirQueueInfo * */
  GArray    *queries;  /* of PeygirCaseQuery, each queue's list's */
} CountsData;

static void
counts_data_free (CountsData *data)
{
  g_ptr_array_unref (data->queues);
  g_array_unref (data->queries);
  g_free (data);
}

static gpointer
counts_thread (PeygirStore   *store,
               gpointer       task_data,
               GCancellable  *cancellable,
               GError       **error)
{
  CountsData *data = task_data;

  return peygir_session_count_queries (store, data->queries, error);
}

/* The first time the sidebar's counts and the inbox's first rows are
 * both there. */
static void
inbox_filled_check (PeygirWindow *self)
{
  if (self->inbox_filled || !peygir_window_inbox_is_filled (self))
    return;
  self->inbox_filled = TRUE;
  g_signal_emit (self, signals[INBOX_FILLED], 0);
  peygir_case_list_set_hold_further_pages (self->case_list, FALSE);
}

static void
counts_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PeygirWindow) self = user_data;
  g_autoptr(GArray) counts = NULL;
  g_autoptr(GError) error = NULL;
  CountsData *data = peygir_session_run_get_data (result);

  self->counting = FALSE;
  counts = peygir_session_run_finish (PEYGIR_SESSION (object), result, &error);
  /* a filter changed, or the database, while these were counted */
  if (self->count_again)
    {
      self->count_again = FALSE;
      _peygir_window_refresh_counts (self);
      return;
    }
  if (counts == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Counting the queues failed: %s", error->message);
      /* the window will not be filled soon: the rows need not wait */
      peygir_case_list_set_hold_further_pages (self->case_list, FALSE);
      return;
    }
  if (data->queues->len != self->shown_queues->len)
    return;
  if (!self->counted)
    {
      self->counted = TRUE;
      inbox_filled_check (self);
    }

  for (guint i = 0; i < counts->len; i++)
    {
      const PeygirQueueInfo *queue = g_ptr_array_index (self->shown_queues, i);
      gint64 count = g_array_index (counts, gint64, i);
      GtkWidget *label = g_ptr_array_index (self->count_labels, i);
      g_autofree char *number = peygir_text_format_number (count);
      g_autofree char *cases = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s case", "%s cases", (gulong) count), number);

      g_array_index (self->counts, gint64, i) = count;
      /* The letters' queue counts cases, its page the letters in them:
       * say which, or the two numbers seem to disagree. */
      gtk_label_set_text (GTK_LABEL (label), queue->undispatched_only ? cases : number);
      gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_ancestor (label, GTK_TYPE_LIST_BOX_ROW)),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, cases, -1);
    }
}

void
_peygir_window_refresh_counts (PeygirWindow *self)
{
  CountsData *data;

  if (self->session == NULL)
    return;
  if (self->counting)
    {
      self->count_again = TRUE;
      return;
    }
  self->counting = TRUE;
  data = g_new0 (CountsData, 1);
  data->queues = g_ptr_array_ref (self->shown_queues);
  /* one source: the count of a queue is its list's query counted */
  data->queries = g_array_sized_new (FALSE, TRUE, sizeof (PeygirCaseQuery), self->shown_queues->len);
  g_array_set_size (data->queries, self->shown_queues->len);
  for (guint i = 0; i < self->shown_queues->len; i++)
    _peygir_window_query_for (self, g_ptr_array_index (self->shown_queues, i),
                              &g_array_index (data->queries, PeygirCaseQuery, i));
  peygir_session_run (self->session, counts_thread, data, (GDestroyNotify) counts_data_free,
                      (GDestroyNotify) g_array_unref, self->cancellable,
                      counts_done_cb, g_object_ref (self));
}

static GtkWidget *
queue_row_new (const PeygirQueueInfo  *queue,
               GtkWidget             **count_label)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (peygir_queue_title (queue));
  GtkWidget *count = gtk_label_new ("…");
  g_autofree char *count_name = g_strconcat ("count-", queue->id, NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (count, "dim-label");
  gtk_widget_add_css_class (count, "numeric");
  gtk_widget_set_name (count, count_name);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), count);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  /* the count follows as the row's description, once it is known */
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  peygir_queue_title (queue), -1);
  g_object_set_data (G_OBJECT (row), "peygir-queue", (gpointer) queue);
  *count_label = count;
  return row;
}

/* The sidebar's row of a page that is not a queue, marked @mark for
 * peygir_window_page_row (). */
static GtkWidget *
page_row_new (const char *title,
              const char *mark)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (title);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  g_object_set_data (G_OBJECT (row), mark, GINT_TO_POINTER (TRUE));
  return row;
}

static void
peygir_window_build_queues (PeygirWindow *self)
{
  PeygirRoles roles = peygir_session_get_roles (self->session);
  const PeygirQueueInfo *queues;
  guint n_queues;

  _peygir_list_box_remove_all (self->queue_list);
  g_ptr_array_set_size (self->shown_queues, 0);
  g_ptr_array_set_size (self->count_labels, 0);
  g_array_set_size (self->counts, 0);

  queues = peygir_workflow_queues (&n_queues);
  for (guint i = 0; i < n_queues; i++)
    {
      GtkWidget *count_label;
      gint64 unknown = -1;

      if (queues[i].roles != PEYGIR_ROLE_NONE && (queues[i].roles & roles) == 0)
        continue;
      gtk_list_box_append (self->queue_list, queue_row_new (&queues[i], &count_label));
      g_ptr_array_add (self->shown_queues, (gpointer) &queues[i]);
      g_ptr_array_add (self->count_labels, count_label);
      g_array_append_val (self->counts, unknown);
    }

  /* The whole office on the service card, for those who watch it. */
  if ((roles & (PEYGIR_ROLE_MANAGER | PEYGIR_ROLE_ADMIN)) != 0)
    gtk_list_box_append (self->queue_list, page_row_new (_("The office’s workflow"), "peygir-office"));

  /* The office's figures for those who answer for them; an expert's own
   * work for the expert. */
  if ((roles & (PEYGIR_ROLE_MANAGER | PEYGIR_ROLE_ADMIN | PEYGIR_ROLE_EXPERT)) != 0)
    gtk_list_box_append (self->queue_list, page_row_new (_("Reports"), "peygir-reports"));

  /* The register, for everyone: the letters are the cases' letters, and
   * everyone may read every case; an expert following up an agency cites
   * the number and date of the letter before. Voiding stays the
   * secretariat's, in the page. */
  gtk_list_box_append (self->queue_list, page_row_new (_("Letter Register"), "peygir-register"));
}

/* The sidebar's row of a page that is not a queue ("peygir-office",
 * "peygir-reports", "peygir-register"), found by its mark: which come after the queues
 * depends on the roles. */
static GtkListBoxRow *
peygir_window_page_row (PeygirWindow *self,
                        const char   *mark)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->queue_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child) && g_object_get_data (G_OBJECT (child), mark) != NULL)
      return GTK_LIST_BOX_ROW (child);
  return NULL;
}

static void
remember_last_queue (PeygirWindow *self,
                     const char   *id)
{
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "last-queue", id);
}

/* Shows the content stack's page @name under @title, stepping forward
 * when the leaflet is folded. */
static void
show_content (PeygirWindow *self,
              const char   *name,
              const char   *title)
{
  adw_window_title_set_title (self->content_title, title);
  adw_window_title_set_subtitle (self->content_title, NULL);
  gtk_stack_set_visible_child_name (self->content_stack, name);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

/* Tab stops once in the sidebar, on the row shown, and goes on to the
 * page: a list box moves Tab from row to row, selecting each on its way.
 * The arrows move between the rows. */
static void
sidebar_set_focus_row (GtkListBox    *list,
                       GtkListBoxRow *row)
{
  GtkWidget *focus_row = row != NULL ? GTK_WIDGET (row) : gtk_widget_get_first_child (GTK_WIDGET (list));
  gboolean had_focus = FALSE;

  if (gtk_widget_in_destruction (GTK_WIDGET (list)))
    return;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child))
      {
        had_focus = had_focus || gtk_widget_has_focus (child);
        gtk_widget_set_focusable (child, child == focus_row);
      }
  /* an arrow key moved the selection to a row that could not take the focus yet */
  if (had_focus && focus_row != NULL)
    gtk_widget_grab_focus (focus_row);
}

static void
queue_row_selected_cb (PeygirWindow  *self,
                       GtkListBoxRow *row,
                       GtkListBox    *list)
{
  PeygirCaseQuery query;

  sidebar_set_focus_row (list, row);
  if (row == NULL || self->case_list == NULL)
    return;
  if (g_object_get_data (G_OBJECT (row), "peygir-office") != NULL)
    {
      if (peygir_office_page_get_session (self->office_page) == NULL)
        peygir_office_page_set_session (self->office_page, self->session);
      else
        peygir_office_page_refresh (self->office_page);
      remember_last_queue (self, "office");
      show_content (self, "office", _("The office’s workflow"));
      return;
    }
  if (g_object_get_data (G_OBJECT (row), "peygir-reports") != NULL)
    {
      /* figures are read when asked for, not with every other desk's
       * change: a year of a large office is a second's work */
      if (peygir_reports_page_get_session (self->reports_page) == NULL)
        peygir_reports_page_set_session (self->reports_page, self->session);
      else
        peygir_reports_page_refresh (self->reports_page);
      remember_last_queue (self, "reports");
      show_content (self, "reports", _("Reports"));
      return;
    }
  if (g_object_get_data (G_OBJECT (row), "peygir-register") != NULL)
    {
      if (peygir_register_page_get_session (self->register_page) == NULL)
        peygir_register_page_set_session (self->register_page, self->session);
      remember_last_queue (self, "register");
      show_content (self, "register", _("Letter Register"));
      return;
    }
  self->queue = g_object_get_data (G_OBJECT (row), "peygir-queue");
  remember_last_queue (self, self->queue->id);
  self->table_scrolled = FALSE;

  /* The letters waiting for the secretariat are printed in one job and
   * dispatched from a page of their own, not picked one by one. */
  if (g_str_equal (self->queue->id, "to-dispatch"))
    {
      if (peygir_print_queue_page_get_session (self->print_queue_page) == NULL)
        peygir_print_queue_page_set_session (self->print_queue_page, self->session);
      show_content (self, "print-queue", peygir_queue_title (self->queue));
      return;
    }

  /* With a row selected, the selection would look for it among all the
   * new rows, reading every one of them. */
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  _peygir_window_queue_shown (self);
  _peygir_window_query_for (self, self->queue, &query);
  peygir_case_list_set_query (self->case_list, &query);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->case_list));
  self->list_title = peygir_queue_title (self->queue);
  show_content (self, "inbox", self->list_title);
  _peygir_window_show_filter_sign (self);
}

/* The row shown already, clicked or taken with Enter from a case or the
 * intake form: back to its list (another row is selected first, and
 * shown by queue_row_selected_cb ()). */
static void
queue_row_activated_cb (PeygirWindow  *self,
                        GtkListBoxRow *row,
                        GtkListBox    *list)
{
  const char *page = gtk_stack_get_visible_child_name (self->content_stack);

  if (row == gtk_list_box_get_selected_row (list)
      && (g_strcmp0 (page, "case") == 0 || g_strcmp0 (page, "intake") == 0))
    queue_row_selected_cb (self, row, list);
}

/* An empty queue says so; to someone who takes cases in, it says how the
 * first one comes in (a new office's inbox is empty everywhere). */
void
_peygir_window_update_empty (PeygirWindow *self)
{
  GListModel *model = gtk_single_selection_get_model (self->selection);
  gboolean empty = model == NULL || g_list_model_get_n_items (model) == 0;
  gboolean searching = model == G_LIST_MODEL (self->search_results);
  gboolean can_intake = self->session != NULL
                        && peygir_session_has_role (self->session, PEYGIR_ROLES_INTAKE)
                        && !peygir_store_is_read_only (peygir_session_get_store (self->session));
  gboolean filtered = !searching && self->queue != NULL && self->cartable != NULL
                      && !peygir_case_filter_is_empty (peygir_cartable_get_filter (self->cartable, self->queue->id));

  gtk_widget_set_visible (self->clear_filter_button, filtered);
  if (filtered)
    adw_status_page_set_description (self->empty_page, _("No case of this queue matches the filter."));
  else
    adw_status_page_set_description (self->empty_page,
                                     empty && !searching && can_intake
                                     ? _("To take in an applicant’s request or complaint, choose “New Case” or press Ctrl+N.")
                                     : NULL);
  gtk_stack_set_visible_child_name (self->inbox_stack, empty ? "empty" : "list");
}

static void
selection_items_changed_cb (PeygirWindow *self,
                            guint         position,
                            guint         removed,
                            guint         added,
                            GListModel   *model)
{
  _peygir_window_update_empty (self);
}

/* Search */

typedef struct
{
  char  *text;
  guint  serial;
} SearchData;

static void
search_data_free (SearchData *data)
{
  g_free (data->text);
  g_free (data);
}

static gpointer
search_thread (PeygirStore   *store,
               gpointer       task_data,
               GCancellable  *cancellable,
               GError       **error)
{
  SearchData *data = task_data;

  return peygir_store_search (store, data->text, SEARCH_LIMIT, error);
}

static void
search_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PeygirWindow) self = user_data;
  SearchData *data = peygir_session_run_get_data (result);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;

  found = peygir_session_run_finish (PEYGIR_SESSION (object), result, &error);
  if (data->serial != self->search_serial)
    return;
  if (found == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        peygir_window_add_toast (self, error->message);
      return;
    }

  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < found->len; i++)
    g_ptr_array_add (items, peygir_case_item_new (g_ptr_array_index (found, i)));
  g_list_store_splice (self->search_results, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->search_results)),
                       items->pdata, items->len);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->search_results));
  _peygir_window_update_header (self);
  _peygir_window_update_empty (self);
}

/* Searches for what the entry holds. @show: the user typed it, and the
 * results are shown; else they are read again behind whatever page is
 * shown (another desk's change), which stays. */
static void
peygir_window_run_search (PeygirWindow *self,
                          gboolean      show)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  SearchData *data;

  if (self->session == NULL)
    return;
  self->search_serial++;
  g_free (self->search_text);
  self->search_text = g_strdup (text);
  if (*text == '\0')
    {
      gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->case_list));
      _peygir_window_update_header (self);
      _peygir_window_update_empty (self);
      return;
    }

  if (show)
    gtk_stack_set_visible_child_name (self->content_stack, "inbox");
  data = g_new0 (SearchData, 1);
  data->text = g_strdup (text);
  data->serial = self->search_serial;
  peygir_session_run (self->session, search_thread, data, (GDestroyNotify) search_data_free,
                      (GDestroyNotify) g_ptr_array_unref, self->cancellable,
                      search_done_cb, g_object_ref (self));
}

static void
search_changed_cb (PeygirWindow   *self,
                   GtkSearchEntry *entry)
{
  /* the entry's delayed signal for text already searched for, set by
   * peygir_window_search (): the case opened from its results stays */
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (entry)), self->search_text) == 0)
    return;
  peygir_window_run_search (self, TRUE);
}

static void
search_activate_cb (PeygirWindow   *self,
                    GtkSearchEntry *entry)
{
  GListModel *model = gtk_single_selection_get_model (self->selection);

  /* One hit from a phone call: straight to the case. */
  if (model == G_LIST_MODEL (self->search_results) && g_list_model_get_n_items (model) == 1)
    {
      g_autoptr(PeygirCaseItem) item = g_list_model_get_item (model, 0);

      peygir_window_show_case (self, peygir_case_item_get_id (item));
    }
}

void
peygir_window_search (PeygirWindow *self,
                      const char   *text)
{
  g_return_if_fail (PEYGIR_IS_WINDOW (self));

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  /* Set directly, not through the entry's delayed search-changed. */
  g_signal_handlers_block_by_func (self->search_entry, search_changed_cb, self);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  g_signal_handlers_unblock_by_func (self->search_entry, search_changed_cb, self);
  peygir_window_run_search (self, TRUE);
}

/* Moving around */

/* The back button, and the title of the page shown: the case's subject
 * and tracking code on a case, the search or the list behind it on the
 * inbox. The other pages are titled as they are shown (show_content ()). */
void
_peygir_window_update_header (PeygirWindow *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->content_stack);
  gboolean in_inbox = g_strcmp0 (page, "inbox") == 0;

  gtk_widget_set_visible (self->back_button, !in_inbox || adw_leaflet_get_folded (self->leaflet));
  if (g_strcmp0 (page, "intake") == 0)
    {
      adw_window_title_set_title (self->content_title, _("New Case"));
      adw_window_title_set_subtitle (self->content_title, NULL);
    }
  else if (g_strcmp0 (page, "case") == 0)
    {
      const PeygirCase *kase = peygir_case_page_get_case (self->case_page);
      g_autofree char *tracking = NULL;

      /* still loading: the title of the case it shows once read */
      if (kase == NULL)
        return;
      tracking = peygir_format_tracking (kase->tracking_code);
      adw_window_title_set_title (self->content_title, kase->subject);
      adw_window_title_set_subtitle (self->content_title, tracking);
    }
  else if (in_inbox)
    {
      gboolean searching = gtk_single_selection_get_model (self->selection) == G_LIST_MODEL (self->search_results);

      adw_window_title_set_title (self->content_title,
                                  searching ? _("Search Results")
                                            : self->list_title != NULL ? self->list_title : "");
      adw_window_title_set_subtitle (self->content_title, NULL);
    }
  _peygir_window_show_filter_sign (self);
}

static void
case_page_case_changed_cb (PeygirWindow   *self,
                           GParamSpec     *pspec,
                           PeygirCasePage *page)
{
  _peygir_window_update_header (self);
}

void
peygir_window_show_case (PeygirWindow *self,
                         gint64        case_id)
{
  g_return_if_fail (PEYGIR_IS_WINDOW (self));

  if (self->session == NULL || case_id <= 0)
    return;
  peygir_case_page_load (self->case_page, case_id);
  gtk_stack_set_visible_child_name (self->content_stack, "case");
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  _peygir_window_update_header (self);
}

static void
intake_open_case_cb (PeygirWindow     *self,
                     gint64            case_id,
                     PeygirIntakePage *page)
{
  peygir_window_show_case (self, case_id);
}

/* A step of the office's chart: its cases in the inbox. */
static void
office_step_activated_cb (PeygirWindow     *self,
                          PeygirState       state,
                          gboolean          overdue_only,
                          PeygirOfficePage *page)
{
  PeygirCaseQuery query;

  if (self->case_list == NULL || state >= PEYGIR_N_STATES)
    return;
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  _peygir_window_query_for (self, &(PeygirQueueInfo) { .states = PEYGIR_STATE_BIT (state) }, &query);
  query.overdue_only = overdue_only;
  peygir_case_list_set_query (self->case_list, &query);
  self->queue = NULL;
  self->list_title = peygir_state_label (state);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->case_list));
  gtk_stack_set_visible_child_name (self->content_stack, "inbox");
  _peygir_window_update_header (self);
}

static void
case_view_activate_cb (PeygirWindow  *self,
                       guint          position,
                       GtkColumnView *view)
{
  GListModel *model = gtk_single_selection_get_model (self->selection);
  g_autoptr(PeygirCaseItem) item = g_list_model_get_item (model, position);

  if (item != NULL)
    peygir_window_show_case (self, peygir_case_item_get_id (item));
}

/* The session */

static void
session_changed_cb (PeygirWindow  *self,
                    PeygirSession *session)
{
  _peygir_window_refresh_counts (self);
  peygir_case_list_refresh (self->case_list);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "office") == 0)
    peygir_office_page_refresh (self->office_page);
  if (gtk_single_selection_get_model (self->selection) == G_LIST_MODEL (self->search_results))
    peygir_window_run_search (self, FALSE);
}

static void
session_problem_cb (PeygirWindow  *self,
                    GParamSpec    *pspec,
                    PeygirSession *session)
{
  const char *problem = peygir_session_get_problem (session);

  if (problem != NULL)
    gtk_label_set_text (self->banner_label, problem);
  gtk_revealer_set_reveal_child (self->banner, problem != NULL);
}

/* The user's name and roles in the sidebar, as the session has them now. */
static void
session_user_cb (PeygirWindow  *self,
                 GParamSpec    *pspec,
                 PeygirSession *session)
{
  const PeygirUser *user = peygir_session_get_user (session);
  g_autofree char *roles = peygir_format_roles (user->roles);

  gtk_label_set_text (self->user_label, user->name != NULL && *user->name != '\0' ? user->name : user->login);
  gtk_label_set_text (self->roles_label, roles);
}

void
peygir_window_set_session (PeygirWindow  *self,
                           PeygirSession *session)
{
  const PeygirUser *user;
  g_autofree char *last_queue = NULL;
  GtkListBoxRow *row = NULL;
  gboolean can_intake;

  g_return_if_fail (PEYGIR_IS_WINDOW (self));
  g_return_if_fail (PEYGIR_IS_SESSION (session));
  g_return_if_fail (self->session == NULL);

  self->session = g_object_ref (session);
  self->case_list = peygir_case_list_new (session);
  /* the first frame first: the rows further down are read after it */
  peygir_case_list_set_hold_further_pages (self->case_list, TRUE);
  g_signal_connect_object (self->case_list, "notify::first-page-read", G_CALLBACK (inbox_filled_check),
                           self, G_CONNECT_SWAPPED);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->case_list));
  g_signal_connect_object (session, "changed", G_CALLBACK (session_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::problem", G_CALLBACK (session_problem_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::user", G_CALLBACK (session_user_cb), self, G_CONNECT_SWAPPED);
  peygir_case_page_set_session (self->case_page, session);
  peygir_intake_page_set_session (self->intake_page, session);

  user = peygir_session_get_user (session);
  session_user_cb (self, NULL, session);

  can_intake = (user->roles & PEYGIR_ROLES_INTAKE) != 0
               && !peygir_store_is_read_only (peygir_session_get_store (session));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inbox.new-case", can_intake);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.profile",
                                 !peygir_store_is_read_only (peygir_session_get_store (session)));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "office.set-up",
                                 (user->roles & PEYGIR_ROLE_ADMIN) != 0
                                 && !peygir_store_is_read_only (peygir_session_get_store (session)));
  if (peygir_store_is_read_only (peygir_session_get_store (session)))
    gtk_window_set_title (GTK_WINDOW (self), _("Peygir (read only)"));

  _peygir_window_cartable_set_session (self);
  peygir_window_build_queues (self);
  if (self->settings != NULL)
    last_queue = g_settings_get_string (self->settings, "last-queue");
  for (guint i = 0; i < self->shown_queues->len; i++)
    {
      const PeygirQueueInfo *queue = g_ptr_array_index (self->shown_queues, i);

      if (row == NULL || g_strcmp0 (queue->id, last_queue) == 0)
        row = gtk_list_box_get_row_at_index (self->queue_list, i);
    }
  /* The office page comes after the queues (see peygir_window_build_queues). */
  if (g_strcmp0 (last_queue, "office") == 0 && peygir_window_page_row (self, "peygir-office") != NULL)
    row = peygir_window_page_row (self, "peygir-office");
  if (g_strcmp0 (last_queue, "reports") == 0 && peygir_window_page_row (self, "peygir-reports") != NULL)
    row = peygir_window_page_row (self, "peygir-reports");
  if (g_strcmp0 (last_queue, "register") == 0)
    row = peygir_window_page_row (self, "peygir-register");
  /* the counts asked for first: the store reads them before the first
   * rows, which then arrive with the sidebar filled */
  _peygir_window_refresh_counts (self);
  gtk_list_box_select_row (self->queue_list, row);

  /* the tests' windows have no application, and nothing to notify through */
  if (gtk_window_get_application (GTK_WINDOW (self)) != NULL)
    self->notifier = peygir_notifier_new (session, G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))),
                                          GTK_WINDOW (self));

  if (self->settings != NULL)
    peygir_session_set_poll_interval (session, g_settings_get_int (self->settings, "poll-interval"));
  else
    peygir_session_set_poll_interval (session, 3);

  gtk_stack_set_visible_child_name (self->main_stack, "main");
  /* a new office's administrator is walked through setting it up */
  _peygir_window_open_setup (self, FALSE);
}

PeygirSession *
peygir_window_get_session (PeygirWindow *self)
{
  g_return_val_if_fail (PEYGIR_IS_WINDOW (self), NULL);
  return self->session;
}

PeygirNotifier *
peygir_window_get_notifier (PeygirWindow *self)
{
  g_return_val_if_fail (PEYGIR_IS_WINDOW (self), NULL);
  return self->notifier;
}

static void open_done_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data);

/* Opening, and the password a server asks for */

static void
peygir_window_forget_password (PeygirWindow *self)
{
  if (self->open_password != NULL)
    memset (self->open_password, 0, strlen (self->open_password));
  g_clear_pointer (&self->open_password, g_free);
  self->password_from_keyring = FALSE;
  self->remember_password = FALSE;
}

static void
peygir_window_start_open (PeygirWindow *self)
{
  gtk_stack_set_visible_child_name (self->main_stack, "loading");
  peygir_session_open_async (self->open_path, self->open_login, self->open_password,
                             self->cancellable, open_done_cb, g_object_ref (self));
}

static void
peygir_window_show_error (PeygirWindow *self,
                          const char   *message)
{
  adw_status_page_set_description (self->error_page, message);
  gtk_stack_set_visible_child_name (self->main_stack, "error");
}

static void
password_response_cb (PeygirWindow         *self,
                      const char           *response,
                      PeygirPasswordDialog *dialog)
{
  gboolean connect = g_strcmp0 (response, "connect") == 0;

  self->password_dialog = NULL;
  if (connect)
    {
      self->open_password = g_strdup (peygir_password_dialog_get_password (dialog));
      self->remember_password = peygir_password_dialog_get_remember (dialog);
    }
  /* A message dialog only hides after its response: destroyed with the
   * window later, its password entry would be gone before it. */
  gtk_window_destroy (GTK_WINDOW (dialog));
  if (!connect)
    {
      peygir_window_show_error (self, _("No password was given: Peygir cannot open the database on the server without it."));
      return;
    }
  peygir_window_start_open (self);
}

static void
peygir_window_ask_password (PeygirWindow *self,
                            const char   *refusal)
{
  GtkWidget *dialog = peygir_password_dialog_new (GTK_WINDOW (self), self->open_path, refusal);

  self->password_dialog = dialog;
  g_signal_connect_object (dialog, "response", G_CALLBACK (password_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
keyring_lookup_done_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(PeygirWindow) self = user_data;
  char *password = peygir_keyring_lookup_finish (result);

  if (g_cancellable_is_cancelled (self->cancellable))
    {
      g_clear_pointer (&password, peygir_keyring_password_free);
      return;
    }
  if (password == NULL)
    {
      peygir_window_ask_password (self, NULL);
      return;
    }
  self->open_password = g_strdup (password);
  self->password_from_keyring = TRUE;
  peygir_keyring_password_free (password);
  peygir_window_start_open (self);
}

/* The server wants a password, or refused the one given (@error says
 * which): the keyring's first, once, then the desk's. */
static void
peygir_window_need_password (PeygirWindow *self,
                             const GError *error)
{
  gboolean refused = self->open_password != NULL;

  if (self->password_from_keyring)
    peygir_keyring_clear (self->open_path);
  peygir_window_forget_password (self);
  if (!refused && !self->keyring_looked)
    {
      self->keyring_looked = TRUE;
      gtk_stack_set_visible_child_name (self->main_stack, "loading");
      peygir_keyring_lookup_async (self->open_path, self->cancellable,
                                   keyring_lookup_done_cb, g_object_ref (self));
      return;
    }
  peygir_window_ask_password (self, refused ? error->message : NULL);
}

static void
open_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PeygirWindow) self = user_data;
  g_autoptr(PeygirSession) session = NULL;
  g_autoptr(GError) error = NULL;

  session = peygir_session_open_finish (result, &error);
  if (session != NULL)
    {
      if (self->remember_password && self->open_password != NULL)
        peygir_keyring_store (self->open_path, self->open_password);
      self->remember_password = FALSE;
      peygir_window_set_session (self, session);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (g_error_matches (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NEEDS_PASSWORD))
    {
      peygir_window_need_password (self, error);
      return;
    }
  /* On a server the login is the role, which peygir-admin does not make:
   * the server's administrator does, with the office's. */
  if (g_error_matches (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_UNKNOWN_USER)
      && !peygir_store_location_is_server (self->open_path))
    {
      g_autofree char *description = NULL;
      g_autofree char *command = NULL;

      description = g_strdup_printf (_("%s Ask the office’s administrator to add the login “%s” with the roles you need, for example:"),
                                     error->message, self->open_login);
      command = g_strdup_printf ("peygir-admin user add %s --name \"…\" --role expert", self->open_login);
      adw_status_page_set_description (self->unknown_user_page, description);
      gtk_label_set_text (self->unknown_user_command, command);
      gtk_stack_set_visible_child_name (self->main_stack, "unknown-user");
      return;
    }

  peygir_window_show_error (self, error->message);
}

void
peygir_window_open_database (PeygirWindow *self,
                             const char   *path,
                             const char   *login)
{
  g_return_if_fail (PEYGIR_IS_WINDOW (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (login != NULL);

  /* Trying the same database again keeps the password of this session. */
  if (g_strcmp0 (self->open_path, path) != 0)
    {
      peygir_window_forget_password (self);
      self->keyring_looked = FALSE;
      g_free (self->open_path);
      self->open_path = g_strdup (path);
    }
  if (self->open_login != login)
    {
      g_free (self->open_login);
      self->open_login = g_strdup (login);
    }
  peygir_window_start_open (self);
}

GtkWidget *
peygir_window_get_password_dialog (PeygirWindow *self)
{
  g_return_val_if_fail (PEYGIR_IS_WINDOW (self), NULL);
  return self->password_dialog;
}

/* Window state */

static gboolean
peygir_window_close_request (GtkWindow *window)
{
  PeygirWindow *self = PEYGIR_WINDOW (window);

  if (!_peygir_window_may_close (self))
    return TRUE;
  if (self->settings != NULL)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
      g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
    }

  return GTK_WINDOW_CLASS (peygir_window_parent_class)->close_request (window);
}

static void
peygir_window_dispose (GObject *object)
{
  PeygirWindow *self = (PeygirWindow *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->session != NULL)
    peygir_session_set_poll_interval (self->session, 0);
  g_clear_object (&self->notifier);
  gtk_widget_dispose_template (GTK_WIDGET (self), PEYGIR_TYPE_WINDOW);

  G_OBJECT_CLASS (peygir_window_parent_class)->dispose (object);
}

static void
peygir_window_finalize (GObject *object)
{
  PeygirWindow *self = (PeygirWindow *)object;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->session);
  g_clear_object (&self->case_list);
  g_clear_object (&self->cartable);
  g_clear_object (&self->search_results);
  g_clear_object (&self->selection);
  peygir_window_forget_password (self);
  g_clear_pointer (&self->open_path, g_free);
  g_clear_pointer (&self->open_login, g_free);
  g_clear_pointer (&self->shown_queues, g_ptr_array_unref);
  g_clear_pointer (&self->count_labels, g_ptr_array_unref);
  g_clear_pointer (&self->counts, g_array_unref);
  g_clear_pointer (&self->sort, g_free);
  g_clear_pointer (&self->search_text, g_free);

  G_OBJECT_CLASS (peygir_window_parent_class)->finalize (object);
}

static void
peygir_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PeygirWindow *self = PEYGIR_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SORT:
      g_value_set_string (value, self->sort);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
peygir_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  PeygirWindow *self = PEYGIR_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SORT:
      if (g_strcmp0 (self->sort, g_value_get_string (value)) != 0)
        {
          g_free (self->sort);
          self->sort = g_value_dup_string (value);
          g_object_notify_by_pspec (object, pspec);
          _peygir_window_sort_changed (self);
          if (self->case_list != NULL && self->queue != NULL)
            {
              PeygirCaseQuery query;

              gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
              _peygir_window_query_for (self, self->queue, &query);
              peygir_case_list_set_query (self->case_list, &query);
            }
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
peygir_window_class_init (PeygirWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = peygir_window_dispose;
  object_class->finalize = peygir_window_finalize;
  object_class->get_property = peygir_window_get_property;
  object_class->set_property = peygir_window_set_property;
  window_class->close_request = peygir_window_close_request;

  properties[PROP_SORT] =
    g_param_spec_string ("sort", NULL, NULL, "received-desc",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The sidebar's counts and the inbox's first rows have arrived, after
   * the database was opened: the next frame shows them. Once. */
  signals[INBOX_FILLED] =
    g_signal_new ("inbox-filled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (PEYGIR_TYPE_CASE_PAGE);
  g_type_ensure (PEYGIR_TYPE_INTAKE_PAGE);
  g_type_ensure (PEYGIR_TYPE_OFFICE_PAGE);
  g_type_ensure (PEYGIR_TYPE_PRINT_QUEUE_PAGE);
  g_type_ensure (PEYGIR_TYPE_REGISTER_PAGE);
  g_type_ensure (PEYGIR_TYPE_REPORTS_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/ir/gov/peygir/peygir-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PeygirWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PeygirWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, PeygirWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, PeygirWindow, unknown_user_page);
  gtk_widget_class_bind_template_child (widget_class, PeygirWindow, unknown_user_command);
  gtk_widget_class_bind_template_child (widget_class, PeygirWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, PeygirWindow, content);
  gtk_widget_class_bind_template_child (widget_class, PeygirWindow, queue_list);
  gtk_widget_class_bind_template_child (widget_class, PeygirWindow, user_label);
  gtk_widget_class_bind_template_child (widget_class, PeygirWindow, roles_label);
  gtk_widget_class_bind_template_child (widget_class, PeygirWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, PeygirWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, PeygirWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, PeygirWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PeygirWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, PeygirWindow, banner);
  gtk_widget_class_bind_template_child (widget_class, PeygirWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, PeygirWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, PeygirWindow, inbox_stack);
  gtk_widget_class_bind_template_child (widget_class, PeygirWindow, case_view);
  gtk_widget_class_bind_template_child (widget_class, PeygirWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, PeygirWindow, case_page);
  gtk_widget_class_bind_template_child (widget_class, PeygirWindow, intake_page);
  gtk_widget_class_bind_template_child (widget_class, PeygirWindow, office_page);
  gtk_widget_class_bind_template_child (widget_class, PeygirWindow, print_queue_page);
  gtk_widget_class_bind_template_child (widget_class, PeygirWindow, register_page);
  gtk_widget_class_bind_template_child (widget_class, PeygirWindow, reports_page);
  gtk_widget_class_bind_template_callback (widget_class, queue_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, queue_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, case_view_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, case_page_case_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, intake_open_case_cb);
  gtk_widget_class_bind_template_callback (widget_class, office_step_activated_cb);

  _peygir_window_class_actions_init (klass);
  _peygir_window_class_cartable_init (klass);
}

/* GTK 4.8's column view counts its sideways scrolling from the left edge
 * in either direction: right to left, where the table starts at the
 * right, a narrow window would open it with the columns that identify a
 * case (registration number, tracking code) out of sight. The table is
 * kept at its start until the user scrolls it. */
static gboolean
table_place_tick_cb (GtkWidget     *view,
                     GdkFrameClock *clock G_GNUC_UNUSED,
                     gpointer       user_data)
{
  PeygirWindow *self = user_data;
  GtkAdjustment *adjustment = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (view));

  self->table_tick = 0;
  if (!self->table_scrolled)
    {
      self->table_upper = gtk_adjustment_get_upper (adjustment);
      self->table_page = gtk_adjustment_get_page_size (adjustment);
      self->table_placing = TRUE;
      gtk_adjustment_set_value (adjustment, MAX (0, self->table_upper - self->table_page));
      self->table_placing = FALSE;
    }
  return G_SOURCE_REMOVE;
}

static void
table_hadjustment_changed_cb (PeygirWindow  *self,
                              GtkAdjustment *adjustment G_GNUC_UNUSED)
{
  if (gtk_widget_get_direction (GTK_WIDGET (self->case_view)) != GTK_TEXT_DIR_RTL || self->table_scrolled)
    return;
  /* on the next frame: the table ignores a value set while it lays itself out */
  if (self->table_tick == 0)
    self->table_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->case_view), table_place_tick_cb,
                                                     self, NULL);
}

static void
table_hadjustment_value_cb (PeygirWindow  *self,
                            GtkAdjustment *adjustment)
{
  double upper = gtk_adjustment_get_upper (adjustment);
  double page = gtk_adjustment_get_page_size (adjustment);

  /* only the user moves it without the table changing size */
  if (self->table_placing || self->table_tick != 0 || upper != self->table_upper || page != self->table_page)
    return;
  self->table_scrolled = gtk_adjustment_get_value (adjustment) + page < upper - 1;
}

static void
leaflet_folded_cb (PeygirWindow *self)
{
  _peygir_window_update_header (self);
}

static void
peygir_window_init (PeygirWindow *self)
{
  self->sort = g_strdup ("received-desc");
  self->cancellable = g_cancellable_new ();
  self->shown_queues = g_ptr_array_new ();
  self->count_labels = g_ptr_array_new ();
  self->counts = g_array_new (FALSE, TRUE, sizeof (gint64));
  self->search_results = g_list_store_new (PEYGIR_TYPE_CASE_ITEM);

  gtk_widget_init_template (GTK_WIDGET (self));
  /* one's own profile, once signed in */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.profile", FALSE);
  /* for an administrator, once signed in */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "office.set-up", FALSE);

  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "items-changed",
                           G_CALLBACK (selection_items_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_column_view_set_model (self->case_view, GTK_SELECTION_MODEL (self->selection));
  peygir_columns_append (self->case_view, columns, PEYGIR_N_CASE_COLUMNS, case_cell_new);
  _peygir_window_cartable_init (self);
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self->case_view));
  {
    GtkAdjustment *table = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (self->case_view));

    g_signal_connect_object (table, "changed", G_CALLBACK (table_hadjustment_changed_cb),
                             self, G_CONNECT_SWAPPED);
    g_signal_connect_object (table, "value-changed", G_CALLBACK (table_hadjustment_value_cb),
                             self, G_CONNECT_SWAPPED);
  }
  g_signal_connect_object (self->leaflet, "notify::folded", G_CALLBACK (leaflet_folded_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->content_stack, "notify::visible-child-name",
                           G_CALLBACK (leaflet_folded_cb), self, G_CONNECT_SWAPPED);

  self->settings = peygir_application_new_settings ();
  if (self->settings != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }
  _peygir_window_update_header (self);
}

PeygirWindow *
peygir_window_new (PeygirApplication *application)
{
  return g_object_new (PEYGIR_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

const char *
peygir_window_get_page (PeygirWindow *self)
{
  const char *main_page;

  g_return_val_if_fail (PEYGIR_IS_WINDOW (self), NULL);

  main_page = gtk_stack_get_visible_child_name (self->main_stack);
  if (g_strcmp0 (main_page, "main") != 0)
    return main_page;
  return gtk_stack_get_visible_child_name (self->content_stack);
}

const char *
peygir_window_get_queue (PeygirWindow *self)
{
  GtkListBoxRow *row;
  const PeygirQueueInfo *queue;

  g_return_val_if_fail (PEYGIR_IS_WINDOW (self), NULL);

  row = gtk_list_box_get_selected_row (self->queue_list);
  queue = row != NULL ? g_object_get_data (G_OBJECT (row), "peygir-queue") : NULL;
  return queue != NULL ? queue->id : NULL;
}

GStrv
peygir_window_list_queues (PeygirWindow *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (PEYGIR_IS_WINDOW (self), NULL);

  for (guint i = 0; i < self->shown_queues->len; i++)
    g_strv_builder_add (builder, ((const PeygirQueueInfo *) g_ptr_array_index (self->shown_queues, i))->id);
  return g_strv_builder_end (builder);
}

gboolean
peygir_window_select_queue (PeygirWindow *self,
                            const char   *queue_id)
{
  g_return_val_if_fail (PEYGIR_IS_WINDOW (self), FALSE);

  if (g_strcmp0 (queue_id, "office") == 0 || g_strcmp0 (queue_id, "register") == 0
      || g_strcmp0 (queue_id, "reports") == 0)
    {
      g_autofree char *mark = g_strconcat ("peygir-", queue_id, NULL);
      GtkListBoxRow *row = peygir_window_page_row (self, mark);

      if (row == NULL)
        return FALSE;
      if (gtk_list_box_get_selected_row (self->queue_list) == row)
        queue_row_selected_cb (self, row, self->queue_list);
      else
        gtk_list_box_select_row (self->queue_list, row);
      return TRUE;
    }

  for (guint i = 0; i < self->shown_queues->len; i++)
    {
      const PeygirQueueInfo *queue = g_ptr_array_index (self->shown_queues, i);

      if (g_strcmp0 (queue->id, queue_id) == 0)
        {
          GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->queue_list, i);

          if (gtk_list_box_get_selected_row (self->queue_list) == row)
            queue_row_selected_cb (self, row, self->queue_list);
          else
            gtk_list_box_select_row (self->queue_list, row);
          return TRUE;
        }
    }
  return FALSE;
}

gint64
peygir_window_get_queue_count (PeygirWindow *self,
                               const char   *queue_id)
{
  g_return_val_if_fail (PEYGIR_IS_WINDOW (self), -1);

  for (guint i = 0; i < self->shown_queues->len; i++)
    if (g_strcmp0 (((const PeygirQueueInfo *) g_ptr_array_index (self->shown_queues, i))->id, queue_id) == 0)
      return g_array_index (self->counts, gint64, i);
  return -1;
}

PeygirCaseList *
peygir_window_get_case_list (PeygirWindow *self)
{
  g_return_val_if_fail (PEYGIR_IS_WINDOW (self), NULL);
  return self->case_list;
}

GListModel *
peygir_window_get_shown_model (PeygirWindow *self)
{
  g_return_val_if_fail (PEYGIR_IS_WINDOW (self), NULL);
  return gtk_single_selection_get_model (self->selection);
}

GtkColumnView *
peygir_window_get_case_view (PeygirWindow *self)
{
  g_return_val_if_fail (PEYGIR_IS_WINDOW (self), NULL);
  return self->case_view;
}

PeygirCasePage *
peygir_window_get_case_page (PeygirWindow *self)
{
  g_return_val_if_fail (PEYGIR_IS_WINDOW (self), NULL);
  return self->case_page;
}

PeygirIntakePage *
peygir_window_get_intake_page (PeygirWindow *self)
{
  g_return_val_if_fail (PEYGIR_IS_WINDOW (self), NULL);
  return self->intake_page;
}

PeygirPrintQueuePage *
peygir_window_get_print_queue_page (PeygirWindow *self)
{
  g_return_val_if_fail (PEYGIR_IS_WINDOW (self), NULL);
  return self->print_queue_page;
}

PeygirRegisterPage *
peygir_window_get_register_page (PeygirWindow *self)
{
  g_return_val_if_fail (PEYGIR_IS_WINDOW (self), NULL);
  return self->register_page;
}

PeygirReportsPage *
peygir_window_get_reports_page (PeygirWindow *self)
{
  g_return_val_if_fail (PEYGIR_IS_WINDOW (self), NULL);

  return self->reports_page;
}

PeygirOfficePage *
peygir_window_get_office_page (PeygirWindow *self)
{
  g_return_val_if_fail (PEYGIR_IS_WINDOW (self), NULL);
  return self->office_page;
}

const char *
peygir_window_get_banner (PeygirWindow *self)
{
  g_return_val_if_fail (PEYGIR_IS_WINDOW (self), NULL);

  if (!gtk_revealer_get_reveal_child (self->banner))
    return NULL;
  return gtk_label_get_text (self->banner_label);
}

gboolean
peygir_window_inbox_is_filled (PeygirWindow *self)
{
  g_return_val_if_fail (PEYGIR_IS_WINDOW (self), FALSE);

  return self->session != NULL && self->counted
         && peygir_case_list_get_first_page_read (self->case_list);
}

gboolean
peygir_window_is_busy (PeygirWindow *self)
{
  g_return_val_if_fail (PEYGIR_IS_WINDOW (self), FALSE);

  if (self->session == NULL)
    return g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "loading") == 0;
  return peygir_session_get_pending (self->session) > 0
         || peygir_case_list_get_loading (self->case_list)
         || peygir_case_page_get_loading (self->case_page)
         || peygir_intake_page_get_busy (self->intake_page)
         || peygir_office_page_get_loading (self->office_page)
         || peygir_register_page_get_busy (self->register_page)
         || peygir_reports_page_get_loading (self->reports_page)
         || peygir_reports_page_get_saving (self->reports_page);
}

void
peygir_window_add_toast (PeygirWindow *self,
                         const char   *title)
{
  g_return_if_fail (PEYGIR_IS_WINDOW (self));

  _peygir_toast_overlay_add (self->toast_overlay, title, 4);
}
