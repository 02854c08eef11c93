/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <poppler.h>
#include <string.h>

#include "peygir-deadline-settings-page.h"
#include "peygir-letter-preview.h"
#include "peygir-letter-settings-page.h"
#include "peygir-letter-template.h"
#include "peygir-preferences-window.h"
#include "peygir-test-util.h"
#include "test-ui-util.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

/* The preferences of a window signed in as @window's user, made transient
 * for it as the application does. */
static gboolean
page_idle (gpointer data)
{
  PeygirLetterSettingsPage *page = data;

  return !peygir_letter_settings_page_get_busy (page);
}

static PeygirLetterSettingsPage *
settings_page (GtkWidget *preferences)
{
  GtkWidget *page = ui_find_named (preferences, "letter-settings");

  g_assert_nonnull (page);
  g_assert_true (PEYGIR_IS_LETTER_SETTINGS_PAGE (page));
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (preferences), ADW_PREFERENCES_PAGE (page));
  ui_wait_for (page_idle, page);
  return PEYGIR_LETTER_SETTINGS_PAGE (page);
}

static void
activate_and_wait (PeygirLetterSettingsPage *page,
                   const char               *action,
                   const char               *target)
{
  ui_activate (GTK_WIDGET (page), action, g_variant_new_string (target));
  ui_wait_for (page_idle, page);
}

static char *
store_setting (StoreFixture *f,
               const char   *key)
{
  g_autoptr(GError) error = NULL;
  char *value = peygir_store_get_setting (f->store, key, &error);

  g_assert_no_error (error);
  return value;
}

static char *
buffer_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static GtkTextBuffer *
template_buffer (PeygirLetterSettingsPage *page,
                 const char               *kind)
{
  g_autofree char *name = g_strconcat ("template-", kind, NULL);
  GtkWidget *view = ui_find_named (GTK_WIDGET (page), name);

  g_assert_true (GTK_IS_TEXT_VIEW (view));
  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
}

static GtkLabel *
template_warning (PeygirLetterSettingsPage *page,
                  const char               *kind)
{
  g_autofree char *name = g_strconcat ("template-", kind, "-warning", NULL);
  GtkWidget *label = ui_find_named (GTK_WIDGET (page), name);

  g_assert_true (GTK_IS_LABEL (label));
  return GTK_LABEL (label);
}

/* Scrolls the page so that the widget named @name is near the top. */
static void
scroll_to (PeygirLetterSettingsPage *page,
           const char               *name)
{
  GtkWidget *target = ui_find_named (GTK_WIDGET (page), name);
  GtkWidget *scrolled = target;
  GtkAdjustment *adjustment;
  graphene_rect_t bounds;

  gtk_test_widget_wait_for_draw (GTK_WIDGET (gtk_widget_get_root (target)));
  /* The page's own scrolled window, not a text view's inside it. */
  while (scrolled != NULL && gtk_widget_get_parent (scrolled) != GTK_WIDGET (page))
    scrolled = gtk_widget_get_parent (scrolled);
  g_assert_true (GTK_IS_SCROLLED_WINDOW (scrolled));
  g_assert_true (gtk_widget_compute_bounds (target, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)), &bounds));
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  /* The bounds are where the widget is seen, the page scrolled as it is. */
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + bounds.origin.y - 140);
  ui_iterate (100);
}

static AdwMessageDialog *
find_dialog (GtkWindow *parent)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) && gtk_window_get_transient_for (toplevel) == parent
          && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return ADW_MESSAGE_DIALOG (toplevel);
    }
  return NULL;
}

static void
respond_to_dialog (GtkWindow  *parent,
                   const char *response)
{
  AdwMessageDialog *dialog = find_dialog (parent);

  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, response);
  ui_iterate (50);
}

/* An administrator has the page; an expert and a manager do not. */
static void
test_admin_only (StoreFixture  *f,
                 gconstpointer  data)
{
  ui_assert_page_for_administrators (f, "letter-settings", PEYGIR_TYPE_LETTER_SETTINGS_PAGE);
  ui_assert_page_for_administrators (f, "deadline-settings", PEYGIR_TYPE_DEADLINE_SETTINGS_PAGE);
}

/* A letterhead line and the referral template edited through the page
 * reach the store; an unknown field is pointed out; restoring the default
 * stores "". */
