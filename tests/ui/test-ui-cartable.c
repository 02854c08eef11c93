/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>
#include <glib/gi18n-lib.h>

#include "peygir-assign-dialog.h"
#include "peygir-case-item.h"
#include "peygir-clock.h"
#include "peygir-demo.h"
#include "peygir-filter-bar.h"
#include "peygir-session.h"
#include "peygir-workflow.h"
#include "test-ui-util.h"

#define SECOND_EXPERT_NAME "پریسا احمدی"
#define LONG_AGENCY "اداره کل تعاون، کار و رفاه اجتماعی و سازمان بهزیستی و امور ایثارگران استان"

/* A case about @agency_id taken in by @login on the day the clock says. */
static PeygirCase *
make_case (StoreFixture *f,
           const char   *login,
           gint64        agency_id,
           const char   *subject)
{
  g_autoptr(PeygirCaseDraft) draft = draft_new (agency_id, subject, "شرح درخواست");
  g_autoptr(GError) error = NULL;
  PeygirCase *kase = peygir_store_create_case (f->store, login, draft, &error);

  g_assert_no_error (error);
  return kase;
}

static gint64
add_second_expert (StoreFixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirUser) user = peygir_store_add_user (f->store, "admin", "expert2", SECOND_EXPERT_NAME,
                                                      PEYGIR_ROLE_EXPERT, &error);

  g_assert_no_error (error);
  return user->id;
}

static const char *
expert_name (StoreFixture *f,
             const char   *login)
{
  static char name[256];
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirUser) user = peygir_store_find_user (f->store, login, &error);

  g_assert_no_error (error);
  g_strlcpy (name, user->name, sizeof name);
  return name;
}

/* The queue of "My Cartable" that holds new cases. */
static const char *
my_queue_of (PeygirState state)
{
  guint n;
  const PeygirQueueInfo *queues = peygir_workflow_queues (&n);

  for (guint i = 0; i < n; i++)
    if (queues[i].mine && peygir_workflow_queue_has_state (&queues[i], state) && queues[i].states != 0)
      return queues[i].id;
  g_assert_not_reached ();
}

static const char *
unassigned_queue (void)
{
  guint n;
  const PeygirQueueInfo *queues = peygir_workflow_queues (&n);

  for (guint i = 0; i < n; i++)
    if (queues[i].unassigned_only)
      return queues[i].id;
  g_assert_not_reached ();
}

static void
select_queue (PeygirWindow *window,
              const char   *queue_id)
{
  g_assert_true (peygir_window_select_queue (window, queue_id));
  ui_wait_idle (window);
  g_assert_cmpstr (peygir_window_get_queue (window), ==, queue_id);
}

/* Another desk's change, as its poll would bring it (the tests' windows
 * share one store, whose own commits do not move the data version). */
static void
others_changed (PeygirWindow *window)
{
  peygir_session_changed (peygir_window_get_session (window));
  ui_wait_idle (window);
}

static guint
shown_count (PeygirWindow *window)
{
  return g_list_model_get_n_items (peygir_window_get_shown_model (window));
}

static gint64
shown_id (PeygirWindow *window,
          guint         position)
{
  g_autoptr(PeygirCaseItem) item = g_list_model_get_item (peygir_window_get_shown_model (window), position);

  g_assert_nonnull (item);
  g_assert_nonnull (peygir_case_item_get_case (item));
  return peygir_case_item_get_id (item);
}

static gboolean
list_holds (PeygirWindow *window,
            gint64        case_id)
{
  for (guint i = 0; i < shown_count (window); i++)
    if (shown_id (window, i) == case_id)
      return TRUE;
  return FALSE;
}

/* Every queue's count beside it is its list's length: one source. */
static void
assert_counts_agree (PeygirWindow *window)
{
  g_auto(GStrv) queues = peygir_window_list_queues (window);

  for (guint i = 0; queues[i] != NULL; i++)
    {
      /* the letters to dispatch are a page of their own, not a list */
      if (g_str_equal (queues[i], "to-dispatch"))
        continue;
      select_queue (window, queues[i]);
      g_assert_cmpint (peygir_window_get_queue_count (window, queues[i]), ==, shown_count (window));
    }
}

