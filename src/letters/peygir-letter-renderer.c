/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-letters"

#include <glib/gi18n-lib.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "peygir-date.h"
#include "peygir-error.h"
#include "peygir-letter-renderer-private.h"
#include "peygir-text.h"

/* Page geometry in points (A4). */
#define MARGIN_SIDE     56.7   /* 2 cm */
#define MARGIN_TOP      34.0
#define MARGIN_BOTTOM   34.0
#define FOOTER_HEIGHT   26.0
#define LETTERHEAD_W    200.0
#define NUMBER_BLOCK_W  165.0
#define SIGNATURE_W     250.0
#define LOGO_MAX_H      52.0
#define SIGNATURE_MAX_W 150.0
#define SIGNATURE_MAX_H 56.0

#define SIZE_BODY       12.5
#define SIZE_HEAD       10.5
#define SIZE_SMALL      10.0

/* The office's paper without a letter on it: the invocation, the
 * letterhead and the office's address at the foot. The same for every
 * letter on one letterhead, so the renderer keeps the last one made. */
typedef struct
{
  PeygirLetterhead *letterhead;     /* a copy of what it was made for, or NULL */
  PangoLayout      *invocation;     /* بسمه تعالی */
  GPtrArray        *lines;          /* the letterhead's */
  cairo_surface_t  *logo;
  double            logo_scale;
  double            letterhead_bottom;
  PangoLayout      *contact;        /* the office's address and telephone, or NULL */
  double            footer_top;
} Paper;

struct _PeygirLetterRenderer
{
  GObject               parent_instance;

  PangoFontMap         *font_map;
  PangoContext         *context;
  char                 *family;

  /* What the context was last set up for: updating it makes every layout
   * lay itself out again, even when nothing changed. */
  gboolean              context_set;
  cairo_matrix_t        context_matrix;
  cairo_font_options_t *context_options;

  /* Kept from one letter to the next: the paper of the last letterhead,
   * and the layouts of fixed texts (the salutation, the page numbers). */
  Paper                *paper;
  GHashTable           *fixed_layouts;
};

G_DEFINE_FINAL_TYPE (PeygirLetterRenderer, peygir_letter_renderer, G_TYPE_OBJECT)

/* One line of the flowing part of a letter (recipient, subject, body,
 * copies), or the signature block, placed on a page by paginate (). */
typedef struct
{
  PeygirFlowPlace  place;
  PangoLayoutLine *line;           /* NULL for the signature block */
  double           x;
  double           baseline;
} Piece;

/* One letter being laid out: its pieces and what every page repeats. */
typedef struct
{
  PeygirLetterRenderer   *self;
  const PeygirLetter     *letter;
  GPtrArray              *layouts;        /* owns every layout the pieces point into */
  GArray                 *pieces;         /* of Piece */

  /* The header, drawn on every page. */
  Paper                  *paper;          /* a reference */
  GPtrArray              *number_lines;
  double                  header_bottom;

  /* The signature block. */
  cairo_surface_t        *signature;
  double                  signature_scale;
  PangoLayout            *signer_name;
  PangoLayout            *signer_title;

  guint                   n_pages;
} Composition;

static GPrivate thread_renderer = G_PRIVATE_INIT (g_object_unref);

static void
paper_clear (Paper *paper)
{
  g_clear_pointer (&paper->letterhead, peygir_letterhead_free);
  g_clear_object (&paper->invocation);
  g_clear_pointer (&paper->lines, g_ptr_array_unref);
  g_clear_pointer (&paper->logo, cairo_surface_destroy);
  g_clear_object (&paper->contact);
}

static void
paper_unref (Paper *paper)
{
  g_rc_box_release_full (paper, (GDestroyNotify) paper_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Paper, paper_unref)

static void
composition_clear (Composition *l)
{
  g_clear_pointer (&l->layouts, g_ptr_array_unref);
  g_clear_pointer (&l->pieces, g_array_unref);
  g_clear_pointer (&l->paper, paper_unref);
  g_clear_pointer (&l->number_lines, g_ptr_array_unref);
  g_clear_pointer (&l->signature, cairo_surface_destroy);
  g_clear_object (&l->signer_name);
  g_clear_object (&l->signer_title);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Composition, composition_clear)

static gunichar
persian_char (gunichar c)
{
  if (c >= '0' && c <= '9')
    return 0x06F0 + (c - '0');
  if (c >= 0x0660 && c <= 0x0669)   /* Arabic-Indic digits */
    return 0x06F0 + (c - 0x0660);
  if (c == 0x064A || c == 0x0649)   /* Arabic yeh, alef maksura */
    return 0x06CC;
  if (c == 0x0643)                  /* Arabic kaf */
    return 0x06A9;
  return c;
}

/* A letter is Persian: digits in Persian, and the Arabic forms of ی and ک
 * that an Arabic keyboard types shown as the Persian ones, except inside
 * words that carry Latin letters (an e-mail address, "ISO-9001"). */
static char *
persian_forms (const char *text)
{
  GString *out = g_string_sized_new (strlen (text) * 2);
  const char *p = text;

  while (*p != '\0')
    {
      const char *start = p;
      gboolean latin = FALSE;

      if (g_unichar_isspace (g_utf8_get_char (p)))
        {
          p = g_utf8_next_char (p);
          g_string_append_len (out, start, p - start);
          continue;
        }

      while (*p != '\0' && !g_unichar_isspace (g_utf8_get_char (p)))
        {
          if (g_ascii_isalpha (*p))
            latin = TRUE;
          p = g_utf8_next_char (p);
        }

      if (latin)
        g_string_append_len (out, start, p - start);
      else
        for (const char *q = start; q < p; q = g_utf8_next_char (q))
          g_string_append_unichar (out, persian_char (g_utf8_get_char (q)));
    }

  return g_string_free (out, FALSE);
}

/* Valid UTF-8, no control characters, tabs as spaces, and no bidi
 * controls but, if @composed, the isolates that the templates put around
 * the values (peygir_text_sanitize_isolated): the letter's subject and
 * body, its number and date. */
static char *
clean_text (const char *text,
            gboolean    multiline,
            gboolean    composed)
{
  char *clean;

  if (text == NULL)
    return g_strdup ("");

  clean = composed ? peygir_text_sanitize_isolated (text, multiline)
                   : peygir_text_sanitize (text, multiline);
  g_strdelimit (clean, "\t\r", ' ');
  return clean;
}

/* Every text that reaches a layout passes here: cleaned, its
 * left-to-right runs isolated (a phone number in an address, an e-mail in
 * a name), Persian forms. */
static char *
prepare_text_full (const char *text,
                   gboolean    multiline,
                   gboolean    composed)
{
  g_autofree char *clean = clean_text (text, multiline, composed);
  g_autofree char *isolated = peygir_text_isolate_ltr_runs (clean);

  return persian_forms (isolated);
}

static char *
prepare_text (const char *text,
              gboolean    multiline)
{
  return prepare_text_full (text, multiline, FALSE);
}

char *
_peygir_letter_prepare_text (const char *text,
                             gboolean    multiline)
{
  return prepare_text (text, multiline);
}

/* A value that is left to right by nature (a number, a date, a phone),
 * isolated whole. */
static char *
prepare_ltr_value (const char *value)
{
  g_autofree char *isolated = peygir_text_isolate_ltr (value);

  return prepare_text_full (isolated, FALSE, TRUE);
}

static gboolean
is_blank (const char *text)
{
  g_autofree char *clean = NULL;

  if (text == NULL)
    return TRUE;
  clean = prepare_text (text, TRUE);
  return g_strstrip (clean)[0] == '\0';
}

PangoLayout *
_peygir_letter_renderer_make_layout (PeygirLetterRenderer *self,
                                     const char           *family,
                                     const char           *text,
                                     double                size,
                                     gboolean              bold,
                                     double                width,
                                     PangoAlignment        alignment)
{
  PangoLayout *layout = pango_layout_new (self->context);
  g_autoptr(PangoFontDescription) font = pango_font_description_new ();
  PangoAttrList *attrs = pango_attr_list_new ();

  pango_font_description_set_family (font, family != NULL ? family : self->family);
  pango_font_description_set_size (font, (int) (size * PANGO_SCALE));
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, font);

  /* The paragraph direction is the letter's, not guessed from the first
   * letter: a line that starts with a number or a Latin word stays RTL. */
  pango_layout_set_auto_dir (layout, FALSE);
  if (width > 0.0)
    pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, alignment);

  /* Persian words broken at the end of a line take no hyphen. */
  pango_attr_list_insert (attrs, pango_attr_insert_hyphens_new (FALSE));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);

  pango_layout_set_text (layout, text, -1);
  return layout;
}

