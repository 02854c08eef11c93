/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>
#include <glib/gi18n-lib.h>

#include "peygir-action-dialog.h"
#include "peygir-case-cell.h"
#include "peygir-case-page.h"
#include "peygir-date.h"
#include "peygir-text.h"
#include "peygir-utils-private.h"
#include "peygir-workflow-chart.h"
#include "test-ui-util.h"

/* The daily work at a desk: a narrow window, agencies found by typing, the
 * case's chart and history as a Persian reader reads them, the actions the
 * case page offers and suggests, the print queue's count and the notify
 * dialog's defaults. */

#define LRI "\u2066"
#define FSI "\u2068"
#define PDI "\u2069"

static GtkWidget *
find_type (GtkWidget *root,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_type (c, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The button of the case page's bar bound to @action_name, or NULL. */
static GtkWidget *
find_action_button (GtkWidget  *root,
                    const char *action_name)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action_name) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_action_button (c, action_name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static PeygirCase *
new_case (StoreFixture *f,
          gint64        agency_id,
          const char   *nine)
{
  g_autofree char *national_id = national_id_from (nine);

  return ui_create_case (f->store, "expert", agency_id, national_id);
}

/* Registered, referred to @agencies and approved: letters waiting. */
static void
refer_and_approve (StoreFixture *f,
                   gint64        case_id,
                   const gint64 *agencies,
                   guint         n_agencies)
{
  g_autoptr(PeygirCase) registered = review_and_register (f, case_id);
  g_autoptr(PeygirCase) referred = NULL;
  g_autoptr(PeygirCase) approved = NULL;
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;

  request.case_id = case_id;
  request.action = PEYGIR_ACTION_REFER;
  request.actor_login = "expert";
  request.note = "متن نامهٔ ارجاع";
  request.agency_ids = agencies;
  request.n_agency_ids = n_agencies;
  referred = act_request (f, &request);
  approved = act (f, case_id, PEYGIR_ACTION_APPROVE, "manager", NULL);
}

static GtkWidget *
find_type_named (GtkWidget  *root,
                 const char *type_name)
{
  if (g_str_equal (G_OBJECT_TYPE_NAME (root), type_name))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_type_named (c, type_name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The title of the table's first column (the registration number) is
 * drawn inside the table's width: what is on the screen, not only the
 * adjustment's value. */
static void
assert_first_column_shown (GtkWidget *view)
{
  GtkWidget *title = find_type_named (view, "GtkColumnViewTitle");
  graphene_rect_t bounds;

  g_assert_nonnull (title);
  g_assert_true (gtk_widget_compute_bounds (title, view, &bounds));
  g_assert_cmpfloat (bounds.origin.x, >=, 0);
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (view) + 1);
}

/* 1. At 800 px the sidebar folds away and the table opens at its start
 * (the right edge), where the registration number and tracking code are. */
static void
test_narrow_window (StoreFixture  *f,
                    gconstpointer  data)
{
  PeygirWindow *window;
  GtkAdjustment *table;
  GtkWidget *view;
  AdwLeaflet *leaflet;

  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *nine = g_strdup_printf ("00412345%u", i);
      g_autoptr(PeygirCase) kase = new_case (f, f->agency_a, nine);
    }
  window = ui_window_new (f->store, "expert");
  g_assert_true (peygir_window_select_queue (window, "new"));
  ui_wait_idle (window);
  leaflet = ADW_LEAFLET (find_type (GTK_WIDGET (window), ADW_TYPE_LEAFLET));
  g_assert_false (adw_leaflet_get_folded (leaflet));
  ui_screenshot (GTK_WIDGET (window), "desk-inbox-1280x800");

  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  ui_iterate (300);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 800);
  g_assert_true (adw_leaflet_get_folded (leaflet));
  view = find_type (GTK_WIDGET (window), GTK_TYPE_COLUMN_VIEW);
  g_assert_true (gtk_widget_is_ancestor (view, adw_leaflet_get_visible_child (leaflet)));
  g_assert_cmpint (gtk_widget_get_direction (view), ==, GTK_TEXT_DIR_RTL);
  table = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (view));
  /* the whole width for the table: its start (the right edge) in sight */
  g_assert_cmpfloat (gtk_adjustment_get_value (table) + gtk_adjustment_get_page_size (table), >=,
                     gtk_adjustment_get_upper (table) - 1);
  assert_first_column_shown (view);
  ui_screenshot (GTK_WIDGET (window), "desk-inbox-800x600");

  /* a column made wider than the window: the table scrolls, and still
   * opens at its start */
  {
    g_autoptr(GtkColumnViewColumn) subject =
      g_list_model_get_item (gtk_column_view_get_columns (GTK_COLUMN_VIEW (view)), PEYGIR_CASE_COLUMN_SUBJECT);

    gtk_column_view_column_set_fixed_width (subject, 1200);
  }
  ui_iterate (300);
  ui_screenshot (GTK_WIDGET (window), "desk-inbox-800x600-wide-column");
  g_assert_cmpfloat (gtk_adjustment_get_upper (table), >, gtk_adjustment_get_page_size (table) + 100);
  g_assert_cmpfloat (gtk_adjustment_get_value (table) + gtk_adjustment_get_page_size (table), >=,
                     gtk_adjustment_get_upper (table) - 1);
  assert_first_column_shown (view);

  /* the user's own scrolling stays */
  gtk_adjustment_set_value (table, 0);
  ui_iterate (100);
  g_assert_cmpfloat (gtk_adjustment_get_value (table), ==, 0);

  peygir_window_show_case (window, 1);
  ui_wait_idle (window);
  ui_iterate (100);
  ui_screenshot (GTK_WIDGET (window), "desk-case-800x600");
  ui_activate (GTK_WIDGET (window), "inbox.new-case", NULL);
  ui_wait_idle (window);
  ui_iterate (100);
  ui_screenshot (GTK_WIDGET (window), "desk-intake-800x600");
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  ui_iterate (300);
  g_assert_false (adw_leaflet_get_folded (leaflet));
  ui_screenshot (GTK_WIDGET (window), "desk-case-1280x800");
  ui_window_close (window);
}

