/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-store"

/* Documents and images kept in the database, and the letter registry:
 * letter numbers, voiding them, the register and the letters' PDFs. */

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "peygir-clock.h"
#include "peygir-error.h"
#include "peygir-store-private.h"
#include "peygir-text.h"
#include "peygir-workflow.h"

#define DEFAULT_DOCUMENT_MAX      (20 * 1024 * 1024)

/* Documents. */

/* The copy of a document into the database goes in pieces of this size,
 * so that memory stays small whatever the limit. */
#define DOCUMENT_CHUNK (64 * 1024)

/* Copies @size bytes of @stream into the data of document @id, which holds
 * as many zeros, and returns their SHA-256. A stream that ends early or
 * goes on (a file changed while it was read) is refused. */
static char *
write_document_data (PeygirStore   *self,
                     gint64         id,
                     GInputStream  *stream,
                     goffset        size,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(PeygirDbBlob) blob = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint8 *buffer = g_malloc (DOCUMENT_CHUNK);
  goffset offset = 0;
  gssize n;

  blob = peygir_db_blob_open (self->db, "documents", "data", id, error);
  if (blob == NULL)
    return NULL;

  while (offset < size)
    {
      n = g_input_stream_read (stream, buffer, (gsize) MIN (size - offset, DOCUMENT_CHUNK), cancellable, error);
      if (n < 0)
        return NULL;
      if (n == 0)
        break;
      g_checksum_update (checksum, buffer, n);
      if (!peygir_db_blob_write (blob, buffer, n, offset, error))
        return NULL;
      offset += n;
    }
  if (offset == size)
    {
      n = g_input_stream_read (stream, buffer, 1, cancellable, error);
      if (n < 0)
        return NULL;
    }
  if (offset != size || n != 0)
    {
      g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID,
                   _("The document changed while it was read; try again."));
      return NULL;
    }

  if (!peygir_db_blob_close (g_steal_pointer (&blob), error))
    return NULL;
  return g_strdup (g_checksum_get_string (checksum));
}

/* A document's size against the office's limit, said the way people read
 * sizes. */
static gboolean
check_document_size (goffset   size,
                     gint64    max,
                     GError  **error)
{
  GFormatSizeFlags flags = G_FORMAT_SIZE_IEC_UNITS;
  g_autofree char *size_text = NULL;
  g_autofree char *max_text = NULL;

  if (size >= 0 && size <= max)
    return TRUE;
  size_text = g_format_size_full (MAX (size, 0), flags);
  max_text = g_format_size_full (max, flags);

  /* a few bytes over reads as the limit itself: then count the bytes */
  if (g_str_equal (size_text, max_text))
    {
      flags |= G_FORMAT_SIZE_LONG_FORMAT;
      g_free (size_text);
      g_free (max_text);
      size_text = g_format_size_full (size, flags);
      max_text = g_format_size_full (max, flags);
    }

  /* Translators: the sizes are like "21.3 MiB" and "20.0 MiB" */
  g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_TOO_LARGE,
               _("The document is %s, larger than the %s a document may be."), size_text, max_text);
  return FALSE;
}

PeygirDocument *
_peygir_store_insert_document (PeygirStore   *self,
                               gint64         actor_id,
                               gint64         case_id,
                               const char    *name,
                               const char    *content_type,
                               GInputStream  *stream,
                               goffset        size,
                               GCancellable  *cancellable,
                               gint64         at,
                               GError       **error)
{
  g_autoptr(PeygirDocument) document = NULL;
  g_autofree char *clean_name = NULL;
  g_autofree char *mime_type = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *note = NULL;
  gint64 max = _peygir_store_read_setting_int (self, PEYGIR_SETTING_DOCUMENT_MAX, DEFAULT_DOCUMENT_MAX);
  gint64 id;

  if (!peygir_text_validate (name, _("The document’s name"), 255, FALSE, error))
    return NULL;
  clean_name = peygir_text_sanitize (name, FALSE);
  if (*clean_name == '\0')
    {
      g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_MISSING, _("A document needs a name."));
      return NULL;
    }
  mime_type = peygir_mime_type_normalize (content_type != NULL ? content_type : "application/octet-stream");
  if (mime_type == NULL)
    {
      g_autofree char *shown = g_strescape (content_type, NULL);

      g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID,
                   _("“%s” is not a MIME type such as application/pdf."), shown);
      return NULL;
    }
  if (!check_document_size (size, max, error))
    return NULL;

  {
    g_autoptr(PeygirDbStatement) stmt =
      peygir_db_prepare (self->db,
                         "INSERT INTO documents (case_id, name, content_type, size, sha256, data, added_at, added_by)"
                         " VALUES (?, ?, ?, ?, '', ?, ?, ?)", error);
    if (stmt == NULL)
      return NULL;
    peygir_db_bind_int64 (stmt, 1, case_id);
    peygir_db_bind_text (stmt, 2, clean_name);
    peygir_db_bind_text (stmt, 3, mime_type);
    peygir_db_bind_int64 (stmt, 4, size);
    peygir_db_bind_zeroblob (stmt, 5, size);
    peygir_db_bind_int64 (stmt, 6, at);
    peygir_db_bind_int64 (stmt, 7, actor_id);
    if (!peygir_db_step_done (stmt, error))
      return NULL;
  }
  id = peygir_db_last_insert_id (self->db);

  sha256 = write_document_data (self, id, stream, size, cancellable, error);
  if (sha256 == NULL)
    return NULL;
  {
    g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare (self->db, "UPDATE documents SET sha256 = ? WHERE id = ?", error);

    if (stmt == NULL)
      return NULL;
    peygir_db_bind_text (stmt, 1, sha256);
    peygir_db_bind_int64 (stmt, 2, id);
    if (!peygir_db_step_done (stmt, error))
      return NULL;
  }

  document = g_new0 (PeygirDocument, 1);
  document->id = id;
  document->case_id = case_id;
  document->name = g_strdup (clean_name);
  document->content_type = g_strdup (mime_type);
  document->size = size;
  document->sha256 = g_strdup (sha256);
  document->added_at = at;
  document->added_by = actor_id;

  note = g_strdup_printf ("%s (%s)", clean_name, sha256);
  if (!_peygir_store_append_event (self, case_id, at, actor_id, "attach", NULL, NULL, note, error))
    return NULL;
  return g_steal_pointer (&document);
}

