/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-store"

/* The store's database seam, the part that is the same on every engine:
 * which engine a location opens, the statement caches, and the calls that
 * go on to the engine's table (peygir-db-private.h). SQLite is in
 * peygir-db-sqlite.c, PostgreSQL in peygir-db-pg.c. */

#include <string.h>

#include "peygir-db-private.h"
#include "peygir-error.h"

/* The statements' SQL runs to a kilobyte, and hashing all of it on every
 * lookup showed in the profile: hash its length and its two ends, and let
 * g_str_equal tell the rare collisions apart. */
static guint
sql_hash (gconstpointer key)
{
  const char *sql = key;
  gsize len = strlen (sql);
  guint hash = (guint) len;
  gsize n = MIN (len, 48);

  for (gsize i = 0; i < n; i++)
    hash = hash * 31 + (guchar) sql[i];
  for (gsize i = len - n; i < len; i++)
    hash = hash * 31 + (guchar) sql[i];
  return hash;
}

static void
statement_free (gpointer data)
{
  PeygirDbStatement *stmt = data;

  stmt->engine->statement_free (stmt);
}

void
_peygir_db_init (PeygirDb             *db,
                 const PeygirDbEngine *engine)
{
  db->engine = engine;
  db->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, statement_free);
  db->built = g_hash_table_new_full (sql_hash, g_str_equal, g_free, statement_free);
}

/* The connection. */

gboolean
peygir_db_is_server_uri (const char *location)
{
  static const char * const prefixes[] = {
    "postgresql://", "postgres://", "service=", "host=", "dbname=",
  };

  if (location == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      if (g_str_has_prefix (location, prefixes[i]))
        return TRUE;
    }
  return FALSE;
}

PeygirDb *
peygir_db_open (const char         *location,
                PeygirDbOpenFlags   flags,
                GError            **error)
{
  return peygir_db_open_with_password (location, flags, NULL, error);
}

PeygirDb *
peygir_db_open_with_password (const char         *location,
                              PeygirDbOpenFlags   flags,
                              const char         *password,
                              GError            **error)
{
  if (peygir_db_is_server_uri (location))
    return _peygir_db_pg_client_load (error) ? _peygir_db_pg_open (location, flags, password, error) : NULL;
  return _peygir_db_sqlite_open (location, flags, error);
}

void
peygir_db_close (PeygirDb *db)
{
  if (db == NULL)
    return;
  /* the statements first: they belong to the engine's connection */
  g_clear_pointer (&db->statements, g_hash_table_unref);
  g_clear_pointer (&db->built, g_hash_table_unref);
  db->engine->close (db);
}

gboolean
peygir_db_is_read_only (PeygirDb *db)
{
  return db->engine->is_read_only (db);
}

void
peygir_db_set_busy_timeout (PeygirDb *db,
                            int       milliseconds)
{
  db->engine->set_busy_timeout (db, milliseconds);
}

gboolean
peygir_db_set_error (PeygirDb  *db,
                     GError   **error)
{
  return db->engine->set_error (db, error);
}

gboolean
peygir_db_set_error_as (PeygirDb  *db,
                        int        code,
                        GError   **error)
{
  g_return_val_if_fail (code == PEYGIR_STORE_ERROR_EXISTS || code == PEYGIR_STORE_ERROR_CORRUPT, FALSE);
  return db->engine->set_error_as (db, code, error);
}

/* Statements: prepared once and cached; the engine sees only a miss. */

static PeygirDbStatement *
prepare_into (PeygirDb    *db,
              GHashTable  *cache,
              gpointer     key,
              const char  *sql,
              GError     **error)
{
  PeygirDbStatement *stmt = db->engine->prepare (db, sql, error);

  if (stmt == NULL)
    {
      if (cache == db->built)
        g_free (key);
      return NULL;
    }
  stmt->engine = db->engine;
  stmt->db = db;
  g_hash_table_insert (cache, key, stmt);
  return stmt;
}

PeygirDbStatement *
peygir_db_prepare (PeygirDb    *db,
                   const char  *sql,
                   GError     **error)
{
  PeygirDbStatement *stmt = g_hash_table_lookup (db->statements, sql);

  if (stmt != NULL)
    return stmt;
  return prepare_into (db, db->statements, (gpointer) sql, sql, error);
}

