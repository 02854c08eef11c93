/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-letters"

/* libxlsxwriter, loaded when a report is first written as a spreadsheet
 * rather than with the program (peygir-library.h): it brings minizip and
 * OpenSSL's libcrypto, whose loading was 5 ms of every peygir-admin
 * command, a letter's included, and of the client's start. Each function
 * peygir-report-sheet.c calls is defined here under its own name, with
 * xlsxwriter.h's prototype, and calls the library's. */

#include <xlsxwriter.h>

#include <glib/gi18n-lib.h>

#include "peygir-library.h"
#include "peygir-report-sheet-private.h"

/* X (return type, name, parameters, arguments) */
#define XLSX_FUNCTIONS(X) \
  X (lxw_workbook *, workbook_new, (const char *filename), (filename)) \
  X (lxw_format *, workbook_add_format, (lxw_workbook *workbook), (workbook)) \
  X (lxw_worksheet *, workbook_add_worksheet, (lxw_workbook *workbook, const char *sheetname), \
     (workbook, sheetname)) \
  X (lxw_error, workbook_close, (lxw_workbook *workbook), (workbook)) \
  X (char *, lxw_strerror, (lxw_error error_num), (error_num)) \
  X (lxw_error, worksheet_set_column, (lxw_worksheet *worksheet, lxw_col_t first_col, lxw_col_t last_col, \
                                       double width, lxw_format *format), \
     (worksheet, first_col, last_col, width, format)) \
  X (lxw_error, worksheet_write_number, (lxw_worksheet *worksheet, lxw_row_t row, lxw_col_t col, double number, \
                                         lxw_format *format), \
     (worksheet, row, col, number, format)) \
  X (lxw_error, worksheet_write_string, (lxw_worksheet *worksheet, lxw_row_t row, lxw_col_t col, \
                                         const char *string, lxw_format *format), \
     (worksheet, row, col, string, format))

/* The ones that return nothing. */
#define XLSX_PROCEDURES(X) \
  X (void, format_set_bold, (lxw_format *format), (format)) \
  X (void, format_set_num_format, (lxw_format *format, const char *num_format), (format, num_format)) \
  X (void, worksheet_right_to_left, (lxw_worksheet *worksheet), (worksheet))

enum { XLSX_FUNCTIONS (PEYGIR_LIBRARY_INDEX) XLSX_PROCEDURES (PEYGIR_LIBRARY_INDEX) N_SYMBOLS };

static const char * const symbols[] = {
  XLSX_FUNCTIONS (PEYGIR_LIBRARY_NAME) XLSX_PROCEDURES (PEYGIR_LIBRARY_NAME) NULL
};
static gpointer addresses[N_SYMBOLS];
/* PEYGIR_XLSXWRITER_SONAME: the soname of the libxlsxwriter the build
 * found (src/letters/meson.build) */
static PeygirLibrary xlsxwriter = PEYGIR_LIBRARY_INIT (PEYGIR_XLSXWRITER_SONAME, symbols, addresses);

/* libxlsxwriter's own @name, typed as xlsxwriter.h declares it */
#define LIBXLSXWRITER(name) PEYGIR_LIBRARY_FUNCTION (addresses, name)

char *
_peygir_xlsxwriter_load (void)
{
  if (_peygir_library_open (&xlsxwriter))
    return NULL;
  return g_strdup_printf (_("the spreadsheet library libxlsxwriter cannot be loaded (%s)"), xlsxwriter.failure);
}

#define FORWARD(type, name, params, args) \
  type name params { return LIBXLSXWRITER (name) args; }
#define FORWARD_PROCEDURE(type, name, params, args) \
  void name params { LIBXLSXWRITER (name) args; }

XLSX_FUNCTIONS (FORWARD)
XLSX_PROCEDURES (FORWARD_PROCEDURE)
