/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "peygir-reports-page.h"
#include "peygir-text.h"
#include "report-test-office.h"
#include "test-ui-util.h"

/* The reports page on the scripted month of report-test-office.c, whose
 * figures tests/core/test-report.c works out by hand: May 2026, from
 * 1405/02/12 to 1405/03/10. */

#define MAY_FROM 20260502
#define MAY_TO   20260531

static PeygirReportsPage *
open_reports (PeygirWindow *window)
{
  PeygirReportsPage *page = peygir_window_get_reports_page (window);

  g_assert_true (peygir_window_select_queue (window, "reports"));
  ui_wait_idle (window);
  g_assert_cmpstr (peygir_window_get_page (window), ==, "reports");
  return page;
}

/* Back to the inbox first: the window remembers the page it closed on,
 * and the next test's window must open on its inbox. */
static void
close_window (PeygirWindow *window)
{
  g_assert_true (peygir_window_select_queue (window, "all"));
  ui_wait_idle (window);
  ui_window_close (window);
}

static void
show_may (PeygirWindow      *window,
          PeygirReportsPage *page)
{
  peygir_reports_page_show_days (page, MAY_FROM, MAY_TO);
  ui_wait_idle (window);
  g_assert_nonnull (peygir_reports_page_get_report (page));
}

/* The first AdwActionRow under @root titled @title, searching the tree
 * depth first; NULL when there is none. */
