/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-letters"

#include <glib/gi18n-lib.h>
#include <cairo-pdf.h>
#include <string.h>

#include "peygir-date.h"
#include "peygir-letter-renderer-private.h"
#include "peygir-report-chart-private.h"
#include "peygir-report-document.h"
#include "peygir-report-sheet-private.h"
#include "peygir-text.h"

/* The letters' margins, so that the report sits under the letterhead as a
 * letter's body does. */
#define MARGIN_SIDE    56.7
#define CONTENT_WIDTH  (PEYGIR_LETTER_PAGE_WIDTH - 2 * MARGIN_SIDE)
#define SIZE_TITLE     16.0
#define SIZE_HEADING   12.0
#define SIZE_TABLE     9.0
#define CELL_PADDING   3.0
/* a column of a table is never narrower than this, whatever its neighbours */
#define COLUMN_MIN     34.0

typedef enum
{
  BLOCK_TEXT,
  BLOCK_ROW,
  BLOCK_CHART,
} BlockKind;

/* What the report is laid out in: a paragraph, a table's row or a
 * picture, each kept whole on one page. */
typedef struct
{
  PeygirFlowPlace    place;
  BlockKind          kind;
  PangoLayout       *layout;    /* BLOCK_TEXT */
  GPtrArray         *cells;     /* BLOCK_ROW: a layout a column, the first the rightmost */
  GArray            *widths;    /* BLOCK_ROW: the columns' widths (double), shared by a table's rows */
  gboolean           heading;   /* BLOCK_ROW: the table's heading row */
  int                heading_at; /* BLOCK_ROW: the index of its table's heading row */
  gboolean           repeat;    /* BLOCK_ROW: first on a page, under its table's heading row again */
  PeygirReportChart  chart;     /* BLOCK_CHART */
  const PeygirReport *part;     /* BLOCK_CHART: the report, or a part of its scorecard */
} Block;

typedef struct
{
  const PeygirReport   *report;
  PeygirLetterRenderer *renderer;
  PeygirLetterFrame    *frame;
  GArray               *blocks;   /* of Block */
  GPtrArray            *parts;    /* of PeygirReport, shallow: the scorecard a page at a time */
  gint64                most_referred;
  guint                 n_pages;
} Document;

static void
block_clear (gpointer data)
{
  Block *block = data;

  g_clear_object (&block->layout);
  g_clear_pointer (&block->cells, g_ptr_array_unref);
  g_clear_pointer (&block->widths, g_array_unref);
}

static void
document_clear (Document *doc)
{
  g_clear_pointer (&doc->frame, _peygir_letter_frame_free);
  g_clear_pointer (&doc->blocks, g_array_unref);
  g_clear_pointer (&doc->parts, g_ptr_array_unref);
}

static void
part_free (PeygirReport *part)
{
  g_ptr_array_unref (part->agencies);
  g_free (part);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Document, document_clear)

static PangoLayout *
make_layout (Document       *doc,
             const char     *text,
             double          size,
             gboolean        bold,
             double          width,
             PangoAlignment  alignment)
{
  g_autofree char *prepared = _peygir_letter_prepare_text (text, FALSE);

  return _peygir_letter_renderer_make_layout (doc->renderer, NULL, prepared, size, bold,
                                              width, alignment);
}

static void
add_text (Document       *doc,
          const char     *text,
          double          size,
          gboolean        bold,
          PangoAlignment  alignment,
          double          space_before)
{
  Block block = { 0, };

  block.kind = BLOCK_TEXT;
  block.layout = make_layout (doc, text, size, bold, CONTENT_WIDTH, alignment);
  block.place.height = _peygir_letter_layout_height (block.layout);
  block.place.space_before = space_before;
  /* a title or a heading stays with what follows it */
  block.place.keep_with_next = bold;
  g_array_append_val (doc->blocks, block);
}

static char *
cell_text (const Cell *cell)
{
  switch (cell->type)
    {
    case CELL_TEXT:
      return g_strdup (cell->text);
    case CELL_INTEGER:
      return peygir_text_format_number ((gint64) cell->number);
    case CELL_DECIMAL:
      return peygir_text_format_decimal (cell->number);
    case CELL_EMPTY:
    default:
      return g_strdup ("–");
    }
}

/* The columns' widths: each as wide as its widest cell, and when the
 * table is wider than the page, the wide columns narrowed in proportion
 * (their text wraps) while the narrow ones keep their width. */
