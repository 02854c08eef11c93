/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-profile-dialog"

#include <glib/gi18n-lib.h>

#include "peygir-profile-dialog.h"
#include "peygir-utils-private.h"

struct _PeygirProfileDialog
{
  AdwWindow        parent_instance;

  GtkWidget       *problem_group;
  GtkLabel        *problem_label;
  GtkSpinner      *spinner;
  AdwActionRow    *login_row;
  AdwEntryRow     *name_row;
  AdwEntryRow     *title_row;

  PeygirSession   *session;
  PeygirUser      *user;     /* as read when the dialog opened, or after a conflict */
  GCancellable    *cancellable;
  char            *problem;
  gboolean         busy;
};

G_DEFINE_FINAL_TYPE (PeygirProfileDialog, peygir_profile_dialog, ADW_TYPE_WINDOW)

static char *
stripped_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
update_save (PeygirProfileDialog *self)
{
  g_autofree char *name = stripped_text (self->name_row);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "profile.save",
                                 !self->busy && self->user != NULL && *name != '\0');
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy);
  gtk_spinner_set_spinning (self->spinner, self->busy);
}

static void
show_problem (PeygirProfileDialog *self,
              const char          *message)
{
  g_free (self->problem);
  self->problem = g_strdup (message);
  /* Above the form, whole: a toast would cut a long sentence short in a
   * dialog this narrow. */
  _peygir_label_set_sentence (self->problem_label, message);
  gtk_widget_set_visible (self->problem_group, message != NULL);
}

static void
set_user (PeygirProfileDialog *self,
          PeygirUser          *user)
{
  g_clear_pointer (&self->user, peygir_user_free);
  self->user = user;
}

/* Callbacks */

static void
text_changed_cb (PeygirProfileDialog *self,
                 GParamSpec          *pspec,
                 AdwEntryRow         *row)
{
  update_save (self);
}

static void
read_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PeygirProfileDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  PeygirUser *user;

  user = peygir_session_run_finish (PEYGIR_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy = FALSE;
  if (user == NULL)
    {
      show_problem (self, error->message);
      update_save (self);
      return;
    }
  set_user (self, user);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), user->name != NULL ? user->name : "");
  gtk_editable_set_text (GTK_EDITABLE (self->title_row), user->title != NULL ? user->title : "");
  update_save (self);
}

static void
save_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PeygirProfileDialog) self = user_data;
  PeygirUserChange *change = peygir_session_run_get_data (result);
  g_autoptr(PeygirUser) saved = NULL;
  g_autoptr(GError) error = NULL;

  saved = peygir_session_run_finish (PEYGIR_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy = FALSE;
  if (saved == NULL)
    {
      /* What was typed stays; saving again goes over the user as another
       * desk left them, now that this one has been told. */
      show_problem (self, error->message);
      if (change->current != NULL)
        set_user (self, g_steal_pointer (&change->current));
      update_save (self);
      return;
    }

  show_problem (self, NULL);
  peygir_session_set_user (self->session, saved);
  peygir_session_changed (self->session);
  gtk_window_close (GTK_WINDOW (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PeygirProfileDialog *self = PEYGIR_PROFILE_DIALOG (widget);
  g_autofree char *name = stripped_text (self->name_row);
  g_autofree char *title = stripped_text (self->title_row);
  PeygirUser now;

  now = *self->user;
  now.name = name;
  now.title = *title != '\0' ? title : NULL;

  self->busy = TRUE;
  update_save (self);
  peygir_session_run (self->session, peygir_session_change_user_thread,
                      peygir_user_change_new (self->session, self->user, &now),
                      (GDestroyNotify) peygir_user_change_free, (GDestroyNotify) peygir_user_free,
                      self->cancellable, save_done_cb, g_object_ref (self));
}

/* GObject */

static void
peygir_profile_dialog_dispose (GObject *object)
{
  PeygirProfileDialog *self = (PeygirProfileDialog *)object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PEYGIR_TYPE_PROFILE_DIALOG);

  G_OBJECT_CLASS (peygir_profile_dialog_parent_class)->dispose (object);
}

static void
peygir_profile_dialog_finalize (GObject *object)
{
  PeygirProfileDialog *self = (PeygirProfileDialog *)object;

  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->user, peygir_user_free);
  g_clear_pointer (&self->problem, g_free);

  G_OBJECT_CLASS (peygir_profile_dialog_parent_class)->finalize (object);
}

static void
peygir_profile_dialog_class_init (PeygirProfileDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = peygir_profile_dialog_dispose;
  object_class->finalize = peygir_profile_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/ir/gov/peygir/peygir-profile-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PeygirProfileDialog, problem_group);
  gtk_widget_class_bind_template_child (widget_class, PeygirProfileDialog, problem_label);
  gtk_widget_class_bind_template_child (widget_class, PeygirProfileDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, PeygirProfileDialog, login_row);
  gtk_widget_class_bind_template_child (widget_class, PeygirProfileDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, PeygirProfileDialog, title_row);
  gtk_widget_class_bind_template_callback (widget_class, text_changed_cb);

  gtk_widget_class_install_action (widget_class, "profile.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
peygir_profile_dialog_init (PeygirProfileDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

GtkWidget *
peygir_profile_dialog_new (GtkWindow     *parent,
                           PeygirSession *session)
{
  PeygirProfileDialog *self;
  const char *login;
  g_autofree char *shown = NULL;

  g_return_val_if_fail (PEYGIR_IS_SESSION (session), NULL);

  self = g_object_new (PEYGIR_TYPE_PROFILE_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->session = g_object_ref (session);
  login = peygir_session_get_login (session);
  /* A login reads left to right even inside a Persian line. */
  shown = g_strconcat ("\u2066", login, "\u2069", NULL);
  adw_action_row_set_subtitle (self->login_row, shown);

  self->busy = TRUE;
  update_save (self);
  peygir_session_run (session, peygir_session_find_user_thread, g_strdup (login), g_free,
                      (GDestroyNotify) peygir_user_free, self->cancellable,
                      read_done_cb, g_object_ref (self));
  return GTK_WIDGET (self);
}

gboolean
peygir_profile_dialog_get_busy (PeygirProfileDialog *self)
{
  g_return_val_if_fail (PEYGIR_IS_PROFILE_DIALOG (self), FALSE);
  return self->busy;
}

const char *
peygir_profile_dialog_get_problem (PeygirProfileDialog *self)
{
  g_return_val_if_fail (PEYGIR_IS_PROFILE_DIALOG (self), NULL);
  return self->problem;
}
