/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-letter-settings-page"

#include <glib/gi18n-lib.h>

#include "peygir-file-chooser.h"
#include "peygir-image-row.h"
#include "peygir-letter-preview.h"
#include "peygir-letter-renderer.h"
#include "peygir-letter-settings-page.h"
#include "peygir-letter-template.h"
#include "peygir-utils-private.h"
#include "peygir-workflow.h"
#include "peygir-template-editor.h"

#define LOGO_KEY         "logo"
#define SIGNATURE_PREFIX "signature:"

static const char * const text_keys[] = {
  PEYGIR_SETTING_COUNTRY,
  PEYGIR_SETTING_MINISTRY,
  PEYGIR_SETTING_GOVERNORATE,
  PEYGIR_SETTING_OFFICE,
  PEYGIR_SETTING_OFFICE_PHONE,
  PEYGIR_SETTING_OFFICE_ADDRESS,
  PEYGIR_SETTING_SIGNER_TITLE,
};

#define N_TEXT_KEYS G_N_ELEMENTS (text_keys)

static const char * const template_keys[PEYGIR_N_LETTER_KINDS] = {
  [PEYGIR_LETTER_REFERRAL] = PEYGIR_SETTING_TEMPLATE_REFERRAL,
  [PEYGIR_LETTER_REMINDER] = PEYGIR_SETTING_TEMPLATE_REMINDER,
  [PEYGIR_LETTER_RECEIPT]  = PEYGIR_SETTING_TEMPLATE_RECEIPT,
  [PEYGIR_LETTER_ANSWER]   = PEYGIR_SETTING_TEMPLATE_ANSWER,
};

struct _PeygirLetterSettingsPage
{
  AdwPreferencesPage    parent_instance;

  AdwEntryRow          *country_row;
  AdwEntryRow          *ministry_row;
  AdwEntryRow          *governorate_row;
  AdwEntryRow          *office_row;
  AdwEntryRow          *office_phone_row;
  AdwEntryRow          *office_address_row;
  AdwEntryRow          *signer_title_row;
  AdwPreferencesGroup  *images_group;
  PeygirImageRow       *logo_row;
  AdwComboRow          *reminder_signer_row;
  AdwPreferencesGroup  *reminder_group;
  gboolean              setting_signer;
  gboolean              letterhead_only;  /* the lines and the logo, for the office's first start */   /* the row shows the store's value: not an edit */

  AdwEntryRow          *text_rows[N_TEXT_KEYS];
  char                 *saved_texts[N_TEXT_KEYS];  /* as the store has them; NULL until read */
  GHashTable           *stored;         /* setting key → its value as this page last read or wrote it */
  PeygirTemplateEditor *templates[PEYGIR_N_LETTER_KINDS];
  GHashTable           *image_rows;     /* image key → PeygirImageRow, owned by images_group */
  GHashTable           *images;         /* image key → GBytes, the images the store has */

  PeygirSession        *session;
  GCancellable         *cancellable;
  GtkFileChooserNative *chooser;
  char                 *chooser_key;
  char                 *problem;
  guint                 busy;
  gboolean              loaded;
  gboolean              loading;
  /* Writes one after another, in the order they were asked for: two
   * quick saves of one line must not land the other way round. */
  GQueue                writes;
  gboolean              writing;
  AdwMessageDialog     *close_dialog;
  gboolean              discard;   /* closing without saving was confirmed */
};

G_DEFINE_FINAL_TYPE (PeygirLetterSettingsPage, peygir_letter_settings_page, ADW_TYPE_PREFERENCES_PAGE)

typedef struct
{
  PeygirSessionFunc    func;
  gpointer             task_data;
  GDestroyNotify       task_data_free;
  GDestroyNotify       result_free;
  GAsyncReadyCallback  callback;
} QueuedWrite;

static void
queued_write_free (QueuedWrite *write)
{
  if (write->task_data_free != NULL)
    write->task_data_free (write->task_data);
  g_free (write);
}


static void
show_toast (PeygirLetterSettingsPage *self,
            const char               *message)
{
  _peygir_widget_add_toast (GTK_WIDGET (self), message);
}

static void
set_problem (PeygirLetterSettingsPage *self,
             const GError             *error)
{
  g_clear_pointer (&self->problem, g_free);
  if (error == NULL)
    return;
  self->problem = g_strdup (error->message);
  show_toast (self, error->message);
}

static void
update_actions (PeygirLetterSettingsPage *self)
{
  static const char * const writes[] = {
    "letter-settings.save-text",
    "letter-settings.save-template",
    "letter-settings.restore-template",
    "letter-settings.choose-image",
    "letter-settings.remove-image",
  };

  /* Until the store's values are in, an edit would be overwritten. */
  for (guint i = 0; i < G_N_ELEMENTS (writes); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), writes[i], self->loaded && self->session != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "letter-settings.preview-template", self->session != NULL);
}

static void
set_busy (PeygirLetterSettingsPage *self,
          gboolean                  busy)
{
  if (busy)
    self->busy++;
  else
    self->busy--;
  update_actions (self);
}

