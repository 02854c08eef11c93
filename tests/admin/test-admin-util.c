/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "peygir-test-util.h"
#include "test-admin-util.h"

const int ADMIN_ON_SERVER[] = { 1 };

void
admin_fixture_set_up (AdminFixture  *fixture,
                      gconstpointer  data)
{
  fixture->dir = peygir_test_dir_new ();
  if (data == ADMIN_ON_SERVER)
    {
      fixture->dbname = peygir_test_server_database_new (&fixture->db);
      g_assert_nonnull (fixture->dbname);
    }
  else
    fixture->db = g_build_filename (fixture->dir, "peygir.db", NULL);
  /* A Tuesday in Azar 1405, in the office's time zone. */
  fixture->now = g_strdup ("2026-11-24T09:00:00+03:30");
}

void
admin_fixture_tear_down (AdminFixture  *fixture,
                         gconstpointer  data)
{
  peygir_test_dir_free (g_steal_pointer (&fixture->dir));
  if (fixture->dbname != NULL)
    peygir_test_server_database_drop (fixture->dbname);
  g_clear_pointer (&fixture->dbname, g_free);
  g_clear_pointer (&fixture->db, g_free);
  g_clear_pointer (&fixture->now, g_free);
}

static void
skip_without_server (void)
{
  g_test_skip ("no PostgreSQL server: run-tests sets " PEYGIR_TEST_SERVER_VARIABLE " to a throwaway cluster's URI");
}

void
admin_test_add_both (const char    *path,
                     void         (*func) (AdminFixture  *fixture,
                                           gconstpointer  data))
{
  g_autofree char *server_path = g_strconcat (path, "/server", NULL);

  g_test_add (path, AdminFixture, NULL, admin_fixture_set_up, func, admin_fixture_tear_down);
  if (g_getenv (PEYGIR_TEST_SERVER_VARIABLE) != NULL)
    g_test_add (server_path, AdminFixture, ADMIN_ON_SERVER, admin_fixture_set_up, func, admin_fixture_tear_down);
  else
    g_test_add_func (server_path, skip_without_server);
}

static char *
bytes_to_string (GBytes *bytes)
{
  gsize length = 0;
  const char *data = NULL;

  if (bytes != NULL)
    data = g_bytes_get_data (bytes, &length);
  return g_strndup (data != NULL ? data : "", length);
}

GSubprocess *
admin_spawn (const char          *db,
             const char          *now,
             const char * const  *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *admin = g_getenv ("PEYGIR_ADMIN");
  GSubprocess *process;

  g_assert_nonnull (admin);
  g_ptr_array_add (argv, (gpointer) admin);
  if (db != NULL)
    {
      g_ptr_array_add (argv, (gpointer) "--db");
      g_ptr_array_add (argv, (gpointer) db);
    }
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE
                                        | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  if (now != NULL)
    g_subprocess_launcher_setenv (launcher, "PEYGIR_NOW", now, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "PEYGIR_NOW");

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  return process;
}

int
admin_run_argv (const char          *db,
                const char          *now,
                GBytes              *stdin_data,
                const char * const  *args,
                char               **out,
                char               **err)
{
  g_autoptr(GSubprocess) process = admin_spawn (db, now, args);
  g_autoptr(GBytes) stdout_bytes = NULL;
  g_autoptr(GBytes) stderr_bytes = NULL;
  g_autoptr(GBytes) empty = NULL;
  g_autoptr(GError) error = NULL;

  if (stdin_data == NULL)
    stdin_data = empty = g_bytes_new_static ("", 0);
  g_subprocess_communicate (process, stdin_data, NULL, &stdout_bytes, &stderr_bytes, &error);
  g_assert_no_error (error);

  if (out != NULL)
    *out = bytes_to_string (stdout_bytes);
  if (err != NULL)
    *err = bytes_to_string (stderr_bytes);

  if (g_subprocess_get_if_exited (process))
    return g_subprocess_get_exit_status (process);
  return 128 + g_subprocess_get_term_sig (process);
}

static int
admin_run_va (AdminFixture  *fixture,
              GBytes        *stdin_data,
              char         **out,
              char         **err,
              va_list        args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *arg;

  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  g_ptr_array_add (argv, NULL);

  return admin_run_argv (fixture->db, fixture->now, stdin_data,
                         (const char * const *) argv->pdata, out, err);
}

int
admin_run (AdminFixture  *fixture,
           GBytes        *stdin_data,
           char         **out,
           char         **err,
           ...)
{
  va_list args;
  int status;

  va_start (args, err);
  status = admin_run_va (fixture, stdin_data, out, err, args);
  va_end (args);
  return status;
}

char *
admin_ok (AdminFixture *fixture,
          ...)
{
  g_autofree char *err = NULL;
  char *out = NULL;
  va_list args;
  int status;

  va_start (args, fixture);
  status = admin_run_va (fixture, NULL, &out, &err, args);
  va_end (args);

  if (status != 0)
    g_test_message ("peygir-admin failed (%d): %s", status, err);
  g_assert_cmpint (status, ==, 0);
  return out;
}

JsonNode *
admin_json (AdminFixture *fixture,
            ...)
{
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  va_list args;
  int status;

  va_start (args, fixture);
  status = admin_run_va (fixture, NULL, &out, &err, args);
  va_end (args);

  if (status != 0)
    g_test_message ("peygir-admin failed (%d): %s", status, err);
  g_assert_cmpint (status, ==, 0);
  return admin_parse_json (out);
}

