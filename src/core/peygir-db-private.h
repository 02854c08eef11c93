/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Between the seam's front (peygir-db.c) and its engines
 * (peygir-db-sqlite.c, peygir-db-pg.c). Each engine's connection, statement
 * and blob embed the structs below as their first member, and the front
 * calls the engine through its table. The statement caches live in the
 * front, shared by both engines. */

#include "peygir-db.h"

G_BEGIN_DECLS

typedef struct _PeygirDbEngine PeygirDbEngine;

struct _PeygirDb
{
  const PeygirDbEngine *engine;
  GHashTable           *statements;  /* static SQL's address → PeygirDbStatement */
  GHashTable           *built;       /* built SQL's text → PeygirDbStatement */
};

struct _PeygirDbStatement
{
  /* the engine's table here as well as in db: one load less per call */
  const PeygirDbEngine *engine;
  PeygirDb             *db;
};

struct _PeygirDbBlob
{
  const PeygirDbEngine *engine;
  PeygirDb             *db;
};

/* What an engine does; the front keeps the caches and the helpers that are
 * the same on both (bind_id, step_done, column_dup). */
struct _PeygirDbEngine
{
  /* frees the engine's connection; the caches are gone already */
  void                (*close)              (PeygirDb *db);
  gboolean            (*is_read_only)       (PeygirDb *db);
  void                (*set_busy_timeout)   (PeygirDb *db,
                                             int       milliseconds);
  gboolean            (*set_error)          (PeygirDb  *db,
                                             GError   **error);
  gboolean            (*set_error_as)       (PeygirDb  *db,
                                             int        code,
                                             GError   **error);

  /* a new statement for @sql, which the front then caches */
  PeygirDbStatement  *(*prepare)            (PeygirDb    *db,
                                             const char  *sql,
                                             GError     **error);
  void                (*statement_free)     (PeygirDbStatement *stmt);
  /* back to the start, the bindings kept */
  void                (*reset)              (PeygirDbStatement *stmt);
  void                (*release)            (PeygirDbStatement *stmt);
  int                 (*parameter)          (PeygirDbStatement *stmt,
                                             const char        *name);
  void                (*bind_int)           (PeygirDbStatement *stmt,
                                             int                index,
                                             int                value);
  void                (*bind_int64)         (PeygirDbStatement *stmt,
                                             int                index,
                                             gint64             value);
  void                (*bind_null)          (PeygirDbStatement *stmt,
                                             int                index);
  void                (*bind_text)          (PeygirDbStatement *stmt,
                                             int                index,
                                             const char        *text);
  void                (*bind_text_take)     (PeygirDbStatement *stmt,
                                             int                index,
                                             char              *text);
  void                (*bind_blob)          (PeygirDbStatement *stmt,
                                             int                index,
                                             gconstpointer      data,
                                             gsize              size);
  void                (*bind_zeroblob)      (PeygirDbStatement *stmt,
                                             int                index,
                                             gsize              size);
  PeygirDbResult      (*step)               (PeygirDbStatement *stmt);
  gint64              (*column_int64)       (PeygirDbStatement *stmt,
                                             int                column);
  int                 (*column_int)         (PeygirDbStatement *stmt,
                                             int                column);
  gboolean            (*column_is_null)     (PeygirDbStatement *stmt,
                                             int                column);
  const char         *(*column_text)        (PeygirDbStatement *stmt,
                                             int                column);
  gconstpointer       (*column_blob)        (PeygirDbStatement *stmt,
                                             int                column);
  gsize               (*column_bytes)       (PeygirDbStatement *stmt,
                                             int                column);

  gboolean            (*exec)               (PeygirDb    *db,
                                             const char  *sql,
                                             GError     **error);
  gint64              (*last_insert_id)     (PeygirDb *db);
  gint64              (*changes)            (PeygirDb *db);
  gboolean            (*begin)              (PeygirDb  *db,
                                             gboolean   write,
                                             GError   **error);
  gboolean            (*commit)             (PeygirDb  *db,
                                             GError   **error);
  void                (*rollback)           (PeygirDb *db);

  PeygirDbBlob       *(*blob_open)          (PeygirDb    *db,
                                             const char  *table,
                                             const char  *column,
                                             gint64       id,
                                             GError     **error);
  gboolean            (*blob_write)         (PeygirDbBlob  *blob,
                                             gconstpointer  data,
                                             gsize          size,
                                             goffset        offset,
                                             GError       **error);
  /* frees @blob */
  gboolean            (*blob_close)         (PeygirDbBlob  *blob,
                                             GError       **error);

  gboolean            (*read_file_info)     (PeygirDb          *db,
                                             PeygirDbFileInfo  *info,
                                             GError           **error);
  gboolean            (*set_application_id) (PeygirDb  *db,
                                             int        id,
                                             GError   **error);
  gboolean            (*set_version)        (PeygirDb  *db,
                                             int        version,
                                             GError   **error);
  gboolean            (*use_share_journal)  (PeygirDb  *db,
                                             GError   **error);
  gboolean            (*get_data_version)   (PeygirDb  *db,
                                             gint64    *version,
                                             GError   **error);
  /* NULL: the engine has nothing to watch, and is polled */
  int                 (*get_change_socket)  (PeygirDb  *db);
  gboolean            (*check_integrity)    (PeygirDb  *db,
                                             GString   *problems,
                                             GError   **error);
  gboolean            (*find_dangling_row)  (PeygirDb   *db,
                                             char      **table,
                                             GError    **error);
  /* a statement of one parameter, the table, whose rows are its columns' names */
  const char         *columns_sql;
  gboolean            (*reset_ids)          (PeygirDb    *db,
                                             const char  *table,
                                             GError     **error);
  /* NULL on a server */
  gboolean            (*backup)             (PeygirDb    *db,
                                             const char  *dest,
                                             int          budget_factor,
                                             GError     **error);
};

/* Called by an engine's open on its new connection before anything else,
 * so that peygir_db_close() can free a half-opened one. */
/* The first column of the one row @sql returns, or 0 when it returns
 * none; for the engines' own questions about the database. */
gboolean  _peygir_db_read_number  (PeygirDb             *db,
                                   const char           *sql,
                                   gint64               *value,
                                   GError              **error);
void      _peygir_db_init         (PeygirDb             *db,
                                   const PeygirDbEngine *engine);

PeygirDb *_peygir_db_sqlite_open  (const char         *path,
                                   PeygirDbOpenFlags   flags,
                                   GError            **error);
PeygirDb *_peygir_db_pg_open      (const char         *conninfo,
                                   PeygirDbOpenFlags   flags,
                                   const char         *password,
                                   GError            **error);
/* Loads PostgreSQL's client library on first use (peygir-db-pg-client.c),
 * before _peygir_db_pg_open (); FALSE with PEYGIR_STORE_ERROR_UNREACHABLE
 * when it is not installed. Any thread. */
gboolean  _peygir_db_pg_client_load (GError          **error);

G_END_DECLS