static GArray *
column_widths (Document *doc,
               Table    *table)
{
  GArray *widths = g_array_new (FALSE, TRUE, sizeof (double));
  double total = 0.0, narrow = 0.0, wide = 0.0, fair;

  for (guint r = 0; r < table->len; r++)
    {
      GArray *row = g_ptr_array_index (table, r);

      if (widths->len < row->len)
        g_array_set_size (widths, row->len);
      for (guint c = 0; c < row->len; c++)
        {
          g_autofree char *text = cell_text (&g_array_index (row, Cell, c));
          g_autoptr(PangoLayout) layout = make_layout (doc, text, SIZE_TABLE, r == 0, -1.0,
                                                       PANGO_ALIGN_RIGHT);
          double *width = &g_array_index (widths, double, c);

          *width = MAX (*width, MAX (COLUMN_MIN, _peygir_letter_layout_width (layout) + 2 * CELL_PADDING + 1.0));
        }
    }
  for (guint c = 0; c < widths->len; c++)
    total += g_array_index (widths, double, c);
  if (total <= CONTENT_WIDTH)
    return widths;

  fair = CONTENT_WIDTH / widths->len;
  for (guint c = 0; c < widths->len; c++)
    {
      double width = g_array_index (widths, double, c);

      if (width <= fair)
        narrow += width;
      else
        wide += width;
    }
  for (guint c = 0; c < widths->len; c++)
    {
      double *width = &g_array_index (widths, double, c);

      if (*width > fair)
        *width = *width / wide * (CONTENT_WIDTH - narrow);
    }
  return widths;
}

static void
add_table (Document *doc,
           Table    *table,
           double    space_before)
{
  g_autoptr(GArray) widths = column_widths (doc, table);
  int heading_at = doc->blocks->len;

  for (guint r = 0; r < table->len; r++)
    {
      GArray *row = g_ptr_array_index (table, r);
      Block block = { 0, };

      block.kind = BLOCK_ROW;
      block.heading = r == 0;
      block.heading_at = heading_at;
      block.place.keep_with_next = r == 0;    /* the heading row with the first row */
      block.place.space_before = r == 0 ? space_before : 0.0;
      block.widths = g_array_ref (widths);
      block.cells = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint c = 0; c < row->len; c++)
        {
          const Cell *cell = &g_array_index (row, Cell, c);
          g_autofree char *text = cell_text (cell);
          PangoAlignment alignment = r == 0 || cell->type != CELL_TEXT ? PANGO_ALIGN_CENTER : PANGO_ALIGN_RIGHT;
          PangoLayout *layout = make_layout (doc, text, SIZE_TABLE, r == 0,
                                             g_array_index (widths, double, c) - 2 * CELL_PADDING,
                                             alignment);

          block.place.height = MAX (block.place.height, _peygir_letter_layout_height (layout) + 2 * CELL_PADDING);
          g_ptr_array_add (block.cells, layout);
        }
      g_array_append_val (doc->blocks, block);
    }
}

static void
add_chart_block (Document           *doc,
                 PeygirReportChart   chart,
                 const PeygirReport *part,
                 double              height)
{
  Block block = { 0, };

  block.kind = BLOCK_CHART;
  block.chart = chart;
  block.part = part;
  block.place.space_before = 6.0;
  block.place.height = height;
  g_array_append_val (doc->blocks, block);
}

/* The report with no agency of its scorecard: shares all the rest. */
static PeygirReport *
part_new (const PeygirReport *report)
{
  PeygirReport *part = g_memdup2 (report, sizeof *report);

  part->agencies = g_ptr_array_new ();
  return part;
}

/* A scorecard of more agencies than a page holds is drawn as several
 * pictures, each a page long at most, the ranked agencies first as the
 * chart orders them. */
static void
add_scorecard_parts (Document *doc,
                     double    page_height)
{
  const PeygirReportChartStyle *style = peygir_report_chart_style_print ();
  PeygirReport *part = NULL;

  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < doc->report->agencies->len; i++)
      {
        PeygirReportAgency *agency = g_ptr_array_index (doc->report->agencies, i);

        if (agency->ranked != (pass == 0))
          continue;
        if (part == NULL)
          {
            part = part_new (doc->report);
            g_ptr_array_add (doc->parts, part);
          }
        g_ptr_array_add (part->agencies, agency);
        doc->most_referred = MAX (doc->most_referred, agency->referred);
        if (part->agencies->len > 1
            && peygir_report_chart_get_height (part, PEYGIR_REPORT_CHART_AGENCIES, style,
                                               CONTENT_WIDTH) > page_height)
          {
            g_ptr_array_remove_index (part->agencies, part->agencies->len - 1);
            add_chart_block (doc, PEYGIR_REPORT_CHART_AGENCIES, part,
                             peygir_report_chart_get_height (part, PEYGIR_REPORT_CHART_AGENCIES, style,
                                                             CONTENT_WIDTH));
            part = part_new (doc->report);
            g_ptr_array_add (doc->parts, part);
            g_ptr_array_add (part->agencies, agency);
          }
      }
  if (part != NULL)
    add_chart_block (doc, PEYGIR_REPORT_CHART_AGENCIES, part,
                     peygir_report_chart_get_height (part, PEYGIR_REPORT_CHART_AGENCIES, style,
                                                     CONTENT_WIDTH));
}

