/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-import"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "peygir-import.h"
#include "peygir-import-private.h"

/* A workbook's XML is some ten times its zip; this stops a zip bomb long
 * before it fills the disk's worth of time. */
#define MAX_PART_SIZE ((gsize) 2 * 1024 * 1024 * 1024)
/* Excel's last column, XFD. */
#define MAX_COLUMNS 16384
#define CHUNK (64 * 1024)

/* One member of the zip, as its central directory gives it. */
typedef struct
{
  const guchar *data;
  gsize         size;
  guint16       method;     /* 0 stored, 8 deflated */
} ZipEntry;

/* A part of the workbook being read: its bytes inflated as they are read. */
typedef struct
{
  GInputStream *stream;
  gsize         read;
} Part;

typedef struct
{
  GString  *text;           /* the text of the cell or string being read */
  gboolean  in_text;        /* inside <v> or <t> */
  gboolean  in_phonetic;    /* inside <rPh>: a reading hint, not the text */
  char     *type;           /* the cell's t attribute */
  int       column;         /* 0-based */
  GPtrArray *cells;         /* of char *, the row being read */
  guint     row;
} SheetState;

typedef struct
{
  guint  row;
  GStrv  cells;
} SheetRow;

struct _PeygirImportSheet
{
  GBytes              *workbook;
  GPtrArray           *strings;     /* the shared strings */
  Part                 part;
  GMarkupParseContext *context;
  SheetState           state;
  GQueue               rows;        /* of SheetRow, parsed and not yet taken */
  gboolean             done;
  char                *shown;
};

static gboolean
damaged (const char  *shown,
         GError     **error)
{
  g_set_error (error, PEYGIR_IMPORT_ERROR, PEYGIR_IMPORT_ERROR_FILE,
               _("%s is not an Excel workbook Peygir can read: open it in Excel and save it as “CSV UTF-8”."),
               shown);
  return FALSE;
}

static guint16
u16 (const guchar *p)
{
  return (guint16) (p[0] | p[1] << 8);
}

static guint32
u32 (const guchar *p)
{
  return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
}

/* The end of the central directory: the last 22 bytes, or before them a
 * comment of up to 64 KiB. */
static gboolean
zip_directory (const guchar *zip,
               gsize         size,
               gsize        *offset,
               gsize        *length,
               guint        *n_entries)
{
  gsize lowest = size > 22 + 65535 ? size - 22 - 65535 : 0;

  if (size < 22)
    return FALSE;
  for (gsize i = size - 22; ; i--)
    {
      if (u32 (zip + i) == 0x06054b50)
        {
          *n_entries = u16 (zip + i + 10);
          *length = u32 (zip + i + 12);
          *offset = u32 (zip + i + 16);
          return *offset <= i && *length <= i - *offset;
        }
      if (i == lowest)
        return FALSE;
    }
}

/* The member named @name; every offset checked against the file's size. */
static gboolean
zip_find (GBytes     *workbook,
          const char *name,
          ZipEntry   *entry)
{
  gsize size = 0;
  const guchar *zip = g_bytes_get_data (workbook, &size);
  gsize offset, length, p, end;
  guint n;

  if (zip == NULL || !zip_directory (zip, size, &offset, &length, &n))
    return FALSE;
  p = offset;
  end = offset + length;
  for (guint k = 0; k < n; k++)
    {
      gsize name_length, local, start;

      if (end - p < 46 || u32 (zip + p) != 0x02014b50)
        return FALSE;
      name_length = u16 (zip + p + 28);
      if (end - p - 46 < name_length)
        return FALSE;
      if (name_length == strlen (name) && memcmp (zip + p + 46, name, name_length) == 0)
        {
          local = u32 (zip + p + 42);
          if (local > size || size - local < 30 || u32 (zip + local) != 0x04034b50)
            return FALSE;
          start = local + 30 + u16 (zip + local + 26) + u16 (zip + local + 28);
          entry->method = u16 (zip + p + 10);
          entry->size = u32 (zip + p + 20);
          if (start > size || entry->size > size - start)
            return FALSE;
          entry->data = zip + start;
          return entry->method == 0 || entry->method == 8;
        }
      p += 46 + name_length + u16 (zip + p + 30) + u16 (zip + p + 32);
      if (p > end)
        return FALSE;
    }
  return FALSE;
}