static guint
popup_items (GtkWidget *dropdown)
{
  GtkWidget *list = find_type (dropdown, GTK_TYPE_LIST_VIEW);

  g_assert_nonnull (list);
  return g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list))));
}

static void
search_in (GtkWidget  *root,
           const char *text)
{
  GtkWidget *entry = find_type (root, GTK_TYPE_SEARCH_ENTRY);

  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  g_signal_emit_by_name (entry, "search-changed");
  ui_iterate (50);
}

/* 2. The agencies are found by a part of their names, whatever the
 * letters (ك/ک, ي/ی) and joiners typed or stored. */
static void
test_agency_search (StoreFixture  *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirAgency) arabic = NULL;
  g_autoptr(PeygirCase) kase = new_case (f, f->agency_a, "004223456");
  g_autoptr(PeygirCase) registered = NULL;
  PeygirWindow *window;
  GtkWidget *dropdown;
  AdwMessageDialog *dialog;
  GtkWidget *agencies;
  guint shown = 0;
  guint n_all;

  g_assert_true (_peygir_search_matches ("اداره كل راه‌وشهرسازي", "راه و شهرسازی"));
  g_assert_true (_peygir_search_matches ("اداره کل آب و فاضلاب", "کل آب"));
  g_assert_false (_peygir_search_matches ("اداره کل آب و فاضلاب", "برق"));

  /* written with the Arabic ي, as some lists are */
  arabic = peygir_store_add_agency (f->store, "admin", "سازمان پايانه‌هاي مسافربري", NULL, 0, &error);
  g_assert_no_error (error);

  window = ui_window_new (f->store, "expert");
  ui_activate (GTK_WIDGET (window), "inbox.new-case", NULL);
  ui_wait_idle (window);
  dropdown = peygir_intake_page_get_field (peygir_window_get_intake_page (window), "agency");
  g_assert_true (GTK_IS_DROP_DOWN (dropdown));
  g_assert_true (gtk_drop_down_get_enable_search (GTK_DROP_DOWN (dropdown)));
  n_all = popup_items (dropdown);
  g_assert_cmpuint (n_all, >, 30);
  /* anywhere in the name, with a space where the name has a ZWNJ */
  search_in (dropdown, "پایانه های مسافربری");
  g_assert_cmpuint (popup_items (dropdown), ==, 1);
  search_in (dropdown, "پايانه");
  g_assert_cmpuint (popup_items (dropdown), ==, 1);
  /* choosing the one found chooses that agency */
  {
    GtkWidget *list = find_type (dropdown, GTK_TYPE_LIST_VIEW);
    GtkSelectionModel *shown_model = gtk_list_view_get_model (GTK_LIST_VIEW (list));

    gtk_selection_model_select_item (shown_model, 0, TRUE);
    g_signal_emit_by_name (list, "activate", 0);
    ui_iterate (50);
    g_assert_cmpstr (gtk_string_object_get_string (gtk_drop_down_get_selected_item (GTK_DROP_DOWN (dropdown))),
                     ==, "سازمان پايانه‌هاي مسافربري");
  }
  search_in (dropdown, "كتابخانه");
  g_assert_cmpuint (popup_items (dropdown), ==, 1);
  search_in (dropdown, "فاضلاب");
  g_assert_cmpuint (popup_items (dropdown), ==, 2);
  search_in (dropdown, "");
  g_assert_cmpuint (popup_items (dropdown), ==, n_all);
  ui_screenshot (GTK_WIDGET (window), "desk-intake-agency");

  /* the referral's agencies: ticked ones stay in sight */
  registered = review_and_register (f, kase->id);
  ui_show_case (window, kase->id);
  ui_activate (GTK_WIDGET (peygir_window_get_case_page (window)), "case.refer", NULL);
  dialog = peygir_case_page_get_dialog (peygir_window_get_case_page (window));
  g_assert_nonnull (dialog);
  agencies = ui_find_named (GTK_WIDGET (dialog), "agencies");
  search_in (ui_find_named (GTK_WIDGET (dialog), "agency-search"), "پایانه");
  for (GtkWidget *row = gtk_widget_get_first_child (agencies); row != NULL; row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && gtk_widget_get_child_visible (row))
      shown++;
  /* the agency complained of, ticked, and the one searched for */
  g_assert_cmpuint (shown, ==, 2);
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  ui_window_close (window);
}

