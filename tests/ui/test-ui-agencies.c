/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "peygir-action-dialog.h"
#include "peygir-agencies-page.h"
#include "peygir-agency-dialog.h"
#include "peygir-case-page.h"
#include "peygir-intake-page.h"
#include "peygir-preferences-window.h"
#include "test-ui-util.h"

/* The preferences of a window signed in as @window's user, made transient
 * for it as the application does. */
static gboolean
page_idle (gpointer data)
{
  return !peygir_agencies_page_get_busy (data);
}

static PeygirAgenciesPage *
agencies_page (GtkWidget *preferences)
{
  GtkWidget *page = ui_find_named (preferences, "agencies");

  g_assert_nonnull (page);
  g_assert_true (PEYGIR_IS_AGENCIES_PAGE (page));
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (preferences), ADW_PREFERENCES_PAGE (page));
  ui_wait_for (page_idle, page);
  gtk_test_widget_wait_for_draw (preferences);
  return PEYGIR_AGENCIES_PAGE (page);
}

static GtkWidget *
agency_row (PeygirAgenciesPage *page,
            gint64              id)
{
  g_autofree char *name = g_strdup_printf ("agency-%" G_GINT64_FORMAT, id);

  return ui_find_named (GTK_WIDGET (page), name);
}

/* The titles of the rows the search leaves, in order. */
static GPtrArray *
shown_names (PeygirAgenciesPage *page)
{
  GtkWidget *list = ui_find_named (GTK_WIDGET (page), "agencies-list");
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  g_assert_true (GTK_IS_LIST_BOX (list));
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_ACTION_ROW (row) && gtk_widget_get_child_visible (row))
      g_ptr_array_add (names, g_strdup (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row))));
  return names;
}

static gboolean
names_contain (GPtrArray  *names,
               const char *name)
{
  for (guint i = 0; i < names->len; i++)
    if (g_strcmp0 (g_ptr_array_index (names, i), name) == 0)
      return TRUE;
  return FALSE;
}

