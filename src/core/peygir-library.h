/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A shared library opened the first time it is needed rather than with
 * the program: libpq and libxlsxwriter bring OpenSSL (and libpq Kerberos,
 * LDAP and GnuTLS) with them, whose loading is a large part of a short
 * command that never uses them; poppler-glib brings NSS, a part of the
 * client's memory at start-up. The caller defines each function it
 * calls under the library's own name (its header's prototype) and calls
 * through the address found here. */
typedef struct
{
  const char         *file;        /* its soname: "libpq.so.5" */
  const char * const *symbols;     /* the functions to find, NULL-terminated */
  gpointer           *addresses;   /* receives them, one per symbol */
  GOnce               once;
  char               *failure;     /* why it could not be opened, once tried */
} PeygirLibrary;

#define PEYGIR_LIBRARY_INIT(file, symbols, addresses) { (file), (symbols), (addresses), G_ONCE_INIT, NULL }

/* For a list of X (return type, name, parameters, arguments): each
 * function's index among the addresses (an enum's members), and its name
 * (a symbols array's). */
#define PEYGIR_LIBRARY_INDEX(type, name, params, args) PEYGIR_LIBRARY_SYMBOL_##name,
#define PEYGIR_LIBRARY_NAME(type, name, params, args) #name,
/* The library's own @name, found in @addresses, typed as its header
 * declares it. */
#define PEYGIR_LIBRARY_FUNCTION(addresses, name) \
  ((__typeof__ (&name)) (addresses)[PEYGIR_LIBRARY_SYMBOL_##name])

/* Opens @library the first time, from any thread, and never closes it:
 * TRUE when it and every symbol were found, else FALSE with
 * @library->failure saying why (the dynamic linker's words). */
gboolean _peygir_library_open (PeygirLibrary *library);

G_END_DECLS
