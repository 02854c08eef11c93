/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "peygir-register-item.h"
#include "peygir-table-cell.h"

G_BEGIN_DECLS

/* One cell of the register's table: one column of a PeygirRegisterItem
 * ("item"), redrawn when the item's entry is read again; a void number struck
 * through and its row dimmed. */

typedef enum
{
  PEYGIR_REGISTER_COLUMN_NUMBER,
  PEYGIR_REGISTER_COLUMN_DATE,
  PEYGIR_REGISTER_COLUMN_DIRECTION,
  PEYGIR_REGISTER_COLUMN_KIND,
  PEYGIR_REGISTER_COLUMN_CASE,
  PEYGIR_REGISTER_COLUMN_PARTY,
  PEYGIR_REGISTER_COLUMN_SUBJECT,
  PEYGIR_REGISTER_COLUMN_STATE,
  PEYGIR_N_REGISTER_COLUMNS
} PeygirRegisterColumn;

#define PEYGIR_TYPE_REGISTER_CELL (peygir_register_cell_get_type ())
G_DECLARE_FINAL_TYPE (PeygirRegisterCell, peygir_register_cell, PEYGIR, REGISTER_CELL, PeygirTableCell)

/* @title (static, translated) names the column to the screen reader;
 * @nat_chars wide, down to @min_chars when the column is narrowed. */
PeygirTableCell *peygir_register_cell_new (PeygirRegisterColumn  column,
                                           const char           *title,
                                           guint                 min_chars,
                                           guint                 nat_chars);

G_END_DECLS