static void
start_next_write (PeygirLetterSettingsPage *self)
{
  QueuedWrite *write = g_queue_pop_head (&self->writes);

  self->writing = write != NULL;
  if (write == NULL)
    return;
  /* A setting is written over the value the page knows when its write
   * starts, after the writes before it: two saves of one line in a row
   * are not a conflict with each other. */
  if (write->func == peygir_session_set_setting_thread)
    {
      PeygirSettingWrite *setting = write->task_data;

      g_free (setting->was);
      setting->was = g_strdup (g_hash_table_lookup (self->stored, setting->key));
    }
  peygir_session_run (self->session, write->func, write->task_data, write->task_data_free,
                      write->result_free, self->cancellable, write->callback, g_object_ref (self));
  g_free (write);
}

static void
run_write (PeygirLetterSettingsPage *self,
           PeygirSessionFunc         func,
           gpointer                  task_data,
           GDestroyNotify            task_data_free,
           GDestroyNotify            result_free,
           GAsyncReadyCallback       callback)
{
  QueuedWrite *write = g_new0 (QueuedWrite, 1);

  write->func = func;
  write->task_data = task_data;
  write->task_data_free = task_data_free;
  write->result_free = result_free;
  write->callback = callback;
  g_queue_push_tail (&self->writes, write);
  set_busy (self, TRUE);
  if (!self->writing)
    start_next_write (self);
}

/* Finishes a session task of this page (@write: one of run_write ()'s,
 * and the next one starts); NULL when it failed (the error is shown) or
 * the page went away (cancelled). */
static gpointer
finish_task_quietly (PeygirLetterSettingsPage  *self,
                     GAsyncResult              *result,
                     gboolean                   write,
                     gboolean                  *cancelled,
                     GError                   **error)
{
  gpointer value;

  value = peygir_session_run_finish (PEYGIR_SESSION (g_task_get_source_object (G_TASK (result))), result, error);
  *cancelled = g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  if (*cancelled)
    return NULL;
  if (write)
    start_next_write (self);
  set_busy (self, FALSE);
  return value;
}

static gpointer
finish_task (PeygirLetterSettingsPage *self,
             GAsyncResult             *result,
             gboolean                  write,
             gboolean                 *cancelled)
{
  g_autoptr(GError) error = NULL;
  gpointer value = finish_task_quietly (self, result, write, cancelled, &error);

  if (!*cancelled)
    set_problem (self, error);
  return value;
}

static PeygirLetterKind
kind_from_parameter (GVariant *parameter)
{
  PeygirLetterKind kind;

  if (!peygir_letter_kind_from_string (g_variant_get_string (parameter, NULL), &kind))
    {
      g_warning ("Unknown letter kind %s", g_variant_get_string (parameter, NULL));
      return PEYGIR_N_LETTER_KINDS;
    }
  return kind;
}

/* Images */

static void
update_image_row (PeygirLetterSettingsPage *self,
                  const char               *key)
{
  PeygirImageRow *row = g_hash_table_lookup (self->image_rows, key);

  if (row != NULL)
    peygir_image_row_set_image (row, g_hash_table_lookup (self->images, key));
}

typedef struct
{
  char   *login;
  char   *key;
  GFile  *file;   /* read in the thread; NULL with @png NULL removes the image */
} ImageTask;

static void
image_task_free (ImageTask *task)
{
  g_free (task->login);
  g_free (task->key);
  g_clear_object (&task->file);
  g_free (task);
}

typedef struct
{
  GBytes *png;    /* NULL when removed */
} ImageResult;

static void
image_result_free (ImageResult *result)
{
  g_clear_pointer (&result->png, g_bytes_unref);
  g_free (result);
}

static gpointer
save_image_thread (PeygirStore   *store,
                   gpointer       task_data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  ImageTask *task = task_data;
  g_autoptr(GBytes) png = NULL;
  ImageResult *result;

  if (task->file != NULL)
    {
      g_autoptr(GError) read_error = NULL;

      png = g_file_load_bytes (task->file, cancellable, NULL, &read_error);
      if (png == NULL)
        {
          g_autofree char *name = g_file_get_basename (task->file);

          /* GIO's own message may not be in Persian: say it in one sentence. */
          g_debug ("Reading %s: %s", name, read_error->message);
          g_set_error (error, read_error->domain, read_error->code,
                       _("Peygir could not read the file “%s”."), name);
          return NULL;
        }
      if (!peygir_letter_image_validate (png, error))
        return NULL;
    }
  if (!peygir_store_set_image (store, task->login, task->key, png, error))
    return NULL;

  result = g_new0 (ImageResult, 1);
  result->png = g_steal_pointer (&png);
  return result;
}

static void
save_image_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(PeygirLetterSettingsPage) self = user_data;
  ImageTask *task = peygir_session_run_get_data (result);
  ImageResult *saved;
  gboolean cancelled;

  saved = finish_task (self, result, TRUE, &cancelled);
  if (saved == NULL)
    return;

  if (saved->png != NULL)
    {
      g_hash_table_replace (self->images, g_strdup (task->key), g_bytes_ref (saved->png));
      show_toast (self, _("The image is saved."));
    }
  else
    {
      g_hash_table_remove (self->images, task->key);
      show_toast (self, _("The image is removed."));
    }
  update_image_row (self, task->key);
  peygir_session_changed (self->session);
  image_result_free (saved);
}