static PangoLayout *
make_layout (PeygirLetterRenderer *self,
             const char           *text,
             double                size,
             gboolean              bold,
             double                width,
             PangoAlignment        alignment)
{
  return _peygir_letter_renderer_make_layout (self, NULL, text, size, bold, width, alignment);
}

/* A layout of a text that is the same in every letter (the salutation, a
 * page's number), kept by the renderer from one letter to the next:
 * borrowed, and drawn as it is, never changed. */
static PangoLayout *
fixed_layout (PeygirLetterRenderer *self,
              const char           *text,
              double                size,
              gboolean              bold,
              double                width,
              PangoAlignment        alignment)
{
  g_autofree char *key = g_strdup_printf ("%g %d %g %d %s", size, bold, width, alignment, text);
  PangoLayout *layout = g_hash_table_lookup (self->fixed_layouts, key);

  if (layout == NULL)
    {
      /* only the page numbers vary, with the letters' lengths */
      if (g_hash_table_size (self->fixed_layouts) >= 64)
        g_hash_table_remove_all (self->fixed_layouts);
      layout = make_layout (self, text, size, bold, width, alignment);
      g_hash_table_insert (self->fixed_layouts, g_steal_pointer (&key), layout);
    }
  return layout;
}

/* "label value" with the label in bold: both plain text, never markup. */
static PangoLayout *
make_labelled_layout (PeygirLetterRenderer *self,
                      const char           *label,
                      const char           *value,
                      double                size,
                      double                width,
                      PangoAlignment        alignment)
{
  g_autofree char *text = g_strconcat (label, " ", value, NULL);
  PangoLayout *layout = make_layout (self, text, size, FALSE, width, alignment);
  PangoAttrList *attrs = pango_attr_list_copy (pango_layout_get_attributes (layout));
  PangoAttribute *weight = pango_attr_weight_new (PANGO_WEIGHT_BOLD);

  weight->start_index = 0;
  weight->end_index = strlen (label);
  pango_attr_list_insert (attrs, weight);
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  return layout;
}

/* The header repeats on every page and the signature block cannot be
 * split: they must stay small whatever the settings hold, so their lines
 * are limited and what does not fit ends in an ellipsis. */
static PangoLayout *
limit_lines (PangoLayout *layout,
             int          n_lines)
{
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_height (layout, -n_lines);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_size (layout, NULL, &height);
  return (double) height / PANGO_SCALE;
}

/* Whether justifying @layout could stretch the spaces of a line by more
 * than @max_stretch points each, so that add_lines () needs the text
 * unjustified to compare with (laying it out again costs a tenth of a
 * letter). The gap a line leaves is narrower than the word that went to
 * the next line and a space (@space, generous) or two, else that word would
 * have fit; justification only widens, so the word measured justified is
 * no narrower. A paragraph's last line is never justified. */
static gboolean
may_stretch_too_far (PangoLayout *layout,
                     double       max_stretch,
                     double       space)
{
  const char *text = pango_layout_get_text (layout);

  for (GSList *l = pango_layout_get_lines_readonly (layout); l != NULL && l->next != NULL; l = l->next)
    {
      const PangoLayoutLine *line = l->data;
      PangoLayoutLine *next = l->next->data;
      int end = next->start_index + next->length;
      int word_end = next->start_index;
      int *ranges = NULL;
      int n_ranges = 0;
      double word = 0.0;
      guint n_spaces = 0;

      if (next->is_paragraph_start)
        continue;
      for (int i = line->start_index; i < line->start_index + line->length; i++)
        if (text[i] == ' ')
          n_spaces++;
      while (word_end < end && text[word_end] != ' ')
        word_end++;
      pango_layout_line_get_x_ranges (next, next->start_index, word_end, &ranges, &n_ranges);
      for (int r = 0; r < n_ranges; r++)
        word += (double) (ranges[2 * r + 1] - ranges[2 * r]) / PANGO_SCALE;
      g_free (ranges);
      if ((word + space) / MAX (n_spaces, 1) > max_stretch)
        return TRUE;
    }
  return FALSE;
}

