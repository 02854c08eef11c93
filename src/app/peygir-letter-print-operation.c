/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-letter-print-operation"

#include <glib/gi18n-lib.h>
#include <poppler.h>

#include "peygir-letter-print-operation.h"

struct _PeygirLetterPrintOperation
{
  GtkPrintOperation  parent_instance;

  GPtrArray         *documents;   /* PopplerDocument, in printing order */
  int                n_pages;
};

G_DEFINE_FINAL_TYPE (PeygirLetterPrintOperation, peygir_letter_print_operation, GTK_TYPE_PRINT_OPERATION)

/* poppler-glib 22.12 declares no autoptr cleanups of its own. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

static void
peygir_letter_print_operation_begin_print (GtkPrintOperation *operation,
                                           GtkPrintContext   *context)
{
  PeygirLetterPrintOperation *self = PEYGIR_LETTER_PRINT_OPERATION (operation);

  gtk_print_operation_set_n_pages (operation, MAX (self->n_pages, 1));
}

static void
peygir_letter_print_operation_draw_page (GtkPrintOperation *operation,
                                         GtkPrintContext   *context,
                                         int                page_nr)
{
  PeygirLetterPrintOperation *self = PEYGIR_LETTER_PRINT_OPERATION (operation);
  cairo_t *cr = gtk_print_context_get_cairo_context (context);

  for (guint i = 0; i < self->documents->len; i++)
    {
      PopplerDocument *document = g_ptr_array_index (self->documents, i);
      int n = poppler_document_get_n_pages (document);

      if (page_nr < n)
        {
          g_autoptr(PopplerPage) page = poppler_document_get_page (document, page_nr);
          double width, height, scale;

          poppler_page_get_size (page, &width, &height);
          /* The letters are A4 on A4: the scale is 1 unless the printer's
           * paper differs, and then the page shrinks to fit. */
          scale = MIN (gtk_print_context_get_width (context) / width,
                       gtk_print_context_get_height (context) / height);
          cairo_save (cr);
          cairo_scale (cr, scale, scale);
          poppler_page_render_for_printing (page, cr);
          cairo_restore (cr);
          return;
        }
      page_nr -= n;
    }
}

static void
peygir_letter_print_operation_finalize (GObject *object)
{
  PeygirLetterPrintOperation *self = PEYGIR_LETTER_PRINT_OPERATION (object);

  g_clear_pointer (&self->documents, g_ptr_array_unref);

  G_OBJECT_CLASS (peygir_letter_print_operation_parent_class)->finalize (object);
}

static void
peygir_letter_print_operation_class_init (PeygirLetterPrintOperationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkPrintOperationClass *operation_class = GTK_PRINT_OPERATION_CLASS (klass);

  object_class->finalize = peygir_letter_print_operation_finalize;

  operation_class->begin_print = peygir_letter_print_operation_begin_print;
  operation_class->draw_page = peygir_letter_print_operation_draw_page;
}

static void
peygir_letter_print_operation_init (PeygirLetterPrintOperation *self)
{
  GtkPrintOperation *operation = GTK_PRINT_OPERATION (self);
  g_autoptr(GtkPageSetup) page_setup = gtk_page_setup_new ();
  GtkPaperSize *a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);

  self->documents = g_ptr_array_new_with_free_func (g_object_unref);

  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_allow_async (operation, TRUE);
  gtk_page_setup_set_paper_size (page_setup, a4);
  gtk_page_setup_set_orientation (page_setup, GTK_PAGE_ORIENTATION_PORTRAIT);
  gtk_paper_size_free (a4);
  gtk_print_operation_set_default_page_setup (operation, page_setup);
}

GtkPrintOperation *
peygir_letter_print_operation_new (GPtrArray   *pdfs,
                                   const char  *job_name,
                                   GError     **error)
{
  g_autoptr(PeygirLetterPrintOperation) self = NULL;

  g_return_val_if_fail (pdfs != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (PEYGIR_TYPE_LETTER_PRINT_OPERATION,
                       "job-name", job_name != NULL ? job_name : _("Peygir letters"),
                       NULL);
  for (guint i = 0; i < pdfs->len; i++)
    {
      PopplerDocument *document = poppler_document_new_from_bytes (g_ptr_array_index (pdfs, i), NULL, error);

      if (document == NULL)
        return NULL;
      self->n_pages += poppler_document_get_n_pages (document);
      g_ptr_array_add (self->documents, document);
    }
  /* Known before the run, for whoever asks before begin-print. */
  gtk_print_operation_set_n_pages (GTK_PRINT_OPERATION (self), MAX (self->n_pages, 1));

  return GTK_PRINT_OPERATION (g_steal_pointer (&self));
}

int
peygir_letter_print_operation_get_n_pages (PeygirLetterPrintOperation *self)
{
  g_return_val_if_fail (PEYGIR_IS_LETTER_PRINT_OPERATION (self), 0);

  return self->n_pages;
}