static const char *
header_text (GtkListBoxRow *row)
{
  GtkWidget *header = gtk_list_box_row_get_header (row);

  return GTK_IS_LABEL (header) ? gtk_label_get_text (GTK_LABEL (header)) : NULL;
}

/* The sidebar */

static void
test_sidebar (StoreFixture  *f,
              gconstpointer  data)
{
  g_autoptr(PeygirCase) mine = make_case (f, "expert", f->agency_a, "پرونده من");
  g_autoptr(PeygirCase) unassigned = make_case (f, "secretary", f->agency_b, "پرونده بی‌کارشناس");
  g_autoptr(PeygirCase) others = NULL;
  PeygirWindow *window;
  GtkListBox *sidebar;
  GtkListBoxRow *first;
  g_auto(GStrv) queues = NULL;
  gboolean office_header = FALSE;

  add_second_expert (f);
  others = make_case (f, "expert2", f->agency_a, "پرونده همکار");
  g_assert_cmpint (unassigned->expert_id, ==, 0);

  window = ui_window_new (f->store, "expert");
  queues = peygir_window_list_queues (window);
  g_assert_true (g_strv_contains ((const char * const *) queues, my_queue_of (PEYGIR_STATE_RECEIVED)));
  g_assert_true (g_strv_contains ((const char * const *) queues, unassigned_queue ()));

  /* My Cartable first, then the office's queues */
  sidebar = GTK_LIST_BOX (ui_find_named (GTK_WIDGET (window), "queue-list"));
  g_assert_nonnull (sidebar);
  first = gtk_list_box_get_row_at_index (sidebar, 0);
  g_assert_cmpstr (header_text (first), ==, _("My Cartable"));
  for (int i = 1; gtk_list_box_get_row_at_index (sidebar, i) != NULL; i++)
    if (g_strcmp0 (header_text (gtk_list_box_get_row_at_index (sidebar, i)), _("Office Queues")) == 0)
      office_header = TRUE;
  g_assert_true (office_header);

  select_queue (window, my_queue_of (PEYGIR_STATE_RECEIVED));
  g_assert_cmpint (peygir_window_get_queue_count (window, my_queue_of (PEYGIR_STATE_RECEIVED)), ==, 1);
  g_assert_true (list_holds (window, mine->id));
  select_queue (window, unassigned_queue ());
  g_assert_cmpint (peygir_window_get_queue_count (window, unassigned_queue ()), ==, 1);
  g_assert_true (list_holds (window, unassigned->id));

  select_queue (window, my_queue_of (PEYGIR_STATE_RECEIVED));
  ui_screenshot (GTK_WIDGET (window), "cartable-sidebar");
  assert_counts_agree (window);
  ui_window_close (window);

  /* a manager and the secretariat have no cartable of their own */
  window = ui_window_new (f->store, "secretary");
  sidebar = GTK_LIST_BOX (ui_find_named (GTK_WIDGET (window), "queue-list"));
  g_assert_cmpstr (header_text (gtk_list_box_get_row_at_index (sidebar, 0)), ==, _("Office Queues"));
  assert_counts_agree (window);
  ui_window_close (window);
}

static GtkWidget *named  (PeygirWindow *window,
                          const char   *name);
static void       choose (GtkDropDown  *dropdown,
                          const char   *text);

/* Assigning */

static gboolean
dialog_shown (gpointer data)
{
  return PEYGIR_IS_ASSIGN_DIALOG (peygir_case_page_get_dialog (data));
}

