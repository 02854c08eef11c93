/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-document"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gio/gunixinputstream.h>

#include "peygir-document-file.h"
#include "peygir-text.h"

/* Enough of the start of a file for the content sniffing of GIO. */
#define SNIFF_BYTES 4096

static gboolean
not_regular (const char  *shown,
             GError     **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
               _("%s is not a regular file: only a file can be attached."), shown);
  return FALSE;
}

/* A local file: opened with O_NONBLOCK, so that a pipe with no writer does
 * not hold the open, and judged by fstat on what was opened, not on a name
 * that may have changed in between. */
static GInputStream *
open_local (const char  *path,
            goffset     *size,
            GError     **error)
{
  g_autofree char *shown = g_filename_display_name (path);
  struct stat info;
  int fd;
  int flags;

  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot read %s: %s."), shown, g_strerror (saved_errno));
      return NULL;
    }
  if (fstat (fd, &info) != 0 || !S_ISREG (info.st_mode))
    {
      close (fd);
      not_regular (shown, error);
      return NULL;
    }
  flags = fcntl (fd, F_GETFL);
  if (flags != -1)
    fcntl (fd, F_SETFL, flags & ~O_NONBLOCK);
  *size = info.st_size;
  return g_unix_input_stream_new (fd, TRUE);
}

/* A file behind GVfs (a share the file chooser reached without a local
 * path): its type and size as the backend reports them. */
static GInputStream *
open_remote (GFile         *file,
             GCancellable  *cancellable,
             goffset       *size,
             GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autofree char *shown = g_file_get_parse_name (file);

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (info == NULL)
    return NULL;
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      not_regular (shown, error);
      return NULL;
    }
  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    return NULL;
  *size = g_file_info_get_size (info);
  return G_INPUT_STREAM (g_steal_pointer (&stream));
}

char *
peygir_document_guess_type (const char   *name,
                            const guchar *data,
                            gsize         length)
{
  g_autofree char *type = g_content_type_guess (name, data, length, NULL);
  g_autofree char *mime = g_content_type_get_mime_type (type);
  char *normal = peygir_mime_type_normalize (mime);

  return normal != NULL ? normal : g_strdup ("application/octet-stream");
}

PeygirDocumentFile *
peygir_document_file_open (GFile         *file,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(PeygirDocumentFile) self = NULL;
  g_autoptr(GInputStream) raw = NULL;
  g_autoptr(GInputStream) buffered = NULL;
  const char *path;
  const guchar *head;
  gsize head_length = 0;
  goffset size = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  path = g_file_peek_path (file);
  raw = path != NULL ? open_local (path, &size, error) : open_remote (file, cancellable, &size, error);
  if (raw == NULL)
    return NULL;

  /* The first bytes are looked at through a buffer that keeps them for the
   * reader after. */
  buffered = g_buffered_input_stream_new_sized (raw, 64 * 1024);
  if (size > 0
      && g_buffered_input_stream_fill (G_BUFFERED_INPUT_STREAM (buffered), MIN (size, SNIFF_BYTES),
                                       cancellable, error) < 0)
    return NULL;
  head = g_buffered_input_stream_peek_buffer (G_BUFFERED_INPUT_STREAM (buffered), &head_length);

  self = g_new0 (PeygirDocumentFile, 1);
  self->name = g_file_get_basename (file);
  self->content_type = peygir_document_guess_type (self->name, head, head_length);
  self->size = size;
  self->stream = g_steal_pointer (&buffered);
  return g_steal_pointer (&self);
}

void
peygir_document_file_free (PeygirDocumentFile *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->stream);
  g_free (self->name);
  g_free (self->content_type);
  g_free (self);
}
