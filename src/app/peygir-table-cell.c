/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-table-cell"

#include "peygir-table-cell.h"

typedef struct
{
  guint           column;
  GObject        *item;
  GtkInscription *inscription;
} PeygirTableCellPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (PeygirTableCell, peygir_table_cell, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_COLUMN,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
peygir_table_cell_update (PeygirTableCell *self)
{
  PEYGIR_TABLE_CELL_GET_CLASS (self)->update (self);
}

/* The item's signal, whatever its arguments after the item. */
static void
item_changed_cb (PeygirTableCell *self)
{
  peygir_table_cell_update (self);
}

static void
peygir_table_cell_dispose (GObject *object)
{
  PeygirTableCell *self = PEYGIR_TABLE_CELL (object);
  PeygirTableCellPrivate *priv = peygir_table_cell_get_instance_private (self);

  peygir_table_cell_set_item (self, NULL);
  g_clear_object (&priv->inscription);

  G_OBJECT_CLASS (peygir_table_cell_parent_class)->dispose (object);
}

static void
peygir_table_cell_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PeygirTableCell *self = PEYGIR_TABLE_CELL (object);
  PeygirTableCellPrivate *priv = peygir_table_cell_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_COLUMN:
      g_value_set_uint (value, priv->column);
      break;
    case PROP_ITEM:
      g_value_set_object (value, priv->item);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
peygir_table_cell_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  PeygirTableCell *self = PEYGIR_TABLE_CELL (object);
  PeygirTableCellPrivate *priv = peygir_table_cell_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_COLUMN:
      priv->column = g_value_get_uint (value);
      break;
    case PROP_ITEM:
      peygir_table_cell_set_item (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
peygir_table_cell_class_init (PeygirTableCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = peygir_table_cell_dispose;
  object_class->get_property = peygir_table_cell_get_property;
  object_class->set_property = peygir_table_cell_set_property;

  properties[PROP_COLUMN] =
    g_param_spec_uint ("column", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, G_TYPE_OBJECT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
peygir_table_cell_init (PeygirTableCell *self)
{
  PeygirTableCellPrivate *priv = peygir_table_cell_get_instance_private (self);

  priv->inscription = g_object_ref_sink (GTK_INSCRIPTION (gtk_inscription_new (NULL)));
  gtk_inscription_set_text_overflow (priv->inscription, GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_widget_add_css_class (GTK_WIDGET (priv->inscription), "peygir-cell");
}

guint
peygir_table_cell_get_column (PeygirTableCell *self)
{
  PeygirTableCellPrivate *priv = peygir_table_cell_get_instance_private (self);

  g_return_val_if_fail (PEYGIR_IS_TABLE_CELL (self), 0);

  return priv->column;
}

GtkInscription *
peygir_table_cell_get_inscription (PeygirTableCell *self)
{
  PeygirTableCellPrivate *priv = peygir_table_cell_get_instance_private (self);

  g_return_val_if_fail (PEYGIR_IS_TABLE_CELL (self), NULL);

  return priv->inscription;
}

void
peygir_table_cell_set_item (PeygirTableCell *self,
                            gpointer         item)
{
  PeygirTableCellPrivate *priv = peygir_table_cell_get_instance_private (self);
  PeygirTableCellClass *klass;

  g_return_if_fail (PEYGIR_IS_TABLE_CELL (self));
  klass = PEYGIR_TABLE_CELL_GET_CLASS (self);
  g_return_if_fail (item == NULL || G_TYPE_CHECK_INSTANCE_TYPE (item, klass->item_type));

  if (priv->item == item)
    return;
  if (priv->item != NULL)
    g_signal_handlers_disconnect_by_func (priv->item, item_changed_cb, self);
  g_set_object (&priv->item, item);
  if (item != NULL)
    g_signal_connect_object (item, klass->item_changed, G_CALLBACK (item_changed_cb),
                             self, G_CONNECT_SWAPPED);
  if (priv->inscription != NULL)
    peygir_table_cell_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

gpointer
peygir_table_cell_get_item (PeygirTableCell *self)
{
  PeygirTableCellPrivate *priv = peygir_table_cell_get_instance_private (self);

  g_return_val_if_fail (PEYGIR_IS_TABLE_CELL (self), NULL);

  return priv->item;
}
