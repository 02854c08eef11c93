/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-register-cell"

#include <glib/gi18n-lib.h>

#include "peygir-format.h"
#include "peygir-register-cell.h"
#include "peygir-text.h"

struct _PeygirRegisterCell
{
  PeygirTableCell  parent_instance;

  const char      *title;
};

G_DEFINE_FINAL_TYPE (PeygirRegisterCell, peygir_register_cell, PEYGIR_TYPE_TABLE_CELL)

static char *
kind_text (const PeygirRegisterEntry *entry)
{
  if (entry->incoming)
    return g_strdup (C_("register", "Agency’s answer"));
  switch (entry->kind)
    {
    case PEYGIR_LETTER_REFERRAL:
      return g_strdup (C_("register", "Referral"));
    case PEYGIR_LETTER_REMINDER:
      return g_strdup (C_("register", "Reminder"));
    case PEYGIR_LETTER_ANSWER:
      return g_strdup (C_("register", "Answer to the applicant"));
    case PEYGIR_LETTER_RECEIPT:
    case PEYGIR_N_LETTER_KINDS:
    default:
      break;
    }
  return g_strdup (peygir_letter_kind_to_string (entry->kind));
}

static char *
state_text (const PeygirRegisterEntry *entry)
{
  if (entry->void_reason != NULL)
    {
      g_autofree char *reason = peygir_format_text (entry->void_reason);

      /* TRANSLATORS: a voided letter number in the register, and why */
      return g_strdup_printf (_("Void: %s"), reason);
    }
  return g_strdup (entry->incoming ? _("Received") : _("Sent"));
}

static char *
column_text (PeygirRegisterColumn       column,
             const PeygirRegisterEntry *entry)
{
  switch (column)
    {
    case PEYGIR_REGISTER_COLUMN_NUMBER:
      /* year first, left to right, whatever surrounds it; an agency's
       * letter with the date it bears, beside the day it came in */
      if (entry->incoming && entry->letter_day != 0)
        {
          g_autofree char *number = peygir_format_code (entry->number);
          g_autofree char *day = peygir_format_day (entry->letter_day);
          g_autofree char *isolated = peygir_text_isolate_ltr (day);

          /* TRANSLATORS: an agency's letter number and its date */
          return g_strdup_printf (C_("agency letter", "%s of %s"), number, isolated);
        }
      return peygir_format_code (entry->number);
    case PEYGIR_REGISTER_COLUMN_DATE:
      {
        g_autofree char *day = peygir_format_day (entry->day);

        return peygir_text_isolate_ltr (day);
      }
    case PEYGIR_REGISTER_COLUMN_DIRECTION:
      return g_strdup (entry->incoming ? _("Incoming") : _("Outgoing"));
    case PEYGIR_REGISTER_COLUMN_KIND:
      return kind_text (entry);
    case PEYGIR_REGISTER_COLUMN_CASE:
      return entry->registration_number != NULL ? peygir_format_code (entry->registration_number)
                                                : peygir_format_tracking (entry->tracking_code);
    case PEYGIR_REGISTER_COLUMN_PARTY:
      return entry->party != NULL ? peygir_format_text (entry->party) : g_strdup ("—");
    case PEYGIR_REGISTER_COLUMN_SUBJECT:
      return entry->subject != NULL ? peygir_format_text (entry->subject) : g_strdup ("—");
    case PEYGIR_REGISTER_COLUMN_STATE:
      return state_text (entry);
    case PEYGIR_N_REGISTER_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

static void
peygir_register_cell_update (PeygirTableCell *cell)
{
  PeygirRegisterCell *self = PEYGIR_REGISTER_CELL (cell);
  PeygirRegisterItem *item = peygir_table_cell_get_item (cell);
  PeygirRegisterColumn column = peygir_table_cell_get_column (cell);
  GtkInscription *inscription = peygir_table_cell_get_inscription (cell);
  const PeygirRegisterEntry *entry = item != NULL ? peygir_register_item_get_entry (item) : NULL;
  g_autofree char *text = NULL;
  g_autofree char *spoken = NULL;
  gboolean is_void = FALSE;

  if (entry != NULL)
    {
      text = column_text (column, entry);
      spoken = g_strdup_printf ("%s: %s", self->title, text);
      is_void = entry->void_reason != NULL;
    }

  gtk_inscription_set_text (inscription, text);
  /* A void number stays in the register, struck through, its row dimmed. */
  if (is_void && column == PEYGIR_REGISTER_COLUMN_NUMBER)
    {
      g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_strikethrough_new (TRUE));
      gtk_inscription_set_attributes (inscription, attrs);
    }
  else
    gtk_inscription_set_attributes (inscription, NULL);
  /* on the inscription itself, which style.css's .peygir-cell rules address */
  if (is_void)
    gtk_widget_add_css_class (GTK_WIDGET (inscription), "peygir-void");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (inscription), "peygir-void");
  if (is_void && column == PEYGIR_REGISTER_COLUMN_STATE)
    gtk_widget_add_css_class (GTK_WIDGET (inscription), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (inscription), "error");
  /* The cell is cut to the column; the reason and long texts are whole in
   * the tooltip and for the screen reader. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (inscription),
                               column == PEYGIR_REGISTER_COLUMN_STATE
                               || column == PEYGIR_REGISTER_COLUMN_SUBJECT
                               || column == PEYGIR_REGISTER_COLUMN_PARTY
                               ? text : NULL);
  if (spoken != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (inscription),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, spoken,
                                    -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (inscription), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

static void
peygir_register_cell_class_init (PeygirRegisterCellClass *klass)
{
  PeygirTableCellClass *cell_class = PEYGIR_TABLE_CELL_CLASS (klass);

  cell_class->item_type = PEYGIR_TYPE_REGISTER_ITEM;
  cell_class->item_changed = "notify::entry";
  cell_class->update = peygir_register_cell_update;
}

static void
peygir_register_cell_init (PeygirRegisterCell *self)
{
  self->title = "";
}

PeygirTableCell *
peygir_register_cell_new (PeygirRegisterColumn  column,
                          const char           *title,
                          guint                 min_chars,
                          guint                 nat_chars)
{
  PeygirRegisterCell *self;
  GtkInscription *inscription;

  g_return_val_if_fail (column < PEYGIR_N_REGISTER_COLUMNS, NULL);
  g_return_val_if_fail (title != NULL, NULL);

  self = g_object_new (PEYGIR_TYPE_REGISTER_CELL, "column", (guint) column, NULL);
  self->title = title;
  inscription = peygir_table_cell_get_inscription (PEYGIR_TABLE_CELL (self));
  gtk_inscription_set_min_chars (inscription, min_chars);
  gtk_inscription_set_nat_chars (inscription, nat_chars);
  return PEYGIR_TABLE_CELL (self);
}