/* 2b. The queue's filter and the assign dialog find agencies and experts
 * the same way, whichever ی or ک a name was written with. */
static void
test_filter_and_assign_search (StoreFixture  *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirAgency) arabic = peygir_store_add_agency (f->store, "admin", "سازمان پايانه‌هاي مسافربري", NULL, 0, &error);
  g_autoptr(PeygirUser) expert = NULL;
  g_autoptr(PeygirCase) kase = new_case (f, f->agency_a, "004323456");
  PeygirWindow *window;
  PeygirCasePage *page;
  g_autofree char *assign = peygir_case_page_action_name (PEYGIR_ACTION_ASSIGN);
  AdwMessageDialog *dialog;
  GtkWidget *dropdown;

  g_assert_no_error (error);
  expert = peygir_store_add_user (f->store, "admin", "ali", "علي كاظمي", PEYGIR_ROLE_EXPERT, &error);
  g_assert_no_error (error);

  window = ui_window_new (f->store, "manager");
  g_assert_true (peygir_window_select_queue (window, "all"));
  ui_wait_idle (window);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (ui_find_named (GTK_WIDGET (window), "filter-button")), TRUE);
  ui_wait_idle (window);
  dropdown = ui_find_named (GTK_WIDGET (window), "filter-agency");
  search_in (dropdown, "پایانه های مسافربری");
  g_assert_cmpuint (popup_items (dropdown), ==, 1);
  search_in (dropdown, "");
  dropdown = ui_find_named (GTK_WIDGET (window), "filter-expert");
  search_in (dropdown, "علی کاظمی");
  g_assert_cmpuint (popup_items (dropdown), ==, 1);
  search_in (dropdown, "");

  page = peygir_window_get_case_page (window);
  ui_show_case (window, kase->id);
  ui_activate (GTK_WIDGET (page), assign, NULL);
  ui_wait_for (ui_case_page_has_dialog, page);
  dialog = g_object_ref (peygir_case_page_get_dialog (page));
  dropdown = ui_find_named (GTK_WIDGET (dialog), "assignee");
  search_in (dropdown, "کاظمی");
  g_assert_cmpuint (popup_items (dropdown), ==, 1);
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
  ui_window_close (window);
}

