/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-user-dialog"

#include <glib/gi18n-lib.h>

#include "peygir-user-dialog.h"
#include "peygir-utils-private.h"

struct _PeygirUserDialog
{
  AdwWindow           parent_instance;

  AdwWindowTitle     *window_title;
  GtkWidget          *save_button;
  GtkSpinner         *spinner;
  GtkWidget          *problem_group;
  GtkLabel           *problem_label;
  GtkLabel           *login_hint;
  AdwEntryRow        *login_row;
  AdwActionRow       *login_shown_row;
  AdwEntryRow        *name_row;
  AdwEntryRow        *title_row;
  AdwActionRow       *expert_row;
  AdwActionRow       *manager_row;
  AdwActionRow       *secretariat_row;
  AdwActionRow       *admin_row;
  GtkCheckButton     *expert_check;
  GtkCheckButton     *manager_check;
  GtkCheckButton     *secretariat_check;
  GtkCheckButton     *admin_check;
  GtkWidget          *active_group;
  GtkSwitch          *active_switch;

  PeygirSession      *session;
  PeygirUser         *user;      /* as listed, or as found after a conflict; NULL: a new one */
  GCancellable       *cancellable;
  char               *problem;
  gboolean            busy;
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (PeygirUserDialog, peygir_user_dialog, ADW_TYPE_WINDOW)

static const struct {
  PeygirRoles  role;
  gsize        row_offset;
  gsize        check_offset;
} role_rows[] = {
  { PEYGIR_ROLE_EXPERT, G_STRUCT_OFFSET (PeygirUserDialog, expert_row), G_STRUCT_OFFSET (PeygirUserDialog, expert_check) },
  { PEYGIR_ROLE_MANAGER, G_STRUCT_OFFSET (PeygirUserDialog, manager_row), G_STRUCT_OFFSET (PeygirUserDialog, manager_check) },
  { PEYGIR_ROLE_SECRETARIAT, G_STRUCT_OFFSET (PeygirUserDialog, secretariat_row), G_STRUCT_OFFSET (PeygirUserDialog, secretariat_check) },
  { PEYGIR_ROLE_ADMIN, G_STRUCT_OFFSET (PeygirUserDialog, admin_row), G_STRUCT_OFFSET (PeygirUserDialog, admin_check) },
};

#define ROLE_CHECK(self, i) (G_STRUCT_MEMBER (GtkCheckButton *, (self), role_rows[i].check_offset))
#define ROLE_ROW(self, i)   (G_STRUCT_MEMBER (AdwActionRow *, (self), role_rows[i].row_offset))

static char *
stripped_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static PeygirRoles
checked_roles (PeygirUserDialog *self)
{
  PeygirRoles roles = PEYGIR_ROLE_NONE;

  for (guint i = 0; i < G_N_ELEMENTS (role_rows); i++)
    if (gtk_check_button_get_active (ROLE_CHECK (self, i)))
      roles |= role_rows[i].role;
  return roles;
}

static void
update_save (PeygirUserDialog *self)
{
  g_autofree char *login = stripped_text (self->login_row);
  g_autofree char *name = stripped_text (self->name_row);
  gboolean ready;

  ready = !self->busy
          && *name != '\0'
          && (self->user != NULL || *login != '\0')
          && checked_roles (self) != PEYGIR_ROLE_NONE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "user.save", ready);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy);
  gtk_spinner_set_spinning (self->spinner, self->busy);
}

/* The dialog's look for a new user or for self->user: only what it shows
 * of them, never what was typed. */
