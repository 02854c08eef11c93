/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-case-item"

#include "peygir-case-item.h"

struct _PeygirCaseItem
{
  GObject     parent_instance;
  PeygirCase *kase;
};

G_DEFINE_FINAL_TYPE (PeygirCaseItem, peygir_case_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CASE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
peygir_case_item_finalize (GObject *object)
{
  PeygirCaseItem *self = (PeygirCaseItem *)object;

  g_clear_pointer (&self->kase, peygir_case_free);

  G_OBJECT_CLASS (peygir_case_item_parent_class)->finalize (object);
}

static void
peygir_case_item_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PeygirCaseItem *self = PEYGIR_CASE_ITEM (object);

  switch (prop_id)
    {
    case PROP_CASE:
      g_value_set_boxed (value, self->kase);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
peygir_case_item_class_init (PeygirCaseItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = peygir_case_item_finalize;
  object_class->get_property = peygir_case_item_get_property;

  properties[PROP_CASE] =
    g_param_spec_boxed ("case", NULL, NULL, PEYGIR_TYPE_CASE,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
peygir_case_item_init (PeygirCaseItem *self)
{
}

PeygirCaseItem *
peygir_case_item_new (const PeygirCase *kase)
{
  PeygirCaseItem *self = g_object_new (PEYGIR_TYPE_CASE_ITEM, NULL);

  if (kase != NULL)
    self->kase = peygir_case_copy (kase);
  return self;
}

const PeygirCase *
peygir_case_item_get_case (PeygirCaseItem *self)
{
  g_return_val_if_fail (PEYGIR_IS_CASE_ITEM (self), NULL);
  return self->kase;
}

gint64
peygir_case_item_get_id (PeygirCaseItem *self)
{
  g_return_val_if_fail (PEYGIR_IS_CASE_ITEM (self), 0);
  return self->kase != NULL ? self->kase->id : 0;
}

void
peygir_case_item_set_case (PeygirCaseItem   *self,
                           const PeygirCase *kase)
{
  g_return_if_fail (PEYGIR_IS_CASE_ITEM (self));

  if (kase == NULL && self->kase == NULL)
    return;
  /* A page read again usually brings the same row back: keep quiet then. */
  if (kase != NULL && self->kase != NULL
      && kase->id == self->kase->id && kase->version == self->kase->version
      && kase->overdue == self->kase->overdue
      && kase->service_overdue == self->kase->service_overdue)
    return;

  g_clear_pointer (&self->kase, peygir_case_free);
  if (kase != NULL)
    self->kase = peygir_case_copy (kase);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CASE]);
}