static void
test_manager_assigns (StoreFixture  *f,
                      gconstpointer  data)
{
  g_autoptr(PeygirCase) kase = make_case (f, "expert", f->agency_a, "پرونده برای واگذاری");
  g_autoptr(PeygirCase) now = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  gint64 second = add_second_expert (f);
  const char *my_new = my_queue_of (PEYGIR_STATE_RECEIVED);
  PeygirWindow *expert = ui_window_new (f->store, "expert");
  PeygirWindow *expert2 = ui_window_new (f->store, "expert2");
  PeygirWindow *manager = ui_window_new (f->store, "manager");
  PeygirCasePage *page = peygir_window_get_case_page (manager);
  AdwMessageDialog *dialog;
  const PeygirEvent *last;

  g_assert_cmpint (kase->expert_id, ==, user_id (f, "expert"));
  select_queue (expert, my_new);
  select_queue (expert2, my_new);
  g_assert_cmpint (peygir_window_get_queue_count (expert, my_new), ==, 1);
  g_assert_cmpint (peygir_window_get_queue_count (expert2, my_new), ==, 0);

  peygir_window_show_case (manager, kase->id);
  ui_wait_idle (manager);
  g_assert_true (ui_action_enabled (GTK_WIDGET (page), "case.assign"));
  ui_activate (GTK_WIDGET (page), "case.assign", NULL);
  ui_wait_for (dialog_shown, page);
  ui_wait_idle (manager);
  dialog = peygir_case_page_get_dialog (page);
  /* the case's expert is chosen first: nothing to assign yet */
  g_assert_cmpint (peygir_assign_dialog_get_assignee (PEYGIR_ASSIGN_DIALOG (dialog)), ==, user_id (f, "expert"));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "assign"));
  /* only the active experts are offered */
  g_assert_false (peygir_assign_dialog_set_assignee (PEYGIR_ASSIGN_DIALOG (dialog), user_id (f, "secretary")));
  g_assert_true (peygir_assign_dialog_set_assignee (PEYGIR_ASSIGN_DIALOG (dialog), second));
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "assign"));
  ui_screenshot (GTK_WIDGET (dialog), "cartable-assign-dialog");
  adw_message_dialog_response (dialog, "assign");
  ui_wait_idle (manager);
  g_assert_null (peygir_case_page_get_dialog (page));

  /* the case page shows the new expert; the store and the history agree */
  g_assert_cmpstr (peygir_case_page_get_case (page)->expert_name, ==, SECOND_EXPERT_NAME);
  now = peygir_store_get_case (f->store, kase->id, PEYGIR_CASE_DETAIL_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (now->expert_id, ==, second);
  events = peygir_store_list_events (f->store, kase->id, &error);
  g_assert_no_error (error);
  last = g_ptr_array_index (events, events->len - 1);
  g_assert_cmpstr (last->action, ==, "assign");

  /* it left one cartable and entered the other, counts and lists alike */
  others_changed (expert);
  others_changed (expert2);
  g_assert_cmpint (peygir_window_get_queue_count (expert, my_new), ==, 0);
  g_assert_cmpuint (shown_count (expert), ==, 0);
  g_assert_cmpint (peygir_window_get_queue_count (expert2, my_new), ==, 1);
  g_assert_true (list_holds (expert2, kase->id));

  /* the manager's office queue, by holder */
  select_queue (manager, "open");
  choose (GTK_DROP_DOWN (named (manager, "filter-expert")), SECOND_EXPERT_NAME);
  ui_wait_idle (manager);
  g_assert_cmpuint (shown_count (manager), ==, 1);
  g_assert_true (list_holds (manager, kase->id));
  g_assert_cmpint (peygir_window_get_queue_count (manager, "open"), ==, 1);
  choose (GTK_DROP_DOWN (named (manager, "filter-expert")), expert_name (f, "expert"));
  ui_wait_idle (manager);
  g_assert_cmpuint (shown_count (manager), ==, 0);
  g_assert_cmpint (peygir_window_get_queue_count (manager, "open"), ==, 0);

  ui_window_close (manager);
  ui_window_close (expert2);
  ui_window_close (expert);
}

