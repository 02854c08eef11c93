/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <pango/pango.h>

#include "peygir-letter-renderer.h"

G_BEGIN_DECLS

/* What the other documents of the letters library (the service card)
 * share with the letters: the same fonts, the same Persian forms and the
 * same isolation of left-to-right runs. */

/* This thread's renderer, made on first use; owned by the thread. */
PeygirLetterRenderer *_peygir_letter_renderer_get_for_thread (void);
/* The renderer's pango context (72 dpi, right to left, unhinted metrics):
 * pango_cairo_update_context () it with the document's cairo context. */
PangoContext         *_peygir_letter_renderer_get_context    (PeygirLetterRenderer *self);
/* A layout in the letters' family, its paragraphs right to left whatever
 * their first letter; @width ≤ 0 for no wrapping. Plain text, never markup. */
PangoLayout          *_peygir_letter_renderer_make_layout    (PeygirLetterRenderer *self,
                                                              const char           *text,
                                                              double                size,
                                                              gboolean              bold,
                                                              double                width,
                                                              PangoAlignment        alignment);
/* Text as letters print it: sanitized, its left-to-right runs isolated,
 * Persian digits and Persian ی and ک. */
char                 *_peygir_letter_prepare_text            (const char           *text,
                                                              gboolean              multiline);
/* A value left to right by nature (a number, a date), isolated whole. */
char                 *_peygir_letter_prepare_ltr_value       (const char           *value);
/* The logical height of @layout in points. */
double                _peygir_letter_layout_height           (PangoLayout          *layout);
/* An A4 PDF surface whose bytes are appended to @pdf as cairo writes them. */
cairo_surface_t      *_peygir_letter_pdf_surface_new         (GByteArray           *pdf);
/* The PDF's creation and modification dates, 00:00 of @day: a date, not
 * the moment, so that the same document renders to the same bytes. */
void                  _peygir_letter_pdf_set_day             (cairo_surface_t      *surface,
                                                              PeygirDay             day);

G_END_DECLS
