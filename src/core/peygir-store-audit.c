/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-store"

/* The audit chain (each event hashed on the one before), its check,
 * and backups with the chain's head recorded beside them. */

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "peygir-error.h"
#include "peygir-store-private.h"

#define AUDIT_GENESIS             "peygir-audit-genesis"
#define CHECK_CHUNK               20000

/* The audit chain. */

/* A field of the hashed text, after its separator: as "%s" of it ("" for
 * NULL), and a number as "%" G_GINT64_FORMAT, without printf's cost on a
 * bulk of events. */
static void
append_field (GString    *fields,
              const char *value)
{
  g_string_append_c (fields, '\x1f');
  if (value != NULL)
    g_string_append (fields, value);
}

static void
append_number (GString *fields,
               gint64   value)
{
  char digits[24];
  char *p = digits + sizeof digits;
  guint64 magnitude = value < 0 ? -(guint64) value : (guint64) value;

  do
    *--p = '0' + magnitude % 10;
  while ((magnitude /= 10) != 0);
  if (value < 0)
    *--p = '-';
  g_string_append_c (fields, '\x1f');
  g_string_append_len (fields, p, digits + sizeof digits - p);
}

static char *
audit_hash (const char  *previous,
            gint64       id,
            gint64       case_id,
            gint64       at,
            gint64       actor_id,
            gint64       operator_id,
            const char  *action,
            const char  *from_state,
            const char  *to_state,
            const char  *note)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GString) fields = g_string_sized_new (256);

  /* The unit separator cannot occur in any field (control characters are
   * refused): previous, id, case, at, actor, action, from, to, note. */
  g_string_append (fields, previous);
  append_number (fields, id);
  append_number (fields, case_id);
  append_number (fields, at);
  append_number (fields, actor_id);
  append_field (fields, action);
  append_field (fields, from_state);
  append_field (fields, to_state);
  append_field (fields, note);
  /* only when there is one, so that the events written before operators
   * were recorded keep their hashes */
  if (operator_id != 0)
    append_number (fields, operator_id);
  g_checksum_update (sum, (const guchar *) fields->str, fields->len);
  return g_strdup (g_checksum_get_string (sum));
}