/* 3. A step visited twice: its day isolated, then a separator that is not
 * a middle dot (a Persian zero beside Persian digits), then the count. */
static void
test_chart_step_line (StoreFixture  *f,
                      gconstpointer  data)
{
  g_autoptr(PeygirCase) kase = new_case (f, f->agency_a, "004323456");
  g_autoptr(PeygirCase) registered = review_and_register (f, kase->id);
  PeygirWindow *window;
  GtkWidget *chart;
  gboolean found = FALSE;

  for (guint i = 0; i < 2; i++)
    {
      PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;
      g_autoptr(PeygirCase) referred = NULL;
      g_autoptr(PeygirCase) returned = NULL;

      request.case_id = kase->id;
      request.action = PEYGIR_ACTION_REFER;
      request.actor_login = "expert";
      request.note = "متن نامه";
      request.agency_ids = &f->agency_a;
      request.n_agency_ids = 1;
      referred = act_request (f, &request);
      returned = act (f, kase->id, PEYGIR_ACTION_RETURN, "manager", "متن را کامل کنید.");
    }
  window = ui_window_new (f->store, "expert");
  ui_show_case (window, kase->id);
  ui_iterate (100);
  chart = ui_find_named (GTK_WIDGET (window), "chart");
  g_assert_nonnull (chart);
  {
    g_auto(GStrv) lines = peygir_workflow_chart_dup_step_lines (PEYGIR_WORKFLOW_CHART (chart),
                                                                PEYGIR_STATE_WITH_MANAGER, FALSE);
    g_autofree char *two = peygir_text_format_number (2);

    for (guint i = 0; lines[i] != NULL; i++)
      {
        g_assert_null (strstr (lines[i], "·"));
        if (strstr (lines[i], two) != NULL && strstr (lines[i], "/") != NULL)
          {
            const char *pdi = strstr (lines[i], PDI);

            found = TRUE;
            /* the date first, isolated whole; the count after it */
            g_assert_true (g_str_has_prefix (lines[i], LRI));
            g_assert_nonnull (pdi);
            g_assert_null (strstr (lines[i] + strlen (LRI), LRI));
            g_assert_nonnull (strstr (pdi, two));
          }
      }
  }
  g_assert_true (found);
  ui_window_close (window);
}

