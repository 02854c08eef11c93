/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-store"

/* The store's database seam on PostgreSQL: the connection, SQLite's
 * placeholders rewritten to the server's, prepared statements and their
 * text results, writers serialised by one advisory lock as SQLite's BEGIN
 * IMMEDIATE serialises them, and notifications for the data version. The
 * only file of the store that speaks to libpq. */

#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "peygir-db-private.h"
#include "peygir-error.h"

#define DEFAULT_BUSY_TIMEOUT_MS   8000

/* The key of pg_advisory_xact_lock () that every writer takes first:
 * "peygir" in ASCII. */
#define WRITER_LOCK_KEY           G_GINT64_CONSTANT (0x706579676972)

/* The type OIDs (pg_type.h) whose text the columns read differently. */
#define BOOLOID                   16
#define BYTEAOID                  17

typedef struct
{
  PeygirDb    base;
  PGconn     *conn;
  guint       n_statements;    /* names the next prepared statement */
  int         busy_timeout_ms; /* the lock_timeout of a write transaction */
  gboolean    writing;         /* in a write transaction */
  gint64      changes;         /* rows of the last INSERT, UPDATE or DELETE */
  gint64      data_version;    /* other connections' commits seen */

  /* the last outcome, for peygir_db_set_error: the SQLSTATE ("" for none)
   * and the first line of the server's message (NULL after a success) */
  char        sqlstate[6];
  char       *message;
} PgDb;

typedef struct
{
  PeygirDbStatement  base;
  char              *name;             /* of the prepared statement */
  GHashTable        *names;            /* ":id", "?2" → the parameter's index */
  int                n_params;
  /* the bindings, parameter i at [i - 1]: values point into owned, or at
   * a blob the caller keeps; formats 1 for a blob (binary) */
  char             **owned;
  const char       **values;
  int               *lengths;
  int               *formats;

  PGresult          *result;           /* run and not yet stepped to its end */
  int                row;
  int                n_rows;
  int                n_columns;
  guchar           **unescaped;        /* the row's bytea columns read so far */
  size_t            *unescaped_sizes;
} PgStatement;

typedef struct
{
  PeygirDbBlob  base;
  char         *append_sql;
  gint64        id;
  goffset       end;                   /* the size written so far */
} PgBlob;

#define PG_DB(db)     ((PgDb *) (db))
#define PG_STMT(stmt) ((PgStatement *) (stmt))

static const PeygirDbEngine pg_engine;

static char *describe_server_user (const char *location);

/* Errors. */

/* The first line of @message, trimmed. */
static char *
first_line (const char *message)
{
  const char *end;

  if (message == NULL)
    return g_strdup ("");
  end = strchr (message, '\n');
  return g_strstrip (end != NULL ? g_strndup (message, end - message) : g_strdup (message));
}

/* Records a failure for peygir_db_set_error; @result may be NULL when
 * libpq could not make one (the connection is gone). */
static void
record_failure (PgDb           *db,
                const PGresult *result)
{
  const char *state = result != NULL ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
  const char *primary = result != NULL ? PQresultErrorField (result, PG_DIAG_MESSAGE_PRIMARY) : NULL;

  g_strlcpy (db->sqlstate, state != NULL ? state : "", sizeof db->sqlstate);
  g_free (db->message);
  db->message = first_line (primary != NULL ? primary : PQerrorMessage (db->conn));
}

/* As SQLite records SQLITE_DONE: a caller that expected a row and got
 * none reports it as a failure of its own. */
static void
record_success (PgDb *db)
{
  db->sqlstate[0] = '\0';
  g_clear_pointer (&db->message, g_free);
}

/* Records a failure the seam found itself (@message taken), which
 * peygir_db_set_error reports in the words of SQLite's default case. */
static void
record_detail (PgDb *db,
               char *message)
{
  db->sqlstate[0] = '\0';
  g_free (db->message);
  db->message = message;
}

static gboolean
state_is_busy (const char *state)
{
  /* lock_not_available (lock_timeout), query_canceled, deadlock_detected,
   * serialization_failure: another desk held what this one needed */
  return g_str_equal (state, "55P03") || g_str_equal (state, "57014")
         || g_str_equal (state, "40P01") || g_str_equal (state, "40001");
}

static gboolean
set_error_from_state (PgDb        *db,
                      const char  *state,
                      GError     **error)
{
  const char *detail = db->message != NULL ? db->message : "no more rows available";

  if (PQstatus (db->conn) == CONNECTION_BAD)
    g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_UNREACHABLE,
                 _("The database server cannot be reached (%s)."), detail);
  else if (state_is_busy (state) && db->writing)
    g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_BUSY,
                 _("The database is busy: another desk is reading or saving it. Nothing was saved; try again in a moment."));
  else if (state_is_busy (state))
    g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_BUSY,
                 _("The database is busy: another desk is saving. Try again in a moment."));
  else if (g_str_equal (state, "25006"))
    g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_READ_ONLY,
                 _("The database server lets this connection only read."));
  else if (g_str_equal (state, "42501"))
    g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_PERMITTED,
                 _("The database server does not allow this to your account."));
  else if (g_str_has_prefix (state, "23"))
    g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_EXISTS,
                 _("The change contradicts what the database holds (%s)."), detail);
  else if (g_str_has_prefix (state, "XX"))
    g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_CORRUPT,
                 _("The file is not a usable Peygir database (%s)."), detail);
  else
    g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_UNREACHABLE,
                 _("The database cannot be reached (%s)."), detail);
  return FALSE;
}

static gboolean
pg_set_error (PeygirDb  *db,
              GError   **error)
{
  return set_error_from_state (PG_DB (db), PG_DB (db)->sqlstate, error);
}

