/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-setup-window"

#include <glib/gi18n-lib.h>

#include "peygir-agencies-page.h"
#include "peygir-error.h"
#include "peygir-holidays-page.h"
#include "peygir-letter-settings-page.h"
#include "peygir-setup-window.h"
#include "peygir-users-page.h"
#include "peygir-utils-private.h"

/* The steps in their order, by the value PEYGIR_SETTING_SETUP_STEP keeps
 * for them; each is the carousel's child of that name. */
static const struct {
  const char *id;
  const char *title;   /* the header's subtitle */
} steps[] = {
  { "welcome",    NULL },
  { "letterhead", N_("The Letterhead and Logo") },
  { "profile",    N_("Your Name on Letters") },
  { "agencies",   N_("The Agencies") },
  { "colleagues", N_("Your Colleagues") },
  { "holidays",   N_("This Year’s Holidays") },
  { "done",       NULL },
};

#define N_STEPS G_N_ELEMENTS (steps)

/* The steps that are an administration page of the preferences. */
static const struct {
  const char  *id;
  GtkWidget *(*page_new) (PeygirSession *session);
  gboolean   (*get_busy) (gpointer page);
} pages[] = {
  { "agencies",   peygir_agencies_page_new, (gboolean (*) (gpointer)) peygir_agencies_page_get_busy },
  { "colleagues", peygir_users_page_new,    (gboolean (*) (gpointer)) peygir_users_page_get_busy },
  { "holidays",   peygir_holidays_page_new, (gboolean (*) (gpointer)) peygir_holidays_page_get_busy },
};

#define N_PAGES G_N_ELEMENTS (pages)

struct _PeygirSetupWindow
{
  AdwWindow                 parent_instance;

  AdwCarousel              *carousel;
  AdwWindowTitle           *window_title;
  GtkWidget                *back_button;
  GtkWidget                *next_button;
  GtkWidget                *skip_button;
  GtkBox                   *letterhead_box;
  GtkWidget                *profile_page;
  AdwEntryRow              *profile_name_row;
  AdwEntryRow              *profile_title_row;

  PeygirSession            *session;
  PeygirLetterSettingsPage *letterhead_page;
  GtkWidget                *pages[N_PAGES];
  PeygirUser               *user;       /* as this window last read or saved it */
  GCancellable             *cancellable;
  char                     *problem;
  guint                     busy;
  guint                     step;
  gboolean                  closing;
};

G_DEFINE_FINAL_TYPE (PeygirSetupWindow, peygir_setup_window, ADW_TYPE_WINDOW)

static void
set_problem (PeygirSetupWindow *self,
             const GError      *error)
{
  g_clear_pointer (&self->problem, g_free);
  if (error == NULL)
    return;
  self->problem = g_strdup (error->message);
  _peygir_widget_add_toast (GTK_WIDGET (self->carousel), error->message);
}

static void
update_actions (PeygirSetupWindow *self)
{
  gboolean last = self->step == N_STEPS - 1;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "setup.back", self->step > 0 && !last && self->busy == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "setup.next", !last && self->busy == 0);
  /* the welcome and the last step have buttons of their own */
  gtk_widget_set_visible (self->back_button, self->step > 0 && !last);
  gtk_widget_set_visible (self->next_button, self->step > 0 && !last);
  gtk_widget_set_visible (self->skip_button, !last);
}

static void
set_busy (PeygirSetupWindow *self,
          gboolean           busy)
{
  if (busy)
    self->busy++;
  else
    self->busy--;
  update_actions (self);
}

static guint
step_of_id (const char *id)
{
  for (guint i = 0; i < N_STEPS; i++)
    if (g_strcmp0 (steps[i].id, id) == 0)
      return i;
  return 0;
}

static GtkWidget *
step_page (PeygirSetupWindow *self,
           guint              step)
{
  for (guint i = 0; i < adw_carousel_get_n_pages (self->carousel); i++)
    {
      GtkWidget *page = adw_carousel_get_nth_page (self->carousel, i);

      if (g_strcmp0 (gtk_widget_get_name (page), steps[step].id) == 0)
        return page;
    }
  g_return_val_if_reached (NULL);
}

/* Keeping the step reached, so that the next start goes on from it */

static void
save_step_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PeygirSetupWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (peygir_session_run_finish (PEYGIR_SESSION (object), result, &error) == NULL
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  set_problem (self, error);
  if (error == NULL)
    peygir_session_changed (self->session);
  if (self->closing && self->busy == 0)
    gtk_window_destroy (GTK_WINDOW (self));
}

static void
save_step (PeygirSetupWindow *self,
           const char        *id)
{
  set_busy (self, TRUE);
  /* Not the caller's cancellable: the step is kept even when the window
   * is closed at once after it. */
  peygir_session_run (self->session, peygir_session_set_setting_thread,
                      peygir_setting_write_new (self->session, PEYGIR_SETTING_SETUP_STEP, NULL, id),
                      (GDestroyNotify) peygir_setting_write_free, NULL, NULL,
                      save_step_done_cb, g_object_ref (self));
}

