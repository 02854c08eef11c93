/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-agencies-page"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "peygir-agencies-page.h"
#include "peygir-error.h"
#include "peygir-text.h"
#include "peygir-utils-private.h"

struct _PeygirAgenciesPage
{
  AdwPreferencesPage  parent_instance;

  GtkSearchEntry     *search_entry;
  GtkListBox         *agencies_list;
  GtkLabel           *placeholder_label;

  PeygirSession      *session;
  GCancellable       *cancellable;
  GPtrArray          *agencies;       /* of PeygirAgency, as listed; NULL until read */
  char               *shown;          /* what the rows show, to see whether a new read changed it */
  int                 response_days;  /* the office's figure, for a new agency */
  char               *query;          /* normalised; NULL: every agency */
  PeygirAgencyDialog *dialog;
  char               *problem;
  guint               busy;
  guint               load_serial;
};

G_DEFINE_FINAL_TYPE (PeygirAgenciesPage, peygir_agencies_page, ADW_TYPE_PREFERENCES_PAGE)

/* What a row is found by: its name and head's title, normalised once. */
#define ROW_KEY "peygir-agency-search-key"

typedef struct
{
  GPtrArray *agencies;
  int        response_days;
} LoadResult;

static void
load_result_free (LoadResult *result)
{
  g_clear_pointer (&result->agencies, g_ptr_array_unref);
  g_free (result);
}

typedef struct
{
  char         *login;
  PeygirAgency *was;   /* NULL: a new agency */
  PeygirAgency *now;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_free (data->login);
  g_clear_pointer (&data->was, peygir_agency_free);
  g_clear_pointer (&data->now, peygir_agency_free);
  g_free (data);
}

typedef struct
{
  PeygirAgency *saved;
  GError       *error;
  PeygirAgency *current;   /* after a conflict: the agency as the other desk left it */
} SaveResult;

static void
save_result_free (SaveResult *result)
{
  g_clear_pointer (&result->saved, peygir_agency_free);
  g_clear_error (&result->error);
  g_clear_pointer (&result->current, peygir_agency_free);
  g_free (result);
}

static void
show_toast (PeygirAgenciesPage *self,
            const char         *message)
{
  _peygir_widget_add_toast (GTK_WIDGET (self), message);
}

static void
update_actions (PeygirAgenciesPage *self)
{
  gboolean can = self->session != NULL && self->agencies != NULL && self->dialog == NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "agencies.add", can);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "agencies.edit", can);
}

static void
set_busy (PeygirAgenciesPage *self,
          gboolean            busy)
{
  if (busy)
    self->busy++;
  else
    self->busy--;
}

static const PeygirAgency *
find_agency (PeygirAgenciesPage *self,
             gint64              id)
{
  for (guint i = 0; self->agencies != NULL && i < self->agencies->len; i++)
    {
      const PeygirAgency *agency = g_ptr_array_index (self->agencies, i);

      if (agency->id == id)
        return agency;
    }
  return NULL;
}

/* The list */

static GtkWidget *
agency_row_new (const PeygirAgency *agency)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *days = peygir_text_format_number (agency->response_days);
  g_autofree char *subtitle = NULL;
  g_autofree char *name = g_strdup_printf ("agency-%" G_GINT64_FORMAT, agency->id);
  g_autofree char *key_text = g_strconcat (agency->name, " ", agency->head_title != NULL ? agency->head_title : "", NULL);

  /* TRANSLATORS: an agency's row: its head's title and the working days it has to answer */
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %s working day to answer",
                                           "%s · %s working days to answer", (gulong) agency->response_days),
                              agency->head_title != NULL ? agency->head_title : "", days);
  gtk_widget_set_name (row, name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), agency->name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  if (!agency->active)
    {
      GtkWidget *mark = gtk_label_new (_("Inactive"));

      gtk_widget_set_valign (mark, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (mark, "caption-heading");
      gtk_widget_set_name (mark, "agency-inactive");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), mark);
      gtk_widget_add_css_class (row, "dim-label");
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  g_object_set_data_full (G_OBJECT (row), ROW_KEY, peygir_text_normalize (key_text), g_free);
  g_object_set_data_full (G_OBJECT (row), "peygir-agency", peygir_agency_copy (agency),
                          (GDestroyNotify) peygir_agency_free);
  return row;
}