static gboolean
pg_set_error_as (PeygirDb  *db,
                 int        code,
                 GError   **error)
{
  /* integrity_constraint_violation, internal_error's class */
  return set_error_from_state (PG_DB (db), code == PEYGIR_STORE_ERROR_EXISTS ? "23000" : "XX000", error);
}

/* Results. */

/* Keeps the count of an INSERT, UPDATE or DELETE, as sqlite3_changes (). */
static void
note_changes (PgDb     *db,
              PGresult *result)
{
  const char *status = PQcmdStatus (result);

  if (g_str_has_prefix (status, "INSERT ") || g_str_has_prefix (status, "UPDATE ")
      || g_str_has_prefix (status, "DELETE ") || g_str_has_prefix (status, "MERGE "))
    db->changes = g_ascii_strtoll (PQcmdTuples (result), NULL, 10);
}

/* Clears @result: FALSE with @error set when it is a failure. */
static gboolean
result_done (PgDb      *db,
             PGresult  *result,
             GError   **error)
{
  ExecStatusType status = PQresultStatus (result);

  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
    {
      note_changes (db, result);
      record_success (db);
      PQclear (result);
      return TRUE;
    }
  record_failure (db, result);
  PQclear (result);
  return set_error_from_state (db, db->sqlstate, error);
}

static gboolean
pg_db_exec (PeygirDb    *db,
            const char  *sql,
            GError     **error)
{
  /* PQexec runs a script of several statements; the result is the last's */
  return result_done (PG_DB (db), PQexec (PG_DB (db)->conn, sql), error);
}

/* The connection. */

/* The server's notices (a table that exists already, …): for debugging
 * only, never on the standard error of a desk. */
static void
notice_cb (void       *user_data,
           const char *message)
{
  g_debug ("%.*s", (int) strcspn (message, "\n"), message);
}

/* The SQLSTATE of a refusal at connection time, which libpq keeps to
 * itself: with verbose errors the server's message carries it after the
 * severity ("FATAL:  28P01: password …"). @state gets "" when there is none. */
static void
connection_sqlstate (PGconn *conn,
                     char    state[6])
{
  const char *message = PQerrorMessage (conn);

  state[0] = '\0';
  for (const char *p = strstr (message, ":  "); p != NULL; p = strstr (p + 1, ":  "))
    {
      const char *code = p + 3;

      if (strspn (code, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") == 5 && code[5] == ':')
        {
          g_strlcpy (state, code, 6);
          return;
        }
    }
}

/* libpq's wait for a connection, as PQconnectdbParams would do it, but
 * with verbose errors, so that connection_sqlstate () finds the refusal's
 * code; given up after @timeout_s in all. */
static PGconn *
connect_verbose (const char * const *keywords,
                 const char * const *values,
                 int                 timeout_s)
{
  PGconn *conn = PQconnectStartParams (keywords, values, TRUE);
  PostgresPollingStatusType status = PGRES_POLLING_WRITING;
  gint64 deadline = g_get_monotonic_time () + timeout_s * G_USEC_PER_SEC;

  if (conn == NULL || PQstatus (conn) == CONNECTION_BAD)
    return conn;
  PQsetErrorVerbosity (conn, PQERRORS_VERBOSE);
  while (status != PGRES_POLLING_OK && status != PGRES_POLLING_FAILED)
    {
      GPollFD fd = { PQsocket (conn), status == PGRES_POLLING_READING ? G_IO_IN : G_IO_OUT, 0 };
      gint64 left_ms = (deadline - g_get_monotonic_time ()) / 1000;

      if (left_ms <= 0 || (fd.fd >= 0 && g_poll (&fd, 1, (int) left_ms) == 0))
        {
          PQfinish (conn);
          return NULL;
        }
      status = PQconnectPoll (conn);
    }
  PQsetErrorVerbosity (conn, PQERRORS_DEFAULT);
  return conn;
}

/* The seconds of connect_timeout the location gives, else @fallback. */
static int
location_connect_timeout (const char *conninfo,
                          int         fallback)
{
  PQconninfoOption *options = PQconninfoParse (conninfo, NULL);
  int timeout = fallback;

  for (PQconninfoOption *o = options; o != NULL && o->keyword != NULL; o++)
    if (g_str_equal (o->keyword, "connect_timeout") && o->val != NULL && atoi (o->val) > 0)
      timeout = atoi (o->val);
  PQconninfoFree (options);
  return timeout;
}

/* Why the connection failed, in the store's terms. */
static void
set_connect_error (PgDb        *db,
                   const char  *conninfo,
                   GError     **error)
{
  g_autofree char *detail = NULL;
  char state[6];

  if (db->conn == NULL)
    {
      g_set_error_literal (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_UNREACHABLE,
                           _("The database server cannot be reached (it does not answer)."));
      return;
    }
  connection_sqlstate (db->conn, state);
  detail = first_line (PQerrorMessage (db->conn));
  if (state[0] != '\0')
    {
      /* the code verbose errors put in the message is for us, not the desk */
      char *code = strstr (detail, state);

      if (code != NULL && g_str_has_prefix (code + 5, ": "))
        memmove (code, code + 7, strlen (code + 7) + 1);
    }
  if (PQconnectionNeedsPassword (db->conn))
    g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NEEDS_PASSWORD,
                 _("The database server asks for a password."));
  /* invalid_password; a role that does not exist is refused alike, so as
   * not to tell who exists */
  else if (g_str_equal (state, "28P01"))
    g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NEEDS_PASSWORD,
                 _("The database server did not accept the password."));
  /* insufficient_privilege: no CONNECT on the database; invalid
   * authorization: pg_hba.conf or a role that may not log in */
  else if (g_str_equal (state, "42501") || g_str_equal (state, "28000"))
    {
      g_autofree char *user = describe_server_user (conninfo);

      g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_PERMITTED,
                   _("The database server does not let “%s” use this office’s database: ask the office’s administrator to add you to Peygir."),
                   user);
    }
  else
    g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_UNREACHABLE,
                 _("The database server cannot be reached (%s)."), detail);
}

