/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>
#include <poppler.h>

G_BEGIN_DECLS

/* poppler-glib 22.12 declares no autoptr cleanups of its own. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerFontInfo, g_object_unref)

/* @text as the search normalises it, bidi marks turned into spaces first:
 * what poppler extracts, made comparable with what was written. */
char            *letters_test_comparable       (const char      *text);
/* Asserts that every word of @expected is among the words of @pdf_text
 * (words with لا skipped: poppler tears them apart). */
void             letters_test_assert_has_words (const char      *pdf_text,
                                                const char      *expected);
PopplerDocument *letters_test_open_pdf         (GBytes          *pdf);
/* pdftotext of @pdf in reading order: page @page (from 1), 0 for all. */
char            *letters_test_pdf_text         (GBytes          *pdf,
                                                int              page);
/* Page @index (from 0) drawn on white at @scale pixels a point. */
cairo_surface_t *letters_test_render_page      (PopplerDocument *document,
                                                int              index,
                                                double           scale);
/* @pdf and every page of it as PNG under the build directory's letters/,
 * named @name.pdf and @name-N.png. */
void             letters_test_save_pages       (GBytes          *pdf,
                                                PopplerDocument *document,
                                                const char      *name);

G_END_DECLS