static void
save_image (PeygirLetterSettingsPage *self,
            const char               *key,
            GFile                    *file)
{
  ImageTask *task = g_new0 (ImageTask, 1);

  task->login = g_strdup (peygir_session_get_login (self->session));
  task->key = g_strdup (key);
  task->file = file != NULL ? g_object_ref (file) : NULL;
  run_write (self, save_image_thread, task, (GDestroyNotify) image_task_free,
             (GDestroyNotify) image_result_free, save_image_done_cb);
}

void
peygir_letter_settings_page_set_image_file (PeygirLetterSettingsPage *self,
                                            const char               *key,
                                            GFile                    *file)
{
  g_return_if_fail (PEYGIR_IS_LETTER_SETTINGS_PAGE (self));
  g_return_if_fail (key != NULL);
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (self->session != NULL);

  save_image (self, key, file);
}

static void
image_chosen_cb (GtkWidget *widget,
                 GFile     *file)
{
  PeygirLetterSettingsPage *self = PEYGIR_LETTER_SETTINGS_PAGE (widget);

  save_image (self, self->chooser_key, file);
}

static void
choose_image_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PeygirLetterSettingsPage *self = PEYGIR_LETTER_SETTINGS_PAGE (widget);
  const char *key = g_variant_get_string (parameter, NULL);
  static const char * const types[] = { "image/png", NULL };
  static const char * const suffixes[] = { "png", NULL };
  const PeygirFileChooserOptions options = {
    .title = g_str_equal (key, LOGO_KEY) ? _("The Letterhead’s Logo") : _("A Manager’s Signature"),
    .action = GTK_FILE_CHOOSER_ACTION_OPEN,
    .accept_label = _("_Open"),
    .cancel_label = _("_Cancel"),
    .filter_name = _("PNG images"),
    .mime_types = types,
    .suffixes = suffixes,
  };

  if (self->chooser != NULL)
    return;
  /* the image the open chooser is for */
  g_free (self->chooser_key);
  self->chooser_key = g_strdup (key);
  peygir_file_chooser_open (widget, &self->chooser, &options, image_chosen_cb);
}

static void
remove_image_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  save_image (PEYGIR_LETTER_SETTINGS_PAGE (widget), g_variant_get_string (parameter, NULL), NULL);
}

/* Texts: the letterhead lines and the templates */

/* The letter kind whose template @key is; PEYGIR_N_LETTER_KINDS for a
 * letterhead line. */
static PeygirLetterKind
template_kind_of_key (const char *key)
{
  for (guint kind = 0; kind < PEYGIR_N_LETTER_KINDS; kind++)
    if (template_keys[kind] != NULL && g_str_equal (key, template_keys[kind]))
      return kind;
  return PEYGIR_N_LETTER_KINDS;
}

/* Another desk changed @task's setting after this page read it: the page
 * now knows its value there, and says so; the user's text stays where
 * they typed it, and saving it again puts it in place. The combo of
 * reminder signers shows the other desk's choice. */
static void
setting_changed_elsewhere (PeygirLetterSettingsPage *self,
                           PeygirSettingWrite       *task,
                           const GError             *error)
{
  PeygirLetterKind kind = template_kind_of_key (task->key);
  g_autofree char *isolated = NULL;
  g_autofree char *message = NULL;

  g_hash_table_replace (self->stored, g_strdup (task->key), g_strdup (task->current));
  if (kind < PEYGIR_N_LETTER_KINDS)
    {
      peygir_template_editor_set_saved (self->templates[kind], task->current);
      message = g_strdup (_("Another desk changed this template: save again to replace it."));
    }
  for (guint i = 0; i < N_TEXT_KEYS; i++)
    if (g_str_equal (task->key, text_keys[i]))
      {
        g_free (self->saved_texts[i]);
        self->saved_texts[i] = g_strdup (task->current);
        /* the other desk's text in its own direction, inside the sentence */
        isolated = g_strconcat ("\u2068", task->current, "\u2069", NULL);
        message = g_strdup_printf (_("Another desk changed it to “%s”: apply again to replace it."),
                                   isolated);
      }
  if (g_str_equal (task->key, PEYGIR_SETTING_REMINDER_SIGNER))
    {
      self->setting_signer = TRUE;
      adw_combo_row_set_selected (self->reminder_signer_row, g_strcmp0 (task->current, "expert") == 0 ? 1 : 0);
      self->setting_signer = FALSE;
    }
  g_clear_pointer (&self->problem, g_free);
  self->problem = g_strdup (message != NULL ? message : error->message);
  show_toast (self, self->problem);
}

