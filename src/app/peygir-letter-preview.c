/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-letter-preview"

#include <adwaita.h>
#include <glib/gi18n-lib.h>
#include <poppler.h>

#include "peygir-file-chooser.h"
#include "peygir-format.h"
#include "peygir-letter-builder.h"
#include "peygir-letter-preview.h"
#include "peygir-letter-print-operation.h"
#include "peygir-letter-renderer.h"
#include "peygir-text.h"
#include "peygir-utils-private.h"

#define ZOOM_MIN  0.25
#define ZOOM_MAX  4.0
#define ZOOM_STEP 1.2
#define PAGE_SPACING 12

struct _PeygirLetterPreview
{
  GtkWidget             parent_instance;

  PeygirSession        *session;
  guint                 generation;   /* of the latest load: older results are dropped */
  gboolean              loading;
  char                 *problem;
  GBytes               *pdf;
  PopplerDocument      *document;
  char                 *file_name;
  char                 *number;
  char                 *export_filename;
  int                   n_pages;
  int                   page;
  double                zoom;
  gboolean              zoom_fit;
  double                page_width;   /* of the first page, in points */
  double                page_height;
  GtkFileChooserNative *chooser;
  guint                 fit_idle;

  GtkLabel             *page_label;
  GtkLabel             *zoom_label;
  GtkLabel             *state_label;
  GtkStack             *stack;
  GtkSpinner           *spinner;
  AdwStatusPage        *problem_page;
  GtkScrolledWindow    *scroller;
  GtkBox               *pages_box;
};

G_DEFINE_FINAL_TYPE (PeygirLetterPreview, peygir_letter_preview, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LOADING,
  PROP_N_PAGES,
  PROP_PAGE,
  PROP_ZOOM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* poppler-glib 22.12 declares no autoptr cleanups of its own. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

typedef struct
{
  gint64           case_id;
  PeygirLetterKind kind;
  gint64           referral_id;
} LoadTask;

typedef struct
{
  PeygirLetterPreview *self;
  guint                generation;
} LoadClosure;

static void update_actions (PeygirLetterPreview *self);

/* Pages on screen */

static void
draw_page_cb (GtkDrawingArea *area,
              cairo_t        *cr,
              int             width,
              int             height,
              gpointer        user_data)
{
  PeygirLetterPreview *self = g_object_get_data (G_OBJECT (area), "preview");
  int index = GPOINTER_TO_INT (user_data);
  g_autoptr(PopplerPage) page = NULL;
  double page_width, page_height;

  cairo_set_source_rgb (cr, 1.0, 1.0, 1.0);
  cairo_paint (cr);
  if (self == NULL || self->document == NULL || index >= poppler_document_get_n_pages (self->document))
    return;

  page = poppler_document_get_page (self->document, index);
  poppler_page_get_size (page, &page_width, &page_height);
  cairo_scale (cr, width / page_width, height / page_height);
  poppler_page_render (page, cr);
}

static int
page_pixel_height (PeygirLetterPreview *self)
{
  return (int) (self->page_height * self->zoom + 0.5);
}

static void
update_labels (PeygirLetterPreview *self)
{
  g_autofree char *zoom = NULL;
  g_autofree char *zoom_text = NULL;

  if (self->n_pages > 0)
    {
      g_autofree char *page = peygir_text_format_number (self->page + 1);
      g_autofree char *n_pages = peygir_text_format_number (self->n_pages);
      /* Translators: "page 1 of 3" */
      g_autofree char *text = g_strdup_printf (_("%s of %s"), page, n_pages);

      gtk_label_set_label (self->page_label, text);
    }
  else
    gtk_label_set_label (self->page_label, "");

  zoom = peygir_text_format_number ((gint64) (self->zoom * 100 + 0.5));
  /* Translators: a zoom level, "100%" */
  zoom_text = g_strdup_printf (_("%s%%"), zoom);
  gtk_label_set_label (self->zoom_label, zoom_text);
}

static void
set_page (PeygirLetterPreview *self,
          int                  page)
{
  page = CLAMP (page, 0, MAX (self->n_pages - 1, 0));
  if (page == self->page)
    return;
  self->page = page;
  update_labels (self);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
}

/* Fitted, the pages fill the width and their height follows it; zoomed,
 * they have the size of the zoom and stand in the middle. */
static void
apply_zoom (PeygirLetterPreview *self)
{
  int width = (int) (self->page_width * self->zoom + 0.5);
  int height = page_pixel_height (self);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->pages_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      gtk_widget_set_halign (child, self->zoom_fit ? GTK_ALIGN_FILL : GTK_ALIGN_CENTER);
      gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (child), self->zoom_fit ? 100 : width);
      gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (child), height);
    }
  update_labels (self);
  update_actions (self);
}