static void
test_expert_takes (StoreFixture  *f,
                   gconstpointer  data)
{
  g_autoptr(PeygirCase) unassigned = make_case (f, "secretary", f->agency_a, "پرونده بی‌کارشناس");
  g_autoptr(PeygirCase) held = make_case (f, "expert", f->agency_b, "پرونده کارشناس دیگر");
  g_autoptr(PeygirCase) now = NULL;
  g_autoptr(GError) error = NULL;
  const char *my_new = my_queue_of (PEYGIR_STATE_RECEIVED);
  PeygirWindow *window;
  PeygirCasePage *page;

  add_second_expert (f);
  window = ui_window_new (f->store, "expert2");
  page = peygir_window_get_case_page (window);
  select_queue (window, unassigned_queue ());
  g_assert_cmpint (peygir_window_get_queue_count (window, unassigned_queue ()), ==, 1);
  g_assert_cmpint (peygir_window_get_queue_count (window, my_new), ==, 0);

  /* another expert's case is not theirs to take */
  peygir_window_show_case (window, held->id);
  ui_wait_idle (window);
  g_assert_false (ui_action_enabled (GTK_WIDGET (page), "case.assign"));

  peygir_window_show_case (window, unassigned->id);
  ui_wait_idle (window);
  g_assert_true (ui_action_enabled (GTK_WIDGET (page), "case.assign"));
  /* a queue's filter is the list's, not the case page's */
  g_assert_false (gtk_widget_get_sensitive (named (window, "filter-button")));
  ui_screenshot (GTK_WIDGET (window), "cartable-take-case");
  ui_activate (GTK_WIDGET (page), "case.assign", NULL);
  ui_wait_idle (window);
  /* one click, no dialog */
  g_assert_null (peygir_case_page_get_dialog (page));
  g_assert_cmpstr (peygir_case_page_get_case (page)->expert_name, ==, SECOND_EXPERT_NAME);
  g_assert_false (ui_action_enabled (GTK_WIDGET (page), "case.assign"));
  now = peygir_store_get_case (f->store, unassigned->id, PEYGIR_CASE_DETAIL_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (now->expert_id, ==, user_id (f, "expert2"));

  g_assert_cmpint (peygir_window_get_queue_count (window, unassigned_queue ()), ==, 0);
  g_assert_cmpint (peygir_window_get_queue_count (window, my_new), ==, 1);
  select_queue (window, my_new);
  g_assert_true (list_holds (window, unassigned->id));
  g_assert_true (gtk_widget_get_sensitive (named (window, "filter-button")));
  ui_window_close (window);
}

/* Filters and sorting */

static GtkWidget *
named (PeygirWindow *window,
       const char   *name)
{
  GtkWidget *widget = ui_find_named (GTK_WIDGET (window), name);

  g_assert_nonnull (widget);
  return widget;
}

static void
choose (GtkDropDown *dropdown,
        const char  *text)
{
  GListModel *model = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (gtk_string_object_get_string (item), text) == 0)
        {
          gtk_drop_down_set_selected (dropdown, i);
          return;
        }
    }
  g_assert_not_reached ();
}

static void
type_date (PeygirWindow *window,
           const char   *name,
           const char   *text)
{
  GtkWidget *entry = named (window, name);

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  g_signal_emit_by_name (entry, "activate");
  ui_wait_idle (window);
}

