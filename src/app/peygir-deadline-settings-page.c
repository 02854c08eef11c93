/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-deadline-settings-page"

#include <stdlib.h>

#include <glib/gi18n-lib.h>

#include "peygir-deadline-settings-page.h"
#include "peygir-text.h"
#include "peygir-utils-private.h"

/* Saved once the number has stopped changing for this long: each click of
 * a spin button is not a write transaction on the share. */
#define SAVE_DELAY_MS 800

/* Each number as the store keeps it, shown divided by its unit. */
static const struct {
  const char *key;
  int         fallback;
  int         unit;
} numbers[] = {
  { PEYGIR_SETTING_SERVICE_DAYS, 15, 1 },
  { PEYGIR_SETTING_RESPONSE_DAYS, 7, 1 },
  { PEYGIR_SETTING_DOCUMENT_MAX, 20 * 1024 * 1024, 1024 * 1024 },   /* shown in MB */
};

#define N_NUMBERS G_N_ELEMENTS (numbers)

struct _PeygirDeadlineSettingsPage
{
  AdwPreferencesPage  parent_instance;

  GtkSpinButton      *service_days_spin;
  GtkSpinButton      *response_days_spin;
  GtkSpinButton      *document_max_spin;

  GtkSpinButton      *spins[N_NUMBERS];
  int                 stored[N_NUMBERS];   /* as this page last read or wrote them */
  guint               save_sources[N_NUMBERS];
  /* One save of a number at a time; a change meanwhile is saved after it,
   * so that the later value is the one that stays. */
  gboolean            saving[N_NUMBERS];
  gboolean            save_again[N_NUMBERS];
  PeygirSession      *session;
  GCancellable       *cancellable;
  char               *problem;
  guint               busy;
  gboolean            loading;   /* values put in by the program are not edits */
};

G_DEFINE_FINAL_TYPE (PeygirDeadlineSettingsPage, peygir_deadline_settings_page, ADW_TYPE_PREFERENCES_PAGE)

static void
show_toast (PeygirDeadlineSettingsPage *self,
            const char                 *message)
{
  _peygir_widget_add_toast (GTK_WIDGET (self), message);
}

static void
set_busy (PeygirDeadlineSettingsPage *self,
          gboolean                    busy)
{
  if (busy)
    self->busy++;
  else
    self->busy--;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "deadline-settings.save",
                                 self->session != NULL && !self->loading);
}

static int
index_of_key (const char *key)
{
  for (guint i = 0; i < N_NUMBERS; i++)
    if (g_str_equal (key, numbers[i].key))
      return i;
  return -1;
}

/* Saving */

static void
save_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PeygirDeadlineSettingsPage) self = user_data;
  PeygirSettingWrite *task = peygir_session_run_get_data (result);
  int i = index_of_key (task->key);
  g_autoptr(GError) error = NULL;

  if (peygir_session_run_finish (PEYGIR_SESSION (object), result, &error) == NULL
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->saving[i] = FALSE;
  g_clear_pointer (&self->problem, g_free);
  if (error == NULL)
    self->stored[i] = atoi (task->value);
  else if (task->current != NULL)
    {
      g_autofree char *current = peygir_text_format_number (atoi (task->current) / numbers[i].unit);

      /* the other desk's figure is the one that stands; the user sees it */
      self->save_again[i] = FALSE;
      self->stored[i] = atoi (task->current);
      self->loading = TRUE;
      gtk_spin_button_set_value (self->spins[i], self->stored[i] / numbers[i].unit);
      self->loading = FALSE;
      self->problem = g_strdup_printf (_("Another desk set this to %s, and that stands."),
                                       current);
    }
  else
    self->problem = g_strdup (error->message);
  if (self->save_again[i])
    {
      self->save_again[i] = FALSE;
      gtk_widget_activate_action (GTK_WIDGET (self), "deadline-settings.save", "s", numbers[i].key);
    }
  set_busy (self, FALSE);
  if (self->problem != NULL)
    {
      show_toast (self, self->problem);
      return;
    }
  show_toast (self, _("Saved."));
  peygir_session_changed (self->session);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PeygirDeadlineSettingsPage *self = PEYGIR_DEADLINE_SETTINGS_PAGE (widget);
  int i = index_of_key (g_variant_get_string (parameter, NULL));
  g_autofree char *value = NULL;
  g_autofree char *was = NULL;
  PeygirSettingWrite *task;

  if (i < 0)
    {
      g_warning ("No number for the setting %s", g_variant_get_string (parameter, NULL));
      return;
    }
  g_clear_handle_id (&self->save_sources[i], g_source_remove);
  gtk_spin_button_update (self->spins[i]);
  if (self->saving[i])
    {
      self->save_again[i] = TRUE;
      return;
    }
  self->saving[i] = TRUE;

  value = g_strdup_printf ("%d", gtk_spin_button_get_value_as_int (self->spins[i]) * numbers[i].unit);
  was = g_strdup_printf ("%d", self->stored[i]);
  task = peygir_setting_write_new (self->session, numbers[i].key, was, value);
  set_busy (self, TRUE);
  peygir_session_run (self->session, peygir_session_set_setting_thread, task,
                      (GDestroyNotify) peygir_setting_write_free, NULL,
                      self->cancellable, save_done_cb, g_object_ref (self));
}

typedef struct
{
  PeygirDeadlineSettingsPage *self;
  guint                       index;
} SaveLater;

