/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-preferences-window"

#include <glib/gi18n-lib.h>

#include "peygir-agencies-page.h"
#include "peygir-application.h"
#include "peygir-deadline-settings-page.h"
#include "peygir-file-chooser.h"
#include "peygir-holidays-page.h"
#include "peygir-letter-settings-page.h"
#include "peygir-preferences-window.h"
#include "peygir-store.h"
#include "peygir-users-page.h"
#include "peygir-utils-private.h"
#include "peygir-window.h"

struct _PeygirPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwActionRow         *path_row;
  AdwActionRow         *network_row;
  GtkImage             *network_icon;
  GtkSwitch            *system_language_switch;
  GtkSwitch            *notifications_switch;

  GSettings            *settings;
  GCancellable         *cancellable;
  GtkWidget            *letter_settings_page;
  GtkFileChooserNative *chooser;
  char                 *path;
  char                 *network_text;
  guint                 busy;
};

G_DEFINE_FINAL_TYPE (PeygirPreferencesWindow, peygir_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* Looking at the file system, which may hang on a dead share. */

typedef struct
{
  gboolean  network;
  char     *fs_name;
} NetworkResult;

static void
network_result_free (NetworkResult *result)
{
  g_free (result->fs_name);
  g_free (result);
}

static void
network_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  NetworkResult *result = g_new0 (NetworkResult, 1);

  result->network = peygir_store_path_is_network (task_data, &result->fs_name);
  g_task_return_pointer (task, result, (GDestroyNotify) network_result_free);
}

static void
network_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  PeygirPreferencesWindow *self = PEYGIR_PREFERENCES_WINDOW (object);
  NetworkResult *network;
  const char *fs_name;

  self->busy--;
  network = g_task_propagate_pointer (G_TASK (result), NULL);
  if (network == NULL || g_strcmp0 (g_task_get_task_data (G_TASK (result)), self->path) != 0)
    {
      g_clear_pointer (&network, network_result_free);
      return;
    }

  fs_name = network->fs_name != NULL ? network->fs_name : "?";
  g_free (self->network_text);
  if (network->network)
    self->network_text = g_strdup_printf (_("On a network file system (%s). Peygir keeps SQLite’s rollback journal there, never WAL, and holds no read open while you work. Every desk needs write access to the folder, for the journal file beside the database. The share must keep byte-range locks: mount CIFS without “nobrl” and NFS without “nolock”, and turn oplocks off for the database on the Samba server."),
                                          fs_name);
  else
    self->network_text = g_strdup_printf (_("On this computer’s own disk (%s). Only this desk can use it; for an office, put the database on a shared folder of the file server."),
                                          fs_name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->network_row),
                                 network->network ? _("On a network share") : _("On this computer"));
  adw_action_row_set_subtitle (self->network_row, self->network_text);
  gtk_image_set_from_icon_name (self->network_icon,
                                network->network ? "network-server-symbolic" : "drive-harddisk-symbolic");
  network_result_free (network);
}

/* A server's location shown as role, host and database: never with its
 * password, which a location typed elsewhere (--db, PEYGIR_DB) may hold. */
static void
peygir_preferences_window_show_server (PeygirPreferencesWindow *self,
                                       const char              *location)
{
  g_autofree char *user = NULL;
  g_autofree char *host = NULL;
  g_autofree char *dbname = NULL;
  g_autofree char *shown = NULL;

  _peygir_server_parts_for_display (location, &user, &host, &dbname);
  /* the whole reads left to right too, not only its parts */
  shown = g_strdup_printf ("\u2066%s@%s/%s\u2069", user, host, dbname);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->path_row), _("Database server"));
  adw_action_row_set_subtitle (self->path_row, shown);
  g_free (self->network_text);
  self->network_text = g_strdup_printf (_("On the database server %s (database %s). Each person connects as their own role, with its password."),
                                        host, dbname);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->network_row), _("On a database server"));
  adw_action_row_set_subtitle (self->network_row, self->network_text);
  gtk_image_set_from_icon_name (self->network_icon, "network-server-symbolic");
}