static void
save_text_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PeygirLetterSettingsPage) self = user_data;
  PeygirSettingWrite *task = peygir_session_run_get_data (result);
  PeygirLetterKind kind = template_kind_of_key (task->key);
  g_autoptr(GError) error = NULL;
  gboolean cancelled;

  if (finish_task_quietly (self, result, TRUE, &cancelled, &error) == NULL)
    {
      if (cancelled)
        return;
      if (task->current != NULL)
        setting_changed_elsewhere (self, task, error);
      else
        set_problem (self, error);
      return;
    }
  set_problem (self, NULL);
  g_hash_table_replace (self->stored, g_strdup (task->key), g_strdup (task->value));

  if (kind < PEYGIR_N_LETTER_KINDS)
    {
      peygir_template_editor_set_saved (self->templates[kind], task->value);
      show_toast (self, task->value[0] == '\0' ? _("The template is back to the built-in one.")
                                               : _("The template is saved."));
    }
  else
    {
      for (guint i = 0; i < N_TEXT_KEYS; i++)
        if (g_str_equal (task->key, text_keys[i]))
          {
            g_free (self->saved_texts[i]);
            self->saved_texts[i] = g_strdup (task->value);
          }
      show_toast (self, _("Saved."));
    }
  peygir_session_changed (self->session);
}

static void
save_text (PeygirLetterSettingsPage *self,
           const char               *key,
           const char               *value)
{
  run_write (self, peygir_session_set_setting_thread, peygir_setting_write_new (self->session, key, NULL, value),
             (GDestroyNotify) peygir_setting_write_free, NULL, save_text_done_cb);
}

static void
save_text_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PeygirLetterSettingsPage *self = PEYGIR_LETTER_SETTINGS_PAGE (widget);
  const char *key = g_variant_get_string (parameter, NULL);

  for (guint i = 0; i < N_TEXT_KEYS; i++)
    {
      if (g_str_equal (key, text_keys[i]))
        {
          g_autofree char *value = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->text_rows[i])));

          save_text (self, key, g_strstrip (value));
          return;
        }
    }
  g_warning ("No entry row for the setting %s", key);
}

/* The rows of the combo, in the order of the setting's values. */
static const char * const reminder_signers[] = { "manager", "expert" };

static void
reminder_signer_selected_cb (PeygirLetterSettingsPage *self,
                             GParamSpec               *pspec,
                             AdwComboRow              *row)
{
  guint selected = adw_combo_row_get_selected (row);

  if (self->setting_signer || !self->loaded || self->session == NULL
      || selected >= G_N_ELEMENTS (reminder_signers))
    return;
  save_text (self, PEYGIR_SETTING_REMINDER_SIGNER, reminder_signers[selected]);
}

static void
entry_row_apply_cb (PeygirLetterSettingsPage *self,
                    AdwEntryRow              *row)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "letter-settings.save-text", "s",
                              gtk_widget_get_name (GTK_WIDGET (row)));
}

static void
save_template (PeygirLetterSettingsPage *self,
               PeygirLetterKind          kind)
{
  g_autofree char *text = peygir_template_editor_dup_text (self->templates[kind]);

  g_strstrip (text);
  /* The built-in text saved as such stays "", so that a better default in
   * a later version reaches the office's letters too. */
  if (g_str_equal (text, peygir_letter_template_default_body (kind)))
    text[0] = '\0';
  save_text (self, template_keys[kind], text);
}

static void
restore_template (PeygirLetterSettingsPage *self,
                  PeygirLetterKind          kind)
{
  peygir_template_editor_set_text (self->templates[kind], peygir_letter_template_default_body (kind));
  save_text (self, template_keys[kind], "");
}

/* The preview: a letter of the kind for the most recent case that has
 * one, drafts first, since an issued letter shows its kept copy and not
 * the template as it is now. */

typedef struct
{
  gint64   case_id;
  gint64   referral_id;
  gboolean issued;     /* the kept copy of a letter sent, not the template */
} PreviewTarget;

/* Whether @referral has a letter of @kind, and whether that letter is
 * still a draft, made afresh from the templates. */
static gboolean
referral_has_letter (const PeygirReferral *referral,
                     PeygirLetterKind      kind,
                     gboolean             *fresh)
{
  if (referral->state == PEYGIR_REFERRAL_WITHDRAWN)
    return FALSE;
  if (kind == PEYGIR_LETTER_REMINDER)
    {
      *fresh = referral->last_reminder_number == NULL;
      return referral->dispatched_at != 0;
    }
  *fresh = referral->letter_number == NULL;
  return TRUE;
}

static gboolean
answer_issued (PeygirStore  *store,
               gint64        case_id,
               gboolean     *issued,
               GError      **error)
{
  g_autoptr(GPtrArray) letters = peygir_store_list_letters (store, case_id, error);

  if (letters == NULL)
    return FALSE;
  *issued = FALSE;
  for (guint i = 0; i < letters->len; i++)
    {
      const PeygirLetterRecord *record = g_ptr_array_index (letters, i);

      if (record->kind == PEYGIR_LETTER_ANSWER)
        *issued = TRUE;
    }
  return TRUE;
}

static PreviewTarget *
preview_target_new (gint64 case_id,
                    gint64 referral_id)
{
  PreviewTarget *target = g_new0 (PreviewTarget, 1);

  target->case_id = case_id;
  target->referral_id = referral_id;
  return target;
}