void
admin_assert_one_error_line (const char *err)
{
  g_assert_true (g_str_has_prefix (err, "peygir-admin: "));
  g_assert_true (g_str_has_suffix (err, "\n"));
  g_assert_cmpint (strchr (err, '\n') - err, ==, (int) strlen (err) - 1);
  g_assert_cmpint (strlen (err), >, strlen ("peygir-admin: ") + 10);
}

void
admin_expect (AdminFixture *fixture,
              int           status,
              GBytes       *stdin_data,
              ...)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  va_list args;
  int actual;

  va_start (args, stdin_data);
  actual = admin_run_va (fixture, stdin_data, &out, &err, args);
  va_end (args);

  g_test_message ("exit %d: %s", actual, err);
  g_assert_cmpint (actual, ==, status);
  admin_assert_one_error_line (err);
  g_assert_cmpstr (out, ==, "");
}

JsonNode *
admin_parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (json_parser_get_root (parser));
  return json_node_copy (json_parser_get_root (parser));
}

JsonNode *
admin_member (JsonNode   *object,
              const char *name)
{
  JsonNode *member;

  g_assert_true (JSON_NODE_HOLDS_OBJECT (object));
  member = json_object_get_member (json_node_get_object (object), name);
  if (member == NULL)
    g_test_message ("no member “%s”", name);
  g_assert_nonnull (member);
  return member;
}

gint64
admin_member_int (JsonNode   *object,
                  const char *name)
{
  JsonNode *member = admin_member (object, name);

  g_assert_cmpint (json_node_get_value_type (member), ==, G_TYPE_INT64);
  return json_node_get_int (member);
}

const char *
admin_member_string (JsonNode   *object,
                     const char *name)
{
  JsonNode *member = admin_member (object, name);

  if (JSON_NODE_HOLDS_NULL (member))
    return NULL;
  g_assert_cmpint (json_node_get_value_type (member), ==, G_TYPE_STRING);
  return json_node_get_string (member);
}

gboolean
admin_member_bool (JsonNode   *object,
                   const char *name)
{
  JsonNode *member = admin_member (object, name);

  g_assert_cmpint (json_node_get_value_type (member), ==, G_TYPE_BOOLEAN);
  return json_node_get_boolean (member);
}

void
admin_fixture_populate (AdminFixture *fixture,
                        gint64        agency_ids[2])
{
  g_autofree char *init = NULL;
  const char *users[][3] = {
    { "admin", "مدیر سامانه", "admin" },
    { "expert", "زهرا کریمی", "expert" },
    { "manager", "حسین محمدی", "manager" },
    { "clerk", "مریم احمدی", "secretariat" },
  };
  const char *agencies[] = { "اداره کل آموزش و پرورش", "شرکت آب و فاضلاب" };

  init = admin_ok (fixture, "init", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    {
      g_autofree char *out = admin_ok (fixture, "user", "add", users[i][0],
                                       "--name", users[i][1], "--role", users[i][2], NULL);
    }
  for (guint i = 0; i < G_N_ELEMENTS (agencies); i++)
    {
      g_autoptr(JsonNode) agency = admin_json (fixture, "agency", "add", agencies[i],
                                               "--as", "admin", "--json", NULL);

      agency_ids[i] = admin_member_int (agency, "id");
    }
}

char *
admin_complaint_json (gint64      agency_id,
                      const char *subject)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, "complaint");
  json_builder_set_member_name (builder, "applicant");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "citizen");
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, "علی رضایی");
  json_builder_set_member_name (builder, "national_id");
  json_builder_add_string_value (builder, "۰۰۸۴۵۷۵۹۴۸");
  json_builder_set_member_name (builder, "mobile");
  json_builder_add_string_value (builder, "۰۹۱۲ ۳۴۵ ۶۷۸۹");
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "subject");
  json_builder_add_string_value (builder, subject);
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, "با وجود مراجعات مکرر، به درخواست اینجانب پاسخی داده نشده است.");
  json_builder_set_member_name (builder, "category");
  json_builder_add_string_value (builder, "education");
  json_builder_set_member_name (builder, "agency");
  json_builder_add_int_value (builder, agency_id);
  json_builder_set_member_name (builder, "channel");
  json_builder_add_string_value (builder, "in_person");
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

gint64
admin_new_case (AdminFixture *fixture,
                const char   *json)
{
  g_autoptr(GBytes) input = g_bytes_new (json, strlen (json));
  g_autoptr(JsonNode) created = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  status = admin_run (fixture, input, &out, &err, "case", "new", "--as", "expert", "--json", "-", NULL);
  if (status != 0)
    g_test_message ("case new failed (%d): %s", status, err);
  g_assert_cmpint (status, ==, 0);
  created = admin_parse_json (out);
  g_assert_cmpuint (strlen (admin_member_string (created, "tracking_code")), ==, 9);
  return admin_member_int (created, "id");
}

char *
admin_sqlite3 (const char *db,
               const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  const char *argv[] = { "sqlite3", "-batch", db, sql, NULL };
  char *out = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_test_message ("sqlite3 failed: %s", err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}