static void
test_edit (StoreFixture  *f,
           gconstpointer  data)
{
  const char *referral_default = peygir_letter_template_default_body (PEYGIR_LETTER_REFERRAL);
  g_autoptr(GError) error = NULL;
  PeygirWindow *window;
  GtkWidget *preferences;
  PeygirLetterSettingsPage *page;
  GtkWidget *row;
  GtkTextBuffer *buffer;
  GtkLabel *warning;
  g_autofree char *value = NULL;
  g_autofree char *shown = NULL;

  g_assert_true (peygir_store_set_setting (f->store, "admin", PEYGIR_SETTING_OFFICE,
                                           "دفتر مدیریت عملکرد، بازرسی و امور حقوقی", &error));
  g_assert_no_error (error);

  window = ui_window_new (f->store, "admin");
  preferences = ui_preferences_new (window, f->path, 1000, 800);
  page = settings_page (preferences);

  /* What the store has is shown: a set line, the default template. */
  row = ui_find_named (GTK_WIDGET (page), PEYGIR_SETTING_OFFICE);
  g_assert_true (ADW_IS_ENTRY_ROW (row));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "دفتر مدیریت عملکرد، بازرسی و امور حقوقی");
  buffer = template_buffer (page, "referral");
  shown = buffer_text (buffer);
  g_assert_cmpstr (shown, ==, referral_default);
  warning = template_warning (page, "referral");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (warning)));

  /* Who signs reminders: the manager until the administrator says the
   * expert, and the choice is what the store then has. */
  {
    GtkWidget *signer = ui_find_named (GTK_WIDGET (page), PEYGIR_SETTING_REMINDER_SIGNER);
    g_autofree char *stored = NULL;

    g_assert_true (ADW_IS_COMBO_ROW (signer));
    g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (signer)), ==, 0);
    adw_combo_row_set_selected (ADW_COMBO_ROW (signer), 1);
    ui_wait_for (page_idle, page);
    stored = peygir_store_get_setting (f->store, PEYGIR_SETTING_REMINDER_SIGNER, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (stored, ==, "expert");
  }

  /* Not saved: said under the text, and gone again with the stored text. */
  g_assert_false (gtk_widget_get_visible (ui_find_named (GTK_WIDGET (page), "template-referral-unsaved")));
  gtk_text_buffer_insert_at_cursor (buffer, "\n", -1);
  g_assert_false (gtk_widget_get_visible (ui_find_named (GTK_WIDGET (page), "template-referral-unsaved")));
  gtk_text_buffer_insert_at_cursor (buffer, "بند تازه", -1);
  g_assert_true (gtk_widget_get_visible (ui_find_named (GTK_WIDGET (page), "template-referral-unsaved")));
  gtk_text_buffer_set_text (buffer, referral_default, -1);
  g_assert_false (gtk_widget_get_visible (ui_find_named (GTK_WIDGET (page), "template-referral-unsaved")));

  /* A field's row puts the field at the cursor. */
  {
    GtkTextIter end;
    GtkWidget *field_row = ui_find_named (GTK_WIDGET (page), "template-referral-field-registration_number");

    g_assert_true (ADW_IS_ACTION_ROW (field_row));
    gtk_text_buffer_get_end_iter (buffer, &end);
    gtk_text_buffer_place_cursor (buffer, &end);
    g_signal_emit_by_name (field_row, "activated");
    g_clear_pointer (&shown, g_free);
    shown = buffer_text (buffer);
    g_assert_true (g_str_has_suffix (shown, "{registration_number}"));
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (ui_find_named (GTK_WIDGET (page), "template-referral-fields")), TRUE);
    scroll_to (page, "template-referral-field-applicant");
    ui_screenshot (preferences, "letter-settings-fields");
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (ui_find_named (GTK_WIDGET (page), "template-referral-fields")), FALSE);
  }

  /* A field Peygir does not know, as one types it. */
  gtk_text_buffer_set_text (buffer, "با سلام، شکایت {applicant} دربارهٔ {subject} و {nonsense} ارجاع می‌شود.", -1);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (warning)));
  g_assert_nonnull (strstr (gtk_label_get_text (warning), "{nonsense}"));
  g_assert_null (strstr (gtk_label_get_text (warning), "{applicant}"));
  scroll_to (page, "template-referral");
  ui_screenshot (preferences, "letter-settings-template");
  gtk_text_buffer_set_text (buffer, "با سلام، {applicant}.", -1);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (warning)));

  /* The governorate line. */
  row = ui_find_named (GTK_WIDGET (page), PEYGIR_SETTING_GOVERNORATE);
  g_assert_true (ADW_IS_ENTRY_ROW (row));
  gtk_editable_set_text (GTK_EDITABLE (row), "  استانداری آزمون  ");
  activate_and_wait (page, "letter-settings.save-text", PEYGIR_SETTING_GOVERNORATE);
  g_assert_null (peygir_letter_settings_page_get_problem (page));
  value = store_setting (f, PEYGIR_SETTING_GOVERNORATE);
  g_assert_cmpstr (value, ==, "استانداری آزمون");
  g_clear_pointer (&value, g_free);

  /* Saves asked for one after another, before the first is done, all
   * land, in order. */
  gtk_editable_set_text (GTK_EDITABLE (row), "استانداری یکم");
  ui_activate (GTK_WIDGET (page), "letter-settings.save-text", g_variant_new_string (PEYGIR_SETTING_GOVERNORATE));
  gtk_editable_set_text (GTK_EDITABLE (ui_find_named (GTK_WIDGET (page), PEYGIR_SETTING_MINISTRY)), "وزارت آزمون");
  ui_activate (GTK_WIDGET (page), "letter-settings.save-text", g_variant_new_string (PEYGIR_SETTING_MINISTRY));
  gtk_editable_set_text (GTK_EDITABLE (row), "استانداری آزمون");
  activate_and_wait (page, "letter-settings.save-text", PEYGIR_SETTING_GOVERNORATE);
  g_assert_null (peygir_letter_settings_page_get_problem (page));
  value = store_setting (f, PEYGIR_SETTING_GOVERNORATE);
  g_assert_cmpstr (value, ==, "استانداری آزمون");
  g_clear_pointer (&value, g_free);
  value = store_setting (f, PEYGIR_SETTING_MINISTRY);
  g_assert_cmpstr (value, ==, "وزارت آزمون");
  g_clear_pointer (&value, g_free);

  /* The row's own apply button does the same. */
  row = ui_find_named (GTK_WIDGET (page), PEYGIR_SETTING_OFFICE_PHONE);
  g_assert_true (ADW_IS_ENTRY_ROW (row));
  gtk_editable_set_text (GTK_EDITABLE (row), "۰۱۳-۳۳۳۳۴۴۴۴");
  g_signal_emit_by_name (row, "apply");
  ui_wait_for (page_idle, page);
  value = store_setting (f, PEYGIR_SETTING_OFFICE_PHONE);
  g_assert_cmpstr (value, ==, "۰۱۳-۳۳۳۳۴۴۴۴");
  g_clear_pointer (&value, g_free);
  row = ui_find_named (GTK_WIDGET (page), PEYGIR_SETTING_GOVERNORATE);

  /* The referral template. */
  gtk_text_buffer_set_text (buffer, "با سلام، شکایت {applicant} با شماره {registration_number} ارجاع می‌شود.", -1);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (warning)));
  g_assert_true (gtk_widget_get_visible (ui_find_named (GTK_WIDGET (page), "template-referral-unsaved")));
  activate_and_wait (page, "letter-settings.save-template", "referral");
  g_assert_null (peygir_letter_settings_page_get_problem (page));
  g_assert_false (gtk_widget_get_visible (ui_find_named (GTK_WIDGET (page), "template-referral-unsaved")));
  value = store_setting (f, PEYGIR_SETTING_TEMPLATE_REFERRAL);
  g_assert_cmpstr (value, ==, "با سلام، شکایت {applicant} با شماره {registration_number} ارجاع می‌شود.");
  g_clear_pointer (&value, g_free);


  /* Back to the built-in template: "" in the store, its text on screen. */
  activate_and_wait (page, "letter-settings.restore-template", "referral");
  g_assert_null (peygir_letter_settings_page_get_problem (page));
  value = store_setting (f, PEYGIR_SETTING_TEMPLATE_REFERRAL);
  g_assert_cmpstr (value, ==, "");
  g_clear_pointer (&value, g_free);
  g_clear_pointer (&shown, g_free);
  shown = buffer_text (buffer);
  g_assert_cmpstr (shown, ==, referral_default);

  /* The built-in text saved as it is stays the default. */
  gtk_text_buffer_set_text (template_buffer (page, "receipt"),
                            peygir_letter_template_default_body (PEYGIR_LETTER_RECEIPT), -1);
  activate_and_wait (page, "letter-settings.save-template", "receipt");
  value = store_setting (f, PEYGIR_SETTING_TEMPLATE_RECEIPT);
  g_assert_cmpstr (value, ==, "");
  g_clear_pointer (&value, g_free);

  /* Not an administrator any more: the store refuses, the page says so. */
  {
    g_autoptr(PeygirUser) admin2 = peygir_store_add_user (f->store, "admin", "admin2", "مدیر دوم",
                                                          PEYGIR_ROLE_ADMIN, &error);
    g_autoptr(PeygirUser) demoted = NULL;

    g_assert_no_error (error);
    demoted = peygir_store_update_user (f->store, "admin2", "admin", NULL, PEYGIR_ROLE_EXPERT, -1, &error);
    g_assert_no_error (error);
  }
  gtk_editable_set_text (GTK_EDITABLE (row), "استانداری دیگر");
  activate_and_wait (page, "letter-settings.save-text", PEYGIR_SETTING_GOVERNORATE);
  g_assert_nonnull (peygir_letter_settings_page_get_problem (page));
  value = store_setting (f, PEYGIR_SETTING_GOVERNORATE);
  g_assert_cmpstr (value, ==, "استانداری آزمون");

  /* Closing with that line not saved asks first: keep editing, then
   * close without saving. */
  g_assert_true (peygir_letter_settings_page_has_unsaved (page));
  g_object_add_weak_pointer (G_OBJECT (preferences), (gpointer *) &preferences);
  gtk_window_close (GTK_WINDOW (preferences));
  ui_iterate (50);
  g_assert_nonnull (preferences);
  respond_to_dialog (GTK_WINDOW (preferences), "cancel");
  g_assert_nonnull (preferences);
  gtk_window_close (GTK_WINDOW (preferences));
  ui_iterate (50);
  g_assert_nonnull (preferences);
  ui_screenshot (GTK_WIDGET (find_dialog (GTK_WINDOW (preferences))), "letter-settings-close");
  respond_to_dialog (GTK_WINDOW (preferences), "discard");
  g_assert_null (preferences);

  ui_window_close (window);
}

