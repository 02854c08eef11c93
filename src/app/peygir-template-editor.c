/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-template-editor"

#include <glib/gi18n-lib.h>

#include "peygir-letter-template.h"
#include "peygir-template-editor.h"

struct _PeygirTemplateEditor
{
  AdwPreferencesGroup  parent_instance;

  PeygirLetterKind     kind;
  char                *saved;        /* as the store has it; "" = the default; NULL until read */
  GPtrArray           *field_rows;   /* AdwActionRow, in the order of peygir_letter_template_fields () */

  /* Template widgets */
  GtkWidget           *preview_button;
  GtkTextView         *view;
  GtkTextBuffer       *buffer;
  GtkLabel            *warning_label;
  AdwExpanderRow      *fields_row;
  GtkWidget           *unsaved_label;
  GtkWidget           *restore_button;
  GtkWidget           *save_button;
};

G_DEFINE_FINAL_TYPE (PeygirTemplateEditor, peygir_template_editor, ADW_TYPE_PREFERENCES_GROUP)

enum {
  PROP_0,
  PROP_KIND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
peygir_template_editor_update_unsaved (PeygirTemplateEditor *self)
{
  gtk_widget_set_visible (self->unsaved_label, peygir_template_editor_is_unsaved (self));
}

static void
peygir_template_editor_update_warning (PeygirTemplateEditor *self)
{
  g_autofree char *text = peygir_template_editor_dup_text (self);
  g_auto(GStrv) unknown = peygir_letter_template_unknown_fields (text, NULL);
  g_autoptr(GString) fields = NULL;
  g_autofree char *message = NULL;

  if (unknown == NULL)
    {
      gtk_label_set_text (self->warning_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->warning_label), FALSE);
      return;
    }

  fields = g_string_new (NULL);
  for (guint i = 0; unknown[i] != NULL; i++)
    /* Field names are Latin: each one isolated, so that braces and spaces
     * keep their places inside a Persian sentence. */
    g_string_append_printf (fields, "%s\u2066{%s}\u2069", i > 0 ? " " : "", unknown[i]);
  message = g_strdup_printf (_("Peygir does not know these fields; the letter would print them as written: %s"),
                             fields->str);
  gtk_label_set_text (self->warning_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->warning_label), TRUE);
}

static void
buffer_changed_cb (PeygirTemplateEditor *self,
                   GtkTextBuffer        *buffer)
{
  peygir_template_editor_update_unsaved (self);
  peygir_template_editor_update_warning (self);
}

static void
field_row_activated_cb (PeygirTemplateEditor *self,
                        AdwActionRow         *row)
{
  const PeygirLetterField *fields = peygir_letter_template_fields (NULL);
  guint i;

  if (!g_ptr_array_find (self->field_rows, row, &i))
    return;
  {
    g_autofree char *field = g_strdup_printf ("{%s}", fields[i].name);

    gtk_text_buffer_insert_at_cursor (self->buffer, field, -1);
  }
}

/* Everything that depends on the kind: the title, the names the tests and
 * the accessibility tree see, and the buttons' target. */
static void
peygir_template_editor_set_kind (PeygirTemplateEditor *self,
                                 PeygirLetterKind      kind)
{
  const char *id = peygir_letter_kind_to_string (kind);
  g_autofree char *title = g_strdup_printf (_("Template of the letter: %s"), peygir_letter_kind_label (kind));
  g_autofree char *view_name = g_strconcat ("template-", id, NULL);
  g_autofree char *warning_name = g_strconcat ("template-", id, "-warning", NULL);
  g_autofree char *unsaved_name = g_strconcat ("template-", id, "-unsaved", NULL);
  g_autofree char *fields_name = g_strconcat ("template-", id, "-fields", NULL);
  const PeygirLetterField *fields;
  guint n_fields = 0;

  self->kind = kind;
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), title);
  gtk_widget_set_name (GTK_WIDGET (self->view), view_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_widget_set_name (GTK_WIDGET (self->warning_label), warning_name);
  gtk_widget_set_name (self->unsaved_label, unsaved_name);
  gtk_widget_set_name (GTK_WIDGET (self->fields_row), fields_name);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->preview_button), "s", id);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->restore_button), "s", id);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->save_button), "s", id);

  fields = peygir_letter_template_fields (&n_fields);
  for (guint i = 0; i < n_fields; i++)
    {
      g_autofree char *shown = g_strdup_printf ("\u2066{%s}\u2069", fields[i].name);
      g_autofree char *row_name = g_strconcat ("template-", id, "-field-", fields[i].name, NULL);
      GtkWidget *row = adw_action_row_new ();

      gtk_widget_set_name (row, row_name);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), shown);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _(fields[i].description));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_signal_connect_object (row, "activated", G_CALLBACK (field_row_activated_cb), self, G_CONNECT_SWAPPED);
      g_ptr_array_add (self->field_rows, row);
      adw_expander_row_add_row (self->fields_row, row);
    }
}

