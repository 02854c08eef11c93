/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A file about to be attached to a case, open for reading. Only a regular
 * file is opened: a pipe would block for ever and a device (a link to
 * /dev/zero) never end. Its size comes from the open file, so that a file
 * over the limit is refused before it is read; the store then streams it. */
typedef struct
{
  GInputStream *stream;        /* its first bytes were looked at, not consumed */
  goffset       size;
  char         *name;          /* the file's own name, without its folder */
  char         *content_type;  /* a MIME type guessed from the name and the first bytes */
} PeygirDocumentFile;

/* Opens @file without blocking on it (G_IO_ERROR_NOT_REGULAR_FILE when it
 * is not a regular file). Blocks on the file system: for worker threads. */
PeygirDocumentFile *peygir_document_file_open (GFile         *file,
                                               GCancellable  *cancellable,
                                               GError       **error);
void                peygir_document_file_free (PeygirDocumentFile *self);

/* The MIME type that @name and the first bytes @data suggest;
 * application/octet-stream when nothing does. */
char               *peygir_document_guess_type (const char   *name,
                                                const guchar *data,
                                                gsize         length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PeygirDocumentFile, peygir_document_file_free)

G_END_DECLS