static void
search (PeygirAgenciesPage *page,
        const char         *text)
{
  GtkWidget *entry = ui_find_named (GTK_WIDGET (page), "agencies-search");

  g_assert_true (GTK_IS_SEARCH_ENTRY (entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  /* a search entry waits a moment after the last key */
  ui_iterate (400);
}

static PeygirAgency *
store_agency (StoreFixture *f,
              gint64        id)
{
  g_autoptr(GError) error = NULL;
  PeygirAgency *agency = peygir_store_get_agency (f->store, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (agency);
  return agency;
}

static PeygirAgencyDialog *
open_dialog (PeygirAgenciesPage *page,
             const char         *action,
             GVariant           *parameter)
{
  PeygirAgencyDialog *dialog;

  g_assert_null (peygir_agencies_page_get_dialog (page));
  ui_activate (GTK_WIDGET (page), action, parameter);
  dialog = peygir_agencies_page_get_dialog (page);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  /* no second dialog while one is open */
  g_assert_false (ui_action_enabled (GTK_WIDGET (page), "agencies.add"));
  ui_iterate (50);
  return dialog;
}

static void
set_field (PeygirAgencyDialog *dialog,
           const char         *name,
           const char         *text)
{
  GtkWidget *field = ui_find_named (GTK_WIDGET (dialog), name);

  g_assert_true (GTK_IS_EDITABLE (field));
  gtk_editable_set_text (GTK_EDITABLE (field), text);
}

static const char *
field_text (PeygirAgencyDialog *dialog,
            const char         *name)
{
  GtkWidget *field = ui_find_named (GTK_WIDGET (dialog), name);

  g_assert_true (GTK_IS_EDITABLE (field));
  return gtk_editable_get_text (GTK_EDITABLE (field));
}

/* Saves the dialog and waits for the page; whether it closed. */
static gboolean
save_dialog (PeygirAgenciesPage *page,
             PeygirAgencyDialog *dialog)
{
  g_assert_true (ui_action_enabled (GTK_WIDGET (dialog), "agency.save"));
  ui_activate (GTK_WIDGET (dialog), "agency.save", NULL);
  ui_iterate (20);
  ui_wait_for (page_idle, page);
  ui_iterate (50);
  if (peygir_agencies_page_get_problem (page) != NULL)
    g_test_message ("not saved: %s", peygir_agencies_page_get_problem (page));
  return peygir_agencies_page_get_dialog (page) == NULL;
}

/* Only an administrator has the page. */
static void
test_admin_only (StoreFixture  *f,
                 gconstpointer  data)
{
  ui_assert_page_for_administrators (f, "agencies", PEYGIR_TYPE_AGENCIES_PAGE);
}

/* Every agency is listed, the inactive marked; typing narrows the list
 * whatever the letters' Arabic or Persian forms and the ZWNJ. */
static void
test_search (StoreFixture  *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) agencies = peygir_store_list_agencies (f->store, &error);
  g_autoptr(PeygirAgency) zwnj = NULL;
  g_autoptr(PeygirAgency) quiet = NULL;
  g_autoptr(GPtrArray) names = NULL;
  PeygirWindow *window;
  GtkWidget *preferences;
  PeygirAgenciesPage *page;
  GtkWidget *row;

  g_assert_no_error (error);
  zwnj = peygir_store_add_agency (f->store, "admin", "سازمان راه‌آهن", "مدیر کل محترم راه‌آهن", 9, &error);
  g_assert_no_error (error);
  /* One of the province's defaults, deactivated. */
  for (guint i = 0; i < agencies->len; i++)
    {
      const PeygirAgency *agency = g_ptr_array_index (agencies, i);

      if (g_strcmp0 (agency->name, "اداره کل کتابخانه‌های عمومی") == 0)
        quiet = peygir_store_update_agency (f->store, "admin", agency->id, NULL, NULL, 0, FALSE, &error);
    }
  g_assert_no_error (error);
  g_assert_nonnull (quiet);

  window = ui_window_new (f->store, "admin");
  preferences = ui_preferences_new (window, f->path, 1280, 800);
  page = agencies_page (preferences);

  names = shown_names (page);
  g_assert_cmpuint (names->len, ==, agencies->len + 1);
  g_assert_true (names_contain (names, FIXTURE_AGENCY_A));
  g_assert_true (names_contain (names, FIXTURE_AGENCY_B));
  g_clear_pointer (&names, g_ptr_array_unref);

  /* The subtitle: the head's title and the days, in Persian digits. */
  row = agency_row (page, zwnj->id);
  g_assert_true (ADW_IS_ACTION_ROW (row));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "مدیر کل محترم راه‌آهن"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "۹"));
  g_assert_false (gtk_widget_has_css_class (row, "dim-label"));
  /* The inactive one dimmed and marked. */
  row = agency_row (page, quiet->id);
  g_assert_true (ADW_IS_ACTION_ROW (row));
  g_assert_true (gtk_widget_has_css_class (row, "dim-label"));
  g_assert_nonnull (ui_find_named (row, "agency-inactive"));
  ui_screenshot (preferences, "agencies-page");

  /* Arabic ك and ي typed for Persian ک and ی. */
  search (page, "شركت توزيع برق");
  names = shown_names (page);
  g_assert_cmpuint (names->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (names, 0), ==, FIXTURE_AGENCY_B);
  g_clear_pointer (&names, g_ptr_array_unref);
  ui_screenshot (preferences, "agencies-search");

  /* Another desk's commit read again: nothing changed, the rows stay (and
   * the focus and scrolling with them), the search still applies. */
  row = agency_row (page, f->agency_b);
  peygir_session_changed (peygir_window_get_session (window));
  g_assert_true (peygir_agencies_page_get_busy (page));
  ui_wait_for (page_idle, page);
  g_assert_true (agency_row (page, f->agency_b) == row);
  names = shown_names (page);
  g_assert_cmpuint (names->len, ==, 1);
  g_clear_pointer (&names, g_ptr_array_unref);

  /* Without the ZWNJ the name has; and by the head's title. */
  search (page, "راهآهن");
  names = shown_names (page);
  g_assert_cmpuint (names->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (names, 0), ==, "سازمان راه‌آهن");
  g_clear_pointer (&names, g_ptr_array_unref);
  search (page, "كتابخانههاي");
  names = shown_names (page);
  g_assert_cmpuint (names->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (names, 0), ==, quiet->name);
  g_clear_pointer (&names, g_ptr_array_unref);
  ui_screenshot (preferences, "agencies-search-inactive");

  /* Nothing matches: the list says so. */
  search (page, "هیچ‌چیز چنین");
  names = shown_names (page);
  g_assert_cmpuint (names->len, ==, 0);
  g_clear_pointer (&names, g_ptr_array_unref);

  search (page, "");
  names = shown_names (page);
  g_assert_cmpuint (names->len, ==, agencies->len + 1);
  g_clear_pointer (&names, g_ptr_array_unref);

  /* The smaller window. */
  gtk_window_destroy (GTK_WINDOW (preferences));
  preferences = ui_preferences_new (window, f->path, 800, 600);
  page = agencies_page (preferences);
  ui_screenshot (preferences, "agencies-page-small");
  search (page, "شركت");
  ui_screenshot (preferences, "agencies-search-small");

  gtk_window_destroy (GTK_WINDOW (preferences));
  ui_window_close (window);
}

