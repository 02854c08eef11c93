/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "peygir-store.h"
#include "peygir-types.h"

G_BEGIN_DECLS

/* Reading an office's past registry (the Excel sheets kept before Peygir)
 * into typed case records, each with the line of the file it came from, or
 * a refusal of that line with its reason. Nothing here writes the store:
 * the import command hands the records to the store's bulk path.
 *
 * The file is CSV as Excel saves it in Iran: UTF-8 with or without a BOM,
 * "Unicode text" (UTF-16LE with a BOM, tab-separated) or "CSV" on a Persian
 * Windows (Windows-1256). The encoding is the BOM's; without one, UTF-8 if
 * the first 64 KiB are UTF-8, else Windows-1256. The separator is the comma,
 * semicolon or tab the header line has most of outside quotes. Fields follow
 * RFC 4180: quoted fields with doubled quotes and line breaks, CRLF or LF.
 * The first record is the header; blank rows are skipped.
 *
 * An Excel workbook (XLSX) is read too: its first sheet, each row's number
 * as Excel shows it standing for the line. Its cells are read as their
 * text: a shared or inline string, a number as stored (no number format
 * applied, so a date Excel keeps as a date is its serial number; Persian
 * dates, which Excel keeps as text, are read as written).
 *
 * The mapping (MAPPING.json, data/import-example-map.json) says where each
 * field of a case is:
 *
 *   { "dates": "persian",              "persian" (default) or "gregorian"
 *     "fields": {
 *       "kind":      { "column": "نوع",
 *                      "values": { "شکایت": "complaint", "درخواست": "request" } },
 *       "national_id": { "column": 4 },      a 1-based index
 *       "channel":   { "default": "in_person" },
 *       … } }
 *
 * A field gives "column" (the header's name, compared after the search's
 * Persian normalisation, or a 1-based index), "default" (used when the
 * column is absent or the cell is empty), or both; the enumerations may
 * give "values", a map from the office's words (normalised likewise) to
 * Peygir's identifiers, and a cell not in the map may hold the identifier
 * itself. The fields:
 *
 *   kind (request|complaint), applicant_type (citizen|business|government;
 *   citizen when not mapped), applicant_name, national_id, mobile, phone,
 *   address, postal_code, email, subject, description, category (the card's
 *   life events; other when not mapped), agency (its name), channel
 *   (in_person when not mapped), samad_code (the 111 system's code),
 *   tracking_code (a Peygir tracking code the case already had), state (the
 *   final state: a workflow state identifier), received_on, registered_on,
 *   referred_on, answered_on, closed_on (dates), registration_number
 *   ("1398/125", "۱۳۹۸-۱۲۵") or registration_year with registration_sequence
 *   (two columns).
 *
 * kind, applicant_name, subject, description and state must be mapped;
 * received_on is the registration date when a row does not give it. Persian dates are
 * 1402/07/15, ۱۴۰۲-۷-۱۵ or 14020715 with a four-digit year; Gregorian ones
 * are ISO 2023-10-07. Digits may be Persian, Arabic-Indic or Latin
 * anywhere. */

/* A refused file or mapping (then nothing is read), or a refused row. */
#define PEYGIR_IMPORT_ERROR (peygir_import_error_quark ())
typedef enum
{
  PEYGIR_IMPORT_ERROR_FILE,          /* not a regular file, too large, unreadable */
  PEYGIR_IMPORT_ERROR_ENCODING,      /* not text in one of the encodings above */
  PEYGIR_IMPORT_ERROR_SYNTAX,        /* no header, a quoted field never closed */
  PEYGIR_IMPORT_ERROR_MAPPING,       /* not the documented object, a column the file lacks */
  PEYGIR_IMPORT_ERROR_MISSING,       /* a row: a value its final state needs is empty */
  PEYGIR_IMPORT_ERROR_VALUE,         /* a row: a word the mapping's values do not name */
  PEYGIR_IMPORT_ERROR_DATE,          /* a row: not a date, in the future, or out of order */
  PEYGIR_IMPORT_ERROR_STATE,         /* a row: the final state disagrees with the dates */
  PEYGIR_IMPORT_ERROR_REGISTRATION,  /* a row: registration number unreadable or of another year */
  PEYGIR_IMPORT_ERROR_DUPLICATE,     /* a row: a registration number or tracking code of an earlier row */
  PEYGIR_IMPORT_ERROR_AGENCY,        /* a row: the agency is none of the office's */
  PEYGIR_IMPORT_ERROR_CASE,          /* a row: intake's checks refuse it (national ID, mobile, …) */
  PEYGIR_IMPORT_ERROR_REFUSED,       /* the file: rows were refused, so nothing was imported */
} PeygirImportError;