PeygirDb *
_peygir_db_pg_open (const char         *conninfo,
                    PeygirDbOpenFlags   flags,
                    const char         *password,
                    GError            **error)
{
  /* The location expands in place of dbname, URI or key=value alike: it
   * overrides the parameters before it and is overridden by those after
   * (the password the desk typed over one in the location). A server that
   * does not answer is given up after 10 s, not the system's two minutes
   * of TCP retries; one that stops answering in the middle of a statement
   * (a cable pulled, a server gone) within about 30 s, not the quarter of
   * an hour TCP would wait for its acknowledgements: unless the location
   * says otherwise. */
  static const char * const keywords[] = {
    "connect_timeout", "keepalives_idle", "keepalives_interval", "keepalives_count",
    "tcp_user_timeout", "dbname", "fallback_application_name", "password", NULL
  };
  const char * const values[] = {
    "10", "10", "5", "3", "30000", conninfo, "peygir",
    password != NULL && *password != '\0' ? password : NULL, NULL
  };
  PgDb *db = g_new0 (PgDb, 1);
  g_autoptr(PeygirDb) base = &db->base;

  _peygir_db_init (base, &pg_engine);
  db->busy_timeout_ms = DEFAULT_BUSY_TIMEOUT_MS;
  db->conn = connect_verbose (keywords, values, location_connect_timeout (conninfo, 10));
  if (db->conn == NULL || PQstatus (db->conn) != CONNECTION_OK)
    {
      set_connect_error (db, conninfo, error);
      return NULL;
    }
  PQsetNoticeProcessor (db->conn, notice_cb, NULL);

  if (!pg_db_exec (base, "SET client_encoding TO 'UTF8'; LISTEN peygir_changes", error))
    return NULL;
  if ((flags & PEYGIR_DB_OPEN_READ_ONLY)
      && !pg_db_exec (base, "SET default_transaction_read_only TO on", error))
    return NULL;
  return g_steal_pointer (&base);
}

static void
pg_close (PeygirDb *base)
{
  PgDb *db = PG_DB (base);

  g_clear_pointer (&db->conn, PQfinish);
  g_free (db->message);
  g_free (db);
}

static gboolean
pg_is_read_only (PeygirDb *base)
{
  PGresult *result = PQexec (PG_DB (base)->conn, "SHOW transaction_read_only");
  gboolean read_only = PQresultStatus (result) == PGRES_TUPLES_OK
                       && PQntuples (result) == 1
                       && g_str_equal (PQgetvalue (result, 0, 0), "on");

  PQclear (result);
  return read_only;
}

static void
pg_set_busy_timeout (PeygirDb *db,
                     int       milliseconds)
{
  PG_DB (db)->busy_timeout_ms = milliseconds;
}

/* Placeholders. The store writes SQLite's: ?, ?NNN, :name, @name and
 * $name. The server knows only $NNN. */

static gboolean
is_name_char (char c)
{
  /* bytes of UTF-8 sequences included, as SQLite's tokenizer has them */
  return g_ascii_isalnum (c) || c == '_' || (guchar) c >= 0x80;
}

static gboolean
is_name_start (char c)
{
  return is_name_char (c) && !g_ascii_isdigit (c);
}

/* The end of the tag of a dollar quote ($$ or $tag$) at @p, or NULL. */
static const char *
dollar_tag_end (const char *p)
{
  const char *q = p + 1;

  if (*q != '$' && !is_name_start (*q))
    return NULL;
  while (*q != '$' && is_name_char (*q) && *q != '\0')
    q++;
  return *q == '$' ? q + 1 : NULL;
}

/* Past the literal, quoted identifier or comment that starts at @p, or @p
 * when none does. An unclosed one runs to the end. */
static const char *
skip_quoted (const char *sql,
             const char *p)
{
  const char *tag_end;

  if (*p == '\'' || *p == '"')
    {
      /* E'…' takes backslash escapes; '' and "" are the quote itself */
      gboolean escapes = *p == '\'' && p > sql && (p[-1] == 'E' || p[-1] == 'e')
                         && (p - 1 == sql || !is_name_char (p[-2]));
      char quote = *p++;

      for (; *p != '\0'; p++)
        {
          if (escapes && *p == '\\' && p[1] != '\0')
            p++;
          else if (*p == quote && p[1] == quote)
            p++;
          else if (*p == quote)
            return p + 1;
        }
      return p;
    }
  if (p[0] == '-' && p[1] == '-')
    {
      const char *end = strchr (p, '\n');
      return end != NULL ? end + 1 : p + strlen (p);
    }
  if (p[0] == '/' && p[1] == '*')
    {
      /* the server's block comments nest */
      int depth = 0;

      for (; *p != '\0'; p++)
        {
          if (p[0] == '/' && p[1] == '*')
            {
              depth++;
              p++;
            }
          else if (p[0] == '*' && p[1] == '/')
            {
              if (--depth == 0)
                return p + 2;
              p++;
            }
        }
      return p;
    }
  if (*p == '$' && (p == sql || !is_name_char (p[-1])) && (tag_end = dollar_tag_end (p)) != NULL)
    {
      g_autofree char *tag = g_strndup (p, tag_end - p);
      const char *close = strstr (tag_end, tag);

      return close != NULL ? close + strlen (tag) : p + strlen (p);
    }
  return p;
}