static gpointer
find_case_thread (PeygirStore   *store,
                  gpointer       task_data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  PeygirLetterKind kind = GPOINTER_TO_UINT (task_data);
  PeygirCaseQuery query = { 0, };
  g_autoptr(GPtrArray) cases = NULL;
  g_autofree PreviewTarget *issued = NULL;

  query.sort = PEYGIR_CASE_SORT_UPDATED;
  query.descending = TRUE;
  query.limit = 50;
  query.states = peygir_workflow_letter_kind_states (kind);

  cases = peygir_store_list_cases (store, &query, error);
  if (cases == NULL)
    return NULL;

  for (guint i = 0; i < cases->len; i++)
    {
      const PeygirCase *listed = g_ptr_array_index (cases, i);
      g_autoptr(PeygirCase) kase = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      /* A receipt is never numbered: always made afresh. */
      if (kind == PEYGIR_LETTER_RECEIPT)
        return preview_target_new (listed->id, 0);

      if (kind == PEYGIR_LETTER_ANSWER)
        {
          gboolean answer_was_issued = FALSE;

          if (!answer_issued (store, listed->id, &answer_was_issued, error))
            return NULL;
          if (!answer_was_issued)
            return preview_target_new (listed->id, 0);
          if (issued == NULL)
            issued = preview_target_new (listed->id, 0);
          continue;
        }

      kase = peygir_store_get_case (store, listed->id, PEYGIR_CASE_DETAIL_REFERRALS, error);
      if (kase == NULL)
        return NULL;
      for (guint j = 0; kase->referrals != NULL && j < kase->referrals->len; j++)
        {
          const PeygirReferral *referral = g_ptr_array_index (kase->referrals, j);
          gboolean fresh = FALSE;

          if (referral->round != kase->round || !referral_has_letter (referral, kind, &fresh))
            continue;
          if (fresh)
            return preview_target_new (kase->id, referral->id);
          if (issued == NULL)
            issued = preview_target_new (kase->id, referral->id);
        }
    }

  /* Only issued letters: their kept copies, better than nothing. None at
   * all: NULL without an error. */
  if (issued != NULL)
    issued->issued = TRUE;
  return g_steal_pointer (&issued);
}

static void
find_case_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PeygirLetterSettingsPage) self = user_data;
  PeygirLetterKind kind = GPOINTER_TO_UINT (peygir_session_run_get_data (result));
  g_autofree PreviewTarget *target = NULL;
  gboolean cancelled;

  target = finish_task (self, result, FALSE, &cancelled);
  if (cancelled || self->problem != NULL)
    return;
  if (target == NULL)
    {
      show_toast (self, _("No case has a letter of this kind yet: there is nothing to preview."));
      return;
    }
  if (target->issued)
    show_toast (self, _("Every letter of this kind has been sent: the preview shows one as it was sent, not the template as it is now."));
  peygir_letter_preview_present (_peygir_widget_get_window (GTK_WIDGET (self)), self->session,
                                 target->case_id, kind, target->referral_id);
}

static void
preview_template (PeygirLetterSettingsPage *self,
                  PeygirLetterKind          kind)
{
  if (peygir_template_editor_is_unsaved (self->templates[kind]))
    show_toast (self, _("The preview shows the saved template: save it to see your changes."));

  set_busy (self, TRUE);
  peygir_session_run (self->session, find_case_thread, GUINT_TO_POINTER (kind), NULL,
                      g_free, self->cancellable, find_case_done_cb, g_object_ref (self));
}

/* letter-settings.save-template, .restore-template and .preview-template,
 * each for the letter kind its parameter names */
static void
template_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PeygirLetterSettingsPage *self = PEYGIR_LETTER_SETTINGS_PAGE (widget);
  PeygirLetterKind kind = kind_from_parameter (parameter);

  if (kind >= PEYGIR_N_LETTER_KINDS)
    return;
  if (g_str_equal (action_name, "letter-settings.save-template"))
    save_template (self, kind);
  else if (g_str_equal (action_name, "letter-settings.restore-template"))
    restore_template (self, kind);
  else
    preview_template (self, kind);
}

/* Reading everything */

typedef struct
{
  char      *texts[N_TEXT_KEYS];
  char      *templates[PEYGIR_N_LETTER_KINDS];
  char      *reminder_signer;
  GPtrArray *managers;     /* of PeygirUser */
  GHashTable *images;      /* key → GBytes */
} LoadResult;

static void
load_result_free (LoadResult *result)
{
  for (guint i = 0; i < N_TEXT_KEYS; i++)
    g_free (result->texts[i]);
  for (guint i = 0; i < PEYGIR_N_LETTER_KINDS; i++)
    g_free (result->templates[i]);
  g_free (result->reminder_signer);
  g_clear_pointer (&result->managers, g_ptr_array_unref);
  g_clear_pointer (&result->images, g_hash_table_unref);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadResult, load_result_free)

