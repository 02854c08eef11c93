/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-window-actions"

#include <glib/gi18n-lib.h>

#include "peygir-action-dialog.h"
#include "peygir-case-item.h"
#include "peygir-intake-page.h"
#include "peygir-profile-dialog.h"
#include "peygir-setup-window.h"
#include "peygir-utils-private.h"
#include "peygir-window-private.h"

static void
peygir_window_step_case (PeygirWindow *self,
                         int           step)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  guint position = gtk_single_selection_get_selected (self->selection);
  g_autoptr(PeygirCaseItem) item = NULL;

  if (n == 0)
    return;
  if (position == GTK_INVALID_LIST_POSITION)
    position = step > 0 ? 0 : n - 1;
  else if ((step < 0 && position == 0) || (step > 0 && position + 1 >= n))
    return;
  else
    position += step;

  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self->case_view), "list.scroll-to-item", "u", position);
  item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "case") == 0
      && peygir_case_item_get_case (item) != NULL)
    peygir_window_show_case (self, peygir_case_item_get_id (item));
}

static void
inbox_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PeygirWindow *self = PEYGIR_WINDOW (widget);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
inbox_new_case_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  PeygirWindow *self = PEYGIR_WINDOW (widget);

  /* the draft left for a queue or a case comes back, not an empty form */
  gtk_stack_set_visible_child_name (self->content_stack, "intake");
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  _peygir_window_update_header (self);
  peygir_intake_page_start (self->intake_page);
}

static void
inbox_back_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PeygirWindow *self = PEYGIR_WINDOW (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "inbox") != 0)
    {
      gtk_stack_set_visible_child_name (self->content_stack, "inbox");
      /* on with the keyboard where the list was left */
      gtk_widget_grab_focus (GTK_WIDGET (self->case_view));
    }
  else
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  _peygir_window_update_header (self);
}

static void
inbox_next_case_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  peygir_window_step_case (PEYGIR_WINDOW (widget), +1);
}

static void
inbox_previous_case_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  peygir_window_step_case (PEYGIR_WINDOW (widget), -1);
}

static void
inbox_retry_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PeygirWindow *self = PEYGIR_WINDOW (widget);

  if (self->session != NULL)
    {
      peygir_session_poll (self->session);
      peygir_case_list_refresh (self->case_list);
      _peygir_window_refresh_counts (self);
    }
  else if (self->open_path != NULL)
    {
      g_autofree char *path = g_strdup (self->open_path);
      g_autofree char *login = g_strdup (self->open_login);

      peygir_window_open_database (self, path, login);
    }
}

static void
win_profile_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PeygirWindow *self = PEYGIR_WINDOW (widget);

  if (self->session == NULL)
    return;
  gtk_window_present (GTK_WINDOW (peygir_profile_dialog_new (GTK_WINDOW (self), self->session)));
}

/* The user's guide: Persian HTML installed with the data files; run from
 * the build tree, the source tree's. */
char *
peygir_window_dup_help_uri (void)
{
  g_autofree char *installed = g_build_filename (PEYGIR_HELP_DIR, "index.html", NULL);
  g_autofree char *source = g_build_filename (PEYGIR_SOURCE_HELP_DIR, "index.html", NULL);
  const char *path = g_file_test (installed, G_FILE_TEST_IS_REGULAR) ? installed : source;

  return g_filename_to_uri (path, NULL, NULL);
}

static void
help_shown_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(PeygirWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (object), result, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *text = g_strdup_printf (_("The user’s guide could not be opened: %s"), error->message);

      peygir_window_add_toast (self, text);
    }
}

static void
win_help_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  g_autofree char *uri = peygir_window_dup_help_uri ();

  gtk_show_uri_full (GTK_WINDOW (widget), uri, GDK_CURRENT_TIME, NULL, help_shown_cb, g_object_ref (widget));
}

/* Closing with the intake form's draft */

static gboolean
close_discarded_cb (gpointer data)
{
  gtk_window_close (GTK_WINDOW (data));
  return G_SOURCE_REMOVE;
}

static void
discard_response_cb (PeygirWindow     *self,
                     const char       *response,
                     AdwMessageDialog *dialog)
{
  if (g_strcmp0 (response, "discard") == 0)
    {
      self->discard_confirmed = TRUE;
      /* once the question, which is over the window, is gone */
      g_idle_add_full (G_PRIORITY_DEFAULT, close_discarded_cb, g_object_ref (self), g_object_unref);
      return;
    }
  /* back to the form, to finish it */
  gtk_widget_activate_action (GTK_WIDGET (self), "inbox.new-case", NULL);
}