/* The placeholder at @p: its length, and its index in @index (the same
 * name, the same index; a bare ? the next after the highest so far). */
static gsize
read_placeholder (const char  *sql,
                  const char  *p,
                  GHashTable  *names,
                  int         *highest,
                  int         *index)
{
  const char *q = p + 1;
  g_autofree char *name = NULL;
  gpointer known;

  if ((*p == '?' || *p == '$') && g_ascii_isdigit (*q))
    {
      while (g_ascii_isdigit (*q))
        q++;
      *index = (int) g_ascii_strtoll (p + 1, NULL, 10);
    }
  else if (*p == '?')
    *index = *highest + 1;
  else if ((*p == ':' || *p == '@' || *p == '$') && is_name_start (*q)
           && (*p != '$' || p == sql || !is_name_char (p[-1])))
    {
      while (is_name_char (*q))
        q++;
      *index = 0;
    }
  else
    return 0;

  name = g_strndup (p, q - p);
  if (*index == 0)
    *index = g_hash_table_lookup_extended (names, name, NULL, &known) ? GPOINTER_TO_INT (known) : *highest + 1;
  *highest = MAX (*highest, *index);
  if (q - p > 1)
    g_hash_table_insert (names, g_steal_pointer (&name), GINT_TO_POINTER (*index));
  return q - p;
}

/* @sql with $NNN for SQLite's placeholders, outside literals, quoted
 * identifiers and comments; a :: cast stays as it is. */
static char *
rewrite_placeholders (const char  *sql,
                      GHashTable  *names,
                      int         *n_params)
{
  GString *out = g_string_sized_new (strlen (sql) + 16);
  const char *p = sql;
  int highest = 0;

  while (*p != '\0')
    {
      const char *end = skip_quoted (sql, p);
      int index;
      gsize length;

      if (end != p)
        {
          g_string_append_len (out, p, end - p);
          p = end;
        }
      else if (p[0] == ':' && p[1] == ':')
        {
          g_string_append (out, "::");
          p += 2;
        }
      else if ((length = read_placeholder (sql, p, names, &highest, &index)) > 0)
        {
          g_string_append_printf (out, "$%d", index);
          p += length;
        }
      else
        g_string_append_c (out, *p++);
    }
  *n_params = highest;
  return g_string_free (out, FALSE);
}

/* Statements. */

static void
clear_row (PgStatement *stmt)
{
  for (int i = 0; i < stmt->n_columns; i++)
    g_clear_pointer (&stmt->unescaped[i], PQfreemem);
}

static void
clear_result (PgStatement *stmt)
{
  clear_row (stmt);
  g_clear_pointer (&stmt->result, PQclear);
}

static PeygirDbStatement *
pg_prepare (PeygirDb    *base,
            const char  *sql,
            GError     **error)
{
  PgDb *db = PG_DB (base);
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  int n_params = 0;
  g_autofree char *text = rewrite_placeholders (sql, names, &n_params);
  g_autofree char *name = g_strdup_printf ("peygir_%u", ++db->n_statements);
  PgStatement *stmt;

  /* the parameters' types are the server's to infer */
  if (!result_done (db, PQprepare (db->conn, name, text, 0, NULL), error))
    return NULL;

  stmt = g_new0 (PgStatement, 1);
  stmt->name = g_steal_pointer (&name);
  stmt->names = g_steal_pointer (&names);
  stmt->n_params = n_params;
  stmt->owned = g_new0 (char *, n_params);
  stmt->values = g_new0 (const char *, n_params);
  stmt->lengths = g_new0 (int, n_params);
  stmt->formats = g_new0 (int, n_params);
  return &stmt->base;
}

static void
pg_reset (PeygirDbStatement *stmt)
{
  clear_result (PG_STMT (stmt));
}

static void
pg_release (PeygirDbStatement *base)
{
  PgStatement *stmt = PG_STMT (base);

  clear_result (stmt);
  for (int i = 0; i < stmt->n_params; i++)
    {
      g_clear_pointer (&stmt->owned[i], g_free);
      stmt->values[i] = NULL;
      stmt->lengths[i] = 0;
      stmt->formats[i] = 0;
    }
}

/* Freed with the connection only: the server forgets it then. */
static void
pg_statement_free (PeygirDbStatement *base)
{
  PgStatement *stmt = PG_STMT (base);

  pg_release (base);
  g_free (stmt->unescaped);
  g_free (stmt->unescaped_sizes);
  g_free (stmt->owned);
  g_free (stmt->values);
  g_free (stmt->lengths);
  g_free (stmt->formats);
  g_hash_table_unref (stmt->names);
  g_free (stmt->name);
  g_free (stmt);
}

static int
pg_parameter (PeygirDbStatement *stmt,
              const char        *name)
{
  return GPOINTER_TO_INT (g_hash_table_lookup (PG_STMT (stmt)->names, name));
}

/* Binds parameter @index (from 1) to @value, which points into @owned
 * (taken) or at memory the caller keeps; NULL binds NULL. */
static void
bind_value (PeygirDbStatement *base,
            int                index,
            char              *owned,
            const char        *value,
            int                length,
            int                format)
{
  PgStatement *stmt = PG_STMT (base);

  /* out of range: ignored, as SQLite ignores it (SQLITE_RANGE) */
  if (index < 1 || index > stmt->n_params)
    {
      g_free (owned);
      return;
    }
  g_free (stmt->owned[index - 1]);
  stmt->owned[index - 1] = owned;
  stmt->values[index - 1] = value;
  stmt->lengths[index - 1] = length;
  stmt->formats[index - 1] = format;
}

static void
bind_text_owned (PeygirDbStatement *stmt,
                 int                index,
                 char              *text)
{
  bind_value (stmt, index, text, text, 0, 0);
}