static char *
write_png (const char *dir)
{
  char *path = g_build_filename (dir, "logo.png", NULL);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 160, 80);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 0.1, 0.35, 0.2);
  cairo_arc (cr, 80, 40, 34, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.85, 0.7, 0.2);
  cairo_rectangle (cr, 60, 30, 40, 20);
  cairo_fill (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return path;
}

/* The store's image @key is @expected (NULL: none). */
static void
assert_store_image (StoreFixture *f,
                    const char   *key,
                    GBytes       *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) image = peygir_store_get_image (f->store, key, &error);

  g_assert_no_error (error);
  if (expected == NULL)
    g_assert_null (image);
  else
    g_assert_true (image != NULL && g_bytes_equal (image, expected));
}

/* The logo: a PNG saved, anything else refused with the reason shown, and
 * removed; a manager's signature likewise. */
static void
test_images (StoreFixture  *f,
             gconstpointer  data)
{
  g_autofree char *png_path = write_png (f->dir);
  g_autofree char *text_path = g_build_filename (f->dir, "logo.png.txt", NULL);
  g_autoptr(GFile) png_file = g_file_new_for_path (png_path);
  g_autoptr(GFile) text_file = g_file_new_for_path (text_path);
  g_autoptr(GBytes) expected = NULL;
  g_autoptr(GError) error = NULL;
  PeygirWindow *window;
  GtkWidget *preferences;
  PeygirLetterSettingsPage *page;

  g_assert_true (g_file_set_contents (text_path, "این یک تصویر نیست", -1, NULL));
  expected = g_file_load_bytes (png_file, NULL, NULL, &error);
  g_assert_no_error (error);

  window = ui_window_new (f->store, "admin");
  preferences = ui_preferences_new (window, f->path, 1000, 800);
  page = settings_page (preferences);
  g_assert_false (peygir_letter_settings_page_has_image (page, "logo"));
  /* Each manager has a row for the signature. */
  g_assert_true (ADW_IS_ACTION_ROW (ui_find_named (GTK_WIDGET (page), "signature:manager")));
  g_assert_null (ui_find_named (GTK_WIDGET (page), "signature:expert"));

  peygir_letter_settings_page_set_image_file (page, "logo", png_file);
  ui_wait_for (page_idle, page);
  g_assert_null (peygir_letter_settings_page_get_problem (page));
  g_assert_true (peygir_letter_settings_page_has_image (page, "logo"));
  assert_store_image (f, "logo", expected);

  /* A text file, named like an image, is refused and the logo stays. */
  peygir_letter_settings_page_set_image_file (page, "logo", text_file);
  ui_wait_for (page_idle, page);
  g_assert_nonnull (peygir_letter_settings_page_get_problem (page));
  g_test_message ("refused: %s", peygir_letter_settings_page_get_problem (page));
  g_assert_true (peygir_letter_settings_page_has_image (page, "logo"));
  assert_store_image (f, "logo", expected);

  /* A file that is not there: said so, nothing changes. */
  {
    g_autofree char *missing_path = g_build_filename (f->dir, "missing.png", NULL);
    g_autoptr(GFile) missing = g_file_new_for_path (missing_path);

    peygir_letter_settings_page_set_image_file (page, "logo", missing);
    ui_wait_for (page_idle, page);
    g_assert_nonnull (peygir_letter_settings_page_get_problem (page));
    g_assert_nonnull (strstr (peygir_letter_settings_page_get_problem (page), "missing.png"));
    assert_store_image (f, "logo", expected);
  }

  /* The manager's signature. */
  peygir_letter_settings_page_set_image_file (page, "signature:manager", png_file);
  ui_wait_for (page_idle, page);
  g_assert_null (peygir_letter_settings_page_get_problem (page));
  assert_store_image (f, "signature:manager", expected);

  ui_iterate (50);
  ui_screenshot (preferences, "letter-settings");

  activate_and_wait (page, "letter-settings.remove-image", "logo");
  g_assert_null (peygir_letter_settings_page_get_problem (page));
  g_assert_false (peygir_letter_settings_page_has_image (page, "logo"));
  assert_store_image (f, "logo", NULL);

  gtk_window_destroy (GTK_WINDOW (preferences));
  ui_window_close (window);
}

