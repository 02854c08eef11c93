/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-store"

/* The store's database seam on SQLite: the connection and its pragmas, the
 * busy budget, transactions, the backup API and the file's version. The
 * only file of the store that speaks to SQLite; the statement cache is the
 * front's (peygir-db.c). */

#include <errno.h>
#include <sqlite3.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "peygir-db-private.h"
#include "peygir-error.h"
#include "peygir-text.h"
#include "peygir-vfs-sim.h"

#define DEFAULT_BUSY_TIMEOUT_MS   8000

typedef struct
{
  PeygirDb    base;
  sqlite3    *handle;
  int         last_rc;         /* of the last failure, for peygir_db_set_error */

  /* Waiting for other desks' locks (busy_cb). Inside a transaction or a
   * backup every wait draws on one budget, so that a save waits at most
   * the busy timeout in all, not the timeout for each lock it needs. */
  int         busy_timeout_ms;
  gboolean    wait_shared;     /* the waits draw on wait_budget_us */
  gboolean    wait_writing;    /* ... of a write transaction */
  gint64      wait_budget_us;
  gint64      waited_us;
  gint64      wait_last;       /* monotonic time of busy_cb's last call */
} SqliteDb;

typedef struct
{
  PeygirDbStatement  base;
  sqlite3_stmt      *stmt;
} SqliteStatement;

typedef struct
{
  PeygirDbBlob  base;
  sqlite3_blob *blob;
} SqliteBlob;

#define SQLITE_DB(db)     ((SqliteDb *) (db))
#define STMT(stmt)        (((SqliteStatement *) (stmt))->stmt)

static const PeygirDbEngine sqlite_engine;

/* Errors. */

static gboolean
set_error_from_rc (SqliteDb  *db,
                   int        rc,
                   GError   **error)
{
  int primary = rc & 0xff;
  const char *detail = db != NULL && db->handle != NULL ? sqlite3_errmsg (db->handle) : sqlite3_errstr (rc);

  switch (primary)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      /* A write waits for desks that read (to commit) as well as for desks
       * that write (to begin); a read waits only for a desk saving. */
      if (db != NULL && db->wait_writing)
        g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_BUSY,
                     _("The database is busy: another desk is reading or saving it. Nothing was saved; try again in a moment."));
      else
        g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_BUSY,
                     _("The database is busy: another desk is saving. Try again in a moment."));
      break;
    case SQLITE_READONLY:
      g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_READ_ONLY,
                   _("The database can only be read: the file or its folder is not writable."));
      break;
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_CORRUPT,
                   _("The file is not a usable Peygir database (%s)."), detail);
      break;
    case SQLITE_FULL:
      g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_UNREACHABLE,
                   _("The disk that holds the database is full."));
      break;
    case SQLITE_CONSTRAINT:
      g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_EXISTS,
                   _("The change contradicts what the database holds (%s)."), detail);
      break;
    default:
      g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_UNREACHABLE,
                   _("The database cannot be reached (%s)."), detail);
      break;
    }
  return FALSE;
}

/* Records the outcome for peygir_db_set_error; returns @rc. */
static int
failed (SqliteDb *db,
        int       rc)
{
  db->last_rc = rc;
  return rc;
}

static gboolean
sqlite_set_error (PeygirDb  *db,
                  GError   **error)
{
  return set_error_from_rc (SQLITE_DB (db), SQLITE_DB (db)->last_rc, error);
}

static gboolean
sqlite_set_error_as (PeygirDb  *db,
                     int        code,
                     GError   **error)
{
  return set_error_from_rc (SQLITE_DB (db), code == PEYGIR_STORE_ERROR_EXISTS ? SQLITE_CONSTRAINT : SQLITE_CORRUPT, error);
}

/* Waiting for other desks. SQLite's own busy timeout starts afresh for
 * every lock: a save that waited for the write lock, then for each try at
 * its commit, waited the timeout over and over while it held the other
 * desks out. This handler counts the time really spent waiting against
 * one budget instead. */