static gboolean
agency_row_filter (GtkListBoxRow *row,
                   gpointer       user_data)
{
  PeygirAgenciesPage *self = user_data;
  const char *key = g_object_get_data (G_OBJECT (row), ROW_KEY);

  return self->query == NULL || (key != NULL && strstr (key, self->query) != NULL);
}

/* Everything a row shows of every agency, one line each. */
static char *
agencies_shown (GPtrArray *agencies)
{
  GString *shown = g_string_new (NULL);

  for (guint i = 0; i < agencies->len; i++)
    {
      const PeygirAgency *agency = g_ptr_array_index (agencies, i);

      g_string_append_printf (shown, "%" G_GINT64_FORMAT "\t%s\t%s\t%d\t%d\n", agency->id, agency->name,
                              agency->head_title != NULL ? agency->head_title : "", agency->response_days,
                              agency->active);
    }
  return g_string_free (shown, FALSE);
}

static void
peygir_agencies_page_show (PeygirAgenciesPage *self)
{
  g_autofree char *shown = agencies_shown (self->agencies);

  /* Every commit of another desk reads the agencies again: rows that did
   * not change stay, and with them the focus and the scrolling. */
  if (g_strcmp0 (shown, self->shown) == 0)
    return;
  g_free (self->shown);
  self->shown = g_steal_pointer (&shown);
  _peygir_list_box_remove_all (self->agencies_list);
  for (guint i = 0; i < self->agencies->len; i++)
    gtk_list_box_append (self->agencies_list, agency_row_new (g_ptr_array_index (self->agencies, i)));
}

static void
search_changed_cb (PeygirAgenciesPage *self,
                   GtkSearchEntry     *entry)
{
  g_autofree char *query = peygir_text_normalize (gtk_editable_get_text (GTK_EDITABLE (entry)));

  g_clear_pointer (&self->query, g_free);
  if (*query != '\0')
    self->query = g_steal_pointer (&query);
  gtk_label_set_text (self->placeholder_label,
                      self->query != NULL ? _("No agency matches the search.") : _("No agencies yet."));
  gtk_list_box_invalidate_filter (self->agencies_list);
}

static void
row_activated_cb (PeygirAgenciesPage *self,
                  GtkListBoxRow      *row,
                  GtkListBox         *list)
{
  const PeygirAgency *agency = g_object_get_data (G_OBJECT (row), "peygir-agency");

  if (agency != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "agencies.edit", "x", agency->id);
}

/* Reading */

static gpointer
load_thread (PeygirStore   *store,
             gpointer       task_data,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GPtrArray) agencies = peygir_store_list_agencies (store, error);
  LoadResult *result;

  if (agencies == NULL)
    return NULL;
  result = g_new0 (LoadResult, 1);
  result->agencies = g_steal_pointer (&agencies);
  result->response_days = peygir_store_get_response_days (store, NULL);
  return result;
}

static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PeygirAgenciesPage) self = user_data;
  guint serial = GPOINTER_TO_UINT (peygir_session_run_get_data (result));
  g_autoptr(GError) error = NULL;
  LoadResult *loaded;

  loaded = peygir_session_run_finish (PEYGIR_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (serial != self->load_serial)
    {
      g_clear_pointer (&loaded, load_result_free);
      return;
    }
  if (loaded == NULL)
    {
      g_free (self->problem);
      self->problem = g_strdup (error->message);
      /* the rows read before stay, with their searches */
      show_toast (self, error->message);
      return;
    }

  g_clear_pointer (&self->agencies, g_ptr_array_unref);
  self->agencies = g_steal_pointer (&loaded->agencies);
  self->response_days = loaded->response_days;
  load_result_free (loaded);
  peygir_agencies_page_show (self);
  update_actions (self);
}