static gboolean
part_open (Part       *part,
           GBytes     *workbook,
           const char *name)
{
  g_autoptr(GInputStream) raw = NULL;
  ZipEntry entry;

  if (!zip_find (workbook, name, &entry))
    return FALSE;
  raw = g_memory_input_stream_new_from_data (entry.data, entry.size, NULL);
  if (entry.method == 8)
    {
      g_autoptr(GZlibDecompressor) inflate = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_RAW);

      part->stream = g_converter_input_stream_new (raw, G_CONVERTER (inflate));
    }
  else
    part->stream = g_steal_pointer (&raw);
  part->read = 0;
  return TRUE;
}

/* Feeds the next chunk of @part to @context: FALSE at its end or on error. */
static gboolean
part_feed (Part                 *part,
           GMarkupParseContext  *context,
           gboolean             *more,
           GError              **error)
{
  char buffer[CHUNK];
  gssize got = g_input_stream_read (part->stream, buffer, sizeof buffer, NULL, error);

  *more = FALSE;
  if (got < 0)
    return FALSE;
  part->read += (gsize) got;
  if (part->read > MAX_PART_SIZE)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "part too large");
      return FALSE;
    }
  if (got == 0)
    return g_markup_parse_context_end_parse (context, error);
  *more = TRUE;
  return g_markup_parse_context_parse (context, buffer, got, error);
}

/* Reads the whole part @name through @parser. */
static gboolean
parse_part (GBytes              *workbook,
            const char          *name,
            const GMarkupParser *parser,
            gpointer             data)
{
  g_autoptr(GMarkupParseContext) context = g_markup_parse_context_new (parser, 0, data, NULL);
  Part part = { NULL, 0 };
  gboolean more = TRUE;
  gboolean ok = TRUE;

  if (!part_open (&part, workbook, name))
    return FALSE;
  while (ok && more)
    ok = part_feed (&part, context, &more, NULL);
  g_object_unref (part.stream);
  return ok;
}

/* An element's name without its namespace prefix (x:row → row). */
static const char *
local_name (const char *element)
{
  const char *colon = strchr (element, ':');

  return colon != NULL ? colon + 1 : element;
}

static const char *
attribute (const char **names,
           const char **values,
           const char  *wanted)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (g_str_equal (local_name (names[i]), wanted) || g_str_equal (names[i], wanted))
      return values[i];
  return NULL;
}

/* The workbook's first sheet: its r:id, then that relation's target. */

typedef struct
{
  char *id;
  char *target;
} FirstSheet;

static void
first_sheet_start (GMarkupParseContext  *context,
                   const char           *element,
                   const char          **names,
                   const char          **values,
                   gpointer              data,
                   GError              **error)
{
  FirstSheet *first = data;
  const char *name = local_name (element);

  if (g_str_equal (name, "sheet") && first->id == NULL)
    first->id = g_strdup (attribute (names, values, "id"));
  else if (g_str_equal (name, "Relationship") && first->id != NULL && first->target == NULL
           && g_strcmp0 (attribute (names, values, "Id"), first->id) == 0)
    {
      const char *target = attribute (names, values, "Target");

      if (target != NULL)
        first->target = target[0] == '/' ? g_strdup (target + 1) : g_strconcat ("xl/", target, NULL);
    }
}

static char *
first_sheet_path (GBytes *workbook)
{
  static const GMarkupParser parser = { first_sheet_start, NULL, NULL, NULL, NULL };
  FirstSheet first = { NULL, NULL };

  if (parse_part (workbook, "xl/workbook.xml", &parser, &first) && first.id != NULL)
    parse_part (workbook, "xl/_rels/workbook.xml.rels", &parser, &first);
  g_free (first.id);
  return first.target != NULL ? first.target : g_strdup ("xl/worksheets/sheet1.xml");
}