static void
pg_bind_int (PeygirDbStatement *stmt,
             int                index,
             int                value)
{
  bind_text_owned (stmt, index, g_strdup_printf ("%d", value));
}

static void
pg_bind_int64 (PeygirDbStatement *stmt,
               int                index,
               gint64             value)
{
  bind_text_owned (stmt, index, g_strdup_printf ("%" G_GINT64_FORMAT, value));
}

static void
pg_bind_null (PeygirDbStatement *stmt,
              int                index)
{
  bind_value (stmt, index, NULL, NULL, 0, 0);
}

static void
pg_bind_text (PeygirDbStatement *stmt,
              int                index,
              const char        *text)
{
  bind_text_owned (stmt, index, g_strdup (text));
}

static void
pg_bind_text_take (PeygirDbStatement *stmt,
                   int                index,
                   char              *text)
{
  bind_text_owned (stmt, index, text);
}

static void
pg_bind_blob (PeygirDbStatement *stmt,
              int                index,
              gconstpointer      data,
              gsize              size)
{
  /* binary, so that no byte needs escaping; not copied, as on SQLite */
  bind_value (stmt, index, NULL, data, (int) size, 1);
}

/* An empty bytea: peygir_db_blob_open () appends the pieces to it, so
 * @size is not needed beforehand. */
static void
pg_bind_zeroblob (PeygirDbStatement *stmt,
                  int                index,
                  gsize              size)
{
  bind_value (stmt, index, NULL, "", 0, 1);
}

/* Runs @stmt with its bindings: FALSE if it failed (recorded). */
static gboolean
run (PgStatement *stmt)
{
  PgDb *db = PG_DB (stmt->base.db);
  PGresult *result = PQexecPrepared (db->conn, stmt->name, stmt->n_params, stmt->values,
                                     stmt->lengths, stmt->formats, 0);
  ExecStatusType status = PQresultStatus (result);

  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK)
    {
      record_failure (db, result);
      PQclear (result);
      return FALSE;
    }
  note_changes (db, result);
  stmt->result = result;
  stmt->row = -1;
  stmt->n_rows = PQntuples (result);
  if (PQnfields (result) > stmt->n_columns)
    {
      g_free (stmt->unescaped);
      g_free (stmt->unescaped_sizes);
      stmt->unescaped = g_new0 (guchar *, PQnfields (result));
      stmt->unescaped_sizes = g_new0 (size_t, PQnfields (result));
    }
  stmt->n_columns = MAX (stmt->n_columns, PQnfields (result));
  return TRUE;
}

/* The first step runs the statement and keeps all its rows; the next
 * steps walk them. */
static PeygirDbResult
pg_step (PeygirDbStatement *base)
{
  PgStatement *stmt = PG_STMT (base);

  clear_row (stmt);
  if (stmt->result == NULL && !run (stmt))
    return g_str_equal (PG_DB (base->db)->sqlstate, "23505") ? PEYGIR_DB_DUPLICATE : PEYGIR_DB_FAILED;
  if (++stmt->row < stmt->n_rows)
    return PEYGIR_DB_ROW;
  /* done: the next step runs it again, as sqlite3_step () after DONE */
  clear_result (stmt);
  record_success (PG_DB (base->db));
  return PEYGIR_DB_DONE;
}

/* Columns. */

static gboolean
pg_column_is_null (PeygirDbStatement *base,
                   int                column)
{
  PgStatement *stmt = PG_STMT (base);

  return stmt->result == NULL || stmt->row >= stmt->n_rows
         || column >= PQnfields (stmt->result)
         || PQgetisnull (stmt->result, stmt->row, column);
}

static const char *
pg_column_text (PeygirDbStatement *base,
                int                column)
{
  PgStatement *stmt = PG_STMT (base);

  if (pg_column_is_null (base, column))
    return NULL;
  return PQgetvalue (stmt->result, stmt->row, column);
}

static gint64
pg_column_int64 (PeygirDbStatement *base,
                 int                column)
{
  const char *text = pg_column_text (base, column);

  if (text == NULL)
    return 0;
  if (PQftype (PG_STMT (base)->result, column) == BOOLOID)
    return text[0] == 't';
  return g_ascii_strtoll (text, NULL, 10);
}

static int
pg_column_int (PeygirDbStatement *stmt,
               int                column)
{
  return (int) pg_column_int64 (stmt, column);
}

/* A bytea column's bytes, unescaped once a row; other columns' text. */
static gconstpointer
pg_column_blob (PeygirDbStatement *base,
                int                column)
{
  PgStatement *stmt = PG_STMT (base);
  const char *text = pg_column_text (base, column);

  if (text == NULL || PQftype (stmt->result, column) != BYTEAOID)
    return text;
  if (stmt->unescaped[column] == NULL)
    stmt->unescaped[column] = PQunescapeBytea ((const guchar *) text, &stmt->unescaped_sizes[column]);
  return stmt->unescaped[column];
}

static gsize
pg_column_bytes (PeygirDbStatement *base,
                 int                column)
{
  PgStatement *stmt = PG_STMT (base);

  if (pg_column_is_null (base, column))
    return 0;
  if (PQftype (stmt->result, column) != BYTEAOID)
    return (gsize) PQgetlength (stmt->result, stmt->row, column);
  pg_column_blob (base, column);
  return stmt->unescaped[column] != NULL ? stmt->unescaped_sizes[column] : 0;
}

/* The last id and the changes. */