static void
add_chart (Document          *doc,
           PeygirReportChart  chart)
{
  /* the room under the chart's title on a page */
  double page_height = _peygir_letter_frame_get_bottom (doc->frame) - _peygir_letter_frame_get_top (doc->frame)
                       - 2.0 * SIZE_HEADING - 6.0;

  add_text (doc, peygir_report_chart_get_title (chart), SIZE_HEADING, TRUE, PANGO_ALIGN_RIGHT, 16.0);
  if (chart == PEYGIR_REPORT_CHART_AGENCIES && doc->report->agencies->len > 0)
    add_scorecard_parts (doc, page_height);
  else
    add_chart_block (doc, chart, doc->report,
                     peygir_report_chart_get_height (doc->report, chart, peygir_report_chart_style_print (),
                                                     CONTENT_WIDTH));
}

/* The sheets' tables under their names, the pictures beside the tables
 * they draw. */
static void
build_blocks (Document *doc)
{
  const PeygirReport *report = doc->report;
  g_autoptr(GPtrArray) sheets = _peygir_report_sheets_new (report);
  g_autofree char *from = peygir_day_format (report->from, PEYGIR_DATE_LONG);
  g_autofree char *to = peygir_day_format (report->to, PEYGIR_DATE_LONG);
  g_autofree char *period = NULL;

  add_text (doc, _("Performance report"), SIZE_TITLE, TRUE, PANGO_ALIGN_CENTER, 0.0);
  /* TRANSLATORS: the report's period under its title: the first day and the last, in words */
  period = g_strdup_printf (_("From %s to %s"), from, to);
  add_text (doc, period, SIZE_HEADING, FALSE, PANGO_ALIGN_CENTER, 4.0);

  for (guint s = 0; s < sheets->len; s++)
    {
      const Sheet *sheet = g_ptr_array_index (sheets, s);

      if (s == 2)
        add_chart (doc, PEYGIR_REPORT_CHART_AGENCIES);
      add_text (doc, sheet->name, SIZE_HEADING, TRUE, PANGO_ALIGN_RIGHT, 16.0);
      for (guint t = 0; t < sheet->tables->len; t++)
        add_table (doc, g_ptr_array_index (sheet->tables, t), t == 0 ? 6.0 : 12.0);
      if (s == 0)
        {
          add_chart (doc, PEYGIR_REPORT_CHART_MONTHS);
          add_chart (doc, PEYGIR_REPORT_CHART_DAYS_TO_CLOSE);
        }
    }
}

/* A table that goes on to the next page repeats its heading there. */
static double
repeat_heading (gpointer data,
                guint    index)
{
  Document *doc = data;
  Block *block = &g_array_index (doc->blocks, Block, index);

  if (block->kind != BLOCK_ROW || block->heading)
    return 0.0;
  block->repeat = TRUE;
  return g_array_index (doc->blocks, Block, block->heading_at).place.height;
}

/* Each block on a page, a heading kept with what follows it; a block
 * taller than a page (a scorecard of hundreds of agencies) goes on a
 * page of its own. */
static void
paginate (Document *doc)
{
  doc->n_pages = _peygir_flow_paginate (doc->blocks->data, doc->blocks->len, sizeof (Block),
                                        _peygir_letter_frame_get_top (doc->frame),
                                        _peygir_letter_frame_get_bottom (doc->frame),
                                        repeat_heading, doc);
}

static void
draw_row (cairo_t     *cr,
          const Block *block)
{
  double x = PEYGIR_LETTER_PAGE_WIDTH - MARGIN_SIDE;

  cairo_save (cr);
  cairo_set_line_width (cr, 0.5);
  for (guint c = 0; c < block->cells->len; c++)
    {
      double width = g_array_index (block->widths, double, c);

      x -= width;
      if (block->heading)
        {
          cairo_set_source_rgb (cr, 0.9, 0.9, 0.9);
          cairo_rectangle (cr, x, block->place.y, width, block->place.height);
          cairo_fill (cr);
        }
      cairo_set_source_rgb (cr, 0.0, 0.0, 0.0);
      cairo_rectangle (cr, x, block->place.y, width, block->place.height);
      cairo_stroke (cr);
      cairo_move_to (cr, x + CELL_PADDING, block->place.y + CELL_PADDING);
      pango_cairo_show_layout (cr, g_ptr_array_index (block->cells, c));
    }
  cairo_restore (cr);
}

