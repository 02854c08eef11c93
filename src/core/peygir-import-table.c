/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-import"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "peygir-document-file.h"
#include "peygir-import.h"
#include "peygir-import-private.h"

/* Enough of the start of the file to judge its encoding: a Windows-1256
 * file whose first 64 KiB are all ASCII is read as UTF-8, and is refused at
 * the first line that is not. */
#define SNIFF_BYTES (64 * 1024)

struct _PeygirImportTable
{
  GDataInputStream     *lines;
  PeygirImportEncoding  encoding;
  char                  separator;
  GStrv                 header;
  guint                 next_line;   /* the number of the next physical line */
  PeygirImportSheet    *sheet;       /* a workbook's first sheet, or NULL */
};

G_DEFINE_QUARK (peygir-import-error-quark, peygir_import_error)

static gboolean
too_large (const char  *shown,
           goffset      size,
           GError     **error)
{
  g_autofree char *limit = g_format_size (PEYGIR_IMPORT_MAX_FILE_SIZE);
  g_autofree char *actual = g_format_size (size);

  g_set_error (error, PEYGIR_IMPORT_ERROR, PEYGIR_IMPORT_ERROR_FILE,
               _("%s is %s, more than the %s a registry may be: split it into years."),
               shown, actual, limit);
  return FALSE;
}

/* Valid UTF-8, except perhaps for a character cut at the end of what was
 * sniffed when more of the file follows. */
static gboolean
looks_utf8 (const guchar *head,
            gsize         length,
            gboolean      more)
{
  const char *end = NULL;

  if (g_utf8_validate_len ((const char *) head, length, &end))
    return TRUE;
  return more && length - (gsize) (end - (const char *) head) < 4
         && g_utf8_get_char_validated (end, length - (end - (const char *) head)) == (gunichar) -2;
}

/* The encoding from the first bytes, and how many of them are a BOM. */
static gboolean
detect_encoding (const guchar          *head,
                 gsize                  length,
                 gboolean               more,
                 const char            *shown,
                 PeygirImportEncoding  *encoding,
                 gsize                 *bom,
                 GError               **error)
{
  *bom = 0;
  if (length >= 3 && memcmp (head, "\xef\xbb\xbf", 3) == 0)
    {
      *encoding = PEYGIR_IMPORT_ENCODING_UTF8_BOM;
      *bom = 3;
      return TRUE;
    }
  if (length >= 2 && memcmp (head, "\xff\xfe", 2) == 0)
    {
      *encoding = PEYGIR_IMPORT_ENCODING_UTF16LE;
      *bom = 2;
      return TRUE;
    }
  /* a NUL without a BOM: UTF-16 Excel never writes, or not text at all */
  if (memchr (head, '\0', length) != NULL)
    {
      g_set_error (error, PEYGIR_IMPORT_ERROR, PEYGIR_IMPORT_ERROR_ENCODING,
                   _("%s is not a CSV file: save the sheet as “CSV UTF-8” or “Unicode Text”."),
                   shown);
      return FALSE;
    }
  *encoding = looks_utf8 (head, length, more) ? PEYGIR_IMPORT_ENCODING_UTF8
                                               : PEYGIR_IMPORT_ENCODING_WINDOWS_1256;
  return TRUE;
}

/* The file's bytes as UTF-8: iconv through GIO's streaming g_convert. */
static GInputStream *
decoded_stream (GInputStream          *raw,
                PeygirImportEncoding   encoding,
                GError               **error)
{
  g_autoptr(GCharsetConverter) converter = NULL;
  const char *from;

  if (encoding == PEYGIR_IMPORT_ENCODING_UTF16LE)
    from = "UTF-16LE";
  else if (encoding == PEYGIR_IMPORT_ENCODING_WINDOWS_1256)
    from = "WINDOWS-1256";
  else
    return g_object_ref (raw);

  converter = g_charset_converter_new ("UTF-8", from, error);
  if (converter == NULL)
    return NULL;
  return g_converter_input_stream_new (raw, G_CONVERTER (converter));
}

/* One physical line without its end (LF or CRLF); NULL at the end of the
 * file, or with @error when it is not text of the detected encoding. */