/* A new agency: the save waits for a name and a head's title, the days
 * are typed in Persian digits, and it is offered at intake at once. */
static void
test_add (StoreFixture  *f,
          gconstpointer  data)
{
  static const char *name = "اداره کل شیلات استان";
  static const char *head = "مدیر کل محترم شیلات استان";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) agencies = NULL;
  const PeygirAgency *added = NULL;
  PeygirWindow *window;
  GtkWidget *preferences;
  PeygirAgenciesPage *page;
  PeygirAgencyDialog *dialog;
  GtkWidget *days;
  GtkWidget *agency_choice;
  GListModel *choices;
  gboolean offered = FALSE;

  window = ui_window_new (f->store, "admin");
  preferences = ui_preferences_new (window, f->path, 1280, 800);
  page = agencies_page (preferences);

  /* Cancelled: nothing written, and the page may open another. */
  dialog = open_dialog (page, "agencies.add", NULL);
  set_field (dialog, "agency-name", name);
  ui_activate (GTK_WIDGET (dialog), "window.close", NULL);
  ui_iterate (50);
  g_assert_null (peygir_agencies_page_get_dialog (page));
  g_assert_true (ui_action_enabled (GTK_WIDGET (page), "agencies.add"));

  dialog = open_dialog (page, "agencies.add", NULL);
  /* A new agency is active: no switch to turn it off yet. */
  g_assert_false (gtk_widget_is_visible (ui_find_named (GTK_WIDGET (dialog), "agency-active")));
  days = ui_find_named (GTK_WIDGET (dialog), "agency-response-days");
  g_assert_true (GTK_IS_SPIN_BUTTON (days));
  /* It starts with the office's figure. */
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (days)), ==,
                   peygir_store_get_response_days (f->store, NULL));
  g_assert_false (ui_action_enabled (GTK_WIDGET (dialog), "agency.save"));
  set_field (dialog, "agency-name", name);
  g_assert_false (ui_action_enabled (GTK_WIDGET (dialog), "agency.save"));
  set_field (dialog, "agency-head-title", head);
  gtk_editable_set_text (GTK_EDITABLE (days), "۱۲");
  ui_screenshot (GTK_WIDGET (dialog), "agencies-dialog-new");
  g_assert_true (save_dialog (page, dialog));
  g_assert_null (peygir_agencies_page_get_problem (page));

  agencies = peygir_store_list_agencies (f->store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < agencies->len; i++)
    if (g_strcmp0 (((PeygirAgency *) g_ptr_array_index (agencies, i))->name, name) == 0)
      added = g_ptr_array_index (agencies, i);
  g_assert_nonnull (added);
  g_assert_cmpstr (added->head_title, ==, head);
  g_assert_cmpint (added->response_days, ==, 12);
  g_assert_true (added->active);
  ui_wait_for (page_idle, page);
  g_assert_nonnull (agency_row (page, added->id));

  /* The session said so: intake offers it. */
  ui_wait_idle (window);
  agency_choice = peygir_intake_page_get_field (peygir_window_get_intake_page (window), "agency");
  g_assert_true (GTK_IS_DROP_DOWN (agency_choice));
  choices = gtk_drop_down_get_model (GTK_DROP_DOWN (agency_choice));
  for (guint i = 0; i < g_list_model_get_n_items (choices); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (choices), i), name) == 0)
      offered = TRUE;
  g_assert_true (offered);

  gtk_window_destroy (GTK_WINDOW (preferences));
  ui_window_close (window);
}