PeygirDocument *
peygir_store_add_document_from_stream (PeygirStore   *self,
                                       const char    *actor_login,
                                       gint64         case_id,
                                       const char    *name,
                                       const char    *content_type,
                                       GInputStream  *stream,
                                       goffset        size,
                                       GCancellable  *cancellable,
                                       GError       **error)
{
  g_autoptr(PeygirUser) actor = NULL;
  g_autoptr(PeygirDocument) document = NULL;
  gint64 now = peygir_clock_now ();
  gboolean ok = FALSE;

  g_return_val_if_fail (PEYGIR_IS_STORE (self), NULL);
  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);

  STORE_LOCK (self);
  actor = _peygir_store_begin_action (self, actor_login, PEYGIR_ROLE_EXPERT | PEYGIR_ROLE_SECRETARIAT | PEYGIR_ROLE_MANAGER,
                                      _("Your roles do not allow adding documents to a case."), error);
  if (actor == NULL)
    return NULL;
  if (!_peygir_store_case_exists (self, case_id, error))
    goto out;

  document = _peygir_store_insert_document (self, actor->id, case_id, name, content_type, stream, size, cancellable, now, error);
  if (document == NULL)
    goto out;
  {
    g_autoptr(PeygirDbStatement) stmt =
      peygir_db_prepare (self->db, "UPDATE cases SET version = version + 1, updated_at = ? WHERE id = ?", error);
    if (stmt == NULL)
      goto out;
    peygir_db_bind_int64 (stmt, 1, now);
    peygir_db_bind_int64 (stmt, 2, case_id);
    ok = peygir_db_step_done (stmt, error);
  }

out:
  if (!_peygir_store_tx_end (self, ok, error))
    return NULL;
  return g_steal_pointer (&document);
}

PeygirDocument *
peygir_store_add_document (PeygirStore  *self,
                           const char   *actor_login,
                           gint64        case_id,
                           const char   *name,
                           const char   *content_type,
                           GBytes       *data,
                           GError      **error)
{
  g_autoptr(GInputStream) stream = NULL;

  g_return_val_if_fail (data != NULL, NULL);

  stream = g_memory_input_stream_new_from_bytes (data);
  return peygir_store_add_document_from_stream (self, actor_login, case_id, name, content_type, stream,
                                                g_bytes_get_size (data), NULL, error);
}

/* The one blob that @stmt, prepared and bound, selects. With no row: NULL,
 * and a NOT_FOUND error saying @missing, or no error if @missing is NULL. */
static GBytes *
read_one_blob (PeygirStore        *self,
               PeygirDbStatement  *stmt,
               const char         *missing,
               GError            **error)
{
  int rc = peygir_db_step (stmt);

  if (rc == PEYGIR_DB_ROW)
    return g_bytes_new (peygir_db_column_blob (stmt, 0), peygir_db_column_bytes (stmt, 0));
  if (rc != PEYGIR_DB_DONE)
    peygir_db_set_error (self->db, error);
  else if (missing != NULL)
    g_set_error_literal (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_FOUND, missing);
  return NULL;
}

static PeygirDocument *
document_from_row (PeygirDbStatement *stmt)
{
  PeygirDocument *document = g_new0 (PeygirDocument, 1);

  document->id = peygir_db_column_int64 (stmt, 0);
  document->case_id = peygir_db_column_int64 (stmt, 1);
  document->name = peygir_db_column_dup (stmt, 2);
  document->content_type = peygir_db_column_dup (stmt, 3);
  document->size = peygir_db_column_int64 (stmt, 4);
  document->sha256 = peygir_db_column_dup (stmt, 5);
  document->added_at = peygir_db_column_int64 (stmt, 6);
  document->added_by = peygir_db_column_int64 (stmt, 7);
  return document;
}