static GtkWidget *
find_row (GtkWidget  *root,
          const char *title)
{
  if (ADW_IS_ACTION_ROW (root)
      && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_numeric_label (GtkWidget *root)
{
  if (GTK_IS_LABEL (root) && gtk_widget_has_css_class (root, "numeric"))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_numeric_label (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The figure the row titled @title shows, as the page shows it. */
static const char *
row_value (GtkWidget  *page,
           const char *title)
{
  GtkWidget *row = find_row (page, title);

  g_assert_nonnull (row);
  g_assert_nonnull (find_numeric_label (row));
  return gtk_label_get_text (GTK_LABEL (find_numeric_label (row)));
}

/* The AdwPreferencesGroup titled @title under @root, or NULL. */
static GtkWidget *
find_group (GtkWidget  *root,
            const char *title)
{
  if (ADW_IS_PREFERENCES_GROUP (root)
      && g_strcmp0 (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (root)), title) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_group (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A screenshot with the page scrolled down by @y pixels. */
static void
screenshot_scrolled (PeygirWindow      *window,
                     PeygirReportsPage *page,
                     double             y,
                     const char        *name)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (find_group (GTK_WIDGET (page), _("Summary")),
                                                 GTK_TYPE_SCROLLED_WINDOW);

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)), y);
  ui_iterate (200);
  ui_screenshot (GTK_WIDGET (window), name);
}

static void
test_figures (StoreFixture  *fixture,
              gconstpointer  data G_GNUC_UNUSED)
{
  PeygirWindow *window;
  PeygirReportsPage *page;
  g_autoptr(PeygirAgency) a = NULL;
  g_autoptr(PeygirAgency) b = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *group;

  report_office_script (fixture);
  a = peygir_store_get_agency (fixture->store, fixture->agency_a, &error);
  g_assert_no_error (error);
  b = peygir_store_get_agency (fixture->store, fixture->agency_b, &error);
  g_assert_no_error (error);

  window = ui_window_new (fixture->store, "manager");
  page = open_reports (window);
  g_assert_true (peygir_reports_page_get_office_wide (page));
  show_may (window, page);

  /* The figures of test-report.c, in Persian digits: 5 received, 3
   * closed, 3 rejected, 3 open at the end; to close 10, 5 and 22 working
   * days; 2 of 3 within 15 days; 8 visits in 5 cases. */
  g_assert_cmpstr (row_value (GTK_WIDGET (page), _("Cases received")), ==, "۵");
  g_assert_cmpstr (row_value (GTK_WIDGET (page), _("Cases closed")), ==, "۳");
  g_assert_cmpstr (row_value (GTK_WIDGET (page), _("Cases rejected")), ==, "۳");
  g_assert_cmpstr (row_value (GTK_WIDGET (page), _("Open at the end")), ==, "۳");
  g_assert_cmpstr (row_value (GTK_WIDGET (page), _("Working days to close: mean")), ==, "۱۰٫۰");
  g_assert_cmpstr (row_value (GTK_WIDGET (page), _("Working days to close: median")), ==, "۵٫۰");
  g_assert_cmpstr (row_value (GTK_WIDGET (page), _("Working days to close: 90th percentile")), ==, "۲۲٫۰");
  g_assert_cmpstr (row_value (GTK_WIDGET (page), _("Closed within the target, percent")), ==, "۶۶٫۷");
  g_assert_cmpstr (row_value (GTK_WIDGET (page), _("Visits in person per case")), ==, "۱٫۶");

  /* The ranking minimum is 2: agency A, sent 2, is ranked; B, sent 1,
   * stands apart. */
  group = find_group (GTK_WIDGET (page), _("Agencies’ scorecard"));
  g_assert_nonnull (group);
  g_assert_cmpstr (row_value (group, a->name), ==, "۲");
  g_assert_null (find_row (group, b->name));
  group = find_group (GTK_WIDGET (page), _("Too few to rank"));
  g_assert_nonnull (group);
  g_assert_cmpstr (row_value (group, b->name), ==, "۱");
  g_assert_null (find_row (group, a->name));
  /* and A was complained of in one case */
  g_assert_cmpstr (row_value (find_group (GTK_WIDGET (page), _("Cases received by")), a->name), ==, "۱");

  ui_screenshot (GTK_WIDGET (window), "reports-month");
  screenshot_scrolled (window, page, 600, "reports-month-pictures");
  screenshot_scrolled (window, page, 1500, "reports-month-scorecard");
  close_window (window);
}

/* A month, a season and a year of the Persian calendar are their days. */
static void
test_periods (StoreFixture  *fixture,
              gconstpointer  data G_GNUC_UNUSED)
{
  PeygirWindow *window;
  PeygirReportsPage *page;
  const PeygirReport *report;
  g_autoptr(PeygirReport) direct = NULL;
  GtkWidget *from_entry, *problem;

  report_office_script (fixture);
  window = ui_window_new (fixture->store, "admin");
  page = open_reports (window);

  /* it opens on the month of today, 1405/03/13: Khordad */
  report = peygir_reports_page_get_report (page);
  g_assert_nonnull (report);
  g_assert_cmpint (report->from, ==, 20260522);
  g_assert_cmpint (report->to, ==, 20260621);
  g_assert_false (ui_action_enabled (GTK_WIDGET (page), "reports.save-service-card"));
  g_assert_true (ui_action_enabled (GTK_WIDGET (page), "reports.print"));

  /* Ordibehesht */
  peygir_reports_page_show_months (page, 1405, 2, 1);
  ui_wait_idle (window);
  report = peygir_reports_page_get_report (page);
  g_assert_cmpint (report->from, ==, 20260421);
  g_assert_cmpint (report->to, ==, 20260521);
  direct = peygir_store_get_report (fixture->store, 20260421, 20260521, NULL);
  g_assert_nonnull (direct);
  g_assert_cmpint (direct->received, >, 0);
  g_assert_cmpint (report->received, ==, direct->received);

  /* spring */
  peygir_reports_page_show_months (page, 1405, 1, 3);
  ui_wait_idle (window);
  report = peygir_reports_page_get_report (page);
  g_assert_cmpint (report->from, ==, 20260321);
  g_assert_cmpint (report->to, ==, 20260621);

  /* the year, and with it its service card */
  peygir_reports_page_show_months (page, 1405, 1, 12);
  ui_wait_idle (window);
  report = peygir_reports_page_get_report (page);
  g_assert_cmpint (report->from, ==, 20260321);
  g_assert_cmpint (report->to, ==, 20270320);
  g_assert_true (ui_action_enabled (GTK_WIDGET (page), "reports.save-service-card"));
  ui_screenshot (GTK_WIDGET (window), "reports-year");

  /* two dates typed, one of them no day: said, and nothing shown */
  peygir_reports_page_show_days (page, MAY_FROM, MAY_TO);
  ui_wait_idle (window);
  from_entry = ui_find_named (GTK_WIDGET (page), "reports-from");
  gtk_editable_set_text (GTK_EDITABLE (from_entry), "1405/13/01");
  g_signal_emit_by_name (from_entry, "activate");
  ui_wait_idle (window);
  g_assert_null (peygir_reports_page_get_report (page));
  problem = gtk_widget_get_next_sibling (gtk_widget_get_parent (from_entry));
  g_assert_true (GTK_IS_LABEL (problem));
  g_assert_true (gtk_widget_get_visible (problem));
  g_assert_false (ui_action_enabled (GTK_WIDGET (page), "reports.print"));

  close_window (window);
}

static gboolean
page_saved (gpointer data)
{
  return !peygir_reports_page_get_saving (data);
}

static void
save_and_read (PeygirReportsPage  *page,
               PeygirReportOutput  output,
               const char         *path,
               const char         *magic)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  peygir_reports_page_save_to (page, output, file);
  g_assert_true (peygir_reports_page_get_saving (page));
  ui_wait_for (page_saved, page);
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, strlen (magic));
  g_assert_cmpmem (contents, strlen (magic), magic, strlen (magic));
}