static void
set_zoom (PeygirLetterPreview *self,
          double               zoom,
          gboolean             fit)
{
  gboolean fit_changed = self->zoom_fit != fit;

  self->zoom_fit = fit;
  zoom = CLAMP (zoom, ZOOM_MIN, ZOOM_MAX);
  if (G_APPROX_VALUE (zoom, self->zoom, 0.001) && !fit_changed)
    return;
  self->zoom = zoom;
  apply_zoom (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

static double
fit_zoom (PeygirLetterPreview *self)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self->scroller)) - 2 * PAGE_SPACING;

  if (width <= 0 || self->page_width <= 0)
    return self->zoom;
  return width / self->page_width;
}

static gboolean
fit_idle_cb (gpointer user_data)
{
  PeygirLetterPreview *self = user_data;

  self->fit_idle = 0;
  if (self->zoom_fit)
    set_zoom (self, fit_zoom (self), TRUE);
  return G_SOURCE_REMOVE;
}

/* A page was given a new width: fitted, its height follows, set in an
 * idle and never in the middle of the allocation. */
static void
page_resized_cb (GtkDrawingArea      *area,
                 int                  width,
                 int                  height,
                 PeygirLetterPreview *self)
{
  if (!self->zoom_fit || width <= 0 || self->fit_idle != 0)
    return;
  if (ABS (width - self->page_width * self->zoom) > 1.0)
    self->fit_idle = g_idle_add (fit_idle_cb, self);
}

static void
scrolled_cb (PeygirLetterPreview *self,
             GtkAdjustment       *vadjustment)
{
  double value = gtk_adjustment_get_value (vadjustment);
  double middle = value + gtk_adjustment_get_page_size (vadjustment) / 2;
  int stride = page_pixel_height (self) + PAGE_SPACING;

  if (stride > 0)
    set_page (self, (int) ((middle - PAGE_SPACING) / stride));
}

static void
scroll_to_page (PeygirLetterPreview *self,
                int                  page)
{
  GtkAdjustment *vadjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  int stride = page_pixel_height (self) + PAGE_SPACING;

  page = CLAMP (page, 0, MAX (self->n_pages - 1, 0));
  gtk_adjustment_set_value (vadjustment, page * stride);
  set_page (self, page);
}

static void
clear_pages (PeygirLetterPreview *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->pages_box))) != NULL)
    gtk_box_remove (self->pages_box, child);
}