/* The shared strings: <si> of one <t>, or of runs <r><t>, with reading
 * hints <rPh> left out. */

static void
strings_start (GMarkupParseContext  *context,
               const char           *element,
               const char          **names,
               const char          **values,
               gpointer              data,
               GError              **error)
{
  SheetState *state = data;
  const char *name = local_name (element);

  if (g_str_equal (name, "si"))
    g_string_truncate (state->text, 0);
  else if (g_str_equal (name, "rPh"))
    state->in_phonetic = TRUE;
  else if (g_str_equal (name, "t"))
    state->in_text = !state->in_phonetic;
}

static void
strings_end (GMarkupParseContext  *context,
             const char           *element,
             gpointer              data,
             GError              **error)
{
  SheetState *state = data;
  const char *name = local_name (element);

  if (g_str_equal (name, "t"))
    state->in_text = FALSE;
  else if (g_str_equal (name, "rPh"))
    state->in_phonetic = FALSE;
  else if (g_str_equal (name, "si"))
    g_ptr_array_add (state->cells, g_strdup (state->text->str));
}

static void
collect_text (GMarkupParseContext  *context,
              const char           *text,
              gsize                 length,
              gpointer              data,
              GError              **error)
{
  SheetState *state = data;

  if (state->in_text)
    g_string_append_len (state->text, text, length);
}

static void
sheet_text (GMarkupParseContext  *context,
            const char           *text,
            gsize                 length,
            gpointer              data,
            GError              **error)
{
  PeygirImportSheet *self = data;

  collect_text (context, text, length, &self->state, error);
}

/* "BC12" → 54 (0-based), or -1. */
static int
column_of (const char *reference)
{
  int column = 0;
  const char *p = reference;

  for (; g_ascii_isalpha (*p); p++)
    {
      column = column * 26 + (g_ascii_toupper (*p) - 'A' + 1);
      if (column > MAX_COLUMNS)
        return -1;
    }
  return p == reference ? -1 : column - 1;
}

static void
sheet_start (GMarkupParseContext  *context,
             const char           *element,
             const char          **names,
             const char          **values,
             gpointer              data,
             GError              **error)
{
  PeygirImportSheet *self = data;
  SheetState *state = &self->state;
  const char *name = local_name (element);

  if (g_str_equal (name, "row"))
    {
      const char *r = attribute (names, values, "r");
      guint64 number = 0;

      g_ptr_array_set_size (state->cells, 0);
      state->row = r != NULL && g_ascii_string_to_unsigned (r, 10, 1, G_MAXUINT, &number, NULL)
                   ? (guint) number : state->row + 1;
      state->column = -1;
    }
  else if (g_str_equal (name, "c"))
    {
      const char *r = attribute (names, values, "r");
      int column = r != NULL ? column_of (r) : state->column + 1;

      if (column < 0 || column >= MAX_COLUMNS)
        {
          g_set_error_literal (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT, "bad cell reference");
          return;
        }
      state->column = column;
      g_free (state->type);
      state->type = g_strdup (attribute (names, values, "t"));
      g_string_truncate (state->text, 0);
    }
  else if (g_str_equal (name, "v") || g_str_equal (name, "t"))
    state->in_text = !state->in_phonetic;
  else if (g_str_equal (name, "rPh"))
    state->in_phonetic = TRUE;
}

/* A cell's text as Excel shows it: a shared string looked up, TRUE/FALSE
 * for a boolean, else its value (numbers as written, without a format). */
static char *
cell_text (PeygirImportSheet *self)
{
  SheetState *state = &self->state;

  if (g_strcmp0 (state->type, "s") == 0)
    {
      guint64 index;

      if (g_ascii_string_to_unsigned (state->text->str, 10, 0, G_MAXUINT, &index, NULL)
          && index < self->strings->len)
        return g_strdup (g_ptr_array_index (self->strings, index));
      return g_strdup ("");
    }
  if (g_strcmp0 (state->type, "b") == 0)
    return g_strdup (g_str_equal (state->text->str, "1") ? "TRUE" : "FALSE");
  if (g_strcmp0 (state->type, "e") == 0)
    return g_strdup ("");
  return g_strdup (state->text->str);
}

