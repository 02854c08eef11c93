/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-password-dialog"

#include <glib/gi18n-lib.h>

#include "peygir-password-dialog.h"
#include "peygir-utils-private.h"

struct _PeygirPasswordDialog
{
  AdwMessageDialog  parent_instance;

  GtkLabel         *refusal_label;
  GtkPasswordEntry *password_entry;
  GtkCheckButton   *remember_check;
};

G_DEFINE_FINAL_TYPE (PeygirPasswordDialog, peygir_password_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
password_changed_cb (PeygirPasswordDialog *self,
                     GParamSpec           *pspec,
                     GtkPasswordEntry     *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "connect", *text != '\0');
}

static void
peygir_password_dialog_dispose (GObject *object)
{
  /* GTK 4.8's password entry leaves a focus handler on its text, which
   * the window's focus outlives: let go of the focus while both are here. */
  gtk_window_set_focus (GTK_WINDOW (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), PEYGIR_TYPE_PASSWORD_DIALOG);

  G_OBJECT_CLASS (peygir_password_dialog_parent_class)->dispose (object);
}

static void
peygir_password_dialog_class_init (PeygirPasswordDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = peygir_password_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/ir/gov/peygir/peygir-password-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PeygirPasswordDialog, refusal_label);
  gtk_widget_class_bind_template_child (widget_class, PeygirPasswordDialog, password_entry);
  gtk_widget_class_bind_template_child (widget_class, PeygirPasswordDialog, remember_check);
  gtk_widget_class_bind_template_callback (widget_class, password_changed_cb);
}

static void
peygir_password_dialog_init (PeygirPasswordDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
peygir_password_dialog_new (GtkWindow  *parent,
                            const char *location,
                            const char *refusal)
{
  PeygirPasswordDialog *self;
  g_autofree char *user = NULL;
  g_autofree char *host = NULL;
  g_autofree char *dbname = NULL;
  g_autofree char *body = NULL;

  g_return_val_if_fail (location != NULL, NULL);

  self = g_object_new (PEYGIR_TYPE_PASSWORD_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
  _peygir_server_parts_for_display (location, &user, &host, &dbname);
  body = g_strdup_printf (_("Peygir connects to the database server %s (database %s) as the role %s. Type that role’s password."),
                          host, dbname, user);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), body);
  gtk_label_set_text (self->refusal_label, refusal);
  gtk_widget_set_visible (GTK_WIDGET (self->refusal_label), refusal != NULL);
  return GTK_WIDGET (self);
}

const char *
peygir_password_dialog_get_password (PeygirPasswordDialog *self)
{
  g_return_val_if_fail (PEYGIR_IS_PASSWORD_DIALOG (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->password_entry));
}

gboolean
peygir_password_dialog_get_remember (PeygirPasswordDialog *self)
{
  g_return_val_if_fail (PEYGIR_IS_PASSWORD_DIALOG (self), FALSE);
  return gtk_check_button_get_active (self->remember_check);
}