static char *
read_line (PeygirImportTable  *self,
           GCancellable       *cancellable,
           GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  gsize length = 0;
  char *line;

  line = g_data_input_stream_read_line_utf8 (self->lines, &length, cancellable, &local_error);
  if (line == NULL)
    {
      /* bytes that are not UTF-8, or that iconv cannot convert; a read
       * that failed says so itself */
      if (local_error != NULL
          && (local_error->domain == G_CONVERT_ERROR
              || g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA)
              || g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT)))
        g_set_error (error, PEYGIR_IMPORT_ERROR, PEYGIR_IMPORT_ERROR_ENCODING,
                     _("Line %u is not text in the encoding of the lines before it: save the whole sheet again as “CSV UTF-8”."),
                     self->next_line);
      else if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (strlen (line) != length)
    {
      g_free (line);
      g_set_error (error, PEYGIR_IMPORT_ERROR, PEYGIR_IMPORT_ERROR_ENCODING,
                   _("Line %u holds a null character, which no sheet’s text has."), self->next_line);
      return NULL;
    }
  self->next_line++;
  /* GLib 2.74 leaves the carriage return that ends the file on its line */
  if (length > 0 && line[length - 1] == '\r')
    line[length - 1] = '\0';
  return line;
}

/* The separator the header line has most of outside quotes; a comma when
 * it has none (a file of one column). */
static char
detect_separator (const char *line)
{
  static const char candidates[] = { ',', ';', '\t' };
  guint counts[G_N_ELEMENTS (candidates)] = { 0 };
  gboolean quoted = FALSE;
  guint best = 0;

  for (const char *p = line; *p != '\0'; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (!quoted)
        for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
          if (*p == candidates[i])
            counts[i]++;
    }
  for (guint i = 1; i < G_N_ELEMENTS (candidates); i++)
    if (counts[i] > counts[best])
      best = i;
  return candidates[best];
}

/* Splits the record that starts with @first, reading more lines while a
 * quoted field is open (RFC 4180; a quote inside an unquoted field is
 * text, as Excel reads it). */
static GStrv
split_record (PeygirImportTable  *self,
              char               *first,
              guint               line,
              GCancellable       *cancellable,
              GError            **error)
{
  g_autoptr(GStrvBuilder) fields = g_strv_builder_new ();
  g_autoptr(GString) field = g_string_new (NULL);
  g_autofree char *text = first;
  const char *p = text;
  gboolean quoted = FALSE;
  gboolean at_start = TRUE;

  for (;;)
    {
      if (*p == '\0')
        {
          if (!quoted)
            break;
          /* a line break inside a quoted field */
          g_free (text);
          text = read_line (self, cancellable, error);
          if (text == NULL)
            {
              if (error == NULL || *error == NULL)
                g_set_error (error, PEYGIR_IMPORT_ERROR, PEYGIR_IMPORT_ERROR_SYNTAX,
                             _("Line %u opens a quoted field that never closes."), line);
              return NULL;
            }
          g_string_append_c (field, '\n');
          p = text;
          continue;
        }
      if (quoted)
        {
          if (*p == '"' && p[1] == '"')
            g_string_append_c (field, *p++);
          else if (*p == '"')
            quoted = FALSE;
          else
            g_string_append_c (field, *p);
        }
      else if (*p == '"' && at_start)
        quoted = TRUE;
      else if (*p == self->separator)
        {
          g_strv_builder_add (fields, field->str);
          g_string_truncate (field, 0);
          at_start = TRUE;
          p++;
          continue;
        }
      else
        g_string_append_c (field, *p);
      at_start = FALSE;
      p++;
    }
  g_strv_builder_add (fields, field->str);
  return g_strv_builder_end (fields);
}

gboolean
_peygir_import_is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static gboolean
is_blank_row (GStrv fields)
{
  for (guint i = 0; fields[i] != NULL; i++)
    if (!_peygir_import_is_blank (fields[i]))
      return FALSE;
  return TRUE;
}

gboolean
peygir_import_table_next_row (PeygirImportTable   *self,
                              char              ***fields,
                              guint               *line,
                              GCancellable        *cancellable,
                              GError             **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (fields != NULL && line != NULL, FALSE);

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      g_auto(GStrv) row = NULL;
      guint start = self->next_line;
      char *text;

      if (self->sheet != NULL)
        {
          if (!_peygir_import_sheet_next_row (self->sheet, &row, line, error))
            return FALSE;
          if (is_blank_row (row))
            continue;
          *fields = g_steal_pointer (&row);
          return TRUE;
        }

      text = read_line (self, cancellable, &local_error);

      if (text == NULL)
        {
          if (local_error != NULL)
            g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      row = split_record (self, text, start, cancellable, error);
      if (row == NULL)
        return FALSE;
      if (is_blank_row (row))
        continue;
      *fields = g_steal_pointer (&row);
      *line = start;
      return TRUE;
    }
}

/* Fills the buffer with the start of the file for the encoding's guess. */
static const guchar *
sniff (GBufferedInputStream  *buffered,
       goffset                size,
       gsize                 *length,
       GCancellable          *cancellable,
       GError               **error)
{
  gsize want = (gsize) MIN (size, SNIFF_BYTES);

  if (g_buffered_input_stream_get_buffer_size (buffered) < SNIFF_BYTES)
    g_buffered_input_stream_set_buffer_size (buffered, SNIFF_BYTES);
  while (g_buffered_input_stream_get_available (buffered) < want)
    {
      gssize got = g_buffered_input_stream_fill (buffered, want - g_buffered_input_stream_get_available (buffered),
                                                 cancellable, error);
      if (got < 0)
        return NULL;
      if (got == 0)
        break;
    }
  return g_buffered_input_stream_peek_buffer (buffered, length);
}

