/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>

#include "peygir-test-util.h"

char *
peygir_test_dir_new (void)
{
  g_autoptr(GError) error = NULL;
  char *path = g_dir_make_tmp ("peygir-test-XXXXXX", &error);

  g_assert_no_error (error);
  return path;
}

static void
remove_recursively (GFile *file)
{
  g_autoptr(GFileEnumerator) children = NULL;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  if (children != NULL)
    {
      GFileInfo *info;

      while ((info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
        {
          g_autoptr(GFile) child = g_file_get_child (file, g_file_info_get_name (info));

          remove_recursively (child);
          g_object_unref (info);
        }
    }
  g_file_delete (file, NULL, NULL);
}

void
peygir_test_dir_free (char *path)
{
  g_autoptr(GFile) dir = NULL;

  if (path == NULL)
    return;
  dir = g_file_new_for_path (path);
  remove_recursively (dir);
  g_free (path);
}

GPtrArray *
peygir_test_pdf_lines_left_to_right (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) raw_lines = NULL;
  const char *argv[] = { "pdftotext", "-raw", "-enc", "UTF-8", path, "-", NULL };
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, &error));
  g_assert_no_error (error);

  raw_lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; raw_lines[i] != NULL; i++)
    {
      GString *line = g_string_new (NULL);

      for (const char *p = raw_lines[i]; *p != '\0'; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          if (!(c == 0x200E || c == 0x200F || c == 0x061C ||
                (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)))
            g_string_append_unichar (line, c);
        }
      g_ptr_array_add (lines, g_string_free (line, FALSE));
    }
  return lines;
}

char *
peygir_test_pdf_text (const char *path,
                      int         page)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = g_strdup_printf ("%d", page);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", "-f", first, "-l", first, path, "-", NULL };
  int status = 0;

  if (page == 0)
    {
      argv[3] = path;
      argv[4] = "-";
      argv[5] = NULL;
    }

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH,
                               NULL, NULL, &out, &err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&out);
}

char *
peygir_test_compact (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == 0x200C || c == 0x0654 || c == 0x061C
          || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E)
          || (c >= 0x2066 && c <= 0x2069) || (c < 0x80 && strchr ("-:./()", c) != NULL)
          || c == 0x00B7 || c == 0x061B || c == 0x060C)
        continue;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

gboolean
peygir_test_lines_have (GPtrArray  *lines,
                        const char *value)
{
  g_autoptr(GString) wanted = g_string_new (NULL);

  for (const char *p = value; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_unichar (wanted, 0x06F0 + (*p - '0'));
      else
        g_string_append_c (wanted, *p);
    }

  for (guint i = 0; i < lines->len; i++)
    if (strstr (g_ptr_array_index (lines, i), wanted->str) != NULL)
      return TRUE;
  return FALSE;
}

char *
peygir_test_location_with_dbname (const char *uri,
                      const char *dbname)
{
  const char *scheme_end = strstr (uri, "://");
  const char *rest;
  const char *path;

  if (scheme_end == NULL)
    return g_strdup_printf ("%s dbname=%s", uri, dbname);
  rest = scheme_end + 3;
  path = rest + strcspn (rest, "/?");
  return g_strdup_printf ("%.*s/%s%s", (int) (path - uri), uri, dbname,
                          *path == '/' ? path + strcspn (path, "?") : path);
}

void
peygir_test_run_server_tool (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[0], err);
}

char *
peygir_test_server_database_new (char **location)
{
  static int n_databases;
  const char *server = g_getenv (PEYGIR_TEST_SERVER_VARIABLE);
  g_autofree char *maintenance = NULL;
  char *dbname;

  if (server == NULL)
    return NULL;
  dbname = g_strdup_printf ("peygir_test_%d_%d", (int) getpid (), g_atomic_int_add (&n_databases, 1) + 1);
  maintenance = g_strconcat ("--maintenance-db=", server, NULL);
  peygir_test_run_server_tool ((const char * const []) { "createdb", maintenance, dbname, NULL });
  *location = peygir_test_location_with_dbname (server, dbname);
  return dbname;
}

void
peygir_test_server_database_drop (const char *dbname)
{
  g_autofree char *maintenance = g_strconcat ("--maintenance-db=", g_getenv (PEYGIR_TEST_SERVER_VARIABLE), NULL);

  peygir_test_run_server_tool ((const char * const []) { "dropdb", "--force", maintenance, dbname, NULL });
}

char *
peygir_test_server_location_as (const char *dbname,
                                const char *login,
                                const char *password)
{
  g_autofree char *location = peygir_test_location_with_dbname (g_getenv (PEYGIR_TEST_SERVER_VARIABLE), dbname);
  const char *scheme_end = strstr (location, "://");
  const char *host;
  const char *at;

  if (scheme_end == NULL && password == NULL)
    return g_strdup_printf ("%s user=%s", location, login);
  if (scheme_end == NULL)
    return g_strdup_printf ("%s user=%s password=%s", location, login, password);
  host = scheme_end + 3;
  at = strchr (host, '@');
  if (at != NULL && at < host + strcspn (host, "/?"))
    host = at + 1;  /* the test server's own user and password give way */
  return g_strdup_printf ("%.*s%s%s%s@%s", (int) (scheme_end + 3 - location), location,
                          login, password != NULL ? ":" : "", password != NULL ? password : "", host);
}
