/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-users-page"

#include <glib/gi18n-lib.h>

#include "peygir-format.h"
#include "peygir-user-dialog.h"
#include "peygir-users-page.h"
#include "peygir-utils-private.h"

struct _PeygirUsersPage
{
  AdwPreferencesPage  parent_instance;

  GtkListBox         *user_list;

  PeygirSession      *session;
  GCancellable       *cancellable;
  GPtrArray          *users;      /* of PeygirUser, as listed */
  GtkWidget          *dialog;     /* weak */
  char               *problem;
  guint               loads;      /* reads under way */
  guint               load_serial;
};

G_DEFINE_FINAL_TYPE (PeygirUsersPage, peygir_users_page, ADW_TYPE_PREFERENCES_PAGE)

/* The active first, each part in the store's order. */
static int
compare_users (gconstpointer a,
               gconstpointer b)
{
  const PeygirUser *x = *(const PeygirUser * const *) a;
  const PeygirUser *y = *(const PeygirUser * const *) b;

  if (x->active != y->active)
    return x->active ? -1 : 1;
  return (x->id > y->id) - (x->id < y->id);
}

static GtkWidget *
user_row_new (const PeygirUser *user)
{
  GtkWidget *row = adw_action_row_new ();
  const char *shown_name = user->name != NULL && user->name[0] != '\0' ? user->name : user->login;
  g_autofree char *roles = peygir_format_roles (user->roles);
  g_autofree char *name = g_strconcat ("user-", user->login, NULL);
  /* A login reads left to right even inside a Persian line. */
  g_autofree char *subtitle = g_strdup_printf ("\u2066%s\u2069 · %s", user->login, roles);

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), shown_name);
  /* as GNOME Settings' users: the person's initials beside their name */
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), adw_avatar_new (32, shown_name, TRUE));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "users.edit");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row), g_variant_new_string (user->login));
  if (!user->active)
    {
      GtkWidget *label = gtk_label_new (_("Deactivated"));

      gtk_widget_add_css_class (row, "dim-label");
      gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  return row;
}

static void
show_users (PeygirUsersPage *self)
{
  _peygir_list_box_remove_all (self->user_list);
  for (guint i = 0; i < self->users->len; i++)
    gtk_list_box_append (self->user_list, user_row_new (g_ptr_array_index (self->users, i)));
}

static const PeygirUser *
find_listed (PeygirUsersPage *self,
             const char      *login)
{
  for (guint i = 0; i < self->users->len; i++)
    {
      const PeygirUser *user = g_ptr_array_index (self->users, i);

      if (g_strcmp0 (user->login, login) == 0)
        return user;
    }
  return NULL;
}

/* Reading */

static gpointer
list_users_thread (PeygirStore   *store,
                   gpointer       task_data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  return peygir_store_list_users (store, error);
}

static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PeygirUsersPage) self = user_data;
  guint serial = GPOINTER_TO_UINT (peygir_session_run_get_data (result));
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GError) error = NULL;

  users = peygir_session_run_finish (PEYGIR_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->loads--;
  /* A later read is on its way: its list is the one to show. */
  if (serial != self->load_serial)
    return;
  if (users == NULL)
    {
      g_free (self->problem);
      self->problem = g_strdup (error->message);
      _peygir_widget_add_toast (GTK_WIDGET (self), error->message);
      return;
    }
  g_clear_pointer (&self->problem, g_free);
  g_ptr_array_sort (users, compare_users);
  g_clear_pointer (&self->users, g_ptr_array_unref);
  self->users = g_steal_pointer (&users);
  show_users (self);
}

static void
peygir_users_page_load (PeygirUsersPage *self)
{
  self->loads++;
  self->load_serial++;
  peygir_session_run (self->session, list_users_thread, GUINT_TO_POINTER (self->load_serial), NULL,
                      (GDestroyNotify) g_ptr_array_unref, self->cancellable,
                      load_done_cb, g_object_ref (self));
}

/* Callbacks and actions */

static void
session_changed_cb (PeygirUsersPage *self,
                    PeygirSession   *session)
{
  peygir_users_page_load (self);
}

