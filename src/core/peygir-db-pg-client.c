/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-store"

/* PostgreSQL's client library, loaded when a database on a server is first
 * named rather than when the program starts. libpq brings OpenSSL, GnuTLS,
 * Kerberos and LDAP with it: loading them took a quarter of the time of a
 * one-letter `peygir-admin letter` on an office whose database is a file,
 * which never needs them. Each libpq function that peygir-db-pg.c calls is
 * defined here under its own name, with libpq-fe.h's prototype, and calls
 * the library's. */

#include <string.h>

#include <gmodule.h>
#include <libpq-fe.h>

#include <glib/gi18n-lib.h>

#include "peygir-db-private.h"
#include "peygir-error.h"

/* libpq's stable name since PostgreSQL 8.2; the Flatpak bundles it. */
#define LIBPQ_NAME "libpq.so.5"

/* X (return type, name, parameters, arguments) for the functions that
 * need a connection, which needs libpq: they call it straight. */
#define CONNECTED_FUNCTIONS(X) \
  X (int, PQbackendPID, (const PGconn *conn), (conn)) \
  X (char *, PQcmdStatus, (PGresult *res), (res)) \
  X (char *, PQcmdTuples, (PGresult *res), (res)) \
  X (PostgresPollingStatusType, PQconnectPoll, (PGconn *conn), (conn)) \
  X (int, PQconnectionNeedsPassword, (const PGconn *conn), (conn)) \
  X (int, PQconsumeInput, (PGconn *conn), (conn)) \
  X (char *, PQerrorMessage, (const PGconn *conn), (conn)) \
  X (char *, PQescapeIdentifier, (PGconn *conn, const char *str, size_t len), (conn, str, len)) \
  X (PGresult *, PQexec, (PGconn *conn, const char *query), (conn, query)) \
  X (PGresult *, PQexecPrepared, (PGconn *conn, const char *stmtName, int nParams, const char *const *paramValues, \
                                  const int *paramLengths, const int *paramFormats, int resultFormat), \
     (conn, stmtName, nParams, paramValues, paramLengths, paramFormats, resultFormat)) \
  X (Oid, PQftype, (const PGresult *res, int field_num), (res, field_num)) \
  X (int, PQgetisnull, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num)) \
  X (int, PQgetlength, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num)) \
  X (char *, PQgetvalue, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num)) \
  X (int, PQnfields, (const PGresult *res), (res)) \
  X (PGnotify *, PQnotifies, (PGconn *conn), (conn)) \
  X (int, PQntuples, (const PGresult *res), (res)) \
  X (PGresult *, PQprepare, (PGconn *conn, const char *stmtName, const char *query, int nParams, const Oid *paramTypes), \
     (conn, stmtName, query, nParams, paramTypes)) \
  X (char *, PQresultErrorField, (const PGresult *res, int fieldcode), (res, fieldcode)) \
  X (ExecStatusType, PQresultStatus, (const PGresult *res), (res)) \
  X (PGVerbosity, PQsetErrorVerbosity, (PGconn *conn, PGVerbosity verbosity), (conn, verbosity)) \
  X (PQnoticeProcessor, PQsetNoticeProcessor, (PGconn *conn, PQnoticeProcessor proc, void *arg), (conn, proc, arg)) \
  X (int, PQsocket, (const PGconn *conn), (conn)) \
  X (ConnStatusType, PQstatus, (const PGconn *conn), (conn)) \
  X (PGTransactionStatusType, PQtransactionStatus, (const PGconn *conn), (conn)) \
  X (unsigned char *, PQunescapeBytea, (const unsigned char *strtext, size_t *retbuflen), (strtext, retbuflen))

/* Every function used: those above, and two that come before any
 * connection (a location parsed for the preferences) and so answer even
 * without libpq, as libpq does when it fails. */
#define PQ_FUNCTIONS(X) \
  CONNECTED_FUNCTIONS (X) \
  X (PGconn *, PQconnectStartParams, (const char *const *keywords, const char *const *values, int expand_dbname), \
     (keywords, values, expand_dbname)) \
  X (PQconninfoOption *, PQconninfoParse, (const char *conninfo, char **errmsg), (conninfo, errmsg))

/* The ones that return nothing, given a pointer that may be NULL. */
#define PQ_PROCEDURES(X) \
  X (PQclear, (PGresult *res), (res)) \
  X (PQconninfoFree, (PQconninfoOption *connOptions), (connOptions)) \
  X (PQfinish, (PGconn *conn), (conn)) \
  X (PQfreemem, (void *ptr), (ptr))

#define FIELD(type, name, params, args) type (*name) params;
#define PROCEDURE_FIELD(name, params, args) void (*name) params;

typedef struct
{
  PQ_FUNCTIONS (FIELD)
  PQ_PROCEDURES (PROCEDURE_FIELD)
} Libpq;

static Libpq libpq;
static char *load_failure;   /* why libpq could not be loaded, once tried */

#define RESOLVE(name) \
  if (ok && !g_module_symbol (module, #name, (gpointer *) &libpq.name)) \
    ok = FALSE;
#define RESOLVE_FUNCTION(type, name, params, args) RESOLVE (name)
#define RESOLVE_PROCEDURE(name, params, args) RESOLVE (name)

static gpointer
load_libpq (gpointer data)
{
  /* never closed: connections live as long as the program may */
  GModule *module = g_module_open (LIBPQ_NAME, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
  gboolean ok = module != NULL;

  PQ_FUNCTIONS (RESOLVE_FUNCTION)
  PQ_PROCEDURES (RESOLVE_PROCEDURE)
  if (!ok)
    {
      load_failure = g_strdup (g_module_error ());
      memset (&libpq, 0, sizeof libpq);
      return GINT_TO_POINTER (FALSE);
    }
  return GINT_TO_POINTER (TRUE);
}

static gboolean
libpq_loaded (void)
{
  static GOnce once = G_ONCE_INIT;

  return GPOINTER_TO_INT (g_once (&once, load_libpq, NULL));
}

gboolean
_peygir_db_pg_client_load (GError **error)
{
  if (libpq_loaded ())
    return TRUE;
  g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_UNREACHABLE,
               _("PostgreSQL’s client library cannot be loaded (%s): install libpq to use a database on a server."),
               load_failure != NULL ? load_failure : LIBPQ_NAME);
  return FALSE;
}

PQconninfoOption *
PQconninfoParse (const char  *conninfo,
                 char       **errmsg)
{
  if (errmsg != NULL)
    *errmsg = NULL;
  if (!libpq_loaded ())
    return NULL;
  return libpq.PQconninfoParse (conninfo, errmsg);
}

PGconn *
PQconnectStartParams (const char *const *keywords,
                      const char *const *values,
                      int                expand_dbname)
{
  if (!libpq_loaded ())
    return NULL;
  return libpq.PQconnectStartParams (keywords, values, expand_dbname);
}

#define FORWARD(type, name, params, args) \
  type name params { return libpq.name args; }
/* each takes one pointer, which libpq allows to be NULL */
#define FORWARD_PROCEDURE(name, params, args) \
  void name params { if (args != NULL) libpq.name args; }

CONNECTED_FUNCTIONS (FORWARD)
PQ_PROCEDURES (FORWARD_PROCEDURE)