void
peygir_preferences_window_set_path (PeygirPreferencesWindow *self,
                                    const char              *path)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PEYGIR_IS_PREFERENCES_WINDOW (self));
  g_return_if_fail (path != NULL);

  g_free (self->path);
  self->path = g_strdup (path);
  g_clear_pointer (&self->network_text, g_free);
  if (peygir_store_location_is_server (path))
    {
      peygir_preferences_window_show_server (self, path);
      return;
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->path_row), _("Database file"));
  {
    /* A path reads left to right even inside a Persian line (LRI … PDI). */
    g_autofree char *shown = g_strconcat ("\u2066", path, "\u2069", NULL);

    adw_action_row_set_subtitle (self->path_row, shown);
  }
  adw_action_row_set_subtitle (self->network_row, _("Looking…"));

  self->busy++;
  task = g_task_new (self, self->cancellable, network_done_cb, NULL);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, network_thread);
}

/* Choosing another database */

static void
create_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  g_autoptr(PeygirStore) store = NULL;
  GError *error = NULL;

  store = peygir_store_open (task_data, PEYGIR_STORE_OPEN_CREATE, &error);
  if (store == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
peygir_preferences_window_use_path (PeygirPreferencesWindow *self,
                                    const char              *path)
{
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "database-path", path);
  peygir_preferences_window_set_path (self, path);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    adw_toast_new (_("Peygir opens this database the next time it starts.")));
}

static void
create_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  PeygirPreferencesWindow *self = PEYGIR_PREFERENCES_WINDOW (object);
  g_autoptr(GError) error = NULL;

  self->busy--;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
      return;
    }
  peygir_preferences_window_use_path (self, g_task_get_task_data (G_TASK (result)));
}

static void
database_to_create_chosen_cb (GtkWidget *widget,
                              GFile     *file)
{
  PeygirPreferencesWindow *self = PEYGIR_PREFERENCES_WINDOW (widget);
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GTask) task = NULL;

  if (path == NULL)
    return;
  task = g_task_new (self, self->cancellable, create_done_cb, NULL);
  self->busy++;
  g_task_set_task_data (task, g_steal_pointer (&path), g_free);
  g_task_run_in_thread (task, create_thread);
}

static void
database_to_open_chosen_cb (GtkWidget *widget,
                            GFile     *file)
{
  g_autofree char *path = g_file_get_path (file);

  if (path != NULL)
    peygir_preferences_window_use_path (PEYGIR_PREFERENCES_WINDOW (widget), path);
}

static void
peygir_preferences_window_choose (PeygirPreferencesWindow *self,
                                  gboolean                 create)
{
  static const char * const patterns[] = { "*.db", "*.sqlite", NULL };
  const PeygirFileChooserOptions options = {
    .title = create ? _("New Database") : _("Open a Database"),
    .action = create ? GTK_FILE_CHOOSER_ACTION_SAVE : GTK_FILE_CHOOSER_ACTION_OPEN,
    .accept_label = create ? _("_Create") : _("_Open"),
    .cancel_label = _("_Cancel"),
    .filter_name = _("Peygir databases"),
    .patterns = patterns,
    .current_name = create ? "peygir.db" : NULL,
  };

  peygir_file_chooser_open (GTK_WIDGET (self), &self->chooser, &options,
                            create ? database_to_create_chosen_cb : database_to_open_chosen_cb);
}

static void
preferences_open_database_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  peygir_preferences_window_choose (PEYGIR_PREFERENCES_WINDOW (widget), FALSE);
}

static void
preferences_create_database_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  peygir_preferences_window_choose (PEYGIR_PREFERENCES_WINDOW (widget), TRUE);
}

/* A server typed in: a libpq location (without a password), or the path
 * of a file. */
static void
server_apply_cb (PeygirPreferencesWindow *self,
                 AdwEntryRow             *row)
{
  g_autofree char *location = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  g_autoptr(GError) error = NULL;

  if (g_path_is_absolute (location)
      || peygir_store_check_server_location (location, &error))
    {
      gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
      gtk_editable_set_text (GTK_EDITABLE (row), "");
      peygir_preferences_window_use_path (self, location);
      return;
    }
  gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
}

static void
server_changed_cb (PeygirPreferencesWindow *self,
                   GParamSpec              *pspec,
                   AdwEntryRow             *row)
{
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

/* The administrator's pages, for the session of the window it belongs to. */

void
peygir_preferences_window_set_session (PeygirPreferencesWindow *self,
                                       PeygirSession           *session)
{
  g_return_if_fail (PEYGIR_IS_PREFERENCES_WINDOW (self));
  g_return_if_fail (PEYGIR_IS_SESSION (session));

  if (self->letter_settings_page != NULL
      || !peygir_session_has_role (session, PEYGIR_ROLE_ADMIN))
    return;
  self->letter_settings_page = peygir_letter_settings_page_new (session);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (self->letter_settings_page));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (peygir_deadline_settings_page_new (session)));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (peygir_users_page_new (session)));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (peygir_agencies_page_new (session)));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (peygir_holidays_page_new (session)));
}