static void
test_filters (StoreFixture  *f,
              gconstpointer  data)
{
  g_autoptr(PeygirCase) early = NULL;
  g_autoptr(PeygirCase) found = NULL;
  g_autoptr(PeygirCase) other_agency = NULL;
  g_autoptr(PeygirAgency) agency = NULL;
  g_autoptr(GError) error = NULL;
  PeygirWindow *window;
  GtkWidget *filter_button;
  GtkWidget *until;

  /* 1405/01/12, then 1405/02/12 */
  set_now ("2026-04-01T10:00:00+03:30");
  early = make_case (f, "expert", f->agency_a, "پرونده فروردین");
  set_now (FIXTURE_NOW);
  found = make_case (f, "expert", f->agency_a, "پرونده اردیبهشت");
  other_agency = make_case (f, "expert", f->agency_b, "پرونده برق");

  agency = peygir_store_add_agency (f->store, "admin", LONG_AGENCY, NULL, 0, &error);
  g_assert_no_error (error);
  window = ui_window_new (f->store, "expert");
  filter_button = named (window, "filter-button");
  select_queue (window, "all");
  g_assert_cmpint (peygir_window_get_queue_count (window, "all"), ==, 3);
  g_assert_false (gtk_widget_has_css_class (filter_button, "accent"));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (filter_button), TRUE);

  choose (GTK_DROP_DOWN (named (window, "filter-agency")), FIXTURE_AGENCY_A);
  ui_wait_idle (window);
  g_assert_cmpuint (shown_count (window), ==, 2);
  g_assert_cmpint (peygir_window_get_queue_count (window, "all"), ==, 2);
  g_assert_true (gtk_widget_has_css_class (filter_button, "accent"));

  /* they are complaints, not requests */
  choose (GTK_DROP_DOWN (named (window, "filter-kind")), peygir_kind_label (PEYGIR_KIND_REQUEST));
  ui_wait_idle (window);
  g_assert_cmpuint (shown_count (window), ==, 0);
  choose (GTK_DROP_DOWN (named (window, "filter-kind")), peygir_kind_label (PEYGIR_KIND_COMPLAINT));
  ui_wait_idle (window);
  g_assert_cmpuint (shown_count (window), ==, 2);

  /* the days as the office writes them, in any digits */
  type_date (window, "filter-from", "۱۴۰۵/۰۲/۰۱");
  type_date (window, "filter-until", "1405/2/20");
  /* shown back as read */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (named (window, "filter-until"))), ==, "۱۴۰۵/۰۲/۲۰");
  g_assert_cmpuint (shown_count (window), ==, 1);
  g_assert_cmpint (shown_id (window, 0), ==, found->id);
  g_assert_cmpint (peygir_window_get_queue_count (window, "all"), ==, 1);
  ui_screenshot (GTK_WIDGET (window), "cartable-filter-bar");
  /* a narrow desk's window (800 pixels, the sidebar folded away): the
   * bar asks for less than it */
  {
    GtkWidget *bar = gtk_widget_get_ancestor (named (window, "filter-agency"), PEYGIR_TYPE_FILTER_BAR);
    int minimum;

    gtk_widget_measure (bar, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
    g_assert_cmpint (minimum, <, 800);
    /* however long the agency's name */
    choose (GTK_DROP_DOWN (named (window, "filter-agency")), LONG_AGENCY);
    ui_wait_idle (window);
    g_assert_cmpuint (shown_count (window), ==, 0);
    gtk_widget_measure (bar, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
    g_assert_cmpint (minimum, <, 800);
    choose (GTK_DROP_DOWN (named (window, "filter-agency")), FIXTURE_AGENCY_A);
    ui_wait_idle (window);
    g_assert_cmpuint (shown_count (window), ==, 1);
  }

  /* a day that is none says so, and the filter keeps its day */
  until = named (window, "filter-until");
  type_date (window, "filter-until", "1405/13/40");
  g_assert_true (gtk_widget_has_css_class (until, "error"));
  g_assert_cmpuint (shown_count (window), ==, 1);
  type_date (window, "filter-until", "١٤٠٥/٠١/٢٠");
  g_assert_false (gtk_widget_has_css_class (until, "error"));
  g_assert_cmpuint (shown_count (window), ==, 0);
  g_assert_cmpint (peygir_window_get_queue_count (window, "all"), ==, 0);
  /* the empty list says why, and offers the whole queue back */
  g_assert_true (gtk_widget_get_visible (named (window, "clear-filter")));
  ui_screenshot (GTK_WIDGET (window), "cartable-filter-empty");
  type_date (window, "filter-from", "");
  g_assert_cmpuint (shown_count (window), ==, 1);
  g_assert_cmpint (shown_id (window, 0), ==, early->id);

  /* kept per queue for the window's life */
  select_queue (window, my_queue_of (PEYGIR_STATE_RECEIVED));
  g_assert_cmpuint (shown_count (window), ==, 3);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (named (window, "filter-agency"))), ==, 0);
  g_assert_false (gtk_widget_has_css_class (filter_button, "accent"));
  select_queue (window, "all");
  g_assert_cmpuint (shown_count (window), ==, 1);
  g_assert_cmpint (peygir_window_get_queue_count (window, "all"), ==, 1);
  g_assert_true (gtk_widget_has_css_class (filter_button, "accent"));

  /* an agency another desk adds is offered once the change comes in, and
   * the agency chosen stays chosen */
  {
    GtkDropDown *agencies = GTK_DROP_DOWN (named (window, "filter-agency"));
    guint n = g_list_model_get_n_items (gtk_drop_down_get_model (agencies));
    g_autoptr(PeygirAgency) added = peygir_store_add_agency (f->store, "admin", "فرمانداری شهرستان",
                                                             NULL, 0, &error);

    g_assert_no_error (error);
    others_changed (window);
    g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (agencies)), ==, n + 1);
    g_assert_cmpstr (gtk_string_object_get_string (gtk_drop_down_get_selected_item (agencies)), ==,
                     FIXTURE_AGENCY_A);
    g_assert_cmpuint (shown_count (window), ==, 1);
  }

  /* one click clears it */
  ui_activate (named (window, "filter-clear"), "filter.clear", NULL);
  ui_wait_idle (window);
  g_assert_cmpuint (shown_count (window), ==, 3);
  g_assert_cmpint (peygir_window_get_queue_count (window, "all"), ==, 3);
  g_assert_false (gtk_widget_has_css_class (filter_button, "accent"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (until)), ==, "");

  /* and from the empty list of a filtered queue */
  choose (GTK_DROP_DOWN (named (window, "filter-kind")), peygir_kind_label (PEYGIR_KIND_REQUEST));
  ui_wait_idle (window);
  g_assert_cmpuint (shown_count (window), ==, 0);
  ui_activate (GTK_WIDGET (window), "inbox.clear-filter", NULL);
  ui_wait_idle (window);
  g_assert_cmpuint (shown_count (window), ==, 3);
  g_assert_cmpint (peygir_window_get_queue_count (window, "all"), ==, 3);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (named (window, "filter-kind"))), ==, 0);
  g_assert_false (gtk_widget_get_visible (named (window, "clear-filter")));
  ui_window_close (window);
}