gboolean
_peygir_window_may_close (PeygirWindow *self)
{
  AdwMessageDialog *dialog = peygir_case_page_get_dialog (self->case_page);

  /* an action's dialog asks about its own text; the window stays */
  if (PEYGIR_IS_ACTION_DIALOG (dialog) && peygir_action_dialog_has_input (PEYGIR_ACTION_DIALOG (dialog)))
    {
      gtk_window_present (GTK_WINDOW (dialog));
      gtk_window_close (GTK_WINDOW (dialog));
      return FALSE;
    }
  if (self->discard_confirmed || !peygir_intake_page_has_input (self->intake_page))
    return TRUE;
  if (self->discard_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->discard_dialog));
      return FALSE;
    }
  dialog = _peygir_discard_dialog_new (GTK_WINDOW (self),
                                       _("The new case being taken in has not been saved. Closing Peygir loses what was typed in its form."));
  self->discard_dialog = GTK_WIDGET (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->discard_dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (discard_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return FALSE;
}

/* The office's first start */

static gpointer
read_setup_step_thread (PeygirStore   *store,
                        gpointer       task_data,
                        GCancellable  *cancellable,
                        GError       **error)
{
  return peygir_store_get_setting (store, PEYGIR_SETTING_SETUP_STEP, error);
}

static void
setup_step_read_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(PeygirWindow) self = user_data;
  gboolean always = GPOINTER_TO_INT (peygir_session_run_get_data (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *step = peygir_session_run_finish (PEYGIR_SESSION (object), result, &error);

  if (step == NULL)
    {
      /* at start the banner says what is wrong with the database */
      if (always && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _peygir_toast_overlay_add (self->toast_overlay, error->message, 6);
      return;
    }
  if ((!always && g_str_equal (step, "done")) || self->setup_window != NULL)
    return;
  self->setup_window = peygir_setup_window_new (self->session, step);
  g_object_add_weak_pointer (G_OBJECT (self->setup_window), (gpointer *) &self->setup_window);
  gtk_window_set_transient_for (GTK_WINDOW (self->setup_window), GTK_WINDOW (self));
  /* no larger than the window it belongs to, on a small screen */
  if (gtk_widget_get_width (GTK_WIDGET (self)) > 0)
    gtk_window_set_default_size (GTK_WINDOW (self->setup_window),
                                 MIN (960, gtk_widget_get_width (GTK_WIDGET (self))),
                                 MIN (720, gtk_widget_get_height (GTK_WIDGET (self))));
  gtk_window_present (GTK_WINDOW (self->setup_window));
}

void
_peygir_window_open_setup (PeygirWindow *self,
                           gboolean      always)
{
  if (self->setup_window != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->setup_window));
      return;
    }
  if (self->session == NULL
      || !peygir_session_has_role (self->session, PEYGIR_ROLE_ADMIN)
      || peygir_store_is_read_only (peygir_session_get_store (self->session)))
    return;
  peygir_session_run (self->session, read_setup_step_thread, GINT_TO_POINTER (always), NULL, g_free,
                      self->cancellable, setup_step_read_cb, g_object_ref (self));
}

static void
office_set_up_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  _peygir_window_open_setup (PEYGIR_WINDOW (widget), TRUE);
}

void
_peygir_window_class_actions_init (PeygirWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "inbox.search", NULL, inbox_search_action);
  gtk_widget_class_install_action (widget_class, "inbox.new-case", NULL, inbox_new_case_action);
  gtk_widget_class_install_action (widget_class, "inbox.back", NULL, inbox_back_action);
  gtk_widget_class_install_action (widget_class, "inbox.next-case", NULL, inbox_next_case_action);
  gtk_widget_class_install_action (widget_class, "inbox.previous-case", NULL, inbox_previous_case_action);
  gtk_widget_class_install_action (widget_class, "inbox.retry", NULL, inbox_retry_action);
  gtk_widget_class_install_property_action (widget_class, "inbox.sort", "sort");
  /* beside GtkApplicationWindow's own win.* actions, for the primary menu */
  gtk_widget_class_install_action (widget_class, "win.profile", NULL, win_profile_action);
  gtk_widget_class_install_action (widget_class, "win.help", NULL, win_help_action);
  gtk_widget_class_install_action (widget_class, "office.set-up", NULL, office_set_up_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "inbox.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "inbox.new-case", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_CONTROL_MASK, "inbox.next-case", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_CONTROL_MASK, "inbox.previous-case", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK, "inbox.next-case", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK, "inbox.previous-case", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_comma, GDK_CONTROL_MASK, "app.preferences", NULL);
  /* a field or list that takes these keys itself has them first */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "inbox.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "inbox.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F1, 0, "win.help", NULL);
}