/* Adds @layout's lines to the flow. @ragged, if not NULL, is the same text
 * unjustified: a line whose spaces justification would stretch by more
 * than @max_stretch points each (before a long unbreakable word, an
 * address or a URL) is taken from it instead, set flush right. */
static void
add_lines (Composition *l,
           PangoLayout *layout,
           PangoLayout *ragged,
           double       max_stretch,
           double       x,
           double       space_before,
           double       leading,
           gboolean     keep_together,
           gboolean     keep_last_with_next)
{
  PangoLayoutIter *iter;
  PangoLayoutIter *ragged_iter = NULL;
  gboolean first = TRUE;
  int width = pango_layout_get_width (layout);

  g_ptr_array_add (l->layouts, layout);
  if (ragged != NULL)
    {
      g_ptr_array_add (l->layouts, ragged);
      ragged_iter = pango_layout_get_iter (ragged);
    }

  iter = pango_layout_get_iter (layout);
  do
    {
      PangoLayoutIter *from = iter;
      PangoRectangle logical;
      Piece piece = { 0, };

      if (ragged_iter != NULL && !pango_layout_iter_at_last_line (iter))
        {
          PangoLayoutLine *line = pango_layout_iter_get_line_readonly (ragged_iter);
          const char *text = pango_layout_get_text (ragged);
          PangoRectangle natural;
          guint n_spaces = 0;

          for (int i = line->start_index; i < line->start_index + line->length; i++)
            if (text[i] == ' ')
              n_spaces++;

          pango_layout_iter_get_line_extents (ragged_iter, NULL, &natural);
          if ((double) (width - natural.width) / MAX (n_spaces, 1) > max_stretch * PANGO_SCALE)
            from = ragged_iter;
        }

      pango_layout_iter_get_line_extents (from, NULL, &logical);
      piece.line = pango_layout_iter_get_line_readonly (from);
      piece.x = x + (double) logical.x / PANGO_SCALE;
      piece.place.height = (double) logical.height / PANGO_SCALE;
      piece.baseline = (double) (pango_layout_iter_get_baseline (from) - logical.y) / PANGO_SCALE;
      piece.place.space_before = first ? space_before : leading;
      piece.place.keep_with_next = keep_together || (pango_layout_iter_at_last_line (iter) && keep_last_with_next);
      g_array_append_val (l->pieces, piece);
      first = FALSE;

      if (ragged_iter != NULL)
        pango_layout_iter_next_line (ragged_iter);
    }
  while (pango_layout_iter_next_line (iter));

  pango_layout_iter_free (iter);
  g_clear_pointer (&ragged_iter, pango_layout_iter_free);
}

typedef struct
{
  const guint8 *data;
  gsize         size;
  gsize         offset;
} PngReader;

static cairo_status_t
png_read_cb (void          *closure,
             unsigned char *buffer,
             unsigned int   length)
{
  PngReader *reader = closure;

  if (reader->size - reader->offset < length)
    return CAIRO_STATUS_READ_ERROR;
  memcpy (buffer, reader->data + reader->offset, length);
  reader->offset += length;
  return CAIRO_STATUS_SUCCESS;
}

static cairo_surface_t *
load_png (GBytes     *png,
          const char *message,
          GError    **error)
{
  PngReader reader = { 0, };
  cairo_surface_t *surface;

  reader.data = g_bytes_get_data (png, &reader.size);
  surface = cairo_image_surface_create_from_png_stream (png_read_cb, &reader);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS ||
      cairo_image_surface_get_width (surface) == 0 ||
      cairo_image_surface_get_height (surface) == 0)
    {
      cairo_surface_destroy (surface);
      g_set_error_literal (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID, message);
      return NULL;
    }

  return surface;
}

static double
fit_scale (cairo_surface_t *image,
           double           max_width,
           double           max_height)
{
  double w = cairo_image_surface_get_width (image);
  double h = cairo_image_surface_get_height (image);

  return MIN (max_width / w, max_height / h);
}

/* The logo and the lines of the letterhead, at the top right, below the
 * invocation. */
static gboolean
build_letterhead (PeygirLetterRenderer   *self,
                  Paper                  *paper,
                  const PeygirLetterhead *letterhead,
                  GError                **error)
{
  const char *head_texts[4] = { NULL, };
  const double head_sizes[4] = { SIZE_HEAD, SIZE_HEAD, SIZE_HEAD + 1.0, SIZE_HEAD - 0.5 };
  const gboolean head_bold[4] = { FALSE, FALSE, TRUE, TRUE };
  double y = MARGIN_TOP + layout_height (paper->invocation) + 4.0;

  paper->lines = g_ptr_array_new_with_free_func (g_object_unref);
  paper->letterhead_bottom = y;
  if (letterhead == NULL)
    return TRUE;

  if (letterhead->logo_png != NULL)
    {
      paper->logo = load_png (letterhead->logo_png,
                              _("The letterhead's logo is not a PNG image that can be printed."),
                              error);
      if (paper->logo == NULL)
        return FALSE;
      paper->logo_scale = fit_scale (paper->logo, LETTERHEAD_W, LOGO_MAX_H);
      y += cairo_image_surface_get_height (paper->logo) * paper->logo_scale + 4.0;
    }

  head_texts[0] = letterhead->country;
  head_texts[1] = letterhead->ministry;
  head_texts[2] = letterhead->governorate;
  head_texts[3] = letterhead->office;
  for (guint i = 0; i < G_N_ELEMENTS (head_texts); i++)
    {
      g_autofree char *text = NULL;
      PangoLayout *line;

      if (is_blank (head_texts[i]))
        continue;
      text = prepare_text (head_texts[i], FALSE);
      line = limit_lines (make_layout (self, text, head_sizes[i], head_bold[i],
                                       LETTERHEAD_W, PANGO_ALIGN_CENTER), 3);
      g_ptr_array_add (paper->lines, line);
      y += layout_height (line);
    }
  paper->letterhead_bottom = y;
  return TRUE;
}