static void
set_loading (PeygirLetterPreview *self,
             gboolean             loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  gtk_spinner_set_spinning (self->spinner, loading);
  if (loading)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
show_problem (PeygirLetterPreview *self,
              const char          *message)
{
  g_free (self->problem);
  self->problem = g_strdup (message);
  adw_status_page_set_description (self->problem_page, message);
  gtk_stack_set_visible_child_name (self->stack, "problem");
}

static void
show_document (PeygirLetterPreview *self,
               GBytes              *pdf)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PopplerDocument) document = poppler_document_new_from_bytes (pdf, NULL, &error);
  int n_pages;

  clear_pages (self);
  g_clear_object (&self->document);
  g_clear_pointer (&self->pdf, g_bytes_unref);
  self->n_pages = 0;
  self->page = 0;

  if (document == NULL)
    {
      show_problem (self, error->message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PAGES]);
      update_labels (self);
      update_actions (self);
      return;
    }

  self->pdf = g_bytes_ref (pdf);
  self->document = g_steal_pointer (&document);
  n_pages = poppler_document_get_n_pages (self->document);
  if (n_pages > 0)
    {
      g_autoptr(PopplerPage) first = poppler_document_get_page (self->document, 0);

      poppler_page_get_size (first, &self->page_width, &self->page_height);
    }

  for (int i = 0; i < n_pages; i++)
    {
      GtkWidget *area = gtk_drawing_area_new ();

      g_object_set_data (G_OBJECT (area), "preview", self);
      gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_page_cb, GINT_TO_POINTER (i), NULL);
      gtk_widget_add_css_class (area, "card");
      g_signal_connect_object (area, "resize", G_CALLBACK (page_resized_cb), self, 0);
      gtk_box_append (self->pages_box, area);
    }
  self->n_pages = n_pages;
  g_clear_pointer (&self->problem, g_free);
  gtk_stack_set_visible_child_name (self->stack, "pages");

  apply_zoom (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PAGES]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
}

/* Loading */

static gpointer
build_letter_thread (PeygirStore   *store,
                     gpointer       task_data,
                     GCancellable  *cancellable,
                     GError       **error)
{
  LoadTask *task = task_data;

  return peygir_letter_build (store, task->case_id, task->kind, task->referral_id, error);
}

static void
build_letter_done_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  LoadClosure *closure = user_data;
  g_autoptr(PeygirLetterPreview) self = closure->self;
  g_autoptr(PeygirBuiltLetter) built = NULL;
  g_autoptr(GError) error = NULL;
  gboolean current = closure->generation == self->generation;

  g_free (closure);
  built = peygir_session_run_finish (PEYGIR_SESSION (object), result, &error);
  if (!current)
    return;

  if (built == NULL)
    {
      clear_pages (self);
      show_problem (self, error->message);
      set_loading (self, FALSE);
      return;
    }

  g_free (self->number);
  self->number = g_strdup (built->number);
  g_free (self->file_name);
  self->file_name = peygir_built_letter_file_name (built, built->referral_id != 0);
  if (built->draft)
    gtk_label_set_label (self->state_label, _("Draft: not yet issued, printed without number or signature"));
  else if (built->number != NULL)
    {
      /* The number isolated left to right: an FSI would take the ص of
       * "۱۴۰۵/ص/۱" for its direction and read the number backwards. */
      g_autofree char *number = peygir_format_code (built->number);
      g_autofree char *text = g_strdup_printf (_("Letter %s, as it was issued"), number);

      gtk_label_set_label (self->state_label, text);
    }
  else
    gtk_label_set_label (self->state_label, "");

  show_document (self, built->pdf);
  set_loading (self, FALSE);
}

void
peygir_letter_preview_load (PeygirLetterPreview *self,
                            PeygirSession       *session,
                            gint64               case_id,
                            PeygirLetterKind     kind,
                            gint64               referral_id)
{
  LoadTask *task;
  LoadClosure *closure;

  g_return_if_fail (PEYGIR_IS_LETTER_PREVIEW (self));
  g_return_if_fail (PEYGIR_IS_SESSION (session));
  g_return_if_fail (kind < PEYGIR_N_LETTER_KINDS);

  g_set_object (&self->session, session);
  self->generation++;
  task = g_new0 (LoadTask, 1);
  task->case_id = case_id;
  task->kind = kind;
  task->referral_id = referral_id;
  closure = g_new0 (LoadClosure, 1);
  closure->self = g_object_ref (self);
  closure->generation = self->generation;

  set_loading (self, TRUE);
  peygir_session_run (session, build_letter_thread, task, g_free,
                      (GDestroyNotify) peygir_built_letter_free, NULL,
                      build_letter_done_cb, closure);
}