static void
show_step (PeygirSetupWindow *self,
           guint              step)
{
  self->step = step;
  adw_carousel_scroll_to (self->carousel, step_page (self, step), FALSE);
  adw_window_title_set_subtitle (self->window_title, steps[step].title != NULL ? _(steps[step].title) : NULL);
  update_actions (self);
}

/* Moves to @step and keeps it as the step reached. */
static void
go_to_step (PeygirSetupWindow *self,
            guint              step)
{
  show_step (self, step);
  if (step > 0)
    save_step (self, steps[step].id);
}

static void
carousel_page_changed_cb (PeygirSetupWindow *self,
                          guint              index,
                          AdwCarousel       *carousel)
{
  GtkWidget *page = adw_carousel_get_nth_page (carousel, index);

  /* The focus on the page shown, not on a button of the page left. */
  gtk_widget_child_focus (page, GTK_DIR_TAB_FORWARD);
}

/* Your name on letters */

static void
save_profile_done_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(PeygirSetupWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirUser) user = NULL;

  user = peygir_session_run_finish (PEYGIR_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  set_problem (self, error);
  if (user == NULL)
    {
      PeygirUserChange *change = peygir_session_run_get_data (result);

      /* another desk's change meanwhile: the next Next saves what is
       * typed over it, knowingly */
      if (change->current != NULL)
        {
          peygir_user_free (self->user);
          self->user = peygir_user_copy (change->current);
        }
      return;
    }
  peygir_user_free (self->user);
  self->user = g_steal_pointer (&user);
  peygir_session_set_user (self->session, self->user);
  peygir_session_changed (self->session);
  go_to_step (self, self->step + 1);
}

/* Saves the name and title typed, then goes on; TRUE when there was
 * nothing to save. */
static gboolean
save_profile (PeygirSetupWindow *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->profile_name_row))));
  g_autofree char *title = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->profile_title_row))));
  g_autoptr(PeygirUser) now = NULL;

  if (g_strcmp0 (name, self->user->name) == 0
      && g_strcmp0 (title, self->user->title != NULL ? self->user->title : "") == 0)
    return TRUE;

  now = peygir_user_copy (self->user);
  g_free (now->name);
  now->name = g_steal_pointer (&name);
  g_free (now->title);
  now->title = g_steal_pointer (&title);
  set_busy (self, TRUE);
  peygir_session_run (self->session, peygir_session_change_user_thread,
                      peygir_user_change_new (self->session, self->user, now),
                      (GDestroyNotify) peygir_user_change_free, (GDestroyNotify) peygir_user_free,
                      self->cancellable, save_profile_done_cb, g_object_ref (self));
  return FALSE;
}

/* Actions */

static void
setup_next_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PeygirSetupWindow *self = PEYGIR_SETUP_WINDOW (widget);
  const char *id = steps[self->step].id;

  if (self->step + 1 >= N_STEPS)
    return;
  if (g_str_equal (id, "letterhead"))
    peygir_letter_settings_page_apply_unsaved (self->letterhead_page);
  else if (g_str_equal (id, "profile") && !save_profile (self))
    return;   /* on once saved */
  go_to_step (self, self->step + 1);
}

static void
setup_back_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PeygirSetupWindow *self = PEYGIR_SETUP_WINDOW (widget);

  if (self->step > 0)
    show_step (self, self->step - 1);
}

/* Closes once what is being saved is saved. */
static void
close_when_saved (PeygirSetupWindow *self)
{
  /* A text that still has the focus as its window goes away is never told
   * it lost it (GTK 4.8): let go of the focus first. */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  self->closing = TRUE;
  if (self->busy == 0)
    gtk_window_destroy (GTK_WINDOW (self));
  else
    gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
}

static void
setup_later_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  close_when_saved (PEYGIR_SETUP_WINDOW (widget));
}

static void
setup_skip_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PeygirSetupWindow *self = PEYGIR_SETUP_WINDOW (widget);

  save_step (self, "done");
  close_when_saved (self);
}

static void
setup_finish_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  close_when_saved (PEYGIR_SETUP_WINDOW (widget));
}

/* GObject */

static void
peygir_setup_window_dispose (GObject *object)
{
  PeygirSetupWindow *self = (PeygirSetupWindow *)object;

  g_cancellable_cancel (self->cancellable);
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PEYGIR_TYPE_SETUP_WINDOW);

  G_OBJECT_CLASS (peygir_setup_window_parent_class)->dispose (object);
}

static void
peygir_setup_window_finalize (GObject *object)
{
  PeygirSetupWindow *self = (PeygirSetupWindow *)object;

  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->user, peygir_user_free);
  g_clear_pointer (&self->problem, g_free);

  G_OBJECT_CLASS (peygir_setup_window_parent_class)->finalize (object);
}

