/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <pango/pangocairo.h>

#include "peygir-letter-renderer.h"

G_BEGIN_DECLS

/* What the report's pictures and its PDF share with the letters: the
 * fonts, the Persian text and the letterhead. */

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