/* The number block: labels on the right, values after them, the block
 * itself at the top left of the page as on every official letter. Returns
 * where it ends. */
static double
build_number_block (Composition *l)
{
  PeygirLetterRenderer *self = l->self;
  const PeygirLetter *letter = l->letter;
  g_autofree char *number = NULL;
  g_autofree char *date = NULL;
  double y;

  if (letter->draft || is_blank (letter->number))
    number = g_strdup ("—");
  else
    number = prepare_ltr_value (letter->number);
  if (letter->date != 0 && peygir_day_is_valid (letter->date))
    {
      g_autofree char *day = peygir_day_format (letter->date, PEYGIR_DATE_NUMERIC);

      date = prepare_ltr_value (day);
    }
  else
    {
      date = g_strdup ("—");
    }

  l->number_lines = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (l->number_lines,
                   limit_lines (make_labelled_layout (self, "شماره:", number, SIZE_HEAD + 0.5,
                                                      NUMBER_BLOCK_W, PANGO_ALIGN_RIGHT), 2));
  g_ptr_array_add (l->number_lines,
                   make_labelled_layout (self, "تاریخ:", date, SIZE_HEAD + 0.5,
                                         NUMBER_BLOCK_W, PANGO_ALIGN_RIGHT));
  g_ptr_array_add (l->number_lines,
                   make_labelled_layout (self, "پیوست:",
                                         letter->has_attachments ? "دارد" : "ندارد",
                                         SIZE_HEAD + 0.5, NUMBER_BLOCK_W, PANGO_ALIGN_RIGHT));

  y = MARGIN_TOP + layout_height (l->paper->invocation) + 18.0;
  for (guint i = 0; i < l->number_lines->len; i++)
    y += layout_height (g_ptr_array_index (l->number_lines, i)) + 2.0;
  return y;
}

/* The office's address and phone above the footer, when it gives them. */
static void
build_contact (PeygirLetterRenderer   *self,
               Paper                  *paper,
               const PeygirLetterhead *letterhead)
{
  g_autoptr(GString) contact = NULL;

  paper->footer_top = PEYGIR_LETTER_PAGE_HEIGHT - MARGIN_BOTTOM - FOOTER_HEIGHT;
  if (letterhead == NULL || (is_blank (letterhead->address) && is_blank (letterhead->phone)))
    return;

  contact = g_string_new (NULL);
  if (!is_blank (letterhead->address))
    {
      g_autofree char *address = prepare_text (letterhead->address, FALSE);

      g_string_append_printf (contact, "نشانی: %s", address);
    }
  if (!is_blank (letterhead->phone))
    {
      g_autofree char *phone = prepare_ltr_value (letterhead->phone);

      if (contact->len > 0)
        g_string_append (contact, "   ");
      g_string_append_printf (contact, "تلفن: %s", phone);
    }
  paper->contact = limit_lines (make_layout (self, contact->str, 8.5, FALSE,
                                             PEYGIR_LETTER_PAGE_WIDTH - 2 * MARGIN_SIDE,
                                             PANGO_ALIGN_CENTER), 2);
  paper->footer_top -= layout_height (paper->contact) + 8.0;
}

static gboolean
letterhead_equal (const PeygirLetterhead *a,
                  const PeygirLetterhead *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_strcmp0 (a->country, b->country) == 0
         && g_strcmp0 (a->ministry, b->ministry) == 0
         && g_strcmp0 (a->governorate, b->governorate) == 0
         && g_strcmp0 (a->office, b->office) == 0
         && g_strcmp0 (a->address, b->address) == 0
         && g_strcmp0 (a->phone, b->phone) == 0
         && (a->logo_png == NULL ? b->logo_png == NULL
                                 : b->logo_png != NULL && g_bytes_equal (a->logo_png, b->logo_png));
}

/* The paper of @letterhead (may be NULL), a new reference. The last one
 * is kept, keyed on everything it was made from, so that a letterhead the
 * administrator changes makes new paper at the next letter. */
static Paper *
get_paper (PeygirLetterRenderer    *self,
           const PeygirLetterhead  *letterhead,
           GError                 **error)
{
  g_autoptr(Paper) paper = NULL;

  if (self->paper != NULL && letterhead_equal (self->paper->letterhead, letterhead))
    return g_rc_box_acquire (self->paper);

  paper = g_rc_box_new0 (Paper);
  paper->letterhead = letterhead != NULL ? peygir_letterhead_copy (letterhead) : NULL;
  paper->invocation = make_layout (self, "بسمه تعالی", 12.0, TRUE,
                                   PEYGIR_LETTER_PAGE_WIDTH - 2 * MARGIN_SIDE, PANGO_ALIGN_CENTER);
  if (!build_letterhead (self, paper, letterhead, error))
    return NULL;
  build_contact (self, paper, letterhead);

  g_clear_pointer (&self->paper, paper_unref);
  self->paper = g_rc_box_acquire (paper);
  return g_steal_pointer (&paper);
}

static gboolean
build_header (Composition            *l,
              const PeygirLetterhead *letterhead,
              GError                **error)
{
  double y_left;

  l->paper = get_paper (l->self, letterhead, error);
  if (l->paper == NULL)
    return FALSE;
  /* a page that is no letter (the report) has no number block */
  if (l->letter != NULL)
    y_left = build_number_block (l);
  else
    {
      l->number_lines = g_ptr_array_new_with_free_func (g_object_unref);
      y_left = 0.0;
    }
  l->header_bottom = MAX (y_left, l->paper->letterhead_bottom) + 6.0;
  return TRUE;
}