static gboolean
read_header (PeygirImportTable  *self,
             const char         *shown,
             GCancellable       *cancellable,
             GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  char *first = read_line (self, cancellable, &local_error);

  if (first == NULL || *first == '\0')
    {
      g_free (first);
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, PEYGIR_IMPORT_ERROR, PEYGIR_IMPORT_ERROR_SYNTAX,
                     _("%s has no header line naming its columns."), shown);
      return FALSE;
    }
  self->separator = detect_separator (first);
  self->header = split_record (self, first, 1, cancellable, error);
  return self->header != NULL;
}

/* A workbook is a zip, read from its end: the whole file in memory, which
 * the size limit bounds. */
static PeygirImportTable *
open_workbook (PeygirImportTable   *table,
               PeygirDocumentFile  *opened,
               const char          *shown,
               GCancellable        *cancellable,
               GError             **error)
{
  g_autoptr(PeygirImportTable) self = table;
  g_autoptr(GBytes) workbook = NULL;
  g_autofree guchar *data = g_malloc (MAX (opened->size, 1));
  gsize got = 0;
  guint row = 0;

  if (!g_input_stream_read_all (opened->stream, data, opened->size, &got, cancellable, error))
    return NULL;
  workbook = g_bytes_new_take (g_steal_pointer (&data), got);
  self->encoding = PEYGIR_IMPORT_ENCODING_XLSX;
  self->sheet = _peygir_import_sheet_open (workbook, shown, error);
  if (self->sheet == NULL)
    return NULL;
  if (!_peygir_import_sheet_next_row (self->sheet, &self->header, &row, error))
    {
      if (error == NULL || *error == NULL)
        g_set_error (error, PEYGIR_IMPORT_ERROR, PEYGIR_IMPORT_ERROR_SYNTAX,
                     _("%s has no header line naming its columns."), shown);
      return NULL;
    }
  return g_steal_pointer (&self);
}

PeygirImportTable *
peygir_import_table_open (GFile         *file,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(PeygirImportTable) self = NULL;
  g_autoptr(PeygirDocumentFile) opened = NULL;
  g_autoptr(GInputStream) decoded = NULL;
  g_autofree char *shown = NULL;
  const guchar *head;
  gsize head_length = 0;
  gsize bom = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  shown = g_file_get_parse_name (file);
  opened = peygir_document_file_open (file, cancellable, error);
  if (opened == NULL)
    return NULL;
  if (opened->size > PEYGIR_IMPORT_MAX_FILE_SIZE)
    {
      too_large (shown, opened->size, error);
      return NULL;
    }

  self = g_new0 (PeygirImportTable, 1);
  head = sniff (G_BUFFERED_INPUT_STREAM (opened->stream), opened->size, &head_length, cancellable, error);
  if (head == NULL)
    return NULL;
  if (head_length >= 4 && memcmp (head, "PK\x03\x04", 4) == 0)
    return open_workbook (g_steal_pointer (&self), opened, shown, cancellable, error);
  if (!detect_encoding (head, head_length, opened->size > (goffset) head_length, shown,
                           &self->encoding, &bom, error))
    return NULL;
  if (bom > 0 && g_input_stream_skip (opened->stream, bom, cancellable, error) < 0)
    return NULL;

  decoded = decoded_stream (opened->stream, self->encoding, error);
  if (decoded == NULL)
    return NULL;
  self->lines = g_data_input_stream_new (decoded);
  /* CR LF as Excel on Windows saves, LF, and CR alone as Excel for the
   * Mac's "CSV (Macintosh)" does */
  g_data_input_stream_set_newline_type (self->lines, G_DATA_STREAM_NEWLINE_TYPE_ANY);
  self->next_line = 1;
  if (!read_header (self, shown, cancellable, error))
    return NULL;
  return g_steal_pointer (&self);
}

void
peygir_import_table_free (PeygirImportTable *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->lines);
  g_clear_pointer (&self->sheet, _peygir_import_sheet_free);
  g_strfreev (self->header);
  g_free (self);
}

PeygirImportEncoding
peygir_import_table_get_encoding (PeygirImportTable *self)
{
  return self->encoding;
}

char
peygir_import_table_get_separator (PeygirImportTable *self)
{
  return self->separator;
}

const char * const *
peygir_import_table_get_header (PeygirImportTable *self)
{
  return (const char * const *) self->header;
}