PeygirDbStatement *
peygir_db_prepare_built (PeygirDb    *db,
                         const char  *sql,
                         GError     **error)
{
  PeygirDbStatement *stmt = g_hash_table_lookup (db->built, sql);

  if (stmt != NULL)
    return stmt;
  return prepare_into (db, db->built, g_strdup (sql), sql, error);
}

void
peygir_db_statement_release (PeygirDbStatement *stmt)
{
  stmt->engine->release (stmt);
}

int
peygir_db_parameter (PeygirDbStatement *stmt,
                     const char        *name)
{
  return stmt->engine->parameter (stmt, name);
}

void
peygir_db_bind_int (PeygirDbStatement *stmt,
                    int                index,
                    int                value)
{
  stmt->engine->bind_int (stmt, index, value);
}

void
peygir_db_bind_int64 (PeygirDbStatement *stmt,
                      int                index,
                      gint64             value)
{
  stmt->engine->bind_int64 (stmt, index, value);
}

void
peygir_db_bind_id (PeygirDbStatement *stmt,
                   int                index,
                   gint64             value)
{
  if (value == 0)
    stmt->engine->bind_null (stmt, index);
  else
    stmt->engine->bind_int64 (stmt, index, value);
}

void
peygir_db_bind_null (PeygirDbStatement *stmt,
                     int                index)
{
  stmt->engine->bind_null (stmt, index);
}

void
peygir_db_bind_text (PeygirDbStatement *stmt,
                     int                index,
                     const char        *text)
{
  stmt->engine->bind_text (stmt, index, text);
}

void
peygir_db_bind_text_take (PeygirDbStatement *stmt,
                          int                index,
                          char              *text)
{
  stmt->engine->bind_text_take (stmt, index, text);
}

void
peygir_db_bind_blob (PeygirDbStatement *stmt,
                     int                index,
                     gconstpointer      data,
                     gsize              size)
{
  stmt->engine->bind_blob (stmt, index, data, size);
}

void
peygir_db_bind_zeroblob (PeygirDbStatement *stmt,
                         int                index,
                         gsize              size)
{
  stmt->engine->bind_zeroblob (stmt, index, size);
}

PeygirDbResult
peygir_db_step (PeygirDbStatement *stmt)
{
  return stmt->engine->step (stmt);
}

gboolean
peygir_db_step_done (PeygirDbStatement  *stmt,
                     GError            **error)
{
  PeygirDbResult result;

  while ((result = stmt->engine->step (stmt)) == PEYGIR_DB_ROW)
    ;
  if (result != PEYGIR_DB_DONE)
    {
      peygir_db_set_error (stmt->db, error);
      stmt->engine->reset (stmt);
      return FALSE;
    }
  return TRUE;
}

gint64
peygir_db_column_int64 (PeygirDbStatement *stmt,
                        int                column)
{
  return stmt->engine->column_int64 (stmt, column);
}

int
peygir_db_column_int (PeygirDbStatement *stmt,
                      int                column)
{
  return stmt->engine->column_int (stmt, column);
}

gboolean
peygir_db_column_is_null (PeygirDbStatement *stmt,
                          int                column)
{
  return stmt->engine->column_is_null (stmt, column);
}

const char *
peygir_db_column_text (PeygirDbStatement *stmt,
                       int                column)
{
  return stmt->engine->column_text (stmt, column);
}

char *
peygir_db_column_dup (PeygirDbStatement *stmt,
                      int                column)
{
  return g_strdup (stmt->engine->column_text (stmt, column));
}

gconstpointer
peygir_db_column_blob (PeygirDbStatement *stmt,
                       int                column)
{
  return stmt->engine->column_blob (stmt, column);
}

gsize
peygir_db_column_bytes (PeygirDbStatement *stmt,
                        int                column)
{
  return stmt->engine->column_bytes (stmt, column);
}

gboolean
peygir_db_exec (PeygirDb    *db,
                const char  *sql,
                GError     **error)
{
  return db->engine->exec (db, sql, error);
}

gint64
peygir_db_last_insert_id (PeygirDb *db)
{
  return db->engine->last_insert_id (db);
}

gint64
peygir_db_changes (PeygirDb *db)
{
  return db->engine->changes (db);
}

/* Transactions. */

