/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "peygir-report-sheet.h"

G_BEGIN_DECLS

/* The report's tables as every export shows them — the spreadsheet, the
 * CSV and the PDF — laid out once, so that none disagrees with another on
 * a figure, a heading or an order. */

typedef enum
{
  CELL_EMPTY,      /* nothing to average */
  CELL_TEXT,
  CELL_INTEGER,
  CELL_DECIMAL,    /* an average or a share, shown with one decimal */
} CellType;

typedef struct
{
  CellType  type;
  char     *text;
  double    number;
} Cell;

/* A table is rows of cells (GArray of Cell), the first its heading row. */
typedef GPtrArray Table;

typedef struct
{
  const char *name;     /* translated */
  GPtrArray  *tables;   /* of Table */
} Sheet;

/* The summary, the breakdowns, the agencies' scorecard and the experts'
 * workload, each a Sheet, headed in the translated labels. */
GPtrArray *_peygir_report_sheets_new   (const PeygirReport  *report);

/* Writes @length bytes of @data beside @path, flushed to the disk before
 * it takes @path's place, as g_file_set_contents_full ()'s CONSISTENT
 * does, but with an error that names @path rather than the temporary
 * file (G_FILE_ERROR, one sentence). For every file the report, its PDF
 * and the service card are written to. */
gboolean   _peygir_report_write_beside (const char          *data,
                                        gsize                length,
                                        const char          *path,
                                        GError             **error);

/* Loads libxlsxwriter, which the report's spreadsheet is written with, on
 * first use (peygir-xlsxwriter-client.c): NULL when it is there, else why
 * not, as the end of a sentence, to be freed. Any thread. */
char      *_peygir_xlsxwriter_load     (void);

G_END_DECLS
