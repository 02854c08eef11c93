/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-case-cell"

#include "peygir-case-cell.h"
#include "peygir-format.h"
#include "peygir-workflow.h"

struct _PeygirCaseCell
{
  PeygirTableCell parent_instance;
};

G_DEFINE_FINAL_TYPE (PeygirCaseCell, peygir_case_cell, PEYGIR_TYPE_TABLE_CELL)

static char *
column_text (PeygirCaseColumn  column,
             const PeygirCase *kase)
{
  switch (column)
    {
    case PEYGIR_CASE_COLUMN_REGISTRATION:
      return peygir_format_registration (kase);
    case PEYGIR_CASE_COLUMN_TRACKING:
      return peygir_format_tracking (kase->tracking_code);
    case PEYGIR_CASE_COLUMN_APPLICANT:
      return g_strdup (kase->applicant.name);
    case PEYGIR_CASE_COLUMN_SUBJECT:
      return g_strdup (kase->subject);
    case PEYGIR_CASE_COLUMN_AGENCY:
      return g_strdup (kase->agency_name != NULL ? kase->agency_name : "—");
    case PEYGIR_CASE_COLUMN_STATE:
      return g_strdup (peygir_state_label (kase->state));
    case PEYGIR_CASE_COLUMN_AGE:
      return peygir_format_age (kase);
    case PEYGIR_CASE_COLUMN_DEADLINE:
      return peygir_format_day (kase->service_due);
    case PEYGIR_CASE_COLUMN_EXPERT:
      return g_strdup (kase->expert_name != NULL ? kase->expert_name : "—");
    case PEYGIR_N_CASE_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

static void
peygir_case_cell_update (PeygirTableCell *cell)
{
  PeygirCaseItem *item = peygir_table_cell_get_item (cell);
  PeygirCaseColumn column = peygir_table_cell_get_column (cell);
  GtkWidget *inscription = GTK_WIDGET (peygir_table_cell_get_inscription (cell));
  const PeygirCase *kase = item != NULL ? peygir_case_item_get_case (item) : NULL;
  g_autofree char *text = NULL;
  gboolean late = FALSE;

  if (kase != NULL)
    {
      text = column_text (column, kase);
      late = (column == PEYGIR_CASE_COLUMN_DEADLINE && kase->service_overdue)
             || (column == PEYGIR_CASE_COLUMN_STATE && kase->overdue);
    }
  gtk_inscription_set_text (GTK_INSCRIPTION (inscription), text);
  /* on the inscription itself, which style.css's .peygir-cell rules address */
  if (late)
    gtk_widget_add_css_class (inscription, "error");
  else
    gtk_widget_remove_css_class (inscription, "error");
}

static void
peygir_case_cell_class_init (PeygirCaseCellClass *klass)
{
  PeygirTableCellClass *cell_class = PEYGIR_TABLE_CELL_CLASS (klass);

  cell_class->item_type = PEYGIR_TYPE_CASE_ITEM;
  cell_class->item_changed = "notify::case";
  cell_class->update = peygir_case_cell_update;
}

static void
peygir_case_cell_init (PeygirCaseCell *self)
{
}

PeygirTableCell *
peygir_case_cell_new (PeygirCaseColumn column,
                      guint            min_chars,
                      guint            nat_chars)
{
  PeygirTableCell *cell;
  GtkInscription *inscription;

  g_return_val_if_fail (column < PEYGIR_N_CASE_COLUMNS, NULL);

  cell = g_object_new (PEYGIR_TYPE_CASE_CELL, "column", (guint) column, NULL);
  inscription = peygir_table_cell_get_inscription (cell);
  gtk_inscription_set_min_chars (inscription, min_chars);
  gtk_inscription_set_nat_chars (inscription, nat_chars);
  return cell;
}