/* The case's "agency complained of" row: the only one whose value is an
 * agency's name while the case has no referral. */
static GtkWidget *
find_row_with_subtitle (GtkWidget  *root,
                        const char *subtitle)
{
  if (ADW_IS_ACTION_ROW (root) && g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (root)), subtitle) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row_with_subtitle (child, subtitle);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The agencies the refer dialog offers, by name. */
static GPtrArray *
refer_offers (PeygirWindow *window)
{
  PeygirCasePage *case_page = peygir_window_get_case_page (window);
  g_autofree char *action = peygir_case_page_action_name (PEYGIR_ACTION_REFER);
  AdwMessageDialog *dialog;
  GtkWidget *list;
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  ui_activate (GTK_WIDGET (case_page), action, NULL);
  dialog = peygir_case_page_get_dialog (case_page);
  g_assert_true (PEYGIR_IS_ACTION_DIALOG (dialog));
  list = ui_find_named (GTK_WIDGET (dialog), "agencies");
  g_assert_true (GTK_IS_LIST_BOX (list));
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_ACTION_ROW (row))
      g_ptr_array_add (names, g_strdup (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row))));
  adw_message_dialog_response (dialog, "cancel");
  ui_iterate (50);
  g_assert_null (peygir_case_page_get_dialog (case_page));
  return names;
}

static GListModel *
intake_agencies (PeygirWindow *window)
{
  GtkWidget *choice = peygir_intake_page_get_field (peygir_window_get_intake_page (window), "agency");

  g_assert_true (GTK_IS_DROP_DOWN (choice));
  return gtk_drop_down_get_model (GTK_DROP_DOWN (choice));
}

static gboolean
model_has (GListModel *model,
           const char *name)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), name) == 0)
      return TRUE;
  return FALSE;
}

/* Agency a's head and days changed, agency b deactivated: both reach the
 * store; b is offered neither for a referral nor at intake, and the case
 * that names it still shows its name. */