static gint64
pg_last_insert_id (PeygirDb *base)
{
  PgDb *db = PG_DB (base);
  PGTransactionStatusType status = PQtransactionStatus (db->conn);
  gboolean in_transaction = status == PQTRANS_INTRANS;
  PGresult *result;
  gboolean found;
  gint64 id = 0;

  if (status != PQTRANS_IDLE && !in_transaction)
    return 0;
  /* lastval () fails until the session has used a sequence; the
   * savepoint keeps that from aborting the caller's transaction */
  if (in_transaction)
    PQclear (PQexec (db->conn, "SAVEPOINT peygir_last_insert_id"));
  result = PQexec (db->conn, "SELECT lastval ()");
  found = PQresultStatus (result) == PGRES_TUPLES_OK && PQntuples (result) == 1;
  if (found)
    id = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
  PQclear (result);
  if (in_transaction && !found)
    PQclear (PQexec (db->conn, "ROLLBACK TO SAVEPOINT peygir_last_insert_id"));
  if (in_transaction)
    PQclear (PQexec (db->conn, "RELEASE SAVEPOINT peygir_last_insert_id"));
  return id;
}

static gint64
pg_changes (PeygirDb *db)
{
  return PG_DB (db)->changes;
}

/* Transactions. */

static void
pg_rollback (PeygirDb *base)
{
  PgDb *db = PG_DB (base);
  PGTransactionStatusType status = PQtransactionStatus (db->conn);

  if (status == PQTRANS_INTRANS || status == PQTRANS_INERROR)
    PQclear (PQexec (db->conn, "ROLLBACK"));
  db->writing = FALSE;
}