void
peygir_letter_preview_set_pdf (PeygirLetterPreview *self,
                               GBytes              *pdf,
                               const char          *file_name)
{
  g_return_if_fail (PEYGIR_IS_LETTER_PREVIEW (self));
  g_return_if_fail (pdf != NULL);

  self->generation++;
  g_clear_pointer (&self->number, g_free);
  g_free (self->file_name);
  self->file_name = g_strdup (file_name);
  gtk_label_set_label (self->state_label, "");
  set_loading (self, FALSE);
  show_document (self, pdf);
  update_actions (self);
}

/* Actions */

static void
print_done_cb (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               gpointer                 user_data)
{
  PeygirLetterPreview *self = user_data;
  g_autoptr(GError) error = NULL;

  if (result != GTK_PRINT_OPERATION_RESULT_ERROR)
    return;
  gtk_print_operation_get_error (operation, &error);
  show_problem (self, error != NULL ? error->message : _("The letter could not be printed."));
}

static void
letter_print (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  PeygirLetterPreview *self = PEYGIR_LETTER_PREVIEW (widget);
  g_autoptr(GPtrArray) pdfs = g_ptr_array_new ();
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GError) error = NULL;
  GtkPrintOperationResult result;

  if (self->pdf == NULL)
    return;
  g_ptr_array_add (pdfs, self->pdf);
  operation = peygir_letter_print_operation_new (pdfs, self->file_name, &error);
  if (operation == NULL)
    {
      show_problem (self, error->message);
      return;
    }
  g_signal_connect_object (operation, "done", G_CALLBACK (print_done_cb), self, 0);

  if (self->export_filename != NULL)
    {
      gtk_print_operation_set_export_filename (operation, self->export_filename);
      result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, &error);
    }
  else
    result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                                      _peygir_widget_get_window (widget), &error);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    show_problem (self, error != NULL ? error->message : _("The letter could not be printed."));
}

static void
save_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PeygirLetterPreview) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    show_problem (self, error->message);
}

static void
save_file_chosen_cb (GtkWidget *widget,
                     GFile     *file)
{
  PeygirLetterPreview *self = PEYGIR_LETTER_PREVIEW (widget);

  if (self->pdf != NULL)
    g_file_replace_contents_bytes_async (file, self->pdf, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                         NULL, save_done_cb, g_object_ref (self));
}

static void
letter_save (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PeygirLetterPreview *self = PEYGIR_LETTER_PREVIEW (widget);
  static const char * const types[] = { "application/pdf", NULL };
  const PeygirFileChooserOptions options = {
    .title = _("Save the Letter"),
    .action = GTK_FILE_CHOOSER_ACTION_SAVE,
    .accept_label = _("_Save"),
    .cancel_label = _("_Cancel"),
    .filter_name = _("PDF documents"),
    .mime_types = types,
    .current_name = self->file_name != NULL ? self->file_name : "letter.pdf",
    .modal = TRUE,
  };

  if (self->pdf != NULL)
    peygir_file_chooser_open (widget, &self->chooser, &options, save_file_chosen_cb);
}

static void
letter_zoom (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PeygirLetterPreview *self = PEYGIR_LETTER_PREVIEW (widget);

  if (g_str_equal (action_name, "letter.zoom-in"))
    set_zoom (self, self->zoom * ZOOM_STEP, FALSE);
  else if (g_str_equal (action_name, "letter.zoom-out"))
    set_zoom (self, self->zoom / ZOOM_STEP, FALSE);
  else
    set_zoom (self, fit_zoom (self), TRUE);
}

static void
letter_turn_page (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PeygirLetterPreview *self = PEYGIR_LETTER_PREVIEW (widget);

  scroll_to_page (self, self->page + (g_str_equal (action_name, "letter.next-page") ? 1 : -1));
}