/* What the menu saves, once a file is chosen. */
static void
test_save (StoreFixture  *fixture,
           gconstpointer  data G_GNUC_UNUSED)
{
  g_autofree char *dir = g_dir_make_tmp ("peygir-reports-XXXXXX", NULL);
  g_autofree char *xlsx = g_build_filename (dir, "report.xlsx", NULL);
  g_autofree char *csv = g_build_filename (dir, "report.csv", NULL);
  g_autofree char *pdf = g_build_filename (dir, "report.pdf", NULL);
  g_autofree char *card = g_build_filename (dir, "card.pdf", NULL);
  g_autofree char *csv_text = NULL;
  PeygirWindow *window;
  PeygirReportsPage *page;

  report_office_script (fixture);
  window = ui_window_new (fixture->store, "manager");
  page = open_reports (window);
  show_may (window, page);

  save_and_read (page, PEYGIR_REPORT_OUTPUT_XLSX, xlsx, "PK");
  save_and_read (page, PEYGIR_REPORT_OUTPUT_CSV, csv, "\xef\xbb\xbf");
  save_and_read (page, PEYGIR_REPORT_OUTPUT_PDF, pdf, "%PDF");
  /* the CSV is of the figures shown: 5 received */
  g_assert_true (g_file_get_contents (csv, &csv_text, NULL, NULL));
  g_assert_nonnull (strstr (csv_text, ",5\r\n"));

  peygir_reports_page_show_months (page, 1405, 1, 12);
  ui_wait_idle (window);
  save_and_read (page, PEYGIR_REPORT_OUTPUT_SERVICE_CARD, card, "%PDF");

  g_remove (xlsx);
  g_remove (csv);
  g_remove (pdf);
  g_remove (card);
  g_rmdir (dir);
  close_window (window);
}

/* An expert sees their own work only; the secretariat has no reports. */
static void
test_own_figures (StoreFixture  *fixture,
                  gconstpointer  data G_GNUC_UNUSED)
{
  PeygirWindow *window;
  PeygirReportsPage *page;
  GtkWidget *output;

  report_office_script (fixture);
  window = ui_window_new (fixture->store, "expert");
  page = open_reports (window);
  g_assert_false (peygir_reports_page_get_office_wide (page));
  show_may (window, page);

  /* test-report.c: the expert handled the 5 cases and holds 2 open */
  g_assert_cmpstr (row_value (GTK_WIDGET (page), _("Cases handled")), ==, "۵");
  g_assert_cmpstr (row_value (GTK_WIDGET (page), _("Open now")), ==, "۲");
  g_assert_cmpstr (row_value (GTK_WIDGET (page), _("Overdue now")), ==, "۰");
  g_assert_null (find_row (GTK_WIDGET (page), _("Cases received")));
  output = gtk_widget_get_last_child (gtk_widget_get_parent (ui_find_named (GTK_WIDGET (page), "reports-span")));
  g_assert_true (GTK_IS_MENU_BUTTON (output));
  g_assert_false (gtk_widget_get_visible (output));
  g_assert_false (ui_action_enabled (GTK_WIDGET (page), "reports.print"));
  ui_screenshot (GTK_WIDGET (window), "reports-expert");
  close_window (window);

  window = ui_window_new (fixture->store, "secretary");
  g_assert_false (peygir_window_select_queue (window, "reports"));
  close_window (window);
}

int
main (int    argc,
      char **argv)
{
  ui_test_init (&argc, &argv);

  g_test_add ("/ui/reports/figures", StoreFixture, NULL, fixture_set_up, test_figures, fixture_tear_down);
  g_test_add ("/ui/reports/periods", StoreFixture, NULL, fixture_set_up, test_periods, fixture_tear_down);
  g_test_add ("/ui/reports/save", StoreFixture, NULL, fixture_set_up, test_save, fixture_tear_down);
  g_test_add ("/ui/reports/own-figures", StoreFixture, NULL, fixture_set_up, test_own_figures,
              fixture_tear_down);

  return g_test_run ();
}
