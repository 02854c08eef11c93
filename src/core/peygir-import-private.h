/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The first sheet of an Excel workbook (XLSX), row by row, for the import
 * table (peygir-import-table.c). The workbook's zip is read with GIO's
 * zlib and its XML with GMarkup: nothing beyond GLib. */
typedef struct _PeygirImportSheet PeygirImportSheet;

/* @workbook: the whole file, kept by the sheet. PEYGIR_IMPORT_ERROR_FILE
 * when it is not a workbook this reads (a damaged zip, no sheet). */
PeygirImportSheet *_peygir_import_sheet_open     (GBytes             *workbook,
                                                  const char         *shown,
                                                  GError            **error);
/* The next row that has a cell: its cells from column A (an empty string
 * for each cell not written), its row number as Excel shows it. FALSE at
 * the end, or with @error set when the sheet cannot be read further. */
gboolean           _peygir_import_sheet_next_row (PeygirImportSheet  *self,
                                                  char             ***cells,
                                                  guint              *row,
                                                  GError            **error);
void               _peygir_import_sheet_free     (PeygirImportSheet  *self);

/* Whether @text is empty or only white space (a cell Excel left blank). */
gboolean           _peygir_import_is_blank       (const char         *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PeygirImportSheet, _peygir_import_sheet_free)

G_END_DECLS
