/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the letters' tests share: PDFs read back with poppler and
 * pdftotext, compared as words, and saved as PNG for people to look at. */
#include <glib/gstdio.h>
#include <cairo.h>
#include <stdio.h>
#include <string.h>

#include "letters-test-util.h"
#include "peygir-test-util.h"
#include "peygir-text.h"

/* What poppler extracts is not the logical text: bidi marks become
 * spaces (pdftotext puts them where a run of the other direction starts,
 * sometimes in place of the space), the hamza of the ezafe (هٔ) is left
 * out (poppler puts it before its ه), then the search normalisation. */
char *
letters_test_comparable (const char *text)
{
  g_autoptr(GString) clean = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0x200E || c == 0x200F || c == 0x061C ||
          (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069))
        g_string_append_c (clean, ' ');
      else if (c != 0x0654)
        g_string_append_unichar (clean, c);
    }

  return peygir_text_normalize (clean->str);
}

/* Every word of @expected is among the words of @pdf_text. poppler splits
 * the lam-alef ligature into two characters placed out of order, which
 * tears its word apart (سلام comes back as «س ا» and «لم»): words with لا
 * cannot be compared and are skipped, the others must all be there. */
void
letters_test_assert_has_words (const char *pdf_text,
                               const char *expected)
{
  g_autofree char *haystack = letters_test_comparable (pdf_text);
  g_autofree char *needle = letters_test_comparable (expected);
  g_auto(GStrv) have = g_strsplit (haystack, " ", -1);
  g_auto(GStrv) want = g_strsplit (needle, " ", -1);
  guint n_checked = 0;

  for (guint i = 0; want[i] != NULL; i++)
    {
      if (want[i][0] == '\0' || strstr (want[i], "لا") != NULL)
        continue;
      if (!g_strv_contains ((const char * const *) have, want[i]))
        {
          /* Raw bytes: g_printerr () would turn the Persian into "?"
           * under the C locale. */
          fprintf (stderr, "«%s» (from «%s») is not in the letter:\n%s\n", want[i], expected, haystack);
          g_assert_not_reached ();
        }
      n_checked++;
    }
  g_assert_cmpuint (n_checked, >, 0);
}


PopplerDocument *
letters_test_open_pdf (GBytes *pdf)
{
  g_autoptr(GError) error = NULL;
  PopplerDocument *document = poppler_document_new_from_bytes (pdf, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (document);
  return document;
}

/* The text in reading order, from pdftotext: poppler-glib's
 * poppler_page_get_text () follows the selection order, which moves the
 * spaces of right-to-left lines by one letter. @page counts from 1; 0 for
 * every page. */
char *
letters_test_pdf_text (GBytes *pdf,
                       int     page)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = peygir_test_dir_new ();
  g_autofree char *path = g_build_filename (dir, "letter.pdf", NULL);
  char *text;

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (pdf, NULL),
                                      g_bytes_get_size (pdf), &error));
  g_assert_no_error (error);
  text = peygir_test_pdf_text (path, page);
  peygir_test_dir_free (g_steal_pointer (&dir));
  return text;
}

cairo_surface_t *
letters_test_render_page (PopplerDocument *document,
                          int              index,
                          double           scale)
{
  g_autoptr(PopplerPage) page = poppler_document_get_page (document, index);
  cairo_surface_t *surface;
  cairo_t *cr;
  double width, height;

  poppler_page_get_size (page, &width, &height);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24,
                                        (int) (width * scale), (int) (height * scale));
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* For people to look at: the PDF and every page as a PNG in the build
 * directory. */
void
letters_test_save_pages (GBytes          *pdf,
                         PopplerDocument *document,
                         const char      *name)
{
  const char *build_dir = g_getenv ("PEYGIR_BUILD_DIR");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *pdf_file = NULL;
  g_autofree char *pdf_path = NULL;

  if (build_dir == NULL)
    return;
  dir = g_build_filename (build_dir, "letters", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);

  pdf_file = g_strconcat (name, ".pdf", NULL);
  pdf_path = g_build_filename (dir, pdf_file, NULL);
  g_assert_true (g_file_set_contents (pdf_path, g_bytes_get_data (pdf, NULL),
                                      g_bytes_get_size (pdf), &error));
  g_assert_no_error (error);

  for (int i = 0; i < poppler_document_get_n_pages (document); i++)
    {
      g_autofree char *file = g_strdup_printf ("%s-%d.png", name, i + 1);
      g_autofree char *path = g_build_filename (dir, file, NULL);
      cairo_surface_t *surface = letters_test_render_page (document, i, 1.5);

      g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
      cairo_surface_destroy (surface);
    }
}

