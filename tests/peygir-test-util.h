/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A fresh temporary directory for one test, removed with its contents by
 * peygir_test_dir_free (). */
char *peygir_test_dir_new  (void);
void  peygir_test_dir_free (char *path);

/* The throwaway PostgreSQL cluster that run-tests starts: a superuser's
 * libpq URI to it, without a database. */
#define PEYGIR_TEST_SERVER_VARIABLE "PEYGIR_TEST_POSTGRESQL"

/* A new, empty database on the test server (createdb): its name, and in
 * @location what Peygir opens; NULL when there is no test server. Dropped,
 * with whoever is still connected, by peygir_test_server_database_drop (). */
char *peygir_test_server_database_new  (char       **location);
void  peygir_test_server_database_drop (const char  *dbname);
/* @uri (a libpq URI or key=value string) with @dbname as its database:
 * a URI's path, or a dbname= word. */
char *peygir_test_location_with_dbname (const char  *uri,
                                        const char  *dbname);
/* Runs a PostgreSQL client program (createdb, dropdb, …) and aborts with
 * its message if it fails. */
void  peygir_test_run_server_tool      (const char * const *argv);
/* What a desk opens to reach the test server's @dbname as the role @login
 * with @password; without one when @password is NULL (libpq then takes
 * PGPASSWORD, which run-tests sets, or asks). */
char *peygir_test_server_location_as   (const char  *dbname,
                                        const char  *login,
                                        const char  *password);

/* The lines of the PDF at @path as the eye reads them, from left to right:
 * pdftotext -raw keeps the order of drawing, and pango draws every line
 * from its left end, glyph after glyph, whatever the direction of its
 * runs. (Without -raw pdftotext reorders right-to-left lines itself and
 * puts the parts of 1405/ص/1 around its ص; poppler-glib's character boxes
 * do not follow the digits of such lines.) pdftotext's bidi marks are
 * left out. */
GPtrArray *peygir_test_pdf_lines_left_to_right (const char *path);
/* @value (a code, a number, a date; its ASCII digits taken as the Persian
 * ones letters print) is on one of @lines, read left to right. */
gboolean   peygir_test_lines_have              (GPtrArray  *lines,
                                                const char *value);

/* The text of the PDF at @path in reading order (pdftotext without -raw,
 * which puts right-to-left lines in the order they are read): page @page
 * counting from 1, 0 for every page. */
char      *peygir_test_pdf_text                (const char *path,
                                                int         page);
/* @text without what pdftotext moves about in right-to-left lines: bidi
 * marks, white space, ZWNJ, the hamza of هٔ (put before its ه) and
 * punctuation (a colon, a dash, a dot or a Persian semicolon comes out on
 * the other side of the number beside it). Digits stay as they are, the
 * decimal separator ٫ too: compare two texts compacted both. */
char      *peygir_test_compact                 (const char *text);

G_END_DECLS