static void
peygir_template_editor_dispose (GObject *object)
{
  PeygirTemplateEditor *self = PEYGIR_TEMPLATE_EDITOR (object);

  g_clear_pointer (&self->field_rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), PEYGIR_TYPE_TEMPLATE_EDITOR);

  G_OBJECT_CLASS (peygir_template_editor_parent_class)->dispose (object);
}

static void
peygir_template_editor_finalize (GObject *object)
{
  PeygirTemplateEditor *self = PEYGIR_TEMPLATE_EDITOR (object);

  g_free (self->saved);

  G_OBJECT_CLASS (peygir_template_editor_parent_class)->finalize (object);
}

static void
peygir_template_editor_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  PeygirTemplateEditor *self = PEYGIR_TEMPLATE_EDITOR (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_int (value, self->kind);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
peygir_template_editor_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  PeygirTemplateEditor *self = PEYGIR_TEMPLATE_EDITOR (object);

  switch (prop_id)
    {
    case PROP_KIND:
      peygir_template_editor_set_kind (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
peygir_template_editor_class_init (PeygirTemplateEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = peygir_template_editor_dispose;
  object_class->finalize = peygir_template_editor_finalize;
  object_class->get_property = peygir_template_editor_get_property;
  object_class->set_property = peygir_template_editor_set_property;

  properties[PROP_KIND] =
    g_param_spec_int ("kind", NULL, NULL, 0, PEYGIR_N_LETTER_KINDS - 1, 0,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/ir/gov/peygir/peygir-template-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, PeygirTemplateEditor, preview_button);
  gtk_widget_class_bind_template_child (widget_class, PeygirTemplateEditor, view);
  gtk_widget_class_bind_template_child (widget_class, PeygirTemplateEditor, buffer);
  gtk_widget_class_bind_template_child (widget_class, PeygirTemplateEditor, warning_label);
  gtk_widget_class_bind_template_child (widget_class, PeygirTemplateEditor, fields_row);
  gtk_widget_class_bind_template_child (widget_class, PeygirTemplateEditor, unsaved_label);
  gtk_widget_class_bind_template_child (widget_class, PeygirTemplateEditor, restore_button);
  gtk_widget_class_bind_template_child (widget_class, PeygirTemplateEditor, save_button);
  gtk_widget_class_bind_template_callback (widget_class, buffer_changed_cb);
}

static void
peygir_template_editor_init (PeygirTemplateEditor *self)
{
  self->field_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Templates are Persian whatever the interface's language. */
  gtk_widget_set_direction (GTK_WIDGET (self->view), GTK_TEXT_DIR_RTL);
}

GtkWidget *
peygir_template_editor_new (PeygirLetterKind kind)
{
  g_return_val_if_fail (kind < PEYGIR_N_LETTER_KINDS, NULL);

  return g_object_new (PEYGIR_TYPE_TEMPLATE_EDITOR, "kind", kind, NULL);
}

PeygirLetterKind
peygir_template_editor_get_kind (PeygirTemplateEditor *self)
{
  g_return_val_if_fail (PEYGIR_IS_TEMPLATE_EDITOR (self), 0);

  return self->kind;
}

char *
peygir_template_editor_dup_text (PeygirTemplateEditor *self)
{
  GtkTextIter start, end;

  g_return_val_if_fail (PEYGIR_IS_TEMPLATE_EDITOR (self), NULL);

  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  return gtk_text_buffer_get_text (self->buffer, &start, &end, FALSE);
}

void
peygir_template_editor_set_text (PeygirTemplateEditor *self,
                                 const char           *text)
{
  g_return_if_fail (PEYGIR_IS_TEMPLATE_EDITOR (self));

  gtk_text_buffer_set_text (self->buffer, text != NULL ? text : "", -1);
}

void
peygir_template_editor_set_saved (PeygirTemplateEditor *self,
                                  const char           *saved)
{
  g_return_if_fail (PEYGIR_IS_TEMPLATE_EDITOR (self));

  g_free (self->saved);
  self->saved = g_strdup (saved);
  peygir_template_editor_update_unsaved (self);
}

gboolean
peygir_template_editor_is_unsaved (PeygirTemplateEditor *self)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (PEYGIR_IS_TEMPLATE_EDITOR (self), FALSE);

  if (self->saved == NULL)
    return FALSE;
  text = peygir_template_editor_dup_text (self);
  g_strstrip (text);
  return !g_str_equal (text, self->saved[0] != '\0' ? self->saved : peygir_letter_template_default_body (self->kind));
}
