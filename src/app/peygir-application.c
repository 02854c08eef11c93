/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-application"

#include <locale.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "peygir-accessible-private.h"
#include "peygir-application.h"
#include "peygir-preferences-window.h"
#include "peygir-store.h"
#include "peygir-text.h"
#include "peygir-vfs-sim.h"
#include "peygir-window.h"

struct _PeygirApplication
{
  AdwApplication  parent_instance;
  char           *db_path;
  gint64          started;      /* monotonic µs, at start-up */
  gboolean        time_startup; /* --time-startup: report the first filled inbox and quit */
  guint           startup_timer;
  guint64         startup_reads; /* the simulated share's reads when it was filled */
};

G_DEFINE_FINAL_TYPE (PeygirApplication, peygir_application, ADW_TYPE_APPLICATION)

#define SCHEMA_ID PEYGIR_APPLICATION_ID

GSettings *
peygir_application_new_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SCHEMA_ID, TRUE);
  if (schema == NULL)
    return NULL;
  return g_settings_new_full (schema, NULL, NULL);
}

gboolean
peygir_application_uses_system_language (void)
{
  g_autoptr(GSettings) settings = peygir_application_new_settings ();

  return settings != NULL && g_settings_get_boolean (settings, "use-system-language");
}

void
peygir_application_setup_i18n (void)
{
  const char *localedir = PEYGIR_LOCALEDIR;

  setlocale (LC_ALL, "");
  if (!peygir_application_uses_system_language ())
    {
      /* gettext ignores LANGUAGE under the C locale: Persian needs a real
       * Persian locale for messages, whatever the session runs in. */
      if (setlocale (LC_MESSAGES, "fa_IR.UTF-8") == NULL
          && setlocale (LC_MESSAGES, "fa_IR.utf8") == NULL)
        g_warning ("The fa_IR.UTF-8 locale is missing: the interface cannot be shown in Persian");
      g_setenv ("LANGUAGE", "fa", TRUE);
      if (!g_get_charset (NULL))
        setlocale (LC_CTYPE, "fa_IR.UTF-8");
    }
  /* GTK would reset what was set here. */
  gtk_disable_setlocale ();

  if (g_file_test (PEYGIR_BUILD_LOCALEDIR, G_FILE_TEST_IS_DIR))
    localedir = PEYGIR_BUILD_LOCALEDIR;
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

void
peygir_application_setup_renderer (void)
{
  const char *debug = g_getenv ("GDK_DEBUG");

  /* GTK 4.8 on X11 opens the GL driver at start-up to choose the windows'
   * visual, even when the cairo renderer will draw every frame: on a
   * software GL (llvmpipe) that is some 60 MB the process never uses.
   * GDK_DEBUG=gl-disable is GTK 4.8's only way to say so (4.16 has
   * GDK_DISABLE=gl); with GL asked for, nothing changes. */
  if (g_strcmp0 (g_getenv ("GSK_RENDERER"), "cairo") != 0)
    return;
  if (debug == NULL || *debug == '\0')
    g_setenv ("GDK_DEBUG", "gl-disable", TRUE);
  else if (strstr (debug, "gl-disable") == NULL && strcmp (debug, "all") != 0)
    {
      g_autofree char *flags = g_strconcat (debug, ",gl-disable", NULL);

      g_setenv ("GDK_DEBUG", flags, TRUE);
    }
}

char *
peygir_application_get_database_path (PeygirApplication *self)
{
  g_autoptr(GSettings) settings = NULL;
  const char *env;

  g_return_val_if_fail (PEYGIR_IS_APPLICATION (self), NULL);

  if (self->db_path != NULL)
    return g_strdup (self->db_path);
  env = g_getenv ("PEYGIR_DB");
  if (env != NULL && *env != '\0')
    return g_strdup (env);
  settings = peygir_application_new_settings ();
  if (settings != NULL)
    {
      g_autofree char *path = g_settings_get_string (settings, "database-path");

      if (*path != '\0')
        return g_steal_pointer (&path);
    }
  return peygir_store_default_path ();
}

static void
peygir_application_about_action (GSimpleAction *action,
                                 GVariant      *parameter,
                                 gpointer       user_data)
{
  PeygirApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autofree char *version = peygir_text_digits_to_persian (PEYGIR_VERSION);
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", window,
                        "modal", TRUE,
                        "application-name", _("Peygir"),
                        "application-icon", PEYGIR_APPLICATION_ID,
                        "version", version,
                        "developer-name", _("The Governorate’s information technology office"),
                        "comments", _("People’s requests and complaints about the province’s executive agencies: intake, review, referral, follow-up and answer."),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
peygir_application_preferences_action (GSimpleAction *action,
                                       GVariant      *parameter,
                                       gpointer       user_data)
{
  PeygirApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autofree char *path = peygir_application_get_database_path (self);
  GtkWidget *preferences;

  preferences = peygir_preferences_window_new (path);
  gtk_window_set_transient_for (GTK_WINDOW (preferences), window);
  gtk_window_present (GTK_WINDOW (preferences));
}

/* A notification's default action: the window, presented, on @parameter's
 * queue. Clicked once Peygir has quit, it starts Peygir: the new window
 * opens on the queue it was showing last, which is then this one. */
static void
peygir_application_show_queue_action (GSimpleAction *action,
                                      GVariant      *parameter,
                                      gpointer       user_data)
{
  PeygirApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *queue_id = g_variant_get_string (parameter, NULL);

  if (window == NULL)
    {
      g_autoptr(GSettings) settings = peygir_application_new_settings ();

      if (settings != NULL)
        g_settings_set_string (settings, "last-queue", queue_id);
      g_application_activate (G_APPLICATION (self));
      return;
    }
  gtk_window_present (window);
  if (PEYGIR_IS_WINDOW (window))
    peygir_window_select_queue (PEYGIR_WINDOW (window), queue_id);
}

static void
peygir_application_quit_action (GSimpleAction *action,
                                GVariant      *parameter,
                                gpointer       user_data)
{
  PeygirApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  for (GList *l = windows; l != NULL; )
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }
}

static const GActionEntry app_actions[] = {
  { "about", peygir_application_about_action },
  { "preferences", peygir_application_preferences_action },
  { "show-queue", peygir_application_show_queue_action, "s" },
  { "quit", peygir_application_quit_action },
};

static gint
peygir_application_handle_local_options (GApplication *application,
                                         GVariantDict *options)
{
  PeygirApplication *self = PEYGIR_APPLICATION (application);
  g_autofree char *db = NULL;

  self->time_startup = g_variant_dict_contains (options, "time-startup");
  if (g_variant_dict_lookup (options, "db", "^ay", &db) && db != NULL && *db != '\0')
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (db);

      g_free (self->db_path);
      self->db_path = g_file_get_path (file);
    }

  return G_APPLICATION_CLASS (peygir_application_parent_class)->handle_local_options (application, options);
}

