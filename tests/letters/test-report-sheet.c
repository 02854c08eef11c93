/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The report's CSV to the byte, for a report made by hand: a figure with
 * nothing to average left empty, a name that needs quoting, the tables
 * one after another; names a spreadsheet would take for formulas written
 * as text; and a failed write, XLSX or CSV, leaving nothing. */
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "peygir-report-sheet.h"
#include "peygir-test-util.h"

/* No case closed, no answer from the agency: those averages are empty.
 * The cases name the agency @complained_of (NULL: none); @referred_to had
 * one referral, unanswered. */
static PeygirReport *
report_new (const char *complained_of,
            const char *referred_to)
{
  PeygirReport *report = peygir_report_new (20260502, 20260531);
  PeygirReportAgency *agency = g_new0 (PeygirReportAgency, 1);

  report->received = 2;
  report->open_at_end = 2;
  report->service_days = 15;
  report->visits_per_case = 1.5;
  report->rank_minimum = 5;
  peygir_report_count_add (report->by_agency, complained_of != NULL ? "7" : "", complained_of, 1);
  agency->id = 7;
  agency->name = g_strdup (referred_to);
  agency->referred = 1;
  g_ptr_array_add (report->agencies, agency);
  return report;
}

#define NAME "Gas, \"North\"\nDistrict"
#define QUOTED "\"Gas, \"\"North\"\"\nDistrict\""

static void
test_csv (void)
{
  g_autoptr(PeygirReport) report = report_new (NAME, NAME);
  char *dir = peygir_test_dir_new ();
  g_autofree char *path = g_build_filename (dir, "report.csv", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  const char *expected =
    "\xEF\xBB\xBF"
    "Figure,Value\r\n"
    "From,۱۴۰۵/۰۲/۱۲\r\n"
    "To,۱۴۰۵/۰۳/۱۰\r\n"
    "Cases received,2\r\n"
    "Cases closed,0\r\n"
    "Cases rejected,0\r\n"
    "Open at the end,2\r\n"
    "Working days to close: mean,\r\n"
    "Working days to close: median,\r\n"
    "Working days to close: 90th percentile,\r\n"
    "\"Closed within the target, percent\",\r\n"
    "\"Service target, working days\",15\r\n"
    "Visits in person per case,1.5\r\n"
    "Referrals an agency needs to be ranked,5\r\n"
    "\r\n"
    "Kind,Cases received\r\n"
    "\r\n"
    "Channel,Cases received\r\n"
    "\r\n"
    "Applicant type,Cases received\r\n"
    "\r\n"
    "Life event,Cases received\r\n"
    "\r\n"
    "Agency complained of,Cases received\r\n"
    QUOTED ",1\r\n"
    "\r\n"
    "Step at the end,Open at the end\r\n"
    "\r\n"
    "ID,Agency,Referrals sent,Answered,Answered on time,Working days to answer: mean,"
    "Working days to answer: median,Follow-ups,Ranked\r\n"
    "7," QUOTED ",1,0,0,,,0,Too few to rank\r\n"
    "\r\n"
    "ID,Login,Expert,Cases handled,Open now,Overdue now\r\n";

  g_assert_true (peygir_report_write_csv (report, path, &error));
  g_assert_no_error (error);
  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, expected);
  peygir_test_dir_free (dir);
}

/* Names a spreadsheet would run as formulas come out as text, after an
 * apostrophe; a negative number stays a number. */
static void
test_csv_formula (void)
{
  g_autoptr(PeygirReport) report = report_new ("=HYPERLINK(\"http://x\",\"x\")", "@SUM(A1)");
  PeygirReportExpert *expert = g_new0 (PeygirReportExpert, 1);
  char *dir = peygir_test_dir_new ();
  g_autofree char *path = g_build_filename (dir, "report.csv", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  expert->id = 3;
  expert->login = g_strdup ("+ali");
  expert->name = g_strdup ("-علی");
  expert->handled = 2;
  expert->open_now = 1;
  g_ptr_array_add (report->experts, expert);
  g_assert_true (peygir_report_write_csv (report, path, &error));
  g_assert_no_error (error);
  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "\r\n\"'=HYPERLINK(\"\"http://x\"\",\"\"x\"\")\",1\r\n"));
  g_assert_nonnull (strstr (text, "\r\n7,\"'@SUM(A1)\",1,0,0,,,0,"));
  g_assert_nonnull (strstr (text, "\r\n3,\"'+ali\",\"'-علی\",2,1,0\r\n"));
  g_assert_null (strstr (text, ",=") );
  g_assert_null (strstr (text, ",@"));
  peygir_test_dir_free (dir);
}

typedef gboolean (*WriteFunc) (const PeygirReport *report,
                               const char         *path,
                               GError            **error);

/* A folder in the file's place, or a folder that is not there. */
static void
test_unwritable (void)
{
  g_autoptr(PeygirReport) report = report_new (NULL, NAME);
  WriteFunc writers[] = { peygir_report_write_xlsx, peygir_report_write_csv };
  char *dir = peygir_test_dir_new ();
  g_autofree char *folder = g_build_filename (dir, "out", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing", "report", NULL);

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (writers); i++)
    {
      const char *targets[] = { folder, missing };

      for (guint j = 0; j < G_N_ELEMENTS (targets); j++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GDir) left = NULL;
          const char *first;

          g_assert_false (writers[i] (report, targets[j], &error));
          g_assert_true (error != NULL && error->domain == G_FILE_ERROR);
          g_assert_nonnull (strstr (error->message, targets[j]));
          g_assert_null (strchr (error->message, '\n'));
          /* the temporary file is gone: only the folder is left */
          left = g_dir_open (dir, 0, NULL);
          first = g_dir_read_name (left);
          g_assert_cmpstr (first, ==, "out");
          g_assert_null (g_dir_read_name (left));
        }
    }
  peygir_test_dir_free (dir);
}

int
main (int   argc,
      char *argv[])
{
  /* the headings as written in the source, whatever the desk's language */
  g_setenv ("LANGUAGE", "en", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/letters/report-sheet/csv", test_csv);
  g_test_add_func ("/letters/report-sheet/csv-formula", test_csv_formula);
  g_test_add_func ("/letters/report-sheet/unwritable", test_unwritable);

  return g_test_run ();
}