static GtkWindow *
find_preview_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

      if (ui_find_named (toplevel, "letter-preview") != NULL)
        return GTK_WINDOW (toplevel);
    }
  return NULL;
}

static gboolean
preview_loaded (gpointer data)
{
  return !peygir_letter_preview_get_loading (PEYGIR_LETTER_PREVIEW (data));
}

/* The text of the letter shown in @preview_window, every page. */
static char *
preview_text (GtkWindow *preview_window)
{
  GtkWidget *preview = ui_find_named (GTK_WIDGET (preview_window), "letter-preview");
  g_autoptr(GError) error = NULL;
  g_autoptr(PopplerDocument) document = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  GBytes *pdf;

  ui_wait_for (preview_loaded, preview);
  g_assert_null (peygir_letter_preview_get_problem (PEYGIR_LETTER_PREVIEW (preview)));
  pdf = peygir_letter_preview_get_pdf (PEYGIR_LETTER_PREVIEW (preview));
  g_assert_nonnull (pdf);
  document = poppler_document_new_from_bytes (pdf, NULL, &error);
  g_assert_no_error (error);
  for (int i = 0; i < poppler_document_get_n_pages (document); i++)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (document, i);
      g_autofree char *page_text = poppler_page_get_text (page);

      g_string_append (text, page_text);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* A case referred to agency A and approved by the manager: its referral
 * letter is a draft until the secretariat dispatches it. */
static PeygirCase *
approved_case (StoreFixture *f,
               const char   *nine)
{
  g_autofree char *national_id = national_id_from (nine);
  g_autoptr(PeygirCase) kase = ui_create_case (f->store, "expert", f->agency_a, national_id);
  g_autoptr(GError) error = NULL;
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;
  PeygirCase *done;

  done = review_and_register (f, kase->id);
  peygir_case_free (done);
  request.case_id = kase->id;
  request.action = PEYGIR_ACTION_REFER;
  request.actor_login = "expert";
  request.note = "متن پیشنهادی نامه";
  request.agency_ids = &f->agency_a;
  request.n_agency_ids = 1;
  done = peygir_store_apply_action (f->store, &request, &error);
  g_assert_no_error (error);
  peygir_case_free (done);
  return act (f, kase->id, PEYGIR_ACTION_APPROVE, "manager", NULL);
}

/* Preview: nothing while no case has a letter of the kind; the receipt of
 * the latest case once there is one; the referral of an approved case,
 * a draft made from the template just saved. */
static void
test_preview (StoreFixture  *f,
              gconstpointer  data)
{
  g_autofree char *national_id = national_id_from ("001234567");
  g_autoptr(PeygirCase) kase = NULL;
  g_autoptr(PeygirCase) approved = NULL;
  PeygirWindow *window = ui_window_new (f->store, "admin");
  GtkWidget *preferences = ui_preferences_new (window, f->path, 1000, 800);
  PeygirLetterSettingsPage *page = settings_page (preferences);
  GtkWindow *preview;
  g_autofree char *text = NULL;

  activate_and_wait (page, "letter-settings.preview-template", "receipt");
  ui_iterate (50);
  g_assert_null (peygir_letter_settings_page_get_problem (page));
  g_assert_null (find_preview_window ());

  kase = ui_create_case (f->store, "expert", f->agency_a, national_id);
  activate_and_wait (page, "letter-settings.preview-template", "referral");
  ui_iterate (50);
  g_assert_null (find_preview_window ());

  activate_and_wait (page, "letter-settings.preview-template", "receipt");
  ui_iterate (50);
  preview = find_preview_window ();
  g_assert_nonnull (preview);
  g_assert_true (gtk_window_get_transient_for (preview) == GTK_WINDOW (preferences));
  text = preview_text (preview);
  g_assert_cmpuint (strlen (text), >, 0);
  gtk_window_destroy (preview);
  g_clear_pointer (&text, g_free);

  /* The referral template as the administrator wrote it, in the letter. */
  approved = approved_case (f, "002345678");
  gtk_text_buffer_set_text (template_buffer (page, "referral"), "PreviewMarker {applicant} PreviewEnd", -1);
  activate_and_wait (page, "letter-settings.save-template", "referral");
  g_assert_null (peygir_letter_settings_page_get_problem (page));
  activate_and_wait (page, "letter-settings.preview-template", "referral");
  ui_iterate (50);
  preview = find_preview_window ();
  g_assert_nonnull (preview);
  text = preview_text (preview);
  g_assert_nonnull (strstr (text, "PreviewMarker"));
  g_assert_nonnull (strstr (text, "PreviewEnd"));
  g_assert_null (peygir_letter_preview_get_number (PEYGIR_LETTER_PREVIEW (ui_find_named (GTK_WIDGET (preview), "letter-preview"))));
  gtk_window_destroy (preview);

  ui_wait_idle (window);
  gtk_window_destroy (GTK_WINDOW (preferences));
  ui_window_close (window);
}

/* Longer than the page waits before it saves a number by itself. */
#define SAVE_SETTLE_MS 1200

typedef struct
{
  StoreFixture               *fixture;
  PeygirDeadlineSettingsPage *page;
  const char                 *key;
  const char                 *expected;
} SettingWait;

static gboolean
setting_saved (gpointer data)
{
  SettingWait *wait = data;
  g_autofree char *value = NULL;

  if (peygir_deadline_settings_page_get_busy (wait->page))
    return FALSE;
  value = store_setting (wait->fixture, wait->key);
  return g_strcmp0 (value, wait->expected) == 0;
}

static gboolean
deadline_page_idle (gpointer data)
{
  return !peygir_deadline_settings_page_get_busy (data);
}

/* The two deadlines: shown in Persian digits, typed in any digits, saved
 * through the action or a moment after the number stops changing. */
static void
test_deadlines (StoreFixture  *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  PeygirWindow *window;
  GtkWidget *preferences;
  GtkWidget *page;
  GtkSpinButton *service, *response;
  SettingWait wait = { f, NULL, NULL, NULL };
  g_autofree char *value = NULL;

  g_assert_true (peygir_store_set_setting (f->store, "admin", PEYGIR_SETTING_SERVICE_DAYS, "18", &error));
  g_assert_no_error (error);
  window = ui_window_new (f->store, "admin");
  preferences = ui_preferences_new (window, f->path, 1000, 800);
  page = ui_find_named (preferences, "deadline-settings");
  g_assert_true (PEYGIR_IS_DEADLINE_SETTINGS_PAGE (page));
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (preferences), ADW_PREFERENCES_PAGE (page));
  ui_wait_for (deadline_page_idle, page);
  service = GTK_SPIN_BUTTON (ui_find_named (page, PEYGIR_SETTING_SERVICE_DAYS));
  response = GTK_SPIN_BUTTON (ui_find_named (page, PEYGIR_SETTING_RESPONSE_DAYS));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (service), ==, 18);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (service)), ==, "۱۸");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (response), ==, 7);

  /* Persian digits typed, saved through the action. */
  gtk_editable_set_text (GTK_EDITABLE (response), "۱۰");
  ui_activate (page, "deadline-settings.save", g_variant_new_string (PEYGIR_SETTING_RESPONSE_DAYS));
  wait.page = PEYGIR_DEADLINE_SETTINGS_PAGE (page);
  wait.key = PEYGIR_SETTING_RESPONSE_DAYS;
  wait.expected = "10";
  ui_wait_for (setting_saved, &wait);
  g_assert_null (peygir_deadline_settings_page_get_problem (wait.page));

  /* A click of the spin button: saved by itself a moment later. */
  gtk_spin_button_spin (service, GTK_SPIN_STEP_FORWARD, 1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (service)), ==, "۱۹");
  wait.key = PEYGIR_SETTING_SERVICE_DAYS;
  wait.expected = "19";
  ui_wait_for (setting_saved, &wait);
  ui_screenshot (preferences, "letter-settings-deadlines");

  /* Two saves of one number before the first is done: the later stays. */
  gtk_spin_button_set_value (response, 30);
  ui_activate (page, "deadline-settings.save", g_variant_new_string (PEYGIR_SETTING_RESPONSE_DAYS));
  gtk_spin_button_set_value (response, 31);
  ui_activate (page, "deadline-settings.save", g_variant_new_string (PEYGIR_SETTING_RESPONSE_DAYS));
  wait.key = PEYGIR_SETTING_RESPONSE_DAYS;
  wait.expected = "31";
  ui_wait_for (setting_saved, &wait);
  ui_iterate (SAVE_SETTLE_MS);
  g_clear_pointer (&value, g_free);
  value = store_setting (f, PEYGIR_SETTING_RESPONSE_DAYS);
  g_assert_cmpstr (value, ==, "31");

  /* The largest document, shown in megabytes, kept in bytes. */
  {
    GtkSpinButton *document_max = GTK_SPIN_BUTTON (ui_find_named (page, PEYGIR_SETTING_DOCUMENT_MAX));

    g_assert_cmpint (gtk_spin_button_get_value_as_int (document_max), ==, 20);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (document_max)), ==, "۲۰");
    gtk_spin_button_set_value (document_max, 5);
    ui_activate (page, "deadline-settings.save", g_variant_new_string (PEYGIR_SETTING_DOCUMENT_MAX));
    wait.key = PEYGIR_SETTING_DOCUMENT_MAX;
    wait.expected = "5242880";
    ui_wait_for (setting_saved, &wait);
  }

  gtk_window_destroy (GTK_WINDOW (preferences));
  g_clear_pointer (&value, g_free);
  value = store_setting (f, PEYGIR_SETTING_SERVICE_DAYS);
  g_assert_cmpstr (value, ==, "19");
  ui_window_close (window);
}

