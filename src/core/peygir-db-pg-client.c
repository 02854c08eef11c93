/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-store"

/* PostgreSQL's client library, loaded when a database on a server is first
 * named rather than when the program starts (peygir-library.h): libpq
 * brings OpenSSL, GnuTLS, Kerberos and LDAP with it, whose loading took a
 * quarter of the time of a one-letter command on an office whose database
 * is a file, which never needs them. Each libpq function that
 * peygir-db-pg.c calls is defined here under its own name, with
 * libpq-fe.h's prototype, and calls the library's. */

#include <libpq-fe.h>

#include <glib/gi18n-lib.h>

#include "peygir-db-private.h"
#include "peygir-error.h"
#include "peygir-library.h"

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
  X (void, PQclear, (PGresult *res), (res)) \
  X (void, PQconninfoFree, (PQconninfoOption *connOptions), (connOptions)) \
  X (void, PQfinish, (PGconn *conn), (conn)) \
  X (void, PQfreemem, (void *ptr), (ptr))

enum { PQ_FUNCTIONS (PEYGIR_LIBRARY_INDEX) PQ_PROCEDURES (PEYGIR_LIBRARY_INDEX) N_SYMBOLS };

static const char * const symbols[] = {
  PQ_FUNCTIONS (PEYGIR_LIBRARY_NAME) PQ_PROCEDURES (PEYGIR_LIBRARY_NAME) NULL
};
static gpointer addresses[N_SYMBOLS];
/* PEYGIR_LIBPQ_SONAME: the soname of the libpq the build found
 * (src/core/meson.build); the Flatpak bundles it. */
static PeygirLibrary libpq = PEYGIR_LIBRARY_INIT (PEYGIR_LIBPQ_SONAME, symbols, addresses);

/* libpq's own @name, typed as libpq-fe.h declares it */
#define LIBPQ(name) PEYGIR_LIBRARY_FUNCTION (addresses, name)

gboolean
_peygir_db_pg_client_load (GError **error)
{
  if (_peygir_library_open (&libpq))
    return TRUE;
  g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_UNREACHABLE,
               _("PostgreSQL’s client library cannot be loaded (%s): install libpq to use a database on a server."),
               libpq.failure);
  return FALSE;
}

PQconninfoOption *
PQconninfoParse (const char  *conninfo,
                 char       **errmsg)
{
  if (errmsg != NULL)
    *errmsg = NULL;
  if (!_peygir_library_open (&libpq))
    return NULL;
  return LIBPQ (PQconninfoParse) (conninfo, errmsg);
}

PGconn *
PQconnectStartParams (const char *const *keywords,
                      const char *const *values,
                      int                expand_dbname)
{
  if (!_peygir_library_open (&libpq))
    return NULL;
  return LIBPQ (PQconnectStartParams) (keywords, values, expand_dbname);
}

#define FORWARD(type, name, params, args) \
  type name params { return LIBPQ (name) args; }
/* each takes one pointer, which libpq allows to be NULL */
#define FORWARD_PROCEDURE(type, name, params, args) \
  void name params { if (args != NULL) LIBPQ (name) args; }

CONNECTED_FUNCTIONS (FORWARD)
PQ_PROCEDURES (FORWARD_PROCEDURE)
