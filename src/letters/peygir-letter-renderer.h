/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "peygir-letter.h"
#include "peygir-letterhead.h"

G_BEGIN_DECLS

/* A4 in PDF points. */
#define PEYGIR_LETTER_PAGE_WIDTH  595.276
#define PEYGIR_LETTER_PAGE_HEIGHT 841.89

#define PEYGIR_TYPE_LETTER_RENDERER (peygir_letter_renderer_get_type ())

G_DECLARE_FINAL_TYPE (PeygirLetterRenderer, peygir_letter_renderer, PEYGIR, LETTER_RENDERER, GObject)

/* Holds the font map and the pango context, made once: keep one renderer
 * and use it for many letters. A renderer belongs to one thread at a time;
 * peygir_letter_render_* below keep one per thread for you. */
PeygirLetterRenderer *peygir_letter_renderer_new             (void);
/* The font family the letters are set in: "Vazirmatn" when fontconfig has
 * it, otherwise "Noto Naskh Arabic". */
const char           *peygir_letter_renderer_get_font_family (PeygirLetterRenderer   *self);

/* The letter as a PDF document. @n_pages (may be NULL) receives its page
 * count. Fails only on a broken image (logo, signature) or, for files, on
 * a write error. */
GBytes   *peygir_letter_renderer_render_to_bytes (PeygirLetterRenderer   *self,
                                                  const PeygirLetterhead *letterhead,
                                                  const PeygirLetter     *letter,
                                                  guint                  *n_pages,
                                                  GError                **error);
gboolean  peygir_letter_renderer_render_to_file  (PeygirLetterRenderer   *self,
                                                  const PeygirLetterhead *letterhead,
                                                  const PeygirLetter     *letter,
                                                  const char             *path,
                                                  GError                **error);

/* The same with this thread's renderer: safe to call from GTask threads. */
GBytes   *peygir_letter_render_to_bytes          (const PeygirLetterhead *letterhead,
                                                  const PeygirLetter     *letter,
                                                  GError                **error);
gboolean  peygir_letter_render_to_file           (const PeygirLetterhead *letterhead,
                                                  const PeygirLetter     *letter,
                                                  const char             *path,
                                                  GError                **error);

/* Checks that @png is an image the renderer can draw (a PNG file), before
 * the administrator saves it as the logo or a signature. */
gboolean  peygir_letter_image_validate           (GBytes                 *png,
                                                  GError                **error);

G_END_DECLS