GQuark peygir_import_error_quark (void);

/* Files above this are refused before they are read. */
#define PEYGIR_IMPORT_MAX_FILE_SIZE ((goffset) 200 * 1024 * 1024)

typedef enum
{
  PEYGIR_IMPORT_ENCODING_UTF8,
  PEYGIR_IMPORT_ENCODING_UTF8_BOM,
  PEYGIR_IMPORT_ENCODING_UTF16LE,
  PEYGIR_IMPORT_ENCODING_WINDOWS_1256,
  PEYGIR_IMPORT_ENCODING_XLSX,          /* not text: an Excel workbook, its first sheet */
} PeygirImportEncoding;

/* The file as a table of text: its header, then its rows one at a time. */
typedef struct _PeygirImportTable PeygirImportTable;

/* Opens @file, refusing what is not a regular file or is larger than
 * PEYGIR_IMPORT_MAX_FILE_SIZE, detects the encoding and the separator (or
 * a workbook, by its zip signature) and reads the header. Blocks on the
 * file system: for worker threads. */
PeygirImportTable   *peygir_import_table_open       (GFile              *file,
                                                     GCancellable       *cancellable,
                                                     GError            **error);
void                 peygir_import_table_free       (PeygirImportTable  *self);
PeygirImportEncoding peygir_import_table_get_encoding  (PeygirImportTable *self);
/* ',', ';' or '\t'; '\0' for a workbook. */
char                 peygir_import_table_get_separator (PeygirImportTable *self);
/* The header's names as written, NULL-terminated; owned by @self. */
const char * const  *peygir_import_table_get_header (PeygirImportTable  *self);
/* The next row: TRUE with its fields (NULL-terminated, yours) and the line
 * where it starts in the file (1 is the header's). FALSE at the end, with
 * @error unset, or when the file cannot be read further (a quoted field
 * never closed, bytes of another encoding), with @error set. */
gboolean             peygir_import_table_next_row   (PeygirImportTable  *self,
                                                     char             ***fields,
                                                     guint              *line,
                                                     GCancellable       *cancellable,
                                                     GError            **error);

/* The mapping, checked against the format above (not yet against a file);
 * @length -1 when @data ends with a NUL. */
typedef struct _PeygirImportMapping PeygirImportMapping;

PeygirImportMapping *peygir_import_mapping_new_from_data (const char  *data,
                                                          gssize       length,
                                                          GError     **error);
PeygirImportMapping *peygir_import_mapping_new_from_file (GFile       *file,
                                                          GError     **error);
void                 peygir_import_mapping_free          (PeygirImportMapping *self);

/* The office's agencies by name, as a registry wrote them: a name matches
 * after the search's normalisation (ی/ي, ک/ك, ZWNJ, spaces, diacritics,
 * digits). The names that matched nothing are counted, for the command to
 * list. */
typedef struct _PeygirImportAgencies PeygirImportAgencies;

typedef struct
{
  char  *name;     /* as first written in the file, sanitised */
  guint  count;    /* rows that named it */
} PeygirImportUnknownAgency;

/* @agencies: of PeygirAgency (copied); NULL for none. */
PeygirImportAgencies *peygir_import_agencies_new     (GPtrArray            *agencies);
void                  peygir_import_agencies_free    (PeygirImportAgencies *self);
/* The agency @text names, or NULL (an empty @text is not counted). */
const PeygirAgency   *peygir_import_agencies_match   (PeygirImportAgencies *self,
                                                      const char           *text);