static gboolean
load_image (PeygirStore  *store,
            GHashTable   *images,
            const char   *key,
            GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  GBytes *png = peygir_store_get_image (store, key, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (png != NULL)
    g_hash_table_replace (images, g_strdup (key), png);
  return TRUE;
}

static gboolean
read_settings (PeygirStore        *store,
               const char * const *keys,
               guint               n_keys,
               char              **values,
               GError            **error)
{
  for (guint i = 0; i < n_keys; i++)
    {
      g_autoptr(GError) local_error = NULL;

      values[i] = peygir_store_get_setting (store, keys[i], &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  return TRUE;
}

static gpointer
load_thread (PeygirStore   *store,
             gpointer       task_data,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(LoadResult) result = g_new0 (LoadResult, 1);
  g_autoptr(GPtrArray) users = NULL;

  if (!read_settings (store, text_keys, N_TEXT_KEYS, result->texts, error)
      || !read_settings (store, template_keys, PEYGIR_N_LETTER_KINDS, result->templates, error))
    return NULL;
  result->reminder_signer = peygir_store_get_setting (store, PEYGIR_SETTING_REMINDER_SIGNER, error);
  if (result->reminder_signer == NULL)
    return NULL;

  users = peygir_store_list_users (store, error);
  if (users == NULL)
    return NULL;
  result->managers = g_ptr_array_new_with_free_func ((GDestroyNotify) peygir_user_free);
  result->images = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  if (!load_image (store, result->images, LOGO_KEY, error))
    return NULL;
  for (guint i = 0; i < users->len; i++)
    {
      PeygirUser *user = g_ptr_array_index (users, i);
      g_autofree char *key = NULL;

      if ((user->roles & PEYGIR_ROLE_MANAGER) == 0 || !user->active)
        continue;
      key = g_strconcat (SIGNATURE_PREFIX, user->login, NULL);
      if (!load_image (store, result->images, key, error))
        return NULL;
      g_ptr_array_add (result->managers, g_ptr_array_steal_index (users, i));
      i--;
    }

  return g_steal_pointer (&result);
}

static void
set_entry_text (AdwEntryRow *row,
                const char  *text)
{
  /* Text put in by the program is not an edit: no apply button for it. */
  adw_entry_row_set_show_apply_button (row, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
  adw_entry_row_set_show_apply_button (row, TRUE);
}

static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PeygirLetterSettingsPage) self = user_data;
  g_autoptr(LoadResult) loaded = NULL;
  GHashTableIter iter;
  gpointer key, value;
  gboolean cancelled;

  loaded = finish_task (self, result, FALSE, &cancelled);
  if (cancelled)
    return;
  self->loading = FALSE;
  if (loaded == NULL)
    return;
  self->loaded = TRUE;
  update_actions (self);

  for (guint i = 0; i < N_TEXT_KEYS; i++)
    {
      g_free (self->saved_texts[i]);
      self->saved_texts[i] = g_strdup (loaded->texts[i] != NULL ? loaded->texts[i] : "");
      set_entry_text (self->text_rows[i], self->saved_texts[i]);
      g_hash_table_replace (self->stored, g_strdup (text_keys[i]), g_strdup (loaded->texts[i]));
    }
  for (PeygirLetterKind kind = 0; kind < PEYGIR_N_LETTER_KINDS; kind++)
    g_hash_table_replace (self->stored, g_strdup (template_keys[kind]), g_strdup (loaded->templates[kind]));
  g_hash_table_replace (self->stored, g_strdup (PEYGIR_SETTING_REMINDER_SIGNER), g_strdup (loaded->reminder_signer));

  for (PeygirLetterKind kind = 0; kind < PEYGIR_N_LETTER_KINDS; kind++)
    {
      const char *saved = loaded->templates[kind] != NULL ? loaded->templates[kind] : "";

      peygir_template_editor_set_saved (self->templates[kind], saved);
      peygir_template_editor_set_text (self->templates[kind],
                                       saved[0] != '\0' ? saved : peygir_letter_template_default_body (kind));
    }

  self->setting_signer = TRUE;
  adw_combo_row_set_selected (self->reminder_signer_row,
                              g_strcmp0 (loaded->reminder_signer, "expert") == 0 ? 1 : 0);
  self->setting_signer = FALSE;

  g_hash_table_remove_all (self->images);
  g_hash_table_iter_init (&iter, loaded->images);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_replace (self->images, g_strdup (key), g_bytes_ref (value));
  update_image_row (self, LOGO_KEY);

  for (guint i = 0; !self->letterhead_only && i < loaded->managers->len; i++)
    {
      const PeygirUser *manager = g_ptr_array_index (loaded->managers, i);
      g_autofree char *image_key = g_strconcat (SIGNATURE_PREFIX, manager->login, NULL);
      GtkWidget *row;

      if (!g_hash_table_contains (self->image_rows, image_key))
        {
          row = peygir_image_row_new (image_key, manager->name, _("Signature set."),
                                      _("No signature: approved letters are signed by name only."));
          gtk_widget_set_name (row, image_key);
          adw_preferences_group_add (self->images_group, row);
          g_hash_table_replace (self->image_rows, g_strdup (image_key), row);
        }
      update_image_row (self, image_key);
    }
}

static void
peygir_letter_settings_page_load (PeygirLetterSettingsPage *self)
{
  if (self->loaded || self->loading)
    return;
  self->loading = TRUE;
  set_busy (self, TRUE);
  peygir_session_run (self->session, load_thread, NULL, NULL,
                      (GDestroyNotify) load_result_free, self->cancellable,
                      load_done_cb, g_object_ref (self));
}

/* A read that failed (the share was gone) is tried again once the
 * session's next look at the database succeeds. */
static void
session_problem_cb (PeygirLetterSettingsPage *self,
                    GParamSpec               *pspec,
                    PeygirSession            *session)
{
  if (peygir_session_get_problem (session) == NULL)
    peygir_letter_settings_page_load (self);
}

/* Closing the preferences with edits not saved */

gboolean
peygir_letter_settings_page_has_unsaved (PeygirLetterSettingsPage *self)
{
  g_return_val_if_fail (PEYGIR_IS_LETTER_SETTINGS_PAGE (self), FALSE);

  for (guint i = 0; i < N_TEXT_KEYS; i++)
    {
      g_autofree char *text = NULL;

      if (self->saved_texts[i] == NULL)
        continue;
      text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->text_rows[i]))));
      if (!g_str_equal (text, self->saved_texts[i]))
        return TRUE;
    }
  for (PeygirLetterKind kind = 0; kind < PEYGIR_N_LETTER_KINDS; kind++)
    if (peygir_template_editor_is_unsaved (self->templates[kind]))
      return TRUE;
  return FALSE;
}

