/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The store's database seam: every statement of the store goes through
 * these thin wrappers, and everything particular to an engine stays behind
 * them: SQLite's pragmas, busy budget, BEGIN IMMEDIATE, backup API and
 * user_version in peygir-db-sqlite.c; PostgreSQL's connection, placeholders,
 * advisory lock and notifications in peygir-db-pg.c. Private to the store
 * files; not installed.
 *
 * A PeygirDb is not locked: the store calls it under its own lock only. */

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _PeygirDb          PeygirDb;
typedef struct _PeygirDbStatement PeygirDbStatement;
typedef struct _PeygirDbBlob      PeygirDbBlob;

typedef enum
{
  PEYGIR_DB_OPEN_READ_ONLY = 1 << 0,
  PEYGIR_DB_OPEN_CREATE    = 1 << 1,
  /* the live file on a share: the busy budget, the pragmas, the search
   * function and (in tests) the simulated share; without it a plain
   * connection, as for reading a backup */
  PEYGIR_DB_OPEN_SHARED    = 1 << 2,
} PeygirDbOpenFlags;

/* What a step, or a statement run to its end, came to. After
 * PEYGIR_DB_DUPLICATE (a unique key already held) and PEYGIR_DB_FAILED,
 * peygir_db_set_error() says why. */
typedef enum
{
  PEYGIR_DB_DONE,
  PEYGIR_DB_ROW,
  PEYGIR_DB_DUPLICATE,
  PEYGIR_DB_FAILED,
} PeygirDbResult;

/* TRUE when @location names a PostgreSQL database (a libpq URI,
 * postgresql:// or postgres://, or key=value parameters starting with
 * service=, host= or dbname=) rather than a file. */
gboolean           peygir_db_is_server_uri       (const char         *location);

/* The connection: to a server when peygir_db_is_server_uri (@location),
 * else to the file at @location. Returns NULL with @error set (in
 * PEYGIR_STORE_ERROR; a server that wants a password it was not given:
 * PEYGIR_STORE_ERROR_NEEDS_PASSWORD). */
PeygirDb          *peygir_db_open                (const char         *location,
                                                  PeygirDbOpenFlags   flags,
                                                  GError            **error);
/* The same, and on a server with @password (NULL: none but what the
 * location or libpq's environment gives), which never becomes part of the
 * location. A password the server refuses: PEYGIR_STORE_ERROR_NEEDS_PASSWORD
 * too; a role the server does not let use the database:
 * PEYGIR_STORE_ERROR_NOT_PERMITTED. A file ignores @password. */
PeygirDb          *peygir_db_open_with_password  (const char         *location,
                                                  PeygirDbOpenFlags   flags,
                                                  const char         *password,
                                                  GError            **error);

/* Server locations, parsed by libpq (peygir-db-pg.c); none of these gives
 * a password. _check: FALSE with PEYGIR_STORE_ERROR_UNREACHABLE when
 * @location is not a server's, is not valid libpq syntax or holds a
 * password. _parts: the role, host and database, with libpq's defaults
 * for the parts left out (free them), FALSE when it cannot be parsed.
 * _without_password: @location as key='value' parameters without its
 * password, the same for the same server; NULL when it cannot be parsed. */
gboolean           peygir_db_check_server_location (const char       *location,
                                                    GError          **error);
gboolean           peygir_db_describe_server_parts (const char       *location,
                                                    char            **user,
                                                    char            **host,
                                                    char            **dbname);
char              *peygir_db_server_location_without_password (const char *location);
void               peygir_db_close               (PeygirDb           *db);
/* TRUE when the file opened for writing can only be read after all. */
gboolean           peygir_db_is_read_only        (PeygirDb           *db);
void               peygir_db_set_busy_timeout    (PeygirDb           *db,
                                                  int                 milliseconds);

/* Sets @error (PEYGIR_STORE_ERROR) from the connection's last failure, and
 * returns FALSE; a server's refusal of a right is _NOT_PERMITTED. _as: as
 * if the failure had been of the store's @code (PEYGIR_STORE_ERROR_EXISTS
 * or _CORRUPT), for a failure the caller found. */