static gboolean
read_audit_head (PeygirStore  *self,
                 gint64       *head_id,
                 char        **head_hash,
                 GError      **error)
{
  g_autoptr(PeygirDbStatement) stmt = NULL;

  if (self->batch_depth > 0 && self->head_cached)
    {
      *head_id = self->head_id;
      *head_hash = g_strdup (self->head_hash);
      return TRUE;
    }

  stmt =
    peygir_db_prepare (self->db,
                       "SELECT (SELECT value FROM meta WHERE key = 'audit_head_id'),"
                       "       (SELECT value FROM meta WHERE key = 'audit_head_hash')", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = peygir_db_step (stmt);
  if (rc != PEYGIR_DB_ROW)
    return peygir_db_set_error (self->db, error);
  *head_id = peygir_db_column_int64 (stmt, 0);
  *head_hash = peygir_db_column_is_null (stmt, 1) ? g_strdup (AUDIT_GENESIS) : peygir_db_column_dup (stmt, 1);
  return TRUE;
}

gboolean
_peygir_store_write_audit_head (PeygirStore  *self,
                                gint64        head_id,
                                const char   *head_hash,
                                GError      **error)
{
  g_autoptr(PeygirDbStatement) stmt =
    peygir_db_prepare (self->db,
                       "INSERT INTO meta (key, value) VALUES ('audit_head_id', ?), ('audit_head_hash', ?)"
                       " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                       error);
  g_autofree char *id_text = NULL;

  if (stmt == NULL)
    return FALSE;
  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, head_id);
  peygir_db_bind_text (stmt, 1, id_text);
  peygir_db_bind_text (stmt, 2, head_hash);
  return peygir_db_step_done (stmt, error);
}

gboolean
_peygir_store_append_event (PeygirStore  *self,
                            gint64        case_id,
                            gint64        at,
                            gint64        actor_id,
                            const char   *action,
                            const char   *from_state,
                            const char   *to_state,
                            const char   *note,
                            GError      **error)
{
  gint64 operator_id;

  return _peygir_store_read_operator (self, actor_id, &operator_id, error)
         && _peygir_store_tally_event (self, case_id, actor_id, at, error)
         && _peygir_store_insert_event (self, case_id, at, actor_id, operator_id, action, from_state, to_state, note,
                                        error);
}

gboolean
_peygir_store_insert_event (PeygirStore  *self,
                            gint64        case_id,
                            gint64        at,
                            gint64        actor_id,
                            gint64        operator_id,
                            const char   *action,
                            const char   *from_state,
                            const char   *to_state,
                            const char   *note,
                            GError      **error)
{
  g_autofree char *previous = NULL;
  g_autofree char *hash = NULL;
  gint64 head_id = 0;

  if (!read_audit_head (self, &head_id, &previous, error))
    return FALSE;

  hash = audit_hash (previous, head_id + 1, case_id, at, actor_id, operator_id, action, from_state, to_state, note);

  {
    /* without the operator's column when there is none: a new file is
     * seeded at version 1, before the column exists */
    g_autoptr(PeygirDbStatement) stmt =
      peygir_db_prepare (self->db,
                         operator_id != 0
                         ? "INSERT INTO events (id, case_id, at, actor_id, action, from_state, to_state, note, hash, operator_id)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                         : "INSERT INTO events (id, case_id, at, actor_id, action, from_state, to_state, note, hash)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
    if (stmt == NULL)
      return FALSE;
    peygir_db_bind_int64 (stmt, 1, head_id + 1);
    peygir_db_bind_id (stmt, 2, case_id);
    peygir_db_bind_int64 (stmt, 3, at);
    peygir_db_bind_id (stmt, 4, actor_id);
    peygir_db_bind_text (stmt, 5, action);
    peygir_db_bind_text (stmt, 6, from_state);
    peygir_db_bind_text (stmt, 7, to_state);
    peygir_db_bind_text (stmt, 8, note);
    peygir_db_bind_text (stmt, 9, hash);
    if (operator_id != 0)
      peygir_db_bind_int64 (stmt, 10, operator_id);
    if (!peygir_db_step_done (stmt, error))
      return FALSE;
  }

  if (self->batch_depth > 0)
    {
      self->head_cached = TRUE;
      self->head_id = head_id + 1;
      g_free (self->head_hash);
      self->head_hash = g_steal_pointer (&hash);
      return TRUE;
    }
  return _peygir_store_write_audit_head (self, head_id + 1, hash, error);
}

/* Backup and check. */

/* The audit chain's head as a database file records it: for a backup,
 * which is a consistent copy, the last event it holds. */
static gboolean
read_file_audit_head (const char  *path,
                      gint64      *head_id,
                      char       **head_hash,
                      GError     **error)
{
  g_autoptr(PeygirDb) db = peygir_db_open (path, PEYGIR_DB_OPEN_READ_ONLY, NULL);
  g_autoptr(PeygirDbStatement) stmt = NULL;
  PeygirDbResult rc = PEYGIR_DB_FAILED;

  if (db != NULL)
    stmt = peygir_db_prepare (db,
                              "SELECT (SELECT value FROM meta WHERE key = 'audit_head_id'),"
                              "       (SELECT value FROM meta WHERE key = 'audit_head_hash')",
                              NULL);
  if (stmt != NULL)
    rc = peygir_db_step (stmt);
  if (rc == PEYGIR_DB_ROW && !peygir_db_column_is_null (stmt, 1))
    {
      *head_id = peygir_db_column_int64 (stmt, 0);
      *head_hash = peygir_db_column_dup (stmt, 1);
    }
  else
    g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_FOUND,
                 _("“%s” is not a backup of a Peygir database."), path);
  return rc == PEYGIR_DB_ROW && *head_hash != NULL;
}

static char *
head_file_path (const char *backup)
{
  return g_strconcat (backup, ".head", NULL);
}

/* "ID HASH": the chain's head the backup holds, kept apart from it and from
 * the live file, so that a log cut short and its head rewritten is still
 * found against it. */
static gboolean
parse_audit_head (const char  *text,
                  gint64      *head_id,
                  char       **head_hash)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);
  guint64 id;

  if (g_strv_length (words) != 2
      || !g_ascii_string_to_unsigned (words[0], 10, 1, G_MAXINT64, &id, NULL)
      || strlen (g_strstrip (words[1])) != 64
      || strspn (words[1], "0123456789abcdef") != 64)
    return FALSE;
  *head_id = (gint64) id;
  *head_hash = g_strdup (words[1]);
  return TRUE;
}

