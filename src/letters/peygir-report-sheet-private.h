/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "peygir-report-sheet.h"

G_BEGIN_DECLS

/* Writes @size bytes of @data to a temporary file beside @path, flushed,
 * and renames it over @path; on failure removes it and fails with
 * G_FILE_ERROR in one sentence naming @path. For every file the report
 * is written to. */
gboolean _peygir_report_write_file (const char  *path,
                                    const char  *data,
                                    gsize        size,
                                    GError     **error);

G_END_DECLS