/* The subtitles of the history's rows, newest first. */
static GPtrArray *
history_texts (PeygirWindow *window)
{
  GtkWidget *history = ui_find_named (GTK_WIDGET (window), "history");
  GPtrArray *texts = g_ptr_array_new ();

  g_assert_nonnull (history);
  for (GtkWidget *row = gtk_widget_get_first_child (history); row != NULL; row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_ACTION_ROW (row))
      g_ptr_array_add (texts, (gpointer) adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
  return texts;
}

/* 4. What a person needs of the history: a document's name isolated and
 * no hash, the numbers in Persian digits, no channel identifier. */
static void
test_history_text (StoreFixture  *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirCase) kase = new_case (f, f->agency_a, "004423456");
  g_autoptr(GBytes) bytes = g_bytes_new_static ("%PDF-1.4", 8);
  g_autoptr(PeygirDocument) document = NULL;
  g_autoptr(PeygirCase) registered = NULL;
  g_autoptr(PeygirCase) contacted = NULL;
  g_autoptr(GPtrArray) texts = NULL;
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;
  PeygirWindow *window;
  gboolean named = FALSE;

  document = peygir_store_add_document (f->store, "expert", kase->id, "report-2 نامه.pdf", "application/pdf",
                                        bytes, &error);
  g_assert_no_error (error);
  registered = review_and_register (f, kase->id);
  request.case_id = kase->id;
  request.action = PEYGIR_ACTION_CONTACT;
  request.actor_login = "expert";
  request.channel = PEYGIR_CHANNEL_SMS;
  request.note = "پیامک 3 ارسال شد";
  contacted = act_request (f, &request);

  window = ui_window_new (f->store, "expert");
  ui_show_case (window, kase->id);
  texts = history_texts (window);
  g_assert_cmpuint (texts->len, >=, 4);
  for (guint i = 0; i < texts->len; i++)
    {
      const char *text = g_ptr_array_index (texts, i);
      gboolean in_name = FALSE;

      /* a file's name is as it was given; everything else in Persian digits */
      for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          if (c == 0x2068 || c == 0x2069)
            in_name = c == 0x2068;
          else if (!in_name && g_ascii_isdigit (*p))
            g_error ("Latin digits in the history: %s", text);
        }
      g_assert_null (strstr (text, document->sha256));
      g_assert_null (strstr (text, "[sms]"));
      if (strstr (text, FSI "report-2 نامه.pdf" PDI) != NULL)
        named = TRUE;
    }
  g_assert_true (named);
  /* the documents' list names it the same way */
  {
    GtkWidget *list = ui_find_named (GTK_WIDGET (window), "documents");
    GtkWidget *row = gtk_widget_get_first_child (list);

    g_assert_true (ADW_IS_ACTION_ROW (row));
    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, FSI "report-2 نامه.pdf" PDI);
  }
  /* the contacts as well: the note's number in Persian digits */
  {
    GtkWidget *list = ui_find_named (GTK_WIDGET (window), "contacts");
    GtkWidget *row = gtk_widget_get_first_child (list);

    g_assert_true (ADW_IS_ACTION_ROW (row));
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "پیامک ۳ ارسال شد"));
  }
  /* the history in sight, through the chart's step */
  ui_activate (ui_find_named (GTK_WIDGET (window), "chart"), "chart.activate-step", g_variant_new_string ("registered"));
  ui_iterate (200);
  ui_screenshot (GTK_WIDGET (window), "desk-case-history");
  ui_window_close (window);
}

/* 5 and 6. Dispatching is offered while a letter waits, and suggested
 * then; on an overdue case the follow-up is suggested, not the answer. */
static void
test_actions_offered (StoreFixture  *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirCase) kase = new_case (f, f->agency_a, "004523456");
  g_autoptr(PeygirCase) sent = NULL;
  g_autoptr(PeygirCase) late = NULL;
  g_autofree char *dispatch = peygir_case_page_action_name (PEYGIR_ACTION_DISPATCH);
  g_autofree char *follow_up = peygir_case_page_action_name (PEYGIR_ACTION_FOLLOW_UP);
  g_autofree char *answer = peygir_case_page_action_name (PEYGIR_ACTION_ANSWER);
  PeygirWindow *window;
  GtkWidget *page;

  ui_add_desk (f);
  refer_and_approve (f, kase->id, &f->agency_a, 1);
  window = ui_window_new (f->store, "desk");
  page = GTK_WIDGET (peygir_window_get_case_page (window));
  ui_show_case (window, kase->id);
  g_assert_true (ui_action_enabled (page, dispatch));
  g_assert_true (gtk_widget_has_css_class (find_action_button (page, dispatch), "suggested-action"));
  g_assert_false (gtk_widget_has_css_class (find_action_button (page, answer), "suggested-action"));

  sent = act (f, kase->id, PEYGIR_ACTION_DISPATCH, "secretary", NULL);
  ui_show_case (window, kase->id);
  g_assert_false (ui_action_enabled (page, dispatch));
  g_assert_null (find_action_button (page, dispatch));

  /* past the agency's deadline */
  peygir_clock_set_now (peygir_day_to_unix (peygir_day_add_days (referral_at (sent, 0)->due, 3)) + 9 * 3600);
  late = peygir_store_get_case (f->store, kase->id, PEYGIR_CASE_DETAIL_REFERRALS, &error);
  g_assert_no_error (error);
  g_assert_true (late->overdue);
  ui_show_case (window, kase->id);
  g_assert_true (gtk_widget_has_css_class (find_action_button (page, follow_up), "suggested-action"));
  g_assert_false (gtk_widget_has_css_class (find_action_button (page, answer), "suggested-action"));
  ui_screenshot (GTK_WIDGET (window), "desk-case-overdue");
  ui_window_close (window);
}