static void
draw_header (Composition *l,
             cairo_t     *cr)
{
  Paper *paper = l->paper;
  double y, x_right;

  cairo_move_to (cr, MARGIN_SIDE, MARGIN_TOP);
  pango_cairo_show_layout (cr, paper->invocation);

  x_right = PEYGIR_LETTER_PAGE_WIDTH - MARGIN_SIDE - LETTERHEAD_W;
  y = MARGIN_TOP + layout_height (paper->invocation) + 4.0;
  if (paper->logo != NULL)
    {
      double w = cairo_image_surface_get_width (paper->logo) * paper->logo_scale;
      double h = cairo_image_surface_get_height (paper->logo) * paper->logo_scale;

      cairo_save (cr);
      cairo_translate (cr, x_right + (LETTERHEAD_W - w) / 2.0, y);
      cairo_scale (cr, paper->logo_scale, paper->logo_scale);
      cairo_set_source_surface (cr, paper->logo, 0, 0);
      cairo_paint (cr);
      cairo_restore (cr);
      y += h + 4.0;
    }
  for (guint i = 0; i < paper->lines->len; i++)
    {
      PangoLayout *layout = g_ptr_array_index (paper->lines, i);

      cairo_move_to (cr, x_right, y);
      pango_cairo_show_layout (cr, layout);
      y += layout_height (layout);
    }

  y = MARGIN_TOP + layout_height (paper->invocation) + 18.0;
  for (guint i = 0; i < l->number_lines->len; i++)
    {
      PangoLayout *layout = g_ptr_array_index (l->number_lines, i);

      cairo_move_to (cr, MARGIN_SIDE, y);
      pango_cairo_show_layout (cr, layout);
      y += layout_height (layout) + 2.0;
    }

  cairo_save (cr);
  cairo_set_line_width (cr, 0.7);
  cairo_move_to (cr, MARGIN_SIDE, l->header_bottom);
  cairo_line_to (cr, PEYGIR_LETTER_PAGE_WIDTH - MARGIN_SIDE, l->header_bottom);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static double
content_top (Composition *l)
{
  return l->header_bottom + 16.0;
}

static double
content_bottom (Composition *l)
{
  return l->paper->footer_top;
}

static gboolean
build_signature (Composition *l,
                 GError     **error)
{
  PeygirLetterRenderer *self = l->self;
  const PeygirLetter *letter = l->letter;
  Piece piece = { 0, };

  if (!letter->draft && letter->signature_png != NULL)
    {
      l->signature = load_png (letter->signature_png,
                                   _("The signature is not a PNG image that can be printed."),
                                   error);
      if (l->signature == NULL)
        return FALSE;
      l->signature_scale = fit_scale (l->signature, SIGNATURE_MAX_W, SIGNATURE_MAX_H);
      piece.place.height += cairo_image_surface_get_height (l->signature) * l->signature_scale + 4.0;
    }

  if (!is_blank (letter->signer_name))
    {
      g_autofree char *text = prepare_text (letter->signer_name, FALSE);

      l->signer_name = limit_lines (make_layout (self, text, SIZE_BODY - 0.5, TRUE,
                                                 SIGNATURE_W, PANGO_ALIGN_CENTER), 2);
      piece.place.height += layout_height (l->signer_name);
    }
  if (!is_blank (letter->signer_title))
    {
      g_autofree char *text = prepare_text (letter->signer_title, TRUE);
      g_auto(GStrv) lines = g_strsplit (text, "\n", 4);
      g_autofree char *first_lines = NULL;

      /* A title may take two or three lines, never a page. */
      if (g_strv_length (lines) == 4)
        g_clear_pointer (&lines[3], g_free);
      first_lines = g_strjoinv ("\n", lines);
      l->signer_title = limit_lines (make_layout (self, first_lines, SIZE_BODY - 1.0, FALSE,
                                                  SIGNATURE_W, PANGO_ALIGN_CENTER), 2);
      piece.place.height += layout_height (l->signer_title);
    }

  if (piece.place.height == 0.0)
    return TRUE;

  piece.line = NULL;
  piece.x = MARGIN_SIDE;
  piece.place.space_before = 28.0;
  g_array_append_val (l->pieces, piece);
  return TRUE;
}

static void
draw_signature (Composition *l,
                cairo_t     *cr,
                const Piece *piece)
{
  double y = piece->place.y;

  if (l->signature != NULL)
    {
      double w = cairo_image_surface_get_width (l->signature) * l->signature_scale;
      double h = cairo_image_surface_get_height (l->signature) * l->signature_scale;

      cairo_save (cr);
      cairo_translate (cr, piece->x + (SIGNATURE_W - w) / 2.0, y);
      cairo_scale (cr, l->signature_scale, l->signature_scale);
      cairo_set_source_surface (cr, l->signature, 0, 0);
      cairo_paint (cr);
      cairo_restore (cr);
      y += h + 4.0;
    }
  if (l->signer_name != NULL)
    {
      cairo_move_to (cr, piece->x, y);
      pango_cairo_show_layout (cr, l->signer_name);
      y += layout_height (l->signer_name);
    }
  if (l->signer_title != NULL)
    {
      cairo_move_to (cr, piece->x, y);
      pango_cairo_show_layout (cr, l->signer_title);
    }
}

static gboolean
build_flow (Composition *l,
            GError     **error)
{
  PeygirLetterRenderer *self = l->self;
  const PeygirLetter *letter = l->letter;
  const double width = PEYGIR_LETTER_PAGE_WIDTH - 2 * MARGIN_SIDE;
  PangoLayout *layout;

  /* Recipient, subject and salutation stay together with the first line
   * of the body. */
  if (!is_blank (letter->recipient_name))
    {
      g_autofree char *text = prepare_text (letter->recipient_name, TRUE);

      layout = make_layout (self, text, SIZE_BODY, TRUE, width, PANGO_ALIGN_RIGHT);
      add_lines (l, layout, NULL, 0.0, MARGIN_SIDE, 0.0, 0.0, TRUE, TRUE);
    }
  if (!is_blank (letter->recipient_title))
    {
      g_autofree char *text = prepare_text (letter->recipient_title, TRUE);

      layout = make_layout (self, text, SIZE_BODY, TRUE, width, PANGO_ALIGN_RIGHT);
      add_lines (l, layout, NULL, 0.0, MARGIN_SIDE, 0.0, 0.0, TRUE, TRUE);
    }
  if (!is_blank (letter->subject))
    {
      g_autofree char *text = prepare_text_full (letter->subject, FALSE, TRUE);

      layout = make_labelled_layout (self, "موضوع:", text, SIZE_BODY, width, PANGO_ALIGN_RIGHT);
      add_lines (l, layout, NULL, 0.0, MARGIN_SIDE, 10.0, 0.0, TRUE, TRUE);
    }

  layout = g_object_ref (fixed_layout (self, "با سلام و احترام", SIZE_BODY, FALSE, width, PANGO_ALIGN_RIGHT));
  add_lines (l, layout, NULL, 0.0, MARGIN_SIDE, 12.0, 0.0, TRUE, TRUE);

  if (!is_blank (letter->body))
    {
      g_autofree char *text = prepare_text_full (letter->body, TRUE, TRUE);

      PangoLayout *ragged = NULL;

      g_strstrip (text);
      layout = make_layout (self, text, SIZE_BODY, FALSE, width, PANGO_ALIGN_RIGHT);
      pango_layout_set_justify (layout, TRUE);
      if (may_stretch_too_far (layout, 0.8 * SIZE_BODY, 2.0 * SIZE_BODY))
        {
          ragged = make_layout (self, text, SIZE_BODY, FALSE, width, PANGO_ALIGN_RIGHT);
          g_warn_if_fail (pango_layout_get_line_count (layout) == pango_layout_get_line_count (ragged));
        }
      /* The last line of the body goes with the signature, so that a
       * signature never stands alone on a page. */
      add_lines (l, layout, ragged, 0.8 * SIZE_BODY, MARGIN_SIDE, 6.0, 2.0, FALSE, TRUE);
    }

  if (!build_signature (l, error))
    return FALSE;

  if (letter->copies != NULL && letter->copies[0] != NULL)
    {
      gboolean any = FALSE;

      for (guint i = 0; letter->copies[i] != NULL; i++)
        any = any || !is_blank (letter->copies[i]);

      if (any)
        {
          layout = g_object_ref (fixed_layout (self, "رونوشت:", SIZE_SMALL, TRUE, width, PANGO_ALIGN_RIGHT));
          add_lines (l, layout, NULL, 0.0, MARGIN_SIDE, 24.0, 0.0, TRUE, TRUE);
          for (guint i = 0; letter->copies[i] != NULL; i++)
            {
              g_autofree char *text = NULL;
              g_autofree char *line = NULL;

              if (is_blank (letter->copies[i]))
                continue;
              text = prepare_text (letter->copies[i], FALSE);
              line = g_strconcat ("- ", text, NULL);
              layout = make_layout (self, line, SIZE_SMALL, FALSE, width, PANGO_ALIGN_RIGHT);
              add_lines (l, layout, NULL, 0.0, MARGIN_SIDE, 1.0, 0.0, FALSE, FALSE);
            }
        }
    }

  return TRUE;
}

static void
paginate (Composition *l)
{
  l->n_pages = _peygir_flow_paginate (l->pieces->data, l->pieces->len, sizeof (Piece),
                                      content_top (l), content_bottom (l), NULL, NULL);
}

static void
draw_watermark (Composition *l,
                cairo_t     *cr)
{
  PangoLayout *layout = fixed_layout (l->self, "پیش‌نویس", 110.0, TRUE, -1.0, PANGO_ALIGN_CENTER);
  int width, height;

  pango_layout_get_size (layout, &width, &height);

  cairo_save (cr);
  cairo_translate (cr, PEYGIR_LETTER_PAGE_WIDTH / 2.0, PEYGIR_LETTER_PAGE_HEIGHT / 2.0);
  cairo_rotate (cr, -G_PI / 4.5);
  cairo_move_to (cr, -(double) width / PANGO_SCALE / 2.0, -(double) height / PANGO_SCALE / 2.0);
  cairo_set_source_rgba (cr, 0.75, 0.1, 0.1, 0.16);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
}

static void
draw_footer (Composition *l,
             cairo_t     *cr,
             guint        page)
{
  PangoLayout *layout;
  g_autofree char *current = peygir_text_format_number (page + 1);
  g_autofree char *total = peygir_text_format_number (l->n_pages);
  g_autofree char *text = g_strdup_printf ("صفحهٔ %s از %s", current, total);

  if (l->paper->contact != NULL)
    {
      double y = l->paper->footer_top + 8.0;

      cairo_save (cr);
      cairo_set_line_width (cr, 0.5);
      cairo_move_to (cr, MARGIN_SIDE, y - 4.0);
      cairo_line_to (cr, PEYGIR_LETTER_PAGE_WIDTH - MARGIN_SIDE, y - 4.0);
      cairo_stroke (cr);
      cairo_restore (cr);

      cairo_move_to (cr, MARGIN_SIDE, y);
      pango_cairo_show_layout (cr, l->paper->contact);
    }

  layout = fixed_layout (l->self, text, 9.0, FALSE,
                         PEYGIR_LETTER_PAGE_WIDTH - 2 * MARGIN_SIDE, PANGO_ALIGN_CENTER);
  cairo_move_to (cr, MARGIN_SIDE, PEYGIR_LETTER_PAGE_HEIGHT - MARGIN_BOTTOM - layout_height (layout));
  pango_cairo_show_layout (cr, layout);
}

static void
draw_pages (Composition *l,
            cairo_t     *cr)
{
  guint next = 0;

  for (guint page = 0; page < l->n_pages; page++)
    {
      if (l->letter->draft)
        draw_watermark (l, cr);

      cairo_set_source_rgb (cr, 0.0, 0.0, 0.0);
      draw_header (l, cr);

      for (; next < l->pieces->len; next++)
        {
          const Piece *piece = &g_array_index (l->pieces, Piece, next);

          if (piece->place.page != page)
            break;
          if (piece->line == NULL)
            {
              draw_signature (l, cr, piece);
            }
          else
            {
              cairo_move_to (cr, piece->x, piece->place.y + piece->baseline);
              pango_cairo_show_layout_line (cr, piece->line);
            }
        }

      draw_footer (l, cr, page);
      cairo_show_page (cr);
    }
}

static const char *
kind_title (PeygirLetterKind kind)
{
  switch (kind)
    {
    case PEYGIR_LETTER_REFERRAL:
      return "نامه ارجاع";
    case PEYGIR_LETTER_REMINDER:
      return "نامه پیگیری";
    case PEYGIR_LETTER_RECEIPT:
      return "رسید ثبت";
    case PEYGIR_LETTER_ANSWER:
      return "پاسخ به متقاضی";
    case PEYGIR_N_LETTER_KINDS:
    default:
      g_assert_not_reached ();
    }
  return NULL;
}

static void
set_metadata (Composition            *l,
              const PeygirLetterhead *letterhead,
              cairo_surface_t        *surface)
{
  const PeygirLetter *letter = l->letter;
  g_autofree char *title = NULL;
  g_autofree char *author = NULL;
  g_autofree char *subject = prepare_text_full (letter->subject, FALSE, TRUE);

  /* the receipt is never numbered, yet it is no draft */
  if (letter->draft)
    title = g_strconcat (kind_title (letter->kind), " (پیش‌نویس)", NULL);
  else if (is_blank (letter->number))
    title = g_strdup (kind_title (letter->kind));
  else
    {
      g_autofree char *number = prepare_ltr_value (letter->number);

      title = g_strconcat (kind_title (letter->kind), " ", number, NULL);
    }
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);

  if (letterhead != NULL)
    {
      g_autofree char *governorate = prepare_text (letterhead->governorate, FALSE);
      g_autofree char *office = prepare_text (letterhead->office, FALSE);

      author = g_strstrip (g_strjoin (" — ", governorate, office, NULL));
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, author);
    }

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, subject);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Peygir " PEYGIR_VERSION);

  /* The letter's own date, not the moment of rendering: the same letter
   * renders to the same bytes, so an issued PDF can be checked. */
  if (letter->date != 0 && peygir_day_is_valid (letter->date))
    _peygir_letter_pdf_set_day (surface, letter->date);
}