static char *
sort_of (PeygirWindow *window)
{
  char *sort = NULL;

  g_object_get (window, "sort", &sort, NULL);
  return sort;
}

static const char *
shown_agency (PeygirWindow *window,
              guint         position)
{
  g_autoptr(PeygirCaseItem) item = g_list_model_get_item (peygir_window_get_shown_model (window), position);

  return peygir_case_item_get_case (item)->agency_name;
}

static void
test_sort_by_column (StoreFixture  *f,
                     gconstpointer  data)
{
  g_autoptr(PeygirCase) a1 = make_case (f, "expert", f->agency_a, "یک");
  g_autoptr(PeygirCase) b = make_case (f, "expert", f->agency_b, "دو");
  g_autoptr(PeygirCase) a2 = make_case (f, "expert", f->agency_a, "سه");
  PeygirWindow *window = ui_window_new (f->store, "expert");
  GListModel *columns = gtk_column_view_get_columns (peygir_window_get_case_view (window));
  g_autoptr(GtkColumnViewColumn) agency_column = NULL;
  g_autofree char *sort = NULL;
  g_autofree char *other_sort = NULL;

  select_queue (window, "all");
  /* the latest first, as before */
  g_assert_cmpint (shown_id (window, 0), ==, a2->id);

  ui_activate (GTK_WIDGET (window), "inbox.sort", g_variant_new_string ("agency-desc"));
  ui_wait_idle (window);
  g_assert_cmpstr (shown_agency (window, 0), ==, FIXTURE_AGENCY_B);
  g_assert_cmpstr (shown_agency (window, 2), ==, FIXTURE_AGENCY_A);
  ui_activate (GTK_WIDGET (window), "inbox.sort", g_variant_new_string ("agency-asc"));
  ui_wait_idle (window);
  g_assert_cmpstr (shown_agency (window, 0), ==, FIXTURE_AGENCY_A);
  g_assert_cmpstr (shown_agency (window, 1), ==, FIXTURE_AGENCY_A);
  g_assert_cmpstr (shown_agency (window, 2), ==, FIXTURE_AGENCY_B);

  /* the column says it is the one sorted by, and offers both ways */
  agency_column = g_list_model_get_item (columns, 4);
  g_assert_true (g_str_has_suffix (gtk_column_view_column_get_title (agency_column), "▴"));
  g_assert_nonnull (gtk_column_view_column_get_header_menu (agency_column));

  /* kept for the queue; another queue keeps its own */
  select_queue (window, my_queue_of (PEYGIR_STATE_RECEIVED));
  other_sort = sort_of (window);
  g_assert_cmpstr (other_sort, ==, "received-desc");
  g_assert_false (g_str_has_suffix (gtk_column_view_column_get_title (agency_column), "▴"));
  select_queue (window, "all");
  sort = sort_of (window);
  g_assert_cmpstr (sort, ==, "agency-asc");
  g_assert_cmpstr (shown_agency (window, 2), ==, FIXTURE_AGENCY_B);
  (void) b;
  ui_window_close (window);
}

