/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-poppler"

/* poppler-glib, loaded when a letter is first previewed or printed rather
 * than when the client starts (peygir-library.h): poppler brings NSS,
 * lcms2 and OpenJPEG with it, some 2.4 MB of the window's start-up that a
 * desk which never opens a letter does not need. Each function the
 * preview and the print operation call is defined here under its own
 * name, with poppler.h's prototype, and calls the library's. */

#include <poppler.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "peygir-library.h"

/* X (return type, name, parameters, arguments) for the functions that
 * need a document, which needs the library: they call it straight. */
#define POPPLER_FUNCTIONS(X) \
  X (int, poppler_document_get_n_pages, (PopplerDocument *document), (document)) \
  X (PopplerPage *, poppler_document_get_page, (PopplerDocument *document, int index), (document, index))

/* The ones that return nothing. */
#define POPPLER_PROCEDURES(X) \
  X (void, poppler_page_get_size, (PopplerPage *page, double *width, double *height), (page, width, height)) \
  X (void, poppler_page_render, (PopplerPage *page, cairo_t *cairo), (page, cairo)) \
  X (void, poppler_page_render_for_printing, (PopplerPage *page, cairo_t *cairo), (page, cairo))

/* The one that comes first, and answers an error without the library. */
#define POPPLER_OPENING(X) \
  X (PopplerDocument *, poppler_document_new_from_bytes, (GBytes *bytes, const char *password, GError **error), \
     (bytes, password, error))

enum {
  POPPLER_FUNCTIONS (PEYGIR_LIBRARY_INDEX)
  POPPLER_PROCEDURES (PEYGIR_LIBRARY_INDEX)
  POPPLER_OPENING (PEYGIR_LIBRARY_INDEX)
  N_SYMBOLS
};

static const char * const symbols[] = {
  POPPLER_FUNCTIONS (PEYGIR_LIBRARY_NAME) POPPLER_PROCEDURES (PEYGIR_LIBRARY_NAME) POPPLER_OPENING (PEYGIR_LIBRARY_NAME) NULL
};
static gpointer addresses[N_SYMBOLS];
/* PEYGIR_POPPLER_GLIB_SONAME: the soname of the poppler-glib the build
 * found (src/app/meson.build); the Flatpak bundles it. */
static PeygirLibrary poppler = PEYGIR_LIBRARY_INIT (PEYGIR_POPPLER_GLIB_SONAME, symbols, addresses);

/* poppler-glib's own @name, typed as poppler.h declares it */
#define LIBPOPPLER(name) PEYGIR_LIBRARY_FUNCTION (addresses, name)

PopplerDocument *
poppler_document_new_from_bytes (GBytes      *bytes,
                                 const char  *password,
                                 GError     **error)
{
  if (!_peygir_library_open (&poppler))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The library that shows and prints letters cannot be loaded (%s): install poppler-glib."),
                   poppler.failure);
      return NULL;
    }
  return LIBPOPPLER (poppler_document_new_from_bytes) (bytes, password, error);
}

#define FORWARD(type, name, params, args) \
  type name params { return LIBPOPPLER (name) args; }
#define FORWARD_PROCEDURE(type, name, params, args) \
  void name params { LIBPOPPLER (name) args; }

POPPLER_FUNCTIONS (FORWARD)
POPPLER_PROCEDURES (FORWARD_PROCEDURE)
