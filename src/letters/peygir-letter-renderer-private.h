/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <pango/pangocairo.h>

#include "peygir-letter-renderer.h"

G_BEGIN_DECLS

/* What the other documents of the letters library (the report's pictures,
 * its PDF and the service card) share with the letters: the fonts, the
 * Persian text, the A4 PDF and the letterhead. */

/* This thread's renderer, made on first use and kept until the thread
 * ends: a renderer belongs to one thread. */
PeygirLetterRenderer *_peygir_letter_renderer_get_default    (void);
/* Before a layout of @self is laid out or drawn for @cr. */
void                  _peygir_letter_renderer_update_context (PeygirLetterRenderer *self,
                                                              cairo_t              *cr);
/* A right-to-left paragraph in @family (NULL: the letters'), @size
 * points (user units), no hyphens; @width ≤ 0 for no wrapping. @text is
 * plain text, never markup. */
PangoLayout          *_peygir_letter_renderer_make_layout    (PeygirLetterRenderer *self,
                                                              const char           *family,
                                                              const char           *text,
                                                              double                size,
                                                              gboolean              bold,
                                                              double                width,
                                                              PangoAlignment        alignment);
/* @text as a letter prints it: cleaned of control and bidi characters,
 * its left-to-right runs isolated, Persian digits and forms. */
char                 *_peygir_letter_prepare_text            (const char           *text,
                                                              gboolean              multiline);
/* A value left to right by nature (a number, a date), isolated whole. */
char                 *_peygir_letter_prepare_ltr_value       (const char           *value);
/* The logical height and width of @layout in points. */
double                _peygir_letter_layout_height           (PangoLayout          *layout);
double                _peygir_letter_layout_width            (PangoLayout          *layout);

/* An A4 PDF surface whose bytes are appended to @pdf as cairo writes them. */
cairo_surface_t      *_peygir_letter_pdf_surface_new         (GByteArray           *pdf);
/* Ends the drawing: destroys @cr and finishes and destroys @surface (one
 * of _peygir_letter_pdf_surface_new ()). The document, taken from *@pdf,
 * or NULL with *@status saying why cairo failed. */
GBytes               *_peygir_letter_pdf_finish              (cairo_t              *cr,
                                                              cairo_surface_t      *surface,
                                                              GByteArray          **pdf,
                                                              cairo_status_t       *status);
/* The PDF's creation and modification dates, 00:00 of @day: a date, not
 * the moment, so that the same document renders to the same bytes. */
void                  _peygir_letter_pdf_set_day             (cairo_surface_t      *surface,
                                                              PeygirDay             day);

/* Where a piece of what flows over the pages (a line, a table's row, a
 * picture) goes: set by _peygir_flow_paginate (). */
typedef struct
{
  double   height;
  double   space_before;     /* above it, unless it begins a page */
  gboolean keep_with_next;   /* on the same page as the next piece */
  guint    page;             /* from 0 */
  double   y;
} PeygirFlowPlace;

/* When piece @index begins a page, not the first: the height it wants
 * above it there (a table's heading row, repeated), or 0. */
typedef double (*PeygirFlowBreakFunc) (gpointer data,
                                       guint    index);

/* Places @n_places pieces, each a struct @stride bytes long that begins
 * with a PeygirFlowPlace, on pages from @top to @bottom: a piece goes on
 * the next page when it, with the pieces kept with it, does not fit
 * (unless they would not fit on any page). Returns the number of pages. */
guint _peygir_flow_paginate (gpointer             places,
                             guint                n_places,
                             gsize                stride,
                             double               top,
                             double               bottom,
                             PeygirFlowBreakFunc  on_break,
                             gpointer             data);

/* An A4 page of the office's paper without a letter on it: the letterhead
 * at the top, the office's address and the page's number at the foot, as
 * on every page of a letter, but no number block. Belongs to the thread of
 * its renderer. */
typedef struct _PeygirLetterFrame PeygirLetterFrame;

PeygirLetterFrame *_peygir_letter_frame_new        (PeygirLetterRenderer    *self,
                                                    const PeygirLetterhead  *letterhead,
                                                    GError                 **error);
void               _peygir_letter_frame_free       (PeygirLetterFrame       *frame);
/* Where the page's own content may begin and must end, in points. */
double             _peygir_letter_frame_get_top    (PeygirLetterFrame       *frame);
double             _peygir_letter_frame_get_bottom (PeygirLetterFrame       *frame);
/* Draws the letterhead and the foot of page @page (from 0) of @n_pages. */
void               _peygir_letter_frame_draw       (PeygirLetterFrame       *frame,
                                                    cairo_t                 *cr,
                                                    guint                    page,
                                                    guint                    n_pages);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PeygirLetterFrame, _peygir_letter_frame_free)

G_END_DECLS