/* 7. The sidebar counts the cases with letters waiting, the print queue
 * the letters: each says which, and the page says both. */
static void
test_letters_and_cases (StoreFixture  *f,
                        gconstpointer  data)
{
  g_autoptr(PeygirCase) one = new_case (f, f->agency_a, "004623456");
  g_autoptr(PeygirCase) two = new_case (f, f->agency_b, "004623457");
  const gint64 both[] = { f->agency_a, f->agency_b };
  g_autofree char *n_cases = NULL;
  g_autofree char *n_cases_text = peygir_text_format_number (2);
  g_autofree char *n_letters_text = peygir_text_format_number (3);
  PeygirWindow *window;
  GtkWidget *count;
  GtkWidget *summary;
  const char *text;

  refer_and_approve (f, one->id, both, 2);
  refer_and_approve (f, two->id, &f->agency_b, 1);
  window = ui_window_new (f->store, "secretary");
  ui_wait_idle (window);
  g_assert_cmpint (peygir_window_get_queue_count (window, "to-dispatch"), ==, 2);
  count = ui_find_named (GTK_WIDGET (window), "count-to-dispatch");
  g_assert_nonnull (count);
  n_cases = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s case", "%s cases", 2), n_cases_text);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (count)), ==, n_cases);

  g_assert_true (peygir_window_select_queue (window, "to-dispatch"));
  ui_wait_idle (window);
  while (peygir_print_queue_page_get_busy (peygir_window_get_print_queue_page (window)))
    ui_iterate (20);
  g_assert_cmpuint (peygir_print_queue_page_get_n_letters (peygir_window_get_print_queue_page (window)), ==, 3);
  summary = ui_find_named (GTK_WIDGET (window), "queue-summary");
  text = gtk_label_get_text (GTK_LABEL (summary));
  g_assert_nonnull (strstr (text, n_letters_text));
  g_assert_nonnull (strstr (text, n_cases_text));
  ui_screenshot (GTK_WIDGET (window), "desk-print-queue");
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  ui_iterate (300);
  ui_screenshot (GTK_WIDGET (window), "desk-print-queue-800x600");
  ui_window_close (window);
}

/* The history's rows marked as the chosen step's: the first of them,
 * and how many in @n. */
static GtkWidget *
marked_row (GtkWidget *history,
            guint     *n)
{
  GtkWidget *first = NULL;

  *n = 0;
  for (GtkWidget *row = gtk_widget_get_first_child (history); row != NULL; row = gtk_widget_get_next_sibling (row))
    if (gtk_widget_has_css_class (row, "peygir-step-event"))
      {
        if (first == NULL)
          first = row;
        (*n)++;
      }
  return first;
}

/* 8. Choosing a step of the chart marks its events in the history and
 * takes the focus there. */
static void
test_chart_step_history (StoreFixture  *f,
                         gconstpointer  data)
{
  g_autoptr(PeygirCase) kase = new_case (f, f->agency_a, "004723456");
  g_autoptr(PeygirCase) registered = review_and_register (f, kase->id);
  PeygirWindow *window = ui_window_new (f->store, "expert");
  GtkWidget *history;
  GtkWidget *chart;
  GtkWidget *marked;
  guint n_marked;

  ui_show_case (window, kase->id);
  chart = ui_find_named (GTK_WIDGET (window), "chart");
  history = ui_find_named (GTK_WIDGET (window), "history");

  /* the keyboard: Enter on the step in focus, the case's own */
  ui_activate (chart, "chart.activate", NULL);
  ui_iterate (50);
  marked = marked_row (history, &n_marked);
  g_assert_cmpuint (n_marked, ==, 1);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (marked)), ==,
                   peygir_action_label (PEYGIR_ACTION_REGISTER));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == marked);

  /* another step chosen: its events marked instead */
  ui_activate (chart, "chart.activate-step", g_variant_new_string ("in_review"));
  ui_iterate (50);
  marked = marked_row (history, &n_marked);
  g_assert_cmpuint (n_marked, ==, 1);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (marked)), ==,
                   peygir_action_label (PEYGIR_ACTION_REVIEW));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == marked);
  ui_window_close (window);
}

/* 9. The applicant is told the way they last came or were reached, and
 * the dialog takes a note. */