static void
test_edit (StoreFixture  *f,
           gconstpointer  data)
{
  static const char *head = "مدیر عامل محترم شرکت آب و فاضلاب استان";
  g_autoptr(PeygirCase) kase = NULL;
  g_autoptr(PeygirCase) registered = NULL;
  g_autoptr(PeygirAgency) a = NULL;
  g_autoptr(PeygirAgency) b = NULL;
  g_autoptr(GPtrArray) offers = NULL;
  g_autofree char *national_id = national_id_from ("001234567");
  PeygirWindow *window, *expert;
  GtkWidget *preferences;
  PeygirAgenciesPage *page;
  PeygirAgencyDialog *dialog;
  GtkWidget *active;
  GtkWidget *row;
  GtkDropDown *intake_choice;
  guint a_index = 0;
  GListModel *model;

  kase = ui_create_case (f->store, "expert", f->agency_b, national_id);
  registered = review_and_register (f, kase->id);

  /* The expert's desk is open on the case, and at intake with agency a
   * chosen, before the administrator's change. */
  expert = ui_window_new (f->store, "expert");
  model = intake_agencies (expert);
  g_assert_true (model_has (model, FIXTURE_AGENCY_B));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), FIXTURE_AGENCY_A) == 0)
      a_index = i;
  g_assert_cmpuint (a_index, >, 0);
  intake_choice = GTK_DROP_DOWN (peygir_intake_page_get_field (peygir_window_get_intake_page (expert), "agency"));
  gtk_drop_down_set_selected (intake_choice, a_index);
  peygir_window_show_case (expert, kase->id);
  ui_wait_idle (expert);
  offers = refer_offers (expert);
  g_assert_true (names_contain (offers, FIXTURE_AGENCY_B));
  g_assert_true (names_contain (offers, FIXTURE_AGENCY_A));
  g_clear_pointer (&offers, g_ptr_array_unref);

  window = ui_window_new (f->store, "admin");
  preferences = ui_preferences_new (window, f->path, 1280, 800);
  page = agencies_page (preferences);

  /* Agency a: a row activated opens it. */
  row = agency_row (page, f->agency_a);
  g_assert_true (GTK_IS_LIST_BOX_ROW (row));
  g_signal_emit_by_name (gtk_widget_get_parent (row), "row-activated", row);
  dialog = peygir_agencies_page_get_dialog (page);
  g_assert_nonnull (dialog);
  ui_iterate (50);
  g_assert_cmpstr (field_text (dialog, "agency-name"), ==, FIXTURE_AGENCY_A);
  g_assert_true (gtk_widget_is_visible (ui_find_named (GTK_WIDGET (dialog), "agency-active")));
  set_field (dialog, "agency-head-title", head);
  gtk_editable_set_text (GTK_EDITABLE (ui_find_named (GTK_WIDGET (dialog), "agency-response-days")), "۱۴");
  ui_screenshot (GTK_WIDGET (dialog), "agencies-dialog-edit");
  gtk_window_set_default_size (GTK_WINDOW (dialog), 800, 600);
  ui_iterate (100);
  ui_screenshot (GTK_WIDGET (dialog), "agencies-dialog-edit-800x600");
  g_assert_true (save_dialog (page, dialog));
  g_assert_null (peygir_agencies_page_get_problem (page));
  a = store_agency (f, f->agency_a);
  g_assert_cmpstr (a->name, ==, FIXTURE_AGENCY_A);
  g_assert_cmpstr (a->head_title, ==, head);
  g_assert_cmpint (a->response_days, ==, 14);
  g_assert_true (a->active);

  /* Agency b deactivated. */
  dialog = open_dialog (page, "agencies.edit", g_variant_new_int64 (f->agency_b));
  active = ui_find_named (GTK_WIDGET (dialog), "agency-active");
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (active)));
  gtk_switch_set_active (GTK_SWITCH (active), FALSE);
  g_assert_true (save_dialog (page, dialog));
  b = store_agency (f, f->agency_b);
  g_assert_false (b->active);
  g_assert_cmpstr (b->name, ==, FIXTURE_AGENCY_B);
  ui_wait_for (page_idle, page);
  row = agency_row (page, f->agency_b);
  g_assert_true (gtk_widget_has_css_class (row, "dim-label"));
  g_assert_nonnull (ui_find_named (row, "agency-inactive"));

  /* The change reaches the expert's desk (as the data version would tell
   * it): the refer dialog and intake no longer offer b; intake keeps a. */
  peygir_session_changed (peygir_window_get_session (expert));
  ui_wait_idle (expert);
  offers = refer_offers (expert);
  g_assert_false (names_contain (offers, FIXTURE_AGENCY_B));
  g_assert_true (names_contain (offers, FIXTURE_AGENCY_A));
  g_assert_nonnull (find_row_with_subtitle (GTK_WIDGET (peygir_window_get_case_page (expert)), FIXTURE_AGENCY_B));
  model = intake_agencies (expert);
  g_assert_false (model_has (model, FIXTURE_AGENCY_B));
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), gtk_drop_down_get_selected (intake_choice)),
                   ==, FIXTURE_AGENCY_A);

  gtk_window_destroy (GTK_WINDOW (preferences));
  ui_window_close (window);
  ui_window_close (expert);
}

