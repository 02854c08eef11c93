/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-letters"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "peygir-date.h"
#include "peygir-report-sheet-private.h"
#include "peygir-workflow.h"

/* The report is first laid out as sheets of tables of cells, once; the
 * XLSX and the CSV writers only render that, so the two never disagree on
 * a figure, a heading or an order. */

/* Columns of the widest table: the scorecard. */
#define MAX_COLUMNS 9
#define MAX_WIDTH   60.0

static void
cell_clear (gpointer data)
{
  g_free (((Cell *) data)->text);
}

static void
sheet_free (gpointer data)
{
  Sheet *sheet = data;

  g_ptr_array_unref (sheet->tables);
  g_free (sheet);
}

static GArray *
table_add_row (Table *table)
{
  GArray *row = g_array_new (FALSE, TRUE, sizeof (Cell));

  g_array_set_clear_func (row, cell_clear);
  g_ptr_array_add (table, row);
  return row;
}

static void
add_text (GArray     *row,
          const char *text)
{
  Cell cell = { CELL_TEXT, g_strdup (text != NULL ? text : ""), 0 };

  g_array_append_val (row, cell);
}

static void
add_integer (GArray *row,
             gint64  value)
{
  Cell cell = { CELL_INTEGER, NULL, (double) value };

  g_array_append_val (row, cell);
}

static void
add_decimal (GArray   *row,
             gboolean  known,
             double    value)
{
  Cell cell = { known ? CELL_DECIMAL : CELL_EMPTY, NULL, value };

  g_array_append_val (row, cell);
}

/* A table under @headings (NULL-terminated, translated already). */
static Table *
table_new (const char * const *headings)
{
  Table *table = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  GArray *row = table_add_row (table);

  for (guint i = 0; headings[i] != NULL; i++)
    add_text (row, headings[i]);
  return table;
}

static GArray *
summary_row (Table      *table,
             const char *label)
{
  GArray *row = table_add_row (table);

  add_text (row, label);
  return row;
}

static Table *
summary_table (const PeygirReport *report)
{
  const char *headings[] = { _("Figure"), _("Value"), NULL };
  Table *table = table_new (headings);
  g_autofree char *from = peygir_day_format (report->from, PEYGIR_DATE_NUMERIC);
  g_autofree char *to = peygir_day_format (report->to, PEYGIR_DATE_NUMERIC);
  gboolean closed = report->closed > 0;

  add_text (summary_row (table, _("From")), from);
  add_text (summary_row (table, _("To")), to);
  add_integer (summary_row (table, _("Cases received")), report->received);
  add_integer (summary_row (table, _("Cases closed")), report->closed);
  add_integer (summary_row (table, _("Cases rejected")), report->rejected);
  add_integer (summary_row (table, _("Open at the end")), report->open_at_end);
  add_decimal (summary_row (table, _("Working days to close: mean")), closed, report->days_mean);
  add_decimal (summary_row (table, _("Working days to close: median")), closed, report->days_median);
  add_decimal (summary_row (table, _("Working days to close: 90th percentile")), closed, report->days_p90);
  add_decimal (summary_row (table, _("Closed within the target, percent")), closed,
               report->within_target_percent);
  add_integer (summary_row (table, _("Service target, working days")), report->service_days);
  add_decimal (summary_row (table, _("Visits in person per case")), report->received > 0,
               report->visits_per_case);
  add_integer (summary_row (table, _("Referrals an agency needs to be ranked")), report->rank_minimum);
  return table;
}

static Table *
count_table (const char            *what,
             const char            *counted,
             GPtrArray             *counts,
             PeygirReportBreakdown  breakdown)
{
  const char *headings[] = { what, counted, NULL };
  Table *table = table_new (headings);

  for (guint i = 0; i < counts->len; i++)
    {
      const PeygirReportCount *count = g_ptr_array_index (counts, i);
      GArray *row = table_add_row (table);

      add_text (row, peygir_report_count_label (breakdown, count));
      add_integer (row, count->count);
    }
  return table;
}