static void
wait_begin (SqliteDb *db,
            gint64    budget_us,
            gboolean  writing)
{
  db->wait_shared = TRUE;
  db->wait_writing = writing;
  db->wait_budget_us = budget_us;
  db->waited_us = 0;
}

static void
wait_end (SqliteDb *db)
{
  db->wait_shared = FALSE;
  db->wait_writing = FALSE;
}

/* Sleeps a little while budget is left: TRUE to try again. */
static gboolean
wait_pause (SqliteDb *db,
            int       count)
{
  /* short at first, as most locks are let go within milliseconds; never
   * more than 100 ms, so that a lock let go is taken soon after */
  static const gint64 steps_ms[] = { 1, 2, 5, 10, 20, 50, 100 };
  gint64 budget = db->wait_shared ? db->wait_budget_us : (gint64) db->busy_timeout_ms * 1000;
  gint64 now = g_get_monotonic_time ();
  gint64 left;

  if (count > 0)
    db->waited_us += now - db->wait_last;
  left = budget - db->waited_us;
  if (left <= 0)
    return FALSE;
  g_usleep (MIN (steps_ms[MIN ((guint) count, G_N_ELEMENTS (steps_ms) - 1)] * 1000, left));
  db->wait_last = g_get_monotonic_time ();
  db->waited_us += db->wait_last - now;
  return TRUE;
}

/* sqlite3's busy handler: @count is 0 at the first refusal of a lock.
 * Outside a transaction each statement has the whole timeout. */
static int
busy_cb (void *user_data,
         int   count)
{
  SqliteDb *db = user_data;

  if (count == 0 && !db->wait_shared)
    db->waited_us = 0;
  return wait_pause (db, count);
}

/* Tries @attempt again while the budget lasts, after a BUSY (or LOCKED)
 * that did not go through busy_cb: FALSE when it is spent. */
static gboolean
wait_retry (SqliteDb *db,
            gint64    tried,
            int       attempt)
{
  /* count the try itself, and what busy_cb did not count of it */
  db->wait_last = MAX (db->wait_last, tried);
  return wait_pause (db, attempt);
}

/* The connection. */

/* peygir_fold (TEXT): the search normalisation (peygir_text_normalize),
 * for matching names and subjects as typed however they were written.
 * Used in queries only, never in the schema, so that the file stays
 * readable by any SQLite. */
static void
fold_function (sqlite3_context  *context,
               int               argc,
               sqlite3_value   **argv)
{
  const char *text = (const char *) sqlite3_value_text (argv[0]);

  if (text == NULL)
    {
      sqlite3_result_null (context);
      return;
    }
  sqlite3_result_text (context, peygir_text_normalize (text), -1, g_free);
}

static gboolean
configure_shared (SqliteDb  *db,
                  GError   **error)
{
  sqlite3_busy_handler (db->handle, busy_cb, db);
  sqlite3_create_function_v2 (db->handle, "peygir_fold", 1,
                              SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                              NULL, fold_function, NULL, NULL, NULL);

  /* A file on a share: rollback journal only (WAL needs shared memory on one
   * host), every commit synced, no memory mapping. The savepoints' journals
   * stay in memory: on disk, a batch wrote every page it touched once more
   * to a temporary file for each action (some 200 writes a demo case). */
  return peygir_db_exec (&db->base,
                         "PRAGMA foreign_keys = ON;"
                         "PRAGMA synchronous = FULL;"
                         "PRAGMA mmap_size = 0;"
                         "PRAGMA locking_mode = NORMAL;"
                         "PRAGMA temp_store = MEMORY;"
                         "PRAGMA cache_size = -16000;",
                         error);
}