gboolean           peygir_db_set_error           (PeygirDb           *db,
                                                  GError            **error);
gboolean           peygir_db_set_error_as        (PeygirDb           *db,
                                                  int                 code,
                                                  GError            **error);

/* Statements. @sql is a static string: the cache is keyed by its address.
 * _built: @sql was made at run time and is cached by its text (the
 * caller keeps ownership). The statement belongs to the cache: release it
 * (g_autoptr) after use, so that no read keeps its lock between calls. */
PeygirDbStatement *peygir_db_prepare             (PeygirDb           *db,
                                                  const char         *sql,
                                                  GError            **error);
PeygirDbStatement *peygir_db_prepare_built       (PeygirDb           *db,
                                                  const char         *sql,
                                                  GError            **error);
void               peygir_db_statement_release   (PeygirDbStatement  *stmt);
/* The index of the named parameter @name (":id"), 0 when there is none. */
int                peygir_db_parameter           (PeygirDbStatement  *stmt,
                                                  const char         *name);
void               peygir_db_bind_int            (PeygirDbStatement  *stmt,
                                                  int                 index,
                                                  int                 value);
void               peygir_db_bind_int64          (PeygirDbStatement  *stmt,
                                                  int                 index,
                                                  gint64              value);
/* A row id: 0 binds NULL. */
void               peygir_db_bind_id             (PeygirDbStatement  *stmt,
                                                  int                 index,
                                                  gint64              value);
void               peygir_db_bind_null           (PeygirDbStatement  *stmt,
                                                  int                 index);
/* A copy of @text; NULL binds NULL. _take: takes @text (freed with g_free). */
void               peygir_db_bind_text           (PeygirDbStatement  *stmt,
                                                  int                 index,
                                                  const char         *text);
void               peygir_db_bind_text_take      (PeygirDbStatement  *stmt,
                                                  int                 index,
                                                  char               *text);
/* Not copied: @data must stay until the statement is released. */
void               peygir_db_bind_blob           (PeygirDbStatement  *stmt,
                                                  int                 index,
                                                  gconstpointer       data,
                                                  gsize               size);
/* @size zero bytes, to be written with peygir_db_blob_open(). */
void               peygir_db_bind_zeroblob       (PeygirDbStatement  *stmt,
                                                  int                 index,
                                                  gsize               size);

PeygirDbResult     peygir_db_step                (PeygirDbStatement  *stmt);
/* Steps @stmt to its end (its rows, if any, unread): FALSE with @error set. */
gboolean           peygir_db_step_done           (PeygirDbStatement  *stmt,
                                                  GError            **error);

/* The columns of the row a step returned. Text and blob pointers hold
 * until the next step or the release. */
gint64             peygir_db_column_int64        (PeygirDbStatement  *stmt,
                                                  int                 column);
int                peygir_db_column_int          (PeygirDbStatement  *stmt,
                                                  int                 column);
gboolean           peygir_db_column_is_null      (PeygirDbStatement  *stmt,
                                                  int                 column);
const char        *peygir_db_column_text         (PeygirDbStatement  *stmt,
                                                  int                 column);
/* A copy of the text, or NULL for NULL. */
char              *peygir_db_column_dup          (PeygirDbStatement  *stmt,
                                                  int                 column);
gconstpointer      peygir_db_column_blob         (PeygirDbStatement  *stmt,
                                                  int                 column);
gsize              peygir_db_column_bytes        (PeygirDbStatement  *stmt,
                                                  int                 column);

/* Runs @sql, one or more statements without rows (a schema script). */
gboolean           peygir_db_exec                (PeygirDb           *db,
                                                  const char         *sql,
                                                  GError            **error);
gint64             peygir_db_last_insert_id      (PeygirDb           *db);
gint64             peygir_db_changes             (PeygirDb           *db);