static gboolean
list_loaded (gpointer data)
{
  return !peygir_case_list_get_loading (PEYGIR_CASE_LIST (data));
}

/* A text sort read from the end, across pages, gives the store's order
 * page by page from the start. */
static void
test_sort_text_pages (StoreFixture  *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *cursor = NULL;
  PeygirCaseQuery query = { .sort = PEYGIR_CASE_SORT_APPLICANT, .limit = 100 };
  PeygirWindow *window;
  GListModel *model;
  guint n;

  g_assert_true (peygir_demo_fill (f->store, 345, 7, NULL, NULL, &error));
  g_assert_no_error (error);
  for (;;)
    {
      g_autoptr(GPtrArray) page = peygir_store_list_cases (f->store, &query, &error);
      const PeygirCase *last;

      g_assert_no_error (error);
      for (guint i = 0; i < page->len; i++)
        g_array_append_val (expected, ((const PeygirCase *) g_ptr_array_index (page, i))->id);
      if (page->len < 100)
        break;
      last = g_ptr_array_index (page, page->len - 1);
      g_free (cursor);
      cursor = g_strdup (peygir_case_sort_text (last, query.sort));
      query.has_cursor = TRUE;
      query.after_text = cursor;
      query.after_id = last->id;
    }

  window = ui_window_new (f->store, "expert");
  select_queue (window, "all");
  ui_activate (GTK_WIDGET (window), "inbox.sort", g_variant_new_string ("applicant-asc"));
  ui_wait_idle (window);
  model = peygir_window_get_shown_model (window);
  n = g_list_model_get_n_items (model);
  g_assert_cmpuint (n, ==, expected->len);
  g_assert_cmpint (peygir_window_get_queue_count (window, "all"), ==, n);
  for (guint i = n; i > 0; i--)
    g_ptr_array_add (held, g_list_model_get_item (model, i - 1));
  ui_wait_for (list_loaded, peygir_window_get_case_list (window));
  for (guint i = 0; i < n; i++)
    {
      PeygirCaseItem *item = g_ptr_array_index (held, n - 1 - i);

      g_assert_nonnull (peygir_case_item_get_case (item));
      g_assert_cmpint (peygir_case_item_get_id (item), ==, g_array_index (expected, gint64, i));
    }
  g_clear_pointer (&held, g_ptr_array_unref);
  ui_window_close (window);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add ("/ui/cartable/sidebar", StoreFixture, NULL, fixture_set_up, test_sidebar, fixture_tear_down);
  g_test_add ("/ui/cartable/manager-assigns", StoreFixture, NULL, fixture_set_up, test_manager_assigns,
              fixture_tear_down);
  g_test_add ("/ui/cartable/expert-takes", StoreFixture, NULL, fixture_set_up, test_expert_takes,
              fixture_tear_down);
  g_test_add ("/ui/cartable/filters", StoreFixture, NULL, fixture_set_up, test_filters, fixture_tear_down);
  g_test_add ("/ui/cartable/sort-by-column", StoreFixture, NULL, fixture_set_up, test_sort_by_column,
              fixture_tear_down);
  g_test_add ("/ui/cartable/sort-text-pages", StoreFixture, NULL, fixture_set_up, test_sort_text_pages,
              fixture_tear_down);

  return g_test_run ();
}