static void
update_actions (PeygirLetterPreview *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean ready = self->pdf != NULL && !self->loading;

  gtk_widget_action_set_enabled (widget, "letter.print", ready);
  gtk_widget_action_set_enabled (widget, "letter.save", ready);
  gtk_widget_action_set_enabled (widget, "letter.zoom-in", ready && self->zoom < ZOOM_MAX);
  gtk_widget_action_set_enabled (widget, "letter.zoom-out", ready && self->zoom > ZOOM_MIN);
  gtk_widget_action_set_enabled (widget, "letter.zoom-fit", ready);
  gtk_widget_action_set_enabled (widget, "letter.previous-page", ready && self->page > 0);
  gtk_widget_action_set_enabled (widget, "letter.next-page", ready && self->page + 1 < self->n_pages);
}

/* A window of its own for a new preview, over @parent; not yet shown. */
static GtkWindow *
preview_window_new (GtkWindow            *parent,
                    const char           *title,
                    PeygirLetterPreview **preview)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *child = peygir_letter_preview_new ();
  GtkEventController *shortcuts;
  GtkShortcutTrigger *close_keys;

  gtk_window_set_title (GTK_WINDOW (window), title);
  gtk_window_set_default_size (GTK_WINDOW (window), 760, 900);
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);

  /* closed from the keyboard as a dialog is, back to the case it shows */
  close_keys = gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                            gtk_keyval_trigger_new (GDK_KEY_w, GDK_CONTROL_MASK));
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (close_keys, gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (window, shortcuts);

  gtk_widget_set_name (child, "letter-preview");
  gtk_widget_set_vexpand (child, TRUE);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), child);
  adw_window_set_content (ADW_WINDOW (window), box);

  *preview = PEYGIR_LETTER_PREVIEW (child);
  return GTK_WINDOW (window);
}

/* GObject */

static void
peygir_letter_preview_dispose (GObject *object)
{
  PeygirLetterPreview *self = PEYGIR_LETTER_PREVIEW (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_handle_id (&self->fit_idle, g_source_remove);
  _peygir_widget_dispose_template (GTK_WIDGET (self), PEYGIR_TYPE_LETTER_PREVIEW);
  g_clear_object (&self->document);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (peygir_letter_preview_parent_class)->dispose (object);
}

static void
peygir_letter_preview_finalize (GObject *object)
{
  PeygirLetterPreview *self = PEYGIR_LETTER_PREVIEW (object);

  g_clear_pointer (&self->pdf, g_bytes_unref);
  g_free (self->problem);
  g_free (self->file_name);
  g_free (self->number);
  g_free (self->export_filename);

  G_OBJECT_CLASS (peygir_letter_preview_parent_class)->finalize (object);
}

static void
peygir_letter_preview_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  PeygirLetterPreview *self = PEYGIR_LETTER_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_N_PAGES:
      g_value_set_int (value, self->n_pages);
      break;
    case PROP_PAGE:
      g_value_set_int (value, self->page);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
peygir_letter_preview_class_init (PeygirLetterPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = peygir_letter_preview_dispose;
  object_class->finalize = peygir_letter_preview_finalize;
  object_class->get_property = peygir_letter_preview_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_PAGES] =
    g_param_spec_int ("n-pages", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PAGE] =
    g_param_spec_int ("page", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, ZOOM_MIN, ZOOM_MAX, 1.0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "letter.print", NULL, letter_print);
  gtk_widget_class_install_action (widget_class, "letter.save", NULL, letter_save);
  gtk_widget_class_install_action (widget_class, "letter.zoom-in", NULL, letter_zoom);
  gtk_widget_class_install_action (widget_class, "letter.zoom-out", NULL, letter_zoom);
  gtk_widget_class_install_action (widget_class, "letter.zoom-fit", NULL, letter_zoom);
  gtk_widget_class_install_action (widget_class, "letter.next-page", NULL, letter_turn_page);
  gtk_widget_class_install_action (widget_class, "letter.previous-page", NULL, letter_turn_page);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "letter.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "letter.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "letter.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "letter.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "letter.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0, "letter.next-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0, "letter.previous-page", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/ir/gov/peygir/peygir-letter-preview.ui");
  gtk_widget_class_bind_template_child (widget_class, PeygirLetterPreview, page_label);
  gtk_widget_class_bind_template_child (widget_class, PeygirLetterPreview, zoom_label);
  gtk_widget_class_bind_template_child (widget_class, PeygirLetterPreview, state_label);
  gtk_widget_class_bind_template_child (widget_class, PeygirLetterPreview, stack);
  gtk_widget_class_bind_template_child (widget_class, PeygirLetterPreview, spinner);
  gtk_widget_class_bind_template_child (widget_class, PeygirLetterPreview, problem_page);
  gtk_widget_class_bind_template_child (widget_class, PeygirLetterPreview, scroller);
  gtk_widget_class_bind_template_child (widget_class, PeygirLetterPreview, pages_box);
}