GPtrArray *
peygir_store_list_documents (PeygirStore  *self,
                             gint64        case_id,
                             GError      **error)
{
  STORE_LOCK (self);
  g_autoptr(PeygirDbStatement) stmt =
    peygir_db_prepare (self->db,
                       "SELECT id, case_id, name, content_type, size, sha256, added_at, added_by"
                       " FROM documents WHERE case_id = ? ORDER BY id", error);

  if (stmt == NULL)
    return NULL;
  peygir_db_bind_int64 (stmt, 1, case_id);
  return _peygir_store_collect_rows (self, stmt, (RowFunc) document_from_row, (GDestroyNotify) peygir_document_free, error);
}

GBytes *
peygir_store_get_document_data (PeygirStore  *self,
                                gint64        document_id,
                                GError      **error)
{
  STORE_LOCK (self);
  g_autoptr(PeygirDbStatement) stmt = NULL;
  g_autofree char *missing = NULL;

  stmt = peygir_db_prepare (self->db, "SELECT data FROM documents WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  peygir_db_bind_int64 (stmt, 1, document_id);
  missing = g_strdup_printf (_("There is no document number %" PRId64 "."), document_id);
  return read_one_blob (self, stmt, missing, error);
}

/* Images. */

static gboolean
image_key_is_valid (const char *key)
{
  return g_strcmp0 (key, "logo") == 0
         || (key != NULL && g_str_has_prefix (key, "signature:") && key[strlen ("signature:")] != '\0');
}

gboolean
peygir_store_set_image (PeygirStore  *self,
                        const char   *actor_login,
                        const char   *key,
                        GBytes       *png,
                        GError      **error)
{
  static const guchar png_magic[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  gint64 actor_id;
  gboolean ok = FALSE;

  if (!image_key_is_valid (key))
    {
      g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_FOUND,
                   _("There is no image “%s”: the images are the logo and the managers’ signatures."), key);
      return FALSE;
    }
  if (png != NULL
      && (g_bytes_get_size (png) < sizeof png_magic
          || memcmp (g_bytes_get_data (png, NULL), png_magic, sizeof png_magic) != 0))
    {
      g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID,
                   _("The image must be a PNG file."));
      return FALSE;
    }
  if (png != NULL && g_bytes_get_size (png) > 2 * 1024 * 1024)
    {
      g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_TOO_LARGE,
                   _("The image is larger than 2 MB."));
      return FALSE;
    }

  STORE_LOCK (self);
  if (!_peygir_store_begin_admin (self, actor_login, &actor_id, error))
    return FALSE;
  {
    g_autoptr(PeygirDbStatement) stmt =
      peygir_db_prepare (self->db,
                         png != NULL
                         ? "INSERT INTO images (key, data) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET data = excluded.data"
                         : "DELETE FROM images WHERE key = ?1", error);

    if (stmt != NULL)
      {
        peygir_db_bind_text (stmt, 1, key);
        if (png != NULL)
          peygir_db_bind_blob (stmt, 2, g_bytes_get_data (png, NULL), g_bytes_get_size (png));
        ok = peygir_db_step_done (stmt, error)
             && _peygir_store_append_event (self, 0, peygir_clock_now (), actor_id, "image", NULL, NULL, key, error);
      }
  }
  return _peygir_store_tx_end (self, ok, error);
}

GBytes *
peygir_store_get_image (PeygirStore  *self,
                        const char   *key,
                        GError      **error)
{
  STORE_LOCK (self);
  g_autoptr(PeygirDbStatement) stmt = NULL;

  stmt = peygir_db_prepare (self->db, "SELECT data FROM images WHERE key = ?", error);
  if (stmt == NULL)
    return NULL;
  peygir_db_bind_text (stmt, 1, key);
  return read_one_blob (self, stmt, NULL, error);
}

/* The letter registry. */

void
peygir_letter_record_free (PeygirLetterRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->number);
  g_free (record->void_reason);
  g_free (record);
}

#define LETTER_COLUMNS \
  "id, number, kind, case_id, referral_id, issued_at, issued_by, CASE WHEN pdf IS NULL THEN 0 ELSE 1 END," \
  " void_reason, voided_at, voided_by FROM letters"

static PeygirLetterRecord *
letter_record_from_row (PeygirDbStatement *stmt)
{
  PeygirLetterRecord *record = g_new0 (PeygirLetterRecord, 1);

  record->id = peygir_db_column_int64 (stmt, 0);
  record->number = peygir_db_column_dup (stmt, 1);
  COLUMN_ENUM (stmt, 2, letter_kind, &record->kind);
  record->case_id = peygir_db_column_int64 (stmt, 3);
  record->referral_id = peygir_db_column_int64 (stmt, 4);
  record->issued_at = peygir_db_column_int64 (stmt, 5);
  record->issued_by = peygir_db_column_int64 (stmt, 6);
  record->has_pdf = peygir_db_column_int (stmt, 7);
  record->void_reason = peygir_db_column_dup (stmt, 8);
  record->voided_at = peygir_db_column_int64 (stmt, 9);
  record->voided_by = peygir_db_column_int64 (stmt, 10);
  return record;
}