static gboolean
close_window_cb (gpointer user_data)
{
  gtk_window_close (GTK_WINDOW (user_data));
  return G_SOURCE_REMOVE;
}

static void
close_dialog_response_cb (PeygirLetterSettingsPage *self,
                          const char               *response,
                          AdwMessageDialog         *dialog)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  self->close_dialog = NULL;
  if (g_str_equal (response, "discard") && GTK_IS_WINDOW (root))
    {
      self->discard = TRUE;
      /* Once the dialog is done with its response: closing the window now
       * would destroy the dialog in the middle of it. */
      g_idle_add_full (G_PRIORITY_DEFAULT, close_window_cb, g_object_ref (root), g_object_unref);
    }
}

static gboolean
root_close_request_cb (GtkWindow                *window,
                       PeygirLetterSettingsPage *self)
{
  GtkWidget *dialog;

  if (self->discard || !peygir_letter_settings_page_has_unsaved (self))
    return FALSE;
  if (self->close_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->close_dialog));
      return TRUE;
    }

  dialog = adw_message_dialog_new (window, _("Close Without Saving?"),
                                   _("Some letterhead lines or templates on the Letters page are changed and not saved. Closing loses the changes."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep Editing"),
                                    "discard", _("_Close Without Saving"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (close_dialog_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  self->close_dialog = ADW_MESSAGE_DIALOG (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

static void
peygir_letter_settings_page_root (GtkWidget *widget)
{
  GtkRoot *root;

  GTK_WIDGET_CLASS (peygir_letter_settings_page_parent_class)->root (widget);

  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    g_signal_connect_object (root, "close-request", G_CALLBACK (root_close_request_cb), widget, 0);
}

static void
peygir_letter_settings_page_unroot (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  if (root != NULL)
    g_signal_handlers_disconnect_by_func (root, root_close_request_cb, widget);

  GTK_WIDGET_CLASS (peygir_letter_settings_page_parent_class)->unroot (widget);
}

/* GObject */

static void
peygir_letter_settings_page_dispose (GObject *object)
{
  PeygirLetterSettingsPage *self = (PeygirLetterSettingsPage *)object;

  g_cancellable_cancel (self->cancellable);
  g_queue_clear_full (&self->writes, (GDestroyNotify) queued_write_free);
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), PEYGIR_TYPE_LETTER_SETTINGS_PAGE);

  G_OBJECT_CLASS (peygir_letter_settings_page_parent_class)->dispose (object);
}

static void
peygir_letter_settings_page_finalize (GObject *object)
{
  PeygirLetterSettingsPage *self = (PeygirLetterSettingsPage *)object;

  g_clear_pointer (&self->image_rows, g_hash_table_unref);
  g_clear_pointer (&self->stored, g_hash_table_unref);
  g_clear_pointer (&self->images, g_hash_table_unref);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->chooser_key, g_free);
  g_clear_pointer (&self->problem, g_free);
  for (guint i = 0; i < N_TEXT_KEYS; i++)
    g_free (self->saved_texts[i]);

  G_OBJECT_CLASS (peygir_letter_settings_page_parent_class)->finalize (object);
}

static void
peygir_letter_settings_page_class_init (PeygirLetterSettingsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = peygir_letter_settings_page_dispose;
  object_class->finalize = peygir_letter_settings_page_finalize;
  widget_class->root = peygir_letter_settings_page_root;
  widget_class->unroot = peygir_letter_settings_page_unroot;

  g_type_ensure (PEYGIR_TYPE_IMAGE_ROW);
  gtk_widget_class_set_template_from_resource (widget_class, "/ir/gov/peygir/peygir-letter-settings-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PeygirLetterSettingsPage, country_row);
  gtk_widget_class_bind_template_child (widget_class, PeygirLetterSettingsPage, ministry_row);
  gtk_widget_class_bind_template_child (widget_class, PeygirLetterSettingsPage, governorate_row);
  gtk_widget_class_bind_template_child (widget_class, PeygirLetterSettingsPage, office_row);
  gtk_widget_class_bind_template_child (widget_class, PeygirLetterSettingsPage, office_phone_row);
  gtk_widget_class_bind_template_child (widget_class, PeygirLetterSettingsPage, office_address_row);
  gtk_widget_class_bind_template_child (widget_class, PeygirLetterSettingsPage, signer_title_row);
  gtk_widget_class_bind_template_child (widget_class, PeygirLetterSettingsPage, reminder_signer_row);
  gtk_widget_class_bind_template_child (widget_class, PeygirLetterSettingsPage, reminder_group);
  gtk_widget_class_bind_template_child (widget_class, PeygirLetterSettingsPage, images_group);
  gtk_widget_class_bind_template_child (widget_class, PeygirLetterSettingsPage, logo_row);
  gtk_widget_class_bind_template_callback (widget_class, entry_row_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, reminder_signer_selected_cb);

  gtk_widget_class_install_action (widget_class, "letter-settings.save-text", "s", save_text_action);
  gtk_widget_class_install_action (widget_class, "letter-settings.save-template", "s", template_action);
  gtk_widget_class_install_action (widget_class, "letter-settings.restore-template", "s", template_action);
  gtk_widget_class_install_action (widget_class, "letter-settings.preview-template", "s", template_action);
  gtk_widget_class_install_action (widget_class, "letter-settings.choose-image", "s", choose_image_action);
  gtk_widget_class_install_action (widget_class, "letter-settings.remove-image", "s", remove_image_action);
}

static void
peygir_letter_settings_page_init (PeygirLetterSettingsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* AdwPreferencesPage's own "name" property hides the widget's. */
  gtk_widget_set_name (GTK_WIDGET (self), "letter-settings");

  self->cancellable = g_cancellable_new ();
  g_queue_init (&self->writes);
  self->image_rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->stored = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->images = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);

  self->text_rows[0] = self->country_row;
  self->text_rows[1] = self->ministry_row;
  self->text_rows[2] = self->governorate_row;
  self->text_rows[3] = self->office_row;
  self->text_rows[4] = self->office_phone_row;
  self->text_rows[5] = self->office_address_row;
  self->text_rows[6] = self->signer_title_row;
  for (guint i = 0; i < N_TEXT_KEYS; i++)
    g_assert (g_str_equal (gtk_widget_get_name (GTK_WIDGET (self->text_rows[i])), text_keys[i]));

  g_hash_table_replace (self->image_rows, g_strdup (LOGO_KEY), self->logo_row);
  for (PeygirLetterKind kind = 0; kind < PEYGIR_N_LETTER_KINDS; kind++)
    {
      self->templates[kind] = PEYGIR_TEMPLATE_EDITOR (peygir_template_editor_new (kind));
      adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), ADW_PREFERENCES_GROUP (self->templates[kind]));
    }
  update_actions (self);
}

