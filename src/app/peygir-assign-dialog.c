/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-assign-dialog"

#include <glib/gi18n-lib.h>

#include "peygir-assign-dialog.h"
#include "peygir-utils-private.h"

struct _PeygirAssignDialog
{
  AdwMessageDialog  parent_instance;

  GtkDropDown      *expert_dropdown;

  GArray           *expert_ids;  /* of gint64, in the drop-down's order */
  gint64            current_id;  /* the case's expert now; 0: none */
};

G_DEFINE_FINAL_TYPE (PeygirAssignDialog, peygir_assign_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
expert_selected_cb (PeygirAssignDialog *self)
{
  gint64 chosen = peygir_assign_dialog_get_assignee (self);

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "assign",
                                           chosen != 0 && chosen != self->current_id);
}

static void
peygir_assign_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), PEYGIR_TYPE_ASSIGN_DIALOG);

  G_OBJECT_CLASS (peygir_assign_dialog_parent_class)->dispose (object);
}

static void
peygir_assign_dialog_finalize (GObject *object)
{
  PeygirAssignDialog *self = PEYGIR_ASSIGN_DIALOG (object);

  g_clear_pointer (&self->expert_ids, g_array_unref);

  G_OBJECT_CLASS (peygir_assign_dialog_parent_class)->finalize (object);
}

static void
peygir_assign_dialog_class_init (PeygirAssignDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = peygir_assign_dialog_dispose;
  object_class->finalize = peygir_assign_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/ir/gov/peygir/peygir-assign-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PeygirAssignDialog, expert_dropdown);
  gtk_widget_class_bind_template_callback (widget_class, expert_selected_cb);
}

static void
peygir_assign_dialog_init (PeygirAssignDialog *self)
{
  self->expert_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  gtk_widget_init_template (GTK_WIDGET (self));
  /* found by any part of a name, whichever ی or ک it was written with */
  _peygir_drop_down_set_searchable (self->expert_dropdown);
}

GtkWidget *
peygir_assign_dialog_new (GtkWindow        *parent,
                          const PeygirCase *kase,
                          GPtrArray        *experts)
{
  PeygirAssignDialog *self;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (kase != NULL, NULL);
  g_return_val_if_fail (experts != NULL, NULL);

  self = g_object_new (PEYGIR_TYPE_ASSIGN_DIALOG,
                       "transient-for", parent,
                       NULL);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self),
                                    "cancel", _("_Cancel"),
                                    "assign", _("_Assign"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), "assign", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self), "assign");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "cancel");
  self->current_id = kase->expert_id;
  for (guint i = 0; i < experts->len; i++)
    {
      const PeygirUser *user = g_ptr_array_index (experts, i);

      g_array_append_val (self->expert_ids, user->id);
      gtk_string_list_append (names, user->name != NULL && *user->name != '\0' ? user->name : user->login);
    }
  gtk_drop_down_set_model (self->expert_dropdown, G_LIST_MODEL (names));

  if (!peygir_assign_dialog_set_assignee (self, kase->expert_id))
    expert_selected_cb (self);

  return GTK_WIDGET (self);
}

gint64
peygir_assign_dialog_get_assignee (PeygirAssignDialog *self)
{
  guint selected;

  g_return_val_if_fail (PEYGIR_IS_ASSIGN_DIALOG (self), 0);

  selected = gtk_drop_down_get_selected (self->expert_dropdown);
  return selected < self->expert_ids->len ? g_array_index (self->expert_ids, gint64, selected) : 0;
}

gboolean
peygir_assign_dialog_set_assignee (PeygirAssignDialog *self,
                                   gint64              user_id)
{
  g_return_val_if_fail (PEYGIR_IS_ASSIGN_DIALOG (self), FALSE);

  for (guint i = 0; i < self->expert_ids->len; i++)
    if (g_array_index (self->expert_ids, gint64, i) == user_id)
      {
        gtk_drop_down_set_selected (self->expert_dropdown, i);
        expert_selected_cb (self);
        return TRUE;
      }
  return FALSE;
}