/* The letters of a case, with more conditions in @where (on ?2 = @text). */
static GPtrArray *
read_letters (PeygirStore  *self,
              const char   *where,
              gint64        case_id,
              const char   *text,
              GError      **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT " LETTER_COLUMNS " WHERE case_id = ? %s ORDER BY id", where);
  g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare_built (self->db, sql, error);

  if (stmt == NULL)
    return NULL;
  peygir_db_bind_int64 (stmt, 1, case_id);
  if (text != NULL)
    peygir_db_bind_text (stmt, 2, text);
  return _peygir_store_collect_rows (self, stmt, (RowFunc) letter_record_from_row,
                                     (GDestroyNotify) peygir_letter_record_free, error);
}

GPtrArray *
peygir_store_list_letters (PeygirStore  *self,
                           gint64        case_id,
                           GError      **error)
{
  STORE_LOCK (self);
  return read_letters (self, "", case_id, NULL, error);
}

/* The written answers of the case's current round: a reopened case is
 * answered again. */
static GPtrArray *
read_answer_letters (PeygirStore  *self,
                     gint64        case_id,
                     GError      **error)
{
  return read_letters (self,
                       "AND kind = 'answer' AND void_reason IS NULL AND issued_at >= coalesce ((SELECT max (at) FROM events"
                       " WHERE events.case_id = letters.case_id AND action = 'reopen'), 0)",
                       case_id, NULL, error);
}

PeygirLetterRecord *
peygir_store_get_answer_letter (PeygirStore  *self,
                                gint64        case_id,
                                GError      **error)
{
  g_autoptr(GPtrArray) issued = NULL;

  STORE_LOCK (self);
  issued = read_answer_letters (self, case_id, error);
  if (issued == NULL)
    return NULL;
  if (issued->len == 0)
    {
      g_set_error_literal (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_FOUND,
                           _("The answer to the applicant has not been sent yet."));
      return NULL;
    }
  return g_steal_pointer (&g_ptr_array_index (issued, issued->len - 1));
}

PeygirLetterRecord *
peygir_store_issue_answer_letter (PeygirStore  *self,
                                  const char   *actor_login,
                                  gint64        case_id,
                                  const char   *expect_number,
                                  GBytes       *pdf,
                                  GError      **error)
{
  g_autoptr(PeygirUser) actor = NULL;
  g_autoptr(PeygirCase) kase = NULL;
  g_autoptr(GPtrArray) issued = NULL;
  PeygirLetterRecord *record = NULL;
  g_autofree char *number = NULL;
  gint64 at;
  gboolean ok = FALSE;

  STORE_LOCK (self);
  actor = _peygir_store_begin_action (self, actor_login, PEYGIR_ROLE_SECRETARIAT,
                                      _("Only the secretariat issues letters."), error);
  if (actor == NULL)
    return NULL;
  kase = _peygir_store_read_case (self, case_id, PEYGIR_CASE_DETAIL_NONE, error);
  if (kase == NULL)
    goto out;
  if (!peygir_workflow_has_result (kase->state))
    {
      g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE,
                   _("The answer to the applicant can be issued once the case is answered or rejected."));
      goto out;
    }

  /* one written answer per round: issuing again gives the same letter */
  issued = read_answer_letters (self, case_id, error);
  if (issued == NULL)
    goto out;
  if (issued->len > 0)
    {
      record = g_steal_pointer (&g_ptr_array_index (issued, issued->len - 1));
      ok = TRUE;
      goto out;
    }

  at = peygir_clock_now ();
  number = _peygir_store_issue_letter_number_full (self, case_id, actor->id, at, PEYGIR_LETTER_ANSWER, 0, expect_number, pdf, error);
  if (number == NULL
      || !_peygir_store_append_event (self, case_id, at, actor->id, "issue_letter", NULL, NULL, number, error))
    goto out;

  g_clear_pointer (&issued, g_ptr_array_unref);
  issued = read_letters (self, "AND number = ?2", case_id, number, error);
  if (issued == NULL || issued->len != 1)
    goto out;
  record = g_steal_pointer (&g_ptr_array_index (issued, 0));
  ok = TRUE;

out:
  if (!_peygir_store_tx_end (self, ok, error))
    g_clear_pointer (&record, peygir_letter_record_free);
  return record;
}

/* The reason a number is voided, as kept: required, sanitized, trimmed. */
static char *
void_reason_from (const char  *reason,
                  GError     **error)
{
  g_autofree char *clean = NULL;

  if (reason != NULL && !peygir_text_validate (reason, _("The reason"), MAX_NOTE_CHARS, TRUE, error))
    return NULL;
  if (reason != NULL)
    clean = g_strstrip (peygir_text_sanitize (reason, TRUE));
  if (clean == NULL || *clean == '\0')
    {
      g_set_error_literal (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOTE_REQUIRED,
                           _("Voiding a letter number needs its reason."));
      return NULL;
    }
  return g_steal_pointer (&clean);
}

/* The start of voiding a number: its reason, kept in @clean_reason, then
 * the secretariat's write transaction. The actor, or NULL with @error set. */