/* Saving */

static gpointer
save_thread (PeygirStore   *store,
             gpointer       task_data,
             GCancellable  *cancellable,
             GError       **error)
{
  SaveData *data = task_data;
  SaveResult *result = g_new0 (SaveResult, 1);

  if (data->was == NULL)
    result->saved = peygir_store_add_agency (store, data->login, data->now->name, data->now->head_title,
                                             data->now->response_days, &result->error);
  else
    result->saved = peygir_store_change_agency (store, data->login, data->was, data->now, &result->error);
  /* What the other desk saved, to show beside what was typed. */
  if (g_error_matches (result->error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_CONFLICT))
    result->current = peygir_store_get_agency (store, data->was->id, NULL);
  return result;
}

static void
save_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PeygirAgenciesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  SaveResult *saved;

  saved = peygir_session_run_finish (PEYGIR_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (saved != NULL && saved->error != NULL)
    error = g_steal_pointer (&saved->error);

  g_clear_pointer (&self->problem, g_free);
  if (error != NULL)
    {
      self->problem = g_strdup (error->message);
      if (self->dialog != NULL)
        {
          peygir_agency_dialog_set_saving (self->dialog, FALSE);
          peygir_agency_dialog_add_toast (self->dialog, error->message);
          if (saved != NULL && saved->current != NULL)
            peygir_agency_dialog_show_current (self->dialog, saved->current);
        }
      else
        show_toast (self, error->message);
      if (saved != NULL && saved->current != NULL)
        peygir_agencies_page_reload (self);
      g_clear_pointer (&saved, save_result_free);
      return;
    }

  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  {
    g_autofree char *text = g_strdup_printf (_("Saved: %s"), saved->saved->name);

    show_toast (self, text);
  }
  save_result_free (saved);
  /* This desk's own commit does not move the data version; the page reads
   * the agencies again when the session says so, as the other pages do. */
  peygir_session_changed (self->session);
}

static void
dialog_save_cb (PeygirAgenciesPage *self,
                PeygirAgencyDialog *dialog)
{
  const PeygirAgency *was = peygir_agency_dialog_get_agency (dialog);
  SaveData *data = g_new0 (SaveData, 1);

  data->login = g_strdup (peygir_session_get_login (self->session));
  data->was = was != NULL ? peygir_agency_copy (was) : NULL;
  data->now = peygir_agency_dialog_dup_typed (dialog);
  peygir_agency_dialog_set_saving (dialog, TRUE);
  set_busy (self, TRUE);
  peygir_session_run (self->session, save_thread, data, (GDestroyNotify) save_data_free,
                      (GDestroyNotify) save_result_free, self->cancellable,
                      save_done_cb, g_object_ref (self));
}

static void
dialog_destroy_cb (PeygirAgenciesPage *self,
                   PeygirAgencyDialog *dialog)
{
  if (self->dialog == dialog)
    self->dialog = NULL;
  update_actions (self);
}