gboolean
peygir_store_backup (PeygirStore  *self,
                     const char   *dest,
                     GError      **error)
{
  g_autofree char *head_path = head_file_path (dest);
  g_autofree char *head_hash = NULL;
  g_autofree char *head_text = NULL;
  gint64 head_id = 0;

  /* a server's database becomes a file of the same tables, so that the
   * nightly backup and check --against work as on a file */
  if (self->server)
    {
      if (!_peygir_store_copy_to_file (self, dest, error))
        return FALSE;
    }
  else
    {
      STORE_LOCK (self);
      if (!peygir_db_backup (self->db, dest, BACKUP_BUSY_FACTOR, error))
        return FALSE;
    }

  if (!read_file_audit_head (dest, &head_id, &head_hash, error))
    return FALSE;
  head_text = g_strdup_printf ("%" G_GINT64_FORMAT " %s\n", head_id, head_hash);
  if (!g_file_set_contents (head_path, head_text, -1, NULL))
    {
      g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_UNREACHABLE,
                   _("The backup was written, but the record of its audit head “%s” could not be."), head_path);
      return FALSE;
    }
  return TRUE;
}

gboolean
peygir_store_check_against (PeygirStore  *self,
                            const char   *backup,
                            GError      **error)
{
  g_autofree char *head_path = NULL;
  g_autofree char *head_text = NULL;
  g_autofree char *head_hash = NULL;
  g_autofree char *live_hash = NULL;
  gint64 head_id = 0;
  int rc;

  head_path = g_str_has_suffix (backup, ".head") ? g_strdup (backup) : head_file_path (backup);
  if (g_file_get_contents (head_path, &head_text, NULL, NULL))
    {
      if (!parse_audit_head (head_text, &head_id, &head_hash))
        {
          g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_AUDIT,
                       _("“%s” does not hold an audit head: it has been altered."), head_path);
          return FALSE;
        }
    }
  else if (!g_file_test (backup, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_FOUND,
                   _("There is no backup at “%s”."), backup);
      return FALSE;
    }
  else if (!read_file_audit_head (backup, &head_id, &head_hash, error))
    return FALSE;

  STORE_LOCK (self);
  {
    g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare (self->db, "SELECT hash FROM events WHERE id = ?", error);

    if (stmt == NULL)
      return FALSE;
    peygir_db_bind_int64 (stmt, 1, head_id);
    rc = peygir_db_step (stmt);
    if (rc == PEYGIR_DB_ROW)
      live_hash = peygir_db_column_dup (stmt, 0);
    else if (rc != PEYGIR_DB_DONE)
      return peygir_db_set_error (self->db, error);
  }

  if (live_hash == NULL)
    {
      g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_AUDIT,
                   _("The audit log does not verify against the backup: it no longer holds event %" PRId64 ", the last one the backup recorded; events were removed."),
                   head_id);
      return FALSE;
    }
  if (g_strcmp0 (live_hash, head_hash) != 0)
    {
      g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_AUDIT,
                   _("The audit log does not verify against the backup: event %" PRId64 " is not the one the backup recorded; the log was rewritten."),
                   head_id);
      return FALSE;
    }
  return TRUE;
}

