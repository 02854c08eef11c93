/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-register-item"

#include "peygir-register-item.h"

struct _PeygirRegisterItem
{
  GObject              parent_instance;
  PeygirRegisterEntry *entry;
};

G_DEFINE_FINAL_TYPE (PeygirRegisterItem, peygir_register_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ENTRY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
peygir_register_item_finalize (GObject *object)
{
  PeygirRegisterItem *self = (PeygirRegisterItem *)object;

  g_clear_pointer (&self->entry, peygir_register_entry_free);

  G_OBJECT_CLASS (peygir_register_item_parent_class)->finalize (object);
}

static void
peygir_register_item_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  PeygirRegisterItem *self = PEYGIR_REGISTER_ITEM (object);

  switch (prop_id)
    {
    case PROP_ENTRY:
      g_value_set_pointer (value, self->entry);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
peygir_register_item_class_init (PeygirRegisterItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = peygir_register_item_finalize;
  object_class->get_property = peygir_register_item_get_property;

  properties[PROP_ENTRY] =
    g_param_spec_pointer ("entry", NULL, NULL,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
peygir_register_item_init (PeygirRegisterItem *self)
{
}

PeygirRegisterItem *
peygir_register_item_new (PeygirRegisterEntry *entry)
{
  PeygirRegisterItem *self;

  g_return_val_if_fail (entry != NULL, NULL);

  self = g_object_new (PEYGIR_TYPE_REGISTER_ITEM, NULL);
  self->entry = entry;
  return self;
}

const PeygirRegisterEntry *
peygir_register_item_get_entry (PeygirRegisterItem *self)
{
  g_return_val_if_fail (PEYGIR_IS_REGISTER_ITEM (self), NULL);
  return self->entry;
}

gboolean
peygir_register_entry_same (const PeygirRegisterEntry *a,
                            const PeygirRegisterEntry *b)
{
  return a->incoming == b->incoming && a->id == b->id;
}

gboolean
peygir_register_item_is_void (PeygirRegisterItem *self)
{
  g_return_val_if_fail (PEYGIR_IS_REGISTER_ITEM (self), FALSE);
  return self->entry->void_reason != NULL;
}

void
peygir_register_item_set_entry (PeygirRegisterItem  *self,
                                PeygirRegisterEntry *entry)
{
  g_autoptr(PeygirRegisterEntry) old = NULL;
  gboolean changed;

  g_return_if_fail (PEYGIR_IS_REGISTER_ITEM (self));
  g_return_if_fail (entry != NULL);

  old = g_steal_pointer (&self->entry);
  self->entry = entry;
  /* A page read again mostly brings the same rows back: keep quiet then.
   * What can change on a letter once in the register is its voiding, its
   * kept copy, and an answer's number, date and scan. */
  changed = !peygir_register_entry_same (old, entry)
            || g_strcmp0 (old->void_reason, entry->void_reason) != 0
            || g_strcmp0 (old->number, entry->number) != 0
            || old->day != entry->day || old->letter_day != entry->letter_day
            || old->has_pdf != entry->has_pdf
            || old->document_id != entry->document_id;
  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENTRY]);
}
