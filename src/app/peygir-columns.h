/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "peygir-table-cell.h"

G_BEGIN_DECLS

/* The columns of a table whose cells are PeygirTableCells (the inbox's
 * PeygirCaseCell, the register's PeygirRegisterCell): a factory a column
 * that makes the cell, gives it its row and takes it back. */

typedef struct
{
  const char *title;    /* N_() */
  int         chars;    /* natural width in characters */
  gboolean    expand;
} PeygirColumnInfo;

/* A new PeygirTableCell for column @column (an index into the table given
 * below), owned by the caller. */
typedef PeygirTableCell *(*PeygirCellNewFunc) (guint column);

/* Appends @n_columns columns to @view, titled, resizable, expanding as
 * @columns says (@columns must outlive @view), each cell from @cell_new. */
void peygir_columns_append (GtkColumnView          *view,
                            const PeygirColumnInfo *columns,
                            guint                   n_columns,
                            PeygirCellNewFunc       cell_new);

G_END_DECLS