PeygirDb *
_peygir_db_sqlite_open (const char         *path,
                        PeygirDbOpenFlags   flags,
                        GError            **error)
{
  SqliteDb *db = g_new0 (SqliteDb, 1);
  g_autoptr(PeygirDb) base = &db->base;
  const char *vfs_name = NULL;
  int open_flags;
  int rc;

  _peygir_db_init (base, &sqlite_engine);
  db->busy_timeout_ms = DEFAULT_BUSY_TIMEOUT_MS;

  /* Tests and benchmarks only: the simulated network share. */
  if ((flags & PEYGIR_DB_OPEN_SHARED) && !peygir_vfs_sim_setup_from_environment (&vfs_name, error))
    return NULL;

  if (flags & PEYGIR_DB_OPEN_READ_ONLY)
    open_flags = SQLITE_OPEN_READONLY;
  else
    open_flags = SQLITE_OPEN_READWRITE | ((flags & PEYGIR_DB_OPEN_CREATE) ? SQLITE_OPEN_CREATE : 0);
  /* NOMUTEX: every use of the connection is under the store's own lock, and
   * SQLite's second lock showed as a tenth of an action's time. */
  rc = sqlite3_open_v2 (path, &db->handle, open_flags | SQLITE_OPEN_NOMUTEX, vfs_name);
  if (rc != SQLITE_OK)
    {
      set_error_from_rc (db, rc, error);
      return NULL;
    }
  sqlite3_extended_result_codes (db->handle, TRUE);

  if ((flags & PEYGIR_DB_OPEN_SHARED) && !configure_shared (db, error))
    return NULL;
  return g_steal_pointer (&base);
}

static void
sqlite_close (PeygirDb *base)
{
  SqliteDb *db = SQLITE_DB (base);

  if (db->handle != NULL)
    sqlite3_close (db->handle);
  g_free (db);
}

static gboolean
sqlite_is_read_only (PeygirDb *db)
{
  return sqlite3_db_readonly (SQLITE_DB (db)->handle, "main") == 1;
}

static void
sqlite_set_busy_timeout (PeygirDb *db,
                         int       milliseconds)
{
  SQLITE_DB (db)->busy_timeout_ms = milliseconds;
}

/* Statements: prepared once, reset (never left stepping) after every use, so
 * that no read keeps its SHARED lock on the file between calls. */

static PeygirDbStatement *
sqlite_prepare (PeygirDb    *base,
                const char  *sql,
                GError     **error)
{
  SqliteDb *db = SQLITE_DB (base);
  SqliteStatement *stmt;
  sqlite3_stmt *handle = NULL;
  int rc;

  rc = sqlite3_prepare_v3 (db->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &handle, NULL);
  if (rc != SQLITE_OK)
    {
      set_error_from_rc (db, failed (db, rc), error);
      return NULL;
    }
  stmt = g_new0 (SqliteStatement, 1);
  STMT (stmt) = handle;
  return &stmt->base;
}

static void
sqlite_statement_free (PeygirDbStatement *stmt)
{
  sqlite3_finalize (STMT (stmt));
  g_free (stmt);
}

static void
sqlite_reset (PeygirDbStatement *stmt)
{
  sqlite3_reset (STMT (stmt));
}

static void
sqlite_release (PeygirDbStatement *stmt)
{
  sqlite3_reset (STMT (stmt));
  sqlite3_clear_bindings (STMT (stmt));
}

static int
sqlite_parameter (PeygirDbStatement *stmt,
                  const char        *name)
{
  return sqlite3_bind_parameter_index (STMT (stmt), name);
}

static void
sqlite_bind_int (PeygirDbStatement *stmt,
                 int                index,
                 int                value)
{
  sqlite3_bind_int (STMT (stmt), index, value);
}

static void
sqlite_bind_int64 (PeygirDbStatement *stmt,
                   int                index,
                   gint64             value)
{
  sqlite3_bind_int64 (STMT (stmt), index, value);
}

static void
sqlite_bind_null (PeygirDbStatement *stmt,
                  int                index)
{
  sqlite3_bind_null (STMT (stmt), index);
}

static void
sqlite_bind_text (PeygirDbStatement *stmt,
                  int                index,
                  const char        *text)
{
  if (text == NULL)
    sqlite3_bind_null (STMT (stmt), index);
  else
    sqlite3_bind_text (STMT (stmt), index, text, -1, SQLITE_TRANSIENT);
}