static gboolean
save_later_cb (gpointer user_data)
{
  SaveLater *later = user_data;

  later->self->save_sources[later->index] = 0;
  gtk_widget_activate_action (GTK_WIDGET (later->self), "deadline-settings.save", "s",
                              numbers[later->index].key);
  return G_SOURCE_REMOVE;
}

static void
spin_value_changed_cb (PeygirDeadlineSettingsPage *self,
                       GtkSpinButton              *spin)
{
  SaveLater *later;

  if (self->loading)
    return;
  for (guint i = 0; i < N_NUMBERS; i++)
    {
      if (self->spins[i] != spin)
        continue;
      later = g_new0 (SaveLater, 1);
      later->self = self;
      later->index = i;
      g_clear_handle_id (&self->save_sources[i], g_source_remove);
      self->save_sources[i] = g_timeout_add_full (G_PRIORITY_DEFAULT, SAVE_DELAY_MS, save_later_cb, later, g_free);
    }
}

/* Reading */

static gpointer
load_thread (PeygirStore   *store,
             gpointer       task_data,
             GCancellable  *cancellable,
             GError       **error)
{
  int *values = g_new0 (int, N_NUMBERS);

  for (guint i = 0; i < N_NUMBERS; i++)
    values[i] = peygir_store_get_setting_int (store, numbers[i].key, numbers[i].fallback);
  return values;
}

static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PeygirDeadlineSettingsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree int *values = NULL;

  values = peygir_session_run_finish (PEYGIR_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->loading = FALSE;
  set_busy (self, FALSE);
  if (values == NULL)
    {
      self->problem = g_strdup (error->message);
      show_toast (self, error->message);
      return;
    }

  self->loading = TRUE;
  for (guint i = 0; i < N_NUMBERS; i++)
    {
      self->stored[i] = values[i];
      gtk_spin_button_set_value (self->spins[i], values[i] / numbers[i].unit);
    }
  self->loading = FALSE;
}

/* GObject */

static void
peygir_deadline_settings_page_dispose (GObject *object)
{
  PeygirDeadlineSettingsPage *self = (PeygirDeadlineSettingsPage *)object;

  g_cancellable_cancel (self->cancellable);
  for (guint i = 0; i < N_NUMBERS; i++)
    g_clear_handle_id (&self->save_sources[i], g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), PEYGIR_TYPE_DEADLINE_SETTINGS_PAGE);

  G_OBJECT_CLASS (peygir_deadline_settings_page_parent_class)->dispose (object);
}

static void
peygir_deadline_settings_page_finalize (GObject *object)
{
  PeygirDeadlineSettingsPage *self = (PeygirDeadlineSettingsPage *)object;

  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->problem, g_free);

  G_OBJECT_CLASS (peygir_deadline_settings_page_parent_class)->finalize (object);
}

static void
peygir_deadline_settings_page_class_init (PeygirDeadlineSettingsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = peygir_deadline_settings_page_dispose;
  object_class->finalize = peygir_deadline_settings_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/ir/gov/peygir/peygir-deadline-settings-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PeygirDeadlineSettingsPage, service_days_spin);
  gtk_widget_class_bind_template_child (widget_class, PeygirDeadlineSettingsPage, response_days_spin);
  gtk_widget_class_bind_template_child (widget_class, PeygirDeadlineSettingsPage, document_max_spin);
  gtk_widget_class_bind_template_callback (widget_class, _peygir_spin_button_input_cb);
  gtk_widget_class_bind_template_callback (widget_class, _peygir_spin_button_output_cb);
  gtk_widget_class_bind_template_callback (widget_class, spin_value_changed_cb);

  gtk_widget_class_install_action (widget_class, "deadline-settings.save", "s", save_action);
}

static void
peygir_deadline_settings_page_init (PeygirDeadlineSettingsPage *self)
{
  /* Until the store's figures are in, the template's are not edits. */
  self->loading = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  /* AdwPreferencesPage's own "name" property hides the widget's. */
  gtk_widget_set_name (GTK_WIDGET (self), "deadline-settings");

  self->cancellable = g_cancellable_new ();
  self->spins[0] = self->service_days_spin;
  self->spins[1] = self->response_days_spin;
  self->spins[2] = self->document_max_spin;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "deadline-settings.save", FALSE);
}

GtkWidget *
peygir_deadline_settings_page_new (PeygirSession *session)
{
  PeygirDeadlineSettingsPage *self;

  g_return_val_if_fail (PEYGIR_IS_SESSION (session), NULL);

  self = g_object_new (PEYGIR_TYPE_DEADLINE_SETTINGS_PAGE, NULL);
  self->session = g_object_ref (session);
  set_busy (self, TRUE);
  peygir_session_run (session, load_thread, NULL, NULL, g_free, self->cancellable,
                      load_done_cb, g_object_ref (self));
  return GTK_WIDGET (self);
}

gboolean
peygir_deadline_settings_page_get_busy (PeygirDeadlineSettingsPage *self)
{
  g_return_val_if_fail (PEYGIR_IS_DEADLINE_SETTINGS_PAGE (self), FALSE);
  return self->busy > 0;
}

const char *
peygir_deadline_settings_page_get_problem (PeygirDeadlineSettingsPage *self)
{
  g_return_val_if_fail (PEYGIR_IS_DEADLINE_SETTINGS_PAGE (self), NULL);
  return self->problem;
}
