/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-image-row"

#include "peygir-accessible-private.h"
#include "peygir-image-row.h"

struct _PeygirImageRow
{
  AdwActionRow  parent_instance;

  char         *key;
  char         *filled_subtitle;
  char         *empty_subtitle;
  gboolean      filled;

  GtkPicture   *picture;
  GtkWidget    *choose_button;
  GtkWidget    *remove_button;
};

G_DEFINE_FINAL_TYPE (PeygirImageRow, peygir_image_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_KEY,
  PROP_FILLED_SUBTITLE,
  PROP_EMPTY_SUBTITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
peygir_image_row_update_subtitle (PeygirImageRow *self)
{
  const char *subtitle = self->filled ? self->filled_subtitle : self->empty_subtitle;

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle != NULL ? subtitle : "");
}

static void
peygir_image_row_set_key (PeygirImageRow *self,
                          const char     *key)
{
  g_free (self->key);
  self->key = g_strdup (key);
  if (key != NULL)
    {
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->choose_button), "s", key);
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->remove_button), "s", key);
    }
}

static void
peygir_image_row_finalize (GObject *object)
{
  PeygirImageRow *self = PEYGIR_IMAGE_ROW (object);

  g_free (self->key);
  g_free (self->filled_subtitle);
  g_free (self->empty_subtitle);

  G_OBJECT_CLASS (peygir_image_row_parent_class)->finalize (object);
}

static void
peygir_image_row_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PeygirImageRow *self = PEYGIR_IMAGE_ROW (object);

  switch (prop_id)
    {
    case PROP_KEY:
      g_value_set_string (value, self->key);
      break;
    case PROP_FILLED_SUBTITLE:
      g_value_set_string (value, self->filled_subtitle);
      break;
    case PROP_EMPTY_SUBTITLE:
      g_value_set_string (value, self->empty_subtitle);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
peygir_image_row_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PeygirImageRow *self = PEYGIR_IMAGE_ROW (object);

  switch (prop_id)
    {
    case PROP_KEY:
      peygir_image_row_set_key (self, g_value_get_string (value));
      break;
    case PROP_FILLED_SUBTITLE:
      g_free (self->filled_subtitle);
      self->filled_subtitle = g_value_dup_string (value);
      peygir_image_row_update_subtitle (self);
      break;
    case PROP_EMPTY_SUBTITLE:
      g_free (self->empty_subtitle);
      self->empty_subtitle = g_value_dup_string (value);
      peygir_image_row_update_subtitle (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
peygir_image_row_class_init (PeygirImageRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = peygir_image_row_finalize;
  object_class->get_property = peygir_image_row_get_property;
  object_class->set_property = peygir_image_row_set_property;

  properties[PROP_KEY] =
    g_param_spec_string ("key", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILLED_SUBTITLE] =
    g_param_spec_string ("filled-subtitle", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_EMPTY_SUBTITLE] =
    g_param_spec_string ("empty-subtitle", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/ir/gov/peygir/peygir-image-row.ui");
  gtk_widget_class_bind_template_child (widget_class, PeygirImageRow, picture);
  gtk_widget_class_bind_template_child (widget_class, PeygirImageRow, choose_button);
  gtk_widget_class_bind_template_child (widget_class, PeygirImageRow, remove_button);
}

static void
peygir_image_row_init (PeygirImageRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* made while the preferences are open, perhaps on a page not shown */
  _peygir_accessible_look_after (GTK_WIDGET (self));
}

GtkWidget *
peygir_image_row_new (const char *key,
                      const char *title,
                      const char *filled_subtitle,
                      const char *empty_subtitle)
{
  g_return_val_if_fail (key != NULL, NULL);

  return g_object_new (PEYGIR_TYPE_IMAGE_ROW,
                       "key", key,
                       "title", title,
                       "filled-subtitle", filled_subtitle,
                       "empty-subtitle", empty_subtitle,
                       NULL);
}

const char *
peygir_image_row_get_key (PeygirImageRow *self)
{
  g_return_val_if_fail (PEYGIR_IS_IMAGE_ROW (self), NULL);

  return self->key;
}

void
peygir_image_row_set_image (PeygirImageRow *self,
                            GBytes         *png)
{
  g_autoptr(GdkTexture) texture = NULL;

  g_return_if_fail (PEYGIR_IS_IMAGE_ROW (self));

  if (png != NULL)
    texture = gdk_texture_new_from_bytes (png, NULL);
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
  gtk_widget_set_visible (GTK_WIDGET (self->picture), texture != NULL);
  gtk_widget_set_visible (self->remove_button, png != NULL);
  self->filled = png != NULL;
  peygir_image_row_update_subtitle (self);
}