static GPtrArray *
breakdown_tables (const PeygirReport *report)
{
  GPtrArray *tables = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  const char *received = _("Cases received");

  g_ptr_array_add (tables, count_table (_("Kind"), received, report->by_kind, PEYGIR_REPORT_BY_KIND));
  g_ptr_array_add (tables, count_table (_("Channel"), received, report->by_channel, PEYGIR_REPORT_BY_CHANNEL));
  g_ptr_array_add (tables, count_table (_("Applicant type"), received, report->by_applicant_type,
                                        PEYGIR_REPORT_BY_APPLICANT_TYPE));
  g_ptr_array_add (tables, count_table (_("Life event"), received, report->by_category, PEYGIR_REPORT_BY_CATEGORY));
  g_ptr_array_add (tables, count_table (_("Agency complained of"), received, report->by_agency,
                                        PEYGIR_REPORT_BY_AGENCY));
  g_ptr_array_add (tables, count_table (_("Step at the end"), _("Open at the end"), report->open_by_state,
                                        PEYGIR_REPORT_BY_STATE));
  return tables;
}

static Table *
agencies_table (const PeygirReport *report)
{
  const char *headings[] = {
    C_("report heading", "ID"), _("Agency"), _("Referrals sent"), _("Answered"), _("Answered on time"),
    _("Working days to answer: mean"), _("Working days to answer: median"),
    _("Follow-ups"), _("Ranked"), NULL
  };
  Table *table = table_new (headings);

  for (guint i = 0; i < report->agencies->len; i++)
    {
      const PeygirReportAgency *agency = g_ptr_array_index (report->agencies, i);
      GArray *row = table_add_row (table);

      add_integer (row, agency->id);
      add_text (row, agency->name);
      add_integer (row, agency->referred);
      add_integer (row, agency->answered);
      add_integer (row, agency->answered_on_time);
      add_decimal (row, agency->answered > 0, agency->mean_answer_days);
      add_decimal (row, agency->answered > 0, agency->median_answer_days);
      add_integer (row, agency->follow_ups);
      add_text (row, agency->ranked ? _("Yes") : _("Too few to rank"));
    }
  return table;
}

static Table *
experts_table (const PeygirReport *report)
{
  const char *headings[] = {
    C_("report heading", "ID"), _("Login"), _("Expert"), _("Cases handled"), _("Open now"), _("Overdue now"), NULL
  };
  Table *table = table_new (headings);

  for (guint i = 0; i < report->experts->len; i++)
    {
      const PeygirReportExpert *expert = g_ptr_array_index (report->experts, i);
      GArray *row = table_add_row (table);

      add_integer (row, expert->id);
      add_text (row, expert->login);
      add_text (row, expert->name);
      add_integer (row, expert->handled);
      add_integer (row, expert->open_now);
      add_integer (row, expert->overdue_now);
    }
  return table;
}

static void
add_sheet (GPtrArray  *sheets,
           const char *name,
           GPtrArray  *tables)
{
  Sheet *sheet = g_new0 (Sheet, 1);

  sheet->name = name;
  sheet->tables = tables;
  g_ptr_array_add (sheets, sheet);
}

static GPtrArray *
one_table (Table *table)
{
  GPtrArray *tables = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);

  g_ptr_array_add (tables, table);
  return tables;
}

/* Sheet names: at most 31 characters, none of []:*?/\ (Excel's rule). */
GPtrArray *
_peygir_report_sheets_new (const PeygirReport *report)
{
  GPtrArray *sheets = g_ptr_array_new_with_free_func (sheet_free);

  add_sheet (sheets, _("Summary"), one_table (summary_table (report)));
  add_sheet (sheets, _("Breakdowns"), breakdown_tables (report));
  add_sheet (sheets, _("Agencies"), one_table (agencies_table (report)));
  add_sheet (sheets, _("Experts"), one_table (experts_table (report)));
  return sheets;
}

static gboolean
set_write_error (GError     **error,
                 const char  *path,
                 GFileError   code,
                 const char  *reason)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, G_FILE_ERROR, code, _("Could not write the report to “%s”: %s."), display, reason);
  return FALSE;
}

/* XLSX */

static double
cell_width (const Cell *cell)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  switch (cell->type)
    {
    case CELL_TEXT:
      return g_utf8_strlen (cell->text, -1);
    case CELL_INTEGER:
    case CELL_DECIMAL:
      return strlen (g_ascii_formatd (number, sizeof number, "%.1f", cell->number));
    case CELL_EMPTY:
    default:
      return 0;
    }
}

