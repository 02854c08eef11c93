/* SPDX-License-Identifier: GPL-3.0-or-later */
/* peygir-admin report: the office's figures for a period, as JSON for
 * scripts, as XLSX or CSV files for the office's spreadsheets, as a PDF
 * under the letterhead, as a year's service card, or as a short summary
 * for a person. */
#define G_LOG_DOMAIN "peygir-admin"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "peygir-admin-private.h"
#include "peygir-date.h"
#include "peygir-error.h"
#include "peygir-letterhead.h"
#include "peygir-report.h"
#include "peygir-report-document.h"
#include "peygir-report-sheet.h"
#include "peygir-service-card.h"

/* "–" where there is nothing to average. */
static char *
format_average (gboolean known,
                double   value)
{
  if (!known)
    return g_strdup ("–");
  return g_strdup_printf ("%.1f", value);
}

static void
print_summary (const PeygirReport *report)
{
  g_autofree char *from = peygir_admin_human_day (report->from);
  g_autofree char *to = peygir_admin_human_day (report->to);
  g_autofree char *mean = format_average (report->closed > 0, report->days_mean);
  g_autofree char *median = format_average (report->closed > 0, report->days_median);
  g_autofree char *within = format_average (report->closed > 0, report->within_target_percent);
  g_autofree char *visits = format_average (report->received > 0, report->visits_per_case);

  peygir_admin_print_out (_("From %s to %s\n"), from, to);
  peygir_admin_print_out (_("Received: %" PRId64 "; closed: %" PRId64 "; rejected: %" PRId64
                            "; open at the end: %" PRId64 "\n"),
                          report->received, report->closed, report->rejected, report->open_at_end);
  peygir_admin_print_out (_("Working days to close: mean %s, median %s; within %d days: %s%%\n"),
                          mean, median, report->service_days, within);
  peygir_admin_print_out (_("Visits in person per case: %s\n"), visits);
  for (guint i = 0; i < report->agencies->len; i++)
    {
      const PeygirReportAgency *agency = g_ptr_array_index (report->agencies, i);
      g_autofree char *days = format_average (agency->answered > 0, agency->mean_answer_days);

      peygir_admin_print_out (_("%s: referred %" PRId64 ", answered %" PRId64 ", on time %" PRId64
                                ", mean working days to answer %s%s\n"),
                              agency->name, agency->referred, agency->answered, agency->answered_on_time,
                              days, agency->ranked ? "" : _(" (too few to rank)"));
    }
  for (guint i = 0; i < report->experts->len; i++)
    {
      const PeygirReportExpert *expert = g_ptr_array_index (report->experts, i);

      peygir_admin_print_out (_("%s: handled %" PRId64 ", open now %" PRId64 ", overdue now %" PRId64 "\n"),
                              expert->name, expert->handled, expert->open_now, expert->overdue_now);
    }
}

/* The period: --from and --to, or --year, the whole Persian year; the
 * service card is a year's, so --service-card asks for --year. */
static gboolean
parse_period (const char  *from_text,
              const char  *to_text,
              const char  *year_text,
              const char  *card_path,
              PeygirDay   *from,
              PeygirDay   *to,
              GError     **error)
{
  int year;

  if (year_text != NULL && (from_text != NULL || to_text != NULL))
    {
      g_set_error_literal (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID,
                           _("A report covers --year YEAR or --from DATE --to DATE, not both."));
      return FALSE;
    }
  if (card_path != NULL && year_text == NULL)
    {
      g_set_error_literal (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID,
                           _("A service card is a year’s: give --year YEAR with --service-card."));
      return FALSE;
    }
  if (year_text != NULL)
    return peygir_admin_check_utf8 (year_text, error)
           && peygir_admin_parse_int (year_text, _("The Persian year"), 1300, 1500, &year, error)
           && peygir_persian_months_period (year, 1, 12, from, to, error);
  if (from_text == NULL || to_text == NULL)
    return peygir_admin_usage_error (error, _("A report needs its period: --from DATE and --to DATE."));
  return peygir_admin_check_utf8 (from_text, error) && peygir_admin_check_utf8 (to_text, error)
         && peygir_admin_parse_day (from_text, from, error)
         && peygir_admin_parse_day (to_text, to, error);
}