static void
peygir_letter_preview_init (PeygirLetterPreview *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->zoom = 1.0;
  self->zoom_fit = TRUE;
  self->page_width = PEYGIR_LETTER_PAGE_WIDTH;
  self->page_height = PEYGIR_LETTER_PAGE_HEIGHT;

  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->scroller), "value-changed",
                           G_CALLBACK (scrolled_cb), self, G_CONNECT_SWAPPED);
  update_labels (self);
  update_actions (self);
}

/* Public API */

GtkWidget *
peygir_letter_preview_new (void)
{
  return g_object_new (PEYGIR_TYPE_LETTER_PREVIEW, NULL);
}

GBytes *
peygir_letter_preview_get_pdf (PeygirLetterPreview *self)
{
  g_return_val_if_fail (PEYGIR_IS_LETTER_PREVIEW (self), NULL);

  return self->pdf;
}

gboolean
peygir_letter_preview_get_loading (PeygirLetterPreview *self)
{
  g_return_val_if_fail (PEYGIR_IS_LETTER_PREVIEW (self), FALSE);

  return self->loading;
}

const char *
peygir_letter_preview_get_problem (PeygirLetterPreview *self)
{
  g_return_val_if_fail (PEYGIR_IS_LETTER_PREVIEW (self), NULL);

  return self->problem;
}

int
peygir_letter_preview_get_n_pages (PeygirLetterPreview *self)
{
  g_return_val_if_fail (PEYGIR_IS_LETTER_PREVIEW (self), 0);

  return self->n_pages;
}

int
peygir_letter_preview_get_page (PeygirLetterPreview *self)
{
  g_return_val_if_fail (PEYGIR_IS_LETTER_PREVIEW (self), 0);

  return self->page;
}

double
peygir_letter_preview_get_zoom (PeygirLetterPreview *self)
{
  g_return_val_if_fail (PEYGIR_IS_LETTER_PREVIEW (self), 1.0);

  return self->zoom;
}

const char *
peygir_letter_preview_get_number (PeygirLetterPreview *self)
{
  g_return_val_if_fail (PEYGIR_IS_LETTER_PREVIEW (self), NULL);

  return self->number;
}

void
peygir_letter_preview_set_export_filename (PeygirLetterPreview *self,
                                           const char          *path)
{
  g_return_if_fail (PEYGIR_IS_LETTER_PREVIEW (self));

  g_free (self->export_filename);
  self->export_filename = g_strdup (path);
}

GtkWindow *
peygir_letter_preview_present (GtkWindow        *parent,
                               PeygirSession    *session,
                               gint64            case_id,
                               PeygirLetterKind  kind,
                               gint64            referral_id)
{
  PeygirLetterPreview *preview;
  GtkWindow *window = preview_window_new (parent, peygir_letter_kind_label (kind), &preview);

  peygir_letter_preview_load (preview, session, case_id, kind, referral_id);
  gtk_window_present (window);
  return window;
}

GtkWindow *
peygir_letter_preview_present_pdf (GtkWindow  *parent,
                                   const char *title,
                                   GBytes     *pdf,
                                   const char *file_name)
{
  PeygirLetterPreview *preview;
  GtkWindow *window;

  g_return_val_if_fail (pdf != NULL, NULL);

  window = preview_window_new (parent, title, &preview);
  peygir_letter_preview_set_pdf (preview, pdf, file_name);
  gtk_window_present (window);
  return window;
}