static void
write_xlsx_cell (lxw_worksheet *worksheet,
                 lxw_row_t      row,
                 lxw_col_t      column,
                 const Cell    *cell,
                 lxw_format    *heading,
                 lxw_format    *decimal)
{
  switch (cell->type)
    {
    case CELL_TEXT:
      worksheet_write_string (worksheet, row, column, cell->text, heading);
      break;
    case CELL_INTEGER:
      worksheet_write_number (worksheet, row, column, cell->number, NULL);
      break;
    case CELL_DECIMAL:
      worksheet_write_number (worksheet, row, column, cell->number, decimal);
      break;
    case CELL_EMPTY:
    default:
      break;
    }
}

static void
write_xlsx_sheet (lxw_workbook *workbook,
                  const Sheet  *sheet,
                  lxw_format   *heading,
                  lxw_format   *decimal)
{
  lxw_worksheet *worksheet = workbook_add_worksheet (workbook, sheet->name);
  double widths[MAX_COLUMNS] = { 0, };
  lxw_row_t row = 0;

  /* a translation that Excel would refuse as a name: "Sheet1" and so on */
  if (worksheet == NULL)
    worksheet = workbook_add_worksheet (workbook, NULL);
  worksheet_right_to_left (worksheet);
  for (guint t = 0; t < sheet->tables->len; t++)
    {
      Table *table = g_ptr_array_index (sheet->tables, t);

      for (guint r = 0; r < table->len; r++, row++)
        {
          GArray *cells = g_ptr_array_index (table, r);

          for (guint c = 0; c < cells->len && c < MAX_COLUMNS; c++)
            {
              const Cell *cell = &g_array_index (cells, Cell, c);

              write_xlsx_cell (worksheet, row, c, cell, r == 0 ? heading : NULL, decimal);
              widths[c] = MAX (widths[c], cell_width (cell));
            }
        }
      row++;   /* an empty row between two tables */
    }
  for (lxw_col_t c = 0; c < MAX_COLUMNS; c++)
    if (widths[c] > 0)
      worksheet_set_column (worksheet, c, c, MIN (widths[c] + 2, MAX_WIDTH), NULL);
}

/* Writes @sheets to @tmp_path, which exists. */
static gboolean
write_xlsx_file (GPtrArray  *sheets,
                 const char *tmp_path,
                 const char *path,
                 GError    **error)
{
  g_autofree char *missing = _peygir_xlsxwriter_load ();
  lxw_workbook *workbook;
  lxw_format *heading, *decimal;
  lxw_error status;

  if (missing != NULL)
    return set_write_error (error, path, G_FILE_ERROR_FAILED, missing);
  workbook = workbook_new (tmp_path);
  if (workbook == NULL)
    return set_write_error (error, path, G_FILE_ERROR_FAILED, g_strerror (errno));
  heading = workbook_add_format (workbook);
  format_set_bold (heading);
  decimal = workbook_add_format (workbook);
  format_set_num_format (decimal, "0.0");
  for (guint i = 0; i < sheets->len; i++)
    write_xlsx_sheet (workbook, g_ptr_array_index (sheets, i), heading, decimal);
  status = workbook_close (workbook);
  if (status != LXW_NO_ERROR)
    return set_write_error (error, path, G_FILE_ERROR_FAILED, lxw_strerror (status));
  return TRUE;
}

/* An empty file beside @path, so that the rename stays on one file system;
 * its name in @tmp_path. */
static int
create_beside (const char  *path,
               char       **tmp_path,
               GError     **error)
{
  int fd;

  *tmp_path = g_strconcat (path, ".XXXXXX", NULL);
  fd = g_mkstemp_full (*tmp_path, O_RDWR, 0644);
  if (fd < 0)
    {
      int saved = errno;

      g_clear_pointer (tmp_path, g_free);
      set_write_error (error, path, g_file_error_from_errno (saved), g_strerror (saved));
    }
  return fd;
}

/* Puts @tmp_path in the place of @path when @written, else removes it;
 * errno tells why a rename failed. */
static gboolean
replace_beside (const char *tmp_path,
                const char *path,
                gboolean    written)
{
  int saved;

  if (written && g_rename (tmp_path, path) == 0)
    return TRUE;
  saved = errno;
  g_unlink (tmp_path);
  errno = saved;
  return FALSE;
}