gboolean
peygir_admin_report (const char  *command,
                     char       **db_path,
                     char       **argv,
                     GError     **error)
{
  static const CommandUsage usage = {
    N_("--from DATE --to DATE | --year YEAR [--json] [--xlsx FILE] [--csv FILE] [--pdf FILE] "
       "[--service-card FILE]"),
    N_("The office’s figures for a period, both days included: cases received (by kind, channel, "
       "applicant type, life event and agency), closed, rejected and open at the end; working days "
       "to close against the service target; visits in person per case; each agency’s referrals "
       "and answers; each expert’s work. Days are counted as the deadlines count them. DATE is "
       "Persian (1405/01/01) or ISO (2026-03-21). With --xlsx or --csv the same tables are written "
       "to FILE, with --pdf the report with its charts under the office’s letterhead. --year YEAR "
       "(1405) is the whole Persian year instead of --from and --to; with it --service-card FILE "
       "writes the year’s service identity card as a PDF, its figures measured. With --xlsx, --csv, "
       "--pdf or --service-card nothing is printed unless --json is given too."),
    0, 0,
    COMMAND_OPENS, N_("Print one JSON object")
  };
  g_auto(CommandCall) call = COMMAND_CALL_INIT (command, db_path);
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  g_autofree char *xlsx_path = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *pdf_path = NULL;
  g_autofree char *year_text = NULL;
  g_autofree char *card_path = NULL;
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_FILENAME, &from_text, N_("The period’s first day"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &to_text, N_("The period’s last day, included"), N_("DATE") },
    { "xlsx", 0, 0, G_OPTION_ARG_FILENAME, &xlsx_path,
      N_("Write the report to FILE as a spreadsheet (XLSX), right to left"), N_("FILE") },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv_path,
      N_("Write the report’s tables to FILE as CSV (UTF-8 with a byte order mark)"), N_("FILE") },
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &pdf_path,
      N_("Write the report to FILE as a PDF with its charts, under the office’s letterhead"), N_("FILE") },
    { "year", 0, 0, G_OPTION_ARG_FILENAME, &year_text,
      N_("The whole Persian year YEAR, instead of --from and --to"), N_("YEAR") },
    { "service-card", 0, 0, G_OPTION_ARG_FILENAME, &card_path,
      N_("Write the year’s service card to FILE as a PDF (with --year)"), N_("FILE") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(PeygirReport) report = NULL;
  g_autoptr(PeygirLetterhead) letterhead = NULL;
  PeygirDay from, to;

  if (!peygir_admin_call_parse (&call, &usage, entries, argv, error))
    return FALSE;
  if (!parse_period (from_text, to_text, year_text, card_path, &from, &to, error))
    return FALSE;
  /* a wrong period is told before a missing database */
  if (!peygir_report_check_period (from, to, error)
      || !peygir_admin_call_open (&call, &usage, error))
    return FALSE;

  report = peygir_store_get_report (call.store, from, to, error);
  if (report == NULL)
    return FALSE;
  /* the files first: a failed write prints no JSON that looks like success */
  if (xlsx_path != NULL && !peygir_report_write_xlsx (report, xlsx_path, error))
    return FALSE;
  if (csv_path != NULL && !peygir_report_write_csv (report, csv_path, error))
    return FALSE;
  /* the report's PDF and the card under the office's letterhead */
  if (pdf_path != NULL || card_path != NULL)
    {
      letterhead = peygir_letterhead_new_from_store (call.store, error);
      if (letterhead == NULL)
        return FALSE;
    }
  if (pdf_path != NULL && !peygir_report_render_to_file (report, letterhead, pdf_path, error))
    return FALSE;
  if (card_path != NULL && !peygir_service_card_render_to_file (report, letterhead, card_path, error))
    return FALSE;
  if (call.json)
    {
      g_autoptr(JsonNode) node = peygir_admin_report_to_json (report);

      peygir_admin_print_json (node);
    }
  else if (xlsx_path == NULL && csv_path == NULL && pdf_path == NULL && card_path == NULL)
    print_summary (report);
  return TRUE;
}
