/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* What the cells of the inbox's and the register's tables share: one
 * GtkInscription showing one column of a row item, redrawn when the item
 * says it was read again. A subclass says which item and which signal,
 * and what the inscription shows.
 *
 * The cell is not a widget itself: the inscription is what the column
 * view shows. GTK 4.8's list views keep 200 rows whatever the window
 * shows, so a widget more a cell is 1,800 more widgets in the inbox. */

#define PEYGIR_TYPE_TABLE_CELL (peygir_table_cell_get_type ())
G_DECLARE_DERIVABLE_TYPE (PeygirTableCell, peygir_table_cell, PEYGIR, TABLE_CELL, GObject)

struct _PeygirTableCellClass
{
  GObjectClass   parent_class;

  GType          item_type;      /* what "item" holds */
  const char    *item_changed;   /* the item's signal when it is read again, "notify::case" */

  /* Shows the item (NULL: empty the cell) in the inscription. */
  void (*update) (PeygirTableCell *self);
};

guint           peygir_table_cell_get_column      (PeygirTableCell *self);
/* The widget the column shows, the cell's as long as the cell lives. */
GtkInscription *peygir_table_cell_get_inscription (PeygirTableCell *self);
/* The row shown (kept, and followed while kept); NULL empties the cell. */
void            peygir_table_cell_set_item        (PeygirTableCell *self,
                                                   gpointer         item);
gpointer        peygir_table_cell_get_item        (PeygirTableCell *self);

G_END_DECLS