static void
sheet_end (GMarkupParseContext  *context,
           const char           *element,
           gpointer              data,
           GError              **error)
{
  PeygirImportSheet *self = data;
  SheetState *state = &self->state;
  const char *name = local_name (element);

  if (g_str_equal (name, "v") || g_str_equal (name, "t"))
    state->in_text = FALSE;
  else if (g_str_equal (name, "rPh"))
    state->in_phonetic = FALSE;
  else if (g_str_equal (name, "c"))
    {
      while (state->cells->len <= (guint) state->column)
        g_ptr_array_add (state->cells, g_strdup (""));
      g_free (g_ptr_array_index (state->cells, state->column));
      g_ptr_array_index (state->cells, state->column) = cell_text (self);
    }
  else if (g_str_equal (name, "row") && state->cells->len > 0)
    {
      SheetRow *row = g_new0 (SheetRow, 1);

      row->row = state->row;
      g_ptr_array_add (state->cells, NULL);
      row->cells = (GStrv) g_ptr_array_steal (state->cells, NULL);
      g_queue_push_tail (&self->rows, row);
    }
}

static void
sheet_row_free (SheetRow *row)
{
  g_strfreev (row->cells);
  g_free (row);
}

gboolean
_peygir_import_sheet_next_row (PeygirImportSheet   *self,
                               char              ***cells,
                               guint               *row,
                               GError             **error)
{
  SheetRow *next;

  while (g_queue_is_empty (&self->rows) && !self->done)
    {
      gboolean more = FALSE;

      if (!part_feed (&self->part, self->context, &more, NULL))
        {
          self->done = TRUE;
          return damaged (self->shown, error);
        }
      self->done = !more;
    }
  next = g_queue_pop_head (&self->rows);
  if (next == NULL)
    return FALSE;
  *cells = g_steal_pointer (&next->cells);
  *row = next->row;
  sheet_row_free (next);
  return TRUE;
}

PeygirImportSheet *
_peygir_import_sheet_open (GBytes      *workbook,
                           const char  *shown,
                           GError     **error)
{
  static const GMarkupParser strings_parser = { strings_start, strings_end, collect_text, NULL, NULL };
  static const GMarkupParser sheet_parser = { sheet_start, sheet_end, sheet_text, NULL, NULL };
  g_autoptr(PeygirImportSheet) self = g_new0 (PeygirImportSheet, 1);
  g_autofree char *path = NULL;
  ZipEntry entry;

  self->workbook = g_bytes_ref (workbook);
  self->shown = g_strdup (shown);
  self->state.text = g_string_new (NULL);
  self->state.cells = g_ptr_array_new_with_free_func (g_free);
  g_queue_init (&self->rows);

  /* a workbook of numbers only has no shared strings */
  if (zip_find (workbook, "xl/sharedStrings.xml", &entry)
      && !parse_part (workbook, "xl/sharedStrings.xml", &strings_parser, &self->state))
    {
      damaged (shown, error);
      return NULL;
    }
  self->strings = g_steal_pointer (&self->state.cells);
  self->state.cells = g_ptr_array_new_with_free_func (g_free);

  path = first_sheet_path (workbook);
  if (!part_open (&self->part, workbook, path))
    {
      damaged (shown, error);
      return NULL;
    }
  self->context = g_markup_parse_context_new (&sheet_parser, 0, self, NULL);
  return g_steal_pointer (&self);
}

void
_peygir_import_sheet_free (PeygirImportSheet *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->context, g_markup_parse_context_free);
  g_clear_object (&self->part.stream);
  g_queue_clear_full (&self->rows, (GDestroyNotify) sheet_row_free);
  g_clear_pointer (&self->strings, g_ptr_array_unref);
  g_clear_pointer (&self->state.cells, g_ptr_array_unref);
  if (self->state.text != NULL)
    g_string_free (self->state.text, TRUE);
  g_free (self->state.type);
  g_free (self->shown);
  g_bytes_unref (self->workbook);
  g_free (self);
}