/* Checks one chunk of the chain, from *@expected_id up to @head_id,
 * moving *@expected_id and *@running on; FALSE (with @error) only when the
 * events cannot be read. */
static gboolean
check_chain_chunk (PeygirStore  *self,
                   gint64        head_id,
                   gint64       *expected_id,
                   char        **running,
                   guint        *rows,
                   GString      *problems,
                   GError      **error)
{
  g_autoptr(PeygirDbStatement) stmt =
    peygir_db_prepare (self->db,
                       "SELECT id, case_id, at, actor_id, action, from_state, to_state, note, hash, operator_id"
                       " FROM events WHERE id >= ? AND id <= ? ORDER BY id LIMIT " G_STRINGIFY (CHECK_CHUNK), error);
  int rc;

  *rows = 0;
  if (stmt == NULL)
    return FALSE;
  peygir_db_bind_int64 (stmt, 1, *expected_id);
  /* up to the head read before: events other desks append meanwhile are
   * for the next check, not a chain that ends past its head */
  peygir_db_bind_int64 (stmt, 2, head_id);
  while ((rc = peygir_db_step (stmt)) == PEYGIR_DB_ROW)
    {
      gint64 id = peygir_db_column_int64 (stmt, 0);
      g_autofree char *hash = NULL;
      const char *stored = peygir_db_column_text (stmt, 8);

      (*rows)++;
      if (id != *expected_id)
        g_string_append_printf (problems, _("audit events %" PRId64 " to %" PRId64 " are missing\n"),
                                *expected_id, id - 1);
      hash = audit_hash (*running, id,
                         peygir_db_column_int64 (stmt, 1),
                         peygir_db_column_int64 (stmt, 2),
                         peygir_db_column_int64 (stmt, 3),
                         peygir_db_column_int64 (stmt, 9),
                         peygir_db_column_text (stmt, 4),
                         peygir_db_column_text (stmt, 5),
                         peygir_db_column_text (stmt, 6),
                         peygir_db_column_text (stmt, 7));
      if (g_strcmp0 (hash, stored) != 0)
        g_string_append_printf (problems, _("audit event %" PRId64 " has been altered\n"), id);
      g_free (*running);
      /* chain on the stored hash, so one altered event is reported once */
      *running = g_strdup (stored != NULL ? stored : "");
      *expected_id = id + 1;
    }
  if (rc != PEYGIR_DB_DONE)
    return peygir_db_set_error (self->db, error);
  return TRUE;
}

/* The head and the last event in one statement, so one snapshot: every
 * action writes both in its transaction, so an event past the head was
 * put there behind Peygir's back (or the head was set back). */
static gboolean
check_head (PeygirStore  *self,
            gint64       *head_id,
            char        **head_hash,
            GString      *problems,
            GError      **error)
{
  g_autoptr(PeygirDbStatement) stmt =
    peygir_db_prepare (self->db,
                       "SELECT (SELECT value FROM meta WHERE key = 'audit_head_id'),"
                       "       (SELECT value FROM meta WHERE key = 'audit_head_hash'),"
                       "       (SELECT max (id) FROM events)", error);
  gint64 last_id;

  if (stmt == NULL)
    return FALSE;
  if (peygir_db_step (stmt) != PEYGIR_DB_ROW)
    return peygir_db_set_error (self->db, error);
  *head_id = peygir_db_column_int64 (stmt, 0);
  *head_hash = peygir_db_column_is_null (stmt, 1) ? g_strdup (AUDIT_GENESIS) : peygir_db_column_dup (stmt, 1);
  last_id = peygir_db_column_int64 (stmt, 2);
  if (last_id > *head_id)
    g_string_append_printf (problems,
                            g_dngettext (GETTEXT_PACKAGE,
                                         "%" PRId64 " audit event lies past the head of the log (event %" PRId64 "): it was added, or the head set back, outside Peygir\n",
                                         "%" PRId64 " audit events lie past the head of the log (event %" PRId64 "): they were added, or the head set back, outside Peygir\n",
                                         last_id - *head_id),
                            last_id - *head_id, *head_id);
  return TRUE;
}