static void
draw_block (Document    *doc,
            cairo_t     *cr,
            const Block *block)
{
  switch (block->kind)
    {
    case BLOCK_TEXT:
      cairo_set_source_rgb (cr, 0.0, 0.0, 0.0);
      cairo_move_to (cr, MARGIN_SIDE, block->place.y);
      pango_cairo_show_layout (cr, block->layout);
      break;
    case BLOCK_ROW:
      if (block->repeat)
        {
          Block heading = g_array_index (doc->blocks, Block, block->heading_at);

          heading.place.y = block->place.y - heading.place.height;
          draw_row (cr, &heading);
        }
      draw_row (cr, block);
      break;
    case BLOCK_CHART:
    default:
      cairo_save (cr);
      cairo_translate (cr, MARGIN_SIDE, block->place.y);
      if (block->part != doc->report)
        _peygir_report_chart_draw_scorecard_part (block->part, doc->most_referred,
                                                  peygir_report_chart_style_print (), cr,
                                                  CONTENT_WIDTH, block->place.height);
      else
        peygir_report_chart_draw (doc->report, block->chart, peygir_report_chart_style_print (), cr,
                                  CONTENT_WIDTH, block->place.height);
      cairo_restore (cr);
      /* the chart set the fonts up for itself: the same context, but say so */
      _peygir_letter_renderer_update_context (doc->renderer, cr);
      break;
    }
}

static void
draw_pages (Document *doc,
            cairo_t  *cr)
{
  guint next = 0;

  for (guint page = 0; page < doc->n_pages; page++)
    {
      _peygir_letter_frame_draw (doc->frame, cr, page, doc->n_pages);
      for (; next < doc->blocks->len; next++)
        {
          const Block *block = &g_array_index (doc->blocks, Block, next);

          if (block->place.page != page)
            break;
          draw_block (doc, cr, block);
        }
      cairo_show_page (cr);
    }
}

/* The period's last day as the document's date: the same report renders
 * to the same bytes. */
static void
set_metadata (Document               *doc,
              const PeygirLetterhead *letterhead,
              cairo_surface_t        *surface)
{
  const PeygirReport *report = doc->report;
  g_autofree char *from = peygir_day_format (report->from, PEYGIR_DATE_NUMERIC);
  g_autofree char *to = peygir_day_format (report->to, PEYGIR_DATE_NUMERIC);
  g_autofree char *title = g_strdup_printf ("%s %s – %s", _("Performance report"), from, to);

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  if (letterhead != NULL)
    {
      g_autofree char *author = g_strstrip (g_strjoin (" — ", letterhead->governorate != NULL ? letterhead->governorate : "",
                                                       letterhead->office != NULL ? letterhead->office : "", NULL));

      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, author);
    }
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Peygir " PEYGIR_VERSION);
  _peygir_letter_pdf_set_day (surface, report->to);
}

GBytes *
peygir_report_render_to_bytes (const PeygirReport      *report,
                               const PeygirLetterhead  *letterhead,
                               GError                 **error)
{
  g_auto(Document) doc = { 0, };
  g_autoptr(GByteArray) pdf = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (report != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  doc.report = report;
  doc.renderer = _peygir_letter_renderer_get_default ();
  doc.blocks = g_array_new (FALSE, TRUE, sizeof (Block));
  doc.parts = g_ptr_array_new_with_free_func ((GDestroyNotify) part_free);
  g_array_set_clear_func (doc.blocks, block_clear);

  pdf = g_byte_array_sized_new (64 * 1024);
  surface = _peygir_letter_pdf_surface_new (pdf);
  cr = cairo_create (surface);
  _peygir_letter_renderer_update_context (doc.renderer, cr);

  doc.frame = _peygir_letter_frame_new (doc.renderer, letterhead, error);
  if (doc.frame != NULL)
    {
      build_blocks (&doc);
      paginate (&doc);
      set_metadata (&doc, letterhead, surface);
      draw_pages (&doc, cr);
    }
  bytes = _peygir_letter_pdf_finish (cr, surface, &pdf, &status);
  if (doc.frame == NULL)
    return NULL;
  if (bytes == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                 _("The report could not be drawn: %s."), cairo_status_to_string (status));
  return g_steal_pointer (&bytes);
}

gboolean
peygir_report_render_to_file (const PeygirReport      *report,
                              const PeygirLetterhead  *letterhead,
                              const char              *path,
                              GError                 **error)
{
  g_autoptr(GBytes) pdf = NULL;
  gsize size;
  const char *data;

  g_return_val_if_fail (path != NULL, FALSE);

  pdf = peygir_report_render_to_bytes (report, letterhead, error);
  if (pdf == NULL)
    return FALSE;
  data = g_bytes_get_data (pdf, &size);
  return _peygir_report_write_beside (data, size, path, error);
}