static void
peygir_agencies_page_open_dialog (PeygirAgenciesPage *self,
                                  const PeygirAgency *agency)
{
  GtkWidget *dialog = peygir_agency_dialog_new (_peygir_widget_get_window (GTK_WIDGET (self)),
                                                agency, self->response_days);

  g_signal_connect_object (dialog, "save", G_CALLBACK (dialog_save_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (dialog_destroy_cb), self, G_CONNECT_SWAPPED);
  self->dialog = PEYGIR_AGENCY_DIALOG (dialog);
  update_actions (self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  peygir_agencies_page_open_dialog (PEYGIR_AGENCIES_PAGE (widget), NULL);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PeygirAgenciesPage *self = PEYGIR_AGENCIES_PAGE (widget);
  const PeygirAgency *agency = find_agency (self, g_variant_get_int64 (parameter));

  if (agency != NULL)
    peygir_agencies_page_open_dialog (self, agency);
}

static void
session_changed_cb (PeygirAgenciesPage *self,
                    PeygirSession      *session)
{
  peygir_agencies_page_reload (self);
}

/* GObject */

static void
peygir_agencies_page_dispose (GObject *object)
{
  PeygirAgenciesPage *self = PEYGIR_AGENCIES_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  gtk_widget_dispose_template (GTK_WIDGET (self), PEYGIR_TYPE_AGENCIES_PAGE);

  G_OBJECT_CLASS (peygir_agencies_page_parent_class)->dispose (object);
}

static void
peygir_agencies_page_finalize (GObject *object)
{
  PeygirAgenciesPage *self = PEYGIR_AGENCIES_PAGE (object);

  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->agencies, g_ptr_array_unref);
  g_clear_pointer (&self->shown, g_free);
  g_clear_pointer (&self->query, g_free);
  g_clear_pointer (&self->problem, g_free);

  G_OBJECT_CLASS (peygir_agencies_page_parent_class)->finalize (object);
}

static void
peygir_agencies_page_class_init (PeygirAgenciesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = peygir_agencies_page_dispose;
  object_class->finalize = peygir_agencies_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/ir/gov/peygir/peygir-agencies-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PeygirAgenciesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PeygirAgenciesPage, agencies_list);
  gtk_widget_class_bind_template_child (widget_class, PeygirAgenciesPage, placeholder_label);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_install_action (widget_class, "agencies.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "agencies.edit", "x", edit_action);
}

static void
peygir_agencies_page_init (PeygirAgenciesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* AdwPreferencesPage's own "name" property hides the widget's. */
  gtk_widget_set_name (GTK_WIDGET (self), "agencies");

  self->cancellable = g_cancellable_new ();
  gtk_list_box_set_filter_func (self->agencies_list, agency_row_filter, self, NULL);
  /* Typing anywhere on the page searches. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
  gtk_label_set_text (self->placeholder_label, _("No agencies yet."));
  update_actions (self);
}

GtkWidget *
peygir_agencies_page_new (PeygirSession *session)
{
  PeygirAgenciesPage *self;

  g_return_val_if_fail (PEYGIR_IS_SESSION (session), NULL);

  self = g_object_new (PEYGIR_TYPE_AGENCIES_PAGE, NULL);
  self->session = g_object_ref (session);
  g_signal_connect_object (session, "changed", G_CALLBACK (session_changed_cb), self, G_CONNECT_SWAPPED);
  peygir_agencies_page_reload (self);
  return GTK_WIDGET (self);
}

void
peygir_agencies_page_reload (PeygirAgenciesPage *self)
{
  g_return_if_fail (PEYGIR_IS_AGENCIES_PAGE (self));

  set_busy (self, TRUE);
  peygir_session_run (self->session, load_thread, GUINT_TO_POINTER (++self->load_serial), NULL,
                      (GDestroyNotify) load_result_free, self->cancellable,
                      load_done_cb, g_object_ref (self));
}

gboolean
peygir_agencies_page_get_busy (PeygirAgenciesPage *self)
{
  g_return_val_if_fail (PEYGIR_IS_AGENCIES_PAGE (self), FALSE);

  return self->busy > 0;
}

const char *
peygir_agencies_page_get_problem (PeygirAgenciesPage *self)
{
  g_return_val_if_fail (PEYGIR_IS_AGENCIES_PAGE (self), NULL);

  return self->problem;
}

PeygirAgencyDialog *
peygir_agencies_page_get_dialog (PeygirAgenciesPage *self)
{
  g_return_val_if_fail (PEYGIR_IS_AGENCIES_PAGE (self), NULL);

  return self->dialog;
}