/* Transactions. Every wait for another desk's lock between begin and the
 * end of commit or rollback draws on one budget, the busy timeout: a save
 * gives up as busy within it. A write transaction takes the write lock at
 * once. A failed commit rolls back. */
gboolean           peygir_db_begin               (PeygirDb           *db,
                                                  gboolean            write,
                                                  GError            **error);
gboolean           peygir_db_commit              (PeygirDb           *db,
                                                  GError            **error);
void               peygir_db_rollback            (PeygirDb           *db);

/* Writing a large value in pieces: the @column of row @id of @table. */
PeygirDbBlob      *peygir_db_blob_open           (PeygirDb           *db,
                                                  const char         *table,
                                                  const char         *column,
                                                  gint64              id,
                                                  GError            **error);
gboolean           peygir_db_blob_write          (PeygirDbBlob       *blob,
                                                  gconstpointer       data,
                                                  gsize               size,
                                                  goffset             offset,
                                                  GError            **error);
/* Closes @blob; FALSE (with @error) if what was written could not be kept.
 * _discard: closes it on a path that has failed already. */
gboolean           peygir_db_blob_close          (PeygirDbBlob       *blob,
                                                  GError            **error);
void               peygir_db_blob_discard        (PeygirDbBlob       *blob);

/* The file itself. */
typedef struct
{
  gboolean empty;            /* no tables and no version: a new file */
  int      version;          /* the schema version the file records */
  int      application_id;   /* the program that made it */
} PeygirDbFileInfo;

/* The first read of the file: a file that is no database fails here. */
gboolean           peygir_db_read_file_info      (PeygirDb           *db,
                                                  PeygirDbFileInfo   *info,
                                                  GError            **error);
gboolean           peygir_db_set_application_id  (PeygirDb           *db,
                                                  int                 id,
                                                  GError            **error);
gboolean           peygir_db_set_version         (PeygirDb           *db,
                                                  int                 version,
                                                  GError            **error);
/* A journal that works on a share (never WAL, which needs one host). */
gboolean           peygir_db_use_share_journal   (PeygirDb           *db,
                                                  GError            **error);
/* A number that changes when another connection commits. */
gboolean           peygir_db_get_data_version    (PeygirDb           *db,
                                                  gint64             *version,
                                                  GError            **error);
/* A socket that becomes readable when another connection commits (a
 * server's notifications reaching it), for a main loop to watch instead of
 * polling peygir_db_get_data_version: -1 when there is none (a file). Only
 * watched: reading it is peygir_db_get_data_version's. */
int                peygir_db_get_change_socket   (PeygirDb           *db);
/* Appends a line to @problems for each damage the file shows. */
gboolean           peygir_db_check_integrity     (PeygirDb           *db,
                                                  GString            *problems,
                                                  GError            **error);
/* Sets @table to the table of a row that points to a missing row, or NULL. */
gboolean           peygir_db_find_dangling_row   (PeygirDb           *db,
                                                  char              **table,
                                                  GError            **error);
/* Appends to @names (of char *, which it frees) the columns of @table as
 * the database reports them, in their order. */
gboolean           peygir_db_list_columns        (PeygirDb           *db,
                                                  const char         *table,
                                                  GPtrArray          *names,
                                                  GError            **error);
/* After rows were written with their own ids: the ids @table gives new
 * rows continue after the largest it holds (a server's identity sequence;
 * a file does so by itself). */
gboolean           peygir_db_reset_ids           (PeygirDb           *db,
                                                  const char         *table,
                                                  GError            **error);
/* A consistent copy of the file at @dest, written beside it first, waiting
 * for other desks at most @budget_factor times the busy timeout. A file
 * only: a server's database is copied with peygir_store_copy_to(). */
gboolean           peygir_db_backup              (PeygirDb           *db,
                                                  const char         *dest,
                                                  int                 budget_factor,
                                                  GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PeygirDbStatement, peygir_db_statement_release)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PeygirDb, peygir_db_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PeygirDbBlob, peygir_db_blob_discard)

G_END_DECLS