/* Of PeygirImportUnknownAgency, the most named first. */
GPtrArray            *peygir_import_agencies_unknown (PeygirImportAgencies *self);

/* A row that passed every check: a past case at its final state. */
typedef struct
{
  guint            line;
  PeygirCaseDraft *draft;                 /* validated as intake validates; agency_id resolved */
  PeygirState      state;
  char            *registration_number;   /* "1398/125" in ASCII digits; NULL when never registered */
  int              registration_year;     /* 0 when never registered */
  int              registration_sequence;
  char            *tracking_code;         /* ASCII digits; NULL: the store makes one */
  PeygirDay        registered_on;         /* 0 when the case never reached the step */
  PeygirDay        referred_on;
  PeygirDay        answered_on;
  PeygirDay        closed_on;
} PeygirImportRecord;

/* A refused row: its line and one sentence naming the column. */
typedef struct
{
  guint   line;
  char   *column;   /* the header's name of the column at fault, or NULL */
  GError *error;    /* PEYGIR_IMPORT_ERROR */
} PeygirImportRefusal;

void peygir_import_record_free  (PeygirImportRecord  *record);
void peygir_import_refusal_free (PeygirImportRefusal *refusal);

/* A file read through a mapping. */
typedef struct _PeygirImport PeygirImport;

/* Opens @file (as peygir_import_table_open ()) and resolves @mapping's
 * columns against its header: PEYGIR_IMPORT_ERROR_MAPPING for a column the
 * file lacks. @mapping and @agencies must outlive the import; @agencies
 * counts the unknown names as rows are read. Blocks: worker threads. */
PeygirImport *peygir_import_open  (GFile                *file,
                                   PeygirImportMapping  *mapping,
                                   PeygirImportAgencies *agencies,
                                   GCancellable         *cancellable,
                                   GError              **error);
void          peygir_import_free  (PeygirImport         *self);
/* The next row: TRUE with either @record or @refusal set (yours); FALSE at
 * the end (@error unset) or when the file cannot be read further (@error
 * set). A registration number or tracking code already given on an earlier
 * line of the file is refused on the later line. */
gboolean      peygir_import_next  (PeygirImport         *self,
                                   PeygirImportRecord  **record,
                                   PeygirImportRefusal **refusal,
                                   GCancellable         *cancellable,
                                   GError              **error);

/* Takes @record along the workflow through @bulk, on which
 * peygir_bulk_set_past () was called: intake on the day received, then
 * review, registration under the record's number, referral to its agency,
 * approval and dispatch on the day referred, the answer, the applicant
 * told (by letter: the registry does not say how) on the day closed; a
 * case closed or rejected without an answer is rejected (after a referral
 * when it was registered, as the workflow has it). Each step at ten in the
 * morning of its day, its note naming @source and the record's line. The
 * case is then ready for peygir_bulk_write_case (); FALSE with the bulk's
 * error (the workflow's, intake's, or the store's EXISTS for a number or
 * tracking code another case holds) when a step is refused. */
gboolean      peygir_import_record_write (PeygirBulk                *bulk,
                                          const PeygirImportRecord  *record,
                                          const char                *source,
                                          GError                   **error);

/* Every row of @import taken through @bulk (peygir_import_record_write (),
 * then peygir_bulk_write_case ()), in the bulk's transaction, which it
 * does not commit: each refused row, the reader's or its history's, is
 * added to @refusals (of PeygirImportRefusal); @rows counts the rows read
 * and @taken those written. FALSE with @error when the file cannot be
 * read further or the database fails: then give the bulk up. */
gboolean      peygir_import_write_all    (PeygirImport              *import,
                                          PeygirBulk                *bulk,
                                          const char                *source,
                                          GPtrArray                 *refusals,
                                          guint                     *rows,
                                          guint                     *taken,
                                          GCancellable              *cancellable,
                                          GError                   **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PeygirImportTable, peygir_import_table_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PeygirImportMapping, peygir_import_mapping_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PeygirImportAgencies, peygir_import_agencies_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PeygirImportRecord, peygir_import_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PeygirImportRefusal, peygir_import_refusal_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PeygirImport, peygir_import_free)

G_END_DECLS