static gboolean
pg_begin (PeygirDb  *base,
          gboolean   write,
          GError   **error)
{
  PgDb *db = PG_DB (base);
  g_autofree char *sql = NULL;

  /* One snapshot for the whole read, as SQLite's read transaction sees
   * the file as it was at its first read. */
  if (!write)
    return pg_db_exec (base, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", error);

  /* Every writer takes one lock first, as BEGIN IMMEDIATE takes SQLite's
   * write lock: every action appends to the one audit chain, so writers
   * wait for each other anyway, and the store's logic stays the same on
   * both engines. lock_timeout is the busy timeout (0 would wait for
   * ever); it bounds each later lock of the transaction as well. */
  db->writing = TRUE;
  sql = g_strdup_printf ("BEGIN;"
                         "SET LOCAL lock_timeout = %d;"
                         "SELECT pg_advisory_xact_lock (%" G_GINT64_FORMAT ")",
                         MAX (db->busy_timeout_ms, 1), WRITER_LOCK_KEY);
  if (!pg_db_exec (base, sql, error))
    {
      pg_rollback (base);
      return FALSE;
    }
  return TRUE;
}

static gboolean
pg_commit (PeygirDb  *base,
           GError   **error)
{
  PgDb *db = PG_DB (base);
  gboolean ok;

  /* A statement failed in the transaction: the server has aborted it, and
   * COMMIT would answer ROLLBACK without an error. */
  if (PQtransactionStatus (db->conn) == PQTRANS_INERROR)
    {
      set_error_from_state (db, db->sqlstate, error);
      pg_rollback (base);
      return FALSE;
    }
  /* The other desks hear of the change at the commit, not before, and not
   * at all if the commit fails. */
  ok = pg_db_exec (base, db->writing ? "NOTIFY peygir_changes; COMMIT" : "COMMIT", error);
  /* a failed NOTIFY leaves the transaction open: a failed commit rolls
   * back, as on SQLite */
  pg_rollback (base);
  return ok;
}

/* Blobs: the server has no incremental writes into a value, so each piece
 * is appended to what the row holds. */

/* @name quoted as an identifier, in g_malloc'd memory. */
static char *
quote_identifier (PgDb       *db,
                  const char *name)
{
  char *quoted = PQescapeIdentifier (db->conn, name, strlen (name));
  char *copy = g_strdup (quoted);

  PQfreemem (quoted);
  return copy;
}

static PeygirDbBlob *
pg_blob_open (PeygirDb    *base,
              const char  *table,
              const char  *column,
              gint64       id,
              GError     **error)
{
  PgDb *db = PG_DB (base);
  g_autofree char *quoted_table = quote_identifier (db, table);
  g_autofree char *quoted_column = quote_identifier (db, column);
  g_autofree char *size_sql = g_strdup_printf ("SELECT octet_length (%s) FROM %s WHERE id = ?",
                                               quoted_column, quoted_table);
  g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare_built (base, size_sql, error);
  PgBlob *blob;

  if (stmt == NULL)
    return NULL;
  peygir_db_bind_int64 (stmt, 1, id);
  switch (peygir_db_step (stmt))
    {
    case PEYGIR_DB_ROW:
      if (!peygir_db_column_is_null (stmt, 0))
        break;
      /* as sqlite3_blob_open () says of a NULL */
      record_detail (db, g_strdup ("cannot open value of type null"));
      pg_set_error (base, error);
      return NULL;
    case PEYGIR_DB_DONE:
      record_detail (db, g_strdup_printf ("no such rowid: %" G_GINT64_FORMAT, id));
      pg_set_error (base, error);
      return NULL;
    default:
      pg_set_error (base, error);
      return NULL;
    }

  blob = g_new0 (PgBlob, 1);
  blob->end = peygir_db_column_int64 (stmt, 0);
  blob->id = id;
  blob->append_sql = g_strdup_printf ("UPDATE %s SET %s = %s || ? WHERE id = ?",
                                      quoted_table, quoted_column, quoted_column);
  return &blob->base;
}

static gboolean
pg_blob_write (PeygirDbBlob  *base,
               gconstpointer  data,
               gsize          size,
               goffset        offset,
               GError       **error)
{
  PgBlob *blob = (PgBlob *) base;
  PgDb *db = PG_DB (base->db);
  g_autoptr(PeygirDbStatement) stmt = NULL;

  if (offset != blob->end)
    {
      /* a mistake of the caller's */
      record_detail (db, g_strdup_printf ("a piece written at %" G_GOFFSET_FORMAT
                                          " instead of at the end, %" G_GOFFSET_FORMAT,
                                          offset, blob->end));
      return pg_set_error (base->db, error);
    }
  stmt = peygir_db_prepare_built (base->db, blob->append_sql, error);
  if (stmt == NULL)
    return FALSE;
  peygir_db_bind_blob (stmt, 1, data, size);
  peygir_db_bind_int64 (stmt, 2, blob->id);
  if (!peygir_db_step_done (stmt, error))
    return FALSE;
  blob->end += size;
  return TRUE;
}

/* Every piece is in the row already. */
static gboolean
pg_blob_close (PeygirDbBlob  *base,
               GError       **error)
{
  PgBlob *blob = (PgBlob *) base;

  g_free (blob->append_sql);
  g_free (blob);
  return TRUE;
}

/* The database: the schema's version and application id, which a SQLite
 * file keeps in its header, in a table of one row. */

static gboolean
pg_read_file_info (PeygirDb          *db,
                   PeygirDbFileInfo  *info,
                   GError           **error)
{
  gint64 tables = 0;
  gint64 has_schema = 0;
  gint64 version = 0;
  gint64 application_id = 0;

  /* peygir_schema stands for SQLite's header: it is not one of the tables */
  if (!_peygir_db_read_number (db,
                    "SELECT count(*) FROM pg_catalog.pg_tables"
                    " WHERE schemaname = current_schema () AND tablename <> 'peygir_schema'",
                    &tables, error)
      || !_peygir_db_read_number (db, "SELECT to_regclass ('peygir_schema') IS NOT NULL", &has_schema, error))
    return FALSE;
  if (has_schema
      && (!_peygir_db_read_number (db, "SELECT version FROM peygir_schema", &version, error)
          || !_peygir_db_read_number (db, "SELECT application_id FROM peygir_schema", &application_id, error)))
    return FALSE;
  info->empty = tables == 0 && version == 0;
  info->version = (int) version;
  info->application_id = (int) application_id;
  return TRUE;
}

/* @column: version or application_id. */
static gboolean
set_schema_number (PeygirDb    *db,
                   const char  *column,
                   int          value,
                   GError     **error)
{
  g_autofree char *sql = g_strdup_printf (
    "CREATE TABLE IF NOT EXISTS peygir_schema (version integer NOT NULL DEFAULT 0,"
    "                                          application_id integer NOT NULL DEFAULT 0);"
    "UPDATE peygir_schema SET %s = %d;"
    "INSERT INTO peygir_schema (%s) SELECT %d WHERE NOT EXISTS (SELECT FROM peygir_schema)",
    column, value, column, value);

  return pg_db_exec (db, sql, error);
}

static gboolean
pg_set_application_id (PeygirDb  *db,
                       int        id,
                       GError   **error)
{
  return set_schema_number (db, "application_id", id, error);
}

static gboolean
pg_set_version (PeygirDb  *db,
                int        version,
                GError   **error)
{
  return set_schema_number (db, "version", version, error);
}

/* Nothing to do: the server keeps its own write-ahead log on its own
 * disks; no desk writes the files over a share. */
static gboolean
pg_use_share_journal (PeygirDb  *db,
                      GError   **error)
{
  return TRUE;
}

/* Counts the commits of other connections, which each notify
 * peygir_changes; the connection's own are heard too, and left out, as
 * SQLite's data_version leaves them out. */
static gboolean
pg_get_data_version (PeygirDb  *base,
                     gint64    *version,
                     GError   **error)
{
  PgDb *db = PG_DB (base);
  PGnotify *notify;

  if (!PQconsumeInput (db->conn))
    {
      record_failure (db, NULL);
      return set_error_from_state (db, db->sqlstate, error);
    }
  while ((notify = PQnotifies (db->conn)) != NULL)
    {
      if (notify->be_pid != PQbackendPID (db->conn))
        db->data_version++;
      PQfreemem (notify);
    }
  *version = db->data_version;
  return TRUE;
}

static int
pg_get_change_socket (PeygirDb *base)
{
  return PQsocket (PG_DB (base)->conn);
}

/* Nothing to append: the server checks its own pages (data checksums,
 * amcheck for an administrator), and no desk writes them. */
static gboolean
pg_check_integrity (PeygirDb  *db,
                    GString   *problems,
                    GError   **error)
{
  return TRUE;
}

/* None: the server enforces the foreign keys on every write. */
static gboolean
pg_find_dangling_row (PeygirDb   *db,
                      char      **table,
                      GError    **error)
{
  *table = NULL;
  return TRUE;
}

/* Rows written with their own ids leave the identity sequence behind:
 * the next row would be given an id already held. A table without one
 * (events, which the store numbers) has no sequence: setval () of NULL
 * leaves it alone. */
static gboolean
pg_reset_ids (PeygirDb    *db,
              const char  *table,
              GError     **error)
{
  g_autoptr(PeygirDbStatement) stmt = NULL;
  g_autofree char *sql = NULL;

  /* @table is one of the store's own names, never input */
  g_return_val_if_fail (strspn (table, "abcdefghijklmnopqrstuvwxyz_") == strlen (table), FALSE);
  sql = g_strdup_printf ("SELECT setval (pg_get_serial_sequence ('%s', 'id'), max (id)) FROM %s"
                         " HAVING max (id) IS NOT NULL", table, table);
  stmt = peygir_db_prepare_built (db, sql, error);
  if (stmt == NULL)
    return FALSE;
  return peygir_db_step_done (stmt, error);
}

static const PeygirDbEngine pg_engine = {
  .close = pg_close,
  .is_read_only = pg_is_read_only,
  .set_busy_timeout = pg_set_busy_timeout,
  .set_error = pg_set_error,
  .set_error_as = pg_set_error_as,
  .prepare = pg_prepare,
  .statement_free = pg_statement_free,
  .reset = pg_reset,
  .release = pg_release,
  .parameter = pg_parameter,
  .bind_int = pg_bind_int,
  .bind_int64 = pg_bind_int64,
  .bind_null = pg_bind_null,
  .bind_text = pg_bind_text,
  .bind_text_take = pg_bind_text_take,
  .bind_blob = pg_bind_blob,
  .bind_zeroblob = pg_bind_zeroblob,
  .step = pg_step,
  .column_int64 = pg_column_int64,
  .column_int = pg_column_int,
  .column_is_null = pg_column_is_null,
  .column_text = pg_column_text,
  .column_blob = pg_column_blob,
  .column_bytes = pg_column_bytes,
  .exec = pg_db_exec,
  .last_insert_id = pg_last_insert_id,
  .changes = pg_changes,
  .begin = pg_begin,
  .commit = pg_commit,
  .rollback = pg_rollback,
  .blob_open = pg_blob_open,
  .blob_write = pg_blob_write,
  .blob_close = pg_blob_close,
  .read_file_info = pg_read_file_info,
  .set_application_id = pg_set_application_id,
  .set_version = pg_set_version,
  .use_share_journal = pg_use_share_journal,
  .get_data_version = pg_get_data_version,
  .get_change_socket = pg_get_change_socket,
  .check_integrity = pg_check_integrity,
  .find_dangling_row = pg_find_dangling_row,
  .columns_sql = "SELECT column_name FROM information_schema.columns"
                 " WHERE table_schema = current_schema () AND table_name = ?"
                 " ORDER BY ordinal_position",
  .reset_ids = pg_reset_ids,
};

/* Locations: what people see of them and what the keyring keys them by,
 * never with a password. */

/* The value of @keyword in @options, or NULL. */
static const char *
option_value (const PQconninfoOption *options,
              const char             *keyword)
{
  for (const PQconninfoOption *o = options; o != NULL && o->keyword != NULL; o++)
    if (g_str_equal (o->keyword, keyword) && o->val != NULL && *o->val != '\0')
      return o->val;
  return NULL;
}

gboolean
peygir_db_check_server_location (const char  *location,
                                 GError     **error)
{
  char *message = NULL;
  PQconninfoOption *options;

  if (!peygir_db_is_server_uri (location))
    {
      g_set_error_literal (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_UNREACHABLE,
                           _("A database server’s location starts with “postgresql://” or “service=”."));
      return FALSE;
    }
  if (!_peygir_db_pg_client_load (error))
    return FALSE;
  options = PQconninfoParse (location, &message);
  if (options == NULL)
    {
      g_autofree char *detail = first_line (message);

      g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_UNREACHABLE,
                   _("The location of the database server is not valid (%s)."), detail);
      PQfreemem (message);
      return FALSE;
    }
  if (option_value (options, "password") != NULL)
    {
      PQconninfoFree (options);
      g_set_error_literal (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_UNREACHABLE,
                           _("Leave the password out of the location: Peygir asks for it when it connects."));
      return FALSE;
    }
  PQconninfoFree (options);
  return TRUE;
}