static void
peygir_setup_window_class_init (PeygirSetupWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = peygir_setup_window_dispose;
  object_class->finalize = peygir_setup_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/ir/gov/peygir/peygir-setup-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PeygirSetupWindow, carousel);
  gtk_widget_class_bind_template_child (widget_class, PeygirSetupWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, PeygirSetupWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, PeygirSetupWindow, next_button);
  gtk_widget_class_bind_template_child (widget_class, PeygirSetupWindow, skip_button);
  gtk_widget_class_bind_template_child (widget_class, PeygirSetupWindow, letterhead_box);
  gtk_widget_class_bind_template_child (widget_class, PeygirSetupWindow, profile_page);
  gtk_widget_class_bind_template_child (widget_class, PeygirSetupWindow, profile_name_row);
  gtk_widget_class_bind_template_child (widget_class, PeygirSetupWindow, profile_title_row);
  gtk_widget_class_bind_template_callback (widget_class, carousel_page_changed_cb);

  gtk_widget_class_install_action (widget_class, "setup.next", NULL, setup_next_action);
  gtk_widget_class_install_action (widget_class, "setup.back", NULL, setup_back_action);
  gtk_widget_class_install_action (widget_class, "setup.later", NULL, setup_later_action);
  gtk_widget_class_install_action (widget_class, "setup.skip", NULL, setup_skip_action);
  gtk_widget_class_install_action (widget_class, "setup.finish", NULL, setup_finish_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "setup.later", NULL);
}

static void
peygir_setup_window_init (PeygirSetupWindow *self)
{
  GtkIconTheme *icons = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (self)));

  /* the application's icon, which a GtkApplication finds in the program's
   * resources by itself (without one, in the tests, it is added here) */
  if (!gtk_icon_theme_has_icon (icons, "ir.gov.peygir"))
    gtk_icon_theme_add_resource_path (icons, "/ir/gov/peygir/icons");
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  /* AdwPreferencesPage's own "name" property hides the widget's */
  gtk_widget_set_name (self->profile_page, "profile");
}

GtkWidget *
peygir_setup_window_new (PeygirSession *session,
                         const char    *step)
{
  PeygirSetupWindow *self;
  const PeygirUser *user;

  g_return_val_if_fail (PEYGIR_IS_SESSION (session), NULL);

  self = g_object_new (PEYGIR_TYPE_SETUP_WINDOW, NULL);
  self->session = g_object_ref (session);

  self->letterhead_page = PEYGIR_LETTER_SETTINGS_PAGE (peygir_letter_settings_page_new_letterhead (session));
  gtk_widget_set_vexpand (GTK_WIDGET (self->letterhead_page), TRUE);
  gtk_box_append (self->letterhead_box, GTK_WIDGET (self->letterhead_page));

  /* the administration pages of the preferences, each a step before the
   * last, in a box named after its step (the pages keep their own names) */
  for (guint i = 0; i < N_PAGES; i++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

      self->pages[i] = pages[i].page_new (session);
      gtk_widget_set_name (box, pages[i].id);
      gtk_widget_set_hexpand (box, TRUE);
      gtk_widget_set_vexpand (self->pages[i], TRUE);
      gtk_box_append (GTK_BOX (box), self->pages[i]);
      adw_carousel_insert (self->carousel, box, step_of_id (pages[i].id));
    }

  user = peygir_session_get_user (session);
  self->user = peygir_user_copy (user);
  gtk_editable_set_text (GTK_EDITABLE (self->profile_name_row), user->name != NULL ? user->name : "");
  gtk_editable_set_text (GTK_EDITABLE (self->profile_title_row), user->title != NULL ? user->title : "");

  /* "done" opens at the welcome: the set-up taken again from the menu */
  show_step (self, g_strcmp0 (step, "done") == 0 ? 0 : step_of_id (step));
  return GTK_WIDGET (self);
}

const char *
peygir_setup_window_get_step (PeygirSetupWindow *self)
{
  g_return_val_if_fail (PEYGIR_IS_SETUP_WINDOW (self), NULL);
  return steps[self->step].id;
}

gboolean
peygir_setup_window_get_busy (PeygirSetupWindow *self)
{
  g_return_val_if_fail (PEYGIR_IS_SETUP_WINDOW (self), FALSE);
  if (self->busy > 0 || peygir_letter_settings_page_get_busy (self->letterhead_page))
    return TRUE;
  for (guint i = 0; i < N_PAGES; i++)
    if (pages[i].get_busy (self->pages[i]))
      return TRUE;
  return FALSE;
}

const char *
peygir_setup_window_get_problem (PeygirSetupWindow *self)
{
  g_return_val_if_fail (PEYGIR_IS_SETUP_WINDOW (self), NULL);
  return self->problem;
}