static void
sqlite_bind_text_take (PeygirDbStatement *stmt,
                       int                index,
                       char              *text)
{
  if (text == NULL)
    sqlite3_bind_null (STMT (stmt), index);
  else
    sqlite3_bind_text (STMT (stmt), index, text, -1, g_free);
}

static void
sqlite_bind_blob (PeygirDbStatement *stmt,
                  int                index,
                  gconstpointer      data,
                  gsize              size)
{
  sqlite3_bind_blob64 (STMT (stmt), index, data, size, SQLITE_STATIC);
}

static void
sqlite_bind_zeroblob (PeygirDbStatement *stmt,
                      int                index,
                      gsize              size)
{
  sqlite3_bind_zeroblob64 (STMT (stmt), index, size);
}

static PeygirDbResult
sqlite_step (PeygirDbStatement *stmt)
{
  SqliteDb *db = SQLITE_DB (stmt->db);
  int rc;

  /* A read may be refused its lock without the busy handler being asked,
   * when it meets the file at a moment of another desk's commit. Holding
   * no lock yet (outside a transaction, or at a read transaction's first
   * read), it is tried again while the budget lasts: the statement's own,
   * or its transaction's. */
  if (!db->wait_shared)
    db->waited_us = 0;
  for (int attempt = 1; ; attempt++)
    {
      gint64 tried = g_get_monotonic_time ();

      rc = sqlite3_step (STMT (stmt));
      if ((rc & 0xff) != SQLITE_BUSY || !sqlite3_stmt_readonly (STMT (stmt))
          || sqlite3_txn_state (db->handle, NULL) != SQLITE_TXN_NONE
          || !wait_retry (db, tried, attempt))
        break;
      sqlite3_reset (STMT (stmt));
    }
  /* recorded whatever it is: a caller may take an unexpected end for a failure */
  failed (db, rc);

  if (rc == SQLITE_ROW)
    return PEYGIR_DB_ROW;
  if (rc == SQLITE_DONE)
    return PEYGIR_DB_DONE;
  return rc == SQLITE_CONSTRAINT_UNIQUE ? PEYGIR_DB_DUPLICATE : PEYGIR_DB_FAILED;
}

static gint64
sqlite_column_int64 (PeygirDbStatement *stmt,
                     int                column)
{
  return sqlite3_column_int64 (STMT (stmt), column);
}

static int
sqlite_column_int (PeygirDbStatement *stmt,
                   int                column)
{
  return sqlite3_column_int (STMT (stmt), column);
}

static gboolean
sqlite_column_is_null (PeygirDbStatement *stmt,
                       int                column)
{
  return sqlite3_column_type (STMT (stmt), column) == SQLITE_NULL;
}

static const char *
sqlite_column_text (PeygirDbStatement *stmt,
                    int                column)
{
  return (const char *) sqlite3_column_text (STMT (stmt), column);
}

static gconstpointer
sqlite_column_blob (PeygirDbStatement *stmt,
                    int                column)
{
  return sqlite3_column_blob (STMT (stmt), column);
}

static gsize
sqlite_column_bytes (PeygirDbStatement *stmt,
                     int                column)
{
  return (gsize) sqlite3_column_bytes (STMT (stmt), column);
}