gboolean
peygir_db_describe_server_parts (const char  *location,
                                 char       **user,
                                 char       **host,
                                 char       **dbname)
{
  PQconninfoOption *options = PQconninfoParse (location, NULL);
  const char *value;

  if (options == NULL)
    return FALSE;
  /* what libpq falls back to when the location leaves a part out */
  value = option_value (options, "user");
  if (value == NULL)
    value = g_getenv ("PGUSER") != NULL ? g_getenv ("PGUSER") : g_get_user_name ();
  *user = g_strdup (value);
  value = option_value (options, "host");
  if (value == NULL)
    value = option_value (options, "hostaddr");
  if (value == NULL)
    value = g_getenv ("PGHOST");
  if (value == NULL)
    value = option_value (options, "service");
  *host = g_strdup (value != NULL && *value != '/' ? value : "localhost");
  value = option_value (options, "dbname");
  if (value == NULL)
    value = g_getenv ("PGDATABASE") != NULL ? g_getenv ("PGDATABASE") : *user;
  *dbname = g_strdup (value);
  PQconninfoFree (options);
  return TRUE;
}

/* The role of @location, "?" when it cannot be parsed. */
static char *
describe_server_user (const char *location)
{
  g_autofree char *host = NULL;
  g_autofree char *dbname = NULL;
  char *user = NULL;

  if (!peygir_db_describe_server_parts (location, &user, &host, &dbname))
    return g_strdup ("?");
  return user;
}

char *
peygir_db_server_location_without_password (const char *location)
{
  PQconninfoOption *options = PQconninfoParse (location, NULL);
  g_autoptr(GString) out = g_string_new (NULL);

  if (options == NULL)
    return NULL;
  for (const PQconninfoOption *o = options; o->keyword != NULL; o++)
    {
      if (o->val == NULL || *o->val == '\0' || g_str_equal (o->keyword, "password"))
        continue;
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append_printf (out, "%s='", o->keyword);
      for (const char *c = o->val; *c != '\0'; c++)
        {
          if (*c == '\'' || *c == '\\')
            g_string_append_c (out, '\\');
          g_string_append_c (out, *c);
        }
      g_string_append_c (out, '\'');
    }
  PQconninfoFree (options);
  return g_string_free (g_steal_pointer (&out), FALSE);
}