static cairo_status_t
pdf_write_cb (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* pango_cairo_update_context (), when @cr's transformation or its
 * surface's font options differ from what the context was set up for. */
static void
update_context (PeygirLetterRenderer *self,
                cairo_t              *cr)
{
  cairo_font_options_t *options = cairo_font_options_create ();
  cairo_matrix_t matrix;

  cairo_get_matrix (cr, &matrix);
  /* pango takes the matrix without its translation */
  matrix.x0 = matrix.y0 = 0.0;
  cairo_surface_get_font_options (cairo_get_target (cr), options);
  if (self->context_set && memcmp (&matrix, &self->context_matrix, sizeof matrix) == 0
      && cairo_font_options_equal (options, self->context_options))
    {
      cairo_font_options_destroy (options);
      return;
    }

  pango_cairo_update_context (cr, self->context);
  self->context_set = TRUE;
  self->context_matrix = matrix;
  g_clear_pointer (&self->context_options, cairo_font_options_destroy);
  self->context_options = options;
}

static void
peygir_letter_renderer_finalize (GObject *object)
{
  PeygirLetterRenderer *self = (PeygirLetterRenderer *) object;

  g_clear_pointer (&self->paper, paper_unref);
  g_clear_pointer (&self->fixed_layouts, g_hash_table_unref);
  g_clear_pointer (&self->context_options, cairo_font_options_destroy);

  g_clear_object (&self->context);
  g_clear_object (&self->font_map);
  g_clear_pointer (&self->family, g_free);

  G_OBJECT_CLASS (peygir_letter_renderer_parent_class)->finalize (object);
}

static void
peygir_letter_renderer_class_init (PeygirLetterRendererClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = peygir_letter_renderer_finalize;
}

static gboolean
font_map_has_family (PangoFontMap *font_map,
                     const char   *name)
{
  g_autofree PangoFontFamily **families = NULL;
  int n_families = 0;

  pango_font_map_list_families (font_map, &families, &n_families);
  for (int i = 0; i < n_families; i++)
    if (g_ascii_strcasecmp (pango_font_family_get_name (families[i]), name) == 0)
      return TRUE;
  return FALSE;
}

static void
peygir_letter_renderer_init (PeygirLetterRenderer *self)
{
  cairo_font_options_t *options;

  self->font_map = pango_cairo_font_map_new ();
  /* Font sizes are in points, one point one PDF unit. */
  pango_cairo_font_map_set_resolution (PANGO_CAIRO_FONT_MAP (self->font_map), 72.0);

  if (font_map_has_family (self->font_map, "Vazirmatn"))
    self->family = g_strdup ("Vazirmatn");
  else
    self->family = g_strdup ("Noto Naskh Arabic");

  self->context = pango_font_map_create_context (self->font_map);
  self->fixed_layouts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  pango_context_set_base_dir (self->context, PANGO_DIRECTION_RTL);
  pango_context_set_round_glyph_positions (self->context, FALSE);

  /* Metrics as designed, not snapped to a screen's pixel grid. */
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (self->context, options);
  cairo_font_options_destroy (options);
}

PeygirLetterRenderer *
peygir_letter_renderer_new (void)
{
  return g_object_new (PEYGIR_TYPE_LETTER_RENDERER, NULL);
}

const char *
peygir_letter_renderer_get_font_family (PeygirLetterRenderer *self)
{
  g_return_val_if_fail (PEYGIR_IS_LETTER_RENDERER (self), NULL);

  return self->family;
}

GBytes *
peygir_letter_renderer_render_to_bytes (PeygirLetterRenderer   *self,
                                        const PeygirLetterhead *letterhead,
                                        const PeygirLetter     *letter,
                                        guint                  *n_pages,
                                        GError                **error)
{
  g_auto(Composition) l = { 0, };
  g_autoptr(GByteArray) pdf = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  GBytes *bytes;

  g_return_val_if_fail (PEYGIR_IS_LETTER_RENDERER (self), NULL);
  g_return_val_if_fail (letter != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  pdf = g_byte_array_sized_new (64 * 1024);
  surface = _peygir_letter_pdf_surface_new (pdf);
  cr = cairo_create (surface);
  update_context (self, cr);

  l.self = self;
  l.letter = letter;
  l.layouts = g_ptr_array_new_with_free_func (g_object_unref);
  l.pieces = g_array_new (FALSE, TRUE, sizeof (Piece));

  if (!build_header (&l, letterhead, error) || !build_flow (&l, error))
    {
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
      return NULL;
    }

  paginate (&l);
  set_metadata (&l, letterhead, surface);
  draw_pages (&l, cr);

  bytes = _peygir_letter_pdf_finish (cr, surface, &pdf, &status);
  if (bytes == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The letter could not be drawn: %s."), cairo_status_to_string (status));
      return NULL;
    }
  if (n_pages != NULL)
    *n_pages = l.n_pages;
  return bytes;
}

gboolean
peygir_letter_renderer_render_to_file (PeygirLetterRenderer   *self,
                                       const PeygirLetterhead *letterhead,
                                       const PeygirLetter     *letter,
                                       const char             *path,
                                       GError                **error)
{
  g_autoptr(GBytes) pdf = NULL;
  const guint8 *data;
  gsize size;

  g_return_val_if_fail (path != NULL, FALSE);

  pdf = peygir_letter_renderer_render_to_bytes (self, letterhead, letter, NULL, error);
  if (pdf == NULL)
    return FALSE;

  data = g_bytes_get_data (pdf, &size);
  return g_file_set_contents_full (path, (const char *) data, size,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
}

PeygirLetterRenderer *
_peygir_letter_renderer_get_default (void)
{
  PeygirLetterRenderer *renderer = g_private_get (&thread_renderer);

  if (renderer == NULL)
    {
      renderer = peygir_letter_renderer_new ();
      g_private_set (&thread_renderer, renderer);
    }
  return renderer;
}

GBytes *
peygir_letter_render_to_bytes (const PeygirLetterhead *letterhead,
                               const PeygirLetter     *letter,
                               GError                **error)
{
  return peygir_letter_renderer_render_to_bytes (_peygir_letter_renderer_get_default (), letterhead,
                                                 letter, NULL, error);
}

gboolean
peygir_letter_render_to_file (const PeygirLetterhead *letterhead,
                              const PeygirLetter     *letter,
                              const char             *path,
                              GError                **error)
{
  return peygir_letter_renderer_render_to_file (_peygir_letter_renderer_get_default (), letterhead,
                                                letter, path, error);
}

/* Pages */

#define PLACE_AT(places, stride, i) ((PeygirFlowPlace *) ((guint8 *) (places) + (gsize) (i) * (stride)))

guint
_peygir_flow_paginate (gpointer             places,
                       guint                n_places,
                       gsize                stride,
                       double               top,
                       double               bottom,
                       PeygirFlowBreakFunc  on_break,
                       gpointer             data)
{
  guint page = 0;
  double y = top;

  for (guint i = 0; i < n_places; i++)
    {
      PeygirFlowPlace *place = PLACE_AT (places, stride, i);
      double group = place->height;

      for (guint j = i; j + 1 < n_places && PLACE_AT (places, stride, j)->keep_with_next; j++)
        group += PLACE_AT (places, stride, j + 1)->space_before + PLACE_AT (places, stride, j + 1)->height;

      /* A group taller than a page (a subject of a thousand words) cannot
       * be kept together: it flows like any text. */
      if (group > bottom - top)
        group = place->height;

      if (y > top)
        {
          if (y + place->space_before + group > bottom)
            {
              page++;
              y = top;
              if (on_break != NULL)
                y += on_break (data, i);
            }
          else
            {
              y += place->space_before;
            }
        }

      place->page = page;
      place->y = y;
      y += place->height;
    }
  return page + 1;
}

/* The page a letter is printed on, without the letter */

struct _PeygirLetterFrame
{
  Composition composition;
};

PeygirLetterFrame *
_peygir_letter_frame_new (PeygirLetterRenderer    *self,
                          const PeygirLetterhead  *letterhead,
                          GError                 **error)
{
  g_autoptr(PeygirLetterFrame) frame = g_new0 (PeygirLetterFrame, 1);

  g_return_val_if_fail (PEYGIR_IS_LETTER_RENDERER (self), NULL);

  frame->composition.self = self;
  if (!build_header (&frame->composition, letterhead, error))
    return NULL;
  return g_steal_pointer (&frame);
}

void
_peygir_letter_frame_free (PeygirLetterFrame *frame)
{
  if (frame == NULL)
    return;
  composition_clear (&frame->composition);
  g_free (frame);
}

double
_peygir_letter_frame_get_top (PeygirLetterFrame *frame)
{
  return content_top (&frame->composition);
}

double
_peygir_letter_frame_get_bottom (PeygirLetterFrame *frame)
{
  return content_bottom (&frame->composition);
}

void
_peygir_letter_frame_draw (PeygirLetterFrame *frame,
                           cairo_t           *cr,
                           guint              page,
                           guint              n_pages)
{
  frame->composition.n_pages = n_pages;
  cairo_save (cr);
  cairo_set_source_rgb (cr, 0.0, 0.0, 0.0);
  draw_header (&frame->composition, cr);
  draw_footer (&frame->composition, cr, page);
  cairo_restore (cr);
}

void
_peygir_letter_renderer_update_context (PeygirLetterRenderer *self,
                                        cairo_t              *cr)
{
  update_context (self, cr);
}

gboolean
peygir_letter_image_validate (GBytes  *png,
                              GError **error)
{
  cairo_surface_t *surface;

  g_return_val_if_fail (png != NULL, FALSE);

  surface = load_png (png, _("The image is not a PNG image that can be printed."), error);
  if (surface == NULL)
    return FALSE;
  cairo_surface_destroy (surface);
  return TRUE;
}

/* Shared with the other documents of the library: peygir-letter-renderer-private.h */

char *
_peygir_letter_prepare_ltr_value (const char *value)
{
  return prepare_ltr_value (value);
}

double
_peygir_letter_layout_height (PangoLayout *layout)
{
  return layout_height (layout);
}

double
_peygir_letter_layout_width (PangoLayout *layout)
{
  int width;

  pango_layout_get_size (layout, &width, NULL);
  return (double) width / PANGO_SCALE;
}

cairo_surface_t *
_peygir_letter_pdf_surface_new (GByteArray *pdf)
{
  return cairo_pdf_surface_create_for_stream (pdf_write_cb, pdf,
                                              PEYGIR_LETTER_PAGE_WIDTH,
                                              PEYGIR_LETTER_PAGE_HEIGHT);
}

GBytes *
_peygir_letter_pdf_finish (cairo_t          *cr,
                           cairo_surface_t  *surface,
                           GByteArray      **pdf,
                           cairo_status_t   *status)
{
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  *status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (*status != CAIRO_STATUS_SUCCESS)
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (pdf));
}

void
_peygir_letter_pdf_set_day (cairo_surface_t *surface,
                            PeygirDay        day)
{
  g_autofree char *date = g_strdup_printf ("%04d-%02d-%02dT00:00:00",
                                           day / 10000, day / 100 % 100, day % 100);

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_MOD_DATE, date);
}