static PeygirUser *
begin_voiding (PeygirStore  *self,
               const char   *actor_login,
               const char   *reason,
               char        **clean_reason,
               GError      **error)
{
  *clean_reason = void_reason_from (reason, error);
  if (*clean_reason == NULL)
    return NULL;
  return _peygir_store_begin_action (self, actor_login, PEYGIR_ROLE_SECRETARIAT,
                                     _("Only the secretariat voids letter numbers."), error);
}

/* The letter numbered @number, if it may still be voided. */
static PeygirLetterRecord *
find_letter_to_void (PeygirStore  *self,
                     const char   *number,
                     GError      **error)
{
  g_autoptr(PeygirLetterRecord) letter = NULL;

  {
    g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare (self->db, "SELECT " LETTER_COLUMNS " WHERE number = ?", error);

    if (stmt == NULL)
      return NULL;
    peygir_db_bind_text (stmt, 1, number);
    if (!_peygir_store_step_expect (self, stmt, PEYGIR_DB_ROW, error,
                                    PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_FOUND,
                                    _("Letter %s is not in the registry."), number))
      return NULL;
    letter = letter_record_from_row (stmt);
  }
  if (letter->void_reason != NULL)
    {
      g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE,
                   _("Letter %s is void already."), number);
      return NULL;
    }
  return g_steal_pointer (&letter);
}

/* A referral's letter voided: the referral waits to be sent again, unless
 * the agency answered it or a reminder followed it. */
static gboolean
unsend_referral (PeygirStore               *self,
                 const PeygirLetterRecord  *letter,
                 const char                *number,
                 GError                   **error)
{
  g_autoptr(PeygirDbStatement) check =
    peygir_db_prepare (self->db, "SELECT r.state, (SELECT count (*) FROM follow_ups f WHERE f.referral_id = r.id"
                       " AND f.letter_number IS NOT NULL) FROM referrals r WHERE r.id = ?", error);
  int rc;

  if (check == NULL)
    return FALSE;
  peygir_db_bind_int64 (check, 1, letter->referral_id);
  rc = peygir_db_step (check);
  if (rc != PEYGIR_DB_ROW)
    {
      if (rc == PEYGIR_DB_DONE)
        peygir_db_set_error_as (self->db, PEYGIR_STORE_ERROR_CORRUPT, error);
      else
        peygir_db_set_error (self->db, error);
      return FALSE;
    }
  if (g_strcmp0 (peygir_db_column_text (check, 0), "dispatched") != 0)
    {
      g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE,
                   _("The agency has answered letter %s: it cannot be voided."), number);
      return FALSE;
    }
  if (peygir_db_column_int (check, 1) > 0)
    {
      g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE,
                   _("A reminder was sent after letter %s: void the reminder first."), number);
      return FALSE;
    }
  peygir_db_statement_release (check);
  {
    g_autoptr(PeygirDbStatement) stmt =
      peygir_db_prepare (self->db, "UPDATE referrals SET state = 'approved', letter_number = NULL, dispatched_at = NULL,"
                         " due = NULL WHERE id = ?", error);
    if (stmt == NULL)
      return FALSE;
    peygir_db_bind_int64 (stmt, 1, letter->referral_id);
    if (!peygir_db_step_done (stmt, error))
      return FALSE;
  }
  return TRUE;
}

