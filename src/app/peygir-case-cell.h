/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "peygir-case-item.h"
#include "peygir-table-cell.h"

G_BEGIN_DECLS

/* One cell of the inbox's table: one column of a PeygirCaseItem ("item"),
 * redrawn when the item's case is read again, marked when that column is
 * late. */

typedef enum
{
  PEYGIR_CASE_COLUMN_REGISTRATION,
  PEYGIR_CASE_COLUMN_TRACKING,
  PEYGIR_CASE_COLUMN_APPLICANT,
  PEYGIR_CASE_COLUMN_SUBJECT,
  PEYGIR_CASE_COLUMN_AGENCY,
  PEYGIR_CASE_COLUMN_STATE,
  PEYGIR_CASE_COLUMN_AGE,
  PEYGIR_CASE_COLUMN_DEADLINE,
  PEYGIR_CASE_COLUMN_EXPERT,
  PEYGIR_N_CASE_COLUMNS
} PeygirCaseColumn;

#define PEYGIR_TYPE_CASE_CELL (peygir_case_cell_get_type ())
G_DECLARE_FINAL_TYPE (PeygirCaseCell, peygir_case_cell, PEYGIR, CASE_CELL, PeygirTableCell)

/* @nat_chars wide, down to @min_chars when the column is narrowed. */
PeygirTableCell *peygir_case_cell_new (PeygirCaseColumn column,
                                       guint            min_chars,
                                       guint            nat_chars);

G_END_DECLS