/* Another desk changes agency a between the page's read and its save:
 * the save is refused, the other desk's change stays, the dialog keeps
 * what was typed and says what the agency now holds. */
static void
test_conflict (StoreFixture  *f,
               gconstpointer  data)
{
  static const char *theirs = "مدیر کل محترم آب و فاضلاب (دیگر میز)";
  static const char *ours = "مدیر کل محترم آب و فاضلاب (این میز)";
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirAgency) was = store_agency (f, f->agency_a);
  g_autoptr(PeygirAgency) now = NULL;
  g_autoptr(PeygirAgency) changed = NULL;
  g_autoptr(PeygirAgency) after = NULL;
  PeygirWindow *window;
  GtkWidget *preferences;
  PeygirAgenciesPage *page;
  PeygirAgencyDialog *dialog;
  GtkWidget *current;
  gint64 events;

  window = ui_window_new (f->store, "admin");
  preferences = ui_preferences_new (window, f->path, 1280, 800);
  page = agencies_page (preferences);
  dialog = open_dialog (page, "agencies.edit", g_variant_new_int64 (f->agency_a));
  set_field (dialog, "agency-head-title", ours);

  now = peygir_agency_copy (was);
  g_free (now->head_title);
  now->head_title = g_strdup (theirs);
  changed = peygir_store_change_agency (f->store, "admin", was, now, &error);
  g_assert_no_error (error);
  g_assert_nonnull (changed);
  events = count_events (f);

  g_assert_false (save_dialog (page, dialog));
  g_assert_nonnull (peygir_agencies_page_get_problem (page));
  after = store_agency (f, f->agency_a);
  g_assert_cmpstr (after->head_title, ==, theirs);
  g_assert_cmpint (count_events (f), ==, events);
  /* What was typed stays; the dialog says what the agency holds now. */
  g_assert_true (peygir_agencies_page_get_dialog (page) == dialog);
  g_assert_cmpstr (field_text (dialog, "agency-head-title"), ==, ours);
  current = ui_find_named (GTK_WIDGET (dialog), "agency-current");
  g_assert_true (gtk_widget_is_visible (current));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (current)), theirs));
  ui_screenshot (GTK_WIDGET (dialog), "agencies-dialog-conflict");

  /* Saved again, knowing: it is made against the agency as it is now. */
  g_assert_true (save_dialog (page, dialog));
  g_clear_pointer (&after, peygir_agency_free);
  after = store_agency (f, f->agency_a);
  g_assert_cmpstr (after->head_title, ==, ours);

  gtk_window_destroy (GTK_WINDOW (preferences));
  ui_window_close (window);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add ("/ui/agencies/admin-only", StoreFixture, NULL, fixture_set_up, test_admin_only, fixture_tear_down);
  g_test_add ("/ui/agencies/search", StoreFixture, NULL, fixture_set_up, test_search, fixture_tear_down);
  g_test_add ("/ui/agencies/add", StoreFixture, NULL, fixture_set_up, test_add, fixture_tear_down);
  g_test_add ("/ui/agencies/edit", StoreFixture, NULL, fixture_set_up, test_edit, fixture_tear_down);
  g_test_add ("/ui/agencies/conflict", StoreFixture, NULL, fixture_set_up, test_conflict, fixture_tear_down);

  return g_test_run ();
}