static void
transient_for_changed_cb (PeygirPreferencesWindow *self,
                          GParamSpec              *pspec,
                          gpointer                 user_data)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (PEYGIR_IS_WINDOW (parent) && peygir_window_get_session (PEYGIR_WINDOW (parent)) != NULL)
    peygir_preferences_window_set_session (self, peygir_window_get_session (PEYGIR_WINDOW (parent)));
}

/* GObject */

static void
peygir_preferences_window_dispose (GObject *object)
{
  PeygirPreferencesWindow *self = (PeygirPreferencesWindow *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), PEYGIR_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (peygir_preferences_window_parent_class)->dispose (object);
}

static void
peygir_preferences_window_finalize (GObject *object)
{
  PeygirPreferencesWindow *self = (PeygirPreferencesWindow *)object;

  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->network_text, g_free);

  G_OBJECT_CLASS (peygir_preferences_window_parent_class)->finalize (object);
}

static void
peygir_preferences_window_class_init (PeygirPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = peygir_preferences_window_dispose;
  object_class->finalize = peygir_preferences_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/ir/gov/peygir/peygir-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PeygirPreferencesWindow, path_row);
  gtk_widget_class_bind_template_child (widget_class, PeygirPreferencesWindow, network_row);
  gtk_widget_class_bind_template_child (widget_class, PeygirPreferencesWindow, network_icon);
  gtk_widget_class_bind_template_child (widget_class, PeygirPreferencesWindow, system_language_switch);
  gtk_widget_class_bind_template_child (widget_class, PeygirPreferencesWindow, notifications_switch);
  gtk_widget_class_bind_template_callback (widget_class, server_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, server_changed_cb);

  gtk_widget_class_install_action (widget_class, "preferences.open-database", NULL, preferences_open_database_action);
  gtk_widget_class_install_action (widget_class, "preferences.create-database", NULL, preferences_create_database_action);
}

/* libadwaita's own lists of what a search found: the lists outside the
 * pages one adds */
static void
name_results_lists (GtkWidget *widget)
{
  if (ADW_IS_PREFERENCES_PAGE (widget) && ADW_IS_VIEW_STACK (gtk_widget_get_parent (widget)))
    return;
  if (GTK_IS_LIST_BOX (widget))
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Search Results"), -1);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    name_results_lists (child);
}

/* libadwaita's own search, named for a screen reader */
static void
name_search (PeygirPreferencesWindow *self)
{
  GtkWidget *entry = _peygir_find_search_entry (GTK_WIDGET (self));

  if (entry != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    _("Search the preferences"), -1);
  name_results_lists (GTK_WIDGET (self));
}

static void
peygir_preferences_window_init (PeygirPreferencesWindow *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  name_search (self);

  g_signal_connect (self, "notify::transient-for", G_CALLBACK (transient_for_changed_cb), NULL);

  self->settings = peygir_application_new_settings ();
  if (self->settings != NULL)
    {
      g_settings_bind (self->settings, "use-system-language",
                       self->system_language_switch, "active", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "notifications",
                       self->notifications_switch, "active", G_SETTINGS_BIND_DEFAULT);
    }
  else
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->system_language_switch), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->notifications_switch), FALSE);
    }
}

GtkWidget *
peygir_preferences_window_new (const char *database_path)
{
  PeygirPreferencesWindow *self = g_object_new (PEYGIR_TYPE_PREFERENCES_WINDOW, NULL);

  if (database_path != NULL)
    peygir_preferences_window_set_path (self, database_path);
  return GTK_WIDGET (self);
}

const char *
peygir_preferences_window_get_network_text (PeygirPreferencesWindow *self)
{
  g_return_val_if_fail (PEYGIR_IS_PREFERENCES_WINDOW (self), NULL);
  return self->network_text;
}

gboolean
peygir_preferences_window_get_busy (PeygirPreferencesWindow *self)
{
  g_return_val_if_fail (PEYGIR_IS_PREFERENCES_WINDOW (self), FALSE);
  return self->busy > 0;
}
