/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-register-cell"

#include <glib/gi18n-lib.h>

#include "peygir-format.h"
#include "peygir-register-cell.h"
#include "peygir-text.h"

struct _PeygirRegisterCell
{
  GtkWidget             parent_instance;

  PeygirRegisterColumn  column;
  const char           *title;
  PeygirRegisterItem   *item;
  GtkInscription       *inscription;
};

G_DEFINE_FINAL_TYPE (PeygirRegisterCell, peygir_register_cell, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_COLUMN,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
kind_text (const PeygirRegisterEntry *entry)
{
  PeygirLetterKind kind;

  if (entry->incoming)
    return g_strdup (C_("register", "Agency’s answer"));
  if (peygir_letter_kind_from_string (entry->kind, &kind))
    switch (kind)
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
  return g_strdup (entry->kind);
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
peygir_register_cell_update (PeygirRegisterCell *self)
{
  const PeygirRegisterEntry *entry = self->item != NULL ? peygir_register_item_get_entry (self->item) : NULL;
  PeygirRegisterColumn column = self->column;
  GtkWidget *inscription = GTK_WIDGET (self->inscription);
  g_autofree char *text = NULL;
  g_autofree char *spoken = NULL;
  gboolean is_void = FALSE;

  if (entry != NULL)
    {
      text = column_text (column, entry);
      spoken = g_strdup_printf ("%s: %s", self->title, text);
      is_void = entry->void_reason != NULL;
    }

  gtk_inscription_set_text (self->inscription, text);
  /* A void number stays in the register, struck through, its row dimmed. */
  if (is_void && column == PEYGIR_REGISTER_COLUMN_NUMBER)
    {
      g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_strikethrough_new (TRUE));
      gtk_inscription_set_attributes (self->inscription, attrs);
    }
  else
    gtk_inscription_set_attributes (self->inscription, NULL);
  /* on the inscription itself, which style.css's .peygir-cell rules address */
  if (is_void)
    gtk_widget_add_css_class (inscription, "peygir-void");
  else
    gtk_widget_remove_css_class (inscription, "peygir-void");
  if (is_void && column == PEYGIR_REGISTER_COLUMN_STATE)
    gtk_widget_add_css_class (inscription, "error");
  else
    gtk_widget_remove_css_class (inscription, "error");
  /* The cell is cut to the column; the reason and long texts are whole in
   * the tooltip and for the screen reader. */
  gtk_widget_set_tooltip_text (inscription,
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
item_entry_changed_cb (PeygirRegisterCell *self,
                       GParamSpec         *pspec,
                       PeygirRegisterItem *item)
{
  peygir_register_cell_update (self);
}

static void
peygir_register_cell_dispose (GObject *object)
{
  PeygirRegisterCell *self = PEYGIR_REGISTER_CELL (object);

  peygir_register_cell_set_item (self, NULL);
  g_clear_pointer ((GtkWidget **) &self->inscription, gtk_widget_unparent);

  G_OBJECT_CLASS (peygir_register_cell_parent_class)->dispose (object);
}

static void
peygir_register_cell_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  PeygirRegisterCell *self = PEYGIR_REGISTER_CELL (object);

  switch (prop_id)
    {
    case PROP_COLUMN:
      g_value_set_int (value, self->column);
      break;
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
peygir_register_cell_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  PeygirRegisterCell *self = PEYGIR_REGISTER_CELL (object);

  switch (prop_id)
    {
    case PROP_COLUMN:
      self->column = g_value_get_int (value);
      break;
    case PROP_ITEM:
      peygir_register_cell_set_item (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
peygir_register_cell_class_init (PeygirRegisterCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = peygir_register_cell_dispose;
  object_class->get_property = peygir_register_cell_get_property;
  object_class->set_property = peygir_register_cell_set_property;

  properties[PROP_COLUMN] =
    g_param_spec_int ("column", NULL, NULL, 0, PEYGIR_N_REGISTER_COLUMNS - 1, 0,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, PEYGIR_TYPE_REGISTER_ITEM,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
peygir_register_cell_init (PeygirRegisterCell *self)
{
  self->title = "";
  self->inscription = GTK_INSCRIPTION (gtk_inscription_new (NULL));
  gtk_inscription_set_text_overflow (self->inscription, GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_widget_add_css_class (GTK_WIDGET (self->inscription), "peygir-cell");
  gtk_widget_set_parent (GTK_WIDGET (self->inscription), GTK_WIDGET (self));
}

GtkWidget *
peygir_register_cell_new (PeygirRegisterColumn  column,
                          const char           *title,
                          guint                 min_chars,
                          guint                 nat_chars)
{
  PeygirRegisterCell *self;

  g_return_val_if_fail (column < PEYGIR_N_REGISTER_COLUMNS, NULL);
  g_return_val_if_fail (title != NULL, NULL);

  self = g_object_new (PEYGIR_TYPE_REGISTER_CELL, "column", column, NULL);
  self->title = title;
  gtk_inscription_set_min_chars (self->inscription, min_chars);
  gtk_inscription_set_nat_chars (self->inscription, nat_chars);
  return GTK_WIDGET (self);
}

PeygirRegisterColumn
peygir_register_cell_get_column (PeygirRegisterCell *self)
{
  g_return_val_if_fail (PEYGIR_IS_REGISTER_CELL (self), 0);

  return self->column;
}

void
peygir_register_cell_set_item (PeygirRegisterCell *self,
                               PeygirRegisterItem *item)
{
  g_return_if_fail (PEYGIR_IS_REGISTER_CELL (self));
  g_return_if_fail (item == NULL || PEYGIR_IS_REGISTER_ITEM (item));

  if (self->item == item)
    return;
  if (self->item != NULL)
    g_signal_handlers_disconnect_by_func (self->item, item_entry_changed_cb, self);
  g_set_object (&self->item, item);
  if (item != NULL)
    g_signal_connect_object (item, "notify::entry", G_CALLBACK (item_entry_changed_cb),
                             self, G_CONNECT_SWAPPED);
  if (self->inscription != NULL)
    peygir_register_cell_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

PeygirRegisterItem *
peygir_register_cell_get_item (PeygirRegisterCell *self)
{
  g_return_val_if_fail (PEYGIR_IS_REGISTER_CELL (self), NULL);

  return self->item;
}