static void
show_mode (PeygirUserDialog *self)
{
  gboolean adding = self->user == NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->login_row), adding);
  gtk_widget_set_visible (GTK_WIDGET (self->login_shown_row), !adding);
  gtk_widget_set_visible (self->active_group, !adding);
  gtk_widget_set_visible (GTK_WIDGET (self->login_hint), adding);
  gtk_button_set_label (GTK_BUTTON (self->save_button), adding ? _("_Add") : _("_Save"));
  if (adding)
    {
      PeygirStore *store = peygir_session_get_store (self->session);

      adw_window_title_set_title (self->window_title, _("Add a User"));
      gtk_window_set_title (GTK_WINDOW (self), _("Add a User"));
      gtk_label_set_text (self->login_hint,
                          peygir_store_location_is_server (peygir_store_get_path (store))
                          ? _("On the database server, the login is the name of the server’s role this person connects as, with its own password: the server’s administrator creates that role.")
                          : _("The name this person signs in to their computer with. It cannot be changed later."));
    }
  else
    {
      /* A login reads left to right even inside a Persian line. */
      g_autofree char *login = g_strconcat ("\u2066", self->user->login, "\u2069", NULL);

      adw_window_title_set_title (self->window_title, self->user->name);
      gtk_window_set_title (GTK_WINDOW (self), self->user->name);
      adw_action_row_set_subtitle (self->login_shown_row, login);
    }
}

static void
show_problem (PeygirUserDialog *self,
              const char       *message)
{
  g_free (self->problem);
  self->problem = g_strdup (message);
  /* Above the form, whole: a toast would cut a long sentence short in a
   * dialog this narrow. */
  _peygir_label_set_sentence (self->problem_label, message);
  gtk_widget_set_visible (self->problem_group, message != NULL);
}

/* Callbacks */

static void
text_changed_cb (PeygirUserDialog *self,
                 GParamSpec       *pspec,
                 AdwEntryRow      *row)
{
  update_save (self);
}

static void
roles_toggled_cb (PeygirUserDialog *self,
                  GtkCheckButton   *check)
{
  update_save (self);
}

static void
save_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PeygirUserDialog) self = user_data;
  PeygirUserChange *change = peygir_session_run_get_data (result);
  g_autoptr(PeygirUser) saved = NULL;
  g_autoptr(GError) error = NULL;

  saved = peygir_session_run_finish (PEYGIR_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy = FALSE;
  update_save (self);

  if (saved == NULL)
    {
      /* What was typed stays; the next save goes over the user as the
       * store has them now, once the desk has been told. */
      show_problem (self, error->message);
      if (change->current != NULL || change->added != NULL)
        {
          g_clear_pointer (&self->user, peygir_user_free);
          if (change->current != NULL)
            self->user = g_steal_pointer (&change->current);
          else
            self->user = g_steal_pointer (&change->added);
          show_mode (self);
          update_save (self);
          g_signal_emit (self, signals[CHANGED], 0, NULL);
        }
      return;
    }

  show_problem (self, NULL);
  g_signal_emit (self, signals[CHANGED], 0, saved);
  gtk_window_close (GTK_WINDOW (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PeygirUserDialog *self = PEYGIR_USER_DIALOG (widget);
  g_autofree char *login = stripped_text (self->login_row);
  g_autofree char *name = stripped_text (self->name_row);
  g_autofree char *title = stripped_text (self->title_row);
  PeygirUser now = { 0 };

  now.login = self->user != NULL ? self->user->login : login;
  now.name = name;
  now.title = *title != '\0' ? title : NULL;
  now.roles = checked_roles (self);
  now.active = self->user != NULL ? gtk_switch_get_active (self->active_switch) : TRUE;
  if (self->user != NULL)
    now.id = self->user->id;

  self->busy = TRUE;
  update_save (self);
  peygir_session_run (self->session, peygir_session_change_user_thread,
                      peygir_user_change_new (self->session, self->user, &now),
                      (GDestroyNotify) peygir_user_change_free, (GDestroyNotify) peygir_user_free,
                      self->cancellable, save_done_cb, g_object_ref (self));
}

/* GObject */

static void
peygir_user_dialog_dispose (GObject *object)
{
  PeygirUserDialog *self = (PeygirUserDialog *)object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PEYGIR_TYPE_USER_DIALOG);

  G_OBJECT_CLASS (peygir_user_dialog_parent_class)->dispose (object);
}

static void
peygir_user_dialog_finalize (GObject *object)
{
  PeygirUserDialog *self = (PeygirUserDialog *)object;

  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->user, peygir_user_free);
  g_clear_pointer (&self->problem, g_free);

  G_OBJECT_CLASS (peygir_user_dialog_parent_class)->finalize (object);
}