static gboolean
sqlite_db_exec (PeygirDb    *base,
                const char  *sql,
                GError     **error)
{
  SqliteDb *db = SQLITE_DB (base);
  int rc = sqlite3_exec (db->handle, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return set_error_from_rc (db, failed (db, rc), error);
  return TRUE;
}

static gint64
sqlite_last_insert_id (PeygirDb *db)
{
  return sqlite3_last_insert_rowid (SQLITE_DB (db)->handle);
}

static gint64
sqlite_changes (PeygirDb *db)
{
  return sqlite3_changes (SQLITE_DB (db)->handle);
}

/* Transactions. */

static gboolean
sqlite_begin (PeygirDb  *base,
              gboolean   write,
              GError   **error)
{
  SqliteDb *db = SQLITE_DB (base);

  /* The budget covers the wait for this lock and the one at the commit
   * (and, in a batch, the batch's whole transaction). */
  wait_begin (db, (gint64) db->busy_timeout_ms * 1000, write);
  /* IMMEDIATE takes the write lock up front: a deferred transaction that
   * reads then writes can fail with BUSY without the busy handler running. */
  if (!sqlite_db_exec (base, write ? "BEGIN IMMEDIATE" : "BEGIN", error))
    {
      wait_end (db);
      return FALSE;
    }
  return TRUE;
}

static void
sqlite_rollback (PeygirDb *base)
{
  SqliteDb *db = SQLITE_DB (base);

  if (!sqlite3_get_autocommit (db->handle))
    sqlite3_exec (db->handle, "ROLLBACK", NULL, NULL, NULL);
  wait_end (db);
}

static gboolean
sqlite_commit (PeygirDb  *base,
               GError   **error)
{
  SqliteDb *db = SQLITE_DB (base);
  int rc;

  /* If COMMIT is BUSY (a reader still holds its SHARED lock), the
   * transaction stays open: try again while the transaction's budget
   * lasts, then roll back and say so. busy_cb has usually spent the budget
   * already; this loop is for a BUSY that did not go through it. */
  for (int attempt = 1; ; attempt++)
    {
      gint64 tried = g_get_monotonic_time ();

      rc = sqlite3_exec (db->handle, "COMMIT", NULL, NULL, NULL);
      if ((rc & 0xff) != SQLITE_BUSY || !wait_retry (db, tried, attempt))
        break;
    }

  if (rc != SQLITE_OK)
    {
      set_error_from_rc (db, failed (db, rc), error);
      sqlite_rollback (base);
      return FALSE;
    }
  wait_end (db);
  return TRUE;
}

/* Blobs. */

static PeygirDbBlob *
sqlite_blob_open (PeygirDb    *base,
                  const char  *table,
                  const char  *column,
                  gint64       id,
                  GError     **error)
{
  SqliteDb *db = SQLITE_DB (base);
  sqlite3_blob *handle = NULL;
  SqliteBlob *blob;
  int rc;

  rc = sqlite3_blob_open (db->handle, "main", table, column, id, 1, &handle);
  if (rc != SQLITE_OK)
    {
      sqlite3_blob_close (handle);
      set_error_from_rc (db, failed (db, rc), error);
      return NULL;
    }
  blob = g_new0 (SqliteBlob, 1);
  blob->blob = handle;
  return &blob->base;
}

static gboolean
sqlite_blob_write (PeygirDbBlob  *blob,
                   gconstpointer  data,
                   gsize          size,
                   goffset        offset,
                   GError       **error)
{
  SqliteDb *db = SQLITE_DB (blob->db);
  int rc = sqlite3_blob_write (((SqliteBlob *) blob)->blob, data, (int) size, (int) offset);

  if (rc != SQLITE_OK)
    return set_error_from_rc (db, failed (db, rc), error);
  return TRUE;
}

static gboolean
sqlite_blob_close (PeygirDbBlob  *blob,
                   GError       **error)
{
  SqliteDb *db = SQLITE_DB (blob->db);
  int rc = sqlite3_blob_close (((SqliteBlob *) blob)->blob);

  g_free (blob);
  if (rc != SQLITE_OK)
    return set_error_from_rc (db, failed (db, rc), error);
  return TRUE;
}

/* The file. */

static gboolean
sqlite_read_file_info (PeygirDb          *db,
                       PeygirDbFileInfo  *info,
                       GError           **error)
{
  gint64 tables = 0;
  gint64 version = 0;
  gint64 application_id = 0;

  if (!_peygir_db_read_number (db, "SELECT count(*) FROM sqlite_schema", &tables, error) ||
      !_peygir_db_read_number (db, "PRAGMA user_version", &version, error) ||
      !_peygir_db_read_number (db, "PRAGMA application_id", &application_id, error))
    return FALSE;
  info->empty = tables == 0 && version == 0;
  info->version = (int) version;
  info->application_id = (int) application_id;
  return TRUE;
}

/* @name: a number the file's header keeps (application_id, user_version). */
static gboolean
set_header_number (PeygirDb    *db,
                   const char  *name,
                   int          value,
                   GError     **error)
{
  g_autofree char *pragma = g_strdup_printf ("PRAGMA %s = %d", name, value);

  return peygir_db_exec (db, pragma, error);
}

static gboolean
sqlite_set_application_id (PeygirDb  *db,
                           int        id,
                           GError   **error)
{
  return set_header_number (db, "application_id", id, error);
}

static gboolean
sqlite_set_version (PeygirDb  *db,
                    int        version,
                    GError   **error)
{
  return set_header_number (db, "user_version", version, error);
}

static gboolean
sqlite_use_share_journal (PeygirDb  *db,
                          GError   **error)
{
  g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare (db, "PRAGMA journal_mode = DELETE", error);

  /* A file someone switched to WAL would break on the share. */
  if (stmt == NULL)
    return FALSE;
  if (peygir_db_step (stmt) != PEYGIR_DB_ROW)
    {
      sqlite3_reset (STMT (stmt));
      return set_error_from_rc (SQLITE_DB (db), sqlite3_errcode (SQLITE_DB (db)->handle), error);
    }
  return TRUE;
}

static gboolean
sqlite_get_data_version (PeygirDb  *db,
                         gint64    *version,
                         GError   **error)
{
  return _peygir_db_read_number (db, "PRAGMA data_version", version, error);
}

static gboolean
sqlite_check_integrity (PeygirDb  *db,
                        GString   *problems,
                        GError   **error)
{
  g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare (db, "PRAGMA integrity_check", error);
  PeygirDbResult result;

  if (stmt == NULL)
    return FALSE;
  while ((result = peygir_db_step (stmt)) == PEYGIR_DB_ROW)
    {
      const char *line = peygir_db_column_text (stmt, 0);

      if (g_strcmp0 (line, "ok") != 0)
        g_string_append_printf (problems, "%s\n", line);
    }
  if (result != PEYGIR_DB_DONE)
    return sqlite_set_error (db, error);
  return TRUE;
}

static gboolean
sqlite_find_dangling_row (PeygirDb   *db,
                          char      **table,
                          GError    **error)
{
  g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare (db, "PRAGMA foreign_key_check", error);

  *table = NULL;
  if (stmt == NULL)
    return FALSE;
  if (peygir_db_step (stmt) == PEYGIR_DB_ROW)
    *table = peygir_db_column_dup (stmt, 0);
  return TRUE;
}

/* Nothing to do: a new row's id is one past the largest in the table. */
static gboolean
sqlite_reset_ids (PeygirDb    *db,
                  const char  *table,
                  GError     **error)
{
  return TRUE;
}

/* The backup. */

/* One step: small steps restart whenever another desk commits. The step
 * waits for the read lock in busy_cb, and every wait and retry draws on
 * one budget (@budget_factor times a save's): a desk that keeps the file
 * locked longer makes the backup give up as busy rather than wait for ever. */
static int
backup_step (SqliteDb       *db,
             sqlite3_backup *backup,
             int             budget_factor)
{
  int rc;

  wait_begin (db, (gint64) db->busy_timeout_ms * 1000 * budget_factor, FALSE);
  for (int attempt = 1; ; attempt++)
    {
      gint64 tried = g_get_monotonic_time ();

      rc = sqlite3_backup_step (backup, -1);
      if (((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
          || !wait_retry (db, tried, attempt))
        break;
    }
  wait_end (db);
  return rc;
}

/* Copies the file into @partial: FALSE (the partial file gone) if it cannot. */
static gboolean
backup_into (SqliteDb    *db,
             const char  *partial,
             const char  *dest,
             int          budget_factor,
             GError     **error)
{
  sqlite3 *target = NULL;
  sqlite3_backup *backup;
  int rc;

  rc = sqlite3_open_v2 (partial, &target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_UNREACHABLE,
                   _("The backup file “%s” cannot be written: %s."), dest, sqlite3_errstr (rc));
      sqlite3_close (target);
      return FALSE;
    }

  backup = sqlite3_backup_init (target, "main", db->handle, "main");
  if (backup == NULL)
    {
      g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_UNREACHABLE,
                   _("The backup cannot start: %s."), sqlite3_errmsg (target));
      sqlite3_close (target);
      g_unlink (partial);
      return FALSE;
    }

  rc = backup_step (db, backup, budget_factor);
  sqlite3_backup_finish (backup);

  if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
    set_error_from_rc (NULL, rc, error);
  else if (rc != SQLITE_DONE)
    g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_UNREACHABLE,
                 _("The backup failed: %s."), sqlite3_errstr (rc));
  if (rc != SQLITE_DONE)
    {
      sqlite3_close (target);
      g_unlink (partial);
      return FALSE;
    }

  sqlite3_exec (target, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
  sqlite3_close (target);
  return TRUE;
}

static gboolean
sqlite_backup (PeygirDb    *base,
               const char  *dest,
               int          budget_factor,
               GError     **error)
{
  SqliteDb *db = SQLITE_DB (base);
  g_autofree char *partial = g_strconcat (dest, ".partial", NULL);

  g_unlink (partial);
  if (!backup_into (db, partial, dest, budget_factor, error))
    return FALSE;

  if (g_rename (partial, dest) != 0)
    {
      int saved = errno;

      g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_UNREACHABLE,
                   _("The backup could not be moved to “%s”: %s."), dest, g_strerror (saved));
      g_unlink (partial);
      return FALSE;
    }
  return TRUE;
}

