/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "peygir-action-dialog.h"
#include "peygir-agencies-page.h"
#include "peygir-assign-dialog.h"
#include "peygir-deadline-settings-page.h"
#include "peygir-filter-bar.h"
#include "peygir-holidays-page.h"
#include "peygir-image-row.h"
#include "peygir-letter-preview.h"
#include "peygir-letter-settings-page.h"
#include "peygir-month-grid.h"
#include "peygir-office-page.h"
#include "peygir-preferences-window.h"
#include "peygir-print-queue-page.h"
#include "peygir-register-page.h"
#include "peygir-profile-dialog.h"
#include "peygir-template-editor.h"
#include "peygir-user-dialog.h"
#include "peygir-users-page.h"
#include "test-ui-util.h"

/* Every template of the client, checked by gtk4-builder-tool and built for
 * real: the tool does not know libadwaita's types nor Peygir's own, so a
 * template that uses one of them is built in process instead, where a
 * mistake is a fatal warning. */

static const struct {
  const char *file;
  GType     (*type) (void);
} templates[] = {
  { "peygir-window.ui", peygir_window_get_type },
  { "peygir-case-page.ui", peygir_case_page_get_type },
  { "peygir-action-dialog.ui", peygir_action_dialog_get_type },
  { "peygir-agencies-page.ui", peygir_agencies_page_get_type },
  { "peygir-agency-dialog.ui", peygir_agency_dialog_get_type },
  { "peygir-intake-page.ui", peygir_intake_page_get_type },
  { "peygir-preferences-window.ui", peygir_preferences_window_get_type },
  { "peygir-office-page.ui", peygir_office_page_get_type },
  { "peygir-letter-preview.ui", peygir_letter_preview_get_type },
  { "peygir-print-queue-page.ui", peygir_print_queue_page_get_type },
  { "peygir-register-page.ui", peygir_register_page_get_type },
  { "peygir-letter-settings-page.ui", peygir_letter_settings_page_get_type },
  { "peygir-image-row.ui", peygir_image_row_get_type },
  { "peygir-template-editor.ui", peygir_template_editor_get_type },
  { "peygir-deadline-settings-page.ui", peygir_deadline_settings_page_get_type },
  { "peygir-holidays-page.ui", peygir_holidays_page_get_type },
  { "peygir-month-grid.ui", peygir_month_grid_get_type },
  { "peygir-users-page.ui", peygir_users_page_get_type },
  { "peygir-user-dialog.ui", peygir_user_dialog_get_type },
  { "peygir-profile-dialog.ui", peygir_profile_dialog_get_type },
  { "peygir-filter-bar.ui", peygir_filter_bar_get_type },
  { "peygir-assign-dialog.ui", peygir_assign_dialog_get_type },
  { "gtk/help-overlay.ui", NULL },
};

static void
test_validate (gconstpointer data)
{
  guint i = GPOINTER_TO_UINT (data);
  g_autofree char *path = g_build_filename (g_getenv ("PEYGIR_SOURCE_DIR"), "ui", templates[i].file, NULL);
  const char *argv[] = { "gtk4-builder-tool", "validate", path, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    {
      /* Only the tool's ignorance of libadwaita, of Peygir's own widgets
       * and of a template's callbacks is forgiven: those templates are
       * built in process below, where a missing callback is fatal. */
      if ((strstr (err, "Failed to lookup template parent type Adw") == NULL
           && strstr (err, "Invalid object type 'Adw") == NULL
           && strstr (err, "Invalid object type 'Peygir") == NULL
           && strstr (err, "No function named `") == NULL)
          || templates[i].type == NULL)
        g_error ("%s: %s", templates[i].file, err);
      g_test_message ("%s: the tool does not know libadwaita (%s); built in process", templates[i].file, g_strstrip (err));
    }

  if (templates[i].type != NULL)
    {
      GObject *object = g_object_new (templates[i].type (), NULL);

      if (GTK_IS_WINDOW (object))
        gtk_window_destroy (GTK_WINDOW (object));
      else
        g_object_unref (g_object_ref_sink (object));
    }
  else
    {
      g_autofree char *resource = g_strconcat ("/ir/gov/peygir/", templates[i].file, NULL);
      g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (resource);

      g_assert_nonnull (gtk_builder_get_object (builder, "help_overlay"));
      gtk_window_destroy (GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay")));
    }
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  for (guint i = 0; i < G_N_ELEMENTS (templates); i++)
    {
      g_autofree char *name = g_strdup (templates[i].file);
      g_autofree char *test_path = NULL;

      g_strdelimit (name, "/.", '-');
      test_path = g_strconcat ("/ui/templates/", name, NULL);
      g_test_add_data_func (test_path, GUINT_TO_POINTER (i), test_validate);
    }

  return g_test_run ();
}
