/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The floor for Peygir's letters: a bare pango + cairo program that draws
 * the same texts on an A4 PDF page and does nothing else (no templates, no
 * store, no bidi cleaning, no line-by-line justification). The benchmark
 * writes the texts of a letter as a key file; this program draws each of
 * them:
 *
 *   peygir-bench-pango OUT-DIR LETTER.ini…   (OUT-DIR/NAME.pdf per letter) */

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#define PAGE_WIDTH  595.276
#define PAGE_HEIGHT 841.89
#define MARGIN      56.0

typedef struct
{
  cairo_t     *cr;
  PangoLayout *layout;
  double       y;
} Page;

static void
draw_block (Page       *page,
            const char *text,
            double      size,
            gboolean    bold,
            PangoAlignment alignment,
            gboolean    justify,
            const char *family)
{
  PangoFontDescription *font;
  int height;

  if (text == NULL || *text == '\0')
    return;

  font = pango_font_description_new ();
  pango_font_description_set_family (font, family);
  pango_font_description_set_size (font, (int) (size * PANGO_SCALE));
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (page->layout, font);
  pango_font_description_free (font);

  pango_layout_set_alignment (page->layout, alignment);
  pango_layout_set_justify (page->layout, justify);
  pango_layout_set_text (page->layout, text, -1);
  pango_layout_get_size (page->layout, NULL, &height);

  if (page->y + (double) height / PANGO_SCALE > PAGE_HEIGHT - MARGIN)
    {
      cairo_show_page (page->cr);
      page->y = MARGIN;
    }
  cairo_move_to (page->cr, MARGIN, page->y);
  pango_cairo_show_layout (page->cr, page->layout);
  page->y += (double) height / PANGO_SCALE + size * 0.6;
}

static gboolean
draw_letter (const char  *ini_path,
             const char  *out_dir,
             GError     **error)
{
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autofree char *base = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *family = NULL;
  g_auto(GStrv) head = NULL;
  g_auto(GStrv) copies = NULL;
  static const char * const lines[] = { "number", "date", "attachments" };
  static const char * const middle[] = { "recipient_name", "recipient_title", "subject" };
  cairo_surface_t *surface;
  PangoContext *context;
  Page page = { NULL, NULL, MARGIN };

  if (!g_key_file_load_from_file (keys, ini_path, G_KEY_FILE_NONE, error))
    return FALSE;
  base = g_path_get_basename (ini_path);
  if (g_str_has_suffix (base, ".ini"))
    base[strlen (base) - 4] = '\0';
  pdf = g_strdup_printf ("%s/%s.pdf", out_dir, base);

  family = g_key_file_get_string (keys, "letter", "family", NULL);
  head = g_key_file_get_string_list (keys, "letter", "letterhead", NULL, NULL);
  copies = g_key_file_get_string_list (keys, "letter", "copies", NULL, NULL);

  surface = cairo_pdf_surface_create (pdf, PAGE_WIDTH, PAGE_HEIGHT);
  page.cr = cairo_create (surface);
  page.layout = pango_cairo_create_layout (page.cr);
  context = pango_layout_get_context (page.layout);
  pango_context_set_base_dir (context, PANGO_DIRECTION_RTL);
  pango_layout_set_auto_dir (page.layout, FALSE);
  pango_layout_set_width (page.layout, (int) ((PAGE_WIDTH - 2 * MARGIN) * PANGO_SCALE));

  draw_block (&page, "بسمه تعالی", 12, TRUE, PANGO_ALIGN_CENTER, FALSE, family);
  for (guint i = 0; head != NULL && head[i] != NULL; i++)
    draw_block (&page, head[i], 11, TRUE, PANGO_ALIGN_CENTER, FALSE, family);
  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autofree char *text = g_key_file_get_string (keys, "letter", lines[i], NULL);

      draw_block (&page, text, 10, FALSE, PANGO_ALIGN_LEFT, FALSE, family);
    }
  for (guint i = 0; i < G_N_ELEMENTS (middle); i++)
    {
      g_autofree char *text = g_key_file_get_string (keys, "letter", middle[i], NULL);

      draw_block (&page, text, 12, TRUE, PANGO_ALIGN_LEFT, FALSE, family);
    }
  {
    g_autofree char *body = g_key_file_get_string (keys, "letter", "body", NULL);
    g_autofree char *signer = g_key_file_get_string (keys, "letter", "signer_name", NULL);
    g_autofree char *title = g_key_file_get_string (keys, "letter", "signer_title", NULL);

    draw_block (&page, body, 12, FALSE, PANGO_ALIGN_LEFT, TRUE, family);
    draw_block (&page, signer, 12, TRUE, PANGO_ALIGN_RIGHT, FALSE, family);
    draw_block (&page, title, 11, FALSE, PANGO_ALIGN_RIGHT, FALSE, family);
  }
  for (guint i = 0; copies != NULL && copies[i] != NULL; i++)
    draw_block (&page, copies[i], 10, FALSE, PANGO_ALIGN_LEFT, FALSE, family);

  g_object_unref (page.layout);
  cairo_destroy (page.cr);
  cairo_surface_finish (surface);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_IO, "%s: %s", pdf,
                   cairo_status_to_string (cairo_surface_status (surface)));
      cairo_surface_destroy (surface);
      return FALSE;
    }
  cairo_surface_destroy (surface);
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  if (argc < 3)
    {
      g_printerr ("usage: %s OUT-DIR LETTER.ini…\n", argv[0]);
      return 1;
    }
  for (int i = 2; i < argc; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!draw_letter (argv[i], argv[1], &error))
        {
          g_printerr ("%s: %s\n", argv[0], error->message);
          return 1;
        }
    }
  return 0;
}