static void
test_notify_defaults (StoreFixture  *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirCase) kase = new_case (f, f->agency_a, "004823456");
  g_autoptr(PeygirCase) reviewed = act (f, kase->id, PEYGIR_ACTION_REVIEW, "expert", NULL);
  g_autoptr(PeygirCase) rejected = act (f, kase->id, PEYGIR_ACTION_REJECT, "expert", "در صلاحیت دفتر نیست.");
  g_autoptr(PeygirCase) contacted = NULL;
  g_autoptr(GPtrArray) contacts = NULL;
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;
  PeygirWindow *window = ui_window_new (f->store, "expert");
  PeygirCasePage *page = peygir_window_get_case_page (window);
  g_autofree char *notify = peygir_case_page_action_name (PEYGIR_ACTION_NOTIFY);
  AdwMessageDialog *dialog;
  GtkWidget *note;

  /* no contact yet: the way the case came in (in person) */
  ui_show_case (window, kase->id);
  ui_activate (GTK_WIDGET (page), notify, NULL);
  ui_wait_for (ui_case_page_has_dialog, page);
  dialog = peygir_case_page_get_dialog (page);
  g_assert_cmpint (peygir_action_dialog_get_channel (PEYGIR_ACTION_DIALOG (dialog)), ==, PEYGIR_CHANNEL_IN_PERSON);
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  ui_iterate (20);

  request.case_id = kase->id;
  request.action = PEYGIR_ACTION_CONTACT;
  request.actor_login = "expert";
  request.channel = PEYGIR_CHANNEL_EMAIL;
  request.note = "نامهٔ الکترونیکی متقاضی رسید.";
  contacted = act_request (f, &request);
  ui_show_case (window, kase->id);
  ui_activate (GTK_WIDGET (page), notify, NULL);
  ui_wait_for (ui_case_page_has_dialog, page);
  dialog = g_object_ref (peygir_case_page_get_dialog (page));
  g_assert_cmpint (peygir_action_dialog_get_channel (PEYGIR_ACTION_DIALOG (dialog)), ==, PEYGIR_CHANNEL_EMAIL);
  note = ui_find_named (GTK_WIDGET (dialog), "note");
  g_assert_nonnull (note);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (note)), "نتیجه با رایانامه اعلام شد.", -1);
  adw_message_dialog_response (dialog, "apply");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
  ui_wait_idle (window);

  contacts = peygir_store_list_contacts (f->store, kase->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (contacts->len, ==, 2);
  g_assert_cmpint (((PeygirContact *) contacts->pdata[1])->channel, ==, PEYGIR_CHANNEL_EMAIL);
  g_assert_cmpstr (((PeygirContact *) contacts->pdata[1])->note, ==, "نتیجه با رایانامه اعلام شد.");
  ui_window_close (window);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add ("/ui/desk/narrow-window", StoreFixture, NULL, fixture_set_up, test_narrow_window, fixture_tear_down);
  g_test_add ("/ui/desk/agency-search", StoreFixture, NULL, fixture_set_up, test_agency_search, fixture_tear_down);
  g_test_add ("/ui/desk/filter-and-assign-search", StoreFixture, NULL, fixture_set_up, test_filter_and_assign_search,
              fixture_tear_down);
  g_test_add ("/ui/desk/chart-step-line", StoreFixture, NULL, fixture_set_up, test_chart_step_line, fixture_tear_down);
  g_test_add ("/ui/desk/history-text", StoreFixture, NULL, fixture_set_up, test_history_text, fixture_tear_down);
  g_test_add ("/ui/desk/actions-offered", StoreFixture, NULL, fixture_set_up, test_actions_offered, fixture_tear_down);
  g_test_add ("/ui/desk/letters-and-cases", StoreFixture, NULL, fixture_set_up, test_letters_and_cases, fixture_tear_down);
  g_test_add ("/ui/desk/chart-step-history", StoreFixture, NULL, fixture_set_up, test_chart_step_history, fixture_tear_down);
  g_test_add ("/ui/desk/notify-defaults", StoreFixture, NULL, fixture_set_up, test_notify_defaults, fixture_tear_down);

  return g_test_run ();
}