static void
peygir_application_startup (GApplication *application)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (peygir_application_parent_class)->startup (application);

  /* GTK has just set the direction from its own catalogue; Persian is
   * right to left whatever that said. */
  if (!peygir_application_uses_system_language ())
    gtk_widget_set_default_direction (GTK_TEXT_DIR_RTL);
  _peygir_accessible_init ();

  g_action_map_add_action_entries (G_ACTION_MAP (application), app_actions,
                                   G_N_ELEMENTS (app_actions), application);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.preferences", preferences_accels);
}

/* --time-startup, for the benchmark: the time from start-up to the first
 * frame drawn with the inbox filled, then quit. */
static gboolean
startup_frame_drawn_cb (GtkWidget     *widget,
                        GdkFrameClock *clock,
                        gpointer       user_data)
{
  PeygirApplication *self = user_data;

  g_print ("first filled frame: %.1f ms\n", (g_get_monotonic_time () - self->started) / 1000.0);
  /* on the simulated share, what the desk read from the file to fill it
   * (not the rows further down that GTK asks for once these are there) */
  if (g_getenv ("PEYGIR_VFS_SIM") != NULL)
    g_print ("database reads to fill it: %" G_GUINT64_FORMAT "\n", self->startup_reads);
  g_application_quit (G_APPLICATION (self));
  return G_SOURCE_REMOVE;
}

/* The counts and the first rows, or the empty queue's page, are there:
 * the next frame shows them. What was read so far is what they took; GTK
 * asks for the rows further down only after this. */
static void
startup_inbox_filled_cb (PeygirWindow *window,
                         gpointer      user_data)
{
  PeygirApplication *self = user_data;
  PeygirVfsSimCounts counts;

  peygir_vfs_sim_get_counts (&counts);
  self->startup_reads = counts.db_reads;
  gtk_widget_add_tick_callback (GTK_WIDGET (window), startup_frame_drawn_cb, self, NULL);
  gtk_widget_queue_draw (GTK_WIDGET (window));
}

/* No inbox will come: an unknown login, or a database that cannot open. */
static gboolean
startup_check_cb (gpointer user_data)
{
  PeygirApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *page = window != NULL ? peygir_window_get_page (PEYGIR_WINDOW (window)) : NULL;

  if (g_strcmp0 (page, "unknown-user") != 0 && g_strcmp0 (page, "error") != 0)
    return G_SOURCE_CONTINUE;
  g_printerr ("no inbox to time: the window shows “%s”\n", page);
  g_application_quit (G_APPLICATION (self));
  self->startup_timer = 0;
  return G_SOURCE_REMOVE;
}

static void
peygir_application_activate (GApplication *application)
{
  PeygirApplication *self = PEYGIR_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autofree char *path = NULL;

  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  window = GTK_WINDOW (peygir_window_new (self));
  gtk_window_present (window);
  path = peygir_application_get_database_path (self);
  if (self->time_startup && self->startup_timer == 0)
    {
      g_signal_connect (window, "inbox-filled", G_CALLBACK (startup_inbox_filled_cb), self);
      self->startup_timer = g_timeout_add (20, startup_check_cb, self);
    }
  peygir_window_open_database (PEYGIR_WINDOW (window), path, g_get_user_name ());
}

static void
peygir_application_finalize (GObject *object)
{
  PeygirApplication *self = (PeygirApplication *)object;

  g_clear_pointer (&self->db_path, g_free);
  g_clear_handle_id (&self->startup_timer, g_source_remove);

  G_OBJECT_CLASS (peygir_application_parent_class)->finalize (object);
}

static void
peygir_application_class_init (PeygirApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = peygir_application_finalize;
  app_class->handle_local_options = peygir_application_handle_local_options;
  app_class->startup = peygir_application_startup;
  app_class->activate = peygir_application_activate;
}

static void
peygir_application_init (PeygirApplication *self)
{
  static const GOptionEntry options[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("The database to open: a file, or a server’s location (postgresql://…)"), N_("PATH") },
    { "time-startup", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Print the time to the first filled inbox, then quit (for the benchmark)"), NULL },
    { NULL }
  };

  self->started = g_get_monotonic_time ();

  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

PeygirApplication *
peygir_application_new (void)
{
  return g_object_new (PEYGIR_TYPE_APPLICATION,
                       "application-id", PEYGIR_APPLICATION_ID,
                       "resource-base-path", "/ir/gov/peygir",
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}