static void
dialog_changed_cb (PeygirUsersPage  *self,
                   const PeygirUser *saved,
                   PeygirUserDialog *dialog)
{
  if (saved == NULL)
    {
      /* Another desk changed the user: the dialog said so; the list
       * shows them as they are now. */
      peygir_users_page_load (self);
      return;
    }
  if (g_strcmp0 (saved->login, peygir_session_get_login (self->session)) == 0)
    peygir_session_set_user (self->session, saved);
  _peygir_widget_add_toast (GTK_WIDGET (self), _("Saved."));
  /* reloads this list too, and every other view of the users */
  peygir_session_changed (self->session);
}

static void
peygir_users_page_open_dialog (PeygirUsersPage  *self,
                               const PeygirUser *user)
{
  if (self->dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->dialog));
      return;
    }
  self->dialog = peygir_user_dialog_new (_peygir_widget_get_window (GTK_WIDGET (self)), self->session, user);
  g_object_add_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
  g_signal_connect_object (self->dialog, "changed", G_CALLBACK (dialog_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (self->dialog));
}

static void
users_add_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  peygir_users_page_open_dialog (PEYGIR_USERS_PAGE (widget), NULL);
}

static void
users_edit_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PeygirUsersPage *self = PEYGIR_USERS_PAGE (widget);
  const PeygirUser *user = find_listed (self, g_variant_get_string (parameter, NULL));

  if (user != NULL)
    peygir_users_page_open_dialog (self, user);
}

/* GObject */

static void
peygir_users_page_dispose (GObject *object)
{
  PeygirUsersPage *self = (PeygirUsersPage *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
      gtk_window_destroy (GTK_WINDOW (self->dialog));
      self->dialog = NULL;
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), PEYGIR_TYPE_USERS_PAGE);

  G_OBJECT_CLASS (peygir_users_page_parent_class)->dispose (object);
}

static void
peygir_users_page_finalize (GObject *object)
{
  PeygirUsersPage *self = (PeygirUsersPage *)object;

  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->users, g_ptr_array_unref);
  g_clear_pointer (&self->problem, g_free);

  G_OBJECT_CLASS (peygir_users_page_parent_class)->finalize (object);
}

static void
peygir_users_page_class_init (PeygirUsersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = peygir_users_page_dispose;
  object_class->finalize = peygir_users_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/ir/gov/peygir/peygir-users-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PeygirUsersPage, user_list);

  gtk_widget_class_install_action (widget_class, "users.add", NULL, users_add_action);
  gtk_widget_class_install_action (widget_class, "users.edit", "s", users_edit_action);
}

static void
peygir_users_page_init (PeygirUsersPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* AdwPreferencesPage's own "name" property hides the widget's. */
  gtk_widget_set_name (GTK_WIDGET (self), "users");

  self->cancellable = g_cancellable_new ();
  self->users = g_ptr_array_new_with_free_func ((GDestroyNotify) peygir_user_free);
}

GtkWidget *
peygir_users_page_new (PeygirSession *session)
{
  PeygirUsersPage *self;

  g_return_val_if_fail (PEYGIR_IS_SESSION (session), NULL);

  self = g_object_new (PEYGIR_TYPE_USERS_PAGE, NULL);
  self->session = g_object_ref (session);
  g_signal_connect_object (session, "changed", G_CALLBACK (session_changed_cb), self, G_CONNECT_SWAPPED);
  peygir_users_page_load (self);
  return GTK_WIDGET (self);
}

gboolean
peygir_users_page_get_busy (PeygirUsersPage *self)
{
  g_return_val_if_fail (PEYGIR_IS_USERS_PAGE (self), FALSE);
  return self->loads > 0
         || (self->dialog != NULL && peygir_user_dialog_get_busy (PEYGIR_USER_DIALOG (self->dialog)));
}

const char *
peygir_users_page_get_problem (PeygirUsersPage *self)
{
  g_return_val_if_fail (PEYGIR_IS_USERS_PAGE (self), NULL);
  return self->problem;
}

GPtrArray *
peygir_users_page_get_users (PeygirUsersPage *self)
{
  g_return_val_if_fail (PEYGIR_IS_USERS_PAGE (self), NULL);
  return self->users;
}

GtkWidget *
peygir_users_page_get_dialog (PeygirUsersPage *self)
{
  g_return_val_if_fail (PEYGIR_IS_USERS_PAGE (self), NULL);
  return self->dialog;
}