gboolean
peygir_db_begin (PeygirDb  *db,
                 gboolean   write,
                 GError   **error)
{
  return db->engine->begin (db, write, error);
}

gboolean
peygir_db_commit (PeygirDb  *db,
                  GError   **error)
{
  return db->engine->commit (db, error);
}

void
peygir_db_rollback (PeygirDb *db)
{
  db->engine->rollback (db);
}

/* Blobs. */

PeygirDbBlob *
peygir_db_blob_open (PeygirDb    *db,
                     const char  *table,
                     const char  *column,
                     gint64       id,
                     GError     **error)
{
  PeygirDbBlob *blob = db->engine->blob_open (db, table, column, id, error);

  if (blob != NULL)
    {
      blob->engine = db->engine;
      blob->db = db;
    }
  return blob;
}

gboolean
peygir_db_blob_write (PeygirDbBlob  *blob,
                      gconstpointer  data,
                      gsize          size,
                      goffset        offset,
                      GError       **error)
{
  return blob->engine->blob_write (blob, data, size, offset, error);
}

gboolean
peygir_db_blob_close (PeygirDbBlob  *blob,
                      GError       **error)
{
  return blob->engine->blob_close (blob, error);
}

void
peygir_db_blob_discard (PeygirDbBlob *blob)
{
  blob->engine->blob_close (blob, NULL);
}

/* The file, or the server's database. */

gboolean
peygir_db_read_file_info (PeygirDb          *db,
                          PeygirDbFileInfo  *info,
                          GError           **error)
{
  return db->engine->read_file_info (db, info, error);
}

gboolean
peygir_db_set_application_id (PeygirDb  *db,
                              int        id,
                              GError   **error)
{
  return db->engine->set_application_id (db, id, error);
}

gboolean
peygir_db_set_version (PeygirDb  *db,
                       int        version,
                       GError   **error)
{
  return db->engine->set_version (db, version, error);
}

gboolean
peygir_db_use_share_journal (PeygirDb  *db,
                             GError   **error)
{
  return db->engine->use_share_journal (db, error);
}

gboolean
peygir_db_get_data_version (PeygirDb  *db,
                            gint64    *version,
                            GError   **error)
{
  return db->engine->get_data_version (db, version, error);
}

int
peygir_db_get_change_socket (PeygirDb *db)
{
  return db->engine->get_change_socket != NULL ? db->engine->get_change_socket (db) : -1;
}

gboolean
peygir_db_check_integrity (PeygirDb  *db,
                           GString   *problems,
                           GError   **error)
{
  return db->engine->check_integrity (db, problems, error);
}

gboolean
peygir_db_find_dangling_row (PeygirDb   *db,
                             char      **table,
                             GError    **error)
{
  return db->engine->find_dangling_row (db, table, error);
}

gboolean
_peygir_db_read_number (PeygirDb     *db,
                        const char   *sql,
                        gint64       *value,
                        GError      **error)
{
  g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  switch (peygir_db_step (stmt))
    {
    case PEYGIR_DB_ROW:
      *value = peygir_db_column_int64 (stmt, 0);
      return TRUE;
    case PEYGIR_DB_DONE:
      *value = 0;
      return TRUE;
    default:
      return peygir_db_set_error (db, error);
    }
}

gboolean
peygir_db_list_columns (PeygirDb    *db,
                        const char  *table,
                        GPtrArray   *names,
                        GError     **error)
{
  g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare (db, db->engine->columns_sql, error);
  PeygirDbResult rc;

  if (stmt == NULL)
    return FALSE;
  peygir_db_bind_text (stmt, 1, table);
  while ((rc = peygir_db_step (stmt)) == PEYGIR_DB_ROW)
    g_ptr_array_add (names, peygir_db_column_dup (stmt, 0));
  return rc == PEYGIR_DB_DONE || peygir_db_set_error (db, error);
}

gboolean
peygir_db_reset_ids (PeygirDb    *db,
                     const char  *table,
                     GError     **error)
{
  return db->engine->reset_ids (db, table, error);
}

gboolean
peygir_db_backup (PeygirDb    *db,
                  const char  *dest,
                  int          budget_factor,
                  GError     **error)
{
  g_return_val_if_fail (db->engine->backup != NULL, FALSE);
  return db->engine->backup (db, dest, budget_factor, error);
}