/* Another desk changes a letterhead line, a template and a deadline after
 * this page read them: the page's save is refused, says what stands now,
 * and keeps the user's text; saving it again puts it in place. */
static void
test_changed_elsewhere (StoreFixture  *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  PeygirWindow *window;
  GtkWidget *preferences;
  PeygirLetterSettingsPage *page;
  GtkWidget *row;
  GtkTextBuffer *buffer;
  g_autofree char *value = NULL;
  GtkWidget *deadlines;
  GtkSpinButton *response;
  SettingWait wait = { f, NULL, NULL, NULL };

  window = ui_window_new (f->store, "admin");
  preferences = ui_preferences_new (window, f->path, 1000, 800);
  page = settings_page (preferences);

  g_assert_true (peygir_store_set_setting (f->store, "admin", PEYGIR_SETTING_GOVERNORATE,
                                           "استانداری میز دیگر", &error));
  g_assert_no_error (error);
  row = ui_find_named (GTK_WIDGET (page), PEYGIR_SETTING_GOVERNORATE);
  gtk_editable_set_text (GTK_EDITABLE (row), "استانداری این میز");
  activate_and_wait (page, "letter-settings.save-text", PEYGIR_SETTING_GOVERNORATE);
  g_assert_nonnull (peygir_letter_settings_page_get_problem (page));
  g_assert_nonnull (strstr (peygir_letter_settings_page_get_problem (page), "استانداری میز دیگر"));
  value = store_setting (f, PEYGIR_SETTING_GOVERNORATE);
  g_assert_cmpstr (value, ==, "استانداری میز دیگر");
  g_clear_pointer (&value, g_free);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "استانداری این میز");
  ui_screenshot (preferences, "letter-settings-changed-elsewhere");
  /* applied again, knowing */
  activate_and_wait (page, "letter-settings.save-text", PEYGIR_SETTING_GOVERNORATE);
  g_assert_null (peygir_letter_settings_page_get_problem (page));
  value = store_setting (f, PEYGIR_SETTING_GOVERNORATE);
  g_assert_cmpstr (value, ==, "استانداری این میز");
  g_clear_pointer (&value, g_free);

  g_assert_true (peygir_store_set_setting (f->store, "admin", PEYGIR_SETTING_TEMPLATE_ANSWER,
                                           "متن میز دیگر، {applicant}.", &error));
  g_assert_no_error (error);
  buffer = template_buffer (page, "answer");
  gtk_text_buffer_set_text (buffer, "متن این میز، {applicant}.", -1);
  activate_and_wait (page, "letter-settings.save-template", "answer");
  g_assert_nonnull (peygir_letter_settings_page_get_problem (page));
  value = store_setting (f, PEYGIR_SETTING_TEMPLATE_ANSWER);
  g_assert_cmpstr (value, ==, "متن میز دیگر، {applicant}.");
  g_clear_pointer (&value, g_free);
  value = buffer_text (buffer);
  g_assert_cmpstr (value, ==, "متن این میز، {applicant}.");
  g_clear_pointer (&value, g_free);
  g_assert_true (gtk_widget_get_visible (ui_find_named (GTK_WIDGET (page), "template-answer-unsaved")));
  activate_and_wait (page, "letter-settings.save-template", "answer");
  g_assert_null (peygir_letter_settings_page_get_problem (page));
  value = store_setting (f, PEYGIR_SETTING_TEMPLATE_ANSWER);
  g_assert_cmpstr (value, ==, "متن این میز، {applicant}.");
  g_clear_pointer (&value, g_free);

  /* a deadline: the other desk's figure is shown, and stands */
  deadlines = ui_find_named (preferences, "deadline-settings");
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (preferences), ADW_PREFERENCES_PAGE (deadlines));
  ui_wait_for (deadline_page_idle, deadlines);
  g_assert_true (peygir_store_set_setting (f->store, "admin", PEYGIR_SETTING_RESPONSE_DAYS, "12", &error));
  g_assert_no_error (error);
  response = GTK_SPIN_BUTTON (ui_find_named (deadlines, PEYGIR_SETTING_RESPONSE_DAYS));
  gtk_spin_button_set_value (response, 9);
  ui_activate (deadlines, "deadline-settings.save", g_variant_new_string (PEYGIR_SETTING_RESPONSE_DAYS));
  ui_wait_for (deadline_page_idle, deadlines);
  g_assert_nonnull (peygir_deadline_settings_page_get_problem (PEYGIR_DEADLINE_SETTINGS_PAGE (deadlines)));
  g_assert_nonnull (strstr (peygir_deadline_settings_page_get_problem (PEYGIR_DEADLINE_SETTINGS_PAGE (deadlines)), "۱۲"));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (response), ==, 12);
  value = store_setting (f, PEYGIR_SETTING_RESPONSE_DAYS);
  g_assert_cmpstr (value, ==, "12");
  g_clear_pointer (&value, g_free);
  gtk_spin_button_set_value (response, 9);
  ui_activate (deadlines, "deadline-settings.save", g_variant_new_string (PEYGIR_SETTING_RESPONSE_DAYS));
  wait.page = PEYGIR_DEADLINE_SETTINGS_PAGE (deadlines);
  wait.key = PEYGIR_SETTING_RESPONSE_DAYS;
  wait.expected = "9";
  ui_wait_for (setting_saved, &wait);
  g_assert_null (peygir_deadline_settings_page_get_problem (wait.page));

  gtk_window_destroy (GTK_WINDOW (preferences));
  ui_window_close (window);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add ("/ui/letter-settings/admin-only", StoreFixture, NULL, fixture_set_up, test_admin_only, fixture_tear_down);
  g_test_add ("/ui/letter-settings/edit", StoreFixture, NULL, fixture_set_up, test_edit, fixture_tear_down);
  g_test_add ("/ui/letter-settings/images", StoreFixture, NULL, fixture_set_up, test_images, fixture_tear_down);
  g_test_add ("/ui/letter-settings/deadlines", StoreFixture, NULL, fixture_set_up, test_deadlines, fixture_tear_down);
  g_test_add ("/ui/letter-settings/changed-elsewhere", StoreFixture, NULL, fixture_set_up, test_changed_elsewhere, fixture_tear_down);
  g_test_add ("/ui/letter-settings/preview", StoreFixture, NULL, fixture_set_up, test_preview, fixture_tear_down);

  return g_test_run ();
}