static const PeygirDbEngine sqlite_engine = {
  .close = sqlite_close,
  .is_read_only = sqlite_is_read_only,
  .set_busy_timeout = sqlite_set_busy_timeout,
  .set_error = sqlite_set_error,
  .set_error_as = sqlite_set_error_as,
  .prepare = sqlite_prepare,
  .statement_free = sqlite_statement_free,
  .reset = sqlite_reset,
  .release = sqlite_release,
  .parameter = sqlite_parameter,
  .bind_int = sqlite_bind_int,
  .bind_int64 = sqlite_bind_int64,
  .bind_null = sqlite_bind_null,
  .bind_text = sqlite_bind_text,
  .bind_text_take = sqlite_bind_text_take,
  .bind_blob = sqlite_bind_blob,
  .bind_zeroblob = sqlite_bind_zeroblob,
  .step = sqlite_step,
  .column_int64 = sqlite_column_int64,
  .column_int = sqlite_column_int,
  .column_is_null = sqlite_column_is_null,
  .column_text = sqlite_column_text,
  .column_blob = sqlite_column_blob,
  .column_bytes = sqlite_column_bytes,
  .exec = sqlite_db_exec,
  .last_insert_id = sqlite_last_insert_id,
  .changes = sqlite_changes,
  .begin = sqlite_begin,
  .commit = sqlite_commit,
  .rollback = sqlite_rollback,
  .blob_open = sqlite_blob_open,
  .blob_write = sqlite_blob_write,
  .blob_close = sqlite_blob_close,
  .read_file_info = sqlite_read_file_info,
  .set_application_id = sqlite_set_application_id,
  .set_version = sqlite_set_version,
  .use_share_journal = sqlite_use_share_journal,
  .get_data_version = sqlite_get_data_version,
  .check_integrity = sqlite_check_integrity,
  .find_dangling_row = sqlite_find_dangling_row,
  .columns_sql = "SELECT name FROM pragma_table_info (?) ORDER BY cid",
  .reset_ids = sqlite_reset_ids,
  .backup = sqlite_backup,
};