gboolean
peygir_report_write_xlsx (const PeygirReport  *report,
                          const char          *path,
                          GError             **error)
{
  g_autoptr(GPtrArray) sheets = NULL;
  g_autofree char *tmp_path = NULL;
  int fd;

  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  fd = create_beside (path, &tmp_path, error);
  if (fd < 0)
    return FALSE;
  close (fd);   /* libxlsxwriter opens the file by its name */

  sheets = _peygir_report_sheets_new (report);
  if (!write_xlsx_file (sheets, tmp_path, path, error))
    return replace_beside (tmp_path, path, FALSE);
  if (!replace_beside (tmp_path, path, TRUE))
    {
      int saved = errno;

      return set_write_error (error, path, g_file_error_from_errno (saved), g_strerror (saved));
    }
  return TRUE;
}

/* CSV */

/* A text that a spreadsheet would take for a formula (an agency or a
 * user named "=HYPERLINK(…)") is written after an apostrophe, as text:
 * opening the office's figures must not run what someone typed. */
static gboolean
looks_like_formula (const char *text)
{
  return text[0] != '\0' && strchr ("=+-@\t\r", text[0]) != NULL;
}

static void
append_csv_text (GString    *csv,
                 const char *text)
{
  gboolean formula = looks_like_formula (text);

  if (!formula && strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (csv, text);
      return;
    }
  g_string_append_c (csv, '"');
  if (formula)
    g_string_append_c (csv, '\'');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (csv, '"');
      g_string_append_c (csv, *p);
    }
  g_string_append_c (csv, '"');
}

static void
append_csv_cell (GString    *csv,
                 const Cell *cell)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  switch (cell->type)
    {
    case CELL_TEXT:
      append_csv_text (csv, cell->text);
      break;
    case CELL_INTEGER:
      g_string_append_printf (csv, "%" G_GINT64_FORMAT, (gint64) cell->number);
      break;
    case CELL_DECIMAL:
      /* g_ascii_formatd: a dot whatever the locale */
      g_string_append (csv, g_ascii_formatd (number, sizeof number, "%.15g", cell->number));
      break;
    case CELL_EMPTY:
    default:
      break;
    }
}

static void
append_csv_table (GString *csv,
                  Table   *table)
{
  for (guint r = 0; r < table->len; r++)
    {
      GArray *cells = g_ptr_array_index (table, r);

      for (guint c = 0; c < cells->len; c++)
        {
          if (c > 0)
            g_string_append_c (csv, ',');
          append_csv_cell (csv, &g_array_index (cells, Cell, c));
        }
      g_string_append (csv, "\r\n");
    }
}

gboolean
_peygir_report_write_beside (const char  *data,
                             gsize        length,
                             const char  *path,
                             GError     **error)
{
  g_autofree char *tmp_path = NULL;
  gsize done = 0;
  int fd, saved = 0;

  fd = create_beside (path, &tmp_path, error);
  if (fd < 0)
    return FALSE;
  while (done < length && saved == 0)
    {
      gssize n = write (fd, data + done, length - done);

      if (n >= 0)
        done += n;
      else if (errno != EINTR)
        saved = errno;
    }
  if (saved == 0 && fsync (fd) != 0)
    saved = errno;
  if (close (fd) != 0 && saved == 0)
    saved = errno;
  if (saved == 0 && replace_beside (tmp_path, path, TRUE))
    return TRUE;
  if (saved == 0)
    saved = errno;
  else
    replace_beside (tmp_path, path, FALSE);
  return set_write_error (error, path, g_file_error_from_errno (saved), g_strerror (saved));
}

gboolean
peygir_report_write_csv (const PeygirReport  *report,
                         const char          *path,
                         GError             **error)
{
  g_autoptr(GPtrArray) sheets = NULL;
  g_autoptr(GString) csv = g_string_new ("\xEF\xBB\xBF");
  gboolean first = TRUE;

  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  sheets = _peygir_report_sheets_new (report);
  for (guint s = 0; s < sheets->len; s++)
    {
      const Sheet *sheet = g_ptr_array_index (sheets, s);

      for (guint t = 0; t < sheet->tables->len; t++, first = FALSE)
        {
          if (!first)
            g_string_append (csv, "\r\n");
          append_csv_table (csv, g_ptr_array_index (sheet->tables, t));
        }
    }

  return _peygir_report_write_beside (csv->str, csv->len, path, error);
}
