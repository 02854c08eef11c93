/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-columns"

#include <glib/gi18n-lib.h>

#include "peygir-columns.h"
#include "peygir-table-cell.h"

typedef struct
{
  PeygirCellNewFunc cell_new;
  guint             column;
} ColumnCells;

static GQuark cell_quark;

static void
column_cells_free (gpointer  data,
                   GClosure *closure)
{
  g_free (data);
}

/* The list item holds its cell, whose inscription is the list item's
 * child: the cell is no widget of its own (see peygir-table-cell.h). */
static PeygirTableCell *
list_item_get_cell (GtkListItem *list_item)
{
  return g_object_get_qdata (G_OBJECT (list_item), cell_quark);
}

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               ColumnCells              *cells)
{
  PeygirTableCell *cell = cells->cell_new (cells->column);

  gtk_list_item_set_child (list_item, GTK_WIDGET (peygir_table_cell_get_inscription (cell)));
  g_object_set_qdata_full (G_OBJECT (list_item), cell_quark, cell, g_object_unref);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  peygir_table_cell_set_item (list_item_get_cell (list_item), gtk_list_item_get_item (list_item));
}

static void
cell_unbind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  peygir_table_cell_set_item (list_item_get_cell (list_item), NULL);
}

static void
cell_teardown_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  gpointer                  user_data)
{
  gtk_list_item_set_child (list_item, NULL);
  g_object_set_qdata (G_OBJECT (list_item), cell_quark, NULL);
}

void
peygir_columns_append (GtkColumnView          *view,
                       const PeygirColumnInfo *columns,
                       guint                   n_columns,
                       PeygirCellNewFunc       cell_new)
{
  g_return_if_fail (GTK_IS_COLUMN_VIEW (view));
  g_return_if_fail (columns != NULL);
  g_return_if_fail (cell_new != NULL);

  if (cell_quark == 0)
    cell_quark = g_quark_from_static_string ("peygir-table-cell");

  for (guint c = 0; c < n_columns; c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;
      ColumnCells *cells = g_new0 (ColumnCells, 1);

      cells->cell_new = cell_new;
      cells->column = c;
      g_signal_connect_data (factory, "setup", G_CALLBACK (cell_setup_cb), cells,
                             column_cells_free, 0);
      g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), NULL);
      g_signal_connect (factory, "unbind", G_CALLBACK (cell_unbind_cb), NULL);
      g_signal_connect (factory, "teardown", G_CALLBACK (cell_teardown_cb), NULL);
      column = gtk_column_view_column_new (_(columns[c].title), factory);
      gtk_column_view_column_set_expand (column, columns[c].expand);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_append_column (view, column);
    }
}