/* The report's figures, computed again from the history, and the
 * cartable's counts from the cases. */
static gboolean
check_figures (PeygirStore  *self,
               GError      **error)
{
  gint64 differences = 0;
  gint64 counts = 0;

  if (!_peygir_store_tally_verify (self, &differences, error)
      || !_peygir_store_counts_verify (self, &counts, error))
    return FALSE;
  if (differences == 0 && counts != 0)
    {
      g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_FIGURES,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%" PRId64 " of the counts of the queues differs from the cases; “peygir-admin check --repair” writes them anew from them.",
                                "%" PRId64 " of the counts of the queues differ from the cases; “peygir-admin check --repair” writes them anew from them.",
                                counts),
                   counts);
      return FALSE;
    }
  differences += counts;
  if (differences == 0)
    return TRUE;
  g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_FIGURES,
               g_dngettext (GETTEXT_PACKAGE,
                            "%" PRId64 " of the report’s figures differs from the cases’ history; “peygir-admin check --repair” writes them anew from it.",
                            "%" PRId64 " of the report’s figures differ from the cases’ history; “peygir-admin check --repair” writes them anew from it.",
                            differences),
               differences);
  return FALSE;
}

gboolean
peygir_store_check (PeygirStore  *self,
                    GError      **error)
{
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autofree char *running = g_strdup (AUDIT_GENESIS);
  g_autofree char *head_hash = NULL;
  g_autofree char *dangling = NULL;
  gint64 head_id = 0;
  gint64 expected_id = 1;
  guint rows = CHECK_CHUNK;

  STORE_LOCK (self);

  if (!peygir_db_check_integrity (self->db, problems, error))
    return FALSE;

  if (problems->len > 0)
    {
      g_strchomp (problems->str);
      g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_CORRUPT,
                   _("The database file is damaged: %s"), problems->str);
      return FALSE;
    }

  if (!peygir_db_find_dangling_row (self->db, &dangling, error))
    return FALSE;
  if (dangling != NULL)
    g_string_append_printf (problems, _("a row of “%s” points to a missing row\n"), dangling);

  if (!check_head (self, &head_id, &head_hash, problems, error))
    return FALSE;

  /* In chunks, each its own read transaction, so that a long check never
   * holds the other desks' commits back for long. */
  while (rows == CHECK_CHUNK)
    if (!check_chain_chunk (self, head_id, &expected_id, &running, &rows, problems, error))
      return FALSE;

  if (expected_id - 1 != head_id || g_strcmp0 (running, head_hash) != 0)
    g_string_append_printf (problems, _("the audit log ends at event %" PRId64 " but should end at %" PRId64 ": events were removed\n"),
                            expected_id - 1, head_id);

  if (problems->len > 0)
    {
      g_strchomp (problems->str);
      g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_AUDIT,
                   _("The audit log does not verify: %s"), problems->str);
      return FALSE;
    }
  return check_figures (self, error);
}

gboolean
peygir_store_repair_figures (PeygirStore  *self,
                             const char   *actor_login,
                             GError      **error)
{
  gint64 actor_id = 0;
  gboolean ok;

  g_return_val_if_fail (PEYGIR_IS_STORE (self), FALSE);

  STORE_LOCK (self);
  if (!_peygir_store_begin_admin (self, actor_login, &actor_id, error))
    return FALSE;
  ok = _peygir_store_tally_rebuild (self, error)
       && _peygir_store_counts_rebuild (self, error)
       && _peygir_store_append_event (self, 0, _peygir_store_now (self), actor_id, "repair_figures", NULL, NULL, NULL, error);
  return _peygir_store_tx_end (self, ok, error);
}
