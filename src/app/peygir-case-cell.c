/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-case-cell"

#include "peygir-case-cell.h"
#include "peygir-format.h"
#include "peygir-workflow.h"

struct _PeygirCaseCell
{
  GtkWidget         parent_instance;

  PeygirCaseColumn  column;
  PeygirCaseItem   *item;
  GtkInscription   *inscription;
};

G_DEFINE_FINAL_TYPE (PeygirCaseCell, peygir_case_cell, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_COLUMN,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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
peygir_case_cell_update (PeygirCaseCell *self)
{
  const PeygirCase *kase = self->item != NULL ? peygir_case_item_get_case (self->item) : NULL;
  g_autofree char *text = NULL;
  gboolean late = FALSE;

  if (kase != NULL)
    {
      text = column_text (self->column, kase);
      late = (self->column == PEYGIR_CASE_COLUMN_DEADLINE && kase->service_overdue)
             || (self->column == PEYGIR_CASE_COLUMN_STATE && kase->overdue);
    }
  gtk_inscription_set_text (self->inscription, text);
  /* on the inscription itself, which style.css's .peygir-cell rules address */
  if (late)
    gtk_widget_add_css_class (GTK_WIDGET (self->inscription), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->inscription), "error");
}

static void
item_case_changed_cb (PeygirCaseCell *self,
                      GParamSpec     *pspec,
                      PeygirCaseItem *item)
{
  peygir_case_cell_update (self);
}

static void
peygir_case_cell_dispose (GObject *object)
{
  PeygirCaseCell *self = PEYGIR_CASE_CELL (object);

  peygir_case_cell_set_item (self, NULL);
  g_clear_pointer ((GtkWidget **) &self->inscription, gtk_widget_unparent);

  G_OBJECT_CLASS (peygir_case_cell_parent_class)->dispose (object);
}

static void
peygir_case_cell_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PeygirCaseCell *self = PEYGIR_CASE_CELL (object);

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
peygir_case_cell_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PeygirCaseCell *self = PEYGIR_CASE_CELL (object);

  switch (prop_id)
    {
    case PROP_COLUMN:
      self->column = g_value_get_int (value);
      break;
    case PROP_ITEM:
      peygir_case_cell_set_item (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
peygir_case_cell_class_init (PeygirCaseCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = peygir_case_cell_dispose;
  object_class->get_property = peygir_case_cell_get_property;
  object_class->set_property = peygir_case_cell_set_property;

  properties[PROP_COLUMN] =
    g_param_spec_int ("column", NULL, NULL, 0, PEYGIR_N_CASE_COLUMNS - 1, 0,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, PEYGIR_TYPE_CASE_ITEM,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
peygir_case_cell_init (PeygirCaseCell *self)
{
  self->inscription = GTK_INSCRIPTION (gtk_inscription_new (NULL));
  gtk_inscription_set_text_overflow (self->inscription, GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_widget_add_css_class (GTK_WIDGET (self->inscription), "peygir-cell");
  gtk_widget_set_parent (GTK_WIDGET (self->inscription), GTK_WIDGET (self));
}

GtkWidget *
peygir_case_cell_new (PeygirCaseColumn column,
                      guint            min_chars,
                      guint            nat_chars)
{
  PeygirCaseCell *self;

  g_return_val_if_fail (column < PEYGIR_N_CASE_COLUMNS, NULL);

  self = g_object_new (PEYGIR_TYPE_CASE_CELL, "column", column, NULL);
  gtk_inscription_set_min_chars (self->inscription, min_chars);
  gtk_inscription_set_nat_chars (self->inscription, nat_chars);
  return GTK_WIDGET (self);
}

PeygirCaseColumn
peygir_case_cell_get_column (PeygirCaseCell *self)
{
  g_return_val_if_fail (PEYGIR_IS_CASE_CELL (self), 0);

  return self->column;
}

void
peygir_case_cell_set_item (PeygirCaseCell *self,
                           PeygirCaseItem *item)
{
  g_return_if_fail (PEYGIR_IS_CASE_CELL (self));
  g_return_if_fail (item == NULL || PEYGIR_IS_CASE_ITEM (item));

  if (self->item == item)
    return;
  if (self->item != NULL)
    g_signal_handlers_disconnect_by_func (self->item, item_case_changed_cb, self);
  g_set_object (&self->item, item);
  if (item != NULL)
    g_signal_connect_object (item, "notify::case", G_CALLBACK (item_case_changed_cb),
                             self, G_CONNECT_SWAPPED);
  if (self->inscription != NULL)
    peygir_case_cell_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

PeygirCaseItem *
peygir_case_cell_get_item (PeygirCaseCell *self)
{
  g_return_val_if_fail (PEYGIR_IS_CASE_CELL (self), NULL);

  return self->item;
}