static void
peygir_user_dialog_class_init (PeygirUserDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = peygir_user_dialog_dispose;
  object_class->finalize = peygir_user_dialog_finalize;

  /* The user as saved (a PeygirUser), or NULL: changed by another desk. */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, PEYGIR_TYPE_USER);

  gtk_widget_class_set_template_from_resource (widget_class, "/ir/gov/peygir/peygir-user-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PeygirUserDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, PeygirUserDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, PeygirUserDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, PeygirUserDialog, problem_group);
  gtk_widget_class_bind_template_child (widget_class, PeygirUserDialog, problem_label);
  gtk_widget_class_bind_template_child (widget_class, PeygirUserDialog, login_hint);
  gtk_widget_class_bind_template_child (widget_class, PeygirUserDialog, login_row);
  gtk_widget_class_bind_template_child (widget_class, PeygirUserDialog, login_shown_row);
  gtk_widget_class_bind_template_child (widget_class, PeygirUserDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, PeygirUserDialog, title_row);
  gtk_widget_class_bind_template_child (widget_class, PeygirUserDialog, expert_row);
  gtk_widget_class_bind_template_child (widget_class, PeygirUserDialog, manager_row);
  gtk_widget_class_bind_template_child (widget_class, PeygirUserDialog, secretariat_row);
  gtk_widget_class_bind_template_child (widget_class, PeygirUserDialog, admin_row);
  gtk_widget_class_bind_template_child (widget_class, PeygirUserDialog, expert_check);
  gtk_widget_class_bind_template_child (widget_class, PeygirUserDialog, manager_check);
  gtk_widget_class_bind_template_child (widget_class, PeygirUserDialog, secretariat_check);
  gtk_widget_class_bind_template_child (widget_class, PeygirUserDialog, admin_check);
  gtk_widget_class_bind_template_child (widget_class, PeygirUserDialog, active_group);
  gtk_widget_class_bind_template_child (widget_class, PeygirUserDialog, active_switch);
  gtk_widget_class_bind_template_callback (widget_class, text_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, roles_toggled_cb);

  gtk_widget_class_install_action (widget_class, "user.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
peygir_user_dialog_init (PeygirUserDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  /* The roles' names are the office's, from the one table that has them;
   * each check is its row's activatable widget, labelled by its title. */
  for (guint i = 0; i < G_N_ELEMENTS (role_rows); i++)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (ROLE_ROW (self, i)), peygir_role_label (role_rows[i].role));
}

GtkWidget *
peygir_user_dialog_new (GtkWindow        *parent,
                        PeygirSession    *session,
                        const PeygirUser *user)
{
  PeygirUserDialog *self;

  g_return_val_if_fail (PEYGIR_IS_SESSION (session), NULL);

  self = g_object_new (PEYGIR_TYPE_USER_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->session = g_object_ref (session);
  if (user != NULL)
    {
      self->user = peygir_user_copy (user);
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), user->name != NULL ? user->name : "");
      gtk_editable_set_text (GTK_EDITABLE (self->title_row), user->title != NULL ? user->title : "");
      for (guint i = 0; i < G_N_ELEMENTS (role_rows); i++)
        gtk_check_button_set_active (ROLE_CHECK (self, i), (user->roles & role_rows[i].role) != 0);
      gtk_switch_set_active (self->active_switch, user->active);
    }
  show_mode (self);
  update_save (self);
  return GTK_WIDGET (self);
}

const PeygirUser *
peygir_user_dialog_get_user (PeygirUserDialog *self)
{
  g_return_val_if_fail (PEYGIR_IS_USER_DIALOG (self), NULL);
  return self->user;
}

gboolean
peygir_user_dialog_get_busy (PeygirUserDialog *self)
{
  g_return_val_if_fail (PEYGIR_IS_USER_DIALOG (self), FALSE);
  return self->busy;
}

const char *
peygir_user_dialog_get_problem (PeygirUserDialog *self)
{
  g_return_val_if_fail (PEYGIR_IS_USER_DIALOG (self), NULL);
  return self->problem;
}