GtkWidget *
peygir_letter_settings_page_new (PeygirSession *session)
{
  PeygirLetterSettingsPage *self;

  g_return_val_if_fail (PEYGIR_IS_SESSION (session), NULL);

  self = g_object_new (PEYGIR_TYPE_LETTER_SETTINGS_PAGE, NULL);
  self->session = g_object_ref (session);
  update_actions (self);
  g_signal_connect_object (session, "notify::problem", G_CALLBACK (session_problem_cb), self, G_CONNECT_SWAPPED);
  peygir_letter_settings_page_load (self);
  return GTK_WIDGET (self);
}

GtkWidget *
peygir_letter_settings_page_new_letterhead (PeygirSession *session)
{
  PeygirLetterSettingsPage *self = PEYGIR_LETTER_SETTINGS_PAGE (peygir_letter_settings_page_new (session));

  self->letterhead_only = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->reminder_group), FALSE);
  for (PeygirLetterKind kind = 0; kind < PEYGIR_N_LETTER_KINDS; kind++)
    gtk_widget_set_visible (GTK_WIDGET (self->templates[kind]), FALSE);
  adw_preferences_group_set_title (self->images_group, _("Logo"));
  adw_preferences_group_set_description (self->images_group,
                                         _("A PNG image at the top of every letter; the managers’ signatures are set in the preferences."));
  return GTK_WIDGET (self);
}

void
peygir_letter_settings_page_apply_unsaved (PeygirLetterSettingsPage *self)
{
  g_return_if_fail (PEYGIR_IS_LETTER_SETTINGS_PAGE (self));

  if (!self->loaded)
    return;
  for (guint i = 0; i < N_TEXT_KEYS; i++)
    {
      g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->text_rows[i]))));

      if (self->saved_texts[i] != NULL && !g_str_equal (text, self->saved_texts[i]))
        gtk_widget_activate_action (GTK_WIDGET (self), "letter-settings.save-text", "s", text_keys[i]);
    }
}

gboolean
peygir_letter_settings_page_get_busy (PeygirLetterSettingsPage *self)
{
  g_return_val_if_fail (PEYGIR_IS_LETTER_SETTINGS_PAGE (self), FALSE);
  return self->busy > 0;
}

const char *
peygir_letter_settings_page_get_problem (PeygirLetterSettingsPage *self)
{
  g_return_val_if_fail (PEYGIR_IS_LETTER_SETTINGS_PAGE (self), NULL);
  return self->problem;
}

gboolean
peygir_letter_settings_page_has_image (PeygirLetterSettingsPage *self,
                                       const char               *key)
{
  g_return_val_if_fail (PEYGIR_IS_LETTER_SETTINGS_PAGE (self), FALSE);
  return g_hash_table_contains (self->images, key);
}