static gboolean
unsend_letter (PeygirStore               *self,
               const PeygirLetterRecord  *letter,
               const char                *number,
               GError                   **error)
{
  /* What the letter sent goes back to waiting to be sent, under a new
   * number; the void one stays in the register. */
  if (letter->kind == PEYGIR_LETTER_REFERRAL)
    return unsend_referral (self, letter, number, error);
  if (letter->kind == PEYGIR_LETTER_REMINDER)
    {
      g_autoptr(PeygirDbStatement) stmt =
        peygir_db_prepare (self->db, "UPDATE follow_ups SET letter_number = NULL,"
                           " reminder = CASE WHEN (SELECT state FROM referrals r WHERE r.id = follow_ups.referral_id)"
                           "   = 'dispatched' THEN 'approved' ELSE 'withdrawn' END"
                           " WHERE letter_number = ?", error);
      if (stmt == NULL)
        return FALSE;
      peygir_db_bind_text (stmt, 1, number);
      if (!peygir_db_step_done (stmt, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
peygir_store_void_letter (PeygirStore  *self,
                          const char   *actor_login,
                          const char   *number,
                          const char   *reason,
                          GError      **error)
{
  g_autoptr(PeygirUser) actor = NULL;
  g_autoptr(PeygirLetterRecord) letter = NULL;
  g_autoptr(PeygirTally) tally = NULL;
  g_autofree char *clean_reason = NULL;
  g_autofree char *note = NULL;
  gint64 now = peygir_clock_now ();
  gboolean ok = FALSE;

  g_return_val_if_fail (number != NULL, FALSE);

  STORE_LOCK (self);
  actor = begin_voiding (self, actor_login, reason, &clean_reason, error);
  if (actor == NULL)
    return FALSE;
  letter = find_letter_to_void (self, number, error);
  if (letter == NULL)
    goto out;
  /* a referral's letter voided is a referral not sent */
  tally = _peygir_store_tally_begin (self, letter->case_id, error);
  if (tally == NULL)
    goto out;

  if (!unsend_letter (self, letter, number, error))
    goto out;

  {
    g_autoptr(PeygirDbStatement) stmt =
      peygir_db_prepare (self->db, "UPDATE letters SET void_reason = ?, voided_at = ?, voided_by = ? WHERE id = ?", error);
    if (stmt == NULL)
      goto out;
    peygir_db_bind_text (stmt, 1, clean_reason);
    peygir_db_bind_int64 (stmt, 2, now);
    peygir_db_bind_int64 (stmt, 3, actor->id);
    peygir_db_bind_int64 (stmt, 4, letter->id);
    if (!peygir_db_step_done (stmt, error))
      goto out;
  }
  {
    g_autoptr(PeygirDbStatement) stmt =
      peygir_db_prepare (self->db,
                         "UPDATE cases SET version = version + 1, updated_at = ?, "
                         CASE_SET_FROM_REFERRALS " WHERE id = ?", error);
    if (stmt == NULL)
      goto out;
    peygir_db_bind_int64 (stmt, 1, now);
    peygir_db_bind_int64 (stmt, 2, letter->case_id);
    if (!peygir_db_step_done (stmt, error))
      goto out;
  }
  note = g_strdup_printf ("%s — %s", number, clean_reason);
  ok = _peygir_store_append_event (self, letter->case_id, now, actor->id, "void_letter", NULL, NULL, note, error)
       && _peygir_store_tally_end (self, tally, letter->case_id, error);

out:
  return _peygir_store_tx_end (self, ok, error);
}

gboolean
peygir_store_spoil_letter_number (PeygirStore       *self,
                                  const char        *actor_login,
                                  gint64             case_id,
                                  PeygirLetterKind   kind,
                                  gint64             referral_id,
                                  const char        *expect_number,
                                  const char        *reason,
                                  GError           **error)
{
  g_autoptr(PeygirUser) actor = NULL;
  g_autofree char *number = NULL;
  g_autofree char *clean_reason = NULL;
  g_autofree char *note = NULL;
  gint64 now = peygir_clock_now ();
  gboolean ok = FALSE;

  g_return_val_if_fail (expect_number != NULL, FALSE);
  g_return_val_if_fail (kind == PEYGIR_LETTER_REFERRAL || kind == PEYGIR_LETTER_REMINDER
                        || kind == PEYGIR_LETTER_ANSWER, FALSE);

  STORE_LOCK (self);
  actor = begin_voiding (self, actor_login, reason, &clean_reason, error);
  if (actor == NULL)
    return FALSE;
  if (!_peygir_store_case_exists (self, case_id, error))
    goto out;
  number = _peygir_store_issue_letter_number_full (self, case_id, actor->id, now, kind, referral_id, expect_number, NULL, error);
  if (number == NULL)
    goto out;
  {
    g_autoptr(PeygirDbStatement) stmt =
      peygir_db_prepare (self->db, "UPDATE letters SET void_reason = ?, voided_at = ?, voided_by = ? WHERE number = ?", error);
    if (stmt == NULL)
      goto out;
    peygir_db_bind_text (stmt, 1, clean_reason);
    peygir_db_bind_int64 (stmt, 2, now);
    peygir_db_bind_int64 (stmt, 3, actor->id);
    peygir_db_bind_text (stmt, 4, number);
    if (!peygir_db_step_done (stmt, error))
      goto out;
  }
  note = g_strdup_printf ("%s — %s", number, clean_reason);
  ok = _peygir_store_append_event (self, case_id, now, actor->id, "void_letter", NULL, NULL, note, error);

out:
  return _peygir_store_tx_end (self, ok, error);
}

char **
peygir_store_peek_letter_numbers (PeygirStore  *self,
                                  guint         n,
                                  GError      **error)
{
  int year = peygir_persian_year_of (peygir_clock_now ());
  g_autoptr(GPtrArray) numbers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(PeygirDbStatement) stmt = NULL;
  gint64 last = 0;
  int rc;

  STORE_LOCK (self);
  stmt = peygir_db_prepare (self->db, "SELECT value FROM counters WHERE series = 'letter' AND year = ?", error);
  if (stmt == NULL)
    return NULL;
  peygir_db_bind_int (stmt, 1, year);
  rc = peygir_db_step (stmt);
  if (rc == PEYGIR_DB_ROW)
    last = peygir_db_column_int64 (stmt, 0);
  else if (rc != PEYGIR_DB_DONE)
    {
      peygir_db_set_error (self->db, error);
      return NULL;
    }
  peygir_db_statement_release (stmt);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (numbers, _peygir_store_format_letter_number (year, last + 1 + i));
  g_ptr_array_add (numbers, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&numbers), FALSE);
}

void
peygir_register_entry_free (PeygirRegisterEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->number);
  g_free (entry->tracking_code);
  g_free (entry->registration_number);
  g_free (entry->subject);
  g_free (entry->party);
  g_free (entry->void_reason);
  g_free (entry);
}

static PeygirRegisterEntry *
register_entry_from_row (PeygirDbStatement *stmt)
{
  PeygirRegisterEntry *entry = g_new0 (PeygirRegisterEntry, 1);
  int i = 0;

  entry->incoming = peygir_db_column_int (stmt, i++);
  entry->id = peygir_db_column_int64 (stmt, i++);
  entry->number = peygir_db_column_dup (stmt, i++);
  COLUMN_ENUM (stmt, i++, letter_kind, &entry->kind);
  entry->at = peygir_db_column_int64 (stmt, i++);
  entry->letter_day = peygir_db_column_int (stmt, i++);
  entry->day = peygir_day_from_unix (entry->at);
  entry->case_id = peygir_db_column_int64 (stmt, i++);
  entry->tracking_code = peygir_db_column_dup (stmt, i++);
  if (!peygir_db_column_is_null (stmt, i))
    entry->registration_number = g_strdup_printf ("%d/%d", peygir_db_column_int (stmt, i),
                                                  peygir_db_column_int (stmt, i + 1));
  i += 2;
  entry->subject = peygir_db_column_dup (stmt, i++);
  entry->party = peygir_db_column_dup (stmt, i++);
  entry->agency_id = peygir_db_column_int64 (stmt, i++);
  entry->referral_id = peygir_db_column_int64 (stmt, i++);
  entry->void_reason = peygir_db_column_dup (stmt, i++);
  entry->has_pdf = peygir_db_column_int (stmt, i++);
  entry->document_id = peygir_db_column_int64 (stmt, i++);
  return entry;
}

/* "%text%" for LIKE, its own % _ \\ taken as themselves. */
static char *
like_pattern (const char *text)
{
  GString *escaped = g_string_new ("%");

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (escaped, '\\');
      g_string_append_c (escaped, *p);
    }
  g_string_append_c (escaped, '%');
  return g_string_free (escaped, FALSE);
}

/* The register's rows whose party (the applicant of an answer letter, else
 * the agency) or subject holds @folded, folded as the search folds. A file
 * folds them with its peygir_fold () function; a server reads the cases'
 * folded names and subjects from its search table, and the agencies'
 * (a few) are folded here. */
static gboolean
append_folded_filter (PeygirStore  *self,
                      GString      *sql,
                      const char   *folded,
                      GError      **error)
{
  g_autoptr(GPtrArray) agencies = NULL;

  if (!self->server)
    {
      g_string_append (sql, " OR peygir_fold (party) LIKE :folded ESCAPE '\\'"
                            " OR peygir_fold (subject) LIKE :folded ESCAPE '\\'");
      return TRUE;
    }

  agencies = peygir_store_list_agencies (self, error);
  if (agencies == NULL)
    return FALSE;
  g_string_append (sql, " OR case_id IN (SELECT case_id FROM case_search WHERE subject LIKE :folded ESCAPE '\\')"
                        " OR (kind = 'answer' AND incoming = 0 AND case_id IN"
                        "  (SELECT case_id FROM case_search WHERE applicant LIKE :folded ESCAPE '\\'))"
                        " OR ((kind <> 'answer' OR incoming = 1) AND agency_id IN (0");
  for (guint i = 0; i < agencies->len; i++)
    {
      const PeygirAgency *agency = g_ptr_array_index (agencies, i);
      g_autofree char *name = peygir_text_normalize (agency->name);

      if (strstr (name, folded) != NULL)
        g_string_append_printf (sql, ", %" G_GINT64_FORMAT, agency->id);
    }
  g_string_append (sql, "))");
  return TRUE;
}

GPtrArray *
peygir_store_list_register (PeygirStore                 *self,
                            const PeygirRegisterQuery   *query,
                            GError                     **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(PeygirDbStatement) stmt = NULL;
  g_autofree char *pattern = NULL;
  g_autofree char *folded_pattern = NULL;
  guint limit;

  g_return_val_if_fail (query != NULL, NULL);

  limit = query->limit > 0 ? query->limit : 50;
  /* Outgoing letters (void ones too: the register never loses a number)
   * and the agencies' answers, newest first. The date bounds go into each
   * half, where the indexes on issued_at and answered_at serve them. */
  g_string_append (sql,
                   "SELECT * FROM ("
                   " SELECT 0 AS incoming, l.id AS id, l.number AS number, l.kind, l.issued_at AS at, 0,"
                   "  l.case_id, c.tracking_code, c.reg_year, c.reg_seq, c.subject,"
                   "  CASE WHEN l.kind = 'answer' THEN c.applicant_name ELSE a.name END AS party,"
                   "  r.agency_id AS agency_id, l.referral_id, l.void_reason, CASE WHEN l.pdf IS NULL THEN 0 ELSE 1 END, 0"
                   " FROM letters l JOIN cases c ON c.id = l.case_id"
                   " LEFT JOIN referrals r ON r.id = l.referral_id LEFT JOIN agencies a ON a.id = r.agency_id"
                   " WHERE l.issued_at >= :from AND l.issued_at < :until"
                   " UNION ALL"
                   " SELECT 1, r.id, r.answer_number, 'answer', r.answered_at, coalesce (r.answer_date, 0),"
                   "  r.case_id, c.tracking_code, c.reg_year, c.reg_seq, c.subject, a.name,"
                   "  r.agency_id, r.id, NULL, 0, coalesce (r.answer_document_id, 0)"
                   " FROM referrals r JOIN cases c ON c.id = r.case_id JOIN agencies a ON a.id = r.agency_id"
                   " WHERE r.answered_at IS NOT NULL AND r.answered_at >= :from AND r.answered_at < :until"
                   ") AS entries WHERE TRUE");
  if (query->directions == PEYGIR_REGISTER_OUTGOING)
    g_string_append (sql, " AND incoming = 0");
  else if (query->directions == PEYGIR_REGISTER_INCOMING)
    g_string_append (sql, " AND incoming = 1");
  if (query->agency_id != 0)
    g_string_append (sql, " AND agency_id = :agency");
  if (query->text != NULL && *query->text != '\0')
    {
      g_autofree char *folded = peygir_text_normalize (query->text);

      g_string_append (sql, " AND (number LIKE :text ESCAPE '\\' OR tracking_code LIKE :text ESCAPE '\\'");
      /* a text of punctuation only folds to nothing, which every name holds */
      if (*folded != '\0')
        {
          if (!append_folded_filter (self, sql, folded, error))
            return NULL;
          folded_pattern = like_pattern (folded);
        }
      g_string_append (sql, ")");
    }
  if (query->has_cursor)
    g_string_append (sql, " AND (at, incoming, id) < (:after_at, :after_incoming, :after_id)");
  g_string_append (sql, " ORDER BY at DESC, incoming DESC, id DESC LIMIT :limit");

  STORE_LOCK (self);
  stmt = peygir_db_prepare_built (self->db, sql->str, error);
  if (stmt == NULL)
    return NULL;
  peygir_db_bind_int64 (stmt, peygir_db_parameter (stmt, ":from"),
                        query->from != 0 ? peygir_day_to_unix (query->from) : G_MININT64);
  peygir_db_bind_int64 (stmt, peygir_db_parameter (stmt, ":until"),
                        query->to != 0 ? peygir_day_to_unix (peygir_day_add_days (query->to, 1)) : G_MAXINT64);
  if (query->agency_id != 0)
    peygir_db_bind_int64 (stmt, peygir_db_parameter (stmt, ":agency"), query->agency_id);
  if (query->text != NULL && *query->text != '\0')
    {
      g_autofree char *ascii = peygir_text_digits_to_ascii (query->text);

      /* numbers as the register keeps them (ASCII digits); names and
       * subjects folded like the search folds them */
      g_strstrip (ascii);
      pattern = like_pattern (ascii);
      peygir_db_bind_text (stmt, peygir_db_parameter (stmt, ":text"), pattern);
      if (folded_pattern != NULL)
        peygir_db_bind_text (stmt, peygir_db_parameter (stmt, ":folded"), folded_pattern);
    }
  if (query->has_cursor)
    {
      peygir_db_bind_int64 (stmt, peygir_db_parameter (stmt, ":after_at"), query->after_at);
      peygir_db_bind_int (stmt, peygir_db_parameter (stmt, ":after_incoming"), query->after_incoming ? 1 : 0);
      peygir_db_bind_int64 (stmt, peygir_db_parameter (stmt, ":after_id"), query->after_id);
    }
  peygir_db_bind_int (stmt, peygir_db_parameter (stmt, ":limit"), limit);
  return _peygir_store_collect_rows (self, stmt, (RowFunc) register_entry_from_row,
                                     (GDestroyNotify) peygir_register_entry_free, error);
}

gboolean
peygir_store_keep_letter_pdf (PeygirStore  *self,
                              const char   *number,
                              GBytes       *pdf,
                              GError      **error)
{
  gboolean ok = FALSE;

  STORE_LOCK (self);
  if (!_peygir_store_tx_begin (self, TRUE, error))
    return FALSE;
  {
    g_autoptr(PeygirDbStatement) stmt =
      peygir_db_prepare (self->db, "UPDATE letters SET pdf = ?2 WHERE number = ?1 AND pdf IS NULL", error);

    if (stmt != NULL)
      {
        peygir_db_bind_text (stmt, 1, number);
        peygir_db_bind_blob (stmt, 2, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf));
        ok = peygir_db_step_done (stmt, error);
        if (ok && peygir_db_changes (self->db) != 1)
          {
            g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_EXISTS,
                         _("Letter %s is not in the registry, or what was sent is kept already."), number);
            ok = FALSE;
          }
      }
  }
  return _peygir_store_tx_end (self, ok, error);
}

GBytes *
peygir_store_get_letter_pdf (PeygirStore  *self,
                             const char   *number,
                             GError      **error)
{
  STORE_LOCK (self);
  g_autoptr(PeygirDbStatement) stmt = NULL;
  g_autofree char *missing = NULL;

  stmt = peygir_db_prepare (self->db, "SELECT pdf FROM letters WHERE number = ? AND pdf IS NOT NULL", error);
  if (stmt == NULL)
    return NULL;
  peygir_db_bind_text (stmt, 1, number);
  missing = g_strdup_printf (_("No copy of letter %s is kept."), number);
  return read_one_blob (self, stmt, missing, error);
}
